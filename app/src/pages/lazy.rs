//! Pages whose code a phone only downloads when it opens them.
//!
//! Most visitors are attendees on a phone, on crowded venue Wi-Fi, and most of
//! them open one page: the event's topic list (`/e/{slug}`, the link and QR code
//! point there). Built with `cargo leptos build --split`, every route here
//! becomes its own WebAssembly chunk; the topic list stays in the main bundle,
//! so that page needs nothing else before the first tap works. A chunk loads
//! when the router first enters its route; when a page is opened directly, the
//! server names its chunks in `Link: rel=preload` headers (`server::chunks`),
//! so they download alongside the main bundle instead of after it.
//!
//! Measured on the release build (gzip -9, everything a first visit fetches;
//! see `scripts/bundle-size.sh`): the topic list went from 727 KB to 379 KB,
//! the other attendee pages need 400 to 435 KB, the board 446 KB; the
//! organizer's schedule page, the heaviest, 565 KB. Splitting every attendee
//! page out as well was tried: the topic list then needed 131 small chunks and
//! 505 KB, because the code they share compresses worse in pieces.
//!
//! The pages load their own data (resources inside the component), so `data()`
//! has nothing to start: on a client-side navigation the chunk and the page's
//! server call run one after the other. A chunk is a few kilobytes to a few
//! hundred, once per visit.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose whole page is one lazily loaded chunk.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                #[cfg(feature = "ssr")]
                crate::server::chunks::preload(stringify!($route));
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/setup`: the first organizer account.
    Setup => crate::pages::auth::SetupPage
);
lazy_page!(
    /// `/login`: organizers only.
    Login => crate::pages::auth::LoginPage
);
lazy_page!(
    /// `/admin`: the organizer's events.
    Dashboard => crate::pages::admin::DashboardPage
);
lazy_page!(
    /// `/admin/e/{slug}`: an event's set-up.
    EventAdmin => crate::pages::admin::EventAdminPage
);
lazy_page!(
    /// `/admin/e/{slug}/topics`: moderation and merges.
    TopicsAdmin => crate::pages::admin::TopicsAdminPage
);
lazy_page!(
    /// `/admin/e/{slug}/schedule`: run, adjust and publish.
    ScheduleAdmin => crate::pages::admin::ScheduleAdminPage
);
lazy_page!(
    /// `/e/{slug}/print`: the schedule on paper.
    Print => crate::pages::attendee::PrintPage
);
lazy_page!(
    /// `/e/{slug}/board`: the venue's big screen.
    Board => crate::pages::board::BoardPage
);
lazy_page!(
    /// `/e/{slug}/board/room/{id}`: a room's door display.
    Door => crate::pages::board::DoorPage
);
lazy_page!(
    /// `/`: what Kring is, and the way in for organizers.
    Home => crate::pages::home::HomePage
);
lazy_page!(
    /// `/e/{slug}`: the topic list, or the schedule once published.
    Event => crate::pages::attendee::EventPage
);
lazy_page!(
    /// `/e/{slug}/schedule`: the published schedule and my agenda.
    Schedule => crate::pages::attendee::SchedulePage
);
lazy_page!(
    /// `/e/{slug}/propose`: a new topic.
    Propose => crate::pages::attendee::ProposePage
);
lazy_page!(
    /// `/e/{slug}/t/{id}`: one topic.
    Topic => crate::pages::attendee::TopicPage
);
