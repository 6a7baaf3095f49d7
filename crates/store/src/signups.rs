//! Sign-ups in progress, before the account exists.

use jiff::Timestamp;
use shopdeck_domain::ids::{SignupId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptMicros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignupRow {
    #[sqlx(try_from = "String")]
    pub id: SignupId,
    pub portal: String,
    pub country: String,
    pub phone: String,
    #[sqlx(try_from = "OptMicros")]
    pub phone_verified_at: Option<Timestamp>,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    /// The name the new seller goes by, set with the e-mail address.
    pub display_name: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub email_verified_at: Option<Timestamp>,
    #[sqlx(try_from = "OptText")]
    pub user_id: Option<UserId>,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
}

pub struct NewSignup<'a> {
    pub id: SignupId,
    pub token_hash: &'a str,
    pub portal: &'a str,
    pub country: &'a str,
    pub phone: &'a str,
    pub expires_at: Timestamp,
}

pub async fn insert_signup(conn: &mut Conn, s: &NewSignup<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO signups (id, token_hash, portal, country, phone, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.id.to_string())
    .bind(s.token_hash)
    .bind(s.portal)
    .bind(s.country)
    .bind(s.phone)
    .bind(to_micros(now))
    .bind(to_micros(s.expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_signup_by_token(conn: &mut Conn, token_hash: &str) -> Result<Option<SignupRow>> {
    Ok(sqlx::query_as(
        "SELECT id, portal, country, phone, phone_verified_at, email, password_hash,
                display_name, email_verified_at, user_id, expires_at
         FROM signups WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn mark_phone_verified(conn: &mut Conn, id: SignupId, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE signups SET phone_verified_at = $1 WHERE id = $2")
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_credentials(
    conn: &mut Conn,
    id: SignupId,
    email: &str,
    password_hash: &str,
    display_name: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE signups SET email = $1, password_hash = $2, display_name = $3,
                email_verified_at = NULL
         WHERE id = $4",
    )
    .bind(email)
    .bind(password_hash)
    .bind(display_name)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_completed(
    conn: &mut Conn,
    id: SignupId,
    user: UserId,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE signups SET email_verified_at = $1, user_id = $2 WHERE id = $3")
        .bind(to_micros(now))
        .bind(user.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
