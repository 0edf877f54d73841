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
    /// With themed rooms: each room's theme (the tag most of its sessions
    /// carry), so the grid and the board can say "Room B · monitoring".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub room_themes: Vec<RoomTheme>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomTheme {
    pub room: String,
    pub theme: String,
}

/// A room's theme for display, given the themes of its sessions (a
/// session's theme is its first topic's first tag; `None` when untagged):
/// the tag of at least half of them, two or more. The engine names rooms
/// by this rule and the web app labels its grids and board by it, so both
/// always agree with what the room holds, also after an organizer's edits.
pub fn room_theme<'a>(themes: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut n = 0;
    for t in themes {
        n += 1;
        if let Some(t) = t.filter(|t| !t.is_empty()) {
            match counts.iter_mut().find(|(x, _)| *x == t) {
                Some(e) => e.1 += 1,
                None => counts.push((t, 1)),
            }
        }
    }
    // Most sessions; ties to the tag seen first.
    let (tag, hits) = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(t, c)| match best {
            Some((_, bc)) if bc >= c => best,
            _ => Some((t, c)),
        })?;
    (hits >= 2 && hits * 2 >= n).then(|| tag.to_string())
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
    pub status: Status,
    /// Best lower bound on unserved proven by the solver, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    #[serde(default)]
    pub seconds: f64,
    /// With themed rooms: unserved votes the themed step gave up (negative
    /// when it found a better schedule on the way); `None` when off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themed_cost: Option<i64>,
}

/// How a schedule's numbers came about. Serialized as the short labels the
/// CLI, the benchmarks and stored drafts have always used ("optimal",
/// "time limit", ...); a label this version does not know reads as
/// [`Status::Unknown`], so older or newer files still load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// The checker found no violation (a schedule it was only asked to check).
    #[serde(rename = "valid")]
    Valid,
    /// The checker found violations.
    #[serde(rename = "invalid")]
    Invalid,
    /// Proven optimal: no schedule serves more votes.
    #[serde(rename = "optimal")]
    Optimal,
    /// The exact model hit its time limit; the bound and gap say how far off.
    #[serde(rename = "time limit")]
    TimeLimit,
    /// The exact model stopped on another limit (nodes, gap, interrupt).
    #[serde(rename = "limit")]
    Limit,
    /// The construction and local search, without a proof.
    #[serde(rename = "heuristic")]
    Heuristic,
    /// The greedy start, nothing better found.
    #[serde(rename = "greedy")]
    Greedy,
    /// The naive baseline of the benchmarks.
    #[serde(rename = "naive greedy")]
    NaiveGreedy,
    /// The exact model left no usable solution.
    #[serde(rename = "no solution")]
    NoSolution,
    /// Not said (a schedule written by hand, or by a newer version).
    #[default]
    #[serde(rename = "", other)]
    Unknown,
}

impl Status {
    /// The label, as serialized.
    pub fn label(self) -> &'static str {
        match self {
            Status::Unknown => "",
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Optimal => "optimal",
            Status::TimeLimit => "time limit",
            Status::Limit => "limit",
            Status::Heuristic => "heuristic",
            Status::Greedy => "greedy",
            Status::NaiveGreedy => "naive greedy",
            Status::NoSolution => "no solution",
        }
    }

    /// Whether the engine proved that no better schedule exists.
    pub fn is_optimal(self) -> bool {
        self == Status::Optimal
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::{room_theme, Status};

    #[test]
    fn status_reads_and_writes_its_labels() {
        for s in [
            Status::Unknown,
            Status::Valid,
            Status::Invalid,
            Status::Optimal,
            Status::TimeLimit,
            Status::Limit,
            Status::Heuristic,
            Status::Greedy,
            Status::NaiveGreedy,
            Status::NoSolution,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.label()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s);
        }
        // A label from elsewhere still loads.
        assert_eq!(
            serde_json::from_str::<Status>("\"quantum\"").unwrap(),
            Status::Unknown
        );
    }

    #[test]
    fn a_room_theme_needs_half_of_the_sessions_and_two() {
        let t = |v: &[Option<&str>]| room_theme(v.iter().copied());
        assert_eq!(
            t(&[Some("ops"), Some("ops"), Some("db"), None]),
            Some("ops".into())
        );
        assert_eq!(t(&[Some("ops"), Some("ops"), Some("db"), None, None]), None);
        assert_eq!(t(&[Some("ops")]), None, "one session is no theme");
        assert_eq!(t(&[None, None, None]), None);
        assert_eq!(t(&[Some(""), Some("")]), None, "an empty tag is none");
        assert_eq!(
            t(&[Some("a"), Some("b"), Some("b"), Some("a")]),
            Some("a".into())
        );
        assert_eq!(t(&[]), None);
    }
}
