//! The published schedule in the formats other tools read: frab's
//! schedule.xml and schedule.json (Giggity, EventFahrplan, the c3voc tools),
//! iCalendar (RFC 5545; the whole event, or one attendee's agenda), and CSV
//! for spreadsheets. Every format is written from one [`Published`] snapshot,
//! so they always agree.

pub mod csv;
pub mod frab;
pub mod ical;

use super::super::error::ServiceResult;
use super::super::events::EventRow;
use super::versions;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub hosts: Vec<String>,
    pub votes: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub room: Room,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub topics: Vec<Topic>,
}

impl Session {
    pub fn title(&self) -> String {
        self.topics
            .iter()
            .map(|t| {
                if t.cancelled {
                    format!("{} (cancelled)", t.title)
                } else {
                    t.title.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    pub fn hosts(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.topics
            .iter()
            .flat_map(|t| t.hosts.iter())
            .filter(|h| seen.insert(h.as_str()))
            .cloned()
            .collect()
    }

    /// The id of the session across versions: its first topic's id.
    pub fn key(&self) -> i64 {
        self.topics.first().map(|t| t.id).unwrap_or_default()
    }
}

/// The published version, ready to be written out.
#[derive(Debug, Clone)]
pub struct Published {
    pub event: EventRow,
    pub public_url: String,
    pub number: i64,
    pub published_at: DateTime<Utc>,
    pub rooms: Vec<Room>,
    /// In time order, then room order.
    pub sessions: Vec<Session>,
}

impl Published {
    pub fn event_url(&self) -> String {
        format!(
            "{}/e/{}",
            self.public_url.trim_end_matches('/'),
            self.event.slug
        )
    }

    pub fn topic_url(&self, topic_id: i64) -> String {
        format!("{}/t/{topic_id}", self.event_url())
    }

    /// Vote counts go out only when attendees may see them.
    pub fn counts_public(&self) -> bool {
        self.event.view().counts_public()
    }
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Every topic of the event (withdrawn and merged ones marked cancelled),
/// with its hosts (proposer first) and vote count: what a published session
/// shows of its topics, on the attendee's pages and in every export.
pub async fn topics(pool: &SqlitePool, event_id: i64) -> ServiceResult<HashMap<i64, Topic>> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT t.id, t.title, t.description, t.tags, t.status,
                (SELECT COUNT(*) FROM votes v WHERE v.topic_id = t.id)
         FROM topics t WHERE t.event_id = ?1",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    let hosts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT h.topic_id, a.display_name FROM topic_hosts h JOIN attendees a ON a.id = h.attendee_id
         JOIN topics t ON t.id = h.topic_id WHERE t.event_id = ?1 ORDER BY h.topic_id, h.role DESC, h.joined_at",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    let mut host_map: HashMap<i64, Vec<String>> = HashMap::new();
    for (t, n) in hosts {
        host_map.entry(t).or_default().push(n);
    }
    Ok(rows
        .into_iter()
        .map(|(id, title, description, tags, status, votes)| {
            (
                id,
                Topic {
                    id,
                    title,
                    description,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    hosts: host_map.remove(&id).unwrap_or_default(),
                    votes,
                    cancelled: status != "open",
                },
            )
        })
        .collect())
}

/// The published version of `event`, or `None` before one is published.
pub async fn load(
    pool: &SqlitePool,
    event: &EventRow,
    public_url: &str,
) -> ServiceResult<Option<Published>> {
    let Some(version) = versions::published(pool, event.id).await? else {
        return Ok(None);
    };
    let stored = versions::sessions(pool, version.id).await?;
    let rooms: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, name, capacity FROM rooms WHERE event_id = ?1 ORDER BY position, id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let rooms: Vec<Room> = rooms
        .into_iter()
        .map(|(id, name, capacity)| Room { id, name, capacity })
        .collect();
    let slots: HashMap<i64, (String, String)> = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, starts_at, ends_at FROM slots WHERE event_id = ?1",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(id, s, e)| (id, (s, e)))
    .collect();
    let topics = topics(pool, event.id).await?;
    let room_pos: HashMap<i64, usize> = rooms.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut sessions: Vec<Session> = stored
        .iter()
        .filter_map(|s| {
            let (start, end) = slots.get(&s.slot_id)?;
            Some(Session {
                room: rooms.iter().find(|r| r.id == s.room_id)?.clone(),
                start: utc(start),
                end: utc(end),
                topics: s
                    .topic_ids
                    .iter()
                    .filter_map(|t| topics.get(t).cloned())
                    .collect(),
            })
        })
        .filter(|s| !s.topics.is_empty())
        .collect();
    sessions.sort_by_key(|s| {
        (
            s.start,
            room_pos.get(&s.room.id).copied().unwrap_or(usize::MAX),
        )
    });
    Ok(Some(Published {
        event: event.clone(),
        public_url: public_url.to_string(),
        number: version.number.unwrap_or_default(),
        published_at: utc(version.published_at.as_deref().unwrap_or("")),
        rooms,
        sessions,
    }))
}
