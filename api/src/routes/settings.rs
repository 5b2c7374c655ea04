use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, put};
use rolf_common::authz::{Edit, View};
use rolf_common::catalog::settings::{self, Setting, SettingInput};
use rolf_common::ids::DeploymentId;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(put_one).service(remove);
}

/// A deployment's settings (needs `view`). Secret values read as `null`.
#[utoipa::path(tag = "settings", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Setting>), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/settings")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Vec<Setting>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<View, _, _>(actor, id, settings::list).await?))
}

/// Creates (201) or replaces (200) a setting (needs `edit`). The name must be an environment variable name.
#[utoipa::path(tag = "settings", params(("id" = i64, Path), ("name" = String, Path)), request_body = SettingInput,
    responses((status = 200, body = Setting), (status = 201, body = Setting), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Invalid)))]
#[put("/deployments/{id}/settings/{name}")]
async fn put_one(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, String)>,
    body: Json<SettingInput>,
) -> ApiResult<HttpResponse> {
    let (id, name) = path.into_inner();
    let (setting, created) = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| settings::put(conn, cap, &name, body.into_inner()))
        .await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(setting))
}

#[utoipa::path(tag = "settings", params(("id" = i64, Path), ("name" = String, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}/settings/{name}")]
async fn remove(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, String)>,
) -> ApiResult<HttpResponse> {
    let (id, name) = path.into_inner();
    state.on_deployment::<Edit, _, _>(actor, id, move |conn, cap| settings::delete(conn, cap, &name)).await?;
    Ok(HttpResponse::NoContent().finish())
}
