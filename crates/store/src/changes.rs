//! What the per-process caches must forget, and how every process learns it.
//!
//! A repository function that writes something buyers see (a product's status, content,
//! prices or stock; a shop's name, status or branding; the category tree) *touches* it inside
//! its transaction ([`touch`]). The mark lives in the transaction — PostgreSQL: a
//! transaction-local setting; SQLite: a temporary table of the writer connection — so a
//! rolled-back transaction or savepoint takes its marks with it. When the transaction
//! commits ([`crate::Tx::commit`]):
//!
//! - this process's caches hear of it before `commit` returns ([`Hub::publish`]), so a writer
//!   reads its own write at once;
//! - PostgreSQL: the marks go out with `pg_notify` in the committing transaction, delivered
//!   to every process's `LISTEN` connection only if it commits ([`Db::watch_changes`]); a
//!   process whose listening connection drops forgets everything when it reconnects,
//!   since notifications sent meanwhile are lost;
//! - SQLite: the transaction also moves the counter in `change_epoch`; each process reads it
//!   every [`POLL`], and a move it did not make itself (another process writing the same
//!   file) makes it forget everything.
//!
//! So a change is visible on every process within about [`POLL`] (SQLite) or the time a
//! notification takes to arrive (PostgreSQL, milliseconds).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use shopdeck_domain::ids::{ProductId, SellerId};
use sqlx::Executor;
use tokio_util::sync::CancellationToken;

use crate::Result;
use crate::db::{Conn, Db};

/// How often a SQLite process looks for another process's writes.
pub const POLL: Duration = Duration::from_millis(250);

/// The PostgreSQL channel the marks travel on.
pub const CHANNEL: &str = "shopdeck_changes";

/// A notification longer than this says "everything" instead (PostgreSQL refuses payloads
/// of 8000 bytes or more).
const MAX_PAYLOAD: usize = 7_000;

/// Something buyers see changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// One product's page: its content, prices, stock or status.
    Product(ProductId),
    /// Which products the lists hold, or what their cards show.
    Listings,
    /// A shop: its name, status (which hides or shows all its products) or branding.
    Shop(SellerId),
    /// The category tree or the attribute library.
    Catalog,
    /// Anything at all (a lost notification, a write made around the store).
    All,
}

impl Change {
    fn key(&self) -> String {
        match self {
            Change::Product(id) => format!("p:{id}"),
            Change::Listings => "l".to_owned(),
            Change::Shop(id) => format!("s:{id}"),
            Change::Catalog => "c".to_owned(),
            Change::All => "*".to_owned(),
        }
    }

    /// Reads a mark; one that does not read is taken as "everything".
    fn parse(key: &str) -> Change {
        let read = match key.split_once(':') {
            Some(("p", id)) => id.parse().ok().map(Change::Product),
            Some(("s", id)) => id.parse().ok().map(Change::Shop),
            _ => match key {
                "l" => Some(Change::Listings),
                "c" => Some(Change::Catalog),
                _ => None,
            },
        };
        read.unwrap_or(Change::All)
    }

    /// The marks of a list of keys (space separated), without repeats.
    fn parse_all(keys: &str) -> Vec<Change> {
        let set: BTreeSet<Change> = keys.split_whitespace().map(Change::parse).collect();
        if set.contains(&Change::All) {
            return vec![Change::All];
        }
        set.into_iter().collect()
    }
}

/// Marks `change` in the transaction `conn` is running (a write transaction: on a read
/// connection this fails like any write).
pub async fn touch(conn: &mut Conn, change: Change) -> Result<()> {
    let key = change.key();
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query(
            "SELECT set_config('shopdeck.touched',
                COALESCE(current_setting('shopdeck.touched', true), '') || $1 || ' ', true)",
        )
        .bind(key)
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query("INSERT INTO temp.sd_touched (key) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The temporary table that holds a SQLite writer's marks (made on each writer connection).
pub(crate) const SQLITE_MARKS: &str =
    "CREATE TEMP TABLE IF NOT EXISTS sd_touched (key TEXT PRIMARY KEY)";

/// Takes the marks of the transaction about to commit and sends them to the other
/// processes (PostgreSQL: `pg_notify`; SQLite: the epoch counter). Returns the marks and,
/// on SQLite, the epoch this transaction moved the counter to.
pub(crate) async fn before_commit(
    conn: &mut Conn,
) -> std::result::Result<(Vec<Change>, Option<i64>), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        let keys: Option<String> =
            sqlx::query_scalar("SELECT current_setting('shopdeck.touched', true)")
                .fetch_one(&mut *conn)
                .await?;
        let changes = Change::parse_all(keys.as_deref().unwrap_or(""));
        if changes.is_empty() {
            return Ok((changes, None));
        }
        let mut payload: Vec<String> = changes.iter().map(Change::key).collect();
        if payload.iter().map(|k| k.len() + 1).sum::<usize>() > MAX_PAYLOAD {
            payload = vec![Change::All.key()];
        }
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload.join(" "))
            .execute(&mut *conn)
            .await?;
        return Ok((changes, None));
    }
    let keys: Vec<String> = sqlx::query_scalar("DELETE FROM temp.sd_touched RETURNING key")
        .fetch_all(&mut *conn)
        .await?;
    if keys.is_empty() {
        return Ok((Vec::new(), None));
    }
    let epoch: i64 =
        sqlx::query_scalar("UPDATE change_epoch SET n = n + 1 WHERE id = 1 RETURNING n")
            .fetch_one(&mut *conn)
            .await?;
    Ok((Change::parse_all(&keys.join(" ")), Some(epoch)))
}

/// Who is told of changes in this process.
pub type Sink = dyn Fn(&[Change]) + Send + Sync;

/// The changes of one process: its listeners, and on SQLite the epochs it made itself.
#[derive(Default)]
pub struct Hub {
    sinks: RwLock<Vec<Weak<Sink>>>,
    epochs: Mutex<Epochs>,
    /// Ends the watcher ([`Db::watch_changes`]).
    stop: CancellationToken,
    watcher: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

#[derive(Default)]
struct Epochs {
    /// The counter as far as this process has accounted for it (None before the first read).
    known: Option<i64>,
    /// Values this process moved the counter to, not yet reached by `known`.
    own: BTreeSet<i64>,
}

impl Hub {
    /// Calls `sink` with every change from now on, for as long as the caller keeps it.
    pub fn subscribe(&self, sink: &Arc<Sink>) {
        let mut sinks = self.sinks.write().unwrap_or_else(|p| p.into_inner());
        sinks.retain(|s| s.strong_count() > 0);
        sinks.push(Arc::downgrade(sink));
    }

    /// Tells this process's listeners.
    pub fn publish(&self, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        let sinks: Vec<Arc<Sink>> = self
            .sinks
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter_map(Weak::upgrade)
            .collect();
        for sink in sinks {
            sink(changes);
        }
    }

    /// A SQLite transaction of this process moved the epoch to `n`.
    pub(crate) fn own_epoch(&self, n: i64) {
        let mut e = self.epochs.lock().unwrap_or_else(|p| p.into_inner());
        if e.known.is_some_and(|k| n > k) {
            e.own.insert(n);
        }
    }

    /// The counter read `n`: true when someone else moved it since the last look.
    fn saw_epoch(&self, n: i64) -> bool {
        let mut e = self.epochs.lock().unwrap_or_else(|p| p.into_inner());
        let Some(mut known) = e.known else {
            e.known = Some(n);
            return false;
        };
        while e.own.remove(&(known + 1)) {
            known += 1;
        }
        let foreign = n > known;
        let known = known.max(n);
        e.own.retain(|&o| o > known);
        e.known = Some(known);
        foreign
    }
}

impl Db {
    /// Tells every process that `change` happened, for writes made around the repositories
    /// (a benchmark's bulk copies, a restore).
    pub async fn announce(&self, change: Change) -> Result<()> {
        let mut tx = self.begin().await?;
        touch(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Listens for other processes' changes until [`Db::close`]: PostgreSQL `LISTEN`,
    /// SQLite a poll of `change_epoch`. Call once per process.
    pub fn watch_changes(&self) {
        let hub = Arc::downgrade(self.changes());
        let stop = self.changes().stop.clone();
        let task = match self.backend() {
            crate::Backend::Postgres => tokio::spawn(listen(self.url().to_owned(), hub, stop)),
            crate::Backend::Sqlite => tokio::spawn(poll(self.readers().clone(), hub, stop)),
        };
        let old = self
            .changes()
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(task);
        if let Some(old) = old {
            old.abort();
        }
    }
}

impl Hub {
    /// Stops watching and waits until the watcher's connection is closed.
    pub(crate) async fn stop_watching(&self) {
        self.stop.cancel();
        let task = self
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

/// PostgreSQL: takes every process's marks from the channel; after a lost connection, and at
/// the first connection (changes may have been made while connecting), forgets everything.
async fn listen(url: String, hub: Weak<Hub>, stop: CancellationToken) {
    let mut pause = Duration::from_millis(100);
    while !stop.is_cancelled() {
        let connected = async {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect(&url)
                .await?;
            let mut l = sqlx::postgres::PgListener::connect_with(&pool).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>((pool, l))
        };
        let connected = tokio::select! {
            () = stop.cancelled() => return,
            c = connected => c,
        };
        let Some(h) = hub.upgrade() else { return };
        h.publish(&[Change::All]);
        drop(h);
        match connected {
            Ok((pool, mut listener)) => {
                pause = Duration::from_millis(100);
                loop {
                    let next = tokio::select! {
                        () = stop.cancelled() => break,
                        n = listener.try_recv() => n,
                    };
                    let Some(h) = hub.upgrade() else { break };
                    match next {
                        Ok(Some(n)) => h.publish(&Change::parse_all(n.payload())),
                        Ok(None) => break,
                        Err(e) => {
                            tracing::warn!(error = %e, "change notifications interrupted");
                            break;
                        }
                    }
                }
                drop(listener);
                pool.close().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for changes; retrying");
            }
        }
        if hub.strong_count() == 0 {
            return;
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(pause) => {}
        }
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}

/// SQLite: reads the epoch every [`POLL`]; another process's move forgets everything.
async fn poll(pool: sqlx::AnyPool, hub: Weak<Hub>, stop: CancellationToken) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let Some(h) = hub.upgrade() else { return };
        if pool.is_closed() {
            return;
        }
        let read: std::result::Result<i64, sqlx::Error> = async {
            let mut conn = pool.acquire().await?;
            sqlx::query_scalar("SELECT n FROM change_epoch WHERE id = 1")
                .fetch_one(&mut *conn)
                .await
        }
        .await;
        match read {
            Ok(n) => {
                if h.saw_epoch(n) {
                    h.publish(&[Change::All]);
                }
            }
            Err(e) => tracing::debug!(error = %e, "cannot read the change epoch"),
        }
    }
}

/// Runs the statement that makes a SQLite writer connection's mark table.
pub(crate) async fn prepare_writer(conn: &mut Conn) -> std::result::Result<(), sqlx::Error> {
    conn.execute(SQLITE_MARKS).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_back_and_unknown_ones_mean_everything() {
        let p: ProductId = "prd_0193a8f0000070008000000000000001".parse().unwrap();
        let keys = format!(
            "{} l {} l",
            Change::Product(p).key(),
            Change::Product(p).key()
        );
        assert_eq!(
            Change::parse_all(&keys),
            vec![Change::Product(p), Change::Listings]
        );
        assert_eq!(Change::parse_all("l what"), vec![Change::All]);
        assert!(Change::parse_all("  ").is_empty());
    }

    #[test]
    fn only_another_process_moving_the_epoch_counts() {
        let hub = Hub::default();
        assert!(!hub.saw_epoch(5), "the first read is where we start");
        hub.own_epoch(7);
        hub.own_epoch(6);
        assert!(!hub.saw_epoch(7), "both moves were ours");
        assert!(hub.saw_epoch(8), "8 was not");
        hub.own_epoch(9);
        assert!(hub.saw_epoch(10), "9 was ours, 10 was not");
        assert!(!hub.saw_epoch(10));
    }
}
