//! The CLI's one error type, and the exit code of each outcome. Exit codes are the CLI's contract with CI
//! pipelines, so they are chosen here, once, and listed in `rolf --help` (see [`EXIT_CODES`]).

use std::process::ExitCode;

/// `rolf --help` lists these; keep them in step with [`Error::exit_code`] and [`status_exit_code`].
pub const EXIT_CODES: &str = "\
Exit codes:
  0    success; for --wait and follow: the push succeeded
  1    the push failed
  2    the push was cancelled, or never ran: rejected by an approver, or expired awaiting approval
  3    the push was lost (its worker died mid-run)
  4    usage or authorization error: bad arguments, not signed in, token refused (401/403), unknown
       deployment or push, or a request the API refused (4xx); retrying will not help
  5    the API could not be reached or failed (network error, 5xx, an answer rolf does not understand),
       or a push ended in a status rolf does not know; retrying may help
  130  interrupted (Ctrl-C while following, leaving the push running)";

pub const INTERRUPTED: u8 = 130;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or missing configuration: the user must change the command.
    #[error("{0}")]
    Usage(String),
    /// The API refused the token (401) or the action (403).
    #[error("{0}")]
    Auth(String),
    /// The API refused the request for another reason the user must fix (404, 409, 422, ...).
    #[error("{0}")]
    Refused(String),
    /// The API could not be reached, answered 5xx, or answered something rolf does not understand.
    #[error("{0}")]
    Unavailable(String),
    /// Reading or writing local files or the terminal.
    #[error("{0}")]
    Local(String),
    /// Ctrl-C.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Auth(_) | Error::Refused(_) | Error::Local(_) => 4,
            Error::Unavailable(_) => 5,
            Error::Interrupted => INTERRUPTED,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    pub fn local(what: &str, err: impl std::fmt::Display) -> Error {
        Error::Local(format!("{what}: {err}"))
    }
}

/// The exit code of a finished push's status.
pub fn status_exit_code(status: &str) -> u8 {
    match status {
        "succeeded" => 0,
        "failed" => 1,
        "cancelled" | "rejected" | "expired" => 2,
        "lost" => 3,
        _ => 5,
    }
}

pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_final_status_has_its_documented_code() {
        let statuses =
            [("succeeded", 0), ("failed", 1), ("cancelled", 2), ("rejected", 2), ("expired", 2), ("lost", 3)];
        for (status, code) in statuses {
            assert_eq!(status_exit_code(status), code, "{status}");
            assert!(EXIT_CODES.contains(&format!("  {code}    ")), "{code} is documented");
        }
        assert_eq!(status_exit_code("exploded"), 5, "an unknown status is not success");
    }

    #[test]
    fn usage_and_auth_errors_exit_4_and_unavailable_5() {
        assert_eq!(Error::usage("x").exit_code(), 4);
        assert_eq!(Error::Auth("x".into()).exit_code(), 4);
        assert_eq!(Error::Refused("x".into()).exit_code(), 4);
        assert_eq!(Error::Unavailable("x".into()).exit_code(), 5);
    }
}
