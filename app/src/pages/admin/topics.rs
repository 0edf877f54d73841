//! `/admin/e/{slug}/topics`: every topic with votes and hosts; edit, withdraw or
//! reopen any of them, and merge duplicates (likely ones are suggested first).

use super::{refresh_on_success, AdminNav};
use crate::api::{
    admin_topics, AdminEditTopic, AdminTopicStatus, MergeTopic, SetAttendeeBlocked, SetTopicHidden,
};
use crate::components::{form_error, ErrorView, FormError, Loading, PageHeader};
use crate::model::{AdminTopicsPage, DuplicatePair, TopicStatus, TopicView};
use crate::pages::attendee::TopicFieldsFor;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TopicsAdminPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refresh = RwSignal::new(0u64);
    let page = Resource::new(move || (slug(), refresh.get()), |(s, _)| admin_topics(s));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <TopicsAdmin page=p refresh/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TopicsAdmin(page: AdminTopicsPage, refresh: RwSignal<u64>) -> impl IntoView {
    let slug = page.event.slug.clone();
    let nav_slug = slug.clone();
    let mut topics = page.topics.clone();
    // Most wanted first: that is what an organizer plans around.
    topics.sort_by(|a, b| {
        (a.status != TopicStatus::Open)
            .cmp(&(b.status != TopicStatus::Open))
            .then(b.votes.cmp(&a.votes))
    });
    let open: Vec<(i64, String)> = topics
        .iter()
        .filter(|t| t.status == TopicStatus::Open)
        .map(|t| (t.id, t.title.clone()))
        .collect();
    let open = StoredValue::new(open);
    let n_open = topics
        .iter()
        .filter(|t| t.status == TopicStatus::Open)
        .count();
    view! {
        <PageHeader title=format!("{} · topics", page.event.name)>
            <AdminNav slug=nav_slug current="topics"/>
        </PageHeader>
        <p class="muted">{format!("{n_open} open topics, {} in all (withdrawn and merged ones stay listed).", topics.len())}</p>
        <LikelyDuplicates slug=slug.clone() pairs=page.duplicates.clone() refresh/>
        <ol class="admin-topics">
            {topics.into_iter().map(|t| view! { <li><AdminTopicRow slug=slug.clone() topic=t open refresh/></li> }).collect_view()}
        </ol>
    }
}

#[component]
fn AdminTopicRow(
    slug: String,
    topic: TopicView,
    open: StoredValue<Vec<(i64, String)>>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let t = StoredValue::new(topic.clone());
    let edit = ServerAction::<AdminEditTopic>::new();
    let status = ServerAction::<AdminTopicStatus>::new();
    let merge = ServerAction::<MergeTopic>::new();
    let hide = ServerAction::<SetTopicHidden>::new();
    let block = ServerAction::<SetAttendeeBlocked>::new();
    refresh_on_success(hide.value(), refresh);
    refresh_on_success(block.value(), refresh);
    let hv = hide.value();
    let bv = block.value();
    let m = topic
        .moderation
        .clone()
        .unwrap_or(crate::model::Moderation {
            hidden: false,
            hidden_by_block: false,
            proposer_id: None,
            proposer_blocked: false,
        });
    let proposer_name = topic
        .hosts
        .iter()
        .find(|h| h.proposer)
        .map(|h| h.name.clone())
        .unwrap_or_default();
    refresh_on_success(edit.value(), refresh);
    refresh_on_success(status.value(), refresh);
    refresh_on_success(merge.value(), refresh);
    let ev = edit.value();
    let sv = status.value();
    let mv = merge.value();
    let hosts = topic
        .hosts
        .iter()
        .map(|h| {
            if h.proposer {
                h.name.clone()
            } else {
                format!("{} (co-host)", h.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let is_open = topic.status == TopicStatus::Open;
    let merge_field = format!("merge-{}", topic.id);
    let merge_err = Signal::derive({
        let f = merge_field.clone();
        move || {
            mv.with(|v| match v {
                Some(Err(e)) => e
                    .for_field(&f)
                    .or_else(|| e.general())
                    .or_else(|| e.for_field("sources")),
                _ => None,
            })
        }
    });
    let sfx = format!("-t{}", topic.id);
    let merge_field_err = StoredValue::new(merge_field.clone());
    view! {
        <article class="card admin-topic" class:inactive=!is_open>
            <div class="admin-topic-head">
                <span class="big-count" title="votes">{topic.votes.unwrap_or(0)}<span class="sr-only">" votes"</span></span>
                <div>
                    <h2 class="small">{topic.title.clone()}</h2>
                    <p class="muted">{hosts}
                        {match topic.status {
                            TopicStatus::Open => None,
                            TopicStatus::Withdrawn => Some(view! { <span class="badge">"withdrawn"</span> }.into_any()),
                            TopicStatus::Merged => Some(view! { <span class="badge">{format!("merged into “{}”", topic.merged_into_title.clone().unwrap_or_default())}</span> }.into_any()),
                        }}
                        {m.hidden.then(|| view! { <span class="badge warn">"hidden from attendees"</span> })}
                        {m.proposer_blocked.then(|| view! { <span class="badge warn">"proposer blocked"</span> })}
                    </p>
                    {(!topic.tags.is_empty()).then(|| view! { <ul class="tags" aria-label="Tags">{topic.tags.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul> })}
                </div>
            </div>
            <div class="row-actions">
                {is_open.then(|| view! {
                    <ActionForm action=merge>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="source_id" value=topic.id.to_string()/>
                        <label for=merge_field.clone()>"Merge into"</label>
                        <select id=merge_field.clone() name="target_id" aria-describedby=format!("{merge_field}-err")>
                            <option value="">"choose a topic…"</option>
                            {open.get_value().into_iter().filter(|(id, _)| *id != topic.id).map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
                        </select>
                        <button type="submit">"Merge"</button>
                    </ActionForm>
                })}
                {(topic.status != TopicStatus::Merged).then(|| view! {
                    <ActionForm action=status>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                        <input type="hidden" name="action" value=if is_open { "withdraw" } else { "reopen" }/>
                        <button type="submit" class=if is_open { "danger" } else { "" }
                            aria-label=format!("{} {}", if is_open { "Withdraw" } else { "Reopen" }, t.with_value(|t| t.title.clone()))>
                            {if is_open { "Withdraw" } else { "Reopen" }}
                        </button>
                    </ActionForm>
                })}
                <ActionForm action=hide>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                    <input type="hidden" name="hidden" value=if m.hidden { "false" } else { "true" }/>
                    <button type="submit" aria-label=format!("{} {}", if m.hidden { "Show again" } else { "Hide" }, t.with_value(|t| t.title.clone()))>
                        {if m.hidden { "Show again" } else { "Hide" }}
                    </button>
                </ActionForm>
                {m.proposer_id.map(|pid| view! {
                    <ActionForm action=block>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="attendee_id" value=pid.to_string()/>
                        <input type="hidden" name="blocked" value=if m.proposer_blocked { "false" } else { "true" }/>
                        <button type="submit" class=if m.proposer_blocked { "" } else { "danger" }
                            aria-label=format!("{} {}", if m.proposer_blocked { "Unblock" } else { "Block" }, proposer_name)>
                            {if m.proposer_blocked { "Unblock proposer" } else { "Block proposer" }}
                        </button>
                    </ActionForm>
                })}
            </div>
            <FormError message=form_error(hv)/>
            <FormError message=form_error(bv)/>
            <Show when=move || merge_err.get().is_some()>
                <p class="field-error" id=format!("{}-err", merge_field_err.get_value()) role="alert">{move || merge_err.get()}</p>
            </Show>
            <FormError message=form_error(sv)/>
            {is_open.then(|| view! {
                <details>
                    <summary>"Edit topic"</summary>
                    <ActionForm action=edit>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="topic_id" value=topic.id.to_string()/>
                        <TopicFieldsFor v=ev title=t.with_value(|t| t.title.clone()) description=t.with_value(|t| t.description.clone()) tags=t.with_value(|t| t.tags.join(", ")) id_suffix=sfx.clone()/>
                        <FormError message=form_error(ev)/>
                        <button type="submit" class="primary">"Save"</button>
                    </ActionForm>
                </details>
            })}
        </article>
    }
}

/// Suggested merges: pairs of open topics the scheduler finds nearly the same.
#[component]
fn LikelyDuplicates(
    slug: String,
    pairs: Vec<DuplicatePair>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let merge = ServerAction::<MergeTopic>::new();
    refresh_on_success(merge.value(), refresh);
    let mv = merge.value();
    let slug = StoredValue::new(slug);
    view! {
        <section class="card duplicates" aria-labelledby="dups-title">
            <h2 class="small" id="dups-title">"Likely duplicates"</h2>
            {if pairs.is_empty() {
                view! { <p class="muted">"No open topics look alike."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">"Ranked by how alike their titles, descriptions, tags and voters are. Merge folds the first topic into the second (the more voted one); voters and hosts move over."</p>
                    <ul class="dup-list">
                        {pairs.into_iter().map(|p| {
                            let label = format!("Merge “{}” into “{}”", p.merge_title, p.keep_title);
                            view! {
                                <li>
                                    <span class="dup-titles">
                                        <span>{p.merge_title.clone()}</span>" → "<strong>{p.keep_title.clone()}</strong>
                                    </span>
                                    <span class="badge" title="relatedness">{format!("{:.0} % alike", p.score * 100.0)}</span>
                                    <ActionForm action=merge>
                                        <input type="hidden" name="slug" value=slug.get_value()/>
                                        <input type="hidden" name="source_id" value=p.merge_id.to_string()/>
                                        <input type="hidden" name="target_id" value=p.keep_id.to_string()/>
                                        <button type="submit" aria-label=label>"Merge"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <FormError message=form_error(mv)/>
                }.into_any()
            }}
        </section>
    }
}
