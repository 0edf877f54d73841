//! For whoever runs Kring: `/healthz` (the process answers), `/readyz` (the
//! database answers and every migration this build knows has run: a load
//! balancer sends no traffic before), and request logs that carry a request
//! id (`x-request-id`, made here unless a trusted proxy sent one, and sent
//! back in the response) so one request can be followed through the logs.

use app::server::{db, AppState};
use axum::extract::State;
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
}

async fn readyz(State(state): State<AppState>) -> Response {
    match ready(&state).await {
        Ok(version) => Json(json!({ "ready": true, "schema": version })).into_response(),
        Err(why) => {
            tracing::warn!(%why, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "ready": false, "why": why })),
            )
                .into_response()
        }
    }
}

/// The newest applied migration, when it is the newest this build has.
async fn ready(state: &AppState) -> Result<i64, String> {
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&state.pool)
            .await
            .map_err(|e| format!("database: {e}"))?;
    let expected = db::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    match applied {
        Some(v) if v >= expected => Ok(v),
        other => Err(format!(
            "migrations: at {} of {expected}",
            other.unwrap_or(0)
        )),
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Adds the request-id and trace layers to a router (outermost first: the id
/// exists before the trace span opens, and goes back out on the response).
pub fn traced(router: Router) -> Router {
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        id,
                        method = %req.method(),
                        path = %req.uri().path(),
                    )
                })
                .on_request(DefaultOnRequest::new().level(Level::DEBUG))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
