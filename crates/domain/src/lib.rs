//! Shopdeck's business values and rules: pure, synchronous, free of IO.
//!
//! `domain` never imports sqlx, axum or tokio, and never reads the clock: time comes in as an
//! argument. Every meaningful value is a newtype with a fallible constructor, so the rest of the
//! code base takes `Email` or `Money`, never a raw string or float.

pub mod bank;
pub mod country;
pub mod document;
pub mod email;
pub mod fulfilment;
pub mod ids;
pub mod jobs;
pub mod locale;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod orders;
pub mod password;
pub mod phone;
pub mod products;
pub mod roles;
pub mod sellers;
pub mod text;
pub mod time;

pub use country::{Country, Portal};
pub use email::Email;
pub use locale::Locale;
pub use money::{BasisPoints, Currency, Money, MoneyError};
