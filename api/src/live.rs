//! Following pushes live. One Redis pattern subscription per API process hears every push's notices; for each
//! push with followers here, one fetcher reads what is new from Postgres and broadcasts it, so 500 followers
//! cost one read per batch, and the worker nothing. A follower that falls behind (a slow client) is cut loose
//! from the broadcast and reads the rest from Postgres itself, so it never slows the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use futures::StreamExt;
use rolf_common::authz::LogReader;
use rolf_common::db::Db;
use rolf_common::events::{self, Notice};
use rolf_common::ids::PushId;
use rolf_common::pushes::log::{self, LogLine};
use rolf_common::pushes::{self, PushStatus, StageStatus};
use serde::Serialize;
use tokio::sync::{Notify, broadcast};

/// Without a notice, a fetcher still looks at Postgres this often (Redis down, a notice lost).
const POLL: Duration = Duration::from_secs(1);
const PAGE: i64 = 5000;
const BROADCAST: usize = 16_384;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct StageEvent {
    pub position: i32,
    pub name: String,
    pub status: StageStatus,
    pub exit_code: Option<i32>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PushEvent {
    pub id: PushId,
    pub status: PushStatus,
    pub tag: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Event {
    Line(Arc<LogLine>),
    Stage(StageEvent),
    Push(PushEvent),
    /// The push finished and every line was sent before this.
    End(PushEvent),
}

/// A push's state as followers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub push: PushEvent,
    pub stages: Vec<StageEvent>,
}

pub fn snapshot(conn: &mut diesel::PgConnection, reader: &LogReader) -> rolf_common::Result<Snapshot> {
    let id = reader.push_id();
    let (row, stages) = pushes::progress(conn, reader)?;
    let stages = stages
        .into_iter()
        .map(|s| StageEvent { position: s.position, name: s.name, status: s.status, exit_code: s.exit_code })
        .collect();
    Ok(Snapshot { push: PushEvent { id, status: row.status, tag: row.tag }, stages })
}

struct Topic {
    tx: broadcast::Sender<Event>,
    wake: Arc<Notify>,
}

pub struct Hub {
    db: Db,
    topics: Mutex<HashMap<PushId, Weak<Topic>>>,
}

/// A follower's place in a push's broadcast; keeps the topic alive while held.
pub struct Subscription {
    pub rx: broadcast::Receiver<Event>,
    _topic: Arc<Topic>,
}

impl Hub {
    pub fn new(db: Db) -> Arc<Hub> {
        Arc::new(Hub { db, topics: Mutex::new(HashMap::new()) })
    }

    /// Joins the push's broadcast, starting its fetcher if this is the first follower here.
    pub fn join(self: &Arc<Self>, reader: LogReader) -> Subscription {
        let push = reader.push_id();
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(topic) = topics.get(&push).and_then(Weak::upgrade) {
            return Subscription { rx: topic.tx.subscribe(), _topic: topic };
        }
        let (tx, rx) = broadcast::channel(BROADCAST);
        let topic = Arc::new(Topic { tx, wake: Arc::new(Notify::new()) });
        topics.insert(push, Arc::downgrade(&topic));
        tokio::spawn(fetch(Arc::clone(self), reader, Arc::downgrade(&topic)));
        Subscription { rx, _topic: topic }
    }

    /// A notice from Redis: wake the push's fetcher, if anyone here follows it.
    pub fn notify(&self, push: PushId) {
        let topic = self.topics.lock().unwrap_or_else(|e| e.into_inner()).get(&push).and_then(Weak::upgrade);
        if let Some(topic) = topic {
            topic.wake.notify_one();
        }
    }

    fn forget(&self, push: PushId) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if topics.get(&push).is_some_and(|t| t.strong_count() == 0) {
            topics.remove(&push);
        }
    }
}

/// Reads what is new for one push and broadcasts it, until it ends or nobody here follows it any more.
async fn fetch(hub: Arc<Hub>, reader: LogReader, topic: Weak<Topic>) {
    let push = reader.push_id();
    let mut cursor = hub.db.run(move |conn| log::last_seq(conn, &reader)).await.unwrap_or(0);
    // Followers send the state they join with themselves; only changes from here on are broadcast.
    let mut known: Option<Snapshot> = hub.db.run(move |conn| snapshot(conn, &reader)).await.ok();
    loop {
        let Some(current) = topic.upgrade() else { break };
        // Lines first, then statuses: an end is only announced once every line before it went out.
        loop {
            let after = cursor;
            let Ok(lines) = hub.db.run(move |conn| log::read(conn, &reader, after, PAGE)).await else { break };
            let full = lines.len() as i64 == PAGE;
            for line in lines {
                cursor = line.seq;
                let _ = current.tx.send(Event::Line(Arc::new(line)));
            }
            if !full {
                break;
            }
        }
        if let Ok(now) = hub.db.run(move |conn| snapshot(conn, &reader)).await {
            let finished = now.push.status.is_finished();
            if finished {
                // Lines stored between the read above and the status read.
                let after = cursor;
                if let Ok(lines) = hub.db.run(move |conn| log::read(conn, &reader, after, i64::MAX)).await {
                    for line in lines {
                        cursor = line.seq;
                        let _ = current.tx.send(Event::Line(Arc::new(line)));
                    }
                }
            }
            for event in changes(known.as_ref(), &now) {
                let _ = current.tx.send(event);
            }
            known = Some(now.clone());
            if finished {
                let _ = current.tx.send(Event::End(now.push));
                break;
            }
        }
        let wake = Arc::clone(&current.wake);
        drop(current);
        // A notice that came while reading left a permit, so none is missed.
        let _ = tokio::time::timeout(POLL, wake.notified()).await;
    }
    hub.forget(push);
}

/// Events for what changed between two snapshots.
pub fn changes(before: Option<&Snapshot>, now: &Snapshot) -> Vec<Event> {
    let mut events = Vec::new();
    for stage in &now.stages {
        let old = before.and_then(|b| b.stages.iter().find(|s| s.position == stage.position));
        if old != Some(stage) {
            events.push(Event::Stage(stage.clone()));
        }
    }
    if before.map(|b| &b.push) != Some(&now.push) {
        events.push(Event::Push(now.push.clone()));
    }
    events
}

/// Listens to every push's notices in Redis for as long as the hub lives, reconnecting after failures.
pub async fn listen(hub: Weak<Hub>, feed: Weak<crate::feed::FeedHub>, redis_url: String, prefix: String) {
    let pattern = events::pattern(&prefix);
    let mut backoff = Duration::from_millis(100);
    loop {
        if hub.strong_count() == 0 {
            return;
        }
        let subscribed = async {
            let client = redis::Client::open(redis_url.as_str())?;
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.psubscribe(&pattern).await?;
            Ok::<_, redis::RedisError>(pubsub)
        }
        .await;
        match subscribed {
            Ok(pubsub) => {
                backoff = Duration::from_millis(100);
                let mut messages = pubsub.into_on_message();
                while let Some(message) = messages.next().await {
                    let Some(hub) = hub.upgrade() else { return };
                    let payload: String = message.get_payload().unwrap_or_default();
                    if let (Some(push), Some(notice)) =
                        (events::push_of(message.get_channel_name()), Notice::decode(&payload))
                    {
                        hub.notify(push);
                        // Only status changes concern the feed; lines come far more often.
                        if !matches!(notice, Notice::Lines(_))
                            && let Some(feed) = feed.upgrade()
                        {
                            feed.wake();
                        }
                    }
                }
                tracing::debug!("push event subscription ended; resubscribing");
            }
            Err(e) => tracing::debug!(error = %e, "subscribing to push events failed; followers poll meanwhile"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
