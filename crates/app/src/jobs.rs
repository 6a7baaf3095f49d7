//! The job queue that features use: enqueueing durable jobs inside a use-case's transaction,
//! the handler trait a feature implements for its kind of job, and the error an attempt
//! reports. The worker that claims and runs them, and the registry that names every feature's
//! handlers, sit above the features in [`crate::worker`], so that this module imports none of
//! them.
//!
//! A job is at-least-once: a worker that dies mid-job loses its lease and the job runs again,
//! so every handler must be idempotent.

use jiff::Timestamp;
use shopdeck_domain::ids::JobId;
use shopdeck_store::Conn;
use shopdeck_store::jobs::{self as repo, ClaimedJob, NewJob};

use crate::{App, Result};

/// Default number of attempts before a job is failed for good.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;

/// Enqueues a job on the caller's connection, normally inside the transaction of the
/// use-case that causes it, so that the job exists if and only if the change committed.
pub async fn enqueue(
    app: &App,
    conn: &mut Conn,
    kind: &str,
    payload: serde_json::Value,
    run_at: Timestamp,
    dedupe_key: Option<String>,
) -> Result<Option<JobId>> {
    let id: JobId = app.new_id();
    let job = NewJob {
        id,
        kind: kind.to_owned(),
        payload,
        run_at,
        max_attempts: DEFAULT_MAX_ATTEMPTS,
        dedupe_key,
    };
    let inserted = repo::insert_job(conn, &job, app.now()).await?;
    Ok(inserted.then_some(id))
}

/// What a handler reports when an attempt fails; the job is retried with backoff.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct JobError(pub String);

impl From<shopdeck_store::StoreError> for JobError {
    fn from(e: shopdeck_store::StoreError) -> Self {
        JobError(e.to_string())
    }
}

impl From<crate::AppError> for JobError {
    fn from(e: crate::AppError) -> Self {
        JobError(e.to_string())
    }
}

/// Runs one kind of job.
#[async_trait::async_trait]
pub trait JobHandler: Send + Sync {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError>;
}
