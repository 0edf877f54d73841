//! Kring's web application: Leptos pages and components (rendered on the server
//! and hydrated in the browser), the server functions behind them, and, with the
//! `ssr` feature, the services and state that run only on the server.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod html;
pub mod live;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A mark for browser tests (and the curious): the page is interactive.
    // Pages with a live stream never reach "network idle", so tests wait
    // for this instead.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "1");
    }
}
