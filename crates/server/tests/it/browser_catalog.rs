//! The product form in a real headless Chromium: what it checks before anything is sent (a
//! required attribute, the description), the size list in the SKU table and the remove
//! button of rows not saved yet.

use fantoccini::Locator;
use shopdeck_domain::Locale;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::browser::{
    Context, at_path, browser, choose, click, element, fill, log_in_in_english, serve, text_with,
};
use crate::support::plain_tests;

plain_tests!(the_product_form_says_what_is_missing_beside_each_field_before_sending,);

async fn the_product_form_says_what_is_missing_beside_each_field_before_sending() {
    let t = TestApp::with_demo(TestBackend::Sqlite).await;
    let dresses = shopdeck_app::catalog::search_leaves(&t.app, Locale::En, "womens-dresses", 1)
        .await
        .unwrap()[0]
        .id
        .to_string();
    let base = serve(&t).await;
    let (_driver, c) = browser().await;
    let result = async {
        log_in_in_english(&c, &base).await?;
        let form = format!("/seller/products/new?category_id={dresses}");
        c.goto(&format!("{base}{form}"))
            .await
            .ctx("open the form")?;
        fill(
            &c,
            "#f-editions-0-title",
            "Linen summer dress with pockets, sage green",
        )
        .await?;
        fill(&c, "#f-skus-0-seller_sku", "CHK-S").await?;
        fill(&c, "#f-skus-0-price", "49.00").await?;

        // Submitting with no colour and no description: the form says so beside each field
        // and stays where it is.
        click(&c, "button[name=intent][value=submit]").await?;
        let colour = text_with(&c, "#f-attributes-color-error", "requires it").await?;
        if colour != "Choose the Colour: this category requires it." {
            return Err(format!("colour message: {colour:?}"));
        }
        text_with(
            &c,
            "#f-editions-0-description-error",
            "Describe the product before submitting it for review.",
        )
        .await?;
        text_with(&c, "#f-brand-error", "Choose the Brand").await?;
        at_path(&c, "/seller/products/new").await?;
        // Said by the page itself: the server's answer would carry its summary of errors.
        if c.find(Locator::Css("#form-errors")).await.is_ok() {
            return Err("the form was sent to the server".into());
        }
        let invalid = element(&c, "#f-attributes-color")
            .await?
            .attr("aria-invalid")
            .await
            .ctx("aria-invalid")?;
        if invalid.as_deref() != Some("true") {
            return Err(format!("the colour is not marked invalid: {invalid:?}"));
        }
        // The size of a SKU is chosen from the attribute's list, in its conventional case.
        click(&c, "input[name=sales_attributes][value=size]").await?;
        choose(&c, "#f-skus-0-variant-size", "xs").await?;
        let shown = element(&c, "#f-skus-0-variant-size option[value=xs]")
            .await?
            .text()
            .await
            .ctx("the XS option")?;
        if shown != "XS" {
            return Err(format!("the size reads {shown:?}"));
        }

        // A row not saved yet is taken out with its Remove button.
        let remove = element(&c, "#sku-row-0 .sku-row-remove").await?;
        if !remove.is_displayed().await.ctx("remove shown")? {
            return Err("the Remove button is hidden".into());
        }
        crate::browser::click_on(&c, remove, "remove the row").await?;
        let row_shown = element(&c, "#sku-row-0")
            .await?
            .is_displayed()
            .await
            .ctx("row shown")?;
        let sku = element(&c, "#f-skus-0-seller_sku")
            .await?
            .prop("value")
            .await
            .ctx("sku value")?;
        if row_shown || sku.as_deref() != Some("") {
            return Err(format!(
                "the row is still there: shown={row_shown} sku={sku:?}"
            ));
        }
        if c.find(Locator::Css("#failed-reasons")).await.is_ok() {
            return Err("a failed product was made".into());
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("{e}");
    }
}
