//! Seller Center › Products › Import and export: upload a CSV/XLSX file of products or of
//! prices and stock (optionally as a dry run), download a template per category, export the
//! catalogue, and follow the jobs the worker runs, with their error reports and files. While a
//! job is queued or running its pages reload themselves every two seconds (no JavaScript).

use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::bulk::BulkJob;
use shopdeck_app::bulk::{self, ExportFilter, Kind};
use shopdeck_app::catalog::{self, LeafMatch};
use shopdeck_app::{AppError, FieldError};
use shopdeck_domain::ids::BulkJobId;
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_domain::products::ProductStatus;
use shopdeck_domain::roles::Access;
use shopdeck_files::sheets::SheetFormat;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::PRODUCTS;

/// The import form takes one file of up to the use-case's limit, plus the form fields.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(bulk::MAX_FILE_BYTES + 64 * 1024)
}

const HOME: &str = "/seller/products/bulk";

/// Statuses the export can be limited to.
const EXPORT_STATUSES: [ProductStatus; 6] = [
    ProductStatus::Live,
    ProductStatus::Pending,
    ProductStatus::Failed,
    ProductStatus::Draft,
    ProductStatus::SellerDeactivated,
    ProductStatus::PlatformDeactivated,
];

fn is_active(j: &BulkJob) -> bool {
    matches!(j.status, BulkStatus::Queued | BulkStatus::Running)
}

/// Use-case errors beside the form's fields: `rename` moves a use-case field to the form's
/// name for it; the bulk codes get this page's own wording.
fn bulk_errors(page: &Page, e: AppError, rename: &[(&str, &str)]) -> Result<FormErrors, Reply> {
    let e = match e {
        AppError::Validation(fields) => AppError::Validation(
            fields
                .into_iter()
                .map(|f| {
                    let field = rename
                        .iter()
                        .find(|(from, _)| *from == f.field)
                        .map_or_else(|| f.field.clone(), |(_, to)| (*to).to_owned());
                    FieldError::new(&field, &f.code, f.message)
                })
                .collect(),
        ),
        other => other,
    };
    let codes: Vec<(String, String)> = match &e {
        AppError::Validation(fs) => fs
            .iter()
            .map(|f| (f.field.clone(), f.code.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let mut errors = FormErrors::from_app(page, e).map_err(Reply::from)?;
    for (field, code) in codes {
        let key = match code.as_str() {
            "sheet-format" => "bulk-error-format",
            "file-too-large" => "bulk-error-too-large",
            "bulk-kind" => "bulk-error-kind",
            "category-unknown" => "bulk-error-category",
            "status-unknown" => "bulk-error-status",
            _ => continue,
        };
        errors.fields.insert(field, page.t(key));
    }
    Ok(errors)
}

fn one_error(page: &Page, field: &str, key: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.fields.insert(field.to_owned(), page.t(key));
    errors
}

fn field_error(errors: &FormErrors, name: &str) -> Markup {
    html! { @if let Some(e) = errors.field(name) { p .field-error id={ (name) "-error" } { (e) } } }
}

// ---------------------------------------------------------------------------------------
// Pieces of a job

fn kind_label(page: &Page, kind: &str) -> String {
    match Kind::parse(kind) {
        Some(k) => page.t(&format!("bulk-kind-{}", k.as_str())),
        None => kind.to_owned(),
    }
}

fn status_badge(page: &Page, status: BulkStatus) -> Markup {
    let status = status.as_str();
    html! {
        span class={ "badge job-" (status.to_lowercase()) } {
            (page.t(&format!("bulk-status-{status}")))
        }
    }
}

/// The bar and "n of m rows"; a job that failed as a whole has no progress to show.
fn progress(page: &Page, j: &BulkJob) -> Markup {
    let done = j.processed_rows.to_string();
    let total = j.total_rows.to_string();
    html! {
        @if j.status == BulkStatus::Failed {
            "—"
        } @else if j.total_rows > 0 {
            progress max=(j.total_rows) value=(j.processed_rows.min(j.total_rows)) aria-label=(page.t("bulk-progress-label")) {
                (j.processed_rows) " / " (j.total_rows)
            }
            div .small { (page.ta("bulk-progress-rows", &[("done", &done), ("total", &total)])) }
        } @else if is_active(j) {
            progress aria-label=(page.t("bulk-progress-label")) {}
            div .small { (page.ta("bulk-progress-count", &[("done", &done)])) }
        } @else {
            div .small { (page.ta("bulk-progress-rows", &[("done", &done), ("total", &total)])) }
        }
    }
}

fn results(page: &Page, j: &BulkJob) -> Markup {
    let n = |v: i64| v.to_string();
    html! {
        @if j.kind == Kind::ExportProducts.as_str() {
            @if j.status == BulkStatus::Done { span { (page.ta("bulk-result-exported", &[("n", &n(j.ok_rows))])) } }
        } @else if matches!(j.status, BulkStatus::Running | BulkStatus::Done) {
            ul .job-results role="list" {
                li { (page.ta("bulk-result-ok", &[("n", &n(j.ok_rows))])) }
                li class=[(j.error_rows > 0).then_some("has-errors")] { (page.ta("bulk-result-errors", &[("n", &n(j.error_rows))])) }
                li { (page.ta("bulk-result-created", &[("n", &n(j.created_count))])) }
                li { (page.ta("bulk-result-updated", &[("n", &n(j.updated_count))])) }
            }
            @if j.dry_run && j.status == BulkStatus::Done { p .small .muted { (page.t("bulk-nothing-saved")) } }
        }
    }
}

fn downloads(page: &Page, j: &BulkJob) -> Markup {
    html! {
        @if j.has_report {
            div { a .small href={ (HOME) "/" (j.id) "/report" } download { (page.t("bulk-download-report")) } }
        }
        @if j.has_output {
            div { a .small href={ (HOME) "/" (j.id) "/file" } download { (page.t("bulk-download-file")) } }
        }
    }
}

fn file_error(page: &Page, j: &BulkJob) -> Markup {
    html! {
        @if j.status == BulkStatus::Failed {
            p .field-error role="alert" {
                strong { (page.t("bulk-file-error")) } ": "
                (j.error.clone().unwrap_or_default())
            }
        }
    }
}

/// Reloads the page in two seconds (while something is still being processed).
fn refresh(to: &str) -> Markup {
    html! { meta http-equiv="refresh" content={ "2; url=" (to) }; }
}

// ---------------------------------------------------------------------------------------
// The page

/// What the seller chose on the import form, to show it again after an error.
#[derive(Debug, Clone)]
struct ImportState {
    kind: String,
    dry_run: bool,
    submit: bool,
}

impl Default for ImportState {
    fn default() -> Self {
        ImportState {
            kind: "products".into(),
            dry_run: false,
            submit: false,
        }
    }
}

/// Leaf categories grouped under their top-level category, by slug.
fn category_options(leaves: &[LeafMatch], selected: &str) -> Markup {
    let mut groups: Vec<(&str, Vec<&LeafMatch>)> = Vec::new();
    for l in leaves {
        let top = l.path.first().map(String::as_str).unwrap_or("");
        match groups.iter_mut().find(|(t, _)| *t == top) {
            Some((_, v)) => v.push(l),
            None => groups.push((top, vec![l])),
        }
    }
    html! {
        @for (top, items) in &groups {
            optgroup label=(top) {
                @for l in items {
                    option value=(l.slug) selected[l.slug == selected] {
                        (l.path.iter().skip(1).cloned().collect::<Vec<_>>().join(" › "))
                    }
                }
            }
        }
    }
}

fn import_form(page: &Page, s: &ImportState, errors: &FormErrors) -> Markup {
    let file_err = errors.field("file");
    html! {
        section .card #bulk-import {
            h2 { (page.t("bulk-import-title")) }
            form method="post" action=(HOME) enctype="multipart/form-data" novalidate {
                (csrf_field(page))
                div .field {
                    label for="file" { (page.t("bulk-field-file")) }
                    p .hint #file-hint { (page.t("bulk-file-hint")) }
                    input #file type="file" name="file"
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-invalid=[file_err.map(|_| "true")]
                        aria-describedby=(if file_err.is_some() { "file-hint file-error" } else { "file-hint" });
                    (field_error(errors, "file"))
                }
                fieldset .field #kind {
                    legend { (page.t("bulk-field-kind")) }
                    label .choice .block {
                        input type="radio" name="kind" value="products" checked[s.kind != "price_stock"];
                        " " (page.t("bulk-kind-products"))
                    }
                    label .choice .block {
                        input type="radio" name="kind" value="price_stock" checked[s.kind == "price_stock"];
                        " " (page.t("bulk-kind-price-stock"))
                    }
                    (field_error(errors, "kind"))
                }
                div .field {
                    label .choice .block {
                        input #dry_run type="checkbox" name="dry_run" value="1" checked[s.dry_run] aria-describedby="dry_run-hint";
                        " " (page.t("bulk-field-dry-run"))
                    }
                    p .hint #dry_run-hint { (page.t("bulk-dry-run-hint")) }
                }
                div .field {
                    label .choice .block {
                        input #submit type="checkbox" name="submit" value="1" checked[s.submit] aria-describedby="submit-hint";
                        " " (page.t("bulk-field-submit"))
                    }
                    p .hint #submit-hint { (page.t("bulk-submit-hint")) }
                }
                button type="submit" .primary .auto { (page.t("bulk-upload")) }
            }
        }
    }
}

fn template_form(page: &Page, leaves: &[LeafMatch], errors: &FormErrors) -> Markup {
    html! {
        section .card #bulk-template {
            h2 { (page.t("bulk-template-title")) }
            p .hint { (page.t("bulk-template-intro")) }
            form method="get" action={ (HOME) "/template" } {
                div .field {
                    label for="template_category" { (page.t("bulk-field-category")) }
                    select #template_category name="category" aria-invalid=[errors.field("template_category").map(|_| "true")] {
                        option value="" { (page.t("bulk-all-categories")) }
                        (category_options(leaves, ""))
                    }
                    (field_error(errors, "template_category"))
                }
                div .field {
                    label for="template_format" { (page.t("bulk-field-format")) }
                    select #template_format name="format" aria-invalid=[errors.field("template_format").map(|_| "true")] {
                        option value="xlsx" { (page.t("bulk-format-xlsx")) }
                        option value="csv" { (page.t("bulk-format-csv")) }
                    }
                    (field_error(errors, "template_format"))
                }
                button type="submit" { (page.t("bulk-template-download")) }
            }
        }
    }
}

fn export_form(page: &Page, errors: &FormErrors) -> Markup {
    html! {
        section .card #bulk-export {
            h2 { (page.t("bulk-export-title")) }
            p .hint { (page.t("bulk-export-intro")) }
            form method="post" action={ (HOME) "/export" } {
                (csrf_field(page))
                div .field {
                    label for="export_format" { (page.t("bulk-field-format")) }
                    select #export_format name="format" aria-invalid=[errors.field("export_format").map(|_| "true")] {
                        option value="csv" { (page.t("bulk-format-csv")) }
                        option value="xlsx" { (page.t("bulk-format-xlsx")) }
                    }
                    (field_error(errors, "export_format"))
                }
                div .field {
                    label for="export_status" { (page.t("bulk-field-status")) }
                    select #export_status name="status" aria-invalid=[errors.field("export_status").map(|_| "true")] {
                        option value="" { (page.t("bulk-any-status")) }
                        @for s in EXPORT_STATUSES {
                            option value=(s.as_str()) { (page.t(&format!("product-status-{}", s.as_str()))) }
                        }
                    }
                    (field_error(errors, "export_status"))
                }
                button type="submit" { (page.t("bulk-export-start")) }
            }
        }
    }
}

fn jobs_table(page: &Page, jobs: &[BulkJob]) -> Markup {
    html! {
        section .card #bulk-jobs aria-live="polite" {
            h2 { (page.t("bulk-jobs-title")) }
            @if jobs.is_empty() {
                p .muted { (page.t("bulk-jobs-empty")) }
            } @else {
                div .table-wrap { table .jobs {
                    (layout::table_head(page, &["bulk-col-created", "bulk-col-kind", "bulk-col-file", "bulk-col-status", "bulk-col-progress", "bulk-col-result"]))
                    tbody {
                        @for j in jobs {
                            tr id={ "job-" (j.id) } {
                                td { (page.time(j.created_at)) }
                                td {
                                    (kind_label(page, &j.kind))
                                    @if j.dry_run { " " span .badge .badge-generated { (page.t("bulk-dry-run")) } }
                                }
                                td .file-name { a href={ (HOME) "/" (j.id) } { (j.file_name) } }
                                td { (status_badge(page, j.status)) (file_error(page, j)) }
                                td .job-progress { (progress(page, j)) }
                                td .job-result { (results(page, j)) (downloads(page, j)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeParams {
    notice: Option<String>,
}

fn notice_text(page: &Page, n: Option<&str>) -> Option<String> {
    page.notice(
        n,
        &[
            ("import", "bulk-notice-import"),
            ("export", "bulk-notice-export"),
        ],
    )
}

/// The page with its three forms (errors beside their fields) and the recent jobs.
async fn render_index(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    import: &ImportState,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let jobs = bulk::list(&state.app, a)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    let leaves = catalog::search_leaves(&state.app, page.locale(), "", 5000)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    let active = jobs.iter().any(is_active);
    let content = html! {
        @if active { (refresh(HOME)) }
        p { a href="/seller/products" { "← " (page.t("product-back")) } }
        p .lead { (page.t("bulk-intro")) }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        @if PRODUCTS.can_edit(a) {
            (import_form(page, import, errors))
        } @else {
            p .notice { (page.t("bulk-view-only")) }
        }
        div .columns {
            (template_form(page, &leaves, errors))
            (export_form(page, errors))
        }
        @if active { p .muted .small role="status" { (page.t("bulk-refreshing")) } }
        (jobs_table(page, &jobs))
    };
    Ok(layout::seller_reply(
        page,
        status,
        "products",
        &page.t("bulk-title"),
        content,
    ))
}

/// `GET /seller/products/bulk`.
pub async fn index(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let notice = notice_text(&page, q.notice.as_deref());
    render_index(
        &state,
        &page,
        &a,
        &ImportState::default(),
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// The import form's fields and its file (name and bytes; `None` when none was chosen).
struct Upload {
    csrf: Option<String>,
    state: ImportState,
    file: Option<(String, Bytes)>,
}

async fn read_upload(page: &Page, mut mp: Multipart) -> Result<Upload, Reply> {
    let mut up = Upload {
        csrf: None,
        state: ImportState {
            kind: String::new(),
            dry_run: false,
            submit: false,
        },
        file: None,
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(upload_failed(page, e.status())),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| upload_failed(page, e.status()))?;
            if !bytes.is_empty() {
                up.file = Some((file_name, bytes));
            }
            continue;
        }
        let text = crate::forms::field_text(field)
            .await
            .map_err(|s| upload_failed(page, s))?;
        match name.as_str() {
            "_csrf" => up.csrf = Some(text),
            "kind" => up.state.kind = text,
            "dry_run" => up.state.dry_run = text == "1" || text == "true",
            "submit" => up.state.submit = text == "1" || text == "true",
            _ => {}
        }
    }
    Ok(up)
}

/// A body that could not be read: too large gets its own message, anything else is a 400.
fn upload_failed(page: &Page, status: StatusCode) -> Reply {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        let content = html! {
            p .notice role="alert" { (page.t("bulk-error-too-large")) }
            p { a href=(HOME) { "← " (page.t("bulk-back")) } }
        };
        return (
            status,
            layout::seller_shell(page, "products", &page.t("bulk-title"), content),
        )
            .into_response()
            .into();
    }
    WebError::BadRequest.into()
}

/// `POST /seller/products/bulk`: stores the file and queues the import, then shows its job.
pub async fn import(State(state): State<WebState>, page: Page, mp: Multipart) -> Out {
    let a = PRODUCTS.actor(&page, Access::Edit)?;
    let up = read_upload(&page, mp).await?;
    if !crate::csrf::check(&page, up.csrf.as_deref()) {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let mut s = up.state;
    let kind = match s.kind.as_str() {
        "products" | "" => Some(Kind::ImportProducts),
        "price_stock" => Some(Kind::ImportPriceStock),
        _ => None,
    };
    if s.kind.is_empty() {
        s.kind = "products".into();
    }
    let result = match (kind, up.file) {
        (None, _) => Err(one_error(&page, "kind", "bulk-error-kind")),
        (_, None) => Err(one_error(&page, "file", "bulk-error-no-file")),
        (Some(kind), Some((name, bytes))) => {
            match bulk::start_import(&state.app, &a, kind, &name, bytes, s.dry_run, s.submit).await
            {
                Ok(id) => Ok(id),
                Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
                    Err(bulk_errors(&page, e, &[])?)
                }
                Err(e) => return Err(PRODUCTS.fail(&page, e)),
            }
        }
    };
    match result {
        Ok(id) => Ok(redirect(&format!("{HOME}/{id}?notice=import"))),
        Err(errors) => {
            render_index(
                &state,
                &page,
                &a,
                &s,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn parse_format(s: Option<&str>, default: SheetFormat) -> Option<SheetFormat> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(default),
        Some(f) if f.eq_ignore_ascii_case("csv") => Some(SheetFormat::Csv),
        Some(f) if f.eq_ignore_ascii_case("xlsx") => Some(SheetFormat::Xlsx),
        Some(_) => None,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportForm {
    format: Option<String>,
    status: Option<String>,
}

/// `POST /seller/products/bulk/export`: queues an export, then shows its job.
pub async fn export(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<ExportForm>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let errors = match parse_format(f.format.as_deref(), SheetFormat::Csv) {
        None => one_error(&page, "export_format", "bulk-error-format-choice"),
        Some(format) => {
            let filter = ExportFilter {
                status: f.status.filter(|s| !s.trim().is_empty()),
                ..ExportFilter::default()
            };
            match bulk::start_export(&state.app, &a, format, filter).await {
                Ok(id) => return Ok(redirect(&format!("{HOME}/{id}?notice=export"))),
                Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => bulk_errors(
                    &page,
                    e,
                    &[("status", "export_status"), ("format", "export_format")],
                )?,
                Err(e) => return Err(PRODUCTS.fail(&page, e)),
            }
        }
    };
    render_index(
        &state,
        &page,
        &a,
        &ImportState::default(),
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct TemplateParams {
    category: Option<String>,
    format: Option<String>,
}

/// `GET /seller/products/bulk/template?category=…&format=…`: an empty import file.
pub async fn template(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<TemplateParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let errors = match parse_format(q.format.as_deref(), SheetFormat::Xlsx) {
        None => one_error(&page, "template_format", "bulk-error-format-choice"),
        Some(format) => match bulk::template(&state.app, q.category.as_deref(), format).await {
            Ok((bytes, name)) => {
                return Ok(attachment(Bytes::from(bytes), &name, format.mime()));
            }
            Err(e @ AppError::Validation(_)) => bulk_errors(
                &page,
                e,
                &[
                    ("category_id", "template_category"),
                    ("category", "template_category"),
                ],
            )?,
            Err(e) => return Err(PRODUCTS.fail(&page, e)),
        },
    };
    render_index(
        &state,
        &page,
        &a,
        &ImportState::default(),
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A file to save, never to be shown or sniffed by the browser.
pub(crate) fn attachment(bytes: Bytes, name: &str, mime: &str) -> Response {
    let mut safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if safe.trim_matches('.').is_empty() {
        safe = "download".into();
    }
    (
        [
            (CONTENT_TYPE, mime.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /seller/products/bulk/{id}`: one job, refreshing itself until it ends.
pub async fn job(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<BulkJobId>,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = PRODUCTS.actor(&page, Access::View)?;
    let j = bulk::get(&state.app, &a, id)
        .await
        .map_err(|e| PRODUCTS.fail(&page, e))?;
    let notice = notice_text(&page, q.notice.as_deref());
    let here = format!("{HOME}/{}", j.id);
    let title = page.ta(
        "bulk-job-title",
        &[
            ("kind", &kind_label(&page, &j.kind)),
            ("file", &j.file_name),
        ],
    );
    let dash = || "—".to_owned();
    let content = html! {
        @if is_active(&j) { (refresh(&here)) }
        p { a href=(HOME) { "← " (page.t("bulk-back")) } }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        @if is_active(&j) { p .muted .small role="status" { (page.t("bulk-refreshing")) } }
        @if j.status == BulkStatus::Failed {
            section .card .alert-failed #file-error role="alert" {
                h2 { (page.t("bulk-file-error")) }
                p { (j.error.clone().unwrap_or_default()) }
            }
        }
        section .card #job {
            dl .facts {
                dt { (page.t("bulk-col-kind")) }
                dd {
                    (kind_label(&page, &j.kind))
                    @if j.dry_run { " " span .badge .badge-generated { (page.t("bulk-dry-run")) } }
                }
                dt { (page.t("bulk-col-file")) } dd .file-name { (j.file_name) }
                dt { (page.t("bulk-field-format")) } dd { (j.format.to_uppercase()) }
                dt { (page.t("bulk-col-status")) } dd { (status_badge(&page, j.status)) }
                dt { (page.t("bulk-col-progress")) } dd .job-progress { (progress(&page, &j)) }
                dt { (page.t("bulk-col-result")) } dd { (results(&page, &j)) }
                dt { (page.t("bulk-col-created")) }
                dd { (page.time(j.created_at)) }
                dt { (page.t("bulk-field-started")) }
                dd { @match j.started_at { Some(t) => (page.time(t)), None => (dash()) } }
                dt { (page.t("bulk-field-finished")) }
                dd { @match j.finished_at { Some(t) => (page.time(t)), None => (dash()) } }
            }
            @if j.has_report || j.has_output {
                p .actions-bar {
                    @if j.has_report {
                        a .button href={ (HOME) "/" (j.id) "/report" } download { (page.t("bulk-download-report")) }
                    }
                    @if j.has_output {
                        a .button .primary-link href={ (HOME) "/" (j.id) "/file" } download { (page.t("bulk-download-file")) }
                    }
                }
            } @else if j.status == BulkStatus::Done && j.kind != Kind::ExportProducts.as_str() {
                p .muted { (page.t("bulk-no-problems")) }
            }
        }
    };
    Ok(layout::seller_shell(&page, "products", &title, content).into_response())
}

async fn send_file(state: &WebState, page: &Page, id: BulkJobId, what: &str) -> Out {
    let a = PRODUCTS.actor(page, Access::View)?;
    let (bytes, name, mime) = bulk::download(&state.app, &a, id, what)
        .await
        .map_err(|e| PRODUCTS.fail(page, e))?;
    Ok(attachment(bytes, &name, mime))
}

/// `GET /seller/products/bulk/{id}/report`: the per-row error report (CSV).
pub async fn report(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<BulkJobId>,
) -> Out {
    send_file(&state, &page, id, "report").await
}

/// `GET /seller/products/bulk/{id}/file`: the file an export made.
pub async fn file(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<BulkJobId>,
) -> Out {
    send_file(&state, &page, id, "file").await
}
