use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, get, post};
use rolf_common::access::tokens::{self, IssuedToken, NewToken, Token};
use rolf_common::access::users::{self, NewServiceAccount, ServiceAccount};
use rolf_common::authz;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(list_tokens).service(create_token);
}

/// Service accounts: users for bots and CI that sign in with tokens only (admins).
#[utoipa::path(tag = "service-accounts", responses(
    (status = 200, body = Vec<ServiceAccount>), (status = 403, response = Forbidden)))]
#[get("/service-accounts")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<ServiceAccount>>> {
    Ok(Json(state.db.run(move |conn| users::list_service_accounts(conn, &authz::admin(&actor)?)).await?))
}

/// Creates a service account in the given groups (admins).
#[utoipa::path(tag = "service-accounts", request_body = NewServiceAccount, responses(
    (status = 201, body = ServiceAccount), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/service-accounts")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    body: Json<NewServiceAccount>,
) -> ApiResult<HttpResponse> {
    let account =
        state.db.tx(move |conn| users::create_service_account(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(account))
}

/// A service account's tokens (admins): name, when made, expires, last used and revoked; never the secret.
/// Revoke one with `DELETE /tokens/{id}`.
#[utoipa::path(tag = "service-accounts", params(("name" = String, Path)), responses(
    (status = 200, body = Vec<Token>), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[get("/service-accounts/{name}/tokens")]
async fn list_tokens(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    name: Path<String>,
) -> ApiResult<Json<Vec<Token>>> {
    let name = name.into_inner();
    let listed =
        state.db.run(move |conn| tokens::list_for_service_account(conn, &authz::admin(&actor)?, &name)).await?;
    Ok(Json(listed))
}

/// Creates a token for a service account (admins); the secret is shown only in this answer.
#[utoipa::path(tag = "service-accounts", params(("name" = String, Path)), request_body = NewToken, responses(
    (status = 201, body = IssuedToken), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[post("/service-accounts/{name}/tokens")]
async fn create_token(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    name: Path<String>,
    body: Json<NewToken>,
) -> ApiResult<HttpResponse> {
    let name = name.into_inner();
    let issued = state
        .db
        .tx(move |conn| tokens::create_for_service_account(conn, &authz::admin(&actor)?, &name, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(issued))
}
