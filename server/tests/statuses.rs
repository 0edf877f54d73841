//! Every server function × its refusals → the HTTP status and message. A
//! refusal is a 4xx that says what is wrong; 500 is kept for real faults. The
//! table must name every registered server function, so a new one without its
//! row fails here.

mod common;
use common::*;

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    /// Ana joined the event and proposed topic A.
    Ana,
    /// Bob joined the event; he hosts nothing.
    Bob,
    Organizer,
}

struct Case {
    endpoint: &'static str,
    who: Who,
    args: Vec<(&'static str, String)>,
    status: u16,
    /// A fragment of the body (the message the user will see).
    says: &'static str,
}

fn case(
    endpoint: &'static str,
    who: Who,
    args: &[(&'static str, &str)],
    status: u16,
    says: &'static str,
) -> Case {
    Case {
        endpoint,
        who,
        args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        status,
        says,
    }
}

#[tokio::test]
async fn every_server_function_refuses_with_the_status_that_says_why() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    app.event(&org, "other").await;
    let ana = app.attendee("ghent", "Ana").await;
    let bob = app.attendee("ghent", "Bob").await;
    let topic = app
        .propose(&ana, "ghent", "Docker volumes")
        .await
        .to_string();
    let r = app
        .call(
            "add_room",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("name", "Aula"),
                ("capacity", "50"),
                ("features", ""),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let room: String = sqlx::query_scalar::<_, i64>("SELECT id FROM rooms")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
        .to_string();
    let r = app
        .call(
            "add_slot",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "10:00"),
                ("end", "11:00"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let slot: String = sqlx::query_scalar::<_, i64>("SELECT id FROM slots")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
        .to_string();
    let long_title = "x".repeat(121);
    let t = topic.as_str();
    let (rm, sl) = (room.as_str(), slot.as_str());
    use Who::*;
    let event_form = |slug: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("name", "Test Days"),
            ("slug", slug),
            ("timezone", "Europe/Brussels"),
            ("start_date", "2026-10-26"),
            ("end_date", "2026-10-27"),
        ]
    };
    let mut cases = vec![
        // Organizer accounts.
        case("needs_setup", Anonymous, &[], 200, "false"),
        case("whoami", Anonymous, &[], 200, "null"),
        case("setup", Anonymous, &[], 400, "incomplete"),
        case(
            "setup",
            Anonymous,
            &[
                ("email", "eve@example.org"),
                ("password", "long enough pass"),
            ],
            409,
            "already set up",
        ),
        case(
            "login",
            Anonymous,
            &[("email", "org@example.org"), ("password", "wrong password")],
            401,
            "BadCredentials",
        ),
        case("logout", Anonymous, &[], 200, ""),
        case(
            "add_organizer",
            Ana,
            &[("email", "x@example.org"), ("password", "long enough pass")],
            401,
            "Unauthorized",
        ),
        case(
            "add_organizer",
            Organizer,
            &[("email", "not-an-email"), ("password", "long enough pass")],
            422,
            "\"field\":\"email\"",
        ),
        case("organizer_accounts", Ana, &[], 401, "Unauthorized"),
        case("organizer_accounts", Organizer, &[], 200, "org@example.org"),
        case(
            "set_organizer_active",
            Organizer,
            &[("organizer_id", "999999"), ("active", "on")],
            404,
            "not found",
        ),
        case(
            "set_organizer_active",
            Organizer,
            &[("organizer_id", "1")],
            409,
            "your own account",
        ),
        case(
            "reset_organizer_password",
            Organizer,
            &[("organizer_id", "1"), ("password", "short")],
            422,
            "at least 10",
        ),
        case(
            "reset_organizer_password",
            Organizer,
            &[("organizer_id", "999999"), ("password", "long enough pass")],
            404,
            "not found",
        ),
        // An event's team.
        case(
            "event_team",
            Anonymous,
            &[("slug", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "event_team",
            Organizer,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        case("event_team", Organizer, &[("slug", "ghent")], 200, "Owner"),
        case(
            "add_co_organizer",
            Organizer,
            &[
                ("slug", "ghent"),
                ("email", "not-an-email"),
                ("password", ""),
            ],
            422,
            "\"field\":\"email\"",
        ),
        case(
            "add_co_organizer",
            Organizer,
            &[
                ("slug", "ghent"),
                ("email", "new@example.org"),
                ("password", ""),
            ],
            422,
            "first password",
        ),
        case(
            "add_co_organizer",
            Organizer,
            &[
                ("slug", "ghent"),
                ("email", "org@example.org"),
                ("password", ""),
            ],
            409,
            "on the team already",
        ),
        case(
            "remove_co_organizer",
            Organizer,
            &[("slug", "ghent"), ("organizer_id", "1")],
            409,
            "owner stays",
        ),
        case(
            "remove_co_organizer",
            Organizer,
            &[("slug", "ghent"), ("organizer_id", "999999")],
            404,
            "not found",
        ),
        // Events.
        case("events", Anonymous, &[], 200, "ghent"),
        case("my_events", Anonymous, &[], 401, "Unauthorized"),
        case(
            "set_topic_hidden",
            Ana,
            &[("slug", "ghent"), ("topic_id", t), ("hidden", "true")],
            401,
            "Unauthorized",
        ),
        case(
            "set_topic_hidden",
            Organizer,
            &[
                ("slug", "ghent"),
                ("topic_id", "999999"),
                ("hidden", "true"),
            ],
            404,
            "not found",
        ),
        case(
            "set_attendee_blocked",
            Organizer,
            &[
                ("slug", "ghent"),
                ("attendee_id", "999999"),
                ("blocked", "true"),
            ],
            404,
            "not found",
        ),
        case(
            "delete_event",
            Organizer,
            &[("slug", "ghent"), ("confirm", "oslo")],
            422,
            "link name, ghent",
        ),
        case(
            "delete_event",
            Ana,
            &[("slug", "ghent"), ("confirm", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "leave_event",
            Anonymous,
            &[("slug", "ghent"), ("confirm", "on")],
            403,
            "Join the event",
        ),
        case(
            "leave_event",
            Bob,
            &[("slug", "ghent")],
            422,
            "Tick the box",
        ),
        case("my_events", Organizer, &[], 200, "ghent"),
        case(
            "create_event",
            Anonymous,
            &event_form("new"),
            401,
            "Unauthorized",
        ),
        case(
            "create_event",
            Organizer,
            &event_form("ghent"),
            409,
            "uses this link already",
        ),
        case(
            "create_event",
            Organizer,
            &event_form("Not A Slug!"),
            422,
            "\"field\":\"slug\"",
        ),
        case(
            "update_event",
            Organizer,
            &[&[("current", "nope")][..], &event_form("nope")].concat(),
            404,
            "not found",
        ),
        case(
            "update_event",
            Organizer,
            &[&[("current", "ghent")][..], &event_form("other")].concat(),
            409,
            "uses this link already",
        ),
        case(
            "update_event",
            Bob,
            &[&[("current", "ghent")][..], &event_form("ghent")].concat(),
            401,
            "Unauthorized",
        ),
        case(
            "set_phases",
            Organizer,
            &[("slug", "ghent"), ("vote_budget", "many")],
            422,
            "\"field\":\"vote_budget\"",
        ),
        case(
            "set_phases",
            Ana,
            &[("slug", "ghent"), ("vote_budget", "")],
            401,
            "Unauthorized",
        ),
        case(
            "admin_event",
            Anonymous,
            &[("slug", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "admin_event",
            Organizer,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        // Rooms.
        case(
            "add_room",
            Bob,
            &[
                ("slug", "ghent"),
                ("name", "B"),
                ("capacity", "10"),
                ("features", ""),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "add_room",
            Organizer,
            &[
                ("slug", "ghent"),
                ("name", "B"),
                ("capacity", "-3"),
                ("features", ""),
            ],
            422,
            "\"field\":\"capacity\"",
        ),
        case(
            "update_room",
            Organizer,
            &[
                ("slug", "ghent"),
                ("room_id", "999999"),
                ("name", "B"),
                ("capacity", "10"),
                ("features", ""),
            ],
            404,
            "not found",
        ),
        case(
            "update_room",
            Organizer,
            &[
                ("slug", "ghent"),
                ("room_id", "abc"),
                ("name", "B"),
                ("capacity", "10"),
                ("features", ""),
            ],
            400,
            "malformed",
        ),
        case(
            "update_room",
            Organizer,
            &[
                ("slug", "other"),
                ("room_id", rm),
                ("name", "B"),
                ("capacity", "10"),
                ("features", ""),
            ],
            404,
            "not found",
        ),
        case(
            "move_room",
            Anonymous,
            &[("slug", "ghent"), ("room_id", rm), ("direction", "up")],
            401,
            "Unauthorized",
        ),
        case(
            "move_room",
            Organizer,
            &[
                ("slug", "ghent"),
                ("room_id", "999999"),
                ("direction", "up"),
            ],
            404,
            "not found",
        ),
        case(
            "delete_room",
            Ana,
            &[("slug", "ghent"), ("room_id", rm), ("confirm", "on")],
            401,
            "Unauthorized",
        ),
        case(
            "delete_room",
            Organizer,
            &[("slug", "ghent"), ("room_id", "999999"), ("confirm", "on")],
            404,
            "not found",
        ),
        // Slots.
        case(
            "add_slot",
            Anonymous,
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "12:00"),
                ("end", "13:00"),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "add_slot",
            Organizer,
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "14:00"),
                ("end", "13:00"),
            ],
            422,
            "\"field\":\"end\"",
        ),
        case(
            "add_slot",
            Organizer,
            &[
                ("slug", "ghent"),
                ("date", "2026-10-26"),
                ("start", "10:30"),
                ("end", "11:30"),
            ],
            409,
            "overlaps the slot",
        ),
        case(
            "update_slot",
            Organizer,
            &[
                ("slug", "ghent"),
                ("slot_id", "999999"),
                ("date", "2026-10-26"),
                ("start", "12:00"),
                ("end", "13:00"),
            ],
            404,
            "not found",
        ),
        case(
            "update_slot",
            Bob,
            &[
                ("slug", "ghent"),
                ("slot_id", sl),
                ("date", "2026-10-26"),
                ("start", "12:00"),
                ("end", "13:00"),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "delete_slot",
            Organizer,
            &[("slug", "ghent"), ("slot_id", "999999"), ("confirm", "on")],
            404,
            "not found",
        ),
        case(
            "delete_slot",
            Anonymous,
            &[("slug", "ghent"), ("slot_id", sl), ("confirm", "on")],
            401,
            "Unauthorized",
        ),
        // Organizer: topics.
        case(
            "admin_topics",
            Ana,
            &[("slug", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "admin_topics",
            Organizer,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        case(
            "admin_edit_topic",
            Organizer,
            &[
                ("slug", "ghent"),
                ("topic_id", t),
                ("title", ""),
                ("description", ""),
                ("tags", ""),
            ],
            422,
            "\"field\":\"title\"",
        ),
        case(
            "admin_edit_topic",
            Organizer,
            &[
                ("slug", "ghent"),
                ("topic_id", "999999"),
                ("title", "T"),
                ("description", ""),
                ("tags", ""),
            ],
            404,
            "not found",
        ),
        case(
            "admin_edit_topic",
            Ana,
            &[
                ("slug", "ghent"),
                ("topic_id", t),
                ("title", "T"),
                ("description", ""),
                ("tags", ""),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "admin_topic_status",
            Organizer,
            &[
                ("slug", "ghent"),
                ("topic_id", "999999"),
                ("action", "withdraw"),
            ],
            404,
            "not found",
        ),
        case(
            "admin_topic_status",
            Bob,
            &[("slug", "ghent"), ("topic_id", t), ("action", "withdraw")],
            401,
            "Unauthorized",
        ),
        case(
            "merge_topic",
            Organizer,
            &[("slug", "ghent"), ("source_id", t), ("target_id", "")],
            422,
            "Choose the topic",
        ),
        case(
            "merge_topic",
            Organizer,
            &[("slug", "ghent"), ("source_id", t), ("target_id", "999999")],
            404,
            "not found",
        ),
        case(
            "merge_topic",
            Anonymous,
            &[("slug", "ghent"), ("source_id", t), ("target_id", t)],
            401,
            "Unauthorized",
        ),
        // Attendees.
        case(
            "event_page",
            Anonymous,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        case(
            "join",
            Anonymous,
            &[("slug", "ghent"), ("display_name", "")],
            422,
            "\"field\":\"display_name\"",
        ),
        case(
            "join",
            Anonymous,
            &[("slug", "nope"), ("display_name", "Cleo")],
            404,
            "not found",
        ),
        case(
            "propose",
            Anonymous,
            &[
                ("slug", "ghent"),
                ("title", "Anon"),
                ("description", ""),
                ("tags", ""),
            ],
            403,
            "Join the event",
        ),
        case(
            "propose",
            Bob,
            &[
                ("slug", "ghent"),
                ("title", ""),
                ("description", ""),
                ("tags", ""),
            ],
            422,
            "\"field\":\"title\"",
        ),
        case(
            "propose",
            Bob,
            &[
                ("slug", "ghent"),
                ("title", &long_title),
                ("description", ""),
                ("tags", ""),
            ],
            422,
            "\"field\":\"title\"",
        ),
        case(
            "topic_page",
            Anonymous,
            &[("slug", "ghent"), ("topic_id", "999999")],
            404,
            "not found",
        ),
        case(
            "topic_page",
            Anonymous,
            &[("slug", "ghent"), ("topic_id", "abc")],
            400,
            "malformed",
        ),
        case(
            "edit_topic",
            Bob,
            &[
                ("slug", "ghent"),
                ("topic_id", t),
                ("title", "Mine now"),
                ("description", ""),
                ("tags", ""),
            ],
            403,
            "Only the topic's hosts",
        ),
        case(
            "edit_topic",
            Anonymous,
            &[
                ("slug", "ghent"),
                ("topic_id", t),
                ("title", "Mine now"),
                ("description", ""),
                ("tags", ""),
            ],
            403,
            "Join the event",
        ),
        case(
            "withdraw_topic",
            Bob,
            &[("slug", "ghent"), ("topic_id", t)],
            403,
            "Only the topic's hosts",
        ),
        case(
            "cohost",
            Bob,
            &[
                ("slug", "ghent"),
                ("topic_id", "999999"),
                ("action", "join"),
            ],
            404,
            "not found",
        ),
        case(
            "cohost",
            Anonymous,
            &[("slug", "ghent"), ("topic_id", t), ("action", "join")],
            403,
            "Join the event",
        ),
        case(
            "vote",
            Bob,
            &[("slug", "ghent"), ("topic_id", "999999"), ("on", "true")],
            404,
            "not found",
        ),
        case(
            "vote",
            Bob,
            &[("slug", "ghent"), ("topic_id", "abc"), ("on", "true")],
            400,
            "malformed",
        ),
        case(
            "vote",
            Anonymous,
            &[("slug", "ghent"), ("topic_id", t), ("on", "true")],
            403,
            "Join the event",
        ),
        case(
            "schedule_news",
            Anonymous,
            &[("slug", "nope"), ("number", "1")],
            404,
            "not found",
        ),
        case(
            "schedule_news",
            Bob,
            &[("slug", "ghent"), ("number", "1")],
            200,
            "[]",
        ),
        case(
            "schedule_news",
            Bob,
            &[("slug", "ghent"), ("number", "one")],
            400,
            "malformed",
        ),
        // The board and door displays (public), and their settings.
        case("board", Anonymous, &[("slug", "nope")], 404, "not found"),
        case(
            "board",
            Anonymous,
            &[("slug", "ghent")],
            200,
            "\"slug\":\"ghent\"",
        ),
        case(
            "door",
            Anonymous,
            &[("slug", "ghent"), ("room_id", "999999")],
            404,
            "not found",
        ),
        case(
            "door",
            Anonymous,
            &[("slug", "ghent"), ("room_id", rm)],
            200,
            "Aula",
        ),
        case(
            "set_board",
            Bob,
            &[
                ("slug", "ghent"),
                ("board_mode", "market"),
                ("board_page_seconds", "10"),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "set_board",
            Organizer,
            &[
                ("slug", "ghent"),
                ("board_mode", "disco"),
                ("board_page_seconds", "10"),
            ],
            422,
            "\"field\":\"board_mode\"",
        ),
        case(
            "set_board",
            Organizer,
            &[
                ("slug", "ghent"),
                ("board_mode", "auto"),
                ("board_page_seconds", "3"),
            ],
            422,
            "\"field\":\"board_page_seconds\"",
        ),
        // The schedule.
        case(
            "schedule_admin",
            Ana,
            &[("slug", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "schedule_admin",
            Organizer,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        case(
            "run_scheduler",
            Organizer,
            &[("slug", "ghent"), ("time_limit", "500")],
            422,
            "\"field\":\"time_limit\"",
        ),
        case(
            "run_scheduler",
            Bob,
            &[("slug", "ghent"), ("time_limit", "5")],
            401,
            "Unauthorized",
        ),
        case(
            "cancel_scheduler",
            Organizer,
            &[("slug", "ghent")],
            409,
            "not running",
        ),
        case(
            "cancel_scheduler",
            Anonymous,
            &[("slug", "ghent")],
            401,
            "Unauthorized",
        ),
        case(
            "move_session",
            Organizer,
            &[
                ("slug", "ghent"),
                ("draft_id", "999999"),
                ("from_room", rm),
                ("from_slot", sl),
                ("to_room", rm),
                ("to_slot", sl),
            ],
            409,
            "replaced or published",
        ),
        case(
            "move_session",
            Organizer,
            &[
                ("slug", "ghent"),
                ("draft_id", "x"),
                ("from_room", rm),
                ("from_slot", sl),
                ("to_room", rm),
                ("to_slot", sl),
            ],
            400,
            "malformed",
        ),
        case(
            "unschedule_topic",
            Ana,
            &[("slug", "ghent"), ("draft_id", "1"), ("topic_id", t)],
            401,
            "Unauthorized",
        ),
        case(
            "place_topic",
            Organizer,
            &[
                ("slug", "ghent"),
                ("draft_id", "999999"),
                ("topic_id", t),
                ("room_id", rm),
                ("slot_id", sl),
            ],
            409,
            "replaced or published",
        ),
        case(
            "undo_merge",
            Organizer,
            &[
                ("slug", "ghent"),
                ("draft_id", "999999"),
                ("room_id", rm),
                ("slot_id", sl),
            ],
            409,
            "replaced or published",
        ),
        case(
            "undo_merge",
            Bob,
            &[
                ("slug", "ghent"),
                ("draft_id", "1"),
                ("room_id", rm),
                ("slot_id", sl),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "pin_session",
            Organizer,
            &[
                ("slug", "ghent"),
                ("draft_id", "999999"),
                ("room_id", rm),
                ("slot_id", sl),
                ("pinned", "true"),
            ],
            409,
            "replaced or published",
        ),
        case(
            "set_room_closed",
            Organizer,
            &[
                ("slug", "ghent"),
                ("room_id", "999999"),
                ("slot_id", sl),
                ("closed", "true"),
            ],
            404,
            "not found",
        ),
        case(
            "set_room_closed",
            Bob,
            &[
                ("slug", "ghent"),
                ("room_id", rm),
                ("slot_id", sl),
                ("closed", "true"),
            ],
            401,
            "Unauthorized",
        ),
        case(
            "set_host_unavailable",
            Organizer,
            &[
                ("slug", "ghent"),
                ("attendee_id", ""),
                ("slot_id", sl),
                ("unavailable", "true"),
            ],
            422,
            "\"field\":\"attendee_id\"",
        ),
        case(
            "set_host_unavailable",
            Organizer,
            &[
                ("slug", "other"),
                ("attendee_id", "1"),
                ("slot_id", sl),
                ("unavailable", "true"),
            ],
            404,
            "not found",
        ),
        case(
            "set_stability",
            Organizer,
            &[("slug", "ghent"), ("stability", "-1")],
            422,
            "\"field\":\"stability\"",
        ),
        case(
            "set_themed_rooms",
            Organizer,
            &[("slug", "ghent"), ("themed_rooms", "21")],
            422,
            "\"field\":\"themed_rooms\"",
        ),
        case(
            "publish_schedule",
            Organizer,
            &[("slug", "ghent"), ("draft_id", "999999"), ("seen", "")],
            409,
            "no longer the current draft",
        ),
        case(
            "publish_schedule",
            Ana,
            &[("slug", "ghent"), ("draft_id", "1"), ("seen", "")],
            401,
            "Unauthorized",
        ),
        case(
            "rollback_schedule",
            Organizer,
            &[("slug", "ghent"), ("number", "7"), ("seen", "")],
            404,
            "not found",
        ),
        case(
            "why_here",
            Organizer,
            &[
                ("slug", "ghent"),
                ("version_id", "999999"),
                ("room_id", rm),
                ("slot_id", sl),
            ],
            404,
            "not found",
        ),
        case(
            "load_agenda",
            Anonymous,
            &[("slug", "nope")],
            404,
            "not found",
        ),
        case(
            "agenda_seen",
            Anonymous,
            &[("slug", "ghent"), ("number", "1")],
            403,
            "Join the event",
        ),
    ];
    // Voting closed: a conflict with the event's state.
    let r = app
        .call(
            "set_phases",
            Some(&org),
            &[("slug", "other"), ("vote_budget", "")],
        )
        .await;
    assert!(r.status < 400, "{}", r.body);
    let cleo = app.attendee("other", "Cleo").await;
    let other_topic = {
        app.call(
            "set_phases",
            Some(&org),
            &[
                ("slug", "other"),
                ("proposing_open", "on"),
                ("vote_budget", ""),
            ],
        )
        .await;
        let id = app.propose(&cleo, "other", "Closed voting").await;
        app.call(
            "set_phases",
            Some(&org),
            &[("slug", "other"), ("vote_budget", "")],
        )
        .await;
        id.to_string()
    };
    cases.push(Case {
        endpoint: "vote",
        who: Anonymous, // replaced by Cleo's cookie below
        args: vec![
            ("slug", "other".into()),
            ("topic_id", other_topic.clone()),
            ("on", "true".into()),
        ],
        status: 409,
        says: "Voting is closed",
    });

    // Every registered server function has at least one row.
    common::assert_covers_every_server_fn(cases.iter().map(|r| r.endpoint));

    let topics_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    let mut failures = Vec::new();
    for c in &cases {
        let cookie = match c.who {
            Who::Anonymous if c.endpoint == "vote" && c.status == 409 => Some(cleo.as_str()),
            Who::Anonymous => None,
            Who::Ana => Some(ana.as_str()),
            Who::Bob => Some(bob.as_str()),
            Who::Organizer => Some(org.as_str()),
        };
        let args: Vec<(&str, &str)> = c.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.call(c.endpoint, cookie, &args).await;
        if r.status != c.status || !r.body.to_lowercase().contains(&c.says.to_lowercase()) {
            failures.push(format!(
                "{} as {:?} {:?}: expected {} «{}», got {} {}",
                c.endpoint, c.who, c.args, c.status, c.says, r.status, r.body
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // The refusals stored nothing.
    let topics_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(topics_before, topics_after);
    let title: String = sqlx::query_scalar("SELECT title FROM topics WHERE id = ?")
        .bind(topic.parse::<i64>().unwrap())
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(title, "Docker volumes");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413_and_unknown_functions_with_404() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let huge = "x".repeat(8 * 1024 * 1024);
    let r = app
        .call(
            "propose",
            Some(&ana),
            &[
                ("slug", "ghent"),
                ("title", "Big"),
                ("description", &huge),
                ("tags", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 413, "{}", &r.body[..r.body.len().min(300)]);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);

    let r = app.call("no_such_function", Some(&ana), &[]).await;
    assert_eq!(r.status, 404, "{}", r.body);
}

#[tokio::test]
async fn form_posts_without_javascript_still_redirect_back_with_the_error() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    let r = app
        .form_post(
            "/api/propose",
            &ana,
            "/e/ghent/propose",
            &[
                ("slug", "ghent"),
                ("title", ""),
                ("description", ""),
                ("tags", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.headers["location"].to_str().unwrap();
    assert!(location.contains("/e/ghent/propose"), "{location}");
    assert!(
        location.contains("__err="),
        "the error travels in the URL: {location}"
    );
}
