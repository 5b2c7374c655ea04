//! The API's share of keeping push state true: like every worker, it declares silent pushes lost and queues
//! the next push of the deployments that frees, so a crashed worker's pushes end even when no other worker runs.

use std::sync::Weak;
use std::time::{Duration, Instant};

use rolf_common::pushes::run;

use crate::state::AppState;

const INTERVAL: Duration = Duration::from_secs(5);

/// Runs until the server that owns `state` is gone.
pub async fn run(state: Weak<AppState>, lost_after: Duration) {
    let mut tick = tokio::time::interval(INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Nobody can heartbeat while Postgres is down: judge silence only after a whole window of good contact, or
    // every push running through an outage would be declared lost the moment Postgres returns.
    let mut reachable_since: Option<Instant> = None;
    loop {
        tick.tick().await;
        let Some(state) = state.upgrade() else { return };
        if state.db.ping().await.is_err() {
            reachable_since = None;
            continue;
        }
        let since = *reachable_since.get_or_insert_with(Instant::now);
        if since.elapsed() < lost_after {
            continue;
        }
        let lost = match state.db.run(move |conn| run::sweep_lost(conn, lost_after)).await {
            Ok(lost) => lost,
            Err(e) => {
                tracing::debug!(error = %e, "sweeping lost pushes failed");
                continue;
            }
        };
        for (push, deployment) in lost {
            tracing::warn!(push = %push, "declared the push lost");
            let Some(deployment) = deployment else { continue };
            if let Ok(Some(next)) = state.db.run(move |conn| run::next_queued(conn, deployment)).await
                && let Err(e) = state.queue.enqueue(next).await
            {
                tracing::warn!(push = %next, error = %e, "could not queue the next push; a worker's sweeper will");
            }
        }
    }
}
