//! Webhooks for chat-ops: per deployment, a URL told about the push events it subscribed to. Changing a push's
//! status records a pending delivery per subscribed hook in the same transaction (`deliveries::record`); workers
//! send them (`deliveries::claim_due`, `message`). Nothing here touches the network, so a hook that is down never
//! delays a push or an API request. The secret, the key of the body's HMAC, is write-only.

pub mod deliveries;
pub mod message;
pub mod target;

pub use deliveries::record;

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::CanEdit;
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, WebhookId};
use crate::pushes::PushStatus;
use crate::schema::webhooks;
use crate::validate;

pub const MAX_URL_LEN: usize = 2048;
pub const MAX_SECRET_LEN: usize = 1024;
/// Retries back off exponentially from `ROLF_WEBHOOK_RETRY_BASE_MS` up to this delay.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(600);

crate::text_enum!(
    /// What happened to a push: one event per status it enters (`push.started` when it starts running).
    WebhookEvent {
        AwaitingApproval => "push.awaiting_approval",
        Approved => "push.approved",
        Rejected => "push.rejected",
        Expired => "push.expired",
        Bypassed => "push.bypassed",
        Queued => "push.queued",
        Started => "push.started",
        Paused => "push.paused",
        Succeeded => "push.succeeded",
        Failed => "push.failed",
        Cancelled => "push.cancelled",
        Lost => "push.lost",
    }
);

impl WebhookEvent {
    /// The event of a push entering `status`.
    pub fn of(status: PushStatus) -> WebhookEvent {
        match status {
            PushStatus::AwaitingApproval => WebhookEvent::AwaitingApproval,
            PushStatus::Rejected => WebhookEvent::Rejected,
            PushStatus::Expired => WebhookEvent::Expired,
            PushStatus::Queued => WebhookEvent::Queued,
            PushStatus::Running => WebhookEvent::Started,
            PushStatus::Paused => WebhookEvent::Paused,
            PushStatus::Succeeded => WebhookEvent::Succeeded,
            PushStatus::Failed => WebhookEvent::Failed,
            PushStatus::Cancelled => WebhookEvent::Cancelled,
            PushStatus::Lost => WebhookEvent::Lost,
        }
    }
}

crate::text_enum!(
    /// `json`: Rolf's own body; `slack`: a Slack-compatible message (text plus an attachment colored by status).
    WebhookFormat { Json => "json", Slack => "slack" }
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
struct WebhookRow {
    id: WebhookId,
    deployment_id: DeploymentId,
    url: String,
    events: Vec<Option<WebhookEvent>>,
    secret: Option<String>,
    format: WebhookFormat,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: WebhookId,
    pub deployment_id: DeploymentId,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub format: WebhookFormat,
    /// Whether bodies are signed (`X-Rolf-Signature`); the secret itself is never shown.
    pub secret: bool,
    pub created_at: DateTime<Utc>,
}

impl From<WebhookRow> for Webhook {
    fn from(row: WebhookRow) -> Self {
        Webhook {
            id: row.id,
            deployment_id: row.deployment_id,
            url: row.url,
            events: row.events.into_iter().flatten().collect(),
            format: row.format,
            secret: row.secret.is_some(),
            created_at: row.created_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// An `http://` or `https://` URL the workers POST to.
    #[schema(schema_with = url_schema)]
    pub url: String,
    /// At least one of `push.queued`, `push.started`, `push.succeeded`, `push.failed`, `push.cancelled`,
    /// `push.lost`.
    #[schema(value_type = Vec<WebhookEvent>, min_items = 1)]
    pub events: Vec<String>,
    /// Key of the HMAC-SHA256 of each body, sent as `X-Rolf-Signature: sha256=<hex>`. Write-only.
    #[schema(min_length = 1, max_length = 1024, pattern = r"^[^\u0000]*$")]
    pub secret: Option<String>,
    /// `json` (the default) or `slack`.
    #[schema(value_type = Option<WebhookFormat>)]
    pub format: Option<String>,
}

/// What `check_url` accepts: [`target::URL_PATTERN`], at most 2048 characters.
pub(crate) fn url_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .max_length(Some(MAX_URL_LEN))
        .pattern(Some(target::URL_PATTERN.as_str()))
        .description(Some(
            "An `http://` or `https://` URL the workers POST to: a host name (ASCII, no `xn--` label), an IPv4 \
             address or an [IPv6] one, an optional port, then a path, query or fragment without white space or \
             control characters. White space around it is dropped.",
        ))
        .build()
}

/// A webhook's URL as stored (white space around it dropped), or why it cannot be one.
pub fn check_url(url: &str) -> Result<String> {
    // The length as sent, white space included, as the schema's `maxLength` counts it.
    validate::text("url", url, MAX_URL_LEN)?;
    if !target::is_webhook_url(url).map_err(Error::Internal)? {
        return Err(Error::invalid(
            "url",
            "must be an http:// or https:// URL to a host name (ASCII, no xn-- label), an IPv4 address or an \
             [IPv6] one, without white space or control characters",
        ));
    }
    let url = url.trim();
    let parsed = url::Url::parse(url).map_err(|e| Error::invalid("url", format!("is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(Error::invalid("url", "must be an http:// or https:// URL"));
    }
    Ok(url.to_owned())
}

/// The named events, each once, in the canonical order.
fn check_events(names: &[String]) -> Result<Vec<WebhookEvent>> {
    if names.is_empty() {
        return Err(Error::invalid("events", "must name at least one event"));
    }
    let mut events = Vec::new();
    for name in names {
        let event: WebhookEvent = name.parse().map_err(|_| {
            let all: Vec<&str> = WebhookEvent::ALL.iter().map(|e| e.as_str()).collect();
            Error::invalid("events", format!("unknown event '{name}'; the events are {}", all.join(", ")))
        })?;
        events.push(event);
    }
    Ok(WebhookEvent::ALL.iter().copied().filter(|e| events.contains(e)).collect())
}

fn check_secret(secret: Option<String>) -> Result<Option<String>> {
    if let Some(secret) = &secret {
        if secret.is_empty() {
            return Err(Error::invalid("secret", "must not be empty; leave it out to send unsigned bodies"));
        }
        validate::text("secret", secret, MAX_SECRET_LEN)?;
    }
    Ok(secret)
}

fn check_format(format: Option<&str>) -> Result<WebhookFormat> {
    match format {
        None => Ok(WebhookFormat::Json),
        Some(f) => f.parse().map_err(|_| Error::invalid("format", "must be \"json\" or \"slack\"")),
    }
}

pub fn list(conn: &mut PgConnection, cap: &CanEdit) -> Result<Vec<Webhook>> {
    let rows: Vec<WebhookRow> = webhooks::table
        .filter(webhooks::deployment_id.eq(cap.deployment_id()))
        .order(webhooks::id)
        .select(WebhookRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(Webhook::from).collect())
}

/// The deployment's hook `id`; `NotFound` for another deployment's.
pub fn find(conn: &mut PgConnection, cap: &CanEdit, id: WebhookId) -> Result<Webhook> {
    let row: Option<WebhookRow> = webhooks::table
        .find(id)
        .filter(webhooks::deployment_id.eq(cap.deployment_id()))
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?;
    row.map(Webhook::from).ok_or(Error::NotFound("webhook"))
}

pub fn create(conn: &mut PgConnection, cap: &CanEdit, input: NewWebhook) -> Result<Webhook> {
    let hook = insert(conn, cap, input)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("webhook", "create", hook.id.0).deployment(cap.deployment_id()).after(&hook),
    )?;
    Ok(hook)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, cap: &CanEdit, input: NewWebhook) -> Result<Webhook> {
    let url = check_url(&input.url)?;
    let events = check_events(&input.events)?;
    let secret = check_secret(input.secret)?;
    let format = check_format(input.format.as_deref())?;
    let row: WebhookRow = diesel::insert_into(webhooks::table)
        .values((
            webhooks::deployment_id.eq(cap.deployment_id()),
            webhooks::url.eq(url),
            webhooks::events.eq(events),
            webhooks::secret.eq(secret),
            webhooks::format.eq(format),
        ))
        .returning(WebhookRow::as_returning())
        .get_result(conn)?;
    Ok(Webhook::from(row))
}

/// A hook as a deployment document states it: its URL, events and format, checked by the rules of
/// [`create`], and its secret, with `None` for "leave the stored one as it is" (an exported document carries none).
pub(crate) struct HookSpec {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub format: WebhookFormat,
    /// `Some(None)`: unsigned; `Some(Some(s))`: signed with `s`; `None`: the stored secret stays.
    pub secret: Option<Option<String>>,
}

impl HookSpec {
    /// Checks a hook's parts as `create` does; field names are those of [`NewWebhook`].
    pub fn checked(
        url: &str,
        events: &[WebhookEvent],
        format: WebhookFormat,
        secret: Option<Option<String>>,
    ) -> Result<HookSpec> {
        let names: Vec<String> = events.iter().map(|e| e.as_str().to_owned()).collect();
        let secret = match secret {
            Some(s) => Some(check_secret(s)?),
            None => None,
        };
        Ok(HookSpec { url: check_url(url)?, events: check_events(&names)?, format, secret })
    }
}

/// Every hook of a deployment with whether it is signed and by which secret: for comparing a document's hooks with
/// them (`apply`), never for an answer.
pub(crate) fn stored(conn: &mut PgConnection, cap: &CanEdit) -> Result<Vec<(Webhook, Option<String>)>> {
    let rows: Vec<WebhookRow> = webhooks::table
        .filter(webhooks::deployment_id.eq(cap.deployment_id()))
        .order(webhooks::id)
        .select(WebhookRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let secret = row.secret.clone();
            (Webhook::from(row), secret)
        })
        .collect())
}

/// Changes a hook of the deployment to match `spec` (no audit event: `apply` records one for everything); the
/// hook before and after. Deliveries already recorded keep the body they were made with.
pub(crate) fn change(
    conn: &mut PgConnection,
    cap: &CanEdit,
    id: WebhookId,
    spec: HookSpec,
) -> Result<(Webhook, Webhook)> {
    let before = find(conn, cap, id)?;
    let target = webhooks::table.find(id);
    let parts = (webhooks::url.eq(&spec.url), webhooks::events.eq(&spec.events), webhooks::format.eq(spec.format));
    let row: WebhookRow = match spec.secret {
        Some(secret) => diesel::update(target)
            .set((parts, webhooks::secret.eq(secret)))
            .returning(WebhookRow::as_returning())
            .get_result(conn)?,
        None => diesel::update(target).set(parts).returning(WebhookRow::as_returning()).get_result(conn)?,
    };
    Ok((before, Webhook::from(row)))
}

/// Deletes a hook with its deliveries; one being sent finishes, but its outcome is not recorded.
pub fn delete(conn: &mut PgConnection, cap: &CanEdit, id: WebhookId) -> Result<()> {
    let before = remove(conn, cap, id)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("webhook", "delete", id.0).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// [`delete`] without its audit event; returns the hook removed.
pub(crate) fn remove(conn: &mut PgConnection, cap: &CanEdit, id: WebhookId) -> Result<Webhook> {
    let before = find(conn, cap, id)?;
    diesel::delete(webhooks::table.find(id)).execute(conn)?;
    Ok(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_checked_deduplicated_and_ordered() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            check_events(&names(&["push.failed", "push.queued", "push.failed"])).unwrap(),
            vec![WebhookEvent::Queued, WebhookEvent::Failed]
        );
        assert!(check_events(&[]).is_err());
        assert!(check_events(&names(&["push.done"])).is_err());
    }

    #[test]
    fn urls_must_be_http() {
        assert_eq!(check_url(" https://hooks.example.org/x?y=1 ").unwrap(), "https://hooks.example.org/x?y=1");
        for bad in ["", "hooks.example.org", "ftp://x/y", "file:///etc/passwd", "http://"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_status_has_its_event() {
        for status in PushStatus::ALL {
            assert!(WebhookEvent::of(*status).as_str().starts_with("push."));
        }
        assert_eq!(WebhookEvent::of(PushStatus::Running), WebhookEvent::Started);
    }
}
