//! Following a push to its end: its log live from `GET /pushes/{id}/log/stream` (Server-Sent Events), or, when
//! the API has no stream endpoint (404), from the polling endpoint `GET /pushes/{id}/log?after=`.
//!
//! Each printed line's `seq` is remembered, and a line is printed only when its `seq` is greater. A dropped
//! connection is reopened (with backoff) with `Last-Event-ID` and `?after=` set to that `seq`, so the server
//! resends only later lines; the check drops any line it resends anyway. Nothing is printed twice, and since
//! a cancelled read loses nothing that was not printed, Ctrl-C can drop the connection at any await.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::{self, Api};
use crate::error::{Error, INTERRUPTED, Result, status_exit_code};
use crate::model::{End, Line, LogPage};
use crate::output::Output;
use crate::sse;
use crate::tty;

/// A stream that brings nothing, not even a keep-alive comment, for this long is dead.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Reconnection delays double from the first to the last.
const FIRST_RETRY: Duration = Duration::from_millis(250);
const MAX_RETRY: Duration = Duration::from_secs(10);
/// Without a working connection for this long, rolf gives up (exit code 5).
const GIVE_UP_AFTER: Duration = Duration::from_secs(600);
const POLL_INTERVAL: Duration = Duration::from_millis(500);
const POLL_PAGE: u32 = 5000;

/// Why one connection (or polling run) stopped before the end.
enum Stop {
    /// Worth retrying: the connection dropped, timed out, or the API answered 5xx.
    Retry(String),
    /// The stream endpoint does not exist: poll instead.
    NoStream,
    Fatal(Error),
}

/// An answer rolf cannot read will not read better the next time: no retry.
fn bad_answer(what: String) -> Stop {
    Stop::Fatal(Error::Unavailable(format!("the API sent an unexpected answer, {what}")))
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        match e {
            Error::Unavailable(message) => Stop::Retry(message),
            other => Stop::Fatal(other),
        }
    }
}

pub struct Follower<'a> {
    api: &'a Api,
    push: i64,
    json: bool,
    out: &'a mut Output,
    /// The `seq` of the last line printed.
    last_seq: i64,
    polling: bool,
    /// The `retry:` the server last asked for.
    server_retry: Option<Duration>,
    failures: u32,
    failing_since: Option<Instant>,
}

/// Follows push `push` to its end and returns the exit code: the push's status code, or 130 after Ctrl-C.
pub async fn follow(api: &Api, push: i64, json: bool, out: &mut Output) -> Result<u8> {
    let mut sigint = tty::interrupts()?;
    let mut follower = Follower {
        api,
        push,
        json,
        out,
        last_seq: 0,
        polling: false,
        server_retry: None,
        failures: 0,
        failing_since: None,
    };
    let mut cancel_requested = false;
    let end = loop {
        tokio::select! {
            end = follower.run() => break end?,
            _ = sigint.recv() => {
                follower.out.flush()?;
                if cancel_requested {
                    return Ok(INTERRUPTED);
                }
                if !tty::stdin_is_tty() {
                    follower.out.note(&format!("interrupted; push {push} keeps running"))?;
                    return Ok(INTERRUPTED);
                }
                let answer = tty::confirm(&format!("cancel push {push}?"), &mut sigint).await;
                if let Err(e) = &answer && !matches!(e, Error::Interrupted) {
                    follower.out.note(&e.to_string())?;
                }
                if !matches!(answer, Ok(true)) {
                    follower.out.note(&format!("push {push} keeps running; `rolf follow {push}` follows it again"))?;
                    return Ok(INTERRUPTED);
                }
                // A second Ctrl-C stops following, whether the cancel worked or not.
                cancel_requested = true;
                cancel(api, push, follower.out).await?;
            }
        }
    };
    let out = follower.out;
    match &end.tag {
        Some(tag) => out.note(&format!("push {push} {}, tag {tag}", end.status))?,
        None => out.note(&format!("push {push} {}", end.status))?,
    }
    out.flush()?;
    Ok(status_exit_code(&end.status))
}

/// Asks the API to cancel the push; a refusal (403, or 409 when it ended meanwhile) is reported, and following
/// goes on: the end event tells how the push ended.
async fn cancel(api: &Api, push: i64, out: &mut Output) -> Result<()> {
    match api.post::<Value>(&format!("/pushes/{push}/cancel"), &json!({})).await {
        Ok(_) => out.note(&format!("cancelling push {push}; following it to its end")),
        Err(e) => out.note(&format!("could not cancel push {push}: {e}; still following it")),
    }
}

impl Follower<'_> {
    /// Reads the log until the end, reconnecting as needed. Cancel-safe: dropped at any await, it can be called
    /// again and resumes after the last printed line.
    async fn run(&mut self) -> Result<End> {
        loop {
            if let Some(delay) = self.delay()? {
                tokio::time::sleep(delay).await;
            }
            let stopped = if self.polling { self.poll().await } else { self.stream().await };
            match stopped {
                Ok(end) => return Ok(end),
                Err(Stop::Fatal(e)) => return Err(e),
                Err(Stop::NoStream) => {
                    self.polling = true;
                    self.out.note("the API has no log stream; polling the log instead")?;
                }
                Err(Stop::Retry(why)) => {
                    self.failures += 1;
                    self.failing_since.get_or_insert_with(Instant::now);
                    self.out.note(&format!("{why}; reconnecting"))?;
                    self.out.flush()?;
                }
            }
        }
    }

    /// How long to wait before the next attempt; an error once failures have lasted [`GIVE_UP_AFTER`].
    fn delay(&self) -> Result<Option<Duration>> {
        if self.failures == 0 {
            return Ok(None);
        }
        if self.failing_since.is_some_and(|since| since.elapsed() > GIVE_UP_AFTER) {
            return Err(Error::Unavailable(format!(
                "gave up following push {} after {} s without a working connection",
                self.push,
                GIVE_UP_AFTER.as_secs()
            )));
        }
        let first = self.server_retry.unwrap_or(FIRST_RETRY);
        Ok(Some(first.saturating_mul(1u32 << (self.failures - 1).min(10)).min(MAX_RETRY.max(first))))
    }

    /// A connection works again.
    fn connected(&mut self) {
        self.failures = 0;
        self.failing_since = None;
    }

    async fn stream(&mut self) -> Result<End, Stop> {
        let after = self.last_seq;
        let mut req = self
            .api
            .request(Method::GET, &format!("/pushes/{}/log/stream?after={after}", self.push))
            .header(ACCEPT, "text/event-stream");
        if after > 0 {
            req = req.header("Last-Event-ID", after.to_string());
        }
        let resp = match tokio::time::timeout(CONNECT_TIMEOUT, req.send()).await {
            Err(_) => return Err(Stop::Retry("the log stream did not answer in time".into())),
            Ok(Err(e)) => return Err(Stop::Retry(format!("the log stream failed: {}", api::chain(&e)))),
            Ok(Ok(resp)) => resp,
        };
        if resp.status() == StatusCode::NOT_FOUND {
            return Err(Stop::NoStream);
        }
        let mut resp = api::check(resp).await?;
        let content_type = resp.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !content_type.starts_with("text/event-stream") {
            return Err(Stop::Fatal(Error::Unavailable(format!(
                "the log stream answered {content_type:?}, not text/event-stream"
            ))));
        }
        let mut parser = sse::Parser::new();
        loop {
            let chunk = match tokio::time::timeout(IDLE_TIMEOUT, resp.chunk()).await {
                Err(_) => return Err(Stop::Retry(format!("nothing came on the log stream for {IDLE_TIMEOUT:?}"))),
                Ok(Err(e)) => return Err(Stop::Retry(format!("the log stream broke: {}", api::chain(&e)))),
                Ok(Ok(None)) => return Err(Stop::Retry("the log stream ended before the push did".into())),
                Ok(Ok(Some(chunk))) => chunk,
            };
            self.connected();
            let events = parser.feed(&chunk).map_err(|e| Stop::Retry(e.to_string()))?;
            self.server_retry = parser.retry().map(Duration::from_millis);
            for event in events {
                if let Some(end) = self.event(&event.event, &event.data)? {
                    return Ok(end);
                }
            }
            self.out.flush()?;
        }
    }

    /// Handles one event; the end when it is the `end` event.
    fn event(&mut self, name: &str, data: &str) -> Result<Option<End>, Stop> {
        let value: Value =
            serde_json::from_str(data).map_err(|e| bad_answer(format!("a {name} event that is not JSON: {e}")))?;
        match name {
            "line" => self.line(value).map(|()| None),
            "end" => {
                let end: End =
                    serde_json::from_value(value.clone()).map_err(|e| bad_answer(format!("an end event: {e}")))?;
                if self.json {
                    self.out.json_line(&json!({"event": "end", "data": value}))?;
                }
                Ok(Some(end))
            }
            // Stage and push status changes: the worker's system lines say the same to people.
            _ => {
                if self.json {
                    self.out.json_line(&json!({"event": name, "data": value}))?;
                }
                Ok(None)
            }
        }
    }

    /// Prints a log line unless one at or past its `seq` was printed already.
    fn line(&mut self, value: Value) -> Result<(), Stop> {
        let line: Line = serde_json::from_value(value.clone()).map_err(|e| bad_answer(format!("a log line: {e}")))?;
        if line.seq <= self.last_seq {
            return Ok(());
        }
        if self.json {
            self.out.json_line(&json!({"event": "line", "data": value}))?;
        } else {
            match line.stream.as_str() {
                "stdout" => self.out.out_line(&line.text)?,
                "system" => self.out.note(&line.text)?,
                _ => self.out.err_line(&line.text)?,
            }
        }
        self.last_seq = line.seq;
        Ok(())
    }

    /// Pages through the log until the push has finished and a page comes back empty.
    async fn poll(&mut self) -> Result<End, Stop> {
        loop {
            let path = format!("/pushes/{}/log?after={}&limit={POLL_PAGE}", self.push, self.last_seq);
            let page: Value = self.api.get(&path).await?;
            self.connected();
            let page: LogPage = serde_json::from_value(page).map_err(|e| bad_answer(format!("a log page: {e}")))?;
            let empty = page.lines.is_empty();
            for line in page.lines {
                self.line(line)?;
            }
            self.out.flush()?;
            if empty && page.finished {
                let push: Value = self.api.get(&format!("/pushes/{}", self.push)).await?;
                let end: End = serde_json::from_value(push).map_err(|e| bad_answer(format!("a push: {e}")))?;
                if self.json {
                    self.out.json_line(&json!({"event": "end", "data": {"status": end.status, "tag": end.tag}}))?;
                }
                return Ok(end);
            }
            if empty {
                tokio::time::sleep(POLL_INTERVAL).await;
            }
        }
    }
}
