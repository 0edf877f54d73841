//! The HTML shell and the routes.

use crate::components::NotFound;
use crate::pages::{attendee, lazy};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's Content-Security-Policy names this response's script nonce.
    #[cfg(feature = "ssr")]
    crate::server::security::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f4e79"/>
                <AutoReload options=options.clone()/>
                // The bundle's names carry content hashes (cached for a year).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let (is_routing, set_is_routing) = signal(false);
    view! {
        // The one formatter for every page title: it escapes the title on the
        // server, where leptos_meta writes it into <head> raw (see `html`).
        // No other <Title> may set a formatter, or it would replace this one.
        <Title text="Kring" formatter=crate::html::raw_sink/>
        // Pages wait for their data before the first byte (SsrMode::Async), so
        // that a missing event answers with a real 404 status.
        <Router set_is_routing>
            <a class="skip" href="#main">"Skip to content"</a>
            // While the next page (or its code, see `pages::lazy`) loads after a
            // tap on a link, a bar across the top says something is happening.
            <div class="route-progress" class:active=is_routing aria-hidden="true"></div>
            <main id="main" aria-busy=move || is_routing.get().then_some("true")>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view={Lazy::<lazy::Home>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/setup") view={Lazy::<lazy::Setup>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view={Lazy::<lazy::Login>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view={Lazy::<lazy::Dashboard>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug") view={Lazy::<lazy::EventAdmin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug/topics") view={Lazy::<lazy::TopicsAdmin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug/schedule") view={Lazy::<lazy::ScheduleAdmin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/schedule") view={Lazy::<lazy::Schedule>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/print") view={Lazy::<lazy::Print>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/board") view={Lazy::<lazy::Board>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/board/room/:room") view={Lazy::<lazy::Door>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug") view=attendee::EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/propose") view={Lazy::<lazy::Propose>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/t/:id") view={Lazy::<lazy::Topic>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
