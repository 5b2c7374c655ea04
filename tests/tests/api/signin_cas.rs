//! Sign-in through CAS against a test CAS server speaking protocol 3.0, and the session tokens it yields:
//! tickets good and bad, directory groups becoming Rolf groups and grants, the CAS server down or slow, the
//! browser redirect, token forgery and expiry, logout, the sign-in rate limit and the audit trail.

use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use reqwest::{Method, StatusCode};
use rolf_api::auth::jwt::SessionKeys;
use rolf_common::config::{AuthConfig, CasConfig, JwtKeys};
use rolf_common::ids::UserId;
use rolf_common::schema::{sessions, users};
use rolf_tests::cas::CasServer;
use rolf_tests::{JWT_SECRET, Options, Reply, TestApp};
use serde_json::{Value, json};

/// The one service prefix the test configuration allows.
const SERVICE: &str = "https://app.example.org/";
const TIMEOUT: Duration = Duration::from_secs(2);

async fn spawn() -> (TestApp, CasServer) {
    spawn_with(|_| {}).await
}

/// An API whose CAS sign-in points at a fresh CAS server; `tweak` adjusts the rest of the sign-in configuration.
async fn spawn_with(tweak: impl FnOnce(&mut AuthConfig)) -> (TestApp, CasServer) {
    let cas = CasServer::start().await;
    let mut auth = AuthConfig {
        cas: Some(CasConfig {
            url: cas.url(),
            groups_attribute: "groups".into(),
            allowed_services: vec![SERVICE.into()],
            timeout: TIMEOUT,
        }),
        ..AuthConfig::with_secret(JWT_SECRET)
    };
    tweak(&mut auth);
    let app = TestApp::spawn_with(Options { auth, ..Options::default() }).await;
    (app, cas)
}

async fn present(app: &TestApp, ticket: &str, service: &str) -> Reply {
    app.call(Method::POST, "/api/v1/auth/cas", None, Some(&json!({"ticket": ticket, "service": service}))).await
}

/// Signs `user` in with the given directory groups; answers the whole sign-in body.
async fn sign_in(app: &TestApp, cas: &CasServer, user: &str, groups: &[&str]) -> Value {
    let ticket = cas.issue(user, groups, SERVICE);
    let reply = present(app, &ticket, SERVICE).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body
}

async fn token(app: &TestApp, cas: &CasServer, user: &str, groups: &[&str]) -> String {
    sign_in(app, cas, user, groups).await["token"].as_str().unwrap().to_owned()
}

/// Creates a Rolf group (if missing) whose members are those of the given directory groups.
async fn map_group(app: &TestApp, group: &str, directory_groups: &[&str]) {
    let reply = app.post("/api/v1/groups", &app.admin_token, json!({"name": group})).await;
    assert!(reply.status == StatusCode::CREATED || reply.status == StatusCode::CONFLICT, "{reply:?}");
    app.admin(Method::PUT, &format!("/api/v1/groups/{group}/mappings"), Some(json!({"mappings": directory_groups})))
        .await;
}

async fn user_id(app: &TestApp, name: &str) -> Option<i64> {
    let name = name.to_owned();
    app.db
        .with(move |conn| users::table.filter(users::username.eq(name)).select(users::id).first::<i64>(conn).ok())
        .await
}

/// The ids of the user's sessions, oldest first.
async fn session_ids(app: &TestApp, user: i64) -> Vec<String> {
    app.db
        .with(move |conn| {
            sessions::table
                .filter(sessions::user_id.eq(user))
                .order(sessions::created_at)
                .select(sessions::id)
                .load::<String>(conn)
                .unwrap()
        })
        .await
}

fn ids(reply: &Reply) -> Vec<i64> {
    let mut ids: Vec<i64> = reply.body.as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_valid_ticket_signs_in_and_the_token_works() {
    let (app, cas) = spawn().await;
    assert_eq!(user_id(&app, "ann").await, None);
    let before = Utc::now();
    let body = sign_in(&app, &cas, "ann", &[]).await;
    assert_eq!(cas.validations(), 1);
    assert_eq!(body["user"], json!({"username": "ann", "groups": [], "admin": false}));
    let expires_at: chrono::DateTime<Utc> = body["expires_at"].as_str().unwrap().parse().unwrap();
    let hours = rolf_common::config::auth::DEFAULT_SESSION_HOURS;
    assert!(expires_at >= before + chrono::Duration::hours(hours) - chrono::Duration::seconds(1), "{expires_at}");
    assert!(expires_at <= Utc::now() + chrono::Duration::hours(hours), "{expires_at}");

    // The user is created by its first sign-in, as a CAS user.
    let id = user_id(&app, "ann").await.expect("a user row for ann");
    let source: String =
        app.db.with(move |conn| users::table.find(id).select(users::source).first(conn).unwrap()).await;
    assert_eq!(source, "cas");

    let token = body["token"].as_str().unwrap();
    let me = app.get("/api/v1/me", token).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body, json!({"username": "ann", "groups": [], "admin": false}));
    let listed = app.get("/api/v1/deployments", token).await;
    assert_eq!((listed.status, listed.body), (StatusCode::OK, json!([])));
}

#[tokio::test]
async fn rolf_groups_come_from_directory_groups() {
    let (app, cas) = spawn().await;
    map_group(&app, "deployers", &["ops-team", "release-managers"]).await;
    map_group(&app, "research", &["R&D <core>"]).await;
    map_group(&app, "unrelated", &["somebody-else"]).await;
    // A group named like a directory group needs no mapping.
    app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": "qa"}))).await;
    app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": "not-mine"}))).await;

    let body = sign_in(&app, &cas, "bob", &["ops-team", "qa", "R&D <core>", "no-such-rolf-group"]).await;
    let expected = json!({"username": "bob", "groups": ["deployers", "qa", "research"], "admin": false});
    assert_eq!(body["user"], expected);
    let me = app.get("/api/v1/me", body["token"].as_str().unwrap()).await;
    assert_eq!(me.body, expected);
}

#[tokio::test]
async fn a_directory_group_mapped_to_admins_makes_an_admin() {
    let (app, cas) = spawn().await;
    map_group(&app, "admins", &["cas-admins"]).await;

    let body = sign_in(&app, &cas, "root", &["cas-admins"]).await;
    assert_eq!(body["user"], json!({"username": "root", "groups": ["admins"], "admin": true}));
    let groups = app.get("/api/v1/groups", body["token"].as_str().unwrap()).await;
    assert_eq!(groups.status, StatusCode::OK, "{groups:?}");

    let body = sign_in(&app, &cas, "carl", &["staff"]).await;
    assert_eq!(body["user"]["admin"], false);
    let groups = app.get("/api/v1/groups", body["token"].as_str().unwrap()).await;
    assert_eq!((groups.status, groups.code()), (StatusCode::FORBIDDEN, "forbidden"));
}

#[tokio::test]
async fn groups_are_recomputed_at_every_sign_in() {
    let (app, cas) = spawn().await;
    map_group(&app, "alpha", &["dir-alpha"]).await;
    map_group(&app, "beta", &["dir-beta"]).await;

    let first = token(&app, &cas, "dora", &["dir-alpha"]).await;
    assert_eq!(app.get("/api/v1/me", &first).await.body["groups"], json!(["alpha"]));
    let id = user_id(&app, "dora").await.unwrap();

    let body = sign_in(&app, &cas, "dora", &["dir-beta"]).await;
    assert_eq!(body["user"]["groups"], json!(["beta"]));
    // Same user, and memberships are read at each request: the older session sees the new groups too.
    assert_eq!(user_id(&app, "dora").await, Some(id));
    assert_eq!(app.get("/api/v1/me", &first).await.body["groups"], json!(["beta"]));

    let body = sign_in(&app, &cas, "dora", &[]).await;
    assert_eq!(body["user"]["groups"], json!([]));
    assert_eq!(app.get("/api/v1/me", &first).await.body["groups"], json!([]));
}

#[tokio::test]
async fn the_user_sees_exactly_what_its_groups_are_granted() {
    let (app, cas) = spawn().await;
    let viewed = app.deployment("viewed").await;
    let edited = app.deployment("edited").await;
    let hidden = app.deployment("hidden").await;
    map_group(&app, "viewers", &["dir-viewers"]).await;
    app.grant(viewed, "viewers", "view").await;
    app.grant(edited, "editors", "edit").await;
    app.grant(hidden, "others", "edit").await;

    let token = token(&app, &cas, "eve", &["dir-viewers", "editors"]).await;
    let listed = app.get("/api/v1/deployments", &token).await;
    assert_eq!(listed.status, StatusCode::OK, "{listed:?}");
    assert_eq!(ids(&listed), vec![viewed, edited]);

    // A removed grant counts from the next request on, without signing in again.
    app.admin(Method::DELETE, &format!("/api/v1/deployments/{edited}/permissions/editors"), None).await;
    assert_eq!(ids(&app.get("/api/v1/deployments", &token).await), vec![viewed]);
    assert_eq!(app.get(&format!("/api/v1/deployments/{edited}"), &token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_view_grant_reads_but_does_not_write() {
    let (app, cas) = spawn().await;
    let viewed = app.deployment("viewed").await;
    let edited = app.deployment("edited").await;
    let hidden = app.deployment("hidden").await;
    app.grant(viewed, "viewers", "view").await;
    app.grant(edited, "editors", "edit").await;
    let token = token(&app, &cas, "fay", &["viewers", "editors"]).await;
    let patch = json!({"description": "changed"});

    let reply = app.get(&format!("/api/v1/deployments/{viewed}"), &token).await;
    assert_eq!((reply.status, &reply.body["name"]), (StatusCode::OK, &json!("viewed")));
    let reply = app.patch(&format!("/api/v1/deployments/{viewed}"), &token, patch.clone()).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"));
    let reply = app.get(&format!("/api/v1/audit?deployment_id={viewed}"), &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"));

    let reply = app.patch(&format!("/api/v1/deployments/{edited}"), &token, patch.clone()).await;
    assert_eq!((reply.status, &reply.body["description"]), (StatusCode::OK, &json!("changed")));

    for reply in [
        app.get(&format!("/api/v1/deployments/{hidden}"), &token).await,
        app.patch(&format!("/api/v1/deployments/{hidden}"), &token, patch.clone()).await,
    ] {
        assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{reply:?}");
    }
}

#[tokio::test]
async fn bad_tickets_are_refused() {
    let (app, cas) = spawn().await;
    let refused = |reply: Reply| {
        assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");
    };

    let used = cas.issue("gus", &[], SERVICE);
    assert_eq!(present(&app, &used, SERVICE).await.status, StatusCode::OK);
    refused(present(&app, &used, SERVICE).await);

    refused(present(&app, "ST-0000000000000000000000000000000", SERVICE).await);
    refused(present(&app, &cas.issue_expired("gus", &[], SERVICE), SERVICE).await);

    // Issued for one allowed service, presented for another: refused, and used up as the protocol says.
    let elsewhere = cas.issue("gus", &[], "https://app.example.org/one");
    refused(present(&app, &elsewhere, "https://app.example.org/two").await);
    refused(present(&app, &elsewhere, "https://app.example.org/one").await);
    assert_eq!(cas.validations(), 6);

    // An empty ticket is refused without a round trip.
    refused(present(&app, "", SERVICE).await);
    assert_eq!(cas.validations(), 6);
    assert_eq!(session_ids(&app, user_id(&app, "gus").await.unwrap()).await.len(), 1);
}

#[tokio::test]
async fn a_service_not_allowed_is_refused_before_asking_cas() {
    let (app, cas) = spawn().await;
    for service in ["https://evil.example.com/", "https://app.example.org.evil.com/", "http://app.example.org/", ""] {
        let ticket = cas.issue("hal", &[], service);
        let reply = present(&app, &ticket, service).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "bad_request"), "{service}: {reply:?}");
    }
    assert_eq!(cas.validations(), 0);
    assert_eq!(user_id(&app, "hal").await, None);
}

#[tokio::test]
async fn cas_down_is_a_503() {
    let (app, cas) = spawn().await;
    let ticket = cas.issue("ida", &[], SERVICE);
    cas.stop().await;
    let started = Instant::now();
    let reply = present(&app, &ticket, SERVICE).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::SERVICE_UNAVAILABLE, "directory_unavailable"), "{reply:?}");
    assert!(started.elapsed() < TIMEOUT, "took {:?}", started.elapsed());
    assert_eq!(user_id(&app, "ida").await, None);
}

#[tokio::test]
async fn a_cas_server_that_does_not_answer_is_a_503_after_the_timeout() {
    let (app, cas) = spawn().await;
    let ticket = cas.issue("jan", &[], SERVICE);
    cas.stall();
    let started = Instant::now();
    let reply = present(&app, &ticket, SERVICE).await;
    let took = started.elapsed();
    assert_eq!((reply.status, reply.code()), (StatusCode::SERVICE_UNAVAILABLE, "directory_unavailable"), "{reply:?}");
    assert!(took >= TIMEOUT && took < TIMEOUT + Duration::from_secs(3), "took {took:?}");
    assert_eq!(cas.validations(), 1);
}

#[tokio::test]
async fn the_login_route_redirects_to_the_cas_login_page() {
    let (app, cas) = spawn().await;
    let service = "https://app.example.org/deploy?next=/d/1&x=a b";
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/auth/cas/login"), &[("service", service)]).unwrap();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let resp = client.get(url.clone()).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("{}/login?service=https%3A%2F%2Fapp.example.org%2Fdeploy%3Fnext%3D%2Fd%2F1%26x%3Da+b", cas.url())
    );

    // Followed by a browser, the redirect lands on the CAS login form for that service.
    let page = reqwest::get(url).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.url().as_str(), location);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"password\""), "{html}");
    assert!(html.contains("value=\"https://app.example.org/deploy?next=/d/1&amp;x=a b\""), "{html}");

    let url = reqwest::Url::parse_with_params(
        &app.url("/api/v1/auth/cas/login"),
        &[("service", "https://evil.example.com/")],
    )
    .unwrap();
    let resp = client.get(url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
}

#[tokio::test]
async fn cas_sign_in_is_404_when_not_configured() {
    let app = TestApp::spawn().await;
    let reply = present(&app, "ST-whatever", SERVICE).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{reply:?}");
    let login = "/api/v1/auth/cas/login?service=https%3A%2F%2Fapp.example.org%2F";
    let reply = app.call(Method::GET, login, None, None).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{reply:?}");
}

#[tokio::test]
async fn logout_ends_that_session_only() {
    let (app, cas) = spawn().await;
    let kept = token(&app, &cas, "kim", &[]).await;
    let ended = token(&app, &cas, "kim", &[]).await;
    assert_eq!(app.get("/api/v1/me", &ended).await.status, StatusCode::OK);

    let reply = app.call(Method::POST, "/api/v1/auth/logout", Some(&ended), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    let reply = app.get("/api/v1/me", &ended).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    let reply = app.call(Method::POST, "/api/v1/auth/logout", Some(&ended), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", &kept).await.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_with_an_api_token_is_a_400() {
    let (app, _cas) = spawn().await;
    let reply = app.call(Method::POST, "/api/v1/auth/logout", Some(&app.admin_token), None).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "bad_request"), "{reply:?}");
    assert_eq!(app.get("/api/v1/me", &app.admin_token).await.status, StatusCode::OK);
}

fn keys(secret: &str) -> SessionKeys {
    SessionKeys::new(&JwtKeys::Hs256 { secret: secret.as_bytes().to_vec() }).unwrap()
}

fn parts(token: &str) -> [&str; 3] {
    let parts: Vec<&str> = token.split('.').collect();
    [parts[0], parts[1], parts[2]]
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let (app, cas) = spawn().await;
    let token = token(&app, &cas, "lou", &[]).await;
    let user = user_id(&app, "lou").await.unwrap();
    let session = session_ids(&app, user).await.remove(0);
    let [header, payload, signature] = parts(&token);
    let later = Utc::now() + chrono::Duration::days(30);

    // Claims for the same session (a longer life, then another user), spliced onto the genuine signature.
    let admin = user_id(&app, "admin").await.unwrap();
    let longer = keys("another-secret-another-secret-0123456789").issue(UserId(user), &session, later).unwrap();
    let other_user = keys("another-secret-another-secret-0123456789").issue(UserId(admin), &session, later).unwrap();
    let mut changed_signature = signature.to_owned();
    let first = if changed_signature.starts_with('A') { "B" } else { "A" };
    changed_signature.replace_range(..1, first);

    let forged = [
        ("changed payload", format!("{header}.{}.{signature}", parts(&longer)[1])),
        ("another user", format!("{header}.{}.{signature}", parts(&other_user)[1])),
        ("changed signature", format!("{header}.{payload}.{changed_signature}")),
        ("no signature", format!("{header}.{payload}.")),
        // {"alg":"none"}
        ("alg none", format!("eyJhbGciOiJub25lIn0.{payload}.")),
        // {"alg":"none","typ":"JWT"}
        ("alg none with typ", format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")),
        ("another secret", longer.clone()),
        ("not a JWT", "not.a.jwt".to_owned()),
    ];
    for (what, forged) in forged {
        let reply = app.get("/api/v1/me", &forged).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{what}: {reply:?}");
    }
    // None of that harmed the genuine token.
    assert_eq!(app.get("/api/v1/me", &token).await.body["username"], "lou");
}

#[tokio::test]
async fn expired_tokens_and_sessions_are_refused() {
    let (app, cas) = spawn().await;
    let token = token(&app, &cas, "max", &[]).await;
    let user = user_id(&app, "max").await.unwrap();
    let session = session_ids(&app, user).await.remove(0);
    let keys = keys(JWT_SECRET);

    // Signed with the real key for a live session: good until its own exp, not after.
    let fresh = keys.issue(UserId(user), &session, Utc::now() + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(app.get("/api/v1/me", &fresh).await.status, StatusCode::OK);
    let expired = keys.issue(UserId(user), &session, Utc::now() - chrono::Duration::seconds(5)).unwrap();
    let reply = app.get("/api/v1/me", &expired).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");

    // A token naming a session that does not exist, or another user's session.
    let unknown =
        keys.issue(UserId(user), "0123456789abcdef0123456789abcdef", Utc::now() + chrono::Duration::minutes(5));
    assert_eq!(app.get("/api/v1/me", &unknown.unwrap()).await.status, StatusCode::UNAUTHORIZED);
    let admin = user_id(&app, "admin").await.unwrap();
    let stolen = keys.issue(UserId(admin), &session, Utc::now() + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(app.get("/api/v1/me", &stolen).await.status, StatusCode::UNAUTHORIZED);

    // The session row ends before the token's own exp: the row decides.
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    app.db
        .with(move |conn| {
            diesel::update(sessions::table.find(session))
                .set(sessions::expires_at.eq(Utc::now() - chrono::Duration::seconds(1)))
                .execute(conn)
                .unwrap()
        })
        .await;
    app.forget_callers();
    let reply = app.get("/api/v1/me", &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");
}

#[tokio::test]
async fn a_deleted_user_loses_its_sessions() {
    let (app, cas) = spawn().await;
    let token = token(&app, &cas, "ned", &[]).await;
    let user = user_id(&app, "ned").await.unwrap();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    // Users are deleted with SQL (the API has no such operation), which the README says to follow with an INCR of
    // the credentials' generation for it to hold at once rather than within 10 s.
    app.db.with(move |conn| diesel::delete(users::table.find(user)).execute(conn).unwrap()).await;
    app.forget_callers();
    let reply = app.get("/api/v1/me", &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_for_a_good_ticket() {
    let (app, cas) = spawn_with(|auth| auth.login_max_failures = 3).await;
    for i in 0..3 {
        let reply = present(&app, &format!("ST-bad-{i}"), SERVICE).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{reply:?}");
    }
    let good = cas.issue("oli", &[], SERVICE);
    let resp = app
        .client
        .post(app.url("/api/v1/auth/cas"))
        .json(&json!({"ticket": good, "service": SERVICE}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=rolf_common::config::auth::DEFAULT_LOGIN_WINDOW_SECONDS).contains(&retry_after), "{retry_after}");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    // Throttled before the round trip: the good ticket was not even shown to CAS.
    assert_eq!(cas.validations(), 3);
    assert_eq!(user_id(&app, "oli").await, None);
}

#[tokio::test]
async fn sign_ins_failures_and_logouts_are_audited() {
    let (app, cas) = spawn().await;
    let token = token(&app, &cas, "pat", &["dir-x"]).await;
    let user = user_id(&app, "pat").await.unwrap();
    let bad = present(&app, "ST-unknown-ticket-in-the-audit", SERVICE).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let reply = app.call(Method::POST, "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);

    let audit = app.admin(Method::GET, "/api/v1/audit", None).await;
    let events = audit["events"].as_array().unwrap();
    let find = |action: &str| {
        let found: Vec<&Value> = events.iter().filter(|e| e["action"] == action).collect();
        assert_eq!(found.len(), 1, "{action} in {events:#?}");
        found[0].clone()
    };
    let create = find("session.create");
    assert_eq!(
        (&create["actor"], &create["actor_id"], &create["target_id"]),
        (&json!("pat"), &json!(user), &json!(user))
    );
    assert_eq!(create["after"]["source"], "cas");
    assert_eq!(create["after"]["directory_groups"], json!(["dir-x"]));
    assert_eq!(create["after"]["client_address"], "127.0.0.1");
    let fail = find("session.fail");
    assert_eq!(fail["actor_id"], Value::Null);
    assert_eq!(fail["after"]["source"], "cas");
    assert!(!fail.to_string().contains("ST-unknown-ticket-in-the-audit"), "the whole ticket is logged: {fail}");
    let revoke = find("session.revoke");
    assert_eq!((&revoke["actor"], &revoke["actor_id"]), (&json!("pat"), &json!(user)));
}

#[tokio::test]
async fn a_name_taken_by_a_service_account_is_refused() {
    let (app, cas) = spawn().await;
    let reply = present(&app, &cas.issue("admin", &["admins"], SERVICE), SERVICE).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{reply:?}");
    let admin = user_id(&app, "admin").await.unwrap();
    assert_eq!(session_ids(&app, admin).await, Vec::<String>::new());
    let source: String =
        app.db.with(move |conn| users::table.find(admin).select(users::source).first(conn).unwrap()).await;
    assert_eq!(source, "service");
}

/// A client whose requests come from `address` (any 127.x.y.z reaches a server bound to 127.0.0.1).
fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder().local_address(std::net::IpAddr::from(address)).build().unwrap()
}

#[tokio::test]
async fn the_limit_counts_failures_per_address() {
    let (app, cas) = spawn_with(|auth| auth.login_max_failures = 3).await;
    let attempt = |client: reqwest::Client, ticket: String| {
        let url = app.url("/api/v1/auth/cas");
        async move { client.post(url).json(&json!({"ticket": ticket, "service": SERVICE})).send().await.unwrap() }
    };
    let guesser = client_from([127, 0, 0, 2]);
    for i in 0..3 {
        let resp = attempt(guesser.clone(), format!("ST-guess-{i}")).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    let resp = attempt(guesser.clone(), cas.issue("quinn", &[], SERVICE)).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    // Tickets carry no username: a guessing run from one address must not lock everybody else out.
    let resp = attempt(client_from([127, 0, 0, 3]), cas.issue("quinn", &[], SERVICE)).await;
    assert_eq!(resp.status(), StatusCode::OK);
}
