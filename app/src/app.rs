//! The HTML shell and the routes.

use crate::components::NotFound;
use crate::pages::{admin, attendee, auth, board, home::HomePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

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
    view! {
        // The one formatter for every page title: it escapes the title on the
        // server, where leptos_meta writes it into <head> raw (see `html`).
        // No other <Title> may set a formatter, or it would replace this one.
        <Title text="Kring" formatter=crate::html::raw_sink/>
        // Pages wait for their data before the first byte (SsrMode::Async), so
        // that a missing event answers with a real 404 status.
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <main id="main">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/setup") view=auth::SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=admin::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug") view=admin::EventAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug/topics") view=admin::TopicsAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/e/:slug/schedule") view=admin::ScheduleAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/schedule") view=attendee::SchedulePage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/print") view=attendee::PrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/board") view=board::BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/board/room/:room") view=board::DoorPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug") view=attendee::EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/propose") view=attendee::ProposePage ssr=SsrMode::Async/>
                    <Route path=path!("/e/:slug/t/:id") view=attendee::TopicPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
