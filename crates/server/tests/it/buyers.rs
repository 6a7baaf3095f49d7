//! Storefront buyers: sign-up by email or phone with a code, log-in and log-out with their own
//! tokens, the address book through the API and the browser, and the demo buyers.

use axum::http::{Method, Request};
use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::location;
use shopdeck_testkit::fixtures::{code_for, last_message};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    buyers_sign_up_by_email_through_the_api,
    buyers_sign_up_by_phone_through_the_api,
    buyers_get_no_account_with_a_wrong_expired_or_missing_code,
    buyers_with_a_known_address_get_the_same_answer,
    buyers_log_in_and_out,
    buyers_failing_to_log_in_repeatedly_are_throttled,
    buyers_sessions_end_when_idle,
    buyers_and_sellers_tokens_are_not_interchangeable,
    buyers_address_book_through_the_api,
    another_buyers_address_is_not_found,
    buyers_sign_up_log_in_and_add_an_address_in_the_browser,
    buyers_account_pages_need_a_sign_in_and_speak_french,
    demo_buyers_sign_in_with_their_addresses,
);

const PASSWORD: &str = "a long good passphrase";

async fn call(
    c: &TestClient,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> TestResponse {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("x-forwarded-for", "203.0.113.7");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    fixtures::send_json(c, req, body).await
}

async fn post(c: &TestClient, path: &str, body: Value) -> TestResponse {
    call(c, Method::POST, path, None, Some(body)).await
}

/// Starts a sign-up and returns its id.
async fn start(c: &TestClient, body: Value) -> String {
    let r = post(c, "/api/v1/buyer/signups", body).await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("sgn_"), "{id}");
    id
}

async fn verify(c: &TestClient, id: &str, code: &str, name: &str) -> TestResponse {
    post(
        c,
        &format!("/api/v1/buyer/signups/{id}/verification"),
        json!({"code": code, "password": PASSWORD, "display_name": name}),
    )
    .await
}

/// A whole sign-up by email; returns the buyer's token.
async fn sign_up_by_email(t: &TestApp, email: &str, name: &str) -> String {
    let c = t.client();
    let id = start(&c, json!({"email": email})).await;
    let r = verify(&c, &id, &code_for(t, &email.to_lowercase()).await, name).await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

async fn me(c: &TestClient, token: &str) -> TestResponse {
    call(c, Method::GET, "/api/v1/buyer/me", Some(token), None).await
}

async fn log_in(c: &TestClient, login: &str, password: &str) -> TestResponse {
    post(
        c,
        "/api/v1/buyer/sessions",
        json!({"login": login, "password": password}),
    )
    .await
}

fn error_fields(problem: &Value) -> Vec<String> {
    fixtures::error_list(problem, "field")
}

async fn buyers_sign_up_by_email_through_the_api(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let r = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"email": "Ana.Ruiz@Example.com"}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let started = r.json();
    assert_eq!(started["channel"], "email");
    assert_eq!(started["sent_to"], "a•••@example.com");
    let id = started["id"].as_str().unwrap();
    // The code arrives by email, in the outbox.
    let mail = last_message(&t, "ana.ruiz@example.com").await.unwrap();
    assert_eq!(mail.channel, "email");
    let code = code_for(&t, "ana.ruiz@example.com").await;

    let r = verify(&c, id, &code, "  Ana   Ruiz ").await;
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    let token = created["token"].as_str().unwrap();
    assert!(token.starts_with("sdb_") && token.len() == 68, "{token}");
    assert_eq!(created["buyer"]["display_name"], "Ana Ruiz");
    assert_eq!(created["buyer"]["email"], "ana.ruiz@example.com");
    assert_eq!(created["buyer"]["phone"], Value::Null);

    let r = me(&c, token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["id"], created["buyer"]["id"]);
    assert!(r.json()["id"].as_str().unwrap().starts_with("byr_"));
    assert_eq!(r.json()["locale"], "en");

    // The code is spent: the same sign-up cannot make a second account.
    verify(&c, id, &code, "Ana")
        .await
        .assert_problem(422, "validation-failed");
    // The new account logs in, whatever the case of the address.
    let r = log_in(&c, "ANA.RUIZ@example.com", PASSWORD).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["buyer"]["display_name"], "Ana Ruiz");
}

async fn buyers_sign_up_by_phone_through_the_api(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    // A national number needs its country; the error names the field.
    let r = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"phone": "06 12 34 56 78"}),
    )
    .await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "country");
    assert_eq!(p["errors"][0]["code"], "country-required");
    // A number that is not French for France names the phone.
    let r = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"phone": "+44 7700 900123", "country": "FR"}),
    )
    .await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "phone");
    assert_eq!(p["errors"][0]["code"], "phone-invalid");

    let r = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"phone": "06 12 34 56 78", "country": "FR", "locale": "fr"}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["channel"], "sms");
    assert!(r.json()["sent_to"].as_str().unwrap().ends_with("5678"));
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let sms = last_message(&t, "+33612345678").await.unwrap();
    assert_eq!(sms.channel, "sms");
    assert!(
        sms.body.starts_with("Code Shopdeck"),
        "in French: {}",
        sms.body
    );

    let r = verify(&c, &id, &code_for(&t, "+33612345678").await, "Léa").await;
    assert_eq!(r.status, 201, "{}", r.text());
    let buyer = &r.json()["buyer"];
    assert_eq!(buyer["phone"], "+33612345678");
    assert_eq!(buyer["email"], Value::Null);
    assert_eq!(buyer["locale"], "fr");
    // The number logs in in international and in national form.
    for login in ["+33 6 12 34 56 78", "06 12 34 56 78", "0033612345678"] {
        let r = log_in(&c, login, PASSWORD).await;
        assert_eq!(r.status, 201, "{login}: {}", r.text());
        assert_eq!(r.json()["buyer"]["display_name"], "Léa");
    }
    // International form needs no country.
    let r = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"phone": "+1 212 555 0142"}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert!(last_message(&t, "+12125550142").await.is_some());
}

async fn buyers_get_no_account_with_a_wrong_expired_or_missing_code(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let id = start(&c, json!({"email": "kai@example.com"})).await;
    let real = code_for(&t, "kai@example.com").await;
    let wrong = if real == "000000" { "111111" } else { "000000" };

    // Every field at fault is named at once, and nothing is spent.
    let r = post(
        &c,
        &format!("/api/v1/buyer/signups/{id}/verification"),
        json!({"code": "", "password": "short", "display_name": " "}),
    )
    .await;
    let p = r.assert_problem(422, "validation-failed");
    let mut fields = error_fields(&p);
    fields.sort();
    assert_eq!(fields, ["code", "display_name", "password"]);

    let r = verify(&c, &id, wrong, "Kai").await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "code");
    assert_eq!(p["errors"][0]["code"], "code-wrong");

    // Ten minutes later the right code has expired.
    t.clock.advance(SignedDuration::from_mins(11));
    let r = verify(&c, &id, &real, "Kai").await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "code-expired"
    );
    // A new code works.
    let r = post(&c, &format!("/api/v1/buyer/signups/{id}/code"), json!({})).await;
    assert_eq!(r.status, 202, "{}", r.text());
    // ...but not another within the minute.
    post(&c, &format!("/api/v1/buyer/signups/{id}/code"), json!({}))
        .await
        .assert_problem(429, "rate-limited");
    let fresh = code_for(&t, "kai@example.com").await;
    let r = verify(&c, &id, &fresh, "Kai").await;
    assert_eq!(r.status, 201, "{}", r.text());

    // An unknown or malformed sign-up id.
    let r = verify(&c, "sgn_0193a0000000700080000000000000ff", &fresh, "Kai").await;
    r.assert_problem(404, "not-found");
    let r = verify(&c, "nope", &fresh, "Kai").await;
    r.assert_problem(400, "invalid-path");
    // A day later a sign-up is gone.
    let id = start(&c, json!({"email": "late@example.com"})).await;
    let code = code_for(&t, "late@example.com").await;
    t.clock.advance(SignedDuration::from_hours(25));
    verify(&c, &id, &code, "Late")
        .await
        .assert_problem(404, "not-found");
}

async fn buyers_with_a_known_address_get_the_same_answer(b: TestBackend) {
    let t = TestApp::new(b).await;
    sign_up_by_email(&t, "mo@example.com", "Mo").await;
    let c = t.client();
    let again = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"email": "MO@example.com"}),
    )
    .await;
    let fresh = post(
        &c,
        "/api/v1/buyer/signups",
        json!({"email": "new@example.com"}),
    )
    .await;
    assert_eq!(again.status, 202);
    assert_eq!(again.status, fresh.status);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&again.json()), keys(&fresh.json()));
    assert_eq!(again.json()["channel"], fresh.json()["channel"]);
    assert_eq!(again.json()["sent_to"], "m•••@example.com");

    // The owner is told instead of getting a code, and no code works.
    let notice = last_message(&t, "mo@example.com").await.unwrap();
    assert!(notice.body.contains("already has one"), "{}", notice.body);
    assert!(
        !notice
            .body
            .split(|ch: char| !ch.is_ascii_digit())
            .any(|w| w.len() == 6),
        "no code in {}",
        notice.body
    );
    let id = again.json()["id"].as_str().unwrap().to_owned();
    let guess = code_for(&t, "new@example.com").await;
    let r = verify(&c, &id, &guess, "Mallory").await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["code"],
        "code-wrong"
    );
    // The original account is untouched.
    assert_eq!(log_in(&c, "mo@example.com", PASSWORD).await.status, 201);
}

async fn buyers_log_in_and_out(b: TestBackend) {
    let t = TestApp::new(b).await;
    sign_up_by_email(&t, "lin@example.com", "Lin").await;
    let c = t.client();
    // Missing fields are named; wrong passwords and unknown logins get the same answer.
    let r = log_in(&c, "", "").await;
    let mut fields = error_fields(&r.assert_problem(422, "validation-failed"));
    fields.sort();
    assert_eq!(fields, ["login", "password"]);
    let wrong = log_in(&c, "lin@example.com", "not the passphrase").await;
    wrong.assert_problem(401, "bad-credentials");
    let unknown = log_in(&c, "nobody@example.com", PASSWORD).await;
    unknown.assert_problem(401, "bad-credentials");
    assert_eq!(wrong.json()["detail"], unknown.json()["detail"]);

    let r = log_in(&c, "lin@example.com", PASSWORD).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(me(&c, &token).await.status, 200);
    let r = call(
        &c,
        Method::DELETE,
        "/api/v1/buyer/sessions/current",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = me(&c, &token).await;
    r.assert_problem(401, "unauthenticated");
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer realm=\"shopdeck\"")
    );
    // No header, or a made-up token, is a 401 too.
    call(&c, Method::GET, "/api/v1/buyer/me", None, None)
        .await
        .assert_problem(401, "unauthenticated");
    me(&c, &format!("sdb_{}", "0".repeat(64)))
        .await
        .assert_problem(401, "unauthenticated");
}

async fn buyers_failing_to_log_in_repeatedly_are_throttled(b: TestBackend) {
    let t = TestApp::new(b).await;
    sign_up_by_email(&t, "zoe@example.com", "Zoe").await;
    let c = t.client();
    for _ in 0..5 {
        log_in(&c, "zoe@example.com", "wrong wrong wrong")
            .await
            .assert_problem(401, "bad-credentials");
    }
    // Even the right password waits now.
    let r = log_in(&c, "zoe@example.com", PASSWORD).await;
    r.assert_problem(429, "rate-limited");
    assert!(r.header("retry-after").is_some());
    t.clock.advance(SignedDuration::from_mins(16));
    assert_eq!(log_in(&c, "zoe@example.com", PASSWORD).await.status, 201);
}

async fn buyers_sessions_end_when_idle(b: TestBackend) {
    let t = TestApp::new(b).await;
    let token = sign_up_by_email(&t, "ivy@example.com", "Ivy").await;
    let c = t.client();
    t.clock.advance(SignedDuration::from_mins(90));
    assert_eq!(me(&c, &token).await.status, 200, "still in use");
    t.clock.advance(SignedDuration::from_mins(90));
    assert_eq!(me(&c, &token).await.status, 200, "use keeps it alive");
    t.clock.advance(SignedDuration::from_hours(3));
    me(&c, &token).await.assert_problem(401, "unauthenticated");
}

async fn buyers_and_sellers_tokens_are_not_interchangeable(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let r = fixtures::try_login(&c, fixtures::OWNER, fixtures::PASSWORD).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let seller = r.json()["token"].as_str().unwrap().to_owned();
    let buyer = sign_up_by_email(&t, "sam@example.com", "Sam").await;

    // Each works at its own door...
    assert_eq!(
        call(&c, Method::GET, "/api/v1/me", Some(&seller), None)
            .await
            .status,
        200
    );
    assert_eq!(me(&c, &buyer).await.status, 200);
    // ...and neither at the other's.
    me(&c, &seller).await.assert_problem(401, "unauthenticated");
    call(
        &c,
        Method::GET,
        "/api/v1/buyer/addresses",
        Some(&seller),
        None,
    )
    .await
    .assert_problem(401, "unauthenticated");
    call(&c, Method::GET, "/api/v1/me", Some(&buyer), None)
        .await
        .assert_problem(401, "unauthenticated");
    call(&c, Method::GET, "/api/v1/shop", Some(&buyer), None)
        .await
        .assert_problem(401, "unauthenticated");
    // The buyer prefix on a seller's secret does not open a buyer session either.
    me(&c, &format!("sdb_{seller}"))
        .await
        .assert_problem(401, "unauthenticated");
    // An API token of a shop is no buyer.
    let r = call(
        &c,
        Method::POST,
        "/api/v1/shop/tokens",
        Some(&seller),
        Some(json!({"name": "integration", "scopes": {"products": "view"}})),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let api_token = r.json()["secret"].as_str().unwrap().to_owned();
    assert!(api_token.starts_with("sdk_"));
    me(&c, &api_token)
        .await
        .assert_problem(401, "unauthenticated");

    // In the browser, a buyer's cookie is not a seller's session, nor the other way round.
    let web = t.client();
    web.set_cookie("sd_session", &buyer);
    assert_eq!(web.get("/seller").await.status, 303);
    let web = t.client();
    web.set_cookie("sd_buyer", &seller);
    let r = web.get("/account").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/account/login?next=/account"));
}

fn us_address() -> Value {
    json!({
        "recipient_name": "Ana Ruiz",
        "phone": "(212) 555-0142",
        "country": "US",
        "region": "  NY ",
        "city": "New York",
        "postal_code": "10013",
        "line1": "120 Hudson Street",
        "line2": "Apt 5",
    })
}

async fn buyers_address_book_through_the_api(b: TestBackend) {
    let t = TestApp::new(b).await;
    let token = sign_up_by_email(&t, "ana@example.com", "Ana").await;
    let c = t.client();
    let tok = Some(token.as_str());
    let list = |c: TestClient, token: String| async move {
        let r = call(
            &c,
            Method::GET,
            "/api/v1/buyer/addresses",
            Some(&token),
            None,
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["data"].as_array().unwrap().clone()
    };
    assert!(list(c.clone(), token.clone()).await.is_empty());

    // Everything missing for a US address is named.
    let r = call(
        &c,
        Method::POST,
        "/api/v1/buyer/addresses",
        tok,
        Some(json!({"country": "US"})),
    )
    .await;
    let mut fields = error_fields(&r.assert_problem(422, "validation-failed"));
    fields.sort();
    assert_eq!(
        fields,
        [
            "city",
            "line1",
            "phone",
            "postal_code",
            "recipient_name",
            "region"
        ]
    );
    // A phone of another country, an unknown country, a malformed ZIP code.
    let mut bad = us_address();
    bad["phone"] = json!("+33 6 12 34 56 78");
    bad["postal_code"] = json!("1001");
    let r = call(&c, Method::POST, "/api/v1/buyer/addresses", tok, Some(bad)).await;
    let p = r.assert_problem(422, "validation-failed");
    let mut fields = error_fields(&p);
    fields.sort();
    assert_eq!(fields, ["phone", "postal_code"]);
    let mut bad = us_address();
    bad["country"] = json!("XX");
    let r = call(&c, Method::POST, "/api/v1/buyer/addresses", tok, Some(bad)).await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "country");
    assert_eq!(p["errors"][0]["code"], "country-invalid");
    // A body of the wrong shape is not a 500.
    call(
        &c,
        Method::POST,
        "/api/v1/buyer/addresses",
        tok,
        Some(json!({"country": 12})),
    )
    .await
    .assert_problem(422, "invalid-body");

    // The first address is the default; values are normalised.
    let r = call(
        &c,
        Method::POST,
        "/api/v1/buyer/addresses",
        tok,
        Some(us_address()),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let home = r.json();
    assert!(home["id"].as_str().unwrap().starts_with("adr_"));
    assert_eq!(home["is_default"], true);
    assert_eq!(home["phone"], "+12125550142");
    assert_eq!(home["region"], "NY");
    let home_id = home["id"].as_str().unwrap().to_owned();

    let r = call(
        &c,
        Method::POST,
        "/api/v1/buyer/addresses",
        tok,
        Some(json!({
            "recipient_name": "Ana Ruiz", "phone": "06 12 34 56 78", "country": "fr",
            "city": "Paris", "postal_code": "75004", "line1": "8 rue de Rivoli",
        })),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let paris = r.json();
    assert_eq!(paris["is_default"], false);
    assert_eq!(paris["country"], "FR");
    assert_eq!(paris["region"], Value::Null);
    assert_eq!(paris["line2"], Value::Null);
    let paris_id = paris["id"].as_str().unwrap().to_owned();
    let all = list(c.clone(), token.clone()).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], home_id.as_str(), "the default comes first");

    // A change is checked as a whole: the ZIP code must still fit the country.
    let path = format!("/api/v1/buyer/addresses/{home_id}");
    let r = call(
        &c,
        Method::PATCH,
        &path,
        tok,
        Some(json!({"postal_code": "ABC"})),
    )
    .await;
    let p = r.assert_problem(422, "validation-failed");
    assert_eq!(p["errors"][0]["field"], "postal_code");
    assert_eq!(p["errors"][0]["code"], "postal-code-invalid");
    let r = call(
        &c,
        Method::PATCH,
        &path,
        tok,
        Some(json!({"line2": null, "city": "Brooklyn", "postal_code": "11201"})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["city"], "Brooklyn");
    assert_eq!(r.json()["line2"], Value::Null);
    assert_eq!(r.json()["line1"], "120 Hudson Street", "untouched");
    // Clearing a required field is named.
    let r = call(&c, Method::PATCH, &path, tok, Some(json!({"region": ""}))).await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "region"
    );

    // Another default.
    let r = call(
        &c,
        Method::POST,
        &format!("/api/v1/buyer/addresses/{paris_id}/default"),
        tok,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["is_default"], true);
    let all = list(c.clone(), token.clone()).await;
    assert_eq!(all[0]["id"], paris_id.as_str());
    assert_eq!(all[1]["is_default"], false);

    // Deleting the default makes the other one the default.
    let r = call(
        &c,
        Method::DELETE,
        &format!("/api/v1/buyer/addresses/{paris_id}"),
        tok,
        None,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let all = list(c.clone(), token.clone()).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["id"], home_id.as_str());
    assert_eq!(all[0]["is_default"], true);
    call(
        &c,
        Method::DELETE,
        &format!("/api/v1/buyer/addresses/{paris_id}"),
        tok,
        None,
    )
    .await
    .assert_problem(404, "not-found");
    call(
        &c,
        Method::DELETE,
        "/api/v1/buyer/addresses/prd_nope",
        tok,
        None,
    )
    .await
    .assert_problem(400, "invalid-path");

    // The checkout reads it on its own transaction; another buyer cannot.
    let buyer_id: shopdeck_domain::ids::BuyerId = me(&c, &token).await.json()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let address_id: shopdeck_domain::ids::AddressId = home_id.parse().unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let row = shopdeck_app::buyers::address_for_checkout(&t.app, &mut conn, buyer_id, address_id)
        .await
        .unwrap();
    assert_eq!(row.city, "Brooklyn");
    assert_eq!(row.region.as_deref(), Some("NY"));
}

async fn another_buyers_address_is_not_found(b: TestBackend) {
    let t = TestApp::new(b).await;
    let ana = sign_up_by_email(&t, "ana@example.com", "Ana").await;
    let ben = sign_up_by_email(&t, "ben@example.com", "Ben").await;
    let c = t.client();
    let r = call(
        &c,
        Method::POST,
        "/api/v1/buyer/addresses",
        Some(&ana),
        Some(us_address()),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();

    let path = format!("/api/v1/buyer/addresses/{id}");
    call(
        &c,
        Method::PATCH,
        &path,
        Some(&ben),
        Some(json!({"city": "Boston"})),
    )
    .await
    .assert_problem(404, "not-found");
    call(&c, Method::DELETE, &path, Some(&ben), None)
        .await
        .assert_problem(404, "not-found");
    call(
        &c,
        Method::POST,
        &format!("{path}/default"),
        Some(&ben),
        None,
    )
    .await
    .assert_problem(404, "not-found");
    let r = call(&c, Method::GET, "/api/v1/buyer/addresses", Some(&ben), None).await;
    assert!(r.json()["data"].as_array().unwrap().is_empty());
    // Ana's address is as it was, and checkout cannot use it for Ben.
    let r = call(&c, Method::GET, "/api/v1/buyer/addresses", Some(&ana), None).await;
    assert_eq!(r.json()["data"][0]["city"], "New York");
    let ben_id: shopdeck_domain::ids::BuyerId = me(&c, &ben).await.json()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let err =
        shopdeck_app::buyers::address_for_checkout(&t.app, &mut conn, ben_id, id.parse().unwrap())
            .await
            .unwrap_err();
    assert!(
        matches!(err, shopdeck_app::AppError::NotFound(_)),
        "{err:?}"
    );
    // In the browser too.
    let web = t.client();
    web.set_cookie("sd_buyer", &ben);
    assert_eq!(
        web.get(&format!("/account/addresses/{id}")).await.status,
        404
    );
}

async fn buyers_sign_up_log_in_and_add_an_address_in_the_browser(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    // The storefront offers to sign in.
    let home = c.get("/").await.text();
    assert!(home.contains("href=\"/account/login?next=/\""), "{home}");
    assert!(home.contains("href=\"/cart\""));

    let r = c.get("/account/signup").await;
    assert_eq!(r.status, 200);
    // A national number without its country: the message is beside the country field.
    let html = fixtures::web::refused(
        &c,
        "/account/signup",
        &[("contact", "06 12 34 56 78"), ("country", "")],
    )
    .await;
    assert!(html.contains("id=\"country-error\""), "{html}");
    assert!(html.contains("Choose the country of this number"), "{html}");

    let r = fixtures::web::submitted(
        &c,
        "/account/signup",
        &[("contact", "06 12 34 56 78"), ("country", "FR")],
    )
    .await;
    assert_eq!(location(&r), "/account/signup/verify");
    let page = c.get("/account/signup/verify").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("5678"), "the number is named");

    // A wrong code is shown beside the code field, the name is kept.
    let code = code_for(&t, "+33612345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let html = fixtures::web::refused(
        &c,
        "/account/signup/verify",
        &[
            ("code", wrong),
            ("display_name", "Léa"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert!(html.contains("id=\"code-error\""), "{html}");
    assert!(html.contains("This code is wrong"), "{html}");
    assert!(html.contains("value=\"Léa\""));

    let r = fixtures::web::submitted(
        &c,
        "/account/signup/verify",
        &[
            ("code", &code),
            ("display_name", "Léa"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(&r), "/account?notice=welcome");
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("sd_buyer="))
        .unwrap();
    assert!(cookie.starts_with("sd_buyer=sdb_"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not over plain HTTP");
    assert!(c.cookie("sd_session").is_none(), "no seller session");

    let account = c.get("/account?notice=welcome").await;
    assert_eq!(account.status, 200);
    let html = account.text();
    assert!(html.contains("Hello, Léa"), "{html}");
    assert!(html.contains("Your account is ready"), "{html}");
    assert!(html.contains("+33612345678"));
    assert!(html.contains("href=\"/account/orders\""));
    assert!(html.contains("href=\"/account/addresses\""));
    // The header names the buyer instead of "Sign in".
    assert!(!html.contains("/account/login?next="), "{html}");

    // Log out, and back in by phone.
    let r = fixtures::web::submitted(&c, "/account/logout", &[]).await;
    assert_eq!(location(&r), "/");
    assert!(c.cookie("sd_buyer").is_none());
    let r = c.get("/account/addresses").await;
    assert_eq!(r.status, 303);
    assert_eq!(location(&r), "/account/login?next=/account/addresses");
    assert_eq!(
        c.get("/account/login?next=/account/addresses").await.status,
        200
    );
    let r = c
        .post_form(
            "/account/login",
            &[
                ("login", "06 12 34 56 78"),
                ("password", "wrong password here"),
                ("next", "/account/addresses"),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(r.text().contains("The login or password is wrong"));
    let r = fixtures::web::submitted(
        &c,
        "/account/login",
        &[
            ("login", "06 12 34 56 78"),
            ("password", PASSWORD),
            ("next", "/account/addresses"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/account/addresses");
    let html = c.get("/account/addresses").await.text();
    assert!(html.contains("You have not saved an address yet"), "{html}");

    // A form with nothing in it: messages beside the fields.
    assert_eq!(c.get("/account/addresses/new").await.status, 200);
    let html = fixtures::web::refused(
        &c,
        "/account/addresses",
        &[("country", "FR"), ("city", "Lyon")],
    )
    .await;
    for f in ["recipient_name", "line1", "phone", "postal_code"] {
        assert!(html.contains(&format!("id=\"{f}-error\"")), "{f}: {html}");
    }
    assert!(!html.contains("id=\"region-error\""), "no region in France");
    assert!(html.contains("value=\"Lyon\""), "typed values stay");

    let r = fixtures::web::submitted(
        &c,
        "/account/addresses",
        &[
            ("recipient_name", "Léa Dubois"),
            ("phone", "06 12 34 56 78"),
            ("country", "FR"),
            ("city", "Lyon"),
            ("postal_code", "69002"),
            ("line1", "12 rue de la République"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/account/addresses?notice=saved");
    let html = c.get("/account/addresses?notice=saved").await.text();
    assert!(html.contains("Address saved."));
    assert!(html.contains("12 rue de la République"));
    assert!(html.contains("Default address"));
    let start = html.find("href=\"/account/addresses/adr_").unwrap() + "href=\"".len();
    let href = &html[start..start + "/account/addresses/".len() + 36];

    // Edit it, then add a second one and make it the default, then delete it.
    let form = c.get(href).await;
    assert_eq!(form.status, 200);
    assert!(form.text().contains("value=\"69002\""));
    let fields = [
        ("recipient_name", "Léa Dubois"),
        ("phone", "+33 6 12 34 56 78"),
        ("country", "FR"),
        ("city", "Lyon"),
        ("postal_code", "69003"),
        ("line1", "12 rue de la République"),
        ("line2", "3e étage"),
    ];
    fixtures::web::submitted(&c, href, &fields).await;
    fixtures::web::submitted(
        &c,
        "/account/addresses",
        &[
            ("recipient_name", "Léa Dubois"),
            ("phone", "(212) 555-0142"),
            ("country", "US"),
            ("region", "NY"),
            ("city", "New York"),
            ("postal_code", "10013"),
            ("line1", "120 Hudson Street"),
        ],
    )
    .await;
    let html = c.get("/account/addresses").await.text();
    assert!(html.contains("69003") && html.contains("3e étage"));
    // Only the address that is not the default offers to become it.
    let actions: Vec<&str> = html
        .split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|a| a.ends_with("/default"))
        .collect();
    assert_eq!(actions.len(), 1, "{html}");
    let make_default = actions[0].to_owned();
    assert_eq!(c.post_form(&make_default, &[]).await.status, 303);
    let html = c.get("/account/addresses").await.text();
    let default_at = html.find("Default address").unwrap();
    assert!(
        html[default_at..].find("New York") < html[default_at..].find("Lyon"),
        "the new default comes first"
    );
    let delete = make_default.replace("/default", "/delete");
    assert_eq!(c.post_form(&delete, &[]).await.status, 303);
    let html = c.get("/account/addresses?notice=deleted").await.text();
    assert!(html.contains("Address deleted."));
    assert!(!html.contains("New York"));
    assert!(html.contains("Lyon") && html.contains("Default address"));
    // Without the CSRF token, nothing happens.
    let r = c.post_form_raw(&delete, &[]).await;
    assert_eq!(r.status, 403);
}

async fn buyers_account_pages_need_a_sign_in_and_speak_french(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    for path in ["/account", "/account/addresses", "/account/addresses/new"] {
        let r = c.get(path).await;
        assert_eq!(r.status, 303, "{path}");
        assert!(
            location(&r).starts_with("/account/login?next=/account"),
            "{path}"
        );
    }
    // A malformed address id is a 404 page, not a 500.
    let token = sign_up_by_email(&t, "fr@example.com", "Chloé").await;
    c.set_cookie("sd_buyer", &token);
    assert_eq!(c.get("/account/addresses/nope").await.status, 404);

    let fr = t.client().with_header("accept-language", "fr-FR,fr;q=0.9");
    let html = fr.get("/account/signup").await.text();
    assert!(html.contains("<html lang=\"fr\""), "{html}");
    assert!(html.contains("Créez votre compte"), "{html}");
    let html = fr.get("/account/login").await.text();
    assert!(html.contains("Connexion"), "{html}");
    let html =
        fixtures::web::refused(&fr, "/account/signup", &[("contact", "pas un e-mail@")]).await;
    assert!(html.contains("id=\"contact-error\""), "{html}");
    assert!(
        html.contains("Saisissez une adresse e-mail valide."),
        "{html}"
    );
    let ar = t.client().with_header("accept-language", "ar");
    let html = ar.get("/account/signup").await.text();
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("أنشئ حسابك"), "{html}");
}

async fn demo_buyers_sign_in_with_their_addresses(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    assert_eq!(shopdeck_app::demo::load_buyers(&t.app).await.unwrap(), 2);
    assert_eq!(
        shopdeck_app::demo::load_buyers(&t.app).await.unwrap(),
        0,
        "loaded once"
    );
    let c = t.client();
    let logins = shopdeck_app::demo::buyer_logins();
    assert_eq!(logins.len(), 2);
    let mut countries = Vec::new();
    for l in logins {
        let r = log_in(&c, l.email, shopdeck_app::demo::DEMO_PASSWORD).await;
        assert_eq!(r.status, 201, "{}: {}", l.email, r.text());
        let token = r.json()["token"].as_str().unwrap().to_owned();
        let r = call(
            &c,
            Method::GET,
            "/api/v1/buyer/addresses",
            Some(&token),
            None,
        )
        .await;
        let data = r.json()["data"].as_array().unwrap().clone();
        assert_eq!(data.len(), 1);
        assert_eq!(data[0]["is_default"], true);
        countries.push((data[0]["country"].clone(), data[0]["region"].clone()));
    }
    assert_eq!(
        countries,
        [(json!("US"), json!("CA")), (json!("FR"), Value::Null)]
    );
    // The demo buyers are not seller accounts.
    let r = fixtures::try_login(
        &c,
        shopdeck_app::demo::BUYER_EMAIL,
        shopdeck_app::demo::DEMO_PASSWORD,
    )
    .await;
    r.assert_problem(401, "bad-credentials");
}
