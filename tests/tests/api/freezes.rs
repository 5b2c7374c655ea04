//! Freeze windows (issue 11): a push asked for during one is refused naming it, unless bypassed; a queued push
//! waits for the window to end; who may manage which freezes; the rules of a window.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

async fn deployment(app: &TestApp, name: &str) -> i64 {
    let d = app.deployment(name).await;
    let stage = json!({"name": "ship", "language": "bash", "code": "echo shipped"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    d
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn freeze(app: &TestApp, token: &str, body: Value) -> rolf_tests::Reply {
    app.post("/api/v1/freezes", token, body).await
}

#[tokio::test]
async fn a_push_during_a_freeze_is_refused_naming_the_window_unless_bypassed() {
    let app = TestApp::spawn().await;
    let d = deployment(&app, "frozen").await;
    app.grant(d, "editors", "edit").await;
    app.grant(d, "pushers", "push").await;
    let (editor, pusher) = (app.user(&["editors"]).await, app.user(&["pushers"]).await);
    let now = Utc::now();
    let window = json!({"reason": "exams week", "deployment_id": d,
        "starts_at": rfc3339(now - chrono::Duration::minutes(1)), "ends_at": rfc3339(now + chrono::Duration::hours(1))});
    let refused = freeze(&app, &pusher, window.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "push level does not manage freezes: {refused:?}");
    let created = freeze(&app, &editor, window).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    assert_eq!(created.body["active"]["reason"], "exams week");

    let push = app.post(&format!("/api/v1/deployments/{d}/pushes"), &pusher, json!({})).await;
    assert_eq!(push.status, StatusCode::CONFLICT, "{push:?}");
    assert_eq!(push.body["error"]["code"], "frozen");
    assert!(push.body["error"]["message"].as_str().unwrap().contains("exams week"), "{push:?}");
    let shown = app.get(&format!("/api/v1/deployments/{d}"), &pusher).await.body;
    assert_eq!(shown["frozen"]["reason"], "exams week", "{shown:#}");

    let _worker = app.worker(&[]);
    let bypassed =
        app.post(&format!("/api/v1/deployments/{d}/pushes"), &editor, json!({"bypass": {"reason": "hotfix"}})).await;
    assert_eq!(bypassed.status, StatusCode::ACCEPTED, "{bypassed:?}");
    let ran = app.wait_push(bypassed.body["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(ran["status"], "succeeded", "a bypassed push runs during the freeze: {ran:#}");

    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(app.delete(&format!("/api/v1/freezes/{id}"), &pusher).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&format!("/api/v1/freezes/{id}"), &editor).await.status, StatusCode::NO_CONTENT);
    let after = app.post(&format!("/api/v1/deployments/{d}/pushes"), &pusher, json!({})).await;
    assert_eq!(after.status, StatusCode::ACCEPTED, "{after:?}");
}

#[tokio::test]
async fn a_queued_push_waits_for_the_window_to_end() {
    let app = TestApp::spawn().await;
    let d = deployment(&app, "held").await;
    let queued = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{queued:?}");
    let now = Utc::now();
    let ends_at = now + chrono::Duration::seconds(4);
    let window = json!({"reason": "release freeze", "deployment_id": d,
        "starts_at": rfc3339(now - chrono::Duration::seconds(1)), "ends_at": rfc3339(ends_at)});
    assert_eq!(freeze(&app, &app.admin_token, window).await.status, StatusCode::CREATED);
    let _worker = app.worker(&[]);
    let id = queued.body["id"].as_i64().unwrap();
    let waiting = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await.body;
    if waiting["status"] == "queued" {
        assert!(waiting["waiting_for"].as_str().unwrap().starts_with("frozen until"), "{waiting:#}");
    }
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    let started: DateTime<Utc> = done["started_at"].as_str().unwrap().parse().unwrap();
    assert!(started >= ends_at, "started at {started}, before the window ended at {ends_at}");
}

#[tokio::test]
async fn freezes_of_wider_scopes_are_for_admins_and_windows_are_checked() {
    let app = TestApp::spawn().await;
    let d = deployment(&app, "scoped").await;
    app.grant(d, "editors", "edit").await;
    let editor = app.user(&["editors"]).await;
    let category = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await["category_id"].clone();
    let weekly = json!({"reason": "weekends", "cron": "* * * * *", "duration_minutes": 5, "timezone": "Europe/Berlin"});
    let everywhere = freeze(&app, &editor, weekly.clone()).await;
    assert_eq!(everywhere.status, StatusCode::FORBIDDEN, "{everywhere:?}");
    let mut in_category = weekly.clone();
    in_category["category_id"] = category;
    assert_eq!(freeze(&app, &editor, in_category.clone()).await.status, StatusCode::FORBIDDEN);
    let made = freeze(&app, &app.admin_token, in_category).await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
    assert!(made.body["active"].is_object(), "every minute for five minutes covers now: {made:?}");
    for edge in ["starts_at", "ends_at"] {
        let at: chrono::DateTime<Utc> = made.body["active"][edge].as_str().unwrap().parse().unwrap();
        assert_eq!(at.timestamp_subsec_nanos(), 0, "a window starts and ends on the minute: {made:?}");
        assert_eq!(at.timestamp() % 60, 0, "a window starts and ends on the minute: {made:?}");
    }
    let push = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await;
    assert_eq!(push.body["error"]["code"], "frozen", "a category's freeze holds its deployments: {push:?}");
    let listed = app.get("/api/v1/freezes", &editor).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1, "{listed:?}");

    let now = Utc::now();
    let bad = [
        (json!({"reason": "x", "cron": "0 16 * * 5", "duration_minutes": 60, "timezone": "Mars/Olympus"}), "timezone"),
        (json!({"reason": "x", "cron": "0 0 16 * * 5", "duration_minutes": 60, "timezone": "UTC"}), "cron"),
        (json!({"reason": "x", "cron": "0 16 * * 5", "duration_minutes": 0, "timezone": "UTC"}), "duration_minutes"),
        (json!({"reason": "x", "starts_at": rfc3339(now), "ends_at": rfc3339(now)}), "ends_at"),
        (json!({"reason": "x", "starts_at": rfc3339(now)}), "starts_at"),
        (
            json!({"reason": " ", "starts_at": rfc3339(now), "ends_at": rfc3339(now + chrono::Duration::hours(1))}),
            "reason",
        ),
        (
            json!({"reason": "x", "deployment_id": d, "application_id": 1, "cron": "0 16 * * 5", "duration_minutes": 60,
            "timezone": "UTC"}),
            "category_id",
        ),
    ];
    for (body, field) in bad {
        let reply = freeze(&app, &app.admin_token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], field, "{body}: {reply:?}");
    }
}
