//! The one migration tree gives both databases the same tables and columns.

use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::plain_tests;

plain_tests!(sqlite_and_postgres_schemas_match);

async fn sqlite_and_postgres_schemas_match() {
    let lite = TestApp::new(TestBackend::Sqlite).await;
    let pg = TestApp::new(TestBackend::Postgres).await;
    let a = shopdeck_store::table_columns(&mut lite.app.db.conn().await.unwrap())
        .await
        .unwrap();
    let z = shopdeck_store::table_columns(&mut pg.app.db.conn().await.unwrap())
        .await
        .unwrap();
    assert!(
        a.contains(&("jobs".to_owned(), "run_at".to_owned())),
        "{a:?}"
    );
    assert!(!a.iter().any(|(t, _)| t.starts_with("_sqlx")), "{a:?}");
    let only_sqlite: Vec<_> = a.difference(&z).collect();
    let only_pg: Vec<_> = z.difference(&a).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "sqlite only: {only_sqlite:?}; postgres only: {only_pg:?}"
    );
}
