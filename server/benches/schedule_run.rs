//! Benchmark (release build): the scheduler on the demo event while 200
//! attendees load pages and vote.
//!
//!     cargo bench -p kring --bench schedule_run
//!
//! A real server on a loopback port. Phase 1 (baseline, same run): 200
//! attendees, each with its own session, load the topic list and toggle a vote
//! in a loop for 10 s. Phase 2: the same load while the organizer runs the
//! scheduler with a 10 s limit. Three paces of arrival: spread (once a second
//! each, at random moments), burst (all together on the second) and
//! saturation. Reported: time from "Run" to the stored draft,
//! and page-load and vote latencies (p50, p99) in both phases, with ratios.
//! Targets: draft stored within limit + 2 s; p99 under 100 ms during the run.

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use support::pct;

use std::time::{Duration, Instant};

const ATTENDEES: usize = 200;
const PHASE: Duration = Duration::from_secs(10);
const LIMIT: u64 = 10;

struct Load {
    pages: Vec<f64>,
    votes: Vec<f64>,
    errors: usize,
    /// Refused with 429 by the per-address ceiling (every client here comes
    /// from 127.0.0.1): by design at saturation, not a fault.
    limited: usize,
}

/// How the attendees' requests arrive.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pace {
    /// Each attendee loads and votes once a second, at a random moment in
    /// that second (a new one every second): 200 people at a human pace.
    Spread,
    /// All attendees fire together on the second: the worst case of the same
    /// rate, 200 page renders queued at one instant.
    Burst,
    /// Each attendee loads and votes again as soon as answered.
    Saturation,
}

/// Every client loads the topic list and toggles a vote, then again, at
/// `pace`.
async fn load(
    base: &str,
    clients: &[reqwest::Client],
    topics: &[i64],
    until: Instant,
    pace: Pace,
) -> Load {
    let start = Instant::now();
    let tasks = clients.iter().enumerate().map(|(i, c)| {
        let c = c.clone();
        let base = base.to_string();
        let topic = topics[i % topics.len()].to_string();
        tokio::spawn(async move {
            let (mut pages, mut votes, mut errors, mut limited) =
                (Vec::new(), Vec::new(), 0usize, 0usize);
            let mut on = true;
            let mut tick = 0u32;
            // A small deterministic generator (xorshift), one per client.
            let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ ((i as u64 + 1) * 0xBF58_476D_1CE4_E5B9);
            while Instant::now() < until {
                if pace != Pace::Saturation {
                    let offset = if pace == Pace::Spread {
                        rng ^= rng << 13;
                        rng ^= rng >> 7;
                        rng ^= rng << 17;
                        Duration::from_micros(rng % 1_000_000)
                    } else {
                        Duration::ZERO
                    };
                    tokio::time::sleep_until(
                        (start + Duration::from_secs(u64::from(tick)) + offset).into(),
                    )
                    .await;
                    tick += 1;
                    if Instant::now() >= until {
                        break;
                    }
                }
                let t = Instant::now();
                match c.get(format!("{base}/e/demo")).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        pages.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => limited += 1,
                    _ => errors += 1,
                }
                let t = Instant::now();
                let r = c
                    .post(format!("{base}/api/vote"))
                    .header("accept", "application/json")
                    .form(&[
                        ("slug", "demo"),
                        ("topic_id", topic.as_str()),
                        ("on", if on { "true" } else { "false" }),
                    ])
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        votes.push(t.elapsed().as_secs_f64() * 1000.0)
                    }
                    Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => limited += 1,
                    _ => errors += 1,
                }
                on = !on;
            }
            (pages, votes, errors, limited)
        })
    });
    let mut out = Load {
        pages: Vec::new(),
        votes: Vec::new(),
        errors: 0,
        limited: 0,
    };
    for r in futures::future::join_all(tasks).await {
        let (p, v, e, l) = r.unwrap();
        out.pages.extend(p);
        out.votes.extend(v);
        out.errors += e;
        out.limited += l;
    }
    out.pages.sort_by(f64::total_cmp);
    out.votes.sort_by(f64::total_cmp);
    out
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = common::app_with_addr(&addr.to_string()).await;
    app::server::seed::seed_demo(
        &app.state.pool,
        &app.state.config.public_url,
        Some("bench-password"),
    )
    .await
    .unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router.into_make_service()).await });
    let base = format!("http://{addr}");

    let org = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let r = org
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .form(&[
            ("email", "organizer@kring.local"),
            ("password", "bench-password"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    let mut clients = Vec::new();
    for i in 0..ATTENDEES {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let r = c
            .post(format!("{base}/api/join"))
            .header("accept", "application/json")
            .form(&[("slug", "demo"), ("display_name", &format!("Bench {i}"))])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        clients.push(c);
    }
    let topics: Vec<i64> = sqlx::query_scalar(
        "SELECT t.id FROM topics t JOIN events e ON e.id = t.event_id WHERE e.slug = 'demo' AND t.status = 'open'",
    )
    .fetch_all(&app.state.pool)
    .await
    .unwrap();
    let event_id: i64 = sqlx::query_scalar("SELECT id FROM events WHERE slug = 'demo'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();

    // The engine alone, for the quality it reaches without attendees.
    let run = |org: reqwest::Client, base: String| async move {
        let r = org
            .post(format!("{base}/api/run_scheduler"))
            .header("accept", "application/json")
            .form(&[("slug", "demo"), ("time_limit", &LIMIT.to_string())])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{:?}", r.text().await);
    };
    run(org.clone(), base.clone()).await;
    let quiet = app.state.jobs.wait(event_id).await.unwrap();
    assert!(quiet.error.is_none(), "{quiet:?}");

    let mut report = Vec::new();
    for pace in [Pace::Spread, Pace::Burst, Pace::Saturation] {
        // Phase 1: the baseline, no scheduler running.
        let base_load = load(&base, &clients, &topics, Instant::now() + PHASE, pace).await;
        // Phase 2: the scheduler runs meanwhile.
        let t0 = Instant::now();
        run(org.clone(), base.clone()).await;
        let during = load(&base, &clients, &topics, t0 + PHASE, pace).await;
        let job = app.state.jobs.wait(event_id).await.unwrap();
        assert!(job.error.is_none(), "{job:?}");
        report.push((pace, base_load, during, job));
    }

    println!("Scheduler on the demo event ({} topics, 8 rooms × 6 slots), {ATTENDEES} attendees loading the topic list and voting", topics.len());
    println!();
    println!(
        "Without attendees: stored draft after {:.2} s, {} unserved votes.",
        quiet.elapsed_seconds,
        quiet.best_unserved.unwrap_or_default()
    );
    for (pace, base_load, during, job) in report {
        println!();
        println!(
            "{}",
            match pace {
                Pace::Spread => "Spread: each of the 200 attendees loads the page and votes once a second, at a random moment in each second",
                Pace::Burst => "Burst: all 200 attendees fire a page load and a vote together once a second",
                Pace::Saturation => "Saturation: each attendee loads and votes again as soon as answered",
            }
        );
        println!();
        println!("| measure | baseline | during the run | ratio |");
        println!("|---|---|---|---|");
        for (name, a, b) in [
            (
                "page load p50 (ms)",
                pct(&base_load.pages, 0.5),
                pct(&during.pages, 0.5),
            ),
            (
                "page load p99 (ms)",
                pct(&base_load.pages, 0.99),
                pct(&during.pages, 0.99),
            ),
            (
                "vote p50 (ms)",
                pct(&base_load.votes, 0.5),
                pct(&during.votes, 0.5),
            ),
            (
                "vote p99 (ms)",
                pct(&base_load.votes, 0.99),
                pct(&during.votes, 0.99),
            ),
        ] {
            println!("| {name} | {a:.1} | {b:.1} | {:.2} |", b / a);
        }
        println!(
            "| requests answered (errors; 429 from the per-address ceiling) | {} ({}; {}) | {} ({}; {}) | |",
            base_load.pages.len() + base_load.votes.len(),
            base_load.errors,
            base_load.limited,
            during.pages.len() + during.votes.len(),
            during.errors,
            during.limited
        );
        println!();
        println!(
            "Run → stored draft: {:.2} s with a {LIMIT} s limit (target ≤ {} s): {}; {} unserved votes (without attendees: {})",
            job.elapsed_seconds,
            LIMIT + 2,
            if job.elapsed_seconds <= (LIMIT + 2) as f64 {
                "met"
            } else {
                "NOT met"
            },
            job.best_unserved.unwrap_or_default(),
            quiet.best_unserved.unwrap_or_default(),
        );
        let p99 = pct(&during.pages, 0.99).max(pct(&during.votes, 0.99));
        println!(
            "p99 during the run: {p99:.1} ms (target < 100 ms): {}",
            if p99 < 100.0 { "met" } else { "NOT met" }
        );
    }
}
