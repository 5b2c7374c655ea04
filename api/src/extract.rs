//! How malformed requests are answered: the extractors' own errors become JSON errors with the right status.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};

use crate::error::ApiError;

/// The largest body any endpoint accepts, but for [`IMPORT_PATH`].
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An import from the original Rolf carries its whole cookbook and a dump of its models.
pub const IMPORT_PATH: &str = "/api/v1/import/rolf";
/// Both of an import's texts at their largest ([`rolf_common::original::MAX_TEXT_CHARS`]), escaped in JSON.
pub const MAX_IMPORT_BODY_BYTES: usize = 80 << 20;

/// The largest body the operation at `path` accepts.
pub fn body_limit(path: &str) -> usize {
    if path == IMPORT_PATH { MAX_IMPORT_BODY_BYTES } else { MAX_BODY_BYTES }
}

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_BODY_BYTES).error_handler(json_error)
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge(MAX_BODY_BYTES)
        }
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("the request body must be JSON (Content-Type: application/json)")
        }
        JsonPayloadError::Deserialize(e) => ApiError::BadRequest(format!("invalid JSON body: {e}")),
        JsonPayloadError::Serialize(_) => ApiError::BadRequest("invalid JSON body".to_owned()),
        JsonPayloadError::Payload(e) => match e {
            actix_web::error::PayloadError::Overflow => ApiError::PayloadTooLarge(MAX_BODY_BYTES),
            _ => ApiError::BadRequest("the request body could not be read".to_owned()),
        },
        _ => ApiError::BadRequest("invalid JSON body".to_owned()),
    };
    api.into()
}

/// The whole body of an operation that reads it itself, refused past `limit` (413).
pub async fn body_within(payload: web::Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(_)) => Err(ApiError::BadRequest("the request body could not be read".to_owned())),
        Err(_) => Err(ApiError::PayloadTooLarge(limit)),
    }
}

/// A path segment that does not parse (`/deployments/abc`) cannot name anything that exists.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_err: PathError, _req| ApiError::NoRoute.into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        ApiError::BadRequest(format!("invalid query string: {err}")).into()
    })
}

pub async fn no_route() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NoRoute)
}

/// A JSON request body must be an object, as every operation's schema says: serde would otherwise read a struct
/// from an array (`["web"]` for `{"name": "web"}`). Looks at the first character that is not white space; an empty
/// or malformed body is left to the JSON extractor's own errors. Whole numbers written as `5.0` are read as the
/// integers they are ([`crate::integral`]).
pub async fn objects_only(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    use futures::StreamExt;

    let json = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.subtype().as_str() == "json" || m.suffix().is_some_and(|s| s.as_str() == "json"));
    if !json {
        return next.call(req).await;
    }
    let limit = body_limit(req.path());
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("the request body could not be read".to_owned()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(limit).into());
        }
        body.extend_from_slice(&chunk);
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b != b'{') {
        return Err(ApiError::BadRequest("the request body must be a JSON object".to_owned()).into());
    }
    let body = match crate::integral::rewrite(&body) {
        Some(rewritten) => web::Bytes::from(rewritten),
        None => body.freeze(),
    };
    let stream: std::pin::Pin<Box<dyn futures::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>>>> =
        Box::pin(futures::stream::once(async move { Ok(body) }));
    req.set_payload(actix_web::dev::Payload::from(stream));
    next.call(req).await
}
