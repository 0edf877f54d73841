//! Events: identity (name, slug), time zone and dates, and the phases that
//! govern what attendees may do (propose, vote) and see (vote counts).

use super::error::{ServiceError, ServiceResult};
use super::now_utc;
use crate::domain::{EventDates, EventName, EventSlug, EventTimeZone, VoteBudget};
use crate::model::{EventSummary, EventView};
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub start_date: String,
    pub end_date: String,
    pub proposing_open: bool,
    pub voting_open: bool,
    pub vote_budget: Option<i64>,
    pub hide_counts: bool,
}

impl EventRow {
    pub fn view(&self) -> EventView {
        EventView {
            id: self.id,
            slug: self.slug.clone(),
            name: self.name.clone(),
            timezone: self.timezone.clone(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone(),
            proposing_open: self.proposing_open,
            voting_open: self.voting_open,
            vote_budget: self.vote_budget.map(|b| b as u32),
            hide_counts: self.hide_counts,
        }
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }

    pub fn dates(&self) -> Option<EventDates> {
        EventDates::parse(&self.start_date, &self.end_date).ok()
    }
}

const COLUMNS: &str = "id, slug, name, timezone, start_date, end_date, proposing_open, voting_open, vote_budget, hide_counts";

/// What an organizer submits on the event form, parsed.
#[derive(Debug, Clone)]
pub struct EventInput {
    pub name: EventName,
    pub slug: EventSlug,
    pub timezone: EventTimeZone,
    pub dates: EventDates,
}

impl EventInput {
    pub fn parse(
        name: &str,
        slug: &str,
        timezone: &str,
        start: &str,
        end: &str,
    ) -> ServiceResult<Self> {
        Ok(Self {
            name: EventName::parse(name)?,
            slug: EventSlug::parse(slug)?,
            timezone: EventTimeZone::parse(timezone)?,
            dates: EventDates::parse(start, end)?,
        })
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Phases {
    pub proposing_open: bool,
    pub voting_open: bool,
    pub vote_budget: VoteBudget,
    pub hide_counts: bool,
}

pub async fn list(pool: &SqlitePool) -> ServiceResult<Vec<EventSummary>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT slug, name, start_date, end_date FROM events ORDER BY start_date DESC, id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(summaries(rows))
}

/// Rows of `slug, name, start_date, end_date` as event summaries.
pub(crate) fn summaries(rows: Vec<(String, String, String, String)>) -> Vec<EventSummary> {
    rows.into_iter()
        .map(|(slug, name, start_date, end_date)| EventSummary {
            slug,
            name,
            start_date,
            end_date,
        })
        .collect()
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> ServiceResult<EventRow> {
    sqlx::query_as::<_, EventRow>(&format!("SELECT {COLUMNS} FROM events WHERE slug = ?1"))
        .bind(slug.trim().to_lowercase())
        .fetch_optional(pool)
        .await?
        .ok_or(ServiceError::NotFound("event"))
}

pub async fn by_id(pool: &SqlitePool, id: i64) -> ServiceResult<EventRow> {
    sqlx::query_as::<_, EventRow>(&format!("SELECT {COLUMNS} FROM events WHERE id = ?1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(ServiceError::NotFound("event"))
}

fn slug_taken(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Creates an event without an owner (only the administrator sees it); the
/// web app uses [`create_owned`].
pub async fn create(pool: &SqlitePool, input: &EventInput) -> ServiceResult<EventRow> {
    create_owned(pool, input, None).await
}

/// Creates an event and makes `owner` its owner, in one transaction: an event
/// never exists without the owner who created it.
pub async fn create_owned(
    pool: &SqlitePool,
    input: &EventInput,
    owner: Option<i64>,
) -> ServiceResult<EventRow> {
    let mut tx = pool.begin().await?;
    let res = sqlx::query_scalar::<_, i64>(
        "INSERT INTO events (slug, name, timezone, start_date, end_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(input.slug.as_str())
    .bind(input.name.as_str())
    .bind(input.timezone.name())
    .bind(input.dates.start.to_string())
    .bind(input.dates.end.to_string())
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await;
    let id = match res {
        Ok(id) => id,
        Err(e) if slug_taken(&e) => {
            return Err(ServiceError::clash(
                "slug",
                "Another event uses this link already; choose another.",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(owner) = owner {
        super::access::make_owner(&mut *tx, id, owner).await?;
    }
    tx.commit().await?;
    by_id(pool, id).await
}

/// Deletes the event with everything in it (topics, votes, attendees,
/// schedules, its team), once `confirm` repeats its link name.
pub async fn delete(pool: &SqlitePool, event: &EventRow, confirm: &str) -> ServiceResult<()> {
    if confirm.trim().to_lowercase() != event.slug {
        return Err(ServiceError::invalid(
            "confirm",
            format!("Type the event's link name, {}, to delete it.", event.slug),
        ));
    }
    let mut tx = pool.begin().await?;
    // The published sessions first: they hold on to rooms and slots (RESTRICT).
    sqlx::query("DELETE FROM schedule_sessions WHERE event_id = ?1")
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM events WHERE id = ?1")
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(event_id = event.id, slug = %event.slug, "event deleted");
    Ok(())
}

/// Changes name, link, time zone and dates. Slots must stay within the dates.
pub async fn update(
    pool: &SqlitePool,
    event: &EventRow,
    input: &EventInput,
) -> ServiceResult<EventRow> {
    // The slots' days in the event's time zone (read here rather than through
    // the slots service, which builds on events).
    let starts: Vec<String> =
        sqlx::query_scalar("SELECT starts_at FROM slots WHERE event_id = ?1 ORDER BY starts_at")
            .bind(event.id)
            .fetch_all(pool)
            .await?;
    let outside = starts
        .iter()
        .filter_map(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&event.tz()).date_naive())
        .find(|d| !input.dates.contains(*d));
    if let Some(day) = outside {
        return Err(ServiceError::invalid(
            "end_date",
            format!(
                "A time slot is on {} ({day}); move or delete it before changing the dates.",
                day.format("%a %-d %b")
            ),
        ));
    }
    let res = sqlx::query(
        "UPDATE events SET slug = ?1, name = ?2, timezone = ?3, start_date = ?4, end_date = ?5 WHERE id = ?6",
    )
    .bind(input.slug.as_str())
    .bind(input.name.as_str())
    .bind(input.timezone.name())
    .bind(input.dates.start.to_string())
    .bind(input.dates.end.to_string())
    .bind(event.id)
    .execute(pool)
    .await;
    match res {
        Ok(_) => by_slug(pool, input.slug.as_str()).await,
        Err(e) if slug_taken(&e) => Err(ServiceError::clash(
            "slug",
            "Another event uses this link already; choose another.",
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn set_phases(
    pool: &SqlitePool,
    event: &EventRow,
    phases: Phases,
) -> ServiceResult<EventRow> {
    sqlx::query(
        "UPDATE events SET proposing_open = ?1, voting_open = ?2, vote_budget = ?3, hide_counts = ?4 WHERE id = ?5",
    )
    .bind(phases.proposing_open)
    .bind(phases.voting_open)
    .bind(phases.vote_budget.get().map(i64::from))
    .bind(phases.hide_counts)
    .bind(event.id)
    .execute(pool)
    .await?;
    by_slug(pool, &event.slug).await
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub attendees: i64,
    pub topics: i64,
    pub votes: i64,
}

pub async fn counts(pool: &SqlitePool, event_id: i64) -> ServiceResult<Counts> {
    let (attendees, topics, votes): (i64, i64, i64) = sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM attendees WHERE event_id = ?1),
            (SELECT COUNT(*) FROM topics WHERE event_id = ?1 AND status = 'open'
                AND hidden = 0 AND hidden_by_block = 0),
            (SELECT COUNT(*) FROM votes v JOIN topics t ON t.id = v.topic_id
               WHERE t.event_id = ?1 AND t.status = 'open')",
    )
    .bind(event_id)
    .fetch_one(pool)
    .await?;
    Ok(Counts {
        attendees,
        topics,
        votes,
    })
}

pub fn join_url(public_url: &str, slug: &str) -> String {
    format!("{}/e/{}", public_url.trim_end_matches('/'), slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn deleting_takes_everything_with_it_once_confirmed(pool: SqlitePool) {
        let input = EventInput::parse("X", "gone", "UTC", "2026-10-26", "2026-10-27").unwrap();
        let ev = create(&pool, &input).await.unwrap();
        let other = create(
            &pool,
            &EventInput::parse("Y", "stays", "UTC", "2026-10-26", "2026-10-27").unwrap(),
        )
        .await
        .unwrap();
        for e in [&ev, &other] {
            sqlx::query(
                "INSERT INTO rooms (event_id, name, capacity, position) VALUES (?1, 'Aula', 50, 0);
                 INSERT INTO slots (event_id, starts_at, ends_at, position)
                   VALUES (?1, '2026-10-26T09:00:00Z', '2026-10-26T10:00:00Z', 0);
                 INSERT INTO attendees (event_id, display_name, created_at) VALUES (?1, 'Ana', 'x');
                 INSERT INTO schedule_sessions (event_id, room_id, slot_id)
                   SELECT ?1, (SELECT MAX(id) FROM rooms), (SELECT MAX(id) FROM slots);",
            )
            .bind(e.id)
            .execute(&pool)
            .await
            .unwrap();
        }
        let err = delete(&pool, &ev, "stays").await.unwrap_err();
        assert!(
            matches!(&err, ServiceError::Invalid(f) if f.field == "confirm"),
            "{err}"
        );
        delete(&pool, &ev, " GONE ").await.unwrap();
        assert!(matches!(
            by_id(&pool, ev.id).await,
            Err(ServiceError::NotFound(_))
        ));
        let left: (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM rooms), (SELECT COUNT(*) FROM slots),
                    (SELECT COUNT(*) FROM attendees), (SELECT COUNT(*) FROM schedule_sessions)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(left, (1, 1, 1, 1), "the other event keeps its own");
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn create_update_and_unique_slug(pool: SqlitePool) {
        let input = EventInput::parse(
            "DevOpsDays",
            "dod",
            "Europe/Brussels",
            "2026-10-26",
            "2026-10-27",
        )
        .unwrap();
        let e = create(&pool, &input).await.unwrap();
        assert!(e.proposing_open && e.voting_open && !e.hide_counts);
        assert_eq!(e.tz(), chrono_tz::Europe::Brussels);
        let dup = create(&pool, &input).await.unwrap_err();
        assert!(
            matches!(dup, ServiceError::Clash(ref f) if f.field == "slug"),
            "{dup:?}"
        );

        let changed = EventInput::parse(
            "DevOpsDays Ghent",
            "dod-ghent",
            "UTC",
            "2026-10-26",
            "2026-10-28",
        )
        .unwrap();
        let e2 = update(&pool, &e, &changed).await.unwrap();
        assert_eq!(e2.slug, "dod-ghent");
        assert!(by_slug(&pool, "dod").await.is_err());
        assert_eq!(list(&pool).await.unwrap().len(), 1);
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn phases_round_trip(pool: SqlitePool) {
        let input = EventInput::parse("X", "xyz", "UTC", "2026-10-26", "2026-10-26").unwrap();
        let e = create(&pool, &input).await.unwrap();
        let e = set_phases(
            &pool,
            &e,
            Phases {
                proposing_open: false,
                voting_open: true,
                vote_budget: VoteBudget::parse("3").unwrap(),
                hide_counts: true,
            },
        )
        .await
        .unwrap();
        assert!(!e.proposing_open && e.voting_open && e.hide_counts);
        assert_eq!(e.vote_budget, Some(3));
        assert!(!e.view().counts_public());
    }
}
