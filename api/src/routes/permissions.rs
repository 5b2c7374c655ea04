use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, put};
use rolf_common::access::explain::{self, Access};
use rolf_common::access::permissions::{self, Grant, Permission};
use rolf_common::authz::{Edit, View};
use rolf_common::ids::DeploymentId;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(put_one).service(remove).service(access);
}

/// Which groups hold which level on a deployment (needs `view`).
#[utoipa::path(tag = "permissions", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Permission>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/permissions")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Vec<Permission>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, permissions::list).await?))
}

/// The caller's own level on a deployment and why (needs `view`): every grant, which reach the caller through
/// which of its groups and the directory groups mapped onto them, and whether it is an admin. What a UI shows
/// as "why can't I push?".
#[utoipa::path(tag = "permissions", params(("id" = i64, Path)), responses(
    (status = 200, body = Access), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/access")]
async fn access(state: Data<AppState>, Caller(actor, _): Caller, id: Path<DeploymentId>) -> ApiResult<Json<Access>> {
    let admin_groups = state.admin_groups.clone();
    let id = id.into_inner();
    Ok(Json(
        state
            .on_deployment::<View, _, _>(actor, id, move |conn, cap| explain::explain(conn, cap, &admin_groups))
            .await?,
    ))
}

/// Grants a group `view`, `push` or `edit` (201 when new, 200 when changed; needs `edit`).
#[utoipa::path(tag = "permissions", params(("id" = i64, Path), ("group" = String, Path)), request_body = Grant,
    responses((status = 200, body = Permission), (status = 201, body = Permission),
    (status = 403, response = Forbidden), (status = 404, response = NotFound), (status = 422, response = Invalid)))]
#[put("/deployments/{id}/permissions/{group}")]
async fn put_one(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, String)>,
    body: Json<Grant>,
) -> ApiResult<HttpResponse> {
    let (id, group) = path.into_inner();
    let (permission, created) = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| permissions::put(conn, cap, &group, body.into_inner()))
        .await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(permission))
}

/// Removes a group's grant (needs `edit`).
#[utoipa::path(tag = "permissions", params(("id" = i64, Path), ("group" = String, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}/permissions/{group}")]
async fn remove(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, String)>,
) -> ApiResult<HttpResponse> {
    let (id, group) = path.into_inner();
    state.on_deployment::<Edit, _, _>(actor, id, move |conn, cap| permissions::delete(conn, cap, &group)).await?;
    Ok(HttpResponse::NoContent().finish())
}
