//! Throwaway Redis and Postgres servers for fault tests: a test that flushes or stops a server starts its own,
//! on a free port with a temp dir, so tests running in parallel against the shared servers are never disturbed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use rolf_common::db;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A `redis-server` without persistence on a free port; stopped (and its directory removed) on drop.
pub struct ThrowawayRedis {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

impl ThrowawayRedis {
    /// Starts the server and waits until it answers `PING`. Retries on a port race.
    pub fn start() -> ThrowawayRedis {
        let dir = std::env::temp_dir().join(crate::unique("rolf-redis"));
        std::fs::create_dir_all(&dir).unwrap();
        for _ in 0..5 {
            let port = free_port();
            if let Some(child) = launch(&dir, port) {
                return ThrowawayRedis { port, dir, child };
            }
        }
        panic!("redis-server did not start");
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Drops every key, as an operator's mistake would.
    pub fn flushall(&self) {
        assert_eq!(command(self.port, &["FLUSHALL"]).as_deref(), Some("+OK"));
    }

    /// The number of keys left.
    pub fn dbsize(&self) -> i64 {
        let reply = command(self.port, &["DBSIZE"]).unwrap();
        reply.trim_start_matches(':').parse().unwrap()
    }

    /// Kills the server: with no persistence, everything in it is gone.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again, empty, on the same port.
    pub fn start_again(&mut self) {
        self.child = launch(&self.dir, self.port).expect("redis-server did not start again");
    }
}

/// Spawns `redis-server` and waits until it answers; `None` if it exits first (the port was taken) or never does.
fn launch(dir: &Path, port: u16) -> Option<Child> {
    let mut child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .args(["--protected-mode", "no", "--loglevel", "warning", "--dir"])
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server missing (apt-get install redis-server)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        if command(port, &["PING"]).is_some_and(|reply| reply == "+PONG") {
            return Some(child);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Sends one command in RESP and returns the first line of the reply (enough for status and integer replies).
fn command(port: u16, args: &[&str]) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut request = format!("*{}\r\n", args.len());
    for arg in args {
        request.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    stream.write_all(request.as_bytes()).ok()?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    Some(line.trim_end().to_owned())
}

impl Drop for ThrowawayRedis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A Postgres cluster of its own: `initdb` into a temp dir (trust auth, superuser `postgres`), served on a free
/// port of 127.0.0.1 with its socket in that dir. It can be stopped and started again on the same port and data;
/// it is stopped and removed on drop.
///
/// Postgres refuses to run as root, so as root the cluster belongs to the `postgres` OS user and its programs run
/// as that user; otherwise they run as the current user.
pub struct ThrowawayPostgres {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
    /// The OS user (uid, gid) the server runs as, when we are root.
    owner: Option<(u32, u32)>,
}

/// The newest `/usr/lib/postgresql/<version>/bin` (Debian's layout); elsewhere, whatever `PATH` finds.
fn pg_bin() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_default()
}

/// uid and gid of the `postgres` OS user, from /etc/passwd.
fn postgres_user() -> (u32, u32) {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let fields: Vec<&str> = passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.first() == Some(&"postgres"))
        .expect("running as root needs a `postgres` OS user to own throwaway Postgres clusters");
    (fields[2].parse().unwrap(), fields[3].parse().unwrap())
}

impl ThrowawayPostgres {
    /// Creates the cluster and starts it. Retries on a port race.
    pub fn start() -> ThrowawayPostgres {
        let dir = std::env::temp_dir().join(crate::unique("rolf-pg"));
        std::fs::create_dir_all(&dir).unwrap();
        // /proc/self belongs to the process' effective user.
        let owner = (std::fs::metadata("/proc/self").unwrap().uid() == 0).then(postgres_user);
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
        }
        let mut pg = ThrowawayPostgres { port: 0, dir, bin: pg_bin(), owner };
        let out = pg
            .program("initdb")
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-sync", "-D"])
            .arg(pg.data())
            .output()
            .expect("initdb missing (apt-get install postgresql)");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        for _ in 0..5 {
            pg.port = free_port();
            pg.configure();
            if pg.try_start() {
                return pg;
            }
        }
        panic!("Postgres did not start; see {}", pg.dir.join("server.log").display());
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn program(&self, name: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(name));
        if let Some((uid, gid)) = self.owner {
            cmd.uid(uid).gid(gid);
        }
        cmd
    }

    /// Port, socket directory and settings that make a test server quick; appended, so the last one wins.
    fn configure(&self) {
        let conf = self.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text.push_str(&format!(
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nfsync = off\n\
             full_page_writes = off\nmax_connections = 100\n",
            self.port,
            self.dir.display()
        ));
        std::fs::write(&conf, text).unwrap();
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        let log = self.dir.join("server.log");
        self.program("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(&log)
            .args(args)
            .output()
            .is_ok_and(|out| out.status.success())
    }

    fn try_start(&self) -> bool {
        self.pg_ctl(&["-w", "-t", "60", "start"]) && wait_port(self.port, true)
    }

    /// Starts the stopped server again, on the same port and data.
    pub fn start_again(&self) {
        assert!(self.try_start(), "Postgres did not start again; see {}", self.dir.join("server.log").display());
    }

    /// Stops the server (fast mode: open sessions are ended at once), as an outage would.
    pub fn stop(&self) {
        assert!(self.pg_ctl(&["-w", "-t", "60", "-m", "fast", "stop"]), "pg_ctl stop failed");
        wait_port(self.port, false);
    }

    /// URL of database `db` as the superuser.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates database `name` with Rolf's migrations applied; returns its URL.
    pub fn migrated_database(&self, name: &str) -> String {
        let mut admin = db::connect(&self.url("postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
        let url = self.url(name);
        db::migrate(&mut db::connect(&url).unwrap()).unwrap();
        url
    }
}

/// Waits up to 10 s until the port accepts connections (`open`) or refuses them.
fn wait_port(port: u16, open: bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() == open {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-w", "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
