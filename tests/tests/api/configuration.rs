//! How the configuration API behaves: cloning, secret settings, stage order and recipes, deleting with
//! history kept, grants and tokens taking effect at once, filtered lists, the audit trail and `/me`.

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use rolf_common::pushes::log::NewLine;
use rolf_common::schema::{flags, permissions, push_stages, pushes, recipes, settings, stages};
use rolf_tests::TestApp;
use rolf_tests::log_view::log_lines;
use serde_json::{Value, json};

async fn create(app: &TestApp, path: &str, body: Value) -> i64 {
    let created = app.admin(Method::POST, path, Some(body)).await;
    created["id"].as_i64().unwrap_or_else(|| panic!("POST {path}: {created:?}"))
}

fn deployment_path(id: i64) -> String {
    format!("/api/v1/deployments/{id}")
}

/// A list with the fields that differ between otherwise equal objects (ids, owners, timestamps) removed.
fn without(list: &Value, fields: &[&str]) -> Value {
    let mut list = list.clone();
    for item in list.as_array_mut().unwrap() {
        for field in fields {
            item.as_object_mut().unwrap().remove(*field);
        }
    }
    list
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|item| item[key].as_str().unwrap().to_owned()).collect()
}

fn ids(list: &Value, key: &str) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|item| item[key].as_i64().unwrap()).collect()
}

/// The recipe row a stage runs, straight from the database (the API hides the id of inline code).
async fn recipe_of(app: &TestApp, stage: i64) -> i64 {
    app.db.with(move |conn| stages::table.find(stage).select(stages::recipe_id).first(conn).unwrap()).await
}

/// A recipe row's name, `None` for inline code; the outer `None` when the row is gone.
async fn recipe_row(app: &TestApp, recipe: i64) -> Option<Option<String>> {
    app.db.with(move |conn| recipes::table.find(recipe).select(recipes::name).first(conn).optional().unwrap()).await
}

async fn setting_rows(app: &TestApp, deployment: i64) -> Vec<(String, String, bool)> {
    app.db
        .with(move |conn| {
            settings::table
                .filter(settings::deployment_id.eq(deployment))
                .select((settings::name, settings::value, settings::secret))
                .order(settings::name)
                .load(conn)
                .unwrap()
        })
        .await
}

/// A deployment's configuration as the API shows it, minus what necessarily differs in a copy.
async fn configuration(app: &TestApp, deployment: i64) -> Value {
    let path = deployment_path(deployment);
    let read = |sub: &'static str| {
        let path = format!("{path}/{sub}");
        async move { app.admin(Method::GET, &path, None).await }
    };
    let stamps = ["id", "deployment_id", "created_at", "updated_at"];
    json!({
        "settings": without(&read("settings").await, &stamps),
        "flags": without(&read("flags").await, &stamps),
        "stages": without(&read("stages").await, &stamps),
        "permissions": without(&read("permissions").await, &stamps),
    })
}

#[tokio::test]
async fn clone_copies_settings_flags_stages_and_permissions() {
    let app = TestApp::spawn().await;
    let source = app.deployment("source").await;
    let src = deployment_path(source);
    app.admin(Method::PUT, &format!("{src}/settings/PLAIN"), Some(json!({"value": "one"}))).await;
    app.admin(Method::PUT, &format!("{src}/settings/TOKEN"), Some(json!({"value": "s3cret-42", "secret": true}))).await;
    create(
        &app,
        &format!("{src}/flags"),
        json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean", "default": "true", "description": "d"}),
    )
    .await;
    create(&app, &format!("{src}/flags"), json!({"name": "Branch", "varname": "BRANCH", "default": "main"})).await;
    let recipe =
        create(&app, "/api/v1/recipes", json!({"name": "restart", "language": "bash", "code": "systemctl restart"}))
            .await;
    let build = create(
        &app,
        &format!("{src}/stages"),
        json!({"name": "build", "language": "python", "code": "print('build')", "timeout_seconds": 120}),
    )
    .await;
    create(&app, &format!("{src}/stages"), json!({"name": "restart", "recipe_id": recipe})).await;
    app.grant(source, "viewers", "view").await;
    app.grant(source, "editors", "edit").await;
    let original = configuration(&app, source).await;
    assert_eq!(original["stages"].as_array().unwrap().len(), 2);
    assert_eq!(original["permissions"].as_array().unwrap().len(), 2);
    let source_application = app.admin(Method::GET, &src, None).await["application_id"].clone();

    // Into another application of another category...
    let category = create(&app, "/api/v1/categories", json!({"name": "elsewhere"})).await;
    let application = create(&app, "/api/v1/applications", json!({"category_id": category, "name": "other-app"})).await;
    let reply = app
        .post(&format!("{src}/clone"), &app.admin_token, json!({"name": "copy", "application_id": application}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let elsewhere = reply.id();
    assert_eq!(reply.body["name"], "copy");
    assert_eq!(reply.body["application_id"], application);
    assert_eq!(reply.body["application"], "other-app");
    assert_eq!(reply.body["category_id"], category);
    // ...and, by default, into the source's own.
    let reply = app.post(&format!("{src}/clone"), &app.admin_token, json!({"name": "copy"})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let beside = reply.id();
    assert_eq!(reply.body["application_id"], source_application);

    let source_recipe_of_build = recipe_of(&app, build).await;
    for copy in [elsewhere, beside] {
        assert_ne!(copy, source);
        assert_eq!(configuration(&app, copy).await, original, "clone {copy}");
        // Secret values are copied too; only the database can show it.
        assert_eq!(setting_rows(&app, copy).await, setting_rows(&app, source).await);
        assert!(setting_rows(&app, copy).await.contains(&("TOKEN".to_owned(), "s3cret-42".to_owned(), true)));
        let stages = app.admin(Method::GET, &format!("{}/stages", deployment_path(copy)), None).await;
        let (copied_build, copied_restart) = (stages[0]["id"].as_i64().unwrap(), stages[1]["id"].as_i64().unwrap());
        // Inline code is copied into a recipe row of the copy's own; the cookbook recipe stays linked.
        let copied_recipe = recipe_of(&app, copied_build).await;
        assert_ne!(copied_recipe, source_recipe_of_build);
        assert_eq!(recipe_row(&app, copied_recipe).await, Some(None), "a new inline recipe row");
        assert_eq!(recipe_of(&app, copied_restart).await, recipe);
        assert_eq!(stages[1]["recipe_id"], recipe);
    }
    assert_eq!(configuration(&app, source).await, original, "the source is unchanged");
    assert_eq!(recipe_row(&app, source_recipe_of_build).await, Some(None));

    // The copies are independent: editing a copy's inline code leaves the source's alone.
    let stages = app.admin(Method::GET, &format!("{}/stages", deployment_path(beside)), None).await;
    app.admin(Method::PATCH, &format!("/api/v1/stages/{}", stages[0]["id"]), Some(json!({"code": "print('copy')"})))
        .await;
    assert_eq!(configuration(&app, source).await, original);
    let usages = app.admin(Method::GET, &format!("/api/v1/recipes/{recipe}/usages"), None).await;
    assert_eq!(usages.as_array().unwrap().len(), 3, "{usages:?}");
}

#[tokio::test]
async fn secret_settings_never_read_back() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let settings = format!("{}/settings", deployment_path(dep));
    let viewer = app.user(&["viewers"]).await;
    app.grant(dep, "viewers", "view").await;
    let mut seen = Vec::new();

    let reply = app.put(&format!("{settings}/API_KEY"), &app.admin_token, json!({"value": "plain-1111"})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["value"], "plain-1111", "a plain value reads back");
    // Made secret, replaced while secret, and copied by a clone.
    for (value, status) in [("secret-2222", StatusCode::OK), ("secret-3333", StatusCode::OK)] {
        let reply =
            app.put(&format!("{settings}/API_KEY"), &app.admin_token, json!({"value": value, "secret": true})).await;
        assert_eq!(reply.status, status, "{:?}", reply.body);
        assert_eq!(reply.body["value"], Value::Null);
        assert_eq!(reply.body["secret"], true);
        seen.push(reply.body);
    }
    let reply =
        app.put(&format!("{settings}/OTHER"), &app.admin_token, json!({"value": "secret-4444", "secret": true})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    seen.push(reply.body);
    let copy = app.post(&format!("{}/clone", deployment_path(dep)), &app.admin_token, json!({"name": "copy"})).await;
    assert_eq!(copy.status, StatusCode::CREATED);
    for token in [&app.admin_token, &viewer] {
        let list = app.get(&settings, token).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(
            without(&list.body, &["updated_at"]),
            json!([
                {"name": "API_KEY", "value": null, "secret": true},
                {"name": "OTHER", "value": null, "secret": true},
            ])
        );
        seen.push(list.body);
    }
    let copied = app.get(&format!("{}/settings", deployment_path(copy.id())), &app.admin_token).await;
    assert_eq!(names(&copied.body, "name"), ["API_KEY", "OTHER"]);
    assert!(copied.body.as_array().unwrap().iter().all(|s| s["value"].is_null()));
    seen.push(copied.body);
    // The database does hold the value, so the hiding above is not an empty test.
    let rows = setting_rows(&app, dep).await;
    assert_eq!(rows[0], ("API_KEY".to_owned(), "secret-3333".to_owned(), true));

    assert_eq!(app.delete(&format!("{settings}/OTHER"), &app.admin_token).await.status, StatusCode::NO_CONTENT);
    app.admin(Method::DELETE, &deployment_path(copy.id()), None).await;
    let audit = app.admin(Method::GET, "/api/v1/audit?limit=500", None).await;
    seen.push(audit.clone());
    let events: Vec<&Value> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "setting.put" && e["deployment_id"] == dep)
        .collect();
    assert_eq!(events.len(), 4, "{audit:?}");
    // Newest first: OTHER created; API_KEY secret to secret; plain to secret; created plain.
    assert_eq!(events[0]["after"]["value"], Value::Null);
    assert_eq!(events[1]["before"]["value"], Value::Null);
    assert_eq!(events[1]["after"]["value"], Value::Null);
    // Once made secret, the trail no longer shows the value the setting had in the clear either.
    assert_eq!(events[2]["before"]["value"], Value::Null);
    assert_eq!(events[2]["after"]["value"], Value::Null);
    assert_eq!(events[3]["after"]["value"], Value::Null);
    for secret in ["plain-1111", "secret-2222", "secret-3333", "secret-4444"] {
        for body in &seen {
            assert!(!body.to_string().contains(secret), "{secret} shown in {body}");
        }
    }
}

#[tokio::test]
async fn put_setting_creates_then_replaces() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let settings = format!("{}/settings", deployment_path(dep));
    let reply = app.put(&format!("{settings}/DB_HOST"), &app.admin_token, json!({"value": "db1"})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["value"], "db1");
    assert_eq!(reply.body["secret"], false);
    let reply = app.put(&format!("{settings}/DB_HOST"), &app.admin_token, json!({"value": "db2"})).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["value"], "db2");
    let reply = app.put(&format!("{settings}/APP_ENV"), &app.admin_token, json!({"value": ""})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let list = app.admin(Method::GET, &settings, None).await;
    assert_eq!(
        without(&list, &["updated_at"]),
        json!([{"name": "APP_ENV", "value": "", "secret": false}, {"name": "DB_HOST", "value": "db2", "secret": false}])
    );
    assert_eq!(setting_rows(&app, dep).await.len(), 2, "replaced in place, not added");
}

#[tokio::test]
async fn reordering_stages_changes_positions() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let stages = format!("{}/stages", deployment_path(dep));
    let mut created = Vec::new();
    for name in ["a", "b", "c"] {
        created.push(create(&app, &stages, json!({"name": name, "language": "bash", "code": "true"})).await);
    }
    let (a, b, c) = (created[0], created[1], created[2]);
    let listed = app.admin(Method::GET, &stages, None).await;
    assert_eq!(names(&listed, "name"), ["a", "b", "c"]);

    let reply = app.put(&format!("{stages}/order"), &app.admin_token, json!({"stage_ids": [c, a, b]})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(names(&reply.body, "name"), ["c", "a", "b"]);
    assert_eq!(ids(&reply.body, "position"), [0, 1, 2]);
    let listed = app.admin(Method::GET, &stages, None).await;
    assert_eq!(without(&listed, &["updated_at"]), without(&reply.body, &["updated_at"]));
    assert_eq!(app.admin(Method::GET, &format!("/api/v1/stages/{a}"), None).await["position"], 1);

    // Every position moves at once (a full rotation), which the deferred unique constraint allows.
    let reply = app.put(&format!("{stages}/order"), &app.admin_token, json!({"stage_ids": [a, b, c]})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let listed = app.admin(Method::GET, &stages, None).await;
    assert_eq!(ids(&listed, "id"), [a, b, c]);
    assert_eq!(ids(&listed, "position"), [0, 1, 2]);
}

#[tokio::test]
async fn deleting_a_stage_renumbers_the_rest_and_removes_its_inline_code() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let stages = format!("{}/stages", deployment_path(dep));
    let recipe = create(&app, "/api/v1/recipes", json!({"name": "restart", "language": "bash", "code": "x"})).await;
    let a = create(&app, &stages, json!({"name": "a", "language": "bash", "code": "true"})).await;
    let b = create(&app, &stages, json!({"name": "b", "recipe_id": recipe})).await;
    let c = create(&app, &stages, json!({"name": "c", "language": "bash", "code": "true"})).await;
    create(&app, &stages, json!({"name": "d", "language": "python", "code": "pass"})).await;
    let (a_code, c_code) = (recipe_of(&app, a).await, recipe_of(&app, c).await);

    for (gone, code, left) in
        [(a, Some(a_code), vec!["b", "c", "d"]), (c, Some(c_code), vec!["b", "d"]), (b, None, vec!["d"])]
    {
        assert_eq!(
            app.delete(&format!("/api/v1/stages/{gone}"), &app.admin_token).await.status,
            StatusCode::NO_CONTENT
        );
        let listed = app.admin(Method::GET, &stages, None).await;
        assert_eq!(names(&listed, "name"), left);
        assert_eq!(ids(&listed, "position"), (0..left.len() as i64).collect::<Vec<_>>());
        if let Some(code) = code {
            assert_eq!(recipe_row(&app, code).await, None, "stage {gone}'s inline recipe row is deleted");
        }
        let reply = app.get(&format!("/api/v1/stages/{gone}"), &app.admin_token).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    }
    // A cookbook recipe outlives the stages that linked it.
    assert_eq!(recipe_row(&app, recipe).await, Some(Some("restart".to_owned())));
    assert_eq!(app.admin(Method::GET, &format!("/api/v1/recipes/{recipe}/usages"), None).await, json!([]));
}

#[tokio::test]
async fn patching_a_stage_switches_between_inline_and_cookbook_code() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let recipe = create(
        &app,
        "/api/v1/recipes",
        json!({"name": "restart", "language": "bash", "code": "systemctl restart shop"}),
    )
    .await;
    let stage = create(
        &app,
        &format!("{}/stages", deployment_path(dep)),
        json!({"name": "s", "language": "bash", "code": "echo"}),
    )
    .await;
    let path = format!("/api/v1/stages/{stage}");
    let inline = recipe_of(&app, stage).await;

    // Inline to cookbook: the stage links the recipe, and its own inline row goes.
    let reply = app.patch(&path, &app.admin_token, json!({"recipe_id": recipe})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["recipe_id"], recipe);
    assert_eq!(reply.body["recipe_name"], "restart");
    assert_eq!(reply.body["code"], "systemctl restart shop");
    assert_eq!(recipe_of(&app, stage).await, recipe);
    assert_eq!(recipe_row(&app, inline).await, None);
    let usages = app.admin(Method::GET, &format!("/api/v1/recipes/{recipe}/usages"), None).await;
    assert_eq!(ids(&usages, "stage_id"), [stage]);

    // Cookbook to inline: a new inline row; the cookbook recipe is untouched and no longer used here.
    let reply = app.patch(&path, &app.admin_token, json!({"language": "python", "code": "print('hi')"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["recipe_id"], Value::Null);
    assert_eq!(reply.body["recipe_name"], Value::Null);
    assert_eq!(reply.body["language"], "python");
    assert_eq!(reply.body["code"], "print('hi')");
    let new_inline = recipe_of(&app, stage).await;
    assert_ne!(new_inline, recipe);
    assert_eq!(recipe_row(&app, new_inline).await, Some(None));
    let cookbook = app.admin(Method::GET, &format!("/api/v1/recipes/{recipe}"), None).await;
    assert_eq!(cookbook["code"], "systemctl restart shop");
    assert_eq!(app.admin(Method::GET, &format!("/api/v1/recipes/{recipe}/usages"), None).await, json!([]));

    // Editing inline code keeps the row the stage owns, and the language unless given.
    let reply = app.patch(&path, &app.admin_token, json!({"code": "print(2)"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!((reply.body["language"].as_str(), reply.body["code"].as_str()), (Some("python"), Some("print(2)")));
    assert_eq!(recipe_of(&app, stage).await, new_inline);
    let stage_now = app.admin(Method::GET, &path, None).await;
    assert_eq!(stage_now["code"], "print(2)");
    assert_eq!(stage_now["name"], "s");
}

#[tokio::test]
async fn timeout_null_resets_while_an_absent_field_keeps_it() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let stage = create(
        &app,
        &format!("{}/stages", deployment_path(dep)),
        json!({"name": "s", "language": "bash", "code": "true", "timeout_seconds": 90}),
    )
    .await;
    let path = format!("/api/v1/stages/{stage}");
    let steps = [
        (json!({"name": "renamed"}), json!(90)),
        (json!({}), json!(90)),
        (json!({"timeout_seconds": null}), Value::Null),
        (json!({"code": "false"}), Value::Null),
        (json!({"timeout_seconds": 30}), json!(30)),
        (json!({"name": "again"}), json!(30)),
    ];
    for (patch, timeout) in steps {
        let reply = app.patch(&path, &app.admin_token, patch.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{patch}: {:?}", reply.body);
        assert_eq!(reply.body["timeout_seconds"], timeout, "{patch}");
        assert_eq!(app.admin(Method::GET, &path, None).await["timeout_seconds"], timeout, "{patch}");
    }
}

#[tokio::test]
async fn recipe_usages_list_only_deployments_the_caller_can_view() {
    let app = TestApp::spawn().await;
    let visible = app.deployment("visible").await;
    let hidden = app.deployment("hidden").await;
    let recipe = create(&app, "/api/v1/recipes", json!({"name": "restart", "language": "bash", "code": "x"})).await;
    let mut linked = Vec::new();
    for dep in [visible, hidden] {
        let stages = format!("{}/stages", deployment_path(dep));
        create(&app, &stages, json!({"name": "inline", "language": "bash", "code": "x"})).await;
        linked.push(create(&app, &stages, json!({"name": "deploy", "recipe_id": recipe})).await);
    }
    let member = app.user(&["team"]).await;
    app.grant(visible, "team", "view").await;
    let outsider = app.user(&["nobody"]).await;
    let usages = format!("/api/v1/recipes/{recipe}/usages");

    let all = app.admin(Method::GET, &usages, None).await;
    let mut all_stages = ids(&all, "stage_id");
    all_stages.sort();
    assert_eq!(all_stages, linked);

    let seen = app.get(&usages, &member).await;
    assert_eq!(seen.status, StatusCode::OK);
    let deployment = app.admin(Method::GET, &deployment_path(visible), None).await;
    assert_eq!(
        seen.body,
        json!([{
            "stage_id": linked[0],
            "stage": "deploy",
            "deployment_id": visible,
            "deployment": "visible",
            "application_id": deployment["application_id"],
            "application": deployment["application"],
        }])
    );
    assert_eq!(app.get(&usages, &outsider).await.body, json!([]));
}

#[tokio::test]
async fn deleting_a_deployment_keeps_its_pushes() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("doomed").await;
    let path = deployment_path(dep);
    let stage =
        create(&app, &format!("{path}/stages"), json!({"name": "build", "language": "bash", "code": "make"})).await;
    app.admin(Method::PUT, &format!("{path}/settings/PLAIN"), Some(json!({"value": "1"}))).await;
    create(&app, &format!("{path}/flags"), json!({"name": "Branch", "varname": "BRANCH"})).await;
    app.grant(dep, "team", "view").await;
    let application = app.admin(Method::GET, &path, None).await["application"].as_str().unwrap().to_owned();
    let inline = recipe_of(&app, stage).await;
    let push = app
        .db
        .with(move |conn| {
            let push: i64 = diesel::insert_into(pushes::table)
                .values((
                    pushes::deployment_id.eq(dep),
                    pushes::deployment_name.eq("doomed"),
                    pushes::application_name.eq(application),
                    pushes::username.eq("admin"),
                ))
                .returning(pushes::id)
                .get_result(conn)
                .unwrap();
            diesel::insert_into(push_stages::table)
                .values((
                    push_stages::push_id.eq(push),
                    push_stages::position.eq(0),
                    push_stages::stage_id.eq(stage),
                    push_stages::recipe_id.eq(inline),
                    push_stages::name.eq("build"),
                    push_stages::language.eq("bash"),
                    push_stages::code.eq("make"),
                    push_stages::timeout_seconds.eq(60),
                ))
                .execute(conn)
                .unwrap();
            let line = NewLine {
                push_id: rolf_common::ids::PushId(push),
                seq: 1,
                stage_position: Some(0),
                stream: 0,
                at: chrono::Utc::now(),
                text: "building".to_owned(),
            };
            rolf_common::pushes::log::append(conn, &[line]).unwrap();
            push
        })
        .await;

    let reply = app.delete(&path, &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
    assert_eq!(app.get(&path, &app.admin_token).await.status, StatusCode::NOT_FOUND);

    let (pushed, ran, logged, left) = app
        .db
        .with(move |conn| {
            let pushed: (Option<i64>, String) =
                pushes::table.find(push).select((pushes::deployment_id, pushes::deployment_name)).first(conn).unwrap();
            let ran: Vec<(Option<i64>, Option<i64>, String, String)> = push_stages::table
                .filter(push_stages::push_id.eq(push))
                .select((push_stages::stage_id, push_stages::recipe_id, push_stages::name, push_stages::code))
                .load(conn)
                .unwrap();
            let logged: Vec<String> =
                log_lines::table.filter(log_lines::push_id.eq(push)).select(log_lines::text).load(conn).unwrap();
            let left: i64 = [
                stages::table.filter(stages::deployment_id.eq(dep)).count().get_result::<i64>(conn).unwrap(),
                settings::table.filter(settings::deployment_id.eq(dep)).count().get_result::<i64>(conn).unwrap(),
                flags::table.filter(flags::deployment_id.eq(dep)).count().get_result::<i64>(conn).unwrap(),
                permissions::table.filter(permissions::deployment_id.eq(dep)).count().get_result::<i64>(conn).unwrap(),
            ]
            .iter()
            .sum();
            (pushed, ran, logged, left)
        })
        .await;
    assert_eq!(pushed, (None, "doomed".to_owned()), "the push stays, detached");
    assert_eq!(ran, [(None, None, "build".to_owned(), "make".to_owned())], "its stage keeps the code it ran");
    assert_eq!(logged, ["building"]);
    assert_eq!(left, 0, "the deployment's own configuration is gone");
    assert_eq!(recipe_row(&app, inline).await, None, "and so is its inline code");
}

#[tokio::test]
async fn a_removed_grant_takes_effect_on_the_next_request() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    let path = deployment_path(dep);
    let member = app.user(&["team"]).await;
    assert_eq!(app.get(&path, &member).await.status, StatusCode::NOT_FOUND);

    app.grant(dep, "team", "edit").await;
    let reply = app.patch(&path, &member, json!({"description": "edited"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["level"], "edit");

    app.grant(dep, "team", "view").await;
    let reply = app.patch(&path, &member, json!({"description": "again"})).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"));
    let reply = app.get(&path, &member).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["level"], "view");

    let removed = app.delete(&format!("{path}/permissions/team"), &app.admin_token).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let reply = app.get(&path, &member).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"));

    // Deleting the group takes its grants with it, just as fast.
    app.grant(dep, "team", "view").await;
    assert_eq!(app.get(&path, &member).await.status, StatusCode::OK);
    assert_eq!(app.delete("/api/v1/groups/team", &app.admin_token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, &member).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/me", &member).await.body["groups"], json!([]));
}

#[tokio::test]
async fn a_revoked_token_is_refused_on_the_next_request() {
    let app = TestApp::spawn().await;
    let token = app.user(&["team"]).await;
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.status, StatusCode::OK);
    let account = me.body["username"].as_str().unwrap().to_owned();
    let own = app.get("/api/v1/tokens", &token).await;
    let own_id = own.body[0]["id"].as_i64().unwrap();
    assert_eq!(own.body.as_array().unwrap().len(), 1);
    assert!(!own.body.to_string().contains(&token), "the secret is never listed");

    // Revoked by its owner.
    assert_eq!(app.delete(&format!("/api/v1/tokens/{own_id}"), &token).await.status, StatusCode::NO_CONTENT);
    let reply = app.get("/api/v1/me", &token).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));

    // Revoked by an admin.
    let issued = app
        .admin(Method::POST, &format!("/api/v1/service-accounts/{account}/tokens"), Some(json!({"name": "second"})))
        .await;
    let second = issued["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &second).await.status, StatusCode::OK);
    // A user cannot revoke someone else's token: it does not exist for them.
    let admin_tokens = app.admin(Method::GET, "/api/v1/tokens", None).await;
    let admin_token_id = admin_tokens[0]["id"].as_i64().unwrap();
    let reply = app.delete(&format!("/api/v1/tokens/{admin_token_id}"), &second).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"));
    let reply = app.delete(&format!("/api/v1/tokens/{}", issued["id"]), &app.admin_token).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = app.get("/api/v1/me", &second).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(app.get("/api/v1/me", &app.admin_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn lists_show_only_what_the_caller_may_view() {
    let app = TestApp::spawn().await;
    let one = app.deployment("one").await;
    let two = app.deployment("two").await;
    let member = app.user(&["team"]).await;
    app.grant(one, "team", "view").await;
    let outsider = app.user(&["nobody"]).await;
    let (one_dep, two_dep) = (
        app.admin(Method::GET, &deployment_path(one), None).await,
        app.admin(Method::GET, &deployment_path(two), None).await,
    );

    let list = |path: &'static str, token: String, key: &'static str| {
        let app = &app;
        async move {
            let reply = app.get(path, &token).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
            let mut found = ids(&reply.body, key);
            found.sort();
            found
        }
    };
    let admin = app.admin_token.clone();
    let mut both = vec![one, two];
    both.sort();
    assert_eq!(list("/api/v1/deployments", admin.clone(), "id").await, both);
    assert_eq!(list("/api/v1/deployments", member.clone(), "id").await, [one]);
    assert_eq!(list("/api/v1/deployments", outsider.clone(), "id").await, Vec::<i64>::new());
    assert_eq!(list("/api/v1/applications", admin.clone(), "id").await.len(), 2);
    assert_eq!(list("/api/v1/applications", member.clone(), "id").await, [one_dep["application_id"].as_i64().unwrap()]);
    assert_eq!(list("/api/v1/applications", outsider.clone(), "id").await, Vec::<i64>::new());
    assert_eq!(list("/api/v1/categories", admin.clone(), "id").await.len(), 2);
    assert_eq!(list("/api/v1/categories", member.clone(), "id").await, [one_dep["category_id"].as_i64().unwrap()]);
    assert_eq!(list("/api/v1/categories", outsider.clone(), "id").await, Vec::<i64>::new());

    let seen = app.get("/api/v1/deployments", &member).await;
    assert_eq!(seen.body[0]["level"], "view");
    // What is not listed cannot be read either.
    for path in [
        deployment_path(two),
        format!("/api/v1/applications/{}", two_dep["application_id"]),
        format!("/api/v1/categories/{}", two_dep["category_id"]),
    ] {
        let reply = app.get(&path, &member).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{path}");
    }
    let filtered = app.get(&format!("/api/v1/deployments?application_id={}", two_dep["application_id"]), &member).await;
    assert_eq!(filtered.body, json!([]));
}

#[tokio::test]
async fn the_audit_trail_records_who_changed_what_newest_first() {
    let app = TestApp::spawn().await;
    let category = create(&app, "/api/v1/categories", json!({"name": "audited"})).await;
    app.admin(Method::PATCH, &format!("/api/v1/categories/{category}"), Some(json!({"name": "renamed"}))).await;
    app.admin(Method::DELETE, &format!("/api/v1/categories/{category}"), None).await;
    let page = app.admin(Method::GET, "/api/v1/audit?limit=3", None).await;
    let events = page["events"].as_array().unwrap();
    let summary: Vec<_> = events
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["before"]["name"].clone(), e["after"]["name"].clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("category.delete", json!("renamed"), Value::Null),
            ("category.update", json!("audited"), json!("renamed")),
            ("category.create", Value::Null, json!("audited")),
        ]
    );
    for event in events {
        assert_eq!(event["actor"], "admin");
        assert!(event["actor_id"].is_i64());
        assert_eq!(event["target_type"], "category");
        assert_eq!(event["target_id"], category);
    }
    assert_eq!(events[2]["before"], Value::Null);
    assert_eq!(events[0]["after"], Value::Null);
    assert_eq!(page["next_before"], events[2]["id"], "a full page points at the next");

    // Changes by someone with `edit` name them, and they may read their deployment's trail.
    let dep = app.deployment("production").await;
    let editor = app.user(&["editors"]).await;
    app.grant(dep, "editors", "edit").await;
    let name = app.get("/api/v1/me", &editor).await.body["username"].clone();
    let flags = format!("{}/flags", deployment_path(dep));
    let flag = app.post(&flags, &editor, json!({"name": "Branch", "varname": "BRANCH", "default": "main"})).await.id();
    let reply = app.patch(&format!("{flags}/{flag}"), &editor, json!({"default": "develop"})).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(app.delete(&format!("{flags}/{flag}"), &editor).await.status, StatusCode::NO_CONTENT);
    let trail = app.get(&format!("/api/v1/audit?deployment_id={dep}"), &editor).await;
    assert_eq!(trail.status, StatusCode::OK, "{:?}", trail.body);
    let events = trail.body["events"].as_array().unwrap();
    let actions: Vec<_> = events.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions[..3], ["flag.delete", "flag.update", "flag.create"]);
    assert!(events.iter().all(|e| e["deployment_id"] == dep));
    for event in &events[..3] {
        assert_eq!(event["actor"], name);
        assert_eq!(event["target_id"], flag);
    }
    assert_eq!(
        (events[1]["before"]["default"].as_str(), events[1]["after"]["default"].as_str()),
        (Some("main"), Some("develop"))
    );
    assert_eq!(trail.body["next_before"], Value::Null, "a short page is the last");
    let reply = app.get("/api/v1/audit", &editor).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"), "only admins read it all");
}

#[tokio::test]
async fn the_audit_trail_pages_with_limit_and_before() {
    let app = TestApp::spawn().await;
    let dep = app.deployment("production").await;
    for i in 0..8 {
        app.admin(Method::PUT, &format!("{}/settings/S{i}", deployment_path(dep)), Some(json!({"value": "v"}))).await;
    }
    let everything = app.admin(Method::GET, "/api/v1/audit?limit=500", None).await;
    let all = ids(&everything["events"], "id");
    assert!(all.len() >= 12, "{} events", all.len());
    assert!(all.windows(2).all(|w| w[0] > w[1]), "newest first: {all:?}");
    assert_eq!(everything["next_before"], Value::Null);

    for limit in [1, 3, 5, all.len()] {
        let mut paged: Vec<i64> = Vec::new();
        let mut path = format!("/api/v1/audit?limit={limit}");
        loop {
            let page = app.admin(Method::GET, &path, None).await;
            let page_ids = ids(&page["events"], "id");
            assert!(page_ids.len() <= limit);
            paged.extend(&page_ids);
            match page["next_before"].as_i64() {
                Some(next) => {
                    assert_eq!(Some(&next), page_ids.last(), "limit {limit}");
                    path = format!("/api/v1/audit?limit={limit}&before={next}");
                }
                None => break,
            }
            assert!(paged.len() <= all.len(), "limit {limit}: paging does not end");
        }
        assert_eq!(paged, all, "limit {limit}");
    }
}

#[tokio::test]
async fn me_lists_groups_sorted_and_admin_from_admin_groups() {
    let app = TestApp::spawn().await;
    let admin = app.user(&["zeta", "admins", "alpha"]).await;
    let me = app.get("/api/v1/me", &admin).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["groups"], json!(["admins", "alpha", "zeta"]));
    assert_eq!(me.body["admin"], true);
    assert!(me.body["username"].as_str().unwrap().starts_with("svc_"));
    let reply = app.post("/api/v1/categories", &admin, json!({"name": "by-group-admin"})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);

    let plain = app.user(&["zeta", "alpha"]).await;
    let me = app.get("/api/v1/me", &plain).await;
    assert_eq!(me.body["groups"], json!(["alpha", "zeta"]));
    assert_eq!(me.body["admin"], false);
    let reply = app.post("/api/v1/categories", &plain, json!({"name": "by-plain-user"})).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"));
}
