//! `/admin/e/{slug}/schedule`: run the engine, review and adjust its draft,
//! publish, re-plan and roll back.
//!
//! Moving a session works the same everywhere: select it (tap, click, or
//! Enter on the keyboard), then select the cell it should go to; a session
//! there changes places with it. With a mouse it can also be dragged. On a
//! phone the grid shows one slot at a time, with a slot picker.

use super::answers::{Answers, Saved, Tracked};
use super::AdminNav;
use crate::api::{
    schedule_admin, why_here, CancelScheduler, MoveSession, PinSession, PlaceTopic,
    PublishSchedule, RollbackSchedule, RunScheduler, SetHostUnavailable, SetRoomClosed,
    SetStability, SetThemedRooms, UndoMerge, UnscheduleTopic,
};
use crate::components::{
    field_error, form_error, ErrorView, FormError, Loading, PageHeader, TextField,
};
use crate::error::AppError;
use crate::model::{
    room_title, EditResult, GridRoom, GridVersion, JobView, ScheduleAdminPage, SessionView,
    SlotView,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ScheduleAdminPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refresh = RwSignal::new(0u64);
    // The last edit's result outlives the reload that the edit triggers.
    let last: RwSignal<Option<Result<EditResult, AppError>>> = RwSignal::new(None);
    let page = Resource::new(move || (slug(), refresh.get()), |(s, _)| schedule_admin(s));
    provide_context(Actions::new(refresh, last));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ScheduleAdmin page=p refresh last/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Every action of the page, created once per visit of the page.
///
/// The page's content is rebuilt whenever its data reloads: after every
/// change, and every 0.8 s while the engine runs. An action created inside
/// that content would be disposed with it, so a click that landed just
/// before a reload (on "Stop", say, while the progress refreshes) was sent
/// but its answer went nowhere: the page never showed the result. Owned by
/// the page itself, an action outlives the content its form belonged to.
///
/// Two kinds of answer. The forms with typed or chosen input (the time
/// limit, stability, themed rooms, a host's slot) follow the other organizer
/// pages ([`super::answers`]): a refusal stays next to its form until that
/// form answers again, since the rejected input stays on screen too (cleared
/// by another form's success, it left "99999" in the stability field looking
/// saved), and a save says "Saved.". The buttons (publish, roll back, pin,
/// close, stop, and the grid's edits) carry no input of their own: their
/// refusals describe the page as it was, so any later success clears them.
#[derive(Clone, Copy)]
struct Actions {
    run: Tracked<RunScheduler>,
    cancel: ServerAction<CancelScheduler>,
    stability: Tracked<SetStability>,
    themes: Tracked<SetThemedRooms>,
    publish: ServerAction<PublishSchedule>,
    rollback: ServerAction<RollbackSchedule>,
    host: Tracked<SetHostUnavailable>,
    pin: ServerAction<PinSession>,
    close: ServerAction<SetRoomClosed>,
    mover: ServerAction<MoveSession>,
    unschedule: ServerAction<UnscheduleTopic>,
    place: ServerAction<PlaceTopic>,
    undo: ServerAction<UndoMerge>,
    /// The grid cell last chosen (selected, or a move's target), so that
    /// keyboard focus comes back to it when the rebuilt grid replaces the
    /// one that had it, instead of falling to the top of the page.
    focus: StoredValue<Option<(i64, i64)>>,
}

impl Actions {
    fn new(refresh: RwSignal<u64>, last: RwSignal<Option<Result<EditResult, AppError>>>) -> Self {
        let answers = Answers::new();
        let a = Self {
            run: answers.track(refresh),
            cancel: ServerAction::new(),
            stability: answers.track(refresh),
            themes: answers.track(refresh),
            publish: ServerAction::new(),
            rollback: ServerAction::new(),
            host: answers.track(refresh),
            pin: ServerAction::new(),
            close: ServerAction::new(),
            mover: ServerAction::new(),
            unschedule: ServerAction::new(),
            place: ServerAction::new(),
            undo: ServerAction::new(),
            focus: StoredValue::new(None),
        };
        // A tracked form reloads the page itself after a success.
        a.on_success(None, a.run.action.value(), None);
        a.on_success(None, a.stability.action.value(), None);
        a.on_success(None, a.themes.action.value(), None);
        a.on_success(None, a.host.action.value(), None);
        a.on_success(Some(Act::Cancel), a.cancel.value(), Some(refresh));
        a.on_success(Some(Act::Publish), a.publish.value(), Some(refresh));
        a.on_success(Some(Act::Rollback), a.rollback.value(), Some(refresh));
        a.on_success(Some(Act::Pin), a.pin.value(), Some(refresh));
        a.on_success(Some(Act::Close), a.close.value(), Some(refresh));
        a.report_edit(Act::Move, a.mover.value(), last, refresh);
        a.report_edit(Act::Unschedule, a.unschedule.value(), last, refresh);
        a.report_edit(Act::Place, a.place.value(), last, refresh);
        a.report_edit(Act::Undo, a.undo.value(), last, refresh);
        a
    }

    /// When `value` turns into a success, clears the other buttons' answers
    /// (a refusal about the page as it was) and, with `reload`, reloads the
    /// page (a tracked form reloads it itself).
    fn on_success<T: Send + Sync + 'static>(
        self,
        key: Option<Act>,
        value: MappedSignal<Option<Result<T, AppError>>>,
        reload: Option<RwSignal<u64>>,
    ) {
        Effect::new(move |_| {
            if value.with(|v| matches!(v, Some(Ok(_)))) {
                self.clear_all_but(key);
                if let Some(r) = reload {
                    r.update(|n| *n += 1);
                }
            }
        });
    }

    /// Shows an edit's result (the change in votes, or why it was refused)
    /// above the grid, and reloads the page after an edit that was made.
    fn report_edit(
        self,
        key: Act,
        value: MappedSignal<Option<Result<EditResult, AppError>>>,
        last: RwSignal<Option<Result<EditResult, AppError>>>,
        refresh: RwSignal<u64>,
    ) {
        Effect::new(move |_| {
            if let Some(r) = value.get() {
                let ok = r.is_ok();
                last.set(Some(r));
                if ok {
                    self.clear_all_but(Some(key));
                    refresh.update(|n| *n += 1);
                }
            }
        });
    }

    /// Clears every button's answer but `keep`'s (the tracked forms keep
    /// theirs, see [`Actions`]).
    fn clear_all_but(self, keep: Option<Act>) {
        fn clear<T: Send + Sync + 'static>(v: MappedSignal<Option<T>>, yes: bool) {
            if yes && v.with_untracked(Option::is_some) {
                v.set(None);
            }
        }
        clear(self.cancel.value(), keep != Some(Act::Cancel));
        clear(self.publish.value(), keep != Some(Act::Publish));
        clear(self.rollback.value(), keep != Some(Act::Rollback));
        clear(self.pin.value(), keep != Some(Act::Pin));
        clear(self.close.value(), keep != Some(Act::Close));
        clear(self.mover.value(), keep != Some(Act::Move));
        clear(self.unschedule.value(), keep != Some(Act::Unschedule));
        clear(self.place.value(), keep != Some(Act::Place));
        clear(self.undo.value(), keep != Some(Act::Undo));
    }
}

/// Which of [`Actions`]' buttons answered (so that the others' answers are
/// cleared).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Cancel,
    Publish,
    Rollback,
    Pin,
    Close,
    Move,
    Unschedule,
    Place,
    Undo,
}

/// "−12 votes" / "+3 votes" / "no change in votes".
pub fn delta_text(delta: i64) -> String {
    match delta {
        0 => "No change in unserved votes.".into(),
        d if d < 0 => format!("−{} unserved votes (better).", -d),
        d => format!("+{d} unserved votes (worse)."),
    }
}

#[component]
fn ScheduleAdmin(
    page: ScheduleAdminPage,
    refresh: RwSignal<u64>,
    last: RwSignal<Option<Result<EditResult, AppError>>>,
) -> impl IntoView {
    let slug = StoredValue::new(page.event.slug.clone());
    let running = page.job.as_ref().is_some_and(|j| j.running);
    // While the engine runs, the page follows its progress. The timer goes
    // with this content: when something else reloads the page first (a stop,
    // a save), the new content starts its own timer, and this one must not
    // fire one more reload later (after the run ended, that reload rebuilt
    // the grid under the organizer's finger and dropped their selection).
    let poll = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    Effect::new(move |_| {
        if running {
            let h = set_timeout_with_handle(
                move || refresh.update(|n| *n += 1),
                std::time::Duration::from_millis(800),
            );
            poll.set_value(h.ok());
        }
    });
    on_cleanup(move || {
        if let Some(Some(h)) = poll.try_get_value() {
            h.clear();
        }
    });
    let page = StoredValue::new(page);
    let p = page.get_value();
    view! {
        <PageHeader title=format!("{} · schedule", p.event.name)>
            <AdminNav slug=slug.get_value() current="schedule"/>
        </PageHeader>
        // Which reload of the page's data this content shows: a browser test
        // waits for it to change after an edit instead of guessing a delay.
        <div class="admin-grid" data-generation=refresh.get_untracked().to_string()>
            <RunCard slug=slug.get_value() job=p.job.clone() draft=p.draft.as_ref().map(|d| d.id)/>
            <SettingsCard slug=slug.get_value() stability=p.stability/>
            <ThemesCard slug=slug.get_value() themed_rooms=p.themed_rooms/>
        </div>
        {match p.draft.clone() {
            Some(d) => view! {
                <DraftSection page=p.clone() draft=d last/>
            }.into_any(),
            None => view! {
                <section class="card wide">
                    <h2>"Draft"</h2>
                    <p class="muted">{if p.published.is_some() {
                        "No draft: the published schedule is below. Run the scheduler to re-plan."
                    } else {
                        "No draft yet. Run the scheduler to turn the votes into a schedule."
                    }}</p>
                </section>
            }.into_any(),
        }}
        {p.published.clone().map(|v| view! {
            <section class="card wide" aria-labelledby="published-h">
                <h2 id="published-h">{format!("Published: version {}", v.number.unwrap_or_default())}</h2>
                <p class="muted">{format!("Published {} · {}", v.created_at, v.origin)}</p>
                <Summary v=v.clone() rooms=p.rooms.len()/>
                <ReadOnlyGrid rooms=p.rooms.clone() slots=p.slots.clone() v/>
            </section>
        })}
        <HistoryCard slug=slug.get_value() history=p.history.clone() current=p.published.as_ref().and_then(|v| v.number)/>
        <HostsCard page=p.clone()/>
    }
}

#[component]
fn RunCard(slug: String, job: Option<JobView>, draft: Option<i64>) -> impl IntoView {
    let has_draft = draft.is_some();
    let Actions { run, cancel, .. } = expect_context();
    let rv = run.answer(None);
    let run = run.action;
    let running = job.as_ref().is_some_and(|j| j.running);
    view! {
        <section class="card" aria-labelledby="run-h">
            <h2 id="run-h">"Run the scheduler"</h2>
            <p class="muted">"Uses every open topic, vote, room, slot, pin, closure and host availability as they are now. "
                {if has_draft { "The result replaces the current draft; attendees see nothing until you publish." } else { "The result is a draft; attendees see nothing until you publish." }}</p>
            {match job.clone() {
                Some(j) if j.running => view! { <Progress job=j/> }.into_any(),
                Some(j) => view! {
                    <div>
                        // Once its draft is published or replaced, the
                        // run's "new draft" message would mislead.
                        {j.message.clone().filter(|_| j.version_id.is_some() && j.version_id == draft)
                            .map(|m| view! { <p class="ok" role="status">{m}</p> })}
                        {j.error.clone().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
            {if running {
                view! {
                    <ActionForm action=cancel>
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <button type="submit" class="danger" disabled=job.as_ref().is_some_and(|j| j.cancelling)>"Stop and keep the best so far"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=run>
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <TextField label="Time limit (seconds)" name="time_limit" kind="number" value="10"
                            hint="1 to 120 seconds; longer can find a better schedule." error=field_error(rv, "time_limit")/>
                        <FormError message=form_error(rv)/>
                        <button type="submit" class="primary">"Run the scheduler"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Progress(job: JobView) -> impl IntoView {
    let share = if job.time_limit > 0.0 {
        (job.elapsed_seconds / (job.time_limit + 2.0) * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    view! {
        <div class="progress-box" role="status" aria-live="polite">
            <p><strong>{if job.cancelling { "Stopping…".to_string() } else { format!("Running: {}", job.step) }}</strong></p>
            <progress max="100" value=format!("{share:.0}") aria-label="Scheduler progress"></progress>
            <p class="muted">
                {format!("{:.0} s elapsed, about {:.0} s left", job.elapsed_seconds, job.remaining_seconds)}
                {job.best_unserved.map(|u| format!(" · best so far: {u} unserved votes"))}
            </p>
        </div>
    }
}

#[component]
fn SettingsCard(slug: String, stability: u32) -> impl IntoView {
    let set = expect_context::<Actions>().stability;
    let sv = set.answer(None);
    let set = set.action;
    view! {
        <section class="card" aria-labelledby="stab-h">
            <h2 id="stab-h">"Re-planning"</h2>
            <ActionForm action=set>
                <input type="hidden" name="slug" value=slug/>
                <TextField label="Stability (votes)" name="stability" kind="number" value=stability.to_string()
                    hint="Once a schedule is published, a session is only moved if that serves at least this many more votes. Slots that have started are never changed."
                    error=field_error(sv, "stability")/>
                <FormError message=form_error(sv)/>
                <Saved answer=sv/>
                <button type="submit">"Save"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ThemesCard(slug: String, themed_rooms: u32) -> impl IntoView {
    let set = expect_context::<Actions>().themes;
    let sv = set.answer(None);
    let set = set.action;
    view! {
        <section class="card" aria-labelledby="themes-h">
            <h2 id="themes-h">"Themed rooms"</h2>
            <ActionForm action=set>
                <input type="hidden" name="slug" value=slug/>
                <TextField label="Attendance to trade for themed rooms (%)" name="themed_rooms" kind="number"
                    value=themed_rooms.to_string()
                    hint="The scheduler keeps each theme (a topic's first tag) in a room of its own, giving up at most this share of the votes it would otherwise serve. 0 turns it off; 2 is the default."
                    error=field_error(sv, "themed_rooms")/>
                <FormError message=form_error(sv)/>
                <Saved answer=sv/>
                <button type="submit">"Save"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Summary(v: GridVersion, rooms: usize) -> impl IntoView {
    let s = v.stats.clone();
    let themes = s.themes_in_words(v.room_themes.len(), rooms);
    view! {
        <dl class="summary">
            <div><dt>"Unserved votes"</dt><dd><strong>{s.unserved}</strong>{format!(" of {}", s.total_votes)}</dd></div>
            <div><dt>"Lost to clashes"</dt><dd>{s.lost_votes}</dd></div>
            <div><dt>"Over capacity"</dt><dd>{s.overflow}</dd></div>
            <div><dt>"Merged sessions"</dt><dd>{s.merged_sessions}</dd></div>
            <div><dt>"Host clashes"</dt><dd>{if v.host_clashes.is_empty() { "none".to_string() } else { v.host_clashes.len().to_string() }}</dd></div>
            <div class="wide"><dt>"How good"</dt><dd>{s.guarantee()}
                {s.bound.map(|b| format!(" Any schedule leaves at least {b:.0} votes unserved."))}</dd></div>
            {themes.map(|t| view! { <div class="wide"><dt>"Themed rooms"</dt><dd>{t}</dd></div> })}
        </dl>
    }
}

#[component]
fn DraftSection(
    page: ScheduleAdminPage,
    draft: GridVersion,
    last: RwSignal<Option<Result<EditResult, AppError>>>,
) -> impl IntoView {
    let slug = StoredValue::new(page.event.slug.clone());
    let publish = expect_context::<Actions>().publish;
    let pv = publish.value();
    let seen = page
        .published
        .as_ref()
        .and_then(|v| v.number)
        .map(|n| n.to_string())
        .unwrap_or_default();
    let selected: RwSignal<Option<(i64, i64)>> = RwSignal::new(None);
    let draft_s = StoredValue::new(draft.clone());
    let stale = page.draft_out_of_date;
    // A draft equal to the published version has nothing to publish: a new
    // version number would only tell attendees' phones of a change there is
    // not.
    let same = page.diff.as_ref().is_some_and(|d| d.is_empty());
    view! {
        <section class="card wide" aria-labelledby="draft-h">
            <h2 id="draft-h">"Draft"</h2>
            <p class="muted">{format!("Made {} · {}", draft.created_at, draft.origin)}</p>
            {stale.then(|| view! {
                <p class="notice" role="status">"Topics, votes, rooms or slots changed since this draft was made. Run the scheduler again to include the changes, or publish it as it is."</p>
            })}
            <Summary v=draft.clone() rooms=page.rooms.len()/>
            {match page.diff.clone() {
                Some(d) if d.is_empty() => view! { <p class="muted">"Same as the published version: there is nothing new to publish."</p> }.into_any(),
                Some(d) => {
                    let small = d.moved.len() + d.added.len() + d.removed.len() <= 8;
                    view! {
                    <details class="diff" open=small>
                        <summary>{format!("Changes against the published version: {} moved, {} added, {} removed; {} attendees affected",
                            d.moved.len(), d.added.len(), d.removed.len(), d.affected_attendees)}</summary>
                        <ul>
                            {d.moved.iter().map(|m| view! { <li>{format!("“{}”: {} → {}", m.title, m.from, m.to)}</li> }).collect_view()}
                            {d.added.iter().map(|t| view! { <li>{format!("added: “{t}”")}</li> }).collect_view()}
                            {d.removed.iter().map(|t| view! { <li>{format!("removed: “{t}”")}</li> }).collect_view()}
                        </ul>
                    </details>
                }.into_any()
                }
                None => view! { <p class="muted">"Nothing is published yet: publishing shows this schedule to attendees."</p> }.into_any(),
            }}
            {(!draft.violations.is_empty()).then(|| view! {
                <div class="notice" role="status">
                    <p><strong>"The engine's checker notes:"</strong></p>
                    <ul>{draft.violations.iter().map(|v| view! { <li>{v.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!draft.left_out.is_empty()).then(|| view! {
                <details>
                    <summary>{match draft.left_out.len() {
                        1 => "1 topic left out".to_string(),
                        n => format!("{n} topics left out"),
                    }}</summary>
                    <ul>{draft.left_out.iter().map(|l| view! { <li>{format!("“{}” ({} votes): {}", l.title, l.votes, l.reason)}</li> }).collect_view()}</ul>
                </details>
            })}
            {(!same).then(|| view! {
            <ActionForm action=publish attr:class="publish">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="draft_id" value=draft.id.to_string()/>
                <input type="hidden" name="seen" value=seen/>
                {stale.then(|| view! {
                    <div class="check">
                        <input type="checkbox" id="f-anyway" name="anyway" value="on"/>
                        <label for="f-anyway">"Publish although the data changed since the draft was made"</label>
                    </div>
                })}
                <FormError message=form_error(pv)/>
                <button type="submit" class="primary">"Publish this schedule"</button>
            </ActionForm>
            })}
            <Show when=move || pv.with(|v| matches!(v, Some(Ok(_))))>
                <p class="ok" role="status">{move || pv.with(|v| match v { Some(Ok(n)) => format!("Published as version {n}."), _ => String::new() })}</p>
            </Show>
        </section>
        <section class="card wide" aria-labelledby="grid-h">
            <h2 id="grid-h">"Adjust the draft"</h2>
            <p class="muted">"Select a session, then the cell it should go to (a session there changes places with it). Drag with a mouse, or use Tab and Enter; Escape cancels."</p>
            <EditFeedback last/>
            <Grid slug=slug.get_value() draft=draft_s rooms=page.rooms.clone() slots=page.slots.clone()
                closures=page.closures.clone() selected/>
            <SelectedPanel slug=slug.get_value() draft=draft_s rooms=page.rooms.clone() slots=page.slots.clone()
                closures=page.closures.clone() selected/>
        </section>
    }
}

#[component]
fn EditFeedback(last: RwSignal<Option<Result<EditResult, AppError>>>) -> impl IntoView {
    view! {
        <div class="edit-feedback" aria-live="polite">
            {move || last.get().map(|r| match r {
                Ok(e) => view! {
                    <div class={if e.delta > 0 { "worse" } else { "ok" }}>
                        <p><strong>{delta_text(e.delta)}</strong></p>
                        {(!e.violations.is_empty()).then(|| view! { <ul>{e.violations.iter().map(|v| view! { <li>{v.clone()}</li> }).collect_view()}</ul> })}
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.general().unwrap_or_else(|| e.to_string())}</p> }.into_any(),
            })}
        </div>
    }
}

/// Slots grouped by day: (day label, slots).
fn by_day(slots: &[SlotView]) -> Vec<(String, Vec<SlotView>)> {
    let mut out: Vec<(String, Vec<SlotView>)> = Vec::new();
    for s in slots {
        match out.last_mut() {
            Some((d, list)) if list.first().is_some_and(|f| f.local_date == s.local_date) => {
                let _ = d;
                list.push(s.clone());
            }
            _ => out.push((s.day_label.clone(), vec![s.clone()])),
        }
    }
    out
}

#[component]
fn Grid(
    slug: String,
    draft: StoredValue<GridVersion>,
    rooms: Vec<GridRoom>,
    slots: Vec<SlotView>,
    closures: Vec<(i64, i64)>,
    selected: RwSignal<Option<(i64, i64)>>,
) -> impl IntoView {
    let Actions { mover, focus, .. } = expect_context();
    // A rebuilt grid after an edit: the element that had focus may be gone
    // (the selected session's panel closes), so focus goes back to the cell
    // that was being worked on. The effect runs before the old content is
    // taken out of the page, so the check waits for the next frame.
    Effect::new(move |_| {
        let at = focus.get_value();
        request_animation_frame(move || restore_focus(at));
    });
    let slug = StoredValue::new(slug);
    let rooms = StoredValue::new(rooms);
    let closures = StoredValue::new(closures);
    // Selecting a cell: the first selects a session, the second moves it.
    let choose = move |at: (i64, i64)| {
        focus.set_value(Some(at));
        let has_session = |c: (i64, i64)| {
            draft.with_value(|d| d.sessions.iter().any(|s| (s.room_id, s.slot_id) == c))
        };
        match selected.get_untracked() {
            Some(from) if from == at => selected.set(None),
            Some(from) if has_session(from) => {
                mover.dispatch(MoveSession {
                    slug: slug.get_value(),
                    draft_id: draft.with_value(|d| d.id),
                    from_room: from.0,
                    from_slot: from.1,
                    to_room: at.0,
                    to_slot: at.1,
                });
                selected.set(None);
            }
            _ => selected.set(Some(at)),
        }
    };
    let theme_of = move |room: i64| draft.with_value(|d| d.room_theme(room).map(String::from));
    let days = by_day(&slots);
    let phone_slot = RwSignal::new(slots.first().map(|s| s.id).unwrap_or_default());
    let slots_s = StoredValue::new(slots.clone());
    let cell = move |room: GridRoom, slot: SlotView| {
        let at = (room.id, slot.id);
        let session = draft.with_value(|d| {
            d.sessions
                .iter()
                .find(|s| (s.room_id, s.slot_id) == at)
                .cloned()
        });
        let closed = closures.with_value(|c| c.contains(&at));
        view! { <Cell room at_slot=slot session closed selected choose/> }
    };
    view! {
        <div class="grid-desk" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" { selected.set(None); }
        }>
            {days.into_iter().map(|(day, day_slots)| view! {
                <div class="grid-scroll">
                    <table class="grid">
                        <caption>{day}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                {rooms.get_value().into_iter().map(|r| {
                                    let title = room_title(&r.name, theme_of(r.id).as_deref());
                                    view! {
                                        <th scope="col">{title}<span class="muted">{format!(" · {}", r.capacity)}</span></th>
                                    }
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {day_slots.into_iter().map(|s| view! {
                                <tr>
                                    <th scope="row">{format!("{}–{}", s.local_start, s.local_end)}</th>
                                    {rooms.get_value().into_iter().map(|r| {
                                        let s = s.clone();
                                        let at = (r.id, s.id);
                                        view! {
                                            <td on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                                                on:drop=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); choose(at); }>
                                                {cell(r, s)}
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }).collect_view()}
        </div>
        <div class="grid-phone">
            <label for="f-phone-slot">"Slot"</label>
            <select id="f-phone-slot" on:change=move |ev| {
                if let Ok(id) = event_target_value(&ev).parse::<i64>() { phone_slot.set(id); }
            }>
                {slots_s.get_value().into_iter().map(|s| view! {
                    <option value=s.id.to_string()>{format!("{} {}–{}", s.day_label, s.local_start, s.local_end)}</option>
                }).collect_view()}
            </select>
            <ul class="phone-cells">
                {move || {
                    let id = phone_slot.get();
                    let slot = slots_s.with_value(|ss| ss.iter().find(|s| s.id == id).cloned());
                    slot.map(|s| rooms.get_value().into_iter().map(|r| {
                        let label = format!("{} · {} seats", room_title(&r.name, theme_of(r.id).as_deref()), r.capacity);
                        view! { <li><span class="phone-room">{label}</span>{cell(r, s.clone())}</li> }
                    }).collect_view())
                }}
            </ul>
        </div>
    }
}

/// A cell's key in the page (`data-cell`): room and slot ids.
fn cell_key(at: (i64, i64)) -> String {
    format!("{}-{}", at.0, at.1)
}

/// Focuses the visible button of cell `at` (the desk grid or the phone's
/// one-slot list, whichever is shown), but only when focus was lost: a user
/// who has moved on elsewhere keeps their place.
fn restore_focus(at: Option<(i64, i64)>) {
    use wasm_bindgen::JsCast;
    let Some(at) = at else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if !super::answers::focus_lost(&doc) {
        return;
    }
    for scope in [".grid-desk", ".grid-phone"] {
        let found = doc
            .query_selector(&format!("{scope} [data-cell=\"{}\"]", cell_key(at)))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = found.filter(|el| el.offset_parent().is_some()) {
            let _ = el.focus();
            return;
        }
    }
}

#[component]
fn Cell<F>(
    room: GridRoom,
    at_slot: SlotView,
    session: Option<SessionView>,
    closed: bool,
    selected: RwSignal<Option<(i64, i64)>>,
    choose: F,
) -> impl IntoView
where
    F: Fn((i64, i64)) + Copy + Send + Sync + 'static,
{
    let slot = at_slot;
    let at = (room.id, slot.id);
    let is_selected = move || selected.get() == Some(at);
    let moving = move || selected.get().is_some_and(|s| s != at);
    let place = format!("{}, {} {}", room.name, slot.day_label, slot.local_start);
    match session {
        Some(s) => {
            let label = format!(
                "{}: {}. {} expected, {} seats{}{}.",
                s.title(),
                place,
                s.expected,
                s.capacity,
                if s.overflow() > 0 { format!(", {} over capacity", s.overflow()) } else { String::new() },
                if s.pinned { ", pinned" } else { "" }
            );
            let over = s.overflow() > 0;
            view! {
                <button type="button" class=format!("session c{}", s.colour) class:over=over class:selected=is_selected
                    class:target=moving draggable="true" aria-pressed=move || if is_selected() { "true" } else { "false" }
                    aria-label=label data-cell=cell_key(at)
                    on:dragstart=move |_| selected.set(Some(at))
                    on:click=move |_| choose(at)>
                    <span class="s-title">{s.title()}</span>
                    <span class="s-hosts">{s.topics.iter().flat_map(|t| t.hosts.clone()).collect::<Vec<_>>().join(", ")}</span>
                    <span class="s-meta">
                        {s.theme.clone().map(|t| view! { <span class="s-theme">{t}</span> })}
                        <span class="s-count">{format!("{}/{}", s.expected, s.capacity)}</span>
                        {s.pinned.then_some(view! { <span class="s-pin">"pinned"</span> })}
                        {s.merged.then_some(view! { <span class="s-merged">"merged"</span> })}
                    </span>
                </button>
            }
            .into_any()
        }
        None => view! {
            <button type="button" class="empty" class:closed=closed class:selected=is_selected class:target=moving
                aria-pressed=move || if is_selected() { "true" } else { "false" }
                aria-label=format!("{}: {}", if closed { "Closed" } else { "Empty" }, place)
                data-cell=cell_key(at)
                on:click=move |_| choose(at)>
                {if closed { "closed" } else { "·" }}
            </button>
        }
        .into_any(),
    }
}

/// Actions on the selected cell: why here, pin, unschedule; or, on an empty
/// cell, close or reopen the room and place a left-out topic.
#[component]
fn SelectedPanel(
    slug: String,
    draft: StoredValue<GridVersion>,
    rooms: Vec<GridRoom>,
    slots: Vec<SlotView>,
    closures: Vec<(i64, i64)>,
    selected: RwSignal<Option<(i64, i64)>>,
) -> impl IntoView {
    let Actions {
        pin,
        unschedule,
        place,
        undo,
        close,
        ..
    } = expect_context();
    let pin_v = pin.value();
    let close_v = close.value();
    let slug = StoredValue::new(slug);
    let why = Resource::new(
        move || selected.get(),
        move |at| {
            let slug = slug.get_value();
            let id = draft.with_value(|d| d.id);
            let has = at.is_some_and(|at| {
                draft.with_value(|d| d.sessions.iter().any(|s| (s.room_id, s.slot_id) == at))
            });
            async move {
                match at {
                    Some((r, s)) if has => Some(why_here(slug, id, r, s).await),
                    _ => None,
                }
            }
        },
    );
    let rooms = StoredValue::new(rooms);
    let slots = StoredValue::new(slots);
    let closures = StoredValue::new(closures);
    view! {
        {move || selected.get().map(|at| {
            let session = draft.with_value(|d| d.sessions.iter().find(|s| (s.room_id, s.slot_id) == at).cloned());
            let room = rooms.with_value(|r| r.iter().find(|r| r.id == at.0).cloned());
            let slot = slots.with_value(|s| s.iter().find(|s| s.id == at.1).cloned());
            let place_name = match (&room, &slot) {
                (Some(r), Some(s)) => format!("{}, {} {}–{}", r.name, s.day_label, s.local_start, s.local_end),
                _ => String::new(),
            };
            let draft_id = draft.with_value(|d| d.id);
            match session {
                Some(s) => view! {
                    <div class="selected-panel" role="region" aria-label="Selected session">
                        <h3>{s.title()}</h3>
                        <p class="muted">{format!("{place_name} · {} expected, {} seats", s.expected, s.capacity)}</p>
                        <p>"Now select the cell to move it to, or:"</p>
                        <div class="row-actions">
                            <ActionForm action=pin>
                                <input type="hidden" name="slug" value=slug.get_value()/>
                                <input type="hidden" name="draft_id" value=draft_id.to_string()/>
                                <input type="hidden" name="room_id" value=at.0.to_string()/>
                                <input type="hidden" name="slot_id" value=at.1.to_string()/>
                                <input type="hidden" name="pinned" value=if s.pinned { "false" } else { "true" }/>
                                <button type="submit">{if s.pinned { "Unpin" } else { "Pin here for the next run" }}</button>
                            </ActionForm>
                            {s.topics.clone().into_iter().map(|t| {
                                let label = format!("Unschedule “{}”", t.title);
                                view! {
                                    <ActionForm action=unschedule>
                                        <input type="hidden" name="slug" value=slug.get_value()/>
                                        <input type="hidden" name="draft_id" value=draft_id.to_string()/>
                                        <input type="hidden" name="topic_id" value=t.id.to_string()/>
                                        <button type="submit" class="danger">{label}</button>
                                    </ActionForm>
                                }
                            }).collect_view()}
                            {s.merged.then(|| view! {
                                <ActionForm action=undo>
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="draft_id" value=draft_id.to_string()/>
                                    <input type="hidden" name="room_id" value=at.0.to_string()/>
                                    <input type="hidden" name="slot_id" value=at.1.to_string()/>
                                    <button type="submit">"Undo this merge"</button>
                                </ActionForm>
                            })}
                            <button type="button" on:click=move |_| selected.set(None)>"Cancel"</button>
                        </div>
                        {s.merged.then(|| view! {
                            <p class="muted">"The engine merged these topics because there are more topics than room-slots. Undoing keeps the most voted one here and the others out of this draft; the next run keeps them apart (it merges others or leaves the least wanted topic out)."</p>
                        })}
                        <FormError message=form_error(pin_v)/>
                        <Transition fallback=|| view! { <p class="muted">"Working out why…"</p> }>
                            {move || Suspend::new(async move {
                                match why.await {
                                    Some(Ok(w)) => view! {
                                        <div class="why">
                                            <h4>"Why here?"</h4>
                                            <p>{format!("{} of its {} voters have no other voted session in this slot.", w.served, w.voters)}</p>
                                            {(!w.clashes.is_empty()).then(|| view! {
                                                <p>"Shares voters with, in this slot: "
                                                    {w.clashes.iter().map(|(t, n)| format!("“{t}” ({n})")).collect::<Vec<_>>().join(", ")}</p>
                                            })}
                                            <p>{match &w.best_alternative {
                                                Some((cell, d)) => format!("Best other cell: {cell}, {}", delta_text(*d).to_lowercase()),
                                                None => "No other cell is allowed.".to_string(),
                                            }}</p>
                                            <ul>{w.rules.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                        </div>
                                    }.into_any(),
                                    Some(Err(e)) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                                    None => ().into_any(),
                                }
                            })}
                        </Transition>
                    </div>
                }.into_any(),
                None => {
                    let closed = closures.with_value(|c| c.contains(&at));
                    let left_out = draft.with_value(|d| d.left_out.clone());
                    view! {
                        <div class="selected-panel" role="region" aria-label="Selected cell">
                            <h3>{format!("{} {}", if closed { "Closed:" } else { "Empty:" }, place_name)}</h3>
                            <div class="row-actions">
                                <ActionForm action=close>
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="room_id" value=at.0.to_string()/>
                                    <input type="hidden" name="slot_id" value=at.1.to_string()/>
                                    <input type="hidden" name="closed" value=if closed { "false" } else { "true" }/>
                                    <button type="submit">{if closed { "Reopen the room for this slot" } else { "Close the room for this slot" }}</button>
                                </ActionForm>
                                {(!closed && !left_out.is_empty()).then(|| view! {
                                    <ActionForm action=place>
                                        <input type="hidden" name="slug" value=slug.get_value()/>
                                        <input type="hidden" name="draft_id" value=draft_id.to_string()/>
                                        <input type="hidden" name="room_id" value=at.0.to_string()/>
                                        <input type="hidden" name="slot_id" value=at.1.to_string()/>
                                        <label for="f-place-topic">"Left-out topic"</label>
                                        <select id="f-place-topic" name="topic_id">
                                            {left_out.iter().map(|l| view! { <option value=l.id.to_string()>{format!("{} ({} votes)", l.title, l.votes)}</option> }).collect_view()}
                                        </select>
                                        <button type="submit">"Place it here"</button>
                                    </ActionForm>
                                })}
                                <button type="button" on:click=move |_| selected.set(None)>"Cancel"</button>
                            </div>
                            <FormError message=form_error(close_v)/>
                        </div>
                    }.into_any()
                }
            }
        })}
    }
}

#[component]
fn ReadOnlyGrid(rooms: Vec<GridRoom>, slots: Vec<SlotView>, v: GridVersion) -> impl IntoView {
    let v = StoredValue::new(v);
    view! {
        <details>
            <summary>"Show the published grid"</summary>
            {by_day(&slots).into_iter().map(|(day, day_slots)| view! {
                <div class="grid-scroll">
                    <table class="grid readonly">
                        <caption>{day}</caption>
                        <thead><tr><th scope="col">"Time"</th>{rooms.iter().map(|r| {
                            let theme = v.with_value(|v| v.room_theme(r.id).map(String::from));
                            view! { <th scope="col">{room_title(&r.name, theme.as_deref())}</th> }
                        }).collect_view()}</tr></thead>
                        <tbody>
                            {day_slots.into_iter().map(|s| view! {
                                <tr>
                                    <th scope="row">{format!("{}–{}", s.local_start, s.local_end)}</th>
                                    {rooms.iter().map(|r| {
                                        let sess = v.with_value(|v| v.sessions.iter().find(|x| x.room_id == r.id && x.slot_id == s.id).cloned());
                                        view! { <td>{sess.map(|x| view! { <span class=format!("session c{}", x.colour)>{x.title()}</span> })}</td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }).collect_view()}
        </details>
    }
}

#[component]
fn HistoryCard(
    slug: String,
    history: Vec<crate::model::VersionSummary>,
    current: Option<i64>,
) -> impl IntoView {
    let rollback = expect_context::<Actions>().rollback;
    let rv = rollback.value();
    let seen = StoredValue::new(current.map(|n| n.to_string()).unwrap_or_default());
    let slug = StoredValue::new(slug);
    (!history.is_empty()).then(|| view! {
        <section class="card wide" aria-labelledby="hist-h">
            <h2 id="hist-h">"Published versions"</h2>
            <ol class="rows" reversed>
                {history.into_iter().map(|h| {
                    let is_current = Some(h.number) == current;
                    view! {
                        <li>
                            <span>{format!("Version {} · {} · {} · {} unserved votes", h.number, h.published_at, h.origin, h.unserved)}</span>
                            {if is_current {
                                view! { <span class="badge">"current"</span> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=rollback>
                                        <input type="hidden" name="slug" value=slug.get_value()/>
                                        <input type="hidden" name="number" value=h.number.to_string()/>
                                        <input type="hidden" name="seen" value=seen.get_value()/>
                                        <button type="submit">{format!("Roll back to version {}", h.number)}</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <FormError message=form_error(rv)/>
        </section>
    })
}

#[component]
fn HostsCard(page: ScheduleAdminPage) -> impl IntoView {
    let set = expect_context::<Actions>().host;
    let sv = set.answer(None);
    let set = set.action;
    let slug = StoredValue::new(page.event.slug.clone());
    let name_of = |id: i64| {
        page.hosts
            .iter()
            .find(|h| h.attendee_id == id)
            .map(|h| h.name.clone())
            .unwrap_or_default()
    };
    let slot_of = |id: i64| {
        page.slots
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} {}", s.day_label, s.local_start))
            .unwrap_or_default()
    };
    let current: Vec<(i64, i64, String)> = page
        .unavailable
        .iter()
        .map(|(a, s)| (*a, *s, format!("{} in {}", name_of(*a), slot_of(*s))))
        .collect();
    view! {
        <section class="card wide" aria-labelledby="hosts-h">
            <h2 id="hosts-h">"Host availability"</h2>
            <p class="muted">"The engine never schedules a host's topic in a slot they cannot make."</p>
            <ul class="rows">
                {current.into_iter().map(|(a, s, label)| view! {
                    <li>
                        <span>{label.clone()}</span>
                        <ActionForm action=set>
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <input type="hidden" name="attendee_id" value=a.to_string()/>
                            <input type="hidden" name="slot_id" value=s.to_string()/>
                            <input type="hidden" name="unavailable" value="false"/>
                            <button type="submit" aria-label=format!("Available again: {label}")>"Available again"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=set attr:class="host-form">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="unavailable" value="true"/>
                <div class="field">
                    <label for="f-attendee_id">"Host"</label>
                    <select id="f-attendee_id" name="attendee_id">
                        <option value="">"choose a host…"</option>
                        {page.hosts.iter().map(|h| view! { <option value=h.attendee_id.to_string()>{h.name.clone()}</option> }).collect_view()}
                    </select>
                    {move || field_error(sv, "attendee_id").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <div class="field">
                    <label for="f-slot_id">"Slot"</label>
                    <select id="f-slot_id" name="slot_id">
                        <option value="">"choose a slot…"</option>
                        {page.slots.iter().map(|s| view! { <option value=s.id.to_string()>{format!("{} {}–{}", s.day_label, s.local_start, s.local_end)}</option> }).collect_view()}
                    </select>
                    {move || field_error(sv, "slot_id").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <button type="submit">"Mark unavailable"</button>
            </ActionForm>
            <FormError message=form_error(sv)/>
            <Saved answer=sv/>
        </section>
    }
}
