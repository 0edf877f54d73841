//! The schedule format: sessions (a room, a slot, one to three topics), the
//! topics left out, and statistics.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub unscheduled: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<Stats>,
    /// Rooms whose consecutive sessions form a themed track, for display.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub room: String,
    pub slot: String,
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub room: String,
    pub label: String,
    pub slots: Vec<String>,
}

/// What the checker measures (see `metrics.rs` for the definitions) plus how the
/// solver got there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub total_votes: u64,
    pub lost_votes: u64,
    pub overflow: u64,
    pub unserved: u64,
    pub sessions: usize,
    pub merged_sessions: usize,
    pub unscheduled: usize,
    /// Share of sessions whose theme (first tag) is their room's most common
    /// theme; `None` when topics carry no tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room_purity: Option<f64>,
    /// Related topics that follow each other in the same room.
    pub track_links: usize,
    /// Topics not where `previous` had them.
    pub moved_from_previous: usize,
    /// Sessions in the last slot of a day whose demand is in the top quarter.
    pub popular_in_last_slot: usize,
    #[serde(default)]
    pub status: String,
    /// Best lower bound on unserved proven by the solver, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    #[serde(default)]
    pub seconds: f64,
}
