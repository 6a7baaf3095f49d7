//! Rate limits, counted in the database so that every process enforces the same numbers.

use jiff::SignedDuration;
use shopdeck_store::{Conn, rate_limits};

use crate::{App, AppError, Result};

/// A limit: at most `max` hits per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: SignedDuration,
}

/// Codes sent to one phone number or email address.
pub const CODES_PER_TARGET: Limit = Limit {
    max: 5,
    window: SignedDuration::from_hours(1),
};
/// Codes requested from one IP address.
pub const CODES_PER_IP: Limit = Limit {
    max: 20,
    window: SignedDuration::from_hours(1),
};
/// Failed log-ins for one account before it is paused.
pub const FAILED_LOGINS_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window: SignedDuration::from_mins(15),
};
/// Failed log-ins from one IP address before it is paused.
pub const FAILED_LOGINS_PER_IP: Limit = Limit {
    max: 20,
    window: SignedDuration::from_mins(15),
};

fn retry_after(
    limit: Limit,
    window_start: jiff::Timestamp,
    now: jiff::Timestamp,
) -> std::time::Duration {
    let ends = window_start.saturating_add(limit.window).unwrap_or(now);
    let secs = ends.duration_since(now).as_secs().max(1);
    std::time::Duration::from_secs(u64::try_from(secs).unwrap_or(1))
}

/// Counts a hit; refuses it when the bucket is already full.
pub(crate) async fn take(app: &App, conn: &mut Conn, bucket: &str, limit: Limit) -> Result<()> {
    let now = app.now();
    let (hits, start) = rate_limits::hit(conn, bucket, limit.window, now).await?;
    if hits > limit.max {
        return Err(AppError::RateLimited {
            retry_after: retry_after(limit, start, now),
        });
    }
    Ok(())
}

/// Refuses when the bucket is full, without counting.
pub async fn check(app: &App, conn: &mut Conn, bucket: &str, limit: Limit) -> Result<()> {
    let hits = rate_limits::peek(conn, bucket, limit.window, app.now()).await?;
    if hits >= limit.max {
        return Err(AppError::RateLimited {
            retry_after: std::time::Duration::from_secs(
                u64::try_from(limit.window.as_secs()).unwrap_or(60),
            ),
        });
    }
    Ok(())
}

/// Counts a hit without refusing (failures are counted after the fact).
pub async fn count(app: &App, conn: &mut Conn, bucket: &str, limit: Limit) -> Result<()> {
    rate_limits::hit(conn, bucket, limit.window, app.now()).await?;
    Ok(())
}

pub async fn reset(conn: &mut Conn, bucket: &str) -> Result<()> {
    rate_limits::clear(conn, bucket).await?;
    Ok(())
}
