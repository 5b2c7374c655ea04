//! The log sink of one push: stamps lines as they arrive, masks secrets, numbers them and writes them to
//! Postgres in batches with `COPY`. The channel is bounded, so a slow database slows the stage's output pipe
//! (the child blocks on write) instead of growing memory; while Postgres is unreachable the batch is kept and
//! retried for `db_retry`, after which the sink gives up and the push fails. Lines that arrive after the push
//! was declared lost are kept, numbered after the sweep's line, behind a line saying they are late.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rolf_common::db::Db;
use rolf_common::events::{Notice, Notifier};
use rolf_common::ids::PushId;
use rolf_common::pushes::log::{NewLine, Stream, append, next_seq};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::WorkerError;
use crate::retry::with_retry;

/// Lines buffered between the readers and the writer.
const CHANNEL: usize = 4096;
/// Lines per `COPY`.
const BATCH: usize = 2000;
/// A line waits at most this long before it is written: readers see output within a second.
const LINGER: Duration = Duration::from_millis(50);

pub const MASK: &str = "********";

#[derive(Debug)]
pub struct Line {
    pub stage: Option<i32>,
    pub stream: Stream,
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Clone)]
pub struct SinkHandle {
    tx: mpsc::Sender<Line>,
}

impl SinkHandle {
    /// Queues a line; waits when the buffer is full. Returns false once the sink has given up.
    pub async fn send(&self, stage: Option<i32>, stream: Stream, text: String) -> bool {
        self.tx.send(Line { stage, stream, at: Utc::now(), text }).await.is_ok()
    }
}

pub struct Sink {
    handle: SinkHandle,
    task: JoinHandle<Result<i64, WorkerError>>,
}

impl Sink {
    pub fn start(
        db: Db,
        notifier: Notifier,
        push: PushId,
        first_seq: i64,
        secrets: Vec<String>,
        db_retry: Duration,
        max_bytes: u64,
    ) -> Sink {
        let (tx, rx) = mpsc::channel(CHANNEL);
        let mut secrets = secrets;
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let cap = Cap { max_bytes, stored_bytes: 0, capped: false, dropped_lines: 0, dropped_bytes: 0 };
        let task = tokio::spawn(write_loop(db, notifier, push, first_seq, secrets, db_retry, cap, rx));
        Sink { handle: SinkHandle { tx }, task }
    }

    pub fn handle(&self) -> SinkHandle {
        self.handle.clone()
    }

    /// Writes what is left and stops. Returns the next free sequence number, or why lines were lost.
    pub async fn close(self) -> Result<i64, WorkerError> {
        drop(self.handle);
        self.task.await.map_err(|e| WorkerError::LogWriter(e.to_string()))?
    }
}

fn mask(text: String, secrets: &[String]) -> String {
    if secrets.iter().any(|s| text.contains(s.as_str())) {
        secrets.iter().fold(text, |t, s| t.replace(s.as_str(), MASK))
    } else {
        text
    }
}

/// `ROLF_MAX_LOG_BYTES_PER_PUSH`: stage output (the text of stdout and stderr lines) past `max_bytes` is counted,
/// not stored. The worker's own lines are always stored and not counted (they are few and say what happened); before the first of them after a run of dropped
/// lines, and at the end, one marker line says how many were dropped.
struct Cap {
    max_bytes: u64,
    stored_bytes: u64,
    /// Reached once: everything after it is dropped, however many markers say so.
    capped: bool,
    dropped_lines: u64,
    dropped_bytes: u64,
}

impl Cap {
    /// Whether a line of stage output is stored; counts it either way.
    fn admit(&mut self, line: &Line) -> bool {
        let len = line.text.len() as u64;
        if line.stream == Stream::System {
            return true;
        }
        if !self.capped && self.stored_bytes + len <= self.max_bytes {
            self.stored_bytes += len;
            return true;
        }
        self.capped = true;
        self.dropped_lines += 1;
        self.dropped_bytes += len;
        false
    }

    /// The marker for the lines dropped since the last one, if any.
    fn marker(&mut self, stage: Option<i32>) -> Option<Line> {
        if self.dropped_lines == 0 {
            return None;
        }
        let text = format!(
            "{} {CAP_NOTE} ({} bytes) of {} bytes (ROLF_MAX_LOG_BYTES_PER_PUSH); the stage kept running",
            self.dropped_lines, self.dropped_bytes, self.max_bytes
        );
        self.dropped_lines = 0;
        self.dropped_bytes = 0;
        Some(Line { stage, stream: Stream::System, at: Utc::now(), text })
    }
}

/// The marker line's words after the count of dropped lines.
pub const CAP_NOTE: &str = "lines were counted but not stored: the push's log reached its cap";

#[allow(clippy::too_many_arguments)]
async fn write_loop(
    db: Db,
    notifier: Notifier,
    push: PushId,
    mut seq: i64,
    secrets: Vec<String>,
    db_retry: Duration,
    mut cap: Cap,
    mut rx: mpsc::Receiver<Line>,
) -> Result<i64, WorkerError> {
    let mut batch: Vec<NewLine> = Vec::with_capacity(BATCH + 1);
    let mut late = false;
    let mut last_stage = None;
    let mut open = true;
    while open {
        let first = match rx.recv().await {
            Some(line) => Some(line),
            None => {
                open = false;
                cap.marker(last_stage)
            }
        };
        let Some(first) = first else { break };
        let deadline = tokio::time::Instant::now() + LINGER;
        let mut next = Some(first);
        while let Some(mut line) = next.take() {
            last_stage = line.stage;
            // Masked before it is measured, so the cap counts what is stored.
            line.text = mask(line.text, &secrets);
            if line.stream == Stream::System
                && let Some(marker) = cap.marker(line.stage)
            {
                batch.push(numbered(push, &mut seq, marker));
            }
            if cap.admit(&line) {
                batch.push(numbered(push, &mut seq, line));
            }
            if batch.len() >= BATCH {
                break;
            }
            next = match rx.try_recv() {
                Ok(line) => Some(line),
                Err(mpsc::error::TryRecvError::Empty) => {
                    tokio::time::timeout_at(deadline, rx.recv()).await.ok().flatten()
                }
                Err(mpsc::error::TryRecvError::Disconnected) => None,
            };
        }
        if batch.is_empty() {
            continue;
        }
        batch = match write(&db, batch, db_retry).await {
            Ok(emptied) => emptied,
            // Our numbers were taken: the push was declared lost while this worker was cut off, and the sweep
            // wrote its own line. What we still hold is real output: keep it, after a line saying it is late.
            Err((WorkerError::Refused { source: rolf_common::Error::Conflict(_), .. }, held)) if !late => {
                late = true;
                let (renumbered, next) = renumber_late(&db, push, held, db_retry).await?;
                seq = next;
                write(&db, renumbered, db_retry).await.map_err(|(e, _)| e)?
            }
            Err((e, _)) => return Err(e),
        };
        // Followers learn of the stored lines at once; they read them from Postgres.
        notifier.publish(push, Notice::Lines(seq - 1)).await;
    }
    Ok(seq)
}

fn numbered(push: PushId, seq: &mut i64, line: Line) -> NewLine {
    let new = NewLine {
        push_id: push,
        seq: *seq,
        stage_position: line.stage,
        stream: line.stream.code(),
        at: line.at,
        text: line.text,
    };
    *seq += 1;
    new
}

pub const LATE_NOTE: &str = "the lines below arrived late: the push had been declared lost while this worker could \
                             not reach Postgres; they are kept with the times they were printed";

/// Numbers late lines after everything stored, behind a system line saying why; returns them and the next seq.
async fn renumber_late(
    db: &Db,
    push: PushId,
    held: Vec<NewLine>,
    db_retry: Duration,
) -> Result<(Vec<NewLine>, i64), WorkerError> {
    let first =
        with_retry(db, db_retry, "numbering late log lines", || db.run(move |conn| next_seq(conn, push))).await?;
    let note = NewLine {
        push_id: push,
        seq: first,
        stage_position: None,
        stream: Stream::System.code(),
        at: Utc::now(),
        text: LATE_NOTE.to_owned(),
    };
    let mut lines = Vec::with_capacity(held.len() + 1);
    lines.push(note);
    lines.extend(held);
    for (seq, line) in (first..).zip(lines.iter_mut()) {
        line.seq = seq;
    }
    let next = first + lines.len() as i64;
    Ok((lines, next))
}

/// Writes a batch, retrying while Postgres is unreachable; hands the emptied buffer back for reuse, or on
/// failure the lines with the error.
async fn write(db: &Db, batch: Vec<NewLine>, db_retry: Duration) -> Result<Vec<NewLine>, (WorkerError, Vec<NewLine>)> {
    // Shared, not moved: when the pool cannot even hand out a connection the closure never runs, and the
    // lines must still be there for the next attempt.
    let shared = Arc::new(batch);
    let stored = with_retry(db, db_retry, "storing log lines", || {
        let attempt = Arc::clone(&shared);
        async move { db.run(move |conn| append(conn, &attempt)).await }
    })
    .await;
    let mut buffer = Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone());
    match stored {
        Ok(_) => {
            buffer.clear();
            Ok(buffer)
        }
        Err(e) => Err((e, buffer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_occurrence_longest_first() {
        let secrets = vec!["hunter22".to_owned(), "hunter2".to_owned()];
        assert_eq!(mask("pw=hunter22 and hunter2".to_owned(), &secrets), "pw=******** and ********");
        assert_eq!(mask("nothing here".to_owned(), &secrets), "nothing here");
    }

    fn line(stream: Stream, text: &str) -> Line {
        Line { stage: Some(0), stream, at: Utc::now(), text: text.to_owned() }
    }

    #[test]
    fn the_cap_stores_whole_lines_up_to_it_and_counts_the_rest() {
        let mut cap = Cap { max_bytes: 10, stored_bytes: 0, capped: false, dropped_lines: 0, dropped_bytes: 0 };
        assert!(cap.admit(&line(Stream::Stdout, "12345")));
        assert!(cap.admit(&line(Stream::Stderr, "1234")));
        assert!(!cap.admit(&line(Stream::Stdout, "12")), "past the cap");
        assert!(!cap.admit(&line(Stream::Stdout, "")), "once capped, even an empty line is dropped");
        assert!(cap.admit(&line(Stream::System, "stage exited 0")), "the worker's own lines are kept");
        let marker = cap.marker(Some(0)).unwrap();
        assert!(marker.text.starts_with(&format!("2 {CAP_NOTE} (2 bytes) of 10 bytes")), "{}", marker.text);
        assert!(cap.marker(Some(0)).is_none(), "one marker per run of dropped lines");
        assert!(!cap.admit(&line(Stream::Stdout, "x")));
    }
}
