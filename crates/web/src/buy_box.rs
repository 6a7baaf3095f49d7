//! The product page's buy box: the variant picker, quantity, "Add to cart" and "Buy now".
//! The storefront's product page places it; what it sends is `checkout`'s (`add_to_cart`),
//! which shows a refusal on the product page again, so it lives below both.

use maud::{Markup, html};
use shopdeck_app::orders::{MAX_LINE_QUANTITY, Source};
use shopdeck_app::products::{ShopProduct, ShopSku};

use crate::forms::{FormErrors, csrf_field, field_error, form_error};
use crate::page::Page;
use crate::product_parts::sku_label;

/// Units left from which a variant says "only N left".
const FEW_LEFT: i64 = 10;

/// A `src` worth keeping: a video or live session id, else nothing.
pub(crate) fn source_id(raw: Option<&str>) -> Option<String> {
    raw.and_then(Source::parse).map(|s| s.id)
}

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
                    (field_error(errors, "sku", "sku"))
                }
            } @else if let Some(s) = p.skus.first() {
                input type="hidden" name="sku" value=(s.id);
                @if s.available > 0 && s.available <= FEW_LEFT { p { (availability(page, s)) } }
                (field_error(errors, "sku", "sku"))
            }
            div .buy-qty .field {
                label for="quantity" { (page.t("buy-quantity")) }
                input #quantity type="number" name="quantity" inputmode="numeric" min="1"
                    max=(MAX_LINE_QUANTITY) value=(form.quantity)
                    aria-invalid=[qty_err.map(|_| "true")]
                    aria-describedby=[qty_err.map(|_| "quantity-error")];
                (field_error(errors, "quantity", "quantity"))
            }
            div .buy-actions {
                button type="submit" name="action" value="add" disabled[!any] { (page.t("buy-add-to-cart")) }
                button type="submit" .primary name="action" value="buy" disabled[!any] { (page.t("buy-buy-now")) }
            }
        }
    }
}
