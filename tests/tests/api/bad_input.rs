//! Bad input at every endpoint that takes a body, sent as an admin so that authorization never hides the
//! answer: each request is refused with the status and `code` chosen for it, in the one error shape, with a
//! message that leaks nothing internal, and leaves every stored row exactly as it was.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use diesel::sql_types::Text;
use reqwest::{Method, StatusCode};
use rolf_tests::{Reply, TestApp};
use serde_json::{Value, json};

const ONE_MIB: usize = 1024 * 1024;
/// An id no row has.
const MISSING: i64 = 999_999;
/// Text that must never reach a client: it would mean a database or Rust error was echoed.
const LEAKS: &[&str] =
    &["diesel", "sql", "constraint", "violates", "duplicate key", "relation", "panicked", "backtrace", ".rs:"];

/// Checks the one error shape: `{"error": {"code", "message"}}`, plus `field` exactly for `invalid`.
pub(crate) fn assert_error(reply: &Reply, status: StatusCode, code: &str, context: &str) {
    assert_eq!(reply.status, status, "{context}: {:?}", reply.body);
    let body = reply.body.as_object().unwrap_or_else(|| panic!("{context}: not a JSON object: {:?}", reply.body));
    assert_eq!(body.keys().collect::<Vec<_>>(), ["error"], "{context}: {:?}", reply.body);
    let error = body["error"].as_object().unwrap_or_else(|| panic!("{context}: {:?}", reply.body));
    assert_eq!(error["code"], code, "{context}: {:?}", reply.body);
    let message = error["message"].as_str().unwrap_or_else(|| panic!("{context}: no message: {:?}", reply.body));
    assert!(!message.trim().is_empty(), "{context}: empty message");
    let lower = message.to_lowercase();
    for leak in LEAKS {
        assert!(!lower.contains(leak), "{context}: message leaks internals ({leak}): {message}");
    }
    let expected_keys: &[&str] = if code == "invalid" { &["code", "field", "message"] } else { &["code", "message"] };
    assert_eq!(error.keys().collect::<Vec<_>>(), expected_keys, "{context}: {:?}", reply.body);
}

enum Body {
    /// No body and no Content-Type.
    None,
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

struct Request {
    method: Method,
    path: String,
    body: Body,
}

fn json(method: Method, path: &str, body: Value) -> Request {
    Request { method, path: path.to_owned(), body: Body::Json(body) }
}

fn raw(method: Method, path: &str, content_type: &'static str, body: impl Into<Vec<u8>>) -> Request {
    Request { method, path: path.to_owned(), body: Body::Raw(content_type, body.into()) }
}

fn bare(method: Method, path: &str) -> Request {
    Request { method, path: path.to_owned(), body: Body::None }
}

impl Request {
    fn describe(&self) -> String {
        let body = match &self.body {
            Body::None => "(no body)".to_owned(),
            Body::Json(v) => v.to_string(),
            Body::Raw(ct, bytes) => format!("[{ct}] {}", String::from_utf8_lossy(bytes)),
        };
        let body: String = body.chars().take(160).collect();
        format!("{} {} {body}", self.method, self.path)
    }

    async fn send(self, app: &TestApp) -> Reply {
        let token = Some(app.admin_token.as_str());
        match self.body {
            Body::None => app.call(self.method, &self.path, token, None).await,
            Body::Json(v) => app.call(self.method, &self.path, token, Some(&v)).await,
            Body::Raw(ct, bytes) => app.raw(self.method, &self.path, &app.admin_token, ct, bytes).await,
        }
    }
}

/// Each table's rows as one digest. `api_tokens.last_used_at` is left out: presenting a token moves it.
const TABLES: &[(&str, &str)] = &[
    ("categories", "t"),
    ("applications", "t"),
    ("deployments", "t"),
    ("settings", "t"),
    ("flags", "t"),
    ("recipes", "t"),
    ("stages", "t"),
    ("users", "t"),
    ("groups", "t"),
    ("user_groups", "t"),
    ("group_mappings", "t"),
    ("permissions", "t"),
    ("api_tokens", "(t.id, t.user_id, t.name, t.token_hash, t.created_at, t.expires_at, t.revoked_at)"),
    ("pushes", "t"),
    ("push_stages", "t"),
    ("log_lines", "t"),
    ("audit_events", "t"),
    ("webhooks", "t"),
];

#[derive(QueryableByName)]
struct TableDigest {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    digest: String,
}

pub(crate) async fn fingerprint(app: &TestApp) -> BTreeMap<String, String> {
    let sql = TABLES
        .iter()
        .map(|(table, row)| {
            format!(
                "SELECT '{table}' AS name, \
                 md5(coalesce(string_agg(({row})::text, '|' ORDER BY ({row})::text), '')) AS digest \
                 FROM \"{table}\" t"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = app.db.with(move |conn| diesel::sql_query(sql).load::<TableDigest>(conn).unwrap()).await;
    rows.into_iter().map(|r| (r.name, r.digest)).collect()
}

/// What a request to `path` would change, as the API shows it. `None` for tokens, whose list carries a
/// `last_used_at` that moves by itself; the database fingerprint still covers them.
fn read_back(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/api/v1/")?;
    let parts: Vec<&str> = rest.split(['/', '?']).collect();
    Some(match parts.as_slice() {
        ["tokens", ..] => return None,
        ["deployments", id, sub @ ("settings" | "flags" | "stages" | "permissions"), ..] => {
            format!("/api/v1/deployments/{id}/{sub}")
        }
        ["groups", name, "mappings"] => format!("/api/v1/groups/{name}/mappings"),
        ["stages", id] => format!("/api/v1/stages/{id}"),
        [collection, ..] => format!("/api/v1/{collection}"),
        [] => return None,
    })
}

/// Sends requests that must fail and checks that each left the stored data as it was when the checker was
/// made: every table's rows, and the API's view of what the request targeted.
struct Checker<'a> {
    app: &'a TestApp,
    tables: BTreeMap<String, String>,
    views: HashMap<String, Value>,
}

impl<'a> Checker<'a> {
    async fn new(app: &'a TestApp) -> Checker<'a> {
        Checker { app, tables: fingerprint(app).await, views: HashMap::new() }
    }

    async fn view(&self, path: &str) -> Value {
        let reply = self.app.get(path, &self.app.admin_token).await;
        json!({"status": reply.status.as_u16(), "body": reply.body})
    }

    async fn refuses(&mut self, request: Request, status: StatusCode, code: &str) -> Reply {
        let context = request.describe();
        let read = read_back(&request.path);
        if let Some(read) = &read
            && !self.views.contains_key(read)
        {
            let before = self.view(read).await;
            self.views.insert(read.clone(), before);
        }
        let reply = request.send(self.app).await;
        assert_error(&reply, status, code, &context);
        if let Some(read) = &read {
            assert_eq!(self.view(read).await, self.views[read], "{context}: GET {read} changed");
        }
        let now = fingerprint(self.app).await;
        for (table, digest) in &self.tables {
            assert_eq!(&now[table], digest, "{context}: table {table} changed");
        }
        reply
    }

    async fn invalid(&mut self, request: Request, field: &str) {
        let context = request.describe();
        let reply = self.refuses(request, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
        assert_eq!(reply.body["error"]["field"], field, "{context}: {:?}", reply.body);
    }
}

/// One of everything, with fixed names the cases below collide with.
struct Fixture {
    /// "web", holding "shop".
    category: i64,
    /// "spare", holding "billing" (which has no deployments).
    spare_category: i64,
    application: i64,
    billing: i64,
    /// "production" in "shop": setting PLAIN, flags FIRST_FLAG and DRY_RUN (boolean), stages "build"
    /// (inline) and "deploy" (cookbook "restart"), group "ops" may view it.
    deployment: i64,
    /// "staging" in "shop", with the inline stage "other".
    sibling: i64,
    flag: i64,
    bool_flag: i64,
    inline_stage: i64,
    cookbook_stage: i64,
    sibling_stage: i64,
    /// "restart", linked by "deploy".
    recipe: i64,
    /// "spare-recipe", linked by nothing.
    spare_recipe: i64,
    /// The recipe row holding "build"'s inline code.
    inline_recipe: i64,
}

async fn create(app: &TestApp, path: &str, body: Value) -> i64 {
    let created = app.admin(Method::POST, path, Some(body)).await;
    created["id"].as_i64().unwrap_or_else(|| panic!("POST {path}: {created:?}"))
}

impl Fixture {
    async fn build(app: &TestApp) -> Fixture {
        let category = create(app, "/api/v1/categories", json!({"name": "web"})).await;
        let spare_category = create(app, "/api/v1/categories", json!({"name": "spare"})).await;
        let application = create(app, "/api/v1/applications", json!({"category_id": category, "name": "shop"})).await;
        let billing =
            create(app, "/api/v1/applications", json!({"category_id": spare_category, "name": "billing"})).await;
        let deployment =
            create(app, "/api/v1/deployments", json!({"application_id": application, "name": "production"})).await;
        let sibling =
            create(app, "/api/v1/deployments", json!({"application_id": application, "name": "staging"})).await;
        let dep = format!("/api/v1/deployments/{deployment}");
        app.admin(Method::PUT, &format!("{dep}/settings/PLAIN"), Some(json!({"value": "1"}))).await;
        let flag = create(app, &format!("{dep}/flags"), json!({"name": "First", "varname": "FIRST_FLAG"})).await;
        let bool_flag =
            create(app, &format!("{dep}/flags"), json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean"}))
                .await;
        let recipe = create(
            app,
            "/api/v1/recipes",
            json!({"name": "restart", "language": "bash", "code": "systemctl restart shop"}),
        )
        .await;
        let spare_recipe =
            create(app, "/api/v1/recipes", json!({"name": "spare-recipe", "language": "bash", "code": "true"})).await;
        let inline_stage =
            create(app, &format!("{dep}/stages"), json!({"name": "build", "language": "bash", "code": "make"})).await;
        let cookbook_stage =
            create(app, &format!("{dep}/stages"), json!({"name": "deploy", "recipe_id": recipe})).await;
        let sibling_stage = create(
            app,
            &format!("/api/v1/deployments/{sibling}/stages"),
            json!({"name": "other", "language": "bash", "code": "true"}),
        )
        .await;
        create(app, "/api/v1/groups", json!({"name": "ops"})).await;
        app.grant(deployment, "ops", "view").await;
        create(app, "/api/v1/service-accounts", json!({"name": "ci", "groups": ["ops"]})).await;
        app.admin(Method::PUT, "/api/v1/groups/ops/mappings", Some(json!({"mappings": ["cn=ops,ou=groups"]}))).await;
        let inline_recipe = app
            .db
            .with(move |conn| {
                use rolf_common::schema::stages;
                stages::table.find(inline_stage).select(stages::recipe_id).first::<i64>(conn).unwrap()
            })
            .await;
        Fixture {
            category,
            spare_category,
            application,
            billing,
            deployment,
            sibling,
            flag,
            bool_flag,
            inline_stage,
            cookbook_stage,
            sibling_stage,
            recipe,
            spare_recipe,
            inline_recipe,
        }
    }
}

/// A body-taking endpoint with a body it accepts, and the fields that body may not omit.
struct Endpoint {
    method: Method,
    path: String,
    valid: Value,
    required: &'static [&'static str],
    success: StatusCode,
}

fn endpoint(method: Method, path: String, valid: Value, required: &'static [&'static str]) -> Endpoint {
    let success = if method == Method::POST { StatusCode::CREATED } else { StatusCode::OK };
    Endpoint { method, path, valid, required, success }
}

/// Every endpoint that takes a body. In this order, each valid body is accepted after the ones before it.
fn endpoints(fx: &Fixture) -> Vec<Endpoint> {
    use Method as M;
    let dep = format!("/api/v1/deployments/{}", fx.deployment);
    vec![
        endpoint(M::POST, "/api/v1/categories".into(), json!({"name": "new-category"}), &["name"]),
        endpoint(M::PATCH, format!("/api/v1/categories/{}", fx.category), json!({"name": "web-2"}), &["name"]),
        endpoint(
            M::POST,
            "/api/v1/applications".into(),
            json!({"category_id": fx.category, "name": "new-app"}),
            &["category_id", "name"],
        ),
        endpoint(
            M::PATCH,
            format!("/api/v1/applications/{}", fx.application),
            json!({"category_id": fx.category, "name": "shop-2"}),
            &[],
        ),
        endpoint(
            M::POST,
            "/api/v1/deployments".into(),
            json!({"application_id": fx.application, "name": "new-deployment", "description": "d"}),
            &["application_id", "name"],
        ),
        endpoint(M::PATCH, dep.clone(), json!({"name": "production-2", "description": "d", "deprecated": false}), &[]),
        endpoint(
            M::POST,
            format!("{dep}/clone"),
            json!({"name": "production-copy", "application_id": fx.application}),
            &["name"],
        ),
        Endpoint {
            success: StatusCode::CREATED,
            ..endpoint(M::PUT, format!("{dep}/settings/NEW_SETTING"), json!({"value": "v", "secret": true}), &["value"])
        },
        endpoint(
            M::POST,
            format!("{dep}/flags"),
            json!({"name": "New", "varname": "NEW_FLAG", "default": "x", "kind": "text", "description": "d"}),
            &["name", "varname"],
        ),
        endpoint(
            M::PATCH,
            format!("{dep}/flags/{}", fx.flag),
            json!({"name": "First 2", "varname": "FIRST_2", "default": "b", "kind": "text", "description": "d"}),
            &[],
        ),
        endpoint(
            M::PUT,
            format!("{dep}/stages/order"),
            json!({"stage_ids": [fx.cookbook_stage, fx.inline_stage]}),
            &["stage_ids"],
        ),
        endpoint(
            M::POST,
            format!("{dep}/stages"),
            json!({"name": "smoke", "language": "bash", "code": "curl -f localhost", "timeout_seconds": 60}),
            &["name"],
        ),
        endpoint(
            M::PATCH,
            format!("/api/v1/stages/{}", fx.inline_stage),
            json!({"name": "build-2", "language": "python", "code": "print(1)", "timeout_seconds": 30}),
            &[],
        ),
        endpoint(
            M::POST,
            "/api/v1/recipes".into(),
            json!({"name": "new-recipe", "language": "bash", "code": "true", "description": "d"}),
            &["name", "language", "code"],
        ),
        endpoint(
            M::PATCH,
            format!("/api/v1/recipes/{}", fx.spare_recipe),
            json!({"name": "spare-2", "language": "python", "code": "pass", "description": "d"}),
            &[],
        ),
        endpoint(M::PUT, format!("{dep}/permissions/ops"), json!({"level": "edit"}), &["level"]),
        endpoint(M::POST, "/api/v1/groups".into(), json!({"name": "new-group", "description": "d"}), &["name"]),
        endpoint(M::PUT, "/api/v1/groups/ops/mappings".into(), json!({"mappings": ["cn=new"]}), &["mappings"]),
        endpoint(M::POST, "/api/v1/tokens".into(), json!({"name": "laptop", "expires_in_days": 30}), &["name"]),
        endpoint(M::POST, "/api/v1/service-accounts".into(), json!({"name": "bot", "groups": ["ops"]}), &["name"]),
        endpoint(
            M::POST,
            "/api/v1/service-accounts/ci/tokens".into(),
            json!({"name": "pipeline", "expires_in_days": 7}),
            &["name"],
        ),
    ]
}

/// Values of another JSON type than `value`, each of which the field must refuse.
fn wrong_types(value: &Value) -> Vec<Value> {
    match value {
        Value::String(_) => vec![json!(42), json!(true), json!(["x"]), json!({"x": 1})],
        Value::Number(_) => vec![json!("42"), json!(1.5), json!(1e30), json!(i64::MAX as u64 + 1), json!([1])],
        Value::Bool(_) => vec![json!("true"), json!(1)],
        Value::Array(items) => {
            let mut wrong = vec![json!("x"), json!({"x": 1})];
            wrong.extend(items.first().into_iter().flat_map(wrong_types).map(|v| json!([v])));
            wrong
        }
        Value::Object(_) | Value::Null => vec![json!([])],
    }
}

fn with_field(body: &Value, field: &str, value: Value) -> Value {
    let mut body = body.clone();
    body[field] = value;
    body
}

#[tokio::test]
async fn malformed_bodies_are_bad_requests() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    for ep in endpoints(&fx) {
        let (m, path) = (ep.method.clone(), ep.path.as_str());
        let mut requests = vec![
            raw(m.clone(), path, "application/json", r#"{"name": "#),
            raw(m.clone(), path, "application/json", "{name: 'single quotes'}"),
            raw(m.clone(), path, "application/json", r#"{"name": "x",}"#),
            raw(m.clone(), path, "application/json", ""),
            raw(m.clone(), path, "application/json", b"{\"name\": \"\xff\xfe\"}".to_vec()),
            raw(m.clone(), path, "application/json", format!("{} trailing", ep.valid)),
            // Well-formed JSON, but not an object.
            json(m.clone(), path, json!([])),
            json(m.clone(), path, json!(null)),
            json(m.clone(), path, json!("a string")),
            json(m.clone(), path, json!(7)),
            json(m.clone(), path, with_field(&ep.valid, "unexpected", json!(true))),
        ];
        for (field, value) in ep.valid.as_object().unwrap() {
            for wrong in wrong_types(value) {
                requests.push(json(m.clone(), path, with_field(&ep.valid, field, wrong)));
            }
        }
        for field in ep.required {
            let mut body = ep.valid.clone();
            body.as_object_mut().unwrap().remove(*field);
            requests.push(json(m.clone(), path, body));
        }
        for request in requests {
            check.refuses(request, StatusCode::BAD_REQUEST, "bad_request").await;
        }
    }
}

#[tokio::test]
async fn bodies_not_declared_as_json_are_unsupported() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    for ep in endpoints(&fx) {
        let (m, path) = (ep.method.clone(), ep.path.as_str());
        let valid = ep.valid.to_string();
        for request in [
            bare(m.clone(), path),
            raw(m.clone(), path, "text/plain", valid.clone()),
            raw(m.clone(), path, "application/x-www-form-urlencoded", "name=x"),
            raw(m.clone(), path, "application/xml", "<name>x</name>"),
            raw(m.clone(), path, "json", valid.clone()),
        ] {
            check.refuses(request, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
        }
    }
}

/// `body` padded with JSON whitespace to exactly `size` bytes: still the same, valid JSON.
fn padded(body: &Value, size: usize) -> Vec<u8> {
    let mut bytes = body.to_string().into_bytes();
    assert!(bytes.len() <= size);
    bytes.resize(size, b' ');
    bytes
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_too_large() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    for ep in endpoints(&fx) {
        // The body its endpoint accepts, made too large by whitespace alone.
        let request = raw(ep.method.clone(), &ep.path, "application/json", padded(&ep.valid, ONE_MIB + 1));
        check.refuses(request, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    }
    let big_code = "echo x\n".repeat(512 * 1024 / 7);
    let request = raw(
        Method::POST,
        "/api/v1/recipes",
        "application/json",
        padded(&json!({"name": "big", "language": "bash", "code": big_code}), ONE_MIB + 1),
    );
    check.refuses(request, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    // At the limit the body is read, and then its 512 KiB of code breaks a rule of its own.
    let request = raw(
        Method::POST,
        "/api/v1/recipes",
        "application/json",
        padded(&json!({"name": "big", "language": "bash", "code": big_code}), ONE_MIB),
    );
    check.invalid(request, "code").await;
    // A body of exactly 1 MiB that breaks no rule is accepted.
    let body = padded(&json!({"name": "big", "language": "bash", "code": "echo x\n".repeat(1000)}), ONE_MIB);
    let reply = app.raw(Method::POST, "/api/v1/recipes", &app.admin_token, "application/json", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

/// Sends `size` bytes of valid JSON in chunks, without a Content-Length, the way a streaming client does, and
/// returns the status and the body of the answer.
async fn post_chunked(app: &TestApp, path: &str, size: usize) -> (u16, Value) {
    use std::io::{Read, Write};
    let address = app.base.trim_start_matches("http://").to_owned();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        app.admin_token
    );
    let body = padded(&json!({"name": "streamed"}), size);
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        for chunk in body.chunks(64 * 1024) {
            // The server may answer and close before it has read everything; the answer is what matters.
            if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
                || stream.write_all(chunk).is_err()
                || stream.write_all(b"\r\n").is_err()
            {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {response:?}"));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
        (status, serde_json::from_str(body).unwrap_or(Value::String(body.to_owned())))
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn chunked_bodies_over_one_mebibyte_are_too_large() {
    let app = TestApp::spawn().await;
    let before = fingerprint(&app).await;
    let (status, body) = post_chunked(&app, "/api/v1/categories", ONE_MIB + 1).await;
    let reply = Reply { status: StatusCode::from_u16(status).unwrap(), body };
    assert_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "chunked POST /api/v1/categories");
    assert_eq!(fingerprint(&app).await, before);
    // The same stream within the limit is read and accepted.
    let (status, body) = post_chunked(&app, "/api/v1/categories", ONE_MIB).await;
    assert_eq!(status, 201, "{body:?}");
}

/// The bodies the other tests corrupt are themselves accepted, so each refusal above is down to the
/// corruption alone.
#[tokio::test]
async fn the_uncorrupted_bodies_are_accepted() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut tables = fingerprint(&app).await;
    for ep in endpoints(&fx) {
        let reply = app.call(ep.method.clone(), &ep.path, Some(&app.admin_token), Some(&ep.valid)).await;
        assert_eq!(reply.status, ep.success, "{} {}: {:?}", ep.method, ep.path, reply.body);
        // Every change is audited, so the fingerprint the refusals are checked against does see changes.
        let now = fingerprint(&app).await;
        assert_ne!(now["audit_events"], tables["audit_events"], "{} {}", ep.method, ep.path);
        tables = now;
    }
    // A JSON media type other than application/json is JSON too.
    let reply = app
        .raw(
            Method::POST,
            "/api/v1/groups",
            &app.admin_token,
            "application/json; charset=utf-8",
            br#"{"name": "g2"}"#.to_vec(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

#[tokio::test]
async fn rule_breaking_values_are_invalid_and_name_the_field() {
    use Method as M;
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    let dep = format!("/api/v1/deployments/{}", fx.deployment);
    let (settings, flags, stages) = (format!("{dep}/settings"), format!("{dep}/flags"), format!("{dep}/stages"));
    let (flag, bool_flag) = (format!("{flags}/{}", fx.flag), format!("{flags}/{}", fx.bool_flag));
    let (inline_stage, cookbook_stage) =
        (format!("/api/v1/stages/{}", fx.inline_stage), format!("/api/v1/stages/{}", fx.cookbook_stage));
    let order = format!("{stages}/order");
    let (a, b, other) = (fx.inline_stage, fx.cookbook_stage, fx.sibling_stage);
    let long = "x".repeat(101);
    let cases: Vec<(Method, String, Value, &str)> = vec![
        // Names of categories, applications, deployments, flags, stages, recipes and tokens.
        (M::POST, "/api/v1/categories".into(), json!({"name": ""}), "name"),
        (M::POST, "/api/v1/categories".into(), json!({"name": "  \t "}), "name"),
        (M::POST, "/api/v1/categories".into(), json!({"name": "a/b"}), "name"),
        (M::POST, "/api/v1/categories".into(), json!({"name": long}), "name"),
        (M::POST, "/api/v1/categories".into(), json!({"name": "nul\u{0}"}), "name"),
        (M::POST, "/api/v1/categories".into(), json!({"name": "line\nbreak"}), "name"),
        (M::PATCH, format!("/api/v1/categories/{}", fx.category), json!({"name": " "}), "name"),
        (M::POST, "/api/v1/applications".into(), json!({"category_id": fx.category, "name": ""}), "name"),
        (M::POST, "/api/v1/applications".into(), json!({"category_id": fx.category, "name": "a/b"}), "name"),
        (M::PATCH, format!("/api/v1/applications/{}", fx.application), json!({"name": "/"}), "name"),
        (M::POST, "/api/v1/deployments".into(), json!({"application_id": fx.application, "name": "x/y"}), "name"),
        (M::PATCH, dep.clone(), json!({"name": ""}), "name"),
        (M::PATCH, dep.clone(), json!({"description": "nul\u{0}"}), "description"),
        (M::POST, format!("{dep}/clone"), json!({"name": "  "}), "name"),
        (M::POST, flags.clone(), json!({"name": "", "varname": "OK_NAME"}), "name"),
        (M::POST, stages.clone(), json!({"name": "a/b", "language": "bash", "code": "true"}), "name"),
        (M::PATCH, inline_stage.clone(), json!({"name": " "}), "name"),
        (M::POST, "/api/v1/recipes".into(), json!({"name": "", "language": "bash", "code": "true"}), "name"),
        (M::PATCH, format!("/api/v1/recipes/{}", fx.spare_recipe), json!({"name": "a/b"}), "name"),
        (M::POST, "/api/v1/tokens".into(), json!({"name": ""}), "name"),
        (M::POST, "/api/v1/service-accounts/ci/tokens".into(), json!({"name": "a/b"}), "name"),
        // Ids that name nothing.
        (M::POST, "/api/v1/applications".into(), json!({"category_id": MISSING, "name": "ok"}), "category_id"),
        (M::POST, "/api/v1/applications".into(), json!({"category_id": -1, "name": "ok"}), "category_id"),
        (M::PATCH, format!("/api/v1/applications/{}", fx.application), json!({"category_id": MISSING}), "category_id"),
        (M::POST, "/api/v1/deployments".into(), json!({"application_id": MISSING, "name": "ok"}), "application_id"),
        (M::POST, format!("{dep}/clone"), json!({"name": "ok", "application_id": MISSING}), "application_id"),
        // Settings and flag variables become environment variables, and may not shadow Rolf's own.
        (M::PUT, format!("{settings}/1ABC"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/A-B"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/A%20B"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/%C3%A9T%C3%A9"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/PATH"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/HOME"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/ROLF_X"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/{long}"), json!({"value": "v"}), "name"),
        (M::PUT, format!("{settings}/OK_NAME"), json!({"value": "nul\u{0}"}), "value"),
        (M::PUT, format!("{settings}/OK_NAME"), json!({"value": "x".repeat(64 * 1024 + 1)}), "value"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": "1X"}), "varname"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": "bad-name"}), "varname"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": ""}), "varname"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": "PATH"}), "varname"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": "ROLF_TAG"}), "varname"),
        (M::PATCH, flag.clone(), json!({"varname": "PUSH_COMMENT"}), "varname"),
        (M::PATCH, flag.clone(), json!({"varname": "A B"}), "varname"),
        // A boolean flag's default is "true" or "false".
        (M::POST, flags.clone(), json!({"name": "n", "varname": "B", "kind": "boolean", "default": "yes"}), "default"),
        (M::POST, flags.clone(), json!({"name": "n", "varname": "B", "kind": "boolean", "default": ""}), "default"),
        (M::PATCH, bool_flag.clone(), json!({"default": "TRUE"}), "default"),
        (M::PATCH, flag.clone(), json!({"kind": "boolean", "default": "1"}), "default"),
        // A stage runs a cookbook recipe or inline code, never both, and inline code needs a language.
        (
            M::POST,
            stages.clone(),
            json!({"name": "s", "recipe_id": fx.recipe, "language": "bash", "code": "x"}),
            "recipe_id",
        ),
        (M::POST, stages.clone(), json!({"name": "s", "recipe_id": fx.recipe, "code": "x"}), "recipe_id"),
        (M::POST, stages.clone(), json!({"name": "s", "code": "true"}), "language"),
        (M::POST, stages.clone(), json!({"name": "s", "language": "bash"}), "code"),
        (M::POST, stages.clone(), json!({"name": "s"}), "code"),
        (M::POST, stages.clone(), json!({"name": "s", "language": "bash", "code": "  \n"}), "code"),
        (M::POST, stages.clone(), json!({"name": "s", "recipe_id": MISSING}), "recipe_id"),
        (M::POST, stages.clone(), json!({"name": "s", "recipe_id": fx.inline_recipe}), "recipe_id"),
        (M::PATCH, inline_stage.clone(), json!({"recipe_id": fx.inline_recipe}), "recipe_id"),
        (M::PATCH, inline_stage.clone(), json!({"recipe_id": MISSING}), "recipe_id"),
        (M::PATCH, inline_stage.clone(), json!({"recipe_id": fx.recipe, "code": "x"}), "recipe_id"),
        (M::PATCH, inline_stage.clone(), json!({"code": ""}), "code"),
        (M::PATCH, cookbook_stage.clone(), json!({"code": "true"}), "language"),
        (M::PATCH, cookbook_stage.clone(), json!({"language": "python"}), "code"),
        // Timeouts are positive and at most a week.
        (
            M::POST,
            stages.clone(),
            json!({"name": "s", "language": "bash", "code": "x", "timeout_seconds": 0}),
            "timeout_seconds",
        ),
        (
            M::POST,
            stages.clone(),
            json!({"name": "s", "language": "bash", "code": "x", "timeout_seconds": -5}),
            "timeout_seconds",
        ),
        (
            M::POST,
            stages.clone(),
            json!({"name": "s", "language": "bash", "code": "x", "timeout_seconds": 604_801}),
            "timeout_seconds",
        ),
        (M::PATCH, inline_stage.clone(), json!({"timeout_seconds": 0}), "timeout_seconds"),
        (M::PATCH, cookbook_stage.clone(), json!({"timeout_seconds": -1}), "timeout_seconds"),
        // A new order names every stage of the deployment exactly once.
        (M::PUT, order.clone(), json!({"stage_ids": [a]}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": []}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": [a, b, a]}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": [a, a]}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": [a, other]}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": [a, b, other]}), "stage_ids"),
        (M::PUT, order.clone(), json!({"stage_ids": [a, b, MISSING]}), "stage_ids"),
        // Recipes.
        (M::POST, "/api/v1/recipes".into(), json!({"name": "r", "language": "bash", "code": ""}), "code"),
        (
            M::POST,
            "/api/v1/recipes".into(),
            json!({"name": "r", "language": "bash", "code": "x", "description": "\u{0}"}),
            "description",
        ),
        (
            M::POST,
            "/api/v1/recipes".into(),
            json!({"name": "r", "language": "bash", "code": "x".repeat(256 * 1024 + 1)}),
            "code",
        ),
        (M::PATCH, format!("/api/v1/recipes/{}", fx.recipe), json!({"code": " "}), "code"),
        // Grants are view, push or edit.
        (M::PUT, format!("{dep}/permissions/ops"), json!({"level": "admin"}), "level"),
        (M::PUT, format!("{dep}/permissions/ops"), json!({"level": ""}), "level"),
        (M::PUT, format!("{dep}/permissions/ops"), json!({"level": "Edit"}), "level"),
        // Groups and service accounts have plain names; mappings are printable.
        (M::POST, "/api/v1/groups".into(), json!({"name": "ops team"}), "name"),
        (M::POST, "/api/v1/groups".into(), json!({"name": ""}), "name"),
        (M::POST, "/api/v1/groups".into(), json!({"name": "a/b"}), "name"),
        (M::POST, "/api/v1/groups".into(), json!({"name": "x".repeat(101)}), "name"),
        (M::PUT, "/api/v1/groups/ops/mappings".into(), json!({"mappings": [""]}), "mappings"),
        (M::PUT, "/api/v1/groups/ops/mappings".into(), json!({"mappings": ["cn=a", "  "]}), "mappings"),
        (M::PUT, "/api/v1/groups/ops/mappings".into(), json!({"mappings": ["cn=\u{7}"]}), "mappings"),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "svc one"}), "name"),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": ""}), "name"),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "bot", "groups": ["no-such-group"]}), "groups"),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "bot", "groups": ["ops", "nope"]}), "groups"),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "bot", "groups": ["bad\u{0}name"]}), "groups"),
        // Token lifetimes.
        (M::POST, "/api/v1/tokens".into(), json!({"name": "t", "expires_in_days": 0}), "expires_in_days"),
        (M::POST, "/api/v1/tokens".into(), json!({"name": "t", "expires_in_days": -1}), "expires_in_days"),
        (M::POST, "/api/v1/tokens".into(), json!({"name": "t", "expires_in_days": 3651}), "expires_in_days"),
        (M::POST, "/api/v1/tokens".into(), json!({"name": "t", "expires_in_days": i64::MAX}), "expires_in_days"),
        (
            M::POST,
            "/api/v1/service-accounts/ci/tokens".into(),
            json!({"name": "t", "expires_in_days": 0}),
            "expires_in_days",
        ),
    ];
    for (method, path, body, field) in cases {
        check.invalid(json(method, &path, body), field).await;
    }
}

#[tokio::test]
async fn duplicates_are_conflicts() {
    use Method as M;
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    let dep = format!("/api/v1/deployments/{}", fx.deployment);
    let cases: Vec<(Method, String, Value)> = vec![
        (M::POST, "/api/v1/categories".into(), json!({"name": "web"})),
        (M::POST, "/api/v1/categories".into(), json!({"name": "  web "})),
        (M::PATCH, format!("/api/v1/categories/{}", fx.spare_category), json!({"name": "web"})),
        // Application names are unique across categories.
        (M::POST, "/api/v1/applications".into(), json!({"category_id": fx.spare_category, "name": "shop"})),
        (M::PATCH, format!("/api/v1/applications/{}", fx.billing), json!({"name": "shop"})),
        (M::POST, "/api/v1/deployments".into(), json!({"application_id": fx.application, "name": "staging"})),
        (M::PATCH, dep.clone(), json!({"name": "staging"})),
        (M::POST, format!("{dep}/clone"), json!({"name": "staging"})),
        (M::POST, format!("/api/v1/deployments/{}/clone", fx.sibling), json!({"name": "production"})),
        (M::POST, format!("{dep}/flags"), json!({"name": "Another", "varname": "FIRST_FLAG"})),
        (M::PATCH, format!("{dep}/flags/{}", fx.bool_flag), json!({"varname": "FIRST_FLAG"})),
        // The inline recipe row written before the clash is rolled back with it.
        (M::POST, format!("{dep}/stages"), json!({"name": "deploy", "language": "bash", "code": "x"})),
        (M::POST, format!("{dep}/stages"), json!({"name": "build", "recipe_id": fx.recipe})),
        (M::PATCH, format!("/api/v1/stages/{}", fx.inline_stage), json!({"name": "deploy"})),
        (
            M::PATCH,
            format!("/api/v1/stages/{}", fx.inline_stage),
            json!({"name": "deploy", "recipe_id": fx.spare_recipe}),
        ),
        (M::POST, "/api/v1/recipes".into(), json!({"name": "restart", "language": "bash", "code": "x"})),
        (M::PATCH, format!("/api/v1/recipes/{}", fx.spare_recipe), json!({"name": "restart"})),
        (M::POST, "/api/v1/groups".into(), json!({"name": "ops"})),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "ci"})),
        (M::POST, "/api/v1/service-accounts".into(), json!({"name": "admin", "groups": ["ops"]})),
    ];
    for (method, path, body) in cases {
        check.refuses(json(method, &path, body), StatusCode::CONFLICT, "conflict").await;
    }
    // Deployment names are unique within their application only; flag names (not varnames) may repeat.
    app.admin(Method::POST, "/api/v1/deployments", Some(json!({"application_id": fx.billing, "name": "staging"})))
        .await;
    app.admin(Method::POST, &format!("{dep}/flags"), Some(json!({"name": "First", "varname": "OTHER"}))).await;
}

#[tokio::test]
async fn deleting_what_is_in_use_is_a_conflict() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    for path in [
        format!("/api/v1/categories/{}", fx.category),
        format!("/api/v1/categories/{}", fx.spare_category),
        format!("/api/v1/applications/{}", fx.application),
        format!("/api/v1/recipes/{}", fx.recipe),
    ] {
        check.refuses(bare(Method::DELETE, &path), StatusCode::CONFLICT, "conflict").await;
    }
    // Once unused they go.
    app.admin(Method::DELETE, &format!("/api/v1/stages/{}", fx.cookbook_stage), None).await;
    app.admin(Method::DELETE, &format!("/api/v1/recipes/{}", fx.recipe), None).await;
    app.admin(Method::DELETE, &format!("/api/v1/applications/{}", fx.billing), None).await;
    app.admin(Method::DELETE, &format!("/api/v1/categories/{}", fx.spare_category), None).await;
}

#[tokio::test]
async fn unknown_ids_and_routes_are_not_found() {
    use Method as M;
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    let dep = format!("/api/v1/deployments/{}", fx.deployment);
    let gone = format!("/api/v1/deployments/{MISSING}");
    let cases: Vec<(Method, String, Option<Value>)> = vec![
        (M::PATCH, format!("/api/v1/categories/{MISSING}"), Some(json!({"name": "x"}))),
        (M::PATCH, format!("/api/v1/applications/{MISSING}"), Some(json!({"name": "x"}))),
        (M::PATCH, gone.clone(), Some(json!({"name": "x"}))),
        (M::POST, format!("{gone}/clone"), Some(json!({"name": "x"}))),
        (M::PUT, format!("{gone}/settings/X"), Some(json!({"value": "v"}))),
        (M::POST, format!("{gone}/flags"), Some(json!({"name": "n", "varname": "X"}))),
        (M::PATCH, format!("{gone}/flags/{}", fx.flag), Some(json!({"name": "x"}))),
        (M::PATCH, format!("{dep}/flags/{MISSING}"), Some(json!({"name": "x"}))),
        // A flag is found only under its own deployment.
        (M::PATCH, format!("/api/v1/deployments/{}/flags/{}", fx.sibling, fx.flag), Some(json!({"name": "x"}))),
        (M::POST, format!("{gone}/stages"), Some(json!({"name": "s", "language": "bash", "code": "x"}))),
        (M::PUT, format!("{gone}/stages/order"), Some(json!({"stage_ids": []}))),
        (M::PATCH, format!("/api/v1/stages/{MISSING}"), Some(json!({"name": "x"}))),
        (M::PATCH, format!("/api/v1/recipes/{MISSING}"), Some(json!({"name": "x"}))),
        // Inline code is not a cookbook recipe.
        (M::PATCH, format!("/api/v1/recipes/{}", fx.inline_recipe), Some(json!({"name": "x"}))),
        (M::PUT, format!("{gone}/permissions/ops"), Some(json!({"level": "view"}))),
        (M::PUT, format!("{dep}/permissions/no-such-group"), Some(json!({"level": "view"}))),
        (M::PUT, format!("{dep}/permissions/bad%00name"), Some(json!({"level": "view"}))),
        (M::PUT, "/api/v1/groups/no-such-group/mappings".into(), Some(json!({"mappings": []}))),
        (M::PUT, "/api/v1/groups/bad%00name/mappings".into(), Some(json!({"mappings": []}))),
        (M::POST, "/api/v1/service-accounts/no-such-account/tokens".into(), Some(json!({"name": "t"}))),
        (M::POST, "/api/v1/service-accounts/bad%00name/tokens".into(), Some(json!({"name": "t"}))),
        (M::GET, "/api/v1/service-accounts/no-such-account/tokens".into(), None),
        (M::GET, "/api/v1/service-accounts/bad%00name/tokens".into(), None),
        // Ids that do not parse name nothing either.
        (M::PATCH, "/api/v1/deployments/abc".into(), Some(json!({"name": "x"}))),
        (M::PATCH, "/api/v1/stages/1.5".into(), Some(json!({"name": "x"}))),
        (M::PATCH, "/api/v1/categories/99999999999999999999".into(), Some(json!({"name": "x"}))),
        (M::POST, "/api/v1/no-such-thing".into(), Some(json!({"name": "x"}))),
        (M::GET, "/api/v1/deployments/abc".into(), None),
        (M::GET, gone.clone(), None),
        (M::GET, format!("{gone}/settings"), None),
        (M::GET, format!("/api/v1/categories/{MISSING}"), None),
        (M::GET, format!("/api/v1/applications/{MISSING}"), None),
        (M::GET, format!("/api/v1/stages/{MISSING}"), None),
        (M::GET, format!("/api/v1/recipes/{MISSING}"), None),
        (M::GET, format!("/api/v1/recipes/{MISSING}/usages"), None),
        (M::GET, "/api/v1/no-such-thing".into(), None),
        (M::GET, "/no-such-thing".into(), None),
        // A method a path has no route for.
        (M::PUT, "/api/v1/categories".into(), Some(json!({"name": "x"}))),
        (M::DELETE, "/api/v1/deployments".into(), None),
        (M::DELETE, format!("/api/v1/categories/{MISSING}"), None),
        (M::DELETE, gone.clone(), None),
        (M::DELETE, format!("{dep}/settings/NO_SUCH_SETTING"), None),
        (M::DELETE, format!("{dep}/settings/BAD%00NAME"), None),
        (M::DELETE, "/api/v1/groups/bad%00name".into(), None),
        (M::GET, "/api/v1/groups/bad%00name/mappings".into(), None),
        (M::DELETE, format!("{dep}/flags/{MISSING}"), None),
        (M::DELETE, format!("{dep}/permissions/no-such-group"), None),
        (M::DELETE, format!("/api/v1/stages/{MISSING}"), None),
        (M::DELETE, format!("/api/v1/recipes/{}", fx.inline_recipe), None),
        (M::DELETE, format!("/api/v1/tokens/{MISSING}"), None),
        (M::DELETE, "/api/v1/groups/no-such-group".into(), None),
    ];
    for (method, path, body) in cases {
        let request = match body {
            Some(body) => json(method, &path, body),
            None => bare(method, &path),
        };
        check.refuses(request, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn bad_query_strings() {
    let app = TestApp::spawn().await;
    let fx = Fixture::build(&app).await;
    let mut check = Checker::new(&app).await;
    for path in [
        "/api/v1/audit?limit=abc",
        "/api/v1/audit?limit=1.5",
        "/api/v1/audit?limit=99999999999999999999",
        "/api/v1/audit?before=abc",
        "/api/v1/audit?deployment_id=x",
        "/api/v1/audit?unknown=1",
        "/api/v1/audit?since=yesterday",
        "/api/v1/audit?until=2026-01-01",
        "/api/v1/audit?since=2026-01-01%2000:00:00Z",
        "/api/v1/audit?since=2026-01-01T00:00:00",
        "/api/v1/deployments?application_id=abc",
        "/api/v1/applications?category_id=",
        "/api/v1/applications?colour=red",
        "/api/v1/logs/search",
        "/api/v1/logs/search?q=x&limit=abc",
        "/api/v1/logs/search?q=x&since=yesterday",
        "/api/v1/logs/search?q=x&stream=both",
        "/api/v1/logs/search?q=x&deployment_id=x",
        "/api/v1/logs/search?q=x&colour=red",
    ] {
        check.refuses(bare(Method::GET, path), StatusCode::BAD_REQUEST, "bad_request").await;
    }
    for (path, field) in [
        ("/api/v1/logs/search?q=", "q"),
        ("/api/v1/logs/search?q=x&limit=0", "limit"),
        ("/api/v1/logs/search?q=x&limit=201", "limit"),
        ("/api/v1/logs/search?q=x&before=7", "before"),
        ("/api/v1/logs/search?q=x&since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until"),
    ] {
        check.invalid(bare(Method::GET, path), field).await;
    }
    for path in ["/api/v1/audit?limit=0", "/api/v1/audit?limit=-1", "/api/v1/audit?limit=501"] {
        let request = bare(Method::GET, path);
        check.invalid(request, "limit").await;
    }
    // A malformed time is a bad request whose message names the parameter.
    for (path, name) in [("/api/v1/audit?since=yesterday", "since"), ("/api/v1/audit?until=1%20Jan", "until")] {
        let reply = check.refuses(bare(Method::GET, path), StatusCode::BAD_REQUEST, "bad_request").await;
        let message = reply.body["error"]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(&format!("{name} must be an RFC 3339 time")), "{path}: {message}");
    }
    let long_actor = format!("/api/v1/audit?actor={}", "x".repeat(257));
    for (path, field) in [
        ("/api/v1/audit?actor=", "actor"),
        ("/api/v1/audit?actor=a%01b", "actor"),
        (long_actor.as_str(), "actor"),
        ("/api/v1/audit?action=", "action"),
        ("/api/v1/audit?action=Setting.put", "action"),
        ("/api/v1/audit?action=setting.put.x", "action"),
        ("/api/v1/audit?action=setting%25", "action"),
        ("/api/v1/audit?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until"),
        ("/api/v1/audit?since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until"),
    ] {
        check.invalid(bare(Method::GET, path), field).await;
    }
    // The same parameters, well-formed, are answered.
    for path in [
        "/api/v1/audit?limit=1".to_owned(),
        format!("/api/v1/audit?deployment_id={}&limit=500", fx.deployment),
        "/api/v1/audit?actor=admin&action=setting.put&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00%2B01:00"
            .to_owned(),
        "/api/v1/audit?action=setting".to_owned(),
        format!("/api/v1/deployments?application_id={}", fx.application),
        format!("/api/v1/applications?category_id={}", fx.category),
        format!("/api/v1/logs/search?q=x&deployment_id={}&stream=stdout&limit=200&before=9-9", fx.deployment),
    ] {
        let reply = app.get(&path, &app.admin_token).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    }
}
