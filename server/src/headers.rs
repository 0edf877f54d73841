//! Security headers on every response (see `app::server::security`): the
//! common ones always, and the strict Content-Security-Policy where the
//! response did not bring its own (pages set theirs, with their nonce, while
//! they render).

use app::server::security::{COMMON, STRICT_POLICY};
use axum::extract::Request;
use axum::http::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};
use axum::middleware::Next;
use axum::response::Response;

pub async fn security(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    for (name, value) in COMMON {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_POLICY),
        );
    }
    resp
}
