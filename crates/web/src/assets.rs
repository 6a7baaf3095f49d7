//! Static assets, embedded in the binary: the one stylesheet, the icon and the few scripts.
//!
//! Pages load every script and style from here (`/assets/…`), never inline, so the
//! Content-Security-Policy can forbid inline code (`script-src 'self'; style-src 'self'`).

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// (file name under `/assets/`, content type, content).
const FILES: &[(&str, &str, &str)] = &[
    ("app.css", CSS, include_str!("../assets/app.css")),
    ("checkout.js", JS, include_str!("../assets/checkout.js")),
    ("live.js", JS, include_str!("../assets/live.js")),
    (
        "product-form.js",
        JS,
        include_str!("../assets/product-form.js"),
    ),
    ("time-zone.js", JS, include_str!("../assets/time-zone.js")),
];

const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// `GET /assets/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (CONTENT_TYPE, *content_type),
                (CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn favicon() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON_SVG,
    )
}
