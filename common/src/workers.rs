//! Worker processes as they report themselves, and the pools they serve. A deployment's pushes run only on
//! workers serving its pool; a push waiting for a pool that no live worker serves says so.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamptz};
use serde::Serialize;

use crate::authz::AdminCap;
use crate::error::{Error, Result};

pub const DEFAULT_POOL: &str = "default";
/// Listed this long after a worker was last seen; removed after.
const FORGET_AFTER: &str = "1 day";
/// SQL: a worker row is live while it has not stopped and its heartbeat is younger than its own lost window.
const LIVE: &str = "(w.stopped_at IS NULL AND w.heartbeat_at > now() - make_interval(secs => w.lost_after_seconds))";

pub const POOL_RULE: &str = "1 to 50 lowercase letters, digits, '-' or '_', starting with a letter or digit";

/// Pool names appear in environment variables, queue names and metrics labels, so they stay plain.
pub fn is_pool_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok && name.len() <= 50 && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub fn check_pool(field: &str, name: &str) -> Result<()> {
    if is_pool_name(name) { Ok(()) } else { Err(Error::invalid(field, format!("a pool name is {POOL_RULE}"))) }
}

/// What a worker reports about itself at start and with every heartbeat.
#[derive(Debug, Clone)]
pub struct Registration {
    pub name: String,
    pub host: String,
    pub pid: i32,
    pub version: String,
    pub pools: Vec<String>,
    pub concurrency: i32,
    pub lost_after_seconds: i32,
}

/// Records the worker (again, if a database restore or a pruning lost its row) and its heartbeat.
pub fn beat(conn: &mut PgConnection, r: &Registration) -> Result<()> {
    diesel::sql_query(
        "INSERT INTO workers (name, host, pid, version, pools, concurrency, lost_after_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), stopped_at = NULL",
    )
    .bind::<Text, _>(&r.name)
    .bind::<Text, _>(&r.host)
    .bind::<Integer, _>(r.pid)
    .bind::<Text, _>(&r.version)
    .bind::<Array<Text>, _>(&r.pools)
    .bind::<Integer, _>(r.concurrency)
    .bind::<Integer, _>(r.lost_after_seconds)
    .execute(conn)?;
    Ok(())
}

/// A worker that stops cleanly says so: it is no longer live at once, rather than after its lost window.
pub fn stopped(conn: &mut PgConnection, name: &str) -> Result<()> {
    diesel::sql_query("UPDATE workers SET stopped_at = now() WHERE name = $1").bind::<Text, _>(name).execute(conn)?;
    Ok(())
}

/// Removes workers not seen for a day.
pub fn forget_old(conn: &mut PgConnection) -> Result<usize> {
    Ok(diesel::sql_query(format!("DELETE FROM workers WHERE heartbeat_at < now() - interval '{FORGET_AFTER}'"))
        .execute(conn)?)
}

#[derive(Debug, Clone, QueryableByName, Serialize, utoipa::ToSchema)]
pub struct WorkerInfo {
    /// Unique per process: pushes name the worker that ran them by it.
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub host: String,
    #[diesel(sql_type = Integer)]
    pub pid: i32,
    #[diesel(sql_type = Text)]
    pub version: String,
    /// The pools it takes pushes from (`ROLF_WORKER_POOLS`).
    #[diesel(sql_type = Array<Text>)]
    pub pools: Vec<String>,
    /// Pushes it runs at once (`ROLF_WORKER_CONCURRENCY`), shared by its pools.
    #[diesel(sql_type = Integer)]
    pub concurrency: i32,
    /// Heartbeating within its lost window and not stopped.
    #[diesel(sql_type = Bool)]
    pub live: bool,
    /// The pushes it runs (or holds paused) now.
    #[diesel(sql_type = Array<BigInt>)]
    #[schema(value_type = Vec<i64>)]
    pub running: Vec<i64>,
    #[diesel(sql_type = Timestamptz)]
    pub started_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub last_heartbeat_at: DateTime<Utc>,
    /// When it stopped cleanly; `null` while running, or when it died without a word.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub stopped_at: Option<DateTime<Utc>>,
}

/// Live and recently seen workers (the last day), live ones first.
pub fn list(conn: &mut PgConnection, _cap: &AdminCap) -> Result<Vec<WorkerInfo>> {
    Ok(diesel::sql_query(format!(
        "SELECT w.name, w.host, w.pid, w.version, w.pools, w.concurrency, {LIVE} AS live,
                COALESCE((SELECT array_agg(p.id ORDER BY p.id) FROM pushes p
                          WHERE p.status IN ('running', 'paused') AND p.worker = w.name), '{{}}') AS running,
                w.started_at, w.heartbeat_at AS last_heartbeat_at, w.stopped_at
           FROM workers w
          WHERE w.heartbeat_at > now() - interval '{FORGET_AFTER}'
          ORDER BY {LIVE} DESC, w.host, w.name"
    ))
    .load(conn)?)
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Why a queued push of `pool` waits, when the reason is that no live worker serves the pool.
pub fn waiting_for(conn: &mut PgConnection, pool: &str) -> Result<Option<String>> {
    let served: Vec<Exists> = diesel::sql_query(format!(
        "SELECT EXISTS (SELECT 1 FROM workers w WHERE $1 = ANY (w.pools) AND {LIVE}) AS exists"
    ))
    .bind::<Text, _>(pool)
    .load(conn)?;
    let served = served.first().is_some_and(|e| e.exists);
    Ok((!served).then(|| format!("pool {pool} has no live worker")))
}

#[derive(Debug, Clone, QueryableByName)]
pub struct PoolLoad {
    #[diesel(sql_type = Text)]
    pub pool: String,
    #[diesel(sql_type = BigInt)]
    pub queued: i64,
    #[diesel(sql_type = BigInt)]
    pub running: i64,
    #[diesel(sql_type = BigInt)]
    pub live_workers: i64,
}

/// Per pool with pushes under way or live workers: queued pushes, running (or paused) pushes, live workers.
pub fn load_by_pool(conn: &mut PgConnection) -> Result<Vec<PoolLoad>> {
    Ok(diesel::sql_query(format!(
        "WITH active AS (
             SELECT pool, count(*) FILTER (WHERE status = 'queued') AS queued,
                    count(*) FILTER (WHERE status IN ('running', 'paused')) AS running
               FROM pushes WHERE status IN ('queued', 'running', 'paused') GROUP BY pool),
         served AS (
             SELECT unnest(w.pools) AS pool, count(*) AS live_workers FROM workers w WHERE {LIVE} GROUP BY 1)
         SELECT COALESCE(a.pool, s.pool) AS pool, COALESCE(a.queued, 0) AS queued,
                COALESCE(a.running, 0) AS running, COALESCE(s.live_workers, 0) AS live_workers
           FROM active a FULL JOIN served s ON s.pool = a.pool
          ORDER BY 1"
    ))
    .load(conn)?)
}
