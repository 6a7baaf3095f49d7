//! Checkout: the items, the address, shipping and totals, and placing the orders.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::buyers::{self, CurrentBuyer};
use shopdeck_app::orders::{
    self, CheckoutItem, CheckoutRequest, MAX_CHECKOUT_LINES, MAX_NOTE, QuoteShop,
};
use shopdeck_app::products;
use shopdeck_app::{AppError, Refusal};
use shopdeck_domain::ids::{AddressId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::Money;
use std::collections::BTreeMap;

use super::add_to_cart::{buy_now_href, product_href};
use super::{address_row, buy_errors, err, image_thumb, random_key, status_of, thumb, to_login};
use crate::WebState;
use crate::buy_box::source_id;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::forms::{FormErrors, csrf_field, field_error, form_error};
use crate::layout::{self, urlencode};
use crate::page::{Page, redirect};
use crate::product_parts::sku_label;

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
                            (field_error(&errors, "address_id", "address_id"))
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
                        (field_error(&errors, "note", "note"))
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
}
