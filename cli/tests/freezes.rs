//! `rolf freeze add|rm` against a real API: an editor freezes their deployment once and removes the freeze, an
//! admin freezes a category every week; the API's refusals (scope, order of the ends) and the command line's own
//! reach the user as errors, and add nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::Method;
use rolf_tests::{TestApp, unique};
use serde_json::Value;

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let ran = rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await;
    (ran.code, ran.stdout, ran.stderr)
}

async fn freezes(app: &TestApp) -> Vec<Value> {
    app.get("/api/v1/freezes", &app.admin_token).await.body.as_array().unwrap().clone()
}

fn time(minutes_from_now: i64) -> String {
    (Utc::now() + Duration::minutes(minutes_from_now)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[tokio::test]
async fn freezes_are_added_and_removed_from_the_command_line_by_who_may_manage_them() {
    let app = TestApp::spawn().await;
    let d = app.deployment(&unique("frozen")).await;
    let deployment = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await;
    let name = format!("{}/{}", deployment["application"].as_str().unwrap(), deployment["name"].as_str().unwrap());
    let category_id = deployment["category_id"].to_string();
    let categories = app.get("/api/v1/categories", &app.admin_token).await.body;
    let category = categories.as_array().unwrap().iter().find(|c| c["id"] == deployment["category_id"]).unwrap();
    let category = category["name"].as_str().unwrap().to_owned();
    app.grant(d, "editors", "edit").await;
    let editor = app.user(&["editors"]).await;
    let (from, until) = (time(-1), time(60));

    // Refused: by the command line before anything is sent, then by the API; nothing is added.
    let half = ["freeze", "add", "-r", "release", "-d", &name, "--from", &from];
    let (code, _, stderr) = rolf(&app, &editor, &half).await;
    assert_ne!(code, Some(0), "{stderr}");
    assert!(stderr.contains("--until"), "{stderr}");
    let no_span = ["freeze", "add", "-r", "weekly", "--cron", "0 16 * * 5", "--timezone", "UTC"];
    let (code, _, stderr) = rolf(&app, &app.admin_token, &no_span).await;
    assert_ne!(code, Some(0), "{stderr}");
    assert!(stderr.contains("--minutes"), "{stderr}");
    let backwards = ["freeze", "add", "-r", "release", "-d", &name, "--from", &until, "--until", &from];
    let (code, _, stderr) = rolf(&app, &editor, &backwards).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("ends_at"), "{stderr}");
    let everything = ["freeze", "add", "-r", "release", "--from", &from, "--until", &until];
    let (code, _, stderr) = rolf(&app, &editor, &everything).await;
    assert_eq!(code, Some(4), "an editor may not freeze everything: {stderr}");
    assert!(stderr.contains("not allowed"), "{stderr}");
    assert!(freezes(&app).await.is_empty());

    // The editor's own deployment, now: the row says it is in effect.
    let add = ["freeze", "add", "-r", "release day", "-d", &name, "--from", &from, "--until", &until];
    let (code, stdout, stderr) = rolf(&app, &editor, &add).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let made = freezes(&app).await;
    assert_eq!(made.len(), 1, "{made:#?}");
    let id = made[0]["id"].to_string();
    assert_eq!((made[0]["deployment_id"].as_i64(), &made[0]["reason"]), (Some(d), &Value::from("release day")));
    let row = stdout.lines().find(|l| l.starts_with(&id)).unwrap_or_else(|| panic!("{stdout}"));
    assert!(row.contains(&format!("deployment {d}")) && row.contains("once") && row.contains(" - "), "{row}");

    // An admin's weekly freeze of the category (by its name), as JSON.
    let weekly = ["--json", "freeze", "add", "-r", "weekends", "--category", &category, "--cron", "0 16 * * 5"];
    let weekly = [&weekly[..], &["--minutes", "600", "--timezone", "Europe/Berlin"]].concat();
    let (code, stdout, stderr) = rolf(&app, &app.admin_token, &weekly).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let made: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((&made["cron"], &made["duration_minutes"]), (&Value::from("0 16 * * 5"), &Value::from(600)));
    assert_eq!(made["category_id"].to_string(), category_id, "the category named {category}");
    let unknown = ["freeze", "add", "-r", "x", "--application", "no-such-app", "--from", &from, "--until", &until];
    let (code, _, stderr) = rolf(&app, &app.admin_token, &unknown).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("no application is named \"no-such-app\""), "{stderr}");
    assert_eq!(freezes(&app).await.len(), 2);

    // Removed by the editor; removing again finds nothing.
    let (code, _, stderr) = rolf(&app, &editor, &["freeze", "rm", &id]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains(&format!("freeze {id} removed")), "{stderr}");
    assert_eq!(freezes(&app).await.len(), 1);
    let (code, _, stderr) = rolf(&app, &editor, &["freeze", "rm", &id]).await;
    assert_eq!(code, Some(4), "{stderr}");
}
