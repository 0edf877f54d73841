//! Test harness: a fresh SQLite file per test, the real router, and helpers to
//! post forms the way a browser does.
#![allow(dead_code)]

use app::server::{db, AppState, Config};
use axum::body::Body;
use axum::http::{header, Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub const HOST: &str = "127.0.0.1:3000";

pub async fn app() -> TestApp {
    app_with_addr(HOST).await
}

/// An app whose rate limits never get in the way (for tests that repeat a
/// request many times on purpose).
pub async fn app_without_limits() -> TestApp {
    use app::server::limits::{Policy, Rate};
    let lots = Rate::new(1_000_000, std::time::Duration::from_micros(1));
    let policy = Policy {
        login_account: lots,
        login_account_slow: lots,
        login_client: lots,
        join: lots,
        propose: lots,
        edit: lots,
        vote: lots,
        attendee_client: lots,
    };
    build(HOST, Some(policy)).await
}

pub async fn app_with_addr(addr: &str) -> TestApp {
    build(addr, None).await
}

async fn build(addr: &str, policy: Option<app::server::limits::Policy>) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/kring.db", dir.path().display());
    let pool = db::connect_and_migrate(&url).await.expect("database");
    let options = leptos::config::LeptosOptions::builder()
        .output_name("kring")
        .site_addr(addr.parse::<std::net::SocketAddr>().unwrap())
        .build();
    let cfg = Config {
        database_url: url,
        seed_demo: false,
        demo_password: None,
        public_url: format!("http://{addr}"),
        trusted_proxies: Vec::new(),
        metrics_token: Some("test-metrics-token".into()),
    };
    let mut state = AppState::new(options, pool, cfg);
    if let Some(p) = policy {
        state = state.with_limits(p);
    }
    let store = kring_server::startup::session_store(&state)
        .await
        .expect("session store");
    let router = kring_server::startup::router(state.clone(), store);
    TestApp {
        router,
        state,
        _dir: dir,
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").to_string())
    }
}

async fn reply(resp: Response<Body>) -> Reply {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", k, urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestApp {
    /// A server function call as the hydrated app makes it (JSON answer).
    pub async fn call(
        &self,
        endpoint: &str,
        cookie: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Reply {
        self.post(
            &format!("/api/{endpoint}"),
            cookie,
            Some(&format!("http://{HOST}")),
            pairs,
        )
        .await
    }

    pub async fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        let resp = self
            .router
            .clone()
            .oneshot(req.body(Body::from(encode(pairs))).unwrap())
            .await
            .unwrap();
        reply(resp).await
    }

    /// A plain HTML form post, as a browser without JavaScript sends it.
    pub async fn form_post(
        &self,
        path: &str,
        cookie: &str,
        from_page: &str,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::REFERER, format!("http://{HOST}{from_page}"))
            .header(header::COOKIE, cookie);
        let resp = self
            .router
            .clone()
            .oneshot(req.body(Body::from(encode(pairs))).unwrap())
            .await
            .unwrap();
        reply(resp).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        match cookie {
            Some(c) => self.get_with(path, &[("cookie", c)]).await,
            None => self.get_with(path, &[]).await,
        }
    }

    /// A GET with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        reply(self.get_response(path, headers).await).await
    }

    /// A GET with extra headers, the response as the router gives it (the
    /// body unread, compressed when the headers asked for it).
    pub async fn get_response(&self, path: &str, headers: &[(&str, &str)]) -> Response<Body> {
        let mut req = Request::get(path).header(header::HOST, HOST);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    /// Creates the first organizer through the set-up endpoint and returns the
    /// logged-in session cookie.
    pub async fn organizer(&self) -> String {
        let r = self
            .call(
                "setup",
                None,
                &[
                    ("email", "org@example.org"),
                    ("password", "correct horse battery"),
                ],
            )
            .await;
        assert!(r.status < 400, "setup failed: {} {}", r.status, r.body);
        r.cookie().expect("session cookie")
    }

    pub async fn event(&self, org: &str, slug: &str) {
        let r = self
            .call(
                "create_event",
                Some(org),
                &[
                    ("name", "Test Days"),
                    ("slug", slug),
                    ("timezone", "Europe/Brussels"),
                    ("start_date", "2026-10-26"),
                    ("end_date", "2026-10-27"),
                ],
            )
            .await;
        assert!(r.status < 400, "create_event: {} {}", r.status, r.body);
    }

    /// Joins an event as a new attendee; returns the session cookie.
    pub async fn attendee(&self, slug: &str, name: &str) -> String {
        let r = self
            .call("join", None, &[("slug", slug), ("display_name", name)])
            .await;
        assert!(r.status < 400, "join: {} {}", r.status, r.body);
        r.cookie().expect("attendee cookie")
    }

    pub async fn propose(&self, cookie: &str, slug: &str, title: &str) -> i64 {
        let r = self
            .call(
                "propose",
                Some(cookie),
                &[
                    ("slug", slug),
                    ("title", title),
                    ("description", ""),
                    ("tags", ""),
                ],
            )
            .await;
        assert!(r.status < 400, "propose: {} {}", r.status, r.body);
        r.body
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("topic id, got {}", r.body))
    }
}

/// Fails unless `covered` names every registered server function (by its
/// path without `/api/`) and nothing else: a table-driven test that misses a
/// new endpoint, or keeps a row for a removed one, says so.
pub fn assert_covers_every_server_fn<'a>(covered: impl IntoIterator<Item = &'a str>) {
    use std::collections::BTreeSet;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let covered: BTreeSet<String> = covered.into_iter().map(str::to_string).collect();
    let missing: Vec<_> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row: {missing:?}"
    );
    let unknown: Vec<_> = covered.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "rows for no server function: {unknown:?}"
    );
}
