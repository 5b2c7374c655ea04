//! Searching the logs of every push the caller may view.

use actix_web::get;
use actix_web::web::{Data, Json, Query};
use rolf_common::authz;
use rolf_common::pushes::log::{self, SearchPage, SearchQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search);
}

/// Lines holding `q` in the pushes the caller may view, newest first (by push, then line), a page at a time;
/// each hit links to its place in the log. A caller that may view nothing gets no hits, never a refusal.
#[utoipa::path(tag = "pushes", params(SearchQuery), responses(
    (status = 200, body = SearchPage), (status = 400, response = BadRequest), (status = 422, response = Invalid)))]
#[get("/logs/search")]
async fn search(state: Data<AppState>, Caller(actor, _): Caller, q: Query<SearchQuery>) -> ApiResult<Json<SearchPage>> {
    let q = q.into_inner();
    let page = state
        .db
        .run(move |conn| {
            let viewable = authz::viewable(conn, &actor)?;
            log::search(conn, &viewable, q)
        })
        .await?;
    Ok(Json(page))
}
