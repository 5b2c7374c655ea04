//! `rolf import-rolf`: importing the original Rolf's cookbook export and a dump of its models (admins), and what
//! the import did or, with `--dry-run`, would do.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::error::{Error, Result};
use crate::model::decode;
use crate::output::{Output, cell};

#[derive(Debug, Args)]
pub struct ImportRolf {
    /// The original's `manage.py dump_cookbook` (CSV rows of name, language, code, description).
    #[arg(long, value_name = "FILE", required_unless_present = "dump")]
    cookbook: Option<PathBuf>,
    /// The original's `manage.py dumpdata rolf_main auth.group` (JSON).
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
    /// Print what would be created, updated and flagged, and change nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: String,
    outcome: String,
}

#[derive(Debug, Deserialize)]
struct Deployment {
    category: String,
    application: String,
    name: String,
    outcome: String,
    deployment_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Flagged {
    place: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
struct Converted {
    place: String,
    note: String,
}

#[derive(Debug, Deserialize)]
struct Skipped {
    model: String,
    count: u64,
    reason: String,
}

#[derive(Debug, Deserialize)]
struct Report {
    dry_run: bool,
    changed: bool,
    recipes: Vec<Named>,
    groups: Vec<Named>,
    deployments: Vec<Deployment>,
    flagged: Vec<Flagged>,
    converted: Vec<Converted>,
    skipped: Vec<Skipped>,
}

fn read(path: Option<&Path>) -> Result<Option<String>> {
    path.map(|p| std::fs::read_to_string(p).map_err(|e| Error::local(&format!("reading {}", p.display()), e)))
        .transpose()
}

pub async fn run(api: &Api, args: ImportRolf, json: bool, out: &mut Output) -> Result<u8> {
    let body = json!({
        "cookbook_csv": read(args.cookbook.as_deref())?,
        "dump_json": read(args.dump.as_deref())?,
    });
    let path = if args.dry_run { "/import/rolf?dry_run=true" } else { "/import/rolf" };
    let value: Value = api.post(path, &body).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let report: Report = decode(value, "the import report")?;
    let named = |list: Vec<Named>| list.into_iter().map(|n| vec![n.name, n.outcome]).collect::<Vec<_>>();
    if !report.recipes.is_empty() {
        out.table(&["RECIPE", "OUTCOME"], &named(report.recipes))?;
    }
    if !report.groups.is_empty() {
        out.table(&["GROUP", "OUTCOME"], &named(report.groups))?;
    }
    if !report.deployments.is_empty() {
        let rows: Vec<Vec<String>> = report
            .deployments
            .into_iter()
            .map(|d| {
                let id = d.deployment_id.map(|i| i.to_string()).unwrap_or_else(|| "-".to_owned());
                vec![id, format!("{} / {} / {}", d.category, d.application, d.name), d.outcome]
            })
            .collect();
        out.table(&["ID", "DEPLOYMENT", "OUTCOME"], &rows)?;
    }
    for f in &report.flagged {
        out.note(&format!("needs conversion: {}: {}", f.place, cell(&f.reason, 200)))?;
    }
    for c in &report.converted {
        out.note(&format!("converted: {}: {}", c.place, c.note))?;
    }
    for s in &report.skipped {
        out.note(&format!("not imported: {} {} ({})", s.count, s.model, s.reason))?;
    }
    let summary = match (report.dry_run, report.changed) {
        (true, true) => "dry run: nothing was changed; the lines above are what importing would do",
        (true, false) => "dry run: importing would change nothing",
        (false, true) => "imported",
        (false, false) => "nothing to change: everything was already imported",
    };
    out.note(summary)?;
    if !report.flagged.is_empty() {
        out.note(&format!(
            "{} recipe(s) need conversion: pushes running them are refused until their code is saved",
            report.flagged.len()
        ))?;
    }
    Ok(0)
}
