//! Housekeeping.

use object_store::path::Path as FilePath;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::ProductId;
use shopdeck_domain::products as rules;
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::StoreError;
use shopdeck_store::products as repo;

use super::edit::update_in;
use super::input::{EditionInput, ProductInput};
use super::list::view_with;
use super::validation::CatalogCache;
use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::{App, AppError, Refusal, Result};

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
