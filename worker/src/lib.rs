//! `rolf-worker`: consumes push jobs, runs their stages, and keeps Postgres true about every push.

pub mod lines;
pub mod runner;
pub mod sink;
pub mod stage;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rolf_common::config::WorkerConfig;
use rolf_common::db::Db;
use rolf_common::events::Notifier;
use rolf_common::ids::PushId;
use rolf_common::pushes::run;
use rolf_common::queue::PushQueue;
use tokio::sync::{Mutex, watch};

use crate::stage::StopReason;

pub struct Worker {
    pub db: Db,
    pub queue: PushQueue,
    pub notifier: Notifier,
    pub config: WorkerConfig,
    /// Unique per process: it is what claims and heartbeats are recorded under.
    pub name: String,
    running: Mutex<HashMap<PushId, watch::Sender<Option<StopReason>>>>,
}

impl Worker {
    pub async fn new(config: WorkerConfig) -> anyhow::Result<Arc<Worker>> {
        let db = Db::new(&config.db)?;
        db.ping().await.map_err(|e| anyhow::anyhow!("connecting to Postgres (DATABASE_URL): {e}"))?;
        let queue = PushQueue::connect(&config.queue.redis_url, &config.queue.queue_prefix)
            .await
            .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?;
        let notifier = Notifier::connect(&config.queue.redis_url, &config.queue.queue_prefix)
            .await
            .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?;
        std::fs::create_dir_all(&config.workdir)
            .map_err(|e| anyhow::anyhow!("ROLF_WORKDIR: creating {}: {e}", config.workdir.display()))?;
        Ok(Arc::new(Worker {
            db,
            queue,
            notifier,
            config,
            name: rolf_common::queue::worker_name(),
            running: Mutex::new(HashMap::new()),
        }))
    }

    /// Asks running pushes to stop.
    async fn stop(&self, ids: &[PushId], reason: StopReason) {
        let running = self.running.lock().await;
        for id in ids {
            if let Some(tx) = running.get(id) {
                let _ = tx.send(Some(reason.clone()));
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

    /// Heartbeats this worker's pushes (delivering cancellations), declares other workers' silent pushes
    /// lost, and makes sure every push that could start has a job in the queue (after a Redis flush, say).
    pub async fn supervise(self: Arc<Self>) {
        let mut tick = tokio::time::interval(self.beat());
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_sweep = tokio::time::Instant::now();
        // Since when our own heartbeats have been reaching Postgres. While Postgres is down nobody can heartbeat,
        // so on its return every running push looks silent: silence only counts once we have watched for a whole
        // window with Postgres reachable, by which time live workers have beaten again. (A worker that just
        // started waits one window too.)
        let mut reachable_since: Option<tokio::time::Instant> = None;
        loop {
            tick.tick().await;
            let name = self.name.clone();
            // Listed before the heartbeat: a push enters the list only once its claim is committed, so each of
            // these the heartbeat does not find running under our name was declared lost meanwhile.
            let ours: Vec<PushId> = self.running.lock().await.keys().copied().collect();
            match self.db.run(move |conn| run::heartbeat(conn, &name)).await {
                Ok(alive) => {
                    reachable_since.get_or_insert_with(tokio::time::Instant::now);
                    let cancelled: Vec<PushId> =
                        alive.iter().filter(|(_, cancel)| *cancel).map(|(id, _)| *id).collect();
                    if !cancelled.is_empty() {
                        self.stop(&cancelled, StopReason::Cancelled).await;
                    }
                    // Its deployment is free again and may run another push already: stop ours at once.
                    let lost: Vec<PushId> = ours.into_iter().filter(|id| !alive.iter().any(|(a, _)| a == id)).collect();
                    if !lost.is_empty() {
                        tracing::warn!(pushes = ?lost, "pushes of ours were declared lost; stopping them");
                        self.stop(&lost, StopReason::Lost).await;
                    }
                }
                Err(e) => {
                    reachable_since = None;
                    tracing::warn!(error = %e, "heartbeat failed");
                }
            }
            if last_sweep.elapsed() >= Duration::from_secs(2) {
                last_sweep = tokio::time::Instant::now();
                let judge_lost = reachable_since.is_some_and(|since| since.elapsed() >= self.config.lost_after);
                self.sweep(judge_lost).await;
            }
        }
    }

    async fn sweep(&self, judge_lost: bool) {
        let lost_after = self.config.lost_after;
        if judge_lost {
            match self.db.run(move |conn| run::sweep_lost(conn, lost_after)).await {
                Ok(lost) => {
                    for (push, deployment) in lost {
                        tracing::warn!(push = %push, "declared the push lost");
                        if let Some(deployment) = deployment {
                            self.start_next(deployment).await;
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "sweeping lost pushes failed"),
            }
        }
        let startable = match self.db.run(run::startable).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "listing startable pushes failed");
                return;
            }
        };
        for id in startable {
            match self.queue.is_enqueued(id).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::info!(push = %id, "queueing a push that had no job");
                    if let Err(e) = self.queue.enqueue(id).await {
                        tracing::warn!(push = %id, error = %e, "re-queueing failed");
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "checking the queue failed");
                    return;
                }
            }
        }
    }
}

/// Runs a worker until SIGTERM or Ctrl-C: then it takes no new pushes, lets running ones finish, and past
/// `ROLF_SHUTDOWN_GRACE_SECONDS` cancels them.
pub async fn run(config: WorkerConfig) -> anyhow::Result<()> {
    // Installed before anything else: a SIGTERM that arrives while connecting must mean "stop", not kill us.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let worker = Worker::new(config).await?;
    tracing::info!(worker = %worker.name, queue = %rolf_common::jobs::queue_name(&worker.config.queue.queue_prefix),
        concurrency = worker.config.concurrency, "rolf-worker connected; waiting for pushes");
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
    // A dropped Redis connection (a restart, a failover) ends a consumer; start another under a new name (apalis
    // refuses a name still registered) rather than exit and strand the running pushes. The Postgres identity
    // of the worker, `worker.name`, stays the same.
    for attempt in 0u32.. {
        let mut rx = stop_rx_for_consumers.clone();
        let shutdown = async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let handler_worker = Arc::clone(&worker);
        let name = if attempt == 0 { worker.name.clone() } else { format!("{}-{attempt}", worker.name) };
        let result = worker
            .queue
            .consume(&name, worker.config.concurrency, shutdown, move |id| Arc::clone(&handler_worker).handle(id))
            .await;
        match result {
            Ok(()) => break,
            Err(e) if *stop_rx_for_consumers.borrow() => {
                tracing::warn!(error = %e, "the queue consumer failed while stopping");
                break;
            }
            Err(e) => {
                tracing::warn!(error = %e, "the queue consumer stopped; starting another in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    grace.abort();
    supervisor.abort();
    deliverer.abort();
    tracing::info!("rolf-worker stopped");
    Ok(())
}
