//! Prometheus metrics at `/metrics`, for whoever runs Kring: requests by
//! route and status, a latency histogram per route, open live streams, and
//! scheduler runs with their total duration. Off unless `KRING_METRICS_TOKEN`
//! is set; then only `Authorization: Bearer <token>` reads them (404
//! otherwise, so the public port does not advertise them). Hand-written text
//! format: a few counters do not need a metrics framework.

use app::server::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The request counters, shared by every request.
#[derive(Default, Clone)]
pub struct Metrics(Arc<Mutex<BTreeMap<String, Route>>>);

impl Metrics {
    fn observe(&self, route: String, status: u16, seconds: f64) {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let r = all.entry(route).or_default();
        *r.by_status.entry(status).or_default() += 1;
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                r.buckets[i] += 1;
            }
        }
        r.count += 1;
        r.sum += seconds;
    }

    /// The text exposition format, with the gauges read from `state`.
    pub fn render(&self, state: &AppState) -> String {
        use std::sync::atomic::Ordering::Relaxed;
        let mut out = String::new();
        let all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP kring_http_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE kring_http_requests_total counter\n");
        for (route, r) in all.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "kring_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str(
            "# HELP kring_http_request_duration_seconds Time to the response, by route.\n",
        );
        out.push_str("# TYPE kring_http_request_duration_seconds histogram\n");
        for (route, r) in all.iter() {
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "kring_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {}",
                    r.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "kring_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                out,
                "kring_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                r.sum
            );
            let _ = writeln!(
                out,
                "kring_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                r.count
            );
        }
        drop(all);
        out.push_str("# HELP kring_live_streams_open Live-update streams open now.\n");
        out.push_str("# TYPE kring_live_streams_open gauge\n");
        let _ = writeln!(out, "kring_live_streams_open {}", state.feed.open_streams());
        let runs = state.jobs.stats();
        out.push_str("# HELP kring_scheduler_runs_total Scheduler runs ended, by outcome.\n");
        out.push_str("# TYPE kring_scheduler_runs_total counter\n");
        let _ = writeln!(
            out,
            "kring_scheduler_runs_total{{outcome=\"stored\"}} {}",
            runs.stored.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "kring_scheduler_runs_total{{outcome=\"failed\"}} {}",
            runs.failed.load(Relaxed)
        );
        out.push_str(
            "# HELP kring_scheduler_run_seconds_total Time spent in ended scheduler runs.\n",
        );
        out.push_str("# TYPE kring_scheduler_run_seconds_total counter\n");
        let _ = writeln!(
            out,
            "kring_scheduler_run_seconds_total {}",
            runs.millis.load(Relaxed) as f64 / 1000.0
        );
        out
    }
}

/// Counts a routed request under its route pattern (`/e/{slug}`), or for
/// server functions under their path (`/api/vote`, a fixed set).
pub async fn record(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let route = match req.extensions().get::<MatchedPath>() {
        Some(m) if !m.as_str().contains('*') => m.as_str().to_string(),
        _ if path.starts_with("/api/") && !path.starts_with("/api/v1/") => path,
        Some(m) => m.as_str().to_string(),
        None => "unmatched".to_string(),
    };
    let start = Instant::now();
    let resp = next.run(req).await;
    metrics.observe(route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

/// `GET /metrics`: the metrics for a bearer of the token; 404 for anyone
/// else, and when no token is configured.
pub async fn handler(
    State((state, metrics)): State<(AppState, Metrics)>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(token) = state
        .config
        .metrics_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if given.is_none_or(|g| !constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics.render(&state),
    )
        .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
