//! Shipping: the carriers a shop can pick, shipping one order (or several combined), bulk
//! shipping by JSON or CSV, packages with their tracking, the seller's delivery reports,
//! shipping documents as PDF, and the logistics provider's tracking callbacks.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shopdeck_app::access::SellerActor;
use shopdeck_app::cancellations::CancellationView;
use shopdeck_app::deadlines::ShopHealth;
use shopdeck_app::fulfilment::{
    self, BulkItem, BulkResult, CarrierView, DeliveryReport, DocumentKind, PackageView, Proof,
    ShipMethod,
};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;
use shopdeck_domain::fulfilment::DeliveryFailure;
use shopdeck_domain::ids::{CancellationId, OrderId, PackageId, SellerId};

use crate::auth::ApiUser;
use crate::buyers::ApiBuyer;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CarrierList {
    pub data: Vec<CarrierView>,
}

#[utoipa::path(get, path = "/shop/carriers", operation_id = "list_carriers", tag = "fulfilment", security(("bearer" = [])),
    responses((status = 200, body = CarrierList, description = "Carriers for the shop's own shipping, with the tracking format each expects")))]
pub async fn list_carriers(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<CarrierList>, ApiError> {
    Ok(Json(CarrierList {
        data: fulfilment::carriers_for_shop(&app, &actor(&me)?).await?,
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ShipBody {
    /// `SELLER` (own carrier: `carrier` and `tracking_number` required) or `PLATFORM`.
    pub mode: String,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Other orders of the same buyer to the same address to put in the same package.
    #[serde(default)]
    pub combine_with: Vec<String>,
    /// Split the order: only these units go in this package (`[{"line_no", "quantity"}]`);
    /// the order is PARTIALLY_SHIPPING until the rest ships. Empty: everything left.
    #[serde(default)]
    pub items: Vec<shopdeck_app::cancellations::LineUnits>,
}

fn method_of(body: &ShipBody) -> Result<ShipMethod, ApiError> {
    match body.mode.to_ascii_uppercase().as_str() {
        "PLATFORM" => Ok(ShipMethod::Platform),
        "SELLER" => {
            let carrier = body.carrier.clone().unwrap_or_default();
            let tracking_number = body.tracking_number.clone().unwrap_or_default();
            if carrier.trim().is_empty() {
                return Err(AppError::invalid("carrier", "required", "Choose the carrier").into());
            }
            if tracking_number.trim().is_empty() {
                return Err(AppError::invalid(
                    "tracking_number",
                    "required",
                    "Enter the tracking number",
                )
                .into());
            }
            Ok(ShipMethod::Seller {
                carrier,
                tracking_number,
            })
        }
        _ => Err(AppError::invalid("mode", "unknown", "Use SELLER or PLATFORM").into()),
    }
}

#[utoipa::path(post, path = "/shop/orders/{id}/shipment", operation_id = "ship_order", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    request_body = ShipBody,
    responses((status = 201, body = PackageView, description = "The package, with its tracking number"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Not paid, on hold, cancelled or already shipped (a split order ships its remaining units)"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn ship_order(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<ShipBody>,
) -> Result<(StatusCode, Json<PackageView>), ApiError> {
    let method = method_of(&body)?;
    let mut orders = vec![id];
    for other in &body.combine_with {
        orders.push(other.trim().parse().map_err(|_| {
            ApiError::from(AppError::invalid(
                "combine_with",
                "malformed",
                format!("{other} is not an order id"),
            ))
        })?);
    }
    let p = if body.items.is_empty() {
        fulfilment::ship(&app, &actor(&me)?, &orders, &method).await?
    } else if orders.len() > 1 {
        return Err(AppError::invalid(
            "items",
            "not-combinable",
            "Split one order at a time: leave out combine_with",
        )
        .into());
    } else {
        fulfilment::ship_items(&app, &actor(&me)?, id, &body.items, &method).await?
    };
    Ok((StatusCode::CREATED, Json(p)))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BulkShipBody {
    /// Up to 600 orders; an item without carrier and tracking number ships by platform
    /// logistics.
    pub orders: Vec<BulkItem>,
}

#[utoipa::path(post, path = "/shop/shipments/bulk", operation_id = "ship_orders_in_bulk", tag = "fulfilment", security(("bearer" = [])),
    request_body(content = BulkShipBody, description = "JSON, or a CSV file (`text/csv`) with the columns order_id, carrier, tracking_number"),
    responses((status = 200, body = BulkResult, description = "A result per order; shipped and failed counts"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json", description = "No orders, more than 600, or an unreadable file")))]
pub async fn ship_bulk(
    State(app): State<App>,
    me: ApiUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<BulkResult>, ApiError> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv"));
    let items = if is_csv {
        fulfilment::parse_bulk_csv(&body)?
    } else {
        let parsed: BulkShipBody = serde_json::from_slice(&body).map_err(|e| {
            ApiError::from(AppError::invalid("body", "malformed-json", e.to_string()))
        })?;
        parsed.orders
    };
    Ok(Json(
        fulfilment::ship_bulk(&app, &actor(&me)?, &items).await?,
    ))
}

#[utoipa::path(get, path = "/shop/packages/{id}", operation_id = "get_package", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = PackageId, Path, description = "`pkg_…`")),
    responses((status = 200, body = PackageView, description = "The package with its orders and tracking events"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_package(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<PackageId>,
) -> Result<Json<PackageView>, ApiError> {
    Ok(Json(
        fulfilment::package_for_seller(&app, &actor(&me)?, id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct DeliveryBody {
    /// `DELIVERY_SUCCESS` or `DELIVERY_FAILED`.
    pub delivery_type: String,
    /// For a failure: INVALID_ADDRESS, UNABLE_RECEIVE, UNABLE_CONTACT_BUYER, BUYER_REFUSED,
    /// DELAY_DELIVERY, PACKAGE_LOST, PACKAGE_DAMAGE, FORCE_MAJEURE or OTHER.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// A photo (JPEG, PNG, WebP) or PDF proving the delivery, base64-encoded.
    #[serde(default)]
    pub proof_base64: Option<String>,
}

#[utoipa::path(post, path = "/shop/packages/{id}/delivery", operation_id = "report_delivery", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = PackageId, Path, description = "`pkg_…`")),
    request_body = DeliveryBody,
    responses((status = 200, body = PackageView, description = "The package after the report"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "A platform shipment, or already delivered"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn report_delivery(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<PackageId>,
    ApiJson(body): ApiJson<DeliveryBody>,
) -> Result<Json<PackageView>, ApiError> {
    use base64::Engine as _;
    let report = match body.delivery_type.to_ascii_uppercase().as_str() {
        "DELIVERY_SUCCESS" => DeliveryReport::Delivered,
        "DELIVERY_FAILED" => {
            let reason = body
                .failure_reason
                .as_deref()
                .and_then(DeliveryFailure::parse)
                .ok_or_else(|| {
                    ApiError::from(AppError::invalid(
                        "failure_reason",
                        "unknown-reason",
                        "Give one of the listed failure reasons",
                    ))
                })?;
            DeliveryReport::Failed(reason)
        }
        _ => {
            return Err(AppError::invalid(
                "delivery_type",
                "unknown",
                "Use DELIVERY_SUCCESS or DELIVERY_FAILED",
            )
            .into());
        }
    };
    let proof = match body.proof_base64.as_deref() {
        Some(b64) => Some(Proof {
            bytes: base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| {
                    ApiError::from(AppError::invalid(
                        "proof_base64",
                        "malformed",
                        "Not valid base64",
                    ))
                })?,
        }),
        None => None,
    };
    Ok(Json(
        fulfilment::report_delivery(&app, &actor(&me)?, id, report, proof).await?,
    ))
}

#[utoipa::path(get, path = "/shop/packages/{id}/proof", operation_id = "get_delivery_proof", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = PackageId, Path, description = "`pkg_…`")),
    responses((status = 200, description = "The photo or PDF", content((crate::openapi::FileBody = "image/jpeg"), (crate::openapi::FileBody = "image/png"), (crate::openapi::FileBody = "image/webp"), (crate::openapi::FileBody = "application/pdf"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_proof(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<PackageId>,
) -> Result<Response, ApiError> {
    let (kind, bytes) = fulfilment::proof_of(&app, &actor(&me)?, id).await?;
    Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response())
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Comma-separated package ids (at most 600).
    pub packages: String,
    /// SHIPPING_LABEL (default), PACKING_SLIP, PICK_LIST or ALL.
    #[serde(default)]
    pub document_type: Option<String>,
    /// Label size: 4x6 (default) or A6.
    #[serde(default)]
    pub size: Option<String>,
    /// Language of the printed words ("SHIP TO", "Qty", "Page 1 of 2") and of the variants'
    /// attribute names ("Size: XS"): en, zh-CN, ja, ar, fr or es; by default the language of
    /// the shop's country (ja for Japan, zh-CN for China, fr for France, es for Spain and
    /// Mexico, ar for the UAE and Saudi Arabia, else en).
    #[serde(default)]
    #[param(value_type = Option<String>, example = "ja")]
    pub locale: Option<Locale>,
}

#[utoipa::path(get, path = "/shop/documents", operation_id = "get_shipping_documents", tag = "fulfilment", security(("bearer" = [])),
    params(DocumentQuery),
    responses((status = 200, body = crate::openapi::FileBody, content_type = "application/pdf", description = "One PDF with every document"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_documents(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<DocumentQuery>,
) -> Result<Response, ApiError> {
    let kind = match q.document_type.as_deref() {
        None | Some("") => DocumentKind::ShippingLabel,
        Some(k) => DocumentKind::parse(k).ok_or_else(|| {
            ApiError::from(AppError::invalid(
                "document_type",
                "unknown",
                "Use SHIPPING_LABEL, PACKING_SLIP, PICK_LIST or ALL",
            ))
        })?,
    };
    let size = match q.size.as_deref() {
        None | Some("") => shopdeck_files::pdf::LabelSize::FourBySix,
        Some(s) => fulfilment::label_size(s)
            .ok_or_else(|| ApiError::from(AppError::invalid("size", "unknown", "Use 4x6 or A6")))?,
    };
    let mut ids = Vec::new();
    for part in q
        .packages
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        ids.push(part.parse::<PackageId>().map_err(|_| {
            ApiError::from(AppError::invalid(
                "packages",
                "malformed",
                format!("{part} is not a package id"),
            ))
        })?);
    }
    let pdf = fulfilment::documents(&app, &actor(&me)?, &ids, kind, size, q.locale).await?;
    Ok(pdf_response(pdf, "shipping-documents.pdf"))
}

pub fn pdf_response(pdf: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        pdf,
    )
        .into_response()
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PackageList {
    pub data: Vec<PackageView>,
}

#[utoipa::path(get, path = "/buyer/orders/{id}/tracking", operation_id = "track_buyer_order", tag = "buying", security(("bearer" = [])),
    params(("id" = OrderId, Path, description = "`ord_…`")),
    responses((status = 200, body = PackageList, description = "The order's parcels and their tracking events"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn track_buyer_order(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<PackageList>, ApiError> {
    Ok(Json(PackageList {
        data: fulfilment::tracking_for_buyer(&app, &me.buyer, id).await?,
    }))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TrackingAck {
    /// `applied` or `duplicate`.
    pub status: &'static str,
}

#[utoipa::path(post, path = "/logistics/{provider}/callbacks", operation_id = "logistics_callback", tag = "fulfilment",
    params(("provider" = String, Path, description = "The provider, e.g. `sandbox`")),
    request_body = shopdeck_app::fulfilment::TrackingUpdate,
    responses((status = 200, body = TrackingAck),
        (status = 401, body = crate::Problem, content_type = "application/problem+json", description = "Missing, forged or stale signature"),
        (status = 404, body = crate::Problem, content_type = "application/problem+json", description = "Unknown provider or shipment")))]
pub async fn logistics_callback(
    State(app): State<App>,
    ApiPath(provider): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<TrackingAck>, ApiError> {
    let signature = headers
        .get(shopdeck_app::payments::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let done = fulfilment::tracking_callback(&app, &provider, signature, &body).await?;
    Ok(Json(TrackingAck {
        status: match done {
            fulfilment::TrackingResult::Applied => "applied",
            fulfilment::TrackingResult::Duplicate => "duplicate",
        },
    }))
}

// ---- cancellation requests ----

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CancellationList {
    pub data: Vec<shopdeck_app::cancellations::CancellationView>,
}

#[utoipa::path(get, path = "/shop/cancellations", operation_id = "list_pending_cancellations", tag = "fulfilment", security(("bearer" = [])),
    responses((status = 200, body = CancellationList, description = "Buyers' requests waiting for the shop, oldest first, each with its deadline")))]
pub async fn list_cancellations(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<CancellationList>, ApiError> {
    Ok(Json(CancellationList {
        data: shopdeck_app::cancellations::pending_for_seller(&app, &actor(&me)?).await?,
    }))
}

#[utoipa::path(post, path = "/shop/cancellations/{id}/approval", operation_id = "approve_cancellation", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = CancellationId, Path, description = "`cnl_…`")),
    responses((status = 200, body = CancellationView, description = "Approved: stock released, refund started"),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided, or the order shipped")))]
pub async fn approve_cancellation(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<shopdeck_domain::ids::CancellationId>,
) -> Result<Json<shopdeck_app::cancellations::CancellationView>, ApiError> {
    Ok(Json(
        shopdeck_app::cancellations::approve(&app, &actor(&me)?, id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct RejectCancellationBody {
    /// ALREADY_SHIPPED, BUYER_AGREED_TO_KEEP, CUSTOM_ORDER_IN_PRODUCTION or OTHER (with a note).
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/shop/cancellations/{id}/rejection", operation_id = "reject_cancellation", tag = "fulfilment", security(("bearer" = [])),
    params(("id" = CancellationId, Path, description = "`cnl_…`")),
    request_body = RejectCancellationBody,
    responses((status = 200, body = CancellationView),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided"),
        (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn reject_cancellation(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<shopdeck_domain::ids::CancellationId>,
    ApiJson(body): ApiJson<RejectCancellationBody>,
) -> Result<Json<shopdeck_app::cancellations::CancellationView>, ApiError> {
    let reason = shopdeck_domain::cancellations::CancelRejectReason::parse(&body.reason)
        .ok_or_else(|| {
            AppError::invalid(
                "reason",
                "unknown-reason",
                "Choose one of the listed reasons",
            )
        })?;
    Ok(Json(
        shopdeck_app::cancellations::reject(&app, &actor(&me)?, id, reason, body.note.as_deref())
            .await?,
    ))
}

#[utoipa::path(post, path = "/buyer/cancellations/{id}/withdrawal", operation_id = "withdraw_cancellation", tag = "buying", security(("bearer" = [])),
    params(("id" = CancellationId, Path, description = "`cnl_…`")),
    responses((status = 200, body = CancellationView),
        (status = 409, body = crate::Problem, content_type = "application/problem+json", description = "Already decided")))]
pub async fn withdraw_cancellation(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<shopdeck_domain::ids::CancellationId>,
) -> Result<Json<shopdeck_app::cancellations::CancellationView>, ApiError> {
    Ok(Json(
        shopdeck_app::cancellations::withdraw(&app, &me.buyer, id).await?,
    ))
}

// ---- shop health ----

#[utoipa::path(get, path = "/shop/health", operation_id = "get_shop_health", tag = "fulfilment", security(("bearer" = [])),
    responses((status = 200, body = ShopHealth, description = "Late-dispatch and seller-fault cancellation rates over the last 30 days, with their levels (GOOD, AT_RISK, BREACH) and thresholds, and the orders to ship already late")))]
pub async fn get_shop_health(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<shopdeck_app::deadlines::ShopHealth>, ApiError> {
    Ok(Json(
        shopdeck_app::deadlines::health_for_seller(&app, &actor(&me)?).await?,
    ))
}

#[utoipa::path(get, path = "/ops/shops/{id}/health", operation_id = "get_shop_health_for_ops", tag = "ops", security(("bearer" = [])),
    params(("id" = SellerId, Path, description = "`sel_…`")),
    responses((status = 200, body = ShopHealth, description = "The shop's rates over the last 30 days"),
        (status = 403, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop_health_for_ops(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<shopdeck_domain::ids::SellerId>,
) -> Result<Json<shopdeck_app::deadlines::ShopHealth>, ApiError> {
    shopdeck_app::access::Operator::of(&me.user, &me.client)?;
    Ok(Json(shopdeck_app::deadlines::health(&app, id).await?))
}
