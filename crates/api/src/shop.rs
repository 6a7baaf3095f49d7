//! The caller's own shop: profile, onboarding checklist, documents and submission for review;
//! and the operators' review of shops.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};
use shopdeck_app::access::{Operator, SellerActor};
use shopdeck_app::onboarding::{self, AddressInput, BusinessInput, Onboarding};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;
use shopdeck_domain::bank::BankFields;
use shopdeck_domain::ids::{DocumentId, SellerId};
use shopdeck_domain::sellers::{SellerStatus, StatusAction};

use crate::auth::ApiUser;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ChecklistItemDto {
    /// `phone_verified`, `email_verified`, `profile_complete`, `warehouse_address`,
    /// `return_address`, `bank_account`, `documents_submitted`, `platform_approval`.
    pub key: String,
    pub done: bool,
    /// Why it is not done, e.g. `add_bank_account`, `under_review`.
    pub missing_reason: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ShopAddressDto)]
pub struct AddressDto {
    pub contact_name: String,
    /// E.164.
    pub phone: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub country: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DocumentDto {
    /// `doc_…`
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// RFC 3339.
    pub uploaded_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ShopReviewDto)]
pub struct ReviewDto {
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reasons: Vec<String>,
    pub created_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopDto {
    /// `sel_…`
    pub id: String,
    /// `REGISTERED`, `PENDING_REVIEW`, `APPROVED`, `REJECTED` or `SUSPENDED`.
    pub status: String,
    pub store_name: String,
    pub country: String,
    pub currency: String,
    pub time_zone: String,
    pub business_type: Option<String>,
    pub legal_name: Option<String>,
    pub registration_number: Option<String>,
    pub contact_name: Option<String>,
    /// Only ever the masked form.
    pub bank_account: Option<String>,
    pub warehouse_address: Option<AddressDto>,
    pub return_address: Option<AddressDto>,
    pub documents: Vec<DocumentDto>,
    pub checklist: Vec<ChecklistItemDto>,
    pub can_submit: bool,
    /// Newest first.
    pub reviews: Vec<ReviewDto>,
}

fn address(a: &Option<onboarding::Address>) -> Option<AddressDto> {
    a.as_ref().map(|a| AddressDto {
        contact_name: a.contact_name.clone(),
        phone: a.phone.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        postal_code: a.postal_code.clone(),
        country: a.country.clone(),
    })
}

impl From<Onboarding> for ShopDto {
    fn from(o: Onboarding) -> Self {
        ShopDto {
            id: o.seller.id.to_string(),
            status: o.status.as_str().to_owned(),
            store_name: o.details.store_name.clone(),
            country: o.seller.country.clone(),
            currency: o.seller.currency.code().to_owned(),
            time_zone: o.details.time_zone.clone(),
            business_type: o.details.business_type.clone(),
            legal_name: o.details.legal_name.clone(),
            registration_number: o.details.registration_number.clone(),
            contact_name: o.details.contact_name.clone(),
            bank_account: o.details.bank_account_masked.clone(),
            warehouse_address: address(&o.warehouse),
            return_address: address(&o.return_address),
            documents: o
                .documents
                .iter()
                .map(|d| DocumentDto {
                    id: d.id.to_string(),
                    kind: d.kind.clone(),
                    file_name: d.file_name.clone(),
                    content_type: d.content_type.clone(),
                    size_bytes: d.size_bytes,
                    uploaded_at: d.uploaded_at.to_string(),
                })
                .collect(),
            checklist: o
                .checklist
                .iter()
                .map(|i| ChecklistItemDto {
                    key: i.key.to_owned(),
                    done: i.done,
                    missing_reason: i.missing_reason.map(str::to_owned),
                })
                .collect(),
            can_submit: o.can_submit,
            reviews: o
                .reviews
                .iter()
                .map(|r| ReviewDto {
                    action: r.action.clone(),
                    from_status: r.from_status.as_str().to_owned(),
                    to_status: r.to_status.as_str().to_owned(),
                    reasons: r.reasons.clone(),
                    created_at: r.created_at.to_string(),
                })
                .collect(),
        }
    }
}

async fn shop_of(app: &App, actor: &SellerActor) -> Result<Json<ShopDto>, ApiError> {
    Ok(Json(
        onboarding::overview(app, actor.seller_id).await?.into(),
    ))
}

/// The caller's shop: profile, checklist and review history (owner only).
#[utoipa::path(get, path = "/shop", operation_id = "get_shop", tag = "shop", security(("bearer" = [])),
    responses((status = 200, body = ShopDto), (status = 401, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop(State(app): State<App>, me: ApiUser) -> Result<Json<ShopDto>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    actor.require_owner()?;
    shop_of(&app, &actor).await
}

/// Set the business details (owner only; not while under review or after approval).
#[utoipa::path(put, path = "/shop/business-details", operation_id = "update_business_details", tag = "shop", security(("bearer" = [])),
    request_body = inline(BusinessDetailsRequest),
    responses((status = 200, body = ShopDto), (status = 403, body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The profile cannot change under review or after approval (`conflict`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn update_business_details(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<BusinessInput>,
) -> Result<Json<ShopDto>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    onboarding::save_business(&app, &actor, &req).await?;
    shop_of(&app, &actor).await
}

/// For the OpenAPI document: the business-details body.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents the request body of update_business_details"
)]
pub struct BusinessDetailsRequest {
    store_name: String,
    /// `INDIVIDUAL`, `SOLE_PROPRIETOR` or `COMPANY`.
    business_type: String,
    legal_name: String,
    /// Required unless `INDIVIDUAL`.
    registration_number: Option<String>,
    contact_name: String,
    /// IANA name, e.g. `Europe/London`.
    time_zone: String,
}

/// For the OpenAPI document: an address body.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body of put_address")]
#[schema(as = ShopAddressRequest)]
pub struct AddressRequest {
    contact_name: String,
    phone: String,
    line1: String,
    line2: Option<String>,
    city: String,
    region: Option<String>,
    postal_code: String,
}

/// Set the warehouse (pickup) or return address (`kind` is `warehouse` or `return`).
#[utoipa::path(put, path = "/shop/addresses/{kind}", operation_id = "put_address", tag = "shop", security(("bearer" = [])),
    params(("kind" = String, Path, description = "warehouse or return")),
    request_body = inline(AddressRequest),
    responses((status = 200, body = ShopDto), (status = 422, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The profile cannot change under review or after approval (`conflict`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn put_address(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(kind): ApiPath<String>,
    ApiJson(req): ApiJson<AddressInput>,
) -> Result<Json<ShopDto>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    let kind = match kind.as_str() {
        "warehouse" => onboarding::WAREHOUSE,
        "return" => onboarding::RETURN,
        _ => return Err(AppError::NotFound("address kind").into()),
    };
    onboarding::save_address(&app, &actor, kind, &req).await?;
    shop_of(&app, &actor).await
}

/// For the OpenAPI document: the bank-account body. Which fields apply depends on the
/// shop's country: IBAN (+ optional SWIFT/BIC) in the EU, GB (or sort code + account number),
/// AE, SA; routing + account number in the US; bank code, branch code, account type and
/// account number in JP; SWIFT/BIC + account number elsewhere.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body of put_bank_account")]
pub struct BankAccountRequest {
    account_holder: String,
    iban: Option<String>,
    swift_bic: Option<String>,
    routing_number: Option<String>,
    account_number: Option<String>,
    sort_code: Option<String>,
    bank_code: Option<String>,
    branch_code: Option<String>,
    /// `ordinary` or `current` (JP).
    account_type: Option<String>,
}

/// Set the payout bank account (owner only). Only its masked form is ever returned.
#[utoipa::path(put, path = "/shop/bank-account", operation_id = "put_bank_account", tag = "shop", security(("bearer" = [])),
    request_body = inline(BankAccountRequest),
    responses((status = 200, body = ShopDto), (status = 422, body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The profile cannot change under review or after approval (`conflict`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn put_bank_account(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<BankFields>,
) -> Result<Json<ShopDto>, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    onboarding::save_bank_account(&app, &actor, &req).await?;
    shop_of(&app, &actor).await
}

pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(11 * 1024 * 1024)
}

/// Upload a business document as `multipart/form-data` with fields `kind`
/// (`BUSINESS_LICENSE`, `IDENTITY`, `OTHER`) and `file` (PDF, JPEG or PNG, at most 10 MB;
/// the type is read from the content).
#[utoipa::path(post, path = "/shop/documents", operation_id = "upload_document", tag = "shop", security(("bearer" = [])),
    request_body(content = crate::openapi::DocumentForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn upload_document(
    State(app): State<App>,
    me: ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<DocumentDto>), ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    let up = crate::extract::read_upload(multipart).await?;
    let kind = up.field("kind").to_owned();
    let Some((name, bytes)) = up.file else {
        return Err(
            AppError::invalid("file", "required", "Send the document as the `file` field").into(),
        );
    };
    let id = onboarding::upload_document(&app, &actor, &kind, &name, bytes).await?;
    let shop = onboarding::overview(&app, actor.seller_id).await?;
    let doc = shop
        .documents
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(AppError::NotFound("document"))?;
    Ok((
        StatusCode::CREATED,
        Json(DocumentDto {
            id: doc.id.to_string(),
            kind: doc.kind,
            file_name: doc.file_name,
            content_type: doc.content_type,
            size_bytes: doc.size_bytes,
            uploaded_at: doc.uploaded_at.to_string(),
        }),
    ))
}

fn file(row: &onboarding::Document, bytes: bytes::Bytes) -> Response {
    (
        [
            (CONTENT_TYPE, row.content_type.clone()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}.{}\"",
                    row.id,
                    row.content_type.rsplit('/').next().unwrap_or("bin")
                ),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// Download one of the shop's documents.
#[utoipa::path(get, path = "/shop/documents/{id}", operation_id = "get_document", tag = "shop", security(("bearer" = [])),
    params(("id" = String, Path, description = "doc_…")),
    responses((status = 200, description = "The file", content((crate::openapi::FileBody = "application/pdf"), (crate::openapi::FileBody = "image/jpeg"), (crate::openapi::FileBody = "image/png"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_document(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<DocumentId>,
) -> Result<Response, ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    actor.require_owner()?;
    let (row, bytes) = onboarding::document_file(&app, actor.seller_id, id).await?;
    Ok(file(&row, bytes))
}

/// Submit the shop for review once the checklist is complete.
#[utoipa::path(post, path = "/shop/submission", operation_id = "submit_shop", tag = "shop", security(("bearer" = [])),
    responses((status = 202, body = ShopDto), (status = 409, body = crate::Problem, content_type = "application/problem+json"), (status = 422, description = "Checklist items missing, named in `errors`", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn submit_shop(
    State(app): State<App>,
    me: ApiUser,
) -> Result<(StatusCode, Json<ShopDto>), ApiError> {
    let actor = SellerActor::of(&me.user, &me.client)?;
    onboarding::submit(&app, &actor).await?;
    Ok((StatusCode::ACCEPTED, shop_of(&app, &actor).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Default `PENDING_REVIEW`.
    pub status: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopSummaryDto {
    pub id: String,
    pub store_name: String,
    pub status: String,
    pub country: String,
    pub currency: String,
    pub created_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopList {
    pub data: Vec<ShopSummaryDto>,
}

/// Operators: shops by status, oldest first (the review queue).
#[utoipa::path(get, path = "/ops/shops", operation_id = "list_shops_for_review", tag = "ops", security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = ShopList), (status = 403, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_shops_for_review(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<ShopList>, ApiError> {
    let op = Operator::of(&me.user, &me.client)?;
    let status = match q.status.as_deref() {
        None => SellerStatus::PendingReview,
        Some(s) => SellerStatus::parse(s)
            .ok_or_else(|| AppError::invalid("status", "status-invalid", "Unknown status"))?,
    };
    let shops = onboarding::review_queue(&app, &op, status).await?;
    Ok(Json(ShopList {
        data: shops
            .into_iter()
            .map(|s| ShopSummaryDto {
                id: s.id.to_string(),
                store_name: s.store_name,
                status: s.status.as_str().to_owned(),
                country: s.country,
                currency: s.currency.code().to_owned(),
                created_at: s.created_at.to_string(),
            })
            .collect(),
    }))
}

/// Operators: one shop's profile, documents and history.
#[utoipa::path(get, path = "/ops/shops/{id}", operation_id = "get_shop_for_review", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path, description = "sel_…")),
    responses((status = 200, body = ShopDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_shop_for_review(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<SellerId>,
) -> Result<Json<ShopDto>, ApiError> {
    Operator::of(&me.user, &me.client)?;
    Ok(Json(onboarding::overview(&app, id).await?.into()))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct DecisionRequest {
    /// `APPROVE`, `REJECT`, `SUSPEND` or `REINSTATE`.
    pub action: String,
    /// Required to reject or suspend; the seller sees them.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Language of the email to the seller.
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

/// Operators: decide on a shop. The seller is told by email.
#[utoipa::path(post, path = "/ops/shops/{id}/decisions", operation_id = "decide_shop", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path, description = "sel_…")),
    request_body = DecisionRequest,
    responses((status = 200, body = ShopDto), (status = 409, description = "Not allowed from the current status", body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn decide_shop(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<SellerId>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> Result<Json<ShopDto>, ApiError> {
    let op = Operator::of(&me.user, &me.client)?;
    let action = match req.action.as_str() {
        "APPROVE" => StatusAction::Approve,
        "REJECT" => StatusAction::Reject,
        "SUSPEND" => StatusAction::Suspend,
        "REINSTATE" => StatusAction::Reinstate,
        _ => {
            return Err(AppError::invalid(
                "action",
                "action-invalid",
                "Use APPROVE, REJECT, SUSPEND or REINSTATE",
            )
            .into());
        }
    };
    onboarding::decide(
        &app,
        &op,
        id,
        action,
        &req.reasons,
        req.locale.unwrap_or(Locale::En),
    )
    .await?;
    Ok(Json(onboarding::overview(&app, id).await?.into()))
}
