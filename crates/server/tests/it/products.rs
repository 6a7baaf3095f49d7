//! Products through the API: create with variants and images, the quality check, review,
//! life cycle, stock, list and storefront.

use serde_json::{Value, json};
use shopdeck_files::images::{ImageFormat, sample_image};
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, call, dress, get, image_id, live_dress, login, operator, patch, post, put,
    upload,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_product_fails_the_check_is_fixed_approved_and_sold_in_the_buyers_language,
    invalid_products_are_refused_field_by_field,
    images_are_checked_by_decoding_them,
    editing_a_live_product_keeps_the_approved_version_on_sale,
    stock_never_goes_below_zero_under_concurrent_changes,
    low_stock_is_announced_once_per_crossing,
    deactivate_delete_and_recover_within_thirty_days,
    the_product_list_searches_filters_and_pages_by_cursor,
    operators_reject_with_reasons_and_deactivate_live_products,
    a_shop_under_review_can_draft_but_not_list,
    machine_translation_fills_missing_editions_as_generated,
    orders_reserve_ship_release_and_return_stock,
    an_unknown_stored_status_reads_as_corrupt_not_as_a_default,
);

/// A status the domain does not know (written behind the application's back) fails the read
/// as corrupt data, for a product and for a shop, instead of turning into a default.
async fn an_unknown_stored_status_reads_as_corrupt_not_as_a_default(b: TestBackend) {
    use shopdeck_store::StoreError;
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let p = create(&c, &owner, dress("Linen corrupt dress", &[], "CR"))
        .await
        .json()["product"]
        .clone();
    let id: shopdeck_domain::ids::ProductId = p["id"].as_str().unwrap().parse().unwrap();
    let seller: shopdeck_domain::ids::SellerId = p["seller_id"].as_str().unwrap().parse().unwrap();
    {
        let mut conn = t.app.db.conn().await.unwrap();
        let row = shopdeck_store::products::find_product_any(&mut conn, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, shopdeck_domain::products::ProductStatus::Draft);
    }
    let mut tx = t.app.db.begin().await.unwrap();
    sqlx::query("UPDATE products SET status = 'ARCHIVED' WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    {
        let mut conn = t.app.db.conn().await.unwrap();
        let read = shopdeck_store::products::find_product_any(&mut conn, id).await;
        assert!(
            matches!(&read, Err(StoreError::Corrupt(m)) if m.contains("column status")),
            "an unknown product status must read as corrupt, got {read:?}"
        );
    }

    let mut tx = t.app.db.begin().await.unwrap();
    sqlx::query("UPDATE sellers SET status = 'ON_HOLIDAY' WHERE id = $1")
        .bind(seller.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let shop = shopdeck_store::sellers::find_seller(&mut conn, seller).await;
    assert!(
        matches!(&shop, Err(StoreError::Corrupt(m)) if m.contains("column status")),
        "an unknown shop status must read as corrupt, got {shop:?}"
    );
}

async fn orders_reserve_ship_release_and_return_stock(b: TestBackend) {
    use shopdeck_app::inventory::{MovementKind, order_movement};
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let p = create(&c, &owner, dress("Linen summer dress", &[], "OM"))
        .await
        .json()["product"]
        .clone();
    let seller = p["seller_id"].as_str().unwrap().parse().unwrap();
    let sku = p["skus"][1]["id"].as_str().unwrap().parse().unwrap(); // 8 on hand
    let wh = p["skus"][1]["stock"][0]["warehouse_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let level = |kind, n| order_movement(&t.app, seller, sku, wh, kind, n, "ord_1");
    let l = level(MovementKind::Reserve, 3).await.unwrap();
    assert_eq!((l.on_hand, l.reserved, l.available()), (8, 3, 5));
    let l = level(MovementKind::Ship, 2).await.unwrap();
    assert_eq!((l.on_hand, l.reserved), (6, 1));
    let l = level(MovementKind::Release, 1).await.unwrap();
    assert_eq!((l.on_hand, l.reserved), (6, 0));
    assert!(matches!(
        level(MovementKind::Release, 1).await,
        Err(shopdeck_app::AppError::Conflict { .. })
    ));
    assert!(matches!(
        level(MovementKind::Ship, 1).await,
        Err(shopdeck_app::AppError::Conflict { .. })
    ));
    let l = level(MovementKind::Return, 1).await.unwrap();
    assert_eq!((l.on_hand, l.reserved), (7, 0));
    assert!(matches!(
        level(MovementKind::Reserve, 8).await,
        Err(shopdeck_app::AppError::Conflict { .. })
    ));
    let moves = get(
        &c,
        &format!(
            "/api/v1/shop/skus/{}/movements",
            p["skus"][1]["id"].as_str().unwrap()
        ),
        &owner,
    )
    .await
    .json();
    let kinds: Vec<(&str, &str, &str)> = moves["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap(),
                m["actor_type"].as_str().unwrap(),
                m["reference"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        &kinds[..4],
        [
            ("RETURN", "system", "ord_1"),
            ("RELEASE", "system", "ord_1"),
            ("SHIP", "system", "ord_1"),
            ("RESERVE", "system", "ord_1")
        ]
    );
    let p = get(
        &c,
        &format!("/api/v1/shop/products/{}", p["id"].as_str().unwrap()),
        &owner,
    )
    .await
    .json();
    assert_eq!(p["available"], 12 + 7, "the product's figures follow");
}

/// Upper-cases and tags text: stands in for a translation provider.
#[derive(Debug)]
struct FakeTranslator;

#[async_trait::async_trait]
impl shopdeck_app::translate::Translator for FakeTranslator {
    fn name(&self) -> &'static str {
        "fake"
    }
    async fn translate(
        &self,
        text: &str,
        _from: shopdeck_domain::Locale,
        to: shopdeck_domain::Locale,
    ) -> Result<String, String> {
        Ok(format!("[{}] {text}", to.tag()))
    }
}

async fn machine_translation_fills_missing_editions_as_generated(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let id = live_dress(&c, &owner, &ops, "MT").await;
    let me = get(&c, "/api/v1/me", &owner).await.json();
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let actor = shopdeck_app::access::SellerActor {
        user_id: me["id"].as_str().unwrap().parse().unwrap(),
        seller_id: p["seller_id"].as_str().unwrap().parse().unwrap(),
        role: "OWNER".into(),
        permissions: shopdeck_domain::roles::Permissions::all(shopdeck_domain::roles::Access::Edit),
        token: None,
        client: Default::default(),
    };
    let pid: shopdeck_domain::ids::ProductId = id.parse().unwrap();
    // Without a provider nothing is made up.
    let r = shopdeck_app::products::translate_missing_editions(&t.app, &actor, pid).await;
    assert!(
        matches!(r, Err(shopdeck_app::AppError::Conflict { .. })),
        "{r:?}"
    );

    let app = t
        .app
        .clone()
        .with_translator(std::sync::Arc::new(FakeTranslator));
    let added = shopdeck_app::products::translate_missing_editions(&app, &actor, pid)
        .await
        .unwrap();
    assert_eq!(
        added.len(),
        4,
        "en and fr exist; zh-CN, ja, ar, es are added"
    );
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let ja = p["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["locale"] == "ja")
        .unwrap()
        .clone();
    assert_eq!(ja["generated"], true);
    assert!(ja["title"].as_str().unwrap().starts_with("[ja] Linen"));
    let fr = p["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["locale"] == "fr")
        .unwrap()
        .clone();
    assert_eq!(
        fr["generated"], false,
        "the seller's own edition is left alone"
    );
    // A content edit of a product on sale: reviewed before buyers see it.
    assert_eq!(p["status"], "LIVE");
    assert_eq!(p["audit_status"], "AUDITING");
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=ja"))
        .await
        .json();
    assert_eq!(shop["locale"], "en");
    post(
        &c,
        &format!("/api/v1/ops/products/{id}/decisions"),
        &ops,
        json!({"action": "approve"}),
    )
    .await;
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=ja"))
        .await
        .json();
    assert_eq!(shop["locale"], "ja");
    assert!(shop["title"].as_str().unwrap().starts_with("[ja] "));
}

async fn create(c: &TestClient, token: &str, body: Value) -> TestResponse {
    post(c, "/api/v1/shop/products", token, body).await
}

async fn a_product_fails_the_check_is_fixed_approved_and_sold_in_the_buyers_language(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let img = image_id(&c, &owner, 1).await;

    // A title that advertises fails at once, with the field and a suggestion.
    let mut body = dress(
        "Linen dress FREE SHIPPING best price!!!",
        std::slice::from_ref(&img),
        "LD",
    );
    body["save_mode"] = json!("LISTING");
    let r = create(&c, &owner, body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let saved = r.json();
    let id = saved["product"]["id"].as_str().unwrap().to_owned();
    assert_eq!(saved["product"]["status"], "FAILED");
    assert_eq!(saved["product"]["audit_status"], "REJECTED");
    let fails = saved["failures"].as_array().unwrap();
    assert!(
        fails
            .iter()
            .any(|f| f["field"] == "title" && f["code"] == "title-promotional"),
        "{fails:?}"
    );
    assert!(
        fails
            .iter()
            .all(|f| !f["suggestion"].as_str().unwrap().is_empty())
    );
    assert_eq!(
        saved["product"]["failed_reasons"].as_array().unwrap().len(),
        fails.len()
    );
    // Not in the storefront, not in the review queue.
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        404
    );
    let queue = get(&c, "/api/v1/ops/products", &ops).await.json();
    assert!(!queue["data"].to_string().contains(&id));

    // Fixed and resubmitted: it waits for review with a grade.
    let current = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let mut fixed = dress("Linen summer dress with pockets, sage green", &[img], "LD");
    fixed["save_mode"] = json!("LISTING");
    fixed["version"] = current["version"].clone();
    for (i, sku) in current["skus"].as_array().unwrap().iter().enumerate() {
        fixed["skus"][i]["id"] = sku["id"].clone();
    }
    let r = put(
        &c,
        &format!("/api/v1/shop/products/{id}"),
        &owner,
        fixed.clone(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let p = r.json()["product"].clone();
    assert_eq!(p["status"], "PENDING", "{p}");
    assert_eq!(p["audit_status"], "AUDITING");
    assert!(
        ["GOOD", "FAIR"].contains(&p["quality_grade"].as_str().unwrap()),
        "{p}"
    );
    // Saving again with the old version is refused.
    let stale = put(&c, &format!("/api/v1/shop/products/{id}"), &owner, fixed).await;
    assert_eq!(stale.status, 409, "{}", stale.text());

    // The operator sees it and approves it.
    let queue = get(&c, "/api/v1/ops/products", &ops).await.json();
    assert!(queue["data"].to_string().contains(&id));
    let r = post(
        &c,
        &format!("/api/v1/ops/products/{id}/decisions"),
        &ops,
        json!({"action": "approve"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "LIVE");

    // Buyers see it in their language, English where there is no edition.
    let fr = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=fr"))
        .await
        .json();
    assert_eq!(fr["locale"], "fr");
    assert_eq!(fr["title"], "Robe d'été en lin avec poches, vert sauge");
    let ja = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=ja"))
        .await
        .json();
    assert_eq!(ja["locale"], "en");
    assert_eq!(ja["title"], "Linen summer dress with pockets, sage green");
    assert_eq!(ja["skus"].as_array().unwrap().len(), 2);
    assert_eq!(ja["min_price"], json!({"amount": 5900, "currency": "USD"}));
    assert_eq!(ja["store_name"], "Maple & Pine Outfitters");
    let listed = c.get("/api/v1/storefront/products?q=linen").await.json();
    assert!(listed["data"].to_string().contains(&id));

    // The seller sees the review history.
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let actions: Vec<&str> = p["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["APPROVE", "SUBMIT", "AUTO_FAIL"]);
}

fn field_codes(r: &TestResponse) -> Vec<(String, String)> {
    assert_eq!(r.status, 422, "{}", r.text());
    r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn invalid_products_are_refused_field_by_field(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let other = login(&c, "owner@thistle-thread.example", PASSWORD).await;
    let foreign_image = image_id(&c, &other, 3).await;

    let mut body = dress("Linen summer dress with pockets", &[foreign_image], "X");
    body["category_id"] = json!("fashion");
    body["skus"][0]["gtin"] = json!("4006381333932");
    body["skus"][1]["seller_sku"] = json!("X-S");
    body["skus"][1]["price"] = json!({"amount": 5900, "currency": "EUR"});
    body["editions"][1]["locale"] = json!("xx");
    body["video_url"] = json!("javascript:alert(1)");
    body["handling_days"] = json!(0);
    let r = create(&c, &owner, body).await;
    let errors = field_codes(&r);
    for expected in [
        ("category_id", "category-leaf"),
        ("skus[0].gtin", "gtin"),
        ("skus[1].seller_sku", "seller-sku-duplicate"),
        ("skus[1].price", "price-currency"),
        ("editions[1].locale", "locale-unknown"),
        ("image_ids[0]", "image-unknown"),
        ("video_url", "video-url"),
        ("handling_days", "handling-days"),
    ] {
        assert!(
            errors
                .iter()
                .any(|(f, c)| f == expected.0 && c == expected.1),
            "{expected:?} not in {errors:?}"
        );
    }

    // Variants must match the sales attributes, which the category must allow.
    let mut body = dress("Linen summer dress with pockets", &[], "Y");
    body["sales_attributes"] = json!(["size", "size", "shoe_size", "material"]);
    body["skus"][1]["variant"] = json!({"size": "s"});
    let errors = field_codes(&create(&c, &owner, body).await);
    for expected in [
        ("sales_attributes", "sales-attributes-count"),
        ("sales_attributes[1]", "sales-attribute-duplicate"),
        ("sales_attributes[2]", "sales-attribute-unknown"),
        ("sales_attributes[3]", "sales-attribute-unknown"),
    ] {
        assert!(
            errors
                .iter()
                .any(|(f, c)| f == expected.0 && c == expected.1),
            "{expected:?} not in {errors:?}"
        );
    }
    let mut body = dress("Linen summer dress with pockets", &[], "Y");
    body["skus"][1]["variant"] = json!({"size": "s"});
    body["attributes"]["material"] = json!("moon dust");
    let errors = field_codes(&create(&c, &owner, body).await);
    assert!(
        errors.contains(&("skus[1].variant".into(), "variant-duplicate".into())),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("attributes.material".into(), "attribute-value".into())),
        "{errors:?}"
    );

    // A seller SKU of another product of the shop is taken; another shop's is not.
    assert_eq!(
        create(&c, &owner, dress("Linen summer dress", &[], "Z"))
            .await
            .status,
        201
    );
    let errors = field_codes(&create(&c, &owner, dress("Another linen dress", &[], "Z")).await);
    assert!(
        errors.contains(&("skus[0].seller_sku".into(), "seller-sku-taken".into())),
        "{errors:?}"
    );
    let mut gb = dress("Linen summer dress", &[], "Z");
    for s in gb["skus"].as_array_mut().unwrap() {
        s["price"]["currency"] = json!("GBP");
    }
    assert_eq!(create(&c, &other, gb).await.status, 201);

    // Malformed JSON and wrong types are problems, not crashes.
    let r = post(&c, "/api/v1/shop/products", &owner, json!({"skus": "many"})).await;
    assert!(r.status == 422 || r.status == 400, "{}", r.text());
    assert_eq!(r.json()["status"], r.status.as_u16());
}

async fn images_are_checked_by_decoding_them(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let code = |r: &TestResponse| {
        r.json()["errors"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };

    let r = upload(
        &c,
        &owner,
        b"just text, named like a photo".to_vec(),
        "x.jpg",
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(code(&r), "image-format");
    let r = upload(
        &c,
        &owner,
        sample_image(200, 800, 1, ImageFormat::Png),
        "small.png",
    )
    .await;
    assert_eq!(code(&r), "image-too-small", "{}", r.text());
    let r = upload(
        &c,
        &owner,
        sample_image(4100, 300, 1, ImageFormat::Png),
        "wide.png",
    )
    .await;
    assert_eq!(code(&r), "image-too-big", "{}", r.text());
    // A tiny PNG header that claims 100000×100000 px: refused without decoding.
    let mut bomb = sample_image(300, 300, 2, ImageFormat::Png);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let r = upload(&c, &owner, bomb, "bomb.png").await;
    assert_eq!(r.status, 422, "{}", r.text());
    // A truncated JPEG.
    let mut jpeg = sample_image(600, 600, 3, ImageFormat::Jpeg);
    jpeg.truncate(jpeg.len() / 3);
    let r = upload(&c, &owner, jpeg, "cut.jpg").await;
    assert_eq!(r.status, 422, "{}", r.text());
    // More than 5 MB.
    let mut big = sample_image(600, 600, 4, ImageFormat::Png);
    big.resize(5 * 1024 * 1024 + 10, 0);
    let r = upload(&c, &owner, big, "big.png").await;
    assert!(r.status == 422 || r.status == 413, "{}", r.status);

    for (fmt, name) in [
        (ImageFormat::Jpeg, "a.jpg"),
        (ImageFormat::Png, "b.png"),
        (ImageFormat::WebP, "c.webp"),
    ] {
        let r = upload(&c, &owner, sample_image(1200, 900, 5, fmt), name).await;
        assert_eq!(r.status, 201, "{name}: {}", r.text());
        let img = r.json();
        assert_eq!(img["width"], 1200);
        assert_eq!(img["height"], 900);
    }
    // Ten images are one too many.
    let mut ids = Vec::new();
    for seed in 0..10 {
        ids.push(image_id(&c, &owner, seed).await);
    }
    let errors = field_codes(&create(&c, &owner, dress("Linen summer dress", &ids, "IMG")).await);
    assert!(
        errors.contains(&("image_ids".into(), "images-too-many".into())),
        "{errors:?}"
    );
}

async fn editing_a_live_product_keeps_the_approved_version_on_sale(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let id = live_dress(&c, &owner, &ops, "LV").await;
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();

    // A content edit: a new title and a new SKU.
    let mut edit = dress("Linen midi dress with pockets, sage green", &[], "LV");
    edit["image_ids"] = json!([p["images"][0]["id"]]);
    edit["version"] = p["version"].clone();
    edit["skus"].as_array_mut().unwrap().push(json!({"seller_sku": "LV-L", "price": {"amount": 6100, "currency": "USD"}, "variant": {"size": "L"}}));
    let r = put(&c, &format!("/api/v1/shop/products/{id}"), &owner, edit).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let p = r.json()["product"].clone();
    assert_eq!(p["status"], "LIVE");
    assert_eq!(p["audit_status"], "AUDITING");
    let new_sku = p["skus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seller_sku"] == "LV-L")
        .unwrap()
        .clone();
    assert_eq!(new_sku["on_sale"], false);

    // Buyers still get the approved version, without the new SKU.
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}"))
        .await
        .json();
    assert_eq!(shop["title"], "Linen summer dress with pockets, sage green");
    assert_eq!(shop["skus"].as_array().unwrap().len(), 2);

    // A price change applies at once.
    let sku = p["skus"][0]["id"].as_str().unwrap();
    let r = patch(
        &c,
        &format!("/api/v1/shop/skus/{sku}"),
        &owner,
        json!({"price": {"amount": 4900, "currency": "USD"}}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}"))
        .await
        .json();
    assert_eq!(shop["min_price"]["amount"], 4900);
    let r = patch(
        &c,
        &format!("/api/v1/shop/skus/{sku}"),
        &owner,
        json!({"price": {"amount": 900000, "currency": "USD"}}),
    )
    .await;
    assert_eq!(
        field_codes(&r),
        [("price".to_owned(), "price-bounds".to_owned())]
    );

    // Approved: the new content and SKU go on sale.
    let r = post(
        &c,
        &format!("/api/v1/ops/products/{id}/decisions"),
        &ops,
        json!({"action": "approve"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}"))
        .await
        .json();
    assert_eq!(shop["title"], "Linen midi dress with pockets, sage green");
    assert_eq!(shop["skus"].as_array().unwrap().len(), 3);
}

async fn stock_never_goes_below_zero_under_concurrent_changes(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = create(&c, &owner, dress("Linen summer dress", &[], "ST")).await;
    let p = r.json()["product"].clone();
    let sku = p["skus"][0]["id"].as_str().unwrap().to_owned();
    let seller: shopdeck_domain::ids::SellerId = p["seller_id"].as_str().unwrap().parse().unwrap();
    let sku_id: shopdeck_domain::ids::SkuId = sku.parse().unwrap();
    let warehouse: shopdeck_domain::ids::WarehouseId = p["skus"][0]["stock"][0]["warehouse_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(p["skus"][0]["available"], 12);

    // 30 orders race for 12 units: exactly 12 get one.
    let mut tasks = Vec::new();
    for i in 0..30 {
        let app = t.app.clone();
        tasks.push(tokio::spawn(async move {
            shopdeck_app::inventory::reserve(
                &app,
                seller,
                sku_id,
                warehouse,
                1,
                &format!("order-{i}"),
            )
            .await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(shopdeck_app::AppError::Conflict { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 12);
    // Meanwhile sellers cannot set the shelf below what is reserved, nor take more away.
    let r = post(
        &c,
        &format!("/api/v1/shop/skus/{sku}/stock"),
        &owner,
        json!({"quantity": 5}),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.text());
    let r = post(
        &c,
        &format!("/api/v1/shop/skus/{sku}/stock"),
        &owner,
        json!({"delta": -1}),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.text());
    // Concurrent restocks all count.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let c = c.clone();
        let owner = owner.clone();
        let sku = sku.clone();
        tasks.push(tokio::spawn(async move {
            post(
                &c,
                &format!("/api/v1/shop/skus/{sku}/stock"),
                &owner,
                json!({"delta": 2, "reason": "delivery"}),
            )
            .await
            .status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let p = get(
        &c,
        &format!("/api/v1/shop/products/{}", p["id"].as_str().unwrap()),
        &owner,
    )
    .await
    .json();
    let s = &p["skus"][0]["stock"][0];
    assert_eq!(
        (
            s["on_hand"].as_i64(),
            s["reserved"].as_i64(),
            s["available"].as_i64()
        ),
        (Some(32), Some(12), Some(20))
    );
    let moves = get(&c, &format!("/api/v1/shop/skus/{sku}/movements"), &owner)
        .await
        .json();
    let kinds: Vec<&str> = moves["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "RESERVE").count(), 12);
    assert_eq!(kinds.iter().filter(|k| **k == "ADJUST").count(), 10);
    assert_eq!(
        kinds.last(),
        Some(&"SET"),
        "the first movement is the initial count"
    );
    assert!(
        moves["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["on_hand_after"].as_i64() >= m["reserved_after"].as_i64())
    );
}

async fn low_stock_is_announced_once_per_crossing(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let id = live_dress(&c, &owner, &ops, "LS").await;
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let sku = p["skus"][1]["id"].as_str().unwrap().to_owned(); // LS-M, 8 on hand
    let r = patch(
        &c,
        &format!("/api/v1/shop/skus/{sku}"),
        &owner,
        json!({"low_stock_threshold": 3}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let alerts = || async {
        shopdeck_app::notify::list_outbox(&t.app, Some(OWNER), 500)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.recipient == OWNER && m.subject.contains("LS-M"))
            .count()
    };
    let set = |q: i64| {
        let c = c.clone();
        let owner = owner.clone();
        let sku = sku.clone();
        async move {
            let r = post(
                &c,
                &format!("/api/v1/shop/skus/{sku}/stock"),
                &owner,
                json!({"quantity": q}),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.text());
        }
    };
    set(5).await;
    assert_eq!(alerts().await, 0);
    set(2).await;
    assert_eq!(alerts().await, 1);
    set(1).await;
    assert_eq!(alerts().await, 1, "once per crossing");
    let summary = get(&c, "/api/v1/shop/inventory/summary", &owner)
        .await
        .json();
    assert_eq!(summary["low_stock_skus"], 1);
    set(10).await;
    set(0).await;
    assert_eq!(alerts().await, 2, "re-armed above the threshold");
    let summary = get(&c, "/api/v1/shop/inventory/summary", &owner)
        .await
        .json();
    assert_eq!(summary["out_of_stock_skus"], 1);
    let out = get(&c, "/api/v1/shop/products?stock=out", &owner)
        .await
        .json();
    assert_eq!(out["data"].as_array().unwrap().len(), 1);
    assert_eq!(out["data"][0]["id"], id.as_str());
}

async fn batch(c: &TestClient, token: &str, action: &str, ids: Vec<String>) -> Value {
    let r = post(
        c,
        "/api/v1/shop/products/actions",
        token,
        json!({"action": action, "product_ids": ids}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["results"].clone()
}

async fn deactivate_delete_and_recover_within_thirty_days(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let id = live_dress(&c, &owner, &ops, "LC").await;
    let draft = create(&c, &owner, dress("Linen summer dress", &[], "DR"))
        .await
        .json()["product"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = batch(
        &c,
        &owner,
        "deactivate",
        vec![id.clone(), draft.clone(), "prd_nonsense".into()],
    )
    .await;
    assert_eq!(res[0]["ok"], true);
    assert_eq!(res[0]["status"], "SELLER_DEACTIVATED");
    assert_eq!(res[1]["ok"], false, "a draft cannot be deactivated");
    assert_eq!(res[2]["ok"], false);
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        404
    );
    let res = batch(&c, &owner, "activate", vec![id.clone()]).await;
    assert_eq!(res[0]["status"], "LIVE");
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        200
    );

    let r = call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/products/{id}"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        404
    );
    let list = get(&c, "/api/v1/shop/products", &owner).await.json();
    assert!(
        !list["data"].to_string().contains(&id),
        "deleted products leave the default list"
    );
    let deleted = get(&c, "/api/v1/shop/products?status=DELETED", &owner)
        .await
        .json();
    assert!(deleted["data"].to_string().contains(&id));
    t.clock.advance(jiff::SignedDuration::from_hours(24 * 29));
    let owner = login(&c, OWNER, PASSWORD).await;
    let res = batch(&c, &owner, "recover", vec![id.clone()]).await;
    assert_eq!(res[0]["status"], "LIVE", "{res}");
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        200
    );

    // After 30 days it can no longer be recovered, and the clean-up removes it.
    let r = call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/products/{draft}"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 204);
    t.clock.advance(jiff::SignedDuration::from_hours(24 * 31));
    let owner = login(&c, OWNER, PASSWORD).await;
    let res = batch(&c, &owner, "recover", vec![draft.clone()]).await;
    assert_eq!(res[0]["ok"], false);
    assert!(res[0]["error"].as_str().unwrap().contains("30 days"));
    let (purged, _) = shopdeck_app::products::purge(&t.app).await.unwrap();
    assert_eq!(purged, 1);
    let r = get(&c, &format!("/api/v1/shop/products/{draft}"), &owner).await;
    assert_eq!(r.status, 404);
    status_tabs_count_the_shops_products(&t, &c, &owner).await;
}

/// The status tabs' counts (kept per shop as statuses change) are what the products are.
async fn status_tabs_count_the_shops_products(t: &TestApp, c: &TestClient, owner: &str) {
    let counts = get(c, "/api/v1/shop/products", owner).await.json()["counts"].clone();
    let mut conn = t.app.db.conn().await.unwrap();
    let actual: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.status, COUNT(*) FROM products p
         JOIN seller_members m ON m.seller_id = p.seller_id
         JOIN users u ON u.id = m.user_id AND u.email = $1
         GROUP BY p.status",
    )
    .bind(OWNER)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(!actual.is_empty());
    for (status, n) in &actual {
        assert_eq!(counts[status], *n, "{status}: {counts}");
    }
    assert_eq!(counts.as_object().unwrap().len(), actual.len(), "{counts}");
}

async fn the_product_list_searches_filters_and_pages_by_cursor(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let words = ["Linen", "Cotton", "Silk"];
    for i in 0..23 {
        let mut body = dress(
            &format!("{} dress number {i}", words[i % 3]),
            &[],
            &format!("PG{i:02}"),
        );
        body["skus"][0]["price"]["amount"] = json!(1000 + i as i64 * 10);
        let r = create(&c, &owner, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let get = |q: String| {
        let c = c.clone();
        let owner = owner.clone();
        async move { get(&c, &format!("/api/v1/shop/products?{q}"), &owner).await }
    };
    let silk = get("q=silk".into()).await.json();
    assert_eq!(silk["data"].as_array().unwrap().len(), 7);
    let by_sku = get("q=pg07-m".into()).await.json();
    assert_eq!(by_sku["data"].as_array().unwrap().len(), 1);
    assert_eq!(by_sku["data"][0]["title"], "Cotton dress number 7");
    assert_eq!(
        get("status=DRAFT&q=dress".into()).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        23
    );
    assert_eq!(
        get("status=LIVE".into()).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        get("status=DRAFT".into()).await.json()["counts"]["DRAFT"],
        23
    );

    for sort in [
        "updated",
        "title",
        "price_asc",
        "price_desc",
        "created",
        "stock",
    ] {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = get(format!("limit=5&sort={sort}&cursor={cursor}"))
                .await
                .json();
            for item in page["data"].as_array().unwrap() {
                seen.push(item.clone());
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(seen.len(), 23, "{sort}");
        let mut ids: Vec<&str> = seen.iter().map(|s| s["id"].as_str().unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 23, "{sort}: each product exactly once");
        if sort == "price_asc" {
            let prices: Vec<i64> = seen
                .iter()
                .map(|s| s["min_price"]["amount"].as_i64().unwrap())
                .collect();
            assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
        }
        if sort == "title" {
            let titles: Vec<&str> = seen.iter().map(|s| s["title"].as_str().unwrap()).collect();
            assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
        }
    }
    for bad in [
        "cursor=nonsense",
        "sort=random",
        "limit=1000",
        "status=SOLD",
        "stock=some",
    ] {
        let r = get(bad.into()).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.text());
    }
    // A cursor from one sort is refused by another.
    let page = get("limit=5&sort=title".into()).await.json();
    let next = page["next_cursor"].as_str().unwrap();
    assert_eq!(
        get(format!("sort=price_asc&cursor={next}")).await.status,
        422
    );
    // Category filter includes subcategories.
    let fashion = c.get("/api/v1/categories/search?q=dresses").await.json();
    let _ = fashion;
    let cats = c.get("/api/v1/categories").await.json();
    let fashion_id = cats["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["slug"] == "fashion")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let beauty_id = cats["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["slug"] != "fashion")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        get(format!("category_id={fashion_id}&limit=100"))
            .await
            .json()["data"]
            .as_array()
            .unwrap()
            .len(),
        23
    );
    assert_eq!(
        get(format!("category_id={beauty_id}")).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

async fn operators_reject_with_reasons_and_deactivate_live_products(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let img = image_id(&c, &owner, 9).await;
    let mut body = dress("Linen summer dress with pockets", &[img], "RJ");
    body["save_mode"] = json!("LISTING");
    let id = create(&c, &owner, body).await.json()["product"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let decide = |body: Value| {
        let c = c.clone();
        let ops = ops.clone();
        let id = id.clone();
        async move {
            post(
                &c,
                &format!("/api/v1/ops/products/{id}/decisions"),
                &ops,
                body,
            )
            .await
        }
    };
    // Sellers cannot decide; operators must give reasons to reject.
    let r = post(
        &c,
        &format!("/api/v1/ops/products/{id}/decisions"),
        &owner,
        json!({"action": "approve"}),
    )
    .await;
    assert_eq!(r.status, 403);
    let r = decide(json!({"action": "reject"})).await;
    assert_eq!(r.status, 422);
    let r = decide(json!({"action": "reject", "reasons": [{"field": "images", "code": "images-product", "suggestion": "Show the dress itself, not a mood picture."}]})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    assert_eq!(p["status"], "FAILED");
    assert_eq!(
        p["failed_reasons"][0]["suggestion"],
        "Show the dress itself, not a mood picture."
    );
    let r = decide(json!({"action": "approve"})).await;
    assert_eq!(r.status, 409, "no longer under review");

    // Resubmitted and approved; then the platform takes it down with a reason.
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/products/{id}/submission"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.json()["product"]["status"], "PENDING", "{}", r.text());
    assert_eq!(decide(json!({"action": "approve"})).await.status, 200);
    let r = decide(json!({"action": "deactivate", "reasons": [{"field": "", "code": "counterfeit", "suggestion": "Reported as counterfeit."}]})).await;
    assert_eq!(r.json()["status"], "PLATFORM_DEACTIVATED");
    assert_eq!(
        c.get(&format!("/api/v1/storefront/products/{id}"))
            .await
            .status,
        404
    );
    let res = post(
        &c,
        "/api/v1/shop/products/actions",
        &owner,
        json!({"action": "activate", "product_ids": [id]}),
    )
    .await
    .json();
    assert_eq!(
        res["results"][0]["ok"], false,
        "only the platform lifts its block"
    );
    let r = put(
        &c,
        &format!("/api/v1/shop/products/{id}"),
        &owner,
        dress("Linen summer dress", &[], "RJ"),
    )
    .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        decide(json!({"action": "reactivate"})).await.json()["status"],
        "SELLER_DEACTIVATED"
    );
}

async fn a_shop_under_review_can_draft_but_not_list(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@lumiere-atelier.example", PASSWORD).await;
    let mut body = dress("Robe d'été en lin avec poches", &[], "LU");
    body["source_locale"] = json!("fr");
    body["editions"][0]["locale"] = json!("es");
    for s in body["skus"].as_array_mut().unwrap() {
        s["price"]["currency"] = json!("EUR");
    }
    let r = create(&c, &owner, body.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["product"]["id"].as_str().unwrap().to_owned();
    let r = call(
        &c,
        "POST",
        &format!("/api/v1/shop/products/{id}/submission"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 409);
    assert!(r.json()["detail"].as_str().unwrap().contains("approved"));
}
