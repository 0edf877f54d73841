//! Rooms of an event, in the organizer's order. A room that the schedule uses is
//! never deleted silently: the organizer is told what uses it.

use super::error::{ServiceError, ServiceResult};
use crate::domain::{Capacity, Features, RoomName};
use crate::model::RoomView;
use sqlx::SqlitePool;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct RoomInput {
    pub name: RoomName,
    pub capacity: Capacity,
    pub features: Features,
}

impl RoomInput {
    pub fn parse(name: &str, capacity: &str, features: &str) -> ServiceResult<Self> {
        Ok(Self {
            name: RoomName::parse(name)?,
            capacity: Capacity::parse(capacity)?,
            features: Features::parse(features)?,
        })
    }
}

pub async fn list(pool: &SqlitePool, event_id: i64) -> ServiceResult<Vec<RoomView>> {
    let rows: Vec<(i64, String, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT r.id, r.name, r.capacity, r.features, r.position,
                (SELECT COUNT(*) FROM schedule_sessions s WHERE s.room_id = r.id)
         FROM rooms r WHERE r.event_id = ?1 ORDER BY r.position, r.id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, capacity, features, position, used)| RoomView {
            id,
            name,
            capacity: capacity as u32,
            features: serde_json::from_str(&features).unwrap_or_default(),
            position,
            in_use: used > 0,
        })
        .collect())
}

fn name_taken(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn name_taken_error() -> ServiceError {
    ServiceError::clash("name", "This event has a room with that name already.")
}

/// The event's rooms as (id, name), in the organizer's order.
pub async fn names(pool: &SqlitePool, event_id: i64) -> ServiceResult<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, name FROM rooms WHERE event_id = ?1 ORDER BY position, id")
            .bind(event_id)
            .fetch_all(pool)
            .await?,
    )
}

/// Each room's theme in `sessions`, by the engine's rule
/// (`solver::schedule::room_theme`), given each topic's first tag: room id
/// → tag, for rooms that have one.
pub fn themes_of<'a>(
    sessions: &[super::schedule::instance::StoredSession],
    first_tag: impl Fn(i64) -> Option<&'a str>,
) -> HashMap<i64, String> {
    let mut rooms: Vec<i64> = sessions.iter().map(|s| s.room_id).collect();
    rooms.sort_unstable();
    rooms.dedup();
    rooms
        .into_iter()
        .filter_map(|room| {
            let of_sessions = sessions
                .iter()
                .filter(|s| s.room_id == room)
                .map(|s| s.topic_ids.first().and_then(|&t| first_tag(t)));
            solver::schedule::room_theme(of_sessions).map(|t| (room, t))
        })
        .collect()
}

/// With themed rooms on, [`themes_of`] the sessions on show, from the
/// event's topics as already loaded; empty when the setting is off.
pub async fn themes(
    pool: &SqlitePool,
    event_id: i64,
    sessions: &[super::schedule::instance::StoredSession],
    topics: &HashMap<i64, super::schedule::export::Topic>,
) -> ServiceResult<HashMap<i64, String>> {
    let themed: i64 = sqlx::query_scalar("SELECT themed_rooms_percent FROM events WHERE id = ?1")
        .bind(event_id)
        .fetch_one(pool)
        .await?;
    if themed == 0 {
        return Ok(HashMap::new());
    }
    Ok(themes_of(sessions, |t| {
        topics
            .get(&t)
            .and_then(|x| x.tags.first())
            .map(String::as_str)
    }))
}

/// Room names for attendees, "Room B · monitoring" where a room has a theme
/// (see [`themes`]).
pub async fn titles(
    pool: &SqlitePool,
    event_id: i64,
    sessions: &[super::schedule::instance::StoredSession],
    topics: &HashMap<i64, super::schedule::export::Topic>,
) -> ServiceResult<Vec<(i64, String)>> {
    let themes = themes(pool, event_id, sessions, topics).await?;
    Ok(names(pool, event_id)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let title = crate::model::room_title(&name, themes.get(&id).map(String::as_str));
            (id, title)
        })
        .collect())
}

pub async fn add(pool: &SqlitePool, event_id: i64, input: &RoomInput) -> ServiceResult<i64> {
    let features = serde_json::to_string(input.features.as_slice())
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let res = sqlx::query(
        "INSERT INTO rooms (event_id, name, capacity, features, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms WHERE event_id = ?1))",
    )
    .bind(event_id)
    .bind(input.name.as_str())
    .bind(i64::from(input.capacity.get()))
    .bind(features)
    .execute(pool)
    .await;
    match res {
        Ok(r) => Ok(r.last_insert_rowid()),
        Err(e) if name_taken(&e) => Err(name_taken_error()),
        Err(e) => Err(e.into()),
    }
}

pub async fn update(
    pool: &SqlitePool,
    event_id: i64,
    room_id: i64,
    input: &RoomInput,
) -> ServiceResult<()> {
    let features = serde_json::to_string(input.features.as_slice())
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let res = sqlx::query(
        "UPDATE rooms SET name = ?1, capacity = ?2, features = ?3 WHERE id = ?4 AND event_id = ?5",
    )
    .bind(input.name.as_str())
    .bind(i64::from(input.capacity.get()))
    .bind(features)
    .bind(room_id)
    .bind(event_id)
    .execute(pool)
    .await;
    match res {
        Ok(r) if r.rows_affected() == 1 => Ok(()),
        Ok(_) => Err(ServiceError::NotFound("room")),
        Err(e) if name_taken(&e) => Err(name_taken_error()),
        Err(e) => Err(e.into()),
    }
}

/// Moves a room one place up (`-1`) or down (`+1`) by swapping positions.
pub async fn shift(
    pool: &SqlitePool,
    event_id: i64,
    room_id: i64,
    delta: i32,
) -> ServiceResult<()> {
    let rooms = list(pool, event_id).await?;
    let idx = rooms
        .iter()
        .position(|r| r.id == room_id)
        .ok_or(ServiceError::NotFound("room"))?;
    let other = if delta < 0 {
        idx.checked_sub(1)
    } else {
        Some(idx + 1)
    };
    let Some(other) = other.filter(|&o| o < rooms.len()) else {
        return Ok(()); // already first or last
    };
    let mut tx = pool.begin().await?;
    // Renumber densely so that equal positions from old data cannot stall a swap.
    for (i, r) in rooms.iter().enumerate() {
        let pos = if i == idx {
            other
        } else if i == other {
            idx
        } else {
            i
        };
        sqlx::query("UPDATE rooms SET position = ?1 WHERE id = ?2")
            .bind(pos as i64 + 1)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes a room the schedule does not use. `confirmed` must be true: the UI
/// asks first.
pub async fn delete(
    pool: &SqlitePool,
    event_id: i64,
    room_id: i64,
    confirmed: bool,
) -> ServiceResult<()> {
    if !confirmed {
        return Err(ServiceError::Conflict(
            "Confirm that you want to delete this room.".into(),
        ));
    }
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schedule_sessions WHERE room_id = ?1")
        .bind(room_id)
        .fetch_one(pool)
        .await?;
    if used > 0 {
        return Err(ServiceError::Conflict(format!(
            "This room holds {used} scheduled session(s). Move them to another room before deleting it."
        )));
    }
    let r = sqlx::query("DELETE FROM rooms WHERE id = ?1 AND event_id = ?2")
        .bind(room_id)
        .bind(event_id)
        .execute(pool)
        .await;
    match r {
        Ok(r) if r.rows_affected() == 1 => Ok(()),
        Ok(_) => Err(ServiceError::NotFound("room")),
        // The schedule started using it between the check and the delete.
        Err(sqlx::Error::Database(db)) if db.is_foreign_key_violation() => {
            Err(ServiceError::Conflict(
                "This room is in the schedule. Move its sessions before deleting it.".into(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::events::{self, EventInput};

    async fn event(pool: &SqlitePool) -> i64 {
        let input = EventInput::parse("X", "xyz", "UTC", "2026-10-26", "2026-10-27").unwrap();
        events::create(pool, &input).await.unwrap().id
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn add_reorder_and_delete(pool: SqlitePool) {
        let ev = event(&pool).await;
        let a = add(
            &pool,
            ev,
            &RoomInput::parse("Aula", "200", "Projector").unwrap(),
        )
        .await
        .unwrap();
        let b = add(&pool, ev, &RoomInput::parse("Corner", "12", "").unwrap())
            .await
            .unwrap();
        let dup = add(&pool, ev, &RoomInput::parse("Aula", "20", "").unwrap())
            .await
            .unwrap_err();
        assert!(matches!(dup, ServiceError::Clash(ref f) if f.field == "name"));

        shift(&pool, ev, b, -1).await.unwrap();
        let names: Vec<_> = list(&pool, ev)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["Corner", "Aula"]);
        shift(&pool, ev, b, -1).await.unwrap(); // already first: no-op
        assert_eq!(list(&pool, ev).await.unwrap()[0].id, b);

        update(
            &pool,
            ev,
            a,
            &RoomInput::parse("Auditorium", "180", "projector, step-free").unwrap(),
        )
        .await
        .unwrap();
        let rooms = list(&pool, ev).await.unwrap();
        assert_eq!(rooms[1].features, ["projector", "step-free"]);
        assert_eq!(rooms[1].capacity, 180);

        assert!(matches!(
            delete(&pool, ev, a, false).await,
            Err(ServiceError::Conflict(_))
        ));
        delete(&pool, ev, a, true).await.unwrap();
        assert_eq!(list(&pool, ev).await.unwrap().len(), 1);
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn room_in_schedule_is_not_deleted(pool: SqlitePool) {
        let ev = event(&pool).await;
        let r = add(&pool, ev, &RoomInput::parse("Aula", "200", "").unwrap())
            .await
            .unwrap();
        sqlx::query("INSERT INTO slots (event_id, starts_at, ends_at, position) VALUES (?1, '2026-10-26T09:00:00Z', '2026-10-26T10:00:00Z', 1)")
            .bind(ev).execute(&pool).await.unwrap();
        sqlx::query("INSERT INTO schedule_sessions (event_id, room_id, slot_id) VALUES (?1, ?2, (SELECT id FROM slots))")
            .bind(ev).bind(r).execute(&pool).await.unwrap();
        let err = delete(&pool, ev, r, true).await.unwrap_err();
        assert!(
            matches!(err, ServiceError::Conflict(ref m) if m.contains("1 scheduled")),
            "{err:?}"
        );
        assert!(list(&pool, ev).await.unwrap()[0].in_use);
    }
}
