use actix_web::get;
use actix_web::web::Json;
use rolf_common::access::users::Me;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// Who the caller is, as Rolf sees it right now.
#[utoipa::path(tag = "me", responses((status = 200, body = Me)))]
#[get("/me")]
async fn me(Caller(actor, _): Caller) -> Json<Me> {
    Json(Me::from(&actor))
}
