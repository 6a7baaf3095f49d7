//! Fixed-window rate-limit counters kept in the database, so limits hold across processes.

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::time::to_micros;

use crate::column::{Count, Micros};
use crate::{Conn, Result};

/// Counts one hit in `bucket`'s current window and returns (hits in the window, window start).
/// A window older than `window` starts over at this hit.
pub async fn hit(
    conn: &mut Conn,
    bucket: &str,
    window: SignedDuration,
    now: Timestamp,
) -> Result<(u32, Timestamp)> {
    let cutoff = now.saturating_sub(window).unwrap_or(now);
    #[derive(sqlx::FromRow)]
    struct Window {
        #[sqlx(try_from = "Count")]
        hits: u32,
        #[sqlx(try_from = "Micros")]
        window_start: Timestamp,
    }
    let w: Window = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
             hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
             window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2
                                 ELSE rate_limits.window_start END
         RETURNING hits, window_start",
    )
    .bind(bucket)
    .bind(to_micros(now))
    .bind(to_micros(cutoff))
    .fetch_one(&mut *conn)
    .await?;
    Ok((w.hits, w.window_start))
}

/// Hits so far in `bucket`'s current window, without counting one.
pub async fn peek(
    conn: &mut Conn,
    bucket: &str,
    window: SignedDuration,
    now: Timestamp,
) -> Result<u32> {
    let cutoff = now.saturating_sub(window).unwrap_or(now);
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start > $2")
            .bind(bucket)
            .bind(to_micros(cutoff))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(hits.map_or(0, |h| u32::try_from(h).unwrap_or(u32::MAX)))
}

/// Forgets a bucket (after a successful log-in, say).
pub async fn clear(conn: &mut Conn, bucket: &str) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes windows that ended before `before`.
pub async fn delete_stale(conn: &mut Conn, before: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(to_micros(before))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}
