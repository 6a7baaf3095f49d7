//! Browser sessions, kept in the database so that every process sees them.
//!
//! Only a SHA-256 hash of the session token is stored: a leaked database does not hand out
//! live sessions.

use jiff::Timestamp;
use shopdeck_domain::ids::{SellerId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    #[sqlx(try_from = "OptText")]
    pub seller_id: Option<SellerId>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub last_seen_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: UserId,
    pub seller_id: Option<SellerId>,
    pub expires_at: Timestamp,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

pub async fn insert_session(conn: &mut Conn, s: &NewSession<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, seller_id, created_at, last_seen_at,
                               expires_at, user_agent, ip)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
    )
    .bind(s.token_hash)
    .bind(s.user_id.to_string())
    .bind(s.seller_id.map(|x| x.to_string()))
    .bind(to_micros(now))
    .bind(to_micros(s.expires_at))
    .bind(s.user_agent)
    .bind(s.ip)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_session(conn: &mut Conn, token_hash: &str) -> Result<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT user_id, seller_id, created_at, last_seen_at, expires_at
         FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn touch_session(conn: &mut Conn, token_hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(to_micros(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute expiry; returns how many.
pub async fn delete_expired_sessions(conn: &mut Conn, now: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

pub async fn count_sessions(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&mut *conn)
        .await?)
}

/// Logs a user out everywhere (after a password change).
pub async fn delete_sessions_for_user(conn: &mut Conn, user: UserId) -> Result<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

/// Points a session at another of the user's shops.
pub async fn set_session_seller(conn: &mut Conn, token_hash: &str, seller: SellerId) -> Result<()> {
    sqlx::query("UPDATE sessions SET seller_id = $1 WHERE token_hash = $2")
        .bind(seller.to_string())
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
