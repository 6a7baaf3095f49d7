//! Amounts and times as pages show them: money in the reader's language (`Money::format`),
//! times in the reader's zone (`web::format`: the shop's on seller pages, UTC on operator
//! pages, the buyer's on the storefront), each labelled with its zone.

use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{log_in, ops_browser};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    storefront_prices_follow_the_page_language,
    seller_pages_show_the_shops_zone_and_operator_pages_utc,
    storefront_times_follow_the_buyers_zone_cookie,
);

const SAKURA: &str = "owner@sakura-stationery.example";
const MAPLE: &str = "owner@maple-pine.example";

/// The demo with its catalogue (Sakura Stationery's brass fountain pen: 6800 and 7200 JPY).
async fn with_catalogue(b: TestBackend) -> TestApp {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    t
}

/// The storefront search for the pen, in a language.
async fn pen_search(t: &TestApp, lang: &str) -> String {
    let c = t.client().with_header("accept-language", lang);
    let html = fixtures::web::page(&c, "/search?q=SK-FP").await;
    if html.contains("product-card-price") {
        return html;
    }
    // Search by title when SKUs are not searched.
    let q = if lang == "ja" {
        "%E4%B8%87%E5%B9%B4%E7%AD%86"
    } else {
        "fountain"
    };
    c.get(&format!("/search?q={q}")).await.text()
}

/// The text of the first `<time …>…</time>` after `marker`.
fn time_after(html: &str, marker: &str) -> String {
    let rest = html
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let el = rest
        .split("<time ")
        .nth(1)
        .unwrap_or_else(|| panic!("no time after {marker}"));
    el.split("</time>").next().unwrap().to_owned()
}

async fn storefront_prices_follow_the_page_language(b: TestBackend) {
    let t = with_catalogue(b).await;

    let ja = pen_search(&t, "ja").await;
    assert!(
        ja.contains("<bdi class=\"money\" dir=\"ltr\">￥6,800 – ￥7,200</bdi>"),
        "grouped yen with its sign: {ja}"
    );

    let fr = pen_search(&t, "fr").await;
    assert!(
        fr.contains("6\u{202f}800\u{a0}JPY – 7\u{202f}200\u{a0}JPY"),
        "French groups with a narrow no-break space and puts the code after: {fr}"
    );

    let en = pen_search(&t, "en").await;
    assert!(en.contains("¥6,800 – ¥7,200"), "{en}");

    // In Arabic the amount is isolated left to right, western digits kept.
    let ar = pen_search(&t, "ar").await;
    assert!(
        ar.contains("<bdi class=\"money\" dir=\"ltr\">6,800\u{a0}JP¥ – 7,200\u{a0}JP¥</bdi>"),
        "{ar}"
    );

    // No page shows the old "6800 – 7200 JPY".
    for html in [&ja, &fr, &en, &ar] {
        assert!(!html.contains("6800 – 7200 JPY"));
    }
}

/// The id of a shop in the operator's seller list.
async fn shop_id(ops: &TestClient, name: &str) -> String {
    let list = ops.get("/ops/sellers?status=APPROVED").await.text();
    let (before, _) = list
        .split_once(&format!(">{name}</a>"))
        .unwrap_or_else(|| panic!("{name} not listed: {list}"));
    let at = before
        .rfind("/ops/sellers/sel_")
        .expect("a link to the shop");
    before[at + "/ops/sellers/".len()..]
        .split(['"', '/', '?'])
        .next()
        .unwrap()
        .to_owned()
}

async fn seller_pages_show_the_shops_zone_and_operator_pages_utc(b: TestBackend) {
    let t = with_catalogue(b).await;

    // The demo clock stands at 2026-03-02 09:00 UTC: 18:00 in Tokyo.
    let seller = log_in(&t, SAKURA).await;
    let products = seller.get("/seller/products").await.text();
    let shown = time_after(&products, "<tbody");
    assert!(
        shown.contains("datetime=\"2026-03-02T09:00:00Z\"")
            && shown.contains("title=\"Asia/Tokyo\"")
            && shown.ends_with(">2026-03-02 18:00 JST"),
        "the shop's zone: {shown}"
    );
    assert!(
        !products.contains(" UTC</time>"),
        "no UTC on a Tokyo shop's page"
    );

    // The operator reads the same shop's history in UTC.
    let ops = ops_browser(&t).await;
    let id = shop_id(&ops, "Sakura Stationery").await;
    let page = ops.get(&format!("/ops/sellers/{id}")).await.text();
    let shown = time_after(&page, "<ol");
    assert!(
        shown.contains("title=\"UTC\"") && shown.ends_with(">2026-03-02 09:00 UTC"),
        "operators read UTC: {shown}"
    );
    assert!(!page.contains(" JST</time>"), "{page}");
}

async fn storefront_times_follow_the_buyers_zone_cookie(b: TestBackend) {
    let t = with_catalogue(b).await;
    shopdeck_app::demo::load_media(&t.app).await.unwrap();
    // Maple & Pine (New York) has a session coming up tomorrow, 2026-03-03 09:00 UTC.
    let tomorrow = "datetime=\"2026-03-03T09:00:00Z\"";

    // Without the cookie: UTC, and the page asks the browser for its zone.
    let c = t.client();
    let live = c.get("/live").await.text();
    let shown = time_after(&live, "id=\"upcoming\"");
    assert!(
        shown.contains(tomorrow) && shown.ends_with(">2026-03-03 09:00 UTC"),
        "UTC until the zone is known: {shown}"
    );
    assert!(live.contains("src=\"/assets/time-zone.js\""));
    assert!(!live.contains("local-time.js"));

    // With the browser's zone in the cookie: that zone, on every storefront page.
    c.set_cookie("sd_tz", "Asia/Tokyo");
    let live = c.get("/live").await.text();
    let shown = time_after(&live, "id=\"upcoming\"");
    assert!(
        shown.contains(tomorrow)
            && shown.contains("title=\"Asia/Tokyo\"")
            && shown.ends_with(">2026-03-03 18:00 JST"),
        "the buyer's zone: {shown}"
    );
    let ops = ops_browser(&t).await;
    let maple = shop_id(&ops, "Maple &amp; Pine Outfitters").await;
    let shop = c.get(&format!("/shop/{maple}")).await.text();
    let shown = time_after(&shop, "id=\"shop-upcoming\"");
    assert!(shown.ends_with(">2026-03-03 18:00 JST"), "{shown}");

    // The same session on the shop's own page: the shop's zone, whatever the cookie says.
    let seller = log_in(&t, MAPLE).await;
    seller.set_cookie("sd_tz", "Asia/Tokyo");
    let html = fixtures::web::page(&seller, "/seller/content/live").await;
    assert!(html.contains(">2026-03-03 04:00 EST</time>"), "{html}");
    assert!(!html.contains(" JST</time>"));

    // A zone the server does not know falls back to UTC.
    c.set_cookie("sd_tz", "Mars/Olympus_Mons");
    let live = c.get("/live").await.text();
    let shown = time_after(&live, "id=\"upcoming\"");
    assert!(shown.ends_with(">2026-03-03 09:00 UTC"), "{shown}");
}
