use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{self, AdminCap, CanEdit, CanView, Level, Viewable};
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, CategoryId, DeploymentId};
use crate::schema::{applications, deployments, groups};
use crate::validate;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deployments)]
pub struct DeploymentRow {
    pub id: DeploymentId,
    pub application_id: ApplicationId,
    pub name: String,
    pub description: String,
    pub deprecated: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub log_retention_days: Option<i32>,
    pub pool: String,
    pub approvals_required: i32,
    pub approver_group_id: Option<crate::ids::GroupId>,
    pub approval_expires_hours: i32,
    pub rollback_without_approval: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Deployment {
    pub id: DeploymentId,
    pub application_id: ApplicationId,
    /// The application's name: with `name`, the `application/deployment` path clients use.
    pub application: String,
    pub category_id: CategoryId,
    pub name: String,
    pub description: String,
    pub deprecated: bool,
    /// The caller's own level on this deployment.
    pub level: Level,
    /// Days after a push finished that its log lines are kept, overriding `ROLF_LOG_RETENTION_DAYS`; `null`:
    /// that default (which itself defaults to forever).
    pub log_retention_days: Option<i32>,
    /// The worker pool its pushes run in (workers serving it: `ROLF_WORKER_POOLS`).
    pub pool: String,
    /// Approvals a push needs before it runs, from people other than its requester (0: none).
    pub approvals_required: i32,
    /// The Rolf group whose members approve; `null`: anyone with `push` on the deployment.
    pub approver_group: Option<String>,
    /// Hours a push waits for its approvals before it expires.
    pub approval_expires_hours: i32,
    /// A rollback runs without approvals.
    pub rollback_without_approval: bool,
    /// The freeze window in effect now: pushes are refused (unless bypassed) and queued ones wait.
    pub frozen: Option<crate::freezes::Window>,
    /// The next freeze window to start.
    pub next_freeze: Option<crate::freezes::Window>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its latest push; `null` before the first.
    pub last_push: Option<super::last_push::LastPush>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDeployment {
    pub application_id: ApplicationId,
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    /// The worker pool its pushes run in; `default` when absent.
    #[schema(schema_with = crate::validate::schema::pool_or_null)]
    pub pool: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentPatch {
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub name: Option<String>,
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub description: Option<String>,
    pub deprecated: Option<bool>,
    /// 1 to 36500 days, or `null` for `ROLF_LOG_RETENTION_DAYS`.
    #[serde(default, deserialize_with = "crate::catalog::double_option")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 36500)]
    pub log_retention_days: Option<Option<i32>>,
    /// 0 to 5 (admins only, like every approval setting).
    #[schema(minimum = 0, maximum = 5)]
    pub approvals_required: Option<i32>,
    #[serde(default, deserialize_with = "crate::catalog::double_option")]
    #[schema(schema_with = approver_group_schema)]
    pub approver_group: Option<Option<String>>,
    /// 1 to 720 hours.
    #[schema(minimum = 1, maximum = 720)]
    pub approval_expires_hours: Option<i32>,
    pub rollback_without_approval: Option<bool>,
    /// Moves the deployment to another worker pool (admins only: a pool decides which networks its pushes
    /// reach). Pushes already made keep their pool.
    #[schema(schema_with = crate::validate::schema::pool_or_null)]
    pub pool: Option<String>,
}

/// A group's name, as groups are named: one that breaks the rule names no group.
fn approver_group_schema() -> utoipa::openapi::schema::Object {
    let mut schema = crate::validate::schema::group_name_or_null();
    schema.description = Some("A group's name, or `null` for anyone with `push` on the deployment.".to_owned());
    schema
}

type Joined = (DeploymentRow, String, CategoryId, Option<String>);

/// Deployments with the application fields their API form carries, and the approver group's name.
macro_rules! joined {
    () => {
        deployments::table.inner_join(applications::table).left_join(groups::table).select((
            DeploymentRow::as_select(),
            applications::name,
            applications::category_id,
            groups::name.nullable(),
        ))
    };
}

fn view(row: Joined, level: Level) -> Deployment {
    let (d, application, category_id, approver_group) = row;
    Deployment {
        id: d.id,
        application_id: d.application_id,
        application,
        category_id,
        name: d.name,
        description: d.description,
        deprecated: d.deprecated,
        level,
        log_retention_days: d.log_retention_days,
        pool: d.pool,
        approvals_required: d.approvals_required,
        approver_group,
        approval_expires_hours: d.approval_expires_hours,
        rollback_without_approval: d.rollback_without_approval,
        frozen: None,
        next_freeze: None,
        created_at: d.created_at,
        updated_at: d.updated_at,
        last_push: None,
    }
}

/// Fills in each deployment's latest push, with one statement for all of them, and its freeze windows.
fn with_last_pushes(conn: &mut PgConnection, mut list: Vec<Deployment>) -> Result<Vec<Deployment>> {
    let freezes = crate::freezes::AllFreezes::load(conn)?;
    let now = chrono::Utc::now();
    for d in &mut list {
        (d.frozen, d.next_freeze) = freezes.on(d.category_id, d.application_id, d.id, now);
    }
    let ids: Vec<DeploymentId> = list.iter().map(|d| d.id).collect();
    let mut last: HashMap<DeploymentId, super::last_push::LastPush> =
        super::last_push::of(conn, &ids)?.into_iter().collect();
    for d in &mut list {
        d.last_push = last.remove(&d.id);
    }
    Ok(list)
}

/// The deployments the actor may view, each with the actor's level on it.
pub fn list(
    conn: &mut PgConnection,
    viewable: &Viewable,
    application: Option<ApplicationId>,
) -> Result<Vec<Deployment>> {
    let mut query = joined!().order((applications::name, deployments::name)).into_boxed();
    if let Some(app) = application {
        query = query.filter(deployments::application_id.eq(app));
    }
    if let Some(ids) = viewable.deployment_ids() {
        query = query.filter(deployments::id.eq_any(ids));
    }
    let rows: Vec<Joined> = query.load(conn)?;
    let list = rows
        .into_iter()
        .filter_map(|r| {
            let level = viewable.level(r.0.id)?;
            Some(view(r, level))
        })
        .collect();
    with_last_pushes(conn, list)
}

pub fn get(conn: &mut PgConnection, cap: &CanView) -> Result<Deployment> {
    load(conn, cap.deployment_id(), cap.level())
}

fn load(conn: &mut PgConnection, id: DeploymentId, level: Level) -> Result<Deployment> {
    let row: Joined = joined!().filter(deployments::id.eq(id)).first(conn)?;
    let mut one = with_last_pushes(conn, vec![view(row, level)])?;
    one.pop().ok_or(Error::NotFound("deployment"))
}

pub(crate) fn check_application(conn: &mut PgConnection, id: ApplicationId) -> Result<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(applications::table.find(id))).get_result(conn)?;
    if exists { Ok(()) } else { Err(Error::invalid("application_id", format!("no application has id {id}"))) }
}

pub fn create(conn: &mut PgConnection, cap: &AdminCap, input: NewDeployment) -> Result<Deployment> {
    let created = insert(conn, cap, input)?;
    let id = created.id;
    audit::record(conn, cap.actor(), Change::new("deployment", "create", id.0).deployment(id).after(&created))?;
    Ok(created)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, _cap: &AdminCap, input: NewDeployment) -> Result<Deployment> {
    let name = validate::display_name("name", &input.name)?;
    validate::text("description", &input.description, validate::MAX_TEXT_LEN)?;
    check_application(conn, input.application_id)?;
    let pool = input.pool.unwrap_or_else(|| crate::workers::DEFAULT_POOL.to_owned());
    crate::workers::check_pool("pool", &pool)?;
    let id: DeploymentId = diesel::insert_into(deployments::table)
        .values((
            deployments::application_id.eq(input.application_id),
            deployments::name.eq(name),
            deployments::description.eq(&input.description),
            deployments::pool.eq(pool),
        ))
        .returning(deployments::id)
        .get_result(conn)?;
    load(conn, id, Level::Edit)
}

pub fn update(conn: &mut PgConnection, cap: &CanEdit, patch: DeploymentPatch) -> Result<Deployment> {
    let id = cap.deployment_id();
    let (before, after) = change(conn, cap, patch)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("deployment", "update", id.0).deployment(id).before(&before).after(&after),
    )?;
    Ok(after)
}

/// [`update`] without its audit event: the deployment before and after. Checks what `update` checks, the
/// admin-only approval settings and pool included.
pub(crate) fn change(
    conn: &mut PgConnection,
    cap: &CanEdit,
    patch: DeploymentPatch,
) -> Result<(Deployment, Deployment)> {
    let id = cap.deployment_id();
    let before = load(conn, id, cap.level())?;
    let approvals = approval_settings(conn, cap, &before, &patch)?;
    let name = match &patch.name {
        Some(name) => validate::display_name("name", name)?,
        None => before.name.clone(),
    };
    let description = patch.description.unwrap_or_else(|| before.description.clone());
    validate::text("description", &description, validate::MAX_TEXT_LEN)?;
    let retention = patch.log_retention_days.unwrap_or(before.log_retention_days);
    if let Some(days) = retention
        && !(1..=36_500).contains(&days)
    {
        return Err(Error::invalid("log_retention_days", "must be between 1 and 36500 days, or null"));
    }
    let pool = patch.pool.unwrap_or_else(|| before.pool.clone());
    crate::workers::check_pool("pool", &pool)?;
    if pool != before.pool {
        authz::pool_move(cap)?;
    }
    diesel::update(deployments::table.find(id))
        .set((
            deployments::approvals_required.eq(approvals.0),
            deployments::approver_group_id.eq(approvals.1),
            deployments::approval_expires_hours.eq(approvals.2),
            deployments::rollback_without_approval.eq(approvals.3),
            deployments::pool.eq(pool),
            deployments::log_retention_days.eq(retention),
            deployments::name.eq(name),
            deployments::description.eq(description),
            deployments::deprecated.eq(patch.deprecated.unwrap_or(before.deprecated)),
            deployments::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    let after = load(conn, id, cap.level())?;
    Ok((before, after))
}

/// The approval settings after a patch: checked, and changed only as [`authz::approval_settings`] allows.
fn approval_settings(
    conn: &mut PgConnection,
    cap: &CanEdit,
    before: &Deployment,
    patch: &DeploymentPatch,
) -> Result<(i32, Option<crate::ids::GroupId>, i32, bool)> {
    let required = patch.approvals_required.unwrap_or(before.approvals_required);
    if !(0..=5).contains(&required) {
        return Err(Error::invalid("approvals_required", "must be between 0 and 5"));
    }
    let hours = patch.approval_expires_hours.unwrap_or(before.approval_expires_hours);
    if !(1..=720).contains(&hours) {
        return Err(Error::invalid("approval_expires_hours", "must be between 1 and 720 hours"));
    }
    let group_name = patch.approver_group.clone().unwrap_or_else(|| before.approver_group.clone());
    let group = match &group_name {
        // A name no group could have is not looked up: Postgres refuses some such text (NUL) outright.
        Some(name) if crate::validate::group_name(name).is_err() => {
            return Err(Error::invalid("approver_group", format!("no group is named {name:?}")));
        }
        Some(name) => Some(
            groups::table
                .filter(groups::name.eq(name))
                .select(groups::id)
                .first::<crate::ids::GroupId>(conn)
                .optional()?
                .ok_or_else(|| Error::invalid("approver_group", format!("no group is named '{name}'")))?,
        ),
        None => None,
    };
    let rollback_free = patch.rollback_without_approval.unwrap_or(before.rollback_without_approval);
    let changed = required != before.approvals_required
        || hours != before.approval_expires_hours
        || group_name != before.approver_group
        || rollback_free != before.rollback_without_approval;
    if changed {
        authz::approval_settings(cap)?;
    }
    Ok((required, group, hours, rollback_free))
}

/// Deletes the deployment with its settings, flags, stages and grants. Its pushes stay, detached.
pub fn delete(conn: &mut PgConnection, cap: &AdminCap, id: DeploymentId) -> Result<()> {
    let before = load(conn, id, Level::Edit)?;
    let stages = crate::recipes::stages::delete_all(conn, id)?;
    diesel::delete(deployments::table.find(id)).execute(conn)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("deployment", "delete", id.0)
            .deployment(id)
            .before(&serde_json::json!({"deployment": before, "stages": stages})),
    )?;
    Ok(())
}
