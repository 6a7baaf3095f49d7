//! Shopdeck in a real headless Chromium: the seller log-in page in all six languages, and a
//! product from the Seller Center form through review to the storefront.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use shopdeck_domain::Locale;
use shopdeck_files::images::{ImageFormat, sample_image};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};
use shopdeck_web::I18n;

use crate::support::plain_tests;

plain_tests!(
    seller_login_page_in_six_languages_with_arabic_right_to_left,
    a_product_is_listed_in_the_browser_fixed_after_the_check_approved_and_shown_in_french,
    a_buyer_finds_a_product_in_a_video_pays_in_the_sandbox_and_the_seller_sees_it_to_ship,
);

fn find(candidates: &[&str]) -> Option<String> {
    candidates.iter().find_map(|name| {
        let out = Command::new("which").arg(name).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .filter(|p| !p.is_empty())
    })
}

fn chromium() -> Option<String> {
    find(&["chromium", "chromium-browser", "google-chrome"])
}

/// Whether the browser test can run here, or why not.
pub fn available() -> Result<(), String> {
    if chromium().is_none() {
        return Err("Chromium is not installed (apt-get install chromium chromium-driver)".into());
    }
    if find(&["chromedriver"]).is_none() {
        return Err("ChromeDriver is not installed (apt-get install chromium-driver)".into());
    }
    Ok(())
}

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Shopdeck on a real port; returns its base URL.
pub(crate) async fn serve(t: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = t.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

/// ChromeDriver driving headless Chromium (the driver stops when its guard drops).
pub(crate) async fn browser() -> (Driver, Client) {
    let port = free_port();
    let driver = Driver(
        Command::new(find(&["chromedriver"]).unwrap())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium().unwrap(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1200,900"]
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => break c,
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "cannot start a browser session: {e}"
                );
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    };
    (driver, client)
}

async fn seller_login_page_in_six_languages_with_arabic_right_to_left() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    let base = serve(&t).await;
    let (_driver, client) = browser().await;

    let result = async {
        for locale in Locale::ALL {
            let i18n = I18n::new(locale);
            client
                .goto(&format!("{base}/lang/{}?next=/seller/login", locale.tag()))
                .await
                .map_err(|e| format!("goto: {e}"))?;
            let h1 = client.find(Locator::Css("h1")).await.map_err(|e| e.to_string())?.text().await.map_err(|e| e.to_string())?;
            if h1 != i18n.t("login-title-seller") {
                return Err(format!("{locale}: heading is {h1:?}"));
            }
            let button = client.find(Locator::Css("form button[type=submit]")).await.map_err(|e| e.to_string())?.text().await.map_err(|e| e.to_string())?;
            if button != i18n.t("login-submit") {
                return Err(format!("{locale}: button is {button:?}"));
            }
            let label = client.find(Locator::Css("label[for=login]")).await.map_err(|e| e.to_string())?.text().await.map_err(|e| e.to_string())?;
            if label != i18n.t("login-field-login") {
                return Err(format!("{locale}: label is {label:?}"));
            }
            let facts = client
                .execute(
                    "const b = document.querySelector('.brand').getBoundingClientRect();
                     const f = document.querySelector('#login').getBoundingClientRect();
                     const l = document.querySelector('label[for=login]').getBoundingClientRect();
                     return { lang: document.documentElement.lang,
                              dir: getComputedStyle(document.body).direction,
                              brandLeft: b.left, width: window.innerWidth,
                              labelLeft: l.left, labelRight: l.right, fieldLeft: f.left, fieldRight: f.right };",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?;
            let num = |k: &str| facts[k].as_f64().unwrap_or(f64::NAN);
            if facts["lang"] != locale.tag() {
                return Err(format!("{locale}: lang is {}", facts["lang"]));
            }
            let rtl = locale.is_rtl();
            if facts["dir"] != if rtl { "rtl" } else { "ltr" } {
                return Err(format!("{locale}: direction is {}", facts["dir"]));
            }
            // Right-to-left lays out mirrored: the brand sits at the right, labels hug the
            // field's right edge.
            let brand_right_side = num("brandLeft") > num("width") / 2.0;
            if brand_right_side != rtl {
                return Err(format!("{locale}: brand at x={} of {}", num("brandLeft"), num("width")));
            }
            let label_at_right = (num("labelRight") - num("fieldRight")).abs() < 2.0;
            let label_at_left = (num("labelLeft") - num("fieldLeft")).abs() < 2.0;
            if (rtl && !label_at_right) || (!rtl && !label_at_left) {
                return Err(format!("{locale}: label not aligned to the reading start: {facts}"));
            }
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = client.close().await;
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// How long a page may take to show what a step waits for.
pub(crate) const PATIENCE: Duration = Duration::from_secs(15);

pub(crate) trait Context<T> {
    fn ctx(self, what: &str) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn ctx(self, what: &str) -> Result<T, String> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

/// The element, once the page shows it.
pub(crate) async fn element(c: &Client, css: &str) -> Result<Element, String> {
    c.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .ctx(&format!("waiting for {css}"))
}

/// Clicks an element, scrolled to the middle of the window first so that the sticky form
/// buttons never cover it.
pub(crate) async fn click_on(c: &Client, e: Element, what: &str) -> Result<(), String> {
    let arg = serde_json::to_value(&e).ctx(what)?;
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .ctx(&format!("scroll to {what}"))?;
    e.click().await.ctx(&format!("click {what}"))
}

pub(crate) async fn click(c: &Client, css: &str) -> Result<(), String> {
    let e = element(c, css).await?;
    click_on(c, e, css).await
}

/// Types into a field, replacing what it held.
pub(crate) async fn fill(c: &Client, css: &str, text: &str) -> Result<(), String> {
    let e = element(c, css).await?;
    e.clear().await.ctx(&format!("clear {css}"))?;
    e.send_keys(text).await.ctx(&format!("type into {css}"))
}

pub(crate) async fn choose(c: &Client, css: &str, value: &str) -> Result<(), String> {
    element(c, css)
        .await?
        .select_by_value(value)
        .await
        .ctx(&format!("choose {value} in {css}"))
}

/// Waits until the element's visible text contains `needle` (the page may still be the old
/// one right after a click); returns the text.
pub(crate) async fn text_with(c: &Client, css: &str, needle: &str) -> Result<String, String> {
    text_within(c, css, needle, PATIENCE).await
}

/// `text_with`, for a step that waits on the worker as well as the browser.
pub(crate) async fn text_within(
    c: &Client,
    css: &str,
    needle: &str,
    patience: Duration,
) -> Result<String, String> {
    let deadline = Instant::now() + patience;
    let mut last = String::new();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(t) = e.text().await
        {
            if t.contains(needle) {
                return Ok(t);
            }
            last = t;
        }
        if Instant::now() > deadline {
            let url = c
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            return Err(format!(
                "{css} never showed {needle:?} (at {url}); it showed {last:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser is at this path.
pub(crate) async fn at_path(c: &Client, path: &str) -> Result<(), String> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let url = c.current_url().await.ctx("current url")?;
        if url.path() == path {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("expected to be at {path}, still at {url}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn log_in(c: &Client, base: &str, door: &str, email: &str) -> Result<(), String> {
    c.goto(&format!("{base}{door}/login"))
        .await
        .ctx("open the log-in page")?;
    fill(c, "#login", email).await?;
    fill(c, "#password", "shopdeck-demo").await?;
    click(c, "main form button[type=submit]").await?;
    at_path(c, door).await
}

/// Chooses English, then logs in to Seller Center as the demo owner of Maple & Pine.
pub(crate) async fn log_in_in_english(c: &Client, base: &str) -> Result<(), String> {
    c.goto(&format!("{base}/lang/en?next=/"))
        .await
        .ctx("choose English")?;
    log_in(c, base, "/seller", "owner@maple-pine.example").await
}

async fn log_out(c: &Client) -> Result<(), String> {
    click(c, "form[action='/seller/logout'] button").await?;
    at_path(c, "/seller/login").await
}

const BAD_TITLE: &str = "Linen dress FREE SHIPPING best price";
const GOOD_TITLE: &str = "Linen summer dress with pockets, sage green";
const FRENCH_TITLE: &str = "Robe d’été en lin à poches, vert sauge";

async fn a_product_is_listed_in_the_browser_fixed_after_the_check_approved_and_shown_in_french() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    let dresses = shopdeck_app::catalog::search_leaves(&t.app, Locale::En, "womens-dresses", 1)
        .await
        .unwrap()[0]
        .id
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("dress.png");
    std::fs::write(&image, sample_image(800, 800, 1, ImageFormat::Png)).unwrap();
    let base = serve(&t).await;
    let (_driver, c) = browser().await;

    let result = async {
        // The seller, in English, logs in through the page and adds a product.
        log_in_in_english(&c, &base).await?;
        click(&c, "nav.sidebar a[href='/seller/products']").await?;
        click(&c, ".toolbar a[href='/seller/products/new']").await?;

        // First the category, found by name.
        fill(&c, "#cat-q", "Dresses").await?;
        click(&c, "form.inline-search button[type=submit]").await?;
        text_with(&c, "ul.category-results", "Dresses").await?;
        click(
            &c,
            &format!("ul.category-results a[href='/seller/products/new?category_id={dresses}']"),
        )
        .await?;

        // Then the form.
        fill(&c, "#f-editions-0-title", BAD_TITLE).await?;
        fill(
            &c,
            "#f-editions-0-description",
            "<p>A light dress in washed linen, with pockets.</p><ul><li>Machine washable</li></ul>",
        )
        .await?;
        fill(&c, "#f-brand", "Maple & Pine").await?;
        choose(&c, "#f-attributes-color", "green").await?;
        choose(&c, "#f-attributes-material", "linen").await?;
        click(&c, "input[name=sales_attributes][value=size]").await?;
        fill(&c, "#f-skus-0-seller_sku", "BRW-S").await?;
        fill(&c, "#f-skus-0-price", "49.00").await?;
        // Sizes come from the attribute's list.
        choose(&c, "#f-skus-0-variant-size", "s").await?;
        fill(&c, "#f-skus-0-stock", "12").await?;
        // A second SKU row comes with the form sent back as it was.
        click(&c, "button[name=intent][value=more]").await?;
        element(&c, "#f-skus-1-seller_sku").await?;
        let kept = element(&c, "#f-skus-0-seller_sku")
            .await?
            .prop("value")
            .await
            .ctx("row 1")?;
        if kept.as_deref() != Some("BRW-S") {
            return Err(format!("the first SKU row was not kept: {kept:?}"));
        }
        fill(&c, "#f-skus-1-seller_sku", "BRW-M").await?;
        fill(&c, "#f-skus-1-price", "49.00").await?;
        choose(&c, "#f-skus-1-variant-size", "m").await?;
        fill(&c, "#f-skus-1-stock", "8").await?;
        // A French edition.
        click(&c, "details.add-edition summary").await?;
        choose(&c, "#f-editions-1-locale", "fr").await?;
        fill(&c, "#f-editions-1-title", FRENCH_TITLE).await?;
        fill(
            &c,
            "#f-editions-1-description",
            "<p>Une robe légère en lin lavé, avec poches.</p>",
        )
        .await?;
        // One picture.
        element(&c, "#f-images")
            .await?
            .send_keys(&image.display().to_string())
            .await
            .ctx("choose the image")?;
        click(&c, "button[name=intent][value=submit]").await?;

        // The automatic check fails the title, and says why in words.
        let reasons = text_with(&c, "#failed-reasons", "Why this product was not approved").await?;
        if !reasons.contains("Title: Describe the product; put offers such as “free shipping”")
        {
            return Err(format!("the title reason is missing: {reasons}"));
        }
        text_with(&c, ".product-badges", "Failed").await?;
        let url = c.current_url().await.ctx("product url")?;
        let id = url
            .path()
            .strip_prefix("/seller/products/")
            .filter(|id| id.starts_with("prd_"))
            .ok_or_else(|| format!("not on a product page: {url}"))?
            .to_owned();
        text_with(&c, "main", FRENCH_TITLE).await?;
        text_with(&c, "main", "BRW-M").await?;
        element(&c, ".image-strip img").await?;

        // Fixing the title sends it to review.
        click(
            &c,
            &format!(".actions-bar a[href='/seller/products/{id}/edit']"),
        )
        .await?;
        fill(&c, "#f-editions-0-title", GOOD_TITLE).await?;
        click(&c, "button[name=intent][value=submit]").await?;
        text_with(&c, ".product-badges", "Under review").await?;
        if c.find(Locator::Css("#failed-reasons")).await.is_ok() {
            return Err("the old reasons are still shown".into());
        }
        log_out(&c).await?;

        // An operator approves it.
        log_in(&c, &base, "/ops", "ops@shopdeck.example").await?;
        c.goto(&format!("{base}/ops/products"))
            .await
            .ctx("open the queue")?;
        text_with(&c, "main", GOOD_TITLE).await?;
        click(&c, &format!("main a[href='/ops/products/{id}']")).await?;
        let approve = element(&c, "#decision")
            .await?
            .find(Locator::XPath(
                ".//form[input[@name='action' and @value='approve']]//button",
            ))
            .await
            .ctx("the approve button")?;
        click_on(&c, approve, "approve").await?;
        text_with(&c, "main", "Live").await?;
        log_out(&c).await?;

        // A buyer sees it in English, then chooses French with the language menu.
        c.goto(&format!("{base}/p/{id}"))
            .await
            .ctx("open the product")?;
        text_with(&c, "main h1", GOOD_TITLE).await?;
        click(&c, "details.lang-switcher summary").await?;
        click(&c, "details.lang-switcher a[hreflang=fr]").await?;
        let h1 = text_with(&c, "main h1", FRENCH_TITLE).await?;
        let lang = element(&c, "html").await?.attr("lang").await.ctx("lang")?;
        if lang.as_deref() != Some("fr") {
            return Err(format!("the page is not in French: {lang:?} ({h1})"));
        }
        Ok::<(), String>(())
    }
    .await;
    if result.is_err() {
        let url = c
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let source = c.source().await.unwrap_or_default();
        let main = source.split("<main").nth(1).unwrap_or(&source);
        eprintln!(
            "browser at {url}:\n{}",
            main.chars().take(4000).collect::<String>()
        );
    }
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The walk-through: from a seller's video to a paid order the seller must ship.
async fn a_buyer_finds_a_product_in_a_video_pays_in_the_sandbox_and_the_seller_sees_it_to_ship() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    // The shop, its product on sale and its video, and a buyer with an address, made through
    // the API; everything the buyer and the seller do then happens in the browser.
    let api = t.client();
    let (owner, skus) = fixtures::shop(&api, "VID", 4).await;
    let video = crate::orders::video_tagging(&t, &api, &owner, &skus[1]).await;
    fixtures::new_buyer(&t, &api, "viewer@buyers.example").await;
    // What the set-up queued (emails, image work) runs now, so that the payment callback is
    // not behind it. The test's clock stands still, so a failed attempt would never be retried.
    t.run_jobs().await;
    // The worker runs beside the browser, as in `serve`: it delivers the payment callback.
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = tokio::spawn(t.worker().run_lanes(2, stop.clone()));
    let base = t.app.settings.public_url.clone();
    let (_driver, c) = browser().await;

    let result = async {
        c.goto(&format!("{base}/lang/en?next=/account/login"))
            .await
            .ctx("choose English")?;
        fill(&c, "#login", "viewer@buyers.example").await?;
        fill(&c, "#password", "buyer-password-1").await?;
        click(&c, "main form button[type=submit]").await?;
        at_path(&c, "/account").await?;

        // The video feed, the video, its shoppable tag.
        c.goto(&format!("{base}/videos"))
            .await
            .ctx("open the videos")?;
        click(&c, &format!("a[href='/v/{video}']")).await?;
        at_path(&c, &format!("/v/{video}")).await?;
        text_with(&c, "main", "Styling the linen dress").await?;
        click(&c, "main a[href*='/tags/']").await?;
        text_with(&c, "main", "Linen summer dress with pockets").await?;
        let url = c.current_url().await.ctx("product url")?;
        if !url.query().unwrap_or_default().contains(&video) {
            return Err(format!("the product page lost the video: {url}"));
        }

        // Size M, buy now, the address is the default one; place the order.
        click(&c, &format!("input[name=sku][value='{}']", skus[1])).await?;
        click(&c, "button[name=action][value=buy]").await?;
        at_path(&c, "/checkout").await?;
        text_with(&c, "main", "1 Market Street").await?;
        click(&c, "button[name=place]").await?;

        // The sandbox provider's page; approve.
        text_with(&c, "body", "Sandbox payments").await?;
        text_with(&c, "body", "$59.00").await?;
        click(&c, "button[name=decision][value=approve]").await?;
        // Back at the shop, the callback arrives through the worker and the page refreshes.
        text_within(&c, "main", "Payment confirmed", 4 * PATIENCE).await?;

        // The seller logs in and finds it under To ship with its deadlines.
        log_in(&c, &base, "/seller", "owner@maple-pine.example").await?;
        click(&c, "nav.sidebar a[href='/seller/orders']").await?;
        click(&c, "a[href='/seller/orders?tab=to_ship']").await?;
        let row = text_with(&c, "table.orders tbody", "Linen summer dress").await?;
        for needle in ["Ada Buyer", "$59.00", "Ship by"] {
            if !row.contains(needle) {
                return Err(format!("the To ship row lacks {needle:?}: {row}"));
            }
        }
        click(&c, "table.orders tbody a[href^='/seller/orders/ord_']").await?;
        let detail = text_with(&c, "main", "Process by").await?;
        for needle in ["Ship by", "1 Market Street", "Paid"] {
            if !detail.contains(needle) {
                return Err(format!("the order page lacks {needle:?}: {detail}"));
            }
        }
        Ok::<_, String>(())
    }
    .await;
    stop.cancel();
    let _ = worker.await;
    if let Err(e) = result {
        let html = c.source().await.unwrap_or_default();
        let mut conn = t.app.db.conn().await.expect("a connection");
        let jobs = shopdeck_store::jobs::list_jobs(&mut conn, None, 20)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|j| {
                format!(
                    "{} {:?} attempts {} {:?}",
                    j.kind, j.status, j.attempts, j.last_error
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        panic!(
            "{e}\n--- jobs ---\n{jobs}\n--- page ---\n{}",
            &html[..html.len().min(4000)]
        );
    }
}
