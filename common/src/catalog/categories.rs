use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{AdminCap, Viewable, Visible};
use crate::error::{Error, Result};
use crate::ids::CategoryId;
use crate::schema::{applications, categories, deployments};
use crate::validate;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = categories)]
pub struct Category {
    pub id: CategoryId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
}

/// Categories holding at least one deployment the actor may view; admins see all.
pub fn list(conn: &mut PgConnection, viewable: &Viewable) -> Result<Vec<Category>> {
    let mut query = categories::table.select(Category::as_select()).order(categories::name).into_boxed();
    if let Some(ids) = viewable.deployment_ids() {
        let visible = applications::table
            .inner_join(deployments::table)
            .filter(deployments::id.eq_any(ids))
            .select(applications::category_id);
        query = query.filter(categories::id.eq_any(visible));
    }
    Ok(query.load(conn)?)
}

pub fn get(conn: &mut PgConnection, seen: &Visible<CategoryId>) -> Result<Category> {
    find(conn, seen.id())
}

/// Admins see every category, so their changes need no visibility check.
fn find(conn: &mut PgConnection, id: CategoryId) -> Result<Category> {
    categories::table.find(id).select(Category::as_select()).first(conn).optional()?.ok_or(Error::NotFound("category"))
}

pub fn create(conn: &mut PgConnection, cap: &AdminCap, input: CategoryInput) -> Result<Category> {
    let created = insert(conn, cap, input)?;
    audit::record(conn, cap.actor(), Change::new("category", "create", created.id.0).after(&created))?;
    Ok(created)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, _cap: &AdminCap, input: CategoryInput) -> Result<Category> {
    let name = validate::display_name("name", &input.name)?;
    Ok(diesel::insert_into(categories::table)
        .values(categories::name.eq(name))
        .returning(Category::as_returning())
        .get_result(conn)?)
}

pub fn update(conn: &mut PgConnection, cap: &AdminCap, id: CategoryId, input: CategoryInput) -> Result<Category> {
    let name = validate::display_name("name", &input.name)?;
    let before = find(conn, id)?;
    let after: Category = diesel::update(categories::table.find(id))
        .set((categories::name.eq(name), categories::updated_at.eq(diesel::dsl::now)))
        .returning(Category::as_returning())
        .get_result(conn)?;
    audit::record(conn, cap.actor(), Change::new("category", "update", id.0).before(&before).after(&after))?;
    Ok(after)
}

pub fn delete(conn: &mut PgConnection, cap: &AdminCap, id: CategoryId) -> Result<()> {
    let before = find(conn, id)?;
    let in_use: bool =
        diesel::select(diesel::dsl::exists(applications::table.filter(applications::category_id.eq(id))))
            .get_result(conn)?;
    if in_use {
        return Err(Error::Conflict("the category still has applications; delete or move them first".into()));
    }
    diesel::delete(categories::table.find(id)).execute(conn)?;
    audit::record(conn, cap.actor(), Change::new("category", "delete", id.0).before(&before))?;
    Ok(())
}
