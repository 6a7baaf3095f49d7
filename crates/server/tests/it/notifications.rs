//! Notifications: each event of a product, an order, a cancellation or a return reaches the
//! right person once, by e-mail in their language and in their inbox; the inbox's unread count
//! drops as entries are read; a kind switched off is not sent; nobody sees another person's or
//! another shop's inbox; and operators search the outbox by recipient and kind, page after page.

use serde_json::{Value, json};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, call, delivered_order, get, login, new_buyer, operator, paid_order, post, shop,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    notifications_each_event_reaches_the_right_person_once_in_their_language,
    notifications_cancellations_returns_disputes_and_refunds_are_told,
    notifications_a_switched_off_kind_is_neither_sent_nor_listed,
    notifications_nobody_sees_another_persons_or_shops_inbox,
    notifications_the_outbox_is_searched_by_recipient_and_kind_and_paged,
);

const THISTLE: &str = "owner@thistle-thread.example";

/// (subject, body) of the messages of `kind` to `to` whose text names `about`.
async fn sent(t: &TestApp, to: &str, kind: &str, about: &str) -> Vec<(String, String)> {
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT subject, body FROM notifications WHERE recipient = $1 AND kind = $2
         ORDER BY created_at",
    )
    .bind(to)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    rows.into_iter()
        .filter(|(s, b)| s.contains(about) || b.contains(about))
        .collect()
}

/// The one message of `kind` to `to` about `about`.
async fn the_one(t: &TestApp, to: &str, kind: &str, about: &str) -> (String, String) {
    let mut found = sent(t, to, kind, about).await;
    assert_eq!(found.len(), 1, "{kind} to {to} about {about}: {found:?}");
    found.remove(0)
}

/// A seller user signed in to Seller Center in a browser.
async fn web_seller(t: &TestApp, email: &str) -> TestClient {
    let w = t.client();
    fixtures::web::sign_in_seller(&w, email).await;
    w
}

/// A buyer signed in on the storefront.
async fn web_buyer(t: &TestApp, email: &str) -> TestClient {
    let w = t.client();
    let r = fixtures::web::sign_in_form(
        &w,
        "/account/login",
        &[
            ("login", email),
            ("password", "buyer-password-1"),
            ("next", "/"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    w
}

async fn inbox(c: &TestClient, token: &str, query: &str) -> Value {
    let r = get(c, &format!("/api/v1/shop/notifications{query}"), token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn entry_about<'a>(page: &'a Value, kind: &str, link: &str) -> Option<&'a Value> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["link"] == link)
}

/// Ships an order with the shop's own carrier; returns the package id.
async fn ship(c: &TestClient, owner: &str, order: &str) -> String {
    fixtures::ship_own(
        c,
        owner,
        order,
        &format!("NT-{}", &order[order.len() - 12..]),
    )
    .await
}

async fn notifications_each_event_reaches_the_right_person_once_in_their_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    // The owner picks French in Seller Center: their messages are French from now on.
    let web = web_seller(&t, OWNER).await;
    assert_eq!(web.get("/lang/fr?next=/seller").await.status, 303);
    let (owner, skus) = shop(&c, "NTA", 10).await;
    let product = fixtures::product_of(&t, &skus[0]).await;

    // Approved by the operator: one French e-mail to the owner, linking to the product.
    let (subject, body) = the_one(&t, OWNER, "product-approved", &product).await;
    assert!(
        subject.contains("Votre produit « Linen summer dress"),
        "{subject}"
    );
    assert!(
        body.contains(&format!("/seller/products/{product}")),
        "{body}"
    );
    assert!(body.contains("Ouvrir dans Shopdeck"), "{body}");

    // Paid: the shop hears of a new order (French), the buyer of the payment (English).
    let buyer = new_buyer(&t, &c, "nora@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let (subject, body) = the_one(&t, OWNER, "order-paid", &order).await;
    assert!(subject.starts_with("Nouvelle commande payée"), "{subject}");
    assert!(body.contains(&format!("/seller/orders/{order}")), "{body}");
    let (subject, body) = the_one(&t, "nora@buyers.example", "payment-confirmed", &order).await;
    assert!(subject.starts_with("Your payment for order"), "{subject}");
    assert!(body.contains(&format!("/account/orders/{order}")), "{body}");
    assert!(
        sent(&t, OWNER, "payment-confirmed", &order)
            .await
            .is_empty()
    );

    // Shipped and delivered: the buyer hears of each once.
    let package = ship(&c, &owner, &order).await;
    let r = fixtures::confirm_delivery(&c, &owner, &package).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let (subject, _) = the_one(&t, "nora@buyers.example", "order-shipped", &order).await;
    assert!(subject.contains("has shipped"), "{subject}");
    the_one(&t, "nora@buyers.example", "order-delivered", &order).await;
    assert!(sent(&t, OWNER, "order-shipped", &order).await.is_empty());

    // The owner's inbox lists the order, written in the language asked for.
    let page = inbox(&c, &owner, "?locale=ja").await;
    let link = format!("/seller/orders/{order}");
    let paid = entry_about(&page, "order-paid", &link).expect("order-paid entry");
    assert!(
        paid["title"]
            .as_str()
            .unwrap()
            .contains("支払い済みの新しい注文"),
        "{paid}"
    );
    assert_eq!(paid["read"], false);
    let unread = page["unread"].as_i64().unwrap();
    assert!(unread >= 2, "{page}");
    // Reading one drops the count by one; reading it again changes nothing.
    let read = format!(
        "/api/v1/shop/notifications/{}/read",
        paid["id"].as_str().unwrap()
    );
    assert_eq!(call(&c, "POST", &read, &owner, None).await.status, 204);
    assert_eq!(call(&c, "POST", &read, &owner, None).await.status, 204);
    let page = inbox(&c, &owner, "").await;
    assert_eq!(page["unread"].as_i64().unwrap(), unread - 1);
    assert_eq!(
        entry_about(&page, "order-paid", &link).unwrap()["read"],
        true
    );

    // Seller Center shows the unread badge in the header and the entry in the page's language.
    let html = web.get("/seller/notifications").await.text();
    let badge = match unread - 1 {
        1 => "Notifications : 1 non lue".to_owned(),
        n => format!("Notifications : {n} non lues"),
    };
    assert!(html.contains(&badge), "{html}");
    assert!(html.contains("Nouvelle commande payée"), "{html}");
    fixtures::web::submitted(&web, "/seller/notifications/read-all", &[]).await;
    assert_eq!(inbox(&c, &owner, "").await["unread"], 0);
    let html = web.get("/seller").await.text();
    assert!(html.contains("Notifications : aucune non lue"), "{html}");
    assert!(!html.contains("unread-count"), "{html}");

    // The buyer's inbox: opening an entry marks it read and leads to the order.
    let shopper = web_buyer(&t, "nora@buyers.example").await;
    let html = shopper.get("/account/notifications").await.text();
    assert!(
        html.contains(&format!("Your order {order} has shipped.")),
        "{html}"
    );
    assert!(html.contains("Notifications: 3 unread"), "{html}");
    let entry = html
        .split("href=\"/account/notifications/inb_")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an entry link");
    let r = shopper
        .get(&format!("/account/notifications/inb_{entry}"))
        .await;
    assert_eq!(r.status, 303);
    assert!(
        r.header("location")
            .unwrap()
            .starts_with("/account/orders/"),
        "{:?}",
        r.header("location")
    );
    let html = shopper.get("/").await.text();
    assert!(html.contains("Notifications: 2 unread"), "{html}");

    // The same inbox through the buyer API, in the language asked for.
    let r = get(&c, "/api/v1/buyer/notifications?locale=fr", &buyer.0).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = r.json();
    assert_eq!(page["unread"], 2, "{page}");
    let shipped = entry_about(&page, "order-shipped", &format!("/account/orders/{order}"))
        .expect("order-shipped entry");
    assert!(
        shipped["title"].as_str().unwrap().contains("expédiée"),
        "{shipped}"
    );
    let r = call(
        &c,
        "POST",
        "/api/v1/buyer/notifications/read-all",
        &buyer.0,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["marked"], 2);
    // A seller's token is no buyer's.
    let r = get(&c, "/api/v1/buyer/notifications", &owner).await;
    assert_eq!(r.status, 401, "{}", r.text());
}

async fn notifications_cancellations_returns_disputes_and_refunds_are_told(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "NTR", 10).await;
    let ops = operator(&c).await;
    let buyer = new_buyer(&t, &c, "rita@buyers.example").await;
    const RITA: &str = "rita@buyers.example";

    // A cancellation request: the shop hears of it; the buyer of the rejection.
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let r = fixtures::ask_to_cancel(&c, &buyer.0, &order, "FOUND_BETTER_PRICE").await;
    assert!(r.status.is_success(), "{}", r.text());
    let cancellation = r.json()["cancellations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (subject, _) = the_one(&t, OWNER, "cancellation-requested", &order).await;
    assert!(subject.contains("asks to cancel"), "{subject}");
    let r = post(
        &c,
        &format!("/api/v1/shop/cancellations/{cancellation}/rejection"),
        &owner,
        json!({"reason": "BUYER_AGREED_TO_KEEP"}),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text());
    the_one(&t, RITA, "cancellation-rejected", &order).await;

    // The shop cancels another order: the buyer hears of it and of the refund.
    let other = paid_order(&t, &c, &buyer, &skus[1], 1).await;
    let r = post(
        &c,
        &format!("/api/v1/shop/orders/{other}/cancellation"),
        &owner,
        json!({"reason": "OUT_OF_STOCK"}),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text());
    t.run_jobs().await;
    the_one(&t, RITA, "order-cancelled", &other).await;
    let (subject, _) = the_one(&t, RITA, "refunded", &other).await;
    assert!(subject.contains("was refunded for order"), "{subject}");

    // A return: requested (shop), rejected (buyer), disputed (shop), decided (both), refunded.
    let delivered = delivered_order(&t, &c, &owner, &buyer, &skus[0], 1).await;
    let r = post(
        &c,
        &format!("/api/v1/buyer/orders/{delivered}/returns"),
        &buyer.0,
        json!({"return_type": "REFUND", "reason": "NOT_AS_DESCRIBED",
                    "items": [{"line_no": 1, "quantity": 1}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ret = r.json()["id"].as_str().unwrap().to_owned();
    let (_, body) = the_one(&t, OWNER, "return-requested", &delivered).await;
    assert!(body.contains(&format!("/seller/returns/{ret}")), "{body}");
    let r = post(
        &c,
        &format!("/api/v1/shop/returns/{ret}/rejection"),
        &owner,
        json!({"reason": "INSUFFICIENT_EVIDENCE", "note": "No photo"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let (_, body) = the_one(&t, RITA, "return-rejected", &delivered).await;
    assert!(body.contains(&format!("/account/returns/{ret}")), "{body}");
    let r = fixtures::escalate(&c, &buyer.0, &ret, "It is clearly the wrong colour").await;
    assert_eq!(r.status, 200, "{}", r.text());
    the_one(&t, OWNER, "dispute-opened", &delivered).await;
    let r = fixtures::arbitrate(&c, &ops, &ret, "BUYER", "The photos match the complaint").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let (subject, _) = the_one(&t, RITA, "dispute-decided", &delivered).await;
    assert!(subject.contains("for the buyer"), "{subject}");
    the_one(&t, OWNER, "dispute-decided", &delivered).await;
    t.run_jobs().await;
    the_one(&t, RITA, "refunded", &delivered).await;
    assert!(sent(&t, OWNER, "refunded", &delivered).await.is_empty());
}

async fn notifications_a_switched_off_kind_is_neither_sent_nor_listed(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "NTS", 10).await;
    let web = web_seller(&t, OWNER).await;
    // Every kind on, except new paid orders by e-mail; in English.
    let settings = web.get("/seller/notifications/settings").await.text();
    assert!(settings.contains("New paid order"), "{settings}");
    let codes = [
        "product-approved",
        "product-failed",
        "product-deactivated",
        "order-paid",
        "cancellation-requested",
        "return-requested",
        "dispute-opened",
        "dispute-decided",
    ];
    let mut form: Vec<(&str, &str)> = vec![("locale", "en")];
    for k in codes {
        form.push(("in_app", k));
        if k != "order-paid" {
            form.push(("email", k));
        }
    }
    fixtures::web::submitted(&web, "/seller/notifications/settings", &form).await;
    let settings = web.get("/seller/notifications/settings").await.text();
    assert!(
        settings.contains(r#"name="email" value="order-paid" id="email-order-paid" aria-label"#),
        "{settings}"
    );
    assert!(
        settings.contains(r#"name="in_app" value="order-paid" id="in_app-order-paid" checked"#),
        "{settings}"
    );

    // The buyer keeps the e-mail of the payment but not its inbox entry.
    let buyer = new_buyer(&t, &c, "sam@buyers.example").await;
    let shopper = web_buyer(&t, "sam@buyers.example").await;
    let buyer_codes = [
        "payment-confirmed",
        "order-shipped",
        "order-delivered",
        "order-cancelled",
        "cancellation-rejected",
        "return-approved",
        "return-rejected",
        "dispute-decided",
        "refunded",
    ];
    let mut form: Vec<(&str, &str)> = vec![("locale", "es")];
    for k in buyer_codes {
        form.push(("email", k));
        if k != "payment-confirmed" {
            form.push(("in_app", k));
        }
    }
    fixtures::web::submitted(&shopper, "/account/notifications/settings", &form).await;

    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    // No e-mail to the owner, but the inbox has it.
    assert!(sent(&t, OWNER, "order-paid", &order).await.is_empty());
    let page = inbox(&c, &owner, "").await;
    assert!(
        entry_about(&page, "order-paid", &format!("/seller/orders/{order}")).is_some(),
        "{page}"
    );
    // The buyer gets the e-mail, in Spanish now, and no inbox entry.
    let (subject, _) = the_one(&t, "sam@buyers.example", "payment-confirmed", &order).await;
    assert!(subject.starts_with("El pago de tu pedido"), "{subject}");
    let html = shopper.get("/account/notifications").await.text();
    assert!(!html.contains(&order), "{html}");
}

async fn notifications_nobody_sees_another_persons_or_shops_inbox(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "NTI", 10).await;
    let buyer = new_buyer(&t, &c, "ivy@buyers.example").await;
    let order = paid_order(&t, &c, &buyer, &skus[0], 1).await;
    let link = format!("/seller/orders/{order}");
    let mine = inbox(&c, &owner, "").await;
    let id = entry_about(&mine, "order-paid", &link).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Another shop's owner neither sees nor reads it.
    let thistle = login(&c, THISTLE, PASSWORD).await;
    let theirs = inbox(&c, &thistle, "").await;
    assert!(
        entry_about(&theirs, "order-paid", &link).is_none(),
        "{theirs}"
    );
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/notifications/{id}/read"),
        &thistle,
        None,
    )
    .await;
    r.assert_problem(404, "not-found");
    assert_eq!(inbox(&c, &owner, "").await["unread"], mine["unread"]);

    // A buyer's token is no shop member's; a buyer's browser is sent to the seller log-in.
    let r = get(&c, "/api/v1/shop/notifications", &buyer.0).await;
    assert!(r.status == 401 || r.status == 403, "{}", r.status);
    let shopper = web_buyer(&t, "ivy@buyers.example").await;
    let r = shopper.get("/seller/notifications").await;
    assert_eq!(r.status, 303);
    let r = shopper.get(&format!("/account/notifications/{id}")).await;
    assert_eq!(r.status, 404);
    // A malformed cursor is the client's mistake.
    let r = get(&c, "/api/v1/shop/notifications?cursor=nonsense", &owner).await;
    r.assert_problem(422, "validation-failed");
}

async fn notifications_the_outbox_is_searched_by_recipient_and_kind_and_paged(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "NTO", 40).await;
    let buyer = new_buyer(&t, &c, "olga@buyers.example").await;
    let mut orders = Vec::new();
    for _ in 0..12 {
        orders.push(paid_order(&t, &c, &buyer, &skus[0], 1).await);
    }
    let ops = t.client();
    let r = fixtures::web::sign_in(&ops, "/ops/login", fixtures::OPS, PASSWORD).await;
    assert_eq!(r.status, 303, "{}", r.text());

    // By recipient (part of the address, any case) and kind: exactly that buyer's payments,
    // in full with the link clickable.
    let html = ops
        .get("/ops/outbox?to=OLGA%40buyers&kind=payment-confirmed")
        .await
        .text();
    for o in &orders {
        assert!(
            html.contains(&format!("Your payment for order {o} is confirmed.")),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                r#"<a href="http://127.0.0.1:8080/account/orders/{o}" dir="ltr">"#
            )) || html.contains(&format!("/account/orders/{o}\" dir=\"ltr\">")),
            "{html}"
        );
    }
    assert!(
        html.contains("Choose which notifications you get by e-mail"),
        "{html}"
    );
    assert!(!html.contains(OWNER), "{html}");
    assert_eq!(html.matches("data-id=\"ntf_").count(), 12, "{html}");
    let html = ops
        .get("/ops/outbox?to=olga%40buyers&kind=order-paid")
        .await
        .text();
    assert!(html.contains("No message matches this search."), "{html}");
    // Every message carries its kind: the buyer's sign-up code is found as one.
    let html = ops
        .get("/ops/outbox?to=olga%40buyers&kind=code")
        .await
        .text();
    assert_eq!(html.matches("data-id=\"ntf_").count(), 1, "{html}");
    assert!(
        html.contains(r#"<option value="code" selected>Verification code</option>"#),
        "{html}"
    );

    // Paging: 25 a page, every message once across the pages, newest first.
    let mut seen = std::collections::HashSet::new();
    let mut path = "/ops/outbox".to_owned();
    let mut pages = 0;
    loop {
        let html = ops.get(&path).await.text();
        pages += 1;
        let on_page = html.matches("data-id=\"ntf_").count();
        assert!(on_page <= 25, "{on_page}");
        let ids: Vec<String> = html
            .split("data-id=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), on_page);
        for id in ids {
            assert!(seen.insert(id.clone()), "{id} shown twice");
        }
        match html
            .split("href=\"/ops/outbox?to=&amp;kind=&amp;cursor=")
            .nth(1)
        {
            Some(rest) => {
                let cursor = rest.split('"').next().unwrap();
                path = format!("/ops/outbox?cursor={cursor}");
            }
            None => break,
        }
        assert!(pages < 100, "paging never ends");
    }
    let mut conn = t.app.db.conn().await.unwrap();
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(total > 25, "the demo and this test sent {total}");
    assert!(
        pages as i64 >= (total + 24) / 25,
        "{pages} pages for {total}"
    );
    assert_eq!(seen.len() as i64, total);
}
