//! Compressed answers through the real router: pages and the JSON API in
//! brotli or gzip as the browser asks, nothing for clients that do not ask,
//! and never the live stream (a compressed stream would sit in the encoder).

mod common;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Request};
use common::*;
use http_body_util::BodyExt;
use std::io::Read;
use std::time::Duration;
use tower::ServiceExt;

/// What a browser sends today.
const BROWSER: &str = "gzip, deflate, br, zstd";

async fn fetch(
    app: &TestApp,
    path: &str,
    cookie: &str,
    encoding: Option<&str>,
) -> (u16, HeaderMap, Bytes) {
    let mut headers = vec![("cookie", cookie)];
    if let Some(e) = encoding {
        headers.push(("accept-encoding", e));
    }
    let resp = app.get_response(path, &headers).await;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body)
}

fn decoded(headers: &HeaderMap, body: &[u8]) -> String {
    let mut out = String::new();
    match headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap())
    {
        Some("br") => brotli::Decompressor::new(body, 4096)
            .read_to_string(&mut out)
            .expect("valid brotli"),
        Some("gzip") => flate2::read::GzDecoder::new(body)
            .read_to_string(&mut out)
            .expect("valid gzip"),
        None => return String::from_utf8(body.to_vec()).unwrap(),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    out
}

/// An event with enough topics for a page of realistic size, and an
/// attendee's session.
async fn event_with_topics(app: &TestApp) -> String {
    let org = app.organizer().await;
    app.event(&org, "zip").await;
    let ann = app.attendee("zip", "Ann").await;
    for i in 0..20 {
        app.propose(&ann, "zip", &format!("Observability on a budget, part {i}"))
            .await;
    }
    ann
}

#[tokio::test]
async fn pages_come_compressed_to_browsers_and_plain_to_clients_that_do_not_ask() {
    let app = app_without_limits().await;
    let ann = event_with_topics(&app).await;

    let (status, plain_headers, plain) = fetch(&app, "/e/zip", &ann, None).await;
    assert_eq!(status, 200);
    assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
    let plain = String::from_utf8(plain.to_vec()).unwrap();
    assert!(plain.contains("Observability on a budget, part 19"));

    let (status, headers, body) = fetch(&app, "/e/zip", &ann, Some(BROWSER)).await;
    assert_eq!(status, 200);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert!(headers[header::VARY]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    // The security headers are still there (the layer wraps, never replaces).
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let html = decoded(&headers, &body);
    assert!(html.ends_with("</script>") || html.trim_end().ends_with(">"));
    assert!(html.contains("Observability on a budget, part 0"));
    assert!(html.contains("Observability on a budget, part 19"));
    // The same page but for its per-request nonce.
    assert!(
        html.len().abs_diff(plain.len()) < 200,
        "{} vs {}",
        html.len(),
        plain.len()
    );
    assert!(
        body.len() * 4 < html.len(),
        "{} compressed bytes for {} of HTML",
        body.len(),
        html.len()
    );

    let (_, headers, body) = fetch(&app, "/e/zip", &ann, Some("gzip")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(decoded(&headers, &body).contains("Observability on a budget, part 19"));
}

#[tokio::test]
async fn the_json_api_is_compressed_too() {
    let app = app_without_limits().await;
    let ann = event_with_topics(&app).await;
    let (status, headers, body) =
        fetch(&app, "/api/v1/events/zip/topics", &ann, Some(BROWSER)).await;
    assert_eq!(status, 200);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    let topics: serde_json::Value = serde_json::from_str(&decoded(&headers, &body)).unwrap();
    assert_eq!(topics.as_array().unwrap().len(), 20);
}

#[tokio::test]
async fn the_live_stream_is_never_compressed_and_its_first_message_arrives_at_once() {
    let app = app_without_limits().await;
    let ann = event_with_topics(&app).await;
    let req = Request::get("/e/zip/live")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &ann)
        .header(header::ACCEPT, "text/event-stream")
        .header(header::ACCEPT_ENCODING, BROWSER)
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "text/event-stream");
    assert!(resp.headers().get(header::CONTENT_ENCODING).is_none());
    let mut body = resp.into_body();
    let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
        .await
        .expect("the hello arrives without waiting for more")
        .expect("a frame")
        .expect("no error");
    let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
    assert!(text.contains("event: hello"), "{text}");
}
