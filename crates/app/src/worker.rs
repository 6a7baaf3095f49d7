//! The worker that claims due jobs and runs them, and the registry of every feature's job
//! handlers. It sits above the features (which only enqueue, through [`crate::jobs`]), so the
//! features do not import it and it imports them.
//!
//! Several workers (threads or processes) may run at once; the store's claim makes sure one
//! due job goes to one of them.
//!
//! Leases are short (`Settings::job_lease`, 30 s) and renewed every third of that while the
//! job runs, so a process killed mid-job has its jobs taken over by the others within one
//! lease, however long jobs take. A lease names the worker as `<instance>#<boot>`: a process
//! that starts again under the same instance name puts its predecessor's jobs back in the
//! queue at once (`Worker::reclaim_predecessors`).

use crate::{App, Result};
use jiff::Timestamp;
use shopdeck_domain::ids::JobId;
use shopdeck_domain::jobs::after_failure;
use shopdeck_store::jobs::{self as repo, ClaimedJob};
use shopdeck_store::{idempotency, rate_limits, sessions, users};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::jobs::{JobError, JobHandler, enqueue};

/// The recurring clean-up job's kind.
pub const PURGE_EXPIRED: &str = "maintenance.purge_expired";

/// The worker: claims due jobs and hands each to the handler registered for its kind.
#[derive(Clone)]
pub struct Worker {
    app: App,
    id: String,
    handlers: Arc<HashMap<String, Arc<dyn JobHandler>>>,
    poll: Duration,
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("id", &self.id).finish()
    }
}

/// Builds a worker with the built-in handlers; features add theirs with `handle`.
pub struct WorkerBuilder {
    app: App,
    id: String,
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    poll: Duration,
}

/// A worker id for `instance`: its name (kept to letters, digits, `.`, `:` and `-`, so that
/// it is a plain prefix in SQL `LIKE`) and a random boot number.
fn worker_id(instance: &str) -> String {
    let name: String = instance
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{name}#{:08x}", rand::random::<u32>())
}

impl WorkerBuilder {
    /// A worker for this process; `instance` names the process across restarts.
    pub fn new(app: App, instance: &str) -> Self {
        let mut b = WorkerBuilder {
            app,
            id: worker_id(instance),
            handlers: HashMap::new(),
            poll: Duration::from_secs(1),
        };
        b = b
            .handle(PURGE_EXPIRED, PurgeExpired)
            .handle(crate::notify::DELIVER, crate::notify::Deliver)
            .handle(crate::bulk::RUN, crate::bulk::RunBulk)
            .handle(
                crate::payments::SANDBOX_CALLBACK,
                crate::payments::SendSandboxCallback,
            )
            .handle(crate::payments::REFUND, crate::payments::RunRefund)
            .handle(crate::orders::EXPIRE_UNPAID, crate::orders::ExpireUnpaid)
            .handle(crate::orders::RELEASE_HOLD, crate::orders::ReleaseHold)
            .handle(crate::order_export::RUN, crate::order_export::RunExport)
            .handle(
                crate::deadlines::SHIP_DEADLINE,
                crate::deadlines::ShipDeadline,
            )
            .handle(
                crate::cancellations::AUTO_APPROVE,
                crate::cancellations::AutoApprove,
            )
            .handle(
                crate::fulfilment::COMPLETE_ORDER,
                crate::fulfilment::CompleteOrder,
            )
            .handle(crate::returns::DEADLINE, crate::returns::Deadline);
        b
    }

    pub fn handle(mut self, kind: &str, handler: impl JobHandler + 'static) -> Self {
        self.handlers.insert(kind.to_owned(), Arc::new(handler));
        self
    }

    /// How often an idle worker looks for due jobs.
    pub fn poll_interval(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    pub fn build(self) -> Worker {
        let wake = self.app.worker_wake.clone();
        Worker {
            app: self.app,
            id: self.id,
            handlers: Arc::new(self.handlers),
            poll: self.poll,
            wake,
        }
    }
}

/// What one step of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Idle,
    Succeeded(JobId),
    Failed(JobId),
}

impl Worker {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Wakes an idle worker at once (after enqueueing from this process).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Claims and runs at most one due job.
    pub async fn step(&self) -> Result<Step> {
        let now = self.app.now();
        let lease_until = now
            .saturating_add(self.app.settings.job_lease)
            .unwrap_or(now);
        let claimed = {
            let mut tx = self.app.db.begin().await?;
            let job = repo::claim_next_job(&mut tx, &self.id, now, lease_until).await?;
            tx.commit()
                .await
                .map_err(shopdeck_store::StoreError::from)?;
            job
        };
        let Some(job) = claimed else {
            return Ok(Step::Idle);
        };
        let span = tracing::info_span!("job", job.id = %job.id, job.kind = %job.kind, job.attempt = job.attempt);
        let work = async {
            match self.handlers.get(&job.kind) {
                Some(h) => h.run(&self.app, &job).instrument(span).await,
                None => Err(JobError(format!("no handler for job kind `{}`", job.kind))),
            }
        };
        let outcome = tokio::select! {
            biased;
            outcome = work => outcome,
            () = self.keep_lease(job.id) => Err(JobError("the job's lease was taken over".into())),
        };
        let mut conn = self.app.db.begin().await?;
        let done_at = self.app.now();
        match outcome {
            Ok(()) => {
                if !repo::complete_job(&mut conn, job.id, &self.id, done_at).await? {
                    tracing::warn!(job.id = %job.id, "job finished after its lease was taken over");
                }
                conn.commit()
                    .await
                    .map_err(shopdeck_store::StoreError::from)?;
                tracing::debug!(job.id = %job.id, job.kind = %job.kind, "job succeeded");
                Ok(Step::Succeeded(job.id))
            }
            Err(e) => {
                let next = after_failure(
                    done_at,
                    job.attempt,
                    job.max_attempts,
                    rand::random::<u32>() % 1000,
                );
                tracing::warn!(job.id = %job.id, job.kind = %job.kind, attempt = job.attempt, error = %e, "job failed");
                repo::fail_job(&mut conn, job.id, &self.id, &e.0, next, done_at).await?;
                conn.commit()
                    .await
                    .map_err(shopdeck_store::StoreError::from)?;
                Ok(Step::Failed(job.id))
            }
        }
    }

    /// Renews a running job's lease every third of the lease; returns only if the lease was
    /// lost (another worker took the job over), which stops the job.
    async fn keep_lease(&self, id: JobId) {
        let lease = self.app.settings.job_lease;
        let every = Duration::try_from(lease / 3)
            .unwrap_or(Duration::from_secs(10))
            .max(Duration::from_millis(100));
        loop {
            tokio::time::sleep(every).await;
            let now = self.app.now();
            let until = now.saturating_add(lease).unwrap_or(now);
            let renewed = async {
                let mut tx = self.app.db.begin().await?;
                let held = repo::renew_lease(&mut tx, id, &self.id, until).await?;
                tx.commit()
                    .await
                    .map_err(shopdeck_store::StoreError::from)?;
                Ok::<bool, crate::AppError>(held)
            };
            match renewed.await {
                Ok(true) => {}
                Ok(false) => return,
                // The database is busy or down: keep working, try again at the next beat.
                Err(e) => tracing::warn!(job.id = %id, error = %e, "could not renew a job's lease"),
            }
        }
    }

    /// Puts back in the queue the jobs that an earlier run of this instance (same name,
    /// another boot) held when it stopped without finishing them: it was killed, so they
    /// need not wait for their leases to run out. Returns how many.
    pub async fn reclaim_predecessors(&self) -> Result<u64> {
        let Some((instance, _)) = self.id.split_once('#') else {
            return Ok(0);
        };
        let mut tx = self.app.db.begin().await?;
        let n = repo::requeue_jobs_of_instance(&mut tx, instance, &self.id, self.app.now()).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        if n > 0 {
            tracing::warn!(worker = %self.id, jobs = n, "took over the jobs of this instance's previous run");
        }
        Ok(n)
    }

    /// Runs due jobs until none is due; returns how many ran. Tests use it with a manual clock.
    pub async fn run_until_idle(&self) -> Result<usize> {
        let mut n = 0;
        while self.step().await? != Step::Idle {
            n += 1;
        }
        Ok(n)
    }

    /// `lanes` worker loops side by side, so that slow jobs (an HTTP callback, an export) do
    /// not hold up the others; each claims its own jobs.
    pub async fn run_lanes(self, lanes: usize, shutdown: CancellationToken) {
        if let Err(e) = self.reclaim_predecessors().await {
            tracing::warn!(error = %e, "could not take over the previous run's jobs");
        }
        let mut tasks = Vec::new();
        for _ in 1..lanes.max(1) {
            tasks.push(tokio::spawn(self.clone().run(shutdown.clone())));
        }
        self.run(shutdown).await;
        for t in tasks {
            let _ = t.await;
        }
    }

    /// The worker loop, until `shutdown` is cancelled. A job in progress finishes first.
    pub async fn run(self, shutdown: CancellationToken) {
        tracing::info!(worker = %self.id, "worker started");
        if let Err(e) = schedule_maintenance(&self.app).await {
            tracing::warn!(error = %e, "could not schedule maintenance");
        }
        let mut backoff = Duration::from_millis(500);
        while !shutdown.is_cancelled() {
            match self.step().await {
                Ok(Step::Idle) => {
                    backoff = Duration::from_millis(500);
                    tokio::select! {
                        _ = shutdown.cancelled() => break,
                        _ = tokio::time::sleep(self.poll) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    // The database is down or busy: wait, then try again.
                    tracing::error!(error = %e, "worker could not reach the queue");
                    tokio::select! {
                        _ = shutdown.cancelled() => break,
                        _ = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
        tracing::info!(worker = %self.id, "worker stopped");
    }
}

/// Makes sure the next hourly clean-up is queued. Every process calls it at start; the
/// dedupe key (one per hour) keeps it to a single job however many processes run.
pub async fn schedule_maintenance(app: &App) -> Result<()> {
    let now = app.now();
    let next_hour = (now.as_second() / 3600 + 1) * 3600;
    let at = Timestamp::from_second(next_hour).unwrap_or(now);
    let mut tx = app.db.begin().await?;
    enqueue(
        app,
        &mut tx,
        PURGE_EXPIRED,
        serde_json::json!({}),
        at,
        Some(format!("{PURGE_EXPIRED}:{next_hour}")),
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

/// Deletes expired sessions, idempotency keys, rate-limit windows and log-in challenges,
/// then queues the next run an hour later.
struct PurgeExpired;

#[async_trait::async_trait]
impl JobHandler for PurgeExpired {
    async fn run(&self, app: &App, _job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let now = app.now();
        let mut tx = app.db.begin().await.map_err(crate::AppError::from)?;
        let n = sessions::delete_expired_sessions(&mut tx, now)
            .await
            .map_err(crate::AppError::from)?;
        let keys = idempotency::delete_keys_before(
            &mut tx,
            now.saturating_sub(crate::idempotency::KEY_TTL)
                .unwrap_or(now),
        )
        .await
        .map_err(crate::AppError::from)?;
        // Rate-limit windows are at most an hour long; a day keeps every live one.
        let day_ago = now
            .saturating_sub(jiff::SignedDuration::from_hours(24))
            .unwrap_or(now);
        rate_limits::delete_stale(&mut tx, day_ago)
            .await
            .map_err(crate::AppError::from)?;
        users::delete_expired_challenges(&mut tx, now)
            .await
            .map_err(crate::AppError::from)?;
        tx.commit()
            .await
            .map_err(|e| JobError(format!("commit failed: {e}")))?;
        let (products, images) = crate::products::purge(app).await?;
        let buyer_rows = crate::buyers::purge_expired(app).await?;
        tracing::info!(
            sessions = n,
            buyer_rows,
            idempotency_keys = keys,
            products,
            images,
            "purged expired rows"
        );
        // The job ran at or after its hour, so this queues the following hour's run.
        schedule_maintenance(app).await?;
        Ok(())
    }
}
