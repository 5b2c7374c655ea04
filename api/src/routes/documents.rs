//! Deployments as code: a deployment exported as one document, in JSON or YAML by `Accept`, and a document
//! applied, read as JSON or YAML by `Content-Type`.

use actix_web::http::header::{self, Header};
use actix_web::web::{Data, Path, Payload, Query};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, mime, post};
use rolf_common::authz::View;
use rolf_common::catalog::apply::{self, ApplyReport, Created};
use rolf_common::catalog::export::{self as document, DeploymentDocument};
use rolf_common::ids::DeploymentId;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::MAX_BODY_BYTES;
use crate::openapi::responses::*;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(apply_document).service(export);
}

/// The two forms of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

/// `application/yaml`, `text/yaml` and their `x-yaml` spellings; the answer keeps the type asked for.
fn yaml_type(mime: &mime::Mime) -> Option<&'static str> {
    match (mime.type_().as_str(), mime.subtype().as_str()) {
        ("application", "yaml" | "x-yaml") => Some("application/yaml"),
        ("text", "yaml" | "x-yaml") => Some("text/yaml"),
        _ => None,
    }
}

/// The export's form by `Accept`: YAML when it prefers a YAML type to JSON, JSON otherwise (also for `*/*`, no
/// `Accept` at all, or only types Rolf does not serve).
fn wanted_yaml(req: &HttpRequest) -> Option<&'static str> {
    let accept = header::Accept::parse(req).ok()?;
    for mime in accept.ranked() {
        if let Some(yaml) = yaml_type(&mime) {
            return Some(yaml);
        }
        if mime.subtype() == mime::JSON || mime.type_() == mime::STAR || mime.subtype() == mime::STAR {
            return None;
        }
    }
    None
}

/// The deployment as one document (needs `view`): its category and application, description, settings (secret
/// ones by name only, never their values), flags, stages (cookbook recipes by name), approval settings, pool,
/// grants and, for editors, webhooks without their secrets. JSON, or YAML when `Accept` asks for
/// `application/yaml` or `text/yaml`. Served as an attachment named after the deployment.
#[utoipa::path(tag = "deployments", params(("id" = i64, Path)), responses(
    (status = 200, content(
        (DeploymentDocument = "application/json"),
        (DeploymentDocument = "application/yaml"),
        (DeploymentDocument = "text/yaml"))),
    (status = 404, response = NotFound)))]
#[get("/deployments/{id}/export")]
async fn export(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    id: Path<DeploymentId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let yaml = wanted_yaml(&req);
    let doc = state.on_deployment::<View, _, _>(actor, id, document::export).await?;
    // Only letters, digits and a few marks reach the header: names are free text.
    let safe = |s: &str| {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect::<String>()
    };
    let stem = format!("{}-{}", safe(&doc.application), safe(&doc.name));
    let mut response = HttpResponse::Ok();
    match yaml {
        Some(content_type) => {
            let text = serde_norway::to_string(&doc)
                .map_err(|e| ApiError::Domain(rolf_common::Error::Internal(format!("writing YAML: {e}"))))?;
            response.insert_header(("Content-Disposition", format!("attachment; filename=\"{stem}.yaml\"")));
            Ok(response.content_type(content_type).body(text))
        }
        None => {
            response.insert_header(("Content-Disposition", format!("attachment; filename=\"{stem}.json\"")));
            Ok(response.json(doc))
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ApplyQuery {
    /// Report what applying would change, and change nothing.
    #[serde(default)]
    dry_run: bool,
}

/// The body's form by `Content-Type`.
fn body_format(req: &HttpRequest) -> Result<Format, ApiError> {
    let refused = || {
        ApiError::UnsupportedMediaType(
            "the document must be JSON (Content-Type: application/json) or YAML (application/yaml)",
        )
    };
    let mime = req.mime_type().ok().flatten().ok_or_else(refused)?;
    let suffix = mime.suffix().map(|s| s.as_str());
    if mime.subtype() == mime::JSON || suffix == Some("json") {
        Ok(Format::Json)
    } else if yaml_type(&mime).is_some() || suffix == Some("yaml") {
        Ok(Format::Yaml)
    } else {
        Err(refused())
    }
}

/// Reads a document, refusing one that does not have its shape with the place it breaks it: `stages[2]: unknown
/// field `colour`, ... at line 14 column 5`.
fn parse(format: Format, body: &[u8]) -> Result<DeploymentDocument, ApiError> {
    match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let doc: DeploymentDocument = serde_path_to_error::deserialize(&mut de)
                .map_err(|e| ApiError::BadRequest(format!("invalid JSON document: {e}")))?;
            de.end().map_err(|e| ApiError::BadRequest(format!("invalid JSON document: {e}")))?;
            Ok(doc)
        }
        Format::Yaml => {
            let bad = |e: &dyn std::fmt::Display| ApiError::BadRequest(format!("invalid YAML document: {e}"));
            // Through a JSON value, so that a scalar keeps the type YAML gives it: read straight into a string
            // field, `name: 42` would pass as "42", and `description: null` as "null".
            let value: serde_json::Value = serde_norway::from_slice(body).map_err(|e| bad(&e))?;
            serde_path_to_error::deserialize(value).map_err(|e| {
                // Where the YAML reader finds the fault itself, its message also says the line.
                match serde_norway::from_slice::<DeploymentDocument>(body) {
                    Err(located) => bad(&located),
                    Ok(_) => bad(&e),
                }
            })
        }
    }
}

/// Creates or updates the deployment a document names (by `application` and `name`) to match it: description,
/// settings (a secret without a value keeps the value it has), flags, stages (cookbook recipes by name), grants,
/// approval settings, pool and, when the document lists them, webhooks. Updating needs `edit` on it (approval
/// settings and the pool are an admin's, as for `PATCH`); creating it, and its application and category when they
/// are missing, needs an admin. JSON or YAML (`application/yaml`, `text/yaml`). Answers what changed, part by part;
/// with `dry_run=true`, what would change, changing nothing. One transaction, one audit event; applying the same
/// document again changes nothing.
#[utoipa::path(tag = "deployments", params(ApplyQuery),
    request_body(content(
        (DeploymentDocument = "application/json"),
        (DeploymentDocument = "application/yaml"))),
    responses(
        (status = 200, body = ApplyReport, description = "Applied to an existing deployment, or a dry run."),
        (status = 201, body = ApplyReport, description = "The deployment was created."),
        (status = 403, response = Forbidden), (status = 409, response = Conflict),
        (status = 422, response = Invalid)))]
#[post("/deployments/apply")]
async fn apply_document(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    q: Query<ApplyQuery>,
    req: HttpRequest,
    payload: Payload,
) -> ApiResult<HttpResponse> {
    let format = body_format(&req)?;
    let body = crate::extract::body_within(payload, MAX_BODY_BYTES).await?;
    let doc = parse(format, &body)?;
    let dry_run = q.dry_run;
    let report = state.db.tx(move |conn| apply::apply(conn, &actor, &doc, dry_run)).await?;
    let created = !report.dry_run && report.created.contains(&Created::Deployment);
    let mut response = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(response.json(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_is_served_when_accept_prefers_it() {
        let ask = |accept: Option<&str>| {
            let mut req = actix_web::test::TestRequest::default();
            if let Some(accept) = accept {
                req = req.insert_header(("Accept", accept));
            }
            wanted_yaml(&req.to_http_request())
        };
        assert_eq!(ask(None), None);
        assert_eq!(ask(Some("*/*")), None);
        assert_eq!(ask(Some("application/json")), None);
        assert_eq!(ask(Some("application/yaml")), Some("application/yaml"));
        assert_eq!(ask(Some("text/yaml")), Some("text/yaml"));
        assert_eq!(ask(Some("application/json;q=0.5, application/yaml")), Some("application/yaml"));
        assert_eq!(ask(Some("application/yaml;q=0.5, application/json")), None);
        assert_eq!(ask(Some("text/html")), None);
    }

    #[test]
    fn a_bad_document_is_refused_naming_the_place() {
        let yaml = b"rolf: 1\napplication: shop\nname: production\nstages:\n  - name: build\n    colour: red\n";
        let err = parse(Format::Yaml, yaml).unwrap_err().to_string();
        assert!(err.contains("stages[0]") && err.contains("colour") && err.contains("line 6"), "{err}");
        let json = br#"{"rolf": 1, "application": "shop", "name": "p", "flags": [{"name": "x", "varname": 1}]}"#;
        let err = parse(Format::Json, json).unwrap_err().to_string();
        assert!(err.contains("flags[0].varname"), "{err}");
        assert!(parse(Format::Json, br#"{"rolf": 1, "application": "a", "name": "b"} x"#).is_err());
        assert!(parse(Format::Yaml, b"rolf: 1\napplication: [").is_err());
        // A scalar keeps its YAML type: not a string, not read as one.
        for typed in ["name: 42", "name: true", "name: null", "name: 1.5"] {
            let yaml = format!("rolf: 1\napplication: shop\n{typed}\n");
            let err = parse(Format::Yaml, yaml.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("name"), "{typed}: {err}");
        }
        let quoted = parse(Format::Yaml, b"rolf: 1\napplication: shop\nname: '42'\n").unwrap();
        assert_eq!(quoted.name, "42");
    }
}
