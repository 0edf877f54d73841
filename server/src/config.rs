//! Settings from the environment, with defaults that run Kring on a laptop:
//! an SQLite file under `./data`, the demo event seeded, http on 127.0.0.1:3000.

use app::server::Config;
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str, default: bool) -> bool {
    match var(name).map(|v| v.to_lowercase()) {
        Some(v) => matches!(v.as_str(), "1" | "true" | "yes" | "on"),
        None => default,
    }
}

/// Leptos' own settings. `cargo leptos` sets the `LEPTOS_*` variables; the
/// defaults match `[[workspace.metadata.leptos]]` so that the binary also runs
/// on its own (for example `kring admin ...`).
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let site_addr: SocketAddr = var("LEPTOS_SITE_ADDR")
        .unwrap_or_else(|| "127.0.0.1:3000".into())
        .parse()
        .map_err(|e| format!("LEPTOS_SITE_ADDR: {e}"))?;
    let env = match var("LEPTOS_ENV").as_deref() {
        Some("PROD") | Some("prod") | Some("production") => Env::PROD,
        _ => Env::DEV,
    };
    Ok(LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "kring".into()))
        .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
        .site_addr(site_addr)
        .reload_port(
            var("LEPTOS_RELOAD_PORT")
                .and_then(|p| p.parse().ok())
                .unwrap_or(3001),
        )
        .env(env)
        .hash_files(hash_files())
        .build())
}

/// Whether the bundle's file names carry content hashes: `cargo leptos`
/// writes `hash.txt` next to the server binary when it made hashed names
/// (`hash-files = true` in Cargo.toml); `LEPTOS_HASH_FILES` overrides.
fn hash_files() -> bool {
    if let Some(v) = var("LEPTOS_HASH_FILES") {
        return v == "true";
    }
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("hash.txt")))
        .is_some_and(|p| p.exists())
}

pub fn app_config(site_addr: SocketAddr) -> Config {
    Config {
        database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/kring.db".into()),
        seed_demo: flag("KRING_SEED_DEMO", true),
        demo_password: var("KRING_DEMO_PASSWORD"),
        public_url: var("KRING_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")),
        trusted_proxies: trusted_proxies(var("KRING_TRUSTED_PROXIES").as_deref().unwrap_or("")),
        metrics_token: var("KRING_METRICS_TOKEN"),
    }
}

/// `KRING_TRUSTED_PROXIES`: comma-separated addresses of the reverse proxies
/// in front of Kring (e.g. `127.0.0.1,::1`). Entries that are not addresses
/// are skipped with a warning.
pub fn trusted_proxies(raw: &str) -> Vec<std::net::IpAddr> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.parse() {
            Ok(ip) => Some(ip),
            Err(_) => {
                tracing::warn!(
                    entry = s,
                    "KRING_TRUSTED_PROXIES: not an IP address, ignored"
                );
                None
            }
        })
        .collect()
}
