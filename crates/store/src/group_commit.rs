//! Group commit for SQLite: many short write transactions share one durable commit.
//!
//! SQLite has one writer at a time, and with `synchronous=FULL` every commit waits for an
//! fsync. Under a crowd of writers (a flash sale) the fsyncs, not the SQL, set the pace. So
//! the process's writers take turns on one *physical* transaction (`BEGIN IMMEDIATE` on one
//! pooled connection) and each `Db::begin()` is a *unit* inside it, a savepoint:
//!
//! - a unit that commits releases its savepoint; a unit that rolls back (or is dropped)
//!   rolls back to it, so one unit's failure never touches another's writes;
//! - the physical transaction commits as soon as no writer is queued, or when the batch has
//!   [`MAX_UNITS`] units or is [`MAX_AGE`] old, so a batch never waits for more work than is
//!   already in line;
//! - `Tx::commit` answers only after the physical COMMIT (and its fsync) is done. A unit is
//!   never acknowledged before it is durable; if the physical commit fails, every unit of the
//!   batch gets the error, and none of them was acknowledged.
//!
//! Readers use other pooled connections and see batches only once committed. Units run one
//! at a time, as before, in the order they queued (tokio's mutex is fair).
//!
//! If the process is the only writer (the usual SQLite deployment), this changes nothing but
//! the number of fsyncs. Another process writing to the same file waits on SQLite's busy
//! timeout while a batch is open, which is at most [`MAX_AGE`] plus one unit's run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::{AnyPool, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::StoreError;
use crate::db::Conn;

/// Units per physical transaction at most.
pub const MAX_UNITS: usize = 256;
/// A batch older than this commits at the next unit's end even if writers are queued.
pub const MAX_AGE: Duration = Duration::from_millis(8);
/// A unit waiting for its batch's commit takes over the commit after this long (the writer
/// that should have committed it gave up or was cancelled).
const TAKE_OVER_AFTER: Duration = Duration::from_millis(20);

const SAVEPOINT: &str = "SAVEPOINT sd_unit";
const RELEASE: &str = "RELEASE SAVEPOINT sd_unit";
const ROLLBACK_TO: &str = "ROLLBACK TO SAVEPOINT sd_unit";

type Outcome = Option<Result<(), String>>;

struct Batch {
    id: u64,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    opened: Instant,
    /// Units released into this batch (waiting for its commit).
    released: usize,
    /// A unit was dropped mid-way: roll back to its savepoint before anything else runs.
    dirty: bool,
    outcome: watch::Sender<Outcome>,
}

#[derive(Default)]
struct Gate {
    open: Option<Batch>,
    next_id: u64,
}

/// The process's write gate and its open batch.
pub(crate) struct GroupCommit {
    gate: Arc<Mutex<Gate>>,
    queued: AtomicUsize,
    acquire_timeout: Duration,
}

impl GroupCommit {
    pub(crate) fn new(acquire_timeout: Duration) -> GroupCommit {
        GroupCommit {
            gate: Arc::new(Mutex::new(Gate::default())),
            queued: AtomicUsize::new(0),
            acquire_timeout,
        }
    }

    async fn lock(&self, as_writer: bool) -> Result<OwnedMutexGuard<Gate>, StoreError> {
        if as_writer {
            self.queued.fetch_add(1, Ordering::SeqCst);
        }
        let guard =
            tokio::time::timeout(self.acquire_timeout, self.gate.clone().lock_owned()).await;
        if as_writer {
            self.queued.fetch_sub(1, Ordering::SeqCst);
        }
        guard.map_err(|_| StoreError::Unavailable(sqlx::Error::PoolTimedOut))
    }

    /// Starts a unit: waits for the gate, opens a batch if none is open, sets the savepoint.
    pub(crate) async fn begin(self: &Arc<Self>, pool: &AnyPool) -> Result<Unit, StoreError> {
        let mut gate = self.lock(true).await?;
        clean(&mut gate).await;
        if gate.open.is_none() {
            let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            gate.next_id += 1;
            gate.open = Some(Batch {
                id: gate.next_id,
                tx,
                opened: Instant::now(),
                released: 0,
                dirty: false,
                outcome: watch::channel(None).0,
            });
        }
        let Some(batch) = gate.open.as_mut() else {
            return Err(StoreError::Unavailable(sqlx::Error::PoolClosed));
        };
        if let Err(e) = batch.tx.execute(SAVEPOINT).await {
            fail(&mut gate, &e).await;
            return Err(e.into());
        }
        let batch_id = batch.id;
        Ok(Unit {
            ctl: self.clone(),
            gate: Some(gate),
            batch_id,
            waiting: false,
        })
    }

    /// Ends the batch `batch_id` if it is still open: commits what its units released, or
    /// rolls it back if none did.
    async fn close(&self, batch_id: u64) -> Result<(), StoreError> {
        let mut gate = self.lock(false).await?;
        if gate.open.as_ref().is_some_and(|b| b.id == batch_id) {
            clean(&mut gate).await;
            end_batch(&mut gate).await;
        }
        Ok(())
    }
}

/// Rolls back a unit that was dropped while it held the gate. If that fails, the physical
/// transaction is in an unknown state and the whole batch fails.
async fn clean(gate: &mut Gate) {
    let Some(batch) = gate.open.as_mut() else {
        return;
    };
    if !batch.dirty {
        return;
    }
    batch.dirty = false;
    if let Err(e) = undo(&mut batch.tx).await {
        fail(gate, &e).await;
    }
}

/// Rolls back to the unit's savepoint and removes it.
async fn undo(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<(), sqlx::Error> {
    tx.execute(ROLLBACK_TO).await?;
    tx.execute(RELEASE).await?;
    Ok(())
}

/// Commits the open batch (or rolls it back when no unit was released) and tells its units.
async fn end_batch(gate: &mut Gate) {
    let Some(batch) = gate.open.take() else {
        return;
    };
    let result = if batch.released == 0 {
        batch.tx.rollback().await
    } else {
        batch.tx.commit().await
    };
    if let Err(e) = &result {
        tracing::error!(error = %e, units = batch.released, "group commit failed");
    }
    batch
        .outcome
        .send_replace(Some(result.map_err(|e| e.to_string())));
}

/// Abandons the open batch after an error that leaves it unusable.
async fn fail(gate: &mut Gate, error: &sqlx::Error) {
    if let Some(batch) = gate.open.take() {
        tracing::error!(error = %error, units = batch.released, "write batch abandoned");
        let _ = batch.tx.rollback().await;
        batch
            .outcome
            .send_replace(Some(Err(format!("write batch abandoned: {error}"))));
    }
}

/// One write transaction of the caller's, a savepoint inside the open batch.
pub struct Unit {
    ctl: Arc<GroupCommit>,
    /// Held while the unit runs; `None` once it has ended.
    gate: Option<OwnedMutexGuard<Gate>>,
    batch_id: u64,
    /// Released into the batch; waiting for the batch's commit.
    waiting: bool,
}

impl Unit {
    fn batch(&mut self) -> Option<&mut Batch> {
        self.gate.as_mut()?.open.as_mut()
    }

    pub(crate) fn conn(&mut self) -> Option<&mut Conn> {
        Some(&mut *self.batch()?.tx)
    }

    pub(crate) fn conn_ref(&self) -> Option<&Conn> {
        Some(&*self.gate.as_ref()?.open.as_ref()?.tx)
    }

    pub(crate) fn transaction(&mut self) -> Option<&mut sqlx::Transaction<'static, sqlx::Any>> {
        Some(&mut self.batch()?.tx)
    }

    /// Releases the savepoint and returns once the batch holding it is durable.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let Some(mut gate) = self.gate.take() else {
            return Err(gone());
        };
        let Some(batch) = gate.open.as_mut() else {
            return Err(gone());
        };
        if let Err(e) = batch.tx.execute(RELEASE).await {
            fail(&mut gate, &e).await;
            return Err(e);
        }
        batch.released += 1;
        let mut outcome = batch.outcome.subscribe();
        self.waiting = true;
        let full = batch.released >= MAX_UNITS || batch.opened.elapsed() >= MAX_AGE;
        if full || self.ctl.queued.load(Ordering::SeqCst) == 0 {
            end_batch(&mut gate).await;
        }
        drop(gate);
        let result = loop {
            if let Some(result) = outcome.borrow_and_update().clone() {
                break result;
            }
            match tokio::time::timeout(TAKE_OVER_AFTER, outcome.changed()).await {
                Ok(Ok(())) => {}
                // The batch was dropped without an outcome: it cannot have committed.
                Ok(Err(_)) => break Err("write batch lost".to_owned()),
                Err(_) => {
                    if let Err(e) = self.ctl.close(self.batch_id).await {
                        break Err(e.to_string());
                    }
                }
            }
        };
        self.waiting = false;
        result.map_err(sqlx::Error::Protocol)
    }

    /// Undoes the unit's writes; the rest of the batch is untouched.
    pub(crate) async fn rollback(mut self) -> Result<(), sqlx::Error> {
        let Some(mut gate) = self.gate.take() else {
            return Err(gone());
        };
        let Some(batch) = gate.open.as_mut() else {
            return Err(gone());
        };
        if let Err(e) = undo(&mut batch.tx).await {
            fail(&mut gate, &e).await;
            return Err(e);
        }
        if self.ctl.queued.load(Ordering::SeqCst) == 0 {
            end_batch(&mut gate).await;
        }
        Ok(())
    }
}

fn gone() -> sqlx::Error {
    sqlx::Error::Protocol("write batch already ended".to_owned())
}

impl Drop for Unit {
    /// A unit dropped while running (an error returned early, a cancelled request) is rolled
    /// back by whoever takes the gate next; a unit dropped while waiting for its batch leaves
    /// the batch to its other units. Either way a task makes sure the batch ends soon even if
    /// no other writer comes.
    fn drop(&mut self) {
        let running = match self.gate.as_mut() {
            Some(gate) => {
                if let Some(batch) = gate.open.as_mut() {
                    batch.dirty = true;
                }
                true
            }
            None => false,
        };
        self.gate = None;
        if running || self.waiting {
            let ctl = self.ctl.clone();
            let batch_id = self.batch_id;
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    if ctl.queued.load(Ordering::SeqCst) > 0 {
                        tokio::time::sleep(TAKE_OVER_AFTER).await;
                    }
                    let _ = ctl.close(batch_id).await;
                });
            }
        }
    }
}
