//! Seller Center pages: log-in, home, and the sections still to come.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::auth;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::layout::{self, SELLER_SECTIONS};
use crate::page::{NextQuery, Page, redirect, safe_next, set_session_cookie, to_seller_login};

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
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    submit_login(state, page, form, Door::Seller).await
}

pub async fn submit_login(
    state: WebState,
    page: Page,
    form: LoginForm,
    door: Door,
) -> Result<Response, WebError> {
    let client = page.client.clone();
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
        Err(AppError::SecondFactorRequired(challenge)) => {
            let mut res = redirect(&format!(
                "/seller/login/code?next={}",
                layout::urlencode(&safe_next(next, door.home()))
            ));
            crate::cookies::set(
                &mut res,
                &CHALLENGE,
                Some(challenge.expose()),
                state.settings.secure_cookies,
            );
            Ok(res)
        }
        Err(AppError::RateLimited { retry_after }) => {
            let secs = retry_after.as_secs().max(1).to_string();
            let errors = LoginErrors {
                form: Some(page.ta("error-rate-limited", &[("seconds", &secs)])),
                ..Default::default()
            };
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
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

/// The member acting in the shop, if the visitor is one.
fn member(page: &Page) -> Option<shopdeck_app::access::SellerActor> {
    let user = page.user.as_ref()?;
    shopdeck_app::access::SellerActor::of(user, &page.client).ok()
}

/// Sends visitors who are not signed in to the log-in form, then back here.
fn require_login(page: &Page) -> Option<Response> {
    page.user.is_none().then(|| to_seller_login(page))
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
    let mut todos = order_todos(&state, &page).await?;
    todos.extend(after_sale_todos(&state, &page).await?);
    todos.extend(product_todos(&state, &page).await?);
    let health = shop_health(&state, &page).await?;
    let title = page.t("nav-home");
    // The set-up checklist leads until the shop is approved; then the day's work does, and
    // the checklist follows, folded once every item is done.
    let approved = onboarding
        .as_ref()
        .is_some_and(|o| o.status == shopdeck_domain::sellers::SellerStatus::Approved);
    let content = html! {
        p .lead { (page.ta("seller-home-welcome", &[("name", &user.display_name)])) }
        @match &user.seller {
            Some(m) => {
                section .card {
                    h2 { (if m.seller.store_name.is_empty() { page.t("shop-unnamed") } else { m.seller.store_name.clone() }) }
                    p .muted { (page.ta("seller-home-shop", &[("shop", if m.seller.store_name.is_empty() { "—" } else { &m.seller.store_name }), ("country", &m.seller.country), ("currency", m.seller.currency.code())])) }
                    p { (page.ta("seller-status", &[("status", &page.t(&format!("seller-status-{}", m.seller.status.as_str())))])) }
                }
                @if !approved { @if let Some(o) = &onboarding { (crate::account::checklist_card(&page, o)) } }
                section .card #todo {
                    h2 { (page.t("seller-todo-title")) }
                    @if todos.is_empty() {
                        p .muted { (page.t("seller-todo-empty")) }
                    } @else {
                        ul .todo-list role="list" {
                            @for (href, key, n) in &todos {
                                li { a href=(href) { (page.tn(key, *n, &[])) } }
                            }
                        }
                    }
                }
                @if let Some(h) = &health { (health_card(&page, h, Some("/seller/orders?tab=to_ship"))) }
                @if approved { @if let Some(o) = &onboarding {
                    @let done = o.checklist.iter().all(|i| i.done);
                    details .card .setup #setup open[!done] {
                        summary { (page.t(if done { "home-setup-done" } else { "home-setup-open" })) }
                        (crate::account::checklist_card(&page, o))
                    }
                } }
            }
            None => { p .notice { (page.t("seller-no-shop")) } }
        }
    };
    Ok(layout::seller_shell(&page, "home", &title, content).into_response())
}

/// The Orders to-dos of the seller home, for members who may see Orders: orders to ship,
/// those of them due within 24 hours (or late), and orders awaiting payment.
async fn order_todos(
    state: &WebState,
    page: &Page,
) -> Result<Vec<(&'static str, &'static str, i64)>, WebError> {
    let seller = page
        .user
        .as_ref()
        .and_then(|u| u.seller.as_ref())
        .map(|m| m.seller.id);
    let Some(seller) = seller.filter(|_| layout::may_open(page, "orders")) else {
        return Ok(Vec::new());
    };
    let c = shopdeck_app::orders::home_counts(&state.app, seller)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok([
        ("/seller/orders?tab=to_ship", "todo-to-ship", c.to_ship),
        (
            "/seller/orders?tab=to_ship&due_soon=1",
            "todo-due-soon",
            c.due_soon,
        ),
        ("/seller/orders?tab=unpaid", "todo-unpaid", c.unpaid),
    ]
    .into_iter()
    .filter(|(_, _, n)| *n > 0)
    .collect())
}

/// The after-sale to-dos of the seller home: cancellation requests to answer, return
/// requests to answer and returned packages to check, for members who may see Orders.
async fn after_sale_todos(
    state: &WebState,
    page: &Page,
) -> Result<Vec<(&'static str, &'static str, i64)>, WebError> {
    use shopdeck_app::returns::{self, ReturnTab};
    let Some(actor) = member(page) else {
        return Ok(Vec::new());
    };
    let err = |e| WebError::from_app(e, page.locale());
    let mut todos = Vec::new();
    if layout::may_open(page, "orders") {
        let n = shopdeck_app::cancellations::pending_for_seller(&state.app, &actor)
            .await
            .map_err(err)?
            .len();
        todos.push((
            "/seller/orders/cancellations",
            "todo-cancellations",
            i64::try_from(n).unwrap_or(i64::MAX),
        ));
    }
    if layout::may_open(page, "returns") {
        let counts =
            returns::list_for_seller(&state.app, &actor, ReturnTab::ToRespond, None, None, 1)
                .await
                .map_err(err)?
                .counts;
        let count = |t: ReturnTab| counts.get(t.as_str()).copied().unwrap_or(0);
        todos.push((
            "/seller/orders/returns?tab=to_respond",
            "todo-returns-respond",
            count(ReturnTab::ToRespond),
        ));
        todos.push((
            "/seller/orders/returns?tab=to_receive",
            "todo-returns-receive",
            count(ReturnTab::ToReceive),
        ));
    }
    todos.retain(|(_, _, n)| *n > 0);
    Ok(todos)
}

/// The shop's health over 30 days, for members who may see Orders.
async fn shop_health(
    state: &WebState,
    page: &Page,
) -> Result<Option<shopdeck_app::deadlines::ShopHealth>, WebError> {
    if !layout::may_open(page, "orders") {
        return Ok(None);
    }
    let Some(actor) = member(page) else {
        return Ok(None);
    };
    shopdeck_app::deadlines::health_for_seller(&state.app, &actor)
        .await
        .map(Some)
        .map_err(|e| WebError::from_app(e, page.locale()))
}

/// A rate in basis points as a percentage with two decimals ("1.25 %").
fn percent(bp: u64) -> String {
    format!("{}.{:02} %", bp / 100, bp % 100)
}

/// The shop-health card: each rate with its level against the platform's target.
/// `late_link` is where the late orders are listed (the seller's To ship tab), if anywhere.
pub fn health_card(
    page: &Page,
    h: &shopdeck_app::deadlines::ShopHealth,
    late_link: Option<&str>,
) -> maud::Markup {
    let rows = [
        ("health-late-dispatch", &h.late_dispatch),
        (
            "health-seller-fault-cancellation",
            &h.seller_fault_cancellation,
        ),
        ("health-seller-fault-return", &h.seller_fault_return),
    ];
    html! {
        section .card #health aria-labelledby="health-title" {
            h2 #health-title { (page.t("health-title")) }
            p .muted { (page.t("health-window")) " " (page.tn("health-min-orders", i64::try_from(h.min_orders).unwrap_or(i64::MAX), &[])) }
            table .health {
                (layout::table_head(page, &["health-metric", "health-rate", "health-target", "health-level"]))
                tbody {
                    @for (key, r) in rows {
                        @let level = if r.enough_data { r.level.as_str() } else { "NOT_ENOUGH_DATA" };
                        tr data-level=(level) {
                            th scope="row" { (page.t(key)) }
                            td { @match r.basis_points { Some(bp) => { (percent(bp)) " " span .muted { "(" (r.numerator) "/" (r.denominator) ")" } }, None => { "—" } } }
                            td { "≤ " (percent(r.target_basis_points)) }
                            td {
                                @if r.enough_data {
                                    span class={ "badge level-" (level.to_lowercase()) } { (page.t(&format!("health-level-{level}"))) }
                                } @else {
                                    span .badge .level-none { (page.t("health-not-enough-data")) }
                                }
                            }
                        }
                    }
                }
            }
            @if h.late_to_ship > 0 {
                @let late = page.tn("health-late-to-ship", i64::try_from(h.late_to_ship).unwrap_or(i64::MAX), &[]);
                p .notice role="status" {
                    @match late_link { Some(href) => { a href=(href) { (late) } }, None => { (late) } }
                }
            }
        }
    }
}

/// The Products to-dos of the seller home: (link, label key, count), only those with a count,
/// and only for members who may see Products.
async fn product_todos(
    state: &WebState,
    page: &Page,
) -> Result<Vec<(&'static str, &'static str, i64)>, WebError> {
    use shopdeck_app::{inventory, products};
    if !layout::may_open(page, "products") {
        return Ok(Vec::new());
    }
    let Some(actor) = member(page) else {
        return Ok(Vec::new());
    };
    let err = |e| WebError::from_app(e, page.locale());
    let stock = inventory::summary(&state.app, &actor).await.map_err(err)?;
    let list = products::list(
        &state.app,
        &actor,
        &products::ListQuery {
            limit: Some(1),
            ..products::ListQuery::default()
        },
    )
    .await
    .map_err(err)?;
    let failed = list.counts.get("FAILED").copied().unwrap_or(0);
    Ok([
        (
            "/seller/products?stock=out",
            "todo-out-of-stock",
            stock.out_of_stock_skus,
        ),
        (
            "/seller/products?stock=low",
            "todo-low-stock",
            stock.low_stock_skus,
        ),
        ("/seller/products?status=FAILED", "todo-failed", failed),
    ]
    .into_iter()
    .filter(|(_, _, n)| *n > 0)
    .collect())
}

/// A Seller Center section not built yet (`GET /seller/finance`), or else an unknown path
/// under `/seller/`: the 404 page inside the Seller Center, so its navigation stays at hand;
/// visitors who are not signed in get the plain 404 page.
pub async fn section_or_not_found(
    page: Page,
    method: axum::http::Method,
    Path(rest): Path<String>,
) -> Response {
    let is_section = SELLER_SECTIONS.iter().any(|(s, _)| *s == rest);
    if is_section && (method == axum::http::Method::GET || method == axum::http::Method::HEAD) {
        return section(page, &rest);
    }
    not_found_in_shell(&page)
}

/// A plain 404 page under `/seller/` (an unknown order, another shop's product, a malformed
/// id…) is shown inside the Seller Center instead, so a signed-in member keeps the
/// navigation, whichever handler found nothing.
pub async fn shell_for_not_found(
    State(state): State<WebState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let wanted = req.uri().path().starts_with("/seller/")
        && matches!(
            *req.method(),
            axum::http::Method::GET | axum::http::Method::HEAD
        );
    if !wanted {
        return next.run(req).await;
    }
    let mut again = axum::http::Request::new(());
    *again.uri_mut() = req.uri().clone();
    *again.headers_mut() = req.headers().clone();
    *again.extensions_mut() = req.extensions().clone();
    let res = next.run(req).await;
    if res.status() != StatusCode::NOT_FOUND
        || res
            .extensions()
            .get::<crate::error::PlainNotFound>()
            .is_none()
    {
        return res;
    }
    let (mut parts, ()) = again.into_parts();
    match <Page as axum::extract::FromRequestParts<WebState>>::from_request_parts(
        &mut parts, &state,
    )
    .await
    {
        Ok(page) if page.user.is_some() => not_found_in_shell(&page),
        _ => res,
    }
}

fn not_found_in_shell(page: &Page) -> Response {
    if page.user.is_none() {
        return WebError::NotFound(page.locale()).into_response();
    }
    let title = page.t("error-404-title");
    let content = html! {
        div .notice role="alert" {
            p { (page.t("error-404-body")) }
            p { a href="/seller" { (page.t("nav-home")) } }
        }
    };
    (
        StatusCode::NOT_FOUND,
        layout::seller_shell(page, "", &title, content),
    )
        .into_response()
}

fn section(page: Page, section: &str) -> Response {
    let Some((seg, key)) = SELLER_SECTIONS.iter().find(|(s, _)| *s == section) else {
        return not_found_in_shell(&page);
    };
    if let Some(r) = require_login(&page) {
        return r;
    }
    let label = page.t(key);
    if !layout::may_open(&page, seg) {
        let content = maud::html! { p .notice role="alert" { (page.t("section-forbidden")) } };
        return (
            StatusCode::FORBIDDEN,
            layout::seller_shell(&page, seg, &label, content),
        )
            .into_response();
    }
    let content = layout::not_ready(&page, &label, "/seller");
    layout::seller_shell(&page, seg, &label, content).into_response()
}

const CHALLENGE_COOKIE: &str = "sd_2fa";
/// The second-factor challenge between the password and the code: five minutes.
const CHALLENGE: crate::cookies::CookieSpec =
    crate::cookies::CookieSpec::new(CHALLENGE_COOKIE, "/seller/login").lasting(300);

fn code_page(page: &Page, next: &str, error: Option<String>) -> maud::Markup {
    let title = page.t("twofactor-login-title");
    let content = html! {
        div .card {
            h1 { (title) }
            p .muted { (page.t("twofactor-login-intro")) }
            form method="post" action="/seller/login/code" novalidate {
                input type="hidden" name="_csrf" value=(page.csrf);
                input type="hidden" name="next" value=(next);
                div .field {
                    label for="code" { (page.t("signup-code")) }
                    input #code name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                        aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| "code-error")];
                    @if let Some(e) = &error { p .field-error #code-error { (e) } }
                }
                button type="submit" .primary { (page.t("signup-verify")) }
            }
        }
    };
    layout::plain_shell(page, &title, content)
}

pub async fn code_form(page: Page, Query(q): Query<NextQuery>) -> Response {
    code_page(&page, &safe_next(q.next.as_deref(), "/seller"), None).into_response()
}

#[derive(serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    next: Option<String>,
}

pub async fn code(
    State(state): State<WebState>,
    page: Page,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let next = safe_next(form.next.as_deref(), "/seller");
    let challenge = crate::csrf::cookie_value(&headers, CHALLENGE_COOKIE)
        .and_then(|v| shopdeck_app::twofactor::Challenge::parse(&v));
    let Some(challenge) = challenge else {
        return Ok(redirect("/seller/login"));
    };
    match auth::complete_second_factor(&state.app, &challenge, &form.code, &page.client).await {
        Ok((token, _)) => {
            let mut res = redirect(&next);
            set_session_cookie(&mut res, Some(&token), state.settings.secure_cookies);
            crate::cookies::set(&mut res, &CHALLENGE, None, state.settings.secure_cookies);
            Ok(res)
        }
        Err(AppError::Validation(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            code_page(&page, &next, Some(page.t("error-code-wrong"))),
        )
            .into_response()),
        Err(AppError::Unauthenticated) => Ok(redirect("/seller/login")),
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

fn security_page(
    page: &Page,
    status: &shopdeck_app::twofactor::Status,
    error: Option<String>,
) -> maud::Markup {
    let title = page.t("twofactor-title");
    let content = html! {
        p .muted { (page.t("twofactor-intro")) }
        @if let Some(e) = &error { p .form-error role="alert" { (e) } }
        @if status.enabled {
            p .notice role="status" { (page.t("twofactor-on")) }
            form .card method="post" action="/seller/security/disable" novalidate {
                input type="hidden" name="_csrf" value=(page.csrf);
                div .field { label for="code" { (page.t("signup-code")) } input #code name="code" type="text" inputmode="numeric" autocomplete="one-time-code"; }
                button type="submit" { (page.t("twofactor-disable")) }
            }
        } @else if let Some((secret, url)) = &status.pending {
            div .card {
                p { (page.t("twofactor-scan")) }
                @if let Ok(qr) = qrcode::QrCode::new(url.as_bytes()) {
                    div .qr role="img" aria-label=(page.t("twofactor-qr")) {
                        (maud::PreEscaped(qr.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).build()))
                    }
                }
                p { (page.t("twofactor-manual")) " " code .secret { (secret) } }
                form method="post" action="/seller/security/confirm" novalidate {
                    input type="hidden" name="_csrf" value=(page.csrf);
                    div .field { label for="code" { (page.t("signup-code")) } input #code name="code" type="text" inputmode="numeric" autocomplete="one-time-code"; }
                    button type="submit" .primary { (page.t("twofactor-confirm")) }
                }
            }
        } @else {
            form method="post" action="/seller/security/setup" {
                input type="hidden" name="_csrf" value=(page.csrf);
                button type="submit" .primary { (page.t("twofactor-enable")) }
            }
        }
    };
    layout::seller_shell(page, "security", &title, content)
}

pub async fn security(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    if let Some(r) = require_login(&page) {
        return Ok(r);
    }
    let Some(user) = &page.user else {
        return Ok(redirect("/seller/login"));
    };
    let status = shopdeck_app::twofactor::status(&state.app, user)
        .await
        .map_err(|e| WebError::from_app(e, page.locale()))?;
    Ok(security_page(&page, &status, None).into_response())
}

pub async fn security_setup(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let Some(user) = &page.user else {
        return Ok(redirect("/seller/login"));
    };
    match shopdeck_app::twofactor::begin_setup(&state.app, user).await {
        Ok(_) | Err(AppError::Conflict { .. }) => Ok(redirect("/seller/security")),
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

#[derive(serde::Deserialize)]
pub struct SecurityCode {
    #[serde(default)]
    code: String,
}

async fn security_step(
    state: WebState,
    page: Page,
    code: &str,
    enable: bool,
) -> Result<Response, WebError> {
    let Some(user) = &page.user else {
        return Ok(redirect("/seller/login"));
    };
    let result = if enable {
        shopdeck_app::twofactor::confirm_setup(&state.app, user, code, &page.client).await
    } else {
        shopdeck_app::twofactor::disable(&state.app, user, code, &page.client).await
    };
    match result {
        Ok(()) => Ok(redirect("/seller/security")),
        Err(AppError::Validation(_) | AppError::Conflict { .. }) => {
            let status = shopdeck_app::twofactor::status(&state.app, user)
                .await
                .map_err(|e| WebError::from_app(e, page.locale()))?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                security_page(&page, &status, Some(page.t("error-code-wrong"))),
            )
                .into_response())
        }
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

pub async fn security_confirm(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<SecurityCode>,
) -> Result<Response, WebError> {
    security_step(state, page, &f.code, true).await
}

pub async fn security_disable(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<SecurityCode>,
) -> Result<Response, WebError> {
    security_step(state, page, &f.code, false).await
}
