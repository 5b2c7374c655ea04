use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::json;

/// The value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(series).and_then(|rest| rest.trim().parse().ok()))
}

#[tokio::test]
async fn metrics_count_pushes_stages_and_requests() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = app.deployment("metered").await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/stages"),
        Some(json!({"name": "s", "language": "bash", "code": "echo hi"})),
    )
    .await;
    for _ in 0..2 {
        let id = app.admin(Method::POST, &format!("/api/v1/deployments/{d}/pushes"), Some(json!({}))).await["id"]
            .as_i64()
            .unwrap();
        app.wait_push(id, &["succeeded"], Duration::from_secs(30)).await;
    }
    let resp = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = resp.text().await.unwrap();
    assert_eq!(sample(&text, "rolf_pushes{status=\"succeeded\"}"), Some(2.0), "{text}");
    assert_eq!(sample(&text, "rolf_pushes{status=\"failed\"}"), Some(0.0));
    assert_eq!(sample(&text, "rolf_queue_depth"), Some(0.0));
    assert_eq!(sample(&text, "rolf_running_pushes"), Some(0.0));
    assert_eq!(sample(&text, "rolf_stage_duration_seconds_count"), Some(2.0));
    assert_eq!(sample(&text, "rolf_stage_duration_seconds_bucket{le=\"+Inf\"}"), Some(2.0));
    assert!(sample(&text, "rolf_stage_duration_seconds_bucket{le=\"1\"}").is_some(), "{text}");
    assert!(sample(&text, "rolf_log_lines").is_some());
    assert!(sample(&text, "rolf_webhook_failures").is_some());
    let pushes = "rolf_http_requests_total{method=\"POST\",route=\"/api/v1/deployments/{id}/pushes\",status=\"202\"}";
    assert_eq!(sample(&text, pushes), Some(2.0), "{text}");
    // Routes are counted by pattern, so ids never become labels.
    assert!(!text.contains(&format!("/api/v1/deployments/{d}/")), "{text}");
}
