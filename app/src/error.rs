//! The one error type the UI sees. It is safe to show: database and internal
//! errors are logged on the server and reach the browser only as `Internal`.

use crate::domain::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A form field was rejected; the message belongs next to that field.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("Please log in as an organizer.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    /// The request clashes with the current state (a closed phase, a budget, a
    /// room in use): the message says what to do.
    #[error("{0}")]
    Conflict(String),
    #[error("Could not reach Kring. Check your connection and try again.")]
    Network,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    /// The message for one form field, if this error is about it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    /// A message for the whole form: anything that is not tied to a field.
    pub fn general(&self) -> Option<String> {
        match self {
            AppError::Invalid { .. } => None,
            other => Some(other.to_string()),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::Network => 503,
            AppError::Internal => 500,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid {
            field: e.field.to_string(),
            message: e.message,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => AppError::Invalid {
                field: "form".into(),
                message: format!("The form was incomplete: {msg}"),
            },
            other => {
                tracing::error!(error = %other, "server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_routed_to_their_field() {
        let e: AppError = FieldError::new("title", "Give your topic a title.").into();
        assert_eq!(
            e.for_field("title").as_deref(),
            Some("Give your topic a title.")
        );
        assert_eq!(e.for_field("description"), None);
        assert_eq!(e.general(), None);
        assert_eq!(e.status(), 422);
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "no such table: secrets".into(),
        ));
        assert_eq!(e, AppError::Internal);
        assert!(!e.to_string().contains("secrets"));
    }
}
