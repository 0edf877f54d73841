//! Attendees: a display name within one event, remembered by the session
//! cookie. No account, no email, and never the IP address (a whole venue shares
//! one).

use super::error::ServiceResult;
use super::now_utc;
use crate::domain::DisplayName;
use crate::model::Me;
use sqlx::SqlitePool;

pub async fn join(pool: &SqlitePool, event_id: i64, name: &DisplayName) -> ServiceResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO attendees (event_id, display_name, created_at) VALUES (?1, ?2, ?3)",
    )
    .bind(event_id)
    .bind(name.as_str())
    .bind(now_utc())
    .execute(pool)
    .await?
    .last_insert_rowid())
}

pub async fn rename(pool: &SqlitePool, attendee_id: i64, name: &DisplayName) -> ServiceResult<()> {
    sqlx::query("UPDATE attendees SET display_name = ?1 WHERE id = ?2")
        .bind(name.as_str())
        .bind(attendee_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The attendee, if it still exists and belongs to this event.
pub async fn me(pool: &SqlitePool, event_id: i64, attendee_id: i64) -> ServiceResult<Option<Me>> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.display_name,
                (SELECT COUNT(*) FROM votes v JOIN topics t ON t.id = v.topic_id
                  WHERE v.attendee_id = a.id AND t.status = 'open')
         FROM attendees a WHERE a.id = ?1 AND a.event_id = ?2",
    )
    .bind(attendee_id)
    .bind(event_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(attendee_id, display_name, used)| Me {
        attendee_id,
        display_name,
        votes_used: used as u32,
    }))
}
