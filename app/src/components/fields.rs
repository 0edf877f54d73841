//! Form fields with a visible label, an optional hint and their error right
//! below, tied together with `aria-describedby` so screen readers read them too.

use crate::error::AppError;
use leptos::prelude::*;

/// The error message for one field from an action's last result.
pub fn field_error<T, V>(value: V, field: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => e.for_field(field),
            _ => None,
        })
    })
}

/// The message for the whole form (anything not tied to one field).
pub fn form_error<T, V>(value: V) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => e.general().or_else(|| e.for_field("form")),
            _ => None,
        })
    })
}

#[component]
pub fn TextField(
    /// Visible label.
    label: &'static str,
    /// The form field name (and the server function argument).
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// Makes ids unique when one page has several forms with the same fields.
    #[prop(optional, into)]
    id_suffix: String,
) -> impl IntoView {
    let id = format!("f-{name}{id_suffix}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let invalid = move || error.get().is_some().then_some("true");
    let described = {
        let hint_id = hint_id.clone();
        let err_id = err_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="5" required=required
                maxlength=maxlength.map(|m| m.to_string())
                placeholder=placeholder
                aria-invalid=invalid aria-describedby=described.clone()>{crate::html::raw_sink(value)}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind value=value required=required
                maxlength=maxlength.map(|m| m.to_string())
                autocomplete=autocomplete placeholder=placeholder
                aria-invalid=invalid aria-describedby=described/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {input}
            <Show when=move || error.get().is_some()>
                <p class="field-error" id=err_id.clone() role="alert">{move || error.get()}</p>
            </Show>
        </div>
    }
}

#[component]
pub fn CheckField(
    label: &'static str,
    name: &'static str,
    checked: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value="on" checked=checked/>
            <label for=id>{label} {hint.map(|h| view! { <span class="hint">{h}</span> })}</label>
        </div>
    }
}

#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// Empties a form after its action succeeded (an "add" form that stays on the
/// page should be ready for the next entry).
pub fn reset_on_success<T, V>(value: V, form: NodeRef<leptos::html::Form>)
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
        }
    });
}
