//! Returns and refunds after delivery, as TikTok Shop's `return` object (DOMAIN b4).
//!
//! - Within the after-sale window (15 days after delivery by default, per shop country) the
//!   buyer asks for a refund only (`REFUND`: the buyer keeps the item, or never got it) or a
//!   return and refund (`RETURN_AND_REFUND`) of some units, with a reason, a note and up to
//!   five photos. One return per order is open at a time.
//! - The seller approves or rejects (with a reason) within 48 hours, else the worker
//!   approves. A refund-only request is then refunded at once. For a return the buyer ships
//!   the item back within 5 days (a return label from Shopdeck, or their own carrier with a
//!   tracking number), else the return is closed; the seller then confirms receipt within 8
//!   days, else the worker confirms it. Confirming pays the refund and, when the seller says
//!   the item can be sold again, puts it back in stock.
//! - A rejected buyer may escalate within 48 hours; an operator then supports the buyer (the
//!   refund goes ahead) or the seller (the return is closed).
//! - Amounts follow `domain::refunds::RefundableOrder`: the units' price, plus the shipping
//!   fee when nothing of the order is left un-refunded or the reason is the seller's fault.
//! - Each step is a row in `return_records` (the timeline), and the return carries who must
//!   act next and by when. While a return is open the order does not complete; when the last
//!   one closes after the window, the order completes.

use bytes::Bytes;
use jiff::Timestamp;
use object_store::path::Path as FilePath;
use shopdeck_domain::fulfilment::{Carrier, Role};
use shopdeck_domain::ids::{OrderId, RefundId, ReturnId, ReturnRecordId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::{OrderStatus, Party};
use shopdeck_domain::refunds::{RefundItem, RefundLine, RefundableOrder};
use shopdeck_domain::returns::{
    ArbitrationStatus, ReceiptRejectReason, ReturnAction, ReturnPolicy, ReturnReason,
    ReturnRejectReason, ReturnState, ReturnStatus, ReturnType,
};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_files::pdf;
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders::{self as order_repo, OrderLineRow, OrderRow};
use shopdeck_store::returns::{self as repo, Move, RecordRow, ReturnFilter, ReturnRow};
use shopdeck_store::{Conn, Owner, StoreError};

use crate::access::{Operator, SellerActor};
use crate::audit::{self, Actor};
use crate::buyers::CurrentBuyer;
use crate::cancellations::LineUnits;
use crate::fulfilment::{COMPLETE_ORDER, after_sale_window};
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::jobs::{self, JobError, JobHandler};
use crate::orders::{check_note, order_event, refund_part, refunded_so_far};
use crate::{App, AppError, Refusal, Result};

/// Job: act on a return whose deadline passed (approve, close, confirm receipt, or end the
/// escalation window of a rejection).
pub const DEADLINE: &str = "returns.deadline";

/// Photos a buyer may add to a request, and the largest one.
pub const MAX_PHOTOS: usize = 5;
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// How the buyer sends a return back.
pub const METHOD_PLATFORM: &str = "PLATFORM";
pub const METHOD_OWN: &str = "BUYER_ARRANGE";

/// A buyer's request.
#[derive(Debug, Clone)]
pub struct ReturnRequest {
    pub return_type: ReturnType,
    pub reason: ReturnReason,
    pub note: Option<String>,
    /// At least one line; a line's units must not have been refunded already.
    pub items: Vec<LineUnits>,
    /// JPEG, PNG or WebP, each at most [`MAX_PHOTO_BYTES`].
    pub photos: Vec<Bytes>,
}

/// One line of a return, with what the buyer sees of it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnItemView {
    pub line_no: i64,
    pub quantity: i64,
    pub title: String,
    pub variant: String,
    pub variant_values: std::collections::BTreeMap<String, String>,
    pub seller_sku: String,
    pub unit_price: Money,
}

/// One step of a return's history.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    /// BUYER, SELLER, OPERATOR or SYSTEM.
    pub role: String,
    pub action: String,
    /// The return's status after the step.
    pub status: String,
    pub note: Option<String>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnView {
    pub id: ReturnId,
    pub order_id: OrderId,
    pub seller_id: shopdeck_domain::ids::SellerId,
    /// The shop's name, for the buyer and the operator.
    pub shop_name: String,
    pub return_type: String,
    pub status: String,
    /// IN_PROGRESS while an operator decides; SUPPORT_BUYER, SUPPORT_SELLER or CLOSED after.
    pub arbitration: Option<String>,
    pub reason: String,
    pub reason_text: String,
    /// Whether the reason is the seller's fault (then the shipping fee is refunded too).
    pub seller_fault: bool,
    pub note: Option<String>,
    pub items: Vec<ReturnItemView>,
    /// How many photos the buyer added; each is at `…/photos/{n}` (0-based).
    pub photos: usize,
    /// The refund: the units' price, the shipping fee part, and the total.
    pub merchandise: Money,
    pub shipping: Money,
    pub refund: Money,
    pub refund_id: Option<RefundId>,
    pub reject_reason: Option<String>,
    pub reject_reason_text: Option<String>,
    pub reject_note: Option<String>,
    /// PLATFORM or BUYER_ARRANGE once the buyer shipped.
    pub return_method: Option<String>,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
    /// The returned units went back to stock.
    pub restocked: bool,
    /// SELLER_RESPOND_REFUND, SELLER_RESPOND_RETURN or SELLER_RESPOND_RECEIVE_PACKAGE while
    /// the seller must act.
    pub seller_next_action: Option<String>,
    /// Who must act next (BUYER or SELLER) and by when; the worker acts after it.
    pub deadline_role: Option<String>,
    pub deadline: Option<Timestamp>,
    /// Something can still happen to the return.
    pub open: bool,
    pub records: Vec<RecordView>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(minor, currency)
}

fn state_of(r: &ReturnRow) -> ReturnState {
    ReturnState {
        return_type: r.return_type,
        status: r.status,
        arbitration: r.arbitration,
    }
}

fn reject_text(r: &ReturnRow) -> Option<String> {
    let reason = r.reject_reason.as_deref()?;
    ReturnRejectReason::parse(reason)
        .map(|x| x.text().to_owned())
        .or_else(|| ReceiptRejectReason::parse(reason).map(|x| x.text().to_owned()))
        .or_else(|| Some(reason.to_owned()))
}

async fn view(conn: &mut Conn, r: &ReturnRow, order: &OrderRow) -> Result<ReturnView> {
    let currency = order.currency;
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    let units: Vec<LineUnits> = serde_json::from_str(&r.items).unwrap_or_default();
    let items = units
        .iter()
        .filter_map(|u| {
            let l = lines.iter().find(|l| l.line_no == u.line_no)?;
            Some(ReturnItemView {
                line_no: u.line_no,
                quantity: u.quantity,
                title: l.title.clone(),
                variant: crate::orders::variant_text(&l.variant),
                variant_values: crate::orders::variant_values(&l.variant),
                seller_sku: l.seller_sku.clone(),
                unit_price: money(unit_paid(l), currency),
            })
        })
        .collect();
    let photos: Vec<String> = serde_json::from_str(&r.photos).unwrap_or_default();
    let state = state_of(r);
    let records = repo::records(conn, r.id)
        .await?
        .into_iter()
        .map(|x| RecordView {
            role: x.role.as_str().to_owned(),
            action: x.action,
            status: x.status.as_str().to_owned(),
            note: x.note,
            at: x.created_at,
        })
        .collect();
    let shop_name = shopdeck_store::sellers::find_seller(conn, r.seller_id)
        .await?
        .map(|s| s.store_name)
        .unwrap_or_default();
    Ok(ReturnView {
        id: r.id,
        order_id: r.order_id,
        seller_id: r.seller_id,
        shop_name,
        return_type: r.return_type.as_str().to_owned(),
        status: r.status.as_str().to_owned(),
        arbitration: r.arbitration.map(|a| a.as_str().to_owned()),
        reason: r.reason.as_str().to_owned(),
        reason_text: r.reason.text().to_owned(),
        seller_fault: r.seller_fault,
        note: r.note.clone(),
        items,
        photos: photos.len(),
        merchandise: money(r.merchandise_minor, currency),
        shipping: money(r.shipping_minor, currency),
        refund: money(r.refund_minor, currency),
        refund_id: r.refund_id,
        reject_reason: r.reject_reason.clone(),
        reject_reason_text: reject_text(r),
        reject_note: r.reject_note.clone(),
        return_method: r.return_method.clone(),
        return_carrier: r.return_carrier.clone(),
        return_tracking: r.return_tracking.clone(),
        restocked: r.restocked,
        seller_next_action: if r.open {
            state.seller_next_action().map(|a| a.as_str().to_owned())
        } else {
            None
        },
        deadline_role: r.deadline_role.map(|role| role.as_str().to_owned()),
        deadline: r.deadline,
        open: r.open,
        records,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// What one unit of a line cost the buyer, after discounts.
fn unit_paid(l: &OrderLineRow) -> i64 {
    l.total_minor / l.quantity.max(1)
}

fn left_of(l: &OrderLineRow) -> i64 {
    l.quantity - l.cancelled_quantity - l.returned_quantity
}

// ---------------------------------------------------------------------------------------
// Eligibility and the buyer's request

/// Whether (and for what) the buyer may ask for a return of an order now.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    pub allowed: bool,
    /// Why not, as a code (`return-window-closed`, `order-cancelled`, `not-delivered`,
    /// `return-in-progress`, `all-refunded`), when not allowed.
    pub reason: Option<Refusal>,
    /// The last moment to ask (after delivery).
    pub window_closes: Option<Timestamp>,
    pub lines: Vec<EligibleLine>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibleLine {
    pub line_no: i64,
    pub title: String,
    pub variant: String,
    pub variant_values: std::collections::BTreeMap<String, String>,
    pub unit_price: Money,
    /// Units that can still be refunded.
    pub returnable: i64,
}

async fn buyer_order(conn: &mut Conn, buyer: &CurrentBuyer, id: OrderId) -> Result<OrderRow> {
    order_repo::find_order(conn, buyer.id, id)
        .await?
        .ok_or(AppError::NotFound("order"))
}

async fn eligibility_in(app: &App, conn: &mut Conn, order: &OrderRow) -> Result<Eligibility> {
    let currency = order.currency;
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    let eligible: Vec<EligibleLine> = lines
        .iter()
        .map(|l| EligibleLine {
            line_no: l.line_no,
            title: l.title.clone(),
            variant: crate::orders::variant_text(&l.variant),
            variant_values: crate::orders::variant_values(&l.variant),
            unit_price: money(unit_paid(l), currency),
            returnable: left_of(l).max(0),
        })
        .collect();
    let window = after_sale_window(app, conn, order.seller_id).await?;
    let window_closes = order.delivered_at.map(|d| d + window);
    let status = order.status;
    let refusal = if status != OrderStatus::Delivered {
        Some(match status {
            OrderStatus::Completed => Refusal::ReturnWindowClosed,
            OrderStatus::Cancelled => Refusal::OrderCancelled,
            _ => Refusal::NotDelivered,
        })
    } else if window_closes.is_some_and(|c| app.now() > c) {
        Some(Refusal::ReturnWindowClosed)
    } else if repo::has_open(conn, order.id).await? {
        Some(Refusal::ReturnInProgress)
    } else if eligible.iter().all(|l| l.returnable == 0) {
        Some(Refusal::AllRefunded)
    } else {
        None
    };
    Ok(Eligibility {
        allowed: refusal.is_none(),
        reason: refusal,
        window_closes,
        lines: eligible,
    })
}

/// An eligibility refusal in English, for the API's `detail`.
fn refusal_detail(why: Refusal) -> &'static str {
    match why {
        Refusal::ReturnWindowClosed => "the after-sale window of this order has closed",
        Refusal::OrderCancelled => "the order was cancelled",
        Refusal::NotDelivered => "a return can be asked for once the order is delivered",
        Refusal::ReturnInProgress => "a return for this order is already in progress",
        Refusal::AllRefunded => "everything in this order has been refunded",
        _ => "a return cannot be asked for now",
    }
}

/// What the buyer may return of an order now.
pub async fn eligibility(
    app: &App,
    buyer: &CurrentBuyer,
    order_id: OrderId,
) -> Result<Eligibility> {
    let mut conn = app.db.conn().await?;
    let order = buyer_order(&mut conn, buyer, order_id).await?;
    eligibility_in(app, &mut conn, &order).await
}

fn check_units(lines: &[OrderLineRow], items: &[LineUnits]) -> Result<()> {
    if items.is_empty() {
        return Err(AppError::invalid(
            "items",
            "required",
            "Choose the items to return or refund",
        ));
    }
    for (i, it) in items.iter().enumerate() {
        let Some(line) = lines.iter().find(|l| l.line_no == it.line_no) else {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "unknown-line",
                "The order has no such line",
            ));
        };
        let left = left_of(line);
        if left <= 0 {
            return Err(AppError::invalid(
                &format!("items[{i}].quantity"),
                "quantity-range",
                "This item has already been refunded",
            ));
        }
        if it.quantity < 1 || it.quantity > left {
            return Err(AppError::invalid(
                &format!("items[{i}].quantity"),
                "quantity-range",
                format!("Choose from 1 to {left} units of this item"),
            ));
        }
        if items[..i].iter().any(|o| o.line_no == it.line_no) {
            return Err(AppError::invalid(
                &format!("items[{i}].line_no"),
                "duplicate",
                "This item is listed twice",
            ));
        }
    }
    Ok(())
}

/// The refund of these units (full amounts, before any payment).
async fn breakdown(
    conn: &mut Conn,
    order: &OrderRow,
    lines: &[OrderLineRow],
    items: &[LineUnits],
    seller_fault: bool,
) -> Result<shopdeck_domain::refunds::RefundBreakdown> {
    let refunded = refunded_so_far(conn, order.id).await?;
    let merchandise_refunded: i64 = lines
        .iter()
        .map(|l| unit_paid(l) * (l.cancelled_quantity + l.returned_quantity))
        .sum();
    let refundable = RefundableOrder {
        lines: lines
            .iter()
            .map(|l| RefundLine {
                unit_price: unit_paid(l),
                quantity: u32::try_from(l.quantity).unwrap_or(u32::MAX),
                refunded_quantity: u32::try_from(l.cancelled_quantity + l.returned_quantity)
                    .unwrap_or(0),
            })
            .collect(),
        shipping_fee: order.shipping_fee_minor,
        shipping_refunded: (refunded - merchandise_refunded).clamp(0, order.shipping_fee_minor),
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
    refundable
        .refund(&refund_items, seller_fault)
        .map_err(|e| AppError::invalid("items", "not-refundable", e.to_string()))
}

fn photo_kind(bytes: &[u8]) -> Option<&'static str> {
    crate::fulfilment::proof_type(bytes).filter(|k| k.starts_with("image/"))
}

/// The buyer asks for a refund or a return of some units of a delivered order.
pub async fn request(
    app: &App,
    buyer: &CurrentBuyer,
    order_id: OrderId,
    req: ReturnRequest,
) -> Result<ReturnView> {
    let note = check_note(req.note.as_deref())?;
    if req.reason == ReturnReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Say what is wrong with the order",
        ));
    }
    if req.photos.len() > MAX_PHOTOS {
        return Err(AppError::invalid(
            "photos",
            "too-many",
            format!("Add at most {MAX_PHOTOS} photos"),
        ));
    }
    for (i, p) in req.photos.iter().enumerate() {
        if p.len() > MAX_PHOTO_BYTES {
            return Err(AppError::invalid(
                &format!("photos[{i}]"),
                "too-large",
                "Each photo may be at most 5 MB",
            ));
        }
        if photo_kind(p).is_none() {
            return Err(AppError::invalid(
                &format!("photos[{i}]"),
                "not-an-image",
                "Photos must be JPEG, PNG or WebP images",
            ));
        }
    }
    let mut tx = app.db.begin().await?;
    let order = buyer_order(&mut tx, buyer, order_id).await?;
    let eligible = eligibility_in(app, &mut tx, &order).await?;
    if let Some(why) = eligible.reason {
        return Err(AppError::refused(why, refusal_detail(why)));
    }
    let lines = order_repo::lines_of(&mut tx, &[order.id]).await?;
    check_units(&lines, &req.items)?;
    let seller_fault = req.reason.is_seller_fault();
    let amounts = breakdown(&mut tx, &order, &lines, &req.items, seller_fault).await?;
    let id: ReturnId = app.new_id();
    let keys: Vec<String> = (0..req.photos.len())
        .map(|n| format!("returns/{}/{id}/{n}", order.seller_id))
        .collect();
    let now = app.now();
    let state = ReturnState::new(req.return_type);
    let policy = policy(app);
    let (role, deadline) = state
        .next_deadline(now, &policy)
        .map(|(r, at)| (Some(r), Some(at)))
        .unwrap_or((None, None));
    let row = ReturnRow {
        id,
        order_id,
        seller_id: order.seller_id,
        buyer_id: buyer.id,
        return_type: req.return_type,
        status: state.status,
        arbitration: None,
        reason: req.reason,
        note: note.map(str::to_owned),
        items: serde_json::to_string(&req.items).map_err(AppError::internal)?,
        photos: serde_json::to_string(&keys).map_err(AppError::internal)?,
        seller_fault,
        merchandise_minor: amounts.merchandise,
        shipping_minor: amounts.shipping,
        refund_minor: amounts.total,
        reject_reason: None,
        reject_note: None,
        return_method: None,
        return_carrier: None,
        return_tracking: None,
        restocked: false,
        refund_id: None,
        deadline,
        deadline_role: role,
        open: true,
        status_at: now,
        created_at: now,
        updated_at: now,
    };
    if !repo::insert(&mut tx, &row).await? {
        return Err(AppError::refused(
            Refusal::ReturnInProgress,
            "a return for this order is already in progress",
        ));
    }
    // Stored once the request is known to be accepted (before the commit, which a failed
    // upload prevents).
    for (key, p) in keys.iter().zip(&req.photos) {
        app.files
            .put(&FilePath::from(key.as_str()), p.clone().into())
            .await
            .map_err(AppError::internal)?;
    }
    record(
        app,
        &mut tx,
        id,
        Role::Buyer,
        Some(buyer.id.to_string()),
        "REQUEST",
        state.status,
        note,
    )
    .await?;
    if let Some(at) = deadline {
        schedule(app, &mut tx, id, &state, at).await?;
    }
    let status = order.status;
    order_event(
        app,
        &mut tx,
        order.id,
        Some(status),
        status,
        Party::Buyer,
        Some(buyer.id.to_string()),
        Some(match req.return_type {
            ReturnType::Refund => shopdeck_domain::orders::TimelineReason::RefundRequested.as_str(),
            ReturnType::ReturnAndRefund => {
                shopdeck_domain::orders::TimelineReason::ReturnRequested.as_str()
            }
        }),
        note,
    )
    .await?;
    crate::inbox::return_requested(app, &mut tx, &row).await?;
    let out = view(&mut tx, &row, &order).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(out)
}

fn policy(app: &App) -> ReturnPolicy {
    ReturnPolicy {
        after_sale_window: app.settings.fulfilment.after_sale_window,
        ..app.settings.return_policy
    }
}

#[expect(clippy::too_many_arguments, reason = "one history row, field by field")]
async fn record(
    app: &App,
    conn: &mut Conn,
    id: ReturnId,
    role: Role,
    actor: Option<String>,
    action: &str,
    status: ReturnStatus,
    note: Option<&str>,
) -> Result<()> {
    let rid: ReturnRecordId = app.new_id();
    repo::insert_record(
        conn,
        &RecordRow {
            id: rid,
            return_id: id,
            role,
            actor,
            action: action.to_owned(),
            status,
            note: note.map(str::to_owned),
            created_at: app.now(),
        },
    )
    .await?;
    Ok(())
}

/// Queues the deadline job of a return that just entered `state`.
async fn schedule(
    app: &App,
    conn: &mut Conn,
    id: ReturnId,
    state: &ReturnState,
    at: Timestamp,
) -> Result<()> {
    jobs::enqueue(
        app,
        conn,
        DEADLINE,
        serde_json::json!({ "return_id": id, "status": state.status.as_str() }),
        at,
        Some(format!("{DEADLINE}:{id}:{}", state.status.as_str())),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Moving a return

/// Who acts.
struct By {
    role: Role,
    actor: Option<String>,
}

/// What else a step does.
#[derive(Default)]
struct Extra<'a> {
    /// The seller's (or the operator's) rejection reason and note.
    reject: Option<(&'a str, Option<&'a str>)>,
    /// The returned units go back to stock (the seller checked them).
    restock: bool,
    note: Option<&'a str>,
}

/// Applies `action` to the return on the caller's transaction: status, deadline, history,
/// the next deadline's job, and the refund when the return reaches SUCCESS.
async fn step(
    app: &App,
    conn: &mut Conn,
    r: &ReturnRow,
    action: ReturnAction,
    by: &By,
    extra: Extra<'_>,
) -> Result<ReturnState> {
    let from = state_of(r);
    let to = from
        .apply(action)
        .map_err(|e| AppError::refused(Refusal::ReturnState, e.to_string()))?;
    let now = app.now();
    let status_changed = to.status != from.status;
    let policy = policy(app);
    // A new status starts its own clock; an escalation ends the buyer's.
    let next = if status_changed {
        to.next_deadline(now, &policy)
    } else {
        None
    };
    let open = !to.is_final();
    let moved = repo::apply(
        conn,
        r.id,
        &Move {
            from_status: r.status.as_str(),
            from_arbitration: r.arbitration.map(|a| a.as_str()),
            status: to.status.as_str(),
            arbitration: to.arbitration.map(|a| a.as_str()),
            deadline: next.map(|(_, at)| at),
            deadline_role: next.map(|(role, _)| role.as_str()),
            open,
            status_changed,
        },
        now,
    )
    .await?;
    if !moved {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the return changed meanwhile; reload it",
        ));
    }
    if let Some((reason, note)) = extra.reject {
        repo::set_rejection(conn, r.id, reason, note).await?;
    }
    let note = extra.note.or(extra.reject.and_then(|(_, n)| n));
    record(
        app,
        conn,
        r.id,
        by.role,
        by.actor.clone(),
        action.as_str(),
        to.status,
        note,
    )
    .await?;
    if let Some((_, at)) = next {
        schedule(app, conn, r.id, &to, at).await?;
    }
    crate::inbox::return_step(app, conn, r, action).await?;
    let order = order_repo::find_order(conn, r.seller_id, r.order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    if extra.restock {
        restock(app, conn, r, &order).await?;
    }
    if to.status == ReturnStatus::Success && from.status != ReturnStatus::Success {
        pay(app, conn, r, &order).await?;
    }
    if !open {
        complete_if_due(app, conn, &order).await?;
    }
    Ok(to)
}

/// Marks the units refunded and starts the refund; a return of an order without a payment
/// (none in practice) completes at once.
async fn pay(app: &App, conn: &mut Conn, r: &ReturnRow, order: &OrderRow) -> Result<()> {
    let units: Vec<LineUnits> = serde_json::from_str(&r.items).unwrap_or_default();
    for u in &units {
        if !order_repo::return_line_units(conn, order.id, u.line_no, u.quantity).await? {
            return Err(AppError::refused(
                Refusal::RefundedMeanwhile,
                "these items were refunded meanwhile",
            ));
        }
    }
    let status = order.status;
    order_event(
        app,
        conn,
        order.id,
        Some(status),
        status,
        Party::System,
        None,
        Some(shopdeck_domain::orders::TimelineReason::RefundApproved.as_str()),
        Some(
            &units
                .iter()
                .map(|u| format!("#{} × {}", u.line_no, u.quantity))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    )
    .await?;
    match refund_part(
        app,
        conn,
        order,
        r.refund_minor,
        shopdeck_domain::orders::TimelineReason::RefundApproved.as_str(),
    )
    .await?
    {
        Some((refund, amount)) => repo::set_refund(conn, r.id, Some(refund), amount).await?,
        None => {
            let mut done = r.clone();
            done.status = ReturnStatus::Success;
            done.arbitration = r.arbitration.map(|_| ArbitrationStatus::SupportBuyer);
            Box::pin(step(
                app,
                conn,
                &done,
                ReturnAction::RefundPaid,
                &By {
                    role: Role::System,
                    actor: None,
                },
                Extra::default(),
            ))
            .await?;
        }
    }
    Ok(())
}

async fn restock(app: &App, conn: &mut Conn, r: &ReturnRow, order: &OrderRow) -> Result<()> {
    let lines = order_repo::lines_of(conn, &[order.id]).await?;
    let units: Vec<LineUnits> = serde_json::from_str(&r.items).unwrap_or_default();
    let reference = r.id.to_string();
    let mover = Mover::system();
    for u in &units {
        let Some(line) = lines.iter().find(|l| l.line_no == u.line_no) else {
            continue;
        };
        inventory::apply(
            app,
            conn,
            &Change {
                seller: order.seller_id,
                sku: line.sku_id,
                warehouse: line.warehouse_id,
                kind: MovementKind::Return,
                quantity: u.quantity,
                reason: shopdeck_domain::orders::StockReason::ReturnReceived.as_str(),
                reference: Some(&reference),
                mover: &mover,
            },
        )
        .await?;
    }
    repo::set_restocked(conn, r.id).await?;
    Ok(())
}

/// Completes the order now when its after-sale window has closed and no return is open.
async fn complete_if_due(app: &App, conn: &mut Conn, order: &OrderRow) -> Result<()> {
    let due = order.complete_after.is_some_and(|at| at <= app.now());
    if due && order.status == OrderStatus::Delivered {
        jobs::enqueue(
            app,
            conn,
            COMPLETE_ORDER,
            serde_json::json!({ "order_id": order.id }),
            app.now(),
            None,
        )
        .await?;
    }
    Ok(())
}

/// The returns of an order, oldest first.
pub async fn of_order(conn: &mut Conn, order: &OrderRow) -> Result<Vec<ReturnView>> {
    let mut rows = repo::of_order(conn, order.id).await?;
    rows.sort_by_key(|r| r.created_at);
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(view(conn, r, order).await?);
    }
    Ok(out)
}

/// Whether an order has a return still open (then it does not complete).
pub async fn has_open(conn: &mut Conn, order: OrderId) -> Result<bool> {
    Ok(repo::has_open(conn, order).await?)
}

/// A return and its order: the owner's (`Some`), or any shop's for operators (`None`).
async fn load(
    conn: &mut Conn,
    owner: Option<Owner>,
    id: ReturnId,
) -> Result<(ReturnRow, OrderRow)> {
    let r = match owner {
        Some(owner) => repo::find(conn, owner, id).await?,
        None => repo::find_any(conn, id).await?,
    };
    let r = r.ok_or(AppError::NotFound("return"))?;
    let order = order_repo::find_order(conn, r.seller_id, r.order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    Ok((r, order))
}

async fn reload(app: &App, owner: Option<Owner>, id: ReturnId) -> Result<ReturnView> {
    let mut conn = app.db.conn().await?;
    let (r, order) = load(&mut conn, owner, id).await?;
    view(&mut conn, &r, &order).await
}

// ---------------------------------------------------------------------------------------
// The buyer

async fn buyer_return(conn: &mut Conn, buyer: &CurrentBuyer, id: ReturnId) -> Result<ReturnRow> {
    repo::find(conn, buyer.id, id)
        .await?
        .ok_or(AppError::NotFound("return"))
}

fn by_buyer(buyer: &CurrentBuyer) -> By {
    By {
        role: Role::Buyer,
        actor: Some(buyer.id.to_string()),
    }
}

pub async fn get_for_buyer(app: &App, buyer: &CurrentBuyer, id: ReturnId) -> Result<ReturnView> {
    let mut conn = app.db.conn().await?;
    let r = buyer_return(&mut conn, buyer, id).await?;
    let (r, order) = load(&mut conn, Some(Owner::Buyer(buyer.id)), r.id).await?;
    view(&mut conn, &r, &order).await
}

/// The buyer's returns, newest first (or those of one order).
pub async fn list_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    order: Option<OrderId>,
) -> Result<Vec<ReturnView>> {
    let mut conn = app.db.conn().await?;
    let rows = repo::list(
        &mut conn,
        &ReturnFilter {
            buyer: Some(buyer.id),
            order,
            limit: 100,
            ..ReturnFilter::default()
        },
    )
    .await?;
    views(&mut conn, &rows).await
}

async fn views(conn: &mut Conn, rows: &[ReturnRow]) -> Result<Vec<ReturnView>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let order = order_repo::find_order(conn, r.seller_id, r.order_id)
            .await?
            .ok_or(AppError::NotFound("order"))?;
        out.push(view(conn, r, &order).await?);
    }
    Ok(out)
}

/// The buyer gives up a request, or an approved return not shipped yet, or a dispute.
pub async fn withdraw(app: &App, buyer: &CurrentBuyer, id: ReturnId) -> Result<ReturnView> {
    let mut tx = app.db.begin().await?;
    let r = buyer_return(&mut tx, buyer, id).await?;
    step(
        app,
        &mut tx,
        &r,
        ReturnAction::BuyerWithdraw,
        &by_buyer(buyer),
        Extra::default(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    reload(app, Some(Owner::Buyer(buyer.id)), id).await
}

/// How the buyer sends the item back.
#[derive(Debug, Clone)]
pub enum ShipBack {
    /// With Shopdeck's return label (the sandbox carrier's numbering).
    Platform,
    /// With a carrier of the buyer's choice and its tracking number.
    Own { carrier: String, tracking: String },
}

/// The buyer sends an approved return back.
pub async fn ship_back(
    app: &App,
    buyer: &CurrentBuyer,
    id: ReturnId,
    how: ShipBack,
) -> Result<ReturnView> {
    let (method, carrier, tracking) = match &how {
        ShipBack::Platform => (
            METHOD_PLATFORM,
            "Shopdeck Sandbox Logistics".to_owned(),
            crate::fulfilment::sandbox_tracking_number(app),
        ),
        ShipBack::Own { carrier, tracking } => {
            let c = Carrier::by_code(carrier.trim()).ok_or_else(|| {
                AppError::invalid(
                    "carrier",
                    "unknown-carrier",
                    "Choose a carrier from the list",
                )
            })?;
            let number = c.check_tracking(tracking).map_err(|e| {
                AppError::invalid("tracking_number", "tracking-format", e.to_string())
            })?;
            (METHOD_OWN, c.name.to_owned(), number)
        }
    };
    let mut tx = app.db.begin().await?;
    let r = buyer_return(&mut tx, buyer, id).await?;
    step(
        app,
        &mut tx,
        &r,
        ReturnAction::BuyerShip,
        &by_buyer(buyer),
        Extra {
            note: Some(&format!("{carrier} {tracking}")),
            ..Extra::default()
        },
    )
    .await?;
    repo::set_shipment(&mut tx, id, method, &carrier, &tracking).await?;
    tx.commit().await.map_err(StoreError::from)?;
    reload(app, Some(Owner::Buyer(buyer.id)), id).await
}

/// The buyer disputes a rejection; an operator decides.
pub async fn escalate(
    app: &App,
    buyer: &CurrentBuyer,
    id: ReturnId,
    note: Option<&str>,
) -> Result<ReturnView> {
    let note = check_note(note)?;
    if note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Tell the platform why the rejection is wrong",
        ));
    }
    let mut tx = app.db.begin().await?;
    let r = buyer_return(&mut tx, buyer, id).await?;
    let window_open = r
        .deadline
        .is_some_and(|d| app.now() <= d && r.deadline_role == Some(Role::Buyer));
    if !window_open || r.arbitration.is_some() {
        return Err(AppError::refused(
            Refusal::EscalationClosed,
            "this return can no longer be escalated",
        ));
    }
    step(
        app,
        &mut tx,
        &r,
        ReturnAction::Escalate,
        &by_buyer(buyer),
        Extra {
            note,
            ..Extra::default()
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    reload(app, Some(Owner::Buyer(buyer.id)), id).await
}

/// The return label (PDF, 4×6 in) of a return the buyer ships with Shopdeck's label.
pub async fn return_label(app: &App, buyer: &CurrentBuyer, id: ReturnId) -> Result<Vec<u8>> {
    let mut conn = app.db.conn().await?;
    let r = buyer_return(&mut conn, buyer, id).await?;
    let (Some(METHOD_PLATFORM), Some(tracking)) =
        (r.return_method.as_deref(), r.return_tracking.clone())
    else {
        return Err(AppError::refused(
            Refusal::NoReturnLabel,
            "this return has no Shopdeck return label",
        ));
    };
    let order = order_repo::find_order(&mut conn, r.seller_id, r.order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    let seller = shopdeck_store::sellers::find_seller(&mut conn, order.seller_id)
        .await?
        .ok_or(AppError::NotFound("shop"))?;
    let warehouse = shopdeck_store::inventory::list_warehouses(&mut conn, order.seller_id)
        .await?
        .into_iter()
        .max_by_key(|w| w.is_default);
    let recipient: crate::orders::Recipient = serde_json::from_str(&order.recipient)
        .map_err(|e| AppError::internal(StoreError::Corrupt(format!("recipient: {e}"))))?;
    let label = pdf::Label {
        size: pdf::LabelSize::FourBySix,
        carrier: r.return_carrier.clone().unwrap_or_default(),
        service: "Return".into(),
        tracking_number: tracking,
        ship_to: pdf::PostalAddress {
            name: format!("{} (returns)", seller.store_name),
            lines: warehouse
                .map(|w| w.address.lines().map(str::to_owned).collect())
                .unwrap_or_else(|| vec![seller.country.clone()]),
            phone: None,
        },
        ship_from: crate::fulfilment::address_of(&recipient),
        package_id: r.id.to_string(),
        order_ids: vec![order.id.to_string()],
        weight_grams: None,
        date: r.updated_at.strftime("%Y-%m-%d").to_string(),
        sandbox: true,
    };
    drop(conn);
    // In the shop's language, which the label is addressed to, with the CJK face for a
    // Japanese or Chinese buyer's address.
    let locale = crate::fulfilment::shop_locale(&seller.country);
    crate::fulfilment::render_documents(app, vec![pdf::Document::Label(label)], locale)
        .await?
        .map_err(AppError::internal)
}

/// One of a return's photos: (content type, bytes).
async fn photo(app: &App, r: &ReturnRow, n: usize) -> Result<(&'static str, Bytes)> {
    let keys: Vec<String> = serde_json::from_str(&r.photos).unwrap_or_default();
    let key = keys.get(n).ok_or(AppError::NotFound("photo"))?;
    let bytes = app
        .files
        .get(&FilePath::from(key.as_str()))
        .await
        .map_err(AppError::internal)?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    let kind = photo_kind(&bytes).unwrap_or("application/octet-stream");
    Ok((kind, bytes))
}

pub async fn photo_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    id: ReturnId,
    n: usize,
) -> Result<(&'static str, Bytes)> {
    let mut conn = app.db.conn().await?;
    let r = buyer_return(&mut conn, buyer, id).await?;
    drop(conn);
    photo(app, &r, n).await
}

// ---------------------------------------------------------------------------------------
// The seller

async fn shop_return(conn: &mut Conn, actor: &SellerActor, id: ReturnId) -> Result<ReturnRow> {
    repo::find(conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("return"))
}

fn by_seller(actor: &SellerActor) -> By {
    By {
        role: Role::Seller,
        actor: Some(actor.user_id.to_string()),
    }
}

/// The seller's tabs of the Returns list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnTab {
    /// Requests to answer.
    ToRespond,
    /// Approved returns the buyer has not sent yet.
    AwaitingShipment,
    /// Returned packages to check.
    ToReceive,
    /// Rejected, and disputes before an operator.
    Rejected,
    /// Refunded or being refunded.
    Refunded,
    /// Withdrawn or closed.
    Closed,
    All,
}

impl ReturnTab {
    pub const ALL: [ReturnTab; 7] = [
        ReturnTab::ToRespond,
        ReturnTab::AwaitingShipment,
        ReturnTab::ToReceive,
        ReturnTab::Rejected,
        ReturnTab::Refunded,
        ReturnTab::Closed,
        ReturnTab::All,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ReturnTab::ToRespond => "to_respond",
            ReturnTab::AwaitingShipment => "awaiting_shipment",
            ReturnTab::ToReceive => "to_receive",
            ReturnTab::Rejected => "rejected",
            ReturnTab::Refunded => "refunded",
            ReturnTab::Closed => "closed",
            ReturnTab::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<ReturnTab> {
        ReturnTab::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn statuses(&self) -> Vec<ReturnStatus> {
        use ReturnStatus as S;
        match self {
            ReturnTab::ToRespond => vec![S::Pending],
            ReturnTab::AwaitingShipment => vec![S::AwaitingBuyerShip],
            ReturnTab::ToReceive => vec![S::BuyerShipped],
            ReturnTab::Rejected => vec![S::Rejected, S::ReceiptRejected],
            ReturnTab::Refunded => vec![S::Success, S::Complete],
            ReturnTab::Closed => vec![S::Cancelled],
            ReturnTab::All => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnPage {
    pub returns: Vec<ReturnView>,
    /// Returns per tab (the whole shop, not just this page).
    pub counts: std::collections::BTreeMap<String, i64>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

fn cursor_of(r: &ReturnRow) -> String {
    format!("{}_{}", r.created_at.as_microsecond(), r.id)
}

fn parse_cursor(s: &str) -> Result<(Timestamp, ReturnId)> {
    let bad = || AppError::invalid("cursor", "cursor", "This cursor is not valid");
    let (t, id) = s.split_once('_').ok_or_else(bad)?;
    let micros: i64 = t.parse().map_err(|_| bad())?;
    let at = Timestamp::from_microsecond(micros).map_err(|_| bad())?;
    Ok((at, id.parse().map_err(|_| bad())?))
}

/// The shop's returns in one tab, newest first, with the count of every tab.
pub async fn list_for_seller(
    app: &App,
    actor: &SellerActor,
    tab: ReturnTab,
    order: Option<OrderId>,
    cursor: Option<&str>,
    limit: u32,
) -> Result<ReturnPage> {
    actor.require(Area::Returns, Access::View)?;
    let before = cursor.map(parse_cursor).transpose()?;
    let limit = u32::try_from(AppError::page_size(
        "page_size",
        Some(i64::from(limit)),
        20,
        50,
    )?)
    .unwrap_or(50);
    let mut conn = app.db.conn().await?;
    let mut rows = repo::list(
        &mut conn,
        &ReturnFilter {
            seller: Some(actor.seller_id),
            statuses: tab.statuses(),
            order,
            before,
            limit: limit + 1,
            ..ReturnFilter::default()
        },
    )
    .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(cursor_of)
    } else {
        None
    };
    let by_status = repo::counts_for_seller(&mut conn, actor.seller_id).await?;
    let mut counts = std::collections::BTreeMap::new();
    for t in ReturnTab::ALL {
        let statuses = t.statuses();
        let n: i64 = by_status
            .iter()
            .filter(|(s, _)| {
                t == ReturnTab::All
                    || statuses.iter().any(|x| x.as_str() == s)
                    || (s == "ARBITRATION" && t == ReturnTab::Rejected)
            })
            .map(|(_, n)| n)
            .sum();
        counts.insert(t.as_str().to_owned(), n);
    }
    Ok(ReturnPage {
        returns: views(&mut conn, &rows).await?,
        counts,
        next_cursor,
    })
}

pub async fn get_for_seller(app: &App, actor: &SellerActor, id: ReturnId) -> Result<ReturnView> {
    actor.require(Area::Returns, Access::View)?;
    let mut conn = app.db.conn().await?;
    let r = shop_return(&mut conn, actor, id).await?;
    let (r, order) = load(&mut conn, Some(Owner::Seller(actor.seller_id)), r.id).await?;
    view(&mut conn, &r, &order).await
}

pub async fn photo_for_seller(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    n: usize,
) -> Result<(&'static str, Bytes)> {
    actor.require(Area::Returns, Access::View)?;
    let mut conn = app.db.conn().await?;
    let r = shop_return(&mut conn, actor, id).await?;
    drop(conn);
    photo(app, &r, n).await
}

async fn seller_step(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    action: ReturnAction,
    extra: Extra<'_>,
    event: &str,
) -> Result<ReturnView> {
    actor.require(Area::Returns, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let r = shop_return(&mut tx, actor, id).await?;
    step(app, &mut tx, &r, action, &by_seller(actor), extra).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        event,
        Some(&id.to_string()),
        serde_json::json!({ "order": r.order_id }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    reload(app, Some(Owner::Seller(actor.seller_id)), id).await
}

/// The seller approves a request: a refund-only request is refunded now; a return waits for
/// the buyer to send the item back.
pub async fn approve(app: &App, actor: &SellerActor, id: ReturnId) -> Result<ReturnView> {
    seller_step(
        app,
        actor,
        id,
        ReturnAction::SellerApprove,
        Extra::default(),
        "return.approved",
    )
    .await
}

/// The seller rejects a request, with a reason (and a note, required with OTHER).
pub async fn reject(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    reason: ReturnRejectReason,
    note: Option<&str>,
) -> Result<ReturnView> {
    let note = check_note(note)?;
    if reason == ReturnRejectReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Tell the buyer why you reject the request",
        ));
    }
    seller_step(
        app,
        actor,
        id,
        ReturnAction::SellerReject(reason),
        Extra {
            reject: Some((reason.as_str(), note)),
            ..Extra::default()
        },
        "return.rejected",
    )
    .await
}

/// The seller received the returned item: the refund is paid, and the units go back to stock
/// when `resellable`.
pub async fn confirm_receipt(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    resellable: bool,
) -> Result<ReturnView> {
    seller_step(
        app,
        actor,
        id,
        ReturnAction::SellerConfirmReceipt,
        Extra {
            restock: resellable,
            ..Extra::default()
        },
        "return.received",
    )
    .await
}

/// The seller received the returned item in a worse state than sold (used, a part missing)
/// and refunds less than the full amount: `refund` (a decimal in the order's currency) must
/// be more than zero and less than the full refund, and the note tells the buyer why. The
/// shipping part is kept last (`RefundBreakdown::partial`).
pub async fn confirm_receipt_partly(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    resellable: bool,
    refund: &str,
    note: Option<&str>,
) -> Result<ReturnView> {
    actor.require(Area::Returns, Access::Edit)?;
    let note = check_note(note)?.ok_or_else(|| {
        AppError::invalid(
            "note",
            "required",
            "Tell the buyer why the refund is partial",
        )
    })?;
    let mut tx = app.db.begin().await?;
    let r = shop_return(&mut tx, actor, id).await?;
    let order = order_repo::find_order(&mut tx, r.seller_id, r.order_id)
        .await?
        .ok_or(AppError::NotFound("order"))?;
    let currency = order.currency;
    let offer = Money::parse_decimal(refund, currency)
        .map_err(|_| {
            AppError::invalid(
                "refund_amount",
                "amount",
                format!("Enter an amount in {}", currency.code()),
            )
        })?
        .amount_minor();
    let full = shopdeck_domain::refunds::RefundBreakdown {
        merchandise: r.merchandise_minor,
        shipping: r.shipping_minor,
        total: r.merchandise_minor + r.shipping_minor,
    };
    let part = full
        .partial(offer)
        .map_err(|e| AppError::invalid("refund_amount", "amount", e.to_string()))?;
    if r.status != ReturnStatus::BuyerShipped || r.arbitration.is_some() {
        return Err(AppError::refused(
            Refusal::NoReturnedPackage,
            "there is no returned package waiting to be checked",
        ));
    }
    repo::set_refund(&mut tx, id, None, part.total).await?;
    let mut r = r;
    r.refund_minor = part.total;
    step(
        app,
        &mut tx,
        &r,
        ReturnAction::SellerConfirmReceipt,
        &by_seller(actor),
        Extra {
            restock: resellable,
            note: Some(note),
            ..Extra::default()
        },
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "return.received",
        Some(&id.to_string()),
        serde_json::json!({ "order": r.order_id, "partial_refund_minor": part.total }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    reload(app, Some(Owner::Seller(actor.seller_id)), id).await
}

/// The seller refuses the returned package (wrong item, used, empty …); the buyer may
/// escalate.
pub async fn reject_receipt(
    app: &App,
    actor: &SellerActor,
    id: ReturnId,
    reason: ReceiptRejectReason,
    note: Option<&str>,
) -> Result<ReturnView> {
    let note = check_note(note)?;
    if reason == ReceiptRejectReason::Other && note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Tell the buyer what is wrong with the package",
        ));
    }
    seller_step(
        app,
        actor,
        id,
        ReturnAction::SellerRejectReceipt(reason),
        Extra {
            reject: Some((reason.as_str(), note)),
            ..Extra::default()
        },
        "return.receipt_rejected",
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The operator

/// Returns under arbitration (IN_PROGRESS first, oldest first), or all escalated ones.
pub async fn disputes(app: &App, _op: &Operator, all: bool) -> Result<Vec<ReturnView>> {
    let mut conn = app.db.conn().await?;
    let mut rows = repo::list(
        &mut conn,
        &ReturnFilter {
            arbitration: (!all).then_some(ArbitrationStatus::InProgress),
            escalated: true,
            limit: 200,
            ..ReturnFilter::default()
        },
    )
    .await?;
    rows.reverse();
    views(&mut conn, &rows).await
}

pub async fn get_for_operator(app: &App, _op: &Operator, id: ReturnId) -> Result<ReturnView> {
    reload(app, None, id).await
}

pub async fn photo_for_operator(
    app: &App,
    _op: &Operator,
    id: ReturnId,
    n: usize,
) -> Result<(&'static str, Bytes)> {
    let mut conn = app.db.conn().await?;
    let r = repo::find_any(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("return"))?;
    drop(conn);
    photo(app, &r, n).await
}

/// The operator's ruling on an escalated return: for the buyer (refund) or the seller (closed).
pub async fn decide(
    app: &App,
    op: &Operator,
    id: ReturnId,
    support_buyer: bool,
    note: Option<&str>,
) -> Result<ReturnView> {
    let note = check_note(note)?;
    if note.is_none() {
        return Err(AppError::invalid(
            "note",
            "required",
            "Explain the decision to the buyer and the seller",
        ));
    }
    let mut tx = app.db.begin().await?;
    let r = repo::find_any(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("return"))?;
    let action = if support_buyer {
        ReturnAction::SupportBuyer
    } else {
        ReturnAction::SupportSeller
    };
    step(
        app,
        &mut tx,
        &r,
        action,
        &By {
            role: Role::Operator,
            actor: Some(op.user_id.to_string()),
        },
        Extra {
            note,
            ..Extra::default()
        },
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(op),
        Some(r.seller_id),
        "return.arbitrated",
        Some(&id.to_string()),
        serde_json::json!({ "support": if support_buyer { "BUYER" } else { "SELLER" } }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    reload(app, None, id).await
}

// ---------------------------------------------------------------------------------------
// The worker

/// A refund landed: the return it paid is complete.
pub async fn refund_landed(app: &App, conn: &mut Conn, refund: RefundId) -> Result<()> {
    let Some(r) = repo::find_by_refund_any(conn, refund).await? else {
        return Ok(());
    };
    if r.status != ReturnStatus::Success {
        return Ok(());
    }
    step(
        app,
        conn,
        &r,
        ReturnAction::RefundPaid,
        &By {
            role: Role::System,
            actor: None,
        },
        Extra::default(),
    )
    .await?;
    Ok(())
}

/// Acts for whoever let a return's deadline pass.
pub struct Deadline;

#[async_trait::async_trait]
impl JobHandler for Deadline {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: ReturnId = job.payload["return_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("return deadline job without return_id".into()))?;
        on_deadline(app, id)
            .await
            .map_err(|e| JobError(e.to_string()))
    }
}

async fn on_deadline(app: &App, id: ReturnId) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let Some(r) = repo::find_any(&mut tx, id).await? else {
        return Ok(());
    };
    let due = r.deadline.is_some_and(|d| d <= app.now());
    if !r.open || !due {
        return Ok(());
    }
    let state = state_of(&r);
    let system = By {
        role: Role::System,
        actor: None,
    };
    match state.status.timeout_action() {
        Some(action) => {
            step(app, &mut tx, &r, action, &system, Extra::default()).await?;
        }
        // A rejection nobody escalated in time: final now.
        None if state.arbitration.is_none()
            && matches!(
                state.status,
                ReturnStatus::Rejected | ReturnStatus::ReceiptRejected
            ) =>
        {
            let moved = repo::apply(
                &mut tx,
                r.id,
                &Move {
                    from_status: r.status.as_str(),
                    from_arbitration: None,
                    status: r.status.as_str(),
                    arbitration: None,
                    deadline: None,
                    deadline_role: None,
                    open: false,
                    status_changed: false,
                },
                app.now(),
            )
            .await?;
            if moved {
                record(
                    app,
                    &mut tx,
                    r.id,
                    Role::System,
                    None,
                    "ESCALATION_WINDOW_CLOSED",
                    state.status,
                    None,
                )
                .await?;
                let order = order_repo::find_order(&mut tx, r.seller_id, r.order_id)
                    .await?
                    .ok_or(AppError::NotFound("order"))?;
                complete_if_due(app, &mut tx, &order).await?;
            }
        }
        None => {}
    }
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(())
}
