//! Seller Center › Orders: the shop's orders by tab (with counts) with search, placed-date
//! and deadline filters, the time left to ship and cursor pages (the To ship tab ticks orders
//! to ship together); an order's page with its deadlines, items, money, buyer, delivery
//! address (once the order may be fulfilled), payment, refunds, timeline, the shipment panel
//! and its packages (see `fulfilment`), the buyer's cancellation request to answer and past
//! cancellations (see `cancellations`); and the seller's cancellation with a reason, of the
//! whole order or of some units per line. Members need Orders: view to see these pages, edit
//! to cancel or ship.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_app::cancellations as cxl_app;
use shopdeck_app::fulfilment::{self as fulfil, CarrierView};
use shopdeck_app::orders::{self, Deadlines, ListOrders, OrderDetail, OrderPage, OrderSummary};
use shopdeck_domain::ids::{CancellationId, OrderId, PackageId};
use shopdeck_domain::orders::{CancelReason, OrderStatus, OrderTab, TimelineReason};
use shopdeck_domain::roles::Access;

use crate::WebState;
use crate::cancellations::{self as cxl, AnswerForm, AnswerState};
use crate::csrf::CsrfForm;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text, value};
use crate::fulfilment::{DeliveryState, ShipForm, packages_section, ship_panel};
use crate::layout;
use crate::order_parts::{Again, OrderRef, pending_of, typed_quantities};
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::{
    ORDERS, duration_text, error_status, field_error, form_errors, party_name, t_or,
};

const SECTION: &str = "orders";

/// Orders shown per page.
const PAGE_SIZE: i64 = 20;

pub(crate) fn status_name(page: &Page, s: OrderStatus) -> String {
    page.t(&format!("ord-status-{}", s.as_str()))
}

fn status_badge(page: &Page, s: OrderStatus) -> Markup {
    let class = match s {
        OrderStatus::Unpaid | OrderStatus::OnHold => "status-pending",
        OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping => "badge-source",
        OrderStatus::AwaitingCollection
        | OrderStatus::InTransit
        | OrderStatus::Delivered
        | OrderStatus::Completed => "status-live",
        OrderStatus::Cancelled => "status-deleted",
    };
    html! {
        span class={ "badge order-status " (class) } data-status=(s.as_str()) { (status_name(page, s)) }
    }
}

fn reason_name(page: &Page, reason: &str) -> String {
    if let Some(r) = CancelReason::parse(reason) {
        return page.t(&format!("ord-reason-{}", r.as_str()));
    }
    match TimelineReason::parse(reason) {
        Some(r) => page.t(&format!("ord-event-{}", r.as_str())),
        None => reason.to_owned(),
    }
}

/// A timeline note: a rejected cancellation's note is the reject reason's code; other notes
/// are what a person typed.
pub(crate) fn note_text(page: &Page, reason: Option<&str>, note: &str) -> String {
    match reason.and_then(TimelineReason::parse) {
        Some(TimelineReason::CancellationRejected) => cxl::reject_reason_name(page, note),
        _ => note.to_owned(),
    }
}

/// Whether a to-ship deadline is close (within a day) or passed.
fn urgent(t: Timestamp, now: Timestamp) -> bool {
    t <= now
        .checked_add(SignedDuration::from_hours(24))
        .unwrap_or(now)
}

/// One labelled deadline; red when `warn` and it is close or passed.
fn deadline(page: &Page, key: Option<&str>, t: Timestamp, now: Timestamp, warn: bool) -> Markup {
    let hot = warn && urgent(t, now);
    html! {
        span class=(if hot { "deadline urgent badge stock-out" } else { "deadline" }) {
            @if let Some(key) = key { (page.t(key)) " " }
            (page.time(t))
            @if hot && t <= now { " · " strong { (page.t("ord-overdue")) } }
        }
    }
}

fn is_to_ship(s: OrderStatus) -> bool {
    OrderTab::ToShip.statuses().contains(&s)
}

/// "12 h left" or "late by 3 h": the time to the first of the processing and shipping
/// deadlines.
fn time_left(page: &Page, d: &Deadlines, now: Timestamp) -> Markup {
    let due = d.ship_by.map_or(d.process_by, |s| s.min(d.process_by));
    let left = due.duration_since(now);
    let late = left.is_negative();
    let text = duration_text(page, left);
    html! {
        span class=(if late { "time-left late" } else if urgent(due, now) { "time-left soon" } else { "time-left" }) data-due=(due) {
            @if late { (page.ta("ord-time-late", &[("time", &text)])) }
            @else { (page.ta("ord-time-left", &[("time", &text)])) }
        }
    }
}

/// The deadline that matters in the list: paying for unpaid orders, processing and shipping
/// for orders to ship.
fn row_deadlines(page: &Page, o: &OrderSummary, now: Timestamp) -> Markup {
    let d = &o.deadlines;
    html! {
        @if o.status == OrderStatus::Unpaid {
            @if let Some(t) = d.pay_by { (deadline(page, Some("ord-pay-by"), t, now, false)) }
        } @else if is_to_ship(o.status) {
            (deadline(page, Some("ord-process-by"), d.process_by, now, true))
            @if let Some(t) = d.ship_by { br; (deadline(page, Some("ord-ship-by"), t, now, true)) }
            br; (time_left(page, d, now))
        } @else {
            span .muted { "—" }
        }
    }
}

fn thumb(image: Option<&str>) -> Markup {
    html! {
        @match image {
            Some(id) => img .thumb src={ "/media/" (id) "/thumb" } alt="" width="48" height="48" loading="lazy";,
            None => span .thumb .no-image aria-hidden="true" {},
        }
    }
}

// ---------------------------------------------------------------------------------------
// The list

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ListParams {
    tab: Option<String>,
    q: Option<String>,
    from: Option<String>,
    until: Option<String>,
    due_soon: Option<String>,
    cursor: Option<String>,
}

fn filled(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ListParams {
    fn tab(&self) -> &str {
        filled(&self.tab).unwrap_or("all")
    }

    fn due_soon(&self) -> bool {
        matches!(filled(&self.due_soon), Some("1" | "on" | "true"))
    }

    /// The use-case's query; a date the shop's calendar cannot read is an error beside its
    /// field. Days are the shop's days.
    fn query(&self, tz: &TimeZone) -> Result<ListOrders, AppError> {
        let day = |field: &str, v: Option<&str>, next: bool| -> Result<Option<String>, AppError> {
            let Some(v) = v else { return Ok(None) };
            let bad = || AppError::invalid(field, "bad-date", "Use a date such as 2026-03-02");
            let date: jiff::civil::Date = v.parse().map_err(|_| bad())?;
            let date = if next {
                date.tomorrow().map_err(|_| bad())?
            } else {
                date
            };
            let start = date.to_zoned(tz.clone()).map_err(|_| bad())?;
            Ok(Some(start.timestamp().to_string()))
        };
        Ok(ListOrders {
            tab: filled(&self.tab).map(str::to_owned),
            q: filled(&self.q).map(str::to_owned),
            from: day("from", filled(&self.from), false)?,
            until: day("until", filled(&self.until), true)?,
            due_soon: self.due_soon().then_some(true),
            cursor: filled(&self.cursor).map(str::to_owned),
            limit: Some(PAGE_SIZE),
            ..ListOrders::default()
        })
    }

    /// This list's address with some parameters changed (`None` drops one).
    fn href(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("tab", &self.tab),
            ("q", &self.q),
            ("from", &self.from),
            ("until", &self.until),
            ("due_soon", &self.due_soon),
        ] {
            if changes.iter().any(|(c, _)| *c == k) {
                continue;
            }
            if let Some(v) = filled(v) {
                pairs.push((k, v.to_owned()));
            }
        }
        for (k, v) in changes {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_owned()));
            }
        }
        let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if q.is_empty() {
            "/seller/orders".to_owned()
        } else {
            format!("/seller/orders?{q}")
        }
    }
}

fn tabs(page: &Page, p: &ListParams, list: Option<&OrderPage>) -> Markup {
    let current = p.tab();
    let count = |t: OrderTab| {
        list.and_then(|l| l.counts.get(t.as_str()).copied())
            .unwrap_or(0)
    };
    html! {
        nav .tabs .order-tabs aria-label=(page.t("ord-tabs")) {
            @for t in OrderTab::ALL {
                a href=(p.href(&[("tab", (t != OrderTab::All).then_some(t.as_str())), ("cursor", None)]))
                    aria-current=[(current == t.as_str()).then_some("page")]
                    data-tab=(t.as_str()) {
                    (page.t(&format!("ord-tab-{}", t.as_str())))
                    " (" span .tab-count { (count(t)) } ")"
                }
            }
            @if layout::may_open(page, "returns") {
                a href="/seller/orders/returns" data-tab="returns" { (page.t("ord-tab-returns")) }
            }
        }
    }
}

fn filters(page: &Page, p: &ListParams, errors: &FormErrors) -> Markup {
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let invalid = |name: &str| errors.field(name).map(|_| "true");
    html! {
        form .filters method="get" action="/seller/orders" role="search" {
            @if p.tab() != "all" { input type="hidden" name="tab" value=(p.tab()); }
            div .field {
                label for="q" { (page.t("ord-search")) }
                input #q type="search" name="q" value=(v(&p.q)) placeholder=(page.t("ord-search-placeholder"))
                    aria-invalid=[invalid("q")] aria-describedby=[invalid("q").map(|_| "q-error")];
                (field_error(errors, "q", "q"))
            }
            div .field {
                label for="from" { (page.t("ord-filter-from")) }
                input #from type="date" name="from" value=(v(&p.from))
                    aria-invalid=[invalid("from")] aria-describedby=[invalid("from").map(|_| "from-error")];
                (field_error(errors, "from", "from"))
            }
            div .field {
                label for="until" { (page.t("ord-filter-until")) }
                input #until type="date" name="until" value=(v(&p.until))
                    aria-invalid=[invalid("until")] aria-describedby=[invalid("until").map(|_| "until-error")];
                (field_error(errors, "until", "until"))
            }
            div .field {
                label .choice for="due_soon" {
                    input #due_soon type="checkbox" name="due_soon" value="1" checked[p.due_soon()];
                    " " (page.t("ord-filter-due-soon"))
                }
            }
            div .field .filters-submit {
                button type="submit" { (page.t("ord-filter-apply")) }
                " " a href=(p.href(&[("q", None), ("from", None), ("until", None), ("due_soon", None), ("cursor", None)])) { (page.t("ord-filter-clear")) }
            }
        }
    }
}

fn order_row(page: &Page, o: &OrderSummary, now: Timestamp, selectable: bool) -> Markup {
    let href = format!("/seller/orders/{}", o.id);
    html! {
        tr id={ "order-" (o.id) } {
            @if selectable {
                td .select {
                    input type="checkbox" name="order_ids" value=(o.id) id={ "sel-" (o.id) }
                        aria-label=(page.ta("shipf-select-one", &[("id", &o.id.to_string())]));
                }
            }
            td {
                a href=(href) { code { (o.id) } }
                br;
                span .muted .small { (page.t("ord-placed")) " " (page.time(o.created_at)) }
            }
            td { (o.buyer_name) }
            td {
                ul .order-items role="list" {
                    @for l in &o.lines {
                        li .product-cell {
                            (thumb(l.image_id.as_deref()))
                            div {
                                bdi { (l.title) }
                                @if !l.variant.is_empty() { br; span .muted .small { (crate::product_parts::variant_words(page, &l.variant_values, &l.variant)) } }
                                " " span .qty { "×" (l.quantity) }
                            }
                        }
                    }
                }
            }
            td { (page.money(&o.total)) }
            td { (status_badge(page, o.status)) }
            td .deadlines { (row_deadlines(page, o, now)) }
            td { a href=(href) { (page.t("ord-view")) span .visually-hidden { " " (o.id) } } }
        }
    }
}

fn list_page(
    page: &Page,
    p: &ListParams,
    list: Option<&OrderPage>,
    errors: &FormErrors,
    now: Timestamp,
    editable: bool,
    waiting: usize,
) -> Markup {
    // The To ship tab ticks orders to ship them together.
    let selectable = editable && p.tab().eq_ignore_ascii_case(OrderTab::ToShip.as_str());
    let table = |orders: &[OrderSummary]| {
        html! {
            div .table-wrap { table .products .orders {
                thead { tr {
                    @if selectable { th scope="col" { span .visually-hidden { (page.t("shipf-select")) } } }
                    th scope="col" { (page.t("ord-col-order")) }
                    th scope="col" { (page.t("ord-col-buyer")) }
                    th scope="col" { (page.t("ord-col-items")) }
                    th scope="col" { (page.t("ord-col-total")) }
                    th scope="col" { (page.t("ord-col-status")) }
                    th scope="col" { (page.t("ord-col-deadline")) }
                    th scope="col" { span .visually-hidden { (page.t("ord-col-actions")) } }
                } }
                tbody {
                    @for o in orders { (order_row(page, o, now, selectable)) }
                }
            } }
        }
    };
    html! {
        div .toolbar {
            a .button href="/seller/orders/exports" { (page.t("ordx-title")) }
            a .button href="/seller/shipping/bulk" { (page.t("shipf-bulk-link")) }
            (crate::returns_seller::orders_link(page))
            @if layout::may_open(page, "shipping") {
                a .button href="/seller/shipping" { (page.t("nav-shipping")) }
            }
        }
        (cxl::list_notice(page, waiting))
        (form_error(errors))
        (tabs(page, p, list))
        (filters(page, p, errors))
        @match list {
            Some(l) if !l.orders.is_empty() => {
                @if selectable {
                    form #bulk-ship method="post" action="/seller/shipping/bulk" {
                        (csrf_field(page))
                        div .batch-bar {
                            span .muted { (page.t("shipf-bulk-selected")) }
                            button type="submit" .primary .auto { (page.t("shipf-bulk-platform")) }
                        }
                        (table(&l.orders))
                    }
                } @else {
                    (table(&l.orders))
                }
                @if let Some(c) = &l.next_cursor {
                    p .pager { a href=(p.href(&[("cursor", Some(c))])) rel="next" { (page.t("ord-next-page")) } }
                }
            }
            Some(_) => { p .notice { (page.t("ord-empty")) } }
            None => {}
        }
    }
}

/// `GET /seller/orders`: the shop's orders.
pub async fn list(State(state): State<WebState>, page: Page, Query(p): Query<ListParams>) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    let result = match p.query(&page.zone) {
        Ok(q) => orders::list_for_seller(&state.app, &a, &q).await,
        Err(e) => Err(e),
    };
    let (list, errors, status) = match result {
        Ok(l) => (Some(l), FormErrors::default(), StatusCode::OK),
        Err(e @ AppError::Validation(_)) => {
            let errors = form_errors(&page, e, SECTION, "nav-orders")?;
            // The shop's counts and the message beside the filter rather than an error page.
            let fallback = orders::list_for_seller(
                &state.app,
                &a,
                &ListOrders {
                    limit: Some(1),
                    ..ListOrders::default()
                },
            )
            .await
            .map_err(|e| ORDERS.fail(&page, e))?;
            let mut errors = errors;
            if errors.form.is_none()
                && !errors
                    .fields
                    .keys()
                    .any(|k| matches!(k.as_str(), "q" | "from" | "until"))
            {
                errors.form = errors.fields.values().next().cloned();
            }
            let shown = OrderPage {
                orders: Vec::new(),
                next_cursor: None,
                counts: fallback.counts,
            };
            (Some(shown), errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(ORDERS.fail(&page, e)),
    };
    let waiting = cxl::waiting(&state, &a)
        .await
        .map_err(|e| ORDERS.fail(&page, e))?;
    let content = list_page(
        &page,
        &p,
        list.as_ref(),
        &errors,
        state.app.now(),
        ORDERS.can_edit(&a),
        waiting,
    );
    Ok(layout::seller_reply(
        &page,
        status,
        SECTION,
        &page.t("nav-orders"),
        content,
    ))
}

// ---------------------------------------------------------------------------------------
// One order

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeParams {
    notice: Option<String>,
}

/// What the seller typed into the cancel form, kept when it is shown again.
#[derive(Debug, Default, Clone)]
pub struct CancelForm {
    reason: String,
    note: String,
    /// Units per line to cancel (`qty_<line_no>`), as typed; none means the whole order.
    quantities: BTreeMap<i64, String>,
}

impl CancelForm {
    fn from_pairs(f: &[(String, String)]) -> CancelForm {
        CancelForm {
            reason: value(f, "reason").to_owned(),
            note: value(f, "note").to_owned(),
            quantities: typed_quantities(f),
        }
    }

    /// Whether some line's box has a number other than 0 (a partial cancellation).
    fn partial(&self) -> bool {
        self.quantities
            .values()
            .any(|v| !matches!(v.trim(), "" | "0"))
    }
}

/// The forms of the order page as typed, with their errors (all empty on a plain view).
#[derive(Debug, Default)]
pub(crate) struct DetailForms {
    pub cancel: CancelForm,
    pub cancel_errors: FormErrors,
    pub ship: ShipForm,
    pub ship_errors: FormErrors,
    pub delivery: Option<DeliveryState>,
    /// A refused answer to the buyer's cancellation request.
    pub answer: AnswerState,
}

/// What the order page needs besides the order: the time, and for shipping the shop's
/// carriers and whether a delivery needs proof.
struct DetailContext {
    now: Timestamp,
    carriers: Vec<CarrierView>,
    proof_required: bool,
}

fn cancel_form(page: &Page, o: &OrderDetail, typed: &CancelForm, errors: &FormErrors) -> Markup {
    let reason_err = errors.field("reason");
    let note_err = errors.field("note");
    html! {
        section .card #cancel {
            h2 { (page.t("ord-cancel-title")) }
            p .hint { (page.t("ord-cancel-hint")) }
            @if o.summary.paid_at.is_some() { p .hint { (page.t("ord-cancel-refund-hint")) } }
            form method="post" action={ "/seller/orders/" (o.summary.id) "/cancel" } novalidate {
                (csrf_field(page))
                div .field {
                    label for="reason" { (page.t("ord-cancel-reason")) }
                    select #reason name="reason" required
                        aria-invalid=[reason_err.map(|_| "true")] aria-describedby=[reason_err.map(|_| "reason-error")] {
                        option value="" { (page.t("ord-cancel-choose")) }
                        @for r in CancelReason::SELLER {
                            option value=(r.as_str()) selected[typed.reason == r.as_str()] {
                                (page.t(&format!("ord-reason-{}", r.as_str())))
                            }
                        }
                    }
                    (field_error(errors, "reason", "reason"))
                }
                div .field {
                    label for="note" { (page.t("ord-cancel-note")) }
                    p .hint #note-hint { (page.t("ord-cancel-note-hint")) }
                    textarea #note name="note" rows="3" maxlength=(orders::MAX_NOTE)
                        aria-invalid=[note_err.map(|_| "true")]
                        aria-describedby=(if note_err.is_some() { "note-hint note-error" } else { "note-hint" }) {
                        (typed.note)
                    }
                    (field_error(errors, "note", "note"))
                }
                // Not while the buyer's request waits: the use-case refuses units then.
                @if o.summary.status == OrderStatus::AwaitingShipment
                    && pending_of(o).is_none()
                    && cxl::divisible(&o.summary.lines) {
                    fieldset .field #cancel-units {
                        legend { (page.t("cxl-partial-title")) }
                        p .hint { (page.t("cxl-partial-hint")) }
                        (cxl::quantity_inputs(page, &o.summary.lines, &typed.quantities, errors))
                    }
                }
                button type="submit" .secondary { (page.t("ord-cancel-submit")) }
            }
        }
    }
}

fn address(page: &Page, o: &OrderDetail) -> Markup {
    let Some(r) = &o.recipient else {
        let key = match o.summary.status {
            OrderStatus::Unpaid => "ord-address-after-payment",
            OrderStatus::OnHold => "ord-address-after-hold",
            _ => "ord-address-none",
        };
        return html! { p .muted #address-hidden { (page.t(key)) } };
    };
    let line = |parts: &[Option<&str>]| {
        parts
            .iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        address #address {
            strong { (r.name) } br;
            (r.line1) br;
            @if let Some(l2) = r.line2.as_deref().filter(|s| !s.trim().is_empty()) { (l2) br; }
            (line(&[Some(r.city.as_str()), r.region.as_deref(), r.postal_code.as_deref()])) br;
            (r.country) br;
            (r.phone)
        }
    }
}

fn detail_page(
    page: &Page,
    a: &SellerActor,
    o: &OrderDetail,
    forms: &DetailForms,
    notice: Option<String>,
    ctx: &DetailContext,
) -> Markup {
    let now = ctx.now;
    let s = &o.summary;
    let d = &s.deadlines;
    let warn = is_to_ship(s.status);
    let dash = || html! { span .muted { "—" } };
    // A request on an order that shipped or was cancelled meanwhile has nothing left to answer.
    let pending = pending_of(o).filter(|_| s.status == OrderStatus::AwaitingShipment);
    html! {
        p { a href="/seller/orders" { "← " (page.t("ord-back")) } }
        p { (status_badge(page, s.status)) }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(&forms.answer.errors))
        (form_error(&forms.cancel_errors))
        (form_error(&forms.ship_errors))
        @if let Some(d) = &forms.delivery { (form_error(&d.errors)) }
        @if let Some(c) = pending {
            (cxl::pending_panel(page, o, c, ORDERS.can_edit(a), &forms.answer, now))
        }
        @if let Some(c) = &s.cancellation {
            section .card .alert-failed #cancellation {
                h2 { (page.t("ord-cancelled-title")) }
                dl .facts {
                    dt { (page.t("ord-cancelled-by")) } dd { (party_name(page, &c.by)) }
                    dt { (page.t("ord-cancel-reason")) } dd { (reason_name(page, &c.reason)) }
                    @if let Some(n) = &c.note { dt { (page.t("ord-cancel-note")) } dd { (n) } }
                    dt { (page.t("ord-cancelled-at")) } dd { (page.time(c.at)) }
                }
            }
        }
        div .columns {
            section .card #deadlines {
                h2 { (page.t("ord-deadlines")) }
                dl .facts {
                    dt { (page.t("ord-placed")) } dd { (page.time(s.created_at)) }
                    @if let Some(t) = d.pay_by {
                        dt { (page.t("ord-pay-by")) } dd { (deadline(page, None, t, now, false)) }
                    }
                    @if let Some(t) = d.hold_until {
                        dt { (page.t("ord-hold-until")) } dd { (page.time(t)) }
                    }
                    dt { (page.t("ord-process-by")) } dd { (deadline(page, None, d.process_by, now, warn)) }
                    dt { (page.t("ord-ship-by")) }
                    dd {
                        @match d.ship_by {
                            Some(t) => (deadline(page, None, t, now, warn)),
                            None => (dash()),
                        }
                    }
                    @if warn { dt { (page.t("ord-time-to-ship")) } dd { (time_left(page, d, now)) } }
                    @if let Some(t) = d.shipped_at {
                        dt { (page.t("ord-shipped-at")) } dd #shipped-at { (page.time(t)) }
                    }
                    @if let Some(t) = d.delivered_at {
                        dt { (page.t("ord-delivered-at")) } dd #delivered-at { (page.time(t)) }
                    }
                    @if let Some(t) = d.complete_after {
                        dt { (page.t("ord-complete-after")) } dd #complete-after { (page.time(t)) }
                    }
                    @if let Some(t) = d.completed_at {
                        dt { (page.t("ord-completed-at")) } dd #completed-at { (page.time(t)) }
                    }
                }
            }
            section .card #buyer {
                h2 { (page.t("ord-buyer")) }
                dl .facts {
                    dt { (page.t("ord-buyer-name")) } dd { (s.buyer_name) }
                    dt { (page.t("ord-buyer-note")) }
                    dd #buyer-note {
                        @match &o.buyer_note { Some(n) => (n), None => (dash()) }
                    }
                }
                h3 { (page.t("ord-address")) }
                (address(page, o))
            }
        }
        @if matches!(s.status, OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping) && ORDERS.can_edit(a) {
            @if pending.is_some() {
                (cxl::ship_blocked(page))
            } @else {
                (ship_panel(page, o, &ctx.carriers, &forms.ship, &forms.ship_errors))
            }
        }
        (packages_section(page, o, ORDERS.can_edit(a), ctx.proof_required, forms.delivery.as_ref()))
        section .card #items {
            h2 { (page.t("ord-items")) }
            div .table-wrap { table .products {
                (layout::table_head(page, &["ord-col-product", "ord-col-sku", "ord-col-unit-price", "ord-col-quantity", "ord-col-line-total"]))
                tbody {
                    @for l in &s.lines {
                        tr {
                            td .product-cell {
                                (thumb(l.image_id.as_deref()))
                                div {
                                    a href={ "/seller/products/" (l.product_id) } { bdi { (l.title) } }
                                    @if !l.variant.is_empty() { br; span .muted .small { (crate::product_parts::variant_words(page, &l.variant_values, &l.variant)) } }
                                }
                            }
                            td { code { (l.seller_sku) } }
                            td { (page.money(&l.unit_price)) }
                            td {
                                "×" (l.quantity)
                                @if l.cancelled_quantity > 0 { br; (cxl::line_cancelled(page, l)) }
                            }
                            td { (page.money(&l.total)) }
                        }
                    }
                }
            } }
            dl .facts #money {
                dt { (page.t("ord-subtotal")) } dd { (page.money(&s.subtotal)) }
                dt { (page.t("ord-discount")) } dd { (page.money(&s.discount)) }
                dt { (page.t("ord-shipping-fee")) } dd #shipping-fee { (page.money(&s.shipping_fee)) }
                dt { strong { (page.t("ord-total")) } } dd #total { strong { (page.money(&s.total)) } }
            }
        }
        (cxl::history(page, o))
        (crate::returns_seller::order_returns(page, o, now))
        section .card #payment {
            h2 { (page.t("ord-payment")) }
            @match &o.payment {
                Some(p) => {
                    dl .facts {
                        dt { (page.t("ord-payment-status")) }
                        dd data-status=(p.status) { (t_or(page, &format!("ord-payment-{}", p.status), &p.status)) }
                        dt { (page.t("ord-payment-provider")) } dd { (p.provider) }
                        dt { (page.t("ord-payment-amount")) } dd { (page.money(&p.amount)) }
                        dt { (page.t("ord-paid-at")) }
                        dd { @match p.paid_at { Some(t) => (page.time(t)), None => (dash()) } }
                        dt { (page.t("ord-refunded")) } dd #refunded { (page.money(&p.refunded)) }
                    }
                }
                None => { p .muted { (page.t("ord-no-payment")) } }
            }
            @if !o.refunds.is_empty() {
                h3 { (page.t("ord-refunds")) }
                div .table-wrap { table .products #refunds {
                    (layout::table_head(page, &["ord-col-time", "ord-payment-amount", "ord-payment-status", "ord-cancel-reason"]))
                    tbody {
                        @for r in &o.refunds {
                            tr {
                                td { (page.time(r.created_at)) }
                                td { (page.money(&r.amount)) }
                                td data-status=(r.status) { (t_or(page, &format!("ord-refund-{}", r.status), &r.status)) }
                                td { (reason_name(page, &r.reason)) }
                            }
                        }
                    }
                } }
            }
        }
        section .card #timeline {
            h2 { (page.t("ord-timeline")) }
            div .table-wrap { table .products {
                (layout::table_head(page, &["ord-col-time", "ord-col-change", "ord-col-by", "ord-cancel-reason", "ord-cancel-note"]))
                tbody {
                    @for e in &o.timeline {
                        tr {
                            td { (page.time(e.at)) }
                            td {
                                @if let Some(from) = e.from.as_deref().and_then(OrderStatus::parse) {
                                    (status_name(page, from)) " → "
                                }
                                @match OrderStatus::parse(&e.to) {
                                    Some(to) => (status_name(page, to)),
                                    None => (e.to),
                                }
                            }
                            td { (party_name(page, &e.by)) }
                            td { @if let Some(r) = &e.reason { (reason_name(page, r)) } }
                            td { @if let Some(n) = &e.note { (note_text(page, e.reason.as_deref(), n)) } }
                        }
                    }
                }
            } }
        }
        @if s.status.is_unshipped() {
            @if ORDERS.can_edit(a) {
                (cancel_form(page, o, &forms.cancel, &forms.cancel_errors))
            } @else {
                p .muted { (page.t("ord-view-only")) }
            }
        }
    }
}

/// The order page with its forms as given.
pub(crate) async fn render_detail(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: OrderId,
    forms: &DetailForms,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let o = orders::detail_for_seller(&state.app, a, id)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    render_loaded(state, page, a, &o, forms, notice, status).await
}

/// The page of an order already loaded.
pub(crate) async fn render_loaded(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    o: &OrderDetail,
    forms: &DetailForms,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let carriers = if o.summary.status == OrderStatus::AwaitingShipment && ORDERS.can_edit(a) {
        fulfil::carriers_for_shop(&state.app, a)
            .await
            .map_err(|e| ORDERS.fail(page, e))?
    } else {
        Vec::new()
    };
    let ctx = DetailContext {
        now: state.app.now(),
        carriers,
        proof_required: state.app.settings.delivery_proof_required,
    };
    let title = page.ta("ord-title", &[("id", &o.summary.id.to_string())]);
    let content = detail_page(page, a, o, forms, notice, &ctx);
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// Shows a section's refused form again on the order page, placed by `place`.
async fn again<F>(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    answered: Result<Response, Again<F>>,
    place: impl FnOnce(F) -> DetailForms,
) -> Out {
    let again = match answered {
        Ok(response) => return Ok(response),
        Err(again) => again,
    };
    let forms = place(again.form);
    match again.order {
        OrderRef::Id(id) => render_detail(state, page, a, id, &forms, None, again.status).await,
        OrderRef::Loaded(o) => render_loaded(state, page, a, &o, &forms, None, again.status).await,
    }
}

/// `POST /seller/orders/{id}/ship`: see `fulfilment::ship`.
pub async fn ship(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let answered = crate::fulfilment::ship(&state, &page, &a, id, &pairs).await?;
    again(&state, &page, &a, answered, |(form, errors)| DetailForms {
        ship: form,
        ship_errors: errors,
        ..DetailForms::default()
    })
    .await
}

/// `POST /seller/packages/{id}/delivery`: see `fulfilment::report_delivery`.
pub async fn report_delivery(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<PackageId>,
    mp: Multipart,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let answered = crate::fulfilment::report_delivery(&state, &page, &a, id, mp).await?;
    again(&state, &page, &a, answered, |d| DetailForms {
        delivery: Some(d),
        ..DetailForms::default()
    })
    .await
}

/// `POST /seller/cancellations/{id}/approve`: see `cancellations::approve`.
pub async fn approve_cancellation(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CancellationId>,
    CsrfForm(f): CsrfForm<AnswerForm>,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let answered = cxl::approve(&state, &page, &a, id, f).await?;
    again(&state, &page, &a, answered, answer_forms).await
}

/// `POST /seller/cancellations/{id}/reject`: see `cancellations::reject`.
pub async fn reject_cancellation(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CancellationId>,
    CsrfForm(f): CsrfForm<AnswerForm>,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let answered = cxl::reject(&state, &page, &a, id, f).await?;
    again(&state, &page, &a, answered, answer_forms).await
}

fn answer_forms(answer: AnswerState) -> DetailForms {
    DetailForms {
        answer,
        ..DetailForms::default()
    }
}

/// `GET /seller/orders/{id}`.
pub async fn detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    let notice = page.notice(
        q.notice.as_deref(),
        &[
            ("cancelled", "ord-notice-cancelled"),
            ("shipped", "ord-notice-shipped"),
            ("delivery", "ord-notice-delivery"),
            ("cancel-approved", "cxl-notice-approved"),
            ("cancel-rejected", "cxl-notice-rejected"),
            ("lines-cancelled", "cxl-notice-lines"),
        ],
    );
    render_detail(
        &state,
        &page,
        &a,
        id,
        &DetailForms::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /seller/orders/{id}/cancel`: the seller cancels with a reason (a note for Other);
/// stock returns and a paid order is refunded. With units typed per line, only those units
/// are cancelled (and refunded, with the shipping fee).
pub async fn cancel(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let f = CancelForm::from_pairs(&pairs);
    let reason = CancelReason::parse(f.reason.trim());
    let result = if f.partial() {
        cancel_units(&state, &page, &a, id, reason, &f).await?
    } else {
        match reason {
            Some(reason) => {
                orders::cancel_by_seller(&state.app, &a, id, reason, Some(f.note.as_str()))
                    .await
                    .map(|_| "cancelled")
            }
            None => Err(unknown_reason()),
        }
        .map_err(|e| (e, Vec::new(), Vec::new()))
    };
    match result {
        Ok(notice) => Ok(redirect(&format!("/seller/orders/{id}?notice={notice}"))),
        Err((e @ (AppError::Validation(_) | AppError::Conflict { .. }), items, lines)) => {
            let status = error_status(&e);
            let errors = match e {
                AppError::Conflict { code, .. } => FormErrors {
                    form: Some(refusal_text(&page, code)),
                    ..FormErrors::default()
                },
                AppError::Validation(fields) => {
                    // Complaints about `items[i]` go beside that line's box.
                    let mut placed = FormErrors::default();
                    let mut rest = Vec::new();
                    for fe in fields {
                        match cxl::item_error(&page, &fe.field, &items, &lines) {
                            Some((field, msg)) => {
                                placed.fields.entry(field).or_insert(msg);
                            }
                            None => rest.push(fe),
                        }
                    }
                    let mut errors = if rest.is_empty() {
                        FormErrors::default()
                    } else {
                        form_errors(&page, AppError::Validation(rest), SECTION, "nav-orders")?
                    };
                    errors.fields.extend(placed.fields);
                    errors
                }
                other => form_errors(&page, other, SECTION, "nav-orders")?,
            };
            let forms = DetailForms {
                cancel: f,
                cancel_errors: errors,
                ..DetailForms::default()
            };
            render_detail(&state, &page, &a, id, &forms, None, status).await
        }
        Err((e, _, _)) => Err(ORDERS.fail(&page, e)),
    }
}

fn unknown_reason() -> AppError {
    AppError::invalid(
        "reason",
        "unknown-reason",
        "Choose one of the listed reasons",
    )
}

/// A refused cancellation with the units it named and the order's lines (to place messages).
type Refused = (AppError, Vec<cxl_app::LineUnits>, Vec<orders::LineView>);

/// Cancels the units typed per line through `cancellations::cancel_lines_by_seller`.
async fn cancel_units(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: OrderId,
    reason: Option<CancelReason>,
    f: &CancelForm,
) -> Result<Result<&'static str, Refused>, Reply> {
    let o = orders::detail_for_seller(&state.app, a, id)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    let lines = o.summary.lines;
    let mut fields = Vec::new();
    if reason.is_none() {
        fields.push(shopdeck_app::FieldError::new(
            "reason",
            "unknown-reason",
            "Choose one of the listed reasons",
        ));
    }
    let items = match cxl::units_from(page, &lines, &f.quantities) {
        Ok(items) => items,
        Err(boxes) => {
            // Already in the page's words: carried as they are.
            for (field, msg) in boxes.fields {
                fields.push(shopdeck_app::FieldError::new(&field, "qty", msg));
            }
            Vec::new()
        }
    };
    let Some(reason) = reason.filter(|_| fields.is_empty()) else {
        return Ok(Err((AppError::Validation(fields), items, lines)));
    };
    Ok(
        match cxl_app::cancel_lines_by_seller(
            &state.app,
            a,
            id,
            reason,
            Some(f.note.as_str()),
            &items,
        )
        .await
        {
            Ok(_) => Ok("lines-cancelled"),
            Err(e) => Err((e, items, lines)),
        },
    )
}
