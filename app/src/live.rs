//! The browser's side of the live stream: one `EventSource` per page (so one
//! stream per tab), reconnecting by itself, and a clock in the event's time
//! zone. Nothing here runs on the server: pages render their snapshot there,
//! and only after hydration start listening, so without JavaScript they still
//! work and are simply not live.

use crate::model::LiveMessage;
use leptos::prelude::*;

/// Whether the page hears the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Live,
    /// Since when (local time of the event, "14:02").
    Offline(String),
}

/// The names the server gives its messages (see `LiveMessage::name`).
pub const EVENT_NAMES: [&str; 8] = [
    "hello",
    "topic",
    "votes",
    "joined",
    "published",
    "event",
    "venue",
    "resync",
];

/// Listens to `/e/{slug}/live` for as long as the calling component lives.
/// `on_message` gets every message; after a `Hello` that follows a drop
/// (a reconnect) the page should fetch a fresh snapshot.
pub fn use_live(
    slug: String,
    timezone: String,
    on_message: impl Fn(LiveMessage) + 'static,
) -> ReadSignal<Link> {
    let (link, set_link) = signal(Link::Connecting);
    #[cfg(feature = "hydrate")]
    client::start(slug, timezone, on_message, set_link);
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, timezone, on_message, set_link);
    link
}

/// "14:02" now, in `timezone` (the browser's own clock, the event's zone).
pub fn clock(timezone: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        client::local_time(timezone)
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        // The first render shows the time too (an empty text node would not
        // survive into the browser's DOM for hydration to find).
        timezone
            .parse::<chrono_tz::Tz>()
            .map(|tz| {
                chrono::Utc::now()
                    .with_timezone(&tz)
                    .format("%H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| "--:--".into())
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = timezone;
        "--:--".into()
    }
}

/// Asks the screen to stay awake (the board), again whenever the tab comes
/// back into view: browsers drop the lock when a tab is hidden.
pub fn keep_awake() {
    #[cfg(feature = "hydrate")]
    client::keep_awake();
}

#[cfg(feature = "hydrate")]
mod client {
    use super::{Link, EVENT_NAMES};
    use crate::model::LiveMessage;
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    pub fn local_time(timezone: &str) -> String {
        let opts = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
        };
        set("timeZone", timezone);
        set("hour", "2-digit");
        set("minute", "2-digit");
        set("hourCycle", "h23");
        js_sys::Date::new_0()
            .to_locale_time_string_with_options("en-GB", &opts)
            .as_string()
            .unwrap_or_default()
    }

    /// An event listener as the browser calls it.
    type Listener = Closure<dyn FnMut(web_sys::Event)>;

    struct Conn {
        source: RefCell<Option<EventSource>>,
        /// Listeners kept alive as long as the connection.
        handlers: RefCell<Vec<Listener>>,
        backoff_ms: Cell<i32>,
        closed: Cell<bool>,
        /// Whether a drop happened since the page started (the next hello
        /// then means "catch up").
        dropped: Cell<bool>,
    }

    pub fn start(
        slug: String,
        timezone: String,
        on_message: impl Fn(LiveMessage) + 'static,
        set_link: WriteSignal<Link>,
    ) {
        let on_message: Rc<dyn Fn(LiveMessage)> = Rc::new(on_message);
        let conn = Rc::new(Conn {
            source: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            backoff_ms: Cell::new(1_000),
            closed: Cell::new(false),
            dropped: Cell::new(false),
        });
        // Effects run only in the browser, after hydration.
        let url = format!("/e/{slug}/live");
        let c = conn.clone();
        Effect::new(move |_| {
            connect(&c, &url, &timezone, on_message.clone(), set_link);
            // The device knows it lost the network before the stream does
            // (a stream can look open for minutes): say so at once, and
            // reconnect as soon as the network is back.
            let Some(w) = web_sys::window() else { return };
            let offline = {
                let c = c.clone();
                let timezone = timezone.clone();
                Closure::<dyn FnMut()>::new(move || {
                    c.dropped.set(true);
                    if let Some(s) = c.source.borrow_mut().take() {
                        s.close();
                    }
                    set_link.set(Link::Offline(local_time(&timezone)));
                })
            };
            let online = {
                let c = c.clone();
                let url = url.clone();
                let timezone = timezone.clone();
                let on_message = on_message.clone();
                Closure::<dyn FnMut()>::new(move || {
                    if let Some(s) = c.source.borrow_mut().take() {
                        s.close();
                    }
                    c.handlers.borrow_mut().clear();
                    connect(&c, &url, &timezone, on_message.clone(), set_link);
                })
            };
            let _ = w.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            let listeners = SendWrapper::new((w, offline, online));
            on_cleanup(move || {
                let (w, offline, online) = &*listeners;
                let _ = w.remove_event_listener_with_callback(
                    "offline",
                    offline.as_ref().unchecked_ref(),
                );
                let _ = w
                    .remove_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            });
        });
        on_cleanup({
            let conn = SendWrapper::new(conn);
            move || {
                conn.closed.set(true);
                if let Some(s) = conn.source.borrow_mut().take() {
                    s.close();
                }
                conn.handlers.borrow_mut().clear();
            }
        });
    }

    fn connect(
        conn: &Rc<Conn>,
        url: &str,
        timezone: &str,
        on_message: Rc<dyn Fn(LiveMessage)>,
        set_link: WriteSignal<Link>,
    ) {
        if conn.closed.get() {
            return;
        }
        let Ok(source) = EventSource::new(url) else {
            return;
        };
        let mut handlers = Vec::new();
        for name in EVENT_NAMES {
            let on_message = on_message.clone();
            let conn2 = conn.clone();
            let h = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                let Some(m) = e.dyn_ref::<MessageEvent>() else {
                    return;
                };
                let Some(data) = m.data().as_string() else {
                    return;
                };
                if let Ok(msg) = serde_json::from_str::<LiveMessage>(&data) {
                    if msg == LiveMessage::Hello {
                        conn2.backoff_ms.set(1_000);
                        set_link.set(Link::Live);
                        if !conn2.dropped.replace(false) {
                            // The first hello: the page's snapshot is fresh.
                            return;
                        }
                    }
                    on_message(msg);
                }
            });
            let _ = source.add_event_listener_with_callback(name, h.as_ref().unchecked_ref());
            handlers.push(h);
        }
        let on_error = {
            let conn = conn.clone();
            let url = url.to_string();
            let timezone = timezone.to_string();
            let on_message = on_message.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
                conn.dropped.set(true);
                set_link.update(|l| {
                    if !matches!(l, Link::Offline(_)) {
                        *l = Link::Offline(local_time(&timezone));
                    }
                });
                let closed_for_good = conn
                    .source
                    .borrow()
                    .as_ref()
                    .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
                if closed_for_good {
                    // The browser gave up (an error page from a proxy, say):
                    // try again ourselves, waiting longer each time.
                    let wait = conn.backoff_ms.get();
                    conn.backoff_ms.set((wait * 2).min(30_000));
                    let conn = conn.clone();
                    let url = url.clone();
                    let timezone = timezone.clone();
                    let on_message = on_message.clone();
                    set_timeout(
                        move || {
                            if let Some(s) = conn.source.borrow_mut().take() {
                                s.close();
                            }
                            conn.handlers.borrow_mut().clear();
                            connect(&conn, &url, &timezone, on_message, set_link);
                        },
                        std::time::Duration::from_millis(wait as u64),
                    );
                }
            })
        };
        let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        handlers.push(on_error);
        *conn.source.borrow_mut() = Some(source);
        *conn.handlers.borrow_mut() = handlers;
    }

    pub fn keep_awake() {
        fn request() {
            let Some(w) = web_sys::window() else { return };
            let nav = w.navigator();
            let Ok(lock) = js_sys::Reflect::get(&nav, &"wakeLock".into()) else {
                return;
            };
            if lock.is_undefined() {
                return;
            }
            let Ok(req) = js_sys::Reflect::get(&lock, &"request".into()) else {
                return;
            };
            if let Some(f) = req.dyn_ref::<js_sys::Function>() {
                if let Ok(p) = f.call1(&lock, &"screen".into()) {
                    if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                        // Refused (battery saver, no user gesture): the board
                        // still works, the screen may just dim.
                        let noop = Closure::<dyn FnMut(JsValue)>::new(|_| {});
                        let _ = p.catch(&noop);
                        noop.forget();
                    }
                }
            }
        }
        request();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_visible = Closure::<dyn FnMut()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                request();
            }
        });
        let _ = doc.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        // One listener for the page's life.
        on_visible.forget();
    }
}
