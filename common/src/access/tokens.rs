//! API tokens: 256 random bits shown once, stored only as their SHA-256.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::authz::{Actor, AdminCap, TokenGrant};
use crate::error::{Error, Result};
use crate::ids::{TokenId, UserId};
use crate::schema::api_tokens;
use crate::validate;

/// Lets a client (and a secret scanner) tell a Rolf API token from a session JWT at a glance.
pub const PREFIX: &str = "rolf_";
pub const MAX_EXPIRY_DAYS: i64 = 3650;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = api_tokens)]
pub struct Token {
    pub id: TokenId,
    pub user_id: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token as created: the secret `token` is in this response and nowhere else, ever.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    #[serde(flatten)]
    pub info: Token,
    pub token: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    /// Omit for a token that never expires.
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<i64>,
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{PREFIX}{}", hex::encode(bytes))
}

/// When a token made now for `days` expires; `None` (never) without them. The rule `NewToken`'s schema states.
pub fn expires_at(days: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    match days {
        None => Ok(None),
        Some(days) if (1..=MAX_EXPIRY_DAYS).contains(&days) => Ok(Some(Utc::now() + Duration::days(days))),
        Some(_) => Err(Error::invalid("expires_in_days", format!("must be between 1 and {MAX_EXPIRY_DAYS}"))),
    }
}

/// Creates a token for `owner`. Authorization is the caller's job: a user for itself, an admin for a
/// service account, or the `create-token` command.
fn issue(conn: &mut PgConnection, owner: UserId, input: &NewToken) -> Result<IssuedToken> {
    let name = validate::display_name("name", &input.name)?;
    let expires_at = expires_at(input.expires_in_days)?;
    let token = generate();
    let info: Token = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(owner),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(hash(&token)),
            api_tokens::expires_at.eq(expires_at),
        ))
        .returning(Token::as_returning())
        .get_result(conn)?;
    Ok(IssuedToken { info, token })
}

pub fn create_own(conn: &mut PgConnection, actor: &Actor, input: NewToken) -> Result<IssuedToken> {
    let issued = issue(conn, actor.user_id(), &input)?;
    audit::record(conn, actor, Change::new("token", "create", issued.info.id.0).after(&issued.info))?;
    Ok(issued)
}

pub fn create_for_service_account(
    conn: &mut PgConnection,
    cap: &AdminCap,
    account: &str,
    input: NewToken,
) -> Result<IssuedToken> {
    let owner = super::users::service_account(conn, account)?;
    let issued = issue(conn, owner.id, &input)?;
    audit::record(conn, cap.actor(), Change::new("token", "create", issued.info.id.0).after(&issued.info))?;
    Ok(issued)
}

/// For `rolf-api create-token --admin`: the way the first admin gets in.
pub fn create_bootstrap(conn: &mut PgConnection, account: &str) -> Result<String> {
    let owner = super::users::bootstrap_admin(conn, account)?;
    let input = NewToken { name: format!("{account} (create-token)"), expires_in_days: None };
    let issued = issue(conn, owner, &input)?;
    audit::record_as(conn, Some(owner), account, Change::new("token", "create", issued.info.id.0).after(&issued.info))?;
    Ok(issued.token)
}

pub fn list_own(conn: &mut PgConnection, actor: &Actor) -> Result<Vec<Token>> {
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(actor.user_id()))
        .select(Token::as_select())
        .order(api_tokens::id)
        .load(conn)?)
}

/// A service account's tokens, revoked and expired ones included, oldest first; never their secrets. Each is
/// revoked like any other, by [`revoke`] (admins may revoke anyone's).
pub fn list_for_service_account(conn: &mut PgConnection, _cap: &AdminCap, account: &str) -> Result<Vec<Token>> {
    let owner = super::users::service_account(conn, account)?;
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(owner.id))
        .select(Token::as_select())
        .order(api_tokens::id)
        .load(conn)?)
}

/// Revokes a token the grant names (the actor's own, or for admins anyone's). Revoking twice is harmless.
pub fn revoke(conn: &mut PgConnection, grant: &TokenGrant) -> Result<()> {
    let id = grant.token_id();
    let token: Token = api_tokens::table
        .find(id)
        .select(Token::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("token"))?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let after: Token = diesel::update(api_tokens::table.find(id))
        .set(api_tokens::revoked_at.eq(diesel::dsl::now))
        .returning(Token::as_returning())
        .get_result(conn)?;
    audit::record(conn, grant.actor(), Change::new("token", "revoke", id.0).before(&token).after(&after))?;
    Ok(())
}
