//! The HTTP edge of every error: one enum, each variant with a status and a stable `code` chosen on purpose.
//! 5xx answers are generic; their cause goes to the log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use rolf_common::Error as DomainError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// What the body must be instead.
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    #[error("no such endpoint")]
    NoRoute,
    #[error("{0}")]
    Unavailable(String),
    /// The sign-in directory (LDAP or CAS server) is down or too slow.
    #[error("the sign-in directory did not answer: {0}")]
    DirectoryUnavailable(String),
    #[error("too many failed sign-ins; try again in {0} seconds")]
    TooManyRequests(u64),
    #[error("{0}")]
    SignInFailed(&'static str),
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `frozen`,
    /// `payload_too_large`, `unsupported_media_type`, `invalid`, `too_many_requests`, `unavailable`,
    /// `directory_unavailable`, `internal`.
    pub code: &'static str,
    pub message: String,
    /// For `invalid`: the input field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    /// A query that expected a row found none: diesel's `NotFound`, reached when the object was deleted between
    /// a handler's lookup and its write (a race with a delete). To the client that is a plain 404.
    fn row_vanished(&self) -> bool {
        matches!(self, ApiError::Domain(DomainError::Database(diesel::result::Error::NotFound)))
    }

    fn code(&self) -> &'static str {
        if self.row_vanished() {
            return "not_found";
        }
        match self {
            ApiError::Domain(e) => match e {
                DomainError::NotFound(_) => "not_found",
                DomainError::Forbidden(_) => "forbidden",
                DomainError::Conflict(_) => "conflict",
                DomainError::Frozen(_) => "frozen",
                DomainError::Invalid { .. } => "invalid",
                DomainError::Unavailable(_) => "unavailable",
                DomainError::Database(_) | DomainError::Internal(_) => "internal",
            },
            ApiError::Unauthenticated(_) => "unauthorized",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::NoRoute => "not_found",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::DirectoryUnavailable(_) => "directory_unavailable",
            ApiError::TooManyRequests(_) => "too_many_requests",
            ApiError::SignInFailed(_) => "unauthorized",
        }
    }

    fn public_message(&self) -> String {
        if self.row_vanished() {
            return "not found (it was removed while this request ran)".to_owned();
        }
        match self {
            ApiError::Domain(DomainError::Database(_) | DomainError::Internal(_)) => {
                "internal error; the cause is in the server log".to_owned()
            }
            ApiError::Domain(DomainError::Unavailable(_)) | ApiError::Unavailable(_) => {
                "a backing service is unavailable; try again shortly".to_owned()
            }
            ApiError::DirectoryUnavailable(_) => "the sign-in directory did not answer; try again shortly".to_owned(),
            ApiError::Domain(DomainError::Invalid { message, .. }) => message.clone(),
            other => other.to_string(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        if self.row_vanished() {
            return StatusCode::NOT_FOUND;
        }
        match self {
            ApiError::Domain(e) => match e {
                DomainError::NotFound(_) => StatusCode::NOT_FOUND,
                DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
                DomainError::Conflict(_) | DomainError::Frozen(_) => StatusCode::CONFLICT,
                DomainError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                DomainError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                DomainError::Database(_) | DomainError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) | ApiError::DirectoryUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::SignInFailed(_) => StatusCode::UNAUTHORIZED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, code = self.code(), "request failed");
        }
        let field = match self {
            ApiError::Domain(DomainError::Invalid { field, .. }) => Some(field.clone()),
            _ => None,
        };
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let ApiError::TooManyRequests(seconds) = self {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(ErrorBody { error: ErrorDetail { code: self.code(), message: self.public_message(), field } })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
