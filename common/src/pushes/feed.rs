//! The push status feed: every change of a push's status, in commit order (`push_events`, written by a
//! trigger at commit, see its migration), for the live event stream. Ids only grow, so a follower resumes
//! from the last id it saw and gets every later change exactly once.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use serde::Serialize;

use crate::authz::FeedScope;
use crate::catalog::last_push::LastPush;
use crate::error::Result;
use crate::ids::{DeploymentId, PushId};
use crate::pushes::PushStatus;

/// One status change, shaped like a deployment's `last_push` so a dashboard can show it as it comes.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FeedEvent {
    /// The event's place in the feed: send it back as `Last-Event-ID` to resume after it.
    pub id: i64,
    /// `null` once the deployment was deleted.
    pub deployment_id: Option<DeploymentId>,
    pub application: String,
    pub deployment: String,
    /// The push as of this change: `status` is the new status, `at` when it changed.
    pub push: LastPush,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    deployment_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    push_id: i64,
    #[diesel(sql_type = Text)]
    status: PushStatus,
    #[diesel(sql_type = Timestamptz)]
    at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    application_name: String,
    #[diesel(sql_type = Text)]
    deployment_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    tag: Option<String>,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Text)]
    comment: String,
}

impl From<Row> for FeedEvent {
    fn from(r: Row) -> FeedEvent {
        FeedEvent {
            id: r.id,
            deployment_id: r.deployment_id.map(DeploymentId),
            application: r.application_name,
            deployment: r.deployment_name,
            push: LastPush {
                id: PushId(r.push_id),
                status: r.status,
                // The tag is set by the change that makes a push succeed; earlier changes had none.
                tag: if r.status == PushStatus::Succeeded { r.tag } else { None },
                user: r.username,
                comment: r.comment,
                at: r.at,
            },
        }
    }
}

/// The id of the newest event (0 when there is none): where a follower without a resume point starts.
pub fn newest(conn: &mut PgConnection) -> Result<i64> {
    use crate::schema::push_events;
    let id: Option<i64> = push_events::table.select(diesel::dsl::max(push_events::id)).first(conn)?;
    Ok(id.unwrap_or(0))
}

/// Up to `limit` events after `after`, oldest first, of every deployment. Only for a fan-out that filters
/// each follower's copy through its [`FeedScope`]; a single reader uses [`read`].
pub fn read_all(conn: &mut PgConnection, after: i64, limit: i64) -> Result<Vec<FeedEvent>> {
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT e.id, e.deployment_id, e.push_id, e.status, e.at,
                p.application_name, p.deployment_name, p.tag, p.username, p.comment
         FROM push_events e JOIN pushes p ON p.id = e.push_id
         WHERE e.id > $1 ORDER BY e.id LIMIT $2",
    )
    .bind::<BigInt, _>(after)
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    Ok(rows.into_iter().map(FeedEvent::from).collect())
}

/// Up to `limit` events after `after` that the scope admits, and the id of the last event looked at (so a
/// caller that sees none of a long run of others' events still moves on).
pub fn read(conn: &mut PgConnection, scope: &FeedScope, after: i64, limit: i64) -> Result<(Vec<FeedEvent>, i64)> {
    let all = read_all(conn, after, limit)?;
    let last = all.last().map_or(after, |e| e.id);
    Ok((all.into_iter().filter(|e| scope.admits(e.deployment_id)).collect(), last))
}
