//! Returns and refunds after delivery through the API: refund-only and return-and-refund
//! requests with photos, the seller's answers, shipping back with a Shopdeck label or the
//! buyer's own carrier, receipt with restock, the refund landing through the worker, the
//! rejection escalated to an operator, every automatic timeout (moved clock, real worker), and
//! the order completing only once no return is open.

use axum::body::Body;
use axum::http::Request;
use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_app::Clock;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, PNG, b64, delivered_order, get, login, new_buyer, operator, post, shop,
    shop_return,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    returns_a_refund_only_request_is_approved_and_the_refund_lands,
    returns_an_item_goes_back_with_a_label_is_received_restocked_and_refunded,
    returns_a_rejection_is_escalated_and_the_operator_decides,
    returns_unanswered_unshipped_and_unchecked_returns_time_out_through_the_worker,
    returns_requests_outside_the_rules_are_refused,
    returns_the_order_completes_only_when_no_return_is_open,
    returns_the_seller_home_lists_after_sale_todos_and_the_shop_health,
    returns_a_used_item_comes_back_and_gets_a_partial_refund,
    returns_a_refused_package_is_disputed_then_the_buyer_withdraws,
);

async fn ask(c: &TestClient, buyer: &str, order: &str, body: Value) -> TestResponse {
    post(
        c,
        &format!("/api/v1/buyer/orders/{order}/returns"),
        buyer,
        body,
    )
    .await
}

async fn seller_post(
    c: &TestClient,
    owner: &str,
    id: &str,
    what: &str,
    body: Option<Value>,
) -> Value {
    let r = post(
        c,
        &format!("/api/v1/shop/returns/{id}/{what}"),
        owner,
        body.unwrap_or_else(|| json!({})),
    )
    .await;
    assert_eq!(r.status, 200, "{what}: {}", r.text());
    r.json()
}

async fn refunds_of(c: &TestClient, owner: &str, order: &str) -> Vec<Value> {
    let r = get(c, &format!("/api/v1/shop/orders/{order}"), owner).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["refunds"].as_array().cloned().unwrap_or_default()
}

fn actions(ret: &Value) -> Vec<String> {
    ret["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn returns_a_refund_only_request_is_approved_and_the_refund_lands(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RFO", 10).await;
    let buyer = new_buyer(&t, &c, "refund-only@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 2).await;

    // The buyer sees what may be returned, and until when.
    let e = get(
        &c,
        &format!("/api/v1/buyer/orders/{order}/returnable"),
        &buyer.0,
    )
    .await;
    assert_eq!(e.status, 200, "{}", e.text());
    let e = e.json();
    assert_eq!(e["allowed"], true, "{e}");
    assert_eq!(e["lines"][0]["returnable"], 2);
    let closes: jiff::Timestamp = e["window_closes"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        closes.duration_since(t.clock.now()),
        SignedDuration::from_hours(15 * 24)
    );

    // One of two units arrived damaged: a refund only, with a photo. The seller is at fault,
    // so the (free) shipping part is what is left of the fee: nothing here.
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED", "note": "Torn seam",
               "items": [{"line_no": 1, "quantity": 1}], "photos_base64": [b64(PNG)]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ret = r.json();
    let id = ret["id"].as_str().unwrap().to_owned();
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_PENDING");
    assert_eq!(ret["seller_next_action"], "SELLER_RESPOND_REFUND");
    assert_eq!(ret["deadline_role"], "SELLER");
    let deadline: jiff::Timestamp = ret["deadline"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        deadline.duration_since(t.clock.now()),
        SignedDuration::from_hours(48)
    );
    assert_eq!(ret["seller_fault"], true);
    assert_eq!(ret["photos"], 1);
    let unit = ret["items"][0]["unit_price"]["amount"].clone();
    assert_eq!(ret["merchandise"]["amount"], unit);

    // The shop lists it under "to respond" and sees the photo.
    let list = get(&c, "/api/v1/shop/returns?tab=to_respond", &owner)
        .await
        .json();
    assert_eq!(list["counts"]["to_respond"], 1, "{list}");
    assert_eq!(list["returns"][0]["id"], id.as_str());
    let photo = get(&c, &format!("/api/v1/shop/returns/{id}/photos/0"), &owner).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.header("content-type"), Some("image/png"));
    assert_eq!(photo.body.as_slice(), PNG);

    // Approved: refunded at once (a refund only keeps the item: no restock).
    let stock_before = fixtures::stock_of(&t, &skus[0]).await.0;
    let ret = seller_post(&c, &owner, &id, "approval", None).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_SUCCESS");
    assert!(ret["refund_id"].is_string(), "{ret}");
    assert_eq!(ret["seller_next_action"], Value::Null);
    let refunds = refunds_of(&c, &owner, &order).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"]["amount"], unit);
    // Approving twice is a conflict.
    let r = post(
        &c,
        &format!("/api/v1/shop/returns/{id}/approval"),
        &owner,
        json!({}),
    )
    .await;
    r.assert_problem(409, "return-state");

    // The worker pays it through the provider; the return is complete.
    t.run_jobs().await;
    let ret = shop_return(&c, &owner, &id).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE", "{ret}");
    assert_eq!(
        actions(&ret),
        ["REQUEST", "SELLER_APPROVE", "REFUND_PAID"],
        "{ret}"
    );
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await.0, stock_before);
    let refunds = refunds_of(&c, &owner, &order).await;
    assert_eq!(refunds[0]["status"], "SUCCEEDED", "{refunds:?}");

    // The other unit may still be returned; the refunded one may not.
    let e = get(
        &c,
        &format!("/api/v1/buyer/orders/{order}/returnable"),
        &buyer.0,
    )
    .await
    .json();
    assert_eq!(e["allowed"], true, "{e}");
    assert_eq!(e["lines"][0]["returnable"], 1);
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED",
               "items": [{"line_no": 1, "quantity": 2}]}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "items[0].quantity"
    );
    // The buyer's own list shows it; another buyer cannot see it.
    let mine = get(&c, "/api/v1/buyer/returns", &buyer.0).await.json();
    assert_eq!(mine["data"][0]["id"], id.as_str());
    let other = new_buyer(&t, &c, "nosy@buyers.example").await;
    let r = get(&c, &format!("/api/v1/buyer/returns/{id}"), &other.0).await;
    r.assert_problem(404, "not-found");
}

async fn returns_an_item_goes_back_with_a_label_is_received_restocked_and_refunded(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RLB", 10).await;
    let buyer = new_buyer(&t, &c, "return-label@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let stock = fixtures::stock_of(&t, &skus[0]).await.0;

    // The whole order back (buyer's reason): the whole order is refunded, shipping included.
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "RETURN_AND_REFUND", "reason": "SIZE_OR_FIT",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ret = r.json();
    let id = ret["id"].as_str().unwrap().to_owned();
    assert_eq!(ret["seller_next_action"], "SELLER_RESPOND_RETURN");
    assert_eq!(ret["seller_fault"], false);
    // A second request while this one is open is refused.
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    r.assert_problem(409, "return-in-progress");

    let ret = seller_post(&c, &owner, &id, "approval", None).await;
    assert_eq!(ret["status"], "AWAITING_BUYER_SHIP");
    assert_eq!(ret["deadline_role"], "BUYER");
    let deadline: jiff::Timestamp = ret["deadline"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        deadline.duration_since(t.clock.now()),
        SignedDuration::from_hours(5 * 24)
    );
    // No label before shipping; the seller cannot confirm receipt yet.
    let r = get(&c, &format!("/api/v1/buyer/returns/{id}/label"), &buyer.0).await;
    r.assert_problem(409, "no-return-label");
    let r = post(
        &c,
        &format!("/api/v1/shop/returns/{id}/receipt"),
        &owner,
        json!({}),
    )
    .await;
    r.assert_problem(409, "return-state");

    // Own carrier with a bad number is refused beside the field; then the Shopdeck label.
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/shipment"),
        &buyer.0,
        json!({"method": "BUYER_ARRANGE", "carrier": "UPS", "tracking_number": "123"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "tracking_number"
    );
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/shipment"),
        &buyer.0,
        json!({"method": "PLATFORM"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let ret = r.json();
    assert_eq!(ret["status"], "BUYER_SHIPPED_ITEM");
    assert_eq!(ret["return_method"], "PLATFORM");
    let tracking = ret["return_tracking"].as_str().unwrap().to_owned();
    assert!(tracking.starts_with("SDX"), "{tracking}");
    assert_eq!(ret["deadline_role"], "SELLER");
    let label = get(&c, &format!("/api/v1/buyer/returns/{id}/label"), &buyer.0).await;
    assert_eq!(label.status, 200);
    assert_eq!(label.header("content-type"), Some("application/pdf"));
    assert!(label.body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&label.body);
    assert_eq!(
        text.matches("/Type /Page").count() - text.matches("/Type /Pages").count(),
        1,
        "one label page"
    );
    // Withdrawing is too late now.
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/withdrawal"),
        &buyer.0,
        json!({}),
    )
    .await;
    r.assert_problem(409, "return-state");

    // Received in good shape: back in stock, and the whole order is refunded.
    let ret = shop_return(&c, &owner, &id).await;
    assert_eq!(ret["seller_next_action"], "SELLER_RESPOND_RECEIVE_PACKAGE");
    let ret = seller_post(
        &c,
        &owner,
        &id,
        "receipt",
        Some(json!({"resellable": true})),
    )
    .await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_SUCCESS");
    assert_eq!(ret["restocked"], true);
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await.0, stock + 1);
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["refunds"][0]["amount"], o["total"], "{o}");
    assert_eq!(o["lines"][0]["returned_quantity"], 1, "{o}");
    assert_eq!(o["returns"][0]["id"], id.as_str());
    t.run_jobs().await;
    let ret = shop_return(&c, &owner, &id).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE");
    assert_eq!(
        actions(&ret),
        [
            "REQUEST",
            "SELLER_APPROVE",
            "BUYER_SHIP",
            "SELLER_CONFIRM_RECEIPT",
            "REFUND_PAID"
        ]
    );
    // Nothing is left to return.
    let e = get(
        &c,
        &format!("/api/v1/buyer/orders/{order}/returnable"),
        &buyer.0,
    )
    .await
    .json();
    assert_eq!(e["allowed"], false, "{e}");
}

async fn returns_a_rejection_is_escalated_and_the_operator_decides(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RAR", 10).await;
    let ops = operator(&c).await;
    let buyer = new_buyer(&t, &c, "dispute@buyers.example").await;
    let first = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let second = delivered_order(&t, &c, &owner, &buyer, &skus[1], 1).await;

    // Rejecting needs a known reason, and a note with OTHER.
    let id = ask(
        &c,
        &buyer.0,
        &first,
        json!({"return_type": "REFUND", "reason": "NOT_AS_DESCRIBED",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/shop/returns/{id}/rejection");
    let r = post(&c, &path, &owner, json!({"reason": "NOPE"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "reason"
    );
    let r = post(&c, &path, &owner, json!({"reason": "OTHER"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let ret = seller_post(
        &c,
        &owner,
        &id,
        "rejection",
        Some(json!({"reason": "INSUFFICIENT_EVIDENCE", "note": "No photo of the label"})),
    )
    .await;
    assert_eq!(ret["status"], "REFUND_OR_RETURN_REQUEST_REJECT");
    assert_eq!(ret["deadline_role"], "BUYER");
    assert!(
        ret["reject_reason_text"]
            .as_str()
            .unwrap()
            .contains("photos")
    );

    // The buyer escalates (a note is required); the operator supports the buyer.
    let esc = format!("/api/v1/buyer/returns/{id}/escalation");
    let r = post(&c, &esc, &buyer.0, json!({})).await;
    r.assert_problem(422, "validation-failed");
    let r = post(
        &c,
        &esc,
        &buyer.0,
        json!({"note": "It is clearly the wrong colour"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["arbitration"], "IN_PROGRESS");
    let r = post(&c, &esc, &buyer.0, json!({"note": "again"})).await;
    r.assert_problem(409, "escalation-closed");
    // Sellers cannot see the operators' queue; operators can.
    let r = get(&c, "/api/v1/ops/returns", &owner).await;
    r.assert_problem(403, "forbidden");
    let queue = get(&c, "/api/v1/ops/returns", &ops).await.json();
    assert!(
        queue["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "{queue}"
    );
    let decide = format!("/api/v1/ops/returns/{id}/decision");
    let r = post(&c, &decide, &ops, json!({"support": "BUYER"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let r = post(
        &c,
        &decide,
        &ops,
        json!({"support": "BUYER", "note": "The photos match the complaint"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let ret = r.json();
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_SUCCESS");
    assert_eq!(ret["arbitration"], "SUPPORT_BUYER");
    t.run_jobs().await;
    let ret = shop_return(&c, &owner, &id).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE", "{ret}");
    assert_eq!(refunds_of(&c, &owner, &first).await.len(), 1);

    // The second: rejected, escalated, and the operator supports the seller: closed, no refund.
    let id = ask(
        &c,
        &buyer.0,
        &second,
        json!({"return_type": "REFUND", "reason": "CHANGED_MIND",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    seller_post(
        &c,
        &owner,
        &id,
        "rejection",
        Some(json!({"reason": "ITEM_NOT_RETURNABLE"})),
    )
    .await;
    let r = fixtures::escalate(&c, &buyer.0, &id, "The listing said returns are free").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = fixtures::arbitrate(&c, &ops, &id, "SELLER", "The listing excludes returns").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let ret = r.json();
    assert_eq!(ret["arbitration"], "SUPPORT_SELLER");
    assert_eq!(ret["open"], false);
    assert!(refunds_of(&c, &owner, &second).await.is_empty());
    // Deciding again is a conflict.
    let r = fixtures::arbitrate(&c, &ops, &id, "BUYER", "changed my mind").await;
    r.assert_problem(409, "return-state");
}

async fn returns_unanswered_unshipped_and_unchecked_returns_time_out_through_the_worker(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RTO", 10).await;
    let buyer = new_buyer(&t, &c, "timeouts@buyers.example").await;
    let a = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let b2 = delivered_order(&t, &c, &owner, &buyer, &skus[1], 1).await;
    let c3 = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let d = delivered_order(&t, &c, &owner, &buyer, &skus[1], 1).await;
    let item = json!([{"line_no": 1, "quantity": 1}]);
    let mut ids = Vec::new();
    for (order, kind) in [
        (&a, "REFUND"),
        (&b2, "RETURN_AND_REFUND"),
        (&c3, "RETURN_AND_REFUND"),
        (&d, "REFUND"),
    ] {
        let r = ask(
            &c,
            &buyer.0,
            order,
            json!({"return_type": kind, "reason": "DEFECTIVE", "items": item}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        ids.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    // b and c approved (waiting for the buyer); c shipped back at once; d rejected.
    seller_post(&c, &owner, &ids[1], "approval", None).await;
    seller_post(&c, &owner, &ids[2], "approval", None).await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{}/shipment", ids[2]),
        &buyer.0,
        json!({"method": "BUYER_ARRANGE", "carrier": "OTHER", "tracking_number": "BACK-0001"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    seller_post(
        &c,
        &owner,
        &ids[3],
        "rejection",
        Some(json!({"reason": "DAMAGED_BY_BUYER"})),
    )
    .await;

    // Nothing happens before the deadlines.
    t.clock.advance(SignedDuration::from_hours(47));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let ret = shop_return(&c, &owner, &ids[0]).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_PENDING");

    // 48 h: the unanswered refund-only request is approved and refunded; the unescalated
    // rejection becomes final.
    t.clock.advance(SignedDuration::from_hours(2));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let ret = shop_return(&c, &owner, &ids[0]).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE", "{ret}");
    assert_eq!(actions(&ret)[1], "AUTO_APPROVE");
    assert_eq!(ret["records"][1]["role"], "SYSTEM");
    let ret = shop_return(&c, &owner, &ids[3]).await;
    assert_eq!(ret["open"], false, "{ret}");
    assert_eq!(ret["status"], "REFUND_OR_RETURN_REQUEST_REJECT");
    let buyer_tok = fixtures::login_buyer(&c, "timeouts@buyers.example").await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{}/escalation", ids[3]),
        &buyer_tok,
        json!({"note": "too late?"}),
    )
    .await;
    r.assert_problem(409, "escalation-closed");

    // 5 days after approval: the return never shipped is closed.
    t.clock.advance(SignedDuration::from_hours(3 * 24));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let ret = shop_return(&c, &owner, &ids[1]).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_CANCEL", "{ret}");
    assert_eq!(actions(&ret).last().unwrap(), "BUYER_SHIP_TIMEOUT");
    assert!(refunds_of(&c, &owner, &b2).await.is_empty());

    // 8 days after the buyer shipped: receipt confirmed by the system and refunded (not
    // restocked: nobody checked the item).
    let stock = fixtures::stock_of(&t, &skus[0]).await.0;
    t.clock.advance(SignedDuration::from_hours(4 * 24));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let ret = shop_return(&c, &owner, &ids[2]).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE", "{ret}");
    assert!(actions(&ret).contains(&"AUTO_CONFIRM_RECEIPT".to_owned()));
    assert_eq!(ret["restocked"], false);
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await.0, stock);
    assert_eq!(refunds_of(&c, &owner, &c3).await.len(), 1);
}

async fn returns_requests_outside_the_rules_are_refused(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RRF", 10).await;
    let buyer = new_buyer(&t, &c, "rules@buyers.example").await;

    // Not delivered yet: refused.
    let paid = fixtures::paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let item = json!([{"line_no": 1, "quantity": 1}]);
    let r = ask(
        &c,
        &buyer.0,
        &paid,
        json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item}),
    )
    .await;
    r.assert_problem(409, "not-delivered");

    let order = delivered_order(&t, &c, &owner, &buyer, &skus[1], 1).await;
    for (body, field) in [
        (
            json!({"return_type": "SWAP", "reason": "DAMAGED", "items": item}),
            "return_type",
        ),
        (
            json!({"return_type": "REFUND", "reason": "BORED", "items": item}),
            "reason",
        ),
        (
            json!({"return_type": "REFUND", "reason": "OTHER", "items": item}),
            "note",
        ),
        (
            json!({"return_type": "REFUND", "reason": "DAMAGED", "items": []}),
            "items",
        ),
        (
            json!({"return_type": "REFUND", "reason": "DAMAGED", "items": [{"line_no": 9, "quantity": 1}]}),
            "items[0].line_no",
        ),
        (
            json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item, "photos_base64": ["%%%"]}),
            "photos_base64[0]",
        ),
        (
            json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item, "photos_base64": [b64(b"not an image at all")]}),
            "photos[0]",
        ),
    ] {
        let r = ask(&c, &buyer.0, &order, body.clone()).await;
        assert_eq!(
            r.assert_problem(422, "validation-failed")["errors"][0]["field"],
            field,
            "{body}"
        );
    }
    // Another buyer's order is not found.
    let other = new_buyer(&t, &c, "other-rules@buyers.example").await;
    let r = ask(
        &c,
        &other.0,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item}),
    )
    .await;
    r.assert_problem(404, "not-found");

    // After the window (15 days): refused, and the eligibility says why.
    t.clock.advance(SignedDuration::from_hours(15 * 24 + 1));
    let tok = fixtures::login_buyer(&c, "rules@buyers.example").await;
    let r = ask(
        &c,
        &tok,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item}),
    )
    .await;
    let p = r.assert_problem(409, "return-window-closed");
    assert!(p["detail"].as_str().unwrap().contains("window"), "{p}");

    // The Idempotency-Key replays a request instead of opening a second one (checked on a
    // fresh delivered order within its window).
    let owner = login(&c, OWNER, PASSWORD).await;
    let fresh = delivered_order(&t, &c, &owner, &(tok.clone(), buyer.1.clone()), &skus[0], 1).await;
    let body = json!({"return_type": "REFUND", "reason": "DAMAGED", "items": item});
    let mut ids = Vec::new();
    for _ in 0..2 {
        let req = Request::builder()
            .method("POST")
            .uri(format!("/api/v1/buyer/orders/{fresh}/returns"))
            .header("authorization", format!("Bearer {tok}"))
            .header("content-type", "application/json")
            .header("idempotency-key", "ret-key-1")
            .body(Body::from(body.to_string()))
            .unwrap();
        let r = c.send(req).await;
        assert_eq!(r.status, 201, "{}", r.text());
        ids.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids[0], ids[1]);
}

async fn returns_the_order_completes_only_when_no_return_is_open(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RCO", 10).await;
    let buyer = new_buyer(&t, &c, "complete@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 2).await;
    // On the last day of the window the buyer asks for a return; the seller approves.
    t.clock.advance(SignedDuration::from_hours(15 * 24 - 1));
    let tok = fixtures::login_buyer(&c, "complete@buyers.example").await;
    let r = ask(
        &c,
        &tok,
        &order,
        json!({"return_type": "RETURN_AND_REFUND", "reason": "WRONG_ITEM",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let owner = login(&c, OWNER, PASSWORD).await;
    seller_post(&c, &owner, &id, "approval", None).await;

    // The window closes: the order stays DELIVERED while the return is open.
    t.clock.advance(SignedDuration::from_hours(2));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "DELIVERED", "{o}");

    // The buyer withdraws: the order completes through the worker.
    let tok = fixtures::login_buyer(&c, "complete@buyers.example").await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/withdrawal"),
        &tok,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "RETURN_OR_REFUND_REQUEST_CANCEL");
    t.run_jobs().await;
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "COMPLETED", "{o}");
}

async fn returns_the_seller_home_lists_after_sale_todos_and_the_shop_health(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RHM", 10).await;
    let buyer = new_buyer(&t, &c, "home@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let before = get(&c, "/api/v1/shop/health", &owner).await.json();
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "WRONG_ITEM",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // The seller-fault return rate counts it.
    let h = get(&c, "/api/v1/shop/health", &owner).await.json();
    assert_eq!(
        h["seller_fault_return"]["numerator"].as_u64().unwrap(),
        before["seller_fault_return"]["numerator"].as_u64().unwrap() + 1,
        "{h}"
    );
    assert_eq!(h["seller_fault_return"]["target_basis_points"], 100);

    // Seller Center's home: the request is a to-do, and the health card shows the rates.
    let w = t.client().with_header("x-forwarded-for", "203.0.113.84");
    fixtures::web::sign_in_seller(&w, OWNER).await;
    let home = w.get("/seller").await;
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(
        html.contains("href=\"/seller/orders/returns?tab=to_respond\""),
        "the home links the returns to answer"
    );
    assert!(html.contains("1 return request to answer"), "{html}");
    assert!(html.contains("Shop health"), "{html}");
    assert!(html.contains("Seller-fault return rate"), "{html}");
    assert!(html.contains("≤ 1.00 %"), "the target is shown");
}

async fn returns_a_used_item_comes_back_and_gets_a_partial_refund(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RPR", 10).await;
    let buyer = new_buyer(&t, &c, "partial@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 2).await;
    let r = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "RETURN_AND_REFUND", "reason": "CHANGED_MIND",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ret = r.json();
    let id = ret["id"].as_str().unwrap().to_owned();
    let full = ret["refund"]["amount"].as_i64().unwrap();
    let full = format!("{}.{:02}", full / 100, full % 100);
    seller_post(&c, &owner, &id, "approval", None).await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/shipment"),
        &buyer.0,
        json!({"method": "BUYER_ARRANGE", "carrier": "OTHER", "tracking_number": "WORN-0001"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());

    // The offer must be more than zero, less than the full refund, and explained.
    let receipt = format!("/api/v1/shop/returns/{id}/receipt");
    for (body, field) in [
        (
            json!({"refund_amount": "0", "note": "worn"}),
            "refund_amount",
        ),
        (
            json!({"refund_amount": full, "note": "worn"}),
            "refund_amount",
        ),
        (
            json!({"refund_amount": "abc", "note": "worn"}),
            "refund_amount",
        ),
        (json!({"refund_amount": "5.00"}), "note"),
    ] {
        let r = post(&c, &receipt, &owner, body.clone()).await;
        assert_eq!(
            r.assert_problem(422, "validation-failed")["errors"][0]["field"],
            field,
            "{body}"
        );
    }
    let r = post(
        &c,
        &receipt,
        &owner,
        json!({"refund_amount": "5.00", "note": "Worn, tags removed", "resellable": false}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let ret = r.json();
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_SUCCESS");
    assert_eq!(ret["refund"]["amount"], 500);
    assert_eq!(ret["restocked"], false);
    let last = ret["records"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["note"]
            .as_str()
            .unwrap()
            .contains("Worn, tags removed"),
        "{last}"
    );
    let refunds = refunds_of(&c, &owner, &order).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["amount"]["amount"], 500);
    t.run_jobs().await;
    let ret = shop_return(&c, &owner, &id).await;
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_COMPLETE");
}

async fn returns_a_refused_package_is_disputed_then_the_buyer_withdraws(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "RRP", 10).await;
    let ops = operator(&c).await;
    let buyer = new_buyer(&t, &c, "refused@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let stock = fixtures::stock_of(&t, &skus[0]).await.0;
    let id = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "RETURN_AND_REFUND", "reason": "DEFECTIVE",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    seller_post(&c, &owner, &id, "approval", None).await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/shipment"),
        &buyer.0,
        json!({"method": "BUYER_ARRANGE", "carrier": "OTHER", "tracking_number": "EMPTY-0001"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());

    // The package came back empty: refused with a reason, nothing restocked or refunded.
    let path = format!("/api/v1/shop/returns/{id}/receipt-rejection");
    let r = post(&c, &path, &owner, json!({"reason": "OTHER"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let ret = seller_post(
        &c,
        &owner,
        &id,
        "receipt-rejection",
        Some(json!({"reason": "EMPTY_PACKAGE", "note": "Only packing paper inside"})),
    )
    .await;
    assert_eq!(ret["status"], "REJECT_RECEIVE_PACKAGE");
    assert_eq!(ret["deadline_role"], "BUYER");
    assert_eq!(ret["reject_reason"], "EMPTY_PACKAGE");
    assert_eq!(fixtures::stock_of(&t, &skus[0]).await.0, stock);
    assert!(refunds_of(&c, &owner, &order).await.is_empty());

    // Disputed, then given up while the operator has not decided: closed, no refund.
    let r = fixtures::escalate(&c, &buyer.0, &id, "I sent the blender back").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let queue = get(&c, "/api/v1/ops/returns", &ops).await.json();
    assert!(
        queue["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "{queue}"
    );
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/withdrawal"),
        &buyer.0,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let ret = r.json();
    assert_eq!(ret["status"], "RETURN_OR_REFUND_REQUEST_CANCEL");
    assert_eq!(ret["arbitration"], "CLOSED");
    assert_eq!(ret["open"], false);
    let queue = get(&c, "/api/v1/ops/returns", &ops).await.json();
    assert!(
        !queue["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "no longer waiting for a decision"
    );
    let all = get(&c, "/api/v1/ops/returns?state=all", &ops).await.json();
    assert!(
        all["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "{all}"
    );
    let r = fixtures::arbitrate(&c, &ops, &id, "BUYER", "late").await;
    r.assert_problem(409, "return-state");
    assert!(refunds_of(&c, &owner, &order).await.is_empty());
}
