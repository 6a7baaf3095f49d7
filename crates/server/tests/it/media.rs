//! Shoppable videos and live sessions: publishing by link and by upload, tags limited to the
//! shop's own products and shown only while on sale, views and tag clicks attributed to their
//! source with links that carry `src`, the live life cycle with its refused moves, pins,
//! questions and answers, permissions, the Seller Center and storefront pages, and the demo.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};
use shopdeck_app::Clock;
use shopdeck_app::media::{Source, source_stats};
use shopdeck_files::images::{ImageFormat, sample_image};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{
    OWNER, PASSWORD, SAKURA, call, dress, get, live_dress, login, operator, patch, post,
    post_multipart,
};
use shopdeck_testkit::{TestApp, TestBackend, TestClient, TestResponse};

use crate::support::db_tests;

db_tests!(
    media_a_video_by_link_shows_its_products_on_sale_and_counts_views_and_clicks,
    media_uploads_must_be_mp4_or_webm_and_are_served_in_ranges,
    media_tags_and_pins_are_limited_to_the_shops_own_products,
    media_a_live_session_runs_its_life_cycle_and_refuses_other_moves,
    media_a_buyer_asks_in_a_live_session_and_the_seller_answers,
    media_promotions_permission_is_needed_to_change_videos_and_sessions,
    media_the_seller_center_publishes_videos_and_runs_sessions,
    media_the_demo_has_a_video_and_live_sessions,
);

/// A small file that starts like an MP4 (`ftyp`, brand `isom`).
fn mp4(len: usize) -> Vec<u8> {
    let mut b = vec![0, 0, 0, 0x20];
    b.extend_from_slice(b"ftypisom\0\0\x02\0isomiso2avc1mp41");
    b.extend((0..len.saturating_sub(b.len())).map(|i| (i % 251) as u8));
    b
}

async fn video_by_link(c: &TestClient, token: &str, tags: &[&str]) -> TestResponse {
    post(
        c,
        "/api/v1/shop/videos",
        token,
        json!({
            "caption": "Linen for summer: three ways to wear it",
            "tags": tags,
            "link_url": "https://videos.example/linen.mp4"
        }),
    )
    .await
}

async fn schedule(c: &TestClient, token: &str, title: &str, at: &str) -> TestResponse {
    post(
        c,
        "/api/v1/shop/live",
        token,
        json!({"title": title, "scheduled_at": at}),
    )
    .await
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["product"]["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn media_a_video_by_link_shows_its_products_on_sale_and_counts_views_and_clicks(
    b: TestBackend,
) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let on_sale = live_dress(&c, &owner, &ops, "V1").await;
    let later_off = live_dress(&c, &owner, &ops, "V2").await;
    let draft = post(
        &c,
        "/api/v1/shop/products",
        &owner,
        dress("Draft dress", &[], "V3"),
    )
    .await
    .json()["product"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = video_by_link(&c, &owner, &[&on_sale, &later_off, &draft]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let vid = v["id"].as_str().unwrap().to_owned();
    assert!(vid.starts_with("vid_"));
    assert_eq!(
        (v["kind"].as_str(), v["url"].as_str(), v["status"].as_str()),
        (
            Some("LINK"),
            Some("https://videos.example/linen.mp4"),
            Some("PUBLISHED")
        )
    );
    let tagged: Vec<&str> = v["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["product_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        tagged,
        [on_sale.as_str(), later_off.as_str(), draft.as_str()]
    );

    // Buyers see the video with only the tagged products on sale, linked with `src`.
    let feed = c.get("/api/v1/storefront/videos").await.json();
    let item = feed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == vid.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["products_on_sale"], 2);
    assert_eq!(item["link_url"], "https://videos.example/linen.mp4");
    let one = c
        .get(&format!("/api/v1/storefront/videos/{vid}"))
        .await
        .json();
    assert_eq!(ids(&one["products"]), [on_sale.clone(), later_off.clone()]);
    assert_eq!(
        one["products"][0]["url"],
        format!("/p/{on_sale}?src={vid}").as_str()
    );
    assert_eq!(
        one["products"][0]["click_path"],
        format!("/v/{vid}/tags/{on_sale}").as_str()
    );
    assert_eq!(one["views"], 1);

    // A product taken off sale disappears from the video.
    let r = post(
        &c,
        "/api/v1/shop/products/actions",
        &owner,
        json!({"action": "deactivate", "product_ids": [later_off]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = c.get(&format!("/v/{vid}")).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Linen for summer"));
    assert!(html.contains(&format!("href=\"/v/{vid}/tags/{on_sale}\"")));
    assert!(!html.contains(&later_off), "products off sale are hidden");
    assert!(!html.contains(&draft));
    assert!(html.contains("href=\"https://videos.example/linen.mp4\""));

    // Following a tag records the click and lands on the product with the source.
    let r = c.get(&format!("/v/{vid}/tags/{on_sale}")).await;
    assert_eq!(r.status, 303);
    let to = format!("/p/{on_sale}?src={vid}");
    assert_eq!(r.header("location"), Some(to.as_str()));
    assert_eq!(c.get(&to).await.status, 200, "the product page takes src");
    let r = c
        .request(
            Method::POST,
            &format!("/api/v1/storefront/videos/{vid}/tags/{on_sale}/clicks"),
            Body::empty(),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["url"], to.as_str());
    // Only tagged products count.
    c.request(
        Method::POST,
        &format!(
            "/api/v1/storefront/videos/{vid}/tags/prd_00000000000000000000000000000000/clicks"
        ),
        Body::empty(),
        None,
    )
    .await
    .assert_problem(404, "not-found");
    assert_eq!(
        c.get(&format!(
            "/v/{vid}/tags/{}",
            "prd_00000000000000000000000000000000"
        ))
        .await
        .status,
        404
    );
    // Polling does not count views.
    c.get(&format!("/api/v1/storefront/videos/{vid}?refresh=true"))
        .await;

    // The shop sees the counts; analytics reads them per source and time.
    let mine = get(&c, &format!("/api/v1/shop/videos/{vid}"), &owner)
        .await
        .json();
    assert_eq!(
        (mine["views"].as_i64(), mine["tag_clicks"].as_i64()),
        (Some(2), Some(2))
    );
    let list = get(&c, "/api/v1/shop/videos", &owner).await.json();
    assert_eq!(list["data"][0]["id"], vid.as_str());
    assert_eq!(list["data"][0]["views"], 2);
    let seller = mine_seller(&c, &owner).await;
    let source = Source::parse(&vid).unwrap();
    let stats = source_stats(&t.app, seller, source, None, None)
        .await
        .unwrap();
    assert_eq!((stats.views, stats.tag_clicks), (2, 2));
    assert_eq!(stats.clicks_by_product, [(on_sale.parse().unwrap(), 2)]);
    let later = t.clock.now() + jiff::SignedDuration::from_secs(1);
    let none = source_stats(&t.app, seller, source, Some(later), None)
        .await
        .unwrap();
    assert_eq!((none.views, none.tag_clicks), (0, 0));
    let sakura = login(&c, SAKURA, PASSWORD).await;
    let other = mine_seller(&c, &sakura).await;
    let stranger = source_stats(&t.app, other, source, None, None)
        .await
        .unwrap();
    assert_eq!((stranger.views, stranger.tag_clicks), (0, 0));
    assert_eq!(
        shopdeck_app::media::resolve_source(&t.app, &vid, on_sale.parse().unwrap())
            .await
            .unwrap(),
        Some(source)
    );
    assert_eq!(
        shopdeck_app::media::resolve_source(&t.app, &vid, draft.parse().unwrap())
            .await
            .unwrap(),
        Some(source),
        "a tag is a tag, on sale or not"
    );
    assert_eq!(
        shopdeck_app::media::resolve_source(&t.app, "nonsense", draft.parse().unwrap())
            .await
            .unwrap(),
        None
    );

    // Edit, hide, delete.
    let r = patch(
        &c,
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        json!({"caption": "Linen, revisited", "tags": [on_sale], "status": "HIDDEN"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["tags"].as_array().unwrap().len(), 1);
    assert_eq!(r.json()["status"], "HIDDEN");
    c.get(&format!("/api/v1/storefront/videos/{vid}"))
        .await
        .assert_problem(404, "not-found");
    assert_eq!(c.get(&format!("/v/{vid}")).await.status, 404);
    assert_eq!(c.get(&format!("/v/{vid}/tags/{on_sale}")).await.status, 404);
    let feed = c.get("/api/v1/storefront/videos").await.json();
    assert!(feed["data"].as_array().unwrap().is_empty());
    patch(
        &c,
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        json!({"status": "GONE"}),
    )
    .await
    .assert_problem(422, "validation-failed");
    let r = call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    get(&c, &format!("/api/v1/shop/videos/{vid}"), &owner)
        .await
        .assert_problem(404, "not-found");
    call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        None,
    )
    .await
    .assert_problem(404, "not-found");
    let list = get(&c, "/api/v1/shop/videos", &owner).await.json();
    assert!(list["data"].as_array().unwrap().is_empty());
    // The history stays for analytics.
    let stats = source_stats(&t.app, seller, source, None, None)
        .await
        .unwrap();
    assert_eq!(stats.views, 2);
}

async fn mine_seller(c: &TestClient, token: &str) -> shopdeck_domain::ids::SellerId {
    get(c, "/api/v1/shop", token).await.json()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn get_with(c: &TestClient, path: &str, range: Option<&str>) -> TestResponse {
    let mut req = Request::get(path);
    if let Some(r) = range {
        req = req.header("range", r);
    }
    c.send(req.body(Body::empty()).unwrap()).await
}

async fn media_uploads_must_be_mp4_or_webm_and_are_served_in_ranges(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let p = live_dress(&c, &owner, &ops, "UP").await;

    // A picture renamed .mp4 is not a video.
    let png = sample_image(400, 400, 3, ImageFormat::Png);
    let r = post_multipart(
        &c,
        &owner,
        "/api/v1/shop/videos",
        &[("caption", "Not a video"), ("tags", &p)],
        &png,
        "clip.mp4",
    )
    .await;
    let doc = r.assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["field"], "file");
    assert_eq!(doc["errors"][0]["code"], "video-type");
    // Tags are needed for an upload too.
    let doc = post_multipart(
        &c,
        &owner,
        "/api/v1/shop/videos",
        &[],
        &mp4(2000),
        "clip.mp4",
    )
    .await
    .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "tags-missing");
    // A JSON body without a link.
    post(&c, "/api/v1/shop/videos", &owner, json!({"tags": [p]}))
        .await
        .assert_problem(422, "invalid-body");

    let bytes = mp4(4000);
    let r = post_multipart(
        &c,
        &owner,
        "/api/v1/shop/videos",
        &[("caption", "Behind the seams"), ("tags", &p)],
        &bytes,
        "seams.mp4",
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let vid = v["id"].as_str().unwrap().to_owned();
    assert_eq!(v["kind"], "FILE");
    assert_eq!(v["content_type"], "video/mp4");
    assert_eq!(v["size_bytes"], 4000);
    let url = format!("/media/video/{vid}");
    assert_eq!(v["url"], url.as_str());

    let whole = get_with(&c, &url, None).await;
    assert_eq!(whole.status, 200);
    assert_eq!(whole.content_type(), "video/mp4");
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.body, bytes);
    // A client that accepts gzip still gets the file as it is, ranges and all.
    let gzip = c
        .send(
            axum::http::Request::builder()
                .uri(&url)
                .header("accept-encoding", "gzip, br")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(gzip.header("content-encoding"), None);
    assert_eq!(gzip.header("accept-ranges"), Some("bytes"));
    assert_eq!(gzip.body, bytes);
    let part = get_with(&c, &url, Some("bytes=100-199")).await;
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 100-199/4000"));
    assert_eq!(part.header("content-length"), Some("100"));
    assert_eq!(part.body, bytes[100..200]);
    let tail = get_with(&c, &url, Some("bytes=3900-")).await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, bytes[3900..]);
    let suffix = get_with(&c, &url, Some("bytes=-10")).await;
    assert_eq!(suffix.header("content-range"), Some("bytes 3990-3999/4000"));
    let out = get_with(&c, &url, Some("bytes=5000-")).await;
    assert_eq!(out.status, 416);
    assert_eq!(out.header("content-range"), Some("bytes */4000"));

    // The storefront plays it in a <video>.
    let page = c.get(&format!("/v/{vid}")).await.text();
    assert!(page.contains("<video"), "{page}");
    assert!(page.contains("playsinline"));
    assert!(page.contains(&format!("src=\"{url}\"")));
    let api = c
        .get(&format!("/api/v1/storefront/videos/{vid}"))
        .await
        .json();
    assert_eq!(api["play_url"], url.as_str());

    // Hidden: buyers no longer get the file, the shop still does.
    patch(
        &c,
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        json!({"status": "HIDDEN"}),
    )
    .await;
    assert_eq!(get_with(&c, &url, None).await.status, 404);
    let web = t.client();
    web.get("/seller/login").await;
    web.post_form("/seller/login", &[("login", OWNER), ("password", PASSWORD)])
        .await;
    assert_eq!(get_with(&web, &url, Some("bytes=0-9")).await.status, 206);
    let sakura = t.client();
    fixtures::web::sign_in(&sakura, "/seller/login", SAKURA, PASSWORD).await;
    assert_eq!(get_with(&sakura, &url, None).await.status, 404);
    // Deleted: the file is gone.
    call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        None,
    )
    .await;
    assert_eq!(get_with(&web, &url, None).await.status, 404);
    assert_eq!(c.get("/media/video/nonsense").await.status, 404);
}

async fn media_tags_and_pins_are_limited_to_the_shops_own_products(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let mine = live_dress(&c, &owner, &ops, "OWN").await;
    let sakura = login(&c, SAKURA, PASSWORD).await;

    // Another shop's product, by its real id, is refused naming the entry.
    let doc = video_by_link(&c, &sakura, &[&mine])
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["field"], "tags[0]");
    assert_eq!(doc["errors"][0]["code"], "tag-product-unknown");
    let doc = video_by_link(&c, &owner, &[&mine, "nonsense", &mine])
        .await
        .assert_problem(422, "validation-failed");
    let fields: Vec<(&str, &str)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("tags[1]", "tag-product-unknown"),
            ("tags[2]", "tag-duplicate")
        ]
    );
    let doc = video_by_link(&c, &owner, &[])
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "tags-missing");
    let many: Vec<String> = (0..21).map(|_| mine.clone()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let doc = video_by_link(&c, &owner, &many)
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "tags-count");
    let doc = post(
        &c,
        "/api/v1/shop/videos",
        &owner,
        json!({"tags": [mine], "link_url": "http://videos.example/x.mp4"}),
    )
    .await
    .assert_problem(422, "validation-failed");
    assert_eq!(
        (
            doc["errors"][0]["field"].as_str(),
            doc["errors"][0]["code"].as_str()
        ),
        (Some("link_url"), Some("link-invalid"))
    );
    // Editing tags follows the same rule.
    let vid = video_by_link(&c, &owner, &[&mine]).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sakura_video = {
        let r = post(
            &c,
            "/api/v1/shop/products",
            &sakura,
            json!({
                "category_id": "womens-dresses", "source_locale": "en",
                "editions": [{"locale": "en", "title": "Sakura dress"}],
                "skus": [{"seller_sku": "SAK-1", "price": {"amount": 5000, "currency": "JPY"}}]
            }),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["product"]["id"].as_str().unwrap().to_owned()
    };
    let doc = patch(
        &c,
        &format!("/api/v1/shop/videos/{vid}"),
        &owner,
        json!({"tags": [mine, sakura_video]}),
    )
    .await
    .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["field"], "tags[1]");
    // Pins too.
    let live = schedule(&c, &owner, "Pins", "2026-03-02T10:00:00Z")
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc = post(
        &c,
        &format!("/api/v1/shop/live/{live}/pins"),
        &owner,
        json!({"product_id": sakura_video}),
    )
    .await
    .assert_problem(422, "validation-failed");
    assert_eq!(
        (
            doc["errors"][0]["field"].as_str(),
            doc["errors"][0]["code"].as_str()
        ),
        (Some("product_id"), Some("pin-product-unknown"))
    );
    // Another shop's video and session do not exist for this shop.
    get(&c, &format!("/api/v1/shop/videos/{vid}"), &sakura)
        .await
        .assert_problem(404, "not-found");
    call(
        &c,
        "POST",
        &format!("/api/v1/shop/live/{live}/start"),
        &sakura,
        None,
    )
    .await
    .assert_problem(404, "not-found");
    get(
        &c,
        "/api/v1/shop/videos/prd_00000000000000000000000000000000",
        &owner,
    )
    .await
    .assert_problem(400, "invalid-path");
}

async fn media_a_live_session_runs_its_life_cycle_and_refuses_other_moves(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let p1 = live_dress(&c, &owner, &ops, "L1").await;
    let p2 = live_dress(&c, &owner, &ops, "L2").await;
    let action = |id: &str, what: &str| format!("/api/v1/shop/live/{id}/{what}");

    // The clock reads 2026-03-02T09:00Z.
    let doc = schedule(&c, &owner, "Too late", "2026-03-01T09:00:00Z")
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "live-time-past");
    let doc = schedule(&c, &owner, "When?", "tomorrow-ish")
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "live-time-invalid");
    let doc = schedule(&c, &owner, "  ", "2026-03-02T10:00:00Z")
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "live-title-required");

    let r = schedule(&c, &owner, "Linen week, live", "2026-03-02T10:00:00Z").await;
    assert_eq!(r.status, 201, "{}", r.text());
    let s1 = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["status"], "SCHEDULED");
    let s2 = schedule(&c, &owner, "Second session", "2026-03-03T10:00:00Z")
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lineup = c.get("/api/v1/storefront/live").await.json();
    assert_eq!(lineup["upcoming"].as_array().unwrap().len(), 2);
    assert!(lineup["live_now"].as_array().unwrap().is_empty());

    // Before it starts: ending is refused; products can be lined up.
    let doc = call(&c, "POST", &action(&s1, "end"), &owner, None)
        .await
        .assert_problem(409, "live-state");
    assert!(doc["detail"].as_str().unwrap().contains("not started"));
    let r = post(&c, &action(&s1, "pins"), &owner, json!({"product_id": p1})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = call(&c, "POST", &action(&s1, "start"), &owner, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "LIVE");
    assert!(r.json()["started_at"].is_string());
    for what in ["start", "cancel"] {
        call(&c, "POST", &action(&s1, what), &owner, None)
            .await
            .assert_problem(409, "live-state");
    }
    let doc = call(&c, "POST", &action(&s2, "start"), &owner, None)
        .await
        .assert_problem(409, "another-live");
    assert!(
        doc["detail"].as_str().unwrap().contains("end it first"),
        "{doc}"
    );

    // Pinning another product unpins the first, which stays featured.
    let r = post(
        &c,
        &action(&s1, "pins"),
        &owner,
        json!({"product_id": p2, "now": true}),
    )
    .await
    .json();
    let pins: Vec<(&str, bool)> = r["pins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["product_id"].as_str().unwrap(),
                p["pinned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(pins, [(p1.as_str(), false), (p2.as_str(), true)]);

    let lineup = c.get("/api/v1/storefront/live").await.json();
    assert_eq!(lineup["live_now"][0]["id"], s1.as_str());
    assert_eq!(lineup["upcoming"].as_array().unwrap().len(), 1);
    let live = c.get(&format!("/api/v1/storefront/live/{s1}")).await.json();
    assert_eq!(live["pinned"]["product"]["id"], p2.as_str());
    assert_eq!(live["pinned"]["url"], format!("/p/{p2}?src={s1}").as_str());
    assert_eq!(ids(&live["featured"]), [p1.clone(), p2.clone()]);
    let page = c.get(&format!("/live/{s1}")).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Linen week, live"));
    assert!(html.contains(&format!("href=\"/live/{s1}/pins/{p2}\"")));
    assert!(html.contains("id=\"pinned-slot\""));
    assert!(
        html.contains("<script src=\"/assets/live.js\""),
        "the page refreshes itself"
    );
    let r = c.get(&format!("/live/{s1}/pins/{p2}")).await;
    assert_eq!(r.status, 303);
    let to = format!("/p/{p2}?src={s1}");
    assert_eq!(r.header("location"), Some(to.as_str()));
    assert_eq!(
        c.get(&format!(
            "/live/{s1}/pins/{}",
            "prd_00000000000000000000000000000000"
        ))
        .await
        .status,
        404
    );

    // Unpin: out of the session; twice is a 404.
    let r = call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/live/{s1}/pins/{p2}"),
        &owner,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["pins"].as_array().unwrap().len(), 1);
    call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/live/{s1}/pins/{p2}"),
        &owner,
        None,
    )
    .await
    .assert_problem(404, "not-found");
    let live = c
        .get(&format!("/api/v1/storefront/live/{s1}?refresh=true"))
        .await
        .json();
    assert!(live["pinned"].is_null());
    assert_eq!(ids(&live["featured"]), [p1.as_str()]);

    // The end; nothing moves an ended session.
    let r = call(&c, "POST", &action(&s1, "end"), &owner, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "ENDED");
    for what in ["start", "end", "cancel"] {
        let doc = call(&c, "POST", &action(&s1, what), &owner, None)
            .await
            .assert_problem(409, "live-state");
        assert!(doc["detail"].as_str().unwrap().contains("ended"), "{doc}");
    }
    post(&c, &action(&s1, "pins"), &owner, json!({"product_id": p2}))
        .await
        .assert_problem(409, "pin-closed");
    let ended = c.get(&format!("/api/v1/storefront/live/{s1}")).await.json();
    assert_eq!(ended["status"], "ENDED");
    assert!(ended["pinned"].is_null());

    // Cancelling a scheduled session; nothing moves a cancelled one; buyers lose it.
    let r = call(&c, "POST", &action(&s2, "cancel"), &owner, None).await;
    assert_eq!(r.json()["status"], "CANCELLED");
    for what in ["start", "end", "cancel"] {
        call(&c, "POST", &action(&s2, what), &owner, None)
            .await
            .assert_problem(409, "live-state");
    }
    c.get(&format!("/api/v1/storefront/live/{s2}"))
        .await
        .assert_problem(404, "not-found");
    let lineup = c.get("/api/v1/storefront/live").await.json();
    assert!(lineup["live_now"].as_array().unwrap().is_empty());
    assert!(lineup["upcoming"].as_array().unwrap().is_empty());

    // The shop's view: views (page + API opens) and the click.
    let mine = get(&c, &format!("/api/v1/shop/live/{s1}"), &owner)
        .await
        .json();
    assert_eq!(
        (mine["views"].as_i64(), mine["tag_clicks"].as_i64()),
        (Some(3), Some(1))
    );
    let list = get(&c, "/api/v1/shop/live", &owner).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    let seller = mine_seller(&c, &owner).await;
    let stats = source_stats(&t.app, seller, Source::parse(&s1).unwrap(), None, None)
        .await
        .unwrap();
    assert_eq!((stats.views, stats.tag_clicks), (3, 1));
    assert_eq!(stats.source_kind, "LIVE");
}

/// A buyer account made through the API; returns its bearer token.
async fn new_buyer(t: &TestApp, c: &TestClient, email: &str, name: &str) -> String {
    let r = c
        .post_json("/api/v1/buyer/signups", &json!({"email": email}))
        .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let code = fixtures::code_for(t, email).await;
    let r = c
        .post_json(
            &format!("/api/v1/buyer/signups/{id}/verification"),
            &json!({"code": code, "password": "buyer-password-1", "display_name": name}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

async fn media_a_buyer_asks_in_a_live_session_and_the_seller_answers(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let live = schedule(&c, &owner, "Questions welcome", "2026-03-02T09:30:00Z")
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mina = new_buyer(&t, &c, "mina@example.com", "Mina").await;
    let ask = format!("/api/v1/storefront/live/{live}/questions");
    // A signed-in buyer only, and only while live.
    c.post_json(&ask, &json!({"body": "Is it lined?"}))
        .await
        .assert_problem(401, "unauthenticated");
    post(&c, &ask, &owner, json!({"body": "Is it lined?"}))
        .await
        .assert_problem(401, "unauthenticated");
    post(&c, &ask, &mina, json!({"body": "Is it lined?"}))
        .await
        .assert_problem(409, "not-live");
    call(
        &c,
        "POST",
        &format!("/api/v1/shop/live/{live}/start"),
        &owner,
        None,
    )
    .await;
    let r = post(&c, &ask, &mina, json!({"body": "  Is the jacket lined?  "})).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let qid = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["body"], "Is the jacket lined?");
    assert_eq!(r.json()["buyer_name"], "Mina");
    let doc = post(&c, &ask, &mina, json!({"body": " "}))
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["code"], "question-required");
    // A few a minute at most.
    for n in 0..4 {
        let r = post(&c, &ask, &mina, json!({"body": format!("More {n}")})).await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let r = post(&c, &ask, &mina, json!({"body": "Too many"})).await;
    r.assert_problem(429, "rate-limited");
    assert!(r.header("retry-after").is_some());
    let public = c.get(&ask).await.json();
    assert_eq!(public["data"].as_array().unwrap().len(), 5);
    assert_eq!(public["data"][4]["body"], "Is the jacket lined?");
    assert!(public["data"][4]["answer"].is_null());

    // The seller answers through the API…
    let mine = get(&c, &format!("/api/v1/shop/live/{live}/questions"), &owner)
        .await
        .json();
    assert_eq!(mine["data"].as_array().unwrap().len(), 5);
    let path = format!("/api/v1/shop/live/{live}/questions/{qid}/answer");
    post(&c, &path, &owner, json!({"answer": ""}))
        .await
        .assert_problem(422, "validation-failed");
    let r = post(
        &c,
        &path,
        &owner,
        json!({"answer": "Yes, with tartan flannel."}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["answer"], "Yes, with tartan flannel.");
    let public = c.get(&ask).await.json();
    assert_eq!(public["data"][4]["answer"], "Yes, with tartan flannel.");
    // …and another shop cannot.
    let sakura = login(&c, SAKURA, PASSWORD).await;
    post(&c, &path, &sakura, json!({"answer": "Hijack"}))
        .await
        .assert_problem(404, "not-found");

    // In the storefront: a sign-in link for visitors, the form for a signed-in buyer.
    let visitor = t.client();
    let html = visitor.get(&format!("/live/{live}")).await.text();
    assert!(html.contains("Is the jacket lined?"));
    assert!(html.contains("Yes, with tartan flannel."));
    assert!(html.contains(&format!("/account/login?next=/live/{live}")));
    assert!(!html.contains("name=\"body\""));
    let r = fixtures::web::submitted(
        &visitor,
        &format!("/live/{live}/questions"),
        &[("body", "Anyone?")],
    )
    .await;
    assert!(r.header("location").unwrap().starts_with("/account/login"));
    new_buyer(&t, &c, "noor@example.com", "Noor").await;
    let noor = t.client();
    let r = fixtures::web::sign_in(
        &noor,
        "/account/login",
        "noor@example.com",
        fixtures::BUYER_PASSWORD,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let html = noor.get(&format!("/live/{live}")).await.text();
    assert!(html.contains("name=\"body\""));
    assert!(html.contains("Noor"));
    let refusal =
        fixtures::web::refused(&noor, &format!("/live/{live}/questions"), &[("body", "")]).await;
    assert!(refusal.contains("Write your question."));
    let r = fixtures::web::submitted(
        &noor,
        &format!("/live/{live}/questions"),
        &[("body", "Which sizes are left?")],
    )
    .await;
    assert_eq!(
        r.header("location"),
        Some(format!("/live/{live}#questions").as_str())
    );
    let public = c.get(&ask).await.json();
    assert_eq!(public["data"][0]["body"], "Which sizes are left?");
    assert_eq!(public["data"][0]["buyer_name"], "Noor");

    // The seller's control page lists the questions and answers them.
    let web = t.client();
    web.get("/seller/login").await;
    web.post_form("/seller/login", &[("login", OWNER), ("password", PASSWORD)])
        .await;
    let noor_q = public["data"][0]["id"].as_str().unwrap().to_owned();
    fixtures::web::submitted(
        &web,
        &format!("/seller/content/live/{live}/questions/{noor_q}/answer"),
        &[("answer", "S and M, for now.")],
    )
    .await;
    let control = web
        .get(&format!("/seller/content/live/{live}"))
        .await
        .text();
    assert!(control.contains("S and M, for now."));
    assert!(control.contains("Which sizes are left?"));
    // After the end, no more questions.
    call(
        &c,
        "POST",
        &format!("/api/v1/shop/live/{live}/end"),
        &owner,
        None,
    )
    .await;
    let r = noor
        .post_form(
            &format!("/live/{live}/questions"),
            &[("body", "Still there?")],
        )
        .await;
    assert_eq!(r.status, 409);
}

async fn media_promotions_permission_is_needed_to_change_videos_and_sessions(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let p = live_dress(&c, &owner, &ops, "PM").await;
    let vid = video_by_link(&c, &owner, &[&p]).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = schedule(&c, &owner, "Team session", "2026-03-02T12:00:00Z")
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A product manager may look (Promotions view) but not change anything.
    let pm = login(&c, "priya@maple-pine.example", PASSWORD).await;
    assert_eq!(get(&c, "/api/v1/shop/videos", &pm).await.status, 200);
    assert_eq!(
        get(&c, &format!("/api/v1/shop/live/{live}"), &pm)
            .await
            .status,
        200
    );
    video_by_link(&c, &pm, &[&p])
        .await
        .assert_problem(403, "forbidden");
    for (method, path, body) in [
        (
            "PATCH",
            format!("/api/v1/shop/videos/{vid}"),
            Some(json!({"status": "HIDDEN"})),
        ),
        ("DELETE", format!("/api/v1/shop/videos/{vid}"), None),
        (
            "POST",
            "/api/v1/shop/live".to_owned(),
            Some(json!({"title": "x", "scheduled_at": "2026-03-02T12:00:00Z"})),
        ),
        ("POST", format!("/api/v1/shop/live/{live}/start"), None),
        (
            "POST",
            format!("/api/v1/shop/live/{live}/pins"),
            Some(json!({"product_id": p})),
        ),
    ] {
        call(&c, method, &path, &pm, body)
            .await
            .assert_problem(403, "forbidden");
    }
    // Order fulfilment has no Promotions at all.
    let of = login(&c, "sam@maple-pine.example", PASSWORD).await;
    get(&c, "/api/v1/shop/videos", &of)
        .await
        .assert_problem(403, "forbidden");
    // Nothing changed.
    let v = get(&c, &format!("/api/v1/shop/videos/{vid}"), &owner)
        .await
        .json();
    assert_eq!(v["status"], "PUBLISHED");

    // The same in Seller Center: the menu, the pages and the forms.
    let web = t.client();
    fixtures::web::sign_in(&web, "/seller/login", "priya@maple-pine.example", PASSWORD).await;
    let home = web.get("/seller").await.text();
    assert!(home.contains("href=\"/seller/content\""));
    let page = web.get("/seller/content/videos").await;
    assert_eq!(page.status, 200);
    assert!(
        !page.text().contains("action=\"/seller/content/videos\""),
        "no publish form"
    );
    let r = web
        .post_form(
            &format!("/seller/content/videos/{vid}/status"),
            &[("action", "hide")],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = web
        .post_form(
            &format!("/seller/content/live/{live}/status"),
            &[("action", "start")],
        )
        .await;
    assert_eq!(r.status, 403);
    let sam = t.client();
    fixtures::web::sign_in(&sam, "/seller/login", "sam@maple-pine.example", PASSWORD).await;
    assert!(
        !sam.get("/seller")
            .await
            .text()
            .contains("href=\"/seller/content\"")
    );
    assert_eq!(sam.get("/seller/content/videos").await.status, 403);
    assert_eq!(sam.get("/seller/content/live").await.status, 403);
}

/// Posts a multipart form as a browser would, with the CSRF token from the cookie.
async fn post_browser_multipart(
    c: &TestClient,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> TestResponse {
    let boundary = "----shopdeck-media-boundary";
    let token = c.cookie("sd_csrf").unwrap_or_default();
    let mut body = Vec::new();
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    for (k, v) in all {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    c.request(
        Method::POST,
        path,
        Body::from(body),
        Some(&format!("multipart/form-data; boundary={boundary}")),
    )
    .await
}

async fn media_the_seller_center_publishes_videos_and_runs_sessions(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let api = t.client();
    let owner = login(&api, OWNER, PASSWORD).await;
    let ops = operator(&api).await;
    let p = live_dress(&api, &owner, &ops, "WEB").await;
    let c = t.client().with_header("accept-language", "fr");
    c.get("/seller/login").await;
    c.post_form("/seller/login", &[("login", OWNER), ("password", PASSWORD)])
        .await;

    assert_eq!(
        c.get("/seller/content").await.header("location"),
        Some("/seller/content/videos")
    );
    let html = fixtures::web::page(&c, "/seller/content/videos").await;
    assert!(html.contains("Publier une vidéo"), "in French");
    assert!(
        html.contains(&format!("value=\"{p}\"")),
        "the product to tag"
    );

    // Neither a file nor a link; then a picture; then a real upload.
    let r = post_browser_multipart(
        &c,
        "/seller/content/videos",
        &[("caption", "x"), ("tags", &p)],
        None,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("Choisissez un fichier vidéo ou indiquez un lien.")
    );
    let png = sample_image(400, 400, 5, ImageFormat::Png);
    let r = post_browser_multipart(
        &c,
        "/seller/content/videos",
        &[("caption", "Photo"), ("tags", &p)],
        Some(("a.mp4", png)),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Téléversez une vidéo MP4 ou WebM."));
    assert!(
        r.text().contains(">Photo</textarea>"),
        "the caption is kept"
    );
    let r = post_browser_multipart(
        &c,
        "/seller/content/videos",
        &[("caption", "Atelier tour"), ("tags", &p), ("link_url", "")],
        Some(("tour.mp4", mp4(3000))),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some("/seller/content/videos?notice=published")
    );
    let list = c
        .get("/seller/content/videos?notice=published")
        .await
        .text();
    assert!(list.contains("Votre vidéo est publiée."));
    assert!(list.contains("Atelier tour"));
    let vid = fixtures::web::text_between(&list, "/seller/content/videos/vid_", "\"");
    let vid = format!("vid_{vid}");
    // Without the CSRF token, nothing is published.
    let r = c
        .request(
            Method::POST,
            "/seller/content/videos",
            Body::from(
                "--b\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nx\r\n--b--\r\n",
            ),
            Some("multipart/form-data; boundary=b"),
        )
        .await;
    assert_eq!(r.status, 403);

    // Edit: caption and tags; no tag is refused beside the list.
    let refusal = fixtures::web::refused(
        &c,
        &format!("/seller/content/videos/{vid}"),
        &[("caption", "Atelier, part 2")],
    )
    .await;
    assert!(refusal.contains("Identifiez au moins un de vos produits."));
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/videos/{vid}"),
        &[("caption", "Atelier, part 2"), ("tags", &p)],
    )
    .await;
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/videos/{vid}/status"),
        &[("action", "hide")],
    )
    .await;
    assert_eq!(api.get(&format!("/v/{vid}")).await.status, 404);
    let page = c.get(&format!("/seller/content/videos/{vid}")).await.text();
    assert!(page.contains("Atelier, part 2"));
    assert!(page.contains("Masquée"));
    c.post_form(
        &format!("/seller/content/videos/{vid}/status"),
        &[("action", "show")],
    )
    .await;
    assert_eq!(api.get(&format!("/v/{vid}")).await.status, 200);

    // A session: scheduled in the shop's time zone (New York), started, a product pinned.
    let r = fixtures::web::submitted(
        &c,
        "/seller/content/live",
        &[
            ("title", "Atelier LIVE"),
            ("scheduled_at", "2026-03-02T07:00"),
            ("stream_url", ""),
        ],
    )
    .await;
    let at = r.header("location").unwrap().to_owned();
    let live = at
        .trim_start_matches("/seller/content/live/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let mine = get(&api, &format!("/api/v1/shop/live/{live}"), &owner)
        .await
        .json();
    assert_eq!(
        mine["scheduled_at"], "2026-03-02T12:00:00Z",
        "07:00 in New York"
    );
    let refusal = fixtures::web::refused(
        &c,
        "/seller/content/live",
        &[("title", "Past"), ("scheduled_at", "2026-03-01T07:00")],
    )
    .await;
    assert!(refusal.contains("Choisissez un moment à venir."));
    let control = c.get(&at).await.text();
    assert!(control.contains("La session est programmée."));
    let r = c
        .post_form(
            &format!("/seller/content/live/{live}/status"),
            &[("action", "end")],
        )
        .await;
    assert_eq!(r.status, 409, "a refused move shows why");
    assert!(
        r.text()
            .contains("Le statut du live ne le permet pas pour le moment.")
    );
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/live/{live}/status"),
        &[("action", "start")],
    )
    .await;
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/live/{live}/pins"),
        &[("product_id", &p), ("now", "1")],
    )
    .await;
    let control = c.get(&format!("/seller/content/live/{live}")).await.text();
    assert!(control.contains("Épinglé"));
    let store = api.get(&format!("/live/{live}")).await.text();
    assert!(store.contains(&format!("/live/{live}/pins/{p}")));
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/live/{live}/pins/{p}/remove"),
        &[],
    )
    .await;
    fixtures::web::submitted(
        &c,
        &format!("/seller/content/live/{live}/status"),
        &[("action", "end")],
    )
    .await;
    let list = c.get("/seller/content/live").await.text();
    assert!(list.contains("Atelier LIVE"));
    assert!(list.contains("Terminée"));
}

async fn media_the_demo_has_a_video_and_live_sessions(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    assert_eq!(shopdeck_app::demo::load_media(&t.app).await.unwrap(), 3);
    let c = t.client();
    let videos = c.get("/api/v1/storefront/videos").await.json();
    assert_eq!(videos["data"].as_array().unwrap().len(), 1);
    let vid = videos["data"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(videos["data"][0]["products_on_sale"], 2);
    assert_eq!(videos["data"][0]["store_name"], "Maple & Pine Outfitters");
    let lineup = c.get("/api/v1/storefront/live").await.json();
    assert_eq!(lineup["live_now"].as_array().unwrap().len(), 1);
    assert_eq!(lineup["upcoming"].as_array().unwrap().len(), 1);
    let live_id = lineup["live_now"][0]["id"].as_str().unwrap().to_owned();
    let live = c
        .get(&format!("/api/v1/storefront/live/{live_id}"))
        .await
        .json();
    assert!(live["pinned"]["product"]["id"].is_string());
    assert_eq!(live["featured"].as_array().unwrap().len(), 2);

    // The home page and the shop page show them, in every language.
    for lang in ["en", "zh-CN", "ja", "ar", "fr", "es"] {
        let l = t.client().with_header("accept-language", lang);
        let html = fixtures::web::page(&l, "/").await;
        assert!(
            html.contains(&format!("href=\"/live/{live_id}\"")),
            "{lang}"
        );
        assert!(html.contains(&format!("href=\"/v/{vid}\"")), "{lang}");
        assert_eq!(l.get("/videos").await.status, 200);
        assert_eq!(l.get("/live").await.status, 200);
        assert_eq!(l.get(&format!("/live/{live_id}")).await.status, 200);
        assert_eq!(l.get(&format!("/v/{vid}")).await.status, 200);
    }
    let shop = live["seller_id"].as_str().unwrap().to_owned();
    let page = c.get(&format!("/shop/{shop}")).await.text();
    assert!(page.contains("id=\"shop-live\""));
    assert!(page.contains(&format!("href=\"/v/{vid}\"")));
    let fr = t.client().with_header("accept-language", "fr");
    let live_page = fr.get(&format!("/live/{live_id}")).await.text();
    assert!(live_page.contains("Épinglé en ce moment"));
    let feed = c.get(&format!("/videos?shop={shop}")).await.text();
    assert!(feed.contains(&format!("href=\"/v/{vid}\"")));
    assert_eq!(c.get("/videos?shop=nonsense").await.status, 404);
    assert_eq!(c.get("/videos?cursor=nonsense").await.status, 404);
    c.get("/api/v1/storefront/videos?cursor=nonsense")
        .await
        .assert_problem(422, "validation-failed");
}
