//! Persistence for Shopdeck: connection pools, migrations for SQLite and PostgreSQL, and one
//! repository module per feature.
//!
//! Repository functions take a connection (`&mut Conn`, which a transaction derefs to) and never
//! begin a transaction themselves: the use-case in `app` owns the transaction. Functions over
//! seller-owned rows take a `SellerId` (or an [`Owner`] where a buyer reads them too), so an
//! unscoped query cannot be written by accident; the few readers that may see every shop's
//! rows (operators, the worker, payment callbacks) call the `…_any` variant, which says so.

pub mod audit;
pub mod bulk;
pub mod buyers;
pub mod cancellations;
pub mod categories;
pub mod changes;
pub mod codes;
pub mod column;
mod db;
pub mod devices;
pub mod fulfilment;
mod group_commit;
pub mod idempotency;
pub mod inbox;
pub mod inventory;
pub mod jobs;
pub mod media;
pub mod notifications;
pub mod orders;
mod params;
mod plan;
pub mod platform_secrets;
pub mod products;
pub mod profiles;
pub mod rate_limits;
pub mod returns;
mod search;
pub mod sellers;
pub mod sessions;
pub mod signups;
pub mod staff;
pub mod tokens;
pub mod users;

pub use db::{Backend, Conn, Db, PoolSettings, PoolStats, Tx};

use shopdeck_domain::ids::{BuyerId, SellerId};

/// Whose rows a scoped read returns: the shop's (Seller Center, the seller API) or the
/// buyer's (their orders, returns, cancellations). A row of anyone else reads as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Seller(SellerId),
    Buyer(BuyerId),
}

impl Owner {
    /// The column that names the owner, and the owner's id.
    pub(crate) fn column(self) -> (&'static str, String) {
        match self {
            Owner::Seller(s) => ("seller_id", s.to_string()),
            Owner::Buyer(b) => ("buyer_id", b.to_string()),
        }
    }
}

/// One row by id from `select` (`SELECT <columns> FROM <table>`), of `owner` when given:
/// the scoped reads and their `…_any` variants share it.
pub(crate) async fn find_by_id<T>(
    conn: &mut Conn,
    select: &str,
    owner: Option<Owner>,
    id: String,
) -> Result<Option<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(match owner {
        Some(owner) => {
            let (column, value) = owner.column();
            sqlx::query_as(&format!("{select} WHERE id = $1 AND {column} = $2"))
                .bind(id)
                .bind(value)
                .fetch_optional(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_as(&format!("{select} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
    })
}

impl From<SellerId> for Owner {
    fn from(s: SellerId) -> Owner {
        Owner::Seller(s)
    }
}

impl From<BuyerId> for Owner {
    fn from(b: BuyerId) -> Owner {
        Owner::Buyer(b)
    }
}

/// A storage failure. Constraint violations the caller may want to turn into a user-facing
/// message are told apart; everything else is an internal error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a row with this {constraint} already exists")]
    Conflict { constraint: String },
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("database URL `{0}` is not sqlite:// or postgres://")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the database is not reachable: {0}")]
    Unavailable(sqlx::Error),
    #[error(transparent)]
    Sqlx(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            return StoreError::Conflict {
                constraint: db.constraint().unwrap_or("key").to_owned(),
            };
        }
        match e {
            sqlx::Error::ColumnDecode { index, source } => {
                StoreError::Corrupt(format!("column {index}: {source}"))
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e)
            }
            other => StoreError::Sqlx(other),
        }
    }
}

/// A nested transaction (SAVEPOINT) inside a transaction.
pub type Savepoint<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Opens a savepoint in `tx`: committing it keeps its work in the outer transaction, rolling
/// it back undoes only its own.
pub async fn savepoint(tx: &mut Tx) -> Result<Savepoint<'_>> {
    Ok(sqlx::Acquire::begin(&mut **tx.transaction()).await?)
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Reads a prefixed id column, reporting a malformed one as corruption.
pub(crate) fn parse_id<T: std::str::FromStr>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("malformed id `{s}`")))
}

/// Every (table, column) of the application schema, from the database's own catalogue; the
/// test that keeps the two migration trees in step compares these.
pub async fn table_columns(
    conn: &mut Conn,
) -> Result<std::collections::BTreeSet<(String, String)>> {
    use sqlx::Row;
    let sql = if conn.backend_name() == "PostgreSQL" {
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'"
    } else {
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
           AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\'
           AND m.name NOT LIKE 'product\\_search%' ESCAPE '\\'"
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("t")?, r.try_get("c")?)))
        .collect()
}
