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
    /// The state forbids what was asked: a stable `code` (sent by the API, translated by the
    /// web) and an English `detail` for logs and API clients.
    #[error("{detail}")]
    Conflict { code: Refusal, detail: String },
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

    /// A refusal by the state of things (409 in the API).
    pub fn refused(code: Refusal, detail: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// The refusal's code, when this is a refusal.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            AppError::Conflict { code, .. } => Some(*code),
            _ => None,
        }
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { constraint } => AppError::refused(
                Refusal::AlreadyExists,
                format!("a record with this {constraint} already exists"),
            ),
            unavailable @ StoreError::Unavailable(_) => AppError::Unavailable(unavailable),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

macro_rules! refusals {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// Why the state of things refuses a request: one stable code per reason. The API sends
        /// it as the problem's `code` (docs/API.md lists them all), the web translates it
        /// (`refusal-<code>` in its Fluent files), and stored reasons use it too.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        // The codes are the variants in kebab-case (a unit test checks the two agree);
        // `rename_all` rather than a rename per variant, so the OpenAPI derive sees them.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "kebab-case")]
        pub enum Refusal {
            $($(#[$doc])* $variant,)*
        }

        impl Refusal {
            pub const ALL: &'static [Refusal] = &[$(Refusal::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(Refusal::$variant => $code,)*
                }
            }

            pub fn parse(code: &str) -> Option<Refusal> {
                Refusal::ALL.iter().copied().find(|r| r.code() == code)
            }
        }
    };
}

refusals! {
    /// A record with the same unique value exists (a retried form, a taken name).
    AlreadyExists = "already-exists",
    /// Someone else changed the record between reading and writing: reload and retry.
    ChangedMeanwhile = "changed-meanwhile",
    SignupComplete = "signup-complete",
    SignupStep = "signup-step",
    AccountExists = "account-exists",
    AddressBookFull = "address-book-full",
    AlreadyMember = "already-member",
    RoleInUse = "role-in-use",
    TwoFactorOn = "two-factor-on",
    TwoFactorOff = "two-factor-off",
    TwoFactorNotStarted = "two-factor-not-started",
    ProfileLocked = "profile-locked",
    /// The shop's status does not allow this step (submit, approve, suspend …).
    ShopState = "shop-state",
    ShopNotApproved = "shop-not-approved",
    /// The product's status does not allow this (edit, submit, review, delete …).
    ProductState = "product-state",
    ProductInReview = "product-in-review",
    ProductNotInReview = "product-not-in-review",
    ProductNotDeleted = "product-not-deleted",
    RecoveryExpired = "recovery-expired",
    NoApprovedVersion = "no-approved-version",
    TranslationUnavailable = "translation-unavailable",
    WarehouseLimit = "warehouse-limit",
    OutOfStock = "out-of-stock",
    /// Stock would fall below what open orders reserved, or below zero.
    BelowReserved = "below-reserved",
    AlreadyPaid = "already-paid",
    PaymentClosed = "payment-closed",
    PaymentDecided = "payment-decided",
    SandboxRefused = "sandbox-refused",
    RefundExceedsPaid = "refund-exceeds-paid",
    /// The order's status does not allow this.
    OrderState = "order-state",
    OrderCancelled = "order-cancelled",
    OrderUnpaid = "order-unpaid",
    OrderOnHold = "order-on-hold",
    OrderShipped = "order-shipped",
    OrderFullyPacked = "order-fully-packed",
    /// An unpaid or on-hold order is cancelled at once, not by request.
    CancelDirectly = "cancel-directly",
    /// Past shipping, the buyer asks for a return instead.
    CancelAfterShipping = "cancel-after-shipping",
    CancellationPending = "cancellation-pending",
    /// The buyer asked to cancel: the seller answers that first.
    AnswerCancellationFirst = "answer-cancellation-first",
    /// The cancellation request was answered or withdrawn already.
    CancellationState = "cancellation-state",
    /// The package's status does not allow this.
    PackageState = "package-state",
    PlatformTracked = "platform-tracked",
    /// The after-sale window of the order has closed.
    ReturnWindowClosed = "return-window-closed",
    /// A return can be asked for once the order is delivered.
    NotDelivered = "not-delivered",
    ReturnInProgress = "return-in-progress",
    AllRefunded = "all-refunded",
    RefundedMeanwhile = "refunded-meanwhile",
    /// The return's status does not allow this.
    ReturnState = "return-state",
    EscalationClosed = "escalation-closed",
    NoReturnLabel = "no-return-label",
    NoReturnedPackage = "no-returned-package",
    /// The live session's status does not allow this.
    LiveState = "live-state",
    AnotherLive = "another-live",
    PinClosed = "pin-closed",
    NotLive = "not-live",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for r in Refusal::ALL {
            assert!(seen.insert(r.code()), "{} twice", r.code());
            assert_eq!(Refusal::parse(r.code()), Some(*r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
    }
}
