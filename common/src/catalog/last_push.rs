//! Each deployment's latest push, carried by deployment answers so a dashboard needs one request however many
//! deployments it shows. One index probe per deployment (`pushes (deployment_id, id)`), in one statement.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};
use serde::Serialize;

use crate::error::Result;
use crate::ids::{DeploymentId, PushId};
use crate::pushes::PushStatus;

/// A deployment's latest push (the one with the highest id), whatever its status.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LastPush {
    pub id: PushId,
    pub status: PushStatus,
    /// Set when it succeeded.
    pub tag: Option<String>,
    /// Who asked for it.
    pub user: String,
    pub comment: String,
    /// When it finished, else when it started, else when it was requested.
    pub at: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    deployment_id: i64,
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    status: PushStatus,
    #[diesel(sql_type = Nullable<Text>)]
    tag: Option<String>,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Text)]
    comment: String,
    #[diesel(sql_type = Timestamptz)]
    at: DateTime<Utc>,
}

/// The latest push of each of `deployments` that has one.
pub fn of(conn: &mut PgConnection, deployments: &[DeploymentId]) -> Result<Vec<(DeploymentId, LastPush)>> {
    if deployments.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = deployments.iter().map(|d| d.0).collect();
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT d.id AS deployment_id, p.id, p.status, p.tag, p.username, p.comment,
                coalesce(p.finished_at, p.started_at, p.created_at) AS at
         FROM unnest($1::bigint[]) AS d(id)
         CROSS JOIN LATERAL (
           SELECT id, status, tag, username, comment, finished_at, started_at, created_at FROM pushes
           WHERE pushes.deployment_id = d.id ORDER BY pushes.id DESC LIMIT 1) p",
    )
    .bind::<Array<BigInt>, _>(ids)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let push = LastPush {
                id: PushId(r.id),
                status: r.status,
                tag: r.tag,
                user: r.username,
                comment: r.comment,
                at: r.at,
            };
            (DeploymentId(r.deployment_id), push)
        })
        .collect())
}
