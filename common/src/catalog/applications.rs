use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{AdminCap, Viewable, Visible};
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, CategoryId};
use crate::schema::{applications, categories, deployments};
use crate::validate;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: ApplicationId,
    pub category_id: CategoryId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    pub category_id: CategoryId,
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationPatch {
    pub category_id: Option<CategoryId>,
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub name: Option<String>,
}

/// Applications holding at least one deployment the actor may view; admins see all.
pub fn list(conn: &mut PgConnection, viewable: &Viewable, category: Option<CategoryId>) -> Result<Vec<Application>> {
    let mut query = applications::table.select(Application::as_select()).order(applications::name).into_boxed();
    if let Some(category) = category {
        query = query.filter(applications::category_id.eq(category));
    }
    if let Some(ids) = viewable.deployment_ids() {
        let visible = deployments::table.filter(deployments::id.eq_any(ids)).select(deployments::application_id);
        query = query.filter(applications::id.eq_any(visible));
    }
    Ok(query.load(conn)?)
}

pub fn get(conn: &mut PgConnection, seen: &Visible<ApplicationId>) -> Result<Application> {
    find(conn, seen.id())
}

/// Admins see every application, so their changes need no visibility check.
fn find(conn: &mut PgConnection, id: ApplicationId) -> Result<Application> {
    applications::table
        .find(id)
        .select(Application::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("application"))
}

fn check_category(conn: &mut PgConnection, id: CategoryId) -> Result<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(categories::table.find(id))).get_result(conn)?;
    if exists { Ok(()) } else { Err(Error::invalid("category_id", format!("no category has id {id}"))) }
}

pub fn create(conn: &mut PgConnection, cap: &AdminCap, input: NewApplication) -> Result<Application> {
    let created = insert(conn, cap, input)?;
    audit::record(conn, cap.actor(), Change::new("application", "create", created.id.0).after(&created))?;
    Ok(created)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, _cap: &AdminCap, input: NewApplication) -> Result<Application> {
    let name = validate::display_name("name", &input.name)?;
    check_category(conn, input.category_id)?;
    let created: Application = diesel::insert_into(applications::table)
        .values((applications::category_id.eq(input.category_id), applications::name.eq(name)))
        .returning(Application::as_returning())
        .get_result(conn)?;
    Ok(created)
}

pub fn update(
    conn: &mut PgConnection,
    cap: &AdminCap,
    id: ApplicationId,
    patch: ApplicationPatch,
) -> Result<Application> {
    let before = find(conn, id)?;
    let name = match &patch.name {
        Some(name) => validate::display_name("name", name)?,
        None => before.name.clone(),
    };
    let category_id = patch.category_id.unwrap_or(before.category_id);
    check_category(conn, category_id)?;
    let after: Application = diesel::update(applications::table.find(id))
        .set((
            applications::name.eq(name),
            applications::category_id.eq(category_id),
            applications::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Application::as_returning())
        .get_result(conn)?;
    audit::record(conn, cap.actor(), Change::new("application", "update", id.0).before(&before).after(&after))?;
    Ok(after)
}

pub fn delete(conn: &mut PgConnection, cap: &AdminCap, id: ApplicationId) -> Result<()> {
    let before = find(conn, id)?;
    let in_use: bool =
        diesel::select(diesel::dsl::exists(deployments::table.filter(deployments::application_id.eq(id))))
            .get_result(conn)?;
    if in_use {
        return Err(Error::Conflict("the application still has deployments; delete them first".into()));
    }
    diesel::delete(applications::table.find(id)).execute(conn)?;
    audit::record(conn, cap.actor(), Change::new("application", "delete", id.0).before(&before))?;
    Ok(())
}
