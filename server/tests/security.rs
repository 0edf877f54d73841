//! Hostile text on every page, and the security headers. Text that people type
//! reaches other people's browsers; wherever it lands in HTML (the body,
//! attributes, the `<title>` in the head, `<textarea>` children, the data
//! serialised into script tags for hydration) it must stay text.

mod common;
use common::*;

/// Decodes the character references that `html::escape` and Leptos write.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn between<'a>(body: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        // Skip the rest of the opening tag (attributes).
        let after = match open.ends_with('>') {
            true => after,
            false => &after[after.find('>').map(|j| j + 1).unwrap_or(0)..],
        };
        match after.find(close) {
            Some(j) => {
                out.push(&after[..j]);
                rest = &after[j + close.len()..];
            }
            None => break,
        }
    }
    out
}

const TITLE: &str = r#"Kubernetes tips</title><img src=x onerror="document.title='PWNED'">"#;
const EVENT: &str = r#"Days</title><script>alert(5)</script> & "co" 'x'"#;
const NAME: &str = r#"Eve<script>alert(4)</script>"#;
const ROOM: &str = r#"Aula</textarea><script>alert(6)</script>"#;

fn description() -> String {
    let head = r#"</textarea><img src=x onerror=alert(2)> "quotes" 'single' & amp <script>alert(3)</script> </title>"#;
    let mut d = head.to_string();
    while d.chars().count() < 2000 {
        d.push_str(" &<>\"'");
    }
    d.chars().take(2000).collect()
}

/// Checks that a rendered page holds no markup that hostile text could have
/// opened, and that its structure is intact.
fn assert_inert(path: &str, body: &str) {
    // (`onerror=` may stand in text, escaped `&lt;img …`: only a tag runs.)
    for needle in ["<img src=x", "<script>alert", "<b>projector"] {
        assert!(
            !body.contains(needle),
            "{path}: raw `{needle}` in the page:\n{body}"
        );
    }
    assert_eq!(
        body.matches("</title>").count(),
        1,
        "{path}: the title was broken out of"
    );
    assert_eq!(
        body.matches("<textarea").count(),
        body.matches("</textarea>").count(),
        "{path}: a textarea was broken out of"
    );
    assert_eq!(
        body.matches("<script").count(),
        body.matches("</script>").count(),
        "{path}: a script tag was opened or closed by text"
    );
    // Data serialised for hydration never closes its script tag early.
    for script in between(body, "<script", "</script>") {
        assert!(
            !script.contains("</"),
            "{path}: `</` inside a script:\n{script}"
        );
    }
}

fn title_of(body: &str) -> String {
    unescape(between(body, "<title>", "</title>")[0])
}

#[tokio::test]
async fn hostile_text_stays_text_on_every_page() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let r = app
        .call(
            "update_event",
            Some(&org),
            &[
                ("current", "ghent"),
                ("name", EVENT),
                ("slug", "ghent"),
                ("timezone", "Europe/Brussels"),
                ("start_date", "2026-10-26"),
                ("end_date", "2026-10-27"),
            ],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let r = app
        .call(
            "add_room",
            Some(&org),
            &[
                ("slug", "ghent"),
                ("name", ROOM),
                ("capacity", "20"),
                ("features", "<b>projector</b>, \"quoted\""),
            ],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let eve = app.attendee("ghent", NAME).await;
    let desc = description();
    let r = app
        .call(
            "propose",
            Some(&eve),
            &[
                ("slug", "ghent"),
                ("title", TITLE),
                ("description", &desc),
                ("tags", "</title>, <script>, \"q\" & 'a'"),
            ],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let id: i64 = r.body.trim().parse().unwrap();
    // A second topic so that merge and duplicate suggestions render too.
    app.propose(&eve, "ghent", "Kubernetes tips</title>").await;

    let topic_path = format!("/e/ghent/t/{id}");
    let pages: Vec<(String, Option<&str>)> = vec![
        ("/e/ghent".into(), Some(eve.as_str())),
        ("/e/ghent".into(), None),
        ("/e/ghent/propose".into(), Some(eve.as_str())),
        (topic_path.clone(), Some(eve.as_str())),
        (topic_path.clone(), None),
        ("/admin".into(), Some(org.as_str())),
        ("/admin/e/ghent".into(), Some(org.as_str())),
        ("/admin/e/ghent/topics".into(), Some(org.as_str())),
        ("/".into(), None),
    ];
    for (path, cookie) in &pages {
        let page = app.get(path, *cookie).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert_inert(path, &page.body);
    }

    // The topic page: the title in the head is the raw title, escaped once.
    let page = app.get(&topic_path, Some(&eve)).await;
    assert_eq!(title_of(&page.body), format!("{TITLE} · Kring"));
    // The host's edit form carries the description exactly, inside its textarea.
    let areas = between(&page.body, "<textarea", "</textarea>");
    assert!(
        areas.iter().any(|a| unescape(a) == desc),
        "description not found intact in a textarea: {areas:?}"
    );
    // Hydration data carries the title as JSON text with `<` escaped.
    assert!(
        page.body.contains("\\\\u003c/title>") || page.body.contains("\\u003c/title>"),
        "hydration data should escape `<`"
    );

    // The organizer's topics page: every topic has an edit textarea.
    let admin = app.get("/admin/e/ghent/topics", Some(&org)).await;
    let areas = between(&admin.body, "<textarea", "</textarea>");
    assert!(
        areas.iter().any(|a| unescape(a) == desc),
        "organizer's edit form lost the description"
    );
    assert_eq!(title_of(&admin.body), format!("{EVENT} · topics · Kring"));
    let event_page = app.get("/e/ghent", None).await;
    assert_eq!(title_of(&event_page.body), format!("{EVENT} · Kring"));
    // Hostile attribute text (the room's features become data, not markup).
    let venue = app.get("/admin/e/ghent", Some(&org)).await;
    assert!(venue.body.contains("Aula&lt;/textarea&gt;"), "room name");

    // The schedule pages and exports with the same text: run the engine and
    // publish, then look at every page and file that shows it.
    for (start, end) in [("10:00", "11:00"), ("11:00", "12:00")] {
        let r = app
            .call(
                "add_slot",
                Some(&org),
                &[
                    ("slug", "ghent"),
                    ("date", "2026-10-26"),
                    ("start", start),
                    ("end", end),
                ],
            )
            .await;
        assert!(r.status < 400, "{}", r.body);
    }
    let r = app
        .call(
            "run_scheduler",
            Some(&org),
            &[("slug", "ghent"), ("time_limit", "1")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let event_id: i64 = sqlx::query_scalar("SELECT id FROM events WHERE slug = 'ghent'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    app.state.jobs.wait(event_id).await.unwrap();
    let page = app
        .call("schedule_admin", Some(&org), &[("slug", "ghent")])
        .await;
    let page: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let draft = page["draft"]["id"].as_i64().unwrap().to_string();
    let r = app
        .call(
            "publish_schedule",
            Some(&org),
            &[("slug", "ghent"), ("draft_id", &draft), ("seen", "")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (path, cookie) in [
        ("/admin/e/ghent/schedule", Some(org.as_str())),
        ("/e/ghent/schedule", Some(eve.as_str())),
        ("/e/ghent/schedule?mine=1", Some(eve.as_str())),
        ("/e/ghent/print", None),
    ] {
        let page = app.get(path, cookie).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert_inert(path, &page.body);
    }
    let xml = app.get("/e/ghent/schedule.xml", None).await;
    assert!(!xml.body.contains("<img"), "raw markup in XML");
    assert!(
        xml.body.contains("Kubernetes tips&lt;/title&gt;"),
        "{}",
        xml.body
    );
    let json = app.get("/e/ghent/schedule.json", None).await;
    let doc: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert!(json.body.contains("Kubernetes tips</title>"));
    assert!(doc["schedule"]["conference"]["title"].as_str().unwrap() == EVENT);
    let csv = app.get("/e/ghent/schedule.csv", None).await;
    assert!(
        csv.body
            .contains("Kubernetes tips</title><img src=x onerror=\"\"document.title='PWNED'\"\">"),
        "{}",
        csv.body
    );

    // The JSON API returns the text as it was typed.
    let api = app.get("/api/v1/events/ghent/topics", None).await;
    let topics: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let t = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap();
    assert_eq!(t["title"], TITLE);
    assert_eq!(t["description"], desc.as_str());
    assert_eq!(t["hosts"][0], NAME);
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_every_response_the_security_headers() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;

    for path in ["/", "/e/ghent", "/login", "/no/such/page", "/admin"] {
        let page = app.get(path, None).await;
        assert!(page.body.contains("<html"), "{path} is a page");
        let csp = page
            .headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap()
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"));
        assert!(nonce.len() >= 16, "{path}: short nonce {nonce}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("'unsafe-inline'"), "{csp}");
        // Every inline script carries the nonce.
        let scripts = page.body.matches("<script").count();
        assert!(scripts > 0, "{path}: hydration scripts expected");
        assert_eq!(
            page.body.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{path}: a script without the nonce"
        );
        assert_common_headers(path, &page.headers);
    }
    // A fresh nonce per response.
    let a = app.get("/", None).await.headers["content-security-policy"].clone();
    let b = app.get("/", None).await.headers["content-security-policy"].clone();
    assert_ne!(a, b);

    // Responses that are not pages: nothing may run.
    for path in [
        "/api/v1/events",
        "/api/v1/events/ghent",
        "/e/ghent/qr.svg",
        "/healthz",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, 200, "{path}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        assert_common_headers(path, &r.headers);
    }
    let refused = app
        .post(
            "/api/propose",
            None,
            Some("http://evil.example"),
            &[("slug", "ghent")],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_common_headers("refused post", &refused.headers);
}

fn assert_common_headers(path: &str, h: &axum::http::HeaderMap) {
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(h["referrer-policy"], "same-origin", "{path}");
    assert_eq!(h["x-frame-options"], "DENY", "{path}");
}
