//! The real `rolf` binary end to end: against a real API and real `rolf-worker` processes (the `rolf-tests`
//! harness; run `cargo build --workspace --bins` first for the worker), and against a scripted fake API for what
//! a real one will not do on demand: drop a log stream mid-event, resend lines, or lack the stream endpoint.
//!
//! Each test has its own API, database, queue prefix, worker and config directory, so tests run in parallel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use rolf_tests::{TestApp, fake, unique};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// How long anything that should happen "soon" may take on a loaded two-core machine with debug builds.
const LIVENESS: Duration = Duration::from_secs(90);

/// What a finished `rolf` run left.
#[derive(Debug)]
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Every stdout line as JSON; fails the test on a line that is not.
    fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l:?}\n{self:#?}")))
            .collect()
    }
}

/// A `rolf` command line with its own config directory and nothing of the test's environment.
struct Rolf {
    config_home: PathBuf,
    env: Vec<(String, String)>,
}

impl Rolf {
    /// `rolf` talking to `url` with `token` through ROLF_URL and ROLF_TOKEN.
    fn new(url: &str, token: &str) -> Rolf {
        let mut rolf = Rolf::bare();
        rolf.env.push(("ROLF_URL".into(), url.into()));
        rolf.env.push(("ROLF_TOKEN".into(), token.into()));
        rolf
    }

    fn for_app(app: &TestApp) -> Rolf {
        Rolf::new(&app.base, &app.admin_token)
    }

    /// `rolf` with only an (empty) config directory.
    fn bare() -> Rolf {
        let config_home = std::env::temp_dir().join(unique("rolf-cli-config"));
        std::fs::create_dir_all(&config_home).unwrap();
        Rolf { config_home, env: Vec::new() }
    }

    /// The whole environment `rolf` runs with.
    fn environment(&self) -> Vec<(String, String)> {
        let home = self.config_home.display().to_string();
        let mut env = vec![
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".to_owned(), home.clone()),
            ("XDG_CONFIG_HOME".to_owned(), home),
        ];
        env.extend(self.env.iter().cloned());
        env
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rolf"));
        cmd.env_clear()
            .envs(self.environment())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        cmd
    }

    async fn run(&self, args: &[&str]) -> Ran {
        let out = tokio::time::timeout(LIVENESS, self.command(args).output())
            .await
            .unwrap_or_else(|_| panic!("rolf {args:?} did not finish"))
            .unwrap();
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs `rolf` with `input` on its stdin (then closed).
    async fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Ran {
        use tokio::io::AsyncWriteExt;
        let mut cmd = self.command(args);
        cmd.stdin(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // rolf may exit without reading it all (a usage error): a broken pipe is fine.
        let _ = stdin.write_all(input).await;
        drop(stdin);
        let out = tokio::time::timeout(LIVENESS, child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("rolf {args:?} did not finish"))
            .unwrap();
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Starts `rolf` and returns while it runs, to watch its output or signal it.
    fn spawn(&self, args: &[&str]) -> Running {
        let mut child = self.command(args).spawn().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut stderr = child.stderr.take().unwrap();
        let stderr = tokio::spawn(async move {
            let mut text = String::new();
            stderr.read_to_string(&mut text).await.unwrap();
            text
        });
        Running { child, stdout, seen: Vec::new(), stderr }
    }

    fn config_file(&self) -> PathBuf {
        self.config_home.join("rolf").join("config.json")
    }
}

impl Drop for Rolf {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.config_home);
    }
}

struct Running {
    child: Child,
    stdout: Lines<BufReader<ChildStdout>>,
    seen: Vec<String>,
    stderr: tokio::task::JoinHandle<String>,
}

impl Running {
    /// Reads stdout until a line equal to `line` came.
    async fn wait_stdout(&mut self, line: &str) {
        self.wait_stdout_where(line, |l| l == line).await;
    }

    /// Reads stdout until a line ending in `tail` came.
    async fn wait_stdout_matching(&mut self, tail: &str) {
        self.wait_stdout_where(tail, |l| l.ends_with(tail)).await;
    }

    async fn wait_stdout_where(&mut self, what: &str, found: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + LIVENESS;
        while !self.seen.iter().any(|l| found(l)) {
            let next = tokio::time::timeout_at(deadline.into(), self.stdout.next_line()).await;
            match next {
                Ok(Ok(Some(l))) => self.seen.push(l),
                other => panic!("rolf never printed {what:?} ({other:?}); it printed {:?}", self.seen),
            }
        }
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.id().unwrap().to_string();
        assert!(std::process::Command::new("kill").args([signal, &pid]).status().unwrap().success());
    }

    async fn finish(mut self) -> Ran {
        let rest = async {
            while let Some(line) = self.stdout.next_line().await.unwrap() {
                self.seen.push(line);
            }
            self.child.wait().await.unwrap()
        };
        let status = tokio::time::timeout(LIVENESS, rest).await.expect("rolf did not finish");
        let mut stdout = self.seen.join("\n");
        if !stdout.is_empty() {
            stdout.push('\n');
        }
        Ran { code: status.code(), stdout, stderr: self.stderr.await.unwrap() }
    }
}

/// `rolf` on a terminal of its own: run under `script`, which gives it a pseudo-terminal as controlling terminal,
/// stdin and stdout, and passes what the test writes to it as typed keys (`\x03` is Ctrl-C).
struct Terminal {
    child: Child,
    keys: tokio::process::ChildStdin,
    screen: tokio::process::ChildStdout,
    seen: String,
    /// Where the next [`Terminal::expect`] starts looking.
    read_to: usize,
}

impl Terminal {
    fn spawn(rolf: &Rolf, args: &[&str]) -> Terminal {
        let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_rolf"))
            .chain(args.iter().copied())
            .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
            .collect();
        let mut script = Command::new("script");
        script
            .env_clear()
            .envs(rolf.environment())
            .args(["-qefc", &format!("exec {}", quoted.join(" ")), "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = script.spawn().expect("run script(1) from util-linux");
        let keys = child.stdin.take().unwrap();
        let screen = child.stdout.take().unwrap();
        Terminal { child, keys, screen, seen: String::new(), read_to: 0 }
    }

    /// Reads the screen until `text` shows after what earlier calls matched.
    async fn expect(&mut self, text: &str) {
        let deadline = Instant::now() + LIVENESS;
        let mut buf = [0u8; 4096];
        loop {
            if let Some(at) = self.seen[self.read_to..].find(text) {
                self.read_to += at + text.len();
                return;
            }
            match tokio::time::timeout_at(deadline.into(), self.screen.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                other => panic!("the terminal never showed {text:?} ({other:?}); it showed {:?}", self.seen),
            }
        }
    }

    async fn type_keys(&mut self, keys: &str) {
        use tokio::io::AsyncWriteExt;
        self.keys.write_all(keys.as_bytes()).await.unwrap();
        self.keys.flush().await.unwrap();
    }

    /// Waits for `rolf` to exit; its exit code and everything the terminal showed.
    async fn finish(mut self) -> (Option<i32>, String) {
        let mut rest = String::new();
        let status = tokio::time::timeout(LIVENESS, async {
            let _ = self.screen.read_to_string(&mut rest).await;
            self.child.wait().await.unwrap()
        })
        .await
        .expect("rolf did not finish");
        self.seen.push_str(&rest);
        drop(self.keys);
        (status.code(), self.seen)
    }
}

/// The URL of a port nothing listens on: one the kernel just handed out and took back.
fn nowhere_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("http://127.0.0.1:{port}")
}

fn bash(name: &str, code: &str) -> Value {
    json!({"name": name, "language": "bash", "code": code})
}

/// A deployment with these stages; its id and its `application/deployment` name.
async fn deployment_with(app: &TestApp, stages: &[Value]) -> (i64, String) {
    let id = app.deployment(&unique("dep")).await;
    for stage in stages {
        app.admin(Method::POST, &format!("/api/v1/deployments/{id}/stages"), Some(stage.clone())).await;
    }
    let d = app.admin(Method::GET, &format!("/api/v1/deployments/{id}"), None).await;
    (id, format!("{}/{}", d["application"].as_str().unwrap(), d["name"].as_str().unwrap()))
}

async fn get_push(app: &TestApp, id: i64) -> Value {
    app.admin(Method::GET, &format!("/api/v1/pushes/{id}"), None).await
}

/// The newest push of a deployment.
async fn latest_push(app: &TestApp, deployment: i64) -> Option<i64> {
    let pushes = app.admin(Method::GET, &format!("/api/v1/deployments/{deployment}/pushes?limit=1"), None).await;
    pushes[0]["id"].as_i64()
}

#[tokio::test]
async fn stats_list_the_latest_pushes_stage_durations_and_usual_times() {
    let app = TestApp::spawn().await;
    let (id, name) = deployment_with(&app, &[bash("build", "true"), bash("ship", "true")]).await;
    let _worker = app.worker(&[]);
    let push = app.admin(Method::POST, &format!("/api/v1/deployments/{id}/pushes"), Some(json!({}))).await;
    let push = push["id"].as_i64().unwrap();
    app.wait_push(push, &["succeeded"], std::time::Duration::from_secs(60)).await;
    let ran = Rolf::for_app(&app).run(&["stats", &name]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let lines = ran.stdout_lines();
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["PUSH", "STATUS", "TOTAL", "STAGES"]);
    let row: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(row[..2], [push.to_string().as_str(), "succeeded"], "{ran:#?}");
    assert!(row[3].starts_with("build=") && row[4].starts_with("ship="), "{ran:#?}");
    assert!(lines[2].starts_with("usual (median of recent successful runs): build="), "{ran:#?}");
    let bad = Rolf::for_app(&app).run(&["stats", &name, "--limit", "0"]).await;
    assert_eq!(bad.code, Some(4), "{bad:#?}");
}

#[tokio::test]
async fn apply_prints_the_difference_and_a_dry_run_changes_nothing() {
    let app = TestApp::spawn().await;
    let (id, name) = deployment_with(&app, &[bash("build", "make")]).await;
    let rolf = Rolf::for_app(&app);
    let exported = rolf.run(&["export", "--yaml", &name]).await;
    assert_eq!(exported.code, Some(0), "{exported:#?}");
    assert!(exported.stdout.starts_with("rolf: 1\n"), "{exported:#?}");
    let file = rolf.config_home.join("deployment.yaml");
    std::fs::write(&file, exported.stdout.replace("code: make", "code: make all")).unwrap();
    let file = file.to_str().unwrap();

    let dry = rolf.run(&["apply", "-f", file, "--dry-run"]).await;
    assert_eq!(dry.code, Some(0), "{dry:#?}");
    assert_eq!(
        dry.stdout_lines(),
        [
            format!("{name} (category {}): would change", category(&app, id).await).as_str(),
            "stages:",
            "  ~ build: code"
        ],
        "{dry:#?}"
    );
    assert!(dry.stderr.contains("dry run: nothing was changed"), "{dry:#?}");
    let stages = app.admin(Method::GET, &format!("/api/v1/deployments/{id}/stages"), None).await;
    assert_eq!(stages[0]["code"], "make", "a dry run changed the stage");

    let real = rolf.run(&["apply", "-f", file]).await;
    assert_eq!(real.code, Some(0), "{real:#?}");
    assert!(real.stdout_lines()[0].ends_with(": changed"), "{real:#?}");
    let stages = app.admin(Method::GET, &format!("/api/v1/deployments/{id}/stages"), None).await;
    assert_eq!(stages[0]["code"], "make all");
    let again = rolf.run(&["--json", "apply", "-f", file]).await;
    let report: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(report["changed"], false, "{again:#?}");

    // A document of the wrong shape is refused with the place named, and exits 4 like any refusal.
    std::fs::write(rolf.config_home.join("bad.yaml"), "rolf: 1\napplication: x\nname: y\ncolour: red\n").unwrap();
    let bad = rolf.run(&["apply", "-f", rolf.config_home.join("bad.yaml").to_str().unwrap()]).await;
    assert_eq!(bad.code, Some(4), "{bad:#?}");
    assert!(bad.stderr.contains("colour") && bad.stderr.contains("line 4"), "{bad:#?}");
    let missing = rolf.run(&["apply", "-f", "/nonexistent/deployment.yaml"]).await;
    assert_eq!(missing.code, Some(4), "{missing:#?}");
}

/// The name of a deployment's category.
async fn category(app: &TestApp, deployment: i64) -> String {
    let d = app.admin(Method::GET, &format!("/api/v1/deployments/{deployment}"), None).await;
    let c = app.admin(Method::GET, &format!("/api/v1/categories/{}", d["category_id"]), None).await;
    c["name"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn access_says_your_level_and_which_grants_give_it() {
    let app = TestApp::spawn().await;
    let (id, name) = deployment_with(&app, &[]).await;
    app.grant(id, "qa", "view").await;
    app.grant(id, "devs", "push").await;
    let dev = app.user(&["devs"]).await;
    let ran = Rolf::new(&app.base, &dev).run(&["access", &name]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let lines = ran.stdout_lines();
    assert_eq!(lines[0], format!("your level on {name}: push"), "{ran:#?}");
    let cells: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(cells[0][..3], ["GROUP", "LEVEL", "YOURS"]);
    assert_eq!(cells[1], ["devs", "push", "yes", "-"], "{ran:#?}");
    assert_eq!(cells[2], ["qa", "view", "no", "-"], "{ran:#?}");

    let outsider = app.user(&["nobody"]).await;
    let refused = Rolf::new(&app.base, &outsider).run(&["access", &id.to_string()]).await;
    assert_eq!(refused.code, Some(4), "{refused:#?}");
}

#[tokio::test]
async fn deployments_lists_what_you_may_view_with_your_level() {
    let app = TestApp::spawn().await;
    let (id, name) = deployment_with(&app, &[]).await;
    let (hidden, hidden_name) = deployment_with(&app, &[bash("run", "true")]).await;
    app.grant(id, "viewers", "view").await;
    let viewer = app.user(&["viewers"]).await;

    let pushed = app.post(&format!("/api/v1/deployments/{hidden}/pushes"), &app.admin_token, json!({})).await;
    assert_eq!(pushed.status, reqwest::StatusCode::ACCEPTED, "{pushed:?}");
    let admin = Rolf::for_app(&app).run(&["deployments"]).await;
    assert_eq!(admin.code, Some(0), "{admin:#?}");
    let header = admin.stdout_lines()[0].split_whitespace().collect::<Vec<_>>();
    assert_eq!(header, ["ID", "DEPLOYMENT", "LEVEL", "LAST", "PUSH", "LOGS", "KEPT"]);
    let row = |ran: &Ran, id: i64| -> Option<Vec<String>> {
        ran.stdout_lines()
            .iter()
            .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .find(|cells| cells[0] == id.to_string())
    };
    assert_eq!(
        row(&admin, id),
        Some(vec![id.to_string(), name.clone(), "edit".into(), "-".into(), "default".into()]),
        "{admin:#?}"
    );
    let last = format!("#{} queued by admin default", pushed.id());
    assert_eq!(row(&admin, hidden).map(|cells| cells[3..].join(" ")), Some(last), "{admin:#?}");

    let mine = Rolf::new(&app.base, &viewer).run(&["deployments"]).await;
    assert_eq!(mine.code, Some(0), "{mine:#?}");
    assert_eq!(
        row(&mine, id),
        Some(vec![id.to_string(), name, "view".into(), "-".into(), "default".into()]),
        "{mine:#?}"
    );
    assert!(row(&mine, hidden).is_none() && !mine.stdout.contains(&hidden_name), "{mine:#?}");

    let json = Rolf::new(&app.base, &viewer).run(&["deployments", "--json"]).await;
    assert_eq!(json.code, Some(0), "{json:#?}");
    let list: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list:#}");
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["level"], "view");
}

#[tokio::test]
async fn push_wait_streams_a_succeeding_push_and_exits_0() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(
        &app,
        &[
            bash("build", "echo out-1\necho err-1 >&2\necho out-2\necho err-2 >&2\necho out-3"),
            bash("ship", "echo out-4\necho tag=v1.2 >> \"$ROLF_OUTPUT\""),
        ],
    )
    .await;
    let _worker = app.worker(&[]);
    let ran = Rolf::for_app(&app).run(&["push", &name, "--wait", "--comment", "first"]).await;

    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["out-1", "out-2", "out-3", "out-4"], "stdout is the stages' stdout, in order");
    let stderr: Vec<&str> = ran.stderr.lines().collect();
    let err1 = stderr.iter().position(|l| *l == "err-1").unwrap_or_else(|| panic!("{ran:#?}"));
    let err2 = stderr.iter().position(|l| *l == "err-2").unwrap_or_else(|| panic!("{ran:#?}"));
    assert!(err1 < err2, "{ran:#?}");
    assert!(stderr.contains(&"==> stage build started"), "system lines go to stderr, prefixed: {ran:#?}");
    assert!(!ran.stderr.contains("polling"), "the API has a log stream; rolf must use it: {ran:#?}");
    let id = latest_push(&app, d).await.unwrap();
    assert_eq!(stderr.last(), Some(&format!("==> push {id} succeeded, tag v1.2").as_str()), "{ran:#?}");
    let push = get_push(&app, id).await;
    assert_eq!(push["status"], "succeeded");
    assert_eq!(push["comment"], "first");

    // Following a finished push replays its whole log, by id.
    let again = Rolf::for_app(&app).run(&["follow", &id.to_string()]).await;
    assert_eq!(again.code, Some(0), "{again:#?}");
    assert_eq!(again.stdout, ran.stdout);
}

#[tokio::test]
async fn a_failing_push_exits_1() {
    let app = TestApp::spawn().await;
    let (d, _) =
        deployment_with(&app, &[bash("break", "echo trying\necho broken >&2\nexit 3"), bash("never", "echo no")]).await;
    let _worker = app.worker(&[]);
    let ran = Rolf::for_app(&app).run(&["push", &d.to_string(), "-w"]).await;
    assert_eq!(ran.code, Some(1), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["trying"]);
    assert!(ran.stderr.lines().any(|l| l == "broken"), "{ran:#?}");
    assert!(ran.stderr.trim_end().ends_with("failed"), "{ran:#?}");
}

#[tokio::test]
async fn a_push_cancelled_while_followed_exits_2() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("hang", "echo started\nsleep 300")]).await;
    let _worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "2")]);
    let rolf = Rolf::for_app(&app);
    let mut following = rolf.spawn(&["push", &name, "--wait"]);
    following.wait_stdout("started").await;
    let id = latest_push(&app, d).await.unwrap();
    let reply = app.post(&format!("/api/v1/pushes/{id}/cancel"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let ran = following.finish().await;
    assert_eq!(ran.code, Some(2), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["started"], "{ran:#?}");
    assert!(ran.stderr.trim_end().ends_with(&format!("push {id} cancelled")), "{ran:#?}");
}

#[tokio::test]
async fn ctrl_c_without_a_terminal_exits_130_and_leaves_the_push_running() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("hang", "echo started\nsleep 300")]).await;
    let _worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "2")]);
    let mut following = Rolf::for_app(&app).spawn(&["push", &name, "--wait"]);
    following.wait_stdout("started").await;
    following.signal("-INT");
    let ran = following.finish().await;
    assert_eq!(ran.code, Some(130), "{ran:#?}");
    let id = latest_push(&app, d).await.unwrap();
    assert_eq!(get_push(&app, id).await["status"], "running", "Ctrl-C must not cancel the push");

    // `rolf cancel` stops it.
    let cancelled = Rolf::for_app(&app).run(&["cancel", &id.to_string()]).await;
    assert_eq!(cancelled.code, Some(0), "{cancelled:#?}");
    let done = app.wait_push(id, &["cancelled"], LIVENESS).await;
    assert_eq!(done["status"], "cancelled");
    let again = Rolf::for_app(&app).run(&["cancel", &id.to_string()]).await;
    assert_eq!(again.code, Some(4), "a finished push cannot be cancelled: {again:#?}");
}

#[tokio::test]
async fn ctrl_c_on_a_terminal_asks_whether_to_cancel() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("hang", "echo started\nsleep 300")]).await;
    let _worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "2")]);
    let rolf = Rolf::for_app(&app);

    // No: rolf stops following and the push runs on.
    let mut term = Terminal::spawn(&rolf, &["push", &name, "--wait"]);
    term.expect("started").await;
    let id = latest_push(&app, d).await.unwrap();
    term.type_keys("\x03").await;
    term.expect(&format!("cancel push {id}? [y/N] ")).await;
    term.type_keys("n\n").await;
    let (code, screen) = term.finish().await;
    assert_eq!(code, Some(130), "{screen}");
    assert!(screen.contains(&format!("push {id} keeps running")), "{screen}");
    assert_eq!(get_push(&app, id).await["status"], "running");

    // Yes: rolf cancels it and follows it to its end.
    let mut term = Terminal::spawn(&rolf, &["follow", &id.to_string()]);
    term.expect("started").await;
    term.type_keys("\x03").await;
    term.expect(&format!("cancel push {id}? [y/N] ")).await;
    term.type_keys("y\n").await;
    term.expect(&format!("cancelling push {id}")).await;
    let (code, screen) = term.finish().await;
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains(&format!("push {id} cancelled")), "{screen}");
    assert_eq!(get_push(&app, id).await["status"], "cancelled");
}

#[tokio::test]
async fn flags_reach_the_stage_environment() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("show", "echo \"branch=$BRANCH region=$REGION\"")]).await;
    for (flag, default) in [("BRANCH", "main"), ("REGION", "eu")] {
        let body = json!({"name": flag, "varname": flag, "default": default});
        app.admin(Method::POST, &format!("/api/v1/deployments/{d}/flags"), Some(body)).await;
    }
    let _worker = app.worker(&[]);
    let ran = Rolf::for_app(&app).run(&["push", &name, "--flag", "BRANCH=feature/x=1", "--wait"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["branch=feature/x=1 region=eu"], "{ran:#?}");

    let twice = Rolf::for_app(&app).run(&["push", &name, "-f", "A=1", "-f", "A=2"]).await;
    assert_eq!(twice.code, Some(4), "{twice:#?}");
    let unknown = Rolf::for_app(&app).run(&["push", &name, "--flag", "NOPE=1"]).await;
    assert_eq!(unknown.code, Some(4), "the API refuses an unknown flag: {unknown:#?}");
    let malformed = Rolf::for_app(&app).run(&["push", &name, "--flag", "novalue"]).await;
    assert_eq!(malformed.code, Some(4), "{malformed:#?}");
}

#[tokio::test]
async fn rollback_history_and_tags() {
    let app = TestApp::spawn().await;
    let code = "echo \"rollback=${ROLF_ROLLBACK_TAG:-none}\"\necho \"tag=v-$ROLF_PUSH_ID\" >> \"$ROLF_OUTPUT\"";
    let (_, name) = deployment_with(&app, &[bash("deploy", code)]).await;
    let _worker = app.worker(&[]);
    let rolf = Rolf::for_app(&app);

    // Without --wait: the push's id on stdout, at once.
    let queued = rolf.run(&["push", &name, "--comment", "first"]).await;
    assert_eq!(queued.code, Some(0), "{queued:#?}");
    let first: i64 = queued.stdout.trim().parse().unwrap_or_else(|_| panic!("{queued:#?}"));
    let followed = rolf.run(&["follow", &first.to_string()]).await;
    assert_eq!(followed.code, Some(0), "{followed:#?}");
    assert_eq!(followed.stdout_lines(), ["rollback=none"]);

    let back = rolf.run(&["push", &name, "--rollback-to", &first.to_string(), "--wait", "-c", "go back"]).await;
    assert_eq!(back.code, Some(0), "{back:#?}");
    assert_eq!(back.stdout_lines(), [format!("rollback=v-{first}")]);

    let history = rolf.run(&["history", &name]).await;
    assert_eq!(history.code, Some(0), "{history:#?}");
    let lines = history.stdout_lines();
    assert_eq!(lines.len(), 3, "a header and two pushes: {history:#?}");
    assert!(lines[0].starts_with("ID") && lines[0].contains("STATUS") && lines[0].contains("COMMENT"));
    assert!(lines[1].contains(&format!("succeeded (rollback to {first})")) && lines[1].ends_with("go back"));
    assert!(lines[2].starts_with(&first.to_string()) && lines[2].contains(&format!("v-{first}")));
    let limited = rolf.run(&["history", &name, "--limit", "1", "--json"]).await;
    assert_eq!(limited.code, Some(0), "{limited:#?}");
    let page: Value = serde_json::from_str(&limited.stdout).unwrap();
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["rollback_to"], first);
    assert_eq!(rolf.run(&["history", &name, "--limit", "0"]).await.code, Some(4));

    let tags = rolf.run(&["tags", &name]).await;
    assert_eq!(tags.code, Some(0), "{tags:#?}");
    let rows: Vec<Vec<&str>> = tags.stdout_lines().iter().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows[0][..3], ["PUSH", "TAG", "USER"]);
    assert_eq!(rows.len(), 3, "{tags:#?}");
    assert_eq!(rows[2][..2], [first.to_string().as_str(), &format!("v-{first}")]);
    let json = rolf.run(&["tags", &name, "--json"]).await;
    let list: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list[1]["push_id"], first);
}

#[tokio::test]
async fn unknown_deployments_and_pushes_and_bad_tokens_exit_4() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[]).await;
    let rolf = Rolf::for_app(&app);
    for args in [
        vec!["push", "no-such-app/no-such-deployment"],
        vec!["push", "999999", "--wait"],
        vec!["history", "no-such-app/x"],
        vec!["tags", "justaname"],
        vec!["follow", "999999"],
        vec!["cancel", "999999"],
        vec!["push"],
        vec!["frobnicate"],
        vec!["push", &name, "--rollback-to", "999999"],
    ] {
        let ran = rolf.run(&args).await;
        assert_eq!(ran.code, Some(4), "{args:?}: {ran:#?}");
        assert!(!ran.stderr.is_empty(), "{args:?} says why");
    }
    assert_eq!(latest_push(&app, d).await, None, "nothing was pushed");

    let bad = Rolf::new(&app.base, "not-a-token").run(&["deployments"]).await;
    assert_eq!(bad.code, Some(4), "{bad:#?}");
    assert!(bad.stderr.contains("refused the token"), "{bad:#?}");

    // View is not push: 403.
    app.grant(d, "lookers", "view").await;
    let looker = app.user(&["lookers"]).await;
    let forbidden = Rolf::new(&app.base, &looker).run(&["push", &name]).await;
    assert_eq!(forbidden.code, Some(4), "{forbidden:#?}");

    // No API at all: 5.
    let nowhere = Rolf::new(&nowhere_url(), &app.admin_token).run(&["deployments"]).await;
    assert_eq!(nowhere.code, Some(5), "{nowhere:#?}");
    assert_eq!(Rolf::bare().run(&["deployments"]).await.code, Some(4), "not signed in");
    assert_eq!(rolf.run(&["--help"]).await.code, Some(0));
}

#[tokio::test]
async fn json_follows_as_json_lines() {
    let app = TestApp::spawn().await;
    let (_, name) =
        deployment_with(&app, &[bash("talk", "echo hello\necho oops >&2\necho \"tag=j1\" >> \"$ROLF_OUTPUT\"")]).await;
    let _worker = app.worker(&[]);
    let ran = Rolf::for_app(&app).run(&["--json", "push", &name, "--wait"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let events = ran.json_lines();
    assert_eq!(events[0]["event"], "created", "{events:#?}");
    assert_eq!(events[0]["data"]["status"], "queued");
    let lines: Vec<&Value> = events.iter().filter(|e| e["event"] == "line").map(|e| &e["data"]).collect();
    let seqs: Vec<i64> = lines.iter().map(|l| l["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "every line once, in order: {seqs:?}");
    let text = |stream: &str| -> Vec<&str> {
        lines.iter().filter(|l| l["stream"] == stream).map(|l| l["text"].as_str().unwrap()).collect()
    };
    assert_eq!(text("stdout"), ["hello"]);
    assert_eq!(text("stderr"), ["oops"]);
    let end = events.last().unwrap();
    assert_eq!(end["event"], "end", "{events:#?}");
    assert_eq!(end["data"]["status"], "succeeded");
    assert_eq!(end["data"]["tag"], "j1");
    assert!(!ran.stderr.contains("hello"), "{ran:#?}");
}

#[tokio::test]
async fn login_with_a_token_stores_it_owner_only_and_later_commands_use_it() {
    let app = TestApp::spawn().await;
    let (id, name) = deployment_with(&app, &[]).await;
    let mut rolf = Rolf::bare();

    let refused = rolf.run(&["login", "--url", &app.base, "--token", "wrong"]).await;
    assert_eq!(refused.code, Some(4), "{refused:#?}");
    assert!(!rolf.config_file().exists(), "a refused token is not stored");

    let login = rolf.run(&["login", "--url", &format!("{}/api/v1/", app.base), "--token", &app.admin_token]).await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    let meta = std::fs::metadata(rolf.config_file()).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let stored: Value = serde_json::from_slice(&std::fs::read(rolf.config_file()).unwrap()).unwrap();
    assert_eq!(stored, json!({"url": app.base, "token": app.admin_token}));

    let listed = rolf.run(&["deployments"]).await;
    assert_eq!(listed.code, Some(0), "{listed:#?}");
    assert!(listed.stdout.contains(&name), "{listed:#?}");
    let tags = rolf.run(&["tags", &id.to_string()]).await;
    assert_eq!(tags.code, Some(0), "{tags:#?}");

    // The stored token goes only to the URL it came from; ROLF_TOKEN overrides it.
    let elsewhere = rolf.run(&["deployments", "--url", &nowhere_url()]).await;
    assert_eq!(elsewhere.code, Some(4), "{elsewhere:#?}");
    rolf.env.push(("ROLF_TOKEN".into(), "bad".into()));
    let ran = rolf.run(&["deployments"]).await;
    assert_eq!(ran.code, Some(4), "ROLF_TOKEN wins over the stored token: {ran:#?}");
}

#[tokio::test]
async fn login_with_a_password_needs_ldap_and_refuses_an_empty_one() {
    let app = TestApp::spawn().await;
    let rolf = Rolf::bare();
    let mut cmd = rolf.command(&["login", "--url", &app.base, "--username", "ada", "--password-stdin"]);
    cmd.stdin(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use tokio::io::AsyncWriteExt;
    child.stdin.take().unwrap().write_all(b"ada-password\n").await.unwrap();
    let out = tokio::time::timeout(LIVENESS, child.wait_with_output()).await.unwrap().unwrap();
    // The test API has no LDAP: the sign-in route answers 404, which rolf explains.
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no LDAP sign-in"), "{out:?}");
    assert!(!rolf.config_file().exists());

    let empty = rolf.run(&["login", "--url", &app.base, "--username", "ada", "--password-stdin"]).await;
    assert_eq!(empty.code, Some(4), "{empty:#?}");
}

/// A test API that signs people in against a throwaway slapd (users `alice`... with passwords `<name>-pw`).
async fn app_with_directory(slapd: &rolf_tests::slapd::Slapd) -> TestApp {
    use rolf_common::config::AuthConfig;
    TestApp::spawn_with(rolf_tests::Options {
        auth: AuthConfig { ldap: Some(slapd.config()), ..AuthConfig::with_secret(rolf_tests::JWT_SECRET) },
        ..rolf_tests::Options::default()
    })
    .await
}

#[tokio::test]
async fn login_with_a_directory_password_from_stdin() {
    let slapd = rolf_tests::slapd::Slapd::start();
    let app = app_with_directory(&slapd).await;
    let rolf = Rolf::bare();
    let login = |password: &'static str| {
        let mut cmd = rolf.command(&["login", "--url", &app.base, "--username", "alice", "--password-stdin"]);
        cmd.stdin(Stdio::piped());
        async move {
            use tokio::io::AsyncWriteExt;
            let mut child = cmd.spawn().unwrap();
            child.stdin.take().unwrap().write_all(password.as_bytes()).await.unwrap();
            tokio::time::timeout(LIVENESS, child.wait_with_output()).await.unwrap().unwrap()
        }
    };

    let wrong = login("bob-pw\n").await;
    assert_eq!(wrong.status.code(), Some(4), "{wrong:?}");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong username or password"), "{wrong:?}");
    assert!(!rolf.config_file().exists());

    let right = login("alice-pw\n").await;
    assert_eq!(right.status.code(), Some(0), "{right:?}");
    assert!(String::from_utf8_lossy(&right.stderr).contains("as alice"), "{right:?}");
    let stored: Value = serde_json::from_slice(&std::fs::read(rolf.config_file()).unwrap()).unwrap();
    assert_eq!(stored["url"], app.base);
    let me = app.get("/api/v1/me", stored["token"].as_str().unwrap()).await;
    assert_eq!(me.body["username"], "alice", "the stored token is alice's session");
    let listed = rolf.run(&["deployments", "--json"]).await;
    assert_eq!(listed.code, Some(0), "{listed:#?}");
    assert_eq!(listed.stdout.trim(), "[]", "alice may view nothing yet");
}

#[tokio::test]
async fn login_on_a_terminal_asks_for_the_password_without_echoing_it() {
    let slapd = rolf_tests::slapd::Slapd::start();
    let app = app_with_directory(&slapd).await;
    let rolf = Rolf::bare();
    let mut term = Terminal::spawn(&rolf, &["login", "--url", &app.base]);
    term.expect("username: ").await;
    term.type_keys("alice\n").await;
    term.expect("password: ").await;
    term.type_keys("alice-pw\n").await;
    let (code, screen) = term.finish().await;
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("alice"), "the username is echoed: {screen}");
    assert!(!screen.contains("alice-pw"), "the password is not: {screen}");
    assert!(screen.contains("signed in to"), "{screen}");
    assert!(rolf.config_file().exists());
}

#[tokio::test]
async fn a_push_whose_worker_dies_is_lost_and_exits_3() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("hang", "echo \"pid $$\"\necho started\nsleep 300")]).await;
    let lost_after = [("ROLF_LOST_AFTER_SECONDS", "2")];
    let mut victim = app.worker(&lost_after);
    let mut following = Rolf::for_app(&app).spawn(&["push", &name, "--wait"]);
    following.wait_stdout("started").await;
    let id = latest_push(&app, d).await.unwrap();
    victim.kill();
    // The stage outlived its worker: end it, as a rebooted host would.
    rolf_tests::kill_stages(&victim.workdir);
    let _survivor = app.worker(&lost_after);
    let ran = following.finish().await;
    assert_eq!(ran.code, Some(3), "{ran:#?}");
    assert!(ran.stderr.trim_end().ends_with(&format!("push {id} lost")), "{ran:#?}");
}

/// A TCP proxy in front of the API that cuts the first log stream through it after `cut_after` bytes of events,
/// as a flaky network or a restarting proxy would; it records every request head it forwards.
async fn cutting_proxy(api: &str, cut_after: usize) -> (String, std::sync::Arc<std::sync::Mutex<String>>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    use tokio::io::AsyncWriteExt;
    use tokio::net::{TcpListener, TcpStream};

    let upstream_addr = api.trim_start_matches("http://").to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(String::new()));
    let cut_done = Arc::new(AtomicBool::new(false));
    let log = requests.clone();
    tokio::spawn(async move {
        loop {
            let (client, _) = listener.accept().await.unwrap();
            let upstream = TcpStream::connect(&upstream_addr).await.unwrap();
            let (mut client_read, mut client_write) = client.into_split();
            let (mut up_read, mut up_write) = upstream.into_split();
            let log = log.clone();
            let requests = tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                while let Ok(n) = client_read.read(&mut buf).await {
                    if n == 0 || up_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    log.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            let cut_done = cut_done.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 1024];
                // Bytes of event stream passed on, once this connection carries one that is to be cut.
                let mut streamed: Option<usize> = None;
                while let Ok(n) = up_read.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buf[..n]);
                    if streamed.is_none()
                        && text.contains("text/event-stream")
                        && !cut_done.swap(true, Ordering::SeqCst)
                    {
                        streamed = Some(0);
                    }
                    if let Some(sent) = streamed.as_mut() {
                        *sent += n;
                        if *sent > cut_after {
                            break;
                        }
                    }
                    if client_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                // Dropping both halves closes the client's connection mid-stream.
                requests.abort();
            });
        }
    });
    (url, requests)
}

#[tokio::test]
async fn a_real_stream_cut_mid_log_resumes_without_losing_or_repeating_a_line() {
    let app = TestApp::spawn().await;
    let (d, _) =
        deployment_with(&app, &[bash("count", "for i in $(seq 1 400); do echo \"line $i of 400\"; done")]).await;
    let _worker = app.worker(&[]);
    let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await;
    let id = reply.id();
    app.wait_push(id, &["succeeded"], LIVENESS).await;

    let (url, requests) = cutting_proxy(&app.base, 16 * 1024).await;
    let ran = Rolf::new(&url, &app.admin_token).run(&["follow", &id.to_string()]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let expected: Vec<String> = (1..=400).map(|i| format!("line {i} of 400")).collect();
    assert_eq!(ran.stdout_lines(), expected, "{}", ran.stderr);
    assert!(ran.stderr.contains("reconnecting"), "{ran:#?}");
    let requests = requests.lock().unwrap().clone();
    let resumed: Vec<&str> = requests.lines().filter_map(|l| l.strip_prefix("last-event-id: ")).collect();
    assert_eq!(resumed.len(), 1, "one reconnection, after the last line printed: {requests}");
    let last_printed: usize = resumed[0].parse().unwrap();
    assert!(last_printed > 1, "{requests}");
}

const FAKE_PUSH: &str = r#"{"id":7,"deployment_id":1,"deployment":"prod","application":"shop","user":"ann",
    "comment":"","flags":{},"status":"running","tag":null,"rollback_to":null,"worker":null,"error":null,
    "cancel_requested":false,"created_at":"2025-01-01T00:00:00Z","started_at":null,"finished_at":null,"log_pruned_at":null,
    "log_pruned_lines":null,"waiting_for":null,"stages":[]}"#;

/// A 503 first; then lines 1 and 2, and the connection drops inside line 3; the third connection resends line 2
/// (a server may; rolf must not print it twice) and goes on to the end.
fn dropping_stream(request: &fake::Request, seen: usize) -> fake::Reply {
    use fake::{Reply, line};
    match request.path.split('?').next().unwrap() {
        "/api/v1/pushes/7" => Reply::Json(200, FAKE_PUSH.into()),
        "/api/v1/pushes/7/log/stream" if seen == 0 => {
            Reply::Json(503, r#"{"error":{"code":"unavailable","message":"redis unavailable"}}"#.into())
        }
        "/api/v1/pushes/7/log/stream" if seen == 1 => Reply::Events {
            chunks: vec![
                ": keep-alive\n\n".into(),
                line(1, "stdout", "one") + &line(2, "stderr", "two"),
                line(3, "stdout", "three")[..20].into(),
            ],
            broken: true,
        },
        "/api/v1/pushes/7/log/stream" => Reply::Events {
            chunks: vec![
                "retry: 100\r\n\r\n".into(),
                line(2, "stderr", "two"),
                line(3, "stdout", "three"),
                "event: stage\ndata: {\"position\":0,\"name\":\"s\",\"status\":\"succeeded\",\"exit_code\":0}\n\n"
                    .into(),
                line(4, "system", "push succeeded"),
                "event: push\ndata: {\"id\":7,\"status\":\"succeeded\",\"tag\":\"v9\"}\n\n".into(),
                "event: end\ndata: {\"status\":\"succeeded\",\"tag\":\"v9\"}\n\n".into(),
            ],
            broken: false,
        },
        _ => Reply::Json(404, r#"{"error":{"code":"not_found","message":"no route"}}"#.into()),
    }
}

#[tokio::test]
async fn a_dropped_stream_is_resumed_from_the_last_line_and_no_line_is_printed_twice() {
    let server = fake::serve(std::sync::Arc::new(dropping_stream)).await;
    let ran = Rolf::new(&server.url, "t").run(&["follow", "7"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["one", "three"], "{ran:#?}");
    let stderr: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(stderr.iter().filter(|l| **l == "two").count(), 1, "{ran:#?}");
    assert_eq!(stderr.iter().filter(|l| **l == "==> push succeeded").count(), 1, "{ran:#?}");
    assert_eq!(stderr.last(), Some(&"==> push 7 succeeded, tag v9"), "{ran:#?}");

    let requests = server.requests.lock().unwrap().clone();
    let streams: Vec<&fake::Request> = requests.iter().filter(|r| r.path.contains("/log/stream")).collect();
    assert_eq!(streams.len(), 3, "{requests:#?}");
    assert_eq!(streams[1].header("last-event-id"), None);
    assert_eq!(streams[1].header("authorization"), Some("Bearer t"));
    assert_eq!(streams[1].header("accept"), Some("text/event-stream"));
    assert_eq!(streams[2].header("last-event-id"), Some("2"), "resumes after the last printed line");
    assert!(streams[2].path.ends_with("after=2"), "{:?}", streams[2].path);
    assert!(ran.stderr.contains("redis unavailable"), "says why it reconnects: {ran:#?}");
}

#[tokio::test]
async fn json_output_of_a_resumed_stream_has_every_event_once() {
    let server = fake::serve(std::sync::Arc::new(dropping_stream)).await;
    let ran = Rolf::new(&server.url, "t").run(&["follow", "7", "--json"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let events = ran.json_lines();
    let kinds: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["line", "line", "line", "stage", "line", "push", "end"], "{events:#?}");
    let seqs: Vec<i64> = events.iter().filter_map(|e| e["data"]["seq"].as_i64()).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(events[6]["data"], json!({"status": "succeeded", "tag": "v9"}));
}

#[tokio::test]
async fn without_a_stream_endpoint_rolf_polls_the_log() {
    fn polling(request: &fake::Request, _: usize) -> fake::Reply {
        use fake::Reply;
        let line = |seq: i64, text: &str| fake::log_line(seq, "stdout", text);
        let page = |lines: Vec<Value>, next: i64, finished: bool| {
            Reply::Json(200, json!({"lines": lines, "next_after": next, "finished": finished}).to_string())
        };
        match request.path.as_str() {
            "/api/v1/pushes/7" => Reply::Json(200, FAKE_PUSH.replace("running", "cancelled")),
            p if p.starts_with("/api/v1/pushes/7/log?after=0&") => page(vec![line(1, "a"), line(2, "b")], 2, false),
            // A server that sends a line again: printed once.
            p if p.starts_with("/api/v1/pushes/7/log?after=2&") => page(vec![line(2, "b"), line(3, "c")], 3, true),
            p if p.starts_with("/api/v1/pushes/7/log?after=3&") => page(vec![], 3, true),
            _ => Reply::Json(404, r#"{"error":{"code":"not_found","message":"no route"}}"#.into()),
        }
    }
    let server = fake::serve(std::sync::Arc::new(polling)).await;
    let ran = Rolf::new(&server.url, "t").run(&["follow", "7"]).await;
    assert_eq!(ran.code, Some(2), "{ran:#?}");
    assert_eq!(ran.stdout_lines(), ["a", "b", "c"], "{ran:#?}");
    assert!(ran.stderr.contains("polling"), "{ran:#?}");
}

#[tokio::test]
async fn an_api_that_fails_exits_5() {
    // A 5xx before following starts is not a push outcome and not a usage error.
    let server = fake::serve(std::sync::Arc::new(|_: &fake::Request, _: usize| {
        fake::Reply::Json(503, r#"{"error":{"code":"unavailable","message":"database unavailable"}}"#.into())
    }))
    .await;
    let ran = Rolf::new(&server.url, "t").run(&["follow", "7"]).await;
    assert_eq!(ran.code, Some(5), "{ran:#?}");
    assert!(ran.stderr.contains("database unavailable"), "{ran:#?}");
}

#[tokio::test]
async fn login_with_a_token_on_stdin_checks_it_and_stores_it() {
    let app = TestApp::spawn().await;
    let (_, name) = deployment_with(&app, &[]).await;
    let rolf = Rolf::bare();
    let login = ["login", "--url", app.base.as_str(), "--token-stdin"];

    let empty = rolf.run_with_stdin(&login, b"").await;
    assert_eq!(empty.code, Some(4), "{empty:#?}");
    assert!(empty.stderr.contains("stdin is empty"), "{empty:#?}");
    let blank = rolf.run_with_stdin(&login, b"\n").await;
    assert_eq!(blank.code, Some(4), "{blank:#?}");
    let two = rolf.run_with_stdin(&login, format!("{0}\n{0}\n", app.admin_token).as_bytes()).await;
    assert_eq!(two.code, Some(4), "{two:#?}");
    assert!(two.stderr.contains("one token"), "{two:#?}");

    let invalid = rolf.run_with_stdin(&login, b"not-a-token\n").await;
    assert_eq!(invalid.code, Some(4), "{invalid:#?}");
    assert!(invalid.stderr.contains(&format!("{} refused the token", app.base)), "{invalid:#?}");
    assert!(invalid.stderr.contains("nothing was stored"), "{invalid:#?}");

    let nowhere = nowhere_url();
    let unreachable = rolf.run_with_stdin(&["login", "--url", &nowhere, "--token-stdin"], b"t\n").await;
    assert_eq!(unreachable.code, Some(5), "{unreachable:#?}");
    assert!(unreachable.stderr.contains(&format!("cannot reach the API at {nowhere}")), "{unreachable:#?}");

    let both = rolf.run_with_stdin(&["login", "--url", &app.base, "--token-stdin", "--token", "x"], b"t\n").await;
    assert_eq!(both.code, Some(4), "{both:#?}");
    assert!(!rolf.config_file().exists(), "nothing was stored by a failed login");

    let ok = rolf.run_with_stdin(&login, format!("{}\n", app.admin_token).as_bytes()).await;
    assert_eq!(ok.code, Some(0), "{ok:#?}");
    assert!(ok.stderr.contains(&format!("signed in to {} as admin", app.base)), "{ok:#?}");
    assert_eq!(std::fs::metadata(rolf.config_file()).unwrap().permissions().mode() & 0o777, 0o600);
    let stored: Value = serde_json::from_slice(&std::fs::read(rolf.config_file()).unwrap()).unwrap();
    assert_eq!(stored, json!({"url": app.base, "token": app.admin_token}));
    let listed = rolf.run(&["deployments"]).await;
    assert_eq!(listed.code, Some(0), "{listed:#?}");
    assert!(listed.stdout.contains(&name), "{listed:#?}");

    // --json prints the API's own answer about you.
    let json = rolf.run_with_stdin(&["--json", "login", "--token-stdin"], app.admin_token.as_bytes()).await;
    assert_eq!(json.code, Some(0), "{json:#?}");
    let me: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(me, app.get("/api/v1/me", &app.admin_token).await.body);
}

/// What the fake API answers, complete as the real API sends it: each answer by method and path.
fn complete_answers() -> Vec<(&'static str, &'static str, Value)> {
    let deployment = json!({"id": 1, "application_id": 1, "application": "shop", "category_id": 1, "name": "prod",
        "description": "", "deprecated": false, "level": "edit", "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z", "log_retention_days": 30, "last_push": {"id": 7, "status": "succeeded", "tag": "v1",
        "user": "ann", "comment": "", "at": "2025-01-01T00:00:00Z"}});
    let push: Value = serde_json::from_str(FAKE_PUSH).unwrap();
    let mut done = push.clone();
    done["status"] = json!("succeeded");
    done["tag"] = json!("v1");
    let mut cancelled = push.clone();
    cancelled["status"] = json!("cancelled");
    let tag = json!({"push_id": 7, "tag": "v1", "user": "ann", "comment": "", "finished_at": null});
    vec![
        ("GET", "/api/v1/deployments", json!([deployment])),
        ("GET", "/api/v1/deployments/1", deployment),
        ("GET", "/api/v1/deployments/1/pushes", json!([done])),
        ("POST", "/api/v1/deployments/1/pushes", push.clone()),
        ("GET", "/api/v1/deployments/1/tags", json!([tag])),
        (
            "GET",
            "/api/v1/deployments/1/access",
            json!({"level": "view", "admin": false, "admin_through": [],
            "grants": [{"group": "qa", "level": "view", "member": true, "directory_groups": []}]}),
        ),
        ("GET", "/api/v1/pushes/7", push),
        ("POST", "/api/v1/pushes/7/cancel", cancelled),
        ("GET", "/api/v1/me", json!({"username": "ann", "groups": [], "admin": false})),
        // The end event of the log stream carries the whole push.
        ("GET", "/api/v1/pushes/7/log/stream", done),
        (
            "GET",
            "/api/v1/audit",
            json!({"events": [{"id": 3, "at": "2025-01-01T00:00:00Z", "actor_id": 1, "actor": "ann",
            "action": "setting.put", "target_type": "setting", "target_id": null, "deployment_id": 1,
            "before": null, "after": null}], "next_before": null}),
        ),
        (
            "GET",
            "/api/v1/service-accounts/bot/tokens",
            json!([{"id": 1, "user_id": 2, "name": "deploy", "created_at": "2025-01-01T00:00:00Z",
            "expires_at": null, "last_used_at": null, "revoked_at": null}]),
        ),
    ]
}

/// A fake API answering [`complete_answers`], except that `field` (unless empty) is left out of the answer to
/// `method path` (out of every item of a list).
async fn api_without(method: &'static str, path: &'static str, field: &'static str) -> fake::Server {
    let answers: Vec<(&str, &str, Value)> = complete_answers()
        .into_iter()
        .map(|(m, p, mut body)| {
            if (m, p) == (method, path) && !field.is_empty() {
                let items = match body.as_array_mut() {
                    Some(items) => items.iter_mut().collect(),
                    None => vec![&mut body],
                };
                for item in items {
                    assert!(item.as_object_mut().unwrap().remove(field).is_some(), "{path} has no {field}");
                }
            }
            (m, p, body)
        })
        .collect();
    fake::serve(std::sync::Arc::new(move |request: &fake::Request, _| {
        let found = answers.iter().find(|(m, p, _)| *m == request.method && *p == request.route());
        match found {
            Some((_, "/api/v1/pushes/7/log/stream", end)) => fake::Reply::Events {
                chunks: vec![fake::line(1, "stdout", "hello"), format!("event: end\ndata: {end}\n\n")],
                broken: false,
            },
            Some((_, _, body)) => fake::Reply::Json(200, body.to_string()),
            None => fake::error(404, "not_found", "no route"),
        }
    }))
    .await
}

#[tokio::test]
async fn an_answer_without_a_field_rolf_prints_is_an_error_naming_it_never_a_question_mark() {
    let cases: [(&[&str], &str, &str, &str); 18] = [
        (&["access", "1"], "GET", "/api/v1/deployments/1/access", "admin_through"),
        (&["deployments"], "GET", "/api/v1/deployments", "level"),
        (&["deployments"], "GET", "/api/v1/deployments", "last_push"),
        (&["deployments"], "GET", "/api/v1/deployments", "log_retention_days"),
        (&["history", "1"], "GET", "/api/v1/deployments/1/pushes", "status"),
        (&["history", "1"], "GET", "/api/v1/deployments/1/pushes", "tag"),
        (&["history", "shop/prod"], "GET", "/api/v1/deployments", "application"),
        (&["tags", "1"], "GET", "/api/v1/deployments/1/tags", "tag"),
        (&["push", "1"], "POST", "/api/v1/deployments/1/pushes", "id"),
        (&["push", "1"], "POST", "/api/v1/deployments/1/pushes", "status"),
        (&["push", "1"], "POST", "/api/v1/deployments/1/pushes", "waiting_for"),
        (&["cancel", "7"], "POST", "/api/v1/pushes/7/cancel", "status"),
        (&["follow", "7"], "GET", "/api/v1/pushes/7", "application"),
        (&["follow", "7"], "GET", "/api/v1/pushes/7/log/stream", "status"),
        (&["login", "--token-stdin"], "GET", "/api/v1/me", "username"),
        (&["audit"], "GET", "/api/v1/audit", "next_before"),
        (&["audit", "-d", "1"], "GET", "/api/v1/audit", "events"),
        (&["service-accounts", "tokens", "bot"], "GET", "/api/v1/service-accounts/bot/tokens", "revoked_at"),
    ];
    for (args, method, path, field) in cases {
        // The same command succeeds against the complete answers: only the missing field makes it fail.
        let complete = api_without(method, path, "").await;
        let ran = Rolf::new(&complete.url, "t").run_with_stdin(args, b"t\n").await;
        assert_eq!(ran.code, Some(0), "{args:?}: {ran:#?}");

        let server = api_without(method, path, field).await;
        let ran = Rolf::new(&server.url, "t").run_with_stdin(args, b"t\n").await;
        assert_eq!(ran.code, Some(5), "{args:?} without {field}: {ran:#?}");
        assert!(ran.stderr.contains(&format!("missing field `{field}`")), "{args:?} without {field}: {ran:#?}");
        assert!(!ran.stdout.contains('?') && !ran.stderr.contains(" ?"), "{args:?} without {field}: {ran:#?}");
    }

    // --json prints the API's answer as it came, whatever its fields.
    let server = api_without("GET", "/api/v1/deployments/1/pushes", "status").await;
    let ran = Rolf::new(&server.url, "t").run(&["history", "1", "--json"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let printed: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(printed[0]["id"], 7);
    assert!(printed[0].get("status").is_none(), "{printed:#}");
}

#[tokio::test]
async fn events_prints_each_status_change_and_follows_until_the_count() {
    let app = TestApp::spawn().await;
    // No worker: a push stays queued until it is cancelled.
    let (id, name) = deployment_with(&app, &[bash("build", "true")]).await;
    let push = |comment: &'static str| {
        let app = &app;
        async move {
            let path = format!("/api/v1/deployments/{id}/pushes");
            app.admin(Method::POST, &path, Some(json!({"comment": comment}))).await["id"].as_i64().unwrap()
        }
    };
    let first = push("from the cli test").await;
    app.admin(Method::POST, &format!("/api/v1/pushes/{first}/cancel"), Some(json!({}))).await;

    let ran = Rolf::for_app(&app).run(&["events", "--after", "0", "--count", "2", "--json"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let events = ran.json_lines();
    let statuses: Vec<&str> = events.iter().map(|e| e["push"]["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["queued", "cancelled"]);
    assert!(events.iter().all(|e| e["push"]["id"] == first && e["deployment_id"] == id));

    // As text, then live: the third change comes while rolf waits for it.
    let mut running = Rolf::for_app(&app).spawn(&["events", "--after", "0", "--count", "3"]);
    running.wait_stdout_matching(&format!("push {first} cancelled  by admin: from the cli test")).await;
    let second = push("later").await;
    let ran = running.finish().await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let lines = ran.stdout_lines();
    assert_eq!(lines.len(), 3, "{ran:#?}");
    assert!(lines[0].ends_with(&format!("{name}  push {first} queued  by admin: from the cli test")), "{ran:#?}");
    assert!(lines[2].ends_with(&format!("{name}  push {second} queued  by admin: later")), "{ran:#?}");

    let bad = Rolf::for_app(&app).run(&["events", "--after", "-1"]).await;
    assert_eq!(bad.code, Some(4), "{bad:#?}");
    let refused = Rolf::new(&app.base, "rolf_not_a_token").run(&["events"]).await;
    assert_eq!(refused.code, Some(4), "{refused:#?}");
}

#[tokio::test]
async fn resume_continue_diff_and_dry_run() {
    let app = TestApp::spawn().await;
    let (d, name) =
        deployment_with(&app, &[bash("a", "echo a"), bash("b", "test -e \"$GATE\" || exit 2; echo b")]).await;
    let gate = rolf_tests::gate::Gate::on(&app, d).await;
    let _worker = app.worker(&[]);
    let failed = Rolf::for_app(&app).run(&["push", &name, "--wait"]).await;
    assert_eq!(failed.code, Some(1), "{failed:#?}");
    let first = latest_push(&app, d).await.unwrap();

    gate.open();
    let resumed = Rolf::for_app(&app).run(&["resume", &first.to_string(), "--wait"]).await;
    assert_eq!(resumed.code, Some(0), "{resumed:#?}");
    assert_eq!(resumed.stdout_lines(), ["b"], "the stage that succeeded is skipped: {resumed:#?}");
    assert!(resumed.stderr.contains("stage a skipped: it succeeded in push"), "{resumed:#?}");
    let second = latest_push(&app, d).await.unwrap();
    assert_eq!(get_push(&app, second).await["resumed_from"], first);

    let stage_a = app.admin(Method::GET, &format!("/api/v1/deployments/{d}/stages"), None).await[0]["id"].clone();
    app.admin(Method::PATCH, &format!("/api/v1/stages/{stage_a}"), Some(json!({"code": "echo A"}))).await;
    let dry = Rolf::for_app(&app).run(&["push", &name, "--dry-run"]).await;
    assert_eq!(dry.code, Some(0), "{dry:#?}");
    assert!(dry.stdout.contains(&format!("{name} now against push {second}:")), "{dry:#?}");
    assert!(dry.stdout.contains("~ a: code changed") && dry.stdout.contains("+echo A"), "{dry:#?}");
    assert_eq!(latest_push(&app, d).await, Some(second), "a dry run pushes nothing");

    let stepped = Rolf::for_app(&app).run(&["push", &name, "--step"]).await;
    assert_eq!(stepped.code, Some(0), "{stepped:#?}");
    let third: i64 = stepped.stdout.trim().parse().unwrap();
    app.wait_push(third, &["paused"], LIVENESS).await;
    let continued = Rolf::for_app(&app).run(&["continue", &third.to_string()]).await;
    assert_eq!(continued.code, Some(0), "{continued:#?}");
    assert_eq!(app.wait_push(third, &["succeeded", "failed"], LIVENESS).await["status"], "succeeded");
    let again = Rolf::for_app(&app).run(&["continue", &third.to_string()]).await;
    assert_eq!(again.code, Some(4), "{again:#?}");
    assert!(again.stderr.contains("not paused"), "{again:#?}");

    let diff = Rolf::for_app(&app).run(&["diff", &third.to_string()]).await;
    assert_eq!(diff.code, Some(0), "{diff:#?}");
    assert!(diff.stdout.starts_with(&format!("push {third} against push {second}:")), "{diff:#?}");
    assert!(diff.stdout.contains("-echo a") && diff.stdout.contains("+echo A"), "{diff:#?}");
    let same = Rolf::for_app(&app).run(&["diff", &third.to_string(), "--against", &third.to_string()]).await;
    assert!(same.stdout.contains("nothing changed"), "{same:#?}");
}

#[tokio::test]
async fn workers_lists_each_worker_with_its_pools_and_is_for_admins() {
    let app = TestApp::spawn().await;
    let worker = app.worker(&[("ROLF_WORKER_POOLS", "default,dmz")]);
    let deadline = Instant::now() + LIVENESS;
    let ran = loop {
        let ran = Rolf::for_app(&app).run(&["workers"]).await;
        if ran.stdout.contains(&format!(":{} ", worker.pid())) || Instant::now() > deadline {
            break ran;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let line =
        ran.stdout.lines().find(|l| l.contains(&format!(":{} ", worker.pid()))).unwrap_or_else(|| panic!("{ran:#?}"));
    assert!(line.contains("default,dmz") && line.contains("live"), "{line}");
    app.grant(app.deployment("somewhere").await, "editors", "edit").await;
    let editor = app.user(&["editors"]).await;
    let refused = Rolf::new(&app.base, &editor).run(&["workers"]).await;
    assert_eq!(refused.code, Some(4), "{refused:#?}");
}

#[tokio::test]
async fn approve_reject_approvals_and_bypass() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("ship", "echo shipped")]).await;
    app.admin(Method::PATCH, &format!("/api/v1/deployments/{d}"), Some(json!({"approvals_required": 1}))).await;
    app.grant(d, "pushers", "push").await;
    app.grant(d, "editors", "edit").await;
    let (requester, approver, editor) =
        (app.user(&["pushers"]).await, app.user(&["pushers"]).await, app.user(&["editors"]).await);
    let _worker = app.worker(&[]);

    let asked = Rolf::new(&app.base, &requester).run(&["push", &name, "-c", "first"]).await;
    assert_eq!(asked.code, Some(0), "{asked:#?}");
    assert!(asked.stderr.contains("awaits approval (1 more approval from someone with push"), "{asked:#?}");
    let first = asked.stdout.trim().to_owned();
    let listed = Rolf::new(&app.base, &approver).run(&["approvals"]).await;
    assert!(listed.stdout.lines().any(|l| l.starts_with(&first) && l.contains("first")), "{listed:#?}");
    let own = Rolf::new(&app.base, &requester).run(&["approve", &first]).await;
    assert_eq!(own.code, Some(4), "{own:#?}");
    let approved = Rolf::new(&app.base, &approver).run(&["approve", &first, "-m", "ok"]).await;
    assert_eq!(approved.code, Some(0), "{approved:#?}");
    assert_eq!(approved.stdout.trim(), format!("push {first} is queued"));
    let done = app.wait_push(first.parse().unwrap(), &["succeeded", "failed"], LIVENESS).await;
    assert_eq!(done["status"], "succeeded");

    let waiting = Rolf::new(&app.base, &requester).spawn(&["push", &name, "--wait"]);
    let deadline = Instant::now() + LIVENESS;
    let second = loop {
        if let Some(id) = latest_push(&app, d).await.filter(|id| id.to_string() != first) {
            break id;
        }
        assert!(Instant::now() < deadline, "rolf push --wait never made its push");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let unexplained = Rolf::new(&app.base, &approver).run(&["reject", &second.to_string()]).await;
    assert_eq!(unexplained.code, Some(4), "a rejection says why: {unexplained:#?}");
    let rejected = Rolf::new(&app.base, &approver).run(&["reject", &second.to_string(), "-m", "freeze"]).await;
    assert_eq!(rejected.code, Some(0), "{rejected:#?}");
    let followed = waiting.finish().await;
    assert_eq!(followed.code, Some(2), "a rejected push followed with --wait exits 2: {followed:#?}");

    let bypassed = Rolf::new(&app.base, &editor).run(&["push", &name, "--bypass", "site down", "--wait"]).await;
    assert_eq!(bypassed.code, Some(0), "{bypassed:#?}");
    assert_eq!(bypassed.stdout_lines(), ["shipped"]);
}

#[tokio::test]
async fn freezes_lists_the_windows_and_a_frozen_push_exits_4_naming_it() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("ship", "true")]).await;
    let body = json!({"reason": "exams week", "deployment_id": d, "cron": "* * * * *", "duration_minutes": 10,
        "timezone": "Europe/Berlin"});
    app.admin(Method::POST, "/api/v1/freezes", Some(body)).await;
    let listed = Rolf::for_app(&app).run(&["freezes"]).await;
    assert_eq!(listed.code, Some(0), "{listed:#?}");
    let line = listed.stdout.lines().find(|l| l.contains("exams week")).unwrap_or_else(|| panic!("{listed:#?}"));
    assert!(
        line.contains(&format!("deployment {d}")) && line.contains("* * * * * (Europe/Berlin) for 10 min"),
        "{line}"
    );
    let refused = Rolf::for_app(&app).run(&["push", &name]).await;
    assert_eq!(refused.code, Some(4), "{refused:#?}");
    assert!(refused.stderr.contains("frozen until") && refused.stderr.contains("exams week"), "{refused:#?}");
}

#[tokio::test]
async fn schedules_lists_when_each_fires_and_what_its_last_tick_did() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("ship", "true")]).await;
    let path = format!("/api/v1/deployments/{d}/schedules");
    app.admin(Method::POST, &path, Some(json!({"cron": "0 2 * * *", "timezone": "Europe/Berlin"}))).await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339();
    app.admin(Method::POST, &path, Some(json!({"at": soon}))).await;
    let deadline = Instant::now() + LIVENESS;
    let ran = loop {
        let ran = Rolf::for_app(&app).run(&["schedules", &name]).await;
        if ran.stdout.contains(" pushed push ") || Instant::now() > deadline {
            break ran;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert!(ran.stdout.lines().any(|l| l.contains("0 2 * * * (Europe/Berlin)") && l.contains("admin")), "{ran:#?}");
    assert!(ran.stdout.lines().any(|l| l.contains("once at") && l.contains(" pushed push ")), "{ran:#?}");
}

#[tokio::test]
async fn export_prints_the_deployment_document_without_secrets() {
    let app = TestApp::spawn().await;
    let (d, name) = deployment_with(&app, &[bash("ship", "echo ship")]).await;
    let body = json!({"value": "hunter2", "secret": true});
    app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/TOKEN"), Some(body)).await;
    let ran = Rolf::for_app(&app).run(&["export", &name]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let doc: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(doc["stages"][0]["code"], "echo ship");
    assert_eq!(doc["settings"][0], json!({"name": "TOKEN", "secret": true}));
    assert!(!ran.stdout.contains("hunter2"), "{ran:#?}");
}
