//! The domain's one error type. Each variant is a distinct outcome a caller can act on; the HTTP edge
//! chooses a status per variant. Messages of the client-facing variants are safe to show; `Database` and
//! `Internal` carry causes for the log only.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller may see the thing but not do this to it.
    #[error("{0}")]
    Forbidden(String),
    /// A name is taken, or something still in use would be removed.
    #[error("{0}")]
    Conflict(String),
    /// A push asked for during a freeze window: what the window is and when it ends.
    #[error("{0}")]
    Frozen(String),
    /// Well-formed input that breaks a rule; `field` names the offending input.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The database could not be reached in time.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(DieselError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::Forbidden(message.into())
    }
}

impl From<DieselError> for Error {
    fn from(err: DieselError) -> Self {
        match &err {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Error::Conflict(unique_message(info.constraint_name()).to_owned())
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Error::Conflict("it is still referenced by other objects".to_owned())
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => Error::Unavailable(err.to_string()),
            _ => Error::Database(err),
        }
    }
}

/// Turns the name of a unique constraint from `migrations/` into a sentence a client can act on.
fn unique_message(constraint: Option<&str>) -> &'static str {
    match constraint.unwrap_or_default() {
        "categories_name_key" => "a category with this name already exists",
        "applications_name_key" => "an application with this name already exists",
        "deployments_application_id_name_key" => "this application already has a deployment with this name",
        "flags_deployment_id_varname_key" => "this deployment already has a flag with this varname",
        "recipes_name_key" => "a cookbook recipe with this name already exists",
        "stages_deployment_id_name_key" => "this deployment already has a stage with this name",
        "users_username_key" => "a user with this name already exists",
        "groups_name_key" => "a group with this name already exists",
        _ => "an object with these values already exists",
    }
}
