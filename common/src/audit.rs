//! The audit trail: every change through the API writes an event in the same transaction as the change.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};
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
    record_as(conn, Some(actor.user_id()), actor.username(), change)
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
/// Usernames are recorded as sent, up to this many characters (a failed sign-in names what was typed).
pub const MAX_ACTOR_LEN: usize = 256;
const MAX_ACTION_LEN: usize = 100;

/// `GET /audit`: which events, a page at a time. The filters combine: an event must match every one given.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this deployment; required unless the caller is an admin (needs `edit` on it).
    pub deployment_id: Option<i64>,
    /// Only events by this user or service account: its username, exactly (a failed sign-in is recorded under
    /// the name that was typed). 1 to 256 characters, no control characters.
    #[param(min_length = 1, max_length = 256, pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$")]
    pub actor: Option<String>,
    /// Only events of this action (`setting.put`), or of every action on one kind of object (`setting`).
    #[param(min_length = 1, max_length = 100, pattern = r"^[a-z_]+(\.[a-z_]+)?$")]
    pub action: Option<String>,
    /// Only events at or after this time (RFC 3339, e.g. `2026-12-01T00:00:00Z`).
    #[serde(default, deserialize_with = "since")]
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time (RFC 3339); must be after `since`.
    #[serde(default, deserialize_with = "until")]
    pub until: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 100).
    pub limit: Option<i64>,
    /// Only events older than this event id: pass the previous page's `next_before`.
    pub before: Option<i64>,
}

/// An RFC 3339 time in a query string. A malformed one is a bad request (400) whose message names the parameter,
/// which serde's own message would not.
fn time_param<'de, D: Deserializer<'de>>(deserializer: D, name: &str) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = String::deserialize(deserializer)?;
    // chrono also takes a space for the `T`; the schema's `date-time` does not, so neither does the API.
    let parsed = match text.as_bytes().get(10) {
        Some(b' ') => None,
        _ => DateTime::parse_from_rfc3339(&text).ok(),
    };
    parsed.map(|t| Some(t.with_timezone(&Utc))).ok_or_else(|| {
        serde::de::Error::custom(format!("{name} must be an RFC 3339 time such as 2026-12-01T00:00:00Z"))
    })
}

fn since<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    time_param(deserializer, "since")
}

fn until<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    time_param(deserializer, "until")
}

/// The filters' rules, the ones [`AuditQuery`]'s schema states (and `until` after `since`); the page size.
pub fn check(q: &AuditQuery) -> Result<i64> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE}")));
    }
    if let Some(actor) = &q.actor {
        let length = actor.chars().count();
        if !(1..=MAX_ACTOR_LEN).contains(&length) {
            return Err(Error::invalid("actor", format!("must be 1 to {MAX_ACTOR_LEN} characters")));
        }
        if actor.chars().any(char::is_control) {
            return Err(Error::invalid("actor", "must not contain control characters"));
        }
    }
    if let Some(action) = &q.action {
        let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let well_formed = match action.split_once('.') {
            Some((target, verb)) => word(target) && word(verb),
            None => word(action),
        };
        if !well_formed || action.len() > MAX_ACTION_LEN {
            return Err(Error::invalid(
                "action",
                "must be an action such as setting.put, or a kind of object such as setting (at most 100 characters)",
            ));
        }
    }
    if let (Some(since), Some(until)) = (q.since, q.until)
        && since >= until
    {
        return Err(Error::invalid("until", "must be after since"));
    }
    Ok(limit)
}

/// A page of events, newest first, within what `scope` lets the actor read and matching every filter of `q`.
pub fn list(conn: &mut PgConnection, scope: &AuditScope, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
    let limit = check(q)?;
    let mut query = audit_events::table.select(AuditEvent::as_select()).order(audit_events::id.desc()).into_boxed();
    if let Some(id) = scope.deployment_id() {
        query = query.filter(audit_events::deployment_id.eq(id));
    }
    if let Some(actor) = &q.actor {
        query = query.filter(audit_events::actor.eq(actor));
    }
    match q.action.as_deref().map(|a| (a, a.contains('.'))) {
        Some((action, true)) => query = query.filter(audit_events::action.eq(action)),
        Some((target_type, false)) => query = query.filter(audit_events::target_type.eq(target_type)),
        None => {}
    }
    if let Some(since) = q.since {
        query = query.filter(audit_events::at.ge(since));
    }
    if let Some(until) = q.until {
        query = query.filter(audit_events::at.lt(until));
    }
    if let Some(before) = q.before {
        query = query.filter(audit_events::id.lt(AuditEventId(before)));
    }
    Ok(query.limit(limit).load(conn)?)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The parameters as serde reads them; the time fields take the same `deserialize_with` path from a query
    /// string (tests/api/bad_input.rs sends them through actix).
    fn query(value: Value) -> std::result::Result<AuditQuery, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_malformed_time_is_refused_naming_its_parameter() {
        for bad in ["yesterday", "2026-12-01", "2026-12-01 00:00:00Z", "2026-12-01T00:00:00", "2026-13-01T00:00:00Z"] {
            for name in ["since", "until"] {
                let err = query(json!({name: bad})).unwrap_err();
                assert!(err.starts_with(&format!("{name} must be an RFC 3339 time")), "{bad}: {err}");
            }
        }
        let q = query(json!({"since": "2026-12-01T01:00:00+01:00", "until": "2026-12-02t00:00:00z"})).unwrap();
        assert_eq!(q.since.map(|t| t.to_rfc3339()).as_deref(), Some("2026-12-01T00:00:00+00:00"));
        assert_eq!(q.until.map(|t| t.to_rfc3339()).as_deref(), Some("2026-12-02T00:00:00+00:00"));
        assert!(query(json!({})).unwrap().since.is_none());
    }

    #[test]
    fn filters_that_break_a_rule_are_invalid_naming_the_field() {
        let field = |value: Value| match check(&query(value.clone()).unwrap()) {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{value}: {other:?}"),
        };
        assert_eq!(field(json!({"limit": 0})), "limit");
        assert_eq!(field(json!({"limit": 501})), "limit");
        for bad in ["", "a\u{1}b", "tab\there", "x\u{85}"] {
            assert_eq!(field(json!({"actor": bad})), "actor", "{bad:?}");
        }
        assert_eq!(field(json!({"actor": "é".repeat(257)})), "actor");
        for bad in ["", "Setting", "setting.", ".put", "setting.put.x", "set ting", "setting-put", "é"] {
            assert_eq!(field(json!({"action": bad})), "action", "{bad:?}");
        }
        assert_eq!(field(json!({"action": "a".repeat(101)})), "action");
        let (early, late) = ("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z");
        assert_eq!(field(json!({"since": late, "until": early})), "until");
        assert_eq!(field(json!({"since": early, "until": early})), "until");
        for good in [
            json!({}),
            json!({"limit": 500}),
            json!({"actor": "ann"}),
            json!({"actor": " an n "}),
            json!({"actor": "é".repeat(256)}),
            json!({"action": "setting"}),
            json!({"action": "group_mappings.put"}),
            json!({"since": early, "until": late}),
        ] {
            assert!(check(&query(good.clone()).unwrap()).is_ok(), "{good}");
        }
    }
}
