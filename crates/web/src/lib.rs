//! The browser UI: Seller Center at `/seller`, the operator console at `/ops` and the buyer
//! storefront at `/`. Server-rendered HTML (maud) over the same use-cases as the API; only this
//! crate knows HTML. No external assets and no JavaScript build: the stylesheet and the few
//! small scripts are embedded files served under `/assets/`, and no page has inline script or
//! style (the Content-Security-Policy forbids both).

mod account;
mod assets;
mod bulk;
mod buy_box;
mod buyer;
mod cancellations;
mod checkout;
mod content;
mod cookies;
mod csrf;
mod error;
mod extract;
mod format;
mod forms;
mod fulfilment;
mod i18n;
mod layout;
mod media_pages;
mod notifications;
mod ops;
mod ops_catalog;
mod ops_products;
mod order_exports;
mod order_parts;
mod orders;
mod page;
mod product_parts;
mod products;
mod reply;
mod reset;
mod returns_buyer;
mod returns_seller;
mod seller;
mod seller_parts;
mod shipping;
mod shop_page;
mod signup;
mod storefront;
mod team;

use axum::Router;
use axum::extract::FromRef;
use axum::middleware;
use axum::routing::{any, get, post};
use shopdeck_app::App;

pub use error::not_found_page;
pub use i18n::I18n;

/// Settings of the web surface.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when Shopdeck is served over HTTPS).
    pub secure_cookies: bool,
}

#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub settings: WebSettings,
    /// The key CSRF tokens are signed with, once read from the database.
    csrf_key: csrf::KeyCache,
}

impl FromRef<WebState> for App {
    fn from_ref(s: &WebState) -> App {
        s.app.clone()
    }
}

/// Every HTML route. The caller adds the fallback (it also serves the API's 404s).
pub fn router(app: App, settings: WebSettings) -> Router {
    let state = WebState {
        app,
        settings,
        csrf_key: csrf::KeyCache::default(),
    };
    Router::new()
        .route("/assets/{file}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .route("/lang/{tag}", get(page::switch_language))
        .route("/media/{id}/{size}", get(products::media))
        .route("/media/video/{id}", get(media_pages::video_file))
        // Storefront › videos and live sessions
        .route("/videos", get(media_pages::videos))
        .route("/v/{id}", get(media_pages::video))
        .route("/v/{id}/tags/{product}", get(media_pages::video_tag))
        .route("/live", get(media_pages::live_index))
        .route("/live/{id}", get(media_pages::live))
        .route("/live/{id}/questions", post(media_pages::ask))
        .route("/live/{id}/pins/{product}", get(media_pages::live_pin))
        // Storefront
        .route("/", get(storefront::home))
        .route("/search", get(storefront::search))
        .route("/c/{slug}", get(storefront::category))
        .route("/shop/{id}", get(storefront::shop))
        .route("/p/{id}", get(storefront::product))
        // Storefront › buying
        .route("/cart", get(checkout::cart))
        .route("/cart/items", post(checkout::add_to_cart))
        .route("/cart/items/{sku}", post(checkout::update_cart_item))
        .route("/cart/items/{sku}/remove", post(checkout::remove_cart_item))
        .route(
            "/checkout",
            get(checkout::checkout_form).post(checkout::place_order),
        )
        .route("/checkout/{id}", get(checkout::result))
        .route(
            "/checkout/{id}/payments/{payment}",
            post(checkout::pay_checkout),
        )
        .route(
            "/sandbox/pay/{session}",
            get(checkout::sandbox).post(checkout::sandbox_decide),
        )
        .route("/account/orders", get(checkout::order_list))
        .route("/account/orders/{id}", get(checkout::order))
        .route("/account/orders/{id}/pay", post(checkout::pay_order))
        .route("/account/orders/{id}/cancel", post(checkout::cancel_order))
        .route(
            "/account/cancellations/{id}/withdraw",
            post(checkout::withdraw_cancellation),
        )
        // Storefront › buyer accounts
        .route(
            "/account/signup",
            get(buyer::signup_form).post(buyer::signup),
        )
        .route(
            "/account/signup/verify",
            get(buyer::verify_form).post(buyer::verify),
        )
        .route("/account/signup/resend", post(buyer::resend))
        .route("/account/login", get(buyer::login_form).post(buyer::log_in))
        .route("/account/logout", post(buyer::log_out))
        .route("/account", get(buyer::overview))
        .route(
            "/account/addresses",
            get(buyer::addresses).post(buyer::create_address),
        )
        .route("/account/addresses/new", get(buyer::new_address_form))
        .route(
            "/account/addresses/{id}",
            get(buyer::edit_address_form).post(buyer::update_address),
        )
        .route(
            "/account/addresses/{id}/delete",
            post(buyer::delete_address),
        )
        .route("/account/addresses/{id}/default", post(buyer::make_default))
        // Seller Center
        .route("/seller", get(seller::home))
        .route(
            "/seller/login",
            get(seller::login_form).post(seller::log_in),
        )
        .route("/seller/logout", post(seller::log_out))
        .route(
            "/seller/login/code",
            get(seller::code_form).post(seller::code),
        )
        .route("/seller/security", get(seller::security))
        .route("/seller/security/setup", post(seller::security_setup))
        .route("/seller/security/confirm", post(seller::security_confirm))
        .route("/seller/security/disable", post(seller::security_disable))
        .route(
            "/seller/signup",
            get(signup::start_form).post(signup::start),
        )
        .route(
            "/seller/signup/verify",
            get(signup::verify_form).post(signup::verify),
        )
        .route("/seller/signup/resend", post(signup::resend))
        .route(
            "/seller/signup/account",
            get(signup::account_form).post(signup::account),
        )
        .route(
            "/seller/password-reset",
            get(reset::request_form).post(reset::request),
        )
        .route(
            "/seller/password-reset/confirm",
            get(reset::confirm_form).post(reset::confirm),
        )
        .route("/seller/account", get(account::overview))
        .route(
            "/seller/account/profile",
            get(account::business_form).post(account::save_business),
        )
        .route(
            "/seller/account/address/{kind}",
            get(account::address_form).post(account::save_address),
        )
        .route(
            "/seller/account/bank",
            get(account::bank_form).post(account::save_bank),
        )
        .route(
            "/seller/account/shop-page",
            get(shop_page::form)
                .post(shop_page::save)
                .layer(products::upload_limit()),
        )
        .route(
            "/seller/account/documents",
            get(account::documents)
                .post(account::upload)
                .layer(account::upload_limit()),
        )
        .route("/seller/account/documents/{id}", get(account::document))
        .route("/seller/account/submit", post(account::submit))
        .route("/seller/account/team", get(team::team))
        .route("/seller/account/team/invite", post(team::invite))
        .route("/seller/account/team/{user}/role", post(team::change_role))
        .route("/seller/account/team/{user}/remove", post(team::remove))
        .route(
            "/seller/account/team/invitations/{id}/revoke",
            post(team::revoke_invitation),
        )
        .route(
            "/seller/account/roles",
            get(team::roles).post(team::create_role),
        )
        .route("/seller/account/roles/{id}/delete", post(team::delete_role))
        .route(
            "/seller/account/tokens",
            get(team::tokens).post(team::create_token),
        )
        .route(
            "/seller/account/tokens/{id}/revoke",
            post(team::revoke_token),
        )
        .route("/seller/account/audit", get(team::audit_log))
        .route(
            "/seller/invitations/{token}",
            get(team::invitation).post(team::accept),
        )
        .route("/seller/switch", post(team::switch))
        // Seller Center › Products
        .route("/seller/products", get(products::list))
        .route(
            "/seller/products/new",
            get(products::new_form)
                .post(products::create)
                .layer(products::upload_limit()),
        )
        .route("/seller/products/batch", post(products::batch))
        .route(
            "/seller/products/bulk",
            get(bulk::index)
                .post(bulk::import)
                .layer(bulk::upload_limit()),
        )
        .route("/seller/products/bulk/export", post(bulk::export))
        .route("/seller/products/bulk/template", get(bulk::template))
        .route("/seller/products/bulk/{id}", get(bulk::job))
        .route("/seller/products/bulk/{id}/report", get(bulk::report))
        .route("/seller/products/bulk/{id}/file", get(bulk::file))
        .route(
            "/seller/products/warehouses",
            get(products::warehouses).post(products::create_warehouse),
        )
        .route(
            "/seller/products/warehouses/low-stock",
            post(products::set_low_stock_default),
        )
        .route("/seller/products/{id}", get(products::detail))
        .route(
            "/seller/products/{id}/edit",
            get(products::edit_form)
                .post(products::update)
                .layer(products::upload_limit()),
        )
        .route("/seller/products/{id}/action", post(products::act))
        .route(
            "/seller/products/{id}/skus/{sku}/price",
            post(products::set_price),
        )
        .route(
            "/seller/products/{id}/skus/{sku}/threshold",
            post(products::set_threshold),
        )
        .route(
            "/seller/products/{id}/skus/{sku}/stock",
            post(products::set_stock),
        )
        .route(
            "/seller/products/{id}/skus/{sku}/adjust",
            post(products::adjust_stock),
        )
        .route(
            "/seller/products/{id}/skus/{sku}/movements",
            get(products::movements),
        )
        // Seller Center › Videos & LIVE
        .route("/seller/content", get(content::index))
        .route(
            "/seller/content/videos",
            get(content::videos)
                .post(content::publish)
                .layer(content::upload_limit()),
        )
        .route(
            "/seller/content/videos/{id}",
            get(content::video).post(content::update_video),
        )
        .route(
            "/seller/content/videos/{id}/status",
            post(content::video_status),
        )
        .route(
            "/seller/content/videos/{id}/delete",
            post(content::delete_video),
        )
        .route(
            "/seller/content/live",
            get(content::live_list).post(content::schedule),
        )
        .route("/seller/content/live/{id}", get(content::live))
        .route(
            "/seller/content/live/{id}/status",
            post(content::live_status),
        )
        .route("/seller/content/live/{id}/pins", post(content::pin))
        .route(
            "/seller/content/live/{id}/pins/{product}/remove",
            post(content::unpin),
        )
        .route(
            "/seller/content/live/{id}/questions/{question}/answer",
            post(content::answer),
        )
        // Seller Center › Orders and Shipping
        .route("/seller/orders", get(orders::list))
        .route(
            "/seller/orders/exports",
            get(order_exports::page).post(order_exports::start),
        )
        .route("/seller/orders/exports/{id}/file", get(order_exports::file))
        .route(
            "/seller/orders/cancellations",
            get(cancellations::pending_list),
        )
        .route(
            "/seller/cancellations/{id}/approve",
            post(orders::approve_cancellation),
        )
        .route(
            "/seller/cancellations/{id}/reject",
            post(orders::reject_cancellation),
        )
        .route("/seller/orders/{id}", get(orders::detail))
        .route("/seller/orders/{id}/cancel", post(orders::cancel))
        .route("/seller/orders/{id}/ship", post(orders::ship))
        .route("/seller/packages/{id}/proof", get(fulfilment::proof))
        .route(
            "/seller/packages/{id}/delivery",
            post(orders::report_delivery).layer(fulfilment::proof_limit()),
        )
        .route(
            "/seller/shipping/bulk",
            get(fulfilment::bulk_index).post(fulfilment::bulk_ship),
        )
        .route(
            "/seller/shipping/bulk/file",
            post(fulfilment::bulk_file).layer(fulfilment::file_limit()),
        )
        .route(
            "/seller/shipping/bulk/template.csv",
            get(fulfilment::bulk_template),
        )
        .route("/seller/shipping/documents", get(fulfilment::documents))
        .route("/seller/shipping", get(shipping::index))
        .route("/seller/shipping/templates", post(shipping::create))
        .route(
            "/seller/shipping/templates/{id}",
            get(shipping::edit_form).post(shipping::update),
        )
        .route(
            "/seller/shipping/templates/{id}/delete",
            post(shipping::delete),
        )
        .route("/seller/shipping/hold", post(shipping::set_hold))
        // The sections not built yet, and every unknown path under /seller (one route: a
        // catch-all cannot sit beside a parameter at the same place).
        .route("/seller/{*rest}", any(seller::section_or_not_found))
        // Operator console
        .route("/ops", get(ops::home))
        .route("/ops/login", get(ops::login_form).post(ops::log_in))
        .route("/ops/jobs", get(ops::jobs))
        .route("/ops/outbox", get(notifications::outbox))
        .route("/ops/categories", get(ops_catalog::list))
        .route("/ops/categories/{id}", get(ops_catalog::edit))
        .route("/ops/categories/{id}/names", post(ops_catalog::rename))
        .route(
            "/ops/categories/{id}/attributes",
            post(ops_catalog::set_attributes),
        )
        .route(
            "/ops/categories/{id}/children",
            post(ops_catalog::add_child),
        )
        .route("/ops/products", get(ops_products::queue))
        .route("/ops/products/{id}", get(ops_products::detail))
        .route("/ops/products/{id}/decision", post(ops_products::decide))
        .route("/ops/sellers", get(ops::sellers))
        .route("/ops/sellers/{id}", get(ops::seller))
        .route("/ops/sellers/{id}/decision", post(ops::decide))
        .route(
            "/ops/sellers/{id}/documents/{doc}",
            get(ops::seller_document),
        )
        .route("/ops/{section}", get(ops::section))
        .merge(returns_buyer::routes())
        .merge(returns_seller::routes())
        .merge(notifications::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            seller::shell_for_not_found,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            csrf::ensure_token,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            csrf::refuse_cross_site,
        ))
        .with_state(state)
}

#[cfg(test)]
mod layering {
    //! The buying and order pages import each other only along the edges listed here, so no
    //! new import between them goes unnoticed. What several of them need belongs in a module
    //! below them (`reply`, `product_parts`, `seller_parts`, `order_parts`, `buy_box`, `forms`,
    //! `layout`, …).

    /// The feature modules watched, each a file `src/<name>.rs` or a folder `src/<name>/`.
    const FEATURES: &[&str] = &[
        "orders",
        "cancellations",
        "fulfilment",
        "returns_buyer",
        "returns_seller",
        "checkout",
        "storefront",
    ];

    /// The imports between them (from, to). The seller's order page places the shipping,
    /// cancellation and return sections, and shows their refused forms again (the sections
    /// answer `order_parts::Again`, so none of them imports `orders`); the buyer's order page
    /// (in checkout) shows tracking, cancellations and returns, and handles the buyer's
    /// cancelling and withdrawing; "Add to cart" shows a refusal on the product page. The buy
    /// box lives below both (`buy_box`).
    const ALLOWED: &[(&str, &str)] = &[
        ("orders", "cancellations"),
        ("orders", "fulfilment"),
        ("orders", "returns_seller"),
        ("checkout", "cancellations"),
        ("checkout", "fulfilment"),
        ("checkout", "returns_buyer"),
        ("checkout", "orders"),
        ("checkout", "storefront"),
    ];

    fn sources(name: &str) -> Vec<(String, String)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let file = src.join(format!("{name}.rs"));
        if file.exists() {
            return vec![(name.to_owned(), std::fs::read_to_string(file).unwrap())];
        }
        let mut out = Vec::new();
        for entry in std::fs::read_dir(src.join(name)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
        out
    }

    #[test]
    fn order_and_buying_pages_import_each_other_only_along_allowed_edges() {
        let mut found = Vec::new();
        for from in FEATURES {
            for (file, text) in sources(from) {
                for to in FEATURES.iter().filter(|to| *to != from) {
                    let used = [
                        format!("crate::{to}::"),
                        format!("crate::{to}::{{"),
                        format!("crate::{to};"),
                    ]
                    .iter()
                    .any(|needle| text.contains(needle.as_str()));
                    if used && !ALLOWED.contains(&(*from, *to)) {
                        found.push(format!("{file} imports crate::{to}"));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "imports between feature modules that are not allowed (move the shared part \
             into a module below them): {found:#?}"
        );
    }
}
