//! Demo orders: shipping templates for the three approved shops, and a few orders placed by
//! the demo buyers through the real checkout, some paid through the sandbox provider (its
//! signed callback applied in-process), so Seller Center's order tabs have something to show.
//! One of them is shipped, delivered and comes back as a refund request, so the Returns tab
//! has one to answer.

use shopdeck_domain::ids::SellerId;
use shopdeck_domain::orders::{FeeMode, SandboxStatus, ShippingRule, ShippingTemplate};
use shopdeck_domain::{Locale, sellers::SellerStatus};
use shopdeck_store::{buyers as buyer_repo, orders as order_repo, users};

use super::catalogue::actor_for;
use super::{BUYER_EMAIL, BUYER_PHONE};
use crate::buyers::CurrentBuyer;
use crate::orders::{self, CheckoutItem, CheckoutRequest, TemplateInput};
use crate::payments::{self, CallbackEvent, Outcome};
use crate::{App, AppError, Result};

fn rule(country: &str, fee: FeeMode) -> ShippingRule {
    ShippingRule {
        country: country.to_owned(),
        regions: Vec::new(),
        fee,
    }
}

/// The template of each demo shop (by owner), in its currency's minor units.
fn templates() -> Vec<(&'static str, ShippingTemplate)> {
    vec![
        (
            "owner@maple-pine.example",
            ShippingTemplate {
                rules: vec![
                    ShippingRule {
                        country: "US".into(),
                        regions: vec!["AK".into(), "HI".into()],
                        fee: FeeMode::Flat { fee_minor: 1500 },
                    },
                    rule(
                        "US",
                        FeeMode::ByWeight {
                            first_grams: 500,
                            first_fee_minor: 599,
                            step_grams: 500,
                            step_fee_minor: 150,
                        },
                    ),
                    rule("*", FeeMode::Flat { fee_minor: 2500 }),
                ],
                free_above_minor: Some(7500),
            },
        ),
        (
            "owner@thistle-thread.example",
            ShippingTemplate {
                rules: vec![
                    rule("GB", FeeMode::Flat { fee_minor: 399 }),
                    rule("*", FeeMode::Flat { fee_minor: 1200 }),
                ],
                free_above_minor: Some(5000),
            },
        ),
        (
            "owner@sakura-stationery.example",
            ShippingTemplate {
                rules: vec![
                    rule("JP", FeeMode::Flat { fee_minor: 500 }),
                    rule("*", FeeMode::Flat { fee_minor: 2000 }),
                ],
                free_above_minor: Some(5000),
            },
        ),
    ]
}

async fn buyer(app: &App, email: Option<&str>, phone: &[String]) -> Result<Option<CurrentBuyer>> {
    let mut conn = app.db.conn().await?;
    let row = buyer_repo::find_buyers_by_login(&mut conn, email, phone)
        .await?
        .into_iter()
        .next();
    Ok(row.map(|b| CurrentBuyer {
        id: b.id,
        display_name: b.display_name,
        email: b.email,
        phone: b.phone,
        locale: Locale::from_tag(&b.locale).unwrap_or(Locale::En),
    }))
}

/// Pays a checkout as the sandbox provider would: the session approved and its signed
/// callback applied.
async fn pay(app: &App, result: &orders::CheckoutResult) -> Result<()> {
    for p in &result.payments {
        let mut tx = app.db.begin().await?;
        let Some(row) = order_repo::find_payment_any(&mut tx, p.id).await? else {
            continue;
        };
        let Some(session) = row.provider_ref.clone() else {
            continue;
        };
        order_repo::decide_sandbox_session(&mut tx, &session, SandboxStatus::Approved, app.now())
            .await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        let event = CallbackEvent {
            event_id: format!("evt_demo_{}", p.id),
            outcome: Outcome::Succeeded,
            provider_ref: session,
            amount_minor: row.amount_minor,
            currency: row.currency.code().to_owned(),
            reason: None,
        };
        let body = serde_json::to_vec(&event).map_err(AppError::internal)?;
        let signature = payments::sign(&app.settings.sandbox_secret, app.now(), &body);
        orders::payment_callback(app, payments::SANDBOX, Some(&signature), &body).await?;
    }
    Ok(())
}

/// Loads the templates and orders unless the shops have orders already; returns the number of
/// orders placed.
pub async fn load_orders(app: &App) -> Result<usize> {
    let mut shops: Vec<SellerId> = Vec::new();
    let mut actors = Vec::new();
    for (owner_email, template) in templates() {
        let mut conn = app.db.conn().await?;
        let Some(owner) = users::find_user_by_login(&mut conn, owner_email).await? else {
            continue;
        };
        let Some(m) = shopdeck_store::sellers::list_memberships_for_user(&mut conn, owner.id)
            .await?
            .into_iter()
            .next()
        else {
            continue;
        };
        if m.seller.status != SellerStatus::Approved {
            continue;
        }
        drop(conn);
        let actor = actor_for(owner.id, m.seller.id);
        if orders::shipping_settings(app, &actor)
            .await?
            .templates
            .is_empty()
        {
            orders::save_template(
                app,
                &actor,
                None,
                &TemplateInput {
                    name: "Standard".into(),
                    template,
                    is_default: Some(true),
                },
            )
            .await?;
        }
        shops.push(m.seller.id);
        actors.push(actor);
    }
    let jordan = buyer(app, Some(BUYER_EMAIL), &[]).await?;
    let lea = buyer(app, None, &[BUYER_PHONE.to_owned()]).await?;
    let (Some(jordan), Some(lea)) = (jordan, lea) else {
        return Ok(0);
    };
    if !orders::list_for_buyer(app, &jordan, &orders::ListOrders::default())
        .await?
        .orders
        .is_empty()
    {
        return Ok(0);
    }
    // (buyer, shop index, product index, paid?, delivered and returned?)
    let plan: [(&CurrentBuyer, usize, usize, bool, bool); 5] = [
        (&jordan, 0, 0, true, false),
        (&jordan, 0, 1, false, false),
        (&lea, 1, 0, true, false),
        (&jordan, 2, 0, true, false),
        (&jordan, 0, 2, true, true),
    ];
    let mut placed = 0;
    for (who, shop, product, paid, returned) in plan {
        let Some(seller) = shops.get(shop) else {
            continue;
        };
        let on_sale = crate::products::browse(app, &shop_list(who.locale, *seller, 5)).await?;
        let Some(listed) = on_sale.items.get(product) else {
            continue;
        };
        // The list leaves SKUs out; the product page has them.
        let full = crate::products::on_sale(app, listed.id, who.locale).await?;
        let Some(sku) = full.skus.iter().find(|s| s.available > 0) else {
            continue;
        };
        let address = {
            let mut conn = app.db.conn().await?;
            buyer_repo::list_addresses(&mut conn, who.id)
                .await?
                .into_iter()
                .next()
        };
        let Some(address) = address else {
            continue;
        };
        let result = orders::checkout(
            app,
            who,
            &CheckoutRequest {
                address_id: Some(address.id),
                items: Some(vec![CheckoutItem {
                    sku_id: sku.id,
                    quantity: 1,
                    source: None,
                }]),
                note: None,
                client_key: None,
                request_hash: None,
            },
        )
        .await;
        // A shop that does not deliver to the buyer is simply skipped.
        let result = match result {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "demo order not placed");
                continue;
            }
        };
        if paid {
            pay(app, &result).await?;
        }
        if let (true, Some(actor), Some(order)) =
            (returned, actors.get(shop), result.orders.first())
        {
            deliver_and_return(app, actor, who, *order).await?;
        }
        placed += result.orders.len();
    }
    tracing::info!(orders = placed, "demo orders loaded");
    Ok(placed)
}

/// Ships a demo order with the shop's own carrier, confirms its delivery, and has the buyer
/// ask for a refund of it (the item arrived damaged), waiting for the shop's answer.
async fn deliver_and_return(
    app: &App,
    actor: &crate::access::SellerActor,
    buyer: &CurrentBuyer,
    order: shopdeck_domain::ids::OrderId,
) -> Result<()> {
    use crate::fulfilment::{self, DeliveryReport, ShipMethod};
    let tail: String = order.to_string().chars().rev().take(8).collect();
    let package = fulfilment::ship(
        app,
        actor,
        &[order],
        &ShipMethod::Seller {
            carrier: "OTHER".into(),
            tracking_number: format!("DEMO-{tail}"),
        },
    )
    .await?;
    fulfilment::report_delivery(app, actor, package.id, DeliveryReport::Delivered, None).await?;
    crate::returns::request(
        app,
        buyer,
        order,
        crate::returns::ReturnRequest {
            return_type: shopdeck_domain::returns::ReturnType::Refund,
            reason: shopdeck_domain::returns::ReturnReason::Damaged,
            note: Some("The seam on the left sleeve tore the first time I wore it.".into()),
            items: vec![crate::cancellations::LineUnits {
                line_no: 1,
                quantity: 1,
            }],
            photos: Vec::new(),
        },
    )
    .await?;
    Ok(())
}

/// For benchmarks: `count` paid orders of the demo buyer (Jordan) in the first demo shop,
/// placed and paid through the real checkout and sandbox callback, one unit each. The SKU's
/// stock is raised first so the shop can sell them. Returns the shop's owner (as an actor)
/// and the orders.
pub async fn paid_orders_for_bench(
    app: &App,
    count: usize,
) -> Result<(
    crate::access::SellerActor,
    Vec<shopdeck_domain::ids::OrderId>,
)> {
    let (owner_email, _) = templates()
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("demo shop"))?;
    let mut conn = app.db.conn().await?;
    let owner = users::find_user_by_login(&mut conn, owner_email)
        .await?
        .ok_or(AppError::NotFound("demo shop owner"))?;
    let m = shopdeck_store::sellers::list_memberships_for_user(&mut conn, owner.id)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("demo shop"))?;
    drop(conn);
    let actor = actor_for(owner.id, m.seller.id);
    let jordan = buyer(app, Some(BUYER_EMAIL), &[])
        .await?
        .ok_or(AppError::NotFound("demo buyer"))?;
    let listed = crate::products::browse(app, &shop_list(jordan.locale, m.seller.id, 1))
        .await?
        .items
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("demo product"))?;
    let full = crate::products::on_sale(app, listed.id, jordan.locale).await?;
    let sku = full.skus.first().ok_or(AppError::NotFound("demo SKU"))?.id;
    let warehouse = {
        let mut conn = app.db.conn().await?;
        shopdeck_store::inventory::list_warehouses(&mut conn, m.seller.id)
            .await?
            .into_iter()
            .max_by_key(|w| w.is_default)
            .ok_or(AppError::NotFound("demo warehouse"))?
            .id
    };
    let mut tx = app.db.begin().await?;
    crate::inventory::apply(
        app,
        &mut tx,
        &crate::inventory::Change {
            seller: m.seller.id,
            sku,
            warehouse,
            kind: crate::inventory::MovementKind::Set,
            quantity: i64::try_from(count).unwrap_or(0) + 1_000,
            reason: shopdeck_domain::orders::StockReason::DemoStock.as_str(),
            reference: None,
            mover: &crate::inventory::Mover::system(),
        },
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    let address = {
        let mut conn = app.db.conn().await?;
        buyer_repo::list_addresses(&mut conn, jordan.id)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound("demo address"))?
    };
    let mut placed = Vec::with_capacity(count);
    for _ in 0..count {
        let result = orders::checkout(
            app,
            &jordan,
            &CheckoutRequest {
                address_id: Some(address.id),
                items: Some(vec![CheckoutItem {
                    sku_id: sku,
                    quantity: 1,
                    source: None,
                }]),
                note: None,
                client_key: None,
                request_hash: None,
            },
        )
        .await?;
        pay(app, &result).await?;
        placed.extend(result.orders.iter().copied());
    }
    Ok((actor, placed))
}

/// The first `n` products on sale in a shop.
fn shop_list(locale: Locale, seller: SellerId, n: i64) -> crate::products::Browse<'static> {
    crate::products::Browse {
        locale,
        seller: Some(seller),
        per_page: Some(n),
        ..Default::default()
    }
}
