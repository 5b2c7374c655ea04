//! Deliveries: one per event and subscribed hook, recorded with the push's status change and sent by workers.
//! A worker claims due deliveries with `FOR UPDATE SKIP LOCKED` and moves them a lease ahead before sending,
//! so several workers never send one at once and a worker that dies mid-send only delays it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Jsonb, Nullable, Text, Timestamptz};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{MAX_RETRY_DELAY, WebhookEvent, WebhookFormat};
use crate::authz::CanEdit;
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, PushId, WebhookDeliveryId, WebhookId};
use crate::pushes::{self, PushRow, PushStatus};
use crate::schema::{pushes as pushes_table, webhook_attempts, webhook_deliveries, webhooks};

crate::text_enum!(
    /// `pending` until a 2xx answer (`delivered`) or until retries ran out (`failed`).
    DeliveryStatus { Pending => "pending", Delivered => "delivered", Failed => "failed" }
);

/// The push and its deployment as they were when the event happened: a delivery sent an hour late still tells
/// what was true then.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub push: PushSnapshot,
    pub deployment: DeploymentSnapshot,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PushSnapshot {
    pub id: PushId,
    pub status: PushStatus,
    pub user: String,
    pub comment: String,
    pub tag: Option<String>,
    pub error: Option<String>,
    pub rollback_to: Option<PushId>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// For a push awaiting approval: who must act ("1 more approval from group ops").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_for: Option<String>,
    /// For a bypassed push: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bypass_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeploymentSnapshot {
    pub id: Option<DeploymentId>,
    pub name: String,
    pub application: String,
}

impl Snapshot {
    pub fn of(row: &PushRow) -> Snapshot {
        Snapshot {
            push: PushSnapshot {
                id: row.id,
                status: row.status,
                user: row.username.clone(),
                comment: row.comment.clone(),
                tag: row.tag.clone(),
                error: row.error.clone(),
                rollback_to: row.rollback_to,
                created_at: row.created_at,
                started_at: row.started_at,
                finished_at: row.finished_at,
                waiting_for: None,
                bypass_reason: row.bypass_reason.clone(),
            },
            deployment: DeploymentSnapshot {
                id: row.deployment_id,
                name: row.deployment_name.clone(),
                application: row.application_name.clone(),
            },
        }
    }
}

/// Records a pending delivery of `event` for each hook of the push's deployment subscribed to it. Call it in the
/// transaction that changes the push's status, after the change: it snapshots the push as changed.
pub fn record(conn: &mut PgConnection, push: PushId, event: WebhookEvent) -> Result<()> {
    let hooks: Vec<WebhookId> = webhooks::table
        .inner_join(pushes_table::table.on(pushes_table::deployment_id.eq(webhooks::deployment_id.nullable())))
        .filter(pushes_table::id.eq(push))
        .filter(webhooks::events.contains(vec![Some(event)]))
        .select(webhooks::id)
        .load(conn)?;
    if hooks.is_empty() {
        return Ok(());
    }
    let mut snapshot = Snapshot::of(&pushes::row(conn, push)?);
    if event == WebhookEvent::AwaitingApproval {
        // The chat should say who must act.
        snapshot.push.waiting_for = pushes::load(conn, push)?.waiting_for;
    }
    let payload =
        serde_json::to_value(snapshot).map_err(|e| Error::Internal(format!("snapshotting push {push}: {e}")))?;
    let rows: Vec<_> = hooks
        .into_iter()
        .map(|hook| {
            (
                webhook_deliveries::webhook_id.eq(hook),
                webhook_deliveries::push_id.eq(push),
                webhook_deliveries::event.eq(event),
                webhook_deliveries::payload.eq(payload.clone()),
            )
        })
        .collect();
    diesel::insert_into(webhook_deliveries::table).values(rows).execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = webhook_attempts)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; `null` when none came (refused, timed out).
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: WebhookDeliveryId,
    webhook_id: WebhookId,
    push_id: PushId,
    event: WebhookEvent,
    payload: Value,
    status: DeliveryStatus,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    /// Also sent as the `X-Rolf-Delivery` header: a receiver can drop a repeat (delivery is at least once).
    pub id: WebhookDeliveryId,
    pub webhook_id: WebhookId,
    pub push_id: PushId,
    pub event: WebhookEvent,
    pub status: DeliveryStatus,
    /// The push and deployment as they were at the event.
    #[schema(value_type = Object)]
    pub payload: Value,
    pub created_at: DateTime<Utc>,
    /// When a pending delivery is (re)tried next; `null` once it is delivered or failed.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Oldest first.
    pub attempts: Vec<Attempt>,
}

pub const MAX_PAGE: i64 = 200;
pub const DEFAULT_PAGE: i64 = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Only deliveries older than this one: pass the previous page's last id.
    pub before: Option<i64>,
}

/// A hook's deliveries, newest first, each with its attempts.
pub fn list(conn: &mut PgConnection, cap: &CanEdit, hook: WebhookId, query: DeliveryQuery) -> Result<Vec<Delivery>> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE}")));
    }
    super::find(conn, cap, hook)?;
    let mut q = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(hook))
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(before) = query.before {
        q = q.filter(webhook_deliveries::id.lt(WebhookDeliveryId(before)));
    }
    let rows: Vec<DeliveryRow> = q.load(conn)?;
    let ids: Vec<WebhookDeliveryId> = rows.iter().map(|r| r.id).collect();
    let mut attempts: Vec<(WebhookDeliveryId, Attempt)> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order(webhook_attempts::id)
        .select((webhook_attempts::delivery_id, Attempt::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mine, rest) = attempts.drain(..).partition(|(d, _)| *d == row.id);
            attempts = rest;
            Delivery {
                id: row.id,
                webhook_id: row.webhook_id,
                push_id: row.push_id,
                event: row.event,
                status: row.status,
                payload: row.payload,
                created_at: row.created_at,
                next_attempt_at: (row.status == DeliveryStatus::Pending).then_some(row.next_attempt_at),
                delivered_at: row.delivered_at,
                last_error: row.last_error,
                attempts: mine.into_iter().map(|(_, a): (WebhookDeliveryId, Attempt)| a).collect(),
            }
        })
        .collect())
}

/// A delivery a worker has claimed, with what it needs to send it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Due {
    #[diesel(sql_type = BigInt)]
    pub id: WebhookDeliveryId,
    #[diesel(sql_type = Text)]
    pub event: WebhookEvent,
    #[diesel(sql_type = Jsonb)]
    pub payload: Value,
    /// Attempts made before this one.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub secret: Option<String>,
    #[diesel(sql_type = Text)]
    pub format: WebhookFormat,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Claims up to `limit` due deliveries for this worker: each is moved `lease` ahead (longer than a send can
/// take), so no other worker takes it meanwhile and it is retried after the lease if this worker dies.
pub fn claim_due(conn: &mut PgConnection, limit: i64, lease: Duration) -> Result<Vec<Due>> {
    Ok(diesel::sql_query(
        "WITH due AS (
           SELECT id FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT $1
           FOR UPDATE SKIP LOCKED)
         UPDATE webhook_deliveries d SET next_attempt_at = now() + $2 * interval '1 millisecond'
         FROM due, webhooks w
         WHERE d.id = due.id AND w.id = d.webhook_id
         RETURNING d.id, d.event, d.payload, d.attempts, w.url, w.secret, w.format, d.created_at",
    )
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(millis(lease))
    .load(conn)?)
}

/// How one attempt went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration: Duration,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.error.is_none() && self.status_code.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The delay before retry number `attempt` (1 after the first failure): `base`, then doubling, at most
/// [`MAX_RETRY_DELAY`].
pub fn backoff(base: Duration, attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(20);
    base.saturating_mul(1 << doublings).min(MAX_RETRY_DELAY)
}

/// Records an attempt of a claimed delivery: delivered on a 2xx; otherwise retried with [`backoff`] until
/// `retry_for` after the event (the last try falls at that moment), then `failed`. A delivery whose hook was
/// deleted meanwhile is gone: nothing to record.
pub fn record_attempt(
    conn: &mut PgConnection,
    due: &Due,
    outcome: &Outcome,
    retry_base: Duration,
    retry_for: Duration,
) -> Result<()> {
    conn.transaction(|conn| {
        let updated = if outcome.delivered() {
            diesel::update(
                webhook_deliveries::table.find(due.id).filter(webhook_deliveries::status.eq(DeliveryStatus::Pending)),
            )
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Delivered),
                webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                webhook_deliveries::delivered_at.eq(diesel::dsl::now),
                webhook_deliveries::last_error.eq(None::<String>),
            ))
            .execute(conn)?
        } else {
            let delay = backoff(retry_base, due.attempts.saturating_add(1));
            diesel::sql_query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2,
                   status = CASE WHEN now() >= created_at + $4 * interval '1 millisecond'
                                 THEN 'failed' ELSE 'pending' END,
                   next_attempt_at = LEAST(now() + $3 * interval '1 millisecond',
                                           created_at + $4 * interval '1 millisecond')
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind::<BigInt, _>(due.id.0)
            .bind::<Nullable<Text>, _>(outcome.error.as_deref())
            .bind::<BigInt, _>(millis(delay))
            .bind::<BigInt, _>(millis(retry_for))
            .execute(conn)?
        };
        if updated == 1 {
            diesel::insert_into(webhook_attempts::table)
                .values((
                    webhook_attempts::delivery_id.eq(due.id),
                    webhook_attempts::status_code.eq(outcome.status_code),
                    webhook_attempts::error.eq(outcome.error.as_deref()),
                    webhook_attempts::duration_ms.eq(i32::try_from(outcome.duration.as_millis()).unwrap_or(i32::MAX)),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_ten_minutes() {
        let base = Duration::from_secs(5);
        let delays: Vec<u64> = (1..=9).map(|n| backoff(base, n).as_secs()).collect();
        assert_eq!(delays, vec![5, 10, 20, 40, 80, 160, 320, 600, 600]);
        assert_eq!(backoff(base, i32::MAX), MAX_RETRY_DELAY);
        assert_eq!(backoff(Duration::from_millis(100), 0), Duration::from_millis(100));
    }

    #[test]
    fn only_a_2xx_answer_delivers() {
        let outcome = |status_code, error: Option<&str>| Outcome {
            status_code,
            error: error.map(str::to_owned),
            duration: Duration::ZERO,
        };
        assert!(outcome(Some(204), None).delivered());
        assert!(!outcome(Some(301), Some("answered 301")).delivered());
        assert!(!outcome(Some(500), Some("answered 500")).delivered());
        assert!(!outcome(None, Some("connection refused")).delivered());
    }
}
