//! From a new shop to an approved one: the checklist, the profile, documents, payout account,
//! submission and the operator's decisions.

use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{get, post, put};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    a_new_shop_completes_its_checklist_and_is_approved,
    rejection_needs_reasons_and_the_seller_can_resubmit,
    documents_are_checked_by_content_and_size,
    bank_accounts_are_validated_and_never_shown_in_full,
    suspended_shops_are_reinstated_by_operators,
    the_whole_onboarding_works_through_the_api,
);

/// Signs a new seller up in the browser (GB) and returns its logged-in client.
async fn new_seller(t: &TestApp, phone: &str, e164: &str, email: &str) -> TestClient {
    let c = t.client().with_header("x-forwarded-for", "198.51.100.20");
    c.get("/seller/signup").await;
    c.post_form(
        "/seller/signup",
        &[("portal", "europe"), ("country", "GB"), ("phone", phone)],
    )
    .await;
    let code = fixtures::code_for(t, e164).await;
    c.post_form("/seller/signup/verify", &[("code", &code)])
        .await;
    c.post_form(
        "/seller/signup/account",
        &[
            ("display_name", "Heather Lane"),
            ("email", email),
            ("password", "a long good passphrase"),
        ],
    )
    .await;
    let code = fixtures::code_for(t, email).await;
    let r = c
        .post_form("/seller/signup/verify", &[("code", &code)])
        .await;
    assert_eq!(r.header("location"), Some("/seller"));
    c
}

async fn ops(t: &TestApp) -> TestClient {
    let c = t.client();
    fixtures::web::sign_in(&c, "/ops/login", fixtures::OPS, fixtures::PASSWORD).await;
    c
}

async fn upload(c: &TestClient, kind: &str, name: &str, bytes: &[u8]) -> TestResponse {
    let boundary = "sdboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (field, value) in [
        ("_csrf", c.cookie("sd_csrf").unwrap_or_default()),
        ("kind", kind.to_owned()),
    ] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    c.send(
        Request::post("/seller/account/documents")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// The id (after `sel_`) of the shop with this name in an operator's list.
fn shop_href(html: &str, name: &str) -> String {
    html.split("href=\"/ops/sellers/sel_")
        .skip(1)
        .find(|chunk| chunk.split("</a>").next().unwrap_or("").contains(name))
        .unwrap_or_else(|| panic!("{name} not listed"))
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn complete_profile(c: &TestClient, store_name: &str) {
    let r = c
        .post_form(
            "/seller/account/profile",
            &[
                ("store_name", store_name),
                ("business_type", "COMPANY"),
                ("legal_name", "Heather & Co Ltd"),
                ("registration_number", "SC123456"),
                ("contact_name", "Morag Reid"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(
        r.header("location"),
        Some("/seller/account"),
        "{}",
        r.text()
    );
    for kind in ["warehouse", "return"] {
        let r = c
            .post_form(
                &format!("/seller/account/address/{kind}"),
                &[
                    ("contact_name", "Morag Reid"),
                    ("phone", "0131 496 0000"),
                    ("line1", "1 Rose Street"),
                    ("city", "Edinburgh"),
                    ("postal_code", "eh2 2pr"),
                ],
            )
            .await;
        assert_eq!(
            r.header("location"),
            Some("/seller/account"),
            "{kind}: {}",
            r.text()
        );
    }
    let r = c
        .post_form(
            "/seller/account/bank",
            &[
                ("account_holder", "Heather & Co Ltd"),
                ("sort_code", "20-00-00"),
                ("account_number", "55779911"),
            ],
        )
        .await;
    assert_eq!(
        r.header("location"),
        Some("/seller/account"),
        "{}",
        r.text()
    );
    let r = upload(c, "BUSINESS_LICENSE", "licence.pdf", PDF).await;
    assert_eq!(
        r.header("location"),
        Some("/seller/account/documents"),
        "{}",
        r.text()
    );
}

async fn a_new_shop_completes_its_checklist_and_is_approved(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = new_seller(&t, "07700 900201", "+447700900201", "morag@heather.example").await;
    let home = c.get("/seller").await.text();
    assert!(home.contains("id=\"checklist\""));
    assert_eq!(
        home.matches("class=\"done\"").count(),
        2,
        "phone and email are verified"
    );
    assert_eq!(home.matches("class=\"missing\"").count(), 6);
    assert!(
        !home.contains("/seller/account/submit"),
        "nothing to submit yet"
    );
    complete_profile(&c, "Heather & Co").await;
    let home = c.get("/seller").await.text();
    assert_eq!(home.matches("class=\"done\"").count(), 7, "{home}");
    let r = c.post_form("/seller/account/submit", &[]).await;
    assert_eq!(r.header("location"), Some("/seller"));
    assert!(c.get("/seller").await.text().contains("under review"));
    // While under review the profile is locked.
    fixtures::web::refused(
        &c,
        "/seller/account/profile",
        &[
            ("store_name", "Renamed"),
            ("business_type", "COMPANY"),
            ("legal_name", "X"),
            ("registration_number", "1"),
            ("contact_name", "Y"),
            ("time_zone", "Europe/London"),
        ],
    )
    .await;

    // The operator sees it in the queue, with its documents, and approves it.
    let op = ops(&t).await;
    let queue = op.get("/ops/sellers").await.text();
    assert!(queue.contains("Heather &amp; Co"), "{queue}");
    let href = shop_href(&queue, "Heather &amp; Co");
    let detail = op.get(&format!("/ops/sellers/sel_{href}")).await.text();
    assert!(detail.contains("licence.pdf"));
    // The operator sees the shop's health next to its file: no orders yet, so no judgement.
    assert!(detail.contains("Shop health"), "{detail}");
    assert!(detail.contains("Seller-fault return rate"));
    assert!(detail.contains("data-level=\"NOT_ENOUGH_DATA\""));
    assert!(!detail.contains("data-level=\"GOOD\""));
    assert!(detail.contains("Not enough data yet"), "{detail}");
    assert!(
        detail.contains("•••• 9911"),
        "bank account masked: {detail}"
    );
    let doc = fixtures::web::text_between(
        &detail,
        &format!("href=\"/ops/sellers/sel_{href}/documents/"),
        "\"",
    );
    let file = op
        .get(&format!("/ops/sellers/sel_{href}/documents/{doc}"))
        .await;
    assert_eq!(file.status, 200);
    assert_eq!(file.content_type(), "application/pdf");
    assert_eq!(file.body, PDF);
    fixtures::web::submitted(
        &op,
        &format!("/ops/sellers/sel_{href}/decision"),
        &[("action", "APPROVE")],
    )
    .await;
    // The review history says what happened in words, not codes.
    let detail = op.get(&format!("/ops/sellers/sel_{href}")).await.text();
    assert!(detail.contains("Submitted for review"), "{detail}");
    assert!(detail.contains("Under review → Approved"), "{detail}");
    assert!(!detail.contains("PENDING_REVIEW →") && !detail.contains("SUBMIT"));
    let home = c.get("/seller").await.text();
    assert_eq!(home.matches("class=\"done\"").count(), 8, "approved");
    let mail = fixtures::last_message(&t, "morag@heather.example")
        .await
        .unwrap();
    assert!(mail.subject.contains("approved"), "{}", mail.subject);
    // The shop is now on the storefront.
    assert!(
        t.client()
            .get("/")
            .await
            .text()
            .contains("Heather &amp; Co")
    );
}

async fn rejection_needs_reasons_and_the_seller_can_resubmit(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = new_seller(&t, "07700 900202", "+447700900202", "isla@heather.example").await;
    complete_profile(&c, "Skye Knits").await;
    c.post_form("/seller/account/submit", &[]).await;
    let op = ops(&t).await;
    let queue = op.get("/ops/sellers").await.text();
    let id = format!("sel_{}", shop_href(&queue, "Skye Knits"));
    let refusal = fixtures::web::refused(
        &op,
        &format!("/ops/sellers/{id}/decision"),
        &[("action", "REJECT"), ("reasons", "  ")],
    )
    .await;
    assert!(refusal.contains("field-error"));
    fixtures::web::submitted(
        &op,
        &format!("/ops/sellers/{id}/decision"),
        &[
            ("action", "REJECT"),
            (
                "reasons",
                "The licence is unreadable\nThe legal name does not match",
            ),
        ],
    )
    .await;
    let home = c.get("/seller").await.text();
    assert!(
        home.contains("The licence is unreadable")
            && home.contains("The legal name does not match")
    );
    let mail = fixtures::last_message(&t, "isla@heather.example")
        .await
        .unwrap();
    assert!(mail.body.contains("The licence is unreadable"));
    // Approving a rejected shop directly is not a thing; the seller fixes and resubmits.
    fixtures::web::refused(
        &op,
        &format!("/ops/sellers/{id}/decision"),
        &[("action", "APPROVE")],
    )
    .await;
    assert_eq!(
        upload(&c, "BUSINESS_LICENSE", "licence-v2.pdf", PDF)
            .await
            .status,
        303
    );
    assert_eq!(c.post_form("/seller/account/submit", &[]).await.status, 303);
    assert!(
        op.get("/ops/sellers?status=PENDING_REVIEW")
            .await
            .text()
            .contains("Skye Knits")
    );
}

async fn documents_are_checked_by_content_and_size(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = new_seller(&t, "07700 900203", "+447700900203", "ewan@heather.example").await;
    let r = upload(
        &c,
        "IDENTITY",
        "passport.pdf",
        b"MZ\x90\x00this is a program, not a pdf",
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("PDF, JPEG"));
    let big = [b"%PDF-".as_slice(), &vec![b'x'; 10 * 1024 * 1024 + 1]].concat();
    let r = upload(&c, "IDENTITY", "huge.pdf", &big).await;
    assert_eq!(r.status, 422);
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();
    assert_eq!(
        upload(&c, "IDENTITY", "id-card.png", &png).await.status,
        303
    );
    let page = c.get("/seller/account/documents").await.text();
    assert!(page.contains("id-card.png") && !page.contains("passport.pdf"));
    // Another shop cannot fetch it.
    let doc = fixtures::web::text_between(&page, "href=\"/seller/account/documents/", "\"");
    assert_eq!(
        c.get(&format!("/seller/account/documents/{doc}"))
            .await
            .status,
        200
    );
    let other = new_seller(&t, "07700 900204", "+447700900204", "fiona@heather.example").await;
    assert_eq!(
        other
            .get(&format!("/seller/account/documents/{doc}"))
            .await
            .status,
        404
    );
}

async fn bank_accounts_are_validated_and_never_shown_in_full(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = new_seller(&t, "07700 900205", "+447700900205", "rory@heather.example").await;
    let refusal = fixtures::web::refused(
        &c,
        "/seller/account/bank",
        &[
            ("account_holder", "Rory Mac"),
            ("iban", "GB82 WEST 1234 5698 7654 33"),
        ],
    )
    .await;
    assert!(refusal.contains("id=\"iban-error\""));
    fixtures::web::submitted(
        &c,
        "/seller/account/bank",
        &[
            ("account_holder", "Rory Mac"),
            ("iban", "GB82 WEST 1234 5698 7654 32"),
        ],
    )
    .await;
    for page in ["/seller/account", "/seller/account/bank", "/seller"] {
        let html = c.get(page).await.text();
        assert!(
            !html.contains("12345698765432") && !html.contains("5698 7654"),
            "{page} shows the number"
        );
    }
    assert!(
        c.get("/seller/account").await.text().contains("••54 32"),
        "the last four stay readable"
    );
}

async fn suspended_shops_are_reinstated_by_operators(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let op = ops(&t).await;
    let queue = op.get("/ops/sellers?status=APPROVED").await.text();
    assert!(queue.contains("Sakura Stationery"));
    let id = format!("sel_{}", shop_href(&queue, "Sakura Stationery"));
    fixtures::web::submitted(
        &op,
        &format!("/ops/sellers/{id}/decision"),
        &[
            ("action", "SUSPEND"),
            ("reasons", "Counterfeit goods reported"),
        ],
    )
    .await;
    assert!(
        op.get("/ops/sellers?status=SUSPENDED")
            .await
            .text()
            .contains(&id)
    );
    fixtures::web::submitted(
        &op,
        &format!("/ops/sellers/{id}/decision"),
        &[("action", "REINSTATE")],
    )
    .await;
    // Sellers cannot decide anything.
    let seller = t.client();
    fixtures::web::sign_in(
        &seller,
        "/seller/login",
        fixtures::OWNER,
        fixtures::PASSWORD,
    )
    .await;
    assert_eq!(
        seller
            .post_form(
                &format!("/ops/sellers/{id}/decision"),
                &[("action", "SUSPEND"), ("reasons", "x")]
            )
            .await
            .status,
        403
    );
    let _ = json!({});
}

mod api {
    use super::*;

    async fn call(
        c: &TestClient,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> TestResponse {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"));
        fixtures::send_json(c, req, body).await
    }

    pub async fn the_whole_onboarding_works_through_the_api(b: TestBackend) {
        let t = TestApp::with_demo(b).await;
        let c = t.client();
        let token =
            crate::signup::sign_up(&t, "07700 900301", "+447700900301", "api@heather.example")
                .await;
        let shop = get(&c, "/api/v1/shop", &token).await.json();
        assert_eq!(shop["status"], "REGISTERED");
        assert_eq!(shop["can_submit"], false);
        let r = put(&c, "/api/v1/shop/business-details", &token, json!({"store_name": "Api Tartans", "business_type": "SOLE_PROPRIETOR", "legal_name": "Jo Api", "registration_number": "UTR 12345", "contact_name": "Jo Api", "time_zone": "Europe/London"})).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let r = put(&c, "/api/v1/shop/business-details", &token, json!({"store_name": "x", "business_type": "", "legal_name": "", "contact_name": "", "time_zone": "Mars/Olympus"})).await;
        let fields = fixtures::error_list(&r.assert_problem(422, "validation-failed"), "field");
        assert_eq!(
            fields,
            [
                "store_name",
                "business_type",
                "legal_name",
                "contact_name",
                "time_zone"
            ]
        );
        for kind in ["warehouse", "return"] {
            let r = put(&c, &format!("/api/v1/shop/addresses/{kind}"), &token, json!({"contact_name": "Jo", "phone": "+44 131 496 0000", "line1": "2 Rose St", "city": "Edinburgh", "postal_code": "EH2 2PR"})).await;
            assert_eq!(r.status, 200, "{}", r.text());
        }
        let r = put(
            &c,
            "/api/v1/shop/bank-account",
            &token,
            json!({"account_holder": "Jo Api", "iban": "GB82WEST12345698765432"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(!r.text().contains("12345698765432"));
        // A document as multipart.
        let boundary = "apiboundary";
        let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nBUSINESS_LICENSE\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.pdf\"\r\n\r\n").into_bytes();
        body.extend_from_slice(PDF);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let r = c
            .send(
                Request::post("/api/v1/shop/documents")
                    .header("authorization", format!("Bearer {token}"))
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let doc_id = r.json()["id"].as_str().unwrap().to_owned();
        let file = get(&c, &format!("/api/v1/shop/documents/{doc_id}"), &token).await;
        assert_eq!(file.body, PDF);
        let r = call(&c, "POST", "/api/v1/shop/submission", &token, None).await;
        assert_eq!(r.status, 202, "{}", r.text());
        assert_eq!(r.json()["status"], "PENDING_REVIEW");
        call(&c, "POST", "/api/v1/shop/submission", &token, None)
            .await
            .assert_problem(409, "shop-state");

        let ops = fixtures::try_login(&c, fixtures::OPS, fixtures::PASSWORD)
            .await
            .json()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let queue = get(&c, "/api/v1/ops/shops", &ops).await.json();
        let id = queue["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["store_name"] == "Api Tartans")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        get(&c, "/api/v1/ops/shops", &token)
            .await
            .assert_problem(403, "forbidden");
        // A rejection without its reasons, an unknown action, a malformed and an unknown shop.
        let decisions = format!("/api/v1/ops/shops/{id}/decisions");
        for (path, action, status, code) in [
            (decisions.as_str(), "REJECT", 422, "validation-failed"),
            (decisions.as_str(), "DELETE", 422, "validation-failed"),
            (
                "/api/v1/ops/shops/sel_nope/decisions",
                "APPROVE",
                400,
                "invalid-path",
            ),
            (
                "/api/v1/ops/shops/sel_00000000000000000000000000000000/decisions",
                "APPROVE",
                404,
                "not-found",
            ),
        ] {
            post(&c, path, &ops, json!({ "action": action }))
                .await
                .assert_problem(status, code);
        }
        let r = post(
            &c,
            &format!("/api/v1/ops/shops/{id}/decisions"),
            &ops,
            json!({"action": "APPROVE"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let shop = get(&c, "/api/v1/shop", &token).await.json();
        assert_eq!(shop["status"], "APPROVED");
        assert!(
            shop["checklist"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["done"] == true),
            "{shop}"
        );
        assert_eq!(shop["reviews"][0]["action"], "APPROVE");
    }
}
use api::the_whole_onboarding_works_through_the_api;
