//! The contract: `openapi/openapi.json` is a valid OpenAPI 3.1 document by a maintained validator, every `$ref`
//! in it resolves, and every response object has a description. The tools are Python packages that
//! `scripts/test` installs (pinned) into a venv and names in `ROLF_CONTRACT_TOOLS`; without them these tests fail.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A contract tool from the venv `scripts/test` builds. Missing tools fail the test: a contract nobody checks
/// is not a contract.
pub fn tool(name: &str) -> PathBuf {
    let dir = std::env::var("ROLF_CONTRACT_TOOLS").unwrap_or_else(|_| {
        panic!(
            "ROLF_CONTRACT_TOOLS is not set: run the tests through scripts/test, which installs openapi-spec-validator \
             and schemathesis into target/contract-venv, or export ROLF_CONTRACT_TOOLS=$PWD/target/contract-venv/bin"
        )
    });
    let path = PathBuf::from(dir).join(name);
    assert!(
        path.is_file(),
        "{} is missing: scripts/test installs it (scripts/contract-requirements.txt)",
        path.display()
    );
    path
}

fn checked_in() -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo_file("openapi/openapi.json")).unwrap()).unwrap()
}

#[test]
fn a_maintained_validator_accepts_the_spec() {
    let output = Command::new(tool("openapi-spec-validator"))
        .arg(repo_file("openapi/openapi.json"))
        .output()
        .expect("running openapi-spec-validator");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("OK"),
        "openapi-spec-validator refuses openapi/openapi.json:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn refs<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Some(target) = child.as_str() {
                        found.push((at.clone(), target));
                    }
                } else {
                    refs(child, format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let spec = checked_in();
    let mut found = Vec::new();
    refs(&spec, String::new(), &mut found);
    assert!(found.len() > 100, "only {} $refs: is this the spec?", found.len());
    let dangling: Vec<String> = found
        .iter()
        .filter(|(_, target)| !target.strip_prefix('#').is_some_and(|pointer| spec.pointer(pointer).is_some()))
        .map(|(at, target)| format!("{at}: {target}"))
        .collect();
    assert!(dangling.is_empty(), "dangling $refs:\n{}", dangling.join("\n"));
}

#[test]
fn every_response_has_a_description() {
    let spec = checked_in();
    let mut missing = Vec::new();
    let mut responses = vec![];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                responses.push((format!("{method} {path} {status}"), response));
            }
        }
    }
    for (name, response) in spec["components"]["responses"].as_object().unwrap() {
        responses.push((format!("components/responses/{name}"), response));
    }
    for (at, response) in responses {
        let described =
            response.get("$ref").is_some() || response["description"].as_str().is_some_and(|d| !d.is_empty());
        if !described {
            missing.push(at);
        }
    }
    assert!(missing.is_empty(), "responses without a description:\n{}", missing.join("\n"));
}
