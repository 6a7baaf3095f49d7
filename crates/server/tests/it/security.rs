//! Two-factor authentication and log-in by phone number; the browser's protections (security
//! headers, no inline code, CSRF bound to the session and to this site); connection limits
//! against slow clients.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::json;
use shopdeck_server::listener::ConnectionLimits;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{OWNER, PASSWORD};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestDb, TestResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

use crate::support::db_tests;

db_tests!(
    two_factor_protects_log_in_in_the_browser_and_the_api,
    log_in_works_with_a_phone_number_as_typed,
    security_headers_are_on_pages_api_answers_and_errors,
    strict_transport_security_only_over_https,
    pages_carry_no_inline_script_or_style,
    a_planted_csrf_cookie_and_token_do_not_work_for_another_session,
    forms_posted_from_another_site_are_refused,
    slow_clients_are_cut_off_after_the_header_timeout,
    one_address_holds_only_so_many_connections,
);

async fn two_factor_protects_log_in_in_the_browser_and_the_api(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    fixtures::web::sign_in(&c, "/seller/login", fixtures::SAKURA, fixtures::PASSWORD).await;
    assert!(
        c.get("/seller/security")
            .await
            .text()
            .contains("/seller/security/setup")
    );
    assert_eq!(c.post_form("/seller/security/setup", &[]).await.status, 303);
    let page = c.get("/seller/security").await.text();
    assert!(page.contains("<svg"), "a QR code is shown");
    let secret = fixtures::web::text_between(&page, "<code class=\"secret\">", "<");
    assert_eq!(
        c.post_form("/seller/security/confirm", &[("code", "000000")])
            .await
            .status,
        422
    );
    let code =
        shopdeck_app::twofactor::current_code(&t.app, &secret, "owner@sakura-stationery.example")
            .unwrap();
    assert_eq!(
        c.post_form("/seller/security/confirm", &[("code", &code)])
            .await
            .status,
        303
    );
    assert!(
        c.get("/seller/security")
            .await
            .text()
            .contains("/seller/security/disable")
    );

    // The browser now asks for a code after the password.
    let b2 = t.client();
    let r =
        fixtures::web::sign_in(&b2, "/seller/login", fixtures::SAKURA, fixtures::PASSWORD).await;
    assert_eq!(
        r.header("location"),
        Some("/seller/login/code?next=/seller")
    );
    assert!(b2.cookie("sd_session").is_none());
    assert_eq!(
        b2.post_form(
            "/seller/login/code",
            &[("code", "123456"), ("next", "/seller")]
        )
        .await
        .status,
        422
    );
    t.clock.advance(jiff::SignedDuration::from_secs(30));
    let code =
        shopdeck_app::twofactor::current_code(&t.app, &secret, "owner@sakura-stationery.example")
            .unwrap();
    let r = b2
        .post_form(
            "/seller/login/code",
            &[("code", &code), ("next", "/seller")],
        )
        .await;
    assert_eq!(r.header("location"), Some("/seller"));
    assert_eq!(b2.get("/seller").await.status, 200);

    // The API answers with a challenge, then takes the code.
    let r = fixtures::try_login(&c, fixtures::SAKURA, fixtures::PASSWORD).await;
    let doc = r.assert_problem(401, "second-factor-required");
    let challenge = doc["challenge"].as_str().unwrap().to_owned();
    for _ in 0..5 {
        c.post_json(
            "/api/v1/sessions/second-factor",
            &json!({"challenge": challenge, "code": "000000"}),
        )
        .await
        .assert_problem(422, "validation-failed");
    }
    // Five wrong codes end the challenge.
    c.post_json(
        "/api/v1/sessions/second-factor",
        &json!({"challenge": challenge, "code": code}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    let r = fixtures::try_login(&c, fixtures::SAKURA, fixtures::PASSWORD).await;
    let challenge = r.json()["challenge"].as_str().unwrap().to_owned();
    let r = c
        .post_json(
            "/api/v1/sessions/second-factor",
            &json!({"challenge": challenge, "code": code}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json()["token"].is_string());
}

async fn log_in_works_with_a_phone_number_as_typed(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    for login in ["+447700900461", "+44 7700 900461", "+44 (7700) 900-461"] {
        let r = fixtures::try_login(&c, login, fixtures::PASSWORD).await;
        assert_eq!(r.status, 201, "{login}: {}", r.text());
        assert_eq!(r.json()["user"]["email"], "owner@thistle-thread.example");
    }
}

// ---------------------------------------------------------------------------------------
// Security headers and inline code

/// Asserts the headers every answer carries (over plain HTTP: no HSTS).
fn assert_security_headers(r: &TestResponse, what: &str) {
    let csp = r
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(part), "{what}: {part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(r.header("referrer-policy"), Some("same-origin"), "{what}");
    assert_eq!(
        r.headers.get_all("content-security-policy").iter().count(),
        1,
        "{what}: one policy"
    );
}

async fn security_headers_are_on_pages_api_answers_and_errors(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let page = c.get("/seller/login").await;
    assert_eq!(page.status, 200);
    assert_security_headers(&page, "a page");
    let api = c.get("/api/v1/categories").await;
    assert_eq!(api.status, 200);
    assert_security_headers(&api, "an API answer");
    let missing = c.get("/api/v1/no-such-thing").await;
    missing.assert_problem(404, "not-found");
    assert_security_headers(&missing, "an API 404");
    let missing_page = c.get("/no-such-page").await;
    assert_eq!(missing_page.status, 404);
    assert_security_headers(&missing_page, "a 404 page");
    // Errors raised by the layers below the handlers, too.
    let wrong_method = c
        .request(
            axum::http::Method::DELETE,
            "/api/v1/categories",
            axum::body::Body::empty(),
            None,
        )
        .await;
    assert_eq!(wrong_method.status, 405);
    assert_security_headers(&wrong_method, "a 405 from routing");
    let asset = c.get("/assets/app.css").await;
    assert_eq!(asset.status, 200);
    assert_security_headers(&asset, "the stylesheet");
    assert!(page.header("strict-transport-security").is_none());
    // The public URL may post forms too (a site reached by another name).
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains(&format!("form-action 'self' {}", t.app.settings.public_url)),
        "{csp}"
    );
}

async fn strict_transport_security_only_over_https(b: TestBackend) {
    let t = TestApp::over_with(TestDb::create(b).await, |s| {
        s.public_url = "https://shop.example.com".into();
    })
    .await;
    let c = t.client();
    for path in ["/seller/login", "/api/v1/categories", "/api/v1/nope"] {
        let r = c.get(path).await;
        assert_eq!(
            r.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
        assert!(
            r.header("content-security-policy")
                .unwrap()
                .contains("form-action 'self' https://shop.example.com"),
            "{path}"
        );
    }
}

/// Inline code in a page: `<script>` without `src`, `<style>`, `style="…"`, `on…="…"`.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let attrs: Vec<&str> = tag.split_whitespace().skip(1).collect();
        let attr_names: Vec<String> = attrs
            .iter()
            .map(|a| a.split('=').next().unwrap_or("").to_ascii_lowercase())
            .collect();
        if name == "script" && !attr_names.iter().any(|a| a == "src") {
            found.push(format!("<{tag}>"));
        }
        if name == "style" {
            found.push(format!("<{tag}>"));
        }
        for a in &attr_names {
            let handler = a.len() > 2
                && a.starts_with("on")
                && a[2..].chars().all(|c| c.is_ascii_lowercase());
            if a == "style" || handler {
                found.push(format!("<{tag}>"));
            }
        }
        if tag.contains("javascript:") {
            found.push(format!("<{tag}>"));
        }
        rest = &after[end.min(after.len())..];
    }
    found
}

/// The `src` of every script of a page.
fn script_sources(html: &str) -> Vec<String> {
    html.split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The value of the first `name="…" value="…"` field of a page.
fn field_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn pages_carry_no_inline_script_or_style(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    shopdeck_app::demo::load_buyers(&t.app).await.unwrap();
    shopdeck_app::demo::load_media(&t.app).await.unwrap();
    let c = t.client();
    let products = c
        .get("/api/v1/storefront/products?per_page=100")
        .await
        .json();
    let product = products["data"][0]["id"].as_str().unwrap().to_owned();
    let lineup = c.get("/api/v1/storefront/live").await.json();
    let live = lineup["live_now"][0]["id"].as_str().unwrap().to_owned();
    let videos = c.get("/api/v1/storefront/videos").await.json();
    let video = videos["data"][0]["id"].as_str().unwrap().to_owned();

    let mut pages: Vec<(String, String)> = Vec::new();
    for path in [
        "/".to_owned(),
        format!("/p/{product}"),
        format!("/live/{live}"),
        "/live".to_owned(),
        format!("/v/{video}"),
        "/videos".to_owned(),
        "/seller/login".to_owned(),
    ] {
        let r = c.get(&path).await;
        assert_eq!(r.status, 200, "{path}");
        pages.push((path, r.text()));
    }

    // A demo buyer's cart and checkout.
    let buyer = t.client();
    let r = fixtures::web::sign_in_form(
        &buyer,
        "/account/login",
        &[
            ("login", shopdeck_app::demo::buyer_logins()[0].email),
            ("password", shopdeck_app::demo::DEMO_PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let product_page = buyer.get(&format!("/p/{product}")).await.text();
    let sku = field_value(&product_page, "sku");
    fixtures::web::submitted(
        &buyer,
        "/cart/items",
        &[
            ("product", product.as_str()),
            ("sku", sku.as_str()),
            ("quantity", "1"),
            ("action", "add"),
        ],
    )
    .await;
    for path in ["/cart", "/checkout", "/account", "/account/orders"] {
        let r = buyer.get(path).await;
        assert_eq!(r.status, 200, "{path}");
        pages.push((path.to_owned(), r.text()));
    }
    assert!(
        pages
            .iter()
            .any(|(p, html)| p == "/checkout" && html.contains("name=\"address_id\"")),
        "the checkout page shows its form"
    );

    // The seller's product form.
    let seller = t.client();
    fixtures::web::sign_in_seller(&seller, OWNER).await;
    /// The first link to `prefix…` on the page at `list`.
    async fn first_link(c: &TestClient, list: &str, prefix: &str) -> String {
        let html = c.get(list).await.text();
        let start = html
            .find(prefix)
            .unwrap_or_else(|| panic!("{prefix} on {list}"));
        html[start..].split('"').next().unwrap().to_owned()
    }
    let product = first_link(&seller, "/seller/products", "/seller/products/prd_").await;
    let video = first_link(
        &seller,
        "/seller/content/videos",
        "/seller/content/videos/vid_",
    )
    .await;
    let live = first_link(&seller, "/seller/content/live", "/seller/content/live/liv_").await;
    for path in [
        "/seller".to_owned(),
        "/seller/products".to_owned(),
        "/seller/products/new".to_owned(),
        format!("{product}/edit"),
        "/seller/content/videos".to_owned(),
        video,
        "/seller/content/live".to_owned(),
        live,
    ] {
        let r = seller.get(&path).await;
        assert_eq!(r.status, 200, "{path}");
        pages.push((path, r.text()));
    }

    let mut scripts = std::collections::BTreeSet::new();
    for (path, html) in &pages {
        let found = inline_code(html);
        assert!(found.is_empty(), "{path} has inline code: {found:?}");
        scripts.extend(script_sources(html));
    }
    for expected in [
        "/assets/live.js",
        "/assets/time-zone.js",
        "/assets/checkout.js",
        "/assets/product-form.js",
    ] {
        assert!(scripts.contains(expected), "{expected} in {scripts:?}");
    }
    for src in &scripts {
        let r = c.get(src).await;
        assert_eq!(r.status, 200, "{src}");
        assert_eq!(r.content_type(), "text/javascript; charset=utf-8", "{src}");
    }
    assert_eq!(c.get("/assets/nothing.js").await.status, 404);
    // The checker itself sees what it is for.
    assert_eq!(
        inline_code("<p style=\"color:red\">x</p><script>alert(1)</script><a onclick=\"x()\">")
            .len(),
        3
    );
    assert!(inline_code("<script src=\"/assets/live.js\" defer></script>").is_empty());
}

// ---------------------------------------------------------------------------------------
// CSRF

/// A seller signed in through the log-in form.
async fn signed_in(t: &TestApp, email: &str) -> TestClient {
    let c = t.client();
    assert_eq!(c.get("/seller/login").await.status, 200);
    fixtures::web::submitted(
        &c,
        "/seller/login",
        &[("login", email), ("password", PASSWORD)],
    )
    .await;
    c
}

async fn a_planted_csrf_cookie_and_token_do_not_work_for_another_session(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let victim = signed_in(&t, OWNER).await;
    let home = victim.get("/seller").await;
    assert_eq!(home.status, 200);
    // The page's forms carry the cookie's token, issued for this session.
    let own = victim.cookie("sd_csrf").unwrap();
    assert!(home.text().contains(&format!("value=\"{own}\"")));

    // Pairs an attacker can get: from an anonymous visit, and from their own session.
    let anonymous = t.client();
    anonymous.get("/seller/login").await;
    let attacker = signed_in(&t, "owner@thistle-thread.example").await;
    attacker.get("/seller").await;
    for planted in [
        anonymous.cookie("sd_csrf").unwrap(),
        attacker.cookie("sd_csrf").unwrap(),
    ] {
        assert_ne!(planted, own);
        victim.set_cookie("sd_csrf", &planted);
        let r = victim
            .post_form_raw("/seller/logout", &[("_csrf", planted.clone())])
            .await;
        assert_eq!(r.status, 403, "a planted pair is refused");
        assert!(victim.cookie("sd_session").is_some());
    }
    // The refusal gave the victim a good token again, and the session still works.
    victim.get("/seller").await;
    let fresh = victim.cookie("sd_csrf").unwrap();
    assert_eq!(victim.get("/seller").await.status, 200);

    // A token is bound to the session: logging out and in again changes it, and the old one
    // stops working.
    fixtures::web::submitted(&victim, "/seller/logout", &[]).await;
    let after_logout = victim.cookie("sd_csrf").unwrap();
    assert_ne!(after_logout, fresh, "logging out issues a new token");
    fixtures::web::submitted(
        &victim,
        "/seller/login",
        &[("login", OWNER), ("password", PASSWORD)],
    )
    .await;
    let after_login = victim.cookie("sd_csrf").unwrap();
    assert_ne!(after_login, after_logout, "logging in issues a new token");
    let stale = victim.clone();
    stale.set_cookie("sd_csrf", &after_logout);
    assert_eq!(
        stale
            .post_form_raw("/seller/logout", &[("_csrf", after_logout.clone())])
            .await
            .status,
        403
    );
    victim.set_cookie("sd_csrf", &after_login);
    assert_eq!(victim.post_form("/seller/logout", &[]).await.status, 303);
    assert!(victim.cookie("sd_session").is_none());
}

async fn forms_posted_from_another_site_are_refused(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let log_in = [("login", OWNER), ("password", PASSWORD)];
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let c = t.client().with_header(header, value);
        assert_eq!(c.get("/seller/login").await.status, 200, "reading is fine");
        let r = c.post_form("/seller/login", &log_in).await;
        assert_eq!(r.status, 403, "{header}: {value}");
        assert!(c.cookie("sd_session").is_none());
    }
    // A signed-in seller's form from another site is refused too, with a valid token.
    let victim = signed_in(&t, OWNER).await;
    victim.get("/seller").await;
    let from_evil = victim.clone().with_header("origin", "https://evil.example");
    assert_eq!(from_evil.post_form("/seller/logout", &[]).await.status, 403);
    assert_eq!(victim.get("/seller").await.status, 200, "still signed in");

    // This site's own forms: the public URL's origin, the host asked for, fetch metadata.
    let public = t.app.settings.public_url.clone();
    for (header, value) in [
        ("origin", public.as_str()),
        ("sec-fetch-site", "same-origin"),
        ("sec-fetch-site", "none"),
    ] {
        let c = t.client().with_header(header, value);
        c.get("/seller/login").await;
        let r = c.post_form("/seller/login", &log_in).await;
        assert_eq!(r.status, 303, "{header}: {value}: {}", r.text());
    }
    let c = t
        .client()
        .with_header("origin", "http://shop.internal:8080")
        .with_header("host", "shop.internal:8080");
    c.get("/seller/login").await;
    assert_eq!(c.post_form("/seller/login", &log_in).await.status, 303);
}

// ---------------------------------------------------------------------------------------
// Connection limits, with real sockets

/// Serves the test application's router with these limits on a new local port.
async fn serve_with(
    t: &TestApp,
    limits: ConnectionLimits,
) -> (SocketAddr, CancellationToken, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = CancellationToken::new();
    let task = tokio::spawn(shopdeck_server::listener::serve(
        listener,
        t.router.clone(),
        limits,
        stop.clone().cancelled_owned(),
    ));
    (addr, stop, task)
}

/// Sends `GET /healthz` on a kept-alive connection and returns the answer (empty when the
/// server closed the connection).
async fn healthz(s: &mut TcpStream) -> String {
    if s.write_all(b"GET /healthz HTTP/1.1\r\nHost: shopdeck.test\r\n\r\n")
        .await
        .is_err()
    {
        return String::new();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut got = Vec::new();
    loop {
        let mut buf = [0u8; 2048];
        let n = tokio::time::timeout_at(deadline, s.read(&mut buf))
            .await
            .expect("an answer in time")
            .unwrap_or(0);
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got);
        if n == 0 || (text.contains("\r\n\r\n") && text.ends_with("ok")) {
            return text.into_owned();
        }
    }
}

/// Waits up to `wait` for the server to close the connection; what it sent before, or
/// `None` if it is still open.
async fn closed_within(s: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut got = Vec::new();
    loop {
        let mut buf = [0u8; 1024];
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

async fn slow_clients_are_cut_off_after_the_header_timeout(b: TestBackend) {
    let t = TestApp::new(b).await;
    let (addr, stop, task) = serve_with(
        &t,
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            max_per_ip: 64,
        },
    )
    .await;
    let opened = Instant::now();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HT").await.unwrap();
    let mut silent = TcpStream::connect(addr).await.unwrap();
    // A prompt client is served meanwhile.
    let mut prompt = TcpStream::connect(addr).await.unwrap();
    let answer = healthz(&mut prompt).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        closed_within(&mut slow, Duration::from_millis(500))
            .await
            .is_none(),
        "a slow client has its time"
    );
    assert!(
        closed_within(&mut slow, Duration::from_secs(5))
            .await
            .is_some(),
        "half a request line is cut off"
    );
    assert!(opened.elapsed() >= Duration::from_millis(900));
    assert!(
        closed_within(&mut silent, Duration::from_secs(5))
            .await
            .is_some(),
        "a connection that sends nothing is closed"
    );
    // An idle kept-alive connection has the same time for its next request.
    assert!(
        closed_within(&mut prompt, Duration::from_secs(5))
            .await
            .is_some()
    );
    stop.cancel();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the server stops")
        .unwrap();
}

async fn one_address_holds_only_so_many_connections(b: TestBackend) {
    let t = TestApp::new(b).await;
    let (addr, stop, task) = serve_with(
        &t,
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(30),
            max_per_ip: 3,
        },
    )
    .await;
    let mut kept = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        assert!(healthz(&mut s).await.starts_with("HTTP/1.1 200"));
        kept.push(s);
    }
    // The fourth is closed at once, unanswered.
    let mut extra = TcpStream::connect(addr).await.unwrap();
    let sent = closed_within(&mut extra, Duration::from_secs(3)).await;
    assert_eq!(
        sent,
        Some(Vec::new()),
        "the connection over the cap is closed"
    );
    // The three stay open and served.
    for s in &mut kept {
        assert!(healthz(s).await.starts_with("HTTP/1.1 200"));
    }
    // Once one closes, its place is free again.
    drop(kept.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let answer = healthz(&mut s).await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "the place was not freed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Shutting down closes the idle kept-alive connections and returns.
    stop.cancel();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the server stops with idle connections open")
        .unwrap();
}
