//! Storefront lists at depth: pages follow a cursor (the last product's publication time and
//! id) to the last product of 10,000, with no product twice and none skipped while products
//! are added between pages; numbered pages stay shallow; the lists are served by an index.

use std::collections::HashSet;

use shopdeck_server::bench_browse::grow_catalogue;
use shopdeck_store::products::{OnSale, plan_on_sale};
use shopdeck_testkit::fixtures::{product_of, shop};
use shopdeck_testkit::{TestApp, TestBackend, TestClient};

use crate::support::db_tests;

db_tests!(
    the_storefront_pages_by_cursor_to_the_last_of_10000_products_without_repeats_or_gaps,
    numbered_pages_stay_shallow_and_a_foreign_cursor_is_refused,
    the_shop_pages_more_link_reads_on_from_the_last_product_shown,
    a_top_level_category_lists_its_whole_subtree_newest_first,
    storefront_lists_seek_an_index_instead_of_reading_the_products_table,
);

/// The demo with its catalogue on sale, copied until `n` products are on sale.
async fn storefront_of(b: TestBackend, n: usize) -> TestApp {
    let t = TestApp::with_demo(b).await;
    shopdeck_app::demo::load_catalogue(&t.app).await.unwrap();
    grow_catalogue(&t.app, n).await.unwrap();
    t
}

/// The ids of every product on sale, read straight from the database.
async fn ids_on_sale(t: &TestApp) -> HashSet<String> {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar::<_, String>(
        "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id
         WHERE p.status = 'LIVE' AND s.status = 'APPROVED' AND p.published IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// One page of the storefront list: its product ids and its next cursor.
async fn page(c: &TestClient, query: &str) -> (Vec<String>, Option<String>) {
    let r = c.get(&format!("/api/v1/storefront/products?{query}")).await;
    assert_eq!(r.status, 200, "{query}: {}", r.text());
    let body = r.json();
    let ids = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, body["next_cursor"].as_str().map(str::to_owned))
}

async fn the_storefront_pages_by_cursor_to_the_last_of_10000_products_without_repeats_or_gaps(
    b: TestBackend,
) {
    let t = storefront_of(b, 10_000).await;
    let c = t.client();
    let before = ids_on_sale(&t).await;
    assert_eq!(before.len(), 10_000);

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &cursor {
            Some(c) => format!("per_page=100&cursor={c}"),
            None => "per_page=100".to_owned(),
        };
        let (ids, next) = page(&c, &query).await;
        assert!(ids.len() <= 100, "{}", ids.len());
        seen.extend(ids);
        pages += 1;
        // Products added while the buyer pages: a new listing (newest, above the cursor) and
        // more copies spread through the list's depth, above and below the cursor.
        if pages == 3 {
            let (_, skus) = shop(&c, "NEW", 3).await;
            let newest = product_of(&t, &skus[0]).await;
            assert!(ids_on_sale(&t).await.contains(&newest));
        }
        if pages == 40 {
            grow_catalogue(&t.app, 10_000 + 300).await.unwrap();
        }
        match next {
            Some(n) => cursor = Some(n),
            None => break,
        }
        assert!(pages < 500, "the list does not end");
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a product came twice");
    let missing: Vec<&String> = before.iter().filter(|id| !unique.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "{} products on sale before paging were skipped",
        missing.len()
    );
    assert!(pages > 100, "{pages} pages");
    // The last page is reachable by number too, near the top only: deep pages need the cursor.
    let (last, next) = page(&c, "per_page=100&page=10").await;
    assert_eq!(last.len(), 100);
    assert!(next.is_some());
}

async fn numbered_pages_stay_shallow_and_a_foreign_cursor_is_refused(b: TestBackend) {
    let t = storefront_of(b, 0).await;
    let c = t.client();
    assert_eq!(
        c.get("/api/v1/storefront/products?per_page=25&page=40")
            .await
            .status,
        200
    );
    let doc = c
        .get("/api/v1/storefront/products?per_page=25&page=41")
        .await
        .assert_problem(422, "validation-failed");
    assert_eq!(doc["errors"][0]["field"], "page", "{doc}");
    assert_eq!(doc["errors"][0]["code"], "page-too-deep", "{doc}");
    for bad in ["nope", "bm9wZQ", "MTIzCnByZF94"] {
        let doc = c
            .get(&format!("/api/v1/storefront/products?cursor={bad}"))
            .await
            .assert_problem(422, "validation-failed");
        assert_eq!(doc["errors"][0]["field"], "cursor", "{bad}: {doc}");
        assert_eq!(doc["errors"][0]["code"], "cursor-invalid", "{bad}: {doc}");
    }
    // The seller list's cursor is not a storefront cursor.
    let (first, next) = page(&c, "per_page=2").await;
    assert_eq!(first.len(), 2);
    let next = next.expect("more than two products on sale");
    let (second, _) = page(&c, &format!("per_page=2&cursor={next}")).await;
    assert!(second.iter().all(|id| !first.contains(id)), "{second:?}");
}

/// The "more" link of a storefront page, if it has one.
fn next_link(html: &str) -> Option<String> {
    let before = &html[..html.find("rel=\"next\"")?];
    let href = before.rsplit("href=\"").next()?;
    Some(href.split('"').next()?.replace("&amp;", "&"))
}

/// The products in a storefront page's grid.
fn grid_products(html: &str) -> HashSet<String> {
    let grid = html.split("class=\"product-grid\"").nth(1).unwrap_or("");
    let grid = grid.split("rel=\"next\"").next().unwrap_or(grid);
    grid.split("href=\"/p/")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .map(str::to_owned)
        .collect()
}

async fn the_shop_pages_more_link_reads_on_from_the_last_product_shown(b: TestBackend) {
    let t = storefront_of(b, 200).await;
    let c = t.client();
    let (first, _) = page(&c, "per_page=1").await;
    let shop_id = c
        .get(&format!("/api/v1/storefront/products/{}", first[0]))
        .await
        .json()["seller_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (api_ids, _) = page(&c, &format!("seller_id={shop_id}&per_page=100")).await;
    assert!(
        api_ids.len() > 24,
        "{} products: one page only",
        api_ids.len()
    );

    let mut url = format!("/shop/{shop_id}");
    let mut shown: Vec<HashSet<String>> = Vec::new();
    loop {
        let html = c.get(&url).await.text();
        let products = grid_products(&html);
        assert!(!products.is_empty(), "{url}: an empty page");
        for earlier in &shown {
            assert!(
                earlier.is_disjoint(&products),
                "{url}: a product shown again"
            );
        }
        shown.push(products);
        let Some(more) = next_link(&html) else {
            break;
        };
        assert!(more.contains("cursor="), "{more}");
        url = more;
        assert!(shown.len() < 100, "the shop's pages do not end");
    }
    let all: HashSet<&String> = shown.iter().flatten().collect();
    for id in &api_ids {
        assert!(all.contains(id), "{id} was never shown");
    }
}

async fn a_top_level_category_lists_its_whole_subtree_newest_first(b: TestBackend) {
    let t = storefront_of(b, 1_000).await;
    let c = t.client();
    let mut conn = t.app.db.conn().await.unwrap();
    // The top-level category with the most products on sale below it, and those products
    // in the list's order.
    let (root, expected): (String, Vec<String>) = {
        let roots: Vec<String> =
            sqlx::query_scalar("SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let mut best = (String::new(), Vec::new());
        for root in roots {
            let ids: Vec<String> = sqlx::query_scalar(
                "WITH RECURSIVE sub(id) AS (
                     SELECT id FROM categories WHERE id = $1
                     UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
                 SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id
                 WHERE p.category_id IN (SELECT id FROM sub) AND p.status = 'LIVE'
                   AND s.status = 'APPROVED' AND p.published IS NOT NULL
                 ORDER BY p.published_at DESC, p.id DESC",
            )
            .bind(&root)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            if ids.len() > best.1.len() {
                best = (root, ids);
            }
        }
        best
    };
    drop(conn);
    assert!(expected.len() > 100, "{} products", expected.len());
    let mut seen = Vec::new();
    let mut query = format!("category_id={root}&per_page=37");
    loop {
        let (ids, next) = page(&c, &query).await;
        seen.extend(ids);
        let Some(next) = next else { break };
        query = format!("category_id={root}&per_page=37&cursor={next}");
    }
    assert_eq!(seen, expected);
}

async fn storefront_lists_seek_an_index_instead_of_reading_the_products_table(b: TestBackend) {
    let t = storefront_of(b, 2_000).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let seller = {
        let id: String = sqlx::query_scalar("SELECT seller_id FROM products LIMIT 1")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        id.parse().unwrap()
    };
    let category = {
        let id: String = sqlx::query_scalar("SELECT category_id FROM products LIMIT 1")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        id.parse().unwrap()
    };
    let categories = [category];
    let several: Vec<shopdeck_domain::ids::CategoryId> =
        sqlx::query_scalar::<_, String>("SELECT id FROM categories ORDER BY id LIMIT 6")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .into_iter()
            .map(|id| id.parse().unwrap())
            .collect();
    let product: String = sqlx::query_scalar("SELECT id FROM products LIMIT 1 OFFSET 1000")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let after = Some((jiff::Timestamp::now(), product.parse().unwrap()));
    let lists = [
        ("all", OnSale::default()),
        (
            "one shop",
            OnSale {
                seller: Some(seller),
                ..OnSale::default()
            },
        ),
        (
            "one category",
            OnSale {
                category_ids: Some(&categories),
                ..OnSale::default()
            },
        ),
        (
            "all, deep",
            OnSale {
                after,
                ..OnSale::default()
            },
        ),
        (
            "one shop, deep",
            OnSale {
                seller: Some(seller),
                after,
                ..OnSale::default()
            },
        ),
        (
            "one category, deep",
            OnSale {
                category_ids: Some(&categories),
                after,
                ..OnSale::default()
            },
        ),
        (
            "a subtree, deep",
            OnSale {
                category_ids: Some(&several),
                after,
                ..OnSale::default()
            },
        ),
        (
            "a rare word",
            OnSale {
                query: Some("qzxv"),
                ..OnSale::default()
            },
        ),
    ];
    drop(conn);
    for (name, mut list) in lists {
        list.limit = 25;
        // PostgreSQL picks a sequential scan for a small table whatever its indexes; told not
        // to, it still does when no index serves the query, which is what this looks for.
        let mut tx = t.app.db.begin().await.unwrap();
        if b == TestBackend::Postgres {
            sqlx::query("SET LOCAL enable_seqscan = off")
                .execute(&mut **tx.transaction())
                .await
                .unwrap();
            // As autovacuum would have by now: the rows just copied in wait in the word
            // index's pending list, which every search reads whole until it is merged.
            sqlx::query("SELECT gin_clean_pending_list('products_search_trgm')")
                .execute(&mut **tx.transaction())
                .await
                .unwrap();
        }
        let plan = plan_on_sale(&mut tx, &list).await.unwrap();
        drop(tx);
        let text = plan.join("\n");
        assert!(!plan.is_empty(), "{name}: no plan");
        for line in &plan {
            // A scan of the table, or a sort of every matching row to find the first page (a
            // subtree sorts what its branches found: a page from each category at most; a
            // search sorts what the word index found).
            let sorts = line.contains("USE TEMP B-TREE FOR ORDER BY") || line.contains("Sort");
            let scans_products = line.starts_with("SCAN p ")
                || line == "SCAN p"
                || line.contains("Seq Scan on products")
                || (sorts && !name.starts_with("a subtree") && name != "a rare word");
            assert!(!scans_products, "{name}: {line}\n{text}");
        }
        // Words are looked up in the trigram index.
        if name == "a rare word" {
            let indexed = plan
                .iter()
                .any(|l| l.contains("VIRTUAL TABLE INDEX") || l.contains("products_search_trgm"));
            assert!(indexed, "{name}: the word index is not used\n{text}");
        }
        // A deep page seeks to its cursor in the index rather than filtering the rows above.
        if name.ends_with("deep") {
            let seeks = plan.iter().all(|l| {
                !(l.contains("products_live") && l.contains("SEARCH"))
                    || l.contains("(published_at,id)<")
            }) && plan.iter().any(|l| {
                l.contains("(published_at,id)<")
                    || (l.contains("Index Cond") && l.contains("ROW(published_at, id) <"))
            });
            assert!(seeks, "{name}: the cursor is not an index bound\n{text}");
        }
    }
}
