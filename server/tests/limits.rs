//! Rate limits through the real router: what an outsider tried before
//! (40 wrong passwords in 1.4 s, 60 proposals from one session) is now
//! refused with 429 and `Retry-After`, while a full venue behind one address
//! is never refused.

mod common;
use common::*;

#[tokio::test]
async fn guessing_a_password_meets_429_with_retry_after_and_learns_nothing() {
    let app = app().await;
    let _org = app.organizer().await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for email in ["org@example.org", "nobody@example.org"] {
        let mut seen = Vec::new();
        // 12 each: both stay under the address's ceiling of 30.
        for _ in 0..12 {
            let r = app
                .call(
                    "login",
                    None,
                    &[("email", email), ("password", "wrong password!")],
                )
                .await;
            if r.status == 429 {
                retry_after = r
                    .headers
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string());
                assert!(r.body.contains("try again in"), "{}", r.body);
            }
            seen.push(r.status);
        }
        statuses.push(seen);
    }
    // A real account and an unknown one are answered alike: a few 401s, then 429s.
    for seen in &statuses {
        let refused = seen.iter().filter(|s| **s == 401).count();
        assert!((5..=6).contains(&refused), "{seen:?}");
        assert!(seen[7..].iter().all(|s| *s == 429), "{seen:?}");
    }
    assert_eq!(
        statuses[0], statuses[1],
        "the answers reveal which account exists"
    );
    let secs: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=12).contains(&secs), "{secs}");
    // While the account waits, even the right password waits (no oracle).
    let r = app
        .call(
            "login",
            None,
            &[
                ("email", "org@example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.body);
    // One address trying account after account meets its own ceiling.
    let mut last = 0;
    for i in 0..40 {
        let email = format!("user{i}@example.org");
        last = app
            .call(
                "login",
                None,
                &[("email", &email), ("password", "wrong password!")],
            )
            .await
            .status;
    }
    assert_eq!(last, 429);
}

#[tokio::test]
async fn sixty_proposals_from_one_session_store_ten() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let mut ok = 0;
    let mut refused = 0;
    for i in 0..60 {
        let title = format!("Topic number {i}");
        let r = app
            .call(
                "propose",
                Some(&ana),
                &[
                    ("slug", "ghent"),
                    ("title", &title),
                    ("description", ""),
                    ("tags", ""),
                ],
            )
            .await;
        match r.status {
            s if s < 400 => ok += 1,
            429 => {
                refused += 1;
                assert!(r.headers.contains_key("retry-after"));
                assert!(r.body.contains("proposed many topics"), "{}", r.body);
            }
            s => panic!("unexpected {s}: {}", r.body),
        }
    }
    assert_eq!((ok, refused), (10, 50));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(stored, 10);
    // Bob, on the same address, proposes as usual.
    let bob = app.attendee("ghent", "Bob").await;
    app.propose(&bob, "ghent", "Bob's topic").await;
}

#[tokio::test]
async fn four_hundred_attendees_behind_one_address_join_and_vote_at_once() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let host = app.attendee("ghent", "Host").await;
    let topics: Vec<i64> = {
        let mut v = Vec::new();
        for i in 0..3 {
            v.push(app.propose(&host, "ghent", &format!("Topic {i}")).await);
        }
        v
    };
    let app = &app;
    let topics = &topics;
    let runs = (0..400).map(|i| async move {
        let name = format!("Attendee {i}");
        let r = app
            .call("join", None, &[("slug", "ghent"), ("display_name", &name)])
            .await;
        assert!(r.status < 400, "join {i}: {} {}", r.status, r.body);
        let cookie = r.cookie().expect("cookie");
        let mut statuses = Vec::new();
        for t in topics {
            let r = app
                .call(
                    "vote",
                    Some(&cookie),
                    &[
                        ("slug", "ghent"),
                        ("topic_id", &t.to_string()),
                        ("on", "true"),
                    ],
                )
                .await;
            statuses.push(r.status);
        }
        statuses
    });
    let all = futures::future::join_all(runs).await;
    let refused = all.iter().flatten().filter(|s| **s >= 400).count();
    assert_eq!(refused, 0, "refused: {refused}");
    let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(votes, 1200);
}
