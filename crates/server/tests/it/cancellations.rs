//! Cancellations after payment and before shipment, through the API: the buyer's request and
//! the seller's answer (approve, reject, or none: approved by the worker after 48 hours), the
//! buyer withdrawing, partial cancellation of lines with their share of the refund, stock
//! released, and refunds landing through the sandbox provider.

use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_app::Clock;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, buyer_order, call, get, login, login_buyer, new_buyer, paid_order, post, shop,
    stock_of,
};
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    cancellations_the_seller_approves_a_buyers_request_stock_returns_and_the_refund_lands,
    cancellations_an_unanswered_request_is_approved_after_48_hours,
    cancellations_a_rejected_request_leaves_the_order_to_ship_and_a_buyer_may_withdraw,
    cancellations_some_lines_are_cancelled_with_their_share_of_the_refund,
    cancellations_a_seller_cancelling_the_order_grants_the_waiting_request,
);

fn cancel_path(order: &str) -> String {
    format!("/api/v1/buyer/orders/{order}/cancellation")
}

async fn cancellations_the_seller_approves_a_buyers_request_stock_returns_and_the_refund_lands(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CXA", 5).await;
    let buyer = new_buyer(&t, &c, "cancel-a@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 2).await;
    assert_eq!(stock_of(&t, &skus[0]).await, (5, 2));

    // A reason is needed; "OTHER" needs a note.
    let r = post(&c, &cancel_path(&order), &buyer.0, json!({})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "reason"
    );
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "OTHER").await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "ORDERED_BY_MISTAKE").await;
    assert_eq!(r.status, 202, "{}", r.text());
    let o = r.json();
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    let req = &o["cancellations"][0];
    assert_eq!(req["status"], "CANCELLATION_REQUEST_PENDING");
    assert_eq!(req["cancel_type"], "BUYER_CANCEL");
    assert_eq!(req["seller_next_action"], "SELLER_RESPOND_CANCEL");
    assert_eq!(req["reason_text"], "Ordered by mistake");
    let id = req["id"].as_str().unwrap().to_owned();
    // Only one request at a time.
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "DUPLICATE_ORDER").await;
    r.assert_problem(409, "cancellation-pending");
    // The seller sees it waiting, and cannot ship before answering.
    let list = get(&c, "/api/v1/shop/cancellations", &owner).await.json();
    assert_eq!(list["data"][0]["id"], id.as_str());
    let r = post(
        &c,
        &format!("/api/v1/shop/orders/{order}/shipment"),
        &owner,
        json!({"mode": "PLATFORM"}),
    )
    .await;
    assert!(
        r.assert_problem(409, "answer-cancellation-first")["detail"]
            .as_str()
            .unwrap()
            .contains("asked to cancel")
    );
    // Another shop cannot decide it.
    let other = login(&c, "owner@thistle-thread.example", PASSWORD).await;
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/cancellations/{id}/approval"),
        &other,
        None,
    )
    .await;
    r.assert_problem(404, "not-found");

    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/cancellations/{id}/approval"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "CANCELLATION_REQUEST_SUCCESS");
    assert_eq!(stock_of(&t, &skus[0]).await, (5, 0));
    // Twice is refused.
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/cancellations/{id}/approval"),
        &owner,
        None,
    )
    .await;
    r.assert_problem(409, "cancellation-state");
    t.run_jobs().await;
    let o = buyer_order(&c, &buyer.0, &order).await;
    assert_eq!(o["status"], "CANCELLED");
    assert_eq!(o["refunds"][0]["status"], "SUCCEEDED");
    assert_eq!(o["refunds"][0]["amount"], o["total"]);
    assert_eq!(
        o["cancellations"][0]["status"],
        "CANCELLATION_REQUEST_COMPLETE"
    );
    assert_eq!(o["cancellations"][0]["refund"], o["total"]);
}

async fn cancellations_an_unanswered_request_is_approved_after_48_hours(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "CXB", 5).await;
    let buyer = new_buyer(&t, &c, "cancel-b@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "SHIPPING_TOO_SLOW").await;
    assert_eq!(r.status, 202, "{}", r.text());
    let deadline: jiff::Timestamp = r.json()["cancellations"][0]["seller_deadline"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        deadline.duration_since(t.clock.now()),
        SignedDuration::from_hours(48)
    );
    t.clock.advance(SignedDuration::from_hours(47));
    t.run_jobs().await;
    let buyer_token = login_buyer(&c, "cancel-b@buyers.example").await;
    let o = buyer_order(&c, &buyer_token, &order).await;
    assert_eq!(
        o["cancellations"][0]["status"],
        "CANCELLATION_REQUEST_PENDING"
    );
    t.clock.advance(SignedDuration::from_hours(2));
    t.run_jobs().await;
    let buyer_token = login_buyer(&c, "cancel-b@buyers.example").await;
    let o = buyer_order(&c, &buyer_token, &order).await;
    assert_eq!(o["status"], "CANCELLED");
    assert_eq!(o["cancellation"]["by"], "SYSTEM");
    assert_eq!(
        o["cancellations"][0]["status"],
        "CANCELLATION_REQUEST_COMPLETE"
    );
    assert_eq!(o["refunds"][0]["status"], "SUCCEEDED");
    assert_eq!(stock_of(&t, &skus[0]).await, (5, 0));
}

async fn cancellations_a_rejected_request_leaves_the_order_to_ship_and_a_buyer_may_withdraw(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CXC", 5).await;
    let buyer = new_buyer(&t, &c, "cancel-c@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let first = fixtures::ask_to_cancel(&c, &buyer.0, &order, "FOUND_BETTER_PRICE")
        .await
        .json()["cancellations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/shop/cancellations/{first}/rejection");
    let r = post(&c, &path, &owner, json!({"reason": "OTHER"})).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "note"
    );
    let r = post(&c, &path, &owner, json!({"reason": "NOPE"})).await;
    r.assert_problem(422, "validation-failed");
    let r = post(
        &c,
        &path,
        &owner,
        json!({"reason": "CUSTOM_ORDER_IN_PRODUCTION", "note": "Already engraved"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let rejected = r.json();
    assert_eq!(rejected["status"], "CANCELLATION_REQUEST_CANCEL");
    assert_eq!(rejected["reject_reason"], "CUSTOM_ORDER_IN_PRODUCTION");
    assert_eq!(rejected["seller_next_action"], Value::Null);
    let o = buyer_order(&c, &buyer.0, &order).await;
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    assert!(o["refunds"].as_array().unwrap().is_empty());
    // A new request may follow; the buyer withdraws it; nobody else can.
    let second = fixtures::ask_to_cancel(&c, &buyer.0, &order, "NO_LONGER_NEEDED")
        .await
        .json()["cancellations"][1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stranger = new_buyer(&t, &c, "stranger@buyers.example").await;
    let withdraw = format!("/api/v1/buyer/cancellations/{second}/withdrawal");
    call(&c, "POST", &withdraw, &stranger.0, None)
        .await
        .assert_problem(404, "not-found");
    let r = call(&c, "POST", &withdraw, &buyer.0, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "CANCELLATION_REQUEST_CANCEL");
    // The worker's timer later finds nothing to approve.
    t.clock.advance(SignedDuration::from_hours(49));
    t.run_jobs().await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = post(
        &c,
        &format!("/api/v1/shop/orders/{order}/shipment"),
        &owner,
        json!({"mode": "PLATFORM"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    // Once shipped, a cancellation request is refused: returns come after delivery.
    let buyer_token = login_buyer(&c, "cancel-c@buyers.example").await;
    let r = fixtures::ask_to_cancel(&c, &buyer_token, &order, "NO_LONGER_NEEDED").await;
    r.assert_problem(409, "order-state");
}

async fn cancellations_some_lines_are_cancelled_with_their_share_of_the_refund(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CXD", 9).await;
    let buyer = new_buyer(&t, &c, "cancel-d@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 4).await;
    let o = buyer_order(&c, &buyer.0, &order).await;
    let unit = o["lines"][0]["unit_price"]["amount"].as_i64().unwrap();
    let shipping = o["shipping_fee"]["amount"].as_i64().unwrap();
    let total = o["total"]["amount"].as_i64().unwrap();
    let path = format!("/api/v1/shop/orders/{order}/cancellation");
    // More units than the line has: refused beside the field.
    let r = post(
        &c,
        &path,
        &owner,
        json!({"reason": "OUT_OF_STOCK", "items": [{"line_no": 1, "quantity": 5}]}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "items[0].quantity"
    );
    // The seller cancels one unit (its fault: the shipping fee goes back too).
    let r = post(
        &c,
        &path,
        &owner,
        json!({
            "reason": "OUT_OF_STOCK", "note": "One was damaged in the warehouse",
            "items": [{"line_no": 1, "quantity": 1}]
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let o = r.json();
    assert_eq!(
        o["cancellations"][0]["note"],
        "One was damaged in the warehouse"
    );
    assert_eq!(o["status"], "AWAITING_SHIPMENT");
    assert_eq!(o["lines"][0]["cancelled_quantity"], 1);
    assert_eq!(o["cancellations"][0]["role"], "SELLER");
    assert_eq!(o["cancellations"][0]["refund"]["amount"], unit + shipping);
    assert_eq!(stock_of(&t, &skus[0]).await, (9, 3));
    // The buyer asks to cancel one more; approved: only that unit's price.
    let r = post(
        &c,
        &cancel_path(&order),
        &buyer.0,
        json!({"reason": "NO_LONGER_NEEDED", "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["cancellations"][1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/cancellations/{id}/approval"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["refund"]["amount"], unit);
    assert_eq!(stock_of(&t, &skus[0]).await, (9, 2));
    // Cancelling the last two units cancels the order: everything paid is back, once.
    let r = post(
        &c,
        &cancel_path(&order),
        &buyer.0,
        json!({"reason": "NO_LONGER_NEEDED", "items": [{"line_no": 1, "quantity": 2}]}),
    )
    .await;
    let id = r.json()["cancellations"][2]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/cancellations/{id}/approval"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["refund"]["amount"], 2 * unit);
    t.run_jobs().await;
    let o = buyer_order(&c, &buyer.0, &order).await;
    assert_eq!(o["status"], "CANCELLED");
    let refunded: i64 = o["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["status"], "SUCCEEDED");
            r["amount"]["amount"].as_i64().unwrap()
        })
        .sum();
    assert_eq!(refunded, total);
    assert_eq!(o["payment"]["refunded"]["amount"], total);
    assert_eq!(stock_of(&t, &skus[0]).await, (9, 0));
}

async fn cancellations_a_seller_cancelling_the_order_grants_the_waiting_request(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "CXE", 5).await;
    let buyer = new_buyer(&t, &c, "cancel-e@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "NO_LONGER_NEEDED").await;
    assert_eq!(r.status, 202, "{}", r.text());
    let r = post(
        &c,
        &format!("/api/v1/shop/orders/{order}/cancellation"),
        &owner,
        json!({"reason": "BUYER_REQUESTED"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["cancellations"][0]["status"],
        "CANCELLATION_REQUEST_SUCCESS"
    );
    t.run_jobs().await;
    let o = buyer_order(&c, &buyer.0, &order).await;
    assert_eq!(o["status"], "CANCELLED");
    assert_eq!(
        o["cancellations"][0]["status"],
        "CANCELLATION_REQUEST_COMPLETE"
    );
    assert_eq!(o["cancellations"][0]["refund"], o["total"]);
    let list = get(&c, "/api/v1/shop/cancellations", &owner).await.json();
    assert!(list["data"].as_array().unwrap().is_empty(), "{list}");
}
