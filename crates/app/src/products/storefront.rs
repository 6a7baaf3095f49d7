//! What the storefront may show.

use std::collections::BTreeMap;
use std::sync::Arc;

use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::products::ProductStatus;
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_store::inventory as inv_repo;
use shopdeck_store::products::{self as repo, SkuRow};

use super::edit::seller_row;
use super::list::subtree;
use super::views::{ImageView, Published, PublishedCard, PublishedEdition, PublishedImage};
use crate::shop_cache::Weigh;
use crate::{App, AppError, Result, paging};

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
    pick(&p.editions, |e| &e.locale, &p.source_locale, locale)
}

/// The edition in `locale`, else the source language's, else the first.
fn pick<'a, E>(
    editions: &'a [E],
    locale_of: impl Fn(&E) -> &String,
    source: &str,
    locale: Locale,
) -> Option<&'a E> {
    editions
        .iter()
        .find(|e| locale_of(e) == locale.tag())
        .or_else(|| editions.iter().find(|e| locale_of(e) == source))
        .or(editions.first())
}

/// A product in a storefront list: what its card shows, in the buyer's language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShopCard {
    pub id: ProductId,
    pub seller_id: SellerId,
    pub store_name: String,
    /// The language the title is in.
    pub locale: String,
    pub title: String,
    /// The first picture.
    pub image: Option<ImageView>,
    pub min_price: Money,
    pub max_price: Money,
    pub in_stock: bool,
    pub category_id: CategoryId,
}

fn image_view(i: &PublishedImage) -> ImageView {
    ImageView::of(i.id, i.width, i.height)
}

/// A product on sale in every language it has: what the cache keeps, shown to a buyer by
/// [`Offer::show`].
#[derive(Debug)]
pub(crate) struct Offer {
    listing: Listing,
    published: Published,
    /// The SKUs on sale.
    skus: Vec<ShopSku>,
    /// Bytes of the approved version it was read from.
    bytes: u64,
}

impl Weigh for Offer {
    fn bytes(&self) -> u64 {
        self.bytes + 256
    }
}

/// What a product row and its shop give a product page and a card alike.
#[derive(Debug)]
struct Listing {
    id: ProductId,
    seller_id: SellerId,
    store_name: String,
    currency: Currency,
    min_price: i64,
    max_price: i64,
    available: i64,
}

impl Listing {
    fn prices(&self) -> (Money, Money) {
        (
            Money::new(self.min_price, self.currency),
            Money::new(self.max_price, self.currency),
        )
    }
}

impl Offer {
    fn show(&self, locale: Locale) -> ShopProduct {
        let (published, l) = (&self.published, &self.listing);
        let edition = pick_edition(published, locale);
        let (min_price, max_price) = l.prices();
        ShopProduct {
            id: l.id,
            seller_id: l.seller_id,
            store_name: l.store_name.clone(),
            locale: edition.map(|e| e.locale.clone()).unwrap_or_default(),
            title: edition.map(|e| e.title.clone()).unwrap_or_default(),
            description: edition.map(|e| e.description.clone()).unwrap_or_default(),
            brand: published.brand.clone(),
            attributes: published.attributes.clone(),
            sales_attributes: published.sales_attributes.clone(),
            images: published.images.iter().map(image_view).collect(),
            video_url: published.video_url.clone(),
            handling_days: published.handling_days,
            min_price,
            max_price,
            in_stock: l.available > 0,
            skus: self.skus.clone(),
            category_id: published.category_id,
        }
    }
}

/// The approved snapshot, or None when it is missing or unreadable (then buyers see nothing).
fn published_of(json: Option<&str>) -> Option<Published> {
    json.and_then(|p| serde_json::from_str::<Published>(p).ok())
}

/// A product on sale, or NotFound for anything buyers may not see (not live, shop not
/// approved, never approved). Served from the storefront cache (`shop_cache`) when it holds
/// the product.
pub async fn on_sale(app: &App, id: ProductId, locale: Locale) -> Result<ShopProduct> {
    if let Some(offer) = app.shop_cache.product(id) {
        return Ok(offer.show(locale));
    }
    let since = app.shop_cache.generation();
    let offer = Arc::new(load_offer(app, id).await?);
    app.shop_cache.keep_product(since, id, offer.clone());
    Ok(offer.show(locale))
}

async fn load_offer(app: &App, id: ProductId) -> Result<Offer> {
    let mut conn = app.db.conn().await?;
    let row = repo::find_product_any(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let seller = seller_row(&mut conn, row.seller_id).await?;
    if row.status != ProductStatus::Live || seller.status != SellerStatus::Approved {
        return Err(AppError::NotFound("product"));
    }
    let published = published_of(row.published.as_deref()).ok_or(AppError::NotFound("product"))?;
    let skus: Vec<SkuRow> = repo::list_skus(&mut conn, row.id)
        .await?
        .into_iter()
        .filter(|s| s.published)
        .collect();
    let ids: Vec<SkuId> = skus.iter().map(|s| s.id).collect();
    let levels = inv_repo::levels_of(&mut conn, &ids).await?;
    let skus = skus
        .iter()
        .map(|s| ShopSku {
            id: s.id,
            variant: serde_json::from_str(&s.variant).unwrap_or_default(),
            price: Money::new(s.price_minor, seller.currency),
            available: levels
                .iter()
                .filter(|l| l.sku_id == s.id)
                .map(|l| l.available())
                .sum(),
        })
        .collect();
    Ok(Offer {
        listing: Listing {
            id: row.id,
            seller_id: row.seller_id,
            store_name: seller.store_name,
            currency: seller.currency,
            min_price: row.min_price,
            max_price: row.max_price,
            available: row.available,
        },
        bytes: row.published.as_ref().map_or(0, |p| p.len() as u64),
        published,
        skus,
    })
}

/// What a storefront list asks for.
#[derive(Debug, Clone, Default)]
pub struct Browse<'a> {
    pub locale: Locale,
    /// A category and everything below it.
    pub category: Option<CategoryId>,
    /// Words that must all appear in a title, brand or attribute value.
    pub query: Option<&'a str>,
    pub seller: Option<SellerId>,
    /// The `next_cursor` of the page before; None for the first page.
    pub cursor: Option<&'a str>,
    /// A numbered page (from 0), for shallow pages only: see [`MAX_OFFSET`].
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A page of products on sale.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ShopPage {
    pub items: Vec<ShopCard>,
    /// Pass as `cursor` for the next page; None on the last page.
    pub next_cursor: Option<String>,
}

/// The deepest row a numbered page may start at. Numbered pages count the rows before them,
/// so they stay shallow; deeper pages follow `next_cursor`, which seeks by key at any depth.
pub const MAX_OFFSET: i64 = 1_000;

/// Products on sale, newest first: all, in a category subtree, of one shop, or matching
/// words; paged by cursor (or, near the top, by page number).
pub async fn browse(app: &App, q: &Browse<'_>) -> Result<ShopPage> {
    let per_page = AppError::page_size("per_page", q.per_page, 24, 100)?;
    let page = q.page.unwrap_or(0);
    if page < 0 {
        return Err(AppError::invalid(
            "page",
            "page-range",
            "Pages count from 0",
        ));
    }
    if page.saturating_mul(per_page) > MAX_OFFSET {
        return Err(AppError::invalid(
            "page",
            "page-too-deep",
            format!(
                "Numbered pages reach the first {MAX_OFFSET} products; follow next_cursor to read further"
            ),
        ));
    }
    let after = match q.cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let [at, id] = paging::decode::<2>(c)?;
            let at = at
                .parse::<i64>()
                .ok()
                .and_then(|us| jiff::Timestamp::from_microsecond(us).ok())
                .ok_or_else(paging::invalid)?;
            Some((at, id.parse::<ProductId>().map_err(|_| paging::invalid())?))
        }
    };
    let words = q
        .query
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let key = PageKey {
        category: q.category,
        seller: q.seller,
        query: words.clone(),
        after,
        offset: if after.is_some() { 0 } else { page * per_page },
        limit: per_page,
    };
    let list = match app.shop_cache.page(&key) {
        Some(list) => list,
        None => {
            let since = app.shop_cache.generation();
            let cats = match q.category {
                Some(c) => Some(subtree(app, c).await?),
                None => None,
            };
            let list = Arc::new(load_page(app, &key, cats.as_deref()).await?);
            app.shop_cache.keep_page(since, key, list.clone());
            list
        }
    };
    Ok(ShopPage {
        items: list.items.iter().map(|o| o.show(q.locale)).collect(),
        next_cursor: list.next_cursor.clone(),
    })
}

/// Which page of which storefront list: the cache's key for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PageKey {
    category: Option<CategoryId>,
    seller: Option<SellerId>,
    query: Option<String>,
    after: Option<(jiff::Timestamp, ProductId)>,
    offset: i64,
    limit: i64,
}

/// A page of a storefront list in every language its products have.
#[derive(Debug)]
pub(crate) struct SalePage {
    items: Vec<Card>,
    next_cursor: Option<String>,
}

/// A card in every language: what a cached list page holds per product.
#[derive(Debug)]
struct Card {
    listing: Listing,
    card: PublishedCard,
    bytes: u64,
}

impl Weigh for Card {
    fn bytes(&self) -> u64 {
        self.bytes + 128
    }
}

impl Card {
    fn show(&self, locale: Locale) -> ShopCard {
        let edition = pick(
            &self.card.editions,
            |e| &e.locale,
            &self.card.source_locale,
            locale,
        );
        let l = &self.listing;
        let (min_price, max_price) = l.prices();
        ShopCard {
            id: l.id,
            seller_id: l.seller_id,
            store_name: l.store_name.clone(),
            locale: edition.map(|e| e.locale.clone()).unwrap_or_default(),
            title: edition.map(|e| e.title.clone()).unwrap_or_default(),
            image: self.card.images.first().map(image_view),
            min_price,
            max_price,
            in_stock: l.available > 0,
            category_id: self.card.category_id,
        }
    }
}

impl Weigh for SalePage {
    fn bytes(&self) -> u64 {
        self.items.iter().map(Weigh::bytes).sum::<u64>() + 64
    }
}

async fn load_page(app: &App, key: &PageKey, cats: Option<&[CategoryId]>) -> Result<SalePage> {
    let mut conn = app.db.conn().await?;
    let mut rows = repo::list_on_sale(
        &mut conn,
        &repo::OnSale {
            category_ids: cats,
            query: key.query.as_deref(),
            seller: key.seller,
            after: key.after,
            offset: key.offset,
            limit: key.limit + 1,
        },
    )
    .await?;
    drop(conn);
    let more = rows.len() as i64 > key.limit;
    rows.truncate(usize::try_from(key.limit).unwrap_or(0));
    let next_cursor = more.then(|| rows.last()).flatten().map(|r| {
        paging::encode(&[
            &r.published_at.as_microsecond().to_string(),
            &r.id.to_string(),
        ])
    });
    let items = rows
        .into_iter()
        .filter_map(|r| {
            // From a whole snapshot (a row approved before cards were kept) too.
            let card: PublishedCard = serde_json::from_str(&r.card).ok()?;
            let bytes = card
                .editions
                .iter()
                .map(|e| e.title.len() as u64 + 32)
                .sum::<u64>()
                + 64;
            Some(Card {
                listing: Listing {
                    id: r.id,
                    seller_id: r.seller_id,
                    store_name: r.store_name,
                    currency: r.currency,
                    min_price: r.min_price,
                    max_price: r.max_price,
                    available: r.available,
                },
                card,
                bytes,
            })
        })
        .collect();
    Ok(SalePage { items, next_cursor })
}
