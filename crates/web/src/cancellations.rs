//! Cancellations after payment and before shipment (TikTok Shop's `cancel` object) in the
//! browser: the buyer asks to cancel a paid order that has not shipped — all of it or some
//! units — and may withdraw the request while it waits; the seller approves or rejects it with
//! a reason, from the order page or from the list of requests waiting for an answer, and
//! cancels some units itself through the order page's cancel form. Members need Orders: view
//! to see requests, edit to answer them.
//!
//! The pieces of both order pages live here; `checkout` (buyer) and `orders` (seller) place
//! them.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_app::buyers::CurrentBuyer;
use shopdeck_app::cancellations::{self as cxl, CancellationView, LineUnits};
use shopdeck_app::orders::{self, LineView, MAX_NOTE, OrderDetail};
use shopdeck_domain::cancellations::{BuyerCancelReason, CancelRejectReason, CancelStatus};
use shopdeck_domain::ids::{CancellationId, OrderId};
use shopdeck_domain::orders::{CancelReason, OrderStatus};
use shopdeck_domain::roles::Access;

use crate::WebState;
use crate::error::WebError;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text, value};
use crate::layout;
use crate::order_parts::{Again, Answered, OrderRef, is_pending, pending_of, typed_quantities};
use crate::page::{Page, redirect};
use crate::reply::Out;
use crate::seller_parts::{ORDERS, duration_text, field_error, party_name, t_or};

const SECTION: &str = "orders";
/// The seller's list of requests waiting for an answer.
pub(crate) const LIST: &str = "/seller/orders/cancellations";

// ---------------------------------------------------------------------------------------
// Units of lines: the number boxes of the buyer's request and the seller's cancel form

fn qty_field(line_no: i64) -> String {
    format!("qty_{line_no}")
}

/// Units of a line not cancelled yet.
pub(crate) fn remaining(l: &LineView) -> i64 {
    (l.quantity - l.cancelled_quantity).max(0)
}

/// Whether more than one unit of the order is left, so some may go and the rest stay.
pub(crate) fn divisible(lines: &[LineView]) -> bool {
    lines.iter().map(remaining).sum::<i64>() > 1
}

fn qty_message(page: &Page, max: i64) -> String {
    page.ta("cxl-error-qty", &[("max", &max.to_string())])
}

fn line_title(page: &Page, l: &LineView) -> String {
    if l.variant.is_empty() {
        l.title.clone()
    } else {
        format!(
            "{} · {}",
            l.title,
            crate::product_parts::variant_words(page, &l.variant_values, &l.variant)
        )
    }
}

fn title_of(page: &Page, lines: &[LineView], line_no: i64) -> String {
    lines
        .iter()
        .find(|l| l.line_no == line_no)
        .map_or_else(|| format!("#{line_no}"), |l| line_title(page, l))
}

/// The units typed per line. Nothing typed (every box empty or 0) means the whole order; a box
/// that is not a whole number from 0 to the units left gets a message beside it.
pub(crate) fn units_from(
    page: &Page,
    lines: &[LineView],
    typed: &BTreeMap<i64, String>,
) -> Result<Vec<LineUnits>, FormErrors> {
    let mut items = Vec::new();
    let mut errors = FormErrors::default();
    for l in lines {
        let Some(raw) = typed.get(&l.line_no).map(|v| v.trim()) else {
            continue;
        };
        if raw.is_empty() {
            continue;
        }
        let left = remaining(l);
        match raw.parse::<i64>() {
            Ok(0) => {}
            Ok(n) if (1..=left).contains(&n) => items.push(LineUnits {
                line_no: l.line_no,
                quantity: n,
            }),
            _ => {
                errors
                    .fields
                    .insert(qty_field(l.line_no), qty_message(page, left));
            }
        }
    }
    if errors.fields.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

/// A use-case's complaint about `items[i]…`, placed beside that line's box: (field, message).
pub(crate) fn item_error(
    page: &Page,
    field: &str,
    items: &[LineUnits],
    lines: &[LineView],
) -> Option<(String, String)> {
    let i: usize = field
        .strip_prefix("items[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let it = items.get(i)?;
    let left = lines
        .iter()
        .find(|l| l.line_no == it.line_no)
        .map_or(0, remaining);
    Some((qty_field(it.line_no), qty_message(page, left)))
}

/// One number box per line with units left: how many of them to cancel.
pub(crate) fn quantity_inputs(
    page: &Page,
    lines: &[LineView],
    typed: &BTreeMap<i64, String>,
    errors: &FormErrors,
) -> Markup {
    html! {
        @for l in lines.iter().filter(|l| remaining(l) > 0) {
            @let name = qty_field(l.line_no);
            @let id = format!("qty-{}", l.line_no);
            @let err = errors.field(&name);
            div .field .qty-field {
                label for=(id) {
                    (page.ta("cxl-qty-label", &[("title", &line_title(page, l)), ("max", &remaining(l).to_string())]))
                }
                input id=(id) type="number" name=(name) min="0" max=(remaining(l)) step="1" inputmode="numeric"
                    value=(typed.get(&l.line_no).map_or("", String::as_str))
                    aria-invalid=[err.map(|_| "true")]
                    aria-describedby=[err.map(|_| format!("{id}-error"))];
                (field_error(errors, &name, &id))
            }
        }
    }
}

/// "2 of 4 cancelled" under a line that lost units.
pub(crate) fn line_cancelled(page: &Page, l: &LineView) -> Markup {
    html! {
        @if l.cancelled_quantity > 0 {
            span .cancelled-units .small data-line=(l.line_no) {
                (page.ta("cxl-line-cancelled", &[("n", &l.cancelled_quantity.to_string()), ("of", &l.quantity.to_string())]))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Words

fn buyer_reason_name(page: &Page, code: &str) -> String {
    match BuyerCancelReason::parse(code) {
        Some(r) => t_or(page, &format!("cxl-reason-{}", r.as_str()), r.text()),
        None => code.to_owned(),
    }
}

pub(crate) fn reject_reason_name(page: &Page, code: &str) -> String {
    match CancelRejectReason::parse(code) {
        Some(r) => t_or(page, &format!("cxl-reject-{}", r.as_str()), r.text()),
        None => code.to_owned(),
    }
}

/// Why it was asked for: the buyer's reason, or the shop's (in the Seller Center's words when
/// `seller`, else the storefront's).
fn reason_of(page: &Page, c: &CancellationView, seller: bool) -> String {
    if cxl::is_buyer_request(c) {
        return buyer_reason_name(page, &c.reason);
    }
    match CancelReason::parse(&c.reason) {
        Some(r) => {
            let prefix = if seller { "ord-reason-" } else { "buy-reason-" };
            t_or(page, &format!("{prefix}{}", r.as_str()), &c.reason_text)
        }
        None => c.reason_text.clone(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pending,
    Approved,
    Refunded,
    Rejected,
    Withdrawn,
}

fn outcome(c: &CancellationView) -> Outcome {
    match CancelStatus::parse(&c.status) {
        Some(CancelStatus::Pending) => Outcome::Pending,
        Some(CancelStatus::Success) => Outcome::Approved,
        Some(CancelStatus::Complete) => Outcome::Refunded,
        _ if c.reject_reason.is_some() => Outcome::Rejected,
        _ => Outcome::Withdrawn,
    }
}

fn outcome_key(c: &CancellationView) -> &'static str {
    let by_shop = !cxl::is_buyer_request(c);
    match (outcome(c), by_shop) {
        (Outcome::Pending, _) => "pending",
        (Outcome::Approved, false) => "approved",
        (Outcome::Approved, true) => "shop-approved",
        (Outcome::Refunded, false) => "refunded",
        (Outcome::Refunded, true) => "shop-refunded",
        (Outcome::Rejected, _) => "rejected",
        (Outcome::Withdrawn, _) => "withdrawn",
    }
}

fn outcome_class(c: &CancellationView) -> &'static str {
    match outcome(c) {
        Outcome::Pending => "status-pending",
        Outcome::Approved | Outcome::Refunded => "status-deleted",
        Outcome::Rejected | Outcome::Withdrawn => "badge-source",
    }
}

fn seller_outcome(page: &Page, c: &CancellationView) -> String {
    let key = format!("cxl-seller-status-{}", outcome_key(c));
    match (outcome(c), &c.reject_reason) {
        (Outcome::Rejected, Some(r)) => page.ta(&key, &[("reason", &reject_reason_name(page, r))]),
        _ => page.t(&key),
    }
}

fn buyer_outcome(page: &Page, c: &CancellationView) -> String {
    let key = format!("cxl-buyer-status-{}", outcome_key(c));
    match (outcome(c), &c.reject_reason) {
        (Outcome::Pending, _) => {
            let until = c
                .seller_deadline
                .map(|t| page.time_text(t))
                .unwrap_or_default();
            page.ta(&key, &[("time", &until)])
        }
        (Outcome::Rejected, Some(r)) => page.ta(&key, &[("reason", &reject_reason_name(page, r))]),
        _ => page.t(&key),
    }
}

/// The units a cancellation covers: the whole order, or "2 × title" per line.
fn units(page: &Page, c: &CancellationView, lines: &[LineView]) -> Markup {
    html! {
        @if c.items.is_empty() {
            span .cxl-units { (page.t("cxl-units-all")) }
        } @else {
            ul .cxl-units {
                @for it in &c.items {
                    li {
                        (page.ta("cxl-unit-line", &[("n", &it.quantity.to_string()), ("title", &title_of(page, lines, it.line_no))]))
                    }
                }
            }
        }
    }
}

/// "1 d 23 h left" to answer, or "late by 2 h".
fn answer_left(page: &Page, due: Timestamp, now: Timestamp) -> Markup {
    let left = due.duration_since(now);
    let late = left.is_negative();
    let soon = left < SignedDuration::from_hours(12);
    let text = duration_text(page, left);
    html! {
        span class=(if late { "time-left late" } else if soon { "time-left soon" } else { "time-left" }) data-due=(due) {
            @if late { (page.ta("ord-time-late", &[("time", &text)])) }
            @else { (page.ta("ord-time-left", &[("time", &text)])) }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The seller's order page

/// The seller's answer as sent: a reject form's reason and note, and where the form was.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// `list` when sent from the list of requests, else from the order page.
    #[serde(default)]
    from: String,
    #[serde(default)]
    order_id: String,
}

/// A refused answer: the form as typed and why (all empty on a plain view).
#[derive(Debug, Default)]
pub(crate) struct AnswerState {
    pub form: AnswerForm,
    pub errors: FormErrors,
}

/// Approve, and Reject with a reason (opened when it was refused for one of its fields).
fn answer_forms(
    page: &Page,
    c: &CancellationView,
    from: &str,
    typed: &AnswerForm,
    errors: &FormErrors,
) -> Markup {
    let id = c.id;
    let reason_id = format!("reject-reason-{id}");
    let note_id = format!("reject-note-{id}");
    let reason_err = errors.field("reason");
    let note_err = errors.field("note");
    let open = !errors.fields.is_empty();
    let hidden = html! {
        (csrf_field(page))
        input type="hidden" name="from" value=(from);
        input type="hidden" name="order_id" value=(c.order_id);
    };
    html! {
        div .cxl-answer {
            form .cxl-approve method="post" action={ "/seller/cancellations/" (id) "/approve" } {
                (hidden)
                button type="submit" .primary .auto { (page.t("cxl-approve")) }
                p .hint { (page.t("cxl-approve-hint")) }
            }
            details .cxl-reject open[open] {
                summary { (page.t("cxl-reject-open")) }
                form method="post" action={ "/seller/cancellations/" (id) "/reject" } novalidate {
                    (hidden)
                    p .hint { (page.t("cxl-reject-hint")) }
                    div .field {
                        label for=(reason_id) { (page.t("cxl-reject-reason")) }
                        select id=(reason_id) name="reason" required
                            aria-invalid=[reason_err.map(|_| "true")]
                            aria-describedby=[reason_err.map(|_| format!("{reason_id}-error"))] {
                            option value="" { (page.t("ord-cancel-choose")) }
                            @for r in CancelRejectReason::ALL {
                                option value=(r.as_str()) selected[typed.reason == r.as_str()] { (reject_reason_name(page, r.as_str())) }
                            }
                        }
                        (field_error(errors, "reason", &reason_id))
                    }
                    div .field {
                        label for=(note_id) { (page.t("cxl-reject-note")) }
                        p .hint id={ (note_id) "-hint" } { (page.t("cxl-reject-note-hint")) }
                        textarea id=(note_id) name="note" rows="2" maxlength=(MAX_NOTE)
                            aria-invalid=[note_err.map(|_| "true")]
                            aria-describedby=(if note_err.is_some() { format!("{note_id}-hint {note_id}-error") } else { format!("{note_id}-hint") }) {
                            (typed.note)
                        }
                        (field_error(errors, "note", &note_id))
                    }
                    button type="submit" .auto { (page.t("cxl-reject-submit")) }
                }
            }
        }
    }
}

/// The buyer's request waiting for the seller, above the shipment panel.
pub(crate) fn pending_panel(
    page: &Page,
    o: &OrderDetail,
    c: &CancellationView,
    editable: bool,
    state: &AnswerState,
    now: Timestamp,
) -> Markup {
    html! {
        section .card .alert-pending #cancel-request data-status=(c.status) {
            h2 { (page.t("cxl-seller-pending-title")) }
            p .hint { (page.t("cxl-seller-pending-hint")) }
            dl .facts {
                dt { (page.t("cxl-reason")) } dd #request-reason { (reason_of(page, c, true)) }
                @if let Some(n) = &c.note { dt { (page.t("cxl-note")) } dd #request-note { (n) } }
                dt { (page.t("cxl-items")) } dd #request-units { (units(page, c, &o.summary.lines)) }
                dt { (page.t("cxl-requested-at")) } dd { (page.time(c.created_at)) }
                @if let Some(d) = c.seller_deadline {
                    dt { (page.t("cxl-answer-by")) } dd #answer-by { (page.time(d)) }
                    dt { (page.t("cxl-time-to-answer")) } dd { (answer_left(page, d, now)) }
                }
            }
            @if editable {
                (answer_forms(page, c, "order", &state.form, &state.errors))
            } @else {
                p .muted { (page.t("ord-view-only")) }
            }
        }
    }
}

/// The shipment panel while a request waits: answer it first.
pub(crate) fn ship_blocked(page: &Page) -> Markup {
    html! {
        section .card #ship {
            h2 { (page.t("shipf-arrange-title")) }
            p .notice role="status" #ship-blocked {
                (page.t("cxl-ship-blocked")) " "
                a href="#cancel-request" { (page.t("cxl-seller-pending-title")) }
            }
        }
    }
}

/// The order's decided cancellations with their outcome.
pub(crate) fn history(page: &Page, o: &OrderDetail) -> Markup {
    let past: Vec<&CancellationView> = o.cancellations.iter().filter(|c| !is_pending(c)).collect();
    html! {
        @if !past.is_empty() {
            section .card #cancellations {
                h2 { (page.t("cxl-history-title")) }
                div .table-wrap { table .products {
                    (layout::table_head(page, &["ord-col-time", "cxl-col-by", "cxl-reason", "cxl-items", "cxl-col-outcome", "cxl-refund"]))
                    tbody {
                        @for c in past {
                            tr id={ "cancellation-" (c.id) } data-status=(c.status) {
                                td { (page.time(c.created_at)) }
                                td { (party_name(page, &c.role)) }
                                td {
                                    (reason_of(page, c, true))
                                    @if let Some(n) = &c.note { br; span .muted .small { q { (n) } } }
                                }
                                td { (units(page, c, &o.summary.lines)) }
                                td .cxl-outcome {
                                    span class={ "badge " (outcome_class(c)) } { (seller_outcome(page, c)) }
                                    @if let Some(n) = &c.reject_note { br; span .muted .small { q { (n) } } }
                                }
                                td {
                                    @match &c.refund {
                                        Some(m) => (page.money(m)),
                                        None => span .muted { "—" },
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// The order list's notice: requests waiting for an answer, linking to their list.
pub(crate) fn list_notice(page: &Page, waiting: usize) -> Markup {
    let n = i64::try_from(waiting).unwrap_or(i64::MAX);
    html! {
        @if n > 0 {
            p .notice .alert-pending #cancel-requests role="status" {
                a href=(LIST) { (page.tn("cxl-list-notice", n, &[])) }
            }
        }
    }
}

/// How many requests wait for the shop's answer (at most the use-case's page of 200).
pub(crate) async fn waiting(state: &WebState, a: &SellerActor) -> Result<usize, AppError> {
    Ok(cxl::pending_for_seller(&state.app, a).await?.len())
}

// ---------------------------------------------------------------------------------------
// The seller's list of requests

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    notice: Option<String>,
}

/// The list, with one request's refused answer shown in its row.
async fn render_list(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    notice: Option<String>,
    refused: Option<(CancellationId, &AnswerState)>,
    status: StatusCode,
) -> Out {
    let pending = cxl::pending_for_seller(&state.app, a)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    let mut details: HashMap<OrderId, OrderDetail> = HashMap::new();
    for c in &pending {
        if let Entry::Vacant(slot) = details.entry(c.order_id) {
            let d = orders::detail_for_seller(&state.app, a, c.order_id)
                .await
                .map_err(|e| ORDERS.fail(page, e))?;
            slot.insert(d);
        }
    }
    let now = state.app.now();
    let editable = ORDERS.can_edit(a);
    let blank = AnswerState::default();
    let content = html! {
        p { a href="/seller/orders" { "← " (page.t("ord-back")) } }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        @if let Some((_, s)) = refused { (form_error(&s.errors)) }
        p .hint { (page.t("cxl-list-hint")) }
        @if pending.is_empty() {
            p .notice #no-requests { (page.t("cxl-list-empty")) }
        } @else {
            div .table-wrap { table .products #requests {
                thead { tr {
                    th scope="col" { (page.t("ord-col-order")) }
                    th scope="col" { (page.t("cxl-requested-at")) }
                    th scope="col" { (page.t("cxl-reason")) }
                    th scope="col" { (page.t("cxl-items")) }
                    th scope="col" { (page.t("cxl-answer-by")) }
                    @if editable { th scope="col" { span .visually-hidden { (page.t("ord-col-actions")) } } }
                } }
                tbody {
                    @for c in &pending {
                        @let d = details.get(&c.order_id);
                        @let lines = d.map_or(&[][..], |d| d.summary.lines.as_slice());
                        @let mine = refused.filter(|(id, _)| *id == c.id).map_or(&blank, |(_, s)| s);
                        tr id={ "request-" (c.id) } {
                            td {
                                a href={ "/seller/orders/" (c.order_id) } { code { (c.order_id) } }
                                @if let Some(d) = d { br; span .muted .small { (d.summary.buyer_name) } }
                            }
                            td { (page.time(c.created_at)) }
                            td {
                                (reason_of(page, c, true))
                                @if let Some(n) = &c.note { br; span .muted .small { q { (n) } } }
                            }
                            td { (units(page, c, lines)) }
                            td {
                                @if let Some(due) = c.seller_deadline {
                                    (page.time(due)) br; (answer_left(page, due, now))
                                }
                            }
                            @if editable {
                                td { (answer_forms(page, c, "list", &mine.form, &mine.errors)) }
                            }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::seller_reply(
        page,
        status,
        SECTION,
        &page.t("cxl-list-title"),
        content,
    ))
}

/// `GET /seller/orders/cancellations`: the buyers' requests waiting for the shop's answer,
/// the most urgent first.
pub async fn pending_list(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    let notice = page.notice(
        q.notice.as_deref(),
        &[
            ("approved", "cxl-notice-approved"),
            ("rejected", "cxl-notice-rejected"),
        ],
    );
    render_list(&state, &page, &a, notice, None, StatusCode::OK).await
}

/// Where a decided request sends the seller: back to the list or to the order.
fn done_href(f: &AnswerForm, order: OrderId, what: &str) -> String {
    if f.from == "list" {
        format!("{LIST}?notice={what}")
    } else {
        format!("/seller/orders/{order}?notice=cancel-{what}")
    }
}

/// A refused answer, shown on the page it came from: the list here, or the order's page
/// (which `orders` renders).
async fn refused(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: CancellationId,
    s: AnswerState,
    status: StatusCode,
) -> Answered<AnswerState> {
    let order = (s.form.from != "list")
        .then(|| s.form.order_id.parse::<OrderId>().ok())
        .flatten();
    match order {
        Some(order) => Ok(Err(Again {
            order: OrderRef::Id(order),
            form: s,
            status,
        })),
        None => Ok(Ok(render_list(
            state,
            page,
            a,
            None,
            Some((id, &s)),
            status,
        )
        .await?)),
    }
}

/// `POST /seller/cancellations/{id}/approve` (routed through `orders`, which shows a refusal
/// on the order page): the units are cancelled, their stock released and the buyer refunded.
pub(crate) async fn approve(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: CancellationId,
    f: AnswerForm,
) -> Answered<AnswerState> {
    let result = cxl::approve(&state.app, a, id).await.map(|c| c.order_id);
    answered(state, page, a, id, f, result, "approved").await
}

/// `POST /seller/cancellations/{id}/reject` (routed through `orders`): the order goes on;
/// the buyer is told why (a note is needed with Other).
pub(crate) async fn reject(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: CancellationId,
    f: AnswerForm,
) -> Answered<AnswerState> {
    let result = match CancelRejectReason::parse(f.reason.trim()) {
        Some(reason) => cxl::reject(&state.app, a, id, reason, Some(f.note.as_str()))
            .await
            .map(|c| c.order_id),
        None => Err(AppError::invalid(
            "reason",
            "unknown-reason",
            "Choose one of the listed reasons",
        )),
    };
    answered(state, page, a, id, f, result, "rejected").await
}

/// An answer's outcome: to the list or the order once `what` is done, else the form again
/// with why.
async fn answered(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: CancellationId,
    f: AnswerForm,
    result: Result<OrderId, AppError>,
    what: &str,
) -> Answered<AnswerState> {
    match result {
        Ok(order) => Ok(Ok(redirect(&done_href(&f, order, what)))),
        Err(AppError::Validation(fields)) => {
            let mut errors = FormErrors::default();
            for fe in fields {
                let msg = match (fe.field.as_str(), fe.code.as_str()) {
                    ("reason", _) => page.t("cxl-error-reason"),
                    ("note", "required") => page.t("cxl-error-reject-note"),
                    ("note", "too-long") => page.t("ord-error-note-too-long"),
                    (_, code) => t_or(page, &format!("error-{code}"), &fe.message),
                };
                errors.fields.entry(fe.field).or_insert(msg);
            }
            let s = AnswerState { form: f, errors };
            refused(state, page, a, id, s, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict { code, .. }) => {
            let s = AnswerState {
                form: f,
                errors: FormErrors {
                    form: Some(refusal_text(page, code)),
                    ..FormErrors::default()
                },
            };
            refused(state, page, a, id, s, StatusCode::CONFLICT).await
        }
        Err(e) => Err(ORDERS.fail(page, e)),
    }
}

// ---------------------------------------------------------------------------------------
// The buyer's order page

/// What the buyer typed into the request form, kept when it is shown again.
#[derive(Debug, Default, Clone)]
pub(crate) struct RequestForm {
    pub reason: String,
    pub note: String,
    pub quantities: BTreeMap<i64, String>,
}

impl RequestForm {
    pub(crate) fn from_pairs(f: &[(String, String)]) -> RequestForm {
        RequestForm {
            reason: value(f, "reason").to_owned(),
            note: value(f, "note").to_owned(),
            quantities: typed_quantities(f),
        }
    }
}

/// The buyer's "Cancel order" (cancelled at once, or a request the shop answers, as the
/// use-case decides). A refusal comes back as the messages to show (beside the fields, or at
/// the top for a conflict) with its status.
pub(crate) async fn cancel(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    d: &OrderDetail,
    typed: &RequestForm,
) -> Result<Result<cxl::BuyerCancelled, (StatusCode, FormErrors)>, WebError> {
    let lines = &d.summary.lines;
    let mut errors = FormErrors::default();
    // The request form was shown (the order awaited shipment): check it here first, so every
    // field's error shows at once. Whether to cancel or to ask is the use-case's decision.
    let requesting = d.summary.status == OrderStatus::AwaitingShipment;
    let reason = BuyerCancelReason::parse(typed.reason.trim());
    if requesting && reason.is_none() {
        errors
            .fields
            .insert("reason".into(), page.t("cxl-error-reason"));
    }
    if reason == Some(BuyerCancelReason::Other) && typed.note.trim().is_empty() {
        errors
            .fields
            .insert("note".into(), page.t("cxl-error-note-required"));
    }
    let items = if requesting {
        match units_from(page, lines, &typed.quantities) {
            Ok(items) => items,
            Err(e) => {
                errors.fields.extend(e.fields);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    if !errors.fields.is_empty() {
        return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors)));
    }
    let sent = cxl::cancel_for_buyer(
        &state.app,
        buyer,
        d.summary.id,
        cxl::BuyerCancel {
            reason: Some(typed.reason.as_str()),
            note: Some(typed.note.as_str()),
            items: &items,
        },
    )
    .await;
    match sent {
        Ok(done) => Ok(Ok(done)),
        Err(AppError::Validation(fields)) => {
            for f in fields {
                let (field, msg) = match (f.field.as_str(), f.code.as_str()) {
                    ("note", "required") => ("note".to_owned(), page.t("cxl-error-note-required")),
                    ("note", "too-long") => (
                        "note".to_owned(),
                        page.ta("buy-error-note-too-long", &[("max", &MAX_NOTE.to_string())]),
                    ),
                    ("reason", _) => ("reason".to_owned(), page.t("cxl-error-reason")),
                    (field, code) => match item_error(page, field, &items, lines) {
                        Some(placed) => placed,
                        None => {
                            errors.form.get_or_insert_with(|| {
                                t_or(page, &format!("error-{code}"), &f.message)
                            });
                            continue;
                        }
                    },
                };
                errors.fields.entry(field).or_insert(msg);
            }
            Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors)))
        }
        Err(AppError::Conflict { code, .. }) => Ok(Err((
            StatusCode::CONFLICT,
            FormErrors {
                form: Some(refusal_text(page, code)),
                ..FormErrors::default()
            },
        ))),
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

/// "Request cancellation": for a paid order that has not shipped, with no request waiting.
pub(crate) fn request_form(
    page: &Page,
    d: &OrderDetail,
    typed: &RequestForm,
    errors: &FormErrors,
) -> Markup {
    let o = &d.summary;
    if o.status != OrderStatus::AwaitingShipment
        || pending_of(d).is_some()
        || o.lines.iter().all(|l| remaining(l) == 0)
    {
        return html! {};
    }
    let reason_err = errors.field("reason");
    let note_err = errors.field("note");
    html! {
        section .card #cancel {
            h2 { (page.t("cxl-request-title")) }
            p .muted { (page.t("cxl-request-hint")) }
            form method="post" action={ "/account/orders/" (o.id) "/cancel" } novalidate {
                (csrf_field(page))
                div .field {
                    label for="reason" { (page.t("cxl-reason")) }
                    select #reason name="reason" required
                        aria-invalid=[reason_err.map(|_| "true")]
                        aria-describedby=[reason_err.map(|_| "reason-error")] {
                        option value="" { (page.t("ord-cancel-choose")) }
                        @for r in BuyerCancelReason::ALL {
                            option value=(r.as_str()) selected[typed.reason == r.as_str()] { (buyer_reason_name(page, r.as_str())) }
                        }
                    }
                    (field_error(errors, "reason", "reason"))
                }
                div .field {
                    label for="note" { (page.t("cxl-request-note")) }
                    p .hint #note-hint { (page.t("cxl-request-note-hint")) }
                    textarea #note name="note" rows="2" maxlength=(MAX_NOTE)
                        aria-invalid=[note_err.map(|_| "true")]
                        aria-describedby=(if note_err.is_some() { "note-hint note-error" } else { "note-hint" }) {
                        (typed.note)
                    }
                    (field_error(errors, "note", "note"))
                }
                @if divisible(&o.lines) {
                    fieldset .buy-fieldset #cancel-units {
                        legend { (page.t("cxl-request-items")) }
                        p .hint { (page.t("cxl-request-items-hint")) }
                        (quantity_inputs(page, &o.lines, &typed.quantities, errors))
                    }
                }
                button type="submit" .auto { (page.t("cxl-request-submit")) }
            }
        }
    }
}

/// The order's cancellations as the buyer sees them, newest first; one waiting for the
/// seller can be withdrawn.
pub(crate) fn buyer_list(page: &Page, d: &OrderDetail) -> Markup {
    let lines = &d.summary.lines;
    html! {
        @if !d.cancellations.is_empty() {
            section .card #cancellations {
                h2 { (page.t("cxl-buyer-title")) }
                ul .buy-lines role="list" {
                    @for c in d.cancellations.iter().rev() {
                        li .cxl-item id={ "cancellation-" (c.id) } data-status=(c.status) {
                            div .buy-line-body {
                                strong .cxl-outcome { (buyer_outcome(page, c)) }
                                @if let Some(n) = c.reject_note.as_ref().filter(|_| outcome(c) == Outcome::Rejected) {
                                    span .cxl-reject-note { q { (n) } }
                                }
                                span .muted .small {
                                    (page.t(if cxl::is_buyer_request(c) { "cxl-requested-at" } else { "cxl-cancelled-at" }))
                                    " " (page.time(c.created_at))
                                }
                                dl .facts {
                                    dt { (page.t("cxl-reason")) }
                                    dd {
                                        (reason_of(page, c, false))
                                        @if let Some(n) = &c.note { br; q { (n) } }
                                    }
                                    dt { (page.t("cxl-items")) } dd { (units(page, c, lines)) }
                                    @if let Some(m) = &c.refund {
                                        dt { (page.t("cxl-refund")) } dd .cxl-refund { (page.money(m)) }
                                    }
                                }
                                @if is_pending(c) {
                                    form method="post" action={ "/account/cancellations/" (c.id) "/withdraw" } {
                                        (csrf_field(page))
                                        input type="hidden" name="order_id" value=(c.order_id);
                                        button type="submit" .auto { (page.t("cxl-withdraw")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
