//! Extractors that turn a bad request into a problem instead of axum's plain-text rejection.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::problem::{ApiError, Problem};

/// A JSON body. Malformed JSON is 400, a body of the wrong shape 422, another content type
/// 415, and a body over the size limit 413.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_problem(rejection).into()),
        }
    }
}

fn json_problem(r: JsonRejection) -> Problem {
    let status = r.status();
    let text = r.body_text();
    let (code, title) = match &r {
        JsonRejection::JsonDataError(_) => ("invalid-body", "The JSON body has the wrong shape"),
        JsonRejection::JsonSyntaxError(_) => ("malformed-json", "The body is not valid JSON"),
        JsonRejection::MissingJsonContentType(_) => (
            "unsupported-media-type",
            "Send the body as application/json",
        ),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload-too-large", "The request body is too large")
        }
        _ => ("bad-request", "The request body could not be read"),
    };
    Problem::new(status, code, title).detail(text)
}

/// Path parameters; a malformed id is a 400 problem naming the parameter.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(r) => Err(path_problem(r).into()),
        }
    }
}

fn path_problem(r: PathRejection) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid-path",
        "A path parameter is malformed",
    )
    .detail(r.body_text())
}

/// Query parameters; bad ones are a 400 problem.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(r) => Err(query_problem(r).into()),
        }
    }
}

fn query_problem(r: QueryRejection) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid-query",
        "A query parameter is malformed",
    )
    .detail(r.body_text())
}
