//! The web interface served by `rolf-api` (`ROLF_WEB_DIR`) and CORS for one hosted elsewhere (`ROLF_CORS_ORIGINS`).

use reqwest::{Method, StatusCode};
use rolf_common::config::WebConfig;
use rolf_tests::{Options, TestApp, unique};

const INDEX: &str =
    "<!doctype html><title>Rolf</title><script type=\"module\" src=\"/assets/index-abc123.js\"></script>";
const SCRIPT: &str = "console.log('rolf')";

/// A built app as Vite lays it out: index.html and hashed assets.
struct Site(std::path::PathBuf);

impl Site {
    fn new() -> Site {
        let dir = std::env::temp_dir().join(unique("rolf-web"));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), INDEX).unwrap();
        std::fs::write(dir.join("assets/index-abc123.js"), SCRIPT).unwrap();
        std::fs::write(dir.join("robots.txt"), "User-agent: *\n").unwrap();
        Site(dir)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn serving(site: &Site, cors: &[&str]) -> TestApp {
    TestApp::spawn_with(Options {
        web: WebConfig { dir: Some(site.0.clone()), cors_origins: cors.iter().map(|o| o.to_string()).collect() },
        ..Options::default()
    })
    .await
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn pages_get_index_html_with_a_strict_policy_and_no_cache() {
    let site = Site::new();
    let app = serving(&site, &[]).await;
    for path in ["/", "/deployments/3", "/pushes/42?x=1", "/sign-in"] {
        let r = get(&app, path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
        assert_eq!(header(&r, "cache-control"), "no-cache");
        let csp = header(&r, "content-security-policy").to_owned();
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff");
        assert_eq!(r.text().await.unwrap(), INDEX);
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_other_files_revalidated() {
    let site = Site::new();
    let app = serving(&site, &[]).await;
    let r = get(&app, "/assets/index-abc123.js").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(header(&r, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(r.text().await.unwrap(), SCRIPT);
    let r = get(&app, "/robots.txt").await;
    assert_eq!(header(&r, "cache-control"), "no-cache");
    let head = app.client.head(app.url("/")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "content-length"), INDEX.len().to_string());
}

#[tokio::test]
async fn missing_files_api_paths_and_escapes_are_404s_not_the_app() {
    let site = Site::new();
    let app = serving(&site, &[]).await;
    for path in ["/assets/index-old.js", "/favicon.ico", "/api/v1/nothing", "/api", "/.hidden"] {
        let reply = app.get(path, &app.admin_token).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {:?}", reply.body);
        assert_eq!(reply.code(), "not_found", "{path}");
    }
    // An encoded `..` is a name like any other: a page path, never a way out.
    let r = get(&app, "/%2e%2e/%2e%2e/etc/passwd").await;
    assert_eq!(r.text().await.unwrap(), INDEX);
    // A raw `..` (clients normalise it away, so send it as written).
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /assets/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(!answer.contains("root:"), "{answer}");
    // Writes to a page path are not pages either.
    let reply = app.call(Method::POST, "/deployments/3", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // And the API itself is untouched.
    let me = app.get("/api/v1/me", &app.admin_token).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn without_a_web_dir_no_pages_are_served() {
    let app = TestApp::spawn().await;
    let reply = app.call(Method::GET, "/", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
}

#[tokio::test]
async fn cors_allows_the_listed_origins_only() {
    let site = Site::new();
    let allowed = "http://rolf-web.example:5173";
    let app = serving(&site, &[allowed]).await;

    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/deployments"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .send()
    };
    let ok = preflight(allowed).await.unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&ok, "access-control-allow-origin"), allowed);
    assert!(header(&ok, "access-control-allow-headers").contains("Authorization"));
    assert!(header(&ok, "access-control-allow-methods").contains("POST"));
    let other = preflight("http://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let call = |origin: &'static str| {
        app.client.get(app.url("/api/v1/me")).bearer_auth(&app.admin_token).header("Origin", origin).send()
    };
    let r = call(allowed).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "access-control-allow-origin"), allowed);
    assert!(header(&r, "vary").contains("Origin"));
    let r = call("http://evil.example").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("access-control-allow-origin").is_none());

    // Refusals carry the header too, so the page can read the error's message.
    let denied = app.client.get(app.url("/api/v1/me")).header("Origin", allowed).send().await.unwrap();
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&denied, "access-control-allow-origin"), allowed);
}

#[tokio::test]
async fn by_default_no_origin_is_allowed() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/me"))
        .header("Origin", "http://127.0.0.1:5173")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    assert_ne!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_sign_in_page_learns_which_methods_are_on_without_a_token() {
    let app = TestApp::spawn().await;
    let reply = app.call(Method::GET, "/api/v1/auth/methods", None, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body, serde_json::json!({"ldap": false, "cas": null}));

    let ldap = rolf_common::config::LdapConfig {
        url: "ldap://127.0.0.1:9/".to_owned(),
        bind_dn: None,
        bind_password: None,
        user_base: "ou=people,dc=rolf,dc=test".to_owned(),
        user_filter: rolf_common::config::auth::DEFAULT_LDAP_USER_FILTER.to_owned(),
        group_base: "ou=groups,dc=rolf,dc=test".to_owned(),
        group_filter: rolf_common::config::auth::DEFAULT_LDAP_GROUP_FILTER.to_owned(),
        group_name_attribute: "cn".to_owned(),
        starttls: false,
        timeout: std::time::Duration::from_secs(1),
    };
    let cas = rolf_common::config::CasConfig {
        url: "https://sso.example.org/cas".to_owned(),
        groups_attribute: "groups".to_owned(),
        allowed_services: vec!["https://rolf.example.org/".to_owned()],
        timeout: std::time::Duration::from_secs(1),
    };
    let both = TestApp::spawn_with(Options {
        auth: rolf_common::config::AuthConfig {
            ldap: Some(ldap),
            cas: Some(cas),
            ..rolf_common::config::AuthConfig::with_secret(rolf_tests::JWT_SECRET)
        },
        ..Options::default()
    })
    .await;
    let reply = both.call(Method::GET, "/api/v1/auth/methods", None, None).await;
    assert_eq!(reply.body, serde_json::json!({"ldap": true, "cas": {"url": "https://sso.example.org/cas"}}));
}

#[tokio::test]
async fn deployment_answers_carry_the_latest_push_for_a_one_request_dashboard() {
    let app = TestApp::spawn().await;
    let shop = app.deployment("production").await;
    let quiet = app.deployment("staging").await;
    let token = app.user(&["shop-team"]).await;
    app.grant(shop, "shop-team", "push").await;
    app.grant(quiet, "shop-team", "view").await;
    app.admin(
        Method::POST,
        &format!("/api/v1/deployments/{shop}/stages"),
        Some(serde_json::json!({"name": "run", "language": "bash", "code": "true"})),
    )
    .await;

    let list = app.get("/api/v1/deployments", &token).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.as_array().unwrap().iter().all(|d| d["last_push"].is_null()), "{:?}", list.body);

    // No worker runs here, so the pushes stay queued; the latest one is what the list shows.
    for comment in ["first", "second"] {
        let reply = app
            .post(&format!("/api/v1/deployments/{shop}/pushes"), &token, serde_json::json!({"comment": comment}))
            .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{:?}", reply.body);
    }
    let second = app.get(&format!("/api/v1/deployments/{shop}/pushes?limit=1"), &token).await.body[0].clone();
    for body in
        [app.get("/api/v1/deployments", &token).await.body, app.get("/api/v1/deployments", &app.admin_token).await.body]
    {
        let by_id = |id: i64| body.as_array().unwrap().iter().find(|d| d["id"] == id).cloned().unwrap();
        let last = &by_id(shop)["last_push"];
        assert_eq!(last["id"], second["id"]);
        assert_eq!(last["status"], "queued");
        assert_eq!(last["comment"], "second");
        assert_eq!(last["tag"], serde_json::Value::Null);
        assert_eq!(last["at"], second["created_at"]);
        assert!(last["user"].as_str().unwrap().starts_with("svc_"), "{last}");
        assert!(by_id(quiet)["last_push"].is_null());
    }
    let one = app.get(&format!("/api/v1/deployments/{shop}"), &token).await;
    assert_eq!(one.body["last_push"]["id"], second["id"]);
}
