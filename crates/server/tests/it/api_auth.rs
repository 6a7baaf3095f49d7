//! API sessions: log in for a bearer token, use it, log out.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    login_returns_a_token_that_identifies_the_user,
    wrong_password_and_unknown_login_look_the_same,
    requests_without_a_valid_token_are_401_with_www_authenticate,
    logout_ends_the_session,
    sessions_expire_when_idle,
    idempotency_key_replays_the_first_answer,
    idempotency_key_for_another_request_is_refused,
);

async fn get_with_token(c: &TestClient, path: &str, token: &str) -> shopdeck_testkit::TestResponse {
    c.send(
        Request::get(path)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn login_returns_a_token_that_identifies_the_user(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let token = fixtures::login(&c, "Owner@Sakura-Stationery.example", fixtures::PASSWORD).await;
    let me = get_with_token(&c, "/api/v1/me", &token).await;
    assert_eq!(me.status, 200);
    let me = me.json();
    assert_eq!(me["email"], "owner@sakura-stationery.example");
    assert_eq!(me["is_operator"], false);
    assert_eq!(me["current_shop"]["store_name"], "Sakura Stationery");
    assert_eq!(me["current_shop"]["currency"], "JPY");
    assert_eq!(me["current_shop"]["role"], "OWNER");
    assert!(me["id"].as_str().unwrap().starts_with("usr_"));
    assert!(
        me["current_shop"]["id"]
            .as_str()
            .unwrap()
            .starts_with("sel_")
    );
}

async fn wrong_password_and_unknown_login_look_the_same(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let wrong = fixtures::try_login(&c, fixtures::OPS, "not-the-password").await;
    let unknown = fixtures::try_login(&c, "nobody@example.com", "not-the-password").await;
    let a = wrong.assert_problem(401, "bad-credentials");
    let z = unknown.assert_problem(401, "bad-credentials");
    assert_eq!(a, z);
}

async fn requests_without_a_valid_token_are_401_with_www_authenticate(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let none = c
        .request(Method::GET, "/api/v1/me", Body::empty(), None)
        .await;
    none.assert_problem(401, "unauthenticated");
    assert!(
        none.header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    let bogus = get_with_token(&c, "/api/v1/me", &"ab".repeat(32)).await;
    bogus.assert_problem(401, "unauthenticated");
    let malformed = get_with_token(&c, "/api/v1/me", "short").await;
    malformed.assert_problem(401, "unauthenticated");
}

async fn logout_ends_the_session(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let token = fixtures::login(&c, "ops@shopdeck.example", fixtures::PASSWORD).await;
    let r = c
        .send(
            Request::delete("/api/v1/sessions/current")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 204);
    get_with_token(&c, "/api/v1/me", &token)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn sessions_expire_when_idle(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let token = fixtures::login(&c, "ops@shopdeck.example", fixtures::PASSWORD).await;
    // Activity keeps it alive...
    t.clock.advance(jiff::SignedDuration::from_mins(90));
    assert_eq!(get_with_token(&c, "/api/v1/me", &token).await.status, 200);
    t.clock.advance(jiff::SignedDuration::from_mins(90));
    assert_eq!(get_with_token(&c, "/api/v1/me", &token).await.status, 200);
    // ...two idle hours end it.
    t.clock.advance(jiff::SignedDuration::from_mins(121));
    get_with_token(&c, "/api/v1/me", &token)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn post_with_key(
    c: &TestClient,
    key: &str,
    body: &serde_json::Value,
) -> shopdeck_testkit::TestResponse {
    c.send(
        Request::post("/api/v1/sessions")
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn idempotency_key_replays_the_first_answer(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let body = json!({"login": "ops@shopdeck.example", "password": "shopdeck-demo"});
    let first = post_with_key(&c, "3f1c2a9e-login-1", &body).await;
    let again = post_with_key(&c, "3f1c2a9e-login-1", &body).await;
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201);
    assert_eq!(
        first.json()["token"],
        again.json()["token"],
        "the same answer, not a second session"
    );
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert_eq!(first.header("idempotency-replayed"), None);
    let mut conn = t.app.db.conn().await.unwrap();
    assert_eq!(
        shopdeck_store::sessions::count_sessions(&mut conn)
            .await
            .unwrap(),
        1
    );
    // Another key does the work again.
    let other = post_with_key(&c, "3f1c2a9e-login-2", &body).await;
    assert_ne!(other.json()["token"], first.json()["token"]);
    // After a day the key is forgotten.
    t.clock.advance(jiff::SignedDuration::from_hours(25));
    let late = post_with_key(&c, "3f1c2a9e-login-1", &body).await;
    assert_eq!(late.header("idempotency-replayed"), None);
}

async fn idempotency_key_for_another_request_is_refused(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let first = post_with_key(
        &c,
        "k-1",
        &json!({"login": "ops@shopdeck.example", "password": "shopdeck-demo"}),
    )
    .await;
    assert_eq!(first.status, 201);
    post_with_key(
        &c,
        "k-1",
        &json!({"login": "owner@maple-pine.example", "password": "shopdeck-demo"}),
    )
    .await
    .assert_problem(422, "idempotency-key-reused");
    post_with_key(&c, &"x".repeat(256), &json!({}))
        .await
        .assert_problem(400, "invalid-idempotency-key");
    post_with_key(&c, "schlüssel", &json!({}))
        .await
        .assert_problem(400, "invalid-idempotency-key");
}
