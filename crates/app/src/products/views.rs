//! What the pages and the API are given.

use std::collections::BTreeMap;

use shopdeck_domain::ids::{CategoryId, ImageId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::Money;
use shopdeck_domain::products::{AuditStatus, Finding, ProductStatus, QualityGrade};

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

impl ImageView {
    /// An image with its display and thumbnail addresses.
    pub fn of(id: ImageId, width: i64, height: i64) -> ImageView {
        ImageView {
            id,
            width,
            height,
            display_url: display_url(id),
            thumb_url: thumb_url(id),
        }
    }
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
    pub from_status: ProductStatus,
    pub to_status: ProductStatus,
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
    pub audit_status: AuditStatus,
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

impl Published {
    /// What a storefront card shows of it.
    pub fn card(&self) -> PublishedCard {
        PublishedCard {
            category_id: self.category_id,
            source_locale: self.source_locale.clone(),
            editions: self
                .editions
                .iter()
                .map(|e| CardEdition {
                    locale: e.locale.clone(),
                    title: e.title.clone(),
                })
                .collect(),
            images: self.images.iter().take(1).cloned().collect(),
        }
    }
}

/// What a storefront card shows of the approved version: the titles and the first image.
/// Its fields are [`Published`]'s, so it also reads from a whole snapshot (rows approved
/// before cards were kept).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishedCard {
    pub category_id: CategoryId,
    pub source_locale: String,
    pub editions: Vec<CardEdition>,
    pub images: Vec<PublishedImage>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CardEdition {
    pub locale: String,
    pub title: String,
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
