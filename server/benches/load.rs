//! Benchmark (release build): attendees voting and loading pages at a steady
//! rate, and in bursts (issue 10).
//!
//!     cargo bench -p kring --bench load
//!     RATE=200 SECONDS=60 cargo bench -p kring --bench load   (the defaults)
//!
//! The real `kring` binary runs as a child process on a loopback port with
//! the demo event; 400 attendees join it, each with its own session, all
//! from one address (a venue behind NAT, so the per-address ceilings are in
//! play). Measured, in one run:
//! 1. a baseline at a tenth of the rate (10 s);
//! 2. the sustained load: `RATE` votes per second for `SECONDS` seconds, each
//!    attendee voting every 400/RATE seconds (set, then clear, a topic), with
//!    one attendee page load (the server-rendered topic list) for every ten
//!    votes. Open loop: requests leave at their scheduled time whether or not
//!    earlier ones were answered, and a latency counts from that scheduled
//!    time, so a stalled server cannot hide its queue;
//! 3. a burst of 2,000 votes fired at once (five new topics per attendee);
//! 4. 400 simultaneous page loads, one per attendee.
//!
//! After phases 2 and 3 the votes table is compared with what the answered
//! requests should have left: every acknowledged vote is there exactly once
//! and nothing else is. Targets (issue 10): no errors; p99 under 50 ms in the
//! sustained phase on a 2-core machine.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use support::{pct, sorted};

const ATTENDEES: usize = 400;
const PREFIX: &str = "Load";

#[derive(Default)]
struct Phase {
    votes: Vec<f64>,
    pages: Vec<f64>,
    errors: Vec<u16>,
    wall: f64,
}

impl Phase {
    fn row(&self, name: &str) -> String {
        let votes = sorted(self.votes.clone());
        let pages = sorted(self.pages.clone());
        format!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {} | {:.0} |",
            votes.len(),
            pct(&votes, 0.5),
            pct(&votes, 0.99),
            votes.last().copied().unwrap_or(f64::NAN),
            pages.len(),
            pct(&pages, 0.5),
            pct(&pages, 0.99),
            pages.last().copied().unwrap_or(f64::NAN),
            self.errors.len(),
            (votes.len() + pages.len()) as f64 / self.wall.max(1e-9),
        )
    }
}

enum Done {
    /// (sequence number, attendee, topic, set?, status, ms)
    Vote(usize, usize, i64, bool, u16, f64),
    Page(u16, f64),
}

async fn page(c: &reqwest::Client, base: &str) -> (u16, f64) {
    let t = Instant::now();
    let r = c
        .get(format!("{base}/e/demo"))
        .header("accept", "text/html")
        .send()
        .await;
    let status = match r {
        // The whole page, as a phone would read it.
        Ok(r) => {
            let s = r.status().as_u16();
            match r.bytes().await {
                Ok(_) => s,
                Err(_) => 0,
            }
        }
        Err(_) => 0,
    };
    (status, t.elapsed().as_secs_f64() * 1000.0)
}

/// Open-loop steady load: `rate` votes per second for `secs` seconds, and a
/// page load after every tenth vote. Attendee `k % 400` casts vote `k`; an
/// attendee alternates between setting and clearing one topic, moving on to
/// the next topic after each pair. `expected` is updated as votes succeed.
async fn steady(
    base: &str,
    phones: &[reqwest::Client],
    topics: &[i64],
    rate: f64,
    secs: f64,
    counter: &mut [usize],
    expected: &mut BTreeSet<(usize, i64)>,
) -> Phase {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let total = (rate * secs).round() as usize;
    let t0 = Instant::now();
    for k in 0..total {
        let due = t0 + Duration::from_secs_f64(k as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let who = k % phones.len();
        let n = counter[who];
        counter[who] += 1;
        let topic = topics[(who + n / 2) % topics.len()];
        let on = n.is_multiple_of(2);
        let (c, b, done) = (phones[who].clone(), base.to_string(), tx.clone());
        tokio::spawn(async move {
            let (status, _) = support::vote(&c, &b, topic, on).await;
            let ms = due.elapsed().as_secs_f64() * 1000.0;
            let _ = done.send(Done::Vote(k, who, topic, on, status, ms));
        });
        if k % 10 == 5 {
            let c = phones[(who * 7 + 3) % phones.len()].clone();
            let (b, done) = (base.to_string(), tx.clone());
            tokio::spawn(async move {
                let (status, _) = page(&c, &b).await;
                let ms = due.elapsed().as_secs_f64() * 1000.0;
                let _ = done.send(Done::Page(status, ms));
            });
        }
    }
    drop(tx);
    let mut out = Phase::default();
    // Votes of one attendee are 400/rate seconds apart, so they are answered
    // in the order they were sent; apply them in that order.
    let mut answered: Vec<(usize, usize, i64, bool)> = Vec::new();
    while let Some(d) = rx.recv().await {
        match d {
            Done::Vote(k, who, topic, on, status, ms) => {
                if (200..300).contains(&status) {
                    out.votes.push(ms);
                    answered.push((k, who, topic, on));
                } else {
                    out.errors.push(status);
                }
            }
            Done::Page(status, ms) => {
                if status == 200 {
                    out.pages.push(ms);
                } else {
                    out.errors.push(status);
                }
            }
        }
    }
    out.wall = t0.elapsed().as_secs_f64();
    apply(expected, answered);
    out
}

fn apply(expected: &mut BTreeSet<(usize, i64)>, mut answered: Vec<(usize, usize, i64, bool)>) {
    // In the order they were sent.
    answered.sort_by_key(|a| a.0);
    for (_, who, topic, on) in answered {
        if on {
            expected.insert((who, topic));
        } else {
            expected.remove(&(who, topic));
        }
    }
}

/// Every attendee sets `per` votes on topics they have not voted for, all at once.
async fn vote_burst(
    base: &str,
    phones: &[reqwest::Client],
    topics: &[i64],
    per: usize,
    expected: &mut BTreeSet<(usize, i64)>,
) -> Phase {
    let mut jobs = Vec::new();
    for (who, c) in phones.iter().enumerate() {
        let fresh = topics
            .iter()
            .cycle()
            .skip(who % topics.len())
            .take(topics.len())
            .filter(|t| !expected.contains(&(who, **t)))
            .take(per);
        for &topic in fresh {
            jobs.push((who, topic, c.clone()));
        }
    }
    let t0 = Instant::now();
    let tasks = jobs.into_iter().map(|(who, topic, c)| {
        let b = base.to_string();
        tokio::spawn(async move {
            let (status, ms) = support::vote(&c, &b, topic, true).await;
            (who, topic, status, ms)
        })
    });
    let results = futures::future::join_all(tasks).await;
    let mut out = Phase {
        wall: t0.elapsed().as_secs_f64(),
        ..Phase::default()
    };
    for r in results {
        let (who, topic, status, ms) = r.unwrap();
        if (200..300).contains(&status) {
            out.votes.push(ms);
            expected.insert((who, topic));
        } else {
            out.errors.push(status);
        }
    }
    out
}

/// Every attendee loads the topic list, all at once.
async fn page_burst(base: &str, phones: &[reqwest::Client]) -> Phase {
    let t0 = Instant::now();
    let tasks = phones.iter().map(|c| {
        let (c, b) = (c.clone(), base.to_string());
        tokio::spawn(async move { page(&c, &b).await })
    });
    let results = futures::future::join_all(tasks).await;
    let mut out = Phase {
        wall: t0.elapsed().as_secs_f64(),
        ..Phase::default()
    };
    for r in results {
        let (status, ms) = r.unwrap();
        if status == 200 {
            out.pages.push(ms);
        } else {
            out.errors.push(status);
        }
    }
    out
}

/// The bench attendees' votes as stored: (attendee index, topic), and the
/// number of rows (a duplicate would make it larger than the set).
async fn stored(db: &std::path::Path) -> (BTreeSet<(usize, i64)>, usize) {
    use sqlx::Row;
    // The server's own connection settings (WAL), so this reader sees every
    // committed write while the server runs.
    let opts = app::server::db::connect_options(&format!("sqlite://{}", db.display())).unwrap();
    let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
    let rows = sqlx::query(
        "SELECT a.display_name, v.topic_id FROM votes v \
         JOIN attendees a ON a.id = v.attendee_id WHERE a.display_name LIKE ?",
    )
    .bind(format!("{PREFIX} %"))
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    let n = rows.len();
    let set = rows
        .into_iter()
        .map(|r| {
            let name: String = r.get(0);
            let who: usize = name[PREFIX.len() + 1..].parse().unwrap();
            (who, r.get::<i64, _>(1))
        })
        .collect();
    (set, n)
}

fn check(label: &str, expected: &BTreeSet<(usize, i64)>, got: &(BTreeSet<(usize, i64)>, usize)) {
    let missing = expected.difference(&got.0).count();
    let extra = got.0.difference(expected).count();
    let dup = got.1 - got.0.len();
    println!(
        "- after {label}: {} votes expected, {} stored; missing {missing}, unexpected {extra}, duplicated {dup}",
        expected.len(),
        got.1
    );
    assert!(
        missing == 0 && extra == 0 && dup == 0,
        "the stored votes differ from the acknowledged ones"
    );
}

fn errors(p: &Phase) -> String {
    let mut by: HashMap<u16, usize> = HashMap::new();
    for e in &p.errors {
        *by.entry(*e).or_default() += 1;
    }
    if by.is_empty() {
        "none".into()
    } else {
        format!("{by:?}")
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let env = |k: &str, d: f64| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let rate = env("RATE", 200.0);
    let secs = env("SECONDS", 60.0);

    let server = support::start().await;
    let base = server.base.clone();
    let t_join = Instant::now();
    let phones = support::join_many(&base, PREFIX, ATTENDEES).await;
    let join_s = t_join.elapsed().as_secs_f64();
    let topics = support::demo_topics(&base).await;
    assert!(topics.len() >= 10, "the demo has open topics");

    let mut counter = vec![0usize; ATTENDEES];
    let mut expected = BTreeSet::new();
    let base_phase = steady(
        &base,
        &phones,
        &topics,
        rate / 10.0,
        10.0,
        &mut counter,
        &mut expected,
    )
    .await;
    let sustained = steady(
        &base,
        &phones,
        &topics,
        rate,
        secs,
        &mut counter,
        &mut expected,
    )
    .await;
    let after_steady = stored(&server.db_path()).await;
    let expected_steady = expected.clone();
    let burst = vote_burst(&base, &phones, &topics, 5, &mut expected).await;
    let after_burst = stored(&server.db_path()).await;
    let pages = page_burst(&base, &phones).await;

    println!(
        "Load on the demo event ({} topics): {ATTENDEES} attendees from one address joined in {join_s:.1} s",
        topics.len()
    );
    println!();
    println!(
        "| phase | votes | vote p50 ms | vote p99 ms | vote max ms | pages | page p50 ms | page p99 ms | page max ms | errors | requests/s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "{}",
        base_phase.row(&format!("baseline: {:.0} votes/s, 10 s", rate / 10.0))
    );
    println!(
        "{}",
        sustained.row(&format!("sustained: {rate:.0} votes/s, {secs:.0} s"))
    );
    println!("{}", burst.row("burst: 2,000 votes at once"));
    println!("{}", pages.row("burst: 400 page loads at once"));
    println!();
    let (sv, bv) = (
        sorted(sustained.votes.clone()),
        sorted(base_phase.votes.clone()),
    );
    let (sp, bp) = (
        sorted(sustained.pages.clone()),
        sorted(base_phase.pages.clone()),
    );
    println!(
        "Sustained against baseline, p99: votes {:.2}x, pages {:.2}x. Errors: baseline {}, sustained {}, vote burst {}, page burst {}.",
        pct(&sv, 0.99) / pct(&bv, 0.99),
        pct(&sp, 0.99) / pct(&bp, 0.99),
        errors(&base_phase),
        errors(&sustained),
        errors(&burst),
        errors(&pages),
    );
    println!(
        "Vote burst: {} votes answered in {:.2} s ({:.0} votes/s).",
        burst.votes.len(),
        burst.wall,
        burst.votes.len() as f64 / burst.wall
    );
    println!(
        "Page burst: {} pages served in {:.2} s ({:.0} pages/s).",
        pages.pages.len(),
        pages.wall,
        pages.pages.len() as f64 / pages.wall
    );
    println!();
    println!("Votes stored against votes acknowledged (read from the database):");
    check("the steady phases", &expected_steady, &after_steady);
    check("the vote burst", &expected, &after_burst);
    let all = sustained
        .votes
        .iter()
        .chain(&sustained.pages)
        .copied()
        .collect();
    let all = sorted(all);
    println!();
    println!(
        "Target: sustained p99 under 50 ms with 0 errors: {} (p99 of all sustained requests {:.1} ms).",
        if pct(&all, 0.99) < 50.0 && sustained.errors.is_empty() {
            "met"
        } else {
            "NOT met"
        },
        pct(&all, 0.99)
    );
}
