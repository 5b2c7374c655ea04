//! `rolf freezes` (the freeze windows you may see, with the one in effect now and the next) and `rolf freeze
//! add|rm`: when pushes may not happen (`rolf schedules` says when they will).

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::commands::{resolve, set_given};
use crate::error::{Error, Result};
use crate::model::decode;
use crate::output::{Output, cell, time};

#[derive(Debug, Subcommand)]
pub enum FreezeCommand {
    /// Freeze pushes (admins; editors of a deployment for that deployment): once from --from to --until, or every
    /// time --cron fires, for --minutes, in --timezone. Pushes are refused meanwhile unless bypassed, and queued
    /// ones wait.
    Add(NewFreeze),
    /// Remove a freeze window (whoever may add it may remove it).
    Rm {
        /// The freeze's id (see `rolf freezes`).
        id: i64,
    },
}

/// What it covers (everything when no scope is given) and when. As the API's `NewFreeze`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scope").args(["deployment", "application", "category"])))]
#[command(group(clap::ArgGroup::new("when").required(true).args(["from", "cron"])))]
pub struct NewFreeze {
    /// Why: shown to whoever is refused a push.
    #[arg(long, short)]
    reason: String,
    /// Only this deployment (id or application/deployment).
    #[arg(long, short)]
    deployment: Option<String>,
    /// Only this application's deployments (its name or id).
    #[arg(long)]
    application: Option<String>,
    /// Only this category's deployments (its name or id).
    #[arg(long)]
    category: Option<String>,
    /// A one-off window's start (RFC 3339, e.g. 2026-12-24T00:00:00Z), with --until.
    #[arg(long, value_name = "TIME", requires = "until", value_parser = crate::args::parse_time)]
    from: Option<DateTime<Utc>>,
    /// A one-off window's end, after --from.
    #[arg(long, value_name = "TIME", requires = "from", value_parser = crate::args::parse_time)]
    until: Option<DateTime<Utc>>,
    /// A recurring window starts whenever this 5-field cron pattern fires, e.g. "0 16 * * 5" (Fridays at 16:00).
    #[arg(long, requires_all = ["minutes", "timezone"])]
    cron: Option<String>,
    /// How long each recurring window lasts, 1 to 20160 minutes.
    #[arg(long, requires = "cron")]
    minutes: Option<i64>,
    /// The IANA time zone the cron pattern is read in, e.g. Europe/Berlin or UTC.
    #[arg(long, requires = "cron")]
    timezone: Option<String>,
}

pub async fn run(api: &Api, command: FreezeCommand, json: bool, out: &mut Output) -> Result<u8> {
    match command {
        FreezeCommand::Add(new) => {
            let deployment = match &new.deployment {
                Some(name) => Some(resolve(api, name).await?.id),
                None => None,
            };
            let application = match &new.application {
                Some(name) => Some(id_of(api, "application", "/applications", name).await?),
                None => None,
            };
            let category = match &new.category {
                Some(name) => Some(id_of(api, "category", "/categories", name).await?),
                None => None,
            };
            let mut body = json!({"reason": new.reason});
            set_given(
                &mut body,
                [
                    ("deployment_id", deployment.map(Value::from)),
                    ("application_id", application.map(Value::from)),
                    ("category_id", category.map(Value::from)),
                    ("starts_at", new.from.map(|t| Value::from(t.to_rfc3339()))),
                    ("ends_at", new.until.map(|t| Value::from(t.to_rfc3339()))),
                    ("cron", new.cron.map(Value::from)),
                    ("duration_minutes", new.minutes.map(Value::from)),
                    ("timezone", new.timezone.map(Value::from)),
                ],
            );
            let made: Value = api.post("/freezes", &body).await?;
            if json {
                out.json(&made)?;
                return Ok(0);
            }
            let freeze: Freeze = decode(made, "a freeze")?;
            print(&[freeze], out)?;
            Ok(0)
        }
        FreezeCommand::Rm { id } => {
            api.delete(&format!("/freezes/{id}")).await?;
            if json {
                out.json(&json!({"deleted": id}))?;
            } else {
                out.note(&format!("freeze {id} removed"))?;
            }
            Ok(0)
        }
    }
}

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

#[derive(Debug, Deserialize)]
struct Named {
    id: i64,
    name: String,
}

/// An application or category named by its id or its name (both are unique).
async fn id_of(api: &Api, what: &str, list: &str, name: &str) -> Result<i64> {
    if let Ok(id) = name.parse::<i64>() {
        return Ok(id);
    }
    let all: Vec<Named> = decode(api.get(list).await?, list)?;
    all.into_iter()
        .find(|n| n.name == name)
        .map(|n| n.id)
        .ok_or_else(|| Error::Refused(format!("no {what} is named {name:?} (or you may not see it)")))
}

pub async fn list(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/freezes").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let freezes: Vec<Freeze> = decode(value, "the freezes")?;
    print(&freezes, out)?;
    Ok(0)
}

fn print(freezes: &[Freeze], out: &mut Output) -> Result<()> {
    let span = |w: &Option<Window>| match w {
        Some(w) => format!("{} - {}", time(Some(&w.starts_at)), time(Some(&w.ends_at))),
        None => "-".to_owned(),
    };
    let rows: Vec<Vec<String>> = freezes
        .iter()
        .map(|f| vec![f.id.to_string(), f.scope(), f.rule(), span(&f.active), span(&f.next), cell(&f.reason, 40)])
        .collect();
    out.table(&["ID", "SCOPE", "WHEN", "NOW (UTC)", "NEXT (UTC)", "REASON"], &rows)
}
