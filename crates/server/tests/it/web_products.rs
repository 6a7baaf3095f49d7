//! The Products section of Seller Center, the operators' product review and the storefront's
//! product pages, through the real router.

use shopdeck_domain::Locale;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::web::{log_in, ops_browser, post_multipart};
use shopdeck_testkit::fixtures::{OWNER, png};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_product_goes_from_the_form_through_review_to_the_store,
    form_errors_appear_beside_their_fields_and_uploads_are_kept,
    stock_prices_and_the_seller_home_to_dos,
    batch_deactivate_reports_each_product,
    members_without_products_get_403_and_viewers_cannot_edit,
    another_shops_product_is_not_found,
    media_serves_cached_jpeg_renditions,
    a_shop_under_review_saves_drafts_but_cannot_submit,
    operators_reject_with_readable_reasons_and_take_products_off_sale,
);

pub(crate) async fn dresses(t: &TestApp) -> String {
    shopdeck_app::catalog::search_leaves(&t.app, Locale::En, "womens-dresses", 1)
        .await
        .unwrap()[0]
        .id
        .to_string()
}

/// The dress form: two colours, English and French, with `title` in English.
fn dress_fields<'a>(category: &'a str, title: &'a str, prefix: &str) -> Vec<(&'a str, String)> {
    vec![
        ("category_id", category.to_owned()),
        ("source_locale", "en".into()),
        ("editions[0].locale", "en".into()),
        ("editions[0].title", title.to_owned()),
        (
            "editions[0].description",
            "<p>A light dress in washed linen, with pockets.</p><ul><li>Machine washable</li></ul>"
                .into(),
        ),
        ("editions[1].locale", "fr".into()),
        ("editions[1].title", "Robe d’été en lin à poches".into()),
        (
            "editions[1].description",
            "<p>Une robe légère en lin lavé, avec poches.</p>".into(),
        ),
        ("brand", "Maple & Pine".into()),
        ("attributes.material", "linen".into()),
        // One size for all; the variants differ by colour.
        ("attributes.size", "m".into()),
        ("sales_attributes", "color".into()),
        ("skus[0].seller_sku", format!("{prefix}-BLK")),
        ("skus[0].price", "49.00".into()),
        ("skus[0].variant.color", "black".into()),
        ("skus[0].stock", "20".into()),
        ("skus[1].seller_sku", format!("{prefix}-WHT")),
        ("skus[1].price", "52.50".into()),
        ("skus[1].variant.color", "white".into()),
        ("skus[1].stock", "0".into()),
        // The blank extra row every form has.
        ("skus[2].seller_sku", String::new()),
        ("skus[2].price", String::new()),
        ("extra_rows", "1".into()),
        ("weight_grams", "400".into()),
        ("handling_days", "2".into()),
    ]
}

pub(crate) fn refs<'a>(v: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The product id from a redirect to its page.
fn product_id(r: &TestResponse) -> String {
    let loc = r
        .header("location")
        .unwrap_or_else(|| panic!("no redirect: {} {}", r.status, r.text()));
    loc.trim_start_matches("/seller/products/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

/// The value of the first `name="…" value="…"` input on a page.
fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in the page"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// The id of a SKU's card on the product page.
fn sku_id(html: &str, seller_sku: &str) -> String {
    html.split("id=\"sku-")
        .skip(1)
        .find(|chunk| {
            chunk
                .split("</h3>")
                .next()
                .is_some_and(|h| h.contains(seller_sku))
        })
        .and_then(|chunk| chunk.split('"').next())
        .unwrap_or_else(|| panic!("no card for {seller_sku}"))
        .to_owned()
}

/// Creates the dress in the browser (with an image) and gets it approved; returns its id.
async fn live_dress(t: &TestApp, c: &TestClient, prefix: &str) -> String {
    let cat = dresses(t).await;
    let mut fields = dress_fields(&cat, "Linen summer dress with pockets", prefix);
    fields.push(("intent", "submit".into()));
    let r = post_multipart(
        c,
        "/seller/products/new",
        &refs(&fields),
        &[("images", "dress.png", png(7))],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id = product_id(&r);
    if !r.header("location").unwrap().ends_with("notice=submitted") {
        let page = c.get(&format!("/seller/products/{id}")).await.text();
        let reasons = page.split("id=\"failed-reasons\"").nth(1).unwrap_or(&page);
        panic!("not submitted: {reasons}");
    }
    let ops = ops_browser(t).await;
    fixtures::web::submitted(
        &ops,
        &format!("/ops/products/{id}/decision"),
        &[("action", "approve")],
    )
    .await;
    id
}

async fn a_product_goes_from_the_form_through_review_to_the_store(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;

    // The list starts empty, with the way to add a product.
    let list = c.get("/seller/products").await;
    assert_eq!(list.status, 200);
    assert!(list.text().contains("href=\"/seller/products/new\""));
    // The category picker finds leaves by name.
    let picker = c.get("/seller/products/new?q=dress").await.text();
    assert!(picker.contains("Dresses"), "{picker}");
    let cat = dresses(&t).await;
    let form = c
        .get(&format!("/seller/products/new?category_id={cat}"))
        .await;
    assert_eq!(form.status, 200);
    let html = form.text();
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(
        html.contains("name=\"attributes.material\""),
        "category attributes"
    );
    assert!(html.contains("value=\"color\""), "sales attributes offered");

    // A title with an offer in it fails the automatic check on submission.
    let mut fields = dress_fields(&cat, "Linen summer dress free shipping", "DRS");
    fields.push(("intent", "submit".into()));
    let r = post_multipart(
        &c,
        "/seller/products/new",
        &refs(&fields),
        &[("images", "dress.png", png(1))],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?notice=failed"));
    let id = product_id(&r);
    let page = c.get(&format!("/seller/products/{id}")).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Why this product was not approved"), "{html}");
    assert!(html.contains(
        "<strong>Title</strong>: Describe the product; put offers such as “free shipping”"
    ));
    assert!(html.contains(">Failed<"), "status shown");
    assert!(html.contains("/media/"), "the uploaded image is attached");
    assert!(
        html.contains("Robe d’été en lin à poches"),
        "the French edition"
    );
    // Both variants with their stock.
    assert!(html.contains("DRS-BLK") && html.contains("DRS-WHT"));
    // The list shows it under Failed.
    let failed = c.get("/seller/products?status=FAILED").await.text();
    assert!(failed.contains("Linen summer dress free shipping"));
    assert!(failed.contains("<bdi>Failed</bdi> (1)"));

    // Fixing the title through the edit form sends it to review.
    let edit = c.get(&format!("/seller/products/{id}/edit")).await;
    assert_eq!(edit.status, 200);
    let edit = edit.text();
    let version = input_value(&edit, "version");
    let image = input_value(&edit, "image_ids");
    assert!(edit.contains("value=\"DRS-WHT\""), "SKU rows are filled in");
    let mut fields = dress_fields(&cat, "Linen summer dress with pockets", "DRS");
    fields.push(("version", version.clone()));
    fields.push(("image_ids", image.clone()));
    fields.push(("intent", "submit".into()));
    let r = post_multipart(
        &c,
        &format!("/seller/products/{id}/edit"),
        &refs(&fields),
        &[],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?notice=submitted"));
    let html = c.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains(">Under review<"), "{html}");
    assert!(!html.contains("Why this product was not approved"));
    // An old version of the form is refused instead of overwriting.
    let r = post_multipart(
        &c,
        &format!("/seller/products/{id}/edit"),
        &refs(&fields),
        &[],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("This changed meanwhile. Reload the page and try again.")
    );

    // Not on sale yet.
    assert_eq!(t.client().get(&format!("/p/{id}")).await.status, 404);

    // The operator sees it in the queue, with the shop and category, and approves it.
    let ops = ops_browser(&t).await;
    let queue = ops.get("/ops/products").await;
    assert_eq!(queue.status, 200);
    let queue = queue.text();
    assert!(queue.contains("Linen summer dress with pockets"));
    assert!(queue.contains("Maple &amp; Pine Outfitters"));
    assert!(queue.contains("Fashion › Women"), "{queue}");
    let review = ops.get(&format!("/ops/products/{id}")).await.text();
    assert!(
        review.contains("Robe d’été en lin à poches"),
        "all editions"
    );
    assert!(review.contains("DRS-WHT"), "SKUs");
    assert!(
        review.contains("Failed the automatic check"),
        "prior reviews"
    );
    fixtures::web::submitted(
        &ops,
        &format!("/ops/products/{id}/decision"),
        &[("action", "approve")],
    )
    .await;
    assert!(
        !ops.get("/ops/products")
            .await
            .text()
            .contains("Linen summer dress")
    );
    assert!(
        c.get(&format!("/seller/products/{id}"))
            .await
            .text()
            .contains(">Live<")
    );

    // The storefront: the product page in English, and in French by browser or by choice.
    let buyer = t.client();
    let p = buyer.get(&format!("/p/{id}")).await;
    assert_eq!(p.status, 200);
    let html = p.text();
    assert!(
        html.contains("<h1><bdi>Linen summer dress with pockets</bdi></h1>"),
        "{html}"
    );
    assert!(html.contains("$49.00 – $52.50"));
    assert!(
        html.contains("<li>Machine washable</li>"),
        "description HTML is rendered"
    );
    assert!(html.contains("Maple &amp; Pine Outfitters"));
    assert!(html.contains("Sold out"), "the white dress has no stock");
    let fr = t.client().with_header("accept-language", "fr-FR,fr;q=0.9");
    let html = fr.get(&format!("/p/{id}")).await.text();
    assert!(
        html.contains("<h1><bdi>Robe d’été en lin à poches</bdi></h1>"),
        "{html}"
    );
    assert!(html.contains("lang=\"fr\""));
    let chosen = t.client();
    chosen.get("/lang/fr?next=/").await;
    assert!(
        chosen
            .get(&format!("/p/{id}"))
            .await
            .text()
            .contains("Robe d’été en lin à poches")
    );
    // Lists: home, category, search, shop.
    assert!(
        buyer
            .get("/")
            .await
            .text()
            .contains(&format!("href=\"/p/{id}\""))
    );
    assert!(
        buyer
            .get("/c/womens-clothing")
            .await
            .text()
            .contains(&format!("href=\"/p/{id}\""))
    );
    assert!(
        !buyer
            .get("/c/mens-clothing")
            .await
            .text()
            .contains(&format!("href=\"/p/{id}\""))
    );
    assert!(
        buyer
            .get("/search?q=linen")
            .await
            .text()
            .contains("Linen summer dress")
    );
    assert!(
        !buyer
            .get("/search?q=teapot")
            .await
            .text()
            .contains("Linen summer dress")
    );
    let shop_link = fixtures::web::text_between(&html, "href=\"/shop/", "\"");
    assert!(
        buyer
            .get(&format!("/shop/{shop_link}"))
            .await
            .text()
            .contains("Linen summer dress")
    );
    assert_eq!(buyer.get("/p/prd_nonsense").await.status, 404);
}

async fn form_errors_appear_beside_their_fields_and_uploads_are_kept(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "", "ERR");
    for (k, v) in fields.iter_mut() {
        if *k == "skus[0].price" {
            *v = "abc".into();
        }
        if *k == "skus[1].stock" {
            *v = "lots".into();
        }
    }
    fields.push(("intent", "draft".into()));
    let r = post_multipart(
        &c,
        "/seller/products/new",
        &refs(&fields),
        &[("images", "dress.png", png(2))],
    )
    .await;
    assert_eq!(r.status, 422);
    let html = r.text();
    // Our own check (a number that is not one) comes first; the image is already uploaded.
    assert!(
        html.contains("id=\"f-skus-1-stock-error\">Give a whole number.</p>"),
        "{html}"
    );
    let image = input_value(&html, "image_ids");
    assert!(html.contains(&format!("src=\"/media/{image}/thumb\"")));
    // Fix the stock; the use-case's messages land beside their fields, rows as shown.
    for (k, v) in fields.iter_mut() {
        if *k == "skus[1].stock" {
            *v = "3".into();
        }
    }
    fields.push(("image_ids", image.clone()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(
        html.contains(
            "id=\"f-skus-0-price-error\">Write the price as a number, for example 19.99.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("id=\"f-editions-0-title-error\">Give the product a title.</p>"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("Please correct 2 problem(s)"));
    // What was typed is kept.
    assert!(html.contains("value=\"abc\""));
    assert!(html.contains("value=\"ERR-WHT\""));
    assert!(html.contains(&format!("name=\"image_ids\" value=\"{image}\"")));
    // Nothing was saved.
    assert!(
        c.get("/seller/products")
            .await
            .text()
            .contains("No products match.")
    );

    // The same errors in French.
    let fr = log_in(&t, OWNER).await.with_header("accept-language", "fr");
    let r = post_multipart(&fr, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("Écrivez le prix sous forme de nombre, par exemple 19.99.")
    );

    // "Add a row" re-shows the form with one more SKU row, saving nothing.
    let mut more = fields.clone();
    more.retain(|(k, _)| *k != "intent");
    more.push(("intent", "more".into()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&more), &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("id=\"f-skus-3-seller_sku\""));

    // A file that is not an image is refused beside the image field; the others stay.
    let r = post_multipart(
        &c,
        "/seller/products/new",
        &refs(&fields),
        &[("images", "notes.txt", b"just some text".to_vec())],
    )
    .await;
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(
        html.contains("notes.txt: The file is not a JPEG, PNG or WebP image."),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"image_ids\" value=\"{image}\"")));

    // With the price fixed the draft is saved.
    for (k, v) in fields.iter_mut() {
        if *k == "skus[0].price" {
            *v = "49".into();
        }
        if *k == "editions[0].title" {
            *v = "Linen dress".into();
        }
    }
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?notice=saved"));
    let html = c.get(r.header("location").unwrap()).await.text();
    assert!(html.contains(">Draft<") && html.contains("Saved."));
}

async fn stock_prices_and_the_seller_home_to_dos(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let home = c.get("/seller").await.text();
    assert!(home.contains("Nothing needs your attention right now."));
    let id = live_dress(&t, &c, "STK").await;

    // The white dress is live with no stock: the home says so and links to the list.
    let home = c.get("/seller").await.text();
    assert!(home.contains(">1 variant out of stock</a>"), "{home}");
    assert!(home.contains("href=\"/seller/products?stock=out\""));
    let out = c.get("/seller/products?stock=out").await.text();
    assert!(out.contains("Linen summer dress with pockets"));
    assert!(out.contains("1 out of stock"));

    let page = c.get(&format!("/seller/products/{id}")).await.text();
    let white = sku_id(&page, "STK-WHT");
    let warehouse = input_value(&page, "warehouse_id");
    let base = format!("/seller/products/{id}/skus/{white}");

    // Counting the shelf and adjusting.
    let r = fixtures::web::submitted(
        &c,
        &format!("{base}/stock"),
        &[("warehouse_id", &warehouse), ("quantity", "8")],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("/seller/products/{id}?notice=stock#sku-{white}").as_str())
    );
    fixtures::web::submitted(
        &c,
        &format!("{base}/adjust"),
        &[
            ("warehouse_id", &warehouse),
            ("delta", "-3"),
            ("reason", "damaged"),
        ],
    )
    .await;
    let home = c.get("/seller").await.text();
    assert!(!home.contains("out of stock</a>"), "{home}");
    // Taking away more than there is is refused beside the form.
    let refusal = fixtures::web::refused(
        &c,
        &format!("{base}/adjust"),
        &[("warehouse_id", &warehouse), ("delta", "-50")],
    )
    .await;
    assert!(refusal.contains("Stock cannot go below"), "{}", refusal);
    let moves = c.get(&format!("{base}/movements")).await;
    assert_eq!(moves.status, 200);
    let moves = moves.text();
    assert!(moves.contains("Counted") && moves.contains("Adjusted") && moves.contains("damaged"));
    assert!(moves.contains("+8") && moves.contains("-3"));

    // Prices apply at once; a bad one is shown beside its form.
    let refusal = fixtures::web::refused(&c, &format!("{base}/price"), &[("price", "abc")]).await;
    assert!(refusal.contains(&format!(
        "id=\"f-{white}-price-error\">Write the price as a number"
    )));
    fixtures::web::submitted(&c, &format!("{base}/price"), &[("price", "45.00")]).await;
    assert!(
        t.client()
            .get(&format!("/p/{id}"))
            .await
            .text()
            .contains("$45.00 – $49.00")
    );
    let r = fixtures::web::submitted(
        &c,
        &format!("{base}/threshold"),
        &[("low_stock_threshold", "2")],
    )
    .await;
    assert!(
        c.get(r.header("location").unwrap())
            .await
            .text()
            .contains("Low-stock alert updated.")
    );
    // Warehouses: the default one is listed and another can be added.
    fixtures::web::submitted(
        &c,
        "/seller/products/warehouses",
        &[("name", "Overflow store"), ("address", "")],
    )
    .await;
    assert!(
        c.get(&format!("/seller/products/{id}"))
            .await
            .text()
            .contains("Overflow store")
    );
}

async fn batch_deactivate_reports_each_product(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let live = live_dress(&t, &c, "BAT").await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "Draft linen dress", "BTD");
    fields.push(("intent", "draft".into()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    let draft = product_id(&r);

    let list = c.get("/seller/products").await.text();
    assert!(
        list.contains(&format!("value=\"{live}\"")) && list.contains(&format!("value=\"{draft}\""))
    );
    let r = c
        .post_form(
            "/seller/products/batch",
            &[
                ("back", "/seller/products?sort=title"),
                ("action", "deactivate"),
                ("ids", &live),
                ("ids", &draft),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let results = html.split("id=\"batch-results\"").nth(1).unwrap();
    let row = |id: &str| {
        results
            .split("<li")
            .find(|li| li.contains(&format!("/seller/products/{id}\"")))
            .unwrap()
            .to_owned()
    };
    assert!(row(&live).contains("Deactivated"), "{results}");
    assert!(row(&live).contains("class=\"ok\""));
    assert!(row(&draft).contains("Not changed"));
    assert!(row(&draft).contains("The product's status does not allow this now."));
    assert_eq!(t.client().get(&format!("/p/{live}")).await.status, 404);
    // Nothing ticked: a message, not an error page.
    let refusal =
        fixtures::web::refused(&c, "/seller/products/batch", &[("action", "delete")]).await;
    assert!(refusal.contains("Select at least one product first."));
    // Activate brings it back on sale.
    fixtures::web::submitted(
        &c,
        &format!("/seller/products/{live}/action"),
        &[("action", "activate")],
    )
    .await;
    assert_eq!(t.client().get(&format!("/p/{live}")).await.status, 200);
}

async fn members_without_products_get_403_and_viewers_cannot_edit(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    // Customer service at Thistle & Thread has no Products access.
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    for path in [
        "/seller/products",
        "/seller/products/new",
        "/seller/products/warehouses",
    ] {
        let r = cs.get(path).await;
        assert_eq!(r.status, 403, "{path}");
        assert!(r.text().contains("Your role does not include this part"));
    }
    let r = cs
        .post_form(
            "/seller/products/batch",
            &[("action", "delete"), ("ids", "prd_x")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(!cs.get("/seller").await.text().contains("out of stock</a>"));

    // Order fulfilment at Maple & Pine may look but not change.
    let owner = log_in(&t, OWNER).await;
    let id = live_dress(&t, &owner, "VIEW").await;
    let viewer = log_in(&t, "sam@maple-pine.example").await;
    let list = viewer.get("/seller/products").await;
    assert_eq!(list.status, 200);
    let list = list.text();
    assert!(list.contains("Linen summer dress with pockets"));
    assert!(!list.contains("href=\"/seller/products/new\""));
    let page = viewer.get(&format!("/seller/products/{id}")).await.text();
    assert!(page.contains("Your role can view products but not change them."));
    assert!(!page.contains("/edit\""));
    assert_eq!(viewer.get("/seller/products/new").await.status, 403);
    assert_eq!(
        viewer
            .get(&format!("/seller/products/{id}/edit"))
            .await
            .status,
        403
    );
    let r = viewer
        .post_form(
            &format!("/seller/products/{id}/action"),
            &[("action", "deactivate")],
        )
        .await;
    assert_eq!(r.status, 403);
    // Not signed in: to the log-in form and back.
    let anon = t.client();
    assert_eq!(
        anon.get("/seller/products").await.header("location"),
        Some("/seller/login?next=/seller/products")
    );
}

async fn another_shops_product_is_not_found(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let maple = log_in(&t, OWNER).await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "Maple dress", "OWN");
    fields.push(("intent", "draft".into()));
    let r = post_multipart(&maple, "/seller/products/new", &refs(&fields), &[]).await;
    let id = product_id(&r);
    let page = maple.get(&format!("/seller/products/{id}")).await.text();
    let sku = sku_id(&page, "OWN-BLK");

    let other = log_in(&t, "owner@thistle-thread.example").await;
    for path in [
        format!("/seller/products/{id}"),
        format!("/seller/products/{id}/edit"),
        format!("/seller/products/{id}/skus/{sku}/movements"),
    ] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
    let r = other
        .post_form(
            &format!("/seller/products/{id}/action"),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = post_multipart(
        &other,
        &format!("/seller/products/{id}/edit"),
        &refs(&fields),
        &[],
    )
    .await;
    assert_eq!(r.status, 404);
    let r = other
        .post_form(
            &format!("/seller/products/{id}/skus/{sku}/price"),
            &[("price", "1.00")],
        )
        .await;
    assert_eq!(r.status, 404);
    // In a batch, someone else's product is one failed line.
    let r = other
        .post_form(
            "/seller/products/batch",
            &[("action", "delete"), ("ids", &id)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Not changed"));
    assert!(
        maple
            .get(&format!("/seller/products/{id}"))
            .await
            .text()
            .contains(">Draft<")
    );
    assert_eq!(other.get("/seller/products/prd_garbage").await.status, 404);
}

async fn media_serves_cached_jpeg_renditions(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "Pictured dress", "IMG");
    fields.push(("intent", "draft".into()));
    let r = post_multipart(
        &c,
        "/seller/products/new",
        &refs(&fields),
        &[
            ("images", "front.png", png(3)),
            ("images", "back.png", png(4)),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id = product_id(&r);
    let edit = c.get(&format!("/seller/products/{id}/edit")).await.text();
    let image = input_value(&edit, "image_ids");
    assert_eq!(edit.matches("name=\"image_ids\"").count(), 2);

    let anyone = t.client();
    let thumb = anyone.get(&format!("/media/{image}/thumb")).await;
    assert_eq!(thumb.status, 200);
    assert_eq!(thumb.content_type(), "image/jpeg");
    assert_eq!(
        thumb.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(thumb.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(&thumb.body[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
    let original = anyone.get(&format!("/media/{image}/original")).await;
    assert_eq!(original.content_type(), "image/png");
    assert_eq!(
        anyone.get(&format!("/media/{image}/huge")).await.status,
        404
    );
    assert_eq!(
        anyone
            .get("/media/img_0193e0c2-7a4b-7c3d-9e8f-0123456789ab/thumb")
            .await
            .status,
        404
    );
    assert_eq!(anyone.get("/media/nonsense/thumb").await.status, 404);

    // Removing one image in the form keeps the other.
    let version = input_value(&edit, "version");
    let mut fields = dress_fields(&cat, "Pictured dress", "IMG");
    let images: Vec<String> = edit
        .split("name=\"image_ids\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    fields.push(("version", version));
    fields.push(("image_ids", images[0].clone()));
    fields.push(("image_ids", images[1].clone()));
    fields.push(("remove_image", images[0].clone()));
    fields.push(("intent", "draft".into()));
    let r = post_multipart(
        &c,
        &format!("/seller/products/{id}/edit"),
        &refs(&fields),
        &[],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let edit = c.get(&format!("/seller/products/{id}/edit")).await.text();
    assert_eq!(edit.matches("name=\"image_ids\"").count(), 1);
    assert_eq!(input_value(&edit, "image_ids"), images[1]);
}

async fn a_shop_under_review_saves_drafts_but_cannot_submit(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, "owner@lumiere-atelier.example").await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "Robe en lin", "LUM");
    for (k, v) in fields.iter_mut() {
        if k.ends_with(".price") && !v.is_empty() {
            *v = "89.00".into();
        }
    }
    let mut submit = fields.clone();
    submit.push(("intent", "submit".into()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&submit), &[]).await;
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("The shop must be approved"),
        "{}",
        r.text()
    );
    assert!(
        c.get("/seller/products")
            .await
            .text()
            .contains("No products match.")
    );
    fields.push(("intent", "draft".into()));
    let r = post_multipart(&c, "/seller/products/new", &refs(&fields), &[]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let html = c
        .get(&format!("/seller/products/{}", product_id(&r)))
        .await
        .text();
    assert!(html.contains("€89.00"), "{html}");
}

async fn operators_reject_with_readable_reasons_and_take_products_off_sale(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let cat = dresses(&t).await;
    let mut fields = dress_fields(&cat, "Linen summer dress with pockets", "REJ");
    fields.push(("intent", "submit".into()));
    let r = post_multipart(
        &c,
        "/seller/products/new",
        &refs(&fields),
        &[("images", "dress.png", png(5))],
    )
    .await;
    let id = product_id(&r);
    let ops = ops_browser(&t).await;
    let review = ops.get(&format!("/ops/products/{id}")).await.text();
    assert!(review.contains("Images do not show the product."));
    // Rejecting needs a reason.
    let path = format!("/ops/products/{id}/decision");
    let refusal = fixtures::web::refused(&ops, &path, &[("action", "reject")]).await;
    assert!(refusal.contains("Tell the seller why"));
    fixtures::web::submitted(
        &ops,
        &path,
        &[
            ("action", "reject"),
            ("reason", "review-images"),
            ("note", "The second photo shows a different dress."),
        ],
    )
    .await;

    // The seller reads the reasons, in their language, beside the part concerned.
    let html = c.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains(">Failed<"));
    assert!(
        html.contains("<strong>Images</strong>: Images do not show the product."),
        "{html}"
    );
    assert!(html.contains("<strong>General</strong>: The second photo shows a different dress."));
    assert!(html.contains("Shopdeck reviewer"));
    let fr = log_in(&t, OWNER).await.with_header("accept-language", "fr");
    let html = fr.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains("Pourquoi ce produit n’a pas été approuvé"));
    assert!(html.contains("Les images ne montrent pas le produit."));
    let home = c.get("/seller").await.text();
    assert!(home.contains(">1 product failed review</a>"), "{home}");

    // Resubmitted, approved, then taken off sale by the platform and put back.
    fixtures::web::submitted(
        &c,
        &format!("/seller/products/{id}/action"),
        &[("action", "submit")],
    )
    .await;
    fixtures::web::submitted(&ops, &path, &[("action", "approve")]).await;
    assert_eq!(t.client().get(&format!("/p/{id}")).await.status, 200);
    fixtures::web::submitted(
        &ops,
        &path,
        &[("action", "deactivate"), ("reason", "review-prohibited")],
    )
    .await;
    assert_eq!(t.client().get(&format!("/p/{id}")).await.status, 404);
    let html = c.get(&format!("/seller/products/{id}")).await.text();
    assert!(html.contains("Why Shopdeck deactivated this product"));
    assert!(html.contains("Prohibited item"));
    assert!(
        !html.contains(&format!("/seller/products/{id}/edit")),
        "no editing"
    );
    fixtures::web::submitted(&ops, &path, &[("action", "reactivate")]).await;
    let html = c.get(&format!("/seller/products/{id}")).await.text();
    assert!(
        html.contains(">Deactivated<"),
        "back to the seller to activate"
    );
    fixtures::web::submitted(
        &c,
        &format!("/seller/products/{id}/action"),
        &[("action", "activate")],
    )
    .await;
    assert_eq!(t.client().get(&format!("/p/{id}")).await.status, 200);
}
