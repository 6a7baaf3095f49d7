//! Buying through the API: cart, checkout (one order per shop), the sandbox payment with its
//! signed callback, the order life cycle and its timers, cancellations with refunds, the
//! seller's order list, and concurrent buyers on one SKU.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use shopdeck_app::{Clock, payments};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, THISTLE, buy_now, call, decide, get, live_skus, login, login_buyer, new_buyer,
    new_buyer_in, operator, pay, post, product_of, put, session_of, shop, stock_of,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_buyer_pays_in_the_sandbox_and_the_seller_sees_the_order_to_ship,
    a_cart_across_shops_becomes_one_order_per_shop_and_payment_per_currency,
    a_retried_checkout_never_places_a_second_order,
    forged_stale_and_replayed_payment_callbacks_change_nothing,
    unpaid_orders_expire_through_the_worker_and_release_their_stock,
    a_declined_payment_can_be_retried_until_the_order_expires,
    the_seller_cancels_with_a_reason_stock_returns_and_the_refund_lands,
    the_remorse_window_hides_the_address_and_lets_the_buyer_cancel,
    shipping_fees_follow_the_template_by_region_weight_and_threshold,
    the_seller_lists_orders_by_tab_search_and_cursor,
    concurrent_buyers_on_one_sku_never_oversell,
    two_processes_selling_one_sku_never_oversell,
    buyers_and_shops_see_only_their_own_orders,
    orders_export_to_csv_and_xlsx_for_a_date_range,
);

/// A video of the shop tagging the SKU's product; returns its id.
pub async fn video_tagging(t: &TestApp, c: &TestClient, owner: &str, sku: &str) -> String {
    let product = product_of(t, sku).await;
    let r = post(c, "/api/v1/shop/videos", owner, json!({"caption": "Styling the linen dress", "tags": [product], "link_url": "https://videos.example/dress.mp4"}))
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn a_buyer_pays_in_the_sandbox_and_the_seller_sees_the_order_to_ship(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "PAY", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "ada@buyers.example").await;
    let video = video_tagging(&t, &c, &owner, &skus[0]).await;

    // A made-up source attributes nothing.
    let r = post(
        &c,
        "/api/v1/buyer/cart/items",
        &buyer,
        json!({"sku_id": skus[0], "quantity": 1, "source": "vid_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b"}),
    )
    .await;
    assert!(r.json()["shops"][0]["lines"][0]["source"].is_null());
    // Into the cart from the video (one more unit), then checkout of the cart.
    let r = post(
        &c,
        "/api/v1/buyer/cart/items",
        &buyer,
        json!({"sku_id": skus[0], "quantity": 1, "source": video}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let cart = r.json();
    assert_eq!(cart["item_count"], 2);
    assert_eq!(
        cart["shops"][0]["subtotal"],
        json!({"amount": 11800, "currency": "USD"})
    );
    let r = post(
        &c,
        "/api/v1/buyer/checkouts",
        &buyer,
        json!({"address_id": address, "note": "Ring twice"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let done = r.json();
    assert_eq!(done["orders"].as_array().unwrap().len(), 1);
    let order = done["orders"][0].as_str().unwrap().to_owned();
    let payment = done["payments"][0].clone();
    assert_eq!(payment["status"], "PENDING");
    assert_eq!(
        payment["amount"],
        json!({"amount": 11800, "currency": "USD"})
    );
    assert!(
        payment["redirect_url"]
            .as_str()
            .unwrap()
            .contains("/sandbox/pay/sbx_")
    );
    // The cart is empty, the units are reserved.
    let cart = get(&c, "/api/v1/buyer/cart", &buyer).await.json();
    assert_eq!(cart["item_count"], 0);
    assert_eq!(stock_of(&t, &skus[0]).await, (5, 2));

    // Unpaid: in the seller's Unpaid tab, no address.
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "UNPAID");
    assert!(o["recipient"].is_null());
    assert_eq!(o["deadlines"]["pay_by"], "2026-03-03T09:00:00Z");
    assert_eq!(o["lines"][0]["source"]["kind"], "VIDEO");
    assert_eq!(o["lines"][0]["source"]["id"], video.as_str());
    assert_eq!(o["source"]["id"], video.as_str());

    pay(&t, &c, &payment).await;

    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "AWAITING_SHIPMENT", "{o}");
    assert_eq!(o["recipient"]["line1"], "1 Market Street");
    assert_eq!(o["buyer_note"], "Ring twice");
    assert_eq!(o["payment"]["status"], "PAID");
    assert_eq!(o["total"], json!({"amount": 11800, "currency": "USD"}));
    assert_eq!(o["deadlines"]["process_by"], "2026-03-05T09:00:00Z");
    assert_eq!(o["deadlines"]["ship_by"], "2026-03-07T09:00:00Z");
    assert!(o["deadlines"]["pay_by"].is_null());
    let steps: Vec<(&str, &str)> = o["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["to"].as_str().unwrap(), e["by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [("UNPAID", "BUYER"), ("AWAITING_SHIPMENT", "SYSTEM")]
    );
    let list = get(&c, "/api/v1/shop/orders?tab=to_ship", &owner)
        .await
        .json();
    assert_eq!(list["orders"][0]["id"], order.as_str());
    assert_eq!(list["counts"]["to_ship"], 1);
    assert_eq!(list["counts"]["unpaid"], 0);
    // The buyer sees it paid too.
    let mine = get(&c, "/api/v1/buyer/orders", &buyer).await.json();
    assert_eq!(mine["orders"][0]["status"], "AWAITING_SHIPMENT");
    // A paid order's session cannot be decided again.
    assert_eq!(
        decide(&c, &session_of(&payment), "approve").await.status,
        409
    );
}

async fn a_cart_across_shops_becomes_one_order_per_shop_and_payment_per_currency(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let ops = operator(&c).await;
    let maple = login(&c, OWNER, PASSWORD).await;
    let thistle = login(&c, THISTLE, PASSWORD).await;
    let a = live_skus(&c, &maple, &ops, "MX", "USD", 5).await;
    let g = live_skus(&c, &thistle, &ops, "TX", "GBP", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "multi@buyers.example").await;
    for (sku, n) in [(&a[0], 1), (&a[1], 2), (&g[0], 1)] {
        let r = post(
            &c,
            "/api/v1/buyer/cart/items",
            &buyer,
            json!({"sku_id": sku, "quantity": n}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let cart = get(&c, "/api/v1/buyer/cart", &buyer).await.json();
    assert_eq!(cart["shops"].as_array().unwrap().len(), 2);
    let r = post(
        &c,
        "/api/v1/buyer/checkouts",
        &buyer,
        json!({"address_id": address}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let done = r.json();
    assert_eq!(done["orders"].as_array().unwrap().len(), 2);
    let mut amounts: Vec<Value> = done["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"].clone())
        .collect();
    amounts.sort_by_key(|a| a["currency"].as_str().unwrap().to_owned());
    assert_eq!(
        amounts,
        [
            json!({"amount": 5900, "currency": "GBP"}),
            json!({"amount": 17700, "currency": "USD"})
        ]
    );
    for p in done["payments"].as_array().unwrap() {
        pay(&t, &c, p).await;
    }
    let view = get(
        &c,
        &format!("/api/v1/buyer/checkouts/{}", done["id"].as_str().unwrap()),
        &buyer,
    )
    .await
    .json();
    for o in view["orders"].as_array().unwrap() {
        assert_eq!(o["status"], "AWAITING_SHIPMENT");
    }
    // Each shop sees only its own order.
    for token in [&maple, &thistle] {
        let l = get(&c, "/api/v1/shop/orders", token).await.json();
        assert_eq!(l["orders"].as_array().unwrap().len(), 1);
    }
}

async fn a_retried_checkout_never_places_a_second_order(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "IDEM", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "retry@buyers.example").await;
    let send = || async {
        let req = Request::builder()
            .method("POST")
            .uri("/api/v1/buyer/checkouts")
            .header("authorization", format!("Bearer {buyer}"))
            .header("content-type", "application/json")
            .header("idempotency-key", "checkout-7f3a")
            .body(Body::from(
                json!({"address_id": address, "items": [{"sku_id": skus[0], "quantity": 1}]})
                    .to_string(),
            ))
            .unwrap();
        c.send(req).await
    };
    let first = send().await;
    assert_eq!(first.status, 201, "{}", first.text());
    let second = send().await;
    assert_eq!(second.status, 201);
    assert_eq!(second.header("idempotency-replayed"), Some("true"));
    assert_eq!(first.json()["orders"], second.json()["orders"]);
    let mine = get(&c, "/api/v1/buyer/orders", &buyer).await.json();
    assert_eq!(mine["orders"].as_array().unwrap().len(), 1);
    assert_eq!(stock_of(&t, &skus[0]).await, (5, 1));
}

fn event_body(session: &str, amount: i64, event: &str) -> Vec<u8> {
    json!({
        "event_id": event, "outcome": "succeeded", "provider_ref": session,
        "amount_minor": amount, "currency": "USD"
    })
    .to_string()
    .into_bytes()
}

async fn post_callback(c: &TestClient, signature: Option<String>, body: Vec<u8>) -> TestResponse {
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/v1/payments/sandbox/callbacks")
        .header("content-type", "application/json");
    if let Some(s) = signature {
        req = req.header(payments::SIGNATURE_HEADER, s);
    }
    c.send(req.body(Body::from(body)).unwrap()).await
}

async fn forged_stale_and_replayed_payment_callbacks_change_nothing(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CB", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "callbacks@buyers.example").await;
    let done = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    let order = done["orders"][0].as_str().unwrap().to_owned();
    let session = session_of(&done["payments"][0]);
    let secret = &t.app.settings.sandbox_secret;
    let now = t.clock.now();
    let status = || async {
        get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
            .await
            .json()["status"]
            .clone()
    };

    // No signature, a wrong secret, a tampered body, an old signature: refused, nothing paid.
    let body = event_body(&session, 5900, "evt_1");
    post_callback(&c, None, body.clone())
        .await
        .assert_problem(401, "bad-signature");
    let forged = payments::sign("not-the-secret", now, &body);
    assert_eq!(
        post_callback(&c, Some(forged), body.clone()).await.status,
        401
    );
    let signed = payments::sign(secret, now, &body);
    let tampered = event_body(&session, 1, "evt_1");
    assert_eq!(
        post_callback(&c, Some(signed.clone()), tampered)
            .await
            .status,
        401
    );
    let old = now - jiff::SignedDuration::from_mins(10);
    let stale = payments::sign(secret, old, &body);
    assert_eq!(
        post_callback(&c, Some(stale), body.clone()).await.status,
        401
    );
    // Signed right but for another amount: refused.
    let wrong = event_body(&session, 100, "evt_2");
    let r = post_callback(&c, Some(payments::sign(secret, now, &wrong)), wrong).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(status().await, "UNPAID");

    // The genuine callback, then the same event again (a provider retry): applied once.
    let r = post_callback(&c, Some(signed.clone()), body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "applied");
    assert_eq!(status().await, "AWAITING_SHIPMENT");
    let r = post_callback(&c, Some(signed), body).await;
    assert_eq!(r.json()["status"], "duplicate");
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["timeline"].as_array().unwrap().len(), 2, "{o}");
}

async fn unpaid_orders_expire_through_the_worker_and_release_their_stock(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "EXP", 3).await;
    let (buyer, address) = new_buyer(&t, &c, "late@buyers.example").await;
    let done = buy_now(&c, &buyer, &address, &skus[0], 3, None)
        .await
        .json();
    let order = done["orders"][0].as_str().unwrap().to_owned();
    // Sold out meanwhile for everybody else.
    let (other, other_address) = new_buyer(&t, &c, "other@buyers.example").await;
    let r = buy_now(&c, &other, &other_address, &skus[0], 1, None).await;
    r.assert_problem(422, "validation-failed");
    // Not yet due: nothing happens.
    t.clock.advance(jiff::SignedDuration::from_hours(23));
    t.run_jobs().await;
    let buyer = login_buyer(&c, "late@buyers.example").await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["status"], "UNPAID");
    // A second process's worker, after a restart, still finds the deadline.
    t.clock.advance(jiff::SignedDuration::from_hours(2));
    let second = TestApp::over(t.db.clone_handle()).await;
    second.clock.set(t.clock.now());
    second.run_jobs().await;
    let buyer = login_buyer(&c, "late@buyers.example").await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["status"], "CANCELLED", "{o}");
    assert_eq!(o["cancellation"]["by"], "SYSTEM");
    assert_eq!(o["cancellation"]["reason"], "PAYMENT_TIMEOUT");
    assert_eq!(stock_of(&t, &skus[0]).await, (3, 0));
    // Paying now is refused; a late approval is refunded, not revived.
    let payment = done["payments"][0]["id"].as_str().unwrap();
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/buyer/payments/{payment}/sessions"),
        &buyer,
        None,
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.text());
    pay(&t, &c, &done["payments"][0]).await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["status"], "CANCELLED");
    assert_eq!(o["refunds"][0]["status"], "SUCCEEDED", "{o}");
    assert_eq!(o["refunds"][0]["amount"]["amount"], 17700);
}

async fn a_declined_payment_can_be_retried_until_the_order_expires(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "DEC", 3).await;
    let (buyer, address) = new_buyer(&t, &c, "declined@buyers.example").await;
    let done = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    let order = done["orders"][0].as_str().unwrap().to_owned();
    let payment = done["payments"][0].clone();
    // Pay later: nothing changes.
    let r = decide(&c, &session_of(&payment), "later").await;
    assert!(
        r.json()["redirect_url"]
            .as_str()
            .unwrap()
            .contains("payment=later")
    );
    // Declined: the order stays unpaid, the payment says why.
    let r = decide(&c, &session_of(&payment), "decline").await;
    assert_eq!(r.status, 200);
    t.run_jobs().await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["status"], "UNPAID");
    assert_eq!(o["payment"]["status"], "FAILED");
    assert_eq!(o["payment"]["failure"], "card_declined");
    // A fresh session, approved this time.
    let id = payment["id"].as_str().unwrap();
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/buyer/payments/{id}/sessions"),
        &buyer,
        None,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let again = r.json();
    assert_ne!(session_of(&again), session_of(&payment));
    pay(&t, &c, &again).await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    assert_eq!(o["payment"]["status"], "PAID");
}

async fn the_seller_cancels_with_a_reason_stock_returns_and_the_refund_lands(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "SC", 4).await;
    let (buyer, address) = new_buyer(&t, &c, "refund@buyers.example").await;
    let done = buy_now(&c, &buyer, &address, &skus[1], 2, None)
        .await
        .json();
    let order = done["orders"][0].as_str().unwrap().to_owned();
    pay(&t, &c, &done["payments"][0]).await;
    assert_eq!(stock_of(&t, &skus[1]).await, (4, 2));

    let path = format!("/api/v1/shop/orders/{order}/cancellation");
    let r = post(&c, &path, &owner, json!({"reason": "BAD"})).await;
    r.assert_problem(422, "validation-failed");
    let r = post(&c, &path, &owner, json!({"reason": "OTHER"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let r = post(
        &c,
        &path,
        &owner,
        json!({"reason": "OUT_OF_STOCK", "note": "Last ones were damaged"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "CANCELLED");
    assert_eq!(r.json()["refunds"][0]["status"], "PENDING");
    assert_eq!(stock_of(&t, &skus[1]).await, (4, 0));
    t.run_jobs().await;
    let o = get(&c, &format!("/api/v1/buyer/orders/{order}"), &buyer)
        .await
        .json();
    assert_eq!(o["cancellation"]["by"], "SELLER");
    assert_eq!(o["cancellation"]["reason"], "OUT_OF_STOCK");
    assert_eq!(o["cancellation"]["note"], "Last ones were damaged");
    assert_eq!(o["refunds"][0]["status"], "SUCCEEDED");
    assert_eq!(
        o["refunds"][0]["amount"],
        json!({"amount": 11800, "currency": "USD"})
    );
    assert_eq!(o["payment"]["refunded"]["amount"], 11800);
    // Twice is refused; the buyer cannot cancel it either.
    let r = post(&c, &path, &owner, json!({"reason": "OUT_OF_STOCK"})).await;
    assert_eq!(r.status, 409);
    let r = post(
        &c,
        &format!("/api/v1/buyer/orders/{order}/cancellation"),
        &buyer,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 409);
}

async fn the_remorse_window_hides_the_address_and_lets_the_buyer_cancel(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "HOLD", 4).await;
    let r = put(
        &c,
        "/api/v1/shop/orders/settings",
        &owner,
        json!({"hold_minutes": 60}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let (buyer, address) = new_buyer(&t, &c, "hold@buyers.example").await;
    let first = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    let second = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    pay(&t, &c, &first["payments"][0]).await;
    pay(&t, &c, &second["payments"][0]).await;
    let a = first["orders"][0].as_str().unwrap();
    let b2 = second["orders"][0].as_str().unwrap();
    let o = get(&c, &format!("/api/v1/shop/orders/{a}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "ON_HOLD");
    assert!(o["recipient"].is_null(), "no address during the hold");
    assert_eq!(o["deadlines"]["hold_until"], "2026-03-02T10:00:00Z");
    // The buyer changes their mind about the second one: no approval needed.
    let r = post(
        &c,
        &format!("/api/v1/buyer/orders/{b2}/cancellation"),
        &buyer,
        json!({"note": "Ordered twice"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["cancellation"]["reason"], "CHANGED_MIND");
    t.run_jobs().await;
    let r = get(&c, &format!("/api/v1/buyer/orders/{b2}"), &buyer)
        .await
        .json();
    assert_eq!(r["refunds"][0]["status"], "SUCCEEDED");
    // An hour later the first leaves the hold and the seller sees where it goes.
    t.clock.advance(jiff::SignedDuration::from_mins(61));
    t.run_jobs().await;
    let o = get(&c, &format!("/api/v1/shop/orders/{a}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    assert_eq!(o["recipient"]["city"], "Springfield");
    // Now the buyer can no longer cancel on their own: it is a request, with a reason, that
    // the seller answers.
    let r = post(
        &c,
        &format!("/api/v1/buyer/orders/{a}/cancellation"),
        &buyer,
        json!({}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "reason"
    );
    let r = fixtures::ask_to_cancel(&c, &buyer, a, "NO_LONGER_NEEDED").await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["status"], "AWAITING_SHIPMENT");
    assert_eq!(stock_of(&t, &skus[0]).await, (4, 1));
}

async fn shipping_fees_follow_the_template_by_region_weight_and_threshold(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "SHIP", 20).await;
    // A bad template names the field.
    let r = post(
        &c,
        "/api/v1/shop/shipping/templates",
        &owner,
        json!({"name": "Broken", "rules": []}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "rules"
    );
    let r = post(
        &c,
        "/api/v1/shop/shipping/templates",
        &owner,
        json!({
            "name": "Standard",
            "rules": [
                {"country": "US", "regions": ["AK", "HI"], "mode": "flat", "fee_minor": 1500},
                {"country": "US", "mode": "by_weight", "first_grams": 500, "first_fee_minor": 500,
                 "step_grams": 500, "step_fee_minor": 200}
            ],
            "free_above_minor": 20000
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["is_default"], true);
    let (ca, ca_addr) = new_buyer_in(&t, &c, "ca@buyers.example", "US", "CA").await;
    let (_, hi_addr) = new_buyer_in(&t, &c, "hi@buyers.example", "US", "HI").await;
    let (fr, fr_addr) = new_buyer_in(&t, &c, "fr@buyers.example", "FR", "").await;
    let quote = |token: &str, addr: &str, n: i64| {
        let body = json!({"address_id": addr, "items": [{"sku_id": skus[0], "quantity": n}]});
        let token = token.to_owned();
        let c = &c;
        async move { post(c, "/api/v1/buyer/checkout/quote", &token, body).await }
    };
    // 350 g a dress: 1 → first 500 g; 2 (700 g) → one more step.
    let q = quote(&ca, &ca_addr, 1).await;
    assert_eq!(q.status, 200, "{}", q.text());
    assert_eq!(q.json()[0]["shipping_fee"]["amount"], 500);
    assert_eq!(
        quote(&ca, &ca_addr, 2).await.json()[0]["shipping_fee"]["amount"],
        700
    );
    // Free from 200.00.
    let q = quote(&ca, &ca_addr, 4).await.json();
    assert_eq!(q[0]["shipping_fee"]["amount"], 0);
    assert_eq!(q[0]["total"]["amount"], 23600);
    // Hawaii's own rule; the buyer with a Hawaii address is another buyer, so use theirs.
    let hi = login_buyer(&c, "hi@buyers.example").await;
    assert_eq!(
        quote(&hi, &hi_addr, 1).await.json()[0]["shipping_fee"]["amount"],
        1500
    );
    // Not delivered to France: refused at checkout, naming the address.
    let r = buy_now(&c, &fr, &fr_addr, &skus[0], 1, None).await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "address_id");
    assert_eq!(p["errors"][0]["code"], "not-delivered-there");
    // The order carries the fee.
    let done = buy_now(&c, &ca, &ca_addr, &skus[0], 2, None).await.json();
    let o = get(
        &c,
        &format!(
            "/api/v1/buyer/orders/{}",
            done["orders"][0].as_str().unwrap()
        ),
        &ca,
    )
    .await
    .json();
    assert_eq!(o["shipping_fee"]["amount"], 700);
    assert_eq!(o["total"]["amount"], 11800 + 700);
}

async fn the_seller_lists_orders_by_tab_search_and_cursor(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "LST", 50).await;
    let (buyer, address) = new_buyer(&t, &c, "lister@buyers.example").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let sku = &skus[i % 2];
        let done = buy_now(&c, &buyer, &address, sku, 1, None).await.json();
        if i < 3 {
            pay(&t, &c, &done["payments"][0]).await;
        }
        ids.push(done["orders"][0].as_str().unwrap().to_owned());
        t.clock.advance(jiff::SignedDuration::from_mins(5));
    }
    let l = get(&c, "/api/v1/shop/orders?limit=2", &owner).await.json();
    assert_eq!(l["counts"]["all"], 5);
    assert_eq!(l["counts"]["to_ship"], 3);
    assert_eq!(l["counts"]["unpaid"], 2);
    let page1: Vec<&str> = l["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(page1, [ids[4].as_str(), ids[3].as_str()], "newest first");
    let cursor = l["next_cursor"].as_str().unwrap();
    let l2 = get(
        &c,
        &format!("/api/v1/shop/orders?limit=2&cursor={cursor}"),
        &owner,
    )
    .await
    .json();
    assert_eq!(l2["orders"][0]["id"], ids[2].as_str());
    // By seller SKU (the M size went into orders 1 and 3), by order id, by buyer name.
    let m = get(&c, "/api/v1/shop/orders?q=lst-m", &owner).await.json();
    assert_eq!(m["orders"].as_array().unwrap().len(), 2);
    let one = get(&c, &format!("/api/v1/shop/orders?q={}", ids[0]), &owner)
        .await
        .json();
    assert_eq!(one["orders"].as_array().unwrap().len(), 1);
    let by_name = get(&c, "/api/v1/shop/orders?q=ada%20buyer&tab=unpaid", &owner)
        .await
        .json();
    assert_eq!(by_name["orders"].as_array().unwrap().len(), 2);
    // Dates and deadlines.
    let none = get(&c, "/api/v1/shop/orders?from=2026-03-03", &owner)
        .await
        .json();
    assert_eq!(none["orders"].as_array().unwrap().len(), 0);
    let day = get(
        &c,
        "/api/v1/shop/orders?from=2026-03-02&until=2026-03-02",
        &owner,
    )
    .await
    .json();
    assert_eq!(day["orders"].as_array().unwrap().len(), 5);
    let r = get(&c, "/api/v1/shop/orders?from=yesterday", &owner).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "from"
    );
    let r = get(&c, "/api/v1/shop/orders?tab=later", &owner).await;
    r.assert_problem(422, "validation-failed");
    let soon = get(&c, "/api/v1/shop/orders?due_soon=true", &owner)
        .await
        .json();
    assert_eq!(soon["orders"].as_array().unwrap().len(), 0);
    t.clock.advance(jiff::SignedDuration::from_hours(60));
    let owner = login(&c, OWNER, PASSWORD).await;
    let soon = get(&c, "/api/v1/shop/orders?due_soon=true", &owner)
        .await
        .json();
    assert_eq!(
        soon["orders"].as_array().unwrap().len(),
        3,
        "72 h to process"
    );
}

/// Many buyers race for the last units of one SKU.
async fn race(apps: &[&TestApp], sku: &str, buyers: &[(String, String)]) -> (usize, usize) {
    let mut tasks = Vec::new();
    for (i, (token, address)) in buyers.iter().enumerate() {
        let c = apps[i % apps.len()].client();
        let (token, address, sku) = (token.clone(), address.clone(), sku.to_owned());
        tasks.push(tokio::spawn(async move {
            buy_now(&c, &token, &address, &sku, 1, None)
                .await
                .status
                .as_u16()
        }));
    }
    let mut won = 0;
    let mut lost = 0;
    for t in tasks {
        match t.await.unwrap() {
            201 => won += 1,
            409 | 422 => lost += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    (won, lost)
}

async fn concurrent_buyers_on_one_sku_never_oversell(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "HOT", 7).await;
    let mut buyers = Vec::new();
    for i in 0..20 {
        buyers.push(new_buyer(&t, &c, &format!("racer{i}@buyers.example")).await);
    }
    let (won, lost) = race(&[&t], &skus[0], &buyers).await;
    assert_eq!((won, lost), (7, 13));
    assert_eq!(stock_of(&t, &skus[0]).await, (7, 7));
    let l = get(&c, "/api/v1/shop/orders", &owner).await.json();
    assert_eq!(l["counts"]["all"], 7);
}

async fn two_processes_selling_one_sku_never_oversell(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let other = TestApp::over(t.db.clone_handle()).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "DUO", 5).await;
    let mut buyers = Vec::new();
    for i in 0..16 {
        buyers.push(new_buyer(&t, &c, &format!("duo{i}@buyers.example")).await);
    }
    let (won, lost) = race(&[&t, &other], &skus[1], &buyers).await;
    assert_eq!((won, lost), (5, 11));
    assert_eq!(stock_of(&t, &skus[1]).await, (5, 5));
}

async fn buyers_and_shops_see_only_their_own_orders(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let thistle = login(&c, THISTLE, PASSWORD).await;
    let ops = operator(&c).await;
    let skus = live_skus(&c, &owner, &ops, "OWN", "USD", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "mine@buyers.example").await;
    let (stranger, _) = new_buyer(&t, &c, "stranger@buyers.example").await;
    let done = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    let order = done["orders"][0].as_str().unwrap();
    let checkout = done["id"].as_str().unwrap();
    let payment = done["payments"][0]["id"].as_str().unwrap();
    for (path, token) in [
        (format!("/api/v1/buyer/orders/{order}"), &stranger),
        (format!("/api/v1/buyer/checkouts/{checkout}"), &stranger),
        (format!("/api/v1/shop/orders/{order}"), &thistle),
    ] {
        get(&c, &path, token).await.assert_problem(404, "not-found");
    }
    call(
        &c,
        "POST",
        &format!("/api/v1/buyer/payments/{payment}/sessions"),
        &stranger,
        None,
    )
    .await
    .assert_problem(404, "not-found");
    post(
        &c,
        &format!("/api/v1/shop/orders/{order}/cancellation"),
        &thistle,
        json!({"reason": "OUT_OF_STOCK"}),
    )
    .await
    .assert_problem(404, "not-found");
    // A seller's token is not a buyer's, nor the other way round.
    get(&c, "/api/v1/buyer/orders", &owner)
        .await
        .assert_problem(401, "unauthenticated");
    get(&c, "/api/v1/shop/orders", &buyer)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn orders_export_to_csv_and_xlsx_for_a_date_range(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "EXP", 10).await;
    let (buyer, address) = new_buyer(&t, &c, "export@buyers.example").await;
    let paid = buy_now(&c, &buyer, &address, &skus[0], 2, None)
        .await
        .json();
    pay(&t, &c, &paid["payments"][0]).await;
    let video = video_tagging(&t, &c, &owner, &skus[1]).await;
    let unpaid = buy_now(&c, &buyer, &address, &skus[1], 1, Some(&video))
        .await
        .json();
    let r = post(
        &c,
        "/api/v1/shop/orders/exports",
        &owner,
        json!({"from": "2026-03-02", "until": "2026-09-30"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "until"
    );
    let r = post(
        &c,
        "/api/v1/shop/orders/exports",
        &owner,
        json!({"from": "2026-03-02", "until": "2026-03-02"}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["status"], "QUEUED");
    t.run_jobs().await;
    let job = get(&c, &format!("/api/v1/shop/orders/exports/{id}"), &owner)
        .await
        .json();
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(job["rows"], 2);
    let file = get(&c, job["file_url"].as_str().unwrap(), &owner).await;
    assert_eq!(file.status, 200);
    let text = file.text();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("order_id,placed_at,status,paid_at,buyer")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    let paid_id = paid["orders"][0].as_str().unwrap();
    let paid_row = rows.iter().find(|r| r.starts_with(paid_id)).unwrap();
    assert!(paid_row.contains("AWAITING_SHIPMENT") && paid_row.contains("Springfield"));
    assert!(paid_row.contains(",2,59.00,118.00,118.00,0.00,0.00,118.00,USD,"));
    let unpaid_row = rows
        .iter()
        .find(|r| r.starts_with(unpaid["orders"][0].as_str().unwrap()))
        .unwrap();
    assert!(
        !unpaid_row.contains("Springfield"),
        "no address before payment"
    );
    assert!(unpaid_row.ends_with(&format!("VIDEO:{video}")));
    // The next day has nothing; XLSX is a real workbook.
    let r = post(
        &c,
        "/api/v1/shop/orders/exports",
        &owner,
        json!({"from": "2026-03-03", "until": "2026-03-03", "format": "xlsx"}),
    )
    .await;
    let id = r.json()["id"].as_str().unwrap().to_owned();
    t.run_jobs().await;
    let job = get(&c, &format!("/api/v1/shop/orders/exports/{id}"), &owner)
        .await
        .json();
    assert_eq!(job["rows"], 0);
    let file = get(&c, job["file_url"].as_str().unwrap(), &owner).await;
    assert!(file.body.starts_with(b"PK"), "an XLSX (zip) file");
    // Not in the product import/export list, and not another shop's.
    let bulk = get(&c, "/api/v1/shop/bulk/jobs", &owner).await.json();
    assert!(!bulk.to_string().contains(&id));
    let thistle = login(&c, THISTLE, PASSWORD).await;
    get(&c, &format!("/api/v1/shop/orders/exports/{id}"), &thistle)
        .await
        .assert_problem(404, "not-found");
}
