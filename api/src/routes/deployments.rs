use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use rolf_common::authz::{self, Edit, View};
use rolf_common::catalog::clone::{self, CloneInput};
use rolf_common::catalog::deployments::{self, Deployment, DeploymentPatch, NewDeployment};
use rolf_common::ids::{ApplicationId, DeploymentId};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(update).service(remove).service(copy);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Only deployments of this application.
    application_id: Option<i64>,
}

/// Deployments the caller may view, each with the caller's level on it.
#[utoipa::path(tag = "deployments", params(ListQuery), responses(
    (status = 200, body = Vec<Deployment>), (status = 400, response = BadRequest)))]
#[get("/deployments")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    q: Query<ListQuery>,
) -> ApiResult<Json<Vec<Deployment>>> {
    let application = q.application_id.map(ApplicationId);
    let list = state
        .db
        .run(move |conn| {
            let viewable = authz::viewable(conn, &actor)?;
            deployments::list(conn, &viewable, application)
        })
        .await?;
    Ok(Json(list))
}

/// Creates a deployment (admins).
#[utoipa::path(tag = "deployments", request_body = NewDeployment, responses(
    (status = 201, body = Deployment), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/deployments")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<NewDeployment>) -> ApiResult<HttpResponse> {
    let created = state.db.tx(move |conn| deployments::create(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(created))
}

/// One deployment (needs `view`; without it the deployment does not exist for the caller).
#[utoipa::path(tag = "deployments", params(("id" = i64, Path)), responses(
    (status = 200, body = Deployment), (status = 404, response = NotFound)))]
#[get("/deployments/{id}")]
async fn get_one(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Deployment>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, deployments::get).await?))
}

/// Renames, describes or deprecates a deployment (needs `edit`).
#[utoipa::path(tag = "deployments", params(("id" = i64, Path)), request_body = DeploymentPatch, responses(
    (status = 200, body = Deployment), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/deployments/{id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<DeploymentPatch>,
) -> ApiResult<Json<Deployment>> {
    let id = id.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| deployments::update(conn, cap, body.into_inner()))
            .await?,
    ))
}

/// Deletes a deployment with its settings, flags, stages and grants (admins). Its pushes are kept.
#[utoipa::path(tag = "deployments", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<DeploymentId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .tx(move |conn| {
            let cap = authz::admin_on(conn, &actor, id)?;
            deployments::delete(conn, &cap, id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Copies a deployment's settings, flags, stages (inline code copied, cookbook recipes still linked) and
/// grants into a new deployment (admins).
#[utoipa::path(tag = "deployments", params(("id" = i64, Path)), request_body = CloneInput, responses(
    (status = 201, body = Deployment), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/deployments/{id}/clone")]
async fn copy(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<CloneInput>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let created = state
        .db
        .tx(move |conn| {
            let cap = authz::admin_on(conn, &actor, id)?;
            clone::clone(conn, &cap, id, body.into_inner())
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}
