//! Schedule versions: at most one draft per event, and numbered published
//! versions. Publishing and rolling back are single transactions; the current
//! published version is copied into `schedule_sessions`, which rooms and slots
//! in use cannot be deleted from under.

use super::super::error::{ServiceError, ServiceResult};
use super::super::now_utc;
use super::instance::StoredSession;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub event_id: i64,
    pub status: String,
    pub number: Option<i64>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub input_hash: String,
    pub stats: String,
    pub origin: String,
}

const COLUMNS: &str =
    "id, event_id, status, number, created_at, published_at, input_hash, stats, origin";

pub async fn draft(pool: &SqlitePool, event_id: i64) -> ServiceResult<Option<VersionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM schedule_versions WHERE event_id = ?1 AND status = 'draft'"
    ))
    .bind(event_id)
    .fetch_optional(pool)
    .await?)
}

/// The version attendees see: the highest published number.
pub async fn published(pool: &SqlitePool, event_id: i64) -> ServiceResult<Option<VersionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM schedule_versions WHERE event_id = ?1 AND status = 'published'
         ORDER BY number DESC LIMIT 1"
    ))
    .bind(event_id)
    .fetch_optional(pool)
    .await?)
}

pub async fn by_number(pool: &SqlitePool, event_id: i64, number: i64) -> ServiceResult<VersionRow> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM schedule_versions WHERE event_id = ?1 AND number = ?2"
    ))
    .bind(event_id)
    .bind(number)
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound("schedule version"))
}

/// Where each topic sat in version `number` (topic → room, slot), or `None`
/// when the event has no such version.
pub async fn places_of(
    pool: &SqlitePool,
    event_id: i64,
    number: i64,
) -> ServiceResult<Option<BTreeMap<i64, (i64, i64)>>> {
    match by_number(pool, event_id, number).await {
        Ok(v) => Ok(Some(super::grid::places(&sessions(pool, v.id).await?))),
        Err(ServiceError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every published version, newest first.
pub async fn history(pool: &SqlitePool, event_id: i64) -> ServiceResult<Vec<VersionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM schedule_versions WHERE event_id = ?1 AND status = 'published'
         ORDER BY number DESC"
    ))
    .bind(event_id)
    .fetch_all(pool)
    .await?)
}

pub async fn sessions(pool: &SqlitePool, version_id: i64) -> ServiceResult<Vec<StoredSession>> {
    let rows: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT s.id, s.room_id, s.slot_id, t.topic_id FROM version_sessions s
         LEFT JOIN version_session_topics t ON t.session_id = s.id
         WHERE s.version_id = ?1 ORDER BY s.id, t.topic_id",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await?;
    let mut by_id: BTreeMap<i64, StoredSession> = BTreeMap::new();
    for (id, room_id, slot_id, topic) in rows {
        let s = by_id.entry(id).or_insert_with(|| StoredSession {
            room_id,
            slot_id,
            topic_ids: Vec::new(),
        });
        if let Some(t) = topic {
            s.topic_ids.push(t);
        }
    }
    let mut out: Vec<StoredSession> = by_id
        .into_values()
        .filter(|s| !s.topic_ids.is_empty())
        .collect();
    out.sort();
    Ok(out)
}

async fn insert_sessions(
    tx: &mut Transaction<'_, Sqlite>,
    version_id: i64,
    sessions: &[StoredSession],
) -> ServiceResult<()> {
    for s in sessions {
        let sid = sqlx::query(
            "INSERT INTO version_sessions (version_id, room_id, slot_id) VALUES (?1, ?2, ?3)",
        )
        .bind(version_id)
        .bind(s.room_id)
        .bind(s.slot_id)
        .execute(&mut **tx)
        .await?
        .last_insert_rowid();
        for t in &s.topic_ids {
            sqlx::query(
                "INSERT INTO version_session_topics (session_id, topic_id) VALUES (?1, ?2)",
            )
            .bind(sid)
            .bind(t)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// What a new draft is made of.
pub struct NewDraft<'a> {
    pub event_id: i64,
    pub organizer_id: Option<i64>,
    pub sessions: &'a [StoredSession],
    pub input_hash: &'a str,
    pub stats_json: &'a str,
    pub origin: &'a str,
}

/// Stores a new draft, replacing the event's current draft (which is kept as
/// "discarded"). One transaction: a failure leaves the old draft in place.
pub async fn store_draft(pool: &SqlitePool, d: &NewDraft<'_>) -> ServiceResult<i64> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE schedule_versions SET status = 'discarded' WHERE event_id = ?1 AND status = 'draft'",
    )
    .bind(d.event_id)
    .execute(&mut *tx)
    .await?;
    let id = sqlx::query(
        "INSERT INTO schedule_versions (event_id, status, created_by, created_at, input_hash, stats, origin)
         VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(d.event_id)
    .bind(d.organizer_id)
    .bind(now_utc())
    .bind(d.input_hash)
    .bind(d.stats_json)
    .bind(d.origin)
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    insert_sessions(&mut tx, id, d.sessions).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces the sessions of the draft `draft_id` (an organizer's edit).
pub async fn replace_draft_sessions(
    pool: &SqlitePool,
    event_id: i64,
    draft_id: i64,
    sessions: &[StoredSession],
    stats_json: &str,
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let still: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM schedule_versions WHERE id = ?1 AND event_id = ?2 AND status = 'draft'",
    )
    .bind(draft_id)
    .bind(event_id)
    .fetch_optional(&mut *tx)
    .await?;
    if still.is_none() {
        return Err(ServiceError::Conflict(
            "This draft was replaced or published meanwhile. Reload the page.".into(),
        ));
    }
    sqlx::query("DELETE FROM version_sessions WHERE version_id = ?1")
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    insert_sessions(&mut tx, draft_id, sessions).await?;
    sqlx::query("UPDATE schedule_versions SET stats = ?2, origin = CASE WHEN origin LIKE '%, edited' THEN origin ELSE origin || ', edited' END WHERE id = ?1")
        .bind(draft_id)
        .bind(stats_json)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Copies the current published version into `schedule_sessions`.
async fn mirror(
    tx: &mut Transaction<'_, Sqlite>,
    event_id: i64,
    version_id: i64,
) -> ServiceResult<()> {
    sqlx::query("DELETE FROM schedule_sessions WHERE event_id = ?1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO schedule_sessions (id, event_id, room_id, slot_id)
         SELECT id, ?1, room_id, slot_id FROM version_sessions WHERE version_id = ?2",
    )
    .bind(event_id)
    .bind(version_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO schedule_session_topics (session_id, topic_id)
         SELECT t.session_id, t.topic_id FROM version_session_topics t
         JOIN version_sessions s ON s.id = t.session_id WHERE s.version_id = ?1",
    )
    .bind(version_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn current_number(
    tx: &mut Transaction<'_, Sqlite>,
    event_id: i64,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(number) FROM schedule_versions WHERE event_id = ?1 AND status = 'published'",
    )
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await?)
}

fn newer_published() -> ServiceError {
    ServiceError::Conflict(
        "A newer version was published meanwhile. Review the schedule again before publishing."
            .into(),
    )
}

/// Publishes the draft `draft_id`. `seen_number` is the published version
/// the organizer reviewed the draft against (`None`: none was published): if
/// another was published since, nothing changes and the answer says so.
pub async fn publish(
    pool: &SqlitePool,
    event_id: i64,
    draft_id: i64,
    seen_number: Option<i64>,
    organizer_id: Option<i64>,
) -> ServiceResult<i64> {
    // BEGIN IMMEDIATE semantics: the first write takes the lock, so two
    // publishes are serialised and the second sees the first's number.
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE schedule_versions SET origin = origin WHERE id = ?1")
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    let current = current_number(&mut tx, event_id).await?;
    if current != seen_number {
        return Err(newer_published());
    }
    let number = current.unwrap_or(0) + 1;
    let changed = sqlx::query(
        "UPDATE schedule_versions SET status = 'published', number = ?3, published_at = ?4, published_by = ?5
         WHERE id = ?1 AND event_id = ?2 AND status = 'draft'",
    )
    .bind(draft_id)
    .bind(event_id)
    .bind(number)
    .bind(now_utc())
    .bind(organizer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(ServiceError::Conflict(
            "This draft is no longer the current draft (published or replaced meanwhile). Reload the page."
                .into(),
        ));
    }
    mirror(&mut tx, event_id, draft_id).await?;
    tx.commit().await?;
    Ok(number)
}

/// Publishes a copy of the published version `number` as the newest version.
pub async fn rollback(
    pool: &SqlitePool,
    event_id: i64,
    number: i64,
    seen_number: Option<i64>,
    organizer_id: Option<i64>,
) -> ServiceResult<i64> {
    let old = by_number(pool, event_id, number).await?;
    let old_sessions = sessions(pool, old.id).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE events SET id = id WHERE id = ?1")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    let current = current_number(&mut tx, event_id).await?;
    if current != seen_number {
        return Err(newer_published());
    }
    if current == Some(number) {
        return Err(ServiceError::Conflict(format!(
            "Version {number} is the published version already."
        )));
    }
    let new_number = current.unwrap_or(0) + 1;
    let now = now_utc();
    let id = sqlx::query(
        "INSERT INTO schedule_versions (event_id, status, number, created_by, created_at, published_by, published_at, input_hash, stats, origin)
         VALUES (?1, 'published', ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(event_id)
    .bind(new_number)
    .bind(organizer_id)
    .bind(&now)
    .bind(&old.input_hash)
    .bind(&old.stats)
    .bind(format!("roll back to version {number}"))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    insert_sessions(&mut tx, id, &old_sessions).await?;
    mirror(&mut tx, event_id, id).await?;
    tx.commit().await?;
    Ok(new_number)
}
