//! LDAP sign-in against a real slapd.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use rolf_common::config::AuthConfig;
use rolf_tests::slapd::Slapd;
use rolf_tests::{JWT_SECRET, Options, Reply, TestApp};
use serde_json::{Value, json};

async fn spawn(slapd: &Slapd) -> TestApp {
    spawn_with(slapd.config(), 10).await
}

async fn spawn_with(ldap: rolf_common::config::LdapConfig, max_failures: u32) -> TestApp {
    TestApp::spawn_with(Options {
        auth: AuthConfig { ldap: Some(ldap), login_max_failures: max_failures, ..AuthConfig::with_secret(JWT_SECRET) },
        ..Options::default()
    })
    .await
}

async fn login(app: &TestApp, username: &str, password: &str) -> Reply {
    app.call(Method::POST, "/api/v1/auth/login", None, Some(&json!({"username": username, "password": password}))).await
}

/// Rolf groups for the seed's directory groups: `operators` maps `ops`; `devs` matches by name; `sysadmins`
/// maps onto the admin group.
async fn map_groups(app: &TestApp) {
    for group in ["operators", "devs", "admins", "unrelated"] {
        app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": group}))).await;
    }
    app.admin(Method::PUT, "/api/v1/groups/operators/mappings", Some(json!({"mappings": ["ops"]}))).await;
    app.admin(Method::PUT, "/api/v1/groups/admins/mappings", Some(json!({"mappings": ["sysadmins"]}))).await;
}

fn token(reply: &Reply) -> String {
    reply.body["token"].as_str().unwrap_or_else(|| panic!("no token in {:?}", reply.body)).to_owned()
}

#[tokio::test]
async fn a_good_password_signs_in_with_mapped_groups() {
    let slapd = Slapd::start();
    let app = spawn(&slapd).await;
    map_groups(&app).await;

    let reply = login(&app, "alice", "alice-pw").await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["user"], json!({"username": "alice", "groups": ["devs", "operators"], "admin": false}));
    assert!(reply.body["expires_at"].as_str().is_some());
    let me = app.get("/api/v1/me", &token(&reply)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body, reply.body["user"]);

    let bob = login(&app, "bob", "bob-pw").await;
    assert_eq!(bob.body["user"]["groups"], json!(["devs"]));
    let carol = login(&app, "carol", "carol-pw").await;
    assert_eq!(carol.status, StatusCode::OK);
    assert_eq!(carol.body["user"]["groups"], json!([]));
    let dave = login(&app, "dave", "dave-pw").await;
    assert_eq!(dave.body["user"], json!({"username": "dave", "groups": ["admins"], "admin": true}));
    // groupOfUniqueNames membership counts too; `qa` has no Rolf group, so it grants nothing.
    let erin = login(&app, "erin", "erin-pw").await;
    assert_eq!(erin.status, StatusCode::OK);
    assert_eq!(erin.body["user"]["groups"], json!([]));
}

#[tokio::test]
async fn every_bad_attempt_gets_the_same_401() {
    let slapd = Slapd::start();
    let app = spawn_with(slapd.config(), 1000).await;
    let attempts = [
        ("alice", "wrong"),
        ("alice", ""),
        ("nobody", "whatever"),
        ("*", "alice-pw"),
        ("*)(uid=*", "alice-pw"),
        ("alice)(|(uid=*", "x"),
        ("", "alice-pw"),
        ("ALICE\u{0}", "alice-pw"),
    ];
    let mut bodies = Vec::new();
    for (username, password) in attempts {
        let reply = login(&app, username, password).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{username:?}/{password:?}: {:?}", reply.body);
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "401 bodies differ: {bodies:?}");
    assert_eq!(bodies[0]["error"]["code"], "unauthorized");
    // Nobody was created by a failed attempt.
    let users: i64 = app
        .db
        .with(|conn| {
            use diesel::prelude::*;
            rolf_common::schema::users::table.count().get_result(conn).unwrap()
        })
        .await;
    assert_eq!(users, 1, "only the test's admin exists");
}

#[tokio::test]
async fn failures_and_successes_take_about_the_same_time() {
    let slapd = Slapd::start();
    let app = spawn_with(slapd.config(), 1000).await;
    let mut timings: Vec<(String, Duration)> = Vec::new();
    for (username, password) in [("alice", "alice-pw"), ("alice", "wrong"), ("nobody", "x"), ("alice", "")] {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            login(&app, username, password).await;
            best = best.min(start.elapsed());
        }
        timings.push((format!("{username}/{password}"), best));
    }
    // A shape check, not a benchmark: no path may skip the directory round trips the others make.
    let fastest = timings.iter().map(|t| t.1).min().unwrap();
    for (case, time) in &timings {
        assert!(*time < fastest * 4 + Duration::from_millis(20), "{case} took {time:?}; fastest {fastest:?}");
    }
}

#[tokio::test]
async fn a_directory_group_change_shows_at_the_next_sign_in() {
    let slapd = Slapd::start();
    let app = spawn(&slapd).await;
    map_groups(&app).await;
    let before = login(&app, "alice", "alice-pw").await;
    assert_eq!(before.body["user"]["groups"], json!(["devs", "operators"]));
    slapd.modify(
        "dn: cn=ops,ou=groups,dc=rolf,dc=test\nchangetype: modify\nreplace: member\nmember: uid=bob,ou=people,dc=rolf,dc=test\n",
    );
    let after = login(&app, "alice", "alice-pw").await;
    assert_eq!(after.body["user"]["groups"], json!(["devs"]));
    // The old session sees the change too: groups are read from the database at each request.
    let me = app.get("/api/v1/me", &token(&before)).await;
    assert_eq!(me.body["groups"], json!(["devs"]));
    let bob = login(&app, "bob", "bob-pw").await;
    assert_eq!(bob.body["user"]["groups"], json!(["devs", "operators"]));
}

#[tokio::test]
async fn a_user_sees_exactly_the_deployments_its_groups_allow() {
    let slapd = Slapd::start();
    let app = spawn(&slapd).await;
    map_groups(&app).await;
    let visible = app.deployment("visible").await;
    let editable = app.deployment("editable").await;
    let hidden = app.deployment("hidden").await;
    app.grant(visible, "operators", "view").await;
    app.grant(editable, "devs", "edit").await;
    app.grant(hidden, "unrelated", "edit").await;

    let alice = token(&login(&app, "alice", "alice-pw").await);
    let list = app.get("/api/v1/deployments", &alice).await;
    let mut ids: Vec<i64> = list.body.as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, vec![visible, editable]);
    assert_eq!(app.get(&format!("/api/v1/deployments/{hidden}"), &alice).await.status, StatusCode::NOT_FOUND);
    let patch = app.patch(&format!("/api/v1/deployments/{visible}"), &alice, json!({"description": "x"})).await;
    assert_eq!(patch.status, StatusCode::FORBIDDEN);
    let patch = app.patch(&format!("/api/v1/deployments/{editable}"), &alice, json!({"description": "x"})).await;
    assert_eq!(patch.status, StatusCode::OK);

    // A grant removed takes effect on the next request, session or not.
    app.delete(&format!("/api/v1/deployments/{visible}/permissions/operators"), &app.admin_token).await;
    assert_eq!(app.get(&format!("/api/v1/deployments/{visible}"), &alice).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_stopped_directory_answers_503_not_401_or_500() {
    let slapd = Slapd::start();
    let app = spawn(&slapd).await;
    assert_eq!(login(&app, "alice", "alice-pw").await.status, StatusCode::OK);
    slapd.stop();
    let started = Instant::now();
    let reply = login(&app, "alice", "alice-pw").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", reply.body);
    assert_eq!(reply.code(), "directory_unavailable");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_directory_that_never_answers_is_503_within_the_timeout() {
    // Accepts connections and says nothing, like a hung server.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let slapd_like = rolf_common::config::LdapConfig {
        url: format!("ldap://127.0.0.1:{port}/"),
        timeout: Duration::from_secs(1),
        ..Slapd::start().config()
    };
    let app = spawn_with(slapd_like, 10).await;
    let started = Instant::now();
    let reply = login(&app, "alice", "alice-pw").await;
    let took = started.elapsed();
    drop(listener);
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", reply.body);
    assert_eq!(reply.code(), "directory_unavailable");
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(3), "took {took:?}");
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_retry_after() {
    let slapd = Slapd::start();
    let app = spawn_with(slapd.config(), 3).await;
    for _ in 0..3 {
        assert_eq!(login(&app, "bob", "wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "bob", "password": "bob-pw"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&retry), "Retry-After {retry}");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
}

#[tokio::test]
async fn sign_ins_failures_and_logouts_are_audited() {
    let slapd = Slapd::start();
    let app = spawn(&slapd).await;
    assert_eq!(login(&app, "carol", "nope").await.status, StatusCode::UNAUTHORIZED);
    let carol = token(&login(&app, "carol", "carol-pw").await);
    let out = app.call(Method::POST, "/api/v1/auth/logout", Some(&carol), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", &carol).await.status, StatusCode::UNAUTHORIZED);

    let audit = app.get("/api/v1/audit", &app.admin_token).await;
    let actions: Vec<(String, String)> = audit.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap().to_owned()))
        .collect();
    for wanted in ["session.fail", "session.create", "session.revoke"] {
        assert!(actions.contains(&(wanted.to_owned(), "carol".to_owned())), "{wanted} missing in {actions:?}");
    }
    // The password never reaches the audit trail.
    assert!(!audit.body.to_string().contains("carol-pw"));
}

#[tokio::test]
async fn rs256_sessions_work_and_refuse_algorithm_confusion() {
    let dir = std::env::temp_dir().join(rolf_tests::unique("rolf-rsa"));
    std::fs::create_dir_all(&dir).unwrap();
    let (private, public) = (dir.join("private.pem"), dir.join("public.pem"));
    let ok = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out"])
        .arg(&private)
        .status()
        .unwrap()
        .success();
    assert!(ok, "openssl genpkey failed");
    let ok = std::process::Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(&private)
        .arg("-out")
        .arg(&public)
        .status()
        .unwrap()
        .success();
    assert!(ok, "openssl pkey failed");
    let public_pem = std::fs::read(&public).unwrap();
    let keys = rolf_common::config::JwtKeys::Rs256 {
        private_pem: std::fs::read(&private).unwrap(),
        public_pem: public_pem.clone(),
    };
    std::fs::remove_dir_all(&dir).unwrap();

    let slapd = Slapd::start();
    let app = TestApp::spawn_with(Options {
        auth: AuthConfig { ldap: Some(slapd.config()), jwt: keys, ..AuthConfig::with_secret(JWT_SECRET) },
        ..Options::default()
    })
    .await;
    let reply = login(&app, "bob", "bob-pw").await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let token = token(&reply);
    let header: Value = serde_json::from_slice(&base64_url_decode(token.split('.').next().unwrap())).unwrap();
    assert_eq!(header["alg"], "RS256");
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);

    // The classic confusion: the same claims signed with HS256 using the public key as the HMAC secret.
    let payload = token.split('.').nth(1).unwrap();
    let forged_header = base64_url_encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let signing_input = format!("{forged_header}.{payload}");
    let signature = hmac_sha256(&public_pem, signing_input.as_bytes());
    let forged = format!("{signing_input}.{}", base64_url_encode(&signature));
    assert_eq!(app.get("/api/v1/me", &forged).await.status, StatusCode::UNAUTHORIZED);
}

fn base64_url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let values: Vec<u32> = text.chars().map(|c| ALPHABET.find(c).unwrap() as u32).collect();
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, v)| acc | (v << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).chain(message.iter().copied()).collect();
    let inner_hash = Sha256::digest(&inner);
    let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).chain(inner_hash.iter().copied()).collect();
    Sha256::digest(&outer).to_vec()
}
