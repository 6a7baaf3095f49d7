//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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
        crate::signup::create_signup,
        crate::signup::verify_signup_phone,
        crate::signup::resend_signup_code,
        crate::signup::set_signup_credentials,
        crate::signup::verify_signup_email,
        crate::signup::create_password_reset,
        crate::signup::confirm_password_reset,
        crate::shop::get_shop,
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
    ),
    components(schemas(crate::Problem, crate::problem::ProblemField)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sessions and the current user"),
        (name = "catalog", description = "Categories and products"),
        (name = "signup", description = "Becoming a seller"),
        (name = "shop", description = "The caller's shop: profile, checklist, review"),
        (name = "products", description = "The shop's products, SKUs, stock and warehouses"),
        (name = "storefront", description = "What buyers see"),
        (name = "ops", description = "Platform operators"),
        (name = "staff", description = "The shop's team, roles, API tokens and audit log"),
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

/// The OpenAPI document of this API.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    Json(doc)
}
