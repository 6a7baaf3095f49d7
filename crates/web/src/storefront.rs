//! The buyer storefront: home with new products, categories and shops, search, category and
//! shop pages, the product page, and the cart. Buyers see the approved version of a product,
//! in their language when the seller wrote (or had translated) that edition.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use shopdeck_app::catalog::{self, CategoryNode};
use shopdeck_app::products::{self, ShopCard, ShopPage};
use shopdeck_app::storefront;
use shopdeck_domain::Country;
use shopdeck_domain::ids::{ProductId, SellerId};

use crate::WebState;
use crate::buy_box::{BuyForm, buy_box};
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::FormErrors;
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

/// Products per storefront page.
const PER_PAGE: i64 = 24;

#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    q: String,
    /// Where the page starts: the cursor of the "more" link before it.
    cursor: Option<String>,
    page: Option<i64>,
}

impl PageQuery {
    /// The list the query asks for, `PER_PAGE` products from its cursor or numbered page.
    fn browse<'a>(&'a self, page: &Page) -> products::Browse<'a> {
        products::Browse {
            locale: page.locale(),
            cursor: self.cursor.as_deref(),
            page: self.page,
            per_page: Some(PER_PAGE),
            ..Default::default()
        }
    }
}

/// A product tile: picture, title, price, shop.
fn product_card(page: &Page, p: &ShopCard) -> Markup {
    html! {
        li .product-card {
            a href={ "/p/" (p.id) } lang=(p.locale) {
                @match &p.image {
                    Some(img) => img src=(img.thumb_url) alt="" width="240" height="240" loading="lazy";,
                    None => span .thumb .no-image aria-hidden="true" {},
                }
                span .product-card-title { bdi { (p.title) } }
            }
            span .product-card-price { (page.price_range(&p.min_price, &p.max_price)) }
            span .product-card-shop .muted { (p.store_name) }
            @if !p.in_stock { span .badge .stock-out { (page.t("store-sold-out")) } }
        }
    }
}

/// A grid of products with a "more" link when the page is full.
fn product_grid(page: &Page, items: &[ShopCard], next: Option<String>) -> Markup {
    html! {
        @if items.is_empty() {
            p .notice role="status" { (page.t("store-no-products")) }
        } @else {
            ul .product-grid role="list" { @for p in items { (product_card(page, p)) } }
            @if let Some(href) = next { p .pager { a href=(href) rel="next" { (page.t("store-more")) } } }
        }
    }
}

/// The "more" link after a page: the same list from the page's cursor.
fn next_href(base: &str, list: &ShopPage) -> Option<String> {
    list.next_cursor.as_ref().map(|c| {
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}cursor={c}")
    })
}

pub async fn home(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let err = |e| WebError::from_app(e, page.locale());
    let tree = catalog::category_tree(&state.app, page.locale())
        .await
        .map_err(err)?;
    let shops = storefront::list_public_shops(&state.app, 50)
        .await
        .map_err(err)?;
    let newest = products::browse(&state.app, &PageQuery::default().browse(&page))
        .await
        .map_err(err)?
        .items;
    let title = page.t("app-name");
    let media = crate::media_pages::home_section(&state, &page).await;
    let content = html! {
        section .hero { h1 { (title) } p .lead { (page.t("store-tagline")) } }
        (media)
        section #new-products {
            h2 { (page.t("store-new-products")) }
            (product_grid(&page, &newest, None))
        }
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

pub async fn search(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let query: String = q.q.trim().chars().take(200).collect();
    let list = if query.is_empty() {
        ShopPage::default()
    } else {
        let browse = products::Browse {
            query: Some(&query),
            ..q.browse(&page)
        };
        products::browse(&state.app, &browse)
            .await
            .map_err(|e| WebError::from_app(e, page.locale()))?
    };
    let title = page.ta("store-search-results", &[("query", &query)]);
    let base = format!("/search?q={}", crate::layout::urlencode(&query));
    let content = html! {
        h1 { (title) }
        (product_grid(&page, &list.items, next_href(&base, &list)))
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

pub async fn category(
    State(state): State<WebState>,
    page: Page,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
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
    let browse = products::Browse {
        category: Some(node.id),
        ..q.browse(&page)
    };
    let list = products::browse(&state.app, &browse)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let base = format!("/c/{}", node.slug);
    let content = html! {
        h1 { (node.name) }
        @if !node.children.is_empty() {
            nav aria-label=(page.t("store-categories")) { (category_list(&node.children)) }
        }
        (product_grid(&page, &list.items, next_href(&base, &list)))
    };
    Ok(layout::store_shell(&page, &node.name, content).into_response())
}

pub async fn shop(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<SellerId>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let shop = storefront::public_shop(&state.app, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let browse = products::Browse {
        seller: Some(id),
        ..q.browse(&page)
    };
    let list = products::browse(&state.app, &browse)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let base = format!("/shop/{id}");
    let media = crate::media_pages::shop_section(&state, &page, id).await;
    let brand = storefront::shop_branding(&state.app, id)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let content = html! {
        @if let Some(banner) = &brand.banner_url {
            img .shop-banner src=(banner) alt="" width="1200" height="300";
        }
        section .hero .shop-hero {
            @if let Some(logo) = &brand.logo_url {
                img .shop-logo src=(logo) alt=(page.ta("cat-shop-logo", &[("shop", &shop.store_name)])) width="96" height="96";
            }
            div {
                h1 { (shop.store_name) }
                p .muted { (page.ta("store-shop-country", &[("country", &country_name(&shop.country))])) }
                @if !brand.description.is_empty() { p .shop-description dir="auto" { (brand.description) } }
            }
        }
        (media)
        (product_grid(&page, &list.items, next_href(&base, &list)))
    };
    Ok(layout::store_shell(&page, &shop.store_name, content).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ProductQuery {
    /// The video (`vid_…`) or live session (`liv_…`) the buyer came from.
    src: Option<String>,
}

/// `GET /p/{id}`: a product on sale, in the buyer's language, with its buy box.
pub async fn product(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
    Query(q): Query<ProductQuery>,
) -> Result<Response, WebError> {
    let form = BuyForm::new(q.src.as_deref());
    Ok(
        product_page(&state, &page, id, &form, &FormErrors::default())
            .await?
            .into_response(),
    )
}

/// The product page; `form` and `errors` are what the buy box shows (after a refused try).
pub(crate) async fn product_page(
    state: &WebState,
    page: &Page,
    id: ProductId,
    form: &BuyForm,
    errors: &FormErrors,
) -> Result<Markup, WebError> {
    let p = products::on_sale(&state.app, id, page.locale())
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let attrs = catalog::attributes_for(&state.app, p.category_id, page.locale())
        .await
        .unwrap_or_default();
    let name = |k: &str| {
        attrs
            .iter()
            .find(|a| a.key == k)
            .map_or_else(|| k.to_owned(), |a| a.name.clone())
    };
    let locale = page.locale();
    let main = p.images.first();
    let content = html! {
        article .product-page lang=(p.locale) {
            div .gallery {
                @if let Some(img) = main {
                    img .main-image src=(img.display_url) alt=(p.title) width=(img.width.min(1200)) height=(img.height.min(1200));
                }
                @if p.images.len() > 1 {
                    ul .image-strip role="list" {
                        @for (i, img) in p.images.iter().enumerate() {
                            li { a href=(img.display_url) { img src=(img.thumb_url) alt=(page.ta("store-image-n", &[("n", &(i + 1).to_string())])) width="96" height="96" loading="lazy"; } }
                        }
                    }
                }
            }
            div .product-info {
                h1 { bdi { (p.title) } }
                p .price { (page.price_range(&p.min_price, &p.max_price)) }
                p { (page.t("store-sold-by")) " " a href={ "/shop/" (p.seller_id) } { (p.store_name) } }
                p .availability {
                    @if p.in_stock { (page.t("store-in-stock")) } @else { strong { (page.t("store-sold-out")) } }
                    " · " (page.ta("store-ships-within", &[("days", &p.handling_days.to_string())]))
                }
                (buy_box(page, &p, form, errors))
            }
            section .description {
                h2 { (page.t("store-description")) }
                div { (PreEscaped(shopdeck_files::html::render_description(&p.description))) }
            }
            @if p.brand.is_some() || !p.attributes.is_empty() {
                section {
                    h2 { (page.t("store-specifications")) }
                    dl .facts {
                        @if let Some(b) = p.brand.as_ref().or(p.attributes.get("brand")) { dt { (page.t("product-field-brand")) } dd { (b) } }
                        @for (k, v) in p.attributes.iter().filter(|(k, _)| k.as_str() != "brand") { dt { (name(k)) } dd { (catalog::value_name(locale, k, v)) } }
                    }
                }
            }
        }
    };
    Ok(layout::store_shell(page, &p.title, content))
}
