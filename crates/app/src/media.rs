//! Shoppable videos and live sessions: sellers publish videos (an uploaded MP4 or WebM file,
//! or an https link) tagging their own products, and run live sessions (scheduled, started,
//! ended or cancelled) in which they pin products and answer buyers' questions. Buyers see
//! published videos and live sessions of approved shops with only the tagged products that
//! are on sale. Every view and tag click is an attribution event on the video or session, so
//! analytics can count them; a link from a video or session to a product carries the source
//! (`/p/{product}?src={vid_…|liv_…}`) so the order can be attributed too.
//!
//! Sellers need Promotions (view to read, edit to change).

use std::fmt;
use std::ops::Range;

use base64::Engine;
use bytes::Bytes;
use jiff::{SignedDuration, Timestamp};
use object_store::path::Path as FilePath;
use object_store::{GetOptions, GetRange, GetResult};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{BuyerId, LiveId, ProductId, QuestionId, SellerId, VideoId};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_store::media::{
    self as repo, LiveRow, LiveTransition, NewEvent, NewLive, NewQuestion, NewVideo, QuestionRow,
    VideoRow,
};
use shopdeck_store::{Conn, StoreError};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::limits::{self, Limit};
use crate::products::{self, ShopProduct};
use crate::{App, AppError, FieldError, Refusal, Result};

pub use shopdeck_domain::media::{LiveAction, LiveStatus, VideoStatus};

/// The largest video file a seller may upload.
pub const MAX_VIDEO_BYTES: usize = 50 * 1024 * 1024;
/// Products one video may tag.
pub const MAX_TAGS: usize = 20;
/// Characters in a caption.
pub const MAX_CAPTION: usize = 2200;
/// Characters in a live session's title.
pub const MAX_TITLE: usize = 120;
/// Characters in a buyer's question.
pub const MAX_QUESTION: usize = 500;
/// Characters in a seller's answer.
pub const MAX_ANSWER: usize = 1000;
/// Characters in a link.
const MAX_LINK: usize = 2000;
/// Products featured in one live session.
pub const MAX_PINS: usize = 50;
/// Questions one buyer may post per minute, across sessions.
const QUESTIONS_PER_BUYER: Limit = Limit {
    max: 5,
    window: SignedDuration::from_mins(1),
};
/// How long after its time a session that has not started still counts as upcoming.
const UPCOMING_GRACE: SignedDuration = SignedDuration::from_hours(2);

// ---------------------------------------------------------------------------------------
// Sources and links

/// Where a buyer came from: a video or a live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Video(VideoId),
    Live(LiveId),
}

impl Source {
    /// A `src` value (`vid_…` or `liv_…`); anything else is None.
    pub fn parse(s: &str) -> Option<Source> {
        let s = s.trim();
        if let Ok(v) = s.parse::<VideoId>() {
            Some(Source::Video(v))
        } else {
            s.parse::<LiveId>().ok().map(Source::Live)
        }
    }

    /// `VIDEO` or `LIVE`: the `source_kind` of events and order lines.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Video(_) => "VIDEO",
            Source::Live(_) => "LIVE",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Video(v) => v.fmt(f),
            Source::Live(l) => l.fmt(f),
        }
    }
}

/// The storefront link to a product from a video or live session: the product page passes
/// `src` on to the cart, so the purchase is attributed to the source.
pub fn product_link(product: ProductId, source: Source) -> String {
    format!("/p/{product}?src={source}")
}

/// The storefront route that records a tag click and then redirects to `product_link`.
pub fn click_path(source: Source, product: ProductId) -> String {
    match source {
        Source::Video(v) => format!("/v/{v}/tags/{product}"),
        Source::Live(l) => format!("/live/{l}/pins/{product}"),
    }
}

/// Where an uploaded video file is served (with HTTP range requests).
pub fn video_file_url(id: VideoId) -> String {
    format!("/media/video/{id}")
}

// ---------------------------------------------------------------------------------------
// Rules

/// The container of an uploaded video, read from its first bytes: `video/mp4` (an ISO base
/// media file whose brand is a video one; HEIF/AVIF images and QuickTime are refused) or
/// `video/webm` (an EBML document of type `webm`; other Matroska files are refused).
pub fn sniff_video(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        const NOT_MP4: [&[u8; 4]; 10] = [
            b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"qt  ",
            b"crx ",
        ];
        let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if size < 12 || NOT_MP4.iter().any(|b| b.as_slice() == brand) {
            return None;
        }
        return Some("video/mp4");
    }
    if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) && ebml_doc_type(bytes)? == b"webm" {
        return Some("video/webm");
    }
    None
}

/// An EBML variable-length integer at `at`: (value, length in bytes).
fn ebml_vint(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let first = *bytes.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 {
        return None;
    }
    let mut value = u64::from(first) & (0xFF >> len);
    for i in 1..len {
        value = (value << 8) | u64::from(*bytes.get(at + i)?);
    }
    Some((value, len))
}

/// The `DocType` of an EBML header (`webm`, `matroska`…).
fn ebml_doc_type(bytes: &[u8]) -> Option<&[u8]> {
    let (header_size, n) = ebml_vint(bytes, 4)?;
    let start = 4 + n;
    let end = start
        .checked_add(usize::try_from(header_size).ok()?)?
        .min(bytes.len());
    let mut at = start;
    while at < end {
        // Element ids keep their length marker: read the raw bytes.
        let first = *bytes.get(at)?;
        let id_len = first.leading_zeros() as usize + 1;
        if id_len > 4 {
            return None;
        }
        let id = bytes.get(at..at + id_len)?;
        let (size, n) = ebml_vint(bytes, at + id_len)?;
        let data = at + id_len + n;
        let data_end = data.checked_add(usize::try_from(size).ok()?)?;
        if id == [0x42, 0x82] {
            return bytes.get(data..data_end);
        }
        at = data_end;
    }
    None
}

/// A web address buyers can open: https, a host, no spaces, not too long.
fn check_link(field: &str, raw: &str) -> Result<String> {
    let link = raw.trim();
    let host = link
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    let host_ok = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !host_ok
        || link.len() > MAX_LINK
        || link.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(AppError::invalid(
            field,
            "link-invalid",
            "Give a web address starting with https://",
        ));
    }
    Ok(link.to_owned())
}

/// Trimmed text of at most `max` characters; codes `{code}-required` and `{code}-length`.
fn check_text(field: &str, code: &str, raw: &str, max: usize, required: bool) -> Result<String> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(AppError::invalid(
            field,
            &format!("{code}-required"),
            "This field is required",
        ));
    }
    if text.chars().count() > max {
        return Err(AppError::invalid(
            field,
            &format!("{code}-length"),
            format!("At most {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::invalid(
            field,
            "text-invalid",
            "Remove the control characters",
        ));
    }
    Ok(text.to_owned())
}

// ---------------------------------------------------------------------------------------
// Cursors

fn encode_cursor(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

fn decode_cursor<T: std::str::FromStr>(cursor: Option<&str>) -> Result<Option<T>> {
    let Some(c) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        AppError::invalid(
            "cursor",
            "cursor-invalid",
            "The page cursor is not valid for this list; start from the first page",
        )
    };
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    text.parse().map(Some).map_err(|_| bad())
}

fn page_limit(limit: Option<i64>, default: i64) -> Result<i64> {
    AppError::page_size("limit", limit, default, 100)
}

// ---------------------------------------------------------------------------------------
// Videos: sellers

/// How a video is given: an uploaded file, or a link to it elsewhere.
#[derive(Debug, Clone)]
pub enum VideoSource {
    File(Bytes),
    Link(String),
}

/// A tagged product as the seller sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TagView {
    pub product_id: ProductId,
    pub title: String,
    /// The product's status (`LIVE` products are on sale).
    pub status: String,
}

/// A video as its shop sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VideoView {
    pub id: VideoId,
    pub caption: String,
    /// `FILE` or `LINK`.
    pub kind: String,
    /// The file's address here, or the link.
    pub url: String,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// `PUBLISHED` or `HIDDEN`.
    pub status: VideoStatus,
    pub views: i64,
    pub tag_clicks: i64,
    pub tags: Vec<TagView>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct VideoPage {
    pub items: Vec<VideoView>,
    pub next_cursor: Option<String>,
}

fn video_url(v: &VideoRow) -> String {
    match &v.link_url {
        Some(l) if v.source_kind == "LINK" => l.clone(),
        _ => video_file_url(v.id),
    }
}

async fn video_view(conn: &mut Conn, v: VideoRow, tags: &[ProductId]) -> Result<VideoView> {
    let titles = repo::product_titles(conn, v.seller_id, tags).await?;
    let tags = tags
        .iter()
        .filter_map(|id| titles.iter().find(|t| t.id == *id))
        .map(|t| TagView {
            product_id: t.id,
            title: t.title.clone(),
            status: t.status.as_str().to_owned(),
        })
        .collect();
    Ok(VideoView {
        id: v.id,
        url: video_url(&v),
        caption: v.caption,
        kind: v.source_kind,
        content_type: v.content_type,
        size_bytes: v.size_bytes,
        status: v.status,
        views: v.views,
        tag_clicks: v.tag_clicks,
        tags,
        created_at: v.created_at,
        updated_at: v.updated_at,
    })
}

/// Parses and checks tags: 1–20 distinct products of the shop that are not deleted. Errors
/// name the entry (`tags[2]`).
async fn check_tags(conn: &mut Conn, seller: SellerId, raw: &[String]) -> Result<Vec<ProductId>> {
    if raw.is_empty() {
        return Err(AppError::invalid(
            "tags",
            "tags-missing",
            "Tag at least one of your products",
        ));
    }
    if raw.len() > MAX_TAGS {
        return Err(AppError::invalid(
            "tags",
            "tags-count",
            format!("Tag at most {MAX_TAGS} products"),
        ));
    }
    let mut errors = Vec::new();
    let mut ids: Vec<ProductId> = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        match r.trim().parse::<ProductId>() {
            Ok(id) if ids.contains(&id) => errors.push(FieldError::new(
                &format!("tags[{i}]"),
                "tag-duplicate",
                "This product is already tagged",
            )),
            Ok(id) => ids.push(id),
            Err(_) => errors.push(FieldError::new(
                &format!("tags[{i}]"),
                "tag-product-unknown",
                "Tag one of your own products",
            )),
        }
    }
    let own = repo::own_products(conn, seller, &ids).await?;
    for (i, r) in raw.iter().enumerate() {
        if let Ok(id) = r.trim().parse::<ProductId>()
            && !own.iter().any(|(p, _)| *p == id)
            && !errors.iter().any(|e| e.field == format!("tags[{i}]"))
        {
            errors.push(FieldError::new(
                &format!("tags[{i}]"),
                "tag-product-unknown",
                "Tag one of your own products",
            ));
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Publishes a video: an uploaded MP4 or WebM file (at most 50 MB, checked by its content)
/// or an https link, with a caption and 1–20 of the shop's own products tagged in order.
pub async fn publish_video(
    app: &App,
    actor: &SellerActor,
    caption: &str,
    tags: &[String],
    source: VideoSource,
) -> Result<VideoView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let caption = check_text("caption", "caption", caption, MAX_CAPTION, false)?;
    let id: VideoId = app.new_id();
    // Check everything cheap before storing a file.
    let (kind, file, link) = match source {
        VideoSource::Link(l) => ("LINK", None, Some(check_link("link_url", &l)?)),
        VideoSource::File(bytes) => {
            if bytes.is_empty() {
                return Err(AppError::invalid(
                    "file",
                    "video-missing",
                    "Choose a video file or give a link",
                ));
            }
            if bytes.len() > MAX_VIDEO_BYTES {
                return Err(AppError::invalid(
                    "file",
                    "video-too-large",
                    "The video is larger than 50 MB",
                ));
            }
            let Some(mime) = sniff_video(&bytes) else {
                return Err(AppError::invalid(
                    "file",
                    "video-type",
                    "Upload an MP4 or WebM video",
                ));
            };
            ("FILE", Some((bytes, mime)), None)
        }
    };
    {
        let mut conn = app.db.conn().await?;
        check_tags(&mut conn, actor.seller_id, tags).await?;
    }
    let (key, content_type, size) = match file {
        Some((bytes, mime)) => {
            let ext = if mime == "video/webm" { "webm" } else { "mp4" };
            let key = format!("sellers/{}/videos/{id}.{ext}", actor.seller_id);
            let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
            // The file first: a row never points at a missing file; an orphan is harmless.
            app.files
                .put(&FilePath::from(key.as_str()), bytes.into())
                .await
                .map_err(AppError::internal)?;
            (Some(key), Some(mime), Some(size))
        }
        None => (None, None, None),
    };
    let mut tx = app.db.begin().await?;
    let ids = check_tags(&mut tx, actor.seller_id, tags).await?;
    repo::insert_video(
        &mut tx,
        &NewVideo {
            id,
            seller_id: actor.seller_id,
            caption: &caption,
            source_kind: kind,
            file_key: key.as_deref(),
            content_type,
            size_bytes: size,
            link_url: link.as_deref(),
            status: "PUBLISHED",
            created_by: Some(actor.user_id),
        },
        app.now(),
    )
    .await?;
    repo::replace_tags(&mut tx, id, &ids).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.video.publish",
        Some(&id.to_string()),
        serde_json::json!({"kind": kind, "tags": ids.iter().map(ToString::to_string).collect::<Vec<_>>()}),
    )
    .await?;
    let row = repo::find_video(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("video"))?;
    let view = video_view(&mut tx, row, &ids).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// Changes to a video; fields left out stay as they are.
#[derive(Debug, Clone, Default)]
pub struct VideoPatch {
    pub caption: Option<String>,
    /// Product ids in display order.
    pub tags: Option<Vec<String>>,
    /// `PUBLISHED` or `HIDDEN`.
    pub status: Option<String>,
}

/// Edits a video's caption, tags or visibility.
pub async fn update_video(
    app: &App,
    actor: &SellerActor,
    id: VideoId,
    patch: &VideoPatch,
) -> Result<VideoView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_video(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("video"))?;
    let caption = match &patch.caption {
        Some(c) => check_text("caption", "caption", c, MAX_CAPTION, false)?,
        None => row.caption.clone(),
    };
    let status = match patch.status.as_deref().map(str::trim) {
        None => row.status,
        Some("PUBLISHED") => VideoStatus::Published,
        Some("HIDDEN") => VideoStatus::Hidden,
        Some(_) => {
            return Err(AppError::invalid(
                "status",
                "video-status-unknown",
                "Use PUBLISHED or HIDDEN",
            ));
        }
    };
    let tags = match &patch.tags {
        Some(t) => {
            let ids = check_tags(&mut tx, actor.seller_id, t).await?;
            repo::replace_tags(&mut tx, id, &ids).await?;
            ids
        }
        None => repo::list_tags(&mut tx, id).await?,
    };
    if !repo::update_video(
        &mut tx,
        actor.seller_id,
        id,
        &caption,
        status.as_str(),
        app.now(),
    )
    .await?
    {
        return Err(AppError::NotFound("video"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.video.update",
        Some(&id.to_string()),
        serde_json::json!({
            "status": status,
            "caption_changed": patch.caption.is_some(),
            "tags": patch.tags.as_ref().map(|_| tags.iter().map(ToString::to_string).collect::<Vec<_>>()),
        }),
    )
    .await?;
    let row = repo::find_video(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("video"))?;
    let view = video_view(&mut tx, row, &tags).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// Deletes a video: buyers and the shop no longer see it, its file is removed, and its
/// recorded views and clicks stay for analytics.
pub async fn delete_video(app: &App, actor: &SellerActor, id: VideoId) -> Result<()> {
    actor.require(Area::Promotions, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_video(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("video"))?;
    if !repo::mark_video_deleted(&mut tx, actor.seller_id, id, app.now()).await? {
        return Err(AppError::NotFound("video"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.video.delete",
        Some(&id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    if let Some(key) = row.file_key {
        // After the commit: a failure leaves an orphan file, never a row without its file.
        match app.files.delete(&FilePath::from(key.as_str())).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => tracing::warn!(video = %id, error = %e, "a deleted video's file stays"),
        }
    }
    Ok(())
}

/// One of the shop's videos.
pub async fn get_video(app: &App, actor: &SellerActor, id: VideoId) -> Result<VideoView> {
    actor.require(Area::Promotions, Access::View)?;
    let mut conn = app.db.conn().await?;
    let row = repo::find_video(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("video"))?;
    let tags = repo::list_tags(&mut conn, id).await?;
    video_view(&mut conn, row, &tags).await
}

/// The shop's videos, newest first: all, or `PUBLISHED` / `HIDDEN` ones; paged by cursor.
pub async fn list_videos(
    app: &App,
    actor: &SellerActor,
    status: Option<&str>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<VideoPage> {
    actor.require(Area::Promotions, Access::View)?;
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("PUBLISHED" | "HIDDEN")) => Some(s),
        Some(_) => {
            return Err(AppError::invalid(
                "status",
                "video-status-unknown",
                "Use PUBLISHED or HIDDEN",
            ));
        }
    };
    let before: Option<VideoId> = decode_cursor(cursor)?;
    let limit = page_limit(limit, 50)?;
    let mut conn = app.db.conn().await?;
    let rows =
        repo::list_videos_for_seller(&mut conn, actor.seller_id, status, before, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let ids: Vec<VideoId> = rows.iter().map(|r| r.id).collect();
    let tags = repo::list_tags_of(&mut conn, &ids).await?;
    let mut items = Vec::new();
    for r in rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
    {
        let mine: Vec<ProductId> = tags
            .iter()
            .filter(|(v, _)| *v == r.id)
            .map(|(_, p)| *p)
            .collect();
        items.push(video_view(&mut conn, r, &mine).await?);
    }
    let next_cursor = if more {
        items.last().map(|v| encode_cursor(&v.id.to_string()))
    } else {
        None
    };
    Ok(VideoPage { items, next_cursor })
}

/// A product a seller can tag or pin (the shop's products on sale).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TaggableProduct {
    pub id: ProductId,
    pub title: String,
}

/// The shop's products on sale, newest first, for the tag and pin pickers.
pub async fn taggable_products(app: &App, actor: &SellerActor) -> Result<Vec<TaggableProduct>> {
    actor.require(Area::Promotions, Access::View)?;
    let mut conn = app.db.conn().await?;
    Ok(
        repo::list_taggable_products(&mut conn, actor.seller_id, 200)
            .await?
            .into_iter()
            .map(|r| TaggableProduct {
                id: r.id,
                title: r.title,
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// Videos: buyers

/// A tagged or pinned product as buyers see it, with the links that carry the source.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourcedProduct {
    pub product: ShopProduct,
    /// The product page with `?src=`.
    pub url: String,
    /// The storefront route that records the click, then redirects to `url`.
    pub click_path: String,
}

/// A published video as buyers see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoreVideo {
    pub id: VideoId,
    pub seller_id: SellerId,
    pub store_name: String,
    pub caption: String,
    /// `FILE` (play `play_url` in a `<video>`) or `LINK` (open `link_url`).
    pub kind: String,
    pub play_url: Option<String>,
    pub link_url: Option<String>,
    pub content_type: Option<String>,
    pub views: i64,
    pub created_at: Timestamp,
    /// Tagged products on sale now.
    pub products_on_sale: i64,
    /// The tagged products on sale, in the seller's order (filled for one video, empty in
    /// lists).
    pub products: Vec<SourcedProduct>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StoreVideoPage {
    pub items: Vec<StoreVideo>,
    pub next_cursor: Option<String>,
}

fn store_video(v: VideoRow, store_name: String, on_sale: i64) -> StoreVideo {
    let file = v.source_kind == "FILE";
    StoreVideo {
        id: v.id,
        seller_id: v.seller_id,
        store_name,
        caption: v.caption,
        kind: v.source_kind,
        play_url: file.then(|| video_file_url(v.id)),
        link_url: if file { None } else { v.link_url },
        content_type: v.content_type,
        views: v.views,
        created_at: v.created_at,
        products_on_sale: on_sale,
        products: Vec::new(),
    }
}

/// Resolves products to what is on sale now, in order; the rest are left out.
async fn on_sale_products(
    app: &App,
    ids: &[ProductId],
    source: Source,
    locale: Locale,
) -> Result<Vec<SourcedProduct>> {
    let mut out = Vec::new();
    for id in ids {
        match products::on_sale(app, *id, locale).await {
            Ok(product) => out.push(SourcedProduct {
                product,
                url: product_link(*id, source),
                click_path: click_path(source, *id),
            }),
            Err(AppError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Published videos of approved shops, newest first: all, or one shop's; paged by cursor.
pub async fn browse_videos(
    app: &App,
    seller: Option<SellerId>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<StoreVideoPage> {
    let before: Option<VideoId> = decode_cursor(cursor)?;
    let limit = page_limit(limit, 24)?;
    let mut conn = app.db.conn().await?;
    let rows = repo::list_public_videos(&mut conn, seller, before, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<StoreVideo> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|r| store_video(r.video, r.store_name, r.products_on_sale))
        .collect();
    let next_cursor = if more {
        items.last().map(|v| encode_cursor(&v.id.to_string()))
    } else {
        None
    };
    Ok(StoreVideoPage { items, next_cursor })
}

/// One published video with its tagged products that are on sale (tags of products no
/// longer on sale are left out). Records nothing; see `open_video`.
pub async fn public_video(app: &App, id: VideoId, locale: Locale) -> Result<StoreVideo> {
    let (row, store_name, tags) = {
        let mut conn = app.db.conn().await?;
        let (row, store_name) = repo::find_public_video(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("video"))?;
        let tags = repo::list_tags(&mut conn, id).await?;
        (row, store_name, tags)
    };
    let products = on_sale_products(app, &tags, Source::Video(id), locale).await?;
    let mut v = store_video(row, store_name, 0);
    v.products_on_sale = i64::try_from(products.len()).unwrap_or(i64::MAX);
    v.products = products;
    Ok(v)
}

/// A buyer opens a video: the video as `public_video`, and a VIEW recorded for it.
pub async fn open_video(
    app: &App,
    id: VideoId,
    locale: Locale,
    buyer: Option<BuyerId>,
) -> Result<StoreVideo> {
    let mut v = public_video(app, id, locale).await?;
    record(app, "VIEW", Source::Video(id), v.seller_id, None, buyer).await?;
    v.views += 1;
    Ok(v)
}

/// A buyer follows a video's product tag: records a TAG_CLICK and answers the product link
/// (with `src`) to send them to. Only tags of published videos count.
pub async fn click_video_tag(
    app: &App,
    id: VideoId,
    product: ProductId,
    buyer: Option<BuyerId>,
) -> Result<String> {
    let seller = {
        let mut conn = app.db.conn().await?;
        let (row, _) = repo::find_public_video(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("video"))?;
        if !repo::list_tags(&mut conn, id).await?.contains(&product) {
            return Err(AppError::NotFound("tag"));
        }
        row.seller_id
    };
    let source = Source::Video(id);
    record(app, "TAG_CLICK", source, seller, Some(product), buyer).await?;
    Ok(product_link(product, source))
}

// ---------------------------------------------------------------------------------------
// Attribution

async fn record(
    app: &App,
    kind: &str,
    source: Source,
    seller: SellerId,
    product: Option<ProductId>,
    buyer: Option<BuyerId>,
) -> Result<()> {
    let buyer = buyer.map(|b| b.to_string());
    let source_id = source.to_string();
    let mut tx = app.db.begin().await?;
    repo::insert_event(
        &mut tx,
        &NewEvent {
            id: app.new_id(),
            kind,
            source_kind: source.kind(),
            source_id: &source_id,
            seller_id: seller,
            product_id: product,
            buyer_id: buyer.as_deref(),
        },
        app.now(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Views and tag clicks of one of a shop's videos or live sessions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceStats {
    pub source_kind: &'static str,
    pub source_id: String,
    pub views: i64,
    pub tag_clicks: i64,
    /// Tag clicks per product, most clicked first.
    pub clicks_by_product: Vec<(ProductId, i64)>,
}

/// Views and tag clicks recorded for `source` of `seller` in [since, until) (either end
/// open); another shop's source counts nothing. For analytics.
pub async fn source_stats(
    app: &App,
    seller: SellerId,
    source: Source,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Result<SourceStats> {
    let mut conn = app.db.conn().await?;
    let rows = repo::count_events(&mut conn, seller, &source.to_string(), since, until).await?;
    let mut stats = SourceStats {
        source_kind: source.kind(),
        source_id: source.to_string(),
        views: 0,
        tag_clicks: 0,
        clicks_by_product: Vec::new(),
    };
    for (kind, product, n) in rows {
        match kind.as_str() {
            "VIEW" => stats.views += n,
            _ => {
                stats.tag_clicks += n;
                if let Some(p) = product {
                    stats.clicks_by_product.push((p, n));
                }
            }
        }
    }
    stats
        .clicks_by_product
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(stats)
}

/// The source a purchase of `product` can be attributed to, from a `src` value: a video
/// that tags the product, or a live session that features it, of the product's shop. None
/// for anything else (malformed, unknown, or not about this product), so a made-up `src`
/// attributes nothing. For the cart and orders.
pub async fn resolve_source(app: &App, src: &str, product: ProductId) -> Result<Option<Source>> {
    let Some(source) = Source::parse(src) else {
        return Ok(None);
    };
    let mut conn = app.db.conn().await?;
    let found = shows_product(&mut conn, source, product).await?;
    Ok(found.then_some(source))
}

/// Whether the video tags the product or the session featured it, on the caller's
/// connection (checkout asks inside its transaction).
pub async fn shows_product(conn: &mut Conn, source: Source, product: ProductId) -> Result<bool> {
    Ok(match source {
        // A deleted video keeps its tags: a purchase it led to still counts.
        Source::Video(v) => repo::list_tags(conn, v).await?.contains(&product),
        Source::Live(l) => repo::list_pins(conn, l)
            .await?
            .iter()
            .any(|p| p.product_id == product),
    })
}

// ---------------------------------------------------------------------------------------
// Video files

/// An uploaded video file, ready to be served in whole or in ranges.
#[derive(Debug, Clone)]
pub struct VideoFile {
    pub id: VideoId,
    pub content_type: String,
    /// Bytes in the file.
    pub size: u64,
    key: String,
}

/// An uploaded video's file: buyers get published videos of approved shops; the video's own
/// shop (`viewer`) gets its hidden ones too. NotFound for links and anything else.
pub async fn video_file(app: &App, id: VideoId, viewer: Option<SellerId>) -> Result<VideoFile> {
    let row = {
        let mut conn = app.db.conn().await?;
        match repo::find_public_video(&mut conn, id).await? {
            Some((row, _)) => Some(row),
            None => match viewer {
                Some(s) => repo::find_video(&mut conn, s, id).await?,
                None => None,
            },
        }
    }
    .ok_or(AppError::NotFound("video"))?;
    let (Some(key), Some(content_type)) = (row.file_key, row.content_type) else {
        return Err(AppError::NotFound("video"));
    };
    let meta = app
        .files
        .head(&FilePath::from(key.as_str()))
        .await
        .map_err(|e| match e {
            object_store::Error::NotFound { .. } => AppError::NotFound("video"),
            other => AppError::internal(other),
        })?;
    Ok(VideoFile {
        id,
        content_type,
        size: meta.size,
        key,
    })
}

/// Reads the file, or the byte range `range` of it (within `0..size`, not empty).
pub async fn read_video(
    app: &App,
    file: &VideoFile,
    range: Option<Range<u64>>,
) -> Result<GetResult> {
    let options = GetOptions {
        range: range.map(GetRange::Bounded),
        ..GetOptions::default()
    };
    app.files
        .get_opts(&FilePath::from(file.key.as_str()), options)
        .await
        .map_err(|e| match e {
            object_store::Error::NotFound { .. } => AppError::NotFound("video"),
            other => AppError::internal(other),
        })
}

// ---------------------------------------------------------------------------------------
// Live sessions: sellers

/// A featured product of a session, as the seller sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PinView {
    pub product_id: ProductId,
    pub title: String,
    pub status: String,
    /// The product pinned now (at most one).
    pub pinned: bool,
    pub added_at: Timestamp,
}

/// A live session as its shop sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LiveView {
    pub id: LiveId,
    pub title: String,
    pub stream_url: Option<String>,
    pub status: LiveStatus,
    pub scheduled_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub views: i64,
    pub tag_clicks: i64,
    pub pins: Vec<PinView>,
    pub questions: i64,
    pub unanswered: i64,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LivePage {
    pub items: Vec<LiveView>,
    pub next_cursor: Option<String>,
}

async fn live_view(conn: &mut Conn, l: LiveRow, with_details: bool) -> Result<LiveView> {
    let (pins, questions, unanswered) = if with_details {
        let pins = repo::list_pins(conn, l.id).await?;
        let ids: Vec<ProductId> = pins.iter().map(|p| p.product_id).collect();
        let titles = repo::product_titles(conn, l.seller_id, &ids).await?;
        let pins = pins
            .iter()
            .map(|p| {
                let t = titles.iter().find(|t| t.id == p.product_id);
                PinView {
                    product_id: p.product_id,
                    title: t.map(|t| t.title.clone()).unwrap_or_default(),
                    status: t.map(|t| t.status.as_str().to_owned()).unwrap_or_default(),
                    pinned: p.pinned,
                    added_at: p.added_at,
                }
            })
            .collect();
        let qs = repo::list_questions(conn, l.id, 1000).await?;
        let unanswered = qs.iter().filter(|q| q.answer.is_none()).count();
        (
            pins,
            i64::try_from(qs.len()).unwrap_or(i64::MAX),
            i64::try_from(unanswered).unwrap_or(i64::MAX),
        )
    } else {
        (Vec::new(), 0, 0)
    };
    Ok(LiveView {
        id: l.id,
        title: l.title,
        stream_url: l.stream_url,
        status: l.status,
        scheduled_at: l.scheduled_at,
        started_at: l.started_at,
        ended_at: l.ended_at,
        views: l.views,
        tag_clicks: l.tag_clicks,
        pins,
        questions,
        unanswered,
        created_at: l.created_at,
    })
}

/// What a seller schedules.
#[derive(Debug, Clone)]
pub struct LiveInput {
    pub title: String,
    pub scheduled_at: Timestamp,
    /// Where buyers watch (an https link), if the stream is elsewhere.
    pub stream_url: Option<String>,
}

/// Schedules a live session (not in the past, at most a year ahead).
pub async fn schedule_live(app: &App, actor: &SellerActor, input: &LiveInput) -> Result<LiveView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let title = check_text("title", "live-title", &input.title, MAX_TITLE, true)?;
    let stream_url = match input.stream_url.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => Some(check_link("stream_url", s)?),
        _ => None,
    };
    let now = app.now();
    let earliest = now
        .saturating_sub(SignedDuration::from_mins(5))
        .unwrap_or(now);
    let latest = now
        .saturating_add(SignedDuration::from_hours(24 * 366))
        .unwrap_or(now);
    if input.scheduled_at < earliest {
        return Err(AppError::invalid(
            "scheduled_at",
            "live-time-past",
            "Choose a time in the future",
        ));
    }
    if input.scheduled_at > latest {
        return Err(AppError::invalid(
            "scheduled_at",
            "live-time-far",
            "Choose a time within a year",
        ));
    }
    let id: LiveId = app.new_id();
    let mut tx = app.db.begin().await?;
    repo::insert_live(
        &mut tx,
        &NewLive {
            id,
            seller_id: actor.seller_id,
            title: &title,
            stream_url: stream_url.as_deref(),
            scheduled_at: input.scheduled_at,
            created_by: Some(actor.user_id),
        },
        now,
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.live.schedule",
        Some(&id.to_string()),
        serde_json::json!({"title": title, "scheduled_at": input.scheduled_at.to_string()}),
    )
    .await?;
    let row = repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    let view = live_view(&mut tx, row, true).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// One of the shop's sessions, with its featured products and question counts.
pub async fn get_live(app: &App, actor: &SellerActor, id: LiveId) -> Result<LiveView> {
    actor.require(Area::Promotions, Access::View)?;
    let mut conn = app.db.conn().await?;
    let row = repo::find_live(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    live_view(&mut conn, row, true).await
}

/// The shop's sessions, newest first, paged by cursor.
pub async fn list_live(
    app: &App,
    actor: &SellerActor,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<LivePage> {
    actor.require(Area::Promotions, Access::View)?;
    let before: Option<LiveId> = decode_cursor(cursor)?;
    let limit = page_limit(limit, 50)?;
    let mut conn = app.db.conn().await?;
    let rows = repo::list_live_for_seller(&mut conn, actor.seller_id, before, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let mut items = Vec::new();
    for r in rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
    {
        items.push(live_view(&mut conn, r, false).await?);
    }
    let next_cursor = if more {
        items.last().map(|v| encode_cursor(&v.id.to_string()))
    } else {
        None
    };
    Ok(LivePage { items, next_cursor })
}

/// Starts, ends or cancels a session. A move its status does not allow is a 409 saying why;
/// a shop runs one live session at a time.
pub async fn change_live(
    app: &App,
    actor: &SellerActor,
    id: LiveId,
    action: LiveAction,
) -> Result<LiveView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let row = repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    let from = row.status;
    let to = from
        .after(action)
        .map_err(|why| AppError::refused(Refusal::LiveState, why.to_owned()))?;
    if to == LiveStatus::Live
        && repo::count_live_in_status(&mut tx, actor.seller_id, "LIVE", id).await? > 0
    {
        return Err(AppError::refused(
            Refusal::AnotherLive,
            "Another live session of this shop is live; end it first",
        ));
    }
    let t = LiveTransition {
        from: from.as_str(),
        to: to.as_str(),
        started_at: (to == LiveStatus::Live).then_some(now),
        ended_at: matches!(to, LiveStatus::Ended | LiveStatus::Cancelled).then_some(now),
    };
    if !repo::set_live_status(&mut tx, actor.seller_id, id, &t, now).await? {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "The session changed meanwhile; reload it",
        ));
    }
    if to == LiveStatus::Ended {
        repo::clear_pinned(&mut tx, id).await?;
    }
    let action_name = match action {
        LiveAction::Start => "media.live.start",
        LiveAction::End => "media.live.end",
        LiveAction::Cancel => "media.live.cancel",
    };
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        action_name,
        Some(&id.to_string()),
        serde_json::json!({"from": from.as_str(), "to": to.as_str()}),
    )
    .await?;
    let row = repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    let view = live_view(&mut tx, row, true).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// Features one of the shop's products in a scheduled or live session; with `now`, it is
/// the product pinned now (the one pinned before stays featured), without, it is featured
/// only (and unpinned if it was pinned).
pub async fn pin_product(
    app: &App,
    actor: &SellerActor,
    id: LiveId,
    product: &str,
    now: bool,
) -> Result<LiveView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    let unknown = || {
        AppError::invalid(
            "product_id",
            "pin-product-unknown",
            "Pin one of your own products",
        )
    };
    let product: ProductId = product.trim().parse().map_err(|_| unknown())?;
    if repo::own_products(&mut tx, actor.seller_id, &[product])
        .await?
        .is_empty()
    {
        return Err(unknown());
    }
    if !row.status.takes_pins() {
        return Err(AppError::refused(
            Refusal::PinClosed,
            "Products can be pinned only before and during the session",
        ));
    }
    let pins = repo::list_pins(&mut tx, id).await?;
    if pins.len() >= MAX_PINS && !pins.iter().any(|p| p.product_id == product) {
        return Err(AppError::invalid(
            "product_id",
            "pins-count",
            format!("A session features at most {MAX_PINS} products"),
        ));
    }
    repo::put_pin(&mut tx, id, product, now, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.live.pin",
        Some(&id.to_string()),
        serde_json::json!({"product_id": product.to_string(), "now": now}),
    )
    .await?;
    let view = live_view(&mut tx, row, true).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// Takes a product out of a session (unpinning it if it was pinned).
pub async fn unpin_product(
    app: &App,
    actor: &SellerActor,
    id: LiveId,
    product: ProductId,
) -> Result<LiveView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let mut tx = app.db.begin().await?;
    let row = repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    if !row.status.takes_pins() {
        return Err(AppError::refused(
            Refusal::PinClosed,
            "Products can be unpinned only before and during the session",
        ));
    }
    if !repo::delete_pin(&mut tx, id, product).await? {
        return Err(AppError::NotFound("pinned product"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.live.unpin",
        Some(&id.to_string()),
        serde_json::json!({"product_id": product.to_string()}),
    )
    .await?;
    let view = live_view(&mut tx, row, true).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

/// A buyer's question and the seller's answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuestionView {
    pub id: QuestionId,
    pub live_id: LiveId,
    /// What the buyer was called when asking.
    pub buyer_name: String,
    pub body: String,
    pub answer: Option<String>,
    pub answered_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl From<QuestionRow> for QuestionView {
    fn from(q: QuestionRow) -> Self {
        QuestionView {
            id: q.id,
            live_id: q.live_id,
            buyer_name: q.buyer_name,
            body: q.body,
            answer: q.answer,
            answered_at: q.answered_at,
            created_at: q.created_at,
        }
    }
}

/// The questions of one of the shop's sessions, newest first.
pub async fn session_questions(
    app: &App,
    actor: &SellerActor,
    id: LiveId,
) -> Result<Vec<QuestionView>> {
    actor.require(Area::Promotions, Access::View)?;
    let mut conn = app.db.conn().await?;
    repo::find_live(&mut conn, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    Ok(repo::list_questions(&mut conn, id, 500)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Answers (or re-answers) a question of one of the shop's sessions, while it is live or
/// after it ended.
pub async fn answer_question(
    app: &App,
    actor: &SellerActor,
    id: LiveId,
    question: QuestionId,
    answer: &str,
) -> Result<QuestionView> {
    actor.require(Area::Promotions, Access::Edit)?;
    let answer = check_text("answer", "answer", answer, MAX_ANSWER, true)?;
    let mut tx = app.db.begin().await?;
    repo::find_live(&mut tx, actor.seller_id, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    if !repo::answer_question(
        &mut tx,
        actor.seller_id,
        id,
        question,
        &answer,
        actor.user_id,
        app.now(),
    )
    .await?
    {
        return Err(AppError::NotFound("question"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "media.live.answer",
        Some(&question.to_string()),
        serde_json::json!({"live_id": id.to_string()}),
    )
    .await?;
    let view = repo::list_questions(&mut tx, id, 1000)
        .await?
        .into_iter()
        .find(|q| q.id == question)
        .map(QuestionView::from)
        .ok_or(AppError::NotFound("question"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view)
}

// ---------------------------------------------------------------------------------------
// Live sessions: buyers

/// A live session as buyers see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoreLive {
    pub id: LiveId,
    pub seller_id: SellerId,
    pub store_name: String,
    pub title: String,
    /// `SCHEDULED`, `LIVE` or `ENDED`.
    pub status: LiveStatus,
    pub stream_url: Option<String>,
    pub scheduled_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub views: i64,
    /// The product pinned now, if it is on sale (only while live).
    pub pinned: Option<SourcedProduct>,
    /// The featured products on sale, in the order they were added (the pinned one too).
    pub featured: Vec<SourcedProduct>,
}

/// Sessions that are live now and coming up.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LiveLineup {
    pub live_now: Vec<StoreLive>,
    pub upcoming: Vec<StoreLive>,
}

fn store_live(l: LiveRow, store_name: String) -> StoreLive {
    StoreLive {
        id: l.id,
        seller_id: l.seller_id,
        store_name,
        title: l.title,
        status: l.status,
        stream_url: l.stream_url,
        scheduled_at: l.scheduled_at,
        started_at: l.started_at,
        ended_at: l.ended_at,
        views: l.views,
        pinned: None,
        featured: Vec::new(),
    }
}

/// Live sessions of approved shops that are live now (latest start first) and upcoming
/// (soonest first): all shops, or one.
pub async fn live_lineup(app: &App, seller: Option<SellerId>, limit: i64) -> Result<LiveLineup> {
    let limit = limit.clamp(1, 100);
    let since = app
        .now()
        .saturating_sub(UPCOMING_GRACE)
        .unwrap_or(app.now());
    let mut conn = app.db.conn().await?;
    let now = repo::list_public_live(&mut conn, "LIVE", seller, None, limit).await?;
    let upcoming =
        repo::list_public_live(&mut conn, "SCHEDULED", seller, Some(since), limit).await?;
    Ok(LiveLineup {
        live_now: now.into_iter().map(|(l, s)| store_live(l, s)).collect(),
        upcoming: upcoming
            .into_iter()
            .map(|(l, s)| store_live(l, s))
            .collect(),
    })
}

/// One session with its pinned and featured products that are on sale. Records nothing;
/// see `open_live`.
pub async fn public_live(app: &App, id: LiveId, locale: Locale) -> Result<StoreLive> {
    let (row, store_name, pins) = {
        let mut conn = app.db.conn().await?;
        let (row, store_name) = repo::find_public_live(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("live session"))?;
        let pins = repo::list_pins(&mut conn, id).await?;
        (row, store_name, pins)
    };
    let live = row.status == LiveStatus::Live;
    let ids: Vec<ProductId> = pins.iter().map(|p| p.product_id).collect();
    let featured = on_sale_products(app, &ids, Source::Live(id), locale).await?;
    let pinned_id = pins.iter().find(|p| p.pinned).map(|p| p.product_id);
    let mut l = store_live(row, store_name);
    l.pinned = featured
        .iter()
        .find(|p| live && Some(p.product.id) == pinned_id)
        .cloned();
    l.featured = featured;
    Ok(l)
}

/// A buyer opens a live session: the session as `public_live`, and a VIEW recorded.
pub async fn open_live(
    app: &App,
    id: LiveId,
    locale: Locale,
    buyer: Option<BuyerId>,
) -> Result<StoreLive> {
    let mut l = public_live(app, id, locale).await?;
    record(app, "VIEW", Source::Live(id), l.seller_id, None, buyer).await?;
    l.views += 1;
    Ok(l)
}

/// A buyer follows a product featured in a session: records a TAG_CLICK and answers the
/// product link (with `src`).
pub async fn click_live_pin(
    app: &App,
    id: LiveId,
    product: ProductId,
    buyer: Option<BuyerId>,
) -> Result<String> {
    let seller = {
        let mut conn = app.db.conn().await?;
        let (row, _) = repo::find_public_live(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound("live session"))?;
        if !repo::list_pins(&mut conn, id)
            .await?
            .iter()
            .any(|p| p.product_id == product)
        {
            return Err(AppError::NotFound("pinned product"));
        }
        row.seller_id
    };
    let source = Source::Live(id);
    record(app, "TAG_CLICK", source, seller, Some(product), buyer).await?;
    Ok(product_link(product, source))
}

/// The questions of a session buyers may see, newest first.
pub async fn public_questions(app: &App, id: LiveId) -> Result<Vec<QuestionView>> {
    let mut conn = app.db.conn().await?;
    repo::find_public_live(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    Ok(repo::list_questions(&mut conn, id, 200)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A signed-in buyer asks a question in a session that is live (a few a minute at most).
pub async fn ask_question(
    app: &App,
    buyer: BuyerId,
    buyer_name: &str,
    id: LiveId,
    body: &str,
) -> Result<QuestionView> {
    let body = check_text("body", "question", body, MAX_QUESTION, true)?;
    let name: String = buyer_name.trim().chars().take(60).collect();
    let name = if name.is_empty() {
        "Buyer".to_owned()
    } else {
        name
    };
    let mut tx = app.db.begin().await?;
    let (row, _) = repo::find_public_live(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("live session"))?;
    if row.status != LiveStatus::Live {
        return Err(AppError::refused(
            Refusal::NotLive,
            "Questions can be asked only while the session is live",
        ));
    }
    limits::take(
        app,
        &mut tx,
        &format!("live-question:{buyer}"),
        QUESTIONS_PER_BUYER,
    )
    .await?;
    let qid: QuestionId = app.new_id();
    let buyer_id = buyer.to_string();
    let now = app.now();
    repo::insert_question(
        &mut tx,
        &NewQuestion {
            id: qid,
            live_id: id,
            seller_id: row.seller_id,
            buyer_id: &buyer_id,
            buyer_name: &name,
            body: &body,
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(QuestionView {
        id: qid,
        live_id: id,
        buyer_name: name,
        body,
        answer: None,
        answered_at: None,
        created_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_are_recognised_by_their_first_bytes() {
        let mut mp4 = vec![0, 0, 0, 0x18];
        mp4.extend_from_slice(b"ftypmp42\0\0\0\0mp42isom");
        assert_eq!(sniff_video(&mp4), Some("video/mp4"));
        let mut avif = vec![0, 0, 0, 0x1c];
        avif.extend_from_slice(b"ftypavif\0\0\0\0avifmif1");
        assert_eq!(sniff_video(&avif), None, "an AVIF image is not a video");
        // EBML header: DocType "webm".
        let webm = [
            0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42,
            0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm',
            0x42, 0x87, 0x81, 0x02, 0x42, 0x85, 0x81, 0x02,
        ];
        assert_eq!(sniff_video(&webm), Some("video/webm"));
        let mut mkv = webm.to_vec();
        mkv[23] = 0x88;
        mkv.splice(24..28, b"matroska".iter().copied());
        mkv[4] = 0xA3;
        assert_eq!(sniff_video(&mkv), None, "Matroska that is not WebM");
        assert_eq!(sniff_video(b"GIF89a......"), None);
        assert_eq!(sniff_video(b""), None);
        assert_eq!(sniff_video(&[0x1A, 0x45, 0xDF, 0xA3, 0xFF]), None);
    }

    #[test]
    fn the_live_life_cycle_allows_only_its_moves() {
        use LiveAction::*;
        use LiveStatus::*;
        assert_eq!(Scheduled.after(Start), Ok(Live));
        assert_eq!(Live.after(End), Ok(Ended));
        assert_eq!(Scheduled.after(Cancel), Ok(Cancelled));
        for (s, a) in [
            (Scheduled, End),
            (Live, Start),
            (Live, Cancel),
            (Ended, Start),
            (Ended, End),
            (Ended, Cancel),
            (Cancelled, Start),
            (Cancelled, End),
            (Cancelled, Cancel),
        ] {
            assert!(s.after(a).is_err(), "{s:?} {a:?}");
        }
    }

    #[test]
    fn links_must_be_https_with_a_host() {
        assert!(check_link("l", " https://videos.example/a.mp4 ").is_ok());
        for bad in [
            "http://videos.example/a.mp4",
            "https://",
            "https:///x",
            "javascript:alert(1)",
            "https://videos.example/a b",
            "https://localhost/x",
        ] {
            assert!(check_link("l", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sources_parse_and_make_links() {
        let ts = Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::UNIX_EPOCH);
        let v = VideoId::new_at(ts, [3; 10]);
        let p = ProductId::new_at(ts, [4; 10]);
        assert_eq!(Source::parse(&v.to_string()), Some(Source::Video(v)));
        assert_eq!(Source::parse("prd_x"), None);
        assert_eq!(product_link(p, Source::Video(v)), format!("/p/{p}?src={v}"));
        assert_eq!(click_path(Source::Video(v), p), format!("/v/{v}/tags/{p}"));
    }
}
