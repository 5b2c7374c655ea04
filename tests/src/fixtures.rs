//! Objects the end-to-end tests make over and over: stage bodies, a deployment with stages, a setting.

use reqwest::Method;
use serde_json::{Value, json};

use crate::TestApp;

/// The body of an inline bash stage.
pub fn bash(name: &str, code: &str) -> Value {
    json!({"name": name, "language": "bash", "code": code})
}

/// The body of an inline python stage.
pub fn python(name: &str, code: &str) -> Value {
    json!({"name": name, "language": "python", "code": code})
}

/// A deployment with these stages (bodies of `POST /deployments/{id}/stages`); returns it and the stage ids.
pub async fn deployment_with(app: &TestApp, name: &str, stages: &[Value]) -> (i64, Vec<i64>) {
    let d = app.deployment(name).await;
    let mut ids = Vec::new();
    for stage in stages {
        let created = app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage.clone())).await;
        ids.push(created["id"].as_i64().expect("a created stage has an id"));
    }
    (d, ids)
}

/// Sets a deployment's setting as the admin.
pub async fn setting(app: &TestApp, d: i64, name: &str, value: &str, secret: bool) {
    let body = json!({"value": value, "secret": secret});
    app.admin(Method::PUT, &format!("/api/v1/deployments/{d}/settings/{name}"), Some(body)).await;
}

/// The starter cookbook shipped with Rolf (`cookbook/starter.json`), as a `POST /recipes/import` body.
pub fn starter_cookbook() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cookbook/starter.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("cookbook/starter.json"))
        .expect("the starter cookbook is JSON")
}

/// A cookbook export as the original's `dump_cookbook` writes it: no header, `\r\n`, quoted code over lines.
pub fn original_cookbook_csv(prefix: &str) -> String {
    format!(
        "{prefix} greet,shell,\"echo \"\"hello from $(pwd)\"\"\r\nfalse\r\necho after-false\",Says hello\r\n\
         {prefix} tag,python,\"self.push.rollback_url = 'v-%s-%d' % (self.setting('APP'), self.push.id)\r\n\
         self.push.save()\",Records the rollback tag\r\n\
         {prefix} legacy,python,\"print 'hi'\r\nself.execute(['ls'])\",\r\n\n"
    )
}

/// A `dumpdata rolf_main auth.group` of one deployment using the three recipes, an inline stage, two flags,
/// settings (one a password), grants to two groups (one by natural key) and some push history.
pub fn original_dump(prefix: &str) -> Value {
    let recipe = |pk: i64, name: &str, language: &str, code: &str, description: &str| {
        json!({"model": "rolf_main.recipe", "pk": pk, "fields": {
            "name": name, "language": language, "code": code, "description": description}})
    };
    let stage = |pk: i64, name: &str, recipe: i64, order: i64| {
        json!({"model": "rolf_main.stage", "pk": pk, "fields": {
            "name": name, "deployment": 3, "recipe": recipe, "_order": order}})
    };
    json!([
        {"model": "auth.group", "pk": 1, "fields": {"name": format!("{prefix}-devs"), "permissions": []}},
        {"model": "rolf_main.category", "pk": 1, "fields": {"name": format!("{prefix} sites")}},
        {"model": "rolf_main.application", "pk": 2, "fields": {"name": format!("{prefix}-blog"), "category": 1, "_order": 0}},
        {"model": "rolf_main.deployment", "pk": 3, "fields": {"name": "prod", "application": 2, "deprecated": false, "_order": 0}},
        {"model": "rolf_main.setting", "pk": 4, "fields": {"deployment": 3, "name": "APP", "value": "blog", "_order": 0}},
        {"model": "rolf_main.setting", "pk": 5, "fields": {"deployment": 3, "name": "DB_PASSWORD", "value": "hunter2", "_order": 1}},
        {"model": "rolf_main.flag", "pk": 6, "fields": {"deployment": 3, "name": "Debug", "varname": "DEBUG",
            "default": "", "boolean": true, "description": "Checked: verbose"}},
        {"model": "rolf_main.flag", "pk": 7, "fields": {"deployment": 3, "name": "Branch", "varname": "BRANCH",
            "default": "main", "boolean": false, "description": ""}},
        recipe(10, &format!("{prefix} greet"), "shell", "echo \"hello from $(pwd)\"\r\nfalse\r\necho after-false", "Says hello"),
        recipe(11, &format!("{prefix} tag"), "python",
            "self.push.rollback_url = 'v-%s-%d' % (self.setting('APP'), self.push.id)\r\nself.push.save()",
            "Records the rollback tag"),
        recipe(12, "", "shell", "echo \"flag=[$DEBUG] branch=[$BRANCH]\"", ""),
        // Listed out of order: `_order` decides.
        stage(21, "tag", 11, 2),
        stage(20, "greet", 10, 0),
        stage(22, "flags", 12, 1),
        {"model": "rolf_main.permission", "pk": 30, "fields": {"deployment": 3, "group": 1, "capability": "push"}},
        {"model": "rolf_main.permission", "pk": 31, "fields": {"deployment": 3, "group": [format!("{prefix}-ops")], "capability": "view"}},
        {"model": "rolf_main.permission", "pk": 32, "fields": {"deployment": 3, "group": 1, "capability": "view"}},
        {"model": "rolf_main.push", "pk": 40, "fields": {"deployment": 3, "comment": "old"}},
        {"model": "rolf_main.log", "pk": 41, "fields": {}},
    ])
}
