//! Products, their editions per language, images, SKUs and review history. Every seller-side
//! function is scoped by `SellerId`; the operator's review queue reads across shops.

use jiff::Timestamp;
use shopdeck_domain::ids::{CategoryId, ImageId, ProductId, SellerId, SkuId, UserId};
use shopdeck_domain::money::Currency;
use shopdeck_domain::products::{AuditStatus, ProductStatus, QualityGrade};
use shopdeck_domain::time::to_micros;

use crate::changes::{self, Change};
use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::params::Params;
use crate::{Conn, Result, StoreError};

/// A product row as stored. JSON columns stay strings here; `app` gives them types.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    #[sqlx(try_from = "String")]
    pub id: ProductId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "String")]
    pub status: ProductStatus,
    #[sqlx(try_from = "String")]
    pub audit_status: AuditStatus,
    #[sqlx(try_from = "String")]
    pub category_id: CategoryId,
    pub source_locale: String,
    pub title: String,
    pub brand: Option<String>,
    pub attributes: String,
    pub sales_attributes: String,
    pub video_url: Option<String>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    pub handling_days: i64,
    #[sqlx(try_from = "OptText")]
    pub quality_grade: Option<QualityGrade>,
    pub quality_notes: String,
    pub failed_reasons: String,
    pub published: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub published_at: Option<Timestamp>,
    #[sqlx(try_from = "OptText")]
    pub status_before_delete: Option<ProductStatus>,
    #[sqlx(try_from = "OptMicros")]
    pub deleted_at: Option<Timestamp>,
    pub min_price: i64,
    pub max_price: i64,
    pub available: i64,
    pub sku_count: i64,
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    pub version: i64,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub submitted_at: Option<Timestamp>,
}

const PRODUCT_COLUMNS: &str = "p.id, p.seller_id, p.status, p.audit_status, p.category_id,
    p.source_locale, p.title, p.brand, p.attributes, p.sales_attributes, p.video_url,
    p.weight_grams, p.length_mm, p.width_mm, p.height_mm, p.handling_days, p.quality_grade,
    p.quality_notes, p.failed_reasons, p.published, p.published_at, p.status_before_delete,
    p.deleted_at, p.min_price, p.max_price, p.available, p.sku_count, p.out_of_stock_skus,
    p.low_stock_skus, p.version, p.created_at, p.updated_at, p.submitted_at";

/// The content a seller edits (everything but status, review and stock figures).
#[derive(Debug, Clone)]
pub struct ProductContent<'a> {
    pub category_id: CategoryId,
    pub source_locale: &'a str,
    pub title: &'a str,
    pub search_text: &'a str,
    pub brand: Option<&'a str>,
    pub attributes: &'a str,
    pub sales_attributes: &'a str,
    pub video_url: Option<&'a str>,
    pub weight_grams: Option<i64>,
    pub length_mm: Option<i64>,
    pub width_mm: Option<i64>,
    pub height_mm: Option<i64>,
    pub handling_days: i64,
}

pub async fn insert_product(
    conn: &mut Conn,
    id: ProductId,
    seller: SellerId,
    c: &ProductContent<'_>,
    created_by: Option<UserId>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO products (id, seller_id, status, audit_status, category_id, source_locale,
            title, search_text, brand, attributes, sales_attributes, video_url, weight_grams,
            length_mm, width_mm, height_mm, handling_days, quality_notes, failed_reasons,
            min_price, max_price, available, sku_count, out_of_stock_skus, low_stock_skus,
            version, created_by, created_at, updated_at)
         VALUES ($1, $2, 'DRAFT', 'NONE', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
            $15, '[]', '[]', 0, 0, 0, 0, 0, 0, 1, $16, $17, $17)",
    )
    .bind(id.to_string())
    .bind(seller.to_string())
    .bind(c.category_id.to_string())
    .bind(c.source_locale)
    .bind(c.title)
    .bind(c.search_text)
    .bind(c.brand)
    .bind(c.attributes)
    .bind(c.sales_attributes)
    .bind(c.video_url)
    .bind(c.weight_grams)
    .bind(c.length_mm)
    .bind(c.width_mm)
    .bind(c.height_mm)
    .bind(c.handling_days)
    .bind(created_by.map(|u| u.to_string()))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    count_status(conn, seller, "DRAFT", 1).await
}

/// Moves one of the shop's products into (`delta` 1) or out of (-1) `status` in the shop's
/// status counts. Every write that changes `products.status` calls it in its transaction.
async fn count_status(conn: &mut Conn, seller: SellerId, status: &str, delta: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO product_status_counts (seller_id, status, n) VALUES ($1, $2, $3)
         ON CONFLICT (seller_id, status) DO UPDATE SET n = product_status_counts.n + excluded.n",
    )
    .bind(seller.to_string())
    .bind(status)
    .bind(delta)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A status change's two sides in the counts.
async fn count_move(conn: &mut Conn, seller: SellerId, from: &str, to: &str) -> Result<()> {
    if from != to {
        count_status(conn, seller, from, -1).await?;
        count_status(conn, seller, to, 1).await?;
    }
    Ok(())
}

/// Counts every shop's products per status afresh (after rows were written around the
/// store, as `bench browse` copies them).
pub async fn recount_statuses(conn: &mut Conn) -> Result<()> {
    sqlx::query("DELETE FROM product_status_counts")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO product_status_counts (seller_id, status, n)
         SELECT seller_id, status, COUNT(*) FROM products GROUP BY seller_id, status",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces the content if the row is still at `version`; false when someone else saved first.
pub async fn update_content(
    conn: &mut Conn,
    seller: SellerId,
    id: ProductId,
    version: i64,
    c: &ProductContent<'_>,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE products SET category_id = $1, source_locale = $2, title = $3, search_text = $4,
            brand = $5, attributes = $6, sales_attributes = $7, video_url = $8,
            weight_grams = $9, length_mm = $10, width_mm = $11, height_mm = $12,
            handling_days = $13, version = version + 1, updated_at = $14
         WHERE seller_id = $15 AND id = $16 AND version = $17",
    )
    .bind(c.category_id.to_string())
    .bind(c.source_locale)
    .bind(c.title)
    .bind(c.search_text)
    .bind(c.brand)
    .bind(c.attributes)
    .bind(c.sales_attributes)
    .bind(c.video_url)
    .bind(c.weight_grams)
    .bind(c.length_mm)
    .bind(c.width_mm)
    .bind(c.height_mm)
    .bind(c.handling_days)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A status / review change; applied only if the status is still `from` (false otherwise).
#[derive(Debug, Clone, Default)]
pub struct StatusChange<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub audit_status: AuditStatus,
    pub quality_grade: Option<&'a str>,
    pub quality_notes: Option<&'a str>,
    pub failed_reasons: Option<&'a str>,
    pub submitted: bool,
}

pub async fn change_status(
    conn: &mut Conn,
    id: ProductId,
    ch: &StatusChange<'_>,
    now: Timestamp,
) -> Result<bool> {
    let now = to_micros(now);
    let seller: Option<String> = sqlx::query_scalar(
        "UPDATE products SET status = $1, audit_status = $2,
            quality_grade = COALESCE($3, quality_grade),
            quality_notes = COALESCE($4, quality_notes),
            failed_reasons = COALESCE($5, failed_reasons),
            submitted_at = CASE WHEN $6 = 1 THEN $7 ELSE submitted_at END,
            version = version + 1, updated_at = $7
         WHERE id = $8 AND status = $9
         RETURNING seller_id",
    )
    .bind(ch.to)
    .bind(ch.audit_status.as_str())
    .bind(ch.quality_grade)
    .bind(ch.quality_notes)
    .bind(ch.failed_reasons)
    .bind(i64::from(ch.submitted))
    .bind(now)
    .bind(id.to_string())
    .bind(ch.from)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(seller) = seller else {
        return Ok(false);
    };
    let seller = SellerId::try_from(seller).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    count_move(conn, seller, ch.from, ch.to).await?;
    listing_changed(conn, id).await?;
    Ok(true)
}

/// Marks a product's page and the storefront lists as changed (see `changes`).
async fn listing_changed(conn: &mut Conn, id: ProductId) -> Result<()> {
    changes::touch(conn, Change::Product(id)).await?;
    changes::touch(conn, Change::Listings).await
}

/// Stores the approved version buyers see (and what its storefront card shows) and marks
/// every SKU of the product as on sale.
pub async fn publish(
    conn: &mut Conn,
    id: ProductId,
    snapshot: &str,
    card: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE products SET published = $1, card = $2, published_at = $3 WHERE id = $4")
        .bind(snapshot)
        .bind(card)
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE skus SET published = 1 WHERE product_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    listing_changed(conn, id).await
}

pub async fn mark_deleted(
    conn: &mut Conn,
    seller: SellerId,
    id: ProductId,
    from: &str,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE products SET status = 'DELETED', status_before_delete = $1, deleted_at = $2,
            version = version + 1, updated_at = $2
         WHERE seller_id = $3 AND id = $4 AND status = $1",
    )
    .bind(from)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    count_move(conn, seller, from, "DELETED").await?;
    listing_changed(conn, id).await?;
    Ok(true)
}

pub async fn mark_recovered(
    conn: &mut Conn,
    seller: SellerId,
    id: ProductId,
    to: &str,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE products SET status = $1, status_before_delete = NULL, deleted_at = NULL,
            version = version + 1, updated_at = $2
         WHERE seller_id = $3 AND id = $4 AND status = 'DELETED'",
    )
    .bind(to)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    count_move(conn, seller, "DELETED", to).await?;
    listing_changed(conn, id).await?;
    Ok(true)
}

/// Removes products deleted before `cutoff` for good; returns how many.
pub async fn purge_deleted(conn: &mut Conn, cutoff: Timestamp) -> Result<u64> {
    #[derive(sqlx::FromRow)]
    struct Gone {
        id: String,
        #[sqlx(try_from = "String")]
        seller_id: SellerId,
    }
    let gone: Vec<Gone> = sqlx::query_as(
        "SELECT id, seller_id FROM products WHERE status = 'DELETED' AND deleted_at < $1",
    )
    .bind(to_micros(cutoff))
    .fetch_all(&mut *conn)
    .await?;
    for Gone { id, seller_id } in &gone {
        sqlx::query(
            "DELETE FROM stock WHERE sku_id IN (SELECT id FROM skus WHERE product_id = $1)",
        )
        .bind(id)
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM products WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        count_status(conn, *seller_id, "DELETED", -1).await?;
    }
    Ok(gone.len() as u64)
}

pub async fn find_product(
    conn: &mut Conn,
    seller: SellerId,
    id: ProductId,
) -> Result<Option<ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.seller_id = $1 AND p.id = $2"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Any shop's product: for operators and the storefront, which check status themselves.
pub async fn find_product_any(conn: &mut Conn, id: ProductId) -> Result<Option<ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Sort orders of the seller's product list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductSort {
    UpdatedDesc,
    CreatedDesc,
    TitleAsc,
    PriceAsc,
    PriceDesc,
    StockAsc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockFilter {
    InStock,
    Low,
    Out,
}

#[derive(Debug, Clone)]
pub struct ProductFilter {
    /// None: every status but DELETED.
    pub status: Option<String>,
    pub audit_status: Option<AuditStatus>,
    pub category_ids: Option<Vec<CategoryId>>,
    pub stock: Option<StockFilter>,
    /// Lower-cased words matched against titles and seller SKUs.
    pub query: Option<String>,
    /// Only this product (an exact seller-SKU hit found through the SKU index).
    pub only: Option<ProductId>,
    pub sort: ProductSort,
    /// The last row of the previous page: its sort key and id.
    pub after: Option<(SortKey, ProductId)>,
    pub limit: i64,
}

/// The value a page was cut at, for keyset pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Int(i64),
    Text(String),
}

impl ProductSort {
    fn column(self) -> (&'static str, bool) {
        match self {
            ProductSort::UpdatedDesc => ("p.updated_at", true),
            ProductSort::CreatedDesc => ("p.created_at", true),
            ProductSort::TitleAsc => ("p.title", false),
            ProductSort::PriceAsc => ("p.min_price", false),
            ProductSort::PriceDesc => ("p.max_price", true),
            ProductSort::StockAsc => ("p.available", false),
        }
    }

    /// The sort key of a row, to build the next cursor from.
    pub fn key_of(self, p: &ListRow) -> SortKey {
        match self {
            ProductSort::UpdatedDesc => SortKey::Int(to_micros(p.updated_at)),
            ProductSort::CreatedDesc => SortKey::Int(to_micros(p.created_at)),
            ProductSort::TitleAsc => SortKey::Text(p.title.clone()),
            ProductSort::PriceAsc => SortKey::Int(p.min_price),
            ProductSort::PriceDesc => SortKey::Int(p.max_price),
            ProductSort::StockAsc => SortKey::Int(p.available),
        }
    }
}

/// What the seller's product list shows of a product (not its content or approved version).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    #[sqlx(try_from = "String")]
    pub id: ProductId,
    #[sqlx(try_from = "String")]
    pub status: ProductStatus,
    #[sqlx(try_from = "String")]
    pub audit_status: AuditStatus,
    #[sqlx(try_from = "String")]
    pub category_id: CategoryId,
    pub title: String,
    #[sqlx(try_from = "OptText")]
    pub quality_grade: Option<QualityGrade>,
    pub min_price: i64,
    pub max_price: i64,
    pub available: i64,
    pub sku_count: i64,
    pub out_of_stock_skus: i64,
    pub low_stock_skus: i64,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

/// One page of a shop's products, with keyset pagination on (sort key, id).
pub async fn list_products(
    conn: &mut Conn,
    seller: SellerId,
    f: &ProductFilter,
) -> Result<Vec<ListRow>> {
    let mut p = Params::default();
    let mut sql = format!(
        "SELECT p.id, p.status, p.audit_status, p.category_id, p.title, p.quality_grade,
                p.min_price, p.max_price, p.available, p.sku_count, p.out_of_stock_skus,
                p.low_stock_skus, p.created_at, p.updated_at
         FROM products p WHERE p.seller_id = {}",
        p.bind(seller.to_string())?
    );
    match &f.status {
        Some(s) => sql.push_str(&format!(" AND p.status = {}", p.bind(s.clone())?)),
        None => sql.push_str(" AND p.status <> 'DELETED'"),
    }
    if let Some(a) = &f.audit_status {
        sql.push_str(&format!(" AND p.audit_status = {}", p.bind(a.as_str())?));
    }
    if let Some(cats) = &f.category_ids {
        if cats.is_empty() {
            return Ok(Vec::new());
        }
        let marks = p.list(cats.iter().map(|c| c.to_string()))?;
        sql.push_str(&format!(" AND p.category_id IN ({marks})"));
    }
    match f.stock {
        Some(StockFilter::Out) => sql.push_str(" AND p.out_of_stock_skus > 0"),
        Some(StockFilter::Low) => sql.push_str(" AND p.low_stock_skus > 0"),
        Some(StockFilter::InStock) => {
            sql.push_str(" AND p.out_of_stock_skus = 0 AND p.sku_count > 0")
        }
        None => {}
    }
    if let Some(only) = f.only {
        sql.push_str(&format!(" AND p.id = {}", p.bind(only.to_string())?));
    } else if let Some(text) = &f.query {
        let sqlite = conn.backend_name() == "SQLite";
        crate::search::push_words(&mut sql, &mut p, text, sqlite)?;
    }
    let (col, desc) = f.sort.column();
    if f.only.is_none() {
        if let Some((key, id)) = &f.after {
            let op = if desc { "<" } else { ">" };
            let k = match key {
                SortKey::Int(i) => p.bind(*i)?,
                SortKey::Text(t) => p.bind(t.clone())?,
            };
            let id = p.bind(id.to_string())?;
            sql.push_str(&format!(
                " AND ({col} {op} {k} OR ({col} = {k} AND p.id {op} {id}))"
            ));
        }
        let dir = if desc { "DESC" } else { "ASC" };
        sql.push_str(&format!(
            " ORDER BY {col} {dir}, p.id {dir} LIMIT {}",
            p.bind(f.limit)?
        ));
    }
    // One product by primary key has no ordering, so no index for ordering is chosen over it.
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

/// How many of a shop's products are in each status.
pub async fn count_by_status(
    conn: &mut Conn,
    seller: SellerId,
) -> Result<Vec<(ProductStatus, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Count {
        #[sqlx(try_from = "String")]
        status: ProductStatus,
        n: i64,
    }
    let rows: Vec<Count> = sqlx::query_as(
        "SELECT status, n FROM product_status_counts WHERE seller_id = $1 AND n <> 0",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|c| (c.status, c.n)).collect())
}

/// Products waiting for an operator, oldest submission first.
pub async fn review_queue(conn: &mut Conn, limit: i64) -> Result<Vec<ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p
         WHERE p.audit_status = 'AUDITING' AND p.status <> 'DELETED'
         ORDER BY p.submitted_at, p.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// A product card on the storefront: what a list shows, read with its shop in one query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CardRow {
    #[sqlx(try_from = "String")]
    pub id: ProductId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub store_name: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    /// What the card shows of the approved version (JSON): the `card` column, or for rows
    /// approved before it was kept, the whole snapshot (`app` reads the card's fields from
    /// either).
    pub card: String,
    #[sqlx(try_from = "Micros")]
    pub published_at: Timestamp,
    pub min_price: i64,
    pub max_price: i64,
    pub available: i64,
}

/// Which products a storefront list shows.
#[derive(Debug, Clone, Default)]
pub struct OnSale<'a> {
    /// A category subtree; an empty list matches nothing.
    pub category_ids: Option<&'a [CategoryId]>,
    /// Lower-cased words, each matched against the search text.
    pub query: Option<&'a str>,
    pub seller: Option<SellerId>,
    /// The last card of the previous page: (published_at, id).
    pub after: Option<(Timestamp, ProductId)>,
    /// Rows skipped before the page (shallow numbered pages only: the caller caps it).
    pub offset: i64,
    pub limit: i64,
}

/// Live products of approved shops, newest first (published_at, then id, both descending),
/// with keyset pagination: an index on (…, status, published_at, id) is sought to `after`.
pub async fn list_on_sale(conn: &mut Conn, f: &OnSale<'_>) -> Result<Vec<CardRow>> {
    let Some((sql, p)) = on_sale_query(f, conn.backend_name() == "SQLite")? else {
        return Ok(Vec::new());
    };
    Ok(sqlx::query_as_with(&sql, p.into_args())
        .fetch_all(&mut *conn)
        .await?)
}

/// How the database would run [`list_on_sale`] (see `plan::explain`); empty when the list
/// needs no query.
pub async fn plan_on_sale(conn: &mut Conn, f: &OnSale<'_>) -> Result<Vec<String>> {
    match on_sale_query(f, conn.backend_name() == "SQLite")? {
        Some((sql, p)) => crate::plan::explain(conn, &sql, p).await,
        None => Ok(Vec::new()),
    }
}

/// The most categories a subtree list reads branch by branch; a bigger subtree is one
/// `IN (…)` list instead.
const MAX_BRANCHES: usize = 64;

fn on_sale_query(f: &OnSale<'_>, sqlite: bool) -> Result<Option<(String, Params)>> {
    let mut p = Params::default();
    // Written into the statement, not bound (both are integers): PostgreSQL's generic plan
    // of a prepared statement does not know a bound LIMIT, so it may plan for every row of
    // the list rather than for one page.
    let limit = f.limit.clamp(1, 201);
    let offset = f.offset.clamp(0, 1_000_000);
    let order = "ORDER BY published_at DESC, id DESC";
    let inner = "ORDER BY p.published_at DESC, p.id DESC";
    let sql = match f.category_ids {
        Some([]) => return Ok(None),
        // Several categories (a subtree): one branch per category, each seeking its own
        // index range for the page's rows, merged by the same order. An `IN (…)` over them
        // would read every matching row to sort them.
        Some(cats) if cats.len() > 1 && cats.len() <= MAX_BRANCHES => {
            let mut branches = Vec::with_capacity(cats.len());
            for (i, c) in cats.iter().enumerate() {
                let category = format!("p.category_id = {}", p.bind(c.to_string())?);
                let mut one = on_sale_branch(f, &mut p, sqlite, Some(&category))?;
                one.push_str(&format!(" {inner} LIMIT {}", limit + offset));
                branches.push(format!("SELECT * FROM ({one}) b{i}"));
            }
            format!(
                "{} {order} LIMIT {limit} OFFSET {offset}",
                branches.join(" UNION ALL ")
            )
        }
        Some(cats) => {
            let marks = p.list(cats.iter().map(|c| c.to_string()))?;
            let mut one = on_sale_branch(
                f,
                &mut p,
                sqlite,
                Some(&format!("p.category_id IN ({marks})")),
            )?;
            one.push_str(&format!(" {inner} LIMIT {limit} OFFSET {offset}"));
            one
        }
        None => {
            let mut one = on_sale_branch(f, &mut p, sqlite, None)?;
            one.push_str(&format!(" {inner} LIMIT {limit} OFFSET {offset}"));
            one
        }
    };
    Ok(Some((sql, p)))
}

/// The storefront list's `SELECT … WHERE …` (no order or limit), with `category` as one more
/// condition.
fn on_sale_branch(
    f: &OnSale<'_>,
    p: &mut Params,
    sqlite: bool,
    category: Option<&str>,
) -> Result<String> {
    let mut sql = String::from(
        "SELECT p.id, p.seller_id, s.store_name, s.currency,
                COALESCE(p.card, p.published) AS card, p.published_at,
                p.min_price, p.max_price, p.available
         FROM products p JOIN sellers s ON s.id = p.seller_id
         WHERE p.status = 'LIVE' AND p.published_at IS NOT NULL AND p.published IS NOT NULL
           AND s.status = 'APPROVED'",
    );
    if let Some(c) = category {
        sql.push_str(&format!(" AND {c}"));
    }
    if let Some(s) = f.seller {
        sql.push_str(&format!(" AND p.seller_id = {}", p.bind(s.to_string())?));
    }
    if let Some(text) = f.query {
        crate::search::push_words(&mut sql, p, text, sqlite)?;
    }
    if let Some((at, id)) = f.after {
        let at = p.bind(to_micros(at))?;
        let id = p.bind(id.to_string())?;
        // A row value, which both databases turn into one index range.
        sql.push_str(&format!(" AND (p.published_at, p.id) < ({at}, {id})"));
    }
    Ok(sql)
}

// ---- editions ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EditionRow {
    pub locale: String,
    pub title: String,
    pub description: String,
    #[sqlx(try_from = "Flag")]
    pub is_source: bool,
    #[sqlx(try_from = "Flag")]
    pub generated: bool,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

pub async fn list_editions(conn: &mut Conn, product: ProductId) -> Result<Vec<EditionRow>> {
    Ok(sqlx::query_as(
        "SELECT locale, title, description, is_source, generated, updated_at
         FROM product_editions WHERE product_id = $1 ORDER BY is_source DESC, locale",
    )
    .bind(product.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn replace_editions(
    conn: &mut Conn,
    product: ProductId,
    editions: &[EditionRow],
) -> Result<()> {
    sqlx::query("DELETE FROM product_editions WHERE product_id = $1")
        .bind(product.to_string())
        .execute(&mut *conn)
        .await?;
    for e in editions {
        sqlx::query(
            "INSERT INTO product_editions
                (product_id, locale, title, description, is_source, generated, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(product.to_string())
        .bind(&e.locale)
        .bind(&e.title)
        .bind(&e.description)
        .bind(i64::from(e.is_source))
        .bind(i64::from(e.generated))
        .bind(to_micros(e.updated_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

// ---- images ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImageRow {
    #[sqlx(try_from = "String")]
    pub id: ImageId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(try_from = "OptText")]
    pub product_id: Option<ProductId>,
    pub position: i64,
    pub format: String,
    pub width: i64,
    pub height: i64,
    pub size_bytes: i64,
    pub original_key: String,
    pub display_key: String,
    pub thumb_key: String,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

const IMAGE_COLUMNS: &str = "id, seller_id, product_id, position, format, width, height,
    size_bytes, original_key, display_key, thumb_key, created_at";

pub async fn insert_image(conn: &mut Conn, i: &ImageRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO product_images (id, seller_id, product_id, position, format, width, height,
            size_bytes, original_key, display_key, thumb_key, created_at)
         VALUES ($1, $2, NULL, 0, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(i.id.to_string())
    .bind(i.seller_id.to_string())
    .bind(&i.format)
    .bind(i.width)
    .bind(i.height)
    .bind(i.size_bytes)
    .bind(&i.original_key)
    .bind(&i.display_key)
    .bind(&i.thumb_key)
    .bind(to_micros(i.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A shop's images by id (attached or not), in no particular order.
pub async fn find_images(
    conn: &mut Conn,
    seller: SellerId,
    ids: &[ImageId],
) -> Result<Vec<ImageRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query_as(&format!(
            "SELECT {IMAGE_COLUMNS} FROM product_images WHERE seller_id = $1 AND id = $2"
        ))
        .bind(seller.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        out.extend(row);
    }
    Ok(out)
}

/// An image by id alone, for serving it.
pub async fn find_image_any(conn: &mut Conn, id: ImageId) -> Result<Option<ImageRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {IMAGE_COLUMNS} FROM product_images WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn list_images(conn: &mut Conn, product: ProductId) -> Result<Vec<ImageRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {IMAGE_COLUMNS} FROM product_images WHERE product_id = $1 ORDER BY position"
    ))
    .bind(product.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Makes `ids` (in this order) the product's images. Images it no longer uses stay attached
/// with a negative position when the approved version may still show them.
pub async fn set_product_images(
    conn: &mut Conn,
    seller: SellerId,
    product: ProductId,
    ids: &[ImageId],
) -> Result<()> {
    sqlx::query("UPDATE product_images SET position = -1 WHERE product_id = $1 AND seller_id = $2")
        .bind(product.to_string())
        .bind(seller.to_string())
        .execute(&mut *conn)
        .await?;
    for (i, id) in ids.iter().enumerate() {
        sqlx::query(
            "UPDATE product_images SET product_id = $1, position = $2
             WHERE seller_id = $3 AND id = $4",
        )
        .bind(product.to_string())
        .bind(i as i64)
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Unattached uploads older than `cutoff` (a shop's logo and banner aside): their rows are deleted and their keys returned so
/// the files can be removed.
pub async fn take_orphan_images(conn: &mut Conn, cutoff: Timestamp) -> Result<Vec<ImageRow>> {
    let images: Vec<ImageRow> = sqlx::query_as(&format!(
        "SELECT {IMAGE_COLUMNS} FROM product_images WHERE product_id IS NULL AND created_at < $1
         AND id NOT IN (SELECT logo_image_id FROM shop_branding WHERE logo_image_id IS NOT NULL)
         AND id NOT IN (SELECT banner_image_id FROM shop_branding WHERE banner_image_id IS NOT NULL)
         LIMIT 500"
    ))
    .bind(to_micros(cutoff))
    .fetch_all(&mut *conn)
    .await?;
    for i in &images {
        sqlx::query("DELETE FROM product_images WHERE id = $1")
            .bind(i.id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(images)
}

// ---- SKUs ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SkuRow {
    #[sqlx(try_from = "String")]
    pub id: SkuId,
    #[sqlx(try_from = "String")]
    pub product_id: ProductId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub seller_sku: String,
    pub gtin: Option<String>,
    pub price_minor: i64,
    /// JSON object: sales attribute → value.
    pub variant: String,
    pub position: i64,
    pub low_stock_threshold: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub low_stock_alerted: bool,
    #[sqlx(try_from = "Flag")]
    pub published: bool,
}

const SKU_COLUMNS: &str = "id, product_id, seller_id, seller_sku, gtin, price_minor, variant,
    position, low_stock_threshold, low_stock_alerted, published";

pub async fn insert_sku(conn: &mut Conn, s: &SkuRow, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO skus (id, product_id, seller_id, seller_sku, gtin, price_minor, variant,
            position, low_stock_threshold, low_stock_alerted, published, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $11)",
    )
    .bind(s.id.to_string())
    .bind(s.product_id.to_string())
    .bind(s.seller_id.to_string())
    .bind(&s.seller_sku)
    .bind(s.gtin.as_deref())
    .bind(s.price_minor)
    .bind(&s.variant)
    .bind(s.position)
    .bind(s.low_stock_threshold)
    .bind(i64::from(s.published))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rewrites a SKU's code, barcode, price, variant, position and threshold.
pub async fn update_sku(conn: &mut Conn, s: &SkuRow, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE skus SET seller_sku = $1, gtin = $2, price_minor = $3, variant = $4,
            position = $5, low_stock_threshold = $6, updated_at = $7
         WHERE seller_id = $8 AND id = $9",
    )
    .bind(&s.seller_sku)
    .bind(s.gtin.as_deref())
    .bind(s.price_minor)
    .bind(&s.variant)
    .bind(s.position)
    .bind(s.low_stock_threshold)
    .bind(to_micros(now))
    .bind(s.seller_id.to_string())
    .bind(s.id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_sku_price(
    conn: &mut Conn,
    seller: SellerId,
    id: SkuId,
    price_minor: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE skus SET price_minor = $1, updated_at = $2 WHERE seller_id = $3 AND id = $4",
    )
    .bind(price_minor)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_sku_threshold(
    conn: &mut Conn,
    seller: SellerId,
    id: SkuId,
    threshold: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE skus SET low_stock_threshold = $1 WHERE seller_id = $2 AND id = $3")
        .bind(threshold)
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Flips the low-stock flag; true only for the call that changed it, so an alert is sent once
/// per crossing even when two processes race.
pub async fn flip_low_stock_alert(conn: &mut Conn, id: SkuId, alerted: bool) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE skus SET low_stock_alerted = $1 WHERE id = $2 AND low_stock_alerted = $3",
    )
    .bind(i64::from(alerted))
    .bind(id.to_string())
    .bind(i64::from(!alerted))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_sku(conn: &mut Conn, seller: SellerId, id: SkuId) -> Result<()> {
    sqlx::query("DELETE FROM stock WHERE seller_id = $1 AND sku_id = $2")
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM skus WHERE seller_id = $1 AND id = $2")
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn list_skus(conn: &mut Conn, product: ProductId) -> Result<Vec<SkuRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SKU_COLUMNS} FROM skus WHERE product_id = $1 ORDER BY position, id"
    ))
    .bind(product.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// The SKUs of several products at once (for list pages and exports).
pub async fn list_skus_of(conn: &mut Conn, products: &[ProductId]) -> Result<Vec<SkuRow>> {
    of_products(conn, products, |ids| {
        format!("SELECT {SKU_COLUMNS} FROM skus WHERE product_id IN ({ids}) ORDER BY product_id, position")
    })
    .await
}

/// Rows of a table about products, for many products at once: `sql` gets the inside of an
/// `IN (…)` list, asked 200 products at a time.
async fn of_products<R>(
    conn: &mut Conn,
    products: &[ProductId],
    sql: impl Fn(&str) -> String,
) -> Result<Vec<R>>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let mut out = Vec::new();
    for chunk in products.chunks(200) {
        let mut p = Params::default();
        let ids = p.list(chunk.iter().map(|id| id.to_string()))?;
        out.extend(
            sqlx::query_as_with(&sql(&ids), p.into_args())
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    Ok(out)
}

/// A shop's products by id (those of another shop are left out).
pub async fn find_products(
    conn: &mut Conn,
    seller: SellerId,
    products: &[ProductId],
) -> Result<Vec<ProductRow>> {
    let seller = seller.to_string();
    let mut out = Vec::new();
    for chunk in products.chunks(200) {
        let mut p = Params::default();
        let shop = p.bind(seller.clone())?;
        let ids = p.list(chunk.iter().map(|id| id.to_string()))?;
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.seller_id = {shop} AND p.id IN ({ids})"
        );
        out.extend(
            sqlx::query_as_with(&sql, p.into_args())
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    Ok(out)
}

/// A row of a product's editions, images or reviews, with the product it belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Of<T> {
    #[sqlx(try_from = "String")]
    pub product_id: ProductId,
    #[sqlx(flatten)]
    pub row: T,
}

/// The editions of many products (source first, then by language, per product).
pub async fn editions_of(conn: &mut Conn, products: &[ProductId]) -> Result<Vec<Of<EditionRow>>> {
    of_products(conn, products, |ids| {
        format!(
            "SELECT product_id, locale, title, description, is_source, generated, updated_at
             FROM product_editions WHERE product_id IN ({ids})
             ORDER BY product_id, is_source DESC, locale"
        )
    })
    .await
}

/// The images of many products, in their order.
pub async fn images_of(conn: &mut Conn, products: &[ProductId]) -> Result<Vec<ImageRow>> {
    of_products(conn, products, |ids| {
        format!(
            "SELECT {IMAGE_COLUMNS} FROM product_images WHERE product_id IN ({ids})
             ORDER BY product_id, position"
        )
    })
    .await
}

/// The review history of many products, newest first per product.
pub async fn reviews_of(conn: &mut Conn, products: &[ProductId]) -> Result<Vec<Of<ReviewRow>>> {
    of_products(conn, products, |ids| {
        format!(
            "SELECT product_id, action, from_status, to_status, reasons, actor_type, actor_id,
                    created_at
             FROM product_reviews WHERE product_id IN ({ids})
             ORDER BY product_id, created_at DESC, id DESC"
        )
    })
    .await
}

pub async fn find_sku(conn: &mut Conn, seller: SellerId, id: SkuId) -> Result<Option<SkuRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SKU_COLUMNS} FROM skus WHERE seller_id = $1 AND id = $2"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn find_sku_by_code(
    conn: &mut Conn,
    seller: SellerId,
    seller_sku: &str,
) -> Result<Option<SkuRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SKU_COLUMNS} FROM skus WHERE seller_id = $1 AND seller_sku = $2"
    ))
    .bind(seller.to_string())
    .bind(seller_sku)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Recomputes a product's price range, stock total and stock-state counts from its SKUs.
/// `default_threshold` is the shop's low-stock default for SKUs without their own.
pub async fn refresh_aggregates(
    conn: &mut Conn,
    product: ProductId,
    default_threshold: i64,
    now: Timestamp,
) -> Result<()> {
    // What a storefront card shows of a live product, before and after.
    type Card = (String, i64, i64, bool);
    let card = |(status, min, max, available): (String, i64, i64, i64)| -> Card {
        (status, min, max, available > 0)
    };
    let before: Option<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT status, min_price, max_price, available FROM products WHERE id = $1",
    )
    .bind(product.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let after: Option<(String, i64, i64, i64)> = sqlx::query_as(
        "UPDATE products SET
            min_price = COALESCE((SELECT MIN(price_minor) FROM skus WHERE product_id = $1), 0),
            max_price = COALESCE((SELECT MAX(price_minor) FROM skus WHERE product_id = $1), 0),
            sku_count = (SELECT COUNT(*) FROM skus WHERE product_id = $1),
            available = COALESCE((SELECT SUM(st.on_hand - st.reserved) FROM stock st
                JOIN skus k ON k.id = st.sku_id WHERE k.product_id = $1), 0),
            out_of_stock_skus = (SELECT COUNT(*) FROM skus k WHERE k.product_id = $1 AND
                COALESCE((SELECT SUM(st.on_hand - st.reserved) FROM stock st
                          WHERE st.sku_id = k.id), 0) = 0),
            low_stock_skus = (SELECT COUNT(*) FROM skus k WHERE k.product_id = $1 AND
                COALESCE((SELECT SUM(st.on_hand - st.reserved) FROM stock st
                          WHERE st.sku_id = k.id), 0)
                  BETWEEN 1 AND COALESCE(k.low_stock_threshold, $2)),
            updated_at = $3
         WHERE id = $1
         RETURNING status, min_price, max_price, available",
    )
    .bind(product.to_string())
    .bind(default_threshold)
    .bind(to_micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    let (before, after) = (before.map(card), after.map(card));
    if after
        .as_ref()
        .is_some_and(|c| c.0 == ProductStatus::Live.as_str())
    {
        // Prices per SKU and stock show on the product's page; the range and whether any is
        // left show on the cards.
        changes::touch(conn, Change::Product(product)).await?;
        if before != after {
            changes::touch(conn, Change::Listings).await?;
        }
    }
    Ok(())
}

// ---- review history ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub action: String,
    #[sqlx(try_from = "String")]
    pub from_status: ProductStatus,
    #[sqlx(try_from = "String")]
    pub to_status: ProductStatus,
    /// JSON list of findings.
    pub reasons: String,
    pub actor_type: String,
    pub actor_id: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub async fn insert_review(
    conn: &mut Conn,
    id: &str,
    product: ProductId,
    r: &ReviewRow,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO product_reviews (id, product_id, action, from_status, to_status, reasons,
            actor_type, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(product.to_string())
    .bind(&r.action)
    .bind(r.from_status.as_str())
    .bind(r.to_status.as_str())
    .bind(&r.reasons)
    .bind(&r.actor_type)
    .bind(r.actor_id.as_deref())
    .bind(to_micros(r.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn list_reviews(conn: &mut Conn, product: ProductId) -> Result<Vec<ReviewRow>> {
    Ok(sqlx::query_as(
        "SELECT action, from_status, to_status, reasons, actor_type, actor_id, created_at
         FROM product_reviews WHERE product_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(product.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Recounts low-stock SKUs of every product of a shop (after its default threshold changed).
pub async fn refresh_low_stock_counts(
    conn: &mut Conn,
    seller: SellerId,
    default_threshold: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE products SET low_stock_skus = (SELECT COUNT(*) FROM skus k
            WHERE k.product_id = products.id AND
                COALESCE((SELECT SUM(st.on_hand - st.reserved) FROM stock st
                          WHERE st.sku_id = k.id), 0)
                  BETWEEN 1 AND COALESCE(k.low_stock_threshold, $1))
         WHERE seller_id = $2",
    )
    .bind(default_threshold)
    .bind(seller.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MainImage {
    #[sqlx(try_from = "String")]
    product_id: ProductId,
    #[sqlx(try_from = "String")]
    id: ImageId,
}

/// The main (first) image of each of the given products.
pub async fn main_images(
    conn: &mut Conn,
    products: &[ProductId],
) -> Result<Vec<(ProductId, ImageId)>> {
    let mut out = Vec::new();
    for chunk in products.chunks(200) {
        if chunk.is_empty() {
            continue;
        }
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT product_id, id FROM product_images
             WHERE position = 0 AND product_id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query_as::<_, MainImage>(&sql);
        for p in chunk {
            q = q.bind(p.to_string());
        }
        out.extend(
            q.fetch_all(&mut *conn)
                .await?
                .into_iter()
                .map(|m| (m.product_id, m.id)),
        );
    }
    Ok(out)
}

/// Marks editions as machine-made.
pub async fn mark_generated(conn: &mut Conn, product: ProductId, locales: &[String]) -> Result<()> {
    for l in locales {
        sqlx::query(
            "UPDATE product_editions SET generated = 1 WHERE product_id = $1 AND locale = $2",
        )
        .bind(product.to_string())
        .bind(l)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Refreshes the query planner's statistics of the catalogue tables after a bulk import has
/// grown them a lot; without them both databases plan for the tables they saw when empty.
pub async fn analyze(conn: &mut Conn) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query(
            "ANALYZE products, skus, stock, product_editions, product_images, inventory_movements",
        )
        .execute(&mut *conn)
        .await?;
    } else {
        for table in [
            "products",
            "skus",
            "stock",
            "product_editions",
            "product_images",
        ] {
            sqlx::query(&format!("ANALYZE {table}"))
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
