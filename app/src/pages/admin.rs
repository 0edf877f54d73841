//! The organizer's side, at a desk: events, their rooms and slots, phases, the
//! join link, and every topic with its votes.

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

/// Bumps `refresh` whenever `value` turns into a success, so that the page
/// reloads its data after a row's action.
fn refresh_on_success<T, V>(value: V, refresh: RwSignal<u64>)
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            refresh.update(|n| *n += 1);
        }
    });
}
