//! Sign-in: who a directory says someone is becomes a Rolf user with Rolf groups and a session.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::RngCore;

use crate::access::users::UserSource;
use crate::audit::{self, Change};
use crate::authz::Actor;
use crate::error::{Error, Result};
use crate::ids::{GroupId, UserId};
use crate::schema::{group_mappings, groups, sessions, user_groups, users};

/// A person as the directory (LDAP or CAS) described them at sign-in.
#[derive(Debug, Clone)]
pub struct DirectoryUser {
    pub username: String,
    pub source: UserSource,
    pub directory_groups: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub user_id: UserId,
    pub expires_at: DateTime<Utc>,
}

/// The Rolf groups a set of directory groups grants: groups mapped from one of them, and groups of the same name.
fn rolf_groups(conn: &mut PgConnection, directory_groups: &[String]) -> Result<Vec<GroupId>> {
    let mapped = group_mappings::table
        .filter(group_mappings::directory_group.eq_any(directory_groups))
        .select(group_mappings::group_id);
    Ok(groups::table
        .filter(groups::name.eq_any(directory_groups).or(groups::id.eq_any(mapped)))
        .select(groups::id)
        .load(conn)?)
}

/// Creates the user on first sign-in, replaces its groups with what the directory says now, and opens a
/// session. A name that belongs to a service account or to the other directory is refused.
pub fn sign_in(
    conn: &mut PgConnection,
    who: &DirectoryUser,
    hours: i64,
    client_address: Option<&str>,
) -> Result<Session> {
    let existing: Option<(UserId, UserSource)> = users::table
        .filter(users::username.eq(&who.username))
        .select((users::id, users::source))
        .first(conn)
        .optional()?;
    let user_id = match existing {
        Some((id, source)) if source == who.source => id,
        Some(_) => {
            return Err(Error::forbidden(format!(
                "'{}' is already a user of another kind; ask an admin",
                who.username
            )));
        }
        None => diesel::insert_into(users::table)
            .values((users::username.eq(&who.username), users::source.eq(who.source)))
            .returning(users::id)
            .get_result(conn)?,
    };
    let wanted = rolf_groups(conn, &who.directory_groups)?;
    diesel::delete(user_groups::table.filter(user_groups::user_id.eq(user_id))).execute(conn)?;
    let rows: Vec<_> =
        wanted.iter().map(|g| (user_groups::user_id.eq(user_id), user_groups::group_id.eq(*g))).collect();
    diesel::insert_into(user_groups::table).values(rows).execute(conn)?;
    diesel::update(users::table.find(user_id)).set(users::last_login_at.eq(diesel::dsl::now)).execute(conn)?;

    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let session = Session { id: hex::encode(bytes), user_id, expires_at: Utc::now() + Duration::hours(hours) };
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&session.id),
            sessions::user_id.eq(user_id),
            sessions::source.eq(who.source),
            sessions::client_address.eq(client_address),
            sessions::expires_at.eq(session.expires_at),
        ))
        .execute(conn)?;
    // The user signed itself in: no Actor exists for it until a request presents the new session.
    audit::record_as(
        conn,
        Some(user_id),
        &who.username,
        Change::new("session", "create", user_id.0).after(&serde_json::json!({
            "source": who.source,
            "directory_groups": who.directory_groups,
            "client_address": client_address,
            "expires_at": session.expires_at,
        })),
    )?;
    Ok(session)
}

/// Ends a session at once.
pub fn revoke(conn: &mut PgConnection, actor: &Actor, id: &str) -> Result<()> {
    diesel::update(sessions::table.find(id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(diesel::dsl::now))
        .execute(conn)?;
    audit::record(conn, actor, Change::new("session", "revoke", actor.user_id().0))?;
    Ok(())
}

/// Records a failed sign-in; no user may exist, so the attempted name is the actor.
pub fn record_failure(conn: &mut PgConnection, username: &str, source: UserSource, client: Option<&str>) -> Result<()> {
    audit::record_as(
        conn,
        None,
        username,
        Change::new("session", "fail", None).after(&serde_json::json!({"source": source, "client_address": client})),
    )
}
