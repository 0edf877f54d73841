//! The attendee's side, on a phone: join with a name, browse and vote, propose,
//! and look after one's own topics.

mod event;
mod propose;
mod schedule;
mod topic;
mod vote;

pub use event::EventPage;
pub use propose::ProposePage;
pub use propose::TopicFields as TopicFieldsFor;
pub use schedule::{PrintPage, SchedulePage};
pub use topic::TopicPage;

use crate::model::EventView;
use leptos::prelude::*;

/// The phases, said plainly, so nobody wonders why a button is missing.
#[component]
fn PhaseNotice(event: EventView) -> impl IntoView {
    let mut notes = Vec::new();
    if !event.proposing_open {
        notes.push("Proposing is closed.".to_string());
    }
    if !event.voting_open {
        notes.push("Voting is closed.".to_string());
    } else if event.hide_counts {
        notes.push("Vote counts are hidden until voting closes.".to_string());
    }
    (!notes.is_empty()).then(|| view! { <p class="notice">{notes.join(" ")}</p> })
}

/// "Your sessions changed" after a publish, once per published version, on
/// whatever attendee page is open. `news` is filled by the page's live
/// listener (see [`fetch_news`]).
#[component]
fn ScheduleNews(slug: String, news: RwSignal<Vec<String>>) -> impl IntoView {
    let agenda = format!("/e/{slug}/schedule?mine=1");
    view! {
        <div class="news-region" role="status" aria-live="polite">
            <Show when=move || news.with(|n| !n.is_empty())>
                <section class="notice news" aria-label="Schedule changes">
                    <p><strong>"The schedule changed"</strong></p>
                    <ul>{move || news.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    <p><a href=agenda.clone()>"See my agenda"</a>
                        " · " <button type="button" class="link" on:click=move |_| news.set(Vec::new())>"Dismiss"</button></p>
                </section>
            </Show>
        </div>
    }
}

/// Fetches what published version `number` changed for me, once per version.
fn fetch_news(
    slug: String,
    number: i64,
    news: RwSignal<Vec<String>>,
    shown: StoredValue<Vec<i64>>,
) {
    if shown.with_value(|s| s.contains(&number)) {
        return;
    }
    shown.update_value(|s| s.push(number));
    leptos::task::spawn_local(async move {
        if let Ok(lines) = crate::api::schedule_news(slug, number).await {
            if !lines.is_empty() {
                news.set(lines);
            }
        }
    });
}

fn vote_budget_text(used: i64, budget: Option<u32>) -> String {
    match budget {
        Some(b) => format!("{used} of {b} votes used"),
        None if used == 1 => "1 topic marked".to_string(),
        None => format!("{used} topics marked"),
    }
}
