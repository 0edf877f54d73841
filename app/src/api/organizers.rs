//! Organizer accounts: first set-up, log in and out, adding organizers.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

#[server(endpoint = "needs_setup")]
pub async fn needs_setup() -> Result<bool, AppError> {
    let state = state()?;
    Ok(organizers::count(&state.pool).await? == 0)
}

#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<OrganizerView>, AppError> {
    let state = state()?;
    let s = session::session().await?;
    match session::organizer_id(&s).await? {
        Some(id) => Ok(organizers::get(&state.pool, id).await?.filter(|o| o.active)),
        None => Ok(None),
    }
}

/// Creates the first organizer; refused once one exists.
#[server(endpoint = "setup")]
pub async fn setup_organizer(email: String, password: String) -> Result<(), AppError> {
    let state = state()?;
    let id = organizers::create(&state.pool, &email, &password, true).await?;
    session::login(&session::session().await?, id).await?;
    leptos_axum::redirect("/admin");
    Ok(())
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let state = state()?;
    state.limits.login(&email, session::client_ip())?;
    match organizers::verify(&state.pool, &email, &password).await? {
        Some(id) => {
            session::login(&session::session().await?, id).await?;
            leptos_axum::redirect("/admin");
            Ok(())
        }
        None => {
            state.limits.login_failed(&email);
            Err(AppError::BadCredentials)
        }
    }
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    session::logout(&session::session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Another organizer account, created by the administrator.
#[server(endpoint = "add_organizer")]
pub async fn add_organizer(email: String, password: String) -> Result<(), AppError> {
    let (state, me) = require_organizer().await?;
    organizers::require_admin(&me)?;
    organizers::create(&state.pool, &email, &password, false).await?;
    Ok(())
}

/// Every organizer account (administrator only).
#[server(endpoint = "organizer_accounts")]
pub async fn organizer_accounts() -> Result<Vec<OrganizerView>, AppError> {
    let (state, me) = require_organizer().await?;
    organizers::require_admin(&me)?;
    Ok(organizers::list(&state.pool).await?)
}

/// Deactivates (`active` empty) or reactivates an account (administrator only).
#[server(endpoint = "set_organizer_active")]
pub async fn set_organizer_active(
    organizer_id: i64,
    active: Option<String>,
) -> Result<(), AppError> {
    let (state, me) = require_organizer().await?;
    organizers::set_active(&state.pool, &me, organizer_id, checked(&active)).await?;
    Ok(())
}

/// A new password for an account (administrator only).
#[server(endpoint = "reset_organizer_password")]
pub async fn reset_organizer_password(organizer_id: i64, password: String) -> Result<(), AppError> {
    let (state, me) = require_organizer().await?;
    organizers::reset_password(&state.pool, &me, organizer_id, &password).await?;
    Ok(())
}

/// The event's organizers and what the viewer is to the event.
#[server(endpoint = "event_team")]
pub async fn event_team(slug: String) -> Result<TeamView, AppError> {
    let (state, me, event, _) = organizer_role(&slug).await?;
    Ok(access::team(&state.pool, &me, event.id).await?)
}

/// Adds a co-organizer by email (the owner or the administrator). A new email
/// needs a first password, which creates the account.
#[server(endpoint = "add_co_organizer")]
pub async fn add_co_organizer(
    slug: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let (state, me, event, _) = organizer_role(&slug).await?;
    access::add_co_organizer(&state.pool, &me, event.id, &email, &password).await?;
    Ok(())
}

#[server(endpoint = "remove_co_organizer")]
pub async fn remove_co_organizer(slug: String, organizer_id: i64) -> Result<(), AppError> {
    let (state, me, event, _) = organizer_role(&slug).await?;
    access::remove_co_organizer(&state.pool, &me, event.id, organizer_id).await?;
    Ok(())
}
