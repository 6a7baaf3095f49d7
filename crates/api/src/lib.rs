//! The JSON API under `/api/v1`: thin handlers that parse a request into a use-case call,
//! problem+json errors (RFC 9457), and the OpenAPI 3.1 document generated from the code.

mod auth;
mod bulk;
pub mod buyers;
mod catalog;
mod extract;
pub mod fulfilment;
mod idempotency;
mod media;
mod notifications;
mod openapi;
mod orders;
pub mod problem;
mod products;
mod returns;
mod shop;
mod signup;
mod staff;

use axum::Router;
use axum::routing::{delete, get, patch, post, put};
use shopdeck_app::App;

pub use extract::{ApiJson, ApiPath, ApiQuery};
pub use openapi::document as openapi_document;
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
        .route("/buyer/signups", post(buyers::create_buyer_signup))
        .route(
            "/buyer/signups/{id}/code",
            post(buyers::resend_buyer_signup_code),
        )
        .route(
            "/buyer/signups/{id}/verification",
            post(buyers::verify_buyer_signup),
        )
        .route("/buyer/sessions", post(buyers::create_buyer_session))
        .route(
            "/buyer/notifications",
            get(notifications::list_buyer_notifications),
        )
        .route(
            "/buyer/notifications/read-all",
            post(notifications::read_all_buyer_notifications),
        )
        .route(
            "/buyer/notifications/{id}/read",
            post(notifications::read_buyer_notification),
        )
        .route(
            "/buyer/sessions/current",
            delete(buyers::delete_buyer_session),
        )
        .route("/buyer/me", get(buyers::get_buyer_me))
        .route(
            "/buyer/addresses",
            get(buyers::list_buyer_addresses).post(buyers::create_buyer_address),
        )
        .route(
            "/buyer/addresses/{id}",
            patch(buyers::update_buyer_address).delete(buyers::delete_buyer_address),
        )
        .route(
            "/buyer/addresses/{id}/default",
            post(buyers::set_default_buyer_address),
        )
        .route("/buyer/cart", get(orders::get_cart))
        .route("/buyer/cart/items", post(orders::add_to_cart))
        .route(
            "/buyer/cart/items/{sku_id}",
            put(orders::set_cart_quantity).delete(orders::remove_from_cart),
        )
        .route("/buyer/checkout/quote", post(orders::quote_checkout))
        .route("/buyer/checkouts/{id}", get(orders::get_checkout))
        .route(
            "/buyer/payments/{id}/sessions",
            post(orders::restart_payment),
        )
        .route("/buyer/orders", get(orders::list_buyer_orders))
        .route("/buyer/orders/{id}", get(orders::get_buyer_order))
        .route(
            "/buyer/orders/{id}/cancellation",
            post(orders::cancel_buyer_order),
        )
        .route(
            "/payments/{provider}/callbacks",
            post(orders::payment_callback),
        )
        .route(
            "/sandbox/sessions/{id}/decision",
            post(orders::sandbox_decide),
        )
        .route("/shop/orders", get(orders::list_shop_orders))
        .route("/shop/orders/settings", put(orders::set_order_settings))
        .route(
            "/shop/orders/exports",
            get(orders::list_order_exports).post(orders::export_orders),
        )
        .route("/shop/orders/exports/{id}", get(orders::get_order_export))
        .route(
            "/shop/orders/exports/{id}/file",
            get(orders::download_order_export),
        )
        .route("/shop/orders/{id}", get(orders::get_shop_order))
        .route(
            "/shop/orders/{id}/cancellation",
            post(orders::cancel_shop_order),
        )
        .route("/shop/orders/{id}/shipment", post(fulfilment::ship_order))
        .route("/shop/shipments/bulk", post(fulfilment::ship_bulk))
        .route("/shop/carriers", get(fulfilment::list_carriers))
        .route("/shop/health", get(fulfilment::get_shop_health))
        .route(
            "/ops/shops/{id}/health",
            get(fulfilment::get_shop_health_for_ops),
        )
        .route("/shop/cancellations", get(fulfilment::list_cancellations))
        .route(
            "/shop/cancellations/{id}/approval",
            post(fulfilment::approve_cancellation),
        )
        .route(
            "/shop/cancellations/{id}/rejection",
            post(fulfilment::reject_cancellation),
        )
        .route(
            "/buyer/cancellations/{id}/withdrawal",
            post(fulfilment::withdraw_cancellation),
        )
        .route(
            "/buyer/orders/{id}/returnable",
            get(returns::get_eligibility),
        )
        .route(
            "/buyer/orders/{id}/returns",
            post(returns::request_return).layer(returns::upload_limit()),
        )
        .route("/buyer/returns", get(returns::list_buyer_returns))
        .route("/buyer/returns/{id}", get(returns::get_buyer_return))
        .route(
            "/buyer/returns/{id}/withdrawal",
            post(returns::withdraw_return),
        )
        .route("/buyer/returns/{id}/shipment", post(returns::ship_return))
        .route("/buyer/returns/{id}/label", get(returns::get_return_label))
        .route(
            "/buyer/returns/{id}/escalation",
            post(returns::escalate_return),
        )
        .route(
            "/buyer/returns/{id}/photos/{n}",
            get(returns::get_buyer_photo),
        )
        .route("/shop/returns", get(returns::list_shop_returns))
        .route("/shop/returns/{id}", get(returns::get_shop_return))
        .route(
            "/shop/returns/{id}/photos/{n}",
            get(returns::get_shop_photo),
        )
        .route("/shop/returns/{id}/approval", post(returns::approve_return))
        .route("/shop/returns/{id}/rejection", post(returns::reject_return))
        .route("/shop/returns/{id}/receipt", post(returns::confirm_receipt))
        .route(
            "/shop/returns/{id}/receipt-rejection",
            post(returns::reject_receipt),
        )
        .route("/ops/returns", get(returns::list_disputes))
        .route("/ops/returns/{id}", get(returns::get_ops_return))
        .route("/ops/returns/{id}/decision", post(returns::decide_dispute))
        .route("/ops/returns/{id}/photos/{n}", get(returns::get_ops_photo))
        .route("/shop/packages/{id}", get(fulfilment::get_package))
        .route(
            "/shop/packages/{id}/delivery",
            post(fulfilment::report_delivery),
        )
        .route("/shop/packages/{id}/proof", get(fulfilment::get_proof))
        .route("/shop/documents", get(fulfilment::get_documents))
        .route(
            "/buyer/orders/{id}/tracking",
            get(fulfilment::track_buyer_order),
        )
        .route(
            "/logistics/{provider}/callbacks",
            post(fulfilment::logistics_callback),
        )
        .route("/shop/shipping", get(orders::get_shipping_settings))
        .route(
            "/shop/shipping/templates",
            post(orders::create_shipping_template),
        )
        .route(
            "/shop/shipping/templates/{id}",
            put(orders::replace_shipping_template).delete(orders::delete_shipping_template),
        )
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
        .route(
            "/shop/notifications",
            get(notifications::list_shop_notifications),
        )
        .route(
            "/shop/notifications/read-all",
            post(notifications::read_all_shop_notifications),
        )
        .route(
            "/shop/notifications/{id}/read",
            post(notifications::read_shop_notification),
        )
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
        .route(
            "/shop/videos",
            get(media::list_videos)
                .post(media::publish_video)
                .layer(media::upload_limit()),
        )
        .route(
            "/shop/videos/{id}",
            get(media::get_video)
                .patch(media::update_video)
                .delete(media::delete_video),
        )
        .route(
            "/shop/live",
            get(media::list_live).post(media::schedule_live),
        )
        .route("/shop/live/{id}", get(media::get_live))
        .route("/shop/live/{id}/start", post(media::start_live))
        .route("/shop/live/{id}/end", post(media::end_live))
        .route("/shop/live/{id}/cancel", post(media::cancel_live))
        .route("/shop/live/{id}/pins", post(media::pin_product))
        .route(
            "/shop/live/{id}/pins/{product_id}",
            delete(media::unpin_product),
        )
        .route("/shop/live/{id}/questions", get(media::list_questions))
        .route(
            "/shop/live/{id}/questions/{question_id}/answer",
            post(media::answer_question),
        )
        .route("/storefront/videos", get(media::browse_videos))
        .route("/storefront/videos/{id}", get(media::get_store_video))
        .route(
            "/storefront/videos/{id}/tags/{product_id}/clicks",
            post(media::click_video_tag),
        )
        .route("/storefront/live", get(media::live_lineup))
        .route("/storefront/live/{id}", get(media::get_store_live))
        .route(
            "/storefront/live/{id}/questions",
            get(media::list_store_questions).post(media::ask_question),
        )
        .route("/sessions/current/shop", put(staff::switch_shop))
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            idempotency::honour_idempotency_key,
        ))
        .merge(keyed_in_transaction())
        .with_state(app);
    Router::new().nest("/api/v1", v1)
}

/// The routes whose use-case keeps the `Idempotency-Key` in its own transaction (see
/// `idempotency`): placing orders. Every other POST is covered around its handler.
fn keyed_in_transaction() -> Router<App> {
    Router::new()
        .route("/buyer/checkouts", post(orders::create_checkout))
        .layer(axum::middleware::from_fn(idempotency::key_in_transaction))
}

#[cfg(test)]
mod layering_tests {
    /// `api` and `web` reach the database only through `app`: neither declares `store`, so
    /// the compiler refuses a handler that reads a table itself.
    #[test]
    fn api_and_web_do_not_depend_on_the_store() {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for krate in ["api", "web"] {
            let manifest = std::fs::read_to_string(here.join("..").join(krate).join("Cargo.toml"))
                .expect("manifest");
            assert!(
                !manifest.contains("shopdeck-store"),
                "crates/{krate} must not depend on shopdeck-store; return views from app"
            );
        }
    }

    /// Nor do they see store rows through `app`: `app` re-exports no store type; it converts
    /// rows into its own views at its boundary.
    #[test]
    fn app_does_not_re_export_store_types() {
        fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("app sources") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    scan(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source");
                    for (i, line) in text.lines().enumerate() {
                        let line = line.trim_start();
                        if line.starts_with("pub use shopdeck_store")
                            || (line.starts_with("pub type") && line.contains("shopdeck_store::"))
                        {
                            found.push(format!("{}:{}: {line}", path.display(), i + 1));
                        }
                    }
                }
            }
        }
        let app = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
        let mut found = Vec::new();
        scan(&app, &mut found);
        assert!(
            found.is_empty(),
            "app must not hand store types to api and web; define a view in app:\n{}",
            found.join("\n")
        );
    }
}
