//! Topics: proposed by an attendee (who hosts it), co-hosted by others, edited or
//! withdrawn by their hosts while proposing is open and by organizers at any
//! time, and merged by organizers when two proposals are the same discussion.

use super::error::{ServiceError, ServiceResult};
use super::events::EventRow;
use super::now_utc;
use crate::domain::{Tags, TopicDescription, TopicTitle};
use crate::model::{HostView, Moderation, TopicStatus, TopicView};
use sqlx::SqlitePool;
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub struct TopicInput {
    pub title: TopicTitle,
    pub description: TopicDescription,
    pub tags: Tags,
}

impl TopicInput {
    pub fn parse(title: &str, description: &str, tags: &str) -> ServiceResult<Self> {
        Ok(Self {
            title: TopicTitle::parse(title)?,
            description: TopicDescription::parse(description)?,
            tags: Tags::parse(tags)?,
        })
    }
}

/// Who is acting: an attendee of the event, or an organizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Attendee(i64),
    Organizer,
}

/// Who is looking: decides whether counts are visible and what is "mine".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewer {
    pub attendee_id: Option<i64>,
    pub organizer: bool,
}

fn tags_json(tags: &Tags) -> ServiceResult<String> {
    serde_json::to_string(tags.as_slice()).map_err(|e| ServiceError::Internal(e.to_string()))
}

pub async fn propose(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    input: &TopicInput,
) -> ServiceResult<i64> {
    if !event.proposing_open {
        return Err(ServiceError::Conflict(
            "Proposing is closed for this event.".into(),
        ));
    }
    let now = now_utc();
    let mut tx = pool.begin().await?;
    let id = sqlx::query(
        "INSERT INTO topics (event_id, title, description, tags, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5)",
    )
    .bind(event.id)
    .bind(input.title.as_str())
    .bind(input.description.as_str())
    .bind(tags_json(&input.tags)?)
    .bind(&now)
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    sqlx::query("INSERT INTO topic_hosts (topic_id, attendee_id, role, joined_at) VALUES (?1, ?2, 'proposer', ?3)")
        .bind(id)
        .bind(attendee_id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

struct TopicMeta {
    status: TopicStatus,
    proposer: Option<i64>,
    hosts: Vec<i64>,
}

/// The status of a topic of this event (`NotFound` for another event's topic).
pub async fn status(
    pool: &SqlitePool,
    event: &EventRow,
    topic_id: i64,
) -> ServiceResult<TopicStatus> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM topics WHERE id = ?1 AND event_id = ?2")
            .bind(topic_id)
            .bind(event.id)
            .fetch_optional(pool)
            .await?;
    Ok(TopicStatus::from_db(
        &status.ok_or(ServiceError::NotFound("topic"))?,
    ))
}

async fn meta(pool: &SqlitePool, event: &EventRow, topic_id: i64) -> ServiceResult<TopicMeta> {
    let status = status(pool, event, topic_id).await?;
    let hosts: Vec<(i64, String)> =
        sqlx::query_as("SELECT attendee_id, role FROM topic_hosts WHERE topic_id = ?1")
            .bind(topic_id)
            .fetch_all(pool)
            .await?;
    Ok(TopicMeta {
        status,
        proposer: hosts.iter().find(|(_, r)| r == "proposer").map(|(a, _)| *a),
        hosts: hosts.into_iter().map(|(a, _)| a).collect(),
    })
}

/// Attendees may change their own open topics while proposing is open;
/// organizers may change any topic at any time.
fn may_change(
    event: &EventRow,
    actor: Actor,
    m: &TopicMeta,
    proposer_only: bool,
) -> ServiceResult<()> {
    match actor {
        Actor::Organizer => Ok(()),
        Actor::Attendee(a) => {
            let owns = if proposer_only {
                m.proposer == Some(a)
            } else {
                m.hosts.contains(&a)
            };
            if !owns {
                return Err(ServiceError::Forbidden(
                    "Only the topic's hosts can change it.".into(),
                ));
            }
            if !event.proposing_open {
                return Err(ServiceError::Conflict(
                    "Proposing is closed, so topics can no longer be changed. Ask an organizer."
                        .into(),
                ));
            }
            if m.status != TopicStatus::Open {
                return Err(ServiceError::Conflict(
                    "This topic is no longer open.".into(),
                ));
            }
            Ok(())
        }
    }
}

pub async fn edit(
    pool: &SqlitePool,
    event: &EventRow,
    actor: Actor,
    topic_id: i64,
    input: &TopicInput,
) -> ServiceResult<()> {
    let m = meta(pool, event, topic_id).await?;
    may_change(event, actor, &m, false)?;
    sqlx::query(
        "UPDATE topics SET title = ?1, description = ?2, tags = ?3, updated_at = ?4 WHERE id = ?5",
    )
    .bind(input.title.as_str())
    .bind(input.description.as_str())
    .bind(tags_json(&input.tags)?)
    .bind(now_utc())
    .bind(topic_id)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn withdraw(
    pool: &SqlitePool,
    event: &EventRow,
    actor: Actor,
    topic_id: i64,
) -> ServiceResult<()> {
    let m = meta(pool, event, topic_id).await?;
    may_change(event, actor, &m, true)?;
    if m.status == TopicStatus::Merged {
        return Err(ServiceError::Conflict(
            "A merged topic cannot be withdrawn.".into(),
        ));
    }
    sqlx::query(
        "UPDATE topics SET status = 'withdrawn', updated_at = ?1 WHERE id = ?2 AND status = 'open'",
    )
    .bind(now_utc())
    .bind(topic_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Organizers can bring back a withdrawn topic.
pub async fn reopen(pool: &SqlitePool, event: &EventRow, topic_id: i64) -> ServiceResult<()> {
    let r = sqlx::query("UPDATE topics SET status = 'open', updated_at = ?1 WHERE id = ?2 AND event_id = ?3 AND status = 'withdrawn'")
        .bind(now_utc())
        .bind(topic_id)
        .bind(event.id)
        .execute(pool)
        .await?;
    if r.rows_affected() == 0 {
        return Err(ServiceError::Conflict(
            "Only a withdrawn topic can be reopened.".into(),
        ));
    }
    Ok(())
}

/// Joins (or leaves) a topic as co-host. The proposer cannot leave their own topic.
pub async fn set_cohost(
    pool: &SqlitePool,
    event: &EventRow,
    attendee_id: i64,
    topic_id: i64,
    join: bool,
) -> ServiceResult<()> {
    let m = meta(pool, event, topic_id).await?;
    if m.status != TopicStatus::Open {
        return Err(ServiceError::Conflict(
            "This topic is no longer open.".into(),
        ));
    }
    if join {
        sqlx::query("INSERT OR IGNORE INTO topic_hosts (topic_id, attendee_id, role, joined_at) VALUES (?1, ?2, 'cohost', ?3)")
            .bind(topic_id)
            .bind(attendee_id)
            .bind(now_utc())
            .execute(pool)
            .await?;
    } else {
        if m.proposer == Some(attendee_id) {
            return Err(ServiceError::Conflict(
                "You proposed this topic; withdraw it instead of leaving it.".into(),
            ));
        }
        sqlx::query(
            "DELETE FROM topic_hosts WHERE topic_id = ?1 AND attendee_id = ?2 AND role = 'cohost'",
        )
        .bind(topic_id)
        .bind(attendee_id)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Every topic of the event (open, withdrawn and merged), as `viewer` may see it.
pub async fn list(
    pool: &SqlitePool,
    event: &EventRow,
    viewer: Viewer,
) -> ServiceResult<Vec<TopicView>> {
    load(pool, event, viewer, None).await
}

pub async fn get(
    pool: &SqlitePool,
    event: &EventRow,
    viewer: Viewer,
    topic_id: i64,
) -> ServiceResult<TopicView> {
    load(pool, event, viewer, Some(topic_id))
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("topic"))
}

/// One statement, one row per topic: its hosts come as a JSON array and
/// the viewer's vote as a flag.
///
/// Every topic list and topic page runs this. sqlx runs SQLite on the
/// connection's own thread and hands each statement and each result row
/// across to the request's task. The three statements this replaced (the
/// topics, their hosts, the viewer's votes, joined up in Rust) took a median
/// 505 µs for the demo's 40 topics where this takes 425 µs
/// (`server/BENCHMARKS.md`, session 22).
async fn load(
    pool: &SqlitePool,
    event: &EventRow,
    viewer: Viewer,
    only: Option<i64>,
) -> ServiceResult<Vec<TopicView>> {
    let rows: Vec<TopicRow> = sqlx::query_as(
        "SELECT t.id, t.title, t.description, t.tags, t.status, t.merged_into,
                m.title AS merged_title, t.created_at,
                (SELECT COUNT(*) FROM votes v WHERE v.topic_id = t.id) AS votes,
                t.hidden, t.hidden_by_block,
                ?4 IS NOT NULL AND EXISTS
                    (SELECT 1 FROM votes v WHERE v.topic_id = t.id AND v.attendee_id = ?4)
                    AS voted_by_me,
                (SELECT json_group_array(json_array(h.attendee_id, a.display_name,
                            h.role = 'proposer', a.blocked)
                            ORDER BY h.role = 'cohost', h.joined_at)
                   FROM topic_hosts h JOIN attendees a ON a.id = h.attendee_id
                  WHERE h.topic_id = t.id) AS hosts
         FROM topics t LEFT JOIN topics m ON m.id = t.merged_into
         WHERE t.event_id = ?1 AND (?2 IS NULL OR t.id = ?2)
           AND (?3 OR (t.hidden = 0 AND t.hidden_by_block = 0))
         ORDER BY t.created_at DESC, t.id DESC",
    )
    .bind(event.id)
    .bind(only)
    .bind(viewer.organizer)
    .bind(viewer.attendee_id)
    .fetch_all(pool)
    .await?;
    let counts_visible = viewer.organizer || event.view().counts_public();
    rows.into_iter()
        .map(|r| r.view(viewer, counts_visible))
        .collect()
}

/// A row of [`load`].
#[derive(sqlx::FromRow)]
struct TopicRow {
    id: i64,
    title: String,
    description: String,
    tags: String,
    status: String,
    merged_into: Option<i64>,
    merged_title: Option<String>,
    created_at: String,
    votes: i64,
    hidden: bool,
    hidden_by_block: bool,
    voted_by_me: bool,
    /// `[[attendee_id, display_name, is_proposer, blocked], …]` (the flags as
    /// 0 or 1), proposer first.
    hosts: String,
}

impl TopicRow {
    fn view(self, viewer: Viewer, counts_visible: bool) -> ServiceResult<TopicView> {
        let hosts: Vec<(i64, String, u8, u8)> = serde_json::from_str(&self.hosts)
            .map_err(|e| ServiceError::Internal(format!("hosts of topic {}: {e}", self.id)))?;
        let proposer = hosts.iter().find(|h| h.2 != 0).map(|h| (h.0, h.3 != 0));
        let me = viewer.attendee_id;
        Ok(TopicView {
            id: self.id,
            title: self.title,
            description: self.description,
            tags: serde_json::from_str(&self.tags).unwrap_or_default(),
            status: TopicStatus::from_db(&self.status),
            merged_into: self.merged_into,
            merged_into_title: self.merged_title,
            hosted_by_me: me.is_some_and(|m| hosts.iter().any(|h| h.0 == m)),
            proposed_by_me: me.is_some_and(|m| proposer.is_some_and(|p| p.0 == m)),
            moderation: viewer.organizer.then(|| Moderation {
                hidden: self.hidden,
                hidden_by_block: self.hidden_by_block,
                proposer_id: proposer.map(|p| p.0),
                proposer_blocked: proposer.is_some_and(|p| p.1),
            }),
            hosts: hosts
                .into_iter()
                .map(|(_, name, proposer, _)| HostView {
                    name,
                    proposer: proposer != 0,
                })
                .collect(),
            votes: counts_visible.then_some(self.votes),
            voted_by_me: self.voted_by_me,
            created_at: self.created_at,
        })
    }
}

/// Merges `sources` into `target`: the target gains the union of their voters
/// (each counted once), their hosts as co-hosts and their tags; the sources stay
/// as "merged into target" and are not deleted.
pub async fn merge(
    pool: &SqlitePool,
    event: &EventRow,
    target: i64,
    sources: &[i64],
) -> ServiceResult<()> {
    let sources: Vec<i64> = sources
        .iter()
        .copied()
        .filter(|&s| s != target)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if sources.is_empty() {
        return Err(ServiceError::invalid(
            "sources",
            "Pick at least one other topic to merge into this one.",
        ));
    }
    let tm = meta(pool, event, target).await?;
    if tm.status != TopicStatus::Open {
        return Err(ServiceError::Conflict("Merge into an open topic.".into()));
    }
    let mut all_tags: Vec<String> = {
        let t: String = sqlx::query_scalar("SELECT tags FROM topics WHERE id = ?1")
            .bind(target)
            .fetch_one(pool)
            .await?;
        serde_json::from_str(&t).unwrap_or_default()
    };
    let now = now_utc();
    let mut tx = pool.begin().await?;
    for &s in &sources {
        // The write comes first so the transaction takes the write lock at once.
        let r = sqlx::query(
            "UPDATE topics SET status = 'merged', merged_into = ?1, updated_at = ?2
             WHERE id = ?3 AND event_id = ?4 AND status = 'open'",
        )
        .bind(target)
        .bind(&now)
        .bind(s)
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(ServiceError::Conflict(format!(
                "Topic #{s} is not an open topic of this event."
            )));
        }
        sqlx::query(
            "INSERT OR IGNORE INTO votes (attendee_id, topic_id, created_at)
             SELECT attendee_id, ?1, created_at FROM votes WHERE topic_id = ?2",
        )
        .bind(target)
        .bind(s)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO topic_hosts (topic_id, attendee_id, role, joined_at)
             SELECT ?1, attendee_id, 'cohost', ?3 FROM topic_hosts WHERE topic_id = ?2",
        )
        .bind(target)
        .bind(s)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let t: String = sqlx::query_scalar("SELECT tags FROM topics WHERE id = ?1")
            .bind(s)
            .fetch_one(&mut *tx)
            .await?;
        for tag in serde_json::from_str::<Vec<String>>(&t).unwrap_or_default() {
            if !all_tags.contains(&tag) && all_tags.len() < Tags::MAX_TAGS {
                all_tags.push(tag);
            }
        }
    }
    sqlx::query("UPDATE topics SET tags = ?1, updated_at = ?2 WHERE id = ?3")
        .bind(serde_json::to_string(&all_tags).map_err(|e| ServiceError::Internal(e.to_string()))?)
        .bind(&now)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DisplayName, VoteBudget};
    use crate::server::events::{self, EventInput, Phases};
    use crate::server::{attendees, votes};

    async fn setup(pool: &SqlitePool) -> (EventRow, i64, i64, i64) {
        let input = EventInput::parse("X", "xyz", "UTC", "2026-10-26", "2026-10-27").unwrap();
        let ev = events::create(pool, &input).await.unwrap();
        let ana = attendees::join(pool, ev.id, &DisplayName::parse("Ana").unwrap())
            .await
            .unwrap();
        let bob = attendees::join(pool, ev.id, &DisplayName::parse("Bob").unwrap())
            .await
            .unwrap();
        let cy = attendees::join(pool, ev.id, &DisplayName::parse("Cy").unwrap())
            .await
            .unwrap();
        (ev, ana, bob, cy)
    }

    async fn set_phases(
        pool: &SqlitePool,
        ev: &EventRow,
        proposing: bool,
        voting: bool,
        budget: &str,
        hide: bool,
    ) -> EventRow {
        let phases = Phases {
            proposing_open: proposing,
            voting_open: voting,
            vote_budget: VoteBudget::parse(budget).unwrap(),
            hide_counts: hide,
        };
        events::set_phases(pool, ev, phases).await.unwrap()
    }

    fn input(title: &str) -> TopicInput {
        TopicInput::parse(title, "", "ops").unwrap()
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn only_hosts_edit_and_only_the_proposer_withdraws(pool: SqlitePool) {
        let (ev, ana, bob, cy) = setup(&pool).await;
        let t = propose(&pool, &ev, ana, &input("Docker")).await.unwrap();
        let err = edit(&pool, &ev, Actor::Attendee(bob), t, &input("Hacked"))
            .await
            .unwrap_err();
        assert!(matches!(err, ServiceError::Forbidden(_)));
        set_cohost(&pool, &ev, bob, t, true).await.unwrap();
        edit(
            &pool,
            &ev,
            Actor::Attendee(bob),
            t,
            &input("Docker volumes"),
        )
        .await
        .unwrap();
        assert!(matches!(
            withdraw(&pool, &ev, Actor::Attendee(bob), t).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            set_cohost(&pool, &ev, ana, t, false).await,
            Err(ServiceError::Conflict(_))
        ));

        let v = get(
            &pool,
            &ev,
            Viewer {
                attendee_id: Some(bob),
                organizer: false,
            },
            t,
        )
        .await
        .unwrap();
        assert_eq!(v.title, "Docker volumes");
        assert!(v.hosted_by_me && !v.proposed_by_me);
        assert_eq!(
            v.hosts.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
            ["Ana", "Bob"]
        );

        withdraw(&pool, &ev, Actor::Attendee(ana), t).await.unwrap();
        assert_eq!(
            get(&pool, &ev, Viewer::default(), t).await.unwrap().status,
            TopicStatus::Withdrawn
        );
        assert!(matches!(
            votes::cast(&pool, &ev, cy, t).await,
            Err(ServiceError::Conflict(_))
        ));
        reopen(&pool, &ev, t).await.unwrap();
        votes::cast(&pool, &ev, cy, t).await.unwrap();
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn closed_proposing_blocks_attendees_not_organizers(pool: SqlitePool) {
        let (ev, ana, _, _) = setup(&pool).await;
        let t = propose(&pool, &ev, ana, &input("Docker")).await.unwrap();
        let ev = set_phases(&pool, &ev, false, true, "", false).await;
        assert!(matches!(
            propose(&pool, &ev, ana, &input("More")).await,
            Err(ServiceError::Conflict(_))
        ));
        assert!(matches!(
            edit(&pool, &ev, Actor::Attendee(ana), t, &input("Y")).await,
            Err(ServiceError::Conflict(_))
        ));
        edit(&pool, &ev, Actor::Organizer, t, &input("Docker in prod"))
            .await
            .unwrap();
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn votes_are_idempotent_budgeted_and_closable(pool: SqlitePool) {
        let (ev, ana, bob, _) = setup(&pool).await;
        let t1 = propose(&pool, &ev, ana, &input("One")).await.unwrap();
        let t2 = propose(&pool, &ev, ana, &input("Two")).await.unwrap();
        let t3 = propose(&pool, &ev, ana, &input("Three")).await.unwrap();
        let ev = set_phases(&pool, &ev, true, true, "2", true).await;

        assert_eq!(
            votes::cast(&pool, &ev, bob, t1).await.unwrap().topic_votes,
            1
        );
        assert_eq!(
            votes::cast(&pool, &ev, bob, t1).await.unwrap().topic_votes,
            1,
            "double tap counts once"
        );
        votes::cast(&pool, &ev, bob, t2).await.unwrap();
        let over = votes::cast(&pool, &ev, bob, t3).await.unwrap_err();
        assert!(
            matches!(over, ServiceError::Conflict(ref m) if m.contains("all 2 of your votes")),
            "{over:?}"
        );
        // Re-voting a topic already voted is fine even at the budget.
        votes::cast(&pool, &ev, bob, t2).await.unwrap();
        votes::retract(&pool, &ev, bob, t2).await.unwrap();
        votes::cast(&pool, &ev, bob, t3).await.unwrap();

        // Hidden counts: attendees see none, organizers see all, own votes always.
        let as_bob = list(
            &pool,
            &ev,
            Viewer {
                attendee_id: Some(bob),
                organizer: false,
            },
        )
        .await
        .unwrap();
        assert!(as_bob.iter().all(|t| t.votes.is_none()));
        assert_eq!(as_bob.iter().filter(|t| t.voted_by_me).count(), 2);
        let as_org = list(
            &pool,
            &ev,
            Viewer {
                attendee_id: None,
                organizer: true,
            },
        )
        .await
        .unwrap();
        assert_eq!(as_org.iter().map(|t| t.votes.unwrap()).sum::<i64>(), 2);

        let ev = set_phases(&pool, &ev, true, false, "2", true).await;
        assert!(
            matches!(votes::cast(&pool, &ev, ana, t1).await, Err(ServiceError::Conflict(ref m)) if m.contains("closed"))
        );
        let as_ana = list(
            &pool,
            &ev,
            Viewer {
                attendee_id: Some(ana),
                organizer: false,
            },
        )
        .await
        .unwrap();
        assert!(
            as_ana.iter().all(|t| t.votes.is_some()),
            "counts show once voting closed"
        );
    }

    /// Hosts travel from SQLite as JSON (`load`): any name comes back as it
    /// was given, proposer first, and hosts mark what is the viewer's own.
    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn hosts_with_any_name_come_back_intact(pool: SqlitePool) {
        let (ev, ana, _, _) = setup(&pool).await;
        let odd = r#"Zoë "the \ ops" </script> & 😀"#;
        let zoe = attendees::join(&pool, ev.id, &DisplayName::parse(odd).unwrap())
            .await
            .unwrap();
        let t = propose(&pool, &ev, zoe, &input("Quotes")).await.unwrap();
        set_cohost(&pool, &ev, ana, t, true).await.unwrap();
        let lonely = propose(&pool, &ev, ana, &input("Alone")).await.unwrap();
        sqlx::query("DELETE FROM topic_hosts WHERE topic_id = ?1")
            .bind(lonely)
            .execute(&pool)
            .await
            .unwrap();
        let as_ana = Viewer {
            attendee_id: Some(ana),
            organizer: true,
        };
        let all = list(&pool, &ev, as_ana).await.unwrap();
        let v = all.iter().find(|x| x.id == t).unwrap();
        assert_eq!(
            v.hosts
                .iter()
                .map(|h| (h.name.as_str(), h.proposer))
                .collect::<Vec<_>>(),
            [(odd, true), ("Ana", false)]
        );
        assert!(v.hosted_by_me && !v.proposed_by_me);
        assert_eq!(v.moderation.as_ref().unwrap().proposer_id, Some(zoe));
        // A topic whose hosts have all gone (they left the event).
        let v = all.iter().find(|x| x.id == lonely).unwrap();
        assert!(v.hosts.is_empty() && !v.hosted_by_me);
        assert_eq!(v.moderation.as_ref().unwrap().proposer_id, None);
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn merge_keeps_union_of_voters_and_hosts(pool: SqlitePool) {
        let (ev, ana, bob, cy) = setup(&pool).await;
        let a = propose(
            &pool,
            &ev,
            ana,
            &TopicInput::parse("K8s", "", "k8s").unwrap(),
        )
        .await
        .unwrap();
        let b = propose(
            &pool,
            &ev,
            bob,
            &TopicInput::parse("Kubernetes", "", "kubernetes, k8s").unwrap(),
        )
        .await
        .unwrap();
        votes::cast(&pool, &ev, cy, a).await.unwrap();
        votes::cast(&pool, &ev, cy, b).await.unwrap();
        votes::cast(&pool, &ev, ana, b).await.unwrap();
        merge(&pool, &ev, a, &[b]).await.unwrap();

        let all = list(
            &pool,
            &ev,
            Viewer {
                attendee_id: Some(cy),
                organizer: false,
            },
        )
        .await
        .unwrap();
        let ta = all.iter().find(|t| t.id == a).unwrap();
        let tb = all.iter().find(|t| t.id == b).unwrap();
        assert_eq!(ta.votes, Some(2), "cy once, ana once");
        assert_eq!(ta.hosts.len(), 2);
        assert!(ta.hosts.iter().any(|h| h.name == "Bob" && !h.proposer));
        assert_eq!(ta.tags, ["k8s", "kubernetes"]);
        assert_eq!(tb.status, TopicStatus::Merged);
        assert_eq!(tb.merged_into, Some(a));
        assert_eq!(tb.merged_into_title.as_deref(), Some("K8s"));
        // cy's budget counts the merged topic once.
        assert_eq!(
            attendees::me(&pool, ev.id, cy)
                .await
                .unwrap()
                .unwrap()
                .votes_used,
            1
        );
        assert!(merge(&pool, &ev, a, &[b]).await.is_err(), "already merged");
        assert!(
            merge(&pool, &ev, a, &[a]).await.is_err(),
            "nothing to merge"
        );
    }
}
