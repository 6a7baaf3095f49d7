//! CSRF protection, in two independent checks, both stateless so that any process can check
//! any form:
//!
//! 1. **Where the request comes from.** A POST (or any unsafe method) that the browser says
//!    comes from another site — `Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin`
//!    that is neither this host nor the public URL's — is refused with 403 before any handler
//!    runs ([`refuse_cross_site`]).
//! 2. **A token bound to the browser's sessions.** Every form carries a token that must equal
//!    the `sd_csrf` cookie (double submit) *and* be
//!    `nonce "." HMAC-SHA256(server key, nonce, sd_session cookie, sd_buyer cookie)`. A cookie
//!    and token someone managed to plant in a victim's browser (from a sibling subdomain, or
//!    over plain HTTP) were issued for the planter's sessions, not the victim's, so they fail.
//!    Logging in or out changes the sessions, so the response that does it carries a new token
//!    ([`ensure_token`]); forms opened before it are refused once, like any stale form.
//!
//! The server key is a row in `platform_secrets` (`shopdeck_app::system::server_key`), shared by
//! every process of a deployment and kept in memory once read. Without the victim's session
//! cookie (which the database only holds hashed), even the key does not make a valid token.

use crate::cookies::CookieSpec;
use std::sync::{Arc, OnceLock};

use axum::extract::{FromRequest, Request, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use crate::WebState;
use crate::error::WebError;
use crate::page::{BUYER_COOKIE, Page, SESSION_COOKIE, choose_locale};

pub const COOKIE_NAME: &str = "sd_csrf";

/// The name of the server key in `platform_secrets`.
const KEY_NAME: &str = "csrf";

/// The request's CSRF token, for forms to embed: the cookie's when it is valid for this
/// request's sessions, else a new one (which the response sets as the cookie).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The server key, read from the database once per process.
#[derive(Clone, Default)]
pub(crate) struct KeyCache(Arc<OnceLock<String>>);

impl KeyCache {
    async fn get(&self, state: &WebState) -> Result<String, shopdeck_app::AppError> {
        if let Some(k) = self.0.get() {
            return Ok(k.clone());
        }
        let key = shopdeck_app::system::server_key(&state.app, KEY_NAME).await?;
        // Two requests may both have read it; it is the same row either way.
        Ok(self.0.get_or_init(|| key).clone())
    }
}

/// The session cookies a token is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sessions {
    seller: Option<String>,
    buyer: Option<String>,
}

impl Sessions {
    fn of(headers: &HeaderMap) -> Self {
        Sessions {
            seller: cookie_value(headers, SESSION_COOKIE).filter(|v| !v.is_empty()),
            buyer: cookie_value(headers, BUYER_COOKIE).filter(|v| !v.is_empty()),
        }
    }
}

/// What a response did to the session cookies (set by `page::set_session_cookie` and
/// `page::set_buyer_cookie`): `Some(None)` cleared one, `Some(Some(v))` set it to `v`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SessionsChanged {
    pub(crate) seller: Option<Option<String>>,
    pub(crate) buyer: Option<Option<String>>,
}

impl SessionsChanged {
    fn apply(&self, before: &Sessions) -> Sessions {
        Sessions {
            seller: self.seller.clone().unwrap_or_else(|| before.seller.clone()),
            buyer: self.buyer.clone().unwrap_or_else(|| before.buyer.clone()),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn mac(key: &str, nonce: &str, sessions: &Sessions) -> String {
    // Cookie values never hold a newline, so the fields cannot run into each other.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    for part in [
        nonce,
        sessions.seller.as_deref().unwrap_or(""),
        sessions.buyer.as_deref().unwrap_or(""),
    ] {
        m.update(part.as_bytes());
        m.update(b"\n");
    }
    hex(&m.finalize().into_bytes())
}

/// A new token for these sessions.
fn issue(key: &str, sessions: &Sessions) -> String {
    let nonce = hex(&rand::random::<[u8; 16]>());
    let mac = mac(key, &nonce, sessions);
    format!("{nonce}.{mac}")
}

/// Whether `token` was issued with this key for these sessions.
fn valid_for(key: &str, token: &str, sessions: &Sessions) -> bool {
    let Some((nonce, sent)) = token.split_once('.') else {
        return false;
    };
    nonce.len() == 32
        && nonce.bytes().all(|b| b.is_ascii_hexdigit())
        && same(sent, &mac(key, nonce, sessions))
}

pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Gives every request a token valid for its sessions, and the browser the matching cookie:
/// on a page when it has none (or a stale one), and on any response that logs in or out.
pub async fn ensure_token(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let key = match state.csrf_key.get(&state).await {
        Ok(k) => k,
        Err(e) => {
            return WebError::from_app(e, choose_locale(req.headers())).into_response();
        }
    };
    let sessions = Sessions::of(req.headers());
    let valid = cookie_value(req.headers(), COOKIE_NAME).filter(|t| valid_for(&key, t, &sessions));
    let token = valid.clone().unwrap_or_else(|| issue(&key, &sessions));
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    let cookie = match res.extensions().get::<SessionsChanged>() {
        Some(changed) => Some(issue(&key, &changed.apply(&sessions))),
        // Only pages carry forms; assets and redirects need no token.
        None if valid.is_none() && is_html(&res) => Some(token),
        None => None,
    };
    if let Some(token) = cookie {
        const CSRF: CookieSpec = CookieSpec::new(COOKIE_NAME, "/").strict();
        crate::cookies::set(&mut res, &CSRF, Some(&token), state.settings.secure_cookies);
    }
    res
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Refuses (403) a request that changes something when the browser says another site's page
/// sent it. Requests without these headers (other programs, old browsers) go on to the token
/// check.
pub async fn refuse_cross_site(
    State(state): State<WebState>,
    req: Request,
    next: Next,
) -> Response {
    if !req.method().is_safe() && from_another_site(req.headers(), &state.app.settings.public_url) {
        tracing::warn!(
            method = %req.method(),
            path = %req.uri().path(),
            origin = ?req.headers().get(ORIGIN),
            "refused a request from another site"
        );
        return WebError::Csrf(choose_locale(req.headers())).into_response();
    }
    next.run(req).await
}

/// `Sec-Fetch-Site` says so, or `Origin` is neither the host asked nor the public URL's.
fn from_another_site(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site")
        && matches!(site.as_bytes(), b"cross-site" | b"same-site")
    {
        return true;
    }
    let Some(origin) = headers.get(ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let origin = without_default_port(origin.trim_end_matches('/'));
    if origin.eq_ignore_ascii_case(&without_default_port(&origin_of(public_url))) {
        return false;
    }
    // The host the browser asked for: the page that posts was served from it.
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let authority = origin.split_once("://").map(|(_, a)| a);
    match (authority, host) {
        (Some(a), Some(h)) => !a.eq_ignore_ascii_case(&without_default_port_host(h, &origin)),
        _ => true,
    }
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!("{scheme}://{authority}")
        }
        None => url.to_owned(),
    }
}

/// `https://x:443` is `https://x`, and `http://x:80` is `http://x`.
fn without_default_port(origin: &str) -> String {
    origin
        .strip_suffix(":443")
        .filter(|_| origin.starts_with("https://"))
        .or_else(|| {
            origin
                .strip_suffix(":80")
                .filter(|_| origin.starts_with("http://"))
        })
        .unwrap_or(origin)
        .to_owned()
}

/// The `Host` header without the port the origin's scheme implies.
fn without_default_port_host(host: &str, origin: &str) -> String {
    let default = if origin.starts_with("https://") {
        ":443"
    } else {
        ":80"
    };
    host.strip_suffix(default).unwrap_or(host).to_owned()
}

/// Compares without an early exit, so timing does not reveal a prefix match.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A URL-encoded form whose `_csrf` field is this request's valid token.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

impl<T: DeserializeOwned> FromRequest<WebState> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let expected = req.extensions().get::<CsrfToken>().cloned();
        let locale = choose_locale(req.headers());
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError::BadRequest)?;
        let sent: TokenOnly =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        if !matches(
            expected.as_ref().map(|t| t.0.as_str()),
            sent.csrf.as_deref(),
        ) {
            return Err(WebError::Csrf(locale));
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        Ok(CsrfForm(form))
    }
}

/// The token check, given the request's token (valid cookie or a fresh one nobody has seen)
/// and what the form sent.
fn matches(expected: Option<&str>, sent: Option<&str>) -> bool {
    matches!((expected, sent), (Some(e), Some(s)) if same(e, s))
}

/// Checks a token sent some other way than a URL-encoded form (a multipart upload).
pub fn check(page: &Page, sent: Option<&str>) -> bool {
    matches(Some(page.csrf.as_str()).filter(|t| !t.is_empty()), sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn tokens_hold_only_for_the_sessions_they_were_issued_for() {
        let anon = Sessions::default();
        let alice = Sessions {
            seller: Some("alice-session".into()),
            buyer: None,
        };
        let t = issue("key", &alice);
        assert!(valid_for("key", &t, &alice));
        assert!(!valid_for("key", &t, &anon));
        assert!(!valid_for("another key", &t, &alice));
        let bob = Sessions {
            seller: Some("bob-session".into()),
            buyer: None,
        };
        assert!(!valid_for("key", &t, &bob));
        assert!(!valid_for("key", "0".repeat(64).as_str(), &alice));
        assert_ne!(issue("key", &alice), t, "each token has its own nonce");
    }

    #[test]
    fn requests_from_other_sites_are_told_apart() {
        let public = "https://shop.example.com";
        assert!(!from_another_site(&headers(&[]), public));
        assert!(!from_another_site(
            &headers(&[("origin", "https://shop.example.com")]),
            public
        ));
        assert!(!from_another_site(
            &headers(&[("origin", "https://shop.example.com:443")]),
            public
        ));
        assert!(!from_another_site(
            &headers(&[
                ("origin", "http://10.0.0.5:8080"),
                ("host", "10.0.0.5:8080")
            ]),
            public
        ));
        assert!(!from_another_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        assert!(from_another_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "shop.example.com")
            ]),
            public
        ));
        assert!(from_another_site(
            &headers(&[("origin", "null"), ("host", "shop.example.com")]),
            public
        ));
        assert!(from_another_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        assert!(from_another_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            public
        ));
        assert!(from_another_site(
            &headers(&[("origin", "https://shop.example.com.evil.example")]),
            public
        ));
    }
}
