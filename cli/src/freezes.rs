//! `rolf freezes`: the freeze windows you may see, with the one in effect now and the next (when pushes may not
//! happen; `rolf schedules` says when they will).

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
