//! Stages that must wait for a test wait on a file the test creates, never on a sleep: the "gate".

use std::path::PathBuf;

use reqwest::Method;
use serde_json::json;

use crate::{TestApp, unique};

/// A bash stage body that waits for the gate (the setting `GATE`).
pub const WAIT_FOR_GATE: &str = r#"while [ ! -e "$GATE" ]; do sleep 0.05; done"#;

/// A file a stage waits for (`while [ ! -e "$GATE" ]`), passed to it as the setting `GATE`. Removed on drop.
pub struct Gate(pub PathBuf);

impl Gate {
    pub async fn on(app: &TestApp, deployment: i64) -> Gate {
        let gate = Gate(std::env::temp_dir().join(unique("rolf-gate")));
        let body = json!({"value": gate.0.display().to_string(), "secret": false});
        app.admin(Method::PUT, &format!("/api/v1/deployments/{deployment}/settings/GATE"), Some(body)).await;
        gate
    }

    pub fn open(&self) {
        std::fs::write(&self.0, b"open").expect("write the gate file");
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
