//! Runs one claimed push from start to end: work directory, environment, stages in order, log sink, tag.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rolf_common::events::Notice;
use rolf_common::ids::PushId;
use rolf_common::pushes::log::Stream;
use rolf_common::pushes::run::{self, Claimed};
use rolf_common::pushes::{PushStatus, StageStatus};
use tokio::sync::watch;

use crate::error::WorkerError;
use crate::output;
use crate::retry::with_retry;
use crate::sink::{Sink, SinkHandle};
use crate::stage::{self, Outcome, StageRun, StopReason};
use crate::{Held, Worker};

/// `rolf-<deployment>-<push id>`, with the deployment's name reduced to what is safe in a git tag.
pub fn default_tag(deployment: &str, push: PushId) -> String {
    let slug: String = deployment
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    format!("rolf-{}-{push}", slug.trim_matches('-'))
}

fn environment(c: &Claimed, dir: &Path, output: &Path) -> Vec<(String, String)> {
    let push = &c.push;
    let inherited = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let dir_text = dir.display().to_string();
    let tag = default_tag(&push.deployment_name, push.id);
    let mut env: Vec<(String, String)> = vec![
        ("PATH".into(), inherited("PATH", "/usr/local/bin:/usr/bin:/bin")),
        ("HOME".into(), inherited("HOME", "/")),
        ("LANG".into(), inherited("LANG", "C.UTF-8")),
    ];
    env.extend(c.settings.iter().cloned());
    if let serde_json::Value::Object(flags) = &push.flags {
        env.extend(flags.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())));
    }
    let rollback = c.rollback_tag.clone().unwrap_or_default();
    env.extend([
        ("ROLF_PUSH_ID".into(), push.id.to_string()),
        ("ROLF_DEPLOYMENT_ID".into(), c.deployment_id.to_string()),
        ("ROLF_DEPLOYMENT".into(), push.deployment_name.clone()),
        ("ROLF_APPLICATION".into(), push.application_name.clone()),
        ("ROLF_USER".into(), push.username.clone()),
        ("ROLF_COMMENT".into(), push.comment.clone()),
        ("ROLF_TAG".into(), tag),
        ("ROLF_WORKDIR".into(), dir_text.clone()),
        ("ROLF_OUTPUT".into(), output.display().to_string()),
        // What recipes written for the original Rolf read.
        ("DEPLOYMENT_ID".into(), c.deployment_id.to_string()),
        ("PUSH_COMMENT".into(), push.comment.clone()),
        ("PUSH_UNI".into(), push.username.clone()),
        ("ROLLBACK_URL".into(), rollback.clone()),
        ("CHECKOUT_DIR".into(), dir.join("checkout").display().to_string()),
        ("CWD".into(), dir_text),
    ]);
    if c.rollback_tag.is_some() {
        env.push(("ROLF_ROLLBACK_TAG".into(), rollback));
    }
    env
}

pub(crate) struct Ending {
    pub status: PushStatus,
    pub tag: Option<String>,
    pub error: Option<String>,
}

impl Ending {
    pub fn failed(error: WorkerError) -> Ending {
        Ending { status: PushStatus::Failed, tag: None, error: Some(error.to_string()) }
    }

    pub fn stopped(reason: &StopReason) -> Ending {
        Ending { status: reason.push_status(), tag: None, error: reason.error().map(str::to_owned) }
    }
}

impl Worker {
    /// The job handler: claims the push and runs it, or does nothing when it is not (or not yet) this
    /// worker's to run. Never fails: every outcome is recorded in Postgres.
    pub async fn handle(self: Arc<Self>, id: PushId) {
        let claimed = with_retry(&self.db, self.config.db_retry, "claiming the push", || {
            let (db, name, pools) = (self.db.clone(), self.name.clone(), self.config.pools.clone());
            async move { db.run(move |conn| run::claim(conn, id, &name, &pools)).await }
        })
        .await;
        let claimed = match claimed {
            Ok(Some(claimed)) => claimed,
            Ok(None) => return,
            Err(e) => {
                tracing::error!(push = %id, error = %e, "could not claim the push; it stays queued");
                return;
            }
        };
        let deployment = claimed.deployment_id;
        let (stop_tx, stop_rx) = watch::channel(None);
        self.running.lock().await.insert(id, Held { stop: stop_tx, ending: false });
        tracing::info!(push = %id, deployment = %deployment, "push started");
        self.notifier.publish(id, Notice::Status).await;
        let ending = self.execute(&claimed, stop_rx).await;
        if let Some(held) = self.running.lock().await.get_mut(&id) {
            held.ending = true;
        }
        let recorded = self.record_end(id, &ending, self.config.db_retry).await;
        // Recorded or not, the push is no longer held: no heartbeat keeps it running. Unrecorded, it is either
        // recorded by the retry below or declared lost by a sweep; its deployment is free again either way.
        self.running.lock().await.remove(&id);
        match recorded {
            Ok(true) => tracing::info!(push = %id, status = %ending.status, "push finished"),
            Ok(false) => tracing::warn!(push = %id, "push was declared lost meanwhile; its end is not recorded"),
            Err(e) if e.is_transient() => {
                tracing::error!(push = %id, error = %e, "could not record the end of the push; retrying in the background");
                let worker = Arc::clone(&self);
                tokio::spawn(async move {
                    match worker.record_end(id, &ending, Duration::MAX).await {
                        Ok(true) => {
                            tracing::info!(push = %id, status = %ending.status, "push finished (recorded late)")
                        }
                        Ok(false) => {
                            tracing::warn!(push = %id, "push was declared lost before its end could be recorded")
                        }
                        Err(e) => tracing::error!(push = %id, error = %e, "gave up recording the end of the push"),
                    }
                    worker.notifier.publish(id, Notice::End).await;
                    worker.dispatch.ended(Some(deployment)).await;
                });
                return;
            }
            Err(e) => {
                tracing::error!(push = %id, error = %e, "could not record the end of the push; it will be declared lost")
            }
        }
        self.notifier.publish(id, Notice::End).await;
        self.dispatch.ended(Some(deployment)).await;
    }

    /// Records how the push ended; `Ok(false)` when it is no longer this worker's (declared lost meanwhile).
    async fn record_end(&self, id: PushId, ending: &Ending, limit: Duration) -> Result<bool, WorkerError> {
        with_retry(&self.db, limit, "recording the end of the push", || {
            let (db, name) = (self.db.clone(), self.name.clone());
            let (status, tag, error) = (ending.status, ending.tag.clone(), ending.error.clone());
            async move {
                db.run(move |conn| run::finish(conn, id, &name, status, tag.as_deref(), error.as_deref())).await
            }
        })
        .await
    }

    fn push_dir(&self, id: PushId) -> PathBuf {
        self.config.workdir.join(format!("push-{id}"))
    }

    async fn execute(&self, c: &Claimed, mut stop: watch::Receiver<Option<StopReason>>) -> Ending {
        let id = c.push.id;
        let dir = self.push_dir(id);
        let output = dir.join(".rolf-output");
        let sink = Sink::start(
            self.db.clone(),
            self.notifier.clone(),
            id,
            c.next_seq,
            c.secrets.clone(),
            self.config.db_retry,
            self.config.max_log_bytes,
        );
        let log = sink.handle();
        log.send(None, Stream::System, format!("push {id} started on worker {}", self.name)).await;
        let mut ending = match prepare(&dir, &output) {
            Ok(()) => self.stages(c, &dir, &output, &log, &mut stop).await,
            Err(e) => Ending::failed(e),
        };
        if ending.status == PushStatus::Succeeded {
            match output::tag(&output, &c.secrets) {
                Ok(tag) => {
                    let tag = tag.unwrap_or_else(|| default_tag(&c.push.deployment_name, id));
                    log.send(None, Stream::System, format!("push succeeded; tag {tag}")).await;
                    ending.tag = Some(tag);
                }
                Err(e) => {
                    log.send(None, Stream::System, format!("push failed: {e}")).await;
                    ending = Ending::failed(e);
                }
            }
        } else if ending.status != PushStatus::Lost {
            // A lost push's log ends with the sweeper's line; it is not ours to add to.
            log.send(None, Stream::System, format!("push {}", ending.status)).await;
        }
        drop(log);
        if let Err(e) = sink.close().await {
            tracing::error!(push = %id, error = %e, "log lines were lost");
            ending = Ending::failed(e);
        }
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            tracing::warn!(push = %id, error = %e, "could not remove the work directory");
        }
        ending
    }

    async fn stages(
        &self,
        c: &Claimed,
        dir: &Path,
        output: &Path,
        log: &SinkHandle,
        stop: &mut watch::Receiver<Option<StopReason>>,
    ) -> Ending {
        let id = c.push.id;
        let env = environment(c, dir, output);
        let mut ran_one = false;
        for stage in &c.stages {
            let position = stage.position;
            if let Some(reason) = stop.borrow().clone() {
                return Ending::stopped(&reason);
            }
            if stage.status == StageStatus::Skipped {
                // A resumed push: this stage succeeded in an earlier push of the same snapshot.
                let push = stage.succeeded_in.map(|p| format!(" in push {p}")).unwrap_or_default();
                log.send(Some(position), Stream::System, format!("stage {} skipped: it succeeded{push}", stage.name))
                    .await;
                continue;
            }
            if c.push.step
                && ran_one
                && let Err(ending) = self.pause_before(c, stage, log, stop).await
            {
                return ending;
            }
            ran_one = true;
            if let Err(ending) = self.stage_status(id, position, StageStatus::Running, None).await {
                return ending;
            }
            let timeout = stage.timeout_seconds.map_or(self.config.stage_timeout, |t| Duration::from_secs(t as u64));
            log.send(Some(position), Stream::System, format!("stage {} started", stage.name)).await;
            let run = StageRun {
                position,
                language: stage.language,
                code: &stage.code,
                env: &env,
                dir,
                timeout,
                kill_grace: self.config.kill_grace,
            };
            let outcome = stage::run(run, log, stop).await;
            let Judged { stage_status, exit_code, push_status, note } = judge(&outcome, timeout);
            log.send(Some(position), Stream::System, format!("stage {} {note}", stage.name)).await;
            if let Err(ending) = self.stage_status(id, position, stage_status, exit_code).await {
                return ending;
            }
            if let Some(status) = push_status {
                let error = match outcome {
                    Outcome::Stopped(reason) => reason.error().map(str::to_owned),
                    Outcome::NotStarted(reason) => Some(reason),
                    _ => None,
                };
                return Ending { status, tag: None, error };
            }
        }
        Ending { status: PushStatus::Succeeded, tag: None, error: None }
    }

    async fn stage_status(
        &self,
        push: PushId,
        position: i32,
        status: StageStatus,
        exit_code: Option<i32>,
    ) -> Result<(), Ending> {
        let ours = with_retry(&self.db, self.config.db_retry, "recording a stage's status", || {
            let (db, name) = (self.db.clone(), self.name.clone());
            async move {
                db.run(move |conn| match status {
                    StageStatus::Running => run::stage_started(conn, push, position, &name),
                    _ => run::stage_finished(conn, push, position, &name, status, exit_code),
                })
                .await
            }
        })
        .await
        .map_err(Ending::failed)?;
        if !ours {
            // Declared lost while this worker was paused or cut off: the deployment may already run another
            // push, so nothing more of this one may run.
            tracing::warn!(push = %push, "the push was declared lost meanwhile; stopping it");
            return Err(Ending { status: PushStatus::Lost, tag: None, error: None });
        }
        self.notifier.publish(push, Notice::Status).await;
        Ok(())
    }
}

/// How a stage's outcome reads: the stage's status and exit code, the push's status when it ends the push,
/// and the log's note.
struct Judged {
    stage_status: StageStatus,
    exit_code: Option<i32>,
    push_status: Option<PushStatus>,
    note: String,
}

fn judge(outcome: &Outcome, timeout: Duration) -> Judged {
    let failed = |exit_code, note| Judged {
        stage_status: StageStatus::Failed,
        exit_code,
        push_status: Some(PushStatus::Failed),
        note,
    };
    match outcome {
        Outcome::Exited(0) => Judged {
            stage_status: StageStatus::Succeeded,
            exit_code: Some(0),
            push_status: None,
            note: "exited with code 0".to_owned(),
        },
        Outcome::Exited(code) => failed(Some(*code), format!("exited with code {code}")),
        Outcome::Signalled(signal) => failed(Some(128 + signal), format!("killed by signal {signal}")),
        Outcome::TimedOut => failed(None, format!("timed out after {}s and was killed", timeout.as_secs())),
        Outcome::NotStarted(reason) => failed(None, format!("could not start: {reason}")),
        Outcome::Stopped(reason) => Judged {
            stage_status: reason.stage_status(),
            exit_code: None,
            push_status: Some(reason.push_status()),
            note: reason.describe().to_owned(),
        },
    }
}

/// A fresh, empty work directory for the push (a leftover from a crashed run is removed first).
fn prepare(dir: &Path, output: &Path) -> Result<(), WorkerError> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(WorkerError::io("clearing", dir))?;
    }
    std::fs::create_dir_all(dir).map_err(WorkerError::io("creating", dir))?;
    std::fs::write(output, b"").map_err(WorkerError::io("creating", output))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tags_are_safe() {
        assert_eq!(default_tag("Shop Prod/EU", PushId(7)), "rolf-shop-prod-eu-7");
        assert_eq!(default_tag("api_v2.1", PushId(12)), "rolf-api_v2.1-12");
    }
}
