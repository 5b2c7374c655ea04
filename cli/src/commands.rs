//! One function per command: call the API, print the answer (a table, or its JSON with `--json`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::api::Api;
use crate::args::{Cli, Command, Push};
use crate::config;
use crate::error::{Error, Result};
use crate::follow;
use crate::login;
use crate::model::{self, Access, Deployment, Stats, Tag, decode};
use crate::output::{Output, cell, time};

/// Runs a parsed command line; the exit code on success.
pub async fn run(cli: Cli, out: &mut Output) -> Result<u8> {
    // `ROLF_URL=` in an env file means "not set", as for the API's own variables.
    let (url, json) = (cli.url.as_deref().filter(|u| !u.trim().is_empty()), cli.json);
    match cli.command {
        Command::Login(args) => login::run(url, args, json, out).await,
        Command::Deployments => deployments(&connect(url)?, json, out).await,
        Command::Push(args) => push(&connect(url)?, args, json, out).await,
        Command::Follow { push } => follow_existing(&connect(url)?, push, json, out).await,
        Command::Cancel { push } => cancel(&connect(url)?, push, json, out).await,
        Command::Resume { push, comment, wait } => {
            crate::power::resume(&connect(url)?, push, comment, wait, json, out).await
        }
        Command::Continue { push } => crate::power::continue_paused(&connect(url)?, push, json, out).await,
        Command::Approve { push, message } => {
            crate::approvals::decide(&connect(url)?, push, "approve", message, json, out).await
        }
        Command::Reject { push, message } => {
            crate::approvals::decide(&connect(url)?, push, "reject", message, json, out).await
        }
        Command::Approvals => crate::approvals::list(&connect(url)?, json, out).await,
        Command::Export { deployment, yaml } => crate::documents::export(&connect(url)?, &deployment, yaml, out).await,
        Command::Apply { file, dry_run } => crate::documents::apply(&connect(url)?, &file, dry_run, json, out).await,
        Command::Freezes => crate::freezes::list(&connect(url)?, json, out).await,
        Command::Freeze(command) => crate::freezes::run(&connect(url)?, command, json, out).await,
        Command::Schedules { deployment } => crate::schedules::list(&connect(url)?, &deployment, json, out).await,
        Command::Schedule(command) => crate::schedules::run(&connect(url)?, command, json, out).await,
        Command::Workers => crate::power::workers(&connect(url)?, json, out).await,
        Command::Recipes(command) => crate::recipes::run(&connect(url)?, command, json, out).await,
        Command::ImportRolf(args) => crate::original::run(&connect(url)?, args, json, out).await,
        Command::Diff { push, against } => crate::power::diff(&connect(url)?, push, against, json, out).await,
        Command::History { deployment, limit } => history(&connect(url)?, &deployment, limit, json, out).await,
        Command::Tags { deployment } => tags(&connect(url)?, &deployment, json, out).await,
        Command::Events(args) => crate::events::run(&connect(url)?, args, json, out).await,
        Command::Logs(command) => crate::logs::run(&connect(url)?, command, json, out).await,
        Command::Access { deployment } => access(&connect(url)?, &deployment, json, out).await,
        Command::Stats { deployment, limit } => stats(&connect(url)?, &deployment, limit, json, out).await,
        Command::Audit(args) => crate::admin::audit(&connect(url)?, args, json, out).await,
        Command::ServiceAccounts(command) => crate::admin::service_accounts(&connect(url)?, command, json, out).await,
    }
}

/// The API and token from `--url`/`ROLF_URL`, `ROLF_TOKEN` and the stored config.
fn connect(url: Option<&str>) -> Result<Api> {
    let token = std::env::var("ROLF_TOKEN").ok().filter(|t| !t.is_empty());
    let stored = if url.is_some() && token.is_some() { None } else { config::load(&config::path()?)? };
    let target = config::resolve(url, token.as_deref(), stored)?;
    Api::new(&target.url, Some(&target.token))
}

/// Finds a deployment named by id or as `application/deployment`.
pub async fn resolve(api: &Api, name: &str) -> Result<Deployment> {
    let unknown = || Error::Refused(format!("no deployment {name} (or you may not view it); see `rolf deployments`"));
    if let Ok(id) = name.parse::<i64>() {
        return match api.get::<Value>(&format!("/deployments/{id}")).await {
            Ok(value) => decode(value, "a deployment"),
            Err(Error::Refused(_)) => Err(unknown()),
            Err(e) => Err(e),
        };
    }
    if !name.contains('/') {
        return Err(Error::usage(format!("name a deployment by its id or as application/deployment, not {name:?}")));
    }
    let all: Vec<Deployment> = decode(api.get("/deployments").await?, "the deployments")?;
    let mut matching: Vec<Deployment> = all.into_iter().filter(|d| d.path() == name).collect();
    match matching.len() {
        0 => Err(unknown()),
        1 => Ok(matching.remove(0)),
        _ => {
            let ids: Vec<String> = matching.iter().map(|d| d.id.to_string()).collect();
            Err(Error::usage(format!("{name} names several deployments (ids {}): use an id", ids.join(", "))))
        }
    }
}

async fn deployments(api: &Api, json: bool, out: &mut Output) -> Result<u8> {
    let value: Value = api.get("/deployments").await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let list: Vec<Deployment> = decode(value, "the deployments")?;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|d| {
            let level = if d.deprecated { format!("{} (deprecated)", d.level) } else { d.level.clone() };
            let last = d.last_push.as_ref().map_or_else(|| "-".to_owned(), |p| p.summary());
            let kept = d.log_retention_days.map_or_else(|| "default".to_owned(), |days| format!("{days}d"));
            vec![d.id.to_string(), d.path(), level, last, kept]
        })
        .collect();
    out.table(&["ID", "DEPLOYMENT", "LEVEL", "LAST PUSH", "LOGS KEPT"], &rows)?;
    Ok(0)
}

/// `--flag NAME=VALUE` arguments by name; a name given twice is a mistake, not an override.
pub(crate) fn flag_map(flags: Vec<(String, String)>) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for (name, value) in flags {
        if map.insert(name.clone(), value).is_some() {
            return Err(Error::usage(format!("--flag {name} is given twice")));
        }
    }
    Ok(map)
}

/// Sets the options given on a request body; those left out stay out, for the API's defaults.
pub(crate) fn set_given<const N: usize>(body: &mut Value, fields: [(&str, Option<Value>); N]) {
    for (name, value) in fields {
        if let Some(value) = value {
            body[name] = value;
        }
    }
}

async fn push(api: &Api, args: Push, json: bool, out: &mut Output) -> Result<u8> {
    let flags = flag_map(args.flags)?;
    let deployment = resolve(api, &args.deployment).await?;
    if args.dry_run {
        let value: Value = api.get(&format!("/deployments/{}/diff", deployment.id)).await?;
        if json {
            out.json(&value)?;
        } else {
            let diff: crate::power::Diff = decode(value, "a diff")?;
            crate::power::print(&diff, &format!("{} now", deployment.path()), out)?;
            if !flags.is_empty() {
                out.note("the flags given are not in this diff: it takes the flags' defaults")?;
            }
            out.note("dry run: nothing was pushed")?;
        }
        return Ok(0);
    }
    let mut body = json!({});
    if let Some(comment) = args.comment {
        body["comment"] = json!(comment);
    }
    if !flags.is_empty() {
        body["flags"] = json!(flags);
    }
    if let Some(rollback_to) = args.rollback_to {
        body["rollback_to"] = json!(rollback_to);
    }
    if args.step {
        body["step"] = json!(true);
    }
    if let Some(reason) = args.bypass {
        body["bypass"] = json!({"reason": reason});
    }
    let created: Value = api.post(&format!("/deployments/{}/pushes", deployment.id), &body).await?;
    let pushed: model::Created = decode(created.clone(), "a new push")?;
    let id = pushed.id;
    // An approval gate says what the push waits for; without one it is simply queued.
    let state = match (pushed.status.as_str(), pushed.waiting_for) {
        ("awaiting_approval", Some(why)) => format!("awaits approval ({why})"),
        _ => "queued".to_owned(),
    };
    if !args.wait {
        if json {
            out.json(&created)?;
        } else {
            out.out_line(&id.to_string())?;
            out.note(&format!("push {id} of {} {state}; `rolf follow {id}` follows it", deployment.path()))?;
        }
        return Ok(0);
    }
    if json {
        out.json_line(&json!({"event": "created", "data": created}))?;
    } else {
        out.note(&format!("push {id} of {} {state}; following its log (Ctrl-C to stop or cancel)", deployment.path()))?;
    }
    follow::follow(api, id, json, out).await
}

async fn follow_existing(api: &Api, id: i64, json: bool, out: &mut Output) -> Result<u8> {
    let push: model::PushHeader = match api.get::<Value>(&format!("/pushes/{id}")).await {
        Ok(value) => decode(value, "a push")?,
        Err(Error::Refused(_)) => return Err(Error::Refused(format!("no push {id} (or you may not view it)"))),
        Err(e) => return Err(e),
    };
    if !json {
        out.note(&format!("following push {id} of {}/{} ({})", push.application, push.deployment, push.status))?;
        if let Some(at) = &push.log_pruned_at {
            let lines = push.log_pruned_lines.unwrap_or(0);
            out.note(&format!("its log was pruned at {} by retention: its {lines} lines are gone", time(Some(at))))?;
        }
    }
    follow::follow(api, id, json, out).await
}

async fn cancel(api: &Api, id: i64, json: bool, out: &mut Output) -> Result<u8> {
    let push: Value = api.post(&format!("/pushes/{id}/cancel"), &json!({})).await?;
    if json {
        out.json(&push)?;
    } else {
        match decode::<model::PushStatus>(push, "a cancelled push")?.status.as_str() {
            "cancelled" => out.out_line(&format!("push {id} cancelled"))?,
            status => out.out_line(&format!("push {id} is being cancelled (it is {status})"))?,
        }
    }
    Ok(0)
}

/// `/deployments/{id}/<part>` of a deployment given by id or name: printed as the API sent it with `--json`
/// (`None`: nothing more to do), else decoded for the command to print.
async fn deployment_part<T: serde::de::DeserializeOwned>(
    api: &Api,
    deployment: &str,
    part: &str,
    what: &str,
    json: bool,
    out: &mut Output,
) -> Result<Option<(Deployment, T)>> {
    let deployment = resolve(api, deployment).await?;
    let value: Value = api.get(&format!("/deployments/{}/{part}", deployment.id)).await?;
    if json {
        out.json(&value)?;
        return Ok(None);
    }
    Ok(Some((deployment, decode(value, what)?)))
}

async fn history(api: &Api, deployment: &str, limit: u16, json: bool, out: &mut Output) -> Result<u8> {
    let Some((_, pushes)) =
        deployment_part::<Vec<model::Push>>(api, deployment, &format!("pushes?limit={limit}"), "the pushes", json, out)
            .await?
    else {
        return Ok(0);
    };
    let rows: Vec<Vec<String>> = pushes
        .into_iter()
        .map(|p| {
            let mut status = match p.rollback_to {
                Some(to) => format!("{} (rollback to {to})", p.status),
                None => p.status,
            };
            if p.log_pruned_at.is_some() {
                status.push_str(" (log pruned)");
            }
            vec![
                p.id.to_string(),
                status,
                p.tag.unwrap_or_else(|| "-".to_owned()),
                p.user,
                time(Some(&p.created_at)),
                cell(&p.comment, 60),
            ]
        })
        .collect();
    out.table(&["ID", "STATUS", "TAG", "USER", "CREATED (UTC)", "COMMENT"], &rows)?;
    Ok(0)
}

async fn stats(api: &Api, deployment: &str, limit: u16, json: bool, out: &mut Output) -> Result<u8> {
    let Some((_, stats)) =
        deployment_part::<Stats>(api, deployment, &format!("stats?limit={limit}"), "the stats", json, out).await?
    else {
        return Ok(0);
    };
    let secs = |s: Option<f64>| s.map_or_else(|| "running".to_owned(), |s| format!("{s:.1}s"));
    let rows: Vec<Vec<String>> = stats
        .pushes
        .iter()
        .map(|p| {
            let total: f64 = p.stages.iter().filter_map(|s| s.seconds).sum();
            let stages: Vec<String> = p.stages.iter().map(|s| format!("{}={}", s.name, secs(s.seconds))).collect();
            vec![p.push_id.to_string(), p.status.clone(), format!("{total:.1}s"), stages.join(" ")]
        })
        .collect();
    out.table(&["PUSH", "STATUS", "TOTAL", "STAGES"], &rows)?;
    let usual: Vec<String> =
        stats.estimates.iter().map(|e| format!("{}={:.1}s ({} runs)", e.name, e.median_seconds, e.runs)).collect();
    if !usual.is_empty() {
        out.out_line(&format!("usual (median of recent successful runs): {}", usual.join(" ")))?;
    }
    Ok(0)
}

async fn access(api: &Api, deployment: &str, json: bool, out: &mut Output) -> Result<u8> {
    let Some((deployment, access)) =
        deployment_part::<Access>(api, deployment, "access", "the access", json, out).await?
    else {
        return Ok(0);
    };
    let admin = match (access.admin, access.admin_through.is_empty()) {
        (false, _) => String::new(),
        (true, true) => " (an admin account)".to_owned(),
        (true, false) => format!(" (admin through {})", access.admin_through.join(", ")),
    };
    out.out_line(&format!("your level on {}: {}{admin}", deployment.path(), access.level))?;
    let rows: Vec<Vec<String>> = access
        .grants
        .into_iter()
        .map(|g| {
            let yours = if g.member { "yes" } else { "no" }.to_owned();
            let via = if g.directory_groups.is_empty() { "-".to_owned() } else { g.directory_groups.join(", ") };
            vec![g.group, g.level, yours, via]
        })
        .collect();
    out.table(&["GROUP", "LEVEL", "YOURS", "THROUGH DIRECTORY GROUPS"], &rows)?;
    Ok(0)
}

async fn tags(api: &Api, deployment: &str, json: bool, out: &mut Output) -> Result<u8> {
    let Some((_, tags)) = deployment_part::<Vec<Tag>>(api, deployment, "tags", "the tags", json, out).await? else {
        return Ok(0);
    };
    let rows: Vec<Vec<String>> = tags
        .into_iter()
        .map(|t| vec![t.push_id.to_string(), t.tag, t.user, time(t.finished_at.as_deref()), cell(&t.comment, 60)])
        .collect();
    out.table(&["PUSH", "TAG", "USER", "FINISHED (UTC)", "COMMENT"], &rows)?;
    Ok(0)
}
