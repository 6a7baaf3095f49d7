//! Seller Center pages: log-in, home, and the sections still to come.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::USER_AGENT;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::auth::{self, ClientInfo};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::layout::{self, SELLER_SECTIONS};
use crate::page::{NextQuery, Page, redirect, safe_next, set_session_cookie};

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
    pub next: Option<String>,
}

/// Which door the log-in form is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Seller,
    Ops,
}

impl Door {
    fn action(self) -> &'static str {
        match self {
            Door::Seller => "/seller/login",
            Door::Ops => "/ops/login",
        }
    }
    fn home(self) -> &'static str {
        match self {
            Door::Seller => "/seller",
            Door::Ops => "/ops",
        }
    }
    fn title_key(self) -> &'static str {
        match self {
            Door::Seller => "login-title-seller",
            Door::Ops => "login-title-ops",
        }
    }
}

/// Errors shown on the log-in form: per field, and for the form as a whole.
#[derive(Default)]
pub struct LoginErrors {
    pub login: Option<String>,
    pub password: Option<String>,
    pub form: Option<String>,
    pub notice: Option<String>,
}

pub fn login_page(
    page: &Page,
    door: Door,
    login: &str,
    next: Option<&str>,
    errors: &LoginErrors,
) -> Markup {
    let title = page.t(door.title_key());
    let field = |name: &str,
                 label: String,
                 kind: &str,
                 value: &str,
                 auto: &str,
                 err: &Option<String>| {
        let err_id = format!("{name}-error");
        html! {
            div .field {
                label for=(name) { (label) }
                input id=(name) name=(name) type=(kind) value=(value) autocomplete=(auto) required
                    aria-invalid=[err.as_ref().map(|_| "true")]
                    aria-describedby=[err.as_ref().map(|_| err_id.clone())];
                @if let Some(e) = err { p .field-error id=(err_id) { (e) } }
            }
        }
    };
    let content = html! {
        div .card {
            h1 { (title) }
            p .muted { (page.t("login-intro")) }
            @if let Some(n) = &errors.notice { p .notice role="status" { (n) } }
            @if let Some(e) = &errors.form { p .form-error role="alert" { (e) } }
            form method="post" action=(door.action()) novalidate {
                input type="hidden" name="_csrf" value=(page.csrf);
                @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                (field("login", page.t("login-field-login"), "text", login, "username", &errors.login))
                (field("password", page.t("login-field-password"), "password", "", "current-password", &errors.password))
                button type="submit" .primary { (page.t("login-submit")) }
            }
            p { a href="/seller/password-reset" { (page.t("login-forgot")) } }
            @if door == Door::Seller {
                p .muted { (page.t("login-new-seller")) " " a href="/seller/signup" { (page.t("login-sign-up")) } }
            }
        }
    };
    layout::plain_shell(page, &title, content)
}

pub async fn login_form(page: Page, Query(q): Query<NextQuery>) -> Response {
    show_login(page, Door::Seller, &q)
}

pub fn show_login(page: Page, door: Door, q: &NextQuery) -> Response {
    if page.user.is_some() {
        return redirect(&safe_next(q.next.as_deref(), door.home()));
    }
    let errors = LoginErrors {
        notice: (q.notice.as_deref() == Some("password-changed")).then(|| page.t("reset-done")),
        ..LoginErrors::default()
    };
    login_page(&page, door, "", q.next.as_deref(), &errors).into_response()
}

pub async fn log_in(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    submit_login(state, page, headers, form, Door::Seller).await
}

pub async fn submit_login(
    state: WebState,
    page: Page,
    headers: axum::http::HeaderMap,
    form: LoginForm,
    door: Door,
) -> Result<Response, WebError> {
    let client = ClientInfo {
        user_agent: headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ip: None,
    };
    let next = form.next.as_deref();
    match auth::log_in(&state.app, &form.login, &form.password, &client).await {
        Ok((token, _user)) => {
            // A fresh token at every log-in: an id planted before log-in is never promoted.
            if let Some(old) = &page.session {
                let _ = auth::log_out(&state.app, old).await;
            }
            let mut res = redirect(&safe_next(next, door.home()));
            set_session_cookie(&mut res, Some(&token), state.settings.secure_cookies);
            Ok(res)
        }
        Err(AppError::Validation(fields)) => {
            let mut errors = LoginErrors::default();
            for f in fields {
                let msg = if page.i18n.has_own(&format!("error-{}", f.code)) {
                    page.t(&format!("error-{}", f.code))
                } else {
                    f.message
                };
                match f.field.as_str() {
                    "login" => errors.login = Some(msg),
                    "password" => errors.password = Some(msg),
                    _ => errors.form = Some(msg),
                }
            }
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                login_page(&page, door, &form.login, next, &errors),
            )
                .into_response())
        }
        Err(AppError::BadCredentials) => {
            let errors = LoginErrors {
                form: Some(page.t("login-error-bad-credentials")),
                ..Default::default()
            };
            Ok((
                StatusCode::UNAUTHORIZED,
                login_page(&page, door, &form.login, next, &errors),
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

pub async fn log_out(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    if let Some(token) = &page.session {
        auth::log_out(&state.app, token)
            .await
            .map_err(|e| WebError::from_app(e, page.locale()))?;
    }
    let mut res = redirect("/seller/login");
    set_session_cookie(&mut res, None, state.settings.secure_cookies);
    Ok(res)
}

/// Sends visitors who are not signed in to the log-in form, then back here.
fn require_login(page: &Page) -> Option<Response> {
    page.user.is_none().then(|| {
        redirect(&format!(
            "/seller/login?next={}",
            layout::urlencode(&page.here)
        ))
    })
}

pub async fn home(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Some(r) = require_login(&page) {
        return Ok(r);
    }
    let Some(user) = &page.user else {
        return Ok(redirect("/seller/login"));
    };
    let onboarding = match &user.seller {
        Some(m) if m.role == "OWNER" => Some(
            shopdeck_app::onboarding::overview(&state.app, m.seller.id)
                .await
                .map_err(|e| WebError::from_app(e, page.locale()))?,
        ),
        _ => None,
    };
    let title = page.t("nav-home");
    let content = html! {
        p .lead { (page.ta("seller-home-welcome", &[("name", &user.display_name)])) }
        @match &user.seller {
            Some(m) => {
                section .card {
                    h2 { (if m.seller.store_name.is_empty() { page.t("shop-unnamed") } else { m.seller.store_name.clone() }) }
                    p .muted { (page.ta("seller-home-shop", &[("shop", if m.seller.store_name.is_empty() { "—" } else { &m.seller.store_name }), ("country", &m.seller.country), ("currency", &m.seller.currency)])) }
                    p { (page.ta("seller-status", &[("status", &page.t(&format!("seller-status-{}", m.seller.status)))])) }
                }
                @if let Some(o) = &onboarding { (crate::account::checklist_card(&page, o)) }
                section .card {
                    h2 { (page.t("seller-todo-title")) }
                    p .muted { (page.t("seller-todo-empty")) }
                }
            }
            None => { p .notice { (page.t("seller-no-shop")) } }
        }
    };
    Ok(layout::seller_shell(&page, "home", &title, content).into_response())
}

pub async fn section(page: Page, Path(section): Path<String>) -> Result<Response, WebError> {
    let Some((seg, key)) = SELLER_SECTIONS.iter().find(|(s, _)| *s == section) else {
        return Err(WebError::NotFound(page.locale()));
    };
    if let Some(r) = require_login(&page) {
        return Ok(r);
    }
    let label = page.t(key);
    if !layout::may_open(&page, seg) {
        let content = maud::html! { p .notice role="alert" { (page.t("section-forbidden")) } };
        return Ok((
            StatusCode::FORBIDDEN,
            layout::seller_shell(&page, seg, &label, content),
        )
            .into_response());
    }
    let content = layout::not_ready(&page, &label, "/seller");
    Ok(layout::seller_shell(&page, seg, &label, content).into_response())
}
