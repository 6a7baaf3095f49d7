//! `shopdeck bench browse`: the storefront and the seller's product list over a big catalogue.
//!
//! Loads the demo on a throw-away database, grows its live products to `--products` by copying
//! them (each copy gets its own id, SKUs, stock, a distinct title in every edition and its own
//! publication time, so lists, searches and pages differ), then measures each scenario from a
//! Rust HTTP client with `--clients` concurrent tasks, choosing list pages at random over the
//! **whole** depth of each list. Benchmarks print; tests assert.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use shopdeck_app::{App, Settings, SystemClock};
use shopdeck_domain::ids::{ProductId, SkuId};
use shopdeck_store::{Db, PoolSettings};
use sqlx::Row;
use tokio_util::sync::CancellationToken;

use crate::bench::{drop_target, make_target, peak_rss_mib};
use crate::http::{self, HttpSettings};

#[derive(Debug, Clone)]
pub struct BrowseBench {
    /// `sqlite` for a temporary file, or a PostgreSQL server URL (a database is created on it
    /// and dropped afterwards).
    pub database: String,
    pub products: usize,
    pub clients: usize,
    pub seconds: u64,
    /// The storefront cache's memory (0: off).
    pub cache_mib: u64,
}

/// Words the copies' titles are made of, so two-word searches match a few hundred products.
const WORDS: [&str; 16] = [
    "linen", "cotton", "silk", "wool", "denim", "jersey", "organic", "relaxed", "slim", "classic",
    "summer", "winter", "vintage", "pleated", "striped", "cropped",
];

/// The seller whose product list is measured.
const SELLER: &str = "owner@maple-pine.example";

/// Products copied per statement.
const CHUNK: usize = 500;

pub async fn run_browse(b: BrowseBench) -> anyhow::Result<()> {
    let target = make_target(&b.database).await?;
    let result = run_on(&b, &target.url).await;
    drop_target(&target).await;
    result
}

/// A live demo product the copies are made from.
struct Template {
    id: String,
    skus: Vec<String>,
}

async fn run_on(b: &BrowseBench, url: &str) -> anyhow::Result<()> {
    let backend = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "shopdeck bench browse — {backend}, {} live products, {} clients, {} s a scenario, \
         storefront cache {} MiB",
        b.products, b.clients, b.seconds, b.cache_mib
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
    let settings = Settings {
        storefront_cache_mib: b.cache_mib,
        ..Settings::default()
    };
    let app = App::new(db, Arc::new(SystemClock), settings)
        .with_files(Arc::new(object_store::memory::InMemory::new()));
    shopdeck_app::catalog::seed_platform_data(&app).await?;
    shopdeck_app::demo::load_demo(&app).await?;
    shopdeck_app::demo::load_catalogue(&app).await?;

    let stop = CancellationToken::new();
    tokio::spawn(crate::run::worker(&app, "bench").run(stop.clone()));

    let started = Instant::now();
    let made = grow_catalogue(&app, b.products).await?;
    println!(
        "\ncatalogue: {made} products copied in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let shape = Shape::read(&app).await?;
    println!(
        "  {} live products in {} shops and {} categories",
        shape.live,
        shape.shops.len(),
        shape.categories.len()
    );

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
    let server_stop = stop.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move { server_stop.cancelled().await })
            .await;
    });
    let root = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(b.clients)
        .build()?;
    let token = log_in(&client, &root).await?;

    let walking = Instant::now();
    let scenarios = shape.scenarios(&client, &root).await?;
    println!(
        "  every list walked to its end by cursor in {:.1} s",
        walking.elapsed().as_secs_f64()
    );
    println!(
        "\n{:<44} {:>9} {:>9} {:>9} {:>7}",
        "scenario (pages at random over the whole depth)", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for scenario in scenarios {
        let result = load(&client, None, &scenario, b.clients, b.seconds).await;
        result.print(scenario.name);
    }
    for scenario in shape.seller_scenarios(&root) {
        let result = load(&client, Some(&token), &scenario, b.clients, b.seconds).await;
        result.print(scenario.name);
    }
    if let Some(rss) = peak_rss_mib() {
        println!("\npeak memory of the process (server, load generator and copying): {rss:.0} MiB");
    }
    stop.cancel();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.db.close().await;
    Ok(())
}

/// Copies the demo's live products until there are `target` live products; returns how many
/// it made. The storefront paging tests grow their catalogue with it too.
pub async fn grow_catalogue(app: &App, target: usize) -> anyhow::Result<usize> {
    let mut conn = app.db.conn().await?;
    let rows = sqlx::query(
        "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id
         WHERE p.status = 'LIVE' AND s.status = 'APPROVED' AND p.published IS NOT NULL
         ORDER BY p.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut templates = Vec::new();
    for r in rows {
        let id: String = r.try_get("id")?;
        let skus: Vec<String> =
            sqlx::query_scalar("SELECT id FROM skus WHERE product_id = $1 ORDER BY position")
                .bind(&id)
                .fetch_all(&mut *conn)
                .await?;
        templates.push(Template { id, skus });
    }
    let product_columns = columns(&mut conn, "products").await?;
    let sku_columns = columns(&mut conn, "skus").await?;
    let stock_columns = columns(&mut conn, "stock").await?;
    let edition_columns = columns(&mut conn, "product_editions").await?;
    drop(conn);
    anyhow::ensure!(!templates.is_empty(), "the demo has no live products");
    let missing = target.saturating_sub(templates.len());

    let mut made = 0;
    let mut last_print = Instant::now();
    while made < missing {
        let n = CHUNK.min(missing - made);
        // (new product id, template id, title words, copy number)
        let mut products: Vec<(String, String, String, i64)> = Vec::with_capacity(n);
        // (new SKU id, template SKU id, new product id, copy number as text)
        let mut skus: Vec<(String, String, String, String)> = Vec::new();
        for i in 0..n {
            // Numbered on from the products already there, so a second growth's SKU codes
            // and titles differ from the first's.
            let k = templates.len() + made + i;
            let t = &templates[k % templates.len()];
            let id = app.new_id::<ProductId>().to_string();
            let words = format!(
                "{} {} No.{k}",
                WORDS[k % WORDS.len()],
                WORDS[(k / WORDS.len() + 3) % WORDS.len()]
            );
            for s in &t.skus {
                skus.push((
                    app.new_id::<SkuId>().to_string(),
                    s.clone(),
                    id.clone(),
                    k.to_string(),
                ));
            }
            products.push((id, t.id.clone(), words, i64::try_from(k + 1)?));
        }
        let mut tx = app.db.begin().await?;
        // Each copy a second older than the one before, so lists have an order.
        let older = "p.{c} - CAST(v.column4 AS BIGINT) * 1000000";
        let rows: Vec<Vec<String>> = products
            .iter()
            .map(|(id, t, words, k)| vec![id.clone(), t.clone(), words.clone(), k.to_string()])
            .collect();
        let copy = Copy {
            table: "products",
            alias: "p",
            key: "id",
            columns: &product_columns,
            overrides: &[
                ("id", "v.column1"),
                ("title", "v.column3 || ' ' || p.title"),
                ("search_text", "lower(v.column3) || ' ' || p.search_text"),
                (
                    "published",
                    "replace(p.published, '\"title\":\"', '\"title\":\"' || v.column3 || ' ')",
                ),
                ("published_at", older),
                ("created_at", older),
                ("updated_at", older),
            ],
        };
        copy.run(&mut tx, &rows).await?;
        Copy {
            table: "product_editions",
            alias: "e",
            key: "product_id",
            columns: &edition_columns,
            overrides: &[
                ("product_id", "v.column1"),
                ("title", "v.column3 || ' ' || e.title"),
            ],
        }
        .run(&mut tx, &rows)
        .await?;
        for part in skus.chunks(2_000) {
            let rows: Vec<Vec<String>> = part
                .iter()
                .map(|(id, t, product, k)| vec![id.clone(), t.clone(), product.clone(), k.clone()])
                .collect();
            Copy {
                table: "skus",
                alias: "k",
                key: "id",
                columns: &sku_columns,
                overrides: &[
                    ("id", "v.column1"),
                    ("product_id", "v.column3"),
                    ("seller_sku", "k.seller_sku || '-' || v.column4"),
                ],
            }
            .run(&mut tx, &rows)
            .await?;
            Copy {
                table: "stock",
                alias: "s",
                key: "sku_id",
                columns: &stock_columns,
                overrides: &[("sku_id", "v.column1")],
            }
            .run(&mut tx, &rows)
            .await?;
        }
        tx.commit().await?;
        made += n;
        if last_print.elapsed() >= Duration::from_secs(5) {
            println!("  … {made} of {missing} copied");
            last_print = Instant::now();
        }
    }
    // The copies were written around the store, so the shops' status counts are counted anew.
    let mut tx = app.db.begin().await?;
    shopdeck_store::products::recount_statuses(&mut tx).await?;
    tx.commit().await?;
    // … and what the storefront caches hold is forgotten.
    app.db
        .announce(shopdeck_store::changes::Change::All)
        .await?;
    if app.db.backend() == shopdeck_store::Backend::Postgres {
        let mut tx = app.db.begin().await?;
        sqlx::query("ANALYZE")
            .execute(&mut **tx.transaction())
            .await?;
        // Merged into the word index, as autovacuum would have by the time buyers search.
        sqlx::query("SELECT gin_clean_pending_list('products_search_trgm')")
            .execute(&mut **tx.transaction())
            .await?;
        tx.commit().await?;
    }
    Ok(made)
}

/// One `INSERT … SELECT` that copies a table's rows: each row of values names the new row's
/// key (`v.column1`) and the row it copies (`v.column2`), then what `overrides` use; every
/// column not overridden is copied as it is.
struct Copy<'a> {
    table: &'a str,
    alias: &'a str,
    key: &'a str,
    columns: &'a [String],
    /// (column, SQL expression over `v.columnN` and the copied row; `{c}` is the column)
    overrides: &'a [(&'a str, &'a str)],
}

impl Copy<'_> {
    async fn run(&self, tx: &mut shopdeck_store::Tx, rows: &[Vec<String>]) -> anyhow::Result<()> {
        let Some(width) = rows.first().map(Vec::len) else {
            return Ok(());
        };
        let select = self
            .columns
            .iter()
            .map(
                |c| match self.overrides.iter().find(|(name, _)| name == c) {
                    Some((_, expr)) => expr.replace("{c}", c),
                    None => format!("{}.{c}", self.alias),
                },
            )
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {table} ({columns}) SELECT {select} FROM (VALUES {values}) v
             JOIN {table} {alias} ON {alias}.{key} = v.column2",
            table = self.table,
            columns = self.columns.join(", "),
            values = values(rows.len(), width),
            alias = self.alias,
            key = self.key,
        );
        let mut q = sqlx::query(&sql);
        for value in rows.iter().flatten() {
            q = q.bind(value);
        }
        q.execute(&mut **tx.transaction()).await?;
        Ok(())
    }
}

/// `($1, $2), ($3, $4), …`: `rows` tuples of `width` numbered placeholders (sqlx's
/// `QueryBuilder` writes `?` for the `Any` driver, which PostgreSQL refuses).
fn values(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table's columns, from the database's catalogue.
async fn columns(conn: &mut shopdeck_store::Conn, table: &str) -> anyhow::Result<Vec<String>> {
    let all = shopdeck_store::table_columns(conn).await?;
    let cols: Vec<String> = all
        .into_iter()
        .filter(|(t, _)| t == table)
        .map(|(_, c)| c)
        .collect();
    anyhow::ensure!(!cols.is_empty(), "no table {table}");
    Ok(cols)
}

/// What the catalogue looks like, to aim requests over the whole depth of each list.
struct Shape {
    live: usize,
    /// (shop id, live products)
    shops: Vec<(String, usize)>,
    /// (category slug, its id, live products directly in it)
    categories: Vec<(String, String, usize)>,
    /// Some live product ids, spread over the catalogue.
    products: Vec<String>,
    /// A word from a Japanese and a Chinese title.
    ja: Vec<String>,
    zh: Vec<String>,
    /// Top-level categories (slug, id): their pages list a whole subtree.
    roots: Vec<(String, String)>,
    /// Seller SKU codes of the benchmark's seller, spread over its catalogue.
    skus: Vec<String>,
}

const LIVE: &str = "FROM products p JOIN sellers s ON s.id = p.seller_id
     WHERE p.status = 'LIVE' AND s.status = 'APPROVED' AND p.published IS NOT NULL";

impl Shape {
    async fn read(app: &App) -> anyhow::Result<Shape> {
        let mut conn = app.db.conn().await?;
        let live: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {LIVE}"))
            .fetch_one(&mut *conn)
            .await?;
        let shops = sqlx::query(&format!(
            "SELECT p.seller_id AS k, COUNT(*) AS n {LIVE} GROUP BY p.seller_id"
        ))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("k")?, usize::try_from(r.try_get::<i64, _>("n")?)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
        let categories = sqlx::query(
            "SELECT c.slug AS k, c.id AS id, COUNT(*) AS n FROM products p
             JOIN sellers s ON s.id = p.seller_id JOIN categories c ON c.id = p.category_id
             WHERE p.status = 'LIVE' AND s.status = 'APPROVED' AND p.published IS NOT NULL
             GROUP BY c.slug, c.id",
        )
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("k")?,
                r.try_get("id")?,
                usize::try_from(r.try_get::<i64, _>("n")?)?,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
        // A thousand product ids spread evenly over the catalogue.
        let all: Vec<String> = sqlx::query_scalar(&format!("SELECT p.id {LIVE} ORDER BY p.id"))
            .fetch_all(&mut *conn)
            .await?;
        let step = (all.len() / 1000).max(1);
        let products: Vec<String> = all.into_iter().step_by(step).collect();
        let titles = |locale: &'static str| {
            sqlx::query_scalar::<_, String>(
                "SELECT DISTINCT title FROM product_editions WHERE locale = $1 LIMIT 50",
            )
            .bind(locale)
        };
        let ja = cjk_words(titles("ja").fetch_all(&mut *conn).await?);
        let zh = cjk_words(titles("zh-CN").fetch_all(&mut *conn).await?);
        let roots = sqlx::query_as::<_, (String, String)>(
            "SELECT slug, id FROM categories WHERE parent_id IS NULL ORDER BY slug",
        )
        .fetch_all(&mut *conn)
        .await?;
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT k.seller_sku FROM skus k JOIN seller_members m ON m.seller_id = k.seller_id
             JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY k.id",
        )
        .bind(SELLER)
        .fetch_all(&mut *conn)
        .await?;
        let step = (codes.len() / 50).max(1);
        let skus = codes.into_iter().step_by(step).collect();
        Ok(Shape {
            live: usize::try_from(live)?,
            shops,
            categories,
            products,
            ja,
            zh,
            roots,
            skus,
        })
    }

    /// The storefront scenarios. List pages start at cursors collected by walking each list
    /// to its end through the API's `next_cursor` (100 products a step), as a client paging
    /// on would, so a random cursor is a page at a random depth.
    async fn scenarios(
        &self,
        client: &reqwest::Client,
        root: &str,
    ) -> anyhow::Result<Vec<Scenario>> {
        const PER_PAGE: usize = 24;
        let mut out = Vec::new();
        let api = format!("{root}/api/v1/storefront/products");
        let walk = |filter: String| walk_cursors(client, format!("{api}?per_page=100{filter}"));
        out.push(Scenario::pages(
            "storefront list, JSON",
            vec![(
                format!("{api}?per_page={PER_PAGE}&cursor="),
                walk(String::new()).await?,
            )],
        ));
        let mut shops = Vec::new();
        for (id, _) in &self.shops {
            let cursors = walk(format!("&seller_id={id}")).await?;
            shops.push((format!("{root}/shop/{id}?cursor="), cursors));
        }
        out.push(Scenario::pages("shop page, HTML", shops));
        let mut categories = Vec::new();
        for (slug, id, _) in &self.categories {
            let cursors = walk(format!("&category_id={id}")).await?;
            categories.push((format!("{root}/c/{slug}?cursor="), cursors));
        }
        out.push(Scenario::pages("category page, HTML", categories));
        let mut roots = Vec::new();
        for (slug, id) in &self.roots {
            let cursors = walk(format!("&category_id={id}")).await?;
            roots.push((format!("{root}/c/{slug}?cursor="), cursors));
        }
        out.push(Scenario::pages("top-level category page, HTML", roots));
        out.push(Scenario::fixed(
            "product page, HTML",
            self.products
                .iter()
                .map(|p| format!("{root}/p/{p}"))
                .collect(),
        ));
        out.push(Scenario::fixed(
            "product page, JSON",
            self.products.iter().map(|p| format!("{api}/{p}")).collect(),
        ));
        out.push(Scenario::fixed(
            "search, two words",
            (0..WORDS.len())
                .map(|i| format!("{api}?q={}+{}", WORDS[i], WORDS[(i + 5) % WORDS.len()]))
                .collect(),
        ));
        for (name, words) in [
            ("search, Japanese", &self.ja),
            ("search, Chinese", &self.zh),
        ] {
            if !words.is_empty() {
                out.push(Scenario::fixed(
                    name,
                    words
                        .iter()
                        .map(|w| format!("{api}?q={}", urlencode(w)))
                        .collect(),
                ));
            }
        }
        Ok(out)
    }

    fn seller_scenarios(&self, root: &str) -> Vec<Scenario> {
        let api = format!("{root}/api/v1/shop/products");
        vec![
            Scenario::fixed("seller list, first page", vec![format!("{api}?limit=50")]),
            Scenario::fixed(
                "seller list, status filter, by price",
                vec![format!("{api}?limit=50&status=LIVE&sort=price_asc")],
            ),
            Scenario::fixed(
                "seller list, SKU search (exact code)",
                self.skus
                    .iter()
                    .map(|k| format!("{api}?limit=50&q={}", urlencode(k)))
                    .collect(),
            ),
        ]
    }
}

/// Two-character words from CJK titles (the search has no word boundaries to go by there).
fn cjk_words(titles: Vec<String>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for t in titles {
        let chars: Vec<char> = t.chars().filter(|c| !c.is_ascii()).collect();
        if chars.len() >= 2 {
            out.insert(chars[..2].iter().collect::<String>());
        }
    }
    out.into_iter().take(20).collect()
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The cursors of a list's pages, "" for the first, following `next_cursor` to the end.
async fn walk_cursors(client: &reqwest::Client, first: String) -> anyhow::Result<Vec<String>> {
    let mut cursors = vec![String::new()];
    loop {
        let url = match cursors.last() {
            Some(c) if !c.is_empty() => format!("{first}&cursor={c}"),
            _ => first.clone(),
        };
        let page: serde_json::Value = client
            .get(&url)
            .header("x-forwarded-for", "198.51.100.8")
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        match page["next_cursor"].as_str() {
            Some(next) => cursors.push(next.to_owned()),
            None => return Ok(cursors),
        }
    }
}

/// A request mix: either fixed URLs taken round-robin, or list URLs (a prefix ending in
/// `cursor=` and the list's page cursors) with the page picked at random.
struct Scenario {
    name: &'static str,
    fixed: Vec<String>,
    pages: Vec<(String, Vec<String>)>,
}

impl Scenario {
    fn fixed(name: &'static str, urls: Vec<String>) -> Scenario {
        Scenario {
            name,
            fixed: urls,
            pages: Vec::new(),
        }
    }

    fn pages(name: &'static str, lists: Vec<(String, Vec<String>)>) -> Scenario {
        Scenario {
            name,
            fixed: Vec::new(),
            pages: lists,
        }
    }

    fn url(&self, i: usize, random: u64) -> String {
        if self.pages.is_empty() {
            return self.fixed[i % self.fixed.len()].clone();
        }
        let (prefix, cursors) = &self.pages[i % self.pages.len()];
        let page = usize::try_from(random).unwrap_or(0) % cursors.len().max(1);
        format!("{prefix}{}", cursors.get(page).map_or("", String::as_str))
    }
}

struct LoadResult {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: usize,
    first_error: Option<String>,
}

impl LoadResult {
    fn print(&self, name: &str) {
        println!(
            "{name:<44} {:>9.0} {:>9.1} {:>9.1} {:>7}",
            self.rps, self.p50, self.p99, self.errors
        );
        if let Some(e) = &self.first_error {
            println!("    first error: {e}");
        }
    }
}

/// Sends the scenario's requests from `clients` tasks for `seconds`.
async fn load(
    client: &reqwest::Client,
    token: Option<&str>,
    scenario: &Scenario,
    clients: usize,
    seconds: u64,
) -> LoadResult {
    let done = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    let started = Instant::now();
    for t in 0..clients {
        let client = client.clone();
        let token = token.map(str::to_owned);
        let done = done.clone();
        // Each task's own URL sequence, made up front so the loop does no allocation-heavy
        // work beyond the request itself.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ (t as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let urls: Vec<String> = (0..4096)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                scenario.url(t + i * clients, seed)
            })
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut first_error = None;
            let mut i = 0;
            while !done.load(Ordering::Relaxed) {
                let url = &urls[i % urls.len()];
                i += 1;
                let t0 = Instant::now();
                // As a browser asks: the answer comes compressed.
                let mut req = client
                    .get(url)
                    .header("x-forwarded-for", "198.51.100.9")
                    .header("accept-encoding", "gzip, br");
                if let Some(token) = &token {
                    req = req.bearer_auth(token);
                }
                match req.send().await {
                    Ok(r) if r.status() == 200 => {
                        let _ = r.bytes().await;
                        lat.push(t0.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok(r) => {
                        errors += 1;
                        if first_error.is_none() {
                            first_error = Some(format!("{} from {url}", r.status()));
                        }
                    }
                    Err(e) => {
                        errors += 1;
                        if first_error.is_none() {
                            first_error = Some(format!("{e} from {url}"));
                        }
                    }
                }
            }
            (lat, errors, first_error)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    done.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    let mut first_error = None;
    for t in tasks {
        if let Ok((lat, e, first)) = t.await {
            all.extend(lat);
            errors += e;
            first_error = first_error.or(first);
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
    LoadResult {
        rps: all.len() as f64 / elapsed,
        p50: pct(0.5),
        p99: pct(0.99),
        errors,
        first_error,
    }
}

async fn log_in(client: &reqwest::Client, root: &str) -> anyhow::Result<String> {
    let r = client
        .post(format!("{root}/api/v1/sessions"))
        .header("x-forwarded-for", "198.51.100.7")
        .json(&serde_json::json!({"login": SELLER, "password": "shopdeck-demo"}))
        .send()
        .await?;
    let body: serde_json::Value = r.json().await?;
    body["token"]
        .as_str()
        .map(str::to_owned)
        .context("log-in failed")
}
