//! The cart: its lines by shop, quantities changed or taken out.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::buyers::CurrentBuyer;
use shopdeck_app::orders::{self, MAX_LINE_QUANTITY};
use shopdeck_domain::ids::SkuId;

use super::{NoticeQuery, buy_errors, err, image_thumb, status_of, thumb, to_login};
use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};

fn cart_notice(page: &Page, key: Option<&str>) -> Option<String> {
    page.notice(
        key,
        &[
            ("added", "buy-cart-added"),
            ("updated", "buy-cart-updated"),
            ("removed", "buy-cart-removed"),
        ],
    )
}

fn line_key(sku: SkuId) -> String {
    format!("line-{sku}")
}

async fn render_cart(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    notice: Option<String>,
    errors: &FormErrors,
) -> Result<Markup, WebError> {
    let cart = orders::cart(&state.app, buyer, page.locale())
        .await
        .map_err(err(page))?;
    let title = page.t("store-cart");
    let line = |l: &orders::CartLine| {
        let key = line_key(l.sku_id);
        let err_id = format!("{key}-error");
        let e = errors.field(&key);
        let qty_id = format!("qty-{}", l.sku_id);
        html! {
            li .buy-line id=(key) {
                @match l.product_id {
                    Some(p) => a href={ "/p/" (p) } tabindex="-1" { (thumb(image_thumb(l.image_id.as_deref()).as_deref())) },
                    None => (thumb(None)),
                }
                div .buy-line-body {
                    @match l.product_id {
                        Some(p) => a .buy-line-title href={ "/p/" (p) } { bdi { (l.title) } },
                        None => span .buy-line-title { (page.t("buy-cart-gone")) },
                    }
                    @if !l.variant.is_empty() { span .muted .small { (crate::product_parts::variant_words(page, &l.variant_values, &l.variant)) } }
                    @if let Some(price) = &l.unit_price { span { strong { (page.money(price)) } } }
                    @if l.product_id.is_some() && !l.buyable {
                        span {
                            @if l.available <= 0 {
                                span .badge .stock-out { (page.t("store-sold-out")) }
                            } @else {
                                span .badge .stock-low { (page.ta("buy-only-left", &[("n", &l.available.to_string())])) }
                            }
                        }
                    }
                    div .buy-line-tools {
                        @if l.product_id.is_some() {
                            form method="post" action={ "/cart/items/" (l.sku_id) } {
                                (csrf_field(page))
                                label .visually-hidden for=(qty_id) { (page.t("buy-quantity")) }
                                input id=(qty_id) type="number" name="quantity" inputmode="numeric" min="0"
                                    max=(MAX_LINE_QUANTITY) value=(l.quantity)
                                    aria-invalid=[e.map(|_| "true")]
                                    aria-describedby=[e.map(|_| err_id.as_str())];
                                button type="submit" { (page.t("buy-cart-update")) }
                            }
                        } @else {
                            span .muted { (page.ta("buy-times", &[("n", &l.quantity.to_string())])) }
                        }
                        form method="post" action={ "/cart/items/" (l.sku_id) "/remove" } {
                            (csrf_field(page))
                            button type="submit" .link-button { (page.t("buy-cart-remove")) }
                        }
                    }
                    @if let Some(e) = e { p .field-error id=(err_id) role="alert" { (e) } }
                }
            }
        }
    };
    Ok(layout::store_shell(
        page,
        &title,
        html! {
            div .buy-column {
                h1 { (title) }
                @if let Some(n) = notice { p .notice .buy-ok role="status" { (n) } }
                (form_error(errors))
                @if cart.shops.is_empty() && cart.unavailable.is_empty() {
                    p .notice role="status" { (page.t("store-cart-empty")) }
                    p { a .button .primary-link href="/" { (page.t("buy-continue-shopping")) } }
                } @else {
                    @if cart.item_count > 0 {
                        p .muted { (page.ta("buy-cart-count", &[("n", &cart.item_count.to_string())])) }
                    }
                    @for shop in &cart.shops {
                        section .card aria-labelledby={ "shop-" (shop.seller_id) } {
                            h2 id={ "shop-" (shop.seller_id) } { a href={ "/shop/" (shop.seller_id) } { (shop.store_name) } }
                            ul .buy-lines role="list" { @for l in &shop.lines { (line(l)) } }
                            dl .buy-sum {
                                dt { (page.t("buy-subtotal")) }
                                dd .buy-total { (page.money(&shop.subtotal)) }
                            }
                        }
                    }
                    @if !cart.unavailable.is_empty() {
                        section .card #unavailable aria-labelledby="unavailable-title" {
                            h2 #unavailable-title { (page.t("buy-cart-unavailable")) }
                            p .muted { (page.t("buy-cart-unavailable-hint")) }
                            ul .buy-lines role="list" { @for l in &cart.unavailable { (line(l)) } }
                        }
                    }
                    @if !cart.shops.is_empty() {
                        div .buy-place {
                            p .muted { (page.t("buy-cart-shipping-hint")) }
                            a .button .primary-link .block-button href="/checkout" { (page.t("buy-cart-checkout")) }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /cart`
pub async fn cart(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let notice = cart_notice(&page, q.notice.as_deref());
    Ok(
        render_cart(&state, &page, buyer, notice, &FormErrors::default())
            .await?
            .into_response(),
    )
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct QuantityForm {
    #[serde(default)]
    quantity: String,
}

/// `POST /cart/items/{sku}`: a new quantity (0 takes the line out).
pub async fn update_cart_item(
    State(state): State<WebState>,
    page: Page,
    WebPath(sku): WebPath<SkuId>,
    CsrfForm(form): CsrfForm<QuantityForm>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login("/cart"));
    };
    let result = match form.quantity.trim().parse::<i64>() {
        Ok(0) => {
            return match orders::remove_from_cart(&state.app, buyer, sku).await {
                Ok(()) => Ok(redirect("/cart?notice=removed")),
                Err(e) => Err(WebError::from_app(e, page.locale())),
            };
        }
        Ok(q) => orders::put_in_cart(&state.app, buyer, sku, q, None, true).await,
        Err(_) => Err(AppError::invalid(
            "quantity",
            "quantity-range",
            "Choose a quantity",
        )),
    };
    match result {
        Ok(()) => Ok(redirect("/cart?notice=updated")),
        Err(e) => {
            let status = status_of(&e);
            let found = buy_errors(&page, e)?;
            let mut errors = FormErrors {
                form: found.form,
                ..FormErrors::default()
            };
            if let Some(m) = found.fields.into_values().next() {
                errors.fields.insert(line_key(sku), m);
            }
            let html = render_cart(&state, &page, buyer, None, &errors).await?;
            Ok((status, html).into_response())
        }
    }
}

/// `POST /cart/items/{sku}/remove`
pub async fn remove_cart_item(
    State(state): State<WebState>,
    page: Page,
    WebPath(sku): WebPath<SkuId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login("/cart"));
    };
    orders::remove_from_cart(&state.app, buyer, sku)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/cart?notice=removed"))
}
