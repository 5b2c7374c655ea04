//! Importing a cookbook file: `POST /recipes/import` and `rolf-api import-cookbook`. Idempotent by name, one
//! transaction (a bad file imports nothing, and says where it is bad), audited.

use std::process::Command;

use reqwest::{Method, StatusCode};
use rolf_tests::fixtures::starter_cookbook;
use rolf_tests::{Reply, TestApp, bin, unique};
use serde_json::{Value, json};

fn names(recipes: &Value) -> Vec<String> {
    let mut names: Vec<String> =
        recipes.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

fn outcomes(report: &Value) -> Vec<String> {
    report["recipes"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap().to_owned()).collect()
}

async fn import(app: &TestApp, token: &str, file: Value) -> Reply {
    app.post("/api/v1/recipes/import", token, file).await
}

#[tokio::test]
async fn importing_the_starter_cookbook_again_updates_in_place_and_never_duplicates() {
    let app = TestApp::spawn().await;
    let starter = starter_cookbook();
    let count = starter["recipes"].as_array().unwrap().len();

    let first = import(&app, &app.admin_token, starter.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{first:?}");
    assert_eq!((first.body["created"].as_u64(), first.body["updated"].as_u64()), (Some(count as u64), Some(0)));
    assert!(outcomes(&first.body).iter().all(|o| o == "created"), "{first:?}");
    let listed = app.get("/api/v1/recipes", &app.admin_token).await.body;
    assert_eq!(names(&listed), names(&starter["recipes"]));
    // Snippets are written out: each stored recipe runs on its own.
    let rsync = listed.as_array().unwrap().iter().find(|r| r["name"] == "starter: rsync the checkout to the server");
    let code = rsync.unwrap()["code"].as_str().unwrap();
    assert!(code.starts_with(starter["snippets"]["ssh"].as_str().unwrap()), "{code}");
    assert!(code.contains("StrictHostKeyChecking=yes") && !code.contains("StrictHostKeyChecking=no"));

    let again = import(&app, &app.admin_token, starter.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{again:?}");
    assert_eq!(again.body["unchanged"], count, "{again:?}");
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body.as_array().unwrap().len(), count);

    // A recipe changed by hand is put back by the next import; the ids stay.
    let id = first.body["recipes"][0]["id"].as_i64().unwrap();
    app.admin(Method::PATCH, &format!("/api/v1/recipes/{id}"), Some(json!({"code": "echo changed"}))).await;
    let mut changed = starter.clone();
    changed["recipes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": unique("extra"), "language": "python", "code": "pass"}));
    let third = import(&app, &app.admin_token, changed).await;
    assert_eq!(third.status, StatusCode::OK, "{third:?}");
    assert_eq!(third.body["recipes"][0]["id"], id);
    assert_eq!(third.body["recipes"][0]["outcome"], "updated");
    assert_eq!((third.body["updated"].as_u64(), third.body["created"].as_u64()), (Some(1), Some(1)), "{third:?}");
    assert_eq!(third.body["unchanged"], count - 1);
    let restored = app.get(&format!("/api/v1/recipes/{id}"), &app.admin_token).await.body;
    assert!(restored["code"].as_str().unwrap().contains("rm -rf"), "{restored}");

    // Audited: each created or updated recipe, and each import with its report.
    let audit = app.get("/api/v1/audit?limit=500", &app.admin_token).await.body["events"].clone();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "cookbook.import").count(), 3, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "recipe.create").count(), count + 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "recipe.update").count(), 2, "by hand, then the import: {actions:?}");
}

#[tokio::test]
async fn a_bad_cookbook_file_imports_nothing_and_says_where_it_is_bad() {
    let app = TestApp::spawn().await;
    let good = json!({"name": "good one", "language": "bash", "code": "true"});
    let cases = [
        (
            json!({"rolf_cookbook": 1, "snippets": {"a": "true"},
                   "recipes": [good.clone(), {"name": "broken", "language": "bash", "snippets": ["b"], "code": "x"}]}),
            "recipes[1].snippets[0]",
            "'broken'",
        ),
        (
            json!({"rolf_cookbook": 1, "recipes": [good.clone(), {"name": "empty", "language": "bash", "code": " "}]}),
            "recipes[1].code",
            "'empty'",
        ),
        (
            json!({"rolf_cookbook": 1, "recipes": [good.clone(), {"name": "good one", "language": "bash", "code": "true"}]}),
            "recipes[1].name",
            "twice",
        ),
        (
            json!({"rolf_cookbook": 1, "recipes": [good.clone(), {"name": "a/b", "language": "bash", "code": "true"}]}),
            "recipes[1].name",
            "/",
        ),
        (json!({"rolf_cookbook": 2, "recipes": [good.clone()]}), "rolf_cookbook", "version"),
        (json!({"rolf_cookbook": 1, "recipes": []}), "recipes", "no recipes"),
    ];
    for (file, field, says) in cases {
        let reply = import(&app, &app.admin_token, file).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
        assert_eq!(reply.code(), "invalid");
        assert_eq!(reply.body["error"]["field"], field, "{reply:?}");
        assert!(reply.body["error"]["message"].as_str().unwrap().contains(says), "{reply:?}");
    }
    // Not a cookbook file at all: 400, naming what is wrong.
    let unknown = import(
        &app,
        &app.admin_token,
        json!({"rolf_cookbook": 1, "recipes": [{"name": "x", "language": "bash", "code": "true", "shell": "zsh"}]}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{unknown:?}");
    assert!(unknown.body["error"]["message"].as_str().unwrap().contains("shell"), "{unknown:?}");
    let language = import(
        &app,
        &app.admin_token,
        json!({"rolf_cookbook": 1, "recipes": [{"name": "x", "language": "shell", "code": "true"}]}),
    )
    .await;
    assert_eq!(language.status, StatusCode::BAD_REQUEST, "{language:?}");
    let malformed = app
        .raw(Method::POST, "/api/v1/recipes/import", &app.admin_token, "application/json", b"{\"rolf_".to_vec())
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST, "{malformed:?}");

    // Nothing of any of them was imported, not even the good recipe beside the bad one.
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body, json!([]));
    let audit = app.get("/api/v1/audit?limit=500", &app.admin_token).await.body["events"].clone();
    assert!(!audit.as_array().unwrap().iter().any(|e| e["action"] == "cookbook.import"), "{audit}");

    // Only admins import.
    let token = app.user(&["developers"]).await;
    let refused = import(&app, &token, starter_cookbook()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
}

fn import_cookbook(db_url: &str, file: &std::path::Path) -> std::process::Output {
    Command::new(bin("rolf-api"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("ROLF_LOG", "warn")
        .arg("import-cookbook")
        .arg(file)
        .output()
        .unwrap()
}

#[tokio::test]
async fn rolf_api_import_cookbook_loads_the_file_once_and_refuses_a_bad_one_whole() {
    let app = TestApp::spawn().await;
    let starter = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cookbook/starter.json");
    let count = starter_cookbook()["recipes"].as_array().unwrap().len();

    let db_url = app.db.url.clone();
    let (path, url) = (starter.clone(), db_url.clone());
    let first = tokio::task::spawn_blocking(move || import_cookbook(&url, &path)).await.unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let report: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["created"], count, "{report}");
    let (path, url) = (starter.clone(), db_url.clone());
    let second = tokio::task::spawn_blocking(move || import_cookbook(&url, &path)).await.unwrap();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    let report: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(report["unchanged"], count, "{report}");
    assert_eq!(app.get("/api/v1/recipes", &app.admin_token).await.body.as_array().unwrap().len(), count);
    let audit = app.get("/api/v1/audit?limit=500", &app.admin_token).await.body["events"].clone();
    let import_event = audit.as_array().unwrap().iter().find(|e| e["action"] == "cookbook.import").unwrap();
    assert_eq!(import_event["actor"], "rolf-api import-cookbook", "{import_event}");

    let dir = std::env::temp_dir().join(unique("rolf-bad-cookbook"));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let file = json!({"rolf_cookbook": 1, "recipes": [
        {"name": unique("new"), "language": "bash", "code": "true"},
        {"name": "starter: tag the checkout and push the tag", "language": "bash", "code": "echo changed"},
        {"name": "broken", "language": "bash", "code": ""},
    ]});
    std::fs::write(&bad, file.to_string()).unwrap();
    let (path, url) = (bad.clone(), db_url.clone());
    let refused = tokio::task::spawn_blocking(move || import_cookbook(&url, &path)).await.unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("recipes[2].code") && stderr.contains("'broken'"), "{stderr}");
    std::fs::write(&bad, "{\"rolf_cookbook\": 1, \"recipes\": [{\"name\": \"x\"}]}").unwrap();
    let (path, url) = (bad.clone(), db_url.clone());
    let refused = tokio::task::spawn_blocking(move || import_cookbook(&url, &path)).await.unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("not a cookbook file") && stderr.contains("missing field"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);

    let listed = app.get("/api/v1/recipes", &app.admin_token).await.body;
    assert_eq!(listed.as_array().unwrap().len(), count, "nothing of the bad files was imported");
    let tag = listed.as_array().unwrap().iter().find(|r| r["name"] == "starter: tag the checkout and push the tag");
    assert_ne!(tag.unwrap()["code"], "echo changed");
}

#[test]
fn every_starter_recipe_parses_as_written_out() {
    let starter = starter_cookbook();
    let dir = std::env::temp_dir().join(unique("rolf-starter-syntax"));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, recipe) in starter["recipes"].as_array().unwrap().iter().enumerate() {
        let mut code = String::new();
        for snippet in recipe["snippets"].as_array().into_iter().flatten() {
            code.push_str(starter["snippets"][snippet.as_str().unwrap()].as_str().unwrap());
            code.push('\n');
        }
        code.push_str(recipe["code"].as_str().unwrap());
        let file = dir.join(format!("recipe-{i}"));
        std::fs::write(&file, code).unwrap();
        let out = match recipe["language"].as_str().unwrap() {
            "bash" => Command::new("bash").arg("-n").arg(&file).output().unwrap(),
            _ => Command::new("python3")
                .args(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])"])
                .arg(&file)
                .output()
                .unwrap(),
        };
        assert!(out.status.success(), "{}: {}", recipe["name"], String::from_utf8_lossy(&out.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
