//! Sends webhook deliveries, in a task of their own: about every second it claims the due ones (several workers
//! share them without sending one twice) and sends each in its own task, so a slow or dead hook delays neither a
//! push nor the other hooks.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rolf_common::config::WebhookConfig;
use rolf_common::db::Db;
use rolf_common::webhooks::deliveries::{self, Due, Outcome, Snapshot};
use rolf_common::webhooks::message;
use tokio::sync::Semaphore;

const POLL: Duration = Duration::from_secs(1);
/// The receiver has this long to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// A claimed delivery is not due again before this: longer than a send and its recording can take, short
/// enough that a worker dying mid-send delays the delivery by about a minute.
const LEASE: Duration = Duration::from_secs(60);
/// Sends in flight per worker process.
const MAX_IN_FLIGHT: usize = 32;
/// How much of a failing receiver's answer is kept in `last_error`.
const MAX_ANSWER_BYTES: usize = 512;

/// Runs until aborted.
pub async fn run(db: Db, config: WebhookConfig) {
    let client = match reqwest::Client::builder()
        .timeout(TIMEOUT)
        // A 3xx is an answer to fix at the hook, not a place to send the body on to.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("rolf-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook HTTP client; webhooks will not be sent");
            return;
        }
    };
    let sender = Arc::new(Sender { db, client, config });
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let free = slots.available_permits();
        if free == 0 {
            continue;
        }
        let due = match sender.db.run(move |conn| deliveries::claim_due(conn, free as i64, LEASE)).await {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "claiming webhook deliveries failed");
                continue;
            }
        };
        for delivery in due {
            let Ok(permit) = Arc::clone(&slots).acquire_owned().await else { return };
            let sender = Arc::clone(&sender);
            tokio::spawn(async move {
                sender.deliver(delivery).await;
                drop(permit);
            });
        }
    }
}

struct Sender {
    db: Db,
    client: reqwest::Client,
    config: WebhookConfig,
}

impl Sender {
    async fn deliver(&self, due: Due) {
        let outcome = self.attempt(&due).await;
        if outcome.delivered() {
            tracing::debug!(delivery = %due.id, event = %due.event, "webhook delivered");
        } else {
            tracing::info!(delivery = %due.id, event = %due.event, error = ?outcome.error, "webhook attempt failed");
        }
        let (base, retry_for) = (self.config.retry_base, self.config.retry_for);
        let id = due.id;
        // Not recorded (Postgres unreachable): the lease runs out and the delivery is sent again.
        if let Err(e) = self.db.run(move |conn| deliveries::record_attempt(conn, &due, &outcome, base, retry_for)).await
        {
            tracing::warn!(delivery = %id, error = %e, "recording a webhook attempt failed");
        }
    }

    async fn attempt(&self, due: &Due) -> Outcome {
        let started = Instant::now();
        let failed =
            |status_code, error: String| Outcome { status_code, error: Some(error), duration: started.elapsed() };
        let snapshot: Snapshot = match serde_json::from_value(due.payload.clone()) {
            Ok(s) => s,
            Err(e) => return failed(None, format!("the recorded payload is unreadable: {e}")),
        };
        let log_url = message::log_url(&self.config.public_url, snapshot.push.id);
        let body = message::body(due.format, due.event, &snapshot, &log_url).to_string().into_bytes();
        let mut request = self
            .client
            .post(&due.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Rolf-Event", due.event.as_str())
            .header("X-Rolf-Delivery", due.id.to_string());
        if let Some(secret) = &due.secret {
            request = request.header("X-Rolf-Signature", message::signature(secret, &body));
        }
        let mut response = match request.body(body).send().await {
            Ok(r) => r,
            Err(e) => return failed(None, describe(&e)),
        };
        let status = response.status();
        if status.is_success() {
            return Outcome { status_code: Some(i32::from(status.as_u16())), error: None, duration: started.elapsed() };
        }
        let mut answer = Vec::new();
        while answer.len() < MAX_ANSWER_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
                _ => break,
            }
        }
        answer.truncate(MAX_ANSWER_BYTES);
        let answer = String::from_utf8_lossy(&answer);
        let mut error = format!("answered {status}");
        if !answer.trim().is_empty() {
            error = format!("{error}: {}", answer.trim());
        }
        failed(Some(i32::from(status.as_u16())), error)
    }
}

/// reqwest's own message hides the cause ("error sending request"); the chain says what went wrong.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("no answer within {}s", TIMEOUT.as_secs());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}
