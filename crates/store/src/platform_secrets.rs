//! Secrets a deployment generates on its first start and every process then shares
//! (the sandbox providers' signing secret, the key CSRF tokens are signed with).

use jiff::Timestamp;
use shopdeck_domain::time::to_micros;

use crate::{Conn, Result};

/// The stored secret called `name`; `candidate` is stored first when there is none yet.
/// Two processes starting at once both end up with the one that was stored first.
pub async fn get_or_insert(
    conn: &mut Conn,
    name: &str,
    candidate: &str,
    now: Timestamp,
) -> Result<String> {
    sqlx::query(
        "INSERT INTO platform_secrets (name, value, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(candidate)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    let value: String = sqlx::query_scalar("SELECT value FROM platform_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    Ok(value)
}
