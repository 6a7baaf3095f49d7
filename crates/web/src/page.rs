//! What every page needs to know about its request: language, signed-in user, CSRF token.

use crate::cookies::{self, CookieSpec};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::{ACCEPT_LANGUAGE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
use shopdeck_app::access::SellerActor;
use shopdeck_app::auth::{self, ClientInfo, CurrentUser, SessionToken};
use shopdeck_app::buyers::{self, BuyerToken, CurrentBuyer};
use shopdeck_domain::Locale;

use crate::layout;

use crate::csrf::{CsrfToken, SessionsChanged, cookie_value};
use crate::error::WebError;
use crate::{I18n, WebState};

pub const LANG_COOKIE: &str = "sd_lang";
pub const SESSION_COOKIE: &str = "sd_session";
/// The storefront buyer's session, apart from the seller's.
pub const BUYER_COOKIE: &str = "sd_buyer";

/// The request context of a page.
pub struct Page {
    pub i18n: I18n,
    pub csrf: String,
    pub user: Option<CurrentUser>,
    /// Path and query of this request, for "come back here" links.
    pub here: String,
    pub session: Option<SessionToken>,
    /// Who is calling (user agent, address), for the audit log.
    pub client: ClientInfo,
    /// The signed-in storefront buyer (loaded only when the `sd_buyer` cookie is sent).
    pub buyer: Option<CurrentBuyer>,
    pub buyer_token: Option<BuyerToken>,
    /// Unread inbox entries of the seller user in the shop they work in (0 without one).
    pub seller_unread: i64,
    /// Unread inbox entries of the signed-in buyer (0 without one).
    pub buyer_unread: i64,
    /// The zone this page shows times in (`format::zone_for`: the shop's on seller pages,
    /// UTC on operator pages, the buyer's elsewhere).
    pub zone: jiff::tz::TimeZone,
}

impl Page {
    /// What a redirect came back to say (`?notice=`): the message of `sent` in an allow-list
    /// of (value, message key); anything else says nothing.
    pub(crate) fn notice(&self, sent: Option<&str>, known: &[(&str, &str)]) -> Option<String> {
        let sent = sent?;
        known
            .iter()
            .find(|(value, _)| *value == sent)
            .map(|(_, key)| self.t(key))
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.t(key)
    }

    pub fn ta(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.i18n.ta(key, args)
    }

    /// A message with a count `$n` (plural variants apply).
    pub fn tn(&self, key: &str, n: i64, args: &[(&'static str, &str)]) -> String {
        self.i18n.tn(key, n, args)
    }

    pub fn locale(&self) -> Locale {
        self.i18n.locale()
    }
}

/// The user's language: their explicit choice (cookie), else the browser's, else English.
pub fn choose_locale(headers: &HeaderMap) -> Locale {
    cookie_value(headers, LANG_COOKIE)
        .and_then(|t| Locale::from_tag(&t))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::En)
}

impl FromRequestParts<WebState> for Page {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, WebError> {
        let i18n = I18n::new(choose_locale(&parts.headers));
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let session = cookie_value(&parts.headers, SESSION_COOKIE)
            .and_then(|v| SessionToken::from_cookie(&v));
        let user = match &session {
            Some(token) => auth::current_user(&state.app, token)
                .await
                .map_err(|e| WebError::from_app(e, i18n.locale()))?,
            None => None,
        };
        let buyer_token =
            cookie_value(&parts.headers, BUYER_COOKIE).and_then(|v| BuyerToken::parse(&v));
        let buyer = match &buyer_token {
            Some(token) => buyers::current_buyer(&state.app, token)
                .await
                .map_err(|e| WebError::from_app(e, i18n.locale()))?,
            None => None,
        };
        // The header's unread badges: one indexed count per signed-in person.
        let seller_unread = match user
            .as_ref()
            .and_then(|u| u.seller.as_ref().map(|m| (u.id, m.seller.id)))
        {
            Some((u, s)) => shopdeck_app::inbox::unread_for_seller(&state.app, u, s)
                .await
                .map_err(|e| WebError::from_app(e, i18n.locale()))?,
            None => 0,
        };
        let buyer_unread = match &buyer {
            Some(b) => shopdeck_app::inbox::unread_for_buyer(&state.app, b.id)
                .await
                .map_err(|e| WebError::from_app(e, i18n.locale()))?,
            None => 0,
        };
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        let shop_zone = user
            .as_ref()
            .and_then(|u| u.seller.as_ref())
            .map(|m| m.seller.time_zone.as_str());
        let buyer_zone = cookie_value(&parts.headers, crate::format::TZ_COOKIE);
        let zone = crate::format::zone_for(parts.uri.path(), shop_zone, buyer_zone.as_deref());
        let client = parts
            .extensions
            .get::<ClientInfo>()
            .cloned()
            .unwrap_or_default();
        Ok(Page {
            i18n,
            csrf,
            user,
            here,
            session,
            client,
            buyer,
            buyer_token,
            seller_unread,
            buyer_unread,
            zone,
        })
    }
}

/// Only same-site paths are followed after a redirect, never another host.
pub fn safe_next(next: Option<&str>, default: &str) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => default.to_owned(),
    }
}

/// A 303 See Other redirect.
pub fn redirect(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
    /// A message to show once (from an allow-list, never echoed).
    pub notice: Option<String>,
}

/// `GET /lang/{tag}?next=/path`: remembers the language for a year and goes back.
pub async fn switch_language(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(tag): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref(), "/");
    let Some(locale) = Locale::from_tag(&tag) else {
        return redirect(&next);
    };
    remember_locale(&state, &headers, locale).await;
    let mut res = redirect(&next);
    const LANG: CookieSpec = CookieSpec::new(LANG_COOKIE, "/")
        .lasting(31_536_000)
        .readable();
    cookies::set(
        &mut res,
        &LANG,
        Some(locale.tag()),
        state.settings.secure_cookies,
    );
    res
}

/// The signed-in seller user's and buyer's messages are written in the language they chose
/// from now on. A failure here only leaves the old language for messages: the switch goes on.
async fn remember_locale(state: &WebState, headers: &HeaderMap, locale: Locale) {
    let app = &state.app;
    if let Some(token) =
        cookie_value(headers, SESSION_COOKIE).and_then(|v| SessionToken::from_cookie(&v))
        && let Ok(Some(user)) = auth::current_user(app, &token).await
        && user.token.is_none()
        && let Err(e) = shopdeck_app::inbox::remember_user_locale(app, user.id, locale).await
    {
        tracing::warn!(error = %e, "could not store the user's language");
    }
    if let Some(token) = cookie_value(headers, BUYER_COOKIE).and_then(|v| BuyerToken::parse(&v))
        && let Ok(Some(buyer)) = buyers::current_buyer(app, &token).await
        && let Err(e) = shopdeck_app::inbox::remember_buyer_locale(app, buyer.id, locale).await
    {
        tracing::warn!(error = %e, "could not store the buyer's language");
    }
}

fn sessions_changed(res: &mut Response) -> &mut SessionsChanged {
    res.extensions_mut()
        .get_or_insert_with(SessionsChanged::default)
}

/// Sets or clears the session cookie on a response (which then also carries a CSRF token
/// for the new session: see `csrf`).
pub fn set_session_cookie(res: &mut Response, token: Option<&SessionToken>, secure: bool) {
    sessions_changed(res).seller = Some(token.map(|t| t.expose().to_owned()));
    const SESSION: CookieSpec = CookieSpec::new(SESSION_COOKIE, "/");
    cookies::set(res, &SESSION, token.map(SessionToken::expose), secure);
}

/// Sets or clears the buyer's session cookie on a response (which then also carries a CSRF
/// token for the new session: see `csrf`).
pub fn set_buyer_cookie(res: &mut Response, token: Option<&BuyerToken>, secure: bool) {
    sessions_changed(res).buyer = Some(token.map(|t| t.expose().to_owned()));
    const BUYER: CookieSpec = CookieSpec::new(BUYER_COOKIE, "/");
    cookies::set(res, &BUYER, token.map(BuyerToken::expose), secure);
}

/// To the Seller Center's log-in form, then back to this page.
pub(crate) fn to_seller_login(page: &Page) -> Response {
    redirect(&format!(
        "/seller/login?next={}",
        layout::urlencode(&page.here)
    ))
}

/// The signed-in owner of a shop, or the response that sends anyone else away.
pub(crate) fn owner(page: &Page) -> Result<SellerActor, Box<Response>> {
    let Some(user) = &page.user else {
        return Err(Box::new(to_seller_login(page)));
    };
    match SellerActor::of(user, &page.client) {
        Ok(a) if a.is_owner() => Ok(a),
        _ => Err(Box::new(
            (
                StatusCode::FORBIDDEN,
                layout::seller_shell(
                    page,
                    "account",
                    &page.t("nav-account"),
                    html! { p .notice role="alert" { (page.t("account-owner-only")) } },
                ),
            )
                .into_response(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/seller/orders"), "/"), "/seller/orders");
        assert_eq!(safe_next(Some("//evil.example"), "/"), "/");
        assert_eq!(safe_next(Some("https://evil.example"), "/"), "/");
        assert_eq!(safe_next(Some("/\\evil"), "/"), "/");
        assert_eq!(safe_next(None, "/seller"), "/seller");
    }
}
