//! Live push events through Redis pub/sub. The worker publishes small notifications ("lines up to seq N are
//! stored", "a status changed", "the push ended") once per batch, whatever the number of followers; each API
//! replica reads the news from Postgres once per push and fans it out to its own followers. Notifications carry
//! no log text, so a lost one only delays a follower until its next poll of Postgres, never loses a line.

use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::ids::PushId;

/// Every push's channel starts with this, after the queue prefix.
const CHANNEL: &str = "push-events";

pub fn channel(prefix: &str, push: PushId) -> String {
    format!("{prefix}:{CHANNEL}:{push}")
}

/// The pattern an API replica subscribes to once for all pushes.
pub fn pattern(prefix: &str) -> String {
    format!("{prefix}:{CHANNEL}:*")
}

/// The push a channel name belongs to.
pub fn push_of(channel: &str) -> Option<PushId> {
    channel.rsplit(':').next()?.parse::<i64>().ok().map(PushId)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Lines up to this seq are stored.
    Lines(i64),
    /// A stage or the push changed status.
    Status,
    /// The push has finished and every line is stored.
    End,
}

impl Notice {
    pub fn encode(self) -> String {
        match self {
            Notice::Lines(seq) => format!("lines {seq}"),
            Notice::Status => "status".to_owned(),
            Notice::End => "end".to_owned(),
        }
    }

    pub fn decode(text: &str) -> Option<Notice> {
        match text.split_once(' ') {
            Some(("lines", seq)) => seq.parse().ok().map(Notice::Lines),
            None if text == "status" => Some(Notice::Status),
            None if text == "end" => Some(Notice::End),
            _ => None,
        }
    }
}

/// Publishes notices. Best effort: followers also poll Postgres, so a failed publish is logged, not fatal.
#[derive(Clone)]
pub struct Notifier {
    conn: ConnectionManager,
    prefix: String,
}

impl Notifier {
    pub async fn connect(redis_url: &str, prefix: &str) -> redis::RedisResult<Notifier> {
        let client = redis::Client::open(redis_url)?;
        let config = ConnectionManagerConfig::new().set_response_timeout(Some(Duration::from_secs(2)));
        let conn = ConnectionManager::new_with_config(client, config).await?;
        Ok(Notifier { conn, prefix: prefix.to_owned() })
    }

    pub async fn publish(&self, push: PushId, notice: Notice) {
        let mut conn = self.conn.clone();
        let result: redis::RedisResult<i64> = conn.publish(channel(&self.prefix, push), notice.encode()).await;
        if let Err(e) = result {
            tracing::debug!(push = %push, error = %e, "publishing a push event failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_round_trip() {
        for notice in [Notice::Lines(42), Notice::Status, Notice::End] {
            assert_eq!(Notice::decode(&notice.encode()), Some(notice));
        }
        assert_eq!(Notice::decode("lines x"), None);
        assert_eq!(Notice::decode("other"), None);
    }

    #[test]
    fn channels_name_their_push() {
        let c = channel("rolf", PushId(7));
        assert_eq!(c, "rolf:push-events:7");
        assert_eq!(push_of(&c), Some(PushId(7)));
        assert_eq!(pattern("rolf"), "rolf:push-events:*");
    }
}
