//! What operators rely on: liveness, readiness, and request ids.

mod common;
use common::*;

#[tokio::test]
async fn readyz_says_ready_once_migrated_and_503_when_the_database_is_gone() {
    let app = app().await;
    assert_eq!(app.get("/healthz", None).await.body, "ok");
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["ready"], true);
    assert_eq!(v["schema"], app::server::db::latest_version());
    // The database closed (as when the disk is gone): not ready, and says why.
    app.state.pool.close().await;
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("database"), "{}", r.body);
    // Alive all the same.
    assert_eq!(app.get("/healthz", None).await.status, 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = app().await;
    let a = app.get("/healthz", None).await;
    let b = app.get("/e/nope", None).await;
    let id = |r: &Reply| {
        r.headers
            .get("x-request-id")
            .expect("x-request-id")
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(id(&a).len(), 36, "a UUID");
    assert_ne!(id(&a), id(&b));
}

#[tokio::test]
async fn metrics_need_the_token_and_count_requests_by_route() {
    let app = app().await;
    let org = app.organizer().await;
    app.event(&org, "ghent").await;
    let ana = app.attendee("ghent", "Ana").await;
    app.propose(&ana, "ghent", "Docker volumes").await;
    assert_eq!(app.get("/e/ghent", None).await.status, 200);
    assert_eq!(app.get("/e/nope", None).await.status, 404);

    // Without the token (or with a wrong one) there is nothing to see.
    assert_eq!(app.get("/metrics", None).await.status, 404);
    let wrong = app
        .get_with("/metrics", &[("authorization", "Bearer nope")])
        .await;
    assert_eq!(wrong.status, 404);

    let r = app
        .get_with(
            "/metrics",
            &[("authorization", "Bearer test-metrics-token")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let m = r.body;
    for line in [
        "kring_http_requests_total{route=\"/e/{slug}\",status=\"200\"} 1",
        "kring_http_requests_total{route=\"/e/{slug}\",status=\"404\"} 1",
        "kring_http_requests_total{route=\"/api/propose\",status=\"200\"} 1",
        "kring_http_request_duration_seconds_count{route=\"/e/{slug}\"} 2",
        "kring_live_streams_open 0",
        "kring_scheduler_runs_total{outcome=\"stored\"} 0",
    ] {
        assert!(m.contains(line), "missing {line} in\n{m}");
    }
}
