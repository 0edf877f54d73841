//! `/admin/e/{slug}`: the event's settings, phases, join link and venue.

use super::answers::{Answers, Saved, Tracked};
use super::team::{TeamForms, TeamSection};
use super::venue::{RoomForms, RoomsSection, SlotForms, SlotsSection};
use super::{reload_into, AdminNav};
use crate::api::{admin_event, DeleteEvent, SetBoard, SetPhases, UpdateEvent};
use crate::components::{
    field_error, form_error, CheckField, ErrorView, FormError, Loading, PageHeader, TextField,
};
use crate::model::{AdminEventPage, BoardMode};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventAdminPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refresh = RwSignal::new(0u64);
    // Loaded once per event; a save reloads the data in place (see
    // `reload_into`).
    let page = Resource::new(slug, admin_event);
    let forms = Forms::new(refresh);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <EventAdmin page=p forms refresh/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Every form of the page, created once per visit of the page (see
/// [`super::answers`]), outside the content that a new event's data draws.
#[derive(Clone, Copy)]
struct Forms {
    update: Tracked<UpdateEvent>,
    phases: Tracked<SetPhases>,
    board: Tracked<SetBoard>,
    rooms: RoomForms,
    slots: SlotForms,
    team: TeamForms,
}

impl Forms {
    fn new(refresh: RwSignal<u64>) -> Self {
        let answers = Answers::new();
        Self {
            update: answers.track(refresh),
            phases: answers.track(refresh),
            board: answers.track(refresh),
            rooms: RoomForms::new(answers, refresh),
            slots: SlotForms::new(answers, refresh),
            team: TeamForms::new(answers),
        }
    }
}

#[component]
fn EventAdmin(page: AdminEventPage, forms: Forms, refresh: RwSignal<u64>) -> impl IntoView {
    let ev = StoredValue::new(page.event.clone());
    let e = page.event.clone();
    let slug = StoredValue::new(e.slug.clone());
    let my_role = page.my_role;
    let (join_url, board_page_seconds) = (page.join_url.clone(), page.board_page_seconds);
    let data = RwSignal::new(page);
    // After a new link name the old one is gone: the reload asks by the name
    // the latest save returned (the redirect to the new address follows).
    let update_value = forms.update.action.value();
    let failed = reload_into(data, refresh, move || {
        let current = update_value
            .with_untracked(|v| match v {
                Some(Ok(saved)) => Some(saved.clone()),
                _ => None,
            })
            .unwrap_or_else(|| slug.get_value());
        admin_event(current)
    });
    let rooms = Memo::new(move |_| data.with(|d| d.rooms.clone()));
    let slots = Memo::new(move |_| data.with(|d| d.slots.clone()));
    let Forms {
        update,
        phases,
        board,
        ..
    } = forms;
    let bv = board.answer(None);
    let mode = data.with_untracked(|d| d.board_mode);
    let uv = update.answer(None);
    let pv = phases.answer(None);
    let (update, phases, board) = (update.action, phases.action, board.action);
    view! {
        {move || {
            let name = data.with(|d| d.event.name.clone());
            view! {
                <PageHeader title=name>
                    <AdminNav slug=slug.get_value() current="setup"/>
                </PageHeader>
            }
        }}
        <FormError message=failed/>
        <p class="stats">
            <span><strong>{move || data.with(|d| d.attendee_count)}</strong> " attendees"</span>
            <span><strong>{move || data.with(|d| d.topic_count)}</strong> " topics"</span>
            <span><strong>{move || data.with(|d| d.vote_count)}</strong> " votes"</span>
        </p>
        <div class="admin-grid">
            <section class="card">
                <h2>"Join link"</h2>
                <p><a class="join-url" href=join_url.clone()>{join_url.clone()}</a></p>
                <img class="qr" src=format!("/e/{}/qr.svg", slug.get_value()) alt=format!("QR code for {}", join_url) width="200" height="200"/>
                <p><a href=format!("/e/{}/qr.svg", slug.get_value()) download=format!("kring-{}-qr.svg", slug.get_value())>"Download the QR code (SVG, printable)"</a></p>
            </section>
            <section class="card">
                <h2>"Phases"</h2>
                <ActionForm action=phases>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <CheckField label="Proposing open" name="proposing_open" checked=ev.with_value(|e| e.proposing_open)/>
                    <CheckField label="Voting open" name="voting_open" checked=ev.with_value(|e| e.voting_open)/>
                    <CheckField label="Hide vote counts from attendees until voting closes" name="hide_counts" checked=ev.with_value(|e| e.hide_counts)/>
                    <TextField label="Votes per attendee" name="vote_budget" kind="number"
                        value=ev.with_value(|e| e.vote_budget.map(|b| b.to_string()).unwrap_or_default())
                        hint="Dot voting: leave empty for unlimited." error=field_error(pv, "vote_budget")/>
                    <FormError message=form_error(pv)/>
                    <Saved answer=pv text="Phases saved."/>
                    <button type="submit" class="primary">"Save phases"</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>"Event"</h2>
                <ActionForm action=update>
                    <input type="hidden" name="current" value=slug.get_value()/>
                    <TextField label="Name" name="name" value=ev.with_value(|e| e.name.clone()) required=true error=field_error(uv, "name")/>
                    <TextField label="Link name" name="slug" value=ev.with_value(|e| e.slug.clone()) required=true
                        hint="Changing it breaks links and QR codes already shared." error=field_error(uv, "slug")/>
                    <TextField label="Time zone" name="timezone" value=ev.with_value(|e| e.timezone.clone()) required=true error=field_error(uv, "timezone")/>
                    <div class="row2">
                        <TextField label="First day" name="start_date" kind="date" value=ev.with_value(|e| e.start_date.clone()) required=true error=field_error(uv, "start_date")/>
                        <TextField label="Last day" name="end_date" kind="date" value=ev.with_value(|e| e.end_date.clone()) required=true error=field_error(uv, "end_date")/>
                    </div>
                    <FormError message=form_error(uv)/>
                    <Saved answer=uv text="Event saved."/>
                    <button type="submit" class="primary">"Save event"</button>
                </ActionForm>
            </section>
        </div>
        <section class="card" aria-labelledby="board-h">
            <h2 id="board-h">"Venue board"</h2>
            <p>"Open on the big screen (full screen, F11): "
                <a href=format!("/e/{}/board", slug.get_value())>{format!("/e/{}/board", slug.get_value())}</a></p>
            {move || rooms.with(|rooms| (!rooms.is_empty()).then(|| view! {
                <p>"Door displays, one per room:"</p>
                <ul class="inline-links">
                    {rooms.iter().map(|r| view! {
                        <li><a href=format!("/e/{}/board/room/{}", slug.get_value(), r.id)>{r.name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            }))}
            <ActionForm action=board>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="field">
                    <label for="f-board_mode">"The board shows"</label>
                    <select id="f-board_mode" name="board_mode">
                        <option value="auto" selected=mode == BoardMode::Auto>"The marketplace, then the schedule once published"</option>
                        <option value="market" selected=mode == BoardMode::Market>"The marketplace (join code, newest topics)"</option>
                        <option value="schedule" selected=mode == BoardMode::Schedule>"The schedule (now and next per room)"</option>
                    </select>
                    {move || field_error(bv, "board_mode").get().map(|m| view! { <p class="field-error" id="f-board_mode-err" role="alert">{m}</p> })}
                </div>
                <TextField label="Seconds per page of rooms" name="board_page_seconds" kind="number"
                    value=board_page_seconds.to_string() required=true
                    hint="When the rooms do not fit one screen, the board pages through them." error=field_error(bv, "board_page_seconds")/>
                <FormError message=form_error(bv)/>
                <Saved answer=bv text="Board settings saved."/>
                <button type="submit" class="primary">"Save board settings"</button>
            </ActionForm>
        </section>
        <TeamSection slug=slug.get_value() forms=forms.team/>
        <RoomsSection slug=slug.get_value() rooms forms=forms.rooms/>
        <SlotsSection slug=slug.get_value() slots start_date=ev.with_value(|e| e.start_date.clone()) forms=forms.slots/>
        {my_role.manages_team().then(|| view! { <DeleteSection slug=slug.get_value()/> })}
    }
}

/// Deleting the event: its owner (or the administrator) types its link name.
#[component]
fn DeleteSection(slug: String) -> impl IntoView {
    let delete = ServerAction::<DeleteEvent>::new();
    let dv = delete.value();
    view! {
        <section class="card danger-zone" aria-labelledby="delete-h">
            <h2 id="delete-h">"Delete this event"</h2>
            <p>"Everything in it goes: topics, votes, attendees' names, rooms, slots and every schedule version. This cannot be undone; take a backup first (" <code>"kring admin backup"</code> ")."</p>
            <ActionForm action=delete>
                <input type="hidden" name="slug" value=slug.clone()/>
                <TextField label="Type the event's link name to confirm" name="confirm" required=true autocomplete="off"
                    error=field_error(dv, "confirm")/>
                <FormError message=form_error(dv)/>
                <button type="submit" class="danger">"Delete the event"</button>
            </ActionForm>
        </section>
    }
}
