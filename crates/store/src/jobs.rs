//! The durable job queue: jobs survive restarts, retry with backoff, and each due job is
//! claimed by exactly one worker even with several processes on one PostgreSQL database.

use jiff::Timestamp;
use shopdeck_domain::ids::JobId;
use shopdeck_domain::jobs::{AfterFailure, JobStatus};
use shopdeck_domain::time::to_micros;

use crate::column::{Count, Micros, OptMicros};
use crate::{Conn, Result, StoreError};

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub id: JobId,
    pub kind: String,
    pub payload: serde_json::Value,
    pub run_at: Timestamp,
    pub max_attempts: u32,
    /// At most one job with this key exists; enqueuing another is a no-op.
    pub dedupe_key: Option<String>,
}

/// A job a worker has claimed and must now run.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: JobId,
    pub kind: String,
    pub payload: serde_json::Value,
    /// This attempt's number, from 1.
    pub attempt: u32,
    pub max_attempts: u32,
}

/// A claimed job as its `RETURNING` row reads, before the payload is parsed.
#[derive(sqlx::FromRow)]
struct ClaimedRow {
    #[sqlx(try_from = "String")]
    id: JobId,
    kind: String,
    payload: String,
    #[sqlx(try_from = "Count")]
    attempts: u32,
    #[sqlx(try_from = "Count")]
    max_attempts: u32,
}

/// A job as listed for operators and tests.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    #[sqlx(try_from = "String")]
    pub id: JobId,
    pub kind: String,
    #[sqlx(try_from = "String")]
    pub status: JobStatus,
    #[sqlx(try_from = "Count")]
    pub attempts: u32,
    #[sqlx(try_from = "Count")]
    pub max_attempts: u32,
    #[sqlx(try_from = "Micros")]
    pub run_at: Timestamp,
    /// The worker that holds it, or that last ran it.
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub finished_at: Option<Timestamp>,
}

/// Inserts a job; returns false when a job with the same dedupe key already exists.
pub async fn insert_job(conn: &mut Conn, job: &NewJob, now: Timestamp) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, status, run_at, attempts, max_attempts, dedupe_key,
                           created_at, updated_at)
         VALUES ($1, $2, $3, 'QUEUED', $4, 0, $5, $6, $7, $7)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(job.id.to_string())
    .bind(&job.kind)
    .bind(job.payload.to_string())
    .bind(to_micros(job.run_at))
    .bind(i64::from(job.max_attempts))
    .bind(job.dedupe_key.as_deref())
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Claims the oldest due job: a queued job whose time has come, or a running one whose
/// worker's lease ran out (the worker died). The claim bumps `attempts`, so a job that two
/// workers both ran would show it.
///
/// PostgreSQL skips rows another worker is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has a
/// single writer, and the one `UPDATE … RETURNING` statement is atomic there.
pub async fn claim_next_job(
    conn: &mut Conn,
    worker: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<ClaimedJob>> {
    let lock = if conn.backend_name() == "PostgreSQL" {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE jobs SET status = 'RUNNING', locked_by = $1, locked_until = $2,
                         attempts = attempts + 1, updated_at = $3
         WHERE id = (
             SELECT id FROM jobs
             WHERE (status = 'QUEUED' AND run_at <= $3)
                OR (status = 'RUNNING' AND locked_until < $3)
             ORDER BY run_at, id
             LIMIT 1
             {lock}
         )
         RETURNING id, kind, payload, attempts, max_attempts"
    );
    let row: Option<ClaimedRow> = sqlx::query_as(&sql)
        .bind(worker)
        .bind(to_micros(lease_until))
        .bind(to_micros(now))
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(ClaimedJob {
        id: row.id,
        kind: row.kind,
        payload: serde_json::from_str(&row.payload)
            .map_err(|e| StoreError::Corrupt(format!("job payload: {e}")))?,
        attempt: row.attempts,
        max_attempts: row.max_attempts,
    }))
}

/// Marks a claimed job done. Returns false if this worker no longer holds it (its lease ran
/// out and another worker took it over).
pub async fn complete_job(
    conn: &mut Conn,
    id: JobId,
    worker: &str,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'SUCCEEDED', locked_until = NULL,
                         finished_at = $1, updated_at = $1, last_error = NULL
         WHERE id = $2 AND status = 'RUNNING' AND locked_by = $3",
    )
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records a failed attempt: the job is queued again for later, or failed for good.
pub async fn fail_job(
    conn: &mut Conn,
    id: JobId,
    worker: &str,
    error: &str,
    next: AfterFailure,
    now: Timestamp,
) -> Result<bool> {
    let (status, run_at, finished) = match next {
        AfterFailure::RetryAt(at) => (JobStatus::Queued, Some(to_micros(at)), None),
        AfterFailure::GiveUp => (JobStatus::Failed, None, Some(to_micros(now))),
    };
    let r = sqlx::query(
        "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), finished_at = $3,
                         locked_until = NULL, last_error = $4, updated_at = $5
         WHERE id = $6 AND status = 'RUNNING' AND locked_by = $7",
    )
    .bind(status.as_str())
    .bind(run_at)
    .bind(finished)
    .bind(error)
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Jobs, newest first, optionally of one kind.
pub async fn list_jobs(conn: &mut Conn, kind: Option<&str>, limit: u32) -> Result<Vec<JobRow>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, status, attempts, max_attempts, run_at, locked_by, last_error, finished_at
         FROM jobs WHERE ($1 IS NULL OR kind = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(kind)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?)
}

/// Counts jobs per status, for metrics and the operator console.
pub async fn count_jobs_by_status(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status ORDER BY status")
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Renews the lease of a job this worker still holds; false when it no longer does.
pub async fn renew_lease(
    conn: &mut Conn,
    id: JobId,
    worker: &str,
    until: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET locked_until = $1
         WHERE id = $2 AND status = 'RUNNING' AND locked_by = $3",
    )
    .bind(to_micros(until))
    .bind(id.to_string())
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Queues again, due now, the running jobs of `instance`'s earlier boots (worker ids
/// `<instance>#<boot>` other than `current`). The instance contains no `LIKE` wildcards.
pub async fn requeue_jobs_of_instance(
    conn: &mut Conn,
    instance: &str,
    current: &str,
    now: Timestamp,
) -> Result<u64> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'QUEUED', locked_by = NULL, locked_until = NULL, run_at = $1,
                         updated_at = $1
         WHERE status = 'RUNNING' AND locked_by LIKE $2 AND locked_by <> $3",
    )
    .bind(to_micros(now))
    .bind(format!("{instance}#%"))
    .bind(current)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected())
}

/// Keeps a long job's lease (bulk imports report progress with it), so no other worker takes
/// it over while it is still being worked on.
pub async fn extend_lease(conn: &mut Conn, id: JobId, until: Timestamp) -> Result<bool> {
    let r = sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND status = 'RUNNING'")
        .bind(to_micros(until))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}
