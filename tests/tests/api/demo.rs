//! The quickstart's demo stages (scripts/demo/*.sh) against a throwaway git repository: push, push again, roll
//! back, exactly as a newcomer would.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use rolf_tests::TestApp;
use serde_json::json;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn script(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/demo").join(name)).unwrap()
}

#[tokio::test]
async fn the_demo_deployment_pushes_tags_and_rolls_back() {
    let root = std::env::temp_dir().join(rolf_tests::unique("rolf-demo"));
    let (repo, seed, www) = (root.join("repo.git"), root.join("seed"), root.join("www"));
    std::fs::create_dir_all(&seed).unwrap();
    git(&root, &["init", "--quiet", "--bare", "repo.git"]);
    git(&seed, &["init", "--quiet"]);
    std::fs::write(seed.join("index.html"), "version 1\n").unwrap();
    git(&seed, &["add", "index.html"]);
    git(&seed, &["commit", "--quiet", "-m", "one"]);
    git(&seed, &["push", "--quiet", repo.to_str().unwrap(), "HEAD:main"]);

    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let d = app.deployment("production").await;
    let base = format!("/api/v1/deployments/{d}");
    for (name, value) in [("REPO", repo.to_str().unwrap()), ("DEPLOY_DIR", www.to_str().unwrap())] {
        app.admin(Method::PUT, &format!("{base}/settings/{name}"), Some(json!({"value": value}))).await;
    }
    app.admin(
        Method::POST,
        &format!("{base}/flags"),
        Some(json!({"name": "Branch", "varname": "BRANCH", "default": "main"})),
    )
    .await;
    app.admin(
        Method::POST,
        &format!("{base}/flags"),
        Some(json!({"name": "Smoke", "varname": "SMOKE_TEST", "kind": "boolean", "default": "true"})),
    )
    .await;
    for stage in ["checkout", "deploy"] {
        app.admin(
            Method::POST,
            &format!("{base}/stages"),
            Some(json!({"name": stage, "language": "bash", "code": script(&format!("{stage}.sh"))})),
        )
        .await;
    }
    let run = |body: serde_json::Value| {
        let app = &app;
        let base = base.clone();
        async move {
            let id = app.admin(Method::POST, &format!("{base}/pushes"), Some(body)).await["id"].as_i64().unwrap();
            app.wait_push(id, &["succeeded", "failed"], Duration::from_secs(60)).await
        }
    };
    let first = run(json!({"comment": "first"})).await;
    assert_eq!(first["status"], "succeeded", "{first}");
    let first_tag = first["tag"].as_str().unwrap().to_owned();
    let current = || std::fs::read_to_string(www.join("current/index.html")).unwrap();
    assert_eq!(current(), "version 1\n");

    std::fs::write(seed.join("index.html"), "version 2\n").unwrap();
    git(&seed, &["commit", "--quiet", "-am", "two"]);
    git(&seed, &["push", "--quiet", repo.to_str().unwrap(), "HEAD:main"]);
    let second = run(json!({"comment": "second"})).await;
    assert_eq!(second["status"], "succeeded", "{second}");
    assert_eq!(current(), "version 2\n");

    let back = run(json!({"comment": "back", "rollback_to": first["id"]})).await;
    assert_eq!(back["status"], "succeeded", "{back}");
    assert_eq!(back["tag"], first_tag.as_str());
    assert_eq!(current(), "version 1\n");
    let log = app.log(back["id"].as_i64().unwrap()).await;
    assert!(log.iter().any(|l| l["text"] == format!("rolling back to {first_tag}")), "{log:?}");
    std::fs::remove_dir_all(&root).unwrap();
}
