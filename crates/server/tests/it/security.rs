//! Two-factor authentication and log-in by phone number.

use serde_json::json;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    two_factor_protects_log_in_in_the_browser_and_the_api,
    log_in_works_with_a_phone_number_as_typed,
);

async fn two_factor_protects_log_in_in_the_browser_and_the_api(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    c.get("/seller/login").await;
    c.post_form(
        "/seller/login",
        &[
            ("login", "owner@sakura-stationery.example"),
            ("password", "shopdeck-demo"),
        ],
    )
    .await;
    assert!(
        c.get("/seller/security")
            .await
            .text()
            .contains("/seller/security/setup")
    );
    assert_eq!(c.post_form("/seller/security/setup", &[]).await.status, 303);
    let page = c.get("/seller/security").await.text();
    assert!(page.contains("<svg"), "a QR code is shown");
    let secret = page
        .split("<code class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
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
    b2.get("/seller/login").await;
    let r = b2
        .post_form(
            "/seller/login",
            &[
                ("login", "owner@sakura-stationery.example"),
                ("password", "shopdeck-demo"),
            ],
        )
        .await;
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
    let r = c
        .post_json(
            "/api/v1/sessions",
            &json!({"login": "owner@sakura-stationery.example", "password": "shopdeck-demo"}),
        )
        .await;
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
    let r = c
        .post_json(
            "/api/v1/sessions",
            &json!({"login": "owner@sakura-stationery.example", "password": "shopdeck-demo"}),
        )
        .await;
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
        let r = c
            .post_json(
                "/api/v1/sessions",
                &json!({"login": login, "password": "shopdeck-demo"}),
            )
            .await;
        assert_eq!(r.status, 201, "{login}: {}", r.text());
        assert_eq!(r.json()["user"]["email"], "owner@thistle-thread.example");
    }
}
