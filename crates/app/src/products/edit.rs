//! Create and edit.

use std::collections::HashSet;

use shopdeck_domain::Locale;
use shopdeck_domain::ids::{ImageId, ProductId, SellerId, SkuId};
use shopdeck_domain::products::{AuditStatus, ProductStatus, QualityReport};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::products::{self as repo, EditionRow, ProductContent, ProductRow, SkuRow};
use shopdeck_store::{Conn, StoreError, inventory as inv_repo, sellers};

use super::input::ProductInput;
use super::life_cycle::submit_in;
use super::validation::{CatalogCache, Checked, CheckedSku, check_input, fingerprint, search_text};
use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::{App, AppError, Refusal, Result};

/// What became of a save.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    pub id: ProductId,
    pub status: ProductStatus,
    pub audit_status: AuditStatus,
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
            audit_status: AuditStatus::None,
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

pub(super) async fn seller_row(conn: &mut Conn, id: SellerId) -> Result<sellers::SellerRow> {
    sellers::find_seller(conn, id)
        .await?
        .ok_or(AppError::NotFound("shop"))
}

/// Writes the checked content: product row, editions, images, SKUs (kept, changed, added,
/// removed) and any stock given.
pub(super) async fn write_content(
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
