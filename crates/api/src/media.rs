//! Shoppable videos and live sessions: the shop's videos (uploaded or linked, with product
//! tags) and live sessions (schedule, start, pin, end, answer questions), and what buyers
//! see of them, with views and tag clicks recorded for attribution.

use axum::Json;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use shopdeck_app::access::SellerActor;
use shopdeck_app::buyers::{self, BuyerToken};
use shopdeck_app::media::{
    self, LiveAction, LiveInput, LiveStatus, LiveView, PinView, QuestionView, SourcedProduct,
    StoreLive, StoreVideo, TagView, VideoPatch, VideoSource, VideoStatus, VideoView,
};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{BuyerId, LiveId, ProductId, QuestionId, SellerId, VideoId};

use crate::auth::ApiUser;
use crate::buyers::ApiBuyer;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;
use crate::products::ShopProductDto;

/// Video uploads: 50 MB of video and the form around it.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(media::MAX_VIDEO_BYTES + 1024 * 1024)
}

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

/// The signed-in buyer a view or click is attributed to, when the request carries a buyer's
/// token. Anything else (no header, a seller's token, an expired session) is an anonymous
/// buyer: counting a view never refuses a storefront read.
async fn buyer_of(app: &App, headers: &HeaderMap) -> Option<BuyerId> {
    let token = crate::auth::bearer(headers).and_then(BuyerToken::parse)?;
    match buyers::current_buyer(app, &token).await {
        Ok(b) => b.map(|b| b.id),
        Err(e) => {
            tracing::warn!(error = %e, "the buyer of a view could not be read");
            None
        }
    }
}

fn seller_filter(raw: Option<&str>) -> Result<Option<SellerId>, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(s.parse::<SellerId>().map_err(|_| {
            AppError::invalid("seller_id", "seller-unknown", "Unknown shop")
        })?)),
    }
}

// ---- shapes ----

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TagDto {
    pub product_id: String,
    pub title: String,
    /// The product's status; only LIVE products show in the storefront.
    pub status: String,
}

impl From<TagView> for TagDto {
    fn from(t: TagView) -> Self {
        TagDto {
            product_id: t.product_id.to_string(),
            title: t.title,
            status: t.status,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VideoDto {
    pub id: String,
    pub caption: String,
    /// FILE (uploaded) or LINK.
    pub kind: String,
    /// The uploaded file's address (`/media/video/{id}`, range requests supported) or the link.
    pub url: String,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// PUBLISHED or HIDDEN.
    pub status: VideoStatus,
    pub views: i64,
    pub tag_clicks: i64,
    /// Tagged products in display order.
    pub tags: Vec<TagDto>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<VideoView> for VideoDto {
    fn from(v: VideoView) -> Self {
        VideoDto {
            id: v.id.to_string(),
            caption: v.caption,
            kind: v.kind,
            url: v.url,
            content_type: v.content_type,
            size_bytes: v.size_bytes,
            status: v.status,
            views: v.views,
            tag_clicks: v.tag_clicks,
            tags: v.tags.into_iter().map(Into::into).collect(),
            created_at: v.created_at.to_string(),
            updated_at: v.updated_at.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VideoListDto {
    pub data: Vec<VideoDto>,
    pub next_cursor: Option<String>,
}

/// A video given by link (JSON). To upload a file instead, send `multipart/form-data` with
/// `file`, `caption` and `tags` (comma-separated product ids).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct VideoLinkBody {
    /// Up to 2,200 characters.
    #[serde(default)]
    pub caption: String,
    /// 1–20 of the shop's own product ids (`prd_…`), in display order.
    pub tags: Vec<String>,
    /// An https address where the video is.
    pub link_url: String,
}

/// The multipart form of an upload (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents the multipart form; the handler reads it by hand"
)]
pub struct VideoUploadForm {
    /// MP4 or WebM, at most 50 MB (the type is read from the content).
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    caption: Option<String>,
    /// Comma-separated product ids, in display order.
    tags: String,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct VideoPatchBody {
    pub caption: Option<String>,
    /// Replaces the tags: 1–20 product ids in display order.
    pub tags: Option<Vec<String>>,
    /// PUBLISHED (buyers see it) or HIDDEN.
    pub status: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VideoListQuery {
    /// PUBLISHED or HIDDEN (default: both).
    pub status: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 50; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PinDto {
    pub product_id: String,
    pub title: String,
    pub status: String,
    /// The product pinned now (at most one per session).
    pub pinned: bool,
    pub added_at: String,
}

impl From<PinView> for PinDto {
    fn from(p: PinView) -> Self {
        PinDto {
            product_id: p.product_id.to_string(),
            title: p.title,
            status: p.status,
            pinned: p.pinned,
            added_at: p.added_at.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LiveDto {
    pub id: String,
    pub title: String,
    pub stream_url: Option<String>,
    /// SCHEDULED, LIVE, ENDED or CANCELLED.
    pub status: LiveStatus,
    pub scheduled_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub views: i64,
    pub tag_clicks: i64,
    /// Featured products in the order they were added (empty in lists).
    pub pins: Vec<PinDto>,
    /// Questions asked, and how many wait for an answer (0 in lists).
    pub questions: i64,
    pub unanswered: i64,
    pub created_at: String,
}

impl From<LiveView> for LiveDto {
    fn from(l: LiveView) -> Self {
        LiveDto {
            id: l.id.to_string(),
            title: l.title,
            stream_url: l.stream_url,
            status: l.status,
            scheduled_at: l.scheduled_at.to_string(),
            started_at: l.started_at.map(|t| t.to_string()),
            ended_at: l.ended_at.map(|t| t.to_string()),
            views: l.views,
            tag_clicks: l.tag_clicks,
            pins: l.pins.into_iter().map(Into::into).collect(),
            questions: l.questions,
            unanswered: l.unanswered,
            created_at: l.created_at.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LiveListDto {
    pub data: Vec<LiveDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    pub cursor: Option<String>,
    /// 1–100, default 50; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct LiveBody {
    /// 1–120 characters.
    pub title: String,
    /// RFC 3339, not in the past, within a year.
    pub scheduled_at: String,
    /// Where buyers watch, when the stream is elsewhere (https).
    pub stream_url: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct PinBody {
    /// One of the shop's products (`prd_…`).
    pub product_id: String,
    /// true (default): pin it now (the product pinned before stays featured); false:
    /// feature it only (unpinning it if it was pinned).
    pub now: Option<bool>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct QuestionDto {
    pub id: String,
    pub live_id: String,
    pub buyer_name: String,
    pub body: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub created_at: String,
}

impl From<QuestionView> for QuestionDto {
    fn from(q: QuestionView) -> Self {
        QuestionDto {
            id: q.id.to_string(),
            live_id: q.live_id.to_string(),
            buyer_name: q.buyer_name,
            body: q.body,
            answer: q.answer,
            answered_at: q.answered_at.map(|t| t.to_string()),
            created_at: q.created_at.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct QuestionListDto {
    pub data: Vec<QuestionDto>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    /// 1–1,000 characters; answering again replaces the answer.
    pub answer: String,
}

// ---- storefront shapes ----

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SourcedProductDto {
    pub product: ShopProductDto,
    /// The product page with `?src=` naming the video or session, so a purchase is
    /// attributed to it: link here.
    pub url: String,
    /// The storefront page that records the click and redirects to `url`.
    pub click_path: String,
}

impl From<SourcedProduct> for SourcedProductDto {
    fn from(p: SourcedProduct) -> Self {
        SourcedProductDto {
            product: p.product.into(),
            url: p.url,
            click_path: p.click_path,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StoreVideoDto {
    pub id: String,
    pub seller_id: String,
    pub store_name: String,
    pub caption: String,
    /// FILE: play `play_url` (range requests supported); LINK: open `link_url`.
    pub kind: String,
    pub play_url: Option<String>,
    pub link_url: Option<String>,
    pub content_type: Option<String>,
    pub views: i64,
    pub created_at: String,
    /// Tagged products on sale now.
    pub products_on_sale: i64,
    /// The tagged products on sale, in order (one video only; empty in lists).
    pub products: Vec<SourcedProductDto>,
}

impl From<StoreVideo> for StoreVideoDto {
    fn from(v: StoreVideo) -> Self {
        StoreVideoDto {
            id: v.id.to_string(),
            seller_id: v.seller_id.to_string(),
            store_name: v.store_name,
            caption: v.caption,
            kind: v.kind,
            play_url: v.play_url,
            link_url: v.link_url,
            content_type: v.content_type,
            views: v.views,
            created_at: v.created_at.to_string(),
            products_on_sale: v.products_on_sale,
            products: v.products.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StoreVideoListDto {
    pub data: Vec<StoreVideoDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoreVideoQuery {
    /// Only this shop's videos.
    pub seller_id: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 24; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocaleQuery {
    #[param(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
    /// true when polling for updates: no view is recorded.
    pub refresh: Option<bool>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ClickDto {
    /// Where to send the buyer: the product page with `?src=`.
    pub url: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StoreLiveDto {
    pub id: String,
    pub seller_id: String,
    pub store_name: String,
    pub title: String,
    /// SCHEDULED, LIVE or ENDED.
    pub status: LiveStatus,
    pub stream_url: Option<String>,
    pub scheduled_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub views: i64,
    /// The product pinned now (while live, if on sale).
    pub pinned: Option<SourcedProductDto>,
    /// The featured products on sale (one session only; empty in lists).
    pub featured: Vec<SourcedProductDto>,
}

impl From<StoreLive> for StoreLiveDto {
    fn from(l: StoreLive) -> Self {
        StoreLiveDto {
            id: l.id.to_string(),
            seller_id: l.seller_id.to_string(),
            store_name: l.store_name,
            title: l.title,
            status: l.status,
            stream_url: l.stream_url,
            scheduled_at: l.scheduled_at.to_string(),
            started_at: l.started_at.map(|t| t.to_string()),
            ended_at: l.ended_at.map(|t| t.to_string()),
            views: l.views,
            pinned: l.pinned.map(Into::into),
            featured: l.featured.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LineupDto {
    pub live_now: Vec<StoreLiveDto>,
    pub upcoming: Vec<StoreLiveDto>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LineupQuery {
    /// Only this shop's sessions.
    pub seller_id: Option<String>,
}

// ---- the shop's videos ----

/// The shop's videos, newest first (Promotions view).
#[utoipa::path(get, path = "/shop/videos", operation_id = "list_videos", tag = "media", security(("bearer" = [])),
    params(VideoListQuery), responses((status = 200, body = VideoListDto)))]
pub async fn list_videos(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<VideoListQuery>,
) -> Result<Json<VideoListDto>, ApiError> {
    let page = media::list_videos(
        &app,
        &actor(&me)?,
        q.status.as_deref(),
        q.cursor.as_deref(),
        q.limit,
    )
    .await?;
    Ok(Json(VideoListDto {
        data: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Publish a video tagging 1–20 of the shop's products: JSON with `link_url`, or
/// `multipart/form-data` with `file` (MP4 or WebM, at most 50 MB, checked by content),
/// `caption` and `tags` (comma-separated). Promotions edit.
#[utoipa::path(post, path = "/shop/videos", operation_id = "publish_video", tag = "media", security(("bearer" = [])),
    request_body(content((VideoLinkBody = "application/json"), (VideoUploadForm = "multipart/form-data"))),
    responses((status = 201, body = VideoDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn publish_video(
    State(app): State<App>,
    me: ApiUser,
    req: Request,
) -> Result<(StatusCode, Json<VideoDto>), ApiError> {
    let actor = actor(&me)?;
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (caption, tags, source) = if multipart {
        let mp = Multipart::from_request(req, &app).await.map_err(|e| {
            crate::Problem::new(
                e.status(),
                "invalid-body",
                "The multipart body could not be read",
            )
            .detail(e.body_text())
        })?;
        let up = crate::extract::read_upload(mp).await?;
        let Some((_, bytes)) = up.file.clone() else {
            return Err(AppError::invalid(
                "file",
                "video-missing",
                "Send the video as the `file` field, or JSON with `link_url`",
            )
            .into());
        };
        let tags: Vec<String> = up
            .field("tags")
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        (
            up.field("caption").to_owned(),
            tags,
            VideoSource::File(bytes),
        )
    } else {
        let ApiJson(body) = ApiJson::<VideoLinkBody>::from_request(req, &app).await?;
        (body.caption, body.tags, VideoSource::Link(body.link_url))
    };
    let v = media::publish_video(&app, &actor, &caption, &tags, source).await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

/// One of the shop's videos.
#[utoipa::path(get, path = "/shop/videos/{id}", operation_id = "get_video", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`vid_…`")),
    responses((status = 200, body = VideoDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_video(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<VideoId>,
) -> Result<Json<VideoDto>, ApiError> {
    Ok(Json(media::get_video(&app, &actor(&me)?, id).await?.into()))
}

/// Change a video's caption, tags or visibility (PUBLISHED / HIDDEN).
#[utoipa::path(patch, path = "/shop/videos/{id}", operation_id = "update_video", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`vid_…`")), request_body = VideoPatchBody,
    responses((status = 200, body = VideoDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn update_video(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<VideoId>,
    ApiJson(body): ApiJson<VideoPatchBody>,
) -> Result<Json<VideoDto>, ApiError> {
    let patch = VideoPatch {
        caption: body.caption,
        tags: body.tags,
        status: body.status,
    };
    Ok(Json(
        media::update_video(&app, &actor(&me)?, id, &patch)
            .await?
            .into(),
    ))
}

/// Delete a video: it disappears for buyers and the shop; its views and clicks stay in the
/// shop's statistics.
#[utoipa::path(delete, path = "/shop/videos/{id}", operation_id = "delete_video", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`vid_…`")),
    responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn delete_video(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<VideoId>,
) -> Result<StatusCode, ApiError> {
    media::delete_video(&app, &actor(&me)?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- the shop's live sessions ----

/// The shop's live sessions, newest first.
#[utoipa::path(get, path = "/shop/live", operation_id = "list_live_sessions", tag = "media", security(("bearer" = [])),
    params(CursorQuery), responses((status = 200, body = LiveListDto)))]
pub async fn list_live(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> Result<Json<LiveListDto>, ApiError> {
    let page = media::list_live(&app, &actor(&me)?, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(LiveListDto {
        data: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Schedule a live session.
#[utoipa::path(post, path = "/shop/live", operation_id = "schedule_live_session", tag = "media", security(("bearer" = [])),
    request_body = LiveBody,
    responses((status = 201, body = LiveDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn schedule_live(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<LiveBody>,
) -> Result<(StatusCode, Json<LiveDto>), ApiError> {
    let actor = actor(&me)?;
    let scheduled_at = body.scheduled_at.trim().parse().map_err(|_| {
        AppError::invalid(
            "scheduled_at",
            "live-time-invalid",
            "Give the time in RFC 3339, e.g. 2026-11-25T18:00:00Z",
        )
    })?;
    let input = LiveInput {
        title: body.title,
        scheduled_at,
        stream_url: body.stream_url,
    };
    let l = media::schedule_live(&app, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(l.into())))
}

/// One of the shop's live sessions with its featured products.
#[utoipa::path(get, path = "/shop/live/{id}", operation_id = "get_live_session", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = LiveDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_live(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<LiveDto>, ApiError> {
    Ok(Json(media::get_live(&app, &actor(&me)?, id).await?.into()))
}

async fn change(
    app: &App,
    me: &ApiUser,
    id: LiveId,
    action: LiveAction,
) -> Result<Json<LiveDto>, ApiError> {
    Ok(Json(
        media::change_live(app, &actor(me)?, id, action)
            .await?
            .into(),
    ))
}

/// Start a scheduled session (409 from any other status, or while another is live).
#[utoipa::path(post, path = "/shop/live/{id}/start", operation_id = "start_live_session", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = LiveDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn start_live(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<LiveDto>, ApiError> {
    change(&app, &me, id, LiveAction::Start).await
}

/// End a live session (409 unless it is live).
#[utoipa::path(post, path = "/shop/live/{id}/end", operation_id = "end_live_session", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = LiveDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn end_live(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<LiveDto>, ApiError> {
    change(&app, &me, id, LiveAction::End).await
}

/// Cancel a scheduled session (409 unless it is scheduled).
#[utoipa::path(post, path = "/shop/live/{id}/cancel", operation_id = "cancel_live_session", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = LiveDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn cancel_live(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<LiveDto>, ApiError> {
    change(&app, &me, id, LiveAction::Cancel).await
}

/// Feature one of the shop's products in a scheduled or live session, and pin it now unless
/// `now` is false.
#[utoipa::path(post, path = "/shop/live/{id}/pins", operation_id = "pin_live_product", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")), request_body = PinBody,
    responses((status = 200, body = LiveDto), (status = 409, body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn pin_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
    ApiJson(body): ApiJson<PinBody>,
) -> Result<Json<LiveDto>, ApiError> {
    let l = media::pin_product(
        &app,
        &actor(&me)?,
        id,
        &body.product_id,
        body.now.unwrap_or(true),
    )
    .await?;
    Ok(Json(l.into()))
}

/// Take a product out of a session (unpinning it).
#[utoipa::path(delete, path = "/shop/live/{id}/pins/{product_id}", operation_id = "unpin_live_product", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`"), ("product_id" = String, Path, description = "`prd_…`")),
    responses((status = 200, body = LiveDto), (status = 404, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Pins change only before and during the session (`conflict`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn unpin_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath((id, product)): ApiPath<(LiveId, ProductId)>,
) -> Result<Json<LiveDto>, ApiError> {
    Ok(Json(
        media::unpin_product(&app, &actor(&me)?, id, product)
            .await?
            .into(),
    ))
}

/// Buyers' questions in one of the shop's sessions, newest first.
#[utoipa::path(get, path = "/shop/live/{id}/questions", operation_id = "list_live_questions", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = QuestionListDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_questions(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<QuestionListDto>, ApiError> {
    let list = media::session_questions(&app, &actor(&me)?, id).await?;
    Ok(Json(QuestionListDto {
        data: list.into_iter().map(Into::into).collect(),
    }))
}

/// Answer a buyer's question (again to replace the answer).
#[utoipa::path(post, path = "/shop/live/{id}/questions/{question_id}/answer", operation_id = "answer_live_question", tag = "media", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`"), ("question_id" = String, Path, description = "`qst_…`")),
    request_body = AnswerBody,
    responses((status = 200, body = QuestionDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn answer_question(
    State(app): State<App>,
    me: ApiUser,
    ApiPath((id, question)): ApiPath<(LiveId, QuestionId)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<Json<QuestionDto>, ApiError> {
    let q = media::answer_question(&app, &actor(&me)?, id, question, &body.answer).await?;
    Ok(Json(q.into()))
}

// ---- storefront ----

/// Published videos of approved shops, newest first; `seller_id` for one shop's.
#[utoipa::path(get, path = "/storefront/videos", operation_id = "browse_videos", tag = "storefront",
    params(StoreVideoQuery), responses((status = 200, body = StoreVideoListDto)))]
pub async fn browse_videos(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<StoreVideoQuery>,
) -> Result<Json<StoreVideoListDto>, ApiError> {
    let seller = seller_filter(q.seller_id.as_deref())?;
    let page = media::browse_videos(&app, seller, q.cursor.as_deref(), q.limit).await?;
    Ok(Json(StoreVideoListDto {
        data: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One published video with its tagged products on sale; records a view (unless
/// `refresh=true`).
#[utoipa::path(get, path = "/storefront/videos/{id}", operation_id = "get_store_video", tag = "storefront",
    params(("id" = String, Path, description = "`vid_…`"), LocaleQuery),
    responses((status = 200, body = StoreVideoDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_store_video(
    State(app): State<App>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<VideoId>,
    ApiQuery(q): ApiQuery<LocaleQuery>,
) -> Result<Json<StoreVideoDto>, ApiError> {
    let locale = q.locale.unwrap_or(Locale::En);
    let v = if q.refresh == Some(true) {
        media::public_video(&app, id, locale).await?
    } else {
        let buyer = buyer_of(&app, &headers).await;
        media::open_video(&app, id, locale, buyer).await?
    };
    Ok(Json(v.into()))
}

/// Record that a buyer followed a video's product tag; answers the product link to open
/// (with `src`, so the purchase is attributed to the video).
#[utoipa::path(post, path = "/storefront/videos/{id}/tags/{product_id}/clicks", operation_id = "click_video_tag", tag = "storefront",
    params(("id" = String, Path, description = "`vid_…`"), ("product_id" = String, Path, description = "`prd_…`")),
    responses((status = 201, body = ClickDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn click_video_tag(
    State(app): State<App>,
    headers: HeaderMap,
    ApiPath((id, product)): ApiPath<(VideoId, ProductId)>,
) -> Result<(StatusCode, Json<ClickDto>), ApiError> {
    let buyer = buyer_of(&app, &headers).await;
    let url = media::click_video_tag(&app, id, product, buyer).await?;
    Ok((StatusCode::CREATED, Json(ClickDto { url })))
}

/// Live sessions of approved shops: live now and upcoming.
#[utoipa::path(get, path = "/storefront/live", operation_id = "live_lineup", tag = "storefront",
    params(LineupQuery), responses((status = 200, body = LineupDto)))]
pub async fn live_lineup(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<LineupQuery>,
) -> Result<Json<LineupDto>, ApiError> {
    let seller = seller_filter(q.seller_id.as_deref())?;
    let l = media::live_lineup(&app, seller, 50).await?;
    Ok(Json(LineupDto {
        live_now: l.live_now.into_iter().map(Into::into).collect(),
        upcoming: l.upcoming.into_iter().map(Into::into).collect(),
    }))
}

/// One live session with its pinned and featured products on sale; records a view unless
/// `refresh=true` (for polling).
#[utoipa::path(get, path = "/storefront/live/{id}", operation_id = "get_store_live", tag = "storefront",
    params(("id" = String, Path, description = "`liv_…`"), LocaleQuery),
    responses((status = 200, body = StoreLiveDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_store_live(
    State(app): State<App>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<LiveId>,
    ApiQuery(q): ApiQuery<LocaleQuery>,
) -> Result<Json<StoreLiveDto>, ApiError> {
    let locale = q.locale.unwrap_or(Locale::En);
    let l = if q.refresh == Some(true) {
        media::public_live(&app, id, locale).await?
    } else {
        let buyer = buyer_of(&app, &headers).await;
        media::open_live(&app, id, locale, buyer).await?
    };
    Ok(Json(l.into()))
}

/// Questions in a live session and their answers, newest first.
#[utoipa::path(get, path = "/storefront/live/{id}/questions", operation_id = "list_store_live_questions", tag = "storefront",
    params(("id" = String, Path, description = "`liv_…`")),
    responses((status = 200, body = QuestionListDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_store_questions(
    State(app): State<App>,
    ApiPath(id): ApiPath<LiveId>,
) -> Result<Json<QuestionListDto>, ApiError> {
    let list = media::public_questions(&app, id).await?;
    Ok(Json(QuestionListDto {
        data: list.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct QuestionBody {
    /// 1–500 characters.
    pub body: String,
}

/// A signed-in buyer (`Authorization: Bearer sdb_…`) asks the seller a question in a session
/// that is live (409 otherwise; a few a minute at most, then 429).
#[utoipa::path(post, path = "/storefront/live/{id}/questions", operation_id = "ask_live_question", tag = "storefront", security(("bearer" = [])),
    params(("id" = String, Path, description = "`liv_…`")), request_body = QuestionBody,
    responses((status = 201, body = QuestionDto), (status = 401, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many questions from this buyer (`rate-limited`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn ask_question(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<LiveId>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<(StatusCode, Json<QuestionDto>), ApiError> {
    let q = media::ask_question(&app, me.buyer.id, &me.buyer.display_name, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(q.into())))
}
