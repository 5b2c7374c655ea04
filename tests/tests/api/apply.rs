//! Deployments as code, second half (issue 13): a document applied creates or updates the deployment it names,
//! reports the difference, and round-trips: exported, applied to an empty Rolf and exported again, it is the same.

use reqwest::{Method, StatusCode};
use rolf_tests::{Reply, TestApp};
use serde_json::{Value, json};

use crate::bad_input::{assert_error, fingerprint};

const APPLY: &str = "/api/v1/deployments/apply";

/// Applies `doc` as JSON with the admin's token (`?dry_run=true` with `dry_run`).
async fn apply(app: &TestApp, doc: &Value, dry_run: bool) -> Reply {
    apply_as(app, &app.admin_token, doc, dry_run).await
}

async fn apply_as(app: &TestApp, token: &str, doc: &Value, dry_run: bool) -> Reply {
    let path = if dry_run { format!("{APPLY}?dry_run=true") } else { APPLY.to_owned() };
    app.raw(Method::POST, &path, token, "application/json", doc.to_string().into_bytes()).await
}

async fn apply_yaml(app: &TestApp, yaml: &str, dry_run: bool) -> Reply {
    let path = if dry_run { format!("{APPLY}?dry_run=true") } else { APPLY.to_owned() };
    app.raw(Method::POST, &path, &app.admin_token, "application/yaml", yaml.as_bytes().to_vec()).await
}

async fn export(app: &TestApp, id: i64) -> Value {
    app.admin(Method::GET, &format!("/api/v1/deployments/{id}/export"), None).await
}

/// The export as YAML, with the content type it was served as.
async fn export_yaml(app: &TestApp, id: i64, accept: &str) -> (String, String) {
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/deployments/{id}/export")))
        .bearer_auth(&app.admin_token)
        .header("Accept", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
    (content_type, resp.text().await.unwrap())
}

async fn create_groups(app: &TestApp, groups: &[&str]) {
    for group in groups {
        app.admin(Method::POST, "/api/v1/groups", Some(json!({"name": group}))).await;
    }
}

async fn create_recipe(app: &TestApp) {
    let recipe = json!({"name": "checkout", "language": "bash", "code": "git clone \"$REPO\" ."});
    app.admin(Method::POST, "/api/v1/recipes", Some(recipe)).await;
}

/// A deployment with some of everything: settings (one secret), typed flags, cookbook and inline stages, grants,
/// approval settings, a pool and a signed webhook.
async fn rich_deployment(app: &TestApp) -> i64 {
    let d = app.deployment("production").await;
    let dep = format!("/api/v1/deployments/{d}");
    create_recipe(app).await;
    create_groups(app, &["shop-devs", "lookers", "approvers"]).await;
    let recipe = app.admin(Method::GET, "/api/v1/recipes", None).await[0]["id"].clone();
    let patch = json!({"description": "the shop\nin production", "log_retention_days": 30, "approvals_required": 1,
        "approver_group": "approvers", "approval_expires_hours": 48, "rollback_without_approval": true,
        "pool": "blue"});
    app.admin(Method::PATCH, &dep, Some(patch)).await;
    for (name, value, secret) in [("HOST", "web1", false), ("DB_PASSWORD", "s3cret-value", true)] {
        app.admin(Method::PUT, &format!("{dep}/settings/{name}"), Some(json!({"value": value, "secret": secret})))
            .await;
    }
    for flag in [
        json!({"name": "Branch", "varname": "BRANCH", "default": "main", "pattern": "[a-z0-9/_-]+"}),
        json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean", "description": "only pretend"}),
        json!({"name": "Region", "varname": "REGION", "kind": "choice", "choices": ["eu", "us"], "default": "us"}),
        json!({"name": "Ticket", "varname": "TICKET", "required": true}),
    ] {
        app.admin(Method::POST, &format!("{dep}/flags"), Some(flag)).await;
    }
    for stage in [
        json!({"name": "checkout", "recipe_id": recipe, "rerun_on_resume": true}),
        json!({"name": "build", "language": "bash", "code": "make\nmake test\n", "timeout_seconds": 600}),
        json!({"name": "notify", "language": "python", "code": "print('done')"}),
    ] {
        app.admin(Method::POST, &format!("{dep}/stages"), Some(stage)).await;
    }
    for (group, level) in [("shop-devs", "edit"), ("lookers", "view")] {
        app.admin(Method::PUT, &format!("{dep}/permissions/{group}"), Some(json!({"level": level}))).await;
    }
    let hook = json!({"url": "https://chat.example.invalid/hooks/shop", "events": ["push.failed", "push.succeeded"],
        "secret": "hook-secret", "format": "slack"});
    app.admin(Method::POST, &format!("{dep}/webhooks"), Some(hook)).await;
    d
}

/// The only deployment of a Rolf, by its list.
async fn only_deployment(app: &TestApp) -> i64 {
    let list = app.admin(Method::GET, "/api/v1/deployments", None).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list[0]["id"].as_i64().unwrap()
}

/// A secret setting's stored value, straight from the database.
async fn stored_setting(app: &TestApp, name: &'static str) -> String {
    app.db
        .with(move |conn| {
            use diesel::prelude::*;
            use rolf_common::schema::settings;
            settings::table.filter(settings::name.eq(name)).select(settings::value).first::<String>(conn).unwrap()
        })
        .await
}

#[tokio::test]
async fn an_exported_deployment_applied_to_an_empty_rolf_exports_the_same() {
    let source = TestApp::spawn().await;
    let d = rich_deployment(&source).await;
    let original = export(&source, d).await;
    assert!(original["category"].is_string(), "the export names the category: {original:#}");

    let target = TestApp::spawn().await;
    create_recipe(&target).await;
    create_groups(&target, &["shop-devs", "lookers", "approvers"]).await;
    // As exported, the document lacks the secret values a new deployment needs: refused, naming the first.
    let before = fingerprint(&target).await;
    let refused = apply(&target, &original, false).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid", "secret without a value");
    assert_eq!(refused.body["error"]["field"], "settings[0].value", "{refused:?}");
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("DB_PASSWORD"), "{refused:?}");
    assert_eq!(fingerprint(&target).await, before, "a refused document imports nothing");

    let mut complete = original.clone();
    complete["settings"][0]["value"] = json!("s3cret-value");
    complete["webhooks"][0]["secret"] = json!("hook-secret");
    let created = apply(&target, &complete, false).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let report = &created.body;
    assert_eq!(report["created"], json!(["category", "application", "deployment"]), "{report:#}");
    assert_eq!(report["changed"], true);
    assert_eq!(report["stages"]["created"], json!(["checkout", "build", "notify"]), "{report:#}");
    assert_eq!(report["settings"]["created"], json!(["DB_PASSWORD", "HOST"]), "{report:#}");
    let copy = only_deployment(&target).await;
    assert_eq!(report["deployment_id"], copy);
    assert_eq!(export(&target, copy).await, original, "the round trip changed the document");
    assert_eq!(stored_setting(&target, "DB_PASSWORD").await, "s3cret-value");

    // The YAML export, applied back as it is (no secret values), changes nothing: secrets keep their values.
    let (content_type, yaml) = export_yaml(&source, d, "application/yaml").await;
    assert_eq!(content_type, "application/yaml");
    assert!(yaml.starts_with("rolf: 1\n"), "{yaml}");
    assert!(!yaml.contains("s3cret-value") && !yaml.contains("hook-secret"), "a secret leaked: {yaml}");
    let again = apply_yaml(&target, &yaml, false).await;
    assert_eq!(again.status, StatusCode::OK, "{again:?}");
    assert_eq!(again.body["changed"], false, "{:#}", again.body);
    assert_eq!(stored_setting(&target, "DB_PASSWORD").await, "s3cret-value");
    assert_eq!(export(&target, copy).await, original);
    let (text_type, same) = export_yaml(&source, d, "text/yaml").await;
    assert_eq!((text_type.as_str(), same), ("text/yaml", yaml));
}

/// A small document of a new deployment in a new application and category.
fn small_document() -> Value {
    json!({
        "rolf": 1,
        "category": rolf_tests::unique("web"),
        "application": rolf_tests::unique("shop"),
        "name": "staging",
        "description": "first",
        "settings": [{"name": "HOST", "value": "web1"}, {"name": "TOKEN", "value": "t0ken", "secret": true}],
        "flags": [{"name": "Branch", "varname": "BRANCH", "default": "main"}],
        "stages": [
            {"name": "build", "language": "bash", "code": "make"},
            {"name": "ship", "language": "bash", "code": "rsync -a . \"$HOST:/srv\""},
        ],
    })
}

async fn apply_events(app: &TestApp) -> Vec<Value> {
    let page = app.admin(Method::GET, "/api/v1/audit", None).await;
    page["events"].as_array().unwrap().iter().filter(|e| e["action"] == "deployment.apply").cloned().collect()
}

#[tokio::test]
async fn applying_the_same_document_twice_changes_nothing_the_second_time() {
    let app = TestApp::spawn().await;
    let doc = small_document();
    let first = apply(&app, &doc, false).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    assert_eq!(apply_events(&app).await.len(), 1, "one audit event for the whole document");
    let before = fingerprint(&app).await;
    let second = apply(&app, &doc, false).await;
    assert_eq!(second.status, StatusCode::OK, "{second:?}");
    assert_eq!(second.body["changed"], false, "{:#}", second.body);
    assert_eq!(second.body["created"], json!([]));
    assert_eq!(fingerprint(&app).await, before, "the second run changed stored rows");

    // A change is reported part by part, in one more audit event, and leaves the rest alone.
    let mut changed = doc.clone();
    changed["description"] = json!("second");
    changed["settings"][0]["value"] = json!("web2");
    changed["stages"] = json!([
        {"name": "ship", "language": "bash", "code": "rsync -a . \"$HOST:/srv\"", "timeout_seconds": 60},
        {"name": "smoke", "language": "bash", "code": "curl -f \"$HOST\""},
    ]);
    changed["flags"] = json!([]);
    let third = apply(&app, &changed, false).await;
    assert_eq!(third.status, StatusCode::OK, "{third:?}");
    let report = &third.body;
    assert_eq!(report["fields"], json!([{"field": "description", "before": "first", "after": "second"}]));
    assert_eq!(
        report["settings"],
        json!({"created": [], "updated": [{"name": "HOST", "fields": ["value"]}],
        "removed": []})
    );
    assert_eq!(report["flags"]["removed"], json!(["BRANCH"]));
    assert_eq!(
        report["stages"],
        json!({"created": ["smoke"],
        "updated": [{"name": "ship", "fields": ["timeout_seconds"]}], "removed": ["build"]})
    );
    assert_eq!(report["webhooks"], json!({"created": [], "updated": [], "removed": []}));
    let events = apply_events(&app).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["after"]["changes"]["fields"][0]["field"], "description");
    let text = events.iter().map(Value::to_string).collect::<String>();
    assert!(!text.contains("t0ken"), "a secret reached the audit trail: {text}");
}

#[tokio::test]
async fn a_dry_run_reports_the_difference_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let doc = small_document();
    let before = fingerprint(&app).await;
    let dry = apply(&app, &doc, true).await;
    assert_eq!(dry.status, StatusCode::OK, "{dry:?}");
    assert_eq!(dry.body["dry_run"], true);
    assert_eq!(dry.body["created"], json!(["category", "application", "deployment"]));
    assert_eq!(dry.body["deployment_id"], Value::Null, "a would-be deployment has no id");
    assert_eq!(fingerprint(&app).await, before, "a dry run changed stored rows");

    apply(&app, &doc, false).await;
    let mut changed = doc.clone();
    changed["deprecated"] = json!(true);
    changed["stages"] = json!([changed["stages"][1], changed["stages"][0]]);
    let before = fingerprint(&app).await;
    let dry = apply(&app, &changed, true).await;
    assert_eq!(dry.status, StatusCode::OK, "{dry:?}");
    assert_eq!(dry.body["stages_reordered"], true, "{:#}", dry.body);
    assert_eq!(dry.body["fields"][0]["field"], "deprecated");
    assert!(dry.body["deployment_id"].is_i64());
    assert_eq!(fingerprint(&app).await, before, "a dry run changed stored rows");
    // The same refusals as a real run.
    let mut bad = changed.clone();
    bad["stages"][0]["recipe"] = json!("no-such-recipe");
    bad["stages"][0]["code"] = Value::Null;
    let refused = apply(&app, &bad, true).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid", "dry run, missing recipe");
    assert_eq!(refused.body["error"]["field"], "stages[0].recipe");
}

#[tokio::test]
async fn bad_documents_are_refused_naming_the_place_and_import_nothing() {
    let app = TestApp::spawn().await;
    create_recipe(&app).await;
    create_groups(&app, &["shop-devs"]).await;
    let existing = small_document();
    apply(&app, &existing, false).await;
    let before = fingerprint(&app).await;
    // The existing deployment's document, with one thing wrong.
    let with = |pointer: &str, value: Value| {
        let mut doc = existing.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let parent = doc.pointer_mut(parent).unwrap();
        match key.parse::<usize>() {
            Ok(i) if parent.is_array() => parent[i] = value,
            _ => parent[key] = value,
        }
        doc
    };
    let mut unknown = small_document();
    unknown["stages"][1]["colour"] = json!("red");
    let reply = apply(&app, &unknown, false).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request", "unknown field");
    let message = reply.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("stages[1]") && message.contains("colour"), "{message}");

    let yaml = "rolf: 1\napplication: shop\nname: staging\nstages:\n  - name: build\n    langauge: bash\n";
    let reply = apply_yaml(&app, yaml, false).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request", "unknown field in YAML");
    let message = reply.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("stages[0]") && message.contains("langauge") && message.contains("line 6"), "{message}");

    let reply = apply_yaml(&app, "rolf: 1\napplication: [shop\nname: x\n", false).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request", "YAML that does not parse");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("line"), "{reply:?}");

    let reply = app.raw(Method::POST, APPLY, &app.admin_token, "text/plain", b"rolf: 1".to_vec()).await;
    assert_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "plain text");

    let cases = [
        (
            with("/stages/1", json!({"name": "ship", "recipe": "deploy-it"})),
            "stages[1].recipe",
            "ship", // the message names the stage
        ),
        (with("/stages/1/recipe", json!("checkout")), "stages[1].code", "not both"),
        (
            json!({"rolf": 1, "application": existing["application"], "name": "staging",
                "permissions": [{"group": "shop-devs", "level": "edit"}, {"group": "nobody-here", "level": "view"}]}),
            "permissions[1].group",
            "nobody-here",
        ),
        (with("/settings/1", json!({"name": "NEW_SECRET", "secret": true})), "settings[1].value", "NEW_SECRET"),
        (with("/rolf", json!(2)), "rolf", "version"),
        (with("/stages/1/name", json!("build")), "stages[1].name", "twice"),
        (
            with("/flags/0", json!({"name": "Branch", "varname": "BRANCH", "kind": "boolean", "default": "maybe"})),
            "flags[0].default",
            "boolean",
        ),
        (with("/category", json!("elsewhere")), "category", ""),
        (
            json!({"rolf": 1, "application": existing["application"], "name": "staging",
                "approvals": {"approver_group": "nobody-here"}}),
            "approvals.approver_group",
            "nobody-here",
        ),
        (
            json!({"rolf": 1, "application": existing["application"], "name": "staging",
                "webhooks": [{"url": "https://hooks.example.invalid/x", "events": ["push.failed"], "signed": true}]}),
            "webhooks[0].secret",
            "secret",
        ),
    ];
    for (doc, field, mention) in cases {
        let reply = apply(&app, &doc, false).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid", field);
        assert_eq!(reply.body["error"]["field"], field, "{reply:?}");
        let message = reply.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(mention), "{field}: {message}");
    }
    assert_eq!(fingerprint(&app).await, before, "a refused document changed stored rows");
}

#[tokio::test]
async fn editors_update_and_only_admins_create_or_change_approvals() {
    let app = TestApp::spawn().await;
    let doc = small_document();
    let created = apply(&app, &doc, false).await;
    let d = created.body["deployment_id"].as_i64().unwrap();
    app.grant(d, "editors", "edit").await;
    app.grant(d, "viewers", "view").await;
    let editor = app.user(&["editors"]).await;
    let viewer = app.user(&["viewers"]).await;
    let outsider = app.user(&["outsiders"]).await;

    let mut described = doc.clone();
    described["description"] = json!("by an editor");
    described["permissions"] = json!([{"group": "editors", "level": "edit"}, {"group": "viewers", "level": "view"}]);
    let reply = apply_as(&app, &editor, &described, false).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");

    let mut approvals = described.clone();
    approvals["approvals"] = json!({"required": 2});
    let reply = apply_as(&app, &editor, &approvals, false).await;
    assert_error(&reply, StatusCode::FORBIDDEN, "forbidden", "an editor changing approvals");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("approval"), "{reply:?}");
    assert_eq!(apply(&app, &approvals, false).await.status, StatusCode::OK, "an admin may");

    let reply = apply_as(&app, &viewer, &described, true).await;
    assert_error(&reply, StatusCode::FORBIDDEN, "forbidden", "a viewer");
    // An outsider hears the same about an existing deployment as about a missing one.
    let hidden = apply_as(&app, &outsider, &described, true).await;
    let mut missing = described.clone();
    missing["name"] = json!("nowhere");
    let absent = apply_as(&app, &editor, &missing, true).await;
    assert_error(&hidden, StatusCode::FORBIDDEN, "forbidden", "an outsider");
    assert_eq!(hidden.body, absent.body);
}

#[tokio::test]
async fn a_setting_made_secret_later_is_forgotten_by_earlier_apply_events() {
    let app = TestApp::spawn().await;
    let mut doc = small_document();
    doc["settings"][0]["value"] = json!("plain-then-secret");
    let created = apply(&app, &doc, false).await;
    let d = created.body["deployment_id"].as_i64().unwrap();
    assert!(apply_events(&app).await[0].to_string().contains("plain-then-secret"));
    let secret = json!({"value": "plain-then-secret", "secret": true});
    app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/HOST"), Some(secret)).await;
    let events = apply_events(&app).await;
    assert!(!events[0].to_string().contains("plain-then-secret"), "{:#}", events[0]);
    assert_eq!(events[0]["after"]["document"]["settings"][0]["name"], "HOST", "the rest of the event stays");
}

#[tokio::test]
async fn a_flag_may_become_a_setting_of_the_same_name_and_back() {
    let app = TestApp::spawn().await;
    let mut doc = small_document();
    apply(&app, &doc, false).await;
    doc["flags"] = json!([]);
    doc["settings"][0] = json!({"name": "BRANCH", "value": "main"});
    let reply = apply(&app, &doc, false).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["flags"]["removed"], json!(["BRANCH"]));
    assert_eq!(reply.body["settings"]["created"], json!(["BRANCH"]));
    assert_eq!(reply.body["settings"]["removed"], json!(["HOST"]));
    doc["settings"][0] = json!({"name": "HOST", "value": "web1"});
    doc["flags"] = json!([{"name": "Branch", "varname": "BRANCH"}]);
    let reply = apply(&app, &doc, false).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["settings"]["removed"], json!(["BRANCH"]));
    assert_eq!(reply.body["flags"]["created"], json!(["BRANCH"]));
}
