//! The real binaries: configuration errors, `migrate`, `create-token` and `serve` end to end, the worker stub.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rolf_tests::{TestDb, bin, redis_url};

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A command with a clean environment: only what the test sets, so the developer's shell cannot leak in.
fn command(name: &str) -> Command {
    let mut cmd = Command::new(bin(name));
    cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("ROLF_LOG", "info");
    cmd
}

#[test]
fn bad_configuration_stops_serve_with_the_variable_named() {
    let cases = [
        (vec![("ROLF_BIND", "localhost")], "ROLF_BIND"),
        (vec![], "ROLF_JWT_SECRET"),
        (vec![("ROLF_JWT_SECRET", "short")], "ROLF_JWT_SECRET"),
        (vec![("DATABASE_URL", "mysql://x/y")], "DATABASE_URL"),
        (vec![("REDIS_URL", "http://x")], "REDIS_URL"),
        (vec![("ROLF_ADMIN_GROUPS", "a b")], "ROLF_ADMIN_GROUPS"),
    ];
    for (vars, named) in cases {
        let mut cmd = command("rolf-api");
        cmd.arg("serve");
        if named != "ROLF_JWT_SECRET" {
            cmd.env("ROLF_JWT_SECRET", SECRET);
        }
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{vars:?} was accepted");
        assert!(stderr.contains(named), "{vars:?}: stderr does not name {named}: {stderr}");
    }
}

#[tokio::test]
async fn migrate_create_token_and_serve_work_end_to_end() {
    let db = TestDb::empty().await;
    let out = command("rolf-api").arg("migrate").env("DATABASE_URL", &db.url).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Idempotent: a second run applies nothing and succeeds.
    let again = command("rolf-api").arg("migrate").env("DATABASE_URL", &db.url).output().unwrap();
    assert!(again.status.success());

    let out = command("rolf-api")
        .args(["create-token", "--admin", "--name", "first-admin"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("rolf_") && token.len() > 40 && !token.contains('\n'), "{token}");

    let port = free_port();
    let mut server = command("rolf-api")
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("REDIS_URL", redis_url())
        .env("ROLF_BIND", format!("127.0.0.1:{port}"))
        .env("ROLF_JWT_SECRET", SECRET)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = client.get(format!("http://127.0.0.1:{port}/readyz")).send().await;
        if ready.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(Instant::now() < deadline, "rolf-api serve never became ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let me: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(me["username"], "first-admin");
    assert_eq!(me["admin"], true);
}

#[test]
fn worker_connects_waits_and_stops_on_sigterm() {
    let mut worker = command("rolf-worker")
        .env("DATABASE_URL", format!("{}/postgres", rolf_tests::db::server_url()))
        .env("REDIS_URL", redis_url())
        .env("ROLF_LOG_FORMAT", "text")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(worker.stderr.take().unwrap()).lines();
    let connected = lines.by_ref().take(20).map_while(Result::ok).any(|l| l.contains("connected"));
    assert!(connected, "the worker never said it connected");
    let killed = Command::new("kill").args(["-TERM", &worker.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert!(worker.wait().unwrap().success(), "the worker did not stop cleanly on SIGTERM");
}

#[test]
fn worker_with_bad_redis_url_exits_naming_it() {
    let out = command("rolf-worker").env("REDIS_URL", "http://nope").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("REDIS_URL"));
}
