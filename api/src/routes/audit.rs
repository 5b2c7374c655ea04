use actix_web::get;
use actix_web::web::{Data, Json, Query};
use rolf_common::audit::{self, AuditEvent, AuditQuery};
use rolf_common::authz;
use rolf_common::ids::{AuditEventId, DeploymentId};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct AuditPage {
    /// Newest first.
    events: Vec<AuditEvent>,
    /// Pass as `before` for the next page; `null` on the last page.
    next_before: Option<AuditEventId>,
}

/// The audit trail, newest first, filtered by deployment, actor, action and time; the filters combine.
#[utoipa::path(tag = "audit", params(AuditQuery), responses(
    (status = 200, body = AuditPage), (status = 400, response = BadRequest), (status = 403, response = Forbidden),
    (status = 404, response = NotFound), (status = 422, response = Invalid)))]
#[get("/audit")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller, q: Query<AuditQuery>) -> ApiResult<Json<AuditPage>> {
    let q = q.into_inner();
    let limit = q.limit;
    let events = state
        .db
        .run(move |conn| {
            let scope = authz::audit(conn, &actor, q.deployment_id.map(DeploymentId))?;
            audit::list(conn, &scope, &q)
        })
        .await?;
    let full_page = events.len() as i64 == limit.unwrap_or(audit::DEFAULT_PAGE);
    let next_before = if full_page { events.last().map(|e| e.id) } else { None };
    Ok(Json(AuditPage { events, next_before }))
}
