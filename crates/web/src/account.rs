//! The shop's profile in Seller Center: business details, addresses, payout account and
//! documents, and submitting it all for review. Owner-only.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_app::onboarding::{self, AddressInput, BusinessInput, Onboarding, RETURN, WAREHOUSE};
use shopdeck_domain::bank::BankFields;
use shopdeck_domain::ids::DocumentId;
use shopdeck_domain::sellers::{BusinessType, SellerStatus};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, Input, csrf_field, form_error, input};
use crate::layout;
use crate::page::{Page, owner, redirect};

/// The upload limit of the documents form (a little above the 10 MiB document limit).
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(11 * 1024 * 1024)
}

async fn load(state: &WebState, page: &Page, actor: &SellerActor) -> Result<Onboarding, WebError> {
    onboarding::overview(&state.app, actor.seller_id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))
}

fn checklist_link(key: &str) -> &'static str {
    match key {
        "profile_complete" => "/seller/account/profile",
        "warehouse_address" => "/seller/account/address/warehouse",
        "return_address" => "/seller/account/address/return",
        "bank_account" => "/seller/account/bank",
        "documents_submitted" => "/seller/account/documents",
        _ => "/seller",
    }
}

/// The checklist card of the seller home.
pub fn checklist_card(page: &Page, o: &Onboarding) -> Markup {
    let latest = o.reviews.first();
    html! {
        section .card #checklist {
            h2 { (page.t("checklist-title")) }
            @match o.status {
                SellerStatus::PendingReview => p .notice role="status" { (page.t("checklist-under-review")) },
                SellerStatus::Rejected => div .notice role="alert" {
                    p { (page.t("checklist-rejected")) }
                    @if let Some(r) = latest { ul { @for reason in &r.reasons { li { (reason) } } } }
                },
                SellerStatus::Suspended => div .notice role="alert" {
                    p { (page.t("checklist-suspended")) }
                    @if let Some(r) = latest { ul { @for reason in &r.reasons { li { (reason) } } } }
                },
                _ => {}
            }
            ul .checklist role="list" {
                @for item in &o.checklist {
                    li class=(if item.done { "done" } else { "missing" }) {
                        span .mark aria-hidden="true" { (if item.done { "✓" } else { "○" }) }
                        span .label { (page.t(&format!("checklist-{}", item.key))) }
                        @if item.done {
                            span .visually-hidden { " — " (page.t("checklist-done")) }
                        } @else if let Some(reason) = item.missing_reason {
                            " — "
                            @if matches!(item.key, "profile_complete" | "warehouse_address" | "return_address" | "bank_account" | "documents_submitted") && o.editable_for(item.key) {
                                a href=(checklist_link(item.key)) { (page.t(&format!("checklist-reason-{reason}"))) }
                            } @else {
                                span .muted { (page.t(&format!("checklist-reason-{reason}"))) }
                            }
                        }
                    }
                }
            }
            @if o.can_submit {
                form method="post" action="/seller/account/submit" {
                    (csrf_field(page))
                    button type="submit" .primary { (page.t("checklist-submit")) }
                }
            }
        }
    }
}

trait Editable {
    fn editable_for(&self, key: &str) -> bool;
}

impl Editable for Onboarding {
    fn editable_for(&self, key: &str) -> bool {
        match key {
            "profile_complete" | "documents_submitted" => self.editable,
            _ => self.status != SellerStatus::PendingReview,
        }
    }
}

pub async fn overview(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let o = load(&state, &page, &actor).await?;
    let d = &o.details;
    let dash = || "—".to_owned();
    let content = html! {
        nav .tabs aria-label=(page.t("nav-account")) {
            a href="/seller/account" aria-current="page" { (page.t("profile-title")) }
            a href="/seller/account/team" { (page.t("team-title")) }
            a href="/seller/account/roles" { (page.t("roles-title")) }
            a href="/seller/account/tokens" { (page.t("tokens-title")) }
            a href="/seller/account/audit" { (page.t("audit-title")) }
            a href="/seller/account/shop-page" { (page.t("cat-shop-title")) }
        }
        (checklist_card(&page, &o))
        section .card {
            h2 { (page.t("profile-title")) " " a .small href="/seller/account/profile" { (page.t("edit")) } }
            dl .facts {
                dt { (page.t("profile-store-name")) } dd { (if d.store_name.is_empty() { dash() } else { d.store_name.clone() }) }
                dt { (page.t("profile-business-type")) } dd { (d.business_type.as_deref().map(|b| page.t(&format!("business-type-{b}"))).unwrap_or_else(dash)) }
                dt { (page.t("profile-legal-name")) } dd { (d.legal_name.clone().unwrap_or_else(dash)) }
                dt { (page.t("profile-registration-number")) } dd { (d.registration_number.clone().unwrap_or_else(dash)) }
                dt { (page.t("profile-contact-name")) } dd { (d.contact_name.clone().unwrap_or_else(dash)) }
                dt { (page.t("profile-time-zone")) } dd { (d.time_zone) }
                dt { (page.t("bank-title")) } dd { (d.bank_account_masked.clone().unwrap_or_else(dash)) " " a .small href="/seller/account/bank" { (page.t("edit")) } }
            }
        }
        @for (kind, addr, key) in [("warehouse", &o.warehouse, "address-warehouse"), ("return", &o.return_address, "address-return")] {
            section .card {
                h2 { (page.t(key)) " " a .small href={ "/seller/account/address/" (kind) } { (page.t("edit")) } }
                @match addr {
                    Some(a) => address { (a.contact_name) br; (a.line1) br; @if let Some(l2) = &a.line2 { (l2) br; } (a.postal_code) " " (a.city) @if let Some(r) = &a.region { ", " (r) } br; (a.country) " · " (a.phone) },
                    None => p .muted { "—" },
                }
            }
        }
        section .card {
            h2 { (page.t("documents-title")) " " a .small href="/seller/account/documents" { (page.t("edit")) } }
            (documents_list(&page, &o))
        }
    };
    Ok(layout::seller_shell(&page, "account", &page.t("nav-account"), content).into_response())
}

fn documents_list(page: &Page, o: &Onboarding) -> Markup {
    html! {
        @if o.documents.is_empty() { p .muted { (page.t("documents-none")) } }
        @else {
            ul {
                @for doc in &o.documents {
                    li {
                        a href={ "/seller/account/documents/" (doc.id) } { (doc.file_name) }
                        " · " (page.t(&format!("document-kind-{}", doc.kind))) " · " (doc.size_bytes / 1024) " KB"
                    }
                }
            }
        }
    }
}

fn business_page(page: &Page, f: &BusinessInput, errors: &FormErrors) -> Markup {
    let zones = jiff::tz::db().available();
    let content = html! {
        (form_error(errors))
        form .card method="post" action="/seller/account/profile" novalidate {
            (csrf_field(page))
            (input(errors, Input { name: "store_name", label: page.t("profile-store-name"), kind: "text", value: &f.store_name, autocomplete: "organization", hint: Some(page.t("profile-store-name-hint")) }))
            fieldset .field {
                legend { (page.t("profile-business-type")) }
                @for b in BusinessType::ALL {
                    label .choice {
                        input type="radio" name="business_type" value=(b.as_str()) checked[f.business_type == b.as_str()];
                        " " (page.t(&format!("business-type-{}", b.as_str())))
                    }
                }
                @if let Some(e) = errors.field("business_type") { p .field-error { (e) } }
            }
            (input(errors, Input { name: "legal_name", label: page.t("profile-legal-name"), kind: "text", value: &f.legal_name, autocomplete: "organization", hint: None }))
            (input(errors, Input { name: "registration_number", label: page.t("profile-registration-number"), kind: "text", value: &f.registration_number, autocomplete: "off", hint: Some(page.t("profile-registration-hint")) }))
            (input(errors, Input { name: "contact_name", label: page.t("profile-contact-name"), kind: "text", value: &f.contact_name, autocomplete: "name", hint: None }))
            div .field {
                label for="time_zone" { (page.t("profile-time-zone")) }
                select #time_zone name="time_zone" {
                    @for z in zones { option value=(z) selected[f.time_zone == z.as_str()] { (z) } }
                }
                @if let Some(e) = errors.field("time_zone") { p .field-error { (e) } }
            }
            button type="submit" .primary { (page.t("save")) }
        }
    };
    layout::seller_shell(page, "account", &page.t("profile-title"), content)
}

pub async fn business_form(
    State(state): State<WebState>,
    page: Page,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let d = load(&state, &page, &actor).await?.details;
    let f = BusinessInput {
        store_name: d.store_name,
        business_type: d.business_type.unwrap_or_default(),
        legal_name: d.legal_name.unwrap_or_default(),
        registration_number: d.registration_number.unwrap_or_default(),
        contact_name: d.contact_name.unwrap_or_default(),
        time_zone: d.time_zone,
    };
    Ok(business_page(&page, &f, &FormErrors::default()).into_response())
}

fn saved_or_errors(
    page: &Page,
    result: shopdeck_app::Result<()>,
    render: impl Fn(&FormErrors) -> Markup,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(redirect("/seller/account")),
        Err(e) => {
            let errors = FormErrors::from_app(page, e)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&errors)).into_response())
        }
    }
}

pub async fn save_business(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<BusinessInput>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let result = onboarding::save_business(&state.app, &actor, &f).await;
    saved_or_errors(&page, result, |e| business_page(&page, &f, e))
}

fn address_kind(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        "warehouse" => Some((WAREHOUSE, "address-warehouse")),
        "return" => Some((RETURN, "address-return")),
        _ => None,
    }
}

fn address_page(
    page: &Page,
    kind: &str,
    title_key: &str,
    f: &AddressInput,
    errors: &FormErrors,
) -> Markup {
    let content = html! {
        (form_error(errors))
        form .card method="post" action={ "/seller/account/address/" (kind) } novalidate {
            (csrf_field(page))
            (input(errors, Input { name: "contact_name", label: page.t("address-contact-name"), kind: "text", value: &f.contact_name, autocomplete: "name", hint: None }))
            (input(errors, Input { name: "phone", label: page.t("address-phone"), kind: "tel", value: &f.phone, autocomplete: "tel", hint: None }))
            (input(errors, Input { name: "line1", label: page.t("address-line1"), kind: "text", value: &f.line1, autocomplete: "address-line1", hint: None }))
            (input(errors, Input { name: "line2", label: page.t("address-line2"), kind: "text", value: &f.line2, autocomplete: "address-line2", hint: None }))
            (input(errors, Input { name: "city", label: page.t("address-city"), kind: "text", value: &f.city, autocomplete: "address-level2", hint: None }))
            (input(errors, Input { name: "region", label: page.t("address-region"), kind: "text", value: &f.region, autocomplete: "address-level1", hint: None }))
            (input(errors, Input { name: "postal_code", label: page.t("address-postal-code"), kind: "text", value: &f.postal_code, autocomplete: "postal-code", hint: None }))
            button type="submit" .primary { (page.t("save")) }
        }
    };
    layout::seller_shell(page, "account", &page.t(title_key), content)
}

pub async fn address_form(
    State(state): State<WebState>,
    page: Page,
    Path(kind): Path<String>,
) -> Result<Response, WebError> {
    let Some((stored, title)) = address_kind(&kind) else {
        return Err(WebError::NotFound(page.locale()));
    };
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let o = load(&state, &page, &actor).await?;
    let a = if stored == WAREHOUSE {
        o.warehouse
    } else {
        o.return_address
    };
    let f = a.map(|a| AddressInput {
        contact_name: a.contact_name,
        phone: a.phone,
        line1: a.line1,
        line2: a.line2.unwrap_or_default(),
        city: a.city,
        region: a.region.unwrap_or_default(),
        postal_code: a.postal_code,
    });
    Ok(address_page(
        &page,
        &kind,
        title,
        &f.unwrap_or_default(),
        &FormErrors::default(),
    )
    .into_response())
}

pub async fn save_address(
    State(state): State<WebState>,
    page: Page,
    Path(kind): Path<String>,
    CsrfForm(f): CsrfForm<AddressInput>,
) -> Result<Response, WebError> {
    let Some((stored, title)) = address_kind(&kind) else {
        return Err(WebError::NotFound(page.locale()));
    };
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let result = onboarding::save_address(&state.app, &actor, stored, &f).await;
    saved_or_errors(&page, result, |e| address_page(&page, &kind, title, &f, e))
}

/// The bank fields a country's sellers fill in, in form order.
fn bank_fields_for(country: &str) -> &'static [&'static str] {
    match country {
        "US" => &["routing_number", "account_number"],
        "JP" => &["bank_code", "branch_code", "account_type", "account_number"],
        "GB" => &["sort_code", "account_number", "iban"],
        "FR" | "ES" | "DE" | "IT" | "IE" | "AE" | "SA" => &["iban", "swift_bic"],
        "BR" => &["iban", "swift_bic", "account_number"],
        _ => &["swift_bic", "account_number"],
    }
}

fn bank_page(page: &Page, country: &str, masked: Option<&str>, errors: &FormErrors) -> Markup {
    let content = html! {
        @if let Some(m) = masked { p { (page.t("bank-current")) " " strong { (m) } } }
        p .muted { (page.t("bank-intro")) }
        (form_error(errors))
        form .card method="post" action="/seller/account/bank" novalidate autocomplete="off" {
            (csrf_field(page))
            (input(errors, Input { name: "account_holder", label: page.t("bank-account_holder"), kind: "text", value: "", autocomplete: "off", hint: None }))
            @for field in bank_fields_for(country) {
                @if *field == "account_type" {
                    div .field {
                        label for="account_type" { (page.t("bank-account_type")) }
                        select #account_type name="account_type" {
                            option value="ordinary" { "普通 (ordinary)" }
                            option value="current" { "当座 (current)" }
                        }
                        @if let Some(e) = errors.field("account_type") { p .field-error { (e) } }
                    }
                } @else {
                    (input(errors, Input { name: field, label: page.t(&format!("bank-{field}")), kind: "text", value: "", autocomplete: "off", hint: None }))
                }
            }
            button type="submit" .primary { (page.t("save")) }
        }
    };
    layout::seller_shell(page, "account", &page.t("bank-title"), content)
}

pub async fn bank_form(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let o = load(&state, &page, &actor).await?;
    Ok(bank_page(
        &page,
        &o.seller.country,
        o.details.bank_account_masked.as_deref(),
        &FormErrors::default(),
    )
    .into_response())
}

pub async fn save_bank(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<BankFields>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    match onboarding::save_bank_account(&state.app, &actor, &f).await {
        Ok(_) => Ok(redirect("/seller/account")),
        Err(e) => {
            let o = load(&state, &page, &actor).await?;
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                bank_page(
                    &page,
                    &o.seller.country,
                    o.details.bank_account_masked.as_deref(),
                    &errors,
                ),
            )
                .into_response())
        }
    }
}

fn documents_page(page: &Page, o: &Onboarding, errors: &FormErrors) -> Markup {
    let content = html! {
        (documents_list(page, o))
        @if o.editable {
            (form_error(errors))
            form .card method="post" action="/seller/account/documents" enctype="multipart/form-data" {
                (csrf_field(page))
                div .field {
                    label for="kind" { (page.t("documents-kind")) }
                    select #kind name="kind" {
                        @for k in onboarding::DOCUMENT_KINDS { option value=(k) { (page.t(&format!("document-kind-{k}"))) } }
                    }
                }
                div .field {
                    label for="file" { (page.t("documents-file")) }
                    p .hint id="file-hint" { (page.t("documents-hint")) }
                    input #file type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby="file-hint" required;
                    @if let Some(e) = errors.field("file") { p .field-error { (e) } }
                }
                button type="submit" .primary { (page.t("documents-upload")) }
            }
        }
    };
    layout::seller_shell(page, "account", &page.t("documents-title"), content)
}

pub async fn documents(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let o = load(&state, &page, &actor).await?;
    Ok(documents_page(&page, &o, &FormErrors::default()).into_response())
}

pub async fn upload(
    State(state): State<WebState>,
    page: Page,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let (mut token, mut kind, mut file) = (None, String::new(), None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("_csrf") => token = field.text().await.ok(),
            Some("kind") => kind = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("document").to_owned();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b)),
                    Err(_) => return Err(WebError::BadRequest),
                }
            }
            _ => {}
        }
    }
    if !crate::csrf::check(&page, token.as_deref()) {
        return Err(WebError::Csrf(page.locale()));
    }
    let result = match file {
        Some((name, bytes)) => onboarding::upload_document(&state.app, &actor, &kind, &name, bytes)
            .await
            .map(|_| ()),
        None => Err(AppError::invalid("file", "required", "Choose a file")),
    };
    match result {
        Ok(()) => Ok(redirect("/seller/account/documents")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            let o = load(&state, &page, &actor).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                documents_page(&page, &o, &errors),
            )
                .into_response())
        }
    }
}

/// Sends a stored document as a download (never rendered inline: it is user content).
pub fn file_response(row: &onboarding::Document, bytes: bytes::Bytes) -> Response {
    let name: String = row
        .file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    (
        [
            (CONTENT_TYPE, row.content_type.clone()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    if name.is_empty() { "document" } else { &name }
                ),
            ),
            (
                axum::http::header::X_CONTENT_TYPE_OPTIONS,
                "nosniff".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn document(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<DocumentId>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let (row, bytes) = onboarding::document_file(&state.app, actor.seller_id, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok(file_response(&row, bytes))
}

pub async fn submit(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    match onboarding::submit(&state.app, &actor).await {
        Ok(()) => Ok(redirect("/seller")),
        Err(AppError::Validation(_) | AppError::Conflict { .. }) => {
            Ok(redirect("/seller#checklist"))
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}
