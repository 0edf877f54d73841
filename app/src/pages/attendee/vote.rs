//! The one-tap "I'm interested" button. It flips at once (optimistic), settles
//! on the server's answer, and falls back to a plain form post without
//! JavaScript. Double taps are harmless: the server's vote is idempotent.

use crate::api::Vote;
use leptos::prelude::*;

#[component]
pub fn VoteButton(
    slug: String,
    topic_id: i64,
    voted: bool,
    votes: Option<i64>,
    /// Votes this attendee has used, shared with the page header.
    used: RwSignal<i64>,
    enabled: bool,
    #[prop(into)] title: String,
) -> impl IntoView {
    let act = ServerAction::<Vote>::new();
    // Each call of `input()` or `value()` makes a new mapped signal: make one
    // of each and share it (the topic list renders 40 of these buttons).
    let input = act.input();
    let value = act.value();
    let confirmed = RwSignal::new(voted);
    let count = RwSignal::new(votes);
    // Others' votes, from the live stream (while mine is not in flight).
    if let Some(super::event::LiveCounts(live)) = use_context::<super::event::LiveCounts>() {
        Effect::new(move |_| {
            let n = live.with(|m| m.get(&topic_id).copied());
            if let Some(n) = n {
                if count.get_untracked().is_some() && !act.pending().get_untracked() {
                    count.set(Some(n));
                }
            }
        });
    }
    Effect::new(move |_| {
        if let Some(Ok(r)) = value.get() {
            confirmed.set(r.voted);
            count.set(r.topic_votes);
            used.set(r.votes_used);
        }
    });
    let shown = move || {
        input
            .with(|i| i.as_ref().map(|i| i.on))
            .unwrap_or_else(|| confirmed.get())
    };
    let shown_count = move || {
        count.get().map(|c| {
            let pending = input.with(|i| i.as_ref().map(|i| i.on));
            match pending {
                Some(true) if !confirmed.get() => c + 1,
                Some(false) if confirmed.get() => (c - 1).max(0),
                _ => c,
            }
        })
    };
    let error = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err().map(|e| e.to_string()))
        })
    };
    let label = move || {
        if shown() {
            format!("Remove my interest in {title}")
        } else {
            format!("I'm interested in {title}")
        }
    };
    view! {
        <div class="vote-box">
            <ActionForm action=act>
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="topic_id" value=topic_id.to_string()/>
                <input type="hidden" name="on" value=move || (!shown()).to_string()/>
                <button type="submit" class="vote" class:voted=shown aria-pressed=move || shown().to_string()
                    aria-label=label disabled=!enabled>
                    <span aria-hidden="true">{move || if shown() { "★ Interested" } else { "☆ I'm interested" }}</span>
                </button>
            </ActionForm>
            {move || shown_count().map(|c| view! {
                <span class="count" title="people interested">{c} <span class="count-label">{if c == 1 { " vote" } else { " votes" }}</span></span>
            })}
            <Show when=move || error().is_some()>
                <p class="field-error" role="alert">{error}</p>
            </Show>
        </div>
    }
}
