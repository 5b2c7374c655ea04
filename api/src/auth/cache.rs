//! Who a credential belongs to, remembered between requests so that a request does not pay a Postgres round trip
//! (the credential, its user and groups) before its own work: most of a read's cost on a small machine.
//!
//! Revocation stays immediate on every replica. A Redis counter, the credentials' generation, goes up after every
//! request that can change what a credential stands for (signing in or out, a token made or revoked, a group or
//! service account changed: [`changes_credentials`]), before that request is answered. A remembered caller is used
//! only while the generation it was read under is still the current one, which every request reads from Redis (a
//! far cheaper round trip than the lookup it saves). So a request sent after a revocation was answered finds a
//! newer generation, and looks the credential up again.
//!
//! Reads of the generation are shared: a request waits for the next read that starts after it arrived, and
//! every request that arrived while one read was on its way shares the next. Each still sees the generation as
//! it was after it arrived, and under load a replica reads once per Redis round trip, not once per request.
//!
//! When Redis cannot be reached, nothing is remembered or used and every request asks Postgres, as before; a
//! replica that sees Redis fail forgets what it remembered. Should the revoking replica be unable to raise the
//! generation while others still reach Redis, it keeps trying in the background, and a remembered caller is in
//! any case used for at most [`TTL`]. Entries also end when their token or session expires.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::Method;
use chrono::{DateTime, Utc};
use redis::AsyncCommands;

use super::Caller;

/// How long a remembered caller is used at most, whatever the generation says; also how often a token's
/// `last_used_at` can be written at most by one replica.
pub const TTL: Duration = Duration::from_secs(10);
/// A Redis answer slower than this counts as a failure: the request asks Postgres instead of waiting.
const REDIS_WAIT: Duration = Duration::from_millis(100);
/// After a Redis failure, requests go straight to Postgres for this long rather than each trying Redis again.
const BACK_OFF: Duration = Duration::from_secs(1);
/// A bound on memory: past it the cache starts afresh (entries are cheap to fill again).
const MAX_ENTRIES: usize = 10_000;

/// The Redis key of the credentials' generation. Raising it (`INCR`) makes every replica look every credential
/// up again: the way to make a change made outside the API (with psql) take effect before [`TTL`] passes.
pub fn generation_key(prefix: &str) -> String {
    format!("{prefix}:credentials-generation")
}

/// What identifies a credential in the cache: the hash of an API token, or a session id with the user its
/// signed token names (a session is good only for its own user).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Token(Vec<u8>),
    Session(String, i64),
}

struct Entry {
    caller: Caller,
    generation: i64,
    filled: Instant,
    expires_at: Option<DateTime<Utc>>,
}

pub struct ActorCache {
    redis: deadpool_redis::Pool,
    key: String,
    entries: Mutex<HashMap<Key, Entry>>,
    redis_failed_at: Mutex<Option<Instant>>,
    reads: Mutex<Reads>,
}

/// Requests waiting for a read of the generation, and whether a task is reading for them.
#[derive(Default)]
struct Reads {
    waiting: Vec<tokio::sync::oneshot::Sender<Option<i64>>>,
    reading: bool,
}

impl ActorCache {
    pub fn new(redis: deadpool_redis::Pool, prefix: &str) -> Self {
        ActorCache {
            redis,
            key: generation_key(prefix),
            entries: Mutex::new(HashMap::new()),
            redis_failed_at: Mutex::new(None),
            reads: Mutex::new(Reads::default()),
        }
    }

    /// The current generation as read after this call began, or `None` when Redis cannot tell (then nothing may
    /// be remembered or used).
    pub async fn generation(self: &std::sync::Arc<Self>) -> Option<i64> {
        if self.redis_failed_at.lock().unwrap_or_else(|e| e.into_inner()).is_some_and(|t| t.elapsed() < BACK_OFF) {
            return None;
        }
        let (sender, answer) = tokio::sync::oneshot::channel();
        let lead = {
            let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
            reads.waiting.push(sender);
            !std::mem::replace(&mut reads.reading, true)
        };
        if lead {
            tokio::spawn(std::sync::Arc::clone(self).read_for_waiters());
        }
        // A reader that vanished (the runtime stopping) leaves the request to Postgres.
        answer.await.unwrap_or(None)
    }

    /// Reads for everyone waiting, batch after batch: a batch is taken before its read is sent, so every request
    /// in it arrived before the read began.
    async fn read_for_waiters(self: std::sync::Arc<Self>) {
        loop {
            let batch = {
                let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
                if reads.waiting.is_empty() {
                    reads.reading = false;
                    return;
                }
                std::mem::take(&mut reads.waiting)
            };
            let generation = match tokio::time::timeout(REDIS_WAIT, self.read_generation()).await {
                Ok(Ok(generation)) => Some(generation),
                Ok(Err(e)) => self.failed(&e.to_string()),
                Err(_) => self.failed("no answer in time"),
            };
            for waiter in batch {
                let _ = waiter.send(generation);
            }
        }
    }

    async fn read_generation(&self) -> anyhow::Result<i64> {
        let mut conn = self.redis.get().await?;
        if let Some(generation) = conn.get::<_, Option<i64>>(&self.key).await? {
            return Ok(generation);
        }
        // Redis lost its data (or never had it): start from a random number, so that no entry remembered under
        // an earlier counter can match by chance.
        let start = i64::from(rand::random::<u32>()) << 16;
        let _: bool = conn.set_nx(&self.key, start).await?;
        Ok(conn.get::<_, i64>(&self.key).await?)
    }

    fn failed(&self, why: &str) -> Option<i64> {
        tracing::warn!(error = why, "Redis did not give the credentials' generation; asking Postgres");
        *self.redis_failed_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        self.clear();
        None
    }

    /// The caller remembered for `key` under `generation`, if still good.
    pub fn get(&self, key: &Key, generation: i64) -> Option<Caller> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(key)?;
        let good = entry.generation == generation
            && entry.filled.elapsed() < TTL
            && entry.expires_at.is_none_or(|at| Utc::now() < at);
        good.then(|| entry.caller.clone())
    }

    pub fn put(&self, key: Key, generation: i64, caller: Caller, expires_at: Option<DateTime<Utc>>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Entry { caller, generation, filled: Instant::now(), expires_at });
    }

    fn clear(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Raises the generation: every replica looks every credential up again at its next use. Answers only once
    /// Redis has it (or could not be reached; then it keeps trying in the background).
    pub async fn invalidate(self: &std::sync::Arc<Self>) {
        self.clear();
        if self.raise().await.is_ok() {
            return;
        }
        let cache = std::sync::Arc::downgrade(self);
        tokio::spawn(async move {
            let mut wait = Duration::from_millis(100);
            while let Some(cache) = cache.upgrade() {
                cache.clear();
                if cache.raise().await.is_ok() {
                    return;
                }
                drop(cache);
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
            }
        });
    }

    async fn raise(&self) -> Result<(), ()> {
        let attempt = async {
            let mut conn = self.redis.get().await?;
            let _: i64 = conn.incr(&self.key, 1).await?;
            anyhow::Ok(())
        };
        match tokio::time::timeout(REDIS_WAIT * 10, attempt).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "could not raise the credentials' generation; retrying");
                Err(())
            }
            Err(_) => {
                tracing::error!("could not raise the credentials' generation in time; retrying");
                Err(())
            }
        }
    }
}

/// Whether a request can change what some credential stands for: signing in (which renews the user's groups)
/// or out, and any change to tokens, groups or service accounts. Grants on deployments are not part of a
/// remembered caller (they are read with each request's own work), so they need no such care.
pub fn changes_credentials(method: &Method, path: &str) -> bool {
    const PREFIXES: &[&str] = &["/api/v1/auth/", "/api/v1/tokens", "/api/v1/groups", "/api/v1/service-accounts"];
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) && PREFIXES.iter().any(|p| path.starts_with(p))
}
