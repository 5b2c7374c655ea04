//! A whole Rolf for the web interface's end-to-end tests (web/e2e): a fresh Postgres database, an API on a free
//! port serving the built web app (`ROLF_WEB_DIR`), a real worker, and a throwaway slapd whose users have each
//! level, with deployments seeded. Prints one JSON line (the URL, the users, the seeded ids), then runs until
//! its standard input closes, and then stops everything and removes what it made.
//!
//! Usage: ROLF_WEB_DIR=web/dist rolf-stack
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::io::Read;
use std::time::Duration;

use reqwest::Method;
use rolf_common::config::{AuthConfig, CasConfig, WebConfig};
use rolf_tests::cas::CasServer;
use rolf_tests::slapd::Slapd;
use rolf_tests::{JWT_SECRET, Options, TestApp};
use serde_json::{Value, json};

/// Never shown: the e2e tests check that no page contains it.
const SECRET: &str = "s3cr3t-Hunter2-never-shown";

/// Prints lines over about two seconds, so a follower sees them arrive one by one.
const BUILD: &str = r#"echo "building $BRANCH (dry run: $DRY_RUN)"
for i in $(seq 1 20); do echo "build step $i of 20"; sleep 0.1; done
echo "a warning on stderr" >&2
echo "using key $API_KEY""#;
const DEPLOY: &str = r#"echo "deploying $BRANCH to $REGION"
if [ -n "$ROLF_ROLLBACK_TAG" ]; then echo "rolling back to $ROLF_ROLLBACK_TAG"; fi
echo "deployed""#;

#[tokio::main]
async fn main() {
    let web_dir = std::env::var("ROLF_WEB_DIR").expect("set ROLF_WEB_DIR to the built web app (web/dist)");
    let slapd = Slapd::start();
    // A CAS server speaking the protocol, with a login form a browser fills in; carol is in sysadmins (admin).
    let cas = CasServer::start().await;
    cas.add_account("carol", "carol-pw", &["sysadmins"]);
    let cas_config = CasConfig {
        url: cas.url(),
        groups_attribute: "groups".to_owned(),
        // The API's port is chosen when it binds, after this: any page on this host may be the service.
        allowed_services: vec!["http://127.0.0.1:".to_owned()],
        timeout: Duration::from_secs(5),
    };
    let app = TestApp::spawn_with(Options {
        auth: AuthConfig { ldap: Some(slapd.config()), cas: Some(cas_config), ..AuthConfig::with_secret(JWT_SECRET) },
        web: WebConfig { dir: Some(web_dir.into()), cors_origins: vec![] },
        ..Options::default()
    })
    .await;
    let worker = app.worker(&[("ROLF_KILL_GRACE_SECONDS", "2")]);
    let seeded = seed(&app).await;
    let line = json!({
        "url": app.base,
        "users": {
            // erin is in the directory group qa, mapped to `viewers` (view); bob in devs (push);
            // alice in ops, mapped to `operators` (edit); dave in sysadmins, mapped to `admins`.
            "view": {"username": "erin", "password": "erin-pw"},
            "push": {"username": "bob", "password": "bob-pw"},
            "edit": {"username": "alice", "password": "alice-pw"},
            "admin": {"username": "dave", "password": "dave-pw"},
        },
        "cas_user": {"username": "carol", "password": "carol-pw"},
        "secret": SECRET,
        // For tests that change grants behind a page's back (a 403 the page did not expect).
        "admin_token": app.admin_token,
        "deployments": seeded,
    });
    println!("{line}");

    // Until whoever started us goes away (its end of the pipe closes).
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    })
    .await;
    drop(worker);
    drop(app);
    drop(cas);
    // The database is dropped and the queue's keys removed here, synchronously; the process then exits.
    drop(slapd);
}

async fn post(app: &TestApp, path: &str, body: Value) -> Value {
    app.admin(Method::POST, path, Some(body)).await
}

async fn seed(app: &TestApp) -> Value {
    for group in ["viewers", "devs", "operators", "admins"] {
        post(app, "/api/v1/groups", json!({"name": group})).await;
    }
    app.admin(Method::PUT, "/api/v1/groups/viewers/mappings", Some(json!({"mappings": ["qa"]}))).await;
    app.admin(Method::PUT, "/api/v1/groups/operators/mappings", Some(json!({"mappings": ["ops"]}))).await;
    app.admin(Method::PUT, "/api/v1/groups/admins/mappings", Some(json!({"mappings": ["sysadmins"]}))).await;

    let web = post(app, "/api/v1/categories", json!({"name": "web"})).await;
    let tools = post(app, "/api/v1/categories", json!({"name": "tools"})).await;
    let shop = post(app, "/api/v1/applications", json!({"category_id": web["id"], "name": "shop"})).await;
    let blog = post(app, "/api/v1/applications", json!({"category_id": web["id"], "name": "blog"})).await;
    let batch = post(app, "/api/v1/applications", json!({"category_id": tools["id"], "name": "batch"})).await;

    let production = deployment(app, &shop, "production", "The live shop.").await;
    let old = deployment(app, &blog, "legacy", "The old blog.").await;
    app.admin(Method::PATCH, &format!("/api/v1/deployments/{old}"), Some(json!({"deprecated": true}))).await;
    let slow = deployment(app, &batch, "nightly", "A long job, for cancelling.").await;
    let huge = deployment(app, &batch, "huge", "Prints a million lines.").await;

    for d in [production, old, slow, huge] {
        app.grant(d, "viewers", "view").await;
        app.grant(d, "devs", "push").await;
        app.grant(d, "operators", "edit").await;
    }

    let stages = format!("/api/v1/deployments/{production}/stages");
    post(app, &stages, json!({"name": "build", "language": "bash", "code": BUILD})).await;
    post(app, &stages, json!({"name": "deploy", "language": "bash", "code": DEPLOY})).await;
    let flags = format!("/api/v1/deployments/{production}/flags");
    post(
        app,
        &flags,
        json!({"name": "Branch", "varname": "BRANCH", "default": "main", "description": "what to build"}),
    )
    .await;
    post(app, &flags, json!({"name": "Dry run", "varname": "DRY_RUN", "default": "false", "kind": "boolean"})).await;
    let settings = format!("/api/v1/deployments/{production}/settings");
    app.admin(Method::PUT, &format!("{settings}/REGION"), Some(json!({"value": "eu-west"}))).await;
    app.admin(Method::PUT, &format!("{settings}/API_KEY"), Some(json!({"value": SECRET, "secret": true}))).await;

    post(
        app,
        &format!("/api/v1/deployments/{slow}/stages"),
        json!({"name": "wait", "language": "bash", "code": "echo started waiting\nsleep 600"}),
    )
    .await;

    post(
        app,
        &format!("/api/v1/deployments/{huge}/stages"),
        json!({"name": "print", "language": "bash", "code": "seq 1 1000000 | sed 's/^/line /'"}),
    )
    .await;

    // One finished, tagged push to roll back to.
    let first = post(
        app,
        &format!("/api/v1/deployments/{production}/pushes"),
        json!({"comment": "first release", "flags": {"BRANCH": "release-1.0"}}),
    )
    .await;
    let first = first["id"].as_i64().unwrap();
    let done = app.wait_push(first, &["succeeded", "failed"], Duration::from_secs(60)).await;
    assert_eq!(done["status"], "succeeded", "the seeded push failed: {done}");
    json!({"production": production, "legacy": old, "nightly": slow, "huge": huge, "tagged_push": first, "tag": done["tag"]})
}

async fn deployment(app: &TestApp, application: &Value, name: &str, description: &str) -> i64 {
    let d = post(
        app,
        "/api/v1/deployments",
        json!({"application_id": application["id"], "name": name, "description": description}),
    )
    .await;
    d["id"].as_i64().unwrap()
}
