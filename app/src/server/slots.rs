//! Time slots, typed in the event's time zone and stored in UTC. Slots of one
//! event never overlap (everyone is in one session per slot), and they are always
//! listed in time order, so their order needs no manual upkeep.

use super::error::{ServiceError, ServiceResult};
use super::events::EventRow;
use crate::model::SlotView;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

fn local_to_utc(
    tz: chrono_tz::Tz,
    date: NaiveDate,
    time: NaiveTime,
    field: &'static str,
) -> ServiceResult<DateTime<Utc>> {
    match tz.from_local_datetime(&date.and_time(time)) {
        chrono::LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(earliest, _) => Ok(earliest.with_timezone(&Utc)),
        chrono::LocalResult::None => Err(ServiceError::invalid(
            field,
            "That time does not exist on that day (the clocks change); pick another.",
        )),
    }
}

fn parse_time(raw: &str, field: &'static str) -> ServiceResult<NaiveTime> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw.trim(), "%H:%M:%S"))
        .map_err(|_| ServiceError::invalid(field, "Enter a time as HH:MM, for example 13:30."))
}

impl SlotInput {
    /// `date` is YYYY-MM-DD, `start` and `end` are HH:MM in the event's zone.
    pub fn parse(event: &EventRow, date: &str, start: &str, end: &str) -> ServiceResult<Self> {
        let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| ServiceError::invalid("date", "Pick the day of the slot."))?;
        if let Some(dates) = event.dates() {
            if !dates.contains(day) {
                return Err(ServiceError::invalid(
                    "date",
                    format!("The event runs from {} to {}.", dates.start, dates.end),
                ));
            }
        }
        let start_t = parse_time(start, "start")?;
        let end_t = parse_time(end, "end")?;
        if end_t <= start_t {
            return Err(ServiceError::invalid(
                "end",
                "The slot must end after it starts.",
            ));
        }
        let tz = event.tz();
        Ok(Self {
            starts_at: local_to_utc(tz, day, start_t, "start")?,
            ends_at: local_to_utc(tz, day, end_t, "end")?,
        })
    }
}

fn fmt_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn view(tz: chrono_tz::Tz, id: i64, starts: &str, ends: &str, in_use: bool) -> SlotView {
    let s = DateTime::parse_from_rfc3339(starts).map(|t| t.with_timezone(&tz));
    let e = DateTime::parse_from_rfc3339(ends).map(|t| t.with_timezone(&tz));
    match (s, e) {
        (Ok(s), Ok(e)) => SlotView {
            id,
            starts_at: starts.to_string(),
            ends_at: ends.to_string(),
            local_date: s.format("%Y-%m-%d").to_string(),
            local_start: s.format("%H:%M").to_string(),
            local_end: e.format("%H:%M").to_string(),
            day_label: s.format("%a %-d %b").to_string(),
            in_use,
        },
        _ => SlotView {
            id,
            starts_at: starts.to_string(),
            ends_at: ends.to_string(),
            local_date: String::new(),
            local_start: String::new(),
            local_end: String::new(),
            day_label: String::new(),
            in_use,
        },
    }
}

pub async fn list(pool: &SqlitePool, event: &EventRow) -> ServiceResult<Vec<SlotView>> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at,
                (SELECT COUNT(*) FROM schedule_sessions x WHERE x.slot_id = s.id)
         FROM slots s WHERE s.event_id = ?1 ORDER BY s.starts_at, s.id",
    )
    .bind(event.id)
    .fetch_all(pool)
    .await?;
    let tz = event.tz();
    Ok(rows
        .into_iter()
        .map(|(id, s, e, used)| view(tz, id, &s, &e, used > 0))
        .collect())
}

async fn check_overlap(
    pool: &SqlitePool,
    event: &EventRow,
    input: &SlotInput,
    except: Option<i64>,
) -> ServiceResult<()> {
    let clash: Option<(String, String)> = sqlx::query_as(
        "SELECT starts_at, ends_at FROM slots
         WHERE event_id = ?1 AND id IS NOT ?2 AND starts_at < ?4 AND ends_at > ?3
         ORDER BY starts_at LIMIT 1",
    )
    .bind(event.id)
    .bind(except)
    .bind(fmt_utc(input.starts_at))
    .bind(fmt_utc(input.ends_at))
    .fetch_optional(pool)
    .await?;
    if let Some((s, e)) = clash {
        let v = view(event.tz(), 0, &s, &e, false);
        return Err(ServiceError::clash(
            "start",
            format!(
                "This overlaps the slot {} {}–{}.",
                v.day_label, v.local_start, v.local_end
            ),
        ));
    }
    Ok(())
}

async fn renumber(pool: &SqlitePool, event_id: i64) -> ServiceResult<()> {
    sqlx::query(
        "UPDATE slots SET position = (
            SELECT COUNT(*) FROM slots o WHERE o.event_id = slots.event_id
              AND (o.starts_at < slots.starts_at OR (o.starts_at = slots.starts_at AND o.id <= slots.id)))
         WHERE event_id = ?1",
    )
    .bind(event_id)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn add(pool: &SqlitePool, event: &EventRow, input: &SlotInput) -> ServiceResult<i64> {
    check_overlap(pool, event, input, None).await?;
    let id = sqlx::query(
        "INSERT INTO slots (event_id, starts_at, ends_at, position) VALUES (?1, ?2, ?3, 0)",
    )
    .bind(event.id)
    .bind(fmt_utc(input.starts_at))
    .bind(fmt_utc(input.ends_at))
    .execute(pool)
    .await?
    .last_insert_rowid();
    renumber(pool, event.id).await?;
    Ok(id)
}

pub async fn update(
    pool: &SqlitePool,
    event: &EventRow,
    slot_id: i64,
    input: &SlotInput,
) -> ServiceResult<()> {
    check_overlap(pool, event, input, Some(slot_id)).await?;
    let r = sqlx::query(
        "UPDATE slots SET starts_at = ?1, ends_at = ?2 WHERE id = ?3 AND event_id = ?4",
    )
    .bind(fmt_utc(input.starts_at))
    .bind(fmt_utc(input.ends_at))
    .bind(slot_id)
    .bind(event.id)
    .execute(pool)
    .await?;
    if r.rows_affected() == 0 {
        return Err(ServiceError::NotFound("slot"));
    }
    renumber(pool, event.id).await
}

pub async fn delete(
    pool: &SqlitePool,
    event: &EventRow,
    slot_id: i64,
    confirmed: bool,
) -> ServiceResult<()> {
    if !confirmed {
        return Err(ServiceError::Conflict(
            "Confirm that you want to delete this slot.".into(),
        ));
    }
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schedule_sessions WHERE slot_id = ?1")
        .bind(slot_id)
        .fetch_one(pool)
        .await?;
    if used > 0 {
        return Err(ServiceError::Conflict(format!(
            "This slot holds {used} scheduled session(s). Move them to another slot before deleting it."
        )));
    }
    let r = sqlx::query("DELETE FROM slots WHERE id = ?1 AND event_id = ?2")
        .bind(slot_id)
        .bind(event.id)
        .execute(pool)
        .await;
    match r {
        Ok(r) if r.rows_affected() == 1 => renumber(pool, event.id).await,
        Ok(_) => Err(ServiceError::NotFound("slot")),
        Err(sqlx::Error::Database(db)) if db.is_foreign_key_violation() => {
            Err(ServiceError::Conflict(
                "This slot is in the schedule. Move its sessions before deleting it.".into(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::events::{self, EventInput};

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn local_times_are_stored_in_utc_and_never_overlap(pool: SqlitePool) {
        let input =
            EventInput::parse("X", "xyz", "Europe/Brussels", "2026-10-26", "2026-10-27").unwrap();
        let ev = events::create(&pool, &input).await.unwrap();
        // Brussels is UTC+1 in late October 2026 (after the switch on the 25th).
        let s = SlotInput::parse(&ev, "2026-10-26", "13:30", "14:15").unwrap();
        assert_eq!(fmt_utc(s.starts_at), "2026-10-26T12:30:00Z");
        let a = add(&pool, &ev, &s).await.unwrap();
        let later = SlotInput::parse(&ev, "2026-10-26", "09:00", "09:45").unwrap();
        add(&pool, &ev, &later).await.unwrap();

        let clash = SlotInput::parse(&ev, "2026-10-26", "14:00", "15:00").unwrap();
        let err = add(&pool, &ev, &clash).await.unwrap_err();
        assert!(
            matches!(err, ServiceError::Clash(ref f) if f.message.contains("13:30–14:15")),
            "{err:?}"
        );
        // Touching end to start is fine; a slot may be moved onto its own time.
        add(
            &pool,
            &ev,
            &SlotInput::parse(&ev, "2026-10-26", "14:15", "15:00").unwrap(),
        )
        .await
        .unwrap();
        update(
            &pool,
            &ev,
            a,
            &SlotInput::parse(&ev, "2026-10-26", "13:15", "14:15").unwrap(),
        )
        .await
        .unwrap();

        let v = list(&pool, &ev).await.unwrap();
        let starts: Vec<_> = v.iter().map(|s| s.local_start.as_str()).collect();
        assert_eq!(starts, ["09:00", "13:15", "14:15"]);
        assert_eq!(v[0].day_label, "Mon 26 Oct");

        assert!(SlotInput::parse(&ev, "2026-10-29", "09:00", "10:00").is_err());
        assert!(SlotInput::parse(&ev, "2026-10-26", "10:00", "09:00").is_err());
        delete(&pool, &ev, a, true).await.unwrap();
        assert_eq!(list(&pool, &ev).await.unwrap().len(), 2);
    }
}
