//! Becoming a seller: choose the portal and country, verify a phone number, then give a name
//! and an email address with a password. The account and its shop (status `REGISTERED`) exist
//! once both are verified; the onboarding checklist takes over from there.
//!
//! Answers never reveal whether a phone number or email already has an account: such a
//! sign-up goes through the same steps, but its owner gets a notice instead of a code and no
//! code typed can succeed.

use jiff::SignedDuration;
use shopdeck_domain::ids::{SellerId, SignupId, UserId};
use shopdeck_domain::password::NewPassword;
use shopdeck_domain::phone::PhoneNumber;
use shopdeck_domain::roles::BuiltInRole;
use shopdeck_domain::sellers::{OWNER_ROLE, SellerStatus};
use shopdeck_domain::{Country, Email, Locale, Portal};
use shopdeck_store::signups::{self as repo, SignupRow};
use shopdeck_store::{Conn, StoreError, sellers, users};

use crate::auth::{
    ClientInfo, CurrentUser, SessionToken, hash_password, open_session, password_code,
};
use crate::codes::{self, CodeKind, Delivery, Purpose};
use crate::notify::Channel;
use crate::{App, AppError, FieldError, Refusal, Result};

/// A sign-up is abandoned after a day.
const SIGNUP_TTL: SignedDuration = SignedDuration::from_hours(24);

/// The secret that lets a browser or client continue its sign-up.
#[derive(Clone, PartialEq, Eq)]
pub struct SignupToken(String);

impl SignupToken {
    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| SignupToken(s.to_owned()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    fn hash(&self) -> String {
        crate::secrets::sha256_hex(&self.0)
    }
}

impl std::fmt::Debug for SignupToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignupToken(<redacted>)")
    }
}

/// What the sign-up needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    VerifyPhone,
    SetCredentials,
    VerifyEmail,
    Done,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SignupState {
    pub step: Step,
    pub country: String,
    /// The phone number with all but its last digits hidden.
    pub phone: String,
    pub email: Option<String>,
    /// The name given with the e-mail address.
    pub display_name: Option<String>,
}

fn state_of(row: &SignupRow) -> SignupState {
    let step = if row.user_id.is_some() {
        Step::Done
    } else if row.phone_verified_at.is_none() {
        Step::VerifyPhone
    } else if row.email.is_none() {
        Step::SetCredentials
    } else {
        Step::VerifyEmail
    };
    SignupState {
        step,
        country: row.country.clone(),
        phone: mask_phone(
            &row.phone,
            Country::by_code(&row.country).map_or("", |c| c.calling_code),
        ),
        email: row.email.clone(),
        display_name: row.display_name.clone(),
    }
}

/// `+44 ••••••0123`: the country code and the last four digits stay readable.
fn mask_phone(e164: &str, calling_code: &str) -> String {
    let national = e164
        .strip_prefix('+')
        .and_then(|d| d.strip_prefix(calling_code))
        .unwrap_or(e164);
    let keep = national.len().saturating_sub(4);
    let masked: String = national
        .chars()
        .enumerate()
        .map(|(i, c)| if i < keep { '•' } else { c })
        .collect();
    format!("+{calling_code} {masked}")
}

fn portal_of(s: &str) -> Option<Portal> {
    match s {
        "asia" => Some(Portal::Asia),
        "europe" => Some(Portal::Europe),
        "americas" => Some(Portal::Americas),
        _ => None,
    }
}

pub fn portal_name(p: Portal) -> &'static str {
    match p {
        Portal::Asia => "asia",
        Portal::Europe => "europe",
        Portal::Americas => "americas",
    }
}

/// The first step's input.
#[derive(Debug, Clone)]
pub struct StartSignup {
    pub portal: String,
    pub country: String,
    pub phone: String,
    pub locale: Locale,
}

/// Starts a sign-up and texts a code to the phone number.
pub async fn start(
    app: &App,
    input: &StartSignup,
    ip: Option<&str>,
) -> Result<(SignupToken, SignupState)> {
    let mut errors = Vec::new();
    let portal = portal_of(&input.portal);
    if portal.is_none() {
        errors.push(FieldError::new(
            "portal",
            "portal-invalid",
            "Choose a seller portal",
        ));
    }
    let country = Country::by_code(input.country.trim());
    match (country, portal) {
        (None, _) => errors.push(FieldError::new(
            "country",
            "country-invalid",
            "Choose a country",
        )),
        (Some(c), Some(p)) if c.portal != p => errors.push(FieldError::new(
            "country",
            "country-not-in-portal",
            "This country is served by another portal",
        )),
        _ => {}
    }
    let phone = country.and_then(|c| match PhoneNumber::parse(&input.phone, &c) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError::new("phone", "phone-invalid", e.to_string()));
            None
        }
    });
    let (Some(country), Some(phone), true) = (country, phone, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };

    let token = SignupToken(crate::secrets::random_hex());
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let id: SignupId = app.new_id();
    repo::insert_signup(
        &mut tx,
        &repo::NewSignup {
            id,
            token_hash: &token.hash(),
            portal: portal_name(country.portal),
            country: country.code,
            phone: phone.as_e164(),
            expires_at: now.saturating_add(SIGNUP_TTL).unwrap_or(now),
        },
        now,
    )
    .await?;
    send_phone_code(app, &mut tx, id, phone.as_e164(), input.locale, ip).await?;
    let row = repo::find_signup_by_token(&mut tx, &token.hash())
        .await?
        .ok_or(AppError::NotFound("sign-up"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((token, state_of(&row)))
}

async fn send_phone_code(
    app: &App,
    conn: &mut Conn,
    id: SignupId,
    phone: &str,
    locale: Locale,
    ip: Option<&str>,
) -> Result<()> {
    let taken = users::login_taken(conn, None, Some(phone)).await?;
    let kind = if taken {
        CodeKind::Decoy(Some(("signup-taken-subject", "signup-taken-sms")))
    } else {
        CodeKind::Real(("code-subject", "code-sms"))
    };
    codes::send(
        app,
        conn,
        Purpose::SignupPhone,
        &id.to_string(),
        &Delivery {
            channel: Channel::Sms,
            target: phone,
            locale,
            kind,
        },
        ip,
    )
    .await
}

async fn send_email_code(
    app: &App,
    conn: &mut Conn,
    id: SignupId,
    email: &str,
    locale: Locale,
    ip: Option<&str>,
) -> Result<()> {
    let taken = users::login_taken(conn, Some(email), None).await?;
    let kind = if taken {
        CodeKind::Decoy(Some(("signup-taken-subject", "signup-taken-email")))
    } else {
        CodeKind::Real(("code-subject", "code-email"))
    };
    codes::send(
        app,
        conn,
        Purpose::SignupEmail,
        &id.to_string(),
        &Delivery {
            channel: Channel::Email,
            target: email,
            locale,
            kind,
        },
        ip,
    )
    .await
}

/// Loads a live sign-up in the caller's transaction.
async fn load(app: &App, conn: &mut Conn, token: &SignupToken) -> Result<SignupRow> {
    let row = repo::find_signup_by_token(conn, &token.hash())
        .await?
        .ok_or(AppError::NotFound("sign-up"))?;
    if app.now() >= row.expires_at {
        return Err(AppError::NotFound("sign-up"));
    }
    Ok(row)
}

fn wrong_step(expected: &str) -> AppError {
    AppError::refused(
        Refusal::SignupStep,
        format!("this sign-up is not waiting for {expected}"),
    )
}

/// Where a sign-up stands.
pub async fn state(app: &App, token: &SignupToken) -> Result<SignupState> {
    let mut conn = app.db.conn().await?;
    Ok(state_of(&load(app, &mut conn, token).await?))
}

/// Checks the code texted to the phone.
pub async fn verify_phone(app: &App, token: &SignupToken, code: &str) -> Result<SignupState> {
    let mut tx = app.db.begin().await?;
    let row = load(app, &mut tx, token).await?;
    if state_of(&row).step != Step::VerifyPhone {
        return Err(wrong_step("a phone code"));
    }
    let checked = codes::verify(
        app,
        &mut tx,
        Purpose::SignupPhone,
        &row.id.to_string(),
        code,
    )
    .await;
    if checked.is_ok() {
        repo::mark_phone_verified(&mut tx, row.id, app.now()).await?;
    }
    // Commit either way: a wrong code must count as a try.
    tx.commit().await.map_err(StoreError::from)?;
    checked?;
    state(app, token).await
}

/// Sends the current step's code again (at most once a minute).
pub async fn resend_code(
    app: &App,
    token: &SignupToken,
    locale: Locale,
    ip: Option<&str>,
) -> Result<SignupState> {
    let mut tx = app.db.begin().await?;
    let row = load(app, &mut tx, token).await?;
    match state_of(&row).step {
        Step::VerifyPhone => send_phone_code(app, &mut tx, row.id, &row.phone, locale, ip).await?,
        Step::VerifyEmail => {
            let email = row.email.clone().unwrap_or_default();
            send_email_code(app, &mut tx, row.id, &email, locale, ip).await?;
        }
        _ => return Err(wrong_step("a code")),
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(state_of(&row))
}

/// The third step's input: who the new seller is and how they log in.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The name the seller goes by (greetings, the team list): 1 to 60 characters.
    pub display_name: &'a str,
}

/// Sets the name, email and password and emails a code. Allowed again while the email is not
/// yet verified, to correct a mistyped address.
pub async fn set_credentials(
    app: &App,
    token: &SignupToken,
    input: &Credentials<'_>,
    locale: Locale,
    ip: Option<&str>,
) -> Result<SignupState> {
    let mut errors = Vec::new();
    let email = match Email::parse(input.email) {
        Ok(e) => Some(e),
        Err(_) => {
            errors.push(FieldError::new(
                "email",
                "email-invalid",
                "Enter a valid email address",
            ));
            None
        }
    };
    let password = match NewPassword::parse(input.password) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError::new(
                "password",
                password_code(&e),
                e.to_string(),
            ));
            None
        }
    };
    let display_name = match crate::buyers::parse_display_name(input.display_name) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let (Some(email), Some(password), Some(display_name)) = (email, password, display_name) else {
        return Err(AppError::Validation(errors));
    };
    let hash = {
        let p = password.expose().to_owned();
        tokio::task::spawn_blocking(move || hash_password(&p))
            .await
            .map_err(AppError::internal)??
    };
    let mut tx = app.db.begin().await?;
    let row = load(app, &mut tx, token).await?;
    if !matches!(
        state_of(&row).step,
        Step::SetCredentials | Step::VerifyEmail
    ) {
        return Err(wrong_step("an email and password"));
    }
    let address = email.as_str().to_lowercase();
    repo::set_credentials(&mut tx, row.id, &address, &hash, &display_name).await?;
    send_email_code(app, &mut tx, row.id, &address, locale, ip).await?;
    tx.commit().await.map_err(StoreError::from)?;
    state(app, token).await
}

/// Checks the emailed code, creates the account and its shop, and logs the new seller in.
pub async fn verify_email(
    app: &App,
    token: &SignupToken,
    code: &str,
    client: &ClientInfo,
) -> Result<(SessionToken, CurrentUser)> {
    let mut tx = app.db.begin().await?;
    let row = load(app, &mut tx, token).await?;
    if state_of(&row).step != Step::VerifyEmail {
        return Err(wrong_step("an email code"));
    }
    let checked = codes::verify(
        app,
        &mut tx,
        Purpose::SignupEmail,
        &row.id.to_string(),
        code,
    )
    .await;
    if let Err(e) = checked {
        tx.commit().await.map_err(StoreError::from)?;
        return Err(e);
    }
    let now = app.now();
    let (Some(email), Some(hash)) = (row.email.clone(), row.password_hash.clone()) else {
        return Err(wrong_step("an email code"));
    };
    let country = Country::by_code(&row.country).ok_or(AppError::NotFound("country"))?;
    let email = Email::parse(&email).map_err(AppError::internal)?;
    let user_id: UserId = app.new_id();
    // Sign-ups that reached this step before names were asked for go by their e-mail's
    // local part, as every account did then.
    let display_name = row.display_name.clone().unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or("Seller")
            .to_owned()
    });
    users::insert_user(
        &mut tx,
        &users::NewUser {
            id: user_id,
            email: &email,
            phone: Some(&row.phone),
            display_name: &display_name,
            password_hash: &hash,
            is_operator: false,
            phone_verified_at: row.phone_verified_at,
            email_verified_at: Some(now),
        },
        now,
    )
    .await?;
    let seller_id: SellerId = app.new_id();
    sellers::insert_seller(
        &mut tx,
        &sellers::NewSeller {
            id: seller_id,
            store_name: "",
            country: country.code,
            currency: country.currency,
            time_zone: country.time_zone,
            portal: portal_name(country.portal),
            status: SellerStatus::Registered.as_str(),
        },
        now,
    )
    .await?;
    sellers::insert_member(&mut tx, seller_id, user_id, OWNER_ROLE, now).await?;
    repo::mark_completed(&mut tx, row.id, user_id, now).await?;
    crate::audit::record(
        app,
        &mut tx,
        &crate::audit::Actor::user(user_id, client),
        Some(seller_id),
        "account.created",
        Some(&user_id.to_string()),
        serde_json::json!({"country": country.code}),
    )
    .await?;
    let session = open_session(app, &mut tx, user_id, Some(seller_id), client).await?;
    let memberships = crate::auth::memberships_of(&mut tx, user_id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(user.id = %user_id, seller.id = %seller_id, "new seller signed up");
    Ok((
        session,
        CurrentUser {
            id: user_id,
            email: email.as_str().to_owned(),
            display_name,
            is_operator: false,
            seller: memberships.first().cloned(),
            memberships,
            permissions: BuiltInRole::Owner.permissions(),
            token: None,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_but_for_the_last_digits() {
        assert_eq!(mask_phone("+447700900123", "44"), "+44 ••••••0123");
        assert_eq!(mask_phone("+12125550123", "1"), "+1 ••••••0123");
    }
}
