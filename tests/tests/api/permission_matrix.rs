//! The permission matrix: every endpoint under `/api/v1` crossed with eight callers, each cell asserting the
//! documented status (and, for 401/403/404, the error code). One run reports every wrong cell at once.
//!
//! Paths are templates: `{d}` is the deployment the callers hold grants on, `{c}`/`{a}` its category and
//! application; `{d0}`, `{c0}`, `{a0}` form a chain nobody but the admin can view; `{n}` is a fresh unique
//! name per call and `{x}` the object a row makes afresh before each call, because the call may consume it.

use diesel::sql_types::{Nullable, Timestamptz};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use reqwest::{Method, StatusCode};
use rolf_common::schema::api_tokens;
use rolf_tests::{Reply, TestApp, unique};
use serde_json::{Value, json};

/// The callers, in the order of every row's expectations.
const CALLERS: [&str; 8] = ["no token", "revoked token", "expired token", "no grant", "view", "push", "edit", "admin"];

/// What a row makes afresh before each call, as `{x}`.
#[derive(Clone, Copy)]
enum Fresh {
    Nothing,
    /// An empty category.
    Category,
    /// An application without deployments, in `{c}`.
    Application,
    /// A clone of `{d}`, which carries the same grants.
    Deployment,
    /// Not an object: a deployment document (the smallest) naming `{d}`, by its application's name at the time (a
    /// row renames the application).
    Document,
    /// A document naming a fresh clone of `{d}`.
    CloneDocument,
    /// A document naming a deployment that does not exist yet, in `{d}`'s application.
    NewDocument,
    /// A setting of `{d}` (its name).
    Setting,
    /// A flag of `{d}`.
    Flag,
    /// An inline-code stage of `{d}`.
    Stage,
    /// A group without grants (its name).
    Group,
    /// A group granted `view` on `{d}` (its name).
    Grant,
    /// An unused cookbook recipe.
    Recipe,
    /// A token of the caller's own (of the admin for callers without a valid token).
    Token,
    /// A token of the service account `{sa}`.
    AccountToken,
    /// Not an object: the ids of `{d}`'s stages in their current order, as a JSON array.
    StageOrder,
    /// A queued push of `{d}` (no worker runs here, so pushes stay queued).
    Push,
    /// A cancelled push of `{d}`: one that can be resumed.
    CancelledPush,
    /// A freeze of `{d}`, far in the future.
    Freeze,
    /// A schedule of `{d}`, firing far in the future.
    Schedule,
    /// A webhook of `{d}`.
    Webhook,
}

struct Row {
    method: Method,
    path: &'static str,
    body: Option<&'static str>,
    fresh: Fresh,
    expect: [u16; 8],
}

/// `route` is `"METHOD /path"` below `/api/v1`.
fn row(route: &'static str, expect: [u16; 8]) -> Row {
    let (method, path) = route.split_once(' ').unwrap();
    Row { method: method.parse().unwrap(), path, body: None, fresh: Fresh::Nothing, expect }
}

impl Row {
    /// A JSON body template.
    fn body(mut self, body: &'static str) -> Row {
        self.body = Some(body);
        self
    }

    fn fresh(mut self, fresh: Fresh) -> Row {
        self.fresh = fresh;
        self
    }
}

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    vec![
        //                                                      none  rvk  exp  nogr view push edit admin
        row("GET /categories",                                  [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /categories",                                 [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"name": "{n}"}"#),
        row("GET /categories/{c}",                              [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /categories/{c0}",                             [401, 401, 401, 404, 404, 404, 404, 200]),
        row("PATCH /categories/{c}",                            [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"name": "{n}"}"#),
        row("DELETE /categories/{x}",                           [401, 401, 401, 403, 403, 403, 403, 204])
            .fresh(Fresh::Category),

        row("GET /applications",                                [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /applications",                               [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"category_id": {c}, "name": "{n}"}"#),
        row("GET /applications/{a}",                            [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /applications/{a0}",                           [401, 401, 401, 404, 404, 404, 404, 200]),
        row("PATCH /applications/{a}",                          [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"name": "{n}"}"#),
        row("DELETE /applications/{x}",                         [401, 401, 401, 403, 403, 403, 403, 204])
            .fresh(Fresh::Application),

        row("GET /deployments",                                 [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /deployments",                                [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"application_id": {a}, "name": "{n}"}"#),
        row("GET /deployments/{d}",                             [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /deployments/{d0}",                            [401, 401, 401, 404, 404, 404, 404, 200]),
        row("PATCH /deployments/{d}",                           [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"description": "{n}"}"#),
        row("DELETE /deployments/{x}",                          [401, 401, 401, 404, 403, 403, 403, 204])
            .fresh(Fresh::Deployment),
        row("GET /deployments/{d}/export",                      [401, 401, 401, 404, 200, 200, 200, 200]),
        // Applying a document: changing a deployment needs `edit`, creating one an admin; a caller who may not edit
        // it hears the same 403 whether it exists or not.
        row("POST /deployments/apply?dry_run=true",             [401, 401, 401, 403, 403, 403, 200, 200])
            .body("{x}").fresh(Fresh::Document),
        row("POST /deployments/apply",                          [401, 401, 401, 403, 403, 403, 200, 200])
            .body("{x}").fresh(Fresh::CloneDocument),
        row("POST /deployments/apply",                          [401, 401, 401, 403, 403, 403, 403, 201])
            .body("{x}").fresh(Fresh::NewDocument),
        row("POST /deployments/{d}/clone",                      [401, 401, 401, 404, 403, 403, 403, 201])
            .body(r#"{"name": "{n}"}"#),

        row("GET /deployments/{d}/settings",                    [401, 401, 401, 404, 200, 200, 200, 200]),
        row("PUT /deployments/{d}/settings/{n}",                [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"value": "new"}"#),
        row("PUT /deployments/{d}/settings/{setting}",          [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"value": "changed"}"#),
        row("DELETE /deployments/{d}/settings/{x}",             [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Setting),

        row("GET /deployments/{d}/flags",                       [401, 401, 401, 404, 200, 200, 200, 200]),
        row("POST /deployments/{d}/flags",                      [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"name": "{n}", "varname": "{n}"}"#),
        row("PATCH /deployments/{d}/flags/{flag}",              [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"description": "{n}"}"#),
        row("DELETE /deployments/{d}/flags/{x}",                [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Flag),

        row("GET /deployments/{d}/stages",                      [401, 401, 401, 404, 200, 200, 200, 200]),
        row("POST /deployments/{d}/stages",                     [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"name": "{n}", "language": "bash", "code": "true"}"#),
        row("PUT /deployments/{d}/stages/order",                [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"stage_ids": {x}}"#).fresh(Fresh::StageOrder),
        row("GET /stages/{stage}",                              [401, 401, 401, 404, 200, 200, 200, 200]),
        row("PATCH /stages/{stage}",                            [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"timeout_seconds": 60}"#),
        row("DELETE /stages/{x}",                               [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Stage),

        row("GET /deployments/{d}/permissions",                 [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /deployments/{d}/access",                      [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /deployments/{d}/stats",                       [401, 401, 401, 404, 200, 200, 200, 200]),
        row("PUT /deployments/{d}/permissions/{x}",             [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"level": "view"}"#).fresh(Fresh::Group),
        row("PUT /deployments/{d}/permissions/{group}",         [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"level": "view"}"#),
        row("DELETE /deployments/{d}/permissions/{x}",          [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Grant),

        row("POST /deployments/{d}/pushes",                     [401, 401, 401, 404, 403, 202, 202, 202])
            .body(r#"{"comment": "{n}"}"#),
        row("GET /deployments/{d}/pushes",                      [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /deployments/{d}/tags",                        [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /pushes/{push}",                               [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /pushes/{push}/log",                           [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /pushes/{push}/log/stream",                    [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /pushes/{push}/log.txt",                       [401, 401, 401, 404, 200, 200, 200, 200]),
        row("POST /pushes/{x}/cancel",                          [401, 401, 401, 404, 403, 200, 200, 200])
            .fresh(Fresh::Push),
        row("POST /pushes/{x}/resume",                          [401, 401, 401, 404, 403, 202, 202, 202])
            .body("{}").fresh(Fresh::CancelledPush),
        // The matrix's push is queued, never paused: those who may continue it hear 409, the others 403.
        row("POST /pushes/{push}/continue",                     [401, 401, 401, 404, 403, 409, 409, 409]),
        // The matrix's push needs no approval: those who may approve hear 409, view-only callers 403.
        row("POST /pushes/{push}/approve",                      [401, 401, 401, 404, 403, 409, 409, 409])
            .body("{}"),
        row("POST /pushes/{push}/reject",                       [401, 401, 401, 404, 403, 409, 409, 409])
            .body(r#"{"comment": "no"}"#),
        // Freezes far in the future, so that the matrix's deployment is never frozen while it runs.
        row("GET /freezes",                                     [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /freezes",                                    [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"reason": "{n}", "deployment_id": {d}, "starts_at": "2099-01-01T00:00:00Z", "ends_at": "2099-01-02T00:00:00Z"}"#),
        row("DELETE /freezes/{x}",                              [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Freeze),
        row("GET /deployments/{d}/schedules",                   [401, 401, 401, 404, 200, 200, 200, 200]),
        row("POST /deployments/{d}/schedules",                  [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"at": "2099-01-01T00:00:00Z", "comment": "{n}"}"#),
        row("PUT /deployments/{d}/schedules/{x}",               [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"at": "2099-01-02T00:00:00Z", "comment": "{n}"}"#).fresh(Fresh::Schedule),
        row("PATCH /deployments/{d}/schedules/{x}",             [401, 401, 401, 404, 403, 403, 200, 200])
            .body(r#"{"enabled": false}"#).fresh(Fresh::Schedule),
        row("DELETE /deployments/{d}/schedules/{x}",            [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Schedule),
        row("GET /approvals",                                   [401, 401, 401, 200, 200, 200, 200, 200]),
        row("GET /pushes/{push}/diff",                          [401, 401, 401, 404, 200, 200, 200, 200]),
        row("GET /deployments/{d}/diff",                        [401, 401, 401, 404, 200, 200, 200, 200]),

        row("GET /deployments/{d}/webhooks",                    [401, 401, 401, 404, 403, 403, 200, 200]),
        row("POST /deployments/{d}/webhooks",                   [401, 401, 401, 404, 403, 403, 201, 201])
            .body(r#"{"url": "https://hooks.example.invalid/{n}", "events": ["push.failed"]}"#),
        row("GET /deployments/{d}/webhooks/{webhook}/deliveries", [401, 401, 401, 404, 403, 403, 200, 200]),
        row("DELETE /deployments/{d}/webhooks/{x}",             [401, 401, 401, 404, 403, 403, 204, 204])
            .fresh(Fresh::Webhook),

        row("GET /recipes",                                     [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /recipes",                                    [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"name": "{n}", "language": "bash", "code": "true"}"#),
        row("GET /recipes/{recipe}",                            [401, 401, 401, 200, 200, 200, 200, 200]),
        row("PATCH /recipes/{recipe}",                          [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"description": "{n}"}"#),
        row("DELETE /recipes/{x}",                              [401, 401, 401, 403, 403, 403, 403, 204])
            .fresh(Fresh::Recipe),
        row("GET /recipes/{recipe}/usages",                     [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /recipes/import",                             [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"rolf_cookbook": 1, "recipes": [{"name": "{n}", "language": "bash", "code": "true"}]}"#),
        row("POST /import/rolf?dry_run=true",                   [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"cookbook_csv": "{n},shell,true,\r\n"}"#),
        row("POST /import/rolf",                                [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"cookbook_csv": "{n},shell,true,\r\n"}"#),

        row("GET /groups",                                      [401, 401, 401, 403, 403, 403, 403, 200]),
        row("POST /groups",                                     [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"name": "{n}"}"#),
        row("DELETE /groups/{x}",                               [401, 401, 401, 403, 403, 403, 403, 204])
            .fresh(Fresh::Group),
        row("GET /groups/{group}/mappings",                     [401, 401, 401, 403, 403, 403, 403, 200]),
        row("PUT /groups/{group}/mappings",                     [401, 401, 401, 403, 403, 403, 403, 200])
            .body(r#"{"mappings": ["cn={n}"]}"#),

        row("GET /tokens",                                      [401, 401, 401, 200, 200, 200, 200, 200]),
        row("POST /tokens",                                     [401, 401, 401, 201, 201, 201, 201, 201])
            .body(r#"{"name": "{n}"}"#),
        row("DELETE /tokens/{x}",                               [401, 401, 401, 204, 204, 204, 204, 204])
            .fresh(Fresh::Token),
        // Someone else's token does not exist for the caller; admins revoke any, e.g. a service account's.
        row("DELETE /tokens/{x}",                               [401, 401, 401, 404, 404, 404, 404, 204])
            .fresh(Fresh::AccountToken),

        row("GET /service-accounts",                            [401, 401, 401, 403, 403, 403, 403, 200]),
        row("POST /service-accounts",                           [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"name": "{n}", "groups": []}"#),
        row("GET /service-accounts/{sa}/tokens",                [401, 401, 401, 403, 403, 403, 403, 200]),
        row("POST /service-accounts/{sa}/tokens",               [401, 401, 401, 403, 403, 403, 403, 201])
            .body(r#"{"name": "{n}"}"#),

        row("GET /workers",                                     [401, 401, 401, 403, 403, 403, 403, 200]),

        row("GET /me",                                          [401, 401, 401, 200, 200, 200, 200, 200]),

        row("GET /audit?deployment_id={d}",                     [401, 401, 401, 404, 403, 403, 200, 200]),
        row("GET /audit",                                       [401, 401, 401, 403, 403, 403, 403, 200]),
        // Filters narrow what a caller may read; they never widen it.
        row("GET /audit?deployment_id={d}&actor=admin&action=setting&since=2000-01-01T00:00:00Z",
                                                                [401, 401, 401, 404, 403, 403, 200, 200]),
        row("GET /audit?actor=admin&action=setting.put&until=2999-01-01T00:00:00Z",
                                                                [401, 401, 401, 403, 403, 403, 403, 200]),

        // Search answers everyone signed in, over what each may view (a view-less caller gets no hits).
        row("GET /logs/search?q=x",                             [401, 401, 401, 200, 200, 200, 200, 200]),
        // The event stream answers everyone signed in, with the changes of what each may view (tests/api/events.rs).
        row("GET /events/stream",                               [401, 401, 401, 200, 200, 200, 200, 200]),
    ]
}

/// Replaces every `{key}` of the template.
fn fill(template: &str, vars: &[(&str, String)]) -> String {
    vars.iter().fold(template.to_owned(), |s, (key, value)| s.replace(&format!("{{{key}}}"), value))
}

async fn admin_id(app: &TestApp, path: &str, body: Value) -> i64 {
    app.admin(Method::POST, path, Some(body)).await["id"].as_i64().unwrap()
}

/// The ids in a list answer.
fn ids(reply: &Reply, field: &str) -> Vec<i64> {
    reply.body.as_array().map(|items| items.iter().filter_map(|i| i[field].as_i64()).collect()).unwrap_or_default()
}

/// The objects the matrix acts on, made once by the admin.
struct Fixture {
    d: i64,
    c: i64,
    a: i64,
    d0: i64,
    c0: i64,
    a0: i64,
    recipe: i64,
    stage: i64,
    flag: i64,
    push: i64,
    webhook: i64,
    sa: String,
}

impl Fixture {
    async fn make(app: &TestApp) -> Fixture {
        let d = app.deployment("matrix").await;
        let shown = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await;
        let d0 = app.deployment("hidden").await;
        let hidden = app.admin(Method::GET, &format!("/api/v1/deployments/{d0}"), None).await;
        let recipe =
            admin_id(app, "/api/v1/recipes", json!({"name": unique("recipe"), "language": "bash", "code": "true"}))
                .await;
        let stage =
            admin_id(app, &format!("/api/v1/deployments/{d}/stages"), json!({"name": "linked", "recipe_id": recipe}))
                .await;
        let flag =
            admin_id(app, &format!("/api/v1/deployments/{d}/flags"), json!({"name": "flag", "varname": "FLAG"})).await;
        app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/EXISTING"), Some(json!({"value": "v"})))
            .await;
        app.grant(d, "bystanders", "view").await;
        let push = admin_id(app, &format!("/api/v1/deployments/{d}/pushes"), json!({})).await;
        let hook = json!({"url": "https://hooks.example.invalid/", "events": ["push.queued"]});
        let webhook = admin_id(app, &format!("/api/v1/deployments/{d}/webhooks"), hook).await;
        let sa = unique("sa");
        app.admin(Method::POST, "/api/v1/service-accounts", Some(json!({"name": sa}))).await;
        let id = |v: &Value, field: &str| v[field].as_i64().unwrap();
        Fixture {
            d,
            c: id(&shown, "category_id"),
            a: id(&shown, "application_id"),
            d0,
            c0: id(&hidden, "category_id"),
            a0: id(&hidden, "application_id"),
            recipe,
            stage,
            flag,
            push,
            webhook,
            sa,
        }
    }

    /// The values of the path and body templates' placeholders.
    fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("d", self.d.to_string()),
            ("c", self.c.to_string()),
            ("a", self.a.to_string()),
            ("d0", self.d0.to_string()),
            ("c0", self.c0.to_string()),
            ("a0", self.a0.to_string()),
            ("recipe", self.recipe.to_string()),
            ("stage", self.stage.to_string()),
            ("flag", self.flag.to_string()),
            ("push", self.push.to_string()),
            ("webhook", self.webhook.to_string()),
            ("setting", "EXISTING".to_owned()),
            ("group", "bystanders".to_owned()),
            ("sa", self.sa.clone()),
        ]
    }

    /// Makes what the row consumes; returns `{x}`. `own` is the caller's token, for its own tokens.
    async fn fresh(&self, app: &TestApp, fresh: Fresh, own: &str) -> Option<String> {
        let d = self.d;
        let name = unique("fresh");
        let x = match fresh {
            Fresh::Nothing => return None,
            Fresh::Category => admin_id(app, "/api/v1/categories", json!({"name": name})).await.to_string(),
            Fresh::Application => {
                admin_id(app, "/api/v1/applications", json!({"category_id": self.c, "name": name})).await.to_string()
            }
            Fresh::Deployment => {
                admin_id(app, &format!("/api/v1/deployments/{d}/clone"), json!({"name": name})).await.to_string()
            }
            Fresh::Document | Fresh::CloneDocument | Fresh::NewDocument => {
                let shown = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await;
                let deployment = match fresh {
                    Fresh::Document => "matrix".to_owned(),
                    Fresh::CloneDocument => {
                        let body = json!({"name": name});
                        app.admin(Method::POST, &format!("/api/v1/deployments/{d}/clone"), Some(body)).await;
                        name
                    }
                    _ => name,
                };
                json!({"rolf": 1, "application": shown["application"], "name": deployment, "description": "applied"})
                    .to_string()
            }
            Fresh::Setting => {
                let path = format!("/api/v1/deployments/{d}/settings/{name}");
                app.admin(Method::PUT, &path, Some(json!({"value": "v"}))).await;
                name
            }
            Fresh::Flag => {
                admin_id(app, &format!("/api/v1/deployments/{d}/flags"), json!({"name": name, "varname": name}))
                    .await
                    .to_string()
            }
            Fresh::Stage => {
                let body = json!({"name": name, "language": "bash", "code": "true"});
                admin_id(app, &format!("/api/v1/deployments/{d}/stages"), body).await.to_string()
            }
            Fresh::Group => {
                app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": name}))).await;
                name
            }
            Fresh::Grant => {
                app.grant(d, &name, "view").await;
                name
            }
            Fresh::Recipe => {
                admin_id(app, "/api/v1/recipes", json!({"name": name, "language": "bash", "code": "true"}))
                    .await
                    .to_string()
            }
            Fresh::Token => {
                let reply = app.post("/api/v1/tokens", own, json!({"name": name})).await;
                assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
                reply.id().to_string()
            }
            Fresh::AccountToken => {
                let path = format!("/api/v1/service-accounts/{}/tokens", self.sa);
                admin_id(app, &path, json!({"name": name})).await.to_string()
            }
            Fresh::StageOrder => {
                let stages = app.admin(Method::GET, &format!("/api/v1/deployments/{d}/stages"), None).await;
                let mut ids: Vec<i64> = stages.as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
                ids.reverse();
                serde_json::to_string(&ids).unwrap()
            }
            Fresh::Push => {
                admin_id(app, &format!("/api/v1/deployments/{d}/pushes"), json!({"comment": name})).await.to_string()
            }
            Fresh::Schedule => {
                let body = json!({"at": "2099-01-01T00:00:00Z", "comment": name});
                admin_id(app, &format!("/api/v1/deployments/{d}/schedules"), body).await.to_string()
            }
            Fresh::Freeze => {
                let body = json!({"reason": name, "deployment_id": d, "starts_at": "2099-01-01T00:00:00Z",
                    "ends_at": "2099-01-02T00:00:00Z"});
                admin_id(app, "/api/v1/freezes", body).await.to_string()
            }
            Fresh::CancelledPush => {
                let id = admin_id(app, &format!("/api/v1/deployments/{d}/pushes"), json!({"comment": name})).await;
                app.admin(Method::POST, &format!("/api/v1/pushes/{id}/cancel"), Some(json!({}))).await;
                id.to_string()
            }
            Fresh::Webhook => {
                let body = json!({"url": format!("https://hooks.example.invalid/{name}"), "events": ["push.lost"]});
                admin_id(app, &format!("/api/v1/deployments/{d}/webhooks"), body).await.to_string()
            }
        };
        Some(x)
    }
}

/// A token of the admin's that worked, then was revoked.
async fn revoked_token(app: &TestApp) -> String {
    let issued = app.post("/api/v1/tokens", &app.admin_token, json!({"name": "to revoke"})).await;
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    let revoked = app.delete(&format!("/api/v1/tokens/{}", issued.id()), &app.admin_token).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{revoked:?}");
    token
}

/// A token of the admin's that worked, then expired.
async fn expired_token(app: &TestApp) -> String {
    let issued = app.post("/api/v1/tokens", &app.admin_token, json!({"name": "to expire", "expires_in_days": 1})).await;
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    let id = issued.id();
    app.db
        .with(move |conn| {
            diesel::update(api_tokens::table.filter(api_tokens::id.eq(id)))
                .set(
                    api_tokens::expires_at.eq(diesel::dsl::sql::<Nullable<Timestamptz>>("now() - interval '1 minute'")),
                )
                .execute(conn)
                .unwrap()
        })
        .await;
    app.forget_callers();
    token
}

/// What is wrong with a reply, if anything.
fn problem(reply: &Reply, expected: u16) -> Option<String> {
    if reply.status.as_u16() != expected {
        return Some(format!("expected {expected}, got {}", reply.status.as_u16()));
    }
    let code = match expected {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        _ => return None,
    };
    (reply.code() != code).then(|| format!("{expected} as expected, but the error code is not '{code}'"))
}

#[tokio::test]
async fn every_endpoint_answers_every_caller_as_documented() {
    let app = TestApp::spawn().await;
    let fx = Fixture::make(&app).await;
    let outsider = app.user(&["outsiders"]).await;
    let mut tokens = vec![None, Some(revoked_token(&app).await), Some(expired_token(&app).await), Some(outsider)];
    for (group, level) in [("viewers", "view"), ("pushers", "push"), ("editors", "edit")] {
        app.grant(fx.d, group, level).await;
        tokens.push(Some(app.user(&[group]).await));
    }
    tokens.push(Some(app.admin_token.clone()));
    check_matrix(&app, &fx, &tokens, CALLERS).await;
}

/// The same matrix with signed-in users: each caller holds a session token (JWT) instead of an API token, and
/// the first three columns are a tampered, a logged-out and an expired session.
#[tokio::test]
async fn every_endpoint_answers_every_session_as_documented() {
    let app = TestApp::spawn().await;
    let fx = Fixture::make(&app).await;
    for group in ["outsiders", "admins"] {
        app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": group}))).await;
    }
    let tampered = {
        let token = session(&app, "tampered", "admins").await;
        let (rest, signature) = token.rsplit_once('.').unwrap();
        let flipped = if signature.starts_with('A') { "B" } else { "A" };
        format!("{rest}.{flipped}{}", &signature[1..])
    };
    let logged_out = session(&app, "logged-out", "admins").await;
    let out = app.call(Method::POST, "/api/v1/auth/logout", Some(&logged_out), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let expired = session(&app, "expired", "admins").await;
    app.db
        .with(|conn| {
            use rolf_common::schema::sessions;
            diesel::update(sessions::table.filter(sessions::source.eq("cas")))
                .filter(
                    sessions::user_id.eq_any(
                        rolf_common::schema::users::table
                            .filter(rolf_common::schema::users::username.eq("expired"))
                            .select(rolf_common::schema::users::id),
                    ),
                )
                .set(sessions::expires_at.eq(diesel::dsl::sql::<Timestamptz>("now() - interval '1 second'")))
                .execute(conn)
                .unwrap()
        })
        .await;
    app.forget_callers();
    let mut tokens =
        vec![Some(tampered), Some(logged_out), Some(expired), Some(session(&app, "out", "outsiders").await)];
    for (group, level) in [("viewers", "view"), ("pushers", "push"), ("editors", "edit")] {
        app.grant(fx.d, group, level).await;
        tokens.push(Some(session(&app, group, group).await));
    }
    tokens.push(Some(session(&app, "boss", "admins").await));
    let names =
        ["tampered session", "logged-out session", "expired session", "no grant", "view", "push", "edit", "admin"];
    check_matrix(&app, &fx, &tokens, names).await;
}

/// A live session token for a directory user in `group`, made the way a CAS sign-in makes it.
async fn session(app: &TestApp, username: &str, group: &str) -> String {
    use rolf_common::access::sessions::{self, DirectoryUser};
    use rolf_common::access::users::UserSource;
    let who = DirectoryUser {
        username: username.to_owned(),
        source: UserSource::Cas,
        directory_groups: vec![group.to_owned()],
    };
    let session = app
        .db
        .with(move |conn| {
            diesel::Connection::transaction(conn, |conn| sessions::sign_in(conn, &who, 1, Some("127.0.0.1"))).unwrap()
        })
        .await;
    let keys = rolf_api::auth::jwt::SessionKeys::new(&rolf_common::config::JwtKeys::Hs256 {
        secret: rolf_tests::JWT_SECRET.as_bytes().to_vec(),
    })
    .unwrap();
    let token = keys.issue(session.user_id, &session.id, session.expires_at).unwrap();
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK, "session for {username} not accepted");
    token
}

/// Runs every row for every caller and the list checks; fails listing every wrong cell.
async fn check_matrix(app: &TestApp, fx: &Fixture, tokens: &[Option<String>], callers: [&str; 8]) {
    let rows = rows();
    let mut cells = 0;
    let mut mismatches = Vec::new();
    for row in &rows {
        for ((caller, token), expected) in callers.iter().zip(tokens).zip(row.expect) {
            cells += 1;
            // Callers without a valid token are refused before anything is looked at; their fresh tokens are
            // the admin's.
            let own = if expected == 401 { app.admin_token.as_str() } else { token.as_deref().unwrap() };
            let mut vars = fx.vars();
            vars.push(("n", unique("m")));
            if let Some(x) = fx.fresh(app, row.fresh, own).await {
                vars.push(("x", x));
            }
            let path = format!("/api/v1{}", fill(row.path, &vars));
            let body = row.body.map(|b| serde_json::from_str::<Value>(&fill(b, &vars)).unwrap());
            let reply = app.call(row.method.clone(), &path, token.as_deref(), body.as_ref()).await;
            if let Some(problem) = problem(&reply, expected) {
                mismatches.push(format!("{} {path} as {caller}: {problem}; body {}", row.method, reply.body));
            }
        }
    }

    // Lists show only what holds a deployment the caller can view.
    let usages = format!("/recipes/{}/usages", fx.recipe);
    let lists = [
        ("/categories", "id", fx.c, Some(fx.c0)),
        ("/applications", "id", fx.a, Some(fx.a0)),
        ("/deployments", "id", fx.d, Some(fx.d0)),
        // The linked stage lives on `{d}` (and its clones) only.
        (usages.as_str(), "stage_id", fx.stage, None),
    ];
    for (index, (caller, token)) in callers.iter().zip(tokens).enumerate().skip(3) {
        let (can_view, admin) = (index >= 4, index == 7);
        for (path, field, visible, hidden) in &lists {
            let reply = app.get(&format!("/api/v1{path}"), token.as_deref().unwrap()).await;
            let listed = ids(&reply, field);
            let hidden_ok = hidden.is_none_or(|h| listed.contains(&h) == admin);
            if listed.contains(visible) != can_view || !hidden_ok {
                mismatches.push(format!(
                    "GET {path} as {caller}: expected {visible} listed: {can_view}, {hidden:?} listed: {admin}; \
                     got {listed:?}"
                ));
            }
        }
    }

    assert!(
        mismatches.is_empty(),
        "{} wrong among {cells} cells and the list checks:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every operation of the OpenAPI document under `/api/v1` has a row, so a new endpoint cannot skip the matrix.
#[test]
fn the_matrix_covers_every_operation() {
    let spec: Value = serde_json::from_str(&rolf_api::openapi_json()).unwrap();
    let template = |path: &str| {
        let mut out = String::new();
        let mut inside = false;
        for ch in path.split('?').next().unwrap_or_default().chars() {
            match ch {
                '{' => {
                    inside = true;
                    out.push_str("{}");
                }
                '}' => inside = false,
                _ if !inside => out.push(ch),
                _ => {}
            }
        }
        out
    };
    let covered: std::collections::HashSet<(String, String)> =
        rows().iter().map(|r| (r.method.to_string(), format!("/api/v1{}", template(r.path)))).collect();
    let mut missing = Vec::new();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        // Signing in and out is reached without a token or ends the caller's own session: tests/api/signin_*.rs.
        if !path.starts_with("/api/v1/") || path.starts_with("/api/v1/auth/") {
            continue;
        }
        for method in operations.as_object().unwrap().keys() {
            let key = (method.to_uppercase(), template(path));
            if !covered.contains(&key) {
                missing.push(format!("{} {path}", key.0));
            }
        }
    }
    assert!(missing.is_empty(), "operations without a row in the permission matrix: {missing:?}");
}
