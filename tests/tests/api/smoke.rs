use reqwest::StatusCode;
use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn admin_builds_a_deployment_and_reads_it_back() {
    let app = TestApp::spawn().await;
    let id = app.deployment("production").await;
    let reply = app.get(&format!("/api/v1/deployments/{id}"), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["name"], "production");
    let me = app.get("/api/v1/me", &app.admin_token).await;
    assert_eq!(me.body, json!({"username": "admin", "groups": [], "admin": true}));
}
