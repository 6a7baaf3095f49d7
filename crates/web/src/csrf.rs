//! CSRF protection by double-submit token: a random token lives in a `SameSite=Strict`
//! cookie and in a hidden field of every form; a POST whose field does not match the cookie is
//! refused. Nothing is kept on the server, so any process can check any form.

use axum::extract::{FromRequest, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::WebState;
use crate::error::WebError;

pub const COOKIE_NAME: &str = "sd_csrf";

/// The request's CSRF token, for forms to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn random_token() -> String {
    rand::random::<[u8; 32]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn valid_shape(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Gives every request a token, setting the cookie when the browser has none yet.
pub async fn ensure_token(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let existing = cookie_value(req.headers(), COOKIE_NAME).filter(|t| valid_shape(t));
    let token = existing.clone().unwrap_or_else(random_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Only pages carry forms; assets and redirects need no token.
    if existing.is_none() && is_html {
        let secure = if state.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// Compares without an early exit, so timing does not reveal a prefix match.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A URL-encoded form whose `_csrf` field matched the cookie.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

impl<T: DeserializeOwned> FromRequest<WebState> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let cookie = cookie_value(req.headers(), COOKIE_NAME);
        let locale = crate::page::choose_locale(req.headers());
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError::BadRequest)?;
        let sent: TokenOnly =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        match (cookie, sent.csrf) {
            (Some(c), Some(s)) if valid_shape(&c) && same(&c, &s) => {}
            _ => return Err(WebError::Csrf(locale)),
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        Ok(CsrfForm(form))
    }
}

/// Checks a token sent some other way than a URL-encoded form (a multipart upload).
pub fn check(headers: &axum::http::HeaderMap, sent: Option<&str>) -> bool {
    match (cookie_value(headers, COOKIE_NAME), sent) {
        (Some(c), Some(s)) => valid_shape(&c) && same(&c, s),
        _ => false,
    }
}
