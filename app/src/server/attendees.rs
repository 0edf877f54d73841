//! Attendees: a display name within one event, remembered by the session
//! cookie. No account, no email, and never the IP address (a whole venue shares
//! one).

use super::error::{ServiceError, ServiceResult};
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
    let row: Option<(i64, String, i64, bool)> = sqlx::query_as(
        "SELECT a.id, a.display_name,
                (SELECT COUNT(*) FROM votes v JOIN topics t ON t.id = v.topic_id
                  WHERE v.attendee_id = a.id AND t.status = 'open'),
                a.blocked
         FROM attendees a WHERE a.id = ?1 AND a.event_id = ?2",
    )
    .bind(attendee_id)
    .bind(event_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(attendee_id, display_name, used, blocked)| Me {
        attendee_id,
        display_name,
        votes_used: used as u32,
        blocked,
    }))
}

/// The attendee leaves the event: their name is removed and their votes,
/// co-hostings and unavailabilities with it (database cascade). Topics they
/// proposed stay for the others who voted for them, without a host. Returns
/// the topics whose vote counts changed.
pub async fn leave(pool: &SqlitePool, event_id: i64, attendee_id: i64) -> ServiceResult<Vec<i64>> {
    let mut tx = pool.begin().await?;
    let voted: Vec<i64> = sqlx::query_scalar("SELECT topic_id FROM votes WHERE attendee_id = ?1")
        .bind(attendee_id)
        .fetch_all(&mut *tx)
        .await?;
    let gone = sqlx::query("DELETE FROM attendees WHERE id = ?1 AND event_id = ?2")
        .bind(attendee_id)
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(ServiceError::NotFound("attendee"));
    }
    tx.commit().await?;
    tracing::info!(event_id, attendee_id, "attendee left the event");
    Ok(voted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::events::{self, EventInput};
    use crate::server::topics::{self, TopicInput};
    use crate::server::votes;

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn leaving_removes_the_name_and_votes_but_keeps_the_topics(pool: SqlitePool) {
        let input = EventInput::parse("X", "leave", "UTC", "2026-10-26", "2026-10-27").unwrap();
        let ev = events::create(&pool, &input).await.unwrap();
        let ana = join(&pool, ev.id, &DisplayName::parse("Ana").unwrap())
            .await
            .unwrap();
        let bob = join(&pool, ev.id, &DisplayName::parse("Bob").unwrap())
            .await
            .unwrap();
        let t = TopicInput::parse("Docker volumes", "", "").unwrap();
        let topic = topics::propose(&pool, &ev, ana, &t).await.unwrap();
        votes::cast(&pool, &ev, bob, topic).await.unwrap();
        votes::cast(&pool, &ev, ana, topic).await.unwrap();

        assert_eq!(leave(&pool, ev.id, ana).await.unwrap(), vec![topic]);
        assert!(me(&pool, ev.id, ana).await.unwrap().is_none());
        let (votes, hosts, names): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM votes), (SELECT COUNT(*) FROM topic_hosts),
                    (SELECT COUNT(*) FROM attendees WHERE display_name = 'Ana')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((votes, hosts, names), (1, 0, 0), "Bob's vote stays");
        assert!(matches!(
            leave(&pool, ev.id, ana).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}
