//! `rolf import-rolf` against a real API: a dry run shows what would be imported and changes nothing, the import
//! lists what needs conversion, a second run changes nothing, a bad file says where, a non-admin is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolf_tests::fixtures::{original_cookbook_csv, original_dump};
use rolf_tests::{TestApp, unique};

async fn rolf(app: &TestApp, token: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let ran = rolf_tests::cli::run(env!("CARGO_BIN_EXE_rolf"), app, token, args).await;
    (ran.code, ran.stdout, ran.stderr)
}

#[tokio::test]
async fn import_rolf_previews_imports_and_lists_what_needs_conversion() {
    let app = TestApp::spawn().await;
    let p = unique("cli");
    let dir = std::env::temp_dir().join(unique("rolf-cli-original"));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, dump, bad) = (dir.join("cookbook.csv"), dir.join("rolf.json"), dir.join("bad.json"));
    std::fs::write(&csv, original_cookbook_csv(&p)).unwrap();
    std::fs::write(&dump, original_dump(&p).to_string()).unwrap();
    std::fs::write(&bad, r#"[{"model": "admin.logentry", "pk": 1, "fields": {}}]"#).unwrap();
    let (csv, dump, bad) = (csv.to_str().unwrap(), dump.to_str().unwrap(), bad.to_str().unwrap());

    let (code, stdout, stderr) =
        rolf(&app, &app.admin_token, &["import-rolf", "--cookbook", csv, "--dump", dump, "--dry-run"]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(&format!("{p} sites / {p}-blog / prod")) && stdout.contains("created"), "{stdout}");
    assert!(stderr.contains("dry run: nothing was changed"), "{stderr}");
    assert!(stderr.contains(&format!("needs conversion: recipe '{p} legacy'")), "{stderr}");
    let (_, listed, _) = rolf(&app, &app.admin_token, &["recipes", "list"]).await;
    assert_eq!(listed.lines().count(), 1, "only the header: {listed}");

    let (code, stdout, stderr) =
        rolf(&app, &app.admin_token, &["import-rolf", "--cookbook", csv, "--dump", dump]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("imported") && stderr.contains("1 recipe(s) need conversion"), "{stderr}");
    assert!(stderr.contains(&format!("converted: recipe '{p} tag'")), "{stderr}");
    assert!(stderr.contains("not imported: 1 rolf_main.push"), "{stderr}");
    let (_, listed, _) = rolf(&app, &app.admin_token, &["recipes", "list"]).await;
    let legacy = listed.lines().find(|l| l.contains(&format!("{p} legacy"))).unwrap();
    assert!(legacy.contains("needs conversion"), "{listed}");
    let greet = listed.lines().find(|l| l.contains(&format!("{p} greet"))).unwrap();
    assert!(greet.contains(" ok "), "{listed}");

    let (code, stdout, _) =
        rolf(&app, &app.admin_token, &["--json", "import-rolf", "--cookbook", csv, "--dump", dump]).await;
    assert_eq!(code, Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["changed"], false, "{report}");

    let (code, _, stderr) = rolf(&app, &app.admin_token, &["import-rolf", "--dump", bad]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("dump_json[0].model") && stderr.contains("'admin.logentry'"), "{stderr}");
    let (code, _, stderr) = rolf(&app, &app.admin_token, &["import-rolf"]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("--cookbook"), "{stderr}");
    let (code, _, stderr) = rolf(&app, &app.admin_token, &["import-rolf", "--cookbook", "/nonexistent.csv"]).await;
    assert_ne!(code, Some(0));
    assert!(stderr.contains("/nonexistent.csv"), "{stderr}");

    let token = app.user(&["developers"]).await;
    let (code, _, stderr) = rolf(&app, &token, &["import-rolf", "--cookbook", csv, "--dry-run"]).await;
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("not allowed"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
