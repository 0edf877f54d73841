//! Moderation through the router: a hidden topic is gone for attendees (its
//! page is a 404, the JSON API leaves it out) and stays for organizers; a
//! blocked attendee can read but not post, vote or rename, and their votes
//! stop counting until they are unblocked.

mod common;
use common::*;

#[tokio::test]
async fn hidden_topics_and_blocked_attendees() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let spam = app.attendee("ghent", "Spammer").await;
    let good = app
        .propose(&ana, "ghent", "Docker volumes")
        .await
        .to_string();
    let bad = app
        .propose(&spam, "ghent", "Cheap watches")
        .await
        .to_string();
    let r = app
        .call(
            "vote",
            Some(&spam),
            &[("slug", "ghent"), ("topic_id", &good), ("on", "true")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Hide the spam topic.
    let r = app
        .call(
            "set_topic_hidden",
            Some(&org),
            &[("slug", "ghent"), ("topic_id", &bad), ("hidden", "true")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        app.get(&format!("/e/ghent/t/{bad}"), Some(&ana))
            .await
            .status,
        404
    );
    let api = app.get("/api/v1/events/ghent/topics", None).await.body;
    assert!(!api.contains("Cheap watches"), "{api}");
    let admin = app
        .call("admin_topics", Some(&org), &[("slug", "ghent")])
        .await
        .body;
    assert!(admin.contains("Cheap watches"), "{admin}");

    // Block the spammer: reads fine, every write refused, their vote gone.
    let spam_id: i64 =
        sqlx::query_scalar("SELECT id FROM attendees WHERE display_name = 'Spammer'")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    let r = app
        .call(
            "set_attendee_blocked",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("attendee_id", &spam_id.to_string()),
                ("blocked", "true"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.get("/e/ghent", Some(&spam)).await.status, 200);
    for (endpoint, args) in [
        (
            "propose",
            vec![
                ("slug", "ghent"),
                ("title", "More"),
                ("description", ""),
                ("tags", ""),
            ],
        ),
        (
            "vote",
            vec![
                ("slug", "ghent"),
                ("topic_id", good.as_str()),
                ("on", "true"),
            ],
        ),
        (
            "join",
            vec![("slug", "ghent"), ("display_name", "New name")],
        ),
    ] {
        let r = app.call(endpoint, Some(&spam), &args).await;
        assert_eq!(r.status, 403, "{endpoint}: {}", r.body);
        assert!(r.body.contains("stopped you"), "{}", r.body);
    }
    let votes = |app: &TestApp| {
        let pool = app.state.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM votes")
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(votes(&app).await, 0);
    // Unblocked: the vote counts again.
    let r = app
        .call(
            "set_attendee_blocked",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("attendee_id", &spam_id.to_string()),
                ("blocked", "false"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(votes(&app).await, 1);
    let log: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM moderation_log")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(log, 3);
}
