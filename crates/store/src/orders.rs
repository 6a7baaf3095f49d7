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
use shopdeck_domain::time::{from_micros, to_micros};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::column::Flag;
use crate::{Conn, Owner, Result, find_by_id, parse_id};

pub(crate) fn opt_id<T: std::str::FromStr>(r: &AnyRow, col: &str) -> Result<Option<T>> {
    r.try_get::<Option<String>, _>(col)?
        .map(|s| parse_id(&s))
        .transpose()
}

pub(crate) fn opt_time(r: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(from_micros))
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
#[derive(Debug, Clone)]
pub struct SkuForSale {
    pub sku_id: SkuId,
    pub product_id: ProductId,
    pub seller_id: SellerId,
    pub seller_sku: String,
    pub variant: String,
    pub price_minor: i64,
    pub sku_published: bool,
    pub product_status: String,
    pub seller_status: String,
    pub store_name: String,
    pub currency: String,
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
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT k.id, k.product_id, k.seller_id, k.seller_sku, k.variant, k.price_minor,
                k.published AS sku_published, p.status AS product_status, p.published,
                p.weight_grams, s.status AS seller_status, s.store_name, s.currency,
                CAST(COALESCE((SELECT SUM(on_hand - reserved) FROM stock WHERE sku_id = k.id), 0)
                    AS BIGINT) AS available
         FROM skus k JOIN products p ON p.id = k.product_id JOIN sellers s ON s.id = k.seller_id
         WHERE k.id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(SkuForSale {
                sku_id: parse_id(&r.try_get::<String, _>("id")?)?,
                product_id: parse_id(&r.try_get::<String, _>("product_id")?)?,
                seller_id: parse_id(&r.try_get::<String, _>("seller_id")?)?,
                seller_sku: r.try_get("seller_sku")?,
                variant: r.try_get("variant")?,
                price_minor: r.try_get("price_minor")?,
                sku_published: r.try_get::<i64, _>("sku_published")? != 0,
                product_status: r.try_get("product_status")?,
                seller_status: r.try_get("seller_status")?,
                store_name: r.try_get("store_name")?,
                currency: r.try_get("currency")?,
                published: r.try_get("published")?,
                weight_grams: r.try_get("weight_grams")?,
                available: r.try_get("available")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Cart

#[derive(Debug, Clone)]
pub struct CartItemRow {
    pub id: CartItemId,
    pub sku_id: SkuId,
    pub quantity: i64,
    pub source_kind: Option<String>,
    pub source_id: Option<String>,
    pub added_at: Timestamp,
}

pub async fn cart_items(conn: &mut Conn, buyer: BuyerId) -> Result<Vec<CartItemRow>> {
    let rows = sqlx::query(
        "SELECT id, sku_id, quantity, source_kind, source_id, added_at FROM cart_items
         WHERE buyer_id = $1 ORDER BY added_at, id",
    )
    .bind(buyer.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CartItemRow {
                id: parse_id(&r.try_get::<String, _>("id")?)?,
                sku_id: parse_id(&r.try_get::<String, _>("sku_id")?)?,
                quantity: r.try_get("quantity")?,
                source_kind: r.try_get("source_kind")?,
                source_id: r.try_get("source_id")?,
                added_at: from_micros(r.try_get("added_at")?),
            })
        })
        .collect()
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

#[derive(Debug, Clone)]
pub struct OrderRow {
    pub id: OrderId,
    pub checkout_id: CheckoutId,
    pub buyer_id: BuyerId,
    pub seller_id: SellerId,
    pub payment_id: Option<PaymentId>,
    pub status: String,
    pub currency: String,
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
    pub created_at: Timestamp,
    pub pay_by: Timestamp,
    pub process_by: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub hold_until: Option<Timestamp>,
    pub ship_by: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub cancel_note: Option<String>,
    pub updated_at: Timestamp,
    /// Handed to the carrier (own carrier: tracking entered; platform: first scan).
    pub shipped_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// When the after-sale window closes and the order completes, once delivered.
    pub complete_after: Option<Timestamp>,
    /// When the shipping deadline passed with nothing shipped.
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

fn order_from(r: &AnyRow) -> Result<OrderRow> {
    Ok(OrderRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        checkout_id: parse_id(&r.try_get::<String, _>("checkout_id")?)?,
        buyer_id: parse_id(&r.try_get::<String, _>("buyer_id")?)?,
        seller_id: parse_id(&r.try_get::<String, _>("seller_id")?)?,
        payment_id: opt_id(r, "payment_id")?,
        status: r.try_get("status")?,
        currency: r.try_get("currency")?,
        subtotal_minor: r.try_get("subtotal_minor")?,
        discount_minor: r.try_get("discount_minor")?,
        shipping_fee_minor: r.try_get("shipping_fee_minor")?,
        total_minor: r.try_get("total_minor")?,
        item_count: r.try_get("item_count")?,
        weight_grams: r.try_get("weight_grams")?,
        buyer_name: r.try_get("buyer_name")?,
        recipient: r.try_get("recipient")?,
        ship_country: r.try_get("ship_country")?,
        ship_region: r.try_get("ship_region")?,
        buyer_note: r.try_get("buyer_note")?,
        search_text: r.try_get("search_text")?,
        source_kind: r.try_get("source_kind")?,
        source_id: r.try_get("source_id")?,
        created_at: from_micros(r.try_get("created_at")?),
        pay_by: from_micros(r.try_get("pay_by")?),
        process_by: from_micros(r.try_get("process_by")?),
        paid_at: opt_time(r, "paid_at")?,
        hold_until: opt_time(r, "hold_until")?,
        ship_by: opt_time(r, "ship_by")?,
        cancelled_at: opt_time(r, "cancelled_at")?,
        cancelled_by: r.try_get("cancelled_by")?,
        cancel_reason: r.try_get("cancel_reason")?,
        cancel_note: r.try_get("cancel_note")?,
        updated_at: from_micros(r.try_get("updated_at")?),
        shipped_at: opt_time(r, "shipped_at")?,
        delivered_at: opt_time(r, "delivered_at")?,
        completed_at: opt_time(r, "completed_at")?,
        complete_after: opt_time(r, "complete_after")?,
        ship_late_at: opt_time(r, "ship_late_at")?,
        reminders_sent: r.try_get("reminders_sent")?,
    })
}

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
    .bind(&o.status)
    .bind(&o.currency)
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
    let row = sqlx::query(
        "SELECT id, request_hash FROM checkouts WHERE buyer_id = $1 AND client_key = $2",
    )
    .bind(buyer.to_string())
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok((
            parse_id(&r.try_get::<String, _>("id")?)?,
            r.try_get("request_hash")?,
        ))
    })
    .transpose()
}

/// The order if `owner` (its shop or its buyer) owns it.
pub async fn find_order(
    conn: &mut Conn,
    owner: impl Into<Owner>,
    id: OrderId,
) -> Result<Option<OrderRow>> {
    let select = format!("SELECT {ORDER_COLUMNS} FROM orders");
    find_by_id(
        conn,
        &select,
        Some(owner.into()),
        id.to_string(),
        order_from,
    )
    .await
}

/// Any shop's order: for operators, the worker and payment callbacks only.
pub async fn find_order_any(conn: &mut Conn, id: OrderId) -> Result<Option<OrderRow>> {
    let select = format!("SELECT {ORDER_COLUMNS} FROM orders");
    find_by_id(conn, &select, None, id.to_string(), order_from).await
}

pub async fn orders_of_checkout(conn: &mut Conn, checkout: CheckoutId) -> Result<Vec<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE checkout_id = $1 ORDER BY id");
    let rows = sqlx::query(&sql)
        .bind(checkout.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(order_from).collect()
}

pub async fn orders_of_payment(conn: &mut Conn, payment: PaymentId) -> Result<Vec<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE payment_id = $1 ORDER BY id");
    let rows = sqlx::query(&sql)
        .bind(payment.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(order_from).collect()
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub seller: Option<SellerId>,
    pub buyer: Option<BuyerId>,
    pub statuses: Vec<String>,
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

fn filter_sql(f: &OrderFilter, binds: &mut Vec<Bind>) -> String {
    let mut w = Vec::new();
    let push = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if let Some(s) = f.seller {
        w.push(format!(
            "seller_id = {}",
            push(Bind::Text(s.to_string()), binds)
        ));
    }
    if let Some(b) = f.buyer {
        w.push(format!(
            "buyer_id = {}",
            push(Bind::Text(b.to_string()), binds)
        ));
    }
    if !f.statuses.is_empty() {
        let marks: Vec<String> = f
            .statuses
            .iter()
            .map(|s| push(Bind::Text(s.clone()), binds))
            .collect();
        w.push(format!("status IN ({})", marks.join(", ")));
    }
    if let Some(q) = &f.query {
        for word in q.split_whitespace() {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let like = format!("%{escaped}%");
            w.push(format!(
                "search_text LIKE {} ESCAPE '\\'",
                push(Bind::Text(like), binds)
            ));
        }
    }
    if let Some(t) = f.created_from {
        w.push(format!(
            "created_at >= {}",
            push(Bind::Int(to_micros(t)), binds)
        ));
    }
    if let Some(t) = f.created_until {
        w.push(format!(
            "created_at < {}",
            push(Bind::Int(to_micros(t)), binds)
        ));
    }
    if let Some(t) = f.due_before {
        let m = push(Bind::Int(to_micros(t)), binds);
        w.push(format!(
            "status IN ('AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING')
             AND (process_by < {m} OR ship_by < {m})"
        ));
    }
    if w.is_empty() {
        "1 = 1".to_owned()
    } else {
        w.join(" AND ")
    }
}

enum Bind {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// Orders, newest first, one page after the keyset cursor.
pub async fn list_orders(conn: &mut Conn, f: &OrderFilter) -> Result<Vec<OrderRow>> {
    let mut binds = Vec::new();
    let mut sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE {}",
        filter_sql(f, &mut binds)
    );
    if let Some((at, id)) = f.before {
        binds.push(Bind::Int(to_micros(at)));
        let a = binds.len();
        binds.push(Bind::Text(id.to_string()));
        let b = binds.len();
        sql.push_str(&if f.by_deadline {
            format!(" AND (process_by > ${a} OR (process_by = ${a} AND id > ${b}))")
        } else {
            format!(" AND (created_at < ${a} OR (created_at = ${a} AND id < ${b}))")
        });
    }
    binds.push(Bind::Int(f.limit));
    let order = if f.by_deadline {
        "process_by ASC, id ASC"
    } else {
        "created_at DESC, id DESC"
    };
    sql.push_str(&format!(" ORDER BY {order} LIMIT ${}", binds.len()));
    let rows = bind_all(sqlx::query(&sql), &binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(order_from).collect()
}

/// Orders per status under a filter (without status and cursor), for the tabs' counts.
pub async fn count_by_status(conn: &mut Conn, f: &OrderFilter) -> Result<Vec<(String, i64)>> {
    let f = OrderFilter {
        statuses: Vec::new(),
        before: None,
        ..f.clone()
    };
    let mut binds = Vec::new();
    let sql = format!(
        "SELECT status, COUNT(*) AS n FROM orders WHERE {} GROUP BY status",
        filter_sql(&f, &mut binds)
    );
    let rows = bind_all(sqlx::query(&sql), &binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
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

#[derive(Debug, Clone)]
pub struct OrderLineRow {
    pub order_id: OrderId,
    pub line_no: i64,
    pub product_id: ProductId,
    pub sku_id: SkuId,
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
    let marks: Vec<String> = (1..=orders.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT order_id, line_no, product_id, sku_id, warehouse_id, seller_sku, title, variant,
                image_id, unit_price_minor, quantity, discount_minor, total_minor, source_kind,
                source_id, cancelled_quantity, returned_quantity
         FROM order_lines WHERE order_id IN ({}) ORDER BY order_id, line_no",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for id in orders {
        q = q.bind(id.to_string());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(OrderLineRow {
                order_id: parse_id(&r.try_get::<String, _>("order_id")?)?,
                line_no: r.try_get("line_no")?,
                product_id: parse_id(&r.try_get::<String, _>("product_id")?)?,
                sku_id: parse_id(&r.try_get::<String, _>("sku_id")?)?,
                warehouse_id: parse_id(&r.try_get::<String, _>("warehouse_id")?)?,
                seller_sku: r.try_get("seller_sku")?,
                title: r.try_get("title")?,
                variant: r.try_get("variant")?,
                image_id: r.try_get("image_id")?,
                unit_price_minor: r.try_get("unit_price_minor")?,
                quantity: r.try_get("quantity")?,
                discount_minor: r.try_get("discount_minor")?,
                total_minor: r.try_get("total_minor")?,
                source_kind: r.try_get("source_kind")?,
                source_id: r.try_get("source_id")?,
                cancelled_quantity: r.try_get("cancelled_quantity")?,
                returned_quantity: r.try_get("returned_quantity")?,
            })
        })
        .collect()
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

#[derive(Debug, Clone)]
pub struct OrderEventRow {
    pub id: String,
    pub order_id: OrderId,
    pub at: Timestamp,
    pub from_status: Option<String>,
    pub to_status: String,
    pub party: String,
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
    .bind(&e.from_status)
    .bind(&e.to_status)
    .bind(&e.party)
    .bind(&e.actor_id)
    .bind(&e.reason)
    .bind(&e.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn events_of(conn: &mut Conn, order: OrderId) -> Result<Vec<OrderEventRow>> {
    let rows = sqlx::query(
        "SELECT id, order_id, at, from_status, to_status, party, actor_id, reason, note
         FROM order_events WHERE order_id = $1 ORDER BY at, id",
    )
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrderEventRow {
                id: r.try_get("id")?,
                order_id: parse_id(&r.try_get::<String, _>("order_id")?)?,
                at: from_micros(r.try_get("at")?),
                from_status: r.try_get("from_status")?,
                to_status: r.try_get("to_status")?,
                party: r.try_get("party")?,
                actor_id: r.try_get("actor_id")?,
                reason: r.try_get("reason")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Payments

#[derive(Debug, Clone)]
pub struct PaymentRow {
    pub id: PaymentId,
    pub checkout_id: CheckoutId,
    pub buyer_id: BuyerId,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub redirect_url: Option<String>,
    pub currency: String,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub status: String,
    pub failure: Option<String>,
    pub created_at: Timestamp,
    pub paid_at: Option<Timestamp>,
}

const PAYMENT_COLUMNS: &str = "id, checkout_id, buyer_id, provider, provider_ref, redirect_url,
    currency, amount_minor, refunded_minor, status, failure, created_at, paid_at";

fn payment_from(r: &AnyRow) -> Result<PaymentRow> {
    Ok(PaymentRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        checkout_id: parse_id(&r.try_get::<String, _>("checkout_id")?)?,
        buyer_id: parse_id(&r.try_get::<String, _>("buyer_id")?)?,
        provider: r.try_get("provider")?,
        provider_ref: r.try_get("provider_ref")?,
        redirect_url: r.try_get("redirect_url")?,
        currency: r.try_get("currency")?,
        amount_minor: r.try_get("amount_minor")?,
        refunded_minor: r.try_get("refunded_minor")?,
        status: r.try_get("status")?,
        failure: r.try_get("failure")?,
        created_at: from_micros(r.try_get("created_at")?),
        paid_at: opt_time(r, "paid_at")?,
    })
}

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
    .bind(&p.currency)
    .bind(p.amount_minor)
    .bind(&p.status)
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
    find_by_id(
        conn,
        &select,
        Some(buyer.into()),
        id.to_string(),
        payment_from,
    )
    .await
}

/// Any buyer's payment: for payment callbacks, refunds by the worker and the demo only.
pub async fn find_payment_any(conn: &mut Conn, id: PaymentId) -> Result<Option<PaymentRow>> {
    let select = format!("SELECT {PAYMENT_COLUMNS} FROM payments");
    find_by_id(conn, &select, None, id.to_string(), payment_from).await
}

pub async fn payments_of_checkout(conn: &mut Conn, c: CheckoutId) -> Result<Vec<PaymentRow>> {
    let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE checkout_id = $1 ORDER BY id");
    let rows = sqlx::query(&sql)
        .bind(c.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(payment_from).collect()
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
    from: &str,
    to: &str,
    failure: Option<&str>,
    now: Timestamp,
) -> Result<bool> {
    let paid = if to == "PAID" {
        Some(to_micros(now))
    } else {
        None
    };
    let done = sqlx::query(
        "UPDATE payments SET status = $1, failure = $2, paid_at = COALESCE($3, paid_at),
             updated_at = $4
         WHERE id = $5 AND status = $6",
    )
    .bind(to)
    .bind(failure)
    .bind(paid)
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(from)
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
    let row = sqlx::query(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(payment_from).transpose()
}

// Refunds

#[derive(Debug, Clone)]
pub struct RefundRow {
    pub id: RefundId,
    pub payment_id: PaymentId,
    pub order_id: OrderId,
    pub currency: String,
    pub amount_minor: i64,
    pub status: String,
    pub provider_ref: Option<String>,
    pub reason: String,
    pub created_at: Timestamp,
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
    .bind(&r.currency)
    .bind(r.amount_minor)
    .bind(&r.status)
    .bind(&r.provider_ref)
    .bind(&r.reason)
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn refund_from(r: &AnyRow) -> Result<RefundRow> {
    Ok(RefundRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        payment_id: parse_id(&r.try_get::<String, _>("payment_id")?)?,
        order_id: parse_id(&r.try_get::<String, _>("order_id")?)?,
        currency: r.try_get("currency")?,
        amount_minor: r.try_get("amount_minor")?,
        status: r.try_get("status")?,
        provider_ref: r.try_get("provider_ref")?,
        reason: r.try_get("reason")?,
        created_at: from_micros(r.try_get("created_at")?),
        updated_at: from_micros(r.try_get("updated_at")?),
    })
}

/// Any order's refund: for the worker and payment callbacks only.
pub async fn find_refund_any(conn: &mut Conn, id: RefundId) -> Result<Option<RefundRow>> {
    let row = sqlx::query(
        "SELECT id, payment_id, order_id, currency, amount_minor, status, provider_ref, reason,
                created_at, updated_at FROM refunds WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(refund_from).transpose()
}

pub async fn refunds_of(conn: &mut Conn, order: OrderId) -> Result<Vec<RefundRow>> {
    let rows = sqlx::query(
        "SELECT id, payment_id, order_id, currency, amount_minor, status, provider_ref, reason,
                created_at, updated_at FROM refunds WHERE order_id = $1 ORDER BY created_at, id",
    )
    .bind(order.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(refund_from).collect()
}

pub async fn set_refund_status(
    conn: &mut Conn,
    id: RefundId,
    from: &str,
    to: &str,
    provider_ref: Option<&str>,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE refunds SET status = $1, provider_ref = COALESCE($2, provider_ref),
             updated_at = $3
         WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(provider_ref)
    .bind(to_micros(now))
    .bind(id.to_string())
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// The sandbox provider's side

#[derive(Debug, Clone)]
pub struct SandboxSession {
    pub id: String,
    pub merchant_ref: String,
    pub description: String,
    pub currency: String,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub return_url: String,
    pub callback_url: String,
    /// OPEN, APPROVED, DECLINED.
    pub status: String,
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
    .bind(&s.currency)
    .bind(s.amount_minor)
    .bind(&s.return_url)
    .bind(&s.callback_url)
    .bind(&s.status)
    .bind(to_micros(s.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_sandbox_session(conn: &mut Conn, id: &str) -> Result<Option<SandboxSession>> {
    let row = sqlx::query(
        "SELECT id, merchant_ref, description, currency, amount_minor, refunded_minor,
                return_url, callback_url, status, created_at
         FROM sandbox_sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(SandboxSession {
            id: r.try_get("id")?,
            merchant_ref: r.try_get("merchant_ref")?,
            description: r.try_get("description")?,
            currency: r.try_get("currency")?,
            amount_minor: r.try_get("amount_minor")?,
            refunded_minor: r.try_get("refunded_minor")?,
            return_url: r.try_get("return_url")?,
            callback_url: r.try_get("callback_url")?,
            status: r.try_get("status")?,
            created_at: from_micros(r.try_get("created_at")?),
        })
    })
    .transpose()
}

/// Approves or declines an open session; false when it was already decided.
pub async fn decide_sandbox_session(
    conn: &mut Conn,
    id: &str,
    to: &str,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE sandbox_sessions SET status = $1, decided_at = $2 WHERE id = $3 AND status = 'OPEN'",
    )
    .bind(to)
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
