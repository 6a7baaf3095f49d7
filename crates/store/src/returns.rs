//! Returns and refund requests after delivery, and their history (see the `returns` and
//! `return_records` tables).

use jiff::Timestamp;
use shopdeck_domain::ids::{BuyerId, OrderId, RefundId, ReturnId, ReturnRecordId, SellerId};
use shopdeck_domain::time::{from_micros, to_micros};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::orders::{opt_id, opt_time};
use crate::{Conn, Owner, Result, find_by_id, parse_id};

#[derive(Debug, Clone)]
pub struct ReturnRow {
    pub id: ReturnId,
    pub order_id: OrderId,
    pub seller_id: SellerId,
    pub buyer_id: BuyerId,
    pub return_type: String,
    pub status: String,
    pub arbitration: Option<String>,
    pub reason: String,
    pub note: Option<String>,
    /// JSON `[{"line_no", "quantity"}]`.
    pub items: String,
    /// JSON `["<file key>", …]`.
    pub photos: String,
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
    pub restocked: bool,
    pub refund_id: Option<RefundId>,
    pub deadline: Option<Timestamp>,
    /// BUYER or SELLER: who must act before `deadline`.
    pub deadline_role: Option<String>,
    pub open: bool,
    /// When the return entered its status.
    pub status_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, order_id, seller_id, buyer_id, return_type, status, arbitration,
    reason, note, items, photos, seller_fault, merchandise_minor, shipping_minor, refund_minor,
    reject_reason, reject_note, return_method, return_carrier, return_tracking, restocked,
    refund_id, deadline, deadline_role, open, status_at, created_at, updated_at";

fn row_from(r: &AnyRow) -> Result<ReturnRow> {
    Ok(ReturnRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        order_id: parse_id(&r.try_get::<String, _>("order_id")?)?,
        seller_id: parse_id(&r.try_get::<String, _>("seller_id")?)?,
        buyer_id: parse_id(&r.try_get::<String, _>("buyer_id")?)?,
        return_type: r.try_get("return_type")?,
        status: r.try_get("status")?,
        arbitration: r.try_get("arbitration")?,
        reason: r.try_get("reason")?,
        note: r.try_get("note")?,
        items: r.try_get("items")?,
        photos: r.try_get("photos")?,
        seller_fault: r.try_get::<i64, _>("seller_fault")? != 0,
        merchandise_minor: r.try_get("merchandise_minor")?,
        shipping_minor: r.try_get("shipping_minor")?,
        refund_minor: r.try_get("refund_minor")?,
        reject_reason: r.try_get("reject_reason")?,
        reject_note: r.try_get("reject_note")?,
        return_method: r.try_get("return_method")?,
        return_carrier: r.try_get("return_carrier")?,
        return_tracking: r.try_get("return_tracking")?,
        restocked: r.try_get::<i64, _>("restocked")? != 0,
        refund_id: opt_id(r, "refund_id")?,
        deadline: opt_time(r, "deadline")?,
        deadline_role: r.try_get("deadline_role")?,
        open: r.try_get::<i64, _>("open")? != 0,
        status_at: from_micros(r.try_get("status_at")?),
        created_at: from_micros(r.try_get("created_at")?),
        updated_at: from_micros(r.try_get("updated_at")?),
    })
}

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
    .bind(&r.return_type)
    .bind(&r.status)
    .bind(&r.arbitration)
    .bind(&r.reason)
    .bind(&r.note)
    .bind(&r.items)
    .bind(&r.photos)
    .bind(i64::from(r.seller_fault))
    .bind(r.merchandise_minor)
    .bind(r.shipping_minor)
    .bind(r.refund_minor)
    .bind(r.deadline.map(to_micros))
    .bind(&r.deadline_role)
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
    find_by_id(conn, &select, Some(owner.into()), id.to_string(), row_from).await
}

/// Any shop's return: for operators and the worker only.
pub async fn find_any(conn: &mut Conn, id: ReturnId) -> Result<Option<ReturnRow>> {
    let select = format!("SELECT {COLUMNS} FROM returns");
    find_by_id(conn, &select, None, id.to_string(), row_from).await
}

/// The returns of an order, oldest first.
pub async fn of_order(conn: &mut Conn, order: OrderId) -> Result<Vec<ReturnRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM returns WHERE order_id = $1 ORDER BY created_at, id"
    ))
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(row_from).collect()
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
    pub statuses: Vec<String>,
    /// Only returns under arbitration with this status.
    pub arbitration: Option<String>,
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
    let mut binds: Vec<Bind> = Vec::new();
    if let Some(s) = filter.seller {
        binds.push(Bind::Text(s.to_string()));
        sql.push_str(&format!(" AND seller_id = ${}", binds.len()));
    }
    if let Some(b) = filter.buyer {
        binds.push(Bind::Text(b.to_string()));
        sql.push_str(&format!(" AND buyer_id = ${}", binds.len()));
    }
    if let Some(o) = filter.order {
        binds.push(Bind::Text(o.to_string()));
        sql.push_str(&format!(" AND order_id = ${}", binds.len()));
    }
    if !filter.statuses.is_empty() {
        let mut marks = Vec::new();
        for s in &filter.statuses {
            binds.push(Bind::Text(s.clone()));
            marks.push(format!("${}", binds.len()));
        }
        sql.push_str(&format!(" AND status IN ({})", marks.join(", ")));
    }
    if filter.escalated {
        sql.push_str(" AND arbitration IS NOT NULL");
    }
    if let Some(a) = &filter.arbitration {
        binds.push(Bind::Text(a.clone()));
        sql.push_str(&format!(" AND arbitration = ${}", binds.len()));
    }
    if let Some((at, id)) = filter.before {
        binds.push(Bind::Int(to_micros(at)));
        let t = binds.len();
        binds.push(Bind::Text(id.to_string()));
        let i = binds.len();
        sql.push_str(&format!(
            " AND (created_at < ${t} OR (created_at = ${t} AND id < ${i}))"
        ));
    }
    binds.push(Bind::Int(i64::from(filter.limit.max(1))));
    sql.push_str(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT ${}",
        binds.len()
    ));
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s),
            Bind::Int(n) => q.bind(n),
        };
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(row_from).collect()
}

enum Bind {
    Text(String),
    Int(i64),
}

/// A shop's returns counted by status (and, for escalated ones, under "ARBITRATION").
pub async fn counts_for_seller(conn: &mut Conn, seller: SellerId) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT CASE WHEN arbitration = 'IN_PROGRESS' THEN 'ARBITRATION' ELSE status END AS s,
                COUNT(*) AS n
         FROM returns WHERE seller_id = $1 GROUP BY 1",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String, _>("s")?, r.try_get::<i64, _>("n")?)))
        .collect()
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
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM returns WHERE refund_id = $1"
    ))
    .bind(refund.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(row_from).transpose()
}

#[derive(Debug, Clone)]
pub struct RecordRow {
    pub id: ReturnRecordId,
    pub return_id: ReturnId,
    /// BUYER, SELLER, OPERATOR or SYSTEM.
    pub role: String,
    pub actor: Option<String>,
    pub action: String,
    /// The status after the action.
    pub status: String,
    pub note: Option<String>,
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
    .bind(&r.role)
    .bind(&r.actor)
    .bind(&r.action)
    .bind(&r.status)
    .bind(&r.note)
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A return's history, oldest first.
pub async fn records(conn: &mut Conn, id: ReturnId) -> Result<Vec<RecordRow>> {
    let rows = sqlx::query(
        "SELECT id, return_id, role, actor, action, status, note, created_at
         FROM return_records WHERE return_id = $1 ORDER BY created_at, id",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecordRow {
                id: parse_id(&r.try_get::<String, _>("id")?)?,
                return_id: parse_id(&r.try_get::<String, _>("return_id")?)?,
                role: r.try_get("role")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                status: r.try_get("status")?,
                note: r.try_get("note")?,
                created_at: from_micros(r.try_get("created_at")?),
            })
        })
        .collect()
}

/// A shop's returns over a period: all of them, and those whose reason is the seller's fault
/// (for the seller-fault return rate).
pub async fn seller_fault_counts(
    conn: &mut Conn,
    seller: SellerId,
    since: Timestamp,
) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS total,
                COALESCE(SUM(CASE WHEN seller_fault = 1 THEN 1 ELSE 0 END), 0) AS fault
         FROM returns WHERE seller_id = $1 AND created_at >= $2
           AND status <> 'RETURN_OR_REFUND_REQUEST_CANCEL'",
    )
    .bind(seller.to_string())
    .bind(to_micros(since))
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("total")?, row.try_get("fault")?))
}
