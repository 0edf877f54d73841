//! Events: list, create, edit, phases, and the organizer's event page.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

#[server(endpoint = "events")]
pub async fn list_events() -> Result<Vec<EventSummary>, AppError> {
    let state = state()?;
    Ok(events::list(&state.pool).await?)
}

/// The events the logged-in organizer manages (all of them for the administrator).
#[server(endpoint = "my_events")]
pub async fn my_events() -> Result<Vec<EventSummary>, AppError> {
    let (state, me) = require_organizer().await?;
    Ok(access::events_of(&state.pool, &me).await?)
}

#[server(endpoint = "create_event")]
pub async fn create_event(
    name: String,
    slug: String,
    timezone: String,
    start_date: String,
    end_date: String,
) -> Result<String, AppError> {
    let (state, me) = require_organizer().await?;
    let input = events::EventInput::parse(&name, &slug, &timezone, &start_date, &end_date)?;
    let e = events::create_owned(&state.pool, &input, Some(me.id)).await?;
    leptos_axum::redirect(&format!("/admin/e/{}", e.slug));
    Ok(e.slug)
}

#[server(endpoint = "update_event")]
pub async fn update_event(
    current: String,
    name: String,
    slug: String,
    timezone: String,
    start_date: String,
    end_date: String,
) -> Result<String, AppError> {
    let (state, event) = organizer_event(&current).await?;
    let input = events::EventInput::parse(&name, &slug, &timezone, &start_date, &end_date)?;
    let e = events::update(&state.pool, &event, &input).await?;
    announce(&state.live, LiveUpdate::EventChanged { event_id: e.id });
    if e.slug != current {
        leptos_axum::redirect(&format!("/admin/e/{}", e.slug));
    }
    Ok(e.slug)
}

#[server(endpoint = "set_phases")]
pub async fn set_phases(
    slug: String,
    proposing_open: Option<String>,
    voting_open: Option<String>,
    vote_budget: String,
    hide_counts: Option<String>,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let phases = events::Phases {
        proposing_open: checked(&proposing_open),
        voting_open: checked(&voting_open),
        vote_budget: crate::domain::VoteBudget::parse(&vote_budget)?,
        hide_counts: checked(&hide_counts),
    };
    events::set_phases(&state.pool, &event, phases).await?;
    announce(&state.live, LiveUpdate::EventChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "admin_event")]
pub async fn admin_event(slug: String) -> Result<AdminEventPage, AppError> {
    let (state, _, event, my_role) = organizer_role(&slug).await?;
    let counts = events::counts(&state.pool, event.id).await?;
    let board = crate::server::board::settings(&state.pool, event.id).await?;
    Ok(AdminEventPage {
        event: event.view(),
        rooms: rooms::list(&state.pool, event.id).await?,
        slots: slots::list(&state.pool, &event).await?,
        join_url: events::join_url(&state.config.public_url, &event.slug),
        attendee_count: counts.attendees,
        topic_count: counts.topics,
        vote_count: counts.votes,
        board_mode: board.mode,
        board_page_seconds: board.page_seconds,
        my_role,
    })
}

/// Deletes the event with everything in it (its owner or the administrator),
/// once `confirm` repeats the event's link name.
#[server(endpoint = "delete_event")]
pub async fn delete_event(slug: String, confirm: String) -> Result<(), AppError> {
    let (state, _, event, role) = organizer_role(&slug).await?;
    if !role.manages_team() {
        return Err(AppError::Forbidden(
            "Only the event's owner can delete it.".into(),
        ));
    }
    events::delete(&state.pool, &event, &confirm).await?;
    announce(&state.live, LiveUpdate::EventChanged { event_id: event.id });
    leptos_axum::redirect("/admin");
    Ok(())
}
