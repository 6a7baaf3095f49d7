//! Becoming a seller through the API, and resetting a forgotten password.

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use shopdeck_app::auth::{self, ClientInfo};
use shopdeck_app::signup::{self, SignupState, SignupToken, StartSignup};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;

use crate::auth::{MeDto, SessionCreated};
use crate::extract::ApiJson;
use crate::problem::ApiError;

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StartSignupRequest {
    /// `asia`, `europe` or `americas`.
    pub portal: String,
    /// ISO 3166-1 alpha-2 code of a country in that portal, e.g. `GB`.
    pub country: String,
    /// The phone number, national or international form.
    pub phone: String,
    /// Language of the messages sent (default `en`).
    #[schema(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignupStateDto {
    /// `verify_phone`, `set_credentials`, `verify_email` or `done`.
    pub step: String,
    pub country: String,
    /// The phone number, masked.
    pub phone: String,
    pub email: Option<String>,
}

impl From<SignupState> for SignupStateDto {
    fn from(s: SignupState) -> Self {
        SignupStateDto {
            step: serde_json::to_value(s.step)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            country: s.country,
            phone: s.phone,
            email: s.email,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignupStarted {
    /// Send it with every later step. Shown once.
    pub signup_token: String,
    #[serde(flatten)]
    pub state: SignupStateDto,
}

fn token(s: &str) -> Result<SignupToken, ApiError> {
    SignupToken::parse(s).ok_or_else(|| {
        AppError::invalid("signup_token", "signup-token-invalid", "Unknown sign-up").into()
    })
}

/// Start a sign-up: a code is texted to the phone number.
#[utoipa::path(post, path = "/signups", operation_id = "create_signup", tag = "signup",
    request_body = StartSignupRequest,
    responses(
        (status = 202, description = "Code sent", body = SignupStarted),
        (status = 422, description = "Invalid portal, country or phone", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many codes", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_signup(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<StartSignupRequest>,
) -> Result<(StatusCode, Json<SignupStarted>), ApiError> {
    let input = StartSignup {
        portal: req.portal,
        country: req.country,
        phone: req.phone,
        locale: req.locale.unwrap_or(Locale::En),
    };
    let (token, state) = signup::start(&app, &input, client.ip.as_deref()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SignupStarted {
            signup_token: token.expose().to_owned(),
            state: state.into(),
        }),
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SignupCode {
    pub signup_token: String,
    /// The 6-digit code.
    pub code: String,
}

/// Confirm the phone number with the texted code.
#[utoipa::path(post, path = "/signups/verify-phone", operation_id = "verify_signup_phone", tag = "signup",
    request_body = SignupCode,
    responses(
        (status = 200, description = "Phone verified", body = SignupStateDto),
        (status = 422, description = "Wrong, expired or exhausted code", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No sign-up with this token (`not-found`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn verify_signup_phone(
    State(app): State<App>,
    ApiJson(req): ApiJson<SignupCode>,
) -> Result<Json<SignupStateDto>, ApiError> {
    let state = signup::verify_phone(&app, &token(&req.signup_token)?, &req.code).await?;
    Ok(Json(state.into()))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SignupResend {
    pub signup_token: String,
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

/// Send the current step's code again (at most once a minute).
#[utoipa::path(post, path = "/signups/resend-code", operation_id = "resend_signup_code", tag = "signup",
    request_body = SignupResend,
    responses(
        (status = 202, description = "Code sent", body = SignupStateDto),
        (status = 429, description = "Too soon or too many", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No sign-up with this token (`not-found`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn resend_signup_code(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<SignupResend>,
) -> Result<(StatusCode, Json<SignupStateDto>), ApiError> {
    let state = signup::resend_code(
        &app,
        &token(&req.signup_token)?,
        req.locale.unwrap_or(Locale::En),
        client.ip.as_deref(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(state.into())))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SignupCredentials {
    pub signup_token: String,
    /// The name the seller goes by (greetings, the team list): required, 1 to 60 characters
    /// once white space is trimmed and collapsed. Missing or blank is a 422 with the field
    /// error `display_name` / `required`; longer is `too-long`.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 60,
        example = "Mina Park"
    )]
    pub display_name: String,
    pub email: String,
    /// At least 10 characters, not a common password.
    pub password: String,
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

/// Set the seller's name, email address and password; a code is emailed.
#[utoipa::path(post, path = "/signups/credentials", operation_id = "set_signup_credentials", tag = "signup",
    request_body = SignupCredentials,
    responses(
        (status = 202, description = "Code emailed", body = SignupStateDto),
        (status = 422, description = "Missing or too long `display_name`, invalid email or weak password", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many codes sent to this address or from this network (`rate-limited`)", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No sign-up with this token (`not-found`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn set_signup_credentials(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<SignupCredentials>,
) -> Result<(StatusCode, Json<SignupStateDto>), ApiError> {
    let state = signup::set_credentials(
        &app,
        &token(&req.signup_token)?,
        &signup::Credentials {
            email: &req.email,
            password: &req.password,
            display_name: &req.display_name,
        },
        req.locale.unwrap_or(Locale::En),
        client.ip.as_deref(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(state.into())))
}

/// Confirm the email with its code: the account and its shop are created and a session opens.
#[utoipa::path(post, path = "/signups/verify-email", operation_id = "verify_signup_email", tag = "signup",
    request_body = SignupCode,
    responses(
        (status = 201, description = "Account created", body = SessionCreated),
        (status = 422, description = "Wrong, expired or exhausted code", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No sign-up with this token (`not-found`)", body = crate::Problem, content_type = "application/problem+json")))]
pub async fn verify_signup_email(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<SignupCode>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let (session, user) =
        signup::verify_email(&app, &token(&req.signup_token)?, &req.code, &client).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            token: session.expose().to_owned(),
            user: MeDto::from(&user),
        }),
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct PasswordResetRequest {
    pub email: String,
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

/// Email a password-reset code. The answer is the same for unknown addresses.
#[utoipa::path(post, path = "/password-resets", operation_id = "create_password_reset", tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a code is on its way"),
        (status = 429, description = "Too many codes", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_password_reset(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<PasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    auth::request_password_reset(
        &app,
        &req.email,
        req.locale.unwrap_or(Locale::En),
        client.ip.as_deref(),
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct PasswordResetConfirm {
    pub email: String,
    pub code: String,
    pub new_password: String,
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

/// Set a new password with the emailed code; every session of the account ends.
#[utoipa::path(post, path = "/password-resets/confirm", operation_id = "confirm_password_reset", tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed"),
        (status = 422, description = "Wrong code or weak password", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm_password_reset(
    State(app): State<App>,
    ApiJson(req): ApiJson<PasswordResetConfirm>,
) -> Result<StatusCode, ApiError> {
    auth::reset_password(
        &app,
        &req.email,
        &req.code,
        &req.new_password,
        req.locale.unwrap_or(Locale::En),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
