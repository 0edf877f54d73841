//! Organizers' topic management: the list with likely duplicates, edits,
//! withdraw and reopen, merge.

#[cfg(feature = "ssr")]
#[allow(unused_imports)]
use super::ctx::*;
use crate::error::AppError;
#[allow(unused_imports)]
use crate::model::*;
use leptos::prelude::*;

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
        LiveUpdate::TopicChanged {
            event_id: event.id,
            topic_id,
            change: TopicChange::Edited,
        },
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
    let change = match action.as_str() {
        "reopen" => {
            topics::reopen(&state.pool, &event, topic_id).await?;
            TopicChange::Reopened
        }
        _ => {
            topics::withdraw(&state.pool, &event, Actor::Organizer, topic_id).await?;
            TopicChange::Withdrawn
        }
    };
    announce(
        &state.live,
        LiveUpdate::TopicChanged {
            event_id: event.id,
            topic_id,
            change,
        },
    );
    Ok(())
}

/// Moderation: hides a topic from attendees, the board and the scheduler
/// (`hidden` true), or shows it again.
#[server(endpoint = "set_topic_hidden")]
pub async fn set_topic_hidden(slug: String, topic_id: i64, hidden: bool) -> Result<(), AppError> {
    let (state, organizer, event) = organizer_and_event(&slug).await?;
    crate::server::moderation::set_topic_hidden(&state.pool, &event, organizer, topic_id, hidden)
        .await?;
    announce(&state.live, LiveUpdate::EventChanged { event_id: event.id });
    Ok(())
}

/// Moderation: blocks an attendee (their topics hidden, votes set aside, no
/// more posting), or unblocks them.
#[server(endpoint = "set_attendee_blocked")]
pub async fn set_attendee_blocked(
    slug: String,
    attendee_id: i64,
    blocked: bool,
) -> Result<(), AppError> {
    let (state, organizer, event) = organizer_and_event(&slug).await?;
    let changed = crate::server::moderation::set_blocked(
        &state.pool,
        &event,
        organizer,
        attendee_id,
        blocked,
    )
    .await?;
    for topic_id in changed {
        announce(
            &state.live,
            LiveUpdate::VotesChanged {
                event_id: event.id,
                topic_id,
            },
        );
    }
    announce(&state.live, LiveUpdate::EventChanged { event_id: event.id });
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
        LiveUpdate::TopicChanged {
            event_id: event.id,
            topic_id: target,
            change: TopicChange::Merged,
        },
    );
    Ok(())
}
