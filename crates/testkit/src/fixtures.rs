//! Shared setup for the integration tests, through the public API as a client would: the demo
//! accounts, signing in, a live product, a buyer with an address, a paid, shipped or delivered
//! order. Every helper asserts the answers it depends on, so a broken step fails where it
//! happens. The browser side (forms and cookies) is in [`web`].

pub mod web;

use axum::body::Body;
use http::Request;
use serde_json::{Value, json};
use shopdeck_files::images::{ImageFormat, sample_image};

use crate::{TestApp, TestClient, TestResponse};

/// The demo shop Maple & Pine's owner.
pub const OWNER: &str = "owner@maple-pine.example";
/// The demo shop Thistle & Thread's owner.
pub const THISTLE: &str = "owner@thistle-thread.example";
/// The demo shop Sakura Stationery's owner.
pub const SAKURA: &str = "owner@sakura-stationery.example";
/// The demo operator.
pub const OPS: &str = "ops@shopdeck.example";
/// The password of every demo seller and operator.
pub const PASSWORD: &str = "shopdeck-demo";
/// The password of buyers made by [`new_buyer`].
pub const BUYER_PASSWORD: &str = "buyer-password-1";

/// A tiny valid PNG (1×1).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// An API request with a bearer token, from a fixed address and user agent (the audit log
/// records both), with `body` as JSON.
pub async fn call(
    c: &TestClient,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> TestResponse {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("x-forwarded-for", "203.0.113.50")
        .header("user-agent", "shopdeck-tests");
    send_json(c, req, body).await
}

/// Sends the request `req` with `body` as JSON, or with no body.
pub async fn send_json(
    c: &TestClient,
    mut req: http::request::Builder,
    body: Option<Value>,
) -> TestResponse {
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    c.send(req.body(body).unwrap()).await
}

/// The `key` (`"field"` or `"code"`) of each error of a problem document, in order.
pub fn error_list(problem: &Value, key: &str) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {problem}"))
        .iter()
        .map(|e| e[key].as_str().unwrap().to_owned())
        .collect()
}

/// [`call`] GET without a body.
pub async fn get(c: &TestClient, path: &str, token: &str) -> TestResponse {
    call(c, "GET", path, token, None).await
}

/// [`call`] POST with a JSON body.
pub async fn post(c: &TestClient, path: &str, token: &str, body: Value) -> TestResponse {
    call(c, "POST", path, token, Some(body)).await
}

/// [`call`] PUT with a JSON body.
pub async fn put(c: &TestClient, path: &str, token: &str, body: Value) -> TestResponse {
    call(c, "PUT", path, token, Some(body)).await
}

/// [`call`] PATCH with a JSON body.
pub async fn patch(c: &TestClient, path: &str, token: &str, body: Value) -> TestResponse {
    call(c, "PATCH", path, token, Some(body)).await
}

/// [`call`] DELETE with a JSON body.
pub async fn delete_with(c: &TestClient, path: &str, token: &str, body: Value) -> TestResponse {
    call(c, "DELETE", path, token, Some(body)).await
}

/// A GET that must answer 200; returns the JSON.
pub async fn get_ok(c: &TestClient, path: &str, token: &str) -> Value {
    let r = call(c, "GET", path, token, None).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

/// A seller's or operator's log-in through the API; returns the answer unchecked.
pub async fn try_login(c: &TestClient, login: &str, password: &str) -> TestResponse {
    c.post_json(
        "/api/v1/sessions",
        &json!({"login": login, "password": password}),
    )
    .await
}

/// A seller's or operator's session token.
pub async fn login(c: &TestClient, email: &str, password: &str) -> String {
    let r = try_login(c, email, password).await;
    assert_eq!(r.status, 201, "{email}: {}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

/// The demo operator's session token.
pub async fn operator(c: &TestClient) -> String {
    login(c, OPS, PASSWORD).await
}

/// POSTs a multipart form with text `fields` and one `file` part, as an API client.
pub async fn post_multipart(
    c: &TestClient,
    token: &str,
    uri: &str,
    fields: &[(&str, &str)],
    bytes: &[u8],
    name: &str,
) -> TestResponse {
    let (body, content_type) = crate::multipart(fields, &[("file", name, bytes)]);
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("x-forwarded-for", "203.0.113.50")
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    c.send(req).await
}

/// Uploads an image file; returns the response.
pub async fn upload(c: &TestClient, token: &str, bytes: Vec<u8>, name: &str) -> TestResponse {
    post_multipart(c, token, "/api/v1/shop/images", &[], &bytes, name).await
}

/// An 800×800 PNG, different for each `seed`.
pub fn png(seed: u64) -> Vec<u8> {
    sample_image(800, 800, seed, ImageFormat::Png)
}

/// Uploads an image made from `seed`; returns its id.
pub async fn image_id(c: &TestClient, token: &str, seed: u64) -> String {
    let r = upload(c, token, png(seed), "photo.png").await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_owned()
}

/// A dress in two sizes that passes the automatic check once it has images.
pub fn dress(title: &str, images: &[String], sku_prefix: &str) -> Value {
    json!({
        "category_id": "womens-dresses",
        "source_locale": "en",
        "editions": [
            {"locale": "en", "title": title, "description": format!("<p>{}</p><ul><li>Pockets</li><li>Machine washable</li></ul>", "A light summer dress in washed linen with a relaxed fit and deep side pockets. ".repeat(5))},
            {"locale": "fr", "title": "Robe d'été en lin avec poches, vert sauge", "description": "<p>Une robe légère en lin lavé, coupe décontractée, avec de grandes poches.</p>"}
        ],
        "brand": "Maple & Pine",
        "attributes": {"color": "green", "material": "linen", "pattern": "solid", "country_of_origin": "Portugal"},
        "sales_attributes": ["size"],
        "skus": [
            {"seller_sku": format!("{sku_prefix}-S"), "gtin": "4006381333931", "price": {"amount": 5900, "currency": "USD"}, "variant": {"size": "S"}, "stock": [{"quantity": 12}]},
            {"seller_sku": format!("{sku_prefix}-M"), "price": {"amount": 5900, "currency": "USD"}, "variant": {"size": "M"}, "stock": [{"quantity": 8}]}
        ],
        "image_ids": images,
        "video_url": "https://video.example/dress.mp4",
        "weight_grams": 350, "length_mm": 300, "width_mm": 250, "height_mm": 40,
        "handling_days": 2
    })
}

/// Submits `body` for listing and has the operator approve it; returns the product as
/// created.
async fn listed(c: &TestClient, token: &str, ops: &str, mut body: Value) -> Value {
    body["save_mode"] = json!("LISTING");
    let r = call(c, "POST", "/api/v1/shop/products", token, Some(body)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let product = r.json()["product"].clone();
    let id = product["id"].as_str().unwrap();
    let d = call(
        c,
        "POST",
        &format!("/api/v1/ops/products/{id}/decisions"),
        ops,
        Some(json!({"action": "approve"})),
    )
    .await;
    assert_eq!(d.status, 200, "{}", d.text());
    product
}

/// Creates, submits and approves a dress; returns its id.
pub async fn live_dress(c: &TestClient, token: &str, ops: &str, prefix: &str) -> String {
    let img = image_id(c, token, 7).await;
    let body = dress(
        "Linen summer dress with pockets, sage green",
        &[img],
        prefix,
    );
    let product = listed(c, token, ops, body).await;
    assert_eq!(product["status"], "PENDING", "{product}");
    product["id"].as_str().unwrap().to_owned()
}

/// A live product of the shop with two SKUs of `stock` units each, priced in `currency`;
/// returns the SKU ids.
pub async fn live_skus(
    c: &TestClient,
    owner: &str,
    ops: &str,
    prefix: &str,
    currency: &str,
    stock: i64,
) -> Vec<String> {
    let img = image_id(c, owner, 3).await;
    let mut body = dress(
        "Linen summer dress with pockets, sage green",
        &[img],
        prefix,
    );
    for sku in body["skus"].as_array_mut().unwrap() {
        sku["price"]["currency"] = json!(currency);
        sku["stock"] = json!([{"quantity": stock}]);
    }
    let product = listed(c, owner, ops, body).await;
    product["skus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The demo shop's owner token and live SKUs in USD (stock `stock` each).
pub async fn shop(c: &TestClient, prefix: &str, stock: i64) -> (String, Vec<String>) {
    shop_in(c, OWNER, prefix, "USD", stock).await
}

/// The token of the demo shop owner `email` and the SKUs of a live product of that shop
/// ([`live_skus`]: two, `stock` units each, priced in `currency`).
pub async fn shop_in(
    c: &TestClient,
    email: &str,
    prefix: &str,
    currency: &str,
    stock: i64,
) -> (String, Vec<String>) {
    let owner = login(c, email, PASSWORD).await;
    let ops = operator(c).await;
    let skus = live_skus(c, &owner, &ops, prefix, currency, stock).await;
    (owner, skus)
}

/// The product a SKU belongs to.
pub async fn product_of(t: &TestApp, sku: &str) -> String {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT product_id FROM skus WHERE id = $1")
        .bind(sku)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

/// (on hand, reserved) of a SKU over its warehouses, as stored.
pub async fn stock_of(t: &TestApp, sku: &str) -> (i64, i64) {
    let mut conn = t.app.db.conn().await.unwrap();
    let levels = shopdeck_store::inventory::levels_of(&mut conn, &[sku.parse().unwrap()])
        .await
        .unwrap();
    levels
        .iter()
        .fold((0, 0), |(h, r), l| (h + l.on_hand, r + l.reserved))
}

/// The newest message to `to`, from the outbox.
pub async fn last_message(
    t: &TestApp,
    to: &str,
) -> Option<shopdeck_store::notifications::NotificationRow> {
    let mut conn = t.app.db.conn().await.unwrap();
    shopdeck_store::notifications::list_notifications(&mut conn, Some(to), 1)
        .await
        .unwrap()
        .into_iter()
        .next()
}

/// The six-digit code in the newest message to `to`.
pub async fn code_for(t: &TestApp, to: &str) -> String {
    let msg = last_message(t, to)
        .await
        .unwrap_or_else(|| panic!("no message to {to}"));
    msg.body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {:?}", msg.body))
        .to_owned()
}

/// A signed-up buyer with one address in California; returns (token, address id).
pub async fn new_buyer(t: &TestApp, c: &TestClient, email: &str) -> (String, String) {
    new_buyer_in(t, c, email, "US", "CA").await
}

/// A signed-up buyer (password [`BUYER_PASSWORD`]) with one default address in `country`;
/// returns (token, address id).
pub async fn new_buyer_in(
    t: &TestApp,
    c: &TestClient,
    email: &str,
    country: &str,
    region: &str,
) -> (String, String) {
    let r = c
        .post_json("/api/v1/buyer/signups", &json!({"email": email}))
        .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let code = code_for(t, email).await;
    let r = c
        .post_json(
            &format!("/api/v1/buyer/signups/{id}/verification"),
            &json!({"code": code, "password": BUYER_PASSWORD, "display_name": "Ada Buyer"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let phone = match country {
        "GB" => "+447700900123",
        "FR" => "+33612345678",
        _ => "+14155550123",
    };
    let r = call(
        c,
        "POST",
        "/api/v1/buyer/addresses",
        &token,
        Some(json!({
            "recipient_name": "Ada Buyer", "phone": phone, "country": country,
            "region": region, "city": "Springfield", "postal_code": "94016",
            "line1": "1 Market Street", "is_default": true
        })),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    (token, r.json()["id"].as_str().unwrap().to_owned())
}

/// A new session token of a buyer made by [`new_buyer`].
pub async fn login_buyer(c: &TestClient, email: &str) -> String {
    let r = c
        .post_json(
            "/api/v1/buyer/sessions",
            &json!({"login": email, "password": BUYER_PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

/// Checks out `quantity` of one SKU to `address`; returns the answer unchecked.
pub async fn buy_now(
    c: &TestClient,
    buyer: &str,
    address: &str,
    sku: &str,
    quantity: i64,
    source: Option<&str>,
) -> TestResponse {
    call(
        c,
        "POST",
        "/api/v1/buyer/checkouts",
        buyer,
        Some(json!({
            "address_id": address,
            "items": [{"sku_id": sku, "quantity": quantity, "source": source}]
        })),
    )
    .await
}

/// The sandbox session id in a payment's hosted-page URL.
pub fn session_of(payment: &Value) -> String {
    payment["redirect_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

/// The buyer's decision on a sandbox payment page.
pub async fn decide(c: &TestClient, session: &str, decision: &str) -> TestResponse {
    c.post_json(
        &format!("/api/v1/sandbox/sessions/{session}/decision"),
        &json!({"decision": decision}),
    )
    .await
}

/// Approves the payment on the sandbox page and lets the worker deliver its callback.
pub async fn pay(t: &TestApp, c: &TestClient, payment: &Value) {
    let r = decide(c, &session_of(payment), "approve").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.json()["redirect_url"]
            .as_str()
            .unwrap()
            .contains("payment=approved")
    );
    t.run_jobs().await;
}

/// The first order of a checkout's answer.
pub fn order_of(done: &Value) -> String {
    done["orders"][0].as_str().unwrap().to_owned()
}

/// A paid order of `quantity` units of `sku` by `buyer` (token, address); returns its id.
pub async fn paid_order(
    t: &TestApp,
    c: &TestClient,
    buyer: &(String, String),
    sku: &str,
    quantity: i64,
) -> String {
    paid_order_at(t, c, &buyer.0, &buyer.1, sku, quantity).await
}

/// A paid order of `quantity` units of `sku` by the buyer `token`, delivered to `address`;
/// returns its id.
pub async fn paid_order_at(
    t: &TestApp,
    c: &TestClient,
    token: &str,
    address: &str,
    sku: &str,
    quantity: i64,
) -> String {
    let done = buy_now(c, token, address, sku, quantity, None).await;
    assert_eq!(done.status, 201, "{}", done.text());
    let done = done.json();
    pay(t, c, &done["payments"][0]).await;
    order_of(&done)
}

/// Ships the whole of `order` with the seller's own carrier under `tracking`; returns the
/// package id.
pub async fn ship_own(c: &TestClient, owner: &str, order: &str, tracking: &str) -> String {
    let r = call(
        c,
        "POST",
        &format!("/api/v1/shop/orders/{order}/shipment"),
        owner,
        Some(json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": tracking})),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_owned()
}

/// A paid order, shipped with the seller's own carrier and confirmed delivered; returns its
/// id.
pub async fn delivered_order(
    t: &TestApp,
    c: &TestClient,
    owner: &str,
    buyer: &(String, String),
    sku: &str,
    quantity: i64,
) -> String {
    let order = paid_order(t, c, buyer, sku, quantity).await;
    let tracking = format!("RT-{}", &order[order.len() - 12..]);
    let pkg = ship_own(c, owner, &order, &tracking).await;
    let r = confirm_delivery(c, owner, &pkg).await;
    assert_eq!(r.status, 200, "{}", r.text());
    order
}

/// The buyer asks to cancel the whole of `order` for `reason`; returns the answer unchecked.
pub async fn ask_to_cancel(c: &TestClient, buyer: &str, order: &str, reason: &str) -> TestResponse {
    post(
        c,
        &format!("/api/v1/buyer/orders/{order}/cancellation"),
        buyer,
        json!({ "reason": reason }),
    )
    .await
}

/// The seller confirms that `package` was delivered; returns the answer unchecked.
pub async fn confirm_delivery(c: &TestClient, owner: &str, package: &str) -> TestResponse {
    post(
        c,
        &format!("/api/v1/shop/packages/{package}/delivery"),
        owner,
        json!({"delivery_type": "DELIVERY_SUCCESS"}),
    )
    .await
}

/// The buyer takes the return `id` to Shopdeck with `note`; returns the answer unchecked.
pub async fn escalate(c: &TestClient, buyer: &str, id: &str, note: &str) -> TestResponse {
    post(
        c,
        &format!("/api/v1/buyer/returns/{id}/escalation"),
        buyer,
        json!({ "note": note }),
    )
    .await
}

/// The operator decides the disputed return `id` for `support` (`BUYER` or `SELLER`);
/// returns the answer unchecked.
pub async fn arbitrate(
    c: &TestClient,
    ops: &str,
    id: &str,
    support: &str,
    note: &str,
) -> TestResponse {
    post(
        c,
        &format!("/api/v1/ops/returns/{id}/decision"),
        ops,
        json!({ "support": support, "note": note }),
    )
    .await
}

/// An order as its buyer sees it.
pub async fn buyer_order(c: &TestClient, buyer: &str, order: &str) -> Value {
    get_ok(c, &format!("/api/v1/buyer/orders/{order}"), buyer).await
}

/// An order as its shop sees it.
pub async fn shop_order(c: &TestClient, owner: &str, order: &str) -> Value {
    get_ok(c, &format!("/api/v1/shop/orders/{order}"), owner).await
}

/// A return as its shop sees it.
pub async fn shop_return(c: &TestClient, owner: &str, id: &str) -> Value {
    get_ok(c, &format!("/api/v1/shop/returns/{id}"), owner).await
}

/// Standard base64, as the API takes photos.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Pages of a PDF (page objects, not the page tree).
pub fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}
