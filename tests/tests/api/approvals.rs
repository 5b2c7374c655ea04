//! Approvals before a push runs (issue 11): distinct approvers other than the requester, void after a change
//! of stages or settings, rejection, expiry, the approver group, and the emergency bypass.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost", "rejected", "expired"];

/// A deployment with one stage that needs `required` approvals; `pushers` may push it.
async fn guarded(app: &TestApp, required: i64) -> (i64, i64) {
    let d = app.deployment("guarded").await;
    let stage = json!({"name": "ship", "language": "bash", "code": "echo shipped"});
    let stage = app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    let set =
        app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, json!({"approvals_required": required})).await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    app.grant(d, "pushers", "push").await;
    (d, stage["id"].as_i64().unwrap())
}

async fn request(app: &TestApp, token: &str, d: i64) -> Value {
    let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), token, json!({"comment": "please"})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    reply.body
}

async fn decide(app: &TestApp, token: &str, push: &Value, verb: &str, comment: &str) -> rolf_tests::Reply {
    app.post(&format!("/api/v1/pushes/{}/{verb}", push["id"]), token, json!({"comment": comment})).await
}

async fn get(app: &TestApp, push: &Value) -> Value {
    app.get(&format!("/api/v1/pushes/{}", push["id"]), &app.admin_token).await.body
}

#[tokio::test]
async fn a_push_needing_two_approvals_runs_once_two_other_people_approved() {
    let app = TestApp::spawn().await;
    let (d, _) = guarded(&app, 2).await;
    let (requester, first, second) =
        (app.user(&["pushers"]).await, app.user(&["pushers"]).await, app.user(&["pushers"]).await);
    app.grant(d, "lookers", "view").await;
    let viewer = app.user(&["lookers"]).await;
    let _worker = app.worker(&[]);

    let push = request(&app, &requester, d).await;
    assert_eq!(push["status"], "awaiting_approval", "{push:#}");
    assert_eq!(push["approvals_required"], 2);
    assert_eq!(push["waiting_for"], "2 more approvals from someone with push on the deployment", "{push:#}");
    assert!(push["approval_expires_at"].is_string());

    let own = decide(&app, &requester, &push, "approve", "").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "the requester never counts: {own:?}");
    let looker = decide(&app, &viewer, &push, "approve", "").await;
    assert_eq!(looker.status, StatusCode::FORBIDDEN, "{looker:?}");
    let queue = app.get("/api/v1/approvals", &first).await;
    assert_eq!(queue.body.as_array().unwrap().len(), 1, "{queue:?}");
    assert!(app.get("/api/v1/approvals", &requester).await.body.as_array().unwrap().is_empty());

    let once = decide(&app, &first, &push, "approve", "looks fine").await;
    assert_eq!(once.status, StatusCode::OK, "{once:?}");
    assert_eq!(once.body["status"], "awaiting_approval");
    assert_eq!(once.body["waiting_for"], "1 more approval from someone with push on the deployment");
    let twice = decide(&app, &first, &push, "approve", "").await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "the same person counts once: {twice:?}");
    assert!(app.get("/api/v1/approvals", &first).await.body.as_array().unwrap().is_empty());

    let enough = decide(&app, &second, &push, "approve", "").await;
    assert_eq!(enough.status, StatusCode::OK, "{enough:?}");
    let done = app.wait_push(push["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    let who: Vec<&str> = done["approvals"].as_array().unwrap().iter().map(|a| a["comment"].as_str().unwrap()).collect();
    assert_eq!(who, ["looks fine", ""], "{done:#}");
    let late = decide(&app, &viewer, &push, "approve", "").await;
    assert_eq!(late.status, StatusCode::FORBIDDEN, "{late:?}");
    let audit = app.get(&format!("/api/v1/audit?deployment_id={d}"), &app.admin_token).await.body.to_string();
    assert!(audit.contains("\"push.approve\""), "approvals are audited: {audit}");
}

#[tokio::test]
async fn a_change_of_stages_voids_the_approvals_given_before_it() {
    let app = TestApp::spawn().await;
    let (d, stage) = guarded(&app, 2).await;
    let (requester, first, second) =
        (app.user(&["pushers"]).await, app.user(&["pushers"]).await, app.user(&["pushers"]).await);
    let push = request(&app, &requester, d).await;
    assert_eq!(decide(&app, &first, &push, "approve", "").await.status, StatusCode::OK);

    app.admin(Method::PATCH, &format!("/api/v1/stages/{stage}"), Some(json!({"code": "echo changed"}))).await;
    let waiting = get(&app, &push).await;
    assert_eq!(waiting["approvals"][0]["void"], true, "{waiting:#}");
    let why = waiting["waiting_for"].as_str().unwrap();
    assert!(why.starts_with("2 more approvals") && why.contains("no longer count"), "{why}");
    let other = decide(&app, &second, &push, "approve", "").await;
    assert_eq!(other.body["status"], "awaiting_approval", "the void approval does not count: {other:?}");
    let again = decide(&app, &first, &push, "approve", "seen the change").await;
    assert_eq!(again.status, StatusCode::OK, "approving what changed is a new approval: {again:?}");
    assert_eq!(again.body["status"], "queued", "{again:?}");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_ends_the_push() {
    let app = TestApp::spawn().await;
    let (d, _) = guarded(&app, 1).await;
    let (requester, approver) = (app.user(&["pushers"]).await, app.user(&["pushers"]).await);
    let push = request(&app, &requester, d).await;
    let bare = decide(&app, &approver, &push, "reject", "  ").await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{bare:?}");
    assert_eq!(bare.body["error"]["field"], "comment");
    let rejected = decide(&app, &approver, &push, "reject", "not during the sale").await;
    assert_eq!(rejected.status, StatusCode::OK, "{rejected:?}");
    assert_eq!(rejected.body["status"], "rejected");
    assert!(rejected.body["error"].as_str().unwrap().contains("not during the sale"), "{rejected:?}");
    assert_eq!(rejected.body["stages"][0]["status"], "skipped");
    let after = decide(&app, &approver, &push, "approve", "").await;
    assert_eq!(after.status, StatusCode::CONFLICT, "{after:?}");
}

#[tokio::test]
async fn an_approver_group_decides_and_unanswered_pushes_expire() {
    let app = TestApp::spawn().await;
    let (d, _) = guarded(&app, 1).await;
    app.grant(d, "release-managers", "view").await;
    let set = json!({"approver_group": "release-managers", "approval_expires_hours": 1});
    assert_eq!(app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, set).await.status, StatusCode::OK);
    let (requester, pusher, manager) =
        (app.user(&["pushers"]).await, app.user(&["pushers"]).await, app.user(&["release-managers"]).await);
    let push = request(&app, &requester, d).await;
    assert_eq!(push["waiting_for"], "1 more approval from group release-managers");
    let outsider = decide(&app, &pusher, &push, "approve", "").await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN, "push alone is not enough with a group: {outsider:?}");
    assert_eq!(decide(&app, &manager, &push, "approve", "").await.body["status"], "queued");

    let stale = request(&app, &requester, d).await;
    let id = stale["id"].as_i64().unwrap();
    // An hour is long for a test: the deadline is moved, not waited for.
    app.db
        .with(move |conn| {
            use diesel::prelude::*;
            diesel::sql_query("UPDATE pushes SET approval_expires_at = now() - interval '1 second' WHERE id = $1")
                .bind::<diesel::sql_types::BigInt, _>(id)
                .execute(conn)
                .unwrap()
        })
        .await;
    let expired = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(expired["status"], "expired", "{expired:#}");
}

#[tokio::test]
async fn the_emergency_bypass_needs_edit_and_a_reason_and_shows() {
    let app = TestApp::spawn().await;
    let (d, _) = guarded(&app, 1).await;
    app.grant(d, "editors", "edit").await;
    let (pusher, editor) = (app.user(&["pushers"]).await, app.user(&["editors"]).await);
    let path = format!("/api/v1/deployments/{d}/pushes");
    let refused = app.post(&path, &pusher, json!({"bypass": {"reason": "site down"}})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
    let bare = app.post(&path, &editor, json!({"bypass": {"reason": " "}})).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{bare:?}");
    assert_eq!(bare.body["error"]["field"], "bypass.reason");
    let bypassed = app.post(&path, &editor, json!({"bypass": {"reason": "site down"}})).await;
    assert_eq!(bypassed.status, StatusCode::ACCEPTED, "{bypassed:?}");
    assert_eq!(bypassed.body["status"], "queued");
    assert_eq!(bypassed.body["bypass_reason"], "site down");
    assert_eq!(bypassed.body["approvals_required"], 0);

    let lowered = app.patch(&format!("/api/v1/deployments/{d}"), &editor, json!({"approvals_required": 0})).await;
    assert_eq!(lowered.status, StatusCode::FORBIDDEN, "only admins change approval settings: {lowered:?}");
    let bad =
        app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, json!({"approver_group": "nobody"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    assert_eq!(bad.body["error"]["field"], "approver_group");
}

#[tokio::test]
async fn a_rollback_needs_approvals_unless_the_deployment_waives_them() {
    let app = TestApp::spawn().await;
    let (d, _) = guarded(&app, 1).await;
    app.grant(d, "editors", "edit").await;
    let (pusher, editor) = (app.user(&["pushers"]).await, app.user(&["editors"]).await);
    let _worker = app.worker(&[]);
    let path = format!("/api/v1/deployments/{d}/pushes");
    let first = app.post(&path, &editor, json!({"bypass": {"reason": "first release"}})).await;
    let first = app.wait_push(first.body["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(first["status"], "succeeded", "{first:#}");

    let rollback = json!({"rollback_to": first["id"]});
    let waits = app.post(&path, &pusher, rollback.clone()).await;
    assert_eq!(waits.body["status"], "awaiting_approval", "{waits:?}");
    let waived = json!({"rollback_without_approval": true});
    assert_eq!(app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, waived).await.status, StatusCode::OK);
    let goes = app.post(&path, &pusher, rollback).await;
    assert_eq!(goes.body["status"], "queued", "{goes:?}");
    let normal = app.post(&path, &pusher, json!({})).await;
    assert_eq!(normal.body["status"], "awaiting_approval", "only rollbacks are waived: {normal:?}");
}
