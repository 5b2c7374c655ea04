//! `GET /pushes/{id}` reads through one connection that its API worker thread's requests share (pipelined), or
//! through the pool when that connection cannot be had. Both must answer alike, refusals included.

use std::collections::HashSet;
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use rolf_common::access::callers;
use rolf_common::authz::{Actor, View};
use rolf_common::config::DbConfig;
use rolf_common::db::Db;
use rolf_common::db::pipeline::{APP_NAME, Pipeline};
use rolf_common::ids::PushId;
use rolf_common::pushes::read;
use rolf_tests::fixtures::{bash, deployment_with};
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

/// A push of two stages that ran to success.
async fn finished_push(app: &TestApp) -> (i64, i64) {
    let (d, _) = deployment_with(app, &unique("piped"), &[bash("one", "echo one"), bash("two", "echo two")]).await;
    let _worker = app.worker(&[]);
    let id = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await.id();
    assert_eq!(app.wait_push(id, &["succeeded"], Duration::from_secs(60)).await["status"], "succeeded");
    (d, id)
}

fn actor(app: &TestApp, token: &str) -> Actor {
    let mut conn = rolf_common::db::connect(&app.db.url).unwrap();
    callers::by_token(&mut conn, token, &["admins".to_owned()]).unwrap().expect("a live token").0
}

#[derive(QueryableByName)]
struct Backend {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

/// The backends of the shared read connections on the app's database.
fn shared_backends(app: &TestApp) -> HashSet<i32> {
    let mut conn = rolf_common::db::connect(&app.db.url).unwrap();
    diesel::sql_query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1")
        .bind::<Text, _>(APP_NAME)
        .load::<Backend>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|b| b.pid)
        .collect()
}

async fn read_json(db: &Db, pipeline: &Pipeline, actor: &Actor, id: i64) -> Result<Value, rolf_common::Error> {
    read::read::<View>(db, pipeline, actor.clone(), PushId(id)).await.map(|push| serde_json::to_value(push).unwrap())
}

#[tokio::test]
async fn the_shared_connection_and_the_pool_answer_alike_and_refuse_alike() {
    let app = TestApp::spawn().await;
    let (_, id) = finished_push(&app).await;
    let answered = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await;
    assert_eq!(answered.status, 200);
    assert_eq!(answered.body["stages"].as_array().unwrap().len(), 2);
    let served = shared_backends(&app);
    assert!(!served.is_empty(), "the API read through its shared connection");

    let db = Db::new(&DbConfig { database_url: app.db.url.clone(), pool_size: 2 }).unwrap();
    let admin = actor(&app, &app.admin_token);
    let stranger = actor(&app, &app.user(&[]).await);
    // Never connects: TLS is demanded, which the shared connection does not speak; or the server is not there.
    let pool_only = [
        Pipeline::new(&format!("{}?sslmode=require", app.db.url)),
        Pipeline::new("postgres://postgres@127.0.0.1:1/nowhere"),
    ];
    for pipeline in &pool_only {
        assert_eq!(read_json(&db, pipeline, &admin, id).await.unwrap(), answered.body);
        assert!(matches!(read_json(&db, pipeline, &stranger, id).await, Err(rolf_common::Error::NotFound("push"))));
    }
    assert_eq!(shared_backends(&app), served, "no read above went through a shared connection");

    let shared = Pipeline::new(&app.db.url);
    assert_eq!(read_json(&db, &shared, &admin, id).await.unwrap(), answered.body);
    assert!(matches!(read_json(&db, &shared, &stranger, id).await, Err(rolf_common::Error::NotFound("push"))));
    assert!(matches!(read_json(&db, &shared, &admin, id + 1000).await, Err(rolf_common::Error::NotFound("push"))));
    assert_eq!(shared_backends(&app).difference(&served).count(), 1, "this read opened its own shared connection");
}

#[tokio::test]
async fn a_read_whose_shared_connection_was_cut_still_answers_and_the_next_reconnects() {
    let app = TestApp::spawn().await;
    let (_, id) = finished_push(&app).await;
    let path = format!("/api/v1/pushes/{id}");
    let before = app.get(&path, &app.admin_token).await;
    assert_eq!(before.status, 200);
    let cut = shared_backends(&app);
    assert!(!cut.is_empty());

    let mut conn = rolf_common::db::connect(&app.db.url).unwrap();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind::<Text, _>(APP_NAME)
    .execute(&mut conn)
    .unwrap();

    for _ in 0..3 {
        let again = app.get(&path, &app.admin_token).await;
        assert_eq!((again.status, &again.body), (before.status, &before.body));
    }
    let now = shared_backends(&app);
    assert!(!now.is_empty() && now.is_disjoint(&cut), "reconnected: {cut:?} then {now:?}");
}

#[tokio::test]
async fn many_reads_at_once_each_get_their_own_answer() {
    let app = TestApp::spawn().await;
    let (visible_deployment, visible) = finished_push(&app).await;
    let (_, hidden) = finished_push(&app).await;
    let group = unique("viewers");
    let viewer = app.user(&[&group]).await;
    app.grant(visible_deployment, &group, "view").await;

    // Enough at once that each API worker thread has many reads in flight on its one connection.
    let (app, viewer) = (&app, viewer.as_str());
    let reads = (0..200).map(|i| {
        let (id, token) = match i % 3 {
            0 => (visible, viewer),
            1 => (hidden, viewer),
            _ => (hidden, app.admin_token.as_str()),
        };
        async move { (id, token == viewer, app.get(&format!("/api/v1/pushes/{id}"), token).await) }
    });
    for (id, as_viewer, reply) in futures::future::join_all(reads).await {
        if as_viewer && id == hidden {
            assert_eq!(reply.status, 404, "{:?}", reply.body);
            assert_eq!(reply.code(), "not_found");
        } else {
            assert_eq!(reply.status, 200, "{:?}", reply.body);
            assert_eq!(reply.body["id"], id);
        }
    }
}
