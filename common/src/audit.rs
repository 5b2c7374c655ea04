//! The audit trail: every change through the API writes an event in the same transaction as the change.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::authz::{Actor, AuditScope};
use crate::error::{Error, Result};
use crate::ids::{AuditEventId, DeploymentId, UserId};
use crate::schema::audit_events;

#[derive(Debug, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor: String,
    /// What happened, as `<target>.<verb>`, e.g. `setting.put`.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i64>,
    pub deployment_id: Option<DeploymentId>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
struct NewEvent<'a> {
    actor_id: Option<UserId>,
    actor: &'a str,
    action: &'a str,
    target_type: &'a str,
    target_id: Option<i64>,
    deployment_id: Option<DeploymentId>,
    before: Option<Value>,
    after: Option<Value>,
}

/// One change to record. `before`/`after` are the API representations, so secrets are already hidden.
pub struct Change<'a> {
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<i64>,
    pub deployment_id: Option<DeploymentId>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    pub fn new(target_type: &'a str, action: &'a str, target_id: impl Into<Option<i64>>) -> Self {
        Change { action, target_type, target_id: target_id.into(), deployment_id: None, before: None, after: None }
    }

    pub fn deployment(mut self, id: DeploymentId) -> Self {
        self.deployment_id = Some(id);
        self
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

pub fn record(conn: &mut PgConnection, actor: &Actor, change: Change<'_>) -> Result<()> {
    record_as(conn, Some(actor.user_id), &actor.username, change)
}

/// Records a change by someone who may not be a user (a failed sign-in names what was typed).
pub fn record_as(conn: &mut PgConnection, actor_id: Option<UserId>, actor: &str, change: Change<'_>) -> Result<()> {
    let action = format!("{}.{}", change.target_type, change.action);
    diesel::insert_into(audit_events::table)
        .values(NewEvent {
            actor_id,
            actor,
            action: &action,
            target_type: change.target_type,
            target_id: change.target_id,
            deployment_id: change.deployment_id,
            before: change.before,
            after: change.after,
        })
        .execute(conn)?;
    Ok(())
}

/// Blanks the values the trail recorded for one setting of a deployment. A setting made secret may keep the value
/// it had in the clear (the usual way to hide one already set), and earlier events must not go on showing it.
pub fn forget_setting_values(conn: &mut PgConnection, deployment: DeploymentId, name: &str) -> Result<()> {
    diesel::sql_query(
        "UPDATE audit_events SET
           before = CASE WHEN before->>'name' = $2 AND before ? 'value'
                         THEN jsonb_set(before, '{value}', 'null') ELSE before END,
           after = CASE WHEN after->>'name' = $2 AND after ? 'value'
                        THEN jsonb_set(after, '{value}', 'null') ELSE after END
         WHERE action IN ('setting.put', 'setting.delete') AND deployment_id = $1
           AND (before->>'name' = $2 OR after->>'name' = $2)",
    )
    .bind::<diesel::sql_types::BigInt, _>(deployment.0)
    .bind::<diesel::sql_types::Text, _>(name)
    .execute(conn)?;
    // An applied document lists every setting, the value of each that was not secret then included.
    diesel::sql_query(
        "UPDATE audit_events SET
           before = CASE WHEN jsonb_typeof(before->'settings') = 'array'
                         THEN jsonb_set(before, '{settings}', coalesce((
                           SELECT jsonb_agg(CASE WHEN s->>'name' = $2 THEN s - 'value' ELSE s END ORDER BY i)
                           FROM jsonb_array_elements(before->'settings') WITH ORDINALITY AS e(s, i)), '[]'))
                         ELSE before END,
           after = CASE WHEN jsonb_typeof(after->'document'->'settings') = 'array'
                        THEN jsonb_set(after, '{document,settings}', coalesce((
                          SELECT jsonb_agg(CASE WHEN s->>'name' = $2 THEN s - 'value' ELSE s END ORDER BY i)
                          FROM jsonb_array_elements(after->'document'->'settings') WITH ORDINALITY AS e(s, i)), '[]'))
                        ELSE after END
         WHERE action = 'deployment.apply' AND deployment_id = $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(deployment.0)
    .bind::<diesel::sql_types::Text, _>(name)
    .execute(conn)?;
    Ok(())
}

pub const MAX_PAGE: i64 = 500;
pub const DEFAULT_PAGE: i64 = 100;

/// A page of events, newest first. Admins see everything; others must name a deployment they can edit.
pub fn list(
    conn: &mut PgConnection,
    scope: &AuditScope,
    limit: Option<i64>,
    before: Option<AuditEventId>,
) -> Result<Vec<AuditEvent>> {
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE}")));
    }
    let deployment = scope.deployment_id();
    let mut query = audit_events::table.select(AuditEvent::as_select()).order(audit_events::id.desc()).into_boxed();
    if let Some(id) = deployment {
        query = query.filter(audit_events::deployment_id.eq(id));
    }
    if let Some(before) = before {
        query = query.filter(audit_events::id.lt(before));
    }
    Ok(query.limit(limit).load(conn)?)
}
