//! The published schedule for other programs: frab XML and JSON, iCalendar
//! (the whole event, and each attendee's agenda at a secret address), CSV,
//! and the JSON API's schedule. Before anything is published they answer 404.

use crate::json_api::ApiError;
use app::error::AppError;
use app::server::schedule::export::{self, csv, frab, ical, Published};
use app::server::schedule::{public, versions};
use app::server::{events, AppState};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/e/{slug}/schedule.xml", get(xml))
        .route("/e/{slug}/schedule.json", get(json))
        .route("/e/{slug}/schedule.ics", get(ics))
        .route("/e/{slug}/schedule.csv", get(csv_file))
        .route("/calendar/{token}", get(personal_ics))
        .route("/api/v1/events/{slug}/schedule", get(api_schedule))
}

async fn published(state: &AppState, slug: &str) -> Result<Published, ApiError> {
    let event = events::by_slug(&state.pool, slug).await?;
    export::load(&state.pool, &event, &state.config.public_url)
        .await?
        .ok_or_else(|| {
            ApiError::from(AppError::NotFound(
                "No schedule has been published yet.".into(),
            ))
        })
}

fn file(content_type: &'static str, name: String, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn xml(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let p = published(&state, &slug).await?;
    Ok(file(
        "application/xml; charset=utf-8",
        format!("{}-schedule.xml", p.event.slug),
        frab::xml(&p),
    ))
}

async fn json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let p = published(&state, &slug).await?;
    let body = serde_json::to_string_pretty(&frab::json(&p)).unwrap_or_default();
    Ok(file(
        "application/json",
        format!("{}-schedule.json", p.event.slug),
        body,
    ))
}

async fn ics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let p = published(&state, &slug).await?;
    let all: Vec<_> = p.sessions.iter().collect();
    let body = ical::calendar(&p, &all, &p.event.name);
    Ok(file(
        "text/calendar; charset=utf-8",
        format!("{}.ics", p.event.slug),
        body,
    ))
}

async fn csv_file(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let p = published(&state, &slug).await?;
    Ok(file(
        "text/csv; charset=utf-8",
        format!("{}-schedule.csv", p.event.slug),
        csv::csv(&p),
    ))
}

/// `/calendar/{token}.ics`: the sessions an attendee voted for or hosts.
async fn personal_ics(
    State(state): State<AppState>,
    Path(file_name): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::from(AppError::NotFound("No calendar at this address.".into()));
    let token = file_name.strip_suffix(".ics").ok_or_else(not_found)?;
    let (attendee, event_id) = public::by_calendar_token(&state.pool, token)
        .await?
        .ok_or_else(not_found)?;
    let event = events::by_id(&state.pool, event_id).await?;
    let p = export::load(&state.pool, &event, &state.config.public_url)
        .await?
        .ok_or_else(|| {
            ApiError::from(AppError::NotFound(
                "No schedule has been published yet.".into(),
            ))
        })?;
    let mine = public::my_topic_ids(&state.pool, attendee).await?;
    let sessions: Vec<_> = p
        .sessions
        .iter()
        .filter(|s| s.topics.iter().any(|t| mine.contains(&t.id)))
        .collect();
    let body = ical::calendar(&p, &sessions, &format!("My {}", p.event.name));
    Ok(file(
        "text/calendar; charset=utf-8",
        "my-agenda.ics".into(),
        body,
    ))
}

#[derive(Serialize)]
struct ApiSession {
    room_id: i64,
    slot_id: i64,
    topic_ids: Vec<i64>,
}

#[derive(Serialize)]
struct ApiSchedule {
    number: i64,
    published_at: String,
    sessions: Vec<ApiSession>,
}

async fn api_schedule(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ApiSchedule>, ApiError> {
    let event = events::by_slug(&state.pool, &slug).await?;
    let v = versions::published(&state.pool, event.id)
        .await?
        .ok_or_else(|| {
            ApiError::from(AppError::NotFound(
                "No schedule has been published yet.".into(),
            ))
        })?;
    let sessions = versions::sessions(&state.pool, v.id).await?;
    Ok(Json(ApiSchedule {
        number: v.number.unwrap_or_default(),
        published_at: v.published_at.unwrap_or_default(),
        sessions: sessions
            .into_iter()
            .map(|s| ApiSession {
                room_id: s.room_id,
                slot_id: s.slot_id,
                topic_ids: s.topic_ids,
            })
            .collect(),
    }))
}
