//! Product images: upload, decode, the display size and thumbnail.

use bytes::Bytes;
use object_store::path::Path as FilePath;
use shopdeck_domain::ids::ImageId;
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::products::{self as repo, ImageRow};
use shopdeck_store::{Conn, StoreError};

use super::views::ImageView;
use crate::access::SellerActor;
use crate::{App, AppError, Result};

/// Checks an uploaded image by decoding it, makes the display size and thumbnail, and keeps
/// all three. The image is the shop's, unattached until a product uses it.
pub async fn upload_image(app: &App, actor: &SellerActor, bytes: Bytes) -> Result<ImageView> {
    actor.require(Area::Products, Access::Edit)?;
    let data = bytes.clone();
    let processed =
        tokio::task::spawn_blocking(move || shopdeck_files::images::process_product_image(&data))
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

pub(super) fn image_view(i: &ImageRow) -> ImageView {
    ImageView::of(i.id, i.width, i.height)
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

pub(super) async fn image_row(conn: &mut Conn, id: ImageId) -> Result<ImageRow> {
    repo::find_image_any(conn, id)
        .await?
        .ok_or(AppError::NotFound("image"))
}
