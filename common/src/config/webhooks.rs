//! How workers deliver webhooks: where log links point, and the retry schedule.

use std::time::Duration;

use super::{ConfigError, Env, bad, seconds};

pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_RETRY_BASE_MS: u64 = 5000;
pub const DEFAULT_RETRY_FOR_SECONDS: u64 = 3600;

#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// The API's address as people reach it, without a trailing slash: messages link to
    /// `<public_url>/api/v1/pushes/{id}/log.txt`.
    pub public_url: String,
    /// The first retry's delay; each next one doubles, up to [`MAX_RETRY_DELAY`](crate::webhooks::MAX_RETRY_DELAY).
    pub retry_base: Duration,
    /// A delivery still failing this long after its event is given up (`failed`).
    pub retry_for: Duration,
}

impl WebhookConfig {
    pub(crate) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let public_url = env.get("ROLF_PUBLIC_URL").unwrap_or_else(|| DEFAULT_PUBLIC_URL.to_owned());
        let parsed = url::Url::parse(&public_url)
            .map_err(|e| bad("ROLF_PUBLIC_URL", format!("'{public_url}' is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(bad("ROLF_PUBLIC_URL", "must be an http:// or https:// URL, e.g. https://rolf.example.org"));
        }
        let retry_base = match env.get("ROLF_WEBHOOK_RETRY_BASE_MS") {
            None => Duration::from_millis(DEFAULT_RETRY_BASE_MS),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if (1..=600_000).contains(&n) => Duration::from_millis(n),
                _ => return Err(bad("ROLF_WEBHOOK_RETRY_BASE_MS", format!("'{v}' is not a number from 1 to 600000"))),
            },
        };
        Ok(WebhookConfig {
            public_url: public_url.trim_end_matches('/').to_owned(),
            retry_base,
            retry_for: seconds(env, "ROLF_WEBHOOK_RETRY_FOR_SECONDS", DEFAULT_RETRY_FOR_SECONDS, 7 * 24 * 3600)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<WebhookConfig, ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let lookup = move |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        WebhookConfig::from_env(&Env(&lookup))
    }

    #[test]
    fn defaults() {
        let c = load(&[]).unwrap();
        assert_eq!(c.public_url, DEFAULT_PUBLIC_URL);
        assert_eq!(c.retry_base, Duration::from_secs(5));
        assert_eq!(c.retry_for, Duration::from_secs(3600));
    }

    #[test]
    fn trailing_slashes_are_dropped_and_bad_values_named() {
        assert_eq!(
            load(&[("ROLF_PUBLIC_URL", "https://rolf.example.org/")]).unwrap().public_url,
            "https://rolf.example.org"
        );
        for (var, value) in [
            ("ROLF_PUBLIC_URL", "rolf.example.org"),
            ("ROLF_PUBLIC_URL", "ftp://x"),
            ("ROLF_WEBHOOK_RETRY_BASE_MS", "0"),
            ("ROLF_WEBHOOK_RETRY_BASE_MS", "fast"),
            ("ROLF_WEBHOOK_RETRY_FOR_SECONDS", "0"),
        ] {
            assert_eq!(load(&[(var, value)]).unwrap_err().var, var, "{value}");
        }
    }
}
