//! The rules of the durable job queue: states and the retry schedule.

use jiff::{SignedDuration, Timestamp};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    /// Waiting for `run_at`, or for a worker to claim it.
    Queued,
    /// Claimed by a worker whose lease has not expired.
    Running,
    /// Finished successfully.
    Succeeded,
    /// Gave up after its last allowed attempt.
    Failed,
}

impl JobStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            JobStatus::Queued => "QUEUED",
            JobStatus::Running => "RUNNING",
            JobStatus::Succeeded => "SUCCEEDED",
            JobStatus::Failed => "FAILED",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        match s {
            "QUEUED" => Some(JobStatus::Queued),
            "RUNNING" => Some(JobStatus::Running),
            "SUCCEEDED" => Some(JobStatus::Succeeded),
            "FAILED" => Some(JobStatus::Failed),
            _ => None,
        }
    }
}

crate::try_from_string!(JobStatus);

string_enum! {
    /// Where a seller's bulk job (an import or an export) is, as the seller sees it.
    pub enum BulkStatus {
        Queued = "QUEUED",
        Running = "RUNNING",
        Done = "DONE",
        Failed = "FAILED",
    }
}

impl BulkStatus {
    /// Done or failed: nothing more happens to it.
    pub fn is_finished(self) -> bool {
        matches!(self, BulkStatus::Done | BulkStatus::Failed)
    }
}

/// What happens to a job whose attempt number `attempt` (1-based) just failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(Timestamp),
    GiveUp,
}

/// Exponential backoff: 10 s, 20 s, 40 s … capped at one hour, no retry past `max_attempts`.
/// `jitter_ms` (0..1000, chosen by the caller) spreads retries of many jobs that failed together.
pub fn after_failure(
    now: Timestamp,
    attempt: u32,
    max_attempts: u32,
    jitter_ms: u32,
) -> AfterFailure {
    if attempt >= max_attempts {
        return AfterFailure::GiveUp;
    }
    let exp = attempt.saturating_sub(1).min(12);
    let secs = (10i64 << exp).min(3600);
    let delay = SignedDuration::from_secs(secs)
        + SignedDuration::from_millis(i64::from(jitter_ms.min(999)));
    AfterFailure::RetryAt(now.saturating_add(delay).unwrap_or(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps_then_gives_up() {
        let now = Timestamp::from_second(1_000_000).unwrap();
        let delay = |attempt| match after_failure(now, attempt, 20, 0) {
            AfterFailure::RetryAt(t) => (t - now).get_seconds(),
            AfterFailure::GiveUp => -1,
        };
        assert_eq!(delay(1), 10);
        assert_eq!(delay(2), 20);
        assert_eq!(delay(3), 40);
        assert_eq!(delay(12), 3600);
        assert_eq!(after_failure(now, 20, 20, 0), AfterFailure::GiveUp);
        assert_eq!(after_failure(now, 3, 3, 0), AfterFailure::GiveUp);
    }

    #[test]
    fn status_names_round_trip() {
        for s in [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Succeeded,
            JobStatus::Failed,
        ] {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
        }
    }
}
