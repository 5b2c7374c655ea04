//! Who is calling, resolved from a bearer credential in one query: the credential, its user and the user's groups
//! together. rolf-api remembers the answer between requests only as long as nothing could have changed it (see
//! its `auth::cache`), so a revoked token, an ended session or a changed group takes effect on the very next
//! request, on every replica.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::tokens;
use crate::authz::Actor;
use crate::error::Result;
use crate::ids::{GroupId, TokenId, UserId};
use crate::schema::{api_tokens, groups, sessions, user_groups, users};

/// A token's `last_used_at` is rewritten at most this often: a write per request would cost more than the
/// lookup itself.
const LAST_USED_PRECISION: chrono::Duration = chrono::Duration::minutes(1);

/// One row per group of the user (one row with no group when it has none).
type UserRow = (UserId, String, bool, Option<GroupId>, Option<String>);

fn actor_of(rows: Vec<UserRow>, admin_groups: &[String]) -> Option<Actor> {
    let (user_id, username, admin_flag, ..) = rows.first()?.clone();
    let (group_ids, groups): (Vec<GroupId>, Vec<String>) =
        rows.into_iter().filter_map(|(_, _, _, id, name)| Some((id?, name?))).unzip();
    let admin = admin_flag || groups.iter().any(|name| admin_groups.contains(name));
    Some(Actor::resolved(user_id, username, admin, groups, group_ids))
}

macro_rules! user_with_groups {
    () => {
        users::table.left_join(user_groups::table.inner_join(groups::table))
    };
}

const USER_COLUMNS: (users::id, users::username, users::admin) = (users::id, users::username, users::admin);

/// An actor and when its credential expires (never: `None`).
pub type Live = (Actor, Option<DateTime<Utc>>);

/// The actor behind a live API token (known, not revoked, not expired), and when the token expires.
pub fn by_token(conn: &mut PgConnection, presented: &str, admin_groups: &[String]) -> Result<Option<Live>> {
    let now = Utc::now();
    // The token, when it was last used and when it expires, and its user with one of the user's groups.
    type TokenRow = (TokenId, Option<DateTime<Utc>>, Option<DateTime<Utc>>, UserRow);
    let rows: Vec<TokenRow> = api_tokens::table
        .inner_join(user_with_groups!())
        .filter(api_tokens::token_hash.eq(tokens::hash(presented)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(now)))
        .order(groups::name)
        .select((
            api_tokens::id,
            api_tokens::last_used_at,
            api_tokens::expires_at,
            (USER_COLUMNS.0, USER_COLUMNS.1, USER_COLUMNS.2, groups::id.nullable(), groups::name.nullable()),
        ))
        .load(conn)?;
    let Some((token, last_used, expires_at, _)) = rows.first().cloned() else { return Ok(None) };
    if last_used.is_none_or(|t| now - t > LAST_USED_PRECISION) {
        diesel::update(api_tokens::table.find(token)).set(api_tokens::last_used_at.eq(now)).execute(conn)?;
    }
    Ok(actor_of(rows.into_iter().map(|(.., user)| user).collect(), admin_groups).map(|actor| (actor, expires_at)))
}

/// A user as an actor, for work done on its behalf without a request (a schedule's pushes).
pub fn by_user(conn: &mut PgConnection, user: UserId, admin_groups: &[String]) -> Result<Option<Actor>> {
    let rows: Vec<UserRow> = user_with_groups!()
        .filter(users::id.eq(user))
        .order(groups::name)
        .select((USER_COLUMNS.0, USER_COLUMNS.1, USER_COLUMNS.2, groups::id.nullable(), groups::name.nullable()))
        .load(conn)?;
    Ok(actor_of(rows, admin_groups))
}

/// The actor behind a live session (not revoked, not expired, owned by `user`), and when the session expires.
pub fn by_session(
    conn: &mut PgConnection,
    session: &str,
    user: UserId,
    admin_groups: &[String],
) -> Result<Option<Live>> {
    let rows: Vec<(DateTime<Utc>, UserRow)> = sessions::table
        .inner_join(user_with_groups!())
        .filter(sessions::id.eq(session))
        .filter(sessions::user_id.eq(user))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(Utc::now()))
        .order(groups::name)
        .select((
            sessions::expires_at,
            (USER_COLUMNS.0, USER_COLUMNS.1, USER_COLUMNS.2, groups::id.nullable(), groups::name.nullable()),
        ))
        .load(conn)?;
    let expires_at = rows.first().map(|(at, _)| *at);
    Ok(actor_of(rows.into_iter().map(|(_, user)| user).collect(), admin_groups).map(|actor| (actor, expires_at)))
}
