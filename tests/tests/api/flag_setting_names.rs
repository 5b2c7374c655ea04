//! A stage sees a deployment's settings and flags as one set of environment variables, so a flag and a setting
//! may not share a name: either direction is refused with 422 naming the field, and nothing is stored.

use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn a_flag_named_like_a_setting_is_refused_naming_varname() {
    let app = TestApp::spawn().await;
    let token = app.admin_token.clone();
    let dep = app.deployment("production").await;
    let reply = app.put(&format!("/api/v1/deployments/{dep}/settings/REGION"), &token, json!({"value": "eu"})).await;
    assert_eq!(reply.status, 201, "{reply:?}");

    let flags = format!("/api/v1/deployments/{dep}/flags");
    let reply = app.post(&flags, &token, json!({"name": "Region", "varname": "REGION"})).await;
    assert_eq!(reply.status, 422, "{reply:?}");
    assert_eq!(reply.code(), "invalid");
    assert_eq!(reply.body["error"]["field"], "varname");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("REGION"), "{reply:?}");

    // Renaming another flag onto the setting's name is refused the same way.
    let other = app.post(&flags, &token, json!({"name": "Zone", "varname": "ZONE"})).await;
    assert_eq!(other.status, 201, "{other:?}");
    let reply = app.patch(&format!("{flags}/{}", other.id()), &token, json!({"varname": "REGION"})).await;
    assert_eq!(reply.status, 422, "{reply:?}");
    assert_eq!(reply.body["error"]["field"], "varname");
    // A patch that leaves the varname alone is not affected.
    let reply = app.patch(&format!("{flags}/{}", other.id()), &token, json!({"name": "Zone 2"})).await;
    assert_eq!(reply.status, 200, "{reply:?}");

    let list = app.get(&flags, &token).await;
    let varnames: Vec<&str> = list.body.as_array().unwrap().iter().map(|f| f["varname"].as_str().unwrap()).collect();
    assert_eq!(varnames, ["ZONE"]);

    // The same name on another deployment is no clash.
    let sibling = app.deployment("staging").await;
    let reply = app
        .post(&format!("/api/v1/deployments/{sibling}/flags"), &token, json!({"name": "Region", "varname": "REGION"}))
        .await;
    assert_eq!(reply.status, 201, "{reply:?}");
}

#[tokio::test]
async fn a_setting_named_like_a_flag_is_refused_naming_name() {
    let app = TestApp::spawn().await;
    let token = app.admin_token.clone();
    let dep = app.deployment("production").await;
    let flag = app
        .post(&format!("/api/v1/deployments/{dep}/flags"), &token, json!({"name": "Branch", "varname": "BRANCH"}))
        .await;
    assert_eq!(flag.status, 201, "{flag:?}");

    let reply = app.put(&format!("/api/v1/deployments/{dep}/settings/BRANCH"), &token, json!({"value": "main"})).await;
    assert_eq!(reply.status, 422, "{reply:?}");
    assert_eq!(reply.code(), "invalid");
    assert_eq!(reply.body["error"]["field"], "name");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("BRANCH"), "{reply:?}");
    let settings = app.get(&format!("/api/v1/deployments/{dep}/settings"), &token).await;
    assert_eq!(settings.body, json!([]));

    // Once the flag is gone the name is free.
    let reply = app.delete(&format!("/api/v1/deployments/{dep}/flags/{}", flag.id()), &token).await;
    assert_eq!(reply.status, 204, "{reply:?}");
    let reply = app.put(&format!("/api/v1/deployments/{dep}/settings/BRANCH"), &token, json!({"value": "main"})).await;
    assert_eq!(reply.status, 201, "{reply:?}");
}
