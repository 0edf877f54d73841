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

fn vote_budget_text(used: i64, budget: Option<u32>) -> String {
    match budget {
        Some(b) => format!("{used} of {b} votes used"),
        None if used == 1 => "1 topic marked".to_string(),
        None => format!("{used} topics marked"),
    }
}
