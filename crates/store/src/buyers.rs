//! Buyer accounts of the storefront: the accounts, sign-ups waiting for their code, sessions
//! (only token hashes), and the address book.
//!
//! Every query over a buyer's addresses takes the `BuyerId`, so another buyer's address is
//! simply not found.

use jiff::Timestamp;
use shopdeck_domain::ids::{AddressId, BuyerId, SignupId};
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BuyerRow {
    #[sqlx(try_from = "String")]
    pub id: BuyerId,
    /// Lower-cased.
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    /// A BCP 47 tag (`en`, `zh-CN`…).
    pub locale: String,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub struct NewBuyer<'a> {
    pub id: BuyerId,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub locale: &'a str,
}

pub async fn insert_buyer(conn: &mut Conn, b: &NewBuyer<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO buyers (id, email, phone, display_name, password_hash, locale, created_at,
                             updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(b.id.to_string())
    .bind(b.email.map(str::to_lowercase))
    .bind(b.phone)
    .bind(b.display_name)
    .bind(b.password_hash)
    .bind(b.locale)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const BUYER_COLUMNS: &str = "id, email, phone, display_name, password_hash, locale, created_at";

pub async fn find_buyer(conn: &mut Conn, id: BuyerId) -> Result<Option<BuyerRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {BUYER_COLUMNS} FROM buyers WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The buyers whose email is `email` (compared lower-cased) or whose phone is one of
/// `phones`, oldest first. A national phone number can stand for a number in several
/// countries, hence several candidates.
pub async fn find_buyers_by_login(
    conn: &mut Conn,
    email: Option<&str>,
    phones: &[String],
) -> Result<Vec<BuyerRow>> {
    let mut sql = format!("SELECT {BUYER_COLUMNS} FROM buyers WHERE email = $1");
    if !phones.is_empty() {
        let marks: Vec<String> = (0..phones.len()).map(|i| format!("${}", i + 2)).collect();
        sql.push_str(&format!(" OR phone IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY created_at, id LIMIT 10");
    let mut q = sqlx::query_as(&sql).bind(email.map(str::to_lowercase));
    for p in phones {
        q = q.bind(p.as_str());
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// Whether a buyer account already uses this email (case-insensitively) or phone number.
pub async fn contact_taken(
    conn: &mut Conn,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM buyers WHERE email = $1 OR phone = $2")
        .bind(email.map(str::to_lowercase))
        .bind(phone)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

pub async fn count_buyers(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM buyers")
        .fetch_one(&mut *conn)
        .await?)
}

// ---- Sign-ups ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BuyerSignupRow {
    #[sqlx(try_from = "String")]
    pub id: SignupId,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub locale: String,
    #[sqlx(try_from = "OptText")]
    pub buyer_id: Option<BuyerId>,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub completed_at: Option<Timestamp>,
}

pub struct NewBuyerSignup<'a> {
    pub id: SignupId,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub locale: &'a str,
    pub expires_at: Timestamp,
}

pub async fn insert_signup(conn: &mut Conn, s: &NewBuyerSignup<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO buyer_signups (id, email, phone, locale, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.id.to_string())
    .bind(s.email.map(str::to_lowercase))
    .bind(s.phone)
    .bind(s.locale)
    .bind(to_micros(now))
    .bind(to_micros(s.expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_signup(conn: &mut Conn, id: SignupId) -> Result<Option<BuyerSignupRow>> {
    Ok(sqlx::query_as(
        "SELECT id, email, phone, locale, buyer_id, expires_at, completed_at
         FROM buyer_signups WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn mark_signup_completed(
    conn: &mut Conn,
    id: SignupId,
    buyer: BuyerId,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE buyer_signups SET buyer_id = $1, completed_at = $2 WHERE id = $3")
        .bind(buyer.to_string())
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes sign-ups past their expiry; returns how many.
pub async fn delete_expired_signups(conn: &mut Conn, now: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM buyer_signups WHERE expires_at < $1")
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

// ---- Sessions ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BuyerSessionRow {
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub last_seen_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
}

pub struct NewBuyerSession<'a> {
    pub token_hash: &'a str,
    pub buyer_id: BuyerId,
    pub expires_at: Timestamp,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

pub async fn insert_session(
    conn: &mut Conn,
    s: &NewBuyerSession<'_>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO buyer_sessions (token_hash, buyer_id, created_at, last_seen_at, expires_at,
                                     user_agent, ip)
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(s.token_hash)
    .bind(s.buyer_id.to_string())
    .bind(to_micros(now))
    .bind(to_micros(s.expires_at))
    .bind(s.user_agent)
    .bind(s.ip)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_session(conn: &mut Conn, token_hash: &str) -> Result<Option<BuyerSessionRow>> {
    Ok(sqlx::query_as(
        "SELECT buyer_id, created_at, last_seen_at, expires_at
         FROM buyer_sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn touch_session(conn: &mut Conn, token_hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE buyer_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(to_micros(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM buyer_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute expiry; returns how many.
pub async fn delete_expired_sessions(conn: &mut Conn, now: Timestamp) -> Result<u64> {
    let r = sqlx::query("DELETE FROM buyer_sessions WHERE expires_at < $1")
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

// ---- Addresses ----

/// A saved delivery address.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AddressRow {
    #[sqlx(try_from = "String")]
    pub id: AddressId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    pub recipient_name: String,
    /// E.164, valid for `country`.
    pub phone: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// State, province or prefecture: trimmed, inner spaces collapsed.
    pub region: Option<String>,
    pub city: String,
    pub postal_code: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub is_default: bool,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

/// The fields of an address as validated by the use-case.
#[derive(Debug, Clone)]
pub struct AddressFields {
    pub recipient_name: String,
    pub phone: String,
    pub country: String,
    pub region: Option<String>,
    pub city: String,
    pub postal_code: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
}

const ADDRESS_COLUMNS: &str = "id, buyer_id, recipient_name, phone, country, region, city,
    postal_code, line1, line2, is_default, created_at, updated_at";

/// The buyer's addresses: the default first, then the newest.
pub async fn list_addresses(conn: &mut Conn, buyer: BuyerId) -> Result<Vec<AddressRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ADDRESS_COLUMNS} FROM buyer_addresses WHERE buyer_id = $1
         ORDER BY is_default DESC, created_at DESC, id DESC"
    ))
    .bind(buyer.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn find_address(
    conn: &mut Conn,
    buyer: BuyerId,
    id: AddressId,
) -> Result<Option<AddressRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ADDRESS_COLUMNS} FROM buyer_addresses WHERE buyer_id = $1 AND id = $2"
    ))
    .bind(buyer.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn count_addresses(conn: &mut Conn, buyer: BuyerId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM buyer_addresses WHERE buyer_id = $1")
            .bind(buyer.to_string())
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn insert_address(
    conn: &mut Conn,
    buyer: BuyerId,
    id: AddressId,
    a: &AddressFields,
    is_default: bool,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO buyer_addresses (id, buyer_id, recipient_name, phone, country, region, city,
                                      postal_code, line1, line2, is_default, created_at,
                                      updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(id.to_string())
    .bind(buyer.to_string())
    .bind(&a.recipient_name)
    .bind(&a.phone)
    .bind(&a.country)
    .bind(a.region.as_deref())
    .bind(&a.city)
    .bind(a.postal_code.as_deref())
    .bind(&a.line1)
    .bind(a.line2.as_deref())
    .bind(i64::from(is_default))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces an address's fields; `false` when the buyer has no such address.
pub async fn update_address(
    conn: &mut Conn,
    buyer: BuyerId,
    id: AddressId,
    a: &AddressFields,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE buyer_addresses SET recipient_name = $1, phone = $2, country = $3, region = $4,
                city = $5, postal_code = $6, line1 = $7, line2 = $8, updated_at = $9
         WHERE buyer_id = $10 AND id = $11",
    )
    .bind(&a.recipient_name)
    .bind(&a.phone)
    .bind(&a.country)
    .bind(a.region.as_deref())
    .bind(&a.city)
    .bind(a.postal_code.as_deref())
    .bind(&a.line1)
    .bind(a.line2.as_deref())
    .bind(to_micros(now))
    .bind(buyer.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Deletes an address; `false` when the buyer has no such address.
pub async fn delete_address(conn: &mut Conn, buyer: BuyerId, id: AddressId) -> Result<bool> {
    let r = sqlx::query("DELETE FROM buyer_addresses WHERE buyer_id = $1 AND id = $2")
        .bind(buyer.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Makes `id` the buyer's only default address; `false` when the buyer has no such address.
/// The old default is cleared first, so the one-default index never sees two.
pub async fn set_default_address(
    conn: &mut Conn,
    buyer: BuyerId,
    id: AddressId,
    now: Timestamp,
) -> Result<bool> {
    if find_address(conn, buyer, id).await?.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE buyer_addresses SET is_default = 0, updated_at = $1
         WHERE buyer_id = $2 AND is_default = 1 AND id <> $3",
    )
    .bind(to_micros(now))
    .bind(buyer.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    let r = sqlx::query(
        "UPDATE buyer_addresses SET is_default = 1, updated_at = $1
         WHERE buyer_id = $2 AND id = $3",
    )
    .bind(to_micros(now))
    .bind(buyer.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// The buyer's newest address, if any (to become the default when the default goes).
pub async fn newest_address(conn: &mut Conn, buyer: BuyerId) -> Result<Option<AddressId>> {
    Ok(sqlx::query_as::<_, Newest>(
        "SELECT id FROM buyer_addresses WHERE buyer_id = $1
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(buyer.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .map(|n| n.id))
}

#[derive(sqlx::FromRow)]
struct Newest {
    #[sqlx(try_from = "String")]
    id: AddressId,
}
