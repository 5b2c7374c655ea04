//! Coming from the original Rolf: its cookbook export and a dump of its models, imported by an admin.

use actix_web::web::{Data, Json, Payload, Query};
use actix_web::{HttpMessage, HttpRequest, post};
use rolf_common::authz;
use rolf_common::original::{self, OriginalExport, RolfImportReport};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::MAX_IMPORT_BODY_BYTES;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(import_rolf);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ImportQuery {
    /// Report what importing would do, and change nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Imports from the original Rolf (admins): its cookbook export (`manage.py dump_cookbook`, CSV) and a dump of
/// its models (`manage.py dumpdata rolf_main auth.group`, JSON), either or both.
///
/// Cookbook recipes are matched by name, groups by name, deployments by application and name; categories and
/// applications come with their deployments. Shell recipes keep running as the original ran them (from the
/// checkout directory, without `set -e`); boolean flags pass `1` or an empty value; python recipes that used the
/// original's objects are imported marked as needing conversion (pushes running them answer 409 until their code
/// is saved), except the one that records the rollback tag, which is rewritten to write `tag=` to `$ROLF_OUTPUT`.
/// Push history and users are not imported. One transaction: a refused import (422, `field` naming the place,
/// e.g. `dump_json[12].fields.recipe`, the message naming the object) changes nothing; `dry_run=true` reports and
/// changes nothing; importing the same files again changes nothing.
#[utoipa::path(tag = "imports", params(ImportQuery), request_body = OriginalExport, responses(
    (status = 200, body = RolfImportReport), (status = 400, response = BadRequest),
    (status = 403, response = Forbidden), (status = 409, response = Conflict),
    (status = 413, response = PayloadTooLarge), (status = 415, response = UnsupportedMediaType),
    (status = 422, response = Invalid)))]
#[post("/import/rolf")]
async fn import_rolf(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    q: Query<ImportQuery>,
    req: HttpRequest,
    payload: Payload,
) -> ApiResult<Json<RolfImportReport>> {
    // Read here rather than by the `Json` extractor, whose limit is every other operation's.
    if req.mime_type().ok().flatten().is_none_or(|m| m.subtype() != actix_web::mime::JSON) {
        return Err(ApiError::UnsupportedMediaType("the request body must be JSON (Content-Type: application/json)"));
    }
    let body = crate::extract::body_within(payload, MAX_IMPORT_BODY_BYTES).await?;
    let bad = |e: &dyn std::fmt::Display| ApiError::BadRequest(format!("invalid JSON body: {e}"));
    let mut de = serde_json::Deserializer::from_slice(&body);
    let input: OriginalExport = serde_path_to_error::deserialize(&mut de).map_err(|e| bad(&e))?;
    de.end().map_err(|e| bad(&e))?;
    let dry_run = q.dry_run;
    let report = state
        .db
        .tx(move |conn| {
            let cap = authz::admin(&actor)?;
            original::import(conn, &cap, &input, dry_run)
        })
        .await?;
    Ok(Json(report))
}
