//! Returns in Seller Center and return disputes in the operator console, in the browser: the
//! Returns tab with its counts and the seller's deadline, a rejection refused without its note
//! and then sent, the buyer's dispute (API) decided for the buyer through the ops form and the
//! refund landing; a return approved through the form, shipped back (API) and received as
//! resellable (back in stock); and who may see and answer.

use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{location, log_in, ops_browser, page, tab_count};
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, PNG, THISTLE, b64, delivered_order, get, login, new_buyer, post, product_of,
    shop, shop_return,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    web_returns_seller_a_rejection_is_disputed_and_the_operator_decides_for_the_buyer,
    web_returns_seller_a_return_is_approved_received_and_restocked,
    web_returns_seller_other_shops_cannot_see_and_customer_service_answers,
);

/// The buyer's request through the API; returns the return.
async fn ask(c: &TestClient, buyer: &str, order: &str, body: Value) -> Value {
    let r = post(
        c,
        &format!("/api/v1/buyer/orders/{order}/returns"),
        buyer,
        body,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

async fn on_hand(t: &TestApp, c: &TestClient, owner: &str, sku: &str) -> i64 {
    let p = get(
        c,
        &format!("/api/v1/shop/products/{}", product_of(t, sku).await),
        owner,
    )
    .await
    .json();
    p["skus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == sku)
        .unwrap()["stock"][0]["on_hand"]
        .as_i64()
        .unwrap()
}

/// The table row of a return in a list.
fn row<'a>(html: &'a str, prefix: &str, id: &str) -> &'a str {
    html.split(&format!("id=\"{prefix}-{id}\""))
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row for {id} in {html}"))
}

async fn web_returns_seller_a_rejection_is_disputed_and_the_operator_decides_for_the_buyer(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "WRSA", 10).await;
    let buyer = new_buyer(&t, &c, "wrsa@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;

    // Nothing yet: the Returns tab says so; Orders links to it.
    let seller = log_in(&t, OWNER).await;
    let orders = page(&seller, "/seller/orders").await;
    assert!(
        orders.contains("href=\"/seller/orders/returns\""),
        "{orders}"
    );
    let list = page(&seller, "/seller/orders/returns").await;
    assert!(list.contains("<h1>Returns</h1>"), "{list}");
    assert!(list.contains("No buyer has asked for a return or refund yet."));
    assert_eq!(tab_count(&list, "to_respond"), "0");
    // The sidebar's Returns section leads here.
    let r = seller.get("/seller/returns").await;
    assert_eq!(r.status, 303);
    assert_eq!(location(&r), "/seller/orders/returns");

    // The buyer asks for a refund with a photo.
    let ret = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "NOT_AS_DESCRIBED", "note": "Colour is wrong",
               "items": [{"line_no": 1, "quantity": 1}], "photos_base64": [b64(PNG)]}),
    )
    .await;
    let id = ret["id"].as_str().unwrap().to_owned();
    let title = ret["items"][0]["title"].as_str().unwrap().to_owned();
    let refund = ret["refund"]["amount"].as_i64().unwrap();
    let refund_text = format!("${}.{:02}", refund / 100, refund % 100);
    let deadline = ret["deadline"].as_str().unwrap().to_owned();
    let path = format!("/seller/returns/{id}");

    // 17 hours later the list shows it waiting, with 31 hours left to answer.
    t.clock.advance(SignedDuration::from_hours(17));
    // (Signed in again: idle sessions and tokens do not last that long.)
    let seller = log_in(&t, OWNER).await;
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = c
        .post_json(
            "/api/v1/buyer/sessions",
            &json!({"login": "wrsa@buyers.example", "password": "buyer-password-1"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let buyer = (r.json()["token"].as_str().unwrap().to_owned(), buyer.1);
    let list = page(&seller, "/seller/orders/returns").await;
    assert_eq!(tab_count(&list, "to_respond"), "1", "{list}");
    assert_eq!(tab_count(&list, "all"), "1");
    assert_eq!(tab_count(&list, "refunded"), "0");
    let r = row(&list, "return", &id);
    assert!(r.contains(&format!("href=\"{path}\"")), "{r}");
    assert!(r.contains(&format!("href=\"/seller/orders/{order}\"")));
    assert!(
        r.contains(&format!("{title} · Size: S × 1")),
        "the variant in words: {r}"
    );
    assert!(r.contains(" × 1"));
    assert!(r.contains("Refund only"));
    assert!(r.contains("Not as described"));
    assert!(r.contains("Colour is wrong"));
    assert!(r.contains(&refund_text), "{refund_text}: {r}");
    assert!(r.contains("Waiting for your answer"));
    assert!(r.contains("Respond by "), "{r}");
    assert!(r.contains("(31 h left)"), "{r}");
    assert!(r.contains(&format!("data-due=\"{deadline}\"")), "{r}");
    let tab = page(&seller, "/seller/orders/returns?tab=to_respond").await;
    assert!(tab.contains(&format!("id=\"return-{id}\"")));
    assert!(tab.contains("aria-current=\"page\" data-tab=\"to_respond\""));
    let empty = page(&seller, "/seller/orders/returns?tab=refunded").await;
    assert!(empty.contains("No returns in this tab."), "{empty}");
    let r = seller.get("/seller/orders/returns?tab=nope").await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("This tab does not exist"));
    let r = seller.get("/seller/orders/returns?cursor=garbage").await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("This page link is no longer valid"));
    // The order page lists it.
    let o = page(&seller, &format!("/seller/orders/{order}")).await;
    assert!(o.contains("Returns and refunds"), "{o}");
    assert!(o.contains(&format!("href=\"{path}\"")));

    // The return's page: the request, the photo, the deadline and both answers.
    let html = page(&seller, &path).await;
    assert!(
        html.contains("Answer the buyer&#39;s refund request")
            || html.contains("Answer the buyer's refund request"),
        "{html}"
    );
    assert!(html.contains("(31 h left)"));
    assert!(html.contains("If you do not answer by then, the request is approved automatically."));
    assert!(html.contains(&format!("action=\"{path}/approve\"")));
    assert!(html.contains(&format!("action=\"{path}/reject\"")));
    assert!(html.contains("<option value=\"INSUFFICIENT_EVIDENCE\">"));
    assert!(html.contains("Colour is wrong"));
    assert!(html.contains(&format!("src=\"{path}/photos/0\"")));
    assert!(html.contains("Approve refund"));
    let photo = seller.get(&format!("{path}/photos/0")).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.header("content-type"), Some("image/png"));
    assert_eq!(photo.body.as_slice(), PNG);
    assert_eq!(seller.get(&format!("{path}/photos/1")).await.status, 404);

    // Rejected with Other and no note: said beside the note, the form open and kept.
    let reject = format!("{path}/reject");
    let html =
        fixtures::web::refused(&seller, &reject, &[("reason", "OTHER"), ("note", " ")]).await;
    assert!(
        html.contains(
            "id=\"reject-note-error\" role=\"alert\">Tell the buyer why you reject the request.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<details class=\"return-reject\" open>"));
    assert!(html.contains("<option value=\"OTHER\" selected>Other</option>"));
    // No reason at all.
    let html = fixtures::web::refused(&seller, &reject, &[("reason", ""), ("note", "Hm")]).await;
    assert!(html.contains(
        "id=\"reject-reason-error\" role=\"alert\">Choose one of the listed reasons.</p>"
    ));
    assert!(html.contains(">Hm</textarea>"), "the note is kept");
    // With a reason and a note.
    let r = fixtures::web::submitted(
        &seller,
        &reject,
        &[
            ("reason", "INSUFFICIENT_EVIDENCE"),
            ("note", "No photo of the label"),
        ],
    )
    .await;
    assert_eq!(location(&r), format!("{path}?notice=rejected"));
    let html = page(&seller, &location(&r)).await;
    assert!(html.contains("The request is rejected."), "{html}");
    assert!(html.contains("Rejected; the buyer may dispute"));
    assert!(html.contains("The photos or description do not show the problem"));
    assert!(html.contains("No photo of the label"));
    assert!(html.contains("The buyer may dispute until"));
    assert!(!html.contains(&format!("action=\"{path}/approve\"")));
    // Answering again is a conflict said at the top.
    let r = seller.post_form(&format!("{path}/approve"), &[]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("This return has already moved on"));
    let list = page(&seller, "/seller/orders/returns").await;
    assert_eq!(tab_count(&list, "to_respond"), "0");
    assert_eq!(tab_count(&list, "rejected"), "1");

    // The buyer disputes it (API).
    let r = fixtures::escalate(&c, &buyer.0, &id, "It is clearly the wrong colour").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = page(&seller, &path).await;
    assert!(html.contains("Disputed; Shopdeck is deciding"), "{html}");
    assert!(html.contains("It is clearly the wrong colour"));
    assert!(html.contains("A Shopdeck operator is deciding"));

    // Sellers do not get into the console.
    assert_eq!(seller.get("/ops/returns").await.status, 403);

    // The operator: the queue, the whole case, the decision.
    let ops = ops_browser(&t).await;
    let queue = page(&ops, "/ops/returns").await;
    assert!(queue.contains("Return disputes"), "{queue}");
    assert!(
        queue.contains("href=\"/ops/returns\""),
        "in the console's menu"
    );
    let r = row(&queue, "dispute", &id);
    assert!(r.contains(&format!("href=\"/ops/returns/{id}\"")), "{r}");
    assert!(r.contains("Not as described"));
    assert!(r.contains("The photos or description do not show the problem"));
    let case = format!("/ops/returns/{id}");
    let html = page(&ops, &case).await;
    assert!(html.contains("Colour is wrong"), "{html}");
    assert!(html.contains("No photo of the label"));
    assert!(html.contains("It is clearly the wrong colour"));
    assert!(html.contains(&format!("src=\"/ops/returns/{id}/photos/0\"")));
    assert!(html.contains(&format!("action=\"{case}/decision\"")));
    assert!(html.contains("Disputed by the buyer"), "the timeline");
    let photo = ops.get(&format!("{case}/photos/0")).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.body.as_slice(), PNG);
    // Without a note: said beside it, the choice kept.
    let html = fixtures::web::refused(
        &ops,
        &format!("{case}/decision"),
        &[("support", "BUYER"), ("note", "")],
    )
    .await;
    assert!(
        html.contains("id=\"decision-note-error\" role=\"alert\">Explain the decision to the buyer and the shop.</p>"),
        "{html}"
    );
    assert!(html.contains("value=\"BUYER\" checked"));
    // Without a side.
    let refusal = fixtures::web::refused(
        &ops,
        &format!("{case}/decision"),
        &[("support", ""), ("note", "Hm")],
    )
    .await;
    assert!(refusal.contains("Choose whom to decide for."));
    let r = fixtures::web::submitted(
        &ops,
        &format!("{case}/decision"),
        &[
            ("support", "BUYER"),
            ("note", "The photos match the complaint"),
        ],
    )
    .await;
    assert_eq!(location(&r), format!("{case}?notice=decided"));
    let html = page(&ops, &location(&r)).await;
    assert!(html.contains("The decision is recorded."), "{html}");
    assert!(html.contains("Nothing to decide"));
    assert!(
        page(&ops, "/ops/returns")
            .await
            .contains("No dispute is waiting for a decision.")
    );
    assert!(
        page(&ops, "/ops/returns?view=all")
            .await
            .contains(&format!("id=\"dispute-{id}\""))
    );
    let r = ops
        .post_form(
            &format!("{case}/decision"),
            &[("support", "SELLER"), ("note", "Changed my mind")],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("This return is no longer waiting for a decision.")
    );

    // The refund lands; the seller sees the return refunded, with the decision.
    t.run_jobs().await;
    assert_eq!(
        shop_return(&c, &owner, &id).await["status"],
        "RETURN_OR_REFUND_REQUEST_COMPLETE"
    );
    let html = page(&seller, &path).await;
    assert!(html.contains(">Refunded</span>"), "{html}");
    assert!(html.contains("Decided for the buyer"));
    assert!(html.contains("The photos match the complaint"));
    assert!(html.contains("Shopdeck decided for the buyer"));
    assert!(html.contains("Refund paid"));
    let list = page(&seller, "/seller/orders/returns?tab=refunded").await;
    assert_eq!(tab_count(&list, "refunded"), "1");
    assert!(row(&list, "return", &id).contains("Refunded"));
}

async fn web_returns_seller_a_return_is_approved_received_and_restocked(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "WRSB", 10).await;
    let buyer = new_buyer(&t, &c, "wrsb@buyers.example").await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let stock = on_hand(&t, &c, &owner, &skus[0]).await;
    let ret = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "RETURN_AND_REFUND", "reason": "SIZE_OR_FIT",
               "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    let id = ret["id"].as_str().unwrap().to_owned();
    let path = format!("/seller/returns/{id}");

    let seller = log_in(&t, OWNER).await;
    let html = page(&seller, &path).await;
    assert!(html.contains("Approve return"), "{html}");
    assert!(html.contains("Return and refund"));
    assert!(html.contains("Size or fit is not right"));
    assert!(html.contains("The buyer added no photos."));
    // Receipt cannot be confirmed before the item is sent.
    let r = seller
        .post_form(&format!("{path}/receipt"), &[("resellable", "yes")])
        .await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("This return has already moved on"));

    let r = fixtures::web::submitted(&seller, &format!("{path}/approve"), &[]).await;
    assert_eq!(location(&r), format!("{path}?notice=approved"));
    let html = page(&seller, &location(&r)).await;
    assert!(html.contains("The request is approved."), "{html}");
    assert!(html.contains("Approved; waiting for the buyer to send the item"));
    assert!(html.contains("The buyer sends the item by"));
    assert!(html.contains("(5 d 0 h left)"), "{html}");
    let list = page(&seller, "/seller/orders/returns").await;
    assert_eq!(tab_count(&list, "awaiting_shipment"), "1", "{list}");

    // The buyer sends it back with Shopdeck's label (API).
    let r = post(
        &c,
        &format!("/api/v1/buyer/returns/{id}/shipment"),
        &buyer.0,
        json!({"method": "PLATFORM"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let tracking = r.json()["return_tracking"].as_str().unwrap().to_owned();
    let list = page(&seller, "/seller/orders/returns?tab=to_receive").await;
    assert_eq!(tab_count(&list, "to_receive"), "1");
    assert!(row(&list, "return", &id).contains("Check the package by"));
    let html = page(&seller, &path).await;
    assert!(html.contains("Check the returned package"), "{html}");
    assert!(html.contains("Shopdeck return label"));
    assert!(html.contains(&tracking));
    assert!(html.contains(&format!("action=\"{path}/receipt\"")));
    assert!(html.contains(&format!("action=\"{path}/reject-receipt\"")));
    assert!(html.contains("name=\"resellable\" value=\"yes\" checked"));
    assert!(html.contains("<option value=\"EMPTY_PACKAGE\">The package was empty</option>"));
    // A made-up answer is refused beside the choice.
    let refusal = fixtures::web::refused(
        &seller,
        &format!("{path}/receipt"),
        &[("resellable", "maybe")],
    )
    .await;
    assert!(refusal.contains("Say whether the item can be sold again."));
    // Refusing the package with Other needs a note.
    let refusal = fixtures::web::refused(
        &seller,
        &format!("{path}/reject-receipt"),
        &[("reason", "OTHER"), ("note", "")],
    )
    .await;
    assert!(refusal.contains(
        "id=\"receipt-note-error\" role=\"alert\">Tell the buyer what is wrong with the package.</p>"
    ));

    // Received and resellable: back in stock, refunded.
    let r = fixtures::web::submitted(
        &seller,
        &format!("{path}/receipt"),
        &[("resellable", "yes")],
    )
    .await;
    assert_eq!(location(&r), format!("{path}?notice=received"));
    assert_eq!(on_hand(&t, &c, &owner, &skus[0]).await, stock + 1);
    let html = page(&seller, &location(&r)).await;
    assert!(
        html.contains("Receipt confirmed. The buyer is being refunded."),
        "{html}"
    );
    assert!(html.contains("id=\"restocked\">Yes</dd>"));
    assert!(html.contains("Item back in stock"), "the timeline's note");
    assert!(!html.contains(&format!("action=\"{path}/receipt\"")));
    t.run_jobs().await;
    let html = page(&seller, &path).await;
    assert!(html.contains(">Refunded</span>"), "{html}");
    assert_eq!(
        shop_return(&c, &owner, &id).await["status"],
        "RETURN_OR_REFUND_REQUEST_COMPLETE"
    );
    let list = page(&seller, "/seller/orders/returns").await;
    assert_eq!(tab_count(&list, "refunded"), "1");
    assert_eq!(tab_count(&list, "to_receive"), "0");
}

async fn web_returns_seller_other_shops_cannot_see_and_customer_service_answers(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (thistle, skus) = fixtures::shop_in(&c, THISTLE, "WRSC", "GBP", 5).await;
    let buyer = new_buyer(&t, &c, "wrsc@buyers.example").await;
    let order = delivered_order(&t, &c, &thistle, &buyer, &skus[0], 1).await;
    let ret = ask(
        &c,
        &buyer.0,
        &order,
        json!({"return_type": "REFUND", "reason": "DAMAGED", "note": "Cracked",
               "items": [{"line_no": 1, "quantity": 1}], "photos_base64": [b64(PNG)]}),
    )
    .await;
    let id = ret["id"].as_str().unwrap().to_owned();
    let path = format!("/seller/returns/{id}");

    // Not signed in: to the log-in form.
    let r = t.client().get(&path).await;
    assert_eq!(r.status, 303);
    assert!(location(&r).starts_with("/seller/login?next="));

    // Another shop does not find it at all.
    let maple = log_in(&t, OWNER).await;
    assert_eq!(maple.get(&path).await.status, 404);
    assert_eq!(maple.get(&format!("{path}/photos/0")).await.status, 404);
    assert_eq!(
        maple
            .post_form(&format!("{path}/approve"), &[])
            .await
            .status,
        404
    );
    let list = page(&maple, "/seller/orders/returns").await;
    assert!(!list.contains(&id));

    // Customer service answers returns (its role has Returns: edit, though only Orders: view).
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    let html = page(&cs, &path).await;
    assert!(html.contains("Arrived damaged"), "{html}");
    assert!(!html.contains("Your role can view returns but not answer them."));
    assert!(page(&cs, "/seller/orders/returns").await.contains(&id));
    fixtures::web::submitted(&cs, &format!("{path}/approve"), &[]).await;
    assert_eq!(
        shop_return(&c, &thistle, &id).await["status"],
        "RETURN_OR_REFUND_REQUEST_SUCCESS"
    );
}
