//! Step mode: before each stage after the first, a push waits, `paused`, until someone continues it, cancels
//! it, or `ROLF_PAUSE_TIMEOUT_MINUTES` passes. The push stays this worker's the whole time: its heartbeat goes
//! on (so it is lost only if the worker dies) and its work directory is kept.

use std::time::{Duration, Instant};

use rolf_common::events::Notice;
use rolf_common::ids::PushId;
use rolf_common::pushes::log::Stream;
use rolf_common::pushes::run::{self, Claimed};
use rolf_common::pushes::{PushStageRow, PushStatus};
use tokio::sync::watch;

use crate::Worker;
use crate::retry::with_retry;
use crate::runner::Ending;
use crate::sink::SinkHandle;
use crate::stage::StopReason;

/// How often a paused push looks for its continue. Pauses last for minutes; a quarter second is quick enough
/// for the person who pressed the button and one indexed read per push per tick.
const POLL: Duration = Duration::from_millis(250);

impl Worker {
    /// Pauses before `stage`; returns once the push may run it, or with how the push ends.
    pub(crate) async fn pause_before(
        &self,
        c: &Claimed,
        stage: &PushStageRow,
        log: &SinkHandle,
        stop: &watch::Receiver<Option<StopReason>>,
    ) -> Result<(), Ending> {
        let id = c.push.id;
        let position = stage.position;
        let paused = with_retry(&self.db, self.config.db_retry, "pausing the push", || {
            let (db, name) = (self.db.clone(), self.name.clone());
            async move { db.run(move |conn| run::pause(conn, id, &name, position)).await }
        })
        .await
        .map_err(Ending::failed)?;
        if !paused {
            // Cancelled just now (the heartbeat delivers it) or no longer ours: the status says which.
            return Err(self.not_paused(id, stop).await);
        }
        self.notifier.publish(id, Notice::Status).await;
        log.send(
            Some(position),
            Stream::System,
            format!(
                "step mode: paused before stage {}; continue with `rolf continue {id}` or on the push page",
                stage.name
            ),
        )
        .await;
        let deadline = Instant::now() + self.config.pause_timeout;
        let mut tick = tokio::time::interval(POLL);
        loop {
            tick.tick().await;
            if let Some(reason) = stop.borrow().clone() {
                return Err(Ending::stopped(&reason));
            }
            match self.db.run(move |conn| run::status_of(conn, id)).await {
                Ok(Some(PushStatus::Running)) => break,
                Ok(Some(PushStatus::Paused)) => {}
                // Declared lost (this worker was cut off for too long) or gone: nothing more may run.
                Ok(_) => return Err(Ending::stopped(&StopReason::Lost)),
                Err(e) => tracing::warn!(push = %id, error = %e, "could not read the paused push's status"),
            }
            if Instant::now() >= deadline {
                let minutes = self.config.pause_timeout.as_secs_f64() / 60.0;
                let why = format!("paused for over {minutes} minutes without a continue (ROLF_PAUSE_TIMEOUT_MINUTES)");
                log.send(Some(position), Stream::System, format!("step mode: {why}; cancelling the push")).await;
                return Err(Ending { status: PushStatus::Cancelled, tag: None, error: Some(why) });
            }
        }
        log.send(Some(position), Stream::System, format!("step mode: continued; stage {} starts", stage.name)).await;
        Ok(())
    }

    async fn not_paused(&self, id: PushId, stop: &watch::Receiver<Option<StopReason>>) -> Ending {
        if let Some(reason) = stop.borrow().clone() {
            return Ending::stopped(&reason);
        }
        let ours = with_retry(&self.db, self.config.db_retry, "reading the push's status", || {
            let (db, name) = (self.db.clone(), self.name.clone());
            async move { db.run(move |conn| run::still_ours(conn, id, &name)).await }
        })
        .await;
        match ours {
            Ok(true) => Ending::stopped(&StopReason::Cancelled),
            Ok(false) => Ending::stopped(&StopReason::Lost),
            Err(e) => Ending::failed(e),
        }
    }
}
