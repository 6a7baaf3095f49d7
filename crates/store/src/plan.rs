//! Query plans, so a test can check that a list is served by an index and not by reading the
//! whole table (which is fast at ten rows and slow at a million).

use sqlx::Row;

use crate::params::Params;
use crate::{Conn, Result};

/// How the database would run `sql`, one line per step: `EXPLAIN QUERY PLAN` on SQLite (lines
/// like `SEARCH p USING INDEX …` or `SCAN p`), `EXPLAIN` on PostgreSQL (`Index Scan using …`,
/// `Seq Scan on products …`).
pub(crate) async fn explain(conn: &mut Conn, sql: &str, params: Params) -> Result<Vec<String>> {
    let postgres = conn.backend_name() == "PostgreSQL";
    let (prefix, column) = if postgres {
        ("EXPLAIN ", 0)
    } else {
        ("EXPLAIN QUERY PLAN ", 3)
    };
    let rows = sqlx::query_with(&format!("{prefix}{sql}"), params.into_args())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(column))
        .collect::<std::result::Result<_, _>>()?)
}
