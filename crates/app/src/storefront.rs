//! What buyers see: the shops that may sell, and their public pages.

use shopdeck_domain::ids::{ImageId, SellerId};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_store::sellers;

use crate::access::SellerActor;
use crate::auth::Shop;
use crate::{App, AppError, Result};

/// Approved shops, for the storefront's shop list.
pub async fn list_public_shops(app: &App, limit: u32) -> Result<Vec<Shop>> {
    let mut conn = app.db.conn().await?;
    Ok(
        sellers::list_sellers_by_status(&mut conn, SellerStatus::Approved.as_str(), limit)
            .await?
            .into_iter()
            .map(Shop::from)
            .collect(),
    )
}

/// One shop's public page; shops that are not approved do not exist for buyers.
pub async fn public_shop(app: &App, id: SellerId) -> Result<Shop> {
    front(app, id)
        .await?
        .shop
        .clone()
        .filter(|s| s.status == SellerStatus::Approved)
        .ok_or(AppError::NotFound("shop"))
}

/// Longest shop description, in characters.
pub const MAX_SHOP_DESCRIPTION: usize = 500;

/// A shop's logo, banner and description as its storefront page shows them.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ShopBranding {
    pub logo_url: Option<String>,
    pub banner_url: Option<String>,
    pub description: String,
}

/// The branding of a shop (empty when the seller has set none).
pub async fn shop_branding(app: &App, id: SellerId) -> Result<ShopBranding> {
    Ok(front(app, id).await?.branding.clone())
}

/// A shop's header on the storefront: what the storefront cache keeps per shop.
#[derive(Debug)]
pub(crate) struct ShopFront {
    /// None when there is no such shop.
    shop: Option<Shop>,
    branding: ShopBranding,
}

async fn front(app: &App, id: SellerId) -> Result<std::sync::Arc<ShopFront>> {
    if let Some(f) = app.shop_cache.shop(id) {
        return Ok(f);
    }
    let since = app.shop_cache.generation();
    let mut conn = app.db.conn().await?;
    let shop = sellers::find_seller(&mut conn, id).await?.map(Shop::from);
    let row = sellers::find_branding(&mut conn, id)
        .await?
        .unwrap_or_default();
    drop(conn);
    let front = std::sync::Arc::new(ShopFront {
        shop,
        branding: ShopBranding {
            logo_url: row.logo_image_id.map(crate::products::thumb_url),
            banner_url: row.banner_image_id.map(crate::products::display_url),
            description: row.description,
        },
    });
    app.shop_cache.keep_shop(since, id, front.clone());
    Ok(front)
}

/// The image ids of the shop's logo and banner, as set.
pub async fn branding_ids(app: &App, id: SellerId) -> Result<(Option<ImageId>, Option<ImageId>)> {
    let mut conn = app.db.conn().await?;
    let row = sellers::find_branding(&mut conn, id)
        .await?
        .unwrap_or_default();
    Ok((row.logo_image_id, row.banner_image_id))
}

/// Sets the shop's logo and banner (images the shop uploaded) and its description.
pub async fn set_branding(
    app: &App,
    actor: &SellerActor,
    logo: Option<ImageId>,
    banner: Option<ImageId>,
    description: &str,
) -> Result<()> {
    let description = description.trim();
    if description.chars().count() > MAX_SHOP_DESCRIPTION {
        return Err(AppError::invalid(
            "description",
            "shop-description-length",
            "Use at most 500 characters",
        ));
    }
    let mut tx = app.db.begin().await?;
    let wanted: Vec<ImageId> = logo.iter().chain(banner.iter()).copied().collect();
    let found = shopdeck_store::products::find_images(&mut tx, actor.seller_id, &wanted).await?;
    if found.len() != wanted.len() {
        return Err(AppError::invalid(
            "image_ids",
            "image-unknown",
            "Use images this shop uploaded",
        ));
    }
    sellers::upsert_branding(
        &mut tx,
        actor.seller_id,
        &sellers::BrandingRow {
            logo_image_id: logo,
            banner_image_id: banner,
            description: description.to_owned(),
        },
        app.now(),
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}
