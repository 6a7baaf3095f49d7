//! The checkout's result: the page the payment provider sends the buyer back to, and "Pay now".

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::buyers::CurrentBuyer;
use shopdeck_app::orders::{self, CheckoutView, LineView, OrderSummary, PaymentView};
use shopdeck_app::payments;
use shopdeck_domain::ids::{CheckoutId, PaymentId};
use shopdeck_domain::money::Money;
use shopdeck_domain::orders::{OrderStatus, SandboxStatus};

use super::{buy_errors, err, image_thumb, status_badge, status_of, thumb, to_login};
use crate::WebState;
use crate::cancellations as cxl;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};

pub(super) fn line_item(page: &Page, l: &LineView) -> Markup {
    html! {
        li .buy-line {
            a href={ "/p/" (l.product_id) } tabindex="-1" { (thumb(image_thumb(l.image_id.as_deref()).as_deref())) }
            div .buy-line-body {
                a .buy-line-title href={ "/p/" (l.product_id) } { bdi { (l.title) } }
                @if !l.variant.is_empty() { span .muted .small { (crate::product_parts::variant_words(page, &l.variant_values, &l.variant)) } }
                span { (page.ta("buy-times", &[("n", &l.quantity.to_string())])) " · " (page.money(&l.unit_price)) }
                (cxl::line_cancelled(page, l))
            }
            span .buy-line-end { (page.money(&l.total)) }
        }
    }
}

/// The shops whose orders a payment pays (one payment per currency).
fn shops_paid_by(p: &PaymentView, orders: &[OrderSummary]) -> String {
    orders
        .iter()
        .filter(|o| o.currency == p.amount.currency().code())
        .map(|o| o.store_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The payments the buyer approved at the provider whose confirmation has not come yet. The
/// sandbox is asked about its own sessions; for another provider, the `payment=approved` the
/// buyer came back with stands for every open payment.
async fn confirming(
    state: &WebState,
    payments: &[PaymentView],
    returned: Option<&str>,
) -> Vec<PaymentId> {
    let mut out = Vec::new();
    for p in payments.iter().filter(|p| p.status == "PENDING") {
        let approved = if p.provider == payments::SANDBOX {
            match p.redirect_url.as_deref().and_then(|u| u.rsplit('/').next()) {
                Some(session) => payments::sandbox_page(&state.app, session)
                    .await
                    .is_ok_and(|s| s.status == SandboxStatus::Approved),
                None => false,
            }
        } else {
            returned == Some("approved")
        };
        if approved {
            out.push(p.id);
        }
    }
    out
}

/// Whether a payment can still be paid: open, with unpaid orders in its currency.
fn payable(p: &PaymentView, orders: &[OrderSummary]) -> bool {
    p.status != "PAID"
        && orders
            .iter()
            .any(|o| o.status == OrderStatus::Unpaid && o.currency == p.amount.currency().code())
}

pub(super) fn pay_form(page: &Page, action: &str, amount: &Money) -> Markup {
    html! {
        form method="post" action=(action) {
            (csrf_field(page))
            button type="submit" .primary { (page.ta("buy-pay-now", &[("amount", &page.money_text(amount))])) }
        }
    }
}

async fn render_result(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    id: CheckoutId,
    payment: Option<&str>,
    errors: &FormErrors,
) -> Result<Markup, WebError> {
    let view: CheckoutView = orders::checkout_for_buyer(&state.app, buyer, id)
        .await
        .map_err(err(page))?;
    let unpaid = view.orders.iter().any(|o| o.status == OrderStatus::Unpaid);
    let confirming = confirming(state, &view.payments, payment).await;
    let waiting = unpaid && !confirming.is_empty();
    let pay_by = view.orders.iter().filter_map(|o| o.deadlines.pay_by).min();
    let title = page.t(if unpaid {
        "buy-result-title-unpaid"
    } else {
        "buy-result-title"
    });
    let message = match payment {
        _ if waiting => Some(html! {
            p .notice .buy-wait role="status" { (page.t("buy-result-approved")) }
        }),
        Some("approved") if !unpaid => Some(html! {
            p .notice .buy-ok role="status" { (page.t("buy-result-paid")) }
        }),
        Some("declined") => Some(html! {
            p .form-error role="alert" { (page.t("buy-result-declined")) }
        }),
        Some("later") => pay_by.map(|t| {
            html! {
                p .notice role="status" { (page.ta("buy-result-later", &[("time", &page.time_text(t))])) }
            }
        }),
        _ => None,
    };
    let content = html! {
        @if waiting { meta http-equiv="refresh" content="3"; }
        div .buy-column {
            h1 { (title) }
            @if let Some(m) = message { (m) }
            (form_error(errors))
            @for p in view.payments.iter().filter(|p| payable(p, &view.orders) && !confirming.contains(&p.id)) {
                section .card .buy-pay {
                    p { strong { (shops_paid_by(p, &view.orders)) } }
                    @if let Some(t) = pay_by { p { (page.t("buy-pay-by")) " " (page.time(t)) } }
                    (pay_form(page, &format!("/checkout/{}/payments/{}", view.id, p.id), &p.amount))
                }
            }
            @for o in &view.orders {
                section .card {
                    h2 { (o.store_name) " " (status_badge(page, o.status)) }
                    ul .buy-lines role="list" { @for l in &o.lines { (line_item(page, l)) } }
                    dl .buy-sum {
                        dt { (page.t("buy-shipping")) }
                        dd { @if o.shipping_fee.amount_minor() == 0 { (page.t("buy-shipping-free")) } @else { (page.money(&o.shipping_fee)) } }
                        dt .buy-total { (page.t("buy-total")) } dd .buy-total { (page.money(&o.total)) }
                    }
                    p { a href={ "/account/orders/" (o.id) } { (page.t("buy-order-view")) } }
                }
            }
            p { a href="/account/orders" { (page.t("buy-orders-title")) } " · " a href="/" { (page.t("buy-continue-shopping")) } }
        }
    };
    Ok(layout::store_shell(page, &title, content))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ResultQuery {
    payment: Option<String>,
}

/// `GET /checkout/{id}`: where the payment page sends the buyer back.
pub async fn result(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CheckoutId>,
    Query(q): Query<ResultQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let payment = q
        .payment
        .as_deref()
        .filter(|p| matches!(*p, "approved" | "declined" | "later"));
    Ok(
        render_result(&state, &page, buyer, id, payment, &FormErrors::default())
            .await?
            .into_response(),
    )
}

/// Opens a fresh payment session and sends the buyer to it; `Err` is the refusal to show.
pub(super) async fn start_paying(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    payment: PaymentId,
) -> Result<Result<Response, (StatusCode, FormErrors)>, WebError> {
    match orders::pay(&state.app, buyer, payment).await {
        Ok(v) => Ok(match v.redirect_url {
            Some(url) => Ok(redirect(&url)),
            None => Err((
                StatusCode::SERVICE_UNAVAILABLE,
                FormErrors {
                    form: Some(page.t("buy-error-provider")),
                    ..FormErrors::default()
                },
            )),
        }),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let status = status_of(&e);
            Ok(Err((status, buy_errors(page, e)?)))
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

/// `POST /checkout/{id}/payments/{payment}`: "Pay now".
pub async fn pay_checkout(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, payment)): WebPath<(CheckoutId, PaymentId)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/checkout/{id}")));
    };
    match start_paying(&state, &page, buyer, payment).await? {
        Ok(to) => Ok(to),
        Err((status, errors)) => {
            let html = render_result(&state, &page, buyer, id, None, &errors).await?;
            Ok((status, html).into_response())
        }
    }
}
