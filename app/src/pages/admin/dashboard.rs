//! `/admin`: the organizer's events, a new event, and more organizers.

use crate::api::{
    my_events, organizer_accounts, whoami, AddOrganizer, CreateEvent, Logout,
    ResetOrganizerPassword, SetOrganizerActive,
};
use crate::components::{
    field_error, form_error, reset_on_success, FormError, Loading, PageHeader, TextField,
};
use crate::error::AppError;
use crate::model::OrganizerView;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(o)) => view! { <Dashboard me=o/> }.into_any(),
                    Ok(None) | Err(AppError::Unauthorized) => view! { <crate::components::ErrorView error=AppError::Unauthorized/> }.into_any(),
                    Err(e) => view! { <crate::components::ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(me: OrganizerView) -> impl IntoView {
    let email = me.email.clone();
    let events = Resource::new(|| (), |_| my_events());
    let create = ServerAction::<CreateEvent>::new();
    let logout = ServerAction::<Logout>::new();
    let cv = create.value();
    view! {
        <PageHeader title="Organizer">
            <div class="header-actions">
                <span class="muted">{email}</span>
                <ActionForm action=logout><button type="submit" class="link">"Log out"</button></ActionForm>
            </div>
        </PageHeader>
        <div class="admin-grid">
            <section class="card">
                <h2>"Events"</h2>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match events.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No events yet: create one."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="plain">
                                    {list.into_iter().map(|e| view! {
                                        <li><a href=format!("/admin/e/{}", e.slug)>{e.name}</a>
                                            <span class="muted">{format!(" · {} – {}", e.start_date, e.end_date)}</span></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="card">
                <h2>"New event"</h2>
                <ActionForm action=create>
                    <TextField label="Name" name="name" required=true error=field_error(cv, "name")/>
                    <TextField label="Link name" name="slug" required=true hint="Attendees open /e/<link name>. Lowercase letters, digits, dashes."
                        error=field_error(cv, "slug")/>
                    <TextField label="Time zone" name="timezone" value="Europe/Brussels" required=true hint="An IANA name, e.g. Europe/Brussels"
                        error=field_error(cv, "timezone")/>
                    <div class="row2">
                        <TextField label="First day" name="start_date" kind="date" required=true error=field_error(cv, "start_date")/>
                        <TextField label="Last day" name="end_date" kind="date" required=true error=field_error(cv, "end_date")/>
                    </div>
                    <FormError message=form_error(cv)/>
                    <button type="submit" class="primary">"Create event"</button>
                </ActionForm>
            </section>
            {me.is_admin.then(|| view! { <Accounts me=me.id/> })}
        </div>
    }
}

/// The administrator's card: every organizer account, adding one,
/// deactivating and reactivating, and setting a new password.
#[component]
fn Accounts(me: i64) -> impl IntoView {
    let add = ServerAction::<AddOrganizer>::new();
    let toggle = ServerAction::<SetOrganizerActive>::new();
    let reset = ServerAction::<ResetOrganizerPassword>::new();
    let refresh = RwSignal::new(0u64);
    for done in [add.version(), toggle.version()] {
        Effect::new(move |_| {
            if done.get() > 0 {
                refresh.update(|n| *n += 1);
            }
        });
    }
    let accounts = Resource::new(move || refresh.get(), |_| organizer_accounts());
    let ov = add.value();
    let tv = toggle.value();
    let rv = reset.value();
    let add_form = NodeRef::<leptos::html::Form>::new();
    let reset_form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(add.value(), add_form);
    reset_on_success(reset.value(), reset_form);
    view! {
        <section class="card" aria-labelledby="accounts-h">
            <h2 id="accounts-h">"Organizer accounts"</h2>
            <p class="muted">"You are this Kring's administrator: you see every event and manage the accounts. Event owners add their co-organizers on the event's page."</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) => {
                            let options = list.clone();
                            view! {
                                <ul class="people">
                                    {list.into_iter().map(|o| {
                                        let label = if o.active { "Deactivate" } else { "Reactivate" };
                                        let aria = format!("{label} {}", o.email);
                                        view! {
                                            <li>
                                                <span>{o.email.clone()}</span>
                                                <span class="muted">{format!("{}{}",
                                                    if o.is_admin { " · administrator" } else { "" },
                                                    if o.active { "" } else { " · deactivated" })}</span>
                                                {(o.id != me).then(|| view! {
                                                    <ActionForm action=toggle attr:class="inline">
                                                        <input type="hidden" name="organizer_id" value=o.id.to_string()/>
                                                        {(!o.active).then(|| view! { <input type="hidden" name="active" value="on"/> })}
                                                        <button type="submit" class="link" aria-label=aria>{label}</button>
                                                    </ActionForm>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <h3>"Set a new password"</h3>
                                <ActionForm action=reset node_ref=reset_form>
                                    <div class="field">
                                        <label for="f-reset-organizer">"Account"</label>
                                        <select id="f-reset-organizer" name="organizer_id">
                                            {options.into_iter().map(|o| view! { <option value=o.id.to_string()>{o.email}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <TextField label="New password" name="password" kind="password" required=true id_suffix="-reset"
                                        autocomplete="new-password" hint="At least 10 characters." error=field_error(rv, "password")/>
                                    <FormError message=form_error(rv)/>
                                    <Show when=move || matches!(rv.get(), Some(Ok(())))><p class="ok" role="status">"Password changed."</p></Show>
                                    <button type="submit">"Set password"</button>
                                </ActionForm>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <FormError message=form_error(tv)/>
            <h3>"Add an organizer"</h3>
            <ActionForm action=add node_ref=add_form>
                <TextField label="Email" name="email" kind="email" required=true id_suffix="-new" error=field_error(ov, "email")/>
                <TextField label="Password" name="password" kind="password" required=true id_suffix="-new" autocomplete="new-password"
                    hint="At least 10 characters." error=field_error(ov, "password")/>
                <FormError message=form_error(ov)/>
                <Show when=move || matches!(ov.get(), Some(Ok(())))><p class="ok" role="status">"Organizer added."</p></Show>
                <button type="submit">"Add organizer"</button>
            </ActionForm>
        </section>
    }
}
