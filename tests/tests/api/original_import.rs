//! Coming from the original Rolf (issue 13): `POST /import/rolf` and `rolf-api import-rolf` read its cookbook
//! export and a dump of its models, import them in one transaction (a dry run changes nothing, a second run
//! changes nothing, a bad file imports nothing and names the place), and what was imported runs as it ran there.

use std::process::Command;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use rolf_tests::fixtures::{original_cookbook_csv, original_dump};
use rolf_tests::{Reply, TestApp, bin, unique};
use serde_json::{Value, json};

use crate::bad_input::assert_error;

const IMPORT: &str = "/api/v1/import/rolf";

async fn import(app: &TestApp, token: &str, body: &Value, dry_run: bool) -> Reply {
    let path = if dry_run { format!("{IMPORT}?dry_run=true") } else { IMPORT.to_owned() };
    app.post(&path, token, body.clone()).await
}

fn body(prefix: &str) -> Value {
    json!({"cookbook_csv": original_cookbook_csv(prefix), "dump_json": original_dump(prefix).to_string()})
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|o| o[key].as_str().unwrap().to_owned()).collect()
}

fn outcomes(report: &Value, part: &str) -> Vec<String> {
    names(&report[part], "outcome")
}

#[tokio::test]
async fn an_import_is_previewed_made_once_and_made_again_without_change() {
    let app = TestApp::spawn().await;
    let p = unique("orig");
    let input = body(&p);

    let dry = import(&app, &app.admin_token, &input, true).await;
    assert_eq!(dry.status, StatusCode::OK, "{dry:?}");
    let report = &dry.body;
    assert_eq!((report["dry_run"].as_bool(), report["changed"].as_bool()), (Some(true), Some(true)), "{report}");
    assert_eq!(outcomes(report, "recipes"), ["created"; 3], "{report}");
    assert_eq!(outcomes(report, "deployments"), ["created"], "{report}");
    assert_eq!(report["deployments"][0]["deployment_id"], Value::Null, "a dry run's ids name nothing");
    // Nothing was made.
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body, json!([]));
    let groups = app.get("/api/v1/groups", &app.admin_token).await.body;
    assert!(!names(&groups, "name").iter().any(|g| g.starts_with(&p)), "{groups}");

    let real = import(&app, &app.admin_token, &input, false).await;
    assert_eq!(real.status, StatusCode::OK, "{real:?}");
    let report = &real.body;
    assert_eq!((report["dry_run"].as_bool(), report["changed"].as_bool()), (Some(false), Some(true)), "{report}");
    assert_eq!(names(&report["groups"], "name"), [format!("{p}-devs"), format!("{p}-ops")], "{report}");
    assert_eq!(outcomes(report, "groups"), ["created", "created"]);
    assert_eq!(
        report["skipped"],
        json!([
            {"model": "rolf_main.push", "count": 1, "reason": "push history is not imported"},
            {"model": "rolf_main.log", "count": 1, "reason": "push history is not imported"},
        ])
    );
    // The python recipe using the original's process is flagged; the rollback-tag one converted.
    let flagged = report["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1, "{report}");
    assert_eq!(flagged[0]["place"], format!("recipe '{p} legacy'"));
    let reason = flagged[0]["reason"].as_str().unwrap();
    assert!(reason.contains("`self.execute`") && reason.contains("Python 2"), "{reason}");
    assert_eq!(report["converted"][0]["place"], format!("recipe '{p} tag'"), "{report}");

    let recipes = app.get("/api/v1/recipes", &app.admin_token).await.body;
    let legacy = recipes.as_array().unwrap().iter().find(|r| r["name"] == format!("{p} legacy")).unwrap();
    assert_eq!(legacy["needs_conversion"], flagged[0]["reason"]);
    let greet = recipes.as_array().unwrap().iter().find(|r| r["name"] == format!("{p} greet")).unwrap();
    assert_eq!((greet["language"].as_str(), greet["needs_conversion"].as_str()), (Some("bash"), None));

    let d = report["deployments"][0]["deployment_id"].as_i64().unwrap();
    let doc = app.admin(Method::GET, &format!("/api/v1/deployments/{d}/export"), None).await;
    assert_eq!(
        (doc["category"].as_str(), doc["application"].as_str()),
        (Some(&*format!("{p} sites")), Some(&*format!("{p}-blog")))
    );
    let stages: Vec<(&str, Option<&str>)> =
        doc["stages"].as_array().unwrap().iter().map(|s| (s["name"].as_str().unwrap(), s["recipe"].as_str())).collect();
    assert_eq!(stages, [("greet", Some(&*format!("{p} greet"))), ("flags", None), ("tag", Some(&*format!("{p} tag")))]);
    assert_eq!(
        doc["settings"],
        json!([{"name": "APP", "value": "blog", "secret": false}, {"name": "DB_PASSWORD", "secret": true}])
    );
    assert_eq!(doc["flags"][0]["kind"], "boolean");
    assert_eq!(
        (doc["flags"][0]["default"].as_str(), doc["flags"][0]["boolean_as"].as_str()),
        (Some("false"), Some("one_empty"))
    );
    assert_eq!((doc["flags"][1]["kind"].as_str(), doc["flags"][1]["default"].as_str()), (Some("text"), Some("main")));
    // The higher of two grants to one group.
    assert_eq!(
        doc["permissions"],
        json!([{"group": format!("{p}-devs"), "level": "push"}, {"group": format!("{p}-ops"), "level": "view"}])
    );

    // Again: nothing changes, and only the first real run is audited as an import.
    let again = import(&app, &app.admin_token, &input, false).await;
    assert_eq!(again.status, StatusCode::OK, "{again:?}");
    assert_eq!(again.body["changed"], false, "{again:?}");
    assert_eq!(outcomes(&again.body, "recipes"), ["unchanged"; 3]);
    assert_eq!(outcomes(&again.body, "groups"), ["unchanged"; 2]);
    assert_eq!(outcomes(&again.body, "deployments"), ["unchanged"]);
    assert_eq!(again.body["deployments"][0]["deployment_id"], d);
    let audit = app.get("/api/v1/audit?action=original.import", &app.admin_token).await.body["events"].clone();
    assert_eq!(audit.as_array().unwrap().len(), 1, "{audit}");

    // What Rolf adds is kept by a later import: a description, approvals.
    app.admin(Method::PATCH, &format!("/api/v1/deployments/{d}"), Some(json!({"description": "kept"}))).await;
    let later = import(&app, &app.admin_token, &input, false).await;
    assert_eq!(later.body["changed"], false, "{later:?}");
    let kept = app.admin(Method::GET, &format!("/api/v1/deployments/{d}"), None).await;
    assert_eq!(kept["description"], "kept");
}

#[tokio::test]
async fn imported_recipes_run_as_they_ran_in_the_original_and_unconverted_ones_are_refused() {
    let app = TestApp::spawn().await;
    let _worker = app.worker(&[]);
    let p = unique("run");
    let report = import(&app, &app.admin_token, &body(&p), false).await;
    assert_eq!(report.status, StatusCode::OK, "{report:?}");
    let d = report.body["deployments"][0]["deployment_id"].as_i64().unwrap();

    let start = |flags: Value| {
        let app = &app;
        async move {
            let reply =
                app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({"flags": flags})).await;
            assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
            reply.id()
        }
    };
    let checked = start(json!({"DEBUG": "true"})).await;
    let done = app.wait_push(checked, &["succeeded", "failed"], Duration::from_secs(60)).await;
    let log = app.log(checked).await;
    let text: Vec<&str> = log.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(done["status"], "succeeded", "{done}\n{text:#?}");
    // From the checkout directory, without `set -e`: `false` did not stop the recipe.
    let workdir_line = text.iter().find(|t| t.starts_with("hello from ")).unwrap();
    assert!(workdir_line.ends_with("/checkout"), "{workdir_line}");
    assert!(text.contains(&"after-false"), "{text:#?}");
    // A checked boolean flag is `1`, as the original passed it; the recorded flags say so too.
    assert!(text.contains(&"flag=[1] branch=[main]"), "{text:#?}");
    assert_eq!(done["flags"]["DEBUG"], "1");
    // The converted rollback-tag recipe tagged the push.
    assert_eq!(done["tag"], format!("v-blog-{checked}"), "{done}");

    // Unchecked: empty. A push repeated with the recorded `1`/empty values is read the same way.
    let unchecked = start(json!({"DEBUG": "false"})).await;
    app.wait_push(unchecked, &["succeeded"], Duration::from_secs(60)).await;
    assert!(app.wait_line(unchecked, "flag=[]").await.iter().any(|l| l["text"] == "flag=[] branch=[main]"));
    let repeated = start(json!({"DEBUG": "1"})).await;
    assert!(app.wait_line(repeated, "flag=[1]").await.iter().any(|l| l["text"] == "flag=[1] branch=[main]"));
    app.wait_push(repeated, &["succeeded"], Duration::from_secs(60)).await;

    // A stage running the recipe that needs conversion: pushes are refused, naming it, until it is saved.
    let legacy = app
        .get("/api/v1/recipes", &app.admin_token)
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == format!("{p} legacy"))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let stage = json!({"name": "legacy", "recipe_id": legacy});
    app.admin(Method::POST, &format!("/api/v1/deployments/{d}/stages"), Some(stage)).await;
    let refused = app.post(&format!("/api/v1/deployments/{d}/pushes"), &app.admin_token, json!({})).await;
    assert_error(&refused, StatusCode::CONFLICT, "conflict", "a push running an unconverted recipe");
    let message = refused.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("'legacy'") && message.contains("needs conversion") && message.contains("self.execute"),
        "{message}"
    );
    let saved = app
        .patch(
            &format!("/api/v1/recipes/{legacy}"),
            &app.admin_token,
            json!({"code": "import os\nprint(os.listdir('.'))\n"}),
        )
        .await;
    assert_eq!((saved.status, &saved.body["needs_conversion"]), (StatusCode::OK, &Value::Null), "{saved:?}");
    let converted = start(json!({})).await;
    let done = app.wait_push(converted, &["succeeded", "failed"], Duration::from_secs(60)).await;
    assert_eq!(done["status"], "succeeded", "{done}");
}

#[tokio::test]
async fn a_bad_export_imports_nothing_and_names_the_place() {
    let app = TestApp::spawn().await;
    let p = unique("bad");
    let mut unknown_model = original_dump(&p);
    unknown_model.as_array_mut().unwrap().push(json!({"model": "sessions.session", "pk": 1, "fields": {}}));
    let mut missing_recipe = original_dump(&p);
    missing_recipe[12]["fields"]["recipe"] = json!(99);
    let mut perl = original_dump(&p);
    perl[10]["fields"]["language"] = json!("perl");
    let good_csv = original_cookbook_csv(&p);
    let cases = [
        (json!({"cookbook_csv": format!("{good_csv}x,shell,true\r\n")}), "cookbook_csv", "row 4: expected 4 columns"),
        (
            json!({"cookbook_csv": good_csv, "dump_json": unknown_model.to_string()}),
            "dump_json[19].model",
            "'sessions.session'",
        ),
        (
            json!({"cookbook_csv": good_csv, "dump_json": missing_recipe.to_string()}),
            "dump_json[12].fields.recipe",
            "recipe 99",
        ),
        (json!({"dump_json": perl.to_string()}), "dump_json[10].fields.language", "'perl'"),
        (json!({"dump_json": "[{\"model\": \"rolf_main.category\","}), "dump_json", "line 1"),
        (json!({"cookbook_csv": "x,cobol,true,\n"}), "cookbook_csv", "'cobol'"),
        (json!({}), "cookbook_csv", "both"),
    ];
    for (input, field, says) in cases {
        let reply = import(&app, &app.admin_token, &input, false).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid", field);
        assert_eq!(reply.body["error"]["field"], field, "{reply:?}");
        let message = reply.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{field}: {message}");
    }
    // Not the body's shape at all: 400.
    let unknown_field = import(&app, &app.admin_token, &json!({"cookbook": "x"}), false).await;
    assert_error(&unknown_field, StatusCode::BAD_REQUEST, "bad_request", "an unknown field");
    let text = app.raw(Method::POST, IMPORT, &app.admin_token, "text/csv", b"a,shell,true,".to_vec()).await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{text:?}");

    // Nothing of any of them was imported, not even the good recipes or groups beside the bad part.
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body, json!([]));
    assert_eq!(app.get("/api/v1/categories", &app.admin_token).await.body, json!([]));
    let groups = app.get("/api/v1/groups", &app.admin_token).await.body;
    assert!(!names(&groups, "name").iter().any(|g| g.starts_with(&p)), "{groups}");

    // Only admins import.
    let token = app.user(&["developers"]).await;
    let refused = import(&app, &token, &body(&p), true).await;
    assert_error(&refused, StatusCode::FORBIDDEN, "forbidden", "a developer");
}

fn import_rolf(db_url: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(bin("rolf-api"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("ROLF_LOG", "warn")
        .arg("import-rolf")
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn rolf_api_import_rolf_previews_imports_and_refuses_a_bad_file_whole() {
    let app = TestApp::spawn().await;
    let p = unique("cmd");
    let dir = std::env::temp_dir().join(unique("rolf-original"));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, dump_file, bad) = (dir.join("cookbook.csv"), dir.join("rolf.json"), dir.join("bad.csv"));
    std::fs::write(&csv, original_cookbook_csv(&p)).unwrap();
    std::fs::write(&dump_file, original_dump(&p).to_string()).unwrap();
    std::fs::write(&bad, "only,three,columns\n").unwrap();
    let run = |args: Vec<std::ffi::OsString>| {
        let url = app.db.url.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                import_rolf(&url, &args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>())
            })
            .await
            .unwrap()
        }
    };
    let files = |extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> =
            vec!["--cookbook".into(), csv.clone().into(), "--dump".into(), dump_file.clone().into()];
        args.extend(extra.iter().map(Into::into));
        args
    };

    let dry = run(files(&["--dry-run"])).await;
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let report: Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(
        (report["dry_run"].as_bool(), report["flagged"].as_array().map(Vec::len)),
        (Some(true), Some(1)),
        "{report}"
    );
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body, json!([]));
    let accounts = app.get("/api/v1/service-accounts", &app.admin_token).await.body;
    assert!(!names(&accounts, "name").contains(&"import-rolf".to_owned()), "a dry run makes no account: {accounts}");

    let real = run(files(&[])).await;
    assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
    let report: Value = serde_json::from_slice(&real.stdout).unwrap();
    assert_eq!(outcomes(&report, "deployments"), ["created"], "{report}");
    let again = run(files(&[])).await;
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["changed"], false, "{report}");
    let audit = app.get("/api/v1/audit?action=original.import", &app.admin_token).await.body["events"].clone();
    assert_eq!(audit[0]["actor"], "import-rolf", "{audit}");

    let refused = run(vec!["--cookbook".into(), bad.into()]).await;
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("nothing was imported") && stderr.contains("row 1: expected 4 columns"), "{stderr}");
    let neither = run(vec![]).await;
    assert!(!neither.status.success() && String::from_utf8_lossy(&neither.stderr).contains("--dump"));
}

#[tokio::test]
async fn only_a_boolean_flag_passes_one_or_empty() {
    let app = TestApp::spawn().await;
    let d = app.deployment(&unique("flags")).await;
    let flags = format!("/api/v1/deployments/{d}/flags");
    let text = json!({"name": "Branch", "varname": "BRANCH", "boolean_as": "one_empty"});
    let refused = app.post(&flags, &app.admin_token, text).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid", "a text flag passed as 1/empty");
    assert_eq!(refused.body["error"]["field"], "boolean_as");

    let checkbox = json!({"name": "Debug", "varname": "DEBUG", "kind": "boolean", "boolean_as": "one_empty"});
    let created = app.post(&flags, &app.admin_token, checkbox).await;
    assert_eq!((created.status, created.body["boolean_as"].as_str()), (StatusCode::CREATED, Some("one_empty")));
    let id = created.id();
    // Left out of a patch, it stays while the flag stays boolean...
    let renamed = app.patch(&format!("{flags}/{id}"), &app.admin_token, json!({"name": "Verbose"})).await;
    assert_eq!(renamed.body["boolean_as"], "one_empty", "{renamed:?}");
    // ...and goes with the kind.
    let texted = app.patch(&format!("{flags}/{id}"), &app.admin_token, json!({"kind": "text"})).await;
    assert_eq!((texted.status, texted.body["boolean_as"].as_str()), (StatusCode::OK, Some("true_false")), "{texted:?}");
    let refused = app.patch(&format!("{flags}/{id}"), &app.admin_token, json!({"boolean_as": "one_empty"})).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid", "one_empty on a text flag");
}
