//! RFC 9457 problem details: the one shape of every API error.
//!
//! `type` is a stable URN per problem kind and `code` repeats its last part for clients that
//! switch on a string. 5xx answers log their cause once and say nothing internal.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shopdeck_app::{AppError, FieldError};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// The request field, as a JSON pointer-like dotted path.
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A problem+json document.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// With `second-factor-required`: send it with the code to `POST /sessions/second-factor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    #[serde(skip)]
    retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        Problem {
            type_uri: format!("urn:shopdeck:problem:{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            code: code.to_owned(),
            detail: None,
            errors: Vec::new(),
            challenge: None,
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors
            .into_iter()
            .map(|e| ProblemField {
                field: e.field,
                code: e.code,
                message: e.message,
            })
            .collect();
        self
    }

    /// The standard problem for a bare HTTP status (used for errors raised by middleware).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, title) = match status {
            StatusCode::BAD_REQUEST => ("bad-request", "The request is malformed"),
            StatusCode::UNAUTHORIZED => ("unauthenticated", "Authentication required"),
            StatusCode::FORBIDDEN => ("forbidden", "You are not allowed to do this"),
            StatusCode::NOT_FOUND => ("not-found", "Not found"),
            StatusCode::METHOD_NOT_ALLOWED => {
                ("method-not-allowed", "This method is not allowed here")
            }
            StatusCode::NOT_ACCEPTABLE => ("not-acceptable", "Not acceptable"),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "The request took too long"),
            StatusCode::CONFLICT => ("conflict", "Conflict"),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload-too-large", "The request body is too large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported-media-type", "Unsupported content type")
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                ("validation-failed", "The request has invalid fields")
            }
            StatusCode::TOO_MANY_REQUESTS => ("rate-limited", "Too many requests"),
            StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "The service is unavailable"),
            s if s.is_server_error() => ("internal", "Internal server error"),
            _ => ("error", "Request failed"),
        };
        Problem::new(status, code, title)
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            // A provider's callback is authenticated by its signature, not by a token.
            let scheme = if self.code == "bad-signature" {
                "Shopdeck-Signature realm=\"callbacks\""
            } else {
                "Bearer realm=\"shopdeck\""
            };
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
        }
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// The API's error type: every handler returns `Result<_, ApiError>`.
#[derive(Debug)]
pub struct ApiError(pub Box<Problem>);

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError(Box::new(p))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(Box::new(problem_from_app(e)))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// Maps a use-case error to its problem, once for the whole API.
pub fn problem_from_app(e: AppError) -> Problem {
    match e {
        AppError::Validation(errors) => Problem::for_status(StatusCode::UNPROCESSABLE_ENTITY)
            .detail("Some fields are invalid; see `errors`.")
            .with_errors(errors),
        AppError::NotFound(what) => {
            Problem::for_status(StatusCode::NOT_FOUND).detail(format!("No such {what}."))
        }
        AppError::Unauthenticated => Problem::for_status(StatusCode::UNAUTHORIZED)
            .detail("Send a valid token as `Authorization: Bearer <token>`."),
        AppError::BadCredentials => Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad-credentials",
            "The login or password is wrong",
        ),
        AppError::SecondFactorRequired(challenge) => {
            let mut p = Problem::new(
                StatusCode::UNAUTHORIZED,
                "second-factor-required",
                "A code from the authenticator app is needed",
            )
            .detail("Send `challenge` and the 6-digit code to POST /api/v1/sessions/second-factor within 5 minutes.");
            p.challenge = Some(challenge.expose().to_owned());
            p
        }
        AppError::Forbidden => Problem::for_status(StatusCode::FORBIDDEN),
        AppError::BadSignature => Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad-signature",
            "The callback's signature is missing, forged or stale",
        )
        .detail("Sign the raw body as the provider's documentation says (`Shopdeck-Signature`)."),
        AppError::KeyReused => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "This Idempotency-Key was used for a different request",
        )
        .detail("Send a new key for a new request."),
        AppError::Conflict { code, detail } => Problem::new(
            StatusCode::CONFLICT,
            code.code(),
            "The current state does not allow this",
        )
        .detail(detail),
        AppError::RateLimited { retry_after } => {
            let mut p = Problem::for_status(StatusCode::TOO_MANY_REQUESTS);
            p.retry_after = Some(retry_after.as_secs().max(1));
            p
        }
        AppError::Unavailable(cause) => {
            tracing::error!(error = %cause, "database unavailable");
            Problem::for_status(StatusCode::SERVICE_UNAVAILABLE)
        }
        AppError::Internal(cause) => {
            tracing::error!(error = %cause, "internal error");
            Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

pub async fn not_found() -> Problem {
    Problem::for_status(StatusCode::NOT_FOUND).detail("No API route matches this path.")
}

pub async fn method_not_allowed() -> Problem {
    Problem::for_status(StatusCode::METHOD_NOT_ALLOWED)
        .detail("This route exists but does not accept this method.")
}

#[cfg(test)]
mod tests {
    use shopdeck_app::Refusal;

    use super::*;

    #[test]
    fn a_refusal_is_a_409_with_its_own_code_and_every_code_is_documented() {
        let p = problem_from_app(AppError::refused(
            Refusal::OrderShipped,
            "order 1 has shipped",
        ));
        assert_eq!(p.status, 409);
        assert_eq!(p.code, "order-shipped");
        assert_eq!(p.type_uri, "urn:shopdeck:problem:order-shipped");
        assert_eq!(p.detail.as_deref(), Some("order 1 has shipped"));
        let doc = include_str!("../../../docs/API.md");
        for r in Refusal::ALL {
            assert!(
                doc.contains(&format!("| `{}` |", r.code())),
                "docs/API.md does not list the refusal code {}",
                r.code()
            );
        }
    }
}
