//! `GET /deployments/{id}/access`: the caller's level and why.

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use serde_json::json;

#[tokio::test]
async fn access_says_which_groups_and_directory_groups_give_the_callers_level() {
    let app = TestApp::spawn().await;
    let d = app.deployment("explained").await;
    app.grant(d, "viewers", "view").await;
    app.grant(d, "developers", "push").await;
    app.grant(d, "ops", "edit").await;
    let dn = "cn=dev,ou=groups,dc=example,dc=org";
    app.admin(Method::PUT, "/api/v1/groups/developers/mappings", Some(json!({"mappings": [dn]}))).await;
    let path = format!("/api/v1/deployments/{d}/access");

    let developer = app.user(&["viewers", "developers"]).await;
    let access = app.get(&path, &developer).await;
    assert_eq!(access.status, StatusCode::OK, "{access:?}");
    assert_eq!(
        access.body,
        json!({"level": "push", "admin": false, "admin_through": [], "grants": [
            {"group": "ops", "level": "edit", "member": false, "directory_groups": []},
            {"group": "developers", "level": "push", "member": true, "directory_groups": [dn]},
            {"group": "viewers", "level": "view", "member": true, "directory_groups": []},
        ]})
    );

    let via_group = app.user(&["admins"]).await;
    let access = app.get(&path, &via_group).await;
    assert_eq!((access.body["level"].clone(), access.body["admin"].clone()), (json!("edit"), json!(true)));
    assert_eq!(access.body["admin_through"], json!(["admins"]));
    assert!(access.body["grants"].as_array().unwrap().iter().all(|g| g["member"] == false), "{access:?}");

    let bootstrap = app.get(&path, &app.admin_token).await;
    assert_eq!((bootstrap.body["admin"].clone(), bootstrap.body["admin_through"].clone()), (json!(true), json!([])));

    let outsider = app.user(&["strangers"]).await;
    assert_eq!(app.get(&path, &outsider).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/deployments/999999/access", &app.admin_token).await.status, StatusCode::NOT_FOUND);
}
