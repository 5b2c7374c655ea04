//! The API's answers as rolf reads them: only the fields rolf uses (one type per use), each one required.
//!
//! A field the API renamed or dropped is an error naming it ("missing field `status`", exit code 5), never a
//! silent "?" or "-" in a table. Nullable fields are `Option`s that must still be present: serde would otherwise
//! read a missing `Option` as `None`, and a renamed `tag` would print as "no tag". The API always sends them
//! (as `null` when empty). `--json` prints the API's own JSON, not these.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// Decodes an answer of the API; `what` names it in the error ("a push", "the deployments").
pub fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::Unavailable(format!("the API sent {what} rolf cannot read: {e}")))
}

/// A present field that may be `null`: with `deserialize_with`, serde reports a missing field instead of
/// defaulting it to `None`.
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// `GET /deployments`, `GET /deployments/{id}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Deployment {
    pub id: i64,
    pub application: String,
    pub name: String,
    /// The caller's own level: `view`, `push` or `edit`.
    pub level: String,
    pub deprecated: bool,
    /// `null` when it was never pushed.
    #[serde(deserialize_with = "nullable")]
    pub last_push: Option<LastPush>,
    /// How many days its pushes' logs are kept; `null`: the server's default (ROLF_LOG_RETENTION_DAYS).
    #[serde(deserialize_with = "nullable")]
    pub log_retention_days: Option<i64>,
}

impl Deployment {
    pub fn path(&self) -> String {
        format!("{}/{}", self.application, self.name)
    }
}

/// `GET /deployments/{id}/stats`.
#[derive(Debug, Clone, Deserialize)]
pub struct Stats {
    pub pushes: Vec<PushDurations>,
    pub estimates: Vec<StageEstimate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PushDurations {
    pub push_id: i64,
    pub status: String,
    pub stages: Vec<StageDuration>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StageDuration {
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub seconds: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StageEstimate {
    pub name: String,
    pub median_seconds: f64,
    pub runs: i64,
}

/// `GET /deployments/{id}/access`: the caller's level and why.
#[derive(Debug, Clone, Deserialize)]
pub struct Access {
    pub level: String,
    pub admin: bool,
    pub admin_through: Vec<String>,
    pub grants: Vec<AccessGrant>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccessGrant {
    pub group: String,
    pub level: String,
    pub member: bool,
    pub directory_groups: Vec<String>,
}

/// A deployment's latest push, as the deployment lists carry it.
#[derive(Debug, Clone, Deserialize)]
pub struct LastPush {
    pub id: i64,
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub tag: Option<String>,
    pub user: String,
}

impl LastPush {
    /// `#42 succeeded v1.4 by ann`.
    pub fn summary(&self) -> String {
        let tag = self.tag.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
        format!("#{} {}{tag} by {}", self.id, self.status, self.user)
    }
}

/// The answer to creating a push: what `rolf push` says of it.
#[derive(Debug, Clone, Deserialize)]
pub struct Created {
    pub id: i64,
    pub status: String,
    /// Why it has not started (the approvals it still needs, a freeze, a pool without workers); `null` when
    /// nothing holds it.
    #[serde(deserialize_with = "nullable")]
    pub waiting_for: Option<String>,
}

/// What `rolf follow` says of a push before following it (`GET /pushes/{id}`).
#[derive(Debug, Clone, Deserialize)]
pub struct PushHeader {
    pub application: String,
    pub deployment: String,
    pub status: String,
    /// When retention removed its log lines, and how many there were.
    #[serde(deserialize_with = "nullable")]
    pub log_pruned_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub log_pruned_lines: Option<i64>,
}

/// The answer to cancelling a push.
#[derive(Debug, Clone, Deserialize)]
pub struct PushStatus {
    pub status: String,
}

/// An item of a deployment's history (`GET /deployments/{id}/pushes`).
#[derive(Debug, Clone, Deserialize)]
pub struct Push {
    pub id: i64,
    pub application: String,
    pub deployment: String,
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub tag: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub rollback_to: Option<i64>,
    pub user: String,
    pub comment: String,
    pub created_at: String,
    #[serde(deserialize_with = "nullable")]
    pub log_pruned_at: Option<String>,
}

/// An item of `GET /deployments/{id}/tags`.
#[derive(Debug, Clone, Deserialize)]
pub struct Tag {
    pub push_id: i64,
    pub tag: String,
    pub user: String,
    pub comment: String,
    #[serde(deserialize_with = "nullable")]
    pub finished_at: Option<String>,
}

/// `GET /me`, and the `user` of a sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Me {
    pub username: String,
}

/// `POST /auth/login`.
#[derive(Debug, Deserialize)]
pub struct SignedIn {
    pub token: String,
    /// Kept as sent, for `--json`; read through [`Me`].
    pub user: Value,
}

/// How a push ended: the `end` event of the log stream (a whole push), or the push itself after polling.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct End {
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub tag: Option<String>,
}

/// A line of the log, from the stream's `line` events and the polling endpoint's pages.
#[derive(Debug, Deserialize)]
pub struct Line {
    pub seq: i64,
    pub stream: String,
    pub text: String,
}

/// `GET /pushes/{id}/log?after=`; the lines are kept as sent, for `--json`.
#[derive(Debug, Deserialize)]
pub struct LogPage {
    pub lines: Vec<Value>,
    pub finished: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn push() -> Value {
        json!({"id": 7, "application": "shop", "deployment": "prod", "status": "running", "tag": null,
               "rollback_to": null, "user": "ann", "comment": "", "created_at": "2025-01-01T00:00:00Z",
               "log_pruned_at": null, "stages": [], "flags": {}})
    }

    #[test]
    fn a_missing_field_is_an_error_naming_it_even_a_nullable_one() {
        assert!(decode::<Push>(push(), "a push").is_ok());
        for field in ["status", "tag", "rollback_to", "user"] {
            let mut body = push();
            body.as_object_mut().unwrap().remove(field);
            let err = decode::<Push>(body, "a push").unwrap_err();
            assert!(matches!(&err, Error::Unavailable(m) if m.contains(&format!("missing field `{field}`"))), "{err}");
            assert_eq!(err.exit_code(), 5);
        }
        let end = decode::<End>(json!({"status": "succeeded", "tag": null}), "an end").unwrap();
        assert_eq!(end, End { status: "succeeded".into(), tag: None });
        assert!(decode::<End>(json!({"status": "succeeded"}), "an end").is_err());
    }
}
