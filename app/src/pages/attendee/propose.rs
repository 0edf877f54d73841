//! `/e/{slug}/propose`: a new topic. The proposer becomes its host.

use crate::api::{load_event_page as event_page, ProposeTopic};
use crate::components::{
    field_error, form_error, ErrorView, FormError, Loading, PageHeader, TextField,
};
use crate::domain::{TopicDescription, TopicTitle};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProposePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, |s| event_page(s, true));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if p.me.is_none() => view! {
                        <PageHeader title="Propose a topic" back=(format!("/e/{}", p.event.slug), p.event.name.clone())/>
                        <p class="card">"First " <a href=format!("/e/{}", p.event.slug)>"join the event"</a> " with your name."</p>
                    }.into_any(),
                    Ok(p) if !p.event.proposing_open => view! {
                        <PageHeader title="Propose a topic" back=(format!("/e/{}", p.event.slug), p.event.name.clone())/>
                        <p class="card notice">"Proposing is closed for this event."</p>
                    }.into_any(),
                    Ok(p) => view! {
                        <PageHeader title="Propose a topic" back=(format!("/e/{}", p.event.slug), p.event.name.clone())/>
                        <TopicForm slug=p.event.slug.clone()/>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TopicForm(slug: String) -> impl IntoView {
    let action = ServerAction::<ProposeTopic>::new();
    let v = action.value();
    view! {
        <section class="card">
            <ActionForm action>
                <input type="hidden" name="slug" value=slug/>
                <TopicFields v/>
                <FormError message=form_error(v)/>
                <button type="submit" class="primary block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Proposing…" } else { "Propose topic" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// Title, description and tags, shared by the propose and edit forms.
#[component]
pub fn TopicFields<T, V>(
    v: V,
    #[prop(optional, into)] title: String,
    #[prop(optional, into)] description: String,
    #[prop(optional, into)] tags: String,
    #[prop(optional, into)] id_suffix: String,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    view! {
        <TextField label="Title" name="title" value=title required=true maxlength=TopicTitle::MAX_CHARS
            hint="What do you want to talk about? Up to 120 characters." error=field_error(v.clone(), "title") id_suffix=id_suffix.clone()/>
        <TextField label="Description (optional)" name="description" value=description multiline=true
            maxlength=TopicDescription::MAX_CHARS hint="A few lines on what you'd like to discuss." error=field_error(v.clone(), "description") id_suffix=id_suffix.clone()/>
        <TextField label="Tags (optional)" name="tags" value=tags hint="Comma separated, e.g. docker, monitoring"
            error=field_error(v, "tags") id_suffix=id_suffix/>
    }
}
