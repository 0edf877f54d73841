//! Kring's server: configuration, the axum router (Leptos pages and server
//! functions, the JSON API, the QR code) and its middleware. `main.rs` only
//! wires these together; tests build the same router with [`startup::router`].

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
