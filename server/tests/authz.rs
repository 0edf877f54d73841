//! The authorization matrix: every server function, JSON API route and page ×
//! every kind of caller → allowed, 401 or 403, against the real router. The
//! table must name every registered server function, so a new endpoint
//! without its row fails here.
//!
//! "Allowed" means the request got past authorization: the answer is not 401
//! or 403 (and never a 5xx). It may still be refused for what it asks (404
//! for an unknown room, 409, 422): that is `statuses.rs`'s business. The
//! arguments point at things that do not exist where a success would destroy
//! what later rows need.

mod common;
use common::*;

/// The callers, in the order of each row's expectation string.
const CALLERS: [&str; 7] = [
    "anonymous",
    "attendee of this event",
    "attendee of another event",
    "organizer of another event",
    "owner of this event",
    "co-organizer of this event",
    "administrator",
];

/// `A`: allowed; `U`: 401 (log in); `F`: 403 (not yours).
struct Row {
    what: &'static str,
    expect: &'static str,
    args: Vec<(&'static str, String)>,
}

fn row(what: &'static str, expect: &'static str, args: &[(&'static str, &str)]) -> Row {
    assert_eq!(expect.len(), CALLERS.len(), "{what}: one letter per caller");
    Row {
        what,
        expect,
        args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    }
}

async fn login(app: &TestApp, email: &str) -> String {
    let r = app
        .call(
            "login",
            None,
            &[("email", email), ("password", "correct horse battery")],
        )
        .await;
    assert!(r.status < 400, "login {email}: {} {}", r.status, r.body);
    r.cookie().expect("session cookie")
}

async fn add_account(app: &TestApp, admin: &str, email: &str) {
    let r = app
        .call(
            "add_organizer",
            Some(admin),
            &[("email", email), ("password", "correct horse battery")],
        )
        .await;
    assert!(r.status < 400, "add_organizer: {} {}", r.status, r.body);
}

fn outcome(status: u16) -> char {
    match status {
        401 => 'U',
        403 => 'F',
        _ => 'A',
    }
}

#[tokio::test]
async fn every_endpoint_and_page_lets_in_exactly_who_it_should() {
    // Each row is tried by seven callers: rate limits are `limits.rs`'s test.
    let app = app_without_limits().await;
    let admin = app.organizer().await;
    add_account(&app, &admin, "owner@example.org").await;
    add_account(&app, &admin, "other@example.org").await;
    add_account(&app, &admin, "co@example.org").await;
    let owner = login(&app, "owner@example.org").await;
    let other = login(&app, "other@example.org").await;
    let co = login(&app, "co@example.org").await;
    app.event(&owner, "ghent").await;
    app.event(&other, "oslo").await;
    let r = app
        .call(
            "add_co_organizer",
            Some(&owner),
            &[
                ("slug", "ghent"),
                ("email", "co@example.org"),
                ("password", ""),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let here = app.attendee("ghent", "Ana").await;
    let elsewhere = app.attendee("oslo", "Olga").await;
    let topic = app
        .propose(&here, "ghent", "Docker volumes")
        .await
        .to_string();
    let r = app
        .call(
            "add_room",
            Some(&owner),
            &[
                ("slug", "ghent"),
                ("name", "Aula"),
                ("capacity", "50"),
                ("features", ""),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let r = app
        .call(
            "add_slot",
            Some(&owner),
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "10:00"),
                ("end", "11:00"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let id = |sql: &'static str| {
        let pool = app.state.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
                .to_string()
        }
    };
    let room = id("SELECT id FROM rooms").await;
    let slot = id("SELECT id FROM slots").await;
    let owner_id = id("SELECT id FROM organizers WHERE email = 'owner@example.org'").await;
    let co_id = id("SELECT id FROM organizers WHERE email = 'co@example.org'").await;
    let (t, rm, sl) = (topic.as_str(), room.as_str(), slot.as_str());
    let cookies: [Option<&str>; 7] = [
        None,
        Some(&here),
        Some(&elsewhere),
        Some(&other),
        Some(&owner),
        Some(&co),
        Some(&admin),
    ];

    // Attendee endpoints: open to everyone for reading; writing needs the
    // attendee of this event (a visitor is told to join: 403).
    let g = ("slug", "ghent");
    let rows = vec![
        row("needs_setup", "AAAAAAA", &[]),
        row("whoami", "AAAAAAA", &[]),
        row(
            "setup",
            "AAAAAAA",
            &[("email", "x@example.org"), ("password", "long enough pass")],
        ),
        row(
            "login",
            "UUUUUUU",
            &[
                ("email", "owner@example.org"),
                ("password", "wrong password!"),
            ],
        ),
        row("events", "AAAAAAA", &[]),
        row("event_page", "AAAAAAA", &[g]),
        row("topic_page", "AAAAAAA", &[g, ("topic_id", t)]),
        row("board", "AAAAAAA", &[g]),
        row("door", "AAAAAAA", &[g, ("room_id", rm)]),
        row("join", "AAAAAAA", &[g, ("display_name", "")]),
        row(
            "propose",
            "FAFFFFF",
            &[g, ("title", ""), ("description", ""), ("tags", "")],
        ),
        row(
            "edit_topic",
            "FAFFFFF",
            &[
                g,
                ("topic_id", t),
                ("title", ""),
                ("description", ""),
                ("tags", ""),
            ],
        ),
        row("withdraw_topic", "FAFFFFF", &[g, ("topic_id", "999999")]),
        row(
            "cohost",
            "FAFFFFF",
            &[g, ("topic_id", "999999"), ("action", "join")],
        ),
        row(
            "vote",
            "FAFFFFF",
            &[g, ("topic_id", "999999"), ("on", "true")],
        ),
        row("load_agenda", "AAAAAAA", &[g]),
        // Without the box ticked: refused after the check of who asks (422).
        row("leave_event", "FAFFFFF", &[g]),
        row("agenda_seen", "FAFFFFF", &[g, ("number", "1")]),
        row("schedule_news", "AAAAAAA", &[g, ("number", "0")]),
        // Organizer accounts: any organizer sees their own events; the
        // administrator alone manages accounts.
        row("my_events", "UUUAAAA", &[]),
        row(
            "create_event",
            "UUUAAAA",
            &[
                ("name", ""),
                ("slug", "x"),
                ("timezone", "UTC"),
                ("start_date", "2026-10-26"),
                ("end_date", "2026-10-27"),
            ],
        ),
        row(
            "add_organizer",
            "UUUFFFA",
            &[("email", "not-an-email"), ("password", "long enough pass")],
        ),
        row("organizer_accounts", "UUUFFFA", &[]),
        row(
            "set_organizer_active",
            "UUUFFFA",
            &[("organizer_id", "999999"), ("active", "on")],
        ),
        row(
            "reset_organizer_password",
            "UUUFFFA",
            &[("organizer_id", "999999"), ("password", "long enough pass")],
        ),
        // The event's team: the owner and the administrator manage it.
        row("event_team", "UUUFAAA", &[g]),
        row(
            "add_co_organizer",
            "UUUFAFA",
            &[g, ("email", "not-an-email"), ("password", "")],
        ),
        row(
            "remove_co_organizer",
            "UUUFAFA",
            &[g, ("organizer_id", &owner_id)],
        ),
        // Everything else an organizer does to an event: its team and the
        // administrator.
        row("admin_event", "UUUFAAA", &[g]),
        // Deleting: the owner and the administrator (a wrong confirmation
        // keeps the event for the rows after this one).
        row("delete_event", "UUUFAFA", &[g, ("confirm", "not-the-slug")]),
        row(
            "update_event",
            "UUUFAAA",
            &[
                ("current", "ghent"),
                ("name", ""),
                ("slug", "ghent"),
                ("timezone", "UTC"),
                ("start_date", "2026-10-26"),
                ("end_date", "2026-10-27"),
            ],
        ),
        row("set_phases", "UUUFAAA", &[g, ("vote_budget", "x")]),
        row(
            "set_board",
            "UUUFAAA",
            &[g, ("board_mode", "nonsense"), ("board_page_seconds", "20")],
        ),
        row("admin_topics", "UUUFAAA", &[g]),
        row(
            "set_topic_hidden",
            "UUUFAAA",
            &[g, ("topic_id", "999999"), ("hidden", "true")],
        ),
        row(
            "set_attendee_blocked",
            "UUUFAAA",
            &[g, ("attendee_id", "999999"), ("blocked", "true")],
        ),
        row(
            "admin_edit_topic",
            "UUUFAAA",
            &[
                g,
                ("topic_id", t),
                ("title", ""),
                ("description", ""),
                ("tags", ""),
            ],
        ),
        row(
            "admin_topic_status",
            "UUUFAAA",
            &[g, ("topic_id", "999999"), ("action", "withdraw")],
        ),
        row(
            "merge_topic",
            "UUUFAAA",
            &[g, ("source_id", t), ("target_id", "")],
        ),
        row(
            "add_room",
            "UUUFAAA",
            &[g, ("name", ""), ("capacity", "5"), ("features", "")],
        ),
        row(
            "update_room",
            "UUUFAAA",
            &[
                g,
                ("room_id", rm),
                ("name", ""),
                ("capacity", "5"),
                ("features", ""),
            ],
        ),
        row(
            "move_room",
            "UUUFAAA",
            &[g, ("room_id", "999999"), ("direction", "up")],
        ),
        row(
            "delete_room",
            "UUUFAAA",
            &[g, ("room_id", "999999"), ("confirm", "on")],
        ),
        row(
            "add_slot",
            "UUUFAAA",
            &[
                g,
                ("date", "2026-10-26"),
                ("start", "12:00"),
                ("end", "11:00"),
            ],
        ),
        row(
            "update_slot",
            "UUUFAAA",
            &[
                g,
                ("slot_id", sl),
                ("date", "2026-10-26"),
                ("start", "12:00"),
                ("end", "11:00"),
            ],
        ),
        row(
            "delete_slot",
            "UUUFAAA",
            &[g, ("slot_id", "999999"), ("confirm", "on")],
        ),
        row("schedule_admin", "UUUFAAA", &[g]),
        row("run_scheduler", "UUUFAAA", &[g, ("time_limit", "nonsense")]),
        row("cancel_scheduler", "UUUFAAA", &[g]),
        row(
            "move_session",
            "UUUFAAA",
            &[
                g,
                ("draft_id", "999999"),
                ("from_room", rm),
                ("from_slot", sl),
                ("to_room", rm),
                ("to_slot", sl),
            ],
        ),
        row(
            "unschedule_topic",
            "UUUFAAA",
            &[g, ("draft_id", "999999"), ("topic_id", t)],
        ),
        row(
            "place_topic",
            "UUUFAAA",
            &[
                g,
                ("draft_id", "999999"),
                ("topic_id", t),
                ("room_id", rm),
                ("slot_id", sl),
            ],
        ),
        row(
            "undo_merge",
            "UUUFAAA",
            &[g, ("draft_id", "999999"), ("room_id", rm), ("slot_id", sl)],
        ),
        row(
            "pin_session",
            "UUUFAAA",
            &[
                g,
                ("draft_id", "999999"),
                ("room_id", rm),
                ("slot_id", sl),
                ("pinned", "true"),
            ],
        ),
        row(
            "set_room_closed",
            "UUUFAAA",
            &[
                g,
                ("room_id", "999999"),
                ("slot_id", sl),
                ("closed", "true"),
            ],
        ),
        row(
            "set_host_unavailable",
            "UUUFAAA",
            &[
                g,
                ("attendee_id", "999999"),
                ("slot_id", sl),
                ("unavailable", "true"),
            ],
        ),
        row("set_stability", "UUUFAAA", &[g, ("stability", "nonsense")]),
        row(
            "set_themed_rooms",
            "UUUFAAA",
            &[g, ("themed_rooms", "nonsense")],
        ),
        row(
            "publish_schedule",
            "UUUFAAA",
            &[g, ("draft_id", "999999"), ("seen", "0")],
        ),
        row(
            "rollback_schedule",
            "UUUFAAA",
            &[g, ("number", "999999"), ("seen", "0")],
        ),
        row(
            "why_here",
            "UUUFAAA",
            &[
                g,
                ("version_id", "999999"),
                ("room_id", rm),
                ("slot_id", sl),
            ],
        ),
        // Last: it ends the organizers' sessions.
        row("logout", "AAAAAAA", &[]),
    ];

    // Every registered server function has its row.
    common::assert_covers_every_server_fn(rows.iter().map(|r| r.what));

    let mut failures = Vec::new();
    // Pages and the JSON API, by GET (before the rows: the last one logs out).
    let pages: Vec<(&str, &str)> = vec![
        ("/", "AAAAAAA"),
        ("/login", "AAAAAAA"),
        ("/admin", "UUUAAAA"),
        ("/admin/e/ghent", "UUUFAAA"),
        ("/admin/e/ghent/topics", "UUUFAAA"),
        ("/admin/e/ghent/schedule", "UUUFAAA"),
        ("/e/ghent", "AAAAAAA"),
        ("/e/ghent/propose", "AAAAAAA"),
        ("/e/ghent/schedule", "AAAAAAA"),
        ("/e/ghent/board", "AAAAAAA"),
        ("/api/v1/events", "AAAAAAA"),
        ("/api/v1/events/ghent", "AAAAAAA"),
        ("/api/v1/events/ghent/topics", "AAAAAAA"),
        ("/api/v1/events/ghent/schedule", "AAAAAAA"),
        ("/e/ghent/schedule.json", "AAAAAAA"),
        ("/e/ghent/qr.svg", "AAAAAAA"),
    ];
    for (path, expect) in pages {
        for (i, e) in expect.chars().enumerate() {
            let reply = app.get(path, cookies[i]).await;
            let got = outcome(reply.status);
            if got != e || reply.status >= 500 {
                failures.push(format!(
                    "GET {path} as {}: expected {e}, got {}",
                    CALLERS[i], reply.status
                ));
            }
        }
    }
    for r in &rows {
        let args: Vec<(&str, &str)> = r.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for (i, expect) in r.expect.chars().enumerate() {
            let reply = app.call(r.what, cookies[i], &args).await;
            let got = outcome(reply.status);
            if got != expect || reply.status >= 500 {
                failures.push(format!(
                    "{} as {}: expected {expect}, got {} {}",
                    r.what,
                    CALLERS[i],
                    reply.status,
                    &reply.body[..reply.body.len().min(160)]
                ));
            }
        }
    }

    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    // The owner is still on the team and the co-organizer too: the refused
    // removals changed nothing.
    let team: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_organizers WHERE event_id = (SELECT id FROM events WHERE slug = 'ghent')")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(team, 2, "owner {owner_id} and co-organizer {co_id}");
}

#[tokio::test]
async fn a_deactivated_organizer_is_logged_out_everywhere() {
    let app = app().await;
    let admin = app.organizer().await;
    add_account(&app, &admin, "ana@example.org").await;
    let ana = login(&app, "ana@example.org").await;
    app.event(&ana, "ghent").await;
    assert_eq!(app.get("/admin/e/ghent", Some(&ana)).await.status, 200);
    let ana_id: i64 =
        sqlx::query_scalar("SELECT id FROM organizers WHERE email = 'ana@example.org'")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    let r = app
        .call(
            "set_organizer_active",
            Some(&admin),
            &[("organizer_id", &ana_id.to_string())],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    assert_eq!(
        app.call("admin_event", Some(&ana), &[("slug", "ghent")])
            .await
            .status,
        401
    );
    let r = app
        .call(
            "login",
            None,
            &[
                ("email", "ana@example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(r.status, 401, "{}", r.body);
    // The administrator still manages Ana's event.
    assert_eq!(app.get("/admin/e/ghent", Some(&admin)).await.status, 200);
}
