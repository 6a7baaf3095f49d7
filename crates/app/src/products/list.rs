//! Reading: one product, the shop's list and its status counts.

use std::collections::{BTreeMap, HashMap};

use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ProductId, SkuId};
use shopdeck_domain::money::Money;
use shopdeck_domain::products::{self as rules, AuditStatus, ProductStatus, QualityGrade};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::products::{self as repo, ImageRow, ProductRow};
use shopdeck_store::{Conn, inventory as inv_repo};

use super::edit::seller_row;
use super::images::image_view;
use super::validation::CatalogCache;
use super::views::{EditionView, ProductView, ReviewView, SkuView, StockView, thumb_url};
use crate::access::SellerActor;
use crate::{App, AppError, Result};

pub async fn get(app: &App, actor: &SellerActor, id: ProductId) -> Result<ProductView> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    let row = repo::find_product(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    view(app, &mut conn, row, Locale::En).await
}

pub(crate) async fn view(
    app: &App,
    conn: &mut Conn,
    row: ProductRow,
    locale: Locale,
) -> Result<ProductView> {
    view_with(app, conn, row, locale, None).await
}

/// A product's full view; `cache` saves reloading the category tree in loops.
pub(crate) async fn view_with(
    app: &App,
    conn: &mut Conn,
    row: ProductRow,
    locale: Locale,
    cache: Option<&CatalogCache>,
) -> Result<ProductView> {
    views_with(app, conn, vec![row], locale, cache)
        .await?
        .pop()
        .ok_or(AppError::NotFound("product"))
}

/// Full views of products, in the order given, reading each table once for all of them (an
/// export's page of a hundred products is a handful of queries, not eight per product).
pub(crate) async fn views_with(
    app: &App,
    conn: &mut Conn,
    rows: Vec<ProductRow>,
    locale: Locale,
    cache: Option<&CatalogCache>,
) -> Result<Vec<ProductView>> {
    let ids: Vec<ProductId> = rows.iter().map(|r| r.id).collect();
    let mut shops = HashMap::new();
    for r in &rows {
        if let std::collections::hash_map::Entry::Vacant(e) = shops.entry(r.seller_id) {
            let seller = seller_row(conn, r.seller_id).await?;
            // Read only (a product's shop has its warehouses since the product was made).
            let warehouses = inv_repo::list_warehouses(conn, r.seller_id).await?;
            e.insert((seller, warehouses));
        }
    }
    let mut editions: HashMap<ProductId, Vec<EditionView>> = HashMap::new();
    for e in repo::editions_of(conn, &ids).await? {
        editions.entry(e.product_id).or_default().push(EditionView {
            locale: e.row.locale,
            title: e.row.title,
            description: e.row.description,
            is_source: e.row.is_source,
            generated: e.row.generated,
        });
    }
    let mut images: HashMap<ProductId, Vec<ImageRow>> = HashMap::new();
    for i in repo::images_of(conn, &ids).await? {
        if let Some(p) = i.product_id.filter(|_| i.position >= 0) {
            images.entry(p).or_default().push(i);
        }
    }
    let skus = repo::list_skus_of(conn, &ids).await?;
    let sku_ids: Vec<SkuId> = skus.iter().map(|s| s.id).collect();
    let mut levels: HashMap<SkuId, Vec<inv_repo::StockLevel>> = HashMap::new();
    for l in inv_repo::levels_of(conn, &sku_ids).await? {
        levels.entry(l.sku_id).or_default().push(l);
    }
    let mut reviews: HashMap<ProductId, Vec<ReviewView>> = HashMap::new();
    for r in repo::reviews_of(conn, &ids).await? {
        reviews.entry(r.product_id).or_default().push(ReviewView {
            action: r.row.action,
            from_status: r.row.from_status,
            to_status: r.row.to_status,
            reasons: serde_json::from_str(&r.row.reasons).unwrap_or_default(),
            actor_type: r.row.actor_type,
            created_at: r.row.created_at,
        });
    }
    let loaded;
    let cache = match cache {
        Some(c) => c,
        None => {
            loaded = CatalogCache::load(app, locale).await?;
            &loaded
        }
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some((seller, warehouses)) = shops.get(&row.seller_id) else {
            continue;
        };
        let currency = seller.currency;
        let sku_views = skus
            .iter()
            .filter(|s| s.product_id == row.id)
            .map(|s| {
                let stock: Vec<StockView> = levels
                    .get(&s.id)
                    .into_iter()
                    .flatten()
                    .map(|l| StockView {
                        warehouse_id: l.warehouse_id.to_string(),
                        warehouse_name: warehouses
                            .iter()
                            .find(|w| w.id == l.warehouse_id)
                            .map(|w| w.name.clone())
                            .unwrap_or_default(),
                        on_hand: l.on_hand,
                        reserved: l.reserved,
                        available: l.available(),
                    })
                    .collect();
                SkuView {
                    id: s.id,
                    seller_sku: s.seller_sku.clone(),
                    gtin: s.gtin.clone(),
                    price: Money::new(s.price_minor, currency),
                    variant: serde_json::from_str(&s.variant).unwrap_or_default(),
                    low_stock_threshold: s.low_stock_threshold,
                    on_sale: s.published,
                    available: stock.iter().map(|x| x.available).sum(),
                    stock,
                }
            })
            .collect();
        out.push(ProductView {
            id: row.id,
            seller_id: row.seller_id,
            status: row.status,
            audit_status: row.audit_status,
            category_id: row.category_id,
            category_path: cache.path(row.category_id),
            source_locale: row.source_locale.clone(),
            title: row.title.clone(),
            editions: editions.remove(&row.id).unwrap_or_default(),
            brand: row.brand.clone(),
            attributes: serde_json::from_str(&row.attributes).unwrap_or_default(),
            sales_attributes: serde_json::from_str(&row.sales_attributes).unwrap_or_default(),
            images: images
                .get(&row.id)
                .into_iter()
                .flatten()
                .map(image_view)
                .collect(),
            video_url: row.video_url.clone(),
            weight_grams: row.weight_grams,
            length_mm: row.length_mm,
            width_mm: row.width_mm,
            height_mm: row.height_mm,
            handling_days: row.handling_days,
            skus: sku_views,
            currency: currency.code().to_owned(),
            quality_grade: row.quality_grade,
            suggestions: serde_json::from_str(&row.quality_notes).unwrap_or_default(),
            failed_reasons: serde_json::from_str(&row.failed_reasons).unwrap_or_default(),
            has_published_version: row.published.is_some(),
            recoverable_until: row.deleted_at.and_then(|d| {
                d.checked_add(jiff::SignedDuration::from_hours(rules::RECOVERY_DAYS * 24))
                    .ok()
            }),
            available: row.available,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
            reviews: reviews.remove(&row.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// A row of the seller's product list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListItem {
    pub id: ProductId,
    pub title: String,
    pub status: ProductStatus,
    pub audit_status: AuditStatus,
    pub category_id: CategoryId,
    pub thumb_url: Option<String>,
    pub min_price: Money,
    pub max_price: Money,
    pub available: i64,
    pub sku_count: i64,
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    pub seller_skus: Vec<String>,
    pub quality_grade: Option<QualityGrade>,
    pub updated_at: jiff::Timestamp,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub audit_status: Option<String>,
    pub category_id: Option<String>,
    /// `in_stock`, `low` or `out`.
    pub stock: Option<String>,
    /// `updated`, `created`, `title`, `price_asc`, `price_desc`, `stock`.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ListPage {
    pub items: Vec<ListItem>,
    /// Pass as `cursor` for the next page; None on the last page.
    pub next_cursor: Option<String>,
    /// Products per status, on the first page only (empty on later pages).
    pub counts: BTreeMap<String, i64>,
}

pub(super) fn parse_sort(s: Option<&str>) -> Result<repo::ProductSort> {
    use repo::ProductSort as S;
    Ok(match s.unwrap_or("updated") {
        "updated" => S::UpdatedDesc,
        "created" => S::CreatedDesc,
        "title" => S::TitleAsc,
        "price_asc" => S::PriceAsc,
        "price_desc" => S::PriceDesc,
        "stock" => S::StockAsc,
        _ => {
            return Err(AppError::invalid(
                "sort",
                "sort-unknown",
                "Sort by updated, created, title, price_asc, price_desc or stock",
            ));
        }
    })
}

pub(super) fn encode_cursor(sort: &str, key: &repo::SortKey, id: ProductId) -> String {
    use base64::Engine;
    let k = match key {
        repo::SortKey::Int(i) => format!("i{i}"),
        repo::SortKey::Text(t) => format!("t{t}"),
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{sort}\n{id}\n{k}"))
}

pub(super) fn decode_cursor(sort: &str, cursor: &str) -> Result<(repo::SortKey, ProductId)> {
    use base64::Engine;
    let bad = || {
        AppError::invalid(
            "cursor",
            "cursor-invalid",
            "The page cursor is not valid for this list; start from the first page",
        )
    };
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let mut parts = text.splitn(3, '\n');
    let (Some(s), Some(id), Some(k)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if s != sort {
        return Err(bad());
    }
    let id: ProductId = id.parse().map_err(|_| bad())?;
    let key = match k.split_at_checked(1) {
        Some(("i", n)) => repo::SortKey::Int(n.parse().map_err(|_| bad())?),
        Some(("t", t)) => repo::SortKey::Text(t.to_owned()),
        _ => return Err(bad()),
    };
    Ok((key, id))
}

/// The seller's product list: search, filters, sorting, cursor pagination.
pub async fn list(app: &App, actor: &SellerActor, q: &ListQuery) -> Result<ListPage> {
    actor.require(Area::Products, Access::View)?;
    let sort_name = q.sort.as_deref().unwrap_or("updated");
    let sort = parse_sort(Some(sort_name))?;
    let status = match q
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "ALL")
    {
        None => None,
        Some(s) => Some(
            ProductStatus::parse(s)
                .ok_or_else(|| {
                    AppError::invalid("status", "status-unknown", "Unknown product status")
                })?
                .as_str()
                .to_owned(),
        ),
    };
    let audit_status = match q
        .audit_status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(a) => Some(AuditStatus::parse(a).ok_or_else(|| {
            AppError::invalid(
                "audit_status",
                "audit-status-unknown",
                "Use AUDITING, REJECTED, PASSED or NONE",
            )
        })?),
    };
    let stock = match q.stock.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some("in_stock") => Some(repo::StockFilter::InStock),
        Some("low") => Some(repo::StockFilter::Low),
        Some("out") => Some(repo::StockFilter::Out),
        Some(_) => {
            return Err(AppError::invalid(
                "stock",
                "stock-filter",
                "Use in_stock, low or out",
            ));
        }
    };
    let category_ids = match q
        .category_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(raw) => {
            let id: CategoryId = raw.parse().map_err(|_| {
                AppError::invalid("category_id", "category-unknown", "Unknown category")
            })?;
            Some(subtree(app, id).await?)
        }
    };
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "limit-range",
            "Ask for 1 to 100 items",
        ));
    }
    let after = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(decode_cursor(sort_name, c)?),
    };
    let query =
        q.q.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    if query.as_ref().is_some_and(|s| s.chars().count() > 200) {
        return Err(AppError::invalid(
            "q",
            "query-length",
            "Search for at most 200 characters",
        ));
    }
    let mut conn = app.db.conn().await?;
    let seller = seller_row(&mut conn, actor.seller_id).await?;
    let currency = seller.currency;
    // A search for one exact seller SKU goes through the SKU index instead of scanning titles.
    let raw_q = q.q.as_deref().map(str::trim).unwrap_or("");
    let mut only = None;
    if !raw_q.is_empty() && !raw_q.contains(char::is_whitespace) {
        for code in [raw_q.to_owned(), raw_q.to_uppercase()] {
            if let Some(sku) = repo::find_sku_by_code(&mut conn, actor.seller_id, &code).await? {
                only = Some(sku.product_id);
                break;
            }
        }
    }
    let rows = repo::list_products(
        &mut conn,
        actor.seller_id,
        &repo::ProductFilter {
            status,
            audit_status,
            category_ids,
            stock,
            query,
            only,
            sort,
            after,
            limit: limit + 1,
        },
    )
    .await?;
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<repo::ListRow> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = if has_more {
        rows.last()
            .map(|r| encode_cursor(sort_name, &sort.key_of(r), r.id))
    } else {
        None
    };
    let ids: Vec<ProductId> = rows.iter().map(|r| r.id).collect();
    let skus = repo::list_skus_of(&mut conn, &ids).await?;
    let thumbs: HashMap<ProductId, String> = repo::main_images(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|(p, i)| (p, thumb_url(i)))
        .collect();
    // Counting every status scans the shop's products: done for the first page only.
    let counts = if q.cursor.as_deref().unwrap_or("").is_empty() {
        repo::count_by_status(&mut conn, actor.seller_id)
            .await?
            .into_iter()
            .map(|(status, n)| (status.as_str().to_owned(), n))
            .collect()
    } else {
        BTreeMap::new()
    };
    let items = rows
        .into_iter()
        .map(|r| ListItem {
            id: r.id,
            title: r.title.clone(),
            status: r.status,
            audit_status: r.audit_status,
            category_id: r.category_id,
            thumb_url: thumbs.get(&r.id).cloned(),
            min_price: Money::new(r.min_price, currency),
            max_price: Money::new(r.max_price, currency),
            available: r.available,
            sku_count: r.sku_count,
            out_of_stock_skus: r.out_of_stock_skus,
            low_stock_skus: r.low_stock_skus,
            seller_skus: skus
                .iter()
                .filter(|s| s.product_id == r.id)
                .map(|s| s.seller_sku.clone())
                .collect(),
            quality_grade: r.quality_grade,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(ListPage {
        items,
        next_cursor,
        counts,
    })
}

/// A category and everything below it.
pub async fn subtree(app: &App, id: CategoryId) -> Result<Vec<CategoryId>> {
    let cache = CatalogCache::load(app, Locale::En).await?;
    if !cache.rows.iter().any(|n| n.id == id) {
        return Err(AppError::invalid(
            "category_id",
            "category-unknown",
            "Unknown category",
        ));
    }
    Ok(cache.subtree(id))
}
