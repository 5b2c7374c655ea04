//! `rolf logs search` against a real API and worker: it finds the line, in a table or as the API's JSON, and
//! finds nothing for a caller who may not view the push.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::Method;
use rolf_tests::TestApp;
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> (Option<i32>, String) {
    let ran = rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await;
    (ran.code, ran.stdout)
}

#[tokio::test]
async fn logs_search_prints_the_hits_the_caller_may_view() {
    let app = TestApp::spawn().await;
    let d = app.deployment("searched").await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/stages"),
        Some(json!({"name": "talk", "language": "bash", "code": "echo 'the haystack'; echo 'a needle-Zq4 here'"})),
    )
    .await;
    let _worker = app.worker(&[]);
    let id = app.admin(Method::POST, &format!("/api/v1/deployments/{d}/pushes"), Some(json!({}))).await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(app.wait_push(id, &["succeeded", "failed"], LIVENESS).await["status"], "succeeded");

    let (code, stdout) = rolf(&app, &app.admin_token, &["logs", "search", "needle-Zq4"]).await;
    assert_eq!(code, Some(0), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("PUSH") && lines[0].contains("LINE"), "{stdout}");
    assert_eq!(lines.len(), 2, "one hit: {stdout}");
    assert!(lines[1].starts_with(&id.to_string()) && lines[1].contains("a needle-Zq4 here"), "{stdout}");

    let (code, stdout) =
        rolf(&app, &app.admin_token, &["--json", "logs", "search", "needle-Zq4", "--stream", "stdout"]).await;
    assert_eq!(code, Some(0), "{stdout}");
    let page: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(page["hits"][0]["push_id"], id, "{page:#}");

    let nobody = app.user(&[]).await;
    let (code, stdout) = rolf(&app, &nobody, &["logs", "search", "needle-Zq4"]).await;
    assert_eq!(code, Some(0), "{stdout}");
    assert!(!stdout.contains("needle"), "{stdout}");
}
