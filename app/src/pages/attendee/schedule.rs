//! `/e/{slug}/schedule`: the published schedule by day and slot, "now" and
//! "next" first during the event; `?mine=1` is "My agenda": the sessions I
//! voted for or host, two of mine in one slot flagged with the alternatives,
//! and what changed since I last looked. `/e/{slug}/print` is the grid for
//! the wall (A4/A3 landscape).

use super::{fetch_news, ScheduleNews};
use crate::api::{load_agenda, AgendaSeen};
use crate::components::{ErrorView, Loading, PageHeader};
use crate::live::use_live;
use crate::model::LiveMessage;
use crate::model::{AgendaPage, PublicSchedule, PublicSlot};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SchedulePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let mine = move || query.read().get("mine").is_some_and(|v| v == "1");
    // Bumped when a new version is published: the page loads it by itself.
    let version = RwSignal::new(0u64);
    let page = Resource::new(move || (slug(), version.get()), |(s, _)| load_agenda(s));
    let news = RwSignal::new(Vec::<String>::new());
    let shown = StoredValue::new(Vec::<i64>::new());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ScheduleBody page=p mine=mine() version news shown/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Slots in the order an attendee wants them: what is on now and next first
/// (during the event), then the rest in time order.
fn ordered(slots: &[PublicSlot]) -> Vec<PublicSlot> {
    let mut first: Vec<PublicSlot> = slots
        .iter()
        .filter(|s| !s.when.is_empty())
        .cloned()
        .collect();
    first.sort_by_key(|s| if s.when == "now" { 0 } else { 1 });
    let rest = slots.iter().filter(|s| s.when.is_empty()).cloned();
    first.extend(rest);
    first
}

#[component]
fn ScheduleBody(
    page: AgendaPage,
    mine: bool,
    version: RwSignal<u64>,
    news: RwSignal<Vec<String>>,
    shown: StoredValue<Vec<i64>>,
) -> impl IntoView {
    let slug = page.event.slug.clone();
    let _link = use_live(slug.clone(), page.event.timezone.clone(), {
        let slug = slug.clone();
        let joined = page.me.is_some();
        move |m| match m {
            LiveMessage::SchedulePublished { number } => {
                if joined {
                    fetch_news(slug.clone(), number, news, shown);
                }
                version.update(|v| *v += 1);
            }
            LiveMessage::Hello | LiveMessage::Resync | LiveMessage::VenueChanged => {
                version.update(|v| *v += 1)
            }
            _ => {}
        }
    });
    let title = if mine {
        format!("My agenda · {}", page.event.name)
    } else {
        format!("Schedule · {}", page.event.name)
    };
    let seen = ServerAction::<AgendaSeen>::new();
    let tabs = view! {
        <nav class="tabs" aria-label="Schedule views">
            <a href=format!("/e/{slug}/schedule") aria-current=(!mine).then_some("page")>"Everything"</a>
            {page.me.is_some().then(|| view! {
                <a href=format!("/e/{slug}/schedule?mine=1") aria-current=mine.then_some("page")>"My agenda"</a>
            })}
            <a href=format!("/e/{slug}")>"Topics"</a>
        </nav>
    };
    let body = match page.schedule.clone() {
        None => view! {
            <p class="card">"The schedule is not published yet. Keep voting: the organizers turn the votes into a schedule, and it appears here."</p>
        }
        .into_any(),
        Some(s) => {
            let number = s.number;
            let changed = s.slots.iter().any(|sl| sl.sessions.iter().any(|x| x.changed && x.mine));
            let can_mark = page.me.is_some() && mine;
            let slug2 = slug.clone();
            view! {
                <p class="muted">{format!("Version {} · published {}", s.number, s.published_at)}
                    " · " <a href=format!("/e/{slug}/schedule.ics")>"Add to calendar (.ics)"</a>
                    " · " <a href=format!("/e/{slug}/print")>"Print"</a></p>
                {page.calendar_url.clone().filter(|_| mine).map(|u| view! {
                    <p class="muted">"Your personal calendar feed (subscribe in your calendar app; keep the link to yourself): "
                        <a href=u.clone() class="calendar-link">{u.clone()}</a></p>
                })}
                {(changed && can_mark).then(|| view! {
                    <div class="notice" role="status">
                        <p>"Sessions marked “changed” moved since you last looked."</p>
                        <ActionForm action=seen>
                            <input type="hidden" name="slug" value=slug2.clone()/>
                            <input type="hidden" name="number" value=number.to_string()/>
                            <button type="submit">"Got it"</button>
                        </ActionForm>
                    </div>
                })}
                <Slots schedule=s mine/>
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title=title back=(format!("/e/{}", page.event.slug), page.event.name.clone())/>
        <ScheduleNews slug=slug.clone() news/>
        {tabs}
        {body}
    }
}

#[component]
fn Slots(schedule: PublicSchedule, mine: bool) -> impl IntoView {
    let slots = ordered(&schedule.slots);
    let any_mine = schedule
        .slots
        .iter()
        .any(|s| s.sessions.iter().any(|x| x.mine));
    if mine && !any_mine {
        return view! { <p class="card">"None of the sessions you voted for or host is scheduled. Mark your interest on the topic list, and they show up here."</p> }.into_any();
    }
    view! {
        <ol class="slots">
            {slots.into_iter().filter(|s| !mine || s.sessions.iter().any(|x| x.mine)).map(|s| {
                let heading = format!("{} {}–{}", s.slot.day_label, s.slot.local_start, s.slot.local_end);
                let when = s.when.clone();
                let clash = s.my_clash;
                view! {
                    <li class="slot-block" class:now=when == "now">
                        <h2 class="small">
                            {(!when.is_empty()).then(|| view! { <span class="badge when">{if when == "now" { "Now" } else { "Next" }}</span> })}
                            {heading}
                        </h2>
                        {(clash).then(|| view! {
                            <p class="notice">"Two of your sessions are in this slot: choose one."</p>
                        })}
                        <ul class="sessions">
                            {s.sessions.into_iter().filter(|x| !mine || x.mine || clash).map(|x| {
                                let cancelled = x.topics.iter().all(|t| t.cancelled);
                                view! {
                                    <li class="session-card" class:mine=x.mine class:cancelled=cancelled>
                                        <p class="room">{x.room.clone()}
                                            {x.mine.then(|| view! { <span class="badge">"yours"</span> })}
                                            {x.changed.then(|| view! { <span class="badge changed">"changed"</span> })}
                                        </p>
                                        {x.topics.into_iter().map(|t| view! {
                                            <p class="title">
                                                <a href=format!("t/{}", t.id)>{t.title.clone()}</a>
                                                {t.cancelled.then(|| view! { " " <span class="badge">"cancelled"</span> })}
                                            </p>
                                            <p class="muted">{if t.hosts.is_empty() { String::new() } else { format!("Hosted by {}", t.hosts.join(", ")) }}</p>
                                        }).collect_view()}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// `/e/{slug}/print`: the whole grid on one landscape page.
#[component]
pub fn PrintPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, load_agenda);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <PrintBody page=p/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PrintBody(page: AgendaPage) -> impl IntoView {
    let Some(s) = page.schedule.clone() else {
        return view! {
            <PageHeader title=format!("Schedule · {}", page.event.name)/>
            <p class="card">"The schedule is not published yet."</p>
        }
        .into_any();
    };
    // Rooms in the order they appear, then one table per day.
    let mut rooms: Vec<(i64, String)> = Vec::new();
    for sl in &s.slots {
        for x in &sl.sessions {
            if !rooms.iter().any(|r| r.0 == x.room_id) {
                rooms.push((x.room_id, x.room.clone()));
            }
        }
    }
    let mut days: Vec<(String, Vec<PublicSlot>)> = Vec::new();
    for sl in s.slots.iter() {
        match days.last_mut() {
            Some((d, list)) if *d == sl.slot.day_label => list.push(sl.clone()),
            _ => days.push((sl.slot.day_label.clone(), vec![sl.clone()])),
        }
    }
    view! {
        <div class="print-sheet">
            <PageHeader title=format!("{} · schedule", page.event.name)/>
            <p class="muted">{format!("Version {} · published {}", s.number, s.published_at)}</p>
            {days.into_iter().map(|(day, slots)| view! {
                <table class="grid print">
                    <caption>{day}</caption>
                    <thead><tr><th scope="col">"Time"</th>{rooms.iter().map(|r| view! { <th scope="col">{r.1.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {slots.into_iter().map(|sl| view! {
                            <tr>
                                <th scope="row">{format!("{}–{}", sl.slot.local_start, sl.slot.local_end)}</th>
                                {rooms.iter().map(|r| {
                                    let x = sl.sessions.iter().find(|x| x.room_id == r.0).cloned();
                                    view! { <td>{x.map(|x| view! {
                                        <strong>{x.topics.iter().map(|t| if t.cancelled { format!("{} (cancelled)", t.title) } else { t.title.clone() }).collect::<Vec<_>>().join(" + ")}</strong>
                                        <br/>
                                        <span class="muted">{x.topics.iter().flat_map(|t| t.hosts.clone()).collect::<Vec<_>>().join(", ")}</span>
                                    })}</td> }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }).collect_view()}
        </div>
    }
    .into_any()
}
