//! The one way the worker retries a database step: transient failures (Postgres unreachable) are retried with
//! backoff up to a limit; anything Postgres answered while reachable is permanent and returned at once.

use std::future::Future;
use std::time::{Duration, Instant};

use rolf_common::Error;
use rolf_common::db::Db;

use crate::error::WorkerError;

const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// Is this failure Postgres being away, rather than Postgres refusing? A dropped connection surfaces as a plain
/// database error, so a reachable server is what tells the two apart.
pub async fn transient(db: &Db, error: &Error) -> bool {
    match error {
        Error::Unavailable(_) => true,
        Error::Database(_) | Error::Internal(_) => db.ping().await.is_err(),
        Error::NotFound(_) | Error::Forbidden(_) | Error::Conflict(_) | Error::Frozen(_) | Error::Invalid { .. } => {
            false
        }
    }
}

/// Runs `step` until it succeeds, fails permanently, or Postgres has been unreachable for `limit`.
pub async fn with_retry<T, F, Fut>(db: &Db, limit: Duration, what: &'static str, mut step: F) -> Result<T, WorkerError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = rolf_common::Result<T>>,
{
    let started = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    loop {
        let source = match step().await {
            Ok(value) => return Ok(value),
            Err(source) => source,
        };
        if !transient(db, &source).await {
            return Err(WorkerError::Refused { what, source });
        }
        if started.elapsed() >= limit {
            return Err(WorkerError::Unreachable { what, seconds: limit.as_secs(), source });
        }
        tracing::warn!(error = %source, "{what} failed; retrying");
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}
