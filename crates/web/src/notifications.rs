//! The notification inbox of seller users (`/seller/notifications`) and buyers
//! (`/account/notifications`): entries in the reader's language, opening one marks it read,
//! mark all read, and the settings per kind and channel. Also the header's unread badge.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::inbox::{self, InboxPage, Kind, Setting, Settings};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::InboxEntryId;

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::csrf_field;
use crate::layout;
use crate::page::{Page, redirect, safe_next, to_seller_login};

const SELLER: &str = "/seller/notifications";
const BUYER: &str = "/account/notifications";

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(SELLER, get(seller_list))
        .route("/seller/notifications/read-all", post(seller_read_all))
        .route(
            "/seller/notifications/settings",
            get(seller_settings).post(seller_save_settings),
        )
        .route("/seller/notifications/{id}", get(seller_open))
        .route("/seller/notifications/{id}/read", post(seller_read))
        .route(BUYER, get(buyer_list))
        .route("/account/notifications/read-all", post(buyer_read_all))
        .route(
            "/account/notifications/settings",
            get(buyer_settings).post(buyer_save_settings),
        )
        .route("/account/notifications/{id}", get(buyer_open))
        .route("/account/notifications/{id}/read", post(buyer_read))
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    cursor: Option<String>,
    notice: Option<String>,
}

/// Any member of the shop may read their own inbox; others log in first.
fn member(page: &Page) -> Result<SellerActor, Box<Response>> {
    let Some(user) = &page.user else {
        return Err(Box::new(to_seller_login(page)));
    };
    SellerActor::of(user, &page.client).map_err(|_| Box::new(redirect("/seller")))
}

use crate::buyer::require_buyer as buyer;

fn fail(page: &Page) -> impl Fn(shopdeck_app::AppError) -> WebError + '_ {
    move |e| WebError::from_app(e, page.locale())
}

/// The header's link to the inbox, with the number of unread entries.
pub(crate) fn header_link(page: &Page, href: &str, unread: i64) -> Markup {
    let label = page.tn("ntf-header-unread", unread, &[]);
    html! {
        a .inbox-link href=(href) aria-label=(label) title=(label) {
            (bell()) " " span .hide-small { (page.t("ntf-title")) }
            @if unread > 0 { " " span .badge .unread-count { (unread) } }
        }
    }
}

fn bell() -> Markup {
    maud::PreEscaped(
        r#"<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>"#
            .to_owned(),
    )
}

fn inbox_body(
    page: &Page,
    base: &str,
    p: &InboxPage,
    notice: Option<&str>,
    seller: bool,
) -> Markup {
    html! {
        @if notice == Some("saved") { p .notice role="status" { (page.t("ntf-saved")) } }
        div .toolbar {
            span .muted { (page.tn("ntf-header-unread", p.unread, &[])) }
            @if p.unread > 0 {
                form method="post" action={ (base) "/read-all" } .inline {
                    (csrf_field(page))
                    button type="submit" .auto { (page.t("ntf-mark-all-read")) }
                }
            }
            a href={ (base) "/settings" } { (page.t("ntf-settings")) }
        }
        @if p.entries.is_empty() {
            p .notice { (page.t(if seller { "ntf-empty-seller" } else { "ntf-empty-buyer" })) }
        } @else {
            ul .inbox role="list" {
                @for e in &p.entries {
                    li .inbox-entry .unread[!e.read] {
                        div {
                            @if !e.read { span .badge .unread-dot { (page.t("ntf-unread")) } " " }
                            a href={ (base) "/" (e.id) } dir="auto" { (e.title) }
                        }
                        div .inbox-meta {
                            span .muted { (page.t(&format!("ntf-kind-{}", e.kind))) " · " (page.time(e.created_at)) }
                            @if !e.read {
                                form method="post" action={ (base) "/" (e.id) "/read" } .inline {
                                    (csrf_field(page))
                                    button type="submit" .link-button { (page.t("ntf-mark-read")) }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(c) = &p.next_cursor {
                p { a href={ (base) "?cursor=" (layout::urlencode(c)) } { (page.t("ntf-older")) } }
            }
        }
    }
}

fn settings_body(page: &Page, base: &str, s: &Settings, seller: bool) -> Markup {
    let current = s.locale.unwrap_or(page.locale());
    html! {
        p .muted { (page.t(if seller { "ntf-settings-intro-seller" } else { "ntf-settings-intro-buyer" })) }
        form method="post" action={ (base) "/settings" } {
            (csrf_field(page))
            div .table-wrap {
                table .inbox-settings {
                    (layout::table_head(page, &["ntf-col-kind", "ntf-col-in-app", "ntf-col-email"]))
                    tbody {
                        @for k in &s.kinds {
                            @let label = page.t(&format!("ntf-kind-{}", k.kind.code()));
                            tr {
                                th scope="row" { (label) }
                                td {
                                    input type="checkbox" name="in_app" value=(k.kind.code())
                                        id={ "in_app-" (k.kind.code()) } checked[k.in_app]
                                        aria-label={ (label) " · " (page.t("ntf-col-in-app")) };
                                }
                                td {
                                    input type="checkbox" name="email" value=(k.kind.code())
                                        id={ "email-" (k.kind.code()) } checked[k.email]
                                        aria-label={ (label) " · " (page.t("ntf-col-email")) };
                                }
                            }
                        }
                    }
                }
            }
            div .field {
                label for="locale" { (page.t("ntf-language")) }
                select #locale name="locale" {
                    @for l in Locale::ALL {
                        option value=(l.tag()) lang=(l.tag()) selected[l == current] { (l.native_name()) }
                    }
                }
            }
            button type="submit" .auto { (page.t("ntf-save")) }
        }
        p { a href=(base) { (page.t("ntf-back")) } }
    }
}

/// The settings form: `in_app` and `email` once per ticked kind, and `locale`.
fn read_settings(fields: &[(String, String)]) -> (Vec<Setting>, Option<Locale>) {
    let ticked = |name: &str, kind: Kind| fields.iter().any(|(n, v)| n == name && v == kind.code());
    let kinds = Kind::ALL
        .into_iter()
        .map(|kind| Setting {
            kind,
            in_app: ticked("in_app", kind),
            email: ticked("email", kind),
        })
        .collect();
    let locale = fields
        .iter()
        .find(|(n, _)| n == "locale")
        .and_then(|(_, v)| Locale::from_tag(v));
    (kinds, locale)
}

fn back_to(link: &str, fallback: &str) -> Response {
    redirect(&safe_next(Some(link), fallback))
}

// ---------------------------------------------------------------------------------------
// Seller users

pub async fn seller_list(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let p = inbox::list_for_seller(&state.app, &actor, page.locale(), q.cursor.as_deref())
        .await
        .map_err(fail(&page))?;
    let title = page.t("ntf-title");
    let body = inbox_body(&page, SELLER, &p, q.notice.as_deref(), true);
    Ok(layout::seller_shell(&page, "notifications", &title, body).into_response())
}

pub async fn seller_open(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<InboxEntryId>,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let link = inbox::mark_read_for_seller(&state.app, &actor, id)
        .await
        .map_err(fail(&page))?;
    Ok(back_to(&link, SELLER))
}

pub async fn seller_read(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<InboxEntryId>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    inbox::mark_read_for_seller(&state.app, &actor, id)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(SELLER))
}

pub async fn seller_read_all(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    inbox::mark_all_read_for_seller(&state.app, &actor)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(SELLER))
}

pub async fn seller_settings(
    State(state): State<WebState>,
    page: Page,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let s = inbox::settings_for_seller(&state.app, &actor)
        .await
        .map_err(fail(&page))?;
    let title = page.t("ntf-settings");
    let body = settings_body(&page, SELLER, &s, true);
    Ok(layout::seller_shell(&page, "notifications", &title, body).into_response())
}

pub async fn seller_save_settings(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let actor = match member(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let (kinds, locale) = read_settings(&fields);
    inbox::save_settings_for_seller(&state.app, &actor, &kinds, locale)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(&format!("{SELLER}?notice=saved")))
}

// ---------------------------------------------------------------------------------------
// Buyers

pub async fn buyer_list(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let p = inbox::list_for_buyer(&state.app, b, page.locale(), q.cursor.as_deref())
        .await
        .map_err(fail(&page))?;
    let title = page.t("ntf-title");
    let body = html! {
        div .account {
            h1 { (title) }
            (inbox_body(&page, BUYER, &p, q.notice.as_deref(), false))
        }
    };
    Ok(layout::store_shell(&page, &title, body).into_response())
}

pub async fn buyer_open(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<InboxEntryId>,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let link = inbox::mark_read_for_buyer(&state.app, b, id)
        .await
        .map_err(fail(&page))?;
    Ok(back_to(&link, BUYER))
}

pub async fn buyer_read(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<InboxEntryId>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    inbox::mark_read_for_buyer(&state.app, b, id)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(BUYER))
}

pub async fn buyer_read_all(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    inbox::mark_all_read_for_buyer(&state.app, b)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(BUYER))
}

pub async fn buyer_settings(
    State(state): State<WebState>,
    page: Page,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let s = inbox::settings_for_buyer(&state.app, b)
        .await
        .map_err(fail(&page))?;
    let title = page.t("ntf-settings");
    let body = html! {
        div .account {
            h1 { (title) }
            (settings_body(&page, BUYER, &s, false))
        }
    };
    Ok(layout::store_shell(&page, &title, body).into_response())
}

pub async fn buyer_save_settings(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let b = match buyer(&page) {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    let (kinds, locale) = read_settings(&fields);
    inbox::save_settings_for_buyer(&state.app, b, &kinds, locale)
        .await
        .map_err(fail(&page))?;
    Ok(redirect(&format!("{BUYER}?notice=saved")))
}

// ---------------------------------------------------------------------------------------
// The operator's outbox

#[derive(serde::Deserialize, Default)]
pub struct OutboxQuery {
    to: Option<String>,
    kind: Option<String>,
    cursor: Option<String>,
}

/// Text with its `http(s)://` addresses as links.
fn linkified(text: &str) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        let end = rest[start..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| start + e);
        parts.push((false, &rest[..start]));
        parts.push((true, &rest[start..end]));
        rest = &rest[end..];
    }
    parts.push((false, rest));
    html! {
        @for (link, s) in parts {
            @if link { a href=(s) dir="ltr" { (s) } } @else { (s) }
        }
    }
}

pub async fn outbox(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<OutboxQuery>,
) -> Result<Response, WebError> {
    let op = match crate::ops::operator(&page) {
        Ok(op) => op,
        Err(r) => return Ok(*r),
    };
    let query = inbox::OutboxQuery {
        recipient: q.to.clone(),
        kind: q.kind.clone(),
        cursor: q.cursor.clone(),
    };
    let found = inbox::search_outbox(&state.app, &op, &query)
        .await
        .map_err(fail(&page))?;
    let to = q.to.clone().unwrap_or_default();
    let kind = q.kind.clone().unwrap_or_default();
    let searching = !to.trim().is_empty() || !kind.trim().is_empty();
    let kind_label = |k: &str| {
        let key = format!("ntf-kind-{k}");
        if page.i18n.has_own(&key) {
            page.t(&key)
        } else {
            k.to_owned()
        }
    };
    let title = page.t("ops-nav-outbox");
    let content = html! {
        p .muted { (page.t("ops-outbox-intro")) }
        form .filters method="get" action="/ops/outbox" role="search" {
            div .field {
                label for="to" { (page.t("ntf-outbox-recipient")) }
                input #to type="search" name="to" value=(to) dir="ltr";
            }
            div .field {
                label for="kind" { (page.t("ntf-outbox-kind")) }
                select #kind name="kind" {
                    option value="" { (page.t("ntf-outbox-any-kind")) }
                    @for k in &found.kinds {
                        option value=(k) selected[*k == kind] { (kind_label(k)) }
                    }
                }
            }
            div .field { button type="submit" .auto { (page.t("ntf-outbox-search")) } }
        }
        @if found.messages.is_empty() {
            p .notice { (page.t(if searching { "ntf-outbox-none-found" } else { "ops-outbox-empty" })) }
        } @else {
            ol .outbox-list role="list" {
                @for m in &found.messages {
                    li .card .outbox-message data-id=(m.id) {
                        p .outbox-head {
                            (page.time(m.created_at))
                            " · " (m.channel)
                            " · " span dir="ltr" .recipient { (m.recipient) }
                            @if let Some(k) = &m.kind { " · " span .badge { (kind_label(k)) } }
                            " · " code { (m.status) }
                        }
                        p { strong dir="auto" { (m.subject) } }
                        div .pre dir="auto" { (linkified(&m.body)) }
                        @if let Some(e) = &m.last_error { p .field-error { (e) } }
                    }
                }
            }
            @if let Some(c) = &found.next_cursor {
                p {
                    a href={ "/ops/outbox?to=" (layout::urlencode(&to)) "&kind=" (layout::urlencode(&kind)) "&cursor=" (layout::urlencode(c)) } {
                        (page.t("ntf-outbox-older"))
                    }
                }
            }
        }
    };
    Ok(layout::ops_shell(&page, "outbox", &title, content).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_a_message_become_links_and_the_rest_stays_text() {
        let m =
            linkified("Open it: https://shop.example/seller/orders/ord_1\n\nBye <b>").into_string();
        assert!(
            m.contains(r#"<a href="https://shop.example/seller/orders/ord_1" dir="ltr">"#),
            "{m}"
        );
        assert!(m.contains("Bye &lt;b&gt;"), "{m}");
    }

    #[test]
    fn every_kind_has_a_label() {
        for k in Kind::ALL {
            for l in Locale::ALL {
                let i18n = crate::I18n::new(l);
                assert!(
                    i18n.has_own(&format!("ntf-kind-{}", k.code())),
                    "{l} {}",
                    k.code()
                );
            }
        }
    }
}
