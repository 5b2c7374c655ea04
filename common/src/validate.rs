//! Input rules shared by the API and the CLI tools. Each returns a message suitable for a 422 response.

use crate::error::Error;

pub const MAX_NAME_LEN: usize = 100;
pub const MAX_TEXT_LEN: usize = 10_000;
pub const MAX_CODE_LEN: usize = 256 * 1024;
pub const MAX_TIMEOUT_SECONDS: i32 = 7 * 24 * 3600;

/// Names of categories, applications, deployments, stages, flags and recipes: shown to people and used in
/// `application/deployment` paths, so no slashes and no control characters.
pub fn display_name(field: &str, value: &str) -> Result<String, Error> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > MAX_NAME_LEN {
        return Err(Error::invalid(field, format!("must be at most {MAX_NAME_LEN} characters")));
    }
    if trimmed.chars().any(|c| c.is_control() || c == '/') {
        return Err(Error::invalid(field, "must not contain '/' or control characters"));
    }
    Ok(trimmed.to_owned())
}

/// Group names appear in configuration (`ROLF_ADMIN_GROUPS`) and URLs, so they stay plain.
pub fn group_name(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > MAX_NAME_LEN {
        return Err(format!("must be 1 to {MAX_NAME_LEN} characters"));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err("may hold only letters, digits, '-', '_' and '.'".to_owned());
    }
    Ok(())
}

/// Variables Rolf sets itself for every stage; a setting or flag may not shadow them.
const RESERVED_VARS: &[&str] =
    &["PATH", "HOME", "LANG", "DEPLOYMENT_ID", "PUSH_COMMENT", "PUSH_UNI", "ROLLBACK_URL", "CHECKOUT_DIR", "CWD"];

/// Names of settings and flag variables: they become environment variables of a stage.
pub fn env_var_name(field: &str, value: &str) -> Result<(), Error> {
    let mut chars = value.chars();
    let valid_start = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !valid_start || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || value.len() > MAX_NAME_LEN {
        return Err(Error::invalid(
            field,
            "must be an environment variable name: a letter or '_', then letters, digits or '_' (at most 100)",
        ));
    }
    if value.starts_with("ROLF_") || RESERVED_VARS.contains(&value) {
        return Err(Error::invalid(field, format!("'{value}' is set by Rolf itself and cannot be overridden")));
    }
    Ok(())
}

pub fn text(field: &str, value: &str, max: usize) -> Result<(), Error> {
    if value.len() > max {
        return Err(Error::invalid(field, format!("must be at most {max} bytes")));
    }
    if value.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    Ok(())
}

pub fn timeout(value: Option<i32>) -> Result<(), Error> {
    match value {
        Some(t) if !(1..=MAX_TIMEOUT_SECONDS).contains(&t) => {
            Err(Error::invalid("timeout_seconds", format!("must be between 1 and {MAX_TIMEOUT_SECONDS}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names() {
        assert!(env_var_name("name", "DB_HOST").is_ok());
        assert!(env_var_name("name", "_x1").is_ok());
        for bad in ["", "1A", "A-B", "A B", "ROLF_TAG", "PATH", "é"] {
            assert!(env_var_name("name", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name("name", "  web ").unwrap(), "web");
        for bad in ["", "   ", "a/b", "a\nb"] {
            assert!(display_name("name", bad).is_err(), "{bad:?}");
        }
        assert!(display_name("name", &"x".repeat(101)).is_err());
    }

    #[test]
    fn group_names() {
        assert!(group_name("ops-team.eu_1").is_ok());
        assert!(group_name("a b").is_err());
        assert!(group_name("").is_err());
    }
}
