//! The organizer's side, at a desk: events, their rooms and slots, phases, the
//! join link, and every topic with its votes.

mod answers;
mod dashboard;
mod event;
mod schedule;
mod team;
mod topics;
mod venue;

pub use dashboard::DashboardPage;
pub use event::EventAdminPage;
pub use schedule::ScheduleAdminPage;
pub use topics::TopicsAdminPage;

use crate::error::AppError;
use leptos::prelude::*;

/// Navigation between an event's organizer pages.
#[component]
fn AdminNav(slug: String, current: &'static str) -> impl IntoView {
    let link = |href: String, label: &'static str, key: &'static str| {
        view! { <a href=href aria-current=(current == key).then_some("page")>{label}</a> }
    };
    view! {
        <nav class="admin-nav" aria-label="Event administration">
            {link("/admin".into(), "All events", "events")}
            {link(format!("/admin/e/{slug}"), "Set-up", "setup")}
            {link(format!("/admin/e/{slug}/topics"), "Topics", "topics")}
            {link(format!("/admin/e/{slug}/schedule"), "Schedule", "schedule")}
            {link(format!("/e/{slug}"), "Attendee view", "attendee")}
        </nav>
    }
}

/// Keeps a page's data current after its saves without drawing the page
/// again: each bump of `refresh` fetches the data and sets `data`, and the
/// page's lists follow it with keyed `<For>` rows. A row whose data did not
/// change keeps its elements (what was typed in them, an open "Edit" panel);
/// a changed row is drawn afresh; no row takes over another row's elements
/// when the order changes. (Drawn again from a reloaded resource, the page
/// was patched by position: with the topics reordered by new votes, a
/// half-typed edit of one topic was left in the form of another.)
///
/// Only the answer to the latest bump is used. A reload that fails keeps
/// what is on screen and says so in the returned signal.
fn reload_into<T, Fut>(
    data: RwSignal<T>,
    refresh: RwSignal<u64>,
    fetch: impl Fn() -> Fut + 'static,
) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + 'static,
{
    let failed = RwSignal::new(None::<String>);
    let redrawn = RwSignal::new(0u64);
    provide_context(answers::Redrawn(redrawn));
    Effect::new(move |seen: Option<u64>| {
        let n = refresh.get();
        if seen.is_some_and(|s| s != n) {
            let answer = fetch();
            leptos::task::spawn_local(async move {
                let answer = answer.await;
                if refresh.get_untracked() != n {
                    return;
                }
                match answer {
                    Ok(d) => {
                        data.set(d);
                        failed.set(None);
                        redrawn.update(|r| *r += 1);
                    }
                    Err(e) => failed.set(Some(format!(
                        "This page could not reload its data ({e}); what it shows may be out of date. Reload the page."
                    ))),
                }
            });
        }
        n
    });
    failed.into()
}

/// A row's key for keyed lists: all of its content, so that a row whose
/// data changed is drawn afresh.
fn row_key(row: &impl std::fmt::Debug) -> String {
    format!("{row:?}")
}
