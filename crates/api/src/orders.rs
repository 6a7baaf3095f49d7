//! Buying and orders: the buyer's cart, checkout, payments and orders; the payment provider's
//! callback; the sandbox provider's decision endpoint; and the shop's orders and shipping
//! settings. Every POST honours `Idempotency-Key` (the middleware in `idempotency.rs`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use shopdeck_app::access::SellerActor;
use shopdeck_app::orders::{
    self, Cart, CheckoutRequest, CheckoutResult, CheckoutView, ListOrders, OrderDetail, OrderPage,
    PaymentView, QuoteShop, ShippingSettings, Source, TemplateInput, TemplateView,
};
use shopdeck_app::payments::{self, SandboxDecision};
use shopdeck_app::{App, AppError};
use shopdeck_domain::ids::{BulkJobId, CheckoutId, OrderId, PaymentId, ShippingTemplateId, SkuId};
use shopdeck_domain::orders::CancelReason;

use crate::auth::ApiUser;
use crate::buyers::ApiBuyer;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::idempotency::IdempotencyKey;
use crate::problem::ApiError;

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

// ---- the buyer's cart ----

#[utoipa::path(get, path = "/buyer/cart", operation_id = "get_cart", tag = "buying", security(("bearer" = [])),
    responses((status = 200, body = Cart, description = "Lines grouped by shop, with prices and availability")))]
pub async fn get_cart(State(app): State<App>, me: ApiBuyer) -> Result<Json<Cart>, ApiError> {
    Ok(Json(orders::cart(&app, &me.buyer, me.buyer.locale).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CartItemBody {
    pub sku_id: String,
    pub quantity: i64,
    /// The video (`vid_…`) or live session (`liv_…`) the buyer came from.
    #[serde(default)]
    pub source: Option<String>,
}

fn sku_of(s: &str, field: &str) -> Result<SkuId, ApiError> {
    s.parse()
        .map_err(|_| AppError::invalid(field, "unknown", "Not a SKU id").into())
}

#[utoipa::path(post, path = "/buyer/cart/items", operation_id = "add_to_cart", tag = "buying", security(("bearer" = [])),
    request_body = CartItemBody,
    responses((status = 200, body = Cart), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn add_to_cart(
    State(app): State<App>,
    me: ApiBuyer,
    ApiJson(body): ApiJson<CartItemBody>,
) -> Result<Json<Cart>, ApiError> {
    let sku = sku_of(&body.sku_id, "sku_id")?;
    let source = body.source.as_deref().and_then(Source::parse);
    orders::put_in_cart(&app, &me.buyer, sku, body.quantity, source, false).await?;
    Ok(Json(orders::cart(&app, &me.buyer, me.buyer.locale).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct QuantityBody {
    pub quantity: i64,
}

#[utoipa::path(put, path = "/buyer/cart/items/{sku_id}", operation_id = "set_cart_quantity", tag = "buying", security(("bearer" = [])),
    params(("sku_id" = SkuId, Path, description = "`sku_…`")),
    request_body = QuantityBody,
    responses((status = 200, body = Cart), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn set_cart_quantity(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(sku): ApiPath<SkuId>,
    ApiJson(body): ApiJson<QuantityBody>,
) -> Result<Json<Cart>, ApiError> {
    orders::put_in_cart(&app, &me.buyer, sku, body.quantity, None, true).await?;
    Ok(Json(orders::cart(&app, &me.buyer, me.buyer.locale).await?))
}

#[utoipa::path(delete, path = "/buyer/cart/items/{sku_id}", operation_id = "remove_from_cart", tag = "buying", security(("bearer" = [])),
    params(("sku_id" = SkuId, Path, description = "`sku_…`")),
    responses((status = 200, body = Cart)))]
pub async fn remove_from_cart(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(sku): ApiPath<SkuId>,
) -> Result<Json<Cart>, ApiError> {
    orders::remove_from_cart(&app, &me.buyer, sku).await?;
    Ok(Json(orders::cart(&app, &me.buyer, me.buyer.locale).await?))
}

// ---- checkout ----

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CheckoutItemBody {
    pub sku_id: String,
    pub quantity: i64,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CheckoutBody {
    /// One of the buyer's addresses (`adr_…`).
    pub address_id: Option<String>,
    /// "Buy now" items; without them the whole cart is checked out.
    #[serde(default)]
    pub items: Option<Vec<CheckoutItemBody>>,
    #[serde(default)]
    pub note: Option<String>,
}

impl CheckoutBody {
    fn request(self) -> Result<CheckoutRequest, ApiError> {
        let address_id = match self.address_id.as_deref() {
            Some(a) => Some(a.parse().map_err(|_| {
                ApiError::from(AppError::invalid(
                    "address_id",
                    "unknown",
                    "Choose one of your addresses",
                ))
            })?),
            None => None,
        };
        let items = match self.items {
            Some(items) => Some(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, it)| {
                        Ok(orders::CheckoutItem {
                            sku_id: sku_of(&it.sku_id, &format!("items[{i}].sku_id"))?,
                            quantity: it.quantity,
                            source: it.source,
                        })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?,
            ),
            None => None,
        };
        Ok(CheckoutRequest {
            address_id,
            items,
            note: self.note,
            client_key: None,
            request_hash: None,
        })
    }
}

#[utoipa::path(post, path = "/buyer/checkout/quote", operation_id = "quote_checkout", tag = "buying", security(("bearer" = [])),
    request_body = CheckoutBody,
    responses((status = 200, body = Vec<QuoteShop>, description = "Per shop: subtotal, shipping fee, discount, total"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn quote_checkout(
    State(app): State<App>,
    me: ApiBuyer,
    ApiJson(body): ApiJson<CheckoutBody>,
) -> Result<Json<Vec<QuoteShop>>, ApiError> {
    let req = body.request()?;
    Ok(Json(orders::quote(&app, &me.buyer, &req).await?))
}

#[utoipa::path(post, path = "/buyer/checkouts", operation_id = "create_checkout", tag = "buying", security(("bearer" = [])),
    request_body = CheckoutBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Kept with the checkout in its transaction: a retry with the same key and body answers with the first checkout (`Idempotency-Replayed: true`) and never places a second order, even after a crash; the same key with another body is refused (422 `idempotency-key-reused`)")),
    responses((status = 201, body = CheckoutResult, description = "The orders (one per shop) and the payments with their hosted-page URLs"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Sold out meanwhile"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_checkout(
    State(app): State<App>,
    me: ApiBuyer,
    IdempotencyKey(keyed): IdempotencyKey,
    ApiJson(body): ApiJson<CheckoutBody>,
) -> Result<Response, ApiError> {
    let mut req = body.request()?;
    if let Some(k) = keyed {
        req.client_key = Some(k.key);
        req.request_hash = Some(k.fingerprint);
    }
    let done = orders::checkout(&app, &me.buyer, &req).await?;
    let replayed = done.replayed;
    let mut res = (StatusCode::CREATED, Json(done)).into_response();
    if replayed {
        crate::idempotency::mark_replayed(&mut res);
    }
    Ok(res)
}

#[utoipa::path(get, path = "/buyer/checkouts/{id}", operation_id = "get_checkout", tag = "buying", security(("bearer" = [])),
    params(("id" = CheckoutId, Path, description = "`chk_…`")),
    responses((status = 200, body = CheckoutView), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_checkout(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<CheckoutId>,
) -> Result<Json<CheckoutView>, ApiError> {
    Ok(Json(orders::checkout_for_buyer(&app, &me.buyer, id).await?))
}

#[utoipa::path(post, path = "/buyer/payments/{id}/sessions", operation_id = "restart_payment", tag = "buying", security(("bearer" = [])),
    params(("id" = PaymentId, Path, description = "`pay_…`")),
    responses((status = 201, body = PaymentView, description = "A fresh hosted-page URL"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn restart_payment(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<PaymentId>,
) -> Result<(StatusCode, Json<PaymentView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(orders::pay(&app, &me.buyer, id).await?),
    ))
}

// ---- the buyer's orders ----

#[utoipa::path(get, path = "/buyer/orders", operation_id = "list_buyer_orders", tag = "buying", security(("bearer" = [])),
    params(("tab" = Option<String>, Query), ("status" = Option<String>, Query),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Default 20; outside 1–100 is a 422 (`limit-range`)")),
    responses((status = 200, body = OrderPage)))]
pub async fn list_buyer_orders(
    State(app): State<App>,
    me: ApiBuyer,
    ApiQuery(q): ApiQuery<ListOrders>,
) -> Result<Json<OrderPage>, ApiError> {
    Ok(Json(orders::list_for_buyer(&app, &me.buyer, &q).await?))
}

#[utoipa::path(get, path = "/buyer/orders/{id}", operation_id = "get_buyer_order", tag = "buying", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    responses((status = 200, body = OrderDetail), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_buyer_order(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(orders::detail_for_buyer(&app, &me.buyer, id).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct BuyerCancelBody {
    /// Needed for a paid order awaiting shipment (a request the seller answers):
    /// NO_LONGER_NEEDED, ORDERED_BY_MISTAKE, NEED_TO_CHANGE_ADDRESS,
    /// NEED_TO_CHANGE_PAYMENT_METHOD, FOUND_BETTER_PRICE, SHIPPING_TOO_SLOW, DUPLICATE_ORDER or
    /// OTHER (with a note).
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Some lines only (`[{"line_no", "quantity"}]`); empty for the whole order.
    #[serde(default)]
    pub items: Vec<shopdeck_app::cancellations::LineUnits>,
}

#[utoipa::path(post, path = "/buyer/orders/{id}/cancellation", operation_id = "cancel_buyer_order", tag = "buying", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    request_body = BuyerCancelBody,
    responses((status = 200, body = OrderDetail, description = "Cancelled at once (unpaid, or in the remorse window)"),
        (status = 202, body = OrderDetail, description = "A request the seller must answer within 48 hours (approved automatically after)"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not cancellable any more")))]
pub async fn cancel_buyer_order(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<BuyerCancelBody>,
) -> Result<(StatusCode, Json<OrderDetail>), ApiError> {
    use shopdeck_app::cancellations::{BuyerCancel, BuyerCancelled, cancel_for_buyer};
    let done = cancel_for_buyer(
        &app,
        &me.buyer,
        id,
        BuyerCancel {
            reason: body.reason.as_deref(),
            note: body.note.as_deref(),
            items: &body.items,
        },
    )
    .await?;
    let status = match done {
        BuyerCancelled::Now => StatusCode::OK,
        BuyerCancelled::Requested(_) => StatusCode::ACCEPTED,
    };
    let detail = orders::detail_for_buyer(&app, &me.buyer, id).await?;
    Ok((status, Json(detail)))
}

// ---- payment providers ----

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CallbackAck {
    /// `applied`, or `duplicate` for an event seen before.
    pub status: &'static str,
}

#[utoipa::path(post, path = "/payments/{provider}/callbacks", operation_id = "payment_callback", tag = "buying",
    request_body(content = shopdeck_app::payments::CallbackEvent, description = "The provider's event (JSON), verified before it is read"),
    params(("provider" = String, Path, description = "`sandbox`"),
        ("Shopdeck-Signature" = String, Header, description = "`t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`")),
    responses((status = 200, body = CallbackAck), (status = 401, body = crate::Problem, content_type = "application/problem+json", description = "Forged, missing or stale signature")))]
pub async fn payment_callback(
    State(app): State<App>,
    ApiPath(provider): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<CallbackAck>, ApiError> {
    let signature = headers
        .get(payments::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let done = orders::payment_callback(&app, &provider, signature, &body).await?;
    Ok(Json(CallbackAck {
        status: match done {
            orders::CallbackResult::Applied => "applied",
            orders::CallbackResult::Duplicate => "duplicate",
        },
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SandboxDecisionBody {
    /// `approve`, `decline` or `later`.
    pub decision: String,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SandboxDecided {
    /// Where the hosted page sends the buyer.
    pub redirect_url: String,
}

#[utoipa::path(post, path = "/sandbox/sessions/{id}/decision", operation_id = "sandbox_decide", tag = "buying",
    params(("id" = String, Path, description = "The sandbox payment session (`sbx_…`)")),
    request_body = SandboxDecisionBody,
    responses((status = 200, body = SandboxDecided), (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided")))]
pub async fn sandbox_decide(
    State(app): State<App>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SandboxDecisionBody>,
) -> Result<Json<SandboxDecided>, ApiError> {
    let decision = match body.decision.as_str() {
        "approve" => SandboxDecision::Approve,
        "decline" => SandboxDecision::Decline,
        "later" => SandboxDecision::Later,
        _ => {
            return Err(
                AppError::invalid("decision", "unknown", "Use approve, decline or later").into(),
            );
        }
    };
    let redirect_url = payments::sandbox_decide(&app, &id, decision).await?;
    Ok(Json(SandboxDecided { redirect_url }))
}

// ---- the shop's orders ----

#[utoipa::path(get, path = "/shop/orders", operation_id = "list_shop_orders", tag = "orders", security(("bearer" = [])),
    params(("tab" = Option<String>, Query, description = "all, unpaid, to_ship, shipped, completed, cancelled"),
        ("status" = Option<String>, Query), ("q" = Option<String>, Query, description = "Order id, buyer, seller SKU or product title"),
        ("from" = Option<String>, Query), ("until" = Option<String>, Query),
        ("due_soon" = Option<bool>, Query), ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Default 20; outside 1–100 is a 422 (`limit-range`)")),
    responses((status = 200, body = OrderPage, description = "A page of orders, the next cursor and counts per tab")))]
pub async fn list_shop_orders(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<ListOrders>,
) -> Result<Json<OrderPage>, ApiError> {
    Ok(Json(orders::list_for_seller(&app, &actor(&me)?, &q).await?))
}

#[utoipa::path(get, path = "/shop/orders/{id}", operation_id = "get_shop_order", tag = "orders", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    responses((status = 200, body = OrderDetail), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop_order(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<OrderDetail>, ApiError> {
    Ok(Json(
        orders::detail_for_seller(&app, &actor(&me)?, id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SellerCancelBody {
    /// OUT_OF_STOCK, PRICING_ERROR, UNABLE_TO_DELIVER, BUYER_REQUESTED or OTHER (with a note).
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Some lines only (`[{"line_no", "quantity"}]`); empty cancels the whole order.
    #[serde(default)]
    pub items: Vec<shopdeck_app::cancellations::LineUnits>,
}

#[utoipa::path(post, path = "/shop/orders/{id}/cancellation", operation_id = "cancel_shop_order", tag = "orders", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    request_body = SellerCancelBody,
    responses((status = 200, body = OrderDetail), (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already shipped or cancelled"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn cancel_shop_order(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<SellerCancelBody>,
) -> Result<Json<OrderDetail>, ApiError> {
    let reason = CancelReason::parse(&body.reason).ok_or_else(|| {
        AppError::invalid(
            "reason",
            "unknown-reason",
            "Choose one of the listed reasons",
        )
    })?;
    let actor = actor(&me)?;
    if !body.items.is_empty() {
        shopdeck_app::cancellations::cancel_lines_by_seller(
            &app,
            &actor,
            id,
            reason,
            body.note.as_deref(),
            &body.items,
        )
        .await?;
        return Ok(Json(orders::detail_for_seller(&app, &actor, id).await?));
    }
    Ok(Json(
        orders::cancel_by_seller(&app, &actor, id, reason, body.note.as_deref()).await?,
    ))
}

// ---- shipping settings ----

#[utoipa::path(get, path = "/shop/shipping", operation_id = "get_shipping_settings", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = ShippingSettings, description = "Shipping templates and the remorse window")))]
pub async fn get_shipping_settings(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<ShippingSettings>, ApiError> {
    Ok(Json(orders::shipping_settings(&app, &actor(&me)?).await?))
}

#[utoipa::path(post, path = "/shop/shipping/templates", operation_id = "create_shipping_template", tag = "orders", security(("bearer" = [])),
    request_body = TemplateInput,
    responses((status = 201, body = TemplateView), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_shipping_template(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<(StatusCode, Json<TemplateView>), ApiError> {
    let t = orders::save_template(&app, &actor(&me)?, None, &body).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

#[utoipa::path(put, path = "/shop/shipping/templates/{id}", operation_id = "replace_shipping_template", tag = "orders", security(("bearer" = [])),
    params(("id" = ShippingTemplateId, Path, description = "`shp_…`")),
    request_body = TemplateInput,
    responses((status = 200, body = TemplateView), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn replace_shipping_template(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ShippingTemplateId>,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<Json<TemplateView>, ApiError> {
    Ok(Json(
        orders::save_template(&app, &actor(&me)?, Some(id), &body).await?,
    ))
}

#[utoipa::path(delete, path = "/shop/shipping/templates/{id}", operation_id = "delete_shipping_template", tag = "orders", security(("bearer" = [])),
    params(("id" = ShippingTemplateId, Path, description = "`shp_…`")),
    responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn delete_shipping_template(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ShippingTemplateId>,
) -> Result<StatusCode, ApiError> {
    orders::delete_template(&app, &actor(&me)?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct OrderSettingsBody {
    /// Minutes buyers may cancel freely after paying (0 = off; TikTok uses 60).
    pub hold_minutes: i64,
}

#[utoipa::path(put, path = "/shop/orders/settings", operation_id = "set_order_settings", tag = "orders", security(("bearer" = [])),
    request_body = OrderSettingsBody,
    responses((status = 204), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn set_order_settings(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<OrderSettingsBody>,
) -> Result<StatusCode, ApiError> {
    orders::set_hold_minutes(&app, &actor(&me)?, body.hold_minutes).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- exports ----

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = OrderExportBody)]
pub struct ExportBody {
    /// First day (YYYY-MM-DD, UTC) or instant (RFC 3339).
    pub from: String,
    /// Last day (included) or instant (excluded).
    pub until: String,
    /// `csv` (default) or `xlsx`.
    #[serde(default)]
    pub format: Option<String>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportDto {
    pub id: String,
    /// QUEUED, RUNNING, DONE or FAILED.
    pub status: String,
    pub format: String,
    pub file_name: String,
    /// Order lines written.
    pub rows: i64,
    pub error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Where to download the file once DONE.
    pub file_url: Option<String>,
}

fn export_dto(j: &shopdeck_app::bulk::BulkJob) -> ExportDto {
    ExportDto {
        id: j.id.to_string(),
        status: j.status.as_str().to_owned(),
        format: j.format.clone(),
        file_name: j.file_name.clone(),
        rows: j.processed_rows,
        error: j.error.clone(),
        created_at: j.created_at.to_string(),
        finished_at: j.finished_at.map(|t| t.to_string()),
        file_url: j
            .has_output
            .then(|| format!("/api/v1/shop/orders/exports/{}/file", j.id)),
    }
}

#[utoipa::path(post, path = "/shop/orders/exports", operation_id = "export_orders", tag = "orders", security(("bearer" = [])),
    request_body = ExportBody,
    responses((status = 202, body = ExportDto, description = "Queued; poll it until DONE"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn export_orders(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<ExportBody>,
) -> Result<(StatusCode, Json<ExportDto>), ApiError> {
    let format = match body.format.as_deref().unwrap_or("csv") {
        "csv" => shopdeck_files::sheets::SheetFormat::Csv,
        "xlsx" => shopdeck_files::sheets::SheetFormat::Xlsx,
        _ => return Err(AppError::invalid("format", "unknown", "Use csv or xlsx").into()),
    };
    let (from, until) = orders::export_range(&body.from, &body.until)?;
    let job =
        shopdeck_app::order_export::start_export(&app, &actor(&me)?, from, until, format).await?;
    Ok((StatusCode::ACCEPTED, Json(export_dto(&job))))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportList {
    pub data: Vec<ExportDto>,
}

#[utoipa::path(get, path = "/shop/orders/exports", operation_id = "list_order_exports", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = ExportList)))]
pub async fn list_order_exports(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<ExportList>, ApiError> {
    let jobs = shopdeck_app::order_export::list_exports(&app, &actor(&me)?).await?;
    Ok(Json(ExportList {
        data: jobs.iter().map(export_dto).collect(),
    }))
}

#[utoipa::path(get, path = "/shop/orders/exports/{id}", operation_id = "get_order_export", tag = "orders", security(("bearer" = [])),
    params(("id" = BulkJobId, Path, description = "`blk_…`")),
    responses((status = 200, body = ExportDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_order_export(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<shopdeck_domain::ids::BulkJobId>,
) -> Result<Json<ExportDto>, ApiError> {
    let job = shopdeck_app::order_export::get_export(&app, &actor(&me)?, id).await?;
    Ok(Json(export_dto(&job)))
}

#[utoipa::path(get, path = "/shop/orders/exports/{id}/file", operation_id = "download_order_export", tag = "orders", security(("bearer" = [])),
    params(("id" = BulkJobId, Path, description = "`blk_…`")),
    responses((status = 200, description = "The CSV or XLSX file", content((crate::openapi::FileBody = "text/csv"), (crate::openapi::FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn download_order_export(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<shopdeck_domain::ids::BulkJobId>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let (bytes, name, mime) = shopdeck_app::order_export::download(&app, &actor(&me)?, id).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, mime.to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
