//! Shops and the people who work in them.

use jiff::Timestamp;
use shopdeck_domain::ids::{SellerId, UserId};
use shopdeck_domain::time::{from_micros, to_micros};
use sqlx::Row;

use crate::{Conn, Result, parse_id};

#[derive(Debug, Clone)]
pub struct SellerRow {
    pub id: SellerId,
    pub store_name: String,
    pub country: String,
    pub currency: String,
    pub time_zone: String,
    pub portal: String,
    pub status: String,
    pub created_at: Timestamp,
}

/// A shop a user belongs to, with the user's role there.
#[derive(Debug, Clone)]
pub struct Membership {
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

fn map_row(row: &sqlx::any::AnyRow) -> Result<SellerRow> {
    Ok(SellerRow {
        id: parse_id(&row.try_get::<String, _>("id")?)?,
        store_name: row.try_get("store_name")?,
        country: row.try_get("country")?,
        currency: row.try_get("currency")?,
        time_zone: row.try_get("time_zone")?,
        portal: row.try_get("portal")?,
        status: row.try_get("status")?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}

/// The shops a user works in, oldest membership first.
pub async fn list_memberships_for_user(conn: &mut Conn, user: UserId) -> Result<Vec<Membership>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, m.role FROM seller_members m JOIN sellers s ON s.id = m.seller_id
         WHERE m.user_id = $1 ORDER BY m.created_at, s.id"
    ))
    .bind(user.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Membership {
                seller: map_row(r)?,
                role: r.try_get("role")?,
            })
        })
        .collect()
}

/// Shops with the given status, oldest first (the storefront lists approved ones).
pub async fn list_sellers_by_status(
    conn: &mut Conn,
    status: &str,
    limit: u32,
) -> Result<Vec<SellerRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM sellers s WHERE s.status = $1 ORDER BY s.created_at, s.id LIMIT $2"
    ))
    .bind(status)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(map_row).collect()
}

pub async fn count_sellers(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sellers")
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn find_seller(conn: &mut Conn, id: SellerId) -> Result<Option<SellerRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM sellers s WHERE s.id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(map_row).transpose()
}

/// A shop's logo, banner and description for its storefront page.
#[derive(Debug, Clone, Default)]
pub struct BrandingRow {
    pub logo_image_id: Option<shopdeck_domain::ids::ImageId>,
    pub banner_image_id: Option<shopdeck_domain::ids::ImageId>,
    pub description: String,
}

pub async fn find_branding(conn: &mut Conn, seller: SellerId) -> Result<Option<BrandingRow>> {
    let row = sqlx::query(
        "SELECT logo_image_id, banner_image_id, description FROM shop_branding WHERE seller_id = $1",
    )
    .bind(seller.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let id = |col: &str| -> Result<Option<shopdeck_domain::ids::ImageId>> {
        r.try_get::<Option<String>, _>(col)?
            .map(|s| parse_id(&s))
            .transpose()
    };
    Ok(Some(BrandingRow {
        logo_image_id: id("logo_image_id")?,
        banner_image_id: id("banner_image_id")?,
        description: r.try_get("description")?,
    }))
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
    Ok(())
}
