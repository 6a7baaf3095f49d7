//! The sign-up pages: portal, country and phone → phone code → name, email and password → email code.
//! The sign-up's secret lives in a cookie scoped to `/seller/signup`.

use crate::cookies::CookieSpec;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::auth::ClientInfo;
use shopdeck_app::signup::{self, SignupToken, StartSignup, Step};
use shopdeck_domain::{Country, Portal};

use crate::WebState;
use crate::csrf::{CsrfForm, cookie_value};
use crate::error::WebError;
use crate::forms::{FormErrors, Input, csrf_field, form_error, input};
use crate::layout;
use crate::page::{Page, redirect, set_session_cookie};

const SIGNUP_COOKIE: &str = "sd_signup";

fn signup_token(headers: &axum::http::HeaderMap) -> Option<SignupToken> {
    cookie_value(headers, SIGNUP_COOKIE).and_then(|v| SignupToken::parse(&v))
}

fn set_signup_cookie(res: &mut Response, token: Option<&SignupToken>, secure: bool) {
    const SIGNUP: CookieSpec = CookieSpec::new(SIGNUP_COOKIE, "/seller/signup").lasting(86_400);
    crate::cookies::set(res, &SIGNUP, token.map(SignupToken::expose), secure);
}

fn shell(page: &Page, title: &str, step: u8, body: Markup) -> Markup {
    let content = html! {
        div .card {
            p .muted { (page.ta("signup-step", &[("step", &step.to_string())])) }
            h1 { (title) }
            (body)
        }
    };
    layout::plain_shell(page, title, content)
}

#[derive(serde::Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    portal: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    phone: String,
}

fn start_page(
    page: &Page,
    form: &StartForm,
    errors: &FormErrors,
    notice: Option<String>,
) -> Markup {
    let title = page.t("signup-title");
    let portals = [
        (Portal::Asia, "portal-asia"),
        (Portal::Europe, "portal-europe"),
        (Portal::Americas, "portal-americas"),
    ];
    let body = html! {
        p .muted { (page.t("signup-intro")) }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        form method="post" action="/seller/signup" novalidate {
            (csrf_field(page))
            fieldset .field {
                legend { (page.t("signup-portal")) }
                @for (p, key) in portals {
                    @let value = signup::portal_name(p);
                    label .choice {
                        input type="radio" name="portal" value=(value) checked[form.portal == value]
                            aria-invalid=[errors.field("portal").map(|_| "true")];
                        " " (page.t(key))
                    }
                }
                @if let Some(e) = errors.field("portal") { p .field-error { (e) } }
            }
            div .field {
                label for="country" { (page.t("signup-country")) }
                p .hint id="country-hint" { (page.t("signup-country-hint")) }
                select #country name="country" aria-describedby="country-hint"
                    aria-invalid=[errors.field("country").map(|_| "true")] {
                    option value="" { "—" }
                    @for (p, key) in portals {
                        optgroup label=(page.t(key)) {
                            @for c in Country::all().iter().filter(|c| c.portal == p) {
                                option value=(c.code) selected[form.country == c.code] {
                                    (c.name) " (+" (c.calling_code) ")"
                                }
                            }
                        }
                    }
                }
                @if let Some(e) = errors.field("country") { p .field-error { (e) } }
            }
            (input(errors, Input { name: "phone", label: page.t("signup-phone"), kind: "tel", value: &form.phone, autocomplete: "tel", hint: Some(page.t("signup-phone-hint")) }))
            button type="submit" .primary { (page.t("signup-continue")) }
        }
        p .muted { (page.t("signup-have-account")) " " a href="/seller/login" { (page.t("signup-log-in")) } }
    };
    shell(page, &title, 1, body)
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn start_form(page: Page, Query(q): Query<NoticeQuery>) -> Response {
    if page.user.is_some() {
        return redirect("/seller");
    }
    let notice = (q.notice.as_deref() == Some("expired")).then(|| page.t("signup-expired"));
    start_page(&page, &StartForm::default(), &FormErrors::default(), notice).into_response()
}

pub async fn start(
    State(state): State<WebState>,
    page: Page,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<Response, WebError> {
    let input = StartSignup {
        portal: form.portal.clone(),
        country: form.country.clone(),
        phone: form.phone.clone(),
        locale: page.locale(),
    };
    match signup::start(&state.app, &input, client.ip.as_deref()).await {
        Ok((token, _)) => {
            let mut res = redirect("/seller/signup/verify");
            set_signup_cookie(&mut res, Some(&token), state.settings.secure_cookies);
            Ok(res)
        }
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                start_page(&page, &form, &errors, None),
            )
                .into_response())
        }
    }
}

/// Loads the browser's sign-up, or sends it back to the start.
async fn current(
    state: &WebState,
    headers: &axum::http::HeaderMap,
    page: &Page,
) -> Result<Result<(SignupToken, signup::SignupState), Response>, WebError> {
    let Some(token) = signup_token(headers) else {
        return Ok(Err(redirect("/seller/signup")));
    };
    match signup::state(&state.app, &token).await {
        Ok(s) => Ok(Ok((token, s))),
        Err(AppError::NotFound(_)) => {
            let mut res = redirect("/seller/signup?notice=expired");
            set_signup_cookie(&mut res, None, state.settings.secure_cookies);
            Ok(Err(res))
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

fn verify_page(
    page: &Page,
    s: &signup::SignupState,
    errors: &FormErrors,
    notice: Option<String>,
) -> Markup {
    let (title, step, target) = match s.step {
        Step::VerifyEmail => (
            page.t("signup-verify-email-title"),
            4,
            s.email.clone().unwrap_or_default(),
        ),
        _ => (page.t("signup-verify-phone-title"), 2, s.phone.clone()),
    };
    let body = html! {
        p { (page.ta("signup-code-sent", &[("target", &target)])) }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        (form_error(errors))
        form method="post" action="/seller/signup/verify" novalidate {
            (csrf_field(page))
            (input(errors, Input { name: "code", label: page.t("signup-code"), kind: "text", value: "", autocomplete: "one-time-code", hint: None }))
            button type="submit" .primary { (page.t("signup-verify")) }
        }
        form method="post" action="/seller/signup/resend" .inline {
            (csrf_field(page))
            button type="submit" .link-button { (page.t("signup-resend")) }
        }
        @if s.step == Step::VerifyEmail {
            " · " a href="/seller/signup/account" { (page.t("signup-change-email")) }
        }
    };
    shell(page, &title, step, body)
}

fn route_for(step: Step) -> &'static str {
    match step {
        Step::VerifyPhone | Step::VerifyEmail => "/seller/signup/verify",
        Step::SetCredentials => "/seller/signup/account",
        Step::Done => "/seller",
    }
}

#[derive(serde::Deserialize)]
pub struct ResentQuery {
    resent: Option<String>,
}

pub async fn verify_form(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    Query(q): Query<ResentQuery>,
) -> Result<Response, WebError> {
    let (_, s) = match current(&state, &headers, &page).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    if !matches!(s.step, Step::VerifyPhone | Step::VerifyEmail) {
        return Ok(redirect(route_for(s.step)));
    }
    let notice = q.resent.is_some().then(|| page.t("signup-resent"));
    Ok(verify_page(&page, &s, &FormErrors::default(), notice).into_response())
}

#[derive(serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn verify(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let (token, s) = match current(&state, &headers, &page).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let outcome = match s.step {
        Step::VerifyPhone => signup::verify_phone(&state.app, &token, &form.code)
            .await
            .map(|_| None),
        Step::VerifyEmail => signup::verify_email(&state.app, &token, &form.code, &client)
            .await
            .map(Some),
        other => return Ok(redirect(route_for(other))),
    };
    match outcome {
        Ok(None) => Ok(redirect("/seller/signup/account")),
        Ok(Some((session, _user))) => {
            let mut res = redirect("/seller");
            set_signup_cookie(&mut res, None, state.settings.secure_cookies);
            set_session_cookie(&mut res, Some(&session), state.settings.secure_cookies);
            Ok(res)
        }
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                verify_page(&page, &s, &errors, None),
            )
                .into_response())
        }
    }
}

pub async fn resend(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let (token, s) = match current(&state, &headers, &page).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    match signup::resend_code(&state.app, &token, page.locale(), client.ip.as_deref()).await {
        Ok(_) => Ok(redirect("/seller/signup/verify?resent=1")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                verify_page(&page, &s, &errors, None),
            )
                .into_response())
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct AccountForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn account_page(page: &Page, display_name: &str, email: &str, errors: &FormErrors) -> Markup {
    let title = page.t("signup-account-title");
    let body = html! {
        (form_error(errors))
        form method="post" action="/seller/signup/account" novalidate {
            (csrf_field(page))
            (input(errors, Input { name: "display_name", label: page.t("signup-display-name"), kind: "text", value: display_name, autocomplete: "name", hint: Some(page.t("signup-display-name-hint")) }))
            (input(errors, Input { name: "email", label: page.t("signup-email"), kind: "email", value: email, autocomplete: "email", hint: None }))
            (input(errors, Input { name: "password", label: page.t("signup-password"), kind: "password", value: "", autocomplete: "new-password", hint: Some(page.t("signup-password-hint")) }))
            button type="submit" .primary { (page.t("signup-continue")) }
        }
    };
    shell(page, &title, 3, body)
}

pub async fn account_form(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let (_, s) = match current(&state, &headers, &page).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    if !matches!(s.step, Step::SetCredentials | Step::VerifyEmail) {
        return Ok(redirect(route_for(s.step)));
    }
    Ok(account_page(
        &page,
        s.display_name.as_deref().unwrap_or(""),
        s.email.as_deref().unwrap_or(""),
        &FormErrors::default(),
    )
    .into_response())
}

pub async fn account(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> Result<Response, WebError> {
    let token = match current(&state, &headers, &page).await? {
        Ok((t, _)) => t,
        Err(r) => return Ok(r),
    };
    match signup::set_credentials(
        &state.app,
        &token,
        &signup::Credentials {
            email: &form.email,
            password: &form.password,
            display_name: &form.display_name,
        },
        page.locale(),
        client.ip.as_deref(),
    )
    .await
    {
        Ok(_) => Ok(redirect("/seller/signup/verify")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                account_page(&page, &form.display_name, &form.email, &errors),
            )
                .into_response())
        }
    }
}
