//! Scheduled pushes (issue 11): each tick makes one push however many API processes tick, starting and stopping
//! while ticks pass; a missed tick fires once when recent and is recorded as missed when old; a tick in a freeze
//! is skipped and says so; the rules of a schedule.

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);

async fn deployment(app: &TestApp) -> i64 {
    let d = app.deployment("scheduled").await;
    let stage = json!({"name": "ship", "language": "bash", "code": "echo shipped"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    d
}

fn at(seconds: i64) -> String {
    (Utc::now() + chrono::Duration::milliseconds(seconds * 1000)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn schedules(app: &TestApp, d: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token).await.body.as_array().unwrap().clone()
}

/// Polls until every schedule of the deployment has at least `runs` runs; returns them.
async fn wait_runs(app: &TestApp, d: i64, runs: usize) -> Vec<Value> {
    let deadline = Instant::now() + LIVENESS;
    loop {
        let list = schedules(app, d).await;
        if list.iter().all(|s| s["recent_runs"].as_array().unwrap().len() >= runs) {
            return list;
        }
        assert!(Instant::now() < deadline, "schedules never ran: {list:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Definitions a schedule may not have, each with the field the refusal names (for making one and replacing one).
fn refused_definitions() -> [(Value, &'static str); 6] {
    [
        (json!({"cron": "0 2 * * *"}), "cron"),
        (json!({"cron": "0 2 * * *", "timezone": "UTC", "at": at(60)}), "cron"),
        (json!({"cron": "0 2 * *", "timezone": "UTC"}), "cron"),
        (json!({"cron": "0 2 * * *", "timezone": "Nowhere/Else"}), "timezone"),
        (json!({"at": at(60), "flags": {"NOPE": "x"}}), "flags.NOPE"),
        (json!({"at": at(60), "catch_up_minutes": 2000}), "catch_up_minutes"),
    ]
}

#[tokio::test]
async fn each_tick_makes_one_push_however_many_api_processes_come_and_go() {
    let app = TestApp::spawn().await;
    let d = deployment(&app).await;
    let mut replicas = vec![app.replica(), app.replica()];
    for i in 0..12 {
        let body = json!({"at": at(1 + i / 4), "comment": format!("tick {i}")});
        let made = app.post(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
        assert_eq!(made.body["next_fires"].as_array().unwrap().len(), 1, "{made:?}");
    }
    // One replica stops as soon as the first tick fired; another starts.
    let deadline = Instant::now() + LIVENESS;
    while schedules(&app, d).await.iter().all(|s| s["recent_runs"].as_array().unwrap().is_empty()) {
        assert!(Instant::now() < deadline, "no tick fired");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    replicas.remove(0);
    replicas.push(app.replica());
    let list = wait_runs(&app, d, 1).await;
    let mut pushes = Vec::new();
    for s in &list {
        let runs = s["recent_runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1, "one run per tick: {s:#}");
        assert_eq!(runs[0]["outcome"], "pushed", "{s:#}");
        pushes.push(runs[0]["push_id"].as_i64().unwrap());
        assert!(s["next_fires"].as_array().unwrap().is_empty(), "a one-off schedule is done: {s:#}");
    }
    let history = app.get(&format!("/api/v1/deployments/{d}/pushes?limit=100"), &app.admin_token).await.body;
    assert_eq!(history.as_array().unwrap().len(), 12, "exactly one push per tick: {history:#}");
    for push in history.as_array().unwrap() {
        assert!(pushes.contains(&push["id"].as_i64().unwrap()), "{push:#}");
        let made_by = push["schedule_id"].as_i64().unwrap();
        assert!(list.iter().any(|s| s["id"] == made_by), "each push names its schedule: {push:#}");
    }
}

#[tokio::test]
async fn a_missed_tick_fires_once_if_recent_and_is_recorded_missed_if_older() {
    let app = TestApp::spawn().await;
    let d = deployment(&app).await;
    let body = |catch_up: i64| json!({"cron": "* * * * *", "timezone": "UTC", "catch_up_minutes": catch_up});
    let recent = app.post(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token, body(15)).await.body;
    let strict = app.post(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token, body(0)).await.body;
    assert_eq!(recent["next_fires"].as_array().unwrap().len(), 10);
    // As if nothing had run for five minutes.
    app.db
        .with(|conn| {
            use diesel::prelude::*;
            diesel::sql_query("UPDATE schedules SET done_until = now() - interval '5 minutes'").execute(conn).unwrap()
        })
        .await;
    let list = wait_runs(&app, d, 5).await;
    let runs_of = |s: &Value| -> Vec<Value> {
        list.iter().find(|x| x["id"] == s["id"]).unwrap()["recent_runs"].as_array().unwrap().clone()
    };
    let recent_runs = runs_of(&recent);
    let mut pushed: Vec<&str> =
        recent_runs.iter().filter(|r| r["outcome"] == "pushed").map(|r| r["fire_at"].as_str().unwrap()).collect();
    pushed.sort();
    // The catch-up fires the latest due tick once; a minute passing during the test may add its own tick.
    assert!(!pushed.is_empty() && pushed.len() <= 2, "the latest due tick fires, once: {recent_runs:#?}");
    let missed = recent_runs.iter().filter(|r| r["outcome"] == "missed").count();
    assert!(missed >= 4, "the older ticks are recorded as missed: {recent_runs:#?}");
    let pushed_at = pushed[0];
    assert!(
        recent_runs.iter().filter(|r| r["outcome"] == "missed").all(|r| r["fire_at"].as_str().unwrap() < pushed_at),
        "{recent_runs:#?}"
    );
    let strict_runs = runs_of(&strict);
    assert!(strict_runs.iter().all(|r| r["outcome"] == "missed"), "past catch_up_minutes: {strict_runs:#?}");
}

#[tokio::test]
async fn a_tick_in_a_freeze_is_skipped_and_says_so() {
    let app = TestApp::spawn().await;
    let d = deployment(&app).await;
    let freeze = json!({"reason": "exams week", "deployment_id": d, "starts_at": at(-60), "ends_at": at(3600)});
    assert_eq!(app.post("/api/v1/freezes", &app.admin_token, freeze).await.status, StatusCode::CREATED);
    let made = app.post(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token, json!({"at": at(1)})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
    let list = wait_runs(&app, d, 1).await;
    let run = &list[0]["recent_runs"][0];
    assert_eq!(run["outcome"], "frozen", "{run:#}");
    assert!(run["detail"].as_str().unwrap().contains("exams week"), "{run:#}");
    let history = app.get(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token).await.body;
    assert!(history.as_array().unwrap().is_empty(), "{history:#}");
}

#[tokio::test]
async fn schedules_are_checked_and_made_by_editors() {
    let app = TestApp::spawn().await;
    let d = deployment(&app).await;
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(json!({"name": "R", "varname": "REGION"})))
        .await;
    app.grant(d, "pushers", "push").await;
    let pusher = app.user(&["pushers"]).await;
    let path = format!("/api/v1/deployments/{d}/schedules");
    let refused = app.post(&path, &pusher, json!({"at": at(3600)})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
    for (body, field) in refused_definitions() {
        let reply = app.post(&path, &app.admin_token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], field, "{body}: {reply:?}");
    }
    let nightly = app
        .post(
            &path,
            &app.admin_token,
            json!({"cron": "0 2 * * *", "timezone": "Europe/Berlin",
        "flags": {"REGION": "eu"}}),
        )
        .await;
    assert_eq!(nightly.status, StatusCode::CREATED, "{nightly:?}");
    let first: chrono::DateTime<Utc> = nightly.body["next_fires"][0].as_str().unwrap().parse().unwrap();
    let local = first.with_timezone(&chrono_tz::Europe::Berlin);
    assert_eq!(local.format("%H:%M:%S%.f").to_string(), "02:00:00", "on the minute, to the nanosecond: {first}");
    let id = nightly.body["id"].as_i64().unwrap();
    let off = app.patch(&format!("{path}/{id}"), &app.admin_token, json!({"enabled": false})).await;
    assert_eq!(off.status, StatusCode::OK, "{off:?}");
    assert_eq!(off.body["enabled"], false);
    assert!(off.body["next_fires"].as_array().unwrap().is_empty(), "a disabled schedule does not fire: {off:?}");
    let theirs = app.patch(&format!("{path}/{id}"), &pusher, json!({"enabled": true})).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{theirs:?}");
    let on = app.patch(&format!("{path}/{id}"), &app.admin_token, json!({"enabled": true})).await;
    assert_eq!(on.body["next_fires"].as_array().unwrap().len(), 10, "{on:?}");
    let gone = app.delete(&format!("{path}/{id}"), &app.admin_token).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert!(schedules(&app, d).await.is_empty());
}

#[tokio::test]
async fn an_editor_replaces_a_schedule_which_then_fires_by_its_new_rule_as_theirs() {
    let app = TestApp::spawn().await;
    let d = deployment(&app).await;
    let other = deployment(&app).await;
    let flag = json!({"name": "R", "varname": "REGION"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(flag)).await;
    app.grant(d, "pushers", "push").await;
    app.grant(d, "editors", "edit").await;
    let (pusher, editor) = (app.user(&["pushers"]).await, app.user(&["editors"]).await);
    let editor_name = app.get("/api/v1/me", &editor).await.body["username"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/deployments/{d}/schedules");
    let nightly =
        json!({"cron": "0 2 * * *", "timezone": "Europe/Berlin", "flags": {"REGION": "eu"}, "comment": "nightly"});
    let made = app.post(&path, &app.admin_token, nightly).await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
    let id = made.body["id"].as_i64().unwrap();
    let one = format!("{path}/{id}");
    let soon = json!({"at": at(1), "flags": {"REGION": "us"}, "comment": "moved"});

    // Who may, and which schedule: nothing changes on a refusal.
    let refused = app.put(&one, &pusher, soon.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
    let elsewhere =
        app.put(&format!("/api/v1/deployments/{other}/schedules/{id}"), &app.admin_token, soon.clone()).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "a schedule of another deployment: {elsewhere:?}");
    let missing = app.put(&format!("{path}/{}", id + 1000), &app.admin_token, soon.clone()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{missing:?}");
    for (body, field) in refused_definitions() {
        let reply = app.put(&one, &editor, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], field, "{body}: {reply:?}");
    }
    let unchanged = schedules(&app, d).await;
    assert_eq!(unchanged.len(), 1);
    assert_eq!(
        (&unchanged[0]["cron"], &unchanged[0]["comment"], &unchanged[0]["owner"], &unchanged[0]["flags"]),
        (&json!("0 2 * * *"), &json!("nightly"), &json!("admin"), &json!({"REGION": "eu"})),
        "{unchanged:#?}"
    );

    // Recurring to once: the rule it had is gone, the editor owns it, and it fires as theirs.
    let replaced = app.put(&one, &editor, soon).await;
    assert_eq!(replaced.status, StatusCode::OK, "{replaced:?}");
    let s = &replaced.body;
    assert_eq!((s["id"].as_i64(), &s["cron"], &s["timezone"]), (Some(id), &Value::Null, &Value::Null), "{s:#}");
    assert_eq!(
        (&s["owner"], &s["comment"], &s["flags"]),
        (&json!(editor_name), &json!("moved"), &json!({"REGION": "us"}))
    );
    assert_eq!(s["next_fires"].as_array().unwrap().len(), 1, "{s:#}");
    let runs = wait_runs(&app, d, 1).await;
    let run = &runs[0]["recent_runs"][0];
    assert_eq!(run["outcome"], "pushed", "{run:#}");
    let push = app.get(&format!("/api/v1/pushes/{}", run["push_id"]), &app.admin_token).await.body;
    assert_eq!(
        (&push["user"], &push["comment"], &push["flags"]["REGION"]),
        (&json!(editor_name), &json!("moved"), &json!("us"))
    );

    // And back to recurring: the one-off time is gone, the ticks so far stay.
    let back = app.put(&one, &editor, json!({"cron": "30 4 * * *", "timezone": "UTC"})).await;
    assert_eq!(back.status, StatusCode::OK, "{back:?}");
    assert_eq!((&back.body["at"], &back.body["cron"]), (&Value::Null, &json!("30 4 * * *")), "{back:?}");
    assert_eq!(back.body["recent_runs"].as_array().unwrap().len(), 1, "{back:?}");
    assert_eq!(back.body["next_fires"].as_array().unwrap().len(), 10, "{back:?}");
    let trail = app.get("/api/v1/audit?action=schedule.replace", &app.admin_token).await.body;
    let events = trail["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "one event per replacement, none for the refusals: {trail:#}");
    assert!(events.iter().all(|e| e["actor"] == json!(editor_name) && e["target_id"] == json!(id)), "{trail:#}");
}
