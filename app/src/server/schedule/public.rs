//! The published schedule as attendees see it: by slot in time order, "now"
//! and "next" marked in the event's time zone, their own sessions (voted for
//! or hosted) marked, two of theirs in one slot flagged, and what changed
//! since they last looked.

use super::super::error::ServiceResult;
use super::super::events::EventRow;
use super::super::{rooms, slots};
use super::instance::StoredSession;
use super::versions;
use crate::model::{PublicSchedule, PublicSession, PublicSlot, SessionTopic, TopicPlace};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Topics the attendee voted for or hosts.
pub async fn my_topic_ids(pool: &SqlitePool, attendee_id: i64) -> ServiceResult<BTreeSet<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT topic_id FROM votes WHERE attendee_id = ?1
         UNION SELECT topic_id FROM topic_hosts WHERE attendee_id = ?1",
    )
    .bind(attendee_id)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().collect())
}

/// The published schedule, or `None` before one is published. With an
/// attendee, their sessions and the changes since `seen_version` are marked.
pub async fn schedule(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: Option<i64>,
    counts_visible: bool,
    now: DateTime<Utc>,
) -> ServiceResult<Option<PublicSchedule>> {
    let Some(version) = versions::published(pool, event.id).await? else {
        return Ok(None);
    };
    let sessions = versions::sessions(pool, version.id).await?;
    let topics = super::export::topics(pool, event.id).await?;
    let rooms = rooms::titles(pool, event.id, &sessions, &topics).await?;
    let room_order: HashMap<i64, usize> = rooms.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
    let room_name: HashMap<i64, String> = rooms.into_iter().collect();
    let (mine, seen_places) = match attendee_id {
        Some(a) => {
            let mine = my_topic_ids(pool, a).await?;
            let seen: Option<i64> =
                sqlx::query_scalar("SELECT agenda_seen_version FROM attendees WHERE id = ?1")
                    .bind(a)
                    .fetch_optional(pool)
                    .await?
                    .flatten();
            let seen_places = match seen {
                Some(n) if n != version.number.unwrap_or_default() => {
                    versions::places_of(pool, event.id, n).await?
                }
                _ => None,
            };
            (mine, seen_places)
        }
        None => (BTreeSet::new(), None),
    };
    let all_slots = slots::list(pool, event).await?;
    let mut by_slot: BTreeMap<i64, Vec<&StoredSession>> = BTreeMap::new();
    for s in &sessions {
        by_slot.entry(s.slot_id).or_default().push(s);
    }
    let mut next_marked = false;
    let mut out = Vec::new();
    for slot in all_slots {
        let Some(list) = by_slot.get(&slot.id) else {
            continue;
        };
        let start = DateTime::parse_from_rfc3339(&slot.starts_at).map(|t| t.with_timezone(&Utc));
        let end = DateTime::parse_from_rfc3339(&slot.ends_at).map(|t| t.with_timezone(&Utc));
        let when = match (start, end) {
            (Ok(s), Ok(e)) if s <= now && now < e => "now".to_string(),
            (Ok(s), _) if s > now && !next_marked => {
                next_marked = true;
                "next".to_string()
            }
            _ => String::new(),
        };
        let mut list = list.clone();
        list.sort_by_key(|s| room_order.get(&s.room_id).copied().unwrap_or(usize::MAX));
        let sessions: Vec<PublicSession> = list
            .into_iter()
            .map(|s| {
                let changed = seen_places.as_ref().is_some_and(|seen| {
                    s.topic_ids
                        .iter()
                        .any(|t| seen.get(t) != Some(&(s.room_id, s.slot_id)))
                });
                PublicSession {
                    room: room_name.get(&s.room_id).cloned().unwrap_or_default(),
                    room_id: s.room_id,
                    mine: s.topic_ids.iter().any(|t| mine.contains(t)),
                    changed,
                    topics: s
                        .topic_ids
                        .iter()
                        .filter_map(|t| {
                            let r = topics.get(t)?;
                            Some(SessionTopic {
                                id: *t,
                                title: r.title.clone(),
                                hosts: r.hosts.clone(),
                                votes: counts_visible.then_some(r.votes),
                                cancelled: r.cancelled,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let my_clash = sessions.iter().filter(|s| s.mine).count() > 1;
        out.push(PublicSlot {
            slot,
            sessions,
            when,
            my_clash,
        });
    }
    Ok(Some(PublicSchedule {
        number: version.number.unwrap_or_default(),
        published_at: super::local_time(event, version.published_at.as_deref().unwrap_or("")),
        slots: out,
    }))
}

/// What published version `number` changed for the attendee (sessions they
/// voted for or host) against the version before it, in sentences for their
/// phone: "“Kubernetes on bare metal” moved to Room 3, Mon 14:00". More than
/// [`NEWS_GROUPED`] changes become one line pointing to their agenda.
pub async fn news(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    number: i64,
) -> ServiceResult<Vec<String>> {
    let new = match versions::by_number(pool, event.id, number).await {
        Ok(v) if v.status == "published" => v,
        Ok(_) | Err(super::super::error::ServiceError::NotFound(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let now_places = super::grid::places(&versions::sessions(pool, new.id).await?);
    let before = versions::places_of(pool, event.id, number - 1).await?;
    let mine = my_topic_ids(pool, attendee_id).await?;
    let topics = super::export::topics(pool, event.id).await?;
    let rooms: HashMap<i64, String> = rooms::names(pool, event.id).await?.into_iter().collect();
    let slots: HashMap<i64, crate::model::SlotView> = slots::list(pool, event)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let place = |(room, slot): (i64, i64)| {
        let r = rooms.get(&room).cloned().unwrap_or_default();
        match slots.get(&slot) {
            Some(s) => format!("{r}, {} {}", s.day_label, s.local_start),
            None => r,
        }
    };
    let mut lines = Vec::new();
    for t in &mine {
        let Some(topic) = topics.get(t) else { continue };
        let was = before.as_ref().and_then(|b| b.get(t).copied());
        let is = now_places.get(t).copied();
        let title = &topic.title;
        match (was, is) {
            (Some(a), Some(b)) if a != b => {
                lines.push(format!("“{title}” moved to {}.", place(b)));
            }
            (None, Some(b)) if before.is_some() => {
                lines.push(format!("“{title}” is now on the schedule: {}.", place(b)));
            }
            (Some(_), None) => {
                lines.push(format!("“{title}” was taken off the schedule."));
            }
            _ => {}
        }
    }
    if lines.len() > NEWS_GROUPED {
        return Ok(vec![format!(
            "{} of your sessions changed in the new schedule: see your agenda.",
            lines.len()
        )]);
    }
    Ok(lines)
}

/// More changes than this are told in one line.
pub const NEWS_GROUPED: usize = 3;

/// Remembers that the attendee has seen published version `number`.
pub async fn mark_seen(pool: &SqlitePool, attendee_id: i64, number: i64) -> ServiceResult<()> {
    sqlx::query("UPDATE attendees SET agenda_seen_version = ?2 WHERE id = ?1")
        .bind(attendee_id)
        .bind(number)
        .execute(pool)
        .await?;
    Ok(())
}

/// Where and when a topic takes place in the published schedule.
pub async fn topic_place(
    pool: &SqlitePool,
    event: &EventRow,
    topic_id: i64,
) -> ServiceResult<Option<TopicPlace>> {
    let Some(version) = versions::published(pool, event.id).await? else {
        return Ok(None);
    };
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT r.name, s.slot_id FROM version_sessions s
         JOIN version_session_topics t ON t.session_id = s.id JOIN rooms r ON r.id = s.room_id
         WHERE s.version_id = ?1 AND t.topic_id = ?2",
    )
    .bind(version.id)
    .bind(topic_id)
    .fetch_optional(pool)
    .await?;
    let Some((room, slot_id)) = row else {
        return Ok(None);
    };
    let slot = slots::list(pool, event)
        .await?
        .into_iter()
        .find(|s| s.id == slot_id);
    Ok(slot.map(|s| TopicPlace {
        room,
        day_label: s.day_label,
        local_start: s.local_start,
        local_end: s.local_end,
    }))
}

/// The attendee's secret calendar token, made on first use: 128 random bits.
pub async fn calendar_token(pool: &SqlitePool, attendee_id: i64) -> ServiceResult<String> {
    let existing: Option<String> =
        sqlx::query_scalar("SELECT calendar_token FROM attendees WHERE id = ?1")
            .bind(attendee_id)
            .fetch_optional(pool)
            .await?
            .flatten();
    if let Some(t) = existing {
        return Ok(t);
    }
    let token = {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    sqlx::query(
        "UPDATE attendees SET calendar_token = ?2 WHERE id = ?1 AND calendar_token IS NULL",
    )
    .bind(attendee_id)
    .bind(&token)
    .execute(pool)
    .await?;
    // Another request may have set one first: that one counts.
    let stored: Option<String> =
        sqlx::query_scalar("SELECT calendar_token FROM attendees WHERE id = ?1")
            .bind(attendee_id)
            .fetch_one(pool)
            .await?;
    Ok(stored.unwrap_or(token))
}

/// The attendee behind a calendar token, with their event id.
pub async fn by_calendar_token(
    pool: &SqlitePool,
    token: &str,
) -> ServiceResult<Option<(i64, i64)>> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(
        sqlx::query_as("SELECT id, event_id FROM attendees WHERE calendar_token = ?1")
            .bind(token)
            .fetch_optional(pool)
            .await?,
    )
}
