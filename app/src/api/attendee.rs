//! What attendees do: the event page, join, propose, a topic's page, edit
//! and withdraw their own topics, co-host, vote.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

/// The event, the viewer and, for an attendee who has joined, every topic.
///
/// A visitor who has not joined gets the number of open topics instead of
/// the list: their page shows a join form and that number, and the list
/// would only ride along in the page's hydration data (20 of its 22.5 KB
/// on the demo). `head_only` leaves the list out for pages that need only
/// the event and the viewer (the propose form).
#[server(endpoint = "event_page")]
pub async fn load_event_page(
    slug: String,
    #[server(default)] head_only: bool,
) -> Result<EventPage, AppError> {
    let c = event_ctx(&slug).await?;
    let (topics, open_topics) = match &c.me {
        None => {
            let counts = events::counts(&c.state.pool, c.event.id).await?;
            (Vec::new(), counts.topics)
        }
        Some(_) if head_only => (Vec::new(), 0),
        Some(me) => {
            let viewer = Viewer {
                attendee_id: Some(me.attendee_id),
                organizer: false,
            };
            let list = topics::list(&c.state.pool, &c.event, viewer).await?;
            let open = list
                .iter()
                .filter(|t| t.status == TopicStatus::Open)
                .count();
            (list, i64::try_from(open).unwrap_or(i64::MAX))
        }
    };
    Ok(EventPage {
        event: c.event.view(),
        me: c.me.clone(),
        open_topics,
        topics,
    })
}

#[server(endpoint = "join")]
pub async fn join_event(slug: String, display_name: String) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    c.state.limits.join(
        c.session.id().map(|i| i.to_string()).as_deref(),
        session::client_ip(),
    )?;
    if c.me.as_ref().is_some_and(|m| m.blocked) {
        return Err(AppError::Forbidden(
            "An organizer has stopped you from posting and voting in this event.".into(),
        ));
    }
    let name = crate::domain::DisplayName::parse(&display_name)?;
    match c.attendee() {
        Some(a) => attendees::rename(&c.state.pool, a, &name).await?,
        None => {
            let id = attendees::join(&c.state.pool, c.event.id, &name).await?;
            session::set_attendee(&c.session, c.event.id, id).await?;
            announce(
                &c.state.live,
                LiveUpdate::AttendeeJoined {
                    event_id: c.event.id,
                },
            );
        }
    }
    Ok(())
}

/// The attendee leaves the event: their name, votes and co-hostings are
/// removed (their topics stay). `confirm` is the "yes, remove me" box.
#[server(endpoint = "leave_event")]
pub async fn leave_event(slug: String, confirm: Option<String>) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.require_me()?;
    if !checked(&confirm) {
        return Err(AppError::Invalid {
            field: "confirm".into(),
            message: "Tick the box to confirm: your votes cannot be brought back.".into(),
        });
    }
    let voted = attendees::leave(&c.state.pool, c.event.id, me).await?;
    session::forget_attendee(&c.session, c.event.id).await?;
    for topic_id in voted {
        announce(
            &c.state.live,
            LiveUpdate::VotesChanged {
                event_id: c.event.id,
                topic_id,
            },
        );
    }
    leptos_axum::redirect(&format!("/e/{}", c.event.slug));
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
    let me = c.acting(Limited::Propose)?;
    let input = TopicInput::parse(&title, &description, &tags)?;
    let id = topics::propose(&c.state.pool, &c.event, me, &input).await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicChanged {
            event_id: c.event.id,
            topic_id: id,
            change: TopicChange::Proposed,
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
        place: schedule::public::topic_place(&c.state.pool, &c.event, topic_id).await?,
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
    let me = c.acting(Limited::Edit)?;
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
        LiveUpdate::TopicChanged {
            event_id: c.event.id,
            topic_id,
            change: TopicChange::Edited,
        },
    );
    Ok(())
}

#[server(endpoint = "withdraw_topic")]
pub async fn withdraw_topic(slug: String, topic_id: i64) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.acting(Limited::Edit)?;
    topics::withdraw(&c.state.pool, &c.event, Actor::Attendee(me), topic_id).await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicChanged {
            event_id: c.event.id,
            topic_id,
            change: TopicChange::Withdrawn,
        },
    );
    leptos_axum::redirect(&format!("/e/{}", c.event.slug));
    Ok(())
}

/// `action=join` to co-host a topic, `action=leave` to stop.
#[server(endpoint = "cohost")]
pub async fn cohost(slug: String, topic_id: i64, action: String) -> Result<(), AppError> {
    let c = event_ctx(&slug).await?;
    let me = c.acting(Limited::Edit)?;
    topics::set_cohost(&c.state.pool, &c.event, me, topic_id, action == "join").await?;
    announce(
        &c.state.live,
        LiveUpdate::TopicChanged {
            event_id: c.event.id,
            topic_id,
            change: TopicChange::Hosts,
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
    let me = c.acting(Limited::Vote)?;
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
