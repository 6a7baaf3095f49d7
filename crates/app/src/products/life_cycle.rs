//! The automatic quality check and the listing life cycle.

use std::collections::BTreeMap;

use shopdeck_domain::Locale;
use shopdeck_domain::ids::{ProductId, SkuId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::products::{
    self as rules, AuditStatus, EditionFacts, Finding, ListingFacts, ProductAction, ProductStatus,
    QualityReport,
};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_files::html;
use shopdeck_store::products::{self as repo, ImageRow, ProductRow, StatusChange};
use shopdeck_store::{Conn, StoreError, inventory as inv_repo};

use super::edit::{Saved, seller_row};
use super::input::PriceInput;
use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::catalog;
use crate::inventory;
use crate::{App, AppError, Refusal, Result};

/// Runs the automatic check on the stored working content.
pub(super) async fn quality_report(
    app: &App,
    conn: &mut Conn,
    row: &ProductRow,
) -> Result<QualityReport> {
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
pub(super) async fn submit_in(
    app: &App,
    tx: &mut Conn,
    actor: &SellerActor,
    id: ProductId,
) -> Result<Saved> {
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
    let audit_status = if passed {
        AuditStatus::Auditing
    } else {
        AuditStatus::Rejected
    };
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
        audit_status,
        report: Some(report),
    })
}

pub(super) fn conflict(e: rules::ProductTransitionError) -> AppError {
    AppError::refused(Refusal::ProductState, e.to_string())
}

#[expect(clippy::too_many_arguments, reason = "one row of the review history")]
pub(super) async fn review_entry(
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
            from_status: from,
            to_status: to,
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
    if row.audit_status == AuditStatus::Auditing {
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

pub(super) async fn act_in(
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
                    audit_status: row.audit_status,
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
