//! Packages, the orders they carry, their tracking events, and the sandbox carrier's
//! shipments. Status changes are conditional updates, like orders'.

use jiff::Timestamp;
use shopdeck_domain::fulfilment::{PackageStatus, ShippingMode};
use shopdeck_domain::ids::{
    BuyerId, OrderId, PackageId, SandboxShipmentId, SellerId, TrackingEventId,
};
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros};
use crate::params::Params;
use crate::{Conn, Owner, Result, find_by_id, parse_id};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PackageRow {
    #[sqlx(try_from = "String")]
    pub id: PackageId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    #[sqlx(try_from = "String")]
    pub status: PackageStatus,
    #[sqlx(try_from = "String")]
    pub mode: ShippingMode,
    pub provider: Option<String>,
    pub provider_ref: Option<String>,
    pub carrier_code: String,
    pub carrier_name: String,
    pub service: String,
    pub tracking_number: String,
    pub weight_grams: i64,
    pub failure_reason: Option<String>,
    pub proof_key: Option<String>,
    pub proof_type: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub arranged_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub collected_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub delivered_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub cancelled_at: Option<Timestamp>,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

const PACKAGE_COLUMNS: &str = "id, seller_id, buyer_id, status, mode, provider, provider_ref,
    carrier_code, carrier_name, service, tracking_number, weight_grams, failure_reason,
    proof_key, proof_type, created_at, arranged_at, collected_at, delivered_at, cancelled_at,
    updated_at";

/// Stores a new package with the orders it carries.
pub async fn insert_package(conn: &mut Conn, p: &PackageRow, orders: &[OrderId]) -> Result<()> {
    sqlx::query(
        "INSERT INTO packages (id, seller_id, buyer_id, status, mode, provider, provider_ref,
             carrier_code, carrier_name, service, tracking_number, weight_grams, created_at,
             arranged_at, collected_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $13)",
    )
    .bind(p.id.to_string())
    .bind(p.seller_id.to_string())
    .bind(p.buyer_id.to_string())
    .bind(p.status.as_str())
    .bind(p.mode.as_str())
    .bind(&p.provider)
    .bind(&p.provider_ref)
    .bind(&p.carrier_code)
    .bind(&p.carrier_name)
    .bind(&p.service)
    .bind(&p.tracking_number)
    .bind(p.weight_grams)
    .bind(to_micros(p.created_at))
    .bind(p.arranged_at.map(to_micros))
    .bind(p.collected_at.map(to_micros))
    .execute(&mut *conn)
    .await?;
    for order in orders {
        sqlx::query("INSERT INTO package_orders (package_id, order_id) VALUES ($1, $2)")
            .bind(p.id.to_string())
            .bind(order.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The package if `owner` (its shop or its buyer) owns it.
pub async fn find_package(
    conn: &mut Conn,
    owner: impl Into<Owner>,
    id: PackageId,
) -> Result<Option<PackageRow>> {
    let select = format!("SELECT {PACKAGE_COLUMNS} FROM packages");
    find_by_id(conn, &select, Some(owner.into()), id.to_string()).await
}

/// Any shop's package: for operators, the worker and carrier callbacks only.
pub async fn find_package_any(conn: &mut Conn, id: PackageId) -> Result<Option<PackageRow>> {
    let select = format!("SELECT {PACKAGE_COLUMNS} FROM packages");
    find_by_id(conn, &select, None, id.to_string()).await
}

pub async fn find_by_provider(
    conn: &mut Conn,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<PackageRow>> {
    let sql =
        format!("SELECT {PACKAGE_COLUMNS} FROM packages WHERE provider = $1 AND provider_ref = $2");
    Ok(sqlx::query_as(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(&mut *conn)
        .await?)
}

/// The live (not cancelled) package of this shop that already uses a tracking number.
pub async fn tracking_in_use(
    conn: &mut Conn,
    seller: SellerId,
    carrier: &str,
    number: &str,
) -> Result<Option<PackageId>> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM packages WHERE carrier_code = $1 AND tracking_number = $2
           AND seller_id = $3 AND status <> 'CANCELLED'",
    )
    .bind(carrier)
    .bind(number)
    .bind(seller.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    id.map(|s| parse_id(&s)).transpose()
}

/// Packages carrying any of `orders`, with the order each row was found for, oldest first.
pub async fn packages_of_orders(
    conn: &mut Conn,
    orders: &[OrderId],
) -> Result<Vec<(OrderId, PackageRow)>> {
    let mut out = Vec::new();
    for chunk in orders.chunks(200) {
        if chunk.is_empty() {
            continue;
        }
        let mut p = Params::default();
        let cols = PACKAGE_COLUMNS
            .split(',')
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT po.order_id AS for_order, {cols} FROM package_orders po
             JOIN packages p ON p.id = po.package_id
             WHERE po.order_id IN ({}) ORDER BY p.created_at, p.id",
            p.list(chunk.iter().map(|o| o.to_string()))?
        );
        let rows: Vec<PackageOfOrder> = sqlx::query_as_with(&sql, p.into_args())
            .fetch_all(&mut *conn)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.for_order, r.package)));
    }
    Ok(out)
}

/// A package with the order it was found for.
#[derive(sqlx::FromRow)]
struct PackageOfOrder {
    #[sqlx(try_from = "String")]
    for_order: OrderId,
    #[sqlx(flatten)]
    package: PackageRow,
}

/// The orders a package carries.
pub async fn orders_of_package(conn: &mut Conn, id: PackageId) -> Result<Vec<OrderId>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT order_id FROM package_orders WHERE package_id = $1 ORDER BY order_id",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|s| parse_id(s)).collect()
}

/// Which timestamp a package status change stamps.
#[derive(Debug, Clone, Copy)]
pub enum Stamp {
    Arranged,
    Collected,
    Delivered,
    Cancelled,
    None,
}

/// Moves a package from `from` to `to`; false when it was no longer in `from`.
pub async fn set_package_status(
    conn: &mut Conn,
    id: PackageId,
    from: &str,
    to: &str,
    stamp: Stamp,
    now: Timestamp,
) -> Result<bool> {
    let column = match stamp {
        Stamp::Arranged => ", arranged_at = $1",
        Stamp::Collected => ", collected_at = $1",
        Stamp::Delivered => ", delivered_at = $1",
        Stamp::Cancelled => ", cancelled_at = $1",
        Stamp::None => "",
    };
    let sql = format!(
        "UPDATE packages SET status = $2, updated_at = $1{column} WHERE id = $3 AND status = $4"
    );
    let done = sqlx::query(&sql)
        .bind(to_micros(now))
        .bind(to)
        .bind(id.to_string())
        .bind(from)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_failure(
    conn: &mut Conn,
    id: PackageId,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE packages SET failure_reason = $1, updated_at = $2 WHERE id = $3")
        .bind(reason)
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_proof(
    conn: &mut Conn,
    id: PackageId,
    key: &str,
    content_type: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE packages SET proof_key = $1, proof_type = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(key)
    .bind(content_type)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrackingEventRow {
    #[sqlx(try_from = "String")]
    pub id: TrackingEventId,
    #[sqlx(try_from = "String")]
    pub package_id: PackageId,
    pub event_ref: String,
    pub code: String,
    pub description: String,
    pub location: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub occurred_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub recorded_at: Timestamp,
}

/// Records a tracking event once per (package, event_ref); false when it was already there.
pub async fn insert_tracking_event(conn: &mut Conn, e: &TrackingEventRow) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO tracking_events (id, package_id, event_ref, code, description, location,
             occurred_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (package_id, event_ref) DO NOTHING",
    )
    .bind(e.id.to_string())
    .bind(e.package_id.to_string())
    .bind(&e.event_ref)
    .bind(&e.code)
    .bind(&e.description)
    .bind(&e.location)
    .bind(to_micros(e.occurred_at))
    .bind(to_micros(e.recorded_at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The tracking events of these packages, oldest first.
pub async fn tracking_events(
    conn: &mut Conn,
    packages: &[PackageId],
) -> Result<Vec<TrackingEventRow>> {
    let mut out = Vec::new();
    for chunk in packages.chunks(200) {
        if chunk.is_empty() {
            continue;
        }
        let mut p = Params::default();
        let sql = format!(
            "SELECT id, package_id, event_ref, code, description, location, occurred_at,
                    recorded_at
             FROM tracking_events WHERE package_id IN ({}) ORDER BY occurred_at, id",
            p.list(chunk.iter().map(|id| id.to_string()))?
        );
        let rows: Vec<TrackingEventRow> = sqlx::query_as_with(&sql, p.into_args())
            .fetch_all(&mut *conn)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Order fulfilment timestamps

/// Records when an order was handed to the carrier (the first time only).
pub async fn mark_shipped(conn: &mut Conn, order: OrderId, at: Timestamp) -> Result<()> {
    sqlx::query("UPDATE orders SET shipped_at = $1 WHERE id = $2 AND shipped_at IS NULL")
        .bind(to_micros(at))
        .bind(order.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records delivery and when the after-sale window closes.
pub async fn mark_delivered(
    conn: &mut Conn,
    order: OrderId,
    at: Timestamp,
    complete_after: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET delivered_at = $1, complete_after = $2
         WHERE id = $3 AND delivered_at IS NULL",
    )
    .bind(to_micros(at))
    .bind(to_micros(complete_after))
    .bind(order.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_completed(conn: &mut Conn, order: OrderId, at: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE orders SET status = 'COMPLETED', completed_at = $1, updated_at = $1
         WHERE id = $2 AND status = 'DELIVERED'",
    )
    .bind(to_micros(at))
    .bind(order.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// The sandbox carrier's own records

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SandboxShipmentRow {
    #[sqlx(try_from = "String")]
    pub id: SandboxShipmentId,
    pub merchant_ref: String,
    pub tracking_number: String,
    pub callback_url: String,
    #[sqlx(try_from = "Flag")]
    pub fails: bool,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub async fn insert_sandbox_shipment(conn: &mut Conn, s: &SandboxShipmentRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO sandbox_shipments (id, merchant_ref, tracking_number, callback_url, fails,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.id.to_string())
    .bind(&s.merchant_ref)
    .bind(&s.tracking_number)
    .bind(&s.callback_url)
    .bind(i64::from(s.fails))
    .bind(to_micros(s.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The sandbox shipment booked for a merchant reference (our package id), if any.
pub async fn sandbox_shipment_for(
    conn: &mut Conn,
    merchant_ref: &str,
) -> Result<Option<SandboxShipmentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, merchant_ref, tracking_number, callback_url, fails, created_at
         FROM sandbox_shipments WHERE merchant_ref = $1",
    )
    .bind(merchant_ref)
    .fetch_optional(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------------------
// Shipping deadlines and shop health

/// Records the deadline reminders an order has had.
pub async fn set_reminders(conn: &mut Conn, order: OrderId, sent: &str) -> Result<()> {
    sqlx::query("UPDATE orders SET reminders_sent = $1 WHERE id = $2")
        .bind(sent)
        .bind(order.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Flags an order late (once).
pub async fn mark_late(conn: &mut Conn, order: OrderId, at: Timestamp) -> Result<()> {
    sqlx::query("UPDATE orders SET ship_late_at = $1 WHERE id = $2 AND ship_late_at IS NULL")
        .bind(to_micros(at))
        .bind(order.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a shop's health rates are computed from, over `[from, until]`.
#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct HealthCounts {
    /// Orders shipped in the window.
    pub shipped: i64,
    /// Of those, shipped after their deadline.
    pub shipped_late: i64,
    /// Orders paid in the window.
    pub paid: i64,
    /// Of those, cancelled by the seller or for not shipping in time.
    #[sqlx(rename = "fault")]
    pub seller_fault_cancelled: i64,
    /// Orders to ship now whose deadline has passed.
    #[sqlx(rename = "late_now")]
    pub late_to_ship: i64,
}

pub async fn health_counts(
    conn: &mut Conn,
    seller: SellerId,
    from: Timestamp,
    until: Timestamp,
) -> Result<HealthCounts> {
    Ok(sqlx::query_as(
        "SELECT
           CAST(COALESCE(SUM(CASE WHEN shipped_at >= $2 AND shipped_at <= $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS shipped,
           CAST(COALESCE(SUM(CASE WHEN shipped_at >= $2 AND shipped_at <= $3 AND ship_by IS NOT NULL
                         AND shipped_at > ship_by THEN 1 ELSE 0 END), 0) AS BIGINT) AS shipped_late,
           CAST(COALESCE(SUM(CASE WHEN paid_at >= $2 AND paid_at <= $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS paid,
           CAST(COALESCE(SUM(CASE WHEN paid_at >= $2 AND paid_at <= $3 AND status = 'CANCELLED'
                         AND (cancelled_by = 'SELLER' OR cancel_reason = 'SHIPPING_OVERDUE')
                         THEN 1 ELSE 0 END), 0) AS BIGINT) AS fault,
           CAST(COALESCE(SUM(CASE WHEN status IN ('AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING')
                         AND ship_by IS NOT NULL
                         AND ship_by < $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS late_now
         FROM orders WHERE seller_id = $1",
    )
    .bind(seller.to_string())
    .bind(to_micros(from))
    .bind(to_micros(until))
    .fetch_one(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------------------
// Split orders

/// Puts these units of an order's lines (line_no, quantity) in a package.
pub async fn insert_package_lines(
    conn: &mut Conn,
    package: PackageId,
    order: OrderId,
    lines: &[(i64, i64)],
) -> Result<()> {
    for (line_no, quantity) in lines {
        sqlx::query(
            "INSERT INTO package_lines (package_id, order_id, line_no, quantity)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(package.to_string())
        .bind(order.to_string())
        .bind(line_no)
        .bind(quantity)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether the order ships split (some package holds only some of its units).
pub async fn is_split(conn: &mut Conn, order: OrderId) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM package_lines WHERE order_id = $1")
        .bind(order.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Units of each line of the order in packages that are not cancelled: (line_no, quantity).
pub async fn packed_units(conn: &mut Conn, order: OrderId) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT pl.line_no, CAST(SUM(pl.quantity) AS BIGINT) AS n
         FROM package_lines pl JOIN packages p ON p.id = pl.package_id
         WHERE pl.order_id = $1 AND p.status <> 'CANCELLED'
         GROUP BY pl.line_no ORDER BY pl.line_no",
    )
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// The units in a package, for the packages that hold part of an order: (order, line_no,
/// quantity). Empty: the package holds its orders whole.
pub async fn lines_of_package(
    conn: &mut Conn,
    package: PackageId,
) -> Result<Vec<(OrderId, i64, i64)>> {
    let rows: Vec<PackageLine> = sqlx::query_as(
        "SELECT order_id, line_no, quantity FROM package_lines WHERE package_id = $1
         ORDER BY order_id, line_no",
    )
    .bind(package.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|l| (l.order_id, l.line_no, l.quantity))
        .collect())
}

#[derive(sqlx::FromRow)]
struct PackageLine {
    #[sqlx(try_from = "String")]
    order_id: OrderId,
    line_no: i64,
    quantity: i64,
}

/// Marks a split package's units as gone from the shelf; false when that was done already.
pub async fn claim_stock_shipped(conn: &mut Conn, package: PackageId) -> Result<bool> {
    let done =
        sqlx::query("UPDATE packages SET stock_shipped = 1 WHERE id = $1 AND stock_shipped = 0")
            .bind(package.to_string())
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
