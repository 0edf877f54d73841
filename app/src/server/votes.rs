//! Marking interest in a topic. A vote is one row per (attendee, topic): taps
//! that arrive twice, or retries after a dropped connection, change nothing. The
//! budget check and the insert are one SQL statement, so two quick taps cannot
//! both slip under the budget.

use super::error::{ServiceError, ServiceResult};
use super::events::EventRow;
use super::now_utc;
use crate::model::TopicStatus;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteState {
    pub topic_votes: i64,
    pub votes_used: i64,
}

async fn open_topic_in_event(
    pool: &SqlitePool,
    event: &EventRow,
    topic_id: i64,
) -> ServiceResult<()> {
    match super::topics::status(pool, event, topic_id).await? {
        TopicStatus::Open => Ok(()),
        TopicStatus::Merged => Err(ServiceError::Conflict(
            "This topic was merged into another one; vote for that one instead.".into(),
        )),
        TopicStatus::Withdrawn => Err(ServiceError::Conflict("This topic was withdrawn.".into())),
    }
}

async fn state(pool: &SqlitePool, attendee_id: i64, topic_id: i64) -> ServiceResult<VoteState> {
    let (topic_votes, votes_used): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM votes WHERE topic_id = ?2),
                (SELECT COUNT(*) FROM votes v JOIN topics t ON t.id = v.topic_id
                  WHERE v.attendee_id = ?1 AND t.status = 'open')",
    )
    .bind(attendee_id)
    .bind(topic_id)
    .fetch_one(pool)
    .await?;
    Ok(VoteState {
        topic_votes,
        votes_used,
    })
}

fn voting_closed() -> ServiceError {
    ServiceError::Conflict("Voting is closed for this event.".into())
}

pub async fn cast(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    topic_id: i64,
) -> ServiceResult<VoteState> {
    if !event.voting_open {
        return Err(voting_closed());
    }
    open_topic_in_event(pool, event, topic_id).await?;
    let inserted = sqlx::query(
        "INSERT OR IGNORE INTO votes (attendee_id, topic_id, created_at)
         SELECT ?1, ?2, ?3
         WHERE ?4 IS NULL OR (
             SELECT COUNT(*) FROM votes v JOIN topics t ON t.id = v.topic_id
             WHERE v.attendee_id = ?1 AND t.status = 'open') < ?4",
    )
    .bind(attendee_id)
    .bind(topic_id)
    .bind(now_utc())
    .bind(event.vote_budget)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 0 {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM votes WHERE attendee_id = ?1 AND topic_id = ?2)",
        )
        .bind(attendee_id)
        .bind(topic_id)
        .fetch_one(pool)
        .await?;
        if !exists {
            let budget = event.vote_budget.unwrap_or_default();
            return Err(ServiceError::Conflict(format!(
                "You have used all {budget} of your votes. Remove a vote to free one up."
            )));
        }
    }
    state(pool, attendee_id, topic_id).await
}

pub async fn retract(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    topic_id: i64,
) -> ServiceResult<VoteState> {
    if !event.voting_open {
        return Err(voting_closed());
    }
    open_topic_in_event(pool, event, topic_id).await?;
    sqlx::query("DELETE FROM votes WHERE attendee_id = ?1 AND topic_id = ?2")
        .bind(attendee_id)
        .bind(topic_id)
        .execute(pool)
        .await?;
    state(pool, attendee_id, topic_id).await
}
