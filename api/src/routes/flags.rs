use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use rolf_common::authz::{Edit, View};
use rolf_common::catalog::flags::{self, Flag, FlagPatch, NewFlag};
use rolf_common::ids::{DeploymentId, FlagId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update).service(remove);
}

/// A deployment's flags: the inputs a push may set (needs `view`).
#[utoipa::path(tag = "flags", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Flag>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/flags")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller, id: Path<DeploymentId>) -> ApiResult<Json<Vec<Flag>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, flags::list).await?))
}

/// Adds a flag (needs `edit`).
#[utoipa::path(tag = "flags", params(("id" = i64, Path)), request_body = NewFlag, responses(
    (status = 201, body = Flag), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/deployments/{id}/flags")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<NewFlag>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let flag = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| flags::create(conn, cap, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(flag))
}

#[utoipa::path(tag = "flags", params(("id" = i64, Path), ("flag_id" = i64, Path)), request_body = FlagPatch,
    responses((status = 200, body = Flag), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/deployments/{id}/flags/{flag_id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, FlagId)>,
    body: Json<FlagPatch>,
) -> ApiResult<Json<Flag>> {
    let (id, flag) = path.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| flags::update(conn, cap, flag, body.into_inner()))
            .await?,
    ))
}

#[utoipa::path(tag = "flags", params(("id" = i64, Path), ("flag_id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}/flags/{flag_id}")]
async fn remove(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, FlagId)>,
) -> ApiResult<HttpResponse> {
    let (id, flag) = path.into_inner();
    state.on_deployment::<Edit, _, _>(actor, id, move |conn, cap| flags::delete(conn, cap, flag)).await?;
    Ok(HttpResponse::NoContent().finish())
}
