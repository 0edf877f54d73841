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
        Some(id) => Ok(organizers::get(&state.pool, id).await?),
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
    match organizers::verify(&state.pool, &email, &password).await? {
        Some(id) => {
            session::login(&session::session().await?, id).await?;
            leptos_axum::redirect("/admin");
            Ok(())
        }
        None => Err(AppError::BadCredentials),
    }
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    session::logout(&session::session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Another organizer, added by an organizer.
#[server(endpoint = "add_organizer")]
pub async fn add_organizer(email: String, password: String) -> Result<(), AppError> {
    let (state, _) = require_organizer().await?;
    organizers::create(&state.pool, &email, &password, false).await?;
    Ok(())
}
