//! Platform user accounts: seller owners and staff, and operators.

use jiff::Timestamp;
use shopdeck_domain::Email;
use shopdeck_domain::ids::UserId;
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    #[sqlx(try_from = "String")]
    pub id: UserId,
    pub email: String,
    pub phone: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    #[sqlx(try_from = "Flag")]
    pub is_operator: bool,
    pub locale: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a Email,
    pub phone: Option<&'a str>,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_operator: bool,
    pub phone_verified_at: Option<Timestamp>,
    pub email_verified_at: Option<Timestamp>,
}

pub async fn insert_user(conn: &mut Conn, user: &NewUser<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, email, phone, display_name, password_hash, is_operator,
                            phone_verified_at, email_verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(user.id.to_string())
    .bind(user.email.as_str().to_lowercase())
    .bind(user.phone)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(i64::from(user.is_operator))
    .bind(user.phone_verified_at.map(to_micros))
    .bind(user.email_verified_at.map(to_micros))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const COLUMNS: &str =
    "id, email, phone, display_name, password_hash, is_operator, locale, created_at";

/// A phone number typed in international form (`+44 7700 900461`) as stored (`+447700900461`);
/// anything else is left as typed.
fn phone_form(login: &str) -> String {
    let t = login.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let only_phone_chars = t
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if t.starts_with('+') && only_phone_chars && !digits.is_empty() {
        format!("+{digits}")
    } else {
        t.to_owned()
    }
}

/// Finds a user by email (case-insensitively) or by phone number.
pub async fn find_user_by_login(conn: &mut Conn, login: &str) -> Result<Option<UserRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE email = $1 OR phone = $2"
    ))
    .bind(login.trim().to_lowercase())
    .bind(phone_form(login))
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn find_user(conn: &mut Conn, id: UserId) -> Result<Option<UserRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn count_users(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?)
}

/// Whether an account already uses this email (case-insensitively) or phone number.
pub async fn login_taken(
    conn: &mut Conn,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1 OR phone = $2")
        .bind(email.map(str::to_lowercase))
        .bind(phone)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

pub async fn update_password_hash(
    conn: &mut Conn,
    id: UserId,
    hash: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// When the user's phone and email were verified.
pub async fn verification_times(
    conn: &mut Conn,
    id: UserId,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    #[derive(sqlx::FromRow)]
    struct Verified {
        #[sqlx(try_from = "OptMicros")]
        phone_verified_at: Option<Timestamp>,
        #[sqlx(try_from = "OptMicros")]
        email_verified_at: Option<Timestamp>,
    }
    let row: Option<Verified> =
        sqlx::query_as("SELECT phone_verified_at, email_verified_at FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map_or((None, None), |v| (v.phone_verified_at, v.email_verified_at)))
}

/// The owners of a shop (to notify them of decisions).
pub async fn list_owner_emails(
    conn: &mut Conn,
    seller: shopdeck_domain::ids::SellerId,
) -> Result<Vec<(UserId, String)>> {
    #[derive(sqlx::FromRow)]
    struct Owner {
        #[sqlx(try_from = "String")]
        id: UserId,
        email: String,
    }
    let rows: Vec<Owner> = sqlx::query_as(
        "SELECT u.id, u.email FROM users u JOIN seller_members m ON m.user_id = u.id
         WHERE m.seller_id = $1 AND m.role = 'OWNER' ORDER BY u.id",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|o| (o.id, o.email)).collect())
}

/// The user's TOTP secret (base32) and when two-factor was switched on.
pub async fn find_totp(conn: &mut Conn, id: UserId) -> Result<(Option<String>, Option<Timestamp>)> {
    #[derive(sqlx::FromRow)]
    struct Totp {
        totp_secret: Option<String>,
        #[sqlx(try_from = "OptMicros")]
        totp_enabled_at: Option<Timestamp>,
    }
    let row: Option<Totp> =
        sqlx::query_as("SELECT totp_secret, totp_enabled_at FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map_or((None, None), |t| (t.totp_secret, t.totp_enabled_at)))
}

/// Stores a secret; `enabled_at` is `None` while the user has not confirmed it yet.
pub async fn set_totp(
    conn: &mut Conn,
    id: UserId,
    secret: Option<&str>,
    enabled_at: Option<Timestamp>,
) -> Result<()> {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled_at = $2 WHERE id = $3")
        .bind(secret)
        .bind(enabled_at.map(to_micros))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn insert_challenge(
    conn: &mut Conn,
    hash: &str,
    user: UserId,
    now: Timestamp,
    expires: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO login_challenges (token_hash, user_id, attempts, created_at, expires_at) VALUES ($1, $2, 0, $3, $4)")
        .bind(hash)
        .bind(user.to_string())
        .bind(to_micros(now))
        .bind(to_micros(expires))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// (user, attempts, expires_at) of a pending second-factor log-in.
pub async fn find_challenge(
    conn: &mut Conn,
    hash: &str,
) -> Result<Option<(UserId, i64, Timestamp)>> {
    #[derive(sqlx::FromRow)]
    struct Challenge {
        #[sqlx(try_from = "String")]
        user_id: UserId,
        attempts: i64,
        #[sqlx(try_from = "Micros")]
        expires_at: Timestamp,
    }
    let row: Option<Challenge> = sqlx::query_as(
        "SELECT user_id, attempts, expires_at FROM login_challenges WHERE token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|c| (c.user_id, c.attempts, c.expires_at)))
}

pub async fn count_challenge_attempt(conn: &mut Conn, hash: &str) -> Result<()> {
    sqlx::query("UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = $1")
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete_challenge(conn: &mut Conn, hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1")
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes log-in challenges past their expiry; returns how many.
pub async fn delete_expired_challenges(conn: &mut Conn, now: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM login_challenges WHERE expires_at < $1")
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}
