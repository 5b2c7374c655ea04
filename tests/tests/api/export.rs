//! Deployments as code, first half (issue 13): the export document, complete and without a secret value.

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn the_export_holds_the_whole_deployment_but_never_a_secret_value() {
    let app = TestApp::spawn().await;
    let d = app.deployment("exported").await;
    let recipe = app
        .admin(
            Method::POST,
            "/api/v1/recipes",
            Some(json!({"name": "checkout", "language": "bash", "code": "git clone"})),
        )
        .await;
    let stages = format!("/api/v1/deployments/{d}/stages");
    app.admin(
        Method::POST,
        &stages,
        Some(json!({"name": "fetch", "recipe_id": recipe["id"], "rerun_on_resume": true})),
    )
    .await;
    app.admin(Method::POST, &stages, Some(json!({"name": "ship", "language": "python", "code": "print(1)"}))).await;
    for (name, value, secret) in [("HOST", "web1", false), ("TOKEN", "s3cret-value", true)] {
        let body = json!({"value": value, "secret": secret});
        app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/{name}"), Some(body)).await;
    }
    let flag = json!({"name": "Region", "varname": "REGION", "kind": "choice", "choices": ["eu", "us"]});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(flag)).await;
    let hook = json!({"url": "https://hooks.example.invalid/x", "events": ["push.failed"], "secret": "hook-secret"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/webhooks"), Some(hook)).await;
    app.grant(d, "lookers", "view").await;
    let viewer = app.user(&["lookers"]).await;

    let exported = app.get(&format!("/api/v1/deployments/{d}/export"), &app.admin_token).await;
    assert_eq!(exported.status, StatusCode::OK, "{exported:?}");
    let doc = &exported.body;
    let text = doc.to_string();
    assert!(!text.contains("s3cret-value") && !text.contains("hook-secret"), "a secret leaked: {text}");
    assert_eq!(doc["rolf"], 1);
    assert_eq!(doc["name"], "exported");
    assert_eq!(
        doc["settings"],
        json!([{"name": "HOST", "value": "web1", "secret": false}, {"name": "TOKEN", "secret": true}])
    );
    assert_eq!(
        doc["stages"][0],
        json!({"name": "fetch", "recipe": "checkout", "language": "bash", "timeout_seconds": null,
        "rerun_on_resume": true})
    );
    assert_eq!(doc["stages"][1]["code"], "print(1)");
    assert_eq!(doc["flags"][0]["choices"], json!(["eu", "us"]));
    assert_eq!(doc["permissions"], json!([{"group": "lookers", "level": "view"}]));
    assert_eq!(doc["webhooks"][0]["signed"], true);

    let theirs = app.get(&format!("/api/v1/deployments/{d}/export"), &viewer).await;
    assert_eq!(theirs.status, StatusCode::OK, "{theirs:?}");
    assert!(theirs.body.get("webhooks").is_none(), "webhooks are for editors: {:#}", theirs.body);
}
