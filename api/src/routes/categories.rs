use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use rolf_common::authz;
use rolf_common::catalog::categories::{self, Category, CategoryInput};
use rolf_common::ids::CategoryId;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(update).service(remove);
}

/// Categories holding a deployment the caller may view (admins: all).
#[utoipa::path(tag = "categories", responses((status = 200, body = Vec<Category>)))]
#[get("/categories")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<Category>>> {
    let list = state
        .db
        .run(move |conn| {
            let viewable = authz::viewable(conn, &actor)?;
            categories::list(conn, &viewable)
        })
        .await?;
    Ok(Json(list))
}

/// Creates a category (admins).
#[utoipa::path(tag = "categories", request_body = CategoryInput, responses(
    (status = 201, body = Category), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/categories")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<CategoryInput>) -> ApiResult<HttpResponse> {
    let created = state.db.tx(move |conn| categories::create(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(created))
}

#[utoipa::path(tag = "categories", params(("id" = i64, Path)), responses(
    (status = 200, body = Category), (status = 404, response = NotFound)))]
#[get("/categories/{id}")]
async fn get_one(state: Data<AppState>, Caller(actor, _): Caller, id: Path<CategoryId>) -> ApiResult<Json<Category>> {
    let id = id.into_inner();
    let category = state
        .db
        .run(move |conn| {
            let seen = authz::category(conn, &actor, id)?;
            categories::get(conn, &seen)
        })
        .await?;
    Ok(Json(category))
}

/// Renames a category (admins).
#[utoipa::path(tag = "categories", params(("id" = i64, Path)), request_body = CategoryInput, responses(
    (status = 200, body = Category), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/categories/{id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<CategoryId>,
    body: Json<CategoryInput>,
) -> ApiResult<Json<Category>> {
    let id = id.into_inner();
    Ok(Json(state.db.tx(move |conn| categories::update(conn, &authz::admin(&actor)?, id, body.into_inner())).await?))
}

/// Deletes an empty category (admins); one with applications answers 409.
#[utoipa::path(tag = "categories", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict)))]
#[delete("/categories/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<CategoryId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.db.tx(move |conn| categories::delete(conn, &authz::admin(&actor)?, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
