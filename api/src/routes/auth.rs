//! Signing in (LDAP, CAS) and out. Sign-in answers a session token to send as `Authorization: Bearer`.

use actix_web::web::{Data, Json, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use chrono::{DateTime, Utc};
use rolf_common::access::sessions::{self, DirectoryUser};
use rolf_common::access::users::{self, Me, UserSource};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, cas, ldap};
use crate::error::{ApiError, ApiResult};
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(methods).service(login).service(cas_ticket).service(cas_login).service(logout);
}

/// The one answer to every failed sign-in, so a caller learns nothing about which part was wrong.
const REFUSED: ApiError = ApiError::SignInFailed("invalid username or password");

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Login {
    username: String,
    password: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CasTicket {
    ticket: String,
    /// The service URL the ticket was issued for; must start with one of `CAS_ALLOWED_SERVICES`.
    service: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CasLoginQuery {
    service: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SignedIn {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    expires_at: DateTime<Utc>,
    user: Me,
}

fn client_address(req: &HttpRequest) -> String {
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}

/// Records the user, its groups and a session, and issues the session token.
async fn open_session(state: &AppState, who: DirectoryUser, client: String) -> ApiResult<SignedIn> {
    let hours = state.auth.session_hours;
    let admin_groups = state.admin_groups.clone();
    let username = who.username.clone();
    let (session, actor) = state
        .db
        .tx(move |conn| {
            let session = sessions::sign_in(conn, &who, hours, Some(&client))?;
            let actor = users::actor(conn, session.user_id, &admin_groups)?;
            Ok((session, actor))
        })
        .await
        .map_err(|e| match e {
            rolf_common::Error::Forbidden(reason) => {
                tracing::warn!(%username, %reason, "sign-in refused");
                REFUSED
            }
            other => other.into(),
        })?;
    let actor = actor.ok_or(REFUSED)?;
    let token = state
        .sessions
        .issue(session.user_id, &session.id, session.expires_at)
        .map_err(|e| ApiError::Domain(rolf_common::Error::Internal(format!("signing a session token: {e}"))))?;
    Ok(SignedIn { token, expires_at: session.expires_at, user: Me::from(&actor) })
}

async fn record_failure(state: &AppState, username: String, source: UserSource, client: String) -> ApiResult<()> {
    // What was typed is untrusted: no control characters (Postgres refuses NUL) and a bounded length.
    let username: String = username.chars().take(256).map(|c| if c.is_control() { '?' } else { c }).collect();
    state.db.tx(move |conn| sessions::record_failure(conn, &username, source, Some(&client))).await?;
    Ok(())
}

/// Signs in with an LDAP username and password.
#[utoipa::path(tag = "auth", request_body = Login, responses(
    (status = 200, body = SignedIn), (status = 401, response = Unauthorized), (status = 404, response = NotFound),
    (status = 422, response = Invalid), (status = 429, response = TooManyRequests),
    (status = 503, response = Unavailable)))]
#[post("/auth/login")]
async fn login(state: Data<AppState>, req: HttpRequest, body: Json<Login>) -> ApiResult<Json<SignedIn>> {
    let config = state.auth.ldap.clone().ok_or(ApiError::Domain(rolf_common::Error::NotFound("LDAP sign-in")))?;
    let Login { username, password } = body.into_inner();
    let client = client_address(&req);
    state.limiter.check(&username, &client).await?;
    let plausible = !username.trim().is_empty()
        && username.len() <= 256
        && !username.chars().any(char::is_control)
        && password.len() <= 1024;
    let groups = if plausible {
        ldap::authenticate(&config, &username, &password).await.map_err(|e| {
            tracing::warn!(error = %e, "LDAP server unavailable");
            ApiError::DirectoryUnavailable(e.0)
        })?
    } else {
        None
    };
    let Some(directory_groups) = groups else {
        state.limiter.failed(&username, &client).await?;
        record_failure(&state, username, UserSource::Ldap, client).await?;
        return Err(REFUSED);
    };
    state.limiter.succeeded(&username).await?;
    let who = DirectoryUser { username, source: UserSource::Ldap, directory_groups };
    Ok(Json(open_session(&state, who, client).await?))
}

/// Trades a CAS service ticket for a session token.
#[utoipa::path(tag = "auth", request_body = CasTicket, responses(
    (status = 200, body = SignedIn), (status = 400, response = BadRequest), (status = 401, response = Unauthorized),
    (status = 404, response = NotFound), (status = 422, response = Invalid),
    (status = 429, response = TooManyRequests), (status = 503, response = Unavailable)))]
#[post("/auth/cas")]
async fn cas_ticket(state: Data<AppState>, req: HttpRequest, body: Json<CasTicket>) -> ApiResult<Json<SignedIn>> {
    let config = state.auth.cas.clone().ok_or(ApiError::Domain(rolf_common::Error::NotFound("CAS sign-in")))?;
    let CasTicket { ticket, service } = body.into_inner();
    if !cas::allowed(&config, &service) {
        return Err(ApiError::BadRequest("this service may not sign in through Rolf (CAS_ALLOWED_SERVICES)".into()));
    }
    let client = client_address(&req);
    // Tickets are single-use and random, so the address is what a guessing run shares.
    state.limiter.check("", &client).await?;
    let validated = if ticket.is_empty() || ticket.len() > 1024 {
        None
    } else {
        cas::validate(&state.http, &config, &ticket, &service).await.map_err(|e| {
            tracing::warn!(error = %e, "CAS server unavailable");
            ApiError::DirectoryUnavailable(e.0)
        })?
    };
    let Some((username, directory_groups)) = validated else {
        state.limiter.failed("", &client).await?;
        record_failure(
            &state,
            format!("cas ticket {}", ticket.chars().take(12).collect::<String>()),
            UserSource::Cas,
            client,
        )
        .await?;
        return Err(ApiError::SignInFailed("invalid, used or expired CAS ticket"));
    };
    let who = DirectoryUser { username, source: UserSource::Cas, directory_groups };
    Ok(Json(open_session(&state, who, client).await?))
}

/// Redirects a browser to the CAS login page for `service`.
#[utoipa::path(tag = "auth", params(CasLoginQuery), responses(
    (status = 302, description = "to the CAS login page"), (status = 400, response = BadRequest),
    (status = 404, response = NotFound)))]
#[get("/auth/cas/login")]
async fn cas_login(state: Data<AppState>, q: Query<CasLoginQuery>) -> ApiResult<HttpResponse> {
    let config = state.auth.cas.clone().ok_or(ApiError::Domain(rolf_common::Error::NotFound("CAS sign-in")))?;
    if !cas::allowed(&config, &q.service) {
        return Err(ApiError::BadRequest("this service may not sign in through Rolf (CAS_ALLOWED_SERVICES)".into()));
    }
    // CAS_URL was checked at start (`AuthConfig`), so this cannot fail; if it did, it is ours, not the client's.
    let location = cas::login_url(&config, &q.service)
        .map_err(|e| ApiError::Domain(rolf_common::Error::Internal(format!("CAS login URL: {e}"))))?;
    Ok(HttpResponse::Found().insert_header(("Location", location)).finish())
}

/// Ends the caller's session at once; its token is refused from the next request on.
#[utoipa::path(tag = "auth", responses((status = 204), (status = 400, response = BadRequest)))]
#[post("/auth/logout")]
async fn logout(state: Data<AppState>, Caller(actor, session): Caller) -> ApiResult<HttpResponse> {
    let session = session.ok_or_else(|| {
        ApiError::BadRequest("this is an API token, not a session; revoke it with DELETE /api/v1/tokens/{id}".into())
    })?;
    state.db.tx(move |conn| sessions::revoke(conn, &actor, &session)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The sign-in methods that are on, for a sign-in page to offer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SignInMethods {
    /// Username and password against the directory: `POST /api/v1/auth/login`.
    ldap: bool,
    /// `null` when CAS sign-in is off.
    cas: Option<CasMethod>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CasMethod {
    /// The CAS server (`CAS_URL`). Send the browser to `GET /api/v1/auth/cas/login?service=URL`, which checks the
    /// service against `CAS_ALLOWED_SERVICES`; CAS comes back to it with a ticket for `POST /api/v1/auth/cas`.
    url: String,
}

/// Which sign-in methods are on (needs no token).
#[utoipa::path(tag = "auth", responses((status = 200, body = SignInMethods)))]
#[get("/auth/methods")]
async fn methods(state: Data<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        ldap: state.auth.ldap.is_some(),
        cas: state.auth.cas.as_ref().map(|c| CasMethod { url: c.url.clone() }),
    })
}
