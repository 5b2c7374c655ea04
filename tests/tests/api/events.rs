//! The push status feed (`GET /api/v1/events/stream`): every status change of the deployments a caller may
//! view, in order, exactly once across reconnects, and nothing of the others.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::TestApp;
use rolf_tests::sse::{Reader, Sse};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

async fn open(app: &TestApp, token: &str, last_event_id: Option<i64>) -> Reader {
    let mut req = app.client.get(app.url("/api/v1/events/stream")).bearer_auth(token);
    if let Some(id) = last_event_id {
        req = req.header("Last-Event-ID", id.to_string());
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    Reader::new(resp)
}

async fn deployment(app: &TestApp) -> i64 {
    let d = app.deployment(&rolf_tests::unique("feed")).await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/stages"),
        Some(json!({"name": "run", "language": "bash", "code": "echo hi"})),
    )
    .await;
    d
}

async fn push(app: &TestApp, deployment: i64) -> i64 {
    app.admin(Method::POST, &format!("/api/v1/deployments/{deployment}/pushes"), Some(json!({"comment": "feed"}))).await
        ["id"]
        .as_i64()
        .unwrap()
}

fn statuses_of(events: &[Sse], push: i64) -> Vec<String> {
    events
        .iter()
        .filter(|e| e.data["push"]["id"] == push)
        .map(|e| e.data["push"]["status"].as_str().unwrap().to_owned())
        .collect()
}

fn ends(push: i64) -> impl Fn(&Sse) -> bool {
    move |e: &Sse| e.data["push"]["id"] == push && e.data["push"]["status"] == "succeeded"
}

#[tokio::test]
async fn a_follower_sees_each_change_of_what_it_may_view_and_nothing_else() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let (mine, other) = (deployment(&app).await, deployment(&app).await);
    app.grant(mine, "feed-viewers", "view").await;
    let token = app.user(&["feed-viewers"]).await;
    let mut stream = open(&app, &token, None).await;

    let hidden = push(&app, other).await;
    app.wait_push(hidden, &["succeeded"], WAIT).await;
    let seen = push(&app, mine).await;
    let events = stream.until(WAIT, ends(seen)).await.expect("the push's end never came");

    assert_eq!(statuses_of(&events, seen), ["queued", "running", "succeeded"]);
    assert!(statuses_of(&events, hidden).is_empty(), "a deployment without a grant leaked: {events:?}");
    let last = events.last().unwrap();
    assert_eq!(last.event, "push");
    assert_eq!(last.data["deployment_id"], mine);
    assert_eq!(last.data["push"]["comment"], "feed");
    assert!(last.data["push"]["tag"].is_string(), "a succeeded push carries its tag: {last:?}");
    let ids: Vec<i64> = events.iter().map(|e| e.id.unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids grow: {ids:?}");
    assert_eq!(ids.last(), Some(&last.data["id"].as_i64().unwrap()), "the SSE id is the event's id");

    // An admin sees both deployments.
    let mut admin = open(&app, &app.admin_token, Some(0)).await;
    let all = admin.until(WAIT, ends(seen)).await.unwrap();
    assert_eq!(statuses_of(&all, hidden), ["queued", "running", "succeeded"]);
}

#[tokio::test]
async fn resuming_with_last_event_id_gets_every_later_change_exactly_once() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app).await;
    let mut stream = open(&app, &app.admin_token, None).await;
    let first = push(&app, d).await;
    let events = stream.until(WAIT, ends(first)).await.unwrap();
    let resume_from = events.last().unwrap().id.unwrap();
    drop(stream);

    // While nobody listens, two more pushes run.
    let (second, third) = (push(&app, d).await, push(&app, d).await);
    app.wait_push(third, &["succeeded"], WAIT).await;

    let mut resumed = open(&app, &app.admin_token, Some(resume_from)).await;
    let later = resumed.until(WAIT, ends(third)).await.unwrap();
    assert!(statuses_of(&later, first).is_empty(), "nothing before the resume point again: {later:?}");
    assert_eq!(statuses_of(&later, second), ["queued", "running", "succeeded"]);
    assert_eq!(statuses_of(&later, third), ["queued", "running", "succeeded"]);
    assert!(later.iter().all(|e| e.id.unwrap() > resume_from));

    // `?after=` is the same resume point.
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/events/stream?after={resume_from}")))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    let again = Reader::new(resp).until(WAIT, ends(third)).await.unwrap();
    assert_eq!(again.iter().map(|e| e.id).collect::<Vec<_>>(), later.iter().map(|e| e.id).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_cancelled_push_and_a_withdrawn_grant_show_as_they_happen() {
    let app = TestApp::spawn().await;
    // No worker: a push stays queued until it is cancelled.
    let (d, marker) = (deployment(&app).await, deployment(&app).await);
    app.grant(d, "feed-team", "push").await;
    app.grant(marker, "feed-team", "view").await;
    let token = app.user(&["feed-team"]).await;
    let mut stream = open(&app, &token, None).await;
    let id = push(&app, d).await;
    assert_eq!(app.post(&format!("/api/v1/pushes/{id}/cancel"), &token, json!({})).await.status, StatusCode::OK);
    let events = stream.until(WAIT, |e| e.data["push"]["status"] == "cancelled").await.unwrap();
    assert_eq!(statuses_of(&events, id), ["queued", "cancelled"]);

    // The grant on `d` goes: its later changes stop reaching the follower (grants are looked at again every
    // 10 s) while the stream stays open and still carries `marker`'s.
    app.admin(Method::DELETE, &format!("/api/v1/deployments/{d}/permissions/feed-team"), None).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let hidden = push(&app, d).await;
        app.admin(Method::POST, &format!("/api/v1/pushes/{hidden}/cancel"), Some(json!({}))).await;
        let visible = push(&app, marker).await;
        app.admin(Method::POST, &format!("/api/v1/pushes/{visible}/cancel"), Some(json!({}))).await;
        let got = stream
            .until(WAIT, |e| e.data["push"]["id"] == visible && e.data["push"]["status"] == "cancelled")
            .await
            .expect("the deployment still granted must keep reaching the follower");
        if statuses_of(&got, hidden).is_empty() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the withdrawn grant still shows its deployment");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn a_revoked_token_ends_the_stream() {
    let app = TestApp::spawn().await;
    let token = app.user(&["feed-revoked"]).await;
    let mut stream = open(&app, &token, None).await;
    let own = app.get("/api/v1/tokens", &token).await.body[0]["id"].as_i64().unwrap();
    assert_eq!(app.delete(&format!("/api/v1/tokens/{own}"), &token).await.status, StatusCode::NO_CONTENT);
    assert!(stream.ends_within(WAIT).await, "the stream of a revoked token must end");
    let again = app.client.get(app.url("/api/v1/events/stream")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_bad_resume_point_is_refused() {
    let app = TestApp::spawn().await;
    let resp = app
        .client
        .get(app.url("/api/v1/events/stream"))
        .bearer_auth(&app.admin_token)
        .header("Last-Event-ID", "soon")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let reply = app.get("/api/v1/events/stream?after=-1", &app.admin_token).await;
    assert_eq!(
        (reply.status, reply.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("after"))
    );
    let reply = app.get("/api/v1/events/stream?since=1", &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}
