//! Notification inboxes: the seller user's in the shop they work in (`/shop/notifications`)
//! and the buyer's (`/buyer/notifications`), entries newest first with the unread count, and
//! marking entries read.

use axum::Json;
use axum::extract::State;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::{HeaderMap, StatusCode};
use shopdeck_app::App;
use shopdeck_app::access::SellerActor;
use shopdeck_app::inbox;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::InboxEntryId;

use crate::auth::ApiUser;
use crate::buyers::ApiBuyer;
use crate::extract::{ApiPath, ApiQuery};
use crate::problem::ApiError;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationDto {
    /// `inb_…`
    pub id: String,
    /// What it is about: `product-approved`, `product-failed`, `product-deactivated`,
    /// `order-paid`, `cancellation-requested`, `return-requested`, `dispute-opened`,
    /// `dispute-decided`.
    pub kind: String,
    /// The notification in the language asked for.
    pub title: String,
    /// The page it is about, a path on this site (`/seller/orders/ord_…` for a seller,
    /// `/account/orders/ord_…` for a buyer).
    pub link: String,
    /// RFC 3339.
    pub created_at: String,
    pub read: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    pub data: Vec<NotificationDto>,
    /// Unread entries in the whole inbox.
    pub unread: i64,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MarkedRead {
    /// How many entries were unread and are read now.
    pub marked: u64,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// The language of `title`; else the `Accept-Language` header's, else English.
    #[param(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
}

/// The caller's notifications in the shop they work in, newest first, 25 a page.
#[utoipa::path(get, path = "/shop/notifications", operation_id = "list_shop_notifications", tag = "shop", security(("bearer" = [])),
    params(InboxQuery),
    responses((status = 200, body = NotificationPage)))]
pub async fn list_shop_notifications(
    State(app): State<App>,
    me: ApiUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    let p =
        inbox::list_for_seller(&app, &actor, locale_of(&q, &headers), q.cursor.as_deref()).await?;
    Ok(Json(page_dto(p)))
}

/// The language of the titles: the query's, else `Accept-Language`'s, else English.
fn locale_of(q: &InboxQuery, headers: &HeaderMap) -> Locale {
    q.locale
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::En)
}

fn page_dto(p: inbox::InboxPage) -> NotificationPage {
    NotificationPage {
        data: p
            .entries
            .into_iter()
            .map(|e| NotificationDto {
                id: e.id.to_string(),
                kind: e.kind,
                title: e.title,
                link: e.link,
                created_at: e.created_at.to_string(),
                read: e.read,
            })
            .collect(),
        unread: p.unread,
        next_cursor: p.next_cursor,
    }
}

/// Mark one notification read.
#[utoipa::path(post, path = "/shop/notifications/{id}/read", operation_id = "read_shop_notification", tag = "shop", security(("bearer" = [])),
    params(("id" = String, Path, description = "inb_…")),
    responses((status = 204, description = "Read (also when it was already)")))]
pub async fn read_shop_notification(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<InboxEntryId>,
) -> Result<StatusCode, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    inbox::mark_read_for_seller(&app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark every notification of the caller in this shop read.
#[utoipa::path(post, path = "/shop/notifications/read-all", operation_id = "read_all_shop_notifications", tag = "shop", security(("bearer" = [])),
    responses((status = 200, body = MarkedRead)))]
pub async fn read_all_shop_notifications(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<MarkedRead>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    let marked = inbox::mark_all_read_for_seller(&app, &actor).await?;
    Ok(Json(MarkedRead { marked }))
}

/// The buyer's notifications (payment confirmed, shipped, delivered, cancellation and return
/// decisions, refunds), newest first, 25 a page.
#[utoipa::path(get, path = "/buyer/notifications", operation_id = "list_buyer_notifications", tag = "buying", security(("bearer" = [])),
    params(InboxQuery),
    responses((status = 200, body = NotificationPage)))]
pub async fn list_buyer_notifications(
    State(app): State<App>,
    me: ApiBuyer,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let p = inbox::list_for_buyer(
        &app,
        &me.buyer,
        locale_of(&q, &headers),
        q.cursor.as_deref(),
    )
    .await?;
    Ok(Json(page_dto(p)))
}

/// Mark one of the buyer's notifications read.
#[utoipa::path(post, path = "/buyer/notifications/{id}/read", operation_id = "read_buyer_notification", tag = "buying", security(("bearer" = [])),
    params(("id" = String, Path, description = "inb_…")),
    responses((status = 204, description = "Read (also when it was already)")))]
pub async fn read_buyer_notification(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<InboxEntryId>,
) -> Result<StatusCode, ApiError> {
    inbox::mark_read_for_buyer(&app, &me.buyer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark every notification of the buyer read.
#[utoipa::path(post, path = "/buyer/notifications/read-all", operation_id = "read_all_buyer_notifications", tag = "buying", security(("bearer" = [])),
    responses((status = 200, body = MarkedRead)))]
pub async fn read_all_buyer_notifications(
    State(app): State<App>,
    me: ApiBuyer,
) -> Result<Json<MarkedRead>, ApiError> {
    let marked = inbox::mark_all_read_for_buyer(&app, &me.buyer).await?;
    Ok(Json(MarkedRead { marked }))
}
