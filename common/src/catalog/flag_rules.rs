//! What a flag's value may be: its kind (text, boolean, choice), pattern, choices, and whether a push must give
//! it. Checked when a flag is saved (the rules must make sense together) and on every path that creates a push.

use diesel::deserialize::FromSql;
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Array, Nullable, Text};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::validate;

crate::text_enum!(
    /// `text`: free text, matching `pattern` when there is one; `boolean`: `true` or `false`; `choice`: one of
    /// `choices`.
    FlagKind {
        Text => "text",
        Boolean => "boolean",
        Choice => "choice",
    }
);

crate::text_enum!(
    /// What recipes see of a boolean flag: `true_false`, or `one_empty` (`1` when set, empty when not), as the
    /// original Rolf passed a checkbox: recipes imported from it test `[ -n "$FLAG" ]`.
    BooleanAs {
        TrueFalse => "true_false",
        OneEmpty => "one_empty",
    }
);

// `text_enum!` owns the derives, so the default cannot be derived there.
#[allow(clippy::derivable_impls)]
impl Default for BooleanAs {
    fn default() -> Self {
        BooleanAs::TrueFalse
    }
}

impl BooleanAs {
    pub fn is_true_false(&self) -> bool {
        *self == BooleanAs::TrueFalse
    }

    /// Refuses `one_empty` on a flag that is not boolean.
    pub fn check(self, kind: FlagKind) -> Result<BooleanAs> {
        if self == BooleanAs::OneEmpty && kind != FlagKind::Boolean {
            return Err(Error::invalid("boolean_as", "only a boolean flag is passed as 1 or empty"));
        }
        Ok(self)
    }

    /// A boolean value as recipes see it. The `1`/empty spelling is also read back, so that a push repeated
    /// from a recorded one gives its values as they were recorded.
    pub fn value(self, value: &str) -> String {
        match (self, value) {
            (BooleanAs::OneEmpty, "true" | "1") => "1".to_owned(),
            (BooleanAs::OneEmpty, _) => String::new(),
            (BooleanAs::TrueFalse, v) => v.to_owned(),
        }
    }

    /// The `true`/`false` a given value stands for, when this flag passes `1`/empty.
    pub fn read(self, given: &str) -> &str {
        match (self, given) {
            (BooleanAs::OneEmpty, "1") => "true",
            (BooleanAs::OneEmpty, "") => "false",
            (_, v) => v,
        }
    }
}

pub const MAX_CHOICES: usize = 100;
pub const MAX_PATTERN_LEN: usize = 1000;
/// Compiled patterns are bounded so that a flag cannot make the API spend unbounded memory.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// A flag's rules as stored, and the default a push takes when it gives no value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRules {
    pub kind: FlagKind,
    pub pattern: Option<String>,
    pub choices: Vec<String>,
    pub required: bool,
    pub default: String,
}

fn compile(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    // The whole value must match, not a part of it: `[0-9]+` must not accept "v1".
    regex::RegexBuilder::new(&format!("^(?:{pattern})$")).size_limit(PATTERN_SIZE_LIMIT).build()
}

impl FlagRules {
    /// Checks the rules together; `default` absent takes the kind's natural default (`false`, the first
    /// choice, or empty text). Returns the rules to store.
    pub fn checked(
        kind: FlagKind,
        pattern: Option<String>,
        choices: Vec<String>,
        required: bool,
        default: Option<String>,
    ) -> Result<FlagRules> {
        let pattern = pattern.filter(|p| !p.is_empty());
        if kind != FlagKind::Text && pattern.is_some() {
            return Err(Error::invalid("pattern", "only a text flag has a pattern"));
        }
        if kind != FlagKind::Choice && !choices.is_empty() {
            return Err(Error::invalid("choices", "only a choice flag has choices"));
        }
        if let Some(p) = &pattern {
            // A NUL compiles, and Postgres then refuses to store it.
            validate::text("pattern", p, MAX_PATTERN_LEN)?;
            compile(p).map_err(|e| Error::invalid("pattern", format!("not a valid regular expression: {e}")))?;
        }
        if kind == FlagKind::Choice {
            if choices.is_empty() || choices.len() > MAX_CHOICES {
                return Err(Error::invalid("choices", format!("a choice flag has 1 to {MAX_CHOICES} choices")));
            }
            for (i, choice) in choices.iter().enumerate() {
                validate::printable(&format!("choices[{i}]"), choice, validate::MAX_NAME_LEN, true)?;
                if choice.trim() != choice {
                    return Err(Error::invalid(format!("choices[{i}]"), "must not start or end with white space"));
                }
                if choices[..i].contains(choice) {
                    return Err(Error::invalid(format!("choices[{i}]"), "is listed twice"));
                }
            }
        }
        if required {
            if kind == FlagKind::Boolean {
                return Err(Error::invalid("required", "a boolean flag always has a value; it cannot be required"));
            }
            if default.as_deref().is_some_and(|d| !d.is_empty()) {
                return Err(Error::invalid("default", "a required flag has no default: every push gives its value"));
            }
            return Ok(FlagRules { kind, pattern, choices, required, default: String::new() });
        }
        let default = match (kind, default) {
            (_, Some(d)) => d,
            (FlagKind::Boolean, None) => "false".to_owned(),
            (FlagKind::Choice, None) => choices.first().cloned().unwrap_or_default(),
            (FlagKind::Text, None) => String::new(),
        };
        let rules = FlagRules { kind, pattern, choices, required, default };
        rules.check_value("default", &rules.default)?;
        Ok(rules)
    }

    /// Refuses a value the flag does not allow, naming `field` and the rule.
    pub fn check_value(&self, field: &str, value: &str) -> Result<()> {
        validate::text(field, value, validate::MAX_TEXT_LEN)?;
        match self.kind {
            FlagKind::Boolean if value != "true" && value != "false" => {
                Err(Error::invalid(field, "a boolean flag is \"true\" or \"false\""))
            }
            FlagKind::Choice if !self.choices.iter().any(|c| c == value) => {
                Err(Error::invalid(field, format!("must be one of the flag's choices: {}", self.choices.join(", "))))
            }
            FlagKind::Text => match &self.pattern {
                Some(p) if !compile(p).is_ok_and(|re| re.is_match(value)) => {
                    Err(Error::invalid(field, format!("must match the flag's pattern {p}")))
                }
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// The value a push runs with: the one given, else the default; a required flag must be given.
    pub fn value_for_push(&self, field: &str, given: Option<&str>) -> Result<String> {
        let value = match given {
            Some(v) => v.to_owned(),
            None if self.required => {
                return Err(Error::invalid(field, "this flag is required: the push must give its value"));
            }
            None => self.default.clone(),
        };
        self.check_value(field, &value)?;
        Ok(value)
    }
}

/// A `TEXT[]` column as diesel reads it (elements nullable) into plain strings; the column's CHECK keeps nulls
/// out.
#[derive(Debug, diesel::deserialize::FromSqlRow)]
pub struct Texts(Vec<String>);

type TextArray = Array<Nullable<Text>>;

impl FromSql<TextArray, Pg> for Texts {
    fn from_sql(bytes: PgValue<'_>) -> diesel::deserialize::Result<Self> {
        let items: Vec<Option<String>> = FromSql::<TextArray, Pg>::from_sql(bytes)?;
        Ok(Texts(items.into_iter().flatten().collect()))
    }
}

impl From<Texts> for Vec<String> {
    fn from(t: Texts) -> Self {
        t.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pattern: &str) -> FlagRules {
        FlagRules::checked(FlagKind::Text, Some(pattern.to_owned()), vec![], true, None).unwrap()
    }

    #[test]
    fn a_pattern_must_match_the_whole_value() {
        let rules = text("[0-9]+");
        assert!(rules.check_value("v", "42").is_ok());
        assert!(rules.check_value("v", "v42").is_err());
        assert!(rules.check_value("v", "").is_err());
        let alternatives = text("a|b");
        assert!(alternatives.check_value("v", "ab").is_err(), "the anchors wrap the alternatives");
    }

    #[test]
    fn rules_that_contradict_each_other_are_refused() {
        let refused = |kind, pattern: Option<&str>, choices: &[&str], required, default: Option<&str>| {
            FlagRules::checked(
                kind,
                pattern.map(str::to_owned),
                choices.iter().map(|c| c.to_string()).collect(),
                required,
                default.map(str::to_owned),
            )
            .unwrap_err()
        };
        let field = |e: Error| match e {
            Error::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(refused(FlagKind::Boolean, Some("x"), &[], false, None)), "pattern");
        assert_eq!(field(refused(FlagKind::Text, None, &["a"], false, None)), "choices");
        assert_eq!(field(refused(FlagKind::Choice, None, &[], false, None)), "choices");
        assert_eq!(field(refused(FlagKind::Choice, None, &["a", "a"], false, None)), "choices[1]");
        assert_eq!(field(refused(FlagKind::Choice, None, &["a"], false, Some("b"))), "default");
        assert_eq!(field(refused(FlagKind::Text, Some("("), &[], false, None)), "pattern");
        assert_eq!(field(refused(FlagKind::Text, Some("a\0"), &[], false, None)), "pattern");
        assert_eq!(field(refused(FlagKind::Text, Some("a".repeat(1001).as_str()), &[], false, None)), "pattern");
        assert_eq!(field(refused(FlagKind::Text, Some("[a-z]+"), &[], false, Some("A"))), "default");
        assert_eq!(field(refused(FlagKind::Text, None, &[], true, Some("x"))), "default");
        assert_eq!(field(refused(FlagKind::Boolean, None, &[], true, None)), "required");
    }

    #[test]
    fn defaults_follow_the_kind() {
        let rules = |kind, choices: &[&str]| {
            FlagRules::checked(kind, None, choices.iter().map(|c| c.to_string()).collect(), false, None).unwrap()
        };
        assert_eq!(rules(FlagKind::Boolean, &[]).default, "false");
        assert_eq!(rules(FlagKind::Choice, &["eu", "us"]).default, "eu");
        assert_eq!(rules(FlagKind::Text, &[]).default, "");
        let choice = rules(FlagKind::Choice, &["eu", "us"]);
        assert_eq!(choice.value_for_push("f", None).unwrap(), "eu");
        assert!(choice.value_for_push("f", Some("asia")).is_err());
        let required = text(".*");
        assert!(required.value_for_push("f", None).is_err());
        assert_eq!(required.value_for_push("f", Some("")).unwrap(), "");
    }
}
