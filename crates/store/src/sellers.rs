//! Shops and the people who work in them.

use jiff::Timestamp;
use shopdeck_domain::Currency;
use shopdeck_domain::ids::{ImageId, SellerId, UserId};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SellerRow {
    #[sqlx(try_from = "String")]
    pub id: SellerId,
    pub store_name: String,
    pub country: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub time_zone: String,
    pub portal: String,
    #[sqlx(try_from = "String")]
    pub status: SellerStatus,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

/// A shop a user belongs to, with the user's role there.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    #[sqlx(flatten)]
    pub seller: SellerRow,
    pub role: String,
}

#[derive(Debug, Clone)]
pub struct NewSeller<'a> {
    pub id: SellerId,
    pub store_name: &'a str,
    pub country: &'a str,
    pub currency: &'a str,
    pub time_zone: &'a str,
    pub portal: &'a str,
    pub status: &'a str,
}

/// Store names are unique regardless of case and spacing; a shop that has not chosen its
/// name yet (empty) has no key.
pub fn store_name_key(name: &str) -> Option<String> {
    let key = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

pub async fn insert_seller(conn: &mut Conn, s: &NewSeller<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO sellers (id, store_name, store_name_key, country, currency, time_zone,
                              portal, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(s.id.to_string())
    .bind(s.store_name)
    .bind(store_name_key(s.store_name))
    .bind(s.country)
    .bind(s.currency)
    .bind(s.time_zone)
    .bind(s.portal)
    .bind(s.status)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_member(
    conn: &mut Conn,
    seller: SellerId,
    user: UserId,
    role: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO seller_members (seller_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(seller.to_string())
    .bind(user.to_string())
    .bind(role)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const COLUMNS: &str =
    "s.id, s.store_name, s.country, s.currency, s.time_zone, s.portal, s.status, s.created_at";

/// The shops a user works in, oldest membership first.
pub async fn list_memberships_for_user(conn: &mut Conn, user: UserId) -> Result<Vec<Membership>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS}, m.role FROM seller_members m JOIN sellers s ON s.id = m.seller_id
         WHERE m.user_id = $1 ORDER BY m.created_at, s.id"
    ))
    .bind(user.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Shops with the given status, oldest first (the storefront lists approved ones).
pub async fn list_sellers_by_status(
    conn: &mut Conn,
    status: &str,
    limit: u32,
) -> Result<Vec<SellerRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sellers s WHERE s.status = $1 ORDER BY s.created_at, s.id LIMIT $2"
    ))
    .bind(status)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn count_sellers(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sellers")
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn find_seller(conn: &mut Conn, id: SellerId) -> Result<Option<SellerRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM sellers s WHERE s.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// A shop's logo, banner and description for its storefront page.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct BrandingRow {
    #[sqlx(try_from = "OptText")]
    pub logo_image_id: Option<ImageId>,
    #[sqlx(try_from = "OptText")]
    pub banner_image_id: Option<ImageId>,
    pub description: String,
}

pub async fn find_branding(conn: &mut Conn, seller: SellerId) -> Result<Option<BrandingRow>> {
    Ok(sqlx::query_as(
        "SELECT logo_image_id, banner_image_id, description FROM shop_branding WHERE seller_id = $1",
    )
    .bind(seller.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn upsert_branding(
    conn: &mut Conn,
    seller: SellerId,
    b: &BrandingRow,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_branding (seller_id, logo_image_id, banner_image_id, description, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (seller_id) DO UPDATE SET logo_image_id = excluded.logo_image_id,
             banner_image_id = excluded.banner_image_id, description = excluded.description,
             updated_at = excluded.updated_at",
    )
    .bind(seller.to_string())
    .bind(b.logo_image_id.map(|i| i.to_string()))
    .bind(b.banner_image_id.map(|i| i.to_string()))
    .bind(&b.description)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    crate::changes::touch(conn, crate::changes::Change::Shop(seller)).await
}
