//! The contract: `openapi/openapi.json` is a valid OpenAPI 3.1 document by a maintained validator, every `$ref`
//! in it resolves, and every response object has a description. The tools are Python packages that
//! `scripts/test` installs (pinned) into a venv and names in `ROLF_CONTRACT_TOOLS`; without them these tests fail.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

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

/// The spec's schema at `pointer` judges each value, by jsonschema-rs (the validator schemathesis uses, with
/// ECMA-262 patterns); `$ref`s resolve within the spec.
fn schema_verdicts(spec: &Value, pointer: &str, values: &[Value]) -> Vec<bool> {
    assert!(spec.pointer(pointer).is_some(), "no schema at {pointer}");
    // Parameters' schemas live under `paths`, bodies' under `components`: both must resolve.
    let schema = json!({"$ref": format!("#{pointer}"), "components": spec["components"], "paths": spec["paths"]});
    let input = json!({"schema": schema, "values": values}).to_string();
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

fn long(n: usize, c: char) -> String {
    std::iter::repeat_n(c, n).collect()
}

fn strings<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Vec<Value> {
    values.into_iter().map(|v| Value::String(v.as_ref().to_owned())).collect()
}

/// The API's rule for a string value; anything else breaks it.
type Rule = Box<dyn Fn(&Value) -> bool>;

fn text(rule: impl Fn(&str) -> bool + 'static) -> Rule {
    Box::new(move |v| v.as_str().is_some_and(&rule))
}

fn number(rule: impl Fn(i64) -> bool + 'static) -> Rule {
    Box::new(move |v| v.as_i64().is_some_and(&rule))
}

/// How a value reads in a message: strings cut short, with their length.
fn shown(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("{:?} ({} chars)", s.chars().take(12).collect::<String>(), s.chars().count()),
        None => value.to_string(),
    }
}

#[test]
fn the_spec_states_exactly_the_rules_the_api_enforces() {
    use rolf_common::catalog::flag_rules::{FlagKind, FlagRules};
    use rolf_common::{access, recipes, validate, webhooks, workers};
    let spec = checked_in();
    let names = strings(
        [
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
        ]),
    );
    let env = strings(
        [
            "DB_HOST", "_x1", "a", "", "1A", "A-B", "A B", "é", "ROLF_TAG", "ROLF_", "ROLFX", "PATH", "PATHS", "XPATH",
            "CWD", "HOME\n", "LANG_", "DB\n",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([long(100, 'A'), long(101, 'A')]),
    );
    let groups = strings(
        ["ops", "ops-team.eu_1", "", "a b", "é", "a/b", "ops\n"]
            .into_iter()
            .map(str::to_owned)
            .chain([long(100, 'g'), long(101, 'g')]),
    );
    let free_text = strings(
        ["", "any text\nwith lines", "nul\0", "é"]
            .into_iter()
            .map(str::to_owned)
            .chain([long(10_000, 'é'), long(10_001, 'x')]),
    );
    let mappings: Vec<Value> =
        names.iter().cloned().chain(strings([long(1024, 'm'), long(1025, 'm'), "cn=a/b".to_owned()])).collect();
    let pools = strings(
        ["default", "gpu-1", "a_b", "9", "", "A", "-x", "_x", "x y", "é", "gpu\n", "gpu.eu", "gpu/x"]
            .into_iter()
            .map(str::to_owned)
            .chain([long(50, 'p'), long(51, 'p')]),
    );
    let urls = strings(
        [
            "https://hooks.example.org/x?y=1",
            " http://127.0.0.1:9/hook\n",
            "HTTPS://user:p%41ss@chat.example.org:65535/a%20b",
            "http://[::1]:8080/",
            "http://[2001:db8::8a2e:370:7334]/x",
            "http://localhost",
            "http://xn-a.example/é#frag",
            "",
            "hooks.example.org",
            "ftp://x/y",
            "http://",
            "http://xn--a.example",
            "http://1.2.3.256/",
            "http://127.1",
            "http://example.123",
            "http://a:65536",
            "http://[1::2::3]",
            "\u{b} \r hTTPS://\u{95}",
            "http://é.example",
            "http://a/b c",
            "http://a/\u{0}",
            "\u{feff}http://a",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            format!("http://a/{}", long(2039, 'x')),
            format!("http://a/{}", long(2040, 'x')),
            format!("  http://a/{}", long(2037, 'x')),
            format!("  http://a/{}", long(2038, 'x')),
        ]),
    );
    let choices = strings(
        ["main", "a b", "a/b", "é", "", " ", " x", "x ", "x\u{3000}", "x\n", "a\tb", "\u{feff}"]
            .into_iter()
            .map(str::to_owned)
            .chain([long(100, 'c'), long(101, 'c')]),
    );
    let values = strings(
        ["", "x", "nul\0", "line\nline"].into_iter().map(str::to_owned).chain([long(65_536, 'é'), long(65_537, 'x')]),
    );
    let codes = strings(
        ["true", "", " ", "\n\t", "\u{3000}", "\u{85}", "\u{feff}", " x ", "echo\0", "\u{1c}"]
            .into_iter()
            .map(str::to_owned)
            .chain([long(262_144, 'x'), long(262_145, 'x'), long(262_144, ' '), format!("{}x", long(262_143, '\n'))]),
    );
    let numbers = |list: &[i64]| list.iter().map(|n| json!(n)).collect::<Vec<Value>>();
    let timeouts = numbers(&[i64::MIN, -1, 0, 1, 59, 604_800, 604_801, i64::from(i32::MAX)]);
    let expiries = numbers(&[i64::MIN, -1, 0, 1, 90, 3650, 3651, i64::MAX]);

    let actors: Vec<Value> = names
        .iter()
        .cloned()
        .chain(strings(["ann", " ann ", "a\u{0}b", "x\u{7f}"]))
        .chain(strings([long(256, 'é'), long(257, 'x')]))
        .collect();
    let actions = strings(
        [
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
        .chain([long(100, 'a'), long(101, 'a'), format!("{}.{}", long(50, 'a'), long(49, 'b'))]),
    );
    let audit_parameter = |name: &str| {
        let parameters = spec["paths"]["/api/v1/audit"]["get"]["parameters"].as_array().unwrap();
        let index = parameters.iter().position(|p| p["name"] == name).unwrap();
        format!("/paths/~1api~1v1~1audit/get/parameters/{index}/schema")
    };
    let (actor_pointer, action_pointer) = (audit_parameter("actor"), audit_parameter("action"));
    let audit_filter = |query: rolf_common::audit::AuditQuery| rolf_common::audit::check(&query).is_ok();
    let cases: Vec<(&str, &Vec<Value>, Rule)> = vec![
        ("/components/schemas/CategoryInput/properties/name", &names, text(|v| validate::display_name("n", v).is_ok())),
        ("/components/schemas/FlagPatch/properties/name", &names, text(|v| validate::display_name("n", v).is_ok())),
        ("/components/schemas/NewFlag/properties/varname", &env, text(|v| validate::env_var_name("n", v).is_ok())),
        ("/components/schemas/NewGroup/properties/name", &groups, text(|v| validate::group_name(v).is_ok())),
        (
            "/components/schemas/NewDeployment/properties/description",
            &free_text,
            text(|v| validate::text("d", v, validate::MAX_TEXT_LEN).is_ok()),
        ),
        (
            "/components/schemas/Mappings/properties/mappings/items",
            &mappings,
            text(|v| validate::printable("m", v, 1024, true).is_ok()),
        ),
        (
            actor_pointer.as_str(),
            &actors,
            text(move |v| audit_filter(rolf_common::audit::AuditQuery { actor: Some(v.into()), ..Default::default() })),
        ),
        (
            action_pointer.as_str(),
            &actions,
            text(move |v| {
                audit_filter(rolf_common::audit::AuditQuery { action: Some(v.into()), ..Default::default() })
            }),
        ),
        ("/components/schemas/NewDeployment/properties/pool", &pools, text(|v| workers::check_pool("pool", v).is_ok())),
        (
            "/components/schemas/DeploymentPatch/properties/pool",
            &pools,
            text(|v| workers::check_pool("pool", v).is_ok()),
        ),
        ("/components/schemas/NewWebhook/properties/url", &urls, text(|v| webhooks::check_url(v).is_ok())),
        (
            "/components/schemas/NewStage/properties/timeout_seconds",
            &timeouts,
            number(|v| i32::try_from(v).is_ok_and(|t| validate::timeout(Some(t)).is_ok())),
        ),
        (
            "/components/schemas/StagePatch/properties/timeout_seconds",
            &timeouts,
            number(|v| i32::try_from(v).is_ok_and(|t| validate::timeout(Some(t)).is_ok())),
        ),
        (
            "/components/schemas/NewToken/properties/expires_in_days",
            &expiries,
            number(|v| access::tokens::expires_at(Some(v)).is_ok()),
        ),
        (
            "/components/schemas/NewFlag/properties/choices/items",
            &choices,
            // One choice of a choice flag; it is also the flag's default.
            text(|v| FlagRules::checked(FlagKind::Choice, None, vec![v.to_owned()], false, None).is_ok()),
        ),
        (
            "/components/schemas/SettingInput/properties/value",
            &values,
            text(|v| validate::text("value", v, rolf_common::catalog::settings::MAX_VALUE_LEN).is_ok()),
        ),
        ("/components/schemas/NewRecipe/properties/code", &codes, text(|v| recipes::cookbook::check_code(v).is_ok())),
        ("/components/schemas/NewStage/properties/code", &codes, text(|v| recipes::cookbook::check_code(v).is_ok())),
    ];
    let mut disagreements = Vec::new();
    for (pointer, values, rule) in &cases {
        let by_schema = schema_verdicts(&spec, pointer, values);
        for (value, schema_ok) in values.iter().zip(by_schema) {
            if rule(value) != schema_ok {
                disagreements.push(format!("{pointer}: {}: schema {schema_ok}, API {}", shown(value), !schema_ok));
            }
        }
    }
    assert!(disagreements.is_empty(), "the schema and the API disagree:\n{}", disagreements.join("\n"));
}

/// Bodies whose fields go together or not, as the API's checks decide (`recipes::stages::recipe_for`,
/// `schedules::create`, `freezes::create` and the freeze route's scope): the schema says the same of each.
#[test]
fn the_spec_states_which_fields_go_together() {
    let spec = checked_in();
    let stage = |extra: Value| {
        let mut body = json!({"name": "build"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let freeze = |extra: Value| {
        let mut body = json!({"reason": "exams"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let (at, cron, tz) = ("2026-12-24T18:00:00Z", "0 2 * * *", "Europe/Berlin");
    let cases: Vec<(&str, Value, bool)> = vec![
        ("NewStage", stage(json!({"recipe_id": 3})), true),
        ("NewStage", stage(json!({"recipe_id": 3, "language": null, "code": null})), true),
        ("NewStage", stage(json!({"language": "bash", "code": "true"})), true),
        ("NewStage", stage(json!({"recipe_id": null, "language": "bash", "code": "true"})), true),
        ("NewStage", stage(json!({})), false),
        ("NewStage", stage(json!({"code": "true"})), false),
        ("NewStage", stage(json!({"language": "bash"})), false),
        ("NewStage", stage(json!({"recipe_id": 3, "language": "bash"})), false),
        ("NewStage", stage(json!({"recipe_id": 3, "code": "true"})), false),
        ("StagePatch", json!({}), true),
        ("StagePatch", json!({"recipe_id": 3}), true),
        ("StagePatch", json!({"code": "true"}), true),
        ("StagePatch", json!({"recipe_id": 3, "language": "python"}), false),
        ("StagePatch", json!({"recipe_id": 3, "code": "true", "language": "bash"}), false),
        ("NewSchedule", json!({"cron": cron, "timezone": tz}), true),
        ("NewSchedule", json!({"at": at, "cron": null}), true),
        ("NewSchedule", json!({}), false),
        ("NewSchedule", json!({"cron": cron}), false),
        ("NewSchedule", json!({"at": at, "timezone": tz}), false),
        ("NewFreeze", freeze(json!({"starts_at": at, "ends_at": at})), true),
        ("NewFreeze", freeze(json!({"cron": cron, "duration_minutes": 60, "timezone": tz, "category_id": 1})), true),
        (
            "NewFreeze",
            freeze(json!({"starts_at": at, "ends_at": at, "deployment_id": 2, "application_id": null})),
            true,
        ),
        ("NewFreeze", freeze(json!({"starts_at": at})), false),
        ("NewFreeze", freeze(json!({"ends_at": at, "cron": cron, "duration_minutes": 60, "timezone": tz})), false),
        ("NewFreeze", freeze(json!({"starts_at": at, "ends_at": at, "timezone": tz})), false),
        ("NewFreeze", freeze(json!({"cron": cron, "timezone": tz})), false),
        ("NewFreeze", freeze(json!({"starts_at": at, "ends_at": at, "category_id": 1, "deployment_id": 2})), false),
    ];
    let mut disagreements = Vec::new();
    for (schema, body, expected) in &cases {
        let verdict = schema_verdicts(&spec, &format!("/components/schemas/{schema}"), std::slice::from_ref(body));
        if verdict != [*expected] {
            disagreements.push(format!("{schema} {body}: schema {}, API {expected}", !expected));
        }
    }
    assert!(disagreements.is_empty(), "the schema and the API disagree:\n{}", disagreements.join("\n"));
}

/// A flag's fields depend on each other (its kind, choices, pattern, whether it is required, its default), and
/// the schema states how (`rolf_common::validate::together`). Every combination the schema accepts must pass the
/// API's checks, but for what no schema can judge (a default among the choices, or matching the pattern), and
/// every one it refuses must fail them.
#[test]
fn a_flag_the_schema_accepts_is_refused_only_for_a_default_beyond_it() {
    use rolf_common::catalog::flags::{NewFlag, checked_new};
    let spec = checked_in();
    let absent = Value::Null;
    let mut bodies = Vec::new();
    for kind in [None, Some(absent.clone()), Some(json!("text")), Some(json!("boolean")), Some(json!("choice"))] {
        for choices in [None, Some(absent.clone()), Some(json!([])), Some(json!(["a", "b"]))] {
            for pattern in [None, Some(absent.clone()), Some(json!("")), Some(json!("[a-z]+"))] {
                for required in [None, Some(json!(false)), Some(json!(true))] {
                    for default in [None, Some(absent.clone()), Some(json!("")), Some(json!("true")), Some(json!("a"))]
                    {
                        let mut body = json!({"name": "Branch", "varname": "BRANCH"});
                        for (field, value) in [
                            ("kind", &kind),
                            ("choices", &choices),
                            ("pattern", &pattern),
                            ("required", &required),
                            ("default", &default),
                        ] {
                            if let Some(value) = value {
                                body[field] = value.clone();
                            }
                        }
                        bodies.push(body);
                    }
                }
            }
        }
    }
    let by_schema = schema_verdicts(&spec, "/components/schemas/NewFlag", &bodies);
    let mut disagreements = Vec::new();
    for (body, schema_ok) in bodies.iter().zip(by_schema) {
        let input: NewFlag = serde_json::from_value(body.clone()).unwrap();
        let verdict = checked_new(&input);
        let beyond_the_schema = match &verdict {
            Err(rolf_common::Error::Invalid { message, .. }) => {
                message.starts_with("must be one of the flag's choices")
                    || message.starts_with("must match the flag's pattern")
            }
            _ => false,
        };
        if schema_ok != verdict.is_ok() && !(schema_ok && beyond_the_schema) {
            disagreements.push(format!("{body}: schema {schema_ok}, API {:?}", verdict.map(|_| ())));
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
