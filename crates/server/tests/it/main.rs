//! Shopdeck's integration suite: one binary, every test through the real router and a real
//! database. Each database test runs on SQLite, and again on PostgreSQL when
//! `TEST_DATABASE_URL` is set; the browser test runs when Chromium and ChromeDriver are
//! installed, and the print tests when `pdftotext` is (the Chinese and Japanese ones also need
//! `fonts-noto-cjk`). Missing services show up as "ignored" tests with a line saying why, unless
//! `SHOPDECK_TEST_REQUIRE_ALL=1` (CI), which turns them into failures.

mod support;

mod api_auth;
mod browser;
mod browser_catalog;
mod browser_home;
mod browser_notifications;
mod bulk;
mod buyers;
mod cancellations;
mod catalog;
mod catalog_words;
mod demo;
mod http_basics;
mod jobs;
mod media;
mod notifications;
mod onboarding;
mod openapi;
mod orders;
mod print;
mod processes;
mod products;
mod reliability;
mod returns;
mod schema;
mod scoping;
mod security;
mod shipping;
mod signup;
mod staff;
mod storefront_cache;
mod storefront_paging;
mod web_bulk;
mod web_buying;
mod web_cancellations;
mod web_format;
mod web_home;
mod web_orders;
mod web_pages;
mod web_products;
mod web_returns_buyer;
mod web_returns_seller;
mod web_shipping;
mod write_batches;

use libtest_mimic::{Arguments, Trial};
use shopdeck_testkit::{TestBackend, postgres_url};
use support::{DbTest, run_async};

fn main() {
    let args = Arguments::from_args();
    let require_all = std::env::var("SHOPDECK_TEST_REQUIRE_ALL").is_ok_and(|v| v == "1");
    let pg = postgres_url().is_some();
    let browser = browser::available();
    let pdftotext = print::available();
    let cjk_font = print::cjk_font();

    if !pg {
        if require_all {
            eprintln!("SHOPDECK_TEST_REQUIRE_ALL=1 but TEST_DATABASE_URL is not set");
            std::process::exit(1);
        }
        eprintln!(
            "note: PostgreSQL tests are skipped (ignored): set TEST_DATABASE_URL=postgres://… to run them"
        );
    }
    if let Err(why) = &browser {
        if require_all {
            eprintln!("SHOPDECK_TEST_REQUIRE_ALL=1 but the browser test cannot run: {why}");
            std::process::exit(1);
        }
        eprintln!("note: browser tests are skipped (ignored): {why}");
    }
    if let Err(why) = &pdftotext {
        if require_all {
            eprintln!("SHOPDECK_TEST_REQUIRE_ALL=1 but the print tests cannot run: {why}");
            std::process::exit(1);
        }
        eprintln!("note: print tests are skipped (ignored): {why}");
    }
    if let Err(why) = &cjk_font {
        if require_all {
            eprintln!("SHOPDECK_TEST_REQUIRE_ALL=1 but the CJK print tests cannot run: {why}");
            std::process::exit(1);
        }
        eprintln!("note: CJK print tests are skipped (ignored): {why}");
    }

    let db_tests: Vec<(&'static str, DbTest)> = [
        http_basics::tests(),
        api_auth::tests(),
        web_pages::tests(),
        jobs::tests(),
        demo::tests(),
        signup::tests(),
        onboarding::tests(),
        staff::tests(),
        security::tests(),
        catalog::tests(),
        catalog_words::tests(),
        products::tests(),
        media::tests(),
        orders::tests(),
        bulk::tests(),
        web_products::tests(),
        web_bulk::tests(),
        web_buying::tests(),
        web_orders::tests(),
        web_home::tests(),
        web_shipping::tests(),
        web_cancellations::tests(),
        web_format::tests(),
        buyers::tests(),
        write_batches::tests(),
        shipping::tests(),
        cancellations::tests(),
        returns::tests(),
        web_returns_buyer::tests(),
        web_returns_seller::tests(),
        reliability::tests(),
        scoping::tests(),
        notifications::tests(),
        storefront_cache::tests(),
        storefront_paging::tests(),
    ]
    .into_iter()
    .flatten()
    .collect();

    let mut trials = Vec::new();
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        for (name, test) in &db_tests {
            let test = *test;
            trials.push(
                Trial::test(format!("{}::{name}", backend.name()), move || {
                    run_async(test(backend))
                })
                .with_ignored_flag(backend == TestBackend::Postgres && !pg),
            );
        }
    }
    // Database tests that read PDFs back need pdftotext as well.
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        for (name, test) in print::tests() {
            trials.push(
                Trial::test(format!("{}::{name}", backend.name()), move || {
                    run_async(test(backend))
                })
                .with_ignored_flag(pdftotext.is_err() || (backend == TestBackend::Postgres && !pg)),
            );
        }
        // Chinese and Japanese need the CJK font too.
        for (name, test) in print::cjk_tests() {
            trials.push(
                Trial::test(format!("{}::{name}", backend.name()), move || {
                    run_async(test(backend))
                })
                .with_ignored_flag(
                    pdftotext.is_err()
                        || cjk_font.is_err()
                        || (backend == TestBackend::Postgres && !pg),
                ),
            );
        }
    }
    // Tests that set up their own environment; those naming postgres need it.
    let plain = [
        ("processes", processes::tests()),
        ("schema", schema::tests()),
        ("openapi", openapi::tests()),
    ];
    for (module, tests) in plain {
        for (name, test) in tests {
            let needs_pg = name.contains("postgres");
            trials.push(
                Trial::test(format!("{module}::{name}"), move || run_async(test()))
                    .with_ignored_flag(needs_pg && !pg),
            );
        }
    }
    for (module, tests) in [
        ("browser", browser::tests()),
        ("browser_catalog", browser_catalog::tests()),
        ("browser_home", browser_home::tests()),
        ("browser_notifications", browser_notifications::tests()),
    ] {
        for (name, test) in tests {
            trials.push(
                Trial::test(format!("{module}::{name}"), move || run_async(test()))
                    .with_ignored_flag(browser.is_err()),
            );
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    shopdeck_testkit::drop_templates();
    conclusion.exit();
}
