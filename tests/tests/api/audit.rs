//! The audit trail's filters: by actor, by action (one, or every action on a kind of object) and by time, each
//! alone and together, within the part of the trail the caller may read, and paged. Malformed and rule-breaking
//! filters are refused in `bad_input.rs`.

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use reqwest::{Method, StatusCode};
use rolf_common::schema::audit_events;
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

/// `(action, actor)` of each event of a page, newest first.
fn summary(page: &Value) -> Vec<(String, String)> {
    page["events"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap().to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

/// Moves an event to a fixed time, so that time filters have something definite to find.
async fn move_event(app: &TestApp, id: i64, at: &'static str) {
    app.db
        .with(move |conn| {
            diesel::update(audit_events::table.filter(audit_events::id.eq(id)))
                .set(audit_events::at.eq(chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc()))
                .execute(conn)
        })
        .await
        .unwrap();
}

async fn username(app: &TestApp, token: &str) -> String {
    app.get("/api/v1/me", token).await.body["username"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_trail_is_filtered_by_actor_action_and_time_and_the_filters_combine() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let editor = app.user(&["editors"]).await;
    app.grant(dep, "editors", "edit").await;
    let ed = username(&app, &editor).await;
    let settings = format!("/api/v1/deployments/{dep}/settings");
    for name in ["ONE", "TWO"] {
        let reply = app.put(&format!("{settings}/{name}"), &editor, json!({"value": "v"})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    }
    assert_eq!(app.delete(&format!("{settings}/ONE"), &editor).await.status, StatusCode::NO_CONTENT);
    app.admin(Method::PUT, &format!("{settings}/THREE"), Some(json!({"value": "v"}))).await;
    let marker = unique("marker");
    app.admin(Method::POST, "/api/v1/categories", Some(json!({"name": marker}))).await;

    // By actor: only what that user did, across the whole trail.
    let page = app.admin(Method::GET, &format!("/api/v1/audit?actor={ed}"), None).await;
    assert_eq!(
        summary(&page),
        pairs(&[("setting.delete", &ed), ("setting.put", &ed), ("setting.put", &ed)]),
        "{page:#}"
    );
    let page = app.admin(Method::GET, "/api/v1/audit?actor=nobody-did-anything", None).await;
    assert_eq!(page["events"], json!([]));
    assert_eq!(page["next_before"], Value::Null);

    // By action: exactly one, or every action on one kind of object.
    let page = app.admin(Method::GET, "/api/v1/audit?action=setting.put", None).await;
    assert_eq!(
        summary(&page),
        pairs(&[("setting.put", "admin"), ("setting.put", &ed), ("setting.put", &ed)]),
        "{page:#}"
    );
    let page = app.admin(Method::GET, "/api/v1/audit?action=setting", None).await;
    let actions: Vec<String> = summary(&page).into_iter().map(|(a, _)| a).collect();
    assert_eq!(actions, ["setting.put", "setting.delete", "setting.put", "setting.put"], "{page:#}");
    let page = app.admin(Method::GET, "/api/v1/audit?action=category.create", None).await;
    assert!(page["events"].as_array().unwrap().iter().any(|e| e["after"]["name"] == marker), "{page:#}");
    assert!(summary(&page).iter().all(|(a, _)| a == "category.create"), "{page:#}");
    // A prefix that is not a whole kind finds nothing: `set` is not `setting`.
    assert_eq!(app.admin(Method::GET, "/api/v1/audit?action=set", None).await["events"], json!([]));

    // Together, and within one deployment's trail, which an editor may read.
    let path = format!("/api/v1/audit?deployment_id={dep}&actor={ed}&action=setting.put");
    let reply = app.get(&path, &editor).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(summary(&reply.body), pairs(&[("setting.put", &ed), ("setting.put", &ed)]));
    // Filters do not widen what a caller may read: without a deployment, the editor is still refused.
    let reply = app.get(&format!("/api/v1/audit?actor={ed}"), &editor).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"), "{reply:?}");

    // By time: `since` is inclusive, `until` exclusive.
    let ids: Vec<i64> = app.admin(Method::GET, &format!("/api/v1/audit?actor={ed}"), None).await["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let (delete, second, first) = (ids[0], ids[1], ids[2]);
    move_event(&app, first, "2000-01-01T00:00:00Z").await;
    move_event(&app, second, "2000-01-02T00:00:00Z").await;
    move_event(&app, delete, "2000-01-03T00:00:00Z").await;
    let timed = |query: &str| format!("/api/v1/audit?actor={ed}&{query}");
    let ids_of = |page: &Value| -> Vec<i64> {
        page["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect()
    };
    let page = app.admin(Method::GET, &timed("since=2000-01-02T00:00:00Z&until=2000-01-03T00:00:00Z"), None).await;
    assert_eq!(ids_of(&page), [second], "{page:#}");
    let page = app.admin(Method::GET, &timed("since=2000-01-02T00:00:00Z"), None).await;
    assert_eq!(ids_of(&page), [delete, second], "{page:#}");
    let page = app.admin(Method::GET, &timed("until=2000-01-02T00:00:00Z"), None).await;
    assert_eq!(ids_of(&page), [first], "{page:#}");
    // Any offset names the same instant: 01:00+01:00 is midnight UTC.
    let page = app.admin(Method::GET, &timed("since=2000-01-02T01:00:00%2B01:00&action=setting.put"), None).await;
    assert_eq!(ids_of(&page), [second], "{page:#}");
    // Everyone else's events of the day are outside the range.
    let page = app.admin(Method::GET, "/api/v1/audit?until=2000-01-04T00:00:00Z", None).await;
    assert_eq!(ids_of(&page), [delete, second, first], "{page:#}");
}

#[tokio::test]
async fn a_filtered_trail_pages_within_its_filter() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    for i in 0..5 {
        app.admin(Method::PUT, &format!("/api/v1/deployments/{dep}/settings/S{i}"), Some(json!({"value": "v"}))).await;
        app.admin(Method::POST, "/api/v1/categories", Some(json!({"name": unique("between")}))).await;
    }
    let all = app.admin(Method::GET, "/api/v1/audit?action=setting.put&limit=500", None).await;
    let wanted: Vec<i64> = all["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(wanted.len(), 5, "{all:#}");

    let mut seen = Vec::new();
    let mut path = "/api/v1/audit?action=setting.put&limit=2".to_owned();
    loop {
        let page = app.admin(Method::GET, &path, None).await;
        seen.extend(page["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
        match page["next_before"].as_i64() {
            Some(next) => path = format!("/api/v1/audit?action=setting.put&limit=2&before={next}"),
            None => break,
        }
        assert!(seen.len() <= wanted.len(), "paging does not end: {seen:?}");
    }
    assert_eq!(seen, wanted);
}

/// An actor is matched exactly: neither SQL nor a `LIKE` pattern, so `%` finds no one.
#[tokio::test]
async fn the_actor_filter_matches_a_name_exactly() {
    let app = TestApp::spawn().await;
    app.admin(Method::POST, "/api/v1/categories", Some(json!({"name": unique("c")}))).await;
    for path in ["/api/v1/audit?actor=x'%20OR%20'1'%3D'1", "/api/v1/audit?actor=%25", "/api/v1/audit?actor=admin%25"] {
        let reply = app.get(path, &app.admin_token).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {reply:?}");
        assert_eq!(reply.body["events"], json!([]), "{path}");
    }
    let reply = app.get("/api/v1/audit?actor=admin", &app.admin_token).await;
    assert!(!reply.body["events"].as_array().unwrap().is_empty(), "{reply:?}");
}
