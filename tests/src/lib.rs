//! The end-to-end test harness: every test gets its own Postgres database (cloned from a migrated template),
//! its own Redis key prefix and its own API server on a free port, so tests run in parallel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod cas;
pub mod cli;
pub mod db;
pub mod django_app;
pub mod fake;
pub mod fixtures;
pub mod gate;
pub mod quickstart;
pub mod servers;
pub mod slapd;
pub mod sse;
pub mod sshd;
pub mod wrk;

use std::net::TcpListener;

use reqwest::{Method, StatusCode};
use rolf_api::Application;
use rolf_common::config::{AuthConfig, DbConfig, ServerConfig, WebConfig};
use serde_json::Value;

pub use db::TestDb;

/// The `log_lines` view (each stored line decoded from `log_chunks`), for tests that look at what is stored.
pub mod log_view {
    diesel::table! {
        log_lines (push_id, seq) {
            push_id -> Int8,
            seq -> Int8,
            stage_position -> Nullable<Int4>,
            stream -> Int2,
            at -> Timestamptz,
            text -> Text,
        }
    }
}

pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// A short random suffix for names that must not collide between parallel tests.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}_{:016x}", rand::random::<u64>())
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub admin_token: String,
    pub queue_prefix: String,
    /// The Redis the API queues pushes in, and the one [`TestApp::worker`] consumes from.
    pub redis_url: String,
    server: actix_web::dev::ServerHandle,
}

/// A response as tests look at it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    /// The `error.code` of an error body.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn id(&self) -> i64 {
        self.body["id"].as_i64().unwrap_or_else(|| panic!("no id in {:?}", self.body))
    }
}

pub struct Options {
    pub admin_groups: Vec<String>,
    pub redis_url: String,
    /// The API's database only (e.g. an unreachable one); `app.db` and the admin token stay on a fresh test database.
    pub database_url: Option<String>,
    /// A migrated database elsewhere (a throwaway server's) used for everything: the API, `app.db`, the admin
    /// token and [`TestApp::worker`]. The harness does not drop it.
    pub app_database: Option<String>,
    pub auth: AuthConfig,
    /// The web interface the API serves (`ROLF_WEB_DIR`) and the origins CORS allows.
    pub web: WebConfig,
    pub sse_keep_alive: std::time::Duration,
    /// Postgres connections of the API (`ROLF_DB_POOL_SIZE`); tests keep few, the bench takes the default.
    pub pool_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            admin_groups: vec!["admins".to_owned()],
            redis_url: redis_url(),
            database_url: None,
            app_database: None,
            auth: AuthConfig::with_secret(JWT_SECRET),
            web: WebConfig::default(),
            sse_keep_alive: std::time::Duration::from_secs(15),
            pool_size: 4,
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> TestApp {
        let db = match options.app_database {
            Some(url) => TestDb::external(url),
            None => TestDb::create().await,
        };
        let queue_prefix = unique("test");
        let config = ServerConfig {
            db: DbConfig {
                database_url: options.database_url.unwrap_or_else(|| db.url.clone()),
                pool_size: options.pool_size,
            },
            redis_url: options.redis_url.clone(),
            bind: "127.0.0.1:0".parse().unwrap(),
            admin_groups: options.admin_groups,
            queue_prefix: queue_prefix.clone(),
            auth: options.auth,
            lost_after: std::time::Duration::from_secs(30),
            web: options.web,
            sse_keep_alive: options.sse_keep_alive,
        };
        let listener = TcpListener::bind(config.bind).unwrap();
        let app = Application::with_listener(&config, listener).unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        let server = app.into_server();
        let handle = server.handle();
        tokio::spawn(server);
        let admin_token = db.admin_token("admin").await;
        TestApp {
            base,
            client: reqwest::Client::new(),
            db,
            admin_token,
            queue_prefix,
            redis_url: options.redis_url,
            server: handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        // A live event stream does not end: its status is the answer (`rolf_tests::sse` reads the events).
        let streaming =
            resp.headers().get("content-type").is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        if streaming {
            return Reply { status, body: Value::Null };
        }
        let text = resp.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, body }
    }

    /// Sends a raw body with the given content type, for malformed-input tests.
    pub async fn raw(&self, method: Method, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let resp = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(&body)).await
    }
    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(token), Some(&body)).await
    }
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(token), Some(&body)).await
    }
    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Admin call that must succeed; returns the body.
    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let reply = self.call(method.clone(), path, Some(&self.admin_token), body.as_ref()).await;
        assert!(reply.status.is_success(), "{method} {path}: {} {:?}", reply.status, reply.body);
        reply.body
    }

    /// Creates category > application > deployment and returns the deployment id.
    pub async fn deployment(&self, name: &str) -> i64 {
        let category =
            self.admin(Method::POST, "/api/v1/categories", Some(serde_json::json!({"name": unique("cat")}))).await;
        let application = self
            .admin(
                Method::POST,
                "/api/v1/applications",
                Some(serde_json::json!({"category_id": category["id"], "name": unique("app")})),
            )
            .await;
        let deployment = self
            .admin(
                Method::POST,
                "/api/v1/deployments",
                Some(serde_json::json!({"application_id": application["id"], "name": name})),
            )
            .await;
        deployment["id"].as_i64().unwrap()
    }

    /// A service account in the given groups (created if missing), and a token for it.
    pub async fn user(&self, groups: &[&str]) -> String {
        for g in groups {
            let reply = self.post("/api/v1/groups", &self.admin_token, serde_json::json!({"name": g})).await;
            assert!(reply.status == StatusCode::CREATED || reply.status == StatusCode::CONFLICT, "{reply:?}");
        }
        let name = unique("svc");
        self.admin(Method::POST, "/api/v1/service-accounts", Some(serde_json::json!({"name": name, "groups": groups})))
            .await;
        let token = self
            .admin(
                Method::POST,
                &format!("/api/v1/service-accounts/{name}/tokens"),
                Some(serde_json::json!({"name": "test"})),
            )
            .await;
        token["token"].as_str().unwrap().to_owned()
    }

    /// Grants `group` (created if missing) `level` on a deployment.
    pub async fn grant(&self, deployment: i64, group: &str, level: &str) {
        let reply = self.post("/api/v1/groups", &self.admin_token, serde_json::json!({"name": group})).await;
        assert!(reply.status == StatusCode::CREATED || reply.status == StatusCode::CONFLICT, "{reply:?}");
        self.admin(
            Method::PUT,
            &format!("/api/v1/deployments/{deployment}/permissions/{group}"),
            Some(serde_json::json!({"level": level})),
        )
        .await;
    }
}

/// Another API process on a [`TestApp`]'s database and queue (a replica behind a load balancer). Stopped when
/// dropped.
pub struct Replica {
    pub base: String,
    server: actix_web::dev::ServerHandle,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let handle = self.server.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

impl TestApp {
    /// What an operator does after changing a credential with SQL rather than through the API (a test that
    /// moves an expiry into the past): every API process looks credentials up again at their next use.
    pub fn forget_callers(&self) {
        let client = redis::Client::open(self.redis_url.as_str()).unwrap();
        let mut conn = client.get_connection().unwrap();
        let _: i64 =
            redis::Commands::incr(&mut conn, rolf_api::auth::cache::generation_key(&self.queue_prefix), 1).unwrap();
    }

    /// Starts another API process sharing this one's database and queue.
    pub fn replica(&self) -> Replica {
        let config = ServerConfig {
            db: DbConfig { database_url: self.db.url.clone(), pool_size: 4 },
            redis_url: self.redis_url.clone(),
            bind: "127.0.0.1:0".parse().unwrap(),
            admin_groups: vec!["admins".to_owned()],
            queue_prefix: self.queue_prefix.clone(),
            auth: AuthConfig::with_secret(JWT_SECRET),
            lost_after: std::time::Duration::from_secs(30),
            web: WebConfig::default(),
            sse_keep_alive: std::time::Duration::from_secs(15),
        };
        let listener = TcpListener::bind(config.bind).unwrap();
        let app = Application::with_listener(&config, listener).unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        let server = app.into_server();
        let handle = server.handle();
        tokio::spawn(server);
        Replica { base, server: handle }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting before the database goes away, so no request sees a half-dropped database.
        let handle = self.server.clone();
        tokio::spawn(async move { handle.stop(false).await });
        let (url, prefix) = (self.redis_url.clone(), self.queue_prefix.clone());
        // Off the async executor, like the database's drop; a Redis that is gone (a fault test) is fine.
        let _ = std::thread::spawn(move || forget_queue(&url, &prefix)).join();
    }
}

/// Removes a test's keys from Redis: its markers and push events (`<prefix>:*`), apalis' queue
/// (`<prefix>-pushes:*`), and the queue's entry in apalis' global list. Blocking.
pub fn forget_queue(url: &str, prefix: &str) {
    let Ok(client) = redis::Client::open(url) else { return };
    let Ok(mut conn) = client.get_connection_with_timeout(std::time::Duration::from_secs(1)) else { return };
    for pattern in [format!("{prefix}:*"), format!("{prefix}-pushes:*")] {
        let keys: Vec<String> = match redis::Commands::scan_match(&mut conn, &pattern) {
            Ok(iter) => iter.filter_map(Result::ok).collect(),
            Err(_) => return,
        };
        for chunk in keys.chunks(500) {
            let _: redis::RedisResult<()> = redis::Commands::del(&mut conn, chunk);
        }
    }
    let _: redis::RedisResult<()> =
        redis::Commands::zrem(&mut conn, "core:apalis:queues:list", format!("{prefix}-pushes:workers"));
}

/// Path of a workspace binary, built by `cargo build --workspace --bins` (scripts/test does it first): next to
/// the running executable (`target/<profile>/`, for tools like rolf-bench) or one level up (test binaries live
/// in `target/<profile>/deps/`).
pub fn bin(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let here = exe.parent().unwrap();
    let candidates = [here.join(name), here.parent().unwrap().join(name)];
    candidates.iter().find(|p| p.exists()).cloned().unwrap_or_else(|| {
        panic!("{name} is missing next to {}: run `cargo build --workspace --bins` first", here.display())
    })
}

/// A real `rolf-worker` process serving one TestApp's database and queue; killed when dropped.
pub struct WorkerProcess {
    pub child: std::process::Child,
    pub workdir: std::path::PathBuf,
}

impl WorkerProcess {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM: the graceful stop.
    pub fn terminate(&mut self) {
        // Never signal a pid we already reaped: it may belong to someone else by now.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        }
    }

    /// SIGKILL: the crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits up to `timeout` for the process to exit; its exit status if it did.
    pub fn wait_exit(&mut self, timeout: std::time::Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        None
    }
}

/// SIGKILLs the stage processes a worker started under `workdir` (left running when the worker itself was
/// SIGKILLed). Processes are recognised by their `ROLF_WORKDIR`, never by a remembered process group number: pids
/// wrap quickly here, and a stale group number can name someone else's processes.
pub fn kill_stages(workdir: &std::path::Path) {
    let wanted = format!("ROLF_WORKDIR={}", workdir.display());
    let Ok(entries) = std::fs::read_dir("/proc") else { return };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else { continue };
        let ours = environ.split(|b| *b == 0).any(|var| var.starts_with(wanted.as_bytes()));
        if ours {
            let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
        kill_stages(&self.workdir);
        let _ = std::fs::remove_dir_all(&self.workdir);
    }
}

impl TestApp {
    /// Starts a `rolf-worker` for this app (its database and queue prefix), with `env` added or overriding the
    /// defaults. Its log goes to the test's stderr.
    pub fn worker(&self, env: &[(&str, &str)]) -> WorkerProcess {
        self.worker_for(&self.db.url, &self.redis_url, env)
    }

    /// Like [`TestApp::worker`], against another database or Redis (throwaway servers of fault tests).
    pub fn worker_for(&self, database_url: &str, redis: &str, env: &[(&str, &str)]) -> WorkerProcess {
        let workdir = std::env::temp_dir().join(unique("rolf-work"));
        let mut cmd = std::process::Command::new(bin("rolf-worker"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", std::env::var("HOME").unwrap_or_else(|_| "/".into()))
            .env("DATABASE_URL", database_url)
            .env("REDIS_URL", redis)
            .env("ROLF_QUEUE_PREFIX", &self.queue_prefix)
            .env("ROLF_WORKDIR", &workdir)
            .env("ROLF_LOG", std::env::var("ROLF_TEST_WORKER_LOG").unwrap_or_else(|_| "warn".into()));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start rolf-worker (run `cargo build --workspace --bins` first)");
        WorkerProcess { child, workdir }
    }

    /// Polls a push until its status is one of `statuses` (or panics after `timeout`); returns the push.
    pub async fn wait_push(&self, push: i64, statuses: &[&str], timeout: std::time::Duration) -> Value {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let reply = self.get(&format!("/api/v1/pushes/{push}"), &self.admin_token).await;
            if statuses.iter().any(|s| reply.body["status"] == *s) {
                return reply.body;
            }
            assert!(std::time::Instant::now() < deadline, "push {push} never reached {statuses:?}: {:?}", reply.body);
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    /// Polls a push's log until a line contains `needle` (within a minute); returns the log.
    pub async fn wait_line(&self, push: i64, needle: &str) -> Vec<Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let lines = self.log(push).await;
            if lines.iter().any(|l| l["text"].as_str().is_some_and(|t| t.contains(needle))) {
                return lines;
            }
            assert!(std::time::Instant::now() < deadline, "push {push} never printed {needle:?}: {lines:#?}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Every log line of a push, in order.
    pub async fn log(&self, push: i64) -> Vec<Value> {
        let mut lines = Vec::new();
        let mut after = 0;
        loop {
            let page =
                self.get(&format!("/api/v1/pushes/{push}/log?after={after}&limit=10000"), &self.admin_token).await;
            let batch = page.body["lines"].as_array().cloned().unwrap_or_default();
            if batch.is_empty() {
                return lines;
            }
            after = page.body["next_after"].as_i64().unwrap();
            lines.extend(batch);
        }
    }
}
