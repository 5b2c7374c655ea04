//! Figures for `/metrics`, read from Postgres (the truth, shared by every API replica and worker).

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Double, Text};

use crate::error::Result;

/// Upper bounds (seconds) of the stage duration histogram's buckets.
pub const STAGE_BUCKETS: &[f64] = &[1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0];

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub pushes_by_status: Vec<(String, i64)>,
    /// Cumulative counts per bucket of [`STAGE_BUCKETS`], then the total count and the sum of durations.
    pub stage_buckets: Vec<i64>,
    pub stage_count: i64,
    pub stage_seconds: f64,
    /// Postgres' own estimate: an exact count of a 10^8-row table would cost a full scan per scrape.
    pub log_lines_estimate: i64,
    /// Webhook deliveries that gave up.
    pub webhook_failures: i64,
    /// Queued and running pushes and live workers, per worker pool.
    pub pools: Vec<crate::workers::PoolLoad>,
}

#[derive(QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Histogram {
    #[diesel(sql_type = Array<BigInt>)]
    buckets: Vec<i64>,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Double)]
    s: f64,
}

pub fn read(conn: &mut PgConnection) -> Result<Stats> {
    let pushes_by_status =
        diesel::sql_query("SELECT status, count(*) AS n FROM pushes GROUP BY status ORDER BY status")
            .load::<StatusCount>(conn)?
            .into_iter()
            .map(|r| (r.status, r.n))
            .collect();
    let filters: Vec<String> = STAGE_BUCKETS.iter().map(|b| format!("count(*) FILTER (WHERE d <= {b:.1})")).collect();
    let histogram: Histogram = diesel::sql_query(format!(
        "SELECT ARRAY[{}]::bigint[] AS buckets, count(*) AS n, coalesce(sum(d), 0)::float8 AS s FROM (
           SELECT extract(epoch FROM finished_at - started_at)::float8 AS d FROM push_stages
           WHERE started_at IS NOT NULL AND finished_at IS NOT NULL) t",
        filters.join(", ")
    ))
    .get_result(conn)?;
    let lines: Number =
        diesel::sql_query("SELECT coalesce(sum(last_seq - first_seq + 1), 0)::bigint AS n FROM log_chunks")
            .get_result(conn)?;
    let webhook_failures = diesel::sql_query("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'failed'")
        .get_result::<Number>(conn)?
        .n;
    Ok(Stats {
        pools: crate::workers::load_by_pool(conn)?,
        webhook_failures,
        pushes_by_status,
        stage_buckets: histogram.buckets,
        stage_count: histogram.n,
        stage_seconds: histogram.s,
        log_lines_estimate: lines.n,
    })
}
