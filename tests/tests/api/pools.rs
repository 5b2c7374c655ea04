//! Worker pools with real workers in different pools: a push runs only in its pool, a pool without live workers
//! holds its pushes (and says so) until one starts, moving a deployment affects only later pushes, and
//! `GET /workers` and `/metrics` show who serves what.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use rolf_tests::{TestApp, WorkerProcess};
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

async fn deployment_in(app: &TestApp, name: &str, pool: &str) -> i64 {
    let d = app.deployment(name).await;
    let stage = json!({"name": "run", "language": "bash", "code": "echo ran"});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    let moved = app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, json!({"pool": pool})).await;
    assert_eq!(moved.status, StatusCode::OK, "{moved:?}");
    assert_eq!(moved.body["pool"], pool);
    d
}

async fn push(app: &TestApp, d: i64) -> Value {
    let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    reply.body
}

async fn get_push(app: &TestApp, id: &Value) -> Value {
    app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await.body
}

/// The name under which the worker with this pid reports itself, once it has.
async fn worker_name(app: &TestApp, worker: &WorkerProcess) -> String {
    let deadline = Instant::now() + LIVENESS;
    loop {
        let list = app.get("/api/v1/workers", &app.admin_token).await;
        assert_eq!(list.status, StatusCode::OK, "{list:?}");
        let found = list.body.as_array().unwrap().iter().find(|w| w["pid"] == worker.pid() && w["live"] == true);
        if let Some(w) = found {
            return w["name"].as_str().unwrap().to_owned();
        }
        assert!(Instant::now() < deadline, "worker {} never registered: {:#}", worker.pid(), list.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn pushes_run_only_in_their_pool_and_wait_for_one_that_has_no_live_worker() {
    let app = TestApp::spawn().await;
    let plain = deployment_in(&app, "plain", "default").await;
    let dmz = deployment_in(&app, "behind-the-firewall", "dmz").await;
    let general = app.worker(&[("ROLF_WORKER_POOLS", "default")]);
    let general_name = worker_name(&app, &general).await;

    let held = push(&app, dmz).await;
    assert_eq!(held["pool"], "dmz");
    assert_eq!(held["waiting_for"], "pool dmz has no live worker", "{held:#}");
    // The general worker is live and quick: a push of its own pool runs while the dmz push still waits.
    let ran = push(&app, plain).await;
    let ran = app.wait_push(ran["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(ran["status"], "succeeded", "{ran:#}");
    assert_eq!(ran["worker"], general_name.as_str());
    let still = get_push(&app, &held["id"]).await;
    assert_eq!(still["status"], "queued", "{still:#}");
    assert_eq!(still["waiting_for"], "pool dmz has no live worker");

    // Moving the deployment affects only later pushes: the one made for dmz still waits for dmz.
    app.patch(&format!("/api/v1/deployments/{dmz}"), &app.admin_token, json!({"pool": "default"})).await;
    let later = push(&app, dmz).await;
    assert_eq!(later["pool"], "default");
    assert_eq!(get_push(&app, &held["id"]).await["waiting_for"], "pool dmz has no live worker");

    // A dmz worker releases the held push; the later one then runs in the default pool, in order.
    let firewall = app.worker(&[("ROLF_WORKER_POOLS", "dmz")]);
    let firewall_name = worker_name(&app, &firewall).await;
    let first = app.wait_push(held["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(first["status"], "succeeded", "{first:#}");
    assert_eq!(first["worker"], firewall_name.as_str());
    let second = app.wait_push(later["id"].as_i64().unwrap(), DONE, LIVENESS).await;
    assert_eq!(second["worker"], general_name.as_str(), "{second:#}");
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    assert!(at(&second["started_at"]) >= at(&first["finished_at"]), "order kept: {first:#} {second:#}");

    let list = app.get("/api/v1/workers", &app.admin_token).await.body;
    let dmz_worker = list.as_array().unwrap().iter().find(|w| w["name"] == firewall_name.as_str()).unwrap();
    assert_eq!(dmz_worker["pools"], json!(["dmz"]));
    assert_eq!(dmz_worker["pid"], firewall.pid());
    assert_eq!(dmz_worker["running"], json!([]));
    assert_eq!(dmz_worker["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn a_worker_serves_several_pools_reports_itself_and_says_when_it_stops() {
    let app = TestApp::spawn().await;
    let a = deployment_in(&app, "in-a", "a").await;
    let b = deployment_in(&app, "in-b", "b-2").await;
    let mut both = app.worker(&[("ROLF_WORKER_POOLS", "a, b-2,a")]);
    let name = worker_name(&app, &both).await;
    for d in [a, b] {
        let id = push(&app, d).await["id"].as_i64().unwrap();
        assert_eq!(app.wait_push(id, DONE, LIVENESS).await["worker"], name.as_str());
    }
    let metrics = app.call(Method::GET, "/metrics", None, None).await.body;
    let metrics = metrics.as_str().unwrap();
    assert!(metrics.contains("rolf_pool_live_workers{pool=\"a\"} 1"), "{metrics}");
    assert!(metrics.contains("rolf_pool_live_workers{pool=\"b-2\"} 1"), "{metrics}");
    let list = app.get("/api/v1/workers", &app.admin_token).await.body;
    assert_eq!(list[0]["pools"], json!(["a", "b-2"]), "listed once each, in order: {list:#}");

    both.terminate();
    assert!(both.wait_exit(LIVENESS).is_some_and(|s| s.success()), "the worker stops cleanly on SIGTERM");
    let list = app.get("/api/v1/workers", &app.admin_token).await.body;
    let gone = list.as_array().unwrap().iter().find(|w| w["name"] == name.as_str()).unwrap();
    assert_eq!(gone["live"], false, "{gone:#}");
    assert!(gone["stopped_at"].is_string(), "{gone:#}");
    let waiting = push(&app, a).await;
    assert_eq!(waiting["waiting_for"], "pool a has no live worker", "a stopped worker serves nothing");

    let mut bad = app.worker(&[("ROLF_WORKER_POOLS", "Production!")]);
    let status = bad.wait_exit(LIVENESS).expect("a worker with a bad pool name exits");
    assert!(!status.success());
}

#[tokio::test]
async fn only_admins_move_a_deployment_to_another_pool_and_pool_names_are_checked() {
    let app = TestApp::spawn().await;
    let d = app.deployment("guarded").await;
    app.grant(d, "editors", "edit").await;
    let editor = app.user(&["editors"]).await;
    let refused = app.patch(&format!("/api/v1/deployments/{d}"), &editor, json!({"pool": "dmz"})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("admin"), "{refused:?}");
    let same =
        app.patch(&format!("/api/v1/deployments/{d}"), &editor, json!({"pool": "default", "description": "x"})).await;
    assert_eq!(same.status, StatusCode::OK, "naming the pool it is in is no move: {same:?}");
    for bad in ["", "DMZ", "-dmz", "a b", &"x".repeat(51)] {
        let reply = app.patch(&format!("/api/v1/deployments/{d}"), &app.admin_token, json!({"pool": bad})).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {reply:?}");
        assert_eq!(reply.body["error"]["field"], "pool", "{reply:?}");
    }
    let viewer = app.get("/api/v1/workers", &editor).await;
    assert_eq!(viewer.status, StatusCode::FORBIDDEN, "{viewer:?}");
    let audit = app.get(&format!("/api/v1/audit?deployment_id={d}"), &app.admin_token).await;
    assert!(audit.body.to_string().contains("\"pool\":\"default\""), "{audit:?}");
}
