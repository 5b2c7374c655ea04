use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use rolf_common::authz;
use rolf_common::catalog::applications::{self, Application, ApplicationPatch, NewApplication};
use rolf_common::ids::{ApplicationId, CategoryId};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(update).service(remove);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Only applications of this category.
    category_id: Option<i64>,
}

/// Applications holding a deployment the caller may view (admins: all).
#[utoipa::path(tag = "applications", params(ListQuery), responses(
    (status = 200, body = Vec<Application>), (status = 400, response = BadRequest)))]
#[get("/applications")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    q: Query<ListQuery>,
) -> ApiResult<Json<Vec<Application>>> {
    let category = q.category_id.map(CategoryId);
    let list = state
        .db
        .run(move |conn| {
            let viewable = authz::viewable(conn, &actor)?;
            applications::list(conn, &viewable, category)
        })
        .await?;
    Ok(Json(list))
}

/// Creates an application (admins). Names are unique across categories.
#[utoipa::path(tag = "applications", request_body = NewApplication, responses(
    (status = 201, body = Application), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/applications")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    body: Json<NewApplication>,
) -> ApiResult<HttpResponse> {
    let created =
        state.db.tx(move |conn| applications::create(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(created))
}

#[utoipa::path(tag = "applications", params(("id" = i64, Path)), responses(
    (status = 200, body = Application), (status = 404, response = NotFound)))]
#[get("/applications/{id}")]
async fn get_one(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<ApplicationId>,
) -> ApiResult<Json<Application>> {
    let id = id.into_inner();
    let application = state
        .db
        .run(move |conn| {
            let seen = authz::application(conn, &actor, id)?;
            applications::get(conn, &seen)
        })
        .await?;
    Ok(Json(application))
}

/// Renames an application or moves it to another category (admins).
#[utoipa::path(tag = "applications", params(("id" = i64, Path)), request_body = ApplicationPatch, responses(
    (status = 200, body = Application), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/applications/{id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<ApplicationId>,
    body: Json<ApplicationPatch>,
) -> ApiResult<Json<Application>> {
    let id = id.into_inner();
    Ok(Json(state.db.tx(move |conn| applications::update(conn, &authz::admin(&actor)?, id, body.into_inner())).await?))
}

/// Deletes an application without deployments (admins); one with deployments answers 409.
#[utoipa::path(tag = "applications", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict)))]
#[delete("/applications/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<ApplicationId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.db.tx(move |conn| applications::delete(conn, &authz::admin(&actor)?, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
