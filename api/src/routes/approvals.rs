use actix_web::web::{Data, Json, Path};
use actix_web::{get, post};
use rolf_common::authz;
use rolf_common::ids::PushId;
use rolf_common::pushes::Push;
use rolf_common::pushes::approvals::{self, ApprovalInput, Decision};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(approve).service(reject).service(queue);
}

async fn decide(
    state: Data<AppState>,
    actor: authz::Actor,
    id: PushId,
    decision: Decision,
    input: ApprovalInput,
) -> ApiResult<Json<Push>> {
    let (push, queued) = state
        .db
        .tx(move |conn| {
            let grant = authz::for_approval(conn, &actor, id)?;
            approvals::decide(conn, &grant, decision, input)
        })
        .await?;
    if queued {
        state.dispatch.created(push.id).await;
    }
    Ok(Json(push))
}

/// Approves a push awaiting approval (its approver group, else `push` on the deployment; never its requester).
/// Once enough distinct people approved the deployment's stages and settings as they are, it is queued. Approving
/// twice is 409; a push not awaiting approval is 409.
#[utoipa::path(tag = "approvals", params(("id" = i64, Path)), request_body = ApprovalInput, responses(
    (status = 200, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/pushes/{id}/approve")]
async fn approve(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
    body: Json<ApprovalInput>,
) -> ApiResult<Json<Push>> {
    decide(state, actor, id.into_inner(), Decision::Approve, body.into_inner()).await
}

/// Rejects a push awaiting approval (who may approve may reject; a comment saying why is required): it ends
/// `rejected` and never runs.
#[utoipa::path(tag = "approvals", params(("id" = i64, Path)), request_body = ApprovalInput, responses(
    (status = 200, body = Push), (status = 403, response = Forbidden), (status = 404, response = NotFound),
    (status = 409, response = Conflict), (status = 422, response = Invalid)))]
#[post("/pushes/{id}/reject")]
async fn reject(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<PushId>,
    body: Json<ApprovalInput>,
) -> ApiResult<Json<Push>> {
    decide(state, actor, id.into_inner(), Decision::Reject, body.into_inner()).await
}

/// The pushes awaiting an approval the caller may give and has not given, oldest first (at most 200).
#[utoipa::path(tag = "approvals", responses((status = 200, body = Vec<Push>)))]
#[get("/approvals")]
async fn queue(state: Data<AppState>, Caller(actor, _): Caller) -> ApiResult<Json<Vec<Push>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| {
                let queue = authz::approval_queue(conn, &actor)?;
                approvals::queue(conn, &queue, actor.username())
            })
            .await?,
    ))
}
