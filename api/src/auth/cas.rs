//! CAS sign-in: a ticket the browser got from the CAS server is validated with the server's protocol 3.0
//! `/p3/serviceValidate`, which answers XML naming the user and, in `cas:attributes`, its groups.

use quick_xml::Reader;
use quick_xml::events::Event;
use rolf_common::config::CasConfig;

use super::ldap::Unavailable;

/// Whether `service` may receive tickets: it must start with one of the configured prefixes.
pub fn allowed(config: &CasConfig, service: &str) -> bool {
    config.allowed_services.iter().any(|prefix| service.starts_with(prefix.as_str()))
}

/// Where to send a browser to sign in.
pub fn login_url(config: &CasConfig, service: &str) -> Result<String, String> {
    let url = reqwest::Url::parse_with_params(&format!("{}/login", config.url), &[("service", service)])
        .map_err(|e| e.to_string())?;
    Ok(url.to_string())
}

/// `Ok(Some((user, groups)))` for a good ticket; `Ok(None)` for an invalid, reused or expired one.
pub async fn validate(
    client: &reqwest::Client,
    config: &CasConfig,
    ticket: &str,
    service: &str,
) -> Result<Option<(String, Vec<String>)>, Unavailable> {
    let url = reqwest::Url::parse_with_params(
        &format!("{}/p3/serviceValidate", config.url),
        &[("ticket", ticket), ("service", service)],
    )
    .map_err(|e| Unavailable(format!("CAS_URL: {e}")))?;
    let response =
        client.get(url).timeout(config.timeout).send().await.map_err(|e| Unavailable(format!("CAS server: {e}")))?;
    if !response.status().is_success() {
        return Err(Unavailable(format!("CAS server answered {}", response.status())));
    }
    let body = response.text().await.map_err(|e| Unavailable(format!("CAS server: {e}")))?;
    parse(&body, &config.groups_attribute).map_err(Unavailable)
}

/// Reads a `cas:serviceResponse`. Element names are matched without their namespace prefix, since servers
/// differ in the prefix they declare. A value is all of an element's text: the reader reports entity and
/// character references (`R&amp;D`) as events of their own between text pieces.
pub fn parse(xml: &str, groups_attribute: &str) -> Result<Option<(String, Vec<String>)>, String> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut user: Option<String> = None;
    let mut groups = Vec::new();
    let mut success = false;
    let mut failure = false;
    loop {
        match reader.read_event().map_err(|e| format!("CAS answer is not XML: {e}"))? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "authenticationSuccess" => success = true,
                    "authenticationFailure" => failure = true,
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| format!("CAS answer: {e}"))?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| format!("CAS answer: {e}"))?),
            Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| format!("CAS answer: {e}"))? {
                Some(c) => text.push(c),
                None => {
                    let name = r.decode().map_err(|e| format!("CAS answer: {e}"))?;
                    let value = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("CAS answer: unknown entity &{name};"))?;
                    text.push_str(value);
                }
            },
            Event::End(_) => {
                let value = text.trim();
                let tail: Vec<&str> = path.iter().rev().take(2).map(String::as_str).collect();
                match tail.as_slice() {
                    ["user", "authenticationSuccess"] => user = Some(value.to_owned()),
                    [attr, "attributes"] if *attr == groups_attribute && !value.is_empty() => {
                        groups.push(value.to_owned())
                    }
                    _ => {}
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if failure {
        return Ok(None);
    }
    match (success, user) {
        (true, Some(user)) if !user.is_empty() => {
            groups.sort();
            groups.dedup();
            Ok(Some((user, groups)))
        }
        _ => Err("CAS answer has neither authenticationSuccess with a user nor authenticationFailure".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_user_and_groups() {
        let xml = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationSuccess><cas:user>ann</cas:user>
            <cas:attributes><cas:groups>ops</cas:groups><cas:groups>dev &amp; test</cas:groups>
            <cas:mail>a@x</cas:mail></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>"#;
        let (user, groups) = parse(xml, "groups").unwrap().unwrap();
        assert_eq!(user, "ann");
        assert_eq!(groups, vec!["dev & test".to_owned(), "ops".to_owned()]);
    }

    #[test]
    fn failure_is_none_and_garbage_is_an_error() {
        let xml = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationFailure code="INVALID_TICKET">no</cas:authenticationFailure></cas:serviceResponse>"#;
        assert_eq!(parse(xml, "groups").unwrap(), None);
        assert!(parse("<html>oops</html>", "groups").is_err());
    }
}
