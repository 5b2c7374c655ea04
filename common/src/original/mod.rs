//! Coming from the original Rolf (issue 13): its cookbook export ([`cookbook_csv`]) and a `dumpdata` of its
//! models ([`dump`]) imported in one transaction. Cookbook recipes are matched by name, groups by name and
//! deployments by application and name, and each deployment goes through [`crate::catalog::apply`] as a
//! document, so a second run finds everything as imported and changes nothing. What Rolf has that the original
//! had not (a description, approvals, pool, webhooks, a setting made secret) is kept. A dry run does the same
//! work and rolls it back.

pub mod convert;
pub mod cookbook_csv;
mod deployments;
pub mod dump;
mod report;

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde::Deserialize;

pub use report::{
    RolfImportConversion, RolfImportDeployment, RolfImportFlagged, RolfImportGroup, RolfImportReport, RolfImportSkipped,
};

use crate::access::{groups, users};
use crate::audit::Change;
use crate::authz::{self, AdminCap};
use crate::error::{Error, Result};
use crate::recipes::cookbook::check_code;
use crate::recipes::import::{self, Checked, Importer, Outcome};
use crate::schema::groups as group_rows;
use crate::validate;
use crate::validate::together::{Together, left_out, shape};

/// The longest export text accepted, in characters (each of the two), as the schema's `maxLength` counts.
pub const MAX_TEXT_CHARS: usize = 32 << 20;

/// The service account that `rolf-api import-rolf` acts as (an admin, created on first use).
pub const COMMAND_LINE_ACCOUNT: &str = "import-rolf";

/// What to import: the original's cookbook export, a dump of its models, or both.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OriginalExport {
    /// The text of `manage.py dump_cookbook`: CSV rows of name, language (`shell` or `python`), code and
    /// description.
    #[serde(default)]
    #[schema(max_length = 33554432)]
    pub cookbook_csv: Option<String>,
    /// The text of `manage.py dumpdata rolf_main auth.group`: a JSON array of Django objects.
    #[serde(default)]
    #[schema(max_length = 33554432)]
    pub dump_json: Option<String>,
}

/// At least one of the two texts.
impl Together for OriginalExport {
    fn forbidden() -> Vec<serde_json::Value> {
        vec![shape(&[left_out("cookbook_csv"), left_out("dump_json")])]
    }
}

/// Imports as an admin, in one transaction (rolled back on a dry run).
pub fn import(
    conn: &mut PgConnection,
    cap: &AdminCap,
    input: &OriginalExport,
    dry_run: bool,
) -> Result<RolfImportReport> {
    in_transaction(conn, dry_run, |conn| run(conn, cap, input))
}

/// Imports as [`COMMAND_LINE_ACCOUNT`]: what `rolf-api import-rolf` does with the database's URL.
pub fn import_from_command_line(
    conn: &mut PgConnection,
    input: &OriginalExport,
    dry_run: bool,
) -> Result<RolfImportReport> {
    in_transaction(conn, dry_run, |conn| {
        let id = users::bootstrap_admin(conn, COMMAND_LINE_ACCOUNT)?;
        let actor = users::actor(conn, id, &[])?
            .ok_or_else(|| Error::Internal(format!("the account {COMMAND_LINE_ACCOUNT} vanished")))?;
        let cap = authz::admin(&actor)?;
        run(conn, &cap, input)
    })
}

fn in_transaction(
    conn: &mut PgConnection,
    dry_run: bool,
    work: impl FnOnce(&mut PgConnection) -> Result<RolfImportReport>,
) -> Result<RolfImportReport> {
    let report = crate::db::commit_unless_dry_run(conn, dry_run, work)?;
    Ok(if dry_run { report.rolled_back() } else { report })
}

fn run(conn: &mut PgConnection, cap: &AdminCap, input: &OriginalExport) -> Result<RolfImportReport> {
    let rows = match &input.cookbook_csv {
        Some(text) => {
            check_size(cookbook_csv::FIELD, text)?;
            cookbook_csv::parse(text)?
        }
        None => Vec::new(),
    };
    let dump = match &input.dump_json {
        Some(text) => {
            check_size(dump::FIELD, text)?;
            dump::parse(text)?
        }
        None if input.cookbook_csv.is_none() => {
            return Err(Error::invalid("cookbook_csv", "give the cookbook CSV, the dump, or both"));
        }
        None => dump::Dump::default(),
    };
    let skipped = dump
        .skipped
        .iter()
        .map(|(model, count)| RolfImportSkipped {
            model: (*model).to_owned(),
            count: *count,
            reason: dump::SKIPPED.iter().find(|(m, _)| m == model).map(|(_, r)| (*r).to_owned()).unwrap_or_default(),
        })
        .collect();
    let mut report = RolfImportReport { skipped, ..Default::default() };
    let cookbook = cookbook(&rows, &dump)?;
    let importer = Importer::Admin(cap);
    for (name, entry) in &cookbook {
        let (_, outcome) = import::upsert(conn, &importer, &entry.checked)?;
        report.note(format!("recipe '{name}'"), &entry.converted);
        report.recipes.push(report::RolfImportRecipe {
            name: name.clone(),
            outcome,
            needs_conversion: entry.converted.needs_conversion.clone(),
            converted: entry.converted.note.clone(),
        });
    }
    report.groups = import_groups(conn, cap, &dump)?;
    deployments::import(conn, cap.actor(), &dump, &mut report)?;
    report.changed = report.any_change();
    if report.changed {
        importer.record(conn, Change::new("original", "import", None).after(&report))?;
    }
    Ok(report)
}

fn check_size(field: &str, text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_CHARS && text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(field, format!("at most {} Mi characters", MAX_TEXT_CHARS >> 20)));
    }
    Ok(())
}

/// One cookbook recipe as it will be stored, and what the conversion made of it.
struct Entry {
    place: String,
    checked: Checked,
    converted: convert::Converted,
}

/// The cookbook recipes of both sources, by name: the same name twice must hold the same recipe.
fn cookbook(rows: &[cookbook_csv::Row], dump: &dump::Dump) -> Result<BTreeMap<String, Entry>> {
    let from_csv = rows.iter().map(|r| {
        (cookbook_csv::FIELD.to_owned(), format!("row {}: ", r.row), &r.name, &r.language, &r.code, &r.description)
    });
    let from_dump = dump
        .recipes
        .iter()
        .filter(|r| !r.item.name.trim().is_empty())
        .map(|r| (r.place(), String::new(), &r.item.name, &r.item.language, &r.item.code, &r.item.description));
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    for (field, line, name, language, code, description) in from_csv.chain(from_dump) {
        let refuse =
            |message: String| Error::invalid(field.clone(), format!("{line}recipe '{}': {message}", name.trim()));
        let name = validate::display_name(&field, name).map_err(|e| refuse(e.to_string()))?;
        let place = format!("{field} {line}").trim_end_matches([' ', ':']).to_owned();
        let entry = checked_recipe(&place, &name, language, code, description).map_err(|e| match e {
            Error::Invalid { message, .. } => refuse(message),
            other => other,
        })?;
        match entries.get(&name) {
            Some(first)
                if first.checked.code != entry.checked.code
                    || first.checked.language != entry.checked.language
                    || first.checked.description != entry.checked.description =>
            {
                return Err(refuse(format!("also in {} with other code or description", first.place)));
            }
            Some(_) => {}
            None => {
                entries.insert(name, entry);
            }
        }
    }
    Ok(entries)
}

/// A recipe of the original converted and checked as Rolf stores it.
fn checked_recipe(place: &str, name: &str, language: &str, code: &str, description: &str) -> Result<Entry> {
    let lang = convert::language(language)
        .ok_or_else(|| Error::invalid("language", format!("'{language}' is neither shell nor python")))?;
    let converted = convert::convert(lang, code);
    check_code(&converted.code)?;
    validate::text("description", description, validate::MAX_TEXT_LEN)?;
    let checked = Checked {
        name: name.to_owned(),
        language: converted.language,
        description: description.to_owned(),
        code: converted.code.clone(),
        needs_conversion: converted.needs_conversion.clone(),
    };
    Ok(Entry { place: place.to_owned(), checked, converted })
}

/// The dump's groups as Rolf groups of the same names, created when missing.
fn import_groups(conn: &mut PgConnection, cap: &AdminCap, dump: &dump::Dump) -> Result<Vec<RolfImportGroup>> {
    let mut names: Vec<(String, String)> =
        dump.groups.iter().map(|g| (g.item.name.clone(), format!("{}.fields.name", g.place()))).collect();
    for p in &dump.permissions {
        names.push((dump.group_name(p)?.to_owned(), format!("{}.fields.group", p.place())));
    }
    let mut imported: Vec<RolfImportGroup> = Vec::new();
    for (name, place) in names {
        if imported.iter().any(|g| g.name == name) {
            continue;
        }
        validate::group_name(&name).map_err(|m| Error::invalid(place, format!("group '{name}': {m}")))?;
        let exists: bool = diesel::select(diesel::dsl::exists(group_rows::table.filter(group_rows::name.eq(&name))))
            .get_result(conn)?;
        let outcome = if exists {
            Outcome::Unchanged
        } else {
            let input =
                groups::NewGroup { name: name.clone(), description: "Imported from the original Rolf".to_owned() };
            groups::create(conn, cap, input)?;
            Outcome::Created
        };
        imported.push(RolfImportGroup { name, outcome });
    }
    Ok(imported)
}
