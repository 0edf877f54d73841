//! Kring's server: configuration, the axum router (Leptos pages and server
//! functions, the JSON API, the QR code) and its middleware. `main.rs` only
//! wires these together; tests build the same router with [`startup::router`].

/// mimalloc instead of the system allocator. Rendering a page allocates and
/// frees thousands of small objects on every tokio worker at once; glibc's
/// malloc spent about a fifth of the server's CPU on that under 200
/// simultaneous page loads (measured with perf on the `schedule_run` bench).
/// Declared in the library so that the server, its tests and its benchmarks
/// all run on the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod client_ip;
pub mod config;
pub mod exports;
pub mod headers;
pub mod json_api;
pub mod live;
pub mod metrics;
pub mod ops;
pub mod origin;
pub mod startup;
pub mod status;
