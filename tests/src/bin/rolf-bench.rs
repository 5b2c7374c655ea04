//! `scripts/bench`: measures the push engine against baselines run side by side in the same invocation, and
//! prints figures with their ratios. Not a test: machines are noisy, so nothing here asserts a speed.
//!
//! Usage: rolf-bench [--json PATH] [--quick]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::Method;
use rolf_tests::wrk::{self, Load};
use rolf_tests::{Options, TestApp, WorkerProcess};
use serde_json::{Value, json};

struct Figures {
    dispatch_p50_ms: f64,
    dispatch_p99_ms: f64,
    fork_exec_ms: f64,
    capture_seconds: f64,
    file_write_seconds: f64,
    copy_seconds: f64,
    worker_peak_rss_mb: f64,
    noop_pushes_per_second: f64,
    two_worker_speedup: f64,
    sse_p50_ms: f64,
    sse_p99_ms: f64,
    sse_500_lines_per_second: f64,
    sse_1_lines_per_second: f64,
    bytes_per_line: f64,
    baseline_bytes_per_line: f64,
    options: Vec<(String, f64, f64)>,
    page_p50_ms: f64,
    page_max_ms: f64,
    healthz_p50_ms: f64,
    catchup_lines_per_second: f64,
    paging_lines_per_second: f64,
    prune_seconds: f64,
    vacuum_seconds: f64,
    search_seconds: f64,
    read_all_seconds: f64,
    disk_before_mb: f64,
    disk_after_mb: f64,
    http_push: Load,
    http_healthz: Load,
}

/// The API's request path under load beside the framework alone, in the same run: GET /pushes/{id} (the
/// caller, its grant, the push and its stages from Postgres) and GET /healthz (no database).
async fn http_load(app: &TestApp, seconds: u32) -> (Load, Load) {
    let d = deployment_with_stage(app, "http", "bash", "true").await;
    let (id, _) = push(app, d).await;
    let (url, token, healthz) =
        (app.url(&format!("/api/v1/pushes/{id}")), app.admin_token.clone(), app.url("/healthz"));
    // wrk blocks until done; off the runtime's threads, which serve the API under test.
    tokio::task::spawn_blocking(move || {
        (wrk::run(&url, Some(&token), 64, seconds), wrk::run(&healthz, None, 64, seconds))
    })
    .await
    .unwrap()
}

fn print_http(push: &Load, healthz: &Load) {
    for (what, load) in [("GET /pushes/{id}", push), ("GET /healthz", healthz)] {
        println!(
            "  {what}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} failed",
            load.requests_per_second, load.p50_ms, load.p99_ms, load.failed
        );
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn seconds_between(a: &str, b: &str) -> f64 {
    let a: DateTime<Utc> = a.parse().unwrap();
    let b: DateTime<Utc> = b.parse().unwrap();
    (b - a).num_microseconds().unwrap() as f64 / 1e6
}

async fn deployment_with_stage(app: &TestApp, name: &str, language: &str, code: &str) -> i64 {
    let d = app.deployment(name).await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/stages"),
        Some(json!({"name": "run", "language": language, "code": code})),
    )
    .await;
    d
}

async fn push(app: &TestApp, deployment: i64) -> (i64, DateTime<Utc>) {
    let reply = app.admin(Method::POST, &format!("/api/v1/deployments/{deployment}/pushes"), Some(json!({}))).await;
    (reply["id"].as_i64().unwrap(), Utc::now())
}

const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

/// POST answered to the first stage's process started (as the worker records it), one push at a time.
async fn dispatch(app: &TestApp, pushes: usize) -> Vec<f64> {
    let d = deployment_with_stage(app, "dispatch", "bash", "true").await;
    let mut latencies = Vec::with_capacity(pushes);
    for _ in 0..pushes {
        let (id, answered) = push(app, d).await;
        let done = app.wait_push(id, DONE, Duration::from_secs(30)).await;
        let started: DateTime<Utc> = done["stages"][0]["started_at"].as_str().unwrap().parse().unwrap();
        latencies.push((started - answered).num_microseconds().unwrap() as f64 / 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    latencies
}

/// The floor under any dispatch: starting and reaping `bash -c true`.
fn fork_exec(runs: usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            Command::new("bash").args(["-c", "true"]).status().unwrap();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    percentile(&times, 0.5)
}

/// About 100 bytes per line.
const PRODUCER: &str = "import sys\nw = sys.stdout.write\nfor i in range(N):\n    w('%010d %s\\n' % (i, 'x' * 89))\n";

fn producer(lines: usize) -> String {
    PRODUCER.replace("N", &lines.to_string())
}

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .unwrap();
    assert!(out.status.success(), "psql: {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Times one statement, after a checkpoint, so that no write before it is flushed on its time.
fn timed_psql(url: &str, sql: &str) -> f64 {
    psql(url, "CHECKPOINT");
    let start = Instant::now();
    psql(url, sql);
    start.elapsed().as_secs_f64()
}

struct Capture {
    id: i64,
    seconds: f64,
    file_write_seconds: f64,
    copy_seconds: f64,
    rss_mb: f64,
    bytes_per_line: f64,
    baseline_bytes_per_line: f64,
    /// The same lines COPYed into each way of storing them that was considered: name, seconds, bytes per line.
    options: Vec<(String, f64, f64)>,
}

/// Capturing a big stage into Postgres, against writing the same output to a file and `COPY`ing that file into a
/// minimal one-row-per-line table (push, seq, stream, time, text; primary key only); then the same lines into
/// each store design that was considered, so the choice can be checked on any machine.
async fn capture(app: &TestApp, worker: &WorkerProcess, lines: usize) -> Capture {
    let code = producer(lines);
    let d = deployment_with_stage(app, "capture", "python", &code).await;
    psql(&app.db.url, "CHECKPOINT");
    let (id, _) = push(app, d).await;
    let done = app.wait_push(id, DONE, Duration::from_secs(600)).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let stage = &done["stages"][0];
    let seconds = seconds_between(stage["started_at"].as_str().unwrap(), stage["finished_at"].as_str().unwrap());
    let rss_mb = peak_rss_mb(worker.pid());
    let url = &app.db.url;
    psql(url, "VACUUM ANALYZE log_chunks");
    let stored: f64 = psql(url, "SELECT sum(last_seq - first_seq + 1) FROM log_chunks").parse().unwrap();
    let bytes: f64 = psql(url, LOG_DISK).parse().unwrap();

    let dir = std::env::temp_dir().join(rolf_tests::unique("rolf-bench"));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("produce.py");
    std::fs::write(&script, &code).unwrap();
    let out = dir.join("out.txt");
    let start = Instant::now();
    let status = Command::new("python3").arg(&script).stdout(std::fs::File::create(&out).unwrap()).status().unwrap();
    assert!(status.success());
    let file_write_seconds = start.elapsed().as_secs_f64();

    // The same rows, as tab-separated text for psql's \copy: minimal (push, seq, stream, at, text) and with the
    // stage position the old log_lines table had.
    let text = std::fs::read_to_string(&out).unwrap();
    let now = Utc::now().to_rfc3339();
    let mut minimal = String::with_capacity(text.len() + lines * 48);
    let mut full = String::with_capacity(text.len() + lines * 48);
    // Chunks of 2,000 lines as the worker writes them (stage, stream, microseconds, text per line).
    let mut chunks = String::with_capacity(text.len() + lines * 8);
    let all: Vec<&str> = text.lines().collect();
    for (i, line) in all.iter().enumerate() {
        minimal.push_str(&format!("1\t{}\t0\t{now}\t{line}\n", i + 1));
        full.push_str(&format!("1\t{}\t0\t0\t{now}\t{line}\n", i + 1));
    }
    for (c, group) in all.chunks(2000).enumerate() {
        let first = c * 2000 + 1;
        let body: Vec<String> = group.iter().map(|l| format!("0\\t0\\t0\\t{l}")).collect();
        chunks.push_str(&format!(
            "1\t{first}\t{}\t{now}\t{now}\t{}\t{}\n",
            first + group.len() - 1,
            group.iter().map(|l| l.len()).sum::<usize>(),
            body.join("\\n")
        ));
    }
    let files = [("minimal", minimal), ("full", full), ("chunks", chunks)];
    for (name, rows) in &files {
        std::fs::write(dir.join(format!("{name}.tsv")), rows).unwrap();
    }
    let file = |name: &str| dir.join(format!("{name}.tsv")).display().to_string();

    let table = rolf_tests::unique("bench_copy");
    psql(
        url,
        &format!(
            "CREATE TABLE {table} (push_id BIGINT NOT NULL, seq BIGINT NOT NULL, stream SMALLINT NOT NULL, \
         at TIMESTAMPTZ NOT NULL, text TEXT NOT NULL, PRIMARY KEY (push_id, seq))"
        ),
    );
    let copy_seconds = timed_psql(url, &format!("\\copy {table} FROM '{}'", file("minimal")));
    let baseline_bytes: f64 = psql(url, &format!("SELECT pg_total_relation_size('{table}')")).parse().unwrap();
    psql(url, &format!("DROP TABLE {table}"));

    // The designs considered (README, "The log store"): what each costs to write and to keep.
    let line_columns = "push_id BIGINT NOT NULL, seq BIGINT NOT NULL, stage_position INTEGER, \
                        stream SMALLINT NOT NULL CHECK (stream IN (0, 1, 2)), at TIMESTAMPTZ NOT NULL, text TEXT NOT NULL";
    let chunk_columns = "push_id BIGINT NOT NULL, first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, \
                         min_at TIMESTAMPTZ NOT NULL, max_at TIMESTAMPTZ NOT NULL, bytes BIGINT NOT NULL";
    let pushes_row = psql(url, "SELECT min(id) FROM pushes");
    let designs = [
        (
            "row per line, foreign key (the old log_lines)",
            format!(
                "CREATE TABLE T ({line_columns}, PRIMARY KEY (push_id, seq), FOREIGN KEY (push_id) REFERENCES pushes (id))"
            ),
            "full",
        ),
        (
            "row per line, no foreign key",
            format!("CREATE TABLE T ({line_columns}, PRIMARY KEY (push_id, seq))"),
            "full",
        ),
        (
            "row per line, partitioned by push range",
            format!(
                "CREATE TABLE T ({line_columns}, PRIMARY KEY (push_id, seq)) PARTITION BY RANGE (push_id); \
             CREATE TABLE T_p0 PARTITION OF T FOR VALUES FROM (0) TO (1000000)"
            ),
            "full",
        ),
        (
            "chunks of 2,000 lines, pglz",
            format!("CREATE TABLE T ({chunk_columns}, body TEXT NOT NULL, PRIMARY KEY (push_id, first_seq))"),
            "chunks",
        ),
        (
            "chunks of 2,000 lines, lz4 (chosen)",
            format!(
                "CREATE TABLE T ({chunk_columns}, body TEXT COMPRESSION lz4 NOT NULL, PRIMARY KEY (push_id, first_seq))"
            ),
            "chunks",
        ),
    ];
    let mut options = Vec::new();
    for (name, ddl, rows) in designs {
        let t = rolf_tests::unique("bench_option");
        psql(url, &ddl.replace("TABLE T", &format!("TABLE {t}")).replace("OF T ", &format!("OF {t} ")));
        // The rows name push 1; point them at a push that exists, for the foreign key.
        let rows_file = dir.join(format!("{rows}-{t}.tsv"));
        let content = std::fs::read_to_string(file(rows)).unwrap();
        let content: String = content.lines().map(|l| format!("{pushes_row}{}\n", &l[1..])).collect();
        std::fs::write(&rows_file, content).unwrap();
        let seconds = timed_psql(url, &format!("\\copy {t} FROM '{}'", rows_file.display()));
        let size: f64 = psql(
            url,
            &format!("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname IN ('{t}', '{t}_p0')"),
        )
        .parse()
        .unwrap();
        psql(url, &format!("DROP TABLE {t}"));
        options.push((name.to_owned(), seconds, size / lines as f64));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    Capture {
        id,
        seconds,
        file_write_seconds,
        copy_seconds,
        rss_mb,
        bytes_per_line: bytes / stored,
        baseline_bytes_per_line: baseline_bytes / lines as f64,
        options,
    }
}

/// Reading a million-line log back: pages of `GET /pushes/{id}/log` across it (against `GET /healthz`, the
/// floor of any request), the whole log paged at 10,000 a page, and an SSE follower catching up from the start.
async fn reading(app: &TestApp, id: i64, lines: i64) -> (f64, f64, f64, f64, f64) {
    let mut pages = Vec::new();
    let mut health = Vec::new();
    for i in 0..50 {
        let after = (lines * i / 50).max(0);
        let start = Instant::now();
        let page = app.get(&format!("/api/v1/pushes/{id}/log?after={after}&limit=1000"), &app.admin_token).await;
        pages.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(page.body["lines"].as_array().unwrap().len(), 1000);
        let start = Instant::now();
        app.client.get(app.url("/healthz")).send().await.unwrap().bytes().await.unwrap();
        health.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    pages.sort_by(f64::total_cmp);
    health.sort_by(f64::total_cmp);

    let start = Instant::now();
    let (mut after, mut read) = (0_i64, 0_usize);
    loop {
        let page = app.get(&format!("/api/v1/pushes/{id}/log?after={after}&limit=10000"), &app.admin_token).await;
        let batch = page.body["lines"].as_array().unwrap().len();
        if batch == 0 {
            break;
        }
        read += batch;
        after = page.body["next_after"].as_i64().unwrap();
    }
    let paging = read as f64 / start.elapsed().as_secs_f64();

    let start = Instant::now();
    let followed = count_followed(app, id).await;
    let catchup = followed as f64 / start.elapsed().as_secs_f64();
    assert!(followed as i64 >= lines, "the follower got {followed} of {lines} lines");
    (percentile(&pages, 0.5), pages[pages.len() - 1], percentile(&health, 0.5), catchup, paging)
}

/// Bytes on disk of every log block (the partitioned `log_chunks` itself holds none).
const LOG_DISK: &str = "SELECT coalesce(sum(pg_total_relation_size(block::regclass)), 0) FROM log_chunk_blocks";

/// Retention and search: 10,000,000 stored lines (ten pushes of 1,000,000, finished 400 days ago, ~100 bytes a line, made
/// in SQL), pruned by the same function the workers run, and the disk space before and after it and a VACUUM.
fn retention(url: &str, lines: i64) -> (f64, f64, f64, f64, f64, f64) {
    use diesel::Connection;
    let pushes = 10;
    let per_push = lines / pushes;
    // Push ids grow with time: pushes that finished 400 days ago sit in a block of their own (log_chunks is
    // partitioned by push id, README "The log store"), and later pushes follow them. Placed so here.
    let block = rolf_common::pushes::retention::BLOCK_PUSHES;
    let next_block = format!("(coalesce((SELECT max(id) FROM pushes), 0) / {block} + 1) * {block}");
    psql(url, &format!("SELECT setval('pushes_id_seq', {next_block}, false)"));
    psql(url, &format!("SELECT log_chunks_block({next_block}, {next_block} + {block})"));
    psql(
        url,
        &format!(
            "INSERT INTO pushes (deployment_name, application_name, username, status, started_at, finished_at)
         SELECT 'bench-prune', 'bench', 'bench', 'succeeded', now() - interval '400 days', now() - interval '400 days'
           FROM generate_series(1, {pushes})"
        ),
    );
    psql(url, &format!(
        "INSERT INTO log_chunks (push_id, first_seq, last_seq, min_at, max_at, bytes, body)
         SELECT p.id, (c - 1) * 2000 + 1, c * 2000, now() - interval '400 days', now() - interval '400 days', 2000 * 100,
                string_agg(format(E'0\\t0\\t%s\\t%s %s %s', i * 1000, lpad(((c - 1) * 2000 + i)::text, 10, '0'),
                                  md5((p.id * 10000000 + (c - 1) * 2000 + i)::text), repeat('x', 56)),
                           E'\\n' ORDER BY i)
           FROM pushes p, generate_series(1, {per_push} / 2000) c, generate_series(1, 2000) i
          WHERE p.deployment_name = 'bench-prune'
          GROUP BY p.id, c"
    ));
    psql(url, &format!("SELECT setval('pushes_id_seq', {next_block}, false)"));
    psql(
        url,
        "INSERT INTO pushes (deployment_name, application_name, username, status, started_at, finished_at)
         VALUES ('bench-later', 'bench', 'bench', 'succeeded', now(), now())",
    );
    psql(url, "VACUUM ANALYZE log_chunks");
    let before: f64 = psql(url, LOG_DISK).parse().unwrap();
    let mut conn = diesel::PgConnection::establish(url).unwrap();

    // Search: a string found on one line of the ten million, against reading every chunk's body once.
    let first = psql(url, "SELECT min(id) FROM pushes WHERE deployment_name = 'bench-prune'");
    // A line inside the first push, whatever the run's size (`--quick` stores fewer lines per push).
    let line = per_push * 2 / 3 + 321;
    let needle = psql(url, &format!("SELECT md5(({first}::bigint * 10000000 + {line})::text)"));
    let query = rolf_common::pushes::log::SearchQuery {
        q: needle.clone(),
        deployment_id: None,
        since: None,
        until: None,
        stream: None,
        limit: Some(50),
        before: None,
    };
    // Searched as an admin, who sees every push: the same query the API runs for one.
    let admin = rolf_common::access::users::bootstrap_admin(&mut conn, "bench-search").unwrap();
    let admin = rolf_common::access::users::actor(&mut conn, admin, &[]).unwrap().unwrap();
    let everything = rolf_common::authz::viewable(&mut conn, &admin).unwrap();
    let start = Instant::now();
    let found = rolf_common::pushes::log::search(&mut conn, &everything, query).unwrap();
    let search_seconds = start.elapsed().as_secs_f64();
    assert_eq!(found.hits.len(), 1, "{needle}");
    let read_all_seconds = timed_psql(url, "SELECT sum(length(body)) FROM log_chunks");
    let start = Instant::now();
    let mut pruned = 0;
    loop {
        let batch = rolf_common::pushes::retention::prune(&mut conn, Some(30), 100).unwrap();
        pruned += batch.iter().map(|(_, n)| n).sum::<i64>();
        if batch.len() < 100 {
            break;
        }
    }
    let prune_seconds = start.elapsed().as_secs_f64();
    assert!(pruned >= lines, "pruned {pruned} of {lines} lines");
    let vacuum_seconds = timed_psql(url, "VACUUM log_chunks");
    let after: f64 = psql(url, LOG_DISK).parse().unwrap();
    (prune_seconds, vacuum_seconds, before / 1e6, after / 1e6, search_seconds, read_all_seconds)
}

/// Reads an SSE stream to its end, counting `line` events.
async fn count_followed(app: &TestApp, push: i64) -> usize {
    let mut resp = app
        .client
        .get(app.url(&format!("/api/v1/pushes/{push}/log/stream")))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    let mut count = 0;
    let mut tail: Vec<u8> = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        tail.extend_from_slice(&chunk);
        count += String::from_utf8_lossy(&tail).matches("event: line\n").count();
        // Keep less than one marker's worth for the next chunk: a marker split across chunks is counted once.
        let keep = tail.len().min(11);
        tail.drain(..tail.len() - keep);
    }
    count
}

/// End-to-end pushes per second on no-op stages, spread over deployments so they can run in parallel.
async fn noop_throughput(app: &TestApp, pushes: usize) -> f64 {
    let mut deployments = Vec::new();
    for i in 0..10 {
        deployments.push(deployment_with_stage(app, &format!("noop-{i}"), "bash", "true").await);
    }
    let start = Instant::now();
    let mut ids = Vec::new();
    for i in 0..pushes {
        ids.push(push(app, deployments[i % deployments.len()]).await.0);
    }
    for id in ids {
        app.wait_push(id, DONE, Duration::from_secs(120)).await;
    }
    pushes as f64 / start.elapsed().as_secs_f64()
}

/// Wall time of `count` one-second pushes to as many deployments, on the given workers.
async fn sleepers(app: &TestApp, deployments: &[i64]) -> f64 {
    let start = Instant::now();
    let mut ids = Vec::new();
    for d in deployments {
        ids.push(push(app, *d).await.0);
    }
    for id in ids {
        app.wait_push(id, DONE, Duration::from_secs(120)).await;
    }
    start.elapsed().as_secs_f64()
}

async fn scaling(count: usize) -> f64 {
    let app = TestApp::spawn().await;
    let mut deployments = Vec::new();
    for i in 0..count {
        deployments.push(deployment_with_stage(&app, &format!("sleep-{i}"), "bash", "sleep 1").await);
    }
    let one = {
        let _w = app.worker(&[("ROLF_WORKER_CONCURRENCY", "1")]);
        sleepers(&app, &deployments).await
    };
    let two = {
        let _a = app.worker(&[("ROLF_WORKER_CONCURRENCY", "1")]);
        let _b = app.worker(&[("ROLF_WORKER_CONCURRENCY", "1")]);
        sleepers(&app, &deployments).await
    };
    println!("  {count} one-second pushes: one worker {one:.2} s, two workers {two:.2} s");
    one / two
}

/// Reads an SSE stream to its end; for each `line` event, the time it arrived and its text.
async fn follow(app: &TestApp, push: i64) -> Vec<(std::time::SystemTime, String)> {
    let mut resp = app
        .client
        .get(app.url(&format!("/api/v1/pushes/{push}/log/stream")))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    let mut pending = String::new();
    let mut lines = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let now = std::time::SystemTime::now();
        pending.push_str(std::str::from_utf8(&chunk).unwrap());
        while let Some(end) = pending.find("\n\n") {
            let block: String = pending.drain(..end + 2).collect();
            if block.contains("event: line")
                && let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: "))
            {
                let line: Value = serde_json::from_str(data).unwrap();
                lines.push((now, line["text"].as_str().unwrap_or_default().to_owned()));
            }
        }
    }
    lines
}

/// Print-to-follower latency: a stage prints its own clock every 20 ms; one follower notes when each line came.
async fn sse_latency(app: &TestApp, lines: usize) -> Vec<f64> {
    let code = format!(
        "import time, sys\nfor i in range({lines}):\n    print('t=%d' % time.time_ns(), flush=True)\n    time.sleep(0.02)\n"
    );
    let d = deployment_with_stage(app, "sse-latency", "python", &code).await;
    let (id, _) = push(app, d).await;
    let received = follow(app, id).await;
    let mut latencies: Vec<f64> = received
        .iter()
        .filter_map(|(at, text)| {
            let printed: u128 = text.strip_prefix("t=")?.parse().ok()?;
            let arrived = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
            Some((arrived.saturating_sub(printed)) as f64 / 1e6)
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    latencies
}

/// Lines per second delivered to `followers` clients of one push, all of them counted.
async fn fan_out(app: &TestApp, followers: usize, lines: usize) -> f64 {
    // The pause lets every follower connect before the output starts, so the fan-out is measured live.
    let code = format!("sleep 1; for i in $(seq 1 {lines}); do echo line $i; done");
    let d = deployment_with_stage(app, &rolf_tests::unique("fan-out"), "bash", &code).await;
    let (id, _) = push(app, d).await;
    let start = Instant::now();
    let tasks: Vec<_> = (0..followers).map(|_| follow(app, id)).collect();
    let results = futures::future::join_all(tasks).await;
    let elapsed = start.elapsed().as_secs_f64();
    let delivered: usize = results.iter().map(|r| r.len()).sum();
    for r in &results {
        assert!(r.len() >= lines, "a follower got {} of {lines} lines", r.len());
    }
    delivered as f64 / elapsed
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json_path = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1)).cloned();
    let quick = args.iter().any(|a| a == "--quick");
    let (dispatches, capture_lines, noop_pushes, sleeper_count) =
        if quick { (40, 100_000, 40, 6) } else { (200, 1_000_000, 200, 20) };

    // The API as deployed: its default pool (or ROLF_DB_POOL_SIZE), not the tests' small one.
    let pool_size = std::env::var("ROLF_DB_POOL_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(rolf_common::config::DEFAULT_DB_POOL_SIZE);
    let app = TestApp::spawn_with(Options { pool_size, ..Options::default() }).await;
    if args.iter().any(|a| a == "--http-only") {
        // For working on the API's speed: the HTTP figures alone, in seconds rather than minutes.
        let worker = app.worker(&[]);
        let (http_push, http_healthz) = http_load(&app, if quick { 3 } else { 10 }).await;
        print_http(&http_push, &http_healthz);
        drop(worker);
        return;
    }
    let worker = app.worker(&[("ROLF_WORKER_CONCURRENCY", "4")]);
    // Let the worker register with the queue before the first measurement.
    tokio::time::sleep(Duration::from_millis(500)).await;

    println!("dispatch ({dispatches} pushes, one at a time, idle worker)");
    let latencies = dispatch(&app, dispatches).await;
    let fork_exec_ms = fork_exec(dispatches);
    let (p50, p99) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    println!(
        "  POST answered -> stage started: p50 {p50:.2} ms, p99 {p99:.2} ms | bash -c true: {fork_exec_ms:.2} ms | \
         p50/baseline {:.1}x",
        p50 / fork_exec_ms
    );

    println!("capture ({capture_lines} lines of ~100 bytes)");
    let c = capture(&app, &worker, capture_lines).await;
    let (capture_seconds, file_write_seconds, copy_seconds, worker_peak_rss_mb) =
        (c.seconds, c.file_write_seconds, c.copy_seconds, c.rss_mb);
    println!(
        "  into Postgres through the worker {capture_seconds:.2} s | to a file {file_write_seconds:.2} s | \
         psql COPY of that file into a minimal row-per-line table {copy_seconds:.2} s | capture/COPY {:.2}x | \
         worker peak RSS {worker_peak_rss_mb:.1} MB",
        capture_seconds / copy_seconds
    );
    println!(
        "  on disk: {:.1} bytes per stored line | minimal row-per-line table: {:.1} bytes per line",
        c.bytes_per_line, c.baseline_bytes_per_line
    );
    println!("  the same lines COPYed by psql into each design considered:");
    for (name, seconds, per_line) in &c.options {
        println!("    {name:<48} {seconds:>6.2} s  {per_line:>7.1} bytes/line");
    }
    println!("reading the {capture_lines}-line log");
    let (page_p50_ms, page_max_ms, healthz_p50_ms, catchup_lines_per_second, paging_lines_per_second) =
        reading(&app, c.id, capture_lines as i64).await;
    println!(
        "  GET /pushes/{{id}}/log, 50 pages of 1,000 across it: p50 {page_p50_ms:.1} ms, max {page_max_ms:.1} ms \
         | GET /healthz p50 {healthz_p50_ms:.1} ms"
    );
    println!(
        "  SSE catch-up from the start: {catchup_lines_per_second:.0} lines/s | paging GET /log 10,000 at a time: \
         {paging_lines_per_second:.0} lines/s"
    );

    let prune_lines: i64 = if quick { 1_000_000 } else { 10_000_000 };
    println!("retention ({prune_lines} stored lines of pushes past their window)");
    let (prune_seconds, vacuum_seconds, disk_before_mb, disk_after_mb, search_seconds, read_all_seconds) =
        retention(&app.db.url, prune_lines);
    println!(
        "  search for a string on one of those lines: {search_seconds:.2} s (goal <= 1 s, no index: writes pay \
         nothing) | reading every chunk once: {read_all_seconds:.2} s"
    );
    println!(
        "  pruned in {prune_seconds:.2} s (goal <= 1 s) | VACUUM after it {vacuum_seconds:.2} s | log_chunks on disk \
         {disk_before_mb:.0} MB before, {disk_after_mb:.0} MB after"
    );
    println!("live log (SSE)");
    let latencies = sse_latency(&app, if quick { 50 } else { 200 }).await;
    let (sse_p50_ms, sse_p99_ms) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    println!(
        "  stage prints -> follower receives: p50 {sse_p50_ms:.1} ms, p99 {sse_p99_ms:.1} ms \
         ({} lines; includes the worker's batching of up to 50 ms)",
        latencies.len()
    );
    let fan_lines = if quick { 2_000 } else { 20_000 };
    let sse_1_lines_per_second = fan_out(&app, 1, fan_lines).await;
    let sse_500_lines_per_second = fan_out(&app, 500, fan_lines).await;
    println!(
        "  {fan_lines} lines to 1 follower: {sse_1_lines_per_second:.0} lines/s | to 500 followers: \
         {sse_500_lines_per_second:.0} lines/s delivered in all | ratio {:.1}x",
        sse_500_lines_per_second / sse_1_lines_per_second
    );

    println!("throughput ({noop_pushes} no-op pushes over 10 deployments, one worker, concurrency 4)");
    let noop_pushes_per_second = noop_throughput(&app, noop_pushes).await;
    println!("  {noop_pushes_per_second:.1} pushes/s");
    let http_seconds = if quick { 3 } else { 10 };
    println!("HTTP (wrk: 2 threads, 64 connections, {http_seconds} s per URL, against the API in this process)");
    let (http_push, http_healthz) = http_load(&app, http_seconds).await;
    print_http(&http_push, &http_healthz);
    drop(worker);

    println!("scaling (concurrency 1 per worker)");
    let two_worker_speedup = scaling(sleeper_count).await;
    println!("  two workers / one: {two_worker_speedup:.2}x");

    let figures = Figures {
        dispatch_p50_ms: p50,
        dispatch_p99_ms: p99,
        fork_exec_ms,
        capture_seconds,
        file_write_seconds,
        copy_seconds,
        worker_peak_rss_mb,
        noop_pushes_per_second,
        two_worker_speedup,
        sse_p50_ms,
        sse_p99_ms,
        sse_500_lines_per_second,
        sse_1_lines_per_second,
        bytes_per_line: c.bytes_per_line,
        baseline_bytes_per_line: c.baseline_bytes_per_line,
        options: c.options,
        page_p50_ms,
        page_max_ms,
        healthz_p50_ms,
        catchup_lines_per_second,
        paging_lines_per_second,
        prune_seconds,
        vacuum_seconds,
        search_seconds,
        read_all_seconds,
        disk_before_mb,
        disk_after_mb,
        http_push,
        http_healthz,
    };
    println!();
    println!("target                         measured     goal");
    println!(
        "dispatch p50                   {:>8.2} ms  <= 4 ms (bash -c true: {:.2} ms)",
        figures.dispatch_p50_ms, figures.fork_exec_ms
    );
    println!("dispatch p99                   {:>8.2} ms  <= 10 ms", figures.dispatch_p99_ms);
    println!("capture / COPY                 {:>8.2} x   <= 1.25 x", figures.capture_seconds / figures.copy_seconds);
    println!("log page (1M-line push), max   {:>8.1} ms  <= 20 ms", figures.page_max_ms);
    println!("SSE catch-up                   {:>8.0} l/s >= 200000 lines/s", figures.catchup_lines_per_second);
    println!("pruning 10M lines              {:>8.2} s   <= 1 s", figures.prune_seconds);
    println!("search among 10M lines         {:>8.2} s   <= 1 s", figures.search_seconds);
    println!(
        "GET /pushes/{{id}} under load     {:>8.0} r/s >= 8000 req/s (GET /healthz: {:.0})",
        figures.http_push.requests_per_second, figures.http_healthz.requests_per_second
    );
    println!("GET /pushes/{{id}} p99            {:>8.2} ms  <= 20 ms", figures.http_push.p99_ms);
    println!("worker peak RSS                {:>8.1} MB  < 64 MB", figures.worker_peak_rss_mb);
    println!("two workers / one              {:>8.2} x   >= 1.8 x", figures.two_worker_speedup);
    println!(
        "SSE line latency p99           {:>8.1} ms  (print -> follower; goal stored -> follower < 100 ms)",
        figures.sse_p99_ms
    );
    if let Some(path) = json_path {
        let value: Value = json!({
            "dispatch_p50_ms": figures.dispatch_p50_ms,
            "dispatch_p99_ms": figures.dispatch_p99_ms,
            "fork_exec_ms": figures.fork_exec_ms,
            "capture_seconds": figures.capture_seconds,
            "file_write_seconds": figures.file_write_seconds,
            "copy_seconds": figures.copy_seconds,
            "worker_peak_rss_mb": figures.worker_peak_rss_mb,
            "noop_pushes_per_second": figures.noop_pushes_per_second,
            "two_worker_speedup": figures.two_worker_speedup,
            "sse_p50_ms": figures.sse_p50_ms,
            "sse_p99_ms": figures.sse_p99_ms,
            "sse_1_follower_lines_per_second": figures.sse_1_lines_per_second,
            "sse_500_followers_lines_per_second": figures.sse_500_lines_per_second,
            "log_bytes_per_line": figures.bytes_per_line,
            "baseline_bytes_per_line": figures.baseline_bytes_per_line,
            "store_options": figures.options.iter().map(|(name, seconds, per_line)| {
                json!({"design": name, "copy_seconds": seconds, "bytes_per_line": per_line})
            }).collect::<Vec<_>>(),
            "log_page_p50_ms": figures.page_p50_ms,
            "log_page_max_ms": figures.page_max_ms,
            "healthz_p50_ms": figures.healthz_p50_ms,
            "sse_catchup_lines_per_second": figures.catchup_lines_per_second,
            "log_paging_lines_per_second": figures.paging_lines_per_second,
            "prune_10m_lines_seconds": figures.prune_seconds,
            "prune_vacuum_seconds": figures.vacuum_seconds,
            "search_10m_lines_seconds": figures.search_seconds,
            "read_all_chunks_seconds": figures.read_all_seconds,
            "log_disk_before_prune_mb": figures.disk_before_mb,
            "log_disk_after_prune_mb": figures.disk_after_mb,
            "http_push_requests_per_second": figures.http_push.requests_per_second,
            "http_push_p50_ms": figures.http_push.p50_ms,
            "http_push_p99_ms": figures.http_push.p99_ms,
            "http_healthz_requests_per_second": figures.http_healthz.requests_per_second,
            "http_healthz_p50_ms": figures.http_healthz.p50_ms,
            "http_healthz_p99_ms": figures.http_healthz.p99_ms,
        });
        std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
        println!("wrote {path}");
    }
}
