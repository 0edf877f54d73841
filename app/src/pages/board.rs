//! The venue's big screen (`/e/{slug}/board`) and a room's door display
//! (`/e/{slug}/board/room/{id}`): unattended for days, read from 10 metres.
//!
//! The server renders the current state, so the screen is never blank, even
//! before the WebAssembly arrives. After hydration the page listens to the
//! live stream and fetches a fresh snapshot whenever something changed, after
//! a reconnect, and once a minute (so "now" moves on by itself). A failed
//! fetch keeps the last good state on screen, with an "offline since" notice
//! while the stream is down.

use crate::api::{load_board, load_door};
use crate::components::{ErrorView, Loading};
use crate::live::{clock, keep_awake, use_live, Link};
use crate::model::{
    page_label, pages, rooms_per_page, BoardColumns, BoardSchedule, BoardSession, BoardSlotLabel,
    BoardView, DoorView, LiveMessage, TopicChange,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::future::Future;

/// Fetches with `load` and stores the answer in `into`, one fetch at a time:
/// changes that arrive during a fetch cause one more fetch after it, not one
/// per change. A failed fetch leaves the last good state, and an answer equal
/// to it changes nothing (a door display hears every vote of the event, and
/// none of them changes what it shows).
fn refresher<T, F, Fut>(into: RwSignal<T>, load: F) -> impl Fn() + Clone + 'static
where
    T: PartialEq + Send + Sync + 'static,
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Option<T>> + 'static,
{
    let busy = StoredValue::new(false);
    let again = StoredValue::new(false);
    move || {
        if busy.get_value() {
            again.set_value(true);
            return;
        }
        busy.set_value(true);
        let load = load.clone();
        leptos::task::spawn_local(async move {
            loop {
                again.set_value(false);
                if let Some(v) = load().await {
                    // (`try_`: the page may have gone meanwhile.)
                    if into.try_with_untracked(|old| *old != v).unwrap_or(false) {
                        into.set(v);
                    }
                }
                if !again.get_value() {
                    break;
                }
            }
            busy.set_value(false);
        });
    }
}

/// The clock of a screen on the wall: keeps the screen awake and ticks once a
/// second (the time in the event's zone, then `each_second` with the tick
/// count); once a minute it refreshes, so "now" and "next" move on by
/// themselves. Runs in the browser only (effects do not run on the server).
fn wall_clock(
    tz: String,
    refresh: impl Fn() + Clone + 'static,
    each_second: impl Fn(u32) + Clone + 'static,
) -> RwSignal<String> {
    let now = RwSignal::new(clock(&tz));
    Effect::new(move |_| {
        keep_awake();
        let (tz, refresh, each_second) = (tz.clone(), refresh.clone(), each_second.clone());
        let ticks = std::cell::Cell::new(0u32);
        if let Ok(h) = set_interval_with_handle(
            move || {
                now.set(clock(&tz));
                let t = ticks.get() + 1;
                ticks.set(t);
                if t.is_multiple_of(60) {
                    refresh();
                }
                each_second(t);
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || h.clear());
        }
    });
    now
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let initial = Resource::new(slug, load_board);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match initial.await {
                    Ok(b) => view! { <Board initial=b/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Board(initial: BoardView) -> impl IntoView {
    let data = RwSignal::new(initial.clone());
    let slug = initial.slug.clone();
    let tz = initial.timezone.clone();
    // Topics that arrived while the board was up: highlighted.
    let arrived = RwSignal::new(Vec::<i64>::new());
    let refresh = refresher(data, {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            async move { load_board(slug).await.ok() }
        }
    });
    let link = use_live(slug.clone(), tz.clone(), {
        let refresh = refresh.clone();
        move |m| {
            if let LiveMessage::Topic {
                topic_id,
                change: TopicChange::Proposed,
            } = m
            {
                arrived.update(|a| a.push(topic_id));
            }
            refresh();
        }
    });
    let size = RwSignal::new((1920u32, 1080u32));
    let page = RwSignal::new(0usize);
    let read_size = move || {
        if let Some(w) = web_sys_window_size() {
            size.set(w);
        }
    };
    Effect::new(move |_| read_size());
    let now = wall_clock(tz.clone(), refresh.clone(), move |t| {
        read_size();
        let secs = data.with_untracked(|d| d.page_seconds).max(5);
        if t.is_multiple_of(secs) {
            page.update(|p| *p += 1);
        }
    });
    // A new "now" (the next slot began, or a new schedule) starts the pages
    // again from the first, so the board always opens on the current time.
    Effect::new(move |prev: Option<Option<BoardSlotLabel>>| {
        let now_slot = data.with(|d| d.schedule.as_ref().and_then(|s| s.now.clone()));
        if prev.is_some_and(|p| p != now_slot) {
            page.set(0);
        }
        now_slot
    });
    // The mode's view is built again only when the schedule itself changes,
    // not on every refresh (votes arrive a few times a second): the market's
    // lists update in place.
    let schedule = Memo::new(move |_| data.with(|d| d.schedule.clone()));
    let title = initial.event_name.clone();
    view! {
        <Title text=format!("{title} · Board")/>
        <div class="board" data-mode=move || if data.with(|d| d.schedule.is_some()) { "schedule" } else { "market" }>
            <header class="board-head">
                <h1>{move || data.with(|d| d.event_name.clone())}</h1>
                <OfflineNotice link/>
                <p class="board-clock"><span class="sr-only">"Time at the venue: "</span>{move || now.get()}</p>
            </header>
            {move || match schedule.get() {
                Some(s) => view! { <ScheduleBoard schedule=s size page/> }.into_any(),
                None => view! { <MarketBoard data arrived/> }.into_any(),
            }}
        </div>
    }
}

fn web_sys_window_size() -> Option<(u32, u32)> {
    #[cfg(feature = "hydrate")]
    {
        let w = web_sys::window()?;
        let width = w.inner_width().ok()?.as_f64()? as u32;
        let height = w.inner_height().ok()?.as_f64()? as u32;
        Some((width, height))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

#[component]
fn OfflineNotice(link: ReadSignal<Link>) -> impl IntoView {
    move || match link.get() {
        Link::Offline(since) => Some(view! {
            <p class="board-offline" role="status">{format!("Offline since {since} · showing the last known state")}</p>
        }),
        _ => None,
    }
}

#[component]
fn MarketBoard(data: RwSignal<BoardView>, arrived: RwSignal<Vec<i64>>) -> impl IntoView {
    let d = move || data.get();
    view! {
        <div class="board-market">
            <section class="board-join" aria-label="Join">
                <img class="board-qr" src=move || format!("/e/{}/qr.svg", d().slug) alt="QR code: scan to join"/>
                <p class="board-join-text">"Scan or go to"</p>
                // A line too narrow for the whole link breaks it after a
                // slash ("kring.example.org/" "e/" "ghent"), not mid-word: a
                // zero-width space there (plain text costs the bundle less
                // than a `<wbr>` element per part).
                <p class="board-link">{move || d().join_short.replace('/', "/\u{200B}")}</p>
                <p class="board-counts">
                    <span><strong>{move || d().topics}</strong>{move || if d().topics == 1 { " topic" } else { " topics" }}</span>
                    <span><strong>{move || d().attendees}</strong>{move || if d().attendees == 1 { " person" } else { " people" }}</span>
                </p>
            </section>
            <section class="board-topics" aria-labelledby="newest-h">
                <h2 id="newest-h">"Newest topics"</h2>
                {move || {
                    let list = d().newest;
                    if list.is_empty() {
                        view! { <p class="board-empty">"No topics yet: be the first to propose one!"</p> }.into_any()
                    } else {
                        view! {
                            <ul class="board-list">
                                {list.into_iter().map(|t| {
                                    let fresh = arrived.with(|a| a.contains(&t.id));
                                    view! {
                                        <li class:fresh=fresh>
                                            <span class="board-title">{t.title}</span>
                                            {(!t.tags.is_empty()).then(|| view! {
                                                <span class="board-tags">{t.tags.iter().map(|g| format!("#{g}")).collect::<Vec<_>>().join(" ")}</span>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                {move || {
                    let top = d().top;
                    (!top.is_empty()).then(|| view! {
                        <h2>"Most wanted"</h2>
                        <ol class="board-list board-top">
                            {top.into_iter().map(|t| view! {
                                <li><span class="board-title">{t.title}</span>
                                    <span class="board-votes">{t.votes.unwrap_or_default()}</span></li>
                            }).collect_view()}
                        </ol>
                    })
                }}
            </section>
        </div>
    }
}

fn slot_text(s: &Option<BoardSlotLabel>) -> String {
    s.as_ref()
        .map(|s| format!("{} {}–{}", s.day_label, s.local_start, s.local_end))
        .unwrap_or_default()
}

#[component]
fn SessionCell(session: Option<BoardSession>, #[prop(into)] empty: String) -> impl IntoView {
    match session {
        None => view! { <div class="board-cell empty">{empty}</div> }.into_any(),
        Some(s) => view! {
            <div class="board-cell" class:changed=s.changed class:cancelled=s.cancelled>
                <span class="board-title">{s.title}</span>
                // The badge shares the hosts' line: a row of the board has
                // room for two lines.
                <span class="board-hosts">
                    {s.changed.then(|| view! { <span class="board-badge">"Changed"</span> })}
                    {s.cancelled.then(|| view! { <span class="board-badge">"Cancelled"</span> })}
                    {s.hosts}
                </span>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn ScheduleBoard(
    schedule: BoardSchedule,
    size: RwSignal<(u32, u32)>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let rooms = StoredValue::new(schedule.rooms.clone());
    let n = schedule.rooms.len();
    let all_pages = move || {
        let (w, h) = size.get();
        pages(n, rooms_per_page(w, h))
    };
    let current = move || {
        let p = all_pages();
        if p.is_empty() {
            0..0
        } else {
            p[page.get() % p.len()].clone()
        }
    };
    let now_label = slot_text(&schedule.now);
    let next_label = slot_text(&schedule.next);
    let has_now = schedule.now.is_some();
    let has_next = schedule.next.is_some();
    if schedule.ended {
        return view! { <p class="board-empty">"That's all: the schedule has ended. Thank you for coming!"</p> }
            .into_any();
    }
    let cols = BoardColumns::for_slots(has_now, has_next);
    let now_head = if has_next {
        format!("Now · {now_label}")
    } else {
        format!("Now · {now_label} · last session today")
    };
    let next_head = if has_next {
        format!("Next · {next_label}")
    } else {
        "Next · nothing more today".to_string()
    };
    view! {
        <div class="board-schedule" class:single=!cols.both()>
            <div class="board-row board-colhead" aria-hidden="true">
                <span>"Room"</span>
                {cols.now.then(|| view! { <span>{now_head}</span> })}
                {cols.next.then(|| view! { <span>{next_head}</span> })}
            </div>
            <ul class="board-rooms" aria-label="Rooms, now and next">
                {move || {
                    let range = current();
                    rooms.with_value(|r| r[range].to_vec()).into_iter().map(|r| {
                        let now = r.now.clone();
                        let next = r.next.clone();
                        view! {
                            <li class="board-row">
                                <span class="board-room-cell">
                                    <span class="board-room">{r.name}</span>
                                    {r.theme.map(|t| view! { <span class="board-theme">{t}</span> })}
                                </span>
                                {cols.now.then(|| view! { <SessionCell session=now empty="Free"/> })}
                                {cols.next.then(|| view! {
                                    <SessionCell session=next empty=if has_next { "Free" } else { "—" }/>
                                })}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            {move || {
                let p = all_pages();
                (p.len() > 1).then(|| view! { <p class="board-pages">{page_label(&current(), n)}</p> })
            }}
        </div>
    }
    .into_any()
}

#[component]
pub fn DoorPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("room")
                .and_then(|r| r.parse::<i64>().ok())
                .unwrap_or(-1),
        )
    };
    let initial = Resource::new(key, |(s, r)| load_door(s, r));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match initial.await {
                    Ok(d) => view! { <Door initial=d/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Door(initial: DoorView) -> impl IntoView {
    let data = RwSignal::new(initial.clone());
    let params = use_params_map();
    let room_id = params
        .read_untracked()
        .get("room")
        .and_then(|r| r.parse::<i64>().ok())
        .unwrap_or(-1);
    let slug = initial.slug.clone();
    let tz = initial.timezone.clone();
    let refresh = refresher(data, {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            async move { load_door(slug, room_id).await.ok() }
        }
    });
    let link = use_live(slug, tz.clone(), {
        let refresh = refresh.clone();
        move |_| refresh()
    });
    let now = wall_clock(tz, refresh, |_| {});
    // "Now" is today; what comes next may be on another day, so it says which.
    let part =
        |label: &'static str, with_day: bool, v: Option<(BoardSlotLabel, BoardSession)>| match v {
            Some((slot, s)) => view! {
                <section class="door-part">
                    <h2>{label} " · " {if with_day {
                        slot_text(&Some(slot))
                    } else {
                        format!("{}–{}", slot.local_start, slot.local_end)
                    }}</h2>
                    <SessionCell session=Some(s) empty=""/>
                </section>
            }
            .into_any(),
            None => view! {
                <section class="door-part">
                    <h2>{label}</h2>
                    <p class="board-cell empty">"Nothing scheduled"</p>
                </section>
            }
            .into_any(),
        };
    let title = format!("{} · {}", initial.room, initial.event_name);
    view! {
        <Title text=title/>
        <div class="board door">
            <header class="board-head">
                <div class="board-room-cell">
                    <h1>{move || data.with(|d| d.room.clone())}</h1>
                    {move || data.with(|d| d.theme.clone()).map(|t| view! { <p class="board-theme">{t}</p> })}
                </div>
                <OfflineNotice link/>
                <p class="board-clock"><span class="sr-only">"Time at the venue: "</span>{move || now.get()}</p>
            </header>
            {move || {
                let d = data.get();
                if !d.published {
                    return view! { <p class="board-empty">"The schedule is not published yet."</p> }.into_any();
                }
                view! {
                    {part("Now", false, d.now)}
                    {part("Next", true, d.next)}
                    <p class="door-free">{match d.next_free {
                        Some(s) => format!("Next free: {} {}–{}", s.day_label, s.local_start, s.local_end),
                        None => "No free slot left in this room.".to_string(),
                    }}</p>
                }.into_any()
            }}
        </div>
    }
}
