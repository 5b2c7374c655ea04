//! `rolf audit` and `rolf service-accounts` against a real API: the filters reach the API and narrow the table,
//! a service account's tokens are listed without secrets and revoked one at a time, and every refusal exits 4
//! with the API's message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::{Method, StatusCode};
use rolf_tests::cli::Ran;
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> Ran {
    rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await
}

async fn username(app: &TestApp, token: &str) -> String {
    app.get("/api/v1/me", token).await.body["username"].as_str().unwrap().to_owned()
}

async fn issue(app: &TestApp, account: &str, body: Value) -> Value {
    app.admin(Method::POST, &format!("/api/v1/service-accounts/{account}/tokens"), Some(body)).await
}

#[tokio::test]
async fn audit_prints_the_trail_filtered_as_asked() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let path = app.admin(Method::GET, &format!("/api/v1/deployments/{dep}"), None).await;
    let name = format!("{}/{}", path["application"].as_str().unwrap(), path["name"].as_str().unwrap());
    let editor = app.user(&["editors"]).await;
    app.grant(dep, "editors", "edit").await;
    let ed = username(&app, &editor).await;
    for setting in ["ONE", "TWO"] {
        let reply =
            app.put(&format!("/api/v1/deployments/{dep}/settings/{setting}"), &editor, json!({"value": "v"})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    }
    app.admin(Method::PUT, &format!("/api/v1/deployments/{dep}/settings/THREE"), Some(json!({"value": "v"}))).await;

    // By actor and action, across the whole trail (admins).
    let ran = rolf(&app, &app.admin_token, &["audit", "--actor", &ed, "--action", "setting"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("ACTOR") && lines[0].contains("DEPLOYMENT"), "{ran:#?}");
    assert_eq!(lines.len(), 3, "two events: {ran:#?}");
    for line in &lines[1..] {
        assert!(line.contains(&ed) && line.contains("setting.put") && line.ends_with(&dep.to_string()), "{line}");
    }

    // An editor names the deployment (by name here) and pages with --limit and --before.
    let ran = rolf(&app, &editor, &["audit", "--deployment", &name, "--action", "setting.put", "--limit", "2"]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(ran.stdout.lines().count(), 3, "{ran:#?}");
    assert!(ran.stdout.lines().nth(1).unwrap().contains("admin"), "THREE, newest first: {ran:#?}");
    let more =
        ran.stderr.lines().find_map(|l| l.strip_prefix("==> more: --before ")).unwrap_or_else(|| panic!("{ran:#?}"));
    let ran =
        rolf(&app, &editor, &["audit", "-d", &dep.to_string(), "--action", "setting.put", "--before", more]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(ran.stdout.lines().count(), 2, "ONE is left: {ran:#?}");

    // Times, as the API's own JSON.
    let ran = rolf(
        &app,
        &app.admin_token,
        &["--json", "audit", "--actor", &ed, "--since", "2000-01-01T00:00:00Z", "--until", "2999-01-01T00:00:00Z"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let page: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(page["events"].as_array().unwrap().len(), 2, "{page:#}");
    let ran = rolf(&app, &app.admin_token, &["audit", "--actor", &ed, "--until", "2000-01-01T00:00:00Z"]).await;
    assert_eq!((ran.code, ran.stdout.lines().count()), (Some(0), 1), "only the header: {ran:#?}");

    // Refusals exit 4 with what the API said.
    let cases: [(&str, &[&str], &str); 5] = [
        ("a malformed time", &["audit", "--since", "yesterday"], "since must be an RFC 3339 time"),
        (
            "until before since",
            &["audit", "--since", "2026-01-02T00:00:00Z", "--until", "2026-01-01T00:00:00Z"],
            "until: must be after since",
        ),
        ("a malformed action", &["audit", "--action", "Setting"], "action: must be an action"),
        ("the whole trail for a non-admin", &["audit", "--actor", "admin"], "not allowed"),
        ("an unknown deployment", &["audit", "--deployment", "no/such"], "no deployment no/such"),
    ];
    for (what, args, message) in cases {
        let token = if what.contains("non-admin") { &editor } else { &app.admin_token };
        let ran = rolf(&app, token, args).await;
        assert_eq!(ran.code, Some(4), "{what}: {ran:#?}");
        assert!(ran.stderr.contains(message), "{what}: {ran:#?}");
    }
}

#[tokio::test]
async fn service_account_tokens_are_listed_without_secrets_and_revoked_one_at_a_time() {
    let app = TestApp::spawn().await;
    let bot = unique("bot");
    app.admin(Method::POST, "/api/v1/service-accounts", Some(json!({"name": bot, "groups": []}))).await;
    let deploy = issue(&app, &bot, json!({"name": "deploy"})).await;
    let nightly = issue(&app, &bot, json!({"name": "nightly", "expires_in_days": 30})).await;
    let secret = |t: &Value| t["token"].as_str().unwrap().to_owned();
    let other = app.user(&[]).await;

    let ran = rolf(&app, &app.admin_token, &["service-accounts", "tokens", &bot]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("LAST USED") && lines[0].ends_with("STATE"), "{ran:#?}");
    assert_eq!(lines.len(), 3, "{ran:#?}");
    assert!(
        lines[1].starts_with(&deploy["id"].to_string()) && lines[1].contains("deploy") && lines[1].ends_with("active"),
        "{ran:#?}"
    );
    assert!(lines[2].contains("nightly") && lines[2].contains("never") && lines[2].ends_with("active"), "{ran:#?}");
    assert!(!ran.stdout.contains(&secret(&deploy)) && !ran.stdout.contains(&secret(&nightly)), "{ran:#?}");

    // A token of someone else is not this account's: refused before anything is revoked.
    let other_id = app.get("/api/v1/tokens", &other).await.body[0]["id"].as_i64().unwrap();
    let ran = rolf(&app, &app.admin_token, &["service-accounts", "revoke", &bot, &other_id.to_string()]).await;
    assert_eq!(ran.code, Some(4), "{ran:#?}");
    assert!(ran.stderr.contains(&format!("service account {bot} has no token {other_id}")), "{ran:#?}");
    assert_eq!(app.get("/api/v1/me", &other).await.status, StatusCode::OK, "still valid");

    let id = deploy["id"].to_string();
    let ran = rolf(&app, &app.admin_token, &["service-accounts", "revoke", &bot, &id]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert!(ran.stdout.contains(&format!("token {id} (deploy) of {bot} revoked")), "{ran:#?}");
    assert_eq!(app.get("/api/v1/me", &secret(&deploy)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", &secret(&nightly)).await.status, StatusCode::OK);
    let ran = rolf(&app, &app.admin_token, &["--json", "service-accounts", "revoke", &bot, &id]).await;
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let shown: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert!(shown["revoked_at"].is_string() && shown.get("token").is_none(), "{shown:#}");
    let ran = rolf(&app, &app.admin_token, &["service-accounts", "tokens", &bot]).await;
    assert!(ran.stdout.lines().nth(1).unwrap().contains(" revoked "), "{ran:#?}");

    // Not an admin, no such account, a name no account has: exit 4.
    let cases: [(&str, &[&str], &str); 4] = [
        ("a non-admin", &["service-accounts", "tokens", &bot], "not allowed"),
        ("a non-admin revoking", &["service-accounts", "revoke", &bot, "1"], "not allowed"),
        ("no such account", &["service-accounts", "tokens", "no-such-bot"], "no service account no-such-bot"),
        ("a bad name", &["service-accounts", "tokens", "a b"], "is not a service account name"),
    ];
    for (what, args, message) in cases {
        let token = if what.starts_with("a non-admin") { &other } else { &app.admin_token };
        let ran = rolf(&app, token, args).await;
        assert_eq!(ran.code, Some(4), "{what}: {ran:#?}");
        assert!(ran.stderr.contains(message), "{what}: {ran:#?}");
    }
}
