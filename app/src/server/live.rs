//! Live updates: every change that a live page (the venue's big screen, an open
//! topic list) may want to show is announced on one broadcast channel. Sending
//! never blocks and never fails a request: with no listener the update is dropped.

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    EventChanged {
        event_id: i64,
    },
    TopicsChanged {
        event_id: i64,
    },
    VotesChanged {
        event_id: i64,
        topic_id: i64,
    },
    VenueChanged {
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

pub fn announce(tx: &broadcast::Sender<LiveUpdate>, update: LiveUpdate) {
    let _ = tx.send(update);
}
