//! Buying in the browser, through the storefront's HTML forms only: the product page's buy
//! box with the source it came from, the cart, checkout, the sandbox provider's page, the
//! checkout result, and the buyer's orders with payment retries and cancellation.

use serde_json::{Value, json};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::location;
use shopdeck_testkit::fixtures::{BUYER_PASSWORD, buy_now, call, get, new_buyer, post, product_of};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

// The names start with the module's, so `cargo test --test it -- web_buying` picks them out.

db_tests!(
    web_buying_a_buyer_from_a_video_adds_to_cart_checks_out_and_pays_in_the_sandbox,
    web_buying_sold_out_variants_are_disabled_and_refusals_show_beside_the_item,
    web_buying_a_checkout_form_sent_twice_places_one_order,
    web_buying_a_declined_payment_says_so_and_pay_now_starts_again,
    web_buying_a_buyer_cancels_an_unpaid_order_from_its_page,
    web_buying_signed_out_buyers_log_in_and_come_back,
    web_buying_a_cart_in_two_currencies_is_paid_twice_from_the_checkout_page,
);

/// The path and query of a (possibly absolute) URL.
fn path_of(url: &str) -> String {
    match url.strip_prefix("http://").or(url.strip_prefix("https://")) {
        Some(rest) => rest.find('/').map_or("/".into(), |i| rest[i..].to_owned()),
        None => url.to_owned(),
    }
}

/// The value of the hidden field `name` in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

/// The first id with this prefix in a link of the page (`ord_`, `chk_`, …).
fn id_in(html: &str, prefix: &str) -> String {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {html}"));
    html[start..start + prefix.len() + 32].to_owned()
}

/// A buyer with one address (from the API helper), signed in through the web log-in form.
/// Returns the browser, the API token and the address id.
async fn web_buyer(t: &TestApp, email: &str) -> (TestClient, String, String) {
    let (token, address) = new_buyer(t, &t.client(), email).await;
    let w = fixtures::web::web_buyer(t, email).await;
    (w, token, address)
}

/// A shop's live product and a video tagging it; returns (product id, its SKU ids, the
/// video id, the seller's API token).
async fn shop_product(
    t: &TestApp,
    prefix: &str,
    stock: i64,
) -> (String, Vec<String>, String, String) {
    let c = t.client();
    let (owner, skus) = fixtures::shop(&c, prefix, stock).await;
    let product = product_of(t, &skus[0]).await;
    let r = post(
        &c,
        "/api/v1/shop/videos",
        &owner,
        json!({
            "caption": "Linen for summer",
            "tags": [product],
            "link_url": "https://videos.example/linen.mp4"
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let video = r.json()["id"].as_str().unwrap().to_owned();
    (product, skus, video, owner)
}

/// Submits the checkout form as shown at `page` (the address as chosen there).
async fn place(w: &TestClient, html: &str, note: &str) -> TestResponse {
    let items = hidden(html, "items");
    let mode = hidden(html, "mode");
    let key = hidden(html, "client_key");
    let quoted = hidden(html, "quoted_for");
    let mut fields = vec![
        ("items", items.as_str()),
        ("mode", mode.as_str()),
        ("client_key", key.as_str()),
        ("quoted_for", quoted.as_str()),
        ("address_id", quoted.as_str()),
        ("note", note),
        ("place", "1"),
    ];
    let p;
    if html.contains("name=\"p\" value=\"") {
        p = hidden(html, "p");
        fields.push(("p", p.as_str()));
    }
    w.post_form("/checkout", &fields).await
}

/// "Buy now" on the product page, then the checkout form placed: the sandbox page's path.
async fn buy_now_in_browser(w: &TestClient, product: &str, sku: &str, qty: &str) -> String {
    assert_eq!(w.get(&format!("/p/{product}")).await.status, 200);
    let r = fixtures::web::submitted(
        w,
        "/cart/items",
        &[
            ("product", product),
            ("sku", sku),
            ("quantity", qty),
            ("action", "buy"),
        ],
    )
    .await;
    let checkout = location(&r);
    assert_eq!(
        checkout,
        format!("/checkout?p={product}&sku={sku}&qty={qty}")
    );
    let page = w.get(&checkout).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let r = place(w, &page.text(), "").await;
    assert_eq!(r.status, 303, "{}", r.text());
    let to = path_of(&location(&r));
    assert!(to.starts_with("/sandbox/pay/sbx_"), "{to}");
    to
}

/// Presses a button of the sandbox page; returns where it sends the buyer.
async fn decide(w: &TestClient, sandbox: &str, decision: &str) -> String {
    let page = w.get(sandbox).await;
    assert_eq!(page.status, 200);
    let r = fixtures::web::submitted(w, sandbox, &[("decision", decision)]).await;
    let to = path_of(&location(&r));
    assert!(
        to.starts_with("/checkout/chk_") && to.ends_with(&format!("?payment={decision}d"))
            || to.ends_with("?payment=later"),
        "{to}"
    );
    to
}

async fn web_buying_a_buyer_from_a_video_adds_to_cart_checks_out_and_pays_in_the_sandbox(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, video, owner) = shop_product(&t, "WEB", 5).await;
    let (w, _, address) = web_buyer(&t, "ada@buyers.example").await;

    // The product page from a video: both sizes offered, the source kept in the form.
    let html = fixtures::web::page(&w, &format!("/p/{product}?src={video}")).await;
    assert!(
        html.contains(&format!("name=\"src\" value=\"{video}\"")),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"sku\" value=\"{}\" checked", skus[0])));
    assert!(html.contains(&format!("name=\"sku\" value=\"{}\">", skus[1])));
    assert!(html.contains("Only 5 left"));
    assert!(html.contains(">Add to cart<") && html.contains(">Buy now<"));

    let r = fixtures::web::submitted(
        &w,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("src", video.as_str()),
            ("sku", skus[0].as_str()),
            ("quantity", "2"),
            ("action", "add"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/cart?notice=added");
    let html = w.get("/cart?notice=added").await.text();
    assert!(html.contains("Added to your cart."), "{html}");
    assert!(html.contains("Linen summer dress with pockets, sage green"));
    assert!(html.contains("Maple &amp; Pine"), "grouped by shop: {html}");
    assert!(html.contains(&format!("action=\"/cart/items/{}\"", skus[0])));
    assert!(html.contains("value=\"2\""), "the quantity form");
    assert!(html.contains("$118.00"), "the shop's subtotal");
    assert!(html.contains("href=\"/checkout\""));

    // Checkout: the address book, the shop's totals, a note.
    let html = fixtures::web::page(&w, "/checkout").await;
    assert!(html.contains("Delivery address"));
    assert!(html.contains("1 Market Street"));
    assert!(html.contains(&format!("name=\"address_id\" value=\"{address}\" checked")));
    assert!(html.contains("Shipping") && html.contains("Free"), "{html}");
    assert!(
        html.contains("To pay: <strong><bdi class=\"money\" dir=\"ltr\">$118.00</bdi></strong>"),
        "{html}"
    );
    assert!(html.contains(">Place order<"));
    let r = place(&w, &html, "Ring twice").await;
    assert_eq!(r.status, 303, "{}", r.text());
    let sandbox = path_of(&location(&r));
    assert!(sandbox.starts_with("/sandbox/pay/sbx_"), "{sandbox}");

    // The provider's page: its own look, the amount, three buttons.
    let html = w.get(&sandbox).await.text();
    assert!(html.contains("Sandbox payments — no real money"), "{html}");
    assert!(html.contains("$118.00"));
    assert!(!html.contains("role=\"search\""), "not the shop's shell");
    for d in ["approve", "decline", "later"] {
        assert!(html.contains(&format!("name=\"decision\" value=\"{d}\"")));
    }
    let back = decide(&w, &sandbox, "approve").await;

    // Back at the shop: waiting for the provider's callback, then paid.
    let html = w.get(&back).await.text();
    assert!(
        html.contains("Payment received — waiting for confirmation"),
        "{html}"
    );
    assert!(html.contains("http-equiv=\"refresh\""));
    assert!(
        !html.contains(">Pay now"),
        "no second payment while waiting"
    );
    t.run_jobs().await;
    let html = w.get(&back).await.text();
    assert!(html.contains("Payment confirmed."), "{html}");
    assert!(!html.contains("http-equiv=\"refresh\""));
    assert!(html.contains("To be shipped"));
    let order = id_in(&html, "ord_");

    // The sandbox session is decided now.
    let html = w.get(&sandbox).await.text();
    assert!(html.contains("This payment was approved."), "{html}");
    let r = w.post_form(&sandbox, &[("decision", "approve")]).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("This payment was already decided."));

    // The cart is empty; the order is in the history and its tracking page.
    assert!(w.get("/cart").await.text().contains("Your cart is empty."));
    let html = w.get("/account/orders").await.text();
    assert!(
        html.contains(&format!("href=\"/account/orders/{order}\"")),
        "{html}"
    );
    assert!(html.contains("To be shipped") && html.contains("$118.00"));
    let html = w.get(&format!("/account/orders/{order}")).await.text();
    assert!(html.contains("badge buy-st-awaiting_shipment"), "{html}");
    assert!(
        html.contains("<li class=\"done\"><span aria-hidden=\"true\">✓ </span>Ordered</li>"),
        "steps before: {html}"
    );
    assert!(html.contains("aria-current=\"step\">Paid<"), "{html}");
    assert!(html.contains("1 Market Street") && html.contains("Ring twice"));
    assert!(html.contains("Payment confirmed"), "the timeline: {html}");
    assert!(html.contains("2026-03-02 09:00 UTC"));
    assert!(
        !html.contains(">Cancel order<"),
        "paid and no remorse window"
    );
    assert!(!html.contains(">Pay now"));

    // The order line keeps the video it was bought from.
    let c = t.client();
    let o: Value = get(&c, &format!("/api/v1/shop/orders/{order}"), &owner)
        .await
        .json();
    assert_eq!(o["status"], "AWAITING_SHIPMENT", "{o}");
    assert_eq!(o["lines"][0]["source"]["kind"], "VIDEO");
    assert_eq!(o["lines"][0]["source"]["id"], video.as_str());
    assert_eq!(o["lines"][0]["quantity"], 2);
    assert_eq!(o["buyer_note"], "Ring twice");
}

async fn web_buying_sold_out_variants_are_disabled_and_refusals_show_beside_the_item(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, _, _) = shop_product(&t, "SOLD", 1).await;
    // Somebody else buys the last M.
    let api = t.client();
    let (other, other_address) = new_buyer(&t, &api, "fast@buyers.example").await;
    let r = buy_now(&api, &other, &other_address, &skus[1], 1, None).await;
    assert_eq!(r.status, 201, "{}", r.text());

    let (w, _, _) = web_buyer(&t, "slow@buyers.example").await;
    let html = w.get(&format!("/p/{product}")).await.text();
    assert!(
        html.contains(&format!("name=\"sku\" value=\"{}\" disabled", skus[1])),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"sku\" value=\"{}\" checked>", skus[0])));
    assert!(html.contains("Sold out") && html.contains("Only 1 left"));

    // A quantity out of range: the page again, the message beside the field.
    let html = fixtures::web::refused(
        &w,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("sku", skus[0].as_str()),
            ("quantity", "0"),
            ("action", "add"),
        ],
    )
    .await;
    assert!(html.contains("id=\"quantity-error\""), "{html}");
    assert!(html.contains("Choose a quantity from 1 to 999."));
    assert!(html.contains("<h1><bdi>Linen summer dress with pockets, sage green</bdi></h1>"));

    // Sold out between the product page and checkout: said at the item.
    let r = fixtures::web::submitted(
        &w,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("sku", skus[1].as_str()),
            ("quantity", "1"),
            ("action", "buy"),
        ],
    )
    .await;
    let html = w.get(&location(&r)).await.text();
    assert!(html.contains("id=\"item-0-error\""), "{html}");
    assert!(html.contains("Only 0 left: lower the quantity."), "{html}");
    let r = place(&w, &html, "").await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("Only 0 left: lower the quantity."));

    // Two in the cart when one is left: refused at the line on checkout.
    fixtures::web::submitted(
        &w,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("sku", skus[0].as_str()),
            ("quantity", "2"),
            ("action", "add"),
        ],
    )
    .await;
    let html = w.get("/cart").await.text();
    assert!(html.contains("Only 1 left"), "{html}");
    let html = w.get("/checkout").await.text();
    assert!(html.contains("Only 1 left: lower the quantity."), "{html}");
    // Lowered in the cart, it goes through.
    let r = w
        .post_form(&format!("/cart/items/{}", skus[0]), &[("quantity", "1")])
        .await;
    assert_eq!(location(&r), "/cart?notice=updated");
    let html = w.get("/checkout").await.text();
    assert!(!html.contains("field-error"), "{html}");
    let r = place(&w, &html, "").await;
    assert_eq!(r.status, 303, "{}", r.text());
    // Nothing left of the product now.
    let html = w.get(&format!("/p/{product}")).await.text();
    assert!(html.contains("disabled>Add to cart<"), "{html}");
}

async fn web_buying_a_checkout_form_sent_twice_places_one_order(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, video, _) = shop_product(&t, "TWICE", 5).await;
    let (w, token, _) = web_buyer(&t, "twice@buyers.example").await;
    let r = w
        .post_form(
            "/cart/items",
            &[
                ("product", product.as_str()),
                ("src", video.as_str()),
                ("sku", skus[1].as_str()),
                ("quantity", "1"),
                ("action", "buy"),
            ],
        )
        .await;
    let checkout = location(&r);
    assert!(checkout.ends_with(&format!("&src={video}")), "{checkout}");
    let html = w.get(&checkout).await.text();
    assert!(
        html.contains("Linen summer dress"),
        "the item is shown: {html}"
    );
    assert!(html.contains("$59.00"));
    let first = place(&w, &html, "").await;
    let second = place(&w, &html, "").await;
    assert_eq!(first.status, 303, "{}", first.text());
    assert_eq!(second.status, 303, "{}", second.text());
    assert_eq!(location(&first), location(&second));
    let c = t.client();
    let mine = get(&c, "/api/v1/buyer/orders", &token).await.json();
    assert_eq!(mine["orders"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(
        mine["orders"][0]["lines"][0]["source"]["id"],
        video.as_str()
    );
    // A fresh form is a new purchase.
    let html = w.get(&checkout).await.text();
    assert_eq!(place(&w, &html, "").await.status, 303);
    let mine = get(&c, "/api/v1/buyer/orders", &token).await.json();
    assert_eq!(mine["orders"].as_array().unwrap().len(), 2);
}

async fn web_buying_a_declined_payment_says_so_and_pay_now_starts_again(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, _, _) = shop_product(&t, "DECL", 5).await;
    let (w, _, _) = web_buyer(&t, "declined@buyers.example").await;
    let sandbox = buy_now_in_browser(&w, &product, &skus[0], "1").await;
    let back = decide(&w, &sandbox, "decline").await;
    t.run_jobs().await;
    let html = w.get(&back).await.text();
    assert!(html.contains("Payment declined."), "{html}");
    assert!(html.contains("Awaiting payment"));
    assert!(html.contains("Pay now · $59.00"), "{html}");
    let start = html.find("action=\"/checkout/chk_").unwrap() + "action=\"".len();
    let pay = html[start..].split('"').next().unwrap().to_owned();
    assert!(pay.contains("/payments/pay_"), "{pay}");

    // Pay now: a fresh session at the provider, approved this time.
    let r = fixtures::web::submitted(&w, &pay, &[]).await;
    let again = path_of(&location(&r));
    assert!(again.starts_with("/sandbox/pay/sbx_"), "{again}");
    assert_ne!(again, sandbox);
    assert!(w.get(&again).await.text().contains("Approve payment"));
    let back = decide(&w, &again, "approve").await;
    t.run_jobs().await;
    let html = w.get(&back).await.text();
    assert!(html.contains("Payment confirmed."), "{html}");
    let order = id_in(&html, "ord_");
    let html = w.get(&format!("/account/orders/{order}")).await.text();
    assert!(html.contains("To be shipped"), "{html}");
    assert!(
        html.contains("<dd>Paid</dd>"),
        "the payment's status: {html}"
    );
    // Paying again is refused with a message, not an error page.
    let r = w.post_form(&pay, &[]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("This is already paid."), "{}", r.text());
}

async fn web_buying_a_buyer_cancels_an_unpaid_order_from_its_page(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, _, _) = shop_product(&t, "CANC", 5).await;
    let (w, _, _) = web_buyer(&t, "cancel@buyers.example").await;
    let sandbox = buy_now_in_browser(&w, &product, &skus[0], "1").await;
    let back = decide(&w, &sandbox, "later").await;
    let html = w.get(&back).await.text();
    assert!(
        html.contains("Not paid yet; pay before 2026-03-03 09:00 UTC"),
        "{html}"
    );
    assert!(html.contains("Pay now · $59.00"));
    assert!(
        w.get(&format!("/p/{product}"))
            .await
            .text()
            .contains("Only 4 left")
    );
    let order = id_in(&html, "ord_");
    let page = format!("/account/orders/{order}");
    let html = w.get(&page).await.text();
    assert!(html.contains("Awaiting payment"), "{html}");
    assert!(html.contains("Pay by"));
    assert!(html.contains(&format!("action=\"/account/orders/{order}/pay\"")));
    assert!(html.contains(&format!("action=\"/account/orders/{order}/cancel\"")));

    // A note too long is said beside it.
    let long = "x".repeat(501);
    let refusal =
        fixtures::web::refused(&w, &format!("{page}/cancel"), &[("note", long.as_str())]).await;
    assert!(refusal.contains("id=\"note-error\""), "{}", refusal);

    let r = fixtures::web::submitted(
        &w,
        &format!("{page}/cancel"),
        &[("note", "Found it elsewhere")],
    )
    .await;
    assert_eq!(location(&r), format!("{page}?notice=cancelled"));
    let html = w.get(&location(&r)).await.text();
    assert!(html.contains("Your order is cancelled."), "{html}");
    assert!(html.contains("Cancelled by you"));
    assert!(html.contains("You changed your mind"));
    assert!(html.contains("Found it elsewhere"));
    assert!(html.contains("badge buy-st-cancelled"));
    assert!(!html.contains(">Cancel order<") && !html.contains(">Pay now"));
    assert!(
        w.get(&format!("/p/{product}"))
            .await
            .text()
            .contains("Only 5 left")
    );
    // Again: the use-case refuses, the page says so.
    let r = w
        .post_form(&format!("{page}/cancel"), &[("note", "")])
        .await;
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("The order's status does not allow this now"),
        "{}",
        r.text()
    );
    // Another buyer's order is not found.
    let (other, _, _) = web_buyer(&t, "nosy@buyers.example").await;
    assert_eq!(other.get(&page).await.status, 404);
    assert_eq!(
        other.post_form(&format!("{page}/cancel"), &[]).await.status,
        404
    );
    assert_eq!(other.get("/account/orders/ord_nonsense").await.status, 404);
    // A page link gone stale is said so, not an error page.
    let r = w.get("/account/orders?cursor=nonsense").await;
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("This page link has expired"),
        "{}",
        r.text()
    );
    assert!(
        w.get("/account/orders")
            .await
            .text()
            .contains(&format!("href=\"{page}\""))
    );
}

async fn web_buying_signed_out_buyers_log_in_and_come_back(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let (product, skus, video, _) = shop_product(&t, "OUT", 5).await;
    let w = t.client();
    for (path, next) in [
        ("/cart", "/cart"),
        ("/checkout", "/checkout"),
        ("/account/orders", "/account/orders"),
    ] {
        let r = w.get(path).await;
        assert_eq!(r.status, 303, "{path}");
        assert_eq!(location(&r), format!("/account/login?next={next}"));
    }
    // The buy box works signed out: it sends the buyer to log in, and back to the product.
    let html = w.get(&format!("/p/{product}?src={video}")).await.text();
    assert!(html.contains(">Add to cart<"));
    let r = fixtures::web::submitted(
        &w,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("src", video.as_str()),
            ("sku", skus[0].as_str()),
            ("quantity", "1"),
            ("action", "add"),
        ],
    )
    .await;
    let to = location(&r);
    assert_eq!(
        to,
        format!("/account/login?next=/p/{product}%3Fsrc%3D{video}")
    );
    let api = t.client();
    let (token, address) = new_buyer(&t, &api, "later@buyers.example").await;
    assert_eq!(w.get(&to).await.status, 200);
    let r = w
        .post_form(
            "/account/login",
            &[
                ("login", "later@buyers.example"),
                ("password", BUYER_PASSWORD),
                ("next", &format!("/p/{product}?src={video}")),
            ],
        )
        .await;
    assert_eq!(location(&r), format!("/p/{product}?src={video}"));

    // Without an address, checkout offers to add one and comes back.
    let r = call(
        &api,
        "DELETE",
        &format!("/api/v1/buyer/addresses/{address}"),
        &token,
        None,
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text());
    let r = w
        .post_form(
            "/cart/items",
            &[
                ("product", product.as_str()),
                ("sku", skus[0].as_str()),
                ("quantity", "1"),
                ("action", "add"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/cart?notice=added");
    let html = w.get("/checkout").await.text();
    assert!(
        html.contains("Add a delivery address to place your order."),
        "{html}"
    );
    assert!(html.contains("href=\"/account/addresses/new?next=/checkout\""));
    assert!(html.contains("disabled>Place order<"));
    assert_eq!(
        w.get("/account/addresses/new?next=/checkout").await.status,
        200
    );
    let r = fixtures::web::submitted(
        &w,
        "/account/addresses",
        &[
            ("recipient_name", "Léa Dubois"),
            ("phone", "(212) 555-0142"),
            ("country", "US"),
            ("region", "NY"),
            ("city", "New York"),
            ("postal_code", "10013"),
            ("line1", "120 Hudson Street"),
            ("next", "/checkout"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/checkout");
    let html = w.get("/checkout").await.text();
    assert!(html.contains("120 Hudson Street") && html.contains(">Place order<"));

    // In French, the same pages speak French.
    let fr = t.client().with_header("accept-language", "fr-FR,fr;q=0.9");
    let html = fr.get(&format!("/p/{product}")).await.text();
    assert!(html.contains("Ajouter au panier") && html.contains("Acheter maintenant"));
}

/// The "Pay now" form actions of a page.
fn pay_actions(html: &str) -> Vec<String> {
    html.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|a| a.contains("/payments/pay_"))
        .map(str::to_owned)
        .collect()
}

async fn web_buying_a_cart_in_two_currencies_is_paid_twice_from_the_checkout_page(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let (maple, maple_skus, _, _) = shop_product(&t, "TWO", 5).await;
    let c = t.client();
    let (_, gbp) = fixtures::shop_in(&c, "owner@thistle-thread.example", "TWOG", "GBP", 5).await;
    let thistle_product = product_of(&t, &gbp[0]).await;
    let (w, _, _) = web_buyer(&t, "two@buyers.example").await;
    for (product, sku) in [(&maple, &maple_skus[0]), (&thistle_product, &gbp[0])] {
        let r = w
            .post_form(
                "/cart/items",
                &[
                    ("product", product.as_str()),
                    ("sku", sku.as_str()),
                    ("quantity", "1"),
                    ("action", "add"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/cart?notice=added");
    }
    let html = w.get("/checkout").await.text();
    assert!(html.contains("Maple &amp; Pine") && html.contains("Thistle &amp; Thread"));
    assert!(
        html.contains("£59.00</bdi> + <bdi class=\"money\" dir=\"ltr\">$59.00"),
        "{html}"
    );
    let r = place(&w, &html, "").await;
    assert_eq!(r.status, 303, "{}", r.text());
    // Two payments: the checkout page lists them, one button each.
    let page = location(&r);
    assert!(page.starts_with("/checkout/chk_"), "{page}");
    let html = w.get(&page).await.text();
    assert!(html.contains("Pay now · $59.00") && html.contains("Pay now · £59.00"));
    let actions = pay_actions(&html);
    assert_eq!(actions.len(), 2, "{html}");
    let usd = html.find("Pay now · $59.00").unwrap();
    // The form of the USD button: the last one that starts before it.
    let usd_action = actions
        .iter()
        .filter(|a| html.find(a.as_str()).unwrap() < usd)
        .max_by_key(|a| html.find(a.as_str()).unwrap())
        .unwrap()
        .clone();

    // The USD one first: while it is confirmed, only the GBP one is offered.
    let r = w.post_form(&usd_action, &[]).await;
    let sandbox = path_of(&location(&r));
    assert!(w.get(&sandbox).await.text().contains("$59.00"));
    let back = decide(&w, &sandbox, "approve").await;
    let html = w.get(&back).await.text();
    assert!(html.contains("waiting for confirmation"), "{html}");
    assert!(html.contains("http-equiv=\"refresh\""));
    assert_eq!(pay_actions(&html).len(), 1);
    assert!(html.contains("Pay now · £59.00") && !html.contains("Pay now · $59.00"));
    t.run_jobs().await;
    let html = w.get(&back).await.text();
    assert!(!html.contains("http-equiv=\"refresh\""), "{html}");
    assert!(html.contains("To be shipped") && html.contains("Awaiting payment"));
    let gbp_action = pay_actions(&html).remove(0);
    let r = w.post_form(&gbp_action, &[]).await;
    let back = decide(&w, &path_of(&location(&r)), "approve").await;
    t.run_jobs().await;
    let html = w.get(&back).await.text();
    assert!(html.contains("Payment confirmed."), "{html}");
    assert!(pay_actions(&html).is_empty());
    assert!(!html.contains("Awaiting payment"));
}
