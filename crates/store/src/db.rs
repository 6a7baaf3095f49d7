//! The database handle: one pool over SQLite or PostgreSQL, chosen by URL at run time.
//!
//! Both backends go through sqlx's `Any` driver, so a repository function holds one SQL text
//! that runs on both (`$1` placeholders work on SQLite too). Where the dialects differ the
//! function asks `Conn::backend_name()` and keeps both versions side by side.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

use crate::{Result, StoreError};

pub type Conn = sqlx::AnyConnection;

/// A write transaction. On PostgreSQL it is a plain transaction. On SQLite it is a unit of
/// the process's group commit (`group_commit`): a savepoint in a shared physical transaction,
/// run while holding the process's write gate, whose `commit` returns once the batch is
/// durable. It derefs to the connection like `sqlx::Transaction`.
pub struct Tx {
    inner: TxInner,
    /// Told what the transaction changed once it commits (see `changes`).
    hub: std::sync::Arc<crate::changes::Hub>,
}

enum TxInner {
    Plain(sqlx::Transaction<'static, sqlx::Any>),
    Unit(crate::group_commit::Unit),
}

impl Tx {
    /// Commits; what the transaction marked with `changes::touch` goes to the other
    /// processes with the commit, and to this process's listeners before this returns.
    pub async fn commit(mut self) -> std::result::Result<(), sqlx::Error> {
        let (changes, epoch) = crate::changes::before_commit(&mut self).await?;
        match self.inner {
            TxInner::Plain(tx) => tx.commit().await?,
            TxInner::Unit(unit) => unit.commit().await?,
        }
        if let Some(n) = epoch {
            self.hub.own_epoch(n);
        }
        self.hub.publish(&changes);
        Ok(())
    }

    pub async fn rollback(self) -> std::result::Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Plain(tx) => tx.rollback().await,
            TxInner::Unit(unit) => unit.rollback().await,
        }
    }

    /// The transaction itself, for a nested one (savepoint).
    pub fn transaction(&mut self) -> &mut sqlx::Transaction<'static, sqlx::Any> {
        match &mut self.inner {
            TxInner::Plain(tx) => tx,
            TxInner::Unit(unit) => unit.transaction().unwrap_or_else(|| unit_ended()),
        }
    }
}

/// A unit holds the gate and its batch from `begin` until `commit`/`rollback` consume it, so
/// a live `Tx` always has its connection.
fn unit_ended() -> ! {
    unreachable!("a running write unit always holds its batch")
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        match &self.inner {
            TxInner::Plain(tx) => tx,
            TxInner::Unit(unit) => unit.conn_ref().unwrap_or_else(|| unit_ended()),
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        match &mut self.inner {
            TxInner::Plain(tx) => tx,
            TxInner::Unit(unit) => unit.conn().unwrap_or_else(|| unit_ended()),
        }
    }
}

/// One tree of migrations for both databases: the column types are the portable subset
/// (`TEXT`, `BIGINT`, `CHECK`s; see ARCHITECTURE.md). The word index, which differs by
/// dialect, is made after them (`search::prepare`).
static MIGRATIONS: Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact_url(url)))
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Pool sizing; the defaults suit a small deployment.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// How long a SQLite writer waits for the lock before giving up.
    pub sqlite_busy_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(10),
            sqlite_busy_timeout: Duration::from_secs(5),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

/// The database: a pool and the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    /// Read connections (they refuse writes).
    pool: AnyPool,
    /// Where write transactions run: SQLite's single writer connection, or on PostgreSQL the
    /// same pool as the readers.
    writer: AnyPool,
    backend: Backend,
    max: u32,
    /// How to open a connection (migrations open their own, writable one).
    options: AnyConnectOptions,
    busy_ms: u128,
    /// SQLite allows one writer at a time: write transactions of this process take turns here
    /// and share durable commits.
    group: std::sync::Arc<crate::group_commit::GroupCommit>,
    /// The URL it was opened with (PostgreSQL's change listener opens its own connection).
    url: String,
    /// Who in this process hears of committed changes.
    changes: std::sync::Arc<crate::changes::Hub>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish()
    }
}

/// Hides a password in a URL for logs and errors.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("redacted"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Makes a SQLite URL create its file (and folder) when missing.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && !path.is_empty()
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = format!("sqlite://{path}");
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if !params.iter().any(|p| p.starts_with("mode=")) {
        params.push("mode=rwc");
    }
    out.push('?');
    out.push_str(&params.join("&"));
    Ok(out)
}

/// Pool options with the settings every connection gets on connect (see [`Db::connect`]).
fn pool_options(max: u32, busy_ms: u128, read_only: bool) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == "SQLite" {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute(&*format!("PRAGMA busy_timeout = {busy_ms}"))
                        .await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    if read_only {
                        conn.execute("PRAGMA query_only = ON").await?;
                    } else {
                        crate::changes::prepare_writer(conn).await?;
                    }
                } else if read_only {
                    conn.execute("SET default_transaction_read_only = on")
                        .await?;
                }
                Ok(())
            })
        })
}

impl Db {
    /// Opens a pool. SQLite connections get WAL, a busy timeout, foreign keys and
    /// `synchronous=FULL` on every connect: a committed transaction (an order, a payment) is
    /// on disk before it is acknowledged and survives a power cut, not just a crash.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1));
        let busy_ms = settings.sqlite_busy_timeout.as_millis();
        // Readers refuse writes: SQLite's `query_only`, PostgreSQL's read-only default (which
        // `begin()` overrides with `BEGIN READ WRITE`).
        let pool = pool_options(settings.max_connections, busy_ms, true)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options.clone())
            .await?;
        // SQLite writes one transaction at a time, through the write gate, on a connection of
        // its own; PostgreSQL's write transactions come from the same pool.
        let writer = match backend {
            Backend::Sqlite => {
                pool_options(1, busy_ms, false)
                    .acquire_timeout(settings.acquire_timeout)
                    .connect_with(options.clone())
                    .await?
            }
            Backend::Postgres => pool.clone(),
        };
        Ok(Db {
            pool,
            writer,
            backend,
            max: settings.max_connections,
            options,
            busy_ms,
            group: std::sync::Arc::new(crate::group_commit::GroupCommit::new(
                settings.acquire_timeout,
            )),
            url,
            changes: std::sync::Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn readers(&self) -> &AnyPool {
        &self.pool
    }

    /// This process's listeners of committed changes (see `changes`).
    pub fn changes(&self) -> &std::sync::Arc<crate::changes::Hub> {
        &self.changes
    }

    /// Applies pending migrations for this backend, on a connection allowed to write for
    /// the time it takes.
    pub async fn migrate(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            MIGRATIONS.run(&self.writer).await?;
            let mut conn = self.writer.acquire().await?;
            crate::search::prepare(&mut conn).await?;
            return Ok(());
        }
        // On PostgreSQL a pool of its own, without the readers' read-only default, closed
        // when done.
        let writer = pool_options(1, self.busy_ms, false)
            .connect_with(self.options.clone())
            .await?;
        let result = async {
            MIGRATIONS.run(&writer).await?;
            let mut conn = writer.acquire().await?;
            crate::search::prepare(&mut conn).await
        }
        .await;
        writer.close().await;
        result?;
        Ok(())
    }

    /// Begins a write transaction.
    ///
    /// On SQLite it is a unit of the process's group commit (see `group_commit`): writers
    /// queue in order for the write gate, without polling, and one waiting longer than the
    /// pool's acquire timeout gets `Unavailable`. The shared physical transaction is
    /// `BEGIN IMMEDIATE`, which takes the write lock up front so a read-then-write
    /// transaction cannot fail half way with SQLITE_BUSY.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match self.backend {
            Backend::Sqlite => TxInner::Unit(self.group.begin(&self.writer).await?),
            Backend::Postgres => TxInner::Plain(self.writer.begin_with("BEGIN READ WRITE").await?),
        };
        Ok(Tx {
            inner,
            hub: self.changes.clone(),
        })
    }

    /// A pooled connection for reads outside any transaction. It refuses writes (SQLite's
    /// `query_only`, PostgreSQL's `default_transaction_read_only`): every write goes through
    /// [`Db::begin`], so no write runs in autocommit beside the write gate.
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }

    pub fn stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.max,
        }
    }

    pub async fn close(&self) {
        self.changes.stop_watching().await;
        self.pool.close().await;
        self.writer.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_migration_tree_serves_both_databases() {
        assert!(MIGRATIONS.iter().count() >= 16);
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for dialect in ["sqlite", "postgres"] {
            assert!(
                !here.join(dialect).exists(),
                "migrations/{dialect}: keep one tree (a per-dialect file only where SQL differs)"
            );
        }
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join("shopdeck-url-test");
        let url = format!("sqlite://{}/x.db", dir.display());
        assert!(prepare_sqlite_url(&url).unwrap().ends_with("x.db?mode=rwc"));
        assert!(
            prepare_sqlite_url("sqlite::memory:?cache=shared")
                .unwrap()
                .contains("cache=shared&mode=rwc")
        );
    }

    #[test]
    fn passwords_are_redacted_and_unknown_schemes_refused() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:redacted@h/db"
        );
        assert!(matches!(
            Backend::from_url("mysql://x"),
            Err(StoreError::UnsupportedUrl(_))
        ));
    }
}
