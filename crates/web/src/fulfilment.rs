//! Seller Center › Orders › shipping: arranging an order's shipment (platform logistics, or
//! the shop's own carrier with a tracking number checked per carrier), the packages of an
//! order with their tracking timeline, shipping documents and the seller's delivery reports,
//! shipping many orders at once (ticked in the To ship tab, or listed in a CSV file) with a
//! result per order, and the PDFs of labels, packing slips and pick lists. Members need
//! Orders: view to see and print, edit to ship and report deliveries.
//!
//! The tracking pieces (package status, carrier link, timeline) are shared with the buyer's
//! order page.

use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::fulfilment::{
    self, BulkItem, BulkProblem, BulkResult, CarrierView, DeliveryReport, DocumentKind,
    PackageView, Proof, ShipMethod, TrackingEventView,
};
use shopdeck_app::orders::OrderDetail;
use shopdeck_app::{AppError, FieldError, Refusal};
use shopdeck_domain::fulfilment::{Carrier, DeliveryFailure, PackageStatus, ShippingMode};
use shopdeck_domain::ids::{OrderId, PackageId};
use shopdeck_domain::orders::OrderStatus;
use shopdeck_domain::roles::Access;
use shopdeck_files::pdf::LabelSize;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text, value};
use crate::layout;
use crate::order_parts::{Again, Answered, OrderRef, pending_of, typed_quantities};
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::{ORDERS, error_status, field_error, t_or};

const SECTION: &str = "orders";
const BULK_TITLE: &str = "shipf-bulk-title";
const BULK_HOME: &str = "/seller/shipping/bulk";

/// The delivery report takes one proof file of up to the use-case's limit.
pub fn proof_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(fulfilment::MAX_PROOF_BYTES + 64 * 1024)
}

/// A shipment file: 600 short lines fit easily.
pub fn file_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(2 * 1024 * 1024)
}

// ---------------------------------------------------------------------------------------
// Tracking pieces (seller and buyer pages)

/// A package status in words.
pub(crate) fn package_status_name(page: &Page, s: PackageStatus) -> String {
    page.t(&format!("pkg-status-{}", s.as_str()))
}

fn package_badge(page: &Page, s: PackageStatus) -> Markup {
    let class = match s {
        PackageStatus::ToFulfill | PackageStatus::Processing => "badge-source",
        PackageStatus::Fulfilling | PackageStatus::Completed => "status-live",
        PackageStatus::Cancelled => "status-deleted",
    };
    html! {
        span class={ "badge package-status " (class) } data-status=(s.as_str()) { (package_status_name(page, s)) }
    }
}

/// Why a delivery failed, in words (the domain's English text where no translation exists).
fn failure_text(page: &Page, code: &str) -> String {
    match DeliveryFailure::parse(code) {
        Some(f) => t_or(page, &format!("pkg-failure-{}", f.as_str()), f.text()),
        None => code.to_owned(),
    }
}

/// The tracking number, linked to the carrier's tracking page when it has one.
pub(crate) fn tracking_link(p: &PackageView) -> Markup {
    html! {
        @match &p.tracking_url {
            Some(u) => a .tracking-number href=(u) target="_blank" rel="noopener noreferrer" { (p.tracking_number) },
            None => span .tracking-number { (p.tracking_number) },
        }
    }
}

/// A package's tracking events, newest first.
pub(crate) fn events_list(page: &Page, events: &[TrackingEventView]) -> Markup {
    html! {
        @if events.is_empty() {
            p .muted .no-events { (page.t("shipf-no-events")) }
        } @else {
            ol .tracking-events reversed {
                @for e in events.iter().rev() {
                    li data-code=(e.code) {
                        strong { (t_or(page, &format!("trk-code-{}", e.code), &e.code)) }
                        " · " (page.time(e.occurred_at))
                        @if let Some(l) = &e.location { " · " span .location { (l) } }
                        @if !e.description.is_empty() { br; span .muted .small { (e.description) } }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The order page: arranging the shipment

/// What the seller typed into a shipping form, kept when it is shown again.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ShipForm {
    /// `platform` or `seller`.
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub tracking_number: String,
    /// Split shipment: `platform` or `seller` for the package of some units.
    #[serde(default)]
    pub split_mode: String,
    /// Split shipment: the units per line (`qty_<line_no>`), as typed.
    #[serde(skip)]
    pub quantities: std::collections::BTreeMap<i64, String>,
}

impl ShipForm {
    fn from_pairs(f: &[(String, String)]) -> ShipForm {
        ShipForm {
            method: value(f, "method").to_owned(),
            carrier: value(f, "carrier").to_owned(),
            tracking_number: value(f, "tracking_number").to_owned(),
            split_mode: value(f, "split_mode").to_owned(),
            quantities: typed_quantities(f),
        }
    }
}

/// Units of each line not in a live package yet: (line, units left).
fn unpacked(o: &OrderDetail) -> Vec<(&shopdeck_app::orders::LineView, i64)> {
    let live: Vec<&PackageView> = o
        .packages
        .iter()
        .filter(|p| p.status != PackageStatus::Cancelled)
        .collect();
    let split = live.iter().any(|p| !p.items.is_empty());
    o.summary
        .lines
        .iter()
        .map(|l| {
            let packed: i64 = if split {
                live.iter()
                    .flat_map(|p| p.items.iter())
                    .filter(|u| u.line_no == l.line_no)
                    .map(|u| u.quantity)
                    .sum()
            } else if live.is_empty() {
                0
            } else {
                l.quantity
            };
            (l, (l.quantity - l.cancelled_quantity - packed).max(0))
        })
        .collect()
}

fn qty_name(line_no: i64) -> String {
    format!("qty_{line_no}")
}

/// The panel's third form: some units in a package of their own.
fn split_form(
    page: &Page,
    o: &OrderDetail,
    carriers: &[CarrierView],
    typed: &ShipForm,
    errors: &FormErrors,
) -> Markup {
    let left = unpacked(o);
    if left.iter().map(|(_, n)| n).sum::<i64>() < 2 {
        return html! {};
    }
    let action = format!("/seller/orders/{}/ship", o.summary.id);
    let typed_split = typed.method == "split";
    let carrier_err = errors.field("split_carrier");
    let tracking_err = errors.field("split_tracking_number");
    html! {
        details #ship-split open[typed_split] {
            summary { (page.t("shipf-split-title")) }
            form method="post" action=(action) novalidate {
                (csrf_field(page))
                input type="hidden" name="method" value="split";
                p .hint { (page.t("shipf-split-hint")) }
                @for (l, n) in left.iter().filter(|(_, n)| *n > 0) {
                    @let name = qty_name(l.line_no);
                    @let id = format!("split-qty-{}", l.line_no);
                    @let err = errors.field(&name);
                    div .field .qty-field {
                        label for=(id) {
                            (page.ta("shipf-split-qty", &[("title", &if l.variant.is_empty() { l.title.clone() } else { format!("{} · {}", l.title, crate::product_parts::variant_words(page, &l.variant_values, &l.variant)) }), ("max", &n.to_string())]))
                        }
                        input id=(id) type="number" name=(name) min="0" max=(n) step="1" inputmode="numeric"
                            value=(if typed_split { typed.quantities.get(&l.line_no).map_or("", String::as_str) } else { "" })
                            aria-invalid=[err.map(|_| "true")]
                            aria-describedby=[err.map(|_| format!("{id}-error"))];
                        (field_error(errors, &name, &id))
                    }
                }
                fieldset {
                    legend { (page.t("shipf-split-how")) }
                    label { input type="radio" name="split_mode" value="platform" checked[!typed_split || typed.split_mode != "seller"]; " " (page.t("shipf-platform-title")) }
                    label { input type="radio" name="split_mode" value="seller" checked[typed_split && typed.split_mode == "seller"]; " " (page.t("shipf-seller-title")) }
                }
                div .field {
                    label for="split-carrier" { (page.t("shipf-carrier")) }
                    select #split-carrier name="carrier"
                        aria-invalid=[carrier_err.map(|_| "true")]
                        aria-describedby=[carrier_err.map(|_| "split-carrier-error")] {
                        option value="" { (page.t("shipf-carrier-choose")) }
                        @for c in carriers {
                            option value=(c.code) selected[typed_split && typed.carrier.eq_ignore_ascii_case(c.code)] { (c.name) }
                        }
                    }
                    (field_error(errors, "split_carrier", "split-carrier"))
                }
                div .field {
                    label for="split-tracking" { (page.t("shipf-tracking")) }
                    input #split-tracking type="text" name="tracking_number" autocomplete="off" spellcheck="false"
                        value=(if typed_split { typed.tracking_number.as_str() } else { "" })
                        aria-invalid=[tracking_err.map(|_| "true")]
                        aria-describedby=[tracking_err.map(|_| "split-tracking-error")];
                    (field_error(errors, "split_tracking_number", "split-tracking"))
                }
                button type="submit" { (page.t("shipf-split-submit")) }
            }
        }
    }
}

/// The order page's "Arrange shipment" panel.
pub(crate) fn ship_panel(
    page: &Page,
    o: &OrderDetail,
    carriers: &[CarrierView],
    typed: &ShipForm,
    errors: &FormErrors,
) -> Markup {
    let action = format!("/seller/orders/{}/ship", o.summary.id);
    let carrier_err = errors.field("carrier");
    let tracking_err = errors.field("tracking_number");
    let typed_seller = typed.method == "seller";
    html! {
        section .card #ship {
            h2 { (page.t("shipf-arrange-title")) }
            p .hint { (page.t("shipf-arrange-hint")) }
            div .columns {
                form #ship-platform method="post" action=(action) {
                    (csrf_field(page))
                    input type="hidden" name="method" value="platform";
                    h3 { (page.t("shipf-platform-title")) }
                    p .hint { (page.t("shipf-platform-hint")) }
                    button type="submit" .primary .auto { (page.t("shipf-platform-submit")) }
                }
                form #ship-seller method="post" action=(action) novalidate {
                    (csrf_field(page))
                    input type="hidden" name="method" value="seller";
                    h3 { (page.t("shipf-seller-title")) }
                    p .hint { (page.t("shipf-seller-hint")) }
                    div .field {
                        label for="carrier" { (page.t("shipf-carrier")) }
                        select #carrier name="carrier" required
                            aria-invalid=[carrier_err.map(|_| "true")]
                            aria-describedby=(if carrier_err.is_some() { "carrier-formats carrier-error" } else { "carrier-formats" }) {
                            option value="" { (page.t("shipf-carrier-choose")) }
                            @for c in carriers {
                                option value=(c.code) selected[typed_seller && typed.carrier.eq_ignore_ascii_case(c.code)] { (c.name) }
                            }
                        }
                        (field_error(errors, "carrier", "carrier"))
                    }
                    div .field {
                        label for="tracking_number" { (page.t("shipf-tracking")) }
                        input #tracking_number type="text" name="tracking_number" autocomplete="off" spellcheck="false"
                            value=(if typed_seller { typed.tracking_number.as_str() } else { "" })
                            aria-invalid=[tracking_err.map(|_| "true")]
                            aria-describedby=[tracking_err.map(|_| "tracking_number-error")];
                        (field_error(errors, "tracking_number", "tracking_number"))
                    }
                    div .hint #carrier-formats {
                        (page.t("shipf-formats"))
                        ul .small {
                            @for c in carriers {
                                li data-carrier=(c.code) { strong { (c.name) } ": " (c.expected) }
                            }
                        }
                    }
                    button type="submit" { (page.t("shipf-seller-submit")) }
                }
            }
            (split_form(page, o, carriers, typed, errors))
        }
    }
}

/// The message for a shipment the order's status refuses.
fn ship_conflict(page: &Page, status: OrderStatus) -> String {
    let key = match status {
        OrderStatus::OnHold => "shipf-error-on-hold",
        OrderStatus::Unpaid => "shipf-error-unpaid",
        OrderStatus::Cancelled => "shipf-error-cancelled",
        OrderStatus::AwaitingShipment => "shipf-error-changed",
        _ => "shipf-error-shipped",
    };
    page.t(key)
}

/// A tracking number that does not fit its carrier, in the page's language.
fn tracking_format(page: &Page, carrier: Option<&str>, fallback: &str) -> String {
    match carrier.and_then(Carrier::by_code) {
        Some(c) => page.ta(
            "shipf-error-tracking-format",
            &[("carrier", c.name), ("expected", c.expected)],
        ),
        None => fallback.to_owned(),
    }
}

/// A field's problem with shipping, in the page's language (`carrier` is what was typed).
fn ship_message(
    page: &Page,
    field: &str,
    code: &str,
    message: &str,
    carrier: Option<&str>,
) -> String {
    let key = match (field, code) {
        ("tracking_number", "tracking-format") => return tracking_format(page, carrier, message),
        ("carrier", _) => "shipf-error-carrier",
        ("tracking_number", "required") => "shipf-error-tracking-required",
        ("tracking_number", "tracking-in-use") => "shipf-error-tracking-in-use",
        ("order_ids", "not-combinable") => "shipf-error-not-combinable",
        ("order_id" | "order_ids", "malformed") => "shipf-error-order-id",
        ("order_id", "not-found") => "shipf-error-not-found",
        ("order_id" | "order_ids", "duplicate") => "shipf-error-duplicate",
        ("orders", "required") => "shipf-error-none-selected",
        _ => return t_or(page, &format!("error-{code}"), message),
    };
    page.t(key)
}

/// Shipping errors beside the form's fields; anything not about a field at the top.
fn ship_errors(page: &Page, fields: Vec<FieldError>, carrier: Option<&str>) -> FormErrors {
    let mut out = FormErrors::default();
    for f in fields {
        let msg = ship_message(page, &f.field, &f.code, &f.message, carrier);
        match f.field.as_str() {
            "carrier" | "tracking_number" => {
                out.fields.entry(f.field).or_insert(msg);
            }
            _ => {
                out.form.get_or_insert(msg);
            }
        }
    }
    out
}

/// The shipping form refused: what was typed, and why.
type Refused = (ShipForm, FormErrors);

/// `POST /seller/orders/{id}/ship` (routed through `orders`, which shows a refusal on the
/// order page): platform logistics, or the shop's own carrier.
pub(crate) async fn ship(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: OrderId,
    pairs: &[(String, String)],
) -> Answered<Refused> {
    let f = ShipForm::from_pairs(pairs);
    if f.method == "split" {
        return ship_split(state, page, a, id, f).await;
    }
    let method = match f.method.as_str() {
        "platform" => Ok(ShipMethod::Platform),
        "seller" => {
            let mut missing = Vec::new();
            if f.carrier.trim().is_empty() {
                missing.push(FieldError::new("carrier", "required", "Choose the carrier"));
            }
            if f.tracking_number.trim().is_empty() {
                missing.push(FieldError::new(
                    "tracking_number",
                    "required",
                    "Enter the tracking number",
                ));
            }
            if missing.is_empty() {
                Ok(ShipMethod::Seller {
                    carrier: f.carrier.trim().to_owned(),
                    tracking_number: f.tracking_number.clone(),
                })
            } else {
                Err(AppError::Validation(missing))
            }
        }
        _ => return Err(WebError::BadRequest.into()),
    };
    let result = match method {
        Ok(m) => fulfilment::ship(&state.app, a, &[id], &m).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Ok(redirect(&format!("/seller/orders/{id}?notice=shipped")))),
        Err(AppError::Validation(fields)) => {
            let carrier = Some(f.carrier.trim()).filter(|c| !c.is_empty());
            let errors = ship_errors(page, fields, carrier);
            Ok(Err(Again {
                order: OrderRef::Id(id),
                form: (f, errors),
                status: StatusCode::UNPROCESSABLE_ENTITY,
            }))
        }
        Err(AppError::Conflict { .. }) => {
            let o = shopdeck_app::orders::detail_for_seller(&state.app, a, id)
                .await
                .map_err(|e| ORDERS.fail(page, e))?;
            let message = if pending_of(&o).is_some() {
                page.t("cxl-error-answer-first")
            } else {
                ship_conflict(page, o.summary.status)
            };
            let errors = FormErrors {
                form: Some(message),
                ..FormErrors::default()
            };
            Ok(Err(Again {
                order: OrderRef::Loaded(Box::new(o)),
                form: (f, errors),
                status: StatusCode::CONFLICT,
            }))
        }
        Err(e) => Err(ORDERS.fail(page, e)),
    }
}

/// Ships the units typed per line in a package of their own.
async fn ship_split(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: OrderId,
    f: ShipForm,
) -> Answered<Refused> {
    let o = shopdeck_app::orders::detail_for_seller(&state.app, a, id)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    let left = unpacked(&o);
    let mut errors = FormErrors::default();
    let mut items = Vec::new();
    for (l, n) in &left {
        let raw = f.quantities.get(&l.line_no).map_or("", |v| v.trim());
        match raw {
            "" | "0" => {}
            _ => match raw.parse::<i64>() {
                Ok(q) if (1..=*n).contains(&q) => {
                    items.push(shopdeck_app::cancellations::LineUnits {
                        line_no: l.line_no,
                        quantity: q,
                    })
                }
                _ => {
                    errors.fields.insert(
                        qty_name(l.line_no),
                        page.ta("shipf-split-error-qty", &[("max", &n.to_string())]),
                    );
                }
            },
        }
    }
    if items.is_empty() && errors.fields.is_empty() {
        errors.form = Some(page.t("shipf-split-error-none"));
    }
    let method = if f.split_mode == "seller" {
        if f.carrier.trim().is_empty() {
            errors.fields.insert(
                "split_carrier".into(),
                ship_message(page, "carrier", "required", "Choose the carrier", None),
            );
        }
        if f.tracking_number.trim().is_empty() {
            errors.fields.insert(
                "split_tracking_number".into(),
                ship_message(
                    page,
                    "tracking_number",
                    "required",
                    "Enter the tracking number",
                    None,
                ),
            );
        }
        ShipMethod::Seller {
            carrier: f.carrier.trim().to_owned(),
            tracking_number: f.tracking_number.clone(),
        }
    } else {
        ShipMethod::Platform
    };
    let status = if errors.fields.is_empty() && errors.form.is_none() {
        match fulfilment::ship_items(&state.app, a, id, &items, &method).await {
            Ok(_) => return Ok(Ok(redirect(&format!("/seller/orders/{id}?notice=shipped")))),
            Err(AppError::Validation(fields)) => {
                let carrier = Some(f.carrier.trim()).filter(|c| !c.is_empty());
                for e in fields {
                    let (field, message) = if e.field.starts_with("items[") {
                        let line = e
                            .field
                            .strip_prefix("items[")
                            .and_then(|r| r.split(']').next())
                            .and_then(|i| i.parse::<usize>().ok())
                            .and_then(|i| items.get(i))
                            .map_or(0, |u| u.line_no);
                        let max = left
                            .iter()
                            .find(|(l, _)| l.line_no == line)
                            .map_or(0, |(_, n)| *n);
                        (
                            qty_name(line),
                            page.ta("shipf-split-error-qty", &[("max", &max.to_string())]),
                        )
                    } else {
                        let message = ship_message(page, &e.field, &e.code, &e.message, carrier);
                        if !matches!(e.field.as_str(), "carrier" | "tracking_number") {
                            errors.form.get_or_insert(message);
                            continue;
                        }
                        (format!("split_{}", e.field), message)
                    };
                    errors.fields.insert(field, message);
                }
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(AppError::Conflict { .. }) => {
                errors.form = Some(ship_conflict(page, o.summary.status));
                StatusCode::CONFLICT
            }
            Err(e) => return Err(ORDERS.fail(page, e)),
        }
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(Err(Again {
        order: OrderRef::Loaded(Box::new(o)),
        form: (f, errors),
        status,
    }))
}

// ---------------------------------------------------------------------------------------
// The order page: packages and delivery reports

/// The delivery report as sent, kept when it is shown again.
#[derive(Debug, Default, Clone)]
pub(crate) struct DeliveryForm {
    /// `delivered` or `failed`.
    pub result: String,
    pub reason: String,
}

/// A refused delivery report: which package's form, what was sent, and why.
#[derive(Debug)]
pub(crate) struct DeliveryState {
    pub package: PackageId,
    pub form: DeliveryForm,
    pub errors: FormErrors,
}

fn docs_href(ids: &[PackageId], kind: &str, size: &str) -> String {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    format!(
        "/seller/shipping/documents?packages={}&type={kind}&size={size}",
        ids.join(",")
    )
}

fn delivery_forms(
    page: &Page,
    order: OrderId,
    p: &PackageView,
    proof_required: bool,
    state: Option<&DeliveryState>,
) -> Markup {
    let empty = FormErrors::default();
    let mine = state.filter(|s| s.package == p.id);
    let errors_for = |result: &str| {
        mine.filter(|s| s.form.result == result)
            .map_or(&empty, |s| &s.errors)
    };
    let delivered_errors = errors_for("delivered");
    let failed_errors = errors_for("failed");
    let typed_reason = mine.map(|s| s.form.reason.as_str()).unwrap_or("");
    let action = format!("/seller/packages/{}/delivery", p.id);
    let proof_id = format!("proof-{}", p.id);
    let proof_hint = format!("proof-{}-hint", p.id);
    let reason_id = format!("reason-{}", p.id);
    let proof_err = delivered_errors.field("proof");
    let reason_err = failed_errors.field("reason");
    html! {
        div .columns .delivery-forms {
            form .confirm-delivery method="post" action=(action) enctype="multipart/form-data" novalidate {
                (csrf_field(page))
                input type="hidden" name="result" value="delivered";
                input type="hidden" name="order" value=(order);
                h4 { (page.t("shipf-confirm-title")) }
                p .hint id=(proof_hint) {
                    (page.t(if proof_required { "shipf-confirm-hint-required" } else { "shipf-confirm-hint" }))
                }
                div .field {
                    label for=(proof_id) { (page.t("shipf-proof-file")) }
                    input id=(proof_id) type="file" name="proof" accept="image/jpeg,image/png,image/webp,application/pdf"
                        required[proof_required]
                        aria-invalid=[proof_err.map(|_| "true")]
                        aria-describedby=(if proof_err.is_some() { format!("{proof_hint} {proof_id}-error") } else { proof_hint.clone() });
                    (field_error(delivered_errors, "proof", &proof_id))
                }
                button type="submit" .primary .auto { (page.t("shipf-confirm-submit")) }
            }
            form .report-failure method="post" action=(action) enctype="multipart/form-data" novalidate {
                (csrf_field(page))
                input type="hidden" name="result" value="failed";
                input type="hidden" name="order" value=(order);
                h4 { (page.t("shipf-fail-title")) }
                div .field {
                    label for=(reason_id) { (page.t("shipf-fail-reason")) }
                    select id=(reason_id) name="reason" required
                        aria-invalid=[reason_err.map(|_| "true")]
                        aria-describedby=[reason_err.map(|_| format!("{reason_id}-error"))] {
                        option value="" { (page.t("shipf-fail-choose")) }
                        @for f in DeliveryFailure::ALL {
                            option value=(f.as_str()) selected[typed_reason == f.as_str()] { (failure_text(page, f.as_str())) }
                        }
                    }
                    (field_error(failed_errors, "reason", &reason_id))
                }
                button type="submit" { (page.t("shipf-fail-submit")) }
            }
        }
    }
}

fn package_card(
    page: &Page,
    order: OrderId,
    p: &PackageView,
    editable: bool,
    proof_required: bool,
    state: Option<&DeliveryState>,
) -> Markup {
    let own_open = p.mode == ShippingMode::SellerCarrier
        && matches!(
            p.status,
            PackageStatus::Fulfilling | PackageStatus::Processing
        );
    let ids = [p.id];
    html! {
        article .package id={ "package-" (p.id) } data-status=(p.status.as_str()) {
            h3 { (page.ta("shipf-package", &[("id", &p.id.to_string())])) " " (package_badge(page, p.status)) }
            dl .facts {
                dt { (page.t("shipf-mode")) }
                dd { (page.t(&format!("shipf-mode-{}", p.mode.as_str()))) }
                dt { (page.t("shipf-carrier")) }
                dd .carrier { (p.carrier_name) @if !p.service.is_empty() { span .muted { " · " (p.service) } } }
                dt { (page.t("shipf-tracking")) }
                dd { (tracking_link(p)) }
                @if let Some(r) = &p.failure_reason {
                    dt { (page.t("shipf-failure")) }
                    dd .failure-reason { (failure_text(page, r)) }
                }
                @if let Some(t) = p.collected_at {
                    dt { (page.t("shipf-collected-at")) } dd { (page.time(t)) }
                }
                @if let Some(t) = p.delivered_at {
                    dt { (page.t("shipf-delivered-at")) } dd { (page.time(t)) }
                }
                @if p.has_proof {
                    dt { (page.t("shipf-proof")) }
                    dd { "✓ " (page.t("shipf-proof-received")) " · " a href=(format!("/seller/packages/{}/proof", p.id)) target="_blank" { (page.t("shipf-proof-view")) } }
                }
            }
            @if p.status != PackageStatus::Cancelled {
                p .actions-bar .print-links {
                    a .button href=(docs_href(&ids, "SHIPPING_LABEL", "4x6")) target="_blank" { (page.t("shipf-print-label-4x6")) }
                    a .button href=(docs_href(&ids, "SHIPPING_LABEL", "A6")) target="_blank" { (page.t("shipf-print-label-a6")) }
                    a .button href=(docs_href(&ids, "PACKING_SLIP", "4x6")) target="_blank" { (page.t("shipf-print-slip")) }
                }
            }
            h4 { (page.t("shipf-events")) }
            (events_list(page, &p.events))
            @if own_open && editable {
                (delivery_forms(page, order, p, proof_required, state))
            }
        }
    }
}

/// The order page's packages, each with its tracking, documents and delivery forms.
pub(crate) fn packages_section(
    page: &Page,
    o: &OrderDetail,
    editable: bool,
    proof_required: bool,
    state: Option<&DeliveryState>,
) -> Markup {
    html! {
        @if !o.packages.is_empty() {
            section .card #packages {
                h2 { (page.t("shipf-packages")) }
                @for p in &o.packages {
                    (package_card(page, o.summary.id, p, editable, proof_required, state))
                }
            }
        }
    }
}

/// A delivery report's form fields and proof file.
struct DeliveryUpload {
    csrf: Option<String>,
    form: DeliveryForm,
    order: String,
    proof: Option<Bytes>,
}

async fn read_delivery(mut mp: Multipart) -> Result<DeliveryUpload, StatusCode> {
    let mut up = DeliveryUpload {
        csrf: None,
        form: DeliveryForm::default(),
        order: String::new(),
        proof: None,
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(e.status()),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "proof" {
            let bytes = field.bytes().await.map_err(|e| e.status())?;
            if !bytes.is_empty() {
                up.proof = Some(bytes);
            }
            continue;
        }
        let text = crate::forms::field_text(field).await?;
        match name.as_str() {
            "_csrf" => up.csrf = Some(text),
            "result" => up.form.result = text,
            "reason" => up.form.reason = text,
            "order" => up.order = text,
            _ => {}
        }
    }
    Ok(up)
}

/// The order a package's page is: the one the form came from when it is in the package.
fn order_of(p: &PackageView, sent: &str) -> Option<OrderId> {
    sent.trim()
        .parse::<OrderId>()
        .ok()
        .filter(|o| p.order_ids.contains(o))
        .or_else(|| p.order_ids.first().copied())
}

fn delivery_errors(page: &Page, e: AppError, before: &PackageView) -> FormErrors {
    let mut out = FormErrors::default();
    match e {
        AppError::Validation(fields) => {
            for f in fields {
                let key = match (f.field.as_str(), f.code.as_str()) {
                    ("proof", "required") => Some("shipf-error-proof-required"),
                    ("proof", "unsupported-type") => Some("shipf-error-proof-type"),
                    ("proof", "too-large") => Some("shipf-error-proof-too-large"),
                    ("reason" | "failure_reason", _) => Some("shipf-error-reason"),
                    _ => None,
                };
                let msg = match key {
                    Some(k) => page.t(k),
                    None => t_or(page, &format!("error-{}", f.code), &f.message),
                };
                match f.field.as_str() {
                    "proof" => {
                        out.fields.entry("proof".into()).or_insert(msg);
                    }
                    "reason" | "failure_reason" => {
                        out.fields.entry("reason".into()).or_insert(msg);
                    }
                    _ => {
                        out.form.get_or_insert(msg);
                    }
                }
            }
        }
        AppError::Conflict { code, .. } => {
            out.form = Some(if before.mode == ShippingMode::Platform {
                page.t("shipf-error-delivery-platform")
            } else if before.status.is_final() {
                page.t("shipf-error-delivery-final")
            } else {
                refusal_text(page, code)
            });
        }
        _ => {}
    }
    out
}

/// `POST /seller/packages/{id}/delivery` (routed through `orders`, which shows a refusal on
/// the order page): the seller confirms the delivery of a parcel sent with its own carrier
/// (with a photo or PDF as proof), or reports a failed attempt.
pub(crate) async fn report_delivery(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: PackageId,
    mp: Multipart,
) -> Answered<DeliveryState> {
    let read = read_delivery(mp).await;
    if let Ok(up) = &read
        && !crate::csrf::check(page, up.csrf.as_deref())
    {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let package = fulfilment::package_for_seller(&state.app, a, id)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    let up = match read {
        Ok(up) => up,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            // Said beside the file field, on the order's page.
            let order = order_of(&package, "")
                .ok_or_else(|| Reply::from(WebError::NotFound(page.locale())))?;
            let mut errors = FormErrors::default();
            errors
                .fields
                .insert("proof".into(), page.t("shipf-error-proof-too-large"));
            return Ok(Err(Again {
                order: OrderRef::Id(order),
                form: DeliveryState {
                    package: id,
                    form: DeliveryForm {
                        result: "delivered".into(),
                        reason: String::new(),
                    },
                    errors,
                },
                status: StatusCode::PAYLOAD_TOO_LARGE,
            }));
        }
        Err(_) => return Err(WebError::BadRequest.into()),
    };
    let order = order_of(&package, &up.order)
        .ok_or_else(|| Reply::from(WebError::NotFound(page.locale())))?;
    let report = match up.form.result.as_str() {
        "delivered" => Ok(DeliveryReport::Delivered),
        "failed" => DeliveryFailure::parse(up.form.reason.trim())
            .map(DeliveryReport::Failed)
            .ok_or_else(|| {
                AppError::invalid(
                    "reason",
                    "unknown-reason",
                    "Choose one of the listed reasons",
                )
            }),
        _ => return Err(WebError::BadRequest.into()),
    };
    let proof = up.proof.map(|b| Proof { bytes: b.to_vec() });
    let result = match report {
        Ok(r) => fulfilment::report_delivery(&state.app, a, id, r, proof)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Ok(redirect(&format!(
            "/seller/orders/{order}?notice=delivery#package-{id}"
        )))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => Ok(Err(Again {
            order: OrderRef::Id(order),
            status: error_status(&e),
            form: DeliveryState {
                package: id,
                errors: delivery_errors(page, e, &package),
                form: up.form,
            },
        })),
        Err(e) => Err(ORDERS.fail(page, e)),
    }
}

// ---------------------------------------------------------------------------------------
// Bulk shipping

fn bulk_problem(page: &Page, p: &BulkProblem, carrier: Option<&str>) -> String {
    if let Some(code) = Refusal::parse(&p.code) {
        return refusal_text(page, code);
    }
    match (p.field.as_str(), p.code.as_str()) {
        ("carrier", "required") => page.t("shipf-error-carrier-required"),
        ("tracking_number", "required") => page.t("shipf-error-tracking-with-carrier"),
        (field, code) => ship_message(page, field, code, &p.message, carrier),
    }
}

/// Links to print the documents of these packages.
fn print_links(page: &Page, ids: &[PackageId]) -> Markup {
    html! {
        div .actions-bar #print-all {
            a .button .primary-link href=(docs_href(ids, "SHIPPING_LABEL", "4x6")) target="_blank" { (page.t("shipf-print-all-4x6")) }
            a .button href=(docs_href(ids, "SHIPPING_LABEL", "A6")) target="_blank" { (page.t("shipf-print-all-a6")) }
            a .button href=(docs_href(ids, "PACKING_SLIP", "4x6")) target="_blank" { (page.t("shipf-print-all-slips")) }
            a .button href=(docs_href(ids, "PICK_LIST", "4x6")) target="_blank" { (page.t("shipf-print-pick-list")) }
        }
    }
}

/// The result of a bulk shipment, one line per order (`items` as sent, in the same order).
fn results_page(page: &Page, r: &BulkResult, items: &[BulkItem]) -> Markup {
    let ids = r.package_ids();
    html! {
        p { a href="/seller/orders?tab=to_ship" { "← " (page.t("shipf-results-back")) } }
        section .card #bulk-results aria-live="polite" {
            p .results-counts {
                span #shipped-count { (page.ta("shipf-results-shipped", &[("n", &r.shipped.to_string())])) }
                " · "
                span #failed-count { (page.ta("shipf-results-failed", &[("n", &r.failed.to_string())])) }
            }
            @if !ids.is_empty() { (print_links(page, &ids)) }
            div .table-wrap { table .products #bulk-result-rows {
                (layout::table_head(page, &["ord-col-order", "shipf-col-result"]))
                tbody {
                    @for (i, o) in r.results.iter().enumerate() {
                        @let carrier = items.get(i).and_then(|it| it.carrier.as_deref()).map(str::trim).filter(|c| !c.is_empty());
                        tr class={ "result " (if o.ok { "ok" } else { "failed" }) } data-order=(o.order_id) {
                            td {
                                @match o.order_id.parse::<OrderId>() {
                                    Ok(id) => a href={ "/seller/orders/" (id) } { code { (id) } },
                                    Err(_) => code { (o.order_id) },
                                }
                            }
                            td {
                                @if o.ok {
                                    span .ok-mark aria-hidden="true" { "✓ " }
                                    strong { (page.t("shipf-results-ok")) } ": "
                                    @if let Some(c) = &o.carrier_name { (c) " " }
                                    @if let Some(t) = &o.tracking_number { code .tracking-number { (t) } }
                                    @if let Some(p) = o.package_id { " · " span .muted .small { (page.ta("shipf-package", &[("id", &p.to_string())])) } }
                                } @else {
                                    span .failed-mark aria-hidden="true" { "✗ " }
                                    strong { (page.t("shipf-results-not-shipped")) } ": "
                                    span .error-message {
                                        @match &o.error {
                                            Some(p) => (bulk_problem(page, p, carrier)),
                                            None => "—",
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
        }
    }
}

fn bulk_page(
    page: &Page,
    a: &SellerActor,
    carriers: &[CarrierView],
    errors: &FormErrors,
) -> Markup {
    let file_err = errors.field("file");
    html! {
        p { a href="/seller/orders?tab=to_ship" { "← " (page.t("shipf-results-back")) } }
        (form_error(errors))
        section .card #bulk-upload {
            h2 { (page.t("shipf-bulk-upload-title")) }
            p { (page.t("shipf-bulk-lead")) }
            p { a .button href={ (BULK_HOME) "/template.csv" } download { (page.t("shipf-bulk-template")) } }
            @if ORDERS.can_edit(a) {
                form method="post" action={ (BULK_HOME) "/file" } enctype="multipart/form-data" novalidate {
                    (csrf_field(page))
                    div .field {
                        label for="file" { (page.t("shipf-bulk-file")) }
                        input #file type="file" name="file" accept=".csv,text/csv" required
                            aria-invalid=[file_err.map(|_| "true")]
                            aria-describedby=[file_err.map(|_| "file-error")];
                        (field_error(errors, "file", "file"))
                    }
                    button type="submit" .primary .auto { (page.t("shipf-bulk-submit")) }
                }
            } @else {
                p .muted { (page.t("ord-view-only")) }
            }
        }
        section .card #carrier-codes {
            h2 { (page.t("shipf-bulk-carriers")) }
            p .hint { (page.t("shipf-bulk-carriers-hint")) }
            div .table-wrap { table .products {
                (layout::table_head(page, &["shipf-col-code", "shipf-carrier", "shipf-formats"]))
                tbody {
                    @for c in carriers {
                        tr { td { code { (c.code) } } td { (c.name) } td { (c.expected) } }
                    }
                }
            } }
        }
    }
}

async fn render_bulk(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    errors: &FormErrors,
    status: StatusCode,
) -> Out {
    let carriers = fulfilment::carriers_for_shop(&state.app, a)
        .await
        .map_err(|e| ORDERS.fail(page, e))?;
    let content = bulk_page(page, a, &carriers, errors);
    Ok(layout::seller_reply(
        page,
        status,
        SECTION,
        &page.t(BULK_TITLE),
        content,
    ))
}

/// `GET /seller/shipping/bulk`: the shipment file upload.
pub async fn bulk_index(State(state): State<WebState>, page: Page) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    render_bulk(&state, &page, &a, &FormErrors::default(), StatusCode::OK).await
}

/// Ships the items and shows a result per order; a request the use-case refuses as a whole
/// (nothing chosen, too many) is said on the upload page.
async fn run_bulk(state: &WebState, page: &Page, a: &SellerActor, items: &[BulkItem]) -> Out {
    match fulfilment::ship_bulk(&state.app, a, items).await {
        Ok(r) => {
            let content = results_page(page, &r, items);
            let title = page.t("shipf-results-title");
            Ok(layout::seller_shell(page, SECTION, &title, content).into_response())
        }
        Err(AppError::Validation(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                let msg = match (f.field.as_str(), f.code.as_str()) {
                    ("orders", "required") => page.t("shipf-error-none-selected"),
                    ("orders", "too-many") => page.t("shipf-error-too-many"),
                    _ => f.message,
                };
                errors.form.get_or_insert(msg);
            }
            render_bulk(state, page, a, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(ORDERS.fail(page, e)),
    }
}

/// `POST /seller/shipping/bulk`: the orders ticked in the To ship tab, by platform logistics.
pub async fn bulk_ship(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let items: Vec<BulkItem> = f
        .iter()
        .filter(|(k, v)| k == "order_ids" && !v.trim().is_empty())
        .map(|(_, v)| BulkItem {
            order_id: v.trim().to_owned(),
            carrier: None,
            tracking_number: None,
        })
        .collect();
    run_bulk(&state, &page, &a, &items).await
}

/// `POST /seller/shipping/bulk/file`: the orders of a CSV file, each by the carrier and
/// tracking number on its line, or by platform logistics when both are empty.
pub async fn bulk_file(State(state): State<WebState>, page: Page, mut mp: Multipart) -> Out {
    let a = ORDERS.actor(&page, Access::Edit)?;
    let mut csrf = None;
    let mut file: Option<Bytes> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                let mut errors = FormErrors::default();
                errors
                    .fields
                    .insert("file".into(), page.t("shipf-error-file-too-large"));
                return render_bulk(&state, &page, &a, &errors, StatusCode::PAYLOAD_TOO_LARGE)
                    .await;
            }
            Err(_) => return Err(WebError::BadRequest.into()),
        };
        let name = field.name().unwrap_or("").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| Reply::from(WebError::BadRequest))?;
        match name.as_str() {
            "_csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" if !bytes.is_empty() => file = Some(bytes),
            _ => {}
        }
    }
    if !crate::csrf::check(&page, csrf.as_deref()) {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let parsed = match file {
        None => Err(AppError::invalid("file", "required", "Choose a CSV file")),
        Some(bytes) => fulfilment::parse_bulk_csv(&bytes),
    };
    match parsed {
        Ok(items) => run_bulk(&state, &page, &a, &items).await,
        Err(AppError::Validation(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                let key = match f.code.as_str() {
                    "required" => Some("shipf-error-file-missing"),
                    "missing-column" => Some("shipf-error-file-columns"),
                    "empty" => Some("shipf-error-file-empty"),
                    "too-many" => Some("shipf-error-too-many"),
                    _ => None,
                };
                let msg = match key {
                    Some(k) => page.t(k),
                    // "Row 7 cannot be read": the row number matters, keep the message.
                    None if f.message.starts_with("Row ") => f.message,
                    None => page.t("shipf-error-file-unreadable"),
                };
                errors.fields.entry("file".into()).or_insert(msg);
            }
            render_bulk(&state, &page, &a, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(ORDERS.fail(&page, e)),
    }
}

/// `GET /seller/shipping/bulk/template.csv`: the columns of a shipment file.
pub async fn bulk_template(page: Page) -> Out {
    ORDERS.actor(&page, Access::View)?;
    Ok(crate::bulk::attachment(
        Bytes::from_static(b"order_id,carrier,tracking_number\r\n"),
        "shipping-template.csv",
        "text/csv; charset=utf-8",
    ))
}

// ---------------------------------------------------------------------------------------
// Documents

#[derive(Debug, Default, serde::Deserialize)]
pub struct DocumentParams {
    packages: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    size: Option<String>,
}

fn parse_documents(
    q: &DocumentParams,
) -> Result<(Vec<PackageId>, DocumentKind, LabelSize), AppError> {
    let kind = match q.kind.as_deref().map(str::trim) {
        None | Some("") => DocumentKind::ShippingLabel,
        Some(k) => DocumentKind::parse(k)
            .ok_or_else(|| AppError::invalid("type", "unknown", "Unknown document type"))?,
    };
    let size = match q.size.as_deref().map(str::trim) {
        None | Some("") => LabelSize::FourBySix,
        Some(s) => fulfilment::label_size(s)
            .ok_or_else(|| AppError::invalid("size", "unknown", "Use 4x6 or A6"))?,
    };
    let mut ids = Vec::new();
    for part in q
        .packages
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        ids.push(
            part.parse::<PackageId>()
                .map_err(|_| AppError::invalid("packages", "malformed", "Not a package id"))?,
        );
    }
    Ok((ids, kind, size))
}

fn documents_error(page: &Page, status: StatusCode, message: String) -> Response {
    let content = html! {
        p .form-error role="alert" #documents-error { (message) }
        p { a href="/seller/orders?tab=shipped" { "← " (page.t("nav-orders")) } }
    };
    (
        status,
        layout::seller_shell(page, SECTION, &page.t("shipf-docs-error-title"), content),
    )
        .into_response()
}

/// `GET /seller/packages/{id}/proof`: the proof of delivery the seller uploaded, shown in the
/// browser (a photo or a PDF; never sniffed as anything else).
pub async fn proof(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<PackageId>,
) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    let (kind, bytes) = fulfilment::proof_of(&state.app, &a, id)
        .await
        .map_err(|e| ORDERS.fail(&page, e))?;
    Ok((
        [
            (CONTENT_TYPE, kind),
            (CONTENT_DISPOSITION, "inline".to_owned()),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /seller/shipping/documents?packages=…&type=…&size=…`: one PDF with the labels,
/// packing slips or pick list of these packages, shown in the browser.
pub async fn documents(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<DocumentParams>,
) -> Out {
    let a = ORDERS.actor(&page, Access::View)?;
    let result = match parse_documents(&q) {
        Ok((ids, kind, size)) => {
            fulfilment::documents(&state.app, &a, &ids, kind, size, Some(page.locale())).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(pdf) => Ok((
            [
                (CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    "inline; filename=\"shipping-documents.pdf\"".to_owned(),
                ),
                (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            pdf,
        )
            .into_response()),
        Err(AppError::Validation(fields)) => {
            let msg = fields
                .first()
                .map(|f| match (f.field.as_str(), f.code.as_str()) {
                    ("type", _) => page.t("shipf-error-doc-type"),
                    ("size", _) => page.t("shipf-error-doc-size"),
                    ("packages", "required") => page.t("shipf-error-doc-none"),
                    ("packages", "too-many") => page.t("shipf-error-doc-too-many"),
                    ("packages", "malformed") => page.t("shipf-error-doc-packages"),
                    _ => f.message.clone(),
                })
                .unwrap_or_else(|| page.t("shipf-error-doc-packages"));
            Ok(documents_error(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                msg,
            ))
        }
        Err(AppError::NotFound(_)) => Ok(documents_error(
            &page,
            StatusCode::NOT_FOUND,
            page.t("shipf-error-doc-not-found"),
        )),
        Err(e) => Err(ORDERS.fail(&page, e)),
    }
}
