//! `GET /deployments/{id}/stats`: the latest pushes' durations by stage, and per-stage estimates.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn stats_give_each_pushs_stage_durations_and_estimates_from_successful_runs() {
    let app = TestApp::spawn().await;
    let d = app.deployment("timed").await;
    for (name, code) in [("quick", "true"), ("slow", r#"sleep 0.3; [ "$ROLF_COMMENT" != fail ]"#)] {
        let stage = json!({"name": name, "language": "bash", "code": code});
        app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    }
    let _worker = app.worker(&[]);
    let mut ids = Vec::new();
    for comment in ["ok", "ok", "fail"] {
        let path = format!("/api/v1/deployments/{d}/pushes");
        let id = app.admin(Method::POST, &path, Some(json!({"comment": comment}))).await["id"].as_i64().unwrap();
        app.wait_push(id, &["succeeded", "failed"], Duration::from_secs(60)).await;
        ids.push(id);
    }
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/pushes"), Some(json!({}))).await;

    let stats = app.get(&format!("/api/v1/deployments/{d}/stats"), &app.admin_token).await;
    assert_eq!(stats.status, StatusCode::OK, "{stats:?}");
    let pushes = stats.body["pushes"].as_array().unwrap();
    // Newest first; the fourth push may not have started yet, and only started pushes are counted.
    let started: Vec<i64> =
        pushes.iter().map(|p| p["push_id"].as_i64().unwrap()).filter(|id| ids.contains(id)).collect();
    assert_eq!(started, ids.iter().rev().copied().collect::<Vec<_>>(), "{stats:?}");
    let failed = pushes.iter().find(|p| p["push_id"] == ids[2]).unwrap();
    assert_eq!(failed["status"], "failed");
    let stages: Vec<(&str, &str)> = failed["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(stages, [("quick", "succeeded"), ("slow", "failed")]);
    assert!(failed["stages"][1]["seconds"].as_f64().unwrap() >= 0.3, "{failed}");

    // Estimates count successful runs only: the failed run of `slow` is not one of them.
    let estimates = &stats.body["estimates"];
    assert_eq!(estimates[0]["name"], "quick");
    assert_eq!(estimates[0]["runs"], 3);
    assert_eq!(estimates[1]["name"], "slow");
    assert_eq!(estimates[1]["runs"], 2);
    assert!(estimates[1]["median_seconds"].as_f64().unwrap() >= 0.3, "{estimates}");

    let one = app.get(&format!("/api/v1/deployments/{d}/stats?limit=1"), &app.admin_token).await;
    assert_eq!(one.body["pushes"].as_array().unwrap().len(), 1, "{one:?}");
    let zero = app.get(&format!("/api/v1/deployments/{d}/stats?limit=0"), &app.admin_token).await;
    assert_eq!((zero.status, zero.body["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("limit")));
    let outsider = app.user(&["strangers"]).await;
    assert_eq!(app.get(&format!("/api/v1/deployments/{d}/stats"), &outsider).await.status, StatusCode::NOT_FOUND);
}
