//! Sign-in configuration: LDAP, CAS, session tokens and the sign-in rate limit.

use std::time::Duration;

use super::{ConfigError, Env, bad};

pub const DEFAULT_LDAP_USER_FILTER: &str = "(uid={username})";
pub const DEFAULT_LDAP_GROUP_FILTER: &str = "(|(member={dn})(uniqueMember={dn})(memberUid={username}))";
pub const DEFAULT_SESSION_HOURS: i64 = 12;
pub const DEFAULT_LOGIN_MAX_FAILURES: u32 = 10;
pub const DEFAULT_LOGIN_WINDOW_SECONDS: u64 = 300;

#[derive(Debug, Clone)]
pub struct LdapConfig {
    pub url: String,
    pub bind_dn: Option<String>,
    pub bind_password: Option<String>,
    pub user_base: String,
    pub user_filter: String,
    pub group_base: String,
    pub group_filter: String,
    pub group_name_attribute: String,
    pub starttls: bool,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct CasConfig {
    /// Base URL without a trailing slash, e.g. `https://sso.example.org/cas`.
    pub url: String,
    pub groups_attribute: String,
    /// URL prefixes a `service` must start with.
    pub allowed_services: Vec<String>,
    pub timeout: Duration,
}

/// How session tokens are signed.
#[derive(Clone)]
pub enum JwtKeys {
    Hs256 { secret: Vec<u8> },
    Rs256 { private_pem: Vec<u8>, public_pem: Vec<u8> },
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Key material never reaches a log line.
        f.write_str(match self {
            JwtKeys::Hs256 { .. } => "Hs256(..)",
            JwtKeys::Rs256 { .. } => "Rs256(..)",
        })
    }
}

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub ldap: Option<LdapConfig>,
    pub cas: Option<CasConfig>,
    pub jwt: JwtKeys,
    pub session_hours: i64,
    pub login_max_failures: u32,
    pub login_window: Duration,
}

fn parse_bool(env: &Env, var: &'static str, default: bool) -> Result<bool, ConfigError> {
    match env.get(var).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(other) => Err(bad(var, format!("'{other}' is not true or false"))),
    }
}

fn parse_num<T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display>(
    env: &Env,
    var: &'static str,
    default: T,
    min: T,
    max: T,
) -> Result<T, ConfigError> {
    match env.get(var) {
        None => Ok(default),
        Some(v) => match v.parse::<T>() {
            Ok(n) if n >= min && n <= max => Ok(n),
            _ => Err(bad(var, format!("'{v}' is not a number from {min} to {max}"))),
        },
    }
}

fn required(env: &Env, var: &'static str, because: &str) -> Result<String, ConfigError> {
    env.get(var).ok_or_else(|| bad(var, format!("is required when {because} is set")))
}

/// The CAS server's base URL, checked once here so that no request ever meets a malformed one: an `http://` or
/// `https://` URL with a host and no query, fragment or credentials, from which the `/login` and
/// `/p3/serviceValidate` URLs Rolf derives parse too. Returned without a trailing slash.
fn cas_base_url(url: &str) -> Result<String, ConfigError> {
    let base = url.trim_end_matches('/');
    let parsed = url::Url::parse(base).map_err(|e| bad("CAS_URL", format!("'{url}' is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("CAS_URL", "must be an http:// or https:// URL with a host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() || !parsed.username().is_empty() {
        return Err(bad("CAS_URL", "must be a base URL without a query, a fragment or credentials"));
    }
    for endpoint in ["/login", "/p3/serviceValidate"] {
        url::Url::parse(&format!("{base}{endpoint}"))
            .map_err(|e| bad("CAS_URL", format!("'{base}{endpoint}' is not a URL: {e}")))?;
    }
    Ok(base.to_owned())
}

impl AuthConfig {
    pub(super) fn from_env(env: &Env, jwt_secret: &str) -> Result<Self, ConfigError> {
        let ldap = match env.get("LDAP_URL") {
            None => None,
            Some(url) => {
                if !(url.starts_with("ldap://") || url.starts_with("ldaps://") || url.starts_with("ldapi://")) {
                    return Err(bad("LDAP_URL", "must be an ldap://, ldaps:// or ldapi:// URL"));
                }
                let bind_dn = env.get("LDAP_BIND_DN");
                let bind_password = env.get("LDAP_BIND_PASSWORD");
                if bind_dn.is_some() != bind_password.is_some() {
                    return Err(bad("LDAP_BIND_PASSWORD", "LDAP_BIND_DN and LDAP_BIND_PASSWORD go together"));
                }
                let user_filter = env.get("LDAP_USER_FILTER").unwrap_or_else(|| DEFAULT_LDAP_USER_FILTER.to_owned());
                if !user_filter.contains("{username}") {
                    return Err(bad("LDAP_USER_FILTER", "must contain {username}"));
                }
                Some(LdapConfig {
                    user_base: required(env, "LDAP_USER_BASE", "LDAP_URL")?,
                    group_base: required(env, "LDAP_GROUP_BASE", "LDAP_URL")?,
                    url,
                    bind_dn,
                    bind_password,
                    user_filter,
                    group_filter: env.get("LDAP_GROUP_FILTER").unwrap_or_else(|| DEFAULT_LDAP_GROUP_FILTER.to_owned()),
                    group_name_attribute: env.get("LDAP_GROUP_NAME_ATTRIBUTE").unwrap_or_else(|| "cn".to_owned()),
                    starttls: parse_bool(env, "LDAP_STARTTLS", false)?,
                    timeout: Duration::from_secs(parse_num(env, "LDAP_TIMEOUT_SECONDS", 5, 1, 300)?),
                })
            }
        };
        let cas = match env.get("CAS_URL") {
            None => None,
            Some(url) => {
                let url = cas_base_url(&url)?;
                let allowed_services: Vec<String> = required(env, "CAS_ALLOWED_SERVICES", "CAS_URL")?
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                if allowed_services.iter().any(|s| !(s.starts_with("http://") || s.starts_with("https://"))) {
                    return Err(bad("CAS_ALLOWED_SERVICES", "each entry must be an http:// or https:// URL prefix"));
                }
                Some(CasConfig {
                    url,
                    groups_attribute: env.get("CAS_GROUPS_ATTRIBUTE").unwrap_or_else(|| "groups".to_owned()),
                    allowed_services,
                    timeout: Duration::from_secs(parse_num(env, "CAS_TIMEOUT_SECONDS", 5, 1, 300)?),
                })
            }
        };
        let jwt = match (env.get("ROLF_JWT_PRIVATE_KEY_FILE"), env.get("ROLF_JWT_PUBLIC_KEY_FILE")) {
            (None, None) => JwtKeys::Hs256 { secret: jwt_secret.as_bytes().to_vec() },
            (Some(private), Some(public)) => JwtKeys::Rs256 {
                private_pem: std::fs::read(&private)
                    .map_err(|e| bad("ROLF_JWT_PRIVATE_KEY_FILE", format!("reading {private}: {e}")))?,
                public_pem: std::fs::read(&public)
                    .map_err(|e| bad("ROLF_JWT_PUBLIC_KEY_FILE", format!("reading {public}: {e}")))?,
            },
            (Some(_), None) => {
                return Err(bad("ROLF_JWT_PUBLIC_KEY_FILE", "is required with ROLF_JWT_PRIVATE_KEY_FILE"));
            }
            (None, Some(_)) => {
                return Err(bad("ROLF_JWT_PRIVATE_KEY_FILE", "is required with ROLF_JWT_PUBLIC_KEY_FILE"));
            }
        };
        Ok(AuthConfig {
            ldap,
            cas,
            jwt,
            session_hours: parse_num(env, "ROLF_SESSION_HOURS", DEFAULT_SESSION_HOURS, 1, 24 * 90)?,
            login_max_failures: parse_num(env, "ROLF_LOGIN_MAX_FAILURES", DEFAULT_LOGIN_MAX_FAILURES, 1, 100_000)?,
            login_window: Duration::from_secs(parse_num(
                env,
                "ROLF_LOGIN_WINDOW_SECONDS",
                DEFAULT_LOGIN_WINDOW_SECONDS,
                1,
                86_400,
            )?),
        })
    }

    /// Defaults with LDAP and CAS off, for tests and tools that build a configuration in code.
    pub fn with_secret(secret: &str) -> Self {
        AuthConfig {
            ldap: None,
            cas: None,
            jwt: JwtKeys::Hs256 { secret: secret.as_bytes().to_vec() },
            session_hours: DEFAULT_SESSION_HOURS,
            login_max_failures: DEFAULT_LOGIN_MAX_FAILURES,
            login_window: Duration::from_secs(DEFAULT_LOGIN_WINDOW_SECONDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load(cas_url: &str) -> Result<AuthConfig, ConfigError> {
        let map: HashMap<&str, &str> =
            [("CAS_URL", cas_url), ("CAS_ALLOWED_SERVICES", "https://rolf.example.org/")].into_iter().collect();
        AuthConfig::from_env(&Env(&move |k| map.get(k).map(|v| (*v).to_owned())), "0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn a_malformed_cas_url_is_refused_naming_it() {
        for bad in [
            "sso.example.org/cas",
            "ftp://sso.example.org/cas",
            "https://exa mple.org/cas",
            "https://[::1/cas",
            "https://sso.example.org:99999/cas",
            "https://",
            "https://sso.example.org/cas?renew=true",
            "https://sso.example.org/cas#x",
            "https://user:pw@sso.example.org/cas",
        ] {
            let err = load(bad).expect_err(bad);
            assert_eq!(err.var, "CAS_URL", "{bad}: {err}");
        }
    }

    #[test]
    fn a_good_cas_url_loses_its_trailing_slash() {
        let config = load("https://sso.example.org/cas/").unwrap();
        assert_eq!(config.cas.unwrap().url, "https://sso.example.org/cas");
        assert!(load("http://127.0.0.1:8443").is_ok());
    }
}
