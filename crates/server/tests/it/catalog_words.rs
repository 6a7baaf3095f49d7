//! The catalogue in the reader's words and the listing grade: attribute values, variants and
//! the first warehouse in each language (sizes keep their capitals), the quality grade with
//! its rules, the product form's own checks, and "- " lines shown as lists.

use serde_json::json;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{log_in, ops_browser, post_multipart};
use shopdeck_testkit::fixtures::{dress, get, image_id, login, png, post};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;
use crate::web_products::{dresses, refs};

db_tests!(
    attribute_values_and_sizes_read_in_the_readers_language,
    the_first_warehouse_is_named_in_the_readers_language,
    demo_listings_grade_good_and_a_thin_listing_poor_with_its_reasons,
    the_form_refuses_a_missing_attribute_or_description_beside_the_field,
    dash_lines_in_a_description_show_as_a_list,
    the_demo_video_plays_from_shopdeck_and_shops_have_a_face,
    a_seller_sets_the_shop_pages_logo_banner_and_description,
);

const PASSWORD: &str = "shopdeck-demo";
const MAPLE: &str = "owner@maple-pine.example";

/// Switches a browser session to `lang` (the language chooser's cookie).
async fn speak(c: &TestClient, lang: &str) {
    let r = c.get(&format!("/lang/{lang}?next=/")).await;
    assert!(r.status == 303 || r.status == 302, "{}", r.status);
}

/// The demo's linen dress (sizes XS–L): its id.
async fn linen_dress(c: &TestClient) -> String {
    let found = c
        .get("/api/v1/storefront/products?q=mp-ld-xs&locale=en")
        .await
        .json();
    found["data"][0]["id"].as_str().unwrap().to_owned()
}

async fn attribute_values_and_sizes_read_in_the_readers_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    let c = t.client();
    let id = linen_dress(&c).await;
    // Stored as codes: the API answers with them.
    let p = c
        .get(&format!("/api/v1/storefront/products/{id}?locale=en"))
        .await
        .json();
    let sizes: Vec<&str> = p["skus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["variant"]["size"].as_str().unwrap())
        .collect();
    assert!(sizes.contains(&"xs"), "{sizes:?}");

    for (lang, words) in [
        (
            "ja",
            ["<dd>リネン</dd>", "<dd>グリーン</dd>", "<dd>無地</dd>"],
        ),
        ("ar", ["<dd>كتان</dd>", "<dd>أخضر</dd>", "<dd>سادة</dd>"]),
        ("fr", ["<dd>Lin</dd>", "<dd>Vert</dd>", "<dd>Uni</dd>"]),
    ] {
        let buyer = t.client();
        speak(&buyer, lang).await;
        let html = buyer.get(&format!("/p/{id}")).await.text();
        for w in words {
            assert!(html.contains(w), "{lang}: {w} missing");
        }
        // The size picker keeps the sizes' conventional capitals.
        assert!(html.contains(">XS<"), "{lang}: XS");
        assert!(!html.contains(">xs<") && !html.contains(">s<"), "{lang}");
    }

    // The seller's product page puts the variant as "サイズ：XS".
    let seller = log_in(&t, MAPLE).await;
    speak(&seller, "ja").await;
    let html = seller.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains("サイズ：XS"), "seller variant in Japanese");
    assert!(
        html.contains("<dd>リネン</dd>"),
        "seller attributes in Japanese"
    );
}

async fn the_first_warehouse_is_named_in_the_readers_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, MAPLE).await;
    for (lang, name) in [
        ("en", "Main warehouse"),
        ("fr", "Entrepôt principal"),
        ("ja", "メイン倉庫"),
        ("ar", "المستودع الرئيسي"),
    ] {
        speak(&c, lang).await;
        let html = c.get("/seller/products/warehouses").await.text();
        assert!(html.contains(name), "{lang}: {name} missing");
        if lang != "en" {
            assert!(!html.contains("Main warehouse"), "{lang}: English leaks");
        }
    }
    // A warehouse the seller names keeps its name in every language.
    let r = c
        .post_form(
            "/seller/products/warehouses",
            &[("name", "Lager Nord"), ("address", "")],
        )
        .await;
    assert!(r.status == 303 || r.status == 200, "{}", r.text());
    let html = c.get("/seller/products/warehouses").await.text();
    assert!(html.contains("Lager Nord") && html.contains("المستودع الرئيسي"));
}

async fn demo_listings_grade_good_and_a_thin_listing_poor_with_its_reasons(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    assert_eq!(
        shopdeck_app::demo::load_catalogue(&t.app).await.unwrap(),
        10
    );
    let c = t.client();
    for shop in [
        MAPLE,
        "owner@thistle-thread.example",
        "owner@sakura-stationery.example",
    ] {
        let token = login(&c, shop, PASSWORD).await;
        let list = get(&c, "/api/v1/shop/products", &token).await.json();
        let items = list["data"].as_array().unwrap();
        assert!(!items.is_empty(), "{shop}");
        for p in items {
            assert_eq!(p["quality_grade"], "GOOD", "{shop}: {p}");
        }
    }
    // A demo listing's page states the rules, all met.
    let seller = log_in(&t, MAPLE).await;
    let id = linen_dress(&c).await;
    let html = seller.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains("Quality: Good"));
    assert!(html.contains("Good: every rule below is met."), "the scale");
    assert!(html.contains("data-rule=\"images-few\""));
    assert!(!html.contains("class=\"rule-missed\""), "nothing missed");

    // A thin listing (one image, two lines of text, no barcode, no package) is Poor, and
    // its page says what to improve.
    let owner = login(&c, MAPLE, PASSWORD).await;
    let img = image_id(&c, &owner, 3).await;
    let mut body = dress(
        "Linen summer dress with pockets, sage green",
        &[img],
        "THIN",
    );
    body["editions"] = json!([{"locale": "en", "title": "Linen summer dress with pockets, sage green", "description": "A linen dress with pockets."}]);
    body["skus"][0]["gtin"] = json!(null);
    body["attributes"] = json!({"color": "green"});
    for k in ["weight_grams", "length_mm", "width_mm", "height_mm"] {
        body[k] = json!(null);
    }
    body["save_mode"] = json!("LISTING");
    let r = post(&c, "/api/v1/shop/products", &owner, body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let product = r.json()["product"].clone();
    assert_eq!(product["status"], "PENDING", "{product}");
    assert_eq!(product["quality_grade"], "POOR", "{product}");
    let thin = product["id"].as_str().unwrap().to_owned();
    let html = seller.get(&format!("/seller/products/{thin}")).await.text();
    assert!(html.contains("Quality: Poor"));
    for rule in [
        "description-short",
        "description-points",
        "images-few",
        "attributes-incomplete",
        "gtin-missing",
        "package-missing",
    ] {
        assert!(
            html.contains(&format!("class=\"rule-missed\" data-rule=\"{rule}\"")),
            "{rule} not shown as missed"
        );
    }
    assert!(html.contains("class=\"rule-met\" data-rule=\"brand-missing\""));
    assert!(html.contains("6 rules missed."), "the count");
    assert!(
        html.contains("Add more images (five or more)"),
        "what to do"
    );
    // In another language too.
    speak(&seller, "es").await;
    let html = seller.get(&format!("/seller/products/{thin}")).await.text();
    assert!(html.contains("Faltan 6 reglas."), "Spanish count");
    assert!(html.contains("Al menos 5 imágenes."));
}

async fn the_form_refuses_a_missing_attribute_or_description_beside_the_field(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, MAPLE).await;
    let cat = dresses(&t).await;

    // The SKU table offers the size list and a remove button for rows not saved yet.
    let form = c
        .get(&format!("/seller/products/new?category_id={cat}"))
        .await
        .text();
    let size_cell = form.split("name=\"skus[0].variant.size\"").next().unwrap();
    assert!(
        size_cell.ends_with("<select id=\"f-skus-0-variant-size\" "),
        "a select"
    );
    assert!(form.contains("<option value=\"xs\">XS</option>"));
    assert!(form.contains("sku-row-remove"), "remove button");

    let title = "Linen summer dress with pockets, sage green";
    let fields: Vec<(&str, String)> = vec![
        ("category_id", cat.clone()),
        ("source_locale", "en".into()),
        ("editions[0].locale", "en".into()),
        ("editions[0].title", title.into()),
        ("editions[0].description", "  ".into()),
        ("attributes.material", "linen".into()),
        ("skus[0].seller_sku", "CHK-1".into()),
        ("skus[0].price", "49.00".into()),
        ("skus[0].stock", "3".into()),
        ("intent", "submit".into()),
    ];
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 422, "refused before anything is saved");
    let html = r.text();
    assert!(
        html.contains(
            "id=\"f-attributes-color-error\">Choose the Colour: this category requires it."
        ),
        "beside the colour"
    );
    assert!(html.contains("id=\"f-attributes-size-error\">Choose the Size"));
    assert!(html.contains("id=\"f-brand-error\">Choose the Brand"));
    assert!(html.contains(
        "id=\"f-editions-0-description-error\">Describe the product before submitting it for review."
    ));
    // Nothing was created (no FAILED product).
    let list = c.get("/seller/products").await.text();
    assert!(!list.contains(title), "no product was saved");

    // The same in Japanese.
    speak(&c, "ja").await;
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("カラーを選んでください。このカテゴリでは必須です。"));
    assert!(html.contains("審査に提出する前に商品説明を入力してください。"));

    // A draft may be incomplete.
    let mut draft = fields.clone();
    draft.retain(|(k, _)| *k != "intent");
    draft.push(("intent", "draft".into()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&draft), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
}

async fn dash_lines_in_a_description_show_as_a_list(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, MAPLE, PASSWORD).await;
    let img = image_id(&c, &owner, 5).await;
    let mut body = dress("Linen summer dress with pockets, sage green", &[img], "BUL");
    body["editions"][0]["description"] = json!(format!(
        "{}\n- Deep pockets & a belt\n- Tie waist\n- Machine washable\n\nMade in Portugal.",
        "A light summer dress in washed linen with a relaxed fit. ".repeat(6)
    ));
    body["save_mode"] = json!("LISTING");
    let r = post(&c, "/api/v1/shop/products", &owner, body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["product"]["id"].as_str().unwrap().to_owned();
    let list = "<ul><li>Deep pockets &amp; a belt</li><li>Tie waist</li><li>Machine washable</li></ul><p>Made in Portugal.</p>";
    let seller = log_in(&t, MAPLE).await;
    let html = seller.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains(list), "the seller's view");
    assert!(!html.contains("- Tie waist"));
    let ops = ops_browser(&t).await;
    let html = ops.get(&format!("/ops/products/{id}")).await.text();
    assert!(html.contains(list), "the operator's view");
}

async fn the_demo_video_plays_from_shopdeck_and_shops_have_a_face(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    assert_eq!(shopdeck_app::demo::load_media(&t.app).await.unwrap(), 3);
    let c = t.client();
    let videos = c.get("/api/v1/storefront/videos").await.json();
    let v = &videos["data"][0];
    assert_eq!(v["kind"], "FILE", "{v}");
    assert!(v["link_url"].is_null(), "no other site");
    let play = v["play_url"].as_str().unwrap().to_owned();
    assert!(play.starts_with("/media/video/"), "{play}");
    let r = c.get(&play).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("video/mp4"));
    assert_eq!(&r.body[4..8], b"ftyp", "an MP4 file");
    // The video page plays it in place.
    let id = v["id"].as_str().unwrap();
    let page = c.get(&format!("/v/{id}")).await.text();
    assert!(
        page.contains(&format!("src=\"{play}\"")),
        "a <video> of the file"
    );
    assert!(!page.contains("videos.example"));
    // The live session needs no stream: its page shows the pinned product and the Q&A.
    let lineup = c.get("/api/v1/storefront/live").await.json();
    let live = lineup["live_now"][0]["id"].as_str().unwrap().to_owned();
    let html = c.get(&format!("/live/{live}")).await.text();
    assert!(!html.contains("live.example"));
    assert!(html.contains("Pinned now"), "pinned product");

    // Every demo shop has a logo, a banner and a description, all served.
    let shops: std::collections::BTreeSet<String> = c
        .get("/api/v1/storefront/products?per_page=100")
        .await
        .json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["seller_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shops.len(), 3);
    for shop in shops {
        let html = c.get(&format!("/shop/{shop}")).await.text();
        for class in ["shop-banner", "shop-logo", "shop-description"] {
            assert!(
                html.contains(&format!("class=\"{class}\"")),
                "{shop}: {class}"
            );
        }
        let banner = fixtures::web::text_between(&html, "class=\"shop-banner\" src=\"", "\"");
        let r = c.get(&banner).await;
        assert_eq!(r.status, 200, "{banner}");
        assert_eq!(r.header("content-type"), Some("image/jpeg"));
    }
}

async fn a_seller_sets_the_shop_pages_logo_banner_and_description(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, MAPLE).await;
    let form = c.get("/seller/account/shop-page").await;
    assert_eq!(form.status, 200);
    assert!(form.text().contains("enctype=\"multipart/form-data\""));
    // Too long a description is refused beside the field, in the page's language.
    speak(&c, "fr").await;
    let long = "x".repeat(501);
    let r = post_multipart(
        &c,
        "/seller/account/shop-page",
        &[("description", &long)],
        &[],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("id=\"f-description-error\">500 caractères au plus")
    );
    speak(&c, "en").await;
    let r = post_multipart(
        &c,
        "/seller/account/shop-page",
        &[("description", "Outdoor clothes cut to last.")],
        &[
            ("logo", "logo.png", png(11)),
            ("banner", "banner.png", png(12)),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some("/seller/account/shop-page?saved=1")
    );
    // The storefront shows them.
    let id = shopdeck_app::storefront::list_public_shops(&t.app, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.store_name == "Maple & Pine Outfitters")
        .unwrap()
        .id;
    let html = t.client().get(&format!("/shop/{id}")).await.text();
    assert!(html.contains("Outdoor clothes cut to last."));
    assert!(html.contains("class=\"shop-logo\""));
    assert!(html.contains("class=\"shop-banner\""));
    // Saving the words again keeps the pictures.
    let r = post_multipart(
        &c,
        "/seller/account/shop-page",
        &[("description", "Made to be mended.")],
        &[],
    )
    .await;
    assert_eq!(r.status, 303);
    let html = t.client().get(&format!("/shop/{id}")).await.text();
    assert!(html.contains("Made to be mended.") && html.contains("class=\"shop-logo\""));
}
