//! The browser UI through the router: languages, log-in with CSRF, and access to each area.

use shopdeck_domain::Locale;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};
use shopdeck_web::I18n;

use crate::support::db_tests;

db_tests!(
    login_page_speaks_the_browsers_language,
    language_choice_overrides_the_browser_and_arabic_is_rtl,
    seller_logs_in_sees_home_and_logs_out,
    wrong_password_is_shown_on_the_form,
    empty_fields_get_messages_beside_them,
    forms_without_the_csrf_token_are_refused,
    seller_pages_need_a_login,
    operator_console_is_for_operators_only,
    storefront_lists_categories_and_approved_shops,
    unbuilt_sections_say_so,
    next_parameter_cannot_leave_the_site,
    arabic_pages_isolate_latin_titles_counts_and_arguments,
    web_malformed_ids_are_the_translated_404_page,
);

fn heading(html: &str) -> String {
    let start = html.find("<h1>").map(|i| i + 4).unwrap_or(0);
    let end = html[start..]
        .find("</h1>")
        .map(|i| start + i)
        .unwrap_or(start);
    html[start..end].to_owned()
}

async fn login_page_speaks_the_browsers_language(b: TestBackend) {
    let t = TestApp::new(b).await;
    for (accept, locale) in [
        ("en-US,en;q=0.9", Locale::En),
        ("zh-CN,zh;q=0.9", Locale::ZhCn),
        ("ja", Locale::Ja),
        ("ar-EG", Locale::Ar),
        ("fr-CA,fr;q=0.8", Locale::Fr),
        ("es-MX", Locale::Es),
        ("de-DE", Locale::En),
    ] {
        let r = t
            .client()
            .with_header("accept-language", accept)
            .get("/seller/login")
            .await;
        assert_eq!(r.status, 200);
        let html = r.text();
        let expected = I18n::new(locale).t("login-title-seller");
        assert_eq!(heading(&html), expected, "{accept}");
        assert!(
            html.contains(&format!("lang=\"{}\"", locale.tag())),
            "{accept}"
        );
        if locale != Locale::En {
            assert_ne!(
                expected,
                I18n::new(Locale::En).t("login-title-seller"),
                "{accept} is translated"
            );
        }
    }
    let ja = t
        .client()
        .with_header("accept-language", "ja")
        .get("/seller/login")
        .await
        .text();
    assert!(ja.contains("セラーセンター"), "Japanese says Seller Center");
}

async fn language_choice_overrides_the_browser_and_arabic_is_rtl(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client().with_header("accept-language", "fr");
    let r = c.get("/lang/ar?next=/seller/login").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/seller/login"));
    assert_eq!(c.cookie("sd_lang").as_deref(), Some("ar"));
    let html = c.get("/seller/login").await.text();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert_eq!(
        heading(&html),
        I18n::new(Locale::Ar).t("login-title-seller")
    );
    // Every page has the switcher with all six languages.
    for l in Locale::ALL {
        assert!(html.contains(&format!("href=\"/lang/{}?next=/seller/login\"", l.tag())));
    }
    // Unknown languages change nothing.
    c.get("/lang/xx?next=/").await;
    assert_eq!(c.cookie("sd_lang").as_deref(), Some("ar"));
    let en = t.client().get("/seller/login").await.text();
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
}

async fn seller_logs_in_sees_home_and_logs_out(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    assert_eq!(c.get("/seller/login").await.status, 200);
    let r = fixtures::web::submitted(
        &c,
        "/seller/login",
        &[
            ("login", "owner@thistle-thread.example"),
            ("password", "shopdeck-demo"),
        ],
    )
    .await;
    assert_eq!(r.header("location"), Some("/seller"));
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("sd_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let html = fixtures::web::page(&c, "/seller").await;
    assert!(html.contains("Thistle &amp; Thread"), "shop name shown");
    assert!(html.contains("Isla Campbell"));
    assert!(html.contains("GBP"));
    // Logging out ends the session for good.
    let session = c.cookie("sd_session").unwrap();
    fixtures::web::submitted(&c, "/seller/logout", &[]).await;
    assert!(c.cookie("sd_session").is_none());
    c.set_cookie("sd_session", &session);
    let again = c.get("/seller").await;
    assert_eq!(again.status, 303, "an old session cookie no longer works");
}

async fn wrong_password_is_shown_on_the_form(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client().with_header("accept-language", "es");
    let r = fixtures::web::sign_in(&c, "/seller/login", fixtures::THISTLE, "wrong-password").await;
    assert_eq!(r.status, 401);
    let html = r.text();
    assert!(html.contains(&I18n::new(Locale::Es).t("login-error-bad-credentials")));
    assert!(
        html.contains("value=\"owner@thistle-thread.example\""),
        "the login is kept"
    );
    assert!(c.cookie("sd_session").is_none());
}

async fn empty_fields_get_messages_beside_them(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    c.get("/seller/login").await;
    let html =
        fixtures::web::refused(&c, "/seller/login", &[("login", ""), ("password", "")]).await;
    assert!(html.contains("id=\"login-error\""), "{html}");
    assert!(html.contains("id=\"password-error\""));
    assert!(html.contains("aria-describedby=\"login-error\""));
    assert!(html.contains(&I18n::new(Locale::En).t("error-required")));
}

async fn forms_without_the_csrf_token_are_refused(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    c.get("/seller/login").await;
    let fields = [
        ("login", "ops@shopdeck.example".to_owned()),
        ("password", "shopdeck-demo".to_owned()),
    ];
    // No token at all.
    let r = c.post_form_raw("/seller/login", &fields).await;
    assert_eq!(r.status, 403);
    // A token that is not the cookie's.
    let mut forged = fields.to_vec();
    forged.push(("_csrf", "0".repeat(64)));
    assert_eq!(c.post_form_raw("/seller/login", &forged).await.status, 403);
    // No cookie at all (a cross-site form).
    let stranger = t.client();
    let mut with_token = fields.to_vec();
    with_token.push(("_csrf", c.cookie("sd_csrf").unwrap()));
    assert_eq!(
        stranger
            .post_form_raw("/seller/login", &with_token)
            .await
            .status,
        403
    );
    assert!(c.cookie("sd_session").is_none() && stranger.cookie("sd_session").is_none());
}

async fn seller_pages_need_a_login(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let r = c.get("/seller/orders").await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/seller/login?next=/seller/orders")
    );
    let r = fixtures::web::sign_in_form(
        &c,
        "/seller/login",
        &[
            ("login", "owner@maple-pine.example"),
            ("password", "shopdeck-demo"),
            ("next", "/seller/orders"),
        ],
    )
    .await;
    assert_eq!(r.header("location"), Some("/seller/orders"));
    assert_eq!(c.get("/seller/orders").await.status, 200);
}

async fn operator_console_is_for_operators_only(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let seller = t.client();
    fixtures::web::sign_in(&seller, "/ops/login", fixtures::OWNER, fixtures::PASSWORD).await;
    let r = seller.get("/ops").await;
    assert_eq!(r.status, 403);
    assert!(
        r.text()
            .contains(&I18n::new(Locale::En).t("ops-not-operator"))
    );

    let ops = t.client();
    assert_eq!(
        ops.get("/ops").await.header("location"),
        Some("/ops/login?next=/ops")
    );
    let r = fixtures::web::sign_in(&ops, "/ops/login", fixtures::OPS, fixtures::PASSWORD).await;
    assert_eq!(r.header("location"), Some("/ops"));
    // The demo has 10 users (operator, 5 owners, 4 staff) and 5 shops.
    let html = fixtures::web::page(&ops, "/ops").await;
    assert!(
        html.contains("<span class=\"stat-value\">10</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"stat-value\">5</span>"));
    assert_eq!(ops.get("/ops/jobs").await.status, 200);
}

async fn storefront_lists_categories_and_approved_shops(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client().with_header("accept-language", "zh-CN");
    let html = c.get("/").await.text();
    assert!(html.contains("服饰"), "category names in Chinese");
    for shop in [
        "Maple &amp; Pine Outfitters",
        "Thistle &amp; Thread",
        "Sakura Stationery",
    ] {
        assert!(html.contains(shop), "{shop}");
    }
    let cat = c.get("/c/skincare").await;
    assert_eq!(cat.status, 200);
    assert!(cat.text().contains("护肤"));
    assert_eq!(c.get("/c/no-such-category").await.status, 404);
    let href = fixtures::web::text_between(&html, "href=\"/shop/", "\"");
    assert_eq!(c.get(&format!("/shop/{href}")).await.status, 200);
    assert_eq!(
        c.get("/shop/sel_00000000000000000000000000000000")
            .await
            .status,
        404
    );
    assert_eq!(c.get("/shop/not-an-id").await.status, 404);
    // The cart belongs to a signed-in buyer.
    let cart = c.get("/cart").await;
    assert_eq!(cart.status, 303);
    assert!(
        cart.header("location")
            .is_some_and(|l| l.starts_with("/account/login"))
    );
    let s = c.get("/search?q=%3Cscript%3E").await.text();
    assert!(
        s.contains("&lt;script&gt;") && !s.contains("<script>"),
        "search text is escaped"
    );
}

async fn unbuilt_sections_say_so(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    fixtures::web::sign_in(&c, "/seller/login", fixtures::OWNER, fixtures::PASSWORD).await;
    let en = I18n::new(Locale::En);
    for (seg, key) in [
        ("finance", "nav-finance"),
        ("analytics", "nav-analytics"),
        ("help", "nav-help"),
    ] {
        let html = c.get(&format!("/seller/{seg}")).await.text();
        assert!(
            html.contains(&en.ta("not-ready-body", &[("section", &en.t(key))])),
            "{seg}"
        );
        assert!(html.contains("aria-current=\"page\""));
    }
    assert_eq!(c.get("/seller/nonsense").await.status, 404);
}

async fn next_parameter_cannot_leave_the_site(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    assert_eq!(
        c.get("/lang/fr?next=https://evil.example/")
            .await
            .header("location"),
        Some("/")
    );
    let r = fixtures::web::sign_in_form(
        &c,
        "/seller/login",
        &[
            ("login", "ops@shopdeck.example"),
            ("password", "shopdeck-demo"),
            ("next", "//evil.example"),
        ],
    )
    .await;
    assert_eq!(r.header("location"), Some("/seller"));
}

/// On an Arabic page, a product's English title is isolated (`<bdi>`, so "Jacket FREE
/// SHIPPING!!!" keeps its punctuation at its end), a status tab keeps its count beside it,
/// and arguments inside translated sentences are isolated (FSI … PDI).
async fn arabic_pages_isolate_latin_titles_counts_and_arguments(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    let c = fixtures::web::log_in(&t, "owner@maple-pine.example")
        .await
        .with_header("accept-language", "ar");
    let html = c.get("/seller/products").await.text();
    assert!(html.contains("dir=\"rtl\""), "{html}");
    assert!(
        html.contains("<bdi>Waxed cotton field jacket"),
        "English titles are isolated"
    );
    let ar = I18n::new(Locale::Ar);
    let tab = format!("<bdi>{}</bdi> (", ar.t("product-status-LIVE"));
    assert!(
        html.contains(&tab),
        "the tab's label is isolated from its count"
    );
    // A message with an argument: the argument sits between isolation marks in Arabic only.
    let with_arg = ar.ta("rtb-back-to-order", &[("id", "ord_1")]);
    assert!(with_arg.contains("\u{2068}ord_1\u{2069}"), "{with_arg}");
    let en = I18n::new(Locale::En).ta("rtb-back-to-order", &[("id", "ord_1")]);
    assert!(!en.contains('\u{2068}'), "{en}");
}

/// Signs a French-speaking browser in through a log-in form.
async fn signed_in_fr(t: &TestApp, form: &str, login: &str) -> shopdeck_testkit::TestClient {
    let c = t.client().with_header("accept-language", "fr");
    assert_eq!(c.get(form).await.status, 200);
    let r = c
        .post_form(form, &[("login", login), ("password", "shopdeck-demo")])
        .await;
    assert_eq!(r.status, 303, "{form}: {}", r.text());
    c
}

/// A path segment that is not an id of its kind (another kind's prefix, no prefix, a short
/// body) is the 404 page in the visitor's language, on seller, buyer and operator routes, on
/// one-segment and two-segment routes, for reads and for forms.
async fn web_malformed_ids_are_the_translated_404_page(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let fr = I18n::new(Locale::Fr);
    let title = fr.t("error-404-title");
    assert_ne!(title, I18n::new(Locale::En).t("error-404-title"));
    let check = |path: String, r: shopdeck_testkit::TestResponse| {
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        let html = r.text();
        assert_eq!(heading(&html), title, "{path}");
        assert!(html.contains("lang=\"fr\""), "{path}");
    };
    let bad = [
        "not-an-id",
        "prd_123",
        "ord_0000000000000000000000000000000z",
    ];

    let seller = signed_in_fr(&t, "/seller/login", "owner@maple-pine.example").await;
    for id in bad {
        for path in [
            format!("/seller/orders/{id}"),
            format!("/seller/products/{id}/edit"),
            format!("/seller/returns/{id}"),
            format!("/seller/products/{id}/skus/{id}/movements"),
        ] {
            check(path.clone(), seller.get(&path).await);
        }
        let path = format!("/seller/orders/{id}/cancel");
        check(path.clone(), seller.post_form(&path, &[]).await);
    }

    shopdeck_app::demo::load_buyers(&t.app).await.unwrap();
    let buyer = signed_in_fr(&t, "/account/login", shopdeck_app::demo::BUYER_EMAIL).await;
    for id in bad {
        for path in [
            format!("/account/orders/{id}"),
            format!("/account/returns/{id}"),
            format!("/account/returns/{id}/photos/0"),
            format!("/live/{id}"),
        ] {
            check(path.clone(), buyer.get(&path).await);
        }
    }
    // A photo number that is not a number is no photo.
    let path = "/account/returns/ret_00000000000000000000000000000000/photos/first".to_owned();
    check(path.clone(), buyer.get(&path).await);

    let ops = signed_in_fr(&t, "/ops/login", "ops@shopdeck.example").await;
    for id in bad {
        for path in [
            format!("/ops/sellers/{id}"),
            format!("/ops/products/{id}"),
            format!("/ops/categories/{id}"),
        ] {
            check(path.clone(), ops.get(&path).await);
        }
    }
}
