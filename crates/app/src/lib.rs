//! Shopdeck's use-cases. Each public async function here is one thing a user, a token or the
//! system does; it owns its transaction, and API and web handlers call it rather than the store.

pub mod access;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod buyers;
pub mod cancellations;
pub mod catalog;
mod clock;
mod codes;
mod context;
pub mod deadlines;
pub mod demo;
mod error;
pub mod fulfilment;
pub mod idempotency;
pub mod inbox;
pub mod inventory;
pub mod jobs;
mod limits;
pub mod media;
pub(crate) mod messages;
pub mod notify;
pub mod onboarding;
pub mod order_export;
pub mod orders;
pub mod payments;
pub mod products;
pub mod returns;
pub mod secrets;
pub mod signup;
pub mod staff;
pub mod storefront;
pub mod system;
pub mod tokens;
pub mod translate;
pub mod twofactor;

pub use clock::{Clock, ManualClock, SystemClock};
pub use context::{App, Settings};
pub use error::{AppError, FieldError, Refusal};

pub type Result<T, E = AppError> = std::result::Result<T, E>;
