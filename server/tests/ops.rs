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
