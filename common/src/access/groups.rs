//! Rolf groups and the directory groups mapped onto them. Admin-only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::AdminCap;
use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::schema::{group_mappings, groups};
use crate::validate;

pub const MAX_MAPPINGS: usize = 1000;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = groups)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    #[schema(schema_with = crate::validate::schema::group_name)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
}

/// The directory groups (LDAP or CAS group names) whose members belong to a Rolf group.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mappings {
    #[schema(schema_with = crate::validate::schema::directory_groups)]
    pub mappings: Vec<String>,
}

pub fn list(conn: &mut PgConnection, _cap: &AdminCap) -> Result<Vec<Group>> {
    Ok(groups::table.select(Group::as_select()).order(groups::name).load(conn)?)
}

pub fn find(conn: &mut PgConnection, name: &str) -> Result<Group> {
    // No group has a name that breaks the rules, and Postgres refuses some such text (NUL) outright.
    if validate::group_name(name).is_err() {
        return Err(Error::NotFound("group"));
    }
    groups::table
        .filter(groups::name.eq(name))
        .select(Group::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("group"))
}

pub fn create(conn: &mut PgConnection, cap: &AdminCap, input: NewGroup) -> Result<Group> {
    validate::group_name(&input.name).map_err(|m| Error::invalid("name", m))?;
    validate::text("description", &input.description, validate::MAX_TEXT_LEN)?;
    let group: Group = diesel::insert_into(groups::table)
        .values((groups::name.eq(&input.name), groups::description.eq(&input.description)))
        .returning(Group::as_returning())
        .get_result(conn)?;
    audit::record(conn, cap.actor(), Change::new("group", "create", group.id.0).after(&group))?;
    Ok(group)
}

/// Deletes the group with its grants and memberships.
pub fn delete(conn: &mut PgConnection, cap: &AdminCap, name: &str) -> Result<()> {
    let group = find(conn, name)?;
    diesel::delete(groups::table.find(group.id)).execute(conn)?;
    audit::record(conn, cap.actor(), Change::new("group", "delete", group.id.0).before(&group))?;
    Ok(())
}

pub fn mappings(conn: &mut PgConnection, _cap: &AdminCap, name: &str) -> Result<Mappings> {
    let group = find(conn, name)?;
    let mappings = group_mappings::table
        .filter(group_mappings::group_id.eq(group.id))
        .select(group_mappings::directory_group)
        .order(group_mappings::directory_group)
        .load(conn)?;
    Ok(Mappings { mappings })
}

pub fn set_mappings(conn: &mut PgConnection, cap: &AdminCap, name: &str, input: Mappings) -> Result<Mappings> {
    if input.mappings.len() > MAX_MAPPINGS {
        return Err(Error::invalid("mappings", format!("at most {MAX_MAPPINGS} entries")));
    }
    let mut wanted: Vec<String> = Vec::with_capacity(input.mappings.len());
    for m in &input.mappings {
        // The rule the schema states (`validate::schema::directory_groups`).
        let m = validate::printable("mappings", m, 1024, true)
            .map_err(|_| Error::invalid("mappings", "entries must be 1 to 1024 printable characters"))?;
        wanted.push(m);
    }
    wanted.sort();
    wanted.dedup();
    let before = mappings(conn, cap, name)?;
    let group = find(conn, name)?;
    diesel::delete(group_mappings::table.filter(group_mappings::group_id.eq(group.id))).execute(conn)?;
    let rows: Vec<_> =
        wanted.iter().map(|m| (group_mappings::group_id.eq(group.id), group_mappings::directory_group.eq(m))).collect();
    diesel::insert_into(group_mappings::table).values(rows).execute(conn)?;
    let after = Mappings { mappings: wanted };
    audit::record(conn, cap.actor(), Change::new("group_mappings", "put", group.id.0).before(&before).after(&after))?;
    Ok(after)
}
