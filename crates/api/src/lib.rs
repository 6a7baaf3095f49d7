//! The JSON API under `/api/v1`: thin handlers that parse a request into a use-case call,
//! problem+json errors (RFC 9457), and the OpenAPI 3.1 document generated from the code.

mod auth;
mod bulk;
mod catalog;
mod extract;
mod idempotency;
mod openapi;
pub mod problem;
mod products;
mod shop;
mod signup;
mod staff;

use axum::Router;
use axum::routing::{delete, get, patch, post, put};
use shopdeck_app::App;

pub use extract::{ApiJson, ApiPath, ApiQuery};
pub use problem::Problem;

/// The `/api/v1` router, with its own 404 and 405 answers as problems.
pub fn router(app: App) -> Router {
    let v1 = Router::new()
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/categories", get(catalog::list_categories))
        .route("/categories/search", get(catalog::search_categories))
        .route(
            "/categories/{id}/attributes",
            get(catalog::list_category_attributes),
        )
        .route("/ops/categories", post(catalog::create_category))
        .route("/ops/categories/{id}", patch(catalog::rename_category))
        .route(
            "/ops/categories/{id}/attributes",
            put(catalog::set_category_attributes),
        )
        .route("/sessions", post(auth::create_session))
        .route(
            "/sessions/second-factor",
            post(auth::complete_second_factor),
        )
        .route("/sessions/current", delete(auth::delete_session))
        .route("/me", get(auth::get_me))
        .route("/signups", post(signup::create_signup))
        .route("/signups/verify-phone", post(signup::verify_signup_phone))
        .route("/signups/resend-code", post(signup::resend_signup_code))
        .route("/signups/credentials", post(signup::set_signup_credentials))
        .route("/signups/verify-email", post(signup::verify_signup_email))
        .route("/password-resets", post(signup::create_password_reset))
        .route(
            "/password-resets/confirm",
            post(signup::confirm_password_reset),
        )
        .route("/shop", get(shop::get_shop))
        .route("/shop/business-details", put(shop::update_business_details))
        .route("/shop/addresses/{kind}", put(shop::put_address))
        .route("/shop/bank-account", put(shop::put_bank_account))
        .route(
            "/shop/documents",
            post(shop::upload_document).layer(shop::upload_limit()),
        )
        .route("/shop/documents/{id}", get(shop::get_document))
        .route("/shop/submission", post(shop::submit_shop))
        .route("/ops/shops", get(shop::list_shops_for_review))
        .route("/ops/shops/{id}", get(shop::get_shop_for_review))
        .route("/ops/shops/{id}/decisions", post(shop::decide_shop))
        .route("/shop/permissions", get(staff::get_permissions))
        .route("/shop/members", get(staff::list_members))
        .route(
            "/shop/members/{user_id}",
            patch(staff::update_member).delete(staff::remove_member),
        )
        .route("/shop/invitations", post(staff::create_invitation))
        .route("/shop/invitations/{id}", delete(staff::revoke_invitation))
        .route(
            "/shop/roles",
            get(staff::list_roles).post(staff::create_role),
        )
        .route("/shop/roles/{id}", delete(staff::delete_role))
        .route(
            "/shop/tokens",
            get(staff::list_tokens).post(staff::create_token),
        )
        .route("/shop/tokens/{id}", delete(staff::revoke_token))
        .route("/shop/audit-log", get(staff::list_audit_log))
        .route("/invitations/accept", post(staff::accept_invitation))
        .route(
            "/shop/images",
            post(products::upload_image).layer(shop::upload_limit()),
        )
        .route(
            "/shop/products",
            get(products::list_products).post(products::create_product),
        )
        .route("/shop/products/actions", post(products::batch_products))
        .route(
            "/shop/products/{id}",
            get(products::get_product)
                .put(products::update_product)
                .delete(products::delete_product),
        )
        .route(
            "/shop/products/{id}/submission",
            post(products::submit_product),
        )
        .route("/shop/skus/{id}", patch(products::patch_sku))
        .route("/shop/skus/{id}/stock", post(products::change_stock))
        .route("/shop/skus/{id}/movements", get(products::list_movements))
        .route(
            "/shop/warehouses",
            get(products::list_warehouses).post(products::create_warehouse),
        )
        .route("/shop/inventory/summary", get(products::stock_summary))
        .route(
            "/shop/inventory/settings",
            put(products::put_inventory_settings),
        )
        .route(
            "/shop/bulk/imports",
            post(bulk::start_import).layer(bulk::upload_limit()),
        )
        .route("/shop/bulk/exports", post(bulk::start_export))
        .route("/shop/bulk/jobs", get(bulk::list_jobs))
        .route("/shop/bulk/jobs/{id}", get(bulk::get_job))
        .route("/shop/bulk/jobs/{id}/report", get(bulk::get_report))
        .route("/shop/bulk/jobs/{id}/file", get(bulk::get_file))
        .route("/shop/bulk/template", get(bulk::get_template))
        .route("/ops/products", get(products::review_queue))
        .route("/ops/products/{id}", get(products::get_for_review))
        .route(
            "/ops/products/{id}/decisions",
            post(products::decide_product),
        )
        .route("/storefront/products", get(products::browse))
        .route("/storefront/products/{id}", get(products::get_on_sale))
        .route("/sessions/current/shop", put(staff::switch_shop))
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            idempotency::honour_idempotency_key,
        ))
        .with_state(app);
    Router::new().nest("/api/v1", v1)
}
