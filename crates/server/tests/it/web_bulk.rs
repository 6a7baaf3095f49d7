//! Seller Center › Products › Import and export, through the real router and the worker:
//! uploads queued and finished with their counts and report, dry runs, exports, templates,
//! errors beside the fields, view-only members and other shops' jobs.

use axum::body::Body;
use axum::http::Method;
use shopdeck_app::worker::WorkerBuilder;
use shopdeck_files::sheets::{self, SheetFormat};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::OWNER;
use shopdeck_testkit::fixtures::web::log_in;
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    web_bulk_an_upload_is_queued_then_done_with_counts_and_a_report,
    web_bulk_a_dry_run_saves_nothing,
    web_bulk_exports_and_templates_download_as_attachments,
    web_bulk_upload_errors_appear_beside_the_fields_and_broken_files_fail_with_the_reason,
    web_bulk_view_only_members_see_no_upload_form_and_get_403,
    web_bulk_another_shops_job_is_not_found,
);

const HOME: &str = "/seller/products/bulk";

/// Posts the import form as a browser would: fields, then the file, with the CSRF token.
async fn upload(
    c: &TestClient,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> TestResponse {
    let boundary = "----shopdeck-bulk-boundary-41c9";
    let mut body: Vec<u8> = Vec::new();
    let token = c.cookie("sd_csrf").unwrap_or_default();
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    for (name, value) in all {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    // A browser sends an empty file part when no file was chosen.
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    c.request(
        Method::POST,
        HOME,
        Body::from(body),
        Some(&format!("multipart/form-data; boundary={boundary}")),
    )
    .await
}

/// The job page a redirect points at (without its notice).
fn job_path(r: &TestResponse) -> String {
    let loc = r
        .header("location")
        .unwrap_or_else(|| panic!("no redirect: {} {}", r.status, r.text()));
    assert!(loc.starts_with(&format!("{HOME}/blk_")), "{loc}");
    loc.split('?').next().unwrap().to_owned()
}

async fn run_worker(t: &TestApp) {
    WorkerBuilder::new(t.app.clone(), "w")
        .build()
        .run_until_idle()
        .await
        .unwrap();
}

fn assert_attachment(r: &TestResponse, content_type: &str, file_name: &str) {
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.content_type().starts_with(content_type),
        "{}",
        r.content_type()
    );
    let cd = r.header("content-disposition").unwrap_or_default();
    assert!(cd.starts_with("attachment;"), "{cd}");
    assert!(cd.contains(file_name), "{cd}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
}

const HEADER: &str = "product_ref,category,title,description,brand,attr:color,attr:material,variant:size,seller_sku,price,stock\n";

/// Lines 2–3: one dress in two sizes; line 4: a dress with a price that is not a number.
fn dresses_csv(prefix: &str) -> String {
    let long = "A light dress in washed linen with deep pockets and a relaxed fit. ".repeat(5);
    let mut s = String::from(HEADER);
    s.push_str(&format!("d1,womens-dresses,Linen summer dress with pockets,\"{long}\",Maple,green,linen,S,{prefix}-1-S,59.00,10\n"));
    s.push_str(&format!("d1,womens-dresses,,,,,,M,{prefix}-1-M,59.00,4\n"));
    s.push_str(&format!("d2,womens-dresses,Cotton shirt dress with a belt,\"{long}\",Maple,blue,cotton,S,{prefix}-2-S,lots,3\n"));
    s
}

async fn web_bulk_an_upload_is_queued_then_done_with_counts_and_a_report(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;

    // The product list leads here; the page has the upload form and nothing to follow yet.
    assert!(
        c.get("/seller/products")
            .await
            .text()
            .contains(&format!("href=\"{HOME}\""))
    );
    let page = c.get(HOME).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<h1>Import and export</h1>"), "{html}");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("name=\"file\""));
    assert!(html.contains("value=\"price_stock\""));
    assert!(html.contains("name=\"dry_run\""));
    assert!(html.contains("name=\"submit\""));
    assert!(html.contains("No imports or exports yet."));
    assert!(!html.contains("http-equiv=\"refresh\""));

    let r = upload(
        &c,
        &[("kind", "products")],
        Some(("dresses.csv", dresses_csv("WB").as_bytes())),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?notice=import"));
    let job = job_path(&r);

    // Queued: the job page and the list show it and reload themselves.
    let html = c.get(&format!("{job}?notice=import")).await.text();
    assert!(html.contains("Your file is queued."), "{html}");
    assert!(html.contains("Product import: dresses.csv"));
    assert!(html.contains(">Queued<"));
    assert!(html.contains(&format!("http-equiv=\"refresh\" content=\"2; url={job}\"")));
    let list = c.get(HOME).await.text();
    assert!(list.contains(">Queued<"));
    assert!(list.contains(&format!("href=\"{job}\"")));
    assert!(list.contains("dresses.csv"));
    assert!(list.contains("http-equiv=\"refresh\""));

    run_worker(&t).await;

    let html = c.get(&job).await.text();
    assert!(html.contains(">Done<"), "{html}");
    assert!(!html.contains("http-equiv=\"refresh\""));
    assert!(html.contains("<progress max=\"3\" value=\"3\""), "{html}");
    assert!(html.contains("3 of 3 rows"));
    assert!(html.contains("Rows without errors: 2"));
    assert!(html.contains("Rows with errors: 1"));
    assert!(html.contains("Products created: 1"));
    assert!(html.contains("Products updated: 0"));
    assert!(html.contains(&format!("href=\"{job}/report\"")));
    assert!(!html.contains(&format!("href=\"{job}/file\"")));
    let list = c.get(HOME).await.text();
    assert!(list.contains(">Done<") && list.contains("Rows with errors: 1"));
    assert!(!list.contains("http-equiv=\"refresh\""));

    // The report names the bad row by its line in the file.
    let r = c.get(&format!("{job}/report")).await;
    assert_attachment(&r, "text/csv", "errors-blk_");
    let report = r.text();
    let report = report.trim_start_matches('\u{feff}');
    assert!(
        report.starts_with("line,seller_sku,column,severity,code,message"),
        "{report}"
    );
    let bad = report
        .lines()
        .find(|l| l.starts_with("4,"))
        .unwrap_or_else(|| panic!("no line 4: {report}"));
    assert!(bad.contains("WB-2-S") && bad.contains("price"), "{bad}");
    // An import makes no file.
    assert_eq!(c.get(&format!("{job}/file")).await.status, 404);

    // The product was saved, with both sizes.
    let list = c.get("/seller/products?q=WB-1").await.text();
    assert!(list.contains("Linen summer dress with pockets"), "{list}");
    assert!(list.contains("WB-1-S") && list.contains("WB-1-M"));
}

async fn web_bulk_a_dry_run_saves_nothing(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let r = upload(
        &c,
        &[("kind", "products"), ("dry_run", "1"), ("submit", "1")],
        Some(("check.csv", dresses_csv("DRY").as_bytes())),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let job = job_path(&r);
    assert!(c.get(&job).await.text().contains(">Check only<"));
    run_worker(&t).await;
    let html = c.get(&job).await.text();
    assert!(html.contains(">Done<"), "{html}");
    assert!(html.contains("Check only: nothing was saved."));
    // It finds what the real run would: the same counts and the same report.
    assert!(html.contains("Rows without errors: 2"));
    assert!(html.contains("Rows with errors: 1"));
    let report = c.get(&format!("{job}/report")).await.text();
    assert!(report.lines().any(|l| l.starts_with("4,")), "{report}");
    let list = c.get("/seller/products?q=DRY-").await.text();
    assert!(list.contains("No products match."), "{list}");
}

async fn web_bulk_exports_and_templates_download_as_attachments(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    let r = upload(
        &c,
        &[("kind", "products")],
        Some(("dresses.csv", dresses_csv("EXP").as_bytes())),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    run_worker(&t).await;

    // An export of everything, in CSV: the imported drafts are in it.
    let r = fixtures::web::submitted(&c, &format!("{HOME}/export"), &[("format", "csv")]).await;
    assert!(r.header("location").unwrap().ends_with("?notice=export"));
    let job = job_path(&r);
    let html = c.get(&job).await.text();
    assert!(html.contains(">Queued<") && html.contains("Product export"));
    assert!(html.contains("http-equiv=\"refresh\""));
    assert_eq!(c.get(&format!("{job}/file")).await.status, 404, "not yet");
    run_worker(&t).await;
    let html = c.get(&job).await.text();
    assert!(html.contains(">Done<"), "{html}");
    assert!(html.contains("Rows exported:"));
    assert!(html.contains(&format!("href=\"{job}/file\"")));
    let r = c.get(&format!("{job}/file")).await;
    assert_attachment(&r, "text/csv", "products-");
    assert!(
        r.text()
            .trim_start_matches('\u{feff}')
            .starts_with("product_id,product_ref,category,"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("EXP-1-S") && r.text().contains("EXP-1-M"));

    // Live products only, in XLSX.
    let r = fixtures::web::submitted(
        &c,
        &format!("{HOME}/export"),
        &[("format", "xlsx"), ("status", "LIVE")],
    )
    .await;
    let job = job_path(&r);
    run_worker(&t).await;
    let r = c.get(&format!("{job}/file")).await;
    assert_attachment(
        &r,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    );
    let table = sheets::read_table(&r.body, SheetFormat::Xlsx, 10_000).unwrap();
    assert!(table.column("seller_sku").is_some());
    assert!(
        table
            .rows
            .iter()
            .all(|row| row.cells.iter().all(|c| !c.starts_with("EXP-"))),
        "drafts are not live"
    );

    // A bad filter is a message beside the field.
    let refusal = fixtures::web::refused(
        &c,
        &format!("{HOME}/export"),
        &[("format", "csv"), ("status", "SOLD")],
    )
    .await;
    assert!(refusal.contains("id=\"export_status-error\""));
    assert!(refusal.contains("Choose a status from the list."));
    let refusal = fixtures::web::refused(&c, &format!("{HOME}/export"), &[("format", "pdf")]).await;
    assert!(refusal.contains("Choose CSV or XLSX."));

    // Templates: the category's columns, as CSV or XLSX.
    let page = c.get(HOME).await.text();
    assert!(page.contains("<option value=\"womens-dresses\""), "{page}");
    let r = c
        .get(&format!(
            "{HOME}/template?category=womens-dresses&format=csv"
        ))
        .await;
    assert_attachment(&r, "text/csv", "shopdeck-products-womens-dresses.csv");
    let header = r.text();
    assert!(header.contains("variant:size"), "{header}");
    assert!(header.contains("seller_sku"));
    let r = c
        .get(&format!("{HOME}/template?category=&format=xlsx"))
        .await;
    assert_attachment(
        &r,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "shopdeck-products-all.xlsx",
    );
    assert!(r.body.starts_with(b"PK"));
    let r = c
        .get(&format!(
            "{HOME}/template?category=no-such-thing&format=csv"
        ))
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("id=\"template_category-error\""));
    assert!(r.text().contains("Choose a category from the list."));

    // The list shows both exports, done, with their files.
    let list = c.get(HOME).await.text();
    assert_eq!(list.matches("Product export").count(), 2, "{list}");
    assert!(!list.contains("http-equiv=\"refresh\""));
}

async fn web_bulk_upload_errors_appear_beside_the_fields_and_broken_files_fail_with_the_reason(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = log_in(&t, OWNER).await;
    c.get(HOME).await;

    // No file chosen: the form comes back with the message beside the field, choices kept.
    let r = upload(&c, &[("kind", "price_stock"), ("dry_run", "1")], None).await;
    assert_eq!(r.status, 422, "{}", r.text());
    let html = r.text();
    assert!(html.contains("id=\"file-error\""), "{html}");
    assert!(html.contains("Choose a CSV or XLSX file."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"price_stock\" checked"));
    assert!(html.contains("name=\"dry_run\" value=\"1\" checked"));

    // Not a spreadsheet (an old binary file): the use-case's message, in the page's language.
    let r = upload(
        &c,
        &[("kind", "products")],
        Some((
            "old.xls",
            &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0xff],
        )),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Upload a CSV (UTF-8) or XLSX file."));
    let fr = log_in(&t, OWNER).await;
    fr.get("/lang/fr?next=/").await;
    fr.get(HOME).await;
    let r = upload(
        &fr,
        &[("kind", "products")],
        Some(("old.xls", &[0xff, 0xfe])),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("Envoyez un fichier CSV (UTF-8) ou XLSX."),
        "{}",
        r.text()
    );
    // An unknown kind.
    let r = upload(&c, &[("kind", "orders")], Some(("a.csv", b"a,b\n1,2\n"))).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Choose what the file holds."));
    // A form without its CSRF token is refused.
    let stranger = t.client();
    stranger.set_cookie("sd_session", &c.cookie("sd_session").unwrap());
    let r = upload(&stranger, &[], Some(("a.csv", b"a\n"))).await;
    assert_eq!(r.status, 403);

    // A readable file without the columns an import needs fails as a whole, with the reason.
    let r = upload(
        &c,
        &[("kind", "products")],
        Some(("columns.csv", b"name,cost\nDress,10\n")),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let job = job_path(&r);
    run_worker(&t).await;
    let html = c.get(&job).await.text();
    assert!(html.contains(">Failed<"), "{html}");
    assert!(html.contains("The file could not be processed"));
    assert!(html.contains("the file has no seller_sku column"));
    assert!(!html.contains("http-equiv=\"refresh\""));
    let list = c.get(HOME).await.text();
    assert!(list.contains("the file has no seller_sku column"));
    assert_eq!(c.get(&format!("{job}/report")).await.status, 404);
}

async fn web_bulk_view_only_members_see_no_upload_form_and_get_403(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    // Order fulfilment at Maple & Pine may view products, not change them.
    let sam = log_in(&t, "sam@maple-pine.example").await;
    let html = fixtures::web::page(&sam, HOME).await;
    assert!(!html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(!html.contains("name=\"file\""));
    assert!(html.contains("Your role can download templates and export products"));
    assert!(html.contains(&format!("action=\"{HOME}/export\"")));
    let r = upload(
        &sam,
        &[("kind", "products")],
        Some(("dresses.csv", dresses_csv("SAM").as_bytes())),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.text().contains("Your role does not include this part"));
    // Templates and exports only read.
    let r = sam
        .get(&format!(
            "{HOME}/template?category=womens-dresses&format=csv"
        ))
        .await;
    assert_eq!(r.status, 200);

    // Customer service at Thistle & Thread has no Products access at all.
    let cs = log_in(&t, "callum@thistle-thread.example").await;
    assert_eq!(cs.get(HOME).await.status, 403);
    assert_eq!(
        cs.get(&format!("{HOME}/template?format=csv")).await.status,
        403
    );
    let r = cs
        .post_form(&format!("{HOME}/export"), &[("format", "csv")])
        .await;
    assert_eq!(r.status, 403);

    // Not signed in: to the log-in form and back.
    assert_eq!(
        t.client().get(HOME).await.header("location"),
        Some("/seller/login?next=/seller/products/bulk")
    );
}

async fn web_bulk_another_shops_job_is_not_found(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let maple = log_in(&t, OWNER).await;
    let r = upload(
        &maple,
        &[("kind", "products")],
        Some(("maple-secret.csv", dresses_csv("OWN").as_bytes())),
    )
    .await;
    let job = job_path(&r);
    run_worker(&t).await;
    assert_eq!(maple.get(&format!("{job}/report")).await.status, 200);

    let other = log_in(&t, "owner@thistle-thread.example").await;
    for path in [job.clone(), format!("{job}/report"), format!("{job}/file")] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
    assert!(!other.get(HOME).await.text().contains("maple-secret.csv"));
    for path in [
        format!("{HOME}/blk_nonsense"),
        format!("{HOME}/prd_0193/report"),
    ] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
}
