//! The seller home through the real router: order to-dos counted in each language's plural
//! forms and linking to the filtered lists, the finished set-up folded below the day's work,
//! and an unknown Seller Center address answered inside the Seller Center.

use jiff::SignedDuration;
use shopdeck_testkit::fixtures::web::listed_orders;
use shopdeck_testkit::fixtures::{OWNER, PASSWORD, buy_now, new_buyer, pay, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    web_home_counts_orders_in_each_languages_plural_forms_and_folds_the_finished_set_up,
    web_home_an_unknown_seller_address_keeps_the_seller_center_around_the_404,
);

async fn log_in(t: &TestApp, email: &str, lang: &str) -> TestClient {
    let c = t
        .client()
        .with_header("x-forwarded-for", "203.0.113.79")
        .with_header("accept-language", lang);
    c.get("/seller/login").await;
    let r = c
        .post_form("/seller/login", &[("login", email), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, 303, "{email}: {}", r.text());
    c
}

async fn home(c: &TestClient) -> String {
    let r = c.get("/seller").await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
}

/// The to-do link to `href` reads `text` (the whole link, so "1 order" is not "21 orders").
fn todo(html: &str, href: &str, text: &str) -> bool {
    html.contains(&format!("<a href=\"{href}\">{text}</a>"))
}

const UNPAID: &str = "/seller/orders?tab=unpaid";
const TO_SHIP: &str = "/seller/orders?tab=to_ship";
const DUE_SOON: &str = "/seller/orders?tab=to_ship&amp;due_soon=1";

async fn web_home_counts_orders_in_each_languages_plural_forms_and_folds_the_finished_set_up(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "HOME", 10).await;
    let (buyer, address) = new_buyer(&t, &c, "home@buyers.example").await;
    let en = log_in(&t, OWNER, "en").await;
    let fr = log_in(&t, OWNER, "fr").await;
    let ar = log_in(&t, OWNER, "ar").await;

    // An approved shop whose set-up is done: the to-dos come first and the checklist follows,
    // folded.
    let html = home(&en).await;
    assert!(
        html.contains("Nothing needs your attention right now."),
        "{html}"
    );
    let todo_at = html.find("id=\"todo\"").expect("the to-do card");
    let setup_at = html.find("id=\"setup\"").expect("the set-up, folded");
    assert!(todo_at < setup_at, "the to-dos lead: {html}");
    let setup = &html[html[..setup_at].rfind('<').unwrap()..setup_at + 40];
    assert!(setup.starts_with("<details"), "{setup}");
    assert!(!setup.contains("open"), "folded once complete: {setup}");
    assert!(
        html.contains("<summary>Shop set-up: complete</summary>"),
        "{html}"
    );

    // One order placed, not paid.
    let first = buy_now(&c, &buyer, &address, &skus[0], 1, None).await;
    assert_eq!(first.status, 201, "{}", first.text());
    let first = first.json();
    assert!(todo(&home(&en).await, UNPAID, "1 order awaiting payment"));
    assert!(todo(
        &home(&fr).await,
        UNPAID,
        "1 commande en attente de paiement"
    ));
    assert!(todo(&home(&ar).await, UNPAID, "طلب واحد بانتظار الدفع"));

    // Two.
    let second = buy_now(&c, &buyer, &address, &skus[1], 1, None).await;
    assert_eq!(second.status, 201, "{}", second.text());
    let second = second.json();
    let html = home(&en).await;
    assert!(todo(&html, UNPAID, "2 orders awaiting payment"), "{html}");
    assert!(!html.contains("to ship</a>"), "nothing to ship yet: {html}");
    assert!(todo(
        &home(&fr).await,
        UNPAID,
        "2 commandes en attente de paiement"
    ));
    assert!(todo(&home(&ar).await, UNPAID, "طلبان بانتظار الدفع"));
    // The link leads to the list of those two.
    let unpaid = en.get("/seller/orders?tab=unpaid").await.text();
    assert_eq!(listed_orders(&unpaid).len(), 2, "{unpaid}");

    // Both paid: two to ship, none awaiting payment, none due yet (72 hours to process).
    pay(&t, &c, &first["payments"][0]).await;
    let html = home(&en).await;
    assert!(todo(&html, TO_SHIP, "1 order to ship"), "{html}");
    assert!(todo(&html, UNPAID, "1 order awaiting payment"), "{html}");
    pay(&t, &c, &second["payments"][0]).await;
    let html = home(&en).await;
    assert!(todo(&html, TO_SHIP, "2 orders to ship"), "{html}");
    assert!(!html.contains("awaiting payment"), "{html}");
    assert!(!html.contains("within 24 hours"), "{html}");
    assert!(todo(&home(&fr).await, TO_SHIP, "2 commandes à expédier"));
    assert!(todo(&home(&ar).await, TO_SHIP, "طلبان للشحن"));

    // Fifty hours on, both must be processed within a day: a to-do of its own, leading to
    // the To ship list filtered to them.
    t.clock.advance(SignedDuration::from_hours(50));
    let en = log_in(&t, OWNER, "en").await;
    let ar = log_in(&t, OWNER, "ar").await;
    let html = home(&en).await;
    assert!(
        todo(
            &html,
            DUE_SOON,
            "2 orders to ship within 24 hours or already late"
        ),
        "{html}"
    );
    assert!(todo(
        &home(&ar).await,
        DUE_SOON,
        "طلبان يجب شحنهما خلال 24 ساعة أو تأخرا بالفعل"
    ));
    let due = en.get("/seller/orders?tab=to_ship&due_soon=1").await.text();
    assert_eq!(listed_orders(&due).len(), 2, "{due}");
}

async fn web_home_an_unknown_seller_address_keeps_the_seller_center_around_the_404(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let en = log_in(&t, OWNER, "en").await;
    for path in [
        "/seller/nonsense",
        "/seller/orders/nowhere/at-all",
        "/seller/a/b/c",
        // A known section with an id that names nothing, well-formed or not.
        "/seller/orders/ord_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b",
        "/seller/orders/not-an-id",
        "/seller/products/prd_0193a7b2c3d47e8f9a0b1c2d3e4f5a6b",
    ] {
        let r = en.get(path).await;
        assert_eq!(r.status, 404, "{path}");
        let html = r.text();
        assert!(html.contains("<h1>Page not found</h1>"), "{path}: {html}");
        assert!(html.contains("<nav class=\"sidebar\""), "{path}: {html}");
        assert!(html.contains("href=\"/seller/orders\""), "{path}: {html}");
    }
    let fr = log_in(&t, OWNER, "fr").await;
    let html = fr.get("/seller/a/b").await.text();
    assert!(html.contains("<nav class=\"sidebar\""), "{html}");
    assert!(html.contains("lang=\"fr\""), "{html}");
    // Someone not signed in sees the plain 404 page, and nothing of the Seller Center.
    let r = t.client().get("/seller/a/b").await;
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("class=\"sidebar\""));
}
