//! One-time verification codes (sign-up, password reset). Only a hash of each code is stored.

use jiff::Timestamp;
use shopdeck_domain::ids::CodeId;
use shopdeck_domain::time::{from_micros, to_micros};
use sqlx::Row;

use crate::{Conn, Result, parse_id};

#[derive(Debug, Clone)]
pub struct CodeRow {
    pub id: CodeId,
    pub target: String,
    pub code_hash: String,
    pub attempts: u32,
    pub max_attempts: u32,
    pub sent_at: Timestamp,
    pub expires_at: Timestamp,
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
    let row = sqlx::query(
        "SELECT id, target, code_hash, attempts, max_attempts, sent_at, expires_at, consumed_at
         FROM verification_codes WHERE purpose = $1 AND subject = $2
         ORDER BY sent_at DESC, id DESC LIMIT 1",
    )
    .bind(purpose)
    .bind(subject)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Some(CodeRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        target: r.try_get("target")?,
        code_hash: r.try_get("code_hash")?,
        attempts: n(r.try_get("attempts")?),
        max_attempts: n(r.try_get("max_attempts")?),
        sent_at: from_micros(r.try_get("sent_at")?),
        expires_at: from_micros(r.try_get("expires_at")?),
        consumed_at: r.try_get::<Option<i64>, _>("consumed_at")?.map(from_micros),
    }))
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
