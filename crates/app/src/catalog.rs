//! Catalogue use-cases. For now: reading the platform category tree.

use shopdeck_domain::Locale;
use shopdeck_domain::ids::CategoryId;
use shopdeck_store::categories;

use crate::{App, Result};

/// A node of the category tree, named in the requested language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CategoryNode {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub is_leaf: bool,
    pub children: Vec<CategoryNode>,
}

/// The category tree, top level first, each level in display order.
pub async fn category_tree(app: &App, locale: Locale) -> Result<Vec<CategoryNode>> {
    let mut conn = app.db.conn().await?;
    let rows = categories::list_categories(&mut conn, locale.tag()).await?;
    fn build(parent: Option<CategoryId>, rows: &[categories::CategoryRow]) -> Vec<CategoryNode> {
        rows.iter()
            .filter(|r| r.parent_id == parent)
            .map(|r| CategoryNode {
                id: r.id,
                slug: r.slug.clone(),
                name: r.name.clone(),
                is_leaf: r.is_leaf,
                children: build(Some(r.id), rows),
            })
            .collect()
    }
    Ok(build(None, &rows))
}
