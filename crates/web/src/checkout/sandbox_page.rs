//! The sandbox payment provider's hosted page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::payments::{self, SandboxDecision, SandboxPage};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::SandboxStatus;

use super::err;
use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::forms::{csrf_field, refusal_text};
use crate::page::{Page, redirect};

fn sandbox_document(page: &Page, s: &SandboxPage, error: Option<String>) -> Markup {
    let locale = page.locale();
    let amount = Currency::parse(&s.currency).map_or_else(
        |_| format!("{} {}", s.amount_minor, s.currency),
        |c| Money::new(s.amount_minor, c).format(locale),
    );
    let title = page.t("buy-sandbox-title");
    let open = s.status == SandboxStatus::Open;
    html! {
        (DOCTYPE)
        html lang=(locale.tag()) dir=(if locale.is_rtl() { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                link rel="stylesheet" href="/assets/app.css";
            }
            body .sandbox {
                header .sbx-bar {
                    strong { (page.t("buy-sandbox-brand")) }
                    span { (title) }
                }
                main #main .sbx {
                    div .card {
                        p .muted { (page.t("buy-sandbox-merchant")) }
                        p { (s.description) }
                        p .amount dir="ltr" { (amount) }
                        @if let Some(e) = error { p .form-error role="alert" { (e) } }
                        @if open {
                            form method="post" action={ "/sandbox/pay/" (s.id) } {
                                (csrf_field(page))
                                button type="submit" name="decision" value="approve" .approve { (page.t("buy-sandbox-approve")) }
                                button type="submit" name="decision" value="decline" .decline { (page.t("buy-sandbox-decline")) }
                                button type="submit" name="decision" value="later" { (page.t("buy-sandbox-later")) }
                            }
                        } @else {
                            p role="status" {
                                strong { (page.t(if s.status == SandboxStatus::Approved { "buy-sandbox-approved" } else { "buy-sandbox-declined" })) }
                            }
                            p { a href=(s.return_url) { (page.t("buy-sandbox-back")) } }
                        }
                    }
                    p .muted .small { (page.t("buy-sandbox-note")) }
                }
            }
        }
    }
}

/// `GET /sandbox/pay/{session}`: the sandbox provider's payment page.
pub async fn sandbox(
    State(state): State<WebState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = payments::sandbox_page(&state.app, &id)
        .await
        .map_err(err(&page))?;
    Ok(sandbox_document(&page, &s, None).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

/// `POST /sandbox/pay/{session}`: approve, decline or leave to pay later; then back to
/// Shopdeck's return page.
pub async fn sandbox_decide(
    State(state): State<WebState>,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let decision = match form.decision.as_str() {
        "approve" => Some(SandboxDecision::Approve),
        "decline" => Some(SandboxDecision::Decline),
        "later" => Some(SandboxDecision::Later),
        _ => None,
    };
    let refused = match decision {
        Some(d) => match payments::sandbox_decide(&state.app, &id, d).await {
            Ok(to) => return Ok(redirect(&to)),
            Err(AppError::Conflict { code, .. }) => {
                (StatusCode::CONFLICT, refusal_text(&page, code))
            }
            Err(e) => return Err(WebError::from_app(e, page.locale())),
        },
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("buy-sandbox-choose"),
        ),
    };
    let s = payments::sandbox_page(&state.app, &id)
        .await
        .map_err(err(&page))?;
    Ok((refused.0, sandbox_document(&page, &s, Some(refused.1))).into_response())
}
