//! The storefront's shoppable videos and live sessions: the video feed (`/videos`), a video
//! with its tagged products (`/v/{id}`), live sessions now and upcoming (`/live`), one
//! session with its pinned and featured products and questions (`/live/{id}`, refreshed by a
//! small script, `/assets/live.js`, from the JSON API), the click routes that record a tag click and
//! redirect to the product with `?src=`, uploaded video files with HTTP range requests
//! (`/media/video/{id}`), and the pieces the home and shop pages show.

use std::ops::Range;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, RANGE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::media::{self, LiveStatus, SourcedProduct, StoreLive, StoreVideo};
use shopdeck_domain::ids::{BuyerId, LiveId, ProductId, SellerId, VideoId};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field};
use crate::layout;
use crate::page::{Page, redirect};

fn not_found(page: &Page) -> WebError {
    WebError::NotFound(page.locale())
}

/// A product from a video or session: the card links through the click route, which records
/// the click and carries the source on to the product page.
fn sourced_card(page: &Page, p: &SourcedProduct, pinned: bool) -> Markup {
    html! {
        li .product-card .pinned-now[pinned] data-product=(p.product.id) {
            a href=(p.click_path) lang=(p.product.locale) {
                @match p.product.images.first() {
                    Some(img) => img src=(img.thumb_url) alt="" width="240" height="240" loading="lazy";,
                    None => span .thumb .no-image aria-hidden="true" {},
                }
                span .product-card-title { (p.product.title) }
            }
            span .product-card-price { (page.price_range(&p.product.min_price, &p.product.max_price)) }
            @if !p.product.in_stock { span .badge .stock-out { (page.t("store-sold-out")) } }
            @else { a .button .small href=(p.click_path) { (page.t("media-shop-now")) } }
        }
    }
}

fn video_tile(page: &Page, v: &StoreVideo) -> Markup {
    let label = if v.caption.is_empty() {
        page.ta("media-video-by", &[("shop", &v.store_name)])
    } else {
        v.caption.chars().take(80).collect()
    };
    html! {
        li .product-card {
            a href={ "/v/" (v.id) } {
                span .video-tile {
                    @if let Some(src) = &v.play_url {
                        video src={ (src) "#t=0.1" } preload="metadata" muted playsinline aria-hidden="true" tabindex="-1" {}
                    }
                    span .play aria-hidden="true" { "▶" }
                }
                span .product-card-title { (label) }
            }
            span .product-card-shop .muted { (v.store_name) }
            span .muted .small { (page.ta("media-products-count", &[("n", &v.products_on_sale.to_string())])) }
        }
    }
}

fn live_card(page: &Page, l: &StoreLive) -> Markup {
    let live = l.status == LiveStatus::Live;
    html! {
        li .product-card {
            a href={ "/live/" (l.id) } {
                @if live { span .badge .live-badge { (page.t("media-live-now-badge")) } }
                span .product-card-title { bdi { (l.title) } }
            }
            span .product-card-shop .muted { (l.store_name) }
            @if !live {
                span .muted .small { (page.time(l.scheduled_at)) }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Videos

#[derive(Debug, Default, serde::Deserialize)]
pub struct FeedQuery {
    cursor: Option<String>,
    shop: Option<String>,
}

/// `GET /videos`: published videos, newest first (`?shop=` for one shop's).
pub async fn videos(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<FeedQuery>,
) -> Result<Response, WebError> {
    let shop = match q.shop.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<SellerId>().map_err(|_| not_found(&page))?),
        None => None,
    };
    let feed = match media::browse_videos(&state.app, shop, q.cursor.as_deref(), Some(24)).await {
        Ok(f) => f,
        Err(AppError::Validation(_)) => return Err(not_found(&page)),
        Err(e) => return Err(WebError::from_app(e, page.locale())),
    };
    let title = page.t("media-videos-title");
    let shop_q = shop.map(|s| format!("&shop={s}")).unwrap_or_default();
    let content = html! {
        h1 { (title) }
        p { a href="/live" { (page.t("media-live-link")) } }
        @if feed.items.is_empty() {
            p .notice role="status" { (page.t("media-no-videos")) }
        } @else {
            ul .product-grid role="list" { @for v in &feed.items { (video_tile(&page, v)) } }
            @if let Some(c) = &feed.next_cursor {
                p .pager { a href={ "/videos?cursor=" (c) (shop_q) } rel="next" { (page.t("store-more")) } }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

/// `GET /v/{id}`: a video and its products on sale; counts a view.
pub async fn video(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<VideoId>,
) -> Result<Response, WebError> {
    let v = media::open_video(&state.app, id, page.locale(), buyer_id(&page))
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.ta("media-video-by", &[("shop", &v.store_name)]);
    let content = html! {
        article .video-page {
            h1 .visually-hidden { (title) }
            @match (&v.play_url, &v.link_url) {
                (Some(src), _) => {
                    video .video-player controls playsinline preload="metadata" {
                        source src=(src) type=[v.content_type.as_deref()];
                        p { a href=(src) { (page.t("media-video-download")) } }
                    }
                }
                (None, Some(link)) => {
                    div .card {
                        p { (page.t("media-video-elsewhere")) }
                        p { a .button .primary-link href=(link) rel="noopener noreferrer" target="_blank" { (page.t("media-video-watch")) } }
                    }
                }
                _ => {}
            }
            @if !v.caption.is_empty() { p .caption { (v.caption) } }
            p .muted {
                a href={ "/shop/" (v.seller_id) } { (v.store_name) }
                " · " (page.ta("media-views", &[("n", &v.views.to_string())]))
            }
            section #products {
                h2 { (page.t("media-video-products")) }
                @if v.products.is_empty() {
                    p .notice role="status" { (page.t("media-no-products")) }
                } @else {
                    ul .product-grid role="list" { @for p in &v.products { (sourced_card(&page, p, false)) } }
                }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

/// `GET /v/{id}/tags/{product}`: counts a tag click and sends the buyer to the product with
/// `?src=` naming the video.
pub async fn video_tag(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, product)): WebPath<(VideoId, ProductId)>,
) -> Result<Response, WebError> {
    let to = media::click_video_tag(&state.app, id, product, buyer_id(&page))
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok(redirect(&to))
}

// ---------------------------------------------------------------------------------------
// Live

/// `GET /live`: sessions live now and upcoming.
pub async fn live_index(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let lineup = media::live_lineup(&state.app, None, 50)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.t("media-live-title");
    let content = html! {
        h1 { (title) }
        section #live-now {
            h2 { (page.t("media-live-now")) }
            @if lineup.live_now.is_empty() {
                p .muted { (page.t("media-nothing-live")) }
            } @else {
                ul .product-grid role="list" { @for l in &lineup.live_now { (live_card(&page, l)) } }
            }
        }
        section #upcoming {
            h2 { (page.t("media-upcoming")) }
            @if lineup.upcoming.is_empty() {
                p .muted { (page.t("media-nothing-upcoming")) }
            } @else {
                ul .product-grid role="list" { @for l in &lineup.upcoming { (live_card(&page, l)) } }
            }
        }
        p { a href="/videos" { (page.t("media-videos-link")) } }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

/// `GET /live/{id}`: one session; counts a view.
pub async fn live(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<LiveId>,
) -> Result<Response, WebError> {
    live_page(&state, &page, id, None, StatusCode::OK).await
}

/// A question that was not taken: its text and why.
struct Refused {
    body: String,
    errors: FormErrors,
}

/// The session page; it counts a view unless it shows a refused question again.
async fn live_page(
    state: &WebState,
    page: &Page,
    id: LiveId,
    refused: Option<Refused>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let err = |e| WebError::from_app(e, page.locale());
    let l = if refused.is_some() {
        media::public_live(&state.app, id, page.locale()).await
    } else {
        media::open_live(&state.app, id, page.locale(), buyer_id(page)).await
    }
    .map_err(err)?;
    let questions = media::public_questions(&state.app, id).await.map_err(err)?;
    let is_live = l.status == LiveStatus::Live;
    let content = html! {
        div #live-root data-live=(l.id) data-status=(l.status)
            data-t-shop=(page.t("media-shop-now")) data-t-none=(page.t("media-nothing-pinned"))
            data-t-answer=(page.t("media-answer-label")) data-t-no-questions=(page.t("media-no-questions")) {
            h1 { bdi { (l.title) } }
            p {
                @match l.status.as_str() {
                    "LIVE" => span .badge .live-badge { (page.t("media-live-now-badge")) },
                    "SCHEDULED" => span .badge .status-pending { (page.t("media-live-scheduled")) },
                    _ => span .badge .status-deleted { (page.t("media-live-ended")) },
                }
                " " a href={ "/shop/" (l.seller_id) } { (l.store_name) }
                " · " (page.ta("media-views", &[("n", &l.views.to_string())]))
            }
            @if l.status == LiveStatus::Scheduled {
                p { (page.t("media-live-starts")) " " (page.time(l.scheduled_at)) }
            }
            @if let (true, Some(s)) = (is_live, &l.stream_url) {
                p { a .button .primary-link href=(s) rel="noopener noreferrer" target="_blank" { (page.t("media-live-watch")) } }
            }
            @if is_live {
                section #pinned aria-live="polite" {
                    h2 { (page.t("media-pinned-now")) }
                    ul .product-grid #pinned-slot role="list" {
                        @match &l.pinned {
                            Some(p) => (sourced_card(page, p, true)),
                            None => li .muted { (page.t("media-nothing-pinned")) },
                        }
                    }
                }
            }
            section #featured {
                h2 { (page.t("media-featured")) }
                @if l.featured.is_empty() {
                    p .muted { (page.t("media-no-products")) }
                } @else {
                    ul .product-grid role="list" { @for p in &l.featured { (sourced_card(page, p, false)) } }
                }
            }
            section #questions {
                h2 { (page.t("media-questions")) }
                @if is_live { (question_form(page, &l, refused.as_ref())) }
                @else if let Some(e) = refused.as_ref().and_then(|r| r.errors.form.as_ref()) {
                    p .form-error role="alert" { (e) }
                }
                ul .qa #qa aria-live="polite" {
                    @if questions.is_empty() { li .muted { (page.t("media-no-questions")) } }
                    @for q in &questions {
                        li .card {
                            p { strong { (q.buyer_name) } }
                            p { (q.body) }
                            @if let Some(a) = &q.answer { p { strong { (page.t("media-answer-label")) " " } (a) } }
                        }
                    }
                }
            }
        }
        // Keeps the pinned product and the questions fresh; reloads when the session starts or ends.
        script src="/assets/live.js" defer {}
    };
    Ok((status, layout::store_shell(page, &l.title, content)).into_response())
}

/// The question form of a live session for a signed-in buyer; a sign-in link for others.
fn question_form(page: &Page, l: &StoreLive, refused: Option<&Refused>) -> Markup {
    let Some(buyer) = &page.buyer else {
        let back = format!("/live/{}", l.id);
        return html! {
            p { a href={ "/account/login?next=" (layout::urlencode(&back)) } { (page.t("media-ask-sign-in")) } }
        };
    };
    let error = refused.and_then(|r| r.errors.field("body").or(r.errors.form.as_ref()));
    html! {
        form method="post" action={ "/live/" (l.id) "/questions" } novalidate {
            (csrf_field(page))
            div .field {
                label for="question" { (page.ta("media-ask-as", &[("name", &buyer.display_name)])) }
                textarea #question name="body" rows="2" maxlength=(media::MAX_QUESTION) required
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "question-error")] {
                    (refused.map(|r| r.body.as_str()).unwrap_or(""))
                }
                @if let Some(e) = error { p .field-error #question-error role="alert" { (e) } }
            }
            button type="submit" .primary .auto { (page.t("media-ask-submit")) }
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    body: String,
}

/// `POST /live/{id}/questions`: a signed-in buyer asks the seller a question.
pub async fn ask(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<LiveId>,
    CsrfForm(f): CsrfForm<QuestionForm>,
) -> Result<Response, WebError> {
    let buyer = match crate::buyer::require_buyer(&page) {
        Ok(b) => b.clone(),
        Err(to_login) => return Ok(to_login),
    };
    match media::ask_question(&state.app, buyer.id, &buyer.display_name, id, &f.body).await {
        Ok(_) => Ok(redirect(&format!("/live/{id}#questions"))),
        Err(
            e
            @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::RateLimited { .. }),
        ) => {
            let status = match &e {
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_app(&page, e)?;
            let refused = Refused {
                body: f.body,
                errors,
            };
            live_page(&state, &page, id, Some(refused), status).await
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

/// The signed-in buyer a view or click is attributed to.
fn buyer_id(page: &Page) -> Option<BuyerId> {
    page.buyer.as_ref().map(|b| b.id)
}

/// `GET /live/{id}/pins/{product}`: counts a click on a featured product and sends the
/// buyer to it with `?src=` naming the session.
pub async fn live_pin(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, product)): WebPath<(LiveId, ProductId)>,
) -> Result<Response, WebError> {
    let to = media::click_live_pin(&state.app, id, product, buyer_id(&page))
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok(redirect(&to))
}

// ---------------------------------------------------------------------------------------
// Home and shop pages

/// The home page's "Live now" strip and latest videos; empty when there are none (or when
/// they cannot be read: the home page still shows).
pub async fn home_section(state: &WebState, page: &Page) -> Markup {
    let lineup = media::live_lineup(&state.app, None, 12).await;
    let feed = media::browse_videos(&state.app, None, None, Some(8)).await;
    let (lineup, feed) = match (lineup, feed) {
        (Ok(l), Ok(f)) => (l, f),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "the home page's videos and live sessions are left out");
            return html! {};
        }
    };
    html! {
        @if !lineup.live_now.is_empty() {
            section #live-now {
                h2 { span .badge .live-badge { (page.t("media-live-now-badge")) } " " (page.t("media-live-now")) }
                ul .strip role="list" { @for l in &lineup.live_now { (live_card(page, l)) } }
                p { a href="/live" { (page.t("media-live-link")) } }
            }
        }
        @if !feed.items.is_empty() {
            section #latest-videos {
                h2 { (page.t("media-latest-videos")) }
                ul .strip role="list" { @for v in &feed.items { (video_tile(page, v)) } }
                p { a href="/videos" { (page.t("media-videos-link")) } }
            }
        }
    }
}

/// A shop page's "live now" badge, upcoming sessions and videos.
pub async fn shop_section(state: &WebState, page: &Page, shop: SellerId) -> Markup {
    let lineup = media::live_lineup(&state.app, Some(shop), 5).await;
    let feed = media::browse_videos(&state.app, Some(shop), None, Some(8)).await;
    let (lineup, feed) = match (lineup, feed) {
        (Ok(l), Ok(f)) => (l, f),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "the shop page's videos and live sessions are left out");
            return html! {};
        }
    };
    html! {
        @for l in &lineup.live_now {
            p .card #shop-live {
                span .badge .live-badge { (page.t("media-live-now-badge")) } " "
                a href={ "/live/" (l.id) } { bdi { (l.title) } }
            }
        }
        @if !lineup.upcoming.is_empty() {
            section #shop-upcoming {
                h2 { (page.t("media-upcoming")) }
                ul .strip role="list" { @for l in &lineup.upcoming { (live_card(page, l)) } }
            }
        }
        @if !feed.items.is_empty() {
            section #shop-videos {
                h2 { (page.t("media-shop-videos")) }
                ul .strip role="list" { @for v in &feed.items { (video_tile(page, v)) } }
                @if feed.next_cursor.is_some() {
                    p { a href={ "/videos?shop=" (shop) } { (page.t("media-videos-link")) } }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Video files

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    /// No (usable) range: the whole file.
    Whole,
    Part(Range<u64>),
    /// A range outside the file: 416.
    Unsatisfiable,
}

/// Reads a single `bytes=` range (RFC 9110 §14.1.2); several ranges or a malformed header
/// are ignored, as the RFC allows, and the whole file is sent.
fn wanted(header: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Wanted::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() {
        // The last `b` bytes.
        let Ok(n) = b.parse::<u64>() else {
            return Wanted::Whole;
        };
        if n == 0 || size == 0 {
            return Wanted::Unsatisfiable;
        }
        return Wanted::Part(size.saturating_sub(n)..size);
    }
    let Ok(start) = a.parse::<u64>() else {
        return Wanted::Whole;
    };
    let end = if b.is_empty() {
        size
    } else {
        match b.parse::<u64>() {
            Ok(last) if last >= start => last.saturating_add(1).min(size),
            _ => return Wanted::Whole,
        }
    };
    if start >= size {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part(start..end)
}

fn header(v: &str) -> HeaderValue {
    HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static(""))
}

/// `GET /media/video/{id}`: an uploaded video, whole or in byte ranges (browsers seek with
/// them). Buyers get published videos; the video's own shop its hidden ones too.
pub async fn video_file(
    State(state): State<WebState>,
    page: Page,
    headers: HeaderMap,
    WebPath(id): WebPath<VideoId>,
) -> Response {
    let viewer = page
        .user
        .as_ref()
        .and_then(|u| u.seller.as_ref())
        .map(|m| m.seller.id);
    let file = match media::video_file(&state.app, id, viewer).await {
        Ok(f) => f,
        Err(AppError::NotFound(_)) => return crate::error::not_found_page(&headers),
        Err(e) => return WebError::from_app(e, page.locale()).into_response(),
    };
    let range = headers.get(RANGE).and_then(|v| v.to_str().ok());
    let (status, part) = match wanted(range, file.size) {
        Wanted::Whole => (StatusCode::OK, None),
        Wanted::Part(r) => (StatusCode::PARTIAL_CONTENT, Some(r)),
        Wanted::Unsatisfiable => {
            let mut res = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            res.headers_mut()
                .insert(CONTENT_RANGE, header(&format!("bytes */{}", file.size)));
            res.headers_mut()
                .insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return res;
        }
    };
    let data = match media::read_video(&state.app, &file, part.clone()).await {
        Ok(d) => d,
        Err(AppError::NotFound(_)) => return crate::error::not_found_page(&headers),
        Err(e) => return WebError::from_app(e, page.locale()).into_response(),
    };
    let length = part.as_ref().map_or(file.size, |r| r.end - r.start);
    let mut res = Response::new(Body::from_stream(data.into_stream()));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, header(&file.content_type));
    h.insert(CONTENT_LENGTH, header(&length.to_string()));
    h.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    if let Some(r) = part {
        h.insert(
            CONTENT_RANGE,
            header(&format!("bytes {}-{}/{}", r.start, r.end - 1, file.size)),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_the_rfc_says() {
        assert_eq!(wanted(None, 100), Wanted::Whole);
        assert_eq!(wanted(Some("bytes=0-"), 100), Wanted::Part(0..100));
        assert_eq!(wanted(Some("bytes=10-19"), 100), Wanted::Part(10..20));
        assert_eq!(wanted(Some("bytes=90-500"), 100), Wanted::Part(90..100));
        assert_eq!(wanted(Some("bytes=-30"), 100), Wanted::Part(70..100));
        assert_eq!(wanted(Some("bytes=-300"), 100), Wanted::Part(0..100));
        assert_eq!(wanted(Some("bytes=100-"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=-0"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-1,5-6"), 100), Wanted::Whole);
        assert_eq!(wanted(Some("bytes=9-3"), 100), Wanted::Whole);
        assert_eq!(wanted(Some("items=0-1"), 100), Wanted::Whole);
        assert_eq!(wanted(Some("bytes=x-"), 100), Wanted::Whole);
    }
}
