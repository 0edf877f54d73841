//! The read-only JSON API for integrations (documented in the README). It shows
//! what an anonymous attendee may see: vote counts are `null` while the event
//! hides them.

use app::error::AppError;
use app::model::TopicStatus;
use app::server::topics::Viewer;
use app::server::{events, rooms, slots, topics, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events", get(list_events))
        .route("/api/v1/events/{slug}", get(event))
        .route("/api/v1/events/{slug}/topics", get(event_topics))
}

pub struct ApiError(AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            Json(serde_json::json!({ "error": self.0.to_string() })),
        )
            .into_response()
    }
}

#[derive(Serialize)]
struct EventOut {
    slug: String,
    name: String,
    start_date: String,
    end_date: String,
}

async fn list_events(State(state): State<AppState>) -> Result<Json<Vec<EventOut>>, ApiError> {
    Ok(Json(
        events::list(&state.pool)
            .await?
            .into_iter()
            .map(|e| EventOut {
                slug: e.slug,
                name: e.name,
                start_date: e.start_date,
                end_date: e.end_date,
            })
            .collect(),
    ))
}

#[derive(Serialize)]
struct EventDetail {
    slug: String,
    name: String,
    timezone: String,
    start_date: String,
    end_date: String,
    proposing_open: bool,
    voting_open: bool,
    vote_budget: Option<u32>,
    counts_visible: bool,
    rooms: Vec<RoomOut>,
    slots: Vec<SlotOut>,
}

#[derive(Serialize)]
struct RoomOut {
    id: i64,
    name: String,
    capacity: u32,
    features: Vec<String>,
}

#[derive(Serialize)]
struct SlotOut {
    id: i64,
    start: String,
    end: String,
    local_date: String,
    local_start: String,
    local_end: String,
}

async fn event(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    let e = events::by_slug(&state.pool, &slug).await?;
    let v = e.view();
    Ok(Json(EventDetail {
        counts_visible: v.counts_public(),
        slug: v.slug,
        name: v.name,
        timezone: v.timezone,
        start_date: v.start_date,
        end_date: v.end_date,
        proposing_open: v.proposing_open,
        voting_open: v.voting_open,
        vote_budget: v.vote_budget,
        rooms: rooms::list(&state.pool, e.id)
            .await?
            .into_iter()
            .map(|r| RoomOut {
                id: r.id,
                name: r.name,
                capacity: r.capacity,
                features: r.features,
            })
            .collect(),
        slots: slots::list(&state.pool, &e)
            .await?
            .into_iter()
            .map(|s| SlotOut {
                id: s.id,
                start: s.starts_at,
                end: s.ends_at,
                local_date: s.local_date,
                local_start: s.local_start,
                local_end: s.local_end,
            })
            .collect(),
    }))
}

#[derive(Serialize)]
struct TopicOut {
    id: i64,
    title: String,
    description: String,
    hosts: Vec<String>,
    tags: Vec<String>,
    /// `null` while the event hides vote counts.
    votes: Option<i64>,
    status: &'static str,
    merged_into: Option<i64>,
}

async fn event_topics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<TopicOut>>, ApiError> {
    let e = events::by_slug(&state.pool, &slug).await?;
    let list = topics::list(&state.pool, &e, Viewer::default()).await?;
    Ok(Json(
        list.into_iter()
            .map(|t| TopicOut {
                id: t.id,
                title: t.title,
                description: t.description,
                hosts: t.hosts.into_iter().map(|h| h.name).collect(),
                tags: t.tags,
                votes: t.votes,
                status: match t.status {
                    TopicStatus::Open => "open",
                    TopicStatus::Withdrawn => "withdrawn",
                    TopicStatus::Merged => "merged",
                },
                merged_into: t.merged_into,
            })
            .collect(),
    ))
}
