//! Likely duplicate topics, for organizers to merge.
//!
//! Why here: the scheduler's relatedness (`solver::relate`: TF-IDF over
//! title, description and tags with stemming, combined with co-votes) is what
//! decides which topics may share a session; showing organizers the same
//! ranking means the pairs they see are the ones the engine would treat as
//! nearly the same topic. Only open topics are compared.

use super::error::ServiceResult;
use super::events::EventRow;
use super::ServiceError;
use crate::model::{DuplicatePair, TopicStatus, TopicView};
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// Pairs at or above this score are shown (the same default as `kring duplicates`).
pub const MIN_SCORE: f64 = 0.4;
/// At most this many pairs, most related first.
pub const LIMIT: usize = 10;

/// Ranked likely duplicates among the open `topics` of `event`.
pub async fn likely(
    pool: &SqlitePool,
    event: &EventRow,
    topics: &[TopicView],
) -> ServiceResult<Vec<DuplicatePair>> {
    let open: Vec<&TopicView> = topics
        .iter()
        .filter(|t| t.status == TopicStatus::Open)
        .collect();
    if open.len() < 2 {
        return Ok(Vec::new());
    }
    let votes: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT v.attendee_id, v.topic_id FROM votes v JOIN topics t ON t.id = v.topic_id
         WHERE t.event_id = ?1 AND t.status = 'open' ORDER BY v.attendee_id, v.topic_id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let mut by_attendee: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (a, t) in votes {
        by_attendee.entry(a).or_default().push(t.to_string());
    }
    let topics: Vec<solver::instance::Topic> = open
        .iter()
        .map(|t| solver::instance::Topic {
            id: t.id.to_string(),
            title: t.title.clone(),
            description: t.description.clone(),
            hosts: Vec::new(),
            tags: t.tags.clone(),
            needs: Vec::new(),
        })
        .collect();
    let votes: Vec<solver::instance::Votes> = by_attendee
        .into_iter()
        .map(|(a, topics)| solver::instance::Votes {
            participant: a.to_string(),
            topics,
        })
        .collect();
    // Quadratic in the number of topics: off the async threads.
    let pairs = tokio::task::spawn_blocking(move || {
        solver::relate::Relatedness::from_parts(&topics, &votes).ranked_pairs(MIN_SCORE, LIMIT)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("relatedness task: {e}")))?;
    Ok(pairs
        .into_iter()
        .map(|(a, b, score)| {
            // The more voted topic is the one to keep.
            let (keep, fold) = if open[a].votes.unwrap_or(0) >= open[b].votes.unwrap_or(0) {
                (open[a], open[b])
            } else {
                (open[b], open[a])
            };
            DuplicatePair {
                keep_id: keep.id,
                keep_title: keep.title.clone(),
                merge_id: fold.id,
                merge_title: fold.title.clone(),
                score,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DisplayName;
    use crate::server::events::{self, EventInput};
    use crate::server::topics::{self, TopicInput, Viewer};
    use crate::server::{attendees, votes};

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn near_identical_topics_come_first_and_the_more_voted_is_kept(pool: SqlitePool) {
        let input = EventInput::parse("X", "dups", "UTC", "2026-10-26", "2026-10-27").unwrap();
        let ev = events::create(&pool, &input).await.unwrap();
        let ana = attendees::join(&pool, ev.id, &DisplayName::parse("Ana").unwrap())
            .await
            .unwrap();
        let bob = attendees::join(&pool, ev.id, &DisplayName::parse("Bob").unwrap())
            .await
            .unwrap();
        let t = |title: &str, desc: &str, tags: &str| TopicInput::parse(title, desc, tags).unwrap();
        let docker = topics::propose(
            &pool,
            &ev,
            ana,
            &t(
                "Docker volumes in production",
                "Persisting data in containers",
                "docker",
            ),
        )
        .await
        .unwrap();
        let docker2 = topics::propose(
            &pool,
            &ev,
            bob,
            &t(
                "Production docker volumes",
                "How do you persist container data?",
                "docker",
            ),
        )
        .await
        .unwrap();
        let culture = topics::propose(
            &pool,
            &ev,
            bob,
            &t(
                "Blameless postmortems",
                "Learning from incidents",
                "culture",
            ),
        )
        .await
        .unwrap();
        let withdrawn = topics::propose(
            &pool,
            &ev,
            ana,
            &t(
                "Docker volumes in production!",
                "Persisting data in containers",
                "docker",
            ),
        )
        .await
        .unwrap();
        topics::withdraw(&pool, &ev, topics::Actor::Attendee(ana), withdrawn)
            .await
            .unwrap();
        let ev = events::set_phases(
            &pool,
            &ev,
            events::Phases {
                proposing_open: true,
                voting_open: true,
                vote_budget: crate::domain::VoteBudget::parse("").unwrap(),
                hide_counts: false,
            },
        )
        .await
        .unwrap();
        votes::cast(&pool, &ev, ana, docker2).await.unwrap();
        votes::cast(&pool, &ev, bob, docker2).await.unwrap();
        votes::cast(&pool, &ev, ana, culture).await.unwrap();

        let viewer = Viewer {
            attendee_id: None,
            organizer: true,
        };
        let all = topics::list(&pool, &ev, viewer).await.unwrap();
        let pairs = likely(&pool, &ev, &all).await.unwrap();
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let p = &pairs[0];
        assert_eq!(
            (p.keep_id, p.merge_id),
            (docker2, docker),
            "the voted one is kept"
        );
        assert!(p.score >= MIN_SCORE && p.score <= 1.0);
        assert!(!pairs
            .iter()
            .any(|p| p.merge_id == withdrawn || p.keep_id == withdrawn));
        assert!(!pairs
            .iter()
            .any(|p| p.merge_id == culture || p.keep_id == culture));
    }
}
