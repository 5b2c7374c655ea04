//! What people ask of pushes through the API: start one, cancel one.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Push, PushStageRow, PushStatus, StageStatus, load};
use crate::audit::{self, Change};
use crate::authz::{CanPush, Level, Push as PushLevel, PushGrant};
use crate::catalog::flag_rules::FlagKind;
use crate::catalog::flags::Flag;
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, PushId, RecipeId, StageId};
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
    /// Step mode: pause before each stage after the first until `POST /pushes/{id}/continue`.
    #[serde(default)]
    pub step: bool,
    /// Emergency: skip the deployment's approvals (needs `edit`); the reason is shown wherever the push is.
    pub bypass: Option<super::approvals::Bypass>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResumePush {
    /// Absent: the resumed push's comment.
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub comment: Option<String>,
}

/// stage id, recipe id, name, position, timeout, rerun on resume, language, code; then the recipe's name and why
/// it needs conversion, which only decide whether the push may run.
type StageSnapshot =
    (StageId, RecipeId, String, i32, Option<i32>, bool, Language, String, Option<String>, Option<String>);

/// Every flag's value for this push: the request's, else the default. Unknown flags, missing required ones and
/// values their rules refuse are 422s naming the flag.
fn flag_values(conn: &mut PgConnection, cap: &CanPush, given: &BTreeMap<String, String>) -> Result<Map<String, Value>> {
    check_flags(conn, cap.deployment_id(), given)
}

/// [`flag_values`] for a deployment: what a schedule checks when it is saved.
pub(crate) fn check_flags(
    conn: &mut PgConnection,
    deployment: DeploymentId,
    given: &BTreeMap<String, String>,
) -> Result<Map<String, Value>> {
    let defined: Vec<Flag> =
        flags::table.filter(flags::deployment_id.eq(deployment)).select(Flag::as_select()).load(conn)?;
    if let Some(unknown) = given.keys().find(|k| !defined.iter().any(|f| &f.varname == *k)) {
        return Err(Error::invalid(format!("flags.{unknown}"), "the deployment has no flag with this varname"));
    }
    let mut values = Map::new();
    for flag in defined {
        let field = format!("flags.{}", flag.varname);
        let given = given.get(&flag.varname).map(|v| flag.boolean_as.read(v));
        let value = flag.rules().value_for_push(&field, given)?;
        let value = if flag.kind == FlagKind::Boolean { flag.boolean_as.value(&value) } else { value };
        values.insert(flag.varname, Value::String(value));
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

/// The deployment's settings as a push snapshots them. A secret's value never enters the snapshot (the worker
/// reads it when it runs the push); `{"secret": true, "set_at": ...}` stands for it, so that a diff between two
/// pushes can tell that it changed without knowing it.
pub(crate) fn snapshot_settings(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Map<String, Value>> {
    let rows: Vec<(String, String, bool, DateTime<Utc>)> = settings::table
        .filter(settings::deployment_id.eq(deployment))
        .select((settings::name, settings::value, settings::secret, settings::updated_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(name, value, secret, set_at)| {
            let value =
                if secret { serde_json::json!({"secret": true, "set_at": set_at}) } else { Value::String(value) };
            (name, value)
        })
        .collect())
}

/// Refuses a push that would run a recipe imported from the original Rolf that cannot run as it is.
fn check_converted(stages: &[StageSnapshot]) -> Result<()> {
    let Some((_, _, stage, .., recipe, Some(reason))) = stages.iter().find(|s| s.9.is_some()) else { return Ok(()) };
    let what = match recipe {
        Some(name) => format!("runs the cookbook recipe '{name}'"),
        None => "runs inline code".to_owned(),
    };
    Err(Error::Conflict(format!(
        "stage '{stage}' {what} imported from the original Rolf, which needs conversion ({reason}); save its \
         converted code, then push"
    )))
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
    let bypass_reason = match &input.bypass {
        Some(bypass) => {
            if !cap.level().includes(Level::Edit) {
                return Err(Error::forbidden("only editors of the deployment and admins may bypass its approvals"));
            }
            Some(validate::printable("bypass.reason", &bypass.reason, 1000, true)?)
        }
        None => None,
    };
    if bypass_reason.is_none() {
        crate::freezes::check_not_frozen(conn, deployment)?;
    }
    let gate = super::approvals::gate(conn, deployment, input.rollback_to.is_some(), bypass_reason.is_some())?;
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
            stages::rerun_on_resume,
            recipes::language,
            recipes::code,
            recipes::name,
            recipes::needs_conversion,
        ))
        .load(conn)?;
    if stage_rows.is_empty() {
        return Err(Error::invalid("deployment", "the deployment has no stages to run"));
    }
    check_converted(&stage_rows)?;
    let (deployment_name, application_name, pool): (String, String, String) = deployments::table
        .inner_join(applications::table)
        .filter(deployments::id.eq(deployment))
        .select((deployments::name, applications::name, deployments::pool))
        .first(conn)?;
    let settings_snapshot = snapshot_settings(conn, deployment)?;

    let actor = cap.actor();
    let id: PushId = diesel::insert_into(pushes::table)
        .values((
            pushes::deployment_id.eq(deployment),
            pushes::deployment_name.eq(deployment_name),
            pushes::application_name.eq(application_name),
            pushes::user_id.eq(actor.user_id()),
            pushes::username.eq(actor.username()),
            pushes::comment.eq(&input.comment),
            pushes::flags.eq(Value::Object(flag_values)),
            pushes::settings.eq(Value::Object(settings_snapshot)),
            pushes::rollback_to.eq(input.rollback_to),
            pushes::step.eq(input.step),
            pushes::pool.eq(pool),
            pushes::status.eq(gate.status),
            pushes::approvals_required.eq(gate.approvals_required),
            pushes::approval_expires_at.eq(gate.expires_at),
            pushes::bypass_reason.eq(&bypass_reason),
        ))
        .returning(pushes::id)
        .get_result(conn)?;
    // Positions are renumbered 0..n so a push is self-contained whatever the deployment's numbering was.
    let rows: Vec<_> = stage_rows
        .into_iter()
        .enumerate()
        .map(|(position, (stage_id, recipe_id, name, _, timeout, rerun, language, code, ..))| {
            (
                push_stages::push_id.eq(id),
                push_stages::position.eq(position as i32),
                push_stages::stage_id.eq(stage_id),
                push_stages::recipe_id.eq(recipe_id),
                push_stages::name.eq(name),
                push_stages::language.eq(language),
                push_stages::code.eq(code),
                push_stages::timeout_seconds.eq(timeout),
                push_stages::rerun_on_resume.eq(rerun),
            )
        })
        .collect();
    diesel::insert_into(push_stages::table).values(rows).execute(conn)?;
    webhooks::record(conn, id, WebhookEvent::of(gate.status))?;
    if bypass_reason.is_some() {
        webhooks::record(conn, id, WebhookEvent::Bypassed)?;
    }
    let push = load(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::new("push", "create", id.0).deployment(deployment).after(&serde_json::json!({
            "comment": push.comment, "flags": push.flags, "rollback_to": push.rollback_to, "step": push.step,
            "status": push.status, "bypass_reason": push.bypass_reason,
        })),
    )?;
    Ok(push)
}

/// Cancels a push: a queued one, or one awaiting approval, at once (it will never start); a running one is flagged, and its worker kills
/// the running stage's process group and records the end. A finished push answers 409.
pub fn cancel(conn: &mut PgConnection, grant: &PushGrant<PushLevel>) -> Result<Push> {
    let id = grant.push_id();
    let now = diesel::dsl::now;
    let cancelled = diesel::update(
        pushes::table.find(id).filter(pushes::status.eq_any([PushStatus::Queued, PushStatus::AwaitingApproval])),
    )
    .set((pushes::status.eq(PushStatus::Cancelled), pushes::cancel_requested.eq(true), pushes::finished_at.eq(now)))
    .execute(conn)?;
    if cancelled == 1 {
        diesel::update(push_stages::table.filter(push_stages::push_id.eq(id)))
            .set(push_stages::status.eq(StageStatus::Cancelled))
            .execute(conn)?;
        webhooks::record(conn, id, WebhookEvent::Cancelled)?;
    } else {
        let flagged = diesel::update(pushes::table.find(id).filter(pushes::status.eq_any(super::run::HELD)))
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

/// The statuses a push can be resumed from.
const RESUMABLE: [PushStatus; 3] = [PushStatus::Failed, PushStatus::Cancelled, PushStatus::Lost];

/// Resumes a failed, cancelled or lost push: a new push of the same snapshot (stages, code, settings, flags)
/// that skips the stages that succeeded (unless marked `rerun_on_resume`) and starts at the first that did not.
pub fn resume(conn: &mut PgConnection, grant: &PushGrant<PushLevel>, input: ResumePush) -> Result<Push> {
    let from = grant.push_id();
    let Some(deployment) = grant.deployment_id() else {
        return Err(Error::invalid("id", "the push's deployment was deleted; there is nothing to resume it on"));
    };
    let comment = input.comment;
    if let Some(c) = &comment {
        validate::text("comment", c, validate::MAX_TEXT_LEN)?;
    }
    let original = super::row(conn, from)?;
    if !RESUMABLE.contains(&original.status) {
        return Err(Error::invalid(
            "id",
            format!("a {} push cannot be resumed: only a failed, cancelled or lost one", original.status),
        ));
    }
    let stages = super::stages_of(conn, from)?;
    // A stage is done when it succeeded here, or was skipped here because it had succeeded in an earlier push.
    let done_in = |s: &PushStageRow| match s.status {
        StageStatus::Succeeded => Some(from),
        StageStatus::Skipped => s.succeeded_in,
        _ => None,
    };
    let Some(start) = stages.iter().position(|s| done_in(s).is_none()) else {
        return Err(Error::invalid("id", "every stage of this push succeeded: there is nothing to resume"));
    };
    let actor = grant.actor();
    // Where it runs is not part of the snapshot: a deployment moved to another pool resumes there.
    let pool: String = deployments::table.find(deployment).select(deployments::pool).first(conn)?;
    crate::freezes::check_not_frozen(conn, deployment)?;
    // Approved or not before, a resumption is a new push: the deployment's approvals apply to it.
    let gate = super::approvals::gate(conn, deployment, original.rollback_to.is_some(), false)?;
    let id: PushId = diesel::insert_into(pushes::table)
        .values((
            pushes::deployment_id.eq(deployment),
            pushes::deployment_name.eq(&original.deployment_name),
            pushes::application_name.eq(&original.application_name),
            pushes::user_id.eq(actor.user_id()),
            pushes::username.eq(actor.username()),
            pushes::comment.eq(comment.as_deref().unwrap_or(&original.comment)),
            pushes::flags.eq(&original.flags),
            pushes::settings.eq(&original.settings),
            pushes::rollback_to.eq(original.rollback_to),
            pushes::step.eq(original.step),
            pushes::resumed_from.eq(from),
            pushes::pool.eq(pool),
            pushes::status.eq(gate.status),
            pushes::approvals_required.eq(gate.approvals_required),
            pushes::approval_expires_at.eq(gate.expires_at),
        ))
        .returning(pushes::id)
        .get_result(conn)?;
    let rows: Vec<_> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let skipped_because = if i < start && !s.rerun_on_resume { done_in(s) } else { None };
            (
                push_stages::push_id.eq(id),
                push_stages::position.eq(s.position),
                push_stages::stage_id.eq(s.stage_id),
                push_stages::recipe_id.eq(s.recipe_id),
                push_stages::name.eq(&s.name),
                push_stages::language.eq(s.language),
                push_stages::code.eq(&s.code),
                push_stages::timeout_seconds.eq(s.timeout_seconds),
                push_stages::rerun_on_resume.eq(s.rerun_on_resume),
                push_stages::status.eq(if skipped_because.is_some() {
                    StageStatus::Skipped
                } else {
                    StageStatus::Pending
                }),
                push_stages::succeeded_in.eq(skipped_because),
            )
        })
        .collect();
    diesel::insert_into(push_stages::table).values(rows).execute(conn)?;
    webhooks::record(conn, id, WebhookEvent::of(gate.status))?;
    let push = load(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::new("push", "resume", id.0).deployment(deployment).after(&serde_json::json!({
            "comment": push.comment, "resumed_from": from, "starts_at": stages[start].name,
        })),
    )?;
    Ok(push)
}

/// Continues a push paused in step mode: its worker runs the next stage.
pub fn continue_paused(conn: &mut PgConnection, grant: &PushGrant<PushLevel>) -> Result<Push> {
    let id = grant.push_id();
    let continued = diesel::update(pushes::table.find(id).filter(pushes::status.eq(PushStatus::Paused)))
        .set((pushes::status.eq(PushStatus::Running), pushes::paused_before.eq(None::<i32>)))
        .execute(conn)?;
    if continued == 0 {
        return Err(Error::Conflict("the push is not paused".to_owned()));
    }
    let push = load(conn, id)?;
    let mut change = Change::new("push", "continue", id.0);
    if let Some(deployment) = push.deployment_id {
        change = change.deployment(deployment);
    }
    audit::record(conn, grant.actor(), change)?;
    Ok(push)
}
