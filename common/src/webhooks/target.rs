//! The URLs a webhook may post to, as one regular expression that the schema states and `check_url` applies, so
//! the two agree on every value. The URL parser's own rules for a host (IDNA, the many spellings of an IPv4
//! address) are beyond a pattern, so the pattern admits only what the parser always takes: an ASCII host name
//! without `xn--` labels, a dotted IPv4 address or an `[IPv6]` one, a port up to 65535, and a path, query or
//! fragment without white space or control characters. The syntax is common to ECMA-262 (JSON Schema's) and
//! the `regex` crate: no lookaround, `\uXXXX` escapes.

use std::sync::LazyLock;

use regex::Regex;

/// White space `str::trim` removes around a URL (Unicode's `White_Space`).
const SPACE: &str = r"[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// A DNS label that is not an IDNA A-label: the parser decodes `xn--` labels and refuses a malformed one.
/// `first` is the class of its first character when that is not `x`.
fn label(first: &str) -> String {
    let rest = "[A-Za-z0-9_-]*";
    format!("(?:{first}{rest}|[Xx](?:[A-MO-Za-mo-z0-9_-]{rest}|[Nn](?:[A-Za-z0-9_]{rest}|-(?:[A-Za-z0-9_]{rest})?)?)?)")
}

/// A host name whose last label starts with a letter, so that the parser never reads it as an IPv4 address.
fn host_name() -> String {
    format!(r"(?:{}\.)*{}", label("[A-WYZa-wyz0-9_-]"), label("[A-WYZa-wyz]"))
}

const IPV4: &str =
    r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

/// Eight groups, or fewer around one `::` (no embedded IPv4 address, no zone).
const IPV6: &str = "(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\
    |(?:[0-9A-Fa-f]{1,4}:){1,7}:\
    |(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}\
    |(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}\
    |(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}\
    |(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}\
    |(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}\
    |[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}\
    |:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))";

/// 0 to 65535.
const PORT: &str = "(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

/// The user and password before `@`: what RFC 3986 allows there.
const USERINFO: &str = "[A-Za-z0-9._~!$&'()*+,;=:%-]*@";

/// A path, query or fragment: anything but white space and control characters.
const REST: &str = r"[/?#][^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*";

/// The pattern of a webhook's URL, white space around it allowed (it is dropped).
pub static URL_PATTERN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "^{SPACE}*[Hh][Tt][Tt][Pp][Ss]?://(?:{USERINFO})?(?:{}|{IPV4}|\\[{IPV6}\\])(?::{PORT})?(?:{REST})?{SPACE}*$",
        host_name()
    )
});

static URL: LazyLock<Result<Regex, regex::Error>> = LazyLock::new(|| Regex::new(&URL_PATTERN));

/// Whether `url` matches [`URL_PATTERN`]; an error only if the pattern itself does not compile.
pub fn is_webhook_url(url: &str) -> Result<bool, String> {
    URL.as_ref().map(|re| re.is_match(url)).map_err(|e| format!("the webhook URL pattern does not compile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::is_webhook_url;

    #[test]
    fn what_the_pattern_admits_the_url_parser_takes() {
        let good = [
            "https://hooks.example.org/x?y=1",
            " http://127.0.0.1:9/hook\n",
            "HTTPS://user:p%41ss@chat.example.org:65535/a%20b",
            "http://[::1]:8080/",
            "http://[2001:db8::8a2e:370:7334]",
            "http://localhost",
            "http://x",
            "http://xn-a.xnb.x-n.example",
            "http://a_b-.1.example/é#frag",
            "http://1.2.3.4.example",
        ];
        for url in good {
            assert!(is_webhook_url(url).unwrap(), "{url:?}");
            assert!(url::Url::parse(url.trim()).is_ok(), "{url:?}");
        }
        for bad in [
            "",
            "hooks.example.org",
            "ftp://x/y",
            "http://",
            "http:// x",
            "http://xn--a.example",
            "http://XN--a",
            "http://1.2.3.256/",
            "http://1.2.3",
            "http://127.1",
            "http://0x7f.0.0.1",
            "http://example.123",
            "http://a..b",
            "http://a:65536",
            "http://[::1:2:3:4:5:6:7:8]",
            "http://[1::2::3]",
            "http://\u{95}",
            "http://é.example",
            "http://a\\b",
            "http://a/b c",
            "http://a/\u{0}",
            "http://a/\u{85}x",
            "\u{feff}http://a",
        ] {
            assert!(!is_webhook_url(bad).unwrap(), "{bad:?}");
        }
    }
}
