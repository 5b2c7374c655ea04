//! Push power tools: `rolf resume`, `rolf continue`, `rolf diff`, the diff `rolf push --dry-run` prints, and
//! `rolf workers`.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::error::{Error, Result};
use crate::follow;
use crate::model::{self, decode};
use crate::output::{Output, time};

/// `GET /pushes/{id}/diff`, `GET /deployments/{id}/diff`.
#[derive(Debug, Deserialize)]
pub struct Diff {
    pub push_id: Option<i64>,
    pub against: Option<i64>,
    pub unchanged: bool,
    pub stages: Vec<StageChange>,
    pub settings: Vec<ValueChange>,
    pub flags: Vec<ValueChange>,
}

#[derive(Debug, Deserialize)]
pub struct StageChange {
    pub change: String,
    pub name: String,
    pub old_name: Option<String>,
    pub moved: bool,
    pub old_language: Option<String>,
    pub language: String,
    pub timeout_changed: bool,
    pub old_timeout_seconds: Option<i64>,
    pub timeout_seconds: Option<i64>,
    pub code_diff: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ValueChange {
    pub change: String,
    pub name: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub secret: bool,
}

fn timeout(t: Option<i64>) -> String {
    t.map_or_else(|| "the default".to_owned(), |s| format!("{s}s"))
}

fn mark(change: &str) -> &'static str {
    match change {
        "added" => "+",
        "removed" => "-",
        _ => "~",
    }
}

/// Prints a diff for people: one line per change, code diffs indented below their stage.
pub fn print(diff: &Diff, newer: &str, out: &mut Output) -> Result<()> {
    let older = diff.against.map_or_else(|| "nothing (no earlier succeeded push)".to_owned(), |p| format!("push {p}"));
    out.out_line(&format!("{newer} against {older}:"))?;
    if diff.unchanged {
        out.out_line("  nothing changed")?;
        return Ok(());
    }
    if !diff.stages.is_empty() {
        out.out_line("stages:")?;
    }
    for s in &diff.stages {
        let mut what = Vec::new();
        match s.change.as_str() {
            "added" | "removed" => what.push(s.change.clone()),
            _ => {
                if let Some(old) = &s.old_name {
                    what.push(format!("renamed from {old}"));
                }
                if s.moved {
                    what.push("moved".to_owned());
                }
                if let Some(old) = &s.old_language {
                    what.push(format!("language {old} -> {}", s.language));
                }
                if s.timeout_changed {
                    what.push(format!("timeout {} -> {}", timeout(s.old_timeout_seconds), timeout(s.timeout_seconds)));
                }
                if s.code_diff.is_some() {
                    what.push("code changed".to_owned());
                }
            }
        }
        out.out_line(&format!("  {} {}: {}", mark(&s.change), s.name, what.join(", ")))?;
        if let Some(code) = &s.code_diff {
            for line in code.lines() {
                out.out_line(&format!("      {line}"))?;
            }
        }
    }
    for (title, changes) in [("settings", &diff.settings), ("flags", &diff.flags)] {
        if changes.is_empty() {
            continue;
        }
        out.out_line(&format!("{title}:"))?;
        for c in changes {
            let value = |v: &Option<String>| v.as_deref().map_or_else(|| "-".to_owned(), |v| format!("{v:?}"));
            let what = match (c.secret, c.change.as_str()) {
                (true, change) => format!("{change} (secret: its value is not shown)"),
                (false, "added") => format!("added, {}", value(&c.new)),
                (false, "removed") => format!("removed, was {}", value(&c.old)),
                (false, _) => format!("{} -> {}", value(&c.old), value(&c.new)),
            };
            out.out_line(&format!("  {} {}: {what}", mark(&c.change), c.name))?;
        }
    }
    Ok(())
}

pub async fn diff(api: &Api, push: i64, against: Option<i64>, json: bool, out: &mut Output) -> Result<u8> {
    let query: Vec<(&str, String)> = against.map(|a| vec![("against", a.to_string())]).unwrap_or_default();
    let value: Value = api.get_with_query(&format!("/pushes/{push}/diff"), &query).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let diff: Diff = decode(value, "a diff")?;
    print(&diff, &format!("push {}", diff.push_id.unwrap_or(push)), out)?;
    Ok(0)
}

pub async fn resume(
    api: &Api,
    push: i64,
    comment: Option<String>,
    wait: bool,
    json: bool,
    out: &mut Output,
) -> Result<u8> {
    let body = comment.map_or_else(|| json!({}), |c| json!({"comment": c}));
    let created: Value = api.post(&format!("/pushes/{push}/resume"), &body).await?;
    let id = decode::<model::Created>(created.clone(), "a new push")?.id;
    if !wait {
        if json {
            out.json(&created)?;
        } else {
            out.out_line(&id.to_string())?;
            out.note(&format!("push {id} resumes push {push}; `rolf follow {id}` follows it"))?;
        }
        return Ok(0);
    }
    if json {
        out.json_line(&json!({"event": "created", "data": created}))?;
    } else {
        out.note(&format!("push {id} resumes push {push}; following its log (Ctrl-C to stop or cancel)"))?;
    }
    follow::follow(api, id, json, out).await
}

pub async fn continue_paused(api: &Api, push: i64, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.post(&format!("/pushes/{push}/continue"), &json!({})).await.map_err(|e| match e {
        Error::Refused(why) => Error::Refused(format!("push {push} cannot be continued: {why}")),
        other => other,
    })?;
    if json {
        out.json(&value)?;
    } else {
        out.out_line(&format!("push {push} continues"))?;
    }
    Ok(0)
}

/// `GET /workers`.
#[derive(Debug, Deserialize)]
struct WorkerInfo {
    name: String,
    host: String,
    pid: i64,
    pools: Vec<String>,
    concurrency: i64,
    live: bool,
    running: Vec<i64>,
    last_heartbeat_at: String,
}

pub async fn workers(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/workers").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let list: Vec<WorkerInfo> = decode(value, "the workers")?;
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|w| {
            let running: Vec<String> = w.running.iter().map(i64::to_string).collect();
            let running = if running.is_empty() { "-".to_owned() } else { running.join(" ") };
            vec![
                w.name,
                format!("{}:{}", w.host, w.pid),
                w.pools.join(","),
                format!("{}/{}", w.running.len(), w.concurrency),
                running,
                if w.live { "live".to_owned() } else { "gone".to_owned() },
                time(Some(&w.last_heartbeat_at)),
            ]
        })
        .collect();
    out.table(&["WORKER", "HOST:PID", "POOLS", "BUSY", "PUSHES", "STATE", "LAST HEARTBEAT (UTC)"], &rows)?;
    Ok(0)
}
