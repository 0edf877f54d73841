//! HTTP statuses that tell the truth for server functions.
//!
//! Leptos answers every failed server function with `500 Internal Server
//! Error` and the error in the body (server_fn 0.8 has no per-error status).
//! Kring's errors are one typed [`AppError`], which knows its status
//! ([`AppError::status`]): this layer reads the error back from the body of
//! such a response (it is marked by server_fn's `serverfnerror` header) and
//! gives the response that status, so a refusal is a 4xx and only a real
//! fault stays a 500. Plain form posts without JavaScript are unaffected:
//! they are answered with a redirect back to the form (the error travels in
//! the URL), and redirects are left alone.

use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// server_fn's marker header on an error response.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// An encoded `AppError` is a few hundred bytes; anything larger is not one.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !resp.headers().contains_key(SERVER_FN_ERROR)
    {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BODY).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "unreadable server function error body");
            return Response::from_parts(parts, Body::empty());
        }
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyRequests { retry_after, .. } = err {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
