//! `scripts/quickstart` run from throwaway clones: `scripts/` and `cookbook/` copied under a temporary root, the workspace's built
//! `rolf-api` and `rolf-worker` in place of a build (a `cargo` that does nothing comes first on the PATH), the API
//! on a free port, and no demo directory (`LDAP_URL` points at a closed port, so no slapd is needed). On drop, a
//! clone is stopped with `scripts/quickstart stop`, and the database and queue keys it made are removed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct QuickstartClone {
    pub root: PathBuf,
    /// `127.0.0.1:PORT`, the API's address.
    pub bind: String,
    /// Where the `cargo` stub and the binaries are.
    tools: PathBuf,
    env: Vec<(String, String)>,
}

/// What one run of the script did.
#[derive(Debug)]
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Ran {
    fn from(out: Output) -> Ran {
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl QuickstartClone {
    /// A clone at `parent/name` holding a copy of the workspace's `scripts/` and `cookbook/`.
    pub fn new(parent: &Path, name: &str) -> QuickstartClone {
        let root = parent.join(name);
        std::fs::create_dir_all(&root).unwrap();
        for dir in ["scripts", "cookbook"] {
            let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
            assert!(Command::new("cp").arg("-R").arg(&from).arg(&root).status().unwrap().success());
        }
        let tools = parent.join(format!("{name}-tools"));
        let debug = tools.join("target/debug");
        std::fs::create_dir_all(&debug).unwrap();
        std::fs::create_dir_all(tools.join("bin")).unwrap();
        for binary in ["rolf-api", "rolf-worker"] {
            std::os::unix::fs::symlink(crate::bin(binary), debug.join(binary)).unwrap();
        }
        let cargo = tools.join("bin/cargo");
        std::fs::write(&cargo, "#!/bin/sh\n# The binaries are built already.\nexit 0\n").unwrap();
        std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let ldap = format!("ldap://127.0.0.1:{}/", free_port());
        let env = [
            ("LDAP_URL", ldap.as_str()),
            ("LDAP_USER_BASE", "ou=people,dc=example,dc=org"),
            ("LDAP_GROUP_BASE", "ou=groups,dc=example,dc=org"),
            ("ROLF_LOG", "warn"),
        ];
        let mut clone = QuickstartClone {
            root,
            bind: format!("127.0.0.1:{}", free_port()),
            tools,
            env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        };
        let bind = clone.bind.clone();
        clone.set_env("ROLF_BIND", &bind);
        clone
    }

    /// Runs the script with `name=value` in its environment (set before the first start: the env file defers to it).
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.to_owned(), value.to_owned()));
    }

    fn command(&self, program: &str) -> Command {
        let path = format!("{}:{}", self.tools.join("bin").display(), std::env::var("PATH").unwrap_or_default());
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", path)
            .env("HOME", &self.tools)
            .env("CARGO_TARGET_DIR", self.tools.join("target"))
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.root);
        cmd
    }

    /// `scripts/quickstart ARGS...`.
    pub fn run(&self, args: &[&str]) -> Ran {
        self.command("bash").arg(self.root.join("scripts/quickstart")).args(args).output().unwrap().into()
    }

    /// `scripts/quickstart`, which must succeed.
    pub fn start(&self) -> Ran {
        let ran = self.run(&[]);
        assert_eq!(ran.code, Some(0), "scripts/quickstart in {}: {ran:#?}", self.root.display());
        ran
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.bind)
    }

    pub fn admin_token(&self) -> String {
        std::fs::read_to_string(self.root.join(".rolf/admin-token")).unwrap().trim().to_owned()
    }

    /// A variable as the scripts see it after sourcing `.rolf/env` (the caller's environment wins).
    pub fn setting(&self, name: &str) -> String {
        let out = self
            .command("bash")
            .args(["-c", "source .rolf/env && printf '%s' \"${!1}\"", "bash", name])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// The pid in `.rolf/NAME.pid`, when there is one.
    pub fn pid(&self, name: &str) -> Option<u32> {
        std::fs::read_to_string(self.root.join(format!(".rolf/{name}.pid"))).ok()?.trim().parse().ok()
    }
}

/// Whether `pid` is a live process named `name`.
pub fn is_running(pid: u32, name: &str) -> bool {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    comm.trim() == name && !status.lines().any(|l| l.starts_with("State:") && l.contains('Z'))
}

impl Drop for QuickstartClone {
    fn drop(&mut self) {
        if self.root.join(".rolf/env").exists() {
            let _ = self.run(&["stop"]);
            let own_database = !self.env.iter().any(|(k, _)| k == "DATABASE_URL");
            let database = self.setting("DATABASE_URL");
            let name = database.rsplit('/').next().unwrap_or("");
            if own_database && name.starts_with("rolf_") {
                let _ = Command::new("psql")
                    .args(["-w", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"])
                    .arg(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .output();
            }
            crate::forget_queue(&crate::redis_url(), &self.setting("ROLF_QUEUE_PREFIX"));
        }
        let _ = std::fs::remove_dir_all(&self.root);
        let _ = std::fs::remove_dir_all(&self.tools);
    }
}
