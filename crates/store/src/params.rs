//! The bind values of a query assembled at run time (filters, `IN` lists), numbered as both
//! dialects read them.
//!
//! Not `sqlx::QueryBuilder<Any>`: sqlx 0.8 formats `Any`'s placeholders as `?`, which SQLite
//! reads but PostgreSQL refuses. [`Params::bind`] returns `$n` instead, the form every
//! hand-written query of the store uses.

use sqlx::any::{Any, AnyArguments};
use sqlx::{Arguments, Encode, Type};

use crate::{Result, StoreError};

#[derive(Default)]
pub(crate) struct Params {
    args: AnyArguments<'static>,
}

impl Params {
    /// Adds a value and returns its placeholder (`$1`, `$2`, …).
    pub(crate) fn bind<T>(&mut self, value: T) -> Result<String>
    where
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        self.args
            .add(value)
            .map_err(|e| StoreError::Sqlx(sqlx::Error::Encode(e)))?;
        Ok(format!("${}", self.args.len()))
    }

    /// `$i, $j, …` for each of `values`, bound in order (the inside of an `IN (…)`).
    pub(crate) fn list<T, I>(&mut self, values: I) -> Result<String>
    where
        I: IntoIterator<Item = T>,
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        let marks = values
            .into_iter()
            .map(|v| self.bind(v))
            .collect::<Result<Vec<_>>>()?;
        Ok(marks.join(", "))
    }

    pub(crate) fn into_args(self) -> AnyArguments<'static> {
        self.args
    }
}
