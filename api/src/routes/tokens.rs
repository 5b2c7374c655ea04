use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use rolf_common::access::tokens::{self, IssuedToken, NewToken, Token};
use rolf_common::authz;
use rolf_common::ids::TokenId;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(revoke);
}

/// The caller's own API tokens; secrets are never shown again.
#[utoipa::path(tag = "tokens", responses((status = 200, body = Vec<Token>)))]
#[get("/tokens")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<Token>>> {
    Ok(Json(state.db.run(move |conn| tokens::list_own(conn, &actor)).await?))
}

/// Creates an API token for the caller. The `token` field of this answer is the only time it is shown.
#[utoipa::path(tag = "tokens", request_body = NewToken, responses(
    (status = 201, body = IssuedToken), (status = 422, response = Invalid)))]
#[post("/tokens")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<NewToken>) -> ApiResult<HttpResponse> {
    let issued = state.db.tx(move |conn| tokens::create_own(conn, &actor, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(issued))
}

/// Revokes a token at once: the caller's own, or any for admins (a service account's, as
/// `GET /service-accounts/{name}/tokens` lists them). Revoking a revoked token again changes nothing.
#[utoipa::path(tag = "tokens", params(("id" = i64, Path)), responses(
    (status = 204), (status = 404, response = NotFound)))]
#[delete("/tokens/{id}")]
async fn revoke(state: Data<AppState>, Caller(actor, _): Caller, id: Path<TokenId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .tx(move |conn| {
            let grant = authz::token(conn, &actor, id)?;
            tokens::revoke(conn, &grant)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
