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

/// A use-case error as a page: 403 for refusals, else the usual error page.
pub(crate) fn fail(page: &Page, e: AppError) -> Reply {
    match e {
        AppError::Forbidden => forbidden(page),
        other => WebError::from_app(other, page.locale()).into(),
    }
}

pub(crate) fn forbidden(page: &Page) -> Reply {
    let content = html! { p .notice role="alert" { (page.t("section-forbidden")) } };
    (
        StatusCode::FORBIDDEN,
        layout::seller_shell(page, "products", &page.t("nav-products"), content),
    )
        .into_response()
        .into()
}
