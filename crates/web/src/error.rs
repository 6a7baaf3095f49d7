//! HTML error pages, and the mapping of use-case errors to them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use shopdeck_app::AppError;
use shopdeck_domain::Locale;

use crate::I18n;
use crate::layout;

#[derive(Debug)]
pub enum WebError {
    NotFound(Locale),
    BadRequest,
    Csrf(Locale),
    Unavailable(Locale),
    Internal(Locale),
}

impl WebError {
    pub fn from_app(e: AppError, locale: Locale) -> Self {
        match e {
            AppError::NotFound(_) => WebError::NotFound(locale),
            AppError::Unavailable(cause) => {
                tracing::error!(error = %cause, "database unavailable");
                WebError::Unavailable(locale)
            }
            other => {
                tracing::error!(error = %other, "request failed");
                WebError::Internal(locale)
            }
        }
    }
}

fn error_page(i18n: &I18n, status: StatusCode, title_key: &str, body_key: &str) -> Response {
    let title = i18n.t(title_key);
    let body = html! {
        main #main .narrow {
            h1 { (title) }
            p { (i18n.t(body_key)) }
            p { a href="/" { (i18n.t("app-name")) } }
        }
    };
    (status, layout::bare_document(i18n, &title, body)).into_response()
}

/// Marks the plain 404 page, which the Seller Center may put back in its shell
/// (`seller::shell_for_not_found`).
#[derive(Debug, Clone, Copy)]
pub struct PlainNotFound;

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound(l) => {
                let mut res = error_page(
                    &I18n::new(l),
                    StatusCode::NOT_FOUND,
                    "error-404-title",
                    "error-404-body",
                );
                res.extensions_mut().insert(PlainNotFound);
                res
            }
            WebError::BadRequest => (StatusCode::BAD_REQUEST, "Bad request").into_response(),
            WebError::Csrf(l) => error_page(
                &I18n::new(l),
                StatusCode::FORBIDDEN,
                "error-500-title",
                "error-csrf",
            ),
            WebError::Unavailable(l) => error_page(
                &I18n::new(l),
                StatusCode::SERVICE_UNAVAILABLE,
                "error-500-title",
                "error-unavailable",
            ),
            WebError::Internal(l) => error_page(
                &I18n::new(l),
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-500-title",
                "error-500-body",
            ),
        }
    }
}

/// The HTML 404 page, in the language the browser asks for.
pub fn not_found_page(headers: &axum::http::HeaderMap) -> Response {
    let locale = crate::page::choose_locale(headers);
    WebError::NotFound(locale).into_response()
}
