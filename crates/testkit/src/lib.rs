//! Test support: a fresh, migrated database per test (SQLite file or PostgreSQL database),
//! the real router over it, a manual clock, and a small HTTP client with a cookie jar.
//!
//! PostgreSQL tests use `TEST_DATABASE_URL` (a server URL whose user may create databases).
//! Each run creates databases named `shopdeck_test_<run>_<n>` and drops each one when its test
//! ends; nothing else on the server is touched.

mod client;
pub mod conformance;
mod db;
pub mod fixtures;

use std::sync::Arc;

use jiff::Timestamp;
use shopdeck_app::{App, ManualClock, Settings};
use shopdeck_server::http::{HttpSettings, router};

pub use client::{TestClient, TestResponse, multipart};
pub use db::{TestBackend, TestDb, drop_templates, postgres_url};

/// The demo, loaded once: its database and the files it stored.
struct DemoTemplate {
    db: db::Template,
    files: Vec<(object_store::path::Path, bytes::Bytes)>,
}

/// The demo template of `backend`, made by the first test that needs it.
async fn demo_template(backend: TestBackend) -> &'static DemoTemplate {
    static SQLITE: tokio::sync::OnceCell<DemoTemplate> = tokio::sync::OnceCell::const_new();
    static POSTGRES: tokio::sync::OnceCell<DemoTemplate> = tokio::sync::OnceCell::const_new();
    let cell = match backend {
        TestBackend::Sqlite => &SQLITE,
        TestBackend::Postgres => &POSTGRES,
    };
    cell.get_or_init(|| async move {
        let t = TestApp::new(backend).await;
        shopdeck_app::demo::load_demo(&t.app)
            .await
            .expect("demo data loads");
        let mut files = Vec::new();
        let mut listing = t.app.files.list(None);
        while let Some(meta) = futures_util::StreamExt::next(&mut listing).await {
            let meta = meta.expect("list demo files");
            let bytes = t
                .app
                .files
                .get(&meta.location)
                .await
                .expect("read a demo file")
                .bytes()
                .await
                .expect("read a demo file");
            files.push((meta.location, bytes));
        }
        drop(listing);
        // Every connection closed: SQLite folds its WAL into the file, and PostgreSQL
        // allows the database as a template.
        t.app.db.close().await;
        let TestApp { db, .. } = t;
        DemoTemplate {
            db: db.into_template(),
            files,
        }
    })
    .await
}

/// The start of every test's manual clock.
pub fn test_epoch() -> Timestamp {
    "2026-03-02T09:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The application over a fresh database, served by the real router in-process.
pub struct TestApp {
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub router: axum::Router,
    pub db: TestDb,
}

impl TestApp {
    /// An empty, migrated database.
    pub async fn new(backend: TestBackend) -> TestApp {
        let db = TestDb::create(backend).await;
        Self::over(db).await
    }

    /// The demo marketplace loaded.
    ///
    /// The demo is loaded once per run and backend (drawing its images and hashing its
    /// password is most of a test's set-up), into a template: each test gets a copy of that
    /// database (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL) and of its
    /// stored files, so tests stay independent of one another.
    pub async fn with_demo(backend: TestBackend) -> TestApp {
        let template = demo_template(backend).await;
        let t = Self::over(TestDb::copy_of(&template.db).await).await;
        for (path, bytes) in &template.files {
            t.app
                .files
                .put(path, bytes.clone().into())
                .await
                .expect("copy a demo file");
        }
        t
    }

    /// Another application over an existing test database, as a second process would be.
    ///
    /// The router also listens on a local port (`public_url`), so that what calls Shopdeck
    /// over HTTP — the sandbox payment provider's callbacks — reaches it as in production.
    pub async fn over(db: TestDb) -> TestApp {
        Self::over_with(db, |_| {}).await
    }

    /// A fresh database with the demo loaded, under platform settings changed by `tweak`.
    pub async fn with_demo_and(backend: TestBackend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let t = Self::over_with(TestDb::create(backend).await, tweak).await;
        shopdeck_app::demo::load_demo(&t.app)
            .await
            .expect("demo data loads");
        t
    }

    /// `over`, with platform settings changed by `tweak`.
    pub async fn over_with(db: TestDb, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let pool = db.connect().await;
        pool.migrate().await.expect("migrations apply");
        // Like `serve`: another TestApp over the same database is another process.
        pool.watch_changes();
        let clock = Arc::new(ManualClock::new(test_epoch()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let addr = listener.local_addr().expect("the port's address");
        let mut settings = Settings {
            public_url: format!("http://{addr}"),
            ..Settings::default()
        };
        tweak(&mut settings);
        let app = App::new(pool, clock.clone(), settings);
        // Tests stand for clients at different addresses with `X-Forwarded-For`.
        let router = router(
            app.clone(),
            &HttpSettings {
                trust_forwarded_for: true,
                ..HttpSettings::default()
            },
        );
        let served = router.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, served).await;
        });
        TestApp {
            app,
            clock,
            router,
            db,
        }
    }

    /// A worker over this application, as `serve` runs one.
    pub fn worker(&self) -> shopdeck_app::worker::Worker {
        shopdeck_app::worker::WorkerBuilder::new(self.app.clone(), "test-worker").build()
    }

    /// Runs due jobs until none is left.
    pub async fn run_jobs(&self) -> usize {
        self.worker()
            .run_until_idle()
            .await
            .expect("the worker runs")
    }

    /// A client with an empty cookie jar.
    pub fn client(&self) -> TestClient {
        TestClient::new(self.router.clone())
    }
}
