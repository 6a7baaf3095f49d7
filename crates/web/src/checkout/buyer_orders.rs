//! The buyer's orders: the list, one order's tracking page, paying and cancelling it.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::buyers::CurrentBuyer;
use shopdeck_app::orders::{self, ListOrders, MAX_NOTE, OrderDetail};
use shopdeck_domain::ids::{CancellationId, OrderId};
use shopdeck_domain::orders::OrderStatus;

use super::payment_result::{line_item, pay_form, start_paying};
use super::{
    NoticeQuery, ORDERS_PER_PAGE, buy_errors, err, image_thumb, payment_status, reason_text,
    recipient, status_badge, status_name, thumb, to_login,
};
use crate::WebState;
use crate::cancellations::{self as cxl, RequestForm};
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, field_error, form_error, refusal_text};
use crate::layout::{self, urlencode};
use crate::page::{Page, redirect};
use shopdeck_app::cancellations as cxl_app;

#[derive(Debug, Default, serde::Deserialize)]
pub struct OrdersQuery {
    cursor: Option<String>,
}

/// `GET /account/orders`: newest first, a page at a time.
pub async fn order_list(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<OrdersQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let query = ListOrders {
        cursor: q.cursor.clone(),
        limit: Some(ORDERS_PER_PAGE),
        ..ListOrders::default()
    };
    let title = page.t("buy-orders-title");
    let (list, problem) = match orders::list_for_buyer(&state.app, buyer, &query).await {
        Ok(l) => (Some(l), None),
        Err(e @ AppError::Validation(_)) => {
            let errors = buy_errors(&page, e)?;
            (None, errors.fields.into_values().next())
        }
        Err(e) => return Err(WebError::from_app(e, page.locale())),
    };
    let content = html! {
        div .buy-column {
            p { a href="/account" { "← " (page.t("buyer-account-title")) } }
            h1 { (title) }
            @if let Some(p) = &problem {
                p .form-error role="alert" { (p) }
                p { a href="/account/orders" { (page.t("buy-orders-first")) } }
            }
            @if let Some(list) = &list {
                @if list.orders.is_empty() {
                    p .notice role="status" {
                        @if q.cursor.is_some() { (page.t("buy-orders-no-more")) } @else { (page.t("buy-orders-empty")) }
                    }
                    p { a .button .primary-link href="/" { (page.t("buy-continue-shopping")) } }
                } @else {
                    ul .buy-orders role="list" {
                        @for o in &list.orders {
                            li .card {
                                a .buy-order href={ "/account/orders/" (o.id) } {
                                    (thumb(o.lines.first().and_then(|l| image_thumb(l.image_id.as_deref())).as_deref()))
                                    span .buy-line-body {
                                        span { strong { (o.store_name) } " " (status_badge(&page, o.status)) }
                                        @if let Some(l) = o.lines.first() {
                                            span .buy-line-title { bdi { (l.title) } }
                                        }
                                        span .muted .small {
                                            (page.ta("buy-orders-items", &[("n", &o.item_count.to_string())]))
                                            " · " (page.time(o.created_at))
                                        }
                                    }
                                    strong .buy-line-end { (page.money(&o.total)) }
                                }
                            }
                        }
                    }
                    @if let Some(c) = &list.next_cursor {
                        p .pager { a .button href={ "/account/orders?cursor=" (urlencode(c)) } rel="next" { (page.t("buy-orders-more")) } }
                    }
                }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

/// The tracking steps: where an order is on its way.
fn steps(page: &Page, status: OrderStatus) -> Markup {
    let at = match status {
        OrderStatus::Unpaid | OrderStatus::Cancelled => 0,
        OrderStatus::OnHold | OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping => 1,
        OrderStatus::AwaitingCollection | OrderStatus::InTransit => 2,
        OrderStatus::Delivered => 3,
        OrderStatus::Completed => 4,
    };
    let labels = [
        "buy-step-placed",
        "buy-step-paid",
        "buy-step-shipped",
        "buy-step-delivered",
        "buy-step-completed",
    ];
    html! {
        ol .buy-steps aria-label=(page.t("buy-order-progress")) {
            @for (i, key) in labels.iter().enumerate() {
                li .done[i <= at] aria-current=[(i == at).then_some("step")] {
                    @if i < at { span aria-hidden="true" { "✓ " } }
                    (page.t(key))
                }
            }
        }
    }
}

fn order_notice(page: &Page, key: Option<&str>) -> Option<String> {
    page.notice(
        key,
        &[
            ("cancelled", "buy-order-cancelled-notice"),
            ("requested", "cxl-notice-requested"),
            ("withdrawn", "cxl-notice-withdrawn"),
        ],
    )
}

fn party_name(page: &Page, by: &str) -> String {
    match by {
        "BUYER" | "SELLER" | "OPERATOR" | "SYSTEM" => page.t(&format!("buy-party-{by}")),
        other => other.to_owned(),
    }
}

/// When the order left, arrived and may still be returned, and each parcel's tracking.
fn tracking(page: &Page, d: &OrderDetail) -> Markup {
    let o = &d.summary;
    let t = &o.deadlines;
    let returns_until = t
        .complete_after
        .filter(|_| o.status == OrderStatus::Delivered);
    let many = d.packages.len() > 1;
    html! {
        @if t.shipped_at.is_some() || t.delivered_at.is_some() || returns_until.is_some() {
            dl .facts #shipping-dates {
                @if let Some(at) = t.shipped_at { dt { (page.t("buy-shipped-on")) } dd #shipped-on { (page.time(at)) } }
                @if let Some(at) = t.delivered_at { dt { (page.t("buy-delivered-on")) } dd #delivered-on { (page.time(at)) } }
                @if let Some(at) = returns_until { dt { (page.t("buy-returns-until")) } dd #returns-until { (page.time(at)) } }
            }
        }
        @if !d.packages.is_empty() {
            section .card #tracking {
                h2 { (page.t("buy-tracking-title")) }
                @for (i, p) in d.packages.iter().enumerate() {
                    article .buy-package id={ "package-" (p.id) } data-status=(p.status.as_str()) {
                        @if many { h3 { (page.ta("buy-parcel", &[("n", &(i + 1).to_string())])) } }
                        dl .facts {
                            dt { (page.t("buy-tracking-status")) }
                            dd .package-status { strong { (crate::fulfilment::package_status_name(page, p.status)) } }
                            dt { (page.t("buy-tracking-carrier")) } dd { (p.carrier_name) }
                            dt { (page.t("buy-tracking-number")) } dd { (crate::fulfilment::tracking_link(p)) }
                        }
                        (crate::fulfilment::events_list(page, &p.events))
                    }
                }
            }
        }
    }
}

/// The buyer's order page; `typed` is the cancellation request as typed (after a refusal).
pub(crate) fn render_order(
    page: &Page,
    d: &OrderDetail,
    notice: Option<String>,
    errors: &FormErrors,
    typed: &RequestForm,
) -> Markup {
    let o = &d.summary;
    let title = page.ta("buy-order-title", &[("id", &o.id.to_string())]);
    let cancellable = matches!(o.status, OrderStatus::Unpaid | OrderStatus::OnHold);
    let pay = d
        .payment
        .as_ref()
        .filter(|p| o.status == OrderStatus::Unpaid && p.status != "PAID");
    let note_err = errors.field("note");
    let content = html! {
        div .buy-column {
            p { a href="/account/orders" { "← " (page.t("buy-orders-title")) } }
            h1 .wrap-anywhere { (title) }
            p { (status_badge(page, o.status)) " " span .muted { (page.t("buy-order-placed-at")) " " (page.time(o.created_at)) } }
            @if let Some(n) = notice { p .notice role="status" { (n) } }
            (form_error(errors))
            @if o.status == OrderStatus::Cancelled {
                @if let Some(c) = &o.cancellation {
                    p .notice role="status" {
                        (page.ta("buy-order-cancelled-by", &[("by", &party_name(page, &c.by))])) " " (page.time(c.at))
                        @if !c.reason.is_empty() { br; (reason_text(page, &c.reason)) }
                        @if let Some(n) = &c.note { br; q { (n) } }
                    }
                }
            } @else {
                (steps(page, o.status))
            }
            @if let Some(t) = o.deadlines.pay_by {
                p { strong { (page.t("buy-pay-by")) } " " (page.time(t)) }
            }
            @if let (OrderStatus::OnHold, Some(t)) = (o.status, o.deadlines.hold_until) {
                p { (page.t("buy-order-hold-until")) " " (page.time(t)) }
            }
            @if let Some(p) = pay {
                div .buy-pay { (pay_form(page, &format!("/account/orders/{}/pay", o.id), &p.amount)) }
            }
            (cxl::buyer_list(page, d))
            (crate::returns_buyer::order_section(page, d))
            (tracking(page, d))
            section .card {
                h2 { (o.store_name) }
                ul .buy-lines role="list" { @for l in &o.lines { (line_item(page, l)) } }
                dl .buy-sum {
                    dt { (page.t("buy-subtotal")) } dd { (page.money(&o.subtotal)) }
                    dt { (page.t("buy-shipping")) }
                    dd { @if o.shipping_fee.amount_minor() == 0 { (page.t("buy-shipping-free")) } @else { (page.money(&o.shipping_fee)) } }
                    @if o.discount.amount_minor() != 0 { dt { (page.t("buy-discount")) } dd { "−" (page.money(&o.discount)) } }
                    dt .buy-total { (page.t("buy-total")) } dd .buy-total { (page.money(&o.total)) }
                }
            }
            @if let Some(r) = &d.recipient {
                section .card {
                    h2 { (page.t("buy-order-address")) }
                    (recipient(r))
                    @if let Some(n) = &d.buyer_note { p { span .muted { (page.t("buy-checkout-note")) ": " } (n) } }
                }
            }
            @if d.payment.is_some() || !d.refunds.is_empty() {
                section .card {
                    h2 { (page.t("buy-order-payment")) }
                    @if let Some(p) = &d.payment {
                        dl .facts {
                            dt { (page.t("buy-order-payment-status")) } dd { (payment_status(page, &p.status)) }
                            dt { (page.t("buy-order-payment-amount")) } dd { (page.money(&p.amount)) }
                            @if let Some(t) = p.paid_at { dt { (page.t("buy-order-paid-at")) } dd { (page.time(t)) } }
                            @if p.refunded.amount_minor() != 0 { dt { (page.t("buy-order-refunded")) } dd { (page.money(&p.refunded)) } }
                        }
                    }
                    @if !d.refunds.is_empty() {
                        h3 { (page.t("buy-order-refunds")) }
                        ul {
                            @for r in &d.refunds {
                                li {
                                    strong { (page.money(&r.amount)) } " · "
                                    (page.t(if r.status == "SUCCEEDED" { "buy-refund-done" } else { "buy-refund-pending" }))
                                    " · " (page.time(r.created_at))
                                    @if !r.reason.is_empty() { " · " (reason_text(page, &r.reason)) }
                                }
                            }
                        }
                    }
                }
            }
            section .card {
                h2 { (page.t("buy-order-timeline")) }
                ol .buy-timeline {
                    @for e in d.timeline.iter().rev() {
                        li {
                            strong {
                                @match OrderStatus::parse(&e.to) { Some(s) => (status_name(page, s)), None => (e.to) }
                            }
                            " · " span .muted { (page.time(e.at)) " · " (page.ta("buy-order-by", &[("by", &party_name(page, &e.by))])) }
                            @if let Some(r) = &e.reason { br; (reason_text(page, r)) }
                            @if let Some(n) = &e.note { br; q { (crate::orders::note_text(page, e.reason.as_deref(), n)) } }
                        }
                    }
                }
            }
            @if cancellable {
                section .card #cancel {
                    h2 { (page.t("buy-order-cancel-title")) }
                    p .muted { (page.t(if o.status == OrderStatus::OnHold { "buy-order-cancel-hint-paid" } else { "buy-order-cancel-hint" })) }
                    form method="post" action={ "/account/orders/" (o.id) "/cancel" } novalidate {
                        (csrf_field(page))
                        div .field {
                            label for="note" { (page.t("buy-order-cancel-note")) }
                            textarea #note name="note" rows="2" maxlength=(MAX_NOTE)
                                aria-invalid=[note_err.map(|_| "true")]
                                aria-describedby=[note_err.map(|_| "note-error")] {}
                            (field_error(errors, "note", "note"))
                        }
                        button type="submit" .auto { (page.t("buy-order-cancel")) }
                    }
                }
            }
            (cxl::request_form(page, d, typed, errors))
        }
    };
    layout::store_shell(page, &title, content)
}

/// `GET /account/orders/{id}`: tracking one order.
pub async fn order(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let d = orders::detail_for_buyer(&state.app, buyer, id)
        .await
        .map_err(err(&page))?;
    let notice = order_notice(&page, q.notice.as_deref());
    Ok(render_order(
        &page,
        &d,
        notice,
        &FormErrors::default(),
        &RequestForm::default(),
    )
    .into_response())
}

/// The signed-in buyer and their order; a signed-out buyer logs in first, then comes back.
async fn own_order<'p>(
    state: &WebState,
    page: &'p Page,
    id: OrderId,
) -> Result<Result<(&'p CurrentBuyer, OrderDetail), Response>, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(Err(to_login(&format!("/account/orders/{id}"))));
    };
    let d = orders::detail_for_buyer(&state.app, buyer, id)
        .await
        .map_err(err(page))?;
    Ok(Ok((buyer, d)))
}

/// `POST /account/orders/{id}/pay`: "Pay now" for an unpaid order.
pub async fn pay_order(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let (buyer, d) = match own_order(&state, &page, id).await? {
        Ok(found) => found,
        Err(to_login) => return Ok(to_login),
    };
    let refused = match &d.payment {
        Some(p) => match start_paying(&state, &page, buyer, p.id).await? {
            Ok(to) => return Ok(to),
            Err(refused) => refused,
        },
        None => (
            StatusCode::CONFLICT,
            FormErrors {
                form: Some(page.t("buy-error-cannot-pay")),
                ..FormErrors::default()
            },
        ),
    };
    Ok((
        refused.0,
        render_order(&page, &d, None, &refused.1, &RequestForm::default()),
    )
        .into_response())
}

/// `POST /account/orders/{id}/cancel`: an unpaid order, or one in the remorse window, is
/// cancelled at once; a paid order awaiting shipment gets a request the shop answers (a
/// reason, a note with Other, and optionally some units per line).
pub async fn cancel_order(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (buyer, d) = match own_order(&state, &page, id).await? {
        Ok(found) => found,
        Err(to_login) => return Ok(to_login),
    };
    let typed = RequestForm::from_pairs(&form);
    match cxl::cancel(&state, &page, buyer, &d, &typed).await? {
        Ok(cxl_app::BuyerCancelled::Now) => {
            Ok(redirect(&format!("/account/orders/{id}?notice=cancelled")))
        }
        Ok(cxl_app::BuyerCancelled::Requested(_)) => {
            Ok(redirect(&format!("/account/orders/{id}?notice=requested")))
        }
        Err((status, errors)) => {
            let d = orders::detail_for_buyer(&state.app, buyer, id)
                .await
                .map_err(err(&page))?;
            Ok((status, render_order(&page, &d, None, &errors, &typed)).into_response())
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    order_id: String,
}

/// `POST /account/cancellations/{id}/withdraw`: the buyer takes back a request still waiting.
pub async fn withdraw_cancellation(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CancellationId>,
    CsrfForm(f): CsrfForm<WithdrawForm>,
) -> Result<Response, WebError> {
    let back = f.order_id.parse::<OrderId>().ok();
    let Some(buyer) = page.buyer.as_ref() else {
        let next = back.map_or_else(
            || "/account/orders".to_owned(),
            |o| format!("/account/orders/{o}"),
        );
        return Ok(to_login(&next));
    };
    match cxl_app::withdraw(&state.app, buyer, id).await {
        Ok(c) => Ok(redirect(&format!(
            "/account/orders/{}?notice=withdrawn",
            c.order_id
        ))),
        Err(AppError::Conflict { code, .. }) => {
            let errors = FormErrors {
                form: Some(refusal_text(&page, code)),
                ..FormErrors::default()
            };
            let html = match back {
                Some(order) => {
                    let d = orders::detail_for_buyer(&state.app, buyer, order)
                        .await
                        .map_err(err(&page))?;
                    render_order(&page, &d, None, &errors, &RequestForm::default())
                }
                None => {
                    let title = page.t("buy-orders-title");
                    layout::store_shell(
                        &page,
                        &title,
                        html! {
                            (form_error(&errors))
                            p { a href="/account/orders" { (title) } }
                        },
                    )
                }
            };
            Ok((StatusCode::CONFLICT, html).into_response())
        }
        Err(e) => Err(err(&page)(e)),
    }
}
