//! Pushes: a run of a deployment's stages. The API creates them (`queued`) with a snapshot of what to run; a
//! worker claims, runs and finishes them (`run`); their output lines live in `log`.

pub mod approvals;
pub mod diff;
pub mod durations;
pub mod feed;
pub mod log;
pub mod read;
pub mod request;
pub mod retention;
pub mod run;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::authz::{Granted, LogReader, PushGrant};
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, PushId, RecipeId, StageId, UserId};
use crate::recipes::Language;
use crate::schema::{push_stages, pushes};

crate::text_enum!(
    /// Where a push is in its life. `awaiting_approval`: recorded, waiting for approvals before it may start;
    /// `paused`: in step mode, waiting for a continue before its next stage; `lost`: its worker stopped
    /// heartbeating mid-run; `rejected` and `expired`: an approver rejected it, or approvals did not come in time
    /// (it never ran).
    PushStatus {
        AwaitingApproval => "awaiting_approval",
        Queued => "queued",
        Running => "running",
        Paused => "paused",
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
        Lost => "lost",
        Rejected => "rejected",
        Expired => "expired",
    }
);

impl PushStatus {
    pub fn is_finished(self) -> bool {
        !matches!(self, PushStatus::AwaitingApproval | PushStatus::Queued | PushStatus::Running | PushStatus::Paused)
    }
}

crate::text_enum!(
    StageStatus {
        Pending => "pending",
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
        Skipped => "skipped",
        Cancelled => "cancelled",
    }
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pushes)]
pub struct PushRow {
    pub id: PushId,
    pub deployment_id: Option<DeploymentId>,
    pub deployment_name: String,
    pub application_name: String,
    pub username: String,
    pub comment: String,
    pub flags: Value,
    pub settings: Value,
    pub status: PushStatus,
    pub tag: Option<String>,
    pub rollback_to: Option<PushId>,
    pub worker: Option<String>,
    pub cancel_requested: bool,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub log_pruned_at: Option<DateTime<Utc>>,
    pub log_pruned_lines: Option<i64>,
    pub resumed_from: Option<PushId>,
    pub step: bool,
    pub paused_before: Option<i32>,
    pub pool: String,
    pub user_id: Option<UserId>,
    pub approvals_required: i32,
    pub approval_expires_at: Option<DateTime<Utc>>,
    pub bypass_reason: Option<String>,
    pub schedule_id: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = push_stages)]
pub struct PushStageRow {
    pub position: i32,
    pub stage_id: Option<StageId>,
    pub recipe_id: Option<RecipeId>,
    pub name: String,
    pub language: Language,
    pub code: String,
    pub timeout_seconds: Option<i32>,
    pub status: StageStatus,
    pub exit_code: Option<i32>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub rerun_on_resume: bool,
    pub succeeded_in: Option<PushId>,
}

// Read straight from its row by the answer's queries, which then leave out what the answer does not show (a
// stage's code above all, often kilobytes).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, Queryable, Selectable)]
#[diesel(table_name = push_stages)]
pub struct PushStage {
    /// 0-based place in the push.
    pub position: i32,
    /// The deployment's stage this ran; `null` once that stage was deleted.
    pub stage_id: Option<StageId>,
    pub name: String,
    pub status: StageStatus,
    pub exit_code: Option<i32>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Runs again when a later stage is resumed (a checkout the stages after it need).
    pub rerun_on_resume: bool,
    /// Set on a stage a resumed push skipped: the push in which it succeeded.
    pub succeeded_in: Option<PushId>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Push {
    pub id: PushId,
    /// `null` once the deployment was deleted; `deployment` and `application` keep its names.
    pub deployment_id: Option<DeploymentId>,
    pub deployment: String,
    pub application: String,
    /// Who asked for the push.
    pub user: String,
    pub comment: String,
    /// Every flag's value as run, defaults filled in.
    #[schema(value_type = Object)]
    pub flags: Value,
    pub status: PushStatus,
    /// Set when the push succeeded.
    pub tag: Option<String>,
    pub rollback_to: Option<PushId>,
    /// The worker that ran (or runs) it.
    pub worker: Option<String>,
    /// Why the push failed, when Rolf itself (not a stage) decided it.
    pub error: Option<String>,
    pub cancel_requested: bool,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// When its log lines were removed by retention (`ROLF_LOG_RETENTION_DAYS` or the deployment's
    /// `log_retention_days`); `null` while they are kept.
    pub log_pruned_at: Option<DateTime<Utc>>,
    /// How many lines its log had when they were removed; `null` while they are kept.
    pub log_pruned_lines: Option<i64>,
    /// The push this one resumes: it runs the same snapshot from the stage that did not succeed there.
    pub resumed_from: Option<PushId>,
    /// Step mode: the push pauses before each stage after the first until continued.
    pub step: bool,
    /// While `paused`: the position of the stage that runs on continue.
    pub paused_before: Option<i32>,
    /// The worker pool it runs in: its deployment's when it was made.
    pub pool: String,
    /// Why it has not started: while `awaiting_approval`, the approvals it still needs and from whom; while
    /// `queued`, the freeze holding it ("frozen until ...") or, when no live worker serves its pool, "pool NAME
    /// has no live worker". `null` otherwise.
    pub waiting_for: Option<String>,
    /// Approvals it needed when requested (0: none, or bypassed).
    pub approvals_required: i32,
    /// Approvals and rejections given, oldest first.
    pub approvals: Vec<approvals::Approval>,
    /// While `awaiting_approval`: when it expires.
    pub approval_expires_at: Option<DateTime<Utc>>,
    /// Set when approvals were bypassed in an emergency: the reason given.
    pub bypass_reason: Option<String>,
    /// The schedule that made it, if one did.
    pub schedule_id: Option<i64>,
    pub stages: Vec<PushStage>,
}

impl Push {
    fn from_rows(row: PushRow, stages: Vec<PushStage>) -> Push {
        Push {
            id: row.id,
            deployment_id: row.deployment_id,
            deployment: row.deployment_name,
            application: row.application_name,
            user: row.username,
            comment: row.comment,
            flags: row.flags,
            status: row.status,
            tag: row.tag,
            rollback_to: row.rollback_to,
            worker: row.worker,
            error: row.error,
            cancel_requested: row.cancel_requested,
            created_at: row.created_at,
            started_at: row.started_at,
            finished_at: row.finished_at,
            log_pruned_at: row.log_pruned_at,
            log_pruned_lines: row.log_pruned_lines,
            resumed_from: row.resumed_from,
            step: row.step,
            paused_before: row.paused_before,
            pool: row.pool,
            waiting_for: None,
            approvals_required: row.approvals_required,
            approvals: Vec::new(),
            approval_expires_at: row.approval_expires_at,
            bypass_reason: row.bypass_reason,
            schedule_id: row.schedule_id,
            stages,
        }
    }
}

// `stages_of`, `row` and `load` take no capability: they serve this crate's own paths, each checked where it
// starts (a grant's read, the worker's side in `run`, webhooks, approvals). Other crates read a push through a
// capability (`get`, `progress`), or through `read`, which has `authz::push_grant` decide on the rows it loads.
pub(crate) fn stages_of(conn: &mut PgConnection, id: PushId) -> Result<Vec<PushStageRow>> {
    Ok(push_stages::table
        .filter(push_stages::push_id.eq(id))
        .order(push_stages::position)
        .select(PushStageRow::as_select())
        .load(conn)?)
}

pub(crate) fn row(conn: &mut PgConnection, id: PushId) -> Result<PushRow> {
    pushes::table.find(id).select(PushRow::as_select()).first(conn).optional()?.ok_or(Error::NotFound("push"))
}

/// Loads a push for an API answer: the push and its stages in one round trip.
pub(crate) fn load(conn: &mut PgConnection, id: PushId) -> Result<Push> {
    let rows: Vec<(PushRow, Option<PushStage>)> = pushes::table
        .left_join(push_stages::table)
        .filter(pushes::id.eq(id))
        .order(push_stages::position)
        .select((PushRow::as_select(), Option::<PushStage>::as_select()))
        .load(conn)?;
    let mut rows = rows.into_iter();
    let (row, first) = rows.next().ok_or(Error::NotFound("push"))?;
    let stages = first.into_iter().chain(rows.filter_map(|(_, stage)| stage)).collect();
    complete(conn, row, stages)
}

/// A push's answer from its rows: what it waits for, and its approvals when it needs any.
fn complete(conn: &mut PgConnection, row: PushRow, stages: Vec<PushStage>) -> Result<Push> {
    let requester = row.user_id.map(|u| u.0);
    let needs = needs_more(&row);
    let mut push = Push::from_rows(row, stages);
    if needs.approvals {
        approvals::read(conn, &mut push, requester)?;
    }
    if needs.waiting_for {
        push.waiting_for = match (push.deployment_id, &push.bypass_reason) {
            (Some(d), None) => crate::freezes::waiting_for(conn, d)?,
            _ => None,
        };
        if push.waiting_for.is_none() {
            push.waiting_for = crate::workers::waiting_for(conn, &push.pool)?;
        }
    }
    Ok(push)
}

/// What a push's answer needs beyond its own rows.
struct NeedsMore {
    approvals: bool,
    /// Only a queued push can be waiting for a worker, so the common case costs nothing more.
    waiting_for: bool,
}

fn needs_more(row: &PushRow) -> NeedsMore {
    NeedsMore { approvals: row.approvals_required > 0, waiting_for: row.status == PushStatus::Queued }
}

/// One push with its stages, for whoever holds a grant on it.
pub fn get<L>(conn: &mut PgConnection, grant: &PushGrant<L>) -> Result<Push> {
    load(conn, grant.push_id())
}

/// A push's row and stages as a live follower sees them; the reader may outlive the request that checked it.
pub fn progress(conn: &mut PgConnection, reader: &LogReader) -> Result<(PushRow, Vec<PushStageRow>)> {
    Ok((row(conn, reader.push_id())?, stages_of(conn, reader.push_id())?))
}

pub const MAX_PAGE: i64 = 200;
pub const DEFAULT_PAGE: i64 = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Only pushes with this status.
    pub status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Only pushes older than this push id: pass the previous page's last id.
    pub before: Option<i64>,
}

/// A deployment's pushes, newest first.
pub fn history<L>(conn: &mut PgConnection, cap: &Granted<L>, query: HistoryQuery) -> Result<Vec<Push>> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE}")));
    }
    let mut q = pushes::table
        .filter(pushes::deployment_id.eq(cap.deployment_id()))
        .order(pushes::id.desc())
        .limit(limit)
        .select(pushes::id)
        .into_boxed();
    if let Some(status) = &query.status {
        let status: PushStatus = status.parse().map_err(|_| {
            Error::invalid("status", "one of queued, running, paused, succeeded, failed, cancelled, lost")
        })?;
        q = q.filter(pushes::status.eq(status));
    }
    if let Some(before) = query.before {
        q = q.filter(pushes::id.lt(PushId(before)));
    }
    let ids: Vec<PushId> = q.load(conn)?;
    ids.into_iter().map(|id| load(conn, id)).collect()
}

#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct Tag {
    pub push_id: PushId,
    pub tag: String,
    pub user: String,
    pub comment: String,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Succeeded pushes with their tags, newest first: what a rollback can go back to.
pub fn tags<L>(conn: &mut PgConnection, cap: &Granted<L>) -> Result<Vec<Tag>> {
    Ok(pushes::table
        .filter(pushes::deployment_id.eq(cap.deployment_id()))
        .filter(pushes::status.eq(PushStatus::Succeeded))
        .filter(pushes::tag.is_not_null())
        .order(pushes::id.desc())
        .select((pushes::id, pushes::tag.assume_not_null(), pushes::username, pushes::comment, pushes::finished_at))
        .limit(1000)
        .load(conn)?)
}
