//! Cancellation requests and decisions (see the `cancellations` table).

use jiff::Timestamp;
use shopdeck_domain::cancellations::{CancelRejectReason, CancelStatus, CancelType};
use shopdeck_domain::fulfilment::Role;
use shopdeck_domain::ids::{BuyerId, CancellationId, OrderId, RefundId, SellerId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptMicros, OptText};
use crate::{Conn, Owner, Result, find_by_id};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CancellationRow {
    #[sqlx(try_from = "String")]
    pub id: CancellationId,
    #[sqlx(try_from = "String")]
    pub order_id: OrderId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    #[sqlx(try_from = "String")]
    pub cancel_type: CancelType,
    #[sqlx(try_from = "String")]
    pub status: CancelStatus,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// A `BuyerCancelReason` (the buyer asked) or a `CancelReason` (the seller cancelled).
    pub reason: String,
    pub note: Option<String>,
    /// JSON `[{"line_no", "quantity"}]`; empty for the whole order.
    pub items: String,
    #[sqlx(try_from = "OptText")]
    pub reject_reason: Option<CancelRejectReason>,
    pub reject_note: Option<String>,
    #[sqlx(try_from = "OptText")]
    pub refund_id: Option<RefundId>,
    pub refund_minor: Option<i64>,
    #[sqlx(try_from = "OptMicros")]
    pub seller_deadline: Option<Timestamp>,
    /// The deciding user's id, BUYER (withdrawn) or SYSTEM.
    pub decided_by: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub decided_at: Option<Timestamp>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, order_id, seller_id, buyer_id, cancel_type, status, role, reason, note,
    items, reject_reason, reject_note, refund_id, refund_minor, seller_deadline, decided_by,
    decided_at, created_at, updated_at";

/// Stores a cancellation; false when the order already has a pending request.
pub async fn insert(conn: &mut Conn, c: &CancellationRow) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO cancellations (id, order_id, seller_id, buyer_id, cancel_type, status, role,
             reason, note, items, refund_id, refund_minor, seller_deadline, decided_by,
             decided_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
         ON CONFLICT DO NOTHING",
    )
    .bind(c.id.to_string())
    .bind(c.order_id.to_string())
    .bind(c.seller_id.to_string())
    .bind(c.buyer_id.to_string())
    .bind(c.cancel_type.as_str())
    .bind(c.status.as_str())
    .bind(c.role.as_str())
    .bind(&c.reason)
    .bind(&c.note)
    .bind(&c.items)
    .bind(c.refund_id.map(|r| r.to_string()))
    .bind(c.refund_minor)
    .bind(c.seller_deadline.map(to_micros))
    .bind(&c.decided_by)
    .bind(c.decided_at.map(to_micros))
    .bind(to_micros(c.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The cancellation request if `owner` (its shop or its buyer) owns it.
pub async fn find(
    conn: &mut Conn,
    owner: impl Into<Owner>,
    id: CancellationId,
) -> Result<Option<CancellationRow>> {
    let select = format!("SELECT {COLUMNS} FROM cancellations");
    find_by_id(conn, &select, Some(owner.into()), id.to_string()).await
}

/// Any shop's cancellation request: for operators and the worker only.
pub async fn find_any(conn: &mut Conn, id: CancellationId) -> Result<Option<CancellationRow>> {
    let select = format!("SELECT {COLUMNS} FROM cancellations");
    find_by_id(conn, &select, None, id.to_string()).await
}

pub async fn of_order(conn: &mut Conn, order: OrderId) -> Result<Vec<CancellationRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM cancellations WHERE order_id = $1 ORDER BY created_at, id");
    Ok(sqlx::query_as(&sql)
        .bind(order.to_string())
        .fetch_all(&mut *conn)
        .await?)
}

/// The shop's cancellations in a status, oldest first.
pub async fn of_seller(
    conn: &mut Conn,
    seller: SellerId,
    status: &str,
    limit: i64,
) -> Result<Vec<CancellationRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM cancellations WHERE seller_id = $1 AND status = $2
         ORDER BY created_at, id LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(seller.to_string())
        .bind(status)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?)
}

/// Records a decision; false when the cancellation was no longer in `from`.
#[expect(clippy::too_many_arguments, reason = "one decision, field by field")]
pub async fn decide(
    conn: &mut Conn,
    id: CancellationId,
    from: &str,
    to: &str,
    decided_by: &str,
    reject_reason: Option<&str>,
    reject_note: Option<&str>,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE cancellations SET status = $1, decided_by = $2, decided_at = $3, updated_at = $3,
             reject_reason = $4, reject_note = $5
         WHERE id = $6 AND status = $7",
    )
    .bind(to)
    .bind(decided_by)
    .bind(to_micros(now))
    .bind(reject_reason)
    .bind(reject_note)
    .bind(id.to_string())
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_refund(
    conn: &mut Conn,
    id: CancellationId,
    refund: Option<RefundId>,
    amount: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE cancellations SET refund_id = $1, refund_minor = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(refund.map(|r| r.to_string()))
    .bind(amount)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A refund landed: its cancellation is complete.
pub async fn complete_for_refund(conn: &mut Conn, refund: RefundId, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE cancellations SET status = 'CANCELLATION_REQUEST_COMPLETE', updated_at = $1
         WHERE refund_id = $2 AND status = 'CANCELLATION_REQUEST_SUCCESS'",
    )
    .bind(to_micros(now))
    .bind(refund.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether an order has a buyer's request waiting for the seller.
pub async fn has_pending(conn: &mut Conn, order: OrderId) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cancellations
         WHERE order_id = $1 AND status = 'CANCELLATION_REQUEST_PENDING'",
    )
    .bind(order.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// The order was cancelled as a whole (by the seller or the system) while a buyer's request
/// waited: the request is granted with it, and completes when `refund` lands.
pub async fn grant_pending(
    conn: &mut Conn,
    order: OrderId,
    refund: Option<(RefundId, i64)>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE cancellations SET status = 'CANCELLATION_REQUEST_SUCCESS', decided_by = 'SYSTEM',
             decided_at = $1, updated_at = $1, refund_id = $2, refund_minor = $3
         WHERE order_id = $4 AND status = 'CANCELLATION_REQUEST_PENDING'",
    )
    .bind(to_micros(now))
    .bind(refund.map(|(id, _)| id.to_string()))
    .bind(refund.map(|(_, amount)| amount))
    .bind(order.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
