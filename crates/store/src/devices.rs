//! Devices that logged in to an account before (their token stored hashed), so their owner
//! can still log in while strangers' failed attempts have paused the account.

use jiff::Timestamp;
use shopdeck_domain::time::to_micros;

use crate::{Conn, Result};

/// Whether this device logged in to `account` (a user or buyer id) before.
pub async fn is_known(conn: &mut Conn, account: &str, device_hash: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM known_devices WHERE account_id = $1 AND device_hash = $2",
    )
    .bind(account)
    .bind(device_hash)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Records a successful log-in from this device.
pub async fn remember(
    conn: &mut Conn,
    account: &str,
    device_hash: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO known_devices (account_id, device_hash, created_at, last_seen_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (account_id, device_hash) DO UPDATE SET last_seen_at = $3",
    )
    .bind(account)
    .bind(device_hash)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
