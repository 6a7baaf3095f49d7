//! Bulk import and export through the API and the worker: dry runs, per-row error reports,
//! updates, price and stock files, exports in CSV and XLSX, and files that are broken or
//! hostile.

use serde_json::{Value, json};
use shopdeck_app::worker::WorkerBuilder;
use shopdeck_files::sheets::{self, SheetFormat, XlsxOut};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{OWNER, PASSWORD, dress, get, login, operator, post};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_product_file_is_checked_then_imported_by_the_worker_with_a_report,
    importing_again_updates_products_by_seller_sku,
    price_and_stock_files_apply_at_once_and_report_bad_rows,
    exports_round_trip_and_never_carry_formulas,
    broken_and_hostile_files_are_refused_clearly,
    templates_list_the_category_columns,
    a_file_of_several_chunks_is_imported_whole,
);

async fn send_file(
    c: &TestClient,
    token: &str,
    bytes: &[u8],
    name: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    fixtures::post_multipart(c, token, "/api/v1/shop/bulk/imports", fields, bytes, name).await
}

/// Runs the worker until nothing is due; returns the job as the API shows it.
async fn finish(t: &TestApp, c: &TestClient, token: &str, job: &Value) -> Value {
    let id = job["id"].as_str().unwrap();
    WorkerBuilder::new(t.app.clone(), "test-worker")
        .build()
        .run_until_idle()
        .await
        .unwrap();
    let r = get(c, &format!("/api/v1/shop/bulk/jobs/{id}"), token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn report(c: &TestClient, token: &str, job: &Value) -> Vec<Vec<String>> {
    let url = job["report_url"].as_str().expect("a report");
    let r = get(c, url, token).await;
    assert_eq!(r.status, 200);
    let bytes = r.body.to_vec();
    let table = sheets::read_table(&bytes, SheetFormat::Csv, 10_000).unwrap();
    assert_eq!(
        table.headers,
        [
            "line",
            "seller_sku",
            "column",
            "severity",
            "code",
            "message"
        ]
    );
    table.rows.into_iter().map(|r| r.cells).collect()
}

const HEADER: &str = "product_ref,category,title,description,brand,attr:color,attr:material,variant:size,seller_sku,price,stock,title:fr\n";

fn product_csv() -> String {
    let long = "A light dress in washed linen with deep pockets and a relaxed fit. ".repeat(5);
    let mut s = String::from(HEADER);
    // Line 2-3: one product with two sizes and a French title.
    s.push_str(&format!("dress-1,womens-dresses,Linen summer dress with pockets,\"{long}\",Maple,green,linen,S,IMP-1-S,59.00,10,Robe d'été en lin\n"));
    s.push_str("dress-1,womens-dresses,,,,,,M,IMP-1-M,59.00,4,\n");
    // Line 4: a bad price.
    s.push_str(&format!("dress-2,womens-dresses,Cotton shirt dress with a belt,\"{long}\",Maple,blue,cotton,S,IMP-2-S,lots,3,\n"));
    // Line 5: a category that is not a leaf.
    s.push_str(&format!("dress-3,fashion,Wool winter dress with long sleeves,\"{long}\",Maple,grey,wool,M,IMP-3-M,89.00,2,\n"));
    // Line 6-7: a product whose second row breaks it.
    s.push_str(&format!("dress-4,womens-dresses,Silk slip dress in champagne,\"{long}\",Maple,beige,silk,S,IMP-4-S,120.00,1,\n"));
    s.push_str("dress-4,womens-dresses,,,,,,S,IMP-4-S2,120.00,1,\n");
    // Line 8: a single-SKU product without a ref.
    s.push_str(&format!(",womens-dresses,Denim pinafore dress for every day,\"{long}\",Maple,navy,denim,L,IMP-5-L,45.50,7,\n"));
    s
}

async fn a_product_file_is_checked_then_imported_by_the_worker_with_a_report(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let csv = product_csv();

    // A dry run checks everything and saves nothing.
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "catalogue.csv",
        &[("kind", "products"), ("dry_run", "true")],
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["status"], "QUEUED");
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(job["dry_run"], true);
    assert_eq!(job["total_rows"], 7);
    assert_eq!(job["processed_rows"], 7);
    assert_eq!(
        (job["ok_rows"].as_i64(), job["error_rows"].as_i64()),
        (Some(3), Some(4)),
        "{job}"
    );
    let list = get(&c, "/api/v1/shop/products?q=imp-", &owner).await.json();
    assert!(
        list["data"].as_array().unwrap().is_empty(),
        "a dry run saves nothing"
    );
    let dry_report = report(&c, &owner, &job).await;

    // The real run.
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "catalogue.csv",
        &[("kind", "products")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(job["created_products"], 2);
    assert_eq!(
        (job["ok_rows"].as_i64(), job["error_rows"].as_i64()),
        (Some(3), Some(4))
    );
    let rows = report(&c, &owner, &job).await;
    assert_eq!(
        rows, dry_report,
        "the dry run reports what the real run finds"
    );
    let find = |line: &str, column: &str| {
        rows.iter()
            .find(|r| r[0] == line && r[2] == column)
            .unwrap_or_else(|| panic!("no report row for line {line} column {column}: {rows:?}"))
            .clone()
    };
    assert_eq!(find("4", "price")[1], "IMP-2-S");
    assert_eq!(find("4", "price")[3], "error");
    assert_eq!(find("5", "category")[4], "category-leaf");
    let dup = find("7", "variant");
    assert_eq!(dup[4], "variant-duplicate", "{dup:?}");
    assert_eq!(rows.iter().filter(|r| r[0] == "6").count(), 1, "{rows:?}");
    assert!(rows.iter().all(|r| !r[5].is_empty()));

    // What was saved: two drafts with their SKUs, stock and the French edition.
    let list = get(&c, "/api/v1/shop/products?q=imp-&sort=title", &owner)
        .await
        .json();
    let titles: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Denim pinafore dress for every day",
            "Linen summer dress with pockets"
        ]
    );
    let id = list["data"][1]["id"].as_str().unwrap();
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    assert_eq!(p["status"], "DRAFT");
    assert_eq!(p["skus"].as_array().unwrap().len(), 2);
    assert_eq!(p["skus"][1]["seller_sku"], "IMP-1-M");
    assert_eq!(p["skus"][1]["stock"][0]["on_hand"], 4);
    assert_eq!(p["skus"][0]["price"]["amount"], 5900);
    assert_eq!(p["attributes"]["color"], "green");
    assert!(
        p["editions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["locale"] == "fr" && e["title"] == "Robe d'été en lin")
    );
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
    assert_eq!(moves["data"][0]["on_hand_after"], 4);
    assert_eq!(moves["data"][0]["actor_type"], "user");

    // Jobs are listed for the shop, and only for the shop.
    let jobs = get(&c, "/api/v1/shop/bulk/jobs", &owner).await.json();
    assert_eq!(jobs["data"].as_array().unwrap().len(), 2);
    let other = login(&c, "owner@thistle-thread.example", PASSWORD).await;
    let r = get(
        &c,
        &format!("/api/v1/shop/bulk/jobs/{}", job["id"].as_str().unwrap()),
        &other,
    )
    .await;
    assert_eq!(r.status, 404);
    let r = get(&c, job["report_url"].as_str().unwrap(), &other).await;
    assert_eq!(r.status, 404);
}

async fn importing_again_updates_products_by_seller_sku(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = post(
        &c,
        "/api/v1/shop/products",
        &owner,
        dress("Linen summer dress with pockets", &[], "UPD"),
    )
    .await;
    assert_eq!(r.status, 201);
    let id = r.json()["product"]["id"].as_str().unwrap().to_owned();
    // Only the cells given change; a new seller SKU becomes a new SKU of the product.
    let csv = format!(
        "product_id,seller_sku,price,variant:size,title,stock\n{id},UPD-S,49.00,,Linen summer dress with deep pockets,\n{id},UPD-XL,61.00,XL,,3\n"
    );
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "edit.csv",
        &[("kind", "products")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(job["updated_products"], 1, "{job}");
    assert!(job["report_url"].is_null(), "{job}");
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    assert_eq!(p["title"], "Linen summer dress with deep pockets");
    let skus = p["skus"].as_array().unwrap();
    assert_eq!(skus.len(), 3);
    assert_eq!(skus[0]["price"]["amount"], 4900);
    assert_eq!(
        skus[0]["stock"][0]["on_hand"], 12,
        "stock left alone when the cell is empty"
    );
    assert_eq!(skus[1]["seller_sku"], "UPD-M");
    assert_eq!(
        skus[2]["variant"]["size"], "xl",
        "stored as the list's code"
    );
    assert_eq!(skus[2]["available"], 3);
    assert_eq!(p["attributes"]["material"], "linen", "attributes kept");
    // Running the same file again changes nothing more.
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "edit.csv",
        &[("kind", "products")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["updated_products"], 1);
    let again = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    assert_eq!(again["skus"].as_array().unwrap().len(), 3);
}

async fn price_and_stock_files_apply_at_once_and_report_bad_rows(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let id = fixtures::live_dress(&c, &owner, &ops, "PS").await;
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    let seller: shopdeck_domain::ids::SellerId = p["seller_id"].as_str().unwrap().parse().unwrap();
    let sku_m: shopdeck_domain::ids::SkuId = p["skus"][1]["id"].as_str().unwrap().parse().unwrap();
    let wh: shopdeck_domain::ids::WarehouseId = p["skus"][1]["stock"][0]["warehouse_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    shopdeck_app::inventory::reserve(&t.app, seller, sku_m, wh, 5, "order-1")
        .await
        .unwrap();

    let csv = "seller_sku,price,stock,low_stock_threshold\nPS-S,39.90,30,4\nPS-M,,2,\nNOPE-1,10.00,1,\nPS-S,0.00,,\nPS-S,,-3,\n";
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "prices.csv",
        &[("kind", "price_stock")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(
        (job["ok_rows"].as_i64(), job["error_rows"].as_i64()),
        (Some(1), Some(4)),
        "{job}"
    );
    let rows = report(&c, &owner, &job).await;
    let codes: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("3", "stock-reserved"),
            ("4", "sku-unknown"),
            ("5", "price-bounds"),
            ("6", "stock-range")
        ]
    );
    // Buyers see the new price at once; the product stays on sale without a review.
    let shop = c
        .get(&format!("/api/v1/storefront/products/{id}"))
        .await
        .json();
    assert_eq!(shop["min_price"]["amount"], 3990);
    let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
        .await
        .json();
    assert_eq!(p["audit_status"], "PASSED");
    assert_eq!(p["skus"][0]["stock"][0]["on_hand"], 30);
    assert_eq!(p["skus"][0]["low_stock_threshold"], 4);
    assert_eq!(
        p["skus"][1]["stock"][0]["on_hand"], 8,
        "a failed row changes nothing"
    );
    let moves = get(
        &c,
        &format!(
            "/api/v1/shop/skus/{}/movements",
            p["skus"][0]["id"].as_str().unwrap()
        ),
        &owner,
    )
    .await
    .json();
    assert_eq!(moves["data"][0]["kind"], "IMPORT");
    assert_eq!(moves["data"][0]["reference"], job["id"]);
}

async fn exports_round_trip_and_never_carry_formulas(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let mut body = dress("=HYPERLINK(\"http://evil\") linen summer dress", &[], "FX");
    body["brand"] = json!("@SUM(1+1)");
    body["skus"][0]["seller_sku"] = json!("FX-S");
    let r = post(&c, "/api/v1/shop/products", &owner, body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["product"]["id"].as_str().unwrap().to_owned();

    for format in ["csv", "xlsx"] {
        let r = post(
            &c,
            "/api/v1/shop/bulk/exports",
            &owner,
            json!({"format": format, "q": "fx-"}),
        )
        .await;
        assert_eq!(r.status, 202, "{}", r.text());
        let job = finish(&t, &c, &owner, &r.json()).await;
        assert_eq!(job["status"], "DONE", "{job}");
        let file = get(&c, job["file_url"].as_str().unwrap(), &owner).await;
        assert_eq!(file.status, 200);
        let bytes = file.body.to_vec();
        if format == "csv" {
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("'=HYPERLINK"), "{text}");
            assert!(text.contains("'@SUM"), "{text}");
            assert!(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"));
        } else {
            // The workbook holds no formula anywhere.
            let xml = unzip_all(&bytes);
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "a formula in the export"
            );
        }
        let fmt = if format == "csv" {
            SheetFormat::Csv
        } else {
            SheetFormat::Xlsx
        };
        let table = sheets::read_table(&bytes, fmt, 100).unwrap();
        assert_eq!(table.rows.len(), 2, "one row per SKU");
        let title = table.column("title").unwrap();
        assert_eq!(
            table.rows[0].get(title),
            "=HYPERLINK(\"http://evil\") linen summer dress"
        );
        // Re-importing the export changes nothing and reports nothing.
        let r = send_file(
            &c,
            &owner,
            &bytes,
            &format!("export.{format}"),
            &[("kind", "products")],
        )
        .await;
        assert_eq!(r.status, 202, "{}", r.text());
        let job = finish(&t, &c, &owner, &r.json()).await;
        assert_eq!(job["status"], "DONE", "{job}");
        assert_eq!(job["error_rows"], 0, "{job}");
        let p = get(&c, &format!("/api/v1/shop/products/{id}"), &owner)
            .await
            .json();
        assert_eq!(p["title"], "=HYPERLINK(\"http://evil\") linen summer dress");
        assert_eq!(p["brand"], "@SUM(1+1)");
        assert_eq!(p["skus"].as_array().unwrap().len(), 2);
    }
    let r = post(
        &c,
        "/api/v1/shop/bulk/exports",
        &owner,
        json!({"format": "pdf"}),
    )
    .await;
    assert_eq!(r.status, 422);
    let r = post(
        &c,
        "/api/v1/shop/bulk/exports",
        &owner,
        json!({"status": "SOLD"}),
    )
    .await;
    assert_eq!(r.status, 422);
}

fn unzip_all(bytes: &[u8]) -> String {
    // XLSX parts are deflated XML; reading them back through calamine would hide formulas, so
    // look at the raw sheet XML.
    let mut out = String::new();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut f, &mut s);
        out.push_str(&s);
    }
    out
}

async fn broken_and_hostile_files_are_refused_clearly(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    // Not a spreadsheet at all: refused at upload.
    let png =
        shopdeck_files::images::sample_image(300, 300, 1, shopdeck_files::images::ImageFormat::Png);
    let r = send_file(&c, &owner, &png, "products.csv", &[("kind", "products")]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["code"], "sheet-format");
    let r = send_file(
        &c,
        &owner,
        b"seller_sku\nA\n",
        "x.csv",
        &[("kind", "everything")],
    )
    .await;
    assert_eq!(r.status, 422);

    // Readable as a file, but broken: the job fails with a reason that names the line.
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "broken quotes",
            b"seller_sku,title\nA,\"never closed\nB,fine\n".to_vec(),
            "line",
        ),
        (
            "no seller_sku",
            b"title,price\nA dress,10\n".to_vec(),
            "seller_sku",
        ),
        ("a zip that is no workbook", zip_of("hello.txt", b"hi"), ""),
        ("empty", Vec::new(), ""),
    ];
    for (what, bytes, needle) in cases {
        let r = send_file(&c, &owner, &bytes, "x.csv", &[("kind", "products")]).await;
        if r.status == 422 {
            continue; // refused at upload: fine too
        }
        assert_eq!(r.status, 202, "{what}: {}", r.text());
        let job = finish(&t, &c, &owner, &r.json()).await;
        assert_eq!(job["status"], "FAILED", "{what}: {job}");
        let error = job["error"].as_str().unwrap();
        assert!(error.contains(needle), "{what}: {error}");
    }
    // Oversized cells and a huge row count stay errors, not crashes.
    let mut big = String::from("seller_sku,title,price,category\n");
    big.push_str(&format!(
        "BIG-1,{},10,womens-dresses\n",
        "x".repeat(100_000)
    ));
    let r = send_file(
        &c,
        &owner,
        big.as_bytes(),
        "big.csv",
        &[("kind", "products")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE");
    assert_eq!(job["error_rows"], 1);
    let rows = report(&c, &owner, &job).await;
    assert_eq!(rows[0][2], "title");

    // An XLSX made by a spreadsheet program imports like CSV.
    let mut x = XlsxOut::new([
        "product_ref",
        "category",
        "title",
        "description",
        "attr:color",
        "variant:size",
        "seller_sku",
        "price",
        "stock",
    ]);
    x.row([
        "x1",
        "womens-dresses",
        "Wrap dress in viscose, floral",
        "<p>A wrap dress.</p>",
        "red",
        "M",
        "XL-1-M",
        "35",
        "5",
    ]);
    let bytes = x.finish().unwrap();
    let r = send_file(
        &c,
        &owner,
        &bytes,
        "from-excel.xlsx",
        &[("kind", "products")],
    )
    .await;
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(job["created_products"], 1, "{job}");
    assert_eq!(job["format"], "xlsx");
}

fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, content).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

async fn templates_list_the_category_columns(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let r = get(
        &c,
        "/api/v1/shop/bulk/template?category_id=womens-dresses&format=xlsx",
        &owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let table = sheets::read_table(&r.body, SheetFormat::Xlsx, 10).unwrap();
    for h in [
        "seller_sku",
        "price",
        "attr:material",
        "attr:pattern",
        "variant:size",
        "variant:color",
        "title:fr",
    ] {
        assert!(
            table.column(h).is_some(),
            "{h} missing from {:?}",
            table.headers
        );
    }
    let r = get(&c, "/api/v1/shop/bulk/template?format=csv", &owner).await;
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("seller_sku"));
    let r = get(&c, "/api/v1/shop/bulk/template?category_id=nowhere", &owner).await;
    assert_eq!(r.status, 422);
}

/// 151 products are four chunk transactions (50 a chunk), past the points where the import
/// refreshes the planner's statistics: every product is saved and counted.
async fn a_file_of_several_chunks_is_imported_whole(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let long = "A light dress in washed linen with deep pockets and a relaxed fit. ".repeat(5);
    let mut csv = String::from(HEADER);
    for n in 0..151 {
        csv.push_str(&format!(
            ",womens-dresses,Linen summer dress number {n},\"{long}\",Maple,green,linen,S,MANY-{n},59.00,3,\n"
        ));
    }
    let r = send_file(
        &c,
        &owner,
        csv.as_bytes(),
        "many.csv",
        &[("kind", "products")],
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let job = finish(&t, &c, &owner, &r.json()).await;
    assert_eq!(job["status"], "DONE", "{job}");
    assert_eq!(
        (job["ok_rows"].as_i64(), job["error_rows"].as_i64()),
        (Some(151), Some(0)),
        "{job}"
    );
    let list = get(&c, "/api/v1/shop/products?q=many-&limit=100", &owner)
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 100);
    let rest = get(
        &c,
        &format!(
            "/api/v1/shop/products?q=many-&limit=100&cursor={}",
            list["next_cursor"].as_str().unwrap()
        ),
        &owner,
    )
    .await
    .json();
    assert_eq!(rest["data"].as_array().unwrap().len(), 51);
}
