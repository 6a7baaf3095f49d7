//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Shopdeck API",
        description = "The seller center's JSON API. Errors are application/problem+json (RFC 9457); see docs/API.md."
    ),
    servers((url = "/api/v1")),
    paths(
        crate::catalog::list_categories,
        crate::catalog::search_categories,
        crate::catalog::list_category_attributes,
        crate::catalog::create_category,
        crate::catalog::rename_category,
        crate::catalog::set_category_attributes,
        crate::auth::create_session,
        crate::auth::delete_session,
        crate::auth::get_me,
        crate::auth::complete_second_factor,
        crate::buyers::create_buyer_signup,
        crate::buyers::resend_buyer_signup_code,
        crate::buyers::verify_buyer_signup,
        crate::buyers::create_buyer_session,
        crate::buyers::delete_buyer_session,
        crate::buyers::get_buyer_me,
        crate::buyers::list_buyer_addresses,
        crate::buyers::create_buyer_address,
        crate::buyers::update_buyer_address,
        crate::buyers::delete_buyer_address,
        crate::buyers::set_default_buyer_address,
        crate::signup::create_signup,
        crate::signup::verify_signup_phone,
        crate::signup::resend_signup_code,
        crate::signup::set_signup_credentials,
        crate::signup::verify_signup_email,
        crate::signup::create_password_reset,
        crate::signup::confirm_password_reset,
        crate::shop::get_shop,
        crate::notifications::list_shop_notifications,
        crate::notifications::read_shop_notification,
        crate::notifications::list_buyer_notifications,
        crate::notifications::read_buyer_notification,
        crate::notifications::read_all_buyer_notifications,
        crate::notifications::read_all_shop_notifications,
        crate::shop::update_business_details,
        crate::shop::put_address,
        crate::shop::put_bank_account,
        crate::shop::upload_document,
        crate::shop::get_document,
        crate::shop::submit_shop,
        crate::shop::list_shops_for_review,
        crate::shop::get_shop_for_review,
        crate::shop::decide_shop,
        crate::staff::get_permissions,
        crate::staff::list_members,
        crate::staff::create_invitation,
        crate::staff::revoke_invitation,
        crate::staff::update_member,
        crate::staff::remove_member,
        crate::staff::list_roles,
        crate::staff::create_role,
        crate::staff::delete_role,
        crate::staff::list_tokens,
        crate::staff::create_token,
        crate::staff::revoke_token,
        crate::staff::list_audit_log,
        crate::staff::accept_invitation,
        crate::staff::switch_shop,
        crate::products::upload_image,
        crate::products::create_product,
        crate::products::update_product,
        crate::products::get_product,
        crate::products::list_products,
        crate::products::submit_product,
        crate::products::delete_product,
        crate::products::batch_products,
        crate::products::patch_sku,
        crate::products::change_stock,
        crate::products::list_movements,
        crate::products::list_warehouses,
        crate::products::create_warehouse,
        crate::products::stock_summary,
        crate::products::put_inventory_settings,
        crate::bulk::start_import,
        crate::bulk::start_export,
        crate::bulk::list_jobs,
        crate::bulk::get_job,
        crate::bulk::get_report,
        crate::bulk::get_file,
        crate::bulk::get_template,
        crate::products::review_queue,
        crate::products::get_for_review,
        crate::products::decide_product,
        crate::products::browse,
        crate::products::get_on_sale,
        crate::media::list_videos,
        crate::media::publish_video,
        crate::media::get_video,
        crate::media::update_video,
        crate::media::delete_video,
        crate::media::list_live,
        crate::media::schedule_live,
        crate::media::get_live,
        crate::media::start_live,
        crate::media::end_live,
        crate::media::cancel_live,
        crate::media::pin_product,
        crate::media::unpin_product,
        crate::media::list_questions,
        crate::media::answer_question,
        crate::media::browse_videos,
        crate::media::get_store_video,
        crate::media::click_video_tag,
        crate::media::live_lineup,
        crate::media::get_store_live,
        crate::media::list_store_questions,
        crate::media::ask_question,
        crate::fulfilment::list_carriers,
        crate::fulfilment::ship_order,
        crate::fulfilment::ship_bulk,
        crate::fulfilment::get_package,
        crate::fulfilment::report_delivery,
        crate::fulfilment::get_proof,
        crate::fulfilment::get_documents,
        crate::fulfilment::track_buyer_order,
        crate::fulfilment::logistics_callback,
        crate::fulfilment::list_cancellations,
        crate::fulfilment::get_shop_health,
        crate::fulfilment::get_shop_health_for_ops,
        crate::fulfilment::approve_cancellation,
        crate::fulfilment::reject_cancellation,
        crate::fulfilment::withdraw_cancellation,
        crate::returns::get_eligibility,
        crate::returns::request_return,
        crate::returns::list_buyer_returns,
        crate::returns::get_buyer_return,
        crate::returns::withdraw_return,
        crate::returns::ship_return,
        crate::returns::get_return_label,
        crate::returns::escalate_return,
        crate::returns::get_buyer_photo,
        crate::returns::list_shop_returns,
        crate::returns::get_shop_return,
        crate::returns::get_shop_photo,
        crate::returns::approve_return,
        crate::returns::reject_return,
        crate::returns::confirm_receipt,
        crate::returns::reject_receipt,
        crate::returns::list_disputes,
        crate::returns::get_ops_return,
        crate::returns::decide_dispute,
        crate::returns::get_ops_photo,
        crate::orders::get_cart,
        crate::orders::add_to_cart,
        crate::orders::set_cart_quantity,
        crate::orders::remove_from_cart,
        crate::orders::quote_checkout,
        crate::orders::create_checkout,
        crate::orders::get_checkout,
        crate::orders::restart_payment,
        crate::orders::list_buyer_orders,
        crate::orders::get_buyer_order,
        crate::orders::cancel_buyer_order,
        crate::orders::payment_callback,
        crate::orders::sandbox_decide,
        crate::orders::list_shop_orders,
        crate::orders::get_shop_order,
        crate::orders::cancel_shop_order,
        crate::orders::get_shipping_settings,
        crate::orders::create_shipping_template,
        crate::orders::replace_shipping_template,
        crate::orders::delete_shipping_template,
        crate::orders::set_order_settings,
        crate::orders::export_orders,
        crate::orders::list_order_exports,
        crate::orders::get_order_export,
        crate::orders::download_order_export,
    ),
    components(schemas(crate::Problem, crate::problem::ProblemField)),
    modifiers(&BearerAuth, &CommonResponses),
    tags(
        (name = "auth", description = "Sessions and the current user"),
        (name = "catalog", description = "Categories and products"),
        (name = "signup", description = "Becoming a seller"),
        (name = "buyers", description = "Storefront buyers: sign-up, sessions and the address book"),
        (name = "shop", description = "The caller's shop: profile, checklist, review"),
        (name = "products", description = "The shop's products, SKUs, stock and warehouses"),
        (name = "storefront", description = "What buyers see"),
        (name = "ops", description = "Platform operators"),
        (name = "staff", description = "The shop's team, roles, API tokens and audit log"),
        (name = "buying", description = "The buyer's cart, checkout, payments and orders; payment callbacks"),
        (name = "orders", description = "The shop's orders and shipping settings"),
        (name = "fulfilment", description = "Shipping orders: packages, carriers, bulk shipping, tracking, delivery reports, shipping documents, logistics callbacks"),
        (name = "returns", description = "Returns and refunds after delivery: the buyer's requests, shipping back and escalation; the shop's decisions; the operator's arbitration"),
        (name = "media", description = "The shop's shoppable videos and live sessions"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A file answered as it is (CSV, XLSX, PDF, an image): bytes, not JSON.
pub struct FileBody;

impl utoipa::PartialSchema for FileBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .into()
    }
}

impl utoipa::ToSchema for FileBody {}

/// The multipart form of `POST /shop/images`.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents a multipart form; the handler reads it by hand"
)]
pub struct ImageForm {
    /// JPEG, PNG or WebP, at most 5 MB, 300–4000 px a side.
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// The multipart form of `POST /shop/documents`.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents a multipart form; the handler reads it by hand"
)]
pub struct DocumentForm {
    /// `BUSINESS_LICENSE`, `IDENTITY` or `OTHER`.
    kind: String,
    /// PDF, JPEG or PNG, at most 10 MB.
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// The multipart form of `POST /shop/bulk/imports`.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents a multipart form; the handler reads it by hand"
)]
pub struct ImportForm {
    /// CSV (UTF-8, `,` `;` or tab separated) or XLSX, at most 64 MB and 200,000 rows.
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// `products` or `price_stock`.
    kind: String,
    /// `true`: check only.
    dry_run: Option<bool>,
    /// `true`: send created and edited products to review.
    submit: Option<bool>,
}

/// The answers every operation of a kind gives, declared once here rather than on each
/// handler because one piece of code produces them for all: the bearer extractors (401), the
/// permission checks of shop and operator routes (403), `ApiPath` (400 `invalid-path`, and 404
/// for an id that names nothing the caller may see), `ApiQuery` (400 `invalid-query`),
/// `ApiJson` (400, 413, 415, 422) and the `Idempotency-Key` middleware on every POST (400, 409,
/// 422). A handler's own annotation wins where it already names the status.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_path_params = path.contains('{');
            let permissions = path.starts_with("/shop") || path.starts_with("/ops");
            // The storefront's reads carry an `ETag` (server::revalidate).
            if path.starts_with("/storefront/")
                && let Some(op) = item.get.as_mut()
            {
                not_modified(op);
            }
            for (is_post, op) in [
                (false, item.get.as_mut()),
                (false, item.put.as_mut()),
                (true, item.post.as_mut()),
                (false, item.delete.as_mut()),
                (false, item.patch.as_mut()),
            ]
            .into_iter()
            .filter_map(|(p, op)| op.map(|op| (p, op)))
            {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Query));
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                if secured {
                    problem(op, 401, "No valid bearer token (`unauthenticated`)");
                    if permissions {
                        problem(
                            op,
                            403,
                            "The caller's role or token scope does not allow this (`forbidden`)",
                        );
                    }
                }
                if has_path_params {
                    problem(op, 400, "A path parameter is malformed (`invalid-path`)");
                    problem(
                        op,
                        404,
                        "Nothing with this id that the caller may see (`not-found`)",
                    );
                }
                if has_query {
                    problem(op, 400, "A query parameter is malformed (`invalid-query`)");
                    problem(
                        op,
                        422,
                        "A query parameter breaks a rule: an unknown filter value, a cursor from another list, a page size out of range (`validation-failed`)",
                    );
                }
                if json_body {
                    problem(op, 400, "The body is not JSON (`malformed-json`)");
                    problem(
                        op,
                        413,
                        "The body is over the size limit (`payload-too-large`)",
                    );
                    problem(
                        op,
                        415,
                        "The body is not `application/json` (`unsupported-media-type`)",
                    );
                    problem(
                        op,
                        422,
                        "The body has the wrong shape (`invalid-body`) or breaks a rule (`validation-failed`)",
                    );
                }
                let multipart = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("multipart/form-data"));
                if multipart {
                    problem(
                        op,
                        400,
                        "The multipart body could not be read (`invalid-body`)",
                    );
                    problem(
                        op,
                        413,
                        "The upload is over the route's size limit (`payload-too-large`)",
                    );
                    problem(
                        op,
                        422,
                        "The file or a field is refused (`validation-failed`)",
                    );
                }
                if is_post {
                    idempotency_key(op);
                    problem(
                        op,
                        400,
                        "The `Idempotency-Key` header is malformed (`invalid-idempotency-key`)",
                    );
                    problem(
                        op,
                        409,
                        "A request with this `Idempotency-Key` is still running (`idempotency-in-progress`)",
                    );
                    problem(
                        op,
                        422,
                        "This `Idempotency-Key` was used for a different request (`idempotency-key-reused`)",
                    );
                }
            }
        }
    }
}

/// Declares a problem+json answer with this status, unless the operation already does.
fn problem(op: &mut Operation, status: u16, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build()
                .into()
        });
}

/// A storefront read answers `304` without a body when `If-None-Match` names its current
/// `ETag` (docs/API.md, Caching).
fn not_modified(op: &mut Operation) {
    op.responses
        .responses
        .entry("304".to_owned())
        .or_insert_with(|| {
            ResponseBuilder::new()
                .description("Not Modified: the `If-None-Match` tag is still the answer's `ETag`")
                .build()
                .into()
        });
    op.parameters.get_or_insert_with(Vec::new).push(
        ParameterBuilder::new()
            .name("If-None-Match")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some("The `ETag` of an answer kept from before"))
            .schema(Some(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String),
            ))
            .build(),
    );
}

/// Every POST takes an `Idempotency-Key` (docs/API.md, Idempotency).
fn idempotency_key(op: &mut Operation) {
    let params = op.parameters.get_or_insert_with(Vec::new);
    if params
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case("Idempotency-Key"))
    {
        return;
    }
    params.push(
        ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "1–255 visible ASCII characters; a retry with the same key and body replays the first answer",
            ))
            .schema(Some(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .min_length(Some(1))
                    .max_length(Some(255)),
            ))
            .build(),
    );
}

/// The OpenAPI document of this API, as served.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// The OpenAPI document of this API.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
