//! A property-based fuzzing pass over the whole spec: schemathesis (PyPI, installed by `scripts/test`) generates
//! requests from `openapi/openapi.json` for every operation and sends them to a running API that has data in it.
//! The run fails on any 5xx, any response that breaks its schema, any status, content type or header the spec
//! does not list for the operation, and any schema-invalid request the API accepts; schema-valid requests the API
//! refuses are printed as advisory findings (see [`CONTRACT_CHECKS`]). Bounded: a fixed number of examples per operation, and
//! a deadline for the whole run.
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
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,\
             response_headers_conformance,positive_data_acceptance,negative_data_rejection",
        ])
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
         test cases\nadvisory findings (data the schema cannot fully judge):\n{}",
        started.elapsed(),
        verdict.operations,
        verdict.cases,
        verdict.advisory.join("\n")
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
/// breaks its schema, or a schema-violating request accepted (the schema is never stricter than the API).
/// `positive_data_acceptance` is reported but not fatal: rules about other objects (an id that must exist, a
/// boolean flag's default, a stage's recipe or code) and JSON Schema's reading of `1.0` as an integer are beyond
/// what a schema states.
const CONTRACT_CHECKS: &[&str] = &[
    "negative_data_rejection",
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
];

#[derive(Default)]
struct Verdict {
    finished: bool,
    operations: usize,
    cases: usize,
    failures: Vec<String>,
    advisory: Vec<String>,
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
    body["error"]["message"].as_str().map(|m| format!("{m:?}")).unwrap_or_default()
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
                let line = format!(
                    "{label} [{name}] {}: answered {} {} (case {case}; `st replay {case}`)",
                    failure["title"].as_str().unwrap_or(""),
                    response["status_code"],
                    error_message(response),
                );
                // A schema-violating body over the size limit is refused with 413, which schemathesis does not count.
                let refused_as_too_large = name == "negative_data_rejection" && response["status_code"] == 413;
                if CONTRACT_CHECKS.contains(&name) && !refused_as_too_large {
                    verdict.failures.push(line);
                } else {
                    verdict.advisory.push(line);
                }
            }
        }
    }
    verdict.operations = operations.len();
    verdict.failures.dedup();
    verdict.advisory.sort();
    verdict.advisory.dedup();
    verdict
}
