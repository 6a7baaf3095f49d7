//! Stock per SKU per warehouse. Every change is one conditional update plus a movement row
//! saying who changed it and why, inside the caller's transaction; after it the product's
//! stock figures are refreshed and a low-stock alert is sent once per crossing.

use jiff::Timestamp;
use shopdeck_domain::ids::{MovementId, ProductId, SellerId, SkuId, WarehouseId};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::inventory::{self as repo, MovementRow, StockLevel, WarehouseRow};
use shopdeck_store::products as products_repo;
use shopdeck_store::{Conn, StoreError, users};

use crate::access::SellerActor;
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, Refusal, Result};

/// The most a SKU can hold in one warehouse.
pub const MAX_STOCK: i64 = 999_999;

/// Why stock moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementKind {
    /// A seller set the quantity counted on the shelf.
    Set,
    /// A seller added or removed some.
    Adjust,
    /// A file import set it.
    Import,
    /// An order reserved it.
    Reserve,
    /// A cancelled order gave its reservation back.
    Release,
    /// An order shipped: reserved units left the shelf.
    Ship,
    /// A return came back to stock.
    Return,
}

impl MovementKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            MovementKind::Set => "SET",
            MovementKind::Adjust => "ADJUST",
            MovementKind::Import => "IMPORT",
            MovementKind::Reserve => "RESERVE",
            MovementKind::Release => "RELEASE",
            MovementKind::Ship => "SHIP",
            MovementKind::Return => "RETURN",
        }
    }
}

/// Who moved stock: a member of the shop, an API token, or the system (orders, imports).
#[derive(Debug, Clone)]
pub struct Mover {
    pub kind: &'static str,
    pub id: Option<String>,
}

impl Mover {
    pub fn system() -> Mover {
        Mover {
            kind: "system",
            id: None,
        }
    }
}

impl From<&SellerActor> for Mover {
    fn from(a: &SellerActor) -> Self {
        match a.token {
            Some(t) => Mover {
                kind: "token",
                id: Some(t.to_string()),
            },
            None => Mover {
                kind: "user",
                id: Some(a.user_id.to_string()),
            },
        }
    }
}

/// The stored name of the warehouse every shop starts with: a code, shown through
/// [`warehouse_name`] in the reader's language; a warehouse the seller names keeps its name.
pub const MAIN_WAREHOUSE: &str = "@main";
/// The platform's name of the first warehouse, in `Locale::ALL` order.
const MAIN_WAREHOUSE_NAMES: [&str; 6] = [
    "Main warehouse",
    "主仓库",
    "メイン倉庫",
    "المستودع الرئيسي",
    "Entrepôt principal",
    "Almacén principal",
];

/// A warehouse's name as `locale` reads it: the first warehouse by the platform's name in that
/// language (also for shops whose first warehouse was stored in English before the code),
/// any other by the name the seller gave it.
pub fn warehouse_name(locale: shopdeck_domain::Locale, stored: &str) -> String {
    if stored == MAIN_WAREHOUSE || stored == MAIN_WAREHOUSE_NAMES[0] {
        let i = shopdeck_domain::Locale::ALL
            .iter()
            .position(|l| *l == locale)
            .unwrap_or(0);
        MAIN_WAREHOUSE_NAMES[i].to_owned()
    } else {
        stored.to_owned()
    }
}

/// Whether a client's `given` names the warehouse stored as `stored` (its id aside): the
/// seller's name, or for the first warehouse its code or its name in any language.
pub(crate) fn names_warehouse(stored: &str, given: &str) -> bool {
    stored.eq_ignore_ascii_case(given)
        || ((stored == MAIN_WAREHOUSE || stored == MAIN_WAREHOUSE_NAMES[0])
            && (given == MAIN_WAREHOUSE
                || MAIN_WAREHOUSE_NAMES
                    .iter()
                    .any(|n| n.to_lowercase() == given.to_lowercase())))
}

/// The shop's warehouses; a shop without any gets its main warehouse.
pub(crate) async fn warehouses(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
) -> Result<Vec<WarehouseRow>> {
    let list = repo::list_warehouses(conn, seller).await?;
    if !list.is_empty() {
        return Ok(list);
    }
    let w = WarehouseRow {
        id: app.new_id(),
        name: MAIN_WAREHOUSE.into(),
        address: String::new(),
        is_default: true,
    };
    match repo::insert_warehouse(conn, seller, &w, app.now()).await {
        Ok(()) => Ok(vec![w]),
        // Another request made it first.
        Err(StoreError::Conflict { .. }) => Ok(repo::list_warehouses(conn, seller).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn default_warehouse(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
) -> Result<WarehouseId> {
    let list = warehouses(app, conn, seller).await?;
    list.iter()
        .find(|w| w.is_default)
        .or(list.first())
        .map(|w| w.id)
        .ok_or(AppError::NotFound("warehouse"))
}

/// Resolves a warehouse id given by a client, or the default one when none is given.
pub async fn resolve_warehouse(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
    given: Option<&str>,
    field: &str,
) -> Result<WarehouseId> {
    let list = warehouses(app, conn, seller).await?;
    match given.map(str::trim).filter(|s| !s.is_empty()) {
        None => default_warehouse(app, conn, seller).await,
        Some(g) => list
            .iter()
            .find(|w| w.id.to_string() == g || names_warehouse(&w.name, g))
            .map(|w| w.id)
            .ok_or_else(|| {
                AppError::invalid(
                    field,
                    "warehouse-unknown",
                    "No warehouse of this shop has this id or name",
                )
            }),
    }
}

pub async fn create_warehouse(
    app: &App,
    actor: &SellerActor,
    name: &str,
    address: &str,
) -> Result<WarehouseId> {
    actor.require(Area::Products, Access::Edit)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "warehouse-name",
            "Name the warehouse (at most 80 characters)",
        ));
    }
    let mut tx = app.db.begin().await?;
    let existing = warehouses(app, &mut tx, actor.seller_id).await?;
    if existing.len() >= 50 {
        return Err(AppError::refused(
            Refusal::WarehouseLimit,
            "a shop can have at most 50 warehouses",
        ));
    }
    let w = WarehouseRow {
        id: app.new_id(),
        name: name.to_owned(),
        address: address.trim().chars().take(300).collect(),
        is_default: false,
    };
    repo::insert_warehouse(&mut tx, actor.seller_id, &w, app.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::invalid(
                "name",
                "warehouse-name-taken",
                "Another warehouse has this name",
            ),
            other => other.into(),
        })?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(w.id)
}

/// One of the shop's warehouses.
#[derive(Debug, Clone)]
pub struct Warehouse {
    pub id: WarehouseId,
    pub name: String,
    pub address: String,
    pub is_default: bool,
}

impl From<WarehouseRow> for Warehouse {
    fn from(r: WarehouseRow) -> Warehouse {
        Warehouse {
            id: r.id,
            name: r.name,
            address: r.address,
            is_default: r.is_default,
        }
    }
}

/// A SKU's stock in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stock {
    pub sku_id: SkuId,
    pub warehouse_id: WarehouseId,
    pub on_hand: i64,
    pub reserved: i64,
}

impl From<StockLevel> for Stock {
    fn from(r: StockLevel) -> Stock {
        Stock {
            sku_id: r.sku_id,
            warehouse_id: r.warehouse_id,
            on_hand: r.on_hand,
            reserved: r.reserved,
        }
    }
}

impl Stock {
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }
}

/// One change of a SKU's stock.
#[derive(Debug, Clone)]
pub struct Movement {
    pub id: MovementId,
    pub seller_id: SellerId,
    pub sku_id: SkuId,
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
    pub created_at: Timestamp,
}

impl From<MovementRow> for Movement {
    fn from(r: MovementRow) -> Movement {
        Movement {
            id: r.id,
            seller_id: r.seller_id,
            sku_id: r.sku_id,
            warehouse_id: r.warehouse_id,
            kind: r.kind,
            on_hand_delta: r.on_hand_delta,
            reserved_delta: r.reserved_delta,
            on_hand_after: r.on_hand_after,
            reserved_after: r.reserved_after,
            reason: r.reason,
            reference: r.reference,
            actor_type: r.actor_type,
            actor_id: r.actor_id,
            created_at: r.created_at,
        }
    }
}

pub async fn list_warehouses(app: &App, actor: &SellerActor) -> Result<Vec<Warehouse>> {
    Ok(warehouse_rows(app, actor)
        .await?
        .into_iter()
        .map(Warehouse::from)
        .collect())
}

async fn warehouse_rows(app: &App, actor: &SellerActor) -> Result<Vec<WarehouseRow>> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    let list = repo::list_warehouses(&mut conn, actor.seller_id).await?;
    if !list.is_empty() {
        return Ok(list);
    }
    drop(conn);
    // A shop's first look makes its main warehouse: a write, so in a transaction.
    let mut tx = app.db.begin().await?;
    let list = warehouses(app, &mut tx, actor.seller_id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(list)
}

/// One stock change, as asked.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub seller: SellerId,
    pub sku: SkuId,
    pub warehouse: WarehouseId,
    pub kind: MovementKind,
    /// For `Set`: the new on-hand quantity. Otherwise the number of units (positive).
    pub quantity: i64,
    pub reason: &'a str,
    pub reference: Option<&'a str>,
    pub mover: &'a Mover,
}

/// Applies a change on the caller's transaction. Refuses (409) when it would take available
/// stock below zero; nothing is written then.
pub(crate) async fn apply(app: &App, conn: &mut Conn, c: &Change<'_>) -> Result<StockLevel> {
    let level = apply_quiet(app, conn, c).await?;
    after_change(app, conn, c.seller, c.sku).await?;
    Ok(level)
}

/// `apply` without refreshing the product's figures: for callers that change many SKUs of a
/// product and refresh once at the end (then call `check_low_stock` per SKU).
pub(crate) async fn apply_quiet(app: &App, conn: &mut Conn, c: &Change<'_>) -> Result<StockLevel> {
    if c.quantity < 0 || c.quantity > MAX_STOCK {
        return Err(AppError::invalid(
            "quantity",
            "stock-range",
            format!("Use a whole number from 0 to {MAX_STOCK}"),
        ));
    }
    repo::ensure_level(conn, c.seller, c.sku, c.warehouse, app.now()).await?;
    let q = c.quantity;
    let (before, after) = match c.kind {
        MovementKind::Set | MovementKind::Import => {
            match repo::set_on_hand(conn, c.sku, c.warehouse, q, app.now()).await? {
                Some(pair) => pair,
                None => {
                    return Err(AppError::refused(
                        Refusal::BelowReserved,
                        "the quantity is below what open orders have reserved",
                    ));
                }
            }
        }
        kind => {
            let (on_hand, reserved) = match kind {
                MovementKind::Adjust => (q, 0),
                MovementKind::Reserve => (0, q),
                MovementKind::Release => (0, -q),
                MovementKind::Ship => (-q, -q),
                MovementKind::Return => (q, 0),
                MovementKind::Set | MovementKind::Import => (0, 0),
            };
            apply_delta(app, conn, c, on_hand, reserved).await?
        }
    };
    record(app, conn, c, &before, &after).await?;
    Ok(after)
}

/// Adds `delta` (which may be negative) to on-hand stock.
pub(crate) async fn adjust(
    app: &App,
    conn: &mut Conn,
    c: &Change<'_>,
    delta: i64,
) -> Result<StockLevel> {
    if delta.abs() > MAX_STOCK {
        return Err(AppError::invalid(
            "delta",
            "stock-range",
            "Change at most 999,999 units at once",
        ));
    }
    repo::ensure_level(conn, c.seller, c.sku, c.warehouse, app.now()).await?;
    let (before, after) = apply_delta(app, conn, c, delta, 0).await?;
    if after.on_hand > MAX_STOCK {
        return Err(AppError::invalid(
            "delta",
            "stock-range",
            format!("A warehouse holds at most {MAX_STOCK} units of a SKU"),
        ));
    }
    record(app, conn, c, &before, &after).await?;
    after_change(app, conn, c.seller, c.sku).await?;
    Ok(after)
}

async fn apply_delta(
    app: &App,
    conn: &mut Conn,
    c: &Change<'_>,
    on_hand: i64,
    reserved: i64,
) -> Result<(StockLevel, StockLevel)> {
    match repo::apply_delta(conn, c.sku, c.warehouse, on_hand, reserved, app.now()).await? {
        Some(after) => {
            let before = StockLevel {
                on_hand: after.on_hand - on_hand,
                reserved: after.reserved - reserved,
                ..after.clone()
            };
            Ok((before, after))
        }
        None => Err(match c.kind {
            MovementKind::Reserve => {
                AppError::refused(Refusal::OutOfStock, "not enough stock available")
            }
            MovementKind::Release | MovementKind::Ship => {
                AppError::refused(Refusal::BelowReserved, "less is reserved than that")
            }
            _ => AppError::refused(
                Refusal::BelowReserved,
                "stock cannot go below what is reserved or below zero",
            ),
        }),
    }
}

async fn record(
    app: &App,
    conn: &mut Conn,
    c: &Change<'_>,
    before: &StockLevel,
    after: &StockLevel,
) -> Result<()> {
    let id: MovementId = app.new_id();
    repo::insert_movement(
        conn,
        &MovementRow {
            id,
            seller_id: c.seller,
            sku_id: c.sku,
            warehouse_id: c.warehouse,
            kind: c.kind.as_str().into(),
            on_hand_delta: after.on_hand - before.on_hand,
            reserved_delta: after.reserved - before.reserved,
            on_hand_after: after.on_hand,
            reserved_after: after.reserved,
            reason: c.reason.chars().take(300).collect(),
            reference: c.reference.map(str::to_owned),
            actor_type: c.mover.kind.into(),
            actor_id: c.mover.id.clone(),
            created_at: app.now(),
        },
    )
    .await?;
    Ok(())
}

/// Refreshes the product's stock figures and sends the low-stock alert on a downward crossing
/// (re-armed when stock goes back above the threshold).
pub(crate) async fn after_change(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
    sku: SkuId,
) -> Result<()> {
    let Some(row) = products_repo::find_sku(conn, seller, sku).await? else {
        return Ok(());
    };
    let default = repo::low_stock_default(conn, seller).await?;
    products_repo::refresh_aggregates(conn, row.product_id, default, app.now()).await?;
    check_low_stock(app, conn, &row, default).await
}

/// Sends the low-stock alert if the SKU just fell to its threshold, or re-arms it once the
/// SKU is back above.
pub async fn check_low_stock(
    app: &App,
    conn: &mut Conn,
    row: &products_repo::SkuRow,
    default: i64,
) -> Result<()> {
    let available: i64 = repo::levels_of(conn, &[row.id])
        .await?
        .iter()
        .map(StockLevel::available)
        .sum();
    let threshold = row.low_stock_threshold.unwrap_or(default);
    if available <= threshold {
        if !row.low_stock_alerted && products_repo::flip_low_stock_alert(conn, row.id, true).await?
        {
            alert_low_stock(
                app,
                conn,
                row.seller_id,
                row.product_id,
                &row.seller_sku,
                available,
            )
            .await?;
        }
    } else if row.low_stock_alerted {
        products_repo::flip_low_stock_alert(conn, row.id, false).await?;
    }
    Ok(())
}

async fn alert_low_stock(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
    product: ProductId,
    seller_sku: &str,
    available: i64,
) -> Result<()> {
    let title = products_repo::find_product(conn, seller, product)
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    let (subject, state) = if available == 0 {
        (format!("Out of stock: {seller_sku}"), "is out of stock")
    } else {
        (format!("Low stock: {seller_sku}"), "is running low")
    };
    let body = format!(
        "SKU {seller_sku} of \"{title}\" {state}: {available} available.\n\n\
         Restock it in Products › Inventory: {}/seller/products/{product}\n",
        app.settings.public_url
    );
    for (user_id, email) in users::list_owner_emails(conn, seller).await? {
        notify::queue_kind(
            app,
            conn,
            &Message {
                channel: Channel::Email,
                recipient: email,
                subject: subject.clone(),
                body: body.clone(),
                user_id: Some(user_id),
                seller_id: Some(seller),
            },
            "low-stock",
        )
        .await?;
    }
    Ok(())
}

/// Sets a SKU's stock in one warehouse, as a seller counted it.
pub async fn set_stock(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    warehouse: Option<&str>,
    quantity: i64,
    reason: Option<&str>,
) -> Result<Stock> {
    actor.require(Area::Products, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    if products_repo::find_sku(&mut tx, actor.seller_id, sku)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("SKU"));
    }
    let wh = resolve_warehouse(app, &mut tx, actor.seller_id, warehouse, "warehouse_id").await?;
    let mover = Mover::from(actor);
    let level = apply(
        app,
        &mut tx,
        &Change {
            seller: actor.seller_id,
            sku,
            warehouse: wh,
            kind: MovementKind::Set,
            quantity,
            reason: reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or(shopdeck_domain::orders::StockReason::StockCount.as_str()),
            reference: None,
            mover: &mover,
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(level.into())
}

/// Adds or removes units of a SKU in one warehouse.
pub async fn adjust_stock(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    warehouse: Option<&str>,
    delta: i64,
    reason: Option<&str>,
) -> Result<Stock> {
    actor.require(Area::Products, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    if products_repo::find_sku(&mut tx, actor.seller_id, sku)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("SKU"));
    }
    let wh = resolve_warehouse(app, &mut tx, actor.seller_id, warehouse, "warehouse_id").await?;
    let mover = Mover::from(actor);
    let level = adjust(
        app,
        &mut tx,
        &Change {
            seller: actor.seller_id,
            sku,
            warehouse: wh,
            kind: MovementKind::Adjust,
            quantity: delta.abs(),
            reason: reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or(shopdeck_domain::orders::StockReason::Adjustment.as_str()),
            reference: None,
            mover: &mover,
        },
        delta,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(level.into())
}

/// Reserves units for an order (or anything else that holds stock), in its own transaction.
/// Refused (409) when fewer are available, whatever the concurrency.
pub async fn reserve(
    app: &App,
    seller: SellerId,
    sku: SkuId,
    warehouse: WarehouseId,
    quantity: i64,
    reference: &str,
) -> Result<StockLevel> {
    order_movement(
        app,
        seller,
        sku,
        warehouse,
        MovementKind::Reserve,
        quantity,
        reference,
    )
    .await
}

/// A stock change an order causes: `Reserve` when placed, `Release` when cancelled, `Ship`
/// when the reserved units leave, `Return` when they come back. One transaction, one
/// movement row with the order as reference.
pub async fn order_movement(
    app: &App,
    seller: SellerId,
    sku: SkuId,
    warehouse: WarehouseId,
    kind: MovementKind,
    quantity: i64,
    reference: &str,
) -> Result<StockLevel> {
    if quantity <= 0 {
        return Err(AppError::invalid(
            "quantity",
            "stock-range",
            "Move at least one unit",
        ));
    }
    let reason = match kind {
        MovementKind::Reserve => shopdeck_domain::orders::StockReason::OrderPlaced.as_str(),
        MovementKind::Release => shopdeck_domain::orders::StockReason::OrderCancelled.as_str(),
        MovementKind::Ship => shopdeck_domain::orders::StockReason::OrderShipped.as_str(),
        MovementKind::Return => shopdeck_domain::orders::StockReason::ReturnReceived.as_str(),
        MovementKind::Set | MovementKind::Adjust | MovementKind::Import => {
            return Err(AppError::invalid(
                "kind",
                "movement-kind",
                "Not an order movement",
            ));
        }
    };
    let mut tx = app.db.begin().await?;
    let mover = Mover::system();
    let level = apply(
        app,
        &mut tx,
        &Change {
            seller,
            sku,
            warehouse,
            kind,
            quantity,
            reason,
            reference: Some(reference),
            mover: &mover,
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(level)
}

pub async fn movements(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    limit: i64,
) -> Result<Vec<Movement>> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    if products_repo::find_sku(&mut conn, actor.seller_id, sku)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("SKU"));
    }
    Ok(
        repo::list_movements(&mut conn, actor.seller_id, sku, limit.clamp(1, 500))
            .await?
            .into_iter()
            .map(Movement::from)
            .collect(),
    )
}

/// Out-of-stock and low-stock SKUs of live products, for the seller home.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct StockSummary {
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    pub low_stock_default: i64,
}

pub async fn summary(app: &App, actor: &SellerActor) -> Result<StockSummary> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    let (out, low) = repo::stock_counts(&mut conn, actor.seller_id).await?;
    Ok(StockSummary {
        out_of_stock_skus: out,
        low_stock_skus: low,
        low_stock_default: repo::low_stock_default(&mut conn, actor.seller_id).await?,
    })
}

/// Changes the shop's default low-stock threshold and re-evaluates product figures.
pub async fn set_low_stock_default(app: &App, actor: &SellerActor, n: i64) -> Result<()> {
    actor.require(Area::Products, Access::Edit)?;
    if !(0..=MAX_STOCK).contains(&n) {
        return Err(AppError::invalid(
            "low_stock_default",
            "stock-range",
            format!("Use a whole number from 0 to {MAX_STOCK}"),
        ));
    }
    let mut tx = app.db.begin().await?;
    repo::set_low_stock_default(&mut tx, actor.seller_id, n).await?;
    products_repo::refresh_low_stock_counts(&mut tx, actor.seller_id, n).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
