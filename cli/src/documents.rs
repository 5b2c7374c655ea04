//! Deployments as code: `rolf export` prints a deployment's document, `rolf apply -f FILE` makes a deployment match
//! one and prints what changed.

use std::path::Path;

use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::{Error, Result};
use crate::model::decode;
use crate::output::Output;

/// The export document, as the API sent it: YAML with `yaml`, else JSON (whatever `--json` says).
pub async fn export(api: &Api, deployment: &str, yaml: bool, out: &mut Output) -> Result<u8> {
    let deployment = crate::commands::resolve(api, deployment).await?;
    let path = format!("/deployments/{}/export", deployment.id);
    if !yaml {
        let document: Value = api.get(&path).await?;
        out.json(&document)?;
        return Ok(0);
    }
    let text = api.text(api.request(Method::GET, &path).header(ACCEPT, "application/yaml")).await?;
    out.out_line(text.trim_end())?;
    Ok(0)
}

/// How the file's content is sent: by its extension, else by its first character (a JSON document is an object).
fn content_type(path: &Path, text: &str) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => "application/json",
        Some("yaml" | "yml") => "application/yaml",
        _ if text.trim_start().starts_with('{') => "application/json",
        _ => "application/yaml",
    }
}

pub async fn apply(api: &Api, file: &Path, dry_run: bool, json: bool, out: &mut Output) -> Result<u8> {
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).map_err(|e| Error::local("reading the document from stdin", e))?
    } else {
        std::fs::read_to_string(file).map_err(|e| Error::local(&format!("reading {}", file.display()), e))?
    };
    let query = if dry_run { "?dry_run=true" } else { "" };
    let value: Value = api
        .call(
            api.request(Method::POST, &format!("/deployments/apply{query}"))
                .header(CONTENT_TYPE, content_type(file, &text))
                .body(text),
        )
        .await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let report: Report = decode(value, "an apply report")?;
    print(&report, out)?;
    Ok(0)
}

/// `POST /deployments/apply`.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub dry_run: bool,
    pub changed: bool,
    pub category: String,
    pub application: String,
    pub name: String,
    pub created: Vec<String>,
    pub fields: Vec<FieldChange>,
    pub settings: Part,
    pub flags: Part,
    pub stages: Part,
    pub stages_reordered: bool,
    pub permissions: Part,
    pub webhooks: Part,
}

#[derive(Debug, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Part {
    pub created: Vec<String>,
    pub updated: Vec<Updated>,
    pub removed: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Updated {
    pub name: String,
    pub fields: Vec<String>,
}

/// A field's value for people: quoted, cut short, `-` for none.
fn shown(value: &Option<String>) -> String {
    match value {
        None => "-".to_owned(),
        Some(v) => format!("{:?}", crate::output::cell(v, 60)),
    }
}

/// Prints a report for people: what was (or would be) created, then one line per change, part by part:
/// `+` created, `~` updated (with the fields that changed), `-` removed.
pub fn print(report: &Report, out: &mut Output) -> Result<()> {
    let target = format!("{}/{} (category {})", report.application, report.name, report.category);
    let (done, would) = if report.dry_run { ("would be", "would change") } else { ("was", "changed") };
    if !report.created.is_empty() {
        out.out_line(&format!("{target}: {} {done} created", report.created.join(", ")))?;
    } else if report.changed {
        out.out_line(&format!("{target}: {would}"))?;
    } else {
        out.out_line(&format!("{target}: nothing to change"))?;
    }
    for f in &report.fields {
        out.out_line(&format!("  ~ {}: {} -> {}", f.field, shown(&f.before), shown(&f.after)))?;
    }
    let parts = [
        ("settings", &report.settings),
        ("flags", &report.flags),
        ("stages", &report.stages),
        ("permissions", &report.permissions),
        ("webhooks", &report.webhooks),
    ];
    for (title, part) in parts {
        let reordered = title == "stages" && report.stages_reordered;
        if part.created.is_empty() && part.updated.is_empty() && part.removed.is_empty() && !reordered {
            continue;
        }
        out.out_line(&format!("{title}:"))?;
        for name in &part.created {
            out.out_line(&format!("  + {name}"))?;
        }
        for u in &part.updated {
            out.out_line(&format!("  ~ {}: {}", u.name, u.fields.join(", ")))?;
        }
        for name in &part.removed {
            out.out_line(&format!("  - {name}"))?;
        }
        if reordered {
            out.out_line("  ~ the stages run in a new order")?;
        }
    }
    if report.dry_run {
        out.note("dry run: nothing was changed")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_says_how_it_is_sent() {
        assert_eq!(content_type(Path::new("d.json"), "rolf: 1"), "application/json");
        assert_eq!(content_type(Path::new("d.YML"), "{}"), "application/yaml");
        assert_eq!(content_type(Path::new("-"), "  {\"rolf\": 1}"), "application/json");
        assert_eq!(content_type(Path::new("deployment"), "rolf: 1\n"), "application/yaml");
    }
}
