//! Secrets of the deployment (the key CSRF tokens are signed with), made once and read by
//! every process, so a token one process issues checks out in any other.

use jiff::Timestamp;
use shopdeck_domain::time::to_micros;

use crate::{Conn, Result};

/// The secret stored under `name`, if any.
pub async fn find_server_key(conn: &mut Conn, name: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Stores `secret` under `name` unless a secret is stored there already (another process was
/// first); the stored one stays.
pub async fn insert_server_key_if_absent(
    conn: &mut Conn,
    name: &str,
    secret: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(secret)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
