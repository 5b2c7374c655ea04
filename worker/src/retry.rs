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

#[cfg(test)]
mod tests {
    use diesel::RunQueryDsl;
    use rolf_common::config::DbConfig;

    use super::*;

    fn db(database_url: &str) -> Db {
        Db::new(&DbConfig { database_url: database_url.to_owned(), pool_size: 1 }).unwrap()
    }

    /// The tests' Postgres server (its default database is enough).
    fn reachable() -> Db {
        db(&std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned()))
    }

    /// Nothing listens on port 1: every connection is refused at once, as when Postgres is down.
    fn unreachable() -> Db {
        db("postgres://postgres@127.0.0.1:1/postgres")
    }

    /// `with_retry(step)`'s outcome, and how many times it ran `step`.
    async fn tried<F, Fut>(db: &Db, limit: Duration, step: F) -> (Result<(), WorkerError>, usize)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = rolf_common::Result<()>>,
    {
        let mut attempts = 0;
        let result = with_retry(db, limit, "doing it", || {
            attempts += 1;
            step()
        })
        .await;
        (result, attempts)
    }

    #[tokio::test]
    async fn a_refusal_is_given_up_at_once_after_one_attempt() {
        let db = reachable();
        db.ping().await.expect("this test needs the tests' Postgres (TEST_DATABASE_URL)");
        let limit = Duration::from_secs(30);
        let started = Instant::now();
        // Rolf's own refusal, and Postgres answering with an error while it is reachable.
        let (own, own_attempts) = tried(&db, limit, || async { Err(Error::Conflict("taken".to_owned())) }).await;
        let (postgres, postgres_attempts) = tried(&db, limit, || {
            db.run(|conn| {
                diesel::sql_query("SELECT * FROM no_such_table").execute(conn)?;
                Ok(())
            })
        })
        .await;
        for result in [&own, &postgres] {
            assert!(matches!(result, Err(WorkerError::Refused { what: "doing it", .. })), "{result:?}");
            assert!(result.as_ref().is_err_and(|e| !e.is_transient()));
        }
        assert_eq!((own_attempts, postgres_attempts), (1, 1), "a refusal is not tried again");
        assert!(started.elapsed() < limit / 2, "it waited: {:?}", started.elapsed());
    }

    #[tokio::test]
    async fn an_unreachable_database_is_retried_until_the_limit_then_reported_unreachable() {
        let db = unreachable();
        let limit = Duration::from_secs(1);
        let started = Instant::now();
        let (result, attempts) = tried(&db, limit, || db.ping()).await;
        assert!(matches!(result, Err(WorkerError::Unreachable { what: "doing it", seconds: 1, .. })), "{result:?}");
        assert!(result.as_ref().is_err_and(WorkerError::is_transient));
        assert!(started.elapsed() >= limit, "given up after {:?}, before the limit", started.elapsed());
        // Backing off from 50 ms and doubling, a few attempts fit in the second, but not a busy loop's worth.
        assert!((3..=10).contains(&attempts), "{attempts} attempts");
    }
}
