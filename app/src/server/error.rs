//! Errors of the service layer and their mapping to the user-safe `AppError`.

use crate::domain::FieldError;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A field's value clashes with something stored (a taken link or name,
    /// an overlapping slot): a conflict whose message belongs to that field.
    #[error("clash: {0}")]
    Clash(FieldError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Invalid(FieldError::new(field, message))
    }

    pub fn clash(field: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Clash(FieldError::new(field, message))
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(f) => f.into(),
            ServiceError::NotFound(what) => {
                let mut s = what.to_string();
                if let Some(first) = s.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                AppError::NotFound(format!("{s} not found."))
            }
            ServiceError::Forbidden(m) => AppError::Forbidden(m),
            ServiceError::Conflict(m) => AppError::Conflict(m),
            ServiceError::Clash(f) => AppError::Clash {
                field: f.field.to_string(),
                message: f.message,
            },
            ServiceError::Db(err) => {
                tracing::error!(error = %err, "database error");
                AppError::Internal
            }
            ServiceError::Internal(err) => {
                tracing::error!(error = %err, "internal error");
                AppError::Internal
            }
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
