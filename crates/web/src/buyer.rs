//! The buyer's account pages of the storefront: sign-up in two steps (email or mobile number,
//! then the code, a name and a password), log-in and log-out, the account overview and the
//! address book. The session lives in the `sd_buyer` cookie, apart from the seller's
//! `sd_session`; a sign-up in progress in `sd_buyer_signup`, scoped to `/account/signup`.
//!
//! Other storefront pages that need a signed-in buyer (cart, checkout, orders) call
//! [`require_buyer`].

use crate::cookies::CookieSpec;
use crate::extract::WebPath;
use axum::extract::{Extension, Query, State};

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::auth::ClientInfo;
use shopdeck_app::buyers::{
    self, Address, AddressInput, AddressPatch, CompleteSignup, CurrentBuyer, PendingSignup,
    StartSignup,
};
use shopdeck_domain::Country;
use shopdeck_domain::ids::{AddressId, SignupId};

use crate::WebState;
use crate::csrf::{CsrfForm, cookie_value};
use crate::error::WebError;
use crate::forms::{FormErrors, Input, csrf_field, described_by, form_error, input};
use crate::layout::{self, urlencode};
use crate::page::{Page, redirect, safe_next, set_buyer_cookie};

const SIGNUP_COOKIE: &str = "sd_buyer_signup";

/// The signed-in buyer, or the response that sends a visitor to the log-in form and back to
/// this page afterwards. For pages of the storefront that need an account:
///
/// ```text
/// let buyer = match crate::buyer::require_buyer(&page) {
///     Ok(b) => b,
///     Err(to_login) => return Ok(to_login),
/// };
/// ```
#[expect(
    clippy::result_large_err,
    reason = "the error is the response itself, returned at once by the caller"
)]
pub fn require_buyer(page: &Page) -> Result<&CurrentBuyer, Response> {
    page.buyer
        .as_ref()
        .ok_or_else(|| redirect(&format!("/account/login?next={}", urlencode(&page.here))))
}

fn err(page: &Page) -> impl Fn(AppError) -> WebError + '_ {
    move |e| WebError::from_app(e, page.locale())
}

fn card(page: &Page, title: &str, body: Markup) -> Markup {
    layout::store_shell(
        page,
        title,
        html! { div .account .account-narrow { div .card { h1 { (title) } (body) } } },
    )
}

fn notice(text: Option<String>) -> Markup {
    html! { @if let Some(n) = text { p .notice role="status" { (n) } } }
}

#[derive(serde::Deserialize, Default)]
pub struct NextNotice {
    next: Option<String>,
    /// A message to show once, from an allow-list.
    notice: Option<String>,
}

fn notice_text(page: &Page, key: Option<&str>) -> Option<String> {
    page.notice(
        key,
        &[
            ("expired", "buyer-signup-expired"),
            ("resent", "buyer-signup-resent"),
            ("saved", "buyer-address-saved"),
            ("deleted", "buyer-address-deleted"),
            ("default", "buyer-address-default-set"),
            ("welcome", "buyer-welcome"),
        ],
    )
}

fn with_next(path: &str, next: Option<&str>) -> String {
    match next {
        Some(n) => format!("{path}?next={}", urlencode(&safe_next(Some(n), "/account"))),
        None => path.to_owned(),
    }
}

// ---- Sign-up ----

fn signup_id(headers: &HeaderMap) -> Option<SignupId> {
    cookie_value(headers, SIGNUP_COOKIE).and_then(|v| v.parse().ok())
}

fn set_signup_cookie(res: &mut Response, id: Option<SignupId>, secure: bool) {
    const SIGNUP: CookieSpec = CookieSpec::new(SIGNUP_COOKIE, "/account/signup").lasting(86_400);
    let id = id.map(|id| id.to_string());
    crate::cookies::set(res, &SIGNUP, id.as_deref(), secure);
}

#[derive(serde::Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    contact: String,
    #[serde(default)]
    country: String,
    next: Option<String>,
}

/// The countries as options, by name, with their calling codes.
fn country_options(selected: &str, with_calling_code: bool) -> Markup {
    let mut all: Vec<&Country> = Country::all().iter().collect();
    all.sort_by_key(|c| c.name);
    html! {
        @for c in all {
            option value=(c.code) selected[selected.eq_ignore_ascii_case(c.code)] {
                (c.name)
                @if with_calling_code { " (+" (c.calling_code) ")" }
            }
        }
    }
}

fn select_field(
    errors: &FormErrors,
    name: &str,
    label: String,
    hint: Option<String>,
    autocomplete: &str,
    options: Markup,
) -> Markup {
    let err = errors.field(name);
    let hint_id = format!("{name}-hint");
    let err_id = format!("{name}-error");
    let described = described_by(name, hint.is_some(), err.is_some());
    html! {
        div .field {
            label for=(name) { (label) }
            @if let Some(h) = &hint { p .hint id=(hint_id) { (h) } }
            select id=(name) name=(name) autocomplete=(autocomplete)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[described] {
                option value="" { "—" }
                (options)
            }
            @if let Some(e) = err { p .field-error id=(err_id) { (e) } }
        }
    }
}

fn start_page(page: &Page, form: &StartForm, errors: &FormErrors, note: Option<String>) -> Markup {
    let title = page.t("buyer-signup-title");
    let body = html! {
        p .muted { (page.ta("buyer-signup-step", &[("step", "1")])) }
        p { (page.t("buyer-signup-intro")) }
        (notice(note))
        (form_error(errors))
        form method="post" action="/account/signup" novalidate {
            (csrf_field(page))
            @if let Some(n) = &form.next { input type="hidden" name="next" value=(n); }
            (input(errors, Input { name: "contact", label: page.t("buyer-signup-contact"), kind: "text", value: &form.contact, autocomplete: "username", hint: Some(page.t("buyer-signup-contact-hint")) }))
            (select_field(errors, "country", page.t("buyer-signup-country"), Some(page.t("buyer-signup-country-hint")), "country", country_options(&form.country, true)))
            button type="submit" .primary { (page.t("buyer-signup-continue")) }
        }
        p .muted {
            (page.t("buyer-signup-have-account")) " "
            a href=(with_next("/account/login", form.next.as_deref())) { (page.t("buyer-sign-in")) }
        }
    };
    card(page, &title, body)
}

/// `GET /account/signup`
pub async fn signup_form(page: Page, Query(q): Query<NextNotice>) -> Response {
    if page.buyer.is_some() {
        return redirect(&safe_next(q.next.as_deref(), "/account"));
    }
    let form = StartForm {
        next: q.next.clone(),
        ..StartForm::default()
    };
    let note = notice_text(&page, q.notice.as_deref());
    start_page(&page, &form, &FormErrors::default(), note).into_response()
}

/// The contact field stands for the app's `email` or `phone`.
fn contact_errors(mut errors: FormErrors) -> FormErrors {
    for f in ["email", "phone"] {
        if let Some(msg) = errors.fields.remove(f) {
            errors.fields.entry("contact".to_owned()).or_insert(msg);
        }
    }
    errors
}

/// `POST /account/signup`
pub async fn signup(
    State(state): State<WebState>,
    page: Page,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<Response, WebError> {
    let contact = form.contact.trim().to_owned();
    let is_email = contact.contains('@');
    let input = StartSignup {
        email: is_email.then(|| contact.clone()),
        phone: (!is_email && !contact.is_empty()).then(|| contact.clone()),
        country: Some(form.country.clone()),
        locale: page.locale(),
    };
    match buyers::start_signup(&state.app, &input, client.ip.as_deref()).await {
        Ok(pending) => {
            let mut res = redirect(&with_next("/account/signup/verify", form.next.as_deref()));
            set_signup_cookie(&mut res, Some(pending.id), state.settings.secure_cookies);
            Ok(res)
        }
        Err(e) => {
            let errors = contact_errors(FormErrors::from_app(&page, e)?);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                start_page(&page, &form, &errors, None),
            )
                .into_response())
        }
    }
}

/// The browser's sign-up, or the response that sends it back to the start.
async fn pending(
    state: &WebState,
    headers: &HeaderMap,
    page: &Page,
) -> Result<Result<PendingSignup, Response>, WebError> {
    let Some(id) = signup_id(headers) else {
        return Ok(Err(redirect("/account/signup")));
    };
    match buyers::find_signup(&state.app, id).await {
        Ok(p) => Ok(Ok(p)),
        Err(AppError::NotFound(_)) => {
            let mut res = redirect("/account/signup?notice=expired");
            set_signup_cookie(&mut res, None, state.settings.secure_cookies);
            Ok(Err(res))
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct VerifyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

fn verify_page(
    page: &Page,
    p: &PendingSignup,
    form: &VerifyForm,
    errors: &FormErrors,
    note: Option<String>,
) -> Markup {
    let title = page.t("buyer-signup-verify-title");
    let body = html! {
        p .muted { (page.ta("buyer-signup-step", &[("step", "2")])) }
        p { (page.ta("buyer-signup-code-sent", &[("target", &p.sent_to)])) }
        (notice(note))
        (form_error(errors))
        form method="post" action="/account/signup/verify" novalidate {
            (csrf_field(page))
            @if let Some(n) = &form.next { input type="hidden" name="next" value=(n); }
            (input(errors, Input { name: "code", label: page.t("buyer-signup-code"), kind: "text", value: "", autocomplete: "one-time-code", hint: None }))
            (input(errors, Input { name: "display_name", label: page.t("buyer-signup-name"), kind: "text", value: &form.display_name, autocomplete: "name", hint: Some(page.t("buyer-signup-name-hint")) }))
            (input(errors, Input { name: "password", label: page.t("buyer-signup-password"), kind: "password", value: "", autocomplete: "new-password", hint: Some(page.t("buyer-signup-password-hint")) }))
            button type="submit" .primary { (page.t("buyer-signup-create")) }
        }
        form method="post" action="/account/signup/resend" .inline {
            (csrf_field(page))
            button type="submit" .link-button { (page.t("buyer-signup-resend")) }
        }
        " · " a href="/account/signup" { (page.t("buyer-signup-other-contact")) }
    };
    card(page, &title, body)
}

/// `GET /account/signup/verify`
pub async fn verify_form(
    State(state): State<WebState>,
    page: Page,
    headers: HeaderMap,
    Query(q): Query<NextNotice>,
) -> Result<Response, WebError> {
    let p = match pending(&state, &headers, &page).await? {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let form = VerifyForm {
        next: q.next.clone(),
        ..VerifyForm::default()
    };
    let note = notice_text(&page, q.notice.as_deref());
    Ok(verify_page(&page, &p, &form, &FormErrors::default(), note).into_response())
}

/// `POST /account/signup/verify`: the account is created and the buyer signed in.
pub async fn verify(
    State(state): State<WebState>,
    page: Page,
    headers: HeaderMap,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(form): CsrfForm<VerifyForm>,
) -> Result<Response, WebError> {
    let p = match pending(&state, &headers, &page).await? {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let input = CompleteSignup {
        code: form.code.clone(),
        password: form.password.clone(),
        display_name: form.display_name.clone(),
    };
    match buyers::complete_signup(&state.app, p.id, &input, &client).await {
        Ok((token, _)) => {
            if let Some(old) = &page.buyer_token {
                let _ = buyers::log_out(&state.app, old).await;
            }
            let to = match form.next.as_deref() {
                Some(n) => safe_next(Some(n), "/account"),
                None => "/account?notice=welcome".to_owned(),
            };
            let mut res = redirect(&to);
            set_signup_cookie(&mut res, None, state.settings.secure_cookies);
            set_buyer_cookie(&mut res, Some(&token), state.settings.secure_cookies);
            Ok(res)
        }
        Err(e) => {
            let status = match &e {
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_app(&page, e)?;
            Ok((status, verify_page(&page, &p, &form, &errors, None)).into_response())
        }
    }
}

/// `POST /account/signup/resend`
pub async fn resend(
    State(state): State<WebState>,
    page: Page,
    headers: HeaderMap,
    Extension(client): Extension<ClientInfo>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let p = match pending(&state, &headers, &page).await? {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    match buyers::resend_code(&state.app, p.id, client.ip.as_deref()).await {
        Ok(_) => Ok(redirect("/account/signup/verify?notice=resent")),
        Err(e) => {
            let status = match &e {
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::CONFLICT,
            };
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                status,
                verify_page(&page, &p, &VerifyForm::default(), &errors, None),
            )
                .into_response())
        }
    }
}

// ---- Log-in and log-out ----

#[derive(serde::Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

fn login_page(page: &Page, form: &LoginForm, errors: &FormErrors) -> Markup {
    let title = page.t("buyer-login-title");
    let body = html! {
        p { (page.t("buyer-login-intro")) }
        (form_error(errors))
        form method="post" action="/account/login" novalidate {
            (csrf_field(page))
            @if let Some(n) = &form.next { input type="hidden" name="next" value=(n); }
            (input(errors, Input { name: "login", label: page.t("login-field-login"), kind: "text", value: &form.login, autocomplete: "username", hint: None }))
            (input(errors, Input { name: "password", label: page.t("login-field-password"), kind: "password", value: "", autocomplete: "current-password", hint: None }))
            button type="submit" .primary { (page.t("buyer-login-submit")) }
        }
        p .muted {
            (page.t("buyer-login-new")) " "
            a href=(with_next("/account/signup", form.next.as_deref())) { (page.t("buyer-login-create")) }
        }
    };
    card(page, &title, body)
}

/// `GET /account/login`
pub async fn login_form(page: Page, Query(q): Query<NextNotice>) -> Response {
    if page.buyer.is_some() {
        return redirect(&safe_next(q.next.as_deref(), "/account"));
    }
    let form = LoginForm {
        next: q.next,
        ..LoginForm::default()
    };
    login_page(&page, &form, &FormErrors::default()).into_response()
}

/// `POST /account/login`
pub async fn log_in(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    match buyers::log_in(&state.app, &form.login, &form.password, &page.client).await {
        Ok((token, _)) => {
            // A fresh token at every log-in; the old session ends.
            if let Some(old) = &page.buyer_token {
                let _ = buyers::log_out(&state.app, old).await;
            }
            let mut res = redirect(&safe_next(form.next.as_deref(), "/account"));
            set_buyer_cookie(&mut res, Some(&token), state.settings.secure_cookies);
            Ok(res)
        }
        Err(e) => {
            let status = match &e {
                AppError::BadCredentials => StatusCode::UNAUTHORIZED,
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_app(&page, e)?;
            Ok((status, login_page(&page, &form, &errors)).into_response())
        }
    }
}

/// `POST /account/logout`
pub async fn log_out(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    if let Some(token) = &page.buyer_token {
        buyers::log_out(&state.app, token)
            .await
            .map_err(err(&page))?;
    }
    let mut res = redirect("/");
    set_buyer_cookie(&mut res, None, state.settings.secure_cookies);
    Ok(res)
}

// ---- Account ----

fn country_name(code: &str) -> String {
    Country::by_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// An address as it is written on a parcel.
fn address_block(a: &Address) -> Markup {
    let place = [
        Some(a.city.as_str()),
        a.region.as_deref(),
        a.postal_code.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    html! {
        address {
            strong { (a.recipient_name) } br;
            (a.line1) br;
            @if let Some(l2) = &a.line2 { (l2) br; }
            (place) br;
            (country_name(&a.country)) br;
            span .muted dir="ltr" { (a.phone) }
        }
    }
}

fn logout_button(page: &Page) -> Markup {
    html! {
        form method="post" action="/account/logout" .inline {
            (csrf_field(page))
            button type="submit" .link-button { (page.t("buyer-logout")) }
        }
    }
}

/// `GET /account`
pub async fn overview(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NextNotice>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let addresses = buyers::list_addresses(&state.app, buyer.id)
        .await
        .map_err(err(&page))?;
    let title = page.t("buyer-account-title");
    let content = html! {
        div .account .account-narrow {
            h1 { (title) }
            (notice(notice_text(&page, q.notice.as_deref())))
            p .lead { (page.ta("buyer-account-hello", &[("name", &buyer.display_name)])) }
            section .card {
                dl .facts {
                    @if let Some(e) = &buyer.email {
                        dt { (page.t("buyer-account-email")) } dd { (e) }
                    }
                    @if let Some(p) = &buyer.phone {
                        dt { (page.t("buyer-account-phone")) } dd dir="ltr" { (p) }
                    }
                }
                (logout_button(&page))
            }
            section .card #orders {
                h2 { a href="/account/orders" { (page.t("buyer-account-orders")) } }
                p .muted { (page.t("buyer-account-orders-hint")) }
                p { a href="/account/returns" { (page.t("rtb-list-title")) } }
            }
            section .card #addresses {
                h2 { a href="/account/addresses" { (page.t("buyer-account-addresses")) } }
                @match addresses.iter().find(|a| a.is_default) {
                    Some(a) => (address_block(a)),
                    None => p .muted { (page.t("buyer-account-no-address")) },
                }
                p { a href="/account/addresses" { (page.t("buyer-account-manage-addresses")) } }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

// ---- Address book ----

/// `GET /account/addresses`
pub async fn addresses(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NextNotice>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let rows = buyers::list_addresses(&state.app, buyer.id)
        .await
        .map_err(err(&page))?;
    let title = page.t("buyer-addresses-title");
    let content = html! {
        div .account .account-narrow {
            p { a href="/account" { "← " (page.t("buyer-account-title")) } }
            h1 { (title) }
            (notice(notice_text(&page, q.notice.as_deref())))
            p { a .button .primary-link href="/account/addresses/new" { (page.t("buyer-address-add")) } }
            @if rows.is_empty() {
                p .muted { (page.t("buyer-addresses-empty")) }
            } @else {
                ul .address-list role="list" {
                    @for a in &rows {
                        li .card {
                            @if a.is_default { p { span .badge { (page.t("buyer-address-default")) } } }
                            (address_block(a))
                            div .toolbar {
                                a href={ "/account/addresses/" (a.id) } { (page.t("buyer-address-edit")) }
                                @if !a.is_default {
                                    form method="post" action={ "/account/addresses/" (a.id) "/default" } .inline {
                                        (csrf_field(&page))
                                        button type="submit" { (page.t("buyer-address-make-default")) }
                                    }
                                }
                                form method="post" action={ "/account/addresses/" (a.id) "/delete" } .inline {
                                    (csrf_field(&page))
                                    button type="submit" { (page.t("buyer-address-delete")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::store_shell(&page, &title, content).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct AddressForm {
    #[serde(default)]
    recipient_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
    /// A checkbox: present when ticked.
    make_default: Option<String>,
    next: Option<String>,
}

impl AddressForm {
    fn of(a: &Address) -> Self {
        let i = buyers::input_of(a);
        AddressForm {
            recipient_name: i.recipient_name,
            phone: i.phone,
            country: i.country,
            region: i.region,
            city: i.city,
            postal_code: i.postal_code,
            line1: i.line1,
            line2: i.line2,
            make_default: a.is_default.then(|| "on".to_owned()),
            next: None,
        }
    }

    fn input(&self) -> AddressInput {
        AddressInput {
            recipient_name: self.recipient_name.clone(),
            phone: self.phone.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            city: self.city.clone(),
            postal_code: self.postal_code.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            make_default: self.make_default.is_some(),
        }
    }

    fn patch(&self) -> AddressPatch {
        AddressPatch {
            recipient_name: Some(self.recipient_name.clone()),
            phone: Some(self.phone.clone()),
            country: Some(self.country.clone()),
            region: Some(self.region.clone()),
            city: Some(self.city.clone()),
            postal_code: Some(self.postal_code.clone()),
            line1: Some(self.line1.clone()),
            line2: Some(self.line2.clone()),
        }
    }
}

/// The address form, for a new address (`id` none) or an existing one.
fn address_page(
    page: &Page,
    id: Option<AddressId>,
    form: &AddressForm,
    errors: &FormErrors,
    show_default: bool,
) -> Markup {
    let title = page.t(if id.is_some() {
        "buyer-address-edit-title"
    } else {
        "buyer-address-new-title"
    });
    let action = match id {
        Some(id) => format!("/account/addresses/{id}"),
        None => "/account/addresses".to_owned(),
    };
    let field = |name: &'static str,
                 label: &str,
                 kind: &'static str,
                 value: &str,
                 auto: &'static str,
                 hint: Option<&str>| {
        input(
            errors,
            Input {
                name,
                label: page.t(label),
                kind,
                value,
                autocomplete: auto,
                hint: hint.map(|h| page.t(h)),
            },
        )
    };
    let content = html! {
        div .account .account-narrow {
            p { a href="/account/addresses" { "← " (page.t("buyer-addresses-title")) } }
            h1 { (title) }
            (form_error(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(page))
                @if let Some(n) = &form.next { input type="hidden" name="next" value=(n); }
                (field("recipient_name", "buyer-address-recipient", "text", &form.recipient_name, "name", None))
                (select_field(errors, "country", page.t("buyer-address-country"), None, "country", country_options(&form.country, false)))
                (field("line1", "buyer-address-line1", "text", &form.line1, "address-line1", Some("buyer-address-line1-hint")))
                (field("line2", "buyer-address-line2", "text", &form.line2, "address-line2", None))
                (field("city", "buyer-address-city", "text", &form.city, "address-level2", None))
                (field("region", "buyer-address-region", "text", &form.region, "address-level1", Some("buyer-address-region-hint")))
                (field("postal_code", "buyer-address-postal-code", "text", &form.postal_code, "postal-code", None))
                (field("phone", "buyer-address-phone", "tel", &form.phone, "tel", Some("buyer-address-phone-hint")))
                @if show_default {
                    div .field {
                        label .choice {
                            input type="checkbox" name="make_default" value="on" checked[form.make_default.is_some()];
                            " " (page.t("buyer-address-set-default"))
                        }
                    }
                }
                div .form-actions {
                    button type="submit" .primary { (page.t("buyer-address-save")) }
                    a href="/account/addresses" { (page.t("buyer-address-cancel")) }
                }
            }
        }
    };
    layout::store_shell(page, &title, content)
}

/// `GET /account/addresses/new`
pub async fn new_address_form(page: Page, Query(q): Query<NextNotice>) -> Response {
    if let Err(r) = require_buyer(&page) {
        return r;
    }
    let form = AddressForm {
        next: q.next,
        ..AddressForm::default()
    };
    address_page(&page, None, &form, &FormErrors::default(), true).into_response()
}

/// `POST /account/addresses`
pub async fn create_address(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(form): CsrfForm<AddressForm>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    match buyers::create_address(&state.app, buyer.id, &form.input()).await {
        Ok(_) => Ok(redirect(&match form.next.as_deref() {
            Some(n) => safe_next(Some(n), "/account/addresses"),
            None => "/account/addresses?notice=saved".to_owned(),
        })),
        Err(e) => {
            let status = match &e {
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_app(&page, e)?;
            Ok((status, address_page(&page, None, &form, &errors, true)).into_response())
        }
    }
}

/// `GET /account/addresses/{id}`
pub async fn edit_address_form(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<AddressId>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let row = buyers::get_address(&state.app, buyer.id, id)
        .await
        .map_err(err(&page))?;
    let form = AddressForm::of(&row);
    Ok(address_page(&page, Some(id), &form, &FormErrors::default(), false).into_response())
}

/// `POST /account/addresses/{id}`
pub async fn update_address(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<AddressId>,
    CsrfForm(form): CsrfForm<AddressForm>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    match buyers::update_address(&state.app, buyer.id, id, &form.patch()).await {
        Ok(_) => Ok(redirect("/account/addresses?notice=saved")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                address_page(&page, Some(id), &form, &errors, false),
            )
                .into_response())
        }
    }
}

/// `POST /account/addresses/{id}/delete`
pub async fn delete_address(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<AddressId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    buyers::delete_address(&state.app, buyer.id, id)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/account/addresses?notice=deleted"))
}

/// `POST /account/addresses/{id}/default`
pub async fn make_default(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<AddressId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let buyer = match require_buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    buyers::set_default_address(&state.app, buyer.id, id)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/account/addresses?notice=default"))
}
