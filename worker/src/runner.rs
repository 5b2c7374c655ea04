//! Runs one claimed push from start to end: work directory, environment, stages in order, log sink, tag.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rolf_common::events::Notice;
use rolf_common::ids::PushId;
use rolf_common::pushes::log::Stream;
use rolf_common::pushes::run::{self, Claimed};
use rolf_common::pushes::{PushStatus, StageStatus};
use tokio::sync::watch;

use crate::Worker;
use crate::sink::{Sink, SinkHandle};
use crate::stage::{self, Outcome, StageRun, StopReason};

/// Longest tag a stage may set through `$ROLF_OUTPUT`.
const MAX_TAG: usize = 200;

/// Retries a database step while Postgres is unreachable, for up to `limit`.
pub async fn with_retry<T, F, Fut>(limit: Duration, what: &str, mut step: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = rolf_common::Result<T>>,
{
    let started = Instant::now();
    let mut backoff = Duration::from_millis(50);
    loop {
        match step().await {
            Ok(value) => return Ok(value),
            Err(e) if started.elapsed() >= limit => return Err(format!("{what}: {e}")),
            Err(e) => tracing::warn!(error = %e, "{what} failed; retrying"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
    }
}

/// `rolf-<deployment>-<push id>`, with the deployment's name reduced to what is safe in a git tag.
pub fn default_tag(deployment: &str, push: PushId) -> String {
    let slug: String = deployment
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    format!("rolf-{}-{push}", slug.trim_matches('-'))
}

/// The last `tag=` line a stage wrote to `$ROLF_OUTPUT`, if it is a sane tag.
fn tag_from_output(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let tag = text.lines().filter_map(|l| l.strip_prefix("tag=")).map(str::trim).next_back()?;
    let ok = !tag.is_empty() && tag.len() <= MAX_TAG && !tag.chars().any(char::is_control);
    ok.then(|| tag.to_owned())
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

struct Ending {
    status: PushStatus,
    tag: Option<String>,
    error: Option<String>,
}

impl Worker {
    /// The job handler: claims the push and runs it, or does nothing when it is not (or not yet) this
    /// worker's to run. Never fails: every outcome is recorded in Postgres.
    pub async fn handle(self: Arc<Self>, id: PushId) {
        let db = self.db.clone();
        let name = self.name.clone();
        let claimed = with_retry(self.config.db_retry, "claiming the push", || {
            let (db, name) = (db.clone(), name.clone());
            async move { db.run(move |conn| run::claim(conn, id, &name)).await }
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
        self.running.lock().await.insert(id, stop_tx);
        tracing::info!(push = %id, deployment = %deployment, "push started");
        self.notifier.publish(id, Notice::Status).await;
        let ending = self.execute(&claimed, stop_rx).await;
        self.running.lock().await.remove(&id);

        let (db, name) = (self.db.clone(), self.name.clone());
        let recorded =
            with_retry(self.config.db_retry, "recording the end of the push", || {
                let (db, name) = (db.clone(), name.clone());
                let (status, tag, error) = (ending.status, ending.tag.clone(), ending.error.clone());
                async move {
                    db.run(move |conn| run::finish(conn, id, &name, status, tag.as_deref(), error.as_deref())).await
                }
            })
            .await;
        self.notifier.publish(id, Notice::End).await;
        match recorded {
            Ok(true) => tracing::info!(push = %id, status = %ending.status, "push finished"),
            Ok(false) => tracing::warn!(push = %id, "push was declared lost meanwhile; its end is not recorded"),
            Err(e) => tracing::error!(push = %id, error = %e, "could not record the end of the push"),
        }
        self.start_next(deployment).await;
    }

    /// Hands the deployment's next queued push to the queue, now that the deployment is free.
    pub async fn start_next(&self, deployment: rolf_common::ids::DeploymentId) {
        let next = self.db.run(move |conn| run::next_queued(conn, deployment)).await;
        if let Ok(Some(next)) = next
            && let Err(e) = self.queue.enqueue(next).await
        {
            tracing::warn!(push = %next, error = %e, "could not queue the next push; the sweeper will");
        }
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
        );
        let log = sink.handle();
        log.send(None, Stream::System, format!("push {id} started on worker {}", self.name)).await;
        let mut ending = match prepare(&dir, &output) {
            Ok(()) => self.stages(c, &dir, &output, &log, &mut stop).await,
            Err(e) => Ending { status: PushStatus::Failed, tag: None, error: Some(e) },
        };
        if ending.status == PushStatus::Succeeded {
            let tag = tag_from_output(&output).unwrap_or_else(|| default_tag(&c.push.deployment_name, id));
            log.send(None, Stream::System, format!("push succeeded; tag {tag}")).await;
            ending.tag = Some(tag);
        } else if ending.status != PushStatus::Lost {
            // A lost push's log ends with the sweeper's line; it is not ours to add to.
            log.send(None, Stream::System, format!("push {}", ending.status)).await;
        }
        drop(log);
        if let Err(e) = sink.close().await {
            tracing::error!(push = %id, error = %e, "log lines were lost");
            ending = Ending { status: PushStatus::Failed, tag: None, error: Some(e) };
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
        for stage in &c.stages {
            let position = stage.position;
            if let Some(reason) = stop.borrow().clone() {
                return stopped(reason);
            }
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
            let (stage_status, exit_code, push_status, note) = match &outcome {
                Outcome::Exited(0) => (StageStatus::Succeeded, Some(0), None, "exited with code 0".to_owned()),
                Outcome::Exited(code) => {
                    (StageStatus::Failed, Some(*code), Some(PushStatus::Failed), format!("exited with code {code}"))
                }
                Outcome::Signalled(signal) => (
                    StageStatus::Failed,
                    Some(128 + signal),
                    Some(PushStatus::Failed),
                    format!("killed by signal {signal}"),
                ),
                Outcome::TimedOut => (
                    StageStatus::Failed,
                    None,
                    Some(PushStatus::Failed),
                    format!("timed out after {}s and was killed", timeout.as_secs()),
                ),
                Outcome::Stopped(StopReason::Cancelled) => {
                    (StageStatus::Cancelled, None, Some(PushStatus::Cancelled), "cancelled".to_owned())
                }
                Outcome::Stopped(StopReason::Shutdown) => (
                    StageStatus::Cancelled,
                    None,
                    Some(PushStatus::Cancelled),
                    "cancelled: the worker is shutting down".to_owned(),
                ),
                Outcome::Stopped(StopReason::Lost) => (
                    StageStatus::Failed,
                    None,
                    Some(PushStatus::Lost),
                    "stopped: the push was declared lost".to_owned(),
                ),
                Outcome::NotStarted(reason) => {
                    (StageStatus::Failed, None, Some(PushStatus::Failed), format!("could not start: {reason}"))
                }
            };
            log.send(Some(position), Stream::System, format!("stage {} {note}", stage.name)).await;
            if let Err(ending) = self.stage_status(id, position, stage_status, exit_code).await {
                return ending;
            }
            if let Some(status) = push_status {
                let error = match outcome {
                    Outcome::Stopped(StopReason::Shutdown) => Some("the worker shut down".to_owned()),
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
        let (db, name) = (self.db.clone(), self.name.clone());
        let ours = with_retry(self.config.db_retry, "recording a stage's status", || {
            let (db, name) = (db.clone(), name.clone());
            async move {
                db.run(move |conn| match status {
                    StageStatus::Running => run::stage_started(conn, push, position, &name),
                    _ => run::stage_finished(conn, push, position, &name, status, exit_code),
                })
                .await
            }
        })
        .await
        .map_err(|e| Ending { status: PushStatus::Failed, tag: None, error: Some(e) })?;
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

fn stopped(reason: StopReason) -> Ending {
    let error = (reason == StopReason::Shutdown).then(|| "the worker shut down".to_owned());
    let status = if reason == StopReason::Lost { PushStatus::Lost } else { PushStatus::Cancelled };
    Ending { status, tag: None, error }
}

/// A fresh, empty work directory for the push (a leftover from a crashed run is removed first).
fn prepare(dir: &Path, output: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    std::fs::write(output, b"").map_err(|e| format!("creating {}: {e}", output.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tags_are_safe() {
        assert_eq!(default_tag("Shop Prod/EU", PushId(7)), "rolf-shop-prod-eu-7");
        assert_eq!(default_tag("api_v2.1", PushId(12)), "rolf-api_v2.1-12");
    }

    #[test]
    fn the_last_tag_line_wins_and_junk_is_ignored() {
        let dir = std::env::temp_dir().join(format!("rolf-tag-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("out");
        std::fs::write(&file, "x=1\ntag=v1\ntag= v2 \n").unwrap();
        assert_eq!(tag_from_output(&file), Some("v2".to_owned()));
        std::fs::write(&file, "tag=\n").unwrap();
        assert_eq!(tag_from_output(&file), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
