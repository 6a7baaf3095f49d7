//! The errors a use-case reports. Each surface (API, web) maps them once: to problem+json,
//! or to a message beside the form field.

use std::time::Duration;

use shopdeck_store::StoreError;

/// One invalid input field: a stable machine code, the field's name, and an English message
/// (the web UI translates by `code` where it has a translation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("authentication required")]
    Unauthenticated,
    #[error("the login or password is wrong")]
    BadCredentials,
    /// The password was right; the code from the authenticator app must follow.
    #[error("a code from the authenticator app is needed")]
    SecondFactorRequired(crate::twofactor::Challenge),
    #[error("you are not allowed to do this")]
    Forbidden,
    /// A provider's callback whose signature is missing, forged or stale.
    #[error("the callback's signature is missing, forged or stale")]
    BadSignature,
    /// An `Idempotency-Key` sent again with a different request.
    #[error("this idempotency key was used for a different request")]
    KeyReused,
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts; try again later")]
    RateLimited { retry_after: Duration },
    #[error("the database is not reachable")]
    Unavailable(#[source] StoreError),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A page size the client chose: `default` when absent, refused (never clamped) outside
    /// 1..=`max`, so a client never gets fewer items than it asked for without being told.
    pub fn page_size(
        field: &str,
        value: Option<i64>,
        default: i64,
        max: i64,
    ) -> Result<i64, AppError> {
        let n = value.unwrap_or(default);
        if (1..=max).contains(&n) {
            Ok(n)
        } else {
            Err(AppError::invalid(
                field,
                "limit-range",
                format!("Ask for 1 to {max} items"),
            ))
        }
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { constraint } => {
                AppError::Conflict(format!("a record with this {constraint} already exists"))
            }
            unavailable @ StoreError::Unavailable(_) => AppError::Unavailable(unavailable),
            other => AppError::Internal(Box::new(other)),
        }
    }
}
