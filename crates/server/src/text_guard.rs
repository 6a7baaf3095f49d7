//! Refuses requests whose text holds control characters (`shopdeck_domain::text`): the URL,
//! and JSON and URL-encoded form bodies, checked once for the API and the web alike before
//! any handler runs. Multipart uploads check their text fields where they are read.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shopdeck_api::Problem;
use shopdeck_domain::text::{json_has_refused_char, urlencoded_has_refused_char};

fn refused(place: &str) -> Response {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "control-characters",
        "The request's text holds control characters",
    )
    .detail(format!(
        "The {place} contains a control character (such as NUL); only tab, line feed and \
         carriage return are accepted in text."
    ))
    .into_response()
}

/// The middleware; `max_body` is the largest JSON or form body any route accepts.
pub async fn refuse_control_characters(
    State(max_body): State<usize>,
    req: Request,
    next: Next,
) -> Response {
    let uri = req.uri();
    if urlencoded_has_refused_char(uri.path().as_bytes())
        || uri
            .query()
            .is_some_and(|q| urlencoded_has_refused_char(q.as_bytes()))
    {
        return refused("URL");
    }
    let kind = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    let json = kind
        .as_deref()
        .is_some_and(|k| k == "application/json" || k.ends_with("+json"));
    let form = kind.as_deref() == Some("application/x-www-form-urlencoded");
    if !json && !form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, max_body).await else {
        return Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let bad = if json {
        json_has_refused_char(&bytes)
    } else {
        urlencoded_has_refused_char(&bytes)
    };
    if bad {
        return refused("body");
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
