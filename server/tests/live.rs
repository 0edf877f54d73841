//! The live stream through the real router: headers, the hello, typed topic
//! messages, coalesced votes, hidden counts, the shutdown, and 404s.

mod common;
use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

/// An open stream: reads SSE messages (event name, JSON data) as they come.
struct Sse {
    body: Body,
    buf: String,
}

impl Sse {
    async fn open(app: &TestApp, slug: &str) -> (u16, axum::http::HeaderMap, Sse) {
        let req = Request::get(format!("/e/{slug}/live"))
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/event-stream")
            .body(Body::empty())
            .unwrap();
        let resp = app.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        (
            status,
            headers,
            Sse {
                body: resp.into_body(),
                buf: String::new(),
            },
        )
    }

    /// The next message with data (keep-alive comments are skipped), or
    /// `None` when the stream ends or nothing comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<(String, serde_json::Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut name = String::new();
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some((name, serde_json::from_str(&data).expect("JSON data")));
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await;
            match frame {
                Ok(Some(Ok(f))) => {
                    if let Ok(bytes) = f.into_data() {
                        self.buf.push_str(std::str::from_utf8(&bytes).unwrap());
                    }
                }
                _ => return None,
            }
        }
    }

    /// Messages until `name` arrives (returned), failing after `wait`.
    async fn until(&mut self, name: &str, wait: Duration) -> serde_json::Value {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some((n, v)) if n == name => return v,
                Some(_) => continue,
                None => panic!("no {name} message within {wait:?}"),
            }
        }
    }
}

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn the_stream_says_hello_then_sends_typed_changes() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "live").await;
    let (status, headers, mut sse) = Sse::open(&app, "live").await;
    assert_eq!(status, 200);
    assert_eq!(headers[header::CONTENT_TYPE], "text/event-stream");
    assert_eq!(headers["x-accel-buffering"], "no");
    assert!(headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("no-cache"));
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    let (name, hello) = sse.next(WAIT).await.expect("hello");
    assert_eq!(name, "hello");
    assert_eq!(hello["type"], "hello");

    let ann = app.attendee("live", "Ann").await;
    let joined = sse.until("joined", WAIT).await;
    assert_eq!(joined["attendees"], 1);

    let id = app.propose(&ann, "live", "Kubernetes on bare metal").await;
    let topic = sse.until("topic", WAIT).await;
    assert_eq!(topic["topic_id"], id);
    assert_eq!(topic["change"], "proposed");

    let r = app
        .call(
            "withdraw_topic",
            Some(&ann),
            &[("slug", "live"), ("topic_id", &id.to_string())],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let topic = sse.until("topic", WAIT).await;
    assert_eq!(topic["change"], "withdrawn");
}

#[tokio::test]
async fn a_burst_of_votes_arrives_as_a_few_messages_with_the_final_counts() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "votes").await;
    let host = app.attendee("votes", "Host").await;
    let a = app
        .propose(&host, "votes", "Observability on a budget")
        .await;
    let b = app.propose(&host, "votes", "Incident retros").await;
    let mut voters = Vec::new();
    for i in 0..30 {
        voters.push(app.attendee("votes", &format!("Voter {i}")).await);
    }
    let (_, _, mut sse) = Sse::open(&app, "votes").await;
    sse.until("hello", WAIT).await;
    // Joins from before the stream opened may still be flushed; drain them.
    while sse.next(Duration::from_millis(700)).await.is_some() {}

    let mut tasks = Vec::new();
    for (i, v) in voters.iter().enumerate() {
        let topic = if i % 3 == 0 { b } else { a };
        let r = app
            .call(
                "vote",
                Some(v),
                &[
                    ("slug", "votes"),
                    ("topic_id", &topic.to_string()),
                    ("on", "true"),
                ],
            )
            .await;
        assert!(r.status < 400, "{} {}", r.status, r.body);
        tasks.push(topic);
    }
    // Every vote is in; the counts of the last message are the final ones.
    let mut messages = 0;
    let mut last = std::collections::HashMap::new();
    while let Some((name, v)) = sse.next(Duration::from_millis(1200)).await {
        if name != "votes" {
            continue;
        }
        messages += 1;
        for c in v["counts"].as_array().unwrap() {
            last.insert(
                c["topic_id"].as_i64().unwrap(),
                c["votes"].as_i64().unwrap(),
            );
        }
    }
    assert!(messages >= 1, "the votes were announced");
    assert!(
        messages < 30 / 2,
        "30 votes must be coalesced, got {messages} messages"
    );
    assert_eq!(last.get(&a), Some(&20));
    assert_eq!(last.get(&b), Some(&10));
}

#[tokio::test]
async fn hidden_counts_stay_hidden_on_the_stream() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "hidden").await;
    let r = app
        .call(
            "set_phases",
            Some(&org),
            &[
                ("slug", "hidden"),
                ("proposing_open", "on"),
                ("voting_open", "on"),
                ("vote_budget", ""),
                ("hide_counts", "on"),
            ],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let host = app.attendee("hidden", "Host").await;
    let t = app.propose(&host, "hidden", "Secret ballot").await;
    let (_, _, mut sse) = Sse::open(&app, "hidden").await;
    sse.until("hello", WAIT).await;
    let r = app
        .call(
            "vote",
            Some(&host),
            &[
                ("slug", "hidden"),
                ("topic_id", &t.to_string()),
                ("on", "true"),
            ],
        )
        .await;
    assert!(r.status < 400, "{} {}", r.status, r.body);
    let v = sse.until("votes", WAIT).await;
    assert_eq!(v["topics"][0], t);
    assert_eq!(v["counts"].as_array().unwrap().len(), 0, "{v}");
}

#[tokio::test]
async fn streams_end_on_shutdown_and_unknown_events_are_404() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "bye").await;
    let (_, _, mut sse) = Sse::open(&app, "bye").await;
    sse.until("hello", WAIT).await;
    app.state.feed.close();
    assert!(sse.next(WAIT).await.is_none(), "the stream ended");

    let (status, _, _) = Sse::open(&app, "no-such-event").await;
    assert_eq!(status, 404);
}
