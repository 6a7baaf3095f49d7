//! Defects found by probing from outside, each reproduced: a checkout retried after the
//! server was killed, leases of a killed process, forged sandbox payments, control characters,
//! log-in lock-out by strangers, and a SKU patch outside the shop.

use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use shopdeck_domain::jobs::JobStatus;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{login, patch, post};
use shopdeck_testkit::{TestApp, TestBackend, TestResponse};

use crate::processes::{Server, start_with};
use crate::support::db_tests;

db_tests!(
    a_checkout_retried_after_the_server_was_killed_is_placed_once,
    a_restarted_instance_takes_over_the_jobs_its_killed_predecessor_held,
    the_sandbox_secret_is_generated_shared_and_never_the_example,
    a_forged_callback_is_refused_without_asking_for_a_bearer_token,
    control_characters_are_refused_where_text_enters,
    strangers_failing_cannot_lock_the_owner_out_and_doors_share_the_address_count,
    sku_patches_and_draft_prices_keep_to_the_shop_and_the_bounds,
    the_read_connection_refuses_writes_and_begin_writes,
);

const OWNER: &str = "owner@maple-pine.example";
const DEMO_BUYER: &str = "buyer@demo.shopdeck.test";
const PASSWORD: &str = "shopdeck-demo";

/// `shopdeck serve` over `url`, with its files in `dir`.
fn serve(url: &str, dir: &std::path::Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut args = vec!["--database-url", url, "--data-dir", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    start_with(&args, env)
}

async fn checkout(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> reqwest::Result<reqwest::Response> {
    http.post(format!("{base}/api/v1/buyer/checkouts"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
}

/// The SKU with the most units available, and how many.
async fn roomiest_sku(t: &TestApp) -> (String, i64) {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_as::<_, (String, i64)>(
        "SELECT sku_id, CAST(SUM(on_hand - reserved) AS BIGINT) AS n FROM stock GROUP BY sku_id
         ORDER BY 2 DESC, sku_id LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

async fn reserved_of(t: &TestApp, sku: &str) -> i64 {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT CAST(SUM(reserved) AS BIGINT) FROM stock WHERE sku_id = $1")
        .bind(sku)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn a_checkout_retried_after_the_server_was_killed_is_placed_once(b: TestBackend) {
    let t = TestApp::new(b).await;
    let dir = tempfile::tempdir().unwrap();
    let url = t.db.url.clone();
    let http = reqwest::Client::new();
    let first = serve(&url, dir.path(), &["--demo"], &[]);
    let r = http
        .post(format!("{}/api/v1/buyer/sessions", first.base))
        .json(&json!({"login": DEMO_BUYER, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let addresses: Value = http
        .get(format!("{}/api/v1/buyer/addresses", first.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let address = addresses["data"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{addresses}"))
        .to_owned();
    let (sku, available) = roomiest_sku(&t).await;
    let reserved_before = reserved_of(&t, &sku).await;
    let body = json!({"address_id": address, "items": [{"sku_id": sku, "quantity": 1}]});
    let keys: Vec<String> = (0..24).map(|i| format!("crash-{i}-{}", b.name())).collect();
    assert!(available > keys.len() as i64, "{available} units");

    // Every checkout in flight when the process is killed.
    let mut flying = Vec::new();
    for k in &keys {
        let (http, base, token, key, body) = (
            http.clone(),
            first.base.clone(),
            token.clone(),
            k.clone(),
            body.clone(),
        );
        // Spread over the moment of the kill: some answered, some in flight, some unsent.
        let wait = Duration::from_millis(8 * flying.len() as u64);
        flying.push(tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            checkout(&http, &base, &token, &key, &body).await
        }));
    }
    tokio::time::sleep(Duration::from_millis(120)).await;
    drop(first); // kill -9: no clean-up of any kind
    let mut acknowledged = std::collections::BTreeMap::new();
    for (k, f) in keys.iter().zip(flying) {
        if let Ok(Ok(r)) = f.await
            && r.status() == 201
            && let Ok(v) = r.json::<Value>().await
        {
            acknowledged.insert(k.clone(), v["id"].as_str().unwrap().to_owned());
        }
    }

    // Another start on the same database; every key is sent again.
    let second = serve(&url, dir.path(), &[], &[]);
    let mut placed = std::collections::BTreeSet::new();
    for k in &keys {
        let r = checkout(&http, &second.base, &token, k, &body)
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "retry of {k}");
        let v: Value = r.json().await.unwrap();
        let id = v["id"].as_str().unwrap().to_owned();
        if let Some(first_answer) = acknowledged.get(k) {
            assert_eq!(&id, first_answer, "{k} was acknowledged before the crash");
            assert_eq!(v["replayed"], true);
        }
        assert!(placed.insert(id), "two keys answered with one checkout");
        // Answered again, it is the same checkout still.
        let again: Value = checkout(&http, &second.base, &token, k, &body)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(again["replayed"], true);
        assert!(placed.contains(again["id"].as_str().unwrap()));
    }
    // One order per key, and the stock holds exactly one unit per order.
    let mut conn = t.app.db.conn().await.unwrap();
    let orders: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o JOIN checkouts c ON c.id = o.checkout_id
         WHERE c.client_key LIKE 'crash-%'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(orders, keys.len() as i64);
    drop(conn);
    assert_eq!(
        reserved_of(&t, &sku).await - reserved_before,
        keys.len() as i64
    );
    // The same key with another body is refused, not replayed.
    let other = json!({"address_id": address, "items": [{"sku_id": sku, "quantity": 2}]});
    let r = checkout(&http, &second.base, &token, &keys[0], &other)
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "idempotency-key-reused"
    );
    drop(second);
}

async fn job_status(t: &TestApp, id: &str) -> (String, i64) {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_as::<_, (String, i64)>("SELECT status, attempts FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn a_restarted_instance_takes_over_the_jobs_its_killed_predecessor_held(b: TestBackend) {
    let t = TestApp::new(b).await;
    let dir = tempfile::tempdir().unwrap();
    let url = t.db.url.clone();
    let node = ["--no-worker"];
    // A process of instance `shop-a` runs and is killed.
    let first = serve(&url, dir.path(), &node, &[("SHOPDECK_INSTANCE", "shop-a")]);
    drop(first); // kill -9: no clean-up of any kind
    // What it held when it died: a job leased for another hour. And a job another, living
    // instance holds.
    let now = jiff::Timestamp::now();
    let hour = now + jiff::SignedDuration::from_hours(1);
    let mut ids = Vec::new();
    for holder in ["shop-a#0badc0de", "shop-b#00000001"] {
        let mut tx = t.app.db.begin().await.unwrap();
        let id = shopdeck_app::jobs::enqueue(
            &t.app,
            &mut tx,
            shopdeck_app::worker::PURGE_EXPIRED,
            json!({}),
            now,
            None,
        )
        .await
        .unwrap()
        .unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.app.db.begin().await.unwrap();
        let claimed = shopdeck_store::jobs::claim_next_job(&mut tx, holder, now, hour)
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(claimed.id, id);
        ids.push(id.to_string());
    }
    // The same instance starts again: its predecessor's job runs at once, not in an hour.
    let second = serve(&url, dir.path(), &[], &[("SHOPDECK_INSTANCE", "shop-a")]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, attempts) = job_status(&t, &ids[0]).await;
        if status == JobStatus::Succeeded.as_str() {
            assert_eq!(attempts, 2, "claimed by the dead process, then once more");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the dead lease was not taken over"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, _) = job_status(&t, &ids[1]).await;
    assert_eq!(
        status,
        JobStatus::Running.as_str(),
        "another instance's lease holds"
    );
    drop(second);
}

async fn the_sandbox_secret_is_generated_shared_and_never_the_example(b: TestBackend) {
    let t = TestApp::new(b).await;
    let dir = tempfile::tempdir().unwrap();
    let url = t.db.url.clone();
    // The documented example value is refused outside the demo…
    let out = Command::new(env!("CARGO_BIN_EXE_shopdeck"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", &url])
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .env("SHOPDECK_SANDBOX_SECRET", "shopdeck-sandbox-secret")
        .env("SHOPDECK_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("example value"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // …and without one, a random secret is kept in the database for every process.
    let first = serve(&url, dir.path(), &["--no-worker"], &[]);
    let stored = || async {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar::<_, String>(
            "SELECT value FROM platform_secrets WHERE name = 'sandbox_secret'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let secret = stored().await;
    assert_eq!(secret.len(), 64);
    assert_ne!(secret, "shopdeck-sandbox-secret");
    let other = serve(
        &url,
        tempfile::tempdir().unwrap().path(),
        &["--no-worker"],
        &[],
    );
    assert_eq!(stored().await, secret, "a second process shares it");
    // A callback signed with the example value is refused by the server.
    let body = br#"{"id":"evt_forged","session":"x","status":"approved","amount_minor":100,"currency":"USD"}"#;
    let signature =
        shopdeck_app::payments::sign("shopdeck-sandbox-secret", jiff::Timestamp::now(), body);
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/payments/sandbox/callbacks", other.base))
        .header(shopdeck_app::payments::SIGNATURE_HEADER, signature)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    drop((first, other));
}

async fn a_forged_callback_is_refused_without_asking_for_a_bearer_token(b: TestBackend) {
    let t = TestApp::new(b).await;
    let c = t.client();
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/payments/sandbox/callbacks")
        .header("content-type", "application/json")
        .header(shopdeck_app::payments::SIGNATURE_HEADER, "t=1,v1=00")
        .body(Body::from(r#"{"id":"evt_1"}"#))
        .unwrap();
    let r = c.send(req).await;
    r.assert_problem(401, "bad-signature");
    let challenge = r.header("www-authenticate").unwrap_or_default().to_owned();
    assert!(!challenge.contains("Bearer"), "{challenge}");
    assert!(challenge.contains("Shopdeck-Signature"), "{challenge}");
    let r = c
        .post_json("/api/v1/logistics/sandbox/callbacks", &json!({}))
        .await;
    r.assert_problem(401, "bad-signature");
}

async fn control_characters_are_refused_where_text_enters(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let r = fixtures::try_login(&c, "owner\u{0}@maple-pine.example", "x").await;
    r.assert_problem(400, "control-characters");
    c.get("/api/v1/storefront/products?q=a%00b")
        .await
        .assert_problem(400, "control-characters");
    assert_eq!(c.get("/search?q=a%00b").await.status, 400);
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = post(
        &c,
        "/api/v1/shop/products",
        &owner,
        json!({"title": "Linen\u{0} dress", "save_mode": "DRAFT"}),
    )
    .await;
    r.assert_problem(400, "control-characters");
    // A web form too.
    let w = t.client();
    let r = fixtures::web::sign_in(&w, "/seller/login", "owner\u{1}@maple-pine.example", "x").await;
    assert_eq!(r.status, 400);
    // Line breaks and tabs are text.
    let r = fixtures::try_login(&c, OWNER, "wrong\tpass\nword").await;
    r.assert_problem(401, "bad-credentials");
}

fn attempt(
    path: &str,
    login: &str,
    password: &str,
    ip: &str,
    device: Option<&str>,
) -> Request<Body> {
    let mut req = Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .header("x-forwarded-for", ip);
    if let Some(d) = device {
        req = req.header("shopdeck-device", d);
    }
    req.body(Body::from(
        json!({"login": login, "password": password}).to_string(),
    ))
    .unwrap()
}

async fn strangers_failing_cannot_lock_the_owner_out_and_doors_share_the_address_count(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let laptop = "owners-laptop-0123456789abcdef";
    let send = |req| c.send(req);
    // The owner logs in once from a laptop.
    let r: TestResponse = send(attempt(
        "/api/v1/sessions",
        OWNER,
        PASSWORD,
        "198.51.100.1",
        Some(laptop),
    ))
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    // Strangers fail five times from other addresses: the login is paused for them.
    for i in 0..5 {
        let r = send(attempt(
            "/api/v1/sessions",
            OWNER,
            "guess",
            &format!("192.0.2.{i}"),
            None,
        ))
        .await;
        assert_eq!(r.status, 401);
    }
    let r = send(attempt(
        "/api/v1/sessions",
        OWNER,
        PASSWORD,
        "192.0.2.50",
        None,
    ))
    .await;
    r.assert_problem(429, "rate-limited");
    // The owner's known device still gets in.
    let r = send(attempt(
        "/api/v1/sessions",
        OWNER,
        PASSWORD,
        "198.51.100.1",
        Some(laptop),
    ))
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    // A device that never logged in is a stranger.
    let r = send(attempt(
        "/api/v1/sessions",
        OWNER,
        PASSWORD,
        "198.51.100.1",
        Some("never-seen-device-000000000000"),
    ))
    .await;
    r.assert_problem(429, "rate-limited");

    // One address failing at the seller door and the buyer door: one count.
    let ip = "203.0.113.99";
    for i in 0..10 {
        let r = send(attempt(
            "/api/v1/sessions",
            &format!("nobody{i}@x.example"),
            "guess",
            ip,
            None,
        ))
        .await;
        assert_eq!(r.status, 401);
        let r = send(attempt(
            "/api/v1/buyer/sessions",
            &format!("nobuyer{i}@x.example"),
            "guess",
            ip,
            None,
        ))
        .await;
        assert_eq!(r.status, 401);
    }
    let r = send(attempt(
        "/api/v1/buyer/sessions",
        DEMO_BUYER,
        PASSWORD,
        ip,
        None,
    ))
    .await;
    r.assert_problem(429, "rate-limited");
}

async fn sku_patches_and_draft_prices_keep_to_the_shop_and_the_bounds(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let other = login(&c, "owner@thistle-thread.example", PASSWORD).await;
    let mut draft = fixtures::dress("Tweed waistcoat, herringbone", &[], "TWD");
    draft["save_mode"] = json!("DRAFT");
    for sku in draft["skus"].as_array_mut().unwrap() {
        sku["price"]["currency"] = json!("GBP");
    }
    let r = post(&c, "/api/v1/shop/products", &other, draft).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let theirs = r.json()["product"]["skus"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    patch(
        &c,
        &format!("/api/v1/shop/skus/{theirs}"),
        &owner,
        json!({}),
    )
    .await
    .assert_problem(404, "not-found");
    patch(
        &c,
        "/api/v1/shop/skus/sku_0193a0a0a0a07000800000000000000a",
        &owner,
        json!({}),
    )
    .await
    .assert_problem(404, "not-found");
    assert_eq!(
        patch(
            &c,
            &format!("/api/v1/shop/skus/{theirs}"),
            &other,
            json!({})
        )
        .await
        .status,
        204,
        "the shop's own SKU"
    );
    // A draft keeps to a listing's price bounds.
    let mut body = fixtures::dress("Linen summer dress with pockets", &[], "BND");
    body["save_mode"] = json!("DRAFT");
    body["skus"][0]["price"] = json!({"amount": i64::MAX, "currency": "USD"});
    let r = post(&c, "/api/v1/shop/products", &owner, body).await;
    let p = r.assert_problem(422, "validation-failed");
    assert!(
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "price-bounds"),
        "{p}"
    );
}

/// Writes go through `Db::begin()` only: a pooled read connection refuses them, whatever the
/// backend, and a write transaction makes them.
async fn the_read_connection_refuses_writes_and_begin_writes(b: TestBackend) {
    let t = TestApp::new(b).await;
    let count = |t: &TestApp| {
        let db = t.app.db.clone();
        async move {
            let mut conn = db.conn().await.unwrap();
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM rate_limits")
                .fetch_one(&mut *conn)
                .await
                .unwrap()
        }
    };
    let before = count(&t).await;
    let insert = "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('probe', 0, 1)";
    {
        let mut conn = t.app.db.conn().await.unwrap();
        let refused = sqlx::query(insert).execute(&mut *conn).await;
        assert!(
            refused.is_err(),
            "a write on the read connection went through"
        );
    }
    // The refusal did not poison the pool: every pooled connection still refuses.
    for _ in 0..4 {
        let mut conn = t.app.db.conn().await.unwrap();
        assert!(sqlx::query(insert).execute(&mut *conn).await.is_err());
    }
    assert_eq!(count(&t).await, before);
    let mut tx = t.app.db.begin().await.unwrap();
    sqlx::query(insert).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&t).await, before + 1);
    // After a write transaction its connection is back to read-only.
    for _ in 0..4 {
        let mut conn = t.app.db.conn().await.unwrap();
        let again = "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('probe2', 0, 1)";
        assert!(sqlx::query(again).execute(&mut *conn).await.is_err());
    }
}
