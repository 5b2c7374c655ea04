//! The `rolf` binary run as a CI job runs it: against a [`TestApp`], with a home of its own and nothing of the
//! test's environment but `PATH`, so no developer's saved login can leak into a test.

use std::process::Stdio;
use std::time::Duration;

use crate::{TestApp, unique};

/// How long one command may take before the test fails instead of hanging.
const LIVENESS: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `bin` (the test's `env!("CARGO_BIN_EXE_rolf")`) with `args`, `ROLF_URL` and `ROLF_TOKEN`.
pub async fn run(bin: &str, app: &TestApp, token: &str, args: &[&str]) -> Ran {
    let home = std::env::temp_dir().join(unique("rolf-cli-home"));
    std::fs::create_dir_all(&home).unwrap();
    let out = tokio::process::Command::new(bin)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("ROLF_URL", &app.base)
        .env("ROLF_TOKEN", token)
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(LIVENESS, out).await.unwrap().unwrap();
    let _ = std::fs::remove_dir_all(&home);
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}
