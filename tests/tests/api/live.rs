//! Following a push live: Server-Sent Events and the plain-text log.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::servers::ThrowawayPostgres;
use rolf_tests::sse::{Sse, parse};
use rolf_tests::{Options, TestApp};
use serde_json::json;

/// Reads a whole event stream until the server closes it (or `timeout`), returning its events in order.
async fn read_stream(app: &TestApp, push: i64, last_event_id: Option<i64>, timeout: Duration) -> Vec<Sse> {
    let mut req = app.client.get(app.url(&format!("/api/v1/pushes/{push}/log/stream"))).bearer_auth(&app.admin_token);
    if let Some(id) = last_event_id {
        req = req.header("Last-Event-ID", id.to_string());
    }
    let mut resp = req.send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + timeout;
    while let Ok(Some(chunk)) = tokio::time::timeout_at(deadline, resp.chunk()).await.unwrap_or(Ok(None)) {
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    parse(&buffer)
}

/// A GET as the admin, answered (any status).
async fn open(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(&app.admin_token).send().await.unwrap()
}

async fn deployment(app: &TestApp, code: &str) -> i64 {
    let d = app.deployment(&rolf_tests::unique("live")).await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/stages"),
        Some(json!({"name": "run", "language": "bash", "code": code})),
    )
    .await;
    d
}

async fn push(app: &TestApp, deployment: i64) -> i64 {
    app.admin(Method::POST, &format!("/api/v1/deployments/{deployment}/pushes"), Some(json!({}))).await["id"]
        .as_i64()
        .unwrap()
}

fn line_seqs(events: &[Sse]) -> Vec<i64> {
    events.iter().filter(|e| e.event == "line").map(|e| e.id.unwrap()).collect()
}

const SLOW: &str = "for i in $(seq 1 20); do echo tick $i; sleep 0.05; done; echo done >&2";

#[tokio::test]
async fn a_follower_gets_every_line_once_in_order_then_the_end() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app, SLOW).await;
    let id = push(&app, d).await;
    let events = read_stream(&app, id, None, Duration::from_secs(30)).await;

    let end = events.last().unwrap();
    assert_eq!(end.event, "end", "{events:?}");
    assert_eq!(end.data["status"], "succeeded");
    let seqs = line_seqs(&events);
    let stored: Vec<i64> = app.log(id).await.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, stored, "the stream must carry exactly the stored lines, in order");
    let texts: Vec<&str> =
        events.iter().filter(|e| e.event == "line").map(|e| e.data["text"].as_str().unwrap()).collect();
    let ticks: Vec<String> = (1..=20).map(|i| format!("tick {i}")).collect();
    let seen: Vec<&str> = texts.iter().copied().filter(|t| t.starts_with("tick ")).collect();
    assert_eq!(seen, ticks);
    // Status events came along: the stage ended succeeded before the end event.
    assert!(events.iter().any(|e| e.event == "stage" && e.data["status"] == "succeeded"));
    assert!(events.iter().any(|e| e.event == "push" && e.data["status"] == "succeeded"));
}

#[tokio::test]
async fn resuming_with_last_event_id_gets_exactly_the_rest() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app, SLOW).await;
    let id = push(&app, d).await;
    let all = read_stream(&app, id, None, Duration::from_secs(30)).await;
    let seqs = line_seqs(&all);
    let middle = seqs[seqs.len() / 2];
    let rest = read_stream(&app, id, Some(middle), Duration::from_secs(30)).await;
    assert_eq!(line_seqs(&rest), seqs.iter().copied().filter(|s| *s > middle).collect::<Vec<_>>());
    assert_eq!(rest.last().unwrap().event, "end");
    // `?after=` works the same way.
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/pushes/{id}/log/stream?after={}", seqs[seqs.len() - 2])))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    let events = parse(&resp.text().await.unwrap());
    assert_eq!(line_seqs(&events), vec![seqs[seqs.len() - 1]]);
}

#[tokio::test]
async fn a_follower_joining_mid_push_misses_nothing_and_many_followers_agree() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app, "for i in $(seq 1 40); do echo line $i; sleep 0.02; done").await;
    let id = push(&app, d).await;
    let mut followers = Vec::new();
    for i in 0..30 {
        let app_ref = &app;
        followers.push(async move {
            // Joining at different moments: some before the first line, some in the middle.
            tokio::time::sleep(Duration::from_millis(15 * i)).await;
            read_stream(app_ref, id, None, Duration::from_secs(30)).await
        });
    }
    let results = futures::future::join_all(followers).await;
    let stored: Vec<i64> = app.log(id).await.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    for events in results {
        assert_eq!(line_seqs(&events), stored);
        assert_eq!(events.last().unwrap().event, "end");
    }
}

#[tokio::test]
async fn a_finished_push_streams_its_whole_log_and_the_end() {
    let app = TestApp::spawn().await;
    let worker = app.worker(&[]);
    let d = deployment(&app, "echo one; echo two; exit 4").await;
    let id = push(&app, d).await;
    app.wait_push(id, &["failed"], Duration::from_secs(30)).await;
    drop(worker);
    let events = read_stream(&app, id, None, Duration::from_secs(10)).await;
    assert_eq!(line_seqs(&events).len(), app.log(id).await.len());
    let end = events.last().unwrap();
    assert_eq!((end.event.as_str(), end.data["status"].as_str()), ("end", Some("failed")));
}

#[tokio::test]
async fn the_text_log_has_headers_times_and_streams() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app, "echo hello; echo oops >&2").await;
    let id = push(&app, d).await;
    app.wait_push(id, &["succeeded"], Duration::from_secs(30)).await;
    let resp = open(&app, &format!("/api/v1/pushes/{id}/log.txt")).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = resp.text().await.unwrap();
    assert!(text.starts_with(&format!("== push {id} of ")), "{text}");
    assert!(text.contains("== stage 0: run\n"), "{text}");
    assert!(text.lines().any(|l| l.ends_with(" out hello")), "{text}");
    assert!(text.lines().any(|l| l.ends_with(" err oops")), "{text}");
    assert!(text.lines().any(|l| l.contains(" sys ") && l.contains("exited with code 0")), "{text}");
}

#[tokio::test]
async fn streams_need_view_and_a_sane_resume_point() {
    let app = TestApp::spawn().await;
    let d = deployment(&app, "true").await;
    let id = push(&app, d).await;
    let outsider = app.user(&["strangers"]).await;
    for path in [format!("/api/v1/pushes/{id}/log/stream"), format!("/api/v1/pushes/{id}/log.txt")] {
        let reply = app.get(&path, &outsider).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        let reply = app.call(Method::GET, &path, None, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let bad = app
        .client
        .get(app.url(&format!("/api/v1/pushes/{id}/log/stream")))
        .bearer_auth(&app.admin_token)
        .header("Last-Event-ID", "abc")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let negative = app.get(&format!("/api/v1/pushes/{id}/log/stream?after=-1"), &app.admin_token).await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/pushes/999999/log/stream", &app.admin_token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_follower_that_never_reads_slows_neither_the_push_nor_other_followers() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = deployment(&app, "sleep 0.5; seq 1 50000").await;
    let id = push(&app, d).await;
    // Connected, then never read: its buffers fill and its own task waits.
    let stuck = open(&app, &format!("/api/v1/pushes/{id}/log/stream")).await;
    assert_eq!(stuck.status(), StatusCode::OK);
    let events = read_stream(&app, id, None, Duration::from_secs(60)).await;
    assert_eq!(events.last().unwrap().event, "end");
    let numbers = events.iter().filter(|e| e.event == "line" && e.data["stream"] == "stdout").count();
    assert_eq!(numbers, 50_000);
    let done = app.wait_push(id, &["succeeded"], Duration::from_secs(5)).await;
    assert_eq!(done["status"], "succeeded");
    drop(stuck);
}

#[tokio::test]
async fn a_stream_says_how_long_to_wait_before_reconnecting_and_keeps_quiet_streams_alive() {
    let app = TestApp::spawn_with(Options { sse_keep_alive: Duration::from_secs(1), ..Default::default() }).await;
    let d = deployment(&app, r#"echo started; while [ ! -e "$ROLF_WORKDIR/never" ]; do sleep 0.1; done"#).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d).await;
    let mut resp = open(&app, &format!("/api/v1/pushes/{id}/log/stream")).await;
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while text.matches(": keep-alive\n\n").count() < 2 {
        let chunk = tokio::time::timeout_at(deadline, resp.chunk())
            .await
            .unwrap_or_else(|_| panic!("no keep-alive comments came: {text:?}"))
            .unwrap()
            .expect("the stream ended");
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(text.starts_with("retry: 2000\n\n"), "{text:?}");
    app.admin(Method::POST, &format!("/api/v1/pushes/{id}/cancel"), None).await;
}

/// Reads a response to its end: what came, and whether it ended cleanly (false: the server cut it short).
async fn read_to_end(resp: &mut reqwest::Response) -> (String, bool) {
    let mut text = String::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(60), resp.chunk()).await.expect("the answer hung") {
            Ok(Some(chunk)) => text.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(None) => return (text, true),
            Err(_) => return (text, false),
        }
    }
}

#[tokio::test]
async fn a_stream_or_download_that_loses_postgres_midway_is_cut_short_never_ended_cleanly() {
    let pg = ThrowawayPostgres::start();
    let database = pg.migrated_database("rolf");
    let app = TestApp::spawn_with(Options { app_database: Some(database), ..Default::default() }).await;
    let d = deployment(&app, "seq 1 200000 | sed 's/^/a longer line of output, number /'").await;
    let worker = app.worker(&[]);
    let id = push(&app, d).await;
    assert_eq!(app.wait_push(id, &["succeeded"], Duration::from_secs(120)).await["status"], "succeeded");
    drop(worker);

    // Both answers start, then wait on a client that does not read while Postgres goes away.
    let mut stream = open(&app, &format!("/api/v1/pushes/{id}/log/stream")).await;
    let mut download = open(&app, &format!("/api/v1/pushes/{id}/log.txt")).await;
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(download.status(), StatusCode::OK);
    // Mid-log on both before Postgres goes.
    let mut started = (String::new(), String::new());
    while !started.0.contains("event: line") {
        started.0.push_str(&String::from_utf8_lossy(&stream.chunk().await.unwrap().unwrap()));
    }
    while !started.1.contains("number") {
        started.1.push_str(&String::from_utf8_lossy(&download.chunk().await.unwrap().unwrap()));
    }
    pg.stop();

    let (streamed, clean) = read_to_end(&mut stream).await;
    assert!(!clean, "the event stream ended cleanly although lines were missing");
    assert!(!streamed.contains("event: end"), "{}", streamed.len());
    let (downloaded, clean) = read_to_end(&mut download).await;
    assert!(!clean, "log.txt ended cleanly although lines were missing");
    assert!(!downloaded.contains("number 200000\n"), "the whole log came although Postgres was gone");
    pg.start_again();
}
