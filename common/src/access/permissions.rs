//! Grants: which Rolf group holds which level on a deployment.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{CanEdit, CanView, Level};
use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::schema::{groups, permissions};

use super::groups as group_store;

#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct Permission {
    pub group: String,
    pub level: Level,
    pub created_at: DateTime<Utc>,
}

// `level` is read as text and checked in `put`, so that a level outside view/push/edit is a 422 naming the field
// rather than a 400 from the JSON decoder.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    #[schema(value_type = Level)]
    pub level: String,
}

pub fn list(conn: &mut PgConnection, cap: &CanView) -> Result<Vec<Permission>> {
    Ok(permissions::table
        .inner_join(groups::table)
        .filter(permissions::deployment_id.eq(cap.deployment_id()))
        .select((groups::name, permissions::level, permissions::created_at))
        .order(groups::name)
        .load(conn)?)
}

fn find(conn: &mut PgConnection, cap: &CanEdit, group: &str) -> Result<Option<Permission>> {
    Ok(permissions::table
        .inner_join(groups::table)
        .filter(permissions::deployment_id.eq(cap.deployment_id()))
        .filter(groups::name.eq(group))
        .select((groups::name, permissions::level, permissions::created_at))
        .first(conn)
        .optional()?)
}

/// Grants or changes a group's level; tells whether the grant is new.
pub fn put(conn: &mut PgConnection, cap: &CanEdit, group: &str, grant: Grant) -> Result<(Permission, bool)> {
    let level: Level =
        grant.level.parse().map_err(|_| Error::invalid("level", "must be one of \"view\", \"push\", \"edit\""))?;
    let (group_id, before, after) = store(conn, cap, group, level)?;
    let mut change = Change::new("permission", "put", group_id.0).deployment(cap.deployment_id()).after(&after);
    if let Some(before) = &before {
        change = change.before(before);
    }
    audit::record(conn, cap.actor(), change)?;
    Ok((after, before.is_none()))
}

/// [`put`] without its audit event: the group's id, and its grant before (if any) and after.
pub(crate) fn store(
    conn: &mut PgConnection,
    cap: &CanEdit,
    group: &str,
    level: Level,
) -> Result<(GroupId, Option<Permission>, Permission)> {
    let target = group_store::find(conn, group)?;
    let before = find(conn, cap, group)?;
    diesel::insert_into(permissions::table)
        .values((
            permissions::deployment_id.eq(cap.deployment_id()),
            permissions::group_id.eq(target.id),
            permissions::level.eq(level),
        ))
        .on_conflict((permissions::deployment_id, permissions::group_id))
        .do_update()
        .set(permissions::level.eq(level))
        .execute(conn)?;
    let after = find(conn, cap, group)?.ok_or(Error::NotFound("permission"))?;
    Ok((target.id, before, after))
}

pub fn delete(conn: &mut PgConnection, cap: &CanEdit, group: &str) -> Result<()> {
    let (group_id, before) = remove(conn, cap, group)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("permission", "delete", group_id.0).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// [`delete`] without its audit event: the group's id and the grant removed.
pub(crate) fn remove(conn: &mut PgConnection, cap: &CanEdit, group: &str) -> Result<(GroupId, Permission)> {
    let target = group_store::find(conn, group)?;
    let before = find(conn, cap, group)?.ok_or(Error::NotFound("permission"))?;
    diesel::delete(
        permissions::table
            .filter(permissions::deployment_id.eq(cap.deployment_id()))
            .filter(permissions::group_id.eq(target.id)),
    )
    .execute(conn)?;
    Ok((target.id, before))
}

/// Copies grants when a deployment is cloned.
pub(crate) fn copy_all(
    conn: &mut PgConnection,
    from: crate::ids::DeploymentId,
    to: crate::ids::DeploymentId,
) -> Result<()> {
    let rows: Vec<(crate::ids::GroupId, Level)> = permissions::table
        .filter(permissions::deployment_id.eq(from))
        .select((permissions::group_id, permissions::level))
        .load(conn)?;
    let values: Vec<_> = rows
        .into_iter()
        .map(|(g, l)| (permissions::deployment_id.eq(to), permissions::group_id.eq(g), permissions::level.eq(l)))
        .collect();
    diesel::insert_into(permissions::table).values(values).execute(conn)?;
    Ok(())
}
