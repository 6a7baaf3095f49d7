//! Buying on the storefront, phone first: adding to the cart from the product page, the cart, checkout, the
//! sandbox payment provider's hosted page, the checkout result, and the buyer's orders with
//! their tracking page (cancelling there: at once before shipment is due, else a request the
//! shop answers — see `cancellations`).
//!
//! Every step is a plain form and a redirect; the few lines of script only save a click. A
//! checkout form carries the exact items it shows and a random `client_key`, so a form sent
//! twice finds the checkout the first one placed instead of placing another.
//!
//! One file a page: `add_to_cart` (what the buy box, `crate::buy_box`, sends), `cart_page`, `place` (checkout), `payment_result`,
//! `sandbox_page` and `buyer_orders`; this file keeps what several of them share.

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use shopdeck_app::buyers::Address;
use shopdeck_app::orders::{MAX_CHECKOUT_LINES, MAX_LINE_QUANTITY, MAX_NOTE, Recipient};
use shopdeck_app::{AppError, FieldError};
use shopdeck_domain::Country;
use shopdeck_domain::orders::{CancelReason, OrderStatus, TimelineReason};

use crate::error::WebError;
use crate::forms::{FormErrors, refusal_text};
use crate::layout::urlencode;
use crate::page::{Page, redirect};

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

/// `?notice=`: what a redirect came back to say (the cart and an order page).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

mod add_to_cart;
mod buyer_orders;
mod cart_page;
mod payment_result;
mod place;
mod sandbox_page;

pub use add_to_cart::*;
pub use buyer_orders::*;
pub use cart_page::*;
pub use payment_result::*;
pub use place::*;
pub use sandbox_page::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_number_of_a_message() {
        assert_eq!(number_in("Only 3 left"), "3");
        assert_eq!(number_in("none"), "0");
    }
}
