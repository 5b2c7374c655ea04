//! Runs one stage: its recipe written to a file and executed as its own process group, with exactly the
//! environment given, output streamed line by line to the sink, and a timeout and cancellation that take the
//! whole process group down (SIGTERM, then SIGKILL after the grace period).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::Pid;
use rolf_common::pushes::log::Stream;
use rolf_common::pushes::{PushStatus, StageStatus};
use rolf_common::recipes::Language;
use tokio::io::AsyncRead;
use tokio::process::Command;
use tokio::sync::watch;

use crate::lines::Lines;
use crate::sink::SinkHandle;

/// After the main process exits, how long in all a pump waits on its pipe (for background children that hold
/// it open) before it lets them be. Time spent waiting for the sink does not count, so what the main process
/// left in the pipe is always read to the end: reading it takes no time of its own.
const DRAIN: Duration = Duration::from_secs(2);

/// Why a running push is being stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    Cancelled,
    Shutdown,
    /// The push was declared lost while this worker was paused or cut off from Postgres; it is no longer ours.
    Lost,
}

impl StopReason {
    pub fn push_status(&self) -> PushStatus {
        match self {
            StopReason::Cancelled | StopReason::Shutdown => PushStatus::Cancelled,
            StopReason::Lost => PushStatus::Lost,
        }
    }

    pub fn stage_status(&self) -> StageStatus {
        match self {
            StopReason::Cancelled | StopReason::Shutdown => StageStatus::Cancelled,
            StopReason::Lost => StageStatus::Failed,
        }
    }

    /// What the log says happened to the stage.
    pub fn describe(&self) -> &'static str {
        match self {
            StopReason::Cancelled => "cancelled",
            StopReason::Shutdown => "cancelled: the worker is shutting down",
            StopReason::Lost => "stopped: the push was declared lost",
        }
    }

    /// The push's `error`, when Rolf rather than a person decided.
    pub fn error(&self) -> Option<&'static str> {
        (*self == StopReason::Shutdown).then_some("the worker shut down")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    /// Killed by a signal it did not handle (not by Rolf).
    Signalled(i32),
    TimedOut,
    Stopped(StopReason),
    /// It could not even start (bad interpreter, unwritable work directory).
    NotStarted(String),
}

pub struct StageRun<'a> {
    pub position: i32,
    pub language: Language,
    pub code: &'a str,
    pub env: &'a [(String, String)],
    pub dir: &'a Path,
    pub timeout: Duration,
    pub kill_grace: Duration,
}

fn command(run: &StageRun<'_>, script: &Path) -> Command {
    let mut cmd = match run.language {
        Language::Bash if run.code.starts_with("#!") => Command::new(script),
        Language::Bash => {
            let mut c = Command::new("bash");
            c.arg("-eo").arg("pipefail").arg(script);
            c
        }
        Language::Python => {
            let mut c = Command::new("python3");
            c.arg(script);
            c
        }
    };
    cmd.env_clear()
        .envs(run.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .current_dir(run.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    cmd
}

fn write_script(run: &StageRun<'_>) -> std::io::Result<std::path::PathBuf> {
    let extension = match run.language {
        Language::Bash => "sh",
        Language::Python => "py",
    };
    let script = run.dir.join(format!(".rolf-stage-{}.{extension}", run.position));
    std::fs::write(&script, run.code)?;
    if run.code.starts_with("#!") {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(script)
}

/// Reads one pipe line by line into the sink until it ends or, once the stage's main process has exited
/// (`exited`), until the pump has waited on the pipe for [`DRAIN`] in all. A line read is always delivered;
/// `next_line` keeps a partial line across a cancelled read.
async fn pump<R: AsyncRead + Unpin>(
    reader: R,
    stream: Stream,
    stage: i32,
    sink: SinkHandle,
    mut exited: watch::Receiver<bool>,
) {
    let mut lines = Lines::new(reader);
    let mut main_exited = false;
    let mut waited_after_exit = Duration::ZERO;
    loop {
        main_exited = main_exited || *exited.borrow_and_update();
        let next = if main_exited {
            let started = tokio::time::Instant::now();
            let next = tokio::time::timeout(DRAIN.saturating_sub(waited_after_exit), lines.next_line()).await;
            waited_after_exit += started.elapsed();
            match next {
                Ok(next) => next,
                Err(_) => return,
            }
        } else {
            tokio::select! {
                next = lines.next_line() => next,
                changed = exited.changed() => {
                    // A sender gone without a word: the stage is over all the same.
                    main_exited = changed.is_err();
                    continue;
                }
            }
        };
        match next {
            Ok(Some(line)) => {
                if !sink.send(Some(stage), stream, line).await {
                    return;
                }
            }
            Ok(None) | Err(_) => return,
        }
    }
}

fn signal_group(pgid: Pid, signal: Signal) {
    // ESRCH (no such group) just means everyone is already gone.
    let _ = killpg(pgid, signal);
}

/// Waits up to `limit` for the stage's main process to exit, without reaping it (`WNOWAIT`).
async fn exited_within(pid: Pid, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
        match waitid(Id::Pid(pid), flags) {
            Ok(WaitStatus::StillAlive) => {}
            // Exited (a zombie now), or no longer our child to ask about.
            _ => return true,
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn run(run: StageRun<'_>, sink: &SinkHandle, stop: &mut watch::Receiver<Option<StopReason>>) -> Outcome {
    let script = match write_script(&run) {
        Ok(script) => script,
        Err(e) => return Outcome::NotStarted(format!("writing the recipe to {}: {e}", run.dir.display())),
    };
    let mut child = match command(&run, &script).spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::NotStarted(format!("starting the recipe: {e}")),
    };
    let Some(pid) = child.id() else { return Outcome::NotStarted("the recipe exited before it started".into()) };
    let pgid = Pid::from_raw(pid as i32);
    let mut readers = tokio::task::JoinSet::new();
    let (exited_tx, exited) = watch::channel(false);
    if let Some(out) = child.stdout.take() {
        readers.spawn(pump(out, Stream::Stdout, run.position, sink.clone(), exited.clone()));
    }
    if let Some(err) = child.stderr.take() {
        readers.spawn(pump(err, Stream::Stderr, run.position, sink.clone(), exited));
    }

    let stopping = async {
        loop {
            if let Some(reason) = stop.borrow_and_update().clone() {
                return reason;
            }
            if stop.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    };
    let ended = tokio::select! {
        status = child.wait() => Ok(status),
        _ = tokio::time::sleep(run.timeout) => Err(Outcome::TimedOut),
        reason = stopping => Err(Outcome::Stopped(reason)),
    };
    let outcome = match ended {
        Ok(Ok(status)) => {
            use std::os::unix::process::ExitStatusExt;
            match (status.code(), status.signal()) {
                (Some(code), _) => Outcome::Exited(code),
                (None, Some(signal)) => Outcome::Signalled(signal),
                (None, None) => Outcome::Exited(-1),
            }
        }
        Ok(Err(e)) => Outcome::NotStarted(format!("waiting for the recipe: {e}")),
        Err(outcome) => {
            let reason = match &outcome {
                Outcome::Stopped(reason) => reason.describe().to_owned(),
                _ => format!("timed out after {}s", run.timeout.as_secs()),
            };
            sink.send(
                Some(run.position),
                Stream::System,
                format!("{reason}: sending SIGTERM to the stage's processes"),
            )
            .await;
            signal_group(pgid, Signal::SIGTERM);
            if !exited_within(pgid, run.kill_grace).await {
                sink.send(
                    Some(run.position),
                    Stream::System,
                    format!("still running {}s after SIGTERM: sending SIGKILL", run.kill_grace.as_secs()),
                )
                .await;
            }
            // Whatever ignored SIGTERM, or was started in the background, goes too: no orphan is left behind.
            // This happens before the leader is reaped: its zombie keeps the group id ours, so the signal cannot
            // reach an unrelated group that reused the number.
            signal_group(pgid, Signal::SIGKILL);
            let _ = child.wait().await;
            outcome
        }
    };
    // Everything the stage printed is read to the end; background children that hold the pipes open are read
    // until they fall quiet (see `pump`).
    exited_tx.send_replace(true);
    while readers.join_next().await.is_some() {}
    let _ = std::fs::remove_file(&script);
    outcome
}
