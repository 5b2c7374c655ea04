use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{Actor, AdminCap};
use crate::error::{Error, Result};
use crate::ids::{GroupId, UserId};
use crate::schema::{groups, user_groups, users};
use crate::validate;

crate::text_enum!(
    /// Where a user signs in: a directory (LDAP, CAS), or nowhere (a service account with tokens only).
    UserSource { Ldap => "ldap", Cas => "cas", Service => "service" }
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub source: UserSource,
    pub admin: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    pub groups: Vec<String>,
    pub admin: bool,
}

impl From<&Actor> for Me {
    fn from(actor: &Actor) -> Self {
        Me { username: actor.username().to_owned(), groups: actor.groups().to_vec(), admin: actor.is_admin() }
    }
}

/// Loads who a user is right now: groups and admin status come from the database at every request.
pub fn actor(conn: &mut PgConnection, id: UserId, admin_groups: &[String]) -> Result<Option<Actor>> {
    let Some(user) = users::table.find(id).select(User::as_select()).first(conn).optional()? else {
        return Ok(None);
    };
    let memberships: Vec<(GroupId, String)> = user_groups::table
        .inner_join(groups::table)
        .filter(user_groups::user_id.eq(id))
        .select((groups::id, groups::name))
        .order(groups::name)
        .load(conn)?;
    let admin = user.admin || memberships.iter().any(|(_, name)| admin_groups.contains(name));
    let (group_ids, groups) = memberships.into_iter().unzip();
    Ok(Some(Actor::resolved(user.id, user.username, admin, groups, group_ids)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ServiceAccount {
    pub id: UserId,
    pub name: String,
    pub groups: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewServiceAccount {
    #[schema(schema_with = crate::validate::schema::group_name)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::group_names)]
    pub groups: Vec<String>,
}

/// Service account names share the username space; keep them plain so they read well in logs.
fn check_account_name(name: &str) -> Result<()> {
    validate::group_name(name).map_err(|m| Error::invalid("name", m))
}

fn group_ids(conn: &mut PgConnection, names: &[String]) -> Result<Vec<GroupId>> {
    // A name no group could have is not looked up: Postgres refuses some such text (NUL) outright.
    if let Some(bad) = names.iter().find(|n| validate::group_name(n).is_err()) {
        return Err(Error::invalid("groups", format!("no group is named {bad:?}")));
    }
    let found: Vec<(GroupId, String)> =
        groups::table.filter(groups::name.eq_any(names)).select((groups::id, groups::name)).load(conn)?;
    if let Some(missing) = names.iter().find(|n| !found.iter().any(|(_, f)| f == *n)) {
        return Err(Error::invalid("groups", format!("no group is named '{missing}'")));
    }
    Ok(found.into_iter().map(|(id, _)| id).collect())
}

pub fn create_service_account(
    conn: &mut PgConnection,
    cap: &AdminCap,
    input: NewServiceAccount,
) -> Result<ServiceAccount> {
    check_account_name(&input.name)?;
    let ids = group_ids(conn, &input.groups)?;
    let user: User = diesel::insert_into(users::table)
        .values((users::username.eq(&input.name), users::source.eq(UserSource::Service)))
        .returning(User::as_returning())
        .get_result(conn)?;
    let rows: Vec<_> = ids.iter().map(|g| (user_groups::user_id.eq(user.id), user_groups::group_id.eq(*g))).collect();
    diesel::insert_into(user_groups::table).values(rows).on_conflict_do_nothing().execute(conn)?;
    let account = service_account(conn, &input.name)?;
    audit::record(conn, cap.actor(), Change::new("service_account", "create", user.id.0).after(&account))?;
    Ok(account)
}

pub fn service_account(conn: &mut PgConnection, name: &str) -> Result<ServiceAccount> {
    if check_account_name(name).is_err() {
        return Err(Error::NotFound("service account"));
    }
    let user: User = users::table
        .filter(users::username.eq(name))
        .filter(users::source.eq(UserSource::Service))
        .select(User::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("service account"))?;
    let groups: Vec<String> = user_groups::table
        .inner_join(groups::table)
        .filter(user_groups::user_id.eq(user.id))
        .select(groups::name)
        .order(groups::name)
        .load(conn)?;
    Ok(ServiceAccount { id: user.id, name: user.username, groups, created_at: user.created_at })
}

pub fn list_service_accounts(conn: &mut PgConnection, _cap: &AdminCap) -> Result<Vec<ServiceAccount>> {
    let names: Vec<String> = users::table
        .filter(users::source.eq(UserSource::Service))
        .select(users::username)
        .order(users::username)
        .load(conn)?;
    names.iter().map(|n| service_account(conn, n)).collect()
}

/// The account `rolf-api create-token --admin` issues tokens for: created on first use, always an admin.
pub fn bootstrap_admin(conn: &mut PgConnection, name: &str) -> Result<UserId> {
    check_account_name(name)?;
    let existing: Option<User> =
        users::table.filter(users::username.eq(name)).select(User::as_select()).first(conn).optional()?;
    match existing {
        Some(user) if user.source == UserSource::Service => {
            diesel::update(users::table.find(user.id)).set(users::admin.eq(true)).execute(conn)?;
            Ok(user.id)
        }
        Some(_) => Err(Error::Conflict(format!("'{name}' is a directory user, not a service account"))),
        None => Ok(diesel::insert_into(users::table)
            .values((users::username.eq(name), users::source.eq(UserSource::Service), users::admin.eq(true)))
            .returning(users::id)
            .get_result(conn)?),
    }
}
