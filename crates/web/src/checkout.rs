//! Buying on the storefront, phone first: the product page's buy box, the cart, checkout, the
//! sandbox payment provider's hosted page, the checkout result, and the buyer's orders with
//! their tracking page (cancelling there: at once before shipment is due, else a request the
//! shop answers — see `cancellations`).
//!
//! Every step is a plain form and a redirect; the few lines of script only save a click. A
//! checkout form carries the exact items it shows and a random `client_key`, so a form sent
//! twice finds the checkout the first one placed instead of placing another.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use shopdeck_app::buyers::{self, Address, CurrentBuyer};
use shopdeck_app::catalog;
use shopdeck_app::orders::{
    self, CheckoutItem, CheckoutRequest, CheckoutView, LineView, ListOrders, MAX_CHECKOUT_LINES,
    MAX_LINE_QUANTITY, MAX_NOTE, OrderDetail, OrderSummary, PaymentView, QuoteShop, Recipient,
    Source,
};
use shopdeck_app::payments::{self, SandboxDecision, SandboxPage};
use shopdeck_app::products::{self, ShopProduct, ShopSku};
use shopdeck_app::{AppError, FieldError, Refusal};
use shopdeck_domain::ids::{AddressId, CheckoutId, OrderId, PaymentId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::{CancelReason, OrderStatus, TimelineReason};
use shopdeck_domain::{Country, Locale};

use crate::WebState;
use crate::cancellations::{self as cxl, RequestForm};
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text};
use crate::layout::{self, urlencode};
use crate::page::{Page, redirect};
use shopdeck_app::cancellations as cxl_app;

/// Units left from which a variant says "only N left".
const FEW_LEFT: i64 = 10;
/// Orders per page of the buyer's history.
const ORDERS_PER_PAGE: i64 = 10;

fn err(page: &Page) -> impl Fn(AppError) -> WebError + '_ {
    move |e| WebError::from_app(e, page.locale())
}

fn not_found(page: &Page) -> WebError {
    WebError::NotFound(page.locale())
}

/// To the log-in form, then to `next`.
fn to_login(next: &str) -> Response {
    redirect(&format!("/account/login?next={}", urlencode(next)))
}

fn random_key() -> String {
    rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A `src` worth keeping: a video or live session id, else nothing.
fn source_id(raw: Option<&str>) -> Option<String> {
    raw.and_then(Source::parse).map(|s| s.id)
}

fn thumb(url: Option<&str>) -> Markup {
    html! {
        @match url {
            Some(u) => img .thumb src=(u) alt="" width="56" height="56" loading="lazy";,
            None => span .thumb aria-hidden="true" {},
        }
    }
}

fn image_thumb(image_id: Option<&str>) -> Option<String> {
    image_id.map(|id| format!("/media/{id}/thumb"))
}

fn status_badge(page: &Page, s: OrderStatus) -> Markup {
    html! {
        span class={ "badge buy-st-" (s.as_str().to_lowercase()) } { (status_name(page, s)) }
    }
}

fn status_name(page: &Page, s: OrderStatus) -> String {
    page.t(&format!("buy-status-{}", s.as_str()))
}

fn payment_status(page: &Page, status: &str) -> String {
    match status {
        "PENDING" | "PAID" | "FAILED" => page.t(&format!("buy-payment-{status}")),
        other => other.to_owned(),
    }
}

/// A status or reason written by the use-cases, in the buyer's language when it is known.
fn reason_text(page: &Page, reason: &str) -> String {
    if let Some(r) = CancelReason::parse(reason) {
        return page.t(&format!("buy-reason-{}", r.as_str()));
    }
    match TimelineReason::parse(reason) {
        Some(r) => page.t(&format!("buy-event-{}", r.as_str())),
        None => reason.to_owned(),
    }
}

/// A SKU of the buy box: its variant's values in the reader's language ("XS / ブラック"), in
/// the order of the product's sales attributes.
fn sku_label(locale: Locale, p: &ShopProduct, s: &ShopSku) -> String {
    let parts: Vec<String> = p
        .sales_attributes
        .iter()
        .filter_map(|k| s.variant.get(k).map(|v| catalog::value_name(locale, k, v)))
        .collect();
    if parts.is_empty() {
        s.variant
            .iter()
            .map(|(k, v)| catalog::value_name(locale, k, v))
            .collect::<Vec<_>>()
            .join(" / ")
    } else {
        parts.join(" / ")
    }
}

fn country_name(code: &str) -> String {
    Country::by_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

fn address_lines(
    name: &str,
    line1: &str,
    line2: Option<&str>,
    place: String,
    country: &str,
    phone: &str,
) -> Markup {
    html! {
        address {
            strong { (name) } br;
            (line1) br;
            @if let Some(l2) = line2.filter(|l| !l.is_empty()) { (l2) br; }
            (place) br;
            (country_name(country)) br;
            span .muted dir="ltr" { (phone) }
        }
    }
}

fn place_of(city: &str, region: Option<&str>, postal: Option<&str>) -> String {
    [Some(city), region, postal]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn address_row(a: &Address) -> Markup {
    address_lines(
        &a.recipient_name,
        &a.line1,
        a.line2.as_deref(),
        place_of(&a.city, a.region.as_deref(), a.postal_code.as_deref()),
        &a.country,
        &a.phone,
    )
}

fn recipient(r: &Recipient) -> Markup {
    address_lines(
        &r.name,
        &r.line1,
        r.line2.as_deref(),
        place_of(&r.city, r.region.as_deref(), r.postal_code.as_deref()),
        &r.country,
        &r.phone,
    )
}

/// The first number in a use-case's message ("Only 2 left").
fn number_in(message: &str) -> String {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap_or("0")
        .to_owned()
}

/// A use-case's message about one field, in the buyer's language.
fn field_message(page: &Page, f: &FieldError) -> String {
    match (f.field.as_str(), f.code.as_str()) {
        (_, "out-of-stock") => page.ta("buy-error-out-of-stock", &[("n", &number_in(&f.message))]),
        (_, "quantity-range") => page.ta(
            "buy-error-quantity-range",
            &[("max", &MAX_LINE_QUANTITY.to_string())],
        ),
        (_, "not-on-sale") => page.t("buy-error-not-on-sale"),
        (_, "not-delivered-there") => {
            let shop = f.message.split(" does not deliver").next().unwrap_or("");
            page.ta("buy-error-not-delivered-there", &[("shop", shop)])
        }
        ("address_id", "required") => page.t("buy-error-address-required"),
        ("address_id", "unknown") => page.t("buy-error-address-unknown"),
        (_, "too-long") => page.ta("buy-error-note-too-long", &[("max", &MAX_NOTE.to_string())]),
        (_, "empty") => page.t("buy-error-empty"),
        (_, "too-many") => page.ta(
            "buy-error-too-many",
            &[("max", &MAX_CHECKOUT_LINES.to_string())],
        ),
        (_, "bad-cursor") => page.t("error-cursor-invalid"),
        (_, code) => {
            let key = format!("error-{code}");
            if page.i18n.has_own(&key) {
                page.t(&key)
            } else {
                f.message.clone()
            }
        }
    }
}

/// Turns a use-case error into messages beside the fields; what is not the buyer's to fix
/// becomes an error page.
fn buy_errors(page: &Page, e: AppError) -> Result<FormErrors, WebError> {
    let mut out = FormErrors::default();
    match e {
        AppError::Validation(fields) => {
            for f in &fields {
                out.fields
                    .entry(f.field.clone())
                    .or_insert_with(|| field_message(page, f));
            }
        }
        AppError::Conflict { code, .. } => out.form = Some(refusal_text(page, code)),
        other => return FormErrors::from_app(page, other),
    }
    Ok(out)
}

fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

fn field_error(errors: &FormErrors, name: &str, id: &str) -> Markup {
    html! {
        @if let Some(e) = errors.field(name) { p .field-error id=(id) role="alert" { (e) } }
    }
}

// ---------------------------------------------------------------------------------------
// The product page's buy box

/// What the buy box shows as chosen (after a refused try, what the buyer had chosen).
#[derive(Debug, Default)]
pub(crate) struct BuyForm {
    pub sku: Option<String>,
    pub quantity: String,
    pub src: Option<String>,
}

impl BuyForm {
    pub(crate) fn new(src: Option<&str>) -> BuyForm {
        BuyForm {
            sku: None,
            quantity: "1".to_owned(),
            src: source_id(src),
        }
    }
}

fn availability(page: &Page, s: &ShopSku) -> Markup {
    html! {
        @if s.available <= 0 {
            span .badge .stock-out { (page.t("store-sold-out")) }
        } @else if s.available <= FEW_LEFT {
            span .badge .stock-low { (page.ta("buy-only-left", &[("n", &s.available.to_string())])) }
        } @else {
            span .muted .small { (page.t("store-in-stock")) }
        }
    }
}

/// The variant picker, quantity and the two buttons of the product page.
pub(crate) fn buy_box(page: &Page, p: &ShopProduct, form: &BuyForm, errors: &FormErrors) -> Markup {
    let buyable = |s: &ShopSku| s.available > 0;
    let any = p.skus.iter().any(buyable);
    let chosen = form
        .sku
        .as_deref()
        .and_then(|raw| p.skus.iter().find(|s| s.id.to_string() == raw))
        .filter(|s| buyable(s))
        .or_else(|| p.skus.iter().find(|s| buyable(s)))
        .map(|s| s.id);
    let picker = p.skus.len() > 1 || !p.sales_attributes.is_empty();
    let sku_err = errors.field("sku");
    let qty_err = errors.field("quantity");
    html! {
        form .buy-box method="post" action="/cart/items" novalidate {
            (csrf_field(page))
            input type="hidden" name="product" value=(p.id);
            @if let Some(src) = &form.src { input type="hidden" name="src" value=(src); }
            (form_error(errors))
            @if picker {
                fieldset aria-describedby=[sku_err.map(|_| "sku-error")] {
                    legend { (page.t("store-choose-variant")) }
                    ul .buy-choices role="list" {
                        @for s in &p.skus {
                            li {
                                label {
                                    input type="radio" name="sku" value=(s.id)
                                        checked[Some(s.id) == chosen] disabled[!buyable(s)];
                                    span .buy-choice-main { (sku_label(page.locale(), p, s)) }
                                    span .buy-choice-end {
                                        strong { (page.money(&s.price)) } br;
                                        (availability(page, s))
                                    }
                                }
                            }
                        }
                    }
                    (field_error(errors, "sku", "sku-error"))
                }
            } @else if let Some(s) = p.skus.first() {
                input type="hidden" name="sku" value=(s.id);
                @if s.available > 0 && s.available <= FEW_LEFT { p { (availability(page, s)) } }
                (field_error(errors, "sku", "sku-error"))
            }
            div .buy-qty .field {
                label for="quantity" { (page.t("buy-quantity")) }
                input #quantity type="number" name="quantity" inputmode="numeric" min="1"
                    max=(MAX_LINE_QUANTITY) value=(form.quantity)
                    aria-invalid=[qty_err.map(|_| "true")]
                    aria-describedby=[qty_err.map(|_| "quantity-error")];
                (field_error(errors, "quantity", "quantity-error"))
            }
            div .buy-actions {
                button type="submit" name="action" value="add" disabled[!any] { (page.t("buy-add-to-cart")) }
                button type="submit" .primary name="action" value="buy" disabled[!any] { (page.t("buy-buy-now")) }
            }
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct AddForm {
    #[serde(default)]
    product: String,
    sku: Option<String>,
    #[serde(default)]
    quantity: String,
    src: Option<String>,
    action: Option<String>,
}

fn product_href(product: ProductId, src: Option<&str>) -> String {
    match src {
        Some(s) => format!("/p/{product}?src={s}"),
        None => format!("/p/{product}"),
    }
}

fn buy_now_href(product: ProductId, sku: &str, qty: &str, src: Option<&str>) -> String {
    let mut href = format!(
        "/checkout?p={product}&sku={}&qty={}",
        urlencode(sku),
        urlencode(qty)
    );
    if let Some(s) = src {
        href.push_str("&src=");
        href.push_str(s);
    }
    href
}

/// `POST /cart/items`: "Add to cart" puts the units in the cart; "Buy now" goes to checkout
/// with just them. Signed-out buyers log in first and come back.
pub async fn add_to_cart(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, WebError> {
    let product: ProductId = form.product.parse().map_err(|_| not_found(&page))?;
    let src = source_id(form.src.as_deref());
    let buy_now = form.action.as_deref() == Some("buy");
    let sku_raw = form.sku.clone().unwrap_or_default();
    let qty_raw = form.quantity.trim().to_owned();
    let Some(buyer) = page.buyer.as_ref() else {
        let next = if buy_now && !sku_raw.is_empty() {
            buy_now_href(product, &sku_raw, &qty_raw, src.as_deref())
        } else {
            product_href(product, src.as_deref())
        };
        return Ok(to_login(&next));
    };
    let mut errors = FormErrors::default();
    let sku = sku_raw.parse::<SkuId>().ok();
    if sku.is_none() {
        errors
            .fields
            .insert("sku".into(), page.t("buy-error-choose-variant"));
    }
    let quantity = qty_raw
        .parse::<i64>()
        .ok()
        .filter(|q| (1..=MAX_LINE_QUANTITY).contains(q));
    if quantity.is_none() {
        errors.fields.insert(
            "quantity".into(),
            page.ta(
                "buy-error-quantity-range",
                &[("max", &MAX_LINE_QUANTITY.to_string())],
            ),
        );
    }
    let again = BuyForm {
        sku: form.sku.clone(),
        quantity: qty_raw.clone(),
        src: src.clone(),
    };
    let (Some(sku), Some(quantity)) = (sku, quantity) else {
        let html = crate::storefront::product_page(&state, &page, product, &again, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    if buy_now {
        return Ok(redirect(&buy_now_href(
            product,
            &sku.to_string(),
            &quantity.to_string(),
            src.as_deref(),
        )));
    }
    let source = src.as_deref().and_then(Source::parse);
    match orders::put_in_cart(&state.app, buyer, sku, quantity, source, false).await {
        Ok(()) => Ok(redirect("/cart?notice=added")),
        Err(e) => {
            let status = status_of(&e);
            let mut errors = buy_errors(&page, e)?;
            if let Some(m) = errors.fields.remove("sku_id") {
                errors.fields.insert("sku".into(), m);
            }
            let html =
                crate::storefront::product_page(&state, &page, product, &again, &errors).await?;
            Ok((status, html).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// Cart

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

fn cart_notice(page: &Page, key: Option<&str>) -> Option<String> {
    let k = match key? {
        "added" => "buy-cart-added",
        "updated" => "buy-cart-updated",
        "removed" => "buy-cart-removed",
        _ => return None,
    };
    Some(page.t(k))
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

// ---------------------------------------------------------------------------------------
// Checkout

/// One line of a checkout form.
#[derive(Debug, Clone)]
struct Item {
    sku: SkuId,
    quantity: i64,
    source: Option<String>,
}

/// The items as one hidden field: `sku:quantity:source` separated by spaces.
fn encode_items(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}",
                i.sku,
                i.quantity,
                i.source.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_items(s: &str) -> Option<Vec<Item>> {
    let mut out = Vec::new();
    for part in s.split_whitespace().take(MAX_CHECKOUT_LINES + 1) {
        let mut it = part.splitn(3, ':');
        let sku = it.next()?.parse().ok()?;
        let quantity = it.next()?.parse().ok()?;
        let source = source_id(it.next());
        out.push(Item {
            sku,
            quantity,
            source,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// What a checkout page is about.
struct Ctx {
    items: Vec<Item>,
    /// Checking out the cart (else "Buy now").
    from_cart: bool,
    /// The product a "Buy now" came from, to show its picture and title.
    product: Option<ProductId>,
    address: Option<AddressId>,
    note: String,
    client_key: String,
}

impl Ctx {
    /// The page's own address (coming back after adding an address).
    fn href(&self) -> String {
        match (self.from_cart, self.items.first(), self.product) {
            (false, Some(i), Some(p)) => buy_now_href(
                p,
                &i.sku.to_string(),
                &i.quantity.to_string(),
                i.source.as_deref(),
            ),
            _ => "/checkout".to_owned(),
        }
    }

    fn back(&self) -> String {
        match (self.from_cart, self.product) {
            (false, Some(p)) => {
                product_href(p, self.items.first().and_then(|i| i.source.as_deref()))
            }
            _ => "/cart".to_owned(),
        }
    }

    fn request(&self, address: Option<AddressId>) -> CheckoutRequest {
        CheckoutRequest {
            address_id: address,
            items: Some(
                self.items
                    .iter()
                    .map(|i| CheckoutItem {
                        sku_id: i.sku,
                        quantity: i.quantity,
                        source: i.source.clone(),
                    })
                    .collect(),
            ),
            note: Some(self.note.clone()).filter(|n| !n.trim().is_empty()),
            client_key: Some(self.client_key.clone()),
            request_hash: None,
        }
    }
}

/// How a checkout line looks.
struct Shown {
    title: String,
    variant: String,
    thumb: Option<String>,
    unit_price: Option<Money>,
    product: Option<ProductId>,
    seller: Option<SellerId>,
    store: String,
}

async fn shown_items(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    ctx: &Ctx,
) -> Result<BTreeMap<SkuId, Shown>, WebError> {
    let mut out = BTreeMap::new();
    let cart = orders::cart(&state.app, buyer, page.locale())
        .await
        .map_err(err(page))?;
    for shop in &cart.shops {
        for l in &shop.lines {
            out.insert(
                l.sku_id,
                Shown {
                    title: l.title.clone(),
                    variant: crate::product_parts::variant_words(
                        page,
                        &l.variant_values,
                        &l.variant,
                    ),
                    thumb: image_thumb(l.image_id.as_deref()),
                    unit_price: l.unit_price,
                    product: l.product_id,
                    seller: Some(shop.seller_id),
                    store: shop.store_name.clone(),
                },
            );
        }
    }
    if let Some(id) = ctx.product {
        // Only to show the item: a product gone meanwhile is reported by the quote.
        if let Ok(p) = products::on_sale(&state.app, id, page.locale()).await {
            for s in &p.skus {
                out.insert(
                    s.id,
                    Shown {
                        title: p.title.clone(),
                        variant: sku_label(page.locale(), &p, s),
                        thumb: p.images.first().map(|i| i.thumb_url.clone()),
                        unit_price: Some(s.price),
                        product: Some(p.id),
                        seller: Some(p.seller_id),
                        store: p.store_name.clone(),
                    },
                );
            }
        }
    }
    Ok(out)
}

/// The error message of item `i`, whichever of its fields it is about.
fn item_error(errors: &FormErrors, i: usize, from_cart: bool) -> Option<&String> {
    errors
        .field(&format!("items[{i}].sku_id"))
        .or_else(|| errors.field(&format!("items[{i}].quantity")))
        .or_else(|| {
            from_cart
                .then(|| errors.field(&format!("cart[{i}]")))
                .flatten()
        })
}

fn sum(page: &Page, q: &QuoteShop) -> Markup {
    html! {
        dl .buy-sum {
            dt { (page.t("buy-subtotal")) } dd { (page.money(&q.subtotal)) }
            dt { (page.t("buy-shipping")) }
            dd { @if q.shipping_fee.amount_minor() == 0 { (page.t("buy-shipping-free")) } @else { (page.money(&q.shipping_fee)) } }
            @if q.discount.amount_minor() != 0 { dt { (page.t("buy-discount")) } dd { "−" (page.money(&q.discount)) } }
            dt .buy-total { (page.t("buy-total")) } dd .buy-total { (page.money(&q.total)) }
        }
    }
}

/// Totals per currency ("$118.00 + £59.00").
fn grand_total(page: &Page, shops: &[QuoteShop]) -> Markup {
    let mut per: BTreeMap<String, Money> = BTreeMap::new();
    for s in shops {
        let c = s.total.currency().code().to_owned();
        let next = match per.get(&c) {
            Some(m) => m.checked_add(s.total).unwrap_or(*m),
            None => s.total,
        };
        per.insert(c, next);
    }
    html! {
        @for (i, m) in per.values().enumerate() {
            @if i > 0 { " + " }
            (page.money(m))
        }
    }
}

async fn render_checkout(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    ctx: &Ctx,
    mut errors: FormErrors,
    notice: Option<String>,
) -> Result<Markup, WebError> {
    let addresses = buyers::list_addresses(&state.app, buyer.id)
        .await
        .map_err(err(page))?;
    let chosen = ctx
        .address
        .filter(|a| addresses.iter().any(|x| x.id == *a))
        .or_else(|| {
            addresses
                .iter()
                .find(|a| a.is_default)
                .or(addresses.first())
                .map(|a| a.id)
        });
    let shown = shown_items(state, page, buyer, ctx).await?;
    let quote = match chosen {
        Some(a) => match orders::quote(&state.app, buyer, &ctx.request(Some(a))).await {
            Ok(q) => Some(q),
            Err(e) => {
                let found = buy_errors(page, e)?;
                for (k, v) in found.fields {
                    errors.fields.entry(k).or_insert(v);
                }
                if errors.form.is_none() {
                    errors.form = found.form;
                }
                None
            }
        },
        None => None,
    };
    // Lines by shop, in the order they come.
    let mut groups: Vec<(Option<SellerId>, String, Vec<usize>)> = Vec::new();
    for (i, item) in ctx.items.iter().enumerate() {
        let (seller, store) = shown
            .get(&item.sku)
            .map_or((None, String::new()), |s| (s.seller, s.store.clone()));
        match groups.iter_mut().find(|g| g.0 == seller) {
            Some(g) => g.2.push(i),
            None => groups.push((seller, store, vec![i])),
        }
    }
    let title = page.t("buy-checkout-title");
    let add_address = format!("/account/addresses/new?next={}", urlencode(&ctx.href()));
    let address_err = errors.field("address_id");
    let note_err = errors.field("note");
    let content = html! {
        div .buy-column {
            p { a href=(ctx.back()) { "← " (page.t(if ctx.from_cart { "store-cart" } else { "buy-back-to-product" })) } }
            h1 { (title) }
            @if let Some(n) = notice { p .notice role="status" { (n) } }
            (form_error(&errors))
            form #checkout method="post" action="/checkout" novalidate {
                (csrf_field(page))
                input type="hidden" name="items" value=(encode_items(&ctx.items));
                input type="hidden" name="mode" value=(if ctx.from_cart { "cart" } else { "now" });
                @if let Some(p) = ctx.product { input type="hidden" name="p" value=(p); }
                input type="hidden" name="client_key" value=(ctx.client_key);
                @if let Some(a) = chosen { input type="hidden" name="quoted_for" value=(a); }
                section .card {
                    @if addresses.is_empty() {
                        h2 { (page.t("buy-checkout-address")) }
                        p #address_id-error .field-error role="alert" { (page.t("buy-checkout-no-address")) }
                        p { a .button .primary-link href=(add_address) { (page.t("buy-checkout-add-address")) } }
                    } @else {
                        fieldset .buy-fieldset aria-describedby=[address_err.map(|_| "address_id-error")] {
                            legend { h2 .flush { (page.t("buy-checkout-address")) } }
                            ul .buy-choices role="list" {
                                @for a in &addresses {
                                    li { label {
                                        input type="radio" name="address_id" value=(a.id) checked[Some(a.id) == chosen];
                                        span .buy-choice-main { (address_row(a)) }
                                    } }
                                }
                            }
                            (field_error(&errors, "address_id", "address_id-error"))
                        }
                        div .toolbar {
                            @if addresses.len() > 1 {
                                button #requote type="submit" name="requote" value="1" .auto { (page.t("buy-checkout-requote")) }
                            }
                            a href=(add_address) { (page.t("buy-checkout-add-address")) }
                        }
                    }
                }
                @for (seller, store, idx) in &groups {
                    section .card {
                        h2 { @if store.is_empty() { (page.t("buy-checkout-items")) } @else { (store) } }
                        ul .buy-lines role="list" {
                            @for i in idx {
                                @let item = &ctx.items[*i];
                                @let s = shown.get(&item.sku);
                                @let e = item_error(&errors, *i, ctx.from_cart);
                                li .buy-line id={ "item-" (i) } {
                                    (thumb(s.and_then(|s| s.thumb.as_deref())))
                                    div .buy-line-body {
                                        @match s {
                                            Some(s) => {
                                                @match s.product {
                                                    Some(p) => a .buy-line-title href={ "/p/" (p) } { bdi { (s.title) } },
                                                    None => span .buy-line-title { bdi { (s.title) } },
                                                }
                                                @if !s.variant.is_empty() { span .muted .small { (s.variant) } }
                                            },
                                            None => span .buy-line-title { (page.t("buy-cart-gone")) },
                                        }
                                        span {
                                            (page.ta("buy-times", &[("n", &item.quantity.to_string())]))
                                            @if let Some(p) = s.and_then(|s| s.unit_price) { " · " (page.money(&p)) }
                                        }
                                        @if let Some(e) = e { p .field-error id={ "item-" (i) "-error" } role="alert" { (e) } }
                                    }
                                }
                            }
                        }
                        @if let Some(q) = quote.as_ref().and_then(|q| q.iter().find(|q| Some(q.seller_id) == *seller)) {
                            (sum(page, q))
                        }
                    }
                }
                section .card {
                    div .field {
                        label for="note" { (page.t("buy-checkout-note")) }
                        p .hint #note-hint { (page.t("buy-checkout-note-hint")) }
                        textarea #note name="note" rows="2" maxlength=(MAX_NOTE)
                            aria-invalid=[note_err.map(|_| "true")]
                            aria-describedby=(if note_err.is_some() { "note-hint note-error" } else { "note-hint" }) { (ctx.note) }
                        (field_error(&errors, "note", "note-error"))
                    }
                }
                div .buy-place {
                    @if let Some(q) = quote.as_ref().filter(|q| !q.is_empty()) {
                        p .lead { (page.t("buy-checkout-to-pay")) " " strong { (grand_total(page, q)) } }
                    }
                    button type="submit" .primary name="place" value="1" disabled[addresses.is_empty()] { (page.t("buy-checkout-place")) }
                    p .muted .small { (page.t("buy-checkout-pay-hint")) }
                }
            }
            // Re-quotes when another address is picked (the button works without it).
            script src="/assets/checkout.js" defer {}
        }
    };
    Ok(layout::store_shell(page, &title, content))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct CheckoutQuery {
    p: Option<String>,
    sku: Option<String>,
    qty: Option<String>,
    src: Option<String>,
    address: Option<String>,
}

/// `GET /checkout`: the cart (or, with `?sku=&qty=`, one item bought now), the address,
/// shipping and totals.
pub async fn checkout_form(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<CheckoutQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let product = q.p.as_deref().and_then(|p| p.parse().ok());
    let (items, from_cart) = match q.sku.as_deref().filter(|s| !s.is_empty()) {
        Some(sku) => {
            let Ok(sku) = sku.parse::<SkuId>() else {
                return Ok(redirect("/cart"));
            };
            let quantity = q
                .qty
                .as_deref()
                .map_or(Some(1), |s| s.trim().parse::<i64>().ok())
                .unwrap_or(0);
            let item = Item {
                sku,
                quantity,
                source: source_id(q.src.as_deref()),
            };
            (vec![item], false)
        }
        None => {
            let cart = orders::cart(&state.app, buyer, page.locale())
                .await
                .map_err(err(&page))?;
            let items: Vec<Item> = cart
                .shops
                .iter()
                .flat_map(|s| &s.lines)
                .map(|l| Item {
                    sku: l.sku_id,
                    quantity: l.quantity,
                    source: l.source.as_ref().map(|s| s.id.clone()),
                })
                .collect();
            if items.is_empty() {
                return Ok(redirect("/cart"));
            }
            (items, true)
        }
    };
    let ctx = Ctx {
        items,
        from_cart,
        product,
        address: q.address.as_deref().and_then(|a| a.parse().ok()),
        note: String::new(),
        client_key: random_key(),
    };
    Ok(
        render_checkout(&state, &page, buyer, &ctx, FormErrors::default(), None)
            .await?
            .into_response(),
    )
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    items: String,
    #[serde(default)]
    mode: String,
    p: Option<String>,
    address_id: Option<String>,
    quoted_for: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    client_key: String,
    requote: Option<String>,
}

/// `POST /checkout`: places the orders and sends the buyer to pay; or, when another address
/// was picked than the totals were shown for, shows the new totals first.
pub async fn place_order(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login("/checkout"));
    };
    let Some(items) = decode_items(&form.items) else {
        return Ok(redirect("/cart"));
    };
    let key = form.client_key.trim();
    let client_key = if !key.is_empty() && key.len() <= 100 {
        key.to_owned()
    } else {
        random_key()
    };
    let address = form
        .address_id
        .as_deref()
        .and_then(|a| a.parse::<AddressId>().ok());
    let ctx = Ctx {
        items,
        from_cart: form.mode == "cart",
        product: form.p.as_deref().and_then(|p| p.parse().ok()),
        address,
        note: form.note.clone(),
        client_key,
    };
    let quoted = form
        .quoted_for
        .as_deref()
        .and_then(|a| a.parse::<AddressId>().ok());
    if form.requote.is_some() || (address.is_some() && quoted.is_some() && address != quoted) {
        let notice = form
            .requote
            .is_none()
            .then(|| page.t("buy-checkout-requoted"));
        let html =
            render_checkout(&state, &page, buyer, &ctx, FormErrors::default(), notice).await?;
        return Ok(html.into_response());
    }
    let req = ctx.request(address);
    let mut placed = orders::checkout(&state.app, buyer, &req).await;
    if let Err(AppError::Conflict {
        code: Refusal::AlreadyExists,
        ..
    }) = &placed
    {
        // The same form sent twice at once: the other request placed it.
        placed = orders::checkout(&state.app, buyer, &req).await;
    }
    match placed {
        Ok(done) => {
            let to = match done.payments.as_slice() {
                [one] => one
                    .redirect_url
                    .clone()
                    .unwrap_or_else(|| format!("/checkout/{}", done.id)),
                _ => format!("/checkout/{}", done.id),
            };
            Ok(redirect(&to))
        }
        Err(e) => {
            let status = status_of(&e);
            let sold_out = match &e {
                AppError::Conflict {
                    code: Refusal::OutOfStock,
                    detail,
                } => ctx
                    .items
                    .iter()
                    .position(|i| detail.contains(&i.sku.to_string())),
                _ => None,
            };
            let mut errors = buy_errors(&page, e)?;
            if let Some(i) = sold_out {
                // Beside the item that sold out, not at the top.
                if let Some(m) = errors.form.take() {
                    errors.fields.insert(format!("items[{i}].sku_id"), m);
                }
            }
            let html = render_checkout(&state, &page, buyer, &ctx, errors, None).await?;
            Ok((status, html).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// The checkout's result: the return page of the payment provider

fn line_item(page: &Page, l: &LineView) -> Markup {
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
                    .is_ok_and(|s| s.status == "APPROVED"),
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

fn pay_form(page: &Page, action: &str, amount: &Money) -> Markup {
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
async fn start_paying(
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

// ---------------------------------------------------------------------------------------
// The sandbox provider's hosted page

fn sandbox_document(page: &Page, s: &SandboxPage, error: Option<String>) -> Markup {
    let locale = page.locale();
    let amount = Currency::parse(&s.currency).map_or_else(
        |_| format!("{} {}", s.amount_minor, s.currency),
        |c| Money::new(s.amount_minor, c).format(locale),
    );
    let title = page.t("buy-sandbox-title");
    let open = s.status == "OPEN";
    html! {
        (DOCTYPE)
        html lang=(locale.tag()) dir=(if locale.is_rtl() { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                link rel="stylesheet" href="/assets/app.css";
            }
            body .sandbox {
                header .sbx-bar {
                    strong { (page.t("buy-sandbox-brand")) }
                    span { (title) }
                }
                main #main .sbx {
                    div .card {
                        p .muted { (page.t("buy-sandbox-merchant")) }
                        p { (s.description) }
                        p .amount dir="ltr" { (amount) }
                        @if let Some(e) = error { p .form-error role="alert" { (e) } }
                        @if open {
                            form method="post" action={ "/sandbox/pay/" (s.id) } {
                                (csrf_field(page))
                                button type="submit" name="decision" value="approve" .approve { (page.t("buy-sandbox-approve")) }
                                button type="submit" name="decision" value="decline" .decline { (page.t("buy-sandbox-decline")) }
                                button type="submit" name="decision" value="later" { (page.t("buy-sandbox-later")) }
                            }
                        } @else {
                            p role="status" {
                                strong { (page.t(if s.status == "APPROVED" { "buy-sandbox-approved" } else { "buy-sandbox-declined" })) }
                            }
                            p { a href=(s.return_url) { (page.t("buy-sandbox-back")) } }
                        }
                    }
                    p .muted .small { (page.t("buy-sandbox-note")) }
                }
            }
        }
    }
}

/// `GET /sandbox/pay/{session}`: the sandbox provider's payment page.
pub async fn sandbox(
    State(state): State<WebState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = payments::sandbox_page(&state.app, &id)
        .await
        .map_err(err(&page))?;
    Ok(sandbox_document(&page, &s, None).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

/// `POST /sandbox/pay/{session}`: approve, decline or leave to pay later; then back to
/// Shopdeck's return page.
pub async fn sandbox_decide(
    State(state): State<WebState>,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let decision = match form.decision.as_str() {
        "approve" => Some(SandboxDecision::Approve),
        "decline" => Some(SandboxDecision::Decline),
        "later" => Some(SandboxDecision::Later),
        _ => None,
    };
    let refused = match decision {
        Some(d) => match payments::sandbox_decide(&state.app, &id, d).await {
            Ok(to) => return Ok(redirect(&to)),
            Err(AppError::Conflict { code, .. }) => {
                (StatusCode::CONFLICT, refusal_text(&page, code))
            }
            Err(e) => return Err(WebError::from_app(e, page.locale())),
        },
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("buy-sandbox-choose"),
        ),
    };
    let s = payments::sandbox_page(&state.app, &id)
        .await
        .map_err(err(&page))?;
    Ok((refused.0, sandbox_document(&page, &s, Some(refused.1))).into_response())
}

// ---------------------------------------------------------------------------------------
// The buyer's orders

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
    match key? {
        "cancelled" => Some(page.t("buy-order-cancelled-notice")),
        "requested" => Some(page.t("cxl-notice-requested")),
        "withdrawn" => Some(page.t("cxl-notice-withdrawn")),
        _ => None,
    }
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
                            (field_error(errors, "note", "note-error"))
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

/// `POST /account/orders/{id}/pay`: "Pay now" for an unpaid order.
pub async fn pay_order(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<OrderId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/account/orders/{id}")));
    };
    let d = orders::detail_for_buyer(&state.app, buyer, id)
        .await
        .map_err(err(&page))?;
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
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/account/orders/{id}")));
    };
    let d = orders::detail_for_buyer(&state.app, buyer, id)
        .await
        .map_err(err(&page))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_survive_the_hidden_field() {
        let sku: SkuId = "sku_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b".parse().unwrap();
        let items = vec![
            Item {
                sku,
                quantity: 2,
                source: Some("vid_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b".into()),
            },
            Item {
                sku,
                quantity: 1,
                source: None,
            },
        ];
        let back = decode_items(&encode_items(&items)).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].quantity, 2);
        assert_eq!(back[0].source.as_deref(), items[0].source.as_deref());
        assert!(back[1].source.is_none());
        assert!(decode_items("").is_none());
        assert!(decode_items("nope:1:").is_none());
        // A source that is not a video or live session is dropped.
        let odd = format!("{sku}:1:prd_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b");
        assert!(decode_items(&odd).unwrap()[0].source.is_none());
    }

    #[test]
    fn the_first_number_of_a_message() {
        assert_eq!(number_in("Only 3 left"), "3");
        assert_eq!(number_in("none"), "0");
    }
}
