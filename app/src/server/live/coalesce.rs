//! Which live updates go out at once and which wait to be merged.
//!
//! Why: at a busy moment 400 people vote within a minute, and every open
//! phone and the board would otherwise get one message per vote and redraw
//! for each. Votes (and joins) are collected per event instead and sent as
//! one message per short period, with the counts read once per flush. Rare
//! changes (a topic proposed, a schedule published) go out at once.

use super::LiveUpdate;
use crate::model::LiveMessage;
use std::collections::{BTreeMap, BTreeSet};

/// What waits for the next flush.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Per event, the topics whose votes changed.
    pub votes: BTreeMap<i64, BTreeSet<i64>>,
    /// Events that someone joined.
    pub joins: BTreeSet<i64>,
}

#[derive(Debug, Default)]
pub struct Coalescer {
    pending: Pending,
}

impl Coalescer {
    /// Takes one update. Returns the message to send at once (with its
    /// event), or `None` when the update waits for [`Coalescer::drain`] or is
    /// not for the public stream (draft edits are organizers' business).
    pub fn push(&mut self, update: &LiveUpdate) -> Option<(i64, LiveMessage)> {
        let event_id = update.event_id();
        let message = match update {
            LiveUpdate::VotesChanged { topic_id, .. } => {
                self.pending
                    .votes
                    .entry(event_id)
                    .or_default()
                    .insert(*topic_id);
                return None;
            }
            LiveUpdate::AttendeeJoined { .. } => {
                self.pending.joins.insert(event_id);
                return None;
            }
            LiveUpdate::DraftChanged { .. } => return None,
            LiveUpdate::TopicChanged {
                topic_id, change, ..
            } => LiveMessage::Topic {
                topic_id: *topic_id,
                change: *change,
            },
            LiveUpdate::SchedulePublished { number, .. } => {
                LiveMessage::SchedulePublished { number: *number }
            }
            LiveUpdate::EventChanged { .. } => LiveMessage::EventChanged,
            LiveUpdate::VenueChanged { .. } => LiveMessage::VenueChanged,
        };
        Some((event_id, message))
    }

    pub fn is_empty(&self) -> bool {
        self.pending.votes.is_empty() && self.pending.joins.is_empty()
    }

    /// Everything that waited, leaving nothing behind.
    pub fn drain(&mut self) -> Pending {
        std::mem::take(&mut self.pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TopicChange;

    #[test]
    fn a_burst_of_votes_becomes_one_pending_entry_per_event() {
        let mut c = Coalescer::default();
        for i in 0..1_000 {
            let out = c.push(&LiveUpdate::VotesChanged {
                event_id: 1 + i % 2,
                topic_id: i % 7,
            });
            assert_eq!(out, None, "votes never go out one by one");
        }
        c.push(&LiveUpdate::AttendeeJoined { event_id: 1 });
        c.push(&LiveUpdate::AttendeeJoined { event_id: 1 });
        assert!(!c.is_empty());
        let p = c.drain();
        assert_eq!(p.votes.len(), 2);
        assert_eq!(p.votes[&1].len(), 7);
        assert_eq!(p.votes[&2].len(), 7);
        assert_eq!(p.joins.iter().copied().collect::<Vec<_>>(), vec![1]);
        assert!(c.is_empty(), "a drain leaves nothing behind");
        assert_eq!(c.drain(), Pending::default());
    }

    #[test]
    fn rare_changes_go_out_at_once_and_drafts_stay_private() {
        let mut c = Coalescer::default();
        assert_eq!(
            c.push(&LiveUpdate::TopicChanged {
                event_id: 3,
                topic_id: 9,
                change: TopicChange::Proposed
            }),
            Some((
                3,
                LiveMessage::Topic {
                    topic_id: 9,
                    change: TopicChange::Proposed
                }
            ))
        );
        assert_eq!(
            c.push(&LiveUpdate::SchedulePublished {
                event_id: 3,
                number: 2
            }),
            Some((3, LiveMessage::SchedulePublished { number: 2 }))
        );
        assert_eq!(c.push(&LiveUpdate::DraftChanged { event_id: 3 }), None);
        assert!(c.is_empty(), "nothing waits for those");
    }
}
