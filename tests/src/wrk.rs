//! wrk (Debian's package) as the bench's HTTP load generator: a C client on its own threads loads the API far
//! less than a Rust client sharing the API's runtime would, so the figure is the server's.

use std::process::Command;

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Load {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers other than 2xx/3xx: a load figure made of errors would mean nothing.
    pub failed: u64,
}

/// Runs `wrk -t2 -c<connections> -d<seconds>s --latency` against `url`, with a bearer token when given.
pub fn run(url: &str, token: Option<&str>, connections: u32, seconds: u32) -> Load {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency"]);
    if let Some(token) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
    }
    let out = cmd.arg(url).output().unwrap_or_else(|e| panic!("running wrk (apt-get install wrk): {e}"));
    assert!(out.status.success(), "wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// A latency as wrk prints it (`812.00us`, `25.50ms`, `1.02s`), in milliseconds.
fn millis(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn parse(output: &str) -> Load {
    let mut load = Load { requests_per_second: f64::NAN, p50_ms: f64::NAN, p99_ms: f64::NAN, failed: 0 };
    for line in output.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", rps] => load.requests_per_second = rps.parse().unwrap_or(f64::NAN),
            ["50%", latency] => load.p50_ms = millis(latency),
            ["99%", latency] => load.p99_ms = millis(latency),
            ["Non-2xx", "or", "3xx", "responses:", n] => load.failed = n.parse().unwrap_or(u64::MAX),
            _ => {}
        }
    }
    load
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_figures() {
        let output = "Running 8s test @ http://127.0.0.1:1/healthz
  2 threads and 64 connections
  Latency Distribution
     50%  812.00us
     75%    1.50ms
     90%    3.00ms
     99%   25.50ms
  1000 requests in 8.00s, 100.00KB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2087.28
Transfer/sec:    100.00KB
";
        let load = parse(output);
        assert_eq!(load.requests_per_second, 2087.28);
        assert!((load.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(load.p99_ms, 25.5);
        assert_eq!(load.failed, 3);
        assert_eq!(millis("1.02s"), 1020.0);
    }
}
