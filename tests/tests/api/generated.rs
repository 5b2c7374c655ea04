//! Checked-in generated files must match what the code generates. Set `UPDATE_GENERATED=1` to rewrite them.

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;
use rolf_tests::{TestApp, TestDb};

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn check(path: &str, generated: &str) {
    let file = repo_file(path);
    if std::env::var("UPDATE_GENERATED").is_ok_and(|v| v == "1") {
        std::fs::write(&file, generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{path} is stale: regenerate it with `UPDATE_GENERATED=1 cargo test -p rolf-tests --test api generated`"
    );
}

#[test]
fn openapi_json_is_current() {
    check("openapi/openapi.json", &rolf_api::openapi_json());
}

#[tokio::test]
async fn schema_rs_matches_diesel_print_schema() {
    let db = TestDb::create().await;
    let output = Command::new("diesel")
        .args(["print-schema", "--database-url", &db.url])
        .current_dir(repo_file(""))
        .output()
        .expect("diesel CLI missing: scripts/test installs it (cargo install diesel_cli)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    check("common/src/schema.rs", &String::from_utf8(output.stdout).unwrap());
}

#[test]
fn every_operation_documents_its_errors() {
    let spec: serde_json::Value = serde_json::from_str(&rolf_api::openapi_json()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 30, "only {} paths documented", paths.len());
    let mut ids = std::collections::HashSet::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            assert!(ids.insert(id.clone()), "{method} {path}: operationId {id:?} is not unique");
            assert!(responses.keys().any(|s| s.starts_with(['2', '3'])), "{method} {path}: no success response");
            // Any operation can fail unexpectedly; the answer is the shared error body, never a bare 500.
            assert_eq!(
                responses.get("500").and_then(|r| r["$ref"].as_str()),
                Some("#/components/responses/InternalError"),
                "{method} {path}: 500 undocumented"
            );
            if path.starts_with("/api/v1/") && !rolf_api::auth::PUBLIC_PATHS.contains(&path.as_str()) {
                for status in ["401", "503"] {
                    assert!(responses.contains_key(status), "{method} {path}: {status} undocumented");
                }
                assert!(op["security"].is_array(), "{method} {path}: no security requirement");
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path}: {status} undocumented");
                }
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path}: 404 undocumented");
            }
        }
    }
}

#[tokio::test]
async fn the_spec_and_the_docs_page_are_served_offline() {
    let app = TestApp::spawn().await;
    let served = app.client.get(app.url("/openapi.json")).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.text().await.unwrap(), rolf_api::openapi_json());

    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Every script and stylesheet must come from this server, not a CDN.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "{html}");
    let bundle = app.client.get(app.url("/docs/swagger-ui-bundle.js")).send().await.unwrap();
    assert_eq!(bundle.status(), StatusCode::OK);
    assert!(bundle.text().await.unwrap().len() > 100_000);
}

#[test]
fn enums_in_the_spec_use_the_words_on_the_wire() {
    let spec: serde_json::Value = serde_json::from_str(&rolf_api::openapi_json()).unwrap();
    let schemas = &spec["components"]["schemas"];
    assert_eq!(schemas["Level"]["enum"], serde_json::json!(["view", "push", "edit"]));
    assert_eq!(
        schemas["PushStatus"]["enum"],
        serde_json::json!([
            "awaiting_approval",
            "queued",
            "running",
            "paused",
            "succeeded",
            "failed",
            "cancelled",
            "lost",
            "rejected",
            "expired"
        ])
    );
    assert_eq!(schemas["Language"]["enum"], serde_json::json!(["bash", "python"]));
    assert_eq!(schemas["FlagKind"]["enum"], serde_json::json!(["text", "boolean", "choice"]));
}

/// utoipa names a component schema after its Rust type alone and, of two types sharing a name, silently keeps
/// one: two import reports were once both `ImportedRecipe`, and the spec showed one of them for both.
#[test]
fn no_two_schema_types_share_a_name() {
    let mut files = Vec::new();
    for dir in ["api/src", "common/src"] {
        rust_files(&repo_file(dir), &mut files);
    }
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for file in files {
        for name in schema_types(&std::fs::read_to_string(&file).unwrap()) {
            if let Some(other) = seen.insert(name.clone(), file.clone()) {
                panic!("two schema types are named {name}: in {} and {}", other.display(), file.display());
            }
        }
    }
    // The scan itself must keep finding what it looks for, or the check above checks nothing.
    let spec: serde_json::Value = serde_json::from_str(&rolf_api::openapi_json()).unwrap();
    for name in spec["components"]["schemas"].as_object().unwrap().keys() {
        assert!(seen.contains_key(name), "the scan missed schema {name}: teach schema_types its declaration");
    }
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The names of the types a Rust file declares with `ToSchema` among their derives, or through `text_enum!`
/// and `id_type!` (whose expansions derive or implement it).
fn schema_types(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    // An attribute may span lines: its text is gathered until its brackets close.
    let (mut attribute, mut depth, mut pending, mut in_ids) = (String::new(), 0i64, false, false);
    for line in text.lines().map(str::trim) {
        if depth > 0 || line.starts_with("#[") {
            if depth == 0 {
                attribute.clear();
            }
            attribute.push_str(line);
            depth += line.matches('[').count() as i64 - line.matches(']').count() as i64;
            if depth <= 0 {
                depth = 0;
                pending |= attribute.starts_with("#[derive(") && attribute.contains("ToSchema");
            }
            continue;
        }
        if line.ends_with("text_enum!(") {
            pending = true;
            continue;
        }
        // The row ids: `id_type!(` then one name a line, each given `impl ToSchema` by the macro.
        if line == "id_type!(" {
            in_ids = true;
            continue;
        }
        if in_ids {
            match line.strip_suffix(',') {
                Some(name) => names.push(name.to_owned()),
                None => in_ids = false,
            }
            continue;
        }
        if !pending || line.is_empty() || line.starts_with("//") {
            continue;
        }
        pending = false;
        let mut words = line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).filter(|w| !w.is_empty());
        let name = match words.clone().position(|w| w == "struct" || w == "enum") {
            Some(at) => words.nth(at + 1),
            None => words.next(),
        };
        // `$name`: the derive inside a macro's own definition.
        if let Some(name) = name.filter(|n| !n.starts_with('$')) {
            names.push(name.to_owned());
        }
    }
    names
}
