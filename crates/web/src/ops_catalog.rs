//! The operator console's category tree: browse, rename in every language, add subcategories
//! and choose the attributes each category asks for.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::catalog::{self, CategoryNode, DeclaredAttribute};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::CategoryId;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::ops::operator;
use crate::page::{Page, redirect};

fn tree(nodes: &[CategoryNode]) -> Markup {
    html! {
        ul .category-tree role="list" {
            @for n in nodes {
                li {
                    a href={ "/ops/categories/" (n.id) } { (n.name) } " " span .muted { "(" (n.slug) ")" }
                    @if !n.children.is_empty() { (tree(&n.children)) }
                }
            }
        }
    }
}

pub async fn list(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = operator(&page) {
        return Ok(*r);
    }
    let nodes = catalog::category_tree(&state.app, page.locale())
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.t("ops-nav-categories");
    let content = html! {
        p .muted { (page.t("ops-categories-intro")) }
        (tree(&nodes))
    };
    Ok(layout::ops_shell(&page, "categories", &title, content).into_response())
}

fn notation(attrs: &[DeclaredAttribute]) -> String {
    attrs
        .iter()
        .map(|a| {
            format!(
                "{}{}{}",
                a.key,
                if a.required { "!" } else { "" },
                if a.sales { "*" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn edit_page(
    state: &WebState,
    page: &Page,
    id: CategoryId,
    errors: &FormErrors,
) -> Result<Markup, WebError> {
    let err = |e| WebError::from_app(e, page.locale());
    let effective = catalog::attributes_for(&state.app, id, page.locale())
        .await
        .map_err(err)?;
    let names = catalog::category_names(&state.app, id).await.map_err(err)?;
    let declared = catalog::declared_attributes(&state.app, id)
        .await
        .map_err(err)?;
    let library = catalog::attribute_library(&state.app, page.locale())
        .await
        .map_err(err)?;
    let title = names.get(&Locale::En).cloned().unwrap_or_default();
    let content = html! {
        (form_error(errors))
        section .card {
            h2 { (page.t("ops-category-names")) }
            form method="post" action={ "/ops/categories/" (id) "/names" } novalidate {
                (csrf_field(page))
                @for l in Locale::ALL {
                    div .field {
                        label for={ "name-" (l.tag()) } { (l.native_name()) }
                        input id={ "name-" (l.tag()) } name=(l.tag()) type="text" lang=(l.tag()) value=(names.get(&l).cloned().unwrap_or_default());
                        @if let Some(e) = errors.field(&format!("names.{}", l.tag())) { p .field-error { (e) } }
                    }
                }
                button type="submit" .primary { (page.t("save")) }
            }
        }
        section .card {
            h2 { (page.t("ops-category-attributes")) }
            p .hint { (page.t("ops-category-attributes-hint")) }
            form method="post" action={ "/ops/categories/" (id) "/attributes" } novalidate {
                (csrf_field(page))
                div .field {
                    label for="attributes" { (page.t("ops-category-declared")) }
                    input #attributes name="attributes" type="text" value=(notation(&declared));
                    @if let Some(e) = errors.field("attributes") { p .field-error { (e) } }
                }
                button type="submit" { (page.t("save")) }
            }
            h3 { (page.t("ops-category-effective")) }
            ul { @for a in &effective {
                li { (a.name) " " code { (a.key) } @if a.required { " · " (page.t("ops-attr-required")) } @if a.sales { " · " (page.t("ops-attr-sales")) } }
            } }
            details {
                summary { (page.t("ops-attr-library")) }
                p { @for a in &library { code { (a.key) } " " } }
            }
        }
        section .card {
            h2 { (page.t("ops-category-add-child")) }
            form method="post" action={ "/ops/categories/" (id) "/children" } novalidate {
                (csrf_field(page))
                div .field { label for="slug" { (page.t("ops-category-slug")) } input #slug name="slug" type="text"; @if let Some(e) = errors.field("slug") { p .field-error { (e) } } }
                div .field { label for="en" { (page.t("ops-category-name-en")) } input #en name="en" type="text"; @if let Some(e) = errors.field("names.en") { p .field-error { (e) } } }
                button type="submit" { (page.t("ops-category-create")) }
            }
        }
        h1 .visually-hidden { (title) }
    };
    Ok(layout::ops_shell(page, "categories", &title, content))
}

pub async fn edit(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CategoryId>,
) -> Result<Response, WebError> {
    if let Err(r) = operator(&page) {
        return Ok(*r);
    }
    Ok(edit_page(&state, &page, id, &FormErrors::default())
        .await?
        .into_response())
}

async fn after(
    state: &WebState,
    page: &Page,
    id: CategoryId,
    result: shopdeck_app::Result<()>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(redirect(&format!("/ops/categories/{id}"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let errors = FormErrors::from_app(page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                edit_page(state, page, id, &errors).await?,
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

pub async fn rename(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CategoryId>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let op = match operator(&page) {
        Ok(o) => o,
        Err(r) => return Ok(*r),
    };
    let names: HashMap<Locale, String> = f
        .iter()
        .filter_map(|(k, v)| {
            Locale::from_tag(k)
                .filter(|l| l.tag() == k)
                .map(|l| (l, v.clone()))
        })
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    let result = catalog::rename_category(&state.app, &op, id, &names).await;
    after(&state, &page, id, result).await
}

#[derive(serde::Deserialize)]
pub struct AttributesForm {
    #[serde(default)]
    attributes: String,
}

pub async fn set_attributes(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CategoryId>,
    CsrfForm(f): CsrfForm<AttributesForm>,
) -> Result<Response, WebError> {
    let op = match operator(&page) {
        Ok(o) => o,
        Err(r) => return Ok(*r),
    };
    let attrs = catalog::parse_declarations(&f.attributes);
    let result = catalog::set_category_attributes(&state.app, &op, id, &attrs)
        .await
        .map_err(|e| match e {
            AppError::Validation(_) => AppError::invalid(
                "attributes",
                "attribute-invalid",
                "Use keys from the library, each once",
            ),
            other => other,
        });
    after(&state, &page, id, result).await
}

#[derive(serde::Deserialize)]
pub struct ChildForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    en: String,
}

pub async fn add_child(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<CategoryId>,
    CsrfForm(f): CsrfForm<ChildForm>,
) -> Result<Response, WebError> {
    let op = match operator(&page) {
        Ok(o) => o,
        Err(r) => return Ok(*r),
    };
    let names = HashMap::from([(Locale::En, f.en.clone())]);
    match catalog::create_category(&state.app, &op, Some(id), &f.slug, &names).await {
        Ok(child) => Ok(redirect(&format!("/ops/categories/{child}"))),
        Err(e) => after(&state, &page, id, Err(e)).await,
    }
}
