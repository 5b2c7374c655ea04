//! An object deleted while a request on it runs: the request's write finds no row (diesel's `NotFound`), which the
//! edge answers as a 404, never a 500.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use reqwest::Method;
use rolf_tests::{TestApp, unique};
use serde_json::json;

#[tokio::test]
async fn a_rename_racing_a_delete_answers_404() {
    let app = TestApp::spawn().await;
    let category = app.admin(Method::POST, "/api/v1/categories", Some(json!({"name": unique("cat")}))).await;
    let id = category["id"].as_i64().unwrap();

    // Another session deletes the category and holds its transaction open, keeping the row locked.
    let (deleted_tx, deleted) = mpsc::channel();
    let (commit_tx, commit) = mpsc::channel::<()>();
    let mut conn = app.db.conn();
    let deleter = std::thread::spawn(move || {
        diesel::sql_query("BEGIN").execute(&mut conn).unwrap();
        diesel::sql_query(format!("DELETE FROM categories WHERE id = {id}")).execute(&mut conn).unwrap();
        deleted_tx.send(()).unwrap();
        commit.recv().unwrap();
        diesel::sql_query("COMMIT").execute(&mut conn).unwrap();
    });
    tokio::task::spawn_blocking(move || deleted.recv().unwrap()).await.unwrap();

    // The rename still sees the category (the delete is not committed) and blocks on the row in its update.
    let rename = {
        let (client, url, token) =
            (app.client.clone(), app.url(&format!("/api/v1/categories/{id}")), app.admin_token.clone());
        tokio::spawn(async move { client.patch(url).bearer_auth(token).json(&json!({"name": "renamed"})).send().await })
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let waiting: i64 = app
            .db
            .with(|conn| {
                diesel::select(diesel::dsl::sql::<BigInt>(
                    "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                     AND wait_event_type = 'Lock')",
                ))
                .get_result(conn)
                .unwrap()
            })
            .await;
        if waiting > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the rename never waited for the deleted row");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    commit_tx.send(()).unwrap();
    tokio::task::spawn_blocking(move || deleter.join().unwrap()).await.unwrap();

    let reply = rename.await.unwrap().unwrap();
    let status = reply.status();
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found", "{body}");
}
