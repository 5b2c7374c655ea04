use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use rolf_common::authz;
use rolf_common::ids::RecipeId;
use rolf_common::recipes::cookbook::{self, NewRecipe, Recipe, RecipePatch, Usage};
use rolf_common::recipes::import::{self, CookbookFile, ImportReport, Importer};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(import_file)
        .service(get_one)
        .service(update)
        .service(remove)
        .service(usages);
}

/// The shared cookbook (any signed-in user).
#[utoipa::path(tag = "recipes", responses((status = 200, body = Vec<Recipe>)))]
#[get("/recipes")]
async fn list(state: Data<AppState>, _caller: Caller) -> ApiResult<Json<Vec<Recipe>>> {
    Ok(Json(state.db.run(cookbook::list).await?))
}

/// Adds a cookbook recipe (admins).
#[utoipa::path(tag = "recipes", request_body = NewRecipe, responses(
    (status = 201, body = Recipe), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/recipes")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<NewRecipe>) -> ApiResult<HttpResponse> {
    let recipe = state.db.tx(move |conn| cookbook::create(conn, &authz::admin(&actor)?, body.into_inner())).await?;
    Ok(HttpResponse::Created().json(recipe))
}

/// Imports a cookbook file (admins).
///
/// For example the starter cookbook shipped in `cookbook/starter.json`. Recipes are matched by name: a new name is
/// created, a known one updated when its language, description or code differ, and left alone otherwise, so
/// importing a file again never duplicates a recipe. The whole file is checked first and imported in one
/// transaction: a refused file (422, its `field` naming the place, e.g. `recipes[2].code`, its message naming the
/// recipe) imports nothing. Every change is audited, and the import itself as `cookbook.import`.
#[utoipa::path(tag = "recipes", request_body = CookbookFile, responses(
    (status = 200, body = ImportReport), (status = 403, response = Forbidden),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/recipes/import")]
async fn import_file(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    body: Json<CookbookFile>,
) -> ApiResult<Json<ImportReport>> {
    let report = state
        .db
        .tx(move |conn| {
            let cap = authz::admin(&actor)?;
            import::import(conn, &Importer::Admin(&cap), &body.into_inner())
        })
        .await?;
    Ok(Json(report))
}

#[utoipa::path(tag = "recipes", params(("id" = i64, Path)), responses(
    (status = 200, body = Recipe), (status = 404, response = NotFound)))]
#[get("/recipes/{id}")]
async fn get_one(state: Data<AppState>, _caller: Caller, id: Path<RecipeId>) -> ApiResult<Json<Recipe>> {
    let id = id.into_inner();
    Ok(Json(state.db.run(move |conn| cookbook::get(conn, id)).await?))
}

/// Changes a cookbook recipe (admins); every stage linking it runs the new code from its next push.
#[utoipa::path(tag = "recipes", params(("id" = i64, Path)), request_body = RecipePatch, responses(
    (status = 200, body = Recipe), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[patch("/recipes/{id}")]
async fn update(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<RecipeId>,
    body: Json<RecipePatch>,
) -> ApiResult<Json<Recipe>> {
    let id = id.into_inner();
    Ok(Json(state.db.tx(move |conn| cookbook::update(conn, &authz::admin(&actor)?, id, body.into_inner())).await?))
}

/// Deletes a cookbook recipe no stage links (admins); one in use answers 409.
#[utoipa::path(tag = "recipes", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict)))]
#[delete("/recipes/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<RecipeId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.db.tx(move |conn| cookbook::delete(conn, &authz::admin(&actor)?, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The stages linking a recipe, among deployments the caller may view.
#[utoipa::path(tag = "recipes", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Usage>), (status = 404, response = NotFound)))]
#[get("/recipes/{id}/usages")]
async fn usages(state: Data<AppState>, Caller(actor, _): Caller, id: Path<RecipeId>) -> ApiResult<Json<Vec<Usage>>> {
    let id = id.into_inner();
    let usages = state
        .db
        .run(move |conn| {
            let viewable = authz::viewable(conn, &actor)?;
            cookbook::usages(conn, &viewable, id)
        })
        .await?;
    Ok(Json(usages))
}
