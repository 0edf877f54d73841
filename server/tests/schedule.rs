//! The schedule through HTTP: the organizer runs the engine, publishes; the
//! exports and the API appear (404 before), valid against the official frab
//! schemas (XSD with xmllint, JSON Schema) and a strict iCalendar parser;
//! the personal calendar is secret and holds only that attendee's sessions.

mod common;
use common::*;
use std::io::Write;

const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/schemas/frab");

async fn demo_with_published_schedule(app: &TestApp) -> (String, i64) {
    app::server::seed::seed_demo(
        &app.state.pool,
        &app.state.config.public_url,
        Some("pw-for-tests"),
    )
    .await
    .unwrap();
    let org = app
        .call(
            "login",
            None,
            &[
                ("email", "organizer@kring.local"),
                ("password", "pw-for-tests"),
            ],
        )
        .await
        .cookie()
        .expect("organizer cookie");
    for path in [
        "/e/demo/schedule.xml",
        "/e/demo/schedule.json",
        "/e/demo/schedule.ics",
        "/e/demo/schedule.csv",
        "/api/v1/events/demo/schedule",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, 404, "{path} before publishing: {}", r.body);
    }
    let r = app
        .call(
            "run_scheduler",
            Some(&org),
            &[("slug", "demo"), ("time_limit", "2")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let event_id: i64 = sqlx::query_scalar("SELECT id FROM events WHERE slug = 'demo'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    let job = app.state.jobs.wait(event_id).await.unwrap();
    assert!(job.error.is_none(), "{job:?}");
    let page = app
        .call("schedule_admin", Some(&org), &[("slug", "demo")])
        .await;
    let page: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let draft_id = page["draft"]["id"].as_i64().expect("a draft");
    // The run says which draft it stored (its "new draft" message is shown
    // only while that draft is the draft).
    assert_eq!(job.version_id, Some(draft_id));
    assert_eq!(page["job"]["version_id"].as_i64(), Some(draft_id));
    assert!(
        page["draft"]["violations"].as_array().unwrap().is_empty(),
        "{}",
        page["draft"]["violations"]
    );
    let r = app
        .call(
            "publish_schedule",
            Some(&org),
            &[
                ("slug", "demo"),
                ("draft_id", &draft_id.to_string()),
                ("seen", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body.trim(), "1");
    (org, event_id)
}

#[tokio::test]
async fn published_exports_are_valid_against_the_official_schemas() {
    let app = app().await;
    demo_with_published_schedule(&app).await;

    // schedule.xml against the frab XSD, with xmllint.
    let xml = app.get("/e/demo/schedule.xml", None).await;
    assert_eq!(xml.status, 200);
    assert!(xml.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(xml.body.as_bytes()).unwrap();
    let out = std::process::Command::new("xmllint")
        .args([
            "--noout",
            "--schema",
            &format!("{SCHEMAS}/schedule.xml.xsd"),
        ])
        .arg(f.path())
        .output()
        .expect("xmllint (Debian's libxml2-utils, installed by scripts/setup.sh)");
    assert!(
        out.status.success(),
        "schedule.xml is not valid:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        xml.body
    );

    // schedule.json against the frab JSON Schema.
    let json = app.get("/e/demo/schedule.json", None).await;
    assert_eq!(json.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{SCHEMAS}/schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the frab schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schedule.json is not valid:\n{}",
        errors.join("\n")
    );
    // The reference example validates too (the validator is set up right).
    let example: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{SCHEMAS}/pretalx-democon.json")).unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&example));
    let events = doc["schedule"]["conference"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["rooms"].as_object().unwrap().values())
        .map(|v| v.as_array().unwrap().len())
        .sum::<usize>();
    assert!(
        events >= 40,
        "{events} sessions in\n{}",
        &json.body[..json.body.len().min(3000)]
    );

    // The whole event as iCalendar, by a strict parser and the RFC's rules.
    let ics = app.get("/e/demo/schedule.ics", None).await;
    assert_eq!(ics.status, 200);
    check_ical(&ics.body, events);

    // CSV: a header and one row per session.
    let csv = app.get("/e/demo/schedule.csv", None).await;
    assert_eq!(csv.status, 200);
    assert!(csv
        .body
        .starts_with("day,start,end,room,title,hosts,votes,capacity\r\n"));
    assert_eq!(csv.body.lines().count(), events + 1);

    // The JSON API.
    let api = app.get("/api/v1/events/demo/schedule", None).await;
    assert_eq!(api.status, 200);
    let api: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(api["number"], 1);
    assert_eq!(api["sessions"].as_array().unwrap().len(), events);
    assert!(api["sessions"][0]["topic_ids"].as_array().is_some());
}

fn check_ical(body: &str, events: usize) {
    assert!(body.ends_with("\r\n"));
    for line in body.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
    }
    assert!(!body.replace("\r\n", "").contains('\n'), "bare LF");
    let unfolded = icalendar::parser::unfold(body);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("strict parse");
    // The parser gives the calendar's components (or the VCALENDAR with its own).
    let vevents: Vec<_> = cal
        .components
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c.components.iter()))
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(vevents.len(), events);
    let mut uids = std::collections::BTreeSet::new();
    for e in vevents {
        let prop = |n: &str| {
            e.properties
                .iter()
                .find(|p| p.name == n)
                .map(|p| p.val.to_string())
                .unwrap_or_else(|| panic!("VEVENT without {n}"))
        };
        assert!(uids.insert(prop("UID")), "UIDs are unique");
        for k in ["DTSTART", "DTEND", "DTSTAMP"] {
            let v = prop(k);
            assert!(
                v.len() == 16 && v.ends_with('Z') && &v[8..9] == "T",
                "{k} in UTC: {v}"
            );
        }
        prop("SUMMARY");
    }
}

#[tokio::test]
async fn attendees_see_the_schedule_their_agenda_and_a_secret_calendar() {
    let app = app().await;
    demo_with_published_schedule(&app).await;
    let ana = app.attendee("demo", "Ana").await;
    // Ana marks two topics.
    let topics: Vec<i64> = sqlx::query_scalar(
        "SELECT t.topic_id FROM schedule_session_topics t ORDER BY t.topic_id LIMIT 2",
    )
    .fetch_all(&app.state.pool)
    .await
    .unwrap();
    for t in &topics {
        let r = app
            .call(
                "vote",
                Some(&ana),
                &[
                    ("slug", "demo"),
                    ("topic_id", &t.to_string()),
                    ("on", "true"),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let page = app.get("/e/demo/schedule", Some(&ana)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Version 1"), "{}", page.body);
    let agenda = app
        .call("load_agenda", Some(&ana), &[("slug", "demo")])
        .await;
    let agenda: serde_json::Value = serde_json::from_str(&agenda.body).unwrap();
    let mine: usize = agenda["schedule"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sessions"].as_array().unwrap())
        .filter(|s| s["mine"] == true)
        .count();
    assert_eq!(mine, 2);
    let url = agenda["calendar_url"]
        .as_str()
        .expect("a calendar address")
        .to_string();
    let path = url.trim_start_matches(&app.state.config.public_url);
    assert!(path.starts_with("/calendar/") && path.len() > 40, "{path}");
    let cal = app.get(path, None).await;
    assert_eq!(cal.status, 200);
    check_ical(&cal.body, 2);
    // Another address is no calendar.
    let wrong = app
        .get("/calendar/0123456789abcdef0123456789abcdef.ics", None)
        .await;
    assert_eq!(wrong.status, 404);
    // A topic page says where and when.
    let topic = app
        .get(&format!("/e/demo/t/{}", topics[0]), Some(&ana))
        .await;
    assert!(topic.body.contains("Full schedule"), "place shown");
    // The print view renders the grid.
    let print = app.get("/e/demo/print", None).await;
    assert_eq!(print.status, 200);
    assert!(print.body.contains("<table"), "grid");
}
