//! Whole-platform facts: readiness, counters for the operator console and metrics, and the
//! deployment's shared secrets.

use shopdeck_store::{jobs, sellers, users};

use crate::{App, AppError, Result};

/// Succeeds when the database answers.
pub async fn check_ready(app: &App) -> Result<()> {
    app.db.ping().await.map_err(AppError::Unavailable)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PlatformCounts {
    pub users: i64,
    pub sellers: i64,
    pub jobs_by_status: Vec<(String, i64)>,
}

pub async fn platform_counts(app: &App) -> Result<PlatformCounts> {
    let mut conn = app.db.conn().await?;
    Ok(PlatformCounts {
        users: users::count_users(&mut conn).await?,
        sellers: sellers::count_sellers(&mut conn).await?,
        jobs_by_status: jobs::count_jobs_by_status(&mut conn).await?,
    })
}

/// The deployment's secret called `name` (256 random bits as hex), made by the first process
/// that asks and the same for every process after that. Callers may keep it in memory: it
/// never changes.
pub async fn server_key(app: &App, name: &str) -> Result<String> {
    crate::secrets::platform_secret(&app.db, name, app.now()).await
}
