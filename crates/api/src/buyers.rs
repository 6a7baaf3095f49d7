//! Storefront buyers through the API: sign-up by email or phone with a one-time code, log-in
//! and log-out with `sdb_…` bearer tokens, the buyer's profile and address book, and the
//! [`ApiBuyer`] extractor that buyer routes (cart, checkout, orders) authenticate with.

use axum::Json;
use axum::extract::{Extension, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Deserializer};
use shopdeck_app::auth::ClientInfo;
use shopdeck_app::buyers::{
    self, Address, AddressInput, AddressPatch, BuyerToken, CompleteSignup, CurrentBuyer,
    PendingSignup, StartSignup,
};
use shopdeck_app::{App, AppError};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{AddressId, SignupId};

use crate::auth::{bearer, client_info};
use crate::extract::{ApiJson, ApiPath};
use crate::problem::ApiError;

/// The signed-in buyer of a request, from `Authorization: Bearer sdb_…`.
///
/// Take it as a handler argument on any buyer route; a missing, malformed, unknown or
/// expired token (and any seller session or API token) is refused with `401
/// unauthenticated` problem+json before the handler runs. `Option<ApiBuyer>` accepts
/// anonymous callers but still refuses a bad token.
///
/// ```text
/// async fn get_cart(State(app): State<App>, me: ApiBuyer) -> Result<Json<CartDto>, ApiError> {
///     let cart = shopdeck_app::cart::get(&app, me.buyer.id).await?;
///     …
/// }
/// ```
#[derive(Debug, Clone)]
pub struct ApiBuyer {
    pub buyer: CurrentBuyer,
    /// The session's token (to log it out).
    pub token: BuyerToken,
    /// Where the request comes from.
    pub client: ClientInfo,
}

impl FromRequestParts<App> for ApiBuyer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers)
            .and_then(BuyerToken::parse)
            .ok_or(AppError::Unauthenticated)?;
        let buyer = buyers::current_buyer(app, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let client = client_info(parts);
        Ok(ApiBuyer {
            buyer,
            token,
            client,
        })
    }
}

/// No `Authorization` header: no buyer; a header that does not authenticate is still a 401.
impl axum::extract::OptionalFromRequestParts<App> for ApiBuyer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &App,
    ) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.get(AUTHORIZATION).is_none() {
            return Ok(None);
        }
        <ApiBuyer as FromRequestParts<App>>::from_request_parts(parts, app)
            .await
            .map(Some)
    }
}

/// Reads a field that may be absent (keep) or `null` (treated as empty).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(Option::<String>::deserialize(d)?.unwrap_or_default()))
}

// ---- Sign-up and sessions ----

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StartBuyerSignupRequest {
    /// An email address; or send `phone` instead.
    pub email: Option<String>,
    /// A mobile number: international form (`+33 6 12 34 56 78`), or national form with
    /// `country`.
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2 code of the phone number's country, e.g. `FR`.
    pub country: Option<String>,
    /// Language of the code message and of the account (default `en`).
    #[schema(value_type = Option<String>, example = "fr")]
    pub locale: Option<Locale>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BuyerSignupDto {
    /// `sgn_…`: the sign-up to verify.
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Where the code went, masked.
    pub sent_to: String,
    pub expires_at: String,
}

impl From<PendingSignup> for BuyerSignupDto {
    fn from(p: PendingSignup) -> Self {
        BuyerSignupDto {
            id: p.id.to_string(),
            channel: p.channel.to_owned(),
            sent_to: p.sent_to,
            expires_at: p.expires_at.to_string(),
        }
    }
}

/// Start a buyer sign-up: a 6-digit code goes to the email address or phone number. The
/// answer is the same whether or not the address already has an account.
#[utoipa::path(post, path = "/buyer/signups", operation_id = "create_buyer_signup", tag = "buyers",
    request_body = StartBuyerSignupRequest,
    responses(
        (status = 202, description = "Code sent", body = BuyerSignupDto),
        (status = 422, description = "Invalid email, phone or country", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many codes", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_buyer_signup(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<StartBuyerSignupRequest>,
) -> Result<(StatusCode, Json<BuyerSignupDto>), ApiError> {
    let input = StartSignup {
        email: req.email,
        phone: req.phone,
        country: req.country,
        locale: req.locale.unwrap_or(Locale::En),
    };
    let pending = buyers::start_signup(&app, &input, client.ip.as_deref()).await?;
    Ok((StatusCode::ACCEPTED, Json(pending.into())))
}

/// Send a sign-up's code again (at most once a minute).
#[utoipa::path(post, path = "/buyer/signups/{id}/code", operation_id = "resend_buyer_signup_code", tag = "buyers",
    params(("id" = String, Path, description = "`sgn_…`")),
    responses(
        (status = 202, description = "Code sent", body = BuyerSignupDto),
        (status = 404, description = "Unknown or expired sign-up", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too soon or too many", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn resend_buyer_signup_code(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiPath(id): ApiPath<SignupId>,
) -> Result<(StatusCode, Json<BuyerSignupDto>), ApiError> {
    let pending = buyers::resend_code(&app, id, client.ip.as_deref()).await?;
    Ok((StatusCode::ACCEPTED, Json(pending.into())))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BuyerSignupVerification {
    /// The 6-digit code.
    #[serde(default)]
    pub code: String,
    /// At least 10 characters, not a common password.
    #[serde(default)]
    pub password: String,
    /// The name shown on the account (at most 60 characters).
    #[serde(default)]
    pub display_name: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BuyerDto {
    /// `byr_…`
    pub id: String,
    pub display_name: String,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub locale: String,
}

impl From<&CurrentBuyer> for BuyerDto {
    fn from(b: &CurrentBuyer) -> Self {
        BuyerDto {
            id: b.id.to_string(),
            display_name: b.display_name.clone(),
            email: b.email.clone(),
            phone: b.phone.clone(),
            locale: b.locale.tag().to_owned(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BuyerSessionCreated {
    /// `sdb_…`: send as `Authorization: Bearer <token>`. Shown once.
    pub token: String,
    pub buyer: BuyerDto,
}

fn session_created(token: &BuyerToken, buyer: &CurrentBuyer) -> Json<BuyerSessionCreated> {
    Json(BuyerSessionCreated {
        token: token.expose().to_owned(),
        buyer: BuyerDto::from(buyer),
    })
}

/// Finish a sign-up with its code, a password and a display name: the account is created
/// and a session opens.
#[utoipa::path(post, path = "/buyer/signups/{id}/verification", operation_id = "verify_buyer_signup", tag = "buyers",
    params(("id" = String, Path, description = "`sgn_…`")),
    request_body = BuyerSignupVerification,
    responses(
        (status = 201, description = "Account created and logged in", body = BuyerSessionCreated),
        (status = 404, description = "Unknown or expired sign-up", body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address got an account meanwhile", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong, expired or used code; weak password; missing name", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn verify_buyer_signup(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiPath(id): ApiPath<SignupId>,
    ApiJson(req): ApiJson<BuyerSignupVerification>,
) -> Result<(StatusCode, Json<BuyerSessionCreated>), ApiError> {
    let input = CompleteSignup {
        code: req.code,
        password: req.password,
        display_name: req.display_name,
    };
    let (token, buyer) = buyers::complete_signup(&app, id, &input, &client).await?;
    Ok((StatusCode::CREATED, session_created(&token, &buyer)))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BuyerLoginRequest {
    /// Email address or phone number (international form, or national form of the
    /// account's country).
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
}

/// Log a buyer in; the answer carries an `sdb_…` bearer token.
#[utoipa::path(post, path = "/buyer/sessions", operation_id = "create_buyer_session", tag = "buyers",
    request_body = BuyerLoginRequest,
    responses(
        (status = 201, description = "Logged in", body = BuyerSessionCreated),
        (status = 401, description = "Wrong login or password", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields", body = crate::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed log-ins", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_buyer_session(
    State(app): State<App>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<BuyerLoginRequest>,
) -> Result<(StatusCode, Json<BuyerSessionCreated>), ApiError> {
    let (token, buyer) = buyers::log_in(&app, &req.login, &req.password, &client).await?;
    Ok((StatusCode::CREATED, session_created(&token, &buyer)))
}

/// End the buyer session of the bearer token.
#[utoipa::path(delete, path = "/buyer/sessions/current", operation_id = "delete_buyer_session", tag = "buyers",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_buyer_session(
    State(app): State<App>,
    me: ApiBuyer,
) -> Result<StatusCode, ApiError> {
    buyers::log_out(&app, &me.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The buyer the bearer token belongs to.
#[utoipa::path(get, path = "/buyer/me", operation_id = "get_buyer_me", tag = "buyers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The buyer", body = BuyerDto),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_buyer_me(me: ApiBuyer) -> Json<BuyerDto> {
    Json(BuyerDto::from(&me.buyer))
}

// ---- Addresses ----

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = BuyerAddressDto)]
pub struct AddressDto {
    /// `adr_…`
    pub id: String,
    pub recipient_name: String,
    /// E.164.
    pub phone: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// State, province or prefecture.
    pub region: Option<String>,
    pub city: String,
    pub postal_code: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub is_default: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Address> for AddressDto {
    fn from(a: Address) -> Self {
        AddressDto {
            id: a.id.to_string(),
            recipient_name: a.recipient_name,
            phone: a.phone,
            country: a.country,
            region: a.region,
            city: a.city,
            postal_code: a.postal_code,
            line1: a.line1,
            line2: a.line2,
            is_default: a.is_default,
            created_at: a.created_at.to_string(),
            updated_at: a.updated_at.to_string(),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AddressList {
    /// The default address first, then the newest.
    pub data: Vec<AddressDto>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = BuyerAddressRequest)]
pub struct AddressRequest {
    #[serde(default)]
    pub recipient_name: String,
    /// A mobile number for the courier, in `country`'s national or international form.
    #[serde(default)]
    pub phone: String,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    #[serde(default)]
    pub country: String,
    /// State, province or prefecture; required in US, CA, MX, BR, CN and JP.
    pub region: Option<String>,
    #[serde(default)]
    pub city: String,
    /// Required except where postal codes are not used (AE).
    pub postal_code: Option<String>,
    #[serde(default)]
    pub line1: String,
    pub line2: Option<String>,
    /// Make it the default address (the first address always is).
    #[serde(default)]
    pub is_default: bool,
}

#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AddressPatchRequest {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub recipient_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub country: Option<String>,
    /// `null` or `""` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub region: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub postal_code: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub line1: Option<String>,
    /// `null` or `""` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub line2: Option<String>,
}

/// The buyer's address book.
#[utoipa::path(get, path = "/buyer/addresses", operation_id = "list_buyer_addresses", tag = "buyers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The addresses", body = AddressList),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_buyer_addresses(
    State(app): State<App>,
    me: ApiBuyer,
) -> Result<Json<AddressList>, ApiError> {
    let rows = buyers::list_addresses(&app, me.buyer.id).await?;
    Ok(Json(AddressList {
        data: rows.into_iter().map(AddressDto::from).collect(),
    }))
}

/// Save a new address. Every invalid field is named in `errors`.
#[utoipa::path(post, path = "/buyer/addresses", operation_id = "create_buyer_address", tag = "buyers",
    security(("bearer" = [])),
    request_body = AddressRequest,
    responses(
        (status = 201, description = "Saved", body = AddressDto),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address book is full", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_buyer_address(
    State(app): State<App>,
    me: ApiBuyer,
    ApiJson(req): ApiJson<AddressRequest>,
) -> Result<(StatusCode, Json<AddressDto>), ApiError> {
    let input = AddressInput {
        recipient_name: req.recipient_name,
        phone: req.phone,
        country: req.country,
        region: req.region.unwrap_or_default(),
        city: req.city,
        postal_code: req.postal_code.unwrap_or_default(),
        line1: req.line1,
        line2: req.line2.unwrap_or_default(),
        make_default: req.is_default,
    };
    let row = buyers::create_address(&app, me.buyer.id, &input).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Change some fields of an address; the result is checked as a whole.
#[utoipa::path(patch, path = "/buyer/addresses/{id}", operation_id = "update_buyer_address", tag = "buyers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "`adr_…`")),
    request_body = AddressPatchRequest,
    responses(
        (status = 200, description = "Saved", body = AddressDto),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such address", body = crate::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_buyer_address(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<AddressId>,
    ApiJson(req): ApiJson<AddressPatchRequest>,
) -> Result<Json<AddressDto>, ApiError> {
    let patch = AddressPatch {
        recipient_name: req.recipient_name,
        phone: req.phone,
        country: req.country,
        region: req.region,
        city: req.city,
        postal_code: req.postal_code,
        line1: req.line1,
        line2: req.line2,
    };
    let row = buyers::update_address(&app, me.buyer.id, id, &patch).await?;
    Ok(Json(row.into()))
}

/// Delete an address. When it was the default, the newest remaining one becomes the default.
#[utoipa::path(delete, path = "/buyer/addresses/{id}", operation_id = "delete_buyer_address", tag = "buyers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "`adr_…`")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such address", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_buyer_address(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<AddressId>,
) -> Result<StatusCode, ApiError> {
    buyers::delete_address(&app, me.buyer.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make an address the default.
#[utoipa::path(post, path = "/buyer/addresses/{id}/default", operation_id = "set_default_buyer_address", tag = "buyers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "`adr_…`")),
    responses(
        (status = 200, description = "The new default", body = AddressDto),
        (status = 401, description = "No valid buyer token", body = crate::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such address", body = crate::Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_default_buyer_address(
    State(app): State<App>,
    me: ApiBuyer,
    ApiPath(id): ApiPath<AddressId>,
) -> Result<Json<AddressDto>, ApiError> {
    let row = buyers::set_default_address(&app, me.buyer.id, id).await?;
    Ok(Json(row.into()))
}
