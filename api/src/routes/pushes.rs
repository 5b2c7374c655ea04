use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, get, post};
use rolf_common::authz::{Push as PushLevel, View};
use rolf_common::db::pipeline::Pipeline;
use rolf_common::ids::{DeploymentId, PushId};
use rolf_common::pushes::diff::{self, Diff, DiffQuery};
use rolf_common::pushes::durations::{self, DeploymentStats, StatsQuery};
use rolf_common::pushes::log::{self, LogPage, LogQuery};
use rolf_common::pushes::request::{self, NewPush, ResumePush};
use rolf_common::pushes::{self, HistoryQuery, Push, Tag};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(history)
        .service(tags)
        .service(stats)
        .service(get_one)
        .service(cancel)
        .service(resume)
        .service(continue_paused)
        .service(push_diff)
        .service(deployment_diff)
        .service(log_page);
}

/// Starts a push (needs `push`): recorded as `queued` (or `awaiting_approval` when the deployment requires
/// approvals) with a snapshot of the stages, settings and flags, then handed to the workers. Answers 202 at once;
/// follow it with `GET /pushes/{id}` and its log. During a freeze window it answers 409 with code `frozen`
/// unless bypassed (`bypass`, needs `edit`).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), request_body = NewPush, responses(
    (status = 202, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/deployments/{id}/pushes")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<NewPush>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let push = state
        .on_deployment::<PushLevel, _, _>(actor, id, move |conn, cap| request::create(conn, cap, body.into_inner()))
        .await?;
    state.dispatch.created(push.id).await;
    Ok(HttpResponse::Accepted().json(push))
}

/// A deployment's pushes, newest first (needs `view`).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path), HistoryQuery), responses(
    (status = 200, body = Vec<Push>), (status = 400, response = BadRequest), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[get("/deployments/{id}/pushes")]
async fn history(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    q: Query<HistoryQuery>,
) -> ApiResult<Json<Vec<Push>>> {
    let id = id.into_inner();
    Ok(Json(
        state
            .on_deployment::<View, _, _>(actor, id, move |conn, cap| pushes::history(conn, cap, q.into_inner()))
            .await?,
    ))
}

/// Succeeded pushes with their tags, newest first: what a rollback can go back to (needs `view`).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Tag>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/tags")]
async fn tags(state: Data<AppState>, Caller(actor, _): Caller, id: Path<DeploymentId>) -> ApiResult<Json<Vec<Tag>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, pushes::tags).await?))
}

/// Where a deployment's time goes (needs `view`): the latest started pushes with each stage's duration, and
/// per stage name the median of its latest successful runs (an estimate of a running stage's time left).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path), StatsQuery), responses(
    (status = 200, body = DeploymentStats), (status = 400, response = BadRequest), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[get("/deployments/{id}/stats")]
async fn stats(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    q: Query<StatsQuery>,
) -> ApiResult<Json<DeploymentStats>> {
    let id = id.into_inner();
    Ok(Json(
        state
            .on_deployment::<View, _, _>(actor, id, move |conn, cap| durations::read(conn, cap, q.into_inner()))
            .await?,
    ))
}

/// One push with its stages (needs `view` on its deployment).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, body = Push), (status = 404, response = NotFound)))]
#[get("/pushes/{id}")]
async fn get_one(
    state: Data<AppState>,
    pipeline: Data<Pipeline>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
) -> ApiResult<Json<Push>> {
    Ok(Json(pushes::read::read::<View>(&state.db, &pipeline, actor, id.into_inner()).await?))
}

/// Cancels a push (needs `push`): a queued one never starts; a running one has its stage's process group
/// sent SIGTERM, then SIGKILL after the grace period. A finished push answers 409.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict)))]
#[post("/pushes/{id}/cancel")]
async fn cancel(state: Data<AppState>, Caller(actor, _): Caller, id: Path<PushId>) -> ApiResult<Json<Push>> {
    let id = id.into_inner();
    Ok(Json(state.on_push::<PushLevel, _, _>(actor, id, request::cancel).await?))
}

/// Resumes a failed, cancelled or lost push (needs `push`): a new push of the same snapshot (stages, code,
/// settings and flags as they were, not as they are now) that skips the stages that succeeded, except those
/// marked `rerun_on_resume`, and starts at the first that did not. Answers 202 with the new push, which links
/// back through `resumed_from`. Any other status (a succeeded push, one still under way) answers 422.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), request_body = ResumePush, responses(
    (status = 202, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/pushes/{id}/resume")]
async fn resume(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
    body: Json<ResumePush>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let push = state
        .on_push::<PushLevel, _, _>(actor, id, move |conn, grant| request::resume(conn, grant, body.into_inner()))
        .await?;
    state.dispatch.created(push.id).await;
    Ok(HttpResponse::Accepted().json(push))
}

/// Continues a push paused in step mode (needs `push`): its worker runs the next stage. A push that is not
/// paused answers 409.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict)))]
#[post("/pushes/{id}/continue")]
async fn continue_paused(state: Data<AppState>, Caller(actor, _): Caller, id: Path<PushId>) -> ApiResult<Json<Push>> {
    let id = id.into_inner();
    Ok(Json(state.on_push::<PushLevel, _, _>(actor, id, request::continue_paused).await?))
}

/// What changed (needs `view`): the push's stages, settings and flag values against `against`, by default the
/// deployment's last succeeded push before it. Code changes come as unified diffs; secret values never appear.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path), DiffQuery), responses(
    (status = 200, body = Diff), (status = 400, response = BadRequest), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[get("/pushes/{id}/diff")]
async fn push_diff(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
    q: Query<DiffQuery>,
) -> ApiResult<Json<Diff>> {
    let id = id.into_inner();
    Ok(Json(
        state
            .reading_push::<View, _, _>(actor, id, move |conn, grant| diff::of_push(conn, grant, q.into_inner()))
            .await?,
    ))
}

/// What a push made now would change (needs `view`): the deployment's configuration as it is (flags at their
/// defaults) against its last succeeded push.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, body = Diff), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/diff")]
async fn deployment_diff(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Diff>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, diff::of_deployment).await?))
}

/// A page of the push's log in order: lines after `after`, up to `limit` (needs `view`). Poll with
/// `after=next_after` until `finished` is true and a page comes back empty.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path), LogQuery), responses(
    (status = 200, body = LogPage), (status = 400, response = BadRequest), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[get("/pushes/{id}/log")]
async fn log_page(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
    q: Query<LogQuery>,
) -> ApiResult<Json<LogPage>> {
    let id = id.into_inner();
    Ok(Json(
        state.reading_push::<View, _, _>(actor, id, move |conn, grant| log::page(conn, grant, q.into_inner())).await?,
    ))
}
