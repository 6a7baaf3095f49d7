//! Catalogue routes: the public category tree.

use axum::Json;
use axum::extract::State;
use shopdeck_app::App;
use shopdeck_app::catalog::{self, CategoryNode};
use shopdeck_domain::Locale;

use crate::extract::ApiQuery;
use crate::problem::ApiError;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words in the category's name or its parents' (any language shown, or English).
    pub q: Option<String>,
    #[param(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
    /// 1–100, default 20; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LeafDto {
    pub id: String,
    pub slug: String,
    /// Names from the top level down to this leaf.
    pub path: Vec<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LeafList {
    pub data: Vec<LeafDto>,
}

/// Find leaf categories (where products are listed) by name, for a category picker.
#[utoipa::path(get, path = "/categories/search", operation_id = "search_categories", tag = "catalog",
    params(SearchQuery), responses((status = 200, body = LeafList)))]
pub async fn search_categories(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<LeafList>, ApiError> {
    let found = catalog::search_leaves(
        &app,
        q.locale.unwrap_or(Locale::En),
        q.q.as_deref().unwrap_or(""),
        usize::try_from(shopdeck_app::AppError::page_size(
            "limit",
            q.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX)),
            20,
            100,
        )?)
        .unwrap_or(100),
    )
    .await?;
    Ok(Json(LeafList {
        data: found
            .into_iter()
            .map(|l| LeafDto {
                id: l.id.to_string(),
                slug: l.slug,
                path: l.path,
            })
            .collect(),
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AttributeDto {
    pub key: String,
    pub name: String,
    /// `text`, `list` or `number`.
    pub kind: String,
    /// The allowed values of a `list` attribute.
    pub values: Vec<String>,
    pub required: bool,
    /// Products vary by it into SKUs.
    pub sales: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AttributeList {
    pub data: Vec<AttributeDto>,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocaleQuery {
    #[param(value_type = Option<String>, example = "ja")]
    pub locale: Option<Locale>,
}

/// The attributes products in a category have (its own and its parents').
#[utoipa::path(get, path = "/categories/{id}/attributes", operation_id = "list_category_attributes", tag = "catalog",
    params(("id" = String, Path, description = "cat_…"), LocaleQuery),
    responses((status = 200, body = AttributeList), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_category_attributes(
    State(app): State<App>,
    crate::extract::ApiPath(id): crate::extract::ApiPath<shopdeck_domain::ids::CategoryId>,
    ApiQuery(q): ApiQuery<LocaleQuery>,
) -> Result<Json<AttributeList>, ApiError> {
    let attrs = catalog::attributes_for(&app, id, q.locale.unwrap_or(Locale::En)).await?;
    Ok(Json(AttributeList {
        data: attrs
            .into_iter()
            .map(|a| AttributeDto {
                key: a.key,
                name: a.name,
                kind: a.kind,
                values: a.values,
                required: a.required,
                sales: a.sales,
            })
            .collect(),
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct NewCategory {
    /// `cat_…` of the parent; leave out for a top-level category.
    pub parent_id: Option<String>,
    pub slug: String,
    /// Names by language tag; `en` is required.
    #[schema(value_type = std::collections::HashMap<String, String>, example = json!({"en": "Hiking boots", "fr": "Chaussures de randonnée"}))]
    pub names: std::collections::HashMap<Locale, String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CategoryCreated {
    pub id: String,
}

/// Operators: add a category.
#[utoipa::path(post, path = "/ops/categories", operation_id = "create_category", tag = "ops", security(("bearer" = [])),
    request_body = NewCategory,
    responses((status = 201, body = CategoryCreated), (status = 403, body = crate::Problem, content_type = "application/problem+json"), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_category(
    State(app): State<App>,
    me: crate::auth::ApiUser,
    crate::extract::ApiJson(req): crate::extract::ApiJson<NewCategory>,
) -> Result<(axum::http::StatusCode, Json<CategoryCreated>), ApiError> {
    let op = shopdeck_app::access::Operator::of(&me.user, &me.client)?;
    let parent = match req.parent_id.as_deref() {
        Some(p) => Some(
            p.parse()
                .map_err(|_| shopdeck_app::AppError::NotFound("category"))?,
        ),
        None => None,
    };
    let id = catalog::create_category(&app, &op, parent, &req.slug, &req.names).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(CategoryCreated { id: id.to_string() }),
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct RenameCategory {
    #[schema(value_type = std::collections::HashMap<String, String>)]
    pub names: std::collections::HashMap<Locale, String>,
}

/// Operators: rename a category in some languages.
#[utoipa::path(patch, path = "/ops/categories/{id}", operation_id = "rename_category", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RenameCategory,
    responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn rename_category(
    State(app): State<App>,
    me: crate::auth::ApiUser,
    crate::extract::ApiPath(id): crate::extract::ApiPath<shopdeck_domain::ids::CategoryId>,
    crate::extract::ApiJson(req): crate::extract::ApiJson<RenameCategory>,
) -> Result<axum::http::StatusCode, ApiError> {
    let op = shopdeck_app::access::Operator::of(&me.user, &me.client)?;
    catalog::rename_category(&app, &op, id, &req.names).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct DeclaredAttributeDto {
    pub key: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub sales: bool,
}

/// Operators: set the attributes a category declares (its descendants inherit them).
#[utoipa::path(put, path = "/ops/categories/{id}/attributes", operation_id = "set_category_attributes", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = Vec<DeclaredAttributeDto>,
    responses((status = 204), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn set_category_attributes(
    State(app): State<App>,
    me: crate::auth::ApiUser,
    crate::extract::ApiPath(id): crate::extract::ApiPath<shopdeck_domain::ids::CategoryId>,
    crate::extract::ApiJson(req): crate::extract::ApiJson<Vec<DeclaredAttributeDto>>,
) -> Result<axum::http::StatusCode, ApiError> {
    let op = shopdeck_app::access::Operator::of(&me.user, &me.client)?;
    let attrs: Vec<catalog::DeclaredAttribute> = req
        .into_iter()
        .map(|a| catalog::DeclaredAttribute {
            key: a.key,
            required: a.required,
            sales: a.sales,
        })
        .collect();
    catalog::set_category_attributes(&app, &op, id, &attrs).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
