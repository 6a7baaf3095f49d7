//! Returns and refunds after delivery, as the buyer sees them on the storefront: the request
//! form of a delivered order (refund only, or return and refund, of some units, with a reason,
//! a note and up to five photos), the list of the buyer's returns, and each return's page —
//! where it stands in plain words, who must act next and by when, its timeline, and what the
//! buyer can do now: withdraw, send the item back (with a Shopdeck label or their own carrier),
//! download the label, or escalate a rejection to Shopdeck.
//!
//! Every action is a plain form and a redirect; nothing needs script. The buyer's order page
//! shows the order's returns and the "Return or refund" button through [`order_section`].

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use jiff::Timestamp;
use maud::{Markup, html};
use shopdeck_app::buyers::CurrentBuyer;
use shopdeck_app::cancellations::LineUnits;
use shopdeck_app::orders::{self, MAX_NOTE, OrderDetail};
use shopdeck_app::returns::{
    self, Eligibility, EligibleLine, MAX_PHOTOS, RecordView, ReturnRequest, ReturnView, ShipBack,
};
use shopdeck_app::{AppError, Refusal};
use shopdeck_domain::fulfilment::{Carrier, TrackingError, carriers_for};
use shopdeck_domain::ids::{OrderId, ReturnId};
use shopdeck_domain::orders::OrderStatus;
use shopdeck_domain::returns::{
    ArbitrationStatus, ReceiptRejectReason, ReturnReason, ReturnRejectReason, ReturnStatus,
    ReturnType,
};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text};
use crate::layout::{self, urlencode};
use crate::page::{NextQuery, Page, redirect};

/// Where the buyer's returns are listed.
const LIST: &str = "/account/returns";

/// Every route of the buyer's returns.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/account/orders/{id}/return",
            get(request_form).post(submit_request).layer(upload_limit()),
        )
        .route(LIST, get(list))
        .route("/account/returns/{id}", get(detail))
        .route("/account/returns/{id}/photos/{n}", get(photo))
        .route("/account/returns/{id}/label", get(label))
        .route("/account/returns/{id}/withdraw", post(withdraw))
        .route("/account/returns/{id}/ship", post(ship))
        .route("/account/returns/{id}/escalate", post(escalate))
}

/// Five photos of 5 MB and the form's few fields.
fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_PHOTOS * returns::MAX_PHOTO_BYTES + 256 * 1024)
}

// ---------------------------------------------------------------------------------------
// Words

/// A translated message when the locale has one, else the given fallback.
fn t_or(page: &Page, key: &str, fallback: &str) -> String {
    if page.i18n.has_own(key) {
        page.t(key)
    } else {
        fallback.to_owned()
    }
}

fn reason_name(page: &Page, code: &str, fallback: &str) -> String {
    match ReturnReason::parse(code) {
        Some(r) => t_or(page, &format!("rtb-reason-{}", r.as_str()), r.text()),
        None => fallback.to_owned(),
    }
}

fn reject_name(page: &Page, r: &ReturnView) -> Option<String> {
    let code = r.reject_reason.as_deref()?;
    let fallback = r
        .reject_reason_text
        .clone()
        .unwrap_or_else(|| code.to_owned());
    let known =
        ReturnRejectReason::parse(code).is_some() || ReceiptRejectReason::parse(code).is_some();
    Some(if known {
        t_or(page, &format!("rtb-reject-{code}"), &fallback)
    } else {
        fallback
    })
}

fn role_name(page: &Page, role: &str) -> String {
    t_or(page, &format!("rtb-role-{role}"), role)
}

fn type_name(page: &Page, return_type: &str) -> String {
    match ReturnType::parse(return_type) {
        Some(ReturnType::Refund) => page.t("rtb-type-refund"),
        Some(ReturnType::ReturnAndRefund) => page.t("rtb-type-return"),
        None => return_type.to_owned(),
    }
}

fn line_title(title: &str, variant: &str) -> String {
    if variant.is_empty() {
        title.to_owned()
    } else {
        format!("{title} · {}", variant.replace('_', " "))
    }
}

fn status_of(r: &ReturnView) -> Option<ReturnStatus> {
    ReturnStatus::parse(&r.status)
}

fn arbitration_of(r: &ReturnView) -> Option<ArbitrationStatus> {
    r.arbitration.as_deref().and_then(ArbitrationStatus::parse)
}

/// Where a return stands, as a key of `rtb-status-…`.
fn status_key(r: &ReturnView) -> &'static str {
    use ArbitrationStatus as Arb;
    use ReturnStatus as S;
    let Some(status) = status_of(r) else {
        return "unknown";
    };
    match (status, arbitration_of(r)) {
        (S::Pending, _) => "pending",
        (S::AwaitingBuyerShip, _) => "awaiting-ship",
        (S::BuyerShipped, _) => "shipped",
        (S::Rejected | S::ReceiptRejected, Some(Arb::InProgress)) => "arbitration",
        (S::Rejected | S::ReceiptRejected, Some(Arb::SupportSeller)) => "upheld",
        (S::Rejected, _) if r.open => "rejected",
        (S::ReceiptRejected, _) if r.open => "receipt-rejected",
        (S::Rejected | S::ReceiptRejected, _) => "rejected-final",
        (S::Success, _) => "success",
        (S::Complete, _) => "refunded",
        (S::Cancelled, _) => {
            let timed_out = r.records.iter().any(|x| x.action == "BUYER_SHIP_TIMEOUT");
            if timed_out { "closed" } else { "withdrawn" }
        }
    }
}

fn status_class(r: &ReturnView) -> &'static str {
    match status_key(r) {
        "pending" | "awaiting-ship" | "shipped" | "arbitration" => "status-pending",
        "success" | "refunded" => "status-live",
        "rejected" | "receipt-rejected" => "status-failed",
        _ => "status-deleted",
    }
}

fn status_badge(page: &Page, r: &ReturnView) -> Markup {
    html! {
        span class={ "badge rtb-status " (status_class(r)) } data-status=(r.status) {
            (page.t(&format!("rtb-status-{}", status_key(r))))
        }
    }
}

/// Who must act next and by when, in a sentence (none once nothing is awaited).
fn next_step(page: &Page, r: &ReturnView) -> Option<String> {
    let amount = page.money_text(&r.refund);
    let key = match status_key(r) {
        "arbitration" => return Some(page.t("rtb-next-arbitration")),
        "success" => return Some(page.ta("rtb-next-refund", &[("amount", &amount)])),
        "refunded" => return Some(page.ta("rtb-next-refunded", &[("amount", &amount)])),
        "pending" => "rtb-next-shop-answers",
        "awaiting-ship" => "rtb-next-ship-by",
        "shipped" => "rtb-next-shop-checks",
        "rejected" | "receipt-rejected" => "rtb-next-escalate-until",
        _ => return None,
    };
    let time = page.time_text(r.deadline?);
    Some(page.ta(key, &[("time", &time)]))
}

fn field_error(errors: &FormErrors, name: &str, id: &str) -> Markup {
    html! {
        @if let Some(e) = errors.field(name) {
            p .field-error id={ (id) "-error" } role="alert" { (e) }
        }
    }
}

/// `aria-describedby` of a field: its hint, and its error when it has one.
fn described(hint: Option<&str>, id: &str, err: bool) -> Option<String> {
    let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
    if err {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn not_found(page: &Page) -> WebError {
    WebError::NotFound(page.locale())
}

fn fail(page: &Page) -> impl Fn(AppError) -> WebError + '_ {
    move |e| match e {
        // Nothing the buyer can reach is a server error: say "not here".
        AppError::Conflict { .. } | AppError::Validation(_) | AppError::Forbidden => {
            not_found(page)
        }
        e => WebError::from_app(e, page.locale()),
    }
}

fn to_login(next: &str) -> Response {
    redirect(&format!("/account/login?next={}", urlencode(next)))
}

// ---------------------------------------------------------------------------------------
// The buyer's order page

/// Units of an order line that can still be refunded.
fn line_left(l: &orders::LineView) -> i64 {
    (l.quantity - l.cancelled_quantity - l.returned_quantity).max(0)
}

/// The order's returns (each linked to its page) and, for a delivered order with nothing
/// open and units left, the "Return or refund" button. Nothing at all otherwise.
pub(crate) fn order_section(page: &Page, d: &OrderDetail) -> Markup {
    let o = &d.summary;
    let can_ask = o.status == OrderStatus::Delivered
        && !d.returns.iter().any(|r| r.open)
        && o.lines.iter().any(|l| line_left(l) > 0);
    if d.returns.is_empty() && !can_ask {
        return html! {};
    }
    html! {
        section .card #returns {
            h2 { (page.t("rtb-order-title")) }
            @if !d.returns.is_empty() {
                ul .rtb-list role="list" {
                    @for r in d.returns.iter().rev() {
                        li .rtb-return id={ "return-" (r.id) } {
                            a .rtb-item href={ "/account/returns/" (r.id) } {
                                span .rtb-line-body {
                                    span { (type_name(page, &r.return_type)) " " (status_badge(page, r)) }
                                    span .muted .small { (page.t("rtb-requested-at")) " " (page.time(r.created_at)) }
                                }
                                strong { (page.money(&r.refund)) }
                            }
                        }
                    }
                }
            }
            @if can_ask {
                p .muted {
                    (page.t("rtb-order-hint"))
                    @if let Some(t) = o.deadlines.complete_after {
                        " " (page.t("rtb-ask-until")) " " (page.time(t))
                    }
                }
                p { a .button .primary-link #ask-return href={ "/account/orders/" (o.id) "/return" } { (page.t("rtb-order-button")) } }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The request form

/// What the buyer typed, kept when the form comes back with messages.
#[derive(Debug, Default, Clone)]
struct Typed {
    return_type: String,
    reason: String,
    note: String,
    quantities: BTreeMap<i64, String>,
    photos: Vec<Bytes>,
}

fn qty_field(line_no: i64) -> String {
    format!("qty_{line_no}")
}

fn qty_message(page: &Page, max: i64) -> String {
    page.ta("rtb-error-qty", &[("max", &max.to_string())])
}

/// The units typed per line: a box left empty or at 0 is not returned; anything else must be
/// a whole number from 1 to the units left. At least one unit is needed.
fn units_from(
    page: &Page,
    lines: &[EligibleLine],
    typed: &Typed,
    errors: &mut FormErrors,
) -> Vec<LineUnits> {
    let mut items = Vec::new();
    let mut bad = false;
    for l in lines.iter().filter(|l| l.returnable > 0) {
        let raw = typed.quantities.get(&l.line_no).map_or("", |v| v.trim());
        if raw.is_empty() {
            continue;
        }
        match raw.parse::<i64>() {
            Ok(0) => {}
            Ok(n) if (1..=l.returnable).contains(&n) => items.push(LineUnits {
                line_no: l.line_no,
                quantity: n,
            }),
            _ => {
                bad = true;
                errors
                    .fields
                    .insert(qty_field(l.line_no), qty_message(page, l.returnable));
            }
        }
    }
    if items.is_empty() && !bad {
        errors
            .fields
            .insert("items".into(), page.t("rtb-error-items"));
    }
    items
}

/// The use-case's complaints, placed beside the boxes they are about.
fn request_errors(
    page: &Page,
    fields: Vec<shopdeck_app::FieldError>,
    items: &[LineUnits],
    lines: &[EligibleLine],
    errors: &mut FormErrors,
) {
    for f in fields {
        let (field, msg) = match (f.field.as_str(), f.code.as_str()) {
            ("note", "required") => ("note".to_owned(), page.t("rtb-error-note-required")),
            ("note", "too-long") => (
                "note".to_owned(),
                page.ta("rtb-error-note-too-long", &[("max", &MAX_NOTE.to_string())]),
            ),
            ("reason", _) => ("reason".to_owned(), page.t("rtb-error-reason")),
            ("return_type", _) => ("return_type".to_owned(), page.t("rtb-error-type")),
            ("photos", _) => (
                "photos".to_owned(),
                page.ta("rtb-error-photos-many", &[("max", &MAX_PHOTOS.to_string())]),
            ),
            (field, code) if field.starts_with("photos[") => {
                let n = index_in(field).map_or(1, |i| i + 1).to_string();
                let key = if code == "too-large" {
                    "rtb-error-photo-large"
                } else {
                    "rtb-error-photo-type"
                };
                ("photos".to_owned(), page.ta(key, &[("n", &n)]))
            }
            ("items", "required") => ("items".to_owned(), page.t("rtb-error-items")),
            ("items", code) => (
                "items".to_owned(),
                t_or(page, &format!("error-{code}"), &f.message),
            ),
            (field, code) if field.starts_with("items[") => {
                let placed = index_in(field).and_then(|i| items.get(i)).map(|it| {
                    let left = lines
                        .iter()
                        .find(|l| l.line_no == it.line_no)
                        .map_or(0, |l| l.returnable);
                    (qty_field(it.line_no), qty_message(page, left))
                });
                match placed {
                    Some(p) => p,
                    None => {
                        errors.form.get_or_insert_with(|| {
                            t_or(page, &format!("error-{code}"), &f.message)
                        });
                        continue;
                    }
                }
            }
            (_, code) => {
                errors
                    .form
                    .get_or_insert_with(|| t_or(page, &format!("error-{code}"), &f.message));
                continue;
            }
        };
        errors.fields.entry(field).or_insert(msg);
    }
}

/// The number in `items[3].quantity` or `photos[2]`.
fn index_in(field: &str) -> Option<usize> {
    field.split_once('[')?.1.split(']').next()?.parse().ok()
}

fn request_page(
    page: &Page,
    order: OrderId,
    e: &Eligibility,
    open: Option<&ReturnView>,
    typed: &Typed,
    errors: &FormErrors,
) -> Markup {
    let title = page.t("rtb-form-title");
    let action = format!("/account/orders/{order}/return");
    let type_err = errors.field("return_type");
    let reason_err = errors.field("reason");
    let note_err = errors.field("note");
    let photos_err = errors.field("photos");
    let items_err = errors.field("items");
    let content = html! {
        div .rtb-column {
            p { a href={ "/account/orders/" (order) } { "← " (page.ta("rtb-back-to-order", &[("id", &order.to_string())])) } }
            h1 { (title) }
            (form_error(errors))
            @if !e.allowed {
                p .notice #not-allowed role="status" {
                    strong { (page.t("rtb-not-allowed")) } " "
                    (e.reason.map(|w| refusal_text(page, w)).unwrap_or_default())
                }
                @if let Some(r) = open {
                    p { a .button href={ "/account/returns/" (r.id) } { (page.t("rtb-see-open")) } }
                }
                p { a href={ "/account/orders/" (order) } { (page.t("rtb-back")) } }
            } @else {
                @if let Some(t) = e.window_closes {
                    p #window { (page.t("rtb-ask-until")) " " strong { (page.time(t)) } }
                }
                form method="post" action=(action) enctype="multipart/form-data" novalidate {
                    (csrf_field(page))
                    fieldset .rtb-fieldset #return-type
                        aria-describedby=[type_err.map(|_| "return_type-error")] {
                        legend { (page.t("rtb-type-legend")) }
                        ul .rtb-choices role="list" {
                            li {
                                label {
                                    input type="radio" name="return_type" value="REFUND"
                                        checked[typed.return_type == "REFUND"]
                                        aria-invalid=[type_err.map(|_| "true")];
                                    span { strong { (page.t("rtb-type-refund")) } br; span .muted .small { (page.t("rtb-type-refund-hint")) } }
                                }
                            }
                            li {
                                label {
                                    input type="radio" name="return_type" value="RETURN_AND_REFUND"
                                        checked[typed.return_type == "RETURN_AND_REFUND"]
                                        aria-invalid=[type_err.map(|_| "true")];
                                    span { strong { (page.t("rtb-type-return")) } br; span .muted .small { (page.t("rtb-type-return-hint")) } }
                                }
                            }
                        }
                        (field_error(errors, "return_type", "return_type"))
                    }
                    fieldset .rtb-fieldset #items
                        aria-describedby=(described(Some("items-hint"), "items", items_err.is_some()).unwrap_or_default()) {
                        legend { (page.t("rtb-items-legend")) }
                        p .hint #items-hint { (page.t("rtb-items-hint")) }
                        ul .rtb-lines role="list" {
                            @for l in e.lines.iter().filter(|l| l.returnable > 0) {
                                @let name = qty_field(l.line_no);
                                @let id = format!("qty-{}", l.line_no);
                                @let err = errors.field(&name);
                                li .field .qty-field {
                                    span .rtb-line-body {
                                        label for=(id) .rtb-line-title { (line_title(&l.title, &crate::product_parts::variant_words(page, &l.variant_values, &l.variant))) }
                                        span .muted .small {
                                            (page.money(&l.unit_price)) " · "
                                            (page.ta("rtb-items-left", &[("max", &l.returnable.to_string())]))
                                        }
                                        (field_error(errors, &name, &id))
                                    }
                                    input id=(id) type="number" name=(name) min="0" max=(l.returnable) step="1" inputmode="numeric"
                                        value=(typed.quantities.get(&l.line_no).map_or("", String::as_str))
                                        aria-invalid=[err.map(|_| "true")]
                                        aria-describedby=[err.map(|_| format!("{id}-error"))];
                                }
                            }
                        }
                        (field_error(errors, "items", "items"))
                    }
                    div .field {
                        label for="reason" { (page.t("rtb-reason")) }
                        select #reason name="reason" required
                            aria-invalid=[reason_err.map(|_| "true")]
                            aria-describedby=[reason_err.map(|_| "reason-error")] {
                            option value="" { (page.t("rtb-choose")) }
                            @for r in ReturnReason::ALL {
                                option value=(r.as_str()) selected[typed.reason == r.as_str()] { (reason_name(page, r.as_str(), r.text())) }
                            }
                        }
                        (field_error(errors, "reason", "reason"))
                    }
                    div .field {
                        label for="note" { (page.t("rtb-note")) }
                        p .hint #note-hint { (page.t("rtb-note-hint")) }
                        textarea #note name="note" rows="3" maxlength=(MAX_NOTE)
                            aria-invalid=[note_err.map(|_| "true")]
                            aria-describedby=[described(Some("note-hint"), "note", note_err.is_some())] {
                            (typed.note)
                        }
                        (field_error(errors, "note", "note"))
                    }
                    div .field {
                        label for="photos" { (page.t("rtb-photos")) }
                        p .hint #photos-hint {
                            (page.ta("rtb-photos-hint", &[("max", &MAX_PHOTOS.to_string())]))
                            @if !typed.photos.is_empty() && (!errors.fields.is_empty() || errors.form.is_some()) {
                                " " strong { (page.t("rtb-photos-again")) }
                            }
                        }
                        input #photos type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp"
                            aria-invalid=[photos_err.map(|_| "true")]
                            aria-describedby=[described(Some("photos-hint"), "photos", photos_err.is_some())];
                        (field_error(errors, "photos", "photos"))
                    }
                    button type="submit" .primary { (page.t("rtb-submit")) }
                }
            }
        }
    };
    layout::store_shell(page, &title, content)
}

async fn open_return(
    state: &WebState,
    buyer: &CurrentBuyer,
    order: OrderId,
) -> Result<Option<ReturnView>, AppError> {
    Ok(returns::list_for_buyer(&state.app, buyer, Some(order))
        .await?
        .into_iter()
        .find(|r| r.open))
}

/// `GET /account/orders/{id}/return`: the request form, or why a return cannot be asked for.
pub async fn request_form(
    State(state): State<WebState>,
    page: Page,
    WebPath(order): WebPath<OrderId>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let e = returns::eligibility(&state.app, buyer, order)
        .await
        .map_err(fail(&page))?;
    let open = if e.allowed {
        None
    } else {
        open_return(&state, buyer, order)
            .await
            .map_err(fail(&page))?
    };
    Ok(request_page(
        &page,
        order,
        &e,
        open.as_ref(),
        &Typed::default(),
        &FormErrors::default(),
    )
    .into_response())
}

/// The request form as sent: its fields and photos.
struct Upload {
    csrf: Option<String>,
    typed: Typed,
    /// More photos than the form takes (not kept).
    extra_photos: usize,
}

async fn read_request(mut mp: Multipart) -> Result<Upload, StatusCode> {
    let mut up = Upload {
        csrf: None,
        typed: Typed::default(),
        extra_photos: 0,
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(e.status()),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "photos" {
            let bytes = field.bytes().await.map_err(|e| e.status())?;
            if bytes.is_empty() {
                continue;
            }
            if up.typed.photos.len() < MAX_PHOTOS {
                up.typed.photos.push(bytes);
            } else {
                up.extra_photos += 1;
            }
            continue;
        }
        let text = crate::forms::field_text(field).await?;
        match name.as_str() {
            "_csrf" => up.csrf = Some(text),
            "return_type" => up.typed.return_type = text,
            "reason" => up.typed.reason = text,
            "note" => up.typed.note = text,
            other => {
                if let Some(n) = other.strip_prefix("qty_").and_then(|n| n.parse().ok()) {
                    up.typed.quantities.insert(n, text);
                }
            }
        }
    }
    Ok(up)
}

/// `POST /account/orders/{id}/return`: sends the request; the return's page follows, or the
/// form again with messages beside its fields.
pub async fn submit_request(
    State(state): State<WebState>,
    page: Page,
    WebPath(order): WebPath<OrderId>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let form_path = format!("/account/orders/{order}/return");
    let read = read_request(mp).await;
    if let Ok(up) = &read
        && !crate::csrf::check(&page, up.csrf.as_deref())
    {
        return Err(WebError::Csrf(page.locale()));
    }
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&form_path));
    };
    let e = returns::eligibility(&state.app, buyer, order)
        .await
        .map_err(fail(&page))?;
    let mut errors = FormErrors::default();
    let up = match read {
        Ok(up) => up,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            errors
                .fields
                .insert("photos".into(), page.t("rtb-error-upload-large"));
            let html = request_page(&page, order, &e, None, &Typed::default(), &errors);
            return Ok((StatusCode::PAYLOAD_TOO_LARGE, html).into_response());
        }
        Err(_) => return Err(WebError::BadRequest),
    };
    let typed = up.typed;
    let return_type = ReturnType::parse(typed.return_type.trim());
    if return_type.is_none() {
        errors
            .fields
            .insert("return_type".into(), page.t("rtb-error-type"));
    }
    let reason = ReturnReason::parse(typed.reason.trim());
    if reason.is_none() {
        errors
            .fields
            .insert("reason".into(), page.t("rtb-error-reason"));
    }
    if reason == Some(ReturnReason::Other) && typed.note.trim().is_empty() {
        errors
            .fields
            .insert("note".into(), page.t("rtb-error-note-required"));
    }
    if up.extra_photos > 0 {
        errors.fields.insert(
            "photos".into(),
            page.ta("rtb-error-photos-many", &[("max", &MAX_PHOTOS.to_string())]),
        );
    }
    let items = if e.allowed {
        units_from(&page, &e.lines, &typed, &mut errors)
    } else {
        Vec::new()
    };
    let refuse =
        |status: StatusCode, errors: FormErrors, e: &Eligibility, open: Option<&ReturnView>| {
            (status, request_page(&page, order, e, open, &typed, &errors)).into_response()
        };
    if !e.allowed {
        // An old tab: say why at the top, above the reason a return cannot be asked for.
        let open = open_return(&state, buyer, order)
            .await
            .map_err(fail(&page))?;
        return Ok(refuse(StatusCode::CONFLICT, errors, &e, open.as_ref()));
    }
    let (Some(return_type), Some(reason)) = (return_type, reason) else {
        return Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, errors, &e, None));
    };
    if !errors.fields.is_empty() {
        return Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, errors, &e, None));
    }
    let sent = returns::request(
        &state.app,
        buyer,
        order,
        ReturnRequest {
            return_type,
            reason,
            note: Some(typed.note.clone()),
            items: items.clone(),
            photos: typed.photos.clone(),
        },
    )
    .await;
    match sent {
        Ok(r) => Ok(redirect(&format!(
            "/account/returns/{}?notice=requested",
            r.id
        ))),
        Err(AppError::Validation(fields)) => {
            request_errors(&page, fields, &items, &e.lines, &mut errors);
            Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, errors, &e, None))
        }
        Err(AppError::Conflict { code, .. }) => {
            errors.form = Some(refusal_text(&page, code));
            let e = returns::eligibility(&state.app, buyer, order)
                .await
                .map_err(fail(&page))?;
            let open = open_return(&state, buyer, order)
                .await
                .map_err(fail(&page))?;
            Ok(refuse(StatusCode::CONFLICT, errors, &e, open.as_ref()))
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

// ---------------------------------------------------------------------------------------
// The list

/// `GET /account/returns`: the buyer's returns, newest first.
pub async fn list(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let all = returns::list_for_buyer(&state.app, buyer, None)
        .await
        .map_err(fail(&page))?;
    let title = page.t("rtb-list-title");
    let content = html! {
        div .rtb-column {
            p { a href="/account" { "← " (page.t("buyer-account-title")) } " · " a href="/account/orders" { (page.t("buy-orders-title")) } }
            h1 { (title) }
            @if all.is_empty() {
                p .notice role="status" { (page.t("rtb-list-empty")) }
            } @else {
                ul .rtb-list role="list" {
                    @for r in &all {
                        li .card .rtb-return id={ "return-" (r.id) } data-status=(r.status) {
                            a .rtb-item href={ "/account/returns/" (r.id) } {
                                span .rtb-line-body {
                                    span { strong { (type_name(&page, &r.return_type)) } " " (status_badge(&page, r)) }
                                    @if let Some(it) = r.items.first() {
                                        span .rtb-line-title {
                                            (line_title(&it.title, &crate::product_parts::variant_words(&page, &it.variant_values, &it.variant)))
                                            @if r.items.len() > 1 { " " span .muted { (page.ta("rtb-more-items", &[("n", &(r.items.len() - 1).to_string())])) } }
                                        }
                                    }
                                    @if let Some(n) = next_step(&page, r) { span .small .rtb-next-text { (n) } }
                                    span .muted .small { (page.t("rtb-requested-at")) " " (page.time(r.created_at)) }
                                }
                                strong .rtb-amount { (page.money(&r.refund)) }
                            }
                            p .small { a href={ "/account/orders/" (r.order_id) } { (page.ta("rtb-order-link", &[("id", &r.order_id.to_string())])) } }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

// ---------------------------------------------------------------------------------------
// A return's page

/// The shipping form as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ShipForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking_number: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct EscalateForm {
    #[serde(default)]
    note: String,
}

/// The return page's forms as typed, and their messages (empty on a plain view).
#[derive(Debug, Default)]
struct Forms {
    ship: ShipForm,
    escalate: EscalateForm,
    errors: FormErrors,
}

fn notice_text(page: &Page, key: Option<&str>) -> Option<String> {
    page.notice(
        key,
        &[
            ("requested", "rtb-notice-requested"),
            ("withdrawn", "rtb-notice-withdrawn"),
            ("shipped", "rtb-notice-shipped"),
            ("escalated", "rtb-notice-escalated"),
        ],
    )
}

fn can_withdraw(r: &ReturnView) -> bool {
    r.open && matches!(status_key(r), "pending" | "awaiting-ship" | "arbitration")
}

fn can_escalate(r: &ReturnView, now: Timestamp) -> bool {
    r.open
        && r.arbitration.is_none()
        && matches!(
            status_of(r),
            Some(ReturnStatus::Rejected | ReturnStatus::ReceiptRejected)
        )
        && r.deadline_role.as_deref() == Some("BUYER")
        && r.deadline.is_some_and(|d| now <= d)
}

fn can_ship(r: &ReturnView) -> bool {
    r.open && status_of(r) == Some(ReturnStatus::AwaitingBuyerShip) && r.arbitration.is_none()
}

fn action_name(page: &Page, action: &str) -> String {
    t_or(page, &format!("rtb-action-{action}"), action)
}

/// A step's note in words: the request step names the reason and a confirmed receipt says
/// whether the item went back to stock, in the page's language; what people wrote is quoted.
fn record_note(page: &Page, r: &ReturnView, x: &RecordView) -> Option<Markup> {
    let fixed = match x.action.as_str() {
        "REQUEST" => Some(reason_name(page, &r.reason, &r.reason_text)),
        "SELLER_CONFIRM_RECEIPT" => Some(page.t(if r.restocked {
            "rtb-note-restocked"
        } else {
            "rtb-note-not-resellable"
        })),
        _ => None,
    };
    let written = x.note.as_deref();
    if fixed.is_none() && written.is_none() {
        return None;
    }
    Some(html! {
        @if let Some(f) = &fixed { (f) }
        @if let (Some(_), Some(_)) = (&fixed, written) { " — " }
        @if let Some(w) = written { q { (w) } }
    })
}

fn timeline(page: &Page, r: &ReturnView) -> Markup {
    html! {
        section .card #timeline {
            h2 { (page.t("rtb-timeline")) }
            ol .rtb-timeline {
                @for x in &r.records {
                    li data-action=(x.action) {
                        strong { (action_name(page, &x.action)) }
                        " · " span .muted { (page.ta("rtb-by", &[("by", &role_name(page, &x.role))])) " · " (page.time(x.at)) }
                        @if let Some(n) = record_note(page, r, x) { br; (n) }
                    }
                }
            }
        }
    }
}

fn ship_form(
    page: &Page,
    r: &ReturnView,
    carriers: &[&Carrier],
    f: &ShipForm,
    errors: &FormErrors,
) -> Markup {
    let method_err = errors.field("method");
    let carrier_err = errors.field("carrier");
    let tracking_err = errors.field("tracking_number");
    html! {
        form #ship method="post" action={ "/account/returns/" (r.id) "/ship" } novalidate {
            (csrf_field(page))
            h3 { (page.t("rtb-ship-title")) }
            fieldset .rtb-fieldset aria-describedby=[method_err.map(|_| "method-error")] {
                legend { (page.t("rtb-ship-legend")) }
                ul .rtb-choices role="list" {
                    li {
                        label {
                            input type="radio" name="method" value="platform" checked[f.method == "platform"]
                                aria-invalid=[method_err.map(|_| "true")];
                            span { strong { (page.t("rtb-ship-platform")) } br; span .muted .small { (page.t("rtb-ship-platform-hint")) } }
                        }
                    }
                    li {
                        label {
                            input type="radio" name="method" value="own" checked[f.method == "own"]
                                aria-invalid=[method_err.map(|_| "true")];
                            span { strong { (page.t("rtb-ship-own")) } br; span .muted .small { (page.t("rtb-ship-own-hint")) } }
                        }
                    }
                }
                (field_error(errors, "method", "method"))
            }
            div .field {
                label for="carrier" { (page.t("rtb-ship-carrier")) }
                select #carrier name="carrier"
                    aria-invalid=[carrier_err.map(|_| "true")]
                    aria-describedby=[carrier_err.map(|_| "carrier-error")] {
                    option value="" { (page.t("rtb-choose")) }
                    @for c in carriers {
                        option value=(c.code) selected[f.carrier.eq_ignore_ascii_case(c.code)] {
                            @if c.code == "OTHER" { (page.t("rtb-carrier-other")) } @else { (c.name) }
                        }
                    }
                }
                (field_error(errors, "carrier", "carrier"))
            }
            div .field {
                label for="tracking_number" { (page.t("rtb-ship-tracking")) }
                input #tracking_number type="text" name="tracking_number" value=(f.tracking_number) autocomplete="off" dir="ltr"
                    aria-invalid=[tracking_err.map(|_| "true")]
                    aria-describedby=[tracking_err.map(|_| "tracking_number-error")];
                (field_error(errors, "tracking_number", "tracking_number"))
            }
            button type="submit" .auto { (page.t("rtb-ship-submit")) }
        }
    }
}

fn escalate_form(page: &Page, r: &ReturnView, f: &EscalateForm, errors: &FormErrors) -> Markup {
    let err = errors.field("escalate_note");
    html! {
        form #escalate method="post" action={ "/account/returns/" (r.id) "/escalate" } novalidate {
            (csrf_field(page))
            h3 { (page.t("rtb-escalate-title")) }
            p .muted { (page.t("rtb-escalate-hint")) }
            div .field {
                label for="escalate_note" { (page.t("rtb-escalate-note")) }
                textarea #escalate_note name="note" rows="3" maxlength=(MAX_NOTE) required
                    aria-invalid=[err.map(|_| "true")]
                    aria-describedby=[err.map(|_| "escalate_note-error")] {
                    (f.note)
                }
                (field_error(errors, "escalate_note", "escalate_note"))
            }
            button type="submit" .auto { (page.t("rtb-escalate-submit")) }
        }
    }
}

fn return_page(
    page: &Page,
    r: &ReturnView,
    carriers: &[&Carrier],
    now: Timestamp,
    notice: Option<String>,
    forms: &Forms,
) -> Markup {
    let title = page.ta(
        "rtb-return-title",
        &[("type", &type_name(page, &r.return_type))],
    );
    let done = matches!(status_key(r), "success" | "refunded");
    let withdraw = can_withdraw(r);
    let ship = can_ship(r);
    let escalate = can_escalate(r, now);
    let label =
        r.return_method.as_deref() == Some(returns::METHOD_PLATFORM) && r.return_tracking.is_some();
    let content = html! {
        div .rtb-column {
            p {
                a href=(LIST) { "← " (page.t("rtb-list-title")) } " · "
                a href={ "/account/orders/" (r.order_id) } { (page.ta("rtb-order-link", &[("id", &r.order_id.to_string())])) }
            }
            h1 { (title) }
            p { (status_badge(page, r)) " " span .muted { (page.t("rtb-requested-at")) " " (page.time(r.created_at)) } }
            @if let Some(n) = notice { p .notice role="status" { (n) } }
            (form_error(&forms.errors))
            p .notice .rtb-next .rtb-done[done] #status-words {
                strong { (page.t(&format!("rtb-says-{}", status_key(r)))) }
                @if let Some(n) = next_step(page, r) {
                    br; span #next-step data-role=[r.deadline_role.as_deref()] { (n) }
                }
            }
            @if let Some(why) = reject_name(page, r) {
                section .card #rejection {
                    h2 { (page.t(if status_of(r) == Some(ReturnStatus::ReceiptRejected) { "rtb-receipt-rejected-title" } else { "rtb-rejected-title" })) }
                    p { (why) }
                    @if let Some(n) = &r.reject_note { p { q { (n) } } }
                }
            }
            @if ship || withdraw || escalate || label {
                section .card .rtb-actions #actions {
                    h2 { (page.t("rtb-actions")) }
                    @if label {
                        p { a .button .primary-link #label href={ "/account/returns/" (r.id) "/label" } { (page.t("rtb-label-download")) } }
                        p .muted .small { (page.t("rtb-label-hint")) }
                    }
                    @if ship { (ship_form(page, r, carriers, &forms.ship, &forms.errors)) }
                    @if escalate { (escalate_form(page, r, &forms.escalate, &forms.errors)) }
                    @if withdraw {
                        form #withdraw method="post" action={ "/account/returns/" (r.id) "/withdraw" } {
                            (csrf_field(page))
                            p .muted .small { (page.t(if status_key(r) == "arbitration" { "rtb-withdraw-dispute-hint" } else { "rtb-withdraw-hint" })) }
                            button type="submit" .auto { (page.t("rtb-withdraw")) }
                        }
                    }
                }
            }
            section .card #items {
                h2 { (page.t("rtb-items")) }
                ul .rtb-lines role="list" {
                    @for it in &r.items {
                        li data-line=(it.line_no) {
                            span .rtb-line-body {
                                span .rtb-line-title { (line_title(&it.title, &crate::product_parts::variant_words(page, &it.variant_values, &it.variant))) }
                                span .muted .small { (page.money(&it.unit_price)) }
                            }
                            span { "× " (it.quantity) }
                        }
                    }
                }
                dl .rtb-sum #amounts {
                    dt { (page.t("rtb-merchandise")) } dd { (page.money(&r.merchandise)) }
                    dt { (page.t("rtb-shipping")) } dd { (page.money(&r.shipping)) }
                    dt .rtb-total { (page.t("rtb-refund")) } dd .rtb-total #refund { (page.money(&r.refund)) }
                }
            }
            section .card #reason {
                h2 { (page.t("rtb-reason")) }
                p { (reason_name(page, &r.reason, &r.reason_text)) }
                @if let Some(n) = &r.note { p { q { (n) } } }
                @if r.photos > 0 {
                    ul .rtb-photos role="list" aria-label=(page.t("rtb-photos")) {
                        @for n in 0..r.photos {
                            @let href = format!("/account/returns/{}/photos/{n}", r.id);
                            li {
                                a href=(href) {
                                    img src=(href) alt=(page.ta("rtb-photo-alt", &[("n", &(n + 1).to_string())])) width="96" height="96" loading="lazy";
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(method) = &r.return_method {
                section .card #shipment {
                    h2 { (page.t("rtb-shipment")) }
                    dl .facts {
                        dt { (page.t("rtb-shipment-method")) }
                        dd { (page.t(if method == returns::METHOD_PLATFORM { "rtb-ship-platform" } else { "rtb-ship-own" })) }
                        @if let Some(c) = &r.return_carrier { dt { (page.t("rtb-ship-carrier")) } dd { (c) } }
                        @if let Some(t) = &r.return_tracking { dt { (page.t("rtb-ship-tracking")) } dd #tracking dir="ltr" { (t) } }
                    }
                }
            }
            (timeline(page, r))
        }
    };
    layout::store_shell(page, &title, content)
}

/// The carriers a return may go back with: those serving the order's country, else all.
async fn carriers_of(
    state: &WebState,
    buyer: &CurrentBuyer,
    r: &ReturnView,
) -> Result<Vec<&'static Carrier>, AppError> {
    if !can_ship(r) {
        return Ok(Vec::new());
    }
    let d = orders::detail_for_buyer(&state.app, buyer, r.order_id).await?;
    Ok(match d.recipient.as_ref().map(|x| x.country.as_str()) {
        Some(country) if !country.is_empty() => carriers_for(country),
        _ => Carrier::all().iter().collect(),
    })
}

async fn render_return(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    id: ReturnId,
    notice: Option<String>,
    forms: &Forms,
) -> Result<Markup, WebError> {
    let r = returns::get_for_buyer(&state.app, buyer, id)
        .await
        .map_err(fail(page))?;
    let carriers = carriers_of(state, buyer, &r).await.map_err(fail(page))?;
    Ok(return_page(
        page,
        &r,
        &carriers,
        state.app.now(),
        notice,
        forms,
    ))
}

/// `GET /account/returns/{id}`: where the return stands and what can be done.
pub async fn detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let notice = notice_text(&page, q.notice.as_deref());
    let html = render_return(&state, &page, buyer, id, notice, &Forms::default()).await?;
    Ok(html.into_response())
}

/// `GET /account/returns/{id}/photos/{n}`: one of the request's photos.
pub async fn photo(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, n)): WebPath<(ReturnId, usize)>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Err(not_found(&page));
    };
    let (kind, bytes) = returns::photo_for_buyer(&state.app, buyer, id, n)
        .await
        .map_err(fail(&page))?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /account/returns/{id}/label`: the Shopdeck return label (PDF).
pub async fn label(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b,
        Err(to) => return Ok(to),
    };
    let pdf = returns::return_label(&state.app, buyer, id)
        .await
        .map_err(fail(&page))?;
    let disposition = format!("attachment; filename=\"return-label-{id}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}

/// The page again after a refused action: the messages, what was typed, the status.
async fn refused(
    state: &WebState,
    page: &Page,
    buyer: &CurrentBuyer,
    id: ReturnId,
    forms: Forms,
    status: StatusCode,
) -> Result<Response, WebError> {
    let html = render_return(state, page, buyer, id, None, &forms).await?;
    Ok((status, html).into_response())
}

fn conflict_forms(page: &Page, code: Refusal) -> Forms {
    Forms {
        errors: FormErrors {
            form: Some(refusal_text(page, code)),
            ..FormErrors::default()
        },
        ..Forms::default()
    }
}

/// `POST /account/returns/{id}/withdraw`: the buyer gives up the request, the approved
/// return, or the dispute.
pub async fn withdraw(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/account/returns/{id}")));
    };
    match returns::withdraw(&state.app, buyer, id).await {
        Ok(_) => Ok(redirect(&format!("/account/returns/{id}?notice=withdrawn"))),
        Err(AppError::Conflict { code, .. }) => {
            let forms = conflict_forms(&page, code);
            refused(&state, &page, buyer, id, forms, StatusCode::CONFLICT).await
        }
        Err(e) => Err(fail(&page)(e)),
    }
}

/// The words of a tracking number the carrier would not take.
fn tracking_message(page: &Page, e: &TrackingError) -> String {
    match e {
        TrackingError::Empty => page.t("rtb-error-tracking-empty"),
        TrackingError::Format { carrier, .. } | TrackingError::CheckDigit { carrier, .. } => {
            page.ta("rtb-error-tracking", &[("carrier", carrier)])
        }
    }
}

/// `POST /account/returns/{id}/ship`: the buyer sends the item back, with a Shopdeck label or
/// their own carrier and its tracking number.
pub async fn ship(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<ShipForm>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/account/returns/{id}")));
    };
    let mut errors = FormErrors::default();
    let how = match f.method.as_str() {
        "platform" => Some(ShipBack::Platform),
        "own" => match Carrier::by_code(&f.carrier) {
            None => {
                errors
                    .fields
                    .insert("carrier".into(), page.t("rtb-error-carrier"));
                None
            }
            Some(c) => match c.check_tracking(&f.tracking_number) {
                Ok(_) => Some(ShipBack::Own {
                    carrier: c.code.to_owned(),
                    tracking: f.tracking_number.clone(),
                }),
                Err(e) => {
                    errors
                        .fields
                        .insert("tracking_number".into(), tracking_message(&page, &e));
                    None
                }
            },
        },
        _ => {
            errors
                .fields
                .insert("method".into(), page.t("rtb-error-method"));
            None
        }
    };
    let Some(how) = how else {
        let forms = Forms {
            ship: f,
            errors,
            ..Forms::default()
        };
        return refused(
            &state,
            &page,
            buyer,
            id,
            forms,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match returns::ship_back(&state.app, buyer, id, how).await {
        Ok(_) => Ok(redirect(&format!("/account/returns/{id}?notice=shipped"))),
        Err(AppError::Validation(fields)) => {
            for fe in fields {
                let (field, msg) = match fe.field.as_str() {
                    "carrier" => ("carrier", page.t("rtb-error-carrier")),
                    "tracking_number" => {
                        let carrier = Carrier::by_code(&f.carrier).map_or("", |c| c.name);
                        (
                            "tracking_number",
                            page.ta("rtb-error-tracking", &[("carrier", carrier)]),
                        )
                    }
                    _ => {
                        errors.form.get_or_insert_with(|| {
                            t_or(&page, &format!("error-{}", fe.code), &fe.message)
                        });
                        continue;
                    }
                };
                errors.fields.entry(field.to_owned()).or_insert(msg);
            }
            let forms = Forms {
                ship: f,
                errors,
                ..Forms::default()
            };
            refused(
                &state,
                &page,
                buyer,
                id,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict { code, .. }) => {
            let forms = conflict_forms(&page, code);
            refused(&state, &page, buyer, id, forms, StatusCode::CONFLICT).await
        }
        Err(e) => Err(fail(&page)(e)),
    }
}

/// `POST /account/returns/{id}/escalate`: the buyer asks Shopdeck to look at a rejection.
pub async fn escalate(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<EscalateForm>,
) -> Result<Response, WebError> {
    let Some(buyer) = page.buyer.as_ref() else {
        return Ok(to_login(&format!("/account/returns/{id}")));
    };
    let mut errors = FormErrors::default();
    if f.note.trim().is_empty() {
        errors
            .fields
            .insert("escalate_note".into(), page.t("rtb-error-escalate-note"));
        let forms = Forms {
            escalate: f,
            errors,
            ..Forms::default()
        };
        return refused(
            &state,
            &page,
            buyer,
            id,
            forms,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    match returns::escalate(&state.app, buyer, id, Some(f.note.as_str())).await {
        Ok(_) => Ok(redirect(&format!("/account/returns/{id}?notice=escalated"))),
        Err(AppError::Validation(fields)) => {
            for fe in fields {
                let msg = match (fe.field.as_str(), fe.code.as_str()) {
                    ("note", "too-long") => {
                        page.ta("rtb-error-note-too-long", &[("max", &MAX_NOTE.to_string())])
                    }
                    ("note", _) => page.t("rtb-error-escalate-note"),
                    (_, code) => t_or(&page, &format!("error-{code}"), &fe.message),
                };
                errors.fields.entry("escalate_note".into()).or_insert(msg);
            }
            let forms = Forms {
                escalate: f,
                errors,
                ..Forms::default()
            };
            refused(
                &state,
                &page,
                buyer,
                id,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict { code, .. }) => {
            let forms = conflict_forms(&page, code);
            refused(&state, &page, buyer, id, forms, StatusCode::CONFLICT).await
        }
        Err(e) => Err(fail(&page)(e)),
    }
}

#[cfg(test)]
mod tests {
    use shopdeck_domain::Locale;

    use crate::I18n;

    const EN: &str = include_str!("../locales/en/returns-buyer.ftl");

    /// The file's messages are this page's (`rtb-`); that every language has them all, and
    /// that they resolve, `i18n`'s tests check for every file.
    #[test]
    fn every_language_has_every_return_message() {
        let en = crate::i18n::message_ids(EN);
        assert!(en.iter().all(|id| id.starts_with("rtb-")));
        assert_eq!(
            I18n::new(Locale::En).t("rtb-list-title"),
            "Returns and refunds"
        );
        assert_ne!(
            I18n::new(Locale::Fr).t("rtb-list-title"),
            I18n::new(Locale::En).t("rtb-list-title")
        );
        assert_eq!(
            I18n::new(Locale::En).ta("rtb-next-ship-by", &[("time", "2026-03-09 09:00 UTC")]),
            "Send the item back by 2026-03-09 09:00 UTC, or the return is closed."
        );
    }

    #[test]
    fn every_reason_and_action_has_words() {
        use shopdeck_domain::returns::{ReceiptRejectReason, ReturnReason, ReturnRejectReason};
        let actions = [
            "REQUEST",
            "SELLER_APPROVE",
            "SELLER_REJECT",
            "AUTO_APPROVE",
            "BUYER_SHIP",
            "BUYER_SHIP_TIMEOUT",
            "BUYER_WITHDRAW",
            "SELLER_CONFIRM_RECEIPT",
            "AUTO_CONFIRM_RECEIPT",
            "SELLER_REJECT_RECEIPT",
            "REFUND_PAID",
            "ESCALATE",
            "SUPPORT_BUYER",
            "SUPPORT_SELLER",
            "ESCALATION_WINDOW_CLOSED",
        ];
        for l in Locale::ALL {
            let i = I18n::new(l);
            for r in ReturnReason::ALL {
                assert!(i.has_own(&format!("rtb-reason-{}", r.as_str())), "{l} {r}");
            }
            for r in ReturnRejectReason::ALL {
                assert!(i.has_own(&format!("rtb-reject-{}", r.as_str())), "{l} {r}");
            }
            for r in ReceiptRejectReason::ALL {
                assert!(i.has_own(&format!("rtb-reject-{}", r.as_str())), "{l} {r}");
            }
            for a in actions {
                assert!(i.has_own(&format!("rtb-action-{a}")), "{l} {a}");
            }
            for role in ["BUYER", "SELLER", "OPERATOR", "SYSTEM"] {
                assert!(i.has_own(&format!("rtb-role-{role}")), "{l} {role}");
            }
        }
    }
}
