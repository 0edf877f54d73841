//! `/admin/e/{slug}`: the event's settings, phases, join link and venue.

use super::team::TeamSection;
use super::venue::{RoomsSection, SlotsSection};
use super::{refresh_on_success, AdminNav};
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
    let page = Resource::new(move || (slug(), refresh.get()), |(s, _)| admin_event(s));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <EventAdmin page=p refresh/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventAdmin(page: AdminEventPage, refresh: RwSignal<u64>) -> impl IntoView {
    let ev = StoredValue::new(page.event.clone());
    let e = page.event.clone();
    let slug = StoredValue::new(e.slug.clone());
    let update = ServerAction::<UpdateEvent>::new();
    let phases = ServerAction::<SetPhases>::new();
    let board = ServerAction::<SetBoard>::new();
    refresh_on_success(phases.value(), refresh);
    refresh_on_success(board.value(), refresh);
    let bv = board.value();
    let mode = page.board_mode;
    refresh_on_success(update.value(), refresh);
    let uv = update.value();
    let pv = phases.value();
    view! {
        <PageHeader title=e.name.clone()>
            <AdminNav slug=slug.get_value() current="setup"/>
        </PageHeader>
        <p class="stats">
            <span><strong>{page.attendee_count}</strong> " attendees"</span>
            <span><strong>{page.topic_count}</strong> " topics"</span>
            <span><strong>{page.vote_count}</strong> " votes"</span>
        </p>
        <div class="admin-grid">
            <section class="card">
                <h2>"Join link"</h2>
                <p><a class="join-url" href=page.join_url.clone()>{page.join_url.clone()}</a></p>
                <img class="qr" src=format!("/e/{}/qr.svg", slug.get_value()) alt=format!("QR code for {}", page.join_url) width="200" height="200"/>
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
                    <button type="submit" class="primary">"Save event"</button>
                </ActionForm>
            </section>
        </div>
        <section class="card" aria-labelledby="board-h">
            <h2 id="board-h">"Venue board"</h2>
            <p>"Open on the big screen (full screen, F11): "
                <a href=format!("/e/{}/board", slug.get_value())>{format!("/e/{}/board", slug.get_value())}</a></p>
            {(!page.rooms.is_empty()).then(|| view! {
                <p>"Door displays, one per room:"</p>
                <ul class="inline-links">
                    {page.rooms.iter().map(|r| view! {
                        <li><a href=format!("/e/{}/board/room/{}", slug.get_value(), r.id)>{r.name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
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
                    value=page.board_page_seconds.to_string() required=true
                    hint="When the rooms do not fit one screen, the board pages through them." error=field_error(bv, "board_page_seconds")/>
                <FormError message=form_error(bv)/>
                <button type="submit" class="primary">"Save board settings"</button>
            </ActionForm>
        </section>
        <TeamSection slug=slug.get_value()/>
        <RoomsSection slug=slug.get_value() rooms=page.rooms.clone() refresh/>
        <SlotsSection slug=slug.get_value() slots=page.slots.clone() start_date=ev.with_value(|e| e.start_date.clone()) refresh/>
        {page.my_role.manages_team().then(|| view! { <DeleteSection slug=slug.get_value()/> })}
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
