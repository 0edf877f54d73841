//! `/e/{slug}/t/{id}`: one topic, with its hosts; hosts edit it here, others can
//! join as co-host.

use super::propose::TopicFields;
use super::vote::VoteButton;
use super::PhaseNotice;
use crate::api::{load_topic_page as topic_page, Cohost, EditTopic, WithdrawTopic};
use crate::components::{form_error, ErrorView, FormError, Loading, PageHeader};
use crate::model::{TopicPage as Page, TopicStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TopicPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(-1)
    };
    let edit = ServerAction::<EditTopic>::new();
    let cohost = ServerAction::<Cohost>::new();
    let page = Resource::new(
        move || (slug(), id(), edit.version().get(), cohost.version().get()),
        |(s, i, _, _)| topic_page(s, i),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <TopicBody page=p edit cohost/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TopicBody(
    page: Page,
    edit: ServerAction<EditTopic>,
    cohost: ServerAction<Cohost>,
) -> impl IntoView {
    let Page {
        event,
        me,
        topic,
        place,
    } = page;
    let slug = event.slug.clone();
    let slug_s = StoredValue::new(slug.clone());
    let used = RwSignal::new(me.as_ref().map(|m| i64::from(m.votes_used)).unwrap_or(0));
    let withdraw = ServerAction::<WithdrawTopic>::new();
    let can_edit = topic.hosted_by_me && event.proposing_open && topic.status == TopicStatus::Open;
    let status_note = match topic.status {
        TopicStatus::Open => None,
        TopicStatus::Withdrawn => Some(view! { <p class="notice">"This topic was withdrawn."</p> }.into_any()),
        TopicStatus::Merged => Some(view! {
            <p class="notice">"Merged into "
                <a href=format!("/e/{}/t/{}", slug, topic.merged_into.unwrap_or_default())>{topic.merged_into_title.clone().unwrap_or_default()}</a>"."</p>
        }.into_any()),
    };
    let hosts = topic.hosts.clone();
    view! {
        <PageHeader title=topic.title.clone() back=(format!("/e/{slug}"), event.name.clone())/>
        <PhaseNotice event=event.clone()/>
        {status_note}
        {place.map(|p| view! {
            <p class="place card" role="status"><strong>{format!("{} {}–{}", p.day_label, p.local_start, p.local_end)}</strong>
                {format!(" · {}", p.room)} " · " <a href=format!("/e/{slug}/schedule")>"Full schedule"</a></p>
        })}
        <section class="card">
            {(!topic.description.is_empty()).then(|| view! { <p class="description">{topic.description.clone()}</p> })}
            <h2 class="small">"Hosts"</h2>
            <ul class="host-list">
                {hosts.into_iter().map(|h| view! { <li>{h.name} {h.proposer.then_some(" (proposer)")}</li> }).collect_view()}
            </ul>
            {(!topic.tags.is_empty()).then(|| view! {
                <ul class="tags" aria-label="Tags">{topic.tags.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
            })}
            {(me.is_some() && topic.status == TopicStatus::Open).then(|| view! {
                <VoteButton slug=slug.clone() topic_id=topic.id voted=topic.voted_by_me votes=topic.votes used
                    enabled=event.voting_open title=topic.title.clone()/>
            })}
            {me.is_none().then(|| view! { <p><a href=format!("/e/{slug}")>"Join the event"</a> " to mark your interest."</p> })}
        </section>

        {(me.is_some() && topic.status == TopicStatus::Open && !topic.proposed_by_me).then(|| {
            let v = cohost.value();
            let joining = !topic.hosted_by_me;
            view! {
                <section class="card">
                    <ActionForm action=cohost>
                        <input type="hidden" name="slug" value=slug_s.get_value()/>
                        <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                        <input type="hidden" name="action" value=if joining { "join" } else { "leave" }/>
                        <p>{if joining { "Want to help lead this discussion?" } else { "You co-host this topic." }}</p>
                        <button type="submit">{if joining { "Co-host this topic" } else { "Stop co-hosting" }}</button>
                        <FormError message=form_error(v)/>
                    </ActionForm>
                </section>
            }
        })}

        {can_edit.then(|| {
            let v = edit.value();
            let saved = move || matches!(v.get(), Some(Ok(())));
            view! {
                <section class="card">
                    <h2>"Edit your topic"</h2>
                    <ActionForm action=edit>
                        <input type="hidden" name="slug" value=slug_s.get_value()/>
                        <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                        <TopicFields v title=topic.title.clone() description=topic.description.clone() tags=topic.tags.join(", ")/>
                        <FormError message=form_error(v)/>
                        <Show when=saved><p class="ok" role="status">"Saved."</p></Show>
                        <button type="submit" class="primary">"Save changes"</button>
                    </ActionForm>
                </section>
            }
        })}

        {(can_edit && topic.proposed_by_me).then(|| {
            let v = withdraw.value();
            view! {
                <section class="card danger-zone">
                    <h2>"Withdraw"</h2>
                    <ActionForm action=withdraw>
                        <input type="hidden" name="slug" value=slug_s.get_value()/>
                        <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                        <p>"Withdrawing removes the topic from the list. Votes for it no longer count."</p>
                        <button type="submit" class="danger">"Withdraw this topic"</button>
                        <FormError message=form_error(v)/>
                    </ActionForm>
                </section>
            }
        })}
    }
}
