//! The Orders and Shipping sections of Seller Center through the real router: the order list
//! with its tabs, search and deadline filter, the order page (address shown only once paid),
//! cancelling with a reason, shipping templates saved through the form and the fee buyers are
//! then quoted, and who may see and change what.

use serde_json::json;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{listed_orders, log_in, order_row, page, tab_count};
use shopdeck_testkit::fixtures::{OWNER, THISTLE, buy_now, new_buyer, order_of, pay, post, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    web_orders_the_to_ship_tab_lists_paid_orders_with_deadlines_and_search_finds_them,
    web_orders_the_order_page_shows_the_address_once_paid_and_cancels_with_a_reason,
    web_orders_a_template_saved_in_the_form_sets_the_fee_buyers_are_quoted,
    web_orders_members_without_orders_get_403_and_viewers_cannot_change_anything,
    web_orders_the_seller_exports_a_range_of_days_and_downloads_the_file,
);

async fn web_orders_the_seller_exports_a_range_of_days_and_downloads_the_file(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_, skus, buyer, address) = shop_and_buyer(&t, &c, "WEBX").await;
    let done = buy_now(&c, &buyer, &address, &skus[0], 3, None)
        .await
        .json();
    let order = order_of(&done);
    let seller = log_in(&t, OWNER).await;
    let list = page(&seller, "/seller/orders").await;
    assert!(list.contains("href=\"/seller/orders/exports\""), "{list}");
    let html = page(&seller, "/seller/orders/exports").await;
    assert!(html.contains("No exports yet."), "{html}");
    // The last day before the first, and a range too long: said beside the field.
    // A day that is not one is refused too.
    for (from, until, said) in [
        (
            "2026-03-02",
            "2026-03-01",
            Some("The last day must not come before the first."),
        ),
        (
            "2026-01-01",
            "2026-06-30",
            Some("Export at most 92 days at once."),
        ),
        ("not a day", "2026-03-02", None),
    ] {
        let fields = [("from", from), ("until", until), ("format", "csv")];
        let refusal = fixtures::web::refused(&seller, "/seller/orders/exports", &fields).await;
        if let Some(said) = said {
            assert!(refusal.contains(said), "{from}..{until}: {refusal}");
        }
    }
    // A good one: queued, then made by the worker, then downloaded.
    fixtures::web::submitted(
        &seller,
        "/seller/orders/exports",
        &[
            ("from", "2026-03-01"),
            ("until", "2026-03-02"),
            ("format", "csv"),
        ],
    )
    .await;
    let html = page(&seller, "/seller/orders/exports?notice=queued").await;
    assert!(html.contains("The export is being made"));
    assert!(
        html.contains("http-equiv=\"refresh\""),
        "refreshes while waiting"
    );
    t.run_jobs().await;
    let html = page(&seller, "/seller/orders/exports").await;
    assert!(html.contains("Ready"), "{html}");
    assert!(!html.contains("http-equiv=\"refresh\""));
    let link = fixtures::web::text_between(&html, "href=\"/seller/orders/exports/", "\"");
    let file = seller.get(&format!("/seller/orders/exports/{link}")).await;
    assert_eq!(file.status, 200);
    assert!(
        file.header("content-disposition")
            .is_some_and(|d| d.contains("orders-"))
    );
    assert!(file.text().contains(&order), "{}", file.text());
    // Another shop cannot download it.
    let other = log_in(&t, THISTLE).await;
    let r = other.get(&format!("/seller/orders/exports/{link}")).await;
    assert_eq!(r.status, 404);
}

/// A Maple & Pine product on sale, a buyer with a US address; returns (owner API token,
/// SKU ids, buyer token, address id).
async fn shop_and_buyer(
    t: &TestApp,
    c: &TestClient,
    prefix: &str,
) -> (String, Vec<String>, String, String) {
    let (owner, skus) = shop(c, prefix, 10).await;
    let (buyer, address) =
        new_buyer(t, c, &format!("{}@buyers.example", prefix.to_lowercase())).await;
    (owner, skus, buyer, address)
}

async fn web_orders_the_to_ship_tab_lists_paid_orders_with_deadlines_and_search_finds_them(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_, skus, buyer, address) = shop_and_buyer(&t, &c, "WEBL").await;
    // A: two of the S size, paid at 09:00 UTC. B: one M, not paid.
    let a = fixtures::paid_order_at(&t, &c, &buyer, &address, &skus[0], 2).await;
    let b2 = order_of(
        &buy_now(&c, &buyer, &address, &skus[1], 1, None)
            .await
            .json(),
    );

    let seller = log_in(&t, OWNER).await;
    let all = page(&seller, "/seller/orders").await;
    assert_eq!(
        listed_orders(&all),
        [b2.as_str(), a.as_str()],
        "newest first"
    );
    assert_eq!(tab_count(&all, "all"), "2");
    assert_eq!(tab_count(&all, "to_ship"), "1");
    assert_eq!(tab_count(&all, "unpaid"), "1");
    assert_eq!(tab_count(&all, "cancelled"), "0");
    assert!(
        all.contains("<a href=\"/seller/orders/returns\" data-tab=\"returns\">Returns</a>"),
        "the Returns tab opens the returns list"
    );
    // The unpaid order shows when it must be paid by: 24 hours after it was placed.
    assert!(order_row(&all, &b2).contains("Pay by <time datetime=\"2026-03-03T09:00:00Z\" title="));
    assert!(order_row(&all, &b2).contains("data-status=\"UNPAID\""));

    let to_ship = page(&seller, "/seller/orders?tab=to_ship").await;
    assert_eq!(listed_orders(&to_ship), [a.as_str()]);
    let r = order_row(&to_ship, &a);
    assert!(r.contains("Awaiting shipment"));
    assert!(r.contains("Ada Buyer"));
    assert!(r.contains("Linen summer dress with pockets, sage green"));
    assert!(r.contains("×2"));
    assert!(r.contains("$118.00"));
    assert!(r.contains("/thumb\""), "{r}");
    assert!(r.contains("href=\"/seller/orders/"));
    // Process by 72 h after placing, ship by 120 h after payment; neither close yet.
    assert!(r.contains("Process by <time datetime=\"2026-03-05T09:00:00Z\" title="));
    assert!(r.contains("Ship by <time datetime=\"2026-03-07T09:00:00Z\" title="));
    assert!(!r.contains("urgent"));
    assert!(to_ship.contains("aria-current=\"page\" data-tab=\"to_ship\""));

    // The seller's home counts the order to ship and links to the tab.
    let home = page(&seller, "/seller").await;
    assert!(
        home.contains("href=\"/seller/orders?tab=to_ship\">1 order to ship</a>"),
        "{home}"
    );

    // Search by seller SKU, by order id, by product title.
    let by_sku = page(&seller, "/seller/orders?q=WEBL-M").await;
    assert_eq!(listed_orders(&by_sku), [b2.as_str()]);
    let by_id = page(&seller, &format!("/seller/orders?q={a}")).await;
    assert_eq!(listed_orders(&by_id), [a.as_str()]);
    assert!(
        by_id.contains(&format!("value=\"{a}\"")),
        "the search stays in the box"
    );
    assert_eq!(
        listed_orders(&page(&seller, "/seller/orders?q=linen+summer").await).len(),
        2
    );
    let none = page(&seller, "/seller/orders?q=no-such-thing").await;
    assert!(listed_orders(&none).is_empty());
    assert!(none.contains("No orders match."));

    // Placed dates are the shop's days; a date that is not one is shown beside its field.
    assert!(listed_orders(&page(&seller, "/seller/orders?from=2026-03-03").await).is_empty());
    assert_eq!(
        listed_orders(&page(&seller, "/seller/orders?from=2026-03-01&until=2026-03-02").await)
            .len(),
        2
    );
    let bad = seller.get("/seller/orders?from=yesterday").await;
    assert_eq!(bad.status, 422);
    let bad = bad.text();
    assert!(bad.contains("id=\"from-error\""), "{bad}");
    assert!(bad.contains("Use a date such as 2026-03-02."));
    assert_eq!(tab_count(&bad, "all"), "2", "the counts stay");
    let cursor = seller.get("/seller/orders?cursor=nonsense").await;
    assert_eq!(cursor.status, 422);
    assert!(cursor.text().contains("This page link has expired"));

    // Nothing is due within a day yet; 49 hours later processing is 23 hours away.
    let soon = page(&seller, "/seller/orders?tab=to_ship&due_soon=1").await;
    assert!(listed_orders(&soon).is_empty());
    t.clock.advance(jiff::SignedDuration::from_hours(49));
    // Sessions end when idle this long; log in again.
    let seller = log_in(&t, OWNER).await;
    let soon = page(&seller, "/seller/orders?tab=to_ship&due_soon=1").await;
    assert_eq!(listed_orders(&soon), [a.as_str()]);
    assert!(order_row(&soon, &a).contains("deadline urgent"));
    assert!(!order_row(&soon, &a).contains("overdue"));
    assert!(soon.contains("name=\"due_soon\" value=\"1\" checked"));
    // And once it has passed, it says so.
    t.clock.advance(jiff::SignedDuration::from_hours(24));
    let seller = log_in(&t, OWNER).await;
    let late = page(&seller, "/seller/orders?tab=to_ship").await;
    assert!(order_row(&late, &a).contains("overdue"));
}

async fn web_orders_the_order_page_shows_the_address_once_paid_and_cancels_with_a_reason(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_, skus, buyer, address) = shop_and_buyer(&t, &c, "WEBD").await;
    let r = post(
        &c,
        "/api/v1/buyer/checkouts",
        &buyer,
        json!({
            "address_id": address, "note": "Please wrap it as a gift",
            "items": [{"sku_id": skus[0], "quantity": 1}]
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let done = r.json();
    let order = order_of(&done);
    let path = format!("/seller/orders/{order}");

    let seller = log_in(&t, OWNER).await;
    let unpaid = page(&seller, &path).await;
    assert!(unpaid.contains(&format!("Order {order}")));
    assert!(unpaid.contains("data-status=\"UNPAID\""));
    assert!(unpaid.contains("Shown after payment."));
    assert!(
        !unpaid.contains("1 Market Street"),
        "no address before payment"
    );
    assert!(unpaid.contains("Please wrap it as a gift"));
    assert!(unpaid.contains("WEBD-S"));
    assert!(unpaid.contains("$59.00"));
    assert!(unpaid.contains("Waiting for payment"));
    assert!(unpaid.contains("Pay by"));
    assert!(
        unpaid.contains(&format!("action=\"{path}/cancel\"")),
        "unpaid orders can be cancelled"
    );

    pay(&t, &c, &done["payments"][0]).await;
    let paid = page(&seller, &path).await;
    assert!(paid.contains("data-status=\"AWAITING_SHIPMENT\""));
    assert!(paid.contains("1 Market Street"), "{paid}");
    assert!(paid.contains("Springfield"));
    assert!(!paid.contains("Shown after payment."));
    assert!(
        paid.contains("Payment confirmed"),
        "the timeline names the change"
    );
    assert!(paid.contains("Unpaid → Awaiting shipment"));
    assert!(paid.contains("sandbox"));
    assert!(paid.contains("Ship by"));
    assert!(paid.contains("The buyer has paid: the full amount is refunded."));

    // Other without a note: the message sits beside the note, what was typed stays.
    let html = fixtures::web::refused(
        &seller,
        &format!("{path}/cancel"),
        &[("reason", "OTHER"), ("note", "  ")],
    )
    .await;
    assert!(
        html.contains("id=\"note-error\" role=\"alert\">Say why you cancel the order.</p>"),
        "{html}"
    );
    assert!(html.contains("<option value=\"OTHER\" selected>Other</option>"));
    // A reason that is not on the list.
    let refusal = fixtures::web::refused(
        &seller,
        &format!("{path}/cancel"),
        &[("reason", "BORED"), ("note", "")],
    )
    .await;
    assert!(
        refusal.contains("id=\"reason-error\" role=\"alert\">Choose one of the listed reasons.")
    );
    // Missing form fields are the same mistake, never a server error.
    fixtures::web::refused(&seller, &format!("{path}/cancel"), &[]).await;

    let r = fixtures::web::submitted(
        &seller,
        &format!("{path}/cancel"),
        &[("reason", "OUT_OF_STOCK"), ("note", "Last one was damaged")],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("{path}?notice=cancelled").as_str())
    );
    t.run_jobs().await;
    let cancelled = page(&seller, &format!("{path}?notice=cancelled")).await;
    assert!(cancelled.contains("data-status=\"CANCELLED\""));
    assert!(cancelled.contains("The order is cancelled."));
    assert!(cancelled.contains("Out of stock"));
    assert!(cancelled.contains("Last one was damaged"));
    assert!(cancelled.contains("Awaiting shipment → Cancelled"));
    // The refund: the whole amount back to the buyer.
    let refunds = cancelled
        .split("id=\"refunds\"")
        .nth(1)
        .expect("a refunds table");
    assert!(refunds.contains("$59.00"), "{refunds}");
    assert!(refunds.contains("Refunded"));
    assert!(
        cancelled
            .contains("<dd id=\"refunded\"><bdi class=\"money\" dir=\"ltr\">$59.00</bdi></dd>")
    );
    assert!(
        !cancelled.contains(&format!("action=\"{path}/cancel\"")),
        "no second cancellation"
    );
    // Cancelling again is refused with a message, not an error page.
    let again = seller
        .post_form(&format!("{path}/cancel"), &[("reason", "OUT_OF_STOCK")])
        .await;
    assert_eq!(again.status, 409);
    assert!(
        again
            .text()
            .contains("The order's status does not allow this now")
    );
    let list = page(&seller, "/seller/orders?tab=cancelled").await;
    assert_eq!(listed_orders(&list), [order.as_str()]);

    // Unknown ids and another shop's orders are not found.
    assert_eq!(seller.get("/seller/orders/not-an-id").await.status, 404);
    let thistle = log_in(&t, THISTLE).await;
    assert_eq!(thistle.get(&path).await.status, 404);
    let r = thistle
        .post_form(&format!("{path}/cancel"), &[("reason", "OUT_OF_STOCK")])
        .await;
    assert_eq!(r.status, 404);
    assert!(listed_orders(&page(&thistle, "/seller/orders").await).is_empty());

    // In another language the page speaks it.
    seller.get("/lang/fr?next=/").await;
    let fr = page(&seller, &path).await;
    assert!(fr.contains("Annulée"));
    assert!(fr.contains("Rupture de stock"));
}

/// The id of the first template on the shipping page.
fn template_id(html: &str) -> String {
    fixtures::web::text_between(html, "href=\"/seller/shipping/templates/", "\"")
}

async fn quote(c: &TestClient, buyer: &str, address: &str, sku: &str, n: i64) -> i64 {
    let r = post(
        c,
        "/api/v1/buyer/checkout/quote",
        buyer,
        json!({"address_id": address, "items": [{"sku_id": sku, "quantity": n}]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()[0]["shipping_fee"]["amount"].as_i64().unwrap()
}

async fn web_orders_a_template_saved_in_the_form_sets_the_fee_buyers_are_quoted(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_, skus, buyer, address) = shop_and_buyer(&t, &c, "WEBS").await;
    assert_eq!(
        quote(&c, &buyer, &address, &skus[0], 1).await,
        0,
        "no template: free"
    );

    let seller = log_in(&t, OWNER).await;
    let empty = page(&seller, "/seller/shipping").await;
    assert!(empty.contains("No shipping templates yet: orders ship free."));
    assert!(
        empty.contains("Fee (USD)"),
        "amounts in the shop's currency"
    );

    // A wrong row: each message beside its field, what was typed kept.
    let html = fixtures::web::refused(
        &seller,
        "/seller/shipping/templates",
        &[
            ("name", "Standard"),
            ("rules[0].country", "USA"),
            ("rules[0].mode", "flat"),
            ("rules[0].fee", "four"),
            ("rules[1].country", "*"),
            ("rules[1].mode", "by_weight"),
            ("rules[1].first_grams", "500"),
            ("rules[1].first_fee", "9.00"),
            ("rules[1].step_grams", "0"),
            ("rules[1].step_fee", "2.50"),
            ("free_above", "0"),
        ],
    )
    .await;
    assert!(
        html.contains("id=\"rules-0--country-error\" role=\"alert\">Use a two-letter country code"),
        "{html}"
    );
    assert!(
        html.contains("id=\"rules-0--fee-error\" role=\"alert\">Write an amount of zero or more")
    );
    assert!(html.contains(
        "id=\"rules-1--step_grams-error\" role=\"alert\">Give a whole number of grams above zero."
    ));
    assert!(html.contains(
        "id=\"free_above-error\" role=\"alert\">Give an amount above zero, or leave it empty."
    ));
    assert!(html.contains("value=\"USA\""));
    // The use-case's own checks show beside their fields too.
    let refusal = fixtures::web::refused(
        &seller,
        "/seller/shipping/templates",
        &[
            ("name", " "),
            ("rules[0].country", "US"),
            ("rules[0].mode", "flat"),
            ("rules[0].fee", "4.50"),
        ],
    )
    .await;
    assert!(refusal.contains(
        "id=\"name-error\" role=\"alert\">Give the template a name of up to 60 characters."
    ));
    let refusal = fixtures::web::refused(
        &seller,
        "/seller/shipping/templates",
        &[("name", "Nothing")],
    )
    .await;
    assert!(refusal.contains("id=\"rules-error\" role=\"alert\">Add at least one destination."));
    assert_eq!(
        quote(&c, &buyer, &address, &skus[0], 1).await,
        0,
        "nothing saved"
    );

    // A good one: the US flat, elsewhere by weight, free from 150.
    let r = fixtures::web::submitted(
        &seller,
        "/seller/shipping/templates",
        &[
            ("name", "Standard"),
            ("rules[0].country", "us"),
            ("rules[0].regions", ""),
            ("rules[0].mode", "flat"),
            ("rules[0].fee", "4.50"),
            ("rules[1].country", "*"),
            ("rules[1].mode", "by_weight"),
            ("rules[1].first_grams", "500"),
            ("rules[1].first_fee", "9"),
            ("rules[1].step_grams", "500"),
            ("rules[1].step_fee", "2.50"),
            ("rules[2].country", ""),
            ("rules[2].mode", "flat"),
            ("free_above", "150"),
        ],
    )
    .await;
    assert_eq!(r.header("location"), Some("/seller/shipping?notice=saved"));
    let list = page(&seller, "/seller/shipping?notice=saved").await;
    assert!(list.contains("The template is saved."));
    assert!(list.contains("Standard"));
    assert!(
        list.contains("default-template"),
        "the first template is the default"
    );
    assert!(
        list.contains("<strong>US</strong>: $4.50 per order"),
        "{list}"
    );
    assert!(list.contains(
        "<strong>Everywhere else</strong>: $9.00 for the first 500 g, then $2.50 per 500 g"
    ));
    assert!(list.contains("Free shipping for orders from $150.00"));
    // The buyer in California is quoted the flat fee; three dresses (177.00) ship free.
    assert_eq!(quote(&c, &buyer, &address, &skus[0], 1).await, 450);
    assert_eq!(quote(&c, &buyer, &address, &skus[0], 3).await, 0);

    // Editing: the form shows the amounts as decimals; a new fee changes the quote.
    let id = template_id(&list);
    let edit = page(&seller, &format!("/seller/shipping/templates/{id}")).await;
    assert!(edit.contains("value=\"4.50\""));
    assert!(edit.contains("This is the default template."));
    fixtures::web::submitted(
        &seller,
        &format!("/seller/shipping/templates/{id}"),
        &[
            ("name", "Standard"),
            ("rules[0].country", "US"),
            ("rules[0].mode", "flat"),
            ("rules[0].fee", "6"),
            ("is_default", "1"),
        ],
    )
    .await;
    assert_eq!(
        quote(&c, &buyer, &address, &skus[0], 3).await,
        600,
        "no threshold any more"
    );
    let refusal = fixtures::web::refused(
        &seller,
        &format!("/seller/shipping/templates/{id}"),
        &[
            ("name", "Standard"),
            ("rules[0].country", "US"),
            ("rules[0].mode", "flat"),
            ("rules[0].fee", "-1"),
        ],
    )
    .await;
    assert!(refusal.contains("id=\"rules-0--fee-error\""));
    assert_eq!(
        seller
            .get("/seller/shipping/templates/shp_nope")
            .await
            .status,
        404
    );

    // The buyer's cancellation window.
    fixtures::web::submitted(&seller, "/seller/shipping/hold", &[("hold_minutes", "60")]).await;
    let list = page(&seller, "/seller/shipping").await;
    assert!(
        list.contains("<option value=\"60\" selected>60 minutes</option>"),
        "{list}"
    );
    let refusal = fixtures::web::refused(
        &seller,
        "/seller/shipping/hold",
        &[("hold_minutes", "99999")],
    )
    .await;
    assert!(
        refusal
            .contains("id=\"hold_minutes-error\" role=\"alert\">Choose one of the listed windows.")
    );
    // Paid orders now wait on hold, address hidden until the window ends.
    let done = buy_now(&c, &buyer, &address, &skus[0], 1, None)
        .await
        .json();
    pay(&t, &c, &done["payments"][0]).await;
    let held = page(&seller, &format!("/seller/orders/{}", order_of(&done))).await;
    assert!(held.contains("data-status=\"ON_HOLD\""));
    assert!(held.contains("window ends."));
    assert!(!held.contains("1 Market Street"));
    assert!(held.contains("Buyer may cancel until"));

    // Deleting the only template: the shop ships free again.
    fixtures::web::submitted(
        &seller,
        &format!("/seller/shipping/templates/{id}/delete"),
        &[],
    )
    .await;
    assert!(
        page(&seller, "/seller/shipping")
            .await
            .contains("No shipping templates yet")
    );
    assert_eq!(quote(&c, &buyer, &address, &skus[0], 1).await, 0);
}

async fn web_orders_members_without_orders_get_403_and_viewers_cannot_change_anything(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    // An order at Thistle & Thread, paid.
    let (_, skus) = fixtures::shop_in(&c, THISTLE, "WEBV", "GBP", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "viewer@buyers.example").await;
    let order = fixtures::paid_order_at(&t, &c, &buyer, &address, &skus[0], 1).await;
    let path = format!("/seller/orders/{order}");

    // The product manager at Maple & Pine has neither Orders nor Shipping.
    let pm = log_in(&t, "priya@maple-pine.example").await;
    for p in [
        "/seller/orders",
        "/seller/orders?tab=to_ship",
        "/seller/shipping",
    ] {
        let r = pm.get(p).await;
        assert_eq!(r.status, 403, "{p}");
        assert!(r.text().contains("Your role does not include this part"));
    }
    let home = page(&pm, "/seller").await;
    assert!(
        !home.contains("href=\"/seller/orders\""),
        "no Orders in the menu"
    );
    assert!(!home.contains("href=\"/seller/shipping\""));
    assert!(!home.contains("to ship</a>"));
    for (p, fields) in [
        (format!("{path}/cancel"), vec![("reason", "OUT_OF_STOCK")]),
        ("/seller/shipping/templates".to_owned(), vec![("name", "X")]),
        (
            "/seller/shipping/hold".to_owned(),
            vec![("hold_minutes", "60")],
        ),
    ] {
        assert_eq!(pm.post_form(&p, &fields).await.status, 403, "{p}");
    }

    // Customer service at Thistle & Thread may look but not change.
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    let home = page(&cs, "/seller").await;
    assert!(home.contains("href=\"/seller/orders\""));
    assert!(home.contains("href=\"/seller/orders?tab=to_ship\">1 order to ship</a>"));
    let list = page(&cs, "/seller/orders?tab=to_ship").await;
    assert_eq!(listed_orders(&list), [order.as_str()]);
    let detail = page(&cs, &path).await;
    assert!(detail.contains("Your role can view orders but not change them."));
    assert!(!detail.contains(&format!("action=\"{path}/cancel\"")));
    assert!(
        detail.contains("1 Market Street"),
        "viewers see where it goes"
    );
    let r = cs
        .post_form(&format!("{path}/cancel"), &[("reason", "OUT_OF_STOCK")])
        .await;
    assert_eq!(r.status, 403);
    let shipping = page(&cs, "/seller/shipping").await;
    assert!(shipping.contains("Your role can view shipping templates but not change them."));
    assert!(!shipping.contains("action=\"/seller/shipping/templates\""));
    assert!(!shipping.contains("action=\"/seller/shipping/hold\""));
    assert_eq!(
        cs.post_form("/seller/shipping/templates", &[("name", "X")])
            .await
            .status,
        403
    );
    assert_eq!(
        cs.post_form("/seller/shipping/hold", &[("hold_minutes", "60")])
            .await
            .status,
        403
    );
    // The order is still there to ship.
    assert!(
        page(&cs, &path)
            .await
            .contains("data-status=\"AWAITING_SHIPMENT\"")
    );

    // Not signed in: to the log-in form and back.
    let anon = t.client();
    assert_eq!(
        anon.get("/seller/orders?tab=to_ship")
            .await
            .header("location"),
        Some("/seller/login?next=/seller/orders%3Ftab%3Dto_ship")
    );
    assert_eq!(
        anon.get("/seller/shipping").await.header("location"),
        Some("/seller/login?next=/seller/shipping")
    );
}
