use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, post};
use rolf_common::authz::Edit;
use rolf_common::ids::{DeploymentId, WebhookId};
use rolf_common::webhooks::deliveries::{self, Delivery, DeliveryQuery};
use rolf_common::webhooks::{self, NewWebhook, Webhook};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(remove).service(list_deliveries);
}

/// A deployment's webhooks (needs `edit`). Secrets read as `true`/`false`.
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Webhook>), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[get("/deployments/{id}/webhooks")]
async fn list(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
) -> ApiResult<Json<Vec<Webhook>>> {
    let id = id.into_inner();
    Ok(Json(state.on_deployment::<Edit, _, _>(actor, id, webhooks::list).await?))
}

/// Adds a webhook (needs `edit`): workers POST each subscribed push event to `url`, signed with `secret` when
/// one is set, and retry with backoff for up to an hour.
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path)), request_body = NewWebhook, responses(
    (status = 201, body = Webhook), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 422, response = Invalid)))]
#[post("/deployments/{id}/webhooks")]
async fn create(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    body: Json<NewWebhook>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let hook = state
        .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| webhooks::create(conn, cap, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(hook))
}

/// Deletes a webhook and its deliveries (needs `edit`).
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path), ("webhook_id" = i64, Path)), responses(
    (status = 204), (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
#[delete("/deployments/{id}/webhooks/{webhook_id}")]
async fn remove(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, WebhookId)>,
) -> ApiResult<HttpResponse> {
    let (id, hook) = path.into_inner();
    state.on_deployment::<Edit, _, _>(actor, id, move |conn, cap| webhooks::delete(conn, cap, hook)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A webhook's deliveries, newest first, each with its attempts (needs `edit`).
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path), ("webhook_id" = i64, Path), DeliveryQuery), responses(
    (status = 200, body = Vec<Delivery>), (status = 400, response = BadRequest), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Invalid)))]
#[get("/deployments/{id}/webhooks/{webhook_id}/deliveries")]
async fn list_deliveries(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    path: Path<(DeploymentId, WebhookId)>,
    q: Query<DeliveryQuery>,
) -> ApiResult<Json<Vec<Delivery>>> {
    let (id, hook) = path.into_inner();
    Ok(Json(
        state
            .on_deployment::<Edit, _, _>(actor, id, move |conn, cap| deliveries::list(conn, cap, hook, q.into_inner()))
            .await?,
    ))
}
