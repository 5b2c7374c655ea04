//! What a worker sends: the body in the hook's format, and its signature.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::deliveries::Snapshot;
use super::{WebhookEvent, WebhookFormat};
use crate::ids::PushId;
use crate::pushes::PushStatus;

/// Where people read a push's whole log; `public_url` has no trailing slash.
pub fn log_url(public_url: &str, push: PushId) -> String {
    format!("{public_url}/api/v1/pushes/{push}/log.txt")
}

pub fn body(format: WebhookFormat, event: WebhookEvent, snapshot: &Snapshot, log_url: &str) -> Value {
    match format {
        WebhookFormat::Json => json_body(event, snapshot, log_url),
        WebhookFormat::Slack => slack_body(event, snapshot, log_url),
    }
}

/// Rolf's own body: the event, the push and deployment, and the fields a bot most wants at the top level.
pub fn json_body(event: WebhookEvent, s: &Snapshot, log_url: &str) -> Value {
    let mut push = serde_json::to_value(&s.push).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut push {
        fields.insert("log_url".to_owned(), Value::String(log_url.to_owned()));
    }
    json!({
        "event": event,
        "push": push,
        "deployment": s.deployment,
        "user": s.push.user,
        "comment": s.push.comment,
        "status": s.push.status,
        "tag": s.push.tag,
        "log_url": log_url,
    })
}

/// Slack's attachment colors: green, red, yellow, and blue while the push is under way.
pub fn slack_color(status: PushStatus) -> &'static str {
    match status {
        PushStatus::Succeeded => "good",
        PushStatus::Failed | PushStatus::Lost | PushStatus::Rejected => "danger",
        PushStatus::Cancelled | PushStatus::Paused | PushStatus::AwaitingApproval | PushStatus::Expired => "warning",
        PushStatus::Queued | PushStatus::Running => "#439FE0",
    }
}

/// Slack treats `&`, `<` and `>` in text as markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A Slack-compatible message (incoming webhooks; Mattermost and Rocket.Chat read it too).
pub fn slack_body(event: WebhookEvent, s: &Snapshot, log_url: &str) -> Value {
    let name = format!("{}/{}", s.deployment.application, s.deployment.name);
    let title = format!("{name}: push #{} {}", s.push.id, s.push.status);
    let text = format!(
        "{} push <{}|#{}> of *{}* by {}: {}",
        event,
        log_url,
        s.push.id,
        escape(&name),
        escape(&s.push.user),
        s.push.status
    );
    let field = |title: &str, value: &str, short: bool| json!({"title": title, "value": escape(value), "short": short});
    let mut fields = vec![field("Status", s.push.status.as_str(), true), field("User", &s.push.user, true)];
    if let Some(tag) = &s.push.tag {
        fields.push(field("Tag", tag, true));
    }
    if !s.push.comment.is_empty() {
        fields.push(field("Comment", &s.push.comment, false));
    }
    if let Some(error) = &s.push.error {
        fields.push(field("Error", error, false));
    }
    if let Some(needed) = &s.push.waiting_for {
        fields.push(field("Needs", needed, false));
    }
    if let Some(reason) = &s.push.bypass_reason {
        fields.push(field("Approvals and freezes bypassed", reason, false));
    }
    let at = s.push.finished_at.or(s.push.started_at).unwrap_or(s.push.created_at);
    json!({
        "text": text,
        "attachments": [{
            "fallback": title,
            "color": slack_color(s.push.status),
            "title": title,
            "title_link": log_url,
            "fields": fields,
            "ts": at.timestamp(),
        }],
    })
}

/// The `X-Rolf-Signature` value: `sha256=` and the hex HMAC-SHA256 of exactly the bytes sent.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::super::deliveries::{DeploymentSnapshot, PushSnapshot};
    use super::*;
    use crate::ids::DeploymentId;

    fn snapshot(status: PushStatus) -> Snapshot {
        Snapshot {
            push: PushSnapshot {
                id: PushId(12),
                status,
                user: "ada".to_owned(),
                comment: "ship <it>".to_owned(),
                tag: Some("v1".to_owned()),
                error: None,
                rollback_to: None,
                created_at: chrono::Utc::now(),
                started_at: None,
                finished_at: None,
                waiting_for: None,
                bypass_reason: None,
            },
            deployment: DeploymentSnapshot {
                id: Some(DeploymentId(3)),
                name: "prod".to_owned(),
                application: "shop".to_owned(),
            },
        }
    }

    #[test]
    fn signature_matches_rfc_4231_case_2() {
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn json_body_has_the_push_at_the_top_and_inside() {
        let url = log_url("http://rolf", PushId(12));
        let body = json_body(WebhookEvent::Succeeded, &snapshot(PushStatus::Succeeded), &url);
        assert_eq!(body["event"], "push.succeeded");
        assert_eq!(body["status"], "succeeded");
        assert_eq!(body["tag"], "v1");
        assert_eq!(body["user"], "ada");
        assert_eq!(body["log_url"], "http://rolf/api/v1/pushes/12/log.txt");
        assert_eq!(body["push"]["id"], 12);
        assert_eq!(body["push"]["log_url"], body["log_url"]);
        assert_eq!(body["deployment"], json!({"id": 3, "name": "prod", "application": "shop"}));
    }

    #[test]
    fn a_slack_message_of_a_push_awaiting_approval_says_who_must_act() {
        let mut waiting = snapshot(PushStatus::AwaitingApproval);
        waiting.push.waiting_for = Some("1 more approval from group ops".to_owned());
        let body = slack_body(WebhookEvent::AwaitingApproval, &waiting, "http://rolf/log");
        let fields = body["attachments"][0]["fields"].as_array().unwrap();
        assert!(
            fields.iter().any(|f| f["title"] == "Needs" && f["value"] == "1 more approval from group ops"),
            "{body:#}"
        );
        let plain = slack_body(WebhookEvent::Succeeded, &snapshot(PushStatus::Succeeded), "http://rolf/log");
        assert!(!plain.to_string().contains("Needs"), "{plain:#}");
    }

    #[test]
    fn slack_body_is_colored_by_status() {
        for (status, color) in [
            (PushStatus::Succeeded, "good"),
            (PushStatus::Failed, "danger"),
            (PushStatus::Lost, "danger"),
            (PushStatus::Cancelled, "warning"),
            (PushStatus::Running, "#439FE0"),
        ] {
            let body = slack_body(WebhookEvent::of(status), &snapshot(status), "http://rolf/log");
            assert_eq!(body["attachments"][0]["color"], color);
            assert_eq!(body["attachments"][0]["title_link"], "http://rolf/log");
            assert!(body["text"].as_str().unwrap().contains("shop/prod"));
        }
    }
}
