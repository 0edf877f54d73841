//! Moderation, for an event's organizers: hide a topic (attendees, the board
//! and the scheduler no longer see it; the organizers' list keeps it), block
//! an attendee (their topics hidden, their votes set aside so they no longer
//! count, no more posting in the event). Both are undone by the opposite
//! action, which restores exactly what was there, and every action is written
//! to `moderation_log`.

use super::error::{ServiceError, ServiceResult};
use super::events::EventRow;
use super::now_utc;
use sqlx::SqlitePool;

async fn log(
    tx: &mut sqlx::SqliteConnection,
    event_id: i64,
    organizer: i64,
    action: &str,
    topic_id: Option<i64>,
    attendee_id: Option<i64>,
) -> ServiceResult<()> {
    sqlx::query(
        "INSERT INTO moderation_log (event_id, organizer_id, action, topic_id, attendee_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(event_id)
    .bind(organizer)
    .bind(action)
    .bind(topic_id)
    .bind(attendee_id)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Hides (or shows again) one topic of the event.
pub async fn set_topic_hidden(
    pool: &SqlitePool,
    event: &EventRow,
    organizer: i64,
    topic_id: i64,
    hidden: bool,
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("UPDATE topics SET hidden = ?1 WHERE id = ?2 AND event_id = ?3")
        .bind(hidden)
        .bind(topic_id)
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound("topic"));
    }
    let action = if hidden { "hide" } else { "show" };
    log(&mut tx, event.id, organizer, action, Some(topic_id), None).await?;
    tx.commit().await?;
    tracing::info!(
        event_id = event.id,
        topic_id,
        organizer,
        action,
        "moderation"
    );
    Ok(())
}

/// Blocks (or unblocks) an attendee of the event. Returns the topics whose
/// vote counts changed.
pub async fn set_blocked(
    pool: &SqlitePool,
    event: &EventRow,
    organizer: i64,
    attendee_id: i64,
    blocked: bool,
) -> ServiceResult<Vec<i64>> {
    let mut tx = pool.begin().await?;
    let was: Option<bool> =
        sqlx::query_scalar("SELECT blocked FROM attendees WHERE id = ?1 AND event_id = ?2")
            .bind(attendee_id)
            .bind(event.id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(was) = was else {
        return Err(ServiceError::NotFound("attendee"));
    };
    if was == blocked {
        return Ok(Vec::new());
    }
    sqlx::query("UPDATE attendees SET blocked = ?1 WHERE id = ?2")
        .bind(blocked)
        .bind(attendee_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE topics SET hidden_by_block = ?1
         WHERE id IN (SELECT topic_id FROM topic_hosts WHERE attendee_id = ?2 AND role = 'proposer')",
    )
    .bind(blocked)
    .bind(attendee_id)
    .execute(&mut *tx)
    .await?;
    // Blocking sets the votes aside; unblocking puts them back.
    let (from, to) = if blocked {
        ("votes", "suspended_votes")
    } else {
        ("suspended_votes", "votes")
    };
    let changed = move_votes(&mut tx, attendee_id, from, to).await?;
    let action = if blocked { "block" } else { "unblock" };
    log(
        &mut tx,
        event.id,
        organizer,
        action,
        None,
        Some(attendee_id),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        event_id = event.id,
        attendee_id,
        organizer,
        action,
        "moderation"
    );
    Ok(changed)
}

/// Whether the attendee is blocked from posting in their event.
pub async fn is_blocked(pool: &SqlitePool, attendee_id: i64) -> ServiceResult<bool> {
    Ok(
        sqlx::query_scalar::<_, bool>("SELECT blocked FROM attendees WHERE id = ?1")
            .bind(attendee_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(false),
    )
}

/// Moves one attendee's votes between the two vote tables (names fixed by the
/// caller, never user input); the topics whose counts changed.
async fn move_votes(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    attendee_id: i64,
    from: &'static str,
    to: &'static str,
) -> ServiceResult<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT topic_id FROM {from} WHERE attendee_id = ?1"
    ))
    .bind(attendee_id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT OR IGNORE INTO {to} (attendee_id, topic_id, created_at)
         SELECT attendee_id, topic_id, created_at FROM {from} WHERE attendee_id = ?1"
    ))
    .bind(attendee_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!("DELETE FROM {from} WHERE attendee_id = ?1"))
        .bind(attendee_id)
        .execute(&mut **tx)
        .await?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DisplayName;
    use crate::server::events::{self, EventInput};
    use crate::server::topics::{self, TopicInput, Viewer};
    use crate::server::{attendees, votes};

    async fn visible(pool: &SqlitePool, ev: &EventRow, organizer: bool) -> Vec<String> {
        let viewer = Viewer {
            attendee_id: None,
            organizer,
        };
        topics::list(pool, ev, viewer)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    }

    async fn count(pool: &SqlitePool, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn hiding_and_blocking_are_undone_exactly(pool: SqlitePool) {
        let input = EventInput::parse("X", "mod", "UTC", "2026-10-26", "2026-10-27").unwrap();
        let ev = events::create(&pool, &input).await.unwrap();
        let org =
            crate::server::organizers::create(&pool, "o@example.org", "long enough pass", false)
                .await
                .unwrap();
        let ana = attendees::join(&pool, ev.id, &DisplayName::parse("Ana").unwrap())
            .await
            .unwrap();
        let spam = attendees::join(&pool, ev.id, &DisplayName::parse("Spammer").unwrap())
            .await
            .unwrap();
        let t = |s: &str| TopicInput::parse(s, "", "").unwrap();
        let good = topics::propose(&pool, &ev, ana, &t("Docker volumes"))
            .await
            .unwrap();
        let bad = topics::propose(&pool, &ev, spam, &t("Buy cheap watches"))
            .await
            .unwrap();
        let worse = topics::propose(&pool, &ev, spam, &t("More watches"))
            .await
            .unwrap();
        votes::cast(&pool, &ev, spam, good).await.unwrap();
        votes::cast(&pool, &ev, ana, good).await.unwrap();
        votes::cast(&pool, &ev, spam, bad).await.unwrap();

        // Hiding one topic: gone for attendees, kept for organizers.
        set_topic_hidden(&pool, &ev, org, worse, true)
            .await
            .unwrap();
        assert!(!visible(&pool, &ev, false)
            .await
            .contains(&"More watches".to_string()));
        assert_eq!(visible(&pool, &ev, true).await.len(), 3);

        // Blocking: their other topic hidden too, their votes no longer count.
        let changed = set_blocked(&pool, &ev, org, spam, true).await.unwrap();
        assert_eq!(changed.len(), 2);
        assert_eq!(visible(&pool, &ev, false).await, ["Docker volumes"]);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM votes").await, 1);
        assert!(is_blocked(&pool, spam).await.unwrap());

        // Unblocking restores their votes and the topic hidden only by the
        // block; the one hidden on its own stays hidden.
        set_blocked(&pool, &ev, org, spam, false).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM votes").await, 3);
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM suspended_votes").await,
            0
        );
        let mut seen = visible(&pool, &ev, false).await;
        seen.sort();
        assert_eq!(seen, ["Buy cheap watches", "Docker volumes"]);
        set_topic_hidden(&pool, &ev, org, worse, false)
            .await
            .unwrap();
        assert_eq!(visible(&pool, &ev, false).await.len(), 3);
        // Everything was recorded.
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM moderation_log").await, 4);
        // Another event's topic or attendee is not found.
        assert!(matches!(
            set_topic_hidden(&pool, &ev, org, 9_999, true).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}
