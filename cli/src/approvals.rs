//! `rolf approve`, `rolf reject` and `rolf approvals`: the approvals a deployment may require before a push runs.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::error::{Error, Result};
use crate::model::decode;
use crate::output::{Output, cell, time};

#[derive(Debug, Deserialize)]
struct Decided {
    status: String,
    waiting_for: Option<String>,
}

pub async fn decide(
    api: &Api,
    push: i64,
    verb: &str,
    comment: Option<String>,
    json: bool,
    out: &mut Output,
) -> Result<u8> {
    let comment = comment.unwrap_or_default();
    if verb == "reject" && comment.trim().is_empty() {
        return Err(Error::usage("say why with -m/--message"));
    }
    let value: Value = api.post(&format!("/pushes/{push}/{verb}"), &json!({"comment": comment})).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let decided: Decided = decode(value, "the push")?;
    let line = match (decided.status.as_str(), decided.waiting_for) {
        ("awaiting_approval", Some(why)) => format!("push {push} still waits: {why}"),
        (status, _) => format!("push {push} is {status}"),
    };
    out.out_line(&line)?;
    Ok(0)
}

#[derive(Debug, Deserialize)]
struct Waiting {
    id: i64,
    application: String,
    deployment: String,
    user: String,
    comment: String,
    created_at: String,
    waiting_for: Option<String>,
}

pub async fn list(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/approvals").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let waiting: Vec<Waiting> = decode(value, "the pushes awaiting approval")?;
    let rows: Vec<Vec<String>> = waiting
        .into_iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                format!("{}/{}", p.application, p.deployment),
                p.user,
                time(Some(&p.created_at)),
                cell(&p.comment, 40),
                p.waiting_for.unwrap_or_default(),
            ]
        })
        .collect();
    out.table(&["PUSH", "DEPLOYMENT", "BY", "REQUESTED (UTC)", "COMMENT", "NEEDS"], &rows)?;
    Ok(0)
}
