use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post, put};
use rolf_common::access::groups::{self, Group, Mappings, NewGroup};
use rolf_common::authz;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(remove).service(get_mappings).service(put_mappings);
}

/// All Rolf groups (admins).
#[utoipa::path(tag = "groups", responses((status = 200, body = Vec<Group>), (status = 403, response = Forbidden)))]
#[get("/groups")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<Group>>> {
    Ok(Json(state.db.run(move |conn| groups::list(conn, &authz::admin(&actor)?)).await?))
}

/// Creates a group (admins). Names: letters, digits, `-`, `_`, `.`.
#[utoipa::path(tag = "groups", request_body = NewGroup, responses(
    (status = 201, body = Group), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/groups")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<NewGroup>) -> ApiResult<HttpResponse> {
    let group = state.db.tx(move |conn| groups::create(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(group))
}

/// Deletes a group with its grants and memberships (admins).
#[utoipa::path(tag = "groups", params(("name" = String, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/groups/{name}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, name: Path<String>) -> ApiResult<HttpResponse> {
    let name = name.into_inner();
    state.db.tx(move |conn| groups::delete(conn, &authz::admin(&actor)?, &name)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The directory groups whose members belong to this group (admins).
#[utoipa::path(tag = "groups", params(("name" = String, Path)), responses(
    (status = 200, body = Mappings), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[get("/groups/{name}/mappings")]
async fn get_mappings(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    name: Path<String>,
) -> ApiResult<Json<Mappings>> {
    let name = name.into_inner();
    Ok(Json(state.db.run(move |conn| groups::mappings(conn, &authz::admin(&actor)?, &name)).await?))
}

/// Replaces the group's directory mappings (admins).
#[utoipa::path(tag = "groups", params(("name" = String, Path)), request_body = Mappings, responses(
    (status = 200, body = Mappings), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[put("/groups/{name}/mappings")]
async fn put_mappings(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    name: Path<String>,
    body: Json<Mappings>,
) -> ApiResult<Json<Mappings>> {
    let name = name.into_inner();
    Ok(Json(
        state.db.tx(move |conn| groups::set_mappings(conn, &authz::admin(&actor)?, &name, body.into_inner())).await?,
    ))
}
