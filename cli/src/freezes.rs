//! `rolf freezes` (the freeze windows you may see, with the one in effect now and the next) and `rolf schedules`
//! (a deployment's scheduled pushes): when pushes may or will happen.

use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::Result;
use crate::model::decode;
use crate::output::{Output, cell, time};

#[derive(Debug, Deserialize)]
struct Window {
    starts_at: String,
    ends_at: String,
}

#[derive(Debug, Deserialize)]
struct Freeze {
    id: i64,
    reason: String,
    category_id: Option<i64>,
    application_id: Option<i64>,
    deployment_id: Option<i64>,
    cron: Option<String>,
    duration_minutes: Option<i64>,
    timezone: Option<String>,
    active: Option<Window>,
    next: Option<Window>,
}

impl Freeze {
    fn scope(&self) -> String {
        match (self.category_id, self.application_id, self.deployment_id) {
            (Some(c), _, _) => format!("category {c}"),
            (_, Some(a), _) => format!("application {a}"),
            (_, _, Some(d)) => format!("deployment {d}"),
            _ => "everything".to_owned(),
        }
    }

    fn rule(&self) -> String {
        match (&self.cron, self.duration_minutes, &self.timezone) {
            (Some(cron), Some(minutes), Some(tz)) => format!("{cron} ({tz}) for {minutes} min"),
            _ => "once".to_owned(),
        }
    }
}

pub async fn list(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/freezes").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let freezes: Vec<Freeze> = decode(value, "the freezes")?;
    let span = |w: &Option<Window>| match w {
        Some(w) => format!("{} - {}", time(Some(&w.starts_at)), time(Some(&w.ends_at))),
        None => "-".to_owned(),
    };
    let rows: Vec<Vec<String>> = freezes
        .iter()
        .map(|f| vec![f.id.to_string(), f.scope(), f.rule(), span(&f.active), span(&f.next), cell(&f.reason, 40)])
        .collect();
    out.table(&["ID", "SCOPE", "WHEN", "NOW (UTC)", "NEXT (UTC)", "REASON"], &rows)?;
    Ok(0)
}

#[derive(Debug, Deserialize)]
struct Run {
    fire_at: String,
    outcome: String,
    push_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Schedule {
    id: i64,
    owner: String,
    cron: Option<String>,
    timezone: Option<String>,
    at: Option<String>,
    enabled: bool,
    next_fires: Vec<String>,
    recent_runs: Vec<Run>,
}

/// `rolf schedules DEPLOYMENT`: its schedules, when they fire next, and what their last tick did.
pub async fn schedules(api: &Api, deployment: &str, json: bool, out: &mut Output) -> Result<u8> {
    let deployment = crate::commands::resolve(api, deployment).await?;
    let value: Value = api.get(&format!("/deployments/{}/schedules", deployment.id)).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let list: Vec<Schedule> = decode(value, "the schedules")?;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            let when = match (&s.cron, &s.timezone, &s.at) {
                (Some(cron), Some(tz), _) => format!("{cron} ({tz})"),
                (_, _, Some(at)) => format!("once at {}", time(Some(at))),
                _ => "-".to_owned(),
            };
            let next = if !s.enabled {
                "disabled".to_owned()
            } else {
                s.next_fires.first().map_or("-".to_owned(), |n| time(Some(n)))
            };
            let last = s.recent_runs.first().map_or("-".to_owned(), |r| {
                let push = r.push_id.map(|p| format!(" push {p}")).unwrap_or_default();
                format!("{} {}{push}", time(Some(&r.fire_at)), r.outcome)
            });
            vec![s.id.to_string(), when, s.owner.clone(), next, last]
        })
        .collect();
    out.table(&["ID", "WHEN", "OWNER", "NEXT (UTC)", "LAST TICK (UTC)"], &rows)?;
    Ok(0)
}
