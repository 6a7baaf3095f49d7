//! What buyers see: the shops that may sell, and their public pages.

use shopdeck_domain::ids::SellerId;
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_store::sellers::{self, SellerRow};

use crate::{App, AppError, Result};

/// Approved shops, for the storefront's shop list.
pub async fn list_public_shops(app: &App, limit: u32) -> Result<Vec<SellerRow>> {
    let mut conn = app.db.conn().await?;
    Ok(sellers::list_sellers_by_status(&mut conn, SellerStatus::Approved.as_str(), limit).await?)
}

/// One shop's public page; shops that are not approved do not exist for buyers.
pub async fn public_shop(app: &App, id: SellerId) -> Result<SellerRow> {
    let mut conn = app.db.conn().await?;
    sellers::find_seller(&mut conn, id)
        .await?
        .filter(|s| s.status == SellerStatus::Approved.as_str())
        .ok_or(AppError::NotFound("shop"))
}
