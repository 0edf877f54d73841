//! From votes to a published schedule: the engine runs in the background and
//! writes a draft; organizers review it (numbers, "why here?"), adjust it
//! (every edit checked by the engine's checker), publish it, re-plan during
//! the event (started slots frozen, the published version kept where moves
//! gain little) and roll back. Attendees only ever see published versions.
//!
//! - [`instance`]: the engine's input from the database, and back.
//! - [`versions`]: drafts and numbered published versions (transactions).
//! - [`jobs`]: background runs with progress and cancel.
//! - [`context`], [`grid`]: what a version looks like and how good it is.
//! - [`public`]: the attendee's schedule and agenda.
//! - [`export`]: frab XML/JSON, iCalendar and CSV.

pub mod context;
pub mod export;
pub mod grid;
pub mod instance;
pub mod jobs;
pub mod public;
pub mod versions;

pub use jobs::Jobs;

use super::error::{ServiceError, ServiceResult};
use super::events::EventRow;
use crate::domain::{Stability, ThemedRooms, TimeLimit};
use crate::model::{EditResult, HostOption, ScheduleAdminPage, VersionSummary, WhyView};
use chrono::{DateTime, Utc};
use context::Context;
use instance::StoredSession;
use sqlx::SqlitePool;

/// The published version's sessions, if one is published.
pub async fn published_sessions(
    pool: &SqlitePool,
    event_id: i64,
) -> ServiceResult<Option<(versions::VersionRow, Vec<StoredSession>)>> {
    match versions::published(pool, event_id).await? {
        Some(v) => {
            let s = versions::sessions(pool, v.id).await?;
            Ok(Some((v, s)))
        }
        None => Ok(None),
    }
}

/// Loads the context for planning: the published version is `previous`.
pub async fn context(
    pool: &SqlitePool,
    event: &EventRow,
    now: DateTime<Utc>,
) -> ServiceResult<Context> {
    let published = published_sessions(pool, event.id).await?;
    let ctx = Context::load(pool, event, published.as_ref().map(|p| p.1.as_slice()), now).await?;
    Ok(ctx)
}

pub async fn admin_page(
    pool: &SqlitePool,
    jobs: &Jobs,
    event: &EventRow,
    now: DateTime<Utc>,
) -> ServiceResult<ScheduleAdminPage> {
    let published = published_sessions(pool, event.id).await?;
    let ctx = Context::load(pool, event, published.as_ref().map(|p| p.1.as_slice()), now).await?;
    let (stability, themed_rooms): (i64, i64) =
        sqlx::query_as("SELECT stability, themed_rooms_percent FROM events WHERE id = ?1")
            .bind(event.id)
            .fetch_one(pool)
            .await?;
    let draft = versions::draft(pool, event.id).await?;
    let (draft_view, diff, out_of_date) = match &draft {
        Some(d) => {
            let sessions = versions::sessions(pool, d.id).await?;
            let diff = published
                .as_ref()
                .map(|(_, p)| grid::diff(&ctx, p, &sessions));
            let out_of_date = d.input_hash != instance::fingerprint(&ctx.inst);
            (Some(grid::grid(&ctx, d, &sessions)), diff, out_of_date)
        }
        None => (None, None, false),
    };
    let published_view = published.as_ref().map(|(v, s)| grid::grid(&ctx, v, s));
    let history = versions::history(pool, event.id)
        .await?
        .into_iter()
        .map(|v| {
            let stats: solver::Stats = serde_json::from_str(&v.stats).unwrap_or_default();
            VersionSummary {
                number: v.number.unwrap_or_default(),
                published_at: local_time(event, v.published_at.as_deref().unwrap_or("")),
                origin: v.origin,
                unserved: stats.unserved,
                sessions: stats.sessions,
            }
        })
        .collect();
    let closures: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT c.room_id, c.slot_id FROM room_closures c JOIN rooms r ON r.id = c.room_id
         WHERE r.event_id = ?1",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let hosts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT a.id, a.display_name FROM attendees a
         JOIN topic_hosts h ON h.attendee_id = a.id JOIN topics t ON t.id = h.topic_id
         WHERE a.event_id = ?1 AND t.status = 'open' ORDER BY a.display_name, a.id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let unavailable: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT u.attendee_id, u.slot_id FROM host_unavailable u JOIN attendees a ON a.id = u.attendee_id
         WHERE a.event_id = ?1",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    Ok(ScheduleAdminPage {
        event: event.view(),
        stability: stability as u32,
        themed_rooms: themed_rooms as u32,
        rooms: ctx.rooms.clone(),
        slots: ctx.slots.clone(),
        draft: draft_view,
        published: published_view,
        diff,
        draft_out_of_date: out_of_date,
        job: jobs.view(event.id),
        history,
        closures,
        hosts: hosts
            .into_iter()
            .map(|(attendee_id, name)| HostOption { attendee_id, name })
            .collect(),
        unavailable,
    })
}

/// "Mon 26 Oct 14:02" in the event's time zone, from a stored UTC time.
pub fn local_time(event: &EventRow, utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&event.tz())
                .format("%a %-d %b %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Starts the engine (see [`jobs::start`]).
pub async fn run(
    pool: &SqlitePool,
    jobs: &Jobs,
    event: &EventRow,
    organizer_id: Option<i64>,
    time_limit: TimeLimit,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let previous = published_sessions(pool, event.id).await?.map(|p| p.1);
    jobs::start(
        pool,
        jobs,
        jobs::RunRequest {
            engine: jobs::engine,
            event,
            organizer_id,
            time_limit,
            previous,
            now,
        },
    )
    .await
}

/// An organizer's change to the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Move the session at `from` to `to` (exchanging with the session there).
    Move { from: (i64, i64), to: (i64, i64) },
    /// Take a topic out of the draft.
    Unschedule { topic_id: i64 },
    /// Put a left-out topic into an empty cell.
    Place { topic_id: i64, at: (i64, i64) },
}

fn apply(sessions: &[StoredSession], edit: &Edit) -> ServiceResult<Vec<StoredSession>> {
    match edit {
        Edit::Move { from, to } => {
            grid::moved(sessions, *from, *to).ok_or(ServiceError::NotFound("session"))
        }
        Edit::Unschedule { topic_id } => {
            if !sessions.iter().any(|s| s.topic_ids.contains(topic_id)) {
                return Err(ServiceError::NotFound("topic"));
            }
            Ok(sessions
                .iter()
                .map(|s| StoredSession {
                    topic_ids: s
                        .topic_ids
                        .iter()
                        .copied()
                        .filter(|t| t != topic_id)
                        .collect(),
                    ..s.clone()
                })
                .filter(|s| !s.topic_ids.is_empty())
                .collect())
        }
        Edit::Place { topic_id, at } => {
            if sessions.iter().any(|s| s.topic_ids.contains(topic_id)) {
                return Err(ServiceError::Conflict(
                    "That topic is in the draft already.".into(),
                ));
            }
            if sessions.iter().any(|s| (s.room_id, s.slot_id) == *at) {
                return Err(ServiceError::Conflict(
                    "That room is taken in that slot; choose an empty cell.".into(),
                ));
            }
            let mut out = sessions.to_vec();
            out.push(StoredSession {
                room_id: at.0,
                slot_id: at.1,
                topic_ids: vec![*topic_id],
            });
            out.sort();
            Ok(out)
        }
    }
}

/// The event's draft, if it is still `draft_id` (another organizer may
/// have re-run the engine or published meanwhile).
async fn current_draft(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
) -> ServiceResult<versions::VersionRow> {
    versions::draft(pool, event.id)
        .await?
        .filter(|d| d.id == draft_id)
        .ok_or_else(|| {
            ServiceError::Conflict(
                "This draft is no longer the current draft (replaced or published meanwhile). Reload the page."
                    .into(),
            )
        })
}

/// Applies `edit` to the event's draft `draft_id`, checked by the engine's
/// checker: an edit that breaks a hard rule the draft did not break before
/// (a closed room, a host clash, a missing room feature, a frozen slot, a
/// pin) is refused and nothing is stored. Returns the change in unserved votes.
pub async fn edit(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
    edit: &Edit,
    now: DateTime<Utc>,
) -> ServiceResult<EditResult> {
    let draft = current_draft(pool, event, draft_id).await?;
    let ctx = context(pool, event, now).await?;
    let before = versions::sessions(pool, draft.id).await?;
    if let Edit::Move { to, .. } | Edit::Place { at: to, .. } = edit {
        if !ctx.rooms.iter().any(|r| r.id == to.0) || ctx.slot(to.1).is_none() {
            return Err(ServiceError::NotFound("room or slot"));
        }
    }
    let after = apply(&before, edit)?;
    let old = ctx.check(&before);
    let new = ctx.check(&after);
    let added: Vec<String> = new
        .hard
        .iter()
        .filter(|v| !old.hard.contains(v))
        .cloned()
        .collect();
    if !added.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "Not changed: {}",
            added.join("; ")
        )));
    }
    let stats_json = serde_json::to_string(&keep_engine_numbers(&draft.stats, &new.stats))
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    versions::replace_draft_sessions(pool, event.id, draft.id, &after, &stats_json).await?;
    let mut violations = new.hard;
    violations.extend(new.policy);
    Ok(EditResult {
        delta: new.stats.unserved as i64 - old.stats.unserved as i64,
        violations,
    })
}

/// The checker's numbers for an edited draft, with the engine's bound and
/// status kept (they describe the instance, not the edit).
fn keep_engine_numbers(engine_json: &str, now: &solver::Stats) -> solver::Stats {
    let engine: solver::Stats = serde_json::from_str(engine_json).unwrap_or_default();
    solver::Stats {
        bound: engine.bound,
        status: engine.status,
        seconds: engine.seconds,
        themed_cost: engine.themed_cost,
        ..now.clone()
    }
}

/// Undoes a merge the engine made: the topics of the draft's session at
/// `at` are kept apart from now on (the next run merges others or drops the
/// least wanted instead), and the draft keeps only the most voted of them in
/// that cell; the others are left out until the next run.
pub async fn undo_merge(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
    at: (i64, i64),
    now: DateTime<Utc>,
) -> ServiceResult<EditResult> {
    let draft = current_draft(pool, event, draft_id).await?;
    let before = versions::sessions(pool, draft.id).await?;
    let session = before
        .iter()
        .find(|s| (s.room_id, s.slot_id) == at)
        .ok_or(ServiceError::NotFound("session"))?;
    if session.topic_ids.len() < 2 {
        return Err(ServiceError::Conflict(
            "This session holds one topic: there is no merge to undo.".into(),
        ));
    }
    let ctx = context(pool, event, now).await?;
    let votes = |t: &i64| ctx.topics.get(t).map_or(0, |i| i.voters.len());
    let keep = *session
        .topic_ids
        .iter()
        .max_by_key(|t| (votes(t), std::cmp::Reverse(**t)))
        .expect("two topics");
    let after: Vec<StoredSession> = before
        .iter()
        .map(|s| {
            if (s.room_id, s.slot_id) == at {
                StoredSession {
                    topic_ids: vec![keep],
                    ..s.clone()
                }
            } else {
                s.clone()
            }
        })
        .collect();
    let old = ctx.check(&before);
    let new = ctx.check(&after);
    let mut tx = pool.begin().await?;
    for (i, a) in session.topic_ids.iter().enumerate() {
        for b in &session.topic_ids[i + 1..] {
            sqlx::query("INSERT OR IGNORE INTO topics_apart (topic_a, topic_b) VALUES (?1, ?2)")
                .bind(a.min(b))
                .bind(a.max(b))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    let stats_json = serde_json::to_string(&keep_engine_numbers(&draft.stats, &new.stats))
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    versions::replace_draft_sessions(pool, event.id, draft.id, &after, &stats_json).await?;
    let mut violations = new.hard;
    violations.extend(new.policy);
    Ok(EditResult {
        delta: new.stats.unserved as i64 - old.stats.unserved as i64,
        violations,
    })
}

/// Pins (or unpins) the topics of the draft's session at `at`, so that the
/// engine keeps them there on the next run.
pub async fn set_pin(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
    at: (i64, i64),
    pinned: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let draft = current_draft(pool, event, draft_id).await?;
    let sessions = versions::sessions(pool, draft.id).await?;
    let session = sessions
        .iter()
        .find(|s| (s.room_id, s.slot_id) == at)
        .ok_or(ServiceError::NotFound("session"))?;
    let ctx = context(pool, event, now).await?;
    if pinned && ctx.slot(at.1).is_some_and(|s| slot_started(s, now)) {
        return Err(ServiceError::Conflict(
            "This slot has started: it is frozen, so there is nothing to pin.".into(),
        ));
    }
    let mut tx = pool.begin().await?;
    for t in &session.topic_ids {
        if pinned {
            sqlx::query(
                "INSERT INTO schedule_pins (topic_id, room_id, slot_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (topic_id) DO UPDATE SET room_id = ?2, slot_id = ?3",
            )
            .bind(t)
            .bind(at.0)
            .bind(at.1)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM schedule_pins WHERE topic_id = ?1")
                .bind(t)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn slot_started(s: &crate::model::SlotView, now: DateTime<Utc>) -> bool {
    DateTime::parse_from_rfc3339(&s.starts_at).is_ok_and(|t| t.with_timezone(&Utc) <= now)
}

async fn room_and_slot(
    pool: &SqlitePool,
    event: &EventRow,
    room_id: i64,
    slot_id: i64,
) -> ServiceResult<()> {
    let ok: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM rooms r JOIN slots s ON s.event_id = r.event_id
         WHERE r.id = ?1 AND s.id = ?2 AND r.event_id = ?3",
    )
    .bind(room_id)
    .bind(slot_id)
    .bind(event.id)
    .fetch_optional(pool)
    .await?;
    ok.map(|_| ()).ok_or(ServiceError::NotFound("room or slot"))
}

/// Closes (or reopens) a room for one slot; the engine leaves it empty.
pub async fn set_closed(
    pool: &SqlitePool,
    event: &EventRow,
    room_id: i64,
    slot_id: i64,
    closed: bool,
) -> ServiceResult<()> {
    room_and_slot(pool, event, room_id, slot_id).await?;
    let q = if closed {
        "INSERT OR IGNORE INTO room_closures (room_id, slot_id) VALUES (?1, ?2)"
    } else {
        "DELETE FROM room_closures WHERE room_id = ?1 AND slot_id = ?2"
    };
    sqlx::query(q)
        .bind(room_id)
        .bind(slot_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks a host unavailable (or available again) in one slot.
pub async fn set_unavailable(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    slot_id: i64,
    unavailable: bool,
) -> ServiceResult<()> {
    let ok: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM attendees a JOIN slots s ON s.event_id = a.event_id
         WHERE a.id = ?1 AND s.id = ?2 AND a.event_id = ?3",
    )
    .bind(attendee_id)
    .bind(slot_id)
    .bind(event.id)
    .fetch_optional(pool)
    .await?;
    if ok.is_none() {
        return Err(ServiceError::NotFound("attendee or slot"));
    }
    let q = if unavailable {
        "INSERT OR IGNORE INTO host_unavailable (attendee_id, slot_id) VALUES (?1, ?2)"
    } else {
        "DELETE FROM host_unavailable WHERE attendee_id = ?1 AND slot_id = ?2"
    };
    sqlx::query(q)
        .bind(attendee_id)
        .bind(slot_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_themed_rooms(
    pool: &SqlitePool,
    event: &EventRow,
    t: ThemedRooms,
) -> ServiceResult<()> {
    sqlx::query("UPDATE events SET themed_rooms_percent = ?2 WHERE id = ?1")
        .bind(event.id)
        .bind(i64::from(t.percent()))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_stability(pool: &SqlitePool, event: &EventRow, s: Stability) -> ServiceResult<()> {
    sqlx::query("UPDATE events SET stability = ?2 WHERE id = ?1")
        .bind(event.id)
        .bind(i64::from(s.votes()))
        .execute(pool)
        .await?;
    Ok(())
}

/// Publishes the draft. `seen` is the published number the organizer
/// reviewed against; a draft made from data that changed since is refused
/// unless `anyway` (the organizer saw the warning and chose to publish).
pub async fn publish(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
    seen: Option<i64>,
    anyway: bool,
    organizer_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let draft = current_draft(pool, event, draft_id).await?;
    let ctx = context(pool, event, now).await?;
    let sessions = versions::sessions(pool, draft.id).await?;
    let hard = ctx.check(&sessions).hard;
    if !hard.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "The draft breaks rules that changed since it was made: {}. Run the scheduler again or adjust the draft.",
            hard.join("; ")
        )));
    }
    if !anyway && draft.input_hash != instance::fingerprint(&ctx.inst) {
        return Err(ServiceError::Conflict(
            "Topics, votes, rooms or slots changed since this draft was made. Run the scheduler again, or publish anyway."
                .into(),
        ));
    }
    versions::publish(pool, event.id, draft.id, seen, organizer_id).await
}

pub async fn rollback(
    pool: &SqlitePool,
    event: &EventRow,
    number: i64,
    seen: Option<i64>,
    organizer_id: Option<i64>,
) -> ServiceResult<i64> {
    versions::rollback(pool, event.id, number, seen, organizer_id).await
}

pub async fn why(
    pool: &SqlitePool,
    event: &EventRow,
    draft_id: i64,
    at: (i64, i64),
    now: DateTime<Utc>,
) -> ServiceResult<WhyView> {
    let ctx = context(pool, event, now).await?;
    let version: Option<versions::VersionRow> = sqlx::query_as(
        "SELECT id, event_id, status, number, created_at, published_at, input_hash, stats, origin
         FROM schedule_versions WHERE id = ?1 AND event_id = ?2",
    )
    .bind(draft_id)
    .bind(event.id)
    .fetch_optional(pool)
    .await?;
    let version = version.ok_or(ServiceError::NotFound("schedule version"))?;
    let sessions = versions::sessions(pool, version.id).await?;
    grid::why(&ctx, &sessions, at).ok_or(ServiceError::NotFound("session"))
}

#[cfg(test)]
mod tests;
