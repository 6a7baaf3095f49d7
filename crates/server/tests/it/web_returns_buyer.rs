//! Returns and refunds in the buyer's browser: a delivered order offers "Return or refund";
//! the request form says what is wrong beside its fields, then takes a request with a photo
//! (multipart) and shows the return's page with the shop's deadline; once the shop approves,
//! the buyer sends the item back with a Shopdeck label and downloads it; a rejected request is
//! escalated to Shopdeck; a request is withdrawn; nobody else sees a buyer's return; and an
//! order that is not delivered says why no return can be asked for.

use axum::body::Body;
use axum::http::Method;
use jiff::SignedDuration;
use serde_json::json;
use shopdeck_app::Clock;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{page, web_buyer};
use shopdeck_testkit::fixtures::{PNG, delivered_order, new_buyer, post, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    web_returns_buyer_asks_with_a_photo_then_ships_back_with_a_label,
    web_returns_buyer_escalates_a_rejection_and_withdraws_a_request,
    web_returns_buyer_an_order_not_delivered_offers_no_return,
);

async fn post_multipart(
    c: &TestClient,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> TestResponse {
    c.post_multipart(path, fields, files).await
}

/// The return a request redirected to.
fn return_of(r: &TestResponse) -> String {
    let to = r.header("location").unwrap_or_default();
    to.strip_prefix("/account/returns/")
        .and_then(|s| s.split('?').next())
        .unwrap_or_else(|| panic!("not a return page: {to}"))
        .to_owned()
}

fn at(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// A request through the form, without photos: the new return's id.
async fn ask(w: &TestClient, order: &str, kind: &str, reason: &str, note: &str) -> String {
    let r = post_multipart(
        w,
        &format!("/account/orders/{order}/return"),
        &[
            ("return_type", kind),
            ("reason", reason),
            ("note", note),
            ("qty_1", "1"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    return_of(&r)
}

async fn web_returns_buyer_asks_with_a_photo_then_ships_back_with_a_label(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "WRBA", 10).await;
    let email = "wrba@buyers.example";
    let buyer = new_buyer(&t, &c, email).await;
    let order = delivered_order(&t, &c, &owner, &buyer, &skus[0], 2).await;
    let mine = format!("/account/orders/{order}");
    let form = format!("{mine}/return");

    // The delivered order offers a return, until the window closes.
    let w = web_buyer(&t, email).await;
    let html = page(&w, &mine).await;
    assert!(html.contains("Return or refund"), "{html}");
    assert!(html.contains(&format!("href=\"{form}\"")), "{html}");
    let closes = at(t.clock.now() + SignedDuration::from_hours(15 * 24));
    let html = page(&w, &form).await;
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(html.contains("You can ask until"), "{html}");
    assert!(html.contains(&closes), "{closes}: {html}");
    assert!(html.contains("Refund only"));
    assert!(html.contains("Return and refund"));
    assert!(html.contains("name=\"qty_1\""));
    assert!(html.contains("max=\"2\""));
    assert!(html.contains("<option value=\"DAMAGED\">Arrived damaged</option>"));
    assert!(html.contains("<option value=\"OTHER\">Other</option>"));
    assert!(html.contains("accept=\"image/jpeg,image/png,image/webp\""));
    assert!(html.contains("multiple"));

    // Other without a note and no units: said beside the fields, with what was typed kept.
    let r = post_multipart(
        &w,
        &form,
        &[
            ("return_type", "RETURN_AND_REFUND"),
            ("reason", "OTHER"),
            ("note", " "),
            ("qty_1", ""),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    let html = r.text();
    assert!(
        html.contains("id=\"note-error\" role=\"alert\">Say what is wrong with the order.</p>"),
        "{html}"
    );
    assert!(html.contains(
        "id=\"items-error\" role=\"alert\">Choose at least one item and how many units.</p>"
    ));
    assert!(html.contains("aria-describedby=\"note-hint note-error\""));
    assert!(html.contains("<option value=\"OTHER\" selected>Other</option>"));
    assert!(html.contains("value=\"RETURN_AND_REFUND\" checked"));
    // Too many units, and no kind or reason.
    let r = post_multipart(&w, &form, &[("qty_1", "3")], &[]).await;
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(
        html.contains("id=\"qty-1-error\" role=\"alert\">Enter a whole number from 0 to 2.</p>"),
        "{html}"
    );
    assert!(html.contains("id=\"return_type-error\""));
    assert!(html.contains("id=\"reason-error\""));
    // A file that is not an image: beside the photo field.
    let r = post_multipart(
        &w,
        &form,
        &[
            ("return_type", "RETURN_AND_REFUND"),
            ("reason", "SIZE_OR_FIT"),
            ("qty_1", "1"),
        ],
        &[("photos", "notes.txt", b"not a picture at all")],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains(
            "id=\"photos-error\" role=\"alert\">Photo 1 is not a JPEG, PNG or WebP image.</p>"
        ),
        "{}",
        r.text()
    );

    // A good request with a photo: the return's page, waiting for the shop for 48 hours.
    let r = post_multipart(
        &w,
        &form,
        &[
            ("return_type", "RETURN_AND_REFUND"),
            ("reason", "SIZE_OR_FIT"),
            ("note", "Too small"),
            ("qty_1", "1"),
        ],
        &[("photos", "fit.png", PNG)],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id = return_of(&r);
    let ret = format!("/account/returns/{id}");
    assert_eq!(
        r.header("location"),
        Some(format!("{ret}?notice=requested").as_str())
    );
    let html = page(&w, &format!("{ret}?notice=requested")).await;
    assert!(html.contains("Your request is sent to the shop."), "{html}");
    assert!(html.contains("Waiting for the shop"));
    let answer_by = at(t.clock.now() + SignedDuration::from_hours(48));
    assert!(
        html.contains(&format!("The shop answers by {answer_by}.")),
        "{answer_by}: {html}"
    );
    assert!(html.contains("Size or fit is not right"));
    assert!(html.contains("Too small"));
    assert!(html.contains(&format!("src=\"{ret}/photos/0\"")));
    assert!(html.contains("Request sent"), "the timeline");
    assert!(html.contains("Withdraw request"));
    assert!(!html.contains("Send the item back"), "not approved yet");
    let photo = w.get(&format!("{ret}/photos/0")).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.header("content-type"), Some("image/png"));
    assert_eq!(photo.body.as_slice(), PNG);
    assert_eq!(w.get(&format!("{ret}/photos/1")).await.status, 404);
    // The order page lists it and no longer offers another; the list shows it too.
    let html = page(&w, &mine).await;
    assert!(html.contains(&format!("href=\"{ret}\"")), "{html}");
    assert!(!html.contains(&format!("href=\"{form}\"")));
    let html = page(&w, &form).await;
    assert!(
        html.contains("A return for this order is already in progress."),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{ret}\"")));
    let html = page(&w, "/account/returns").await;
    assert!(html.contains(&format!("href=\"{ret}\"")), "{html}");
    assert!(html.contains("Waiting for the shop"));

    // The shop approves: the buyer sends it back within 5 days.
    let r = post(
        &c,
        &format!("/api/v1/shop/returns/{id}/approval"),
        &owner,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = page(&w, &ret).await;
    let ship_by = at(t.clock.now() + SignedDuration::from_hours(5 * 24));
    assert!(
        html.contains(&format!(
            "Send the item back by {ship_by}, or the return is closed."
        )),
        "{ship_by}: {html}"
    );
    assert!(html.contains(&format!("action=\"{ret}/ship\"")));
    assert!(html.contains("Use a Shopdeck return label"));
    assert!(html.contains("My own carrier"));
    assert!(html.contains("<option value=\"UPS\">UPS</option>"));
    assert!(html.contains("<option value=\"USPS\">USPS</option>"));
    assert!(!html.contains("Royal Mail"), "a US order: US carriers");
    assert!(html.contains("Approved by the shop"));

    // No choice, then a number the carrier does not use: beside the fields.
    let ship = format!("{ret}/ship");
    let refusal = fixtures::web::refused(&w, &ship, &[("method", "")]).await;
    assert!(
        refusal
            .contains("id=\"method-error\" role=\"alert\">Choose how you send the item back.</p>")
    );
    let html = fixtures::web::refused(
        &w,
        &ship,
        &[
            ("method", "own"),
            ("carrier", "UPS"),
            ("tracking_number", "123"),
        ],
    )
    .await;
    assert!(
        html.contains("id=\"tracking_number-error\" role=\"alert\">This does not look like a UPS tracking number."),
        "{html}"
    );
    assert!(html.contains("<option value=\"UPS\" selected>UPS</option>"));
    assert!(html.contains("value=\"own\" checked"));

    // With a Shopdeck label: the shop now has 8 days to check the package.
    let r = fixtures::web::submitted(&w, &ship, &[("method", "platform")]).await;
    assert_eq!(
        r.header("location"),
        Some(format!("{ret}?notice=shipped").as_str())
    );
    let html = page(&w, &format!("{ret}?notice=shipped")).await;
    assert!(
        html.contains("the shop now waits for your package"),
        "{html}"
    );
    assert!(html.contains("Sent back"));
    let check_by = at(t.clock.now() + SignedDuration::from_hours(8 * 24));
    assert!(
        html.contains(&format!("The shop checks the package by {check_by}.")),
        "{check_by}: {html}"
    );
    assert!(html.contains("Download return label (PDF)"));
    assert!(html.contains(&format!("href=\"{ret}/label\"")));
    assert!(html.contains("Item sent back"));
    assert!(!html.contains("Withdraw request"), "too late to withdraw");
    assert!(!html.contains(&format!("action=\"{ship}\"")));
    let pdf = w.get(&format!("{ret}/label")).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF"));
    // Shipping twice is refused, at the top of the page.
    let r = w.post_form(&ship, &[("method", "platform")]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("This return has already moved on"));
}

async fn web_returns_buyer_escalates_a_rejection_and_withdraws_a_request(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "WRBE", 10).await;
    let email = "wrbe@buyers.example";
    let buyer = new_buyer(&t, &c, email).await;
    let first = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let second = delivered_order(&t, &c, &owner, &buyer, &skus[1], 1).await;
    let w = web_buyer(&t, email).await;

    // A refund only, rejected by the shop with a reason and a note.
    let id = ask(&w, &first, "REFUND", "NOT_AS_DESCRIBED", "").await;
    let ret = format!("/account/returns/{id}");
    let r = post(
        &c,
        &format!("/api/v1/shop/returns/{id}/rejection"),
        &owner,
        json!({"reason": "INSUFFICIENT_EVIDENCE", "note": "No photo of the label"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = page(&w, &ret).await;
    assert!(html.contains("The shop rejected your request."), "{html}");
    assert!(html.contains("The photos or description do not show the problem"));
    assert!(html.contains("No photo of the label"));
    let until = at(t.clock.now() + SignedDuration::from_hours(48));
    assert!(
        html.contains(&format!("You can escalate to Shopdeck until {until}.")),
        "{until}: {html}"
    );
    assert!(html.contains(&format!("action=\"{ret}/escalate\"")));
    assert!(!html.contains("Withdraw request"), "nothing to withdraw");

    // Escalating needs a note.
    let esc = format!("{ret}/escalate");
    let refusal = fixtures::web::refused(&w, &esc, &[("note", "  ")]).await;
    assert!(refusal.contains(
        "id=\"escalate_note-error\" role=\"alert\">Tell Shopdeck why the shop's decision is wrong.</p>"
    ));
    let r =
        fixtures::web::submitted(&w, &esc, &[("note", "The colour is clearly different")]).await;
    assert_eq!(
        r.header("location"),
        Some(format!("{ret}?notice=escalated").as_str())
    );
    let html = page(&w, &format!("{ret}?notice=escalated")).await;
    assert!(html.contains("Shopdeck will review the case."), "{html}");
    assert!(html.contains("Under review by Shopdeck"));
    assert!(html.contains("Escalated to Shopdeck"));
    assert!(html.contains("The colour is clearly different"));
    assert!(
        html.contains("Rejected by the shop"),
        "the timeline keeps each step"
    );
    assert!(!html.contains(&format!("action=\"{esc}\"")), "only once");
    assert!(
        html.contains("Withdraw request"),
        "the dispute can be withdrawn"
    );
    // An old tab escalating again: said at the top.
    let r = w.post_form(&esc, &[("note", "again")]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("This return can no longer be escalated."));

    // Another request, withdrawn: the order offers a return again.
    let id2 = ask(&w, &second, "RETURN_AND_REFUND", "CHANGED_MIND", "").await;
    let ret2 = format!("/account/returns/{id2}");
    let r = fixtures::web::submitted(&w, &format!("{ret2}/withdraw"), &[]).await;
    assert_eq!(
        r.header("location"),
        Some(format!("{ret2}?notice=withdrawn").as_str())
    );
    let html = page(&w, &format!("{ret2}?notice=withdrawn")).await;
    assert!(html.contains("You withdrew this request."), "{html}");
    assert!(html.contains("Withdrawn"));
    assert!(!html.contains("Withdraw request"));
    let html = page(&w, &format!("/account/orders/{second}")).await;
    assert!(html.contains(&format!("href=\"{ret2}\"")), "{html}");
    assert!(html.contains(&format!("href=\"/account/orders/{second}/return\"")));
    // Withdrawing twice is refused on the page.
    let r = w.post_form(&format!("{ret2}/withdraw"), &[]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("This return has already moved on"));

    // Another buyer sees none of it.
    let other = "wrbe-other@buyers.example";
    new_buyer(&t, &c, other).await;
    let o = web_buyer(&t, other).await;
    assert_eq!(o.get(&ret).await.status, 404);
    assert_eq!(o.get(&format!("{ret}/photos/0")).await.status, 404);
    assert_eq!(o.get(&format!("{ret}/label")).await.status, 404);
    assert_eq!(
        o.post_form(&format!("{ret}/withdraw"), &[]).await.status,
        404
    );
    assert_eq!(
        o.get(&format!("/account/orders/{first}/return"))
            .await
            .status,
        404
    );
    let html = page(&o, "/account/returns").await;
    assert!(
        html.contains("You have not asked for any return or refund."),
        "{html}"
    );
    // Nor does anyone signed out.
    let anon = t.client();
    let r = anon.get(&ret).await;
    assert_eq!(r.status, 303);
    assert!(
        r.header("location")
            .unwrap_or_default()
            .starts_with("/account/login?next=")
    );
    // A label for a return without one is "not here", not an error.
    assert_eq!(w.get(&format!("{ret}/label")).await.status, 404);
    assert_eq!(w.get("/account/returns/rtn_nope").await.status, 404);
}

async fn web_returns_buyer_an_order_not_delivered_offers_no_return(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "WRBN", 10).await;
    let email = "wrbn@buyers.example";
    let buyer = new_buyer(&t, &c, email).await;
    let order = fixtures::paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let form = format!("/account/orders/{order}/return");

    let w = web_buyer(&t, email).await;
    let html = page(&w, &format!("/account/orders/{order}")).await;
    assert!(!html.contains(&format!("href=\"{form}\"")), "{html}");
    assert!(!html.contains("id=\"returns\""));
    let html = page(&w, &form).await;
    assert!(html.contains("A return cannot be asked for now."), "{html}");
    assert!(html.contains("A return can be asked for once the order is delivered."));
    assert!(!html.contains("enctype=\"multipart/form-data\""));
    // Posting anyway (an old tab) is refused with the same words.
    let r = post_multipart(
        &w,
        &form,
        &[
            ("return_type", "REFUND"),
            ("reason", "DAMAGED"),
            ("qty_1", "1"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("once the order is delivered"));
    // Without the CSRF token nothing happens.
    let r = w
        .request(
            Method::POST,
            &form,
            Body::from("--x\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nDAMAGED\r\n--x--\r\n"),
            Some("multipart/form-data; boundary=x"),
        )
        .await;
    assert_eq!(r.status, 403);
    // In French, the same page speaks French.
    let fr = web_buyer(&t, email)
        .await
        .with_header("accept-language", "fr");
    let html = page(&fr, &form).await;
    assert!(
        html.contains("Un retour peut être demandé une fois la commande livrée."),
        "{html}"
    );
}
