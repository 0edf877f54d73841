//! Live updates: every change that a live page (the venue's big screen, an open
//! topic list) may want to show is announced on one broadcast channel. Sending
//! never blocks and never fails a request: with no listener the update is dropped.

use crate::model::TopicChange;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

mod coalesce;
mod feed;
pub use coalesce::Coalescer;
pub use feed::{Feed, Outgoing};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    EventChanged {
        event_id: i64,
    },
    TopicChanged {
        event_id: i64,
        topic_id: i64,
        change: TopicChange,
    },
    VotesChanged {
        event_id: i64,
        topic_id: i64,
    },
    VenueChanged {
        event_id: i64,
    },
    /// An attendee joined.
    AttendeeJoined {
        event_id: i64,
    },
    /// A draft was stored or edited (organizers' pages).
    DraftChanged {
        event_id: i64,
    },
    /// A new schedule version was published.
    SchedulePublished {
        event_id: i64,
        number: i64,
    },
}

impl LiveUpdate {
    pub fn event_id(&self) -> i64 {
        match self {
            LiveUpdate::EventChanged { event_id }
            | LiveUpdate::TopicChanged { event_id, .. }
            | LiveUpdate::VotesChanged { event_id, .. }
            | LiveUpdate::VenueChanged { event_id }
            | LiveUpdate::AttendeeJoined { event_id }
            | LiveUpdate::DraftChanged { event_id }
            | LiveUpdate::SchedulePublished { event_id, .. } => *event_id,
        }
    }
}

pub fn announce(tx: &broadcast::Sender<LiveUpdate>, update: LiveUpdate) {
    let _ = tx.send(update);
}
