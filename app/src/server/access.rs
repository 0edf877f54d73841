//! Who may manage which event. Organizers belong to events: the one who
//! creates an event owns it and adds co-organizers; organizers see and manage
//! only their events. The administrator (the instance's first organizer) sees
//! and manages all of them. Every organizer server function goes through
//! [`role_in`] (via `api::ctx::organizer_and_event`), so one check guards them
//! all; the authorization matrix test (`server/tests/authz.rs`) proves it for
//! every endpoint.

use super::error::{ServiceError, ServiceResult};
use super::{now_utc, organizers};
use crate::model::{EventRole, EventSummary, OrganizerView, TeamMember, TeamView};
use sqlx::SqlitePool;

fn parse_role(role: &str) -> EventRole {
    match role {
        "owner" => EventRole::Owner,
        _ => EventRole::CoOrganizer,
    }
}

/// What `me` is to the event, if anything.
pub async fn role_in(
    pool: &SqlitePool,
    me: &OrganizerView,
    event_id: i64,
) -> ServiceResult<Option<EventRole>> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM event_organizers WHERE event_id = ?1 AND organizer_id = ?2",
    )
    .bind(event_id)
    .bind(me.id)
    .fetch_optional(pool)
    .await?;
    Ok(match role {
        Some(r) => Some(parse_role(&r)),
        None if me.is_admin => Some(EventRole::Admin),
        None => None,
    })
}

/// `me`'s role in the event, or `Forbidden`.
pub async fn require(
    pool: &SqlitePool,
    me: &OrganizerView,
    event_id: i64,
) -> ServiceResult<EventRole> {
    role_in(pool, me, event_id).await?.ok_or_else(|| {
        ServiceError::Forbidden(
            "This event is run by other organizers. Ask its owner to add you.".into(),
        )
    })
}

/// Makes `organizer` the event's owner (a new event's creator).
pub async fn make_owner<'e, E: sqlx::SqliteExecutor<'e>>(
    executor: E,
    event_id: i64,
    organizer: i64,
) -> ServiceResult<()> {
    sqlx::query(
        "INSERT INTO event_organizers (event_id, organizer_id, role, added_by, added_at)
         VALUES (?1, ?2, 'owner', ?2, ?3)
         ON CONFLICT (event_id, organizer_id) DO UPDATE SET role = 'owner'",
    )
    .bind(event_id)
    .bind(organizer)
    .bind(now_utc())
    .execute(executor)
    .await?;
    Ok(())
}

/// The events `me` organizes, newest first; the administrator's list has them all.
pub async fn events_of(pool: &SqlitePool, me: &OrganizerView) -> ServiceResult<Vec<EventSummary>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT slug, name, start_date, end_date FROM events e
         WHERE ?2 OR EXISTS (SELECT 1 FROM event_organizers eo
                             WHERE eo.event_id = e.id AND eo.organizer_id = ?1)
         ORDER BY start_date DESC, id DESC",
    )
    .bind(me.id)
    .bind(me.is_admin)
    .fetch_all(pool)
    .await?;
    Ok(super::events::summaries(rows))
}

/// The event's organizers (owners first), as `me` sees them.
pub async fn team(pool: &SqlitePool, me: &OrganizerView, event_id: i64) -> ServiceResult<TeamView> {
    let my_role = require(pool, me, event_id).await?;
    let rows: Vec<(i64, String, String, bool)> = sqlx::query_as(
        "SELECT o.id, o.email, eo.role, o.active FROM event_organizers eo
         JOIN organizers o ON o.id = eo.organizer_id
         WHERE eo.event_id = ?1
         ORDER BY eo.role = 'owner' DESC, o.email",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    Ok(TeamView {
        members: rows
            .into_iter()
            .map(|(organizer_id, email, role, active)| TeamMember {
                organizer_id,
                email,
                role: parse_role(&role),
                active,
            })
            .collect(),
        my_role,
        my_id: me.id,
    })
}

fn require_team_manager(role: EventRole) -> ServiceResult<()> {
    if role.manages_team() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "Only the event's owner adds and removes organizers.".into(),
        ))
    }
}

/// Adds a co-organizer by email. An existing account is added as it is (the
/// password field must then be empty: nobody sets another person's
/// password); for a new email, `password` creates their account (the owner
/// hands it over; the administrator can reset it). Owner or administrator
/// only.
pub async fn add_co_organizer(
    pool: &SqlitePool,
    me: &OrganizerView,
    event_id: i64,
    email: &str,
    password: &str,
) -> ServiceResult<TeamMember> {
    require_team_manager(require(pool, me, event_id).await?)?;
    let email = organizers::parse_email(email)?;
    let organizer = match organizers::by_email(pool, &email).await? {
        Some(o) if !o.active => {
            return Err(ServiceError::invalid(
                "email",
                "This organizer's account is deactivated.",
            ))
        }
        Some(_) if !password.is_empty() => {
            return Err(ServiceError::invalid(
                "password",
                "This organizer has an account already: leave the password empty.",
            ))
        }
        Some(o) => o,
        None if password.is_empty() => {
            return Err(ServiceError::invalid(
                "password",
                "No organizer has this email yet: choose a first password for their account.",
            ))
        }
        None => {
            let id = organizers::create(pool, &email, password, false).await?;
            organizers::get(pool, id)
                .await?
                .ok_or(ServiceError::NotFound("organizer"))?
        }
    };
    let added = sqlx::query(
        "INSERT INTO event_organizers (event_id, organizer_id, role, added_by, added_at)
         VALUES (?1, ?2, 'co', ?3, ?4) ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(organizer.id)
    .bind(me.id)
    .bind(now_utc())
    .execute(pool)
    .await?;
    if added.rows_affected() == 0 {
        return Err(ServiceError::clash(
            "email",
            "This organizer is on the team already.",
        ));
    }
    tracing::info!(
        by = me.id,
        event_id,
        organizer = organizer.id,
        "co-organizer added"
    );
    Ok(TeamMember {
        organizer_id: organizer.id,
        email: organizer.email,
        role: EventRole::CoOrganizer,
        active: organizer.active,
    })
}

/// Removes a co-organizer (owner or administrator only). An owner is never
/// removed, so every event keeps one.
pub async fn remove_co_organizer(
    pool: &SqlitePool,
    me: &OrganizerView,
    event_id: i64,
    organizer_id: i64,
) -> ServiceResult<()> {
    require_team_manager(require(pool, me, event_id).await?)?;
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM event_organizers WHERE event_id = ?1 AND organizer_id = ?2",
    )
    .bind(event_id)
    .bind(organizer_id)
    .fetch_optional(pool)
    .await?;
    match role.as_deref() {
        None => Err(ServiceError::NotFound("organizer")),
        Some("owner") => Err(ServiceError::Conflict(
            "The owner stays on the team.".into(),
        )),
        Some(_) => {
            sqlx::query("DELETE FROM event_organizers WHERE event_id = ?1 AND organizer_id = ?2")
                .bind(event_id)
                .bind(organizer_id)
                .execute(pool)
                .await?;
            tracing::info!(
                by = me.id,
                event_id,
                organizer = organizer_id,
                "co-organizer removed"
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::events;

    async fn org(pool: &SqlitePool, email: &str) -> OrganizerView {
        let id = organizers::create(pool, email, "long enough pass", false)
            .await
            .unwrap();
        organizers::get(pool, id).await.unwrap().unwrap()
    }

    async fn event(pool: &SqlitePool, slug: &str, owner: &OrganizerView) -> i64 {
        let input =
            events::EventInput::parse(slug, slug, "UTC", "2026-10-26", "2026-10-27").unwrap();
        events::create_owned(pool, &input, Some(owner.id))
            .await
            .unwrap()
            .id
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn organizers_see_and_manage_only_their_events_the_admin_all(pool: SqlitePool) {
        let admin = org(&pool, "admin@example.org").await;
        assert!(admin.is_admin, "the first organizer is the administrator");
        let ana = org(&pool, "ana@example.org").await;
        let bob = org(&pool, "bob@example.org").await;
        assert!(!ana.is_admin && !bob.is_admin);
        let ghent = event(&pool, "ghent", &ana).await;
        let oslo = event(&pool, "oslo", &bob).await;

        assert_eq!(
            role_in(&pool, &ana, ghent).await.unwrap(),
            Some(EventRole::Owner)
        );
        assert_eq!(role_in(&pool, &ana, oslo).await.unwrap(), None);
        assert!(matches!(
            require(&pool, &bob, ghent).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert_eq!(
            role_in(&pool, &admin, oslo).await.unwrap(),
            Some(EventRole::Admin)
        );
        let slugs = |v: Vec<EventSummary>| v.into_iter().map(|e| e.slug).collect::<Vec<_>>();
        assert_eq!(slugs(events_of(&pool, &ana).await.unwrap()), ["ghent"]);
        assert_eq!(slugs(events_of(&pool, &admin).await.unwrap()).len(), 2);

        // Ana adds Bob; Bob then manages Ghent but not its team.
        add_co_organizer(&pool, &ana, ghent, "BOB@example.org", "")
            .await
            .unwrap();
        assert_eq!(
            role_in(&pool, &bob, ghent).await.unwrap(),
            Some(EventRole::CoOrganizer)
        );
        assert_eq!(
            slugs(events_of(&pool, &bob).await.unwrap()),
            ["oslo", "ghent"]
        );
        assert!(matches!(
            add_co_organizer(&pool, &bob, ghent, "admin@example.org", "").await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            add_co_organizer(&pool, &ana, ghent, "bob@example.org", "").await,
            Err(ServiceError::Clash(_))
        ));
        assert!(matches!(
            remove_co_organizer(&pool, &ana, ghent, ana.id).await,
            Err(ServiceError::Conflict(_))
        ));
        remove_co_organizer(&pool, &ana, ghent, bob.id)
            .await
            .unwrap();
        assert_eq!(role_in(&pool, &bob, ghent).await.unwrap(), None);
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn a_new_co_organizer_gets_an_account_and_nobody_sets_an_existing_password(
        pool: SqlitePool,
    ) {
        let _admin = org(&pool, "admin@example.org").await;
        let ana = org(&pool, "ana@example.org").await;
        let _bob = org(&pool, "bob@example.org").await;
        let ghent = event(&pool, "ghent", &ana).await;
        let err = add_co_organizer(&pool, &ana, ghent, "cleo@example.org", "")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, ServiceError::Invalid(f) if f.field == "password"),
            "{err}"
        );
        let err = add_co_organizer(&pool, &ana, ghent, "bob@example.org", "new password 123")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, ServiceError::Invalid(f) if f.field == "password"),
            "{err}"
        );
        assert!(
            organizers::verify(&pool, "bob@example.org", "new password 123")
                .await
                .unwrap()
                .is_none()
        );
        let cleo = add_co_organizer(&pool, &ana, ghent, "cleo@example.org", "cleo's first pw")
            .await
            .unwrap();
        assert_eq!(
            organizers::verify(&pool, "cleo@example.org", "cleo's first pw")
                .await
                .unwrap(),
            Some(cleo.organizer_id)
        );
        let team = team(&pool, &ana, ghent).await.unwrap();
        assert_eq!(team.members.len(), 2);
        assert_eq!(team.members[0].role, EventRole::Owner);
    }

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn a_deactivated_account_cannot_log_in_and_only_the_admin_deactivates(pool: SqlitePool) {
        let admin = org(&pool, "admin@example.org").await;
        let ana = org(&pool, "ana@example.org").await;
        assert!(matches!(
            organizers::set_active(&pool, &ana, admin.id, false).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            organizers::set_active(&pool, &admin, admin.id, false).await,
            Err(ServiceError::Conflict(_))
        ));
        let off = organizers::set_active(&pool, &admin, ana.id, false)
            .await
            .unwrap();
        assert!(!off.active);
        assert!(
            organizers::verify(&pool, "ana@example.org", "long enough pass")
                .await
                .unwrap()
                .is_none()
        );
        organizers::set_active(&pool, &admin, ana.id, true)
            .await
            .unwrap();
        organizers::reset_password(&pool, &admin, ana.id, "a brand new one")
            .await
            .unwrap();
        assert_eq!(
            organizers::verify(&pool, "ana@example.org", "a brand new one")
                .await
                .unwrap(),
            Some(ana.id)
        );
    }
}
