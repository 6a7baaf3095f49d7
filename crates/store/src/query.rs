//! A query whose text and parameters grow together, for the few reads whose filters vary.
//!
//! `sqlx::QueryBuilder<Any>` would be the obvious tool, but the `Any` driver's arguments
//! format every placeholder as `?`, which PostgreSQL rejects; this builder numbers them
//! `$1, $2, …` as every other query of the store does (SQLite reads those too).

use sqlx::any::{Any, AnyArguments};
use sqlx::{Arguments, Encode, FromRow, Type};

use crate::{Conn, Result, StoreError};

pub(crate) struct Query<'q> {
    sql: String,
    args: AnyArguments<'q>,
    error: Option<sqlx::error::BoxDynError>,
}

impl<'q> Query<'q> {
    pub(crate) fn new(sql: impl Into<String>) -> Self {
        Query {
            sql: sql.into(),
            args: AnyArguments::default(),
            error: None,
        }
    }

    /// Appends SQL text.
    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the placeholder of a new parameter holding `value`.
    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
        self.sql.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Appends `(…, …)`: one placeholder per value, comma-separated.
    pub(crate) fn push_bind_list<T, I>(&mut self, values: I) -> &mut Self
    where
        I: IntoIterator<Item = T>,
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        self.sql.push('(');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.push_bind(v);
        }
        self.sql.push(')');
        self
    }

    /// Runs the query and reads every row as `T`.
    pub(crate) async fn fetch_all<T>(self, conn: &mut Conn) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        if let Some(e) = self.error {
            return Err(StoreError::Sqlx(sqlx::Error::Encode(e)));
        }
        Ok(sqlx::query_as_with(&self.sql, self.args)
            .fetch_all(&mut *conn)
            .await?)
    }
}
