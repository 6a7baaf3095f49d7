//! API tokens: named, scoped, stored as hashes, revocable.

use jiff::Timestamp;
use shopdeck_domain::ids::{SellerId, TokenId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptMicros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    #[sqlx(try_from = "String")]
    pub id: TokenId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub name: String,
    /// JSON of `Permissions`.
    pub scopes: String,
    #[sqlx(try_from = "OptText")]
    pub created_by: Option<UserId>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub last_used_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub revoked_at: Option<Timestamp>,
}

pub struct NewToken<'a> {
    pub id: TokenId,
    pub seller_id: SellerId,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub created_by: UserId,
}

pub async fn insert_token(conn: &mut Conn, t: &NewToken<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, seller_id, name, token_hash, scopes, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id.to_string())
    .bind(t.seller_id.to_string())
    .bind(t.name)
    .bind(t.token_hash)
    .bind(t.scopes)
    .bind(t.created_by.to_string())
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const COLUMNS: &str =
    "id, seller_id, name, scopes, created_by, created_at, last_used_at, revoked_at";

pub async fn find_token_by_hash(conn: &mut Conn, hash: &str) -> Result<Option<TokenRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn list_tokens_for_seller(conn: &mut Conn, seller: SellerId) -> Result<Vec<TokenRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE seller_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn touch_token(conn: &mut Conn, id: TokenId, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn revoke_token(
    conn: &mut Conn,
    seller: SellerId,
    id: TokenId,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE seller_id = $2 AND id = $3 AND revoked_at IS NULL")
        .bind(to_micros(now))
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}
