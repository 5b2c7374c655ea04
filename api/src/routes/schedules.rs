use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use rolf_common::authz::{Edit, View};
use rolf_common::ids::DeploymentId;
use rolf_common::schedules::{self, NewSchedule, Schedule, SchedulePatch};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(replace).service(update).service(remove);
}

/// A deployment's schedules with their next fire times and latest ticks (needs `view`).
#[utoipa::path(tag = "schedules", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Schedule>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/schedules")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Vec<Schedule>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, schedules::list).await?))
}

/// Schedules pushes of the deployment (needs `edit`): `cron` and `timezone` for recurring ones, `at` for one.
/// They are made as the caller, through the same path as any push: approvals and freezes apply, and a tick
/// that falls in a freeze is skipped and recorded as such.
#[utoipa::path(tag = "schedules", params(("id" = i64, Path)), request_body = NewSchedule, responses(
    (status = 201, body = Schedule), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[post("/deployments/{id}/schedules")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<NewSchedule>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let schedule = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| schedules::create(conn, cap, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(schedule))
}

/// Gives a schedule a new definition, checked as a new one is (needs `edit`). It keeps its id and its ticks so far;
/// the new rule fires from now on, and the caller becomes its owner: its pushes are made as the caller.
#[utoipa::path(tag = "schedules", params(("id" = i64, Path), ("schedule_id" = i64, Path)), request_body = NewSchedule,
    responses((status = 200, body = Schedule), (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 422, response = Invalid)))]
#[put("/deployments/{id}/schedules/{schedule_id}")]
async fn replace(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, i64)>,
    body: Json<NewSchedule>,
) -> ApiResult<Json<Schedule>> {
    let (id, schedule) = path.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| {
                schedules::replace(conn, cap, schedule, body.into_inner())
            })
            .await?,
    ))
}

/// Turns a schedule on or off (needs `edit`). Turned on again, it fires from its next tick on: the ticks that came
/// due while it was off are not fired.
#[utoipa::path(tag = "schedules", params(("id" = i64, Path), ("schedule_id" = i64, Path)), request_body = SchedulePatch,
    responses((status = 200, body = Schedule), (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 422, response = Invalid)))]
#[patch("/deployments/{id}/schedules/{schedule_id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, i64)>,
    body: Json<SchedulePatch>,
) -> ApiResult<Json<Schedule>> {
    let (id, schedule) = path.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| {
                schedules::update(conn, cap, schedule, body.into_inner())
            })
            .await?,
    ))
}

/// Removes a schedule (needs `edit`); the pushes it made stay.
#[utoipa::path(tag = "schedules", params(("id" = i64, Path), ("schedule_id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}/schedules/{schedule_id}")]
async fn remove(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, schedule) = path.into_inner();
    state.on_deployment::<Edit, _, _>(actor, id, move |conn, cap| schedules::delete(conn, cap, schedule)).await?;
    Ok(HttpResponse::NoContent().finish())
}
