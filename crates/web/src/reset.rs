//! Password reset pages: ask for a code by email, then choose a new password with it.

use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::auth::{self, ClientInfo};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::forms::{FormErrors, Input, csrf_field, form_error, input};
use crate::layout::{self, urlencode};
use crate::page::{Page, redirect};

#[derive(serde::Deserialize, Default)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

fn request_page(page: &Page, email: &str, errors: &FormErrors) -> Markup {
    let title = page.t("reset-title");
    let content = html! {
        div .card {
            h1 { (title) }
            p .muted { (page.t("reset-intro")) }
            (form_error(errors))
            form method="post" action="/seller/password-reset" novalidate {
                (csrf_field(page))
                (input(errors, Input { name: "email", label: page.t("reset-email"), kind: "email", value: email, autocomplete: "email", hint: None }))
                button type="submit" .primary { (page.t("reset-send")) }
            }
        }
    };
    layout::plain_shell(page, &title, content)
}

pub async fn request_form(page: Page) -> Response {
    request_page(&page, "", &FormErrors::default()).into_response()
}

pub async fn request(
    State(state): State<WebState>,
    page: Page,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response, WebError> {
    match auth::request_password_reset(&state.app, &form.email, page.locale(), client.ip.as_deref())
        .await
    {
        Ok(()) => Ok(redirect(&format!(
            "/seller/password-reset/confirm?email={}",
            urlencode(form.email.trim())
        ))),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                request_page(&page, &form.email, &errors),
            )
                .into_response())
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    new_password: String,
}

fn confirm_page(page: &Page, email: &str, errors: &FormErrors, sent: bool) -> Markup {
    let title = page.t("reset-confirm-title");
    let content = html! {
        div .card {
            h1 { (title) }
            @if sent { p .notice role="status" { (page.t("reset-sent")) } }
            (form_error(errors))
            form method="post" action="/seller/password-reset/confirm" novalidate {
                (csrf_field(page))
                (input(errors, Input { name: "email", label: page.t("reset-email"), kind: "email", value: email, autocomplete: "email", hint: None }))
                (input(errors, Input { name: "code", label: page.t("reset-code"), kind: "text", value: "", autocomplete: "one-time-code", hint: None }))
                (input(errors, Input { name: "new_password", label: page.t("reset-new-password"), kind: "password", value: "", autocomplete: "new-password", hint: Some(page.t("signup-password-hint")) }))
                button type="submit" .primary { (page.t("reset-save")) }
            }
        }
    };
    layout::plain_shell(page, &title, content)
}

#[derive(serde::Deserialize)]
pub struct EmailQuery {
    email: Option<String>,
}

pub async fn confirm_form(page: Page, Query(q): Query<EmailQuery>) -> Response {
    let email = q.email.unwrap_or_default();
    confirm_page(&page, &email, &FormErrors::default(), !email.is_empty()).into_response()
}

pub async fn confirm(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    match auth::reset_password(
        &state.app,
        &form.email,
        &form.code,
        &form.new_password,
        page.locale(),
    )
    .await
    {
        Ok(()) => Ok(redirect("/seller/login?notice=password-changed")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                confirm_page(&page, &form.email, &errors, false),
            )
                .into_response())
        }
    }
}
