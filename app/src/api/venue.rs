//! The venue: rooms (capacity, features, order) and time slots.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

#[server(endpoint = "add_room")]
pub async fn add_room(
    slug: String,
    name: String,
    capacity: String,
    features: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    rooms::add(
        &state.pool,
        event.id,
        &rooms::RoomInput::parse(&name, &capacity, &features)?,
    )
    .await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "update_room")]
pub async fn update_room(
    slug: String,
    room_id: i64,
    name: String,
    capacity: String,
    features: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    rooms::update(
        &state.pool,
        event.id,
        room_id,
        &rooms::RoomInput::parse(&name, &capacity, &features)?,
    )
    .await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "move_room")]
pub async fn move_room(slug: String, room_id: i64, direction: String) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let delta = if direction == "up" { -1 } else { 1 };
    rooms::shift(&state.pool, event.id, room_id, delta).await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "delete_room")]
pub async fn delete_room(
    slug: String,
    room_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    rooms::delete(&state.pool, event.id, room_id, checked(&confirm)).await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

// ---------------------------------------------------------------- slots

#[server(endpoint = "add_slot")]
pub async fn add_slot(
    slug: String,
    date: String,
    start: String,
    end: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let input = slots::SlotInput::parse(&event, &date, &start, &end)?;
    slots::add(&state.pool, &event, &input).await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "update_slot")]
pub async fn update_slot(
    slug: String,
    slot_id: i64,
    date: String,
    start: String,
    end: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let input = slots::SlotInput::parse(&event, &date, &start, &end)?;
    slots::update(&state.pool, &event, slot_id, &input).await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}

#[server(endpoint = "delete_slot")]
pub async fn delete_slot(
    slug: String,
    slot_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    slots::delete(&state.pool, &event, slot_id, checked(&confirm)).await?;
    announce(&state.live, LiveUpdate::VenueChanged { event_id: event.id });
    Ok(())
}
