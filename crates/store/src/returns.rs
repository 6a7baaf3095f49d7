//! Returns and refund requests after delivery, and their history (see the `returns` and
//! `return_records` tables).

use jiff::Timestamp;
use shopdeck_domain::fulfilment::Role;
use shopdeck_domain::ids::{BuyerId, OrderId, RefundId, ReturnId, ReturnRecordId, SellerId};
use shopdeck_domain::returns::{ArbitrationStatus, ReturnReason, ReturnStatus, ReturnType};
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::params::Params;
use crate::{Conn, Owner, Result, find_by_id};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReturnRow {
    #[sqlx(try_from = "String")]
    pub id: ReturnId,
    #[sqlx(try_from = "String")]
    pub order_id: OrderId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    #[sqlx(try_from = "String")]
    pub return_type: ReturnType,
    #[sqlx(try_from = "String")]
    pub status: ReturnStatus,
    #[sqlx(try_from = "OptText")]
    pub arbitration: Option<ArbitrationStatus>,
    #[sqlx(try_from = "String")]
    pub reason: ReturnReason,
    pub note: Option<String>,
    /// JSON `[{"line_no", "quantity"}]`.
    pub items: String,
    /// JSON `["<file key>", …]`.
    pub photos: String,
    #[sqlx(try_from = "Flag")]
    pub seller_fault: bool,
    pub merchandise_minor: i64,
    pub shipping_minor: i64,
    /// What the buyer gets back: the full refund, or the seller's accepted partial offer.
    pub refund_minor: i64,
    pub reject_reason: Option<String>,
    pub reject_note: Option<String>,
    /// PLATFORM (a return label from Shopdeck) or BUYER_ARRANGE (the buyer's own carrier).
    pub return_method: Option<String>,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub restocked: bool,
    #[sqlx(try_from = "OptText")]
    pub refund_id: Option<RefundId>,
    #[sqlx(try_from = "OptMicros")]
    pub deadline: Option<Timestamp>,
    /// BUYER or SELLER: who must act before `deadline`.
    #[sqlx(try_from = "OptText")]
    pub deadline_role: Option<Role>,
    #[sqlx(try_from = "Flag")]
    pub open: bool,
    /// When the return entered its status.
    #[sqlx(try_from = "Micros")]
    pub status_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, order_id, seller_id, buyer_id, return_type, status, arbitration,
    reason, note, items, photos, seller_fault, merchandise_minor, shipping_minor, refund_minor,
    reject_reason, reject_note, return_method, return_carrier, return_tracking, restocked,
    refund_id, deadline, deadline_role, open, status_at, created_at, updated_at";

/// Stores a new request; false when the order already has an open return.
pub async fn insert(conn: &mut Conn, r: &ReturnRow) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO returns (id, order_id, seller_id, buyer_id, return_type, status,
             arbitration, reason, note, items, photos, seller_fault, merchandise_minor,
             shipping_minor, refund_minor, deadline, deadline_role, open, status_at,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $19, $19)
         ON CONFLICT DO NOTHING",
    )
    .bind(r.id.to_string())
    .bind(r.order_id.to_string())
    .bind(r.seller_id.to_string())
    .bind(r.buyer_id.to_string())
    .bind(r.return_type.as_str())
    .bind(r.status.as_str())
    .bind(r.arbitration.map(|a| a.as_str()))
    .bind(r.reason.as_str())
    .bind(&r.note)
    .bind(&r.items)
    .bind(&r.photos)
    .bind(i64::from(r.seller_fault))
    .bind(r.merchandise_minor)
    .bind(r.shipping_minor)
    .bind(r.refund_minor)
    .bind(r.deadline.map(to_micros))
    .bind(r.deadline_role.map(|r| r.as_str()))
    .bind(i64::from(r.open))
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The return if `owner` (its shop or its buyer) owns it.
pub async fn find(
    conn: &mut Conn,
    owner: impl Into<Owner>,
    id: ReturnId,
) -> Result<Option<ReturnRow>> {
    let select = format!("SELECT {COLUMNS} FROM returns");
    find_by_id(conn, &select, Some(owner.into()), id.to_string()).await
}

/// Any shop's return: for operators and the worker only.
pub async fn find_any(conn: &mut Conn, id: ReturnId) -> Result<Option<ReturnRow>> {
    let select = format!("SELECT {COLUMNS} FROM returns");
    find_by_id(conn, &select, None, id.to_string()).await
}

/// The returns of an order, oldest first.
pub async fn of_order(conn: &mut Conn, order: OrderId) -> Result<Vec<ReturnRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM returns WHERE order_id = $1 ORDER BY created_at, id"
    ))
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether the order has a return that is still open.
pub async fn has_open(conn: &mut Conn, order: OrderId) -> Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM returns WHERE order_id = $1 AND open = 1")
            .bind(order.to_string())
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}

/// Which returns a list shows.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    pub seller: Option<SellerId>,
    pub buyer: Option<BuyerId>,
    /// Any of these statuses (empty: all).
    pub statuses: Vec<ReturnStatus>,
    /// Only returns under arbitration with this status.
    pub arbitration: Option<ArbitrationStatus>,
    /// Only returns that were escalated to arbitration (any arbitration status).
    pub escalated: bool,
    pub order: Option<OrderId>,
    /// Newest first, before this (created_at, id) cursor.
    pub before: Option<(Timestamp, ReturnId)>,
    pub limit: u32,
}

/// Returns matching `filter`, newest first.
pub async fn list(conn: &mut Conn, filter: &ReturnFilter) -> Result<Vec<ReturnRow>> {
    let mut sql = format!("SELECT {COLUMNS} FROM returns WHERE 1 = 1");
    let mut p = Params::default();
    if let Some(s) = filter.seller {
        sql.push_str(&format!(" AND seller_id = {}", p.bind(s.to_string())?));
    }
    if let Some(b) = filter.buyer {
        sql.push_str(&format!(" AND buyer_id = {}", p.bind(b.to_string())?));
    }
    if let Some(o) = filter.order {
        sql.push_str(&format!(" AND order_id = {}", p.bind(o.to_string())?));
    }
    if !filter.statuses.is_empty() {
        let marks = p.list(filter.statuses.iter().map(|s| s.as_str()))?;
        sql.push_str(&format!(" AND status IN ({marks})"));
    }
    if filter.escalated {
        sql.push_str(" AND arbitration IS NOT NULL");
    }
    if let Some(a) = filter.arbitration {
        sql.push_str(&format!(" AND arbitration = {}", p.bind(a.as_str())?));
    }
    if let Some((at, id)) = filter.before {
        let t = p.bind(to_micros(at))?;
        let i = p.bind(id.to_string())?;
        sql.push_str(&format!(
            " AND (created_at < {t} OR (created_at = {t} AND id < {i}))"
        ));
    }
    let limit = p.bind(i64::from(filter.limit.max(1)))?;
    sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT {limit}"));
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

/// A shop's returns counted by status (and, for escalated ones, under "ARBITRATION").
pub async fn counts_for_seller(conn: &mut Conn, seller: SellerId) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT CASE WHEN arbitration = 'IN_PROGRESS' THEN 'ARBITRATION' ELSE status END AS s,
                COUNT(*) AS n
         FROM returns WHERE seller_id = $1 GROUP BY 1",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// What changes when a return moves on.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub from_status: &'a str,
    pub from_arbitration: Option<&'a str>,
    pub status: &'a str,
    pub arbitration: Option<&'a str>,
    pub deadline: Option<Timestamp>,
    pub deadline_role: Option<&'a str>,
    pub open: bool,
    /// Whether the status itself changed (then `status_at` is now).
    pub status_changed: bool,
}

/// Moves a return if it is still where the caller saw it; false when it moved meanwhile.
pub async fn apply(conn: &mut Conn, id: ReturnId, m: &Move<'_>, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE returns SET status = $1, arbitration = $2, deadline = $3, deadline_role = $4,
                open = $5, status_at = CASE WHEN $6 = 1 THEN $7 ELSE status_at END,
                updated_at = $7
         WHERE id = $8 AND status = $9 AND COALESCE(arbitration, '') = $10",
    )
    .bind(m.status)
    .bind(m.arbitration)
    .bind(m.deadline.map(to_micros))
    .bind(m.deadline_role)
    .bind(i64::from(m.open))
    .bind(i64::from(m.status_changed))
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(m.from_status)
    .bind(m.from_arbitration.unwrap_or(""))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_rejection(
    conn: &mut Conn,
    id: ReturnId,
    reason: &str,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE returns SET reject_reason = $1, reject_note = $2 WHERE id = $3")
        .bind(reason)
        .bind(note)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_shipment(
    conn: &mut Conn,
    id: ReturnId,
    method: &str,
    carrier: &str,
    tracking: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE returns SET return_method = $1, return_carrier = $2, return_tracking = $3
         WHERE id = $4",
    )
    .bind(method)
    .bind(carrier)
    .bind(tracking)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records the refund paid for the return and its amount.
pub async fn set_refund(
    conn: &mut Conn,
    id: ReturnId,
    refund: Option<RefundId>,
    amount: i64,
) -> Result<()> {
    sqlx::query("UPDATE returns SET refund_id = $1, refund_minor = $2 WHERE id = $3")
        .bind(refund.map(|r| r.to_string()))
        .bind(amount)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_restocked(conn: &mut Conn, id: ReturnId) -> Result<()> {
    sqlx::query("UPDATE returns SET restocked = 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The return paid by this refund, if any.
pub async fn find_by_refund_any(conn: &mut Conn, refund: RefundId) -> Result<Option<ReturnRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM returns WHERE refund_id = $1"
    ))
    .bind(refund.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordRow {
    #[sqlx(try_from = "String")]
    pub id: ReturnRecordId,
    #[sqlx(try_from = "String")]
    pub return_id: ReturnId,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub actor: Option<String>,
    pub action: String,
    /// The status after the action.
    #[sqlx(try_from = "String")]
    pub status: ReturnStatus,
    pub note: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub async fn insert_record(conn: &mut Conn, r: &RecordRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO return_records (id, return_id, role, actor, action, status, note,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id.to_string())
    .bind(r.return_id.to_string())
    .bind(r.role.as_str())
    .bind(&r.actor)
    .bind(&r.action)
    .bind(r.status.as_str())
    .bind(&r.note)
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A return's history, oldest first.
pub async fn records(conn: &mut Conn, id: ReturnId) -> Result<Vec<RecordRow>> {
    Ok(sqlx::query_as(
        "SELECT id, return_id, role, actor, action, status, note, created_at
         FROM return_records WHERE return_id = $1 ORDER BY created_at, id",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// A shop's returns over a period: all of them, and those whose reason is the seller's fault
/// (for the seller-fault return rate).
pub async fn seller_fault_counts(
    conn: &mut Conn,
    seller: SellerId,
    since: Timestamp,
) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*) AS total,
                COALESCE(SUM(CASE WHEN seller_fault = 1 THEN 1 ELSE 0 END), 0) AS fault
         FROM returns WHERE seller_id = $1 AND created_at >= $2
           AND status <> 'RETURN_OR_REFUND_REQUEST_CANCEL'",
    )
    .bind(seller.to_string())
    .bind(to_micros(since))
    .fetch_one(&mut *conn)
    .await?)
}
