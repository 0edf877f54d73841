//! The one application state: handed to axum as router state and to Leptos as
//! context, so that server functions and handlers share the pool, the settings
//! and the live-update channel. There are no globals.

use super::live::LiveUpdate;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::broadcast;

/// Settings read at start-up (see the README for the environment variables).
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    /// Seed the demo event on first start.
    pub seed_demo: bool,
    /// Password for the demo organizer; random when unset.
    pub demo_password: Option<String>,
    /// The address attendees use, for join links and QR codes
    /// (e.g. `https://kring.example.org`). Defaults to the listen address.
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed
    /// (`KRING_TRUSTED_PROXIES`); from anyone else it is ignored, so a client
    /// cannot pick the address its rate limits count against.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `/metrics` answers only to `Authorization: Bearer <this>`
    /// (`KRING_METRICS_TOKEN`); unset, it is off.
    pub metrics_token: Option<String>,
}

impl Config {
    /// Cookies get the `Secure` flag when Kring is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub live: broadcast::Sender<LiveUpdate>,
    /// Scheduler runs in the background, one per event.
    pub jobs: super::schedule::Jobs,
    /// The public live feed behind every `/e/{slug}/live` stream.
    pub feed: super::live::Feed,
    /// Rate limits per session, account and address.
    pub limits: Arc<super::limits::Limits>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: SqlitePool, config: Config) -> Self {
        let (live, _) = broadcast::channel(256);
        Self {
            leptos_options,
            pool,
            config: Arc::new(config),
            live,
            jobs: Default::default(),
            feed: Default::default(),
            limits: Default::default(),
        }
    }

    /// The same state with other rate limits (tests).
    pub fn with_limits(mut self, policy: super::limits::Policy) -> Self {
        self.limits = Arc::new(super::limits::Limits::new(policy));
        self
    }
}
