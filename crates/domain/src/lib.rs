//! Shopdeck's business values and rules: pure, synchronous, free of IO.
//!
//! `domain` never imports sqlx, axum or tokio, and never reads the clock: time comes in as an
//! argument. Every meaningful value is a newtype with a fallible constructor, so the rest of the
//! code base takes `Email` or `Money`, never a raw string or float.

#[macro_use]
mod macros;

pub mod bank;
pub mod cancellations;
pub mod country;
pub mod document;
pub mod email;
pub mod fulfilment;
pub mod health;
pub mod ids;
pub mod jobs;
pub mod locale;
pub mod media;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod orders;
pub mod password;
pub mod phone;
pub mod products;
pub mod refunds;
pub mod returns;
pub mod roles;
pub mod sellers;
pub mod text;
pub mod time;

pub use country::{Country, Portal};
pub use email::Email;
pub use locale::Locale;
pub use money::{BasisPoints, Currency, Money, MoneyError};

/// A stored or wire name that names no value of `kind`. Read from the database it means the
/// data is corrupt: the store reports it as such, never as a default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a known {kind}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// `TryFrom<String>` through each type's `parse(&str) -> Option<Self>`, so the store reads the
/// value straight out of its column (`#[sqlx(try_from = "String")]`) and an unknown name is an
/// error.
#[macro_export]
macro_rules! try_from_string {
    ($($name:ident),+ $(,)?) => {$(
        impl TryFrom<String> for $name {
            type Error = $crate::UnknownValue;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::parse(&s).ok_or_else(|| $crate::UnknownValue {
                    kind: stringify!($name),
                    value: s,
                })
            }
        }
    )+};
}
