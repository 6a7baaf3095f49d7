//! Products: create and edit with editions per language, images, attributes and SKUs; the
//! automatic quality check; the listing life cycle; the operators' review; and what the
//! storefront may show.
//!
//! A product keeps two versions of its content: the working one the seller edits (the
//! `products`, `product_editions`, `product_images` and `skus` rows) and the approved one
//! buyers see (`products.published`, a JSON snapshot taken when a reviewer approves). Prices
//! and stock live on the SKU rows and apply at once; everything else waits for review.

use std::collections::{BTreeMap, HashMap, HashSet};

use bytes::Bytes;
use object_store::path::Path as FilePath;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ImageId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::products::{
    self as rules, EditionFacts, Finding, Gtin, ListingFacts, ProductAction, ProductStatus,
    QualityGrade, QualityReport, SellerSku,
};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_files::{html, images};
use shopdeck_store::products::{
    self as repo, EditionRow, ImageRow, ProductContent, ProductRow, SkuRow, StatusChange,
};
use shopdeck_store::{Conn, StoreError, categories, inventory as inv_repo, sellers};

use crate::access::{Operator, SellerActor};
use crate::audit::{self, Actor};
use crate::catalog::{self, EffectiveAttribute};
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::{App, AppError, FieldError, Refusal, Result};

// ---------------------------------------------------------------------------------------
// Input

/// Title and description in one language.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EditionInput {
    pub locale: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// Stock of a SKU in one warehouse (the default warehouse when none is named).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct StockInput {
    pub warehouse_id: Option<String>,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SkuInput {
    /// Set when editing an existing SKU.
    pub id: Option<String>,
    pub seller_sku: String,
    pub gtin: Option<String>,
    pub price: PriceInput,
    /// Sales attribute → value, e.g. {"color": "Red", "size": "M"}.
    #[serde(default)]
    pub variant: BTreeMap<String, String>,
    /// When given, sets the on-hand quantity per warehouse.
    pub stock: Option<Vec<StockInput>>,
    pub low_stock_threshold: Option<i64>,
}

/// A price as a client gives it: decimal text in the shop currency ("19.99", from forms and
/// files) or minor units with the currency code (the API).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum PriceInput {
    Minor { amount: i64, currency: String },
    Text(String),
}

impl Default for PriceInput {
    fn default() -> Self {
        PriceInput::Text(String::new())
    }
}

impl PriceInput {
    /// The amount in `currency`, or a field error.
    pub fn resolve(
        &self,
        currency: Currency,
        field: &str,
    ) -> std::result::Result<Money, FieldError> {
        match self {
            PriceInput::Minor {
                amount,
                currency: code,
            } => {
                if !code.eq_ignore_ascii_case(currency.code()) {
                    return Err(FieldError::new(
                        field,
                        "price-currency",
                        format!("Give the price in the shop's currency, {}", currency.code()),
                    ));
                }
                Ok(Money::new(*amount, currency))
            }
            PriceInput::Text(t) => Money::parse_decimal(t.trim(), currency).map_err(|_| {
                FieldError::new(
                    field,
                    "price-format",
                    format!(
                        "Write the price as a number in {}, e.g. 19.99",
                        currency.code()
                    ),
                )
            }),
        }
    }
}

/// Everything a seller fills in for a product.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProductInput {
    pub category_id: String,
    /// The language the seller writes in; its edition is the source of the others.
    pub source_locale: String,
    pub editions: Vec<EditionInput>,
    pub brand: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Up to 3 attributes the SKUs vary by.
    #[serde(default)]
    pub sales_attributes: Vec<String>,
    pub skus: Vec<SkuInput>,
    /// Uploaded image ids in display order; the first is the main image.
    #[serde(default)]
    pub image_ids: Vec<String>,
    pub video_url: Option<String>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    pub handling_days: Option<i64>,
}

impl ProductInput {
    /// The input that would save `v` unchanged: the start of an edit made by code (file
    /// imports, machine translation). Stock is left as it is.
    pub fn from_view(v: &ProductView) -> ProductInput {
        ProductInput {
            category_id: v.category_id.to_string(),
            source_locale: v.source_locale.clone(),
            editions: v
                .editions
                .iter()
                .map(|e| EditionInput {
                    locale: e.locale.clone(),
                    title: e.title.clone(),
                    description: e.description.clone(),
                })
                .collect(),
            brand: v.brand.clone(),
            attributes: v.attributes.clone(),
            sales_attributes: v.sales_attributes.clone(),
            skus: v
                .skus
                .iter()
                .map(|s| SkuInput {
                    id: Some(s.id.to_string()),
                    seller_sku: s.seller_sku.clone(),
                    gtin: s.gtin.clone(),
                    price: PriceInput::Minor {
                        amount: s.price.amount_minor(),
                        currency: s.price.currency().code().to_owned(),
                    },
                    variant: s.variant.clone(),
                    stock: None,
                    low_stock_threshold: s.low_stock_threshold,
                })
                .collect(),
            image_ids: v.images.iter().map(|i| i.id.to_string()).collect(),
            video_url: v.video_url.clone(),
            weight_grams: v.weight_grams,
            length_mm: v.length_mm,
            width_mm: v.width_mm,
            height_mm: v.height_mm,
            handling_days: Some(v.handling_days),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Views

#[derive(Debug, Clone, serde::Serialize)]
pub struct StockView {
    pub warehouse_id: String,
    pub warehouse_name: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SkuView {
    pub id: SkuId,
    pub seller_sku: String,
    pub gtin: Option<String>,
    pub price: Money,
    pub variant: BTreeMap<String, String>,
    pub low_stock_threshold: Option<i64>,
    /// False for a SKU added to a live product whose edit is still under review.
    pub on_sale: bool,
    pub stock: Vec<StockView>,
    pub available: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImageView {
    pub id: ImageId,
    pub width: i64,
    pub height: i64,
    pub display_url: String,
    pub thumb_url: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EditionView {
    pub locale: String,
    pub title: String,
    pub description: String,
    pub is_source: bool,
    /// Made by machine translation rather than written by the seller.
    pub generated: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewView {
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reasons: Vec<Finding>,
    pub actor_type: String,
    pub created_at: jiff::Timestamp,
}

/// A product as its seller (or a reviewing operator) sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProductView {
    pub id: ProductId,
    pub seller_id: SellerId,
    pub status: ProductStatus,
    /// `NONE`, `AUDITING`, `REJECTED` or `PASSED`: the review of the latest content.
    pub audit_status: String,
    pub category_id: CategoryId,
    pub category_path: Vec<String>,
    pub source_locale: String,
    pub title: String,
    pub editions: Vec<EditionView>,
    pub brand: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sales_attributes: Vec<String>,
    pub images: Vec<ImageView>,
    pub video_url: Option<String>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    pub handling_days: i64,
    pub skus: Vec<SkuView>,
    pub currency: String,
    pub quality_grade: Option<QualityGrade>,
    pub suggestions: Vec<Finding>,
    /// Why the last check or review refused it.
    pub failed_reasons: Vec<Finding>,
    /// Whether an approved version is on sale (or was, before deactivation).
    pub has_published_version: bool,
    /// Days left to recover a deleted product.
    pub recoverable_until: Option<jiff::Timestamp>,
    pub available: i64,
    pub version: i64,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub reviews: Vec<ReviewView>,
}

/// The approved version of a product's content: what buyers see.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    pub category_id: CategoryId,
    pub source_locale: String,
    pub editions: Vec<PublishedEdition>,
    pub brand: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sales_attributes: Vec<String>,
    pub images: Vec<PublishedImage>,
    pub video_url: Option<String>,
    pub handling_days: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishedEdition {
    pub locale: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishedImage {
    pub id: ImageId,
    pub width: i64,
    pub height: i64,
}

pub fn display_url(id: ImageId) -> String {
    format!("/media/{id}/display")
}

pub fn thumb_url(id: ImageId) -> String {
    format!("/media/{id}/thumb")
}

// ---------------------------------------------------------------------------------------
// Images

/// Checks an uploaded image by decoding it, makes the display size and thumbnail, and keeps
/// all three. The image is the shop's, unattached until a product uses it.
pub async fn upload_image(app: &App, actor: &SellerActor, bytes: Bytes) -> Result<ImageView> {
    actor.require(Area::Products, Access::Edit)?;
    let data = bytes.clone();
    let processed = tokio::task::spawn_blocking(move || images::process_product_image(&data))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::invalid("file", e.code(), e.to_string()))?;
    let id: ImageId = app.new_id();
    let base = format!("sellers/{}/images/{id}", actor.seller_id);
    let original_key = format!("{base}.{}", processed.format.extension());
    let display_key = format!("{base}_display.jpg");
    let thumb_key = format!("{base}_thumb.jpg");
    // Files first: a row never points at a missing file; an orphan file is harmless.
    for (key, data) in [
        (&original_key, bytes.clone()),
        (&display_key, Bytes::from(processed.display)),
        (&thumb_key, Bytes::from(processed.thumb)),
    ] {
        app.files
            .put(&FilePath::from(key.as_str()), data.into())
            .await
            .map_err(AppError::internal)?;
    }
    let row = ImageRow {
        id,
        seller_id: actor.seller_id,
        product_id: None,
        position: 0,
        format: processed.format.extension().into(),
        width: i64::from(processed.width),
        height: i64::from(processed.height),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        original_key,
        display_key,
        thumb_key,
        created_at: app.now(),
    };
    let mut tx = app.db.begin().await?;
    repo::insert_image(&mut tx, &row).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(image_view(&row))
}

fn image_view(i: &ImageRow) -> ImageView {
    ImageView {
        id: i.id,
        width: i.width,
        height: i.height,
        display_url: display_url(i.id),
        thumb_url: thumb_url(i.id),
    }
}

/// An image rendition for `/media/{id}/{size}`: `display`, `thumb` or `original`.
pub async fn image_file(app: &App, id: ImageId, size: &str) -> Result<(Bytes, &'static str)> {
    let row = {
        let mut conn = app.db.conn().await?;
        image_row(&mut conn, id).await?
    };
    let (key, mime) = match size {
        "display" => (row.display_key, "image/jpeg"),
        "thumb" => (row.thumb_key, "image/jpeg"),
        "original" => (
            row.original_key,
            match row.format.as_str() {
                "png" => "image/png",
                "webp" => "image/webp",
                _ => "image/jpeg",
            },
        ),
        _ => return Err(AppError::NotFound("image")),
    };
    let bytes = app
        .files
        .get(&FilePath::from(key.as_str()))
        .await
        .map_err(|e| match e {
            object_store::Error::NotFound { .. } => AppError::NotFound("image"),
            other => AppError::internal(other),
        })?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    Ok((bytes, mime))
}

async fn image_row(conn: &mut Conn, id: ImageId) -> Result<ImageRow> {
    repo::find_image_any(conn, id)
        .await?
        .ok_or(AppError::NotFound("image"))
}

// ---------------------------------------------------------------------------------------
// Validation

/// The input, checked and normalised, ready to store.
pub(crate) struct Checked {
    category_id: CategoryId,
    source_locale: Locale,
    editions: Vec<(Locale, String, String)>,
    brand: Option<String>,
    attributes: BTreeMap<String, String>,
    sales_attributes: Vec<String>,
    skus: Vec<CheckedSku>,
    images: Vec<ImageRow>,
    video_url: Option<String>,
    weight_grams: Option<i64>,
    length_mm: Option<i64>,
    width_mm: Option<i64>,
    height_mm: Option<i64>,
    handling_days: i64,
}

struct CheckedSku {
    id: Option<SkuId>,
    seller_sku: String,
    gtin: Option<String>,
    price_minor: i64,
    variant: BTreeMap<String, String>,
    stock: Option<Vec<(Option<String>, i64)>>,
    low_stock_threshold: Option<i64>,
}

/// The category tree and per-category attributes, loaded once per request or import.
pub(crate) struct CatalogCache {
    rows: Vec<categories::CategoryRow>,
    attrs: HashMap<CategoryId, Vec<EffectiveAttribute>>,
}

impl CatalogCache {
    pub(crate) async fn load(app: &App, locale: Locale) -> Result<CatalogCache> {
        let mut conn = app.db.conn().await?;
        Ok(CatalogCache {
            rows: categories::list_categories(&mut conn, locale.tag()).await?,
            attrs: HashMap::new(),
        })
    }

    fn is_leaf(&self, id: CategoryId) -> bool {
        self.rows.iter().any(|r| r.id == id && r.is_leaf)
    }

    pub(crate) fn find_by_slug_or_id(&self, s: &str) -> Option<CategoryId> {
        let s = s.trim();
        self.rows
            .iter()
            .find(|r| r.id.to_string() == s || r.slug.eq_ignore_ascii_case(s))
            .map(|r| r.id)
    }

    async fn attributes(&mut self, app: &App, id: CategoryId) -> Result<Vec<EffectiveAttribute>> {
        if let Some(a) = self.attrs.get(&id) {
            return Ok(a.clone());
        }
        let a = catalog::attributes_for(app, id, Locale::En).await?;
        self.attrs.insert(id, a.clone());
        Ok(a)
    }

    pub(crate) fn slug_of(&self, id: CategoryId) -> String {
        self.rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.slug.clone())
            .unwrap_or_default()
    }

    fn path(&self, id: CategoryId) -> Vec<String> {
        let mut path = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let Some(n) = self.rows.iter().find(|n| n.id == c) else {
                break;
            };
            path.push(n.name.clone());
            cur = n.parent_id;
        }
        path.reverse();
        path
    }

    fn subtree(&self, id: CategoryId) -> Vec<CategoryId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                self.rows
                    .iter()
                    .filter(|n| n.parent_id == Some(parent))
                    .map(|n| n.id),
            );
            i += 1;
        }
        out
    }
}

pub(crate) async fn check_input(
    app: &App,
    cache: &mut CatalogCache,
    conn: &mut Conn,
    seller: SellerId,
    currency: Currency,
    input: &ProductInput,
    product: Option<ProductId>,
) -> Result<Checked> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut err = |field: String, code: &str, msg: &str| {
        errors.push(FieldError::new(&field, code, msg));
    };

    // Category: an existing leaf.
    let category_id: Option<CategoryId> = cache.find_by_slug_or_id(&input.category_id);
    let category_ok = category_id.is_some_and(|id| cache.is_leaf(id));
    if !category_ok {
        err(
            "category_id".into(),
            "category-leaf",
            "Pick a category at the bottom of the tree",
        );
    }
    let category_attributes = match (category_ok, category_id) {
        (true, Some(id)) => cache.attributes(app, id).await?,
        _ => Vec::new(),
    };

    // Editions: the source one present, each language once.
    let source_locale = Locale::from_tag(input.source_locale.trim());
    if source_locale.is_none() {
        err(
            "source_locale".into(),
            "locale-unknown",
            "Choose one of the six languages",
        );
    }
    let mut editions = Vec::new();
    let mut seen = HashSet::new();
    for (i, e) in input.editions.iter().enumerate() {
        let Some(locale) = Locale::from_tag(e.locale.trim()) else {
            err(
                format!("editions[{i}].locale"),
                "locale-unknown",
                "Choose one of the six languages",
            );
            continue;
        };
        if !seen.insert(locale) {
            err(
                format!("editions[{i}].locale"),
                "locale-duplicate",
                "Each language has one edition",
            );
            continue;
        }
        let title = e.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            err(
                format!("editions[{i}].title"),
                "title-required",
                "Give the product a title",
            );
        } else if title.chars().count() > 255 {
            err(
                format!("editions[{i}].title"),
                "title-length",
                "Use at most 255 characters",
            );
        }
        if e.description.len() > 60_000 {
            err(
                format!("editions[{i}].description"),
                "description-length",
                "Shorten the description to 10,000 characters",
            );
        }
        let description = html::sanitize_description(&e.description);
        editions.push((locale, title, description));
    }
    if let Some(src) = source_locale
        && !editions.iter().any(|(l, _, _)| *l == src)
    {
        err(
            "editions".into(),
            "edition-source-missing",
            "Write the title in the source language",
        );
    }

    // Brand.
    let brand = input
        .brand
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned);
    if brand.as_ref().is_some_and(|b| b.chars().count() > 100) {
        err("brand".into(), "brand-length", "Use at most 100 characters");
    }

    // Product attributes: known to the category, values from its list.
    let mut attributes = BTreeMap::new();
    for (key, value) in &input.attributes {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let Some(def) = category_attributes.iter().find(|a| &a.key == key) else {
            if category_ok {
                err(
                    format!("attributes.{key}"),
                    "attribute-unknown",
                    "This category has no such attribute",
                );
            }
            continue;
        };
        if let Some(msg) = attribute_value_error(def, value) {
            err(format!("attributes.{key}"), "attribute-value", &msg);
            continue;
        }
        // A list value is stored as the list's own spelling.
        let canonical = def
            .values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .cloned()
            .unwrap_or_else(|| value.to_owned());
        attributes.insert(key.clone(), canonical);
    }

    // Sales attributes.
    let mut sales_attributes = Vec::new();
    if input.sales_attributes.len() > rules::MAX_SALES_ATTRIBUTES {
        err(
            "sales_attributes".into(),
            "sales-attributes-count",
            "Vary SKUs by at most 3 attributes",
        );
    }
    for (i, key) in input.sales_attributes.iter().enumerate() {
        if sales_attributes.contains(key) {
            err(
                format!("sales_attributes[{i}]"),
                "sales-attribute-duplicate",
                "Name each attribute once",
            );
            continue;
        }
        match category_attributes.iter().find(|a| &a.key == key) {
            Some(a) if a.sales => sales_attributes.push(key.clone()),
            _ if category_ok => err(
                format!("sales_attributes[{i}]"),
                "sales-attribute-unknown",
                "SKUs in this category cannot vary by this attribute",
            ),
            _ => {}
        }
    }

    // SKUs.
    let mut skus = Vec::new();
    if input.skus.is_empty() {
        err(
            "skus".into(),
            "skus-missing",
            "Add at least one SKU with a price",
        );
    }
    if input.skus.len() > rules::MAX_SKUS {
        err(
            "skus".into(),
            "skus-count",
            "A product has at most 100 SKUs",
        );
    }
    if input.sales_attributes.is_empty() && input.skus.len() > 1 {
        err(
            "sales_attributes".into(),
            "sales-attributes-needed",
            "Say what the SKUs differ by (colour, size…)",
        );
    }
    let mut codes = HashSet::new();
    let mut gtins = HashSet::new();
    let mut combos = HashSet::new();
    for (i, s) in input.skus.iter().enumerate() {
        let f = |name: &str| format!("skus[{i}].{name}");
        let id = match s.id.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
            None => None,
            Some(raw) => match raw.parse::<SkuId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    err(
                        f("id"),
                        "sku-unknown",
                        "This SKU is not part of the product",
                    );
                    None
                }
            },
        };
        let seller_sku = match SellerSku::parse(&s.seller_sku) {
            Ok(c) => c.as_str().to_owned(),
            Err(e) => {
                err(f("seller_sku"), "seller-sku", &e.to_string());
                String::new()
            }
        };
        if !seller_sku.is_empty() && !codes.insert(seller_sku.to_lowercase()) {
            err(
                f("seller_sku"),
                "seller-sku-duplicate",
                "Each SKU needs its own seller SKU",
            );
        }
        let gtin = match s.gtin.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
            None => None,
            Some(g) => match Gtin::parse(g) {
                Ok(g) => {
                    if !gtins.insert(g.as_str().to_owned()) {
                        err(f("gtin"), "gtin-duplicate", "Each SKU has its own barcode");
                    }
                    Some(g.as_str().to_owned())
                }
                Err(e) => {
                    err(f("gtin"), "gtin", &e.to_string());
                    None
                }
            },
        };
        let price_minor = match s.price.resolve(currency, &f("price")) {
            Ok(m) if m.amount_minor() <= 0 => {
                err(
                    f("price"),
                    "price-positive",
                    "The price must be more than zero",
                );
                0
            }
            // A draft keeps to the same bounds as a listing: it is one submission away.
            Ok(m) => match parse_price(&s.price, currency, &f("price")) {
                Ok(_) => m.amount_minor(),
                Err(AppError::Validation(errors)) => {
                    for e in errors {
                        err(e.field, &e.code, &e.message);
                    }
                    0
                }
                Err(other) => return Err(other),
            },
            Err(e) => {
                err(e.field, &e.code, &e.message);
                0
            }
        };
        let mut variant = BTreeMap::new();
        for key in &input.sales_attributes {
            let v = s.variant.get(key).map(|v| v.trim()).unwrap_or("");
            if v.is_empty() {
                err(
                    format!("skus[{i}].variant.{key}"),
                    "variant-value-missing",
                    "Give this SKU's value",
                );
                continue;
            }
            if v.chars().count() > 50 {
                err(
                    format!("skus[{i}].variant.{key}"),
                    "variant-value-length",
                    "Use at most 50 characters",
                );
                continue;
            }
            // Variant values are the seller's own words ("Sage green", "EU 38"), as on
            // the marketplaces: the attribute's list only suggests them. A value that names
            // one of the list's (in any language, any case) is stored as its code, so every
            // reader sees it in their own language ("xs" → "XS", "black" → "ブラック").
            let v = catalog::value_code(key, v).unwrap_or_else(|| v.to_owned());
            variant.insert(key.clone(), v);
        }
        for key in s.variant.keys() {
            if !input.sales_attributes.contains(key) {
                err(
                    format!("skus[{i}].variant.{key}"),
                    "variant-key-unknown",
                    "Add it to the sales attributes first",
                );
            }
        }
        if !variant.is_empty() {
            let combo: Vec<String> = variant.values().map(|v| v.to_lowercase()).collect();
            if !combos.insert(combo) {
                err(
                    f("variant"),
                    "variant-duplicate",
                    "Two SKUs have the same combination",
                );
            }
        }
        let stock = match &s.stock {
            None => None,
            Some(list) => {
                let mut out = Vec::new();
                for (j, st) in list.iter().enumerate() {
                    if !(0..=inventory::MAX_STOCK).contains(&st.quantity) {
                        err(
                            format!("skus[{i}].stock[{j}].quantity"),
                            "stock-range",
                            "Use a whole number from 0 to 999,999",
                        );
                    }
                    out.push((st.warehouse_id.clone(), st.quantity));
                }
                Some(out)
            }
        };
        if let Some(t) = s.low_stock_threshold
            && !(0..=inventory::MAX_STOCK).contains(&t)
        {
            err(
                f("low_stock_threshold"),
                "stock-range",
                "Use a whole number from 0 to 999,999",
            );
        }
        skus.push(CheckedSku {
            id,
            seller_sku,
            gtin,
            price_minor,
            variant,
            stock,
            low_stock_threshold: s.low_stock_threshold,
        });
    }

    // Images: the shop's own uploads, at most nine, each once.
    let mut image_ids = Vec::new();
    if input.image_ids.len() > rules::MAX_IMAGES {
        err(
            "image_ids".into(),
            "images-too-many",
            "Keep at most 9 images",
        );
    }
    for (i, raw) in input.image_ids.iter().enumerate() {
        match raw.trim().parse::<ImageId>() {
            Ok(id) if !image_ids.contains(&id) => image_ids.push(id),
            Ok(_) => err(
                format!("image_ids[{i}]"),
                "image-duplicate",
                "This image is already in the list",
            ),
            Err(_) => err(
                format!("image_ids[{i}]"),
                "image-unknown",
                "Upload the image first",
            ),
        }
    }
    let found = repo::find_images(conn, seller, &image_ids).await?;
    let mut images = Vec::new();
    for (i, id) in image_ids.iter().enumerate() {
        match found.iter().find(|r| r.id == *id) {
            Some(r) if r.product_id.is_none() || r.product_id == product => images.push(r.clone()),
            Some(_) => err(
                format!("image_ids[{i}]"),
                "image-in-use",
                "This image belongs to another product; upload it again",
            ),
            None => err(
                format!("image_ids[{i}]"),
                "image-unknown",
                "Upload the image first",
            ),
        }
    }

    let video_url = input
        .video_url
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    if let Some(v) = &video_url
        && (!(v.starts_with("https://") || v.starts_with("http://"))
            || v.len() > 500
            || v.chars().any(char::is_whitespace))
    {
        err(
            "video_url".into(),
            "video-url",
            "Give a web address starting with https://",
        );
    }
    let mut measure = |name: &str, v: Option<i64>, max: i64| {
        if let Some(x) = v
            && !(1..=max).contains(&x)
        {
            errors.push(FieldError::new(
                name,
                "measure-range",
                format!("Use a whole number from 1 to {max}"),
            ));
        }
        v
    };
    let weight_grams = measure("weight_grams", input.weight_grams, 1_000_000);
    let length_mm = measure("length_mm", input.length_mm, 10_000);
    let width_mm = measure("width_mm", input.width_mm, 10_000);
    let height_mm = measure("height_mm", input.height_mm, 10_000);
    let handling_days = input.handling_days.unwrap_or(3);
    if !(1..=30).contains(&handling_days) {
        errors.push(FieldError::new(
            "handling_days",
            "handling-days",
            "Ship within 1 to 30 days",
        ));
    }

    // Seller SKUs taken by another product of the shop.
    for (i, s) in skus.iter().enumerate() {
        if s.seller_sku.is_empty() {
            continue;
        }
        if let Some(other) = repo::find_sku_by_code(conn, seller, &s.seller_sku).await?
            && Some(other.product_id) != product
        {
            errors.push(FieldError::new(
                &format!("skus[{i}].seller_sku"),
                "seller-sku-taken",
                "Another product of the shop uses this seller SKU",
            ));
        }
    }

    let (Some(category_id), Some(source_locale)) = (category_id, source_locale) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Checked {
        category_id,
        source_locale,
        editions,
        brand,
        attributes,
        sales_attributes,
        skus,
        images,
        video_url,
        weight_grams,
        length_mm,
        width_mm,
        height_mm,
        handling_days,
    })
}

/// Why a value does not fit an attribute, if it does not.
fn attribute_value_error(def: &EffectiveAttribute, value: &str) -> Option<String> {
    if value.chars().count() > 200 {
        return Some("Use at most 200 characters".into());
    }
    match def.kind.as_str() {
        "list"
            if !def.values.is_empty()
                && !def.values.iter().any(|v| v.eq_ignore_ascii_case(value)) =>
        {
            Some(format!("Choose one of: {}", def.values.join(", ")))
        }
        "number" if value.replace(',', ".").parse::<f64>().is_err() => Some("Give a number".into()),
        _ => None,
    }
}

fn search_text(
    editions: &[(Locale, String, String)],
    brand: Option<&str>,
    skus: &[String],
) -> String {
    let mut s = String::new();
    for (_, title, _) in editions {
        s.push_str(&title.to_lowercase());
        s.push(' ');
    }
    if let Some(b) = brand {
        s.push_str(&b.to_lowercase());
        s.push(' ');
    }
    for k in skus {
        s.push_str(&k.to_lowercase());
        s.push(' ');
    }
    s
}

/// The content that needs review, as one comparable value (prices, stock and thresholds
/// excluded: they apply at once).
fn fingerprint(
    row: &ProductRow,
    editions: &[EditionRow],
    images: &[ImageRow],
    skus: &[SkuRow],
) -> serde_json::Value {
    serde_json::json!({
        "category": row.category_id.to_string(),
        "source": row.source_locale,
        "editions": editions.iter().map(|e| (&e.locale, &e.title, &e.description)).collect::<Vec<_>>(),
        "brand": row.brand,
        "attributes": row.attributes,
        "sales": row.sales_attributes,
        "images": images.iter().filter(|i| i.position >= 0).map(|i| i.id.to_string()).collect::<Vec<_>>(),
        "video": row.video_url,
        "package": [row.weight_grams, row.length_mm, row.width_mm, row.height_mm],
        "handling": row.handling_days,
        "skus": skus.iter().map(|k| (&k.seller_sku, &k.gtin, &k.variant)).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------------------------------
// Create and edit

/// What became of a save.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    pub id: ProductId,
    pub status: ProductStatus,
    pub audit_status: String,
    /// When the automatic check ran: its findings.
    pub report: Option<QualityReport>,
}

/// Creates a product as a draft, or submits it at once when `submit`.
pub async fn create(
    app: &App,
    actor: &SellerActor,
    input: &ProductInput,
    submit: bool,
) -> Result<Saved> {
    actor.require(Area::Products, Access::Edit)?;
    let mut cache = CatalogCache::load(app, Locale::En).await?;
    let mut tx = app.db.begin().await?;
    let saved = create_in(app, &mut tx, actor, &mut cache, input, submit).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "product.created",
        Some(&saved.id.to_string()),
        serde_json::json!({"skus": input.skus.len(), "submit": submit}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(saved)
}

/// Creates a product on the caller's transaction (no audit entry: callers record one).
pub(crate) async fn create_in(
    app: &App,
    tx: &mut Conn,
    actor: &SellerActor,
    cache: &mut CatalogCache,
    input: &ProductInput,
    submit: bool,
) -> Result<Saved> {
    let seller = seller_row(tx, actor.seller_id).await?;
    let currency = seller.currency;
    let c = check_input(app, cache, tx, actor.seller_id, currency, input, None).await?;
    let id: ProductId = app.new_id();
    write_content(app, tx, actor, id, None, &c).await?;
    if submit {
        submit_in(app, tx, actor, id).await
    } else {
        Ok(Saved {
            id,
            status: ProductStatus::Draft,
            audit_status: "NONE".into(),
            report: None,
        })
    }
}

/// Replaces a product's content. `version` guards against overwriting someone else's save.
/// A live product's content edit goes to review while the approved version stays on sale;
/// price and stock apply at once.
pub async fn update(
    app: &App,
    actor: &SellerActor,
    id: ProductId,
    input: &ProductInput,
    version: Option<i64>,
    submit: bool,
) -> Result<Saved> {
    actor.require(Area::Products, Access::Edit)?;
    let mut cache = CatalogCache::load(app, Locale::En).await?;
    let mut tx = app.db.begin().await?;
    let (saved, content_changed) =
        update_in(app, &mut tx, actor, &mut cache, id, input, version, submit).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "product.updated",
        Some(&id.to_string()),
        serde_json::json!({"content_changed": content_changed}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(saved)
}

/// Updates a product on the caller's transaction; also says whether reviewed content changed.
#[expect(clippy::too_many_arguments, reason = "the update's parts")]
pub(crate) async fn update_in(
    app: &App,
    tx: &mut Conn,
    actor: &SellerActor,
    cache: &mut CatalogCache,
    id: ProductId,
    input: &ProductInput,
    version: Option<i64>,
    submit: bool,
) -> Result<(Saved, bool)> {
    let row = repo::find_product(tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let status = row.status;
    if matches!(
        status,
        ProductStatus::Deleted | ProductStatus::PlatformDeactivated
    ) {
        return Err(AppError::refused(
            Refusal::ProductState,
            format!("a {} product cannot be edited", status.as_str()),
        ));
    }
    if let Some(v) = version
        && v != row.version
    {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "someone saved this product meanwhile; reload it and edit again",
        ));
    }
    let seller = seller_row(tx, actor.seller_id).await?;
    let currency = seller.currency;
    let c = check_input(app, cache, tx, actor.seller_id, currency, input, Some(id)).await?;
    let before = {
        let e = repo::list_editions(tx, id).await?;
        let i = repo::list_images(tx, id).await?;
        let s = repo::list_skus(tx, id).await?;
        fingerprint(&row, &e, &i, &s)
    };
    write_content(app, tx, actor, id, Some(&row), &c).await?;
    let after_row = repo::find_product(tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let after = {
        let e = repo::list_editions(tx, id).await?;
        let i = repo::list_images(tx, id).await?;
        let s = repo::list_skus(tx, id).await?;
        fingerprint(&after_row, &e, &i, &s)
    };
    let content_changed = before != after;
    let needs_review = content_changed
        && matches!(
            status,
            ProductStatus::Live | ProductStatus::SellerDeactivated | ProductStatus::Pending
        );
    let saved = if submit || needs_review {
        submit_in(app, tx, actor, id).await?
    } else {
        Saved {
            id,
            status,
            audit_status: after_row.audit_status,
            report: None,
        }
    };
    Ok((saved, content_changed))
}

async fn seller_row(conn: &mut Conn, id: SellerId) -> Result<sellers::SellerRow> {
    sellers::find_seller(conn, id)
        .await?
        .ok_or(AppError::NotFound("shop"))
}

/// Writes the checked content: product row, editions, images, SKUs (kept, changed, added,
/// removed) and any stock given.
async fn write_content(
    app: &App,
    tx: &mut Conn,
    actor: &SellerActor,
    id: ProductId,
    existing: Option<&ProductRow>,
    c: &Checked,
) -> Result<()> {
    let now = app.now();
    let source_title = c
        .editions
        .iter()
        .find(|(l, _, _)| *l == c.source_locale)
        .map(|(_, t, _)| t.clone())
        .unwrap_or_default();
    let attributes = serde_json::to_string(&c.attributes).map_err(AppError::internal)?;
    let sales = serde_json::to_string(&c.sales_attributes).map_err(AppError::internal)?;
    let codes: Vec<String> = c.skus.iter().map(|s| s.seller_sku.clone()).collect();
    let search = search_text(&c.editions, c.brand.as_deref(), &codes);
    let content = ProductContent {
        category_id: c.category_id,
        source_locale: c.source_locale.tag(),
        title: &source_title,
        search_text: &search,
        brand: c.brand.as_deref(),
        attributes: &attributes,
        sales_attributes: &sales,
        video_url: c.video_url.as_deref(),
        weight_grams: c.weight_grams,
        length_mm: c.length_mm,
        width_mm: c.width_mm,
        height_mm: c.height_mm,
        handling_days: c.handling_days,
    };
    match existing {
        None => {
            repo::insert_product(tx, id, actor.seller_id, &content, Some(actor.user_id), now)
                .await?;
        }
        Some(row) => {
            if !repo::update_content(tx, actor.seller_id, id, row.version, &content, now).await? {
                return Err(AppError::refused(
                    Refusal::ChangedMeanwhile,
                    "someone saved this product meanwhile; reload it and edit again",
                ));
            }
        }
    }
    // Editions: keep the generated flag of untouched machine translations.
    let old_editions = repo::list_editions(tx, id).await?;
    let editions: Vec<EditionRow> = c
        .editions
        .iter()
        .map(|(l, t, d)| {
            let old = old_editions.iter().find(|o| o.locale == l.tag());
            let untouched = old.is_some_and(|o| &o.title == t && &o.description == d);
            EditionRow {
                locale: l.tag().into(),
                title: t.clone(),
                description: d.clone(),
                is_source: *l == c.source_locale,
                generated: untouched && old.is_some_and(|o| o.generated),
                updated_at: if untouched {
                    old.map(|o| o.updated_at).unwrap_or(now)
                } else {
                    now
                },
            }
        })
        .collect();
    repo::replace_editions(tx, id, &editions).await?;
    let image_ids: Vec<ImageId> = c.images.iter().map(|i| i.id).collect();
    repo::set_product_images(tx, actor.seller_id, id, &image_ids).await?;

    // SKUs: match by id, then by seller SKU; remove the rest.
    let old_skus = repo::list_skus(tx, id).await?;
    let mut kept: HashSet<SkuId> = HashSet::new();
    let mut plan: Vec<(SkuRow, bool, &CheckedSku)> = Vec::new();
    for (pos, s) in c.skus.iter().enumerate() {
        let old =
            s.id.and_then(|sid| old_skus.iter().find(|o| o.id == sid))
                .or_else(|| {
                    old_skus.iter().find(|o| {
                        o.seller_sku.eq_ignore_ascii_case(&s.seller_sku) && !kept.contains(&o.id)
                    })
                });
        if s.id.is_some() && old.is_none() {
            return Err(AppError::invalid(
                &format!("skus[{pos}].id"),
                "sku-unknown",
                "This SKU is not part of the product",
            ));
        }
        let variant = serde_json::to_string(&s.variant).map_err(AppError::internal)?;
        let row = SkuRow {
            id: old.map(|o| o.id).unwrap_or_else(|| app.new_id()),
            product_id: id,
            seller_id: actor.seller_id,
            seller_sku: s.seller_sku.clone(),
            gtin: s.gtin.clone(),
            price_minor: s.price_minor,
            variant,
            position: pos as i64,
            low_stock_threshold: s.low_stock_threshold,
            low_stock_alerted: old.is_some_and(|o| o.low_stock_alerted),
            // A SKU added to a product already on sale waits for the review.
            published: old.map(|o| o.published).unwrap_or(false),
        };
        kept.insert(row.id);
        plan.push((row, old.is_some(), s));
    }
    for o in &old_skus {
        if !kept.contains(&o.id) {
            repo::delete_sku(tx, actor.seller_id, o.id).await?;
        }
    }
    // Renames first get a temporary code so swapping two codes does not trip the unique key.
    for (row, existed, _) in &plan {
        if *existed {
            let mut tmp = row.clone();
            tmp.seller_sku = format!("~{}", row.id);
            repo::update_sku(tx, &tmp, now).await?;
        }
    }
    let mover = Mover::from(actor);
    let default_wh = inventory::default_warehouse(app, tx, actor.seller_id).await?;
    let warehouses = inventory::warehouses(app, tx, actor.seller_id).await?;
    let mut stocked: Vec<SkuId> = Vec::new();
    for (row, existed, input) in &plan {
        if *existed {
            repo::update_sku(tx, row, now).await?;
        } else {
            repo::insert_sku(tx, row, now).await.map_err(|e| match e {
                StoreError::Conflict { .. } => AppError::invalid(
                    &format!("skus[{}].seller_sku", row.position),
                    "seller-sku-taken",
                    "Another product of the shop uses this seller SKU",
                ),
                other => other.into(),
            })?;
        }
        if let Some(stock) = &input.stock {
            for (wh, qty) in stock {
                let warehouse = match wh.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                    None => default_wh,
                    Some(w) => warehouses
                        .iter()
                        .find(|x| x.id.to_string() == w || inventory::names_warehouse(&x.name, w))
                        .map(|x| x.id)
                        .ok_or_else(|| {
                            AppError::invalid(
                                &format!("skus[{}].stock", row.position),
                                "warehouse-unknown",
                                "No warehouse of this shop has this id or name",
                            )
                        })?,
                };
                let current = inv_repo::find_level(tx, row.id, warehouse).await?;
                if current.as_ref().map(|l| l.on_hand) == Some(*qty) {
                    continue;
                }
                inventory::apply_quiet(
                    app,
                    tx,
                    &Change {
                        seller: actor.seller_id,
                        sku: row.id,
                        warehouse,
                        kind: MovementKind::Set,
                        quantity: *qty,
                        reason: shopdeck_domain::orders::StockReason::ProductEdit.as_str(),
                        reference: Some(&id.to_string()),
                        mover: &mover,
                    },
                )
                .await
                .map_err(|e| match e {
                    AppError::Conflict { detail: m, .. } => AppError::invalid(
                        &format!("skus[{}].stock", row.position),
                        "stock-reserved",
                        m,
                    ),
                    other => other,
                })?;
                stocked.push(row.id);
            }
        } else if !existed {
            // A new SKU starts with an empty shelf in the default warehouse.
            inv_repo::ensure_level(tx, actor.seller_id, row.id, default_wh, now).await?;
        }
    }
    let default = inv_repo::low_stock_default(tx, actor.seller_id).await?;
    repo::refresh_aggregates(tx, id, default, now).await?;
    for (row, _, _) in &plan {
        if stocked.contains(&row.id) {
            inventory::check_low_stock(app, tx, row, default).await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Quality check and life cycle

/// Runs the automatic check on the stored working content.
async fn quality_report(app: &App, conn: &mut Conn, row: &ProductRow) -> Result<QualityReport> {
    let seller = seller_row(conn, row.seller_id).await?;
    let editions = repo::list_editions(conn, row.id).await?;
    let imgs: Vec<ImageRow> = repo::list_images(conn, row.id)
        .await?
        .into_iter()
        .filter(|i| i.position >= 0)
        .collect();
    let skus = repo::list_skus(conn, row.id).await?;
    let attrs: BTreeMap<String, String> = serde_json::from_str(&row.attributes).unwrap_or_default();
    let defs = catalog::attributes_for(app, row.category_id, Locale::En).await?;
    let sales: Vec<String> = serde_json::from_str(&row.sales_attributes).unwrap_or_default();
    // A required attribute is met by a product value, by varying the SKUs by it, or (for the
    // brand) by the brand field.
    let missing: Vec<String> = defs
        .iter()
        .filter(|d| d.required)
        .filter(|d| !attrs.contains_key(&d.key))
        .filter(|d| !(d.sales && sales.contains(&d.key)))
        .filter(|d| !(d.key == "brand" && row.brand.is_some()))
        .map(|d| d.key.clone())
        .collect();
    let unfilled = defs
        .iter()
        .filter(|d| !d.required && !d.sales && d.key != "brand" && !attrs.contains_key(&d.key))
        .count();
    let facts = ListingFacts {
        min_title_chars: if matches!(seller.country.as_str(), "US" | "GB") {
            1
        } else {
            25
        },
        editions: editions
            .iter()
            .map(|e| EditionFacts {
                locale: e.locale.clone(),
                is_source: e.is_source,
                title: e.title.clone(),
                description_text: html::plain_text(&e.description),
                description_html_len: e.description.chars().count(),
                list_items: e.description.matches("<li>").count(),
            })
            .collect(),
        image_count: imgs.len(),
        smallest_image_side: imgs
            .iter()
            .map(|i| i.width.min(i.height))
            .min()
            .map(|v| u32::try_from(v).unwrap_or(0))
            .unwrap_or(0),
        missing_required_attributes: missing,
        unfilled_optional_attributes: unfilled,
        has_brand: row.brand.is_some() || attrs.contains_key("brand"),
        has_video: row.video_url.is_some(),
        has_package_details: row.weight_grams.is_some()
            && row.length_mm.is_some()
            && row.width_mm.is_some()
            && row.height_mm.is_some(),
        skus: skus
            .iter()
            .map(|s| (s.price_minor, s.gtin.is_some()))
            .collect(),
        price_bounds: rules::price_bounds(seller.currency.code()),
    };
    Ok(rules::check_listing(&facts))
}

/// Submits a product for review inside the caller's transaction: the automatic check fails
/// it at once with reasons, or it waits for an operator.
async fn submit_in(app: &App, tx: &mut Conn, actor: &SellerActor, id: ProductId) -> Result<Saved> {
    let row = repo::find_product(tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let status = row.status;
    let seller = seller_row(tx, actor.seller_id).await?;
    if seller.status != SellerStatus::Approved {
        return Err(AppError::refused(
            Refusal::ShopNotApproved,
            "the shop must be approved before its products can go on sale; save as a draft meanwhile",
        ));
    }
    let report = quality_report(app, tx, &row).await?;
    let notes = serde_json::to_string(&report.suggestions).map_err(AppError::internal)?;
    let reasons = serde_json::to_string(&report.failures).map_err(AppError::internal)?;
    let passed = report.failures.is_empty();
    // A product with an approved version keeps its status; only the review of the edit moves.
    let to = match (status, passed) {
        (ProductStatus::Live | ProductStatus::SellerDeactivated, _) => status,
        (ProductStatus::Pending, true) => ProductStatus::Pending,
        (_, true) => status.apply(ProductAction::Submit).map_err(conflict)?,
        (_, false) => status.apply(ProductAction::AutoFail).map_err(conflict)?,
    };
    let audit_status = if passed { "AUDITING" } else { "REJECTED" };
    if !repo::change_status(
        tx,
        id,
        &StatusChange {
            from: status.as_str(),
            to: to.as_str(),
            audit_status,
            quality_grade: Some(report.grade.as_str()),
            quality_notes: Some(&notes),
            failed_reasons: Some(&reasons),
            submitted: passed,
        },
        app.now(),
    )
    .await?
    {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the product changed meanwhile; reload",
        ));
    }
    review_entry(
        app,
        tx,
        id,
        if passed { "SUBMIT" } else { "AUTO_FAIL" },
        status,
        to,
        &report.failures,
        "system",
        Some(actor.user_id.to_string()),
    )
    .await?;
    Ok(Saved {
        id,
        status: to,
        audit_status: audit_status.into(),
        report: Some(report),
    })
}

fn conflict(e: rules::ProductTransitionError) -> AppError {
    AppError::refused(Refusal::ProductState, e.to_string())
}

#[expect(clippy::too_many_arguments, reason = "one row of the review history")]
async fn review_entry(
    app: &App,
    conn: &mut Conn,
    id: ProductId,
    action: &str,
    from: ProductStatus,
    to: ProductStatus,
    reasons: &[Finding],
    actor_type: &str,
    actor_id: Option<String>,
) -> Result<()> {
    let rid: shopdeck_domain::ids::ReviewId = app.new_id();
    repo::insert_review(
        conn,
        &rid.to_string(),
        id,
        &repo::ReviewRow {
            action: action.into(),
            from_status: from.as_str().into(),
            to_status: to.as_str().into(),
            reasons: serde_json::to_string(reasons).map_err(AppError::internal)?,
            actor_type: actor_type.into(),
            actor_id,
            created_at: app.now(),
        },
    )
    .await?;
    Ok(())
}

/// Submits a draft, failed or edited product for review.
pub async fn submit(app: &App, actor: &SellerActor, id: ProductId) -> Result<Saved> {
    actor.require(Area::Products, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_product(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    if row.audit_status == "AUDITING" {
        return Err(AppError::refused(
            Refusal::ProductInReview,
            "the product is already under review",
        ));
    }
    let status = row.status;
    if !matches!(
        status,
        ProductStatus::Draft
            | ProductStatus::Failed
            | ProductStatus::Live
            | ProductStatus::SellerDeactivated
    ) {
        return Err(AppError::refused(
            Refusal::ProductState,
            format!(
                "a {} product cannot be submitted for review",
                status.as_str()
            ),
        ));
    }
    let saved = submit_in(app, &mut tx, actor, id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(saved)
}

/// What a seller does to a product from the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SellerAction {
    Activate,
    Deactivate,
    Delete,
    Recover,
}

impl SellerAction {
    pub fn parse(s: &str) -> Option<SellerAction> {
        match s {
            "activate" => Some(SellerAction::Activate),
            "deactivate" => Some(SellerAction::Deactivate),
            "delete" => Some(SellerAction::Delete),
            "recover" => Some(SellerAction::Recover),
            _ => None,
        }
    }
}

/// Activates, deactivates, deletes or recovers one product.
pub async fn act(
    app: &App,
    actor: &SellerActor,
    id: ProductId,
    action: SellerAction,
) -> Result<ProductStatus> {
    actor.require(Area::Products, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let to = act_in(app, &mut tx, actor, id, action).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to)
}

async fn act_in(
    app: &App,
    tx: &mut Conn,
    actor: &SellerActor,
    id: ProductId,
    action: SellerAction,
) -> Result<ProductStatus> {
    let row = repo::find_product(tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let from = row.status;
    let now = app.now();
    let to = match action {
        SellerAction::Delete => {
            let to = from.apply(ProductAction::Delete).map_err(conflict)?;
            if !repo::mark_deleted(tx, actor.seller_id, id, from.as_str(), now).await? {
                return Err(AppError::refused(
                    Refusal::ChangedMeanwhile,
                    "the product changed meanwhile; reload",
                ));
            }
            to
        }
        SellerAction::Recover => {
            if from != ProductStatus::Deleted {
                return Err(AppError::refused(
                    Refusal::ProductNotDeleted,
                    "only a deleted product can be recovered",
                ));
            }
            let deleted_at = row.deleted_at.unwrap_or(now);
            if now.duration_since(deleted_at).as_hours() >= rules::RECOVERY_DAYS * 24 {
                return Err(AppError::refused(
                    Refusal::RecoveryExpired,
                    "deleted products can be recovered for 30 days only",
                ));
            }
            let to = row.status_before_delete.unwrap_or(ProductStatus::Draft);
            if !repo::mark_recovered(tx, actor.seller_id, id, to.as_str(), now).await? {
                return Err(AppError::refused(
                    Refusal::ChangedMeanwhile,
                    "the product changed meanwhile; reload",
                ));
            }
            to
        }
        SellerAction::Activate | SellerAction::Deactivate => {
            let a = if action == SellerAction::Activate {
                ProductAction::Activate
            } else {
                ProductAction::Deactivate
            };
            let to = from.apply(a).map_err(conflict)?;
            if to == ProductStatus::Live && row.published.is_none() {
                return Err(AppError::refused(
                    Refusal::NoApprovedVersion,
                    "the product has no approved version yet",
                ));
            }
            if !repo::change_status(
                tx,
                id,
                &StatusChange {
                    from: from.as_str(),
                    to: to.as_str(),
                    audit_status: &row.audit_status,
                    ..StatusChange::default()
                },
                now,
            )
            .await?
            {
                return Err(AppError::refused(
                    Refusal::ChangedMeanwhile,
                    "the product changed meanwhile; reload",
                ));
            }
            to
        }
    };
    let name = match action {
        SellerAction::Activate => "ACTIVATE",
        SellerAction::Deactivate => "DEACTIVATE",
        SellerAction::Delete => "DELETE",
        SellerAction::Recover => "RECOVER",
    };
    review_entry(
        app,
        tx,
        id,
        name,
        from,
        to,
        &[],
        "user",
        Some(actor.user_id.to_string()),
    )
    .await?;
    audit::record(
        app,
        tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        &format!("product.{}", name.to_lowercase()),
        Some(&id.to_string()),
        serde_json::json!({"from": from.as_str(), "to": to.as_str()}),
    )
    .await?;
    Ok(to)
}

/// The outcome of one item of a batch.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BatchResult {
    pub id: String,
    pub ok: bool,
    pub status: Option<ProductStatus>,
    /// Why it failed, as a code: a refusal's code, `not-found` or `forbidden`.
    pub code: Option<String>,
    pub error: Option<String>,
}

/// Most products one batch action takes.
pub const MAX_BATCH: usize = 100;

/// Applies one action to many products; each succeeds or fails on its own.
pub async fn batch(
    app: &App,
    actor: &SellerActor,
    action: SellerAction,
    ids: &[String],
) -> Result<Vec<BatchResult>> {
    actor.require(Area::Products, Access::Edit)?;
    if ids.is_empty() || ids.len() > MAX_BATCH {
        return Err(AppError::invalid(
            "product_ids",
            "batch-size",
            format!("Select 1 to {MAX_BATCH} products"),
        ));
    }
    let mut out = Vec::with_capacity(ids.len());
    for raw in ids {
        let result = match raw.trim().parse::<ProductId>() {
            Err(_) => Err(AppError::NotFound("product")),
            Ok(id) => act(app, actor, id, action).await,
        };
        out.push(match result {
            Ok(s) => BatchResult {
                id: raw.clone(),
                ok: true,
                status: Some(s),
                code: None,
                error: None,
            },
            Err(e @ (AppError::Unavailable(_) | AppError::Internal(_))) => return Err(e),
            Err(e) => BatchResult {
                id: raw.clone(),
                ok: false,
                status: None,
                code: Some(match &e {
                    AppError::Conflict { code, .. } => code.code().to_owned(),
                    AppError::NotFound(_) => "not-found".to_owned(),
                    AppError::Forbidden => "forbidden".to_owned(),
                    _ => "invalid".to_owned(),
                }),
                error: Some(e.to_string()),
            },
        });
    }
    Ok(out)
}

/// Changes one SKU's price at once (also on a live product: prices are not reviewed).
pub async fn set_price(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    price: &PriceInput,
) -> Result<Money> {
    let update = SkuUpdate {
        price: Some(price.clone()),
        low_stock_threshold: None,
    };
    update_sku(app, actor, sku, &update)
        .await?
        .ok_or(AppError::NotFound("SKU"))
}

/// What `update_sku` changes; an absent field stays as it is.
#[derive(Debug, Clone, Default)]
pub struct SkuUpdate {
    pub price: Option<PriceInput>,
    /// `Some(None)` falls back to the shop's default threshold.
    pub low_stock_threshold: Option<Option<i64>>,
}

/// Changes a SKU's price and low-stock threshold in one transaction. Another shop's SKU, or
/// one that does not exist, is not found even when nothing would change. Returns the new
/// price when it was set.
pub async fn update_sku(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    update: &SkuUpdate,
) -> Result<Option<Money>> {
    actor.require(Area::Products, Access::Edit)?;
    if let Some(Some(t)) = update.low_stock_threshold
        && !(0..=inventory::MAX_STOCK).contains(&t)
    {
        return Err(AppError::invalid(
            "low_stock_threshold",
            "stock-range",
            "Use a whole number from 0 to 999,999",
        ));
    }
    let mut tx = app.db.begin().await?;
    let row = repo::find_sku(&mut tx, actor.seller_id, sku)
        .await?
        .ok_or(AppError::NotFound("SKU"))?;
    let mut new_price = None;
    if let Some(price) = &update.price {
        let seller = seller_row(&mut tx, actor.seller_id).await?;
        let money = parse_price(price, seller.currency, "price")?;
        repo::set_sku_price(
            &mut tx,
            actor.seller_id,
            sku,
            money.amount_minor(),
            app.now(),
        )
        .await?;
        let default = inv_repo::low_stock_default(&mut tx, actor.seller_id).await?;
        repo::refresh_aggregates(&mut tx, row.product_id, default, app.now()).await?;
        audit::record(
            app,
            &mut tx,
            &Actor::from(actor),
            Some(actor.seller_id),
            "sku.price_changed",
            Some(&sku.to_string()),
            serde_json::json!({"from": row.price_minor, "to": money.amount_minor()}),
        )
        .await?;
        new_price = Some(money);
    }
    if let Some(threshold) = update.low_stock_threshold {
        repo::set_sku_threshold(&mut tx, actor.seller_id, sku, threshold).await?;
        inventory::after_change(app, &mut tx, actor.seller_id, sku).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(new_price)
}

/// Parses a price for a shop currency, within the platform's bounds.
pub fn parse_price(price: &PriceInput, currency: Currency, field: &str) -> Result<Money> {
    let money = price
        .resolve(currency, field)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let (lo, hi) = rules::price_bounds(currency.code());
    if money.amount_minor() < lo || money.amount_minor() > hi {
        return Err(AppError::invalid(
            field,
            "price-bounds",
            format!(
                "Set a price from {} to {} {}",
                Money::new(lo, currency).to_decimal_string(),
                Money::new(hi, currency).to_decimal_string(),
                currency.code()
            ),
        ));
    }
    Ok(money)
}

/// Sets (or clears, with None) a SKU's own low-stock threshold.
pub async fn set_threshold(
    app: &App,
    actor: &SellerActor,
    sku: SkuId,
    threshold: Option<i64>,
) -> Result<()> {
    let update = SkuUpdate {
        price: None,
        low_stock_threshold: Some(threshold),
    };
    update_sku(app, actor, sku, &update).await.map(|_| ())
}

// ---------------------------------------------------------------------------------------
// Reading

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
    let seller = seller_row(conn, row.seller_id).await?;
    let currency = seller.currency;
    let editions = repo::list_editions(conn, row.id).await?;
    let imgs: Vec<ImageRow> = repo::list_images(conn, row.id)
        .await?
        .into_iter()
        .filter(|i| i.position >= 0)
        .collect();
    let skus = repo::list_skus(conn, row.id).await?;
    let ids: Vec<SkuId> = skus.iter().map(|s| s.id).collect();
    let levels = inv_repo::levels_of(conn, &ids).await?;
    // Read only (a product's shop has its warehouses since the product was made).
    let warehouses = inv_repo::list_warehouses(conn, row.seller_id).await?;
    let reviews = repo::list_reviews(conn, row.id).await?;
    let path = match cache {
        Some(c) => c.path(row.category_id),
        None => category_path(app, row.category_id, locale).await?,
    };
    let status = row.status;
    Ok(ProductView {
        id: row.id,
        seller_id: row.seller_id,
        status,
        audit_status: row.audit_status.clone(),
        category_id: row.category_id,
        category_path: path,
        source_locale: row.source_locale.clone(),
        title: row.title.clone(),
        editions: editions
            .iter()
            .map(|e| EditionView {
                locale: e.locale.clone(),
                title: e.title.clone(),
                description: e.description.clone(),
                is_source: e.is_source,
                generated: e.generated,
            })
            .collect(),
        brand: row.brand.clone(),
        attributes: serde_json::from_str(&row.attributes).unwrap_or_default(),
        sales_attributes: serde_json::from_str(&row.sales_attributes).unwrap_or_default(),
        images: imgs.iter().map(image_view).collect(),
        video_url: row.video_url.clone(),
        weight_grams: row.weight_grams,
        length_mm: row.length_mm,
        width_mm: row.width_mm,
        height_mm: row.height_mm,
        handling_days: row.handling_days,
        skus: skus
            .iter()
            .map(|s| {
                let stock: Vec<StockView> = levels
                    .iter()
                    .filter(|l| l.sku_id == s.id)
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
            .collect(),
        currency: seller.currency.code().to_owned(),
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
        reviews: reviews
            .into_iter()
            .map(|r| ReviewView {
                action: r.action,
                from_status: r.from_status,
                to_status: r.to_status,
                reasons: serde_json::from_str(&r.reasons).unwrap_or_default(),
                actor_type: r.actor_type,
                created_at: r.created_at,
            })
            .collect(),
    })
}

async fn category_path(app: &App, id: CategoryId, locale: Locale) -> Result<Vec<String>> {
    Ok(CatalogCache::load(app, locale).await?.path(id))
}

/// A row of the seller's product list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListItem {
    pub id: ProductId,
    pub title: String,
    pub status: ProductStatus,
    pub audit_status: String,
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

fn parse_sort(s: Option<&str>) -> Result<repo::ProductSort> {
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

fn encode_cursor(sort: &str, key: &repo::SortKey, id: ProductId) -> String {
    use base64::Engine;
    let k = match key {
        repo::SortKey::Int(i) => format!("i{i}"),
        repo::SortKey::Text(t) => format!("t{t}"),
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{sort}\n{id}\n{k}"))
}

fn decode_cursor(sort: &str, cursor: &str) -> Result<(repo::SortKey, ProductId)> {
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
        Some(a @ ("AUDITING" | "REJECTED" | "PASSED" | "NONE")) => Some(a.to_owned()),
        Some(_) => {
            return Err(AppError::invalid(
                "audit_status",
                "audit-status-unknown",
                "Use AUDITING, REJECTED, PASSED or NONE",
            ));
        }
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
    let rows: Vec<ProductRow> = rows.into_iter().take(limit as usize).collect();
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
            audit_status: r.audit_status.clone(),
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

// ---------------------------------------------------------------------------------------
// Operators

/// Products waiting for review, oldest first.
pub async fn review_queue(app: &App, _op: &Operator, limit: i64) -> Result<Vec<ProductView>> {
    let mut conn = app.db.conn().await?;
    let rows = repo::review_queue(&mut conn, limit.clamp(1, 200)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(app, &mut conn, r, Locale::En).await?);
    }
    Ok(out)
}

pub async fn get_for_review(app: &App, _op: &Operator, id: ProductId) -> Result<ProductView> {
    let mut conn = app.db.conn().await?;
    let row = repo::find_product_any(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    view(app, &mut conn, row, Locale::En).await
}

/// What an operator decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorAction {
    Approve,
    Reject,
    Deactivate,
    Reactivate,
}

impl OperatorAction {
    pub fn parse(s: &str) -> Option<OperatorAction> {
        match s {
            "approve" => Some(OperatorAction::Approve),
            "reject" => Some(OperatorAction::Reject),
            "deactivate" => Some(OperatorAction::Deactivate),
            "reactivate" => Some(OperatorAction::Reactivate),
            _ => None,
        }
    }
}

/// Approves or rejects a product under review, or deactivates / reactivates one on sale.
/// Reject and deactivate need at least one reason.
pub async fn decide(
    app: &App,
    op: &Operator,
    id: ProductId,
    action: OperatorAction,
    reasons: &[Finding],
) -> Result<ProductStatus> {
    let reasons: Vec<Finding> = reasons
        .iter()
        .filter(|r| !r.suggestion.trim().is_empty())
        .map(|r| Finding {
            field: r.field.trim().chars().take(100).collect(),
            code: if r.code.trim().is_empty() {
                "reviewer".into()
            } else {
                r.code.trim().chars().take(60).collect()
            },
            suggestion: r.suggestion.trim().chars().take(1000).collect(),
        })
        .collect();
    if matches!(action, OperatorAction::Reject | OperatorAction::Deactivate) && reasons.is_empty() {
        return Err(AppError::invalid(
            "reasons",
            "reasons-required",
            "Tell the seller why",
        ));
    }
    let mut tx = app.db.begin().await?;
    let row = repo::find_product_any(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let from = row.status;
    let now = app.now();
    let reasons_json = serde_json::to_string(&reasons).map_err(AppError::internal)?;
    let (to, audit_status, name) = match action {
        OperatorAction::Approve | OperatorAction::Reject => {
            if row.audit_status != "AUDITING" {
                return Err(AppError::refused(
                    Refusal::ProductNotInReview,
                    "the product is not waiting for review",
                ));
            }
            let approve = action == OperatorAction::Approve;
            let to = match from {
                ProductStatus::Pending => from
                    .apply(if approve {
                        ProductAction::Approve
                    } else {
                        ProductAction::Reject
                    })
                    .map_err(conflict)?,
                // An edit of a product with an approved version: its status stays.
                ProductStatus::Live | ProductStatus::SellerDeactivated => from,
                other => {
                    return Err(AppError::refused(
                        Refusal::ProductState,
                        format!("a {} product cannot be reviewed", other.as_str()),
                    ));
                }
            };
            if approve {
                let snapshot = snapshot(&mut tx, &row).await?;
                repo::publish(&mut tx, id, &snapshot, now).await?;
            }
            (
                to,
                if approve { "PASSED" } else { "REJECTED" },
                if approve { "APPROVE" } else { "REJECT" },
            )
        }
        OperatorAction::Deactivate => (
            from.apply(ProductAction::PlatformDeactivate)
                .map_err(conflict)?,
            row.audit_status.as_str(),
            "PLATFORM_DEACTIVATE",
        ),
        OperatorAction::Reactivate => (
            from.apply(ProductAction::PlatformReactivate)
                .map_err(conflict)?,
            row.audit_status.as_str(),
            "PLATFORM_REACTIVATE",
        ),
    };
    let failed = match action {
        OperatorAction::Reject | OperatorAction::Deactivate => Some(reasons_json.as_str()),
        OperatorAction::Approve => Some("[]"),
        OperatorAction::Reactivate => None,
    };
    if !repo::change_status(
        &mut tx,
        id,
        &StatusChange {
            from: from.as_str(),
            to: to.as_str(),
            audit_status,
            failed_reasons: failed,
            ..StatusChange::default()
        },
        now,
    )
    .await?
    {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the product changed meanwhile; reload",
        ));
    }
    review_entry(
        app,
        &mut tx,
        id,
        name,
        from,
        to,
        &reasons,
        "operator",
        Some(op.user_id.to_string()),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor {
            kind: "operator",
            id: Some(op.user_id.to_string()),
            client: op.client.clone(),
        },
        Some(row.seller_id),
        &format!("product.{}", name.to_lowercase()),
        Some(&id.to_string()),
        serde_json::json!({"from": from.as_str(), "to": to.as_str(), "reasons": reasons.len()}),
    )
    .await?;
    crate::inbox::product_decision(app, &mut tx, action, row.seller_id, id, &row.title).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to)
}

async fn snapshot(conn: &mut Conn, row: &ProductRow) -> Result<String> {
    let editions = repo::list_editions(conn, row.id).await?;
    let imgs = repo::list_images(conn, row.id).await?;
    let p = Published {
        category_id: row.category_id,
        source_locale: row.source_locale.clone(),
        editions: editions
            .into_iter()
            .map(|e| PublishedEdition {
                locale: e.locale,
                title: e.title,
                description: e.description,
            })
            .collect(),
        brand: row.brand.clone(),
        attributes: serde_json::from_str(&row.attributes).unwrap_or_default(),
        sales_attributes: serde_json::from_str(&row.sales_attributes).unwrap_or_default(),
        images: imgs
            .into_iter()
            .filter(|i| i.position >= 0)
            .map(|i| PublishedImage {
                id: i.id,
                width: i.width,
                height: i.height,
            })
            .collect(),
        video_url: row.video_url.clone(),
        handling_days: row.handling_days,
    };
    serde_json::to_string(&p).map_err(AppError::internal)
}

// ---------------------------------------------------------------------------------------
// Storefront

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

async fn shop_product(
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

// ---------------------------------------------------------------------------------------
// Housekeeping

/// Purges products deleted more than 30 days ago and unattached uploads older than a day;
/// returns (products, images) removed.
pub async fn purge(app: &App) -> Result<(u64, usize)> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let products = repo::purge_deleted(
        &mut tx,
        now.checked_sub(jiff::SignedDuration::from_hours(rules::RECOVERY_DAYS * 24))
            .unwrap_or(now),
    )
    .await?;
    let orphans = repo::take_orphan_images(
        &mut tx,
        now.checked_sub(jiff::SignedDuration::from_hours(24))
            .unwrap_or(now),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    for i in &orphans {
        for key in [&i.original_key, &i.display_key, &i.thumb_key] {
            let _ = app.files.delete(&FilePath::from(key.as_str())).await;
        }
    }
    Ok((products, orphans.len()))
}

/// Fills the product's missing language editions by machine translation of its source
/// edition, marked as generated. It is a content edit like any other: a product on sale keeps
/// its approved version until the edit is reviewed. Returns the languages added.
pub async fn translate_missing_editions(
    app: &App,
    actor: &SellerActor,
    id: ProductId,
) -> Result<Vec<Locale>> {
    actor.require(Area::Products, Access::Edit)?;
    let mut cache = CatalogCache::load(app, Locale::En).await?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_product(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let v = view_with(app, &mut tx, row, Locale::En, Some(&cache)).await?;
    let source = v
        .editions
        .iter()
        .find(|e| e.is_source)
        .cloned()
        .ok_or(AppError::NotFound("source edition"))?;
    let from = Locale::from_tag(&source.locale).unwrap_or(Locale::En);
    let mut input = ProductInput::from_view(&v);
    let mut added = Vec::new();
    for to in Locale::ALL {
        if v.editions.iter().any(|e| e.locale == to.tag()) {
            continue;
        }
        let title = app
            .translator
            .translate(&source.title, from, to)
            .await
            .map_err(|e| AppError::refused(Refusal::TranslationUnavailable, e))?;
        let description = app
            .translator
            .translate(&source.description, from, to)
            .await
            .map_err(|e| AppError::refused(Refusal::TranslationUnavailable, e))?;
        input.editions.push(EditionInput {
            locale: to.tag().to_owned(),
            title,
            description,
        });
        added.push(to);
    }
    if added.is_empty() {
        return Ok(added);
    }
    update_in(
        app,
        &mut tx,
        actor,
        &mut cache,
        id,
        &input,
        Some(v.version),
        false,
    )
    .await?;
    let tags: Vec<String> = added.iter().map(|l| l.tag().to_owned()).collect();
    repo::mark_generated(&mut tx, id, &tags).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "product.translated",
        Some(&id.to_string()),
        serde_json::json!({"locales": tags, "translator": app.translator.name()}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(added)
}
