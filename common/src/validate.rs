//! Input rules shared by the API and the CLI tools. Each returns a message suitable for a 422 response.

use crate::error::Error;

pub mod together;

pub const MAX_NAME_LEN: usize = 100;
pub const MAX_TEXT_LEN: usize = 10_000;
pub const MAX_CODE_LEN: usize = 256 * 1024;
pub const MAX_TIMEOUT_SECONDS: i32 = 7 * 24 * 3600;

/// Names of categories, applications, deployments, stages, flags, recipes and tokens: shown to people and used in
/// `application/deployment` paths, so no slashes and no control characters. Stored trimmed; the length counts
/// characters as sent, as the schema's `maxLength` does.
pub fn display_name(field: &str, value: &str) -> Result<String, Error> {
    printable(field, value, MAX_NAME_LEN, false)
}

/// Text of at most `max` characters with something besides white space, no control characters, and no '/'
/// unless `slash`; returned trimmed. The rule of [`schema::DISPLAY_NAME`] and [`schema::PRINTABLE`].
pub fn printable(field: &str, value: &str, max: usize, slash: bool) -> Result<String, Error> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("must be at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() || (c == '/' && !slash)) {
        let what = if slash { "control characters" } else { "'/' or control characters" };
        return Err(Error::invalid(field, format!("must not contain {what}")));
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

/// Free text: at most `max` characters (as the schema's `maxLength` counts them), no NUL (Postgres refuses it).
pub fn text(field: &str, value: &str, max: usize) -> Result<(), Error> {
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("must be at most {max} characters")));
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

/// The same rules as schemas for the OpenAPI document, used with `#[schema(schema_with = ...)]` on the DTOs, so the
/// spec states what the functions above enforce: data valid by the schema passes them, and data they refuse is
/// invalid by the schema. Patterns are ECMA-262 regular expressions, as JSON Schema defines them.
pub mod schema {
    use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, SchemaType, Type};
    use utoipa::openapi::{Array, RefOr, Schema};

    use super::*;

    /// Characters Rust's `char::is_control` names (Unicode category Cc).
    const CONTROL: &str = r"\u0000-\u001f\u007f-\u009f";
    /// White space `str::trim` removes that is not a control character.
    const SPACE: &str = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// No control characters and no '/', with at least one character besides white space.
    pub static DISPLAY_NAME: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("^[^/{CONTROL}]*[^/{CONTROL}{SPACE}][^/{CONTROL}]*$"));
    /// No control characters, with at least one character besides white space.
    pub static PRINTABLE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("^[^{CONTROL}]*[^{CONTROL}{SPACE}][^{CONTROL}]*$"));
    pub const GROUP_NAME: &str = "^[A-Za-z0-9._-]+$";
    pub const NO_NUL: &str = r"^[^\u0000]*$";
    /// An environment variable name that is not one of Rolf's own.
    pub static ENV_VAR_NAME: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("^(?!ROLF_)(?!(?:{})$)[A-Za-z_][A-Za-z0-9_]*$", RESERVED_VARS.join("|")));

    fn string(nullable: bool) -> ObjectBuilder {
        let ty: SchemaType =
            if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { SchemaType::new(Type::String) };
        ObjectBuilder::new().schema_type(ty)
    }

    pub fn display_name_object(nullable: bool) -> Object {
        string(nullable)
            .min_length(Some(1))
            .max_length(Some(MAX_NAME_LEN))
            .pattern(Some(DISPLAY_NAME.as_str()))
            .description(Some("At most 100 characters, not all white space, without '/' or control characters."))
            .build()
    }

    pub fn display_name() -> Object {
        display_name_object(false)
    }
    pub fn display_name_or_null() -> Object {
        display_name_object(true)
    }

    fn group_name_object(nullable: bool) -> Object {
        string(nullable)
            .min_length(Some(1))
            .max_length(Some(MAX_NAME_LEN))
            .pattern(Some(GROUP_NAME))
            .description(Some("1 to 100 letters, digits, '-', '_' or '.'."))
            .build()
    }

    pub fn group_name() -> Object {
        group_name_object(false)
    }

    /// A group's name, or `null`.
    pub fn group_name_or_null() -> Object {
        group_name_object(true)
    }

    pub fn group_names() -> Array {
        ArrayBuilder::new().items(RefOr::T(Schema::Object(group_name()))).build()
    }

    /// A directory group a Rolf group maps from: 1 to 1024 characters, not all white space, no control characters.
    pub fn directory_groups() -> Array {
        let item = string(false)
            .min_length(Some(1))
            .max_length(Some(1024))
            .pattern(Some(PRINTABLE.as_str()))
            .description(Some("At most 1024 characters, not all white space, without control characters."))
            .build();
        ArrayBuilder::new().items(RefOr::T(Schema::Object(item))).max_items(Some(1000)).build()
    }

    fn env_var_name_object(nullable: bool) -> Object {
        string(nullable)
            .min_length(Some(1))
            .max_length(Some(MAX_NAME_LEN))
            .pattern(Some(ENV_VAR_NAME.as_str()))
            .description(Some(
                "An environment variable name: a letter or '_', then letters, digits or '_' (at most 100); not \
                 ROLF_*, nor one of the variables Rolf sets itself. A flag and a setting of one deployment cannot \
                 share it.",
            ))
            .build()
    }

    pub fn env_var_name() -> Object {
        env_var_name_object(false)
    }
    pub fn env_var_name_or_null() -> Object {
        env_var_name_object(true)
    }

    /// Free text of at most `max` characters without NUL.
    pub fn text_object(max: usize, nullable: bool, min: usize) -> Object {
        string(nullable).min_length((min > 0).then_some(min)).max_length(Some(max)).pattern(Some(NO_NUL)).build()
    }

    /// White space `str::trim` removes (Unicode's `White_Space`), control characters included.
    const TRIMMED: &str = r"\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
    /// Text with something besides white space, and no NUL: what `check_code` accepts.
    pub static CODE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!(r"^[^\u0000]*[^\u0000{TRIMMED}][^\u0000]*$"));

    fn code_object(nullable: bool) -> Object {
        string(nullable)
            .min_length(Some(1))
            .max_length(Some(MAX_CODE_LEN))
            .pattern(Some(CODE.as_str()))
            .description(Some("At most 262144 characters, not all white space, without NUL."))
            .build()
    }

    pub fn description() -> Object {
        text_object(MAX_TEXT_LEN, false, 0)
    }
    pub fn description_or_null() -> Object {
        text_object(MAX_TEXT_LEN, true, 0)
    }
    /// Code of a recipe or an inline stage: at most 256 Ki characters, not all white space, without NUL.
    pub fn code() -> Object {
        code_object(false)
    }
    pub fn code_or_null() -> Object {
        code_object(true)
    }

    /// A choice: printable, at most 100 characters, no white space at either end.
    pub static CHOICE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("^[^{CONTROL}{SPACE}](?:[^{CONTROL}]*[^{CONTROL}{SPACE}])?$"));

    fn choice_item() -> Object {
        string(false)
            .min_length(Some(1))
            .max_length(Some(MAX_NAME_LEN))
            .pattern(Some(CHOICE.as_str()))
            .description(Some("At most 100 characters, without control characters or white space at either end."))
            .build()
    }

    /// A choice flag's values: 1 to 100 distinct choices; `null` or absent for other kinds.
    pub fn flag_choices() -> Array {
        ArrayBuilder::new()
            .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
            .items(RefOr::T(Schema::Object(choice_item())))
            .min_items(Some(1))
            .max_items(Some(crate::catalog::flag_rules::MAX_CHOICES))
            .unique_items(true)
            .build()
    }

    /// A choice flag's values: 1 to 100 distinct choices; empty for other kinds (a deployment document's form).
    pub fn flag_choices_or_empty() -> Array {
        ArrayBuilder::new()
            .items(RefOr::T(Schema::Object(choice_item())))
            .max_items(Some(crate::catalog::flag_rules::MAX_CHOICES))
            .unique_items(true)
            .build()
    }

    /// A text flag's pattern: a regular expression of at most 1000 characters; `null`, absent or empty for none.
    pub fn flag_pattern() -> Object {
        string(true)
            .max_length(Some(crate::catalog::flag_rules::MAX_PATTERN_LEN))
            .pattern(Some(NO_NUL))
            .description(Some(
                "A regular expression (Rust `regex` syntax) the whole value must match; only for text flags.",
            ))
            .build()
    }

    /// A short text that must say something: 1 to 1000 characters, not all white space, no control characters.
    pub fn display_text() -> Object {
        string(false)
            .min_length(Some(1))
            .max_length(Some(1000))
            .pattern(Some(PRINTABLE.as_str()))
            .description(Some("1 to 1000 characters, not all white space, without control characters."))
            .build()
    }

    /// Five fields apart as `split_whitespace` sees them (JSON Schema's `\s` is another set).
    pub static CRON: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("^[{TRIMMED}]*[^{TRIMMED}]+(?:[{TRIMMED}]+[^{TRIMMED}]+){{4}}[{TRIMMED}]*$")
    });

    /// A 5-field cron pattern, or `null`.
    pub fn cron_or_null() -> Object {
        string(true)
            .min_length(Some(9))
            .max_length(Some(200))
            .pattern(Some(CRON.as_str()))
            .description(Some("A 5-field cron pattern: minute hour day-of-month month day-of-week."))
            .build()
    }

    /// An IANA time zone name such as `Europe/Berlin`, or `null`.
    pub fn timezone_or_null() -> Object {
        string(true)
            .min_length(Some(1))
            .max_length(Some(64))
            .pattern(Some("^[A-Za-z0-9_+/-]+$"))
            .description(Some("An IANA time zone name such as Europe/Berlin or UTC."))
            .build()
    }

    /// A worker pool's name, or `null`.
    pub fn pool_or_null() -> Object {
        pool_object(true)
    }

    /// A worker pool's name.
    pub fn pool() -> Object {
        pool_object(false)
    }

    fn pool_object(nullable: bool) -> Object {
        string(nullable)
            .min_length(Some(1))
            .max_length(Some(50))
            .pattern(Some("^[a-z0-9][a-z0-9_-]*$"))
            .description(Some(
                "A worker pool: 1 to 50 lowercase letters, digits, '-' or '_', starting with a letter or digit.",
            ))
            .build()
    }

    /// A push's flag values by varname: free text of at most 10,000 characters each.
    pub fn flag_values() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::RefOr(RefOr::T(
                Schema::Object(text_object(MAX_TEXT_LEN, false, 0)),
            ))))
            .description(Some("Flag values by `varname`; flags left out take their defaults."))
            .build()
    }

    pub fn timeout_or_null() -> Object {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
            .minimum(Some(1))
            .maximum(Some(MAX_TIMEOUT_SECONDS))
            .description(Some("Seconds, 1 to 604800 (a week); `null` or absent: the worker's default."))
            .build()
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
