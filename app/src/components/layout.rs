//! Page chrome: the header, loading and error states, the 404 page.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] back: Option<(String, String)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <Title text=format!("{title} · Kring")/>
        <header class="page-header">
            {back.map(|(href, label)| view! { <a class="back" href=href>"← " {label}</a> })}
            <h1>{title}</h1>
            {children.map(|c| c())}
        </header>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Loading…"</p> }
}

/// Shows an error from loading a page. A missing event or topic is a real 404.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    // The page's status says what happened (401 for organizer pages without
    // an organizer session, 403, 404, ...), as the server functions' do.
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(error.status()) {
                resp.set_status(status);
            }
        }
    }
    match error {
        AppError::NotFound(what) => view! { <NotFound what/> }.into_any(),
        AppError::Unauthorized => view! {
            <section class="card">
                <h1>"Organizers only"</h1>
                <p>"Please " <a href="/login">"log in as an organizer"</a> " to see this page."</p>
            </section>
        }
        .into_any(),
        other => view! {
            <section class="card error-box" role="alert">
                <h1>"Something went wrong"</h1>
                <p>{other.to_string()}</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
pub fn NotFound(#[prop(optional, into)] what: Option<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found · Kring"/>
        <section class="card">
            <h1>"Not found"</h1>
            <p>{what.unwrap_or_else(|| "There is no page at this address.".into())}</p>
            <p>"Check the link you were given, or " <a href="/">"see all events"</a> "."</p>
        </section>
    }
}
