//! The HTTP edge: health, readiness, metrics, OpenAPI, and errors for bad requests.

use axum::body::Body;
use axum::http::Method;
use shopdeck_server::http::{HttpSettings, MetricsToken, metrics_router, router};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::get;
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    health_and_readiness_answer,
    metrics_count_requests_by_route,
    metrics_are_not_public_unless_asked_for,
    openapi_document_lists_the_operations,
    unknown_routes_are_404_problems_for_clients_and_pages_for_browsers,
    wrong_method_is_a_405_problem,
    malformed_and_misshapen_json_are_problems,
    oversized_bodies_are_413_problems,
    bad_query_parameters_are_400_problems,
    every_response_has_a_request_id,
    out_of_range_page_sizes_are_refused_not_clamped,
);

async fn health_and_readiness_answer(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let r = c.get("/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "ok");
    let r = c.get("/readyz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "ready");
    // With the database gone, readiness says so (and health still answers).
    t.app.db.close().await;
    let r = c.get("/readyz").await;
    r.assert_problem(503, "unavailable");
    assert_eq!(c.get("/healthz").await.status, 200);
}

const METRICS_TOKEN: &str = "scrape-me-if-you-know-this";

/// The public router with `/metrics` behind a bearer token.
fn with_metrics_token(t: &TestApp) -> TestClient {
    TestClient::new(router(
        t.app.clone(),
        &HttpSettings {
            metrics_token: Some(MetricsToken::new(METRICS_TOKEN)),
            ..HttpSettings::default()
        },
    ))
}

async fn metrics_count_requests_by_route(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = with_metrics_token(&t);
    assert_eq!(c.get("/api/v1/categories").await.status, 200);
    let r = c
        .clone()
        .with_header("authorization", &format!("Bearer {METRICS_TOKEN}"))
        .get("/metrics")
        .await;
    assert_eq!(r.status, 200);
    assert!(r.content_type().starts_with("text/plain"));
    let text = r.text();
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total{")
            && l.contains("route=\"/api/v1/categories\"")
            && l.contains("status=\"200\"")),
        "{text}"
    );
    assert!(text.contains("http_request_duration_seconds_bucket"));
    assert!(text.contains("db_pool_connections{state=\"idle\"}"));
}

async fn metrics_are_not_public_unless_asked_for(b: TestBackend) {
    let t = TestApp::new(b).await;
    // By default the public router does not know `/metrics`.
    assert_eq!(t.client().get("/metrics").await.status, 404);
    // With a token it serves them, to those who send it.
    let c = with_metrics_token(&t);
    let r = c.get("/metrics").await;
    r.assert_problem(401, "unauthenticated");
    assert!(r.header("www-authenticate").is_some());
    for wrong in [
        "Bearer scrape-me-if-you-know-thiz",
        "Bearer ",
        "Basic c2NyYXBlOm1l",
    ] {
        let r = c
            .clone()
            .with_header("authorization", wrong)
            .get("/metrics")
            .await;
        assert_eq!(r.status, 401, "{wrong}");
    }
    let r = c
        .clone()
        .with_header("authorization", &format!("Bearer {METRICS_TOKEN}"))
        .get("/metrics")
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("db_pool_max_connections"));
    // The private address (`metrics_listen`) serves them without a token, or with one when
    // one is configured.
    let private = TestClient::new(metrics_router(t.app.clone(), None));
    assert_eq!(private.get("/metrics").await.status, 200);
    let private = TestClient::new(metrics_router(
        t.app.clone(),
        Some(MetricsToken::new(METRICS_TOKEN)),
    ));
    assert_eq!(private.get("/metrics").await.status, 401);
    assert_eq!(private.get("/healthz").await.status, 404);
}

async fn openapi_document_lists_the_operations(b: TestBackend) {
    let t = TestApp::new(b).await;
    let r = t.client().get("/api/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let mut ops: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        .collect();
    let count = ops.len();
    ops.sort();
    ops.dedup();
    assert_eq!(ops.len(), count, "operation ids are unique");
    for op in [
        "list_categories",
        "create_session",
        "delete_session",
        "get_me",
        "create_signup",
        "verify_signup_phone",
        "verify_signup_email",
        "create_password_reset",
        "get_shop",
        "update_business_details",
        "put_bank_account",
        "upload_document",
        "submit_shop",
        "list_shops_for_review",
        "decide_shop",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} is documented");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

async fn unknown_routes_are_404_problems_for_clients_and_pages_for_browsers(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let api = c
        .request(Method::GET, "/api/v1/no-such-thing", Body::empty(), None)
        .await;
    api.assert_problem(404, "not-found");
    let other = c
        .request(Method::GET, "/nowhere", Body::empty(), None)
        .await;
    other.assert_problem(404, "not-found");
    // A browser asking for HTML gets a page in its language.
    let page = c
        .clone()
        .with_header("accept-language", "fr")
        .get("/nowhere")
        .await;
    assert_eq!(page.status, 404);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.text().contains("Page introuvable") || page.text().contains("lang=\"fr\""));
}

async fn wrong_method_is_a_405_problem(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let r = c
        .request(Method::PUT, "/api/v1/categories", Body::empty(), None)
        .await;
    r.assert_problem(405, "method-not-allowed");
    let r = c
        .request(Method::DELETE, "/healthz", Body::empty(), None)
        .await;
    r.assert_problem(405, "method-not-allowed");
}

async fn malformed_and_misshapen_json_are_problems(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let r = c
        .request(
            Method::POST,
            "/api/v1/sessions",
            Body::from("{not json"),
            Some("application/json"),
        )
        .await;
    r.assert_problem(400, "malformed-json");
    let r = c
        .post_json("/api/v1/sessions", &serde_json::json!({"login": 5}))
        .await;
    r.assert_problem(422, "invalid-body");
    let r = c
        .request(
            Method::POST,
            "/api/v1/sessions",
            Body::from("login=a"),
            Some("text/plain"),
        )
        .await;
    r.assert_problem(415, "unsupported-media-type");
    let r = fixtures::try_login(&c, "", "").await;
    let doc = r.assert_problem(422, "validation-failed");
    let fields = fixtures::error_list(&doc, "field");
    assert_eq!(fields, ["login", "password"]);
}

async fn oversized_bodies_are_413_problems(b: TestBackend) {
    let t = TestApp::new(b).await;
    let big = "x".repeat(3 * 1024 * 1024);
    let r = t
        .client()
        .request(
            Method::POST,
            "/api/v1/sessions",
            Body::from(big),
            Some("application/json"),
        )
        .await;
    r.assert_problem(413, "payload-too-large");
}

async fn bad_query_parameters_are_400_problems(b: TestBackend) {
    let t = TestApp::new(b).await;
    let r = t.client().get("/api/v1/categories?locale=klingon").await;
    let doc = r.assert_problem(400, "invalid-query");
    assert!(doc["detail"].as_str().unwrap().contains("locale"));
}

async fn every_response_has_a_request_id(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let a = c.get("/healthz").await;
    let z = c.get("/no/such/page").await;
    let (a, z) = (
        a.header("x-request-id").unwrap().to_owned(),
        z.header("x-request-id").unwrap().to_owned(),
    );
    assert_eq!(a.len(), 36);
    assert_ne!(a, z);
}

async fn out_of_range_page_sizes_are_refused_not_clamped(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = fixtures::login(&c, fixtures::OWNER, fixtures::PASSWORD).await;
    let (buyer, _) = fixtures::new_buyer(&t, &c, "pager@buyers.example").await;
    // (list, its size parameter, the largest size it serves, the caller)
    let lists = [
        ("/api/v1/categories/search?q=a&", "limit", 100, ""),
        ("/api/v1/storefront/products?", "per_page", 100, ""),
        ("/api/v1/storefront/videos?", "limit", 100, ""),
        ("/api/v1/shop/products?", "limit", 100, owner.as_str()),
        ("/api/v1/shop/videos?", "limit", 100, owner.as_str()),
        ("/api/v1/shop/live?", "limit", 100, owner.as_str()),
        ("/api/v1/shop/orders?", "limit", 100, owner.as_str()),
        ("/api/v1/shop/returns?", "page_size", 50, owner.as_str()),
        ("/api/v1/shop/audit-log?", "limit", 200, owner.as_str()),
        ("/api/v1/buyer/orders?", "limit", 100, buyer.as_str()),
    ];
    for (list, param, max, token) in lists {
        let get = |n: i64| {
            let c = c.clone();
            let path = format!("{list}{param}={n}");
            async move {
                if token.is_empty() {
                    c.get(&path).await
                } else {
                    get(&c, &path, token).await
                }
            }
        };
        assert_eq!(get(max).await.status, 200, "{list}{param}={max}");
        for n in [0, max + 1] {
            let doc = get(n).await.assert_problem(422, "validation-failed");
            assert_eq!(doc["errors"][0]["field"], param, "{list}{param}={n}: {doc}");
            assert_eq!(doc["errors"][0]["code"], "limit-range", "{list}{param}={n}");
        }
    }
    let r = c.get("/api/v1/storefront/products?page=-1").await;
    let doc = r.assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["field"], "page");
}
