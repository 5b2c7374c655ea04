use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use rolf_common::authz::{self, FreezeScope};
use rolf_common::error::Error;
use rolf_common::freezes::{self, Freeze, NewFreeze};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(remove);
}

/// Freeze windows the caller may see (everything's, categories', applications', and those of deployments it may
/// view), newest first, each with the window in effect now and the next one.
#[utoipa::path(tag = "freezes", responses((status = 200, body = Vec<Freeze>)))]
#[get("/freezes")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<Freeze>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| {
                let view = authz::freeze_view(conn, &actor)?;
                freezes::list(conn, &view)
            })
            .await?,
    ))
}

/// Creates a freeze window, one-off (`starts_at`, `ends_at`) or recurring (`cron`, `duration_minutes`,
/// `timezone`), on everything or on one category, application or deployment (at most one of their ids). Admins
/// manage all of them; `edit` on a deployment manages that deployment's.
#[utoipa::path(tag = "freezes", request_body = NewFreeze, responses(
    (status = 201, body = Freeze), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[post("/freezes")]
async fn create(state: Data<AppState>, Caller(actor, _): Caller, body: Json<NewFreeze>) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let scope = match (input.category_id, input.application_id, input.deployment_id) {
        (None, None, None) => FreezeScope::Everything,
        (Some(c), None, None) => FreezeScope::Category(c),
        (None, Some(a), None) => FreezeScope::Application(a),
        (None, None, Some(d)) => FreezeScope::Deployment(d),
        _ => {
            return Err(Error::invalid(
                "category_id",
                "give at most one of category_id, application_id, deployment_id",
            )
            .into());
        }
    };
    let freeze = state
        .db
        .tx(move |conn| {
            let manager = authz::freeze_manager(conn, &actor, scope)?;
            freezes::create(conn, &manager, input)
        })
        .await?;
    Ok(HttpResponse::Created().json(freeze))
}

/// Removes a freeze window (who may create it may remove it).
#[utoipa::path(tag = "freezes", params(("id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/freezes/{id}")]
async fn remove(state: Data<AppState>, Caller(actor, _): Caller, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .tx(move |conn| {
            let scope = freezes::scope_of(conn, id)?;
            let manager = authz::freeze_manager(conn, &actor, scope)?;
            freezes::delete(conn, &manager, id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
