//! Issue 12's push power tools end to end, with real workers: resume from the stage that did not succeed (after
//! a failure and after a lost worker), step mode, typed flags, and what changed between pushes.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::fixtures::{bash, deployment_with, setting};
use rolf_tests::gate::Gate;
use rolf_tests::{TestApp, kill_stages};
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

async fn push(app: &TestApp, d: i64, body: Value) -> i64 {
    let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, body).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    reply.body["id"].as_i64().unwrap()
}

async fn resume(app: &TestApp, id: i64) -> i64 {
    let reply = app.post(&format!("/api/v1/pushes/{id}/resume"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    assert_eq!(reply.body["resumed_from"], id, "{reply:?}");
    reply.body["id"].as_i64().unwrap()
}

fn stdout(lines: &[Value]) -> Vec<String> {
    lines.iter().filter(|l| l["stream"] == "stdout").map(|l| l["text"].as_str().unwrap().to_owned()).collect()
}

fn stage_statuses(push: &Value) -> Vec<&str> {
    push["stages"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_resumed_push_runs_its_snapshot_from_the_failed_stage_and_reruns_the_marked_setup() {
    let app = TestApp::spawn().await;
    let mut setup = bash("checkout", "echo checkout $MODE; touch \"$ROLF_WORKDIR/checkout\"");
    setup["rerun_on_resume"] = json!(true);
    let deploy = "test -e \"$ROLF_WORKDIR/checkout\" || exit 9; test -e \"$GATE\" || exit 3; echo deploy $MODE";
    let (d, stages) =
        deployment_with(&app, "resumable", &[setup, bash("build", "echo build $MODE"), bash("deploy", deploy)]).await;
    let gate = Gate::on(&app, d).await;
    setting(&app, d, "MODE", "old", false).await;
    let _worker = app.worker(&[]);
    let first = push(&app, d, json!({"comment": "first try"})).await;
    let failed = app.wait_push(first, DONE, LIVENESS).await;
    assert_eq!(failed["status"], "failed", "{failed:#}");

    // Edits after the push must not reach its resumption: it runs the snapshot.
    app.admin(Method::PATCH, &format!("/api/v1/stages/{}", stages[1]), Some(json!({"code": "echo build v2"}))).await;
    setting(&app, d, "MODE", "new", false).await;
    gate.open();
    let second = resume(&app, first).await;
    let done = app.wait_push(second, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(done["comment"], "first try", "the comment is kept unless one is given");
    assert_eq!(stage_statuses(&done), ["succeeded", "skipped", "succeeded"], "{done:#}");
    assert_eq!(done["stages"][1]["succeeded_in"], first);
    assert_eq!(done["stages"][0]["succeeded_in"], Value::Null);
    let lines = app.log(second).await;
    assert_eq!(stdout(&lines), ["checkout old", "deploy old"], "{lines:#?}");
    assert!(
        lines.iter().any(|l| l["text"] == format!("stage build skipped: it succeeded in push {first}")),
        "the skipped stage says so: {lines:#?}"
    );

    // A succeeded push, or one still queued, cannot be resumed.
    let reply = app.post(&format!("/api/v1/pushes/{second}/resume"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("succeeded"), "{reply:?}");
    let viewer = app.user(&["viewers"]).await;
    app.grant(d, "viewers", "view").await;
    let reply = app.post(&format!("/api/v1/pushes/{first}/resume"), &viewer, json!({})).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{reply:?}");
}

#[tokio::test]
async fn resuming_a_lost_push_starts_at_the_stage_that_was_running() {
    let app = TestApp::spawn().await;
    let mut setup = bash("setup", "echo setup");
    setup["rerun_on_resume"] = json!(true);
    let work = "echo working; test -e \"$GATE\" || sleep 300; echo worked";
    let (d, _) =
        deployment_with(&app, "lost-then-resumed", &[setup, bash("prepare", "echo prepared"), bash("work", work)])
            .await;
    let gate = Gate::on(&app, d).await;
    let lost_after = [("ROLF_LOST_AFTER_SECONDS", "3")];
    let mut victim = app.worker(&lost_after);
    let first = push(&app, d, json!({})).await;
    app.wait_line(first, "working").await;
    victim.kill();
    kill_stages(&victim.workdir);
    let lost = app.wait_push(first, DONE, LIVENESS).await;
    assert_eq!(lost["status"], "lost", "{lost:#}");

    gate.open();
    let _survivor = app.worker(&lost_after);
    let second = resume(&app, first).await;
    let done = app.wait_push(second, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(stage_statuses(&done), ["succeeded", "skipped", "succeeded"], "{done:#}");
    assert_eq!(stdout(&app.log(second).await), ["setup", "working", "worked"]);
}

#[tokio::test]
async fn a_step_push_pauses_before_each_later_stage_until_continued() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(
        &app,
        "stepped",
        &[bash("one", "echo one"), bash("two", "echo two"), bash("three", "echo three")],
    )
    .await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({"step": true})).await;
    let paused = app.wait_push(id, &["paused"], LIVENESS).await;
    assert_eq!(paused["paused_before"], 1, "{paused:#}");
    assert_eq!(stage_statuses(&paused), ["succeeded", "pending", "pending"]);
    app.wait_line(id, "paused before stage two").await;

    // The deployment stays locked while paused.
    let next = push(&app, d, json!({})).await;
    let viewer = app.user(&["lookers"]).await;
    app.grant(d, "lookers", "view").await;
    let refused = app.post(&format!("/api/v1/pushes/{id}/continue"), &viewer, json!({})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");

    let continued = app.post(&format!("/api/v1/pushes/{id}/continue"), &app.admin_token, json!({})).await;
    assert_eq!(continued.status, StatusCode::OK, "{continued:?}");
    let paused = app.wait_push(id, &["paused"], LIVENESS).await;
    assert_eq!(paused["paused_before"], 2, "{paused:#}");
    assert_eq!(app.get(&format!("/api/v1/pushes/{next}"), &app.admin_token).await.body["status"], "queued");
    app.post(&format!("/api/v1/pushes/{id}/continue"), &app.admin_token, json!({})).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(stdout(&app.log(id).await), ["one", "two", "three"]);
    let again = app.post(&format!("/api/v1/pushes/{id}/continue"), &app.admin_token, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{again:?}");
    assert_eq!(app.wait_push(next, DONE, LIVENESS).await["status"], "succeeded");
}

#[tokio::test]
async fn a_paused_push_is_cancelled_by_hand_or_past_the_pause_timeout_and_lost_with_its_worker() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "paused", &[bash("one", "echo one"), bash("two", "echo two")]).await;
    let mut worker = app.worker(&[("ROLF_PAUSE_TIMEOUT_MINUTES", "0.05"), ("ROLF_LOST_AFTER_SECONDS", "3")]);
    let timed_out = push(&app, d, json!({"step": true})).await;
    let done = app.wait_push(timed_out, DONE, LIVENESS).await;
    assert_eq!(done["status"], "cancelled", "{done:#}");
    assert!(done["error"].as_str().unwrap().contains("paused for over"), "{done:#}");
    assert_eq!(stage_statuses(&done), ["succeeded", "skipped"]);

    let mut patient = app.worker(&[("ROLF_LOST_AFTER_SECONDS", "3")]);
    worker.kill();
    let by_hand = push(&app, d, json!({"step": true})).await;
    app.wait_push(by_hand, &["paused"], LIVENESS).await;
    let reply = app.post(&format!("/api/v1/pushes/{by_hand}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(app.wait_push(by_hand, DONE, LIVENESS).await["status"], "cancelled");

    let orphaned = push(&app, d, json!({"step": true})).await;
    app.wait_push(orphaned, &["paused"], LIVENESS).await;
    // A worker that sweeps with the short window, started once the paused push is the patient one's.
    let _sweeper = app.worker(&[("ROLF_LOST_AFTER_SECONDS", "3")]);
    patient.kill();
    let lost = app.wait_push(orphaned, DONE, LIVENESS).await;
    assert_eq!(lost["status"], "lost", "{lost:#}");
}

#[tokio::test]
async fn typed_flags_are_checked_on_every_push_and_a_resume_keeps_the_values_it_ran_with() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "typed", &[bash("show", "echo $REGION $VERSION $DRY; exit 1")]).await;
    let flags = format!("/api/v1/deployments/{d}/flags");
    let region = app
        .admin(
            Method::POST,
            &flags,
            Some(json!({"name": "Region", "varname": "REGION", "kind": "choice", "choices": ["eu", "us"]})),
        )
        .await;
    assert_eq!(region["default"], "eu", "{region:#}");
    let version = json!({"name": "Version", "varname": "VERSION", "pattern": "v[0-9]+", "required": true});
    let version = app.admin(Method::POST, &flags, Some(version)).await;
    assert_eq!(version["kind"], "text");
    app.admin(Method::POST, &flags, Some(json!({"name": "Dry", "varname": "DRY", "kind": "boolean"}))).await;

    let refusals = [
        (json!({}), "flags.VERSION", "required"),
        (json!({"flags": {"VERSION": "1.0"}}), "flags.VERSION", "pattern"),
        (json!({"flags": {"VERSION": "v1", "REGION": "asia"}}), "flags.REGION", "choices"),
        (json!({"flags": {"VERSION": "v1", "DRY": "yes"}}), "flags.DRY", "\"true\" or \"false\""),
    ];
    for (body, field, rule) in refusals {
        let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], field, "{body}: {reply:?}");
        assert!(reply.body["error"]["message"].as_str().unwrap().contains(rule), "{body}: {reply:?}");
    }
    let bad_rules = [
        (json!({"name": "P", "varname": "P", "pattern": "("}), "pattern"),
        (json!({"name": "C", "varname": "C", "kind": "text", "choices": ["a"]}), "choices"),
        (json!({"name": "C", "varname": "C", "kind": "choice", "choices": ["a"], "default": "b"}), "default"),
        (json!({"name": "B", "varname": "B", "kind": "boolean", "required": true}), "required"),
    ];
    for (body, field) in bad_rules {
        let reply = app.post(&flags, &app.admin_token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], field, "{body}: {reply:?}");
    }

    let _worker = app.worker(&[]);
    let first = push(&app, d, json!({"flags": {"VERSION": "v7", "REGION": "us"}})).await;
    assert_eq!(app.wait_push(first, DONE, LIVENESS).await["status"], "failed");
    // The region the push ran with is no longer a choice; its resumption still runs with it.
    let region_path = format!("{flags}/{}", region["id"]);
    app.admin(Method::PATCH, &region_path, Some(json!({"choices": ["eu", "asia"]}))).await;
    let second = resume(&app, first).await;
    app.wait_push(second, DONE, LIVENESS).await;
    assert_eq!(stdout(&app.log(second).await), ["us v7 false"]);
}

#[tokio::test]
async fn the_diff_names_what_changed_and_never_a_secret_value() {
    let app = TestApp::spawn().await;
    let (d, stages) =
        deployment_with(&app, "diffed", &[bash("build", "echo make\necho make test\n"), bash("ship", "echo ship")])
            .await;
    setting(&app, d, "HOST", "web1", false).await;
    setting(&app, d, "TOKEN", "s3cret-one", true).await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/flags"),
        Some(json!({"name": "R", "varname": "REGION", "default": "eu"})),
    )
    .await;
    let _worker = app.worker(&[]);
    let first = push(&app, d, json!({})).await;
    assert_eq!(app.wait_push(first, DONE, LIVENESS).await["status"], "succeeded");
    let nothing = app.get(&format!("/api/v1/deployments/{d}/diff"), &app.admin_token).await;
    assert_eq!(nothing.status, StatusCode::OK, "{nothing:?}");
    assert_eq!(nothing.body["unchanged"], true, "{nothing:?}");
    assert_eq!(nothing.body["against"], first);

    let stage = |i: usize| format!("/api/v1/stages/{}", stages[i]);
    app.admin(Method::PATCH, &stage(0), Some(json!({"name": "compile", "code": "echo make\necho make check\n"}))).await;
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(bash("smoke", "echo smoke"))).await;
    setting(&app, d, "HOST", "web2", false).await;
    setting(&app, d, "TOKEN", "s3cret-two", true).await;

    let pending = app.get(&format!("/api/v1/deployments/{d}/diff"), &app.admin_token).await;
    assert_eq!(pending.status, StatusCode::OK, "{pending:?}");
    let second = push(&app, d, json!({"flags": {"REGION": "us"}})).await;
    let ran = app.get(&format!("/api/v1/pushes/{second}/diff"), &app.admin_token).await;
    assert_eq!(ran.status, StatusCode::OK, "{ran:?}");
    assert_eq!(ran.body["against"], first);
    for diff in [&pending.body, &ran.body] {
        let text = diff.to_string();
        assert!(!text.contains("s3cret"), "a secret value leaked: {text}");
        let stages = diff["stages"].as_array().unwrap();
        assert_eq!(stages.len(), 2, "{diff:#}");
        assert_eq!(stages[0]["old_name"], "build");
        assert!(stages[0]["code_diff"].as_str().unwrap().contains("-echo make test\n+echo make check\n"), "{diff:#}");
        assert_eq!(stages[1]["change"], "added");
        assert_eq!(stages[1]["name"], "smoke");
        let settings = &diff["settings"];
        assert_eq!(
            settings[0],
            json!({"change": "changed", "name": "HOST", "old": "web1", "new": "web2", "secret": false})
        );
        assert_eq!(
            settings[1],
            json!({"change": "changed", "name": "TOKEN", "old": null, "new": null, "secret": true})
        );
    }
    assert_eq!(pending.body["flags"], json!([]), "a push made now takes the defaults");
    assert_eq!(
        ran.body["flags"][0],
        json!({"change": "changed", "name": "REGION", "old": "eu", "new": "us", "secret": false})
    );

    let other = app.deployment("elsewhere").await;
    app.admin(Method::POST, &format!("/api/v1/deployments/{other}/stages"), Some(bash("x", "true"))).await;
    let foreign = push(&app, other, json!({})).await;
    let reply = app.get(&format!("/api/v1/pushes/{second}/diff?against={foreign}"), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.body["error"]["field"], "against");
}

#[tokio::test]
async fn a_failed_rollback_can_be_resumed_and_rolls_back_to_the_same_tag() {
    let app = TestApp::spawn().await;
    let ship = "echo tag $ROLF_ROLLBACK_TAG; test -z \"$ROLF_ROLLBACK_TAG\" || test -e \"$GATE\"";
    let (d, _) = deployment_with(&app, "rolled-back", &[bash("prepare", "echo prepared"), bash("ship", ship)]).await;
    let gate = Gate::on(&app, d).await;
    let _worker = app.worker(&[]);
    let first = push(&app, d, json!({})).await;
    let tagged = app.wait_push(first, DONE, LIVENESS).await;
    assert_eq!(tagged["status"], "succeeded", "{tagged:#}");
    let rollback = push(&app, d, json!({"rollback_to": first})).await;
    assert_eq!(app.wait_push(rollback, DONE, LIVENESS).await["status"], "failed");
    gate.open();
    let resumed = resume(&app, rollback).await;
    let done = app.wait_push(resumed, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(done["rollback_to"], first);
    let tag = tagged["tag"].as_str().unwrap();
    assert_eq!(stdout(&app.log(resumed).await), [format!("tag {tag}")], "the resumed stage rolls back to the same tag");
}
