//! `shopdeck bench checkout`: a flash sale and a browsing crowd against real `shopdeck serve`
//! processes on a throw-away database.
//!
//! The flash sale: one hot SKU with `stock` units; `buyers` signed-up buyers each loop "buy
//! now → approve on the sandbox payment page" over HTTP until the SKU is sold out; the
//! sandbox's signed callbacks reach the servers through their workers. It prints placed and
//! paid orders per second, latency percentiles, failures by kind, the oversell count (units
//! sold beyond the stock: must be 0) and each server's peak memory. Then `browse_clients`
//! clients read product and shop pages (HTML and API) for `browse_seconds`.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sqlx::{Connection, Row};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use crate::bench::{drop_target, make_target};

#[derive(Debug, Clone)]
pub struct CheckoutBench {
    /// `sqlite` or a PostgreSQL server URL.
    pub database: String,
    /// Server processes (PostgreSQL only; SQLite runs one).
    pub processes: usize,
    pub buyers: usize,
    pub stock: i64,
    pub browse_clients: usize,
    pub browse_seconds: u64,
}

struct Server {
    child: Child,
    base: String,
    pid: u32,
}

async fn start_server(url: &str, data_dir: &std::path::Path, demo: bool) -> anyhow::Result<Server> {
    let exe = std::env::current_exe().context("cannot find the shopdeck binary")?;
    let mut cmd = Command::new(exe);
    cmd.arg("serve")
        .arg("--listen")
        .arg("127.0.0.1:0")
        .env("SHOPDECK_DATABASE_URL", url)
        .env("SHOPDECK_DATA_DIR", data_dir)
        .env("SHOPDECK_TRUST_FORWARDED_FOR", "true")
        .env("SHOPDECK_MAX_CONNECTIONS", "16")
        // The whole crowd comes from this one address.
        .env("SHOPDECK_MAX_CONNECTIONS_PER_IP", "0")
        .env("SHOPDECK_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd.spawn().context("cannot start shopdeck serve")?;
    let pid = child.id().unwrap_or(0);
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let base = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(addr) = line.strip_prefix("Shopdeck is listening on ") {
                return Ok::<_, anyhow::Error>(addr.trim().to_owned());
            }
        }
        bail!("the server exited before listening")
    })
    .await
    .context("the server did not start within 2 minutes")??;
    // Keep draining its output so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Server { child, base, pid })
}

/// Peak resident memory of a process, in MiB (Linux).
fn peak_rss_of(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn send_json(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
    ip: &str,
) -> anyhow::Result<(u16, Value)> {
    let mut req = client.request(method, url).header("x-forwarded-for", ip);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await?;
    let status = r.status().as_u16();
    let text = r.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

async fn latest_code(url: &str, to: &str) -> anyhow::Result<String> {
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    for _ in 0..50 {
        let row = sqlx::query(
            "SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(to)
        .fetch_optional(&mut conn)
        .await?;
        if let Some(row) = row {
            let body: String = row.try_get("body")?;
            if let Some(code) = body
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
            {
                return Ok(code.to_owned());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("no sign-up code reached {to}")
}

/// Signs a buyer up through the API and gives them an address; returns (token, address).
async fn make_buyer(
    client: &reqwest::Client,
    api: &str,
    db_url: &str,
    n: usize,
) -> anyhow::Result<(String, String)> {
    let email = format!("flash{n}@buyers.example");
    let ip = format!("10.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256);
    let (s, body) = send_json(
        client,
        reqwest::Method::POST,
        &format!("{api}/buyer/signups"),
        None,
        Some(json!({"email": email})),
        &ip,
    )
    .await?;
    if s != 202 {
        bail!("buyer sign-up answered {s}: {body}");
    }
    let id = body["id"].as_str().unwrap_or_default().to_owned();
    let code = latest_code(db_url, &email).await?;
    let (s, body) = send_json(
        client,
        reqwest::Method::POST,
        &format!("{api}/buyer/signups/{id}/verification"),
        None,
        Some(json!({"code": code, "password": "flash-sale-buyer-1", "display_name": format!("Flash buyer {n}")})),
        &ip,
    )
    .await?;
    if s != 201 {
        bail!("buyer verification answered {s}: {body}");
    }
    let token = body["token"].as_str().unwrap_or_default().to_owned();
    let (s, body) = send_json(
        client,
        reqwest::Method::POST,
        &format!("{api}/buyer/addresses"),
        Some(&token),
        Some(json!({
            "recipient_name": format!("Flash buyer {n}"), "phone": "+14155550123", "country": "US",
            "region": "CA", "city": "San Francisco", "postal_code": "94016",
            "line1": format!("{n} Market Street"), "is_default": true
        })),
        &ip,
    )
    .await?;
    if s != 201 {
        bail!("address answered {s}: {body}");
    }
    Ok((token, body["id"].as_str().unwrap_or_default().to_owned()))
}

/// Lists the hot SKU: one product, one SKU with `stock` units, approved by the operator.
async fn make_hot_sku(
    client: &reqwest::Client,
    api: &str,
    stock: i64,
) -> anyhow::Result<(String, String, String)> {
    let login = |email: &'static str| async move {
        let (s, body) = send_json(
            client,
            reqwest::Method::POST,
            &format!("{api}/sessions"),
            None,
            Some(json!({"login": email, "password": "shopdeck-demo"})),
            "198.51.100.7",
        )
        .await?;
        if s != 201 {
            bail!("log-in of {email} answered {s}: {body}");
        }
        Ok::<_, anyhow::Error>(body["token"].as_str().unwrap_or_default().to_owned())
    };
    let owner = login("owner@maple-pine.example").await?;
    let ops = login("ops@shopdeck.example").await?;
    let png = shopdeck_files::images::sample_image(
        800,
        800,
        42,
        shopdeck_files::images::ImageFormat::Png,
    );
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(png).file_name("hot.png"),
    );
    let r = client
        .post(format!("{api}/shop/images"))
        .bearer_auth(&owner)
        .header("x-forwarded-for", "198.51.100.7")
        .multipart(form)
        .send()
        .await?;
    let image: Value = r.json().await?;
    let body = json!({
        "category_id": "womens-dresses", "source_locale": "en", "save_mode": "LISTING",
        "editions": [{"locale": "en", "title": "Linen midi dress with deep pockets, sage green",
            "description": format!("<p>{}</p>", "A light summer dress in washed linen with a relaxed fit and deep side pockets. ".repeat(4))}],
        "brand": "Maple & Pine",
        "attributes": {"color": "green", "material": "linen", "pattern": "solid", "country_of_origin": "Portugal"},
        "sales_attributes": ["size"],
        "skus": [{"seller_sku": "FLASH-1", "price": {"amount": 1900, "currency": "USD"},
            "variant": {"size": "M"}, "stock": [{"quantity": stock}]}],
        "image_ids": [image["id"]],
        "weight_grams": 350, "length_mm": 300, "width_mm": 250, "height_mm": 40, "handling_days": 2
    });
    let (s, saved) = send_json(
        client,
        reqwest::Method::POST,
        &format!("{api}/shop/products"),
        Some(&owner),
        Some(body),
        "198.51.100.7",
    )
    .await?;
    if s != 201 || saved["product"]["status"] != "PENDING" {
        bail!("the hot product was refused ({s}): {saved}");
    }
    let product = saved["product"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sku = saved["product"]["skus"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (s, d) = send_json(
        client,
        reqwest::Method::POST,
        &format!("{api}/ops/products/{product}/decisions"),
        Some(&ops),
        Some(json!({"action": "approve"})),
        "198.51.100.7",
    )
    .await?;
    if s != 200 {
        bail!("approval answered {s}: {d}");
    }
    let seller = saved["product"]["seller_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((product, sku, seller))
}

#[derive(Default)]
struct SaleStats {
    checkout: Vec<Duration>,
    approve: Vec<Duration>,
    whole: Vec<Duration>,
    failures: BTreeMap<String, usize>,
    approved: usize,
}

pub async fn run_checkout(b: CheckoutBench) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let target = make_target(&b.database).await?;
    let result = run_on(&b, &target.url).await;
    drop_target(&target).await;
    result
}

async fn run_on(b: &CheckoutBench, url: &str) -> anyhow::Result<()> {
    let sqlite = url.starts_with("sqlite:");
    let processes = if sqlite { 1 } else { b.processes.max(1) };
    let data = tempfile::tempdir()?;
    println!(
        "shopdeck bench checkout: {} with {processes} server process(es), {} buyers, {} units",
        if sqlite { "SQLite" } else { "PostgreSQL" },
        b.buyers,
        b.stock
    );
    let mut servers = vec![start_server(url, data.path(), true).await?];
    for _ in 1..processes {
        servers.push(start_server(url, data.path(), false).await?);
    }
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let apis: Vec<String> = bases.iter().map(|b| format!("{b}/api/v1")).collect();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;

    let (product, sku, seller) = make_hot_sku(&client, &apis[0], b.stock).await?;
    let started = Instant::now();
    let mut buyers = Vec::new();
    for n in 0..b.buyers {
        buyers.push(make_buyer(&client, &apis[n % apis.len()], url, n).await?);
    }
    println!(
        "  set-up: hot SKU listed, {} buyers signed up in {:.1} s",
        b.buyers,
        started.elapsed().as_secs_f64()
    );

    // ---- the flash sale ----
    let stats = Arc::new(Mutex::new(SaleStats::default()));
    let sale_started = Instant::now();
    let mut tasks = Vec::new();
    for (n, (token, address)) in buyers.into_iter().enumerate() {
        let api = apis[n % apis.len()].clone();
        let client = client.clone();
        let stats = stats.clone();
        let sku = sku.clone();
        let ip = format!("10.9.{}.{}", n / 256 % 256, n % 256);
        tasks.push(tokio::spawn(async move {
            let mut attempt = 0u64;
            loop {
                attempt += 1;
                let t0 = Instant::now();
                let r = client
                    .post(format!("{api}/buyer/checkouts"))
                    .bearer_auth(&token)
                    .header("x-forwarded-for", &ip)
                    .header("idempotency-key", format!("flash-{n}-{attempt}"))
                    .json(
                        &json!({"address_id": address, "items": [{"sku_id": sku, "quantity": 1}]}),
                    )
                    .send()
                    .await;
                let r = match r {
                    Ok(r) => r,
                    Err(e) => {
                        *stats
                            .lock()
                            .await
                            .failures
                            .entry(format!("checkout: {e}"))
                            .or_default() += 1;
                        continue;
                    }
                };
                let status = r.status().as_u16();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                let checkout_took = t0.elapsed();
                match status {
                    201 => {}
                    409 | 422 => {
                        // Sold out: this buyer is done.
                        *stats
                            .lock()
                            .await
                            .failures
                            .entry(format!("checkout {status} (sold out)"))
                            .or_default() += 1;
                        return;
                    }
                    other => {
                        *stats
                            .lock()
                            .await
                            .failures
                            .entry(format!("checkout {other}"))
                            .or_default() += 1;
                        if other == 503 || other >= 500 {
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                        continue;
                    }
                }
                let session = body["payments"][0]["redirect_url"]
                    .as_str()
                    .and_then(|u| u.rsplit('/').next())
                    .unwrap_or_default()
                    .to_owned();
                let t1 = Instant::now();
                let r = client
                    .post(format!("{api}/sandbox/sessions/{session}/decision"))
                    .header("x-forwarded-for", &ip)
                    .json(&json!({"decision": "approve"}))
                    .send()
                    .await;
                let approve_took = t1.elapsed();
                let mut s = stats.lock().await;
                match r.map(|r| r.status().as_u16()) {
                    Ok(200) => {
                        s.approved += 1;
                        s.checkout.push(checkout_took);
                        s.approve.push(approve_took);
                        s.whole.push(t0.elapsed());
                    }
                    Ok(other) => *s.failures.entry(format!("approve {other}")).or_default() += 1,
                    Err(e) => *s.failures.entry(format!("approve: {e}")).or_default() += 1,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let sale = sale_started.elapsed();
    let mut stats = Arc::try_unwrap(stats)
        .map_err(|_| anyhow::anyhow!("buyers still running"))?
        .into_inner();

    // Wait for the sandbox's callbacks to confirm every approved payment.
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let paid_all = loop {
        let paid: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM orders o WHERE o.paid_at IS NOT NULL
             AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku_id = $1)",
        )
        .bind(&sku)
        .fetch_one(&mut conn)
        .await?;
        if paid as usize >= stats.approved
            || sale_started.elapsed() > sale + Duration::from_secs(300)
        {
            break (paid, sale_started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let sold: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM order_lines l
         JOIN orders o ON o.id = l.order_id WHERE o.status <> 'CANCELLED' AND l.sku_id = $1",
    )
    .bind(&sku)
    .fetch_one(&mut conn)
    .await?;
    let row = sqlx::query(
        "SELECT CAST(SUM(on_hand) AS BIGINT) AS on_hand, CAST(SUM(reserved) AS BIGINT) AS reserved
         FROM stock WHERE sku_id = $1",
    )
    .bind(&sku)
    .fetch_one(&mut conn)
    .await?;
    let (on_hand, reserved): (i64, i64) = (row.try_get("on_hand")?, row.try_get("reserved")?);
    let _ = conn.close().await;

    stats.checkout.sort();
    stats.approve.sort();
    stats.whole.sort();
    println!("\nflash sale ({} concurrent buyers):", b.buyers);
    println!(
        "  {} orders placed and approved in {:.2} s: {:.0} orders/s",
        stats.approved,
        sale.as_secs_f64(),
        stats.approved as f64 / sale.as_secs_f64()
    );
    println!(
        "  {} paid (callback applied) after {:.2} s: {:.0} paid orders/s",
        paid_all.0,
        paid_all.1.as_secs_f64(),
        paid_all.0 as f64 / paid_all.1.as_secs_f64()
    );
    for (name, v) in [
        ("checkout request", &stats.checkout),
        ("sandbox approval", &stats.approve),
        ("checkout + approval", &stats.whole),
    ] {
        println!(
            "  {name:<20} p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms",
            percentile(v, 0.50),
            percentile(v, 0.95),
            percentile(v, 0.99)
        );
    }
    if stats.failures.is_empty() {
        println!("  failures: none");
    }
    for (kind, n) in &stats.failures {
        println!("  failures: {n} × {kind}");
    }
    println!(
        "  stock {}: {sold} units in live orders, on hand {on_hand}, reserved {reserved}; oversell: {}",
        b.stock,
        (sold - b.stock).max(0)
    );
    for (i, s) in servers.iter().enumerate() {
        if let Some(mib) = peak_rss_of(s.pid) {
            println!("  server {} peak memory: {mib:.0} MiB", i + 1);
        }
    }

    // ---- browsing ----
    let urls: Vec<String> = bases
        .iter()
        .flat_map(|base| {
            [
                format!("{base}/p/{product}"),
                format!("{base}/shop/{seller}"),
                format!("{base}/api/v1/storefront/products/{product}"),
                format!("{base}/api/v1/storefront/products?seller_id={seller}"),
            ]
        })
        .collect();
    let (rps, p50, p99, errors) = browse(&client, &urls, b.browse_clients, b.browse_seconds).await;
    println!(
        "\nbrowsing ({} clients, {} s; product and shop pages, HTML and API):",
        b.browse_clients, b.browse_seconds
    );
    println!("  {rps:.0} requests/s, p50 {p50:.1} ms, p99 {p99:.1} ms, {errors} errors");
    for (i, s) in servers.iter().enumerate() {
        if let Some(mib) = peak_rss_of(s.pid) {
            println!("  server {} peak memory: {mib:.0} MiB", i + 1);
        }
    }
    for mut s in servers {
        let _ = s.child.start_kill();
        let _ = s.child.wait().await;
    }
    Ok(())
}

async fn browse(
    client: &reqwest::Client,
    urls: &[String],
    clients: usize,
    seconds: u64,
) -> (f64, f64, f64, usize) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let client = client.clone();
        let urls = urls.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut i = c;
            while Instant::now() < deadline {
                let url = &urls[i % urls.len()];
                i += 1;
                let t0 = Instant::now();
                match client
                    .get(url)
                    .header("x-forwarded-for", "203.0.113.9")
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t0.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((l, e)) = t.await {
            all.extend(l);
            errors += e;
        }
    }
    let took = started.elapsed().as_secs_f64();
    all.sort();
    (
        all.len() as f64 / took,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        errors,
    )
}
