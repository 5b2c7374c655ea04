//! Authentication: the middleware resolves the bearer token to an actor before any handler or extractor
//! runs, so a request without valid credentials is a 401 whatever else is wrong with it. A bearer token is
//! either an API token (`rolf_...`) or a session JWT from a sign-in.

pub mod cache;
pub mod cas;
pub mod jwt;
pub mod ldap;
pub mod limiter;

use std::future::{Ready, ready};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use rolf_common::access::{callers, tokens};
use rolf_common::authz::Actor;

use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller, as a handler parameter, with the session id when it signed in (not for API tokens).
#[derive(Debug, Clone)]
pub struct Caller(pub Actor, pub Option<String>);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<Caller>().cloned().ok_or(ApiError::Unauthenticated("missing bearer token")))
    }
}

fn bearer(req: &ServiceRequest) -> Result<String, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated("missing bearer token"))?;
    let value = header.to_str().map_err(|_| ApiError::Unauthenticated("malformed Authorization header"))?;
    let (scheme, token) = value.split_once(' ').ok_or(ApiError::Unauthenticated("malformed Authorization header"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::Unauthenticated("expected 'Authorization: Bearer <token>'"));
    }
    Ok(token.trim().to_owned())
}

/// Routes under `/api/v1` that are reached without a token: the ways to get one.
pub const PUBLIC_PATHS: &[&str] =
    &["/api/v1/auth/methods", "/api/v1/auth/login", "/api/v1/auth/cas", "/api/v1/auth/cas/login"];

/// The bearer credential a request came with, kept for streams that check it again while they run.
#[derive(Debug, Clone)]
pub struct Bearer(pub String);

pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Domain(rolf_common::Error::Internal("app state missing".into())))?;
    let changes = cache::changes_credentials(req.method(), req.path());
    if !PUBLIC_PATHS.contains(&req.path()) {
        let token = bearer(&req)?;
        let caller = resolve(&state, token.clone())
            .await?
            .ok_or(ApiError::Unauthenticated("the token is invalid, expired or revoked"))?;
        req.extensions_mut().insert(caller);
        req.extensions_mut().insert(Bearer(token));
    }
    let response = next.call(req).await?;
    // Before the answer leaves: whoever is told "done" finds the change in force on every replica.
    if changes && response.status().is_success() {
        state.callers.invalidate().await;
    }
    Ok(response)
}

/// The caller behind a bearer token right now: `None` when it is unknown, expired or revoked.
pub async fn resolve(state: &AppState, token: String) -> Result<Option<Caller>, ApiError> {
    let api_token = token.starts_with(tokens::PREFIX);
    let (key, session) = if api_token {
        (cache::Key::Token(tokens::hash(&token)), None)
    } else {
        let Some((user, session)) = state.sessions.verify(&token) else { return Ok(None) };
        (cache::Key::Session(session.clone(), user.0), Some((user, session)))
    };
    let generation = state.callers.generation().await;
    if let Some(caller) = generation.and_then(|g| state.callers.get(&key, g)) {
        return Ok(Some(caller));
    }
    let admin_groups = state.admin_groups.clone();
    let found = match session {
        None => state
            .db
            .run(move |conn| callers::by_token(conn, &token, &admin_groups))
            .await?
            .map(|(actor, expires)| (Caller(actor, None), expires)),
        Some((user, session)) => {
            state
                .db
                .run(move |conn| {
                    Ok(callers::by_session(conn, &session, user, &admin_groups)?
                        .map(|(actor, expires)| (Caller(actor, Some(session)), expires)))
                })
                .await?
        }
    };
    Ok(found.map(|(caller, expires_at)| {
        if let Some(generation) = generation {
            state.callers.put(key, generation, caller.clone(), expires_at);
        }
        caller
    }))
}
