//! What the product page's buy box sends (see `crate::buy_box`): "Add to cart" and "Buy now".

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shopdeck_app::orders::{self, MAX_LINE_QUANTITY, Source};
use shopdeck_domain::ids::{ProductId, SkuId};

use super::{buy_errors, not_found, status_of, to_login};
use crate::WebState;
use crate::buy_box::{BuyForm, source_id};
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::forms::FormErrors;
use crate::layout::urlencode;
use crate::page::{Page, redirect};

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
