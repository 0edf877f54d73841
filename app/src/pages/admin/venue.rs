//! Rooms and time slots: add, edit, reorder (rooms) and delete with a
//! confirmation. What the schedule uses cannot be deleted, and says so.

use super::refresh_on_success;
use crate::api::{AddRoom, AddSlot, DeleteRoom, DeleteSlot, MoveRoom, UpdateRoom, UpdateSlot};
use crate::components::{field_error, form_error, reset_on_success, FormError, TextField};
use crate::model::{RoomView, SlotView};
use leptos::prelude::*;

#[component]
pub fn RoomsSection(slug: String, rooms: Vec<RoomView>, refresh: RwSignal<u64>) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let add = ServerAction::<AddRoom>::new();
    let add_form = NodeRef::<leptos::html::Form>::new();
    refresh_on_success(add.value(), refresh);
    reset_on_success(add.value(), add_form);
    let av = add.value();
    let total: u32 = rooms.iter().map(|r| r.capacity).sum();
    let n = rooms.len();
    view! {
        <section class="card wide" aria-labelledby="rooms-h">
            <h2 id="rooms-h">"Rooms " <span class="muted">{format!("({n} rooms, {total} seats)")}</span></h2>
            {(n == 0).then(|| view! { <p class="muted">"No rooms yet."</p> })}
            <ol class="rows">
                {rooms.into_iter().enumerate().map(|(i, r)| view! {
                    <li><RoomRow slug=slug.get_value() room=r first=i == 0 last=i + 1 == n refresh/></li>
                }).collect_view()}
            </ol>
            <h3>"Add a room"</h3>
            <ActionForm action=add node_ref=add_form>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row3">
                    <TextField label="Room name" name="name" required=true id_suffix="-new-room" error=field_error(av, "name")/>
                    <TextField label="Seats" name="capacity" kind="number" required=true id_suffix="-new-room" error=field_error(av, "capacity")/>
                    <TextField label="Features" name="features" hint="e.g. projector, step-free" id_suffix="-new-room" error=field_error(av, "features")/>
                </div>
                <FormError message=form_error(av)/>
                <button type="submit" class="primary">"Add room"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoomRow(
    slug: String,
    room: RoomView,
    first: bool,
    last: bool,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let update = ServerAction::<UpdateRoom>::new();
    let shift = ServerAction::<MoveRoom>::new();
    let delete = ServerAction::<DeleteRoom>::new();
    refresh_on_success(update.value(), refresh);
    refresh_on_success(shift.value(), refresh);
    refresh_on_success(delete.value(), refresh);
    let uv = update.value();
    let dv = delete.value();
    let sfx = format!("-room-{}", room.id);
    let name = room.name.clone();
    let (room_id, capacity, in_use) = (room.id, room.capacity, room.in_use);
    let room = StoredValue::new(room);
    view! {
        <div class="row-item">
            <ActionForm action=update>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="room_id" value=room_id.to_string()/>
                <div class="row3">
                    <TextField label="Room name" name="name" value=room.with_value(|r| r.name.clone()) required=true id_suffix=sfx.clone() error=field_error(uv, "name")/>
                    <TextField label="Seats" name="capacity" kind="number" value=capacity.to_string() required=true id_suffix=sfx.clone() error=field_error(uv, "capacity")/>
                    <TextField label="Features" name="features" value=room.with_value(|r| r.features.clone()).join(", ") id_suffix=sfx.clone() error=field_error(uv, "features")/>
                </div>
                <FormError message=form_error(uv)/>
                <button type="submit" aria-label=format!("Save room {name}")>"Save"</button>
            </ActionForm>
            <div class="row-actions">
                <ActionForm action=shift>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <input type="hidden" name="direction" value="up"/>
                    <button type="submit" disabled=first aria-label=format!("Move {} up", room.with_value(|r| r.name.clone()))>"↑"</button>
                </ActionForm>
                <ActionForm action=shift>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <input type="hidden" name="direction" value="down"/>
                    <button type="submit" disabled=last aria-label=format!("Move {} down", room.with_value(|r| r.name.clone()))>"↓"</button>
                </ActionForm>
                <ActionForm action=delete>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <DeleteControls key=format!("room-{}", room_id) what=room.with_value(|r| r.name.clone()) in_use=in_use/>
                </ActionForm>
            </div>
            <FormError message=form_error(dv)/>
        </div>
    }
}

/// The inside of a delete form: the button and a checkbox to confirm it. The
/// server refuses a delete that is not confirmed and says so next to the row.
#[component]
fn DeleteControls(key: String, what: String, in_use: bool) -> impl IntoView {
    let cid = format!("confirm-{key}");
    view! {
        <span class="confirm">
            <input type="checkbox" id=cid.clone() name="confirm" value="on"/>
            <label for=cid>"Yes, delete"</label>
        </span>
        {in_use.then(|| view! { <span class="badge">"in schedule"</span> })}
        <button type="submit" class="danger" aria-label=format!("Delete {what}")>"Delete"</button>
    }
}

#[component]
pub fn SlotsSection(
    slug: String,
    slots: Vec<SlotView>,
    start_date: String,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let add = ServerAction::<AddSlot>::new();
    let add_form = NodeRef::<leptos::html::Form>::new();
    refresh_on_success(add.value(), refresh);
    reset_on_success(add.value(), add_form);
    let av = add.value();
    let n = slots.len();
    view! {
        <section class="card wide" aria-labelledby="slots-h">
            <h2 id="slots-h">"Time slots " <span class="muted">{format!("({n}, in the event's time zone, listed by time)")}</span></h2>
            {(n == 0).then(|| view! { <p class="muted">"No time slots yet."</p> })}
            <ol class="rows">
                {slots.into_iter().map(|s| view! { <li><SlotRow slug=slug.get_value() entry=s refresh/></li> }).collect_view()}
            </ol>
            <h3>"Add a time slot"</h3>
            <ActionForm action=add node_ref=add_form>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row3">
                    <TextField label="Day" name="date" kind="date" value=start_date required=true id_suffix="-new-slot" error=field_error(av, "date")/>
                    <TextField label="Starts" name="start" kind="time" required=true id_suffix="-new-slot" error=field_error(av, "start")/>
                    <TextField label="Ends" name="end" kind="time" required=true id_suffix="-new-slot" error=field_error(av, "end")/>
                </div>
                <FormError message=form_error(av)/>
                <button type="submit" class="primary">"Add slot"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SlotRow(slug: String, entry: SlotView, refresh: RwSignal<u64>) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let update = ServerAction::<UpdateSlot>::new();
    let delete = ServerAction::<DeleteSlot>::new();
    refresh_on_success(update.value(), refresh);
    refresh_on_success(delete.value(), refresh);
    let uv = update.value();
    let dv = delete.value();
    let slot = entry;
    let sfx = format!("-slot-{}", slot.id);
    let (slot_id, in_use) = (slot.id, slot.in_use);
    let slot = StoredValue::new(slot);
    let what = StoredValue::new(slot.with_value(|slot| {
        format!(
            "the slot {} {}–{}",
            slot.day_label, slot.local_start, slot.local_end
        )
    }));
    view! {
        <div class="row-item">
            <ActionForm action=update>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                <div class="row3">
                    <TextField label="Day" name="date" kind="date" value=slot.with_value(|s| s.local_date.clone()).clone() required=true id_suffix=sfx.clone() error=field_error(uv, "date")/>
                    <TextField label="Starts" name="start" kind="time" value=slot.with_value(|s| s.local_start.clone()).clone() required=true id_suffix=sfx.clone() error=field_error(uv, "start")/>
                    <TextField label="Ends" name="end" kind="time" value=slot.with_value(|s| s.local_end.clone()).clone() required=true id_suffix=sfx.clone() error=field_error(uv, "end")/>
                </div>
                <FormError message=form_error(uv)/>
                <button type="submit" aria-label=format!("Save {}", what.get_value())>"Save"</button>
            </ActionForm>
            <div class="row-actions">
                <ActionForm action=delete>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                    <DeleteControls key=format!("slot-{}", slot_id) what=what.get_value() in_use=in_use/>
                </ActionForm>
            </div>
            <FormError message=form_error(dv)/>
        </div>
    }
}
