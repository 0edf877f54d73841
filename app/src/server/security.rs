//! Response headers that limit what a page may do even if some user text ever
//! slipped past escaping: a Content-Security-Policy that runs only Kring's own
//! scripts (the hydration script carries a per-response nonce), no framing, no
//! MIME sniffing, and no full URLs leaked to other sites in `Referer`.
//!
//! Pages get their policy while they render (the nonce exists only there, see
//! [`set_page_policy`]); every other response gets [`STRICT_POLICY`] from the
//! server's header middleware, which also adds the headers in [`COMMON`].

use http::header::{HeaderName, HeaderValue};

/// Headers sent with every response.
pub const COMMON: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// For responses that are not pages (JSON, SVG, files): nothing may run.
pub const STRICT_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy of an HTML page whose inline scripts carry `nonce`: scripts only
/// from Kring itself or with the nonce, WebAssembly compilation for the
/// hydrated app, styles and images only from Kring, no plugins, no framing,
/// forms post only to Kring.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's Content-Security-Policy with this response's nonce. Called
/// while the page renders on the server (leptos_axum provides the nonce and
/// the response options for each render).
pub fn set_page_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(v) = HeaderValue::from_str(&page_policy(&nonce)) {
        resp.insert_header(HeaderName::from_static("content-security-policy"), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_own_and_nonced_scripts() {
        let p = page_policy("abc123");
        assert!(p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
        assert!(!p.contains("unsafe-inline"));
        assert!(HeaderValue::from_str(&p).is_ok());
    }

    #[test]
    fn strict_policy_runs_nothing() {
        assert!(STRICT_POLICY.starts_with("default-src 'none'"));
        assert!(!STRICT_POLICY.contains("script-src"));
        for (name, value) in COMMON {
            assert!(HeaderName::from_bytes(name.as_bytes()).is_ok());
            assert!(HeaderValue::from_str(value).is_ok());
        }
    }
}
