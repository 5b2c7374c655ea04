//! A service account's tokens, as admins see them: listed with when each was made, expires, was last used and
//! was revoked, never with its secret; revoked one at a time through `DELETE /tokens/{id}`.

use diesel::{ExpressionMethods, RunQueryDsl};
use reqwest::{Method, StatusCode};
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

async fn account(app: &TestApp) -> String {
    let name = unique("bot");
    app.admin(Method::POST, "/api/v1/service-accounts", Some(json!({"name": name, "groups": []}))).await;
    name
}

async fn issue(app: &TestApp, account: &str, body: Value) -> Value {
    app.admin(Method::POST, &format!("/api/v1/service-accounts/{account}/tokens"), Some(body)).await
}

#[tokio::test]
async fn admins_list_an_accounts_tokens_without_secrets_and_revoke_one() {
    let app = TestApp::spawn().await;
    let bot = account(&app).await;
    let other = account(&app).await;
    let path = format!("/api/v1/service-accounts/{bot}/tokens");
    assert_eq!(app.admin(Method::GET, &path, None).await, json!([]), "a new account has no tokens");

    let deploy = issue(&app, &bot, json!({"name": "deploy"})).await;
    let nightly = issue(&app, &bot, json!({"name": "nightly", "expires_in_days": 30})).await;
    let elsewhere = issue(&app, &other, json!({"name": "deploy"})).await;
    let secret = |t: &Value| t["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &secret(&deploy)).await.status, StatusCode::OK);

    let listed = app.admin(Method::GET, &path, None).await;
    let listed = listed.as_array().unwrap();
    let names: Vec<&str> = listed.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["deploy", "nightly"], "oldest first, and only this account's: {listed:?}");
    for (shown, issued) in listed.iter().zip([&deploy, &nightly]) {
        assert_eq!(shown["id"], issued["id"]);
        assert_eq!(shown["created_at"], issued["created_at"]);
        assert_eq!(shown["expires_at"], issued["expires_at"]);
        assert_eq!(shown["revoked_at"], Value::Null);
        assert!(shown.get("token").is_none(), "{shown}");
    }
    assert!(listed[0]["last_used_at"].is_string(), "deploy was used: {listed:?}");
    assert_eq!(listed[1]["last_used_at"], Value::Null, "nightly was not");
    assert!(listed[1]["expires_at"].is_string());
    let text = Value::from(listed.clone()).to_string();
    for issued in [&deploy, &nightly, &elsewhere] {
        assert!(!text.contains(&secret(issued)), "a secret is listed: {text}");
    }

    // Revoked through the one revoke route: it stays listed, marked, and stops working at once.
    let reply = app.delete(&format!("/api/v1/tokens/{}", deploy["id"]), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    let reply = app.get("/api/v1/me", &secret(&deploy)).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(app.get("/api/v1/me", &secret(&nightly)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", &secret(&elsewhere)).await.status, StatusCode::OK);
    let listed = app.admin(Method::GET, &path, None).await;
    assert!(listed[0]["revoked_at"].is_string(), "{listed:#}");
    assert_eq!(listed[1]["revoked_at"], Value::Null, "{listed:#}");
    // Revoking again changes nothing.
    let reply = app.delete(&format!("/api/v1/tokens/{}", deploy["id"]), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    assert_eq!(app.admin(Method::GET, &path, None).await, listed);

    // Both are in the audit trail, by the admin.
    let trail = app.admin(Method::GET, "/api/v1/audit?action=token&actor=admin", None).await;
    let revoked: Vec<&Value> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "token.revoke" && e["target_id"] == deploy["id"])
        .collect();
    assert_eq!(revoked.len(), 1, "one revoke, not two: {trail:#}");
}

#[tokio::test]
async fn only_admins_see_an_accounts_tokens_and_only_of_a_service_account() {
    let app = TestApp::spawn().await;
    let bot = account(&app).await;
    let issued = issue(&app, &bot, json!({"name": "deploy"})).await;
    // Another account, and the account itself, are not admins.
    let member = app.user(&[]).await;
    let own = issued["token"].as_str().unwrap().to_owned();
    for token in [&member, &own] {
        let reply = app.get(&format!("/api/v1/service-accounts/{bot}/tokens"), token).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"), "{reply:?}");
        // Nor may they revoke the account's token: to them it does not exist (the account may revoke its own).
        if token == &member {
            let reply = app.delete(&format!("/api/v1/tokens/{}", issued["id"]), token).await;
            assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{reply:?}");
        }
    }
    assert_eq!(app.get("/api/v1/me", &own).await.status, StatusCode::OK, "still valid");

    let reply = app.get(&format!("/api/v1/service-accounts/{bot}/tokens"), "not-a-token").await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");

    // No such account, a name no account could have, and a directory user (not a service account): 404.
    let person = unique("person");
    let inserted = person.clone();
    app.db
        .with(move |conn| {
            use rolf_common::schema::users;
            diesel::insert_into(users::table)
                .values((users::username.eq(inserted), users::source.eq("ldap")))
                .execute(conn)
        })
        .await
        .unwrap();
    for name in ["no-such-account", "bad%00name", "a%20b", person.as_str()] {
        let reply = app.get(&format!("/api/v1/service-accounts/{name}/tokens"), &app.admin_token).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{name}: {reply:?}");
    }
}
