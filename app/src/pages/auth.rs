//! First-run set-up and organizer log in.

use crate::api::{needs_setup, Login, SetupOrganizer};
use crate::components::{field_error, form_error, FormError, Loading, PageHeader, TextField};
use leptos::prelude::*;

#[component]
pub fn SetupPage() -> impl IntoView {
    let open = Resource::new(|| (), |_| needs_setup());
    let action = ServerAction::<SetupOrganizer>::new();
    let v = action.value();
    view! {
        <PageHeader title="Set up Kring"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match open.await {
                    Ok(true) => view! {
                        <section class="card narrow">
                            <p>"Create the first organizer account. Organizers set up events, rooms and slots."</p>
                            <ActionForm action>
                                <TextField label="Email" name="email" kind="email" required=true autocomplete="email" error=field_error(v, "email")/>
                                <TextField label="Password" name="password" kind="password" required=true autocomplete="new-password"
                                    hint="At least 10 characters." error=field_error(v, "password")/>
                                <FormError message=form_error(v)/>
                                <button type="submit" class="primary">"Create organizer"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    _ => view! {
                        <section class="card narrow">
                            <p>"Kring is already set up. " <a href="/login">"Log in"</a> " instead."</p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let v = action.value();
    view! {
        <PageHeader title="Organizer log in" back=("/".to_string(), "Events".to_string())/>
        <section class="card narrow">
            <ActionForm action>
                <TextField label="Email" name="email" kind="email" required=true autocomplete="username" error=field_error(v, "email")/>
                <TextField label="Password" name="password" kind="password" required=true autocomplete="current-password" error=field_error(v, "password")/>
                <FormError message=form_error(v)/>
                <button type="submit" class="primary">"Log in"</button>
            </ActionForm>
            <p class="muted">"First time on this server? " <a href="/setup">"Set up Kring"</a></p>
        </section>
    }
}
