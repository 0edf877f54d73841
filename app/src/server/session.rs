//! Who is making a request, from the session cookie: an organizer (after log
//! in) and/or, per event, an attendee (after choosing a display name). Used by
//! server functions; services never see the session.

use super::state::AppState;
use crate::error::AppError;
use crate::model::OrganizerView;
use leptos::prelude::use_context;
use tower_sessions::Session;

pub const ORGANIZER_KEY: &str = "organizer_id";

fn attendee_key(event_id: i64) -> String {
    format!("attendee:{event_id}")
}

fn session_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The client's address (see `kring_server::client_ip`), for rate limits.
pub fn client_ip() -> super::limits::ClientIp {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<super::limits::ClientIp>().copied())
        .unwrap_or(super::limits::ClientIp::UNKNOWN)
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(session_error)
}

pub async fn organizer_id(session: &Session) -> Result<Option<i64>, AppError> {
    session
        .get::<i64>(ORGANIZER_KEY)
        .await
        .map_err(session_error)
}

/// The organizer behind this request, or `Unauthorized`.
pub async fn require_organizer() -> Result<(AppState, OrganizerView), AppError> {
    let state = state()?;
    let s = session().await?;
    let id = organizer_id(&s).await?.ok_or(AppError::Unauthorized)?;
    // An account deleted or deactivated ends its sessions.
    match super::organizers::get(&state.pool, id).await? {
        Some(o) if o.active => Ok((state, o)),
        _ => Err(AppError::Unauthorized),
    }
}

/// Logs in: a new session id (against session fixation), then the organizer id.
pub async fn login(session: &Session, organizer_id: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(ORGANIZER_KEY, organizer_id)
        .await
        .map_err(session_error)
}

/// Logs out the organizer but keeps the attendee identities of this browser.
pub async fn logout(session: &Session) -> Result<(), AppError> {
    session
        .remove::<i64>(ORGANIZER_KEY)
        .await
        .map_err(session_error)?;
    session.cycle_id().await.map_err(session_error)
}

pub async fn attendee_id(session: &Session, event_id: i64) -> Result<Option<i64>, AppError> {
    session
        .get::<i64>(&attendee_key(event_id))
        .await
        .map_err(session_error)
}

pub async fn set_attendee(
    session: &Session,
    event_id: i64,
    attendee_id: i64,
) -> Result<(), AppError> {
    session
        .insert(&attendee_key(event_id), attendee_id)
        .await
        .map_err(session_error)
}

/// Forgets this browser's attendee in the event (after leaving it).
pub async fn forget_attendee(session: &Session, event_id: i64) -> Result<(), AppError> {
    session
        .remove::<i64>(&attendee_key(event_id))
        .await
        .map_err(session_error)?;
    Ok(())
}
