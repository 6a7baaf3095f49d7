//! Print documents read back as a person or a scanner reads them: the PDF's text is extracted
//! with `pdftotext` (poppler-utils), so a test sees what prints, not what the writer meant.
//! Without `pdftotext` these tests are ignored with a note, or fail under
//! `SHOPDECK_TEST_REQUIRE_ALL=1`, as the browser tests do; the Chinese and Japanese ones
//! ([`cjk_tests`]) also need the CJK font (`fonts-noto-cjk`, see [`cjk_font`]).

use std::process::Command;

use serde_json::json;
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{OWNER, get, new_buyer, post, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::{BoxFut, DbTest, db_tests};

db_tests!(
    print_packing_slips_and_pick_lists_name_the_variant_in_the_requested_language,
    print_an_arabic_address_reads_back_in_order_from_an_embedded_subset,
);

/// Tests that need the CJK font as well as `pdftotext`.
pub fn cjk_tests() -> Vec<(&'static str, DbTest)> {
    vec![
        (
            "print_a_japanese_shop_prints_japanese_names_addresses_and_words",
            |b| {
                Box::pin(print_a_japanese_shop_prints_japanese_names_addresses_and_words(b))
                    as BoxFut
            },
        ),
        (
            "print_a_chinese_address_reads_back_from_the_cjk_subset",
            |b| Box::pin(print_a_chinese_address_reads_back_from_the_cjk_subset(b)) as BoxFut,
        ),
    ]
}

/// Whether the CJK font Shopdeck prints Chinese and Japanese with by default can be read
/// here, or why not.
pub fn cjk_font() -> Result<(), String> {
    let settings = shopdeck_app::Settings::default();
    shopdeck_app::fulfilment::print_fonts(&settings.print_fonts)
        .map(|_| ())
        .map_err(|why| format!("{why}: apt-get install fonts-noto-cjk"))
}

/// Whether `pdftotext` can run here, or why not.
pub fn available() -> Result<(), String> {
    match Command::new("pdftotext").arg("-v").output() {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "pdftotext cannot run ({e}): apt-get install poppler-utils"
        )),
    }
}

/// The text of a PDF as `pdftotext -layout` reads it, pages separated by form feeds.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "shopdeck-print-{}-{}",
        std::process::id(),
        uuid_like()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&input)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// A name no other test run uses at the same time.
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Every document of one package (label, packing slip, pick list) as the text that prints.
async fn documents(c: &TestClient, owner: &str, package: &str, query: &str) -> String {
    let r = get(
        c,
        &format!("/api/v1/shop/documents?packages={package}&document_type=ALL{query}"),
        owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    pdf_text(&r.body)
}

async fn print_packing_slips_and_pick_lists_name_the_variant_in_the_requested_language(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    // Two SKUs of a dress, sized S and M (`{"size":"S"}` as stored).
    let (owner, skus) = fixtures::shop(&c, "PRT", 5).await;
    let buyer = new_buyer(&t, &c, "print-variant@buyers.example").await;
    let order = fixtures::paid_order(&t, &c, &buyer, &skus[0], 2).await;
    let package = fixtures::ship_own(&c, &owner, &order, "PRINT-0001").await;

    // English by default: the slip and the pick list both say "Size: S", never the JSON.
    let text = documents(&c, &owner, &package, "").await;
    assert!(text.contains("PRINT-0001"), "{text}");
    assert!(text.contains("PACKING SLIP"), "{text}");
    assert!(text.contains("Pick list"), "{text}");
    assert_eq!(text.matches("Size: S").count(), 2, "{text}");
    assert!(!text.contains("{\"size\""), "{text}");
    assert!(!text.contains("Size: M"), "only the S was bought: {text}");

    // In French and Spanish the attribute is named in that language.
    let text = documents(&c, &owner, &package, "&locale=fr").await;
    assert_eq!(text.matches("Taille : S").count(), 2, "{text}");
    assert!(!text.contains("Size:"), "{text}");
    let text = documents(&c, &owner, &package, "&locale=es").await;
    assert_eq!(text.matches("Talla: S").count(), 2, "{text}");

    // The Seller Center prints in the language the seller works in.
    let seller = t.client().with_header("x-forwarded-for", "203.0.113.80");
    fixtures::web::sign_in_seller(&seller, OWNER).await;
    seller.set_cookie("sd_lang", "fr");
    let r = seller
        .get(&format!(
            "/seller/shipping/documents?packages={package}&type=ALL&size=4x6"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let text = pdf_text(&r.body);
    assert_eq!(text.matches("Taille : S").count(), 2, "{text}");

    // A language Shopdeck does not speak is the client's mistake, answered beside the field.
    let r = get(
        &c,
        &format!("/api/v1/shop/documents?packages={package}&locale=xx"),
        &owner,
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text());
}

async fn print_an_arabic_address_reads_back_in_order_from_an_embedded_subset(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "PAR", 5).await;
    let (token, _) = new_buyer(&t, &c, "print-arabic@buyers.example").await;
    let r = post(
        &c,
        "/api/v1/buyer/addresses",
        &token,
        json!({
            "recipient_name": "فاطمة الزهراء", "phone": "+14155550123", "country": "US",
            "region": "CA", "city": "Springfield", "postal_code": "94016",
            "line1": "شارع الملك فهد 12", "line2": "Łódź Москва", "is_default": true
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let address = r.json()["id"].as_str().unwrap().to_owned();
    let order = fixtures::paid_order_at(&t, &c, &token, &address, &skus[0], 1).await;
    let package = fixtures::ship_own(&c, &owner, &order, "PRINT-0002").await;

    let r = get(
        &c,
        &format!("/api/v1/shop/documents?packages={package}&document_type=ALL&locale=ar"),
        &owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // DejaVu Sans alone is 1.4 MB in two weights: only the glyphs used are embedded.
    assert!(r.body.len() < 60_000, "{} bytes", r.body.len());
    let text = pdf_text(&r.body);
    // pdftotext gives Arabic back in logical order (the order it is typed and stored in), on
    // the label and on the packing slip; no character is lost to "?".
    assert_eq!(text.matches("فاطمة الزهراء").count(), 2, "{text}");
    assert_eq!(text.matches("شارع الملك فهد").count(), 2, "{text}");
    assert_eq!(text.matches("Łódź Москва").count(), 2, "{text}");
    // "المقاس: S" in an Arabic line: the attribute's name reads right to left, and the value
    // stands at its left end, as an Arabic reader expects. The page's fixed words are Arabic
    // too, so pdftotext reads its lines as right-to-left paragraphs: the name first (RLE),
    // then the Latin part embedded left to right (LRE) — "S :" to the name's left.
    assert_eq!(
        text.matches("\u{202b}المقاس\u{202a}S :").count(),
        2,
        "{text}"
    );
    // The fixed words are Arabic: "SHIP TO" on the label and the slip.
    assert_eq!(text.matches("الشحن إلى").count(), 2, "{text}");
    assert!(text.contains("قائمة التعبئة"), "{text}");
    assert!(!text.contains("SHIP TO"), "{text}");
    assert!(!text.contains('?'), "{text}");
}

/// Orders one SKU for delivery to `address` (a buyer address body), ships it with
/// `tracking` and returns the package id.
async fn shipped_package(
    t: &TestApp,
    c: &TestClient,
    owner: &str,
    sku: &str,
    buyer_email: &str,
    address: serde_json::Value,
    tracking: &str,
) -> String {
    let (token, _) = new_buyer(t, c, buyer_email).await;
    let r = post(c, "/api/v1/buyer/addresses", &token, address).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let address = r.json()["id"].as_str().unwrap().to_owned();
    let order = fixtures::paid_order_at(t, c, &token, &address, sku, 1).await;
    fixtures::ship_own(c, owner, &order, tracking).await
}

async fn print_a_japanese_shop_prints_japanese_names_addresses_and_words(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) =
        fixtures::shop_in(&c, "owner@sakura-stationery.example", "PJA", "JPY", 5).await;
    let address = json!({
        "recipient_name": "山田 太郎", "phone": "+14155550123", "country": "US",
        "region": "CA", "city": "Springfield", "postal_code": "94016",
        "line1": "東京都渋谷区神宮前1-2-3", "line2": "さくらマンション101号室",
        "is_default": true
    });
    let package = shipped_package(
        &t,
        &c,
        &owner,
        &skus[0],
        "print-japanese@buyers.example",
        address,
        "PRINT-0003",
    )
    .await;

    // A shop in Japan prints in Japanese when the request names no language.
    let text = documents(&c, &owner, &package, "").await;
    // The name and address on the label and on the packing slip, from the CJK subset.
    assert_eq!(text.matches("山田 太郎").count(), 2, "{text}");
    assert_eq!(text.matches("東京都渋谷区神宮前1-2-3").count(), 2, "{text}");
    assert_eq!(text.matches("さくらマンション101号室").count(), 2, "{text}");
    // The fixed words in Japanese: label and slip say お届け先; the slip and the pick list
    // number their pages.
    assert_eq!(text.matches("お届け先").count(), 2, "{text}");
    for word in [
        "差出人",
        "納品書",
        "ピッキングリスト",
        "数量",
        "出品者SKU",
        "注文ID：",
        "荷物ID：",
    ] {
        assert!(text.contains(word), "{word} not in {text}");
    }
    assert_eq!(text.matches("1 / 1 ページ").count(), 2, "{text}");
    assert!(
        text.contains("サイズ: S") || text.contains("サイズ：S"),
        "{text}"
    );
    for english in ["SHIP TO", "PACKING SLIP", "Pick list", "Qty", "Page 1 of 1"] {
        assert!(!text.contains(english), "{english} in {text}");
    }
    assert!(!text.contains('?'), "{text}");
    // The language the request asks for wins.
    let text = documents(&c, &owner, &package, "&locale=en").await;
    assert!(
        text.contains("SHIP TO") && text.contains("Page 1 of 1"),
        "{text}"
    );
    assert_eq!(text.matches("東京都渋谷区神宮前1-2-3").count(), 2, "{text}");

    // One label: Noto Sans CJK is 19 MB a weight; only the glyphs used are embedded.
    let r = get(
        &c,
        &format!("/api/v1/shop/documents?packages={package}&document_type=SHIPPING_LABEL"),
        &owner,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    eprintln!("a one-label Japanese PDF is {} bytes", r.body.len());
    assert!(r.body.len() < 60_000, "{} bytes", r.body.len());
    let text = pdf_text(&r.body);
    assert!(
        text.contains("山田 太郎") && text.contains("お届け先"),
        "{text}"
    );
}

async fn print_a_chinese_address_reads_back_from_the_cjk_subset(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = shop(&c, "PZH", 5).await;
    let address = json!({
        "recipient_name": "张伟", "phone": "+14155550123", "country": "US",
        "region": "CA", "city": "Springfield", "postal_code": "94016",
        "line1": "北京市朝阳区建国路88号", "line2": "现代城5号楼1201室",
        "is_default": true
    });
    let package = shipped_package(
        &t,
        &c,
        &owner,
        &skus[0],
        "print-chinese@buyers.example",
        address,
        "PRINT-0004",
    )
    .await;

    let text = documents(&c, &owner, &package, "&locale=zh-CN").await;
    assert_eq!(text.matches("张伟").count(), 2, "{text}");
    assert_eq!(text.matches("北京市朝阳区建国路88号").count(), 2, "{text}");
    assert_eq!(text.matches("现代城5号楼1201室").count(), 2, "{text}");
    assert_eq!(text.matches("收件人").count(), 2, "{text}");
    for word in ["寄件人", "装箱单", "拣货单", "数量", "第 1 页，共 1 页"] {
        assert!(text.contains(word), "{word} not in {text}");
    }
    assert!(!text.contains('?'), "{text}");
    // A shop in the United States prints in English by default, with the Chinese address.
    let text = documents(&c, &owner, &package, "").await;
    assert!(
        text.contains("SHIP TO") && text.contains("PACKING SLIP"),
        "{text}"
    );
    assert_eq!(text.matches("北京市朝阳区建国路88号").count(), 2, "{text}");
}
