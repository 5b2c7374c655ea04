//! A throwaway OpenSSH server per test, standing in for a production host: Debian's `/usr/sbin/sshd` (package
//! openssh-server; `scripts/test` installs it) in the foreground on a free loopback port, with its own host key,
//! one authorized client key and a config in a temp dir, running as the current user. It is stopped through the
//! child handle it was started with, and its directory removed, on drop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SSHD: &str = "/usr/sbin/sshd";

pub struct ThrowawaySshd {
    pub port: u16,
    /// The private key the server authorizes (OpenSSH format): what a deployment's SSH_PRIVATE_KEY holds.
    pub client_key: String,
    /// The server's public host key, `TYPE KEY COMMENT`: what a deployment's SSH_KNOWN_HOSTS holds.
    pub host_key: String,
    /// The user to log in as: the current one.
    pub user: String,
    pub dir: PathBuf,
    child: Child,
}

fn keygen(path: &Path) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "rolf-test", "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen missing (apt-get install openssh-client)");
    assert!(out.status.success(), "ssh-keygen: {}", String::from_utf8_lossy(&out.stderr));
}

fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl ThrowawaySshd {
    /// Starts the server and waits until it sends its SSH banner. `env` is set in every session (`SetEnv`), e.g.
    /// a package index that does not answer. Retries on a port race.
    pub fn start(env: &[(&str, &str)]) -> ThrowawaySshd {
        assert!(Path::new(SSHD).exists(), "{SSHD} is missing: scripts/test installs openssh-server");
        let dir = std::env::temp_dir().join(crate::unique("rolf-sshd"));
        std::fs::create_dir_all(&dir).unwrap();
        keygen(&dir.join("host_key"));
        keygen(&dir.join("client_key"));
        std::fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).unwrap();
        // As root, sshd wants its privilege separation directory, which Debian's init script creates at boot
        // (there is none in a container).
        let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        if root && !Path::new("/run/sshd").exists() {
            std::fs::create_dir_all("/run/sshd").unwrap();
        }
        let set_env: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let config = dir.join("sshd_config");
            let mut text = format!(
                "ListenAddress 127.0.0.1:{port}\nHostKey {dir}/host_key\nAuthorizedKeysFile {dir}/authorized_keys\n\
                 PidFile none\nUsePAM no\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 PermitRootLogin prohibit-password\nLogLevel ERROR\n",
                dir = dir.display()
            );
            if !set_env.is_empty() {
                text.push_str(&format!("SetEnv {}\n", set_env.join(" ")));
            }
            std::fs::write(&config, text).unwrap();
            let mut child = Command::new(SSHD)
                .arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()
                .expect("start sshd");
            if banner(port, &mut child) {
                return ThrowawaySshd {
                    port,
                    client_key: std::fs::read_to_string(dir.join("client_key")).unwrap(),
                    host_key: std::fs::read_to_string(dir.join("host_key.pub")).unwrap().trim().to_owned(),
                    user: current_user(),
                    dir,
                    child,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("sshd did not start; run `{SSHD} -t -f {}/sshd_config` to see why", dir.display());
    }
}

/// Waits up to 10 s for `SSH-2.0` on the port; false when the server exited first (e.g. the port was taken).
fn banner(port: u16, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 7];
            if stream.read_exact(&mut buf).is_ok() && &buf == b"SSH-2.0" {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

impl Drop for ThrowawaySshd {
    fn drop(&mut self) {
        // The child handle, never a pid read back from somewhere: this is the process we started.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
