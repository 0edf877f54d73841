//! Server functions: the browser's entry points. Each one is thin: find the state
//! and the caller, call a service, map the error. They are plain form posts
//! (`/api/<endpoint>`), so `ActionForm`s work before hydration and without
//! JavaScript.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    use crate::error::AppError;
    use crate::server::events::EventRow;
    pub use crate::server::live::{announce, LiveUpdate};
    pub use crate::server::session::{self, require_organizer, state};
    pub use crate::server::topics::{Actor, TopicInput, Viewer};
    use crate::server::AppState;
    pub use crate::server::{attendees, events, organizers, rooms, slots, topics, votes};
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

    pub async fn organizer_event(slug: &str) -> Result<(AppState, EventRow), AppError> {
        let (state, _) = require_organizer().await?;
        let event = events::by_slug(&state.pool, slug).await?;
        Ok((state, event))
    }

    pub fn checked(v: &Option<String>) -> bool {
        matches!(v.as_deref(), Some("on" | "true" | "1" | "yes"))
    }
}
#[cfg(feature = "ssr")]
use ctx::*;

// ---------------------------------------------------------------- organizers

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
        None => Err(AppError::Invalid {
            field: "password".into(),
            message: "That email and password do not match an organizer.".into(),
        }),
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

// ---------------------------------------------------------------- events

#[server(endpoint = "events")]
pub async fn list_events() -> Result<Vec<EventSummary>, AppError> {
    let state = state()?;
    Ok(events::list(&state.pool).await?)
}

#[server(endpoint = "create_event")]
pub async fn create_event(
    name: String,
    slug: String,
    timezone: String,
    start_date: String,
    end_date: String,
) -> Result<String, AppError> {
    let (state, _) = require_organizer().await?;
    let input = events::EventInput::parse(&name, &slug, &timezone, &start_date, &end_date)?;
    let e = events::create(&state.pool, &input).await?;
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
    let (state, event) = organizer_event(&slug).await?;
    let counts = events::counts(&state.pool, event.id).await?;
    Ok(AdminEventPage {
        event: event.view(),
        rooms: rooms::list(&state.pool, event.id).await?,
        slots: slots::list(&state.pool, &event).await?,
        join_url: events::join_url(&state.config.public_url, &event.slug),
        attendee_count: counts.attendees,
        topic_count: counts.topics,
        vote_count: counts.votes,
    })
}

// ---------------------------------------------------------------- rooms

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

// ---------------------------------------------------------------- organizer: topics

#[server(endpoint = "admin_topics")]
pub async fn admin_topics(slug: String) -> Result<AdminTopicsPage, AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let viewer = Viewer {
        attendee_id: None,
        organizer: true,
    };
    let topics = topics::list(&state.pool, &event, viewer).await?;
    let duplicates = crate::server::duplicates::likely(&state.pool, &event, &topics).await?;
    Ok(AdminTopicsPage {
        event: event.view(),
        topics,
        duplicates,
    })
}

#[server(endpoint = "admin_edit_topic")]
pub async fn admin_edit_topic(
    slug: String,
    topic_id: i64,
    title: String,
    description: String,
    tags: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let input = TopicInput::parse(&title, &description, &tags)?;
    topics::edit(&state.pool, &event, Actor::Organizer, topic_id, &input).await?;
    announce(
        &state.live,
        LiveUpdate::TopicsChanged { event_id: event.id },
    );
    Ok(())
}

/// Withdraw (`action=withdraw`) or reopen (`action=reopen`) any topic.
#[server(endpoint = "admin_topic_status")]
pub async fn admin_topic_status(
    slug: String,
    topic_id: i64,
    action: String,
) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    match action.as_str() {
        "reopen" => topics::reopen(&state.pool, &event, topic_id).await?,
        _ => topics::withdraw(&state.pool, &event, Actor::Organizer, topic_id).await?,
    }
    announce(
        &state.live,
        LiveUpdate::TopicsChanged { event_id: event.id },
    );
    Ok(())
}

#[server(endpoint = "merge_topic")]
pub async fn merge_topic(slug: String, source_id: i64, target_id: String) -> Result<(), AppError> {
    let (state, event) = organizer_event(&slug).await?;
    let target: i64 = target_id.parse().map_err(|_| AppError::Invalid {
        field: format!("merge-{source_id}"),
        message: "Choose the topic to merge into.".into(),
    })?;
    topics::merge(&state.pool, &event, target, &[source_id]).await?;
    announce(
        &state.live,
        LiveUpdate::TopicsChanged { event_id: event.id },
    );
    Ok(())
}

// ---------------------------------------------------------------- attendees

#[server(endpoint = "event_page")]
pub async fn load_event_page(slug: String) -> Result<EventPage, AppError> {
    let c = event_ctx(&slug).await?;
    let viewer = Viewer {
        attendee_id: c.attendee(),
        organizer: false,
    };
    Ok(EventPage {
        event: c.event.view(),
        me: c.me.clone(),
        topics: topics::list(&c.state.pool, &c.event, viewer).await?,
    })
}

#[server(endpoint = "join")]
pub async fn join_event(slug: String, display_name: String) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let name = crate::domain::DisplayName::parse(&display_name)?;
    match c.attendee() {
        Some(a) => attendees::rename(&c.state.pool, a, &name).await?,
        None => {
            let id = attendees::join(&c.state.pool, c.event.id, &name).await?;
            session::set_attendee(&c.session, c.event.id, id).await?;
        }
    }
    Ok(())
}

#[server(endpoint = "propose")]
pub async fn propose_topic(
    slug: String,
    title: String,
    description: String,
    tags: String,
) -> Result<i64, AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    let input = TopicInput::parse(&title, &description, &tags)?;
    let id = topics::propose(&c.state.pool, &c.event, me, &input).await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicsChanged {
            event_id: c.event.id,
        },
    );
    leptos_axum::redirect(&format!("/e/{}", c.event.slug));
    Ok(id)
}

#[server(endpoint = "topic_page")]
pub async fn load_topic_page(slug: String, topic_id: i64) -> Result<TopicPage, AppError> {
    let c = event_ctx(&slug).await?;
    let viewer = Viewer {
        attendee_id: c.attendee(),
        organizer: false,
    };
    Ok(TopicPage {
        event: c.event.view(),
        me: c.me.clone(),
        topic: topics::get(&c.state.pool, &c.event, viewer, topic_id).await?,
    })
}

#[server(endpoint = "edit_topic")]
pub async fn edit_topic(
    slug: String,
    topic_id: i64,
    title: String,
    description: String,
    tags: String,
) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    let input = TopicInput::parse(&title, &description, &tags)?;
    topics::edit(
        &c.state.pool,
        &c.event,
        Actor::Attendee(me),
        topic_id,
        &input,
    )
    .await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicsChanged {
            event_id: c.event.id,
        },
    );
    Ok(())
}

#[server(endpoint = "withdraw_topic")]
pub async fn withdraw_topic(slug: String, topic_id: i64) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    topics::withdraw(&c.state.pool, &c.event, Actor::Attendee(me), topic_id).await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicsChanged {
            event_id: c.event.id,
        },
    );
    leptos_axum::redirect(&format!("/e/{}", c.event.slug));
    Ok(())
}

/// `action=join` to co-host a topic, `action=leave` to stop.
#[server(endpoint = "cohost")]
pub async fn cohost(slug: String, topic_id: i64, action: String) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    topics::set_cohost(&c.state.pool, &c.event, me, topic_id, action == "join").await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicsChanged {
            event_id: c.event.id,
        },
    );
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VoteResult {
    pub topic_id: i64,
    pub voted: bool,
    pub topic_votes: Option<i64>,
    pub votes_used: i64,
}

/// Marks (`on=true`) or unmarks (`on=false`) interest in a topic. Idempotent.
#[server(endpoint = "vote")]
pub async fn vote(slug: String, topic_id: i64, on: bool) -> Result<VoteResult, AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    let st = if on {
        votes::cast(&c.state.pool, &c.event, me, topic_id).await?
    } else {
        votes::retract(&c.state.pool, &c.event, me, topic_id).await?
    };
    announce(
        &c.state.live,
        LiveUpdate::VotesChanged {
            event_id: c.event.id,
            topic_id,
        },
    );
    Ok(VoteResult {
        topic_id,
        voted: on,
        topic_votes: c.event.view().counts_public().then_some(st.topic_votes),
        votes_used: st.votes_used,
    })
}
