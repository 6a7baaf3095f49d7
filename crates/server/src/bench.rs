//! `shopdeck bench catalog`: measures the catalogue at scale on a throw-away database —
//! importing a large product file through the worker, then product list and search requests
//! per second over real HTTP — and prints the figures. Benchmarks print; tests assert.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use shopdeck_app::{App, Settings, SystemClock};
use shopdeck_store::{Db, PoolSettings};
use sqlx::{Connection, Executor};
use tokio_util::sync::CancellationToken;

use crate::http::{self, HttpSettings};

#[derive(Debug, Clone)]
pub struct CatalogBench {
    /// `sqlite` for a temporary file, or a PostgreSQL server URL (a database is created on it
    /// and dropped afterwards).
    pub database: String,
    pub products: usize,
    pub skus_per_product: usize,
    pub seconds: u64,
    pub concurrency: usize,
    /// Skip the export step.
    pub no_export: bool,
}

/// Categories the generated products go into, with a colour attribute and sizes.
const CATEGORIES: [&str; 6] = [
    "womens-dresses",
    "womens-tops",
    "mens-tshirts",
    "mens-shirts",
    "womens-skirts",
    "mens-hoodies",
];
const WORDS: [&str; 12] = [
    "linen", "cotton", "silk", "wool", "denim", "jersey", "organic", "relaxed", "slim", "classic",
    "summer", "winter",
];
const SIZES: [&str; 8] = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL"];

pub(crate) struct Target {
    pub(crate) url: String,
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

pub(crate) async fn make_target(database: &str) -> anyhow::Result<Target> {
    if database == "sqlite" {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        return Ok(Target {
            url,
            cleanup: None,
            _dir: Some(dir),
        });
    }
    if !database.starts_with("postgres://") && !database.starts_with("postgresql://") {
        bail!("--database is `sqlite` or a postgres:// server URL");
    }
    let name = format!("shopdeck_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(database)
        .await
        .context("cannot connect to the PostgreSQL server")?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    let (base, query) = database
        .split_once('?')
        .map_or((database, None), |(b, q)| (b, Some(q)));
    let after = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after..].find('/').map_or(base.len(), |i| after + i);
    let mut url = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(Target {
        url,
        cleanup: Some((database.to_owned(), name)),
        _dir: None,
    })
}

pub(crate) async fn drop_target(t: &Target) {
    if let Some((admin_url, name)) = &t.cleanup
        && let Ok(mut admin) = sqlx::PgConnection::connect(admin_url).await
    {
        let _ = admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    }
}

/// The generated product file: one row per SKU.
fn product_csv(products: usize, skus: usize) -> Vec<u8> {
    let mut out = String::with_capacity(products * skus * 200);
    out.push_str("product_ref,category,title,description,brand,attr:color,variant:size,seller_sku,price,stock\n");
    let description =
        "Soft fabric, a relaxed fit and reinforced seams; machine washable at 30 degrees.";
    for p in 0..products {
        let cat = CATEGORIES[p % CATEGORIES.len()];
        let title = format!(
            "{} {} garment number {p} with pockets",
            WORDS[p % WORDS.len()],
            WORDS[(p / WORDS.len()) % WORDS.len()]
        );
        for s in 0..skus {
            // One product in 250 carries a bad price, so the per-row report has work to do.
            if p % 250 == 249 && s == 0 {
                out.push_str(&format!(
                    "p{p},{cat},{title},\"{description}\",Bench,blue,{},B{p:06}-{s},n/a,1\n",
                    SIZES[s % SIZES.len()]
                ));
                continue;
            }
            let price = 900 + (p * 37 + s * 100) % 9000;
            out.push_str(&format!(
                "p{p},{cat},{title},\"{description}\",Bench,blue,{},B{p:06}-{s},{}.{:02},{}\n",
                SIZES[s % SIZES.len()],
                price / 100,
                price % 100,
                (p + s) % 50
            ));
        }
    }
    out.into_bytes()
}

/// The peak resident memory of this process so far, in MiB (Linux).
pub(crate) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub async fn run_catalog(b: CatalogBench) -> anyhow::Result<()> {
    let target = make_target(&b.database).await?;
    let result = run_on(&b, &target.url).await;
    drop_target(&target).await;
    result
}

async fn run_on(b: &CatalogBench, url: &str) -> anyhow::Result<()> {
    let backend = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "shopdeck bench catalog — {backend}, {} products × {} SKUs = {} SKUs",
        b.products,
        b.skus_per_product,
        b.products * b.skus_per_product
    );
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

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = http::router(
        app.clone(),
        &HttpSettings {
            request_timeout: Duration::from_secs(120),
            trust_forwarded_for: true,
            ..HttpSettings::default()
        },
    );
    let stop = CancellationToken::new();
    let server_stop = stop.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move { server_stop.cancelled().await })
            .await;
    });
    let worker = crate::run::worker(&app, "bench");
    tokio::spawn(worker.run(stop.clone()));

    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::new();
    let token = log_in(&client, &base).await?;

    // ---- import ----
    let file = product_csv(b.products, b.skus_per_product);
    println!(
        "\nimport: {} rows, {:.1} MiB CSV",
        b.products * b.skus_per_product,
        file.len() as f64 / 1_048_576.0
    );
    let started = Instant::now();
    let form = reqwest::multipart::Form::new()
        .text("kind", "products")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("bench.csv"),
        );
    let r = client
        .post(format!("{base}/shop/bulk/imports"))
        .bearer_auth(&token)
        .header("x-forwarded-for", "198.51.100.7")
        .multipart(form)
        .send()
        .await?;
    let accepted = started.elapsed();
    if r.status() != 202 {
        bail!("import not accepted: {} {}", r.status(), r.text().await?);
    }
    let job: serde_json::Value = r.json().await?;
    let id = job["id"].as_str().unwrap_or_default().to_owned();
    println!(
        "  upload answered in {:.0} ms (the work runs in the worker)",
        accepted.as_secs_f64() * 1000.0
    );
    let job = poll(&client, &base, &token, &id, started).await?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "  done in {took:.1} s: {:.0} rows/s; {} products created, {} rows with errors",
        job["processed_rows"].as_f64().unwrap_or(0.0) / took,
        job["created_products"],
        job["error_rows"]
    );
    if let Some(rss) = peak_rss_mib() {
        println!("  peak memory of the process (server + worker + file): {rss:.0} MiB");
    }
    if let Some(report) = job["report_url"].as_str() {
        let text = client
            .get(format!("http://{addr}{report}"))
            .bearer_auth(&token)
            .header("x-forwarded-for", "198.51.100.7")
            .send()
            .await?
            .text()
            .await?;
        for line in text.lines().take(4) {
            println!("  report: {line}");
        }
    }

    // ---- list and search ----
    println!(
        "\nrequests per second, {} concurrent clients, {} s each:",
        b.concurrency, b.seconds
    );
    let first = get_json(&client, &format!("{base}/shop/products?limit=50"), &token).await?;
    let cursor = first["next_cursor"].as_str().unwrap_or_default().to_owned();
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        (
            "first page, 50 newest",
            vec![format!("{base}/shop/products?limit=50")],
        ),
        (
            "second page by cursor",
            vec![format!("{base}/shop/products?limit=50&cursor={cursor}")],
        ),
        (
            "status filter, by price",
            vec![format!(
                "{base}/shop/products?limit=50&status=DRAFT&sort=price_asc"
            )],
        ),
        (
            "title search (two words)",
            WORDS
                .iter()
                .map(|w| format!("{base}/shop/products?limit=50&q={w}+pockets"))
                .collect(),
        ),
        (
            "seller SKU search",
            (0..50)
                .map(|i| {
                    format!(
                        "{base}/shop/products?limit=50&q=b{:06}-1",
                        i * 97 % b.products.max(1)
                    )
                })
                .collect(),
        ),
        (
            "stock filter (out of stock)",
            vec![format!("{base}/shop/products?limit=50&stock=out")],
        ),
    ];
    for (name, urls) in scenarios {
        let (rps, p50, p99, errors) = load(&client, &token, urls, b.concurrency, b.seconds).await;
        println!(
            "  {name:<28} {rps:>8.0} req/s   p50 {p50:>6.1} ms   p99 {p99:>6.1} ms   errors {errors}"
        );
    }

    // ---- export ----
    if b.no_export {
        stop.cancel();
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.db.close().await;
        return Ok(());
    }
    let started = Instant::now();
    let r = client
        .post(format!("{base}/shop/bulk/exports"))
        .bearer_auth(&token)
        .header("x-forwarded-for", "198.51.100.7")
        .json(&serde_json::json!({"format": "csv"}))
        .send()
        .await?;
    let job: serde_json::Value = r.json().await?;
    let id = job["id"].as_str().unwrap_or_default().to_owned();
    let job = poll(&client, &base, &token, &id, started).await?;
    println!(
        "\nexport: {} rows to CSV in {:.1} s",
        job["total_rows"],
        started.elapsed().as_secs_f64()
    );
    if let Some(rss) = peak_rss_mib() {
        println!("peak memory at the end: {rss:.0} MiB");
    }
    stop.cancel();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.db.close().await;
    Ok(())
}

async fn log_in(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let r = client
        .post(format!("{base}/sessions"))
        .header("x-forwarded-for", "198.51.100.7")
        .json(
            &serde_json::json!({"login": "owner@maple-pine.example", "password": "shopdeck-demo"}),
        )
        .send()
        .await?;
    let body: serde_json::Value = r.json().await?;
    body["token"]
        .as_str()
        .map(str::to_owned)
        .context("log-in failed")
}

async fn get_json(
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> anyhow::Result<serde_json::Value> {
    Ok(client
        .get(url)
        .bearer_auth(token)
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await?
        .json()
        .await?)
}

async fn poll(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    id: &str,
    started: Instant,
) -> anyhow::Result<serde_json::Value> {
    let mut last_print = Instant::now();
    loop {
        let job = get_json(client, &format!("{base}/shop/bulk/jobs/{id}"), token).await?;
        match job["status"].as_str() {
            Some("DONE") => return Ok(job),
            Some("FAILED") => bail!("the job failed: {}", job["error"]),
            _ => {}
        }
        if last_print.elapsed() >= Duration::from_secs(5) {
            println!(
                "  … {:>6.1} s: {} of {} rows",
                started.elapsed().as_secs_f64(),
                job["processed_rows"],
                job["total_rows"]
            );
            last_print = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Hits `urls` round-robin from `concurrency` tasks for `seconds`; returns requests per
/// second, p50 and p99 latency in ms, and the number of non-200 answers.
async fn load(
    client: &reqwest::Client,
    token: &str,
    urls: Vec<String>,
    concurrency: usize,
    seconds: u64,
) -> (f64, f64, f64, usize) {
    let urls = Arc::new(urls);
    let done = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    let started = Instant::now();
    for t in 0..concurrency {
        let client = client.clone();
        let token = token.to_owned();
        let urls = urls.clone();
        let done = done.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut i = t;
            while !done.load(Ordering::Relaxed) {
                let url = &urls[i % urls.len()];
                i += 1;
                let t0 = Instant::now();
                match client
                    .get(url)
                    .bearer_auth(&token)
                    .header("x-forwarded-for", "198.51.100.7")
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 200 => {
                        let _ = r.bytes().await;
                        lat.push(t0.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    done.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((lat, e)) = t.await {
            all.extend(lat);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        if all.is_empty() {
            0.0
        } else {
            all[((all.len() - 1) as f64 * p) as usize]
        }
    };
    (all.len() as f64 / elapsed, pct(0.5), pct(0.99), errors)
}
