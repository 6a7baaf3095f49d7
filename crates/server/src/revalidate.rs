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

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shopdeck_api::Problem;

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
