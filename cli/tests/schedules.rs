//! `rolf schedule add|edit|on|off|rm` and `rolf schedules` against a real API: an editor manages a deployment's
//! schedules end to end; the API's refusals and the command line's own reach the user as errors naming the field,
//! and change nothing; a pusher may list but not change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::Method;
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let ran = rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await;
    (ran.code, ran.stdout, ran.stderr)
}

async fn stored(app: &TestApp, d: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/deployments/{d}/schedules"), &app.admin_token).await.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn an_editor_adds_edits_switches_and_removes_a_schedule_from_the_command_line() {
    let app = TestApp::spawn().await;
    let d = app.deployment(&unique("sched")).await;
    let flag = json!({"name": "Region", "varname": "REGION", "default": "eu"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(flag)).await;
    let deployment = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await;
    let name = format!("{}/{}", deployment["application"].as_str().unwrap(), deployment["name"].as_str().unwrap());
    app.grant(d, "editors", "edit").await;
    app.grant(d, "pushers", "push").await;
    let (editor, pusher) = (app.user(&["editors"]).await, app.user(&["pushers"]).await);
    let editor_name = app.get("/api/v1/me", &editor).await.body["username"].as_str().unwrap().to_owned();

    // Added: the row it prints is the schedule as stored.
    let add = ["schedule", "add", &name, "--cron", "0 2 * * 1-5", "--timezone", "Europe/Berlin", "-f", "REGION=us"];
    let (code, stdout, stderr) = rolf(&app, &editor, &add).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let list = stored(&app, d).await;
    assert_eq!(list.len(), 1, "{list:#?}");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    assert_eq!((&list[0]["flags"], &list[0]["enabled"]), (&json!({"REGION": "us"}), &json!(true)), "{list:#?}");
    let row = stdout.lines().find(|l| l.starts_with(&id)).unwrap_or_else(|| panic!("{stdout}"));
    assert!(row.contains("0 2 * * 1-5 (Europe/Berlin)") && row.contains(&editor_name), "{stdout}");

    // Refused by the API (a field named, nothing changed) and by the command line (nothing sent).
    let bad_cron = ["schedule", "edit", &name, &id, "--cron", "0 2 * *", "--timezone", "UTC"];
    let (code, _, stderr) = rolf(&app, &editor, &bad_cron).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("cron"), "{stderr}");
    let unknown_flag = ["schedule", "edit", &name, &id, "--at", "2099-01-01T00:00:00Z", "-f", "NOPE=1"];
    let (code, _, stderr) = rolf(&app, &editor, &unknown_flag).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("flags.NOPE"), "{stderr}");
    let both = ["schedule", "edit", &name, &id, "--at", "2099-01-01T00:00:00Z", "--cron", "0 2 * * *"];
    let (code, _, stderr) = rolf(&app, &editor, &both).await;
    assert_ne!(code, Some(0), "{stderr}");
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let twice = ["schedule", "add", &name, "--at", "2099-01-01T00:00:00Z", "-f", "REGION=a", "-f", "REGION=b"];
    let (code, _, stderr) = rolf(&app, &editor, &twice).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("--flag REGION is given twice"), "{stderr}");
    let (code, _, stderr) = rolf(&app, &pusher, &["schedule", "off", &name, &id]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("not allowed"), "{stderr}");
    assert_eq!(stored(&app, d).await, list, "refusals change nothing");

    // Edited whole: once now, the flag back to its default, a comment; --json gives the API's answer.
    let edit = ["--json", "schedule", "edit", &name, &id, "--at", "2099-01-01T00:00:00Z", "-c", "new year", "--off"];
    let (code, stdout, stderr) = rolf(&app, &editor, &edit).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let edited: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(edited["id"].to_string(), id);
    assert_eq!((&edited["cron"], &edited["at"]), (&Value::Null, &json!("2099-01-01T00:00:00Z")), "{edited:#}");
    assert_eq!(
        (&edited["flags"], &edited["comment"], &edited["enabled"]),
        (&json!({}), &json!("new year"), &json!(false))
    );

    // On and off, as the listing says.
    let (code, stdout, _) = rolf(&app, &pusher, &["schedules", &name]).await;
    assert_eq!(code, Some(0));
    assert!(stdout.lines().any(|l| l.starts_with(&id) && l.contains("once at") && l.contains("disabled")), "{stdout}");
    let (code, stdout, stderr) = rolf(&app, &editor, &["schedule", "on", &name, &id]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("disabled") && stdout.contains("2099-01-01"), "{stdout}");
    let (code, stdout, _) = rolf(&app, &editor, &["schedule", "off", &name, &id]).await;
    assert_eq!(code, Some(0));
    assert!(stdout.contains("disabled"), "{stdout}");
    assert_eq!(stored(&app, d).await[0]["enabled"], false);

    // Removed; removing again says there is no such schedule.
    let (code, _, stderr) = rolf(&app, &editor, &["schedule", "rm", &name, &id]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains(&format!("schedule {id} of {name} removed")), "{stderr}");
    assert!(stored(&app, d).await.is_empty());
    let (code, _, stderr) = rolf(&app, &editor, &["schedule", "rm", &name, &id]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("schedule"), "{stderr}");
}
