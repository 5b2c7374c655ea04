//! A worker serves pools: one queue consumer per pool, all sharing the worker's concurrency, and a row in
//! `workers` saying who it is.

use std::sync::Arc;
use std::time::Duration;

use rolf_common::config::WorkerConfig;
use rolf_common::queue::PushQueue;
use rolf_common::workers::Registration;
use tokio::sync::{Semaphore, watch};

use crate::Worker;

pub(crate) fn registration(config: &WorkerConfig, name: &str) -> Registration {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".to_owned());
    Registration {
        name: name.to_owned(),
        host,
        pid: i32::try_from(std::process::id()).unwrap_or(i32::MAX),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        pools: config.pools.clone(),
        concurrency: i32::try_from(config.concurrency).unwrap_or(i32::MAX),
        lost_after_seconds: i32::try_from(config.lost_after.as_secs()).unwrap_or(i32::MAX),
    }
}

/// The consumer of one pool's queue.
pub(crate) struct Consumer {
    pub worker: Arc<Worker>,
    pub pool: String,
    pub queue: PushQueue,
    /// The worker's concurrency, shared by its pools: a push holds a permit while it runs.
    pub permits: Arc<Semaphore>,
    pub stop: watch::Receiver<bool>,
}

impl Consumer {
    /// Consumes until the worker stops. A dropped Redis connection (a restart, a failover) ends a consumer;
    /// another starts under a new name (apalis refuses a name still registered) rather than strand the running
    /// pushes. The worker's identity in Postgres, `worker.name`, stays the same.
    pub(crate) async fn run(self) {
        for attempt in 0u32.. {
            let mut rx = self.stop.clone();
            let shutdown = async move {
                let _ = rx.wait_for(|stop| *stop).await;
            };
            let (worker, permits) = (Arc::clone(&self.worker), Arc::clone(&self.permits));
            let handler = move |id| {
                let (worker, permits) = (Arc::clone(&worker), Arc::clone(&permits));
                async move {
                    // Closed only if the worker dropped it, which it never does while consuming.
                    let Ok(_permit) = permits.acquire_owned().await else { return };
                    worker.handle(id).await;
                }
            };
            let base = format!("{}-{}", self.worker.name, self.pool);
            let name = if attempt == 0 { base } else { format!("{base}-{attempt}") };
            let result = self.queue.consume(&name, self.worker.config.concurrency, shutdown, handler).await;
            match result {
                Ok(()) => return,
                Err(e) if *self.stop.borrow() => {
                    tracing::warn!(pool = self.pool, error = %e, "the queue consumer failed while stopping");
                    return;
                }
                Err(e) => {
                    tracing::warn!(pool = self.pool, error = %e, "the queue consumer stopped; starting another in a second");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }
}
