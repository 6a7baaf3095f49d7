//! Seller Center › Orders › Export: the shop's orders placed between two days (the shop's own
//! days) as a CSV or XLSX file, made by the worker; the page lists recent exports with their
//! state and download links, and refreshes itself while one is being made.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jiff::civil::Date;
use maud::html;
use shopdeck_app::AppError;
use shopdeck_app::order_export;
use shopdeck_domain::ids::BulkJobId;
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_domain::roles::{Access, Area};
use shopdeck_files::sheets::SheetFormat;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::Out;
use crate::seller_parts::{actor_in, fail_in, field_error, form_errors};

const SECTION: &str = "orders";
const TITLE: &str = "ordx-title";

#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    format: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct Notice {
    notice: Option<String>,
}

async fn render(
    state: &WebState,
    page: &Page,
    form: &ExportForm,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Out {
    let a = actor_in(page, Area::Orders, Access::View, SECTION, TITLE)?;
    let jobs = order_export::list_exports(&state.app, &a)
        .await
        .map_err(|e| fail_in(page, SECTION, TITLE, e))?;
    let busy = jobs.iter().any(|j| !j.status.is_finished());
    let title = page.t(TITLE);
    let content = html! {
        @if busy { meta http-equiv="refresh" content="3"; }
        p { a href="/seller/orders" { "← " (page.t("nav-orders")) } }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        form .card method="post" action="/seller/orders/exports" {
            (csrf_field(page))
            p .muted { (page.t("ordx-lead")) }
            div .field {
                label for="x-from" { (page.t("ordx-from")) }
                input #x-from type="date" name="from" value=(form.from) required;
                (field_error(errors, "from", "x-from"))
            }
            div .field {
                label for="x-until" { (page.t("ordx-until")) }
                input #x-until type="date" name="until" value=(form.until) required;
                (field_error(errors, "until", "x-until"))
            }
            div .field {
                label for="x-format" { (page.t("ordx-format")) }
                select #x-format name="format" {
                    option value="csv" selected[form.format != "xlsx"] { "CSV" }
                    option value="xlsx" selected[form.format == "xlsx"] { "Excel (XLSX)" }
                }
            }
            button type="submit" .primary { (page.t("ordx-start")) }
        }
        h2 { (page.t("ordx-recent")) }
        @if jobs.is_empty() {
            p .muted { (page.t("ordx-none")) }
        } @else {
            div .table-wrap { table .products #exports {
                thead { tr {
                    th { (page.t("ordx-file")) }
                    th { (page.t("ordx-state")) }
                    th { (page.t("ordx-rows")) }
                    th { (page.t("ordx-made")) }
                } }
                tbody {
                    @for j in &jobs {
                        tr {
                            td {
                                @if j.status == BulkStatus::Done {
                                    a href={ "/seller/orders/exports/" (j.id) "/file" } { (j.file_name) }
                                } @else { (j.file_name) }
                            }
                            td { (page.t(&format!("ordx-state-{}", j.status.as_str().to_lowercase()))) }
                            td { (j.processed_rows) }
                            td { (page.time(j.created_at)) }
                        }
                    }
                }
            } }
        }
    };
    Ok((status, layout::seller_shell(page, SECTION, &title, content)).into_response())
}

/// `GET /seller/orders/exports`.
pub async fn page(State(state): State<WebState>, page: Page, Query(q): Query<Notice>) -> Out {
    let notice = (q.notice.as_deref() == Some("queued")).then(|| page.t("ordx-queued"));
    render(
        &state,
        &page,
        &ExportForm::default(),
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

fn day(
    field: &str,
    s: &str,
    tz: &jiff::tz::TimeZone,
    next: bool,
) -> Result<jiff::Timestamp, AppError> {
    let bad = || AppError::invalid(field, "bad-date", "Use a date such as 2026-03-02");
    let d: Date = s.trim().parse().map_err(|_| bad())?;
    let d = if next {
        d.tomorrow().map_err(|_| bad())?
    } else {
        d
    };
    d.to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|_| bad())
}

/// `POST /seller/orders/exports`: queues an export of the days from `from` to `until`.
pub async fn start(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<ExportForm>,
) -> Out {
    let a = actor_in(&page, Area::Orders, Access::View, SECTION, TITLE)?;
    let format = if f.format == "xlsx" {
        SheetFormat::Xlsx
    } else {
        SheetFormat::Csv
    };
    let range = day("from", &f.from, &page.zone, false)
        .and_then(|from| Ok((from, day("until", &f.until, &page.zone, true)?)));
    let result = match range {
        Ok((from, until)) => order_export::start_export(&state.app, &a, from, until, format)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(redirect("/seller/orders/exports?notice=queued")),
        Err(AppError::Validation(fields)) => {
            let own: Vec<(String, String)> = fields
                .iter()
                .filter_map(|f| match f.code.as_str() {
                    "range-too-long" => Some((f.field.clone(), page.t("ordx-too-long"))),
                    "range" => Some((f.field.clone(), page.t("ordx-order"))),
                    _ => None,
                })
                .collect();
            let mut errors = form_errors(&page, AppError::Validation(fields), SECTION, TITLE)?;
            errors.fields.extend(own);
            render(
                &state,
                &page,
                &f,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(fail_in(&page, SECTION, TITLE, e)),
    }
}

/// `GET /seller/orders/exports/{id}/file`.
pub async fn file(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<BulkJobId>,
) -> Out {
    let a = actor_in(&page, Area::Orders, Access::View, SECTION, TITLE)?;
    let (bytes, name, mime) = order_export::download(&state.app, &a, id)
        .await
        .map_err(|e| fail_in(&page, SECTION, TITLE, e))?;
    Ok(crate::bulk::attachment(bytes, &name, mime))
}
