//! The push engine under faults and concurrency, with real worker processes: ordering per deployment,
//! several workers sharing a queue, a worker killed (or frozen) mid-stage, Redis losing its data, Postgres going
//! away mid-stage, graceful shutdown and jobs delivered twice. Tests that flush or stop a server use a throwaway
//! one, so the shared servers other tests use are never disturbed.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use rolf_common::ids::PushId;
use rolf_common::queue::PushQueue;
use rolf_tests::servers::{ThrowawayPostgres, ThrowawayRedis};
use rolf_tests::{Options, TestApp, WorkerProcess, unique};
use serde_json::{Value, json};

const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

/// A deployment whose stages are the given `(name, bash code)` pairs, in order.
async fn deployment_with(app: &TestApp, stages: &[(&str, &str)]) -> i64 {
    let id = app.deployment(&unique("dep")).await;
    for (name, code) in stages {
        let reply = app
            .post(
                &format!("/api/v1/deployments/{id}/stages"),
                &app.admin_token,
                json!({"name": name, "language": "bash", "code": code}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    }
    id
}

async fn push(app: &TestApp, deployment: i64, comment: &str) -> i64 {
    let reply = app
        .post(&format!("/api/v1/deployments/{deployment}/pushes"), &app.admin_token, json!({"comment": comment}))
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    reply.id()
}

async fn get_push(app: &TestApp, id: i64) -> Value {
    let reply = app.get(&format!("/api/v1/pushes/{id}"), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body
}

/// The texts of a push's lines from one stream (`stdout`, `stderr` or `system`), in order.
async fn texts(app: &TestApp, id: i64, stream: &str) -> Vec<String> {
    app.log(id)
        .await
        .iter()
        .filter(|line| line["stream"] == stream)
        .map(|line| line["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until a push has logged a line equal to `text` (on any stream); returns its log texts then.
async fn wait_line(app: &TestApp, id: i64, text: &str, timeout: Duration) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let lines: Vec<String> = app.log(id).await.iter().map(|l| l["text"].as_str().unwrap().to_owned()).collect();
        if lines.iter().any(|l| l == text) {
            return lines;
        }
        assert!(Instant::now() < deadline, "push {id} never logged {text:?}: {lines:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until every push has one of `statuses`, all within one `timeout`; returns the pushes.
async fn wait_all(app: &TestApp, ids: &[i64], statuses: &[&str], timeout: Duration) -> Vec<Value> {
    let deadline = Instant::now() + timeout;
    let mut out = Vec::new();
    for id in ids {
        out.push(app.wait_push(*id, statuses, deadline.saturating_duration_since(Instant::now())).await);
    }
    out
}

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a time: {value}")).parse().unwrap()
}

/// The start and end of a push's only stage.
fn interval(push: &Value) -> (DateTime<Utc>, DateTime<Utc>) {
    let stage = &push["stages"][0];
    (time(&stage["started_at"]), time(&stage["finished_at"]))
}

fn count(lines: &[String], text: &str) -> usize {
    lines.iter().filter(|l| *l == text).count()
}

fn assert_alive(worker: &mut WorkerProcess) {
    assert!(worker.child.try_wait().unwrap().is_none(), "the worker exited");
}

#[tokio::test]
async fn pushes_of_one_deployment_run_one_at_a_time_in_order_while_deployments_overlap() {
    let app = TestApp::spawn().await;
    let a = deployment_with(&app, &[("work", "sleep 1")]).await;
    let b = deployment_with(&app, &[("work", "sleep 1")]).await;
    let _worker = app.worker(&[("ROLF_WORKER_CONCURRENCY", "4")]);
    let a1 = push(&app, a, "a1").await;
    let b1 = push(&app, b, "b1").await;
    let a2 = push(&app, a, "a2").await;
    let b2 = push(&app, b, "b2").await;
    let a3 = push(&app, a, "a3").await;
    let pushes = wait_all(&app, &[a1, a2, a3, b1, b2], &["succeeded"], Duration::from_secs(60)).await;
    let (a_runs, b_runs) = (&pushes[..3], &pushes[3..]);
    for runs in [a_runs, b_runs] {
        for pair in runs.windows(2) {
            let ((start, end), (next_start, _)) = (interval(&pair[0]), interval(&pair[1]));
            assert!(start < next_start, "started out of order: {pair:?}");
            assert!(end <= next_start, "overlapping stages: {pair:?}");
            assert!(time(&pair[0]["finished_at"]) <= time(&pair[1]["started_at"]), "overlapping pushes: {pair:?}");
        }
    }
    let overlap = a_runs.iter().any(|x| {
        b_runs.iter().any(|y| {
            let ((xs, xe), (ys, ye)) = (interval(x), interval(y));
            xs.max(ys) < xe.min(ye)
        })
    });
    assert!(overlap, "pushes of two deployments never ran at the same time: {pushes:?}");
}

#[tokio::test]
async fn three_workers_share_thirty_pushes_and_run_each_once() {
    let app = TestApp::spawn().await;
    let mut deployments = Vec::new();
    for _ in 0..10 {
        deployments.push(deployment_with(&app, &[("work", "echo ran $ROLF_PUSH_ID; sleep 0.5")]).await);
    }
    let mut workers: Vec<WorkerProcess> = (0..3).map(|_| app.worker(&[])).collect();
    let mut ids = Vec::new();
    // Round robin, so that ten pushes can start at once: more than one worker's concurrency.
    for round in 0..3 {
        for d in &deployments {
            ids.push(push(&app, *d, &format!("round {round}")).await);
        }
    }
    let pushes = wait_all(&app, &ids, &["succeeded"], Duration::from_secs(120)).await;
    for id in &ids {
        assert_eq!(texts(&app, *id, "stdout").await, vec![format!("ran {id}")], "push {id}");
        assert_eq!(count(&texts(&app, *id, "system").await, "stage work started"), 1, "push {id}");
    }
    let used: HashSet<&str> = pushes.iter().map(|p| p["worker"].as_str().unwrap()).collect();
    assert!(used.len() >= 2, "one worker ran everything: {used:?}");
    for w in &mut workers {
        assert_alive(w);
    }
}

#[tokio::test]
async fn a_killed_worker_leaves_its_push_lost_and_the_next_push_runs_elsewhere() {
    let app = TestApp::spawn().await;
    // The comment decides whether the stage hangs, so that the next push of the same deployment is quick.
    let deployment = deployment_with(
        &app,
        &[
            ("work", "echo pid $$; echo begin; if [ \"$ROLF_COMMENT\" = slow ]; then sleep 60; fi"),
            ("after", "echo after"),
        ],
    )
    .await;
    // Every worker agrees on the window: a live worker heartbeats every 600 ms.
    let lost_after = [("ROLF_LOST_AFTER_SECONDS", "3")];
    let mut victim = app.worker(&lost_after);
    let slow = push(&app, deployment, "slow").await;
    wait_line(&app, slow, "begin", Duration::from_secs(30)).await;
    let mut survivor = app.worker(&lost_after);
    let next = push(&app, deployment, "fast").await;
    assert_eq!(get_push(&app, next).await["status"], "queued", "it must wait for the running push");

    victim.kill();
    let killed = Instant::now();
    let lost = app.wait_push(slow, DONE, Duration::from_secs(15)).await;
    assert_eq!(lost["status"], "lost", "{lost:?}");
    assert_eq!(lost["stages"][0]["status"], "failed");
    assert_eq!(lost["stages"][1]["status"], "skipped");
    let system = texts(&app, slow, "system").await;
    assert!(system.iter().any(|l| l.starts_with("push lost:")), "{system:?}");

    let next = app.wait_push(next, DONE, Duration::from_secs(30)).await;
    assert_eq!(next["status"], "succeeded", "{next:?}");
    assert_ne!(next["worker"], lost["worker"]);

    // Past the queue's hand-over window the dead worker's job has been delivered again; it must not run.
    let window = rolf_common::queue::HEARTBEAT_INTERVAL * rolf_common::queue::MISSED_HEARTBEATS as u32;
    tokio::time::sleep((window + Duration::from_secs(5)).saturating_sub(killed.elapsed())).await;
    let again = get_push(&app, slow).await;
    assert_eq!(again["status"], "lost");
    assert_eq!(again["finished_at"], lost["finished_at"]);
    let stdout = texts(&app, slow, "stdout").await;
    assert_eq!(count(&stdout, "begin"), 1, "{stdout:?}");
    assert_eq!(count(&texts(&app, slow, "system").await, "stage work started"), 1);
    assert_alive(&mut survivor);
}

#[tokio::test]
async fn a_worker_that_comes_back_after_its_push_was_declared_lost_stops_it_and_leaves_the_record_alone() {
    let app = TestApp::spawn().await;
    let deployment = deployment_with(
        &app,
        &[
            ("work", "echo pid $$; echo begin; if [ \"$ROLF_COMMENT\" = slow ]; then sleep 30; fi; echo end"),
            ("after", "echo after"),
        ],
    )
    .await;
    let lost_after = [("ROLF_LOST_AFTER_SECONDS", "3")];
    let mut paused = app.worker(&lost_after);
    let slow = push(&app, deployment, "slow").await;
    let lines = wait_line(&app, slow, "begin", Duration::from_secs(30)).await;
    let pids: Vec<String> = lines.iter().filter_map(|l| l.strip_prefix("pid ")).map(str::to_owned).collect();
    let group: i32 = pids[0].parse().unwrap();
    let _survivor = app.worker(&lost_after);
    let next = push(&app, deployment, "fast").await;

    // Frozen, as by a long pause of its host, while its stage goes on without it.
    let signal = |name: &str| {
        let pid = paused.pid().to_string();
        assert!(std::process::Command::new("kill").args([name, &pid]).status().unwrap().success());
    };
    signal("-STOP");
    let lost = app.wait_push(slow, DONE, Duration::from_secs(15)).await;
    assert_eq!(lost["status"], "lost", "{lost:?}");
    let next = app.wait_push(next, DONE, Duration::from_secs(30)).await;
    assert_eq!(next["status"], "succeeded", "{next:?}");
    assert!(group_alive(group), "the stage should still run while its worker is frozen");

    // Back: it must stop the stage at once (the deployment is free and may run another push), neither rewrite
    // the record nor run the rest of the push.
    signal("-CONT");
    let deadline = Instant::now() + Duration::from_secs(10);
    while group_alive(group) {
        assert!(Instant::now() < deadline, "the stage of a lost push still runs after its worker came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_alive(&mut paused);
    let after = get_push(&app, slow).await;
    assert_eq!(after["status"], "lost");
    assert_eq!(after["stages"], lost["stages"], "the stages were rewritten");
    let stdout = texts(&app, slow, "stdout").await;
    assert!(!stdout.contains(&"after".to_owned()), "the rest of a lost push ran: {stdout:?}");
}

#[tokio::test]
async fn late_output_of_a_lost_push_is_kept_after_the_loss_and_marked_late() {
    let app = TestApp::spawn().await;
    let deployment = deployment_with(
        &app,
        &[("tick", "echo begin; for i in $(seq 1 60); do echo tick $i; sleep 0.2; done; echo end")],
    )
    .await;
    let lost_after = [("ROLF_LOST_AFTER_SECONDS", "3")];
    let mut frozen = app.worker(&lost_after);
    let id = push(&app, deployment, "ticking").await;
    wait_line(&app, id, "begin", Duration::from_secs(30)).await;
    let _sweeper = app.worker(&lost_after);
    let signal = |name: &str| {
        let pid = frozen.pid().to_string();
        assert!(std::process::Command::new("kill").args([name, &pid]).status().unwrap().success());
    };
    // Frozen, its stage goes on printing into the pipe; the sweep declares the push lost and logs so.
    signal("-STOP");
    assert_eq!(app.wait_push(id, DONE, Duration::from_secs(20)).await["status"], "lost");
    signal("-CONT");
    assert_alive(&mut frozen);

    // Back, the worker stores what it still held: after the sweep's line, behind a line saying it is late.
    let deadline = Instant::now() + Duration::from_secs(20);
    let log = loop {
        let log = app.log(id).await;
        if log.iter().any(|l| l["text"].as_str().unwrap().contains("arrived late")) {
            break log;
        }
        assert!(Instant::now() < deadline, "no late lines were stored: {log:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let seqs: Vec<i64> = log.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let position = |needle: &str| log.iter().position(|l| l["text"].as_str().unwrap().contains(needle)).unwrap();
    assert!(position("push lost") < position("arrived late"), "{log:#?}");
    // Nothing printed disappeared: the ticks stored are 1..=n without a gap, some of them after the note.
    let ticks: Vec<u32> = texts(&app, id, "stdout")
        .await
        .iter()
        .filter_map(|t| t.strip_prefix("tick ").map(|n| n.parse().unwrap()))
        .collect();
    assert_eq!(ticks, (1..=ticks.len() as u32).collect::<Vec<_>>(), "{log:#?}");
    let late_ticks = log[position("arrived late")..].iter().filter(|l| l["stream"] == "stdout").count();
    assert!(late_ticks > 0, "{log:#?}");
    assert_eq!(get_push(&app, id).await["status"], "lost", "the record was rewritten");
}

#[tokio::test]
async fn a_push_whose_end_cannot_be_recorded_in_time_frees_its_deployment_once_postgres_is_back() {
    let pg = ThrowawayPostgres::start();
    let database = pg.migrated_database("rolf");
    let app = TestApp::spawn_with(Options { app_database: Some(database), ..Default::default() }).await;
    let deployment = deployment_with(&app, &[("work", "echo ending; sleep 1")]).await;
    let _worker = app.worker(&[("ROLF_DB_RETRY_SECONDS", "4")]);
    let first = push(&app, deployment, "first").await;
    let second = push(&app, deployment, "second").await;
    wait_line(&app, first, "ending", Duration::from_secs(30)).await;

    // The stage ends while Postgres is away for far longer than the worker may wait to record it.
    pg.stop();
    tokio::time::sleep(Duration::from_secs(20)).await;
    pg.start_again();

    // Well inside the lost window (30 s): the end is recorded by the background retry, not by a sweep.
    let ended = app.wait_push(first, DONE, Duration::from_secs(20)).await;
    assert_eq!(ended["status"], "failed", "{ended:?}");
    let error = ended["error"].as_str().unwrap();
    assert!(error.contains("Postgres unreachable"), "{error}");
    let next = app.wait_push(second, DONE, Duration::from_secs(30)).await;
    assert_eq!(next["status"], "succeeded", "{next:?}");
}

/// Is any live (not zombie) process left in the process group? Read from /proc, since `kill -0` counts zombies
/// that a container's init may never reap.
fn group_alive(group: i32) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { return false };
        // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == group.to_string()
    })
}

#[tokio::test]
async fn redis_losing_its_data_loses_no_push_and_runs_none_twice() {
    let redis = ThrowawayRedis::start();
    let app = TestApp::spawn_with(Options { redis_url: redis.url(), ..Default::default() }).await;
    let mut deployments = Vec::new();
    for _ in 0..4 {
        deployments.push(deployment_with(&app, &[("work", "echo ran $ROLF_PUSH_ID; sleep 0.3")]).await);
    }
    let mut ids = Vec::new();
    for round in 0..2 {
        for d in &deployments {
            ids.push(push(&app, *d, &format!("round {round}")).await);
        }
    }
    redis.flushall();
    assert_eq!(redis.dbsize(), 0);
    let mut worker = app.worker(&[]);
    wait_all(&app, &ids, &["succeeded"], Duration::from_secs(20)).await;

    // Again while the worker is busy: running pushes, queued ones behind them and the worker's own
    // registration in Redis all vanish at once.
    let mut more = Vec::new();
    for round in 0..2 {
        for d in &deployments {
            more.push(push(&app, *d, &format!("busy round {round}")).await);
        }
    }
    app.wait_push(more[0], &["running", "succeeded"], Duration::from_secs(10)).await;
    redis.flushall();
    wait_all(&app, &more, &["succeeded"], Duration::from_secs(30)).await;
    assert_alive(&mut worker);

    for id in ids.iter().chain(&more) {
        assert_eq!(texts(&app, *id, "stdout").await, vec![format!("ran {id}")], "push {id}");
    }
}

#[tokio::test]
async fn redis_restarted_without_persistence_loses_no_push_and_runs_none_twice() {
    let mut redis = ThrowawayRedis::start();
    let app = TestApp::spawn_with(Options { redis_url: redis.url(), ..Default::default() }).await;
    let mut deployments = Vec::new();
    for _ in 0..3 {
        deployments.push(deployment_with(&app, &[("work", "echo ran $ROLF_PUSH_ID; sleep 1")]).await);
    }
    let mut worker = app.worker(&[]);
    let mut ids = Vec::new();
    for round in 0..2 {
        for d in &deployments {
            ids.push(push(&app, *d, &format!("round {round}")).await);
        }
    }
    app.wait_push(ids[0], &["running", "succeeded"], Duration::from_secs(10)).await;

    redis.stop();
    // Asked for while Redis is down: the API cannot queue it, Postgres still has it.
    ids.push(push(&app, deployments[0], "while Redis is down").await);
    tokio::time::sleep(Duration::from_secs(1)).await;
    redis.start_again();

    wait_all(&app, &ids, &["succeeded"], Duration::from_secs(40)).await;
    assert_alive(&mut worker);
    for id in &ids {
        assert_eq!(texts(&app, *id, "stdout").await, vec![format!("ran {id}")], "push {id}");
    }
}

#[tokio::test]
async fn postgres_stopped_mid_stage_loses_no_line() {
    let pg = ThrowawayPostgres::start();
    let database = pg.migrated_database("rolf");
    let app = TestApp::spawn_with(Options { app_database: Some(database), ..Default::default() }).await;
    let deployment =
        deployment_with(&app, &[("count", "for i in $(seq 1 80); do echo line $i; sleep 0.1; done")]).await;
    let _worker = app.worker(&[("ROLF_DB_RETRY_SECONDS", "60")]);
    let id = push(&app, deployment, "through an outage").await;
    wait_line(&app, id, "line 15", Duration::from_secs(30)).await;

    pg.stop();
    tokio::time::sleep(Duration::from_secs(3)).await;
    pg.start_again();

    let done = app.wait_push(id, DONE, Duration::from_secs(90)).await;
    assert_eq!(done["status"], "succeeded", "{done:?}");
    let log = app.log(id).await;
    let seqs: Vec<i64> = log.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let expected: Vec<String> = (1..=80).map(|i| format!("line {i}")).collect();
    assert_eq!(texts(&app, id, "stdout").await, expected);
}

#[tokio::test]
async fn a_stage_that_exits_while_its_output_waits_for_postgres_loses_no_line() {
    let pg = ThrowawayPostgres::start();
    let database = pg.migrated_database("rolf");
    let app = TestApp::spawn_with(Options { app_database: Some(database), ..Default::default() }).await;
    // A burst small enough to fit in the worker's buffers and the pipe: the stage exits at once, while most of
    // its output still waits to be read.
    let code = r#"echo begin; while [ ! -e "$ROLF_COMMENT" ]; do sleep 0.05; done; seq 1 12000"#;
    let deployment = deployment_with(&app, &[("burst", code)]).await;
    let _worker = app.worker(&[("ROLF_DB_RETRY_SECONDS", "60")]);
    let gate = std::env::temp_dir().join(unique("rolf-burst-gate"));
    let id = push(&app, deployment, gate.to_str().unwrap()).await;
    wait_line(&app, id, "begin", Duration::from_secs(30)).await;

    pg.stop();
    std::fs::write(&gate, b"go").unwrap();
    // Longer than a quiet pipe is waited for: the wait for the sink must not count.
    tokio::time::sleep(Duration::from_secs(6)).await;
    pg.start_again();

    let done = app.wait_push(id, DONE, Duration::from_secs(90)).await;
    std::fs::remove_file(&gate).unwrap();
    assert_eq!(done["status"], "succeeded", "{done:?}");
    let expected: Vec<String> = (1..=12000).map(|i| i.to_string()).collect();
    let stdout = texts(&app, id, "stdout").await;
    assert_eq!(stdout.len(), expected.len() + 1, "lines were lost");
    assert_eq!(stdout[1..], expected[..]);
}

#[tokio::test]
async fn a_postgres_outage_longer_than_the_lost_window_loses_no_push() {
    let pg = ThrowawayPostgres::start();
    let database = pg.migrated_database("rolf");
    let app = TestApp::spawn_with(Options { app_database: Some(database), ..Default::default() }).await;
    let deployment =
        deployment_with(&app, &[("count", "for i in $(seq 1 80); do echo line $i; sleep 0.1; done")]).await;
    // Nobody heartbeats while Postgres is down, so on its return the running push looks silent for longer than
    // the window; idle workers must not declare it lost. The busy worker heartbeats every 2 s.
    let env = [("ROLF_DB_RETRY_SECONDS", "60"), ("ROLF_LOST_AFTER_SECONDS", "10")];
    let _busy = app.worker(&env);
    let id = push(&app, deployment, "through a long outage").await;
    wait_line(&app, id, "line 1", Duration::from_secs(30)).await;
    // Started apart, so that their sweeps fall at different moments of the busy worker's heartbeat period:
    // one of them would otherwise sweep before the busy worker's first heartbeat after the outage.
    let mut _idle = Vec::new();
    for _ in 0..3 {
        _idle.push(app.worker(&env));
        tokio::time::sleep(Duration::from_millis(650)).await;
    }

    pg.stop();
    tokio::time::sleep(Duration::from_secs(12)).await;
    pg.start_again();

    let done = app.wait_push(id, DONE, Duration::from_secs(90)).await;
    assert_eq!(done["status"], "succeeded", "{done:?}");
    let expected: Vec<String> = (1..=80).map(|i| format!("line {i}")).collect();
    assert_eq!(texts(&app, id, "stdout").await, expected);
}

#[tokio::test]
async fn sigterm_lets_the_running_push_finish_and_takes_no_new_one() {
    let app = TestApp::spawn().await;
    let deployment = deployment_with(&app, &[("work", "echo begin; sleep 3; echo end")]).await;
    let mut worker = app.worker(&[]);
    let running = push(&app, deployment, "running").await;
    wait_line(&app, running, "begin", Duration::from_secs(30)).await;
    worker.terminate();
    // Give the signal time to land, then ask for another push: the stopping worker must leave it alone.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let other = deployment_with(&app, &[("work", "echo other")]).await;
    let later = push(&app, other, "after the signal").await;

    let status = worker.wait_exit(Duration::from_secs(30)).expect("the worker did not exit");
    assert!(status.success(), "{status:?}");
    let done = get_push(&app, running).await;
    assert_eq!(done["status"], "succeeded", "{done:?}");
    assert_eq!(texts(&app, running, "stdout").await, ["begin", "end"]);
    assert_eq!(get_push(&app, later).await["status"], "queued");

    // Its job is still in the queue for the next worker.
    let _next = app.worker(&[]);
    let later = app.wait_push(later, DONE, Duration::from_secs(30)).await;
    assert_eq!(later["status"], "succeeded", "{later:?}");
}

#[tokio::test]
async fn sigterm_past_the_grace_period_cancels_the_running_push() {
    let app = TestApp::spawn().await;
    let deployment = deployment_with(&app, &[("work", "echo begin; sleep 60"), ("after", "echo after")]).await;
    let mut worker = app.worker(&[("ROLF_SHUTDOWN_GRACE_SECONDS", "1")]);
    let id = push(&app, deployment, "too slow").await;
    wait_line(&app, id, "begin", Duration::from_secs(30)).await;
    worker.terminate();
    let status = worker.wait_exit(Duration::from_secs(15)).expect("the worker did not exit");
    assert!(status.success(), "{status:?}");
    let done = get_push(&app, id).await;
    assert_eq!(done["status"], "cancelled", "{done:?}");
    assert_eq!(done["stages"][0]["status"], "cancelled");
    assert_eq!(done["stages"][1]["status"], "skipped");
    let system = texts(&app, id, "system").await;
    assert!(system.iter().any(|l| l.contains("shutting down")), "{system:?}");
}

#[tokio::test]
async fn a_job_delivered_several_times_runs_once() {
    let app = TestApp::spawn().await;
    let queue = PushQueue::connect(&app.redis_url, &app.queue_prefix).await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..4 {
        let d = deployment_with(&app, &[("work", "echo ran $ROLF_PUSH_ID; sleep 1")]).await;
        let id = push(&app, d, "dup").await;
        // Two more jobs for the same push, beside the API's own, before any worker runs: they race.
        queue.enqueue(PushId(id)).await.unwrap();
        queue.enqueue(PushId(id)).await.unwrap();
        ids.push(id);
    }
    let mut workers = [app.worker(&[]), app.worker(&[])];
    let first = wait_all(&app, &ids, &["succeeded"], Duration::from_secs(60)).await;

    // Late duplicates of finished pushes: wait until a worker took them, then look again.
    for id in &ids {
        queue.enqueue(PushId(*id)).await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    for id in &ids {
        while queue.is_enqueued(PushId(*id)).await.unwrap() {
            assert!(Instant::now() < deadline, "the late duplicate of push {id} was never taken");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    for (id, before) in ids.iter().zip(&first) {
        assert_eq!(texts(&app, *id, "stdout").await, vec![format!("ran {id}")], "push {id}");
        assert_eq!(count(&texts(&app, *id, "system").await, "stage work started"), 1, "push {id}");
        let after = get_push(&app, *id).await;
        assert_eq!((&after["status"], &after["started_at"]), (&before["status"], &before["started_at"]));
    }
    for w in &mut workers {
        assert_alive(w);
    }
}
