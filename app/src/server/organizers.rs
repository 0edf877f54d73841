//! Organizer accounts: email and an argon2 password hash. The first account can
//! be created by anyone who reaches a fresh install (the set-up page or
//! `kring admin create-organizer`) and is the instance's administrator; after
//! that accounts are created by the administrator, or by an event's owner
//! when adding a co-organizer (see `access`). The administrator can
//! deactivate accounts and reset passwords.

use super::error::{ServiceError, ServiceResult};
use super::now_utc;
use crate::model::OrganizerView;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use sqlx::SqlitePool;

pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn parse_email(raw: &str) -> ServiceResult<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(ServiceError::invalid(
            "email",
            "Enter an email address such as ana@example.org.",
        ))
    }
}

pub fn check_password(raw: &str) -> ServiceResult<()> {
    if raw.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServiceError::invalid(
            "password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if raw.len() > 1024 {
        return Err(ServiceError::invalid(
            "password",
            "That password is too long.",
        ));
    }
    Ok(())
}

pub async fn count(pool: &SqlitePool) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM organizers")
        .fetch_one(pool)
        .await?)
}

async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

/// Creates an organizer. With `only_if_none`, refuses when one exists already
/// (the set-up page), checked in the same statement as the insert. The first
/// organizer of an instance, however created, is its administrator.
pub async fn create(
    pool: &SqlitePool,
    email: &str,
    password: &str,
    only_if_none: bool,
) -> ServiceResult<i64> {
    let email = parse_email(email)?;
    check_password(password)?;
    let hash = hash_password(password.to_string()).await?;
    let res = sqlx::query(
        "INSERT INTO organizers (email, password_hash, created_at, is_admin)
         SELECT ?1, ?2, ?3, NOT EXISTS (SELECT 1 FROM organizers)
         WHERE NOT ?4 OR NOT EXISTS (SELECT 1 FROM organizers)",
    )
    .bind(&email)
    .bind(&hash)
    .bind(now_utc())
    .bind(only_if_none)
    .execute(pool)
    .await;
    match res {
        Ok(r) if r.rows_affected() == 1 => Ok(r.last_insert_rowid()),
        Ok(_) => Err(ServiceError::Conflict(
            "Kring is already set up. Log in with an organizer account.".into(),
        )),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(ServiceError::clash(
            "email",
            "An organizer with this email exists already.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Returns the organizer's id when email and password match and the account
/// is active. Takes the same time whether or not the email exists, so it does
/// not reveal accounts.
pub async fn verify(pool: &SqlitePool, email: &str, password: &str) -> ServiceResult<Option<i64>> {
    let email = email.trim().to_lowercase();
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM organizers WHERE email = ?1 AND active = 1")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        // A fixed, valid hash to verify against when the email is unknown.
        const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Bq3cgxbmRPeasFzIh0Vvh7Wl5ykCp/7mX1bUz9SBJ5E";
        let (id, hash) = match &row {
            Some((id, h)) => (Some(*id), h.as_str()),
            None => (None, DUMMY),
        };
        let ok = PasswordHash::new(hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        Ok(if ok { id } else { None })
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

type Row = (i64, String, bool, bool);

fn view((id, email, is_admin, active): Row) -> OrganizerView {
    OrganizerView {
        id,
        email,
        is_admin,
        active,
    }
}

pub async fn get(pool: &SqlitePool, id: i64) -> ServiceResult<Option<OrganizerView>> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, email, is_admin, active FROM organizers WHERE id = ?1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(view))
}

pub async fn by_email(pool: &SqlitePool, email: &str) -> ServiceResult<Option<OrganizerView>> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, email, is_admin, active FROM organizers WHERE email = ?1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(pool)
            .await?;
    Ok(row.map(view))
}

/// Every account, for the administrator.
pub async fn list(pool: &SqlitePool) -> ServiceResult<Vec<OrganizerView>> {
    let rows: Vec<Row> =
        sqlx::query_as("SELECT id, email, is_admin, active FROM organizers ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// Only the administrator manages accounts.
pub fn require_admin(me: &OrganizerView) -> ServiceResult<()> {
    if me.is_admin {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "Only the administrator of this Kring manages organizer accounts.".into(),
        ))
    }
}

/// Deactivates or reactivates an account (administrator only). Deactivating
/// ends the account's sessions (every request checks `active`); the
/// administrator cannot deactivate themselves, so the instance is never left
/// without one.
pub async fn set_active(
    pool: &SqlitePool,
    me: &OrganizerView,
    id: i64,
    active: bool,
) -> ServiceResult<OrganizerView> {
    require_admin(me)?;
    if id == me.id && !active {
        return Err(ServiceError::Conflict(
            "You cannot deactivate your own account.".into(),
        ));
    }
    let done = sqlx::query("UPDATE organizers SET active = ?2 WHERE id = ?1")
        .bind(id)
        .bind(active)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound("organizer"));
    }
    tracing::info!(
        by = me.id,
        organizer = id,
        active,
        "organizer account changed"
    );
    get(pool, id)
        .await?
        .ok_or(ServiceError::NotFound("organizer"))
}

/// Sets a new password for an account (administrator only).
pub async fn reset_password(
    pool: &SqlitePool,
    me: &OrganizerView,
    id: i64,
    password: &str,
) -> ServiceResult<()> {
    require_admin(me)?;
    check_password(password)?;
    let hash = hash_password(password.to_string()).await?;
    let done = sqlx::query("UPDATE organizers SET password_hash = ?2 WHERE id = ?1")
        .bind(id)
        .bind(hash)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound("organizer"));
    }
    tracing::info!(by = me.id, organizer = id, "organizer password reset");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_and_password_rules() {
        assert_eq!(parse_email(" Ana@Example.org ").unwrap(), "ana@example.org");
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@x",
            "a na@x.org",
            "ana@.org",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pass").is_ok());
    }
}
