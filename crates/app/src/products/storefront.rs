//! What the storefront may show.

use super::*;

/// A product as buyers see it: the approved version, in their language where the seller has
/// that edition, else in the seller's source language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShopProduct {
    pub id: ProductId,
    pub seller_id: SellerId,
    pub store_name: String,
    /// The language the text is in.
    pub locale: String,
    pub title: String,
    pub description: String,
    pub brand: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sales_attributes: Vec<String>,
    pub images: Vec<ImageView>,
    pub video_url: Option<String>,
    pub handling_days: i64,
    pub skus: Vec<ShopSku>,
    pub min_price: Money,
    pub max_price: Money,
    pub in_stock: bool,
    pub category_id: CategoryId,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ShopSku {
    pub id: SkuId,
    pub variant: BTreeMap<String, String>,
    pub price: Money,
    pub available: i64,
}

pub(crate) fn pick_edition(p: &Published, locale: Locale) -> Option<&PublishedEdition> {
    p.editions
        .iter()
        .find(|e| e.locale == locale.tag())
        .or_else(|| p.editions.iter().find(|e| e.locale == p.source_locale))
        .or(p.editions.first())
}

pub(super) async fn shop_product(
    conn: &mut Conn,
    row: &ProductRow,
    locale: Locale,
    with_skus: bool,
) -> Result<Option<ShopProduct>> {
    let Some(published) = row
        .published
        .as_deref()
        .and_then(|p| serde_json::from_str::<Published>(p).ok())
    else {
        return Ok(None);
    };
    let seller = seller_row(conn, row.seller_id).await?;
    let currency = seller.currency;
    let edition = pick_edition(&published, locale);
    let skus = if with_skus {
        let skus: Vec<SkuRow> = repo::list_skus(conn, row.id)
            .await?
            .into_iter()
            .filter(|s| s.published)
            .collect();
        let ids: Vec<SkuId> = skus.iter().map(|s| s.id).collect();
        let levels = inv_repo::levels_of(conn, &ids).await?;
        skus.iter()
            .map(|s| ShopSku {
                id: s.id,
                variant: serde_json::from_str(&s.variant).unwrap_or_default(),
                price: Money::new(s.price_minor, currency),
                available: levels
                    .iter()
                    .filter(|l| l.sku_id == s.id)
                    .map(|l| l.available())
                    .sum(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(ShopProduct {
        id: row.id,
        seller_id: row.seller_id,
        store_name: seller.store_name.clone(),
        locale: edition.map(|e| e.locale.clone()).unwrap_or_default(),
        title: edition.map(|e| e.title.clone()).unwrap_or_default(),
        description: edition.map(|e| e.description.clone()).unwrap_or_default(),
        brand: published.brand.clone(),
        attributes: published.attributes.clone(),
        sales_attributes: published.sales_attributes.clone(),
        images: published
            .images
            .iter()
            .map(|i| ImageView {
                id: i.id,
                width: i.width,
                height: i.height,
                display_url: display_url(i.id),
                thumb_url: thumb_url(i.id),
            })
            .collect(),
        video_url: published.video_url.clone(),
        handling_days: published.handling_days,
        min_price: Money::new(row.min_price, currency),
        max_price: Money::new(row.max_price, currency),
        in_stock: row.available > 0,
        skus,
        category_id: published.category_id,
    }))
}

/// A product on sale, or NotFound for anything buyers may not see (not live, shop not
/// approved, never approved).
pub async fn on_sale(app: &App, id: ProductId, locale: Locale) -> Result<ShopProduct> {
    let mut conn = app.db.conn().await?;
    let row = repo::find_product_any(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let seller = seller_row(&mut conn, row.seller_id).await?;
    if row.status != ProductStatus::Live || seller.status != SellerStatus::Approved {
        return Err(AppError::NotFound("product"));
    }
    shop_product(&mut conn, &row, locale, true)
        .await?
        .ok_or(AppError::NotFound("product"))
}

/// Products on sale, newest first: all, in a category subtree, of one shop, or matching words.
pub async fn browse(
    app: &App,
    locale: Locale,
    category: Option<CategoryId>,
    query: Option<&str>,
    seller: Option<SellerId>,
    page: i64,
    per_page: i64,
) -> Result<Vec<ShopProduct>> {
    let cats = match category {
        Some(c) => Some(subtree(app, c).await?),
        None => None,
    };
    let q = query
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let mut conn = app.db.conn().await?;
    let per_page = AppError::page_size("per_page", Some(per_page), 24, 100)?;
    if page < 0 {
        return Err(AppError::invalid(
            "page",
            "page-range",
            "Pages count from 0",
        ));
    }
    let rows = repo::list_on_sale(
        &mut conn,
        cats.as_deref(),
        q.as_deref(),
        seller,
        page.saturating_mul(per_page),
        per_page,
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some(p) = shop_product(&mut conn, r, locale, false).await? {
            out.push(p);
        }
    }
    Ok(out)
}
