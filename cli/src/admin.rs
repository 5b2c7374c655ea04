//! `rolf audit` (the audit trail, filtered) and `rolf service-accounts` (an account's tokens, listed and revoked):
//! what admins look at, and editors for their deployments' trail.

use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::{Error, Result};
use crate::model::{decode, nullable};
use crate::output::{Output, time};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only events about this deployment: its id (also of a deleted one) or application/deployment. Needed
    /// unless you are an admin (then you need edit on it).
    #[arg(long, short)]
    pub deployment: Option<String>,
    /// Only events by this user or service account (its username, exactly).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only events of this action (e.g. setting.put), or of every action on a kind of object (e.g. setting).
    #[arg(long)]
    pub action: Option<String>,
    /// Only events at or after this time (RFC 3339, e.g. 2026-12-01T00:00:00Z).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events before this time (RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// How many events.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=500))]
    pub limit: u16,
    /// Only events older than this one (a page's `next_before`, shown after a full page).
    #[arg(long)]
    pub before: Option<i64>,
}

/// An event of `GET /audit`.
#[derive(Debug, Deserialize)]
struct Event {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target_type: String,
    #[serde(deserialize_with = "nullable")]
    target_id: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    deployment_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct AuditPage {
    events: Vec<Event>,
    #[serde(deserialize_with = "nullable")]
    next_before: Option<i64>,
}

/// `rolf audit`: a page of the trail, newest first.
pub async fn audit(api: &Api, args: AuditArgs, json: bool, out: &mut Output) -> Result<u8> {
    // An id is passed as it is: an admin may read a deleted deployment's trail, which no lookup would find.
    let deployment = match args.deployment {
        Some(d) if d.parse::<i64>().is_ok() => Some(d),
        Some(name) => Some(crate::commands::resolve(api, &name).await?.id.to_string()),
        None => None,
    };
    let mut query: Vec<(&str, String)> = vec![("limit", args.limit.to_string())];
    let optional = [
        ("deployment_id", deployment),
        ("actor", args.actor),
        ("action", args.action),
        ("since", args.since),
        ("until", args.until),
        ("before", args.before.map(|b| b.to_string())),
    ];
    query.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    let value: Value = api.get_with_query("/audit", &query).await?;
    if json {
        out.json(&value)?;
        return Ok(0);
    }
    let page: AuditPage = decode(value, "the audit trail")?;
    let rows: Vec<Vec<String>> = page
        .events
        .into_iter()
        .map(|e| {
            let target = match e.target_id {
                Some(id) => format!("{} {id}", e.target_type),
                None => e.target_type,
            };
            let deployment = e.deployment_id.map_or_else(|| "-".to_owned(), |d| d.to_string());
            vec![e.id.to_string(), time(Some(&e.at)), e.actor, e.action, target, deployment]
        })
        .collect();
    out.table(&["ID", "TIME (UTC)", "ACTOR", "ACTION", "TARGET", "DEPLOYMENT"], &rows)?;
    if let Some(before) = page.next_before {
        out.note(&format!("more: --before {before}"))?;
    }
    Ok(0)
}

#[derive(Debug, Subcommand)]
pub enum ServiceAccountsCommand {
    /// List a service account's tokens: when each was made, expires and was last used, and whether it was
    /// revoked; never the secret.
    Tokens {
        /// The service account's name.
        account: String,
    },
    /// Revoke one of a service account's tokens at once (its ID from `rolf service-accounts tokens`).
    Revoke {
        /// The service account's name.
        account: String,
        /// The token's id.
        token: i64,
    },
}

/// A token of `GET /service-accounts/{name}/tokens`.
#[derive(Debug, Deserialize)]
struct Token {
    id: i64,
    name: String,
    created_at: String,
    #[serde(deserialize_with = "nullable")]
    expires_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    last_used_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    revoked_at: Option<String>,
}

impl Token {
    fn state(&self, now: chrono::DateTime<chrono::Utc>) -> String {
        let expired = self
            .expires_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .is_some_and(|t| t <= now);
        match (&self.revoked_at, expired) {
            (Some(at), _) => format!("revoked {}", time(Some(at))),
            (None, true) => "expired".to_owned(),
            (None, false) => "active".to_owned(),
        }
    }
}

/// `/service-accounts/{name}/tokens`; a name with characters no account has is refused here, not sent.
fn tokens_path(account: &str) -> Result<String> {
    if account.is_empty() || !account.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(Error::usage(format!(
            "{account:?} is not a service account name (letters, digits, '-', '_', '.')"
        )));
    }
    Ok(format!("/service-accounts/{account}/tokens"))
}

async fn tokens(api: &Api, account: &str) -> Result<Value> {
    match api.get::<Value>(&tokens_path(account)?).await {
        Err(Error::Refused(_)) => Err(Error::Refused(format!("no service account {account}"))),
        other => other,
    }
}

pub async fn service_accounts(api: &Api, command: ServiceAccountsCommand, json: bool, out: &mut Output) -> Result<u8> {
    match command {
        ServiceAccountsCommand::Tokens { account } => {
            let value = tokens(api, &account).await?;
            if json {
                out.json(&value)?;
                return Ok(0);
            }
            let list: Vec<Token> = decode(value, "the tokens")?;
            let now = chrono::Utc::now();
            let never = || "never".to_owned();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|t| {
                    vec![
                        t.id.to_string(),
                        t.name.clone(),
                        time(Some(&t.created_at)),
                        t.expires_at.as_deref().map_or_else(never, |e| time(Some(e))),
                        t.last_used_at.as_deref().map_or_else(never, |u| time(Some(u))),
                        t.state(now),
                    ]
                })
                .collect();
            out.table(&["ID", "NAME", "CREATED (UTC)", "EXPIRES (UTC)", "LAST USED (UTC)", "STATE"], &rows)?;
            Ok(0)
        }
        ServiceAccountsCommand::Revoke { account, token } => {
            // DELETE /tokens/{id} revokes any token for an admin: check first that the id is one of this
            // account's, so a mistyped id cannot revoke someone else's.
            let list: Vec<Token> = decode(tokens(api, &account).await?, "the tokens")?;
            let Some(found) = list.iter().find(|t| t.id == token) else {
                return Err(Error::Refused(format!(
                    "service account {account} has no token {token}; see `rolf service-accounts tokens {account}`"
                )));
            };
            api.delete(&format!("/tokens/{token}")).await?;
            if json {
                // The token as the API now lists it, revoked_at set (the revoke itself answers no body).
                let listed = tokens(api, &account).await?;
                let revoked = listed.as_array().and_then(|l| l.iter().find(|t| t["id"] == token)).cloned();
                out.json(&revoked.unwrap_or(Value::Null))?;
            } else if found.revoked_at.is_some() {
                out.out_line(&format!("token {token} ({}) of {account} was already revoked", found.name))?;
            } else {
                out.out_line(&format!("token {token} ({}) of {account} revoked", found.name))?;
            }
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(expires_at: Option<&str>, revoked_at: Option<&str>) -> Token {
        Token {
            id: 1,
            name: "deploy".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            expires_at: expires_at.map(Into::into),
            last_used_at: None,
            revoked_at: revoked_at.map(Into::into),
        }
    }

    #[test]
    fn a_tokens_state_is_revoked_before_expired_before_active() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().to_utc();
        assert_eq!(token(None, None).state(now), "active");
        assert_eq!(token(Some("2026-07-01T00:00:00.5Z"), None).state(now), "active");
        assert_eq!(token(Some("2026-05-01T00:00:00Z"), None).state(now), "expired");
        assert_eq!(
            token(Some("2026-05-01T00:00:00Z"), Some("2026-04-01T10:00:00Z")).state(now),
            "revoked 2026-04-01 10:00:00"
        );
    }

    #[test]
    fn only_plain_account_names_make_a_path() {
        assert_eq!(tokens_path("ci-bot_1.x").unwrap(), "/service-accounts/ci-bot_1.x/tokens");
        for bad in ["", "a b", "../tokens", "a/b", "é"] {
            assert!(matches!(tokens_path(bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }
}
