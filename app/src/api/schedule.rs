//! The schedule: organizers run the engine, review and adjust the draft,
//! publish, re-plan and roll back; attendees read the published schedule and
//! their agenda.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// `""` → none, a number → that published version.
#[cfg(feature = "ssr")]
fn seen_number(seen: &str) -> Result<Option<i64>, AppError> {
    match seen.trim() {
        "" => Ok(None),
        n => n.parse().map(Some).map_err(|_| {
            AppError::BadRequest("The form was malformed: bad version number.".into())
        }),
    }
}

#[server(endpoint = "schedule_admin")]
pub async fn schedule_admin(slug: String) -> Result<ScheduleAdminPage, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    Ok(schedule::admin_page(&state.pool, &state.jobs, &event, now()).await?)
}

#[server(endpoint = "run_scheduler")]
pub async fn run_scheduler(slug: String, time_limit: String) -> Result<(), AppError> {
    let (state, organizer, event) = organizer_and_event(&slug).await?;
    let limit = crate::domain::TimeLimit::parse(&time_limit)?;
    schedule::run(
        &state.pool,
        &state.jobs,
        &event,
        Some(organizer),
        limit,
        now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "cancel_scheduler")]
pub async fn cancel_scheduler(slug: String) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    state.jobs.cancel(event.id)?;
    Ok(())
}

/// Moves the draft's session in (from_room, from_slot) to (to_room,
/// to_slot); a session there changes places with it.
#[server(endpoint = "move_session")]
pub async fn move_session(
    slug: String,
    draft_id: i64,
    from_room: i64,
    from_slot: i64,
    to_room: i64,
    to_slot: i64,
) -> Result<EditResult, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let edit = schedule::Edit::Move {
        from: (from_room, from_slot),
        to: (to_room, to_slot),
    };
    let r = schedule::edit(&state.pool, &event, draft_id, &edit, now()).await?;
    announce(&state.live, LiveUpdate::DraftChanged { event_id: event.id });
    Ok(r)
}

#[server(endpoint = "unschedule_topic")]
pub async fn unschedule_topic(
    slug: String,
    draft_id: i64,
    topic_id: i64,
) -> Result<EditResult, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let edit = schedule::Edit::Unschedule { topic_id };
    let r = schedule::edit(&state.pool, &event, draft_id, &edit, now()).await?;
    announce(&state.live, LiveUpdate::DraftChanged { event_id: event.id });
    Ok(r)
}

#[server(endpoint = "place_topic")]
pub async fn place_topic(
    slug: String,
    draft_id: i64,
    topic_id: i64,
    room_id: i64,
    slot_id: i64,
) -> Result<EditResult, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let edit = schedule::Edit::Place {
        topic_id,
        at: (room_id, slot_id),
    };
    let r = schedule::edit(&state.pool, &event, draft_id, &edit, now()).await?;
    announce(&state.live, LiveUpdate::DraftChanged { event_id: event.id });
    Ok(r)
}

/// Splits a session the engine merged; the topics stay apart in later runs.
#[server(endpoint = "undo_merge")]
pub async fn undo_merge(
    slug: String,
    draft_id: i64,
    room_id: i64,
    slot_id: i64,
) -> Result<EditResult, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let r = schedule::undo_merge(&state.pool, &event, draft_id, (room_id, slot_id), now()).await?;
    announce(&state.live, LiveUpdate::DraftChanged { event_id: event.id });
    Ok(r)
}

#[server(endpoint = "pin_session")]
pub async fn pin_session(
    slug: String,
    draft_id: i64,
    room_id: i64,
    slot_id: i64,
    pinned: bool,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    schedule::set_pin(
        &state.pool,
        &event,
        draft_id,
        (room_id, slot_id),
        pinned,
        now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "set_room_closed")]
pub async fn set_room_closed(
    slug: String,
    room_id: i64,
    slot_id: i64,
    closed: bool,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    schedule::set_closed(&state.pool, &event, room_id, slot_id, closed).await?;
    Ok(())
}

#[server(endpoint = "set_host_unavailable")]
pub async fn set_host_unavailable(
    slug: String,
    attendee_id: String,
    slot_id: String,
    unavailable: bool,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let attendee: i64 = attendee_id.parse().map_err(|_| AppError::Invalid {
        field: "attendee_id".into(),
        message: "Choose a host.".into(),
    })?;
    let slot: i64 = slot_id.parse().map_err(|_| AppError::Invalid {
        field: "slot_id".into(),
        message: "Choose a slot.".into(),
    })?;
    schedule::set_unavailable(&state.pool, &event, attendee, slot, unavailable).await?;
    Ok(())
}

#[server(endpoint = "set_themed_rooms")]
pub async fn set_themed_rooms(slug: String, themed_rooms: String) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let t = crate::domain::ThemedRooms::parse(&themed_rooms)?;
    schedule::set_themed_rooms(&state.pool, &event, t).await?;
    Ok(())
}

#[server(endpoint = "set_stability")]
pub async fn set_stability(slug: String, stability: String) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let s = crate::domain::Stability::parse(&stability)?;
    schedule::set_stability(&state.pool, &event, s).await?;
    Ok(())
}

/// Publishes the draft. `seen` is the published version number the
/// organizer reviewed against (empty: none); `anyway` publishes a draft made
/// before topics or votes changed.
#[server(endpoint = "publish_schedule")]
pub async fn publish_schedule(
    slug: String,
    draft_id: i64,
    seen: String,
    anyway: Option<String>,
) -> Result<i64, AppError> {
    let (state, organizer, event) = organizer_and_event(&slug).await?;
    let number = schedule::publish(
        &state.pool,
        &event,
        draft_id,
        seen_number(&seen)?,
        checked(&anyway),
        Some(organizer),
        now(),
    )
    .await?;
    announce(
        &state.live,
        LiveUpdate::SchedulePublished {
            event_id: event.id,
            number,
        },
    );
    Ok(number)
}

#[server(endpoint = "rollback_schedule")]
pub async fn rollback_schedule(slug: String, number: i64, seen: String) -> Result<i64, AppError> {
    let (state, organizer, event) = organizer_and_event(&slug).await?;
    let n = schedule::rollback(
        &state.pool,
        &event,
        number,
        seen_number(&seen)?,
        Some(organizer),
    )
    .await?;
    announce(
        &state.live,
        LiveUpdate::SchedulePublished {
            event_id: event.id,
            number: n,
        },
    );
    Ok(n)
}

#[server(endpoint = "why_here")]
pub async fn why_here(
    slug: String,
    version_id: i64,
    room_id: i64,
    slot_id: i64,
) -> Result<WhyView, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    Ok(schedule::why(&state.pool, &event, version_id, (room_id, slot_id), now()).await?)
}

/// The published schedule and, for an attendee, their agenda.
#[server(endpoint = "load_agenda")]
pub async fn load_agenda(slug: String) -> Result<AgendaPage, AppError> {
    let c = event_ctx(&slug).await?;
    let counts = c.event.view().counts_public();
    let schedule =
        schedule::public::schedule(&c.state.pool, &c.event, c.attendee(), counts, now()).await?;
    let calendar_url = match c.attendee() {
        Some(a) if schedule.is_some() => {
            let token = schedule::public::calendar_token(&c.state.pool, a).await?;
            Some(format!(
                "{}/calendar/{token}.ics",
                c.state.config.public_url.trim_end_matches('/')
            ))
        }
        _ => None,
    };
    Ok(AgendaPage {
        event: c.event.view(),
        me: c.me.clone(),
        schedule,
        calendar_url,
    })
}

/// The attendee has seen published version `number` (changes are marked
/// against the version they saw last).
#[server(endpoint = "agenda_seen")]
pub async fn agenda_seen(slug: String, number: i64) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    schedule::public::mark_seen(&c.state.pool, me, number).await?;
    Ok(())
}

/// What the newly published version `number` changed for me (nothing for a
/// visitor who did not join): the phone shows it when the schedule changes.
#[server(endpoint = "schedule_news")]
pub async fn schedule_news(slug: String, number: i64) -> Result<Vec<String>, AppError> {
    let c = event_ctx(&slug).await?;
    match c.attendee() {
        Some(a) => Ok(schedule::public::news(&c.state.pool, &c.event, a, number).await?),
        None => Ok(Vec::new()),
    }
}
