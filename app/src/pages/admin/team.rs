//! The event's organizers, on its organizer page: who runs it, and (for the
//! owner and the administrator) adding and removing co-organizers. A new
//! email gets an account with the first password the owner chooses.

use super::answers::{Answers, Saved, Tracked};
use crate::api::{event_team, AddCoOrganizer, RemoveCoOrganizer};
use crate::components::{field_error, form_error, FormError, Loading, TextField};
use crate::model::{EventRole, TeamMember};
use leptos::prelude::*;

/// The team's forms, owned by the event page (see [`super::answers`]). The
/// team has its own data, reloaded after its own changes.
#[derive(Clone, Copy)]
pub struct TeamForms {
    refresh: RwSignal<u64>,
    add: Tracked<AddCoOrganizer>,
    remove: Tracked<RemoveCoOrganizer>,
}

impl TeamForms {
    pub fn new(answers: Answers) -> Self {
        let refresh = RwSignal::new(0u64);
        Self {
            refresh,
            add: answers.track(refresh),
            remove: answers.track_rows(refresh, |i: &RemoveCoOrganizer| i.organizer_id),
        }
    }
}

#[component]
pub fn TeamSection(slug: String, forms: TeamForms) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let refresh = forms.refresh;
    let team = Resource::new(move || refresh.get(), move |_| event_team(slug.get_value()));
    view! {
        <section class="card" aria-labelledby="team-h">
            <h2 id="team-h">"Organizers"</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match team.await {
                        Ok(t) => {
                            let manages = t.my_role.manages_team();
                            let my_id = t.my_id;
                            view! {
                                <p class="muted">{format!("You are this event's {}.", t.my_role.label())}</p>
                                <ul class="people">
                                    {t.members.into_iter().map(|m| view! {
                                        <li><Member slug=slug.get_value() member=m manages me=my_id forms/></li>
                                    }).collect_view()}
                                </ul>
                                <Saved answer=forms.remove.latest() text="Removed from the organizers." take_focus=true/>
                                {manages.then(|| view! { <AddForm slug=slug.get_value() forms/> })}
                            }.into_any()
                        }
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Member(
    slug: String,
    member: TeamMember,
    manages: bool,
    me: i64,
    forms: TeamForms,
) -> impl IntoView {
    let rv = forms.remove.answer(Some(member.organizer_id));
    let remove = forms.remove.action;
    let removable = manages && member.role == EventRole::CoOrganizer;
    let label = format!("Remove {} from the organizers", member.email);
    view! {
        <span class="member">
            <span>{member.email.clone()}</span>
            <span class="muted">{format!(
                " · {}{}{}",
                member.role.label(),
                if member.organizer_id == me { " (you)" } else { "" },
                if member.active { "" } else { " · deactivated" },
            )}</span>
        </span>
        {removable.then(|| view! {
            <ActionForm action=remove attr:class="inline">
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="organizer_id" value=member.organizer_id.to_string()/>
                <button type="submit" class="link" aria-label=label>"Remove"</button>
            </ActionForm>
        })}
        <FormError message=form_error(rv)/>
    }
}

#[component]
fn AddForm(slug: String, forms: TeamForms) -> impl IntoView {
    let av = forms.add.answer(None);
    let (add, form) = (forms.add.action, forms.add.form);
    view! {
        <h3>"Add a co-organizer"</h3>
        <ActionForm action=add node_ref=form>
            <input type="hidden" name="slug" value=slug/>
            <TextField label="Their email" name="email" kind="email" required=true id_suffix="-co"
                autocomplete="off" error=field_error(av, "email")/>
            <TextField label="First password" name="password" kind="password" id_suffix="-co" autocomplete="new-password"
                hint="Only for a new account (at least 10 characters): give it to them. Leave empty when they have an account."
                error=field_error(av, "password")/>
            <FormError message=form_error(av)/>
            <Saved answer=av text="Co-organizer added."/>
            <button type="submit">"Add co-organizer"</button>
        </ActionForm>
    }
}
