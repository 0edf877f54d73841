//! The public live feed: one task per server turns the application's live
//! updates into the messages that every `/e/{slug}/live` stream sends.
//!
//! Why one task: each message is built and serialized once, not once per
//! open stream (5,000 screens and phones at a large event), and vote counts
//! are read from the database once per flush, not once per client. Streams
//! only filter by event and copy the ready text.

use super::coalesce::Coalescer;
use super::LiveUpdate;
use crate::model::{LiveMessage, VoteCount};
use sqlx::SqlitePool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often waiting votes and joins are sent, at most.
pub const FLUSH_EVERY: Duration = Duration::from_millis(300);

/// One message, ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The event it is about; `None` for every event (a resync).
    pub event_id: Option<i64>,
    /// The SSE event name.
    pub name: &'static str,
    /// The message as JSON.
    pub json: Arc<str>,
}

impl Outgoing {
    pub fn new(event_id: Option<i64>, message: &LiveMessage) -> Self {
        Self {
            event_id,
            name: message.name(),
            json: serde_json::to_string(message)
                .unwrap_or_else(|_| r#"{"type":"resync"}"#.into())
                .into(),
        }
    }

    pub fn is_for(&self, event_id: i64) -> bool {
        self.event_id.is_none_or(|e| e == event_id)
    }
}

/// The feed, started by its first subscriber. Cloning shares it.
#[derive(Clone)]
pub struct Feed {
    out: Arc<OnceLock<broadcast::Sender<Outgoing>>>,
    closing: Arc<watch::Sender<bool>>,
    period: Duration,
}

impl Default for Feed {
    fn default() -> Self {
        Self::new(FLUSH_EVERY)
    }
}

impl std::fmt::Debug for Feed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feed")
            .field("started", &self.out.get().is_some())
            .finish()
    }
}

impl Feed {
    pub fn new(period: Duration) -> Self {
        Self {
            out: Arc::new(OnceLock::new()),
            closing: Arc::new(watch::channel(false).0),
            period,
        }
    }

    /// A receiver of every outgoing message (filter with
    /// [`Outgoing::is_for`]), starting the feed's task on first use. Must be
    /// called within the Tokio runtime.
    pub fn subscribe(
        &self,
        pool: &SqlitePool,
        updates: &broadcast::Sender<LiveUpdate>,
    ) -> broadcast::Receiver<Outgoing> {
        self.out
            .get_or_init(|| {
                // Room for bursts: a stream that falls further behind gets a
                // resync message, never a silent gap.
                let (tx, _) = broadcast::channel(1024);
                tokio::spawn(run(
                    pool.clone(),
                    updates.subscribe(),
                    tx.clone(),
                    self.period,
                ));
                tx
            })
            .subscribe()
    }

    /// Becomes true when the server shuts down: open streams end, so the
    /// graceful shutdown does not wait for them forever.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Streams open now (each holds one receiver of the feed).
    pub fn open_streams(&self) -> usize {
        self.out.get().map_or(0, broadcast::Sender::receiver_count)
    }

    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

async fn run(
    pool: SqlitePool,
    mut updates: broadcast::Receiver<LiveUpdate>,
    out: broadcast::Sender<Outgoing>,
    period: Duration,
) {
    let mut coalescer = Coalescer::default();
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Ok(u) => {
                    if let Some((event_id, m)) = coalescer.push(&u) {
                        let _ = out.send(Outgoing::new(Some(event_id), &m));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "the live feed fell behind; clients resync");
                    let _ = out.send(Outgoing::new(None, &LiveMessage::Resync));
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = tick.tick(), if !coalescer.is_empty() => {
                flush(&pool, &mut coalescer, &out).await;
            }
        }
    }
}

async fn flush(pool: &SqlitePool, coalescer: &mut Coalescer, out: &broadcast::Sender<Outgoing>) {
    let pending = coalescer.drain();
    for (event_id, topics) in pending.votes {
        let topics: Vec<i64> = topics.into_iter().collect();
        let m = match vote_counts(pool, event_id, &topics).await {
            Ok(counts) => LiveMessage::Votes { topics, counts },
            Err(e) => {
                tracing::error!(error = %e, event_id, "reading vote counts for the live feed");
                LiveMessage::Resync
            }
        };
        let _ = out.send(Outgoing::new(Some(event_id), &m));
    }
    for event_id in pending.joins {
        let m =
            match sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM attendees WHERE event_id = ?1")
                .bind(event_id)
                .fetch_one(pool)
                .await
            {
                Ok((attendees,)) => LiveMessage::Joined { attendees },
                Err(e) => {
                    tracing::error!(error = %e, event_id, "counting attendees for the live feed");
                    LiveMessage::Resync
                }
            };
        let _ = out.send(Outgoing::new(Some(event_id), &m));
    }
}

/// The counts of `topics`, or none while the event hides them.
async fn vote_counts(
    pool: &SqlitePool,
    event_id: i64,
    topics: &[i64],
) -> Result<Vec<VoteCount>, sqlx::Error> {
    let (hide, voting): (bool, bool) =
        sqlx::query_as("SELECT hide_counts, voting_open FROM events WHERE id = ?1")
            .bind(event_id)
            .fetch_one(pool)
            .await?;
    if hide && voting {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(topics).unwrap_or_else(|_| "[]".into());
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT t.id, (SELECT COUNT(*) FROM votes v WHERE v.topic_id = t.id)
           FROM topics t
          WHERE t.event_id = ?1 AND t.id IN (SELECT value FROM json_each(?2))
            AND t.hidden = 0 AND t.hidden_by_block = 0
          ORDER BY t.id",
    )
    .bind(event_id)
    .bind(ids)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(topic_id, votes)| VoteCount { topic_id, votes })
        .collect())
}
