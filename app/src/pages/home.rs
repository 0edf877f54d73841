//! The front page: the events on this Kring, and the way in for organizers.

use crate::api::list_events;
use crate::components::{ErrorView, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let events = Resource::new(|| (), |_| list_events());
    view! {
        <Title text="Kring · open space"/>
        <header class="page-header hero">
            <h1>"Kring"</h1>
            <p class="lead">"Propose topics, mark what you want to join, and find your room."</p>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="card">"No events yet. Organizers can " <a href="/admin">"create one"</a> "."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <h2>"Events"</h2>
                        <ul class="event-list">
                            {list.into_iter().map(|e| view! {
                                <li class="card">
                                    <a class="event-link" href=format!("/e/{}", e.slug)>{e.name}</a>
                                    <span class="muted">{format!("{} – {}", e.start_date, e.end_date)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <footer class="site-footer"><a href="/admin">"Organizers"</a></footer>
    }
}
