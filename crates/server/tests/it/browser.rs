//! The seller log-in page in a real headless Chromium, in all six languages.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use shopdeck_domain::Locale;
use shopdeck_testkit::{TestApp, TestBackend};
use shopdeck_web::I18n;

use crate::support::plain_tests;

plain_tests!(seller_login_page_in_six_languages_with_arabic_right_to_left);

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

struct Driver(Child);

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

async fn seller_login_page_in_six_languages_with_arabic_right_to_left() {
    // Shopdeck on a real port.
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = t.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });

    // ChromeDriver driving headless Chromium.
    let port = free_port();
    let _driver = Driver(
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
