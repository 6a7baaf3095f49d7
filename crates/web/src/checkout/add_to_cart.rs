//! The product page's buy box: the variant picker, quantity, "Add to cart" and "Buy now".

use super::*;

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

pub(super) fn product_href(product: ProductId, src: Option<&str>) -> String {
    match src {
        Some(s) => format!("/p/{product}?src={s}"),
        None => format!("/p/{product}"),
    }
}

pub(super) fn buy_now_href(product: ProductId, sku: &str, qty: &str, src: Option<&str>) -> String {
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
