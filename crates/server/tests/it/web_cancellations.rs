//! Cancellation requests in the browser: the buyer asks to cancel a paid order through the
//! order page's form (errors beside the fields), the seller sees the request on the order
//! page and in the list of requests, rejects it with a reason the buyer then reads, the buyer
//! asks again and withdraws, asks once more and the seller approves (the order is cancelled
//! and refunded); the seller cancels one unit of three through the cancel form; and who may
//! answer.

use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{log_in, page, web_buyer};
use shopdeck_testkit::fixtures::{OWNER, THISTLE, buyer_order, new_buyer, paid_order, shop};
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    web_cancel_a_buyer_asks_the_seller_rejects_then_approves_and_the_refund_lands,
    web_cancel_the_seller_cancels_one_unit_of_three_through_the_order_page,
    web_cancel_members_without_orders_edit_cannot_answer_requests,
);

/// An amount as the English pages write it ("$12.50").
fn shown(minor: i64, currency: &str) -> String {
    use shopdeck_domain::money::{Currency, Money};
    Money::new(minor, Currency::parse(currency).unwrap()).format(shopdeck_domain::Locale::En)
}

/// The id in the first `action="<prefix><id>/…"` of a page.
fn id_in_action(html: &str, prefix: &str) -> String {
    fixtures::web::text_between(html, &format!("action=\"{prefix}"), "/")
}

async fn web_cancel_a_buyer_asks_the_seller_rejects_then_approves_and_the_refund_lands(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "WCXA", 10).await;
    let email = "wcxa@buyers.example";
    let buyer = new_buyer(&t, &c, email).await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 2).await;
    let mine = format!("/account/orders/{order}");
    let cancel = format!("{mine}/cancel");
    let theirs = format!("/seller/orders/{order}");

    // The buyer's page offers a request (the order is paid and waits for shipment).
    let w = web_buyer(&t, email).await;
    let html = page(&w, &mine).await;
    assert!(html.contains("Request cancellation"), "{html}");
    assert!(html.contains(&format!("action=\"{cancel}\"")));
    assert!(html.contains("<option value=\"ORDERED_BY_MISTAKE\">Ordered by mistake</option>"));
    assert!(html.contains("<option value=\"OTHER\">Other</option>"));
    assert!(
        html.contains("name=\"qty_1\""),
        "two units: some may be cancelled"
    );
    assert!(!html.contains("Withdraw request"));

    // Other without a note, and more units than the line has: said beside the fields, with
    // what was typed kept.
    let html = fixtures::web::refused(
        &w,
        &cancel,
        &[("reason", "OTHER"), ("note", " "), ("qty_1", "5")],
    )
    .await;
    assert!(
        html.contains("id=\"note-error\" role=\"alert\">Say why you want to cancel.</p>"),
        "{html}"
    );
    assert!(
        html.contains("id=\"qty-1-error\" role=\"alert\">Enter a whole number from 0 to 2.</p>")
    );
    assert!(html.contains("<option value=\"OTHER\" selected>Other</option>"));
    assert!(html.contains("value=\"5\""));
    // No reason at all.
    let refusal = fixtures::web::refused(&w, &cancel, &[("reason", ""), ("note", "")]).await;
    assert!(
        refusal
            .contains("id=\"reason-error\" role=\"alert\">Choose one of the listed reasons.</p>")
    );

    // A good request.
    let r = fixtures::web::submitted(
        &w,
        &cancel,
        &[
            ("reason", "ORDERED_BY_MISTAKE"),
            ("note", "Bought the wrong size"),
            ("qty_1", ""),
        ],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("{mine}?notice=requested").as_str())
    );
    let html = page(&w, &format!("{mine}?notice=requested")).await;
    assert!(
        html.contains("Your cancellation request is sent."),
        "{html}"
    );
    assert!(
        html.contains("Waiting for the seller's answer until 2026-03-04 09:00 UTC"),
        "48 hours to answer: {html}"
    );
    assert!(html.contains("Ordered by mistake"));
    assert!(html.contains("Bought the wrong size"));
    assert!(html.contains("The whole order"));
    assert!(html.contains("Withdraw request"));
    assert!(
        !html.contains(&format!("action=\"{cancel}\"")),
        "one request at a time"
    );
    // A second request meanwhile (an old tab) is a conflict said at the top.
    let r = w
        .post_form(&cancel, &[("reason", "DUPLICATE_ORDER"), ("note", "")])
        .await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains(
        "A cancellation of this order has already been asked for. Wait for the shop's answer."
    ));

    // The seller: a notice on the order list, the list of requests, the order page.
    let seller = log_in(&t, OWNER).await;
    let list = page(&seller, "/seller/orders").await;
    assert!(
        list.contains("1 cancellation request waiting for your answer"),
        "{list}"
    );
    assert!(list.contains("href=\"/seller/orders/cancellations\""));
    let requests = page(&seller, "/seller/orders/cancellations").await;
    assert!(
        requests.contains(&format!("href=\"{theirs}\"")),
        "{requests}"
    );
    assert!(requests.contains("Ordered by mistake"));
    assert!(requests.contains("Bought the wrong size"));
    assert!(requests.contains("2 d 0 h left"), "48 hours to answer");
    assert!(requests.contains("Approve cancellation"));
    let id = id_in_action(&requests, "/seller/cancellations/");
    // Rejected from the list without a reason: said in the request's row.
    let html = fixtures::web::refused(
        &seller,
        &format!("/seller/cancellations/{id}/reject"),
        &[
            ("reason", ""),
            ("note", "Hm"),
            ("from", "list"),
            ("order_id", &order),
        ],
    )
    .await;
    assert!(html.contains("<h1>Cancellation requests</h1>"), "{html}");
    assert!(html.contains(&format!(
        "id=\"reject-reason-{id}-error\" role=\"alert\">Choose one of the listed reasons.</p>"
    )));
    assert!(html.contains(">Hm</textarea>"), "the note is kept");
    let html = page(&seller, &theirs).await;
    assert!(html.contains("The buyer asks to cancel"), "{html}");
    assert!(html.contains("Bought the wrong size"));
    assert!(html.contains("Answer by"));
    assert!(html.contains("2 d 0 h left"));
    assert!(html.contains(&format!("action=\"/seller/cancellations/{id}/approve\"")));
    assert!(html.contains(&format!("action=\"/seller/cancellations/{id}/reject\"")));
    assert!(html.contains(
        "<option value=\"BUYER_AGREED_TO_KEEP\">The buyer agreed to keep the order</option>"
    ));
    // The shipment waits for the answer; shipping anyway is refused.
    assert!(
        html.contains("Answer the buyer's cancellation request first"),
        "{html}"
    );
    assert!(!html.contains(&format!("action=\"{theirs}/ship\"")));
    let r = seller
        .post_form(&format!("{theirs}/ship"), &[("method", "platform")])
        .await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("The buyer asked to cancel this order: answer the request first.")
    );

    // Rejected with Other and no note: said beside the note, the form open.
    let reject = format!("/seller/cancellations/{id}/reject");
    let html = fixtures::web::refused(
        &seller,
        &reject,
        &[("reason", "OTHER"), ("note", ""), ("order_id", &order)],
    )
    .await;
    assert!(
        html.contains(&format!(
            "id=\"reject-note-{id}-error\" role=\"alert\">Tell the buyer why you reject the request.</p>"
        )),
        "{html}"
    );
    assert!(html.contains("<details class=\"cxl-reject\" open>"));
    // With a reason.
    let r = fixtures::web::submitted(
        &seller,
        &reject,
        &[
            ("reason", "BUYER_AGREED_TO_KEEP"),
            ("note", "We spoke on the phone"),
            ("order_id", &order),
        ],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("{theirs}?notice=cancel-rejected").as_str())
    );
    let html = page(&seller, &format!("{theirs}?notice=cancel-rejected")).await;
    assert!(html.contains("The request is rejected"), "{html}");
    assert!(html.contains("Rejected: The buyer agreed to keep the order"));
    assert!(
        html.contains(&format!("action=\"{theirs}/ship\"")),
        "shippable again"
    );
    assert!(!html.contains("The buyer asks to cancel"));
    // Answering twice is a conflict.
    let r = seller
        .post_form(
            &format!("/seller/cancellations/{id}/approve"),
            &[("order_id", &order)],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("This request has already been answered or withdrawn.")
    );

    // The buyer reads the rejection and its reason, and may ask again.
    let html = page(&w, &mine).await;
    assert!(
        html.contains("Rejected by the seller: The buyer agreed to keep the order"),
        "{html}"
    );
    assert!(html.contains("We spoke on the phone"));
    assert!(html.contains(&format!("action=\"{cancel}\"")));

    // Asked again, then withdrawn.
    fixtures::web::submitted(&w, &cancel, &[("reason", "DUPLICATE_ORDER"), ("note", "")]).await;
    let html = page(&w, &mine).await;
    let second = id_in_action(&html, "/account/cancellations/");
    assert_ne!(second, id);
    let withdraw = format!("/account/cancellations/{second}/withdraw");
    let r = fixtures::web::submitted(&w, &withdraw, &[("order_id", &order)]).await;
    assert_eq!(
        r.header("location"),
        Some(format!("{mine}?notice=withdrawn").as_str())
    );
    let html = page(&w, &format!("{mine}?notice=withdrawn")).await;
    assert!(html.contains("Your cancellation request is withdrawn."));
    assert!(html.contains("You withdrew this request"));
    assert!(!html.contains("Withdraw request"));
    let r = w.post_form(&withdraw, &[("order_id", &order)]).await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("This request has already been answered or withdrawn.")
    );
    // Nothing waits for the seller now.
    assert!(
        !page(&seller, "/seller/orders")
            .await
            .contains("waiting for your answer")
    );
    assert!(
        page(&seller, "/seller/orders/cancellations")
            .await
            .contains("No cancellation requests are waiting for your answer.")
    );
    assert!(
        page(&seller, &theirs)
            .await
            .contains("Withdrawn by the buyer")
    );

    // Asked once more; the seller approves from the list.
    fixtures::web::submitted(&w, &cancel, &[("reason", "NO_LONGER_NEEDED"), ("note", "")]).await;
    let requests = page(&seller, "/seller/orders/cancellations").await;
    assert!(requests.contains("No longer needed"), "{requests}");
    let third = id_in_action(&requests, "/seller/cancellations/");
    let r = fixtures::web::submitted(
        &seller,
        &format!("/seller/cancellations/{third}/approve"),
        &[("from", "list"), ("order_id", &order)],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some("/seller/orders/cancellations?notice=approved")
    );
    let requests = page(&seller, "/seller/orders/cancellations?notice=approved").await;
    assert!(requests.contains("The cancellation is approved"));
    assert!(requests.contains("No cancellation requests are waiting"));
    t.run_jobs().await;

    // The buyer's order is cancelled and the payment refunded.
    let o = buyer_order(&c, &buyer.0, &order).await;
    assert_eq!(o["status"], "CANCELLED");
    let total = o["total"]["amount"].as_i64().unwrap();
    let html = page(&w, &mine).await;
    assert!(html.contains("buy-st-cancelled"), "{html}");
    assert!(html.contains("Approved and refunded"));
    assert!(html.contains(&shown(total, "USD")));
    assert!(html.contains("Refunded"));
    assert!(!html.contains(&format!("action=\"{cancel}\"")));
    let html = page(&seller, &theirs).await;
    assert!(html.contains("data-status=\"CANCELLED\""));
    assert!(html.contains("Approved and refunded"), "{html}");
}

async fn web_cancel_the_seller_cancels_one_unit_of_three_through_the_order_page(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "WCXB", 10).await;
    let email = "wcxb@buyers.example";
    let buyer = new_buyer(&t, &c, email).await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 3).await;
    let o = buyer_order(&c, &buyer.0, &order).await;
    let unit = o["lines"][0]["unit_price"]["amount"].as_i64().unwrap();
    let shipping = o["shipping_fee"]["amount"].as_i64().unwrap();
    let path = format!("/seller/orders/{order}");
    let cancel = format!("{path}/cancel");

    let seller = log_in(&t, OWNER).await;
    let html = page(&seller, &path).await;
    assert!(html.contains("Cancel only some units"), "{html}");
    assert!(html.contains("name=\"qty_1\""));
    // More units than the line has: beside the box, what was typed kept.
    let html = fixtures::web::refused(
        &seller,
        &cancel,
        &[("reason", "OUT_OF_STOCK"), ("note", ""), ("qty_1", "4")],
    )
    .await;
    assert!(
        html.contains("id=\"qty-1-error\" role=\"alert\">Enter a whole number from 0 to 3.</p>"),
        "{html}"
    );
    assert!(html.contains("value=\"4\""));
    assert!(html.contains("<option value=\"OUT_OF_STOCK\" selected>"));
    // One unit out of stock.
    let r = fixtures::web::submitted(
        &seller,
        &cancel,
        &[("reason", "OUT_OF_STOCK"), ("note", ""), ("qty_1", "1")],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("{path}?notice=lines-cancelled").as_str())
    );
    let html = page(&seller, &format!("{path}?notice=lines-cancelled")).await;
    assert!(html.contains("The units are cancelled"), "{html}");
    assert!(html.contains("1 of 3 cancelled"));
    assert!(
        html.contains("data-status=\"AWAITING_SHIPMENT\""),
        "the rest ships"
    );
    assert!(html.contains("Out of stock"));
    assert!(html.contains("Cancelled by the shop; refund in progress"));
    // The unit's price and, the shop being at fault, the shipping fee.
    let refund = shown(unit + shipping, "USD");
    assert!(html.contains(&refund), "{refund}: {html}");
    assert!(html.contains("name=\"qty_1\""), "two units left");
    t.run_jobs().await;
    let html = page(&seller, &path).await;
    assert!(
        html.contains("Cancelled by the shop and refunded"),
        "{html}"
    );

    // The buyer sees it on their line and in the cancellations.
    let w = web_buyer(&t, email).await;
    let html = page(&w, &format!("/account/orders/{order}")).await;
    assert!(html.contains("1 of 3 cancelled"), "{html}");
    assert!(html.contains("Cancelled by the shop and refunded"));
    assert!(html.contains(&refund));
    // Two units left: the buyer may still ask to cancel some of them.
    assert!(html.contains("Request cancellation"));
    assert!(html.contains("(up to 2)"));
}

async fn web_cancel_members_without_orders_edit_cannot_answer_requests(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_, skus) = fixtures::shop_in(&c, THISTLE, "WCXC", "GBP", 5).await;
    let buyer = new_buyer(&t, &c, "wcxc@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "FOUND_BETTER_PRICE").await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["cancellations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/seller/orders/{order}");

    // Customer service may look, not answer.
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    let html = page(&cs, &path).await;
    assert!(html.contains("The buyer asks to cancel"), "{html}");
    assert!(html.contains("Found a better price elsewhere"));
    assert!(html.contains("Your role can view orders but not change them."));
    assert!(!html.contains("/approve\""));
    let list = page(&cs, "/seller/orders").await;
    assert!(list.contains("1 cancellation request waiting for your answer"));
    let requests = page(&cs, "/seller/orders/cancellations").await;
    assert!(requests.contains(&format!("href=\"{path}\"")), "{requests}");
    assert!(!requests.contains("/approve\""));
    for (action, fields) in [
        ("approve", vec![("order_id", order.as_str())]),
        (
            "reject",
            vec![
                ("reason", "BUYER_AGREED_TO_KEEP"),
                ("order_id", order.as_str()),
            ],
        ),
    ] {
        let r = cs
            .post_form(&format!("/seller/cancellations/{id}/{action}"), &fields)
            .await;
        assert_eq!(r.status, 403, "{action}");
        assert!(r.text().contains("Your role does not include this part"));
    }
    // Another shop does not find it at all.
    let maple = log_in(&t, OWNER).await;
    let r = maple
        .post_form(
            &format!("/seller/cancellations/{id}/approve"),
            &[("order_id", order.as_str())],
        )
        .await;
    assert_eq!(r.status, 404);
    // Still waiting for the owner, who may answer.
    let owner = log_in(&t, THISTLE).await;
    let html = page(&owner, &path).await;
    assert!(html.contains(&format!("action=\"/seller/cancellations/{id}/approve\"")));
    fixtures::web::submitted(
        &owner,
        &format!("/seller/cancellations/{id}/approve"),
        &[("order_id", order.as_str())],
    )
    .await;
}
