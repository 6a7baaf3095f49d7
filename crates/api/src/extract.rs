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

/// A `multipart/form-data` upload: its text fields and its `file` part (name and bytes).
pub struct Upload {
    pub fields: std::collections::HashMap<String, String>,
    pub file: Option<(String, bytes::Bytes)>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Reads a whole upload; a body that is not valid multipart (or larger than the route allows)
/// is a problem, never a panic.
pub async fn read_upload(mut multipart: axum::extract::Multipart) -> Result<Upload, ApiError> {
    let mut up = Upload {
        fields: std::collections::HashMap::new(),
        file: None,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(crate::Problem::new(
                    e.status(),
                    "invalid-body",
                    "The multipart body could not be read",
                )
                .detail(e.body_text())
                .into());
            }
        };
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_owned();
            let bytes = field.bytes().await.map_err(|e| {
                crate::Problem::new(e.status(), "invalid-body", "The file could not be read")
            })?;
            up.file = Some((file_name, bytes));
        } else {
            let text = field.text().await.unwrap_or_default();
            if shopdeck_domain::text::has_refused_char(&text) {
                return Err(crate::Problem::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "control-characters",
                    "The request's text holds control characters",
                )
                .detail(format!(
                    "The field `{name}` contains a control character (such as NUL)."
                ))
                .into());
            }
            up.fields.insert(name, text);
        }
    }
    Ok(up)
}
