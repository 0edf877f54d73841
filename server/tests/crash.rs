//! Nothing acknowledged is lost: the real `kring` binary on a database file,
//! a burst of votes and proposals from 40 attendees, SIGKILL in the middle of
//! it, a restart on the same file. Every vote and proposal that was answered
//! with success must be there; whatever was cut off must be absent or whole
//! (a topic with its proposer, a vote for a topic that exists), and the
//! database must pass SQLite's integrity and foreign-key checks.
//!
//! SQLite in WAL mode with `synchronous = NORMAL` keeps every committed
//! transaction when the process dies (only a power cut may lose the last
//! ones), and every write is one transaction: this test holds Kring to it.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ATTENDEES: usize = 40;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(db: &str, port: u16) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kring"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_OUTPUT_NAME", "kring")
        .env("DATABASE_URL", db)
        .env("KRING_SEED_DEMO", "false")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("start kring");
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/readyz")).await {
            if r.status().is_success() {
                return child;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("kring did not become ready");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn post(c: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> Option<String> {
    let r = c
        .post(url)
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .ok()?;
    let ok = r.status().is_success();
    let body = r.text().await.ok()?;
    ok.then_some(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_a_burst_loses_nothing_that_was_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/kring.db", dir.path().display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port).await;

    let org = client();
    post(
        &org,
        &format!("{base}/api/setup"),
        &[
            ("email", "org@example.org"),
            ("password", "correct horse battery"),
        ],
    )
    .await
    .expect("setup");
    post(
        &org,
        &format!("{base}/api/create_event"),
        &[
            ("name", "Crash"),
            ("slug", "crash"),
            ("timezone", "UTC"),
            ("start_date", "2026-10-26"),
            ("end_date", "2026-10-26"),
        ],
    )
    .await
    .expect("event");
    let mut people = Vec::new();
    for i in 0..ATTENDEES {
        let c = client();
        let name = format!("A{i}");
        post(
            &c,
            &format!("{base}/api/join"),
            &[("slug", "crash"), ("display_name", &name)],
        )
        .await
        .expect("join");
        people.push((name, c));
    }
    // A few topics to vote for before the burst.
    let mut first = Vec::new();
    for (i, (_, c)) in people.iter().take(5).enumerate() {
        let id = post(
            c,
            &format!("{base}/api/propose"),
            &[
                ("slug", "crash"),
                ("title", &format!("Seed topic {i}")),
                ("description", ""),
                ("tags", ""),
            ],
        )
        .await
        .expect("propose");
        first.push(id.trim().parse::<i64>().unwrap());
    }

    // The burst: every attendee proposes and votes as fast as it can; what
    // comes back with success is written down.
    let votes_acked = Arc::new(Mutex::new(HashSet::<(String, i64)>::new()));
    let topics_acked = Arc::new(Mutex::new(HashSet::<(String, i64)>::new()));
    let mut tasks = Vec::new();
    for (name, c) in people.clone() {
        let base = base.clone();
        let first = first.clone();
        let votes_acked = votes_acked.clone();
        let topics_acked = topics_acked.clone();
        tasks.push(tokio::spawn(async move {
            for round in 0..8 {
                let title = format!("{name} topic {round}");
                let id = match post(
                    &c,
                    &format!("{base}/api/propose"),
                    &[
                        ("slug", "crash"),
                        ("title", &title),
                        ("description", "x"),
                        ("tags", "burst"),
                    ],
                )
                .await
                {
                    Some(body) => body.trim().parse::<i64>().ok(),
                    None => return,
                };
                if let Some(id) = id {
                    topics_acked.lock().unwrap().insert((name.clone(), id));
                }
                let topic = first[round % first.len()];
                let topic_id = topic.to_string();
                let on = [
                    ("slug", "crash"),
                    ("topic_id", topic_id.as_str()),
                    ("on", "true"),
                ];
                if post(&c, &format!("{base}/api/vote"), &on).await.is_some() {
                    votes_acked.lock().unwrap().insert((name.clone(), topic));
                } else {
                    return;
                }
            }
        }));
    }
    // Let the burst get going, then kill the server in the middle of it.
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if topics_acked.lock().unwrap().len() >= ATTENDEES {
            break;
        }
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let votes_acked = votes_acked.lock().unwrap().clone();
    let topics_acked = topics_acked.lock().unwrap().clone();
    assert!(topics_acked.len() >= ATTENDEES, "the burst ran");
    assert!(
        topics_acked.len() < ATTENDEES * 8,
        "the kill came before the burst ended ({} proposals answered)",
        topics_acked.len()
    );

    // Restart on the same file.
    let mut server = start(&db, port).await;
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(fk.is_empty(), "foreign keys broken in {fk:?}");
    // Every acknowledged proposal is there, with its proposer.
    let stored: HashSet<(String, i64)> = sqlx::query_as::<_, (String, i64)>(
        "SELECT a.display_name, t.id FROM topics t
         JOIN topic_hosts h ON h.topic_id = t.id AND h.role = 'proposer'
         JOIN attendees a ON a.id = h.attendee_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let lost: Vec<_> = topics_acked.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged proposals lost: {lost:?}");
    // Nothing half-written: no topic without its proposer.
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM topics t WHERE NOT EXISTS
           (SELECT 1 FROM topic_hosts h WHERE h.topic_id = t.id AND h.role = 'proposer')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    // Every acknowledged vote is there.
    let votes: HashSet<(String, i64)> = sqlx::query_as::<_, (String, i64)>(
        "SELECT a.display_name, v.topic_id FROM votes v JOIN attendees a ON a.id = v.attendee_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let lost: Vec<_> = votes_acked.difference(&votes).collect();
    assert!(lost.is_empty(), "acknowledged votes lost: {lost:?}");
    eprintln!(
        "killed after {} proposals and {} votes were acknowledged; {} topics and {} votes stored",
        topics_acked.len(),
        votes_acked.len(),
        stored.len(),
        votes.len()
    );
    // And the restarted server takes new votes.
    let c = &people[0].1;
    post(
        c,
        &format!("{base}/api/vote"),
        &[
            ("slug", "crash"),
            ("topic_id", &first[4].to_string()),
            ("on", "true"),
        ],
    )
    .await
    .expect("vote after restart");
    pool.close().await;
    server.kill().unwrap();
    server.wait().unwrap();
}
