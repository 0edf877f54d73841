//! Benchmark (release build): what one attendee request costs the server, with
//! no network and no concurrency, so that changes to rendering and queries can
//! be compared on a noisy machine.
//!
//!     cargo bench -p kring --bench page_cost
//!
//! The demo event (40 topics, ~900 votes) and one joined attendee; requests go
//! through the real router (`tower::ServiceExt::oneshot`), sessions and all.
//! Reported: median and worst-round wall time per request over several
//! rounds, and the size of the topic list's HTML, plain and as a browser
//! gets it (brotli: the router compresses pages for browsers that ask, and
//! the row with `Accept-Encoding` says what that costs), and of the join
//! page that a visitor who has not joined yet gets (the QR code's page). Under a burst of
//! simultaneous requests latency is roughly queue length × this cost, which
//! is why it matters.

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::Instant;
use support::{pct, sorted};

const ROUNDS: usize = 7;
const PER_ROUND: usize = 300;
/// The `Accept-Encoding` a browser sends.
const BROWSER: &str = "gzip, deflate, br, zstd";

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let app = common::app_without_limits().await;
    app::server::seed::seed_demo(&app.state.pool, &app.state.config.public_url, None)
        .await
        .unwrap();
    let join = app
        .call("join", None, &[("slug", "demo"), ("display_name", "Bench")])
        .await;
    assert!(join.status < 400, "{}", join.body);
    let cookie = join.cookie().expect("cookie");
    let topic: i64 = sqlx::query_scalar(
        "SELECT t.id FROM topics t JOIN events e ON e.id = t.event_id WHERE e.slug = 'demo' AND t.status = 'open' LIMIT 1",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    let topic = topic.to_string();

    let page = app.get("/e/demo", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    let html_bytes = page.body.len();
    let visitor_page = app.get("/e/demo", None).await;
    assert_eq!(visitor_page.status, 200);
    assert!(visitor_page.body.contains("Join in"));
    let visitor_bytes = visitor_page.body.len();
    let sent = |encoding: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            let resp = app
                .get_response(
                    "/e/demo",
                    &[("cookie", cookie.as_str()), ("accept-encoding", encoding)],
                )
                .await;
            assert_eq!(resp.status(), 200);
            let enc = resp.headers().get("content-encoding").cloned();
            let body = http_body_util::BodyExt::collect(resp.into_body())
                .await
                .unwrap()
                .to_bytes();
            (enc, body.len())
        }
    };
    let (enc, br_bytes) = sent(BROWSER).await;
    assert_eq!(enc.as_ref().map(|v| v.as_bytes()), Some(&b"br"[..]));
    let (enc, gz_bytes) = sent("gzip").await;
    assert_eq!(enc.as_ref().map(|v| v.as_bytes()), Some(&b"gzip"[..]));

    let (mut pages, mut votes, mut schedule) = (Vec::new(), Vec::new(), Vec::new());
    let (mut compressed, mut visitor) = (Vec::new(), Vec::new());
    let mut on = true;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..PER_ROUND {
            let r = app.get("/e/demo", Some(&cookie)).await;
            assert_eq!(r.status, 200);
        }
        pages.push(t.elapsed().as_secs_f64() * 1e6 / PER_ROUND as f64);
        let t = Instant::now();
        for _ in 0..PER_ROUND {
            let r = app
                .get_with(
                    "/e/demo",
                    &[("cookie", cookie.as_str()), ("accept-encoding", BROWSER)],
                )
                .await;
            assert_eq!(r.status, 200);
        }
        compressed.push(t.elapsed().as_secs_f64() * 1e6 / PER_ROUND as f64);
        let t = Instant::now();
        for _ in 0..PER_ROUND {
            let r = app
                .call(
                    "vote",
                    Some(&cookie),
                    &[
                        ("slug", "demo"),
                        ("topic_id", &topic),
                        ("on", if on { "true" } else { "false" }),
                    ],
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            on = !on;
        }
        votes.push(t.elapsed().as_secs_f64() * 1e6 / PER_ROUND as f64);
        let t = Instant::now();
        for _ in 0..PER_ROUND / 3 {
            let r = app.get("/e/demo/schedule", Some(&cookie)).await;
            assert_eq!(r.status, 200);
        }
        schedule.push(t.elapsed().as_secs_f64() * 1e6 / (PER_ROUND / 3) as f64);
        let t = Instant::now();
        for _ in 0..PER_ROUND / 3 {
            let r = app.get("/e/demo", None).await;
            assert_eq!(r.status, 200);
        }
        visitor.push(t.elapsed().as_secs_f64() * 1e6 / (PER_ROUND / 3) as f64);
    }
    let (pages, votes, schedule) = (sorted(pages), sorted(votes), sorted(schedule));
    let (compressed, visitor) = (sorted(compressed), sorted(visitor));
    println!(
        "Cost of one request on the demo event (one worker thread, in process, {ROUNDS} rounds)"
    );
    println!();
    println!("| request | median µs | worst round µs |");
    println!("|---|---|---|");
    for (name, v) in [
        ("GET /e/demo (topic list, {html_bytes} bytes)", &pages),
        (
            "GET /e/demo as a browser asks ({br_bytes} bytes of brotli; gzip {gz_bytes})",
            &compressed,
        ),
        ("POST /api/vote", &votes),
        ("GET /e/demo/schedule", &schedule),
        (
            "GET /e/demo, a visitor who has not joined ({visitor_bytes} bytes)",
            &visitor,
        ),
    ] {
        println!(
            "| {} | {:.0} | {:.0} |",
            name.replace("{html_bytes}", &html_bytes.to_string())
                .replace("{br_bytes}", &br_bytes.to_string())
                .replace("{gz_bytes}", &gz_bytes.to_string())
                .replace("{visitor_bytes}", &visitor_bytes.to_string()),
            pct(v, 0.5),
            pct(v, 1.0)
        );
    }
}
