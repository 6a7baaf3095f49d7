//! Catalogue routes: the public category tree.

use axum::Json;
use axum::extract::State;
use shopdeck_app::App;
use shopdeck_app::catalog::{self, CategoryNode};
use shopdeck_domain::Locale;

use crate::extract::ApiQuery;
use crate::problem::ApiError;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct CategoryQuery {
    /// Language of the names: en, zh-CN, ja, ar, fr or es (default en).
    #[param(value_type = Option<String>, example = "ja")]
    pub locale: Option<Locale>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CategoryDto {
    /// `cat_…`
    pub id: String,
    pub slug: String,
    pub name: String,
    /// Products are listed in leaf categories only.
    pub is_leaf: bool,
    #[schema(no_recursion)]
    pub children: Vec<CategoryDto>,
}

impl From<CategoryNode> for CategoryDto {
    fn from(n: CategoryNode) -> Self {
        CategoryDto {
            id: n.id.to_string(),
            slug: n.slug,
            name: n.name,
            is_leaf: n.is_leaf,
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CategoryList {
    pub data: Vec<CategoryDto>,
}

/// The platform category tree.
#[utoipa::path(
    get,
    path = "/categories",
    operation_id = "list_categories",
    tag = "catalog",
    params(CategoryQuery),
    responses(
        (status = 200, description = "The category tree", body = CategoryList),
        (status = 400, description = "Unknown locale", body = crate::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_categories(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<CategoryQuery>,
) -> Result<Json<CategoryList>, ApiError> {
    let tree = catalog::category_tree(&app, q.locale.unwrap_or(Locale::En)).await?;
    Ok(Json(CategoryList {
        data: tree.into_iter().map(Into::into).collect(),
    }))
}
