//! Sub-users and roles, API tokens, the audit log, several shops per person, and isolation
//! between shops.

use jiff::SignedDuration;
use serde_json::{Value, json};
use shopdeck_domain::roles::{Access, Area, BuiltInRole};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::fixtures::{call, get, last_message, login, post, put};
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::db_tests;

db_tests!(
    an_invited_product_manager_sees_exactly_what_the_role_allows,
    invitations_expire_after_120_hours_and_can_be_withdrawn,
    every_built_in_role_gets_its_permissions_and_nothing_owner_only,
    custom_roles_grant_chosen_areas,
    api_tokens_are_scoped_revocable_and_never_the_owner,
    the_audit_log_records_who_did_what_from_where,
    one_person_works_in_two_shops_and_switches,
    another_shops_resources_are_not_found,
);

/// The invitation secret from the newest email to `email`.
async fn invitation_token(t: &TestApp, email: &str) -> String {
    let mail = last_message(t, email).await.unwrap();
    mail.body
        .split("/seller/invitations/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Invites `email` with `role` into the owner's shop and accepts as a new account; returns a
/// session token of the new member.
async fn add_staff(t: &TestApp, owner: &str, email: &str, role: &str) -> String {
    let c = t.client();
    let r = post(
        &c,
        "/api/v1/shop/invitations",
        owner,
        json!({"email": email, "role": role}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let secret = invitation_token(t, email).await;
    let r = c.post_json("/api/v1/invitations/accept", &json!({"token": secret, "display_name": "Staff Member", "password": "staff password 123"})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["session_token"].as_str().unwrap().to_owned()
}

async fn an_invited_product_manager_sees_exactly_what_the_role_allows(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    // The owner invites in the browser.
    let owner = t.client();
    fixtures::web::sign_in(&owner, "/seller/login", fixtures::OWNER, fixtures::PASSWORD).await;
    let r = owner
        .post_form(
            "/seller/account/team/invite",
            &[("email", "Noor@Example.com"), ("role", "PRODUCT_MANAGER")],
        )
        .await;
    assert_eq!(
        r.header("location"),
        Some("/seller/account/team?notice=invited"),
        "{}",
        r.text()
    );
    let mail = last_message(&t, "noor@example.com").await.unwrap();
    assert!(mail.body.contains("Maple & Pine Outfitters") && mail.body.contains("120"));
    let link = mail
        .body
        .split(t.app.settings.public_url.as_str())
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    // The invitee opens the link, creates an account and lands in Seller Center.
    let staff = t.client();
    let page = staff.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("noor@example.com"));
    fixtures::web::refused(
        &staff,
        &link,
        &[("display_name", "Noor"), ("password", "short")],
    )
    .await;
    let r = staff
        .post_form(
            &link,
            &[
                ("display_name", "Noor"),
                ("password", "noor's long password"),
            ],
        )
        .await;
    assert_eq!(r.header("location"), Some("/seller"), "{}", r.text());
    let home = staff.get("/seller").await.text();
    for (seg, shown) in [
        ("products", true),
        ("promotions", true),
        ("analytics", true),
        ("orders", false),
        ("finance", false),
        ("account", false),
        ("returns", false),
    ] {
        assert_eq!(
            home.contains(&format!("href=\"/seller/{seg}\"")),
            shown,
            "{seg} in the menu"
        );
    }
    assert!(
        !home.contains("id=\"checklist\""),
        "the checklist is the owner's"
    );
    assert_eq!(staff.get("/seller/products").await.status, 200);
    assert_eq!(staff.get("/seller/orders").await.status, 403);
    assert_eq!(staff.get("/seller/account").await.status, 403);
    assert_eq!(staff.get("/seller/account/team").await.status, 403);
    assert_eq!(
        staff
            .post_form(
                "/seller/account/team/invite",
                &[("email", "x@example.com"), ("role", "ADMIN")]
            )
            .await
            .status,
        403
    );
    // The link is used up.
    assert_eq!(t.client().get(&link).await.status, 404);

    // The owner changes the role; it applies at once. Then removes the member.
    let team = owner.get("/seller/account/team").await.text();
    assert!(team.contains("noor@example.com"));
    let row = team
        .split("<tr>")
        .find(|r| r.contains("noor@example.com"))
        .unwrap();
    let user_id = fixtures::web::text_between(row, "/seller/account/team/usr_", "/");
    fixtures::web::submitted(
        &owner,
        &format!("/seller/account/team/usr_{user_id}/role"),
        &[("role", "CUSTOMER_SERVICE")],
    )
    .await;
    assert_eq!(staff.get("/seller/orders").await.status, 200);
    assert_eq!(staff.get("/seller/products").await.status, 403);
    owner
        .post_form(&format!("/seller/account/team/usr_{user_id}/remove"), &[])
        .await;
    assert!(
        staff
            .get("/seller")
            .await
            .text()
            .contains(&shopdeck_web::I18n::new(shopdeck_domain::Locale::En).t("seller-no-shop"))
    );
}

async fn invitations_expire_after_120_hours_and_can_be_withdrawn(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@thistle-thread.example", "shopdeck-demo").await;
    post(
        &c,
        "/api/v1/shop/invitations",
        &owner,
        json!({"email": "late@example.com", "role": "FINANCE"}),
    )
    .await;
    let secret = invitation_token(&t, "late@example.com").await;
    t.clock.advance(SignedDuration::from_hours(120));
    let r = c
        .post_json(
            "/api/v1/invitations/accept",
            &json!({"token": secret, "display_name": "Late", "password": "a late good password"}),
        )
        .await;
    r.assert_problem(404, "not-found");
    let owner = login(&c, "owner@thistle-thread.example", "shopdeck-demo").await;
    let r = post(
        &c,
        "/api/v1/shop/invitations",
        &owner,
        json!({"email": "gone@example.com", "role": "FINANCE"}),
    )
    .await;
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let secret = invitation_token(&t, "gone@example.com").await;
    assert_eq!(
        call(
            &c,
            "DELETE",
            &format!("/api/v1/shop/invitations/{id}"),
            &owner,
            None
        )
        .await
        .status,
        204
    );
    c.post_json(
        "/api/v1/invitations/accept",
        &json!({"token": secret, "display_name": "Gone", "password": "a good long password"}),
    )
    .await
    .assert_problem(404, "not-found");
    let team = get(&c, "/api/v1/shop/members", &owner).await.json();
    let states: Vec<&str> = team["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["revoked", "expired"]);
    // Bad input is named.
    post(
        &c,
        "/api/v1/shop/invitations",
        &owner,
        json!({"email": "nope", "role": "FINANCE"}),
    )
    .await
    .assert_problem(422, "validation-failed");
    let r = post(
        &c,
        "/api/v1/shop/invitations",
        &owner,
        json!({"email": "a@example.com", "role": "OWNER"}),
    )
    .await;
    assert_eq!(
        r.assert_problem(422, "validation-failed")["errors"][0]["field"],
        "role"
    );
}

async fn every_built_in_role_gets_its_permissions_and_nothing_owner_only(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@sakura-stationery.example", "shopdeck-demo").await;
    for role in BuiltInRole::ALL
        .into_iter()
        .filter(|r| *r != BuiltInRole::Owner)
    {
        let email = format!("{}@sakura.example", role.key().to_lowercase());
        let member = add_staff(&t, &owner, &email, role.key()).await;
        let mine = get(&c, "/api/v1/shop/permissions", &member).await.json();
        assert_eq!(mine["role"], role.key());
        assert_eq!(mine["is_owner"], false);
        let expected = role.permissions();
        for area in Area::ALL {
            let got = mine["permissions"][area.as_str()]
                .as_str()
                .unwrap_or("none");
            assert_eq!(
                got,
                expected.get(area).as_str(),
                "{} in {}",
                role.key(),
                area.as_str()
            );
        }
        // Owner-only, whatever the role.
        for (method, path, body) in [
            ("GET", "/api/v1/shop", None),
            ("GET", "/api/v1/shop/members", None),
            ("GET", "/api/v1/shop/tokens", None),
            ("GET", "/api/v1/shop/audit-log", None),
            (
                "PUT",
                "/api/v1/shop/bank-account",
                Some(json!({"account_holder": "X"})),
            ),
            (
                "POST",
                "/api/v1/shop/invitations",
                Some(json!({"email": "x@example.com", "role": "ADMIN"})),
            ),
        ] {
            call(&c, method, path, &member, body)
                .await
                .assert_problem(403, "forbidden");
        }
    }
    let owners = get(&c, "/api/v1/shop/permissions", &owner).await.json();
    assert_eq!(owners["is_owner"], true);
    assert!(
        Area::ALL
            .iter()
            .all(|a| owners["permissions"][a.as_str()] == "edit")
    );
    let _ = Access::View;
}

async fn custom_roles_grant_chosen_areas(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    let r = post(
        &c,
        "/api/v1/shop/roles",
        &owner,
        json!({"name": "Returns desk", "permissions": {"returns": "edit", "orders": "view"}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let key = r.json()["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("rol_"));
    post(
        &c,
        "/api/v1/shop/roles",
        &owner,
        json!({"name": "Returns desk", "permissions": {}}),
    )
    .await
    .assert_problem(422, "validation-failed");
    post(
        &c,
        "/api/v1/shop/roles",
        &owner,
        json!({"name": "Bad", "permissions": {"warehouse": "edit"}}),
    )
    .await
    .assert_problem(422, "validation-failed");
    let member = add_staff(&t, &owner, "desk@maple.example", &key).await;
    let mine = get(&c, "/api/v1/shop/permissions", &member).await.json();
    assert_eq!(
        mine["permissions"],
        json!({"orders": "view", "returns": "edit"})
    );
    call(
        &c,
        "DELETE",
        &format!("/api/v1/shop/roles/{key}"),
        &owner,
        None,
    )
    .await
    .assert_problem(409, "role-in-use");
    let roles = get(&c, "/api/v1/shop/roles", &owner).await.json();
    assert_eq!(
        roles["data"].as_array().unwrap().len(),
        8,
        "7 built-in + 1 custom"
    );
}

async fn api_tokens_are_scoped_revocable_and_never_the_owner(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    let r = post(
        &c,
        "/api/v1/shop/tokens",
        &owner,
        json!({"name": "ERP sync", "scopes": {"orders": "edit", "products": "view"}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let secret = r.json()["secret"].as_str().unwrap().to_owned();
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("sdk_"));
    let mine = get(&c, "/api/v1/shop/permissions", &secret).await.json();
    assert_eq!(
        mine["permissions"],
        json!({"orders": "edit", "products": "view"})
    );
    assert_eq!(mine["is_owner"], false);
    assert_eq!(
        get(&c, "/api/v1/me", &secret).await.json()["current_shop"]["store_name"],
        "Maple & Pine Outfitters"
    );
    // A token cannot make tokens, see the team or touch the bank account.
    post(
        &c,
        "/api/v1/shop/tokens",
        &secret,
        json!({"name": "x", "scopes": {}}),
    )
    .await
    .assert_problem(403, "forbidden");
    get(&c, "/api/v1/shop/members", &secret)
        .await
        .assert_problem(403, "forbidden");
    let list = get(&c, "/api/v1/shop/tokens", &owner).await;
    assert!(
        !list.text().contains(&secret[4..20]),
        "secrets are never listed"
    );
    assert!(
        list.json()["data"][0]["last_used_at"].is_string(),
        "last use is recorded"
    );
    assert_eq!(
        call(
            &c,
            "DELETE",
            &format!("/api/v1/shop/tokens/{id}"),
            &owner,
            None
        )
        .await
        .status,
        204
    );
    get(&c, "/api/v1/me", &secret)
        .await
        .assert_problem(401, "unauthenticated");
    get(&c, "/api/v1/me", "sdk_not-a-real-token")
        .await
        .assert_problem(401, "unauthenticated");
}

async fn the_audit_log_records_who_did_what_from_where(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, "owner@thistle-thread.example", "shopdeck-demo").await;
    post(
        &c,
        "/api/v1/shop/roles",
        &owner,
        json!({"name": "Packers", "permissions": {"shipping": "edit"}}),
    )
    .await;
    post(
        &c,
        "/api/v1/shop/tokens",
        &owner,
        json!({"name": "Label printer", "scopes": {"shipping": "edit"}}),
    )
    .await;
    let member = add_staff(&t, &owner, "packer@thistle.example", "ORDER_FULFILMENT").await;
    let log = get(&c, "/api/v1/shop/audit-log", &owner).await.json();
    let actions: Vec<&str> = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "staff.role_created",
        "token.created",
        "staff.invited",
        "staff.joined",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let created = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "token.created")
        .unwrap();
    assert_eq!(created["actor_kind"], "user");
    assert_eq!(created["actor_name"], "Isla Campbell");
    assert_eq!(created["ip"], "203.0.113.50");
    assert_eq!(created["user_agent"], "shopdeck-tests");
    assert_eq!(created["details"]["name"], "Label printer");
    let staff_only = get(&c, "/api/v1/shop/audit-log?action=staff.", &owner)
        .await
        .json();
    assert!(
        staff_only["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"].as_str().unwrap().starts_with("staff."))
    );
    let page = get(&c, "/api/v1/shop/audit-log?limit=2", &owner)
        .await
        .json();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    let next = page["next_cursor"].as_str().unwrap();
    let older = get(
        &c,
        &format!("/api/v1/shop/audit-log?limit=2&cursor={next}"),
        &owner,
    )
    .await
    .json();
    assert_ne!(older["data"][0]["id"], page["data"][0]["id"]);
    get(&c, "/api/v1/shop/audit-log", &member)
        .await
        .assert_problem(403, "forbidden");
    get(&c, "/api/v1/shop/audit-log?cursor=nonsense", &owner)
        .await
        .assert_problem(422, "validation-failed");
    // The owner can browse it in the browser too.
    let web = t.client();
    fixtures::web::sign_in(&web, "/seller/login", fixtures::THISTLE, fixtures::PASSWORD).await;
    let html = web.get("/seller/account/audit?action=token.").await.text();
    assert!(html.contains("token.created") && !html.contains("staff.invited"));
}

async fn one_person_works_in_two_shops_and_switches(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let thistle = login(&c, "owner@thistle-thread.example", "shopdeck-demo").await;
    post(
        &c,
        "/api/v1/shop/invitations",
        &thistle,
        json!({"email": "owner@maple-pine.example", "role": "ANALYST"}),
    )
    .await;
    let secret = invitation_token(&t, "owner@maple-pine.example").await;
    let maple = login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    // An existing account accepts while signed in; a stranger's session cannot.
    post(
        &c,
        "/api/v1/invitations/accept",
        &thistle,
        json!({"token": secret}),
    )
    .await
    .assert_problem(422, "validation-failed");
    let r = post(
        &c,
        "/api/v1/invitations/accept",
        &maple,
        json!({"token": secret}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let me = get(&c, "/api/v1/me", &maple).await.json();
    assert_eq!(me["shops"].as_array().unwrap().len(), 2);
    assert_eq!(me["current_shop"]["store_name"], "Maple & Pine Outfitters");
    let thistle_id = me["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["store_name"] == "Thistle & Thread")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        put(
            &c,
            "/api/v1/sessions/current/shop",
            &maple,
            json!({"seller_id": thistle_id})
        )
        .await
        .status,
        204
    );
    let me = get(&c, "/api/v1/me", &maple).await.json();
    assert_eq!(me["current_shop"]["store_name"], "Thistle & Thread");
    assert_eq!(me["current_shop"]["role"], "ANALYST");
    let perms = get(&c, "/api/v1/shop/permissions", &maple).await.json();
    assert_eq!(perms["is_owner"], false, "not the owner here");
    // Shops one does not work in cannot be switched to.
    put(
        &c,
        "/api/v1/sessions/current/shop",
        &thistle,
        json!({"seller_id": me["shops"][0]["id"]}),
    )
    .await
    .assert_problem(404, "not-found");
    // And in the browser, the switcher appears.
    let web = t.client();
    fixtures::web::sign_in(&web, "/seller/login", fixtures::OWNER, fixtures::PASSWORD).await;
    let home = web.get("/seller").await.text();
    assert!(home.contains("action=\"/seller/switch\""));
    fixtures::web::submitted(&web, "/seller/switch", &[("seller_id", &thistle_id)]).await;
    assert!(
        web.get("/seller")
            .await
            .text()
            .contains("Thistle &amp; Thread")
    );
}

/// Every seller-side API route, called by the owner of another shop with this shop's ids: the
/// answer is 404 (or 403 where the caller lacks the area), and never this shop's data.
async fn another_shops_resources_are_not_found(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let victim = login(&c, "owner@maple-pine.example", "shopdeck-demo").await;
    let attacker = login(&c, "owner@sakura-stationery.example", "shopdeck-demo").await;
    // The victim's shop has one of everything.
    let inv = post(
        &c,
        "/api/v1/shop/invitations",
        &victim,
        json!({"email": "secret-staff@maple.example", "role": "ADMIN"}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let role = post(
        &c,
        "/api/v1/shop/roles",
        &victim,
        json!({"name": "Secret role", "permissions": {"orders": "view"}}),
    )
    .await
    .json()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = post(
        &c,
        "/api/v1/shop/tokens",
        &victim,
        json!({"name": "Secret token", "scopes": {}}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let img = fixtures::image_id(&c, &victim, 11).await;
    let product = post(
        &c,
        "/api/v1/shop/products",
        &victim,
        fixtures::dress("Secret product", &[img], "SECRET"),
    )
    .await
    .json()["product"]
        .clone();
    let product_id = product["id"].as_str().unwrap().to_owned();
    let export = post(
        &c,
        "/api/v1/shop/bulk/exports",
        &victim,
        json!({"format": "csv"}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sku = product["skus"][0]["id"].as_str().unwrap().to_owned();
    let video = post(&c, "/api/v1/shop/videos", &victim, json!({"caption": "Secret video caption", "tags": [product_id], "link_url": "https://videos.example/secret.mp4"}))
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = post(
        &c,
        "/api/v1/shop/live",
        &victim,
        json!({"title": "Secret live title", "scheduled_at": "2026-03-02T12:00:00Z"}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post(
        &c,
        &format!("/api/v1/shop/live/{live}/pins"),
        &victim,
        json!({"product_id": product_id}),
    )
    .await;
    let member = add_staff(&t, &victim, "member@maple.example", "FINANCE").await;
    let member_id = get(&c, "/api/v1/me", &member).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shop = get(&c, "/api/v1/shop", &victim).await.json();
    let victim_shop = shop["id"].as_str().unwrap().to_owned();
    let ops = fixtures::operator(&c).await;
    let on_sale = fixtures::live_skus(&c, &victim, &ops, "ISO", "USD", 3).await;
    let (buyer, address) = fixtures::new_buyer(&t, &c, "iso@buyers.example").await;
    let order = fixtures::buy_now(&c, &buyer, &address, &on_sale[0], 1, None)
        .await
        .json()["orders"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let shipped = fixtures::buy_now(&c, &buyer, &address, &on_sale[1], 1, None)
        .await
        .json();
    fixtures::pay(&t, &c, &shipped["payments"][0]).await;
    let shipped_order = shipped["orders"][0].as_str().unwrap().to_owned();
    let package = post(
        &c,
        &format!("/api/v1/shop/orders/{shipped_order}/shipment"),
        &victim,
        json!({"mode": "SELLER", "carrier": "OTHER", "tracking_number": "SECRET-TRACK-1"}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let order_export = post(
        &c,
        "/api/v1/shop/orders/exports",
        &victim,
        json!({"from": "2026-03-02", "until": "2026-03-02"}),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let template_body = json!({"name": "Secret template", "rules": [{"country": "US", "mode": "flat", "fee_minor": 500}]});
    let template = post(
        &c,
        "/api/v1/shop/shipping/templates",
        &victim,
        template_body.clone(),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The routes, with the victim's ids where a route takes one.
    // The victim's newest notification (the demo's orders gave the owner some).
    let notification = get(&c, "/api/v1/shop/notifications", &victim).await.json()["data"][0]["id"]
        .as_str()
        .expect("the demo owner has notifications")
        .to_owned();
    let routes: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/shop".into(), None),
        (
            "PUT",
            "/api/v1/shop/business-details".into(),
            Some(
                json!({"store_name": "Hijack", "business_type": "COMPANY", "legal_name": "x", "registration_number": "1", "contact_name": "x", "time_zone": "Asia/Tokyo"}),
            ),
        ),
        (
            "PUT",
            "/api/v1/shop/addresses/warehouse".into(),
            Some(
                json!({"contact_name": "x", "phone": "090-1234-5678", "line1": "x", "city": "x", "postal_code": "100-0001"}),
            ),
        ),
        (
            "PUT",
            "/api/v1/shop/bank-account".into(),
            Some(json!({"account_holder": "x"})),
        ),
        (
            "GET",
            "/api/v1/shop/documents/doc_00000000000000000000000000000000".into(),
            None,
        ),
        ("POST", "/api/v1/shop/submission".into(), None),
        ("GET", "/api/v1/shop/permissions".into(), None),
        ("GET", "/api/v1/shop/members".into(), None),
        (
            "PATCH",
            format!("/api/v1/shop/members/{member_id}"),
            Some(json!({"role": "ADMIN"})),
        ),
        ("DELETE", format!("/api/v1/shop/members/{member_id}"), None),
        ("DELETE", format!("/api/v1/shop/invitations/{inv}"), None),
        ("GET", "/api/v1/shop/roles".into(), None),
        ("DELETE", format!("/api/v1/shop/roles/{role}"), None),
        ("GET", "/api/v1/shop/tokens".into(), None),
        ("DELETE", format!("/api/v1/shop/tokens/{token}"), None),
        ("GET", "/api/v1/shop/audit-log".into(), None),
        ("GET", "/api/v1/shop/products".into(), None),
        ("GET", format!("/api/v1/shop/products/{product_id}"), None),
        (
            "PUT",
            format!("/api/v1/shop/products/{product_id}"),
            Some(fixtures::dress("Hijacked dress", &[], "HIJACK")),
        ),
        (
            "DELETE",
            format!("/api/v1/shop/products/{product_id}"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/shop/products/{product_id}/submission"),
            None,
        ),
        (
            "POST",
            "/api/v1/shop/products/actions".into(),
            Some(json!({"action": "delete", "product_ids": [product_id]})),
        ),
        (
            "PATCH",
            format!("/api/v1/shop/skus/{sku}"),
            Some(json!({"price": {"amount": 1, "currency": "JPY"}})),
        ),
        (
            "POST",
            format!("/api/v1/shop/skus/{sku}/stock"),
            Some(json!({"quantity": 0})),
        ),
        ("GET", format!("/api/v1/shop/skus/{sku}/movements"), None),
        ("GET", "/api/v1/shop/warehouses".into(), None),
        ("POST", "/api/v1/shop/images".into(), None),
        ("GET", "/api/v1/shop/inventory/summary".into(), None),
        ("GET", "/api/v1/shop/bulk/jobs".into(), None),
        ("GET", format!("/api/v1/shop/bulk/jobs/{export}"), None),
        (
            "GET",
            format!("/api/v1/shop/bulk/jobs/{export}/report"),
            None,
        ),
        ("GET", format!("/api/v1/shop/bulk/jobs/{export}/file"), None),
        (
            "POST",
            "/api/v1/shop/bulk/exports".into(),
            Some(json!({"format": "csv"})),
        ),
        ("POST", "/api/v1/shop/bulk/imports".into(), None),
        ("GET", "/api/v1/shop/bulk/template".into(), None),
        (
            "PUT",
            "/api/v1/shop/inventory/settings".into(),
            Some(json!({"low_stock_default": 3})),
        ),
        (
            "PUT",
            "/api/v1/sessions/current/shop".into(),
            Some(json!({"seller_id": victim_shop})),
        ),
        ("GET", "/api/v1/shop/videos".into(), None),
        (
            "POST",
            "/api/v1/shop/videos".into(),
            Some(json!({"tags": [product_id], "link_url": "https://videos.example/x.mp4"})),
        ),
        ("GET", format!("/api/v1/shop/videos/{video}"), None),
        (
            "PATCH",
            format!("/api/v1/shop/videos/{video}"),
            Some(json!({"caption": "Hijacked", "status": "HIDDEN"})),
        ),
        ("DELETE", format!("/api/v1/shop/videos/{video}"), None),
        ("GET", "/api/v1/shop/live".into(), None),
        (
            "POST",
            "/api/v1/shop/live".into(),
            Some(json!({"title": "Mine", "scheduled_at": "2026-03-02T12:00:00Z"})),
        ),
        ("GET", format!("/api/v1/shop/live/{live}"), None),
        ("POST", format!("/api/v1/shop/live/{live}/start"), None),
        ("POST", format!("/api/v1/shop/live/{live}/end"), None),
        ("POST", format!("/api/v1/shop/live/{live}/cancel"), None),
        (
            "POST",
            format!("/api/v1/shop/live/{live}/pins"),
            Some(json!({"product_id": product_id})),
        ),
        (
            "DELETE",
            format!("/api/v1/shop/live/{live}/pins/{product_id}"),
            None,
        ),
        ("GET", format!("/api/v1/shop/live/{live}/questions"), None),
        (
            "POST",
            format!(
                "/api/v1/shop/live/{live}/questions/qst_00000000000000000000000000000000/answer"
            ),
            Some(json!({"answer": "Hijacked"})),
        ),
        ("GET", "/api/v1/shop/orders".into(), None),
        ("GET", format!("/api/v1/shop/orders/{order}"), None),
        (
            "POST",
            format!("/api/v1/shop/orders/{order}/cancellation"),
            Some(json!({"reason": "OUT_OF_STOCK"})),
        ),
        (
            "PUT",
            "/api/v1/shop/orders/settings".into(),
            Some(json!({"hold_minutes": 0})),
        ),
        ("GET", "/api/v1/shop/shipping".into(), None),
        ("GET", "/api/v1/shop/carriers".into(), None),
        ("GET", "/api/v1/shop/cancellations".into(), None),
        ("GET", "/api/v1/shop/health".into(), None),
        ("GET", "/api/v1/shop/returns".into(), None),
        (
            "GET",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000".into(),
            None,
        ),
        (
            "GET",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000/photos/0".into(),
            None,
        ),
        (
            "POST",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000/approval".into(),
            None,
        ),
        (
            "POST",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000/rejection".into(),
            Some(json!({"reason": "OTHER", "note": "x"})),
        ),
        (
            "POST",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000/receipt".into(),
            Some(json!({})),
        ),
        (
            "POST",
            "/api/v1/shop/returns/rtn_00000000000000000000000000000000/receipt-rejection".into(),
            Some(json!({"reason": "OTHER", "note": "x"})),
        ),
        (
            "POST",
            "/api/v1/shop/cancellations/cnl_00000000000000000000000000000000/approval".into(),
            None,
        ),
        (
            "POST",
            "/api/v1/shop/cancellations/cnl_00000000000000000000000000000000/rejection".into(),
            Some(json!({"reason": "ALREADY_SHIPPED"})),
        ),
        (
            "POST",
            format!("/api/v1/shop/orders/{order}/shipment"),
            Some(json!({"mode": "PLATFORM"})),
        ),
        (
            "POST",
            "/api/v1/shop/shipments/bulk".into(),
            Some(json!({"orders": [{"order_id": shipped_order}]})),
        ),
        ("GET", format!("/api/v1/shop/packages/{package}"), None),
        (
            "POST",
            format!("/api/v1/shop/packages/{package}/delivery"),
            Some(json!({"delivery_type": "DELIVERY_SUCCESS"})),
        ),
        (
            "GET",
            format!("/api/v1/shop/packages/{package}/proof"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/shop/documents?packages={package}"),
            None,
        ),
        ("GET", "/api/v1/shop/orders/exports".into(), None),
        (
            "GET",
            format!("/api/v1/shop/orders/exports/{order_export}"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/shop/orders/exports/{order_export}/file"),
            None,
        ),
        (
            "POST",
            "/api/v1/shop/orders/exports".into(),
            Some(json!({"from": "2026-03-02", "until": "2026-03-02"})),
        ),
        (
            "POST",
            "/api/v1/shop/shipping/templates".into(),
            Some(template_body.clone()),
        ),
        (
            "PUT",
            format!("/api/v1/shop/shipping/templates/{template}"),
            Some(template_body.clone()),
        ),
        (
            "DELETE",
            format!("/api/v1/shop/shipping/templates/{template}"),
            None,
        ),
        ("GET", "/api/v1/shop/notifications".into(), None),
        ("POST", "/api/v1/shop/notifications/read-all".into(), None),
        (
            "POST",
            format!("/api/v1/shop/notifications/{notification}/read"),
            None,
        ),
    ];
    // Every /shop route of the API is in the table: a new route must join this test.
    let doc = c.get("/api/v1/openapi.json").await.json();
    for path in doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| p.starts_with("/shop"))
    {
        let templ = path.split('{').next().unwrap();
        assert!(
            routes
                .iter()
                .any(|(_, p, _)| p.trim_start_matches("/api/v1").starts_with(templ)),
            "{path} is missing from the isolation test"
        );
    }
    let secrets = [
        "Secret product",
        "SECRET-S",
        "secret-staff@maple.example",
        "Secret role",
        "Secret token",
        "member@maple.example",
        "Maple & Pine",
        "Avery Johnson",
        "Secret video caption",
        "Secret live title",
        "Ada Buyer",
        "1 Market Street",
        "SECRET-TRACK-1",
    ];
    for (method, path, body) in routes {
        let r = call(&c, method, &path, &attacker, body).await;
        assert!(
            r.status.is_success() || [400, 404, 409, 422].contains(&r.status.as_u16()),
            "{method} {path}: {}",
            r.status
        );
        for s in secrets {
            assert!(
                !r.text().contains(s),
                "{method} {path} leaked {s:?}: {}",
                r.text()
            );
        }
        if path.contains(&member_id)
            || path.contains(&product_id)
            || path.contains(&export)
            || path.contains(&sku)
            || path.contains(&inv)
            || path.contains(&role)
            || path.contains(&token)
            || path.contains(&video)
            || path.contains(&live)
            || path.contains(&order)
            || path.contains(&template)
            || path.contains(&order_export)
            || path.contains(&notification)
            || path.contains("documents/")
            || path.ends_with("/current/shop")
        {
            assert_eq!(r.status, 404, "{method} {path}: {}", r.text());
        }
    }
    // Nothing of the victim's changed.
    let o = get(&c, &format!("/api/v1/shop/orders/{order}"), &victim)
        .await
        .json();
    assert_eq!(o["status"], "UNPAID");
    let shipping = get(&c, "/api/v1/shop/shipping", &victim).await.json();
    assert_eq!(shipping["templates"][0]["id"], template.as_str());
    let p = get(&c, &format!("/api/v1/shop/products/{product_id}"), &victim)
        .await
        .json();
    assert_eq!(
        (p["title"].as_str(), p["status"].as_str()),
        (Some("Secret product"), Some("DRAFT"))
    );
    assert_eq!(p["skus"][0]["stock"][0]["on_hand"], 12);
    assert_eq!(p["skus"][0]["price"]["amount"], 5900);
    let after = get(&c, "/api/v1/shop/members", &victim).await.json();
    assert!(
        after["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["email"] == "member@maple.example" && m["role"] == "FINANCE")
    );
    assert!(
        after["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == inv.as_str() && i["state"] == "pending")
    );
    assert!(
        get(&c, "/api/v1/shop/tokens", &victim).await.json()["data"][0]["revoked_at"].is_null()
    );
    assert_eq!(
        get(&c, "/api/v1/shop", &victim).await.json()["store_name"],
        "Maple & Pine Outfitters"
    );
    let v = get(&c, &format!("/api/v1/shop/videos/{video}"), &victim)
        .await
        .json();
    assert_eq!(
        (v["caption"].as_str(), v["status"].as_str()),
        (Some("Secret video caption"), Some("PUBLISHED"))
    );
    let l = get(&c, &format!("/api/v1/shop/live/{live}"), &victim)
        .await
        .json();
    assert_eq!(
        (l["status"].as_str(), l["pins"].as_array().map(Vec::len)),
        (Some("SCHEDULED"), Some(1))
    );
    // Operators' routes are not for sellers.
    get(&c, &format!("/api/v1/ops/shops/{victim_shop}"), &attacker)
        .await
        .assert_problem(403, "forbidden");
}
