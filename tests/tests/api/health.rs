use std::net::TcpListener;

use reqwest::StatusCode;
use rolf_tests::{Options, TestApp};

/// An address nothing listens on: bound, then released.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn healthz_needs_nothing_and_readyz_checks_both_backends() {
    let app = TestApp::spawn().await;
    let health = app.call(reqwest::Method::GET, "/healthz", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = app.call(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK, "{:?}", ready.body);
    assert_eq!(ready.body["postgres"], true);
    assert_eq!(ready.body["redis"], true);
}

#[tokio::test]
async fn readyz_is_503_naming_redis_when_redis_is_down() {
    let app = TestApp::spawn_with(Options {
        redis_url: format!("redis://127.0.0.1:{}", closed_port()),
        ..Options::default()
    })
    .await;
    let ready = app.call(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["redis"], false);
    assert_eq!(ready.body["postgres"], true);
}

#[tokio::test]
async fn postgres_down_gives_503_on_readyz_and_on_api_calls_never_500() {
    let app = TestApp::spawn_with(Options {
        database_url: Some(format!("postgres://postgres@127.0.0.1:{}/nothing", closed_port())),
        ..Options::default()
    })
    .await;
    let ready = app.call(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["postgres"], false);
    let me = app.get("/api/v1/me", &app.admin_token).await;
    assert_eq!(me.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", me.body);
    assert_eq!(me.code(), "unavailable");
    let message = me.body["error"]["message"].as_str().unwrap();
    assert!(!message.contains("127.0.0.1") && !message.contains("connect"), "leaks the cause: {message}");
}

#[tokio::test]
async fn unknown_routes_answer_json_404() {
    let app = TestApp::spawn().await;
    let reply = app.call(reqwest::Method::GET, "/nope", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
    let reply = app.get("/api/v1/nope", &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
}
