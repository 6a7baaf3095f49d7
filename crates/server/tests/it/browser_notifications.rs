//! The notification badge in a real headless Chromium: a new paid order shows in the Seller
//! Center header's unread count; opening the entry leads to the order and the count drops;
//! "Mark all read" clears the badge.

use shopdeck_testkit::fixtures;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::browser::{at_path, browser, click, log_in_in_english, serve, text_with};
use crate::support::plain_tests;

plain_tests!(the_header_counts_unread_notifications_and_reading_them_clears_the_badge);

async fn the_header_counts_unread_notifications_and_reading_them_clears_the_badge() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    // An order paid through the API: the owner has news.
    let api = t.client();
    let (owner, skus) = fixtures::shop(&api, "BNT", 4).await;
    let buyer = fixtures::new_buyer(&t, &api, "badge@buyers.example").await;
    let done = fixtures::buy_now(&api, &buyer.0, &buyer.1, &skus[0], 1, None).await;
    let done = done.json();
    fixtures::pay(&t, &api, &done["payments"][0]).await;
    let order = done["orders"][0].as_str().unwrap().to_owned();
    let unread = fixtures::get(&api, "/api/v1/shop/notifications", &owner)
        .await
        .json()["unread"]
        .as_i64()
        .unwrap();
    assert!(unread >= 2, "{unread}");

    let base = serve(&t).await;
    let (_driver, c) = browser().await;
    let result = async {
        log_in_in_english(&c, &base).await?;
        text_with(&c, "header .inbox-link .unread-count", &unread.to_string()).await?;
        click(&c, "header .inbox-link").await?;
        at_path(&c, "/seller/notifications").await?;
        // The newest entry is the paid order; opening it leads there and reads it.
        text_with(&c, ".inbox-entry", &format!("New paid order {order}")).await?;
        click(&c, ".inbox-entry a[href^='/seller/notifications/inb_']").await?;
        at_path(&c, &format!("/seller/orders/{order}")).await?;
        text_with(
            &c,
            "header .inbox-link .unread-count",
            &(unread - 1).to_string(),
        )
        .await?;
        click(&c, "header .inbox-link").await?;
        at_path(&c, "/seller/notifications").await?;
        click(&c, "form[action='/seller/notifications/read-all'] button").await?;
        // The form posts and comes back to the same address: wait for the new page's header
        // (an element of the old page goes stale while it loads).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut label = String::new();
        while std::time::Instant::now() < deadline {
            if let Ok(e) = c.find(fantoccini::Locator::Css("header .inbox-link")).await
                && let Ok(Some(l)) = e.attr("aria-label").await
            {
                label = l;
                if label == "Notifications: none unread" {
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if label != "Notifications: none unread" {
            return Err(format!("after reading all, the header says {label:?}"));
        }
        if c.find(fantoccini::Locator::Css("header .inbox-link .unread-count"))
            .await
            .is_ok()
        {
            return Err("the badge is still shown after reading all".into());
        }
        Ok::<_, String>(())
    }
    .await;
    if let Err(e) = result {
        let html = c.source().await.unwrap_or_default();
        panic!("{e}\n{html}");
    }
}
