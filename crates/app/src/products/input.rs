//! What a seller sends to create or edit a product.

use std::collections::BTreeMap;

use shopdeck_domain::money::{Currency, Money};

use super::views::ProductView;
use crate::FieldError;

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
