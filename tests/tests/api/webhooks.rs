//! Webhooks end to end (issue 5, "Webhooks for chat-ops"): the API records deliveries, real `rolf-worker`
//! processes send them to a real HTTP receiver run by the test, which checks bodies, signatures, retries, that a
//! dead hook never delays a push, and that two workers never send a delivery twice.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::web::{Bytes, Data};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use rolf_tests::{Reply, TestApp};
use serde_json::{Value, json};
use sha2::Sha256;

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];
const ALL_EVENTS: [&str; 6] =
    ["push.queued", "push.started", "push.succeeded", "push.failed", "push.cancelled", "push.lost"];
const PUBLIC_URL: &str = "http://rolf.example.test";
/// Retries in tests start at 100 ms instead of 5 s.
const FAST_RETRIES: (&str, &str) = ("ROLF_WEBHOOK_RETRY_BASE_MS", "100");

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

#[derive(Default)]
struct ReceiverState {
    requests: Mutex<Vec<Received>>,
    /// Answers 500 while this is above zero, counting down.
    fail_first: AtomicUsize,
    /// How long each answer takes.
    delay: Mutex<Duration>,
}

/// An HTTP server on a free port that records every request and answers 200 (or 500 for the first N).
struct Receiver {
    url: String,
    state: Arc<ReceiverState>,
    handle: ServerHandle,
}

async fn receive(state: Data<ReceiverState>, req: HttpRequest, body: Bytes) -> HttpResponse {
    let headers =
        req.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect();
    state.requests.lock().unwrap().push(Received { headers, body: body.to_vec() });
    let delay = *state.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let failing = state.fail_first.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    if failing { HttpResponse::InternalServerError().body("not now") } else { HttpResponse::Ok().body("ok") }
}

impl Receiver {
    async fn start() -> Receiver {
        let state = Arc::new(ReceiverState::default());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().unwrap().port());
        let data = Data::from(state.clone());
        let server =
            HttpServer::new(move || App::new().app_data(data.clone()).default_service(actix_web::web::to(receive)))
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver { url, state, handle }
    }

    fn failing_first(self, n: usize) -> Receiver {
        self.state.fail_first.store(n, Ordering::SeqCst);
        self
    }

    fn requests(&self) -> Vec<Received> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests came; returns them all.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + LIVENESS;
        loop {
            let got = self.requests();
            if got.len() >= n {
                return got;
            }
            assert!(Instant::now() < deadline, "only {} of {n} requests came: {got:#?}", got.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

/// A URL nothing listens on.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/hook")
}

fn hmac_hex(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// A deployment with one bash stage.
async fn deployment_running(app: &TestApp, name: &str, code: &str) -> i64 {
    let d = app.deployment(name).await;
    let stage = json!({"name": "only", "language": "bash", "code": code});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    d
}

async fn add_hook(app: &TestApp, d: i64, body: Value) -> i64 {
    let reply = app.post(&format!("/api/v1/deployments/{d}/webhooks"), &app.admin_token, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.id()
}

async fn push(app: &TestApp, d: i64, comment: &str) -> i64 {
    let reply =
        app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({"comment": comment})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    reply.id()
}

async fn deliveries(app: &TestApp, d: i64, hook: i64) -> Vec<Value> {
    let reply = app.get(&format!("/api/v1/deployments/{d}/webhooks/{hook}/deliveries"), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body.as_array().unwrap().clone()
}

/// Polls a hook's deliveries until `done` holds for them; returns them.
async fn wait_deliveries(app: &TestApp, d: i64, hook: i64, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + LIVENESS;
    loop {
        let list = deliveries(app, d, hook).await;
        if done(&list) {
            return list;
        }
        assert!(Instant::now() < deadline, "deliveries never got there: {list:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn events_of(requests: &[Received]) -> Vec<String> {
    let mut events: Vec<String> = requests.iter().map(|r| r.json()["event"].as_str().unwrap().to_owned()).collect();
    events.sort();
    events
}

fn assert_invalid(reply: &Reply, field: &str) {
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.code(), "invalid", "{reply:?}");
    assert_eq!(reply.body["error"]["field"], field, "{reply:?}");
}

#[tokio::test]
async fn webhooks_are_managed_by_editors_and_never_show_their_secret() {
    let app = TestApp::spawn().await;
    let d = app.deployment("hooked").await;
    let other = app.deployment("other").await;
    let path = format!("/api/v1/deployments/{d}/webhooks");

    let body = json!({"url": "https://chat.example.org/hooks/abc", "events": ["push.failed", "push.queued", "push.failed"],
        "secret": "s3cr3t-value"});
    let created = app.post(&path, &app.admin_token, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    assert_eq!(created.body["url"], "https://chat.example.org/hooks/abc");
    assert_eq!(created.body["events"], json!(["push.queued", "push.failed"]));
    assert_eq!(created.body["format"], "json");
    assert_eq!(created.body["secret"], true);
    assert_eq!(created.body["deployment_id"], d);
    let hook = created.id();
    let unsigned = app
        .post(
            &path,
            &app.admin_token,
            json!({"url": "http://10.0.0.1:8000/x", "events": ALL_EVENTS,
        "format": "slack"}),
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::CREATED, "{unsigned:?}");
    assert_eq!(unsigned.body["secret"], false);
    assert_eq!(unsigned.body["format"], "slack");

    let listed = app.get(&path, &app.admin_token).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body.as_array().unwrap().len(), 2);
    assert!(!listed.body.to_string().contains("s3cr3t"), "{:?}", listed.body);

    // Validation: 422 naming the field; malformed JSON and unknown fields 400.
    let valid = json!({"url": "https://x.example.org/", "events": ["push.queued"]});
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    for (body, field) in [
        (with("url", json!("ftp://x.example.org/")), "url"),
        (with("url", json!("not a url")), "url"),
        (with("url", json!("https://")), "url"),
        (with("events", json!([])), "events"),
        (with("events", json!(["push.queued", "push.done"])), "events"),
        (with("format", json!("xml")), "format"),
        (with("secret", json!("")), "secret"),
    ] {
        assert_invalid(&app.post(&path, &app.admin_token, body).await, field);
    }
    let bad = app.raw(Method::POST, &path, &app.admin_token, "application/json", b"{\"url\": ".to_vec()).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "bad_request"), "{bad:?}");
    let unknown = app.post(&path, &app.admin_token, with("colour", json!("red"))).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{unknown:?}");
    let missing = app.post(&path, &app.admin_token, json!({"url": "https://x.example.org/"})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{missing:?}");

    // Who may: `edit` does everything; `view` and `push` get 403; no grant 404, as if the deployment did not exist.
    app.grant(d, "hook-viewers", "view").await;
    app.grant(d, "hook-pushers", "push").await;
    app.grant(d, "hook-editors", "edit").await;
    let viewer = app.user(&["hook-viewers"]).await;
    let pusher = app.user(&["hook-pushers"]).await;
    let editor = app.user(&["hook-editors"]).await;
    let stranger = app.user(&[]).await;
    let one = format!("{path}/{hook}");
    let its_deliveries = format!("{one}/deliveries");
    for (token, status) in
        [(&viewer, StatusCode::FORBIDDEN), (&pusher, StatusCode::FORBIDDEN), (&stranger, StatusCode::NOT_FOUND)]
    {
        assert_eq!(app.get(&path, token).await.status, status);
        assert_eq!(app.post(&path, token, valid.clone()).await.status, status);
        assert_eq!(app.get(&its_deliveries, token).await.status, status);
        assert_eq!(app.delete(&one, token).await.status, status);
    }
    assert_eq!(app.get(&path, &editor).await.status, StatusCode::OK);
    let by_editor = app.post(&path, &editor, valid.clone()).await;
    assert_eq!(by_editor.status, StatusCode::CREATED, "{by_editor:?}");
    assert_eq!(app.get(&its_deliveries, &editor).await.body, json!([]));

    // A hook is only reachable through its own deployment.
    assert_eq!(
        app.delete(&format!("/api/v1/deployments/{other}/webhooks/{hook}"), &app.admin_token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/deployments/{other}/webhooks/{hook}/deliveries"), &app.admin_token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.delete(&one, &editor).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&one, &editor).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&its_deliveries, &editor).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &app.admin_token).await.body.as_array().unwrap().len(), 2);

    // Audited, without the secret.
    let audit = app.get(&format!("/api/v1/audit?deployment_id={d}"), &app.admin_token).await;
    let actions: Vec<&str> =
        audit.body["events"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "webhook.create").count(), 3, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "webhook.delete").count(), 1, "{actions:?}");
    assert!(!audit.body.to_string().contains("s3cr3t"));
}

#[tokio::test]
async fn a_push_delivers_queued_started_and_succeeded_signed_with_the_secret() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let d = deployment_running(&app, "web", "echo deploying; echo tag=v42 >> \"$ROLF_OUTPUT\"").await;
    let hook = add_hook(&app, d, json!({"url": receiver.url, "events": ALL_EVENTS, "secret": "chat-ops-key"})).await;
    let _worker = app.worker(&[("ROLF_PUBLIC_URL", PUBLIC_URL)]);
    let id = push(&app, d, "ship it").await;
    let pushed = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(pushed["status"], "succeeded", "{pushed:?}");

    let requests = receiver.wait_for(3).await;
    assert_eq!(events_of(&requests), ["push.queued", "push.started", "push.succeeded"]);
    let log_url = format!("{PUBLIC_URL}/api/v1/pushes/{id}/log.txt");
    for request in &requests {
        let body = request.json();
        let event = body["event"].as_str().unwrap();
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("x-rolf-event"), Some(event));
        assert!(request.header("x-rolf-delivery").is_some());
        let expected = format!("sha256={}", hmac_hex("chat-ops-key", &request.body));
        assert_eq!(request.header("x-rolf-signature"), Some(expected.as_str()), "{event}");
        let status = match event {
            "push.queued" => "queued",
            "push.started" => "running",
            _ => "succeeded",
        };
        assert_eq!(body["status"], status, "{body}");
        assert_eq!(body["push"]["status"], status, "{body}");
        assert_eq!(body["push"]["id"], id);
        assert_eq!(body["user"], pushed["user"]);
        assert_eq!(body["comment"], "ship it");
        assert_eq!(body["log_url"], log_url);
        assert_eq!(body["push"]["log_url"], log_url);
        assert_eq!(body["deployment"]["id"], d);
        assert_eq!(body["deployment"]["name"], "web");
        assert_eq!(body["deployment"]["application"], pushed["application"]);
        assert_eq!(body["tag"], if event == "push.succeeded" { json!("v42") } else { Value::Null }, "{body}");
    }

    let listed = wait_deliveries(&app, d, hook, |l| l.len() == 3 && l.iter().all(|x| x["status"] == "delivered")).await;
    let ids: Vec<i64> = listed.iter().map(|x| x["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert_eq!(listed[0]["event"], "push.succeeded");
    for delivery in &listed {
        assert_eq!(delivery["push_id"], id);
        assert_eq!(delivery["attempts"].as_array().unwrap().len(), 1, "{delivery}");
        assert_eq!(delivery["attempts"][0]["status_code"], 200);
        assert!(delivery["delivered_at"].is_string());
        assert!(delivery["next_attempt_at"].is_null());
        let sent = requests.iter().find(|r| r.header("x-rolf-delivery") == Some(&delivery["id"].to_string())).unwrap();
        assert_eq!(sent.json()["event"], delivery["event"]);
    }
}

#[tokio::test]
async fn a_failing_push_delivers_push_failed_unsigned() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let d = deployment_running(&app, "broken", "echo no; exit 3").await;
    add_hook(&app, d, json!({"url": receiver.url, "events": ["push.succeeded", "push.failed"]})).await;
    let _worker = app.worker(&[]);
    let id = push(&app, d, "").await;
    assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "failed");
    receiver.wait_for(1).await;
    // Time for an unsubscribed event to show up, were it sent.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let requests = receiver.requests();
    assert_eq!(events_of(&requests), ["push.failed"], "only subscribed events are sent");
    let body = requests[0].json();
    assert_eq!(body["status"], "failed");
    assert_eq!(body["tag"], Value::Null);
    assert_eq!(
        body["log_url"],
        format!("http://127.0.0.1:8080/api/v1/pushes/{id}/log.txt"),
        "the default ROLF_PUBLIC_URL"
    );
    assert_eq!(requests[0].header("x-rolf-signature"), None);
}

#[tokio::test]
async fn cancelling_a_queued_push_delivers_push_cancelled() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let d = deployment_running(&app, "later", "true").await;
    let hook = add_hook(&app, d, json!({"url": receiver.url, "events": ["push.cancelled", "push.started"]})).await;
    // No worker yet: the push stays queued, and the cancellation is recorded by the API alone.
    let id = push(&app, d, "never mind").await;
    let cancelled = app.post(&format!("/api/v1/pushes/{id}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(cancelled.body["status"], "cancelled", "{cancelled:?}");
    let pending = deliveries(&app, d, hook).await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(
        (pending[0]["event"].as_str(), pending[0]["status"].as_str()),
        (Some("push.cancelled"), Some("pending"))
    );
    assert_eq!(pending[0]["payload"]["push"]["status"], "cancelled");

    let _worker = app.worker(&[]);
    let requests = receiver.wait_for(1).await;
    assert_eq!(events_of(&requests), ["push.cancelled"]);
    assert_eq!(requests[0].json()["comment"], "never mind");
    assert_eq!(requests[0].json()["status"], "cancelled");
    wait_deliveries(&app, d, hook, |l| l[0]["status"] == "delivered").await;
}

#[tokio::test]
async fn slack_format_posts_text_and_an_attachment_colored_by_status() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let good = deployment_running(&app, "good", "true").await;
    let bad = deployment_running(&app, "bad", "exit 1").await;
    for d in [good, bad] {
        add_hook(&app, d, json!({"url": receiver.url, "events": ["push.succeeded", "push.failed"], "format": "slack"}))
            .await;
    }
    let _worker = app.worker(&[("ROLF_PUBLIC_URL", PUBLIC_URL)]);
    let ok = push(&app, good, "a <b> & c").await;
    let ko = push(&app, bad, "").await;
    for id in [ok, ko] {
        app.wait_push(id, DONE, LIVENESS).await;
    }
    let requests = receiver.wait_for(2).await;
    for (id, status, color) in [(ok, "succeeded", "good"), (ko, "failed", "danger")] {
        let log_url = format!("{PUBLIC_URL}/api/v1/pushes/{id}/log.txt");
        let body = requests
            .iter()
            .map(Received::json)
            .find(|b| b["attachments"][0]["title_link"] == log_url)
            .unwrap_or_else(|| panic!("no message for push {id}: {requests:#?}"));
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["attachments", "text"], "{body}");
        let text = body["text"].as_str().unwrap();
        assert!(text.contains(status) && text.contains(&format!("<{log_url}|#{id}>")), "{text}");
        let attachment = &body["attachments"][0];
        assert_eq!(attachment["color"], color);
        assert!(attachment["title"].as_str().unwrap().contains(status), "{attachment}");
        let fields = attachment["fields"].as_array().unwrap();
        assert!(fields.iter().any(|f| f["title"] == "Status" && f["value"] == status), "{fields:?}");
        if id == ok {
            let comment = fields.iter().find(|f| f["title"] == "Comment").unwrap();
            assert_eq!(comment["value"], "a &lt;b&gt; &amp; c", "Slack markup is escaped");
        }
    }
}

#[tokio::test]
async fn a_receiver_failing_twice_gets_the_third_attempt_and_every_attempt_is_recorded() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await.failing_first(2);
    let d = deployment_running(&app, "retry", "true").await;
    let hook = add_hook(&app, d, json!({"url": receiver.url, "events": ["push.queued"]})).await;
    let _worker = app.worker(&[FAST_RETRIES]);
    push(&app, d, "").await;

    let listed = wait_deliveries(&app, d, hook, |l| l.len() == 1 && l[0]["status"] == "delivered").await;
    let attempts = listed[0]["attempts"].as_array().unwrap();
    let codes: Vec<&Value> = attempts.iter().map(|a| &a["status_code"]).collect();
    assert_eq!(codes, [&json!(500), &json!(500), &json!(200)], "{attempts:?}");
    assert!(attempts[0]["error"].as_str().unwrap().contains("500"), "{attempts:?}");
    assert!(attempts[2]["error"].is_null());
    assert!(attempts.iter().all(|a| a["duration_ms"].is_i64() && a["at"].is_string()));
    let at = |i: usize| chrono::DateTime::parse_from_rfc3339(attempts[i]["at"].as_str().unwrap()).unwrap();
    assert!(at(1) - at(0) >= chrono::Duration::milliseconds(100), "the first retry waits the base delay");
    assert!(at(2) - at(1) >= chrono::Duration::milliseconds(200), "the second waits twice as long");
    assert!(listed[0]["last_error"].is_null());
    let requests = receiver.requests();
    assert_eq!(requests.len(), 3);
    let id = listed[0]["id"].to_string();
    assert!(requests.iter().all(|r| r.header("x-rolf-delivery") == Some(id.as_str())));
    assert!(requests.iter().all(|r| r.body == requests[0].body), "every attempt sends the same body");
}

#[tokio::test]
async fn a_hook_that_is_down_never_delays_a_push() {
    let app = TestApp::spawn().await;
    let d = deployment_running(&app, "fast", "true").await;
    let _worker = app.worker(&[FAST_RETRIES]);
    // A first push, so the worker is up before the measured one.
    let warm = push(&app, d, "").await;
    app.wait_push(warm, DONE, LIVENESS).await;
    // One hook refuses connections; another accepts them and never answers (until the 10 s timeout).
    let refused = add_hook(&app, d, json!({"url": closed_port_url(), "events": ALL_EVENTS})).await;
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://127.0.0.1:{}/hook", silent.local_addr().unwrap().port());
    let hanging = add_hook(&app, d, json!({"url": silent_url, "events": ALL_EVENTS})).await;

    let id = push(&app, d, "").await;
    let pushed = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(pushed["status"], "succeeded");
    let at = |field: &str| chrono::DateTime::parse_from_rfc3339(pushed[field].as_str().unwrap()).unwrap();
    let took = (at("finished_at") - at("created_at")).to_std().unwrap();
    // Waiting on the silent hook even once would take the whole 10 s webhook timeout.
    assert!(took < Duration::from_secs(10), "the push took {took:?}, as long as a webhook timeout");

    let listed = wait_deliveries(&app, d, refused, |l| {
        l.len() == 3 && l.iter().all(|x| !x["attempts"].as_array().unwrap().is_empty())
    })
    .await;
    for delivery in &listed {
        assert_eq!(delivery["status"], "pending", "{delivery}");
        assert!(delivery["next_attempt_at"].is_string());
        assert!(delivery["last_error"].is_string(), "{delivery}");
        assert!(delivery["attempts"][0]["status_code"].is_null(), "{delivery}");
    }
    let stuck = deliveries(&app, d, hanging).await;
    assert_eq!(stuck.len(), 3);
    assert!(stuck.iter().all(|x| x["status"] == "pending"), "{stuck:?}");
    drop(silent);
}

#[tokio::test]
async fn a_delivery_still_failing_after_the_retry_window_is_given_up() {
    let app = TestApp::spawn().await;
    let d = deployment_running(&app, "gone", "true").await;
    let hook = add_hook(&app, d, json!({"url": closed_port_url(), "events": ["push.cancelled"]})).await;
    let id = push(&app, d, "").await;
    app.post(&format!("/api/v1/pushes/{id}/cancel"), &app.admin_token, json!({})).await;
    let _worker = app.worker(&[FAST_RETRIES, ("ROLF_WEBHOOK_RETRY_FOR_SECONDS", "2")]);
    let listed = wait_deliveries(&app, d, hook, |l| l[0]["status"] != "pending").await;
    assert_eq!(listed[0]["status"], "failed", "{listed:?}");
    assert!(listed[0]["next_attempt_at"].is_null());
    assert!(listed[0]["last_error"].is_string());
    assert!(listed[0]["attempts"].as_array().unwrap().len() >= 2, "{listed:?}");
}

#[tokio::test]
async fn two_workers_never_send_a_delivery_twice() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    *receiver.state.delay.lock().unwrap() = Duration::from_millis(200);
    let mut deployments = Vec::new();
    for i in 0..3 {
        let d = deployment_running(&app, &format!("d{i}"), "true").await;
        add_hook(&app, d, json!({"url": receiver.url, "events": ["push.queued", "push.started", "push.succeeded"]}))
            .await;
        deployments.push(d);
    }
    let _one = app.worker(&[FAST_RETRIES]);
    let _two = app.worker(&[FAST_RETRIES]);
    let mut ids = Vec::new();
    for _ in 0..3 {
        for d in &deployments {
            ids.push(push(&app, *d, "").await);
        }
    }
    for id in &ids {
        assert_eq!(app.wait_push(*id, DONE, LIVENESS).await["status"], "succeeded");
    }
    let expected = ids.len() * 3;
    receiver.wait_for(expected).await;
    // Time for any double send to show up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let requests = receiver.requests();
    let mut per_delivery: HashMap<String, usize> = HashMap::new();
    for r in &requests {
        *per_delivery.entry(r.header("x-rolf-delivery").unwrap().to_owned()).or_default() += 1;
    }
    let doubles: Vec<_> = per_delivery.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubles.is_empty(), "sent more than once: {doubles:?}");
    assert_eq!(requests.len(), expected);
}

#[tokio::test]
async fn a_push_declared_lost_delivers_push_lost() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let d = deployment_running(&app, "crashy", "echo pid $$; sleep 60").await;
    add_hook(&app, d, json!({"url": receiver.url, "events": ["push.lost"]})).await;
    let lost_after = ("ROLF_LOST_AFTER_SECONDS", "3");
    let mut victim = app.worker(&[lost_after]);
    let id = push(&app, d, "").await;
    // Wait for the stage to run; it outlives its killed worker and is ended below.
    let deadline = Instant::now() + LIVENESS;
    let _pid = loop {
        let lines = app.log(id).await;
        if let Some(pid) = lines.iter().find_map(|l| l["text"].as_str()?.strip_prefix("pid ").map(str::to_owned)) {
            break pid;
        }
        assert!(Instant::now() < deadline, "the stage never started: {lines:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    victim.kill();
    let _survivor = app.worker(&[lost_after]);
    let lost = app.wait_push(id, DONE, LIVENESS).await;
    rolf_tests::kill_stages(&victim.workdir);
    assert_eq!(lost["status"], "lost", "{lost:?}");
    let requests = receiver.wait_for(1).await;
    assert_eq!(events_of(&requests), ["push.lost"]);
    let body = requests[0].json();
    assert_eq!(body["status"], "lost");
    assert_eq!(body["push"]["error"], "its worker stopped heartbeating");
}
