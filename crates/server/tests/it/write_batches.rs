//! Write transactions under concurrency: each one commits or rolls back on its own, whatever
//! the others in flight do (on SQLite they share group commits; on PostgreSQL they are plain
//! transactions), and a committed one is visible to any connection once `commit` returns.

use std::collections::BTreeSet;

use shopdeck_store::Db;
use shopdeck_testkit::{TestApp, TestBackend};
use sqlx::Executor;

use crate::support::db_tests;

db_tests!(
    write_batches_keep_exactly_the_committed_transactions,
    write_batches_survive_a_failing_statement_in_a_neighbour,
    write_batches_are_visible_when_commit_returns,
);

async fn probe_table(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    tx.execute("CREATE TABLE gc_probe (n BIGINT PRIMARY KEY, note TEXT NOT NULL)")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn probe_rows(db: &Db) -> BTreeSet<i64> {
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar::<_, i64>("SELECT n FROM gc_probe")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn insert(tx: &mut shopdeck_store::Tx, n: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO gc_probe (n, note) VALUES ($1, 'x')")
        .bind(n)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// 300 concurrent writers: a third commit, a third roll back, a third are dropped half way
/// (as an early `?` return or a cancelled request would). Exactly the committed rows remain.
async fn write_batches_keep_exactly_the_committed_transactions(b: TestBackend) {
    let t = TestApp::new(b).await;
    probe_table(&t.app.db).await;
    let mut tasks = Vec::new();
    for n in 0..300i64 {
        let db = t.app.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            insert(&mut tx, n).await.unwrap();
            // A second row per writer, so a half-undone writer would show.
            insert(&mut tx, 10_000 + n).await.unwrap();
            match n % 3 {
                0 => {
                    tx.commit().await.unwrap();
                    true
                }
                1 => {
                    tx.rollback().await.unwrap();
                    false
                }
                _ => {
                    drop(tx);
                    false
                }
            }
        }));
    }
    let mut expected = BTreeSet::new();
    for (n, task) in tasks.into_iter().enumerate() {
        if task.await.unwrap() {
            expected.insert(n as i64);
            expected.insert(10_000 + n as i64);
        }
    }
    // Dropped writers are cleaned up by a background task; the next writer waits for it.
    let tx = t.app.db.begin().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(probe_rows(&t.app.db).await, expected);
}

/// A writer whose statement fails (a duplicate key) rolls back alone; the writers around it
/// keep their rows.
async fn write_batches_survive_a_failing_statement_in_a_neighbour(b: TestBackend) {
    let t = TestApp::new(b).await;
    probe_table(&t.app.db).await;
    let mut tx = t.app.db.begin().await.unwrap();
    insert(&mut tx, 1).await.unwrap();
    tx.commit().await.unwrap();

    let mut tasks = Vec::new();
    for n in 2..60i64 {
        let db = t.app.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            insert(&mut tx, n).await.unwrap();
            if n % 5 == 0 {
                // Collides with row 1: the statement fails, the writer gives up.
                let err = insert(&mut tx, 1).await.unwrap_err();
                assert!(err.as_database_error().is_some(), "{err}");
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some(n)
            }
        }));
    }
    let mut expected: BTreeSet<i64> = [1].into();
    for task in tasks {
        if let Some(n) = task.await.unwrap() {
            expected.insert(n);
        }
    }
    assert_eq!(probe_rows(&t.app.db).await, expected);
}

/// Once `commit` returns, a fresh connection from the pool reads the row: acknowledged means
/// committed, not "queued for the next batch".
async fn write_batches_are_visible_when_commit_returns(b: TestBackend) {
    let t = TestApp::new(b).await;
    probe_table(&t.app.db).await;
    let mut tasks = Vec::new();
    for n in 0..100i64 {
        let db = t.app.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            insert(&mut tx, n).await.unwrap();
            tx.commit().await.unwrap();
            let mut conn = db.conn().await.unwrap();
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM gc_probe WHERE n = $1")
                .bind(n)
                .fetch_one(&mut *conn)
                .await
                .unwrap()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 1);
    }
}
