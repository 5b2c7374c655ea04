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
        .filter(|(_, target)| target.strip_prefix('#').is_none_or(|pointer| spec.pointer(pointer).is_none()))
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

#[test]
fn enums_list_the_words_on_the_wire() {
    let spec = checked_in();
    let schemas = &spec["components"]["schemas"];
    let events: Vec<&str> = rolf_common::webhooks::WebhookEvent::ALL.iter().map(|e| e.as_str()).collect();
    assert_eq!(schemas["WebhookEvent"]["enum"], serde_json::json!(events));
    assert_eq!(schemas["WebhookFormat"]["enum"], serde_json::json!(["json", "slack"]));
    let history = &spec["paths"]["/api/v1/deployments/{id}/pushes"]["get"]["parameters"];
    let status = history.as_array().unwrap().iter().find(|p| p["name"] == "status").unwrap();
    assert_eq!(status["schema"]["$ref"], "#/components/schemas/PushStatus");
}

/// The spec's schema at `pointer` judges each value as the API's own rule does, by jsonschema-rs (the validator
/// schemathesis uses, with ECMA-262 patterns).
fn schema_verdicts(spec: &Value, pointer: &str, values: &[String]) -> Vec<bool> {
    let schema = spec.pointer(pointer).unwrap_or_else(|| panic!("no schema at {pointer}"));
    let input = serde_json::json!({"schema": schema, "values": values}).to_string();
    let script = "import json, sys, jsonschema_rs\n\
                  job = json.load(sys.stdin)\n\
                  v = jsonschema_rs.validator_for(job['schema'])\n\
                  print(json.dumps([v.is_valid(x) for x in job['values']]))\n";
    let mut child = Command::new(tool("python"))
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_spec_states_exactly_the_rules_the_api_enforces() {
    use rolf_common::validate;
    let spec = checked_in();
    let long = |n: usize, c: char| std::iter::repeat_n(c, n).collect::<String>();
    let names: Vec<String> = [
        "web",
        " web ",
        "a b",
        "é",
        "日本",
        "",
        " ",
        "\u{3000}",
        "\u{a0}x\u{a0}",
        "a/b",
        "a\nb",
        "a\tb",
        "x\u{85}",
        "x\u{9f}",
        "x\u{a0}",
        "\u{2028}",
        "web\n",
        "\u{feff}",
        "😀",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([
        long(100, 'x'),
        long(101, 'x'),
        long(100, 'é'),
        format!(" {}", long(99, 'x')),
        format!(" {}", long(100, 'x')),
    ])
    .collect();
    let env: Vec<String> = [
        "DB_HOST", "_x1", "a", "", "1A", "A-B", "A B", "é", "ROLF_TAG", "ROLF_", "ROLFX", "PATH", "PATHS", "XPATH",
        "CWD", "HOME\n", "LANG_", "DB\n",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([long(100, 'A'), long(101, 'A')])
    .collect();
    let groups: Vec<String> = ["ops", "ops-team.eu_1", "", "a b", "é", "a/b", "ops\n"]
        .into_iter()
        .map(str::to_owned)
        .chain([long(100, 'g'), long(101, 'g')])
        .collect();
    let text: Vec<String> = ["", "any text\nwith lines", "nul\0", "é"]
        .into_iter()
        .map(str::to_owned)
        .chain([long(10_000, 'é'), long(10_001, 'x')])
        .collect();
    let mappings: Vec<String> =
        names.iter().cloned().chain([long(1024, 'm'), long(1025, 'm'), "cn=a/b".to_owned()]).collect();

    let actors: Vec<String> = names
        .iter()
        .cloned()
        .chain(["ann", " ann ", "a\u{0}b", "x\u{7f}"].map(str::to_owned))
        .chain([long(256, 'é'), long(257, 'x')])
        .collect();
    let actions: Vec<String> = [
        "setting",
        "setting.put",
        "group_mappings.put",
        "",
        "Setting",
        "setting.",
        ".put",
        "a.b.c",
        "set ting",
        "é",
        "setting\n",
        "setting%",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([long(100, 'a'), long(101, 'a'), format!("{}.{}", long(50, 'a'), long(49, 'b'))])
    .collect();
    let audit_parameter = |name: &str| {
        let parameters = spec["paths"]["/api/v1/audit"]["get"]["parameters"].as_array().unwrap();
        let index = parameters.iter().position(|p| p["name"] == name).unwrap();
        format!("/paths/~1api~1v1~1audit/get/parameters/{index}/schema")
    };
    let (actor_pointer, action_pointer) = (audit_parameter("actor"), audit_parameter("action"));
    let audit_filter = |query: rolf_common::audit::AuditQuery| rolf_common::audit::check(&query).is_ok();

    type Rule = Box<dyn Fn(&str) -> bool>;
    let cases: Vec<(&str, &Vec<String>, Rule)> = vec![
        (
            "/components/schemas/CategoryInput/properties/name",
            &names,
            Box::new(|v| validate::display_name("n", v).is_ok()),
        ),
        ("/components/schemas/FlagPatch/properties/name", &names, Box::new(|v| validate::display_name("n", v).is_ok())),
        ("/components/schemas/NewFlag/properties/varname", &env, Box::new(|v| validate::env_var_name("n", v).is_ok())),
        ("/components/schemas/NewGroup/properties/name", &groups, Box::new(|v| validate::group_name(v).is_ok())),
        (
            "/components/schemas/NewDeployment/properties/description",
            &text,
            Box::new(|v| validate::text("d", v, validate::MAX_TEXT_LEN).is_ok()),
        ),
        (
            "/components/schemas/Mappings/properties/mappings/items",
            &mappings,
            Box::new(|v| validate::printable("m", v, 1024, true).is_ok()),
        ),
        (
            actor_pointer.as_str(),
            &actors,
            Box::new(move |v| {
                audit_filter(rolf_common::audit::AuditQuery { actor: Some(v.into()), ..Default::default() })
            }),
        ),
        (
            action_pointer.as_str(),
            &actions,
            Box::new(move |v| {
                audit_filter(rolf_common::audit::AuditQuery { action: Some(v.into()), ..Default::default() })
            }),
        ),
    ];
    let mut disagreements = Vec::new();
    for (pointer, values, rule) in &cases {
        let by_schema = schema_verdicts(&spec, pointer, values);
        for (value, schema_ok) in values.iter().zip(by_schema) {
            if rule(value) != schema_ok {
                let shown: String = value.chars().take(12).collect();
                disagreements.push(format!(
                    "{pointer}: {shown:?} ({} chars): schema {schema_ok}, API {}",
                    value.chars().count(),
                    !schema_ok
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "the schema and the API disagree:\n{}", disagreements.join("\n"));
}

#[test]
fn sign_in_lists_429_with_retry_after_and_401_says_bearer() {
    let spec = checked_in();
    for path in ["/api/v1/auth/login", "/api/v1/auth/cas"] {
        let responses = &spec["paths"][path]["post"]["responses"];
        assert_eq!(responses["429"]["$ref"], "#/components/responses/TooManyRequests", "{path}");
    }
    let components = &spec["components"]["responses"];
    assert_eq!(components["TooManyRequests"]["headers"]["Retry-After"]["schema"]["type"], "integer");
    assert!(components["Unauthorized"]["headers"]["WWW-Authenticate"].is_object());
}
