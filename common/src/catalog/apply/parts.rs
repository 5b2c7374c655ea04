//! Settings and flags: what the document lists is created or changed to match it, what it does not list is
//! removed. A stage sees both as one set of environment variables, so the removals of both parts come first: a
//! setting may take the name of a flag the document drops, and back.

use std::collections::HashMap;

use diesel::PgConnection;

use super::document::{at, differing};
use super::report::{PartChanges, Updated};
use crate::authz::{CanEdit, CanView};
use crate::catalog::export::{FlagDoc, SettingDoc};
use crate::catalog::flag_rules::{FlagKind, FlagRules};
use crate::catalog::flags::{self, Flag, FlagPatch, NewFlag};
use crate::catalog::settings::{self, SettingInput};
use crate::error::{Error, Result};
use crate::validate;

pub(super) fn settings_and_flags(
    conn: &mut PgConnection,
    cap: &CanEdit,
    viewing: &CanView,
    wanted_settings: &[SettingDoc],
    wanted_flags: &[FlagDoc],
) -> Result<(PartChanges, PartChanges)> {
    let (mut setting_changes, mut flag_changes) = (PartChanges::default(), PartChanges::default());
    let mut kept_settings = HashMap::new();
    for (name, value, secret) in settings::stored(conn, cap)? {
        if wanted_settings.iter().any(|s| s.name == name) {
            kept_settings.insert(name, (value, secret));
        } else {
            settings::remove(conn, cap, &name)?;
            setting_changes.removed.push(name);
        }
    }
    let mut kept_flags = Vec::new();
    for flag in flags::list(conn, viewing)? {
        if wanted_flags.iter().any(|f| f.varname == flag.varname) {
            kept_flags.push(flag);
        } else {
            flags::remove(conn, cap, flag.id)?;
            flag_changes.removed.push(flag.varname);
        }
    }
    put_settings(conn, cap, wanted_settings, &kept_settings, &mut setting_changes)?;
    put_flags(conn, cap, wanted_flags, &kept_flags, &mut flag_changes)?;
    Ok((setting_changes, flag_changes))
}

fn put_settings(
    conn: &mut PgConnection,
    cap: &CanEdit,
    wanted: &[SettingDoc],
    stored: &HashMap<String, (String, bool)>,
    changes: &mut PartChanges,
) -> Result<()> {
    for (i, setting) in wanted.iter().enumerate() {
        let place = format!("settings[{i}]");
        let current = stored.get(&setting.name);
        let value = match (&setting.value, current) {
            (Some(value), _) => value.clone(),
            // A secret's value never leaves Rolf, so a document re-applied keeps the one stored.
            (None, Some((value, _))) if setting.secret => value.clone(),
            (None, None) if setting.secret => {
                return Err(Error::invalid(
                    format!("{place}.value"),
                    format!("the new secret setting '{}' needs its value: exports never carry one", setting.name),
                ));
            }
            (None, _) => {
                return Err(Error::invalid(format!("{place}.value"), "a setting that is not secret needs a value"));
            }
        };
        let fields: Vec<String> = match current {
            Some((old_value, old_secret)) => {
                differing(&[("value", *old_value != value), ("secret", *old_secret != setting.secret)])
            }
            None => Vec::new(),
        };
        if current.is_some() && fields.is_empty() {
            continue;
        }
        let input = SettingInput { value, secret: setting.secret };
        settings::store(conn, cap, &setting.name, &input).map_err(at(&place))?;
        match current {
            Some(_) => changes.updated.push(Updated { name: setting.name.clone(), fields }),
            None => changes.created.push(setting.name.clone()),
        }
    }
    Ok(())
}

/// A flag as the document wants it, checked by the rules every flag meets.
struct Wanted {
    name: String,
    rules: FlagRules,
}

fn wanted(flag: &FlagDoc) -> Result<Wanted> {
    let name = validate::display_name("name", &flag.name)?;
    let rules =
        FlagRules::checked(flag.kind, flag.pattern.clone(), flag.choices.clone(), flag.required, flag.default.clone())?;
    Ok(Wanted { name, rules })
}

fn put_flags(
    conn: &mut PgConnection,
    cap: &CanEdit,
    wanted_flags: &[FlagDoc],
    existing: &[Flag],
    changes: &mut PartChanges,
) -> Result<()> {
    for (i, doc) in wanted_flags.iter().enumerate() {
        let place = format!("flags[{i}]");
        let want = wanted(doc).map_err(at(&place))?;
        let choices = (want.rules.kind == FlagKind::Choice).then(|| want.rules.choices.clone());
        match existing.iter().find(|f| f.varname == doc.varname) {
            Some(flag) => {
                let old = flag.rules();
                let fields: Vec<String> = differing(&[
                    ("name", flag.name != want.name),
                    ("description", flag.description != doc.description),
                    ("kind", old.kind != want.rules.kind),
                    ("default", old.default != want.rules.default),
                    ("pattern", old.pattern != want.rules.pattern),
                    ("choices", old.choices != want.rules.choices),
                    ("required", old.required != want.rules.required),
                    ("boolean_as", flag.boolean_as != doc.boolean_as),
                ]);
                if fields.is_empty() {
                    continue;
                }
                let patch = FlagPatch {
                    name: Some(want.name),
                    varname: None,
                    default: Some(want.rules.default),
                    description: Some(doc.description.clone()),
                    kind: Some(want.rules.kind),
                    // Empty removes a pattern.
                    pattern: Some(want.rules.pattern.unwrap_or_default()),
                    choices,
                    required: Some(want.rules.required),
                    boolean_as: Some(doc.boolean_as),
                };
                flags::change(conn, cap, flag.id, patch).map_err(at(&place))?;
                changes.updated.push(Updated { name: doc.varname.clone(), fields });
            }
            None => {
                let input = NewFlag {
                    name: want.name,
                    varname: doc.varname.clone(),
                    default: Some(want.rules.default),
                    description: doc.description.clone(),
                    kind: Some(want.rules.kind),
                    pattern: want.rules.pattern,
                    choices,
                    required: want.rules.required,
                    boolean_as: Some(doc.boolean_as),
                };
                flags::insert(conn, cap, input).map_err(at(&place))?;
                changes.created.push(doc.varname.clone());
            }
        }
    }
    Ok(())
}
