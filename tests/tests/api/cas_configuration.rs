//! A malformed `CAS_URL` stops `rolf-api serve` at start with a message naming it; no request ever meets it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rolf_tests::{TestDb, bin, redis_url};

#[tokio::test]
async fn a_malformed_cas_url_stops_serve_naming_it() {
    let db = TestDb::create().await;
    for bad in ["https://exa mple.org/cas", "https://[::1/cas", "https://sso.example.org:99999/cas", "https://"] {
        let mut child = Command::new(bin("rolf-api"))
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("ROLF_JWT_SECRET", "0123456789abcdef0123456789abcdef")
            .env("ROLF_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", &db.url)
            .env("REDIS_URL", redis_url())
            .env("CAS_URL", bad)
            .env("CAS_ALLOWED_SERVICES", "https://rolf.example.org/")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                // Our own child, still running: it accepted the URL.
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("serve started with CAS_URL={bad:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(!status.success(), "{bad}: {stderr}");
        assert!(stderr.contains("CAS_URL"), "{bad}: stderr does not name CAS_URL: {stderr}");
    }
}
