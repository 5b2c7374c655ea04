//! `rolf recipes import` and `rolf recipes list` against a real API: the starter cookbook imported, then again
//! with nothing changed; a file that is not JSON refused before anything is sent; a non-admin refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use rolf_tests::{TestApp, unique};

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let ran = rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await;
    (ran.code, ran.stdout, ran.stderr)
}

#[tokio::test]
async fn recipes_import_loads_the_starter_cookbook_once_and_says_what_it_did() {
    let app = TestApp::spawn().await;
    let starter = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cookbook/starter.json");
    let starter = starter.to_str().unwrap();
    let count = rolf_tests::fixtures::starter_cookbook()["recipes"].as_array().unwrap().len();

    let (code, stdout, stderr) = rolf(&app, &app.admin_token, &["recipes", "import", starter]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("RECIPE") && lines[0].contains("OUTCOME"), "{stdout}");
    assert_eq!(lines.len(), count + 1, "{stdout}");
    assert!(lines[1..].iter().all(|l| l.trim_end().ends_with("created")), "{stdout}");
    assert!(stderr.contains(&format!("{count} created, 0 updated, 0 unchanged")), "{stderr}");

    let (code, stdout, stderr) = rolf(&app, &app.admin_token, &["--json", "recipes", "import", starter]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["unchanged"], count, "{report}");

    let (code, stdout, _) = rolf(&app, &app.admin_token, &["recipes", "list"]).await;
    assert_eq!(code, Some(0));
    assert_eq!(stdout.lines().count(), count + 1, "{stdout}");
    assert!(stdout.contains("starter: rsync the checkout to the server, with --delete"), "{stdout}");

    let dir = std::env::temp_dir().join(unique("rolf-cli-cookbook"));
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = dir.join("cookbook.yaml");
    std::fs::write(&yaml, "recipes: [").unwrap();
    let (code, _, stderr) = rolf(&app, &app.admin_token, &["recipes", "import", yaml.to_str().unwrap()]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("is not JSON"), "{stderr}");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"rolf_cookbook": 1, "recipes": [{"name": "x", "language": "bash", "code": ""}]}"#)
        .unwrap();
    let (code, _, stderr) = rolf(&app, &app.admin_token, &["recipes", "import", bad.to_str().unwrap()]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("recipes[0].code") && stderr.contains("'x'"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);

    let token = app.user(&["developers"]).await;
    let (code, _, stderr) = rolf(&app, &token, &["recipes", "import", starter]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("not allowed"), "{stderr}");
}
