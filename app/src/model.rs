//! What the pages receive from the server: plain, serialisable views, already
//! localised to the event's time zone and already filtered by what the viewer may
//! see (hidden vote counts are `None`, not a number the browser must ignore).

use serde::{Deserialize, Serialize};

mod board;
mod live;
mod schedule;
pub use board::*;
pub use live::*;
pub use schedule::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub slug: String,
    pub name: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub start_date: String,
    pub end_date: String,
    pub proposing_open: bool,
    pub voting_open: bool,
    pub vote_budget: Option<u32>,
    pub hide_counts: bool,
}

impl EventView {
    /// Attendees see counts unless the organizer hid them while voting is open.
    pub fn counts_public(&self) -> bool {
        !(self.hide_counts && self.voting_open)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub id: i64,
    pub name: String,
    pub capacity: u32,
    pub features: Vec<String>,
    pub position: i64,
    pub in_use: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    /// In the event's time zone.
    pub local_date: String,
    pub local_start: String,
    pub local_end: String,
    pub day_label: String,
    pub in_use: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostView {
    pub name: String,
    pub proposer: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicStatus {
    Open,
    Withdrawn,
    Merged,
}

impl TopicStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            TopicStatus::Open => "open",
            TopicStatus::Withdrawn => "withdrawn",
            TopicStatus::Merged => "merged",
        }
    }

    pub fn from_db(s: &str) -> Self {
        match s {
            "withdrawn" => TopicStatus::Withdrawn,
            "merged" => TopicStatus::Merged,
            _ => TopicStatus::Open,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub status: TopicStatus,
    pub merged_into: Option<i64>,
    pub merged_into_title: Option<String>,
    pub hosts: Vec<HostView>,
    /// `None` when the event hides counts from this viewer.
    pub votes: Option<i64>,
    pub voted_by_me: bool,
    pub hosted_by_me: bool,
    pub proposed_by_me: bool,
    pub created_at: String,
    /// For organizers only: what moderation has done and can do.
    #[serde(default)]
    pub moderation: Option<Moderation>,
}

/// A topic's moderation state, as organizers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    /// Hidden by an organizer.
    pub hidden: bool,
    /// Hidden because its proposer is blocked.
    pub hidden_by_block: bool,
    /// The proposer (to block or unblock), if they are still in the event.
    pub proposer_id: Option<i64>,
    pub proposer_blocked: bool,
}

/// The attendee behind the current session, for one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub attendee_id: i64,
    pub display_name: String,
    pub votes_used: u32,
    /// Blocked by an organizer: may read, not post or vote.
    #[serde(default)]
    pub blocked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub event: EventView,
    pub me: Option<Me>,
    /// Open topics the viewer may see (0 when the page asked for the head only).
    pub open_topics: i64,
    /// Every topic, for an attendee who has joined; empty for a visitor who
    /// has not (their page shows only `open_topics`) and for a head-only page.
    pub topics: Vec<TopicView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPage {
    pub event: EventView,
    pub me: Option<Me>,
    pub topic: TopicView,
    /// Where and when, once a schedule is published.
    pub place: Option<TopicPlace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerView {
    pub id: i64,
    pub email: String,
    /// The instance's administrator: sees every event, manages accounts.
    pub is_admin: bool,
    /// A deactivated account cannot log in; its sessions end.
    pub active: bool,
}

/// What an organizer is to one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventRole {
    /// Created the event (or was given it): manages it and its organizers.
    Owner,
    /// Added by the owner: manages the event, not its organizers.
    CoOrganizer,
    /// The administrator, who is not on the event's team.
    Admin,
}

impl EventRole {
    pub fn label(self) -> &'static str {
        match self {
            EventRole::Owner => "owner",
            EventRole::CoOrganizer => "co-organizer",
            EventRole::Admin => "administrator",
        }
    }

    /// Owners and the administrator manage who organizes the event.
    pub fn manages_team(self) -> bool {
        matches!(self, EventRole::Owner | EventRole::Admin)
    }
}

/// One organizer on an event's team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub organizer_id: i64,
    pub email: String,
    pub role: EventRole,
    pub active: bool,
}

/// The event's organizers, as its organizer page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub members: Vec<TeamMember>,
    /// What the viewer is to this event.
    pub my_role: EventRole,
    pub my_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminEventPage {
    pub event: EventView,
    pub rooms: Vec<RoomView>,
    pub slots: Vec<SlotView>,
    pub join_url: String,
    pub attendee_count: i64,
    pub topic_count: i64,
    pub vote_count: i64,
    pub board_mode: BoardMode,
    pub board_page_seconds: u32,
    /// What the viewer is to this event (owners and the administrator may
    /// delete it and manage its team).
    pub my_role: EventRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminTopicsPage {
    pub event: EventView,
    pub topics: Vec<TopicView>,
    /// Likely duplicates among the open topics, most related first.
    pub duplicates: Vec<DuplicatePair>,
}

/// Two open topics that look like the same one: merge `merge` into `keep`
/// (the more voted). `score` is the scheduler's relatedness, 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicatePair {
    pub keep_id: i64,
    pub keep_title: String,
    pub merge_id: i64,
    pub merge_title: String,
    pub score: f64,
}

/// Sort orders of the attendee topic list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TopicSort {
    #[default]
    Newest,
    MostVotes,
    FewestVotes,
}

impl TopicSort {
    pub fn parse(s: &str) -> Self {
        match s {
            "most" => TopicSort::MostVotes,
            "fewest" => TopicSort::FewestVotes,
            _ => TopicSort::Newest,
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            TopicSort::Newest => "newest",
            TopicSort::MostVotes => "most",
            TopicSort::FewestVotes => "fewest",
        }
    }
}

/// Filters and sorts topics for the attendee list. Runs in the browser after
/// hydration (instant) and on the server for the first render (no JavaScript).
pub fn filter_and_sort(topics: &[TopicView], query: &str, sort: TopicSort) -> Vec<TopicView> {
    let q = query.trim().to_lowercase();
    let mut out: Vec<TopicView> = topics
        .iter()
        .filter(|t| t.status == TopicStatus::Open)
        .filter(|t| {
            q.is_empty()
                || t.title.to_lowercase().contains(&q)
                || t.description.to_lowercase().contains(&q)
                || t.tags.iter().any(|g| g.contains(&q))
                || t.hosts.iter().any(|h| h.name.to_lowercase().contains(&q))
        })
        .cloned()
        .collect();
    match sort {
        TopicSort::Newest => {
            out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)))
        }
        // Hidden counts sort as equal, so the order falls back to newest first.
        TopicSort::MostVotes => out.sort_by(|a, b| {
            b.votes
                .cmp(&a.votes)
                .then(b.created_at.cmp(&a.created_at))
                .then(b.id.cmp(&a.id))
        }),
        TopicSort::FewestVotes => out.sort_by(|a, b| {
            a.votes
                .cmp(&b.votes)
                .then(b.created_at.cmp(&a.created_at))
                .then(b.id.cmp(&a.id))
        }),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: i64, title: &str, votes: i64, created: &str) -> TopicView {
        TopicView {
            id,
            title: title.into(),
            description: String::new(),
            tags: vec!["ops".into()],
            status: TopicStatus::Open,
            merged_into: None,
            merged_into_title: None,
            hosts: vec![HostView {
                name: "Ana".into(),
                proposer: true,
            }],
            votes: Some(votes),
            voted_by_me: false,
            hosted_by_me: false,
            proposed_by_me: false,
            created_at: created.into(),
            moderation: None,
        }
    }

    #[test]
    fn sorts_and_searches() {
        let ts = vec![
            topic(1, "Docker volumes", 5, "2026-01-01T10:00:00Z"),
            topic(2, "Prometheus alerts", 9, "2026-01-01T11:00:00Z"),
            topic(3, "Blameless culture", 1, "2026-01-01T09:00:00Z"),
        ];
        let ids = |v: Vec<TopicView>| v.into_iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(filter_and_sort(&ts, "", TopicSort::Newest)), [2, 1, 3]);
        assert_eq!(
            ids(filter_and_sort(&ts, "", TopicSort::MostVotes)),
            [2, 1, 3]
        );
        assert_eq!(
            ids(filter_and_sort(&ts, "", TopicSort::FewestVotes)),
            [3, 1, 2]
        );
        assert_eq!(ids(filter_and_sort(&ts, "DOCKER", TopicSort::Newest)), [1]);
        assert_eq!(ids(filter_and_sort(&ts, "ana", TopicSort::Newest)).len(), 3);
    }

    #[test]
    fn withdrawn_and_merged_topics_are_not_listed() {
        let mut t = topic(1, "x", 0, "2026-01-01T10:00:00Z");
        t.status = TopicStatus::Merged;
        assert!(filter_and_sort(&[t], "", TopicSort::Newest).is_empty());
    }

    #[test]
    fn hidden_counts_only_while_voting_is_open() {
        let mut e = EventView {
            id: 1,
            slug: "x".into(),
            name: "x".into(),
            timezone: "UTC".into(),
            start_date: "2026-01-01".into(),
            end_date: "2026-01-01".into(),
            proposing_open: true,
            voting_open: true,
            vote_budget: None,
            hide_counts: true,
        };
        assert!(!e.counts_public());
        e.voting_open = false;
        assert!(e.counts_public());
    }
}
