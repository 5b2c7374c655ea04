//! `rolf schedules DEPLOYMENT` (a deployment's scheduled pushes, when each fires next and what its last tick did)
//! and `rolf schedule add|edit|on|off|rm` (editors): when pushes will happen.

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::commands::{flag_map, resolve, set_given};
use crate::error::Result;
use crate::model::decode;
use crate::output::{Output, time};

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Schedule pushes of a deployment (needs edit): recurring with --cron and --timezone, or once with --at.
    /// They are made as you, with your rights at the time; approvals and freezes apply.
    Add {
        /// Id or application/deployment.
        deployment: String,
        #[command(flatten)]
        definition: Definition,
    },
    /// Give a schedule a new definition, whole (needs edit): what is left out takes its default, as for add. It
    /// keeps its id and ticks, fires by the new rule from now on, and becomes yours.
    Edit {
        /// Id or application/deployment.
        deployment: String,
        /// The schedule's id (see `rolf schedules`).
        id: i64,
        #[command(flatten)]
        definition: Definition,
    },
    /// Turn a schedule on: it fires from its next tick on (ticks that came due while it was off are not fired).
    On {
        /// Id or application/deployment.
        deployment: String,
        /// The schedule's id.
        id: i64,
    },
    /// Turn a schedule off: it does not fire until turned on.
    Off {
        /// Id or application/deployment.
        deployment: String,
        /// The schedule's id.
        id: i64,
    },
    /// Remove a schedule; the pushes it made stay.
    Rm {
        /// Id or application/deployment.
        deployment: String,
        /// The schedule's id.
        id: i64,
    },
}

/// What a schedule does: as the API's `NewSchedule`. Recurring or once, never both.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["cron", "at"])))]
pub struct Definition {
    /// A 5-field cron pattern (minute hour day-of-month month day-of-week), e.g. "0 2 * * 1-5".
    #[arg(long, requires = "timezone")]
    cron: Option<String>,
    /// The IANA time zone the cron pattern is read in, e.g. Europe/Berlin or UTC.
    #[arg(long, requires = "cron")]
    timezone: Option<String>,
    /// Push once, at this time (RFC 3339, e.g. 2026-12-24T18:00:00Z or 2026-12-24T19:00:00+01:00).
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_time)]
    at: Option<DateTime<Utc>>,
    /// A flag's value, by its variable name; repeat for more. Flags left out take their defaults when it fires.
    #[arg(long = "flag", short = 'f', value_name = "NAME=VALUE", value_parser = crate::args::parse_flag)]
    flags: Vec<(String, String)>,
    /// Why: the pushes' comment.
    #[arg(long, short)]
    comment: Option<String>,
    /// How late a tick missed while Rolf was down may still fire, 0 to 1440 [default: 15]
    #[arg(long, value_name = "MINUTES")]
    catch_up: Option<i64>,
    /// Make it turned off (see `rolf schedule on`).
    #[arg(long)]
    off: bool,
}

impl Definition {
    fn body(self) -> Result<Value> {
        let mut body = json!({"enabled": !self.off, "flags": flag_map(self.flags)?});
        set_given(
            &mut body,
            [
                ("cron", self.cron.map(Value::from)),
                ("timezone", self.timezone.map(Value::from)),
                ("at", self.at.map(|t| Value::from(t.to_rfc3339()))),
                ("comment", self.comment.map(Value::from)),
                ("catch_up_minutes", self.catch_up.map(Value::from)),
            ],
        );
        Ok(body)
    }
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

const HEADER: [&str; 5] = ["ID", "WHEN", "OWNER", "NEXT (UTC)", "LAST TICK (UTC)"];

impl Schedule {
    fn row(&self) -> Vec<String> {
        let when = match (&self.cron, &self.timezone, &self.at) {
            (Some(cron), Some(tz), _) => format!("{cron} ({tz})"),
            (_, _, Some(at)) => format!("once at {}", time(Some(at))),
            _ => "-".to_owned(),
        };
        let next = if !self.enabled {
            "disabled".to_owned()
        } else {
            self.next_fires.first().map_or("-".to_owned(), |n| time(Some(n)))
        };
        let last = self.recent_runs.first().map_or("-".to_owned(), |r| {
            let push = r.push_id.map(|p| format!(" push {p}")).unwrap_or_default();
            format!("{} {}{push}", time(Some(&r.fire_at)), r.outcome)
        });
        vec![self.id.to_string(), when, self.owner.clone(), next, last]
    }
}

/// `rolf schedules DEPLOYMENT`: its schedules, when they fire next, and what their last tick did.
pub async fn list(api: &Api, deployment: &str, json: bool, out: &mut Output) -> Result<u8> {
    let deployment = resolve(api, deployment).await?;
    let value: Value = api.get(&format!("/deployments/{}/schedules", deployment.id)).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let list: Vec<Schedule> = decode(value, "the schedules")?;
    out.table(&HEADER, &list.iter().map(Schedule::row).collect::<Vec<_>>())?;
    Ok(0)
}

pub async fn run(api: &Api, command: ScheduleCommand, json: bool, out: &mut Output) -> Result<u8> {
    let (deployment, changed) = match command {
        ScheduleCommand::Add { deployment, definition } => {
            let d = resolve(api, &deployment).await?;
            let body = definition.body()?;
            (d.path(), api.post(&format!("/deployments/{}/schedules", d.id), &body).await?)
        }
        ScheduleCommand::Edit { deployment, id, definition } => {
            let d = resolve(api, &deployment).await?;
            let body = definition.body()?;
            (d.path(), api.put(&format!("/deployments/{}/schedules/{id}", d.id), &body).await?)
        }
        ScheduleCommand::On { deployment, id } => switch(api, &deployment, id, true).await?,
        ScheduleCommand::Off { deployment, id } => switch(api, &deployment, id, false).await?,
        ScheduleCommand::Rm { deployment, id } => {
            let d = resolve(api, &deployment).await?;
            api.delete(&format!("/deployments/{}/schedules/{id}", d.id)).await?;
            if json {
                out.json(&json!({"deleted": id}))?;
            } else {
                out.note(&format!("schedule {id} of {} removed; the pushes it made stay", d.path()))?;
            }
            return Ok(0);
        }
    };
    if json {
        out.json(&changed)?;
        return Ok(0);
    }
    let schedule: Schedule = decode(changed, "a schedule")?;
    out.table(&HEADER, &[schedule.row()])?;
    out.note(&format!("schedule {} of {deployment}", schedule.id))?;
    Ok(0)
}

async fn switch(api: &Api, deployment: &str, id: i64, on: bool) -> Result<(String, Value)> {
    let d = resolve(api, deployment).await?;
    let changed = api.patch(&format!("/deployments/{}/schedules/{id}", d.id), &json!({"enabled": on})).await?;
    Ok((d.path(), changed))
}
