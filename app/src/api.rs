//! Server functions: the browser's entry points. Each one is thin: find the state
//! and the caller, call a service, map the error. They are plain form posts
//! (`/api/<endpoint>`), so `ActionForm`s work before hydration and without
//! JavaScript.

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    use crate::error::AppError;
    pub use crate::model::{EventRole, OrganizerView};
    use crate::server::events::EventRow;
    pub use crate::server::limits::Action as Limited;
    pub use crate::server::live::{announce, LiveUpdate};
    pub use crate::server::session::{self, require_organizer, state};
    pub use crate::server::topics::{Actor, TopicInput, Viewer};
    use crate::server::AppState;
    pub use crate::server::{
        access, attendees, events, organizers, rooms, schedule, slots, topics, votes,
    };
    use tower_sessions::Session;

    pub struct EventCtx {
        pub state: AppState,
        pub session: Session,
        pub event: EventRow,
        /// The attendee of this session in this event, if they joined.
        pub me: Option<crate::model::Me>,
    }

    impl EventCtx {
        pub fn attendee(&self) -> Option<i64> {
            self.me.as_ref().map(|m| m.attendee_id)
        }

        /// The attendee, or a clear refusal for visitors who did not join.
        pub fn require_me(&self) -> Result<i64, AppError> {
            self.attendee().ok_or_else(|| {
                AppError::Forbidden("Join the event with a display name first.".into())
            })
        }

        /// The attendee, within their rate limit for `action` (429 beyond it).
        pub fn acting(&self, action: Limited) -> Result<i64, AppError> {
            let me = self.require_me()?;
            if self.me.as_ref().is_some_and(|m| m.blocked) {
                return Err(AppError::Forbidden(
                    "An organizer has stopped you from posting and voting in this event.".into(),
                ));
            }
            self.state
                .limits
                .attendee(action, me, session::client_ip())?;
            Ok(me)
        }
    }

    /// The event named in the request and the attendee of this session, if any.
    pub async fn event_ctx(slug: &str) -> Result<EventCtx, AppError> {
        let state = state()?;
        let session = session::session().await?;
        let event = events::by_slug(&state.pool, slug).await?;
        // The attendee row may be gone (a reset database): then they are a visitor.
        let me = match session::attendee_id(&session, event.id).await? {
            Some(id) => attendees::me(&state.pool, event.id, id).await?,
            None => None,
        };
        Ok(EventCtx {
            state,
            session,
            event,
            me,
        })
    }

    /// The event, when the logged-in organizer may manage it (its team, or
    /// the administrator): `Unauthorized` without a login, `Forbidden` for
    /// somebody else's event. Every organizer server function starts here.
    pub async fn organizer_event(slug: &str) -> Result<(AppState, EventRow), AppError> {
        let (state, _, event) = organizer_and_event(slug).await?;
        Ok((state, event))
    }

    /// The organizer's id too, for what records who did it.
    pub async fn organizer_and_event(slug: &str) -> Result<(AppState, i64, EventRow), AppError> {
        let (state, organizer, event, _) = organizer_role(slug).await?;
        Ok((state, organizer.id, event))
    }

    /// The organizer, the event, and the organizer's role in it.
    pub async fn organizer_role(
        slug: &str,
    ) -> Result<(AppState, OrganizerView, EventRow, EventRole), AppError> {
        let (state, organizer) = require_organizer().await?;
        let event = events::by_slug(&state.pool, slug).await?;
        let role = access::require(&state.pool, &organizer, event.id).await?;
        Ok((state, organizer, event, role))
    }

    pub fn checked(v: &Option<String>) -> bool {
        matches!(v.as_deref(), Some("on" | "true" | "1" | "yes"))
    }
}

mod attendee;
mod board;
mod events;
mod organizers;
mod schedule;
mod topics;
mod venue;

pub use attendee::*;
pub use board::*;
pub use events::*;
pub use organizers::*;
pub use schedule::*;
pub use topics::*;
pub use venue::*;
