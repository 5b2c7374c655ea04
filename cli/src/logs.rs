//! `rolf logs search`: lines holding a text in the pushes you may view, newest first.

use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::Result;
use crate::model::decode;
use crate::output::{Output, cell, time};

#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Find lines holding TEXT (case matters) in the logs of the pushes you may view, newest first.
    Search(SearchArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The text to find.
    pub text: String,
    /// Only this deployment's pushes (its id).
    #[arg(long)]
    pub deployment_id: Option<i64>,
    /// Only lines printed at or after this time (RFC 3339, e.g. 2026-12-01T00:00:00Z).
    #[arg(long)]
    pub since: Option<String>,
    /// Only lines printed before this time (RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// Only lines of this stream: stdout, stderr or system.
    #[arg(long)]
    pub stream: Option<String>,
    /// How many hits.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub limit: u16,
    /// Only hits older than this one (a page's `next_before`, shown after a full page).
    #[arg(long)]
    pub before: Option<String>,
}

/// A hit of `GET /logs/search`.
#[derive(Debug, Deserialize)]
struct Hit {
    push_id: i64,
    application: String,
    deployment: String,
    seq: i64,
    at: String,
    stream: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    hits: Vec<Hit>,
    next_before: Option<String>,
}

pub async fn run(api: &Api, command: LogsCommand, json: bool, out: &mut Output) -> Result<u8> {
    let LogsCommand::Search(args) = command;
    let mut query: Vec<(&str, String)> = vec![("q", args.text), ("limit", args.limit.to_string())];
    let optional = [
        ("deployment_id", args.deployment_id.map(|d| d.to_string())),
        ("since", args.since),
        ("until", args.until),
        ("stream", args.stream),
        ("before", args.before),
    ];
    query.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    let value: Value = api.get_with_query("/logs/search", &query).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let page: Page = decode(value, "the search")?;
    let rows: Vec<Vec<String>> = page
        .hits
        .into_iter()
        .map(|h| {
            vec![
                h.push_id.to_string(),
                format!("{}/{}", h.application, h.deployment),
                h.seq.to_string(),
                time(Some(&h.at)),
                h.stream,
                cell(&h.text, 80),
            ]
        })
        .collect();
    out.table(&["PUSH", "DEPLOYMENT", "SEQ", "TIME (UTC)", "STREAM", "LINE"], &rows)?;
    if let Some(before) = page.next_before {
        out.note(&format!("more: --before {before}"))?;
    }
    Ok(0)
}
