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
    /// A field's value clashes with what is stored (a taken link, an
    /// overlapping slot): a conflict, shown next to that field.
    #[error("{message}")]
    Clash { field: String, message: String },
    /// The request itself is malformed (a missing or non-numeric argument):
    /// not something a person typed into a field.
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("Please log in as an organizer.")]
    Unauthorized,
    /// A log in with an email and password that do not match (shown next to
    /// the password; it never says which of the two was wrong).
    #[error("That email and password do not match an organizer.")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(String),
    /// The request clashes with the current state (a closed phase, a budget, a
    /// room in use): the message says what to do.
    #[error("{0}")]
    Conflict(String),
    #[error("That is too much text to send at once.")]
    TooLarge,
    /// Slow down: the message says when to try again; `retry_after` (seconds)
    /// becomes the `Retry-After` header.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u64 },
    #[error("Could not reach Kring. Check your connection and try again.")]
    Network,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    /// The message for one form field, if this error is about it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid { field, message } | AppError::Clash { field, message }
                if field == name =>
            {
                Some(message.clone())
            }
            AppError::BadCredentials if name == "password" => Some(self.to_string()),
            _ => None,
        }
    }

    /// A message for the whole form: anything that is not tied to a field.
    pub fn general(&self) -> Option<String> {
        match self {
            AppError::Invalid { .. } | AppError::Clash { .. } | AppError::BadCredentials => None,
            other => Some(other.to_string()),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::BadRequest(_) => 400,
            AppError::Clash { .. } => 409,
            AppError::NotFound(_) => 404,
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::TooManyRequests { .. } => 429,
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
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(format!("The form was incomplete or malformed: {msg}"))
            }
            // Reading the request body past the server's body limit.
            ServerFnErrorErr::Deserialization(msg) if msg.contains("length limit exceeded") => {
                AppError::TooLarge
            }
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
    fn malformed_requests_and_oversized_bodies_are_refusals() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "invalid digit found in string".into(),
        ));
        assert_eq!(e.status(), 400);
        assert!(e.general().unwrap().contains("malformed"));
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "length limit exceeded".into(),
        ));
        assert_eq!(e, AppError::TooLarge);
        assert_eq!(e.status(), 413);
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
