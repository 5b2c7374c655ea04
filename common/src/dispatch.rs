//! The one path by which pushes reach workers. Postgres says which pushes may start; the Redis queue only
//! carries their ids. Three moments hand a push to the queue, and both binaries call the same code for them:
//!
//! - [`Dispatcher::created`]: the API recorded a push. It is queued if it can start now; otherwise it waits in
//!   Postgres, and no job is sent for it that a worker would have to drop.
//! - [`Dispatcher::ended`]: a push ended (a worker recorded its end, or a sweep declared it lost). The
//!   deployment's next queued push is queued.
//! - [`Dispatcher::sweep`], every few seconds in every worker and API process: silent pushes are declared lost
//!   (which frees their deployments), and every push that could start but has no job (Redis lost it, an enqueue
//!   failed, a race between the two moments above) is queued.
//!
//! Each pool has its queue (see [`crate::queue::pool_prefix`]): a push goes to its own pool's. A push queued twice
//! is harmless: the worker's claim in Postgres lets one delivery act.

use std::sync::Weak;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::db::Db;
use crate::ids::{DeploymentId, PushId};
use crate::pushes::run;
use crate::queue::Queues;

pub struct Dispatcher {
    db: Db,
    queues: Queues,
    lost_after: Duration,
    /// Since when this process's sweeps have reached Postgres without a break.
    reachable_since: Mutex<Option<Instant>>,
}

impl Dispatcher {
    pub fn new(db: Db, queues: Queues, lost_after: Duration) -> Self {
        Dispatcher { db, queues, lost_after, reachable_since: Mutex::new(None) }
    }

    async fn enqueue(&self, pool: &str, push: PushId, why: &str) {
        match self.queues.enqueue(pool, push).await {
            Ok(()) => tracing::debug!(push = %push, pool, why, "push queued"),
            Err(e) => tracing::warn!(push = %push, error = %e, why, "could not queue the push; a sweep will"),
        }
    }

    /// A push was recorded (its transaction committed).
    pub async fn created(&self, push: PushId) {
        match self.db.run(move |conn| run::can_start(conn, push)).await {
            Ok(Some(pool)) => self.enqueue(&pool, push, "created").await,
            // It waits for its deployment's running or earlier push; `ended` queues it.
            Ok(None) => {}
            Err(e) => tracing::warn!(push = %push, error = %e, "could not check the new push; a sweep will queue it"),
        }
    }

    /// A push of `deployment` ended: queue the deployment's next push.
    pub async fn ended(&self, deployment: Option<DeploymentId>) {
        let Some(deployment) = deployment else { return };
        match self.db.run(move |conn| run::next_queued(conn, deployment)).await {
            Ok(Some((next, pool))) => self.enqueue(&pool, next, "previous push ended").await,
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(deployment = %deployment, error = %e, "could not find the next push; a sweep will")
            }
        }
    }

    /// Declares silent pushes lost, expires pushes whose approvals did not come in time, and queues every
    /// startable push that has no job.
    pub async fn sweep(&self) {
        match self.db.run(crate::pushes::approvals::expire).await {
            Ok(expired) => {
                for push in expired {
                    tracing::info!(push = %push, "a push awaiting approval expired");
                }
            }
            Err(e) => tracing::debug!(error = %e, "expiring pushes awaiting approval failed"),
        }
        if self.judge_lost().await {
            let lost_after = self.lost_after;
            match self.db.run(move |conn| run::sweep_lost(conn, lost_after)).await {
                Ok(lost) => {
                    for (push, deployment) in lost {
                        tracing::warn!(push = %push, "declared the push lost");
                        self.ended(deployment).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "sweeping lost pushes failed"),
            }
        }
        let startable = match self.db.run(run::startable).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::debug!(error = %e, "listing startable pushes failed");
                return;
            }
        };
        for (id, pool) in startable {
            match self.queues.is_enqueued(&pool, id).await {
                Ok(true) => {}
                Ok(false) => self.enqueue(&pool, id, "it had no job").await,
                Err(e) => {
                    tracing::warn!(error = %e, "checking the queue failed");
                    return;
                }
            }
        }
    }

    /// While Postgres is down nobody can heartbeat, so on its return every running push looks silent. Silence
    /// counts only once this process has reached Postgres for a whole window, by which time live workers have
    /// beaten again. (A process that just started waits one window too.)
    async fn judge_lost(&self) -> bool {
        let reachable = self.db.ping().await.is_ok();
        let mut since = self.reachable_since.lock().await;
        if !reachable {
            *since = None;
            return false;
        }
        since.get_or_insert_with(Instant::now).elapsed() >= self.lost_after
    }

    /// Sweeps every `interval` for as long as the dispatcher exists (a server's lifetime).
    pub async fn sweep_every(this: Weak<Dispatcher>, interval: Duration) {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(dispatcher) = this.upgrade() else { return };
            dispatcher.sweep().await;
        }
    }
}
