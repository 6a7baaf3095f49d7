//! The platform category tree, with a name per locale.

use jiff::Timestamp;
use shopdeck_domain::ids::CategoryId;
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, JsonList, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    #[sqlx(try_from = "String")]
    pub id: CategoryId,
    #[sqlx(try_from = "OptText")]
    pub parent_id: Option<CategoryId>,
    pub slug: String,
    #[sqlx(try_from = "Flag")]
    pub is_leaf: bool,
    /// The name in the requested locale, or English when that edition is missing.
    pub name: String,
}

pub struct NewCategory<'a> {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub slug: &'a str,
    pub position: i64,
    pub is_leaf: bool,
}

pub async fn insert_category(conn: &mut Conn, c: &NewCategory<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO categories (id, parent_id, slug, position, is_leaf, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.id.to_string())
    .bind(c.parent_id.map(|p| p.to_string()))
    .bind(c.slug)
    .bind(c.position)
    .bind(i64::from(c.is_leaf))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    catalog_changed(conn).await
}

pub async fn insert_category_name(
    conn: &mut Conn,
    id: CategoryId,
    locale: &str,
    name: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO category_names (category_id, locale, name) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(locale)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    catalog_changed(conn).await
}

/// The whole tree in display order (parents before children), named in `locale`.
pub async fn list_categories(conn: &mut Conn, locale: &str) -> Result<Vec<CategoryRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.parent_id, c.slug, c.is_leaf,
                COALESCE(l.name, e.name, c.slug) AS name
         FROM categories c
         LEFT JOIN category_names l ON l.category_id = c.id AND l.locale = $1
         LEFT JOIN category_names e ON e.category_id = c.id AND e.locale = 'en'
         ORDER BY c.position, c.id",
    )
    .bind(locale)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn count_categories(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM categories")
        .fetch_one(&mut *conn)
        .await?)
}

/// A library attribute, named in the requested locale (English when that name is missing).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttributeRow {
    #[sqlx(rename = "attr_key")]
    pub key: String,
    /// `text`, `list` or `number`.
    pub kind: String,
    #[sqlx(rename = "allowed_values", try_from = "JsonList")]
    pub values: Vec<String>,
    pub name: String,
}

pub async fn insert_attribute(
    conn: &mut Conn,
    key: &str,
    kind: &str,
    values: &[String],
    now: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO attributes (attr_key, kind, allowed_values, created_at) VALUES ($1, $2, $3, $4)")
        .bind(key)
        .bind(kind)
        .bind(serde_json::to_string(values).unwrap_or_else(|_| "[]".into()))
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    catalog_changed(conn).await
}

pub async fn insert_attribute_name(
    conn: &mut Conn,
    key: &str,
    locale: &str,
    name: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO attribute_names (attr_key, locale, name) VALUES ($1, $2, $3)")
        .bind(key)
        .bind(locale)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    catalog_changed(conn).await
}

pub async fn list_attributes(conn: &mut Conn, locale: &str) -> Result<Vec<AttributeRow>> {
    Ok(sqlx::query_as(
        "SELECT a.attr_key, a.kind, a.allowed_values, COALESCE(l.name, e.name, a.attr_key) AS name
         FROM attributes a
         LEFT JOIN attribute_names l ON l.attr_key = a.attr_key AND l.locale = $1
         LEFT JOIN attribute_names e ON e.attr_key = a.attr_key AND e.locale = 'en'
         ORDER BY a.attr_key",
    )
    .bind(locale)
    .fetch_all(&mut *conn)
    .await?)
}

/// An attribute as a category declares it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CategoryAttribute {
    #[sqlx(rename = "attr_key")]
    pub key: String,
    #[sqlx(try_from = "Flag")]
    pub required: bool,
    #[sqlx(try_from = "Flag")]
    pub sales: bool,
}

#[derive(sqlx::FromRow)]
struct Declaration {
    #[sqlx(try_from = "String")]
    category_id: CategoryId,
    #[sqlx(flatten)]
    attribute: CategoryAttribute,
}

/// Replaces the attributes a category declares (its descendants inherit them).
pub async fn set_category_attributes(
    conn: &mut Conn,
    id: CategoryId,
    attrs: &[CategoryAttribute],
) -> Result<()> {
    sqlx::query("DELETE FROM category_attributes WHERE category_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for (i, a) in attrs.iter().enumerate() {
        sqlx::query(
            "INSERT INTO category_attributes (category_id, attr_key, required, sales, position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(&a.key)
        .bind(i64::from(a.required))
        .bind(i64::from(a.sales))
        .bind(i64::try_from(i).unwrap_or(i64::MAX))
        .execute(&mut *conn)
        .await?;
    }
    catalog_changed(conn).await
}

/// Every declaration, by category, in declaration order.
pub async fn list_category_attributes(
    conn: &mut Conn,
) -> Result<Vec<(CategoryId, CategoryAttribute)>> {
    let rows: Vec<Declaration> = sqlx::query_as(
        "SELECT category_id, attr_key, required, sales FROM category_attributes
         ORDER BY category_id, position",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|d| (d.category_id, d.attribute))
        .collect())
}

/// Names a category in one locale (replacing an earlier name).
pub async fn upsert_category_name(
    conn: &mut Conn,
    id: CategoryId,
    locale: &str,
    name: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO category_names (category_id, locale, name) VALUES ($1, $2, $3)
         ON CONFLICT (category_id, locale) DO UPDATE SET name = excluded.name",
    )
    .bind(id.to_string())
    .bind(locale)
    .bind(name)
    .execute(&mut *conn)
    .await?;
    catalog_changed(conn).await
}

pub async fn set_leaf(conn: &mut Conn, id: CategoryId, is_leaf: bool) -> Result<()> {
    sqlx::query("UPDATE categories SET is_leaf = $1 WHERE id = $2")
        .bind(i64::from(is_leaf))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    catalog_changed(conn).await
}

/// The next free position after every existing category.
pub async fn next_position(conn: &mut Conn) -> Result<i64> {
    let max: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM categories")
        .fetch_one(&mut *conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Marks the tree and library as changed, for every process's catalogue memo and the
/// storefront's category pages (see `changes`).
async fn catalog_changed(conn: &mut Conn) -> Result<()> {
    crate::changes::touch(conn, crate::changes::Change::Catalog).await
}
