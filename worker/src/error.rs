//! The worker's one error type. Its messages end up in a push's `error` field, so they say what Rolf could not
//! do in words an operator can act on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// Postgres answered, and refused: retrying would fail the same way.
    #[error("{what}: {source}")]
    Refused {
        what: &'static str,
        #[source]
        source: rolf_common::Error,
    },
    /// Postgres could not be reached for as long as the worker may wait.
    #[error("{what}: Postgres unreachable for {seconds}s: {source}")]
    Unreachable {
        what: &'static str,
        seconds: u64,
        #[source]
        source: rolf_common::Error,
    },
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the log writer stopped unexpectedly: {0}")]
    LogWriter(String),
    /// A stage handed back a value (through `$ROLF_OUTPUT`) that contains a secret setting's value.
    #[error("the {key} written to $ROLF_OUTPUT contains the value of a secret setting; Rolf does not store it")]
    SecretInOutput { key: &'static str },
}

impl WorkerError {
    pub fn io(what: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> WorkerError {
        let path = path.into();
        move |source| WorkerError::Io { what, path, source }
    }

    /// Worth trying again later (Postgres may come back), as opposed to a failure that would repeat.
    pub fn is_transient(&self) -> bool {
        matches!(self, WorkerError::Unreachable { .. })
    }
}
