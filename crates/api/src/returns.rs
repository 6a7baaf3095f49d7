//! Returns and refunds after delivery: the buyer's requests, shipping back, withdrawal and
//! escalation; the shop's Returns list and decisions; the operator's arbitration.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use shopdeck_app::access::{Operator, SellerActor};
use shopdeck_app::cancellations::LineUnits;
use shopdeck_app::returns::{
    self, Eligibility, ReturnPage, ReturnRequest, ReturnTab, ReturnView, ShipBack,
};
use shopdeck_app::{App, AppError};
use shopdeck_domain::ids::{OrderId, ReturnId};
use shopdeck_domain::returns::{ReceiptRejectReason, ReturnReason, ReturnRejectReason, ReturnType};

use crate::auth::ApiUser;
use crate::buyers::ApiBuyer;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

fn operator(me: &ApiUser) -> Result<Operator, ApiError> {
    Ok(Operator::of(&me.user, &me.client)?)
}

/// Room for five photos of 5 MB in base64.
pub fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(36 * 1024 * 1024)
}

fn unknown(field: &str) -> AppError {
    AppError::invalid(field, "unknown-value", "Choose one of the listed values")
}

// ---- the buyer ----

#[utoipa::path(get, path = "/buyer/orders/{id}/returnable", operation_id = "get_return_eligibility", tag = "returns", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    responses((status = 200, body = Eligibility, description = "Whether a return may be asked for now, until when, and how many units of each line")))]
pub async fn get_eligibility(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<Eligibility>, ApiError> {
    Ok(Json(returns::eligibility(&app, &me.buyer, id).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ReturnBody {
    /// REFUND (refund only) or RETURN_AND_REFUND.
    pub return_type: String,
    /// DAMAGED, WRONG_ITEM, NOT_AS_DESCRIBED, MISSING_PARTS, DEFECTIVE, NO_LONGER_NEEDED,
    /// CHANGED_MIND, ORDERED_BY_MISTAKE, FOUND_BETTER_PRICE, SIZE_OR_FIT or OTHER (with a note).
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
    /// The units: `[{"line_no": 1, "quantity": 1}]`.
    pub items: Vec<LineUnits>,
    /// Up to 5 photos (JPEG, PNG or WebP, at most 5 MB each), base64.
    #[serde(default)]
    pub photos_base64: Vec<String>,
}

#[utoipa::path(post, path = "/buyer/orders/{id}/returns", operation_id = "request_return", tag = "returns", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`"), ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key never opens a second request")),
    request_body = ReturnBody,
    responses((status = 201, body = ReturnView, description = "The request, waiting for the shop, with its deadline and amounts"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not delivered, the window closed, or a return is already open"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn request_return(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<ReturnBody>,
) -> Result<(StatusCode, Json<ReturnView>), ApiError> {
    let return_type = ReturnType::parse(&body.return_type).ok_or_else(|| unknown("return_type"))?;
    let reason = ReturnReason::parse(&body.reason).ok_or_else(|| unknown("reason"))?;
    let mut photos = Vec::with_capacity(body.photos_base64.len());
    for (i, p) in body.photos_base64.iter().enumerate() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(p.trim())
            .map_err(|_| {
                AppError::invalid(
                    &format!("photos_base64[{i}]"),
                    "base64",
                    "This is not valid base64",
                )
            })?;
        photos.push(bytes.into());
    }
    let view = returns::request(
        &app,
        &me.buyer,
        id,
        ReturnRequest {
            return_type,
            reason,
            note: body.note,
            items: body.items,
            photos,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReturnList {
    pub data: Vec<ReturnView>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuyerListQuery {
    /// Only the returns of this order.
    #[serde(default)]
    pub order_id: Option<String>,
}

#[utoipa::path(get, path = "/buyer/returns", operation_id = "list_buyer_returns", tag = "returns", security(("bearer" = [])),
    params(BuyerListQuery),
    responses((status = 200, body = ReturnList, description = "The buyer's returns, newest first")))]
pub async fn list_buyer_returns(
    State(app): State<App>,
    me: ApiBuyer,
    ApiQuery(q): ApiQuery<BuyerListQuery>,
) -> Result<Json<ReturnList>, ApiError> {
    let order = match q.order_id.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<OrderId>()
                .map_err(|_| AppError::invalid("order_id", "id", "This is not an order id"))?,
        ),
        None => None,
    };
    Ok(Json(ReturnList {
        data: returns::list_for_buyer(&app, &me.buyer, order).await?,
    }))
}

#[utoipa::path(get, path = "/buyer/returns/{id}", operation_id = "get_buyer_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, body = ReturnView, description = "The return with its timeline and who acts next, by when"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_buyer_return(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(returns::get_for_buyer(&app, &me.buyer, id).await?))
}

#[utoipa::path(post, path = "/buyer/returns/{id}/withdrawal", operation_id = "withdraw_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, body = ReturnView),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Too late: shipped back, refunded or closed")))]
pub async fn withdraw_return(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(returns::withdraw(&app, &me.buyer, id).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ShipBackBody {
    /// PLATFORM (a Shopdeck return label, at `/buyer/returns/{id}/label`) or BUYER_ARRANGE
    /// (`carrier` and `tracking_number` required).
    pub method: String,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
}

#[utoipa::path(post, path = "/buyer/returns/{id}/shipment", operation_id = "ship_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = ShipBackBody,
    responses((status = 200, body = ReturnView, description = "Shipped back; the shop checks the package"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "The return is not waiting for the item"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn ship_return(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<ShipBackBody>,
) -> Result<Json<ReturnView>, ApiError> {
    let how = match body.method.to_ascii_uppercase().as_str() {
        "PLATFORM" => ShipBack::Platform,
        "BUYER_ARRANGE" => {
            let carrier = body
                .carrier
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| AppError::invalid("carrier", "required", "Choose the carrier"))?;
            let tracking = body
                .tracking_number
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| {
                    AppError::invalid("tracking_number", "required", "Enter the tracking number")
                })?;
            ShipBack::Own { carrier, tracking }
        }
        _ => return Err(unknown("method").into()),
    };
    Ok(Json(returns::ship_back(&app, &me.buyer, id, how).await?))
}

#[utoipa::path(get, path = "/buyer/returns/{id}/label", operation_id = "get_return_label", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, description = "The return label, PDF (4×6 in)", body = crate::openapi::FileBody, content_type = "application/pdf"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not shipped with a Shopdeck label")))]
pub async fn get_return_label(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Response, ApiError> {
    let pdf = returns::return_label(&app, &me.buyer, id).await?;
    Ok(([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response())
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct NoteBody {
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/buyer/returns/{id}/escalation", operation_id = "escalate_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = NoteBody,
    responses((status = 200, body = ReturnView, description = "Under arbitration: an operator decides"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not rejected, already escalated, or the 48 hours passed"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json", description = "A note is required")))]
pub async fn escalate_return(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(
        returns::escalate(&app, &me.buyer, id, body.note.as_deref()).await?,
    ))
}

#[utoipa::path(get, path = "/buyer/returns/{id}/photos/{n}", operation_id = "get_buyer_return_photo", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`"), ("n" = usize, Path, description = "The photo's number, from 0")),
    responses((status = 200, description = "The photo", content((crate::openapi::FileBody = "image/jpeg"), (crate::openapi::FileBody = "image/png"), (crate::openapi::FileBody = "image/webp"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_buyer_photo(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath((id, n)): ApiPath<(ReturnId, usize)>,
) -> Result<Response, ApiError> {
    let (kind, bytes) = returns::photo_for_buyer(&app, &me.buyer, id, n).await?;
    Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response())
}

// ---- the shop ----

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShopListQuery {
    /// to_respond, awaiting_shipment, to_receive, rejected, refunded, closed or all (default).
    #[serde(default)]
    pub tab: Option<String>,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub cursor: Option<String>,
    /// 1 to 50 (default 20); outside that is a 422 (`limit-range`).
    #[serde(default)]
    #[param(minimum = 1, maximum = 50)]
    pub page_size: Option<u32>,
}

#[utoipa::path(get, path = "/shop/returns", operation_id = "list_returns", tag = "returns", security(("bearer" = [])),
    params(ShopListQuery),
    responses((status = 200, body = ReturnPage, description = "The tab's returns, newest first, the count of every tab and the next page's cursor")))]
pub async fn list_shop_returns(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<ShopListQuery>,
) -> Result<Json<ReturnPage>, ApiError> {
    let tab = match q.tab.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => ReturnTab::parse(t).ok_or_else(|| unknown("tab"))?,
        None => ReturnTab::All,
    };
    let order = match q.order_id.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<OrderId>()
                .map_err(|_| AppError::invalid("order_id", "id", "This is not an order id"))?,
        ),
        None => None,
    };
    Ok(Json(
        returns::list_for_seller(
            &app,
            &actor(&me)?,
            tab,
            order,
            q.cursor.as_deref(),
            q.page_size.unwrap_or(20),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/shop/returns/{id}", operation_id = "get_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, body = ReturnView, description = "The return with its timeline, the shop's next action and its deadline"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop_return(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(returns::get_for_seller(&app, &actor(&me)?, id).await?))
}

#[utoipa::path(get, path = "/shop/returns/{id}/photos/{n}", operation_id = "get_return_photo", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`"), ("n" = usize, Path, description = "The photo's number, from 0")),
    responses((status = 200, description = "The buyer's photo", content((crate::openapi::FileBody = "image/jpeg"), (crate::openapi::FileBody = "image/png"), (crate::openapi::FileBody = "image/webp"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop_photo(
    State(app): State<App>,
    me: ApiUser,
    ApiPath((id, n)): ApiPath<(ReturnId, usize)>,
) -> Result<Response, ApiError> {
    let (kind, bytes) = returns::photo_for_seller(&app, &actor(&me)?, id, n).await?;
    Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response())
}

#[utoipa::path(post, path = "/shop/returns/{id}/approval", operation_id = "approve_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, body = ReturnView, description = "Approved: a refund-only request is refunded now; a return waits for the item"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided")))]
pub async fn approve_return(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(returns::approve(&app, &actor(&me)?, id).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct RejectBody {
    /// For a request: OUTSIDE_RETURN_WINDOW, ITEM_NOT_RETURNABLE, INSUFFICIENT_EVIDENCE,
    /// DAMAGED_BY_BUYER, RESOLVED_WITH_BUYER or OTHER. For a package: WRONG_ITEM_RETURNED,
    /// ITEM_USED_OR_DAMAGED, PARTS_MISSING, EMPTY_PACKAGE, PACKAGE_NOT_RECEIVED or OTHER.
    /// OTHER needs a note.
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/shop/returns/{id}/rejection", operation_id = "reject_return", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = RejectBody,
    responses((status = 200, body = ReturnView, description = "Rejected; the buyer may escalate within 48 hours"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn reject_return(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<RejectBody>,
) -> Result<Json<ReturnView>, ApiError> {
    let reason = ReturnRejectReason::parse(&body.reason).ok_or_else(|| unknown("reason"))?;
    Ok(Json(
        returns::reject(&app, &actor(&me)?, id, reason, body.note.as_deref()).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ReceiptBody {
    /// The item can be sold again: its units go back to stock (default true).
    #[serde(default = "yes")]
    pub resellable: bool,
    /// A partial refund instead of the full one, as a decimal string in the order's currency
    /// (e.g. "12.50"): more than zero and less than the full refund; `note` then says why.
    #[serde(default)]
    pub refund_amount: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

#[utoipa::path(post, path = "/shop/returns/{id}/receipt", operation_id = "confirm_return_receipt", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = ReceiptBody,
    responses((status = 200, body = ReturnView, description = "Received: the refund is paid, and the units are back in stock when resellable"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "No package to confirm")))]
pub async fn confirm_receipt(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<ReceiptBody>,
) -> Result<Json<ReturnView>, ApiError> {
    let view = match body
        .refund_amount
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        Some(amount) => {
            returns::confirm_receipt_partly(
                &app,
                &actor(&me)?,
                id,
                body.resellable,
                amount,
                body.note.as_deref(),
            )
            .await?
        }
        None => returns::confirm_receipt(&app, &actor(&me)?, id, body.resellable).await?,
    };
    Ok(Json(view))
}

#[utoipa::path(post, path = "/shop/returns/{id}/receipt-rejection", operation_id = "reject_return_receipt", tag = "returns", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = RejectBody,
    responses((status = 200, body = ReturnView, description = "The package is refused; the buyer may escalate within 48 hours"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "No package to check"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn reject_receipt(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<RejectBody>,
) -> Result<Json<ReturnView>, ApiError> {
    let reason = ReceiptRejectReason::parse(&body.reason).ok_or_else(|| unknown("reason"))?;
    Ok(Json(
        returns::reject_receipt(&app, &actor(&me)?, id, reason, body.note.as_deref()).await?,
    ))
}

// ---- the operator ----

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisputeQuery {
    /// `all` for every escalated return; default: those waiting for a decision.
    #[serde(default)]
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/ops/returns", operation_id = "list_return_disputes", tag = "ops", security(("bearer" = [])),
    params(DisputeQuery),
    responses((status = 200, body = ReturnList, description = "Escalated returns, oldest first"),
        (status = 403, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_disputes(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<DisputeQuery>,
) -> Result<Json<ReturnList>, ApiError> {
    let all = q.state.as_deref() == Some("all");
    Ok(Json(ReturnList {
        data: returns::disputes(&app, &operator(&me)?, all).await?,
    }))
}

#[utoipa::path(get, path = "/ops/returns/{id}", operation_id = "get_return_for_ops", tag = "ops", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    responses((status = 200, body = ReturnView), (status = 403, body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_ops_return(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
) -> Result<Json<ReturnView>, ApiError> {
    Ok(Json(
        returns::get_for_operator(&app, &operator(&me)?, id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DisputeDecisionBody)]
pub struct DecisionBody {
    /// BUYER (the refund goes ahead) or SELLER (the return is closed).
    pub support: String,
    /// Why; shown to both.
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/ops/returns/{id}/decision", operation_id = "decide_return_dispute", tag = "ops", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`")),
    request_body = DecisionBody,
    responses((status = 200, body = ReturnView),
        (status = 403, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not under arbitration"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn decide_dispute(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ReturnId>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<ReturnView>, ApiError> {
    let support_buyer = match body.support.to_ascii_uppercase().as_str() {
        "BUYER" => true,
        "SELLER" => false,
        _ => return Err(unknown("support").into()),
    };
    Ok(Json(
        returns::decide(
            &app,
            &operator(&me)?,
            id,
            support_buyer,
            body.note.as_deref(),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/ops/returns/{id}/photos/{n}", operation_id = "get_ops_return_photo", tag = "ops", security(("bearer" = [])),
    params(("id" = ReturnId, Path, description = "`rtn_…`"), ("n" = usize, Path, description = "The photo's number, from 0")),
    responses((status = 200, description = "The buyer's photo", content((crate::openapi::FileBody = "image/jpeg"), (crate::openapi::FileBody = "image/png"), (crate::openapi::FileBody = "image/webp"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_ops_photo(
    State(app): State<App>,
    me: ApiUser,
    ApiPath((id, n)): ApiPath<(ReturnId, usize)>,
) -> Result<Response, ApiError> {
    let (kind, bytes) = returns::photo_for_operator(&app, &operator(&me)?, id, n).await?;
    Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response())
}
