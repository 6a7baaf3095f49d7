//! The durable job queue and worker.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::SignedDuration;
use shopdeck_app::App;
use shopdeck_app::jobs::{self, JobError, JobHandler};
use shopdeck_app::worker::{self, Step, WorkerBuilder};
use shopdeck_domain::ids::JobId;
use shopdeck_domain::jobs::JobStatus;
use shopdeck_store::jobs::{ClaimedJob, JobRow, claim_next_job, complete_job, list_jobs};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    a_job_runs_once_and_is_marked_succeeded,
    future_jobs_wait_for_their_time,
    failing_jobs_retry_with_backoff_then_fail,
    an_expired_lease_lets_another_worker_take_over,
    a_running_job_keeps_its_lease_beyond_the_first,
    two_workers_on_separate_pools_never_run_a_job_twice,
    unknown_kinds_are_kept_and_retried,
    dedupe_keys_keep_one_job,
    maintenance_purges_expired_sessions_and_reschedules_itself,
);

/// Records which worker ran which job.
#[derive(Clone, Default)]
struct Recorder {
    runs: Arc<Mutex<Vec<(JobId, String)>>>,
    worker: String,
    delay: Duration,
    fail: bool,
}

#[async_trait::async_trait]
impl JobHandler for Recorder {
    async fn run(&self, _app: &App, job: &ClaimedJob) -> Result<(), JobError> {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        self.runs
            .lock()
            .unwrap()
            .push((job.id, self.worker.clone()));
        if self.fail {
            Err(JobError("the carrier API said no".into()))
        } else {
            Ok(())
        }
    }
}

async fn enqueue(t: &App, kind: &str, run_at: jiff::Timestamp) -> JobId {
    let mut tx = t.db.begin().await.unwrap();
    let id = jobs::enqueue(t, &mut tx, kind, serde_json::json!({"n": 1}), run_at, None)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn job(app: &App, id: JobId) -> JobRow {
    let mut conn = app.db.conn().await.unwrap();
    list_jobs(&mut conn, None, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.id == id)
        .unwrap()
}

async fn a_job_runs_once_and_is_marked_succeeded(b: TestBackend) {
    let t = TestApp::new(b).await;
    let rec = Recorder::default();
    let w = WorkerBuilder::new(t.app.clone(), "w1")
        .handle("test.record", rec.clone())
        .build();
    let id = enqueue(&t.app, "test.record", t.app.now()).await;
    assert_eq!(w.run_until_idle().await.unwrap(), 1);
    assert_eq!(w.run_until_idle().await.unwrap(), 0, "nothing runs twice");
    assert_eq!(rec.runs.lock().unwrap().len(), 1);
    let j = job(&t.app, id).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.attempts, 1);
    // The lease names the instance and this boot of it.
    assert!(
        j.locked_by.as_deref().unwrap().starts_with("w1#"),
        "{:?}",
        j.locked_by
    );
    assert_eq!(j.finished_at, Some(t.app.now()));
}

async fn future_jobs_wait_for_their_time(b: TestBackend) {
    let t = TestApp::new(b).await;
    let rec = Recorder::default();
    let w = WorkerBuilder::new(t.app.clone(), "w1")
        .handle("test.record", rec.clone())
        .build();
    let at = t.app.now() + SignedDuration::from_hours(1);
    enqueue(&t.app, "test.record", at).await;
    assert_eq!(w.step().await.unwrap(), Step::Idle);
    t.clock.advance(SignedDuration::from_mins(59));
    assert_eq!(w.step().await.unwrap(), Step::Idle);
    t.clock.advance(SignedDuration::from_mins(1));
    assert!(matches!(w.step().await.unwrap(), Step::Succeeded(_)));
}

async fn failing_jobs_retry_with_backoff_then_fail(b: TestBackend) {
    let t = TestApp::new(b).await;
    let rec = Recorder {
        fail: true,
        ..Recorder::default()
    };
    let w = WorkerBuilder::new(t.app.clone(), "w1")
        .handle("test.fail", rec.clone())
        .build();
    let id = enqueue(&t.app, "test.fail", t.app.now()).await;
    assert_eq!(w.step().await.unwrap(), Step::Failed(id));
    let j = job(&t.app, id).await;
    assert_eq!(j.status, JobStatus::Queued);
    assert_eq!(j.last_error.as_deref(), Some("the carrier API said no"));
    let wait = j.run_at.duration_since(t.app.now());
    assert!(
        wait >= SignedDuration::from_secs(10) && wait < SignedDuration::from_secs(11),
        "{wait:?}"
    );
    // Not before its time...
    assert_eq!(w.step().await.unwrap(), Step::Idle);
    // ...and after all attempts it is failed for good, not lost.
    for _ in 0..20 {
        t.clock.advance(SignedDuration::from_hours(2));
        w.run_until_idle().await.unwrap();
    }
    let j = job(&t.app, id).await;
    assert_eq!(j.status, JobStatus::Failed);
    assert_eq!(j.attempts, jobs::DEFAULT_MAX_ATTEMPTS);
    assert_eq!(
        rec.runs.lock().unwrap().len(),
        jobs::DEFAULT_MAX_ATTEMPTS as usize
    );
}

async fn an_expired_lease_lets_another_worker_take_over(b: TestBackend) {
    let t = TestApp::new(b).await;
    let id = enqueue(&t.app, "test.record", t.app.now()).await;
    let now = t.app.now();
    let mut tx = t.app.db.begin().await.unwrap();
    // A worker claims the job, then dies.
    let claimed = claim_next_job(
        &mut tx,
        "dead-worker",
        now,
        now + SignedDuration::from_mins(5),
    )
    .await
    .unwrap()
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(claimed.id, id);
    let rec = Recorder::default();
    let w = WorkerBuilder::new(t.app.clone(), "w2")
        .handle("test.record", rec.clone())
        .build();
    assert_eq!(w.step().await.unwrap(), Step::Idle, "the lease still holds");
    t.clock.advance(SignedDuration::from_mins(6));
    assert_eq!(w.step().await.unwrap(), Step::Succeeded(id));
    let j = job(&t.app, id).await;
    assert_eq!((j.status, j.attempts), (JobStatus::Succeeded, 2));
    // The dead worker cannot complete a job it no longer holds.
    let mut tx = t.app.db.begin().await.unwrap();
    assert!(
        !complete_job(&mut tx, id, "dead-worker", t.app.now())
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
}

async fn two_workers_on_separate_pools_never_run_a_job_twice(b: TestBackend) {
    let t = TestApp::new(b).await;
    // A second application over the same database, with its own connections, stands in for
    // a second process.
    let other = t.db.connect().await;
    let app2 = App::new(
        other,
        t.app.clock.clone(),
        shopdeck_app::Settings::default(),
    );
    let runs = Arc::new(Mutex::new(Vec::new()));
    let mk = |app: &App, name: &str| {
        WorkerBuilder::new(app.clone(), name)
            .handle(
                "test.record",
                Recorder {
                    runs: runs.clone(),
                    worker: name.to_owned(),
                    delay: Duration::from_millis(5),
                    fail: false,
                },
            )
            .build()
    };
    let (w1, w2) = (mk(&t.app, "w1"), mk(&app2, "w2"));
    let mut ids = Vec::new();
    for _ in 0..60 {
        ids.push(enqueue(&t.app, "test.record", t.app.now()).await);
    }
    let (a, z) = tokio::join!(w1.run_until_idle(), w2.run_until_idle());
    assert_eq!(a.unwrap() + z.unwrap(), 60);
    let runs = runs.lock().unwrap().clone();
    let mut per_job: HashMap<JobId, usize> = HashMap::new();
    for (id, _) in &runs {
        *per_job.entry(*id).or_default() += 1;
    }
    assert_eq!(per_job.len(), 60, "every job ran");
    assert!(per_job.values().all(|n| *n == 1), "no job ran twice");
    assert!(
        runs.iter().any(|(_, w)| w == "w1") && runs.iter().any(|(_, w)| w == "w2"),
        "both workers took jobs"
    );
    for id in ids {
        let j = job(&t.app, id).await;
        assert_eq!((j.status, j.attempts), (JobStatus::Succeeded, 1));
    }
}

async fn unknown_kinds_are_kept_and_retried(b: TestBackend) {
    let t = TestApp::new(b).await;
    let w = WorkerBuilder::new(t.app.clone(), "w1").build();
    let id = enqueue(&t.app, "feature.from_a_newer_version", t.app.now()).await;
    assert_eq!(w.step().await.unwrap(), Step::Failed(id));
    let j = job(&t.app, id).await;
    assert_eq!(j.status, JobStatus::Queued);
    assert!(j.last_error.unwrap().contains("no handler"));
}

async fn dedupe_keys_keep_one_job(b: TestBackend) {
    let t = TestApp::new(b).await;
    let mut tx = t.app.db.begin().await.unwrap();
    let key = Some("order:ord_1:auto-cancel".to_owned());
    let first = jobs::enqueue(
        &t.app,
        &mut tx,
        "k",
        serde_json::json!({}),
        t.app.now(),
        key.clone(),
    )
    .await
    .unwrap();
    let second = jobs::enqueue(
        &t.app,
        &mut tx,
        "k",
        serde_json::json!({}),
        t.app.now(),
        key,
    )
    .await
    .unwrap();
    assert!(first.is_some());
    assert!(second.is_none());
    tx.commit().await.unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    assert_eq!(list_jobs(&mut conn, Some("k"), 10).await.unwrap().len(), 1);
}

async fn maintenance_purges_expired_sessions_and_reschedules_itself(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let r = fixtures::try_login(&c, fixtures::OPS, fixtures::PASSWORD).await;
    assert_eq!(r.status, 201);
    let count = || async {
        let mut conn = t.app.db.conn().await.unwrap();
        shopdeck_store::sessions::count_sessions(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 1);
    worker::schedule_maintenance(&t.app).await.unwrap();
    worker::schedule_maintenance(&t.app).await.unwrap();
    let w = WorkerBuilder::new(t.app.clone(), "w1").build();
    t.clock.advance(SignedDuration::from_hours(24 * 8));
    assert_eq!(
        w.run_until_idle().await.unwrap(),
        1,
        "one clean-up however often it was scheduled"
    );
    assert_eq!(count().await, 0, "the expired session is gone");
    let mut conn = t.app.db.conn().await.unwrap();
    let queued: Vec<_> = list_jobs(&mut conn, Some(worker::PURGE_EXPIRED), 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.status == JobStatus::Queued)
        .collect();
    assert_eq!(queued.len(), 1, "the next run is queued");
    assert!(queued[0].run_at > t.app.now());
}

async fn a_running_job_keeps_its_lease_beyond_the_first(b: TestBackend) {
    let db = shopdeck_testkit::TestDb::create(b).await;
    let t = TestApp::over_with(db, |s| s.job_lease = SignedDuration::from_millis(600)).await;
    let id = enqueue(&t.app, "test.slow", t.app.now()).await;
    let slow = Recorder {
        delay: Duration::from_millis(3000),
        ..Recorder::default()
    };
    let a = WorkerBuilder::new(t.app.clone(), "a")
        .handle("test.slow", slow.clone())
        .build();
    let b = WorkerBuilder::new(t.app.clone(), "b")
        .handle("test.slow", slow.clone())
        .build();
    let running = tokio::spawn(async move { a.step().await.unwrap() });
    // Once the job is claimed, its first lease (600 ms) ends on the clock…
    let lease_end = || async {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar::<_, Option<i64>>("SELECT locked_until FROM jobs WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while lease_end().await.is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the job was not claimed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    t.clock.advance(SignedDuration::from_secs(1));
    // …and the worker renews it while it works.
    let now = shopdeck_domain::time::to_micros(t.app.now());
    while lease_end().await.is_some_and(|until| until <= now) {
        assert!(
            std::time::Instant::now() < deadline,
            "the lease was not renewed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        b.step().await.unwrap(),
        Step::Idle,
        "the renewed lease holds"
    );
    assert_eq!(running.await.unwrap(), Step::Succeeded(id));
    let j = job(&t.app, id).await;
    assert_eq!((j.status, j.attempts), (JobStatus::Succeeded, 1));
    assert_eq!(slow.runs.lock().unwrap().len(), 1, "ran once");
}
