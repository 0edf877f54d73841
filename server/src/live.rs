//! `/e/{slug}/live`: the event's server-sent-events stream.
//!
//! Why SSE: the board and the phones only listen; SSE is plain HTTP (it goes
//! through proxies and venue Wi-Fi that block WebSockets), the browser
//! reconnects by itself, and each stream costs the server one small task.
//! Every connection starts with a `hello` (the client fetches a fresh
//! snapshot then), a stream that falls behind gets `resync` instead of a gap,
//! and comments every 15 s keep proxies from closing an idle stream.

use app::model::LiveMessage;
use app::server::live::Outgoing;
use app::server::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often an idle stream gets a keep-alive comment.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How long a browser waits before reconnecting after a drop.
pub const RETRY: Duration = Duration::from_secs(2);

pub fn routes() -> Router<AppState> {
    Router::new().route("/e/{slug}/live", get(live))
}

async fn live(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let event = match app::server::events::by_slug(&state.pool, &slug).await {
        Ok(e) => e,
        Err(e) => return crate::json_api::ApiError::from(e).into_response(),
    };
    let rx = state.feed.subscribe(&state.pool, &state.live);
    let closing = state.feed.closing();
    let hello = Outgoing::new(Some(event.id), &LiveMessage::Hello);
    let first = hello_event(hello);
    let stream = Stream {
        event_id: event.id,
        rx,
        closing,
        first: Some(first),
    };
    (
        [
            (header::CACHE_CONTROL, "no-cache, no-transform"),
            // nginx: pass each message through at once.
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Sse::new(stream.into_stream()).keep_alive(KeepAlive::new().interval(HEARTBEAT)),
    )
        .into_response()
}

fn hello_event(hello: Outgoing) -> Event {
    to_event(&hello).retry(RETRY)
}

fn to_event(o: &Outgoing) -> Event {
    Event::default().event(o.name).data(&*o.json)
}

struct Stream {
    event_id: i64,
    rx: broadcast::Receiver<Outgoing>,
    closing: watch::Receiver<bool>,
    first: Option<Event>,
}

impl Stream {
    fn into_stream(self) -> impl futures_util::Stream<Item = Result<Event, Infallible>> {
        futures_util::stream::unfold(self, |mut s| async move {
            if let Some(first) = s.first.take() {
                return Some((Ok(first), s));
            }
            if *s.closing.borrow() {
                return None;
            }
            loop {
                tokio::select! {
                    msg = s.rx.recv() => match msg {
                        Ok(o) if o.is_for(s.event_id) => return Some((Ok(to_event(&o)), s)),
                        Ok(_) => continue,
                        Err(broadcast::error::RecvError::Lagged(_)) => {
                            let resync = Outgoing::new(Some(s.event_id), &LiveMessage::Resync);
                            return Some((Ok(to_event(&resync)), s));
                        }
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = s.closing.changed() => return None,
                }
            }
        })
    }
}
