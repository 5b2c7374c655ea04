//! Where the API is and the token to send: `--url`/`ROLF_URL` and `ROLF_TOKEN` override the file `rolf login`
//! writes (`$XDG_CONFIG_HOME/rolf/config.json`, else `$HOME/.config/rolf/config.json`, mode 0600).

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub url: String,
    pub token: String,
}

/// The config file's path from the environment.
pub fn path() -> Result<PathBuf> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let dir = non_empty("XDG_CONFIG_HOME")
        .or_else(|| non_empty("HOME").map(|home| home.join(".config")))
        .ok_or_else(|| Error::usage("neither XDG_CONFIG_HOME nor HOME is set: cannot find rolf's config file"))?;
    Ok(dir.join("rolf").join("config.json"))
}

/// The stored config, `None` when there is no file yet.
pub fn load(path: &Path) -> Result<Option<Stored>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::usage(format!("{} is not a valid rolf config ({e}); run `rolf login`", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::local(&format!("reading {}", path.display()), e)),
    }
}

/// Writes the config readable by its owner only: to a fresh 0600 file renamed over the old one, so the token is
/// never in a file others can read, even when an older file had looser permissions.
pub fn store(path: &Path, config: &Stored) -> Result<()> {
    let dir = path.parent().ok_or_else(|| Error::usage(format!("{} has no directory", path.display())))?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::local(&format!("creating {}", dir.display()), e))?;
    let tmp = dir.join(".config.json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        let mut json = serde_json::to_vec_pretty(config).map_err(std::io::Error::other)?;
        json.push(b'\n');
        file.write_all(&json)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::local(&format!("writing {}", path.display()), e)
    })
}

/// `http://host:8080/` and `http://host:8080/api/v1` both name the API at `http://host:8080`.
pub fn normalize_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let url = url.strip_suffix("/api/v1").unwrap_or(url);
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() <= "https://".len() {
        return Err(Error::usage(format!("the API URL must start with http:// or https://, not {url:?}")));
    }
    Ok(url.to_owned())
}

/// The API a command talks to, and the token it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub token: String,
}

/// Combines `--url`/`ROLF_URL` (`url`), `ROLF_TOKEN` (`token`) and the stored config. A stored token is only
/// sent to the URL it was issued by, so `--url` pointing elsewhere never leaks it.
pub fn resolve(url: Option<&str>, token: Option<&str>, stored: Option<Stored>) -> Result<Target> {
    let url = match (url, &stored) {
        (Some(url), _) => normalize_url(url)?,
        (None, Some(stored)) => normalize_url(&stored.url)?,
        (None, None) => {
            return Err(Error::usage("no API URL: run `rolf login --url URL`, or set ROLF_URL or pass --url"));
        }
    };
    let token = match (token.filter(|t| !t.is_empty()), stored) {
        (Some(token), _) => token.to_owned(),
        (None, Some(stored)) if normalize_url(&stored.url).is_ok_and(|u| u == url) => stored.token,
        (None, _) => return Err(Error::usage(format!("not signed in to {url}: run `rolf login` or set ROLF_TOKEN"))),
    };
    Ok(Target { url, token })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn stored(url: &str) -> Option<Stored> {
        Some(Stored { url: url.into(), token: "stored-token".into() })
    }

    #[test]
    fn flags_and_environment_override_the_stored_config() {
        let t = resolve(None, None, stored("http://a:1/")).unwrap();
        assert_eq!(t, Target { url: "http://a:1".into(), token: "stored-token".into() });
        let t = resolve(None, Some("env-token"), stored("http://a:1")).unwrap();
        assert_eq!(t.token, "env-token");
        let t = resolve(Some("http://a:1/api/v1/"), None, stored("http://a:1")).unwrap();
        assert_eq!(t.token, "stored-token", "the same API, spelled differently");
    }

    #[test]
    fn a_stored_token_is_never_sent_to_another_url() {
        let err = resolve(Some("http://elsewhere:1"), None, stored("http://a:1")).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
        assert!(resolve(Some("http://elsewhere:1"), Some("t"), stored("http://a:1")).is_ok());
    }

    #[test]
    fn missing_url_or_token_is_a_usage_error() {
        assert!(matches!(resolve(None, Some("t"), None), Err(Error::Usage(_))));
        assert!(matches!(resolve(Some("http://a:1"), None, None), Err(Error::Usage(_))));
        assert!(matches!(resolve(Some("ftp://a"), Some("t"), None), Err(Error::Usage(_))));
    }

    #[test]
    fn store_writes_an_owner_only_file_and_load_reads_it_back() {
        let dir = std::env::temp_dir().join(format!("rolf-cli-config-{}", std::process::id()));
        let path = dir.join("rolf").join("config.json");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let config = Stored { url: "http://a:1".into(), token: "secret".into() };
        store(&path, &config).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(load(&path).unwrap(), Some(config));
        assert_eq!(load(&dir.join("missing.json")).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
