//! Approvals: a deployment may require that distinct people other than the requester approve a push before it
//! runs. An approval is for the deployment's stages and settings as the approver saw them: when they change, the
//! approvals given before no longer count and the push waits again. One rejection ends the push; pending ones
//! expire. The emergency bypass skips all of it, loudly.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Push, PushStatus, StageStatus, load};
use crate::audit::{self, Change};
use crate::authz::{ApprovalQueue, ApproverGrant};
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, PushId};
use crate::recipes::Language;
use crate::schema::{deployments, groups, push_approvals, push_stages, pushes, recipes, settings, stages};
use crate::validate;
use crate::webhooks::{self, WebhookEvent};

crate::text_enum!(
    Decision {
        Approve => "approve",
        Reject => "reject",
    }
);

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Approval {
    pub user: String,
    pub decision: Decision,
    pub comment: String,
    pub at: DateTime<Utc>,
    /// Given for stages or settings that have changed since: it no longer counts.
    pub void: bool,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalInput {
    /// Why; required to reject.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub comment: String,
}

/// The emergency bypass of approvals (and freezes): only `edit` or admins, always with a reason.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bypass {
    #[schema(schema_with = crate::validate::schema::display_text)]
    pub reason: String,
}

/// A fingerprint of the deployment's stages (in order, with their code) and settings (secret values included,
/// though only their hash is kept): what an approver approves.
pub fn config_hash(conn: &mut PgConnection, deployment: DeploymentId) -> Result<String> {
    let stage_rows: Vec<(String, Option<i32>, bool, Language, String)> = stages::table
        .inner_join(recipes::table)
        .filter(stages::deployment_id.eq(deployment))
        .order(stages::position)
        .select((stages::name, stages::timeout_seconds, stages::rerun_on_resume, recipes::language, recipes::code))
        .load(conn)?;
    let setting_rows: Vec<(String, String, bool)> = settings::table
        .filter(settings::deployment_id.eq(deployment))
        .order(settings::name)
        .select((settings::name, settings::value, settings::secret))
        .load(conn)?;
    let mut hasher = Sha256::new();
    // JSON keeps field boundaries unambiguous: no concatenation of two fields can equal another pair's.
    let encoded = serde_json::to_vec(&(stage_rows, setting_rows)).map_err(|e| Error::Internal(e.to_string()))?;
    hasher.update(&encoded);
    Ok(hex::encode(hasher.finalize()))
}

/// How a new push enters: `awaiting_approval` with the number of approvals it needs, or `queued`.
pub struct Gate {
    pub status: PushStatus,
    pub approvals_required: i32,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Decides whether a push about to be recorded must wait for approvals.
pub fn gate(conn: &mut PgConnection, deployment: DeploymentId, rollback: bool, bypassed: bool) -> Result<Gate> {
    let (required, hours, rollback_free): (i32, i32, bool) = deployments::table
        .find(deployment)
        .select((
            deployments::approvals_required,
            deployments::approval_expires_hours,
            deployments::rollback_without_approval,
        ))
        .first(conn)?;
    if required == 0 || bypassed || (rollback && rollback_free) {
        return Ok(Gate { status: PushStatus::Queued, approvals_required: 0, expires_at: None });
    }
    Ok(Gate {
        status: PushStatus::AwaitingApproval,
        approvals_required: required,
        expires_at: Some(Utc::now() + chrono::Duration::hours(i64::from(hours))),
    })
}

/// Who may approve pushes of the deployment, in words.
fn approvers(conn: &mut PgConnection, deployment: Option<DeploymentId>) -> Result<String> {
    let group: Option<String> = match deployment {
        Some(d) => deployments::table
            .left_join(groups::table)
            .filter(deployments::id.eq(d))
            .select(groups::name.nullable())
            .first(conn)
            .optional()?
            .flatten(),
        None => None,
    };
    Ok(match group {
        Some(g) => format!("group {g}"),
        None => "someone with push on the deployment".to_owned(),
    })
}

struct Counted {
    approvals: Vec<Approval>,
    valid: i64,
    void: usize,
}

/// user id, username, decision, comment, config hash, when.
type ApprovalRow = (Option<i64>, String, Decision, String, String, DateTime<Utc>);

fn count(conn: &mut PgConnection, push: PushId, requester: Option<i64>, hash: Option<&str>) -> Result<Counted> {
    let rows: Vec<ApprovalRow> = push_approvals::table
        .filter(push_approvals::push_id.eq(push))
        .order(push_approvals::id)
        .select((
            push_approvals::user_id,
            push_approvals::username,
            push_approvals::decision,
            push_approvals::comment,
            push_approvals::config_hash,
            push_approvals::at,
        ))
        .load(conn)?;
    let mut counted_users: Vec<Option<i64>> = Vec::new();
    let mut void = 0;
    let approvals = rows
        .into_iter()
        .map(|(user_id, user, decision, comment, config_hash, at)| {
            let is_void = decision == Decision::Approve && hash.is_some_and(|h| h != config_hash);
            if is_void {
                void += 1;
            } else if decision == Decision::Approve && user_id != requester && !counted_users.contains(&user_id) {
                counted_users.push(user_id);
            }
            Approval { user, decision, comment, at, void: is_void }
        })
        .collect();
    Ok(Counted { approvals, valid: counted_users.len() as i64, void })
}

/// The approvals shown on a push, and, while it awaits them, what it waits for.
pub fn read(conn: &mut PgConnection, push: &mut Push, requester: Option<i64>) -> Result<()> {
    let awaiting = push.status == PushStatus::AwaitingApproval;
    let hash = match (awaiting, push.deployment_id) {
        (true, Some(d)) => Some(config_hash(conn, d)?),
        _ => None,
    };
    let counted = count(conn, push.id, requester, hash.as_deref())?;
    push.approvals = counted.approvals;
    if awaiting {
        let missing = i64::from(push.approvals_required) - counted.valid;
        let mut why = format!(
            "{missing} more approval{} from {}",
            if missing == 1 { "" } else { "s" },
            approvers(conn, push.deployment_id)?
        );
        if counted.void > 0 {
            why.push_str(&format!(
                "; {} approval{} given before the deployment's stages or settings changed no longer count",
                counted.void,
                if counted.void == 1 { "" } else { "s" }
            ));
        }
        push.waiting_for = Some(why);
    }
    Ok(())
}

/// Approves or rejects a push awaiting approval. Returns the push and whether it is now queued (the caller
/// hands it to the dispatcher once the transaction commits).
pub fn decide(
    conn: &mut PgConnection,
    grant: &ApproverGrant,
    decision: Decision,
    input: ApprovalInput,
) -> Result<(Push, bool)> {
    let id = grant.push_id();
    validate::text("comment", &input.comment, validate::MAX_TEXT_LEN)?;
    if decision == Decision::Reject && input.comment.trim().is_empty() {
        return Err(Error::invalid("comment", "say why the push is rejected"));
    }
    // Locked, so two approvals arriving together count each other.
    let (status, required, requester): (PushStatus, i32, Option<i64>) = pushes::table
        .find(id)
        .select((pushes::status, pushes::approvals_required, pushes::user_id))
        .for_update()
        .first(conn)?;
    if status != PushStatus::AwaitingApproval {
        return Err(Error::Conflict(format!("the push is not awaiting approval (it is {status})")));
    }
    let deployment = grant.deployment_id();
    let hash = config_hash(conn, deployment)?;
    let actor = grant.actor();
    let inserted = diesel::insert_into(push_approvals::table)
        .values((
            push_approvals::push_id.eq(id),
            push_approvals::user_id.eq(actor.user_id()),
            push_approvals::username.eq(actor.username()),
            push_approvals::decision.eq(decision),
            push_approvals::comment.eq(input.comment.trim()),
            push_approvals::config_hash.eq(&hash),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Err(Error::Conflict("you have already decided on this push as it is".to_owned()));
    }
    let mut queued = false;
    match decision {
        Decision::Reject => {
            let why = format!("rejected by {}: {}", actor.username(), input.comment.trim());
            end(conn, id, PushStatus::Rejected, &why)?;
            webhooks::record(conn, id, WebhookEvent::Rejected)?;
        }
        Decision::Approve => {
            let counted = count(conn, id, requester, Some(&hash))?;
            if counted.valid >= i64::from(required) {
                diesel::update(pushes::table.find(id))
                    .set((pushes::status.eq(PushStatus::Queued), pushes::approval_expires_at.eq(None::<DateTime<Utc>>)))
                    .execute(conn)?;
                webhooks::record(conn, id, WebhookEvent::Approved)?;
                queued = true;
            }
        }
    }
    let push = load(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::new("push", decision.as_str(), id.0)
            .deployment(deployment)
            .after(&serde_json::json!({"comment": input.comment.trim(), "queued": queued})),
    )?;
    Ok((push, queued))
}

fn end(conn: &mut PgConnection, id: PushId, status: PushStatus, why: &str) -> Result<()> {
    diesel::update(pushes::table.find(id))
        .set((pushes::status.eq(status), pushes::error.eq(why), pushes::finished_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    diesel::update(push_stages::table.filter(push_stages::push_id.eq(id)))
        .set(push_stages::status.eq(StageStatus::Skipped))
        .execute(conn)?;
    Ok(())
}

/// Ends the pushes whose approvals did not come in time.
pub fn expire(conn: &mut PgConnection) -> Result<Vec<PushId>> {
    conn.transaction(|conn| {
        let due: Vec<PushId> = pushes::table
            .filter(pushes::status.eq(PushStatus::AwaitingApproval))
            .filter(pushes::approval_expires_at.lt(diesel::dsl::now))
            .select(pushes::id)
            .for_update()
            .skip_locked()
            .load(conn)?;
        for id in &due {
            end(conn, *id, PushStatus::Expired, "no approval came in time (the deployment's approval_expires_hours)")?;
            webhooks::record(conn, *id, WebhookEvent::Expired)?;
        }
        Ok(due)
    })
}

/// The pushes the caller may approve and has not approved as they are now, oldest first.
pub fn queue(conn: &mut PgConnection, queue: &ApprovalQueue, username: &str) -> Result<Vec<Push>> {
    let mut pushes = Vec::new();
    for id in queue.push_ids() {
        let push = load(conn, *id)?;
        let decided = push.approvals.iter().any(|a| a.user == username && !a.void);
        if !decided {
            pushes.push(push);
        }
    }
    Ok(pushes)
}
