//! Every API process ticks the schedules once a second; each tick is claimed in Postgres, so any number of
//! replicas make each scheduled push once.

use std::sync::{Arc, Weak};
use std::time::Duration;

use rolf_common::db::Db;
use rolf_common::dispatch::Dispatcher;
use rolf_common::schedules;

const TICK: Duration = Duration::from_secs(1);

/// Runs for as long as the dispatcher exists (the server's lifetime).
pub async fn run(dispatch: Weak<Dispatcher>, db: Db, admin_groups: Arc<Vec<String>>) {
    let mut every = tokio::time::interval(TICK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let Some(dispatch) = dispatch.upgrade() else { return };
        let groups = Arc::clone(&admin_groups);
        match db.run(move |conn| schedules::tick(conn, &groups, chrono::Utc::now())).await {
            Ok(made) => {
                for push in made {
                    tracing::info!(push = %push, "a schedule made a push");
                    dispatch.created(push).await;
                }
            }
            Err(e) => tracing::debug!(error = %e, "ticking the schedules failed; the next tick retries"),
        }
    }
}
