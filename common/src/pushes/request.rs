//! What people ask of pushes through the API: start one, cancel one.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Push, PushStatus, StageStatus, load};
use crate::audit::{self, Change};
use crate::authz::{CanPush, Push as PushLevel, PushGrant};
use crate::error::{Error, Result};
use crate::ids::{PushId, RecipeId, StageId};
use crate::recipes::Language;
use crate::schema::{applications, deployments, flags, push_stages, pushes, recipes, settings, stages};
use crate::validate;
use crate::webhooks::{self, WebhookEvent};

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPush {
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub comment: String,
    /// Flag values by `varname`; flags left out take their defaults.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_values)]
    pub flags: BTreeMap<String, String>,
    /// A succeeded, tagged push of the same deployment to go back to.
    pub rollback_to: Option<PushId>,
}

/// stage id, recipe id, name, position, timeout, language, code.
type StageSnapshot = (StageId, RecipeId, String, i32, Option<i32>, Language, String);

/// Every flag's value for this push: the request's, else the default. Unknown or ill-typed values are refused.
fn flag_values(conn: &mut PgConnection, cap: &CanPush, given: &BTreeMap<String, String>) -> Result<Map<String, Value>> {
    let defined: Vec<(String, String, bool)> = flags::table
        .filter(flags::deployment_id.eq(cap.deployment_id()))
        .select((flags::varname, flags::default_value, flags::is_boolean))
        .load(conn)?;
    if let Some(unknown) = given.keys().find(|k| !defined.iter().any(|(v, _, _)| v == *k)) {
        return Err(Error::invalid(format!("flags.{unknown}"), "the deployment has no flag with this varname"));
    }
    let mut values = Map::new();
    for (varname, default, boolean) in defined {
        let value = given.get(&varname).cloned().unwrap_or(default);
        if boolean && value != "true" && value != "false" {
            return Err(Error::invalid(format!("flags.{varname}"), "a boolean flag is \"true\" or \"false\""));
        }
        validate::text(&format!("flags.{varname}"), &value, validate::MAX_TEXT_LEN)?;
        values.insert(varname, Value::String(value));
    }
    Ok(values)
}

fn check_rollback(conn: &mut PgConnection, cap: &CanPush, target: PushId) -> Result<()> {
    let ok: bool = diesel::select(diesel::dsl::exists(
        pushes::table
            .find(target)
            .filter(pushes::deployment_id.eq(cap.deployment_id()))
            .filter(pushes::status.eq(PushStatus::Succeeded))
            .filter(pushes::tag.is_not_null()),
    ))
    .get_result(conn)?;
    if ok { Ok(()) } else { Err(Error::invalid("rollback_to", "must be a succeeded, tagged push of this deployment")) }
}

/// Records a push as `queued` with a snapshot of what it will run. Queueing the job is the caller's next step,
/// after the transaction commits.
pub fn create(conn: &mut PgConnection, cap: &CanPush, input: NewPush) -> Result<Push> {
    let deployment = cap.deployment_id();
    validate::text("comment", &input.comment, validate::MAX_TEXT_LEN)?;
    let flag_values = flag_values(conn, cap, &input.flags)?;
    if let Some(target) = input.rollback_to {
        check_rollback(conn, cap, target)?;
    }
    let stage_rows: Vec<StageSnapshot> = stages::table
        .inner_join(recipes::table)
        .filter(stages::deployment_id.eq(deployment))
        .order(stages::position)
        .select((
            stages::id,
            recipes::id,
            stages::name,
            stages::position,
            stages::timeout_seconds,
            recipes::language,
            recipes::code,
        ))
        .load(conn)?;
    if stage_rows.is_empty() {
        return Err(Error::invalid("deployment", "the deployment has no stages to run"));
    }
    let (deployment_name, application_name): (String, String) = deployments::table
        .inner_join(applications::table)
        .filter(deployments::id.eq(deployment))
        .select((deployments::name, applications::name))
        .first(conn)?;
    // Secret values stay out of the snapshot: the worker reads them when it runs the push.
    let setting_rows: Vec<(String, String, bool)> = settings::table
        .filter(settings::deployment_id.eq(deployment))
        .select((settings::name, settings::value, settings::secret))
        .load(conn)?;
    let settings_snapshot: Map<String, Value> = setting_rows
        .into_iter()
        .map(|(name, value, secret)| (name, if secret { Value::Null } else { Value::String(value) }))
        .collect();

    let actor = cap.actor();
    let id: PushId = diesel::insert_into(pushes::table)
        .values((
            pushes::deployment_id.eq(deployment),
            pushes::deployment_name.eq(deployment_name),
            pushes::application_name.eq(application_name),
            pushes::user_id.eq(actor.user_id),
            pushes::username.eq(&actor.username),
            pushes::comment.eq(&input.comment),
            pushes::flags.eq(Value::Object(flag_values)),
            pushes::settings.eq(Value::Object(settings_snapshot)),
            pushes::rollback_to.eq(input.rollback_to),
        ))
        .returning(pushes::id)
        .get_result(conn)?;
    // Positions are renumbered 0..n so a push is self-contained whatever the deployment's numbering was.
    let rows: Vec<_> = stage_rows
        .into_iter()
        .enumerate()
        .map(|(position, (stage_id, recipe_id, name, _, timeout, language, code))| {
            (
                push_stages::push_id.eq(id),
                push_stages::position.eq(position as i32),
                push_stages::stage_id.eq(stage_id),
                push_stages::recipe_id.eq(recipe_id),
                push_stages::name.eq(name),
                push_stages::language.eq(language),
                push_stages::code.eq(code),
                push_stages::timeout_seconds.eq(timeout),
            )
        })
        .collect();
    diesel::insert_into(push_stages::table).values(rows).execute(conn)?;
    webhooks::record(conn, id, WebhookEvent::Queued)?;
    let push = load(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::new("push", "create", id.0).deployment(deployment).after(&serde_json::json!({
            "comment": push.comment, "flags": push.flags, "rollback_to": push.rollback_to,
        })),
    )?;
    Ok(push)
}

/// Cancels a push: a queued one at once (it will never start); a running one is flagged, and its worker kills
/// the running stage's process group and records the end. A finished push answers 409.
pub fn cancel(conn: &mut PgConnection, grant: &PushGrant<PushLevel>) -> Result<Push> {
    let id = grant.push_id();
    let now = diesel::dsl::now;
    let cancelled = diesel::update(pushes::table.find(id).filter(pushes::status.eq(PushStatus::Queued)))
        .set((pushes::status.eq(PushStatus::Cancelled), pushes::cancel_requested.eq(true), pushes::finished_at.eq(now)))
        .execute(conn)?;
    if cancelled == 1 {
        diesel::update(push_stages::table.filter(push_stages::push_id.eq(id)))
            .set(push_stages::status.eq(StageStatus::Cancelled))
            .execute(conn)?;
        webhooks::record(conn, id, WebhookEvent::Cancelled)?;
    } else {
        let flagged = diesel::update(pushes::table.find(id).filter(pushes::status.eq(PushStatus::Running)))
            .set(pushes::cancel_requested.eq(true))
            .execute(conn)?;
        if flagged == 0 {
            return Err(Error::Conflict("the push has already finished".to_owned()));
        }
    }
    let push = load(conn, id)?;
    let mut change = Change::new("push", "cancel", id.0);
    if let Some(deployment) = push.deployment_id {
        change = change.deployment(deployment);
    }
    audit::record(conn, grant.actor(), change)?;
    Ok(push)
}
