//! `rolf-worker`: consumes push jobs, runs their stages, and keeps Postgres true about every push.

pub mod error;
pub mod lines;
pub mod output;
mod pools;
pub mod retry;
pub mod runner;
pub mod sink;
pub mod stage;
mod step;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rolf_common::config::WorkerConfig;
use rolf_common::db::Db;
use rolf_common::dispatch::Dispatcher;
use rolf_common::events::Notifier;
use rolf_common::ids::PushId;
use rolf_common::pushes::run;
use rolf_common::queue::{PushQueue, Queues, pool_prefix};
use rolf_common::workers::{self, Registration};
use tokio::sync::{Mutex, watch};

use crate::stage::StopReason;

/// A push this worker holds: claimed, and not yet recorded as ended.
struct Held {
    stop: watch::Sender<Option<StopReason>>,
    /// Its stages are over and its end is being recorded: nothing is left to stop.
    ending: bool,
}

/// How often a worker removes the log lines of pushes past their retention (and once at start).
const PRUNE_INTERVAL: Duration = Duration::from_secs(60);
/// Pushes pruned per statement: each is one short transaction.
const PRUNE_BATCH: i64 = 100;

/// How often a worker sweeps (see [`Dispatcher::sweep`]).
const SWEEP_INTERVAL: Duration = Duration::from_secs(2);

pub struct Worker {
    pub db: Db,
    /// One queue per pool served, in `config.pools` order.
    pub queues: Vec<(String, PushQueue)>,
    pub dispatch: Dispatcher,
    pub notifier: Notifier,
    pub config: WorkerConfig,
    /// Unique per process: it is what claims and heartbeats are recorded under.
    pub name: String,
    /// What the worker reports of itself in `workers` with every heartbeat.
    registration: Registration,
    running: Mutex<HashMap<PushId, Held>>,
}

impl Worker {
    pub async fn new(config: WorkerConfig) -> anyhow::Result<Arc<Worker>> {
        let db = Db::new(&config.db)?;
        db.ping().await.map_err(|e| anyhow::anyhow!("connecting to Postgres (DATABASE_URL): {e}"))?;
        let mut queues = Vec::new();
        for pool in &config.pools {
            let queue = PushQueue::connect(&config.queue.redis_url, &pool_prefix(&config.queue.queue_prefix, pool))
                .await
                .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?;
            queues.push((pool.clone(), queue));
        }
        let notifier = Notifier::connect(&config.queue.redis_url, &config.queue.queue_prefix)
            .await
            .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?;
        std::fs::create_dir_all(&config.workdir)
            .map_err(|e| anyhow::anyhow!("ROLF_WORKDIR: creating {}: {e}", config.workdir.display()))?;
        let dispatch = Dispatcher::new(
            db.clone(),
            Queues::new(&config.queue.redis_url, &config.queue.queue_prefix),
            config.lost_after,
        );
        let name = rolf_common::queue::worker_name();
        let registration = pools::registration(&config, &name);
        let beat = registration.clone();
        // Best effort: every heartbeat registers it again, so a failure here (a database still being migrated)
        // only delays its appearance in GET /workers.
        if let Err(e) = db.run(move |conn| workers::beat(conn, &beat)).await {
            tracing::warn!(error = %e, "could not register the worker yet; the heartbeat will");
        }
        Ok(Arc::new(Worker {
            db,
            queues,
            dispatch,
            notifier,
            config,
            name,
            registration,
            running: Mutex::new(HashMap::new()),
        }))
    }

    /// Asks running pushes to stop.
    async fn stop(&self, ids: &[PushId], reason: StopReason) {
        let running = self.running.lock().await;
        for id in ids {
            if let Some(held) = running.get(id) {
                let _ = held.stop.send(Some(reason.clone()));
            }
        }
    }

    async fn stop_all(&self, reason: StopReason) {
        let ids: Vec<PushId> = self.running.lock().await.keys().copied().collect();
        self.stop(&ids, reason).await;
    }

    /// The heartbeat interval: several beats fit in the lost window, so one slow beat never loses a push.
    fn beat(&self) -> Duration {
        (self.config.lost_after / 5).clamp(Duration::from_millis(200), Duration::from_secs(5))
    }

    /// Heartbeats the pushes this worker holds (delivering cancellations and noticing pushes declared lost
    /// meanwhile), and sweeps like every process does.
    pub async fn supervise(self: Arc<Self>) {
        let mut tick = tokio::time::interval(self.beat());
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_sweep = tokio::time::Instant::now();
        // Pruning runs beside the heartbeat, never in its way: a long first round cannot make a push look lost.
        let pruner = Arc::clone(&self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(PRUNE_INTERVAL);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                pruner.prune_logs().await;
            }
        });
        loop {
            tick.tick().await;
            self.heartbeat().await;
            if last_sweep.elapsed() >= SWEEP_INTERVAL {
                last_sweep = tokio::time::Instant::now();
                self.dispatch.sweep().await;
            }
        }
    }

    /// Retention: removes the lines of pushes past their window, a batch at a time, until none is left.
    async fn prune_logs(&self) {
        let days = self.config.log_retention_days;
        loop {
            match self.db.run(move |conn| rolf_common::pushes::retention::prune(conn, days, PRUNE_BATCH)).await {
                Ok(pruned) => {
                    for (push, lines) in &pruned {
                        tracing::info!(push = %push, lines, "removed the log lines of a push past its retention");
                    }
                    if (pruned.len() as i64) < PRUNE_BATCH {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "pruning old log lines failed; the next round retries");
                    return;
                }
            }
        }
        if let Err(e) = self.db.run(workers::forget_old).await {
            tracing::warn!(error = %e, "forgetting workers not seen for a day failed");
        }
    }

    async fn heartbeat(&self) {
        // A push enters `running` only once its claim is committed, so each held push the heartbeat does not
        // find running under our name was declared lost meanwhile.
        let held: Vec<PushId> = self.running.lock().await.keys().copied().collect();
        let (name, beat, me) = (self.name.clone(), held.clone(), self.registration.clone());
        // One round trip for both: the worker's own row and its pushes.
        let alive = match self
            .db
            .run(move |conn| {
                workers::beat(conn, &me)?;
                run::heartbeat(conn, &name, &beat)
            })
            .await
        {
            Ok(alive) => alive,
            Err(e) => {
                tracing::warn!(error = %e, "heartbeat failed");
                return;
            }
        };
        let cancelled: Vec<PushId> = alive.iter().filter(|(_, cancel)| *cancel).map(|(id, _)| *id).collect();
        if !cancelled.is_empty() {
            self.stop(&cancelled, StopReason::Cancelled).await;
        }
        let lost: Vec<PushId> = {
            let running = self.running.lock().await;
            held.into_iter()
                .filter(|id| !alive.iter().any(|(a, _)| a == id))
                .filter(|id| running.get(id).is_some_and(|h| !h.ending))
                .collect()
        };
        // Its deployment is free again and may run another push already: stop ours at once.
        if !lost.is_empty() {
            tracing::warn!(pushes = ?lost, "pushes of ours were declared lost; stopping them");
            self.stop(&lost, StopReason::Lost).await;
        }
    }
}

/// Runs a worker until SIGTERM or Ctrl-C: then it takes no new pushes, lets running ones finish, and past
/// `ROLF_SHUTDOWN_GRACE_SECONDS` cancels them.
pub async fn run(config: WorkerConfig) -> anyhow::Result<()> {
    // Installed before anything else: a SIGTERM that arrives while connecting must mean "stop", not kill us.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let worker = Worker::new(config).await?;
    tracing::info!(worker = %worker.name, pools = ?worker.config.pools, concurrency = worker.config.concurrency,
        "rolf-worker connected; waiting for pushes");
    let supervisor = tokio::spawn(Arc::clone(&worker).supervise());
    let deliverer = tokio::spawn(webhooks::run(worker.db.clone(), worker.config.webhooks.clone()));

    let (stop_tx, mut stop_rx) = watch::channel(false);
    let stop_rx_for_consumers = stop_rx.clone();
    tokio::spawn(async move {
        let stopped = tokio::select! {
            _ = term.recv() => true,
            r = tokio::signal::ctrl_c() => r.is_ok(),
        };
        if stopped {
            let _ = stop_tx.send(true);
        }
    });
    let grace = {
        let worker = Arc::clone(&worker);
        tokio::spawn(async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
            tracing::info!("stopping: no new pushes; running ones may finish");
            tokio::time::sleep(worker.config.shutdown_grace).await;
            tracing::warn!("shutdown grace is over: cancelling running pushes");
            worker.stop_all(StopReason::Shutdown).await;
        })
    };
    let permits = Arc::new(tokio::sync::Semaphore::new(worker.config.concurrency));
    let consumers: Vec<_> = worker
        .queues
        .iter()
        .map(|(pool, queue)| {
            let consumer = pools::Consumer {
                worker: Arc::clone(&worker),
                pool: pool.clone(),
                queue: queue.clone(),
                permits: Arc::clone(&permits),
                stop: stop_rx_for_consumers.clone(),
            };
            tokio::spawn(consumer.run())
        })
        .collect();
    for consumer in consumers {
        if let Err(e) = consumer.await {
            tracing::error!(error = %e, "a queue consumer task failed");
        }
    }
    let name = worker.name.clone();
    if let Err(e) = worker.db.run(move |conn| workers::stopped(conn, &name)).await {
        tracing::warn!(error = %e, "could not record that the worker stopped");
    }
    grace.abort();
    supervisor.abort();
    deliverer.abort();
    tracing::info!("rolf-worker stopped");
    Ok(())
}
