//! What a web handler answers: the page, or the page that explains why not.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use shopdeck_app::AppError;

use crate::error::WebError;
use crate::layout;
use crate::page::Page;

/// The page that explains why not (log-in, 403, 404…), boxed to keep results small.
pub(crate) struct Reply(Box<Response>);

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Reply {
    fn from(r: Response) -> Self {
        Reply(Box::new(r))
    }
}

impl From<WebError> for Reply {
    fn from(e: WebError) -> Self {
        Reply(Box::new(e.into_response()))
    }
}

/// A handler's answer: the page, or the page that explains why not.
pub(crate) type Out = Result<Response, Reply>;

/// The 403 page of a Seller Center section.
pub(crate) fn forbidden_in(page: &Page, section: &str, title_key: &str) -> Reply {
    let content = html! { p .notice role="alert" { (page.t("section-forbidden")) } };
    (
        StatusCode::FORBIDDEN,
        layout::seller_shell(page, section, &page.t(title_key), content),
    )
        .into_response()
        .into()
}

/// A use-case error as a page of a Seller Center section: 403 for refusals, else the usual
/// error page.
pub(crate) fn fail_in(page: &Page, section: &str, title_key: &str, e: AppError) -> Reply {
    match e {
        AppError::Forbidden => forbidden_in(page, section, title_key),
        other => WebError::from_app(other, page.locale()).into(),
    }
}

/// A use-case error as a page of Products.
pub(crate) fn fail(page: &Page, e: AppError) -> Reply {
    fail_in(page, "products", "nav-products", e)
}
