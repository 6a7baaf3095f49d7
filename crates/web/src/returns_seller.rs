//! Returns and refunds after delivery (TikTok Shop's `return` object) in Seller Center and
//! the operator console.
//!
//! - Seller Center › Orders › Returns (`/seller/orders/returns`): the shop's returns by tab
//!   (with counts), newest first, with what must happen next and by when; a return's page
//!   (`/seller/returns/{id}`) with the buyer's request and photos, the amounts, the shipment
//!   back, the timeline, and the answers the return's state allows: approve or reject a
//!   request, confirm or refuse a returned package. Members need Orders: view to see returns,
//!   edit to answer them (the use-cases' rule).
//! - The operator console (`/ops/returns`): returns whose buyer disputed the shop's rejection,
//!   oldest first, the whole case with both sides, and the decision (for the buyer: the refund
//!   goes ahead; for the shop: the return is closed), with a note for both.
//!
//! The order page lists an order's returns through [`order_returns`].

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::orders::{MAX_NOTE, OrderDetail};
use shopdeck_app::returns::{self, RecordView, ReturnPage, ReturnTab, ReturnView};
use shopdeck_app::{AppError, Refusal};
use shopdeck_domain::ids::ReturnId;
use shopdeck_domain::returns::{
    ArbitrationStatus, ReceiptRejectReason, ReturnReason, ReturnRejectReason, ReturnStatus,
    ReturnType,
};
use shopdeck_domain::roles::{Access, Area};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text};
use crate::layout;
use crate::ops::operator;
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::{Section, duration_text, field_error, party_name, t_or};

const SECTION: &str = "orders";
const TITLE: &str = "rts-title";
/// Returns: the orders section, under the Returns permissions.
const RETURNS: Section = Section::new(Area::Returns, SECTION, TITLE);
/// The seller's Returns tab.
pub(crate) const LIST: &str = "/seller/orders/returns";
/// The operator's queue of disputes.
const OPS_LIST: &str = "/ops/returns";
/// Returns per page of the seller's list.
const PAGE_SIZE: u32 = 20;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/seller/returns", get(section))
        .route(LIST, get(list))
        .route("/seller/returns/{id}", get(detail))
        .route("/seller/returns/{id}/photos/{n}", get(seller_photo))
        .route("/seller/returns/{id}/approve", post(approve))
        .route("/seller/returns/{id}/reject", post(reject))
        .route("/seller/returns/{id}/receipt", post(receipt))
        .route("/seller/returns/{id}/reject-receipt", post(reject_receipt))
        .route(OPS_LIST, get(ops_queue))
        .route("/ops/returns/{id}", get(ops_detail))
        .route("/ops/returns/{id}/photos/{n}", get(ops_photo))
        .route("/ops/returns/{id}/decision", post(ops_decide))
}

// ---------------------------------------------------------------------------------------
// Access

// ---------------------------------------------------------------------------------------
// Words

fn status_of(v: &ReturnView) -> Option<ReturnStatus> {
    ReturnStatus::parse(&v.status)
}

fn arbitration_of(v: &ReturnView) -> Option<ArbitrationStatus> {
    v.arbitration.as_deref().and_then(ArbitrationStatus::parse)
}

fn last_action(v: &ReturnView) -> Option<&str> {
    v.records.last().map(|r| r.action.as_str())
}

/// Where a return is, as one key of `rts-status-…`.
fn status_key(v: &ReturnView) -> &'static str {
    use ArbitrationStatus as A;
    use ReturnStatus as S;
    match (status_of(v), arbitration_of(v)) {
        (_, Some(A::InProgress)) => "disputed",
        (_, Some(A::SupportSeller)) => "upheld",
        (Some(S::Cancelled), Some(A::Closed)) => "dispute-withdrawn",
        (Some(S::Success), Some(A::SupportBuyer)) => "overruled",
        (Some(S::Pending), _) => "pending",
        (Some(S::Rejected), _) if v.open => "rejected",
        (Some(S::Rejected), _) => "rejected-final",
        (Some(S::ReceiptRejected), _) if v.open => "receipt-rejected",
        (Some(S::ReceiptRejected), _) => "receipt-rejected-final",
        (Some(S::AwaitingBuyerShip), _) => "awaiting-ship",
        (Some(S::BuyerShipped), _) => "shipped",
        (Some(S::Success), _) => "approved",
        (Some(S::Complete), _) => "refunded",
        (Some(S::Cancelled), _) => match last_action(v) {
            Some("BUYER_WITHDRAW") => "withdrawn",
            Some("BUYER_SHIP_TIMEOUT") => "not-shipped",
            _ => "closed",
        },
        (None, _) => "unknown",
    }
}

fn status_text(page: &Page, v: &ReturnView) -> String {
    match status_key(v) {
        "unknown" => v.status.clone(),
        key => page.t(&format!("rts-status-{key}")),
    }
}

fn status_badge(page: &Page, v: &ReturnView) -> Markup {
    let class = match status_key(v) {
        "pending" | "shipped" | "disputed" => "status-pending",
        "awaiting-ship" | "approved" | "overruled" => "badge-source",
        "refunded" => "status-live",
        _ => "status-deleted",
    };
    html! {
        span class={ "badge return-status " (class) } data-status=(v.status)
            data-arbitration=[v.arbitration.as_deref()] {
            (status_text(page, v))
        }
    }
}

fn type_text(page: &Page, v: &ReturnView) -> String {
    match ReturnType::parse(&v.return_type) {
        Some(ReturnType::Refund) => page.t("rts-type-refund"),
        Some(ReturnType::ReturnAndRefund) => page.t("rts-type-return"),
        None => v.return_type.clone(),
    }
}

fn reason_name(page: &Page, code: &str) -> String {
    match ReturnReason::parse(code) {
        Some(r) => t_or(page, &format!("rts-reason-{}", r.as_str()), r.text()),
        None => code.to_owned(),
    }
}

fn reject_name(page: &Page, code: &str) -> String {
    match ReturnRejectReason::parse(code) {
        Some(r) => t_or(page, &format!("rts-reject-{}", r.as_str()), r.text()),
        None => code.to_owned(),
    }
}

fn receipt_name(page: &Page, code: &str) -> String {
    match ReceiptRejectReason::parse(code) {
        Some(r) => t_or(page, &format!("rts-receipt-{}", r.as_str()), r.text()),
        None => code.to_owned(),
    }
}

/// The shop's reason for a rejection: of the request, or of the returned package.
fn rejection_name(page: &Page, v: &ReturnView) -> Option<String> {
    let code = v.reject_reason.as_deref()?;
    Some(if status_of(v) == Some(ReturnStatus::ReceiptRejected) {
        receipt_name(page, code)
    } else if ReturnRejectReason::parse(code).is_some() {
        reject_name(page, code)
    } else if ReceiptRejectReason::parse(code).is_some() {
        receipt_name(page, code)
    } else {
        v.reject_reason_text
            .clone()
            .unwrap_or_else(|| code.to_owned())
    })
}

fn action_name(page: &Page, action: &str) -> String {
    t_or(page, &format!("rts-action-{action}"), action)
}

/// A timeline note: the fixed ones the use-cases write are translated, the rest shown as is.
/// A step's note: what the buyer, seller or operator wrote; the request step names the
/// reason, and a confirmed receipt whether the item went back to stock.
fn note_text(page: &Page, v: &ReturnView, r: &RecordView) -> Option<String> {
    let written = r.note.as_deref().map(str::to_owned);
    let fixed = match r.action.as_str() {
        "REQUEST" => Some(reason_name(page, &v.reason)),
        "SELLER_CONFIRM_RECEIPT" => Some(page.t(if v.restocked {
            "rts-note-restocked"
        } else {
            "rts-note-not-resellable"
        })),
        _ => None,
    };
    match (fixed, written) {
        (Some(f), Some(w)) => Some(format!("{f} — {w}")),
        (f, w) => f.or(w),
    }
}

fn status_name_of(page: &Page, status: &str) -> String {
    let key = match ReturnStatus::parse(status) {
        Some(ReturnStatus::Pending) => "requested",
        Some(ReturnStatus::Rejected) => "rejected-final",
        Some(ReturnStatus::AwaitingBuyerShip) => "awaiting-ship",
        Some(ReturnStatus::BuyerShipped) => "shipped",
        Some(ReturnStatus::ReceiptRejected) => "receipt-rejected-final",
        Some(ReturnStatus::Success) => "approved",
        Some(ReturnStatus::Cancelled) => "closed",
        Some(ReturnStatus::Complete) => "refunded",
        None => return status.to_owned(),
    };
    page.t(&format!("rts-status-{key}"))
}

/// A line's variant in words: the use-case passes the stored JSON (`{"size":"S"}`) through,
/// so its values are joined here as the order pages show them ("S").
fn variant_text(variant: &str) -> String {
    let trimmed = variant.trim();
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return variant.replace('_', " ");
    }
    // The strings of a flat JSON object, in order: key, value, key, value…
    let mut strings: Vec<String> = Vec::new();
    let mut chars = trimmed.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            s.push(ch);
                        }
                    }
                    Some(other) => s.push(other),
                    None => {}
                },
                other => s.push(other),
            }
        }
        strings.push(s);
    }
    strings
        .into_iter()
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn line_title(title: &str, variant: &str) -> String {
    let variant = variant_text(variant);
    if variant.is_empty() {
        title.to_owned()
    } else {
        format!("{title} · {variant}")
    }
}

fn items_list(page: &Page, v: &ReturnView) -> Markup {
    html! {
        ul .return-items role="list" {
            @for it in &v.items {
                li {
                    (page.ta("rts-item-line", &[("title", &line_title(&it.title, &crate::product_parts::variant_words(page, &it.variant_values, &it.variant))), ("n", &it.quantity.to_string())]))
                }
            }
        }
    }
}

/// "31 h left" or "late by 2 h", coloured when close.
fn time_left(page: &Page, due: Timestamp, now: Timestamp) -> Markup {
    let left = due.duration_since(now);
    let late = left.is_negative();
    let soon = left < SignedDuration::from_hours(12);
    let text = duration_text(page, left);
    html! {
        span class=(if late { "time-left late" } else if soon { "time-left soon" } else { "time-left" }) data-due=(due) {
            "("
            @if late { (page.ta("rts-late", &[("time", &text)])) }
            @else { (page.ta("rts-left", &[("time", &text)])) }
            ")"
        }
    }
}

/// What must happen next, and by when (`rts-due-…` key and whose turn it is).
fn due_key(v: &ReturnView) -> Option<&'static str> {
    if !v.open || arbitration_of(v).is_some() {
        return None;
    }
    match (status_of(v)?, v.deadline_role.as_deref()?) {
        (ReturnStatus::Pending, "SELLER") => Some("respond"),
        (ReturnStatus::BuyerShipped, "SELLER") => Some("receive"),
        (ReturnStatus::AwaitingBuyerShip, "BUYER") => Some("buyer-ship"),
        (ReturnStatus::Rejected | ReturnStatus::ReceiptRejected, "BUYER") => Some("buyer-escalate"),
        _ => None,
    }
}

/// "Respond by 2026-03-04 09:00 UTC (48 h left)", or who is deciding, or a dash.
fn next_step(page: &Page, v: &ReturnView, now: Timestamp) -> Markup {
    let in_arbitration = v.open && arbitration_of(v) == Some(ArbitrationStatus::InProgress);
    html! {
        @match (due_key(v), v.deadline) {
            (Some(key), Some(due)) => {
                span .next-step data-action=[v.seller_next_action.as_deref()] data-role=[v.deadline_role.as_deref()] {
                    @if v.seller_next_action.is_some() { strong { (page.ta(&format!("rts-due-{key}"), &[("time", &page.time_text(due))])) } }
                    @else { (page.ta(&format!("rts-due-{key}"), &[("time", &page.time_text(due))])) }
                    " " (time_left(page, due, now))
                }
            }
            _ if in_arbitration => { span .next-step { (page.t("rts-due-operator")) } }
            _ => { span .muted { "—" } }
        }
    }
}

/// What happens when the deadline passes.
fn due_hint(page: &Page, v: &ReturnView) -> Option<String> {
    due_key(v).map(|k| page.t(&format!("rts-due-{k}-hint")))
}

fn when_of<'a>(v: &'a ReturnView, action: &str) -> Option<&'a RecordView> {
    v.records.iter().rev().find(|r| r.action == action)
}

// ---------------------------------------------------------------------------------------
// The order page

/// The toolbar button of the order list leading to the Returns tab.
pub(crate) fn orders_link(page: &Page) -> Markup {
    html! {
        @if crate::layout::may_open(page, "returns") {
            a .button href=(LIST) #returns-link { (page.t("rts-title")) }
        }
    }
}

/// The order's returns on the seller's order page, with a link to each.
pub(crate) fn order_returns(page: &Page, o: &OrderDetail, now: Timestamp) -> Markup {
    html! {
        @if !o.returns.is_empty() {
            section .card #returns {
                h2 { (page.t("rts-order-title")) }
                div .table-wrap { table .products {
                    (layout::table_head(page, &["rts-col-return", "rts-col-type", "rts-col-items", "rts-col-refund", "rts-col-status", "rts-col-next"]))
                    tbody {
                        @for v in o.returns.iter().rev() {
                            tr id={ "return-" (v.id) } {
                                td {
                                    a href={ "/seller/returns/" (v.id) } { code { (v.id) } }
                                    br; span .muted .small { (page.time(v.created_at)) }
                                }
                                td { (type_text(page, v)) br; span .muted .small { (reason_name(page, &v.reason)) } }
                                td { (items_list(page, v)) }
                                td { (page.money(&v.refund)) }
                                td { (status_badge(page, v)) }
                                td { (next_step(page, v, now)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The Returns tab

/// `GET /seller/returns` (the sidebar's Returns section): the Returns tab of Orders.
async fn section(page: Page) -> Out {
    RETURNS.actor(&page, Access::View)?;
    Ok(redirect(LIST))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    tab: Option<String>,
    cursor: Option<String>,
}

fn list_href(tab: ReturnTab, cursor: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if tab != ReturnTab::All {
        pairs.push(("tab", tab.as_str()));
    }
    if let Some(c) = cursor {
        pairs.push(("cursor", c));
    }
    let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if q.is_empty() {
        LIST.to_owned()
    } else {
        format!("{LIST}?{q}")
    }
}

fn tabs(page: &Page, current: ReturnTab, list: &ReturnPage) -> Markup {
    html! {
        nav .tabs .return-tabs aria-label=(page.t("rts-tabs")) {
            @for t in ReturnTab::ALL {
                a href=(list_href(t, None))
                    aria-current=[(t == current).then_some("page")]
                    data-tab=(t.as_str()) {
                    (page.t(&format!("rts-tab-{}", t.as_str())))
                    " (" span .tab-count { (list.counts.get(t.as_str()).copied().unwrap_or(0)) } ")"
                }
            }
        }
    }
}

fn list_row(page: &Page, v: &ReturnView, now: Timestamp) -> Markup {
    let href = format!("/seller/returns/{}", v.id);
    html! {
        tr id={ "return-" (v.id) } data-status=(v.status) {
            td {
                a href=(href) { code { (v.id) } }
                br; span .muted .small { (page.t("rts-requested")) " " (page.time(v.created_at)) }
                br; span .small { (page.t("rts-order")) " " a href={ "/seller/orders/" (v.order_id) } { code { (v.order_id) } } }
            }
            td { (items_list(page, v)) }
            td { (type_text(page, v)) }
            td {
                (reason_name(page, &v.reason))
                @if let Some(n) = &v.note { br; span .muted .small { q { (n) } } }
            }
            td { (page.money(&v.refund)) }
            td { (status_badge(page, v)) }
            td { (next_step(page, v, now)) }
            td { a href=(href) { (page.t("rts-view")) span .visually-hidden { " " (v.id) } } }
        }
    }
}

/// `GET /seller/orders/returns?tab=…&cursor=…`: the shop's returns in one tab, newest first.
async fn list(State(state): State<WebState>, page: Page, Query(q): Query<ListQuery>) -> Out {
    let a = RETURNS.actor(&page, Access::View)?;
    let raw_tab = q.tab.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let tab = raw_tab.map_or(Some(ReturnTab::All), ReturnTab::parse);
    let cursor = q.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let mut errors = FormErrors::default();
    let result = match tab {
        Some(tab) => returns::list_for_seller(&state.app, &a, tab, None, cursor, PAGE_SIZE).await,
        None => Err(AppError::invalid("tab", "unknown-tab", "Unknown tab")),
    };
    let (tab, list, status) = match result {
        Ok(l) => (tab.unwrap_or(ReturnTab::All), l, StatusCode::OK),
        Err(AppError::Validation(fields)) => {
            let bad_cursor = fields.iter().any(|f| f.field == "cursor");
            errors.form = Some(page.t(if bad_cursor {
                "rts-error-cursor"
            } else {
                "rts-error-tab"
            }));
            let tab = if bad_cursor {
                tab.unwrap_or(ReturnTab::All)
            } else {
                ReturnTab::All
            };
            let l = returns::list_for_seller(&state.app, &a, tab, None, None, PAGE_SIZE)
                .await
                .map_err(|e| RETURNS.fail(&page, e))?;
            (tab, l, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(RETURNS.fail(&page, e)),
    };
    let now = state.app.now();
    let content = html! {
        p { a href="/seller/orders" { "← " (page.t("rts-back-orders")) } }
        p .hint { (page.t("rts-list-hint")) }
        (form_error(&errors))
        (tabs(&page, tab, &list))
        @if list.returns.is_empty() {
            p .notice #no-returns {
                (page.t(if tab == ReturnTab::All { "rts-empty-all" } else { "rts-empty" }))
            }
        } @else {
            div .table-wrap { table .products #returns {
                thead { tr {
                    th scope="col" { (page.t("rts-col-return")) }
                    th scope="col" { (page.t("rts-col-items")) }
                    th scope="col" { (page.t("rts-col-type")) }
                    th scope="col" { (page.t("rts-col-reason")) }
                    th scope="col" { (page.t("rts-col-refund")) }
                    th scope="col" { (page.t("rts-col-status")) }
                    th scope="col" { (page.t("rts-col-next")) }
                    th scope="col" { span .visually-hidden { (page.t("rts-col-actions")) } }
                } }
                tbody {
                    @for v in &list.returns { (list_row(&page, v, now)) }
                }
            } }
            @if let Some(c) = &list.next_cursor {
                p .pager { a href=(list_href(tab, Some(c))) rel="next" { (page.t("rts-next-page")) } }
            }
        }
    };
    Ok(layout::seller_reply(
        &page,
        status,
        SECTION,
        &page.t(TITLE),
        content,
    ))
}

// ---------------------------------------------------------------------------------------
// One return (Seller Center)

/// An answer as sent.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// `yes` (back to stock, the default) or `no`.
    #[serde(default)]
    resellable: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Approve,
    Reject,
    Receipt,
    RejectReceipt,
}

/// A refused answer: which form, as typed, and why (empty on a plain view).
#[derive(Debug, Default)]
struct Refused {
    which: Option<Which>,
    form: ActionForm,
    errors: FormErrors,
}

impl Refused {
    fn typed(&self, which: Which) -> Option<&ActionForm> {
        (self.which == Some(which)).then_some(&self.form)
    }

    fn errors_of(&self, which: Which) -> Option<&FormErrors> {
        (self.which == Some(which)).then_some(&self.errors)
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

fn reason_select<T: Copy>(
    page: &Page,
    id: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> String,
    typed: &str,
    errors: &FormErrors,
) -> Markup {
    let err = errors.field("reason");
    html! {
        div .field {
            label for=(id) { (page.t("rts-reject-reason")) }
            select id=(id) name="reason" required
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| format!("{id}-error"))] {
                option value="" { (page.t("rts-choose")) }
                @for r in all {
                    option value=(code(*r)) selected[typed == code(*r)] { (name(*r)) }
                }
            }
            (field_error(errors, "reason", id))
        }
    }
}

fn note_field(page: &Page, id: &str, hint_key: &str, typed: &str, errors: &FormErrors) -> Markup {
    let err = errors.field("note");
    html! {
        div .field {
            label for=(id) { (page.t("rts-note")) }
            p .hint id={ (id) "-hint" } { (page.t(hint_key)) }
            textarea id=(id) name="note" rows="3" maxlength=(MAX_NOTE)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=(if err.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") }) {
                (typed)
            }
            (field_error(errors, "note", id))
        }
    }
}

/// The answers the return's state allows.
fn action_forms(page: &Page, v: &ReturnView, refused: &Refused) -> Markup {
    let blank_form = ActionForm::default();
    let blank_errors = FormErrors::default();
    let base = format!("/seller/returns/{}", v.id);
    let refund_only = ReturnType::parse(&v.return_type) == Some(ReturnType::Refund);
    let respond = matches!(
        v.seller_next_action.as_deref(),
        Some("SELLER_RESPOND_REFUND" | "SELLER_RESPOND_RETURN")
    );
    let receive = v.seller_next_action.as_deref() == Some("SELLER_RESPOND_RECEIVE_PACKAGE");
    html! {
        @if respond {
            @let typed = refused.typed(Which::Reject).unwrap_or(&blank_form);
            @let errors = refused.errors_of(Which::Reject).unwrap_or(&blank_errors);
            div .return-answer #answer {
                form .return-approve method="post" action={ (base) "/approve" } {
                    (csrf_field(page))
                    button type="submit" .primary .auto { (page.t(if refund_only { "rts-approve-refund" } else { "rts-approve-return" })) }
                    p .hint { (page.ta(if refund_only { "rts-approve-refund-hint" } else { "rts-approve-return-hint" }, &[("amount", &page.money_text(&v.refund))])) }
                }
                details .return-reject open[!errors.fields.is_empty()] {
                    summary { (page.t("rts-reject-open")) }
                    form method="post" action={ (base) "/reject" } novalidate {
                        (csrf_field(page))
                        p .hint { (page.t("rts-reject-hint")) }
                        (reason_select(page, "reject-reason", ReturnRejectReason::ALL, |r| r.as_str(), |r| reject_name(page, r.as_str()), &typed.reason, errors))
                        (note_field(page, "reject-note", "rts-reject-note-hint", &typed.note, errors))
                        button type="submit" .auto { (page.t("rts-reject-submit")) }
                    }
                }
            }
        }
        @if receive {
            @let typed = refused.typed(Which::Receipt).unwrap_or(&blank_form);
            @let errors = refused.errors_of(Which::Receipt).unwrap_or(&blank_errors);
            @let no = typed.resellable == "no";
            div .return-answer #answer {
                form .return-receipt method="post" action={ (base) "/receipt" } novalidate {
                    (csrf_field(page))
                    fieldset .field {
                        legend { (page.t("rts-receipt-legend")) }
                        label .choice .block {
                            input type="radio" name="resellable" value="yes" checked[!no];
                            " " (page.t("rts-resellable-yes"))
                        }
                        label .choice .block {
                            input type="radio" name="resellable" value="no" checked[no];
                            " " (page.t("rts-resellable-no"))
                        }
                        (field_error(errors, "resellable", "resellable"))
                    }
                    p .hint { (page.ta("rts-receipt-hint", &[("amount", &page.money_text(&v.refund))])) }
                    button type="submit" .primary .auto { (page.t("rts-receipt-submit")) }
                }
                @let typed = refused.typed(Which::RejectReceipt).unwrap_or(&blank_form);
                @let errors = refused.errors_of(Which::RejectReceipt).unwrap_or(&blank_errors);
                details .return-reject open[!errors.fields.is_empty()] {
                    summary { (page.t("rts-refuse-open")) }
                    form method="post" action={ (base) "/reject-receipt" } novalidate {
                        (csrf_field(page))
                        p .hint { (page.t("rts-refuse-hint")) }
                        (reason_select(page, "receipt-reason", ReceiptRejectReason::ALL, |r| r.as_str(), |r| receipt_name(page, r.as_str()), &typed.reason, errors))
                        (note_field(page, "receipt-note", "rts-refuse-note-hint", &typed.note, errors))
                        button type="submit" .auto { (page.t("rts-refuse-submit")) }
                    }
                }
            }
        }
    }
}

fn photos_strip(page: &Page, base: &str, v: &ReturnView) -> Markup {
    html! {
        @if v.photos > 0 {
            ul .image-strip #photos role="list" {
                @for n in 0..v.photos {
                    @let src = format!("{base}/{}/photos/{n}", v.id);
                    @let alt = page.ta("rts-photo-alt", &[("n", &(n + 1).to_string())]);
                    li {
                        a href=(src) {
                            img src=(src) alt=(alt) width="120" height="120" loading="lazy";
                        }
                    }
                }
            }
        } @else {
            p .muted { (page.t("rts-no-photos")) }
        }
    }
}

fn timeline(page: &Page, v: &ReturnView) -> Markup {
    html! {
        section .card #timeline {
            h2 { (page.t("rts-timeline")) }
            div .table-wrap { table .products {
                (layout::table_head(page, &["rts-col-time", "rts-col-by", "rts-col-what", "rts-col-status", "rts-note"]))
                tbody {
                    @for r in &v.records {
                        tr data-action=(r.action) {
                            td { (page.time(r.at)) }
                            td { (party_name(page, &r.role)) }
                            td { (action_name(page, &r.action)) }
                            td { (status_name_of(page, &r.status)) }
                            td { @if let Some(n) = note_text(page, v, r) { (n) } }
                        }
                    }
                }
            } }
        }
    }
}

/// The parts of a return both the seller and the operator see.
fn case_sections(page: &Page, v: &ReturnView, photo_base: &str) -> Markup {
    let dash = || html! { span .muted { "—" } };
    html! {
        div .columns {
            section .card #request {
                h2 { (page.t("rts-request")) }
                dl .facts {
                    dt { (page.t("rts-col-type")) } dd #return-type { (type_text(page, v)) }
                    dt { (page.t("rts-col-reason")) }
                    dd #return-reason {
                        (reason_name(page, &v.reason))
                        @if v.seller_fault { br; span .muted .small { (page.t("rts-seller-fault")) } }
                    }
                    dt { (page.t("rts-buyer-note")) }
                    dd #return-note { @match &v.note { Some(n) => q { (n) }, None => (dash()) } }
                    dt { (page.t("rts-requested")) } dd { (page.time(v.created_at)) }
                }
                h3 { (page.t("rts-photos")) }
                (photos_strip(page, photo_base, v))
            }
            section .card #amounts {
                h2 { (page.t("rts-amounts")) }
                dl .facts {
                    dt { (page.t("rts-merchandise")) } dd #merchandise { (page.money(&v.merchandise)) }
                    dt { (page.t("rts-shipping")) } dd #shipping { (page.money(&v.shipping)) }
                    dt { strong { (page.t("rts-refund-total")) } } dd #refund { strong { (page.money(&v.refund)) } }
                }
            }
        }
        section .card #items {
            h2 { (page.t("rts-items")) }
            div .table-wrap { table .products {
                (layout::table_head(page, &["rts-col-product", "rts-col-sku", "rts-col-unit-price", "rts-col-quantity"]))
                tbody {
                    @for it in &v.items {
                        tr {
                            td {
                                bdi { (it.title) }
                                @let variant = crate::product_parts::variant_words(page, &it.variant_values, &it.variant);
                                @if !variant.is_empty() { br; span .muted .small { (variant) } }
                            }
                            td { code { (it.seller_sku) } }
                            td { (page.money(&it.unit_price)) }
                            td { "×" (it.quantity) }
                        }
                    }
                }
            } }
        }
        @if let Some(reason) = rejection_name(page, v) {
            section .card #rejection {
                h2 { (page.t("rts-rejection")) }
                dl .facts {
                    dt { (page.t("rts-col-reason")) } dd #rejection-reason { (reason) }
                    dt { (page.t("rts-seller-note")) }
                    dd #rejection-note { @match &v.reject_note { Some(n) => q { (n) }, None => (dash()) } }
                }
            }
        }
        @if let Some(arb) = &v.arbitration {
            section .card #arbitration data-arbitration=(arb) {
                h2 { (page.t("rts-arbitration")) }
                dl .facts {
                    dt { (page.t("rts-arbitration-state")) }
                    dd { (t_or(page, &format!("rts-arb-{arb}"), arb)) }
                    @if let Some(r) = when_of(v, "ESCALATE") {
                        dt { (page.t("rts-escalated")) } dd { (page.time(r.at)) }
                        dt { (page.t("rts-escalation-note")) }
                        dd #escalation-note { @match &r.note { Some(n) => q { (n) }, None => (dash()) } }
                    }
                    @if let Some(r) = when_of(v, "SUPPORT_BUYER").or_else(|| when_of(v, "SUPPORT_SELLER")) {
                        dt { (page.t("rts-decided")) } dd { (page.time(r.at)) }
                        dt { (page.t("rts-decision-note")) }
                        dd #decision-note { @match &r.note { Some(n) => q { (n) }, None => (dash()) } }
                    }
                }
            }
        }
        @if v.return_method.is_some() || v.return_tracking.is_some() || v.restocked {
            section .card #shipment {
                h2 { (page.t("rts-shipment")) }
                dl .facts {
                    @if let Some(m) = &v.return_method {
                        dt { (page.t("rts-method")) }
                        dd #return-method { (t_or(page, &format!("rts-method-{m}"), m)) }
                    }
                    @if let Some(c) = &v.return_carrier { dt { (page.t("rts-carrier")) } dd #return-carrier { (c) } }
                    @if let Some(n) = &v.return_tracking { dt { (page.t("rts-tracking")) } dd .tracking-number #return-tracking { (n) } }
                    dt { (page.t("rts-restocked")) }
                    dd #restocked { (page.t(if v.restocked { "rts-restocked-yes" } else { "rts-restocked-no" })) }
                }
            }
        }
        (timeline(page, v))
    }
}

fn notice_text(page: &Page, notice: Option<&str>) -> Option<String> {
    page.notice(
        notice,
        &[
            ("approved", "rts-notice-approved"),
            ("rejected", "rts-notice-rejected"),
            ("received", "rts-notice-received"),
            ("receipt-rejected", "rts-notice-receipt-rejected"),
        ],
    )
}

async fn render_detail(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: ReturnId,
    notice: Option<String>,
    refused: &Refused,
    status: StatusCode,
) -> Out {
    let v = returns::get_for_seller(&state.app, a, id)
        .await
        .map_err(|e| RETURNS.fail(page, e))?;
    let now = state.app.now();
    let editable = RETURNS.can_edit(a);
    let has_action = v.seller_next_action.is_some();
    let content = html! {
        p { a href=(LIST) { "← " (page.t("rts-back")) } }
        p {
            (status_badge(page, &v)) " "
            span .small { (page.t("rts-order")) " " a href={ "/seller/orders/" (v.order_id) } #order-link { code { (v.order_id) } } }
        }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(&refused.errors))
        section .card .alert-pending[has_action] #next-step {
            h2 { (page.t("rts-next-title")) }
            @if let Some(action) = &v.seller_next_action {
                p #next-action data-action=(action) { strong { (t_or(page, &format!("rts-next-{action}"), action)) } }
            }
            p { (next_step(page, &v, now)) }
            @if let Some(h) = due_hint(page, &v) { p .hint { (h) } }
            @if v.open && arbitration_of(&v) == Some(ArbitrationStatus::InProgress) {
                p .hint { (page.t("rts-disputed-hint")) }
            }
            @if has_action {
                @if editable {
                    (action_forms(page, &v, refused))
                } @else {
                    p .muted #view-only { (page.t("rts-view-only")) }
                }
            }
        }
        (case_sections(page, &v, "/seller/returns"))
    };
    let title = page.ta("rts-detail-title", &[("id", &v.id.to_string())]);
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// `GET /seller/returns/{id}`.
async fn detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    Query(q): Query<NoticeQuery>,
) -> Out {
    let a = RETURNS.actor(&page, Access::View)?;
    let notice = notice_text(&page, q.notice.as_deref());
    render_detail(
        &state,
        &page,
        &a,
        id,
        notice,
        &Refused::default(),
        StatusCode::OK,
    )
    .await
}

/// `GET /seller/returns/{id}/photos/{n}`: one of the buyer's photos.
async fn seller_photo(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, n)): WebPath<(ReturnId, usize)>,
) -> Out {
    let a = RETURNS.actor(&page, Access::View)?;
    let (kind, bytes) = returns::photo_for_seller(&state.app, &a, id, n)
        .await
        .map_err(|e| RETURNS.fail(&page, e))?;
    Ok(photo_response(kind, bytes))
}

fn photo_response(kind: &'static str, bytes: bytes::Bytes) -> axum::response::Response {
    (
        [
            (CONTENT_TYPE, kind),
            (CACHE_CONTROL, "private, max-age=3600"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response()
}

/// The member who may answer: a member who may only look gets the page with a message.
async fn editor(
    state: &WebState,
    page: &Page,
    id: ReturnId,
    which: Which,
    f: &ActionForm,
) -> Result<(SellerActor, ReturnId), Reply> {
    let a = RETURNS.actor(page, Access::View)?;
    if RETURNS.can_edit(&a) {
        return Ok((a, id));
    }
    let refused = Refused {
        which: Some(which),
        form: f.clone(),
        errors: FormErrors {
            form: Some(page.t("rts-error-view-only")),
            ..FormErrors::default()
        },
    };
    let shown = render_detail(state, page, &a, id, None, &refused, StatusCode::FORBIDDEN).await;
    Err(match shown {
        Ok(r) => Reply::from(r),
        Err(r) => r,
    })
}

/// A refusal of the use-case in the seller's words: beside the fields, or at the top.
fn refusal(page: &Page, which: Which, e: AppError) -> Result<(FormErrors, StatusCode), AppError> {
    match e {
        AppError::Validation(fields) => {
            let mut errors = FormErrors::default();
            for fe in fields {
                let msg = match (fe.field.as_str(), fe.code.as_str()) {
                    ("reason", _) => page.t("rts-error-reason"),
                    ("note", "required") if which == Which::RejectReceipt => {
                        page.t("rts-error-refuse-note")
                    }
                    ("note", "required") => page.t("rts-error-reject-note"),
                    ("note", "too-long") => {
                        page.ta("rts-error-note-long", &[("max", &MAX_NOTE.to_string())])
                    }
                    ("resellable", _) => page.t("rts-error-resellable"),
                    (_, code) => {
                        errors.form.get_or_insert_with(|| {
                            t_or(page, &format!("error-{code}"), &fe.message)
                        });
                        continue;
                    }
                };
                errors.fields.entry(fe.field).or_insert(msg);
            }
            Ok((errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
        AppError::Conflict { code, .. } => {
            // A state-machine refusal means the return moved on since the page was drawn.
            let code = match code {
                Refusal::ChangedMeanwhile => Refusal::ReturnState,
                other => other,
            };
            Ok((
                FormErrors {
                    form: Some(refusal_text(page, code)),
                    ..FormErrors::default()
                },
                StatusCode::CONFLICT,
            ))
        }
        other => Err(other),
    }
}

#[expect(clippy::too_many_arguments)]
async fn finish(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: ReturnId,
    which: Which,
    f: ActionForm,
    result: Result<ReturnView, AppError>,
    notice: &str,
) -> Out {
    match result {
        Ok(_) => Ok(redirect(&format!("/seller/returns/{id}?notice={notice}"))),
        Err(e) => {
            let (errors, status) = refusal(page, which, e).map_err(|e| RETURNS.fail(page, e))?;
            let refused = Refused {
                which: Some(which),
                form: f,
                errors,
            };
            render_detail(state, page, a, id, None, &refused, status).await
        }
    }
}

fn unknown_reason() -> AppError {
    AppError::invalid(
        "reason",
        "unknown-reason",
        "Choose one of the listed reasons",
    )
}

/// `POST /seller/returns/{id}/approve`: a refund only is refunded now; a return waits for
/// the item.
async fn approve(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let (a, id) = editor(&state, &page, id, Which::Approve, &f).await?;
    let result = returns::approve(&state.app, &a, id).await;
    finish(&state, &page, &a, id, Which::Approve, f, result, "approved").await
}

/// `POST /seller/returns/{id}/reject`: with a reason, and a note with Other.
async fn reject(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let (a, id) = editor(&state, &page, id, Which::Reject, &f).await?;
    let result = match ReturnRejectReason::parse(f.reason.trim()) {
        Some(reason) => returns::reject(&state.app, &a, id, reason, Some(f.note.as_str())).await,
        None => Err(unknown_reason()),
    };
    finish(&state, &page, &a, id, Which::Reject, f, result, "rejected").await
}

/// `POST /seller/returns/{id}/receipt`: the package arrived; the refund is paid, and the
/// units go back to stock when they can be sold again (the default).
async fn receipt(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let (a, id) = editor(&state, &page, id, Which::Receipt, &f).await?;
    let result = match f.resellable.trim() {
        "" | "yes" => returns::confirm_receipt(&state.app, &a, id, true).await,
        "no" => returns::confirm_receipt(&state.app, &a, id, false).await,
        _ => Err(AppError::invalid(
            "resellable",
            "choice",
            "Say whether the item can be sold again",
        )),
    };
    finish(&state, &page, &a, id, Which::Receipt, f, result, "received").await
}

/// `POST /seller/returns/{id}/reject-receipt`: the package is refused with a reason.
async fn reject_receipt(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let (a, id) = editor(&state, &page, id, Which::RejectReceipt, &f).await?;
    let result = match ReceiptRejectReason::parse(f.reason.trim()) {
        Some(reason) => {
            returns::reject_receipt(&state.app, &a, id, reason, Some(f.note.as_str())).await
        }
        None => Err(unknown_reason()),
    };
    finish(
        &state,
        &page,
        &a,
        id,
        Which::RejectReceipt,
        f,
        result,
        "receipt-rejected",
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The operator console

fn ops_fail(page: &Page, e: AppError) -> Reply {
    WebError::from_app(e, page.locale()).into()
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    view: Option<String>,
}

/// `GET /ops/returns`: disputes waiting for a decision, oldest first (`?view=all`: every
/// escalated return).
async fn ops_queue(State(state): State<WebState>, page: Page, Query(q): Query<QueueQuery>) -> Out {
    let op = operator(&page).map_err(|r| *r)?;
    let all = q.view.as_deref() == Some("all");
    let items = returns::disputes(&state.app, &op, all)
        .await
        .map_err(|e| ops_fail(&page, e))?;
    let title = page.t("rts-ops-title");
    let content = html! {
        p .muted { (page.t("rts-ops-intro")) }
        nav .tabs aria-label=(page.t("rts-ops-views")) {
            a href=(OPS_LIST) aria-current=[(!all).then_some("page")] { (page.t("rts-ops-waiting")) }
            a href={ (OPS_LIST) "?view=all" } aria-current=[all.then_some("page")] { (page.t("rts-ops-all")) }
        }
        @if items.is_empty() {
            p .notice #no-disputes { (page.t(if all { "rts-ops-empty-all" } else { "rts-ops-empty" })) }
        } @else {
            div .table-wrap { table #disputes {
                (layout::table_head(&page, &["rts-col-return", "rts-col-type", "rts-col-reason", "rts-rejection", "rts-col-refund", "rts-escalated", "rts-col-status"]))
                tbody {
                    @for v in &items {
                        tr id={ "dispute-" (v.id) } {
                            td {
                                a href={ (OPS_LIST) "/" (v.id) } { code { (v.id) } }
                                br; span .muted .small { (page.t("rts-order")) " " code { (v.order_id) } }
                            }
                            td { (type_text(&page, v)) }
                            td { (reason_name(&page, &v.reason)) }
                            td { (rejection_name(&page, v).unwrap_or_default()) }
                            td { (page.money(&v.refund)) }
                            td {
                                @match when_of(v, "ESCALATE") {
                                    Some(r) => (page.time(r.at)),
                                    None => span .muted { "—" },
                                }
                            }
                            td { (status_badge(&page, v)) }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::ops_shell(&page, "returns", &title, content).into_response())
}

/// The operator's decision as sent.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    support: String,
    #[serde(default)]
    note: String,
}

fn decision_form(page: &Page, v: &ReturnView, typed: &DecisionForm, errors: &FormErrors) -> Markup {
    let support_err = errors.field("support");
    let note_err = errors.field("note");
    html! {
        form method="post" action={ (OPS_LIST) "/" (v.id) "/decision" } novalidate #decision-form {
            (csrf_field(page))
            fieldset .field aria-invalid=[support_err.map(|_| "true")]
                aria-describedby=[support_err.map(|_| "support-error")] {
                legend { (page.t("rts-ops-support")) }
                label .choice .block {
                    input type="radio" name="support" value="BUYER" checked[typed.support == "BUYER"];
                    " " (page.ta("rts-ops-support-buyer", &[("amount", &page.money_text(&v.refund))]))
                }
                label .choice .block {
                    input type="radio" name="support" value="SELLER" checked[typed.support == "SELLER"];
                    " " (page.t("rts-ops-support-seller"))
                }
                (field_error(errors, "support", "support"))
            }
            div .field {
                label for="decision-note" { (page.t("rts-note")) }
                p .hint #decision-note-hint { (page.t("rts-ops-note-hint")) }
                textarea #decision-note name="note" rows="4" maxlength=(MAX_NOTE) required
                    aria-invalid=[note_err.map(|_| "true")]
                    aria-describedby=(if note_err.is_some() { "decision-note-hint decision-note-error" } else { "decision-note-hint" }) {
                    (typed.note)
                }
                (field_error(errors, "note", "decision-note"))
            }
            button type="submit" .primary .auto { (page.t("rts-ops-decide")) }
        }
    }
}

async fn render_case(
    state: &WebState,
    page: &Page,
    id: ReturnId,
    notice: Option<String>,
    typed: &DecisionForm,
    errors: &FormErrors,
    status: StatusCode,
) -> Out {
    let op = operator(page).map_err(|r| *r)?;
    let v = returns::get_for_operator(&state.app, &op, id)
        .await
        .map_err(|e| ops_fail(page, e))?;
    let deciding = v.open && arbitration_of(&v) == Some(ArbitrationStatus::InProgress);
    let content = html! {
        p { a href=(OPS_LIST) { "← " (page.t("rts-ops-title")) } }
        p { (status_badge(page, &v)) " " span .small { (page.t("rts-order")) " " code { (v.order_id) } } }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        section .card #decision {
            h2 { (page.t("rts-ops-decision")) }
            @if deciding {
                (decision_form(page, &v, typed, errors))
            } @else {
                p .muted #nothing-to-decide { (page.t("rts-ops-nothing")) }
            }
        }
        (case_sections(page, &v, OPS_LIST))
    };
    let title = page.ta("rts-detail-title", &[("id", &v.id.to_string())]);
    Ok((status, layout::ops_shell(page, "returns", &title, content)).into_response())
}

/// `GET /ops/returns/{id}`: the whole case and the decision form.
async fn ops_detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    Query(q): Query<NoticeQuery>,
) -> Out {
    operator(&page).map_err(|r| *r)?;
    let notice = (q.notice.as_deref() == Some("decided")).then(|| page.t("rts-ops-notice-decided"));
    render_case(
        &state,
        &page,
        id,
        notice,
        &DecisionForm::default(),
        &FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `GET /ops/returns/{id}/photos/{n}`.
async fn ops_photo(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, n)): WebPath<(ReturnId, usize)>,
) -> Out {
    let op = operator(&page).map_err(|r| *r)?;
    let (kind, bytes) = returns::photo_for_operator(&state.app, &op, id, n)
        .await
        .map_err(|e| ops_fail(&page, e))?;
    Ok(photo_response(kind, bytes))
}

/// `POST /ops/returns/{id}/decision`: for the buyer (the refund goes ahead) or the shop (the
/// return is closed), with a note for both.
async fn ops_decide(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ReturnId>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> Out {
    let op = operator(&page).map_err(|r| *r)?;
    let mut errors = FormErrors::default();
    let support = match f.support.trim() {
        "BUYER" => Some(true),
        "SELLER" => Some(false),
        _ => {
            errors
                .fields
                .insert("support".into(), page.t("rts-ops-error-support"));
            None
        }
    };
    if f.note.trim().is_empty() {
        errors
            .fields
            .insert("note".into(), page.t("rts-ops-error-note"));
    }
    let result = match support.filter(|_| errors.fields.is_empty()) {
        Some(support_buyer) => {
            returns::decide(&state.app, &op, id, support_buyer, Some(f.note.as_str())).await
        }
        None => {
            return render_case(
                &state,
                &page,
                id,
                None,
                &f,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match result {
        Ok(_) => Ok(redirect(&format!("{OPS_LIST}/{id}?notice=decided"))),
        Err(AppError::Validation(fields)) => {
            for fe in fields {
                let msg = match (fe.field.as_str(), fe.code.as_str()) {
                    ("note", "required") => page.t("rts-ops-error-note"),
                    ("note", "too-long") => {
                        page.ta("rts-error-note-long", &[("max", &MAX_NOTE.to_string())])
                    }
                    (_, code) => t_or(&page, &format!("error-{code}"), &fe.message),
                };
                errors.fields.entry(fe.field).or_insert(msg);
            }
            render_case(
                &state,
                &page,
                id,
                None,
                &f,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict { .. }) => {
            errors.form = Some(page.t("rts-ops-error-decided"));
            render_case(
                &state,
                &page,
                id,
                None,
                &DecisionForm::default(),
                &errors,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ops_fail(&page, e)),
    }
}

#[cfg(test)]
mod tests {
    use shopdeck_domain::Locale;

    use crate::I18n;

    const EN: &str = include_str!("../locales/en/returns-seller.ftl");

    /// The file's messages are this page's (`rts-`); that every language has them all, once,
    /// and that they resolve, `i18n`'s tests check for every file.
    #[test]
    fn every_language_has_every_returns_message() {
        let en = crate::i18n::message_ids(EN);
        assert!(en.iter().all(|id| id.starts_with("rts-")));
    }

    #[test]
    fn variants_read_as_the_order_pages_show_them() {
        assert_eq!(super::variant_text(r#"{"size":"S"}"#), "S");
        assert_eq!(
            super::variant_text(r#"{"colour":"Sage \"green\"","size":"M"}"#),
            "Sage \"green\" / M"
        );
        assert_eq!(super::variant_text(""), "");
        assert_eq!(super::variant_text("Size_M"), "Size M");
    }

    #[test]
    fn messages_with_arguments_fill_them_in() {
        for l in Locale::ALL {
            let i = I18n::new(l);
            let s = i.ta("rts-due-respond", &[("time", "2026-03-04 09:00 UTC")]);
            assert!(s.contains("2026-03-04 09:00 UTC"), "{l}: {s}");
            let s = i.ta("rts-item-line", &[("title", "Dress"), ("n", "2")]);
            assert!(s.contains("Dress") && s.contains('2'), "{l}: {s}");
        }
    }
}
