//! Cross-site request refusal. Every state-changing request (anything but GET,
//! HEAD and OPTIONS) must come from Kring's own pages: a browser's `Origin`
//! header must name this host (or the configured public URL), and a
//! `Sec-Fetch-Site: cross-site` request is refused. With SameSite=Lax cookies
//! this closes the door on cross-site request forgery.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn guard(State(public_url): State<Arc<String>>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        if !same_origin(origin, host, &public_url) {
            tracing::warn!(origin, ?host, "refused a cross-origin request");
            return refuse();
        }
    } else if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return refuse();
    }
    next.run(req).await
}

fn refuse() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"Requests from other sites are refused."}"#,
    )
        .into_response()
}

/// `origin` is `scheme://host[:port]`; it matches when its authority is the
/// request's Host, or when it is the configured public URL's origin.
pub fn same_origin(origin: &str, host: Option<&str>, public_url: &str) -> bool {
    let Some((_, authority)) = origin.split_once("://") else {
        return false;
    };
    if host.is_some_and(|h| h.eq_ignore_ascii_case(authority)) {
        return true;
    }
    let public = public_url.trim_end_matches('/');
    let public_origin = match public.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => return false,
    };
    origin.eq_ignore_ascii_case(&public_origin)
}

#[cfg(test)]
mod tests {
    use super::same_origin;

    #[test]
    fn origins() {
        assert!(same_origin(
            "http://127.0.0.1:3000",
            Some("127.0.0.1:3000"),
            "http://x"
        ));
        assert!(!same_origin(
            "http://evil.example",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
        assert!(same_origin(
            "https://kring.example.org",
            Some("10.0.0.5:3000"),
            "https://kring.example.org/"
        ));
        assert!(!same_origin(
            "null",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
        assert!(!same_origin(
            "http://127.0.0.1:3001",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
    }
}
