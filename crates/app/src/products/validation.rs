//! Checks a product draft field by field before it is saved.

use std::collections::{BTreeMap, HashMap, HashSet};

use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ImageId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::Currency;
use shopdeck_domain::products::{self as rules, Gtin, SellerSku};
use shopdeck_files::html;
use shopdeck_store::products::{self as repo, EditionRow, ImageRow, ProductRow, SkuRow};
use shopdeck_store::{Conn, categories};

use super::input::ProductInput;
use super::life_cycle::parse_price;
use crate::catalog::{self, EffectiveAttribute};
use crate::inventory;
use crate::{App, AppError, FieldError, Result};

/// The input, checked and normalised, ready to store.
pub(crate) struct Checked {
    pub(super) category_id: CategoryId,
    pub(super) source_locale: Locale,
    pub(super) editions: Vec<(Locale, String, String)>,
    pub(super) brand: Option<String>,
    pub(super) attributes: BTreeMap<String, String>,
    pub(super) sales_attributes: Vec<String>,
    pub(super) skus: Vec<CheckedSku>,
    pub(super) images: Vec<ImageRow>,
    pub(super) video_url: Option<String>,
    pub(super) weight_grams: Option<i64>,
    pub(super) length_mm: Option<i64>,
    pub(super) width_mm: Option<i64>,
    pub(super) height_mm: Option<i64>,
    pub(super) handling_days: i64,
}

pub(super) struct CheckedSku {
    pub(super) id: Option<SkuId>,
    pub(super) seller_sku: String,
    pub(super) gtin: Option<String>,
    pub(super) price_minor: i64,
    pub(super) variant: BTreeMap<String, String>,
    pub(super) stock: Option<Vec<(Option<String>, i64)>>,
    pub(super) low_stock_threshold: Option<i64>,
}

/// The category tree and per-category attributes, loaded once per request or import.
pub(crate) struct CatalogCache {
    pub(super) rows: Vec<categories::CategoryRow>,
    pub(super) attrs: HashMap<CategoryId, Vec<EffectiveAttribute>>,
}

impl CatalogCache {
    /// The tree as the catalogue memo holds it (an operator's edit clears the memo; other
    /// processes see it within `catalog::MEMO_TTL`).
    pub(crate) async fn load(app: &App, locale: Locale) -> Result<CatalogCache> {
        Ok(CatalogCache {
            rows: catalog::category_rows(app, locale).await?,
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

    pub(super) fn path(&self, id: CategoryId) -> Vec<String> {
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

    pub(super) fn subtree(&self, id: CategoryId) -> Vec<CategoryId> {
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
pub(super) fn attribute_value_error(def: &EffectiveAttribute, value: &str) -> Option<String> {
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

pub(super) fn search_text(
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
pub(super) fn fingerprint(
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
