//! Seller Center › Videos & LIVE: the shop's shoppable videos (publish by upload or link with
//! product tags, edit, hide, delete, with views and tag clicks) and live sessions (schedule,
//! then a control page to start and end, pin products, and answer buyers' questions).
//! Members need Promotions: view to see these pages, edit to change anything.

use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_app::media::{
    self, LiveAction, LiveInput, LiveStatus, LiveView, QuestionView, TaggableProduct, VideoPatch,
    VideoSource, VideoStatus, VideoView,
};
use shopdeck_domain::ids::{LiveId, ProductId, QuestionId, VideoId};
use shopdeck_domain::roles::{Access, Area};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::Section;

/// The video upload form: a 50 MB video and the fields around it.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(media::MAX_VIDEO_BYTES + 1024 * 1024)
}

const SECTION: &str = "content";
/// Content (videos and live sessions), under the Promotions permissions.
const PROMOTIONS: Section = Section::new(Area::Promotions, SECTION, "nav-content");

/// The status a refused form answers with.
fn error_status(e: &AppError) -> StatusCode {
    match e {
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Field errors in the page's language; `tags[2]` shows beside the tag list.
fn form_errors(page: &Page, e: AppError) -> Result<FormErrors, Reply> {
    let mut errors = FormErrors::from_app(page, e).map_err(Reply::from)?;
    let tagged: Vec<String> = errors
        .fields
        .keys()
        .filter(|k| k.starts_with("tags["))
        .cloned()
        .collect();
    for k in tagged {
        if let Some(msg) = errors.fields.remove(&k) {
            errors.fields.entry("tags".to_owned()).or_insert(msg);
        }
    }
    Ok(errors)
}

fn field_error(errors: &FormErrors, name: &str) -> Markup {
    html! { @if let Some(e) = errors.field(name) { p .field-error id={ (name) "-error" } { (e) } } }
}

fn tabs(page: &Page, active: &str) -> Markup {
    html! {
        nav .tabs aria-label=(page.t("nav-content")) {
            a href="/seller/content/videos" aria-current=[(active == "videos").then_some("page")] { (page.t("content-tab-videos")) }
            a href="/seller/content/live" aria-current=[(active == "live").then_some("page")] { (page.t("content-tab-live")) }
        }
    }
}

fn video_status_badge(page: &Page, status: VideoStatus) -> Markup {
    let class = if status == VideoStatus::Published {
        "badge status-live"
    } else {
        "badge status-pending"
    };
    html! { span class=(class) { (page.t(&format!("video-status-{status}"))) } }
}

fn live_status_badge(page: &Page, status: LiveStatus) -> Markup {
    let class = match status {
        LiveStatus::Live => "badge status-live",
        LiveStatus::Scheduled => "badge status-pending",
        LiveStatus::Ended | LiveStatus::Cancelled => "badge status-deleted",
    };
    html! { span class=(class) { (page.t(&format!("live-status-{status}"))) } }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListParams {
    cursor: Option<String>,
    /// A message to show once (from an allow-list, never echoed).
    notice: Option<String>,
}

fn notice_text(page: &Page, notice: Option<&str>) -> Option<String> {
    page.notice(
        notice,
        &[
            ("published", "videos-notice-published"),
            ("saved", "videos-notice-saved"),
            ("deleted", "videos-notice-deleted"),
            ("hidden", "videos-notice-hidden"),
            ("shown", "videos-notice-shown"),
            ("scheduled", "live-notice-scheduled"),
            ("started", "live-notice-started"),
            ("ended", "live-notice-ended"),
            ("cancelled", "live-notice-cancelled"),
            ("pinned", "live-notice-pinned"),
            ("answered", "live-notice-answered"),
        ],
    )
}

pub async fn index() -> Response {
    redirect("/seller/content/videos")
}

// ---------------------------------------------------------------------------------------
// Videos

#[derive(Debug, Default)]
struct PublishForm {
    caption: String,
    link_url: String,
    tags: Vec<String>,
}

fn tag_choices(
    page: &Page,
    products: &[TaggableProduct],
    chosen: &[String],
    errors: &FormErrors,
) -> Markup {
    html! {
        fieldset .field #tags aria-describedby=[errors.field("tags").map(|_| "tags-error")] {
            legend { (page.t("videos-field-tags")) }
            p .hint { (page.t("videos-tags-hint")) }
            @if products.is_empty() {
                p .muted { (page.t("videos-no-products")) }
            }
            @for p in products {
                label .choice .block {
                    input type="checkbox" name="tags" value=(p.id) checked[chosen.iter().any(|c| *c == p.id.to_string())];
                    " " (if p.title.is_empty() { page.t("product-untitled") } else { p.title.clone() })
                }
            }
            (field_error(errors, "tags"))
        }
    }
}

fn publish_form(
    page: &Page,
    products: &[TaggableProduct],
    form: &PublishForm,
    errors: &FormErrors,
) -> Markup {
    html! {
        form method="post" action="/seller/content/videos" enctype="multipart/form-data" novalidate {
            (csrf_field(page))
            (form_error(errors))
            fieldset .field {
                legend { (page.t("videos-field-source")) }
                div .field {
                    label for="file" { (page.t("videos-field-file")) }
                    p .hint #file-hint { (page.t("videos-file-hint")) }
                    input #file type="file" name="file" accept="video/mp4,video/webm"
                        aria-invalid=[errors.field("file").map(|_| "true")]
                        aria-describedby={ "file-hint" @if errors.field("file").is_some() { " file-error" } };
                    (field_error(errors, "file"))
                }
                div .field {
                    label for="link_url" { (page.t("videos-field-link")) }
                    input #link_url type="url" name="link_url" value=(form.link_url) placeholder="https://" inputmode="url"
                        aria-invalid=[errors.field("link_url").map(|_| "true")]
                        aria-describedby=[errors.field("link_url").map(|_| "link_url-error")];
                    (field_error(errors, "link_url"))
                }
            }
            div .field {
                label for="caption" { (page.t("videos-field-caption")) }
                textarea #caption name="caption" rows="3" maxlength=(media::MAX_CAPTION)
                    aria-invalid=[errors.field("caption").map(|_| "true")]
                    aria-describedby=[errors.field("caption").map(|_| "caption-error")] { (form.caption) }
                (field_error(errors, "caption"))
            }
            (tag_choices(page, products, &form.tags, errors))
            button type="submit" .primary .auto { (page.t("videos-publish")) }
        }
    }
}

fn video_table(page: &Page, items: &[VideoView], editable: bool) -> Markup {
    html! {
        div .table-wrap { table .products {
            caption .visually-hidden { (page.t("videos-list-title")) }
            thead { tr {
                th scope="col" { (page.t("videos-col-video")) }
                th scope="col" { (page.t("videos-col-products")) }
                th scope="col" { (page.t("content-col-views")) }
                th scope="col" { (page.t("content-col-clicks")) }
                th scope="col" { (page.t("videos-col-status")) }
                th scope="col" { (page.t("videos-col-published")) }
                @if editable { th scope="col" { span .visually-hidden { (page.t("videos-col-actions")) } } }
            } }
            tbody {
                @for v in items {
                    tr {
                        td {
                            a href={ "/seller/content/videos/" (v.id) } {
                                (if v.caption.is_empty() { page.t("videos-no-caption") } else { v.caption.chars().take(80).collect::<String>() })
                            }
                            br;
                            span .muted .small { (page.t(&format!("videos-kind-{}", v.kind))) }
                        }
                        td { (v.tags.len()) }
                        td { (v.views) }
                        td { (v.tag_clicks) }
                        td { (video_status_badge(page, v.status)) }
                        td { (page.time(v.created_at)) }
                        @if editable {
                            td {
                                div .inline-form {
                                    a .button .small href={ "/seller/content/videos/" (v.id) } { (page.t("videos-edit")) }
                                    (status_button(page, v))
                                }
                            }
                        }
                    }
                }
            }
        } }
    }
}

fn status_button(page: &Page, v: &VideoView) -> Markup {
    let (action, label) = if v.status == VideoStatus::Published {
        ("hide", "videos-hide")
    } else {
        ("show", "videos-show")
    };
    html! {
        form method="post" action={ "/seller/content/videos/" (v.id) "/status" } .inline {
            (csrf_field(page))
            input type="hidden" name="action" value=(action);
            button type="submit" .small { (page.t(label)) }
        }
    }
}

async fn videos_page(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    params: &ListParams,
    form: &PublishForm,
    errors: &FormErrors,
    status: StatusCode,
) -> Out {
    let list = media::list_videos(&state.app, a, None, params.cursor.as_deref(), Some(50))
        .await
        .map_err(|e| PROMOTIONS.fail(page, e))?;
    let editable = PROMOTIONS.can_edit(a);
    let products = if editable {
        media::taggable_products(&state.app, a)
            .await
            .map_err(|e| PROMOTIONS.fail(page, e))?
    } else {
        Vec::new()
    };
    let title = page.t("content-videos-title");
    let content = html! {
        (tabs(page, "videos"))
        @if let Some(n) = notice_text(page, params.notice.as_deref()) { p .notice role="status" { (n) } }
        @if editable {
            section .card #publish {
                h2 { (page.t("videos-publish-title")) }
                (publish_form(page, &products, form, errors))
            }
        }
        section #videos {
            h2 { (page.t("videos-list-title")) }
            @if list.items.is_empty() {
                p .notice { (page.t("videos-empty")) }
            } @else {
                (video_table(page, &list.items, editable))
                @if let Some(c) = &list.next_cursor {
                    p .pager { a href={ "/seller/content/videos?cursor=" (c) } rel="next" { (page.t("products-next-page")) } }
                }
            }
        }
    };
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// `GET /seller/content/videos`: the shop's videos and the publish form.
pub async fn videos(
    State(state): State<WebState>,
    page: Page,
    Query(params): Query<ListParams>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::View)?;
    videos_page(
        &state,
        &page,
        &a,
        &params,
        &PublishForm::default(),
        &FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// The publish form's fields and its file, if one was chosen.
async fn read_publish_form(
    page: &Page,
    mut mp: Multipart,
) -> Result<(Vec<(String, String)>, Option<Bytes>), Reply> {
    let mut fields = Vec::new();
    let mut file = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    let content =
                        html! { p .notice role="alert" { (page.t("videos-upload-too-large")) } };
                    return Err((
                        status,
                        layout::seller_shell(page, SECTION, &page.t("nav-content"), content),
                    )
                        .into_response()
                        .into());
                }
                return Err(WebError::BadRequest.into());
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| Reply::from(WebError::BadRequest))?;
            if !bytes.is_empty() {
                file = Some(bytes);
            }
        } else {
            let text = crate::forms::field_text(field)
                .await
                .map_err(|_| Reply::from(WebError::BadRequest))?;
            if fields.len() < 200 {
                fields.push((name, text));
            }
        }
    }
    Ok((fields, file))
}

/// `POST /seller/content/videos` (multipart): publishes a video.
pub async fn publish(State(state): State<WebState>, page: Page, mp: Multipart) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let (fields, file) = read_publish_form(&page, mp).await?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if !crate::csrf::check(&page, Some(&get("_csrf"))) {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let form = PublishForm {
        caption: get("caption"),
        link_url: get("link_url"),
        tags: fields
            .iter()
            .filter(|(k, _)| k == "tags")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let source = match file {
        Some(bytes) => VideoSource::File(bytes),
        None if !form.link_url.trim().is_empty() => VideoSource::Link(form.link_url.clone()),
        None => {
            let e = AppError::invalid(
                "file",
                "video-missing",
                "Choose a video file or give a link",
            );
            let errors = form_errors(&page, e)?;
            return videos_page(
                &state,
                &page,
                &a,
                &ListParams::default(),
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match media::publish_video(&state.app, &a, &form.caption, &form.tags, source).await {
        Ok(_) => Ok(redirect("/seller/content/videos?notice=published")),
        Err(e) => {
            let status = error_status(&e);
            let errors = form_errors(&page, e)?;
            videos_page(
                &state,
                &page,
                &a,
                &ListParams::default(),
                &form,
                &errors,
                status,
            )
            .await
        }
    }
}

/// What the video page shows besides the video: the form as sent, its errors, a notice.
struct Shown<'a> {
    form: Option<(&'a str, &'a [String])>,
    errors: &'a FormErrors,
    notice: Option<String>,
    status: StatusCode,
}

async fn video_page(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    v: &VideoView,
    shown: Shown<'_>,
) -> Out {
    let Shown {
        form,
        errors,
        notice,
        status,
    } = shown;
    let editable = PROMOTIONS.can_edit(a);
    let mut products = if editable {
        media::taggable_products(&state.app, a)
            .await
            .map_err(|e| PROMOTIONS.fail(page, e))?
    } else {
        Vec::new()
    };
    // Tagged products first, in their order, even when they are no longer on sale.
    let mut choices: Vec<TaggableProduct> = v
        .tags
        .iter()
        .map(|t| TaggableProduct {
            id: t.product_id,
            title: t.title.clone(),
        })
        .collect();
    products.retain(|p| !choices.iter().any(|c| c.id == p.id));
    choices.extend(products);
    let current: Vec<String> = v.tags.iter().map(|t| t.product_id.to_string()).collect();
    let (caption, chosen) = match form {
        Some((c, t)) => (c.to_owned(), t.to_vec()),
        None => (v.caption.clone(), current),
    };
    let title = page.t("videos-edit-title");
    let content = html! {
        (tabs(page, "videos"))
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        div .columns {
            section .card {
                @if v.kind == "FILE" {
                    video .video-preview controls playsinline preload="metadata" src=(v.url) {
                        a href=(v.url) { (page.t("videos-download")) }
                    }
                } @else {
                    p { a href=(v.url) rel="noopener noreferrer" target="_blank" { (page.t("videos-open-link")) } }
                    p .muted .small { (v.url) }
                }
                div .stats {
                    div .stat { span .stat-value { (v.views) } span .muted { (page.t("content-col-views")) } }
                    div .stat { span .stat-value { (v.tag_clicks) } span .muted { (page.t("content-col-clicks")) } }
                }
                p { (video_status_badge(page, v.status)) }
                @if v.status == VideoStatus::Published {
                    p { a href={ "/v/" (v.id) } { (page.t("content-view-in-store")) } }
                }
            }
            @if editable {
                section .card {
                    form method="post" action={ "/seller/content/videos/" (v.id) } novalidate {
                        (csrf_field(page))
                        div .field {
                            label for="caption" { (page.t("videos-field-caption")) }
                            textarea #caption name="caption" rows="3" maxlength=(media::MAX_CAPTION)
                                aria-invalid=[errors.field("caption").map(|_| "true")] { (caption) }
                            (field_error(errors, "caption"))
                        }
                        (tag_choices(page, &choices, &chosen, errors))
                        button type="submit" .primary .auto { (page.t("videos-save")) }
                    }
                    div .form-actions {
                        (status_button(page, v))
                        form method="post" action={ "/seller/content/videos/" (v.id) "/delete" } .inline {
                            (csrf_field(page))
                            button type="submit" .small { (page.t("videos-delete")) }
                        }
                    }
                }
            } @else {
                section .card {
                    p { (if v.caption.is_empty() { page.t("videos-no-caption") } else { v.caption.clone() }) }
                    ul { @for t in &v.tags { li { bdi { (t.title) } } } }
                }
            }
        }
    };
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// `GET /seller/content/videos/{id}`: one video with its statistics and edit form.
pub async fn video(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<VideoId>,
    Query(params): Query<ListParams>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::View)?;
    let v = media::get_video(&state.app, &a, id)
        .await
        .map_err(|e| PROMOTIONS.fail(&page, e))?;
    let notice = notice_text(&page, params.notice.as_deref());
    video_page(
        &state,
        &page,
        &a,
        &v,
        Shown {
            form: None,
            errors: &FormErrors::default(),
            notice,
            status: StatusCode::OK,
        },
    )
    .await
}

/// `POST /seller/content/videos/{id}`: saves caption and tags.
pub async fn update_video(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<VideoId>,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let caption = f
        .iter()
        .find(|(k, _)| k == "caption")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let tags: Vec<String> = f
        .iter()
        .filter(|(k, _)| k == "tags")
        .map(|(_, v)| v.clone())
        .collect();
    let patch = VideoPatch {
        caption: Some(caption.clone()),
        tags: Some(tags.clone()),
        status: None,
    };
    match media::update_video(&state.app, &a, id, &patch).await {
        Ok(_) => Ok(redirect(&format!(
            "/seller/content/videos/{id}?notice=saved"
        ))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = error_status(&e);
            let errors = form_errors(&page, e)?;
            let v = media::get_video(&state.app, &a, id)
                .await
                .map_err(|e| PROMOTIONS.fail(&page, e))?;
            video_page(
                &state,
                &page,
                &a,
                &v,
                Shown {
                    form: Some((&caption, &tags)),
                    errors: &errors,
                    notice: None,
                    status,
                },
            )
            .await
        }
        Err(e) => Err(PROMOTIONS.fail(&page, e)),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct ActionForm {
    action: String,
}

/// `POST /seller/content/videos/{id}/status`: hides or shows a video.
pub async fn video_status(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<VideoId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let (status, notice) = match f.action.as_str() {
        "hide" => ("HIDDEN", "hidden"),
        "show" => ("PUBLISHED", "shown"),
        _ => return Err(WebError::BadRequest.into()),
    };
    let patch = VideoPatch {
        status: Some(status.to_owned()),
        ..VideoPatch::default()
    };
    media::update_video(&state.app, &a, id, &patch)
        .await
        .map_err(|e| PROMOTIONS.fail(&page, e))?;
    Ok(redirect(&format!(
        "/seller/content/videos/{id}?notice={notice}"
    )))
}

/// `POST /seller/content/videos/{id}/delete`.
pub async fn delete_video(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<VideoId>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    media::delete_video(&state.app, &a, id)
        .await
        .map_err(|e| PROMOTIONS.fail(&page, e))?;
    Ok(redirect("/seller/content/videos?notice=deleted"))
}

// ---------------------------------------------------------------------------------------
// Live sessions

#[derive(Debug, Default, serde::Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    title: String,
    /// `datetime-local`: in the shop's time zone.
    #[serde(default)]
    scheduled_at: String,
    #[serde(default)]
    stream_url: String,
}

fn schedule_form(page: &Page, f: &ScheduleForm, errors: &FormErrors) -> Markup {
    let tz_name = page.zone.iana_name().unwrap_or("UTC").to_owned();
    html! {
        form method="post" action="/seller/content/live" novalidate {
            (csrf_field(page))
            (form_error(errors))
            div .field {
                label for="title" { (page.t("live-field-title")) }
                input #title type="text" name="title" value=(f.title) maxlength=(media::MAX_TITLE) required
                    aria-invalid=[errors.field("title").map(|_| "true")]
                    aria-describedby=[errors.field("title").map(|_| "title-error")];
                (field_error(errors, "title"))
            }
            div .field {
                label for="scheduled_at" { (page.t("live-field-time")) }
                p .hint #scheduled_at-hint { (page.ta("live-time-hint", &[("zone", &tz_name)])) }
                input #scheduled_at type="datetime-local" name="scheduled_at" value=(f.scheduled_at) required
                    aria-invalid=[errors.field("scheduled_at").map(|_| "true")]
                    aria-describedby={ "scheduled_at-hint" @if errors.field("scheduled_at").is_some() { " scheduled_at-error" } };
                (field_error(errors, "scheduled_at"))
            }
            div .field {
                label for="stream_url" { (page.t("live-field-stream")) }
                p .hint #stream_url-hint { (page.t("live-stream-hint")) }
                input #stream_url type="url" name="stream_url" value=(f.stream_url) placeholder="https://" inputmode="url"
                    aria-invalid=[errors.field("stream_url").map(|_| "true")]
                    aria-describedby={ "stream_url-hint" @if errors.field("stream_url").is_some() { " stream_url-error" } };
                (field_error(errors, "stream_url"))
            }
            button type="submit" .primary .auto { (page.t("live-schedule")) }
        }
    }
}

async fn live_list_page(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    params: &ListParams,
    form: &ScheduleForm,
    errors: &FormErrors,
    status: StatusCode,
) -> Out {
    let list = media::list_live(&state.app, a, params.cursor.as_deref(), Some(50))
        .await
        .map_err(|e| PROMOTIONS.fail(page, e))?;
    let title = page.t("content-live-title");
    let content = html! {
        (tabs(page, "live"))
        @if let Some(n) = notice_text(page, params.notice.as_deref()) { p .notice role="status" { (n) } }
        @if PROMOTIONS.can_edit(a) {
            section .card #schedule {
                h2 { (page.t("live-schedule-title")) }
                (schedule_form(page, form, errors))
            }
        }
        section #sessions {
            h2 { (page.t("live-list-title")) }
            @if list.items.is_empty() {
                p .notice { (page.t("live-empty")) }
            } @else {
                div .table-wrap { table .products {
                    caption .visually-hidden { (page.t("live-list-title")) }
                    (layout::table_head(page, &["live-col-title", "live-col-status", "live-col-time", "content-col-views", "content-col-clicks"]))
                    tbody {
                        @for l in &list.items {
                            tr {
                                td { a href={ "/seller/content/live/" (l.id) } { bdi { (l.title) } } }
                                td { (live_status_badge(page, l.status)) }
                                td { (page.time(l.scheduled_at)) }
                                td { (l.views) }
                                td { (l.tag_clicks) }
                            }
                        }
                    }
                } }
                @if let Some(c) = &list.next_cursor {
                    p .pager { a href={ "/seller/content/live?cursor=" (c) } rel="next" { (page.t("products-next-page")) } }
                }
            }
        }
    };
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// `GET /seller/content/live`: the shop's sessions and the schedule form.
pub async fn live_list(
    State(state): State<WebState>,
    page: Page,
    Query(params): Query<ListParams>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::View)?;
    live_list_page(
        &state,
        &page,
        &a,
        &params,
        &ScheduleForm::default(),
        &FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// A `datetime-local` value in `tz` as an instant.
fn parse_local(raw: &str, tz: &jiff::tz::TimeZone) -> Option<jiff::Timestamp> {
    let dt: jiff::civil::DateTime = raw.trim().parse().ok()?;
    dt.to_zoned(tz.clone()).ok().map(|z| z.timestamp())
}

/// `POST /seller/content/live`: schedules a session.
pub async fn schedule(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<ScheduleForm>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let result = match parse_local(&f.scheduled_at, &page.zone) {
        Some(at) => {
            let input = LiveInput {
                title: f.title.clone(),
                scheduled_at: at,
                stream_url: Some(f.stream_url.clone()),
            };
            media::schedule_live(&state.app, &a, &input).await
        }
        None => Err(AppError::invalid(
            "scheduled_at",
            "live-time-invalid",
            "Choose a date and time",
        )),
    };
    match result {
        Ok(l) => Ok(redirect(&format!(
            "/seller/content/live/{}?notice=scheduled",
            l.id
        ))),
        Err(e) => {
            let status = error_status(&e);
            let errors = form_errors(&page, e)?;
            live_list_page(
                &state,
                &page,
                &a,
                &ListParams::default(),
                &f,
                &errors,
                status,
            )
            .await
        }
    }
}

fn question_item(page: &Page, l: &LiveView, q: &QuestionView, editable: bool) -> Markup {
    let open = matches!(l.status, LiveStatus::Live | LiveStatus::Ended);
    html! {
        li .card {
            p { strong { (q.buyer_name) } " · " span .muted .small { (page.time(q.created_at)) } }
            p { (q.body) }
            @if let Some(a) = &q.answer {
                p { strong { (page.t("live-answer-label")) } " " (a) }
            }
            @if editable && open {
                form method="post" action={ "/seller/content/live/" (l.id) "/questions/" (q.id) "/answer" } .inline-form {
                    (csrf_field(page))
                    label for={ "answer-" (q.id) } { (page.t(if q.answer.is_some() { "live-answer-edit" } else { "live-answer-field" })) }
                    input id={ "answer-" (q.id) } type="text" name="answer" maxlength=(media::MAX_ANSWER) required;
                    button type="submit" .small { (page.t("live-answer-submit")) }
                }
            }
        }
    }
}

async fn live_page(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: LiveId,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let l = media::get_live(&state.app, a, id)
        .await
        .map_err(|e| PROMOTIONS.fail(page, e))?;
    let questions = media::session_questions(&state.app, a, id)
        .await
        .map_err(|e| PROMOTIONS.fail(page, e))?;
    let editable = PROMOTIONS.can_edit(a);
    let takes_pins = l.status.takes_pins();
    let products = if editable && takes_pins {
        media::taggable_products(&state.app, a)
            .await
            .map_err(|e| PROMOTIONS.fail(page, e))?
            .into_iter()
            .filter(|p| !l.pins.iter().any(|x| x.product_id == p.id))
            .collect()
    } else {
        Vec::new()
    };
    let content = html! {
        (tabs(page, "live"))
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        section .card {
            p { (live_status_badge(page, l.status)) }
            p { (page.t("live-col-time")) ": " (page.time(l.scheduled_at)) }
            @if let Some(t) = l.started_at { p { (page.t("live-started")) ": " (page.time(t)) } }
            @if let Some(t) = l.ended_at { p { (page.t("live-ended")) ": " (page.time(t)) } }
            @if let Some(s) = &l.stream_url { p { (page.t("live-field-stream")) ": " a href=(s) rel="noopener noreferrer" target="_blank" { (s) } } }
            div .stats {
                div .stat { span .stat-value { (l.views) } span .muted { (page.t("content-col-views")) } }
                div .stat { span .stat-value { (l.tag_clicks) } span .muted { (page.t("content-col-clicks")) } }
                div .stat { span .stat-value { (l.questions) } span .muted { (page.ta("live-questions-count", &[("unanswered", &l.unanswered.to_string())])) } }
            }
            @if editable {
                div .form-actions {
                    @for (action, label, shown) in [
                        ("start", "live-start", l.status == LiveStatus::Scheduled),
                        ("end", "live-end", l.status == LiveStatus::Live),
                        ("cancel", "live-cancel", l.status == LiveStatus::Scheduled),
                    ] {
                        @if shown {
                            form method="post" action={ "/seller/content/live/" (l.id) "/status" } .inline {
                                (csrf_field(page))
                                input type="hidden" name="action" value=(action);
                                button type="submit" class=(if action == "start" { "primary auto" } else { "secondary" }) { (page.t(label)) }
                            }
                        }
                    }
                }
            }
            @if l.status != LiveStatus::Cancelled {
                p { a href={ "/live/" (l.id) } { (page.t("content-view-in-store")) } }
            }
        }
        section .card #products {
            h2 { (page.t("live-products-title")) }
            @if l.pins.is_empty() {
                p .muted { (page.t("live-no-products")) }
            } @else {
                ul role="list" .todo-list {
                    @for p in &l.pins {
                        li {
                            (if p.title.is_empty() { page.t("product-untitled") } else { p.title.clone() })
                            @if p.pinned { " " span .badge .status-live { (page.t("live-pinned")) } }
                            @if editable && takes_pins {
                                div .inline-form {
                                    form method="post" action={ "/seller/content/live/" (l.id) "/pins" } .inline {
                                        (csrf_field(page))
                                        input type="hidden" name="product_id" value=(p.product_id);
                                        input type="hidden" name="now" value=(if p.pinned { "0" } else { "1" });
                                        button type="submit" .small { (page.t(if p.pinned { "live-unpin" } else { "live-pin-now" })) }
                                    }
                                    form method="post" action={ "/seller/content/live/" (l.id) "/pins/" (p.product_id) "/remove" } .inline {
                                        (csrf_field(page))
                                        button type="submit" .small { (page.t("live-remove")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if editable && takes_pins {
                form method="post" action={ "/seller/content/live/" (l.id) "/pins" } .inline-form {
                    (csrf_field(page))
                    label for="product_id" { (page.t("live-add-product")) }
                    select #product_id name="product_id" {
                        @for p in &products { option value=(p.id) { (p.title) } }
                    }
                    button type="submit" name="now" value="1" .small { (page.t("live-pin-now")) }
                    button type="submit" name="now" value="0" .small { (page.t("live-feature")) }
                    (field_error(errors, "product_id"))
                }
            }
        }
        section #questions {
            h2 { (page.t("live-questions-title")) }
            @if questions.is_empty() {
                p .muted { (page.t("live-no-questions")) }
            } @else {
                ul .plain-list role="list" {
                    @for q in &questions { (question_item(page, &l, q, editable)) }
                }
            }
            p { a href={ "/seller/content/live/" (l.id) "#questions" } { (page.t("live-refresh")) } }
        }
    };
    Ok(layout::seller_reply(
        page, status, SECTION, &l.title, content,
    ))
}

/// `GET /seller/content/live/{id}`: the session's control page.
pub async fn live(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<LiveId>,
    Query(params): Query<ListParams>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::View)?;
    let notice = notice_text(&page, params.notice.as_deref());
    live_page(
        &state,
        &page,
        &a,
        id,
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// After an action: back to the control page, or the page again with what went wrong.
async fn after_action<T>(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: LiveId,
    result: Result<T, AppError>,
    notice: &str,
) -> Out {
    match result {
        Ok(_) => Ok(redirect(&format!(
            "/seller/content/live/{id}?notice={notice}"
        ))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = error_status(&e);
            let errors = form_errors(page, e)?;
            live_page(state, page, a, id, &errors, None, status).await
        }
        Err(e) => Err(PROMOTIONS.fail(page, e)),
    }
}

/// `POST /seller/content/live/{id}/status`: start, end or cancel.
pub async fn live_status(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<LiveId>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let (action, notice) = match f.action.as_str() {
        "start" => (LiveAction::Start, "started"),
        "end" => (LiveAction::End, "ended"),
        "cancel" => (LiveAction::Cancel, "cancelled"),
        _ => return Err(WebError::BadRequest.into()),
    };
    let r = media::change_live(&state.app, &a, id, action).await;
    after_action(&state, &page, &a, id, r, notice).await
}

#[derive(Debug, serde::Deserialize)]
pub struct PinForm {
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    now: String,
}

/// `POST /seller/content/live/{id}/pins`: features a product, pinned now or not.
pub async fn pin(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<LiveId>,
    CsrfForm(f): CsrfForm<PinForm>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let r = media::pin_product(&state.app, &a, id, &f.product_id, f.now != "0").await;
    after_action(&state, &page, &a, id, r, "pinned").await
}

/// `POST /seller/content/live/{id}/pins/{product}/remove`.
pub async fn unpin(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, product)): WebPath<(LiveId, ProductId)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let r = media::unpin_product(&state.app, &a, id, product).await;
    after_action(&state, &page, &a, id, r, "pinned").await
}

#[derive(Debug, serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
}

/// `POST /seller/content/live/{id}/questions/{question}/answer`.
pub async fn answer(
    State(state): State<WebState>,
    page: Page,
    WebPath((id, question)): WebPath<(LiveId, QuestionId)>,
    CsrfForm(f): CsrfForm<AnswerForm>,
) -> Out {
    let a = PROMOTIONS.actor(&page, Access::Edit)?;
    let r = media::answer_question(&state.app, &a, id, question, &f.answer).await;
    after_action(&state, &page, &a, id, r, "answered").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_shops_zone() {
        let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
        let t = parse_local("2026-11-25T18:30", &tokyo).unwrap();
        assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
        assert!(parse_local("tomorrow", &tokyo).is_none());
        assert!(parse_local("", &jiff::tz::TimeZone::UTC).is_none());
    }
}
