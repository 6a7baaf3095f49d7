//! The operator console's product review: the queue (oldest first), the whole product, and
//! the decision (approve, reject with reasons, deactivate or reactivate a live product).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use maud::html;
use shopdeck_app::AppError;
use shopdeck_app::catalog;
use shopdeck_app::onboarding;
use shopdeck_app::products::{self, OperatorAction, ProductView};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{ProductId, SellerId};
use shopdeck_domain::products::{AuditStatus, Finding, ProductStatus};

use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::ops::operator;
use crate::page::{Page, redirect};
use crate::product_parts::{
    attributes_facts, audit_badge, editions_sections, findings_list, grade_badge, image_gallery,
    review_history, status_badge,
};
use crate::reply::{Out, Reply, fail};
use crate::{I18n, WebState, layout};

/// The common reasons a reviewer picks from: (code, field, message key).
pub const REASONS: &[(&str, &str, &str)] = &[
    ("review-images", "images", "finding-review-images"),
    ("review-title", "title", "finding-review-title"),
    ("review-prohibited", "product", "finding-review-prohibited"),
    ("review-category", "category_id", "finding-review-category"),
    (
        "review-description",
        "description",
        "finding-review-description",
    ),
    (
        "review-attributes",
        "attributes",
        "finding-review-attributes",
    ),
    ("review-price", "skus", "finding-review-price"),
];

async fn shop_name(
    state: &WebState,
    cache: &mut HashMap<SellerId, String>,
    id: SellerId,
) -> String {
    if let Some(n) = cache.get(&id) {
        return n.clone();
    }
    let name = onboarding::overview(&state.app, id)
        .await
        .map(|o| o.seller.store_name)
        .unwrap_or_else(|_| id.to_string());
    cache.insert(id, name.clone());
    name
}

/// When the product was last sent to review.
fn submitted_at(v: &ProductView) -> Option<jiff::Timestamp> {
    v.reviews
        .iter()
        .filter(|r| r.action == "SUBMIT")
        .map(|r| r.created_at)
        .max()
}

/// `GET /ops/products`: what waits for review, oldest first.
pub async fn queue(State(state): State<WebState>, page: Page) -> Out {
    let op = operator(&page).map_err(|r| *r)?;
    let items = products::review_queue(&state.app, &op, 200)
        .await
        .map_err(|e| fail(&page, e))?;
    let leaves = catalog::search_leaves(&state.app, page.locale(), "", 5000)
        .await
        .map_err(|e| fail(&page, e))?;
    let mut shops = HashMap::new();
    let mut rows = Vec::with_capacity(items.len());
    for v in &items {
        let shop = shop_name(&state, &mut shops, v.seller_id).await;
        let path = leaves
            .iter()
            .find(|l| l.id == v.category_id)
            .map_or_else(|| v.category_path.join(" › "), |l| l.path.join(" › "));
        rows.push((v, shop, path));
    }
    let title = page.t("ops-nav-products");
    let content = html! {
        p .muted { (page.t("ops-products-intro")) }
        @if rows.is_empty() {
            p .notice { (page.t("ops-products-empty")) }
        } @else {
            div .table-wrap { table {
                (layout::table_head(&page, &["products-col-product", "ops-products-shop", "product-field-category", "ops-products-submitted", "products-col-status"]))
                tbody {
                    @for (v, shop, path) in &rows {
                        tr {
                            td { a href={ "/ops/products/" (v.id) } { bdi { (v.title) } } }
                            td { (shop) }
                            td { (path) }
                            td { @if let Some(t) = submitted_at(v) { (page.time(t)) } @else { "—" } }
                            td { (status_badge(&page, v.status)) @if v.has_published_version { " " span .badge { (page.t("ops-products-edit-of-live")) } } }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::ops_shell(&page, "products", &title, content).into_response())
}

fn reasons_fieldset(page: &Page, prefix: &str, errors: &FormErrors) -> maud::Markup {
    html! {
        fieldset .field {
            legend { (page.t("ops-review-reasons")) }
            @for (code, _, key) in REASONS {
                label .choice .block {
                    input type="checkbox" name="reason" value=(code);
                    " " (page.t(key))
                }
            }
            div .field {
                label for={ (prefix) "-note" } { (page.t("ops-product-note")) }
                p .hint { (page.t("ops-product-note-hint")) }
                textarea id={ (prefix) "-note" } name="note" rows="3" {}
            }
            @if let Some(e) = errors.field("reasons") { p .field-error { (e) } }
        }
    }
}

async fn render(
    state: &WebState,
    page: &Page,
    id: ProductId,
    errors: &FormErrors,
    status: StatusCode,
) -> Out {
    let op = operator(page).map_err(|r| *r)?;
    let v = products::get_for_review(&state.app, &op, id)
        .await
        .map_err(|e| fail(page, e))?;
    let attrs = catalog::attributes_for(&state.app, v.category_id, page.locale())
        .await
        .unwrap_or_default();
    let shop = shop_name(state, &mut HashMap::new(), v.seller_id).await;
    let reviewing = v.audit_status == AuditStatus::Auditing;
    let can_deactivate = matches!(
        v.status,
        ProductStatus::Live | ProductStatus::SellerDeactivated | ProductStatus::Pending
    );
    let action = format!("/ops/products/{id}/decision");
    let content = html! {
        p { a href="/ops/products" { "← " (page.t("ops-nav-products")) } }
        p {
            (status_badge(page, v.status)) " " (audit_badge(page, v.audit_status)) " " (grade_badge(page, v.quality_grade))
        }
        p { (page.ta("ops-products-from", &[("shop", &shop)])) " · " a href={ "/ops/sellers/" (v.seller_id) } { (page.t("ops-products-shop-link")) } }
        (form_error(errors))
        section .card #decision {
            h2 { (page.t("ops-review-decision")) }
            @if reviewing {
                form method="post" action=(action) {
                    (csrf_field(page))
                    input type="hidden" name="action" value="approve";
                    button type="submit" .primary .auto { (page.t("ops-product-approve")) }
                }
                form method="post" action=(action) {
                    (csrf_field(page))
                    input type="hidden" name="action" value="reject";
                    (reasons_fieldset(page, "reject", errors))
                    button type="submit" { (page.t("ops-product-reject")) }
                }
            }
            @if can_deactivate {
                details {
                    summary { (page.t("ops-product-deactivate")) }
                    form method="post" action=(action) {
                        (csrf_field(page))
                        input type="hidden" name="action" value="deactivate";
                        (reasons_fieldset(page, "deactivate", errors))
                        button type="submit" { (page.t("ops-product-deactivate")) }
                    }
                }
            }
            @if v.status == ProductStatus::PlatformDeactivated {
                form method="post" action=(action) {
                    (csrf_field(page))
                    input type="hidden" name="action" value="reactivate";
                    button type="submit" { (page.t("ops-product-reactivate")) }
                }
            }
            @if !reviewing && !can_deactivate && v.status != ProductStatus::PlatformDeactivated {
                p .muted { (page.t("ops-product-nothing-to-decide")) }
            }
        }
        @if !v.failed_reasons.is_empty() {
            section .card {
                h2 { (page.t("product-failed-reasons")) }
                (findings_list(page, &v.failed_reasons, &attrs))
            }
        }
        (crate::product_parts::quality_card(page, &v, &attrs))
        section .card {
            h2 { (page.t("product-section-images")) }
            @if v.images.is_empty() { p .muted { (page.t("product-no-images")) } }
            @else { (image_gallery(&v.images, &v.title)) }
        }
        section .card {
            h2 { (page.t("product-editions")) }
            (editions_sections(page, &v))
        }
        section .card {
            h2 { (page.t("product-section-attributes")) }
            (attributes_facts(page, &v, &attrs))
        }
        section .card {
            h2 { (page.t("product-section-skus")) }
            div .table-wrap { table {
                (layout::table_head(page, &["sku-field-seller-sku", "sku-field-variant", "sku-field-gtin", "sku-field-price", "sku-available"]))
                tbody { @for s in &v.skus {
                    tr {
                        td { (s.seller_sku) }
                        td { (s.variant.iter().map(|(k, val)| format!("{}: {val}", attrs.iter().find(|a| &a.key == k).map_or(k.as_str(), |a| a.name.as_str()))).collect::<Vec<_>>().join(" · ")) }
                        td { (s.gtin.clone().unwrap_or_else(|| "—".into())) }
                        td { (page.money(&s.price)) }
                        td { (s.available) }
                    }
                } }
            } }
        }
        section .card {
            h2 { (page.t("product-history")) }
            (review_history(page, &v.reviews, &attrs))
        }
    };
    Ok(layout::ops_reply(
        page, status, "products", &v.title, content,
    ))
}

/// `GET /ops/products/{id}`.
pub async fn detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
) -> Out {
    operator(&page).map_err(|r| *r)?;
    render(&state, &page, id, &FormErrors::default(), StatusCode::OK).await
}

/// `POST /ops/products/{id}/decision`.
pub async fn decide(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let op = operator(&page).map_err(|r| *r)?;
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let Some(action) = get("action").and_then(OperatorAction::parse) else {
        return Err(WebError::BadRequest.into());
    };
    // Reasons are stored in English for the API; the seller's pages translate known codes.
    let en = I18n::new(Locale::En);
    let mut reasons: Vec<Finding> = f
        .iter()
        .filter(|(k, _)| k == "reason")
        .filter_map(|(_, code)| REASONS.iter().find(|(c, _, _)| c == code))
        .map(|(code, field, key)| Finding::new(*field, code, en.t(key)))
        .collect();
    for line in get("note").unwrap_or("").lines() {
        let line = line.trim();
        if !line.is_empty() {
            reasons.push(Finding::new("", "reviewer", line));
        }
    }
    match products::decide(&state.app, &op, id, action, &reasons).await {
        Ok(_) => Ok(redirect(&format!("/ops/products/{id}"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let errors = FormErrors::from_app(&page, e).map_err(Reply::from)?;
            render(&state, &page, id, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(fail(&page, e)),
    }
}
