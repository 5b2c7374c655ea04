//! `rolf events`: the push status changes of every deployment you may view, live, one line each, from
//! `GET /events/stream`. A dropped connection is reopened (with backoff) from the last event printed, so
//! nothing is printed twice or skipped; Ctrl-C stops (exit 130), `--count N` stops after N events (exit 0).

use std::time::Duration;

use clap::Args;
use reqwest::Method;
use reqwest::header::ACCEPT;
use serde::Deserialize;
use serde_json::Value;

use crate::api::{self, Api};
use crate::error::{Error, INTERRUPTED, Result};
use crate::model::decode;
use crate::output::{Output, time};
use crate::{sse, tty};

/// A stream that brings nothing, not even a keep-alive comment, for this long is dead.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
const FIRST_RETRY: Duration = Duration::from_millis(250);
const MAX_RETRY: Duration = Duration::from_secs(10);
/// Without a working connection for this long, rolf gives up (exit code 5).
const GIVE_UP_AFTER: Duration = Duration::from_secs(600);

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Start after this event id (an earlier run's last); without it, only changes from now on.
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub after: Option<i64>,
    /// Stop after this many events.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Change {
    id: i64,
    application: String,
    deployment: String,
    push: Pushed,
}

#[derive(Debug, Deserialize)]
struct Pushed {
    id: i64,
    status: String,
    tag: Option<String>,
    user: String,
    comment: String,
    at: String,
}

impl Change {
    fn line(&self) -> String {
        let p = &self.push;
        let tag = p.tag.as_deref().map(|t| format!(" tag {t}")).unwrap_or_default();
        let comment = if p.comment.is_empty() { String::new() } else { format!(": {}", p.comment) };
        format!(
            "{}  {}/{}  push {} {}{tag}  by {}{comment}",
            time(Some(&p.at)),
            self.application,
            self.deployment,
            p.id,
            p.status,
            p.user
        )
    }
}

pub async fn run(api: &Api, args: EventsArgs, json: bool, out: &mut Output) -> Result<u8> {
    let mut sigint = tty::interrupts()?;
    let mut follower = Follower { api, json, last: args.after, left: args.count };
    tokio::select! {
        done = follower.run(out) => done.map(|()| 0),
        _ = sigint.recv() => {
            out.flush()?;
            Ok(INTERRUPTED)
        }
    }
}

struct Follower<'a> {
    api: &'a Api,
    json: bool,
    /// The id of the last event printed (or the resume point asked for).
    last: Option<i64>,
    /// Events still to print, when counted.
    left: Option<u64>,
}

impl Follower<'_> {
    async fn run(&mut self, out: &mut Output) -> Result<()> {
        let mut failures: u32 = 0;
        let mut failing_since = None;
        loop {
            match self.stream(out, &mut failures).await {
                Ok(()) => return Ok(()),
                Err(Error::Unavailable(why)) => {
                    let since = *failing_since.get_or_insert_with(std::time::Instant::now);
                    if since.elapsed() > GIVE_UP_AFTER {
                        return Err(Error::Unavailable(why));
                    }
                    out.note(&format!("{why}; reconnecting"))?;
                    out.flush()?;
                    failures += 1;
                    let delay = FIRST_RETRY.saturating_mul(1u32 << (failures - 1).min(10)).min(MAX_RETRY);
                    tokio::time::sleep(delay).await;
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// One connection: prints its events until the count is reached (`Ok`) or it breaks (an error).
    async fn stream(&mut self, out: &mut Output, failures: &mut u32) -> Result<()> {
        let mut req = self.api.request(Method::GET, "/events/stream").header(ACCEPT, "text/event-stream");
        if let Some(last) = self.last {
            req = req.header("Last-Event-ID", last.to_string());
        }
        let resp = req.send().await.map_err(|e| self.api.unreachable(e))?;
        let mut resp = api::check(resp).await?;
        let mut parser = sse::Parser::new();
        loop {
            let chunk = match tokio::time::timeout(IDLE_TIMEOUT, resp.chunk()).await {
                Err(_) => {
                    return Err(Error::Unavailable(format!("nothing came on the event stream for {IDLE_TIMEOUT:?}")));
                }
                Ok(Err(e)) => return Err(Error::Unavailable(format!("the event stream broke: {}", api::chain(&e)))),
                Ok(Ok(None)) => return Err(Error::Unavailable("the event stream ended".to_owned())),
                Ok(Ok(Some(chunk))) => chunk,
            };
            *failures = 0;
            let events = parser.feed(&chunk).map_err(|e| Error::Unavailable(e.to_string()))?;
            for event in events.into_iter().filter(|e| e.event == "push") {
                let value: Value = serde_json::from_str(&event.data)
                    .map_err(|e| Error::Unavailable(format!("the API sent an event that is not JSON: {e}")))?;
                let change: Change = decode(value.clone(), "an event")?;
                if self.last.is_some_and(|last| change.id <= last) {
                    continue;
                }
                if self.json {
                    out.json_line(&value)?;
                } else {
                    out.out_line(&change.line())?;
                }
                self.last = Some(change.id);
                if let Some(left) = self.left.as_mut() {
                    *left -= 1;
                    if *left == 0 {
                        return Ok(());
                    }
                }
            }
            out.flush()?;
        }
    }
}
