//! The seller profile under review: business details, addresses, payout account, documents,
//! and review decisions. Every function is scoped by `SellerId`.

use jiff::Timestamp;
use shopdeck_domain::ids::{DocumentId, ReviewId, SellerId, UserId};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_domain::time::to_micros;

use crate::column::{JsonList, Micros, OptMicros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct BusinessDetails {
    pub store_name: String,
    pub business_type: Option<String>,
    pub legal_name: Option<String>,
    pub registration_number: Option<String>,
    pub contact_name: Option<String>,
    pub time_zone: String,
    pub bank_account_masked: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub submitted_at: Option<Timestamp>,
}

pub async fn find_business_details(
    conn: &mut Conn,
    seller: SellerId,
) -> Result<Option<BusinessDetails>> {
    Ok(sqlx::query_as(
        "SELECT store_name, business_type, legal_name, registration_number, contact_name,
                time_zone, bank_account_masked, submitted_at
         FROM sellers WHERE id = $1",
    )
    .bind(seller.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn update_business_details(
    conn: &mut Conn,
    seller: SellerId,
    d: &BusinessDetails,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE sellers SET store_name = $1, store_name_key = $2, business_type = $3,
                legal_name = $4, registration_number = $5, contact_name = $6, time_zone = $7,
                updated_at = $8
         WHERE id = $9",
    )
    .bind(&d.store_name)
    .bind(crate::sellers::store_name_key(&d.store_name))
    .bind(d.business_type.as_deref())
    .bind(d.legal_name.as_deref())
    .bind(d.registration_number.as_deref())
    .bind(d.contact_name.as_deref())
    .bind(&d.time_zone)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .execute(&mut *conn)
    .await?;
    crate::changes::touch(conn, crate::changes::Change::Shop(seller)).await
}

pub async fn set_bank_account(
    conn: &mut Conn,
    seller: SellerId,
    json: &str,
    masked: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE sellers SET bank_account = $1, bank_account_masked = $2, updated_at = $3 WHERE id = $4")
        .bind(json)
        .bind(masked)
        .bind(to_micros(now))
        .bind(seller.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Address {
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub country: String,
}

pub async fn upsert_address(
    conn: &mut Conn,
    seller: SellerId,
    kind: &str,
    a: &Address,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO seller_addresses (seller_id, kind, contact_name, phone, line1, line2, city,
                                       region, postal_code, country, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (seller_id, kind) DO UPDATE SET
             contact_name = excluded.contact_name, phone = excluded.phone, line1 = excluded.line1,
             line2 = excluded.line2, city = excluded.city, region = excluded.region,
             postal_code = excluded.postal_code, country = excluded.country,
             updated_at = excluded.updated_at",
    )
    .bind(seller.to_string())
    .bind(kind)
    .bind(&a.contact_name)
    .bind(&a.phone)
    .bind(&a.line1)
    .bind(a.line2.as_deref())
    .bind(&a.city)
    .bind(a.region.as_deref())
    .bind(&a.postal_code)
    .bind(&a.country)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The shop's addresses by kind (`WAREHOUSE`, `RETURN`).
pub async fn list_addresses(conn: &mut Conn, seller: SellerId) -> Result<Vec<(String, Address)>> {
    #[derive(sqlx::FromRow)]
    struct OfKind {
        kind: String,
        #[sqlx(flatten)]
        address: Address,
    }
    let rows: Vec<OfKind> = sqlx::query_as(
        "SELECT kind, contact_name, phone, line1, line2, city, region, postal_code, country
         FROM seller_addresses WHERE seller_id = $1 ORDER BY kind",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.kind, r.address)).collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    #[sqlx(try_from = "String")]
    pub id: DocumentId,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    #[sqlx(try_from = "Micros")]
    pub uploaded_at: Timestamp,
}

pub struct NewDocument<'a> {
    pub id: DocumentId,
    pub seller_id: SellerId,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub storage_key: &'a str,
    pub uploaded_by: UserId,
}

pub async fn insert_document(conn: &mut Conn, d: &NewDocument<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO seller_documents (id, seller_id, kind, file_name, content_type, size_bytes,
                                       storage_key, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(d.id.to_string())
    .bind(d.seller_id.to_string())
    .bind(d.kind)
    .bind(d.file_name)
    .bind(d.content_type)
    .bind(d.size_bytes)
    .bind(d.storage_key)
    .bind(d.uploaded_by.to_string())
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const DOC_COLUMNS: &str = "id, kind, file_name, content_type, size_bytes, storage_key, uploaded_at";

pub async fn list_documents(conn: &mut Conn, seller: SellerId) -> Result<Vec<DocumentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DOC_COLUMNS} FROM seller_documents WHERE seller_id = $1 ORDER BY uploaded_at, id"
    ))
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn find_document(
    conn: &mut Conn,
    seller: SellerId,
    id: DocumentId,
) -> Result<Option<DocumentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DOC_COLUMNS} FROM seller_documents WHERE seller_id = $1 AND id = $2"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Moves a shop from one status to another; false when it was no longer in `from` (someone
/// else decided first).
pub async fn change_status(
    conn: &mut Conn,
    seller: SellerId,
    from: &str,
    to: &str,
    now: Timestamp,
) -> Result<bool> {
    let submitted = (to == "PENDING_REVIEW").then(|| to_micros(now));
    let r = sqlx::query(
        "UPDATE sellers SET status = $1, updated_at = $2, submitted_at = COALESCE($3, submitted_at)
         WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(to_micros(now))
    .bind(submitted)
    .bind(seller.to_string())
    .bind(from)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    // Approval or suspension shows or hides every product of the shop.
    crate::changes::touch(conn, crate::changes::Change::Shop(seller)).await?;
    Ok(true)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    #[sqlx(try_from = "String")]
    pub id: ReviewId,
    pub action: String,
    #[sqlx(try_from = "String")]
    pub from_status: SellerStatus,
    #[sqlx(try_from = "String")]
    pub to_status: SellerStatus,
    #[sqlx(try_from = "JsonList")]
    pub reasons: Vec<String>,
    #[sqlx(try_from = "OptText")]
    pub actor_id: Option<UserId>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub struct NewReview<'a> {
    pub id: ReviewId,
    pub seller_id: SellerId,
    pub action: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub reasons: &'a [String],
    pub actor_id: Option<UserId>,
}

pub async fn insert_review(conn: &mut Conn, r: &NewReview<'_>, now: Timestamp) -> Result<()> {
    let reasons = serde_json::to_string(r.reasons).unwrap_or_else(|_| "[]".to_owned());
    sqlx::query(
        "INSERT INTO seller_reviews (id, seller_id, action, from_status, to_status, reasons,
                                     actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id.to_string())
    .bind(r.seller_id.to_string())
    .bind(r.action)
    .bind(r.from_status)
    .bind(r.to_status)
    .bind(reasons)
    .bind(r.actor_id.map(|a| a.to_string()))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The shop's review history, newest first.
pub async fn list_reviews(conn: &mut Conn, seller: SellerId) -> Result<Vec<ReviewRow>> {
    Ok(sqlx::query_as(
        "SELECT id, action, from_status, to_status, reasons, actor_id, created_at
         FROM seller_reviews WHERE seller_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}
