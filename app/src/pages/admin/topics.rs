//! `/admin/e/{slug}/topics`: every topic with votes and hosts; edit, withdraw or
//! reopen any of them, and merge duplicates (likely ones are suggested first).

use super::answers::{Answers, Saved, Tracked};
use super::{reload_into, row_key, AdminNav};
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
    // Loaded once per event; a save reloads the data in place (see
    // `reload_into`).
    let page = Resource::new(slug, admin_topics);
    let forms = Forms::new(refresh);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <TopicsAdmin page=p forms refresh/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Every form of the page, created once per visit of the page (see
/// [`super::answers`]); the topics' rows share one action per kind.
#[derive(Clone, Copy)]
struct Forms {
    edit: Tracked<AdminEditTopic>,
    status: Tracked<AdminTopicStatus>,
    merge: Tracked<MergeTopic>,
    hide: Tracked<SetTopicHidden>,
    block: Tracked<SetAttendeeBlocked>,
    /// The suggested merges' buttons (one answer for the whole list).
    merge_pair: Tracked<MergeTopic>,
}

impl Forms {
    fn new(refresh: RwSignal<u64>) -> Self {
        let answers = Answers::new();
        Self {
            edit: answers.track_rows(refresh, |i: &AdminEditTopic| i.topic_id),
            status: answers.track_rows(refresh, |i: &AdminTopicStatus| i.topic_id),
            merge: answers.track_rows(refresh, |i: &MergeTopic| i.source_id),
            hide: answers.track_rows(refresh, |i: &SetTopicHidden| i.topic_id),
            block: answers.track_rows(refresh, |i: &SetAttendeeBlocked| i.attendee_id),
            merge_pair: answers.track(refresh),
        }
    }
}

#[component]
fn TopicsAdmin(page: AdminTopicsPage, forms: Forms, refresh: RwSignal<u64>) -> impl IntoView {
    let slug = StoredValue::new(page.event.slug.clone());
    let name = page.event.name.clone();
    let data = RwSignal::new(page);
    let failed = reload_into(data, refresh, move || admin_topics(slug.get_value()));
    let topics = Memo::new(move |_| {
        let mut topics = data.with(|d| d.topics.clone());
        // Most wanted first: that is what an organizer plans around.
        topics.sort_by(|a, b| {
            (a.status != TopicStatus::Open)
                .cmp(&(b.status != TopicStatus::Open))
                .then(b.votes.cmp(&a.votes))
        });
        topics
    });
    // What a topic can be merged into: the open topics, by id and title.
    let open = Memo::new(move |_| {
        topics.with(|t| {
            t.iter()
                .filter(|t| t.status == TopicStatus::Open)
                .map(|t| (t.id, t.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let counts = move || {
        format!(
            "{} open topics, {} in all (withdrawn and merged ones stay listed).",
            open.with(Vec::len),
            topics.with(Vec::len)
        )
    };
    view! {
        <PageHeader title=format!("{name} · topics")>
            <AdminNav slug=slug.get_value() current="topics"/>
        </PageHeader>
        <FormError message=failed/>
        <p class="muted">{counts}</p>
        {move || view! {
            <LikelyDuplicates slug=slug.get_value() pairs=data.with(|d| d.duplicates.clone()) merge=forms.merge_pair/>
        }}
        <ol class="admin-topics">
            // Vote counts change all the time: they are not part of a row's
            // key (a new vote would redraw a row with an edit open), the
            // row reads its count from `topics`.
            <For each=move || topics.get() key=|t| row_key(&TopicView { votes: None, ..t.clone() })
                children=move |t| view! { <li><AdminTopicRow slug=slug.get_value() topic=t topics open forms/></li> }/>
        </ol>
    }
}

#[component]
fn AdminTopicRow(
    slug: String,
    topic: TopicView,
    topics: Memo<Vec<TopicView>>,
    open: Memo<Vec<(i64, String)>>,
    forms: Forms,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let t = StoredValue::new(topic.clone());
    let topic_id = topic.id;
    let row = Some(topic_id);
    let votes = move || {
        topics
            .with(|ts| ts.iter().find(|t| t.id == topic_id).and_then(|t| t.votes))
            .unwrap_or(0)
    };
    let hv = forms.hide.answer(row);
    let (edit, status, merge, hide, block) = (
        forms.edit.action,
        forms.status.action,
        forms.merge.action,
        forms.hide.action,
        forms.block.action,
    );
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
    let bv = forms.block.answer(m.proposer_id);
    let ev = forms.edit.answer(row);
    let sv = forms.status.answer(row);
    let mv = forms.merge.answer(row);
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
                <span class="big-count" title="votes">{votes}<span class="sr-only">" votes"</span></span>
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
                            {move || open.get().into_iter().filter(|(id, _)| *id != topic_id).map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
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
            <Saved answer=ev text="Topic saved."/>
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
    merge: Tracked<MergeTopic>,
) -> impl IntoView {
    let mv = merge.answer(None);
    let merge = merge.action;
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
