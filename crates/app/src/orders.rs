//! Buying and the seller's orders: the cart, checkout (one order per shop, stock reserved in
//! the same transaction), payment confirmation, the order life cycle with its timeline and
//! deadlines, cancellations with stock release and refund, shipping templates, and the timers
//! the durable worker runs (unpaid orders expire; the remorse window closes).

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{
    CartItemId, CheckoutId, LiveId, OrderId, PaymentId, ProductId, RefundId, SellerId,
    ShippingTemplateId, SkuId, VideoId,
};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::{
    CancelReason, OrderAction, OrderStatus, OrderTab, Party, PaymentStatus, RefundStatus,
    ShippingTemplate,
};
use shopdeck_domain::products::ProductStatus;
use shopdeck_domain::roles::{Access, Area};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders::{self as repo, OrderFilter, OrderLineRow, OrderRow};
use shopdeck_store::{Conn, StoreError, inventory as stock_repo};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::buyers::CurrentBuyer;
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::jobs::{self, JobError, JobHandler};
use crate::payments::{Outcome, SessionRequest};
use crate::{App, AppError, FieldError, Refusal, Result};

/// Job: cancel a checkout's orders still unpaid when their payment time is up.
pub const EXPIRE_UNPAID: &str = "orders.expire_unpaid";
/// Job: move an order out of ON_HOLD when the remorse window closes.
pub const RELEASE_HOLD: &str = "orders.release_hold";

/// Most units of one SKU in one order line.
pub const MAX_LINE_QUANTITY: i64 = 999;
/// Most lines in one checkout.
pub const MAX_CHECKOUT_LINES: usize = 100;
/// Longest buyer note.
pub const MAX_NOTE: usize = 500;

// ---------------------------------------------------------------------------------------
// Where a purchase came from

/// A video or live session a buyer came from; kept on cart and order lines for attribution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// `VIDEO` or `LIVE`.
    pub kind: String,
    pub id: String,
}

impl Source {
    /// From the `src` a storefront link carries (`vid_…` or `liv_…`); anything else is none.
    pub fn parse(src: &str) -> Option<Source> {
        let src = src.trim();
        if src.parse::<VideoId>().is_ok() {
            Some(Source {
                kind: "VIDEO".into(),
                id: src.into(),
            })
        } else if src.parse::<LiveId>().is_ok() {
            Some(Source {
                kind: "LIVE".into(),
                id: src.into(),
            })
        } else {
            None
        }
    }

    fn of(kind: &Option<String>, id: &Option<String>) -> Option<Source> {
        match (kind, id) {
            (Some(k), Some(i)) => Some(Source {
                kind: k.clone(),
                id: i.clone(),
            }),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// What a SKU sells as

struct Sellable {
    row: repo::SkuForSale,
    title: String,
    image: Option<String>,
    currency: Currency,
}

/// Resolves SKUs to what they sell as; `None` for SKUs not (or no longer) on sale.
async fn sellable(
    conn: &mut Conn,
    ids: &[SkuId],
    locale: Locale,
) -> Result<BTreeMap<SkuId, Option<Sellable>>> {
    let rows = repo::skus_for_sale(conn, ids).await?;
    let mut out: BTreeMap<SkuId, Option<Sellable>> = ids.iter().map(|id| (*id, None)).collect();
    for row in rows {
        let on_sale = row.sku_published
            && row.product_status == ProductStatus::Live
            && row.seller_status == SellerStatus::Approved;
        let published: Option<crate::products::Published> = row
            .published
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok());
        let (Some(published), true) = (published, on_sale) else {
            continue;
        };
        let currency = row.currency;
        let title = crate::products::pick_edition(&published, locale)
            .map(|e| e.title.clone())
            .unwrap_or_default();
        let image = published.images.first().map(|i| i.id.to_string());
        out.insert(
            row.sku_id,
            Some(Sellable {
                row,
                title,
                image,
                currency,
            }),
        );
    }
    Ok(out)
}

pub(crate) fn variant_text(json: &str) -> String {
    let map: BTreeMap<String, String> = serde_json::from_str(json).unwrap_or_default();
    map.values().cloned().collect::<Vec<_>>().join(" / ")
}

/// A line's variant as stored (attribute key → value code or the seller's words), for pages
/// to put into the reader's language with `catalog::variant_label`.
pub(crate) fn variant_values(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Cart

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub sku_id: SkuId,
    pub product_id: Option<ProductId>,
    pub title: String,
    /// The variant's values joined ("xs / black"); `variant_values` has them by attribute.
    pub variant: String,
    pub variant_values: BTreeMap<String, String>,
    pub image_id: Option<String>,
    pub unit_price: Option<Money>,
    pub quantity: i64,
    pub available: i64,
    /// False when the product is no longer on sale or there is not enough stock.
    pub buyable: bool,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartShop {
    pub seller_id: SellerId,
    pub store_name: String,
    pub lines: Vec<CartLine>,
    pub subtotal: Money,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cart {
    pub shops: Vec<CartShop>,
    /// Lines that can no longer be bought (product gone), shown apart.
    pub unavailable: Vec<CartLine>,
    pub item_count: i64,
}

pub async fn cart(app: &App, buyer: &CurrentBuyer, locale: Locale) -> Result<Cart> {
    let mut conn = app.db.conn().await?;
    let items = repo::cart_items(&mut conn, buyer.id).await?;
    let ids: Vec<SkuId> = items.iter().map(|i| i.sku_id).collect();
    let sell = sellable(&mut conn, &ids, locale).await?;
    let mut shops: Vec<CartShop> = Vec::new();
    let mut unavailable = Vec::new();
    let mut item_count = 0;
    for item in items {
        let source = Source::of(&item.source_kind, &item.source_id);
        match sell.get(&item.sku_id).and_then(Option::as_ref) {
            Some(s) => {
                item_count += item.quantity;
                let line = CartLine {
                    sku_id: item.sku_id,
                    product_id: Some(s.row.product_id),
                    title: s.title.clone(),
                    variant: variant_text(&s.row.variant),
                    variant_values: variant_values(&s.row.variant),
                    image_id: s.image.clone(),
                    unit_price: Some(Money::new(s.row.price_minor, s.currency)),
                    quantity: item.quantity,
                    available: s.row.available,
                    buyable: s.row.available >= item.quantity,
                    source,
                };
                let price = Money::new(s.row.price_minor.saturating_mul(item.quantity), s.currency);
                match shops.iter_mut().find(|c| c.seller_id == s.row.seller_id) {
                    Some(shop) => {
                        shop.subtotal = shop.subtotal.checked_add(price).unwrap_or(shop.subtotal);
                        shop.lines.push(line);
                    }
                    None => shops.push(CartShop {
                        seller_id: s.row.seller_id,
                        store_name: s.row.store_name.clone(),
                        lines: vec![line],
                        subtotal: price,
                    }),
                }
            }
            None => unavailable.push(CartLine {
                sku_id: item.sku_id,
                product_id: None,
                title: String::new(),
                variant: String::new(),
                variant_values: BTreeMap::new(),
                image_id: None,
                unit_price: None,
                quantity: item.quantity,
                available: 0,
                buyable: false,
                source,
            }),
        }
    }
    Ok(Cart {
        shops,
        unavailable,
        item_count,
    })
}

fn check_quantity(field: &str, q: i64) -> Result<()> {
    if (1..=MAX_LINE_QUANTITY).contains(&q) {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            "quantity-range",
            format!("Choose from 1 to {MAX_LINE_QUANTITY}"),
        ))
    }
}

/// Puts units of a SKU in the cart (`replace`: sets the count instead of adding).
pub async fn put_in_cart(
    app: &App,
    buyer: &CurrentBuyer,
    sku: SkuId,
    quantity: i64,
    source: Option<Source>,
    replace: bool,
) -> Result<()> {
    check_quantity("quantity", quantity)?;
    let mut tx = app.db.begin().await?;
    let sell = sellable(&mut tx, &[sku], buyer.locale).await?;
    let Some(product) = sell
        .get(&sku)
        .and_then(Option::as_ref)
        .map(|s| s.row.product_id)
    else {
        return Err(AppError::invalid(
            "sku_id",
            "not-on-sale",
            "This item is not on sale",
        ));
    };
    let source = verified(&mut tx, source, product).await?;
    let item = repo::CartItemRow {
        id: app.new_id::<CartItemId>(),
        sku_id: sku,
        quantity,
        source_kind: source.as_ref().map(|s| s.kind.clone()),
        source_id: source.map(|s| s.id),
        added_at: app.now(),
    };
    repo::put_cart_item(&mut tx, buyer.id, &item, replace).await?;
    let total: i64 = repo::cart_items(&mut tx, buyer.id)
        .await?
        .iter()
        .filter(|i| i.sku_id == sku)
        .map(|i| i.quantity)
        .sum();
    check_quantity("quantity", total)?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

pub async fn remove_from_cart(app: &App, buyer: &CurrentBuyer, sku: SkuId) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::remove_cart_items(&mut tx, buyer.id, &[sku]).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Checkout

#[derive(Debug, Clone, serde::Deserialize)]
pub struct CheckoutItem {
    pub sku_id: SkuId,
    pub quantity: i64,
    /// `vid_…` or `liv_…` the buyer came from.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CheckoutRequest {
    pub address_id: Option<shopdeck_domain::ids::AddressId>,
    /// "Buy now" items; when absent, the whole cart is checked out.
    #[serde(default)]
    pub items: Option<Vec<CheckoutItem>>,
    #[serde(default)]
    pub note: Option<String>,
    /// A key from the buyer's form or the API's `Idempotency-Key`, so a resubmitted request
    /// finds the checkout it made. It is stored with the checkout, in its transaction.
    #[serde(default)]
    pub client_key: Option<String>,
    /// The fingerprint of the API request that carried `client_key`: the same key with
    /// another request is refused rather than replayed.
    #[serde(skip)]
    pub request_hash: Option<String>,
}

/// The recipient as it was at checkout; the seller sees it once the order may be fulfilled.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub name: String,
    pub phone: String,
    pub country: String,
    pub region: Option<String>,
    pub city: String,
    pub postal_code: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
}

/// One shop's part of a checkout, priced.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteShop {
    pub seller_id: SellerId,
    pub store_name: String,
    pub subtotal: Money,
    pub shipping_fee: Money,
    pub discount: Money,
    pub total: Money,
    pub item_count: i64,
}

struct PlannedLine {
    sku: SkuId,
    quantity: i64,
    source: Option<Source>,
    index: usize,
}

struct PlannedOrder<'a> {
    seller: SellerId,
    store_name: String,
    currency: Currency,
    lines: Vec<(&'a PlannedLine, &'a Sellable)>,
    subtotal: i64,
    weight: i64,
    fee: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutResult {
    pub id: CheckoutId,
    pub orders: Vec<OrderId>,
    pub payments: Vec<PaymentView>,
    /// True when this answered a resubmission of an earlier checkout.
    pub replayed: bool,
}

fn planned_lines(
    req: &CheckoutRequest,
    cart: &[repo::CartItemRow],
) -> Result<(Vec<PlannedLine>, bool)> {
    let (mut lines, from_cart) = match &req.items {
        Some(items) => {
            let mut v = Vec::new();
            for (i, it) in items.iter().enumerate() {
                check_quantity(&format!("items[{i}].quantity"), it.quantity)?;
                v.push(PlannedLine {
                    sku: it.sku_id,
                    quantity: it.quantity,
                    source: it.source.as_deref().and_then(Source::parse),
                    index: i,
                });
            }
            (v, false)
        }
        None => (
            cart.iter()
                .enumerate()
                .map(|(i, c)| PlannedLine {
                    sku: c.sku_id,
                    quantity: c.quantity,
                    source: Source::of(&c.source_kind, &c.source_id),
                    index: i,
                })
                .collect(),
            true,
        ),
    };
    // One line per SKU.
    let mut merged: Vec<PlannedLine> = Vec::new();
    for l in lines.drain(..) {
        match merged.iter_mut().find(|m| m.sku == l.sku) {
            Some(m) => m.quantity += l.quantity,
            None => merged.push(l),
        }
    }
    if merged.is_empty() {
        return Err(AppError::invalid(
            "items",
            "empty",
            "There is nothing to check out",
        ));
    }
    if merged.len() > MAX_CHECKOUT_LINES {
        return Err(AppError::invalid(
            "items",
            "too-many",
            format!("Check out at most {MAX_CHECKOUT_LINES} different items at once"),
        ));
    }
    Ok((merged, from_cart))
}

fn plan<'a>(
    lines: &'a [PlannedLine],
    sell: &'a BTreeMap<SkuId, Option<Sellable>>,
    templates: &BTreeMap<SellerId, Option<ShippingTemplate>>,
    recipient: &Recipient,
    from_cart: bool,
) -> Result<Vec<PlannedOrder<'a>>> {
    let mut errors = Vec::new();
    let mut orders: Vec<PlannedOrder<'a>> = Vec::new();
    for l in lines {
        let field = if from_cart {
            format!("cart[{}]", l.index)
        } else {
            format!("items[{}].sku_id", l.index)
        };
        let Some(s) = sell.get(&l.sku).and_then(Option::as_ref) else {
            errors.push(FieldError::new(
                &field,
                "not-on-sale",
                "This item is no longer on sale",
            ));
            continue;
        };
        if s.row.available < l.quantity {
            errors.push(FieldError::new(
                &field,
                "out-of-stock",
                format!("Only {} left", s.row.available.max(0)),
            ));
            continue;
        }
        let line_total = s.row.price_minor.saturating_mul(l.quantity);
        let weight = s.row.weight_grams.unwrap_or(0).saturating_mul(l.quantity);
        match orders.iter_mut().find(|o| o.seller == s.row.seller_id) {
            Some(o) => {
                o.subtotal = o.subtotal.saturating_add(line_total);
                o.weight = o.weight.saturating_add(weight);
                o.lines.push((l, s));
            }
            None => orders.push(PlannedOrder {
                seller: s.row.seller_id,
                store_name: s.row.store_name.clone(),
                currency: s.currency,
                lines: vec![(l, s)],
                subtotal: line_total,
                weight,
                fee: 0,
            }),
        }
    }
    for o in &mut orders {
        let fee = match templates.get(&o.seller).and_then(Option::as_ref) {
            // A shop without a template ships free.
            None => Some(0),
            Some(t) => t.fee(
                &recipient.country,
                recipient.region.as_deref().unwrap_or(""),
                o.subtotal,
                o.weight,
            ),
        };
        match fee {
            Some(f) => o.fee = f,
            None => errors.push(FieldError::new(
                "address_id",
                "not-delivered-there",
                format!("{} does not deliver to this address", o.store_name),
            )),
        }
    }
    if errors.is_empty() {
        Ok(orders)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Keeps a source only when that video tags the product or that live session featured it,
/// so a made-up `src` attributes nothing. Reads on the caller's transaction (a second pool
/// connection per checkout could run the pool dry under load).
async fn verified(
    conn: &mut Conn,
    source: Option<Source>,
    product: ProductId,
) -> Result<Option<Source>> {
    let Some(source) = source else {
        return Ok(None);
    };
    let found = match crate::media::Source::parse(&source.id) {
        Some(s) => crate::media::shows_product(conn, s, product).await?,
        None => false,
    };
    Ok(found.then_some(source))
}

async fn templates_of(
    conn: &mut Conn,
    sellers: impl Iterator<Item = SellerId>,
) -> Result<BTreeMap<SellerId, Option<ShippingTemplate>>> {
    let mut out = BTreeMap::new();
    for s in sellers {
        if out.contains_key(&s) {
            continue;
        }
        let t = repo::default_template(conn, s)
            .await?
            .and_then(|row| template_of(&row));
        out.insert(s, t);
    }
    Ok(out)
}

fn template_of(row: &repo::TemplateRow) -> Option<ShippingTemplate> {
    Some(ShippingTemplate {
        rules: serde_json::from_str(&row.rules).ok()?,
        free_above_minor: row.free_above_minor,
    })
}

fn recipient_of(a: &crate::buyers::Address) -> Recipient {
    Recipient {
        name: a.recipient_name.clone(),
        phone: a.phone.clone(),
        country: a.country.clone(),
        region: a.region.clone(),
        city: a.city.clone(),
        postal_code: a.postal_code.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
    }
}

async fn checkout_address(
    app: &App,
    conn: &mut Conn,
    buyer: &CurrentBuyer,
    req: &CheckoutRequest,
) -> Result<Recipient> {
    let Some(id) = req.address_id else {
        return Err(AppError::invalid(
            "address_id",
            "required",
            "Choose a delivery address",
        ));
    };
    let a = crate::buyers::address_for_checkout(app, conn, buyer.id, id)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => {
                AppError::invalid("address_id", "unknown", "Choose one of your addresses")
            }
            other => other,
        })?;
    Ok(recipient_of(&a))
}

/// Prices a checkout without placing it: the shops, their shipping fees and totals.
pub async fn quote(
    app: &App,
    buyer: &CurrentBuyer,
    req: &CheckoutRequest,
) -> Result<Vec<QuoteShop>> {
    let mut conn = app.db.conn().await?;
    let recipient = checkout_address(app, &mut conn, buyer, req).await?;
    let cart = repo::cart_items(&mut conn, buyer.id).await?;
    let (lines, from_cart) = planned_lines(req, &cart)?;
    let ids: Vec<SkuId> = lines.iter().map(|l| l.sku).collect();
    let sell = sellable(&mut conn, &ids, buyer.locale).await?;
    let sellers = sell.values().flatten().map(|s| s.row.seller_id);
    let templates = templates_of(&mut conn, sellers).await?;
    let orders = plan(&lines, &sell, &templates, &recipient, from_cart)?;
    Ok(orders
        .iter()
        .map(|o| QuoteShop {
            seller_id: o.seller,
            store_name: o.store_name.clone(),
            subtotal: Money::new(o.subtotal, o.currency),
            shipping_fee: Money::new(o.fee, o.currency),
            discount: Money::zero(o.currency),
            total: Money::new(o.subtotal.saturating_add(o.fee), o.currency),
            item_count: o.lines.iter().map(|(l, _)| l.quantity).sum(),
        })
        .collect())
}

/// Places the orders: one per shop, stock reserved for every line in the same transaction
/// (a SKU is never sold beyond its stock), one payment per currency, the payment deadline
/// queued for the worker. Then opens a hosted payment session per payment.
pub async fn checkout(
    app: &App,
    buyer: &CurrentBuyer,
    req: &CheckoutRequest,
) -> Result<CheckoutResult> {
    if req
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE)
    {
        return Err(AppError::invalid(
            "note",
            "too-long",
            format!("Keep the note under {MAX_NOTE} characters"),
        ));
    }
    let key = req
        .client_key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255);
    let now = app.now();
    let policy = app.settings.order_policy;
    let hash = req.request_hash.as_deref();
    let mut tx = app.db.begin().await?;
    if let Some(key) = key
        && let Some(existing) = repo::checkout_by_key(&mut tx, buyer.id, key).await?
    {
        return replay(app, tx, existing, hash).await;
    }
    let recipient = checkout_address(app, &mut tx, buyer, req).await?;
    let cart = repo::cart_items(&mut tx, buyer.id).await?;
    let (lines, from_cart) = planned_lines(req, &cart)?;
    let ids: Vec<SkuId> = lines.iter().map(|l| l.sku).collect();
    let sell = sellable(&mut tx, &ids, buyer.locale).await?;
    let mut lines = lines;
    for l in &mut lines {
        if let Some(s) = sell.get(&l.sku).and_then(Option::as_ref) {
            l.source = verified(&mut tx, l.source.take(), s.row.product_id).await?;
        }
    }
    let sellers = sell.values().flatten().map(|s| s.row.seller_id);
    let templates = templates_of(&mut tx, sellers).await?;
    let planned = plan(&lines, &sell, &templates, &recipient, from_cart)?;

    let checkout_id: CheckoutId = app.new_id();
    let count = i64::try_from(planned.len()).unwrap_or(i64::MAX);
    if let Err(e) =
        repo::insert_checkout(&mut tx, checkout_id, buyer.id, count, key, hash, now).await
    {
        return match (e, key) {
            // A request with the same key committed first (PostgreSQL holds this insert until
            // it does): answer with its checkout.
            (StoreError::Conflict { .. }, Some(key)) => {
                drop(tx);
                let mut tx = app.db.begin().await?;
                let existing = repo::checkout_by_key(&mut tx, buyer.id, key)
                    .await?
                    .ok_or(AppError::NotFound("checkout"))?;
                replay(app, tx, existing, hash).await
            }
            (e, _) => Err(e.into()),
        };
    }
    let recipient_json = serde_json::to_string(&recipient).map_err(AppError::internal)?;
    let deadlines = policy.placed(now);
    let mut order_ids = Vec::new();
    let mut per_currency: BTreeMap<Currency, i64> = BTreeMap::new();
    for o in &planned {
        let order_id: OrderId = app.new_id();
        let source = o.lines.iter().find_map(|(l, _)| l.source.clone());
        let mut search = vec![
            order_id.to_string(),
            buyer.display_name.to_lowercase(),
            recipient.name.to_lowercase(),
        ];
        for (_, s) in &o.lines {
            search.push(s.row.seller_sku.to_lowercase());
            search.push(s.title.to_lowercase());
        }
        let total = o.subtotal.saturating_add(o.fee);
        let row = OrderRow {
            id: order_id,
            checkout_id,
            buyer_id: buyer.id,
            seller_id: o.seller,
            payment_id: None,
            status: OrderStatus::Unpaid,
            currency: o.currency,
            subtotal_minor: o.subtotal,
            discount_minor: 0,
            shipping_fee_minor: o.fee,
            total_minor: total,
            item_count: o.lines.iter().map(|(l, _)| l.quantity).sum(),
            weight_grams: o.weight,
            buyer_name: buyer.display_name.clone(),
            recipient: recipient_json.clone(),
            ship_country: recipient.country.clone(),
            ship_region: recipient.region.clone().unwrap_or_default(),
            buyer_note: req
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            search_text: search.join(" "),
            source_kind: source.as_ref().map(|s| s.kind.clone()),
            source_id: source.map(|s| s.id),
            created_at: now,
            pay_by: deadlines.pay_by,
            process_by: deadlines.process_by,
            paid_at: None,
            hold_until: None,
            ship_by: None,
            cancelled_at: None,
            cancelled_by: None,
            cancel_reason: None,
            cancel_note: None,
            updated_at: now,
            shipped_at: None,
            delivered_at: None,
            completed_at: None,
            complete_after: None,
            ship_late_at: None,
            reminders_sent: String::new(),
        };
        repo::insert_order(&mut tx, &row).await?;
        for (n, (l, s)) in o.lines.iter().enumerate() {
            let warehouse = reserve(app, &mut tx, s.row.seller_id, l, order_id).await?;
            let line_total = s.row.price_minor.saturating_mul(l.quantity);
            repo::insert_line(
                &mut tx,
                o.seller,
                &OrderLineRow {
                    order_id,
                    line_no: i64::try_from(n + 1).unwrap_or(i64::MAX),
                    product_id: s.row.product_id,
                    sku_id: s.row.sku_id,
                    warehouse_id: warehouse,
                    seller_sku: s.row.seller_sku.clone(),
                    title: s.title.clone(),
                    variant: s.row.variant.clone(),
                    image_id: s.image.clone(),
                    unit_price_minor: s.row.price_minor,
                    quantity: l.quantity,
                    discount_minor: 0,
                    total_minor: line_total,
                    source_kind: l.source.as_ref().map(|x| x.kind.clone()),
                    source_id: l.source.as_ref().map(|x| x.id.clone()),
                    cancelled_quantity: 0,
                    returned_quantity: 0,
                },
            )
            .await?;
        }
        order_event(
            app,
            &mut tx,
            order_id,
            None,
            OrderStatus::Unpaid,
            Party::Buyer,
            Some(buyer.id.to_string()),
            None,
            None,
        )
        .await?;
        *per_currency.entry(row.currency).or_default() += total;
        order_ids.push(order_id);
    }
    let mut payments = Vec::new();
    for (currency, amount) in per_currency {
        let id: PaymentId = app.new_id();
        let p = repo::PaymentRow {
            id,
            checkout_id,
            buyer_id: buyer.id,
            provider: app.payment.name().to_owned(),
            provider_ref: None,
            redirect_url: None,
            currency,
            amount_minor: amount,
            refunded_minor: 0,
            status: PaymentStatus::Pending,
            failure: None,
            created_at: now,
            paid_at: None,
        };
        repo::insert_payment(&mut tx, &p).await?;
        repo::set_order_payment(&mut tx, checkout_id, currency.code(), id).await?;
        payments.push(p);
    }
    // Checked out from the cart or bought now: the SKUs leave the cart either way.
    repo::remove_cart_items(&mut tx, buyer.id, &ids).await?;
    jobs::enqueue(
        app,
        &mut tx,
        EXPIRE_UNPAID,
        serde_json::json!({ "checkout_id": checkout_id }),
        deadlines.pay_by,
        Some(format!("{EXPIRE_UNPAID}:{checkout_id}")),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;

    let mut views = Vec::new();
    for p in payments {
        views.push(open_session(app, p).await?);
    }
    Ok(CheckoutResult {
        id: checkout_id,
        orders: order_ids,
        payments: views,
        replayed: false,
    })
}

/// Answers a checkout sent again with its key: the checkout placed the first time, read in a
/// write transaction so that on SQLite the answer waits until that checkout is durable.
async fn replay(
    app: &App,
    mut tx: shopdeck_store::Tx,
    (id, stored_hash): (CheckoutId, Option<String>),
    hash: Option<&str>,
) -> Result<CheckoutResult> {
    if let (Some(stored), Some(sent)) = (stored_hash.as_deref(), hash)
        && stored != sent
    {
        return Err(AppError::KeyReused);
    }
    let orders = repo::orders_of_checkout(&mut tx, id).await?;
    let payments = repo::payments_of_checkout(&mut tx, id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    // A process that died between the checkout's commit and opening its payment session left
    // a pending payment without a hosted page: open it now.
    let mut views = Vec::new();
    for p in payments {
        views.push(
            if p.status == PaymentStatus::Pending && p.redirect_url.is_none() {
                open_session(app, p).await?
            } else {
                payment_view(&p)
            },
        );
    }
    Ok(CheckoutResult {
        id,
        orders: orders.iter().map(|o| o.id).collect(),
        payments: views,
        replayed: true,
    })
}

/// Reserves a line's units in the first warehouse (default first) that has them all.
async fn reserve(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
    line: &PlannedLine,
    order: OrderId,
) -> Result<shopdeck_domain::ids::WarehouseId> {
    let mut levels = stock_repo::levels_of(conn, &[line.sku]).await?;
    let warehouses = stock_repo::list_warehouses(conn, seller).await?;
    let rank = |w| {
        warehouses
            .iter()
            .position(|x| x.id == w)
            .unwrap_or(usize::MAX)
    };
    levels.sort_by_key(|l| rank(l.warehouse_id));
    let reference = order.to_string();
    let mover = Mover::system();
    for level in levels.iter().filter(|l| l.available() >= line.quantity) {
        let change = Change {
            seller,
            sku: line.sku,
            warehouse: level.warehouse_id,
            kind: MovementKind::Reserve,
            quantity: line.quantity,
            reason: shopdeck_domain::orders::StockReason::OrderPlaced.as_str(),
            reference: Some(&reference),
            mover: &mover,
        };
        match inventory::apply(app, conn, &change).await {
            Ok(_) => return Ok(level.warehouse_id),
            Err(AppError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::refused(
        Refusal::OutOfStock,
        format!(
            "not enough stock left for {} (another buyer was faster)",
            line.sku
        ),
    ))
}

#[expect(
    clippy::too_many_arguments,
    reason = "one timeline row, field by field"
)]
pub(crate) async fn order_event(
    app: &App,
    conn: &mut Conn,
    order: OrderId,
    from: Option<OrderStatus>,
    to: OrderStatus,
    party: Party,
    actor: Option<String>,
    reason: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    let id: shopdeck_domain::ids::AuditId = app.new_id();
    repo::insert_event(
        conn,
        &repo::OrderEventRow {
            id: format!("oev_{}", id.to_string().trim_start_matches("aud_")),
            order_id: order,
            at: app.now(),
            from_status: from,
            to_status: to,
            party,
            actor_id: actor,
            reason: reason.map(str::to_owned),
            note: note.map(str::to_owned),
        },
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Payments

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub id: PaymentId,
    pub status: String,
    pub provider: String,
    pub amount: Money,
    pub refunded: Money,
    /// The hosted page to send the buyer to, while the payment is open.
    pub redirect_url: Option<String>,
    pub failure: Option<String>,
    pub paid_at: Option<Timestamp>,
}

fn payment_view(p: &repo::PaymentRow) -> PaymentView {
    let currency = p.currency;
    PaymentView {
        id: p.id,
        status: p.status.as_str().to_owned(),
        provider: p.provider.clone(),
        amount: Money::new(p.amount_minor, currency),
        refunded: Money::new(p.refunded_minor, currency),
        redirect_url: if matches!(p.status, PaymentStatus::Pending | PaymentStatus::Failed) {
            p.redirect_url.clone()
        } else {
            None
        },
        failure: p.failure.clone(),
        paid_at: p.paid_at,
    }
}

async fn open_session(app: &App, mut p: repo::PaymentRow) -> Result<PaymentView> {
    let base = app.settings.public_url.trim_end_matches('/');
    let req = SessionRequest {
        payment_id: p.id,
        amount_minor: p.amount_minor,
        currency: p.currency,
        description: format!("Shopdeck checkout {}", p.checkout_id),
        return_url: format!("{base}/checkout/{}", p.checkout_id),
        callback_url: format!("{base}/api/v1/payments/{}/callbacks", app.payment.name()),
    };
    match app.payment.create_session(app, &req).await {
        Ok(session) => {
            let mut tx = app.db.begin().await?;
            repo::set_payment_session(
                &mut tx,
                p.id,
                &session.provider_ref,
                &session.redirect_url,
                app.now(),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            p.provider_ref = Some(session.provider_ref);
            p.redirect_url = Some(session.redirect_url);
        }
        // The orders stand; the buyer can start paying again from the order page.
        Err(e) => tracing::warn!(payment = %p.id, error = %e, "payment session not opened"),
    }
    Ok(payment_view(&p))
}

/// Starts (again) paying for a payment whose orders are still unpaid: a fresh hosted session
/// after a decline, or when the buyer chose to pay later.
pub async fn pay(app: &App, buyer: &CurrentBuyer, payment: PaymentId) -> Result<PaymentView> {
    let mut tx = app.db.begin().await?;
    let p = repo::find_payment(&mut tx, buyer.id, payment)
        .await?
        .ok_or(AppError::NotFound("payment"))?;
    if p.status == PaymentStatus::Paid {
        return Err(AppError::refused(
            Refusal::AlreadyPaid,
            "this payment is already paid",
        ));
    }
    let orders = repo::orders_of_payment(&mut tx, p.id).await?;
    if !orders.iter().any(|o| o.status == OrderStatus::Unpaid) {
        return Err(AppError::refused(
            Refusal::PaymentClosed,
            "these orders can no longer be paid",
        ));
    }
    if p.status == PaymentStatus::Failed {
        repo::set_payment_status(
            &mut tx,
            p.id,
            PaymentStatus::Failed,
            PaymentStatus::Pending,
            None,
            app.now(),
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    open_session(app, p).await
}

/// What Shopdeck did with a verified callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackResult {
    Applied,
    /// The same provider event came before; nothing changed.
    Duplicate,
}

/// Applies a provider's callback: verified signature and age, the amount checked, each
/// provider event once. A payment that lands on orders already cancelled is refunded.
pub async fn payment_callback(
    app: &App,
    provider: &str,
    signature: Option<&str>,
    body: &[u8],
) -> Result<CallbackResult> {
    if provider != app.payment.name() {
        return Err(AppError::NotFound("payment provider"));
    }
    let event = app
        .payment
        .verify_callback(signature, body, app.now())
        .map_err(|refusal| {
            tracing::warn!(%provider, %refusal, "payment callback refused");
            AppError::BadSignature
        })?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let p = repo::payment_by_ref(&mut tx, provider, &event.provider_ref)
        .await?
        .ok_or(AppError::NotFound("payment"))?;
    if p.amount_minor != event.amount_minor || p.currency.code() != event.currency {
        return Err(AppError::invalid(
            "amount_minor",
            "amount-mismatch",
            "The amount does not match the payment",
        ));
    }
    let kind = match event.outcome {
        Outcome::Succeeded => "succeeded",
        Outcome::Failed => "failed",
    };
    if !repo::record_payment_event(&mut tx, provider, &event.event_id, p.id, kind, now).await? {
        return Ok(CallbackResult::Duplicate);
    }
    match event.outcome {
        Outcome::Failed => {
            repo::set_payment_status(
                &mut tx,
                p.id,
                PaymentStatus::Pending,
                PaymentStatus::Failed,
                event.reason.as_deref().or(Some("declined")),
                now,
            )
            .await?;
        }
        Outcome::Succeeded => {
            let paid = PaymentStatus::Paid;
            let moved =
                repo::set_payment_status(&mut tx, p.id, PaymentStatus::Pending, paid, None, now)
                    .await?
                    || repo::set_payment_status(
                        &mut tx,
                        p.id,
                        PaymentStatus::Failed,
                        paid,
                        None,
                        now,
                    )
                    .await?;
            if moved {
                for order in repo::orders_of_payment(&mut tx, p.id).await? {
                    confirm_paid(app, &mut tx, &order, now).await?;
                }
            }
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(CallbackResult::Applied)
}

async fn confirm_paid(app: &App, conn: &mut Conn, order: &OrderRow, now: Timestamp) -> Result<()> {
    let status = order.status;
    if status == OrderStatus::Cancelled {
        // Paid after its payment time ran out: the money goes back.
        refund_order(
            app,
            conn,
            order,
            shopdeck_domain::orders::TimelineReason::PaidAfterCancellation.as_str(),
        )
        .await?;
        return Ok(());
    }
    let hold_minutes = repo::hold_minutes(conn, order.seller_id).await?;
    let hold = (hold_minutes > 0).then(|| SignedDuration::from_mins(hold_minutes));
    let to = status.apply(OrderAction::Pay {
        hold: hold.is_some(),
    });
    let Ok(to) = to else {
        return Ok(()); // already paid
    };
    let d = app.settings.order_policy.paid(now, hold);
    if !repo::mark_paid(conn, order.id, to.as_str(), now, d.hold_until, d.ship_by).await? {
        return Ok(());
    }
    order_event(
        app,
        conn,
        order.id,
        Some(status),
        to,
        Party::System,
        None,
        Some(shopdeck_domain::orders::TimelineReason::PaymentConfirmed.as_str()),
        None,
    )
    .await?;
    crate::deadlines::schedule(app, conn, order.id, d.ship_by).await?;
    crate::inbox::order_paid(app, conn, order).await?;
    if let Some(until) = d.hold_until {
        jobs::enqueue(
            app,
            conn,
            RELEASE_HOLD,
            serde_json::json!({ "order_id": order.id }),
            until,
            Some(format!("{RELEASE_HOLD}:{}", order.id)),
        )
        .await?;
    }
    Ok(())
}

/// Refunds what was paid for one order and not refunded yet, through the worker.
pub(crate) async fn refund_order(
    app: &App,
    conn: &mut Conn,
    order: &OrderRow,
    reason: &str,
) -> Result<Option<(RefundId, i64)>> {
    let already = refunded_so_far(conn, order.id).await?;
    refund_part(app, conn, order, order.total_minor - already, reason).await
}

/// What has been refunded of an order so far.
pub(crate) async fn refunded_so_far(conn: &mut Conn, order: OrderId) -> Result<i64> {
    Ok(repo::refunds_of(conn, order)
        .await?
        .iter()
        .map(|r| r.amount_minor)
        .sum())
}

/// Refunds `amount` of an order's payment, through the worker; nothing when the order was
/// not paid or the amount is not positive. Refuses to refund more than was paid.
pub(crate) async fn refund_part(
    app: &App,
    conn: &mut Conn,
    order: &OrderRow,
    amount: i64,
    reason: &str,
) -> Result<Option<(RefundId, i64)>> {
    let Some(payment) = order.payment_id else {
        return Ok(None);
    };
    let Some(p) = repo::find_payment(conn, order.buyer_id, payment).await? else {
        return Ok(None);
    };
    if p.status != PaymentStatus::Paid || amount <= 0 {
        return Ok(None);
    }
    if amount > order.total_minor - refunded_so_far(conn, order.id).await? {
        return Err(AppError::refused(
            Refusal::RefundExceedsPaid,
            "the refund would exceed what was paid for the order",
        ));
    }
    if !repo::add_refunded(conn, payment, amount, app.now()).await? {
        return Err(AppError::refused(
            Refusal::RefundExceedsPaid,
            "the refund would exceed what was paid",
        ));
    }
    let id: RefundId = app.new_id();
    repo::insert_refund(
        conn,
        &repo::RefundRow {
            id,
            payment_id: payment,
            order_id: order.id,
            currency: order.currency,
            amount_minor: amount,
            status: RefundStatus::Pending,
            provider_ref: None,
            reason: reason.to_owned(),
            created_at: app.now(),
            updated_at: app.now(),
        },
    )
    .await?;
    jobs::enqueue(
        app,
        conn,
        crate::payments::REFUND,
        serde_json::json!({ "refund_id": id }),
        app.now(),
        Some(format!("{}:{id}", crate::payments::REFUND)),
    )
    .await?;
    Ok(Some((id, amount)))
}

// ---------------------------------------------------------------------------------------
// Cancelling

pub(crate) struct Canceller<'a> {
    pub party: Party,
    pub actor: Option<String>,
    pub reason: CancelReason,
    pub note: Option<&'a str>,
}

/// Cancels an order on the caller's transaction: the transition is checked, stock released,
/// a paid order refunded, the timeline written.
pub(crate) async fn cancel_in(
    app: &App,
    conn: &mut Conn,
    order: &OrderRow,
    c: &Canceller<'_>,
) -> Result<()> {
    let from = order.status;
    from.apply(OrderAction::Cancel(c.party))
        .map_err(|e| AppError::refused(Refusal::OrderState, e.to_string()))?;
    let done = repo::mark_cancelled(
        conn,
        order.id,
        from.as_str(),
        &repo::Cancellation {
            by: c.party.as_str(),
            reason: c.reason.as_str(),
            note: c.note,
            at: app.now(),
        },
    )
    .await?;
    if !done {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the order changed meanwhile; reload it",
        ));
    }
    move_order_stock(
        app,
        conn,
        order,
        MovementKind::Release,
        shopdeck_domain::orders::StockReason::OrderCancelled.as_str(),
    )
    .await?;
    order_event(
        app,
        conn,
        order.id,
        Some(from),
        OrderStatus::Cancelled,
        c.party,
        c.actor.clone(),
        Some(c.reason.as_str()),
        c.note,
    )
    .await?;
    let refund = if order.paid_at.is_some() {
        refund_order(app, conn, order, c.reason.as_str()).await?
    } else {
        None
    };
    // A buyer's request still waiting is granted with the cancellation.
    shopdeck_store::cancellations::grant_pending(conn, order.id, refund, app.now()).await?;
    crate::inbox::order_cancelled(app, conn, order, c.party).await?;
    Ok(())
}

/// Moves the stock of an order's units not cancelled yet (units cancelled earlier were
/// released then): `Release` when the order is cancelled, `Ship` when it leaves the shelf.
pub(crate) async fn move_order_stock(
    app: &App,
    conn: &mut Conn,
    order: &OrderRow,
    kind: MovementKind,
    reason: &str,
) -> Result<()> {
    let reference = order.id.to_string();
    let mover = Mover::system();
    for line in repo::lines_of(conn, &[order.id]).await? {
        let remaining = line.quantity - line.cancelled_quantity;
        if remaining <= 0 {
            continue;
        }
        inventory::apply(
            app,
            conn,
            &Change {
                seller: order.seller_id,
                sku: line.sku_id,
                warehouse: line.warehouse_id,
                kind,
                quantity: remaining,
                reason,
                reference: Some(&reference),
                mover: &mover,
            },
        )
        .await?;
    }
    Ok(())
}

pub(crate) fn check_note(note: Option<&str>) -> Result<Option<&str>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::invalid(
            "note",
            "too-long",
            format!("Keep the note under {MAX_NOTE} characters"),
        ));
    }
    Ok(note)
}

/// The seller cancels an order not yet shipped (e.g. out of stock): stock restored, payment
/// refunded through the provider.
pub async fn cancel_by_seller(
    app: &App,
    actor: &SellerActor,
    id: OrderId,
    reason: CancelReason,
    note: Option<&str>,
) -> Result<OrderDetail> {
    actor.require(Area::Orders, Access::Edit)?;
    if !CancelReason::SELLER.contains(&reason) {
        return Err(AppError::invalid(
            "reason",
            "unknown-reason",
            "Choose one of the listed reasons",
        ));
    }
    let note = check_note(note)?;
    if reason == CancelReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Say why you cancel the order",
        ));
    }
    let mut tx = app.db.begin().await?;
    let order = repo::find_order(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    cancel_in(
        app,
        &mut tx,
        &order,
        &Canceller {
            party: Party::Seller,
            actor: Some(actor.user_id.to_string()),
            reason,
            note,
        },
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "order.cancelled",
        Some(&id.to_string()),
        serde_json::json!({ "reason": reason.as_str() }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    detail_for_seller(app, actor, id).await
}

// ---------------------------------------------------------------------------------------
// Timers run by the worker

/// Cancels a checkout's orders whose payment time is up, releasing their stock.
pub struct ExpireUnpaid;

#[async_trait::async_trait]
impl JobHandler for ExpireUnpaid {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: CheckoutId = job.payload["checkout_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("expiry job without checkout_id".into()))?;
        let mut tx = app.db.begin().await?;
        for order in repo::orders_of_checkout(&mut tx, id).await? {
            if order.status == OrderStatus::Unpaid && order.pay_by <= app.now() {
                cancel_in(
                    app,
                    &mut tx,
                    &order,
                    &Canceller {
                        party: Party::System,
                        actor: None,
                        reason: CancelReason::PaymentTimeout,
                        note: None,
                    },
                )
                .await?;
            }
        }
        tx.commit().await.map_err(|e| JobError(e.to_string()))?;
        Ok(())
    }
}

/// Ends an order's remorse window.
pub struct ReleaseHold;

#[async_trait::async_trait]
impl JobHandler for ReleaseHold {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: OrderId = job.payload["order_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("hold job without order_id".into()))?;
        let mut tx = app.db.begin().await?;
        let Some(order) = repo::find_order_any(&mut tx, id).await? else {
            return Ok(());
        };
        if order.status != OrderStatus::OnHold {
            return Ok(());
        }
        if order.hold_until.is_some_and(|t| t > app.now()) {
            return Err(JobError("the hold has not ended yet".into()));
        }
        let to = OrderStatus::OnHold
            .apply(OrderAction::ReleaseHold)
            .map_err(|e| JobError(e.to_string()))?;
        if repo::set_status(
            &mut tx,
            id,
            OrderStatus::OnHold.as_str(),
            to.as_str(),
            app.now(),
        )
        .await
        .map_err(AppError::from)?
        {
            order_event(
                app,
                &mut tx,
                id,
                Some(OrderStatus::OnHold),
                to,
                Party::System,
                None,
                Some(shopdeck_domain::orders::TimelineReason::HoldEnded.as_str()),
                None,
            )
            .await?;
        }
        tx.commit().await.map_err(|e| JobError(e.to_string()))?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Reading orders

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineView {
    pub line_no: i64,
    pub product_id: ProductId,
    pub sku_id: SkuId,
    pub seller_sku: String,
    pub title: String,
    pub variant: String,
    pub variant_values: BTreeMap<String, String>,
    pub image_id: Option<String>,
    pub unit_price: Money,
    pub quantity: i64,
    pub discount: Money,
    pub total: Money,
    pub source: Option<Source>,
    /// Units cancelled while the rest of the order goes on.
    pub cancelled_quantity: i64,
    /// Units refunded after delivery.
    pub returned_quantity: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadlines {
    /// Cancelled automatically if not paid by then.
    pub pay_by: Option<Timestamp>,
    /// Arrange shipment by then (72 h after the order by default).
    pub process_by: Timestamp,
    /// Mark shipped by then (120 h after payment by default).
    pub ship_by: Option<Timestamp>,
    /// The buyer may cancel freely until then.
    pub hold_until: Option<Timestamp>,
    /// Handed to the carrier.
    pub shipped_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    /// The after-sale window closes then and the order completes.
    pub complete_after: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// When the shipping deadline passed with nothing shipped.
    pub ship_late_at: Option<Timestamp>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cancellation {
    pub by: String,
    pub reason: String,
    pub note: Option<String>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub id: OrderId,
    pub checkout_id: CheckoutId,
    pub status: OrderStatus,
    pub seller_id: SellerId,
    pub store_name: String,
    pub buyer_name: String,
    pub currency: String,
    pub subtotal: Money,
    pub discount: Money,
    pub shipping_fee: Money,
    pub total: Money,
    pub item_count: i64,
    pub lines: Vec<LineView>,
    pub created_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub deadlines: Deadlines,
    pub source: Option<Source>,
    pub cancellation: Option<Cancellation>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub from: Option<String>,
    pub to: String,
    pub by: String,
    pub reason: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundView {
    pub id: RefundId,
    pub amount: Money,
    pub status: String,
    pub reason: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderDetail {
    #[serde(flatten)]
    pub summary: OrderSummary,
    /// Hidden from the seller while the order is unpaid or on hold.
    pub recipient: Option<Recipient>,
    pub buyer_note: Option<String>,
    pub payment: Option<PaymentView>,
    pub refunds: Vec<RefundView>,
    pub timeline: Vec<TimelineEntry>,
    /// The parcels the order ships in, with their tracking.
    pub packages: Vec<crate::fulfilment::PackageView>,
    /// Cancellation requests and partial cancellations, oldest first.
    pub cancellations: Vec<crate::cancellations::CancellationView>,
    /// Returns and refund requests after delivery, oldest first.
    pub returns: Vec<crate::returns::ReturnView>,
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(minor, currency)
}

fn line_view(l: &OrderLineRow, currency: Currency) -> LineView {
    LineView {
        line_no: l.line_no,
        product_id: l.product_id,
        sku_id: l.sku_id,
        seller_sku: l.seller_sku.clone(),
        title: l.title.clone(),
        variant: variant_text(&l.variant),
        variant_values: variant_values(&l.variant),
        image_id: l.image_id.clone(),
        unit_price: money(l.unit_price_minor, currency),
        quantity: l.quantity,
        discount: money(l.discount_minor, currency),
        total: money(l.total_minor, currency),
        source: Source::of(&l.source_kind, &l.source_id),
        cancelled_quantity: l.cancelled_quantity,
        returned_quantity: l.returned_quantity,
    }
}

fn summary(o: &OrderRow, lines: &[OrderLineRow], store_name: &str) -> Result<OrderSummary> {
    let status = o.status;
    let c = o.currency;
    Ok(OrderSummary {
        id: o.id,
        checkout_id: o.checkout_id,
        status,
        seller_id: o.seller_id,
        store_name: store_name.to_owned(),
        buyer_name: o.buyer_name.clone(),
        currency: o.currency.code().to_owned(),
        subtotal: money(o.subtotal_minor, c),
        discount: money(o.discount_minor, c),
        shipping_fee: money(o.shipping_fee_minor, c),
        total: money(o.total_minor, c),
        item_count: o.item_count,
        lines: lines
            .iter()
            .filter(|l| l.order_id == o.id)
            .map(|l| line_view(l, c))
            .collect(),
        created_at: o.created_at,
        paid_at: o.paid_at,
        deadlines: Deadlines {
            pay_by: (status == OrderStatus::Unpaid).then_some(o.pay_by),
            process_by: o.process_by,
            ship_by: o.ship_by,
            hold_until: o.hold_until,
            shipped_at: o.shipped_at,
            delivered_at: o.delivered_at,
            complete_after: o.complete_after,
            completed_at: o.completed_at,
            ship_late_at: o.ship_late_at,
        },
        source: Source::of(&o.source_kind, &o.source_id),
        cancellation: o.cancelled_at.map(|at| Cancellation {
            by: o
                .cancelled_by
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            reason: o
                .cancel_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            note: o.cancel_note.clone(),
            at,
        }),
    })
}

async fn store_names(
    conn: &mut Conn,
    sellers: impl Iterator<Item = SellerId>,
) -> Result<BTreeMap<SellerId, String>> {
    let mut out = BTreeMap::new();
    for s in sellers {
        if let std::collections::btree_map::Entry::Vacant(e) = out.entry(s) {
            let name = shopdeck_store::sellers::find_seller(conn, s)
                .await?
                .map(|r| r.store_name)
                .unwrap_or_default();
            e.insert(name);
        }
    }
    Ok(out)
}

async fn detail(app: &App, order: OrderRow, show_address: bool) -> Result<OrderDetail> {
    let mut conn = app.db.conn().await?;
    let lines = repo::lines_of(&mut conn, &[order.id]).await?;
    let names = store_names(&mut conn, std::iter::once(order.seller_id)).await?;
    let store = names.get(&order.seller_id).cloned().unwrap_or_default();
    let payment = match order.payment_id {
        Some(p) => repo::find_payment(&mut conn, order.buyer_id, p)
            .await?
            .map(|p| payment_view(&p)),
        None => None,
    };
    let refunds = repo::refunds_of(&mut conn, order.id)
        .await?
        .iter()
        .map(|r| RefundView {
            id: r.id,
            amount: money(r.amount_minor, r.currency),
            status: r.status.as_str().to_owned(),
            reason: r.reason.clone(),
            created_at: r.created_at,
        })
        .collect();
    let timeline = repo::events_of(&mut conn, order.id)
        .await?
        .into_iter()
        .map(|e| TimelineEntry {
            at: e.at,
            from: e.from_status.map(|s| s.as_str().to_owned()),
            to: e.to_status.as_str().to_owned(),
            by: e.party.as_str().to_owned(),
            reason: e.reason,
            note: e.note,
        })
        .collect();
    let recipient = if show_address {
        serde_json::from_str(&order.recipient).ok()
    } else {
        None
    };
    let packages = crate::fulfilment::packages_for(&mut conn, &[order.id]).await?;
    let cancellations = crate::cancellations::of_order(&mut conn, &order).await?;
    let returns = crate::returns::of_order(&mut conn, &order).await?;
    Ok(OrderDetail {
        summary: summary(&order, &lines, &store)?,
        recipient,
        buyer_note: order.buyer_note.clone(),
        payment,
        refunds,
        timeline,
        packages,
        cancellations,
        returns,
    })
}

pub async fn detail_for_seller(app: &App, actor: &SellerActor, id: OrderId) -> Result<OrderDetail> {
    actor.require(Area::Orders, Access::View)?;
    let mut conn = app.db.conn().await?;
    let order = repo::find_order(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    drop(conn);
    let show = order.status.shows_address();
    detail(app, order, show).await
}

pub async fn detail_for_buyer(app: &App, buyer: &CurrentBuyer, id: OrderId) -> Result<OrderDetail> {
    let mut conn = app.db.conn().await?;
    let order = repo::find_order(&mut conn, buyer.id, id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    drop(conn);
    detail(app, order, true).await
}

/// A checkout as the buyer sees it after paying (or not).
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutView {
    pub id: CheckoutId,
    pub orders: Vec<OrderSummary>,
    pub payments: Vec<PaymentView>,
}

pub async fn checkout_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    id: CheckoutId,
) -> Result<CheckoutView> {
    let mut conn = app.db.conn().await?;
    let orders = repo::orders_of_checkout(&mut conn, id).await?;
    if orders.is_empty() || orders.iter().any(|o| o.buyer_id != buyer.id) {
        return Err(AppError::NotFound("checkout"));
    }
    let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
    let lines = repo::lines_of(&mut conn, &ids).await?;
    let names = store_names(&mut conn, orders.iter().map(|o| o.seller_id)).await?;
    let payments = repo::payments_of_checkout(&mut conn, id).await?;
    Ok(CheckoutView {
        id,
        orders: orders
            .iter()
            .map(|o| summary(o, &lines, names.get(&o.seller_id).map_or("", |s| s)))
            .collect::<Result<_>>()?,
        payments: payments.iter().map(payment_view).collect(),
    })
}

/// A page of orders and the cursor to the next.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderPage {
    pub orders: Vec<OrderSummary>,
    pub next_cursor: Option<String>,
    /// Orders per tab under the same search and filters.
    pub counts: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListOrders {
    #[serde(default)]
    pub tab: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    /// Orders placed from this instant (RFC 3339) or day (YYYY-MM-DD, UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// … until before this instant or the end of this day.
    #[serde(default)]
    pub until: Option<String>,
    /// Only orders to ship whose deadline is within 24 hours (or passed).
    #[serde(default)]
    pub due_soon: Option<bool>,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
}

fn parse_when(field: &str, s: &str, end_of_day: bool) -> Result<Timestamp> {
    let s = s.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let date: jiff::civil::Date = s.parse().map_err(|_| {
        AppError::invalid(
            field,
            "bad-date",
            "Use a date (2026-03-02) or a time (2026-03-02T09:00:00Z)",
        )
    })?;
    let date = if end_of_day {
        date.tomorrow().map_err(AppError::internal)?
    } else {
        date
    };
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .map_err(AppError::internal)
}

/// An export's range from two dates or instants: the `until` day is included.
pub fn export_range(from: &str, until: &str) -> Result<(Timestamp, Timestamp)> {
    Ok((
        parse_when("from", from, false)?,
        parse_when("until", until, true)?,
    ))
}

fn encode_cursor(o: &OrderRow, by_deadline: bool) -> String {
    let at = if by_deadline {
        o.process_by
    } else {
        o.created_at
    };
    format!("{}.{}", at.as_microsecond(), o.id)
}

fn decode_cursor(s: &str) -> Result<(Timestamp, OrderId)> {
    let bad = || AppError::invalid("cursor", "bad-cursor", "This cursor is not valid");
    let (at, id) = s.split_once('.').ok_or_else(bad)?;
    let at = at
        .parse::<i64>()
        .ok()
        .and_then(|us| Timestamp::from_microsecond(us).ok())
        .ok_or_else(bad)?;
    let id = id.parse().map_err(|_| bad())?;
    Ok((at, id))
}

fn filter_of(app: &App, q: &ListOrders) -> Result<OrderFilter> {
    let mut f = OrderFilter {
        limit: AppError::page_size("limit", q.limit, 20, 100)?,
        ..OrderFilter::default()
    };
    if let Some(status) = q.status.as_deref().filter(|s| !s.is_empty()) {
        let s = OrderStatus::parse(status)
            .ok_or_else(|| AppError::invalid("status", "unknown-status", "Not an order status"))?;
        f.statuses = vec![s];
    } else if let Some(tab) = q.tab.as_deref().filter(|s| !s.is_empty()) {
        let t = OrderTab::parse(tab)
            .ok_or_else(|| AppError::invalid("tab", "unknown-tab", "Not an order tab"))?;
        if t != OrderTab::All {
            f.statuses = t.statuses().to_vec();
        }
        // What must ship soonest comes first.
        f.by_deadline = t == OrderTab::ToShip;
    }
    f.query =
        q.q.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    if let Some(from) = q.from.as_deref().filter(|s| !s.trim().is_empty()) {
        f.created_from = Some(parse_when("from", from, false)?);
    }
    if let Some(until) = q.until.as_deref().filter(|s| !s.trim().is_empty()) {
        f.created_until = Some(parse_when("until", until, true)?);
    }
    if q.due_soon == Some(true) {
        f.due_before = app.now().checked_add(SignedDuration::from_hours(24)).ok();
    }
    if let Some(c) = q.cursor.as_deref().filter(|s| !s.is_empty()) {
        f.before = Some(decode_cursor(c)?);
    }
    Ok(f)
}

async fn page(app: &App, f: &OrderFilter, with_counts: bool) -> Result<OrderPage> {
    let mut conn = app.db.conn().await?;
    let mut rows = repo::list_orders(
        &mut conn,
        &OrderFilter {
            limit: f.limit + 1,
            ..f.clone()
        },
    )
    .await?;
    let more = rows.len() > usize::try_from(f.limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(f.limit).unwrap_or(usize::MAX));
    let next_cursor = if more {
        rows.last().map(|o| encode_cursor(o, f.by_deadline))
    } else {
        None
    };
    let ids: Vec<OrderId> = rows.iter().map(|o| o.id).collect();
    let lines = repo::lines_of(&mut conn, &ids).await?;
    let names = store_names(&mut conn, rows.iter().map(|o| o.seller_id)).await?;
    let orders = rows
        .iter()
        .map(|o| summary(o, &lines, names.get(&o.seller_id).map_or("", |s| s)))
        .collect::<Result<_>>()?;
    let mut counts = BTreeMap::new();
    if with_counts {
        let by_status = repo::count_by_status(&mut conn, f).await?;
        for tab in OrderTab::ALL {
            let n: i64 = by_status
                .iter()
                .filter(|(s, _)| tab.statuses().contains(s))
                .map(|(_, n)| n)
                .sum();
            counts.insert(tab.as_str().to_owned(), n);
        }
    }
    Ok(OrderPage {
        orders,
        next_cursor,
        counts,
    })
}

/// The shop's orders: tabs with counts, search, date and deadline filters, cursor pages.
pub async fn list_for_seller(app: &App, actor: &SellerActor, q: &ListOrders) -> Result<OrderPage> {
    actor.require(Area::Orders, Access::View)?;
    let mut f = filter_of(app, q)?;
    f.seller = Some(actor.seller_id);
    page(app, &f, true).await
}

pub async fn list_for_buyer(app: &App, buyer: &CurrentBuyer, q: &ListOrders) -> Result<OrderPage> {
    let mut f = filter_of(app, q)?;
    f.buyer = Some(buyer.id);
    page(app, &f, false).await
}

/// The counts behind the seller home's order to-dos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HomeCounts {
    /// Orders in the To ship tab.
    pub to_ship: i64,
    /// Of those, the ones whose processing or shipping deadline is within 24 hours or passed
    /// (the list's `due_soon` filter).
    pub due_soon: i64,
    /// Orders awaiting payment (the Unpaid tab).
    pub unpaid: i64,
}

/// The seller home's order counts, each the count of the list its to-do links to.
pub async fn home_counts(app: &App, seller: SellerId) -> Result<HomeCounts> {
    let mut conn = app.db.conn().await?;
    let in_tab = |counts: &[(OrderStatus, i64)], tab: OrderTab| -> i64 {
        counts
            .iter()
            .filter(|(s, _)| tab.statuses().contains(s))
            .map(|(_, n)| n)
            .sum()
    };
    let all = repo::count_by_status(
        &mut conn,
        &OrderFilter {
            seller: Some(seller),
            ..OrderFilter::default()
        },
    )
    .await?;
    let due = repo::count_by_status(
        &mut conn,
        &OrderFilter {
            seller: Some(seller),
            due_before: app.now().checked_add(SignedDuration::from_hours(24)).ok(),
            ..OrderFilter::default()
        },
    )
    .await?;
    Ok(HomeCounts {
        to_ship: in_tab(&all, OrderTab::ToShip),
        due_soon: in_tab(&due, OrderTab::ToShip),
        unpaid: in_tab(&all, OrderTab::Unpaid),
    })
}

// ---------------------------------------------------------------------------------------
// Shipping settings

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateView {
    pub id: ShippingTemplateId,
    pub name: String,
    pub is_default: bool,
    #[serde(flatten)]
    pub template: ShippingTemplate,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingSettings {
    pub templates: Vec<TemplateView>,
    /// Minutes of the buyer-remorse window after payment (0 = off).
    pub hold_minutes: i64,
}

pub async fn shipping_settings(app: &App, actor: &SellerActor) -> Result<ShippingSettings> {
    actor.require(Area::Shipping, Access::View)?;
    let mut conn = app.db.conn().await?;
    let rows = repo::list_templates(&mut conn, actor.seller_id).await?;
    Ok(ShippingSettings {
        templates: rows
            .iter()
            .filter_map(|r| {
                Some(TemplateView {
                    id: r.id,
                    name: r.name.clone(),
                    is_default: r.is_default,
                    template: template_of(r)?,
                })
            })
            .collect(),
        hold_minutes: repo::hold_minutes(&mut conn, actor.seller_id).await?,
    })
}

#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInput {
    pub name: String,
    #[serde(flatten)]
    pub template: ShippingTemplate,
    #[serde(default)]
    pub is_default: Option<bool>,
}

/// Creates (`id` none) or replaces a shipping template.
pub async fn save_template(
    app: &App,
    actor: &SellerActor,
    id: Option<ShippingTemplateId>,
    input: &TemplateInput,
) -> Result<TemplateView> {
    actor.require(Area::Shipping, Access::Edit)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::invalid(
            "name",
            "length",
            "Give the template a name of up to 60 characters",
        ));
    }
    input.template.validate().map_err(|e| {
        let field = match e {
            shopdeck_domain::orders::ShippingError::Threshold => "free_above_minor",
            _ => "rules",
        };
        AppError::invalid(field, "invalid-template", e.to_string())
    })?;
    let mut tx = app.db.begin().await?;
    let existing = repo::list_templates(&mut tx, actor.seller_id).await?;
    let id = match id {
        Some(id) => {
            if repo::template_owner(&mut tx, id).await? != Some(actor.seller_id) {
                return Err(AppError::NotFound("shipping template"));
            }
            id
        }
        None => app.new_id(),
    };
    let is_default =
        input.is_default.unwrap_or(existing.is_empty()) || existing.iter().all(|t| t.id == id);
    let row = repo::TemplateRow {
        id,
        name: name.to_owned(),
        rules: serde_json::to_string(&input.template.rules).map_err(AppError::internal)?,
        free_above_minor: input.template.free_above_minor,
        is_default,
    };
    repo::save_template(&mut tx, actor.seller_id, &row, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "shipping.template_saved",
        Some(&id.to_string()),
        serde_json::json!({ "name": name }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(TemplateView {
        id,
        name: row.name,
        is_default,
        template: input.template.clone(),
    })
}

pub async fn delete_template(app: &App, actor: &SellerActor, id: ShippingTemplateId) -> Result<()> {
    actor.require(Area::Shipping, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    if !repo::delete_template(&mut tx, actor.seller_id, id).await? {
        return Err(AppError::NotFound("shipping template"));
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Turns the buyer-remorse window on (minutes, up to a day) or off (0).
pub async fn set_hold_minutes(app: &App, actor: &SellerActor, minutes: i64) -> Result<()> {
    actor.require(Area::Orders, Access::Edit)?;
    if !(0..=1440).contains(&minutes) {
        return Err(AppError::invalid(
            "hold_minutes",
            "range",
            "Use 0 (off) to 1440 minutes",
        ));
    }
    let mut tx = app.db.begin().await?;
    repo::set_hold_minutes(&mut tx, actor.seller_id, minutes).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
