//! Pages whose code a phone only downloads when it opens them.
//!
//! Most visitors are attendees on a phone, on crowded venue Wi-Fi, and most of
//! them open one page: the event's topic list (`/e/{slug}`, where the link and
//! the QR code point). Built with `cargo leptos build --split`, the other pages
//! are split out of the main bundle in three groups (the organizer's pages, the
//! wall screens, the attendee's other pages), each one chunk loaded when the
//! router first enters one of its routes. The topic list stays in the main
//! bundle, so it needs nothing else before the first tap works. When a split
//! page is opened directly, the server names its chunks in `Link: rel=preload`
//! headers (`server::chunks`), so they download alongside the main bundle.
//!
//! Measured on the release build (`scripts/bundle-size.sh`, gzip -9, all a
//! first visit fetches; before: 727 KB for every page): the topic list 373 KB,
//! the attendee's other pages 478 KB, the wall screens 441 KB, the organizer's
//! pages 675 KB. On a throttled phone (`scripts/phone-load.sh`, medians of 5)
//! the topic list answers its first tap after 2.4 s instead of 3.3 s.
//!
//! Tried and dropped: a chunk per page. The topic list was the same, but the
//! code shared between split pages was cut into a small chunk per combination
//! of pages (the board needed 32 files); over HTTP/1.1 a phone fetches six at
//! a time, and the board hydrated after 3.0 s against 2.3 s with groups.
//!
//! The pages load their own data (resources inside the component), so `data()`
//! has nothing to start: on a client-side navigation into a group for the first
//! time, the chunk and then the page's server call run one after the other; a
//! bar across the top of the screen shows that something is on its way. So
//! that an attendee's first tap on a topic or on "Propose" does not wait for a
//! chunk, the topic list fetches the attendee group's chunk by itself a few
//! seconds after it became interactive ([`prefetch_attendee_pages`]), when
//! the first tap has been answered.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A split page's chunk did not arrive (the venue's Wi-Fi dropped, say).
/// Without this, the chunk loader would panic and take the whole page's
/// WebAssembly down with it; instead the page says so and offers a retry.
#[derive(Clone, Copy, Debug)]
pub struct ChunkMissing;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// Shown in place of a page whose code did not arrive. "Try again" is a plain
/// link (the router leaves `rel="external"` alone): a full load of the page,
/// rendered by the server, which preloads the chunks again.
#[component]
fn ChunkMissingView() -> impl IntoView {
    let here = leptos_router::hooks::use_location();
    let href = move || format!("{}{}", here.pathname.get(), here.search.get());
    view! {
        <section class="card notice" role="alert">
            <h1>"This page did not load"</h1>
            <p>"Its code did not arrive: the connection may have dropped."</p>
            <p><a href=href rel="external">"Try again"</a></p>
        </section>
    }
}

/// Declares a group of pages whose code is one chunk (the function `$group`,
/// split out with `wasm_split`, the machinery under Leptos's `#[lazy]`), and
/// a route type for each page. One chunk per group rather than per page: code
/// that several split pages share would otherwise be cut into a small chunk
/// per combination of pages (the board needed 32 files), and on HTTP/1.1 a
/// phone fetches only six at a time. `fallible`: a chunk that fails to load
/// is an `Err` (a retry later starts afresh), not a panic as with `#[lazy]`.
macro_rules! lazy_group {
    (
        $(#[$gdoc:meta])* $group:ident, $preload:ident, $which:ident {
            $( $(#[$doc:meta])* $route:ident => $page:path, )+
        }
    ) => {
        $(#[$gdoc])*
        #[derive(Clone, Copy, Debug)]
        pub enum $which {
            $( $(#[$doc])* $route, )+
        }

        #[cfg(not(feature = "ssr"))]
        #[leptos::wasm_split::wasm_split(
            $group,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[doc(hidden)] $preload),
            fallible
        )]
        fn $group(page: $which) -> Result<AnyView, ChunkMissing> {
            Ok(match page {
                $( $which::$route => view! { <$page/> }.into_any(), )+
            })
        }

        #[cfg(feature = "ssr")]
        async fn $group(page: $which) -> Result<AnyView, ChunkMissing> {
            crate::server::chunks::preload(stringify!($group));
            Ok(match page {
                $( $which::$route => view! { <$page/> }.into_any(), )+
            })
        }

        $(
            $(#[$doc])*
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    match $group($which::$route).await {
                        Ok(page) => page,
                        Err(ChunkMissing) => view! { <ChunkMissingView/> }.into_any(),
                    }
                }

                async fn preload() {
                    // A failure shows when the page is chosen (`view`), which
                    // tries once more.
                    #[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
                    let _ = $preload().await;
                }
            }
        )+
    };
}

lazy_group!(
    /// The organizer's pages, at a desk.
    organizer_pages, __preload_organizer_pages, OrganizerPage {
        /// `/setup`: the first organizer account.
        Setup => crate::pages::auth::SetupPage,
        /// `/login`: organizers only.
        Login => crate::pages::auth::LoginPage,
        /// `/admin`: the organizer's events.
        Dashboard => crate::pages::admin::DashboardPage,
        /// `/admin/e/{slug}`: an event's set-up.
        EventAdmin => crate::pages::admin::EventAdminPage,
        /// `/admin/e/{slug}/topics`: moderation and merges.
        TopicsAdmin => crate::pages::admin::TopicsAdminPage,
        /// `/admin/e/{slug}/schedule`: run, adjust and publish.
        ScheduleAdmin => crate::pages::admin::ScheduleAdminPage,
    }
);

lazy_group!(
    /// The screens on the venue's walls and doors.
    wall_pages, __preload_wall_pages, WallPage {
        /// `/e/{slug}/board`: the venue's big screen.
        Board => crate::pages::board::BoardPage,
        /// `/e/{slug}/board/room/{id}`: a room's door display.
        Door => crate::pages::board::DoorPage,
    }
);

lazy_group!(
    /// The attendee's pages other than the topic list.
    attendee_pages, __preload_attendee_pages, AttendeePage {
        /// `/`: what Kring is, and the way in for organizers.
        Home => crate::pages::home::HomePage,
        /// `/e/{slug}/schedule`: the published schedule and my agenda.
        Schedule => crate::pages::attendee::SchedulePage,
        /// `/e/{slug}/print`: the schedule on paper.
        Print => crate::pages::attendee::PrintPage,
        /// `/e/{slug}/propose`: a new topic.
        Propose => crate::pages::attendee::ProposePage,
        /// `/e/{slug}/t/{id}`: one topic.
        Topic => crate::pages::attendee::TopicPage,
    }
);

/// Fetches the attendee group's chunk in the background, `after` the call, so
/// that the next page an attendee opens from the topic list needs no download.
/// Only in the browser; a no-op on the server.
pub fn prefetch_attendee_pages(after: std::time::Duration) {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    set_timeout(
        || {
            leptos::task::spawn_local(async {
                // Not fetched now: the page that needs it tries again.
                let _ = __preload_attendee_pages().await;
            })
        },
        after,
    );
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    let _ = after;
}
