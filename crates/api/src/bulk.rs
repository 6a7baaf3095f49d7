//! Bulk import and export of the catalogue: files in, jobs with progress, files out.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};
use shopdeck_app::access::SellerActor;
use shopdeck_app::bulk::BulkJob;
use shopdeck_app::bulk::{self, ExportFilter, Kind};
use shopdeck_app::{App, AppError};
use shopdeck_domain::ids::BulkJobId;
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_files::sheets::SheetFormat;

use crate::auth::ApiUser;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(bulk::MAX_FILE_BYTES + 64 * 1024)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BulkJobDto {
    /// `blk_…`
    pub id: String,
    /// IMPORT_PRODUCTS, IMPORT_PRICE_STOCK or EXPORT_PRODUCTS.
    pub kind: String,
    /// csv or xlsx.
    pub format: String,
    pub dry_run: bool,
    /// QUEUED, RUNNING, DONE or FAILED.
    pub status: BulkStatus,
    pub file_name: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub ok_rows: i64,
    pub error_rows: i64,
    pub created_products: i64,
    pub updated_products: i64,
    /// Why the whole file was refused (FAILED).
    pub error: Option<String>,
    /// GET it for the per-row error report (CSV), when there is one.
    pub report_url: Option<String>,
    /// GET it for the exported file, when done.
    pub file_url: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

impl From<BulkJob> for BulkJobDto {
    fn from(j: BulkJob) -> Self {
        BulkJobDto {
            report_url: j
                .has_report
                .then(|| format!("/api/v1/shop/bulk/jobs/{}/report", j.id)),
            file_url: j
                .has_output
                .then(|| format!("/api/v1/shop/bulk/jobs/{}/file", j.id)),
            id: j.id.to_string(),
            kind: j.kind,
            format: j.format,
            dry_run: j.dry_run,
            status: j.status,
            file_name: j.file_name,
            total_rows: j.total_rows,
            processed_rows: j.processed_rows,
            ok_rows: j.ok_rows,
            error_rows: j.error_rows,
            created_products: j.created_count,
            updated_products: j.updated_count,
            error: j.error,
            created_at: j.created_at.to_string(),
            finished_at: j.finished_at.map(|t| t.to_string()),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BulkJobList {
    pub data: Vec<BulkJobDto>,
}

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

/// Import products (`kind=products`) or prices and stock (`kind=price_stock`) from a CSV or
/// XLSX file, as `multipart/form-data` fields `file`, `kind`, `dry_run` (true: check only)
/// and `submit` (true: send created/edited products to review). Runs in the background:
/// poll the job.
#[utoipa::path(post, path = "/shop/bulk/imports", operation_id = "start_import", tag = "products", security(("bearer" = [])),
    request_body(content = crate::openapi::ImportForm, content_type = "multipart/form-data"),
    responses((status = 202, body = BulkJobDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn start_import(
    State(app): State<App>,
    me: ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<BulkJobDto>), ApiError> {
    let actor = actor(&me)?;
    let up = crate::extract::read_upload(multipart).await?;
    let kind = up.field("kind").to_owned();
    let dry_run = up.field("dry_run") == "true";
    let submit = up.field("submit") == "true";
    let file = up.file;
    let kind = match kind.as_str() {
        "products" | "" => Kind::ImportProducts,
        "price_stock" => Kind::ImportPriceStock,
        _ => {
            return Err(
                AppError::invalid("kind", "bulk-kind", "Use products or price_stock").into(),
            );
        }
    };
    let Some((name, bytes)) = file else {
        return Err(
            AppError::invalid("file", "required", "Send the file as the `file` field").into(),
        );
    };
    let id = bulk::start_import(&app, &actor, kind, &name, bytes, dry_run, submit).await?;
    let job = bulk::get(&app, &actor, id).await?;
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = BulkExportBody)]
pub struct ExportBody {
    /// csv (default) or xlsx.
    pub format: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
    pub category_id: Option<String>,
    pub stock: Option<String>,
}

fn parse_format(f: Option<&str>) -> Result<SheetFormat, ApiError> {
    match f.unwrap_or("csv") {
        "csv" => Ok(SheetFormat::Csv),
        "xlsx" => Ok(SheetFormat::Xlsx),
        _ => Err(AppError::invalid("format", "sheet-format", "Use csv or xlsx").into()),
    }
}

/// Export the shop's products (all, or filtered like the list), one row per SKU, in the
/// import's columns so the file can be edited and imported back.
#[utoipa::path(post, path = "/shop/bulk/exports", operation_id = "start_export", tag = "products", security(("bearer" = [])),
    request_body = ExportBody,
    responses((status = 202, body = BulkJobDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn start_export(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(body): ApiJson<ExportBody>,
) -> Result<(StatusCode, Json<BulkJobDto>), ApiError> {
    let actor = actor(&me)?;
    let format = parse_format(body.format.as_deref())?;
    let id = bulk::start_export(
        &app,
        &actor,
        format,
        ExportFilter {
            q: body.q,
            status: body.status,
            category_id: body.category_id,
            stock: body.stock,
        },
    )
    .await?;
    let job = bulk::get(&app, &actor, id).await?;
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

/// The shop's recent bulk jobs, newest first.
#[utoipa::path(get, path = "/shop/bulk/jobs", operation_id = "list_bulk_jobs", tag = "products", security(("bearer" = [])),
    responses((status = 200, body = BulkJobList)))]
pub async fn list_jobs(State(app): State<App>, me: ApiUser) -> Result<Json<BulkJobList>, ApiError> {
    let actor = actor(&me)?;
    Ok(Json(BulkJobList {
        data: bulk::list(&app, &actor)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}

/// A bulk job's status and progress.
#[utoipa::path(get, path = "/shop/bulk/jobs/{id}", operation_id = "get_bulk_job", tag = "products", security(("bearer" = [])),
    params(("id" = BulkJobId, Path, description = "`blk_…`")),
    responses((status = 200, body = BulkJobDto), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_job(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<BulkJobId>,
) -> Result<Json<BulkJobDto>, ApiError> {
    let actor = actor(&me)?;
    Ok(Json(bulk::get(&app, &actor, id).await?.into()))
}

fn file_response(bytes: bytes::Bytes, name: &str, mime: &str) -> Response {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    (
        [
            (CONTENT_TYPE, mime.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The per-row error report of an import, as CSV.
#[utoipa::path(get, path = "/shop/bulk/jobs/{id}/report", operation_id = "get_bulk_report", tag = "products", security(("bearer" = [])),
    params(("id" = BulkJobId, Path, description = "`blk_…`")),
    responses((status = 200, description = "The report: line, seller SKU, column, severity, code, message", body = crate::openapi::FileBody, content_type = "text/csv"), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_report(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<BulkJobId>,
) -> Result<Response, ApiError> {
    let actor = actor(&me)?;
    let (bytes, name, mime) = bulk::download(&app, &actor, id, "report").await?;
    Ok(file_response(bytes, &name, mime))
}

/// The file an export made.
#[utoipa::path(get, path = "/shop/bulk/jobs/{id}/file", operation_id = "get_bulk_file", tag = "products", security(("bearer" = [])),
    params(("id" = BulkJobId, Path, description = "`blk_…`")),
    responses((status = 200, description = "The exported file, in the format asked for", content((crate::openapi::FileBody = "text/csv"), (crate::openapi::FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn get_file(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<BulkJobId>,
) -> Result<Response, ApiError> {
    let actor = actor(&me)?;
    let (bytes, name, mime) = bulk::download(&app, &actor, id, "file").await?;
    Ok(file_response(bytes, &name, mime))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// A category (slug or id): adds its attribute and variant columns.
    pub category_id: Option<String>,
    /// csv or xlsx (default; with lists and an instructions sheet).
    pub format: Option<String>,
}

/// An empty import file with the columns for a category.
#[utoipa::path(get, path = "/shop/bulk/template", operation_id = "get_bulk_template", tag = "products", security(("bearer" = [])),
    params(TemplateQuery),
    responses((status = 200, description = "The template, in the format asked for", content((crate::openapi::FileBody = "text/csv"), (crate::openapi::FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn get_template(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<TemplateQuery>,
) -> Result<Response, ApiError> {
    let actor = actor(&me)?;
    actor.require(
        shopdeck_domain::roles::Area::Products,
        shopdeck_domain::roles::Access::View,
    )?;
    let format = parse_format(Some(q.format.as_deref().unwrap_or("xlsx")))?;
    let (bytes, name) = bulk::template(&app, q.category_id.as_deref(), format).await?;
    Ok(file_response(bytes.into(), &name, format.mime()))
}
