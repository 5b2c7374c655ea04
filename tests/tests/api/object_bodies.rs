//! Every request body is a JSON object, as the spec says: an array that serde could read positionally into the
//! same struct (`["web"]` for `{"name": "web"}`) is refused with 400 and changes nothing; and its numbers are read
//! as JSON Schema reads them. Found by the fuzzer.

use reqwest::Method;
use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn an_array_body_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.admin_token.clone();
    let json = "application/json";
    let reply = app.raw(Method::POST, "/api/v1/categories", &token, json, br#" ["web"]"#.to_vec()).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    assert_eq!(reply.code(), "bad_request");
    assert_eq!(app.get("/api/v1/categories", &token).await.body, json!([]));

    let category = app.post("/api/v1/categories", &token, json!({"name": "web"})).await;
    assert_eq!(category.status, 201, "{category:?}");
    let application =
        app.post("/api/v1/applications", &token, json!({"category_id": category.id(), "name": "shop"})).await;
    let path = format!("/api/v1/applications/{}", application.id());
    let reply = app.raw(Method::PATCH, &path, &token, json, b"[null, null]".to_vec()).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    let reply =
        app.raw(Method::PATCH, &path, &token, "application/problem+json", br#"[null, "renamed"]"#.to_vec()).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    assert_eq!(app.get(&path, &token).await.body["name"], "shop");

    // Objects, with white space before them, still work.
    let reply = app.raw(Method::PATCH, &path, &token, json, b"\n {\"name\": \"renamed\"}".to_vec()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
}

/// JSON Schema's `integer` takes `5.0` (its value is whole), so the API does too; `5.5` stays refused. Found by
/// the fuzzer, whose Python clients write whole floats that way.
#[tokio::test]
async fn a_whole_number_written_with_a_fraction_is_an_integer() {
    let app = TestApp::spawn().await;
    let token = app.admin_token.clone();
    let category = app.post("/api/v1/categories", &token, json!({"name": "web"})).await;
    let whole = format!(r#"{{"category_id": {}.0, "name": "shop"}}"#, category.id());
    let reply = app.raw(Method::POST, "/api/v1/applications", &token, "application/json", whole.into_bytes()).await;
    assert_eq!(reply.status, 201, "{reply:?}");
    assert_eq!(reply.body["category_id"], category.id());

    let d = app.deployment("production").await;
    let stage = br#"{"name": "build", "language": "bash", "code": "true", "timeout_seconds": 6e1}"#.to_vec();
    let path = format!("/api/v1/deployments/{d}/stages");
    let reply = app.raw(Method::POST, &path, &token, "application/json", stage).await;
    assert_eq!(reply.status, 201, "{reply:?}");
    assert_eq!(reply.body["timeout_seconds"], 60);

    let fraction = br#"{"name": "test", "language": "bash", "code": "true", "timeout_seconds": 60.5}"#.to_vec();
    let reply = app.raw(Method::POST, &path, &token, "application/json", fraction).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    assert_eq!(reply.code(), "bad_request");
}
