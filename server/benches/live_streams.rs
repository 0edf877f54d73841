//! Benchmark (release build): the live stream at venue scale.
//!
//!     cargo bench -p kring --bench live_streams            (5,000 streams)
//!     STREAMS=1000 cargo bench -p kring --bench live_streams
//!
//! The real `kring` binary runs as a child process on a loopback port (so
//! its memory is its own), seeded with the demo event. Measured, in one run:
//! 1. the vote latency for 400 attendees voting at once, before any stream is
//!    open (the baseline);
//! 2. the server's memory per open stream (resident set before and after
//!    opening the streams, each having received its `hello`);
//! 3. the time from a vote, or a proposed topic, to each stream receiving the
//!    message (p50, p99 and the last client, over several rounds);
//! 4. the same 400-voter latency with every stream open, and the ratio to 1.
//!
//! Targets: a vote or a topic reaches the last client within 1 s (p99);
//! votes while the streams are open stay within 2x the baseline's p99.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

mod support;

use support::{pct, rss_kib, sorted};

const VOTERS: usize = 400;
const ROUNDS: usize = 10;

/// One vote from each voter, all at once; the HTTP latencies, sorted.
async fn vote_burst(base: &str, voters: &[reqwest::Client], topic: i64, on: bool) -> Vec<f64> {
    let tasks = voters.iter().map(|c| {
        let (c, base) = (c.clone(), base.to_string());
        tokio::spawn(async move {
            let (status, ms) = support::vote(&c, &base, topic, on).await;
            assert!((200..300).contains(&status), "vote: {status}");
            ms
        })
    });
    sorted(
        futures::future::join_all(tasks)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect(),
    )
}

/// Opens one stream; reports its `hello`, then every `votes`/`topic` message.
async fn stream(
    addr: String,
    id: usize,
    hello: mpsc::Sender<usize>,
    seen: mpsc::UnboundedSender<(usize, &'static str, Instant)>,
) {
    let Ok(mut s) = TcpStream::connect(&addr).await else {
        return;
    };
    let req =
        format!("GET /e/demo/live HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    if s.write_all(req.as_bytes()).await.is_err() {
        return;
    }
    let mut buf = vec![0u8; 2048];
    let mut said_hello = false;
    loop {
        let n = match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let now = Instant::now();
        let chunk = &buf[..n];
        let has = |needle: &[u8]| chunk.windows(needle.len()).any(|w| w == needle);
        if !said_hello && has(b"event: hello") {
            said_hello = true;
            let _ = hello.send(id).await;
        }
        if has(b"event: votes") {
            let _ = seen.send((id, "votes", now));
        }
        if has(b"event: topic") {
            let _ = seen.send((id, "topic", now));
        }
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let streams: usize = std::env::var("STREAMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let server = support::start().await;
    let pid = server.child.id();
    let base = server.base.clone();
    let addr = base.trim_start_matches("http://").to_string();

    let voters = support::join_many(&base, "Voter", VOTERS).await;
    // A topic to vote on: the demo's first.
    let topic = *support::demo_topics(&base)
        .await
        .first()
        .expect("a demo topic");

    // 1. Baseline: 400 voters at once, no stream open (5 bursts, 1 s apart).
    let mut base_votes = Vec::new();
    for r in 0..5 {
        base_votes.extend(vote_burst(&base, &voters, topic, r % 2 == 0).await);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    base_votes.sort_by(f64::total_cmp);

    // 2. Open the streams.
    let rss0 = rss_kib(pid);
    let (hello_tx, mut hello_rx) = mpsc::channel(streams);
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel();
    let t_open = Instant::now();
    for id in 0..streams {
        tokio::spawn(stream(addr.clone(), id, hello_tx.clone(), seen_tx.clone()));
        if id % 500 == 499 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let mut connected = 0;
    while connected < streams {
        match tokio::time::timeout(Duration::from_secs(60), hello_rx.recv()).await {
            Ok(Some(_)) => connected += 1,
            _ => break,
        }
    }
    let open_s = t_open.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss1 = rss_kib(pid);
    while seen_rx.try_recv().is_ok() {}

    // 3. Fan-out latency: one vote (or a proposal) → every stream.
    let one = voters[0].clone();
    let mut fanout: Vec<(&str, Vec<f64>)> = Vec::new();
    for round in 0..ROUNDS {
        let proposing = round % 2 == 1;
        let t0 = Instant::now();
        let r = if proposing {
            one.post(format!("{base}/api/propose"))
                .header("accept", "application/json")
                .header("origin", &base)
                .form(&[
                    ("slug", "demo"),
                    ("title", &format!("Bench topic {round}")),
                    ("description", ""),
                    ("tags", ""),
                ])
                .send()
                .await
                .unwrap()
        } else {
            one.post(format!("{base}/api/vote"))
                .header("accept", "application/json")
                .header("origin", &base)
                .form(&[
                    ("slug", "demo"),
                    ("topic_id", topic.to_string().as_str()),
                    ("on", if round % 4 == 0 { "true" } else { "false" }),
                ])
                .send()
                .await
                .unwrap()
        };
        assert!(r.status().is_success(), "{}", r.status());
        let want = if proposing { "topic" } else { "votes" };
        let mut got = vec![false; streams];
        let mut lat = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while lat.len() < connected && Instant::now() < deadline {
            match tokio::time::timeout(Duration::from_secs(10), seen_rx.recv()).await {
                Ok(Some((id, kind, at))) if kind == want && !got[id] => {
                    got[id] = true;
                    lat.push(at.duration_since(t0).as_secs_f64() * 1000.0);
                }
                Ok(Some(_)) => {}
                _ => break,
            }
        }
        lat.sort_by(f64::total_cmp);
        fanout.push((want, lat));
        tokio::time::sleep(Duration::from_millis(1_000)).await;
        while seen_rx.try_recv().is_ok() {}
    }

    // 4. 400 voters at once with every stream open.
    let mut loaded_votes = Vec::new();
    for r in 0..5 {
        loaded_votes.extend(vote_burst(&base, &voters, topic, r % 2 == 0).await);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    loaded_votes.sort_by(f64::total_cmp);
    let rss2 = rss_kib(pid);

    println!(
        "Live streams on the demo event: {connected} of {streams} streams open in {open_s:.1} s"
    );
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| server RSS before streams | {:.1} MiB |",
        rss0 as f64 / 1024.0
    );
    println!(
        "| server RSS with streams open | {:.1} MiB |",
        rss1 as f64 / 1024.0
    );
    println!(
        "| memory per open stream | {:.1} KiB |",
        (rss1.saturating_sub(rss0)) as f64 / connected.max(1) as f64
    );
    println!(
        "| server RSS after the vote bursts | {:.1} MiB |",
        rss2 as f64 / 1024.0
    );
    println!();
    println!("| round | message | clients reached | p50 ms | p99 ms | last ms |");
    println!("|---|---|---|---|---|---|");
    let mut p99s = Vec::new();
    for (i, (kind, lat)) in fanout.iter().enumerate() {
        println!(
            "| {} | {kind} | {} | {:.0} | {:.0} | {:.0} |",
            i + 1,
            lat.len(),
            pct(lat, 0.5),
            pct(lat, 0.99),
            lat.last().copied().unwrap_or(f64::NAN)
        );
        p99s.push(pct(lat, 0.99));
    }
    p99s.sort_by(f64::total_cmp);
    println!();
    println!(
        "Fan-out p99 over rounds: median {:.0} ms, worst {:.0} ms (target: under 1000 ms)",
        pct(&p99s, 0.5),
        p99s.last().copied().unwrap_or(f64::NAN)
    );
    println!();
    println!("| {VOTERS} voters at once | p50 ms | p99 ms |");
    println!("|---|---|---|");
    println!(
        "| no stream open (baseline) | {:.0} | {:.0} |",
        pct(&base_votes, 0.5),
        pct(&base_votes, 0.99)
    );
    println!(
        "| {connected} streams open | {:.0} | {:.0} |",
        pct(&loaded_votes, 0.5),
        pct(&loaded_votes, 0.99)
    );
    println!(
        "| ratio | {:.2} | {:.2} |",
        pct(&loaded_votes, 0.5) / pct(&base_votes, 0.5),
        pct(&loaded_votes, 0.99) / pct(&base_votes, 0.99)
    );
}
