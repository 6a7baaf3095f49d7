//! What a seller sees in a real headless Chromium at the sizes people use: the Orders table
//! fits a 1,366 px laptop window and a 390 px phone, or scrolls inside its own box, with
//! every row's View link reachable, in English, French and Arabic (right to left); and an
//! unknown Seller Center address keeps the navigation.

use fantoccini::Client;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::browser::{Context, at_path, browser, element, log_in_in_english, serve};
use crate::support::plain_tests;

plain_tests!(
    the_orders_table_fits_the_window_or_scrolls_in_its_box_in_three_languages,
    an_unknown_seller_address_shows_the_404_inside_the_seller_center,
);

/// Measures the page and the first row's View link after bringing it into view: the page's
/// width against the window's, and the link's box against the box that scrolls it.
const MEASURE: &str = r#"
const link = document.querySelector('table.orders tbody tr td:last-child a');
if (!link) { return {error: 'no View link in the orders table'}; }
const pageWidth = document.documentElement.scrollWidth;
let box = link.parentElement;
while (box && box !== document.body) {
  const o = getComputedStyle(box).overflowX;
  if (o === 'auto' || o === 'scroll') { break; }
  box = box.parentElement;
}
link.scrollIntoView({block: 'center', inline: 'nearest'});
const l = link.getBoundingClientRect();
const b = box.getBoundingClientRect();
const cw = document.documentElement.clientWidth;
const over = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > cw + 0.5 || r.left < -0.5) {
    over.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
  }
  if (over.length >= 8) { break; }
}
return {
  overflowing: over,
  clientWidth: cw,
  pageWidth: pageWidth,
  pageWidthAfter: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  link: [l.left, l.right],
  box: [b.left, b.right],
  boxClass: box === document.body ? 'body' : box.className,
};
"#;

async fn measure(c: &Client, what: &str, width: u32) -> Result<(), String> {
    element(c, "table.orders tbody tr").await?;
    let m = c.execute(MEASURE, vec![]).await.ctx(what)?;
    let num = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    let pair = |k: &str| {
        (
            m[k][0].as_f64().unwrap_or(f64::NAN),
            m[k][1].as_f64().unwrap_or(f64::NAN),
        )
    };
    if let Some(e) = m["error"].as_str() {
        return Err(format!("{what}: {e}"));
    }
    let inner = num("innerWidth");
    if inner > f64::from(width) {
        return Err(format!(
            "{what}: the window is {inner} px wide, not {width}: {m}"
        ));
    }
    for key in ["pageWidth", "pageWidthAfter"] {
        let w = num(key);
        if w.is_nan() || w > inner {
            return Err(format!(
                "{what}: the page is {w} px wide in a {inner} px window: {m}"
            ));
        }
    }
    let (l, r) = pair("link");
    let (bl, br) = pair("box");
    // Half a pixel either way for sub-pixel layout.
    let inside = l >= bl - 0.5 && r <= br + 0.5 && l >= -0.5 && r <= inner + 0.5;
    if !inside {
        return Err(format!(
            "{what}: the View link ({l}–{r}) is outside its box ({bl}–{br}) or the window ({inner}): {m}"
        ));
    }
    Ok(())
}

async fn the_orders_table_fits_the_window_or_scrolls_in_its_box_in_three_languages() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    // Orders with two lines each, one paid (to ship, with deadlines) and one not.
    let api = t.client();
    let (_, skus) = fixtures::shop(&api, "WIDE", 6).await;
    let (buyer, address) = fixtures::new_buyer(&t, &api, "wide@buyers.example").await;
    for paid in [true, false] {
        let r = fixtures::post(
            &api,
            "/api/v1/buyer/checkouts",
            &buyer,
            serde_json::json!({
                "address_id": address,
                "items": [{"sku_id": skus[0], "quantity": 1}, {"sku_id": skus[1], "quantity": 2}]
            }),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        if paid {
            fixtures::pay(&t, &api, &r.json()["payments"][0]).await;
        }
    }
    let base = serve(&t).await;
    let (_driver, c) = browser().await;
    let result = async {
        log_in_in_english(&c, &base).await?;
        for (w, h) in [(1366, 900), (390, 844)] {
            c.set_window_size(w, h).await.ctx("size the window")?;
            for tag in ["en", "fr", "ar"] {
                for tab in ["all", "to_ship"] {
                    c.goto(&format!(
                        "{base}/lang/{tag}?next=/seller/orders%3Ftab%3D{tab}"
                    ))
                    .await
                    .ctx("open the orders")?;
                    measure(&c, &format!("{w}×{h} {tag} {tab}"), w).await?;
                }
            }
        }
        Ok::<_, String>(())
    }
    .await;
    if let Err(e) = result {
        let html = c.source().await.unwrap_or_default();
        panic!("{e}\n{html}");
    }
}

async fn an_unknown_seller_address_shows_the_404_inside_the_seller_center() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    let base = serve(&t).await;
    let (_driver, c) = browser().await;
    let result = async {
        log_in_in_english(&c, &base).await?;
        c.goto(&format!("{base}/seller/orders/nowhere/at-all"))
            .await
            .ctx("open an unknown address")?;
        let h1 = element(&c, "main h1").await?.text().await.ctx("heading")?;
        if h1 != "Page not found" {
            return Err(format!("the heading is {h1:?}"));
        }
        // The Seller Center's menu is there and leads on.
        element(&c, "nav.sidebar a[href='/seller/orders']")
            .await?
            .click()
            .await
            .ctx("follow Orders in the menu")?;
        at_path(&c, "/seller/orders").await
    }
    .await;
    if let Err(e) = result {
        let html = c.source().await.unwrap_or_default();
        panic!("{e}\n{html}");
    }
}
