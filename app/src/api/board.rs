//! The venue board and the door displays (public, read-only), and the
//! organizer's board settings.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

#[server(endpoint = "board")]
pub async fn load_board(slug: String) -> Result<BoardView, AppError> {
    let state = state()?;
    let event = events::by_slug(&state.pool, &slug).await?;
    Ok(crate::server::board::board(
        &state.pool,
        &event,
        &state.config.public_url,
        chrono::Utc::now(),
    )
    .await?)
}

#[server(endpoint = "door")]
pub async fn load_door(slug: String, room_id: i64) -> Result<DoorView, AppError> {
    let state = state()?;
    let event = events::by_slug(&state.pool, &slug).await?;
    Ok(crate::server::board::door(&state.pool, &event, room_id, chrono::Utc::now()).await?)
}

#[server(endpoint = "set_board")]
pub async fn set_board(
    slug: String,
    board_mode: String,
    board_page_seconds: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let settings = crate::server::board::BoardSettings::parse(&board_mode, &board_page_seconds)?;
    crate::server::board::set_settings(&state.pool, event.id, settings).await?;
    announce(&state.live, LiveUpdate::EventChanged { event_id: event.id });
    Ok(())
}
