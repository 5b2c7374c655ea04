//! One connection that all requests of an API worker thread read through at once. Their queries are pipelined
//! on it (sent without waiting for the previous answer), so a busy thread pays one socket round trip for many
//! reads instead of a pool checkout, a blocking-thread hop and a round trip each, and Postgres serves them from
//! one backend instead of one per request. Only short point reads belong here: a slow query would hold up the
//! ones queued behind it.
//!
//! Whenever this connection cannot be had (Postgres down, TLS demanded, which it does not speak, settings only
//! libpq understands), the caller reads through the pool instead: same answer, slower.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::error::{Error, Result};

/// After a failed connect, reads take the pool for this long before the next attempt.
const RETRY_AFTER: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const APP_NAME: &str = "rolf-api-reads";

enum Slot {
    Closed,
    Open(Arc<AsyncPgConnection>),
    FailedAt(Instant),
}

pub struct Pipeline {
    /// `None` when the configuration demands TLS.
    url: Option<String>,
    slot: Mutex<Slot>,
    /// One connect at a time: the requests that arrive meanwhile wait for it rather than open their own.
    connecting: tokio::sync::Mutex<()>,
}

impl Pipeline {
    /// Connects lazily, on the first read, so that the connection's task runs on the thread that reads.
    pub fn new(database_url: &str) -> Self {
        let env_mode = std::env::var("PGSSLMODE").ok();
        // Named, so that operators (and tests) can tell it from the pool's connections in `pg_stat_activity`.
        let url = (!demands_tls(database_url, env_mode.as_deref()))
            .then(|| super::with_default(&super::with_connect_timeout(database_url), "application_name", APP_NAME));
        Pipeline { url, slot: Mutex::new(Slot::Closed), connecting: tokio::sync::Mutex::new(()) }
    }

    /// The shared connection, opened on first use; `None` while it cannot be had.
    pub async fn connection(&self) -> Option<Arc<AsyncPgConnection>> {
        if let Some(ready) = self.ready() {
            return ready;
        }
        let url = self.url.as_deref()?;
        let _one = self.connecting.lock().await;
        if let Some(ready) = self.ready() {
            return ready;
        }
        let opened = match tokio::time::timeout(CONNECT_TIMEOUT, AsyncPgConnection::establish(url)).await {
            Ok(Ok(conn)) => Ok(Arc::new(conn)),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no connection within {CONNECT_TIMEOUT:?}")),
        };
        let mut slot = self.slot();
        match opened {
            Ok(conn) => {
                *slot = Slot::Open(conn.clone());
                Some(conn)
            }
            Err(e) => {
                tracing::warn!(error = %e, "pipelined reads unavailable, reading through the pool");
                *slot = Slot::FailedAt(Instant::now());
                None
            }
        }
    }

    /// Takes note of a read's outcome: a connection that failed is not handed out again (most errors on a
    /// point read mean the connection broke; a fresh one is cheap).
    pub fn settle<T>(&self, conn: &Arc<AsyncPgConnection>, result: &Result<T>) {
        if let Err(Error::Unavailable(_) | Error::Database(_)) = result {
            let mut slot = self.slot();
            if matches!(&*slot, Slot::Open(current) if Arc::ptr_eq(current, conn)) {
                *slot = Slot::Closed;
            }
        }
    }

    /// `Some` when no connect is needed: the open connection, or `None` while the last failure is recent.
    fn ready(&self) -> Option<Option<Arc<AsyncPgConnection>>> {
        match &*self.slot() {
            Slot::Open(conn) => Some(Some(conn.clone())),
            Slot::FailedAt(at) if at.elapsed() < RETRY_AFTER => Some(None),
            _ if self.url.is_none() => Some(None),
            _ => None,
        }
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        // The slot holds no invariant a panicking holder could break.
        self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether libpq would insist on TLS for this URL (its `sslmode`, else the `PGSSLMODE` it reads from the
/// environment): this connection must then not be made in plain text.
fn demands_tls(url: &str, env_mode: Option<&str>) -> bool {
    let from_url = url::Url::parse(url)
        .ok()
        .and_then(|u| u.query_pairs().find(|(k, _)| k == "sslmode").map(|(_, v)| v.into_owned()));
    let mode = from_url.or(env_mode.map(str::to_owned)).unwrap_or_default();
    matches!(mode.as_str(), "require" | "verify-ca" | "verify-full")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_demanded_by_the_url_or_else_the_environment() {
        assert!(!demands_tls("postgres://u@h/db", None));
        assert!(!demands_tls("postgres://u@h/db?sslmode=prefer", Some("require")));
        assert!(demands_tls("postgres://u@h/db?sslmode=require", None));
        assert!(demands_tls("postgres://u@h/db?connect_timeout=5&sslmode=verify-full", Some("disable")));
        assert!(demands_tls("postgres://u@h/db", Some("verify-ca")));
        assert!(!demands_tls("postgres://u@h/db", Some("disable")));
    }
}
