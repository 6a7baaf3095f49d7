//! Becoming a seller: codes by SMS and email, limits, enumeration-proof answers, password
//! reset and throttled log-in.

use axum::body::Body;
use axum::http::Request;
use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_app::worker::WorkerBuilder;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{code_for, last_message};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_seller_signs_up_through_the_api,
    a_new_seller_gives_a_name_and_is_greeted_by_it,
    codes_expire_after_ten_minutes,
    five_wrong_tries_use_up_a_code,
    a_new_code_waits_a_minute,
    codes_are_limited_per_phone_and_per_ip,
    answers_do_not_reveal_a_known_phone_or_email,
    bad_sign_up_input_is_named_field_by_field,
    a_forgotten_password_is_reset_by_emailed_code,
    repeated_failed_log_ins_are_throttled,
    a_seller_signs_up_in_the_browser,
    messages_are_delivered_by_the_worker_and_listed_for_operators,
    sms_goes_through_the_http_gateway,
    email_goes_through_smtp,
);

async fn post(c: &TestClient, path: &str, body: Value, ip: &str) -> TestResponse {
    c.send(
        Request::post(path)
            .header("content-type", "application/json")
            .header("x-forwarded-for", ip)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn start(c: &TestClient, phone: &str) -> String {
    let r = post(
        c,
        "/api/v1/signups",
        json!({"portal": "europe", "country": "GB", "phone": phone}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    r.json()["signup_token"].as_str().unwrap().to_owned()
}

/// A full sign-up; returns the session token.
pub async fn sign_up(t: &TestApp, phone_national: &str, e164: &str, email: &str) -> String {
    let c = t.client();
    let token = start(&c, phone_national).await;
    let code = code_for(t, e164).await;
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["step"], "set_credentials");
    let r = post(
        &c,
        "/api/v1/signups/credentials",
        json!({"signup_token": token, "display_name": "Mina Park", "email": email, "password": "a long good passphrase"}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["step"], "verify_email");
    let code = code_for(t, email).await;
    let r = post(
        &c,
        "/api/v1/signups/verify-email",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

async fn a_new_seller_gives_a_name_and_is_greeted_by_it(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let token = start(&c, "07700 900140").await;
    let code = code_for(&t, "+447700900140").await;
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // No name, a blank one, a name too long: refused, naming the field.
    let long = "n".repeat(61);
    for (name, code) in [
        (None, "required"),
        (Some("  \t "), "required"),
        (Some(long.as_str()), "too-long"),
    ] {
        let mut body = json!({"signup_token": token, "email": "hello@example.co.uk", "password": "a long good passphrase"});
        if let Some(n) = name {
            body["display_name"] = json!(n);
        }
        let r = post(&c, "/api/v1/signups/credentials", body, "198.51.100.1").await;
        let doc = r.assert_problem(422, "validation-failed");
        assert_eq!(doc["errors"].as_array().unwrap().len(), 1, "{doc}");
        assert_eq!(doc["errors"][0]["field"], "display_name", "{doc}");
        assert_eq!(doc["errors"][0]["code"], code, "{doc}");
    }
    // Sixty characters are fine, and white space is tidied.
    let r = post(
        &c,
        "/api/v1/signups/credentials",
        json!({"signup_token": token, "display_name": "  Mina \t  Park ", "email": "hello@example.co.uk", "password": "a long good passphrase"}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let code = code_for(&t, "hello@example.co.uk").await;
    let r = post(
        &c,
        "/api/v1/signups/verify-email",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.json()["user"]["display_name"],
        "Mina Park",
        "{}",
        r.text()
    );

    // The Seller Center greets her by that name, not by "hello".
    let web = t.client().with_header("x-forwarded-for", "198.51.100.9");
    let r = fixtures::web::sign_in(
        &web,
        "/seller/login",
        "hello@example.co.uk",
        "a long good passphrase",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let home = web.get("/seller").await.text();
    assert!(home.contains("Welcome, Mina Park"), "{home}");
    assert!(!home.contains("Welcome, hello"), "{home}");
    // A shop without orders has no health verdict yet, and the page says how many it takes,
    // in every language.
    assert!(home.contains("Not enough data yet"), "{home}");
    assert!(
        home.contains("A rate gets a level once at least 10 orders count toward it."),
        "{home}"
    );
    assert!(home.contains("data-level=\"NOT_ENOUGH_DATA\""), "{home}");
    assert!(!home.contains("data-level=\"GOOD\""), "{home}");
    for l in shopdeck_domain::Locale::ALL {
        let i = shopdeck_web::I18n::new(l);
        let html = web
            .clone()
            .with_header("accept-language", l.tag())
            .get("/seller")
            .await
            .text();
        assert!(html.contains(&i.t("health-not-enough-data")), "{l}: {html}");
    }
}

async fn me(c: &TestClient, token: &str) -> TestResponse {
    c.send(
        Request::get("/api/v1/me")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn a_seller_signs_up_through_the_api(b: TestBackend) {
    let t = TestApp::new(b).await;
    let token = sign_up(&t, "07700 900123", "+447700900123", "mina@example.co.uk").await;
    let c = t.client();
    let r = me(&c, &token).await;
    assert_eq!(r.status, 200);
    let me = r.json();
    assert_eq!(me["email"], "mina@example.co.uk");
    assert_eq!(me["current_shop"]["status"], "REGISTERED");
    assert_eq!(me["current_shop"]["country"], "GB");
    assert_eq!(me["current_shop"]["currency"], "GBP");
    assert_eq!(me["current_shop"]["role"], "OWNER");
    // The texted message is the code message, and the new account logs in by email or phone.
    let sms = last_message(&t, "+447700900123").await.unwrap();
    assert_eq!(sms.channel, "sms");
    for login in ["mina@example.co.uk", "+447700900123"] {
        let r = fixtures::try_login(&c, login, "a long good passphrase").await;
        assert_eq!(r.status, 201, "{login}");
    }
}

async fn codes_expire_after_ten_minutes(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let token = start(&c, "07700 900124").await;
    let code = code_for(&t, "+447700900124").await;
    t.clock.advance(SignedDuration::from_mins(10));
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    let doc = r.assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "code-expired");
    let r = post(
        &c,
        "/api/v1/signups/resend-code",
        json!({"signup_token": token}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 202);
    let fresh = code_for(&t, "+447700900124").await;
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": fresh}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

async fn five_wrong_tries_use_up_a_code(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let token = start(&c, "07700 900125").await;
    let code = code_for(&t, "+447700900125").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r = post(
            &c,
            "/api/v1/signups/verify-phone",
            json!({"signup_token": token, "code": wrong}),
            "198.51.100.1",
        )
        .await;
        assert_eq!(
            r.assert_problem(422, "validation-failed")["errors"][0]["code"],
            "code-wrong"
        );
    }
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "code-locked"
    );
}

async fn a_new_code_waits_a_minute(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let token = start(&c, "07700 900126").await;
    t.clock.advance(SignedDuration::from_secs(20));
    let r = post(
        &c,
        "/api/v1/signups/resend-code",
        json!({"signup_token": token}),
        "198.51.100.1",
    )
    .await;
    r.assert_problem(429, "rate-limited");
    assert_eq!(r.header("retry-after"), Some("40"));
    t.clock.advance(SignedDuration::from_secs(40));
    let r = post(
        &c,
        "/api/v1/signups/resend-code",
        json!({"signup_token": token}),
        "198.51.100.1",
    )
    .await;
    assert_eq!(r.status, 202);
}

async fn codes_are_limited_per_phone_and_per_ip(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    // Five codes an hour to one number, however many sign-ups ask.
    for i in 0..5 {
        let r = post(
            &c,
            "/api/v1/signups",
            json!({"portal": "europe", "country": "GB", "phone": "07700 900127"}),
            &format!("203.0.113.{i}"),
        )
        .await;
        assert_eq!(r.status, 202, "{i}");
    }
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "europe", "country": "GB", "phone": "07700 900127"}),
        "203.0.113.99",
    )
    .await;
    r.assert_problem(429, "rate-limited");
    assert!(r.header("retry-after").is_some());
    // Twenty codes an hour from one address, whatever the numbers.
    for i in 0..20 {
        let r = post(&c, "/api/v1/signups", json!({"portal": "americas", "country": "US", "phone": format!("212555{:04}", 1000 + i)}), "192.0.2.7").await;
        assert_eq!(r.status, 202, "{i}");
    }
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "americas", "country": "US", "phone": "2125559999"}),
        "192.0.2.7",
    )
    .await;
    r.assert_problem(429, "rate-limited");
    // An hour later the limits start over.
    t.clock.advance(SignedDuration::from_mins(61));
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "americas", "country": "US", "phone": "2125559999"}),
        "192.0.2.7",
    )
    .await;
    assert_eq!(r.status, 202);
}

async fn answers_do_not_reveal_a_known_phone_or_email(b: TestBackend) {
    let t = TestApp::new(b).await;
    sign_up(&t, "07700 900128", "+447700900128", "kim@example.com").await;
    let c = t.client();
    // The same phone again: the same answer as for a new one...
    let again = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "europe", "country": "GB", "phone": "07700900128"}),
        "198.51.100.2",
    )
    .await;
    let fresh = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "europe", "country": "GB", "phone": "07700900129"}),
        "198.51.100.2",
    )
    .await;
    assert_eq!(again.status, fresh.status);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&again.json()), keys(&fresh.json()));
    assert_eq!(again.json()["step"], "verify_phone");
    // ...but the owner of the number is told, and no code works.
    let notice = last_message(&t, "+447700900128").await.unwrap();
    assert!(notice.body.contains("already has one"), "{}", notice.body);
    let token = again.json()["signup_token"].as_str().unwrap().to_owned();
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code_for(&t, "+447700900129").await}),
        "198.51.100.2",
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "code-wrong"
    );

    // The same for a known email at the email step.
    let token = fresh.json()["signup_token"].as_str().unwrap().to_owned();
    let code = code_for(&t, "+447700900129").await;
    post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.2",
    )
    .await;
    let r = post(&c, "/api/v1/signups/credentials", json!({"signup_token": token, "display_name": "Kim", "email": "KIM@example.com", "password": "another good passphrase"}), "198.51.100.2").await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["step"], "verify_email");
    let notice = last_message(&t, "kim@example.com").await.unwrap();
    assert!(notice.body.contains("already has one"), "{}", notice.body);
}

async fn bad_sign_up_input_is_named_field_by_field(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "mars", "country": "XX", "phone": ""}),
        "198.51.100.3",
    )
    .await;
    let doc = r.assert_problem(422, "validation-failed");
    let fields = fixtures::error_list(&doc, "field");
    assert_eq!(fields, ["portal", "country"]);
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "asia", "country": "GB", "phone": "07700900123"}),
        "198.51.100.3",
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "country-not-in-portal"
    );
    let r = post(
        &c,
        "/api/v1/signups",
        json!({"portal": "europe", "country": "GB", "phone": "+33 6 12 34 56 78"}),
        "198.51.100.3",
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "phone"
    );
    let token = start(&c, "07700 900130").await;
    let code = code_for(&t, "+447700900130").await;
    post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": code}),
        "198.51.100.3",
    )
    .await;
    let r = post(
        &c,
        "/api/v1/signups/credentials",
        json!({"signup_token": token, "email": "nope", "password": "password123"}),
        "198.51.100.3",
    )
    .await;
    let doc = r.assert_problem(422, "validation-failed");
    let codes = fixtures::error_list(&doc, "code");
    assert_eq!(codes, ["email-invalid", "password-too-common", "required"]);
    assert_eq!(doc["errors"][2]["field"], "display_name");
    // Steps out of order are conflicts, unknown tokens are 404s.
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": token, "code": "123456"}),
        "198.51.100.3",
    )
    .await;
    r.assert_problem(409, "signup-step");
    let r = post(
        &c,
        "/api/v1/signups/verify-phone",
        json!({"signup_token": "ab".repeat(32), "code": "123456"}),
        "198.51.100.3",
    )
    .await;
    r.assert_problem(404, "not-found");
}

async fn a_forgotten_password_is_reset_by_emailed_code(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let old = fixtures::try_login(&c, fixtures::OWNER, fixtures::PASSWORD)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let known = post(
        &c,
        "/api/v1/password-resets",
        json!({"email": "owner@maple-pine.example"}),
        "198.51.100.4",
    )
    .await;
    let unknown = post(
        &c,
        "/api/v1/password-resets",
        json!({"email": "nobody@maple-pine.example"}),
        "198.51.100.4",
    )
    .await;
    assert_eq!((known.status.as_u16(), unknown.status.as_u16()), (202, 202));
    assert_eq!(known.body, unknown.body);
    assert!(
        last_message(&t, "nobody@maple-pine.example")
            .await
            .is_none(),
        "strangers get no mail"
    );
    let code = code_for(&t, "owner@maple-pine.example").await;
    let r = post(
        &c,
        "/api/v1/password-resets/confirm",
        json!({"email": "owner@maple-pine.example", "code": code, "new_password": "short"}),
        "198.51.100.4",
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "new_password"
    );
    let r = post(&c, "/api/v1/password-resets/confirm", json!({"email": "owner@maple-pine.example", "code": code, "new_password": "maple syrup every morning"}), "198.51.100.4").await;
    assert_eq!(r.status, 204, "{}", r.text());
    me(&c, &old).await.assert_problem(401, "unauthenticated");
    let r = fixtures::try_login(&c, fixtures::OWNER, "maple syrup every morning").await;
    assert_eq!(r.status, 201);
    assert!(
        last_message(&t, "owner@maple-pine.example")
            .await
            .unwrap()
            .subject
            .contains("changed")
    );
    // A code for an unknown address never works.
    post(&c, "/api/v1/password-resets/confirm", json!({"email": "nobody@maple-pine.example", "code": "123456", "new_password": "maple syrup every morning"}), "198.51.100.4")
        .await
        .assert_problem(422, "validation-failed");
}

async fn repeated_failed_log_ins_are_throttled(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let attempt = |login: &'static str, password: &'static str, ip: &'static str| {
        let c = c.clone();
        async move {
            post(
                &c,
                "/api/v1/sessions",
                json!({"login": login, "password": password}),
                ip,
            )
            .await
        }
    };
    for _ in 0..5 {
        attempt(
            "owner@thistle-thread.example",
            "guess-guess-guess",
            "198.51.100.5",
        )
        .await
        .assert_problem(401, "bad-credentials");
    }
    // Now even the right password waits, from any address, and unknown logins behave the same.
    let r = attempt(
        "owner@thistle-thread.example",
        "shopdeck-demo",
        "198.51.100.6",
    )
    .await;
    r.assert_problem(429, "rate-limited");
    assert!(r.header("retry-after").is_some());
    for _ in 0..5 {
        attempt("ghost@example.com", "guess-guess-guess", "198.51.100.7").await;
    }
    attempt("ghost@example.com", "guess-guess-guess", "198.51.100.7")
        .await
        .assert_problem(429, "rate-limited");
    // Other accounts are not affected; the pause ends after 15 minutes.
    assert_eq!(
        attempt("owner@maple-pine.example", "shopdeck-demo", "198.51.100.6")
            .await
            .status,
        201
    );
    t.clock.advance(SignedDuration::from_mins(15));
    assert_eq!(
        attempt(
            "owner@thistle-thread.example",
            "shopdeck-demo",
            "198.51.100.6"
        )
        .await
        .status,
        201
    );
}

async fn a_seller_signs_up_in_the_browser(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t
        .client()
        .with_header("accept-language", "fr")
        .with_header("x-forwarded-for", "198.51.100.8");
    let page = c.get("/seller/signup").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Royaume-Uni") || page.text().contains("United Kingdom"));
    // Mistakes come back beside their fields.
    let refusal = fixtures::web::refused(
        &c,
        "/seller/signup",
        &[("portal", "europe"), ("country", "GB"), ("phone", "12")],
    )
    .await;
    assert!(refusal.contains("id=\"phone-error\""));
    let r = c
        .post_form(
            "/seller/signup",
            &[
                ("portal", "europe"),
                ("country", "FR"),
                ("phone", "06 12 34 56 78"),
            ],
        )
        .await;
    assert_eq!(r.header("location"), Some("/seller/signup/verify"));
    let page = c.get("/seller/signup/verify").await.text();
    assert!(page.contains("+33"), "the masked number is shown");
    let code = code_for(&t, "+33612345678").await;
    let sms = last_message(&t, "+33612345678").await.unwrap();
    assert!(sms.body.contains(&code));
    fixtures::web::refused(&c, "/seller/signup/verify", &[("code", "000000")]).await;
    let r = c
        .post_form("/seller/signup/verify", &[("code", &code)])
        .await;
    assert_eq!(r.header("location"), Some("/seller/signup/account"));
    let form = c.get("/seller/signup/account").await.text();
    assert!(form.contains("name=\"display_name\""), "{form}");
    let refusal = fixtures::web::refused(
        &c,
        "/seller/signup/account",
        &[
            ("display_name", "   "),
            ("email", "lea@example.fr"),
            ("password", "un long mot de passe"),
        ],
    )
    .await;
    let form = refusal;
    assert!(form.contains("id=\"display_name-error\""), "{form}");
    assert!(form.contains("aria-invalid=\"true\""), "{form}");
    let r = c
        .post_form(
            "/seller/signup/account",
            &[
                ("display_name", "Léa Martin"),
                ("email", "lea@example.fr"),
                ("password", "un long mot de passe"),
            ],
        )
        .await;
    assert_eq!(r.header("location"), Some("/seller/signup/verify"));
    let code = code_for(&t, "lea@example.fr").await;
    let r = c
        .post_form("/seller/signup/verify", &[("code", &code)])
        .await;
    assert_eq!(r.header("location"), Some("/seller"));
    assert!(c.cookie("sd_session").is_some());
    assert!(c.cookie("sd_signup").is_none());
    let home = c.get("/seller").await;
    assert_eq!(home.status, 200);
    assert!(home.text().contains("EUR"));
    assert!(home.text().contains("Léa Martin"), "greeted by name");
}

async fn messages_are_delivered_by_the_worker_and_listed_for_operators(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    start(&c, "07700 900131").await;
    let msg = last_message(&t, "+447700900131").await.unwrap();
    assert_eq!(msg.status.as_str(), "PENDING");
    let w = WorkerBuilder::new(t.app.clone(), "w1").build();
    assert!(w.run_until_idle().await.unwrap() >= 1);
    let msg = last_message(&t, "+447700900131").await.unwrap();
    assert_eq!(msg.status.as_str(), "SENT");
    assert_eq!(msg.provider.as_deref(), Some("dev-outbox"));
    let ops = t.client();
    fixtures::web::sign_in(&ops, "/ops/login", fixtures::OPS, fixtures::PASSWORD).await;
    let page = ops.get("/ops/outbox").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("+447700900131"));
}

/// The HTTP SMS provider posts `{"to", "text"}` with the bearer token to the gateway, and a
/// gateway failure leaves the message queued for another try.
pub async fn sms_goes_through_the_http_gateway(b: TestBackend) {
    use std::sync::{Arc, Mutex};
    type Received = Arc<Mutex<Vec<(Option<String>, Value)>>>;
    let received: Received = Arc::default();
    let fail = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let gateway = {
        let (received, fail) = (received.clone(), fail.clone());
        axum::Router::new().route(
            "/sms",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
                    let (received, fail) = (received.clone(), fail.clone());
                    async move {
                        if fail.load(std::sync::atomic::Ordering::SeqCst) {
                            return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                        }
                        let auth = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        received.lock().unwrap().push((auth, body));
                        axum::http::StatusCode::ACCEPTED
                    }
                },
            ),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await });

    let t = TestApp::new(b).await;
    let senders = shopdeck_app::notify::Senders {
        sms: std::sync::Arc::new(
            shopdeck_app::notify::HttpSmsGateway::new(&url, Some("gw-secret".into())).unwrap(),
        ),
        ..Default::default()
    };
    let app = t.app.clone().with_senders(senders);
    let c = t.client();
    start(&c, "07700 900401").await;
    let w = WorkerBuilder::new(app.clone(), "w1").build();
    w.run_until_idle().await.unwrap();
    let msg = last_message(&t, "+447700900401").await.unwrap();
    assert_eq!(msg.status.as_str(), "PENDING", "a failed delivery is kept");
    assert!(msg.last_error.unwrap().contains("503"));
    fail.store(false, std::sync::atomic::Ordering::SeqCst);
    t.clock.advance(SignedDuration::from_mins(1));
    w.run_until_idle().await.unwrap();
    let msg = last_message(&t, "+447700900401").await.unwrap();
    assert_eq!(
        (msg.status.as_str(), msg.provider.as_deref()),
        ("SENT", Some("http-sms"))
    );
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0.as_deref(), Some("Bearer gw-secret"));
    assert_eq!(got[0].1["to"], "+447700900401");
    assert!(
        got[0].1["text"]
            .as_str()
            .unwrap()
            .contains(&code_for(&t, "+447700900401").await)
    );
}

/// A minimal SMTP server that keeps what it is sent.
async fn fake_smtp() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let mail: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let store = mail.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 fake ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(d) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(data.take().unwrap_or_default());
                            let _ = w.write_all(b"250 OK queued\r\n").await;
                        } else {
                            d.push_str(&line);
                            d.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-fake\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 end with .\r\n"
                        }
                        "QUIT" => {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (format!("smtp://{addr}"), mail)
}

/// The SMTP provider delivers the password-reset email to a real SMTP conversation.
pub async fn email_goes_through_smtp(b: TestBackend) {
    let (url, mail) = fake_smtp().await;
    let t = TestApp::with_demo(b).await;
    let senders = shopdeck_app::notify::Senders {
        email: std::sync::Arc::new(
            shopdeck_app::notify::SmtpMailer::new(&url, "Shopdeck <no-reply@shop.example>")
                .unwrap(),
        ),
        ..Default::default()
    };
    let app = t.app.clone().with_senders(senders);
    let c = t.client();
    post(
        &c,
        "/api/v1/password-resets",
        json!({"email": "owner@thistle-thread.example"}),
        "198.51.100.40",
    )
    .await;
    WorkerBuilder::new(app, "w1")
        .build()
        .run_until_idle()
        .await
        .unwrap();
    let msg = last_message(&t, "owner@thistle-thread.example")
        .await
        .unwrap();
    assert_eq!(
        (msg.status.as_str(), msg.provider.as_deref()),
        ("SENT", Some("smtp")),
        "{:?}",
        msg.last_error
    );
    let sent = mail.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].contains("To: owner@thistle-thread.example"),
        "{}",
        sent[0]
    );
    assert!(
        sent[0].contains("Subject: Reset your Shopdeck password"),
        "{}",
        sent[0]
    );
}
