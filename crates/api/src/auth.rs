//! Sessions for API clients: log in with a password to get a bearer token, log out, and
//! read who the token belongs to.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use shopdeck_app::auth::{self, ClientInfo, CurrentUser, SessionToken};
use shopdeck_app::{App, AppError};

use crate::extract::ApiJson;
use crate::problem::ApiError;

/// The caller, from `Authorization: Bearer <token>`.
pub struct ApiUser {
    pub user: CurrentUser,
    /// The session, when the caller logged in (not for API tokens).
    pub session: Option<SessionToken>,
    pub client: ClientInfo,
}

/// The token of `Authorization: Bearer <token>`, if the request has one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// Where the request comes from (set by the server's layer; empty in tests without it).
pub(crate) fn client_info(parts: &Parts) -> ClientInfo {
    parts
        .extensions
        .get::<ClientInfo>()
        .cloned()
        .unwrap_or_default()
}

impl FromRequestParts<App> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let bearer = bearer(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let client = client_info(parts);
        // API tokens carry their own prefix; anything else is a session token.
        if bearer.starts_with(shopdeck_app::tokens::PREFIX) {
            let user = shopdeck_app::tokens::authenticate(app, bearer)
                .await?
                .ok_or(AppError::Unauthenticated)?;
            return Ok(ApiUser {
                user,
                session: None,
                client,
            });
        }
        let token = SessionToken::from_cookie(bearer).ok_or(AppError::Unauthenticated)?;
        let user = auth::current_user(app, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(ApiUser {
            user,
            session: Some(token),
            client,
        })
    }
}

/// No `Authorization` header: no caller; a header that does not authenticate is still a 401.
impl axum::extract::OptionalFromRequestParts<App> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &App,
    ) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.get(AUTHORIZATION).is_none() {
            return Ok(None);
        }
        <ApiUser as FromRequestParts<App>>::from_request_parts(parts, app)
            .await
            .map(Some)
    }
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Email address or phone number (E.164).
    pub login: String,
    pub password: String,
}

/// A shop the caller works in, and the caller's role there: a summary, not the shop's profile
/// (`GET /shop`).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MembershipDto {
    /// `sel_…`
    pub id: String,
    pub store_name: String,
    pub country: String,
    pub currency: String,
    pub status: String,
    pub role: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MeDto {
    /// `usr_…`
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    pub current_shop: Option<MembershipDto>,
    pub shops: Vec<MembershipDto>,
}

impl From<&CurrentUser> for MeDto {
    fn from(u: &CurrentUser) -> Self {
        let shop = |m: &auth::Membership| MembershipDto {
            id: m.seller.id.to_string(),
            store_name: m.seller.store_name.clone(),
            country: m.seller.country.clone(),
            currency: m.seller.currency.code().to_owned(),
            status: m.seller.status.as_str().to_owned(),
            role: m.role.clone(),
        };
        MeDto {
            id: u.id.to_string(),
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            is_operator: u.is_operator,
            current_shop: u.seller.as_ref().map(shop),
            shops: u.memberships.iter().map(shop).collect(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <token>`. Shown once.
    pub token: String,
    pub user: MeDto,
}

/// Log in with a password; the answer carries a bearer token.
#[utoipa::path(
    post,
    path = "/sessions",
    operation_id = "create_session",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Logged in", body = SessionCreated),
        (status = 401, description = "Wrong login or password", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed log-ins for this login or address; `Retry-After` says when to try again (`rate-limited`)", body = crate::Problem, content_type = "application/problem+json"))
)]
pub async fn create_session(
    State(app): State<App>,
    axum::extract::Extension(client): axum::extract::Extension<ClientInfo>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let (token, user) = auth::log_in(&app, &req.login, &req.password, &client).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            token: token.expose().to_owned(),
            user: MeDto::from(&user),
        }),
    ))
}

/// End the session of the bearer token.
#[utoipa::path(
    delete,
    path = "/sessions/current",
    operation_id = "delete_session",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "No valid token", body = crate::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_session(State(app): State<App>, me: ApiUser) -> Result<StatusCode, ApiError> {
    let session = me.session.ok_or(AppError::NotFound("session"))?;
    auth::log_out(&app, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the bearer token belongs to, and the shops they work in.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "get_me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeDto),
        (status = 401, description = "No valid token", body = crate::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_me(me: ApiUser) -> Json<MeDto> {
    Json(MeDto::from(&me.user))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SecondFactorRequest {
    /// From the `second-factor-required` problem.
    pub challenge: String,
    /// The 6-digit code from the authenticator app.
    pub code: String,
}

/// Finish a log-in that needs a second factor.
#[utoipa::path(
    post,
    path = "/sessions/second-factor",
    operation_id = "complete_second_factor",
    tag = "auth",
    request_body = SecondFactorRequest,
    responses(
        (status = 201, description = "Logged in", body = SessionCreated),
        (status = 401, description = "Unknown or expired challenge", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code", body = crate::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn complete_second_factor(
    State(app): State<App>,
    axum::extract::Extension(client): axum::extract::Extension<ClientInfo>,
    ApiJson(req): ApiJson<SecondFactorRequest>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let challenge = shopdeck_app::twofactor::Challenge::parse(req.challenge.trim())
        .ok_or(AppError::Unauthenticated)?;
    let (token, user) = auth::complete_second_factor(&app, &challenge, &req.code, &client).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            token: token.expose().to_owned(),
            user: MeDto::from(&user),
        }),
    ))
}
