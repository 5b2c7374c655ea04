//! `scripts/bench`: measures the push engine against baselines run side by side in the same invocation, and
//! prints figures with their ratios. Not a test: machines are noisy, so nothing here asserts a speed.
//!
//! Usage: rolf-bench [--json PATH] [--quick]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::Method;
use rolf_tests::{TestApp, WorkerProcess};
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

/// Capturing a big stage into Postgres, against writing the same output to a file and `COPY`ing that file.
async fn capture(app: &TestApp, worker: &WorkerProcess, lines: usize) -> (f64, f64, f64, f64) {
    let code = producer(lines);
    let d = deployment_with_stage(app, "capture", "python", &code).await;
    let (id, _) = push(app, d).await;
    let done = app.wait_push(id, DONE, Duration::from_secs(600)).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let stage = &done["stages"][0];
    let capture = seconds_between(stage["started_at"].as_str().unwrap(), stage["finished_at"].as_str().unwrap());
    let rss = peak_rss_mb(worker.pid());

    let dir = std::env::temp_dir().join(rolf_tests::unique("rolf-bench"));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("produce.py");
    std::fs::write(&script, &code).unwrap();
    let out = dir.join("out.txt");
    let start = Instant::now();
    let status = Command::new("python3").arg(&script).stdout(std::fs::File::create(&out).unwrap()).status().unwrap();
    assert!(status.success());
    let file_write = start.elapsed().as_secs_f64();

    // The same rows as the log table gets, as tab-separated text for psql's \copy.
    let rows = dir.join("rows.tsv");
    let text = std::fs::read_to_string(&out).unwrap();
    let now = Utc::now().to_rfc3339();
    let mut tsv = String::with_capacity(text.len() + lines * 48);
    for (i, line) in text.lines().enumerate() {
        tsv.push_str(&format!("1\t{}\t0\t0\t{now}\t{line}\n", i + 1));
    }
    std::fs::write(&rows, tsv).unwrap();
    let table = rolf_tests::unique("bench_copy");
    let psql = |sql: &str| {
        let status = Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &app.db.url, "-c", sql])
            .status()
            .unwrap();
        assert!(status.success(), "psql: {sql}");
    };
    psql(&format!("CREATE TABLE {table} (LIKE log_lines INCLUDING ALL, FOREIGN KEY (push_id) REFERENCES pushes (id))"));
    let start = Instant::now();
    psql(&format!("\\copy {table} (push_id, seq, stage_position, stream, at, text) FROM '{}'", rows.display()));
    let copy = start.elapsed().as_secs_f64();
    psql(&format!("DROP TABLE {table}"));
    std::fs::remove_dir_all(&dir).unwrap();
    (capture, file_write, copy, rss)
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

    let app = TestApp::spawn().await;
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
    let (capture_seconds, file_write_seconds, copy_seconds, worker_peak_rss_mb) =
        capture(&app, &worker, capture_lines).await;
    println!(
        "  into Postgres through the worker {capture_seconds:.2} s | to a file {file_write_seconds:.2} s | \
         psql COPY of that file {copy_seconds:.2} s | capture/COPY {:.2}x | worker peak RSS {worker_peak_rss_mb:.1} MB",
        capture_seconds / copy_seconds
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
    };
    println!();
    println!("target                         measured     goal");
    println!("dispatch p50                   {:>8.2} ms  < 10 ms", figures.dispatch_p50_ms);
    println!("capture / COPY                 {:>8.2} x   < 2 x", figures.capture_seconds / figures.copy_seconds);
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
        });
        std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
        println!("wrote {path}");
    }
}
