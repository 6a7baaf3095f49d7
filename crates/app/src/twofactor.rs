//! Optional TOTP two-factor authentication (RFC 6238, as authenticator apps do it): set up
//! with a scanned secret, confirmed with a first code, and asked for after the password at
//! every log-in.

use jiff::SignedDuration;
use shopdeck_domain::ids::UserId;
use shopdeck_store::{StoreError, users};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::audit::{self, Actor};
use crate::auth::{ClientInfo, CurrentUser};
use crate::{App, AppError, Refusal, Result};

/// How long a password-checked log-in waits for its code.
pub const CHALLENGE_TTL: SignedDuration = SignedDuration::from_mins(5);
pub const CHALLENGE_ATTEMPTS: i64 = 5;

fn totp(secret_base32: &str, account: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AppError::Internal(format!("totp secret: {e:?}").into()))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("Shopdeck".to_owned()),
        account.to_owned(),
    )
    .map_err(|e| AppError::Internal(format!("totp: {e:?}").into()))
}

fn now_secs(app: &App) -> u64 {
    u64::try_from(app.now().as_second()).unwrap_or(0)
}

/// Checks a code against a secret at the app's current time (one step of clock drift allowed).
pub(crate) fn code_matches(app: &App, secret: &str, account: &str, code: &str) -> Result<bool> {
    let code = code.trim().replace(' ', "");
    Ok(code.len() == 6 && totp(secret, account)?.check(&code, now_secs(app)))
}

/// Where a user's two-factor stands.
#[derive(Debug, Clone)]
pub struct Status {
    pub enabled: bool,
    /// While setting up: the secret and its `otpauth://` link for the authenticator app.
    pub pending: Option<(String, String)>,
}

pub async fn status(app: &App, user: &CurrentUser) -> Result<Status> {
    let mut conn = app.db.conn().await?;
    let (secret, enabled) = users::find_totp(&mut conn, user.id).await?;
    Ok(match (secret, enabled) {
        (Some(_), Some(_)) => Status {
            enabled: true,
            pending: None,
        },
        (Some(s), None) => {
            let url = totp(&s, &user.email)?.get_url();
            Status {
                enabled: false,
                pending: Some((s, url)),
            }
        }
        _ => Status {
            enabled: false,
            pending: None,
        },
    })
}

/// Starts setting up: a fresh secret, not yet required at log-in.
pub async fn begin_setup(app: &App, user: &CurrentUser) -> Result<(String, String)> {
    let mut conn = app.db.conn().await?;
    if users::find_totp(&mut conn, user.id).await?.1.is_some() {
        return Err(AppError::refused(
            Refusal::TwoFactorOn,
            "two-factor authentication is already on",
        ));
    }
    // 160 random bits, the size RFC 4226 recommends.
    let secret = match Secret::Raw(rand::random::<[u8; 20]>().to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => return Err(AppError::Internal("secret encoding".into())),
    };
    drop(conn);
    let mut tx = app.db.begin().await?;
    users::set_totp(&mut tx, user.id, Some(&secret), None).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    let url = totp(&secret, &user.email)?.get_url();
    Ok((secret, url))
}

fn wrong_code() -> AppError {
    AppError::invalid("code", "code-wrong", "The code is wrong.")
}

/// Turns two-factor on with a first code from the app.
pub async fn confirm_setup(
    app: &App,
    user: &CurrentUser,
    code: &str,
    client: &ClientInfo,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let (Some(secret), None) = users::find_totp(&mut tx, user.id).await? else {
        return Err(AppError::refused(
            Refusal::TwoFactorNotStarted,
            "start the set-up first",
        ));
    };
    if !code_matches(app, &secret, &user.email, code)? {
        return Err(wrong_code());
    }
    users::set_totp(&mut tx, user.id, Some(&secret), Some(app.now())).await?;
    let seller = user.seller.as_ref().map(|m| m.seller.id);
    audit::record(
        app,
        &mut tx,
        &Actor::user(user.id, client),
        seller,
        "account.two_factor_enabled",
        Some(&user.id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Turns two-factor off; needs a current code.
pub async fn disable(app: &App, user: &CurrentUser, code: &str, client: &ClientInfo) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let (Some(secret), Some(_)) = users::find_totp(&mut tx, user.id).await? else {
        return Err(AppError::refused(
            Refusal::TwoFactorOff,
            "two-factor authentication is off",
        ));
    };
    if !code_matches(app, &secret, &user.email, code)? {
        return Err(wrong_code());
    }
    users::set_totp(&mut tx, user.id, None, None).await?;
    let seller = user.seller.as_ref().map(|m| m.seller.id);
    audit::record(
        app,
        &mut tx,
        &Actor::user(user.id, client),
        seller,
        "account.two_factor_disabled",
        Some(&user.id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The secret that carries a password-checked log-in to its second step.
#[derive(Clone, PartialEq, Eq)]
pub struct Challenge(String);

impl Challenge {
    pub fn parse(s: &str) -> Option<Challenge> {
        crate::secrets::is_hex64(s).then(|| Challenge(s.to_owned()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    fn hash(&self) -> String {
        crate::secrets::sha256_hex(&self.0)
    }
}

impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Challenge(<redacted>)")
    }
}

/// Whether the user must give a code after the password.
pub(crate) async fn required(conn: &mut shopdeck_store::Conn, user: UserId) -> Result<bool> {
    Ok(users::find_totp(conn, user).await?.1.is_some())
}

pub(crate) async fn open_challenge(
    app: &App,
    conn: &mut shopdeck_store::Conn,
    user: UserId,
) -> Result<Challenge> {
    let c = Challenge(crate::secrets::random_hex());
    let now = app.now();
    users::insert_challenge(
        conn,
        &c.hash(),
        user,
        now,
        now.saturating_add(CHALLENGE_TTL).unwrap_or(now),
    )
    .await?;
    Ok(c)
}

/// Checks the code of a pending log-in; returns the user on success. Five wrong codes or five
/// minutes end the challenge, and the log-in starts over with the password.
pub(crate) async fn pass_challenge(
    app: &App,
    conn: &mut shopdeck_store::Conn,
    challenge: &Challenge,
    code: &str,
) -> Result<UserId> {
    let hash = challenge.hash();
    let Some((user, attempts, expires)) = users::find_challenge(conn, &hash).await? else {
        return Err(AppError::Unauthenticated);
    };
    if app.now() >= expires || attempts >= CHALLENGE_ATTEMPTS {
        users::delete_challenge(conn, &hash).await?;
        return Err(AppError::Unauthenticated);
    }
    let account = users::find_user(conn, user)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let (Some(secret), Some(_)) = users::find_totp(conn, user).await? else {
        return Err(AppError::Unauthenticated);
    };
    if !code_matches(app, &secret, &account.email, code)? {
        users::count_challenge_attempt(conn, &hash).await?;
        return Err(wrong_code());
    }
    users::delete_challenge(conn, &hash).await?;
    Ok(user)
}

/// For tests and the set-up page: the code an authenticator app would show now.
pub fn current_code(app: &App, secret: &str, account: &str) -> Result<String> {
    Ok(totp(secret, account)?.generate(now_secs(app)))
}
