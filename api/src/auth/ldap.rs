//! LDAP sign-in: find the user's entry, read its groups, then bind as the entry with the password.
//!
//! Every attempt does the same work whatever the outcome (a search, a group search, one bind), so wrong
//! passwords, unknown users and empty passwords answer in about the same time.

use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, ldap_escape};
use rolf_common::config::LdapConfig;

/// The directory did not answer properly in time: a 503, never a sign-in failure.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unavailable(pub String);

/// LDAP's "invalid credentials" on a bind.
const INVALID_CREDENTIALS: u32 = 49;

/// Checks the password; `Ok(Some(groups))` on success, `Ok(None)` for any rejected attempt.
pub async fn authenticate(
    config: &LdapConfig,
    username: &str,
    password: &str,
) -> Result<Option<Vec<String>>, Unavailable> {
    match tokio::time::timeout(config.timeout, attempt(config, username, password)).await {
        Ok(result) => result,
        Err(_) => Err(Unavailable(format!("no answer within {:?}", config.timeout))),
    }
}

fn unavailable(e: impl std::fmt::Display) -> Unavailable {
    Unavailable(e.to_string())
}

async fn attempt(config: &LdapConfig, username: &str, password: &str) -> Result<Option<Vec<String>>, Unavailable> {
    let settings = LdapConnSettings::new().set_conn_timeout(config.timeout).set_starttls(config.starttls);
    let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &config.url).await.map_err(unavailable)?;
    ldap3::drive!(conn);
    ldap.with_timeout(config.timeout);

    if let (Some(dn), Some(pw)) = (&config.bind_dn, &config.bind_password) {
        ldap.simple_bind(dn, pw).await.map_err(unavailable)?.success().map_err(unavailable)?;
    }

    let filter = config.user_filter.replace("{username}", &ldap_escape(username));
    let (entries, _) = ldap
        .search(&config.user_base, Scope::Subtree, &filter, vec!["1.1"])
        .await
        .map_err(unavailable)?
        .success()
        .map_err(unavailable)?;
    // More than one match means the filter is ambiguous for this name: refuse rather than guess.
    let dn = match entries.len() {
        1 => entries.into_iter().next().map(|e| SearchEntry::construct(e).dn),
        _ => None,
    };

    let groups = groups_of(&mut ldap, config, dn.as_deref().unwrap_or(""), username).await?;

    // An empty password would be an "unauthenticated bind", which servers answer with success: never send
    // one. Unknown users bind to a DN that cannot exist, to spend the same time.
    let (bind_dn, bind_pw) = match (&dn, password.is_empty()) {
        (Some(dn), false) => (dn.clone(), password),
        _ => (format!("cn=rolf-no-such-user,{}", config.user_base), "rolf-no-such-password"),
    };
    let result = ldap.simple_bind(&bind_dn, bind_pw).await.map_err(unavailable)?;
    let _ = ldap.unbind().await;
    let accepted = result.rc == 0 && dn.is_some() && !password.is_empty();
    if !accepted && result.rc != INVALID_CREDENTIALS && result.rc != 0 {
        // Locked or disabled accounts (e.g. ppolicy) answer other codes; still a plain refusal to the client.
        tracing::info!(rc = result.rc, "LDAP bind refused");
    }
    Ok(accepted.then_some(groups))
}

async fn groups_of(
    ldap: &mut ldap3::Ldap,
    config: &LdapConfig,
    dn: &str,
    username: &str,
) -> Result<Vec<String>, Unavailable> {
    let filter = config.group_filter.replace("{dn}", &ldap_escape(dn)).replace("{username}", &ldap_escape(username));
    let attribute = config.group_name_attribute.as_str();
    let (entries, _) = ldap
        .search(&config.group_base, Scope::Subtree, &filter, vec![attribute])
        .await
        .map_err(unavailable)?
        .success()
        .map_err(unavailable)?;
    let mut groups: Vec<String> = entries
        .into_iter()
        .filter_map(|e| SearchEntry::construct(e).attrs.remove(attribute).and_then(|v| v.into_iter().next()))
        .collect();
    groups.sort();
    groups.dedup();
    Ok(groups)
}
