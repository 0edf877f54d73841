//! `/e/{slug}`: join with a display name, then browse, search, sort and vote.

use super::vote::VoteButton;
use super::{fetch_news, vote_budget_text, PhaseNotice, ScheduleNews};
use crate::api::{load_event_page as event_page, JoinEvent, LeaveEvent};
use crate::components::{
    field_error, form_error, ErrorView, FormError, Loading, PageHeader, TextField,
};
use crate::live::use_live;
use crate::model::{
    filter_and_sort, EventPage as Page, LiveMessage, TopicChange, TopicSort, TopicView,
};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let join = ServerAction::<JoinEvent>::new();
    let leave = ServerAction::<LeaveEvent>::new();
    let page = Resource::new(
        move || (slug(), join.version().get(), leave.version().get()),
        |(s, _, _)| event_page(s, false),
    );
    // Effects run in the browser only, once the page is interactive: the code
    // of the pages an attendee opens next arrives while they read.
    Effect::new(|_| crate::pages::lazy::prefetch_attendee_pages(std::time::Duration::from_secs(3)));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <EventBody page=p join leave/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventBody(
    page: Page,
    join: ServerAction<JoinEvent>,
    leave: ServerAction<LeaveEvent>,
) -> impl IntoView {
    let event = page.event.clone();
    let slug = event.slug.clone();
    match page.me.clone() {
        None => view! {
            <PageHeader title=event.name.clone()/>
            <PhaseNotice event=event.clone()/>
            <JoinForm slug=slug.clone() join/>
            <p class="center"><a href=format!("/e/{slug}/schedule")>"See the schedule"</a></p>
            <p class="muted center">{match page.open_topics {
                1 => "1 topic proposed so far.".to_string(),
                n => format!("{n} topics proposed so far."),
            }}</p>
        }
        .into_any(),
        Some(me) => {
            let used = RwSignal::new(i64::from(me.votes_used));
            let budget = event.vote_budget;
            view! {
                <PageHeader title=event.name.clone()>
                    <p class="me">"Hi " <strong>{me.display_name.clone()}</strong> " · "
                        <span aria-live="polite">{move || vote_budget_text(used.get(), budget)}</span></p>
                </PageHeader>
                <PhaseNotice event=event.clone()/>
                {me.blocked.then(|| view! { <p class="notice" role="status">"An organizer has stopped you from posting and voting in this event. You can still read the topics and the schedule."</p> })}
                <nav class="tabs" aria-label="Event views">
                    <a href=format!("/e/{slug}") aria-current="page">"Topics"</a>
                    <a href=format!("/e/{slug}/schedule")>"Schedule"</a>
                    <a href=format!("/e/{slug}/schedule?mine=1")>"My agenda"</a>
                </nav>
                {(event.proposing_open && !me.blocked).then(|| view! {
                    <a class="button primary block" href=format!("/e/{slug}/propose")>"+ Propose a topic"</a>
                })}
                <TopicBrowser page used/>
                <LeaveForm slug=slug.clone() leave/>
            }
            .into_any()
        }
    }
}

#[component]
fn JoinForm(slug: String, join: ServerAction<JoinEvent>) -> impl IntoView {
    let v = join.value();
    view! {
        <section class="card">
            <h2>"Join in"</h2>
            <p>"Choose the name others will see next to your topics. No account or email needed."</p>
            <ActionForm action=join>
                <input type="hidden" name="slug" value=slug/>
                <TextField label="Your name" name="display_name" required=true maxlength=40 autocomplete="nickname"
                    error=field_error(v, "display_name")/>
                <FormError message=form_error(v)/>
                <button type="submit" class="primary block">"Join"</button>
            </ActionForm>
        </section>
    }
}

/// Leaving: folded away at the bottom, with a box to tick, since votes
/// cannot be brought back.
#[component]
fn LeaveForm(slug: String, leave: ServerAction<LeaveEvent>) -> impl IntoView {
    let v = leave.value();
    view! {
        <details class="card leave">
            <summary>"Leave this event"</summary>
            <p>"Your name, your votes and your co-hosting are removed. Topics you proposed stay for the people who want to join them."</p>
            <ActionForm action=leave>
                <input type="hidden" name="slug" value=slug/>
                <div class="check">
                    <input type="checkbox" id="f-confirm-leave" name="confirm" value="on" required=true
                        aria-describedby=move || field_error(v, "confirm").get().map(|_| "f-confirm-leave-error") aria-invalid=move || field_error(v, "confirm").get().map(|_| "true")/>
                    <label for="f-confirm-leave">"Yes, remove my name and votes"</label>
                </div>
                {move || field_error(v, "confirm").get().map(|m| view! { <p class="field-error" id="f-confirm-leave-error" role="alert">{m}</p> })}
                <FormError message=form_error(v)/>
                <button type="submit" class="danger">"Leave the event"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn TopicBrowser(page: Page, used: RwSignal<i64>) -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let sort = move || TopicSort::parse(&query.read().get("sort").unwrap_or_default());
    let event = StoredValue::new(page.event.clone());
    let topics = RwSignal::new(page.topics.clone());
    let counts_public = page.event.counts_public();
    // Live: counts change in place; new topics wait behind a button, so the
    // list never moves under a finger.
    let live_counts = LiveCounts(RwSignal::new(std::collections::HashMap::new()));
    provide_context(live_counts);
    let arrived = RwSignal::new(0usize);
    let updated = RwSignal::new(false);
    let news = RwSignal::new(Vec::<String>::new());
    let shown = StoredValue::new(Vec::<i64>::new());
    let news_slug = page.event.slug.clone();
    let _link = use_live(
        page.event.slug.clone(),
        page.event.timezone.clone(),
        move |m| match m {
            LiveMessage::Topic {
                change: TopicChange::Proposed,
                ..
            } => arrived.update(|n| *n += 1),
            LiveMessage::Topic { .. }
            | LiveMessage::Hello
            | LiveMessage::Resync
            | LiveMessage::EventChanged => updated.set(true),
            LiveMessage::Votes { counts, .. } => live_counts.0.update(|map| {
                for c in counts {
                    map.insert(c.topic_id, c.votes);
                }
            }),
            LiveMessage::SchedulePublished { number } => {
                fetch_news(news_slug.clone(), number, news, shown)
            }
            _ => {}
        },
    );
    let has_news = move || arrived.get() != 0 || updated.get();
    let slug_for_show = page.event.slug.clone();
    let show_new = move |_| {
        let slug = slug_for_show.clone();
        leptos::task::spawn_local(async move {
            if let Ok(p) = event_page(slug, false).await {
                topics.set(p.topics);
                arrived.set(0);
                updated.set(false);
            }
        });
    };
    let sort_link = move |s: TopicSort, label: &'static str| {
        let href = move || {
            let qq = q();
            if qq.is_empty() {
                format!("?sort={}", s.key())
            } else {
                format!("?q={}&sort={}", urlencode(&qq), s.key())
            }
        };
        view! {
            <a href=href class="seg" aria-current=move || (sort() == s).then_some("true")>{label}</a>
        }
    };
    view! {
        <ScheduleNews slug=page.event.slug.clone() news/>
        <section aria-labelledby="topics-h">
            <h2 id="topics-h">"Topics"</h2>
            <Form method="GET" action="">
                <div class="search">
                    <label for="q" class="sr-only">"Search topics"</label>
                    <input id="q" type="search" name="q" value=q placeholder="Search topics, tags, hosts"/>
                    <input type="hidden" name="sort" value=move || sort().key()/>
                    <button type="submit">"Search"</button>
                </div>
            </Form>
            <nav class="segmented" aria-label="Sort topics">
                {sort_link(TopicSort::Newest, "Newest")}
                {counts_public.then(|| sort_link(TopicSort::MostVotes, "Most votes"))}
                {counts_public.then(|| sort_link(TopicSort::FewestVotes, "Fewest votes"))}
            </nav>
            <Show when=has_news>
                <button type="button" class="new-topics" on:click=show_new.clone()>
                    {move || match arrived.get() {
                        0 => "Topics were updated — show them".to_string(),
                        1 => "1 new topic — show it".to_string(),
                        n => format!("{n} new topics — show them"),
                    }}
                </button>
            </Show>
            {move || {
                let list = topics.with(|t| filter_and_sort(t, &q(), sort()));
                if list.is_empty() {
                    view! { <p class="card muted">{if q().is_empty() { "No topics yet. Be the first to propose one!" } else { "No topic matches your search." }}</p> }.into_any()
                } else {
                    view! {
                        <ul class="topic-list">
                            {list.into_iter().map(|t| view! { <li><TopicCard topic=t event=event.get_value() used/></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Vote counts from the live stream, by topic, for the vote buttons.
#[derive(Debug, Clone, Copy)]
pub struct LiveCounts(pub RwSignal<std::collections::HashMap<i64, i64>>);

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn TopicCard(
    topic: TopicView,
    event: crate::model::EventView,
    used: RwSignal<i64>,
) -> impl IntoView {
    let href = format!("/e/{}/t/{}", event.slug, topic.id);
    let hosts = topic
        .hosts
        .iter()
        .map(|h| h.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="topic card" class:mine=topic.hosted_by_me>
            <h3><a href=href>{topic.title.clone()}</a></h3>
            <p class="hosts">"Hosted by " {hosts} {topic.hosted_by_me.then(|| view! { <span class="badge">"you"</span> })}</p>
            {(!topic.tags.is_empty()).then(|| view! {
                <ul class="tags" aria-label="Tags">{topic.tags.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
            })}
            <VoteButton slug=event.slug.clone() topic_id=topic.id voted=topic.voted_by_me votes=topic.votes used
                enabled=event.voting_open title=topic.title.clone()/>
        </article>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urlencode_query() {
        assert_eq!(super::urlencode("k8s & co"), "k8s+%26+co");
    }
}
