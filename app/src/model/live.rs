//! What the live stream (`/e/{slug}/live`) sends, shared by the server, which
//! writes it, and the pages, which read it. Every message names what changed,
//! never the whole state: a client that missed some (a dropped connection, a
//! lagging receiver) fetches a fresh snapshot instead, so a missed message is
//! never a wrong screen.

use serde::{Deserialize, Serialize};

/// What happened to a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicChange {
    Proposed,
    Edited,
    Withdrawn,
    Reopened,
    /// Merged into another topic (the message's `topic_id` is the one kept).
    Merged,
    /// Co-hosts joined or left.
    Hosts,
}

/// One topic's vote count after a burst of votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCount {
    pub topic_id: i64,
    pub votes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveMessage {
    /// The first message of every connection: fetch a fresh snapshot.
    Hello,
    Topic {
        topic_id: i64,
        change: TopicChange,
    },
    /// Votes changed since the last such message (at most a few a second per
    /// event). `counts` is empty while the event hides vote counts; `topics`
    /// always lists what changed.
    Votes {
        topics: Vec<i64>,
        counts: Vec<VoteCount>,
    },
    /// Someone joined (the board shows how many are in).
    Joined {
        attendees: i64,
    },
    /// A schedule version was published (or rolled back to).
    SchedulePublished {
        number: i64,
    },
    /// Phases or event details changed.
    EventChanged,
    /// Rooms or slots changed.
    VenueChanged,
    /// This connection missed messages: fetch a fresh snapshot.
    Resync,
}

impl LiveMessage {
    /// The SSE event name (`event:` line); the data is the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            LiveMessage::Hello => "hello",
            LiveMessage::Topic { .. } => "topic",
            LiveMessage::Votes { .. } => "votes",
            LiveMessage::Joined { .. } => "joined",
            LiveMessage::SchedulePublished { .. } => "published",
            LiveMessage::EventChanged => "event",
            LiveMessage::VenueChanged => "venue",
            LiveMessage::Resync => "resync",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_tagged_json() {
        let m = LiveMessage::Topic {
            topic_id: 7,
            change: TopicChange::Proposed,
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"type":"topic","topic_id":7,"change":"proposed"}"#);
        assert_eq!(serde_json::from_str::<LiveMessage>(&json).unwrap(), m);
        assert_eq!(
            serde_json::to_string(&LiveMessage::Resync).unwrap(),
            r#"{"type":"resync"}"#
        );
    }
}
