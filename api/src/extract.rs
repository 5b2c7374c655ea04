//! How malformed requests are answered: the extractors' own errors become JSON errors with the right status.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};

use crate::error::ApiError;

/// The largest body any endpoint accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_BODY_BYTES).error_handler(json_error)
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge(MAX_BODY_BYTES)
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
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
