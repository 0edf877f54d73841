//! Builds the application: state and router. Tests call [`router`] with a
//! state of their own and drive it with `tower::ServiceExt::oneshot` or a real
//! listener.

use crate::{client_ip, exports, headers, json_api, live, metrics, ops, origin, status};
use app::app::{shell, App};
use app::server::{qr, AppState};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{CachingSessionStore, Expiry, SessionManagerLayer};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::SqliteStore;

/// The largest request body Kring accepts.
pub const MAX_BODY: usize = 64 * 1024;

/// The session store, in the application's own database. Its table is created
/// here (the store manages its own schema).
pub async fn session_store(state: &AppState) -> Result<SqliteStore, sqlx::Error> {
    let store = SqliteStore::new(state.pool.clone());
    store.migrate().await?;
    Ok(store)
}

/// How many sessions the in-memory cache in front of the database keeps (the
/// least recently used go first; a miss reads the database).
const SESSION_CACHE: u64 = 20_000;

pub fn router(state: AppState, store: SqliteStore) -> Router {
    // Every request reads its session: from memory, not a database round trip
    // (sessions change only through this store, so the cache stays true).
    let store = CachingSessionStore::new(MokaStore::new(Some(SESSION_CACHE)), store);
    let sessions = SessionManagerLayer::new(store)
        .with_name("kring_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    // The route list is the same for every router, and generating it sets a
    // process-wide "don't load resources" flag for a moment: a page rendering
    // meanwhile in another router (tests build one per test, in parallel)
    // would wait forever (leptos-rs/leptos#4773). So it is generated once,
    // before any router exists, and shared.
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let public_url = Arc::new(state.config.public_url.clone());
    let trusted_proxies = Arc::new(state.config.trusted_proxies.clone());
    let pkg = bundle(&state);
    let metrics = metrics::Metrics::default();
    let router = Router::new()
        .merge(pkg)
        .merge(json_api::routes())
        .merge(exports::routes())
        .merge(live::routes())
        .route("/e/{slug}/qr.svg", get(qr_svg))
        .merge(ops::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        // Every route above is counted under its pattern.
        .route_layer(axum::middleware::from_fn_with_state(
            metrics.clone(),
            metrics::record,
        ))
        .route(
            "/metrics",
            get(metrics::handler).with_state((state.clone(), metrics)),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(status::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            public_url,
            origin::guard,
        ))
        .layer(sessions)
        // Kring's forms are small (a topic is at most a few KiB): a larger body
        // is refused with 413 before it is read (or while, without a length).
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(axum::middleware::from_fn_with_state(
            trusted_proxies,
            client_ip::resolve,
        ))
        // Outermost but for tracing, so every layer above sees plain bodies
        // (the status layer reads server functions' error bodies).
        .layer(compression());
    ops::traced(router.with_state(state))
}

/// Pages, server function answers, the JSON API and the exports, compressed
/// for browsers that take it (brotli, else gzip). The demo's topic list is
/// 52.6 KB of HTML and hydration data and 5.9 KB in brotli: a ninth of the
/// venue's Wi-Fi per page load. On a throttled phone a return visit (bundle
/// cached) loaded in 378 ms instead of 437 ms (medians of 9); a first visit
/// is bound by the bundle and painted no sooner (`server/BENCHMARKS.md`).
///
/// Quality 1: the `page_cost` bench measured about 0.44 ms of server time
/// per topic list for it (1.85 → 2.29 ms) against about 0.8 ms at
/// tower-http's default (brotli 4, 5.3 KB); the extra half-kilobyte is
/// cheaper than the CPU on a two-core server. An encoder holds a streamed
/// page back until it is complete, which costs nothing here (a page is
/// rendered in a few milliseconds).
///
/// Left alone: the live stream (held back in the encoder it would stop
/// being live, so `DefaultPredicate` skips `text/event-stream`), images but
/// SVG, tiny answers, anything already encoded (the bundle's pre-compressed
/// files) and the WebAssembly itself (a debug build's is tens of MB; release
/// builds ship it pre-compressed).
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(1))
        .compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
        )
}

/// The browser bundle (`/pkg/…`): the pre-compressed copy when the browser
/// takes it (`--precompress` release builds write `.br` and `.gz` beside each
/// file), cached for a year when the names carry content hashes (a new build
/// has new names), revalidated on every load otherwise.
fn bundle(state: &AppState) -> Router<AppState> {
    let opts = &state.leptos_options;
    let dir = std::path::Path::new(opts.site_root.as_ref()).join(opts.site_pkg_dir.as_ref());
    let serve = tower_http::services::ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip();
    let router = Router::new().nest_service(&format!("/{}", opts.site_pkg_dir), serve);
    if opts.hash_files {
        router.layer(axum::middleware::map_response(cache_for_good))
    } else {
        router.layer(axum::middleware::map_response(revalidate))
    }
}

async fn cache_for_good(mut r: Response) -> Response {
    if r.status().is_success() {
        r.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    r
}

async fn revalidate(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    r
}

/// The join link as a printable SVG QR code.
async fn qr_svg(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let event = match app::server::events::by_slug(&state.pool, &slug).await {
        Ok(e) => e,
        Err(e) => return json_api::ApiError::from(e).into_response(),
    };
    let url = app::server::events::join_url(&state.config.public_url, &event.slug);
    match qr::svg_for(&url) {
        Ok(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            svg,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "QR code rendering failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
