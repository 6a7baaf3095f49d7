//! Carts, checkouts, orders (lines, timeline), payments with their provider events, refunds,
//! shipping templates, and the sandbox payment provider's sessions.
//!
//! Status changes are conditional updates (`... WHERE status = <expected>`), so two processes
//! acting on one order cannot both move it: the loser's update matches no row.

use jiff::Timestamp;
use shopdeck_domain::ids::{
    BuyerId, CartItemId, CheckoutId, OrderId, PaymentId, ProductId, RefundId, SellerId,
    ShippingTemplateId, SkuId, WarehouseId,
};
use shopdeck_domain::money::Currency;
use shopdeck_domain::orders::{
    CancelReason, OrderStatus, Party, PaymentStatus, RefundStatus, SandboxStatus,
};
use shopdeck_domain::products::ProductStatus;
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::params::Params;
use crate::{Conn, Owner, Result, StoreError, find_by_id, parse_id};

/// A stored value that names nothing the domain knows.
pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

// ---------------------------------------------------------------------------------------
// Shipping templates

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    #[sqlx(try_from = "String")]
    pub id: ShippingTemplateId,
    pub name: String,
    /// JSON of `domain::orders::ShippingTemplate::rules`.
    pub rules: String,
    pub free_above_minor: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub is_default: bool,
}

pub async fn list_templates(conn: &mut Conn, seller: SellerId) -> Result<Vec<TemplateRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, rules, free_above_minor, is_default FROM shipping_templates
         WHERE seller_id = $1 ORDER BY is_default DESC, name",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn default_template(conn: &mut Conn, seller: SellerId) -> Result<Option<TemplateRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, rules, free_above_minor, is_default FROM shipping_templates
         WHERE seller_id = $1 ORDER BY is_default DESC, created_at LIMIT 1",
    )
    .bind(seller.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Inserts or replaces a template; when it is the default, the others stop being one.
pub async fn save_template(
    conn: &mut Conn,
    seller: SellerId,
    t: &TemplateRow,
    now: Timestamp,
) -> Result<()> {
    if t.is_default {
        sqlx::query("UPDATE shipping_templates SET is_default = 0 WHERE seller_id = $1")
            .bind(seller.to_string())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO shipping_templates
             (id, seller_id, name, rules, free_above_minor, is_default, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, rules = excluded.rules,
             free_above_minor = excluded.free_above_minor, is_default = excluded.is_default,
             updated_at = excluded.updated_at",
    )
    .bind(t.id.to_string())
    .bind(seller.to_string())
    .bind(&t.name)
    .bind(&t.rules)
    .bind(t.free_above_minor)
    .bind(i64::from(t.is_default))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn template_owner(conn: &mut Conn, id: ShippingTemplateId) -> Result<Option<SellerId>> {
    let s: Option<String> =
        sqlx::query_scalar("SELECT seller_id FROM shipping_templates WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    s.map(|s| parse_id(&s)).transpose()
}

pub async fn delete_template(
    conn: &mut Conn,
    seller: SellerId,
    id: ShippingTemplateId,
) -> Result<bool> {
    let done = sqlx::query("DELETE FROM shipping_templates WHERE seller_id = $1 AND id = $2")
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn hold_minutes(conn: &mut Conn, seller: SellerId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT hold_minutes FROM sellers WHERE id = $1")
            .bind(seller.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or(0),
    )
}

pub async fn set_hold_minutes(conn: &mut Conn, seller: SellerId, minutes: i64) -> Result<()> {
    sqlx::query("UPDATE sellers SET hold_minutes = $1 WHERE id = $2")
        .bind(minutes)
        .bind(seller.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// What a SKU sells for

/// Everything checkout needs to know about one SKU, in one query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SkuForSale {
    #[sqlx(rename = "id", try_from = "String")]
    pub sku_id: SkuId,
    #[sqlx(try_from = "String")]
    pub product_id: ProductId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub seller_sku: String,
    pub variant: String,
    pub price_minor: i64,
    #[sqlx(try_from = "Flag")]
    pub sku_published: bool,
    #[sqlx(try_from = "String")]
    pub product_status: ProductStatus,
    #[sqlx(try_from = "String")]
    pub seller_status: SellerStatus,
    pub store_name: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    /// The approved content (JSON), when there is one.
    pub published: Option<String>,
    pub weight_grams: Option<i64>,
    /// Units free to sell across the shop's warehouses.
    pub available: i64,
}

pub async fn skus_for_sale(conn: &mut Conn, ids: &[SkuId]) -> Result<Vec<SkuForSale>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = Params::default();
    let sql = format!(
        "SELECT k.id, k.product_id, k.seller_id, k.seller_sku, k.variant, k.price_minor,
                k.published AS sku_published, p.status AS product_status, p.published,
                p.weight_grams, s.status AS seller_status, s.store_name, s.currency,
                CAST(COALESCE((SELECT SUM(on_hand - reserved) FROM stock WHERE sku_id = k.id), 0)
                    AS BIGINT) AS available
         FROM skus k JOIN products p ON p.id = k.product_id JOIN sellers s ON s.id = k.seller_id
         WHERE k.id IN ({})",
        p.list(ids.iter().map(|id| id.to_string()))?
    );
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

// ---------------------------------------------------------------------------------------
// Cart

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CartItemRow {
    #[sqlx(try_from = "String")]
    pub id: CartItemId,
    #[sqlx(try_from = "String")]
    pub sku_id: SkuId,
    pub quantity: i64,
    pub source_kind: Option<String>,
    pub source_id: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub added_at: Timestamp,
}

pub async fn cart_items(conn: &mut Conn, buyer: BuyerId) -> Result<Vec<CartItemRow>> {
    Ok(sqlx::query_as(
        "SELECT id, sku_id, quantity, source_kind, source_id, added_at FROM cart_items
         WHERE buyer_id = $1 ORDER BY added_at, id",
    )
    .bind(buyer.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Adds units of a SKU (or sets the count, with `replace`); the latest source wins.
pub async fn put_cart_item(
    conn: &mut Conn,
    buyer: BuyerId,
    item: &CartItemRow,
    replace: bool,
) -> Result<()> {
    let update = if replace {
        "quantity = excluded.quantity"
    } else {
        "quantity = cart_items.quantity + excluded.quantity"
    };
    let sql = format!(
        "INSERT INTO cart_items (id, buyer_id, sku_id, quantity, source_kind, source_id, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (buyer_id, sku_id) DO UPDATE SET {update},
             source_kind = COALESCE(excluded.source_kind, cart_items.source_kind),
             source_id = COALESCE(excluded.source_id, cart_items.source_id)"
    );
    sqlx::query(&sql)
        .bind(item.id.to_string())
        .bind(buyer.to_string())
        .bind(item.sku_id.to_string())
        .bind(item.quantity)
        .bind(&item.source_kind)
        .bind(&item.source_id)
        .bind(to_micros(item.added_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn remove_cart_items(conn: &mut Conn, buyer: BuyerId, skus: &[SkuId]) -> Result<()> {
    for sku in skus {
        sqlx::query("DELETE FROM cart_items WHERE buyer_id = $1 AND sku_id = $2")
            .bind(buyer.to_string())
            .bind(sku.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Orders

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    #[sqlx(try_from = "String")]
    pub id: OrderId,
    #[sqlx(try_from = "String")]
    pub checkout_id: CheckoutId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "OptText")]
    pub payment_id: Option<PaymentId>,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_fee_minor: i64,
    pub total_minor: i64,
    pub item_count: i64,
    pub weight_grams: i64,
    pub buyer_name: String,
    /// JSON: the delivery address as it was at checkout.
    pub recipient: String,
    pub ship_country: String,
    pub ship_region: String,
    pub buyer_note: Option<String>,
    pub search_text: String,
    pub source_kind: Option<String>,
    pub source_id: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub pay_by: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub process_by: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub paid_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub hold_until: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub ship_by: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub cancelled_at: Option<Timestamp>,
    #[sqlx(try_from = "OptText")]
    pub cancelled_by: Option<Party>,
    #[sqlx(try_from = "OptText")]
    pub cancel_reason: Option<CancelReason>,
    pub cancel_note: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
    /// Handed to the carrier (own carrier: tracking entered; platform: first scan).
    #[sqlx(try_from = "OptMicros")]
    pub shipped_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub delivered_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub completed_at: Option<Timestamp>,
    /// When the after-sale window closes and the order completes, once delivered.
    #[sqlx(try_from = "OptMicros")]
    pub complete_after: Option<Timestamp>,
    /// When the shipping deadline passed with nothing shipped.
    #[sqlx(try_from = "OptMicros")]
    pub ship_late_at: Option<Timestamp>,
    /// Deadline reminders sent (hours before, comma-separated).
    pub reminders_sent: String,
}

const ORDER_COLUMNS: &str = "id, checkout_id, buyer_id, seller_id, payment_id, status, currency,
    subtotal_minor, discount_minor, shipping_fee_minor, total_minor, item_count, weight_grams,
    buyer_name, recipient, ship_country, ship_region, buyer_note, search_text, source_kind,
    source_id, created_at, pay_by, process_by, paid_at, hold_until, ship_by, cancelled_at,
    cancelled_by, cancel_reason, cancel_note, updated_at, shipped_at, delivered_at, completed_at,
    complete_after, ship_late_at, reminders_sent";

pub async fn insert_checkout(
    conn: &mut Conn,
    id: CheckoutId,
    buyer: BuyerId,
    order_count: i64,
    client_key: Option<&str>,
    request_hash: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO checkouts (id, buyer_id, order_count, client_key, request_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(buyer.to_string())
    .bind(order_count)
    .bind(client_key)
    .bind(request_hash)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_order(conn: &mut Conn, o: &OrderRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO orders (id, checkout_id, buyer_id, seller_id, payment_id, status, currency,
             subtotal_minor, discount_minor, shipping_fee_minor, total_minor, item_count,
             weight_grams, buyer_name, recipient, ship_country, ship_region, buyer_note,
             search_text, source_kind, source_id, created_at, pay_by, process_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23, $24, $22)",
    )
    .bind(o.id.to_string())
    .bind(o.checkout_id.to_string())
    .bind(o.buyer_id.to_string())
    .bind(o.seller_id.to_string())
    .bind(o.payment_id.map(|p| p.to_string()))
    .bind(o.status.as_str())
    .bind(o.currency.code())
    .bind(o.subtotal_minor)
    .bind(o.discount_minor)
    .bind(o.shipping_fee_minor)
    .bind(o.total_minor)
    .bind(o.item_count)
    .bind(o.weight_grams)
    .bind(&o.buyer_name)
    .bind(&o.recipient)
    .bind(&o.ship_country)
    .bind(&o.ship_region)
    .bind(&o.buyer_note)
    .bind(&o.search_text)
    .bind(&o.source_kind)
    .bind(&o.source_id)
    .bind(to_micros(o.created_at))
    .bind(to_micros(o.pay_by))
    .bind(to_micros(o.process_by))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The checkout a buyer already placed with this key, with the fingerprint of the API
/// request that placed it (none for the web form).
pub async fn checkout_by_key(
    conn: &mut Conn,
    buyer: BuyerId,
    key: &str,
) -> Result<Option<(CheckoutId, Option<String>)>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT id, request_hash FROM checkouts WHERE buyer_id = $1 AND client_key = $2",
    )
    .bind(buyer.to_string())
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(id, hash)| Ok((parse_id(&id)?, hash))).transpose()
}

/// The order if `owner` (its shop or its buyer) owns it.
pub async fn find_order(
    conn: &mut Conn,
    owner: impl Into<Owner>,
    id: OrderId,
) -> Result<Option<OrderRow>> {
    let select = format!("SELECT {ORDER_COLUMNS} FROM orders");
    find_by_id(conn, &select, Some(owner.into()), id.to_string()).await
}

/// Any shop's order: for operators, the worker and payment callbacks only.
pub async fn find_order_any(conn: &mut Conn, id: OrderId) -> Result<Option<OrderRow>> {
    let select = format!("SELECT {ORDER_COLUMNS} FROM orders");
    find_by_id(conn, &select, None, id.to_string()).await
}

pub async fn orders_of_checkout(conn: &mut Conn, checkout: CheckoutId) -> Result<Vec<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE checkout_id = $1 ORDER BY id");
    Ok(sqlx::query_as(&sql)
        .bind(checkout.to_string())
        .fetch_all(&mut *conn)
        .await?)
}

pub async fn orders_of_payment(conn: &mut Conn, payment: PaymentId) -> Result<Vec<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE payment_id = $1 ORDER BY id");
    Ok(sqlx::query_as(&sql)
        .bind(payment.to_string())
        .fetch_all(&mut *conn)
        .await?)
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub seller: Option<SellerId>,
    pub buyer: Option<BuyerId>,
    pub statuses: Vec<OrderStatus>,
    /// Lower-cased words matched against order id, buyer, SKUs and titles.
    pub query: Option<String>,
    pub created_from: Option<Timestamp>,
    pub created_until: Option<Timestamp>,
    /// Orders to ship whose processing or shipping deadline is before this.
    pub due_before: Option<Timestamp>,
    /// Keyset: strictly older than this (created_at, id) — or, with `by_deadline`, strictly
    /// after this (process_by, id).
    pub before: Option<(Timestamp, OrderId)>,
    /// Soonest processing deadline first (the To ship list) instead of newest first.
    pub by_deadline: bool,
    pub limit: i64,
}

/// The `WHERE` condition of a filter, its values bound in `p`.
fn filter_sql(f: &OrderFilter, p: &mut Params) -> Result<String> {
    let mut w = Vec::new();
    if let Some(s) = f.seller {
        w.push(format!("seller_id = {}", p.bind(s.to_string())?));
    }
    if let Some(b) = f.buyer {
        w.push(format!("buyer_id = {}", p.bind(b.to_string())?));
    }
    if !f.statuses.is_empty() {
        let marks = p.list(f.statuses.iter().map(|s| s.as_str()))?;
        w.push(format!("status IN ({marks})"));
    }
    if let Some(q) = &f.query {
        for word in q.split_whitespace() {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let like = p.bind(format!("%{escaped}%"))?;
            w.push(format!("search_text LIKE {like} ESCAPE '\\'"));
        }
    }
    if let Some(t) = f.created_from {
        w.push(format!("created_at >= {}", p.bind(to_micros(t))?));
    }
    if let Some(t) = f.created_until {
        w.push(format!("created_at < {}", p.bind(to_micros(t))?));
    }
    if let Some(t) = f.due_before {
        let m = p.bind(to_micros(t))?;
        w.push(format!(
            "status IN ('AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING')
             AND (process_by < {m} OR ship_by < {m})"
        ));
    }
    Ok(if w.is_empty() {
        "1 = 1".to_owned()
    } else {
        w.join(" AND ")
    })
}

/// Orders, newest first, one page after the keyset cursor.
pub async fn list_orders(conn: &mut Conn, f: &OrderFilter) -> Result<Vec<OrderRow>> {
    let mut p = Params::default();
    let mut sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE {}",
        filter_sql(f, &mut p)?
    );
    if let Some((at, id)) = f.before {
        let a = p.bind(to_micros(at))?;
        let b = p.bind(id.to_string())?;
        sql.push_str(&if f.by_deadline {
            format!(" AND (process_by > {a} OR (process_by = {a} AND id > {b}))")
        } else {
            format!(" AND (created_at < {a} OR (created_at = {a} AND id < {b}))")
        });
    }
    let order = if f.by_deadline {
        "process_by ASC, id ASC"
    } else {
        "created_at DESC, id DESC"
    };
    let limit = p.bind(f.limit)?;
    sql.push_str(&format!(" ORDER BY {order} LIMIT {limit}"));
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

/// Orders per status under a filter (without status and cursor), for the tabs' counts.
pub async fn count_by_status(conn: &mut Conn, f: &OrderFilter) -> Result<Vec<(OrderStatus, i64)>> {
    let f = OrderFilter {
        statuses: Vec::new(),
        before: None,
        ..f.clone()
    };
    let mut p = Params::default();
    let sql = format!(
        "SELECT status, COUNT(*) AS n FROM orders WHERE {} GROUP BY status",
        filter_sql(&f, &mut p)?
    );
    let rows: Vec<(String, i64)> = sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|(s, n)| Ok((OrderStatus::try_from(s).map_err(corrupt)?, n)))
        .collect()
}

/// Moves an order from one status to another; false when it was no longer in `from`.
pub async fn set_status(
    conn: &mut Conn,
    id: OrderId,
    from: &str,
    to: &str,
    now: Timestamp,
) -> Result<bool> {
    let done =
        sqlx::query("UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
            .bind(to)
            .bind(to_micros(now))
            .bind(id.to_string())
            .bind(from)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the payment on an unpaid order and moves it on.
pub async fn mark_paid(
    conn: &mut Conn,
    id: OrderId,
    to: &str,
    paid_at: Timestamp,
    hold_until: Option<Timestamp>,
    ship_by: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE orders SET status = $1, paid_at = $2, hold_until = $3, ship_by = $4,
             updated_at = $2
         WHERE id = $5 AND status = 'UNPAID'",
    )
    .bind(to)
    .bind(to_micros(paid_at))
    .bind(hold_until.map(to_micros))
    .bind(to_micros(ship_by))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct Cancellation<'a> {
    pub by: &'a str,
    pub reason: &'a str,
    pub note: Option<&'a str>,
    pub at: Timestamp,
}

pub async fn mark_cancelled(
    conn: &mut Conn,
    id: OrderId,
    from: &str,
    c: &Cancellation<'_>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE orders SET status = 'CANCELLED', cancelled_at = $1, cancelled_by = $2,
             cancel_reason = $3, cancel_note = $4, updated_at = $1
         WHERE id = $5 AND status = $6",
    )
    .bind(to_micros(c.at))
    .bind(c.by)
    .bind(c.reason)
    .bind(c.note)
    .bind(id.to_string())
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_order_payment(
    conn: &mut Conn,
    checkout: CheckoutId,
    currency: &str,
    payment: PaymentId,
) -> Result<()> {
    sqlx::query("UPDATE orders SET payment_id = $1 WHERE checkout_id = $2 AND currency = $3")
        .bind(payment.to_string())
        .bind(checkout.to_string())
        .bind(currency)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// Lines

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderLineRow {
    #[sqlx(try_from = "String")]
    pub order_id: OrderId,
    pub line_no: i64,
    #[sqlx(try_from = "String")]
    pub product_id: ProductId,
    #[sqlx(try_from = "String")]
    pub sku_id: SkuId,
    #[sqlx(try_from = "String")]
    pub warehouse_id: WarehouseId,
    pub seller_sku: String,
    pub title: String,
    /// JSON object of the variant's values.
    pub variant: String,
    pub image_id: Option<String>,
    pub unit_price_minor: i64,
    pub quantity: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub source_kind: Option<String>,
    pub source_id: Option<String>,
    /// Units cancelled while the rest of the order goes on.
    pub cancelled_quantity: i64,
    /// Units refunded after delivery (returns and refund-only requests).
    pub returned_quantity: i64,
}

pub async fn insert_line(conn: &mut Conn, seller: SellerId, l: &OrderLineRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_lines (order_id, line_no, seller_id, product_id, sku_id, warehouse_id,
             seller_sku, title, variant, image_id, unit_price_minor, quantity, discount_minor,
             total_minor, source_kind, source_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(l.order_id.to_string())
    .bind(l.line_no)
    .bind(seller.to_string())
    .bind(l.product_id.to_string())
    .bind(l.sku_id.to_string())
    .bind(l.warehouse_id.to_string())
    .bind(&l.seller_sku)
    .bind(&l.title)
    .bind(&l.variant)
    .bind(&l.image_id)
    .bind(l.unit_price_minor)
    .bind(l.quantity)
    .bind(l.discount_minor)
    .bind(l.total_minor)
    .bind(&l.source_kind)
    .bind(&l.source_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The lines of several orders, in order.
pub async fn lines_of(conn: &mut Conn, orders: &[OrderId]) -> Result<Vec<OrderLineRow>> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = Params::default();
    let sql = format!(
        "SELECT order_id, line_no, product_id, sku_id, warehouse_id, seller_sku, title, variant,
                image_id, unit_price_minor, quantity, discount_minor, total_minor, source_kind,
                source_id, cancelled_quantity, returned_quantity
         FROM order_lines WHERE order_id IN ({}) ORDER BY order_id, line_no",
        p.list(orders.iter().map(|id| id.to_string()))?
    );
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

/// Cancels `quantity` more units of a line; false when fewer than that remain.
pub async fn cancel_line_units(
    conn: &mut Conn,
    order: OrderId,
    line_no: i64,
    quantity: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE order_lines SET cancelled_quantity = cancelled_quantity + $1
         WHERE order_id = $2 AND line_no = $3 AND cancelled_quantity + $1 <= quantity",
    )
    .bind(quantity)
    .bind(order.to_string())
    .bind(line_no)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks `quantity` more units of a line refunded after delivery; false when fewer than that
/// remain un-refunded.
pub async fn return_line_units(
    conn: &mut Conn,
    order: OrderId,
    line_no: i64,
    quantity: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE order_lines SET returned_quantity = returned_quantity + $1
         WHERE order_id = $2 AND line_no = $3
           AND cancelled_quantity + returned_quantity + $1 <= quantity",
    )
    .bind(quantity)
    .bind(order.to_string())
    .bind(line_no)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// Timeline

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderEventRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub order_id: OrderId,
    #[sqlx(try_from = "Micros")]
    pub at: Timestamp,
    #[sqlx(try_from = "OptText")]
    pub from_status: Option<OrderStatus>,
    #[sqlx(try_from = "String")]
    pub to_status: OrderStatus,
    #[sqlx(try_from = "String")]
    pub party: Party,
    pub actor_id: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
}

pub async fn insert_event(conn: &mut Conn, e: &OrderEventRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_events (id, order_id, at, from_status, to_status, party, actor_id,
             reason, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&e.id)
    .bind(e.order_id.to_string())
    .bind(to_micros(e.at))
    .bind(e.from_status.map(|s| s.as_str()))
    .bind(e.to_status.as_str())
    .bind(e.party.as_str())
    .bind(&e.actor_id)
    .bind(&e.reason)
    .bind(&e.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn events_of(conn: &mut Conn, order: OrderId) -> Result<Vec<OrderEventRow>> {
    Ok(sqlx::query_as(
        "SELECT id, order_id, at, from_status, to_status, party, actor_id, reason, note
         FROM order_events WHERE order_id = $1 ORDER BY at, id",
    )
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------------------
// Payments

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    #[sqlx(try_from = "String")]
    pub id: PaymentId,
    #[sqlx(try_from = "String")]
    pub checkout_id: CheckoutId,
    #[sqlx(try_from = "String")]
    pub buyer_id: BuyerId,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub redirect_url: Option<String>,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    pub failure: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub paid_at: Option<Timestamp>,
}

const PAYMENT_COLUMNS: &str = "id, checkout_id, buyer_id, provider, provider_ref, redirect_url,
    currency, amount_minor, refunded_minor, status, failure, created_at, paid_at";

pub async fn insert_payment(conn: &mut Conn, p: &PaymentRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO payments (id, checkout_id, buyer_id, provider, provider_ref, redirect_url,
             currency, amount_minor, refunded_minor, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $10)",
    )
    .bind(p.id.to_string())
    .bind(p.checkout_id.to_string())
    .bind(p.buyer_id.to_string())
    .bind(&p.provider)
    .bind(&p.provider_ref)
    .bind(&p.redirect_url)
    .bind(p.currency.code())
    .bind(p.amount_minor)
    .bind(p.status.as_str())
    .bind(to_micros(p.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The buyer's payment.
pub async fn find_payment(
    conn: &mut Conn,
    buyer: BuyerId,
    id: PaymentId,
) -> Result<Option<PaymentRow>> {
    let select = format!("SELECT {PAYMENT_COLUMNS} FROM payments");
    find_by_id(conn, &select, Some(buyer.into()), id.to_string()).await
}

/// Any buyer's payment: for payment callbacks, refunds by the worker and the demo only.
pub async fn find_payment_any(conn: &mut Conn, id: PaymentId) -> Result<Option<PaymentRow>> {
    let select = format!("SELECT {PAYMENT_COLUMNS} FROM payments");
    find_by_id(conn, &select, None, id.to_string()).await
}

pub async fn payments_of_checkout(conn: &mut Conn, c: CheckoutId) -> Result<Vec<PaymentRow>> {
    let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE checkout_id = $1 ORDER BY id");
    Ok(sqlx::query_as(&sql)
        .bind(c.to_string())
        .fetch_all(&mut *conn)
        .await?)
}

pub async fn set_payment_session(
    conn: &mut Conn,
    id: PaymentId,
    provider_ref: &str,
    redirect_url: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE payments SET provider_ref = $1, redirect_url = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(provider_ref)
    .bind(redirect_url)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a payment out of `from`; false when it was no longer there.
pub async fn set_payment_status(
    conn: &mut Conn,
    id: PaymentId,
    from: PaymentStatus,
    to: PaymentStatus,
    failure: Option<&str>,
    now: Timestamp,
) -> Result<bool> {
    let paid = if to == PaymentStatus::Paid {
        Some(to_micros(now))
    } else {
        None
    };
    let done = sqlx::query(
        "UPDATE payments SET status = $1, failure = $2, paid_at = COALESCE($3, paid_at),
             updated_at = $4
         WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(failure)
    .bind(paid)
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a refund against the payment; false when it would exceed what was paid.
pub async fn add_refunded(
    conn: &mut Conn,
    id: PaymentId,
    amount: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE payments SET refunded_minor = refunded_minor + $1, updated_at = $2
         WHERE id = $3 AND refunded_minor + $1 <= amount_minor",
    )
    .bind(amount)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes a provider event; false when it was seen before (a retried callback).
pub async fn record_payment_event(
    conn: &mut Conn,
    provider: &str,
    event_id: &str,
    payment: PaymentId,
    kind: &str,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO payment_events (provider, event_id, payment_id, kind, received_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(payment.to_string())
    .bind(kind)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn payment_by_ref(
    conn: &mut Conn,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<PaymentRow>> {
    let sql =
        format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE provider = $1 AND provider_ref = $2");
    Ok(sqlx::query_as(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(&mut *conn)
        .await?)
}

// Refunds

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    #[sqlx(try_from = "String")]
    pub id: RefundId,
    #[sqlx(try_from = "String")]
    pub payment_id: PaymentId,
    #[sqlx(try_from = "String")]
    pub order_id: OrderId,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub status: RefundStatus,
    pub provider_ref: Option<String>,
    pub reason: String,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

pub async fn insert_refund(conn: &mut Conn, r: &RefundRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, order_id, currency, amount_minor, status,
             provider_ref, reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(r.id.to_string())
    .bind(r.payment_id.to_string())
    .bind(r.order_id.to_string())
    .bind(r.currency.code())
    .bind(r.amount_minor)
    .bind(r.status.as_str())
    .bind(&r.provider_ref)
    .bind(&r.reason)
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Any order's refund: for the worker and payment callbacks only.
pub async fn find_refund_any(conn: &mut Conn, id: RefundId) -> Result<Option<RefundRow>> {
    Ok(sqlx::query_as(
        "SELECT id, payment_id, order_id, currency, amount_minor, status, provider_ref, reason,
                created_at, updated_at FROM refunds WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn refunds_of(conn: &mut Conn, order: OrderId) -> Result<Vec<RefundRow>> {
    Ok(sqlx::query_as(
        "SELECT id, payment_id, order_id, currency, amount_minor, status, provider_ref, reason,
                created_at, updated_at FROM refunds WHERE order_id = $1 ORDER BY created_at, id",
    )
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_refund_status(
    conn: &mut Conn,
    id: RefundId,
    from: RefundStatus,
    to: RefundStatus,
    provider_ref: Option<&str>,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE refunds SET status = $1, provider_ref = COALESCE($2, provider_ref),
             updated_at = $3
         WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(provider_ref)
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// The sandbox provider's side

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SandboxSession {
    pub id: String,
    pub merchant_ref: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub return_url: String,
    pub callback_url: String,
    #[sqlx(try_from = "String")]
    pub status: SandboxStatus,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub async fn insert_sandbox_session(conn: &mut Conn, s: &SandboxSession) -> Result<()> {
    sqlx::query(
        "INSERT INTO sandbox_sessions (id, merchant_ref, description, currency, amount_minor,
             refunded_minor, return_url, callback_url, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9)",
    )
    .bind(&s.id)
    .bind(&s.merchant_ref)
    .bind(&s.description)
    .bind(s.currency.code())
    .bind(s.amount_minor)
    .bind(&s.return_url)
    .bind(&s.callback_url)
    .bind(s.status.as_str())
    .bind(to_micros(s.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_sandbox_session(conn: &mut Conn, id: &str) -> Result<Option<SandboxSession>> {
    Ok(sqlx::query_as(
        "SELECT id, merchant_ref, description, currency, amount_minor, refunded_minor,
                return_url, callback_url, status, created_at
         FROM sandbox_sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Approves or declines an open session; false when it was already decided.
pub async fn decide_sandbox_session(
    conn: &mut Conn,
    id: &str,
    to: SandboxStatus,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE sandbox_sessions SET status = $1, decided_at = $2 WHERE id = $3 AND status = 'OPEN'",
    )
    .bind(to.as_str())
    .bind(to_micros(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn sandbox_refund(conn: &mut Conn, id: &str, amount: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE sandbox_sessions SET refunded_minor = refunded_minor + $1
         WHERE id = $2 AND status = 'APPROVED' AND refunded_minor + $1 <= amount_minor",
    )
    .bind(amount)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
