//! The shop's catalogue: images, products, SKU prices and stock, warehouses, batch actions;
//! the operators' product review; and the storefront's read-only view.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use shopdeck_app::access::{Operator, SellerActor};
use shopdeck_app::inventory;
use shopdeck_app::products::{
    self, EditionInput, ListQuery, OperatorAction, PriceInput, ProductInput, ProductView,
    SellerAction, ShopCard, ShopProduct, SkuInput, StockInput,
};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::Money;
use shopdeck_domain::products::{AuditStatus, Finding};

use crate::auth::ApiUser;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

// ---- shapes ----

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MoneyDto {
    /// Minor units (cents; yen for JPY).
    pub amount: i64,
    /// ISO 4217; must be the shop's currency.
    pub currency: String,
}

impl From<Money> for MoneyDto {
    fn from(m: Money) -> Self {
        MoneyDto {
            amount: m.amount_minor(),
            currency: m.currency().code().to_owned(),
        }
    }
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct EditionBody {
    /// en, zh-CN, ja, ar, fr or es.
    pub locale: String,
    pub title: String,
    /// HTML subset: p, br, ul, ol, li, strong, b, i, em, u, img (src under /media/). Anything
    /// else is removed.
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StockBody {
    /// `whs_…` or the warehouse's name; the default warehouse when absent.
    pub warehouse_id: Option<String>,
    pub quantity: i64,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SkuBody {
    /// `sku_…` of an existing SKU when editing.
    pub id: Option<String>,
    /// 1–50 letters, digits, `-`, `_`, `.`; unique in the shop.
    pub seller_sku: String,
    /// GTIN-14, EAN-13/8 or UPC-A with a valid check digit.
    pub gtin: Option<String>,
    pub price: MoneyDto,
    /// Sales attribute → value, one per entry of `sales_attributes`.
    #[serde(default)]
    pub variant: BTreeMap<String, String>,
    /// Sets on-hand stock per warehouse when given.
    pub stock: Option<Vec<StockBody>>,
    pub low_stock_threshold: Option<i64>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct ProductBody {
    /// A leaf category (`cat_…` or its slug).
    pub category_id: String,
    pub source_locale: String,
    pub editions: Vec<EditionBody>,
    pub brand: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Up to 3 attribute keys the SKUs vary by.
    #[serde(default)]
    pub sales_attributes: Vec<String>,
    pub skus: Vec<SkuBody>,
    /// `img_…` ids from POST /shop/images, in display order (1–9 to go on sale).
    #[serde(default)]
    pub image_ids: Vec<String>,
    pub video_url: Option<String>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    /// Days to hand the parcel to the carrier, 1–30 (default 3).
    pub handling_days: Option<i64>,
    /// `DRAFT` (default) saves; `LISTING` also submits for review.
    pub save_mode: Option<String>,
    /// When editing: the `version` you loaded; a newer save makes this a 409.
    pub version: Option<i64>,
}

impl ProductBody {
    fn into_input(self) -> (ProductInput, bool, Option<i64>) {
        let submit = self.save_mode.as_deref() == Some("LISTING");
        let input = ProductInput {
            category_id: self.category_id,
            source_locale: self.source_locale,
            editions: self
                .editions
                .into_iter()
                .map(|e| EditionInput {
                    locale: e.locale,
                    title: e.title,
                    description: e.description,
                })
                .collect(),
            brand: self.brand,
            attributes: self.attributes,
            sales_attributes: self.sales_attributes,
            skus: self
                .skus
                .into_iter()
                .map(|s| SkuInput {
                    id: s.id,
                    seller_sku: s.seller_sku,
                    gtin: s.gtin,
                    price: PriceInput::Minor {
                        amount: s.price.amount,
                        currency: s.price.currency,
                    },
                    variant: s.variant,
                    stock: s.stock.map(|l| {
                        l.into_iter()
                            .map(|x| StockInput {
                                warehouse_id: x.warehouse_id,
                                quantity: x.quantity,
                            })
                            .collect()
                    }),
                    low_stock_threshold: s.low_stock_threshold,
                })
                .collect(),
            image_ids: self.image_ids,
            video_url: self.video_url,
            weight_grams: self.weight_grams,
            length_mm: self.length_mm,
            width_mm: self.width_mm,
            height_mm: self.height_mm,
            handling_days: self.handling_days,
        };
        (input, submit, self.version)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FindingDto {
    /// The field concerned: `title`, `editions.fr.title`, `images`, `skus[1].price`…
    pub field: String,
    pub code: String,
    pub suggestion: String,
}

impl From<Finding> for FindingDto {
    fn from(f: Finding) -> Self {
        FindingDto {
            field: f.field,
            code: f.code,
            suggestion: f.suggestion,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImageDto {
    pub id: String,
    pub width: i64,
    pub height: i64,
    pub display_url: String,
    pub thumb_url: String,
}

impl From<products::ImageView> for ImageDto {
    fn from(i: products::ImageView) -> Self {
        ImageDto {
            id: i.id.to_string(),
            width: i.width,
            height: i.height,
            display_url: i.display_url,
            thumb_url: i.thumb_url,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StockDto {
    pub warehouse_id: String,
    pub warehouse_name: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SkuDto {
    pub id: String,
    pub seller_sku: String,
    pub gtin: Option<String>,
    pub price: MoneyDto,
    pub variant: BTreeMap<String, String>,
    pub low_stock_threshold: Option<i64>,
    /// False while a SKU added to a live product waits for review.
    pub on_sale: bool,
    pub available: i64,
    pub stock: Vec<StockDto>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct EditionDto {
    pub locale: String,
    pub title: String,
    pub description: String,
    pub is_source: bool,
    pub generated: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProductReviewDto)]
pub struct ReviewDto {
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reasons: Vec<FindingDto>,
    pub actor_type: String,
    pub created_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProductDto {
    pub id: String,
    pub seller_id: String,
    /// DRAFT, PENDING, LIVE, FAILED, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, DELETED.
    pub status: String,
    /// NONE, AUDITING, REJECTED, PASSED: the review of the latest content.
    pub audit_status: AuditStatus,
    pub category_id: String,
    pub category_path: Vec<String>,
    pub source_locale: String,
    pub title: String,
    pub editions: Vec<EditionDto>,
    pub brand: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sales_attributes: Vec<String>,
    pub images: Vec<ImageDto>,
    pub video_url: Option<String>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    pub handling_days: i64,
    pub skus: Vec<SkuDto>,
    /// POOR, FAIR or GOOD once checked.
    pub quality_grade: Option<String>,
    pub suggestions: Vec<FindingDto>,
    pub failed_reasons: Vec<FindingDto>,
    pub has_published_version: bool,
    pub recoverable_until: Option<String>,
    pub available: i64,
    /// Send back as `version` when saving.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub reviews: Vec<ReviewDto>,
}

impl From<ProductView> for ProductDto {
    fn from(p: ProductView) -> Self {
        ProductDto {
            id: p.id.to_string(),
            seller_id: p.seller_id.to_string(),
            status: p.status.as_str().into(),
            audit_status: p.audit_status,
            category_id: p.category_id.to_string(),
            category_path: p.category_path,
            source_locale: p.source_locale,
            title: p.title,
            editions: p
                .editions
                .into_iter()
                .map(|e| EditionDto {
                    locale: e.locale,
                    title: e.title,
                    description: e.description,
                    is_source: e.is_source,
                    generated: e.generated,
                })
                .collect(),
            brand: p.brand,
            attributes: p.attributes,
            sales_attributes: p.sales_attributes,
            images: p.images.into_iter().map(Into::into).collect(),
            video_url: p.video_url,
            weight_grams: p.weight_grams,
            length_mm: p.length_mm,
            width_mm: p.width_mm,
            height_mm: p.height_mm,
            handling_days: p.handling_days,
            skus: p
                .skus
                .into_iter()
                .map(|s| SkuDto {
                    id: s.id.to_string(),
                    seller_sku: s.seller_sku,
                    gtin: s.gtin,
                    price: s.price.into(),
                    variant: s.variant,
                    low_stock_threshold: s.low_stock_threshold,
                    on_sale: s.on_sale,
                    available: s.available,
                    stock: s
                        .stock
                        .into_iter()
                        .map(|x| StockDto {
                            warehouse_id: x.warehouse_id,
                            warehouse_name: x.warehouse_name,
                            on_hand: x.on_hand,
                            reserved: x.reserved,
                            available: x.available,
                        })
                        .collect(),
                })
                .collect(),
            quality_grade: p.quality_grade.map(|g| g.as_str().into()),
            suggestions: p.suggestions.into_iter().map(Into::into).collect(),
            failed_reasons: p.failed_reasons.into_iter().map(Into::into).collect(),
            has_published_version: p.has_published_version,
            recoverable_until: p.recoverable_until.map(|t| t.to_string()),
            available: p.available,
            version: p.version,
            created_at: p.created_at.to_string(),
            updated_at: p.updated_at.to_string(),
            reviews: p
                .reviews
                .into_iter()
                .map(|r| ReviewDto {
                    action: r.action,
                    from_status: r.from_status.as_str().to_owned(),
                    to_status: r.to_status.as_str().to_owned(),
                    reasons: r.reasons.into_iter().map(Into::into).collect(),
                    actor_type: r.actor_type,
                    created_at: r.created_at.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ListItemDto {
    pub id: String,
    pub title: String,
    pub status: String,
    pub audit_status: AuditStatus,
    pub category_id: String,
    pub thumb_url: Option<String>,
    pub min_price: MoneyDto,
    pub max_price: MoneyDto,
    pub available: i64,
    pub sku_count: i64,
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    pub seller_skus: Vec<String>,
    pub quality_grade: Option<String>,
    pub updated_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProductPage {
    pub data: Vec<ListItemDto>,
    pub next_cursor: Option<String>,
    /// Products per status (all of the shop's, not just this page); on the first page only.
    pub counts: BTreeMap<String, i64>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListQuery {
    /// Words in the title (any edition), brand or seller SKU.
    pub q: Option<String>,
    /// A status, or ALL (default: everything but DELETED).
    pub status: Option<String>,
    /// AUDITING, REJECTED, PASSED or NONE.
    pub audit_status: Option<String>,
    /// A category; its subcategories are included.
    pub category_id: Option<String>,
    /// in_stock, low or out.
    pub stock: Option<String>,
    /// updated (default), created, title, price_asc, price_desc, stock.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 50; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SavedDto {
    pub product: ProductDto,
    /// The automatic check's findings when it ran (save_mode LISTING, or an edit of a product
    /// on sale).
    pub failures: Vec<FindingDto>,
}

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

async fn saved_dto(
    app: &App,
    actor: &SellerActor,
    saved: products::Saved,
) -> Result<SavedDto, ApiError> {
    let product = products::get(app, actor, saved.id).await?;
    Ok(SavedDto {
        product: product.into(),
        failures: saved
            .report
            .map(|r| r.failures.into_iter().map(Into::into).collect())
            .unwrap_or_default(),
    })
}

// ---- images ----

/// Upload a product image as `multipart/form-data` field `file`: JPEG, PNG or WebP, at most
/// 5 MB, 300–4000 px a side (checked by decoding). Returns its id for `image_ids`.
#[utoipa::path(post, path = "/shop/images", operation_id = "upload_image", tag = "products", security(("bearer" = [])),
    request_body(content = crate::openapi::ImageForm, content_type = "multipart/form-data"),
    responses((status = 201, body = ImageDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn upload_image(
    State(app): State<App>,
    me: ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<ImageDto>), ApiError> {
    let actor = actor(&me)?;
    let up = crate::extract::read_upload(multipart).await?;
    let Some((_, bytes)) = up.file else {
        return Err(
            AppError::invalid("file", "required", "Send the image as the `file` field").into(),
        );
    };
    let img = products::upload_image(&app, &actor, bytes).await?;
    Ok((StatusCode::CREATED, Json(img.into())))
}

// ---- products ----

/// Create a product: a draft (`save_mode` DRAFT) or submitted for review at once (LISTING),
/// in which case the automatic check may fail it with `failures`.
#[utoipa::path(post, path = "/shop/products", operation_id = "create_product", tag = "products", security(("bearer" = [])),
    request_body = ProductBody,
    responses((status = 201, body = SavedDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_product(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<ProductBody>,
) -> Result<(StatusCode, Json<SavedDto>), ApiError> {
    let actor = actor(&me)?;
    let (input, submit, _) = body.into_input();
    let saved = products::create(&app, &actor, &input, submit).await?;
    Ok((
        StatusCode::CREATED,
        Json(saved_dto(&app, &actor, saved).await?),
    ))
}

/// Replace a product's content. Editing a product on sale sends the edit to review while the
/// approved version stays on sale; prices and stock apply at once.
#[utoipa::path(put, path = "/shop/products/{id}", operation_id = "update_product", tag = "products", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    request_body = ProductBody,
    responses((status = 200, body = SavedDto), (status = 409, body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn update_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
    ApiJson(body): ApiJson<ProductBody>,
) -> Result<Json<SavedDto>, ApiError> {
    let actor = actor(&me)?;
    let (input, submit, version) = body.into_input();
    let saved = products::update(&app, &actor, id, &input, version, submit).await?;
    Ok(Json(saved_dto(&app, &actor, saved).await?))
}

#[utoipa::path(get, path = "/shop/products/{id}", operation_id = "get_product", tag = "products", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    responses((status = 200, body = ProductDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<Json<ProductDto>, ApiError> {
    let actor = actor(&me)?;
    Ok(Json(products::get(&app, &actor, id).await?.into()))
}

/// The shop's products: search, filter, sort, cursor pagination.
#[utoipa::path(get, path = "/shop/products", operation_id = "list_products", tag = "products", security(("bearer" = [])),
    params(ProductListQuery),
    responses((status = 200, body = ProductPage), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_products(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<ProductListQuery>,
) -> Result<Json<ProductPage>, ApiError> {
    let actor = actor(&me)?;
    let page = products::list(
        &app,
        &actor,
        &ListQuery {
            q: q.q,
            status: q.status,
            audit_status: q.audit_status,
            category_id: q.category_id,
            stock: q.stock,
            sort: q.sort,
            cursor: q.cursor,
            limit: Some(q.limit.unwrap_or(50)),
        },
    )
    .await?;
    Ok(Json(ProductPage {
        data: page
            .items
            .into_iter()
            .map(|i| ListItemDto {
                id: i.id.to_string(),
                title: i.title,
                status: i.status.as_str().into(),
                audit_status: i.audit_status,
                category_id: i.category_id.to_string(),
                thumb_url: i.thumb_url,
                min_price: i.min_price.into(),
                max_price: i.max_price.into(),
                available: i.available,
                sku_count: i.sku_count,
                out_of_stock_skus: i.out_of_stock_skus,
                low_stock_skus: i.low_stock_skus,
                seller_skus: i.seller_skus,
                quality_grade: i.quality_grade.map(|g| g.as_str().into()),
                updated_at: i.updated_at.to_string(),
            })
            .collect(),
        next_cursor: page.next_cursor,
        counts: page.counts,
    }))
}

/// Submit a draft, failed or edited product for review.
#[utoipa::path(post, path = "/shop/products/{id}/submission", operation_id = "submit_product", tag = "products", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    responses((status = 200, body = SavedDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn submit_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<Json<SavedDto>, ApiError> {
    let actor = actor(&me)?;
    let saved = products::submit(&app, &actor, id).await?;
    Ok(Json(saved_dto(&app, &actor, saved).await?))
}

/// Delete a product; it can be recovered for 30 days.
#[utoipa::path(delete, path = "/shop/products/{id}", operation_id = "delete_product", tag = "products", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    responses((status = 204), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn delete_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<StatusCode, ApiError> {
    let actor = actor(&me)?;
    products::act(&app, &actor, id, SellerAction::Delete).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BatchBody {
    /// activate, deactivate, delete or recover.
    pub action: String,
    /// 1–100 `prd_…` ids.
    pub product_ids: Vec<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BatchItemDto {
    pub id: String,
    pub ok: bool,
    pub status: Option<String>,
    pub error: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BatchDto {
    pub results: Vec<BatchItemDto>,
}

/// Activate, deactivate, delete or recover several products; each succeeds or fails on its
/// own, so the response is always 200 with per-item results.
#[utoipa::path(post, path = "/shop/products/actions", operation_id = "batch_products", tag = "products", security(("bearer" = [])),
    request_body = BatchBody,
    responses((status = 200, body = BatchDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn batch_products(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<BatchBody>,
) -> Result<Json<BatchDto>, ApiError> {
    let actor = actor(&me)?;
    let action = SellerAction::parse(&body.action).ok_or_else(|| {
        AppError::invalid(
            "action",
            "action-unknown",
            "Use activate, deactivate, delete or recover",
        )
    })?;
    let results = products::batch(&app, &actor, action, &body.product_ids).await?;
    Ok(Json(BatchDto {
        results: results
            .into_iter()
            .map(|r| BatchItemDto {
                id: r.id,
                ok: r.ok,
                status: r.status.map(|s| s.as_str().into()),
                error: r.error,
            })
            .collect(),
    }))
}

// ---- SKUs and stock ----

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SkuPatch {
    pub price: Option<MoneyDto>,
    /// A number sets the SKU's own threshold; null falls back to the shop default.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub low_stock_threshold: Option<Option<i64>>,
}

fn double_option<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    use serde::Deserialize;
    Ok(Some(Option::<i64>::deserialize(d)?))
}

/// Change a SKU's price (applies at once, also on sale) or low-stock threshold.
#[utoipa::path(patch, path = "/shop/skus/{id}", operation_id = "patch_sku", tag = "products", security(("bearer" = [])),
    params(("id" = SkuId, Path, description = "`sku_…`")),
    request_body = SkuPatch,
    responses((status = 204), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn patch_sku(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<SkuId>,
    ApiJson(body): ApiJson<SkuPatch>,
) -> Result<StatusCode, ApiError> {
    let actor = actor(&me)?;
    let update = products::SkuUpdate {
        price: body.price.map(|p| PriceInput::Minor {
            amount: p.amount,
            currency: p.currency,
        }),
        low_stock_threshold: body.low_stock_threshold,
    };
    products::update_sku(&app, &actor, id, &update).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StockChange {
    /// `whs_…` or name; the default warehouse when absent.
    pub warehouse_id: Option<String>,
    /// Sets on-hand to this number…
    pub quantity: Option<i64>,
    /// …or adds this (negative removes).
    pub delta: Option<i64>,
    pub reason: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LevelDto {
    pub sku_id: String,
    pub warehouse_id: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
}

/// Set or adjust a SKU's stock in one warehouse. Never takes available stock below zero:
/// such a change is a 409 and changes nothing.
#[utoipa::path(post, path = "/shop/skus/{id}/stock", operation_id = "change_stock", tag = "products", security(("bearer" = [])),
    params(("id" = SkuId, Path, description = "`sku_…`")),
    request_body = StockChange,
    responses((status = 200, body = LevelDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn change_stock(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<SkuId>,
    ApiJson(body): ApiJson<StockChange>,
) -> Result<Json<LevelDto>, ApiError> {
    let actor = actor(&me)?;
    let level = match (body.quantity, body.delta) {
        (Some(q), None) => {
            inventory::set_stock(
                &app,
                &actor,
                id,
                body.warehouse_id.as_deref(),
                q,
                body.reason.as_deref(),
            )
            .await?
        }
        (None, Some(d)) => {
            inventory::adjust_stock(
                &app,
                &actor,
                id,
                body.warehouse_id.as_deref(),
                d,
                body.reason.as_deref(),
            )
            .await?
        }
        _ => {
            return Err(AppError::invalid(
                "quantity",
                "stock-change",
                "Send either `quantity` or `delta`",
            )
            .into());
        }
    };
    Ok(Json(LevelDto {
        sku_id: level.sku_id.to_string(),
        warehouse_id: level.warehouse_id.to_string(),
        on_hand: level.on_hand,
        reserved: level.reserved,
        available: level.available(),
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MovementDto {
    pub id: String,
    pub warehouse_id: String,
    /// SET, ADJUST, IMPORT, RESERVE, RELEASE, SHIP, RETURN.
    pub kind: String,
    pub on_hand_delta: i64,
    pub reserved_delta: i64,
    pub on_hand_after: i64,
    pub reserved_after: i64,
    pub reason: String,
    pub reference: Option<String>,
    /// user, token or system.
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub created_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MovementList {
    pub data: Vec<MovementDto>,
}

/// A SKU's stock movements, newest first.
#[utoipa::path(get, path = "/shop/skus/{id}/movements", operation_id = "list_movements", tag = "products", security(("bearer" = [])),
    params(("id" = SkuId, Path, description = "`sku_…`")),
    responses((status = 200, body = MovementList)))]
pub async fn list_movements(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<SkuId>,
) -> Result<Json<MovementList>, ApiError> {
    let actor = actor(&me)?;
    let rows = inventory::movements(&app, &actor, id, 200).await?;
    Ok(Json(MovementList {
        data: rows
            .into_iter()
            .map(|m| MovementDto {
                id: m.id.to_string(),
                warehouse_id: m.warehouse_id.to_string(),
                kind: m.kind,
                on_hand_delta: m.on_hand_delta,
                reserved_delta: m.reserved_delta,
                on_hand_after: m.on_hand_after,
                reserved_after: m.reserved_after,
                reason: m.reason,
                reference: m.reference,
                actor_type: m.actor_type,
                actor_id: m.actor_id,
                created_at: m.created_at.to_string(),
            })
            .collect(),
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct WarehouseDto {
    pub id: String,
    pub name: String,
    pub address: String,
    pub is_default: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct WarehouseList {
    pub data: Vec<WarehouseDto>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct WarehouseBody {
    pub name: String,
    #[serde(default)]
    pub address: String,
}

#[utoipa::path(get, path = "/shop/warehouses", operation_id = "list_warehouses", tag = "products", security(("bearer" = [])),
    responses((status = 200, body = WarehouseList)))]
pub async fn list_warehouses(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<WarehouseList>, ApiError> {
    let actor = actor(&me)?;
    let list = inventory::list_warehouses(&app, &actor).await?;
    Ok(Json(WarehouseList {
        data: list
            .into_iter()
            .map(|w| WarehouseDto {
                id: w.id.to_string(),
                name: w.name,
                address: w.address,
                is_default: w.is_default,
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/shop/warehouses", operation_id = "create_warehouse", tag = "products", security(("bearer" = [])),
    request_body = WarehouseBody,
    responses((status = 201, body = WarehouseList), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_warehouse(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<WarehouseBody>,
) -> Result<(StatusCode, Json<WarehouseList>), ApiError> {
    let actor = actor(&me)?;
    inventory::create_warehouse(&app, &actor, &body.name, &body.address).await?;
    let Json(list) = list_warehouses(State(app), me).await?;
    Ok((StatusCode::CREATED, Json(list)))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StockSummaryDto {
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    pub low_stock_default: i64,
}

/// Out-of-stock and low-stock SKU counts of products on sale.
#[utoipa::path(get, path = "/shop/inventory/summary", operation_id = "stock_summary", tag = "products", security(("bearer" = [])),
    responses((status = 200, body = StockSummaryDto)))]
pub async fn stock_summary(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<StockSummaryDto>, ApiError> {
    let actor = actor(&me)?;
    let s = inventory::summary(&app, &actor).await?;
    Ok(Json(StockSummaryDto {
        out_of_stock_skus: s.out_of_stock_skus,
        low_stock_skus: s.low_stock_skus,
        low_stock_default: s.low_stock_default,
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct InventorySettings {
    pub low_stock_default: i64,
}

/// Set the shop's default low-stock threshold.
#[utoipa::path(put, path = "/shop/inventory/settings", operation_id = "put_inventory_settings", tag = "products", security(("bearer" = [])),
    request_body = InventorySettings,
    responses((status = 200, body = StockSummaryDto)))]
pub async fn put_inventory_settings(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<InventorySettings>,
) -> Result<Json<StockSummaryDto>, ApiError> {
    let actor = actor(&me)?;
    inventory::set_low_stock_default(&app, &actor, body.low_stock_default).await?;
    stock_summary(State(app), me).await
}

// ---- operators ----

fn operator(me: &ApiUser) -> Result<Operator, ApiError> {
    Ok(Operator::of(&me.user, &me.client)?)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReviewQueue {
    pub data: Vec<ProductDto>,
}

/// Products waiting for review, oldest submission first (operators).
#[utoipa::path(get, path = "/ops/products", operation_id = "product_review_queue", tag = "ops", security(("bearer" = [])),
    responses((status = 200, body = ReviewQueue)))]
pub async fn review_queue(
    State(app): State<App>,
    me: ApiUser,
) -> Result<Json<ReviewQueue>, ApiError> {
    let op = operator(&me)?;
    let list = products::review_queue(&app, &op, 100).await?;
    Ok(Json(ReviewQueue {
        data: list.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(get, path = "/ops/products/{id}", operation_id = "get_product_for_review", tag = "ops", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    responses((status = 200, body = ProductDto)))]
pub async fn get_for_review(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<Json<ProductDto>, ApiError> {
    let op = operator(&me)?;
    Ok(Json(products::get_for_review(&app, &op, id).await?.into()))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = ProductDecisionBody)]
pub struct DecisionBody {
    /// approve, reject, deactivate or reactivate.
    pub action: String,
    /// Required for reject and deactivate: what is wrong and how to fix it.
    #[serde(default)]
    pub reasons: Vec<FindingDto>,
}

/// Approve or reject a product under review; deactivate or reactivate one (operators).
#[utoipa::path(post, path = "/ops/products/{id}/decisions", operation_id = "decide_product", tag = "ops", security(("bearer" = [])),
    params(("id" = ProductId, Path, description = "`prd_…`")),
    request_body = DecisionBody,
    responses((status = 200, body = ProductDto), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn decide_product(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<ProductId>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<ProductDto>, ApiError> {
    let op = operator(&me)?;
    let action = OperatorAction::parse(&body.action).ok_or_else(|| {
        AppError::invalid(
            "action",
            "action-unknown",
            "Use approve, reject, deactivate or reactivate",
        )
    })?;
    let reasons: Vec<Finding> = body
        .reasons
        .into_iter()
        .map(|r| Finding {
            field: r.field,
            code: r.code,
            suggestion: r.suggestion,
        })
        .collect();
    products::decide(&app, &op, id, action, &reasons).await?;
    Ok(Json(products::get_for_review(&app, &op, id).await?.into()))
}

// ---- storefront ----

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopSkuDto {
    pub id: String,
    pub variant: BTreeMap<String, String>,
    pub price: MoneyDto,
    pub available: i64,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopProductDto {
    pub id: String,
    pub seller_id: String,
    pub store_name: String,
    /// The language of title and description: the buyer's where the seller wrote that
    /// edition, else the seller's source language.
    pub locale: String,
    pub title: String,
    pub description: String,
    pub brand: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sales_attributes: Vec<String>,
    pub images: Vec<ImageDto>,
    pub video_url: Option<String>,
    pub handling_days: i64,
    pub skus: Vec<ShopSkuDto>,
    pub min_price: MoneyDto,
    pub max_price: MoneyDto,
    pub in_stock: bool,
    pub category_id: String,
}

impl From<ShopProduct> for ShopProductDto {
    fn from(p: ShopProduct) -> Self {
        ShopProductDto {
            id: p.id.to_string(),
            seller_id: p.seller_id.to_string(),
            store_name: p.store_name,
            locale: p.locale,
            title: p.title,
            description: p.description,
            brand: p.brand,
            attributes: p.attributes,
            sales_attributes: p.sales_attributes,
            images: p.images.into_iter().map(Into::into).collect(),
            video_url: p.video_url,
            handling_days: p.handling_days,
            skus: p
                .skus
                .into_iter()
                .map(|s| ShopSkuDto {
                    id: s.id.to_string(),
                    variant: s.variant,
                    price: s.price.into(),
                    available: s.available,
                })
                .collect(),
            min_price: p.min_price.into(),
            max_price: p.max_price.into(),
            in_stock: p.in_stock,
            category_id: p.category_id.to_string(),
        }
    }
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BrowseQuery {
    #[param(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
    pub category_id: Option<String>,
    pub seller_id: Option<String>,
    pub q: Option<String>,
    /// The `next_cursor` of the previous page; reads on from there at any depth.
    pub cursor: Option<String>,
    /// 0-based page number, for the first 1,000 products only (deeper is a 422,
    /// `page-too-deep`: follow `next_cursor`). Ignored with `cursor`.
    #[param(minimum = 0)]
    pub page: Option<i64>,
    /// 1–100, default 24; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

/// A product in a storefront list: what its card shows. The whole product (description,
/// attributes, every picture, SKUs) is `GET /storefront/products/{id}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopCardDto {
    pub id: String,
    pub seller_id: String,
    pub store_name: String,
    /// The language of the title: the buyer's where the seller wrote that edition, else the
    /// seller's source language.
    pub locale: String,
    pub title: String,
    /// The first picture.
    pub image: Option<ImageDto>,
    pub min_price: MoneyDto,
    pub max_price: MoneyDto,
    pub in_stock: bool,
    pub category_id: String,
}

impl From<ShopCard> for ShopCardDto {
    fn from(p: ShopCard) -> Self {
        ShopCardDto {
            id: p.id.to_string(),
            seller_id: p.seller_id.to_string(),
            store_name: p.store_name,
            locale: p.locale,
            title: p.title,
            image: p.image.map(Into::into),
            min_price: p.min_price.into(),
            max_price: p.max_price.into(),
            in_stock: p.in_stock,
            category_id: p.category_id.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShopProductList {
    pub data: Vec<ShopCardDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Products on sale (live products of approved shops), newest first.
#[utoipa::path(get, path = "/storefront/products", operation_id = "browse_products", tag = "storefront",
    params(BrowseQuery), responses((status = 200, body = ShopProductList)))]
pub async fn browse(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<BrowseQuery>,
) -> Result<Json<ShopProductList>, ApiError> {
    let category = match q.category_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(c.parse::<CategoryId>().map_err(|_| {
            AppError::invalid("category_id", "category-unknown", "Unknown category")
        })?),
    };
    let seller = match q.seller_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(
            c.parse::<SellerId>()
                .map_err(|_| AppError::invalid("seller_id", "seller-unknown", "Unknown shop"))?,
        ),
    };
    let list = products::browse(
        &app,
        &products::Browse {
            locale: q.locale.unwrap_or_default(),
            category,
            query: q.q.as_deref(),
            seller,
            cursor: q.cursor.as_deref(),
            page: q.page,
            per_page: q.per_page,
        },
    )
    .await?;
    Ok(Json(ShopProductList {
        data: list.items.into_iter().map(Into::into).collect(),
        next_cursor: list.next_cursor,
    }))
}

/// One product on sale; 404 for anything buyers may not see.
#[utoipa::path(get, path = "/storefront/products/{id}", operation_id = "get_shop_product", tag = "storefront",
    params(("id" = ProductId, Path, description = "`prd_…`"), crate::catalog::LocaleQuery), responses((status = 200, body = ShopProductDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_on_sale(
    State(app): State<App>,
    ApiPath(id): ApiPath<ProductId>,
    ApiQuery(q): ApiQuery<crate::catalog::LocaleQuery>,
) -> Result<Json<ShopProductDto>, ApiError> {
    let p = products::on_sale(&app, id, q.locale.unwrap_or(Locale::En)).await?;
    Ok(Json(p.into()))
}
