//! Callers remembered between requests (rolf-api's `auth::cache`): a change to a credential is in force on the
//! very next request to any replica, whether Redis works, has lost its data, or cannot be reached.

use reqwest::{Method, StatusCode};
use rolf_tests::servers::ThrowawayRedis;
use rolf_tests::{Options, Reply, TestApp};
use serde_json::{Value, json};

async fn get(base: &str, path: &str, token: &str) -> StatusCode {
    reqwest::Client::new().get(format!("{base}{path}")).bearer_auth(token).send().await.unwrap().status()
}

fn token_id(issued: &Value) -> i64 {
    issued["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_token_revoked_through_one_replica_is_refused_by_another_on_the_next_request() {
    let app = TestApp::spawn().await;
    let replica = app.replica();
    let account = "svc-revoked";
    app.admin(Method::POST, "/api/v1/service-accounts", Some(json!({"name": account, "groups": []}))).await;
    for round in 0..3 {
        let issued = app
            .admin(
                Method::POST,
                &format!("/api/v1/service-accounts/{account}/tokens"),
                Some(json!({"name": format!("round {round}")})),
            )
            .await;
        let token = issued["token"].as_str().unwrap().to_owned();
        // Both replicas have seen it, so both remember it.
        for _ in 0..3 {
            assert_eq!(get(&replica.base, "/api/v1/me", &token).await, StatusCode::OK);
            assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
        }
        let revoked = app.delete(&format!("/api/v1/tokens/{}", token_id(&issued)), &app.admin_token).await;
        assert_eq!(revoked.status, StatusCode::NO_CONTENT);
        assert_eq!(get(&replica.base, "/api/v1/me", &token).await, StatusCode::UNAUTHORIZED, "round {round}");
        assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::UNAUTHORIZED);
    }
    // Other callers are not refused for it.
    assert_eq!(get(&replica.base, "/api/v1/me", &app.admin_token).await, StatusCode::OK);
}

#[tokio::test]
async fn a_group_deleted_through_one_replica_no_longer_counts_on_another() {
    let app = TestApp::spawn().await;
    let replica = app.replica();
    let dep = app.deployment("grouped").await;
    let member = app.user(&["team"]).await;
    app.grant(dep, "team", "view").await;
    let path = format!("/api/v1/deployments/{dep}");
    assert_eq!(get(&replica.base, &path, &member).await, StatusCode::OK);
    assert_eq!(get(&replica.base, "/api/v1/me", &member).await, StatusCode::OK);

    // A new group of the same name, with the same grant, must not be reached through the remembered group id.
    assert_eq!(app.delete("/api/v1/groups/team", &app.admin_token).await.status, StatusCode::NO_CONTENT);
    app.grant(dep, "team", "view").await;
    assert_eq!(get(&replica.base, &path, &member).await, StatusCode::NOT_FOUND);
    let me: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/me", replica.base))
        .bearer_auth(&member)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["groups"], json!([]));
}

/// Revokes a token with SQL, behind the API's back, as only a lost Redis key could make look current.
async fn revoke_in_sql(app: &TestApp, id: i64) {
    use diesel::prelude::*;
    use rolf_common::schema::api_tokens;
    app.db
        .with(move |conn| {
            diesel::update(api_tokens::table.find(id)).set(api_tokens::revoked_at.eq(diesel::dsl::now)).execute(conn)
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn redis_losing_the_generation_makes_every_replica_ask_postgres_again() {
    let redis = ThrowawayRedis::start();
    let app = TestApp::spawn_with(Options { redis_url: redis.url(), ..Default::default() }).await;
    let issued = app.post("/api/v1/tokens", &app.admin_token, json!({"name": "flushed"})).await;
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    revoke_in_sql(&app, issued.id()).await;
    // Remembered under the generation it was read in: still accepted, as documented for changes made in SQL.
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    redis.flushall();
    let reply: Reply = app.get("/api/v1/me", &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(app.get("/api/v1/me", &app.admin_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn without_redis_every_request_asks_postgres_and_a_revocation_holds_at_once() {
    let mut redis = ThrowawayRedis::start();
    let app = TestApp::spawn_with(Options { redis_url: redis.url(), ..Default::default() }).await;
    let issued = app.post("/api/v1/tokens", &app.admin_token, json!({"name": "no redis"})).await;
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    redis.stop();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    revoke_in_sql(&app, issued.id()).await;
    let reply = app.get("/api/v1/me", &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));

    // Revoked through the API while Redis is away: refused at once here, and still after Redis is back.
    let second = app.post("/api/v1/tokens", &app.admin_token, json!({"name": "second"})).await;
    let second_token = second.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &second_token).await.status, StatusCode::OK);
    let revoked = app.delete(&format!("/api/v1/tokens/{}", second.id()), &app.admin_token).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", &second_token).await.status, StatusCode::UNAUTHORIZED);
    redis.start_again();
    assert_eq!(app.get("/api/v1/me", &second_token).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", &app.admin_token).await.status, StatusCode::OK);
}
