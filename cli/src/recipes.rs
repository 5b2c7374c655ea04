//! `rolf recipes`: the shared cookbook, and importing a cookbook file into it (admins).

use std::path::PathBuf;

use clap::Subcommand;
use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::{Error, Result};
use crate::model::decode;
use crate::output::{Output, cell, time};

#[derive(Debug, Subcommand)]
pub enum RecipesCommand {
    /// List the cookbook's recipes.
    List,
    /// Import a cookbook file, e.g. the starter cookbook (cookbook/starter.json), and show what was created,
    /// updated and left unchanged (admins). Recipes are matched by name, so importing again never duplicates
    /// one; a refused file imports nothing.
    Import {
        /// The cookbook file (JSON).
        file: PathBuf,
    },
}

#[derive(Debug, Deserialize)]
struct Recipe {
    id: i64,
    name: String,
    language: String,
    description: String,
    updated_at: String,
    needs_conversion: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Imported {
    id: i64,
    name: String,
    outcome: String,
}

#[derive(Debug, Deserialize)]
struct Report {
    created: u64,
    updated: u64,
    unchanged: u64,
    recipes: Vec<Imported>,
}

pub async fn run(api: &Api, command: RecipesCommand, json: bool, out: &mut Output) -> Result<u8> {
    match command {
        RecipesCommand::List => list(api, json, out).await,
        RecipesCommand::Import { file } => import(api, &file, json, out).await,
    }
}

async fn list(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/recipes").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let recipes: Vec<Recipe> = decode(value, "the cookbook")?;
    let rows: Vec<Vec<String>> = recipes
        .into_iter()
        .map(|r| {
            // Imported from the original Rolf and not runnable as it is: pushes using it are refused.
            let status = if r.needs_conversion.is_some() { "needs conversion" } else { "ok" };
            let (id, updated) = (r.id.to_string(), time(Some(&r.updated_at)));
            vec![id, r.name, r.language, updated, status.to_owned(), cell(&r.description, 60)]
        })
        .collect();
    out.table(&["ID", "NAME", "LANGUAGE", "UPDATED (UTC)", "STATUS", "DESCRIPTION"], &rows)?;
    Ok(0)
}

async fn import(api: &Api, file: &std::path::Path, json: bool, out: &mut Output) -> Result<u8> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::local(&format!("reading {}", file.display()), e))?;
    // Only the syntax is checked here; the API checks the rest and names the place of what it refuses.
    let body: Value =
        serde_json::from_str(&text).map_err(|e| Error::usage(format!("{} is not JSON: {e}", file.display())))?;
    let value: Value = api.post("/recipes/import", &body).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let report: Report = decode(value, "the import report")?;
    let rows: Vec<Vec<String>> =
        report.recipes.into_iter().map(|r| vec![r.id.to_string(), r.name, r.outcome]).collect();
    out.table(&["ID", "RECIPE", "OUTCOME"], &rows)?;
    out.note(&format!("{} created, {} updated, {} unchanged", report.created, report.updated, report.unchanged))?;
    Ok(0)
}
