//! The push status feed, live: one task per API process reads new `push_events` from Postgres (woken by the
//! workers' Redis notices, else every quarter second: one indexed probe, whether or not anyone follows) and broadcasts them in batches; each follower filters
//! them through its own scope. A batch says which id it follows, so a follower that missed one (it joined
//! late, it lagged) reads the gap from Postgres itself and never skips or repeats an event.

use std::sync::Arc;
use std::time::Duration;

use rolf_common::db::Db;
use rolf_common::pushes::feed::{self, FeedEvent};
use tokio::sync::{Notify, broadcast};

/// Without a notice, the feed still looks at Postgres this often (an API's own changes, Redis down).
const POLL: Duration = Duration::from_millis(250);
const PAGE: i64 = 500;
const BROADCAST: usize = 1024;

/// Events after `after`, up to and including `last`.
#[derive(Debug, Clone)]
pub struct Batch {
    pub after: i64,
    pub last: i64,
    pub events: Arc<Vec<FeedEvent>>,
}

pub struct FeedHub {
    tx: broadcast::Sender<Batch>,
    wake: Notify,
}

impl FeedHub {
    /// Starts the reading task, which ends when the hub is dropped.
    pub fn start(db: Db) -> Arc<FeedHub> {
        let (tx, _) = broadcast::channel(BROADCAST);
        let hub = Arc::new(FeedHub { tx, wake: Notify::new() });
        tokio::spawn(read(db, Arc::downgrade(&hub)));
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Batch> {
        self.tx.subscribe()
    }

    /// A push's status changed somewhere: look now rather than at the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Reads every new event, whether or not anyone follows here: a follower catches up from Postgres after it
/// subscribes, so a reader that skipped ahead while nobody listened could leave it waiting for the next change.
async fn read(db: Db, hub: std::sync::Weak<FeedHub>) {
    let mut cursor: Option<i64> = None;
    loop {
        let Some(current) = hub.upgrade() else { return };
        loop {
            let after = match cursor {
                Some(c) => c,
                None => match db.run(feed::newest).await {
                    Ok(n) => {
                        cursor = Some(n);
                        n
                    }
                    Err(_) => break,
                },
            };
            let Ok(events) = db.run(move |conn| feed::read_all(conn, after, PAGE)).await else { break };
            let Some(last) = events.last().map(|e| e.id) else { break };
            let full = events.len() as i64 == PAGE;
            let _ = current.tx.send(Batch { after, last, events: Arc::new(events) });
            cursor = Some(last);
            if !full {
                break;
            }
        }
        let wake = async { current.wake.notified().await };
        let _ = tokio::time::timeout(POLL, wake).await;
    }
}
