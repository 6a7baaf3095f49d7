//! The platform category tree, with a name per locale.

use jiff::Timestamp;
use shopdeck_domain::ids::CategoryId;
use shopdeck_domain::time::to_micros;
use sqlx::Row;

use crate::{Conn, Result, parse_id};

#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub slug: String,
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
    Ok(())
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
    Ok(())
}

/// The whole tree in display order (parents before children), named in `locale`.
pub async fn list_categories(conn: &mut Conn, locale: &str) -> Result<Vec<CategoryRow>> {
    let rows = sqlx::query(
        "SELECT c.id, c.parent_id, c.slug, c.is_leaf,
                COALESCE(l.name, e.name, c.slug) AS name
         FROM categories c
         LEFT JOIN category_names l ON l.category_id = c.id AND l.locale = $1
         LEFT JOIN category_names e ON e.category_id = c.id AND e.locale = 'en'
         ORDER BY c.position, c.id",
    )
    .bind(locale)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CategoryRow {
                id: parse_id(&row.try_get::<String, _>("id")?)?,
                parent_id: row
                    .try_get::<Option<String>, _>("parent_id")?
                    .map(|s| parse_id(&s))
                    .transpose()?,
                slug: row.try_get("slug")?,
                is_leaf: row.try_get::<i64, _>("is_leaf")? != 0,
                name: row.try_get("name")?,
            })
        })
        .collect()
}

pub async fn count_categories(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM categories")
        .fetch_one(&mut *conn)
        .await?)
}
