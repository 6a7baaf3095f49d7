//! Cancellations after payment and before shipment, as TikTok Shop's `cancel` object.
//!
//! - A buyer asks to cancel a paid order that has not shipped (AWAITING_SHIPMENT), the whole
//!   order or some of its lines, with a reason. The seller approves or rejects (with a
//!   reason) before `seller_deadline` (48 h by default); an unanswered request is approved by
//!   the worker. While a request waits, the order cannot be shipped.
//! - The seller cancels some lines itself (e.g. one item out of stock): decided at once.
//!   Cancelling the whole order goes through `orders::cancel_by_seller`.
//! - Approval releases the units' stock and refunds them through the payment provider:
//!   merchandise of the cancelled units, and the shipping fee when nothing of the order is
//!   left or the seller is at fault (`domain::refunds::RefundableOrder`). When the refund
//!   lands the cancellation is COMPLETE. Cancelling every remaining unit cancels the order.

use jiff::Timestamp;
use shopdeck_domain::cancellations::{
    BuyerCancelReason, CancelAction, CancelRejectReason, CancelStatus, CancelType,
};
use shopdeck_domain::fulfilment::Role;
use shopdeck_domain::ids::{CancellationId, OrderId, RefundId, SellerId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::{CancelReason, OrderStatus, Party};
use shopdeck_domain::refunds::{RefundItem, RefundLine, RefundableOrder};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::cancellations::{self as repo, CancellationRow};
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders::{self as order_repo, OrderLineRow, OrderRow};
use shopdeck_store::{Conn, StoreError};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::buyers::CurrentBuyer;
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::jobs::{self, JobError, JobHandler};
use crate::orders::{Canceller, cancel_in, check_note, order_event, refund_part, refunded_so_far};
use crate::{App, AppError, Refusal, Result};

/// Job: approve a buyer's request the seller did not answer in time.
pub const AUTO_APPROVE: &str = "cancellations.auto_approve";

/// Some units of one line (`line_no` as on the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineUnits {
    pub line_no: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancellationView {
    pub id: CancellationId,
    pub order_id: OrderId,
    pub cancel_type: String,
    pub status: String,
    /// Who asked: BUYER, SELLER or SYSTEM.
    pub role: String,
    pub reason: String,
    pub reason_text: String,
    pub note: Option<String>,
    /// Empty: the whole order.
    pub items: Vec<LineUnits>,
    pub reject_reason: Option<String>,
    pub reject_note: Option<String>,
    pub refund: Option<Money>,
    /// SELLER_RESPOND_CANCEL while the seller must answer.
    pub seller_next_action: Option<String>,
    pub seller_deadline: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

fn view(c: &CancellationRow, currency: Currency) -> CancellationView {
    let reason_text = BuyerCancelReason::parse(&c.reason)
        .map(|r| r.text().to_owned())
        .or_else(|| CancelReason::parse(&c.reason).map(|r| r.as_str().replace('_', " ")))
        .unwrap_or_else(|| c.reason.clone());
    CancellationView {
        id: c.id,
        order_id: c.order_id,
        cancel_type: c.cancel_type.as_str().to_owned(),
        status: c.status.as_str().to_owned(),
        role: c.role.as_str().to_owned(),
        reason: c.reason.clone(),
        reason_text,
        note: c.note.clone(),
        items: serde_json::from_str(&c.items).unwrap_or_default(),
        reject_reason: c.reject_reason.map(|r| r.as_str().to_owned()),
        reject_note: c.reject_note.clone(),
        refund: c.refund_minor.map(|m| Money::new(m, currency)),
        seller_next_action: c.status.seller_next_action().map(|a| a.as_str().to_owned()),
        seller_deadline: c.seller_deadline,
        decided_at: c.decided_at,
        created_at: c.created_at,
    }
}

/// The cancellations of an order, oldest first.
pub(crate) async fn of_order(conn: &mut Conn, order: &OrderRow) -> Result<Vec<CancellationView>> {
    Ok(repo::of_order(conn, order.id)
        .await?
        .iter()
        .map(|c| view(c, order.currency))
        .collect())
}

/// Checks requested units against the order's lines; empty means the whole order.
fn check_items(lines: &[OrderLineRow], items: &[LineUnits]) -> Result<()> {
    for (i, it) in items.iter().enumerate() {
        let Some(line) = lines.iter().find(|l| l.line_no == it.line_no) else {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "unknown-line",
                "The order has no such line",
            ));
        };
        let left = line.quantity - line.cancelled_quantity;
        if it.quantity < 1 || it.quantity > left {
            return Err(AppError::invalid(
                &format!("items[{i}].quantity"),
                "quantity-range",
                format!("Cancel from 1 to {left} units of this line"),
            ));
        }
        if items[..i].iter().any(|o| o.line_no == it.line_no) {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "duplicate",
                "This line is listed twice",
            ));
        }
    }
    Ok(())
}

/// Whether these units are everything of the order that is not cancelled yet.
fn covers_all(lines: &[OrderLineRow], items: &[LineUnits]) -> bool {
    items.is_empty()
        || lines.iter().all(|l| {
            let left = l.quantity - l.cancelled_quantity;
            left == 0
                || items
                    .iter()
                    .any(|it| it.line_no == l.line_no && it.quantity == left)
        })
}

/// What the buyer sends with "Cancel order".
#[derive(Debug, Clone, Copy, Default)]
pub struct BuyerCancel<'a> {
    /// A [`BuyerCancelReason`] code; required when the order is awaiting shipment.
    pub reason: Option<&'a str>,
    pub note: Option<&'a str>,
    /// Some units per line only; empty for the whole order.
    pub items: &'a [LineUnits],
}

/// What "Cancel order" did.
#[derive(Debug, Clone)]
pub enum BuyerCancelled {
    /// Cancelled at once: unpaid, or paid and still in the remorse window.
    Now,
    /// Paid and awaiting shipment: a request the shop answers within its deadline.
    Requested(Box<CancellationView>),
}

/// The buyer's "Cancel order", decided in the transaction that acts on it: an unpaid order or
/// one on hold (the remorse window) is cancelled at once; a paid order awaiting shipment gets
/// a request the shop answers (a reason, a note with Other, and optionally some units per
/// line). The API and the web both call this; neither looks at the status first.
pub async fn cancel_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    order_id: OrderId,
    req: BuyerCancel<'_>,
) -> Result<BuyerCancelled> {
    let note = check_note(req.note)?;
    let mut tx = app.db.begin().await?;
    let order = order_repo::find_order(&mut tx, buyer.id, order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    if order.status != OrderStatus::AwaitingShipment {
        crate::orders::cancel_in(
            app,
            &mut tx,
            &order,
            &crate::orders::Canceller {
                party: Party::Buyer,
                actor: Some(buyer.id.to_string()),
                reason: CancelReason::ChangedMind,
                note,
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        app.wake_worker();
        return Ok(BuyerCancelled::Now);
    }
    let reason = req
        .reason
        .map(str::trim)
        .and_then(BuyerCancelReason::parse)
        .ok_or_else(|| {
            AppError::invalid(
                "reason",
                "unknown-reason",
                "Choose one of the listed reasons",
            )
        })?;
    let row = request_in(app, &mut tx, buyer, &order, reason, note, req.items).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(BuyerCancelled::Requested(Box::new(view(
        &row,
        order.currency,
    ))))
}

/// Opens the buyer's cancellation request on the caller's transaction.
async fn request_in(
    app: &App,
    tx: &mut Conn,
    buyer: &CurrentBuyer,
    order: &OrderRow,
    reason: BuyerCancelReason,
    note: Option<&str>,
    items: &[LineUnits],
) -> Result<CancellationRow> {
    if reason == BuyerCancelReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Say why you want to cancel",
        ));
    }
    let order_id = order.id;
    let status = order.status;
    if !shopdeck_domain::cancellations::buyer_may_request_cancel(status) {
        return Err(match status {
            OrderStatus::Cancelled => {
                AppError::refused(Refusal::OrderCancelled, "the order is already cancelled")
            }
            OrderStatus::Unpaid | OrderStatus::OnHold => AppError::refused(
                Refusal::CancelDirectly,
                "this order can be cancelled directly, without a request",
            ),
            _ => AppError::refused(
                Refusal::CancelAfterShipping,
                "the order has shipped: ask for a return after delivery instead",
            ),
        });
    }
    let lines = order_repo::lines_of(tx, &[order.id]).await?;
    check_items(&lines, items)?;
    let now = app.now();
    let deadline = app.settings.cancel_policy.seller_deadline(now);
    let (kind, pending) = CancelStatus::open(Role::Buyer);
    let id: CancellationId = app.new_id();
    let row = CancellationRow {
        id,
        order_id,
        seller_id: order.seller_id,
        buyer_id: buyer.id,
        cancel_type: kind,
        status: pending,
        role: Role::Buyer,
        reason: reason.as_str().to_owned(),
        note: note.map(str::to_owned),
        items: serde_json::to_string(items).map_err(AppError::internal)?,
        reject_reason: None,
        reject_note: None,
        refund_id: None,
        refund_minor: None,
        seller_deadline: Some(deadline),
        decided_by: None,
        decided_at: None,
        created_at: now,
        updated_at: now,
    };
    if !repo::insert(tx, &row).await? {
        return Err(AppError::refused(
            Refusal::CancellationPending,
            "a cancellation request for this order is already waiting for the seller",
        ));
    }
    order_event(
        app,
        tx,
        order_id,
        Some(status),
        status,
        Party::Buyer,
        Some(buyer.id.to_string()),
        Some(shopdeck_domain::orders::TimelineReason::CancellationRequested.as_str()),
        note,
    )
    .await?;
    jobs::enqueue(
        app,
        tx,
        AUTO_APPROVE,
        serde_json::json!({ "cancellation_id": id }),
        deadline,
        Some(format!("{AUTO_APPROVE}:{id}")),
    )
    .await?;
    crate::inbox::cancellation_requested(app, tx, order).await?;
    Ok(row)
}

/// The buyer withdraws a request still waiting for the seller.
pub async fn withdraw(
    app: &App,
    buyer: &CurrentBuyer,
    id: CancellationId,
) -> Result<CancellationView> {
    let mut tx = app.db.begin().await?;
    let c = repo::find(&mut tx, buyer.id, id)
        .await?
        .ok_or(AppError::NotFound("cancellation"))?;
    let to = transition(&c, CancelAction::BuyerWithdraw)?;
    if !repo::decide(
        &mut tx,
        id,
        c.status.as_str(),
        to.as_str(),
        "BUYER",
        None,
        None,
        app.now(),
    )
    .await?
    {
        return Err(changed());
    }
    let order = order_of(&mut tx, &c).await?;
    tx.commit().await.map_err(StoreError::from)?;
    let mut conn = app.db.conn().await?;
    let row = repo::find(&mut conn, c.buyer_id, id)
        .await?
        .ok_or(AppError::NotFound("cancellation"))?;
    Ok(view(&row, order.currency))
}

fn transition(c: &CancellationRow, action: CancelAction) -> Result<CancelStatus> {
    c.status
        .apply(action)
        .map_err(|e| AppError::refused(Refusal::CancellationState, e.to_string()))
}

fn changed() -> AppError {
    AppError::refused(
        Refusal::ChangedMeanwhile,
        "the cancellation changed meanwhile; reload it",
    )
}

/// The order a request is about, read within the request's shop.
async fn order_of(conn: &mut Conn, c: &CancellationRow) -> Result<OrderRow> {
    order_repo::find_order(conn, c.seller_id, c.order_id)
        .await?
        .ok_or(AppError::NotFound("order"))
}

/// The seller approves a buyer's request: stock released, refund started.
pub async fn approve(
    app: &App,
    actor: &SellerActor,
    id: CancellationId,
) -> Result<CancellationView> {
    actor.require(Area::Orders, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let c = repo::find(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("cancellation"))?;
    let decided = Decider {
        party: Party::Seller,
        actor: Some(actor.user_id.to_string()),
    };
    let order = approve_in(app, &mut tx, &c, CancelAction::SellerApprove, &decided).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "cancellation.approved",
        Some(&id.to_string()),
        serde_json::json!({ "order": c.order_id }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    reload(app, actor.seller_id, id, order.currency).await
}

async fn reload(
    app: &App,
    seller: SellerId,
    id: CancellationId,
    currency: Currency,
) -> Result<CancellationView> {
    let mut conn = app.db.conn().await?;
    let row = repo::find(&mut conn, seller, id)
        .await?
        .ok_or(AppError::NotFound("cancellation"))?;
    Ok(view(&row, currency))
}

struct Decider {
    party: Party,
    actor: Option<String>,
}

/// Approves on the caller's transaction: the whole order through `cancel_in`, or the lines.
async fn approve_in(
    app: &App,
    conn: &mut Conn,
    c: &CancellationRow,
    action: CancelAction,
    by: &Decider,
) -> Result<OrderRow> {
    let to = transition(c, action)?;
    let order = order_of(conn, c).await?;
    let status = order.status;
    if status != OrderStatus::AwaitingShipment {
        return Err(AppError::refused(
            Refusal::OrderState,
            format!(
                "the order is {} now and can no longer be cancelled",
                status.as_str()
            ),
        ));
    }
    let decided_by = match by.party {
        Party::System => "SYSTEM".to_owned(),
        _ => by
            .actor
            .clone()
            .unwrap_or_else(|| by.party.as_str().to_owned()),
    };
    if !repo::decide(
        conn,
        c.id,
        c.status.as_str(),
        to.as_str(),
        &decided_by,
        None,
        None,
        app.now(),
    )
    .await?
    {
        return Err(changed());
    }
    let items: Vec<LineUnits> = serde_json::from_str(&c.items).unwrap_or_default();
    let refund = cancel_units(app, conn, &order, &items, false, by, &c.reason).await?;
    if let Some((refund, amount)) = refund {
        repo::set_refund(conn, c.id, Some(refund), amount, app.now()).await?;
    }
    Ok(order)
}

/// Cancels units of an order (all that is left when `items` covers it): the order itself when
/// nothing remains, otherwise the lines' units, their stock and their refund.
async fn cancel_units(
    app: &App,
    conn: &mut Conn,
    order: &OrderRow,
    items: &[LineUnits],
    seller_fault: bool,
    by: &Decider,
    reason: &str,
) -> Result<Option<(RefundId, i64)>> {
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    let before = refunded_so_far(conn, order.id).await?;
    if covers_all(&lines, items) {
        let why = match by.party {
            Party::Seller => CancelReason::parse(reason).unwrap_or(CancelReason::Other),
            _ => CancelReason::BuyerRequested,
        };
        cancel_in(
            app,
            conn,
            order,
            &Canceller {
                party: by.party,
                actor: by.actor.clone(),
                reason: why,
                note: None,
            },
        )
        .await?;
        let after = refunded_so_far(conn, order.id).await?;
        let latest = order_repo::refunds_of(conn, order.id)
            .await?
            .into_iter()
            .max_by_key(|r| r.created_at);
        return Ok(latest
            .filter(|_| after > before)
            .map(|r| (r.id, after - before)));
    }
    // The refund is computed before the units are marked cancelled.
    let refundable = RefundableOrder {
        lines: lines
            .iter()
            .map(|l| RefundLine {
                unit_price: l.total_minor / l.quantity.max(1),
                quantity: u32::try_from(l.quantity).unwrap_or(u32::MAX),
                refunded_quantity: u32::try_from(l.cancelled_quantity).unwrap_or(0),
            })
            .collect(),
        shipping_fee: order.shipping_fee_minor,
        shipping_refunded: shipping_refunded(&lines, before),
    };
    let refund_items: Vec<RefundItem> = items
        .iter()
        .filter_map(|it| {
            let index = lines.iter().position(|l| l.line_no == it.line_no)?;
            Some(RefundItem {
                line: index,
                quantity: u32::try_from(it.quantity).unwrap_or(0),
            })
        })
        .collect();
    let breakdown = refundable
        .refund(&refund_items, seller_fault)
        .map_err(|e| AppError::invalid("items", "not-refundable", e.to_string()))?;
    let reference = order.id.to_string();
    let mover = Mover::system();
    for it in items {
        let Some(line) = lines.iter().find(|l| l.line_no == it.line_no) else {
            continue;
        };
        if !order_repo::cancel_line_units(conn, order.id, it.line_no, it.quantity).await? {
            return Err(AppError::refused(
                Refusal::ChangedMeanwhile,
                "the order changed meanwhile; reload it",
            ));
        }
        inventory::apply(
            app,
            conn,
            &Change {
                seller: order.seller_id,
                sku: line.sku_id,
                warehouse: line.warehouse_id,
                kind: MovementKind::Release,
                quantity: it.quantity,
                reason: shopdeck_domain::orders::StockReason::LinesCancelled.as_str(),
                reference: Some(&reference),
                mover: &mover,
            },
        )
        .await?;
    }
    let status = order.status;
    order_event(
        app,
        conn,
        order.id,
        Some(status),
        status,
        by.party,
        by.actor.clone(),
        Some(shopdeck_domain::orders::TimelineReason::LinesCancelled.as_str()),
        Some(
            &items
                .iter()
                .map(|it| format!("line {} × {}", it.line_no, it.quantity))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    )
    .await?;
    refund_part(
        app,
        conn,
        order,
        breakdown.total,
        shopdeck_domain::orders::TimelineReason::LinesCancelled.as_str(),
    )
    .await
}

/// The part of the shipping fee refunded so far: what was refunded beyond the cancelled units.
fn shipping_refunded(lines: &[OrderLineRow], refunded: i64) -> i64 {
    let merchandise: i64 = lines
        .iter()
        .map(|l| (l.total_minor / l.quantity.max(1)) * l.cancelled_quantity)
        .sum();
    (refunded - merchandise).max(0)
}

/// The seller rejects a buyer's request, with a reason.
pub async fn reject(
    app: &App,
    actor: &SellerActor,
    id: CancellationId,
    reason: CancelRejectReason,
    note: Option<&str>,
) -> Result<CancellationView> {
    actor.require(Area::Orders, Access::Edit)?;
    let note = check_note(note)?;
    if reason == CancelRejectReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Tell the buyer why you reject the request",
        ));
    }
    let mut tx = app.db.begin().await?;
    let c = repo::find(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("cancellation"))?;
    let to = transition(&c, CancelAction::SellerReject(reason))?;
    if !repo::decide(
        &mut tx,
        id,
        c.status.as_str(),
        to.as_str(),
        &actor.user_id.to_string(),
        Some(reason.as_str()),
        note,
        app.now(),
    )
    .await?
    {
        return Err(changed());
    }
    let order = order_of(&mut tx, &c).await?;
    let status = order.status;
    order_event(
        app,
        &mut tx,
        order.id,
        Some(status),
        status,
        Party::Seller,
        Some(actor.user_id.to_string()),
        Some(shopdeck_domain::orders::TimelineReason::CancellationRejected.as_str()),
        Some(reason.as_str()),
    )
    .await?;
    crate::inbox::cancellation_rejected(app, &mut tx, &order).await?;
    tx.commit().await.map_err(StoreError::from)?;
    reload(app, actor.seller_id, id, order.currency).await
}

/// The seller cancels some lines of an order itself (e.g. one item out of stock); the
/// seller is at fault, so the shipping fee is refunded with them.
pub async fn cancel_lines_by_seller(
    app: &App,
    actor: &SellerActor,
    order_id: OrderId,
    reason: CancelReason,
    note: Option<&str>,
    items: &[LineUnits],
) -> Result<CancellationView> {
    actor.require(Area::Orders, Access::Edit)?;
    let note = check_note(note)?;
    if reason == CancelReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Say why you cancel these units",
        ));
    }
    if !CancelReason::SELLER.contains(&reason) {
        return Err(AppError::invalid(
            "reason",
            "unknown-reason",
            "Choose one of the listed reasons",
        ));
    }
    if items.is_empty() {
        return Err(AppError::invalid(
            "items",
            "required",
            "Choose the lines to cancel",
        ));
    }
    let mut tx = app.db.begin().await?;
    let order = order_repo::find_order(&mut tx, actor.seller_id, order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    if order.status != OrderStatus::AwaitingShipment {
        return Err(AppError::refused(
            Refusal::OrderState,
            "only paid orders that have not shipped can lose lines",
        ));
    }
    if repo::has_pending(&mut tx, order_id).await? {
        return Err(AppError::refused(
            Refusal::AnswerCancellationFirst,
            "the buyer asked to cancel this order: answer the request first",
        ));
    }
    let lines = order_repo::lines_of(&mut tx, &[order.id]).await?;
    check_items(&lines, items)?;
    let now = app.now();
    let (kind, status) = CancelStatus::open(Role::Seller);
    let id: CancellationId = app.new_id();
    let mut row = CancellationRow {
        id,
        order_id,
        seller_id: order.seller_id,
        buyer_id: order.buyer_id,
        cancel_type: kind,
        status,
        role: Role::Seller,
        reason: reason.as_str().to_owned(),
        note: note.map(str::to_owned),
        items: serde_json::to_string(items).map_err(AppError::internal)?,
        reject_reason: None,
        reject_note: None,
        refund_id: None,
        refund_minor: None,
        seller_deadline: None,
        decided_by: Some(actor.user_id.to_string()),
        decided_at: Some(now),
        created_at: now,
        updated_at: now,
    };
    repo::insert(&mut tx, &row).await?;
    let by = Decider {
        party: Party::Seller,
        actor: Some(actor.user_id.to_string()),
    };
    if let Some((refund, amount)) =
        cancel_units(app, &mut tx, &order, items, true, &by, reason.as_str()).await?
    {
        repo::set_refund(&mut tx, id, Some(refund), amount, now).await?;
        row.refund_id = Some(refund);
        row.refund_minor = Some(amount);
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "order.lines_cancelled",
        Some(&order_id.to_string()),
        serde_json::json!({ "reason": reason.as_str(), "items": items }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(view(&row, order.currency))
}

/// Pending requests of the shop, oldest (most urgent) first.
pub async fn pending_for_seller(app: &App, actor: &SellerActor) -> Result<Vec<CancellationView>> {
    actor.require(Area::Orders, Access::View)?;
    let mut conn = app.db.conn().await?;
    let rows = repo::of_seller(
        &mut conn,
        actor.seller_id,
        CancelStatus::Pending.as_str(),
        200,
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in &rows {
        let order = order_of(&mut conn, c).await?;
        out.push(view(c, order.currency));
    }
    Ok(out)
}

/// A refund landed: the cancellation it paid is complete.
pub(crate) async fn refund_landed(conn: &mut Conn, refund: RefundId, now: Timestamp) -> Result<()> {
    repo::complete_for_refund(conn, refund, now).await?;
    Ok(())
}

/// Approves a request the seller left unanswered past its deadline.
pub struct AutoApprove;

#[async_trait::async_trait]
impl JobHandler for AutoApprove {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: CancellationId = job.payload["cancellation_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("auto-approve job without cancellation_id".into()))?;
        auto_approve(app, id)
            .await
            .map_err(|e| JobError(e.to_string()))
    }
}

async fn auto_approve(app: &App, id: CancellationId) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let Some(c) = repo::find_any(&mut tx, id).await? else {
        return Ok(());
    };
    let due = c.seller_deadline.is_some_and(|d| d <= app.now());
    if c.status != CancelStatus::Pending || !due {
        return Ok(());
    }
    let by = Decider {
        party: Party::System,
        actor: None,
    };
    match approve_in(app, &mut tx, &c, CancelAction::SystemAutoApprove, &by).await {
        Ok(_) => {}
        // Shipped or cancelled meanwhile: nothing left to approve.
        Err(AppError::Conflict { .. }) => return Ok(()),
        Err(e) => return Err(e),
    }
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(())
}

/// Whether the type string is a buyer's request.
pub fn is_buyer_request(c: &CancellationView) -> bool {
    c.cancel_type == CancelType::BuyerCancel.as_str()
}
