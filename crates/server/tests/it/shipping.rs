//! Shipping through the API: the seller's own carrier with delivery confirmation, platform
//! logistics with the sandbox carrier's signed tracking callbacks, bulk shipping with a result
//! per order, shipping documents, the order status that follows the parcels, and completion
//! when the after-sale window closes (moved clock, real worker).

use axum::body::Body;
use axum::http::Request;
use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_app::{Clock, payments};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, buy_now, get, login, new_buyer, new_buyer_in, operator, paid_order, pdf_pages,
    post, shop, shop_order,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    shipping_own_carrier_in_transit_delivered_then_completed_after_the_window,
    shipping_fifty_orders_in_bulk_with_the_sandbox_carrier_to_completion,
    shipping_forged_stale_and_repeated_tracking_callbacks_change_nothing,
    shipping_refuses_orders_that_cannot_ship_and_combines_one_buyers_orders,
    shipping_a_failed_sandbox_delivery_keeps_the_parcel_in_transit,
    shipping_proof_of_delivery_when_the_platform_asks_for_it,
    shipping_deadlines_remind_flag_late_auto_cancel_and_feed_the_shop_health,
    shipping_one_order_split_over_two_packages,
    shipping_a_partly_shipped_order_is_reminded_and_flagged_late_but_not_cancelled,
);

fn ship_path(order: &str) -> String {
    format!("/api/v1/shop/orders/{order}/shipment")
}

async fn shipping_own_carrier_in_transit_delivered_then_completed_after_the_window(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "OWN", 5).await;
    let buyer = new_buyer(&t, &c, "own-carrier@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;

    // The carrier list for a US shop names UPS with its format.
    let carriers = get(&c, "/api/v1/shop/carriers", &owner).await.json();
    let ups = carriers["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "UPS")
        .cloned()
        .expect("UPS is offered");
    assert!(ups["expected"].as_str().unwrap().contains("1Z"), "{ups}");

    // A tracking number UPS cannot have is refused beside the field.
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "UPS", "tracking_number": "12345"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "tracking_number"
    );
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "NOPE", "tracking_number": "1Z999AA10123456784"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "carrier"
    );
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "ups", "tracking_number": " 1z999aa1 0123456784 "}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let package = r.json();
    assert_eq!(package["status"], "FULFILLING");
    assert_eq!(package["mode"], "SELLER");
    assert_eq!(package["tracking_number"], "1Z999AA10123456784");
    assert!(
        package["tracking_url"]
            .as_str()
            .unwrap()
            .contains("1Z999AA10123456784")
    );
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "IN_TRANSIT");
    assert!(o["deadlines"]["shipped_at"].is_string(), "{o}");
    assert_eq!(o["packages"][0]["events"][0]["code"], "SHIPPED");
    // Shipped units left the shelf: on hand 5 → 4, nothing reserved any more.
    let p = get(
        &c,
        &format!(
            "/api/v1/shop/products/{}",
            fixtures::product_of(&t, &skus[0]).await
        ),
        &owner,
    )
    .await
    .json();
    let sku = p["skus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == skus[0].as_str())
        .unwrap()
        .clone();
    assert_eq!(sku["stock"][0]["on_hand"], 4, "{sku}");
    assert_eq!(sku["stock"][0]["reserved"], 0, "{sku}");
    // The same tracking number again, for another order: refused.
    let second = paid_order(&t, &c, &buyer, &skus[1], 1).await;
    let r = post(
        &c,
        &ship_path(&second),
        &owner,
        json!({"mode": "SELLER", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "tracking-in-use"
    );
    // Shipping twice is a conflict.
    let r = post(&c, &ship_path(&order), &owner, json!({"mode": "PLATFORM"})).await;
    r.assert_problem(409, "order-shipped");

    // The seller confirms delivery.
    let pkg = package["id"].as_str().unwrap();
    let r = fixtures::confirm_delivery(&c, &owner, pkg).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "COMPLETED");
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "DELIVERED");
    let after = o["deadlines"]["complete_after"].as_str().unwrap();
    let delivered = o["deadlines"]["delivered_at"].as_str().unwrap();
    let after: jiff::Timestamp = after.parse().unwrap();
    let delivered: jiff::Timestamp = delivered.parse().unwrap();
    assert_eq!(
        after.duration_since(delivered),
        SignedDuration::from_hours(15 * 24)
    );
    // Reporting again is refused.
    let r = fixtures::confirm_delivery(&c, &owner, pkg).await;
    r.assert_problem(409, "package-state");

    // The buyer sees the parcel's timeline.
    let tr = get(
        &c,
        &format!("/api/v1/buyer/orders/{order}/tracking"),
        &buyer.0,
    )
    .await;
    assert_eq!(tr.status, 200, "{}", tr.text());
    let codes: Vec<String> = tr.json()["data"][0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["SHIPPED", "DELIVERED"]);

    // Not before the window closes…
    t.clock.advance(SignedDuration::from_hours(15 * 24 - 1));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    assert_eq!(shop_order(&c, &owner, &order).await["status"], "DELIVERED");
    // …then COMPLETED, by the worker.
    t.clock.advance(SignedDuration::from_hours(2));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "COMPLETED");
    let last = o["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["to"], "COMPLETED");
    assert_eq!(last["by"], "SYSTEM");
}

async fn post_tracking(c: &TestClient, signature: Option<String>, body: &[u8]) -> TestResponse {
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/v1/logistics/sandbox/callbacks")
        .header("content-type", "application/json");
    if let Some(s) = signature {
        req = req.header(payments::SIGNATURE_HEADER, s);
    }
    c.send(req.body(Body::from(body.to_vec())).unwrap()).await
}

async fn shipping_fifty_orders_in_bulk_with_the_sandbox_carrier_to_completion(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "BULK", 60).await;
    let buyer = new_buyer(&t, &c, "bulk@buyers.example").await;
    let mut orders = Vec::new();
    for _ in 0..50 {
        orders.push(paid_order(&t, &c, &buyer, &skus[0], 1).await);
    }
    // An unpaid order, an unknown one, a malformed id, a repeat and a half-filled own-carrier
    // line sit among them.
    let unpaid = buy_now(&c, &buyer.0, &buyer.1, &skus[1], 1, None)
        .await
        .json()["orders"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let mut items: Vec<Value> = orders.iter().map(|o| json!({"order_id": o})).collect();
    items.insert(3, json!({"order_id": unpaid}));
    items.insert(7, json!({"order_id": "ord_nonsense"}));
    items.insert(
        9,
        json!({"order_id": "ord_00000000000000000000000000000000"}),
    );
    items.push(json!({"order_id": orders[0]}));
    items.push(json!({"order_id": orders[1], "carrier": "UPS"}));
    let r = post(
        &c,
        "/api/v1/shop/shipments/bulk",
        &owner,
        json!({"orders": items}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let res = r.json();
    assert_eq!(res["shipped"], 50, "{res}");
    assert_eq!(res["failed"], 5, "{res}");
    let results = res["results"].as_array().unwrap();
    assert_eq!(results.len(), 55);
    let failed: Vec<(String, String)> = results
        .iter()
        .filter(|r| r["ok"] == false)
        .map(|r| {
            (
                r["order_id"].as_str().unwrap().to_owned(),
                r["error"]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [
            (unpaid.clone(), "order-unpaid".to_owned()),
            ("ord_nonsense".to_owned(), "malformed".to_owned()),
            (
                "ord_00000000000000000000000000000000".to_owned(),
                "not-found".to_owned()
            ),
            (orders[0].clone(), "duplicate".to_owned()),
            (orders[1].clone(), "duplicate".to_owned()),
        ]
    );
    let packages: Vec<String> = results
        .iter()
        .filter(|r| r["ok"] == true)
        .map(|r| r["package_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        results
            .iter()
            .filter(|r| r["ok"] == true)
            .all(|r| r["tracking_number"].as_str().unwrap().starts_with("SDX"))
    );
    let o = shop_order(&c, &owner, &orders[10]).await;
    assert_eq!(o["status"], "AWAITING_COLLECTION");
    assert_eq!(o["packages"][0]["status"], "PROCESSING");

    // One merged PDF: a label per package, then packing slips and a pick list.
    let r = get(
        &c,
        &format!(
            "/api/v1/shop/documents?packages={}&size=A6",
            packages.join(",")
        ),
        &owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert!(r.body.starts_with(b"%PDF-"));
    assert_eq!(pdf_pages(&r.body), 50);
    let r = get(
        &c,
        &format!(
            "/api/v1/shop/documents?packages={}&document_type=ALL",
            packages[..3].join(",")
        ),
        &owner,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(pdf_pages(&r.body), 3 + 3 + 1);
    let r = get(
        &c,
        "/api/v1/shop/documents?packages=pkg_nope&size=A6",
        &owner,
    )
    .await;
    r.assert_problem(422, "validation-failed");

    // The sandbox carrier collects after an hour: orders go IN_TRANSIT.
    t.clock.advance(SignedDuration::from_mins(61));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &orders[10]).await;
    assert_eq!(o["status"], "IN_TRANSIT");
    assert_eq!(o["packages"][0]["status"], "FULFILLING");
    // Delivered after a day.
    t.clock.advance(SignedDuration::from_hours(24));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    for order in &orders {
        let o = shop_order(&c, &owner, order).await;
        assert_eq!(o["status"], "DELIVERED", "{o}");
    }
    let codes: Vec<String> = shop_order(&c, &owner, &orders[20]).await["packages"][0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        ["COLLECTED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]
    );
    // The window closes: every order COMPLETED.
    t.clock.advance(SignedDuration::from_hours(15 * 24));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let page = get(&c, "/api/v1/shop/orders?tab=completed&limit=100", &owner)
        .await
        .json();
    assert_eq!(page["orders"].as_array().unwrap().len(), 50, "{page}");

    // A CSV file works the same way, with a result per line.
    let buyer = (
        fixtures::login_buyer(&c, "bulk@buyers.example").await,
        buyer.1.clone(),
    );
    let more = paid_order(&t, &c, &buyer, &skus[1], 1).await;
    let csv = format!(
        "order_id,carrier,tracking_number\n{more},USPS,9400111899223197428490\n{},UPS,1Z999AA10123456784\nnot-an-order,,\n",
        orders[5]
    );
    let r = c
        .send(
            Request::builder()
                .method("POST")
                .uri("/api/v1/shop/shipments/bulk")
                .header("authorization", format!("Bearer {owner}"))
                .header("content-type", "text/csv")
                .body(Body::from(csv))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let res = r.json();
    assert_eq!(res["shipped"], 1, "{res}");
    assert_eq!(res["results"][1]["error"]["code"], "order-shipped");
    assert_eq!(res["results"][2]["error"]["code"], "malformed");
    assert_eq!(shop_order(&c, &owner, &more).await["status"], "IN_TRANSIT");
}

async fn shipping_forged_stale_and_repeated_tracking_callbacks_change_nothing(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CB", 5).await;
    let buyer = new_buyer(&t, &c, "callbacks@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = post(&c, &ship_path(&order), &owner, json!({"mode": "PLATFORM"})).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let shipment = {
        let mut conn = t.app.db.conn().await.unwrap();
        let pkg = r.json()["id"].as_str().unwrap().to_owned();
        sqlx::query_scalar::<_, String>("SELECT provider_ref FROM packages WHERE id = $1")
            .bind(pkg)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let event = json!({
        "event_id": "evt-delivered-1", "shipment_ref": shipment, "code": "DELIVERED",
        "description": "Delivered", "location": null,
        "occurred_at": t.clock.now().as_second(), "failure_reason": null
    });
    let body = serde_json::to_vec(&event).unwrap();
    let secret = &t.app.settings.sandbox_secret;
    // No signature, a wrong secret, a signature from ten minutes ago: all refused.
    post_tracking(&c, None, &body)
        .await
        .assert_problem(401, "bad-signature");
    post_tracking(
        &c,
        Some(payments::sign(
            "not-the-secret-at-all",
            t.clock.now(),
            &body,
        )),
        &body,
    )
    .await
    .assert_problem(401, "bad-signature");
    let old = t.clock.now() - SignedDuration::from_mins(10);
    post_tracking(&c, Some(payments::sign(secret, old, &body)), &body)
        .await
        .assert_problem(401, "bad-signature");
    // A body changed after signing: refused.
    let mut tampered = event.clone();
    tampered["code"] = json!("DELIVERY_FAILED");
    let sig = payments::sign(secret, t.clock.now(), &body);
    post_tracking(
        &c,
        Some(sig.clone()),
        &serde_json::to_vec(&tampered).unwrap(),
    )
    .await
    .assert_problem(401, "bad-signature");
    assert_eq!(
        shop_order(&c, &owner, &order).await["status"],
        "AWAITING_COLLECTION"
    );
    // A good one applies (collecting the parcel on the way), twice is harmless.
    let r = post_tracking(&c, Some(sig.clone()), &body).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "applied");
    let r = post_tracking(&c, Some(sig), &body).await;
    assert_eq!(r.json()["status"], "duplicate");
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "DELIVERED");
    let events = o["packages"][0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    let to: Vec<&str> = o["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        to[to.len() - 3..],
        ["AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED"]
    );
    // An unknown shipment is a 404; an unknown provider too.
    let mut other = event.clone();
    other["shipment_ref"] = json!("sbs_nope");
    let b2 = serde_json::to_vec(&other).unwrap();
    post_tracking(&c, Some(payments::sign(secret, t.clock.now(), &b2)), &b2)
        .await
        .assert_problem(404, "not-found");
    // The sandbox's own later events (collected, in transit…) arrive after delivery: kept in
    // the timeline, the parcel stays delivered.
    t.clock.advance(SignedDuration::from_hours(25));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "DELIVERED");
    assert_eq!(o["packages"][0]["status"], "COMPLETED");
}

async fn shipping_refuses_orders_that_cannot_ship_and_combines_one_buyers_orders(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "REF", 10).await;
    let ada = new_buyer(&t, &c, "ada-combine@buyers.example").await;
    let bob = new_buyer_in(&t, &c, "bob-combine@buyers.example", "US", "NY").await;
    let a1 = paid_order(&t, &c, &ada, &skus[0], 1).await;
    let a2 = paid_order(&t, &c, &ada, &skus[1], 1).await;
    let b1 = paid_order(&t, &c, &bob, &skus[0], 1).await;
    let unpaid = buy_now(&c, &ada.0, &ada.1, &skus[0], 1, None).await.json()["orders"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let r = post(&c, &ship_path(&unpaid), &owner, json!({"mode": "PLATFORM"})).await;
    assert!(
        r.assert_problem(409, "order-unpaid")["detail"]
            .as_str()
            .unwrap()
            .contains("not paid")
    );
    let r = post(&c, &ship_path(&a1), &owner, json!({"mode": "BOAT"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "mode"
    );
    // Different buyers cannot share a package.
    let r = post(
        &c,
        &ship_path(&a1),
        &owner,
        json!({"mode": "PLATFORM", "combine_with": [b1]}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "not-combinable"
    );
    // One buyer's two orders to one address: one package, both orders on it.
    let r = post(
        &c,
        &ship_path(&a1),
        &owner,
        json!({"mode": "PLATFORM", "combine_with": [a2]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let p = r.json();
    assert_eq!(p["order_ids"].as_array().unwrap().len(), 2);
    for o in [&a1, &a2] {
        let o = shop_order(&c, &owner, o).await;
        assert_eq!(o["status"], "AWAITING_COLLECTION");
        assert_eq!(o["packages"][0]["id"], p["id"]);
    }
    // Another shop cannot see the package or print its label.
    let other = login(&c, "owner@thistle-thread.example", PASSWORD).await;
    let pkg = p["id"].as_str().unwrap();
    let r = get(&c, &format!("/api/v1/shop/packages/{pkg}"), &other).await;
    r.assert_problem(404, "not-found");
    let r = get(
        &c,
        &format!("/api/v1/shop/documents?packages={pkg}"),
        &other,
    )
    .await;
    r.assert_problem(404, "not-found");
    let r = post(&c, &ship_path(&b1), &other, json!({"mode": "PLATFORM"})).await;
    r.assert_problem(404, "not-found");
    // A platform shipment is not confirmed by the seller.
    let r = fixtures::confirm_delivery(&c, &owner, pkg).await;
    r.assert_problem(409, "platform-tracked");
}

async fn shipping_a_failed_sandbox_delivery_keeps_the_parcel_in_transit(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "FAIL", 5).await;
    let buyer = new_buyer(&t, &c, "fail@buyers.example").await;
    // The sandbox fails deliveries to a recipient named "… Fail Delivery".
    let r = post(
        &c,
        "/api/v1/buyer/addresses",
        &buyer.0,
        json!({
            "recipient_name": "Ada Fail Delivery", "phone": "+14155550123", "country": "US",
            "region": "CA", "city": "Springfield", "postal_code": "94016",
            "line1": "2 Market Street", "is_default": true
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let buyer = (buyer.0, r.json()["id"].as_str().unwrap().to_owned());
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = post(&c, &ship_path(&order), &owner, json!({"mode": "PLATFORM"})).await;
    assert_eq!(r.status, 201, "{}", r.text());
    t.clock.advance(SignedDuration::from_hours(25));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "IN_TRANSIT");
    assert_eq!(o["packages"][0]["status"], "FULFILLING");
    assert_eq!(o["packages"][0]["failure_reason"], "UNABLE_RECEIVE");
    let last = o["packages"][0]["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["code"], "DELIVERY_FAILED");
}

async fn shipping_proof_of_delivery_when_the_platform_asks_for_it(b: TestBackend) {
    let t = TestApp::with_demo_and(b, |s| s.delivery_proof_required = true).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "POD", 5).await;
    let buyer = new_buyer(&t, &c, "proof@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let pkg = fixtures::ship_own(&c, &owner, &order, "LOCAL-0001").await;
    let path = format!("/api/v1/shop/packages/{pkg}/delivery");
    let r = post(
        &c,
        &path,
        &owner,
        json!({"delivery_type": "DELIVERY_SUCCESS"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "proof"
    );
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(b"just some text");
    let r = post(
        &c,
        &path,
        &owner,
        json!({"delivery_type": "DELIVERY_SUCCESS", "proof_base64": text}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "unsupported-type"
    );
    // A failed attempt first, with its reason; then delivery with a PDF as proof.
    let r = post(
        &c,
        &path,
        &owner,
        json!({"delivery_type": "DELIVERY_FAILED", "failure_reason": "BUYER_REFUSED"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["failure_reason"], "BUYER_REFUSED");
    let pdf = b"%PDF-1.4\n% signed by the recipient\n%%EOF\n";
    let r = post(
        &c,
        &path,
        &owner,
        json!({
            "delivery_type": "DELIVERY_SUCCESS",
            "proof_base64": base64::engine::general_purpose::STANDARD.encode(pdf)
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["has_proof"], true);
    assert_eq!(r.json()["failure_reason"], Value::Null);
    let r = get(&c, &format!("/api/v1/shop/packages/{pkg}/proof"), &owner).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert_eq!(r.body, pdf);
    assert_eq!(shop_order(&c, &owner, &order).await["status"], "DELIVERED");
}

/// Subjects of the shipping reminders in the outbox, oldest first.
async fn reminders(t: &TestApp) -> Vec<String> {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar::<_, String>(
        "SELECT subject FROM notifications WHERE subject LIKE 'Ship order%' ORDER BY created_at, id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn shipping_deadlines_remind_flag_late_auto_cancel_and_feed_the_shop_health(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "DL", 9).await;
    let buyer = new_buyer(&t, &c, "deadlines@buyers.example").await;
    let forgotten = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let late = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let on_time = paid_order(&t, &c, &buyer, &skus[1], 1).await;
    // Shipped on time: no reminder, not late.
    let r = post(
        &c,
        &ship_path(&on_time),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "ON-TIME-1"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let health = get(&c, "/api/v1/shop/health", &owner).await.json();
    assert_eq!(health["late_dispatch"]["numerator"], 0);
    assert_eq!(health["late_dispatch"]["denominator"], 1);
    assert_eq!(health["late_dispatch"]["level"], "GOOD");

    // 24 hours before the 120-hour shipping deadline: a reminder per unshipped order.
    t.clock
        .advance(SignedDuration::from_hours(96) + SignedDuration::from_mins(1));
    t.run_jobs().await;
    let sent = reminders(&t).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().any(|s| s.contains(&forgotten)), "{sent:?}");
    assert!(sent.iter().all(|s| !s.contains(&on_time)), "{sent:?}");
    // 4 hours before: the second one.
    t.clock.advance(SignedDuration::from_hours(20));
    t.run_jobs().await;
    assert_eq!(reminders(&t).await.len(), 4);
    // The deadline passes: both flagged late, in the timeline and the health figures.
    t.clock.advance(SignedDuration::from_hours(4));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &forgotten).await;
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    assert!(o["deadlines"]["ship_late_at"].is_string(), "{o}");
    assert_eq!(
        o["timeline"].as_array().unwrap().last().unwrap()["reason"],
        "SHIPPING_DEADLINE_PASSED"
    );
    let health = get(&c, "/api/v1/shop/health", &owner).await.json();
    assert_eq!(health["late_to_ship"], 2);
    // One ships late: late dispatch 1 of 2.
    fixtures::ship_own(&c, &owner, &late, "LATE-1").await;
    // The other is cancelled with a refund after the 24-hour grace period.
    t.clock.advance(SignedDuration::from_hours(24));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &forgotten).await;
    assert_eq!(o["status"], "CANCELLED");
    assert_eq!(o["cancellation"]["by"], "SYSTEM");
    assert_eq!(o["cancellation"]["reason"], "SHIPPING_OVERDUE");
    assert_eq!(o["refunds"][0]["status"], "SUCCEEDED");
    let health = get(&c, "/api/v1/shop/health", &owner).await.json();
    assert_eq!(health["late_dispatch"]["numerator"], 1);
    assert_eq!(health["late_dispatch"]["denominator"], 2);
    assert_eq!(health["late_dispatch"]["basis_points"], 5000);
    assert_eq!(health["late_dispatch"]["level"], "BREACH");
    assert_eq!(health["seller_fault_cancellation"]["numerator"], 1);
    assert_eq!(health["seller_fault_cancellation"]["denominator"], 3);
    assert_eq!(health["late_to_ship"], 0);
    // The operator sees the same figures; a seller cannot use the operator's route.
    let ops = operator(&c).await;
    let shop = get(&c, "/api/v1/shop", &owner).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&c, &format!("/api/v1/ops/shops/{shop}/health"), &ops).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["seller_fault_cancellation"]["numerator"], 1);
    let r = get(&c, &format!("/api/v1/ops/shops/{shop}/health"), &owner).await;
    assert_eq!(r.status, 403, "{}", r.text());
}

async fn shipping_one_order_split_over_two_packages(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "SPL", 10).await;
    let buyer = new_buyer(&t, &c, "split@buyers.example").await;
    let order = fixtures::paid_order(&t, &c, &buyer, &skus[0], 3).await;
    let weight = shop_order(&c, &owner, &order).await["weight_grams"].clone();

    // Bad splits are refused beside the field.
    for (items, field) in [
        (json!([{"line_no": 1, "quantity": 4}]), "items[0].quantity"),
        (json!([{"line_no": 1, "quantity": 0}]), "items[0].quantity"),
        (json!([{"line_no": 7, "quantity": 1}]), "items[0].line_no"),
    ] {
        let r = post(&c, &ship_path(&order), &owner, json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "SPLIT-001", "items": items}))
        .await;
        assert_eq!(
            r.assert_problem(422, "validation-failed")["errors"][0]["field"],
            field,
            "{items}"
        );
    }

    // One unit goes first, with the seller's carrier: the order is partly shipping.
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "SPLIT-001",
                    "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let first = r.json();
    assert_eq!(first["items"], json!([{"line_no": 1, "quantity": 1}]));
    if let (Some(all), Some(part)) = (weight.as_i64(), first["weight_grams"].as_i64()) {
        assert!(part < all || all <= 1, "a third of {all} g, not {part} g");
    }
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "PARTIALLY_SHIPPING", "{o}");
    // The parcel's unit left the shelf; the other two stay reserved.
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await, (9, 2));
    // It stays in the To ship list.
    let list = get(&c, "/api/v1/shop/orders?tab=to_ship", &owner)
        .await
        .json();
    assert!(
        list["orders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == order.as_str()),
        "{list}"
    );
    // More than what is left is refused.
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "SPLIT-002",
                    "items": [{"line_no": 1, "quantity": 3}]}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "items[0].quantity"
    );

    // The rest ships without naming it: everything is in a package, the order is in transit
    // and the three units have left the shelf.
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "SPLIT-002"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let second = r.json();
    assert_eq!(second["items"], json!([{"line_no": 1, "quantity": 2}]));
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "IN_TRANSIT", "{o}");
    assert_eq!(o["packages"].as_array().unwrap().len(), 2);
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await, (7, 0));
    let r = post(&c, &ship_path(&order), &owner, json!({"mode": "PLATFORM"})).await;
    r.assert_problem(409, "order-shipped");

    // Delivered only when both parcels are.
    for (n, p) in [&first, &second].into_iter().enumerate() {
        let pkg = p["id"].as_str().unwrap();
        let r = fixtures::confirm_delivery(&c, &owner, pkg).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let o = shop_order(&c, &owner, &order).await;
        let expected = if n == 0 { "IN_TRANSIT" } else { "DELIVERED" };
        assert_eq!(o["status"], expected, "{o}");
    }
    // The packing slip of the first parcel is a PDF (its lines are the parcel's units).
    let pkg = first["id"].as_str().unwrap();
    let r = get(
        &c,
        &format!("/api/v1/shop/documents?packages={pkg}&document_type=PACKING_SLIP"),
        &owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(pdf_pages(&r.body), 1);
}

async fn shipping_a_partly_shipped_order_is_reminded_and_flagged_late_but_not_cancelled(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "SPD", 10).await;
    let buyer = new_buyer(&t, &c, "split-late@buyers.example").await;
    let order = fixtures::paid_order(&t, &c, &buyer, &skus[0], 2).await;
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "HALF-0001",
                    "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // The rest is still due: both reminders go out.
    t.clock
        .advance(SignedDuration::from_hours(116) + SignedDuration::from_mins(1));
    t.run_jobs().await;
    let sent = reminders(&t).await;
    assert_eq!(
        sent.iter().filter(|s| s.contains(&order)).count(),
        2,
        "{sent:?}"
    );
    // The deadline and the grace period pass: flagged late, counted as late to ship, but not
    // cancelled (one parcel is on its way).
    t.clock.advance(SignedDuration::from_hours(4 + 25));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = shop_order(&c, &owner, &order).await;
    assert_eq!(o["status"], "PARTIALLY_SHIPPING", "{o}");
    assert!(o["deadlines"]["ship_late_at"].is_string(), "{o}");
    let health = get(&c, "/api/v1/shop/health", &owner).await.json();
    assert!(health["late_to_ship"].as_u64().unwrap() >= 1, "{health}");
    // The rest ships late.
    let r = post(
        &c,
        &ship_path(&order),
        &owner,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "HALF-0002"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(shop_order(&c, &owner, &order).await["status"], "IN_TRANSIT");
}
