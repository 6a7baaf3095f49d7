//! How stored columns become domain values in the derived `sqlx::FromRow`s.
//!
//! A row struct derives `FromRow` and names, per field, the column type it is read through:
//!
//! | field | stored as | attribute |
//! |---|---|---|
//! | an id, a status or reason enum, a `Currency` | TEXT | `#[sqlx(try_from = "String")]` |
//! | the same, optional | TEXT NULL | `#[sqlx(try_from = "OptText")]` |
//! | `Timestamp` | BIGINT microseconds | `#[sqlx(try_from = "Micros")]` |
//! | `Option<Timestamp>` | BIGINT NULL | `#[sqlx(try_from = "OptMicros")]` |
//! | `bool` | INTEGER 0/1 | `#[sqlx(try_from = "Flag")]` |
//! | `u32` | BIGINT count | `#[sqlx(try_from = "Count")]` |
//! | `Vec<String>` | TEXT, a JSON list | `#[sqlx(try_from = "JsonList")]` |
//!
//! A value that does not convert (an unknown status, a malformed id) fails the read with
//! `sqlx::Error::ColumnDecode`, which the store reports as [`StoreError::Corrupt`]
//! (crate::StoreError::Corrupt): stored data is never silently replaced by a default.

use jiff::Timestamp;
use shopdeck_domain::time::from_micros;
use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::decode::Decode;
use sqlx::error::BoxDynError;
use sqlx::types::Type;

/// Declares a column type that decodes as `$inner` does and converts with `$into`.
macro_rules! column_type {
    ($(#[$meta:meta])* $name:ident($inner:ty) => $target:ty, $into:expr) => {
        $(#[$meta])*
        pub struct $name($inner);

        impl Type<Any> for $name {
            fn type_info() -> AnyTypeInfo {
                <$inner as Type<Any>>::type_info()
            }
            fn compatible(ty: &AnyTypeInfo) -> bool {
                <$inner as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $name {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                <$inner as Decode<'r, Any>>::decode(value).map($name)
            }
        }

        impl From<$name> for $target {
            fn from(v: $name) -> $target {
                let into: fn($inner) -> $target = $into;
                into(v.0)
            }
        }
    };
}

column_type!(
    /// A time stored as microseconds since the epoch.
    Micros(i64) => Timestamp, from_micros
);
column_type!(
    /// An optional time stored as microseconds since the epoch.
    OptMicros(Option<i64>) => Option<Timestamp>, |v| v.map(from_micros)
);
column_type!(
    /// A boolean stored as 0 or 1 (both dialects share one schema).
    Flag(i64) => bool, |v| v != 0
);
column_type!(
    /// A non-negative count stored as BIGINT, read as `u32` (saturating, as it always was).
    Count(i64) => u32, |v| u32::try_from(v).unwrap_or(u32::MAX)
);
column_type!(
    /// A JSON list of strings stored as TEXT; text that is not one reads as the empty list
    /// (free-form lists such as reasons and allowed values, read leniently as before).
    JsonList(String) => Vec<String>, |v| serde_json::from_str(&v).unwrap_or_default()
);

/// An optional TEXT column holding a value of a type that converts from `String` (an id, an
/// enum): `NULL` reads as `None`, anything else must convert.
pub struct OptText(Option<String>);

impl Type<Any> for OptText {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for OptText {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        <Option<String> as Decode<'r, Any>>::decode(value).map(OptText)
    }
}

impl<T> TryFrom<OptText> for Option<T>
where
    T: TryFrom<String>,
{
    type Error = T::Error;
    fn try_from(v: OptText) -> Result<Option<T>, T::Error> {
        v.0.map(T::try_from).transpose()
    }
}
