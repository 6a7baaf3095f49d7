//! One-time verification codes (sign-up, password reset). Only a hash of each code is stored.

use jiff::Timestamp;
use shopdeck_domain::ids::CodeId;
use shopdeck_domain::time::to_micros;

use crate::column::{Count, Micros, OptMicros};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    #[sqlx(try_from = "String")]
    pub id: CodeId,
    pub target: String,
    pub code_hash: String,
    #[sqlx(try_from = "Count")]
    pub attempts: u32,
    #[sqlx(try_from = "Count")]
    pub max_attempts: u32,
    #[sqlx(try_from = "Micros")]
    pub sent_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub consumed_at: Option<Timestamp>,
}

pub struct NewCode<'a> {
    pub id: CodeId,
    /// What the code is for, e.g. `signup_phone`.
    pub purpose: &'a str,
    /// Whose code it is: a sign-up id, a user id.
    pub subject: &'a str,
    /// Where it was sent: a phone number or email address.
    pub target: &'a str,
    pub code_hash: &'a str,
    pub max_attempts: u32,
    pub expires_at: Timestamp,
}

pub async fn insert_code(conn: &mut Conn, c: &NewCode<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO verification_codes (id, purpose, subject, target, code_hash, attempts,
                                         max_attempts, sent_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8)",
    )
    .bind(c.id.to_string())
    .bind(c.purpose)
    .bind(c.subject)
    .bind(c.target)
    .bind(c.code_hash)
    .bind(i64::from(c.max_attempts))
    .bind(to_micros(now))
    .bind(to_micros(c.expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The newest code for a purpose and subject, used or not.
pub async fn find_latest_code(
    conn: &mut Conn,
    purpose: &str,
    subject: &str,
) -> Result<Option<CodeRow>> {
    Ok(sqlx::query_as(
        "SELECT id, target, code_hash, attempts, max_attempts, sent_at, expires_at, consumed_at
         FROM verification_codes WHERE purpose = $1 AND subject = $2
         ORDER BY sent_at DESC, id DESC LIMIT 1",
    )
    .bind(purpose)
    .bind(subject)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn record_failed_attempt(conn: &mut Conn, id: CodeId) -> Result<()> {
    sqlx::query("UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn consume_code(conn: &mut Conn, id: CodeId, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE verification_codes SET consumed_at = $1 WHERE id = $2")
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
