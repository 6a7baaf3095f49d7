//! `shopdeck bench ship`: arranges shipment for a batch of paid orders at once (platform
//! logistics through the sandbox carrier, as Seller Center's bulk "Arrange shipment") and
//! renders their merged shipping documents, on a throw-away database, and prints the figures.
//! It runs the use-cases in this process (no HTTP), so it measures shipping itself.

use std::sync::Arc;
use std::time::Instant;

use shopdeck_app::fulfilment::{self, BulkItem, DocumentKind};
use shopdeck_app::{App, Settings, SystemClock};
use shopdeck_domain::Locale;
use shopdeck_files::pdf::LabelSize;
use shopdeck_store::{Db, PoolSettings};

use crate::bench::{drop_target, make_target, peak_rss_mib};

#[derive(Debug, Clone)]
pub struct ShipBench {
    /// `sqlite` for a temporary file, or a PostgreSQL server URL.
    pub database: String,
    /// Orders shipped in one request (at most 600, Seller Center's limit).
    pub orders: usize,
}

pub async fn run_ship(b: ShipBench) -> anyhow::Result<()> {
    let target = make_target(&b.database).await?;
    let result = bench(&b, &target.url).await;
    drop_target(&target).await;
    result
}

fn per_second(n: usize, secs: f64) -> f64 {
    if secs > 0.0 { n as f64 / secs } else { 0.0 }
}

async fn bench(b: &ShipBench, url: &str) -> anyhow::Result<()> {
    let backend = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let n = b.orders.clamp(1, fulfilment::MAX_BULK);
    println!("shopdeck bench ship — {backend}, {n} paid orders shipped in one bulk request");
    let db = Db::connect(
        url,
        &PoolSettings {
            max_connections: 16,
            ..PoolSettings::default()
        },
    )
    .await?;
    db.migrate().await?;
    let app = App::new(db, Arc::new(SystemClock), Settings::default())
        .with_files(Arc::new(object_store::memory::InMemory::new()));
    shopdeck_app::catalog::seed_platform_data(&app).await?;
    shopdeck_app::demo::load_demo(&app).await?;
    shopdeck_app::demo::load_catalogue(&app).await?;
    shopdeck_app::demo::load_buyers(&app).await?;
    shopdeck_app::demo::load_orders(&app).await?;

    let started = Instant::now();
    let (actor, orders) = shopdeck_app::demo::paid_orders_for_bench(&app, n).await?;
    println!(
        "  set-up: {} orders placed and paid through checkout and the sandbox callback in {:.1} s",
        orders.len(),
        started.elapsed().as_secs_f64()
    );

    let items: Vec<BulkItem> = orders
        .iter()
        .map(|o| BulkItem {
            order_id: o.to_string(),
            carrier: None,
            tracking_number: None,
        })
        .collect();
    let started = Instant::now();
    let result = fulfilment::ship_bulk(&app, &actor, &items).await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  arrange shipment: {} shipped, {} failed in {:.2} s ({:.0} orders/s; booking with the sandbox carrier, its 4 tracking callbacks queued per parcel)",
        result.shipped,
        result.failed,
        secs,
        per_second(result.shipped, secs)
    );
    let packages = result.package_ids();

    for (kind, name, size) in [
        (
            DocumentKind::ShippingLabel,
            "labels 4×6",
            LabelSize::FourBySix,
        ),
        (DocumentKind::ShippingLabel, "labels A6", LabelSize::A6),
        (
            DocumentKind::All,
            "labels + packing slips + pick list",
            LabelSize::FourBySix,
        ),
    ] {
        let started = Instant::now();
        let pdf =
            fulfilment::documents(&app, &actor, &packages, kind, size, Some(Locale::En)).await?;
        let secs = started.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        println!(
            "  merged PDF, {name}: {pages} pages, {:.1} MiB in {:.2} s ({:.0} pages/s)",
            pdf.len() as f64 / (1024.0 * 1024.0),
            secs,
            per_second(pages, secs)
        );
    }
    if let Some(mib) = peak_rss_mib() {
        println!("  peak memory of this process (server code and load in one): {mib:.0} MiB");
    }
    app.db.close().await;
    Ok(())
}
