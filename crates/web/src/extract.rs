//! Typed path segments for pages, as the API's `ApiPath` has.

use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::page::choose_locale;

/// Path segments parsed into their types: an id (`WebPath<OrderId>`), a number, or a tuple
/// for a route with several segments (`WebPath<(ReturnId, usize)>`). Ids deserialize
/// through their `FromStr`, so a segment that is not an id of the right kind, like one
/// naming nothing, is the 404 page in the visitor's language.
pub struct WebPath<T>(pub T);

impl<S, T> FromRequestParts<S> for WebPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(WebPath(v)),
            Err(r) => Err(rejection(r, &parts.headers)),
        }
    }
}

/// A segment that does not parse is 404; a handler whose type does not fit its route is
/// a programming error, 500.
fn rejection(r: PathRejection, headers: &axum::http::HeaderMap) -> WebError {
    let locale = choose_locale(headers);
    match &r {
        PathRejection::FailedToDeserializePathParams(e)
            if !matches!(
                e.kind(),
                ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. }
            ) =>
        {
            WebError::NotFound(locale)
        }
        _ => {
            tracing::error!(error = %r.body_text(), "path parameters do not fit the handler");
            WebError::Internal(locale)
        }
    }
}

#[cfg(test)]
mod tests {
    /// Path segments read as plain text, file by file. Everything else is an id (or a
    /// number) and goes through `WebPath`, so that a malformed one is the 404 page.
    const TEXT_SEGMENTS: &[(&str, usize, &str)] = &[
        ("account.rs", 2, "the address kind: warehouse or return"),
        ("assets.rs", 1, "a static asset's file name"),
        (
            "checkout/sandbox_page.rs",
            2,
            "the sandbox payment provider's session reference",
        ),
        ("ops.rs", 1, "an operator console section's name"),
        ("page.rs", 1, "a language tag"),
        ("seller.rs", 1, "the rest of an unknown Seller Center path"),
        ("storefront.rs", 1, "a category slug"),
        ("team.rs", 2, "an invitation's secret token"),
    ];

    #[test]
    fn id_segments_are_typed() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                // This file wraps axum's `Path` and names it in this test.
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("extract.rs") {
                    continue;
                }
                let src_text = std::fs::read_to_string(&path).unwrap();
                // `Path<` not part of `WebPath<`.
                let n = src_text
                    .match_indices("Path<")
                    .filter(|(i, _)| !src_text[..*i].ends_with("Web"))
                    .count();
                if n > 0 {
                    let name = path
                        .strip_prefix(&src)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    found.push((name, n));
                }
            }
        }
        found.sort();
        let allowed: Vec<(String, usize)> = TEXT_SEGMENTS
            .iter()
            .map(|(f, n, _)| ((*f).to_owned(), *n))
            .collect();
        assert_eq!(
            found, allowed,
            "a path segment that is an id takes `WebPath<XId>`, not `Path<String>` parsed by hand"
        );
    }
}
