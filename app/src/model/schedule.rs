//! Views of schedules: the organizer's grid of a draft or a published
//! version with its numbers and checks, the engine's job, the difference
//! between two versions, and what attendees see.

use super::{EventView, Me, SlotView};
use serde::{Deserialize, Serialize};

/// A background run of the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub running: bool,
    /// Stop was asked; the engine is finishing its current step.
    pub cancelling: bool,
    pub step: String,
    pub best_unserved: Option<u64>,
    pub elapsed_seconds: f64,
    pub remaining_seconds: f64,
    pub time_limit: f64,
    /// How it ended, when it did.
    pub message: Option<String>,
    /// The draft it stored, when it stored one: its message is news only
    /// while that draft is still the draft.
    pub version_id: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRoom {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTopic {
    pub id: i64,
    pub title: String,
    pub hosts: Vec<String>,
    /// `None` where the viewer may not see counts.
    pub votes: Option<i64>,
    /// Withdrawn after publishing: shown as cancelled.
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub room_id: i64,
    pub slot_id: i64,
    pub topics: Vec<SessionTopic>,
    /// Distinct voters of its topics: the people expected.
    pub expected: i64,
    pub capacity: i64,
    pub pinned: bool,
    /// The session's theme (first tag of its first topic), and a colour
    /// number (0–7) for it, the same across the grid.
    pub theme: Option<String>,
    pub colour: u8,
    /// The engine grouped several topics into this session.
    pub merged: bool,
}

impl SessionView {
    pub fn overflow(&self) -> i64 {
        (self.expected - self.capacity).max(0)
    }

    pub fn title(&self) -> String {
        self.topics
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StatsView {
    pub total_votes: u64,
    pub unserved: u64,
    pub lost_votes: u64,
    pub overflow: u64,
    pub merged_sessions: usize,
    /// A proven lower bound on unserved votes, when there is one.
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub status: String,
    pub seconds: f64,
    /// With themed rooms: unserved votes the engine gave up for them.
    pub themed_cost: Option<i64>,
}

impl StatsView {
    /// What themed rooms cost, in words ("3 of 8 rooms keep to a theme, for
    /// 4 votes"), or `None` when they were off.
    pub fn themes_in_words(&self, themed_rooms: usize, rooms: usize) -> Option<String> {
        let cost = self.themed_cost?;
        let price = match cost {
            c if c > 0 => format!(", for {c} unserved vote{}", if c == 1 { "" } else { "s" }),
            _ => " at no cost in votes".to_string(),
        };
        Some(format!(
            "{themed_rooms} of {rooms} rooms keep to a theme{price}"
        ))
    }

    /// In words, for organizers.
    pub fn guarantee(&self) -> String {
        match (self.gap, self.bound) {
            (Some(g), _) if g <= 1e-9 => "Proven the best possible schedule.".into(),
            (Some(g), Some(_)) if g < 1.0 => format!(
                "At most {:.0} % from the best possible schedule.",
                (g * 100.0).ceil()
            ),
            _ => "No guarantee of how close to the best possible this is.".into(),
        }
    }
}

/// A topic that is in no session of a version, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub id: i64,
    pub title: String,
    pub votes: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridVersion {
    pub id: i64,
    /// Set once published.
    pub number: Option<i64>,
    pub origin: String,
    pub created_at: String,
    pub stats: StatsView,
    pub sessions: Vec<SessionView>,
    /// Hard rules the version breaks (from the engine's checker); empty when
    /// it is valid.
    pub violations: Vec<String>,
    pub left_out: Vec<LeftOut>,
    /// Hosts in two sessions of one slot (always empty for a valid version).
    pub host_clashes: Vec<String>,
    /// With themed rooms on: rooms whose sessions share a theme (room id,
    /// tag), for "Room B · monitoring".
    pub room_themes: Vec<(i64, String)>,
}

impl GridVersion {
    /// The theme of a room in this version, when it has one.
    pub fn room_theme(&self, room: i64) -> Option<&str> {
        self.room_themes
            .iter()
            .find(|(id, _)| *id == room)
            .map(|(_, t)| t.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedView {
    pub title: String,
    pub from: String,
    pub to: String,
}

/// How a version differs from the published one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DiffView {
    pub moved: Vec<MovedView>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Voters and hosts of the changed sessions.
    pub affected_attendees: i64,
}

impl DiffView {
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub number: i64,
    pub published_at: String,
    pub origin: String,
    pub unserved: u64,
    pub sessions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostOption {
    pub attendee_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleAdminPage {
    pub event: EventView,
    pub stability: u32,
    /// Themed rooms: attendance the engine may give up, in percent (0: off).
    pub themed_rooms: u32,
    pub rooms: Vec<GridRoom>,
    pub slots: Vec<SlotView>,
    pub draft: Option<GridVersion>,
    pub published: Option<GridVersion>,
    /// The draft against the published version.
    pub diff: Option<DiffView>,
    /// Topics, votes, rooms or slots changed since the draft was made.
    pub draft_out_of_date: bool,
    pub job: Option<JobView>,
    pub history: Vec<VersionSummary>,
    /// (room, slot) pairs the organizer closed.
    pub closures: Vec<(i64, i64)>,
    pub hosts: Vec<HostOption>,
    /// (attendee, slot) pairs where a host is unavailable.
    pub unavailable: Vec<(i64, i64)>,
}

/// The answer to "why is this session here?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhyView {
    pub title: String,
    pub voters: i64,
    /// Voters with no other voted session in this slot.
    pub served: i64,
    /// Other sessions in the slot that share voters with this one.
    pub clashes: Vec<(String, i64)>,
    /// The best other cell and what moving there would change in unserved
    /// votes (positive: worse).
    pub best_alternative: Option<(String, i64)>,
    /// Hard rules that keep it here or limit where it can go.
    pub rules: Vec<String>,
}

/// The result of an organizer's edit to the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditResult {
    /// Change in unserved votes (negative: better).
    pub delta: i64,
    pub violations: Vec<String>,
}

/// One published session as attendees see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSession {
    pub room: String,
    pub room_id: i64,
    pub topics: Vec<SessionTopic>,
    pub mine: bool,
    /// Changed (moved or new) since the attendee last looked.
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSlot {
    pub slot: SlotView,
    pub sessions: Vec<PublicSession>,
    /// "now", "next" or "" (in the event's time zone).
    pub when: String,
    /// Two or more of my sessions in this slot.
    pub my_clash: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSchedule {
    pub number: i64,
    pub published_at: String,
    pub slots: Vec<PublicSlot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaPage {
    pub event: EventView,
    pub me: Option<Me>,
    pub schedule: Option<PublicSchedule>,
    /// The secret personal calendar address.
    pub calendar_url: Option<String>,
}

/// Where and when a topic takes place, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPlace {
    pub room: String,
    pub day_label: String,
    pub local_start: String,
    pub local_end: String,
}

/// "Room B · monitoring": a room's name and, when it has one, its theme
/// (the tag as people typed it: "ci/cd" would not survive capitalising).
pub fn room_title(name: &str, theme: Option<&str>) -> String {
    match theme {
        Some(t) => format!("{name} · {t}"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(themed_cost: Option<i64>) -> StatsView {
        StatsView {
            total_votes: 100,
            unserved: 10,
            lost_votes: 10,
            overflow: 0,
            merged_sessions: 0,
            bound: None,
            gap: None,
            status: String::new(),
            seconds: 1.0,
            themed_cost,
        }
    }

    #[test]
    fn themed_rooms_in_words() {
        assert_eq!(stats(None).themes_in_words(3, 8), None);
        assert_eq!(
            stats(Some(4)).themes_in_words(3, 8).unwrap(),
            "3 of 8 rooms keep to a theme, for 4 unserved votes"
        );
        assert_eq!(
            stats(Some(1)).themes_in_words(1, 8).unwrap(),
            "1 of 8 rooms keep to a theme, for 1 unserved vote"
        );
        assert_eq!(
            stats(Some(-2)).themes_in_words(2, 8).unwrap(),
            "2 of 8 rooms keep to a theme at no cost in votes"
        );
        assert_eq!(room_title("Room B", Some("ci/cd")), "Room B · ci/cd");
        assert_eq!(room_title("Room B", None), "Room B");
    }
}
