//! Shipping deadlines, enforced by the durable worker, and the shop-health rates they feed.
//!
//! When an order is paid, jobs are queued for its `ship_by` deadline
//! (`domain::fulfilment::FulfilmentPolicy`): reminders to the shop's owners before it passes
//! (24 h and 4 h by default), the order flagged late (`ship_late_at`) when it passes, and —
//! when the platform's policy says so — cancellation with refund after a grace period
//! (`SHIPPING_OVERDUE`, a seller-fault cancellation). Each job looks at the order when it runs:
//! an order shipped or cancelled meanwhile is left alone.
//!
//! Late-dispatch and seller-fault cancellation rates are computed per shop over a rolling 30
//! days, for the seller's home and the operator console.

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::health::{
    HEALTH_MIN_ORDERS, HealthLevel, HealthThreshold, Rate, late_dispatch_rate,
    seller_fault_cancellation_rate,
};
use shopdeck_domain::ids::{OrderId, SellerId};
use shopdeck_domain::orders::{CancelReason, OrderStatus, Party};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::fulfilment as fulfilment_repo;
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders as order_repo;
use shopdeck_store::{Conn, StoreError, users};

use crate::access::SellerActor;
use crate::jobs::{self, JobError, JobHandler};
use crate::notify::{self, Channel, Message};
use crate::orders::{Canceller, cancel_in, order_event};
use crate::{App, Result};

/// Job: one step of an order's shipping deadline (a reminder, late, auto-cancel).
pub const SHIP_DEADLINE: &str = "orders.ship_deadline";
/// The window of the shop-health rates.
pub const HEALTH_WINDOW: SignedDuration = SignedDuration::from_hours(30 * 24);

/// The deadline steps of an order, in time order: (payload, when, dedupe key).
fn steps(
    app: &App,
    order: OrderId,
    ship_by: Timestamp,
) -> Vec<(serde_json::Value, Timestamp, String)> {
    let policy = &app.settings.fulfilment;
    let mut steps: Vec<(serde_json::Value, Timestamp, String)> = policy
        .reminder_times(ship_by)
        .into_iter()
        .map(|(before, at)| {
            let hours = before.as_hours();
            (
                serde_json::json!({ "order_id": order, "step": "remind", "hours": hours }),
                at,
                format!("remind{hours}"),
            )
        })
        .collect();
    steps.push((
        serde_json::json!({ "order_id": order, "step": "late" }),
        ship_by,
        "late".into(),
    ));
    if let Some(at) = policy.auto_cancel_at(ship_by) {
        steps.push((
            serde_json::json!({ "order_id": order, "step": "auto_cancel" }),
            at,
            "cancel".into(),
        ));
    }
    steps
}

/// Queues the first step after `after` (or the first one to come, without `after`), so an
/// order has one deadline job at a time: most orders ship before any step is due, and their
/// one job finds nothing to do.
async fn queue_next(
    app: &App,
    conn: &mut Conn,
    order: OrderId,
    ship_by: Timestamp,
    after: Option<&str>,
) -> Result<()> {
    let all = steps(app, order, ship_by);
    let next = match after {
        Some(key) => all
            .iter()
            .position(|(_, _, k)| k == key)
            .and_then(|i| all.get(i + 1)),
        None => all
            .iter()
            .find(|(_, at, _)| *at > app.now())
            .or_else(|| all.last()),
    };
    if let Some((payload, at, key)) = next {
        jobs::enqueue(
            app,
            conn,
            SHIP_DEADLINE,
            payload.clone(),
            *at,
            Some(format!("{SHIP_DEADLINE}:{order}:{key}")),
        )
        .await?;
    }
    Ok(())
}

/// Queues the deadline of an order just paid, on the caller's transaction.
pub async fn schedule(
    app: &App,
    conn: &mut Conn,
    order: OrderId,
    ship_by: Timestamp,
) -> Result<()> {
    queue_next(app, conn, order, ship_by, None).await
}

pub struct ShipDeadline;

#[async_trait::async_trait]
impl JobHandler for ShipDeadline {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: OrderId = job.payload["order_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("deadline job without order_id".into()))?;
        let step = job.payload["step"].as_str().unwrap_or_default().to_owned();
        let hours = job.payload["hours"].as_i64().unwrap_or(0);
        run_step(app, id, &step, hours)
            .await
            .map_err(|e| JobError(e.to_string()))
    }
}

async fn run_step(app: &App, id: OrderId, step: &str, hours: i64) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let Some(order) = order_repo::find_order_any(&mut tx, id).await? else {
        return Ok(());
    };
    let status = order.status;
    // Shipped, cancelled, or still on hold (the hold moves nothing): nothing to enforce. A
    // partly shipped order still has units to ship by the deadline.
    if !matches!(
        status,
        OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping
    ) {
        return Ok(());
    }
    let Some(ship_by) = order.ship_by else {
        return Ok(());
    };
    let now = app.now();
    match step {
        "remind" => {
            let mark = hours.to_string();
            // Already sent, or too late for it (the worker was down): on to the next step.
            let send = !order.reminders_sent.split(',').any(|h| h == mark) && now < ship_by;
            if send {
                let left = ship_by.duration_since(now).as_hours().max(0);
                let subject = format!("Ship order {id} within {left} hours");
                let body = format!(
                    "Order {id} must be shipped by {ship_by} (UTC): about {left} hours left.\n\n\
                     Arrange shipment in Orders › To ship: {}/seller/orders/{id}\n\n\
                     Late shipments count against your shop's late-dispatch rate.",
                    app.settings.public_url
                );
                for (user_id, email) in users::list_owner_emails(&mut tx, order.seller_id).await? {
                    notify::queue_kind(
                        app,
                        &mut tx,
                        &Message {
                            channel: Channel::Email,
                            recipient: email,
                            subject: subject.clone(),
                            body: body.clone(),
                            user_id: Some(user_id),
                            seller_id: Some(order.seller_id),
                        },
                        "ship-reminder",
                    )
                    .await?;
                }
                let sent = if order.reminders_sent.is_empty() {
                    mark
                } else {
                    format!("{},{mark}", order.reminders_sent)
                };
                fulfilment_repo::set_reminders(&mut tx, id, &sent).await?;
            }
        }
        "late" => {
            if now < ship_by {
                return Ok(());
            }
            if order.ship_late_at.is_none() {
                fulfilment_repo::mark_late(&mut tx, id, now).await?;
                order_event(
                    app,
                    &mut tx,
                    id,
                    Some(status),
                    status,
                    Party::System,
                    None,
                    Some(shopdeck_domain::orders::TimelineReason::ShippingDeadlinePassed.as_str()),
                    None,
                )
                .await?;
            }
        }
        "auto_cancel" => {
            let due = app.settings.fulfilment.auto_cancel_at(ship_by);
            if due.is_none_or(|at| now < at) {
                return Ok(());
            }
            if order.ship_late_at.is_none() {
                fulfilment_repo::mark_late(&mut tx, id, ship_by).await?;
            }
            // Some parcels of a partly shipped order are on their way: it stays, late, for
            // the seller to ship the rest or cancel it.
            if status == OrderStatus::PartiallyShipping {
                tx.commit().await.map_err(StoreError::from)?;
                return Ok(());
            }
            cancel_in(
                app,
                &mut tx,
                &order,
                &Canceller {
                    party: Party::System,
                    actor: None,
                    reason: CancelReason::ShippingOverdue,
                    note: Some("not shipped by the shipping deadline"),
                },
            )
            .await?;
        }
        _ => return Ok(()),
    }
    let key = match step {
        "remind" => format!("remind{hours}"),
        "late" => "late".to_owned(),
        _ => "cancel".to_owned(),
    };
    if step != "auto_cancel" {
        queue_next(app, &mut tx, id, ship_by, Some(&key)).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Shop health

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateView {
    pub numerator: u64,
    pub denominator: u64,
    /// Basis points (1/100 of a percent), or null without data.
    pub basis_points: Option<u64>,
    /// The rate against its thresholds. Read it together with `enough_data`: with nothing
    /// counted it is `GOOD`, and with few orders one event can make it `BREACH`.
    pub level: HealthLevel,
    /// Whether at least `ShopHealth::min_orders` orders count toward this rate, so that its
    /// level says how the shop is doing.
    pub enough_data: bool,
    pub target_basis_points: u64,
    pub breach_basis_points: u64,
}

fn rate_view(rate: Rate, threshold: HealthThreshold) -> RateView {
    RateView {
        numerator: rate.numerator,
        denominator: rate.denominator,
        basis_points: rate.basis_points(),
        level: threshold.classify(rate),
        enough_data: rate.enough_to_judge(),
        target_basis_points: u64::from(threshold.target_bp),
        breach_basis_points: u64::from(threshold.breach_bp),
    }
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopHealth {
    pub from: Timestamp,
    pub until: Timestamp,
    /// Orders shipped after their shipping deadline, of the orders shipped in the window.
    pub late_dispatch: RateView,
    /// Orders cancelled by the seller or for the seller's fault (not shipped in time), of the
    /// orders paid in the window.
    pub seller_fault_cancellation: RateView,
    /// Returns and refund requests (not withdrawn) whose reason is the seller's fault
    /// (damaged, wrong item, not as described, missing parts, defective), of the orders paid
    /// in the window.
    pub seller_fault_return: RateView,
    /// Orders to ship now whose deadline has passed.
    pub late_to_ship: u64,
    /// How many orders must count toward a rate before its level is a judgement.
    pub min_orders: u64,
}

/// The shop's health over the last 30 days.
pub async fn health(app: &App, seller: SellerId) -> Result<ShopHealth> {
    let until = app.now();
    let from = until - HEALTH_WINDOW;
    let mut conn = app.db.conn().await?;
    let c = fulfilment_repo::health_counts(&mut conn, seller, from, until).await?;
    let (shipped, late, paid, fault, late_now) = (
        c.shipped,
        c.shipped_late,
        c.paid,
        c.seller_fault_cancelled,
        c.late_to_ship,
    );
    let (_, fault_returns) =
        shopdeck_store::returns::seller_fault_counts(&mut conn, seller, from).await?;
    let u = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(ShopHealth {
        from,
        until,
        late_dispatch: rate_view(
            late_dispatch_rate(u(late), u(shipped)),
            HealthThreshold::LATE_DISPATCH,
        ),
        seller_fault_cancellation: rate_view(
            seller_fault_cancellation_rate(u(fault), u(paid)),
            HealthThreshold::SELLER_FAULT_CANCELLATION,
        ),
        seller_fault_return: rate_view(
            Rate::new(u(fault_returns), u(paid)),
            HealthThreshold::SELLER_FAULT_RETURN,
        ),
        late_to_ship: u(late_now),
        min_orders: HEALTH_MIN_ORDERS,
    })
}

/// The acting shop's health.
pub async fn health_for_seller(app: &App, actor: &SellerActor) -> Result<ShopHealth> {
    actor.require(Area::Orders, Access::View)?;
    health(app, actor.seller_id).await
}
