//! The operator console: platform overview, the job queue, and sections still to come.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::access::Operator;
use shopdeck_app::onboarding::{self, Onboarding};
use shopdeck_domain::ids::{DocumentId, SellerId};
use shopdeck_domain::sellers::{SellerStatus, StatusAction};

use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field};
use crate::seller_parts::t_or;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::layout::{self, OPS_SECTIONS};
use crate::page::{NextQuery, Page, redirect};
use crate::seller::{Door, LoginForm, show_login, submit_login};

pub async fn login_form(page: Page, Query(q): Query<NextQuery>) -> Response {
    show_login(page, Door::Ops, &q)
}

pub async fn log_in(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    submit_login(state, page, form, Door::Ops).await
}

/// Operators only: others are sent to log in, or told they are not operators.
fn require_operator(page: &Page) -> Option<Response> {
    match &page.user {
        None => Some(redirect(&format!(
            "/ops/login?next={}",
            layout::urlencode(&page.here)
        ))),
        Some(u) if !u.is_operator => {
            let title = page.t("ops-console");
            let content = html! { p .notice role="alert" { (page.t("ops-not-operator")) } };
            Some(
                (
                    StatusCode::FORBIDDEN,
                    layout::plain_shell(page, &title, content),
                )
                    .into_response(),
            )
        }
        Some(_) => None,
    }
}

/// The platform's counts, for operators only (see `require_operator`).
async fn platform_counts(
    state: &WebState,
    page: &Page,
) -> Result<Result<shopdeck_app::system::PlatformCounts, Response>, WebError> {
    if let Some(r) = require_operator(page) {
        return Ok(Err(r));
    }
    shopdeck_app::system::platform_counts(&state.app)
        .await
        .map(Ok)
        .map_err(|e| WebError::from_app(e, page.locale()))
}

pub async fn home(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let counts = match platform_counts(&state, &page).await? {
        Ok(counts) => counts,
        Err(r) => return Ok(r),
    };
    let jobs_total: i64 = counts.jobs_by_status.iter().map(|(_, n)| n).sum();
    let title = page.t("ops-home-title");
    let content = html! {
        div .stats {
            div .stat { span .stat-value { (counts.users) } span .stat-label { (page.t("ops-stat-users")) } }
            div .stat { span .stat-value { (counts.sellers) } span .stat-label { (page.t("ops-stat-sellers")) } }
            div .stat { span .stat-value { (jobs_total) } span .stat-label { (page.t("ops-stat-jobs")) } }
        }
    };
    Ok(layout::ops_shell(&page, "home", &title, content).into_response())
}

pub async fn jobs(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let counts = match platform_counts(&state, &page).await? {
        Ok(counts) => counts,
        Err(r) => return Ok(r),
    };
    let title = page.t("ops-nav-jobs");
    let content = html! {
        table {
            thead { tr { th scope="col" { (page.t("ops-jobs-status")) } th scope="col" { (page.t("ops-jobs-count")) } } }
            tbody {
                @for (status, n) in &counts.jobs_by_status {
                    tr { td { code { (status) } } td { (n) } }
                }
            }
        }
    };
    Ok(layout::ops_shell(&page, "jobs", &title, content).into_response())
}

pub async fn section(page: Page, Path(section): Path<String>) -> Result<Response, WebError> {
    let Some((seg, key)) = OPS_SECTIONS.iter().find(|(s, _)| *s == section) else {
        return Err(WebError::NotFound(page.locale()));
    };
    if let Some(r) = require_operator(&page) {
        return Ok(r);
    }
    let label = page.t(key);
    let content = layout::not_ready(&page, &label, "/ops");
    Ok(layout::ops_shell(&page, seg, &label, content).into_response())
}

const REVIEW_TABS: [SellerStatus; 5] = [
    SellerStatus::PendingReview,
    SellerStatus::Approved,
    SellerStatus::Rejected,
    SellerStatus::Suspended,
    SellerStatus::Registered,
];

#[derive(serde::Deserialize)]
pub struct StatusQuery {
    status: Option<String>,
}

/// The signed-in operator, or the response that sends anyone else away.
pub(crate) fn operator(page: &Page) -> Result<Operator, Box<Response>> {
    if let Some(r) = require_operator(page) {
        return Err(Box::new(r));
    }
    page.user
        .as_ref()
        .and_then(|u| Operator::of(u, &page.client).ok())
        .ok_or_else(|| Box::new(redirect("/ops/login")))
}

/// The review queue, one tab per status.
pub async fn sellers(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<StatusQuery>,
) -> Result<Response, WebError> {
    let op = match operator(&page) {
        Ok(o) => o,
        Err(r) => return Ok(*r),
    };
    let status = q
        .status
        .as_deref()
        .and_then(SellerStatus::parse)
        .unwrap_or(SellerStatus::PendingReview);
    let shops = onboarding::review_queue(&state.app, &op, status)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.t("ops-nav-sellers");
    let content = html! {
        nav .tabs aria-label=(page.t("ops-review-tabs")) {
            @for s in REVIEW_TABS {
                a href={ "/ops/sellers?status=" (s.as_str()) } aria-current=[(s == status).then_some("page")] {
                    (page.t(&format!("seller-status-{}", s.as_str())))
                }
            }
        }
        @if shops.is_empty() {
            p .notice { (page.t("ops-review-empty")) }
        } @else {
            div .table-wrap { table {
                (layout::table_head(&page, &["profile-store-name", "ops-review-country", "ops-review-since"]))
                tbody {
                    @for s in &shops {
                        tr {
                            td { a href={ "/ops/sellers/" (s.id) } { (if s.store_name.is_empty() { page.t("shop-unnamed") } else { s.store_name.clone() }) } }
                            td { (s.country) " · " (s.currency) }
                            td { (page.date(s.created_at)) }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::ops_shell(&page, "sellers", &title, content).into_response())
}

fn seller_page(page: &Page, o: &Onboarding, errors: &FormErrors) -> Markup {
    let d = &o.details;
    let dash = || "—".to_owned();
    let name = if d.store_name.is_empty() {
        page.t("shop-unnamed")
    } else {
        d.store_name.clone()
    };
    let can = |a: StatusAction| o.status.apply(a).is_ok();
    html! {
        p { (page.ta("seller-status", &[("status", &page.t(&format!("seller-status-{}", o.status.as_str())))])) }
        section .card {
            h2 { (page.t("profile-title")) }
            dl .facts {
                dt { (page.t("profile-business-type")) } dd { (d.business_type.as_deref().map(|b| page.t(&format!("business-type-{b}"))).unwrap_or_else(dash)) }
                dt { (page.t("profile-legal-name")) } dd { (d.legal_name.clone().unwrap_or_else(dash)) }
                dt { (page.t("profile-registration-number")) } dd { (d.registration_number.clone().unwrap_or_else(dash)) }
                dt { (page.t("profile-contact-name")) } dd { (d.contact_name.clone().unwrap_or_else(dash)) }
                dt { (page.t("ops-review-country")) } dd { (o.seller.country) " · " (o.seller.currency) " · " (d.time_zone) }
                dt { (page.t("bank-title")) } dd { (d.bank_account_masked.clone().unwrap_or_else(dash)) }
            }
        }
        @for (addr, key) in [(&o.warehouse, "address-warehouse"), (&o.return_address, "address-return")] {
            section .card {
                h2 { (page.t(key)) }
                @match addr {
                    Some(a) => address { (a.contact_name) br; (a.line1) br; @if let Some(l2) = &a.line2 { (l2) br; } (a.postal_code) " " (a.city) br; (a.country) " · " (a.phone) },
                    None => p .muted { "—" },
                }
            }
        }
        section .card {
            h2 { (page.t("documents-title")) }
            @if o.documents.is_empty() { p .muted { (page.t("documents-none")) } }
            ul { @for doc in &o.documents {
                li { a href={ "/ops/sellers/" (o.seller.id) "/documents/" (doc.id) } { (doc.file_name) } " · " (page.t(&format!("document-kind-{}", doc.kind))) }
            } }
        }
        section .card {
            h2 { (page.t("ops-review-decision")) }
            (crate::forms::form_error(errors))
            @if can(StatusAction::Approve) {
                form method="post" action={ "/ops/sellers/" (o.seller.id) "/decision" } .inline-form {
                    (csrf_field(page))
                    input type="hidden" name="action" value="APPROVE";
                    button type="submit" .primary { (page.t("ops-review-approve")) }
                }
            }
            @for (action, key) in [(StatusAction::Reject, "ops-review-reject"), (StatusAction::Suspend, "ops-review-suspend")] {
                @if can(action) {
                    form method="post" action={ "/ops/sellers/" (o.seller.id) "/decision" } {
                        (csrf_field(page))
                        input type="hidden" name="action" value=(action.as_str());
                        div .field {
                            label for={ "reasons-" (action.as_str()) } { (page.t("ops-review-reasons")) }
                            p .hint { (page.t("ops-review-reasons-hint")) }
                            textarea id={ "reasons-" (action.as_str()) } name="reasons" rows="3" {}
                            @if let Some(e) = errors.field("reasons") { p .field-error { (e) } }
                        }
                        button type="submit" { (page.t(key)) }
                    }
                }
            }
            @if can(StatusAction::Reinstate) {
                form method="post" action={ "/ops/sellers/" (o.seller.id) "/decision" } {
                    (csrf_field(page))
                    input type="hidden" name="action" value="REINSTATE";
                    button type="submit" { (page.t("ops-review-reinstate")) }
                }
            }
        }
        section .card {
            h2 { (page.t("ops-review-history")) }
            @if o.reviews.is_empty() { p .muted { "—" } }
            ol { @for r in &o.reviews {
                li {
                    (page.time(r.created_at)) " · "
                    strong { (t_or(page, &format!("seller-action-{}", r.action), &r.action)) } " · "
                    (t_or(page, &format!("seller-status-{}", r.from_status.as_str()), r.from_status.as_str())) " → "
                    (t_or(page, &format!("seller-status-{}", r.to_status.as_str()), r.to_status.as_str()))
                    @if !r.reasons.is_empty() { ul { @for reason in &r.reasons { li { (reason) } } } }
                }
            } }
        }
        h1 .visually-hidden { (name) }
    }
}

pub async fn seller(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<SellerId>,
) -> Result<Response, WebError> {
    if let Err(r) = operator(&page) {
        return Ok(*r);
    }
    let o = onboarding::overview(&state.app, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = if o.details.store_name.is_empty() {
        page.t("shop-unnamed")
    } else {
        o.details.store_name.clone()
    };
    let health = shopdeck_app::deadlines::health(&state.app, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let content = html! {
        (seller_page(&page, &o, &FormErrors::default()))
        (crate::seller::health_card(&page, &health, None))
    };
    Ok(layout::ops_shell(&page, "sellers", &title, content).into_response())
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    action: String,
    #[serde(default)]
    reasons: String,
}

pub async fn decide(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<SellerId>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let op = match operator(&page) {
        Ok(o) => o,
        Err(r) => return Ok(*r),
    };
    let action = match f.action.as_str() {
        "APPROVE" => StatusAction::Approve,
        "REJECT" => StatusAction::Reject,
        "SUSPEND" => StatusAction::Suspend,
        "REINSTATE" => StatusAction::Reinstate,
        _ => return Err(WebError::BadRequest),
    };
    let reasons: Vec<String> = f.reasons.lines().map(str::to_owned).collect();
    match onboarding::decide(&state.app, &op, id, action, &reasons, page.locale()).await {
        Ok(()) => Ok(redirect(&format!("/ops/sellers/{id}"))),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            let o = onboarding::overview(&state.app, id)
                .await
                .map_err(|e| WebError::from_app(e, page.locale()))?;
            let title = if o.details.store_name.is_empty() {
                page.t("shop-unnamed")
            } else {
                o.details.store_name.clone()
            };
            Ok(layout::ops_reply(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "sellers",
                &title,
                seller_page(&page, &o, &errors),
            ))
        }
    }
}

pub async fn seller_document(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, doc)): WebPath<(SellerId, DocumentId)>,
) -> Result<Response, WebError> {
    if let Err(r) = operator(&page) {
        return Ok(*r);
    }
    let (row, bytes) = onboarding::document_file(&state.app, id, doc)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok(crate::account::file_response(&row, bytes))
}
