//! Whole-platform facts: readiness and counters for the operator console and metrics.

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
