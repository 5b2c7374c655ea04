//! The push queue: Redis, through apalis, delivers push ids from the API to workers, at least once.
//!
//! Postgres is the source of truth for pushes; a job only says "look at push N". A job can be delivered twice (a
//! worker dies or is presumed dead, a sweeper re-enqueues), so the worker claims the push in Postgres with a
//! guarded update before doing anything, and a second delivery finds nothing to do.
//!
//! Redis keys, for a prefix `P` (the queue is `P-pushes`, see [`jobs::queue_name`]):
//! - `P:enqueued:<push id>`: the marker. [`PushQueue::enqueue`] sets it just before it adds the job; the consumer
//!   deletes it just before it runs the handler. It expires after [`MARKER_TTL`] in case an enqueue failed between
//!   the two steps. After a Redis flush, marker and job are gone together.
//! - `P-pushes:*`: apalis' keys. New jobs wait in `:scheduled` (apalis stamps even immediate jobs with the current
//!   second) and are moved to `:active` by the next fetch; a fetched job sits in `:inflight:<worker>` until it
//!   finishes; payloads live in the hash `:data`, per-job metadata in `:meta:<task id>`; finished jobs are listed in
//!   `:done` (handler returned) or `:dead` (payload unreadable or handler panicked). Workers are listed in the
//!   sorted set `:workers` with their last heartbeat, plus one `:workers:metadata:<worker>` hash each. `:signal`
//!   is a one-element list that apalis writes and never reads.
//! - apalis also adds `P-pushes:workers` to the global sorted set `core:apalis:queues:list`.
//!
//! Finished jobs do not pile up: every consumer removes the records of done and dead jobs every
//! [`VACUUM_INTERVAL`] and once more when it stops (apalis' own vacuum would leave the `:done` and `:dead` sets
//! growing), and a consumer that stops cleanly removes its own worker entry.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use apalis::prelude::{
    AbortError, BackendExt, PollSnapshot, PollStrategy, TaskSink, TaskSinkError, WorkerBuilder, WorkerBuilderExt,
    WorkerContext, WorkerError,
};
use apalis_redis::{Config, ConnectionManager, RedisStorage};
use redis::AsyncCommands;
use redis::aio::ConnectionManagerConfig;
use serde::Deserialize;
use tokio::time::MissedTickBehavior;

use crate::ids::PushId;
use crate::jobs::{self, PushJob};

/// How often an idle consumer asks Redis for work: the upper bound on the delay between an enqueue and the start
/// of its job on an idle worker. Each idle consumer runs one small Lua script per tick.
pub const POLL_INTERVAL: Duration = Duration::from_millis(5);
/// A consumer's heartbeat. Another consumer takes over the jobs of a worker whose last heartbeat is older than
/// `HEARTBEAT_INTERVAL * MISSED_HEARTBEATS` (15 s). Clocks of the hosts running consumers must agree to well within
/// that, since apalis compares their wall-clock timestamps.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
pub const MISSED_HEARTBEATS: usize = 3;
/// How long an enqueue marker lives if its job never reaches a consumer. Only a failed or cancelled enqueue
/// leaves one behind; a job still waiting after this long looks unqueued, and a sweeper enqueues it again, which
/// the Postgres claim makes harmless.
pub const MARKER_TTL: Duration = Duration::from_secs(60 * 60);
/// How often a consumer removes the records of finished jobs.
pub const VACUUM_INTERVAL: Duration = Duration::from_secs(60);
/// How long a Redis command may take before it fails. The client's default (500 ms) is tight on a loaded host,
/// and a failed heartbeat stops the consumer.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("queue prefix {0:?} may hold only letters, digits, '-' and '_'")]
    InvalidPrefix(String),
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("enqueueing a push: {0}")]
    Enqueue(#[from] TaskSinkError<apalis_redis::Error>),
    /// The consumer stopped because Redis failed (a heartbeat or fetch), or its worker name was still registered.
    #[error("push queue consumer: {0}")]
    Worker(#[from] WorkerError),
}

/// A handle on the push queue. Cloning is cheap: clones share one multiplexed Redis connection, which reconnects
/// by itself after Redis restarts. `Send + Sync`; one per process is enough for both enqueueing and consuming.
#[derive(Clone)]
pub struct PushQueue {
    conn: ConnectionManager,
    prefix: Arc<str>,
    config: Config,
    /// For the consumers' own pub/sub connection.
    redis_url: Arc<str>,
}

impl fmt::Debug for PushQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushQueue").field("queue", &self.config.queue.as_ref()).finish_non_exhaustive()
    }
}

/// A push queue connected at first use: the API starts, and answers `/readyz`, while Redis is down; pushes
/// recorded meanwhile wait in Postgres until a sweep queues them.
pub struct LazyQueue {
    redis_url: String,
    prefix: String,
    queue: tokio::sync::OnceCell<PushQueue>,
}

impl LazyQueue {
    pub fn new(redis_url: &str, prefix: &str) -> Self {
        LazyQueue { redis_url: redis_url.to_owned(), prefix: prefix.to_owned(), queue: tokio::sync::OnceCell::new() }
    }

    async fn get(&self) -> Result<&PushQueue, QueueError> {
        self.queue.get_or_try_init(|| PushQueue::connect(&self.redis_url, &self.prefix)).await
    }

    pub async fn enqueue(&self, push: PushId) -> Result<(), QueueError> {
        self.get().await?.enqueue(push).await
    }

    pub async fn is_enqueued(&self, push: PushId) -> Result<bool, QueueError> {
        self.get().await?.is_enqueued(push).await
    }
}

/// The queue prefix of a pool: the default pool keeps the plain prefix, and so the queue of workers that predate
/// pools.
pub fn pool_prefix(prefix: &str, pool: &str) -> String {
    if pool == crate::workers::DEFAULT_POOL { prefix.to_owned() } else { format!("{prefix}-pool-{pool}") }
}

/// One lazily connected queue per pool, for whoever hands pushes to workers (the dispatcher).
pub struct Queues {
    redis_url: String,
    prefix: String,
    pools: std::sync::Mutex<std::collections::HashMap<String, Arc<LazyQueue>>>,
}

impl Queues {
    pub fn new(redis_url: &str, prefix: &str) -> Self {
        Queues { redis_url: redis_url.to_owned(), prefix: prefix.to_owned(), pools: Default::default() }
    }

    fn pool(&self, pool: &str) -> Arc<LazyQueue> {
        // A poisoned lock only means another thread panicked while inserting: the map is still sound.
        let mut pools = self.pools.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let queue = pools
            .entry(pool.to_owned())
            .or_insert_with(|| Arc::new(LazyQueue::new(&self.redis_url, &pool_prefix(&self.prefix, pool))));
        Arc::clone(queue)
    }

    pub async fn enqueue(&self, pool: &str, push: PushId) -> Result<(), QueueError> {
        self.pool(pool).enqueue(push).await
    }

    pub async fn is_enqueued(&self, pool: &str, push: PushId) -> Result<bool, QueueError> {
        self.pool(pool).is_enqueued(push).await
    }
}

impl PushQueue {
    /// Connects to Redis (one TCP connection, opened now); the queue name is [`jobs::queue_name`]`(prefix)`.
    pub async fn connect(redis_url: &str, prefix: &str) -> Result<Self, QueueError> {
        let plain = prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if prefix.is_empty() || !plain {
            return Err(QueueError::InvalidPrefix(prefix.to_owned()));
        }
        let client = redis::Client::open(redis_url)?;
        let conn_config = ConnectionManagerConfig::new().set_response_timeout(Some(RESPONSE_TIMEOUT));
        let conn = ConnectionManager::new_with_config(client, conn_config).await?;
        let config = Config::default()
            .queue(jobs::queue_name(prefix))
            // Fetch one job at a time: apalis fetches only when the concurrency limit admits one more job, so a
            // bigger batch would park the rest on this worker, behind its running pushes, while other workers idle.
            .batch_size(1)
            .heartbeat_interval(HEARTBEAT_INTERVAL)
            .missed_heartbeats(MISSED_HEARTBEATS)
            // Locks only decorate the job's metadata (the in-flight set is what guards a fetched job) and cost a
            // round trip per job.
            .lock_tasks(false)
            // Must stay on: the result event is what takes a finished job out of its worker's in-flight set;
            // without it, jobs would be handed out again once the worker is gone.
            .persist_results(true)
            .emit_events(false);
        Ok(PushQueue { conn, prefix: prefix.into(), config, redis_url: redis_url.into() })
    }

    /// The queue's name in Redis, `<prefix>-pushes`.
    pub fn name(&self) -> &str {
        self.config.queue.as_ref()
    }

    /// Enqueues a job carrying only `PushJob { push_id }`, and marks the push as having a job in Redis.
    ///
    /// The marker is set first, so a consumer, which deletes it, can never run before it exists. Enqueueing the
    /// same push twice makes two jobs; the Postgres claim lets only one of them act.
    pub async fn enqueue(&self, push: PushId) -> Result<(), QueueError> {
        let marker = self.marker_key(push);
        let mut conn = self.conn.clone();
        let () = conn.set_ex(&marker, 1, MARKER_TTL.as_secs()).await?;
        let mut storage = RedisStorage::<PushJob>::new(self.conn.clone()).with_config(self.config.clone());
        if let Err(err) = storage.push(PushJob { push_id: push }).await {
            // Without a job the marker would hide this push from the sweeper until it expires.
            if let Err(del) = conn.del::<_, ()>(&marker).await {
                tracing::warn!(push_id = %push, error = %del, "could not remove the marker of a failed enqueue");
            }
            return Err(err.into());
        }
        // Idle consumers fetch at once instead of at their next tick. Best effort: the tick still finds it.
        if let Err(err) = conn.publish::<_, _, i64>(wake_channel(&self.prefix), 1).await {
            tracing::debug!(push_id = %push, error = %err, "could not wake the consumers");
        }
        tracing::debug!(push_id = %push, queue = self.name(), "push enqueued");
        Ok(())
    }

    /// True if the push's marker exists: a job for it was enqueued and no consumer has started it yet.
    pub async fn is_enqueued(&self, push: PushId) -> Result<bool, QueueError> {
        let mut conn = self.conn.clone();
        Ok(conn.exists(self.marker_key(push)).await?)
    }

    /// Consumes jobs until `shutdown` resolves, running at most `concurrency` handlers at once.
    ///
    /// For each job: delete the push's marker, then await `handler(push_id)` on its own tokio task. The handler
    /// records outcomes in Postgres itself. No job is ever retried by the queue: a handler that panics, or a
    /// payload that is not a `PushJob`, is logged and the job is dropped.
    ///
    /// `worker_name` must be unique per call (see [`worker_name`]): apalis refuses a name whose last heartbeat is
    /// recent, even after a clean stop. An idle consumer looks for work every [`POLL_INTERVAL`].
    ///
    /// On shutdown it stops taking jobs, waits for running handlers (with no time limit), and returns `Ok`. If
    /// Redis fails, it also waits for running handlers, then returns the error; the jobs it held are handed to
    /// another consumer after the heartbeat window.
    ///
    /// The future owns what it needs (`Send + 'static`), so it can be spawned as it is. It is declared `Send`
    /// here rather than inferred: inferring it at the call site trips a compiler limitation when a handler
    /// captures a type holding a `&'static` reference ("implementation of `Send` is not general enough").
    pub fn consume<F, Fut, S>(
        &self,
        worker_name: &str,
        concurrency: usize,
        shutdown: S,
        handler: F,
    ) -> impl Future<Output = Result<(), QueueError>> + Send + use<F, Fut, S>
    where
        F: Fn(PushId) -> Fut + Send + Sync + Clone + 'static,
        Fut: Future<Output = ()> + Send + 'static,
        S: Future<Output = ()> + Send + 'static,
    {
        let (queue, worker_name) = (self.clone(), worker_name.to_owned());
        async move { queue.run_consumer(&worker_name, concurrency, shutdown, handler).await }
    }

    async fn run_consumer<F, Fut, S>(
        &self,
        worker_name: &str,
        concurrency: usize,
        shutdown: S,
        handler: F,
    ) -> Result<(), QueueError>
    where
        F: Fn(PushId) -> Fut + Send + Sync + Clone + 'static,
        Fut: Future<Output = ()> + Send + 'static,
        S: Future<Output = ()> + Send + 'static,
    {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let (wake_tx, wake) = tokio::sync::mpsc::channel(1);
        let listener = tokio::spawn(listen_for_wakes(self.redis_url.to_string(), wake_channel(&self.prefix), wake_tx));
        // The payload is decoded in the service rather than by apalis: a payload apalis cannot decode stops the
        // worker, and every worker after it that fetches the same job.
        let storage = RedisStorage::<serde_json::Value>::new(self.conn.clone())
            .with_config(self.config.clone())
            .poll_with_strategy(Tick { tick, wake });
        // Every handler task holds a clone of `running`; `all_done` yields `None` once the last one is dropped.
        let (running, mut all_done) = tokio::sync::mpsc::channel::<()>(1);
        let queue = self.clone();
        let worker = WorkerBuilder::new(worker_name).backend(storage).concurrency(concurrency.max(1)).build(
            move |job: serde_json::Value| {
                let (queue, handler, running) = (queue.clone(), handler.clone(), running.clone());
                async move {
                    // A task of its own: a panic stays in it, and a handler outlives a consumer whose Redis failed.
                    let run = tokio::spawn(async move {
                        let _running = running;
                        queue.run_job(job, handler).await
                    });
                    match run.await {
                        Ok(result) => result.map_err(AbortError::new),
                        Err(err) => {
                            tracing::error!(error = %err, "push handler panicked; its job is dropped");
                            Err(AbortError::new(err))
                        }
                    }
                }
            },
        );
        let janitor = tokio::spawn(self.clone().vacuum_every(VACUUM_INTERVAL));
        tracing::info!(queue = self.name(), worker = worker_name, concurrency, "consuming pushes");
        let result = worker
            .run_until(async move {
                shutdown.await;
                Ok::<(), std::io::Error>(())
            })
            .await;
        janitor.abort();
        listener.abort();
        // The worker is gone, and with it the service's clone of `running`: wait for the handlers it left running.
        let _ = all_done.recv().await;
        result?;
        self.vacuum().await?;
        self.unregister(worker_name).await?;
        tracing::info!(queue = self.name(), worker = worker_name, "stopped consuming pushes");
        Ok(())
    }

    async fn run_job<F, Fut>(&self, job: serde_json::Value, handler: F) -> Result<(), serde_json::Error>
    where
        F: Fn(PushId) -> Fut,
        Fut: Future<Output = ()>,
    {
        let PushJob { push_id } = PushJob::deserialize(&job).inspect_err(|err| {
            tracing::error!(error = %err, %job, "push queue job is not a PushJob; dropped");
        })?;
        let mut conn = self.conn.clone();
        if let Err(err) = conn.del::<_, ()>(self.marker_key(push_id)).await {
            // A leftover marker only hides the push from the sweeper until it expires.
            tracing::warn!(%push_id, error = %err, "could not remove the enqueue marker");
        }
        tracing::debug!(%push_id, "push job started");
        handler(push_id).await;
        Ok(())
    }

    fn marker_key(&self, push: PushId) -> String {
        format!("{}:enqueued:{push}", self.prefix)
    }

    async fn vacuum_every(self, period: Duration) {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = self.vacuum().await {
                tracing::warn!(queue = self.name(), error = %err, "could not remove finished push jobs");
            }
        }
    }

    /// Removes the payload, metadata and listing of every finished (done or dead) job.
    async fn vacuum(&self) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let (data, meta) = (self.config.job_data_hash(), self.config.job_meta_hash());
        for set in [self.config.done_jobs_set(), self.config.dead_jobs_set()] {
            let ids: Vec<String> = conn.smembers(&set).await?;
            for chunk in ids.chunks(500) {
                let mut pipe = redis::pipe();
                pipe.hdel(&data, chunk).ignore();
                pipe.del(chunk.iter().map(|id| format!("{meta}:{id}")).collect::<Vec<_>>()).ignore();
                pipe.srem(&set, chunk).ignore();
                pipe.query_async::<()>(&mut conn).await?;
            }
        }
        Ok(())
    }

    /// Removes a cleanly stopped worker's registration, which apalis leaves behind. A worker still holding jobs
    /// (fetched just as it stopped) stays registered, so that another consumer hands them out after the window.
    async fn unregister(&self, worker_name: &str) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let worker = WorkerContext::new(worker_name);
        let held: usize = conn.scard(self.config.inflight_set_for(&worker)).await?;
        if held > 0 {
            tracing::warn!(worker = worker_name, held, "stopped holding jobs; they are handed out after the window");
            return Ok(());
        }
        let mut pipe = redis::pipe();
        pipe.zrem(self.config.workers_set(), worker_name).ignore();
        pipe.del(self.config.worker_metadata_key(&worker)).ignore();
        pipe.query_async::<()>(&mut conn).await?;
        Ok(())
    }
}

/// A name for [`PushQueue::consume`]: `<host>-<pid>-<random>`, unique per call.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect())
        .filter(|h: &String| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    format!("{host}-{}-{:08x}", std::process::id(), rand::random::<u32>())
}

/// Wakes the consumer every tick so that apalis fetches again: nothing in Redis wakes it for a new job (apalis'
/// pub/sub wake-up does not fire for `push`), so this tick is what bounds dispatch latency.
///
/// It cannot stall: it drains every ready tick and returns `Pending` only when `poll_tick` returned `Pending`,
/// which registered the waker of this very poll (or, with the task's cooperative budget spent, woke it at once).
/// So whenever apalis parks the worker after an empty fetch (it polls this strategy first, in the same call), a
/// wake-up is due within one interval. apalis' interval strategy instead re-arms a fresh timer without polling
/// it, which can leave no waker behind.
struct Tick {
    tick: tokio::time::Interval,
    /// A message per enqueue (coalesced), so an idle consumer fetches at once rather than at its next tick.
    wake: tokio::sync::mpsc::Receiver<()>,
}

impl PollStrategy for Tick {
    fn poll_drive(&mut self, cx: &mut Context<'_>, _: &PollSnapshot) -> Poll<Option<()>> {
        let mut ready = false;
        // Both are drained until pending, so each has registered the waker before `Pending` is returned.
        while self.tick.poll_tick(cx).is_ready() {
            ready = true;
        }
        while let Poll::Ready(Some(())) = self.wake.poll_recv(cx) {
            ready = true;
        }
        if ready { Poll::Ready(Some(())) } else { Poll::Pending }
    }
}

/// The pub/sub channel enqueues are announced on, per queue prefix.
fn wake_channel(prefix: &str) -> String {
    format!("{prefix}:queue-wake")
}

/// Relays wake-ups from Redis to a consumer's poll strategy until the consumer stops (the task is aborted),
/// resubscribing after failures; meanwhile the tick alone drives fetching.
async fn listen_for_wakes(redis_url: String, channel: String, wake: tokio::sync::mpsc::Sender<()>) {
    use futures::StreamExt;
    loop {
        let subscribed = async {
            let mut pubsub = redis::Client::open(redis_url.as_str())?.get_async_pubsub().await?;
            pubsub.subscribe(&channel).await?;
            Ok::<_, redis::RedisError>(pubsub)
        }
        .await;
        match subscribed {
            Ok(pubsub) => {
                let mut messages = pubsub.into_on_message();
                while messages.next().await.is_some() {
                    // Full means a wake-up is pending already.
                    let _ = wake.try_send(());
                }
            }
            Err(e) => tracing::debug!(error = %e, "subscribing to queue wake-ups failed; polling meanwhile"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
