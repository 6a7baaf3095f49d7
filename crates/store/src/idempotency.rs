//! Stored answers to POST requests that carried an `Idempotency-Key`.

use jiff::Timestamp;
use shopdeck_domain::time::to_micros;

use crate::column::Micros;
use crate::{Conn, Result};

/// Where a claimed key is: its request still running, or its answer stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    InProgress,
    Done,
}

impl TryFrom<String> for KeyState {
    type Error = shopdeck_domain::UnknownValue;

    fn try_from(s: String) -> std::result::Result<Self, Self::Error> {
        match s.as_str() {
            "IN_PROGRESS" => Ok(KeyState::InProgress),
            "DONE" => Ok(KeyState::Done),
            _ => Err(shopdeck_domain::UnknownValue {
                kind: "KeyState",
                value: s,
            }),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdempotencyRow {
    pub fingerprint: String,
    #[sqlx(try_from = "String")]
    pub state: KeyState,
    pub response_status: Option<i64>,
    pub content_type: Option<String>,
    pub response_body: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

/// Claims a key; false when a row for it already exists.
pub async fn insert_key(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, created_at)
         VALUES ($1, $2, $3, 'IN_PROGRESS', $4)
         ON CONFLICT (scope, idem_key) DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(fingerprint)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn find_key(conn: &mut Conn, scope: &str, key: &str) -> Result<Option<IdempotencyRow>> {
    Ok(sqlx::query_as(
        "SELECT fingerprint, state, response_status, content_type, response_body, created_at
         FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn complete_key(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET state = 'DONE', response_status = $1, content_type = $2,
                                     response_body = $3
         WHERE scope = $4 AND idem_key = $5",
    )
    .bind(i64::from(status))
    .bind(content_type)
    .bind(body)
    .bind(scope)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn delete_key(conn: &mut Conn, scope: &str, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2")
        .bind(scope)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes keys created before `before`; returns how many.
pub async fn delete_keys_before(conn: &mut Conn, before: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(to_micros(before))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}
