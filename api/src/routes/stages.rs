use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use rolf_common::authz::{Edit, View};
use rolf_common::ids::{DeploymentId, StageId};
use rolf_common::recipes::stages::{self, NewStage, Stage, StageOrder, StagePatch};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(reorder).service(get_one).service(update).service(remove);
}

/// A deployment's stages in order (needs `view`).
#[utoipa::path(tag = "stages", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Stage>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/stages")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller, id: Path<DeploymentId>) -> ApiResult<Json<Vec<Stage>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, stages::list).await?))
}

/// Appends a stage (needs `edit`): `{"name", "recipe_id"}` links a cookbook recipe, `{"name", "language",
/// "code"}` gives inline code.
#[utoipa::path(tag = "stages", params(("id" = i64, Path)), request_body = NewStage, responses(
    (status = 201, body = Stage), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/deployments/{id}/stages")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<NewStage>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let stage = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| stages::create(conn, cap, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(stage))
}

/// Sets the order of a deployment's stages; `stage_ids` must name every stage exactly once (needs `edit`).
#[utoipa::path(tag = "stages", params(("id" = i64, Path)), request_body = StageOrder, responses(
    (status = 200, body = Vec<Stage>), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[put("/deployments/{id}/stages/order")]
async fn reorder(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<StageOrder>,
) -> ApiResult<Json<Vec<Stage>>> {
    let id = id.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| stages::reorder(conn, cap, body.into_inner()))
            .await?,
    ))
}

#[utoipa::path(tag = "stages", params(("id" = i64, Path)), responses(
    (status = 200, body = Stage), (status = 404, response = NotFound)))]
#[get("/stages/{id}")]
async fn get_one(state: Data<AppState>, Caller(actor, _): Caller, id: Path<StageId>) -> ApiResult<Json<Stage>> {
    let id = id.into_inner();
    Ok(Json(state.on_stage::<View, _, _>(actor, id, stages::get).await?))
}

/// Changes a stage (needs `edit`). `recipe_id` switches to a cookbook recipe, `code`/`language` to inline
/// code, `"timeout_seconds": null` back to the default.
#[utoipa::path(tag = "stages", params(("id" = i64, Path)), request_body = StagePatch, responses(
    (status = 200, body = Stage), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/stages/{id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<StageId>,
    body: Json<StagePatch>,
) -> ApiResult<Json<Stage>> {
    let id = id.into_inner();
    Ok(Json(
        state.on_stage::<Edit, _, _>(actor, id, move |conn, cap| stages::update(conn, cap, body.into_inner())).await?,
    ))
}

/// Deletes a stage and its inline code (needs `edit`); pushes that ran it keep their copy.
#[utoipa::path(tag = "stages", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/stages/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<StageId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.on_stage::<Edit, _, _>(actor, id, stages::delete).await?;
    Ok(HttpResponse::NoContent().finish())
}
