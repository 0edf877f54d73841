//! What the benchmarks that drive the real `kring` binary share: starting it
//! on a loopback port with the demo event, joining attendees, percentiles and
//! the server's resident memory. The binary runs as a child process so that
//! its memory and CPU are its own, not the load generator's.

#![allow(dead_code)]

use std::time::Duration;

/// The `p` quantile (0..=1) of already sorted values; NaN when empty.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Sorts latencies in place and returns them (NaN-safe).
pub fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// The resident set of a process, in KiB (0 when unknown).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The real server, killed when dropped; its database lives in `dir`.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
    pub dir: tempfile::TempDir,
}

impl Server {
    /// The SQLite file the server writes to.
    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("kring.db")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `kring` with the demo event seeded and waits until it answers.
pub async fn start() -> Server {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kring"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_OUTPUT_NAME", "kring")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/kring.db", dir.path().display()),
        )
        .env("KRING_SEED_DEMO", "true")
        .env("KRING_DEMO_PASSWORD", "bench-password")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start kring");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{base}/readyz")).await {
            if r.status().is_success() {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Server { child, base, dir }
}

/// A client with its own cookie jar (one attendee's phone).
pub fn phone() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(1)
        .build()
        .unwrap()
}

/// `n` attendees of the demo named `{prefix} {i}`, each with its own session.
pub async fn join_many(base: &str, prefix: &str, n: usize) -> Vec<reqwest::Client> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = phone();
        let r = c
            .post(format!("{base}/api/join"))
            .header("accept", "application/json")
            .header("origin", base)
            .form(&[("slug", "demo"), ("display_name", &format!("{prefix} {i}"))])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "join: {}", r.status());
        out.push(c);
    }
    out
}

/// The ids of the demo's open topics, in the public API's order.
pub async fn demo_topics(base: &str) -> Vec<i64> {
    let v: serde_json::Value = reqwest::get(format!("{base}/api/v1/events/demo/topics"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "open")
        .filter_map(|t| t["id"].as_i64())
        .collect()
}

/// Sets or clears one vote; the status and the latency in ms.
pub async fn vote(c: &reqwest::Client, base: &str, topic: i64, on: bool) -> (u16, f64) {
    let t = std::time::Instant::now();
    let r = c
        .post(format!("{base}/api/vote"))
        .header("accept", "application/json")
        .header("origin", base)
        .form(&[
            ("slug", "demo"),
            ("topic_id", topic.to_string().as_str()),
            ("on", if on { "true" } else { "false" }),
        ])
        .send()
        .await;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    match r {
        Ok(r) => (r.status().as_u16(), ms),
        Err(_) => (0, ms),
    }
}
