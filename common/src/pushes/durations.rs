//! Where a deployment's time goes: the durations of its last pushes by stage, and from its recent successful
//! runs an estimate of each stage's duration (what a progress bar of a running stage is measured against).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz};
use serde::{Deserialize, Serialize};

use crate::authz::CanView;
use crate::error::{Error, Result};

pub const DEFAULT_PUSHES: i64 = 20;
pub const MAX_PUSHES: i64 = 200;
/// An estimate is the median of at most this many of the stage's latest successful runs.
const ESTIMATE_RUNS: i64 = 20;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// How many of the latest started pushes, 1 to 200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeploymentStats {
    /// The latest started pushes, newest first.
    pub pushes: Vec<PushDurations>,
    /// Per stage name, from its latest successful runs.
    pub estimates: Vec<StageEstimate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PushDurations {
    pub push_id: i64,
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Each stage that ran, in order; `seconds` is `null` while it runs.
    pub stages: Vec<StageDuration>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageDuration {
    pub name: String,
    pub status: String,
    pub seconds: Option<f64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema, QueryableByName)]
pub struct StageEstimate {
    #[diesel(sql_type = Text)]
    pub name: String,
    /// The median duration of the runs counted.
    #[diesel(sql_type = Double)]
    pub median_seconds: f64,
    #[diesel(sql_type = BigInt)]
    pub runs: i64,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    push_id: i64,
    #[diesel(sql_type = Text)]
    push_status: String,
    #[diesel(sql_type = Timestamptz)]
    push_started: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    push_finished: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Double>)]
    seconds: Option<f64>,
}

pub fn read(conn: &mut PgConnection, cap: &CanView, query: StatsQuery) -> Result<DeploymentStats> {
    let limit = query.limit.unwrap_or(DEFAULT_PUSHES);
    if !(1..=MAX_PUSHES).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PUSHES}")));
    }
    let deployment = cap.deployment_id().0;
    // A push just claimed has no stage under way yet: it would count against the limit with nothing to show.
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT p.id AS push_id, p.status AS push_status, p.started_at AS push_started,
                p.finished_at AS push_finished, s.name, s.status,
                extract(epoch FROM s.finished_at - s.started_at)::float8 AS seconds
           FROM (SELECT id, status, started_at, finished_at FROM pushes
                  WHERE deployment_id = $1 AND started_at IS NOT NULL
                    AND EXISTS (SELECT 1 FROM push_stages t WHERE t.push_id = pushes.id AND t.started_at IS NOT NULL)
                  ORDER BY id DESC LIMIT $2) p
           JOIN push_stages s ON s.push_id = p.id AND s.started_at IS NOT NULL
          ORDER BY p.id DESC, s.position",
    )
    .bind::<BigInt, _>(deployment)
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    let mut pushes: Vec<PushDurations> = Vec::new();
    for row in rows {
        if pushes.last().is_none_or(|p| p.push_id != row.push_id) {
            pushes.push(PushDurations {
                push_id: row.push_id,
                status: row.push_status,
                started_at: row.push_started,
                finished_at: row.push_finished,
                stages: Vec::new(),
            });
        }
        if let Some(push) = pushes.last_mut() {
            push.stages.push(StageDuration { name: row.name, status: row.status, seconds: row.seconds });
        }
    }
    let estimates: Vec<StageEstimate> = diesel::sql_query(
        "SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds, count(*) AS runs
           FROM (SELECT s.name, extract(epoch FROM s.finished_at - s.started_at)::float8 AS seconds,
                        row_number() OVER (PARTITION BY s.name ORDER BY s.push_id DESC) AS nth
                   FROM push_stages s JOIN pushes p ON p.id = s.push_id
                  WHERE p.deployment_id = $1 AND s.status = 'succeeded'
                    AND s.started_at IS NOT NULL AND s.finished_at IS NOT NULL) runs
          WHERE nth <= $2
          GROUP BY name ORDER BY name",
    )
    .bind::<BigInt, _>(deployment)
    .bind::<BigInt, _>(ESTIMATE_RUNS)
    .load(conn)?;
    Ok(DeploymentStats { pushes, estimates })
}
