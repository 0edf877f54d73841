//! Rooms and time slots: add, edit, reorder (rooms) and delete with a
//! confirmation. What the schedule uses cannot be deleted, and says so.

use super::answers::{Answers, Saved, Tracked};
use super::row_key;
use crate::api::{AddRoom, AddSlot, DeleteRoom, DeleteSlot, MoveRoom, UpdateRoom, UpdateSlot};
use crate::components::{field_error, form_error, FormError, TextField};
use crate::model::{RoomView, SlotView};
use leptos::prelude::*;

/// The rooms' forms, owned by the page (see [`super::answers`]); the rows
/// share one action per kind.
#[derive(Clone, Copy)]
pub struct RoomForms {
    add: Tracked<AddRoom>,
    update: Tracked<UpdateRoom>,
    shift: Tracked<MoveRoom>,
    delete: Tracked<DeleteRoom>,
}

impl RoomForms {
    pub fn new(answers: Answers, refresh: RwSignal<u64>) -> Self {
        Self {
            add: answers.track(refresh),
            update: answers.track_rows(refresh, |i: &UpdateRoom| i.room_id),
            shift: answers.track_rows(refresh, |i: &MoveRoom| i.room_id),
            delete: answers.track_rows(refresh, |i: &DeleteRoom| i.room_id),
        }
    }
}

/// The time slots' forms, owned by the page like [`RoomForms`].
#[derive(Clone, Copy)]
pub struct SlotForms {
    add: Tracked<AddSlot>,
    update: Tracked<UpdateSlot>,
    delete: Tracked<DeleteSlot>,
}

impl SlotForms {
    pub fn new(answers: Answers, refresh: RwSignal<u64>) -> Self {
        Self {
            add: answers.track(refresh),
            update: answers.track_rows(refresh, |i: &UpdateSlot| i.slot_id),
            delete: answers.track_rows(refresh, |i: &DeleteSlot| i.slot_id),
        }
    }
}

#[component]
pub fn RoomsSection(slug: String, rooms: Memo<Vec<RoomView>>, forms: RoomForms) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let av = forms.add.answer(None);
    let (add, form) = (forms.add.action, forms.add.form);
    let order = Memo::new(move |_| rooms.with(|r| r.iter().map(|r| r.id).collect::<Vec<_>>()));
    let counts = move || {
        rooms.with(|r| {
            let total: u32 = r.iter().map(|r| r.capacity).sum();
            format!("({} rooms, {total} seats)", r.len())
        })
    };
    view! {
        <section class="card wide" aria-labelledby="rooms-h">
            <h2 id="rooms-h">"Rooms " <span class="muted">{counts}</span></h2>
            {move || rooms.with(Vec::is_empty).then(|| view! { <p class="muted">"No rooms yet."</p> })}
            <Saved answer=forms.delete.latest() text="Room deleted." take_focus=true/>
            <ol class="rows">
                // A room that moves keeps its elements: its place is not
                // part of its key, and its arrows follow `order`.
                <For each=move || rooms.get() key=|r| row_key(&RoomView { position: 0, ..r.clone() })
                    children=move |r| view! { <li><RoomRow slug=slug.get_value() room=r order forms/></li> }/>
            </ol>
            <h3>"Add a room"</h3>
            <ActionForm action=add node_ref=form>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row3">
                    <TextField label="Room name" name="name" required=true id_suffix="-new-room" error=field_error(av, "name")/>
                    <TextField label="Seats" name="capacity" kind="number" required=true id_suffix="-new-room" error=field_error(av, "capacity")/>
                    <TextField label="Features" name="features" hint="e.g. projector, step-free" id_suffix="-new-room" error=field_error(av, "features")/>
                </div>
                <FormError message=form_error(av)/>
                <Saved answer=av text="Room added."/>
                <button type="submit" class="primary">"Add room"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoomRow(slug: String, room: RoomView, order: Memo<Vec<i64>>, forms: RoomForms) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let row = Some(room.id);
    let (uv, sv, dv) = (
        forms.update.answer(row),
        forms.shift.answer(row),
        forms.delete.answer(row),
    );
    let (update, shift, delete) = (forms.update.action, forms.shift.action, forms.delete.action);
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
                <Saved answer=uv/>
                <button type="submit" aria-label=format!("Save room {name}")>"Save"</button>
            </ActionForm>
            <div class="row-actions">
                <ActionForm action=shift>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <input type="hidden" name="direction" value="up"/>
                    <button type="submit" disabled=move || order.with(|o| o.first() == Some(&room_id)) aria-label=format!("Move {} up", room.with_value(|r| r.name.clone()))>"↑"</button>
                </ActionForm>
                <ActionForm action=shift>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <input type="hidden" name="direction" value="down"/>
                    <button type="submit" disabled=move || order.with(|o| o.last() == Some(&room_id)) aria-label=format!("Move {} down", room.with_value(|r| r.name.clone()))>"↓"</button>
                </ActionForm>
                <ActionForm action=delete>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                    <DeleteControls key=format!("room-{}", room_id) what=room.with_value(|r| r.name.clone()) in_use=in_use/>
                </ActionForm>
            </div>
            <FormError message=form_error(sv)/>
            <Saved answer=sv text="Moved." take_focus=true/>
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
    slots: Memo<Vec<SlotView>>,
    start_date: String,
    forms: SlotForms,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let av = forms.add.answer(None);
    let (add, form) = (forms.add.action, forms.add.form);
    let count =
        move || slots.with(|s| format!("({}, in the event's time zone, listed by time)", s.len()));
    view! {
        <section class="card wide" aria-labelledby="slots-h">
            <h2 id="slots-h">"Time slots " <span class="muted">{count}</span></h2>
            {move || slots.with(Vec::is_empty).then(|| view! { <p class="muted">"No time slots yet."</p> })}
            <Saved answer=forms.delete.latest() text="Slot deleted." take_focus=true/>
            <ol class="rows">
                <For each=move || slots.get() key=row_key
                    children=move |s| view! { <li><SlotRow slug=slug.get_value() entry=s forms/></li> }/>
            </ol>
            <h3>"Add a time slot"</h3>
            <ActionForm action=add node_ref=form>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row3">
                    <TextField label="Day" name="date" kind="date" value=start_date required=true id_suffix="-new-slot" error=field_error(av, "date")/>
                    <TextField label="Starts" name="start" kind="time" required=true id_suffix="-new-slot" error=field_error(av, "start")/>
                    <TextField label="Ends" name="end" kind="time" required=true id_suffix="-new-slot" error=field_error(av, "end")/>
                </div>
                <FormError message=form_error(av)/>
                <Saved answer=av text="Slot added."/>
                <button type="submit" class="primary">"Add slot"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SlotRow(slug: String, entry: SlotView, forms: SlotForms) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let row = Some(entry.id);
    let (uv, dv) = (forms.update.answer(row), forms.delete.answer(row));
    let (update, delete) = (forms.update.action, forms.delete.action);
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
                <Saved answer=uv/>
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
