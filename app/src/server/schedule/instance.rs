//! The engine's input, built from the database: everything the organizer and
//! the attendees decided (rooms, slots, open topics with their hosts, votes,
//! pins, closures, host unavailability), and, once a schedule is published,
//! that schedule as `previous` with the slots that have started frozen.
//!
//! Ids in the instance are the database ids with a kind prefix (`r12`, `s3`,
//! `t40`, `a7`), so that a schedule maps back without a lookup table and an
//! instance exported for `kring solve` stays readable.

use super::super::error::{ServiceError, ServiceResult};
use super::super::events::EventRow;
use chrono::{DateTime, FixedOffset, Utc};
use solver::{Instance, Schedule};
use sqlx::SqlitePool;
use std::collections::BTreeMap;

pub fn room_key(id: i64) -> String {
    format!("r{id}")
}
pub fn slot_key(id: i64) -> String {
    format!("s{id}")
}
pub fn topic_key(id: i64) -> String {
    format!("t{id}")
}
pub fn person_key(id: i64) -> String {
    format!("a{id}")
}

/// The database id behind an instance key with `prefix` (`"t40"` → 40).
pub fn id_of(key: &str, prefix: char) -> Option<i64> {
    key.strip_prefix(prefix)?.parse().ok()
}

fn parse_time(s: &str) -> ServiceResult<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s)
        .map_err(|e| ServiceError::Internal(format!("stored time {s}: {e}")))
}

fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// A session of a stored schedule version: room, slot and topics (db ids).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StoredSession {
    pub room_id: i64,
    pub slot_id: i64,
    pub topic_ids: Vec<i64>,
}

pub fn to_schedule(sessions: &[StoredSession]) -> Schedule {
    Schedule {
        sessions: sessions
            .iter()
            .map(|s| solver::Session {
                room: room_key(s.room_id),
                slot: slot_key(s.slot_id),
                topics: s.topic_ids.iter().map(|&t| topic_key(t)).collect(),
            })
            .collect(),
        ..Default::default()
    }
}

/// Sessions of an engine schedule, in database ids.
pub fn from_schedule(schedule: &Schedule) -> ServiceResult<Vec<StoredSession>> {
    schedule
        .sessions
        .iter()
        .map(|s| {
            let bad = || ServiceError::Internal(format!("engine returned unknown ids {s:?}"));
            Ok(StoredSession {
                room_id: id_of(&s.room, 'r').ok_or_else(bad)?,
                slot_id: id_of(&s.slot, 's').ok_or_else(bad)?,
                topic_ids: s
                    .topics
                    .iter()
                    .map(|t| id_of(t, 't').ok_or_else(bad))
                    .collect::<ServiceResult<_>>()?,
            })
        })
        .collect()
}

/// Builds the engine's instance for `event` as it is now. `previous` is the
/// published schedule to stay close to (its started slots are frozen), or
/// `None` for a first plan.
pub async fn build(
    pool: &SqlitePool,
    event: &EventRow,
    previous: Option<&[StoredSession]>,
    now: DateTime<Utc>,
) -> ServiceResult<Instance> {
    let rooms: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, name, capacity, features FROM rooms WHERE event_id = ?1 ORDER BY position, id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let slots: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, starts_at, ends_at FROM slots WHERE event_id = ?1 ORDER BY starts_at, id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let topics: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, title, description, tags FROM topics
         WHERE event_id = ?1 AND status = 'open' AND hidden = 0 AND hidden_by_block = 0 ORDER BY id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let hosts: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT h.topic_id, h.attendee_id FROM topic_hosts h JOIN topics t ON t.id = h.topic_id
         WHERE t.event_id = ?1 AND t.status = 'open' AND t.hidden = 0 AND t.hidden_by_block = 0
         ORDER BY h.topic_id, h.role DESC, h.joined_at, h.attendee_id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let votes: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT v.attendee_id, v.topic_id FROM votes v JOIN topics t ON t.id = v.topic_id
         WHERE t.event_id = ?1 AND t.status = 'open' AND t.hidden = 0 AND t.hidden_by_block = 0 ORDER BY v.attendee_id, v.topic_id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let unavailable: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT u.attendee_id, u.slot_id FROM host_unavailable u JOIN slots s ON s.id = u.slot_id
         WHERE s.event_id = ?1 ORDER BY u.attendee_id, s.starts_at",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let closed: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT c.room_id, c.slot_id FROM room_closures c JOIN rooms r ON r.id = c.room_id
         WHERE r.event_id = ?1 ORDER BY c.room_id, c.slot_id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let (stability, themed_rooms): (i64, i64) =
        sqlx::query_as("SELECT stability, themed_rooms_percent FROM events WHERE id = ?1")
            .bind(event.id)
            .fetch_one(pool)
            .await?;
    let pins: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT p.topic_id, p.room_id, p.slot_id FROM schedule_pins p JOIN topics t ON t.id = p.topic_id
         WHERE t.event_id = ?1 AND t.status = 'open' AND t.hidden = 0 AND t.hidden_by_block = 0 ORDER BY p.topic_id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;

    let apart: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.topic_a, p.topic_b FROM topics_apart p
         JOIN topics a ON a.id = p.topic_a JOIN topics b ON b.id = p.topic_b
         WHERE a.event_id = ?1 AND a.status = 'open' AND b.status = 'open'
           AND a.hidden = 0 AND a.hidden_by_block = 0 AND b.hidden = 0 AND b.hidden_by_block = 0
         ORDER BY p.topic_a, p.topic_b",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let mut host_map: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (t, a) in hosts {
        host_map.entry(t).or_default().push(person_key(a));
    }
    let mut vote_map: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (a, t) in votes {
        vote_map.entry(a).or_default().push(topic_key(t));
    }
    let mut unavailable_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (a, s) in unavailable {
        unavailable_map
            .entry(person_key(a))
            .or_default()
            .push(slot_key(s));
    }
    let mut closed_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (r, s) in closed {
        closed_map.entry(room_key(r)).or_default().push(slot_key(s));
    }
    let open: std::collections::HashSet<i64> = topics.iter().map(|t| t.0).collect();

    let slot_rows = slots
        .iter()
        .map(|(id, s, e)| {
            Ok(solver::instance::Slot {
                id: slot_key(*id),
                start: parse_time(s)?,
                end: parse_time(e)?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    // Slots that have started are frozen once a schedule is out: what
    // attendees were told for them stands.
    let frozen_slots: Vec<String> = match previous {
        Some(_) => slot_rows
            .iter()
            .filter(|s| s.start.with_timezone(&Utc) <= now)
            .map(|s| s.id.clone())
            .collect(),
        None => Vec::new(),
    };
    let previous = previous.map(|sessions| {
        // Only what still exists and is open: a withdrawn topic leaves its
        // session (and an empty session disappears).
        let kept: Vec<StoredSession> = sessions
            .iter()
            .map(|s| StoredSession {
                topic_ids: s
                    .topic_ids
                    .iter()
                    .copied()
                    .filter(|t| open.contains(t))
                    .collect(),
                ..s.clone()
            })
            .filter(|s| !s.topic_ids.is_empty())
            .collect();
        to_schedule(&kept)
    });

    Ok(Instance {
        name: event.name.clone(),
        rooms: rooms
            .into_iter()
            .map(|(id, name, capacity, features)| solver::instance::Room {
                id: room_key(id),
                name,
                capacity,
                features: json_list(&features),
            })
            .collect(),
        slots: slot_rows,
        topics: topics
            .into_iter()
            .map(|(id, title, description, tags)| solver::instance::Topic {
                id: topic_key(id),
                title,
                description,
                hosts: host_map.remove(&id).unwrap_or_default(),
                tags: json_list(&tags),
                needs: Vec::new(),
            })
            .collect(),
        votes: vote_map
            .into_iter()
            .map(|(a, topics)| solver::instance::Votes {
                participant: person_key(a),
                topics,
            })
            .collect(),
        unavailable: unavailable_map,
        room_closed: closed_map,
        pinned: pins
            .into_iter()
            .map(|(t, r, s)| solver::instance::Pin {
                topic: topic_key(t),
                room: room_key(r),
                slot: slot_key(s),
            })
            .collect(),
        previous,
        frozen_slots,
        turnout: 1.0,
        stability: stability as u32,
        themed_rooms: themed_rooms as f64 / 100.0,
        apart: apart
            .into_iter()
            .map(|(a, b)| [topic_key(a), topic_key(b)])
            .collect(),
    })
}

/// A fingerprint of the instance: a draft made from an instance with another
/// fingerprint is out of date. (FNV-1a over the canonical JSON; stable across
/// runs and machines, which `std`'s hasher is not.)
pub fn fingerprint(inst: &Instance) -> String {
    let mut copy = inst.clone();
    // What changes by itself with the clock is not a change of input.
    copy.frozen_slots.clear();
    // Nor is a pin: one is only ever set on a draft's own cell (or taken off
    // one), so the draft still keeps it; it binds the next run, not this one.
    copy.pinned.clear();
    let json = serde_json::to_string(&copy).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
