//! The buyer storefront: home with categories and shops, search, category and shop pages,
//! and the cart. Products arrive with the catalogue; until then the lists say so.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::catalog::{self, CategoryNode};
use shopdeck_app::storefront;
use shopdeck_domain::Country;
use shopdeck_domain::ids::SellerId;

use crate::WebState;
use crate::error::WebError;
use crate::layout;
use crate::page::Page;

fn category_list(nodes: &[CategoryNode]) -> Markup {
    html! {
        ul .category-tree role="list" {
            @for n in nodes {
                li {
                    a href={ "/c/" (n.slug) } { (n.name) }
                    @if !n.children.is_empty() { (category_list(&n.children)) }
                }
            }
        }
    }
}

fn country_name(code: &str) -> String {
    Country::by_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

pub async fn home(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let err = |e| WebError::from_app(e, page.locale());
    let tree = catalog::category_tree(&state.app, page.locale())
        .await
        .map_err(err)?;
    let shops = storefront::list_public_shops(&state.app, 50)
        .await
        .map_err(err)?;
    let title = page.t("app-name");
    let content = html! {
        section .hero { h1 { (title) } p .lead { (page.t("store-tagline")) } }
        div .columns {
            section {
                h2 { (page.t("store-categories")) }
                nav aria-label=(page.t("store-categories")) {
                    ul .category-tiles role="list" {
                        @for n in &tree { li { a href={ "/c/" (n.slug) } { (n.name) } } }
                    }
                }
            }
            section {
                h2 { (page.t("store-shops")) }
                ul .shop-list role="list" {
                    @for s in &shops {
                        li .card {
                            a href={ "/shop/" (s.id) } { strong { (s.store_name) } }
                            p .muted { (page.ta("store-shop-country", &[("country", &country_name(&s.country))])) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(page: Page, Query(q): Query<SearchQuery>) -> Response {
    let query = q.q.trim();
    let title = page.ta("store-search-results", &[("query", query)]);
    let content = html! {
        h1 { (title) }
        p .notice role="status" { (page.t("store-no-products")) }
    };
    layout::store_shell(&page, &title, content).into_response()
}

pub async fn category(
    State(state): State<WebState>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let tree = catalog::category_tree(&state.app, page.locale())
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    fn find<'a>(nodes: &'a [CategoryNode], slug: &str) -> Option<&'a CategoryNode> {
        nodes.iter().find_map(|n| {
            (n.slug == slug)
                .then_some(n)
                .or_else(|| find(&n.children, slug))
        })
    }
    let Some(node) = find(&tree, &slug) else {
        return Err(WebError::NotFound(page.locale()));
    };
    let content = html! {
        h1 { (node.name) }
        @if !node.children.is_empty() { (category_list(&node.children)) }
        p .notice role="status" { (page.t("store-no-products")) }
    };
    Ok(layout::store_shell(&page, &node.name, content).into_response())
}

pub async fn shop(
    State(state): State<WebState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<SellerId>() else {
        return Err(WebError::NotFound(page.locale()));
    };
    let shop = storefront::public_shop(&state.app, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let content = html! {
        section .hero {
            h1 { (shop.store_name) }
            p .muted { (page.ta("store-shop-country", &[("country", &country_name(&shop.country))])) }
        }
        p .notice role="status" { (page.t("store-no-products")) }
    };
    Ok(layout::store_shell(&page, &shop.store_name, content).into_response())
}

pub async fn cart(page: Page) -> Response {
    let title = page.t("store-cart");
    let content = html! {
        h1 { (title) }
        p .notice role="status" { (page.t("store-cart-empty")) }
    };
    layout::store_shell(&page, &title, content).into_response()
}
