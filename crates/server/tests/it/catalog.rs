//! The category tree and product attributes: shipped data, search, inheritance, and operator
//! editing through the console and the API.

use std::collections::HashMap;

use serde_json::{Value, json};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{login, post, put};
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    the_shipped_tree_has_hundreds_of_leaves_in_six_languages,
    leaves_are_found_by_name_in_the_buyers_language,
    attributes_are_inherited_and_the_nearest_declaration_wins,
    operators_edit_the_tree_in_the_console,
    two_processes_starting_together_seed_the_tree_once,
);

fn leaves(nodes: &Value, out: &mut Vec<Value>) {
    for n in nodes.as_array().unwrap() {
        if n["children"].as_array().unwrap().is_empty() {
            out.push(n.clone());
        } else {
            leaves(&n["children"], out);
        }
    }
}

async fn the_shipped_tree_has_hundreds_of_leaves_in_six_languages(b: TestBackend) {
    let t = TestApp::new(b).await;
    assert!(
        shopdeck_app::catalog::seed_platform_data(&t.app)
            .await
            .unwrap()
    );
    assert!(
        !shopdeck_app::catalog::seed_platform_data(&t.app)
            .await
            .unwrap(),
        "only into an empty catalogue"
    );
    let c = t.client();
    let en = c.get("/api/v1/categories").await.json();
    let mut all = Vec::new();
    leaves(&en["data"], &mut all);
    assert!(all.len() >= 300, "{} leaves", all.len());
    assert!(all.iter().all(|l| l["is_leaf"] == true));
    for locale in ["zh-CN", "ja", "ar", "fr", "es"] {
        let doc = c
            .get(&format!("/api/v1/categories?locale={locale}"))
            .await
            .json();
        let mut names = Vec::new();
        leaves(&doc["data"], &mut names);
        assert_eq!(names.len(), all.len());
        let same = names
            .iter()
            .zip(&all)
            .filter(|(a, b)| a["name"] == b["name"])
            .count();
        assert!(
            same * 10 < all.len(),
            "{locale}: {same} leaves keep their English name"
        );
    }
}

async fn leaves_are_found_by_name_in_the_buyers_language(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let r = c
        .get("/api/v1/categories/search?q=robes&locale=fr")
        .await
        .json();
    let found = r["data"].as_array().unwrap();
    assert!(found.iter().any(|l| l["slug"] == "womens-dresses"), "{r}");
    assert_eq!(
        found
            .iter()
            .find(|l| l["slug"] == "womens-dresses")
            .unwrap()["path"][0],
        "Mode"
    );
    // English words find leaves whatever the language shown.
    let r = c
        .get("/api/v1/categories/search?q=skincare&locale=ja")
        .await
        .json();
    assert!(
        r["data"].as_array().unwrap().iter().any(|l| l["path"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "スキンケア")),
        "{r}"
    );
    let r = c
        .get("/api/v1/categories/search?q=zzzz-nothing")
        .await
        .json();
    assert!(r["data"].as_array().unwrap().is_empty());
    let r = c.get("/api/v1/categories/search?limit=5").await.json();
    assert_eq!(r["data"].as_array().unwrap().len(), 5);
}

async fn attributes_are_inherited_and_the_nearest_declaration_wins(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let ops = login(&c, "ops@shopdeck.example", "shopdeck-demo").await;
    let r = post(
        &c,
        "/api/v1/ops/categories",
        &ops,
        json!({"slug": "outdoor-test", "names": {"en": "Outdoor test", "fr": "Plein air"}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let parent = r.json()["id"].as_str().unwrap().to_owned();
    let r = post(
        &c,
        "/api/v1/ops/categories",
        &ops,
        json!({"parent_id": parent, "slug": "tents-test", "names": {"en": "Tents"}}),
    )
    .await;
    let child = r.json()["id"].as_str().unwrap().to_owned();
    let lib = shopdeck_app::catalog::attribute_library(&t.app, shopdeck_domain::Locale::En)
        .await
        .unwrap();
    let (a, z) = (lib[0].key.clone(), lib[1].key.clone());
    let r = put(
        &c,
        &format!("/api/v1/ops/categories/{parent}/attributes"),
        &ops,
        json!([{"key": a, "required": true}, {"key": z}]),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = put(
        &c,
        &format!("/api/v1/ops/categories/{child}/attributes"),
        &ops,
        json!([{"key": z, "required": true, "sales": true}]),
    )
    .await;
    assert_eq!(r.status, 204);
    let attrs = c
        .get(&format!("/api/v1/categories/{child}/attributes"))
        .await
        .json();
    let got: HashMap<String, (bool, bool)> = attrs["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["key"].as_str().unwrap().to_owned(),
                (x["required"] == true, x["sales"] == true),
            )
        })
        .collect();
    assert_eq!(
        got.get(&a),
        Some(&(true, false)),
        "inherited from the parent"
    );
    assert_eq!(
        got.get(&z),
        Some(&(true, true)),
        "the child's own declaration wins"
    );
    // The parent is no longer a leaf; unknown attributes and bad slugs are refused.
    let leaves_now = c
        .get("/api/v1/categories/search?q=outdoor-test&limit=100")
        .await
        .json();
    assert!(
        leaves_now["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["slug"] != "outdoor-test")
    );
    put(
        &c,
        &format!("/api/v1/ops/categories/{child}/attributes"),
        &ops,
        json!([{"key": "no_such_attribute"}]),
    )
    .await
    .assert_problem(422, "validation-failed");
    put(
        &c,
        &format!("/api/v1/ops/categories/{child}/attributes"),
        &ops,
        json!([{"key": a}, {"key": a}]),
    )
    .await
    .assert_problem(422, "validation-failed");
    post(
        &c,
        "/api/v1/ops/categories",
        &ops,
        json!({"slug": "Bad Slug!", "names": {"en": "x"}}),
    )
    .await
    .assert_problem(422, "validation-failed");
    post(
        &c,
        "/api/v1/ops/categories",
        &ops,
        json!({"slug": "tents-test", "names": {"en": "Again"}}),
    )
    .await
    .assert_problem(422, "validation-failed");
    c.get("/api/v1/categories/cat_00000000000000000000000000000000/attributes")
        .await
        .assert_problem(404, "not-found");
    // Sellers do not edit the tree.
    let seller = login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    post(
        &c,
        "/api/v1/ops/categories",
        &seller,
        json!({"slug": "x", "names": {"en": "x"}}),
    )
    .await
    .assert_problem(403, "forbidden");
}

async fn operators_edit_the_tree_in_the_console(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let op = t.client();
    fixtures::web::sign_in(&op, "/ops/login", fixtures::OPS, fixtures::PASSWORD).await;
    let page = op.get("/ops/categories").await.text();
    let id = fixtures::web::text_between(&page, "href=\"/ops/categories/cat_", "\"");
    let path = format!("/ops/categories/cat_{id}");
    assert_eq!(op.get(&path).await.status, 200);
    fixtures::web::submitted(
        &op,
        &format!("{path}/names"),
        &[("en", "Fashion & Apparel"), ("ja", "ファッション・衣料")],
    )
    .await;
    assert_eq!(
        t.client().get("/api/v1/categories?locale=ja").await.json()["data"][0]["name"],
        "ファッション・衣料"
    );
    fixtures::web::refused(
        &op,
        &format!("{path}/attributes"),
        &[("attributes", "nonsense!")],
    )
    .await;
    fixtures::web::submitted(
        &op,
        &format!("{path}/children"),
        &[("slug", "capsule-wardrobe"), ("en", "Capsule wardrobe")],
    )
    .await;
    assert!(
        op.get("/ops/categories")
            .await
            .text()
            .contains("Capsule wardrobe")
    );
    let seller = t.client();
    fixtures::web::sign_in(
        &seller,
        "/seller/login",
        fixtures::OWNER,
        fixtures::PASSWORD,
    )
    .await;
    assert_eq!(seller.get("/ops/categories").await.status, 403);
}

async fn two_processes_starting_together_seed_the_tree_once(b: TestBackend) {
    let t = TestApp::new(b).await;
    let other = shopdeck_app::App::new(
        t.db.connect().await,
        t.app.clock.clone(),
        shopdeck_app::Settings::default(),
    );
    let (x, y) = tokio::join!(
        shopdeck_app::catalog::seed_platform_data(&t.app),
        shopdeck_app::catalog::seed_platform_data(&other)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert!(x ^ y, "exactly one seeded ({x}, {y})");
    let doc = t.client().get("/api/v1/categories").await.json();
    let mut all = Vec::new();
    leaves(&doc["data"], &mut all);
    let slugs: std::collections::HashSet<_> = all
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(slugs.len(), all.len(), "no category twice");
}
