//! The one-tap "I'm interested" button. It flips at once (optimistic), settles
//! on the server's answer, and falls back to a plain form post without
//! JavaScript. Double taps are harmless: the server's vote is idempotent, and
//! only the answer to the latest tap is shown.
//!
//! Why no `ServerAction`/`ActionForm`: the topic list draws one button per
//! topic (40 on the demo), on the server for every page load and again in the
//! phone's browser when it hydrates. An action is a bundle of signals of its
//! own (input, value, version, pending) plus mapped signals and effects to
//! read them; one signal holding the button's state does the same work. The
//! form is the one `ActionForm` would draw (same URL, same fields), so a
//! phone without JavaScript posts it as before. On the server the topic list
//! renders about 18 % faster for it (`cargo bench -p kring --bench
//! page_cost`; `server/BENCHMARKS.md`).

use crate::api::Vote;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What one button knows. One signal for all of it: the views below read
/// only the parts they need.
#[derive(Debug, Clone, Default, PartialEq)]
struct VoteState {
    /// My vote as the server last confirmed it.
    confirmed: bool,
    /// People interested, when the event shows counts.
    count: Option<i64>,
    /// The state asked for by a tap whose answer has not arrived.
    pending: Option<bool>,
    /// Taps sent so far; an answer counts only if it is the latest tap's.
    sent: u64,
    /// Why the latest tap was refused.
    error: Option<String>,
}

impl VoteState {
    /// What the button shows: the tap in flight, or else the confirmed vote.
    fn shown(&self) -> bool {
        self.pending.unwrap_or(self.confirmed)
    }

    /// The count with the tap in flight already counted.
    fn shown_count(&self) -> Option<i64> {
        self.count.map(|c| match self.pending {
            Some(true) if !self.confirmed => c + 1,
            Some(false) if self.confirmed => (c - 1).max(0),
            _ => c,
        })
    }

    /// A tap: flips what is shown and returns the tap's number and the vote
    /// to send.
    fn tap(&mut self) -> (u64, bool) {
        let on = !self.shown();
        self.pending = Some(on);
        self.sent += 1;
        self.error = None;
        (self.sent, on)
    }

    /// The server's answer to tap number `n` (stale answers are dropped:
    /// a later tap is on its way and its answer will settle the button).
    /// Returns whether it was taken.
    fn answer(&mut self, n: u64, result: Result<(bool, Option<i64>), String>) -> bool {
        if n != self.sent {
            return false;
        }
        self.pending = None;
        match result {
            Ok((voted, count)) => {
                self.confirmed = voted;
                self.count = count;
            }
            Err(e) => self.error = Some(e),
        }
        true
    }

    /// Others' votes from the live stream, while no tap of mine is in flight
    /// (its answer brings the count anyway).
    fn live(&mut self, n: i64) -> bool {
        if self.count.is_some() && self.pending.is_none() && self.count != Some(n) {
            self.count = Some(n);
            return true;
        }
        false
    }
}

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
    let state = RwSignal::new(VoteState {
        confirmed: voted,
        count: votes,
        ..VoteState::default()
    });
    // Others' votes, from the live stream.
    if let Some(super::event::LiveCounts(live)) = use_context::<super::event::LiveCounts>() {
        Effect::new(move |_| {
            if let Some(n) = live.with(|m| m.get(&topic_id).copied()) {
                let mut next = state.get_untracked();
                if next.live(n) {
                    state.set(next);
                }
            }
        });
    }
    let slug = StoredValue::new(slug);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((n, on)) = state.try_update(VoteState::tap) else {
            return;
        };
        let slug = slug.get_value();
        leptos::task::spawn_local(async move {
            let result = crate::api::vote(slug, topic_id, on).await;
            let votes_used = result.as_ref().ok().map(|r| r.votes_used);
            let result = result
                .map(|r| (r.voted, r.topic_votes))
                .map_err(|e| e.to_string());
            let taken = state.try_update(|s| s.answer(n, result));
            if let (Some(true), Some(u)) = (taken, votes_used) {
                used.set(u);
            }
        });
    };
    let shown = move || state.with(VoteState::shown);
    let label = move || {
        if shown() {
            format!("Remove my interest in {title}")
        } else {
            format!("I'm interested in {title}")
        }
    };
    view! {
        <div class="vote-box">
            <form action=Vote::url() method="post" on:submit=on_submit>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="topic_id" value=topic_id.to_string()/>
                <input type="hidden" name="on" value=move || (!shown()).to_string()/>
                <button type="submit" class="vote" class:voted=shown aria-pressed=move || shown().to_string()
                    aria-label=label disabled=!enabled>
                    <span aria-hidden="true">{move || if shown() { "★ Interested" } else { "☆ I'm interested" }}</span>
                </button>
            </form>
            {move || state.with(VoteState::shown_count).map(|c| view! {
                <span class="count" title="people interested">{c} <span class="count-label">{if c == 1 { " vote" } else { " votes" }}</span></span>
            })}
            {move || state.with(|s| s.error.clone()).map(|e| view! {
                <p class="field-error" role="alert">{e}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::VoteState;

    fn counted(confirmed: bool, count: i64) -> VoteState {
        VoteState {
            confirmed,
            count: Some(count),
            ..VoteState::default()
        }
    }

    #[test]
    fn a_tap_shows_at_once_and_the_answer_settles_it() {
        let mut s = counted(false, 4);
        let (n, on) = s.tap();
        assert!(on);
        assert!(s.shown());
        assert_eq!(s.shown_count(), Some(5));
        assert!(s.answer(n, Ok((true, Some(7)))));
        assert!(s.shown());
        assert_eq!(s.shown_count(), Some(7), "the server's count wins");
        assert_eq!(s.pending, None);
    }

    #[test]
    fn only_the_latest_taps_answer_counts() {
        let mut s = counted(false, 4);
        let (first, _) = s.tap();
        let (second, on) = s.tap();
        assert!(!on, "the second tap takes the vote back");
        assert!(!s.shown());
        assert_eq!(s.shown_count(), Some(4));
        // The first answer arrives late: it must not flip the button back.
        assert!(!s.answer(first, Ok((true, Some(5)))));
        assert!(!s.shown());
        assert!(s.answer(second, Ok((false, Some(4)))));
        assert!(!s.shown());
        assert_eq!(s.shown_count(), Some(4));
    }

    #[test]
    fn a_refusal_restores_the_confirmed_vote_and_says_why() {
        let mut s = counted(false, 2);
        let (n, _) = s.tap();
        assert!(s.answer(n, Err("You have used all 5 votes.".into())));
        assert!(!s.shown());
        assert_eq!(s.shown_count(), Some(2));
        assert_eq!(s.error.as_deref(), Some("You have used all 5 votes."));
        // The next tap clears the message.
        s.tap();
        assert_eq!(s.error, None);
    }

    #[test]
    fn live_counts_wait_for_my_tap_in_flight() {
        let mut s = counted(true, 3);
        assert!(s.live(6));
        assert_eq!(s.shown_count(), Some(6));
        s.tap();
        assert!(!s.live(9), "my tap's answer brings the count");
        assert_eq!(s.shown_count(), Some(5), "6, less my vote taken back");
        let hidden = VoteState::default();
        let mut h = hidden.clone();
        assert!(!h.live(3), "hidden counts stay hidden");
        assert_eq!(h, hidden);
    }
}
