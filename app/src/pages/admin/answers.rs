//! The answers to an organizer page's forms: they outlive the reload that a
//! save triggers, the form that was saved says so, and a row's answer shows
//! next to that row only.
//!
//! An organizer page reloads its data after every successful save. The
//! component that shows the data runs again and its view is patched onto the
//! page (what was typed in other forms stays). An action created inside that
//! component was replaced by a fresh one at every reload: a refusal shown next
//! to one form vanished when another form was saved, although its rejected
//! input was still on screen; a request sent just before a reload had its
//! answer dropped (neither its refusal nor the reload its success needed);
//! and a success had nothing to say "Saved." with. The actions here are
//! created by the page, outside the part that runs again. The rows of a list
//! (rooms, slots, topics) share one action per kind, which keeps the answer
//! of each row.
//!
//! What is shown: a refusal until the same form (the same row) answers again;
//! "Saved." until any form of the page answers again.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The answers of one page: a number for each answer that any of its forms
/// got, so that "Saved." shows for the latest only.
#[derive(Clone, Copy)]
pub struct Answers {
    count: RwSignal<u64>,
}

impl Answers {
    pub fn new() -> Self {
        Self {
            count: RwSignal::new(0),
        }
    }

    /// An action for one form; a success bumps `refresh`.
    pub fn track<S>(self, refresh: RwSignal<u64>) -> Tracked<S>
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        Tracked::new(self, refresh, None)
    }

    /// An action shared by the rows of a list; `row` says which row a request
    /// came from (the id in its input).
    pub fn track_rows<S>(self, refresh: RwSignal<u64>, row: fn(&S) -> i64) -> Tracked<S>
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        Tracked::new(self, refresh, Some(row))
    }
}

impl Default for Answers {
    fn default() -> Self {
        Self::new()
    }
}

/// What a form shows of its action's answer: `Some(Ok(()))` for "Saved.",
/// `Some(Err(_))` for a refusal, `None` for nothing (yet, or any more).
pub type Answer = Signal<Option<Result<(), AppError>>>;

/// One answer: its number on the page, the row it was for, and what it was.
type Given = (u64, Option<i64>, Result<(), AppError>);

/// A server action owned by the page, with the bookkeeping above.
pub struct Tracked<S>
where
    S: ServerFn + 'static,
    S::Output: 'static,
{
    pub action: ServerAction<S>,
    answers: Answers,
    /// The last answer for each row (`None`: a form without rows, or a
    /// refusal that arrived with the page, from a form sent without
    /// JavaScript, which does not say its row). The newest is last.
    given: RwSignal<Vec<Given>>,
    /// The row whose request was sent last (rows only).
    row: RwSignal<Option<i64>>,
    /// An "add" form to empty after a success, ready for the next entry (set
    /// with `node_ref`; not for rows).
    pub form: NodeRef<leptos::html::Form>,
}

impl<S> Clone for Tracked<S>
where
    S: ServerFn + 'static,
    S::Output: 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Tracked<S>
where
    S: ServerFn + 'static,
    S::Output: 'static,
{
}

impl<S> Tracked<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    fn new(answers: Answers, refresh: RwSignal<u64>, row_of: Option<fn(&S) -> i64>) -> Self {
        let action = ServerAction::<S>::new();
        let value = action.value();
        let initial = value.with_untracked(|v| match v {
            Some(Err(e)) => vec![(0, None, Err(e.clone()))],
            _ => Vec::new(),
        });
        let t = Self {
            action,
            answers,
            given: RwSignal::new(initial),
            row: RwSignal::new(None),
            form: NodeRef::new(),
        };
        if let Some(row_of) = row_of {
            // The input is there from the moment a form sends until its
            // answer arrives; the answer kept is always the last request's.
            let input = t.action.input();
            Effect::new(move |_| {
                if let Some(r) = input.with(|i| i.as_ref().map(row_of)) {
                    t.row.set(Some(r));
                }
            });
        }
        let version = t.action.version();
        Effect::new(move |seen: Option<usize>| {
            let v = version.get();
            if seen.is_some_and(|s| s != v) {
                let Some(result) = value.with_untracked(|v| {
                    v.as_ref()
                        .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
                }) else {
                    return v;
                };
                let n = answers.count.get_untracked() + 1;
                answers.count.set(n);
                let ok = result.is_ok();
                let row = t.row.get_untracked();
                t.given.update(|g| {
                    g.retain(|(m, r, _)| *r != row && *m != 0);
                    g.push((n, row, result));
                });
                if ok {
                    if let Some(f) = t.form.get_untracked() {
                        f.reset();
                    }
                    refresh.update(|r| *r += 1);
                }
            }
            v
        });
        t
    }

    /// What the form (of the row `row`, for a list) shows.
    pub fn answer(self, row: Option<i64>) -> Answer {
        Signal::derive(move || {
            let count = self.answers.count.get();
            self.given.with(|g| {
                let mine = g.iter().rev().find(|(_, r, _)| *r == row);
                let mine = mine.or_else(|| g.iter().find(|(_, r, _)| r.is_none()));
                shown(mine, count)
            })
        })
    }

    /// The latest answer of any row (for a message about the list, such as
    /// "Room deleted.").
    pub fn latest(self) -> Answer {
        Signal::derive(move || {
            let count = self.answers.count.get();
            self.given.with(|g| shown(g.last(), count))
        })
    }
}

/// A refusal stays; a success only while it is the page's latest answer.
fn shown(given: Option<&Given>, count: u64) -> Option<Result<(), AppError>> {
    match given {
        Some((_, _, Err(e))) => Some(Err(e.clone())),
        Some((n, _, Ok(()))) if *n == count => Some(Ok(())),
        _ => None,
    }
}

/// Bumped each time a page has drawn its data again after a save (see
/// `reload_into`): rows may have moved, and focus with them.
#[derive(Clone, Copy)]
pub struct Redrawn(pub RwSignal<u64>);

/// "Saved." (or `text`) under a form whose action succeeded last on the page.
///
/// When the reload removed the element that had keyboard focus, focus fell
/// to the top of the page: the message takes it (the form's own button is the
/// next stop), unless the user has already moved on. With `take_focus` it
/// takes focus anyway: after a row moved or went, the button that was
/// pressed now belongs to another row or to none.
#[component]
pub fn Saved(
    answer: Answer,
    #[prop(default = "Saved.")] text: &'static str,
    #[prop(optional)] take_focus: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::P>::new();
    let redrawn = use_context::<Redrawn>();
    Effect::new(move |_| {
        if let Some(r) = redrawn {
            r.0.track();
        }
        if let Some(p) = node.get() {
            // After the page has applied what the reload changed.
            request_animation_frame(move || {
                if (focus_lost(&document()) || take_focus) && p.is_connected() {
                    let _ = p.focus();
                }
            });
        }
    });
    view! {
        <Show when=move || matches!(answer.get(), Some(Ok(())))>
            <p class="ok" role="status" tabindex="-1" node_ref=node>{text}</p>
        </Show>
    }
}

/// Whether keyboard focus was lost: nothing has it, or it fell back to the
/// page itself, as it does when a redraw removed the focused element.
pub fn focus_lost(doc: &web_sys::Document) -> bool {
    doc.active_element()
        .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused() -> AppError {
        AppError::Invalid {
            field: "name".into(),
            message: "Give the room a name.".into(),
        }
    }

    #[test]
    fn a_success_shows_only_while_it_is_the_pages_latest_answer() {
        let saved: Given = (3, Some(7), Ok(()));
        assert_eq!(shown(Some(&saved), 3), Some(Ok(())));
        assert_eq!(shown(Some(&saved), 4), None);
    }

    #[test]
    fn a_refusal_stays_whatever_else_answers() {
        let no: Given = (2, None, Err(refused()));
        assert_eq!(shown(Some(&no), 2), Some(Err(refused())));
        assert_eq!(shown(Some(&no), 9), Some(Err(refused())));
    }

    #[test]
    fn nothing_answered_shows_nothing() {
        assert_eq!(shown(None, 0), None);
        assert_eq!(shown(None, 5), None);
    }
}
