//! Serving the web interface: where its built files are (`ROLF_WEB_DIR`), and which other origins may call the
//! API from a browser (`ROLF_CORS_ORIGINS`), for a web interface hosted elsewhere.

use std::path::PathBuf;

use super::{ConfigError, Env, bad};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebConfig {
    /// A built web app (`web/dist`): served at `/`. `None`: the API serves no pages.
    pub dir: Option<PathBuf>,
    /// Exact origins (`https://rolf.example.org`) allowed by CORS; empty: none.
    pub cors_origins: Vec<String>,
}

impl WebConfig {
    pub(crate) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let dir = match env.get("ROLF_WEB_DIR") {
            None => None,
            Some(d) => {
                let dir = PathBuf::from(&d);
                if !dir.join("index.html").is_file() {
                    return Err(bad(
                        "ROLF_WEB_DIR",
                        format!("'{d}' has no index.html (build it: npm run build in web/)"),
                    ));
                }
                Some(dir)
            }
        };
        let mut cors_origins = Vec::new();
        for origin in env.get("ROLF_CORS_ORIGINS").unwrap_or_default().split(',') {
            let origin = origin.trim().trim_end_matches('/');
            if origin.is_empty() {
                continue;
            }
            cors_origin(origin).map_err(|e| bad("ROLF_CORS_ORIGINS", format!("'{origin}': {e}")))?;
            cors_origins.push(origin.to_owned());
        }
        Ok(WebConfig { dir, cors_origins })
    }
}

/// An origin is `scheme://host[:port]`: no path, no wildcard (a `*` would let any site use a stolen token's
/// session in a browser, and gains nothing over listing origins).
fn cors_origin(origin: &str) -> Result<(), &'static str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or("must start with http:// or https://")?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if rest.is_empty() || !rest.chars().all(plain) {
        return Err("must be scheme://host[:port], without a path or a wildcard");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<WebConfig, ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let lookup = move |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        WebConfig::from_env(&Env(&lookup))
    }

    #[test]
    fn nothing_by_default() {
        assert_eq!(read(&[]).unwrap(), WebConfig::default());
    }

    #[test]
    fn origins_are_exact_and_checked() {
        let config = read(&[("ROLF_CORS_ORIGINS", " https://rolf.example.org/, http://127.0.0.1:5173")]).unwrap();
        assert_eq!(config.cors_origins, ["https://rolf.example.org", "http://127.0.0.1:5173"]);
        for bad in ["*", "rolf.example.org", "https://a.example/path", "https://*.example.org"] {
            let e = read(&[("ROLF_CORS_ORIGINS", bad)]).unwrap_err();
            assert_eq!(e.var, "ROLF_CORS_ORIGINS", "{bad}");
        }
    }

    #[test]
    fn a_web_dir_must_hold_index_html() {
        let e = read(&[("ROLF_WEB_DIR", "/nonexistent/rolf-web")]).unwrap_err();
        assert_eq!(e.var, "ROLF_WEB_DIR");
        let dir = std::env::temp_dir().join(format!("rolf-web-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        assert_eq!(read(&[("ROLF_WEB_DIR", dir.to_str().unwrap())]).unwrap().dir, Some(dir.clone()));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
