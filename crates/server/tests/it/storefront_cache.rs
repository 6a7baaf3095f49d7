//! The storefront cache's freshness rule, as buyers see it: a seller's change shows at once
//! through the process that made it and within a second through another process over the
//! same database; storefront answers carry an `ETag` that a client revalidates for a 304.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use shopdeck_testkit::fixtures::{get_ok, patch, post, product_of, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    a_price_stock_or_status_change_reaches_another_process_within_a_second,
    storefront_answers_are_tagged_and_a_known_tag_is_answered_304,
);

/// The freshness rule's bound.
const FRESH_WITHIN: Duration = Duration::from_secs(1);

/// Reads `path` through `c` until `ok` holds, for at most [`FRESH_WITHIN`]; says how long
/// it took, or fails with the last answer.
async fn eventually(c: &TestClient, path: &str, ok: impl Fn(u16, &Value) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let r = c.get(path).await;
        let body = if r.status == 200 {
            r.json()
        } else {
            Value::Null
        };
        if ok(r.status.as_u16(), &body) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < FRESH_WITHIN,
            "{path} still answers {} {body} after {FRESH_WITHIN:?}",
            r.status
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn sku_price(page: &Value, sku: &str) -> i64 {
    page["skus"]
        .as_array()
        .and_then(|s| s.iter().find(|k| k["id"] == sku))
        .map_or(-1, |k| k["price"]["amount"].as_i64().unwrap_or(-1))
}

fn sku_available(page: &Value, sku: &str) -> i64 {
    page["skus"]
        .as_array()
        .and_then(|s| s.iter().find(|k| k["id"] == sku))
        .map_or(-1, |k| k["available"].as_i64().unwrap_or(-1))
}

fn listed(list: &Value, id: &str) -> bool {
    list["data"]
        .as_array()
        .is_some_and(|d| d.iter().any(|p| p["id"] == id))
}

async fn a_price_stock_or_status_change_reaches_another_process_within_a_second(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let other = TestApp::over(t.db.clone_handle()).await;
    let (c, o) = (t.client(), other.client());
    let (owner, skus) = shop(&c, "FRESH", 5).await;
    let id = product_of(&t, &skus[0]).await;
    let shop = get_ok(&c, "/api/v1/shop", &owner).await;
    let list_path = format!(
        "/api/v1/storefront/products?seller_id={}",
        shop["id"].as_str().unwrap()
    );
    let path = format!("/api/v1/storefront/products/{id}");
    // Both processes have read (and keep) the product and its shop's list.
    let before = o.get(&path).await.json();
    assert_eq!(c.get(&path).await.json(), before);
    let sku = before["skus"][0]["id"].as_str().unwrap().to_owned();
    let price = sku_price(&before, &sku);
    let currency = before["skus"][0]["price"]["currency"].clone();

    // A price: at once here, within a second there.
    let r = patch(
        &c,
        &format!("/api/v1/shop/skus/{sku}"),
        &owner,
        json!({"price": {"amount": price + 100, "currency": currency}}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(sku_price(&c.get(&path).await.json(), &sku), price + 100);
    eventually(&o, &path, |_, p| sku_price(p, &sku) == price + 100).await;

    // Stock.
    let r = post(
        &c,
        &format!("/api/v1/shop/skus/{sku}/stock"),
        &owner,
        json!({"quantity": 3}),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text());
    assert_eq!(sku_available(&c.get(&path).await.json(), &sku), 3);
    eventually(&o, &path, |_, p| sku_available(p, &sku) == 3).await;

    // Status: taken off sale, the product leaves the page and the lists of both.
    assert!(listed(&o.get(&list_path).await.json(), &id));
    let r = post(
        &c,
        "/api/v1/shop/products/actions",
        &owner,
        json!({"action": "deactivate", "product_ids": [id]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(c.get(&path).await.status, 404);
    assert!(!listed(&c.get(&list_path).await.json(), &id));
    eventually(&o, &path, |status, _| status == 404).await;
    eventually(&o, &list_path, |_, l| !listed(l, &id)).await;
}

/// A GET with `If-None-Match`.
async fn revalidate(c: &TestClient, path: &str, tag: &str) -> shopdeck_testkit::TestResponse {
    c.send(
        axum::http::Request::get(path)
            .header("if-none-match", tag)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
}

async fn storefront_answers_are_tagged_and_a_known_tag_is_answered_304(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "TAGS", 5).await;
    let id = product_of(&t, &skus[0]).await;
    for path in [
        "/api/v1/storefront/products".to_owned(),
        format!("/api/v1/storefront/products/{id}"),
        format!("/p/{id}"),
        "/".to_owned(),
    ] {
        let first = c.get(&path).await;
        assert_eq!(first.status, 200, "{path}");
        let tag = first.header("etag").unwrap_or_default().to_owned();
        assert!(tag.starts_with("W/\""), "{path}: {tag:?}");
        let cache = if path.starts_with("/api/") {
            "public, no-cache"
        } else {
            "private, no-cache"
        };
        assert_eq!(first.header("cache-control"), Some(cache), "{path}");
        let again = revalidate(&c, &path, &tag).await;
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty(), "{path}");
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let stale = revalidate(&c, &path, "W/\"0\"").await;
        assert_eq!(stale.status, 200, "{path}");
    }

    // The API's answer is kept as sent, and served again while nothing changed.
    let path = format!("/api/v1/storefront/products/{id}");
    let first = c.get(&path).await;
    let again = c.get(&path).await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("etag"), first.header("etag"));

    // A change gives the answer a new tag: the old one is answered in full.
    let page = c.get(&path).await;
    let tag = page.header("etag").unwrap().to_owned();
    let page = page.json();
    let r = patch(
        &c,
        &format!(
            "/api/v1/shop/skus/{}",
            page["skus"][0]["id"].as_str().unwrap()
        ),
        &owner,
        json!({"price": {"amount": 777, "currency": page["skus"][0]["price"]["currency"]}}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let after = revalidate(&c, &path, &tag).await;
    assert_eq!(after.status, 200);
    assert_eq!(
        after.header("x-cache"),
        None,
        "a change voids the kept answer"
    );
    assert_ne!(after.header("etag"), Some(tag.as_str()));
    assert_eq!(after.json()["skus"][0]["price"]["amount"], 777);
}
