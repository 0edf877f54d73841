//! Everything a schedule page needs to know about an event at once: the
//! engine's instance as of now, the topics (open, withdrawn and merged, with
//! their hosts, tags and voters), rooms, slots and the organizer's rules. A
//! version's grid, its checks and the answers to "why here?" are computed from
//! it, with the engine's own checker so that the numbers match the engine's.

use super::super::error::ServiceResult;
use super::super::events::EventRow;
use super::super::slots;
use super::instance::{self, id_of, StoredSession};
use crate::model::{GridRoom, SlotView};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone)]
pub struct TopicInfo {
    pub title: String,
    pub hosts: Vec<(i64, String)>,
    pub tags: Vec<String>,
    pub open: bool,
    pub voters: BTreeSet<i64>,
}

pub struct Context {
    pub event: EventRow,
    pub inst: solver::Instance,
    pub topics: HashMap<i64, TopicInfo>,
    pub rooms: Vec<GridRoom>,
    pub slots: Vec<SlotView>,
    pub pins: HashMap<i64, (i64, i64)>,
    pub now: DateTime<Utc>,
}

impl Context {
    pub async fn load(
        pool: &SqlitePool,
        event: &EventRow,
        previous: Option<&[StoredSession]>,
        now: DateTime<Utc>,
    ) -> ServiceResult<Context> {
        let inst = instance::build(pool, event, previous, now).await?;
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, title, tags, status FROM topics WHERE event_id = ?1")
                .bind(event.id)
                .fetch_all(pool)
                .await?;
        let mut topics: HashMap<i64, TopicInfo> = rows
            .into_iter()
            .map(|(id, title, tags, status)| {
                (
                    id,
                    TopicInfo {
                        title,
                        hosts: Vec::new(),
                        tags: serde_json::from_str(&tags).unwrap_or_default(),
                        open: status == "open",
                        voters: BTreeSet::new(),
                    },
                )
            })
            .collect();
        let hosts: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT h.topic_id, a.id, a.display_name FROM topic_hosts h
             JOIN attendees a ON a.id = h.attendee_id JOIN topics t ON t.id = h.topic_id
             WHERE t.event_id = ?1 ORDER BY h.topic_id, h.role DESC, h.joined_at",
        )
        .bind(event.id)
        .fetch_all(pool)
        .await?;
        for (t, a, name) in hosts {
            if let Some(info) = topics.get_mut(&t) {
                info.hosts.push((a, name));
            }
        }
        let votes: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT v.topic_id, v.attendee_id FROM votes v JOIN topics t ON t.id = v.topic_id
             WHERE t.event_id = ?1",
        )
        .bind(event.id)
        .fetch_all(pool)
        .await?;
        for (t, a) in votes {
            if let Some(info) = topics.get_mut(&t) {
                info.voters.insert(a);
            }
        }
        let rooms = inst
            .rooms
            .iter()
            .filter_map(|r| {
                Some(GridRoom {
                    id: id_of(&r.id, 'r')?,
                    name: r.name.clone(),
                    capacity: r.capacity,
                    features: r.features.clone(),
                })
            })
            .collect();
        let pins = inst
            .pinned
            .iter()
            .filter_map(|p| {
                Some((
                    id_of(&p.topic, 't')?,
                    (id_of(&p.room, 'r')?, id_of(&p.slot, 's')?),
                ))
            })
            .collect();
        Ok(Context {
            slots: slots::list(pool, event).await?,
            event: event.clone(),
            inst,
            topics,
            rooms,
            pins,
            now,
        })
    }

    pub fn room_name(&self, id: i64) -> String {
        self.rooms
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| format!("room {id}"))
    }

    pub fn slot(&self, id: i64) -> Option<&SlotView> {
        self.slots.iter().find(|s| s.id == id)
    }

    /// "Room A, Mon 25 Oct 13:30".
    pub fn cell_label(&self, room_id: i64, slot_id: i64) -> String {
        match self.slot(slot_id) {
            Some(s) => format!(
                "{}, {} {}",
                self.room_name(room_id),
                s.day_label,
                s.local_start
            ),
            None => self.room_name(room_id),
        }
    }

    pub fn title(&self, topic_id: i64) -> String {
        self.topics
            .get(&topic_id)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| format!("topic {topic_id}"))
    }

    /// The sessions with withdrawn and merged topics taken out (empty
    /// sessions disappear): what the engine's checker judges.
    pub fn open_only(&self, sessions: &[StoredSession]) -> Vec<StoredSession> {
        sessions
            .iter()
            .map(|s| StoredSession {
                topic_ids: s
                    .topic_ids
                    .iter()
                    .copied()
                    .filter(|t| self.topics.get(t).is_some_and(|i| i.open))
                    .collect(),
                ..s.clone()
            })
            .filter(|s| !s.topic_ids.is_empty())
            .collect()
    }

    /// The engine's schedule for `sessions`, with every open topic that is
    /// in none of them listed as unscheduled.
    pub fn schedule_of(&self, sessions: &[StoredSession]) -> solver::Schedule {
        let open = self.open_only(sessions);
        let mut sched = instance::to_schedule(&open);
        let placed: BTreeSet<&str> = sched
            .sessions
            .iter()
            .flat_map(|s| s.topics.iter().map(String::as_str))
            .collect();
        sched.unscheduled = self
            .inst
            .topics
            .iter()
            .filter(|t| !placed.contains(t.id.as_str()))
            .map(|t| t.id.clone())
            .collect();
        sched
    }

    /// The engine's checker on `sessions`: its statistics, and the violated
    /// rules split into hard ones (never allowed) and policy notes (the
    /// engine's own preferences, which an organizer may overrule).
    pub fn check(&self, sessions: &[StoredSession]) -> Checked {
        let report = solver::metrics::check(&self.inst, &self.schedule_of(sessions));
        let (policy, hard): (Vec<String>, Vec<String>) = report
            .violations
            .into_iter()
            .map(|v| self.humanize(&v))
            .partition(|v| is_policy(v));
        Checked {
            stats: report.stats,
            hard,
            policy,
        }
    }

    /// Replaces the engine's ids (`t12`, `r3`, `s5`, `a7`) in a message by names.
    pub fn humanize(&self, msg: &str) -> String {
        let mut out = String::with_capacity(msg.len());
        for (i, word) in msg.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let named = match core.chars().next() {
                Some(k @ ('t' | 'r' | 's' | 'a')) if core.len() > 1 => {
                    id_of(core, k).and_then(|id| match k {
                        't' => Some(format!("“{}”", self.title(id))),
                        'r' => Some(self.room_name(id)),
                        's' => self
                            .slot(id)
                            .map(|s| format!("{} {}", s.day_label, s.local_start)),
                        _ => self
                            .topics
                            .values()
                            .find_map(|t| t.hosts.iter().find(|h| h.0 == id).map(|h| h.1.clone())),
                    })
                }
                _ => None,
            };
            match named {
                Some(n) => out.push_str(&word.replacen(core, &n, 1)),
                None => out.push_str(word),
            }
        }
        out
    }
}

pub struct Checked {
    pub stats: solver::Stats,
    pub hard: Vec<String>,
    pub policy: Vec<String>,
}

/// The checker's rules that express the engine's preferences rather than
/// what is possible (an organizer may leave a topic out or merge on purpose).
fn is_policy(v: &str) -> bool {
    [
        "although every topic fits",
        "room-slots stay empty",
        "is scheduled while a topic with",
        "are merged but only",
    ]
    .iter()
    .any(|p| v.contains(p))
}
