//! Test databases.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use shopdeck_store::{Db, PoolSettings};
use sqlx::{Connection, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

impl TestBackend {
    pub fn name(&self) -> &'static str {
        match self {
            TestBackend::Sqlite => "sqlite",
            TestBackend::Postgres => "postgres",
        }
    }
}

/// The PostgreSQL server URL for tests, when one is configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

fn run_id() -> &'static str {
    static RUN: OnceLock<String> = OnceLock::new();
    RUN.get_or_init(|| {
        std::env::var("SHOPDECK_TEST_RUN_ID").unwrap_or_else(|_| {
            format!(
                "{}_{:04x}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos() & 0xffff)
                    .unwrap_or(0)
            )
        })
    })
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Replaces the database name (path) of a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// One test's database. Dropping it removes it.
pub struct TestDb {
    pub backend: TestBackend,
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn create(backend: TestBackend) -> TestDb {
        match backend {
            TestBackend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("shopdeck.db").display());
                TestDb {
                    backend,
                    url,
                    pg: None,
                    _dir: Some(dir),
                }
            }
            TestBackend::Postgres => Self::create_postgres(None).await,
        }
    }

    /// A new PostgreSQL database of this run, empty or a copy of `template`.
    async fn create_postgres(template: Option<&str>) -> TestDb {
        let server = postgres_url().expect("TEST_DATABASE_URL is set for PostgreSQL tests");
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("shopdeck_test_{}_{n}", run_id());
        let admin_url = with_database(&server, "postgres");
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to the PostgreSQL test server");
        let sql = match template {
            None => format!("CREATE DATABASE \"{name}\""),
            Some(t) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{t}\""),
        };
        // A template is finished and its application gone, but a pooled session of it may
        // outlive the pool's close (seen once in a while): end such sessions and try again.
        let mut tries = 0;
        loop {
            match admin.execute(sql.as_str()).await {
                Ok(_) => break,
                Err(sqlx::Error::Database(e))
                    if e.code().as_deref() == Some("55006") && tries < 20 =>
                {
                    tries += 1;
                    if let Some(t) = template {
                        let _ = sqlx::query(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                             WHERE datname = $1 AND pid <> pg_backend_pid()",
                        )
                        .bind(t)
                        .execute(&mut admin)
                        .await;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                Err(e) => panic!("create test database: {e}"),
            }
        }
        let _ = admin.close().await;
        TestDb {
            backend: TestBackend::Postgres,
            url: with_database(&server, &name),
            pg: Some((admin_url, name)),
            _dir: None,
        }
    }

    /// A new database that starts as a copy of `template` (a finished database of this run).
    pub(crate) async fn copy_of(template: &Template) -> TestDb {
        match template {
            Template::Sqlite { file, .. } => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("shopdeck.db");
                std::fs::copy(file, &path).expect("copy the template database");
                // Normally folded into the file when the template closed; copied if not.
                let wal = file.with_extension("db-wal");
                if wal.exists() {
                    std::fs::copy(&wal, path.with_extension("db-wal")).expect("copy the WAL");
                }
                TestDb {
                    backend: TestBackend::Sqlite,
                    url: format!("sqlite://{}", path.display()),
                    pg: None,
                    _dir: Some(dir),
                }
            }
            Template::Postgres { name } => Self::create_postgres(Some(name)).await,
        }
    }

    /// Keeps this database as a template for [`TestDb::copy_of`]: it is no longer dropped
    /// with this handle, but by [`drop_templates`] at the end of the run.
    pub(crate) fn into_template(mut self) -> Template {
        match (self.pg.take(), self._dir.take()) {
            (Some((admin_url, name)), _) => {
                KEPT.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((admin_url, name.clone()));
                Template::Postgres { name }
            }
            (None, Some(dir)) => Template::Sqlite {
                file: dir.path().join("shopdeck.db"),
                _dir: dir,
            },
            (None, None) => unreachable!("a test database owns its storage"),
        }
    }

    /// Another handle on the same database, for a second process; only the original drops it.
    pub fn clone_handle(&self) -> TestDb {
        TestDb {
            backend: self.backend,
            url: self.url.clone(),
            pg: None,
            _dir: None,
        }
    }

    /// A new pool over this database.
    pub async fn connect(&self) -> Db {
        let settings = PoolSettings {
            max_connections: 5,
            ..PoolSettings::default()
        };
        Db::connect(&self.url, &settings)
            .await
            .expect("connect to test database")
    }
}

/// A finished database that tests start from as a copy.
pub(crate) enum Template {
    Sqlite {
        file: std::path::PathBuf,
        _dir: tempfile::TempDir,
    },
    Postgres {
        name: String,
    },
}

/// PostgreSQL template databases of this run, dropped by [`drop_templates`].
static KEPT: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// Drops the PostgreSQL template databases this run made (call once, after the last test).
pub fn drop_templates() {
    let kept = std::mem::take(
        &mut *KEPT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for (admin_url, name) in kept {
        drop_database(admin_url, name);
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        drop_database(admin_url, name);
    }
}

/// Drops a test database from a thread of its own (drops run outside async).
fn drop_database(admin_url: String, name: String) {
    {
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = admin
                            .execute(
                                format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str(),
                            )
                            .await;
                        let _ = admin.close().await;
                    }
                });
            }
        })
        .join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "y"),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "z"), "postgres://h:1/z");
    }
}
