//! The demo marketplace.

use shopdeck_app::demo::{DemoOutcome, load_demo};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    demo_loads_once_with_three_shops_in_three_currencies,
    category_tree_comes_in_every_language,
    the_demo_catalogue_is_on_sale_in_the_buyers_language,
    demo_orders_fill_the_sellers_tabs,
);

async fn demo_orders_fill_the_sellers_tabs(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    shopdeck_app::demo::load_buyers(&t.app).await.unwrap();
    let placed = shopdeck_app::demo::load_orders(&t.app).await.unwrap();
    assert_eq!(placed, 5);
    assert_eq!(
        shopdeck_app::demo::load_orders(&t.app).await.unwrap(),
        0,
        "once"
    );
    let c = t.client();
    let owner = fixtures::login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    let l = fixtures::get(&c, "/api/v1/shop/orders", &owner)
        .await
        .json();
    assert_eq!(l["counts"]["to_ship"], 1, "{l}");
    assert_eq!(l["counts"]["unpaid"], 1);
    let shipping = fixtures::get(&c, "/api/v1/shop/shipping", &owner)
        .await
        .json();
    assert_eq!(shipping["templates"][0]["free_above_minor"], 7500);
    // One delivered order came back as a refund request waiting for the shop.
    let r = fixtures::get(&c, "/api/v1/shop/returns?tab=to_respond", &owner)
        .await
        .json();
    assert_eq!(r["counts"]["to_respond"], 1, "{r}");
    assert_eq!(r["returns"][0]["reason"], "DAMAGED");
    assert_eq!(
        r["returns"][0]["seller_next_action"],
        "SELLER_RESPOND_REFUND"
    );
    // The French buyer's order from the British shop is paid in pounds.
    let thistle = fixtures::login(&c, "owner@thistle-thread.example", "shopdeck-demo").await;
    let l = fixtures::get(&c, "/api/v1/shop/orders?tab=to_ship", &thistle)
        .await
        .json();
    assert_eq!(l["orders"][0]["buyer_name"], "Léa Dubois");
    assert_eq!(l["orders"][0]["total"]["currency"], "GBP");
}

async fn the_demo_catalogue_is_on_sale_in_the_buyers_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let live = shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    assert_eq!(
        live, 10,
        "every demo product passes the check and is approved"
    );
    let c = t.client();
    let all = c
        .get("/api/v1/storefront/products?per_page=100")
        .await
        .json();
    let items = all["data"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let shops: std::collections::BTreeSet<&str> = items
        .iter()
        .map(|p| p["store_name"].as_str().unwrap())
        .collect();
    assert_eq!(shops.len(), 3);
    assert!(
        items
            .iter()
            .all(|p| p["image"]["thumb_url"].as_str().is_some())
    );
    // The notebook is written in Japanese and has an English edition.
    let ja = c
        .get("/api/v1/storefront/products?q=sk-nb-a5&locale=ja")
        .await
        .json();
    let id = ja["data"][0]["id"].as_str().unwrap().to_owned();
    assert!(
        ja["data"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("方眼ノート")
    );
    let en = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=en"))
        .await
        .json();
    assert!(
        en["title"]
            .as_str()
            .unwrap()
            .starts_with("A5 grid notebook")
    );
    assert_eq!(
        en["min_price"],
        serde_json::json!({"amount": 1980, "currency": "JPY"})
    );
    // Its pictures are served.
    let thumb = en["images"][0]["thumb_url"].as_str().unwrap();
    let r = c.get(thumb).await;
    assert_eq!(r.status, 200, "{thumb}");
    assert_eq!(r.header("content-type"), Some("image/jpeg"));
}

async fn demo_loads_once_with_three_shops_in_three_currencies(b: TestBackend) {
    let t = TestApp::new(b).await;
    assert_eq!(load_demo(&t.app).await.unwrap(), DemoOutcome::Loaded);
    assert_eq!(
        load_demo(&t.app).await.unwrap(),
        DemoOutcome::AlreadyPopulated
    );
    let c = t.client();
    let mut approved = Vec::new();
    let mut statuses = Vec::new();
    let mut tokens = std::collections::HashMap::new();
    for login in shopdeck_app::demo::logins() {
        let r = c
            .post_json("/api/v1/sessions", &serde_json::json!({"login": login.email, "password": shopdeck_app::demo::DEMO_PASSWORD}))
            .await;
        assert_eq!(r.status, 201, "{} can log in", login.email);
        let body = r.json();
        tokens.insert(login.email, body["token"].as_str().unwrap().to_owned());
        let user = &body["user"];
        match login.shop {
            Some(shop) => {
                assert_eq!(user["current_shop"]["store_name"], shop);
                let status = user["current_shop"]["status"].as_str().unwrap().to_owned();
                if user["current_shop"]["role"] == "OWNER" {
                    if status == "APPROVED" {
                        approved.push((
                            user["current_shop"]["country"].as_str().unwrap().to_owned(),
                            user["current_shop"]["currency"]
                                .as_str()
                                .unwrap()
                                .to_owned(),
                        ));
                    }
                    statuses.push(status);
                } else {
                    assert_eq!(status, "APPROVED", "staff work in approved shops");
                }
            }
            None => assert_eq!(user["is_operator"], true),
        }
    }
    approved.sort();
    assert_eq!(
        approved,
        [
            ("GB".into(), "GBP".into()),
            ("JP".into(), "JPY".into()),
            ("US".into(), "USD".into())
        ]
    );
    statuses.sort();
    assert_eq!(
        statuses,
        [
            "APPROVED",
            "APPROVED",
            "APPROVED",
            "PENDING_REVIEW",
            "REJECTED"
        ]
    );
    // Approved shops have complete profiles; the rejected one shows why.
    let shop = |email: &str| {
        let (c, tok) = (c.clone(), tokens[email].clone());
        async move {
            c.send(
                axum::http::Request::get("/api/v1/shop")
                    .header("authorization", format!("Bearer {tok}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .json()
        }
    };
    let maple = shop("owner@maple-pine.example").await;
    assert!(
        maple["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["done"] == true),
        "{maple}"
    );
    assert_eq!(maple["documents"][0]["content_type"], "application/pdf");
    let casa = shop("owner@casa-verde.example").await;
    assert_eq!(casa["status"], "REJECTED");
    assert_eq!(casa["reviews"][0]["reasons"].as_array().unwrap().len(), 2);
    // The storefront shows only approved shops.
    let home = c.get("/").await.text();
    assert!(
        home.contains("Sakura Stationery")
            && !home.contains("Casa Verde")
            && !home.contains("Lumière")
    );
}

async fn category_tree_comes_in_every_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let en = c.get("/api/v1/categories").await.json();
    let top: Vec<&str> = en["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        top[..6],
        ["fashion", "beauty", "electronics", "home", "food", "toys"]
    );
    assert!(top.len() >= 12, "{top:?}");
    let fashion = &en["data"][0];
    assert_eq!(fashion["name"], "Fashion");
    assert_eq!(fashion["is_leaf"], false);
    let dresses = &fashion["children"][0]["children"][0];
    assert_eq!(dresses["slug"], "womens-dresses");
    assert_eq!(dresses["is_leaf"], true);
    for (locale, name) in [
        ("zh-CN", "服饰"),
        ("ja", "ファッション"),
        ("ar", "أزياء"),
        ("fr", "Mode"),
        ("es", "Moda"),
    ] {
        let doc = c
            .get(&format!("/api/v1/categories?locale={locale}"))
            .await
            .json();
        assert_eq!(doc["data"][0]["name"], name, "{locale}");
        assert_eq!(doc["data"][0]["id"], fashion["id"]);
    }
}
