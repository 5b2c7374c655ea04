//! The log store (issue 10): the per-push size cap, and (as they land) retention and search. Functional only:
//! speed is measured by `scripts/bench`, never asserted here.

use std::time::Duration;

use reqwest::Method;
use rolf_tests::TestApp;
use serde_json::{Value, json};

const LIVENESS: Duration = Duration::from_secs(60);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

async fn deployment_with(app: &TestApp, name: &str, stages: &[(&str, &str)]) -> i64 {
    let d = app.deployment(name).await;
    for (name, code) in stages {
        app.admin(
            Method::POST,
            &format!("/api/v1/deployments/{d}/stages"),
            Some(json!({"name": name, "language": "bash", "code": code})),
        )
        .await;
    }
    d
}

async fn push(app: &TestApp, d: i64) -> i64 {
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/pushes"), Some(json!({}))).await["id"].as_i64().unwrap()
}

fn texts(lines: &[Value], stream: &str) -> Vec<String> {
    lines.iter().filter(|l| l["stream"] == stream).map(|l| l["text"].as_str().unwrap().to_owned()).collect()
}

const CAP_NOTE: &str = "lines were counted but not stored: the push's log reached its cap";

#[tokio::test]
async fn past_the_size_cap_lines_are_counted_not_stored_and_the_exit_code_decides() {
    let app = TestApp::spawn().await;
    // 100 lines of 10 bytes ("line 0001" plus nothing: `printf` pads to 9 characters, the newline is not
    // stored) = 900 bytes of text; a cap of 455 bytes holds exactly 50 of them.
    let chatty = "for i in $(seq 1 100); do printf 'line %04d\\n' $i; done";
    let ok = deployment_with(&app, "capped-ok", &[("talk", chatty), ("after", "echo after the cap")]).await;
    let failing = deployment_with(&app, "capped-failing", &[("talk", &format!("{chatty}; exit 3"))]).await;
    let _worker = app.worker(&[("ROLF_MAX_LOG_BYTES_PER_PUSH", "455")]);

    let id = push(&app, ok).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "succeeded", "the cap does not fail a push: {done:#}");
    let log = app.log(id).await;
    let stdout = texts(&log, "stdout");
    let expected: Vec<String> = (1..=50).map(|i| format!("line {i:04}")).collect();
    assert_eq!(stdout, expected, "up to the cap, whole lines, in order; nothing after it (not even stage 2's)");
    let markers: Vec<&Value> = log.iter().filter(|l| l["text"].as_str().unwrap().contains(CAP_NOTE)).collect();
    assert_eq!(markers.len(), 2, "one marker per stage whose output was dropped: {markers:#?}");
    assert_eq!(markers[0]["stream"], "system");
    assert_eq!(markers[0]["stage"], 0);
    assert!(markers[0]["text"].as_str().unwrap().starts_with(&format!("50 {CAP_NOTE} (450 bytes) of 455 bytes")));
    assert!(markers[1]["text"].as_str().unwrap().starts_with(&format!("1 {CAP_NOTE} (13 bytes)")));
    // The marker comes right after the last stored line, before the worker's line that the stage ended.
    let position = |needle: &str| log.iter().position(|l| l["text"].as_str().unwrap().contains(needle)).unwrap();
    assert!(position("line 0050") < position(CAP_NOTE));
    let seqs: Vec<i64> = log.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "no gaps in the stored seqs: {seqs:?}");

    let id = push(&app, failing).await;
    let done = app.wait_push(id, DONE, LIVENESS).await;
    assert_eq!(done["status"], "failed", "{done:#}");
    assert_eq!(done["stages"][0]["exit_code"], 3, "{done:#}");
    let log = app.log(id).await;
    assert_eq!(texts(&log, "stdout").len(), 50);
    assert_eq!(log.iter().filter(|l| l["text"].as_str().unwrap().contains(CAP_NOTE)).count(), 1);
}

/// Puts a push's end `days` days back, as if it had finished then.
async fn finished_days_ago(app: &TestApp, push: i64, days: i32) {
    use diesel::prelude::*;
    use rolf_common::schema::pushes;
    app.db
        .with(move |conn| {
            diesel::update(pushes::table.find(push))
                .set(pushes::finished_at.eq(chrono::Utc::now() - chrono::Duration::days(days.into())))
                .execute(conn)
                .unwrap();
        })
        .await;
}

#[tokio::test]
async fn retention_removes_exactly_the_lines_past_the_window_and_marks_those_pushes() {
    let app = TestApp::spawn().await;
    let talk = "for i in $(seq 1 20); do echo line $i; done";
    let own = deployment_with(&app, "keeps-five-days", &[("talk", talk)]).await;
    let default = deployment_with(&app, "keeps-the-default", &[("talk", talk)]).await;
    let patched =
        app.patch(&format!("/api/v1/deployments/{own}"), &app.admin_token, json!({"log_retention_days": 5})).await;
    assert_eq!(patched.body["log_retention_days"], 5, "{patched:?}");
    let bad =
        app.patch(&format!("/api/v1/deployments/{own}"), &app.admin_token, json!({"log_retention_days": 0})).await;
    assert_eq!(bad.status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");

    let mut pushes = Vec::new();
    {
        let _worker = app.worker(&[]);
        for d in [own, own, default, default] {
            let id = push(&app, d).await;
            assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");
            pushes.push(id);
        }
    }
    let counts: Vec<usize> = {
        let mut counts = Vec::new();
        for id in &pushes {
            counts.push(app.log(*id).await.len());
        }
        counts
    };
    // Past its deployment's 5 days; within them; past the default 30 days; within them.
    let ages = [6, 4, 31, 29];
    for (id, days) in pushes.iter().zip(ages) {
        finished_days_ago(&app, *id, days).await;
    }

    // A worker prunes when it starts, and every minute after.
    let _worker = app.worker(&[("ROLF_LOG_RETENTION_DAYS", "30")]);
    let deadline = std::time::Instant::now() + LIVENESS;
    let pruned = |p: &Value| !p["log_pruned_at"].is_null();
    loop {
        let a = app.get(&format!("/api/v1/pushes/{}", pushes[0]), &app.admin_token).await.body;
        let c = app.get(&format!("/api/v1/pushes/{}", pushes[2]), &app.admin_token).await.body;
        if pruned(&a) && pruned(&c) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not pruned: {a:#} {c:#}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (i, id) in pushes.iter().enumerate() {
        let push = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await.body;
        let log = app.log(*id).await;
        if i % 2 == 0 {
            assert!(pruned(&push), "{push:#}");
            assert_eq!(push["log_pruned_lines"], counts[i] as i64, "{push:#}");
            assert_eq!(push["status"], "succeeded", "the push itself is kept");
            assert_eq!(push["stages"].as_array().unwrap().len(), 1);
            assert!(push["tag"].is_string(), "its tag is kept: {push:#}");
            assert!(log.is_empty(), "{log:#?}");
            let text = app.get(&format!("/api/v1/pushes/{id}/log.txt"), &app.admin_token).await;
            let text = text.body.as_str().map(str::to_owned).unwrap_or_else(|| text.body.to_string());
            assert!(text.contains("log pruned at") && text.contains(&format!("its {} lines", counts[i])), "{text}");
        } else {
            assert!(push["log_pruned_at"].is_null(), "{push:#}");
            assert!(push["log_pruned_lines"].is_null(), "{push:#}");
            assert_eq!(log.len(), counts[i], "a push within its window keeps every line");
        }
    }
}

#[tokio::test]
async fn search_finds_a_line_only_in_pushes_the_caller_may_view() {
    let app = TestApp::spawn().await;
    // Two stages, so the two lines' order is fixed.
    let seen = deployment_with(
        &app,
        "searched-seen",
        &[("one", "echo before; echo 'needle-7Qx one'"), ("two", "echo 'needle-7Qx two' >&2")],
    )
    .await;
    let hidden = deployment_with(&app, "searched-hidden", &[("talk", "echo 'needle-7Qx hidden'")]).await;
    app.grant(seen, "searchers", "view").await;
    let viewer = app.user(&["searchers"]).await;
    let nobody = app.user(&[]).await;
    let _worker = app.worker(&[]);
    let seen_push = push(&app, seen).await;
    let hidden_push = push(&app, hidden).await;
    for id in [seen_push, hidden_push] {
        assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");
    }
    let search = |token: String, query: String| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/api/v1/logs/search?{query}"), &token).await;
            assert_eq!(reply.status, reqwest::StatusCode::OK, "{query}: {reply:?}");
            reply.body
        }
    };
    let texts = |page: &Value| -> Vec<String> {
        page["hits"].as_array().unwrap().iter().map(|h| h["text"].as_str().unwrap().to_owned()).collect()
    };

    let mine = search(viewer.clone(), "q=needle-7Qx".into()).await;
    assert_eq!(texts(&mine), ["needle-7Qx two", "needle-7Qx one"], "newest first, only what the viewer may view");
    let hit = &mine["hits"][1];
    assert_eq!(hit["push_id"], seen_push);
    assert_eq!(hit["stage"], 0);
    assert_eq!(mine["hits"][0]["stage"], 1);
    assert_eq!(hit["stream"], "stdout");
    assert!(hit["at"].is_string() && hit["seq"].is_i64(), "{hit:#}");
    // The link opens the log at that line.
    let linked = app.get(hit["log_url"].as_str().unwrap(), &viewer).await;
    assert_eq!(linked.body["lines"][0]["text"], "needle-7Qx one", "{linked:?}");

    assert_eq!(texts(&search(nobody.clone(), "q=needle-7Qx".into()).await), Vec::<String>::new());
    let probing = search(viewer.clone(), format!("q=needle-7Qx&deployment_id={hidden}")).await;
    assert_eq!(texts(&probing), Vec::<String>::new(), "a deployment one may not view answers like an empty one");
    assert_eq!(texts(&search(app.admin_token.clone(), "q=needle-7Qx".into()).await).len(), 3);
    assert_eq!(texts(&search(viewer.clone(), "q=needle-7Qx&stream=stderr".into()).await), ["needle-7Qx two"]);
    assert_eq!(texts(&search(viewer.clone(), "q=needle-7qx".into()).await), Vec::<String>::new(), "case matters");

    // Paged, one hit at a time, to the end.
    let first = search(viewer.clone(), "q=needle-7Qx&limit=1".into()).await;
    assert_eq!(texts(&first), ["needle-7Qx two"]);
    let before = first["next_before"].as_str().unwrap().to_owned();
    let second = search(viewer.clone(), format!("q=needle-7Qx&limit=1&before={before}")).await;
    assert_eq!(texts(&second), ["needle-7Qx one"]);
    let before = second["next_before"].as_str().unwrap().to_owned();
    let last = search(viewer.clone(), format!("q=needle-7Qx&limit=1&before={before}")).await;
    assert_eq!(texts(&last), Vec::<String>::new());
    assert!(last["next_before"].is_null());
}

/// Runs SQL against the app's database and reads one bigint back.
async fn sql_i64(app: &TestApp, query: String) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct One {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    app.db.with(move |conn| diesel::sql_query(query).get_result::<One>(conn).unwrap().n).await
}

/// The next push is the first of a new block of `log_chunks` (push ids grow; this skips to the next multiple).
async fn next_push_starts_a_block(app: &TestApp) {
    let block = rolf_common::pushes::retention::BLOCK_PUSHES;
    sql_i64(
        app,
        format!(
            "SELECT setval('pushes_id_seq', (coalesce(max(id), 0) / {block} + 1) * {block}, false) AS n FROM pushes"
        ),
    )
    .await;
}

/// How many log blocks hold this push's id (1 while it exists, 0 once dropped).
async fn blocks_holding(app: &TestApp, push: i64) -> i64 {
    sql_i64(
        app,
        format!(
            "SELECT count(*) AS n FROM log_chunk_blocks
              WHERE (lo IS NULL OR lo <= {push}) AND (hi IS NULL OR {push} < hi)"
        ),
    )
    .await
}

#[tokio::test]
async fn retention_drops_a_block_whose_pushes_all_aged_out_and_prunes_others_row_by_row() {
    let app = TestApp::spawn().await;
    let talk = "for i in $(seq 1 20); do echo line $i; done";
    let d = deployment_with(&app, "in-blocks", &[("talk", talk)]).await;
    // Block one: two pushes past the window. Block two: one past it, one within. Block three: a push within
    // the window, after them (a block is dropped only once a later push exists).
    let mut pushes = Vec::new();
    {
        let _worker = app.worker(&[]);
        for starts_block in [true, false, true, false, true] {
            if starts_block {
                next_push_starts_a_block(&app).await;
            }
            let id = push(&app, d).await;
            assert_eq!(app.wait_push(id, DONE, LIVENESS).await["status"], "succeeded");
            pushes.push(id);
        }
    }
    assert_eq!(pushes[1], pushes[0] + 1, "{pushes:?}");
    let mut counts = Vec::new();
    for id in &pushes {
        // Each push wrote its lines into a block made for it on its first chunk.
        assert_eq!(blocks_holding(&app, *id).await, 1, "push {id}");
        counts.push(app.log(*id).await.len());
    }
    assert!(counts.iter().all(|n| *n >= 20), "{counts:?}");
    for (id, days) in pushes.iter().zip([40, 31, 40, 1, 0]) {
        finished_days_ago(&app, *id, days).await;
    }

    let _worker = app.worker(&[("ROLF_LOG_RETENTION_DAYS", "30")]);
    let deadline = std::time::Instant::now() + LIVENESS;
    let pruned = |p: &Value| !p["log_pruned_at"].is_null();
    for id in &pushes[..3] {
        loop {
            let p = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await.body;
            if pruned(&p) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "not pruned: {p:#}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert_eq!(blocks_holding(&app, pushes[0]).await, 0, "the first block, all past the window, is dropped");
    assert_eq!(blocks_holding(&app, pushes[2]).await, 1, "the second keeps its table for the push within the window");
    for (i, id) in pushes.iter().enumerate() {
        let push = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await.body;
        let log = app.log(*id).await;
        if i < 3 {
            assert_eq!(push["log_pruned_lines"], counts[i] as i64, "{push:#}");
            assert_eq!(push["status"], "succeeded", "the push itself is kept");
            assert!(log.is_empty(), "{log:#?}");
        } else {
            assert!(push["log_pruned_at"].is_null(), "{push:#}");
            assert_eq!(log.len(), counts[i], "a push within its window keeps every line");
        }
    }
    let stored = sql_i64(&app, "SELECT count(*) AS n FROM log_lines".into()).await;
    assert_eq!(stored, (counts[3] + counts[4]) as i64, "no line of a pruned push is left anywhere");
}

#[tokio::test]
async fn a_block_a_long_read_holds_is_not_waited_for_its_pushes_go_row_by_row_and_it_goes_later() {
    use diesel::prelude::*;
    use rolf_common::pushes::retention::prune;
    let db = rolf_tests::TestDb::create().await;
    // Two pushes past the window with two lines each, in the first block; a later push closes it.
    db.with(|conn| {
        for sql in [
            "INSERT INTO pushes (deployment_name, application_name, username, status, started_at, finished_at)
             SELECT 'old', 'old', 'old', 'succeeded', now() - interval '40 days', now() - interval '40 days'
               FROM generate_series(1, 2)",
            "SELECT log_chunks_block(0, 256)",
            "INSERT INTO log_chunks (push_id, first_seq, last_seq, min_at, max_at, bytes, body)
             SELECT id, 1, 2, now(), now(), 2, E'0\\t0\\t0\\ta\\n0\\t0\\t0\\tb' FROM pushes",
            "SELECT setval('pushes_id_seq', 256, false)",
            "INSERT INTO pushes (deployment_name, application_name, username, status, started_at, finished_at)
             VALUES ('new', 'new', 'new', 'succeeded', now(), now())",
        ] {
            diesel::sql_query(sql).execute(conn).unwrap();
        }
    })
    .await;
    let mut reader = db.conn();
    diesel::sql_query("BEGIN").execute(&mut reader).unwrap();
    diesel::sql_query("SELECT count(*) FROM log_chunks_0").execute(&mut reader).unwrap();

    let mut pruned = db.with(|conn| prune(conn, Some(30), 100).unwrap()).await;
    pruned.sort();
    let ids: Vec<(i64, i64)> = pruned.iter().map(|(p, n)| (p.0, *n)).collect();
    assert_eq!(ids, [(1, 2), (2, 2)], "pruned row by row while the block is held");
    let blocks = |conn: &mut PgConnection| -> Vec<String> {
        diesel::sql_query("SELECT block AS line FROM log_chunk_blocks ORDER BY lo")
            .load::<Named>(conn)
            .unwrap()
            .into_iter()
            .map(|n| n.line)
            .collect()
    };
    assert_eq!(db.with(move |conn| blocks(conn)).await, ["log_chunks_0"], "the held block stays");

    diesel::sql_query("COMMIT").execute(&mut reader).unwrap();
    let again = db.with(|conn| prune(conn, Some(30), 100).unwrap()).await;
    assert!(again.is_empty(), "nothing left to mark: {again:?}");
    assert_eq!(db.with(move |conn| blocks(conn)).await, Vec::<String>::new(), "once free, the block goes");
}

#[derive(diesel::QueryableByName)]
struct Named {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}
