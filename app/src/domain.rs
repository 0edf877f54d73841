//! Domain values that are checked once, at the edge, and trusted afterwards
//! ("parse, don't validate"). They compile for both the server and the browser so
//! that a form can show the same message before and after a round trip.

mod event;
#[cfg(test)]
mod props;
mod room;
mod schedule;
mod text;

#[cfg(feature = "ssr")]
pub use event::EventTimeZone;
pub use event::{EventDates, EventName, EventSlug, VoteBudget};
pub use room::{Capacity, Features, RoomName};
pub use schedule::{Stability, ThemedRooms, TimeLimit};
pub use text::{DisplayName, Tags, TopicDescription, TopicTitle};

/// A rejected value: which form field it came from and what is wrong with it,
/// worded for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Trims and collapses inner runs of white space, so that "  a   b " and "a b" are
/// one title.
pub(crate) fn normalize_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rejects control characters other than newlines and tabs (they do not render
/// and only serve to spoof).
pub(crate) fn has_control_chars(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}
