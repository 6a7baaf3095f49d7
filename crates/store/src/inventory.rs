//! Warehouses, stock per SKU per warehouse, and the movements that changed it.
//!
//! Stock changes are single conditional `UPDATE`s (`... WHERE on_hand - reserved >= n`), so two
//! processes racing for the last unit cannot both win: one update matches no row. The table's
//! CHECK constraints stand behind them.

use jiff::Timestamp;
use shopdeck_domain::ids::{MovementId, SellerId, SkuId, WarehouseId};
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WarehouseRow {
    #[sqlx(try_from = "String")]
    pub id: WarehouseId,
    pub name: String,
    pub address: String,
    #[sqlx(try_from = "Flag")]
    pub is_default: bool,
}

pub async fn list_warehouses(conn: &mut Conn, seller: SellerId) -> Result<Vec<WarehouseRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, address, is_default FROM warehouses WHERE seller_id = $1
         ORDER BY is_default DESC, name",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn insert_warehouse(
    conn: &mut Conn,
    seller: SellerId,
    w: &WarehouseRow,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO warehouses (id, seller_id, name, address, is_default, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(w.id.to_string())
    .bind(seller.to_string())
    .bind(&w.name)
    .bind(&w.address)
    .bind(i64::from(w.is_default))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn update_warehouse(
    conn: &mut Conn,
    seller: SellerId,
    id: WarehouseId,
    name: &str,
    address: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE warehouses SET name = $1, address = $2 WHERE seller_id = $3 AND id = $4",
    )
    .bind(name)
    .bind(address)
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The shop's low-stock default.
pub async fn low_stock_default(conn: &mut Conn, seller: SellerId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT low_stock_default FROM sellers WHERE id = $1")
            .bind(seller.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or(5),
    )
}

pub async fn set_low_stock_default(conn: &mut Conn, seller: SellerId, n: i64) -> Result<()> {
    sqlx::query("UPDATE sellers SET low_stock_default = $1 WHERE id = $2")
        .bind(n)
        .bind(seller.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StockLevel {
    #[sqlx(try_from = "String")]
    pub sku_id: SkuId,
    #[sqlx(try_from = "String")]
    pub warehouse_id: WarehouseId,
    pub on_hand: i64,
    pub reserved: i64,
}

impl StockLevel {
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }
}

pub async fn find_level(
    conn: &mut Conn,
    sku: SkuId,
    warehouse: WarehouseId,
) -> Result<Option<StockLevel>> {
    Ok(sqlx::query_as(
        "SELECT sku_id, warehouse_id, on_hand, reserved FROM stock
         WHERE sku_id = $1 AND warehouse_id = $2",
    )
    .bind(sku.to_string())
    .bind(warehouse.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every stock row of the given SKUs.
pub async fn levels_of(conn: &mut Conn, skus: &[SkuId]) -> Result<Vec<StockLevel>> {
    let mut out = Vec::new();
    for chunk in skus.chunks(200) {
        if chunk.is_empty() {
            continue;
        }
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT sku_id, warehouse_id, on_hand, reserved FROM stock WHERE sku_id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query_as(&sql);
        for s in chunk {
            q = q.bind(s.to_string());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Creates an empty stock row if there is none (concurrent callers are fine).
pub async fn ensure_level(
    conn: &mut Conn,
    seller: SellerId,
    sku: SkuId,
    warehouse: WarehouseId,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO stock (sku_id, warehouse_id, seller_id, on_hand, reserved, updated_at)
         VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT (sku_id, warehouse_id) DO NOTHING",
    )
    .bind(sku.to_string())
    .bind(warehouse.to_string())
    .bind(seller.to_string())
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Applies deltas to on-hand and reserved if the result keeps 0 ≤ reserved ≤ on_hand;
/// returns the new level, or None when it would not.
pub async fn apply_delta(
    conn: &mut Conn,
    sku: SkuId,
    warehouse: WarehouseId,
    on_hand_delta: i64,
    reserved_delta: i64,
    now: Timestamp,
) -> Result<Option<StockLevel>> {
    let done = sqlx::query(
        "UPDATE stock SET on_hand = on_hand + $1, reserved = reserved + $2, updated_at = $3
         WHERE sku_id = $4 AND warehouse_id = $5
           AND reserved + $2 >= 0 AND on_hand + $1 >= reserved + $2",
    )
    .bind(on_hand_delta)
    .bind(reserved_delta)
    .bind(to_micros(now))
    .bind(sku.to_string())
    .bind(warehouse.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    find_level(conn, sku, warehouse).await
}

/// Sets on-hand to `on_hand` unless that is below what is reserved; returns the old and new
/// level.
pub async fn set_on_hand(
    conn: &mut Conn,
    sku: SkuId,
    warehouse: WarehouseId,
    on_hand: i64,
    now: Timestamp,
) -> Result<Option<(StockLevel, StockLevel)>> {
    let Some(before) = find_level(conn, sku, warehouse).await? else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE stock SET on_hand = $1, updated_at = $2
         WHERE sku_id = $3 AND warehouse_id = $4 AND reserved <= $1 AND on_hand = $5",
    )
    .bind(on_hand)
    .bind(to_micros(now))
    .bind(sku.to_string())
    .bind(warehouse.to_string())
    .bind(before.on_hand)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    let after = StockLevel {
        on_hand,
        ..before.clone()
    };
    Ok(Some((before, after)))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MovementRow {
    #[sqlx(try_from = "String")]
    pub id: MovementId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "String")]
    pub sku_id: SkuId,
    #[sqlx(try_from = "String")]
    pub warehouse_id: WarehouseId,
    pub kind: String,
    pub on_hand_delta: i64,
    pub reserved_delta: i64,
    pub on_hand_after: i64,
    pub reserved_after: i64,
    pub reason: String,
    pub reference: Option<String>,
    pub actor_type: String,
    pub actor_id: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub async fn insert_movement(conn: &mut Conn, m: &MovementRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO inventory_movements (id, seller_id, sku_id, warehouse_id, kind,
            on_hand_delta, reserved_delta, on_hand_after, reserved_after, reason, reference,
            actor_type, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(m.id.to_string())
    .bind(m.seller_id.to_string())
    .bind(m.sku_id.to_string())
    .bind(m.warehouse_id.to_string())
    .bind(&m.kind)
    .bind(m.on_hand_delta)
    .bind(m.reserved_delta)
    .bind(m.on_hand_after)
    .bind(m.reserved_after)
    .bind(&m.reason)
    .bind(m.reference.as_deref())
    .bind(&m.actor_type)
    .bind(m.actor_id.as_deref())
    .bind(to_micros(m.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A SKU's movements, newest first.
pub async fn list_movements(
    conn: &mut Conn,
    seller: SellerId,
    sku: SkuId,
    limit: i64,
) -> Result<Vec<MovementRow>> {
    Ok(sqlx::query_as(
        "SELECT id, seller_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta,
                on_hand_after, reserved_after, reason, reference, actor_type, actor_id,
                created_at
         FROM inventory_movements WHERE seller_id = $1 AND sku_id = $2
         ORDER BY created_at DESC, id DESC LIMIT $3",
    )
    .bind(seller.to_string())
    .bind(sku.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Out-of-stock and low-stock SKU counts of a shop's live products, for the seller home.
pub async fn stock_counts(conn: &mut Conn, seller: SellerId) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(out_of_stock_skus), 0) AS BIGINT) AS o,
                CAST(COALESCE(SUM(low_stock_skus), 0) AS BIGINT) AS l
         FROM products WHERE seller_id = $1 AND status = 'LIVE'",
    )
    .bind(seller.to_string())
    .fetch_one(&mut *conn)
    .await?)
}
