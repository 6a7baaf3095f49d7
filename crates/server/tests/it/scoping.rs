//! Seller- and buyer-facing reads name their owner in the query (issue 14, point 1): a row
//! of another shop or another buyer reads as absent from the store itself, not after it.

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use shopdeck_domain::ids::{BuyerId, OrderId, PaymentId, SellerId};
use shopdeck_store::orders::{OrderFilter, find_order, find_order_any, find_payment, list_orders};
use shopdeck_store::{Owner, StoreError};
use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};
use tower::ServiceExt;

use crate::support::db_tests;
use shopdeck_testkit::fixtures::{buy_now, call, new_buyer, pay, shop};

db_tests!(
    an_order_reads_only_for_its_shop_and_its_buyer,
    an_unknown_stored_currency_or_status_reads_as_corrupt_not_as_a_default,
);

async fn an_order_reads_only_for_its_shop_and_its_buyer(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (_owner, skus) = shop(&c, "SCP", 5).await;
    let buyer = new_buyer(&t, &c, "scoping@buyers.example").await;
    let done = buy_now(&c, &buyer.0, &buyer.1, &skus[0], 1, None).await;
    assert_eq!(done.status, 201, "{}", done.text());
    pay(&t, &c, &done.json()["payments"][0]).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let (id, seller, buyer, payment): (String, String, String, Option<String>) = sqlx::query_as(
        "SELECT id, seller_id, buyer_id, payment_id FROM orders ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    let id: OrderId = id.parse().unwrap();
    let seller: SellerId = seller.parse().unwrap();
    let buyer: BuyerId = buyer.parse().unwrap();
    // Another shop and another buyer: any id but the owner's.
    let other_seller = SellerId::new_at(jiff::Timestamp::now(), [7; 10]);
    let other_buyer = BuyerId::new_at(jiff::Timestamp::now(), [9; 10]);

    let found = |o: Option<shopdeck_store::orders::OrderRow>| o.map(|o| o.id);
    assert_eq!(
        found(find_order(&mut conn, seller, id).await.unwrap()),
        Some(id)
    );
    assert_eq!(
        found(find_order(&mut conn, buyer, id).await.unwrap()),
        Some(id)
    );
    assert_eq!(
        found(find_order(&mut conn, other_seller, id).await.unwrap()),
        None
    );
    assert_eq!(
        found(
            find_order(&mut conn, Owner::Buyer(other_buyer), id)
                .await
                .unwrap()
        ),
        None
    );
    assert_eq!(
        found(find_order_any(&mut conn, id).await.unwrap()),
        Some(id)
    );
    if let Some(p) = payment {
        let p: PaymentId = p.parse().unwrap();
        assert!(find_payment(&mut conn, buyer, p).await.unwrap().is_some());
        assert!(
            find_payment(&mut conn, other_buyer, p)
                .await
                .unwrap()
                .is_none()
        );
    }
}

/// Rows come out of the store as domain types (issue 14, point 6): a stored value the domain
/// does not know fails the read as corrupt data, and the API answers 500, instead of the
/// order silently turning into dollars or a default status.
async fn an_unknown_stored_currency_or_status_reads_as_corrupt_not_as_a_default(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let (owner, skus) = fixtures::shop(&c, "CRP", 5).await;
    let buyer = new_buyer(&t, &c, "corrupt@buyers.example").await;
    let done = buy_now(&c, &buyer.0, &buyer.1, &skus[0], 1, None).await;
    assert_eq!(done.status, 201, "{}", done.text());
    let order = done.json()["orders"][0].as_str().unwrap().to_owned();
    let id: OrderId = order.parse().unwrap();
    let path = format!("/api/v1/shop/orders/{order}");
    let r = call(&c, "GET", &path, &owner, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["currency"], "USD");

    let set = |column: &'static str, value: &'static str| {
        let t = &t;
        let order = order.clone();
        async move {
            let mut tx = t.app.db.begin().await.unwrap();
            sqlx::query(&format!("UPDATE orders SET {column} = $1 WHERE id = $2"))
                .bind(value)
                .bind(order)
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    };
    let seller = {
        let mut conn = t.app.db.conn().await.unwrap();
        find_order_any(&mut conn, id)
            .await
            .unwrap()
            .unwrap()
            .seller_id
    };
    let read = || async {
        let mut conn = t.app.db.conn().await.unwrap();
        let one = find_order(&mut conn, seller, id).await;
        let list = list_orders(
            &mut conn,
            &OrderFilter {
                seller: Some(seller),
                limit: 50,
                ..OrderFilter::default()
            },
        )
        .await;
        (one, list)
    };

    for (column, value, good) in [
        ("currency", "XYZ", "USD"),
        ("status", "SHIPPED_BY_OWL", "UNPAID"),
    ] {
        set(column, value).await;
        let (one, list) = read().await;
        assert!(
            matches!(&one, Err(StoreError::Corrupt(why)) if why.contains(column)),
            "{column} = {value}: {one:?}"
        );
        assert!(
            matches!(&list, Err(StoreError::Corrupt(_))),
            "{column} = {value} in a list: {list:?}"
        );
        // Straight to the router: the test client would also hold the answer to the OpenAPI
        // document, which declares no 500 for this operation.
        let req = Request::get(&path)
            .header("authorization", format!("Bearer {owner}"))
            .header("user-agent", "shopdeck-tests")
            .body(Body::empty())
            .unwrap();
        let res = t.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), 500, "{column} = {value}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{column} = {value}"
        );
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(doc["code"], "internal", "{doc}");
        assert!(
            !doc.to_string().contains(value),
            "the stored value stays internal"
        );
        set(column, good).await;
    }
    let r = call(&c, "GET", &path, &owner, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
}
