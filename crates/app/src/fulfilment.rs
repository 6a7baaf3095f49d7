//! Shipping orders: packages, the seller's own carrier or platform logistics, tracking events,
//! the order status that follows the packages, shipping documents, bulk shipping, and the
//! after-sale window that completes delivered orders.
//!
//! A package carries one order or several orders of one buyer to one address (combined).
//! Two ways to ship, chosen per package (`domain::fulfilment::ShippingMode`):
//!
//! - **the seller's own carrier**: the seller picks the carrier and enters the tracking number
//!   (checked per carrier where the format is known). The parcel is with the carrier at once:
//!   the package is FULFILLING and the orders IN_TRANSIT. The seller confirms delivery later,
//!   with a photo or PDF as proof when the platform asks for one, or reports a failed attempt.
//! - **platform logistics**: Shopdeck books the shipment through a [`LogisticsProvider`],
//!   which returns a tracking number; the package is PROCESSING and the orders
//!   AWAITING_COLLECTION until the carrier's first scan. Tracking events come back as signed
//!   callbacks (`tracking_callback`), applied once each. The built-in sandbox carrier books
//!   at once and moves the parcel collected → in transit → out for delivery → delivered (or
//!   failed delivery) on a schedule, through the same signed callbacks.
//!
//! Order status is derived from the packages (`order_status_for_packages`) after every
//! package change. A delivered order completes through the worker when the after-sale window
//! closes (15 days by default, per shop country).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use object_store::path::Path as FilePath;
use shopdeck_domain::Locale;
use shopdeck_domain::fulfilment::{
    Carrier, DeliveryFailure, PackageAction, PackageStatus, ShippingMode, order_status_for_packages,
};
use shopdeck_domain::ids::{OrderId, PackageId, SandboxShipmentId, SellerId, TrackingEventId};
use shopdeck_domain::orders::{OrderAction, OrderStatus, Party};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_files::pdf;
use shopdeck_store::fulfilment::{self as repo, PackageRow, Stamp, TrackingEventRow};
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders::{self as order_repo, OrderRow};
use shopdeck_store::{Conn, StoreError};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::buyers::CurrentBuyer;
use crate::cancellations::LineUnits;
use crate::inventory::MovementKind;
use crate::jobs::{self, JobError, JobHandler};
use crate::orders::{Recipient, order_event};
use crate::payments::{CallbackRefusal, sign, verify_signature};
use crate::{App, AppError, Refusal, Result};

/// Job: complete a delivered order when its after-sale window has closed.
pub const COMPLETE_ORDER: &str = "orders.complete";
/// The built-in sandbox carrier's name, as stored on packages and used in its callback path.
pub const SANDBOX_CARRIER: &str = "sandbox";
/// Most orders in one bulk shipment request.
pub const MAX_BULK: usize = 600;
/// Most orders combined into one package.
pub const MAX_COMBINED: usize = 20;
/// Largest proof-of-delivery file.
pub const MAX_PROOF_BYTES: usize = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Logistics providers

/// What Shopdeck asks a logistics provider to book.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    pub package_id: PackageId,
    pub weight_grams: i64,
    pub ship_to: Recipient,
    /// Where the provider sends tracking events.
    pub callback_url: String,
}

/// A booked shipment.
#[derive(Debug, Clone)]
pub struct Booking {
    /// The provider's id of the shipment; tracking callbacks name it.
    pub provider_ref: String,
    pub tracking_number: String,
    pub carrier_code: String,
    pub carrier_name: String,
    pub service: String,
}

/// A tracking event as a provider reports it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingUpdate {
    /// The provider's id of this event: the same id twice is one event.
    pub event_id: String,
    pub shipment_ref: String,
    pub code: TrackingCode,
    pub description: String,
    pub location: Option<String>,
    /// Unix seconds.
    pub occurred_at: i64,
    /// For `DELIVERY_FAILED`: one of DOMAIN's failure reasons.
    pub failure_reason: Option<String>,
}

/// What happened to a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TrackingCode {
    /// Tracking number entered by the seller (own carrier).
    Shipped,
    /// The carrier's first scan.
    Collected,
    InTransit,
    OutForDelivery,
    Delivered,
    DeliveryFailed,
}

impl TrackingCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            TrackingCode::Shipped => "SHIPPED",
            TrackingCode::Collected => "COLLECTED",
            TrackingCode::InTransit => "IN_TRANSIT",
            TrackingCode::OutForDelivery => "OUT_FOR_DELIVERY",
            TrackingCode::Delivered => "DELIVERED",
            TrackingCode::DeliveryFailed => "DELIVERY_FAILED",
        }
    }
}

/// A logistics provider: books shipments and reports tracking by signed callbacks.
///
/// `book` runs inside the caller's transaction (the sandbox writes its own records there);
/// a provider that calls a remote API should keep that call short or book asynchronously.
#[async_trait::async_trait]
pub trait LogisticsProvider: Send + Sync + std::fmt::Debug {
    fn name(&self) -> &'static str;
    async fn book(&self, app: &App, conn: &mut Conn, req: &BookingRequest) -> Result<Booking>;
    /// Checks a callback's signature and age and reads it.
    fn verify_callback(
        &self,
        signature: Option<&str>,
        body: &[u8],
        now: Timestamp,
    ) -> std::result::Result<TrackingUpdate, CallbackRefusal>;
}

/// The built-in sandbox carrier. It books at once, draws a tracking number, and schedules
/// its tracking events as signed callbacks the worker delivers: collected after one step,
/// in transit after two, out for delivery after 23 and delivered after 24 (a step is an hour
/// unless `sandbox_carrier_step` says otherwise). A recipient whose name contains
/// "fail delivery" gets a failed delivery attempt instead.
#[derive(Debug)]
pub struct SandboxCarrier {
    secret: String,
}

impl SandboxCarrier {
    pub fn new(secret: impl Into<String>) -> SandboxCarrier {
        SandboxCarrier {
            secret: secret.into(),
        }
    }
}

/// The sandbox's schedule: (steps after booking, event).
const SANDBOX_STEPS: [(i32, TrackingCode, &str, &str); 4] = [
    (
        1,
        TrackingCode::Collected,
        "Parcel collected from the seller",
        "Origin depot",
    ),
    (
        2,
        TrackingCode::InTransit,
        "Departed the sorting centre",
        "Sorting centre",
    ),
    (
        23,
        TrackingCode::OutForDelivery,
        "Out for delivery",
        "Local depot",
    ),
    (
        24,
        TrackingCode::Delivered,
        "Delivered",
        "Recipient's address",
    ),
];

#[async_trait::async_trait]
impl LogisticsProvider for SandboxCarrier {
    fn name(&self) -> &'static str {
        SANDBOX_CARRIER
    }

    async fn book(&self, app: &App, conn: &mut Conn, req: &BookingRequest) -> Result<Booking> {
        let id: SandboxShipmentId = app.new_id();
        let tracking = sandbox_tracking_number(app);
        let fails = req.ship_to.name.to_lowercase().contains("fail delivery");
        repo::insert_sandbox_shipment(
            conn,
            &repo::SandboxShipmentRow {
                id,
                merchant_ref: req.package_id.to_string(),
                tracking_number: tracking.clone(),
                callback_url: req.callback_url.clone(),
                fails,
                created_at: app.now(),
            },
        )
        .await?;
        let step = app.settings.sandbox_carrier_step;
        for (n, code, text, place) in SANDBOX_STEPS {
            let at = app.now() + step * n;
            let (code, text, failure) = if fails && code == TrackingCode::Delivered {
                (
                    TrackingCode::DeliveryFailed,
                    "Delivery attempt failed: nobody could receive the parcel",
                    Some(DeliveryFailure::UnableReceive.as_str().to_owned()),
                )
            } else {
                (code, text, None)
            };
            let event = TrackingUpdate {
                event_id: format!("{id}-{}", code.as_str()),
                shipment_ref: id.to_string(),
                code,
                description: text.to_owned(),
                location: Some(place.to_owned()),
                occurred_at: at.as_second(),
                failure_reason: failure,
            };
            jobs::enqueue(
                app,
                conn,
                crate::payments::SANDBOX_CALLBACK,
                serde_json::json!({ "url": req.callback_url, "event": event }),
                at,
                Some(format!("sandbox.tracking:{}", event.event_id)),
            )
            .await?;
        }
        Ok(Booking {
            provider_ref: id.to_string(),
            tracking_number: tracking,
            carrier_code: "SANDBOX".into(),
            carrier_name: "Shopdeck Sandbox Express".into(),
            service: "Standard".into(),
        })
    }

    fn verify_callback(
        &self,
        signature: Option<&str>,
        body: &[u8],
        now: Timestamp,
    ) -> std::result::Result<TrackingUpdate, CallbackRefusal> {
        verify_signature(&self.secret, signature, body, now)?;
        serde_json::from_slice(body).map_err(|_| CallbackRefusal::Malformed)
    }
}

/// "SDX" and 12 digits, the last a mod-10 check digit.
pub(crate) fn sandbox_tracking_number(app: &App) -> String {
    let id: PackageId = app.new_id();
    let digest = sign("sandbox-tracking", app.now(), id.to_string().as_bytes());
    let mut digits: Vec<u32> = digest
        .bytes()
        .rev()
        .filter(u8::is_ascii_hexdigit)
        .map(|b| u32::from(b) % 10)
        .take(11)
        .collect();
    digits.resize(11, 7);
    let check = (10 - digits.iter().sum::<u32>() % 10) % 10;
    digits.push(check);
    let body: String = digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect();
    format!("SDX{body}")
}

// ---------------------------------------------------------------------------------------
// Views

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingEventView {
    pub code: String,
    pub description: String,
    pub location: Option<String>,
    pub occurred_at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageView {
    pub id: PackageId,
    pub status: PackageStatus,
    pub mode: ShippingMode,
    pub carrier_code: String,
    pub carrier_name: String,
    pub service: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
    pub order_ids: Vec<OrderId>,
    /// The units inside when the package holds part of a split order; empty when it holds
    /// its orders whole.
    pub items: Vec<LineUnits>,
    pub weight_grams: i64,
    pub failure_reason: Option<String>,
    pub has_proof: bool,
    pub created_at: Timestamp,
    pub arranged_at: Option<Timestamp>,
    pub collected_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub events: Vec<TrackingEventView>,
}

fn corrupt(what: String) -> AppError {
    AppError::internal(StoreError::Corrupt(what))
}

/// The packages of these orders with their tracking, oldest first.
pub(crate) async fn packages_for(conn: &mut Conn, orders: &[OrderId]) -> Result<Vec<PackageView>> {
    let rows = repo::packages_of_orders(conn, orders).await?;
    let mut by_id: BTreeMap<PackageId, (PackageRow, Vec<OrderId>)> = BTreeMap::new();
    let mut order_of_ids = Vec::new();
    for (_, p) in rows {
        if !by_id.contains_key(&p.id) {
            order_of_ids.push(p.id);
        }
        by_id.entry(p.id).or_insert_with(|| (p, Vec::new()));
    }
    let mut items: BTreeMap<PackageId, Vec<LineUnits>> = BTreeMap::new();
    for id in &order_of_ids {
        let orders = repo::orders_of_package(conn, *id).await?;
        if let Some(entry) = by_id.get_mut(id) {
            entry.1 = orders;
        }
        let units = repo::lines_of_package(conn, *id).await?;
        items.insert(
            *id,
            units
                .into_iter()
                .map(|(_, line_no, quantity)| LineUnits { line_no, quantity })
                .collect(),
        );
    }
    let events = repo::tracking_events(conn, &order_of_ids).await?;
    let mut out = Vec::new();
    for id in order_of_ids {
        let Some((p, orders)) = by_id.remove(&id) else {
            continue;
        };
        let mut v = view_of(&p, orders, &events)?;
        v.items = items.remove(&id).unwrap_or_default();
        out.push(v);
    }
    Ok(out)
}

fn view_of(
    p: &PackageRow,
    orders: Vec<OrderId>,
    events: &[TrackingEventRow],
) -> Result<PackageView> {
    let tracking_url =
        Carrier::by_code(&p.carrier_code).and_then(|c| c.tracking_url_for(&p.tracking_number));
    Ok(PackageView {
        id: p.id,
        status: p.status,
        mode: p.mode,
        carrier_code: p.carrier_code.clone(),
        carrier_name: p.carrier_name.clone(),
        service: p.service.clone(),
        tracking_number: p.tracking_number.clone(),
        tracking_url,
        order_ids: orders,
        items: Vec::new(),
        weight_grams: p.weight_grams,
        failure_reason: p.failure_reason.clone(),
        has_proof: p.proof_key.is_some(),
        created_at: p.created_at,
        arranged_at: p.arranged_at,
        collected_at: p.collected_at,
        delivered_at: p.delivered_at,
        cancelled_at: p.cancelled_at,
        events: events
            .iter()
            .filter(|e| e.package_id == p.id)
            .map(|e| TrackingEventView {
                code: e.code.clone(),
                description: e.description.clone(),
                location: e.location.clone(),
                occurred_at: e.occurred_at,
            })
            .collect(),
    })
}

/// The carriers a shop in `country` can pick for its own shipping.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierView {
    pub code: &'static str,
    pub name: &'static str,
    pub expected: &'static str,
}

pub fn carriers_for(country: &str) -> Vec<CarrierView> {
    shopdeck_domain::fulfilment::carriers_for(country)
        .into_iter()
        .map(|c| CarrierView {
            code: c.code,
            name: c.name,
            expected: c.expected,
        })
        .collect()
}

/// The carriers for the acting shop's country.
pub async fn carriers_for_shop(app: &App, actor: &SellerActor) -> Result<Vec<CarrierView>> {
    let mut conn = app.db.conn().await?;
    let country = shop_country(&mut conn, actor.seller_id).await?;
    Ok(carriers_for(&country))
}

async fn shop_country(conn: &mut Conn, seller: SellerId) -> Result<String> {
    Ok(shopdeck_store::sellers::find_seller(conn, seller)
        .await?
        .map(|s| s.country)
        .unwrap_or_default())
}

// ---------------------------------------------------------------------------------------
// Shipping

/// How the seller ships.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "mode", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ShipMethod {
    /// The shop's own carrier and the tracking number it gave.
    Seller {
        carrier: String,
        tracking_number: String,
    },
    /// Booked through the platform's logistics provider.
    Platform,
}

/// Ships one order, or several orders of one buyer to one address in one package.
pub async fn ship(
    app: &App,
    actor: &SellerActor,
    orders: &[OrderId],
    method: &ShipMethod,
) -> Result<PackageView> {
    ship_with(app, actor, orders, &[], method).await
}

/// Ships some units of one order in a package of their own (a split shipment): the order is
/// PARTIALLY_SHIPPING until every unit is in a package. Without `items`, ships what is left.
pub async fn ship_items(
    app: &App,
    actor: &SellerActor,
    order: OrderId,
    items: &[LineUnits],
    method: &ShipMethod,
) -> Result<PackageView> {
    ship_with(app, actor, &[order], items, method).await
}

async fn ship_with(
    app: &App,
    actor: &SellerActor,
    orders: &[OrderId],
    items: &[LineUnits],
    method: &ShipMethod,
) -> Result<PackageView> {
    actor.require(Area::Orders, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let package = ship_in(app, &mut tx, actor, orders, items, method).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "package.created",
        Some(&package.to_string()),
        serde_json::json!({ "orders": orders }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    let mut conn = app.db.conn().await?;
    packages_for(&mut conn, orders)
        .await?
        .into_iter()
        .find(|p| p.id == package)
        .ok_or(AppError::NotFound("package"))
}

async fn ship_in(
    app: &App,
    conn: &mut Conn,
    actor: &SellerActor,
    orders: &[OrderId],
    items: &[LineUnits],
    method: &ShipMethod,
) -> Result<PackageId> {
    let unique: BTreeSet<OrderId> = orders.iter().copied().collect();
    if unique.is_empty() {
        return Err(AppError::invalid(
            "order_ids",
            "required",
            "Choose an order to ship",
        ));
    }
    if unique.len() != orders.len() {
        return Err(AppError::invalid(
            "order_ids",
            "duplicate",
            "An order is listed twice",
        ));
    }
    if unique.len() > MAX_COMBINED {
        return Err(AppError::invalid(
            "order_ids",
            "too-many",
            format!("Combine at most {MAX_COMBINED} orders in one package"),
        ));
    }
    let mut rows: Vec<OrderRow> = Vec::new();
    for id in orders {
        let order = order_repo::find_order(conn, actor.seller_id, *id)
            .await?
            .ok_or(AppError::NotFound("order"))?;
        let status = order.status;
        match status {
            OrderStatus::AwaitingShipment => {}
            // The rest of a split order ships on its own.
            OrderStatus::PartiallyShipping if orders.len() == 1 => {}
            OrderStatus::OnHold => {
                return Err(AppError::refused(
                    Refusal::OrderOnHold,
                    format!("order {id} is on hold until the buyer's cancellation window closes"),
                ));
            }
            OrderStatus::Unpaid => {
                return Err(AppError::refused(
                    Refusal::OrderUnpaid,
                    format!("order {id} is not paid yet"),
                ));
            }
            OrderStatus::Cancelled => {
                return Err(AppError::refused(
                    Refusal::OrderCancelled,
                    format!("order {id} is cancelled"),
                ));
            }
            _ => {
                return Err(AppError::refused(
                    Refusal::OrderShipped,
                    format!("order {id} has already been shipped"),
                ));
            }
        }
        if shopdeck_store::cancellations::has_pending(conn, *id).await? {
            return Err(AppError::refused(
                Refusal::AnswerCancellationFirst,
                format!("the buyer asked to cancel order {id}: answer the request first"),
            ));
        }
        rows.push(order);
    }
    let first = &rows[0];
    if rows
        .iter()
        .any(|o| o.buyer_id != first.buyer_id || o.recipient != first.recipient)
    {
        return Err(AppError::invalid(
            "order_ids",
            "not-combinable",
            "Only orders of one buyer to one address can share a package",
        ));
    }
    if !items.is_empty() && rows.len() != 1 {
        return Err(AppError::invalid(
            "items",
            "not-combinable",
            "Split one order at a time",
        ));
    }
    let split = match rows.as_slice() {
        [order] => split_units(conn, order, items).await?,
        _ => None,
    };
    let recipient: Recipient = serde_json::from_str(&first.recipient)
        .map_err(|e| corrupt(format!("order recipient: {e}")))?;
    let weight: i64 = match (&split, rows.as_slice()) {
        // A split package weighs its share of the order's units.
        (Some(units), [order]) => {
            let lines = order_repo::lines_of(conn, &[order.id]).await?;
            let all: i64 = lines.iter().map(|l| l.quantity).sum::<i64>().max(1);
            let here: i64 = units.iter().map(|(_, q)| q).sum();
            (order.weight_grams * here / all).max(1)
        }
        _ => rows.iter().map(|o| o.weight_grams).sum(),
    };
    let now = app.now();
    let id: PackageId = app.new_id();
    let (mode, status, booking) = match method {
        ShipMethod::Seller {
            carrier,
            tracking_number,
        } => {
            let c = Carrier::by_code(carrier.trim()).ok_or_else(|| {
                AppError::invalid(
                    "carrier",
                    "unknown-carrier",
                    "Choose a carrier from the list",
                )
            })?;
            let number = c.check_tracking(tracking_number).map_err(|e| {
                AppError::invalid("tracking_number", "tracking-format", e.to_string())
            })?;
            if let Some(other) =
                repo::tracking_in_use(conn, actor.seller_id, c.code, &number).await?
            {
                return Err(AppError::invalid(
                    "tracking_number",
                    "tracking-in-use",
                    format!("This tracking number is already used by package {other}"),
                ));
            }
            let status = advance(
                PackageStatus::ToFulfill,
                ShippingMode::SellerCarrier,
                &[PackageAction::Arrange, PackageAction::Collect],
            )?;
            let booking = Booking {
                provider_ref: String::new(),
                tracking_number: number,
                carrier_code: c.code.to_owned(),
                carrier_name: c.name.to_owned(),
                service: "Seller shipping".into(),
            };
            (ShippingMode::SellerCarrier, status, booking)
        }
        ShipMethod::Platform => {
            let callback_url = format!(
                "{}/api/v1/logistics/{}/callbacks",
                app.settings.public_url.trim_end_matches('/'),
                app.logistics.name()
            );
            let booking = app
                .logistics
                .book(
                    app,
                    conn,
                    &BookingRequest {
                        package_id: id,
                        weight_grams: weight,
                        ship_to: recipient.clone(),
                        callback_url,
                    },
                )
                .await?;
            let status = advance(
                PackageStatus::ToFulfill,
                ShippingMode::Platform,
                &[PackageAction::Arrange],
            )?;
            (ShippingMode::Platform, status, booking)
        }
    };
    let collected = status == PackageStatus::Fulfilling;
    repo::insert_package(
        conn,
        &PackageRow {
            id,
            seller_id: actor.seller_id,
            buyer_id: first.buyer_id,
            status,
            mode,
            provider: (mode == ShippingMode::Platform).then(|| app.logistics.name().to_owned()),
            provider_ref: (mode == ShippingMode::Platform).then(|| booking.provider_ref.clone()),
            carrier_code: booking.carrier_code.clone(),
            carrier_name: booking.carrier_name.clone(),
            service: booking.service.clone(),
            tracking_number: booking.tracking_number.clone(),
            weight_grams: weight,
            failure_reason: None,
            proof_key: None,
            proof_type: None,
            created_at: now,
            arranged_at: Some(now),
            collected_at: collected.then_some(now),
            delivered_at: None,
            cancelled_at: None,
            updated_at: now,
        },
        orders,
    )
    .await?;
    if let Some(units) = &split {
        repo::insert_package_lines(conn, id, first.id, units).await?;
    }
    if collected {
        record_event(
            app,
            conn,
            id,
            &format!("{id}-shipped"),
            TrackingCode::Shipped,
            &format!("Handed to {} by the seller", booking.carrier_name),
            None,
            now,
        )
        .await?;
    }
    let party = Party::Seller;
    sync_orders(app, conn, id, party, Some(actor.user_id.to_string())).await?;
    Ok(id)
}

/// Units of a split order not in any live package yet: (line_no, quantity). Empty for an
/// order that ships whole.
async fn unpacked_units(conn: &mut Conn, order: &OrderRow) -> Result<Vec<(i64, i64)>> {
    if !repo::is_split(conn, order.id).await? {
        return Ok(Vec::new());
    }
    let packed = repo::packed_units(conn, order.id).await?;
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    Ok(lines
        .iter()
        .filter_map(|l| {
            let in_packages = packed
                .iter()
                .find(|(n, _)| *n == l.line_no)
                .map_or(0, |(_, q)| *q);
            let left = l.quantity - l.cancelled_quantity - in_packages;
            (left > 0).then_some((l.line_no, left))
        })
        .collect())
}

/// What a package for one order holds: `None` for the whole order, else the units
/// (line_no, quantity) of a split. Without `items`, an order already split ships the rest.
async fn split_units(
    conn: &mut Conn,
    order: &OrderRow,
    items: &[LineUnits],
) -> Result<Option<Vec<(i64, i64)>>> {
    let split = repo::is_split(conn, order.id).await?;
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    let left: Vec<(i64, i64)> = if split {
        unpacked_units(conn, order).await?
    } else {
        lines
            .iter()
            .map(|l| (l.line_no, l.quantity - l.cancelled_quantity))
            .filter(|(_, q)| *q > 0)
            .collect()
    };
    if items.is_empty() {
        if left.is_empty() {
            return Err(AppError::refused(
                Refusal::OrderFullyPacked,
                format!("every unit of order {} is already in a package", order.id),
            ));
        }
        return Ok(split.then_some(left));
    }
    let mut units = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        if !lines.iter().any(|l| l.line_no == it.line_no) {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "unknown-line",
                "The order has no such line",
            ));
        }
        if items[..i].iter().any(|o| o.line_no == it.line_no) {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "duplicate",
                "This line is listed twice",
            ));
        }
        let can = left
            .iter()
            .find(|(n, _)| *n == it.line_no)
            .map_or(0, |(_, q)| *q);
        if it.quantity < 1 || it.quantity > can {
            return Err(AppError::invalid(
                &format!("items[{i}].quantity"),
                "quantity-range",
                if can == 0 {
                    "Every unit of this line is already in a package".to_owned()
                } else {
                    format!("Put from 1 to {can} units of this line in the package")
                },
            ));
        }
        units.push((it.line_no, it.quantity));
    }
    let everything = left
        .iter()
        .all(|(n, q)| units.iter().any(|(m, u)| m == n && u == q));
    // All of an order not split yet is simply the whole order.
    if everything && !split {
        return Ok(None);
    }
    Ok(Some(units))
}

/// Applies package actions in turn, as the domain allows.
fn advance(
    mut status: PackageStatus,
    mode: ShippingMode,
    actions: &[PackageAction],
) -> Result<PackageStatus> {
    for a in actions {
        status = status
            .apply(mode, *a)
            .map_err(|e| AppError::refused(Refusal::PackageState, e.to_string()))?;
    }
    Ok(status)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one tracking row, field by field"
)]
async fn record_event(
    app: &App,
    conn: &mut Conn,
    package: PackageId,
    event_ref: &str,
    code: TrackingCode,
    description: &str,
    location: Option<&str>,
    at: Timestamp,
) -> Result<bool> {
    let id: TrackingEventId = app.new_id();
    Ok(repo::insert_tracking_event(
        conn,
        &TrackingEventRow {
            id,
            package_id: package,
            event_ref: event_ref.to_owned(),
            code: code.as_str().to_owned(),
            description: description.to_owned(),
            location: location.map(str::to_owned),
            occurred_at: at,
            recorded_at: app.now(),
        },
    )
    .await?)
}

/// Moves each order of a package to the status its packages call for, writing the timeline,
/// the stock leaving the shelf when it ships, and the completion timer when it is delivered.
async fn sync_orders(
    app: &App,
    conn: &mut Conn,
    package: PackageId,
    party: Party,
    actor: Option<String>,
) -> Result<()> {
    let now = app.now();
    ship_split_stock(app, conn, package).await?;
    for order_id in repo::orders_of_package(conn, package).await? {
        // The package's own orders, whoever moves it (seller, carrier callback, worker).
        let Some(order) = order_repo::find_order_any(conn, order_id).await? else {
            continue;
        };
        let statuses: Vec<PackageStatus> = repo::packages_of_orders(conn, &[order_id])
            .await?
            .iter()
            .map(|(_, p)| p.status)
            .collect();
        let mut current = order.status;
        let unpacked = !unpacked_units(conn, &order).await?.is_empty();
        let Some(target) = order_status_for_packages(&statuses, unpacked) else {
            continue;
        };
        let steps: &[OrderAction] = match target {
            OrderStatus::PartiallyShipping => &[OrderAction::ShipPart],
            OrderStatus::AwaitingCollection => &[OrderAction::ArrangeShipment],
            OrderStatus::InTransit => &[OrderAction::ArrangeShipment, OrderAction::Collect],
            OrderStatus::Delivered => &[
                OrderAction::ArrangeShipment,
                OrderAction::Collect,
                OrderAction::Deliver,
            ],
            _ => &[],
        };
        for step in steps {
            let Ok(next) = current.apply(*step) else {
                continue; // already past this step
            };
            if !order_repo::set_status(conn, order_id, current.as_str(), next.as_str(), now).await?
            {
                return Err(AppError::refused(
                    Refusal::ChangedMeanwhile,
                    "the order changed meanwhile; try again",
                ));
            }
            order_event(
                app,
                conn,
                order_id,
                Some(current),
                next,
                party,
                actor.clone(),
                None,
                None,
            )
            .await?;
            if next == OrderStatus::InTransit {
                shipped(app, conn, &order, now).await?;
            }
            if next == OrderStatus::Delivered {
                delivered(app, conn, &order, now).await?;
            }
            current = next;
        }
    }
    Ok(())
}

/// The order left the shelf: reserved units are shipped, and the shipping time recorded. A
/// split order's units leave with their packages instead ([`ship_split_stock`]).
async fn shipped(app: &App, conn: &mut Conn, order: &OrderRow, now: Timestamp) -> Result<()> {
    if order.shipped_at.is_some() {
        return Ok(());
    }
    repo::mark_shipped(conn, order.id, now).await?;
    crate::inbox::order(app, conn, crate::inbox::Kind::OrderShipped, order).await?;
    if repo::is_split(conn, order.id).await? {
        return Ok(());
    }
    crate::orders::move_order_stock(
        app,
        conn,
        order,
        MovementKind::Ship,
        shopdeck_domain::orders::StockReason::OrderShipped.as_str(),
    )
    .await
}

/// A split package the carrier has: its units leave the shelf, once.
async fn ship_split_stock(app: &App, conn: &mut Conn, package: PackageId) -> Result<()> {
    let units = repo::lines_of_package(conn, package).await?;
    if units.is_empty() {
        return Ok(());
    }
    let Some(p) = repo::find_package_any(conn, package).await? else {
        return Ok(());
    };
    if !p.status.is_collected() || !repo::claim_stock_shipped(conn, package).await? {
        return Ok(());
    }
    let reference = package.to_string();
    let mover = crate::inventory::Mover::system();
    for (order, line_no, quantity) in units {
        let lines = order_repo::lines_of(conn, &[order]).await?;
        let Some(line) = lines.iter().find(|l| l.line_no == line_no) else {
            continue;
        };
        crate::inventory::apply(
            app,
            conn,
            &crate::inventory::Change {
                seller: p.seller_id,
                sku: line.sku_id,
                warehouse: line.warehouse_id,
                kind: MovementKind::Ship,
                quantity,
                reason: shopdeck_domain::orders::StockReason::PackageShipped.as_str(),
                reference: Some(&reference),
                mover: &mover,
            },
        )
        .await?;
    }
    Ok(())
}

/// The after-sale window of an order delivered now, by the shop's country.
pub async fn after_sale_window(
    app: &App,
    conn: &mut Conn,
    seller: SellerId,
) -> Result<SignedDuration> {
    let country = shop_country(conn, seller).await?;
    Ok(app
        .settings
        .after_sale_window_by_country
        .get(&country)
        .copied()
        .unwrap_or(app.settings.fulfilment.after_sale_window))
}

async fn delivered(app: &App, conn: &mut Conn, order: &OrderRow, now: Timestamp) -> Result<()> {
    let window = after_sale_window(app, conn, order.seller_id).await?;
    let complete_after = now + window;
    repo::mark_delivered(conn, order.id, now, complete_after).await?;
    crate::inbox::order(app, conn, crate::inbox::Kind::OrderDelivered, order).await?;
    jobs::enqueue(
        app,
        conn,
        COMPLETE_ORDER,
        serde_json::json!({ "order_id": order.id }),
        complete_after,
        Some(format!("{COMPLETE_ORDER}:{}", order.id)),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Tracking callbacks

/// What Shopdeck did with a verified tracking callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingResult {
    Applied,
    /// The same event came before; nothing changed.
    Duplicate,
}

/// Applies a logistics provider's signed tracking event, once per event id.
pub async fn tracking_callback(
    app: &App,
    provider: &str,
    signature: Option<&str>,
    body: &[u8],
) -> Result<TrackingResult> {
    if provider != app.logistics.name() {
        return Err(AppError::NotFound("logistics provider"));
    }
    let update = app
        .logistics
        .verify_callback(signature, body, app.now())
        .map_err(|refusal| {
            tracing::warn!(%provider, %refusal, "tracking callback refused");
            AppError::BadSignature
        })?;
    let at = Timestamp::from_second(update.occurred_at)
        .map_err(|_| AppError::invalid("occurred_at", "invalid-time", "Not a valid Unix time"))?;
    let mut tx = app.db.begin().await?;
    let package = repo::find_by_provider(&mut tx, provider, &update.shipment_ref)
        .await?
        .ok_or(AppError::NotFound("shipment"))?;
    let fresh = record_event(
        app,
        &mut tx,
        package.id,
        &update.event_id,
        update.code,
        &update.description,
        update.location.as_deref(),
        at,
    )
    .await?;
    if !fresh {
        return Ok(TrackingResult::Duplicate);
    }
    let failure = update
        .failure_reason
        .as_deref()
        .and_then(DeliveryFailure::parse)
        .unwrap_or(DeliveryFailure::Other);
    apply_to_package(
        app,
        &mut tx,
        &package,
        update.code,
        failure,
        Party::System,
        None,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(TrackingResult::Applied)
}

/// Moves a package as a tracking event says (collecting it first when a carrier skipped the
/// first scan), then its orders.
async fn apply_to_package(
    app: &App,
    conn: &mut Conn,
    package: &PackageRow,
    code: TrackingCode,
    failure: DeliveryFailure,
    party: Party,
    actor: Option<String>,
) -> Result<()> {
    let status = package.status;
    let mode = package.mode;
    if status.is_final() {
        return Ok(()); // a late event for a delivered or cancelled parcel: kept, not applied
    }
    let now = app.now();
    let mut actions: Vec<PackageAction> = Vec::new();
    let needs_collect = status == PackageStatus::Processing;
    match code {
        TrackingCode::Shipped => {}
        TrackingCode::Collected | TrackingCode::InTransit | TrackingCode::OutForDelivery => {
            if needs_collect {
                actions.push(PackageAction::Collect);
            }
        }
        TrackingCode::Delivered => {
            if needs_collect && mode == ShippingMode::Platform {
                actions.push(PackageAction::Collect);
            }
            actions.push(PackageAction::Deliver);
        }
        TrackingCode::DeliveryFailed => {
            if needs_collect {
                actions.push(PackageAction::Collect);
            }
            actions.push(PackageAction::DeliveryFailed(failure));
        }
    }
    let mut current = status;
    for action in actions {
        let next = current
            .apply(mode, action)
            .map_err(|e| AppError::refused(Refusal::PackageState, e.to_string()))?;
        let stamp = match action {
            PackageAction::Collect => Stamp::Collected,
            PackageAction::Deliver => Stamp::Delivered,
            PackageAction::Cancel(_) => Stamp::Cancelled,
            PackageAction::Arrange => Stamp::Arranged,
            PackageAction::DeliveryFailed(_) => Stamp::None,
        };
        // Every step is a conditional update, so two deliveries of one event race safely.
        if !repo::set_package_status(
            conn,
            package.id,
            current.as_str(),
            next.as_str(),
            stamp,
            now,
        )
        .await?
        {
            return Err(AppError::refused(
                Refusal::ChangedMeanwhile,
                "the package changed meanwhile; try again",
            ));
        }
        match action {
            PackageAction::DeliveryFailed(f) => {
                repo::set_failure(conn, package.id, Some(f.as_str()), now).await?;
            }
            PackageAction::Deliver => repo::set_failure(conn, package.id, None, now).await?,
            _ => {}
        }
        current = next;
    }
    sync_orders(app, conn, package.id, party, actor).await
}

// ---------------------------------------------------------------------------------------
// Delivery by the seller's own carrier

/// What the seller reports for a parcel sent with its own carrier.
#[derive(Debug, Clone)]
pub enum DeliveryReport {
    Delivered,
    Failed(DeliveryFailure),
}

/// A proof of delivery: a photo (JPEG, PNG, WebP) or a PDF, checked by its content.
#[derive(Debug, Clone)]
pub struct Proof {
    pub bytes: Vec<u8>,
}

pub(crate) fn proof_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The seller confirms delivery (with proof where the platform asks for it) or reports a
/// failed attempt, for a package sent with its own carrier.
pub async fn report_delivery(
    app: &App,
    actor: &SellerActor,
    package: PackageId,
    report: DeliveryReport,
    proof: Option<Proof>,
) -> Result<PackageView> {
    actor.require(Area::Orders, Access::Edit)?;
    let stored = match &proof {
        Some(p) if p.bytes.len() > MAX_PROOF_BYTES => {
            return Err(AppError::invalid(
                "proof",
                "too-large",
                "The proof may be at most 10 MB",
            ));
        }
        Some(p) => {
            let kind = proof_type(&p.bytes).ok_or_else(|| {
                AppError::invalid(
                    "proof",
                    "unsupported-type",
                    "Upload a photo (JPEG, PNG or WebP) or a PDF",
                )
            })?;
            Some(kind)
        }
        None => None,
    };
    if matches!(report, DeliveryReport::Delivered)
        && stored.is_none()
        && app.settings.delivery_proof_required
    {
        return Err(AppError::invalid(
            "proof",
            "required",
            "Attach a photo or PDF that proves the delivery",
        ));
    }
    let mut tx = app.db.begin().await?;
    let row = repo::find_package(&mut tx, actor.seller_id, package)
        .await?
        .ok_or(AppError::NotFound("package"))?;
    if row.mode != ShippingMode::SellerCarrier {
        return Err(AppError::refused(
            Refusal::PlatformTracked,
            "platform shipments are confirmed by the carrier's tracking",
        ));
    }
    if row.status.is_final() {
        return Err(AppError::refused(
            Refusal::PackageState,
            format!("the package is already {}", row.status),
        ));
    }
    let now = app.now();
    if let (Some(p), Some(kind)) = (&proof, stored) {
        let key = format!("proofs/{}/{}", row.seller_id, row.id);
        app.files
            .put(&FilePath::from(key.as_str()), p.bytes.clone().into())
            .await
            .map_err(AppError::internal)?;
        repo::set_proof(&mut tx, row.id, &key, kind, now).await?;
    }
    let (code, text, failure) = match report {
        DeliveryReport::Delivered => (
            TrackingCode::Delivered,
            "Delivered (confirmed by the seller)".to_owned(),
            DeliveryFailure::Other,
        ),
        DeliveryReport::Failed(f) => (
            TrackingCode::DeliveryFailed,
            format!("Delivery failed: {}", f.text()),
            f,
        ),
    };
    let event_id: TrackingEventId = app.new_id();
    record_event(
        app,
        &mut tx,
        row.id,
        &event_id.to_string(),
        code,
        &text,
        None,
        now,
    )
    .await?;
    apply_to_package(
        app,
        &mut tx,
        &row,
        code,
        failure,
        Party::Seller,
        Some(actor.user_id.to_string()),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    package_view(app, actor.seller_id, package).await
}

async fn package_view(app: &App, seller: SellerId, id: PackageId) -> Result<PackageView> {
    let mut conn = app.db.conn().await?;
    let row = repo::find_package(&mut conn, seller, id)
        .await?
        .ok_or(AppError::NotFound("package"))?;
    let orders = repo::orders_of_package(&mut conn, id).await?;
    let events = repo::tracking_events(&mut conn, &[id]).await?;
    let mut v = view_of(&row, orders, &events)?;
    v.items = repo::lines_of_package(&mut conn, id)
        .await?
        .into_iter()
        .map(|(_, line_no, quantity)| LineUnits { line_no, quantity })
        .collect();
    Ok(v)
}

pub async fn package_for_seller(
    app: &App,
    actor: &SellerActor,
    id: PackageId,
) -> Result<PackageView> {
    actor.require(Area::Orders, Access::View)?;
    package_view(app, actor.seller_id, id).await
}

/// The proof of delivery of a package: (content type, bytes).
pub async fn proof_of(app: &App, actor: &SellerActor, id: PackageId) -> Result<(String, Vec<u8>)> {
    actor.require(Area::Orders, Access::View)?;
    let mut conn = app.db.conn().await?;
    let row = repo::find_package(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("package"))?;
    let (Some(key), Some(kind)) = (row.proof_key, row.proof_type) else {
        return Err(AppError::NotFound("proof of delivery"));
    };
    let bytes = app
        .files
        .get(&FilePath::from(key.as_str()))
        .await
        .map_err(AppError::internal)?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    Ok((kind, bytes.to_vec()))
}

/// The packages of an order the buyer placed, with their tracking.
pub async fn tracking_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    order: OrderId,
) -> Result<Vec<PackageView>> {
    let mut conn = app.db.conn().await?;
    order_repo::find_order(&mut conn, buyer.id, order)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    packages_for(&mut conn, &[order]).await
}

// ---------------------------------------------------------------------------------------
// Bulk shipping

/// One line of a bulk shipment: an order and, for the seller's own carrier, its carrier and
/// tracking number (both empty means platform logistics).
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkItem {
    pub order_id: String,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What happened to one order of a bulk shipment.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkOutcome {
    pub order_id: String,
    pub ok: bool,
    pub package_id: Option<PackageId>,
    pub tracking_number: Option<String>,
    pub carrier_name: Option<String>,
    pub error: Option<BulkProblem>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    pub shipped: usize,
    pub failed: usize,
    pub results: Vec<BulkOutcome>,
}

impl BulkResult {
    pub fn package_ids(&self) -> Vec<PackageId> {
        self.results.iter().filter_map(|r| r.package_id).collect()
    }
}

fn problem_of(e: &AppError) -> BulkProblem {
    match e {
        AppError::Validation(fields) => {
            let f = fields.first();
            BulkProblem {
                field: f.map(|f| f.field.clone()).unwrap_or_default(),
                code: f
                    .map(|f| f.code.clone())
                    .unwrap_or_else(|| "invalid".into()),
                message: f
                    .map(|f| f.message.clone())
                    .unwrap_or_else(|| e.to_string()),
            }
        }
        AppError::NotFound(_) => BulkProblem {
            field: "order_id".into(),
            code: "not-found".into(),
            message: "No such order in this shop".into(),
        },
        AppError::Conflict { code, detail } => BulkProblem {
            field: "order_id".into(),
            code: code.code().into(),
            message: detail.clone(),
        },
        other => BulkProblem {
            field: String::new(),
            code: "error".into(),
            message: other.to_string(),
        },
    }
}

/// Ships up to [`MAX_BULK`] orders, each on its own transaction: every order gets its own
/// result, and one bad line never stops the others.
pub async fn ship_bulk(app: &App, actor: &SellerActor, items: &[BulkItem]) -> Result<BulkResult> {
    actor.require(Area::Orders, Access::Edit)?;
    if items.is_empty() {
        return Err(AppError::invalid(
            "orders",
            "required",
            "Choose at least one order",
        ));
    }
    if items.len() > MAX_BULK {
        return Err(AppError::invalid(
            "orders",
            "too-many",
            format!("Ship at most {MAX_BULK} orders at once"),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut results = Vec::with_capacity(items.len());
    // Orders go in chunks: one transaction per chunk (one durable commit), a savepoint per
    // order so that a refused order undoes only its own writes.
    for chunk in items.chunks(BULK_CHUNK) {
        let mut tx = app.db.begin().await?;
        for item in chunk {
            let key = item.order_id.trim().to_owned();
            let outcome = if !seen.insert(key.clone()) {
                Err(AppError::invalid(
                    "order_id",
                    "duplicate",
                    "This order is already listed above",
                ))
            } else {
                let mut sp = shopdeck_store::savepoint(&mut tx).await?;
                match ship_one(app, &mut sp, actor, item).await {
                    Ok(p) => {
                        sp.commit().await.map_err(StoreError::from)?;
                        Ok(p)
                    }
                    Err(e) => {
                        sp.rollback().await.map_err(StoreError::from)?;
                        Err(e)
                    }
                }
            };
            results.push(outcome_of(key, outcome));
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    app.wake_worker();
    let shipped = results.iter().filter(|r| r.ok).count();
    Ok(BulkResult {
        shipped,
        failed: results.len() - shipped,
        results,
    })
}

/// Orders per transaction in a bulk shipment.
const BULK_CHUNK: usize = 50;

fn outcome_of(key: String, outcome: Result<PackageRow>) -> BulkOutcome {
    match outcome {
        Ok(p) => BulkOutcome {
            order_id: key,
            ok: true,
            package_id: Some(p.id),
            tracking_number: Some(p.tracking_number),
            carrier_name: Some(p.carrier_name),
            error: None,
        },
        Err(e) => BulkOutcome {
            order_id: key,
            ok: false,
            package_id: None,
            tracking_number: None,
            carrier_name: None,
            error: Some(problem_of(&e)),
        },
    }
}

async fn ship_one(
    app: &App,
    conn: &mut Conn,
    actor: &SellerActor,
    item: &BulkItem,
) -> Result<PackageRow> {
    let order: OrderId = item
        .order_id
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("order_id", "malformed", "Not an order id"))?;
    let carrier = item
        .carrier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let tracking = item
        .tracking_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let method = match (carrier, tracking) {
        (None, None) => ShipMethod::Platform,
        (Some(c), Some(t)) => ShipMethod::Seller {
            carrier: c.to_owned(),
            tracking_number: t.to_owned(),
        },
        (Some(_), None) => {
            return Err(AppError::invalid(
                "tracking_number",
                "required",
                "Give the tracking number with the carrier",
            ));
        }
        (None, Some(_)) => {
            return Err(AppError::invalid(
                "carrier",
                "required",
                "Give the carrier with the tracking number",
            ));
        }
    };
    let id = ship_in(app, conn, actor, &[order], &[], &method).await?;
    repo::find_package(conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("package"))
}

/// Reads a bulk shipment file: CSV with the columns `order_id`, `carrier`, `tracking_number`
/// (header row required; carrier and tracking empty for platform logistics).
pub fn parse_bulk_csv(bytes: &[u8]) -> Result<Vec<BulkItem>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|_| AppError::invalid("file", "unreadable", "The file is not a readable CSV"))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let Some(order_col) = col("order_id") else {
        return Err(AppError::invalid(
            "file",
            "missing-column",
            "The first row must name the columns: order_id, carrier, tracking_number",
        ));
    };
    let carrier_col = col("carrier");
    let tracking_col = col("tracking_number");
    let mut items = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|_| {
            AppError::invalid(
                "file",
                "unreadable",
                format!("Row {} cannot be read", n + 2),
            )
        })?;
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .map(str::to_owned)
                .filter(|s| !s.is_empty())
        };
        let Some(order_id) = get(Some(order_col)) else {
            continue;
        };
        items.push(BulkItem {
            order_id,
            carrier: get(carrier_col),
            tracking_number: get(tracking_col),
        });
        if items.len() > MAX_BULK {
            return Err(AppError::invalid(
                "file",
                "too-many",
                format!("Ship at most {MAX_BULK} orders per file"),
            ));
        }
    }
    if items.is_empty() {
        return Err(AppError::invalid(
            "file",
            "empty",
            "The file lists no orders",
        ));
    }
    Ok(items)
}

// ---------------------------------------------------------------------------------------
// Shipping documents

/// Which documents to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DocumentKind {
    ShippingLabel,
    PackingSlip,
    PickList,
    /// Label and packing slip of each package, then one pick list.
    All,
}

impl DocumentKind {
    pub fn parse(s: &str) -> Option<DocumentKind> {
        match s.to_ascii_uppercase().as_str() {
            "SHIPPING_LABEL" | "LABEL" => Some(DocumentKind::ShippingLabel),
            "PACKING_SLIP" => Some(DocumentKind::PackingSlip),
            "PICK_LIST" => Some(DocumentKind::PickList),
            "ALL" => Some(DocumentKind::All),
            _ => None,
        }
    }
}

pub fn label_size(s: &str) -> Option<pdf::LabelSize> {
    match s.to_ascii_uppercase().as_str() {
        "A6" => Some(pdf::LabelSize::A6),
        "4X6" | "4x6" => Some(pdf::LabelSize::FourBySix),
        _ => None,
    }
}

pub(crate) fn address_of(r: &Recipient) -> pdf::PostalAddress {
    let mut lines = vec![r.line1.clone()];
    lines.extend(r.line2.clone().filter(|l| !l.is_empty()));
    let city = [r.postal_code.clone().unwrap_or_default(), r.city.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    lines.push(match &r.region {
        Some(region) if !region.is_empty() => format!("{city}, {region}"),
        _ => city,
    });
    lines.push(r.country.clone());
    pdf::PostalAddress {
        name: r.name.clone(),
        lines,
        phone: Some(r.phone.clone()),
    }
}

/// The CJK face printed documents fall back to (see `shopdeck_files::pdf`), read from `paths`
/// (the regular face, then optionally the bold one) once per process and shared: the first
/// call for a list of paths reads the files (40 MB for Noto Sans CJK), every later one — and
/// every request — gets the same `Arc`, or the same reason why there is none.
///
/// # Errors
///
/// Why no CJK face is available (no paths, a missing or unusable file): Chinese and Japanese
/// then print as empty boxes.
pub fn print_fonts(
    paths: &[std::path::PathBuf],
) -> std::result::Result<Arc<pdf::CjkFonts>, String> {
    type Loaded = Vec<(
        Vec<std::path::PathBuf>,
        std::result::Result<Arc<pdf::CjkFonts>, String>,
    )>;
    static LOADED: std::sync::Mutex<Loaded> = std::sync::Mutex::new(Vec::new());
    // Held while reading, so that concurrent first prints read the files once.
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, fonts)) = loaded.iter().find(|(p, _)| p.as_slice() == paths) {
        return fonts.clone();
    }
    let fonts = match paths {
        [] => Err("print_fonts is empty".to_owned()),
        [regular, rest @ ..] => pdf::CjkFonts::load(regular, rest.first().map(|p| p.as_path()))
            .map(Arc::new)
            .map_err(|e| e.to_string()),
    };
    loaded.push((paths.to_vec(), fonts.clone()));
    fonts
}

/// The language a shop's documents print in when the request names none: the language of the
/// shop's country among the six Shopdeck speaks, else English.
pub fn shop_locale(country: &str) -> Locale {
    match country {
        "JP" => Locale::Ja,
        "CN" => Locale::ZhCn,
        "FR" => Locale::Fr,
        "ES" | "MX" => Locale::Es,
        "AE" | "SA" => Locale::Ar,
        _ => Locale::En,
    }
}

/// The fixed words of printed documents in `locale` (`locales/*/print.ftl`), as the templates
/// `pdf::Words` takes.
pub fn print_words(locale: Locale) -> pdf::Words {
    let t = |key: &str, args: &[&'static str]| {
        let args: Vec<(&'static str, String)> =
            args.iter().map(|a| (*a, format!("{{{a}}}"))).collect();
        // Arabic wraps arguments in isolation marks; the PDF writer orders the line itself.
        crate::messages::text(locale, key, &args).replace(['\u{2068}', '\u{2069}'], "")
    };
    pdf::Words {
        sandbox: t("print-sandbox", &[]),
        ship_to: t("print-ship-to", &[]),
        from: t("print-from", &[]),
        phone: t("print-phone", &["phone"]),
        package_id: t("print-package-id", &["id"]),
        order_id: t("print-order-id", &["id"]),
        order_ids: t("print-order-ids", &["count", "ids"]),
        weight: t("print-weight", &["weight"]),
        packing_slip: t("print-packing-slip", &[]),
        order_id_heading: t("print-order-id-heading", &[]),
        order_date: t("print-order-date", &[]),
        product: t("print-product", &[]),
        variant: t("print-variant", &[]),
        seller_sku: t("print-seller-sku", &[]),
        qty: t("print-qty", &[]),
        orders: t("print-orders", &[]),
        total_items: t("print-total-items", &["count"]),
        pick_list: t("print-pick-list", &[]),
        generated: t("print-generated", &[]),
        orders_heading: t("print-orders-heading", &[]),
        skus_heading: t("print-skus-heading", &[]),
        total_quantity: t("print-total-quantity", &["count"]),
        page: t("print-page", &["page", "pages"]),
    }
}

/// Renders documents in `locale` with the configured CJK face, off the async threads (the
/// first render of a process may read the font files).
pub(crate) async fn render_documents(
    app: &App,
    docs: Vec<pdf::Document>,
    locale: Locale,
) -> Result<std::result::Result<Vec<u8>, pdf::PdfError>> {
    let paths = app.settings.print_fonts.clone();
    tokio::task::spawn_blocking(move || {
        let options = pdf::Options {
            words: print_words(locale),
            cjk: print_fonts(&paths).ok(),
            han: if locale == Locale::ZhCn {
                pdf::Han::Simplified
            } else {
                pdf::Han::Japanese
            },
        };
        pdf::render_with(&docs, &options)
    })
    .await
    .map_err(AppError::internal)
}

/// One PDF with the chosen documents of these packages (at most [`MAX_BULK`]), in `locale`
/// (fixed words and variants, "Size: XS"), or the shop's language ([`shop_locale`]) when the
/// request names none.
pub async fn documents(
    app: &App,
    actor: &SellerActor,
    packages: &[PackageId],
    kind: DocumentKind,
    size: pdf::LabelSize,
    locale: Option<Locale>,
) -> Result<Vec<u8>> {
    actor.require(Area::Orders, Access::View)?;
    if packages.is_empty() {
        return Err(AppError::invalid(
            "packages",
            "required",
            "Choose at least one package",
        ));
    }
    if packages.len() > MAX_BULK {
        return Err(AppError::invalid(
            "packages",
            "too-many",
            format!("Print at most {MAX_BULK} packages at once"),
        ));
    }
    // Read before the connection below is taken: the library may come from the database.
    let mut conn = app.db.conn().await?;
    let seller = shopdeck_store::sellers::find_seller(&mut conn, actor.seller_id)
        .await?
        .ok_or(AppError::NotFound("shop"))?;
    let locale = locale.unwrap_or_else(|| shop_locale(&seller.country));
    let warehouse = shopdeck_store::inventory::list_warehouses(&mut conn, actor.seller_id)
        .await?
        .into_iter()
        .max_by_key(|w| w.is_default);
    let ship_from = pdf::PostalAddress {
        name: seller.store_name.clone(),
        lines: warehouse
            .map(|w| w.address.lines().map(str::to_owned).collect())
            .unwrap_or_else(|| vec![seller.country.clone()]),
        phone: None,
    };
    let mut docs = Vec::new();
    let mut picks: BTreeMap<String, pdf::PickRow> = BTreeMap::new();
    let mut order_count = 0u32;
    let today = app.now().strftime("%Y-%m-%d").to_string();
    for id in packages {
        let p = repo::find_package(&mut conn, actor.seller_id, *id)
            .await?
            .ok_or(AppError::NotFound("package"))?;
        let orders = repo::orders_of_package(&mut conn, p.id).await?;
        // A split package holds only some units: its slip and pick rows list those.
        let split = repo::lines_of_package(&mut conn, p.id).await?;
        let units_of = |order: OrderId, l: &shopdeck_store::orders::OrderLineRow| -> i64 {
            if split.is_empty() {
                l.quantity - l.cancelled_quantity
            } else {
                split
                    .iter()
                    .find(|(o, n, _)| *o == order && *n == l.line_no)
                    .map_or(0, |(_, _, q)| *q)
            }
        };
        let mut order_rows = Vec::new();
        for o in &orders {
            if let Some(row) = order_repo::find_order(&mut conn, actor.seller_id, *o).await? {
                order_rows.push(row);
            }
        }
        let Some(first) = order_rows.first() else {
            continue;
        };
        let recipient: Recipient = serde_json::from_str(&first.recipient)
            .map_err(|e| corrupt(format!("order recipient: {e}")))?;
        if matches!(kind, DocumentKind::ShippingLabel | DocumentKind::All) {
            docs.push(pdf::Document::Label(pdf::Label {
                size,
                carrier: p.carrier_name.clone(),
                service: p.service.clone(),
                tracking_number: p.tracking_number.clone(),
                ship_to: address_of(&recipient),
                ship_from: ship_from.clone(),
                package_id: p.id.to_string(),
                order_ids: orders.iter().map(ToString::to_string).collect(),
                weight_grams: u32::try_from(p.weight_grams).ok(),
                date: p.created_at.strftime("%Y-%m-%d").to_string(),
                sandbox: p.provider.as_deref() == Some(SANDBOX_CARRIER),
            }));
        }
        for o in &order_rows {
            order_count += 1;
            let lines = order_repo::lines_of(&mut conn, &[o.id]).await?;
            if matches!(kind, DocumentKind::PackingSlip | DocumentKind::All) {
                docs.push(pdf::Document::PackingSlip(pdf::PackingSlip {
                    paper: pdf::PaperSize::A4,
                    shop_name: seller.store_name.clone(),
                    order_id: o.id.to_string(),
                    placed_on: o.created_at.strftime("%Y-%m-%d").to_string(),
                    ship_to: address_of(&recipient),
                    lines: lines
                        .iter()
                        .filter(|l| units_of(o.id, l) > 0)
                        .map(|l| pdf::SlipLine {
                            title: l.title.clone(),
                            variant: crate::catalog::variant_label_json(locale, &l.variant),
                            seller_sku: l.seller_sku.clone(),
                            quantity: u32::try_from(units_of(o.id, l)).unwrap_or(u32::MAX),
                        })
                        .collect(),
                }));
            }
            for l in lines.iter().filter(|l| units_of(o.id, l) > 0) {
                let row = picks
                    .entry(l.seller_sku.clone())
                    .or_insert_with(|| pdf::PickRow {
                        seller_sku: l.seller_sku.clone(),
                        title: l.title.clone(),
                        variant: crate::catalog::variant_label_json(locale, &l.variant),
                        quantity: 0,
                        orders: 0,
                    });
                row.quantity = row
                    .quantity
                    .saturating_add(u32::try_from(units_of(o.id, l)).unwrap_or(u32::MAX));
                row.orders += 1;
            }
        }
    }
    if matches!(kind, DocumentKind::PickList | DocumentKind::All) {
        docs.push(pdf::Document::PickList(pdf::PickList {
            paper: pdf::PaperSize::A4,
            generated_on: today,
            order_count,
            rows: picks.into_values().collect(),
        }));
    }
    drop(conn);
    render_documents(app, docs, locale)
        .await?
        .map_err(|e| AppError::invalid("packages", "unprintable", e.to_string()))
}

// ---------------------------------------------------------------------------------------
// Timers run by the worker

/// Completes a delivered order when its after-sale window has closed.
pub struct CompleteOrder;

#[async_trait::async_trait]
impl JobHandler for CompleteOrder {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: OrderId = job.payload["order_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("complete job without order_id".into()))?;
        complete(app, id).await.map_err(|e| JobError(e.to_string()))
    }
}

async fn complete(app: &App, id: OrderId) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let Some(order) = order_repo::find_order_any(&mut tx, id).await? else {
        return Ok(());
    };
    let due = order.complete_after.is_some_and(|at| at <= app.now());
    if order.status != OrderStatus::Delivered || !due {
        return Ok(());
    }
    // A return still open holds the order; closing it queues this job again.
    if crate::returns::has_open(&mut tx, id).await? {
        return Ok(());
    }
    if repo::mark_completed(&mut tx, id, app.now()).await? {
        order_event(
            app,
            &mut tx,
            id,
            Some(OrderStatus::Delivered),
            OrderStatus::Completed,
            Party::System,
            None,
            Some(shopdeck_domain::orders::TimelineReason::AfterSaleWindowClosed.as_str()),
            None,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_words_exist_in_every_language_with_their_placeholders() {
        let en = print_words(Locale::En);
        assert_eq!(
            en,
            pdf::Words::default(),
            "English is the PDF writer's default"
        );
        for locale in Locale::ALL {
            let w = print_words(locale);
            let all = [
                &w.sandbox,
                &w.ship_to,
                &w.from,
                &w.phone,
                &w.package_id,
                &w.order_id,
                &w.order_ids,
                &w.weight,
                &w.packing_slip,
                &w.order_id_heading,
                &w.order_date,
                &w.product,
                &w.variant,
                &w.seller_sku,
                &w.qty,
                &w.orders,
                &w.total_items,
                &w.pick_list,
                &w.generated,
                &w.orders_heading,
                &w.skus_heading,
                &w.total_quantity,
                &w.page,
            ];
            for word in all {
                assert!(
                    !word.is_empty() && !word.starts_with("print-"),
                    "{locale}: {word}"
                );
                assert!(
                    !word.contains(['\u{2068}', '\u{2069}']),
                    "{locale}: {word:?}"
                );
            }
            for (word, names) in [
                (&w.phone, &["{phone}"][..]),
                (&w.package_id, &["{id}"]),
                (&w.order_id, &["{id}"]),
                (&w.order_ids, &["{count}", "{ids}"]),
                (&w.weight, &["{weight}"]),
                (&w.total_items, &["{count}"]),
                (&w.total_quantity, &["{count}"]),
                (&w.page, &["{page}", "{pages}"]),
            ] {
                for name in names {
                    assert!(word.contains(name), "{locale}: {word} lacks {name}");
                }
            }
            if locale != Locale::En {
                assert_ne!(w.ship_to, en.ship_to, "{locale}");
                assert_ne!(w.page, en.page, "{locale}");
            }
        }
        assert_eq!(print_words(Locale::Ja).ship_to, "お届け先");
    }

    #[test]
    fn documents_default_to_the_language_of_the_shops_country() {
        assert_eq!(shop_locale("JP"), Locale::Ja);
        assert_eq!(shop_locale("CN"), Locale::ZhCn);
        assert_eq!(shop_locale("FR"), Locale::Fr);
        assert_eq!(shop_locale("MX"), Locale::Es);
        assert_eq!(shop_locale("SA"), Locale::Ar);
        assert_eq!(shop_locale("US"), Locale::En);
        assert_eq!(shop_locale("DE"), Locale::En);
    }

    #[test]
    fn print_fonts_are_read_once_per_list_of_paths() {
        let missing = [std::path::PathBuf::from("/nonexistent/cjk.ttc")];
        let why = print_fonts(&missing).unwrap_err();
        assert!(why.contains("/nonexistent/cjk.ttc"), "{why}");
        assert!(print_fonts(&[]).is_err());
        let paths = crate::Settings::default().print_fonts;
        if let (Ok(a), Ok(b)) = (print_fonts(&paths), print_fonts(&paths)) {
            assert!(Arc::ptr_eq(&a, &b), "the same fonts, not read again");
        }
    }
}
