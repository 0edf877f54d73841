//! Router-level tests: authentication, authorization, input rules and the JSON
//! API, through the real router (`oneshot`), without a browser.

mod common;
use common::*;

#[tokio::test]
async fn first_organizer_setup_works_once_and_logs_in() {
    let app = app().await;
    let r = app.get("/setup", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Create the first organizer"), "{}", r.body);

    let cookie = app.organizer().await;
    let who = app.call("whoami", Some(&cookie), &[]).await;
    assert!(who.body.contains("org@example.org"), "{}", who.body);

    // Once an organizer exists, the set-up endpoint refuses and stores nothing.
    let again = app
        .call(
            "setup",
            None,
            &[
                ("email", "eve@example.org"),
                ("password", "another long pass"),
            ],
        )
        .await;
    assert!(again.status >= 400, "{} {}", again.status, again.body);
    assert!(again.body.contains("already set up"), "{}", again.body);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizers")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let page = app.get("/setup", None).await;
    assert!(page.body.contains("already set up"), "{}", page.body);
}

#[tokio::test]
async fn login_cycles_the_session_id_and_rejects_bad_passwords() {
    let app = app().await;
    app.organizer().await;
    // An attendee session exists before logging in.
    let org = app.call("setup", None, &[]).await; // missing args: clear error, nothing stored
    assert!(org.status >= 400);
    let bad = app
        .call(
            "login",
            None,
            &[
                ("email", "org@example.org"),
                ("password", "wrong password!"),
            ],
        )
        .await;
    assert_eq!(bad.status, 401, "{}", bad.body);
    assert!(bad.body.contains("BadCredentials"), "{}", bad.body);

    let before = {
        let c = app.organizer_free_session().await;
        c
    };
    let ok = app
        .call(
            "login",
            Some(&before),
            &[
                ("email", "ORG@example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert!(ok.status < 400, "{} {}", ok.status, ok.body);
    let after = ok.cookie().expect("new cookie after login");
    assert_ne!(before, after, "session id must change on login");
    let set_cookie = ok
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(set_cookie.contains("httponly"), "{set_cookie}");
    assert!(set_cookie.contains("samesite=lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("secure"),
        "plain http must not set Secure: {set_cookie}"
    );
    // The old id is no longer an organizer session.
    let who_old = app.call("whoami", Some(&before), &[]).await;
    assert_eq!(who_old.body.trim(), "null");
    let who = app.call("whoami", Some(&after), &[]).await;
    assert!(who.body.contains("org@example.org"));

    let out = app.call("logout", Some(&after), &[]).await;
    assert!(out.status < 400);
    let who = app.call("whoami", Some(&after), &[]).await;
    assert_eq!(who.body.trim(), "null");
}

impl TestApp {
    /// A session that belongs to an attendee of some event, not an organizer.
    async fn organizer_free_session(&self) -> String {
        let org = self
            .call(
                "login",
                None,
                &[
                    ("email", "org@example.org"),
                    ("password", "correct horse battery"),
                ],
            )
            .await
            .cookie()
            .unwrap();
        self.event(&org, "pre-login").await;
        self.attendee("pre-login", "Visitor").await
    }
}

#[tokio::test]
async fn organizer_functions_need_an_organizer_session() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let attendee = app.attendee("ghent", "Ana").await;
    for (endpoint, args) in [
        (
            "create_event",
            vec![
                ("name", "X"),
                ("slug", "xyz"),
                ("timezone", "UTC"),
                ("start_date", "2026-01-01"),
                ("end_date", "2026-01-01"),
            ],
        ),
        (
            "add_room",
            vec![
                ("slug", "ghent"),
                ("name", "Aula"),
                ("capacity", "10"),
                ("features", ""),
            ],
        ),
        ("admin_event", vec![("slug", "ghent")]),
        ("set_phases", vec![("slug", "ghent"), ("vote_budget", "")]),
    ] {
        for cookie in [None, Some(attendee.as_str())] {
            let r = app.call(endpoint, cookie, &args).await;
            assert!(
                r.status >= 400,
                "{endpoint} without organizer: {} {}",
                r.status,
                r.body
            );
            assert!(r.body.contains("Unauthorized"), "{endpoint}: {}", r.body);
        }
    }
    let rooms: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rooms")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(rooms, 0);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
    // The organizer page itself tells a visitor to log in.
    let page = app.get("/admin/e/ghent", None).await;
    assert!(
        page.body.contains("log in as an organizer"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let r = app
        .post(
            "/api/propose",
            Some(&ana),
            Some("http://evil.example"),
            &[
                ("slug", "ghent"),
                ("title", "Pwned"),
                ("description", ""),
                ("tags", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // Same origin (and no Origin at all, as curl sends) pass.
    app.propose(&ana, "ghent", "Legit").await;
}

#[tokio::test]
async fn attendees_cannot_edit_others_topics_and_bad_input_is_not_stored() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let bob = app.attendee("ghent", "Bob").await;
    let t = app.propose(&ana, "ghent", "Docker volumes").await;
    let tid = t.to_string();

    let r = app
        .call(
            "edit_topic",
            Some(&bob),
            &[
                ("slug", "ghent"),
                ("topic_id", &tid),
                ("title", "Mine now"),
                ("description", ""),
                ("tags", ""),
            ],
        )
        .await;
    assert!(
        r.status >= 400 && r.body.contains("Only the topic's hosts"),
        "{} {}",
        r.status,
        r.body
    );
    let r = app
        .call(
            "withdraw_topic",
            Some(&bob),
            &[("slug", "ghent"), ("topic_id", &tid)],
        )
        .await;
    assert!(r.status >= 400);

    let long = "x".repeat(121);
    for (title, desc, field) in [
        ("", "", "title"),
        (long.as_str(), "", "title"),
        ("Fine", &"d".repeat(2001)[..], "description"),
    ] {
        let r = app
            .call(
                "propose",
                Some(&bob),
                &[
                    ("slug", "ghent"),
                    ("title", title),
                    ("description", desc),
                    ("tags", ""),
                ],
            )
            .await;
        assert!(r.status >= 400, "{}", r.body);
        assert!(
            r.body.contains(&format!("\"field\":\"{field}\"")),
            "{}",
            r.body
        );
    }
    // Not joined: refused.
    let r = app
        .call(
            "propose",
            None,
            &[
                ("slug", "ghent"),
                ("title", "Anon"),
                ("description", ""),
                ("tags", ""),
            ],
        )
        .await;
    assert!(
        r.status >= 400 && r.body.contains("Join the event"),
        "{}",
        r.body
    );
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM topics")
        .fetch_all(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(titles, ["Docker volumes"]);
}

#[tokio::test]
async fn markup_in_titles_is_escaped_not_run() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    app.propose(&ana, "ghent", "<script>alert('x')</script> & <b>bold</b>")
        .await;
    let page = app.get("/e/ghent", Some(&ana)).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "raw script in page");
    assert!(
        page.body.contains("&lt;script&gt;alert"),
        "escaped title missing"
    );
    assert!(!page.body.contains("<b>bold</b>"));
}

/// A visitor who has not joined sees a join form and how many topics there
/// are: the topics themselves must not ride along in the page's hydration
/// data. The propose form, which shows none, does not carry them either.
#[tokio::test]
async fn join_and_propose_pages_carry_no_topic_list() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let visitor = app.get("/e/ghent", None).await;
    assert_eq!(visitor.status, 200);
    assert!(visitor.body.contains("0 topics proposed so far."));
    app.propose(&ana, "ghent", "Zebra observability").await;
    let visitor = app.get("/e/ghent", None).await;
    assert!(
        visitor.body.contains("1 topic proposed so far."),
        "{}",
        visitor.body
    );
    let withdrawn = app.propose(&ana, "ghent", "Quokka pipelines").await;
    app.propose(&ana, "ghent", "Axolotl chaos days").await;
    let r = app
        .call(
            "withdraw_topic",
            Some(&ana),
            &[("slug", "ghent"), ("topic_id", &withdrawn.to_string())],
        )
        .await;
    assert!(r.status < 400, "withdraw: {} {}", r.status, r.body);

    let visitor = app.get("/e/ghent", None).await;
    assert_eq!(visitor.status, 200);
    assert!(
        visitor.body.contains("2 topics proposed so far."),
        "{}",
        visitor.body
    );
    for title in ["Zebra", "Quokka", "Axolotl"] {
        assert!(!visitor.body.contains(title), "{title} in the join page");
    }
    let propose = app.get("/e/ghent/propose", Some(&ana)).await;
    assert_eq!(propose.status, 200);
    assert!(propose.body.contains("Propose topic"));
    assert!(
        !propose.body.contains("Zebra"),
        "topics in the propose page"
    );

    // An attendee who has joined gets every topic, withdrawn ones included
    // (shown as such).
    let attendee = app.get("/e/ghent", Some(&ana)).await;
    for title in ["Zebra", "Quokka", "Axolotl"] {
        assert!(attendee.body.contains(title), "{title} missing for Ana");
    }
    // The server function without `head_only` still answers with the list.
    let r = app
        .call("event_page", Some(&ana), &[("slug", "ghent")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("Axolotl") && r.body.contains("\"open_topics\":2"),
        "{}",
        r.body
    );
    let r = app
        .call(
            "event_page",
            Some(&ana),
            &[("slug", "ghent"), ("head_only", "true")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains("Axolotl"), "{}", r.body);
}

#[tokio::test]
async fn unknown_event_is_a_404_page_and_api_error() {
    let app = app().await;
    let page = app.get("/e/no-such-event", None).await;
    assert_eq!(page.status, 404, "{}", page.body);
    assert!(page.body.contains("Not found"));
    let api = app.get("/api/v1/events/no-such-event", None).await;
    assert_eq!(api.status, 404);
    assert!(api.body.contains("\"error\""), "{}", api.body);
    let nowhere = app.get("/no/such/page", None).await;
    assert_eq!(nowhere.status, 404);
}

#[tokio::test]
async fn votes_close_budget_and_hidden_counts_through_http_and_api() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let t1 = app.propose(&ana, "ghent", "One").await.to_string();
    let t2 = app.propose(&ana, "ghent", "Two").await.to_string();
    let r = app
        .call(
            "set_phases",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("proposing_open", "on"),
                ("voting_open", "on"),
                ("vote_budget", "1"),
                ("hide_counts", "on"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);

    let v = app
        .call(
            "vote",
            Some(&ana),
            &[("slug", "ghent"), ("topic_id", &t1), ("on", "true")],
        )
        .await;
    assert!(v.status < 400, "{}", v.body);
    assert!(
        v.body.contains("\"topic_votes\":null"),
        "hidden count leaked: {}",
        v.body
    );
    let again = app
        .call(
            "vote",
            Some(&ana),
            &[("slug", "ghent"), ("topic_id", &t1), ("on", "true")],
        )
        .await;
    assert!(again.status < 400, "double tap is fine: {}", again.body);
    let over = app
        .call(
            "vote",
            Some(&ana),
            &[("slug", "ghent"), ("topic_id", &t2), ("on", "true")],
        )
        .await;
    assert!(
        over.status >= 400 && over.body.contains("all 1 of your votes"),
        "{}",
        over.body
    );

    let api = app.get("/api/v1/events/ghent/topics", None).await;
    let topics: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(
        topics
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["votes"].is_null()),
        "{}",
        api.body
    );
    assert_eq!(topics[0]["hosts"][0], "Ana");

    app.call(
        "set_phases",
        Some(&org),
        &[
            ("slug", "ghent"),
            ("vote_budget", "1"),
            ("hide_counts", "on"),
        ],
    )
    .await;
    let closed = app
        .call(
            "vote",
            Some(&ana),
            &[("slug", "ghent"), ("topic_id", &t1), ("on", "false")],
        )
        .await;
    assert!(
        closed.status >= 400 && closed.body.contains("Voting is closed"),
        "{}",
        closed.body
    );
    let api = app.get("/api/v1/events/ghent/topics", None).await;
    let topics: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let one = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "One")
        .unwrap();
    assert_eq!(one["votes"], 1, "counts visible once voting closed");
    assert_eq!(one["status"], "open");

    let list = app.get("/api/v1/events", None).await;
    assert!(list.body.contains("\"slug\":\"ghent\""), "{}", list.body);
    let ev = app.get("/api/v1/events/ghent", None).await;
    let ev: serde_json::Value = serde_json::from_str(&ev.body).unwrap();
    assert_eq!(ev["timezone"], "Europe/Brussels");
    assert_eq!(ev["voting_open"], false);
}

#[tokio::test]
async fn organizer_sets_up_rooms_and_slots_and_gets_a_qr_code() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let r = app
        .call(
            "add_room",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("name", "Aula"),
                ("capacity", "-3"),
                ("features", ""),
            ],
        )
        .await;
    assert!(
        r.status >= 400 && r.body.contains("\"field\":\"capacity\""),
        "{}",
        r.body
    );
    let r = app
        .call(
            "add_room",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("name", "Aula"),
                ("capacity", "120"),
                ("features", "projector"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let r = app
        .call(
            "add_slot",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "13:30"),
                ("end", "14:15"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let r = app
        .call(
            "add_slot",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "14:00"),
                ("end", "13:00"),
            ],
        )
        .await;
    assert!(
        r.status >= 400 && r.body.contains("\"field\":\"end\""),
        "{}",
        r.body
    );
    let ev = app.get("/api/v1/events/ghent", None).await;
    let ev: serde_json::Value = serde_json::from_str(&ev.body).unwrap();
    assert_eq!(ev["rooms"][0]["capacity"], 120);
    assert_eq!(ev["slots"][0]["start"], "2026-10-26T12:30:00Z");
    assert_eq!(ev["slots"][0]["local_start"], "13:30");

    let qr = app.get("/e/ghent/qr.svg", None).await;
    assert_eq!(qr.status, 200);
    assert_eq!(qr.headers.get("content-type").unwrap(), "image/svg+xml");
    assert!(qr.body.contains("<svg"));
}
