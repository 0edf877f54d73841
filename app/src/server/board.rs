//! The venue board and the door displays: what is true now, for a screen
//! nobody touches. Everything is computed here, in the event's time zone, so
//! the browser only lays it out (and fetches it again when the live stream
//! says something changed, or a minute has passed).

use super::error::{ServiceError, ServiceResult};
use super::events::{self, EventRow};
use super::schedule::export::{self, Topic};
use super::schedule::instance::StoredSession;
use super::schedule::versions;
use super::{rooms, slots};
use crate::model::{
    now_and_next, BoardMode, BoardRoom, BoardSchedule, BoardSession, BoardSlotLabel, BoardTopic,
    BoardView, DoorView, SlotView,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::SqlitePool;
use std::collections::{BTreeMap, HashMap};

/// How long sessions changed by a publish stay highlighted.
pub const CHANGED_FOR: Duration = Duration::minutes(30);
const NEWEST: i64 = 8;
const TOP: i64 = 6;

/// The organizer's board settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardSettings {
    pub mode: BoardMode,
    pub page_seconds: u32,
}

impl BoardSettings {
    /// From the form: a mode and a paging interval of 5 to 120 seconds.
    pub fn parse(mode: &str, page_seconds: &str) -> ServiceResult<Self> {
        let mode = BoardMode::parse(mode.trim())
            .ok_or_else(|| ServiceError::invalid("board_mode", "Choose what the board shows."))?;
        let page_seconds = page_seconds
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|s| (5..=120).contains(s))
            .ok_or_else(|| {
                ServiceError::invalid(
                    "board_page_seconds",
                    "Enter a number of seconds from 5 to 120.",
                )
            })?;
        Ok(Self { mode, page_seconds })
    }
}

pub async fn settings(pool: &SqlitePool, event_id: i64) -> ServiceResult<BoardSettings> {
    let (mode, secs): (String, i64) =
        sqlx::query_as("SELECT board_mode, board_page_seconds FROM events WHERE id = ?1")
            .bind(event_id)
            .fetch_one(pool)
            .await?;
    Ok(BoardSettings {
        mode: BoardMode::parse(&mode).unwrap_or_default(),
        page_seconds: u32::try_from(secs).unwrap_or(12),
    })
}

pub async fn set_settings(pool: &SqlitePool, event_id: i64, s: BoardSettings) -> ServiceResult<()> {
    sqlx::query("UPDATE events SET board_mode = ?1, board_page_seconds = ?2 WHERE id = ?3")
        .bind(s.mode.key())
        .bind(i64::from(s.page_seconds))
        .bind(event_id)
        .execute(pool)
        .await?;
    Ok(())
}

fn tags(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// The board for `event` at `now`.
pub async fn board(
    pool: &SqlitePool,
    event: &EventRow,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<BoardView> {
    let settings = settings(pool, event.id).await?;
    let counts = events::counts(pool, event.id).await?;
    let counts_public = event.view().counts_public();
    let newest: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, title, tags FROM topics WHERE event_id = ?1 AND status = 'open'
           AND hidden = 0 AND hidden_by_block = 0
         ORDER BY id DESC LIMIT ?2",
    )
    .bind(event.id)
    .bind(NEWEST)
    .fetch_all(pool)
    .await?;
    let top: Vec<(i64, String, String, i64)> = if counts_public {
        sqlx::query_as(
            "SELECT t.id, t.title, t.tags, (SELECT COUNT(*) FROM votes v WHERE v.topic_id = t.id) AS n
               FROM topics t WHERE t.event_id = ?1 AND t.status = 'open'
                AND t.hidden = 0 AND t.hidden_by_block = 0
              ORDER BY n DESC, t.id LIMIT ?2",
        )
        .bind(event.id)
        .bind(TOP)
        .fetch_all(pool)
        .await?
        .into_iter()
        .filter(|r: &(i64, String, String, i64)| r.3 > 0)
        .collect()
    } else {
        Vec::new()
    };
    let schedule = match settings.mode {
        BoardMode::Market => None,
        BoardMode::Auto | BoardMode::Schedule => schedule_now(pool, event, now).await?,
    };
    let join_url = events::join_url(public_url, &event.slug);
    Ok(BoardView {
        event_name: event.name.clone(),
        slug: event.slug.clone(),
        timezone: event.timezone.clone(),
        join_short: join_url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_string(),
        join_url,
        attendees: counts.attendees,
        topics: counts.topics,
        newest: newest
            .into_iter()
            .map(|(id, title, t)| BoardTopic {
                id,
                title,
                tags: tags(&t),
                votes: None,
            })
            .collect(),
        top: top
            .into_iter()
            .map(|(id, title, t, n)| BoardTopic {
                id,
                title,
                tags: tags(&t),
                votes: Some(n),
            })
            .collect(),
        mode: settings.mode,
        page_seconds: settings.page_seconds,
        schedule,
    })
}

/// The published version's sessions, with the places of the version before
/// it when it was published less than [`CHANGED_FOR`] ago.
struct Current {
    number: i64,
    sessions: Vec<StoredSession>,
    before: Option<BTreeMap<i64, (i64, i64)>>,
    topics: HashMap<i64, Topic>,
    slots: Vec<SlotView>,
    rooms: Vec<(i64, String)>,
    /// Themed rooms: room id → theme.
    themes: HashMap<i64, String>,
}

async fn current(
    pool: &SqlitePool,
    event: &EventRow,
    now: DateTime<Utc>,
) -> ServiceResult<Option<Current>> {
    let Some(version) = versions::published(pool, event.id).await? else {
        return Ok(None);
    };
    let number = version.number.unwrap_or_default();
    let recent = version
        .published_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| now - t.with_timezone(&Utc) < CHANGED_FOR);
    let before = if recent && number > 1 {
        versions::places_of(pool, event.id, number - 1).await?
    } else {
        None
    };
    let sessions = versions::sessions(pool, version.id).await?;
    let topics = export::topics(pool, event.id).await?;
    Ok(Some(Current {
        number,
        rooms: rooms::names(pool, event.id).await?,
        themes: rooms::themes(pool, event.id, &sessions, &topics).await?,
        sessions,
        before,
        topics,
        slots: slots::list(pool, event).await?,
    }))
}

impl Current {
    fn session(&self, s: &StoredSession) -> BoardSession {
        let topics: Vec<&Topic> = s
            .topic_ids
            .iter()
            .filter_map(|t| self.topics.get(t))
            .collect();
        let mut hosts: Vec<String> = Vec::new();
        for h in topics.iter().flat_map(|t| t.hosts.iter()) {
            if !hosts.contains(h) {
                hosts.push(h.clone());
            }
        }
        BoardSession {
            title: topics
                .iter()
                .map(|t| t.title.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            hosts: hosts.join(", "),
            changed: self.before.as_ref().is_some_and(|b| {
                s.topic_ids
                    .iter()
                    .any(|t| b.get(t) != Some(&(s.room_id, s.slot_id)))
            }),
            cancelled: !topics.is_empty() && topics.iter().all(|t| t.cancelled),
        }
    }

    fn at(&self, room_id: i64, slot_id: i64) -> Option<&StoredSession> {
        self.sessions
            .iter()
            .find(|s| s.room_id == room_id && s.slot_id == slot_id)
    }

    /// Slots in time order with (day, started, ended) at `now`.
    fn timeline(&self, now: DateTime<Utc>) -> Vec<(String, bool, bool)> {
        self.slots
            .iter()
            .map(|s| {
                let t = |raw: &str| {
                    DateTime::parse_from_rfc3339(raw)
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or_default()
                };
                (
                    s.local_date.clone(),
                    t(&s.starts_at) <= now,
                    t(&s.ends_at) <= now,
                )
            })
            .collect()
    }
}

fn label(s: &SlotView) -> BoardSlotLabel {
    BoardSlotLabel {
        day_label: s.day_label.clone(),
        local_start: s.local_start.clone(),
        local_end: s.local_end.clone(),
    }
}

async fn schedule_now(
    pool: &SqlitePool,
    event: &EventRow,
    now: DateTime<Utc>,
) -> ServiceResult<Option<BoardSchedule>> {
    let Some(c) = current(pool, event, now).await? else {
        return Ok(None);
    };
    let (now_i, next_i) = now_and_next(&c.timeline(now));
    let now_slot = now_i.map(|i| &c.slots[i]);
    let next_slot = next_i.map(|i| &c.slots[i]);
    let rooms = c
        .rooms
        .iter()
        .map(|(id, name)| BoardRoom {
            id: *id,
            name: name.clone(),
            theme: c.themes.get(id).cloned(),
            now: now_slot.and_then(|s| c.at(*id, s.id)).map(|s| c.session(s)),
            next: next_slot
                .and_then(|s| c.at(*id, s.id))
                .map(|s| c.session(s)),
        })
        .collect();
    Ok(Some(BoardSchedule {
        number: c.number,
        now: now_slot.map(label),
        next: next_slot.map(label),
        rooms,
        ended: now_i.is_none() && next_i.is_none(),
    }))
}

/// A room's door display at `now`.
pub async fn door(
    pool: &SqlitePool,
    event: &EventRow,
    room_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<DoorView> {
    let room: String = sqlx::query_scalar("SELECT name FROM rooms WHERE id = ?1 AND event_id = ?2")
        .bind(room_id)
        .bind(event.id)
        .fetch_optional(pool)
        .await?
        .ok_or(ServiceError::NotFound("room"))?;
    let mut view = DoorView {
        event_name: event.name.clone(),
        slug: event.slug.clone(),
        timezone: event.timezone.clone(),
        room,
        theme: None,
        now: None,
        next: None,
        next_free: None,
        published: false,
    };
    let Some(c) = current(pool, event, now).await? else {
        return Ok(view);
    };
    view.published = true;
    view.theme = c.themes.get(&room_id).cloned();
    let timeline = c.timeline(now);
    let now_i = timeline.iter().position(|(_, s, e)| *s && !*e);
    view.now = now_i.and_then(|i| {
        c.at(room_id, c.slots[i].id)
            .map(|s| (label(&c.slots[i]), c.session(s)))
    });
    // The room's next session, whatever the day (a door is about one room).
    let upcoming: Vec<usize> = (0..c.slots.len()).filter(|&i| !timeline[i].1).collect();
    view.next = upcoming.iter().find_map(|&i| {
        c.at(room_id, c.slots[i].id)
            .map(|s| (label(&c.slots[i]), c.session(s)))
    });
    view.next_free = now_i
        .into_iter()
        .chain(upcoming.iter().copied())
        .find(|&i| c.at(room_id, c.slots[i].id).is_none())
        .map(|i| label(&c.slots[i]));
    Ok(view)
}
