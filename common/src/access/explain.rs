//! Why the caller has the level it has on a deployment, for "why can't I push?": the grants on it, which of
//! them reach the caller through its Rolf groups, the directory groups mapped onto those, and the admin role.

use diesel::prelude::*;
use serde::Serialize;

use crate::authz::{CanView, Level};
use crate::error::Result;
use crate::ids::GroupId;
use crate::schema::{group_mappings, groups, permissions};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Access {
    /// The caller's level: the highest of its groups' grants, or `edit` for an admin.
    pub level: Level,
    pub admin: bool,
    /// How the caller is an admin: its Rolf groups listed in `ROLF_ADMIN_GROUPS`; empty for an account marked
    /// admin itself (a bootstrap or service account) or a non-admin.
    pub admin_through: Vec<String>,
    /// Every grant on the deployment, highest level first.
    pub grants: Vec<AccessGrant>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AccessGrant {
    pub group: String,
    pub level: Level,
    /// The caller is in this group, so the grant applies to it.
    pub member: bool,
    /// For the caller's own groups: the directory groups mapped onto it (membership in one of them, or in a
    /// directory group of the same name, made the caller a member at its last sign-in). Empty otherwise.
    pub directory_groups: Vec<String>,
}

pub fn explain(conn: &mut PgConnection, cap: &CanView, admin_groups: &[String]) -> Result<Access> {
    let actor = cap.actor();
    let rows: Vec<(GroupId, String, Level)> = permissions::table
        .inner_join(groups::table)
        .filter(permissions::deployment_id.eq(cap.deployment_id()))
        .select((groups::id, groups::name, permissions::level))
        .order(groups::name)
        .load(conn)?;
    let mine: Vec<GroupId> = rows.iter().map(|(id, _, _)| *id).filter(|id| actor.group_ids().contains(id)).collect();
    let mappings: Vec<(GroupId, String)> = group_mappings::table
        .filter(group_mappings::group_id.eq_any(&mine))
        .select((group_mappings::group_id, group_mappings::directory_group))
        .order(group_mappings::directory_group)
        .load(conn)?;
    let mut grants: Vec<AccessGrant> = rows
        .into_iter()
        .map(|(id, group, level)| AccessGrant {
            member: mine.contains(&id),
            directory_groups: mappings.iter().filter(|(g, _)| *g == id).map(|(_, d)| d.clone()).collect(),
            group,
            level,
        })
        .collect();
    grants.sort_by_key(|g| std::cmp::Reverse(g.level.rank()));
    let admin_through = actor.groups().iter().filter(|g| admin_groups.contains(g)).cloned().collect();
    Ok(Access { level: cap.level(), admin: actor.is_admin(), admin_through, grants })
}
