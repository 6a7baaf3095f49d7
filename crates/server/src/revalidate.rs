//! `ETag` and `Cache-Control` on the storefront's pages and API answers.
//!
//! A storefront answer is a function of the request and of what the storefront cache holds,
//! so its validator is a hash of its body (XXH3, 128 bits): the same bytes, the same tag, on
//! every process and after restarts. A request whose `If-None-Match` names the tag gets
//! `304 Not Modified` without the body. With the storefront cache warm neither answer reads
//! the database; the 304 saves the transfer.
//!
//! - API answers under `/api/v1/storefront/` are the same for everyone: `public, no-cache`,
//!   so a CDN or a browser may keep them and asks again (cheaply, with the tag) each time.
//! - Storefront pages carry the visitor's session and form tokens: `private, no-cache`, so
//!   only the browser keeps them.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, AUTHORIZATION, CACHE_CONTROL, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use shopdeck_api::Problem;
use shopdeck_app::App;

/// Who may keep an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Everyone,
    Visitor,
}

/// The storefront's answers this applies to.
fn audience(method: &Method, path: &str) -> Option<Audience> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    if path.starts_with("/api/v1/storefront/") {
        return Some(Audience::Everyone);
    }
    let page = path == "/"
        || path == "/search"
        || path == "/videos"
        || path == "/live"
        || ["/c/", "/p/", "/shop/", "/v/", "/live/"]
            .iter()
            .any(|p| path.starts_with(p));
    page.then_some(Audience::Visitor)
}

/// Storefront answers are pages and lists; anything bigger passes untagged.
const MAX_TAGGED: usize = 4 << 20;

pub async fn storefront(req: Request, next: Next) -> Response {
    let Some(audience) = audience(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let asked = req.headers().get(IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || res.headers().contains_key(ETAG) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TAGGED).await else {
        return Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response();
    };
    let tag = format!("W/\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(&bytes));
    let Ok(tag) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if !parts.headers.contains_key(CACHE_CONTROL) {
        parts.headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(match audience {
                Audience::Everyone => "public, no-cache",
                Audience::Visitor => "private, no-cache",
            }),
        );
    }
    let fresh = asked.as_ref().is_some_and(|v| matches(v, &tag));
    parts.headers.insert(ETAG, tag);
    if fresh {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        parts.headers.remove(axum::http::header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `If-None-Match` compares weakly (RFC 9110 §13.1.2): `*`, or any listed tag equal to ours
/// with or without `W/`.
fn matches(header: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(header) = header.to_str() else {
        return false;
    };
    let ours = tag.to_str().unwrap_or("").trim_start_matches("W/");
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == ours)
}

/// The storefront API's product answers as sent (compressed), per URL and `Accept-Encoding`, for
/// as long as nothing buyers see has changed: the cache of data below still renders,
/// serialises and compresses every answer, which costs more than the rest together.
/// Freshness: an answer is kept with the storefront generation from before it was made
/// (`App::storefront_generation`, which every committed change moves, in this process at
/// once and from the others within a second) and served only while the generation is the
/// same. Requests with credentials are never answered from it.
pub struct Answers {
    app: App,
    kept: Cache<(String, String), Arc<Kept>, ByLength>,
}

struct Kept {
    generation: u64,
    status_headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct ByLength;

impl Weighter<(String, String), Arc<Kept>> for ByLength {
    fn weight(&self, key: &(String, String), val: &Arc<Kept>) -> u64 {
        (val.body.len() + key.0.len() + 512) as u64
    }
}

/// Bytes of answers kept (compressed bodies are a few kilobytes).
const KEPT_BYTES: u64 = 16 << 20;

impl Answers {
    pub fn new(app: App) -> Arc<Answers> {
        Arc::new(Answers {
            app,
            kept: Cache::with_weighter(8_192, KEPT_BYTES, ByLength),
        })
    }
}

pub async fn keep_public(State(a): State<Arc<Answers>>, req: Request, next: Next) -> Response {
    let public = req.method() == Method::GET
        // Only what the change marks cover: products and their lists (videos and live
        // sessions change with every view and question, unmarked).
        && req.uri().path().starts_with("/api/v1/storefront/products")
        && !req.headers().contains_key(AUTHORIZATION)
        && a.app.settings.storefront_cache_mib > 0;
    if !public {
        return next.run(req).await;
    }
    let key = (
        req.uri().to_string(),
        req.headers()
            .get(ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
    );
    let generation = a.app.storefront_generation();
    if let Some(k) = a.kept.get(&key).filter(|k| k.generation == generation) {
        let known = req.headers().get(IF_NONE_MATCH).is_some_and(|asked| {
            k.status_headers
                .get(ETAG)
                .is_some_and(|tag| matches(asked, tag))
        });
        let mut res = if known {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::NOT_MODIFIED;
            for name in [ETAG, CACHE_CONTROL, VARY] {
                if let Some(v) = k.status_headers.get(&name) {
                    res.headers_mut().insert(name, v.clone());
                }
            }
            res
        } else {
            let mut res = Response::new(Body::from(k.body.clone()));
            *res.headers_mut() = k.status_headers.clone();
            res
        };
        res.headers_mut().insert(
            HeaderName::from_static("x-cache"),
            HeaderValue::from_static("hit"),
        );
        return res;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TAGGED).await else {
        return Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response();
    };
    if a.app.storefront_generation() == generation {
        a.kept.insert(
            key,
            Arc::new(Kept {
                generation,
                status_headers: parts.headers.clone(),
                body: bytes.clone(),
            }),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_storefront_reads_are_tagged() {
        assert_eq!(
            audience(&Method::GET, "/api/v1/storefront/products"),
            Some(Audience::Everyone)
        );
        assert_eq!(audience(&Method::GET, "/p/prd_1"), Some(Audience::Visitor));
        assert_eq!(audience(&Method::GET, "/"), Some(Audience::Visitor));
        assert_eq!(audience(&Method::POST, "/api/v1/storefront/products"), None);
        assert_eq!(audience(&Method::GET, "/seller/products"), None);
        assert_eq!(audience(&Method::GET, "/api/v1/buyer/orders"), None);
        assert_eq!(audience(&Method::GET, "/cart"), None);
    }

    #[test]
    fn tags_compare_weakly_and_in_lists() {
        let tag = HeaderValue::from_static("W/\"ab\"");
        for asked in ["W/\"ab\"", "\"ab\"", "\"x\", W/\"ab\"", "*"] {
            assert!(matches(&HeaderValue::from_static(asked), &tag), "{asked}");
        }
        assert!(!matches(&HeaderValue::from_static("W/\"abc\""), &tag));
    }
}
