//! `/admin`: the organizer's events, a new event, and more organizers.

use crate::api::{list_events, whoami, AddOrganizer, CreateEvent, Logout};
use crate::components::{
    field_error, form_error, reset_on_success, FormError, Loading, PageHeader, TextField,
};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(o)) => view! { <Dashboard email=o.email/> }.into_any(),
                    Ok(None) | Err(AppError::Unauthorized) => view! { <crate::components::ErrorView error=AppError::Unauthorized/> }.into_any(),
                    Err(e) => view! { <crate::components::ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(email: String) -> impl IntoView {
    let events = Resource::new(|| (), |_| list_events());
    let create = ServerAction::<CreateEvent>::new();
    let add_org = ServerAction::<AddOrganizer>::new();
    let logout = ServerAction::<Logout>::new();
    let cv = create.value();
    let ov = add_org.value();
    let org_form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(add_org.value(), org_form);
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
            <section class="card">
                <h2>"Add an organizer"</h2>
                <ActionForm action=add_org node_ref=org_form>
                    <TextField label="Email" name="email" kind="email" required=true id_suffix="-new" error=field_error(ov, "email")/>
                    <TextField label="Password" name="password" kind="password" required=true id_suffix="-new" autocomplete="new-password"
                        hint="At least 10 characters." error=field_error(ov, "password")/>
                    <FormError message=form_error(ov)/>
                    <Show when=move || matches!(ov.get(), Some(Ok(())))><p class="ok" role="status">"Organizer added."</p></Show>
                    <button type="submit">"Add organizer"</button>
                </ActionForm>
            </section>
        </div>
    }
}
