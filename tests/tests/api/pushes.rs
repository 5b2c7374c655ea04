//! The push engine end to end: each test has its own API, database, queue prefix and real `rolf-worker`
//! processes, and checks what the spec (issue 4) promises: halting at the first failure, the exact stage
//! environment, flags, interpreters, tags, rollback, timeouts, cancellation down to the last process of a stage,
//! secret masking, a million-line log, log and history paging, snapshots, and who may do what.
//!
//! Stages that must wait for the test wait on a "gate" file the test creates, never on a sleep, so nothing here
//! depends on timing except generous upper bounds for liveness.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use reqwest::{Method, StatusCode};
use rolf_common::schema::pushes;
use rolf_tests::fixtures::{bash, deployment_with, python, setting};
use rolf_tests::gate::{Gate, WAIT_FOR_GATE};
use rolf_tests::log_view::log_lines;
use rolf_tests::{Reply, TestApp};
use serde_json::{Value, json};

/// How long anything that should happen "soon" may take on a loaded two-core machine with debug builds.
const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

async fn flag(app: &TestApp, d: i64, body: Value) -> i64 {
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(body)).await["id"].as_i64().unwrap()
}

async fn request_push(app: &TestApp, token: &str, d: i64, body: Value) -> Reply {
    app.post(&format!("/api/v1/deployments/{d}/pushes"), token, body).await
}

/// Starts a push as the admin; it must be accepted.
async fn push(app: &TestApp, d: i64, body: Value) -> i64 {
    let reply = request_push(app, &app.admin_token, d, body).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    assert_eq!(reply.body["status"], "queued", "{reply:?}");
    reply.id()
}

async fn get_push(app: &TestApp, id: i64) -> Value {
    let reply = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body
}

fn assert_invalid(reply: &Reply, field: &str) {
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.code(), "invalid", "{reply:?}");
    assert_eq!(reply.body["error"]["field"], field, "{reply:?}");
}

fn assert_status(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{reply:?}");
    assert_eq!(reply.code(), code, "{reply:?}");
}

/// The texts of a log's lines from one stream (`stdout`, `stderr`, `system`).
fn texts(lines: &[Value], stream: &str) -> Vec<String> {
    lines.iter().filter(|l| l["stream"] == stream).map(|l| l["text"].as_str().unwrap().to_owned()).collect()
}

fn any_contains(texts: &[String], needle: &str) -> bool {
    texts.iter().any(|t| t.contains(needle))
}

fn stage_field(push: &Value, field: &str) -> Vec<Value> {
    push["stages"].as_array().unwrap().iter().map(|s| s[field].clone()).collect()
}

/// The value after `prefix` on the first stdout line that starts with it.
fn printed(lines: &[Value], prefix: &str) -> String {
    texts(lines, "stdout")
        .iter()
        .find_map(|t| t.strip_prefix(prefix).map(str::to_owned))
        .unwrap_or_else(|| panic!("no stdout line starts with {prefix:?}: {lines:#?}"))
}

#[tokio::test]
async fn a_failing_stage_fails_the_push_and_skips_the_stages_after_it() {
    let app = TestApp::spawn().await;
    let (d, stages) = deployment_with(
        &app,
        "halting",
        &[
            bash("one", "echo one ran"),
            bash("two", "echo two ran\necho two complains >&2\nexit 3"),
            bash("three", "echo three ran"),
        ],
    )
    .await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;

    assert_eq!(done["status"], "failed", "{done:#}");
    assert_eq!(done["tag"], Value::Null);
    assert_eq!(done["error"], Value::Null, "a stage, not Rolf, failed the push");
    assert!(done["started_at"].is_string() && done["finished_at"].is_string(), "{done:#}");
    assert_eq!(stage_field(&done, "name"), [json!("one"), json!("two"), json!("three")]);
    assert_eq!(stage_field(&done, "status"), [json!("succeeded"), json!("failed"), json!("skipped")]);
    assert_eq!(stage_field(&done, "exit_code"), [json!(0), json!(3), Value::Null]);
    assert_eq!(done["stages"][2]["started_at"], Value::Null, "stage three never started");
    assert_eq!(done["stages"][2]["finished_at"], Value::Null);
    assert_eq!(stage_field(&done, "stage_id"), stages.iter().map(|s| json!(s)).collect::<Vec<_>>());

    let lines = app.log(id).await;
    assert_eq!(texts(&lines, "stdout"), ["one ran", "two ran"]);
    assert_eq!(texts(&lines, "stderr"), ["two complains"]);
    let system = texts(&lines, "system");
    for expected in ["stage one started", "stage one exited with code 0", "stage two started"] {
        assert!(system.contains(&expected.to_owned()), "no system line {expected:?}: {system:#?}");
    }
    assert!(any_contains(&system, "stage two exited with code 3"), "{system:#?}");
    assert!(!any_contains(&system, "stage three"), "stage three must not be mentioned as run: {system:#?}");
    assert_eq!(system.last().map(String::as_str), Some("push failed"), "{system:#?}");
    // Stage output carries the stage it came from.
    let two = lines.iter().find(|l| l["text"] == "two ran").unwrap();
    assert_eq!(two["stage_id"], stages[1]);
    assert_eq!(two["stage"], 1);
}

#[tokio::test]
async fn a_stage_sees_exactly_the_documented_environment_and_nothing_of_the_worker() {
    let app = TestApp::spawn().await;
    // Names every variable, then the values of the interesting ones.
    let code = r#"
while IFS= read -r -d '' kv; do echo "NAME ${kv%%=*}"; done < <(env -0)
for v in ROLF_PUSH_ID ROLF_DEPLOYMENT_ID ROLF_DEPLOYMENT ROLF_APPLICATION ROLF_USER ROLF_COMMENT ROLF_TAG \
         ROLF_WORKDIR ROLF_OUTPUT DEPLOYMENT_ID PUSH_COMMENT PUSH_UNI ROLLBACK_URL CHECKOUT_DIR CWD PWD LANG HOME \
         APP_MODE DB_PASSWORD DRY_RUN REGION; do
  echo "VALUE $v=${!v}"
done
"#;
    let (d, _) = deployment_with(&app, "env-check", &[bash("env", code)]).await;
    setting(&app, d, "APP_MODE", "blue", false).await;
    setting(&app, d, "DB_PASSWORD", "hunter2-not-for-logs", true).await;
    flag(&app, d, json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean"})).await;
    flag(&app, d, json!({"name": "Region", "varname": "REGION", "default": "eu"})).await;
    app.grant(d, "pushers", "push").await;
    let pusher = app.user(&["pushers"]).await;
    let username = app.get("/api/v1/me", &pusher).await.body["username"].as_str().unwrap().to_owned();
    let application = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await["application"].clone();

    let worker = app.worker(&[("LEAKY_SECRET", "x-leaked-from-the-worker")]);
    let comment = r#"deploy "blue" & go; it's fine"#;
    let reply = request_push(&app, &pusher, d, json!({"comment": comment})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    let id = reply.id();
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(done["user"], username.as_str());
    assert_eq!(done["comment"], comment);
    let lines = app.log(id).await;

    let names: BTreeSet<String> =
        texts(&lines, "stdout").iter().filter_map(|t| t.strip_prefix("NAME ").map(str::to_owned)).collect();
    let expected: BTreeSet<String> = [
        "PATH",
        "HOME",
        "LANG",
        "APP_MODE",
        "DB_PASSWORD",
        "DRY_RUN",
        "REGION",
        "ROLF_PUSH_ID",
        "ROLF_DEPLOYMENT_ID",
        "ROLF_DEPLOYMENT",
        "ROLF_APPLICATION",
        "ROLF_USER",
        "ROLF_COMMENT",
        "ROLF_TAG",
        "ROLF_WORKDIR",
        "ROLF_OUTPUT",
        "DEPLOYMENT_ID",
        "PUSH_COMMENT",
        "PUSH_UNI",
        "ROLLBACK_URL",
        "CHECKOUT_DIR",
        "CWD",
        // What bash itself adds.
        "PWD",
        "SHLVL",
        "_",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(names, expected, "extra: {:?}, missing: {:?}", names.difference(&expected), expected.difference(&names));
    assert!(
        !lines.iter().any(|l| l["text"].as_str().unwrap().contains("x-leaked-from-the-worker")),
        "the worker's environment leaked into the stage"
    );

    let value = |name: &str| printed(&lines, &format!("VALUE {name}="));
    let workdir = value("ROLF_WORKDIR");
    assert!(
        std::path::Path::new(&workdir).starts_with(&worker.workdir) && workdir.ends_with(&format!("push-{id}")),
        "{workdir} is not a per-push directory under {}",
        worker.workdir.display()
    );
    assert!(value("ROLF_OUTPUT").starts_with(&workdir), "{}", value("ROLF_OUTPUT"));
    let expected_values = [
        ("ROLF_PUSH_ID", id.to_string()),
        ("ROLF_DEPLOYMENT_ID", d.to_string()),
        ("ROLF_DEPLOYMENT", "env-check".to_owned()),
        ("ROLF_APPLICATION", application.as_str().unwrap().to_owned()),
        ("ROLF_USER", username.clone()),
        ("ROLF_COMMENT", comment.to_owned()),
        ("ROLF_TAG", format!("rolf-env-check-{id}")),
        ("DEPLOYMENT_ID", d.to_string()),
        ("PUSH_COMMENT", comment.to_owned()),
        ("PUSH_UNI", username.clone()),
        ("ROLLBACK_URL", String::new()),
        ("CHECKOUT_DIR", format!("{workdir}/checkout")),
        ("CWD", workdir.clone()),
        ("PWD", workdir.clone()),
        ("LANG", "C.UTF-8".to_owned()),
        ("HOME", std::env::var("HOME").unwrap_or_else(|_| "/".into())),
        ("APP_MODE", "blue".to_owned()),
        // The secret reached the stage; its value is masked in the stored line.
        ("DB_PASSWORD", "********".to_owned()),
        ("DRY_RUN", "false".to_owned()),
        ("REGION", "eu".to_owned()),
    ];
    for (name, expected) in expected_values {
        assert_eq!(value(name), expected, "{name}");
    }
    // The work directory is gone after the push.
    assert!(!std::path::Path::new(&workdir).exists(), "{workdir} was left behind");
}

#[tokio::test]
async fn flags_are_checked_and_their_defaults_filled_in() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(
        &app,
        "flagged",
        &[bash("show", r#"echo "flags DRY_RUN=$DRY_RUN FORCE=$FORCE REGION=$REGION NOTE=[$NOTE]""#)],
    )
    .await;
    flag(&app, d, json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean"})).await;
    flag(&app, d, json!({"name": "Force", "varname": "FORCE", "kind": "boolean", "default": "true"})).await;
    flag(&app, d, json!({"name": "Region", "varname": "REGION", "default": "eu"})).await;
    flag(&app, d, json!({"name": "Note", "varname": "NOTE"})).await;

    assert_invalid(&request_push(&app, &app.admin_token, d, json!({"flags": {"NOPE": "1"}})).await, "flags.NOPE");
    assert_invalid(&request_push(&app, &app.admin_token, d, json!({"flags": {"region": "us"}})).await, "flags.region");
    assert_invalid(
        &request_push(&app, &app.admin_token, d, json!({"flags": {"DRY_RUN": "maybe"}})).await,
        "flags.DRY_RUN",
    );
    assert_invalid(&request_push(&app, &app.admin_token, d, json!({"flags": {"FORCE": "TRUE"}})).await, "flags.FORCE");
    let history = app.get(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token).await;
    assert_eq!(history.body, json!([]), "a refused push is not recorded");

    let chosen = push(&app, d, json!({"flags": {"REGION": "us", "DRY_RUN": "true"}})).await;
    let defaults = push(&app, d, json!({})).await;
    assert_eq!(
        get_push(&app, chosen).await["flags"],
        json!({"DRY_RUN": "true", "FORCE": "true", "REGION": "us", "NOTE": ""})
    );
    assert_eq!(
        get_push(&app, defaults).await["flags"],
        json!({"DRY_RUN": "false", "FORCE": "true", "REGION": "eu", "NOTE": ""})
    );

    let _worker = app.worker(&[]);
    for (id, line) in [
        (chosen, "flags DRY_RUN=true FORCE=true REGION=us NOTE=[]"),
        (defaults, "flags DRY_RUN=false FORCE=true REGION=eu NOTE=[]"),
    ] {
        let done = app.wait_push(id, DONE, LIVENESS).await;
        assert_eq!(done["status"], "succeeded", "{done:#}");
        assert_eq!(texts(&app.log(id).await, "stdout"), [line]);
    }
}

#[tokio::test]
async fn python_bash_and_shebang_recipes_run_with_their_interpreters() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(
        &app,
        "polyglot",
        &[
            python(
                "python",
                "import os, sys\nprint(f\"python {sys.version_info.major} push {os.environ['ROLF_PUSH_ID']}\")\n\
                 print('python to stderr', file=sys.stderr)\n",
            ),
            bash(
                "bash",
                "echo \"bash ${BASH_VERSINFO[0]} push $ROLF_PUSH_ID\"\n\
                 case $- in *e*) echo errexit on;; *) echo errexit off;; esac\n\
                 shopt -qo pipefail && echo pipefail on",
            ),
            bash(
                "shebang",
                "#!/usr/bin/env python3\nimport sys\nprint(f\"shebang python {sys.version_info.major}\")\n",
            ),
        ],
    )
    .await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#} {:#?}", app.log(id).await);
    let lines = app.log(id).await;
    let stdout = texts(&lines, "stdout");
    assert_eq!(stdout[0], format!("python 3 push {id}"));
    assert!(stdout[1].starts_with("bash ") && stdout[1].ends_with(&format!(" push {id}")), "{stdout:?}");
    assert_eq!(stdout[2..], ["errexit on", "pipefail on", "shebang python 3"]);
    assert_eq!(texts(&lines, "stderr"), ["python to stderr"]);
}

#[tokio::test]
async fn bash_recipes_run_with_errexit_and_pipefail() {
    let app = TestApp::spawn().await;
    let code = r#"
case "$CASE" in
  middle) echo before; false; echo after-false ;;
  pipe) echo before; false | true; echo after-pipe ;;
  handled) false || true; true | true; echo fine ;;
esac
"#;
    let (d, _) = deployment_with(&app, "strict", &[bash("strict", code)]).await;
    flag(&app, d, json!({"name": "Case", "varname": "CASE"})).await;
    let _worker = app.worker(&[]);
    let middle = push(&app, d, json!({"flags": {"CASE": "middle"}})).await;
    let pipe = push(&app, d, json!({"flags": {"CASE": "pipe"}})).await;
    let handled = push(&app, d, json!({"flags": {"CASE": "handled"}})).await;

    for id in [middle, pipe] {
        let done = app.wait_push(id, DONE, LIVENESS).await;
        assert_eq!(done["status"], "failed", "{done:#}");
        assert_eq!(stage_field(&done, "exit_code"), [json!(1)]);
        assert_eq!(texts(&app.log(id).await, "stdout"), ["before"], "the script went on after a failure");
    }
    let done = app.wait_push(handled, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(texts(&app.log(handled).await, "stdout"), ["fine"]);
}

const TAGGING: &str = r#"
echo "rollback_tag=${ROLF_ROLLBACK_TAG-unset} rollback_url=[$ROLLBACK_URL]"
if [ -n "$TAG" ]; then echo "tag=$TAG" >> "$ROLF_OUTPUT"; fi
[ "$FAIL" = false ]
"#;

/// A deployment whose stage writes the flag `TAG` (if set) as its tag and fails when the flag `FAIL` is true.
async fn tagging_deployment(app: &TestApp, name: &str) -> i64 {
    let (d, _) = deployment_with(app, name, &[bash("tagging", TAGGING)]).await;
    flag(app, d, json!({"name": "Tag", "varname": "TAG"})).await;
    flag(app, d, json!({"name": "Fail", "varname": "FAIL", "kind": "boolean"})).await;
    d
}

#[tokio::test]
async fn a_push_is_tagged_from_rolf_output_or_by_default_and_tags_list_newest_first() {
    let app = TestApp::spawn().await;
    let d = tagging_deployment(&app, "Web Prod").await;
    let _worker = app.worker(&[]);
    let explicit = push(&app, d, json!({"comment": "first", "flags": {"TAG": "v1.2.3"}})).await;
    let default = push(&app, d, json!({"comment": "second"})).await;
    let failed = push(&app, d, json!({"flags": {"TAG": "v9", "FAIL": "true"}})).await;
    let last = push(&app, d, json!({"comment": "last", "flags": {"TAG": "v2"}})).await;
    let mut tags = Vec::new();
    for id in [explicit, default, failed, last] {
        tags.push(app.wait_push(id, DONE, LIVENESS).await["tag"].clone());
    }
    let default_tag = format!("rolf-web-prod-{default}");
    assert_eq!(tags, [json!("v1.2.3"), json!(default_tag), Value::Null, json!("v2")]);
    assert!(texts(&app.log(explicit).await, "system").contains(&"push succeeded; tag v1.2.3".to_owned()));

    let listed = app.get(&format!("/api/v1/deployments/{d}/tags"), &app.admin_token).await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed: Vec<(Value, Value, Value, Value)> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert!(t["finished_at"].is_string(), "{t}");
            (t["push_id"].clone(), t["tag"].clone(), t["user"].clone(), t["comment"].clone())
        })
        .collect();
    assert_eq!(
        listed,
        [
            (json!(last), json!("v2"), json!("admin"), json!("last")),
            (json!(default), json!(default_tag), json!("admin"), json!("second")),
            (json!(explicit), json!("v1.2.3"), json!("admin"), json!("first")),
        ]
    );
}

#[tokio::test]
async fn a_rollback_sees_its_target_tag_and_bad_targets_are_refused() {
    let app = TestApp::spawn().await;
    let d = tagging_deployment(&app, "rolling").await;
    let other = tagging_deployment(&app, "elsewhere").await;
    let (bare, _) = deployment_with(&app, "stageless", &[]).await;
    let _worker = app.worker(&[]);
    let good = push(&app, d, json!({"flags": {"TAG": "v1"}})).await;
    let bad = push(&app, d, json!({"flags": {"TAG": "v1-broken", "FAIL": "true"}})).await;
    let foreign = push(&app, other, json!({"flags": {"TAG": "v7"}})).await;
    assert_eq!(app.wait_push(good, DONE, LIVENESS).await["status"], "succeeded");
    assert_eq!(app.wait_push(bad, DONE, LIVENESS).await["status"], "failed");
    assert_eq!(app.wait_push(foreign, DONE, LIVENESS).await["status"], "succeeded");
    assert_eq!(printed(&app.log(good).await, "rollback_tag="), "unset rollback_url=[]");

    let rollback = push(&app, d, json!({"rollback_to": good, "comment": "back to v1"})).await;
    let done = app.wait_push(rollback, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(done["rollback_to"], good);
    assert_eq!(printed(&app.log(rollback).await, "rollback_tag="), "v1 rollback_url=[v1]");

    for target in [json!(bad), json!(foreign), json!(999_999_999), json!(rollback + 1000)] {
        let reply = request_push(&app, &app.admin_token, d, json!({"rollback_to": target})).await;
        assert_invalid(&reply, "rollback_to");
    }
    // Neither is a running or a queued push.
    let (busy_d, _) = deployment_with(&app, "busy", &[bash("wait", WAIT_FOR_GATE)]).await;
    let gate = Gate::on(&app, busy_d).await;
    let running = push(&app, busy_d, json!({})).await;
    app.wait_push(running, &["running"], LIVENESS).await;
    let queued = push(&app, busy_d, json!({})).await;
    assert_invalid(&request_push(&app, &app.admin_token, busy_d, json!({"rollback_to": queued})).await, "rollback_to");
    assert_invalid(&request_push(&app, &app.admin_token, busy_d, json!({"rollback_to": running})).await, "rollback_to");
    gate.open();
    app.wait_push(queued, DONE, LIVENESS).await;

    let reply = request_push(&app, &app.admin_token, bare, json!({})).await;
    assert_invalid(&reply, "deployment");
}

#[tokio::test]
async fn a_stage_past_its_timeout_is_killed_and_fails_the_push() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(
        &app,
        "slow",
        &[
            json!({"name": "slow", "language": "bash", "code": "echo started\nsleep 30\necho never", "timeout_seconds": 1}),
            bash("after", "echo after"),
        ],
    )
    .await;
    let _worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "1")]);
    let id = push(&app, d, json!({})).await;
    app.wait_push(id, &["running", "failed"], LIVENESS).await;
    let started = Instant::now();
    let done = app.wait_push(id, DONE, Duration::from_secs(20)).await;
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(done["status"], "failed", "{done:#}");
    assert_eq!(stage_field(&done, "status"), [json!("failed"), json!("skipped")]);
    assert_eq!(done["stages"][0]["exit_code"], Value::Null);
    let lines = app.log(id).await;
    assert_eq!(texts(&lines, "stdout"), ["started"]);
    let system = texts(&lines, "system");
    assert!(any_contains(&system, "stage slow timed out after 1s"), "{system:#?}");
    assert!(any_contains(&system, "SIGTERM"), "{system:#?}");
}

#[tokio::test]
async fn a_cancelled_queued_push_never_starts() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "idle", &[bash("one", "echo ran"), bash("two", "echo ran too")]).await;

    // No worker yet: the push waits in the queue.
    let early = push(&app, d, json!({})).await;
    let reply = app.post(&format!("/api/v1/pushes/{early}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["status"], "cancelled");
    assert_eq!(reply.body["cancel_requested"], true);
    assert_eq!(stage_field(&reply.body, "status"), [json!("cancelled"), json!("cancelled")]);

    // Behind a running push of the same deployment.
    let (busy, _) = deployment_with(&app, "busy", &[bash("wait", &format!("echo waiting\n{WAIT_FOR_GATE}"))]).await;
    let gate = Gate::on(&app, busy).await;
    let worker = app.worker(&[]);
    let running = push(&app, busy, json!({})).await;
    app.wait_push(running, &["running"], LIVENESS).await;
    let waiting = push(&app, busy, json!({})).await;
    assert_eq!(get_push(&app, waiting).await["status"], "queued");
    let reply = app.post(&format!("/api/v1/pushes/{waiting}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["status"], "cancelled");
    gate.open();
    assert_eq!(app.wait_push(running, DONE, LIVENESS).await["status"], "succeeded");

    // Later pushes of both deployments run; the cancelled ones stay as they were.
    let later = push(&app, d, json!({})).await;
    let later_busy = push(&app, busy, json!({})).await;
    assert_eq!(app.wait_push(later, DONE, LIVENESS).await["status"], "succeeded");
    assert_eq!(app.wait_push(later_busy, DONE, LIVENESS).await["status"], "succeeded");
    // Give the worker's sweeper a round (every 2 s) to (wrongly) pick them up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(worker);
    for id in [early, waiting] {
        let push = get_push(&app, id).await;
        assert_eq!(push["status"], "cancelled", "{push:#}");
        assert_eq!(push["started_at"], Value::Null, "{push:#}");
        assert_eq!(push["worker"], Value::Null, "{push:#}");
        assert!(stage_field(&push, "status").iter().all(|s| s == "cancelled"), "{push:#}");
        assert_eq!(app.log(id).await, Vec::<Value>::new(), "a cancelled queued push has no output");
    }
}

/// Live processes in a process group. A zombie is not live: this machine's init does not reap orphans, so a
/// killed orphan stays a zombie (no memory, no files, nothing running) until the machine reboots, which is why
/// this reads `/proc` instead of asking `pgrep -g`, which lists zombies too.
fn live_in_group(pgid: i32) -> Vec<String> {
    let mut live = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if entry.file_name().to_string_lossy().parse::<i32>().is_err() {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(2).and_then(|g| g.parse::<i32>().ok()) == Some(pgid) && !matches!(fields[0], "Z" | "X") {
            live.push(stat.trim().to_owned());
        }
    }
    live
}

#[tokio::test]
async fn cancelling_a_running_push_takes_down_its_whole_process_group() {
    let app = TestApp::spawn().await;
    let code = r#"
echo "PID=$$"
echo "PGID=$(ps -o pgid= $$ | tr -d ' ')"
sleep 300 &
echo "BACKGROUND=$!"
(trap '' TERM; exec sleep 301) &
echo "STUBBORN=$!"
trap 'echo "got TERM"' TERM
echo ready
while true; do sleep 1 || true; done
"#;
    let (d, _) = deployment_with(&app, "cancellable", &[bash("hang", code), bash("next", "echo next ran")]).await;
    let _worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "1")]);
    let id = push(&app, d, json!({})).await;
    let lines = app.wait_line(id, "ready").await;
    let pid: i32 = printed(&lines, "PID=").parse().unwrap();
    let pgid: i32 = printed(&lines, "PGID=").parse().unwrap();
    assert_eq!(pgid, pid, "the stage leads its own process group");
    let children: Vec<i32> = ["BACKGROUND=", "STUBBORN="].iter().map(|p| printed(&lines, p).parse().unwrap()).collect();
    let live = live_in_group(pgid);
    for child in &children {
        assert!(live.iter().any(|s| s.starts_with(&format!("{child} "))), "{child} is not running: {live:#?}");
    }

    let reply = app.post(&format!("/api/v1/pushes/{id}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["cancel_requested"], true);
    let done = app.wait_push(id, DONE, Duration::from_secs(30)).await;
    assert_eq!(done["status"], "cancelled", "{done:#}");
    assert_eq!(stage_field(&done, "status"), [json!("cancelled"), json!("skipped")]);
    assert!(done["finished_at"].is_string());
    let live = live_in_group(pgid);
    assert!(live.is_empty(), "processes of the cancelled stage are still alive: {live:#?}");

    let lines = app.log(id).await;
    let system = texts(&lines, "system");
    assert!(any_contains(&system, "cancelled: sending SIGTERM"), "{system:#?}");
    assert!(any_contains(&system, "SIGKILL"), "the stage ignored SIGTERM, so it was killed: {system:#?}");
    assert!(any_contains(&system, "stage hang cancelled"), "{system:#?}");
    assert!(texts(&lines, "stdout").contains(&"got TERM".to_owned()), "SIGTERM came first: {lines:#?}");
    assert!(!texts(&lines, "stdout").contains(&"next ran".to_owned()));

    // The deployment is free again.
    let next = push(&app, d, json!({})).await;
    app.wait_line(next, "ready").await;
    app.post(&format!("/api/v1/pushes/{next}/cancel"), &app.admin_token, json!({})).await;
    app.wait_push(next, DONE, Duration::from_secs(30)).await;
}

#[tokio::test]
async fn cancelling_needs_push_and_a_finished_push_cannot_be_cancelled() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "finished", &[bash("one", "true")]).await;
    app.grant(d, "viewers", "view").await;
    let viewer = app.user(&["viewers"]).await;
    let outsider = app.user(&["outsiders"]).await;

    let queued = push(&app, d, json!({})).await;
    let path = format!("/api/v1/pushes/{queued}/cancel");
    assert_status(&app.post(&path, &viewer, json!({})).await, StatusCode::FORBIDDEN, "forbidden");
    assert_status(&app.post(&path, &outsider, json!({})).await, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(get_push(&app, queued).await["status"], "queued");
    assert_eq!(app.post(&path, &app.admin_token, json!({})).await.status, StatusCode::OK);
    assert_status(&app.post(&path, &app.admin_token, json!({})).await, StatusCode::CONFLICT, "conflict");

    let _worker = app.worker(&[]);
    let ran = push(&app, d, json!({})).await;
    assert_eq!(app.wait_push(ran, DONE, LIVENESS).await["status"], "succeeded");
    let reply = app.post(&format!("/api/v1/pushes/{ran}/cancel"), &app.admin_token, json!({})).await;
    assert_status(&reply, StatusCode::CONFLICT, "conflict");
    let push = get_push(&app, ran).await;
    assert_eq!(push["status"], "succeeded");
    assert_eq!(push["cancel_requested"], false);
    assert_status(
        &app.post("/api/v1/pushes/999999999/cancel", &app.admin_token, json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn secret_values_are_masked_in_every_stored_line() {
    let app = TestApp::spawn().await;
    let code = r#"
echo "token=$API_TOKEN"
echo "to stderr: $API_TOKEN!" >&2
echo "mid${API_TOKEN}dle ${API_TOKEN}${API_TOKEN}"
echo "plain=$PLAIN"
"#;
    let (d, _) = deployment_with(&app, "secretive", &[bash("leak", code)]).await;
    let secret = "Zq9-very-secret-Kp2";
    setting(&app, d, "API_TOKEN", secret, true).await;
    setting(&app, d, "PLAIN", "visible-value", false).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");
    let lines = app.log(id).await;
    assert_eq!(texts(&lines, "stdout"), ["token=********", "mid********dle ****************", "plain=visible-value"]);
    assert_eq!(texts(&lines, "stderr"), ["to stderr: ********!"]);

    let (stored_secret, snapshot) = app
        .db
        .with(move |conn| {
            let stored: i64 = log_lines::table
                .filter(log_lines::push_id.eq(id))
                .filter(log_lines::text.like("%very-secret%"))
                .count()
                .get_result(conn)
                .unwrap();
            let snapshot: Value = pushes::table.find(id).select(pushes::settings).first(conn).unwrap();
            (stored, snapshot)
        })
        .await;
    assert_eq!(stored_secret, 0, "the secret is stored in a log line");
    assert_eq!(snapshot["PLAIN"], "visible-value");
    // A secret is only marked, with when it was set (for diffs): its value stays out of the snapshot.
    assert_eq!(snapshot["API_TOKEN"]["secret"], true, "{snapshot}");
    assert!(snapshot["API_TOKEN"]["set_at"].is_string(), "{snapshot}");
    assert!(!snapshot.to_string().contains("very-secret"), "secrets stay out of the snapshot: {snapshot}");
}

#[tokio::test]
async fn background_children_holding_the_pipes_do_not_hold_the_push() {
    let app = TestApp::spawn().await;
    // "main done" comes first: a child started before it could print before it (the race failed this test once).
    let first = "echo main done; sleep 120 & (while true; do echo chatter; sleep 0.2; done) &";
    let (d, _) = deployment_with(&app, "daemons", &[bash("start", first), bash("next", "echo next ran")]).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    // A quiet child (sleep) and a chatty one both outlive the stage; neither may keep the push waiting on them.
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "{done:?}");
    let stdout = texts(&app.log(id).await, "stdout");
    assert_eq!(stdout.first().map(String::as_str), Some("main done"), "{stdout:?}");
    assert_eq!(stdout.last().map(String::as_str), Some("next ran"), "{stdout:?}");
}

#[tokio::test]
async fn a_tag_holding_a_secret_is_refused_and_stored_nowhere() {
    let app = TestApp::spawn().await;
    let code = r#"echo "tag=t-$API_KEY" >> "$ROLF_OUTPUT""#;
    let (d, _) = deployment_with(&app, "tag-leak", &[bash("tag", code)]).await;
    let secret = "Xv7-tag-secret-Qm4";
    setting(&app, d, "API_KEY", secret, true).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "failed", "{done:?}");
    assert_eq!(done["tag"], Value::Null, "{done:?}");
    let error = done["error"].as_str().unwrap();
    assert!(error.contains("secret setting") && error.contains("$ROLF_OUTPUT"), "{error}");
    let log = app.log(id).await;
    assert!(any_contains(&texts(&log, "system"), "contains the value of a secret setting"), "{log:#?}");

    let tags = app.get(&format!("/api/v1/deployments/{d}/tags"), &app.admin_token).await;
    assert_eq!(tags.body, json!([]), "{tags:?}");
    let everything = [
        get_push(&app, id).await.to_string(),
        tags.body.to_string(),
        serde_json::to_string(&log).unwrap(),
        app.get(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token).await.body.to_string(),
    ];
    for answer in everything {
        assert!(!answer.contains(secret), "the secret reached an API answer: {answer}");
    }
    let stored: i64 = app
        .db
        .with(move |conn| {
            diesel::sql_query("SELECT count(*) AS n FROM pushes WHERE pushes::text LIKE '%tag-secret%'")
                .get_result::<Count>(conn)
                .unwrap()
                .n
        })
        .await;
    assert_eq!(stored, 0, "the secret is stored in the pushes table");
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test]
async fn a_million_line_stage_is_stored_completely_and_in_order() {
    const LINES: i64 = 1_000_000;
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "chatty", &[bash("count", "seq 1 1000000")]).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let done = app.wait_push(id, DONE, Duration::from_secs(600)).await;
    assert_eq!(done["status"], "succeeded", "{done:#}");

    let (stdout, all, first_seq, span, out_of_order) = app
        .db
        .with(move |conn| {
            let of_push = || log_lines::table.filter(log_lines::push_id.eq(id));
            let stdout: i64 = of_push().filter(log_lines::stream.eq(0_i16)).count().get_result(conn).unwrap();
            let all: i64 = of_push().count().get_result(conn).unwrap();
            let first_seq: i64 = of_push()
                .filter(log_lines::stream.eq(0_i16))
                .select(diesel::dsl::min(log_lines::seq))
                .first::<Option<i64>>(conn)
                .unwrap()
                .unwrap();
            let (min, max): (Option<i64>, Option<i64>) = of_push()
                .select((diesel::dsl::min(log_lines::seq), diesel::dsl::max(log_lines::seq)))
                .first(conn)
                .unwrap();
            // Every stdout line, by seq, holds its own number: nothing lost, duplicated or reordered.
            let out_of_order = diesel::sql_query(
                "SELECT count(*) AS n FROM (
                   SELECT text, row_number() OVER (ORDER BY seq) AS i FROM log_lines
                    WHERE push_id = $1 AND stream = 0) numbered
                  WHERE text <> i::text",
            )
            .bind::<BigInt, _>(id)
            .get_result::<Count>(conn)
            .unwrap()
            .n;
            (stdout, all, first_seq, max.unwrap() - min.unwrap() + 1, out_of_order)
        })
        .await;
    assert_eq!(stdout, LINES);
    assert_eq!(span, all, "the seqs of the push have gaps");
    assert_eq!(out_of_order, 0);
    for n in [1, 2, 499_999, 500_000, 777_777, 999_999, LINES] {
        let text: String = app
            .db
            .with(move |conn| {
                log_lines::table.find((id, first_seq + n - 1)).select(log_lines::text).first(conn).unwrap()
            })
            .await;
        assert_eq!(text, n.to_string(), "line {n}");
    }

    // The API pages the whole log in order, without gaps (checked page by page: a million JSON lines held at
    // once would take hundreds of megabytes).
    let (mut after, mut seen, mut stdout_seen) = (0, 0_i64, 0_i64);
    loop {
        let page = app.get(&format!("/api/v1/pushes/{id}/log?after={after}&limit=10000"), &app.admin_token).await;
        assert_eq!(page.status, StatusCode::OK);
        let batch = page.body["lines"].as_array().unwrap();
        if batch.is_empty() {
            break;
        }
        for line in batch {
            seen += 1;
            assert_eq!(line["seq"], seen, "seq gap or disorder after {after}");
            if line["stream"] == "stdout" {
                stdout_seen += 1;
                assert_eq!(line["text"], stdout_seen.to_string());
            }
        }
        after = page.body["next_after"].as_i64().unwrap();
    }
    assert_eq!((seen, stdout_seen), (all, LINES));
}

#[tokio::test]
async fn the_log_pages_by_after_and_limit_and_says_when_the_push_is_finished() {
    let app = TestApp::spawn().await;
    let code = format!("echo first\necho second >&2\n{WAIT_FOR_GATE}\nfor i in 1 2 3 4 5; do echo after gate $i; done");
    let (d, stages) = deployment_with(&app, "paged", &[bash("gated", &code)]).await;
    let gate = Gate::on(&app, d).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let path = |query: &str| format!("/api/v1/pushes/{id}/log?{query}");

    // While the stage waits, what it printed is readable and the push is not finished.
    let early = app.wait_line(id, "second").await;
    let page = app.get(&path("after=0&limit=1000"), &app.admin_token).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["finished"], false);
    let lines = page.body["lines"].as_array().unwrap();
    assert!(lines.len() >= early.len());
    let first = lines.iter().find(|l| l["text"] == "first").unwrap();
    assert_eq!(first["stream"], "stdout");
    assert_eq!(first["stage_id"], stages[0]);
    assert_eq!(first["stage"], 0);
    assert!(first["at"].is_string() && first["seq"].is_i64());
    assert_eq!(lines.iter().find(|l| l["text"] == "second").unwrap()["stream"], "stderr");
    let next_after = page.body["next_after"].as_i64().unwrap();
    assert_eq!(next_after, lines.last().unwrap()["seq"].as_i64().unwrap());
    let empty = app.get(&path(&format!("after={next_after}")), &app.admin_token).await;
    assert_eq!(empty.body["lines"], json!([]));
    assert_eq!(empty.body["next_after"], next_after, "an empty page hands back `after`");
    assert_eq!(empty.body["finished"], false);

    gate.open();
    assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");
    let whole = app.get(&path("after=0&limit=10000"), &app.admin_token).await;
    assert_eq!(whole.body["finished"], true);
    let all = whole.body["lines"].as_array().unwrap().clone();
    let seqs: Vec<i64> = all.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=all.len() as i64).collect::<Vec<_>>());
    assert_eq!(
        texts(&all, "stdout"),
        ["first", "after gate 1", "after gate 2", "after gate 3", "after gate 4", "after gate 5"]
    );
    assert!(all.first().unwrap()["stage"].is_null(), "the push-level start line has no stage");

    // Small pages put together give the same log.
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = app.get(&path(&format!("after={after}&limit=2")), &app.admin_token).await;
        let batch = page.body["lines"].as_array().unwrap().clone();
        assert!(batch.len() <= 2);
        assert_eq!(page.body["finished"], true);
        if batch.is_empty() {
            assert_eq!(page.body["next_after"], after);
            break;
        }
        after = page.body["next_after"].as_i64().unwrap();
        assert_eq!(after, batch.last().unwrap()["seq"].as_i64().unwrap());
        paged.extend(batch);
    }
    assert_eq!(paged, all);
    let tail = app.get(&path("after=2&limit=3"), &app.admin_token).await;
    assert_eq!(tail.body["lines"].as_array().unwrap()[..], all[2..5]);
    assert_eq!(tail.body["next_after"], 5);

    for query in ["limit=0", "limit=10001", "limit=-1"] {
        assert_invalid(&app.get(&path(query), &app.admin_token).await, "limit");
    }
    assert_invalid(&app.get(&path("after=-1"), &app.admin_token).await, "after");
    for query in ["after=abc", "limit=ten", "after=1.5", "bogus=1"] {
        assert_status(&app.get(&path(query), &app.admin_token).await, StatusCode::BAD_REQUEST, "bad_request");
    }
    assert_status(&app.get("/api/v1/pushes/999999999/log", &app.admin_token).await, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn history_pages_by_status_limit_and_before() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "historic", &[bash("maybe", r#"[ "$FAIL" = false ]"#)]).await;
    flag(&app, d, json!({"name": "Fail", "varname": "FAIL", "kind": "boolean"})).await;
    let _worker = app.worker(&[]);
    let mut ids = Vec::new();
    for fail in ["true", "false", "true", "false"] {
        ids.push(push(&app, d, json!({"flags": {"FAIL": fail}})).await);
    }
    for id in &ids {
        app.wait_push(*id, DONE, LIVENESS).await;
    }
    let [p1, p2, p3, p4] = ids[..] else { unreachable!() };
    let history = |query: String| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/api/v1/deployments/{d}/pushes?{query}"), &app.admin_token).await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {reply:?}");
            let pushes = reply.body.as_array().unwrap().clone();
            for p in &pushes {
                assert_eq!(p["deployment_id"], d);
                assert_eq!(p["stages"].as_array().unwrap().len(), 1, "{p:#}");
            }
            pushes.iter().map(|p| (p["id"].as_i64().unwrap(), p["status"].as_str().unwrap().to_owned())).collect::<Vec<(
                i64,
                String,
            )>>(
            )
        }
    };
    let page: Vec<(i64, String)> = history(String::new()).await;
    let statuses = |ids: &[(i64, &str)]| ids.iter().map(|(i, s)| (*i, (*s).to_owned())).collect::<Vec<_>>();
    assert_eq!(page, statuses(&[(p4, "succeeded"), (p3, "failed"), (p2, "succeeded"), (p1, "failed")]));
    assert_eq!(history("status=failed&limit=1".into()).await, statuses(&[(p3, "failed")]));
    assert_eq!(history(format!("status=failed&limit=1&before={p3}")).await, statuses(&[(p1, "failed")]));
    assert_eq!(history(format!("status=failed&limit=1&before={p1}")).await, statuses(&[]));
    assert_eq!(history("limit=2".into()).await, statuses(&[(p4, "succeeded"), (p3, "failed")]));
    assert_eq!(history(format!("limit=2&before={p3}")).await, statuses(&[(p2, "succeeded"), (p1, "failed")]));
    assert_eq!(history("status=succeeded".into()).await, statuses(&[(p4, "succeeded"), (p2, "succeeded")]));
    assert_eq!(history("status=queued".into()).await, statuses(&[]));

    let path = |query: &str| format!("/api/v1/deployments/{d}/pushes?{query}");
    assert_invalid(&app.get(&path("status=bogus"), &app.admin_token).await, "status");
    for query in ["limit=0", "limit=201"] {
        assert_invalid(&app.get(&path(query), &app.admin_token).await, "limit");
    }
    for query in ["before=abc", "limit=x", "sort=id"] {
        assert_status(&app.get(&path(query), &app.admin_token).await, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test]
async fn a_push_runs_its_snapshot_and_outlives_its_deployment() {
    let app = TestApp::spawn().await;
    let code = r#"echo "code v1 mode=$MODE level=$LEVEL extra=${EXTRA-unset} secret_length=${#API_KEY}""#;
    let (d, stages) = deployment_with(&app, "snapshot", &[bash("show", code)]).await;
    setting(&app, d, "MODE", "old", false).await;
    setting(&app, d, "API_KEY", "short", true).await;
    let level = flag(&app, d, json!({"name": "Level", "varname": "LEVEL", "default": "low"})).await;
    app.grant(d, "viewers", "view").await;
    let viewer = app.user(&["viewers"]).await;

    // Requested while no worker runs, then the deployment changes before it starts.
    let id = push(&app, d, json!({"comment": "snapshotted"})).await;
    let patched =
        app.admin(Method::PATCH, &format!("/api/v1/stages/{}", stages[0]), Some(json!({"code": "echo code v2"}))).await;
    assert_eq!(patched["code"], "echo code v2");
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(bash("added", "echo added stage ran")))
        .await;
    setting(&app, d, "MODE", "new", false).await;
    setting(&app, d, "API_KEY", "a-much-longer-secret", true).await;
    app.admin(Method::PATCH, &format!("/api/v1/deployments/{d}/flags/{level}"), Some(json!({"default": "high"}))).await;
    flag(&app, d, json!({"name": "Extra", "varname": "EXTRA", "default": "x"})).await;

    let worker = app.worker(&[]);
    let done = app.wait_push(id, DONE, LIVENESS).await;
    drop(worker);
    assert_eq!(done["status"], "succeeded", "{done:#}");
    assert_eq!(done["flags"], json!({"LEVEL": "low"}));
    assert_eq!(stage_field(&done, "name"), [json!("show")]);
    // Secrets are not snapshotted: the stage gets the value current when it runs.
    let secret_length = "a-much-longer-secret".len();
    assert_eq!(
        texts(&app.log(id).await, "stdout"),
        [format!("code v1 mode=old level=low extra=unset secret_length={secret_length}")]
    );

    app.admin(Method::DELETE, &format!("/api/v1/deployments/{d}"), None).await;
    let kept = get_push(&app, id).await;
    assert_eq!(kept["deployment_id"], Value::Null);
    assert_eq!(kept["deployment"], "snapshot");
    assert_eq!(kept["status"], "succeeded");
    assert_eq!(kept["comment"], "snapshotted");
    assert_eq!(kept["stages"][0]["stage_id"], Value::Null, "its stage is gone");
    assert_eq!(kept["stages"][0]["status"], "succeeded");
    let lines = app.log(id).await;
    assert!(texts(&lines, "stdout")[0].starts_with("code v1"), "{lines:#?}");
    assert!(lines.iter().all(|l| l["stage_id"].is_null()));
    // Only admins see the pushes of a deleted deployment.
    for path in [format!("/api/v1/pushes/{id}"), format!("/api/v1/pushes/{id}/log")] {
        assert_status(&app.get(&path, &viewer).await, StatusCode::NOT_FOUND, "not_found");
    }
    assert_status(
        &app.post(&format!("/api/v1/pushes/{id}/cancel"), &app.admin_token, json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    );
}

#[tokio::test]
async fn viewers_read_pushes_but_cannot_push_and_outsiders_see_nothing() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "guarded", &[bash("hello", "echo hello")]).await;
    app.grant(d, "viewers", "view").await;
    app.grant(d, "pushers", "push").await;
    let viewer = app.user(&["viewers"]).await;
    let pusher = app.user(&["pushers"]).await;
    let outsider = app.user(&["outsiders"]).await;
    let _worker = app.worker(&[]);

    let reply = request_push(&app, &pusher, d, json!({"comment": "by a pusher"})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    let id = reply.id();
    assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");

    let reads = [
        format!("/api/v1/deployments/{d}/pushes"),
        format!("/api/v1/deployments/{d}/tags"),
        format!("/api/v1/pushes/{id}"),
        format!("/api/v1/pushes/{id}/log"),
    ];
    for path in &reads {
        let reply = app.get(path, &viewer).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {reply:?}");
        assert_status(&app.get(path, &outsider).await, StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(app.get(&reads[0], &viewer).await.body[0]["id"], id);
    assert_eq!(app.get(&reads[1], &viewer).await.body[0]["push_id"], id);
    let log = app.get(&reads[3], &viewer).await;
    assert_eq!(texts(log.body["lines"].as_array().unwrap(), "stdout"), ["hello"]);

    assert_status(&request_push(&app, &viewer, d, json!({})).await, StatusCode::FORBIDDEN, "forbidden");
    assert_status(&request_push(&app, &outsider, d, json!({})).await, StatusCode::NOT_FOUND, "not_found");
    let cancel = format!("/api/v1/pushes/{id}/cancel");
    assert_status(&app.post(&cancel, &viewer, json!({})).await, StatusCode::FORBIDDEN, "forbidden");
    assert_status(&app.post(&cancel, &outsider, json!({})).await, StatusCode::NOT_FOUND, "not_found");
    let history = app.get(&reads[0], &app.admin_token).await;
    assert_eq!(history.body.as_array().unwrap().len(), 1, "refused requests made no push: {history:?}");
}

#[tokio::test]
async fn odd_output_is_stored_never_dropped() {
    let app = TestApp::spawn().await;
    let code = r#"
printf 'bad \xff\xfe bytes\n'
head -c 150000 /dev/zero | tr '\0' x; echo
printf 'nul\0byte\n'
printf 'crlf\r\n'
printf 'no newline at the end'
"#;
    let (d, _) = deployment_with(&app, "odd", &[bash("odd", code)]).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, json!({})).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    let lines = app.log(id).await;
    assert_eq!(done["status"], "succeeded", "{done:#} {lines:#?}");
    let stdout = texts(&lines, "stdout");
    assert_eq!(stdout[0], "bad \u{fffd}\u{fffd} bytes");
    assert_eq!(stdout[1].len(), 64 * 1024);
    assert_eq!(stdout[2].len(), 64 * 1024);
    assert_eq!(stdout[3], "x".repeat(150_000 - 2 * 64 * 1024));
    assert_eq!(stdout[4], "nul\u{fffd}byte");
    assert_eq!(stdout[5..], ["crlf", "no newline at the end"]);
}
