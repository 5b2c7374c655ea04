//! Objects the end-to-end tests make over and over: stage bodies, a deployment with stages, a setting.

use reqwest::Method;
use serde_json::{Value, json};

use crate::TestApp;

/// The body of an inline bash stage.
pub fn bash(name: &str, code: &str) -> Value {
    json!({"name": name, "language": "bash", "code": code})
}

/// The body of an inline python stage.
pub fn python(name: &str, code: &str) -> Value {
    json!({"name": name, "language": "python", "code": code})
}

/// A deployment with these stages (bodies of `POST /deployments/{id}/stages`); returns it and the stage ids.
pub async fn deployment_with(app: &TestApp, name: &str, stages: &[Value]) -> (i64, Vec<i64>) {
    let d = app.deployment(name).await;
    let mut ids = Vec::new();
    for stage in stages {
        let created = app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage.clone())).await;
        ids.push(created["id"].as_i64().expect("a created stage has an id"));
    }
    (d, ids)
}

/// Sets a deployment's setting as the admin.
pub async fn setting(app: &TestApp, d: i64, name: &str, value: &str, secret: bool) {
    let body = json!({"value": value, "secret": secret});
    app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/{name}"), Some(body)).await;
}

/// The starter cookbook shipped with Rolf (`cookbook/starter.json`), as a `POST /recipes/import` body.
pub fn starter_cookbook() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cookbook/starter.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("cookbook/starter.json"))
        .expect("the starter cookbook is JSON")
}
