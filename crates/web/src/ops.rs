//! The operator console: platform overview, the job queue, and sections still to come.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::layout::{self, OPS_SECTIONS};
use crate::page::{NextQuery, Page, redirect};
use crate::seller::{Door, LoginForm, show_login, submit_login};

pub async fn login_form(page: Page, Query(q): Query<NextQuery>) -> Response {
    show_login(page, Door::Ops, &q)
}

pub async fn log_in(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    submit_login(state, page, headers, form, Door::Ops).await
}

/// Operators only: others are sent to log in, or told they are not operators.
fn require_operator(page: &Page) -> Option<Response> {
    match &page.user {
        None => Some(redirect(&format!(
            "/ops/login?next={}",
            layout::urlencode(&page.here)
        ))),
        Some(u) if !u.is_operator => {
            let title = page.t("ops-console");
            let content = html! { p .notice role="alert" { (page.t("ops-not-operator")) } };
            Some(
                (
                    StatusCode::FORBIDDEN,
                    layout::plain_shell(page, &title, content),
                )
                    .into_response(),
            )
        }
        Some(_) => None,
    }
}

pub async fn home(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Some(r) = require_operator(&page) {
        return Ok(r);
    }
    let counts = shopdeck_app::system::platform_counts(&state.app)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let jobs_total: i64 = counts.jobs_by_status.iter().map(|(_, n)| n).sum();
    let title = page.t("ops-home-title");
    let content = html! {
        div .stats {
            div .stat { span .stat-value { (counts.users) } span .stat-label { (page.t("ops-stat-users")) } }
            div .stat { span .stat-value { (counts.sellers) } span .stat-label { (page.t("ops-stat-sellers")) } }
            div .stat { span .stat-value { (jobs_total) } span .stat-label { (page.t("ops-stat-jobs")) } }
        }
    };
    Ok(layout::ops_shell(&page, "home", &title, content).into_response())
}

pub async fn jobs(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Some(r) = require_operator(&page) {
        return Ok(r);
    }
    let counts = shopdeck_app::system::platform_counts(&state.app)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.t("ops-nav-jobs");
    let content = html! {
        table {
            thead { tr { th scope="col" { (page.t("ops-jobs-status")) } th scope="col" { (page.t("ops-jobs-count")) } } }
            tbody {
                @for (status, n) in &counts.jobs_by_status {
                    tr { td { code { (status) } } td { (n) } }
                }
            }
        }
    };
    Ok(layout::ops_shell(&page, "jobs", &title, content).into_response())
}

pub async fn section(page: Page, Path(section): Path<String>) -> Result<Response, WebError> {
    let Some((seg, key)) = OPS_SECTIONS.iter().find(|(s, _)| *s == section) else {
        return Err(WebError::NotFound(page.locale()));
    };
    if let Some(r) = require_operator(&page) {
        return Ok(r);
    }
    let label = page.t(key);
    let content = layout::not_ready(&page, &label, "/ops");
    Ok(layout::ops_shell(&page, seg, &label, content).into_response())
}

pub async fn outbox(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Some(r) = require_operator(&page) {
        return Ok(r);
    }
    let messages = shopdeck_app::notify::list_outbox(&state.app, None, 100)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    let title = page.t("ops-nav-outbox");
    let content = html! {
        p .muted { (page.t("ops-outbox-intro")) }
        @if messages.is_empty() {
            p .notice { (page.t("ops-outbox-empty")) }
        } @else {
            div .table-wrap {
                table .outbox {
                    thead { tr {
                        th scope="col" { (page.t("ops-outbox-time")) }
                        th scope="col" { (page.t("ops-outbox-channel")) }
                        th scope="col" { (page.t("ops-outbox-to")) }
                        th scope="col" { (page.t("ops-outbox-message")) }
                        th scope="col" { (page.t("ops-outbox-status")) }
                    } }
                    tbody {
                        @for m in &messages {
                            tr {
                                td { time datetime=(m.created_at) { (m.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")) } }
                                td { (m.channel) }
                                td { (m.recipient) }
                                td { strong { (m.subject) } br; span .pre { (m.body) } }
                                td { code { (m.status) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::ops_shell(&page, "outbox", &title, content).into_response())
}
