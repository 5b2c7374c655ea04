//! Checks a document can pass before the database is asked anything: its version, and that no part names the
//! same thing twice. Every refusal names its place in the document (`stages[2].name`).

use std::collections::HashMap;

use crate::catalog::export::{DeploymentDocument, VERSION};
use crate::error::{Error, Result};
use crate::validate;

/// Puts an error's field at its place in the document: `name` of `settings[2]` becomes `settings[2].name`.
pub(super) fn at(place: &str) -> impl Fn(Error) -> Error + '_ {
    move |error| match error {
        Error::Invalid { field, message } => Error::Invalid { field: format!("{place}.{field}"), message },
        other => other,
    }
}

/// The names of the fields whose check says they differ.
pub(super) fn differing(checks: &[(&str, bool)]) -> Vec<String> {
    checks.iter().filter(|(_, differs)| *differs).map(|(field, _)| (*field).to_owned()).collect()
}

/// The first place each key appears; the second appearance of one is refused.
fn once<'a>(part: &str, field: &str, keys: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.enumerate() {
        if let Some(first) = seen.insert(key, i) {
            return Err(Error::invalid(
                format!("{part}[{i}].{field}"),
                format!("'{key}' is listed twice (also at {part}[{first}])"),
            ));
        }
    }
    Ok(())
}

pub(super) fn check(doc: &DeploymentDocument) -> Result<()> {
    if doc.rolf != VERSION {
        return Err(Error::invalid("rolf", format!("this Rolf reads documents of version {VERSION}")));
    }
    once("settings", "name", doc.settings.iter().map(|s| s.name.as_str()))?;
    once("flags", "varname", doc.flags.iter().map(|f| f.varname.as_str()))?;
    let stage_names: Vec<&str> = doc.stages.iter().map(|s| s.name.trim()).collect();
    once("stages", "name", stage_names.into_iter())?;
    once("permissions", "group", doc.permissions.iter().map(|p| p.group.as_str()))?;
    if let Some(hooks) = &doc.webhooks {
        once("webhooks", "url", hooks.iter().map(|h| h.url.trim()))?;
    }
    // A stage sees settings and flags as one set of environment variables.
    for (i, flag) in doc.flags.iter().enumerate() {
        if doc.settings.iter().any(|s| s.name == flag.varname) {
            return Err(Error::invalid(
                format!("flags[{i}].varname"),
                format!("a setting is named '{}' too; a flag and a setting cannot share a name", flag.varname),
            ));
        }
    }
    // Group names are looked up; some text that breaks their rule (NUL) Postgres refuses outright.
    for (i, grant) in doc.permissions.iter().enumerate() {
        validate::group_name(&grant.group).map_err(|m| Error::invalid(format!("permissions[{i}].group"), m))?;
    }
    if let Some(group) = &doc.approvals.approver_group {
        validate::group_name(group).map_err(|m| Error::invalid("approvals.approver_group", m))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: serde_json::Value) -> DeploymentDocument {
        serde_json::from_value(yaml).unwrap()
    }

    fn field(result: Result<()>) -> String {
        match result {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_part_may_not_name_a_thing_twice() {
        let base = serde_json::json!({"rolf": 1, "application": "shop", "name": "production"});
        assert!(check(&doc(base.clone())).is_ok());
        let mut twice = base.clone();
        twice["stages"] = serde_json::json!([
            {"name": "build", "language": "bash", "code": "make"},
            {"name": " build", "recipe": "x"},
        ]);
        assert_eq!(field(check(&doc(twice))), "stages[1].name");
        let mut clash = base.clone();
        clash["settings"] = serde_json::json!([{"name": "HOST", "value": "a"}]);
        clash["flags"] = serde_json::json!([{"name": "Host", "varname": "HOST"}]);
        assert_eq!(field(check(&doc(clash))), "flags[0].varname");
        let mut version = base;
        version["rolf"] = serde_json::json!(2);
        assert_eq!(field(check(&doc(version))), "rolf");
    }

    #[test]
    fn errors_are_put_at_their_place() {
        let placed = at("settings[3]")(Error::invalid("value", "too long"));
        assert!(matches!(placed, Error::Invalid { field, .. } if field == "settings[3].value"));
        assert!(matches!(at("x")(Error::NotFound("stage")), Error::NotFound("stage")));
    }
}
