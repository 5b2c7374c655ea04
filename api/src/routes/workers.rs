use actix_web::get;
use actix_web::web::{Data, Json};
use rolf_common::authz;
use rolf_common::workers::{self, WorkerInfo};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// Live and recently seen workers (admins): host, pid, version, pools, concurrency, running pushes and last
/// heartbeat. A worker is live while it heartbeats within its lost window (`ROLF_LOST_AFTER_SECONDS`) and has
/// not stopped; one not seen for a day is no longer listed.
#[utoipa::path(tag = "workers", responses((status = 200, body = Vec<WorkerInfo>), (status = 403, response = Forbidden)))]
#[get("/workers")]
async fn list(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<WorkerInfo>>> {
    Ok(Json(state.db.run(move |conn| workers::list(conn, &authz::admin(&actor)?)).await?))
}
