//! A property-based fuzzing pass over the whole spec: schemathesis (PyPI, installed by `scripts/test`) generates
//! requests from `openapi/openapi.json` for every operation and sends them to a running API that has data in it.
//! The run fails on any 5xx, any response that breaks its schema, any status, content type or header the spec
//! does not list for the operation, any schema-invalid request the API accepts, and any schema-valid request the
//! API refuses, but for the rules no schema can state ([`BEYOND_THE_SCHEMA`]). Bounded: a fixed number of
//! examples per operation, and a deadline for the whole run.
//!
//! `ROLF_FUZZ_SEED` replays another seed; `ROLF_FUZZ_EXAMPLES` changes the examples per operation.

use std::process::Stdio;
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use reqwest::Method;
use rolf_tests::{TestApp, unique};
use serde_json::{Value, json};

use crate::contract::{repo_file, tool};

/// The whole run, seeding included, must end well within CI's budget.
const DEADLINE: Duration = Duration::from_secs(480);

/// Everything a fuzzed request can meet: each kind of object, with ids the fuzzer may hit (they start at 1).
async fn seed(app: &TestApp) {
    let admin = |method: Method, path: &str, body: Value| {
        let path = path.to_owned();
        async move { app.admin(method, &path, Some(body)).await }
    };
    let category = admin(Method::POST, "/api/v1/categories", json!({"name": "web"})).await;
    let application =
        admin(Method::POST, "/api/v1/applications", json!({"category_id": category["id"], "name": "shop"})).await;
    let deployment = admin(
        Method::POST,
        "/api/v1/deployments",
        json!({"application_id": application["id"], "name": "production", "description": "the shop"}),
    )
    .await;
    let dep = format!("/api/v1/deployments/{}", deployment["id"]);
    admin(Method::PUT, &format!("{dep}/settings/DB_HOST"), json!({"value": "db.internal"})).await;
    admin(Method::PUT, &format!("{dep}/settings/DB_PASSWORD"), json!({"value": "s3cr3t", "secret": true})).await;
    admin(Method::POST, &format!("{dep}/flags"), json!({"name": "Branch", "varname": "BRANCH", "default": "main"}))
        .await;
    admin(Method::POST, &format!("{dep}/flags"), json!({"name": "Dry run", "varname": "DRY_RUN", "kind": "boolean"}))
        .await;
    let recipe = admin(
        Method::POST,
        "/api/v1/recipes",
        json!({"name": "restart", "language": "bash", "code": "true", "description": "restart the service"}),
    )
    .await;
    admin(Method::POST, &format!("{dep}/stages"), json!({"name": "checkout", "language": "bash", "code": "true"}))
        .await;
    admin(Method::POST, &format!("{dep}/stages"), json!({"name": "restart", "recipe_id": recipe["id"]})).await;
    admin(Method::POST, "/api/v1/groups", json!({"name": "shop-team", "description": "the shop's developers"})).await;
    admin(Method::PUT, "/api/v1/groups/shop-team/mappings", json!({"mappings": ["cn=shop,ou=groups,dc=example"]}))
        .await;
    admin(Method::PUT, &format!("{dep}/permissions/shop-team"), json!({"level": "push"})).await;
    admin(Method::POST, "/api/v1/service-accounts", json!({"name": "shop-ci", "groups": ["shop-team"]})).await;
    admin(Method::POST, "/api/v1/service-accounts/shop-ci/tokens", json!({"name": "gitlab", "expires_in_days": 90}))
        .await;
    admin(
        Method::POST,
        &format!("{dep}/webhooks"),
        json!({"url": "http://127.0.0.1:9/hook", "events": ["push.succeeded"], "secret": "s", "format": "slack"}),
    )
    .await;
    // No worker runs here (fuzzed stages must never execute), so pushes stay queued; one is cancelled.
    let push = app
        .admin(Method::POST, &format!("{dep}/pushes"), Some(json!({"comment": "first", "flags": {"BRANCH": "dev"}})))
        .await;
    app.admin(Method::POST, &format!("/api/v1/pushes/{}/cancel", push["id"]), None).await;
    app.admin(Method::POST, &format!("{dep}/pushes"), Some(json!({"comment": "second"}))).await;
    // A second deployment to clone onto and move between.
    admin(Method::POST, "/api/v1/categories", json!({"name": "tools"})).await;
    admin(Method::POST, &format!("{dep}/clone"), json!({"name": "staging"})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_nothing_across_the_whole_spec() {
    let schemathesis = tool("schemathesis");
    let started = Instant::now();
    let app = TestApp::spawn().await;
    seed(&app).await;
    // The fuzzer's own token gets an id it will not guess, so a fuzzed `DELETE /tokens/{id}` cannot revoke it.
    app.db
        .with(|conn| diesel::sql_query("ALTER SEQUENCE api_tokens_id_seq RESTART WITH 987654321987").execute(conn))
        .await
        .unwrap();
    let token = app.db.admin_token(&unique("fuzzer")).await;

    let seed = std::env::var("ROLF_FUZZ_SEED").unwrap_or_else(|_| "20261201".to_owned());
    let examples = std::env::var("ROLF_FUZZ_EXAMPLES").unwrap_or_else(|_| "30".to_owned());
    let report = std::env::temp_dir().join(unique("rolf-fuzz"));
    std::fs::create_dir_all(&report).unwrap();
    let mut command = tokio::process::Command::new(&schemathesis);
    command
        .arg("run")
        .arg(repo_file("openapi/openapi.json"))
        .args(["--url", &app.base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", &CONTRACT_CHECKS.join(",")])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", &examples, "--seed", &seed])
        .args(["--workers", "1", "--request-timeout", "30", "--no-shrink", "--continue-on-failure"])
        // The live stream of a queued push, and the event stream, never end: live.rs and events.rs cover them.
        .args(["--exclude-path", "/api/v1/pushes/{id}/log/stream"])
        .args(["--exclude-path", "/api/v1/events/stream"])
        // The fuzzer learns token ids from `GET /tokens` and would revoke its own, leaving every later request a
        // 401; revocation has its own tests (configuration.rs, permission_matrix.rs).
        .args(["--exclude-path", "/api/v1/tokens/{id}"])
        .args(["--report", "junit,ndjson", "--report-dir"])
        .arg(&report)
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_HOOKS", "")
        // Its caches (.hypothesis, .schemathesis) go with the report, not into the checkout.
        .current_dir(&report)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let remaining = DEADLINE.saturating_sub(started.elapsed());
    let output = match tokio::time::timeout(remaining, command.output()).await {
        Ok(output) => output.expect("running schemathesis"),
        Err(_) => panic!("schemathesis did not finish within {DEADLINE:?}; lower ROLF_FUZZ_EXAMPLES"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let events = read_events(&report);
    let verdict = judge(&events);
    eprintln!(
        "{stdout}\n{stderr}\nfuzzing took {:?} (seed {seed}, {examples} examples per operation): {} operations, {} \
         test cases; schema-valid requests refused by a rule beyond the schema, by rule:\n{}",
        started.elapsed(),
        verdict.operations,
        verdict.cases,
        verdict.beyond.iter().map(|(rule, n)| format!("{n:5} {rule}")).collect::<Vec<_>>().join("\n")
    );
    assert!(verdict.finished, "schemathesis did not complete its run:\n{stdout}\n{stderr}");
    assert!(verdict.operations >= 60 && verdict.cases >= 500, "too little was fuzzed:\n{stdout}");
    assert!(
        verdict.failures.is_empty(),
        "schemathesis found contract failures (seed {seed}; replay with ROLF_FUZZ_SEED={seed}; every request and \
         answer is in {}):\n{}\n\n{stdout}",
        report.display(),
        verdict.failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&report);
}

/// What the run must never show: a 5xx, a status, content type or header the spec does not list, a body that
/// breaks its schema, a schema-violating request accepted (the schema is never looser than the API), or a
/// schema-valid request refused (never stricter), but for [`BEYOND_THE_SCHEMA`].
const CONTRACT_CHECKS: &[&str] = &[
    "negative_data_rejection",
    "positive_data_acceptance",
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
];

/// A rule the API enforces that no JSON Schema can state, so that a request valid by the schema may break it: an
/// id or name must refer to an existing row, a request is judged against stored state, or one value is compared
/// with another (JSON Schema has no `$data`) or parsed by a grammar beyond a pattern. A schema-valid request that
/// is refused passes only when its `error.message` contains `message`, it came from one of `operations`, and it
/// gave none of `left_out` (a patch that leaves them out is judged by the stored row's values).
struct Beyond {
    message: &'static str,
    operations: &'static [&'static str],
    left_out: &'static [&'static str],
}

const fn beyond(message: &'static str, operations: &'static [&'static str]) -> Beyond {
    Beyond { message, operations, left_out: &[] }
}

const fn unless_given(
    message: &'static str,
    operations: &'static [&'static str],
    left_out: &'static [&'static str],
) -> Beyond {
    Beyond { message, operations, left_out }
}

const STAGES: &[&str] = &["POST /api/v1/deployments/{id}/stages", "PATCH /api/v1/stages/{id}"];
const FLAGS: &[&str] = &["POST /api/v1/deployments/{id}/flags", "PATCH /api/v1/deployments/{id}/flags/{flag_id}"];
const FLAG_PATCH: &[&str] = &["PATCH /api/v1/deployments/{id}/flags/{flag_id}"];
/// Operations that give flag values, judged by the deployment's flags as stored.
const FLAG_VALUES: &[&str] = &[
    "POST /api/v1/deployments/{id}/pushes",
    "POST /api/v1/deployments/{id}/schedules",
    "PUT /api/v1/deployments/{id}/schedules/{schedule_id}",
];
const APPLY: &[&str] = &["POST /api/v1/deployments/apply"];
const IMPORT: &[&str] = &["POST /api/v1/import/rolf"];
const RECURRING: &[&str] = &[
    "POST /api/v1/freezes",
    "POST /api/v1/deployments/{id}/schedules",
    "PUT /api/v1/deployments/{id}/schedules/{schedule_id}",
];

const BEYOND_THE_SCHEMA: &[Beyond] = &[
    // An id or a name must refer to an existing row.
    beyond("no category has id", &["POST /api/v1/applications", "PATCH /api/v1/applications/{id}"]),
    beyond("no application has id", &["POST /api/v1/deployments", "POST /api/v1/deployments/{id}/clone"]),
    beyond("no cookbook recipe has id", STAGES),
    beyond("no group is named", &["POST /api/v1/service-accounts", "PATCH /api/v1/deployments/{id}"]),
    beyond("no group is named", APPLY),
    beyond("the deployment has no flag with this varname", FLAG_VALUES),
    beyond("must be a succeeded, tagged push of this deployment", &["POST /api/v1/deployments/{id}/pushes"]),
    beyond("must be a push of the same deployment", &["GET /api/v1/pushes/{id}/diff"]),
    beyond("must name every stage of the deployment exactly once", &["PUT /api/v1/deployments/{id}/stages/order"]),
    // A flag and a setting of one deployment cannot share a name.
    beyond("this deployment has a setting named", FLAGS),
    beyond("this deployment has a flag with varname", &["PUT /api/v1/deployments/{id}/settings/{name}"]),
    // The state of a stored object.
    beyond("the deployment has no stages to run", &["POST /api/v1/deployments/{id}/pushes"]),
    beyond("push cannot be resumed", &["POST /api/v1/pushes/{id}/resume"]),
    beyond("there is nothing to resume", &["POST /api/v1/pushes/{id}/resume"]),
    beyond("this flag is required", FLAG_VALUES),
    beyond("a boolean flag is", FLAG_VALUES),
    beyond("must be one of the flag's choices", FLAG_VALUES),
    beyond("must match the flag's pattern", FLAG_VALUES),
    // A patch that leaves out the kind (or `required`, or the choices) keeps the stored one, which decides.
    unless_given("only a choice flag has choices", FLAG_PATCH, &["kind"]),
    unless_given("only a text flag has a pattern", FLAG_PATCH, &["kind"]),
    unless_given("a boolean flag always has a value", FLAG_PATCH, &["kind"]),
    unless_given("a boolean flag is", FLAG_PATCH, &["kind"]),
    unless_given("a choice flag has 1 to", FLAG_PATCH, &["choices"]),
    unless_given("a required flag has no default", FLAG_PATCH, &["required"]),
    unless_given("only a boolean flag is passed as 1 or empty", FLAG_PATCH, &["kind"]),
    // A patch that links no recipe edits a stage's inline code in place, or needs both language and code for a
    // stage that links one: the stored stage decides.
    unless_given("inline code needs a language", &["PATCH /api/v1/stages/{id}"], &["recipe_id"]),
    unless_given("give either recipe_id or language and code", &["PATCH /api/v1/stages/{id}"], &["recipe_id"]),
    // One value compared with another: a flag's default with its choices or pattern, an end with its start.
    beyond("must be one of the flag's choices", FLAGS),
    beyond("must match the flag's pattern", FLAGS),
    beyond("must be after since", &["GET /api/v1/logs/search"]),
    beyond("must be after starts_at", &["POST /api/v1/freezes"]),
    beyond("must be after since", &["GET /api/v1/audit"]),
    // A document's parts referring to each other or to stored rows: a cookbook file's recipe naming one of the
    // file's snippets, a deployment document naming an application (and, to create one, its category).
    beyond("in the file's snippets", &["POST /api/v1/recipes/import"]),
    beyond("name its category to create both", APPLY),
    beyond("applying does not move it", APPLY),
    // Each setting, flag, stage, grant and hook once in a document: JSON Schema's uniqueItems compares whole
    // items, not one field of them.
    beyond("is listed twice", APPLY),
    beyond("a flag and a setting cannot share a name", APPLY),
    // What the deployment holds: a secret's value and a signing webhook's secret, which exports never carry, and
    // the cookbook's recipes by name.
    beyond("needs its value: exports never carry one", APPLY),
    beyond("give its secret (exports never carry one)", APPLY),
    beyond("and the cookbook has none by that name", APPLY),
    // Grammars and data beyond a pattern: Rust's regular expressions, cron fields and their ranges, the time
    // zone database (which changes with its releases).
    beyond("not a valid regular expression", FLAGS),
    beyond("not a cron pattern", RECURRING),
    beyond("is not an IANA time zone", RECURRING),
    // The original Rolf's exports are texts in formats of their own: CSV rows of four columns, a Django dump
    // whose objects refer to each other by key.
    beyond("row ", IMPORT),
    beyond("not a dumpdata", IMPORT),
    beyond("unknown model", IMPORT),
    beyond("the file has no recipes", IMPORT),
    beyond("which is not in the dump", IMPORT),
    beyond("has no pk", IMPORT),
    // Credentials, not data: an API token cannot sign out like a session.
    beyond("this is an API token, not a session", &["POST /api/v1/auth/logout"]),
];

/// The rule that explains a refused schema-valid request, if one does.
fn beyond_the_schema(operation: &str, message: &str, body: &Value) -> Option<&'static str> {
    let gave = |field: &&str| !body.get(*field).unwrap_or(&Value::Null).is_null();
    BEYOND_THE_SCHEMA
        .iter()
        .find(|rule| {
            message.contains(rule.message) && rule.operations.contains(&operation) && !rule.left_out.iter().any(gave)
        })
        .map(|rule| rule.message)
}

#[derive(Default)]
struct Verdict {
    finished: bool,
    operations: usize,
    cases: usize,
    failures: Vec<String>,
    /// Schema-valid requests refused by a rule in [`BEYOND_THE_SCHEMA`], counted by rule.
    beyond: std::collections::BTreeMap<&'static str, usize>,
}

fn read_events(report: &std::path::Path) -> Vec<Value> {
    let mut events = Vec::new();
    for entry in std::fs::read_dir(report).expect("schemathesis wrote no report") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            let text = std::fs::read_to_string(&path).unwrap();
            events.extend(text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()));
        }
    }
    assert!(!events.is_empty(), "schemathesis wrote an empty report in {}", report.display());
    events
}

/// The `error.message` of a recorded answer (schemathesis keeps bodies base64-encoded).
fn error_message(response: &Value) -> String {
    let body = response["content"]["$base64"].as_str().unwrap_or_default();
    let body: Value = serde_json::from_slice(&base64_decode(body)).unwrap_or_default();
    body["error"]["message"].as_str().unwrap_or_default().to_owned()
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut bits, mut count) = (0u32, 0);
    for c in text.bytes().take_while(|&c| c != b'=') {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else { return Vec::new() };
        bits = (bits << 6) | value as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

fn judge(events: &[Value]) -> Verdict {
    let mut verdict = Verdict::default();
    let mut operations = std::collections::BTreeSet::new();
    for event in events {
        if let Some(finished) = event.get("EngineFinished") {
            verdict.finished = finished["stop_reason"] == "completed";
        }
        for fatal in ["NonFatalError", "FatalError"] {
            if let Some(error) = event.get(fatal) {
                verdict.failures.push(format!("{fatal}: {error}"));
            }
        }
        let Some(scenario) = event.get("ScenarioFinished") else { continue };
        let recorder = &scenario["recorder"];
        let label = recorder["label"].as_str().unwrap_or("?");
        let Some(cases) = recorder["checks"].as_object() else { continue };
        if !cases.is_empty() {
            operations.insert(label.to_owned());
        }
        for (case, checks) in cases {
            verdict.cases += 1;
            for check in checks.as_array().into_iter().flatten() {
                if check["status"] == "success" {
                    continue;
                }
                let name = check["name"].as_str().unwrap_or("?");
                let failure = &check["failure_info"]["failure"];
                let response = &recorder["interactions"][case]["response"];
                let message = error_message(response);
                // A schema-violating body over the size limit is refused with 413, which schemathesis does not count.
                let refused_as_too_large = name == "negative_data_rejection" && response["status_code"] == 413;
                let body = &recorder["cases"][case]["value"]["body"];
                let explained =
                    (name == "positive_data_acceptance").then(|| beyond_the_schema(label, &message, body)).flatten();
                if let Some(rule) = explained {
                    *verdict.beyond.entry(rule).or_default() += 1;
                } else if !refused_as_too_large {
                    verdict.failures.push(format!(
                        "{label} [{name}] {}: answered {} {message:?} (case {case}; `st replay {case}`)",
                        failure["title"].as_str().unwrap_or(""),
                        response["status_code"],
                    ));
                }
            }
        }
    }
    verdict.operations = operations.len();
    verdict.failures.dedup();
    verdict
}
