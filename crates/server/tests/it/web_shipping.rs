//! Shipping in the browser: the order page's shipment panel (own carrier with its tracking
//! number checked beside the field, then delivery confirmed with a proof file), the packages
//! with their tracking timeline, the To ship tab's time left and bulk shipment by platform
//! logistics with its results and one PDF of labels, bulk shipment by CSV file, the buyer's
//! tracking on their order page, and who may ship.

use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{log_in, order_row, page, web_buyer};
use shopdeck_testkit::fixtures::{OWNER, THISTLE, new_buyer, pdf_pages, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    web_shipping_own_carrier_through_the_order_page_then_delivery_confirmed_and_tracked_by_the_buyer,
    web_shipping_the_to_ship_tab_ships_ticked_orders_with_platform_logistics_and_prints_their_labels,
    web_shipping_a_csv_file_ships_its_good_lines_and_says_what_is_wrong_with_the_others,
    web_shipping_members_without_orders_edit_cannot_ship,
    web_shipping_an_order_split_over_two_packages_through_the_order_page,
);

const UPS_OK: &str = "1Z999AA10123456784";

/// A Maple & Pine product on sale, a buyer with a US address; returns (SKU ids, buyer token,
/// address id, buyer email).
async fn shop_and_buyer(
    t: &TestApp,
    c: &TestClient,
    prefix: &str,
) -> (Vec<String>, String, String, String) {
    let (_owner, skus) = shop(c, prefix, 10).await;
    let email = format!("{}@buyers.example", prefix.to_lowercase());
    let (buyer, address) = new_buyer(t, c, &email).await;
    (skus, buyer, address, email)
}

/// A paid order of one unit.
async fn paid_order(t: &TestApp, c: &TestClient, buyer: &str, address: &str, sku: &str) -> String {
    let buyer = (buyer.to_owned(), address.to_owned());
    fixtures::paid_order(t, c, &buyer, sku, 1).await
}

/// The first package id on a page.
fn package_in(html: &str) -> String {
    fixtures::web::text_between(html, "id=\"package-", "\"")
}

/// The target of the first link whose address starts with `prefix`, as a path to request.
fn link(html: &str, prefix: &str) -> String {
    let rest = fixtures::web::text_between(html, &format!("href=\"{prefix}"), "\"");
    format!("{prefix}{rest}").replace("&amp;", "&")
}

async fn post_multipart(
    c: &TestClient,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, Vec<u8>)>,
) -> TestResponse {
    match &file {
        Some((field, name, bytes)) => {
            c.post_multipart(path, fields, &[(field, name, bytes)])
                .await
        }
        None => c.post_multipart(path, fields, &[]).await,
    }
}

fn position(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle} in {html}"))
}

async fn web_shipping_own_carrier_through_the_order_page_then_delivery_confirmed_and_tracked_by_the_buyer(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (skus, buyer, address, email) = shop_and_buyer(&t, &c, "WSHA").await;
    let order = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let path = format!("/seller/orders/{order}");
    let ship = format!("{path}/ship");

    let seller = log_in(&t, OWNER).await;
    let html = page(&seller, &path).await;
    assert!(html.contains("Arrange shipment"), "{html}");
    assert!(html.contains(&format!("action=\"{ship}\"")));
    assert!(html.contains("Ship with platform logistics"));
    assert!(
        html.contains("<option value=\"UPS\">UPS</option>"),
        "{html}"
    );
    assert!(
        html.contains("<strong>UPS</strong>: 1Z followed by 16 letters or digits"),
        "each carrier's format is shown"
    );
    assert!(html.contains("Time left to ship"));
    assert!(html.contains("3 d 0 h left"), "72 hours to process");

    // A number UPS cannot have: said beside the field, what was typed kept.
    let html = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "seller"),
            ("carrier", "UPS"),
            ("tracking_number", "1Z123"),
        ],
    )
    .await;
    assert!(
        html.contains(
            "id=\"tracking_number-error\" role=\"alert\">This is not a valid UPS tracking number. Expected: 1Z followed by 16 letters or digits.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("value=\"1Z123\""));
    assert!(html.contains("<option value=\"UPS\" selected>UPS</option>"));
    assert!(html.contains("data-status=\"AWAITING_SHIPMENT\""));
    // Nothing chosen, and a carrier that is not on the list.
    let html = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "seller"),
            ("carrier", ""),
            ("tracking_number", ""),
        ],
    )
    .await;
    assert!(
        html.contains("id=\"carrier-error\" role=\"alert\">Choose a carrier from the list.</p>")
    );
    assert!(
        html.contains("id=\"tracking_number-error\" role=\"alert\">Enter the tracking number.</p>")
    );
    let refusal = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "seller"),
            ("carrier", "PIGEON"),
            ("tracking_number", UPS_OK),
        ],
    )
    .await;
    assert!(
        refusal.contains("id=\"carrier-error\" role=\"alert\">Choose a carrier from the list.")
    );

    // A good one: in transit at once, with the tracking number linked and the first event.
    let r = fixtures::web::submitted(
        &seller,
        &ship,
        &[
            ("method", "seller"),
            ("carrier", "UPS"),
            ("tracking_number", UPS_OK),
        ],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("{path}?notice=shipped").as_str())
    );
    let html = page(&seller, &format!("{path}?notice=shipped")).await;
    assert!(html.contains("The shipment is arranged."));
    assert!(html.contains("data-status=\"IN_TRANSIT\""), "{html}");
    assert!(html.contains(&format!(
        "href=\"https://www.ups.com/track?tracknum={UPS_OK}\""
    )));
    assert!(html.contains("With the carrier"));
    assert!(html.contains("Own carrier"));
    assert!(html.contains("Handed to the carrier"));
    assert!(html.contains("Handed to UPS by the seller"));
    assert!(html.contains("id=\"shipped-at\""));
    assert!(
        !html.contains(&format!("action=\"{ship}\"")),
        "shipped once"
    );
    assert!(html.contains("Confirm delivery"));
    assert!(html.contains("Report failed delivery"));
    assert!(html.contains("The buyer refused the package"));
    let package = package_in(&html);
    // The label prints as a PDF.
    let label = link(&html, "/seller/shipping/documents?");
    assert!(label.contains(&format!("packages={package}")), "{label}");
    assert!(label.contains("type=SHIPPING_LABEL&size=4x6"));
    let pdf = seller.get(&label).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type(), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(pdf_pages(&pdf.body), 1);

    // Shipping again is a conflict said at the top of the page.
    let r = seller.post_form(&ship, &[("method", "platform")]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("This order has already been shipped."));

    // The same tracking number for another order is refused beside the field.
    let second = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let refusal = fixtures::web::refused(
        &seller,
        &format!("/seller/orders/{second}/ship"),
        &[
            ("method", "seller"),
            ("carrier", "ups"),
            ("tracking_number", UPS_OK),
        ],
    )
    .await;
    assert!(refusal.contains(
        "id=\"tracking_number-error\" role=\"alert\">This tracking number is already used by another of your packages."
    ));

    // Delivery: a file that is neither a photo nor a PDF is refused beside the file field.
    let delivery = format!("/seller/packages/{package}/delivery");
    let r = post_multipart(
        &seller,
        &delivery,
        &[("result", "delivered"), ("order", &order)],
        Some(("proof", "notes.txt", b"not a photo".to_vec())),
    )
    .await;
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(
        html.contains(&format!(
            "id=\"proof-{package}-error\" role=\"alert\">Upload a photo (JPEG, PNG or WebP) or a PDF.</p>"
        )),
        "{html}"
    );
    // A failed attempt needs a reason from the list.
    let r = post_multipart(
        &seller,
        &delivery,
        &[
            ("result", "failed"),
            ("reason", "ALIENS"),
            ("order", &order),
        ],
        None,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains(&format!(
        "id=\"reason-{package}-error\" role=\"alert\">Choose one of the listed reasons."
    )));
    // Confirmed with a photo.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0; 64]);
    let r = post_multipart(
        &seller,
        &delivery,
        &[("result", "delivered"), ("order", &order)],
        Some(("proof", "doorstep.png", png.clone())),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some(format!("{path}?notice=delivery#package-{package}").as_str())
    );
    t.run_jobs().await;
    let html = page(&seller, &path).await;
    assert!(html.contains("data-status=\"DELIVERED\""), "{html}");
    assert!(html.contains("Delivered (confirmed by the seller)"));
    assert!(
        position(&html, "Delivered (confirmed by the seller)")
            < position(&html, "Handed to UPS by the seller"),
        "newest first"
    );
    assert!(html.contains("id=\"delivered-at\""));
    assert!(html.contains("id=\"complete-after\""));
    assert!(html.contains("After-sale window ends"));
    assert!(html.contains("Proof of delivery"));
    // The proof opens from the package card as it was uploaded.
    let proof = format!("/seller/packages/{package}/proof");
    assert!(html.contains(&format!("href=\"{proof}\"")), "{html}");
    let r = seller.get(&proof).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.body, png);
    assert!(
        !html.contains("Report failed delivery"),
        "nothing more to report"
    );
    // Another report is refused with a message at the top.
    let r = post_multipart(
        &seller,
        &delivery,
        &[("result", "delivered"), ("order", &order)],
        None,
    )
    .await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("This package is already delivered or cancelled.")
    );

    // The buyer follows the parcel on their order page.
    let w = web_buyer(&t, &email).await;
    let html = page(&w, &format!("/account/orders/{order}")).await;
    assert!(html.contains("Tracking"), "{html}");
    assert!(html.contains("UPS"));
    assert!(html.contains(&format!(
        "href=\"https://www.ups.com/track?tracknum={UPS_OK}\""
    )));
    assert!(html.contains("Delivered"));
    assert!(html.contains("Handed to UPS by the seller"));
    assert!(
        position(&html, "Delivered (confirmed by the seller)")
            < position(&html, "Handed to UPS by the seller"),
        "newest first"
    );
    assert!(html.contains("Shipped on"));
    assert!(html.contains("Delivered on"));
    assert!(html.contains("Returns possible until"));
    // In French.
    w.get("/lang/fr?next=/").await;
    let fr = page(&w, &format!("/account/orders/{order}")).await;
    assert!(fr.contains("Remis au transporteur"), "{fr}");
    assert!(fr.contains("Retours possibles jusqu'au"));
}

async fn web_shipping_the_to_ship_tab_ships_ticked_orders_with_platform_logistics_and_prints_their_labels(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (skus, buyer, address, _) = shop_and_buyer(&t, &c, "WSHB").await;
    let a = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let b2 = paid_order(&t, &c, &buyer, &address, &skus[1]).await;
    let gone = paid_order(&t, &c, &buyer, &address, &skus[0]).await;

    let seller = log_in(&t, OWNER).await;
    let list = page(&seller, "/seller/orders?tab=to_ship").await;
    assert!(list.contains("action=\"/seller/shipping/bulk\""), "{list}");
    assert!(list.contains("Arrange shipment with platform logistics"));
    assert!(
        list.contains("href=\"/seller/shipping/bulk\""),
        "ship by file"
    );
    for o in [&a, &b2, &gone] {
        let r = order_row(&list, o);
        assert!(
            r.contains(&format!("name=\"order_ids\" value=\"{o}\"")),
            "{r}"
        );
        assert!(r.contains("3 d 0 h left"), "{r}");
    }
    // Time moves: 70 hours later two are left, 75 hours later processing is late.
    t.clock.advance(jiff::SignedDuration::from_hours(70));
    let seller = log_in(&t, OWNER).await;
    let list = page(&seller, "/seller/orders?tab=to_ship").await;
    assert!(
        order_row(&list, &a).contains("2 h left"),
        "{}",
        order_row(&list, &a)
    );
    t.clock.advance(jiff::SignedDuration::from_hours(5));
    let seller = log_in(&t, OWNER).await;
    let list = page(&seller, "/seller/orders?tab=to_ship").await;
    assert!(
        order_row(&list, &a).contains("late by 3 h"),
        "{}",
        order_row(&list, &a)
    );
    // The other tabs have no boxes to tick.
    let all = page(&seller, "/seller/orders").await;
    assert!(!all.contains("name=\"order_ids\""));

    // One of the three is cancelled meanwhile.
    fixtures::web::submitted(
        &seller,
        &format!("/seller/orders/{gone}/cancel"),
        &[("reason", "OUT_OF_STOCK")],
    )
    .await;
    let r = seller
        .post_form(
            "/seller/shipping/bulk",
            &[("order_ids", &a), ("order_ids", &b2), ("order_ids", &gone)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    assert!(html.contains("Bulk shipment results"));
    assert!(html.contains("Shipped: 2"), "{html}");
    assert!(html.contains("Not shipped: 1"));
    assert_eq!(html.matches("<tr class=\"result ok\"").count(), 2);
    assert_eq!(html.matches("<tr class=\"result failed\"").count(), 1);
    let failed = &html[position(&html, &format!("data-order=\"{gone}\""))..];
    assert!(
        failed[..failed.find("</tr>").unwrap()].contains("This order is cancelled."),
        "{failed}"
    );
    assert!(html.contains("SDX"), "sandbox tracking numbers");
    // One PDF with both labels; packing slips and the pick list too.
    let labels = link(&html, "/seller/shipping/documents?");
    assert!(labels.contains("type=SHIPPING_LABEL&size=4x6"), "{labels}");
    let pdf = seller.get(&labels).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type(), "application/pdf");
    assert!(
        pdf.header("content-disposition")
            .is_some_and(|d| d.starts_with("inline"))
    );
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(pdf_pages(&pdf.body), 2);
    assert!(html.contains("Print all labels (A6)"));
    assert!(html.contains("type=PACKING_SLIP"));
    let picks = labels.replace("type=SHIPPING_LABEL", "type=PICK_LIST");
    let pdf = seller.get(&picks).await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));

    // The shipped orders await the carrier; the order page shows the booked package.
    let html = page(&seller, &format!("/seller/orders/{a}")).await;
    assert!(
        html.contains("data-status=\"AWAITING_COLLECTION\""),
        "{html}"
    );
    assert!(html.contains("Platform logistics"));
    assert!(html.contains("Waiting for the carrier"));
    assert!(
        !html.contains("Confirm delivery"),
        "the carrier confirms it"
    );
    // The sandbox carrier's scans arrive through the worker.
    t.clock.advance(jiff::SignedDuration::from_hours(3));
    t.run_jobs().await;
    let seller = log_in(&t, OWNER).await;
    let html = page(&seller, &format!("/seller/orders/{a}")).await;
    assert!(html.contains("data-status=\"IN_TRANSIT\""), "{html}");
    assert!(html.contains("Departed the sorting centre"));
    assert!(html.contains("Sorting centre"));

    // Bad document links are pages that say what is wrong.
    let r = seller
        .get("/seller/shipping/documents?packages=nope&type=SHIPPING_LABEL")
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("This link names something that is not a package.")
    );
    let r = seller
        .get(&labels.replace("SHIPPING_LABEL", "POSTER"))
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Unknown document type"));
    let r = seller.get(&labels.replace("size=4x6", "size=A0")).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Unknown label size"));
    let r = seller.get("/seller/shipping/documents").await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Choose at least one package to print."));
    let thistle = log_in(&t, THISTLE).await;
    let r = thistle.get(&labels).await;
    assert_eq!(r.status, 404);
    assert!(
        r.text()
            .contains("One of these packages does not exist in your shop.")
    );

    // Nothing ticked: said on the bulk page.
    let refusal = fixtures::web::refused(&seller, "/seller/shipping/bulk", &[]).await;
    assert!(refusal.contains("Choose at least one order."));
}

async fn web_shipping_a_csv_file_ships_its_good_lines_and_says_what_is_wrong_with_the_others(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (skus, buyer, address, _) = shop_and_buyer(&t, &c, "WSHC").await;
    let a = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let b2 = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let c3 = paid_order(&t, &c, &buyer, &address, &skus[1]).await;

    let seller = log_in(&t, OWNER).await;
    let html = page(&seller, "/seller/shipping/bulk").await;
    assert!(html.contains("Ship orders from a file"), "{html}");
    assert!(html.contains("action=\"/seller/shipping/bulk/file\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("<code>UPS</code>"), "carrier codes listed");
    let template = seller.get("/seller/shipping/bulk/template.csv").await;
    assert_eq!(template.status, 200);
    assert!(template.content_type().starts_with("text/csv"));
    assert_eq!(template.text(), "order_id,carrier,tracking_number\r\n");

    // No file, and a file without the columns: beside the file field.
    let r = post_multipart(&seller, "/seller/shipping/bulk/file", &[], None).await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("id=\"file-error\" role=\"alert\">Choose a CSV file.</p>")
    );
    let r = post_multipart(
        &seller,
        "/seller/shipping/bulk/file",
        &[],
        Some(("file", "orders.csv", b"order,number\nx,y\n".to_vec())),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains(
        "id=\"file-error\" role=\"alert\">The first row must name the columns: order_id, carrier, tracking_number.</p>"
    ));

    let csv = format!(
        "order_id,carrier,tracking_number\n{a},UPS,{UPS_OK}\nnot-an-order,UPS,1Z999AA10123456785\n{b2},UPS,12345\n{c3},,\n"
    );
    let r = post_multipart(
        &seller,
        "/seller/shipping/bulk/file",
        &[],
        Some(("file", "orders.csv", csv.into_bytes())),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    assert!(html.contains("Shipped: 2"), "{html}");
    assert!(html.contains("Not shipped: 2"));
    let line = |id: &str| {
        let rest = &html[position(&html, &format!("data-order=\"{id}\""))..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    assert!(line(&a).contains(UPS_OK), "{}", line(&a));
    assert!(line(&a).contains("✓"));
    assert!(line("not-an-order").contains("Not an order ID."));
    assert!(line("not-an-order").contains("✗"));
    assert!(line(&b2).contains(
        "This is not a valid UPS tracking number. Expected: 1Z followed by 16 letters or digits."
    ));
    assert!(
        line(&c3).contains("Shopdeck Sandbox Express"),
        "{}",
        line(&c3)
    );
    assert!(html.contains("Print all labels (4×6)"));
    let labels = link(&html, "/seller/shipping/documents?");
    let pdf = seller.get(&labels).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf_pages(&pdf.body), 2);

    // The orders moved accordingly.
    let list = page(&seller, "/seller/orders?tab=to_ship").await;
    assert!(list.contains(&format!("<tr id=\"order-{b2}\"")));
    assert!(!list.contains(&format!("<tr id=\"order-{a}\"")));
    assert!(!list.contains(&format!("<tr id=\"order-{c3}\"")));
}

async fn web_shipping_members_without_orders_edit_cannot_ship(b: TestBackend) {
    // The platform asks for a proof of delivery here.
    let t = TestApp::with_demo_and(b, |s| s.delivery_proof_required = true).await;
    let c = t.client();
    // A paid order at Thistle & Thread.
    let (_, skus) = fixtures::shop_in(&c, THISTLE, "WSHV", "GBP", 5).await;
    let (buyer, address) = new_buyer(&t, &c, "wshv@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &address, &skus[0]).await;
    let path = format!("/seller/orders/{order}");

    // Customer service may look, not ship.
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    let html = page(&cs, &path).await;
    assert!(!html.contains("Arrange shipment"), "{html}");
    assert!(!html.contains(&format!("action=\"{path}/ship\"")));
    let list = page(&cs, "/seller/orders?tab=to_ship").await;
    assert!(!list.contains("name=\"order_ids\""), "no boxes to tick");
    let r = cs
        .post_form(&format!("{path}/ship"), &[("method", "platform")])
        .await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("Your role does not include this part"));
    let r = cs
        .post_form("/seller/shipping/bulk", &[("order_ids", &order)])
        .await;
    assert_eq!(r.status, 403);
    let r = post_multipart(
        &cs,
        "/seller/shipping/bulk/file",
        &[],
        Some(("file", "o.csv", format!("order_id\n{order}\n").into_bytes())),
    )
    .await;
    assert_eq!(r.status, 403);
    let bulk = page(&cs, "/seller/shipping/bulk").await;
    assert!(bulk.contains("Your role can view orders but not change them."));
    assert!(!bulk.contains("action=\"/seller/shipping/bulk/file\""));
    assert!(
        page(&cs, &path)
            .await
            .contains("data-status=\"AWAITING_SHIPMENT\""),
        "still to ship"
    );

    // The owner ships; customer service still cannot report the delivery.
    let owner = log_in(&t, THISTLE).await;
    let html = page(&owner, &path).await;
    assert!(
        html.contains("<option value=\"ROYAL_MAIL\">Royal Mail</option>"),
        "{html}"
    );
    fixtures::web::submitted(
        &owner,
        &format!("{path}/ship"),
        &[
            ("method", "seller"),
            ("carrier", "ROYAL_MAIL"),
            ("tracking_number", "RR123456785GB"),
        ],
    )
    .await;
    let html = page(&cs, &path).await;
    assert!(html.contains("RR123456785GB"));
    assert!(!html.contains("Confirm delivery"));
    let package = package_in(&html);
    let r = post_multipart(
        &cs,
        &format!("/seller/packages/{package}/delivery"),
        &[("result", "delivered")],
        None,
    )
    .await;
    assert_eq!(r.status, 403);
    // Viewers may print.
    let label = link(&html, "/seller/shipping/documents?");
    assert_eq!(cs.get(&label).await.status, 200);
    // The owner may confirm, with the proof the platform asks for.
    let html = page(&owner, &path).await;
    assert!(html.contains("Attach a photo or PDF that proves the delivery: it is required."));
    let r = post_multipart(
        &owner,
        &format!("/seller/packages/{package}/delivery"),
        &[("result", "delivered"), ("order", &order)],
        None,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains(&format!(
        "id=\"proof-{package}-error\" role=\"alert\">Attach a photo or PDF that proves the delivery.</p>"
    )));
    let r = post_multipart(
        &owner,
        &format!("/seller/packages/{package}/delivery"),
        &[("result", "delivered"), ("order", &order)],
        Some((
            "proof",
            "signed.pdf",
            b"%PDF-1.4 signed by the buyer".to_vec(),
        )),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(page(&cs, &path).await.contains("data-status=\"DELIVERED\""));

    // The product manager at Maple & Pine has no Orders at all; another shop's package is
    // not found.
    let pm = log_in(&t, "priya@maple-pine.example").await;
    for p in [
        "/seller/shipping/bulk",
        "/seller/shipping/bulk/template.csv",
        label.as_str(),
    ] {
        assert_eq!(pm.get(p).await.status, 403, "{p}");
    }
    let maple = log_in(&t, OWNER).await;
    let r = post_multipart(
        &maple,
        &format!("/seller/packages/{package}/delivery"),
        &[("result", "delivered")],
        None,
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        maple
            .post_form(&format!("{path}/ship"), &[("method", "platform")])
            .await
            .status,
        404
    );

    // Not signed in: to the log-in form.
    let anon = t.client();
    assert_eq!(
        anon.get("/seller/shipping/bulk").await.header("location"),
        Some("/seller/login?next=/seller/shipping/bulk")
    );
}

async fn web_shipping_an_order_split_over_two_packages_through_the_order_page(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (skus, buyer, address, _) = shop_and_buyer(&t, &c, "WSPL").await;
    let order = fixtures::paid_order_at(&t, &c, &buyer, &address, &skus[0], 3).await;
    let seller = log_in(&t, OWNER).await;
    let path = format!("/seller/orders/{order}");
    let ship = format!("{path}/ship");

    // The panel offers to ship some units apart, with a box per line.
    let html = page(&seller, &path).await;
    assert!(
        html.contains("Ship some units in a separate package"),
        "{html}"
    );
    assert!(html.contains("name=\"qty_1\""), "{html}");

    // Too many units: said beside the box; nothing at all: said on the form.
    let html = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "split"),
            ("qty_1", "5"),
            ("split_mode", "platform"),
        ],
    )
    .await;
    assert!(
        html.contains(
            "id=\"split-qty-1-error\" role=\"alert\">Enter a whole number from 0 to 3</p>"
        ),
        "{html}"
    );
    let refusal = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "split"),
            ("qty_1", "0"),
            ("split_mode", "platform"),
        ],
    )
    .await;
    assert!(refusal.contains("Enter how many units go in this package"));
    // Own carrier without a tracking number.
    let refusal = fixtures::web::refused(
        &seller,
        &ship,
        &[
            ("method", "split"),
            ("qty_1", "1"),
            ("split_mode", "seller"),
            ("carrier", "OTHER"),
            ("tracking_number", ""),
        ],
    )
    .await;
    assert!(refusal.contains("id=\"split-tracking-error\""));

    // One unit with the shop's carrier: partially shipped, the rest still offered.
    fixtures::web::submitted(
        &seller,
        &ship,
        &[
            ("method", "split"),
            ("qty_1", "1"),
            ("split_mode", "seller"),
            ("carrier", "OTHER"),
            ("tracking_number", "WEB-SPLIT-1"),
        ],
    )
    .await;
    let html = page(&seller, &path).await;
    assert!(
        html.contains("data-status=\"PARTIALLY_SHIPPING\""),
        "{html}"
    );
    assert!(html.contains("WEB-SPLIT-1"));
    assert!(
        html.contains("units in this package (up to 2)"),
        "two units are left to pack"
    );

    // The rest goes with platform logistics: both parcels on the page, the order in transit.
    fixtures::web::submitted(&seller, &ship, &[("method", "platform")]).await;
    let html = page(&seller, &path).await;
    assert!(html.contains("data-status=\"IN_TRANSIT\""), "{html}");
    assert!(!html.contains("Ship some units in a separate package"));
    assert!(
        html.contains("WEB-SPLIT-1"),
        "the first parcel is still listed"
    );
}
