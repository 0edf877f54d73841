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
    // Asynchronous hydration: a page split out of the main bundle
    // (`pages::lazy`) hydrates once its chunk has arrived.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::tachys::dom::body();
        // The app lives as long as the page.
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // A mark for browser tests (and the curious): the page is interactive.
        // Pages with a live stream never reach "network idle", so tests wait
        // for this instead.
        let _ = body.set_attribute("data-hydrated", "1");
    });
}
