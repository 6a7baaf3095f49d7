//! Seller- and buyer-facing reads name their owner in the query (issue 14, point 1): a row
//! of another shop or another buyer reads as absent from the store itself, not after it.

use shopdeck_domain::ids::{BuyerId, OrderId, PaymentId, SellerId};
use shopdeck_store::Owner;
use shopdeck_store::orders::{find_order, find_order_any, find_payment};
use shopdeck_testkit::{TestApp, TestBackend};

use crate::orders::{buy_now, live_skus, new_buyer, pay};
use crate::products::{OWNER, PASSWORD, operator};
use crate::staff::login;
use crate::support::db_tests;

db_tests!(an_order_reads_only_for_its_shop_and_its_buyer);

async fn an_order_reads_only_for_its_shop_and_its_buyer(b: TestBackend) {
    let t = TestApp::with_demo(b).await;
    let c = t.client();
    let owner = login(&c, OWNER, PASSWORD).await;
    let ops = operator(&c).await;
    let skus = live_skus(&c, &owner, &ops, "SCP", "USD", 5).await;
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
