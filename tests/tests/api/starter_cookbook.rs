//! The practice Rolf was made for, end to end, with the starter cookbook as shipped: a small Django app in a git
//! repository, its requirements vendored as wheels, deployed by a real `rolf-worker` over SSH to a real `sshd`
//! on a free loopback port (the "server", a temp dir), into a virtualenv built with no package index.
//!
//! Push 1 deploys version 1: the virtualenv is built from the vendored wheels, the migrations run, the WSGI file
//! is touched and Django's test client answers. Push 2 adds a requirement that is not vendored: it fails at the
//! virtualenv stage, and version 1 stays live (same virtualenv, same code, WSGI file untouched). Push 3 fixes it
//! and deploys version 2. A rollback to push 1's tag deploys version 1 again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};
use rolf_tests::django_app::{self, DjangoRepo};
use rolf_tests::fixtures::{setting, starter_cookbook};
use rolf_tests::sshd::ThrowawaySshd;
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

/// Each push builds a virtualenv and installs Django into it: generous on a loaded two-core machine.
const PUSH_DONE: Duration = Duration::from_secs(300);
const DONE: &[&str] = &["succeeded", "failed", "cancelled", "lost"];

/// The deployment's stages: (stage name, starter recipe). The virtualenv comes before the rsync, so a failed
/// install leaves the live code untouched too.
const STAGES: [(&str, &str); 8] = [
    ("clear", "starter: clear the checkout directory"),
    ("checkout", "starter: check out the branch (or the rollback tag)"),
    ("tag", "starter: tag the checkout and push the tag"),
    ("virtualenv", "starter: rebuild the virtualenv from the vendored requirements"),
    ("rsync", "starter: rsync the checkout to the server"),
    ("migrate", "starter: run the Django migrations"),
    ("reload", "starter: touch the WSGI file"),
    ("check", "starter: check that Django answers (test client on the server)"),
];

/// What the live app answers: a request through Django's test client with the server's live virtualenv, run
/// the way a WSGI server would load it (the code in the app's directory).
fn live_answer(app_dir: &Path, venv: &Path) -> String {
    let code = "from django.test.utils import setup_test_environment; setup_test_environment(); \
                from django.test import Client; r = Client().get('/'); print(r.status_code, r.content.decode())";
    let out = std::process::Command::new(venv.join("bin/python"))
        .current_dir(app_dir)
        .args(["manage.py", "shell", "--command", code])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(out.status.success(), "the live app does not answer: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

struct Server {
    app: PathBuf,
    venv: PathBuf,
    wsgi: PathBuf,
}

impl Server {
    fn live_build(&self) -> PathBuf {
        std::fs::read_link(&self.venv).unwrap()
    }

    fn builds(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.venv.with_extension("venv.builds"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

async fn push(app: &TestApp, d: i64, body: Value) -> Value {
    let reply = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, body).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
    app.wait_push(reply.id(), DONE, PUSH_DONE).await
}

/// The push's log as text, for assertion messages and searches.
async fn log_text(app: &TestApp, push: i64) -> String {
    let lines = app.log(push).await;
    lines
        .iter()
        .map(|l| format!("[{}] {}", l["stream"].as_str().unwrap(), l["text"].as_str().unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn stage_statuses(push: &Value) -> Vec<(String, String)> {
    push["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["status"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn the_starter_cookbook_deploys_a_django_app_over_ssh_and_rolls_it_back() {
    // The wheels first (downloaded once, then cached under target/), so no timing below includes PyPI.
    let wheels = tokio::task::spawn_blocking(django_app::wheels).await.unwrap();
    assert!(std::fs::read_dir(&wheels).unwrap().count() >= 2, "{}", wheels.display());

    let root = std::env::temp_dir().join(unique("rolf-starter"));
    let repo = DjangoRepo::create(&root.join("repo"));
    // The "server" reaches no package index: any index or proxy it tried would refuse the connection.
    let sshd = ThrowawaySshd::start(&[
        ("PIP_INDEX_URL", "http://127.0.0.1:9/simple"),
        ("HTTP_PROXY", "http://127.0.0.1:9"),
        ("HTTPS_PROXY", "http://127.0.0.1:9"),
    ]);
    let server = Server {
        app: root.join("server/app"),
        venv: root.join("server/app.venv"),
        wsgi: root.join("server/app/site_app/wsgi.py"),
    };

    let app = TestApp::spawn().await;
    let imported = app.post("/api/v1/recipes/import", &app.admin_token, starter_cookbook()).await;
    assert_eq!(imported.status, StatusCode::OK, "{imported:?}");
    let recipe_ids: std::collections::HashMap<String, i64> = imported.body["recipes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_owned(), r["id"].as_i64().unwrap()))
        .collect();

    let d = app.deployment("production").await;
    for (name, recipe) in STAGES {
        let id = recipe_ids.get(recipe).unwrap_or_else(|| panic!("the starter cookbook has no {recipe:?}"));
        let body =
            json!({"name": name, "recipe_id": id, "timeout_seconds": 240, "rerun_on_resume": name == "checkout"});
        app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(body)).await;
    }
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{d}/flags"),
        Some(json!({"name": "Branch", "varname": "BRANCH", "default": "main"})),
    )
    .await;
    let settings = [
        ("GIT_REPOSITORY", repo.dir.display().to_string()),
        ("REMOTE_HOST", "127.0.0.1".to_owned()),
        ("REMOTE_PORT", sshd.port.to_string()),
        ("REMOTE_USER", sshd.user.clone()),
        ("REMOTE_DIRECTORY", server.app.display().to_string()),
        ("REMOTE_PYTHON", django_app::python()),
        ("SSH_KNOWN_HOSTS", sshd.host_key.clone()),
        ("WSGI_FILE", "site_app/wsgi.py".to_owned()),
        ("CHECK_EXPECT", "hello from version".to_owned()),
    ];
    for (name, value) in &settings {
        setting(&app, d, name, value, false).await;
    }
    setting(&app, d, "SSH_PRIVATE_KEY", &sshd.client_key, true).await;
    let worker = app.worker(&[]);

    // Push 1: version 1 goes live.
    let first = push(&app, d, json!({"comment": "version 1"})).await;
    let first_id = first["id"].as_i64().unwrap();
    let log = log_text(&app, first_id).await;
    assert_eq!(first["status"], "succeeded", "{first:#}\n{log}");
    let tag = first["tag"].as_str().unwrap().to_owned();
    assert_eq!(tag, format!("rolf-production-{first_id}"));
    assert!(repo.tags().contains(&tag), "the tag was pushed to the repository: {:?}", repo.tags());
    assert!(log.contains("Looking in links: requirements"), "pip installed from the vendored wheels: {log}");
    assert!(log.contains(&format!("Successfully installed Django-{}", django_app::DJANGO)), "{log}");
    assert!(log.contains("Applying hello.0001_initial... OK"), "the migrations ran: {log}");
    assert!(log.contains("GET /: 200: hello from version 1"), "the check stage saw the app answer: {log}");
    let first_build = server.live_build();
    assert!(first_build.ends_with(format!("push-{first_id}/venv")), "{}", first_build.display());
    assert!(live_answer(&server.app, &server.venv).starts_with("200 hello from version 1"));
    let touched = modified(&server.wsgi);
    // The deploy key lived in the push's work directory only: nothing of it is left.
    assert!(
        std::fs::read_dir(&worker.workdir).unwrap().next().is_none(),
        "the work directory is gone with the key in it: {:?}",
        std::fs::read_dir(&worker.workdir).unwrap().map(|e| e.unwrap().path()).collect::<Vec<_>>()
    );

    // Push 2: a requirement that is not vendored. The install fails without an index, and version 1 stays live.
    repo.commit("2", &["rolf-no-such-package==1.0"]);
    let broken = push(&app, d, json!({"comment": "version 2, broken"})).await;
    let broken_id = broken["id"].as_i64().unwrap();
    let log = log_text(&app, broken_id).await;
    assert_eq!(broken["status"], "failed", "{broken:#}\n{log}");
    let statuses = stage_statuses(&broken);
    let expected: Vec<(String, String)> = STAGES
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let status = match i {
                0..=2 => "succeeded",
                3 => "failed",
                _ => "skipped",
            };
            ((*name).to_owned(), status.to_owned())
        })
        .collect();
    assert_eq!(statuses, expected, "{log}");
    assert!(log.contains("No matching distribution found for rolf-no-such-package"), "{log}");
    assert!(log.contains("is unchanged"), "{log}");
    assert_eq!(server.live_build(), first_build, "the live virtualenv is still push 1's");
    assert!(
        !server.builds().contains(&format!("push-{broken_id}")),
        "the failed build is removed: {:?}",
        server.builds()
    );
    assert_eq!(modified(&server.wsgi), touched, "the WSGI file was not touched");
    assert!(live_answer(&server.app, &server.venv).starts_with("200 hello from version 1"));

    // Push 3: fixed; version 2 goes live.
    repo.commit("2", &[]);
    let fixed = push(&app, d, json!({"comment": "version 2"})).await;
    let fixed_id = fixed["id"].as_i64().unwrap();
    assert_eq!(fixed["status"], "succeeded", "{fixed:#}\n{}", log_text(&app, fixed_id).await);
    assert!(live_answer(&server.app, &server.venv).starts_with("200 hello from version 2"));
    assert!(server.live_build().ends_with(format!("push-{fixed_id}/venv")));

    // The rollback to push 1 checks out its tag, while the branch holds version 2: version 1 is live again.
    let rollback = push(&app, d, json!({"comment": "back to version 1", "rollback_to": first_id})).await;
    let rollback_id = rollback["id"].as_i64().unwrap();
    let log = log_text(&app, rollback_id).await;
    assert_eq!(rollback["status"], "succeeded", "{rollback:#}\n{log}");
    assert!(log.contains(&format!("rolling back: checking out tag {tag}")), "{log}");
    assert!(log.contains("GET /: 200: hello from version 1"), "{log}");
    assert!(live_answer(&server.app, &server.venv).starts_with("200 hello from version 1"));
    assert!(server.live_build().ends_with(format!("push-{rollback_id}/venv")));
    let rollback_tag = rollback["tag"].as_str().unwrap();
    assert_eq!(repo.commit_of(rollback_tag), repo.commit_of(&tag), "the rollback's tag names version 1's commit");
    assert_ne!(repo.commit_of("main"), repo.commit_of(&tag));

    drop(worker);
    drop(sshd);
    let _ = std::fs::remove_dir_all(&root);
}
