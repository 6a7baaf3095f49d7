//! Seller Center › Products: the list with search, filters and batch actions; one form to
//! create and edit a product (images upload in the same multipart submit); the product page
//! with the review outcome, stock per warehouse, prices and stock movements; warehouses. Also
//! `/media/{id}/{size}`, which serves product images to everyone.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::catalog::{self, EffectiveAttribute, LeafMatch};
use shopdeck_app::inventory;
use shopdeck_app::products::{
    self, EditionInput, ListPage, ListQuery, PriceInput, ProductInput, ProductView, SellerAction,
    SkuInput, StockInput,
};
use shopdeck_app::{AppError, FieldError, Refusal};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{ImageId, ProductId, SkuId};
use shopdeck_domain::products::{AuditStatus, ProductStatus};
use shopdeck_domain::roles::Access;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error, refusal_text};
use crate::layout;
use crate::page::{Page, redirect};
use crate::product_parts::{
    attributes_facts, audit_badge, category_attributes, editions_sections, field_label,
    findings_list, grade_badge, image_gallery, locale_name, quality_card, review_history,
    split_index, status_badge, variant_text,
};
use crate::reply::{Out, Reply};
use crate::seller_parts::PRODUCTS;

/// The product form takes several images at once: up to the server's hard upload cap.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(12 * 1024 * 1024)
}

// ---------------------------------------------------------------------------------------
// Access (what other pages share lives in `product_parts` and `reply`)

fn not_found(page: &Page) -> Reply {
    WebError::NotFound(page.locale()).into()
}

fn shop_currency(page: &Page) -> String {
    page.user
        .as_ref()
        .and_then(|u| u.seller.as_ref())
        .map(|m| m.seller.currency.code().to_owned())
        .unwrap_or_default()
}

/// `GET /media/{id}/{size}`: a product image rendition, cached for good (ids never change).
pub async fn media(
    State(state): State<WebState>,
    headers: axum::http::HeaderMap,
    WebPath((id, size)): WebPath<(ImageId, String)>,
) -> Response {
    match products::image_file(&state.app, id, &size).await {
        Ok((bytes, mime)) => (
            [
                (CONTENT_TYPE, mime),
                (CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::NotFound(_)) => crate::error::not_found_page(&headers),
        Err(e) => WebError::from_app(e, crate::page::choose_locale(&headers)).into_response(),
    }
}

// ---------------------------------------------------------------------------------------
// List

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ListParams {
    q: Option<String>,
    status: Option<String>,
    category_id: Option<String>,
    stock: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
    notice: Option<String>,
}

impl ListParams {
    fn query(&self) -> ListQuery {
        let some = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
        ListQuery {
            q: some(&self.q),
            status: some(&self.status),
            category_id: some(&self.category_id),
            stock: some(&self.stock),
            sort: some(&self.sort),
            cursor: some(&self.cursor),
            ..ListQuery::default()
        }
    }

    /// This list's address with some parameters changed (`None` drops one).
    fn href(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("category_id", &self.category_id),
            ("stock", &self.stock),
            ("sort", &self.sort),
        ] {
            if changes.iter().any(|(c, _)| *c == k) {
                continue;
            }
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_owned()));
            }
        }
        for (k, v) in changes {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_owned()));
            }
        }
        let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if q.is_empty() {
            "/seller/products".to_owned()
        } else {
            format!("/seller/products?{q}")
        }
    }
}

const STATUS_TABS: [ProductStatus; 7] = [
    ProductStatus::Live,
    ProductStatus::Pending,
    ProductStatus::Failed,
    ProductStatus::Draft,
    ProductStatus::SellerDeactivated,
    ProductStatus::PlatformDeactivated,
    ProductStatus::Deleted,
];

/// Leaf categories for pickers, grouped under their top-level category.
fn leaf_options(leaves: &[LeafMatch], selected: &str) -> Markup {
    let mut groups: Vec<(&str, Vec<&LeafMatch>)> = Vec::new();
    for l in leaves {
        let top = l.path.first().map(String::as_str).unwrap_or("");
        match groups.iter_mut().find(|(t, _)| *t == top) {
            Some((_, v)) => v.push(l),
            None => groups.push((top, vec![l])),
        }
    }
    html! {
        @for (top, items) in &groups {
            optgroup label=(top) {
                @for l in items {
                    option value=(l.id) selected[l.id.to_string() == selected] {
                        (l.path.iter().skip(1).cloned().collect::<Vec<_>>().join(" › "))
                    }
                }
            }
        }
    }
}

async fn all_leaves(state: &WebState, page: &Page) -> Result<Vec<LeafMatch>, Reply> {
    catalog::search_leaves(&state.app, page.locale(), "", 5000)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))
}

struct BatchOutcome {
    action: SellerAction,
    rows: Vec<(String, String, bool, String)>,
}

#[expect(clippy::too_many_arguments, reason = "one page and everything on it")]
fn list_page(
    page: &Page,
    a: &SellerActor,
    p: &ListParams,
    list: Option<&ListPage>,
    leaves: &[LeafMatch],
    errors: &FormErrors,
    batch: Option<&BatchOutcome>,
    notice: Option<String>,
) -> Markup {
    let counts = list.map(|l| l.counts.clone()).unwrap_or_default();
    let count = |s: &str| counts.get(s).copied().unwrap_or(0);
    let all: i64 = counts
        .iter()
        .filter(|(k, _)| k.as_str() != "DELETED")
        .map(|(_, n)| n)
        .sum();
    let current = p.status.as_deref().unwrap_or("");
    let editable = PRODUCTS.can_edit(a);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        div .toolbar {
            @if editable { a .button .primary-link href="/seller/products/new" { (page.t("products-add")) } }
            a .button href="/seller/products/warehouses" { (page.t("warehouses-title")) }
            a .button href="/seller/products/bulk" { (page.t("bulk-link")) }
        }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        @if let Some(b) = batch {
            section .card #batch-results aria-live="polite" {
                h2 { (page.t("products-batch-results")) }
                ul .batch-results {
                    @for (id, title, ok, text) in &b.rows {
                        li class=(if *ok { "ok" } else { "failed" }) {
                            @if id.starts_with("prd_") { a href={ "/seller/products/" (id) } { bdi { (title) } } } @else { bdi { (title) } }
                            " — "
                            @if *ok { (page.t(&format!("products-batch-done-{}", action_name(b.action)))) ": " (text) }
                            @else { strong { (page.t("products-batch-failed")) } ": " (text) }
                        }
                    }
                }
            }
        }
        nav .tabs aria-label=(page.t("products-status-tabs")) {
            a href=(p.href(&[("status", None), ("cursor", None)])) aria-current=[current.is_empty().then_some("page")] {
                (page.t("products-tab-all")) " (" (all) ")"
            }
            @for s in STATUS_TABS {
                a href=(p.href(&[("status", Some(s.as_str())), ("cursor", None)])) aria-current=[(current == s.as_str()).then_some("page")] {
                    bdi { (page.t(&format!("product-status-{}", s.as_str()))) } " (" (count(s.as_str())) ")"
                }
            }
        }
        form .filters method="get" action="/seller/products" role="search" {
            @if !current.is_empty() { input type="hidden" name="status" value=(current); }
            div .field {
                label for="q" { (page.t("products-search")) }
                input #q type="search" name="q" value=(opt(&p.q)) placeholder=(page.t("products-search-placeholder"));
                @if let Some(e) = errors.field("q") { p .field-error { (e) } }
            }
            div .field {
                label for="filter-category" { (page.t("product-field-category")) }
                select #filter-category name="category_id" {
                    option value="" { (page.t("products-any")) }
                    (leaf_options(leaves, &opt(&p.category_id)))
                }
            }
            div .field {
                label for="filter-stock" { (page.t("products-stock-filter")) }
                select #filter-stock name="stock" {
                    option value="" { (page.t("products-any")) }
                    @for s in ["in_stock", "low", "out"] {
                        option value=(s) selected[p.stock.as_deref() == Some(s)] { (page.t(&format!("products-stock-{s}"))) }
                    }
                }
            }
            div .field {
                label for="sort" { (page.t("products-sort")) }
                select #sort name="sort" {
                    @for s in ["updated", "created", "title", "price_asc", "price_desc", "stock"] {
                        option value=(s) selected[p.sort.as_deref().unwrap_or("updated") == s] { (page.t(&format!("products-sort-{}", s.replace('_', "-")))) }
                    }
                }
            }
            div .field .filters-submit { button type="submit" { (page.t("products-filter-apply")) } }
        }
        @match list {
            Some(l) if !l.items.is_empty() => {
                form method="post" action="/seller/products/batch" {
                    (csrf_field(page))
                    input type="hidden" name="back" value=(p.href(&[]));
                    @if editable {
                        div .batch-bar {
                            span .muted { (page.t("products-batch-selected")) }
                            @for act in ["activate", "deactivate", "delete", "recover"] {
                                button type="submit" name="action" value=(act) { (page.t(&format!("product-action-{act}"))) }
                            }
                        }
                    }
                    div .table-wrap { table .products {
                        thead { tr {
                            @if editable { th scope="col" { span .visually-hidden { (page.t("products-select")) } } }
                            th scope="col" { (page.t("products-col-product")) }
                            th scope="col" { (page.t("products-col-price")) }
                            th scope="col" { (page.t("products-col-stock")) }
                            th scope="col" { (page.t("products-col-quality")) }
                            th scope="col" { (page.t("products-col-status")) }
                            th scope="col" { (page.t("products-col-updated")) }
                        } }
                        tbody {
                            @for it in &l.items {
                                tr {
                                    @if editable {
                                        td { input type="checkbox" name="ids" value=(it.id) id={ "sel-" (it.id) } aria-label=(page.ta("products-select-one", &[("title", &it.title)])); }
                                    }
                                    td .product-cell {
                                        @match &it.thumb_url {
                                            Some(u) => img .thumb src=(u) alt="" width="56" height="56" loading="lazy";,
                                            None => span .thumb .no-image aria-hidden="true" {},
                                        }
                                        div {
                                            a href={ "/seller/products/" (it.id) } { bdi { (if it.title.is_empty() { page.t("product-untitled") } else { it.title.clone() }) } }
                                            @if !it.seller_skus.is_empty() { br; span .muted .small { (page.ta("products-skus-list", &[("skus", &it.seller_skus.join(", "))])) } }
                                        }
                                    }
                                    td { (page.price_range(&it.min_price, &it.max_price)) }
                                    td {
                                        (it.available)
                                        @if it.out_of_stock_skus > 0 { " " span .badge .stock-out { (page.ta("products-out-skus", &[("n", &it.out_of_stock_skus.to_string())])) } }
                                        @else if it.low_stock_skus > 0 { " " span .badge .stock-low { (page.ta("products-low-skus", &[("n", &it.low_stock_skus.to_string())])) } }
                                    }
                                    td { (grade_badge(page, it.quality_grade)) }
                                    td { (status_badge(page, it.status)) " " (audit_badge(page, it.audit_status)) }
                                    td { (page.time(it.updated_at)) }
                                }
                            }
                        }
                    } }
                }
                @if let Some(c) = &l.next_cursor {
                    p .pager { a href=(p.href(&[("cursor", Some(c))])) rel="next" { (page.t("products-next-page")) } }
                }
            }
            Some(_) => {
                p .notice {
                    (page.t("products-empty")) " "
                    @if editable { a href="/seller/products/new" { (page.t("products-add")) } }
                }
            }
            None => {}
        }
    }
}

fn action_name(a: SellerAction) -> &'static str {
    match a {
        SellerAction::Activate => "activate",
        SellerAction::Deactivate => "deactivate",
        SellerAction::Delete => "delete",
        SellerAction::Recover => "recover",
    }
}

fn list_notice(page: &Page, n: Option<&str>) -> Option<String> {
    match n {
        Some("deleted") => Some(page.t("product-notice-deleted")),
        _ => None,
    }
}

pub async fn list(State(state): State<WebState>, page: Page, Query(p): Query<ListParams>) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    render_list(&state, &page, &a, &p, None, StatusCode::OK).await
}

async fn render_list(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    p: &ListParams,
    batch: Option<&BatchOutcome>,
    status: StatusCode,
) -> Out {
    let leaves = all_leaves(state, page).await?;
    let (list, errors) = match products::list(&state.app, a, &p.query()).await {
        Ok(l) => (Some(l), FormErrors::default()),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app(page, e).map_err(Reply::from)?;
            // Show the shop's counts and a message rather than an error page.
            let fallback = products::list(&state.app, a, &ListQuery::default())
                .await
                .map_err(|e| PRODUCTS.fail(page, e))?;
            let mut form = errors;
            if form.form.is_none() {
                form.form = form.fields.values().next().cloned();
            }
            (
                Some(ListPage {
                    items: Vec::new(),
                    next_cursor: None,
                    counts: fallback.counts,
                }),
                form,
            )
        }
        Err(e) => return Err(PRODUCTS.fail(page, e)),
    };
    let title = page.t("nav-products");
    let content = list_page(
        page,
        a,
        p,
        list.as_ref(),
        &leaves,
        &errors,
        batch,
        list_notice(page, p.notice.as_deref()),
    );
    Ok(layout::seller_reply(
        page, status, "products", &title, content,
    ))
}

/// `POST /seller/products/batch`: one action on the ticked products, with a result per item.
pub async fn batch(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let back = get("back")
        .filter(|b| b.starts_with("/seller/products"))
        .unwrap_or("/seller/products");
    let params: ListParams = back
        .split_once('?')
        .and_then(|(_, q)| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let Some(action) = get("action").and_then(SellerAction::parse) else {
        return Err(WebError::BadRequest.into());
    };
    let ids: Vec<String> = f
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| v.clone())
        .collect();
    match products::batch(&state.app, &a, action, &ids).await {
        Ok(results) => {
            let mut rows = Vec::new();
            for r in results {
                let title = match r.id.parse::<ProductId>() {
                    Ok(id) => products::get(&state.app, &a, id)
                        .await
                        .map(|v| v.title)
                        .unwrap_or_else(|_| r.id.clone()),
                    Err(_) => r.id.clone(),
                };
                let text = match (r.status, r.code.as_deref().and_then(Refusal::parse)) {
                    (Some(s), _) => page.t(&format!("product-status-{}", s.as_str())),
                    (None, Some(code)) => refusal_text(&page, code),
                    (None, None) => page.t("product-batch-not-found"),
                };
                rows.push((r.id, title, r.ok, text));
            }
            let outcome = BatchOutcome { action, rows };
            render_list(&state, &page, &a, &params, Some(&outcome), StatusCode::OK).await
        }
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app(&page, e).map_err(Reply::from)?;
            let leaves = all_leaves(&state, &page).await?;
            let list = products::list(&state.app, &a, &params.query()).await.ok();
            let mut errors = errors;
            errors.form = Some(page.t("products-batch-none"));
            let content = list_page(
                &page,
                &a,
                &params,
                list.as_ref(),
                &leaves,
                &errors,
                None,
                None,
            );
            Ok(layout::seller_reply(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "products",
                &page.t("nav-products"),
                content,
            ))
        }
        Err(e) => Err(PRODUCTS.fail(&page, e)),
    }
}

// ---------------------------------------------------------------------------------------
// The product form

/// One language of the form: what the seller typed, as typed.
#[derive(Debug, Default, Clone)]
struct EditionState {
    locale: String,
    title: String,
    description: String,
    generated: bool,
    remove: bool,
}

#[derive(Debug, Default, Clone)]
struct SkuState {
    id: String,
    seller_sku: String,
    gtin: String,
    price: String,
    variant: BTreeMap<String, String>,
    stock: String,
    threshold: String,
    remove: bool,
}

impl SkuState {
    fn is_blank(&self) -> bool {
        self.id.trim().is_empty()
            && self.seller_sku.trim().is_empty()
            && self.gtin.trim().is_empty()
            && self.price.trim().is_empty()
            && self.stock.trim().is_empty()
            && self.threshold.trim().is_empty()
            && self.variant.values().all(|v| v.trim().is_empty())
    }
}

/// Everything on the form, as text, so it can be shown again exactly as submitted.
#[derive(Debug, Default, Clone)]
struct FormState {
    category_id: String,
    source_locale: String,
    editions: Vec<EditionState>,
    brand: String,
    attributes: BTreeMap<String, String>,
    sales_attributes: Vec<String>,
    skus: Vec<SkuState>,
    images: Vec<String>,
    video_url: String,
    weight_grams: String,
    length_mm: String,
    width_mm: String,
    height_mm: String,
    handling_days: String,
    version: Option<i64>,
    /// Blank SKU rows to offer below the filled ones.
    extra_rows: usize,
}

/// The most rows of one kind the form accepts.
const MAX_ROWS: usize = 120;

impl FormState {
    fn blank(page: &Page, category_id: String) -> FormState {
        let tag = page.locale().tag().to_owned();
        FormState {
            category_id,
            source_locale: tag.clone(),
            editions: vec![EditionState {
                locale: tag,
                ..EditionState::default()
            }],
            handling_days: "3".into(),
            extra_rows: 1,
            ..FormState::default()
        }
    }

    fn from_view(v: &ProductView, default_warehouse: Option<&str>) -> FormState {
        let mut editions: Vec<EditionState> = v
            .editions
            .iter()
            .map(|e| EditionState {
                locale: e.locale.clone(),
                title: e.title.clone(),
                description: e.description.clone(),
                generated: e.generated,
                remove: false,
            })
            .collect();
        editions.sort_by_key(|e| e.locale != v.source_locale);
        let opt = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
        FormState {
            category_id: v.category_id.to_string(),
            source_locale: v.source_locale.clone(),
            editions,
            brand: v
                .brand
                .clone()
                .or_else(|| v.attributes.get(BRAND).cloned())
                .unwrap_or_default(),
            attributes: v.attributes.clone(),
            sales_attributes: v.sales_attributes.clone(),
            skus: v
                .skus
                .iter()
                .map(|s| SkuState {
                    id: s.id.to_string(),
                    seller_sku: s.seller_sku.clone(),
                    gtin: s.gtin.clone().unwrap_or_default(),
                    price: s.price.to_decimal_string(),
                    variant: s.variant.clone(),
                    stock: s
                        .stock
                        .iter()
                        .find(|l| Some(l.warehouse_id.as_str()) == default_warehouse)
                        .map(|l| l.on_hand.to_string())
                        .unwrap_or_default(),
                    threshold: opt(s.low_stock_threshold),
                    remove: false,
                })
                .collect(),
            images: v.images.iter().map(|i| i.id.to_string()).collect(),
            video_url: v.video_url.clone().unwrap_or_default(),
            weight_grams: opt(v.weight_grams),
            length_mm: opt(v.length_mm),
            width_mm: opt(v.width_mm),
            height_mm: opt(v.height_mm),
            handling_days: v.handling_days.to_string(),
            version: Some(v.version),
            extra_rows: 1,
        }
    }

    /// Reads the submitted fields; returns the state and what the seller pressed.
    fn from_fields(fields: &[(String, String)]) -> (FormState, String) {
        let mut s = FormState::default();
        let mut intent = String::new();
        let mut editions: BTreeMap<usize, EditionState> = BTreeMap::new();
        let mut skus: BTreeMap<usize, SkuState> = BTreeMap::new();
        let mut images: Vec<String> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        let mut positions: HashMap<String, i64> = HashMap::new();
        for (k, v) in fields {
            match k.as_str() {
                "category_id" => s.category_id = v.clone(),
                "source_locale" => s.source_locale = v.clone(),
                "brand" => s.brand = v.clone(),
                "video_url" => s.video_url = v.clone(),
                "weight_grams" => s.weight_grams = v.clone(),
                "length_mm" => s.length_mm = v.clone(),
                "width_mm" => s.width_mm = v.clone(),
                "height_mm" => s.height_mm = v.clone(),
                "handling_days" => s.handling_days = v.clone(),
                "version" => s.version = v.trim().parse().ok(),
                "extra_rows" => s.extra_rows = v.trim().parse::<usize>().unwrap_or(1).min(20),
                "intent" => intent = v.clone(),
                "sales_attributes" => {
                    if !s.sales_attributes.contains(v) && s.sales_attributes.len() < 10 {
                        s.sales_attributes.push(v.clone());
                    }
                }
                "image_ids" => {
                    if images.len() < 50 && !v.trim().is_empty() {
                        images.push(v.trim().to_owned());
                    }
                }
                "remove_image" => removed.push(v.clone()),
                _ => {
                    if let Some(key) = k.strip_prefix("attributes.") {
                        s.attributes.insert(key.to_owned(), v.clone());
                    } else if let Some(id) = k.strip_prefix("image_pos.") {
                        if let Ok(n) = v.trim().parse() {
                            positions.insert(id.to_owned(), n);
                        }
                    } else if let Some((i, what)) = split_index(k, "editions") {
                        if i >= MAX_ROWS {
                            continue;
                        }
                        let e = editions.entry(i).or_default();
                        match what {
                            "locale" => e.locale = v.clone(),
                            "title" => e.title = v.clone(),
                            "description" => e.description = v.clone(),
                            "generated" => e.generated = v == "1",
                            "remove" => e.remove = v == "1",
                            _ => {}
                        }
                    } else if let Some((i, what)) = split_index(k, "skus") {
                        if i >= MAX_ROWS {
                            continue;
                        }
                        let r = skus.entry(i).or_default();
                        match what {
                            "id" => r.id = v.clone(),
                            "seller_sku" => r.seller_sku = v.clone(),
                            "gtin" => r.gtin = v.clone(),
                            "price" => r.price = v.clone(),
                            "stock" => r.stock = v.clone(),
                            "low_stock_threshold" => r.threshold = v.clone(),
                            "remove" => r.remove = v == "1",
                            other => {
                                if let Some(key) = other.strip_prefix("variant.") {
                                    r.variant.insert(key.to_owned(), v.clone());
                                }
                            }
                        }
                    }
                }
            }
        }
        // Images in the order asked for (by position number, then as listed), removed ones out.
        let mut ordered: Vec<(usize, String)> = images
            .into_iter()
            .filter(|id| !removed.contains(id))
            .enumerate()
            .collect();
        ordered.sort_by_key(|(i, id)| (positions.get(id).copied().unwrap_or(*i as i64 + 1), *i));
        s.images = ordered.into_iter().map(|(_, id)| id).collect();
        s.images.dedup();
        s.editions = editions.into_values().collect();
        // Removed rows leave the form; blank rows are offered again as extra rows.
        s.skus = skus
            .into_values()
            .filter(|r| !r.remove && !r.is_blank())
            .collect();
        (s, intent)
    }
}

/// What the form becomes for the use-case, with where each input row came from (to put the
/// use-case's `skus[i]` messages beside the right row) and the errors found on the way.
struct Built {
    input: ProductInput,
    edition_rows: Vec<usize>,
    sku_rows: Vec<usize>,
    errors: Vec<FieldError>,
}

/// The category attribute the Brand field stands for.
const BRAND: &str = "brand";

fn build_input(s: &FormState) -> Built {
    let mut errors = Vec::new();
    let mut number = |field: &str, v: &str| -> Option<i64> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(
                    field,
                    "whole-number",
                    "Give a whole number",
                ));
                None
            }
        }
    };
    let mut edition_rows = Vec::new();
    let mut editions = Vec::new();
    for (row, e) in s.editions.iter().enumerate() {
        if e.remove || (e.title.trim().is_empty() && e.description.trim().is_empty()) {
            continue;
        }
        edition_rows.push(row);
        editions.push(EditionInput {
            locale: e.locale.clone(),
            title: e.title.clone(),
            description: e.description.clone(),
        });
    }
    let mut sku_rows = Vec::new();
    let mut skus = Vec::new();
    for (row, r) in s.skus.iter().enumerate() {
        if r.remove || r.is_blank() {
            continue;
        }
        let stock = number(&format!("skus[{row}].stock"), &r.stock).map(|q| {
            vec![StockInput {
                warehouse_id: None,
                quantity: q,
            }]
        });
        let threshold = number(&format!("skus[{row}].low_stock_threshold"), &r.threshold);
        sku_rows.push(row);
        skus.push(SkuInput {
            id: Some(r.id.trim().to_owned()).filter(|x| !x.is_empty()),
            seller_sku: r.seller_sku.clone(),
            gtin: Some(r.gtin.trim().to_owned()).filter(|x| !x.is_empty()),
            price: PriceInput::Text(r.price.trim().to_owned()),
            variant: r
                .variant
                .iter()
                .filter(|(k, v)| s.sales_attributes.contains(k) && !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            stock,
            low_stock_threshold: threshold,
        });
    }
    let text = |v: &str| Some(v.trim().to_owned()).filter(|x| !x.is_empty());
    let attributes: BTreeMap<String, String> = s
        .attributes
        .iter()
        .filter(|(k, v)| {
            !v.trim().is_empty() && !s.sales_attributes.contains(k) && k.as_str() != BRAND
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let input = ProductInput {
        category_id: s.category_id.clone(),
        source_locale: s.source_locale.clone(),
        editions,
        brand: text(&s.brand),
        attributes,
        sales_attributes: s.sales_attributes.clone(),
        skus,
        image_ids: s.images.clone(),
        video_url: text(&s.video_url),
        weight_grams: number("weight_grams", &s.weight_grams),
        length_mm: number("length_mm", &s.length_mm),
        width_mm: number("width_mm", &s.width_mm),
        height_mm: number("height_mm", &s.height_mm),
        handling_days: number("handling_days", &s.handling_days),
    };
    Built {
        input,
        edition_rows,
        sku_rows,
        errors,
    }
}

/// Renames the use-case's field names to the form's: input rows back to form rows, and
/// details the form shows in one place (stock per warehouse, image list, sales attributes).
fn form_field(field: &str, b: &Built) -> String {
    if let Some((i, what)) = split_index(field, "skus") {
        let row = b.sku_rows.get(i).copied().unwrap_or(i);
        let what = if what.starts_with("stock") {
            "stock"
        } else {
            what
        };
        return if what.is_empty() {
            format!("skus[{row}]")
        } else {
            format!("skus[{row}].{what}")
        };
    }
    if let Some((i, what)) = split_index(field, "editions") {
        let row = b.edition_rows.get(i).copied().unwrap_or(i);
        return if what.is_empty() {
            format!("editions[{row}]")
        } else {
            format!("editions[{row}].{what}")
        };
    }
    if field.starts_with("sales_attributes") {
        return "sales_attributes".into();
    }
    if field.starts_with("image_ids") || field == "file" {
        return "images".into();
    }
    if field == "attributes.brand" {
        return "brand".into();
    }
    field.to_owned()
}

fn remap(e: AppError, b: &Built) -> AppError {
    match e {
        AppError::Validation(fields) => AppError::Validation(
            fields
                .into_iter()
                .map(|f| FieldError::new(&form_field(&f.field, b), &f.code, f.message))
                .collect(),
        ),
        other => other,
    }
}

/// An HTML id for a field name (`skus[1].price` → `f-skus-1-price`).
fn fid(name: &str) -> String {
    let mut s = String::from("f-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_owned()
}

fn err_of<'a>(errors: &'a FormErrors, name: &str) -> Option<&'a String> {
    errors.field(name)
}

/// A stock movement's reason: the system's in words, a seller's as they typed it.
fn stock_reason(page: &Page, reason: &str) -> String {
    match shopdeck_domain::orders::StockReason::parse(reason) {
        Some(r) => page.t(&format!("stock-reason-{}", r.as_str())),
        None => reason.to_owned(),
    }
}

fn field_error(errors: &FormErrors, name: &str) -> Markup {
    html! { @if let Some(e) = err_of(errors, name) { p .field-error id={ (fid(name)) "-error" } { (e) } } }
}

fn text_field(
    errors: &FormErrors,
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
) -> Markup {
    let err = err_of(errors, name);
    html! {
        div .field {
            label for=(fid(name)) { (label) }
            @if let Some(h) = hint { p .hint { (h) } }
            input id=(fid(name)) name=(name) type="text" value=(value)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| format!("{}-error", fid(name)))];
            (field_error(errors, name))
        }
    }
}

fn number_field(errors: &FormErrors, name: &str, label: &str, value: &str) -> Markup {
    let err = err_of(errors, name);
    html! {
        div .field .narrow-field {
            label for=(fid(name)) { (label) }
            input id=(fid(name)) name=(name) type="text" inputmode="numeric" value=(value)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| format!("{}-error", fid(name)))];
            (field_error(errors, name))
        }
    }
}

fn locale_select(name: &str, selected: &str, invalid: bool) -> Markup {
    html! {
        select id=(fid(name)) name=(name) aria-invalid=[invalid.then_some("true")] {
            @for l in Locale::ALL {
                option value=(l.tag()) selected[l.tag() == selected] lang=(l.tag()) { (l.native_name()) }
            }
        }
    }
}

/// An attribute's input: a list of values, or text.
fn attribute_input(
    page: &Page,
    name: &str,
    a: &EffectiveAttribute,
    value: &str,
    invalid: bool,
) -> Markup {
    html! {
        @if a.kind == "list" && !a.values.is_empty() {
            select id=(fid(name)) name=(name) aria-invalid=[invalid.then_some("true")] {
                option value="" { (page.t("product-choose")) }
                @for (v, shown) in a.values.iter().zip(&a.value_names) { option value=(v) selected[v.eq_ignore_ascii_case(value)] { (shown) } }
                @if !value.is_empty() && !a.values.iter().any(|v| v.eq_ignore_ascii_case(value)) {
                    option value=(value) selected { (value) }
                }
            }
        } @else {
            input id=(fid(name)) name=(name) type="text" value=(value)
                inputmode=[(a.kind == "number").then_some("decimal")]
                aria-invalid=[invalid.then_some("true")];
        }
    }
}

enum Mode {
    New,
    Edit(ProductId),
}

struct FormView<'a> {
    mode: Mode,
    state: &'a FormState,
    leaves: &'a [LeafMatch],
    attrs: &'a [EffectiveAttribute],
    currency: &'a str,
    warehouse: &'a str,
    errors: &'a FormErrors,
    view: Option<&'a ProductView>,
}

fn product_form(page: &Page, fv: &FormView<'_>) -> Markup {
    let s = fv.state;
    let errors = fv.errors;
    let action = match fv.mode {
        Mode::New => "/seller/products/new".to_owned(),
        Mode::Edit(id) => format!("/seller/products/{id}/edit"),
    };
    let sales: Vec<&EffectiveAttribute> = fv.attrs.iter().filter(|a| a.sales).collect();
    let plain: Vec<&EffectiveAttribute> = fv.attrs.iter().filter(|a| a.key != BRAND).collect();
    let brand_required = fv.attrs.iter().any(|a| a.key == BRAND && a.required);
    let used: Vec<&str> = s.editions.iter().map(|e| e.locale.as_str()).collect();
    let next_locale = Locale::ALL
        .into_iter()
        .find(|l| !used.contains(&l.tag()))
        .map(|l| l.tag());
    let sku_rows = s.skus.len() + s.extra_rows.max(if s.skus.is_empty() { 1 } else { 0 });
    let total_errors = errors.fields.len();
    html! {
        @if total_errors > 0 {
            div .form-error #form-errors role="alert" tabindex="-1" {
                p { strong { (page.ta("product-form-errors", &[("n", &total_errors.to_string())])) } }
                ul {
                    @for (field, msg) in sorted_errors(errors) {
                        li { a href={ "#" (fid(field)) } { (field_label(page, field, fv.attrs)) } ": " (msg) }
                    }
                }
            }
        }
        (form_error(errors))
        @if let Some(v) = fv.view {
            p { (status_badge(page, v.status)) " " (audit_badge(page, v.audit_status)) }
            @if v.has_published_version { p .hint { (page.t("product-edit-live-hint")) } }
        }
        form .product-form method="post" action=(action) enctype="multipart/form-data" novalidate
            data-brand-required=[brand_required.then(|| page.ta("cat-form-attribute-required", &[("attribute", &page.t("product-field-brand"))]))] {
            (csrf_field(page))
            @if let Some(v) = s.version { input type="hidden" name="version" value=(v); }
            input type="hidden" name="extra_rows" value=(s.extra_rows);

            section .card #section-category {
                h2 { (page.t("product-section-category")) }
                div .field {
                    label for="f-category_id" { (page.t("product-field-category")) }
                    p .hint { (page.t("product-category-hint")) }
                    input #category-filter type="search" hidden placeholder=(page.t("product-category-filter")) aria-label=(page.t("product-category-filter"));
                    select #f-category_id name="category_id" aria-invalid=[err_of(errors, "category_id").map(|_| "true")] {
                        option value="" { (page.t("product-choose")) }
                        (leaf_options(fv.leaves, &s.category_id))
                    }
                    (field_error(errors, "category_id"))
                    button type="submit" name="intent" value="refresh" .secondary { (page.t("product-category-apply")) }
                }
            }

            section .card #section-basic {
                h2 { (page.t("product-section-basic")) }
                div .field {
                    label for="f-source_locale" { (page.t("product-field-source-locale")) }
                    p .hint { (page.t("product-source-locale-hint")) }
                    (locale_select("source_locale", &s.source_locale, err_of(errors, "source_locale").is_some()))
                    (field_error(errors, "source_locale"))
                }
                (field_error(errors, "editions"))
                @for (i, e) in s.editions.iter().enumerate() {
                    (edition_fieldset(page, errors, i, e, e.locale == s.source_locale))
                }
                @if let Some(tag) = next_locale {
                    details .add-edition open[false] {
                        summary { (page.t("product-add-language")) }
                        (edition_fieldset(page, errors, s.editions.len(), &EditionState { locale: tag.to_owned(), ..EditionState::default() }, false))
                    }
                }
                (text_field(errors, "brand", &if brand_required { format!("{} {}", page.t("product-field-brand"), page.t("product-required")) } else { page.t("product-field-brand") }, &s.brand, Some(&page.t("product-brand-hint"))))
            }

            section .card #section-images {
                h2 { (page.t("product-section-images")) }
                p .hint { (page.t("product-images-hint")) }
                @if !s.images.is_empty() {
                    ol .image-edit role="list" {
                        @for (i, id) in s.images.iter().enumerate() {
                            li {
                                input type="hidden" name="image_ids" value=(id);
                                img src={ "/media/" (id) "/thumb" } alt=(page.ta("product-image-n", &[("n", &(i + 1).to_string())])) width="96" height="96";
                                label { (page.t("product-image-position")) " " input type="text" inputmode="numeric" size="2" name={ "image_pos." (id) } value=(i + 1); }
                                label .choice { input type="checkbox" name="remove_image" value=(id); " " (page.t("product-image-remove")) }
                                @if i == 0 { span .badge { (page.t("product-image-main")) } }
                            }
                        }
                    }
                }
                div .field {
                    label for="f-images" { (page.t("product-images-add")) }
                    input #f-images type="file" name="images" accept="image/jpeg,image/png,image/webp" multiple
                        aria-invalid=[err_of(errors, "images").map(|_| "true")];
                    (field_error(errors, "images"))
                }
                (text_field(errors, "video_url", &page.t("product-field-video"), &s.video_url, Some(&page.t("product-video-hint"))))
            }

            section .card #section-attributes {
                h2 { (page.t("product-section-attributes")) }
                @if fv.attrs.is_empty() {
                    p .muted { (page.t("product-attributes-pick-category")) }
                } @else if plain.is_empty() {
                    p .muted { (page.t("product-attributes-none")) }
                }
                div .grid-fields {
                    @for a in &plain {
                        @let name = format!("attributes.{}", a.key);
                        @let value = s.attributes.get(&a.key).cloned().unwrap_or_default();
                        div .field data-sales-fixed=[a.sales.then_some(a.key.as_str())]
                            data-required=[a.required.then(|| page.ta("cat-form-attribute-required", &[("attribute", &a.name)]))] {
                            label for=(fid(&name)) {
                                (a.name)
                                @if a.required { " " span .required { (page.t("product-required")) } }
                            }
                            @if a.sales { p .hint { (page.t("product-attribute-shared-hint")) } }
                            (attribute_input(page, &name, a, &value, err_of(errors, &name).is_some()))
                            (field_error(errors, &name))
                        }
                    }
                }
            }

            section .card #section-skus {
                h2 { (page.t("product-section-skus")) }
                @if !sales.is_empty() {
                    fieldset .field #f-sales_attributes {
                        legend { (page.t("product-field-sales-attributes")) }
                        p .hint { (page.t("product-sales-hint")) }
                        @for a in &sales {
                            label .choice {
                                input type="checkbox" name="sales_attributes" value=(a.key) checked[s.sales_attributes.contains(&a.key)];
                                " " (a.name)
                                @if a.required { " " span .required { (page.t("product-required")) } }
                            }
                        }
                        (field_error(errors, "sales_attributes"))
                        button type="submit" name="intent" value="refresh" .secondary { (page.t("product-sales-apply")) }
                    }
                }
                (field_error(errors, "skus"))
                @for a in &sales {
                    @if !a.values.is_empty() {
                        datalist id={ "values-" (a.key) } {
                            @for v in &a.value_names { option value=(v) {} }
                        }
                    }
                }
                div .table-wrap {
                    table .sku-table {
                        thead { tr {
                            th scope="col" { (page.t("sku-field-seller-sku")) }
                            th scope="col" { (page.t("sku-field-gtin")) }
                            th scope="col" { (page.ta("sku-field-price-in", &[("currency", fv.currency)])) }
                            @for a in &sales { th scope="col" data-sales=(a.key) { (a.name) } }
                            th scope="col" { (page.ta("sku-field-stock-in", &[("warehouse", fv.warehouse)])) }
                            th scope="col" { (page.t("sku-field-threshold")) }
                            th scope="col" { (page.t("sku-remove")) }
                        } }
                        tbody {
                            @for row in 0..sku_rows.min(MAX_ROWS) {
                                @let blank = SkuState::default();
                                @let r = s.skus.get(row).unwrap_or(&blank);
                                (sku_row(page, errors, row, r, &sales))
                            }
                        }
                    }
                }
                p .hint { (page.t("product-skus-hint")) }
                button type="submit" name="intent" value="more" .secondary { (page.t("product-add-sku-row")) }
            }

            section .card #section-shipping {
                h2 { (page.t("product-section-shipping")) }
                div .grid-fields {
                    (number_field(errors, "weight_grams", &page.t("product-field-weight"), &s.weight_grams))
                    (number_field(errors, "length_mm", &page.t("product-field-length"), &s.length_mm))
                    (number_field(errors, "width_mm", &page.t("product-field-width"), &s.width_mm))
                    (number_field(errors, "height_mm", &page.t("product-field-height"), &s.height_mm))
                    (number_field(errors, "handling_days", &page.t("product-field-handling"), &s.handling_days))
                }
            }

            div .form-actions {
                button type="submit" name="intent" value="draft" { (page.t("product-save-draft")) }
                button type="submit" name="intent" value="submit" .primary .auto { (page.t("product-submit")) }
            }
        }
        script src="/assets/product-form.js" defer {}
    }
}

fn sorted_errors(errors: &FormErrors) -> Vec<(&String, &String)> {
    let mut v: Vec<_> = errors.fields.iter().collect();
    v.sort();
    v
}

fn edition_fieldset(
    page: &Page,
    errors: &FormErrors,
    i: usize,
    e: &EditionState,
    is_source: bool,
) -> Markup {
    let p = |what: &str| format!("editions[{i}].{what}");
    html! {
        fieldset .edition-fields lang=(e.locale) {
            legend {
                (locale_name(&e.locale)) " "
                @if is_source { span .badge .badge-source { (page.t("product-edition-source")) } }
                @if e.generated { span .badge .badge-generated { (page.t("product-edition-generated")) } }
            }
            (field_error(errors, &format!("editions[{i}]")))
            @if e.generated { input type="hidden" name=(p("generated")) value="1"; }
            div .field {
                label for=(fid(&p("locale"))) { (page.t("product-field-language")) }
                (locale_select(&p("locale"), &e.locale, err_of(errors, &p("locale")).is_some()))
                (field_error(errors, &p("locale")))
            }
            (text_field(errors, &p("title"), &page.t("product-field-title"), &e.title, Some(&page.t("product-title-hint"))))
            div .field data-required-description=(page.t("cat-form-description-required")) {
                label for=(fid(&p("description"))) { (page.t("product-field-description")) }
                p .hint { (page.t("product-description-hint")) }
                textarea id=(fid(&p("description"))) name=(p("description")) rows="6"
                    aria-invalid=[err_of(errors, &p("description")).map(|_| "true")] { (e.description) }
                (field_error(errors, &p("description")))
            }
            @if !is_source && !e.title.is_empty() {
                label .choice { input type="checkbox" name=(p("remove")) value="1"; " " (page.t("product-edition-remove")) }
            }
        }
    }
}

fn sku_row(
    page: &Page,
    errors: &FormErrors,
    row: usize,
    r: &SkuState,
    sales: &[&EffectiveAttribute],
) -> Markup {
    let n = |what: &str| format!("skus[{row}].{what}");
    let label = |what: &str| {
        format!(
            "{} · {}",
            page.ta("sku-n", &[("n", &(row + 1).to_string())]),
            what
        )
    };
    let cell = |what: &str, caption: String, value: &str, numeric: bool| {
        let name = n(what);
        let invalid = err_of(errors, &name).is_some();
        html! {
            td {
                input id=(fid(&name)) name=(name) type="text" value=(value) aria-label=(caption)
                    inputmode=[numeric.then_some("decimal")]
                    aria-invalid=[invalid.then_some("true")];
                (field_error(errors, &name))
            }
        }
    };
    html! {
        tr id={ "sku-row-" (row) } {
            @if !r.id.is_empty() { input type="hidden" name=(n("id")) value=(r.id); }
            (cell("seller_sku", label(&page.t("sku-field-seller-sku")), &r.seller_sku, false))
            (cell("gtin", label(&page.t("sku-field-gtin")), &r.gtin, true))
            (cell("price", label(&page.t("sku-field-price")), &r.price, true))
            @for a in sales {
                @let name = n(&format!("variant.{}", a.key));
                @let value = r.variant.get(&a.key).cloned().unwrap_or_default();
                td data-sales=(a.key) {
                    (variant_input(page, &name, a, &value, err_of(errors, &name).is_some(), &label(&a.name)))
                    (field_error(errors, &name))
                }
            }
            (cell("stock", label(&page.t("sku-field-stock")), &r.stock, true))
            (cell("low_stock_threshold", label(&page.t("sku-field-threshold")), &r.threshold, true))
            td {
                @if !r.id.is_empty() || !r.is_blank() {
                    label .choice { input type="checkbox" name=(n("remove")) value="1" aria-label=(label(&page.t("sku-remove"))); }
                }
                // A row not saved yet is taken out of the table by the script (its fields
                // emptied, so the server skips it); without the script a blank row is skipped
                // anyway and a filled one has the box above.
                @if r.id.is_empty() {
                    button type="button" .secondary .sku-row-remove hidden aria-label=(label(&page.t("sku-remove"))) { (page.t("cat-sku-remove-row")) }
                }
                (field_error(errors, &n("variant")))
                (field_error(errors, &format!("skus[{row}]")))
                (field_error(errors, &n("id")))
            }
        }
    }
}

/// Whether an attribute is a size scale (clothing, shoes, rings…): its values are a fixed list
/// in a fixed order, so the SKU table offers them as a choice rather than free text.
fn is_size_scale(a: &EffectiveAttribute) -> bool {
    a.kind == "list" && !a.values.is_empty() && (a.key == "size" || a.key.ends_with("_size"))
}

/// A variant value: a size from the attribute's list, or else the seller's own words with the
/// attribute's values (in the reader's language) as suggestions.
fn variant_input(
    page: &Page,
    name: &str,
    a: &EffectiveAttribute,
    value: &str,
    invalid: bool,
    label: &str,
) -> Markup {
    if is_size_scale(a) {
        let known = a.values.iter().any(|v| v.eq_ignore_ascii_case(value));
        return html! {
            select id=(fid(name)) name=(name) aria-label=(label) aria-invalid=[invalid.then_some("true")] {
                option value="" { (page.t("product-choose")) }
                @for (v, shown) in a.values.iter().zip(&a.value_names) {
                    option value=(v) selected[v.eq_ignore_ascii_case(value)] { (shown) }
                }
                @if !value.is_empty() && !known { option value=(value) selected { (value) } }
            }
        };
    }
    let shown = catalog::value_name(page.locale(), &a.key, value);
    html! {
        input id=(fid(name)) name=(name) type="text" value=(shown) aria-label=(label)
            list=[(!a.values.is_empty()).then(|| format!("values-{}", a.key))]
            aria-invalid=[invalid.then_some("true")];
    }
}

/// What the automatic check would refuse at once and the form can say beside the field before
/// anything is saved: a required attribute left empty, an edition without a description. The
/// use-case's check stays the last word (the API gets a FAILED product with reasons).
fn precheck_submission(page: &Page, b: &Built, attrs: &[EffectiveAttribute]) -> Vec<FieldError> {
    let mut out = Vec::new();
    let input = &b.input;
    for a in attrs.iter().filter(|a| a.required) {
        let filled = input
            .attributes
            .get(&a.key)
            .is_some_and(|v| !v.trim().is_empty())
            || (a.sales && input.sales_attributes.contains(&a.key))
            || (a.key == BRAND && input.brand.as_deref().is_some_and(|b| !b.trim().is_empty()));
        if !filled {
            out.push(FieldError::new(
                &format!("attributes.{}", a.key),
                "cat-attribute-required",
                page.ta("cat-form-attribute-required", &[("attribute", &a.name)]),
            ));
        }
    }
    for (i, e) in input.editions.iter().enumerate() {
        if visible_text_is_empty(&e.description) {
            out.push(FieldError::new(
                &format!("editions[{i}].description"),
                "cat-description-required",
                page.t("cat-form-description-required"),
            ));
        }
    }
    out
}

/// Whether HTML (or plain text) has nothing to read once its tags are left out.
fn visible_text_is_empty(html: &str) -> bool {
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}

async fn default_warehouse(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
) -> Result<(String, String), Reply> {
    let list = inventory::list_warehouses(&state.app, a)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    Ok(list
        .iter()
        .find(|w| w.is_default)
        .or(list.first())
        .map(|w| {
            (
                w.id.to_string(),
                inventory::warehouse_name(page.locale(), &w.name),
            )
        })
        .unwrap_or_default())
}

#[expect(clippy::too_many_arguments, reason = "the form and its context")]
async fn render_form(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    mode: Mode,
    s: &FormState,
    errors: &FormErrors,
    view: Option<&ProductView>,
    status: StatusCode,
) -> Out {
    let leaves = all_leaves(state, page).await?;
    let attrs = category_attributes(state, page, &s.category_id).await;
    let (_, warehouse) = default_warehouse(state, page, a).await?;
    let currency = shop_currency(page);
    let title = match (&mode, view) {
        (Mode::New, _) => page.t("product-new-title"),
        (Mode::Edit(_), Some(v)) => page.ta("product-edit-title", &[("title", &v.title)]),
        (Mode::Edit(_), None) => page.t("product-edit"),
    };
    let fv = FormView {
        mode,
        state: s,
        leaves: &leaves,
        attrs: &attrs,
        currency: &currency,
        warehouse: &warehouse,
        errors,
        view,
    };
    let back = match fv.mode {
        Mode::New => "/seller/products".to_owned(),
        Mode::Edit(id) => format!("/seller/products/{id}"),
    };
    let content = html! {
        p { a href=(back) { "← " (page.t("product-back")) } }
        (product_form(page, &fv))
    };
    Ok(layout::seller_reply(
        page, status, "products", &title, content,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NewParams {
    category_id: Option<String>,
    q: Option<String>,
}

/// `GET /seller/products/new`: first the category (searchable), then the form.
pub async fn new_form(
    State(state): State<WebState>,
    page: Page,
    Query(p): Query<NewParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    if let Some(c) = p.category_id.as_deref().filter(|c| !c.trim().is_empty()) {
        let s = FormState::blank(&page, c.trim().to_owned());
        return render_form(
            &state,
            &page,
            &a,
            Mode::New,
            &s,
            &FormErrors::default(),
            None,
            StatusCode::OK,
        )
        .await;
    }
    let q = p.q.clone().unwrap_or_default();
    let results = if q.trim().is_empty() {
        Vec::new()
    } else {
        catalog::search_leaves(&state.app, page.locale(), &q, 50)
            .await
            .map_err(|e| PRODUCTS.fail(&page, e))?
    };
    let leaves = all_leaves(&state, &page).await?;
    let title = page.t("product-new-title");
    let content = html! {
        p { a href="/seller/products" { "← " (page.t("product-back")) } }
        section .card {
            h2 { (page.t("product-pick-category")) }
            form method="get" action="/seller/products/new" role="search" .inline-search {
                label for="cat-q" { (page.t("product-category-search")) }
                input #cat-q type="search" name="q" value=(q) placeholder=(page.t("product-category-search-placeholder"));
                button type="submit" { (page.t("store-search-submit")) }
            }
            @if !q.trim().is_empty() {
                @if results.is_empty() {
                    p .muted { (page.t("product-category-no-match")) }
                } @else {
                    ul .category-results {
                        @for r in &results {
                            li { a href={ "/seller/products/new?category_id=" (r.id) } { (r.path.join(" › ")) } }
                        }
                    }
                }
            }
        }
        section .card {
            h2 { (page.t("product-browse-categories")) }
            form method="get" action="/seller/products/new" {
                div .field {
                    label for="f-category_id" { (page.t("product-field-category")) }
                    input #category-filter type="search" hidden placeholder=(page.t("product-category-filter")) aria-label=(page.t("product-category-filter"));
                    select #f-category_id name="category_id" required {
                        (leaf_options(&leaves, ""))
                    }
                }
                button type="submit" .primary .auto { (page.t("product-continue")) }
            }
        }
        script src="/assets/product-form.js" defer {}
    };
    Ok(layout::seller_shell(&page, "products", &title, content).into_response())
}

/// The submitted form: text fields and image files.
async fn read_form(
    page: &Page,
    mut mp: Multipart,
) -> Result<(Vec<(String, String)>, Vec<(String, Bytes)>), Reply> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    let content =
                        html! { p .notice role="alert" { (page.t("product-upload-too-large")) } };
                    return Err((
                        status,
                        layout::seller_shell(page, "products", &page.t("nav-products"), content),
                    )
                        .into_response()
                        .into());
                }
                return Err(WebError::BadRequest.into());
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "images" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| Reply::from(WebError::BadRequest))?;
            if !bytes.is_empty() && files.len() < 20 {
                files.push((file_name, bytes));
            }
        } else {
            let text = crate::forms::field_text(field)
                .await
                .map_err(|_| Reply::from(WebError::BadRequest))?;
            if fields.len() < 5000 {
                fields.push((name, text));
            }
        }
    }
    Ok((fields, files))
}

/// Uploads the new files; keeps what worked in the form, and says what did not.
async fn upload_all(
    state: &WebState,
    a: &SellerActor,
    s: &mut FormState,
    files: Vec<(String, Bytes)>,
) -> Result<Vec<FieldError>, AppError> {
    let mut errors = Vec::new();
    for (name, bytes) in files {
        match products::upload_image(&state.app, a, bytes).await {
            Ok(img) => s.images.push(img.id.to_string()),
            Err(AppError::Validation(fs)) => {
                for f in fs {
                    let msg = if name.is_empty() {
                        f.message
                    } else {
                        format!("{name}: {}", f.message)
                    };
                    errors.push(FieldError::new("images", &f.code, msg));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(errors)
}

/// Field errors in the page's language; an image's file name stays in front of its message.
fn form_errors(page: &Page, e: AppError) -> Result<FormErrors, Reply> {
    let named: Vec<(String, String)> = match &e {
        AppError::Validation(fs) => fs
            .iter()
            .filter(|f| f.field == "images")
            .filter_map(|f| {
                f.message
                    .split_once(": ")
                    .map(|(n, _)| (f.code.clone(), n.to_owned()))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut errors = FormErrors::from_app(page, e).map_err(Reply::from)?;
    if let Some(msg) = errors.fields.get_mut("images")
        && let Some((code, file)) = named.first()
        && page.i18n.has_own(&format!("error-{code}"))
    {
        *msg = format!("{file}: {msg}");
    }
    Ok(errors)
}

async fn save(state: WebState, page: Page, mode: Mode, mp: Multipart) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let (fields, files) = read_form(&page, mp).await?;
    let token = fields
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str());
    if !crate::csrf::check(&page, token) {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let view = match mode {
        Mode::Edit(id) => Some(
            products::get(&state.app, &a, id)
                .await
                .map_err(|e| PRODUCTS.fail(&page, e))?,
        ),
        Mode::New => None,
    };
    let (mut s, intent) = FormState::from_fields(&fields);
    let upload_errors = upload_all(&state, &a, &mut s, files)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?;
    if intent == "more" {
        s.extra_rows = (s.extra_rows + 1).min(20);
    }
    if intent == "refresh" || intent == "more" {
        let errors = if upload_errors.is_empty() {
            FormErrors::default()
        } else {
            form_errors(&page, AppError::Validation(upload_errors))?
        };
        return render_form(
            &state,
            &page,
            &a,
            mode,
            &s,
            &errors,
            view.as_ref(),
            StatusCode::OK,
        )
        .await;
    }
    let submit = intent == "submit";
    let built = build_input(&s);
    let mut local = upload_errors;
    local.extend(built.errors.iter().cloned());
    if submit {
        let attrs = category_attributes(&state, &page, &s.category_id).await;
        local.extend(precheck_submission(&page, &built, &attrs));
    }
    let result = if local.is_empty() {
        match mode {
            Mode::New => products::create(&state.app, &a, &built.input, submit).await,
            Mode::Edit(id) => {
                products::update(&state.app, &a, id, &built.input, s.version, submit).await
            }
        }
    } else {
        Err(AppError::Validation(local))
    };
    match result {
        Ok(saved) => {
            let notice = if saved.status == ProductStatus::Failed
                || saved.audit_status == AuditStatus::Rejected
            {
                "failed"
            } else if saved.audit_status == AuditStatus::Auditing
                && (submit || matches!(mode, Mode::Edit(_)))
            {
                "submitted"
            } else {
                "saved"
            };
            Ok(redirect(&format!(
                "/seller/products/{}?notice={notice}",
                saved.id
            )))
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let errors = form_errors(&page, remap(e, &built))?;
            render_form(
                &state,
                &page,
                &a,
                mode,
                &s,
                &errors,
                view.as_ref(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PRODUCTS.fail(&page, e)),
    }
}

/// `POST /seller/products/new`.
pub async fn create(State(state): State<WebState>, page: Page, mp: Multipart) -> Out {
    save(state, page, Mode::New, mp).await
}

/// `GET /seller/products/{id}/edit`.
pub async fn edit_form(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let v = products::get(&state.app, &a, id)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?;
    if matches!(
        v.status,
        ProductStatus::Deleted | ProductStatus::PlatformDeactivated
    ) {
        return Ok(redirect(&format!("/seller/products/{id}?notice=locked")));
    }
    let (wh, _) = default_warehouse(&state, &page, &a).await?;
    let s = FormState::from_view(&v, Some(&wh));
    render_form(
        &state,
        &page,
        &a,
        Mode::Edit(id),
        &s,
        &FormErrors::default(),
        Some(&v),
        StatusCode::OK,
    )
    .await
}

/// `POST /seller/products/{id}/edit`.
pub async fn update(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
    mp: Multipart,
) -> Out {
    save(state, page, Mode::Edit(id), mp).await
}

// ---------------------------------------------------------------------------------------
// The product page

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeParams {
    notice: Option<String>,
}

fn detail_notice(page: &Page, n: Option<&str>) -> Option<String> {
    page.notice(
        n,
        &[
            ("saved", "product-notice-saved"),
            ("submitted", "product-notice-submitted"),
            ("failed", "product-notice-failed"),
            ("locked", "product-notice-locked"),
            ("price", "product-notice-price"),
            ("stock", "product-notice-stock"),
            ("threshold", "product-notice-threshold"),
            ("activate", "product-notice-activate"),
            ("deactivate", "product-notice-deactivate"),
            ("delete", "product-notice-deleted"),
            ("recover", "product-notice-recover"),
        ],
    )
}

/// The category's path in the page's language (the view names it in English).
fn localized_path(v: &ProductView, leaves: &[LeafMatch]) -> Vec<String> {
    leaves
        .iter()
        .find(|l| l.id == v.category_id)
        .map_or_else(|| v.category_path.clone(), |l| l.path.clone())
}

fn action_button(page: &Page, id: ProductId, action: &str, primary: bool) -> Markup {
    html! {
        form method="post" action={ "/seller/products/" (id) "/action" } .inline {
            (csrf_field(page))
            input type="hidden" name="action" value=(action);
            button type="submit" class=[primary.then_some("primary auto")] { (page.t(&format!("product-action-{action}"))) }
        }
    }
}

fn sku_forms(
    page: &Page,
    v: &ProductView,
    sku: &products::SkuView,
    warehouses: &[(String, String)],
    errors: &FormErrors,
    editable: bool,
) -> Markup {
    let base = format!("/seller/products/{}/skus/{}", v.id, sku.id);
    let key = |k: &str| format!("{}.{k}", sku.id);
    html! {
        article .card .sku-card id={ "sku-" (sku.id) } {
            h3 {
                (sku.seller_sku)
                @if !sku.variant.is_empty() { " · " span .muted { (variant_text(page, &sku.variant)) } }
                @if v.has_published_version && !sku.on_sale { " " span .badge { (page.t("sku-awaiting-review")) } }
            }
            dl .facts {
                dt { (page.t("sku-field-gtin")) } dd { (sku.gtin.clone().unwrap_or_else(|| "—".into())) }
                dt { (page.t("sku-field-price")) } dd { (page.money(&sku.price)) }
                dt { (page.t("sku-available")) } dd { strong { (sku.available) } }
                dt { (page.t("sku-field-threshold")) }
                dd { (sku.low_stock_threshold.map_or_else(|| page.t("sku-threshold-default"), |t| t.to_string())) }
            }
            @if editable {
                div .sku-forms {
                    form method="post" action={ (base) "/price" } .inline-form {
                        (csrf_field(page))
                        label for={ "price-" (sku.id) } { (page.ta("sku-field-price-in", &[("currency", sku.price.currency().code())])) }
                        input id={ "price-" (sku.id) } name="price" type="text" inputmode="decimal" value=(sku.price.to_decimal_string())
                            aria-invalid=[err_of(errors, &key("price")).map(|_| "true")];
                        button type="submit" { (page.t("sku-set-price")) }
                        (field_error(errors, &key("price")))
                    }
                    form method="post" action={ (base) "/threshold" } .inline-form {
                        (csrf_field(page))
                        label for={ "threshold-" (sku.id) } { (page.t("sku-field-threshold")) }
                        input id={ "threshold-" (sku.id) } name="low_stock_threshold" type="text" inputmode="numeric"
                            value=(sku.low_stock_threshold.map(|t| t.to_string()).unwrap_or_default())
                            placeholder=(page.t("sku-threshold-default"))
                            aria-invalid=[err_of(errors, &key("threshold")).map(|_| "true")];
                        button type="submit" { (page.t("sku-set-threshold")) }
                        (field_error(errors, &key("threshold")))
                    }
                }
            }
            div .table-wrap { table .stock-table {
                caption { (page.t("sku-stock-by-warehouse")) }
                thead { tr {
                    th scope="col" { (page.t("warehouse")) }
                    th scope="col" { (page.t("stock-on-hand")) }
                    th scope="col" { (page.t("stock-reserved")) }
                    th scope="col" { (page.t("stock-available")) }
                    @if editable { th scope="col" { (page.t("stock-set")) } th scope="col" { (page.t("stock-adjust")) } }
                } }
                tbody {
                    @for (wh_id, wh_name) in warehouses {
                        @let level = sku.stock.iter().find(|l| &l.warehouse_id == wh_id);
                        @let on_hand = level.map_or(0, |l| l.on_hand);
                        tr {
                            th scope="row" { (wh_name) }
                            td { (on_hand) }
                            td { (level.map_or(0, |l| l.reserved)) }
                            td { (level.map_or(0, |l| l.available)) }
                            @if editable {
                                td {
                                    form method="post" action={ (base) "/stock" } .inline-form {
                                        (csrf_field(page))
                                        input type="hidden" name="warehouse_id" value=(wh_id);
                                        input name="quantity" type="text" inputmode="numeric" size="6" value=(on_hand)
                                            aria-label=(page.ta("stock-set-label", &[("warehouse", wh_name)]))
                                            aria-invalid=[err_of(errors, &key(&format!("{wh_id}.set"))).map(|_| "true")];
                                        button type="submit" { (page.t("stock-set-button")) }
                                        (field_error(errors, &key(&format!("{wh_id}.set"))))
                                    }
                                }
                                td {
                                    form method="post" action={ (base) "/adjust" } .inline-form {
                                        (csrf_field(page))
                                        input type="hidden" name="warehouse_id" value=(wh_id);
                                        input name="delta" type="text" inputmode="numeric" size="6" placeholder="+10 / -2"
                                            aria-label=(page.ta("stock-adjust-label", &[("warehouse", wh_name)]))
                                            aria-invalid=[err_of(errors, &key(&format!("{wh_id}.adjust"))).map(|_| "true")];
                                        input name="reason" type="text" size="12" placeholder=(page.t("stock-reason"))
                                            aria-label=(page.t("stock-reason"));
                                        button type="submit" { (page.t("stock-adjust-button")) }
                                        (field_error(errors, &key(&format!("{wh_id}.adjust"))))
                                    }
                                }
                            }
                        }
                    }
                }
            } }
            p { a href={ (base) "/movements" } { (page.t("sku-movements")) } }
        }
    }
}

async fn render_detail(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: ProductId,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let v = products::get(&state.app, a, id)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    let attrs = catalog::attributes_for(&state.app, v.category_id, page.locale())
        .await
        .unwrap_or_default();
    let leaves = all_leaves(state, page).await?;
    let path = localized_path(&v, &leaves);
    let warehouses: Vec<(String, String)> = inventory::list_warehouses(&state.app, a)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?
        .into_iter()
        .map(|w| {
            (
                w.id.to_string(),
                inventory::warehouse_name(page.locale(), &w.name),
            )
        })
        .collect();
    let editable = PRODUCTS.can_edit(a);
    let st = v.status;
    let title = if v.title.is_empty() {
        page.t("product-untitled")
    } else {
        v.title.clone()
    };
    let show_failed = !v.failed_reasons.is_empty()
        && (matches!(
            st,
            ProductStatus::Failed | ProductStatus::PlatformDeactivated
        ) || v.audit_status == AuditStatus::Rejected);
    let mut shown = v.clone();
    shown.category_path = path;
    let content = html! {
        p { a href="/seller/products" { "← " (page.t("product-back")) } }
        p .product-badges {
            (status_badge(page, st)) " " (audit_badge(page, v.audit_status)) " " (grade_badge(page, v.quality_grade))
        }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        @if show_failed {
            section .card .alert-failed #failed-reasons role="alert" {
                h2 { (page.t(if st == ProductStatus::PlatformDeactivated { "product-deactivated-reasons" } else { "product-failed-reasons" })) }
                (findings_list(page, &v.failed_reasons, &attrs))
                @if editable && st != ProductStatus::PlatformDeactivated {
                    p { (page.t("product-failed-next")) " " a href={ "/seller/products/" (v.id) "/edit" } { (page.t("product-edit")) } }
                }
            }
        }
        @if st == ProductStatus::Pending || v.audit_status == AuditStatus::Auditing {
            p .notice role="status" { (page.t("product-under-review")) }
        }
        @if let Some(until) = v.recoverable_until {
            @if st == ProductStatus::Deleted {
                p .notice { (page.ta("product-recoverable-until", &[("date", &page.date_text(until))])) }
            }
        }
        @if editable {
            div .actions-bar {
                @if !matches!(st, ProductStatus::Deleted | ProductStatus::PlatformDeactivated) {
                    a .button href={ "/seller/products/" (v.id) "/edit" } { (page.t("product-edit")) }
                }
                @if matches!(st, ProductStatus::Draft | ProductStatus::Failed) && v.audit_status != AuditStatus::Auditing {
                    (action_button(page, v.id, "submit", true))
                }
                @if st == ProductStatus::SellerDeactivated && v.has_published_version { (action_button(page, v.id, "activate", false)) }
                @if st == ProductStatus::Live { (action_button(page, v.id, "deactivate", false)) }
                @if matches!(st, ProductStatus::Draft | ProductStatus::Pending | ProductStatus::Live | ProductStatus::Failed | ProductStatus::SellerDeactivated) {
                    (action_button(page, v.id, "delete", false))
                }
                @if st == ProductStatus::Deleted { (action_button(page, v.id, "recover", true)) }
                @if st == ProductStatus::Live { a href={ "/p/" (v.id) } { (page.t("product-view-in-store")) } }
            }
        } @else {
            p .muted { (page.t("products-view-only")) }
        }
        (quality_card(page, &v, &attrs))
        section .card #images {
            h2 { (page.t("product-section-images")) }
            @if v.images.is_empty() { p .muted { (page.t("product-no-images")) } }
            @else { (image_gallery(&v.images, &title)) }
        }
        section .card #editions {
            h2 { (page.t("product-editions")) }
            (editions_sections(page, &v))
        }
        section .card #attributes {
            h2 { (page.t("product-section-attributes")) }
            (attributes_facts(page, &shown, &attrs))
        }
        section #skus {
            h2 { (page.t("product-section-skus")) }
            @for sku in &v.skus { (sku_forms(page, &v, sku, &warehouses, errors, editable)) }
        }
        section .card #history {
            h2 { (page.t("product-history")) }
            (review_history(page, &v.reviews, &attrs))
        }
    };
    Ok(layout::seller_reply(
        page, status, "products", &title, content,
    ))
}

/// `GET /seller/products/{id}`.
pub async fn detail(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let notice = detail_notice(&page, q.notice.as_deref());
    render_detail(
        &state,
        &page,
        &a,
        id,
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
}

/// `POST /seller/products/{id}/action`: submit, activate, deactivate, delete or recover.
pub async fn act(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ProductId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let result = if f.action == "submit" {
        products::submit(&state.app, &a, id).await.map(|s| {
            if s.status == ProductStatus::Failed || s.audit_status == AuditStatus::Rejected {
                "failed"
            } else {
                "submitted"
            }
        })
    } else {
        let Some(action) = SellerAction::parse(&f.action) else {
            return Err(WebError::BadRequest.into());
        };
        products::act(&state.app, &a, id, action)
            .await
            .map(|_| action_name(action))
    };
    match result {
        Ok(notice) => Ok(redirect(&format!("/seller/products/{id}?notice={notice}"))),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let mut errors = FormErrors::from_app(&page, e).map_err(Reply::from)?;
            if errors.form.is_none() {
                errors.form = errors.fields.values().next().cloned();
            }
            render_detail(
                &state,
                &page,
                &a,
                id,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PRODUCTS.fail(&page, e)),
    }
}

/// After a SKU form: back to the product, or the product again with the message beside the form.
#[expect(clippy::too_many_arguments, reason = "the form's place and outcome")]
async fn after_sku(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: ProductId,
    sku: SkuId,
    key: &str,
    notice: &str,
    result: Result<(), AppError>,
) -> Out {
    match result {
        Ok(()) => Ok(redirect(&format!(
            "/seller/products/{id}?notice={notice}#sku-{sku}"
        ))),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let found = FormErrors::from_app(page, e).map_err(Reply::from)?;
            let msg = found
                .fields
                .values()
                .next()
                .cloned()
                .or(found.form)
                .unwrap_or_default();
            let mut errors = FormErrors::default();
            errors.fields.insert(format!("{sku}.{key}"), msg);
            render_detail(
                state,
                page,
                a,
                id,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PRODUCTS.fail(page, e)),
    }
}

fn whole_number(v: &str) -> Result<i64, AppError> {
    v.trim()
        .parse()
        .map_err(|_| AppError::invalid("quantity", "whole-number", "Give a whole number"))
}

#[derive(Debug, serde::Deserialize)]
pub struct PriceForm {
    #[serde(default)]
    price: String,
}

pub async fn set_price(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, sku)): WebPath<(ProductId, SkuId)>,
    CsrfForm(f): CsrfForm<PriceForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let r = products::set_price(
        &state.app,
        &a,
        sku,
        &PriceInput::Text(f.price.trim().to_owned()),
    )
    .await
    .map(|_| ());
    after_sku(&state, &page, &a, id, sku, "price", "price", r).await
}

#[derive(Debug, serde::Deserialize)]
pub struct ThresholdForm {
    #[serde(default)]
    low_stock_threshold: String,
}

pub async fn set_threshold(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, sku)): WebPath<(ProductId, SkuId)>,
    CsrfForm(f): CsrfForm<ThresholdForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let r = match f.low_stock_threshold.trim() {
        "" => products::set_threshold(&state.app, &a, sku, None).await,
        t => match whole_number(t) {
            Ok(n) => products::set_threshold(&state.app, &a, sku, Some(n)).await,
            Err(e) => Err(e),
        },
    };
    after_sku(&state, &page, &a, id, sku, "threshold", "threshold", r).await
}

#[derive(Debug, serde::Deserialize)]
pub struct StockForm {
    #[serde(default)]
    warehouse_id: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    delta: String,
    #[serde(default)]
    reason: String,
}

pub async fn set_stock(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, sku)): WebPath<(ProductId, SkuId)>,
    CsrfForm(f): CsrfForm<StockForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let wh = Some(f.warehouse_id.as_str()).filter(|w| !w.is_empty());
    let r = match whole_number(&f.quantity) {
        Ok(q) => inventory::set_stock(&state.app, &a, sku, wh, q, Some(f.reason.as_str()))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    let key = format!("{}.set", f.warehouse_id);
    after_sku(&state, &page, &a, id, sku, &key, "stock", r).await
}

pub async fn adjust_stock(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, sku)): WebPath<(ProductId, SkuId)>,
    CsrfForm(f): CsrfForm<StockForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let wh = Some(f.warehouse_id.as_str()).filter(|w| !w.is_empty());
    let r = match whole_number(&f.delta) {
        Ok(d) => inventory::adjust_stock(&state.app, &a, sku, wh, d, Some(f.reason.as_str()))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    let key = format!("{}.adjust", f.warehouse_id);
    after_sku(&state, &page, &a, id, sku, &key, "stock", r).await
}

/// `GET /seller/products/{id}/skus/{sku}/movements`: who moved stock, when and why.
pub async fn movements(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, sku)): WebPath<(ProductId, SkuId)>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let v = products::get(&state.app, &a, id)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?;
    let Some(s) = v.skus.iter().find(|s| s.id == sku) else {
        return Err(not_found(&page));
    };
    let rows = inventory::movements(&state.app, &a, sku, 200)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?;
    let names: HashMap<String, String> = inventory::list_warehouses(&state.app, &a)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?
        .into_iter()
        .map(|w| {
            (
                w.id.to_string(),
                inventory::warehouse_name(page.locale(), &w.name),
            )
        })
        .collect();
    let signed = |n: i64| {
        if n > 0 {
            format!("+{n}")
        } else {
            n.to_string()
        }
    };
    let title = page.ta("sku-movements-title", &[("sku", &s.seller_sku)]);
    let content = html! {
        p { a href={ "/seller/products/" (id) "#sku-" (sku) } { "← " bdi { (v.title) } } }
        @if rows.is_empty() { p .notice { (page.t("sku-movements-empty")) } }
        @else {
            div .table-wrap { table {
                (layout::table_head(&page, &["movement-time", "warehouse", "movement-kind", "movement-on-hand", "movement-reserved", "movement-reason", "movement-by"]))
                tbody {
                    @for m in &rows {
                        tr {
                            td { (page.time(m.created_at)) }
                            td { (names.get(&m.warehouse_id.to_string()).cloned().unwrap_or_else(|| m.warehouse_id.to_string())) }
                            td { (page.t(&format!("movement-{}", m.kind))) }
                            td { (signed(m.on_hand_delta)) " → " strong { (m.on_hand_after) } }
                            td { (signed(m.reserved_delta)) " → " (m.reserved_after) }
                            td { (stock_reason(&page, &m.reason)) @if let Some(r) = &m.reference { " " span .muted { (r) } } }
                            td { (page.t(&format!("product-actor-{}", m.actor_type))) }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::seller_shell(&page, "products", &title, content).into_response())
}

// ---------------------------------------------------------------------------------------
// Warehouses and the low-stock default

async fn render_warehouses(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let list = inventory::list_warehouses(&state.app, a)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    let summary = inventory::summary(&state.app, a)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    let editable = PRODUCTS.can_edit(a);
    let title = page.t("warehouses-title");
    let content = html! {
        p { a href="/seller/products" { "← " (page.t("product-back")) } }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        section .card {
            h2 { (page.t("warehouses-list")) }
            ul { @for w in &list {
                li { strong { (inventory::warehouse_name(page.locale(), &w.name)) } @if w.is_default { " " span .badge { (page.t("warehouse-default")) } } @if !w.address.is_empty() { br; span .muted { (w.address) } } }
            } }
        }
        @if editable {
            section .card {
                h2 { (page.t("warehouse-add")) }
                form method="post" action="/seller/products/warehouses" novalidate {
                    (csrf_field(page))
                    (text_field(errors, "name", &page.t("warehouse-name"), "", None))
                    (text_field(errors, "address", &page.t("warehouse-address"), "", None))
                    button type="submit" { (page.t("warehouse-add")) }
                }
            }
        }
        section .card {
            h2 { (page.t("low-stock-default")) }
            p .hint { (page.t("low-stock-default-hint")) }
            @if editable {
                form method="post" action="/seller/products/warehouses/low-stock" novalidate {
                    (csrf_field(page))
                    (number_field(errors, "low_stock_default", &page.t("low-stock-default"), &summary.low_stock_default.to_string()))
                    button type="submit" { (page.t("save")) }
                }
            } @else {
                p { (summary.low_stock_default) }
            }
        }
    };
    Ok(layout::seller_reply(
        page, status, "products", &title, content,
    ))
}

pub async fn warehouses(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let notice = (q.notice.as_deref() == Some("saved")).then(|| page.t("warehouses-saved"));
    render_warehouses(
        &state,
        &page,
        &a,
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, serde::Deserialize)]
pub struct WarehouseForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
}

async fn after_warehouse(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    r: Result<(), AppError>,
) -> Out {
    match r {
        Ok(()) => Ok(redirect("/seller/products/warehouses?notice=saved")),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let errors = FormErrors::from_app(page, e).map_err(Reply::from)?;
            render_warehouses(
                state,
                page,
                a,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PRODUCTS.fail(page, e)),
    }
}

pub async fn create_warehouse(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<WarehouseForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let r = inventory::create_warehouse(&state.app, &a, &f.name, &f.address)
        .await
        .map(|_| ());
    after_warehouse(&state, &page, &a, r).await
}

#[derive(Debug, serde::Deserialize)]
pub struct LowStockForm {
    #[serde(default)]
    low_stock_default: String,
}

pub async fn set_low_stock_default(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<LowStockForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let r = match f.low_stock_default.trim().parse::<i64>() {
        Ok(n) => inventory::set_low_stock_default(&state.app, &a, n).await,
        Err(_) => Err(AppError::invalid(
            "low_stock_default",
            "whole-number",
            "Give a whole number",
        )),
    };
    after_warehouse(&state, &page, &a, r).await
}
