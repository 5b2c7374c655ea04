//! The Postgres pool and the way the async world runs synchronous diesel code on it.

pub mod pipeline;

use std::time::Duration;

use deadpool::managed::{self, Metrics, RecycleResult};
use deadpool_diesel::Runtime;
use diesel::Connection;
use diesel::connection::TransactionManager;
use diesel::pg::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DbConfig;
use crate::error::{Error, Result};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// How long a request waits for a pooled connection before answering 503 instead of hanging.
const POOL_WAIT: Duration = Duration::from_secs(5);
/// A pooled connection idle for longer than this is checked with a query before it is handed out again.
const VERIFY_AFTER_IDLE: Duration = Duration::from_secs(30);

/// deadpool-diesel's manager checks every connection it hands out with `SELECT 1`, a round trip and a thread
/// hop each time: per request that cost as much as the request's own queries. This one checks in memory that
/// no transaction was left open, and runs the query only for a connection that has been idle for a while; a
/// connection that fails while in use is dropped by [`Db::run`] instead of being returned to the pool.
struct Manager(deadpool_diesel::postgres::Manager);

type Pooled = deadpool_diesel::Connection<PgConnection>;
type Pool = managed::Pool<Manager>;

impl managed::Manager for Manager {
    type Type = Pooled;
    type Error = deadpool_diesel::Error;

    async fn create(&self) -> Result<Pooled, Self::Error> {
        self.0.create().await
    }

    async fn recycle(&self, conn: &mut Pooled, metrics: &Metrics) -> RecycleResult<Self::Error> {
        if metrics.last_used() < VERIFY_AFTER_IDLE {
            // Not in use (it is being recycled), so the lock is free at once.
            if let Ok(mut guard) = conn.try_lock()
                && !<PgConnection as Connection>::TransactionManager::is_broken_transaction_manager(&mut *guard)
            {
                return Ok(());
            }
        }
        self.0.recycle(conn, metrics).await
    }
}

#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl Db {
    /// Builds the pool without connecting: the API starts (and `/readyz` reports) while Postgres is down.
    pub fn new(config: &DbConfig) -> Result<Self> {
        let manager = Manager(deadpool_diesel::postgres::Manager::new(
            with_connect_timeout(&config.database_url),
            Runtime::Tokio1,
        ));
        let pool = Pool::builder(manager)
            .max_size(config.pool_size)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(POOL_WAIT))
            .recycle_timeout(Some(POOL_WAIT))
            .build()
            .map_err(|e| Error::Internal(format!("building the connection pool: {e}")))?;
        Ok(Db { pool })
    }

    /// Runs `f` on a pooled connection.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut PgConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let conn = self.pool.get().await.map_err(|e| Error::Unavailable(e.to_string()))?;
        let result = conn.interact(f).await.map_err(|e| Error::Internal(format!("database task failed: {e}")))?;
        if let Err(Error::Unavailable(_) | Error::Database(_)) = &result {
            // The connection may have broken while in use (a dropped connection often reads as a plain database
            // error): it must not go back to the pool unchecked. Such errors are rare; a fresh connection is cheap.
            let _ = managed::Object::take(conn);
        }
        result
    }

    /// Runs `f` in one transaction: a change and its audit event land together or not at all.
    pub async fn tx<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut PgConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(|conn| conn.transaction(f)).await
    }

    pub async fn ping(&self) -> Result<()> {
        self.run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
    }
}

use diesel::RunQueryDsl;

/// Runs `work` in a transaction that commits, or on a dry run rolls back once `work` has succeeded: a dry run
/// does exactly the work a real run would, refusals included, and leaves nothing behind.
pub fn commit_unless_dry_run<T>(
    conn: &mut PgConnection,
    dry_run: bool,
    work: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    /// Why the transaction ends without committing: a refusal, or a dry run's result.
    enum Stop<T> {
        Failed(Error),
        DryRun(T),
    }
    impl<T> From<diesel::result::Error> for Stop<T> {
        fn from(err: diesel::result::Error) -> Self {
            Stop::Failed(err.into())
        }
    }
    let outcome = conn.transaction::<T, Stop<T>, _>(|conn| {
        let done = work(conn).map_err(Stop::Failed)?;
        if dry_run { Err(Stop::DryRun(done)) } else { Ok(done) }
    });
    match outcome {
        Ok(done) | Err(Stop::DryRun(done)) => Ok(done),
        Err(Stop::Failed(e)) => Err(e),
    }
}

/// libpq otherwise waits for the OS TCP timeout (minutes) on an unreachable host.
fn with_connect_timeout(url: &str) -> String {
    with_default(url, "connect_timeout", "5")
}

/// The URL with `key=value` added unless it sets `key` already.
fn with_default(url: &str, key: &str, value: &str) -> String {
    if url.contains(&format!("{key}=")) {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&{key}={value}")
    } else {
        format!("{url}?{key}={value}")
    }
}

/// Applies pending migrations; returns the versions applied.
pub fn migrate(conn: &mut PgConnection) -> Result<Vec<String>> {
    let applied =
        conn.run_pending_migrations(MIGRATIONS).map_err(|e| Error::Internal(format!("running migrations: {e}")))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

pub fn connect(url: &str) -> Result<PgConnection> {
    PgConnection::establish(&with_connect_timeout(url)).map_err(|e| Error::Unavailable(e.to_string()))
}
