//! No lost votes: a real server on a loopback port, 400 attendees with their own
//! sessions, and 400 votes fired at once at the same topic (the worst case for
//! SQLite's single writer). Every request must succeed and every vote must be
//! counted exactly once.

mod common;

use std::time::Instant;

const ATTENDEES: usize = 400;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_hundred_concurrent_votes_are_all_counted_once() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = common::app_with_addr(&addr.to_string()).await;
    let router = app.router.clone();
    let server =
        tokio::spawn(async move { axum::serve(listener, router.into_make_service()).await });
    let base = format!("http://{addr}");

    // Organizer, event and one topic.
    let org = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let r = org
        .post(format!("{base}/api/setup"))
        .form(&[
            ("email", "org@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().as_u16() < 400);
    let r = org
        .post(format!("{base}/api/create_event"))
        .header("accept", "application/json")
        .form(&[
            ("name", "Load"),
            ("slug", "load"),
            ("timezone", "UTC"),
            ("start_date", "2026-10-26"),
            ("end_date", "2026-10-26"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{:?}", r.text().await);

    // 400 attendees join, each with its own cookie jar (its own session).
    let mut clients = Vec::new();
    for _ in 0..ATTENDEES {
        clients.push(
            reqwest::Client::builder()
                .cookie_store(true)
                .pool_max_idle_per_host(1)
                .build()
                .unwrap(),
        );
    }
    let joins = clients.iter().enumerate().map(|(i, c)| {
        let c = c.clone();
        let base = base.clone();
        tokio::spawn(async move {
            c.post(format!("{base}/api/join"))
                .header("accept", "application/json")
                .form(&[("slug", "load"), ("display_name", &format!("Attendee {i}"))])
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    });
    for j in futures::future::join_all(joins).await {
        assert_eq!(j.unwrap().unwrap(), 200);
    }
    let host = &clients[0];
    let r = host
        .post(format!("{base}/api/propose"))
        .header("accept", "application/json")
        .form(&[
            ("slug", "load"),
            ("title", "Popular topic"),
            ("description", ""),
            ("tags", ""),
        ])
        .send()
        .await
        .unwrap();
    let topic_id: String = r.text().await.unwrap().trim().to_string();

    // All votes at once.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(ATTENDEES));
    let started = Instant::now();
    let votes = clients.iter().map(|c| {
        let c = c.clone();
        let base = base.clone();
        let topic_id = topic_id.clone();
        let barrier = barrier.clone();
        tokio::spawn(async move {
            barrier.wait().await;
            let r = c
                .post(format!("{base}/api/vote"))
                .header("accept", "application/json")
                .form(&[
                    ("slug", "load"),
                    ("topic_id", topic_id.as_str()),
                    ("on", "true"),
                ])
                .send()
                .await?;
            let status = r.status().as_u16();
            let body = r.text().await?;
            Ok::<_, reqwest::Error>((status, body))
        })
    });
    let results = futures::future::join_all(votes).await;
    let elapsed = started.elapsed();
    let mut failures = Vec::new();
    for r in results {
        let (status, body) = r.unwrap().unwrap();
        if status != 200 {
            failures.push(format!("{status}: {body}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed, first: {:?}",
        failures.len(),
        failures.first()
    );

    let (votes, voters): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT attendee_id) FROM votes")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(votes, ATTENDEES as i64);
    assert_eq!(voters, ATTENDEES as i64);
    let api: serde_json::Value = reqwest::get(format!("{base}/api/v1/events/load/topics"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api[0]["votes"], ATTENDEES as i64);
    eprintln!("{ATTENDEES} concurrent votes: all counted once in {elapsed:?}");
    server.abort();
}
