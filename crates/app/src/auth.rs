//! Logging in and out, and turning a session cookie back into a user.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jiff::Timestamp;
use shopdeck_domain::Currency;
use shopdeck_domain::ids::{RoleId, SellerId, TokenId, UserId};
use shopdeck_domain::roles::{BuiltInRole, Permissions};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_store::sellers::{self, SellerRow};
use shopdeck_store::{sessions, users};

use shopdeck_domain::password::{NewPassword, PasswordError};
use shopdeck_domain::{Email, Locale};

use crate::codes::{self, CodeKind, Delivery, Purpose};
use crate::limits::{self, FAILED_LOGINS_PER_ACCOUNT, FAILED_LOGINS_PER_IP};
use crate::messages;
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, Result};

/// A shop as `api` and `web` see it.
#[derive(Debug, Clone)]
pub struct Shop {
    pub id: SellerId,
    pub store_name: String,
    pub country: String,
    pub currency: Currency,
    pub time_zone: String,
    pub portal: String,
    pub status: SellerStatus,
    pub created_at: Timestamp,
}

impl From<SellerRow> for Shop {
    fn from(r: SellerRow) -> Shop {
        Shop {
            id: r.id,
            store_name: r.store_name,
            country: r.country,
            currency: r.currency,
            time_zone: r.time_zone,
            portal: r.portal,
            status: r.status,
            created_at: r.created_at,
        }
    }
}

/// A shop a user belongs to, with the user's role there.
#[derive(Debug, Clone)]
pub struct Membership {
    pub seller: Shop,
    pub role: String,
}

impl From<sellers::Membership> for Membership {
    fn from(m: sellers::Membership) -> Membership {
        Membership {
            seller: m.seller.into(),
            role: m.role,
        }
    }
}

/// The shops a user works in, oldest membership first.
pub(crate) async fn memberships_of(
    conn: &mut shopdeck_store::Conn,
    user: UserId,
) -> Result<Vec<Membership>> {
    Ok(sellers::list_memberships_for_user(conn, user)
        .await?
        .into_iter()
        .map(Membership::from)
        .collect())
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| AppError::Internal(e.to_string().into()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string().into()))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash checked when the login is unknown, so that an unknown login takes as long to refuse
/// as a wrong password and the answer time does not reveal which accounts exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("shopdeck-dummy-password").unwrap_or_default());

/// Hashes a new password off the async threads (argon2 is deliberately slow).
pub(crate) async fn hash_new_password(password: &NewPassword) -> Result<String> {
    let p = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_password(&p))
        .await
        .map_err(AppError::internal)?
}

/// Checks a typed password against an account's stored hash, or against a dummy hash when
/// there is no account, so both answers take as long. Runs off the async threads.
pub(crate) async fn password_matches(password: &str, phc: Option<String>) -> Result<bool> {
    let password = password.to_owned();
    let phc = phc.unwrap_or_else(|| DUMMY_HASH.clone());
    tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(AppError::internal)
}

/// Log-in throttling. Failed attempts are counted per login, per IP address (one count for
/// sellers', operators' and buyers' doors alike) and per device; while a count is full,
/// attempts are refused (429) whether or not the login exists.
///
/// A login's count would let anyone lock its owner out by failing on purpose, so a device
/// that logged in to the account before (a long-lived browser cookie, or an API client's
/// `Shopdeck-Device` id) is judged by its own count instead: strangers' failures do not stop
/// the owner. A password reset by e-mailed code clears the login's count as well.
pub(crate) struct LoginThrottle {
    account: String,
    ip: Option<String>,
    device: Option<String>,
    /// Set by `check`: the device logged in to this account before.
    known: bool,
}

/// The bucket of failed log-ins for a login at a door (`login`, `buyer-login`).
pub(crate) fn login_bucket(scope: &str, login: &str) -> String {
    format!("{scope}:acct:{}", login.trim().to_lowercase())
}

impl LoginThrottle {
    /// `scope` keeps the per-login counts of different doors apart (`login` for sellers and
    /// operators, `buyer-login` for the storefront); the address's count is shared.
    pub(crate) fn new(scope: &str, login: &str, client: &ClientInfo) -> Self {
        LoginThrottle {
            account: login_bucket(scope, login),
            ip: client.ip.as_ref().map(|ip| format!("login:ip:{ip}")),
            device: client.device.as_deref().map(crate::secrets::sha256_hex),
            known: false,
        }
    }

    fn device_bucket(&self) -> Option<String> {
        self.device.as_ref().map(|d| format!("login:device:{d}"))
    }

    /// Refuses while the login (or, from a device known to one of `accounts`, the device) or
    /// the address has failed too often.
    pub(crate) async fn check(
        &mut self,
        app: &App,
        conn: &mut shopdeck_store::Conn,
        accounts: &[String],
    ) -> Result<()> {
        self.known = false;
        if let Some(d) = &self.device {
            for a in accounts {
                if shopdeck_store::devices::is_known(conn, a, d).await? {
                    self.known = true;
                    break;
                }
            }
        }
        match (self.known, self.device_bucket()) {
            (true, Some(b)) => limits::check(app, conn, &b, FAILED_LOGINS_PER_ACCOUNT).await?,
            _ => limits::check(app, conn, &self.account, FAILED_LOGINS_PER_ACCOUNT).await?,
        }
        if let Some(b) = &self.ip {
            limits::check(app, conn, b, FAILED_LOGINS_PER_IP).await?;
        }
        Ok(())
    }

    /// Counts a failed attempt, in its own write transaction.
    pub(crate) async fn failed(&self, app: &App) -> Result<()> {
        let mut tx = app.db.begin().await?;
        match (self.known, self.device_bucket()) {
            (true, Some(b)) => limits::count(app, &mut tx, &b, FAILED_LOGINS_PER_ACCOUNT).await?,
            _ => limits::count(app, &mut tx, &self.account, FAILED_LOGINS_PER_ACCOUNT).await?,
        }
        if let Some(b) = &self.ip {
            limits::count(app, &mut tx, b, FAILED_LOGINS_PER_IP).await?;
        }
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        Ok(())
    }

    /// A right password clears the count it was judged by (the device's, or the login's; never
    /// the address's) and makes the device known to `account`. A known device's log-in leaves
    /// the login's count alone, so strangers stay paused.
    pub(crate) async fn passed(
        &self,
        app: &App,
        conn: &mut shopdeck_store::Conn,
        account: &str,
    ) -> Result<()> {
        if !self.known {
            limits::reset(conn, &self.account).await?;
        }
        if let (Some(d), Some(b)) = (&self.device, self.device_bucket()) {
            limits::reset(conn, &b).await?;
            shopdeck_store::devices::remember(conn, account, d, app.now()).await?;
        }
        Ok(())
    }
}

/// The opaque token in the session cookie. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        SessionToken(crate::secrets::random_hex())
    }

    pub fn from_cookie(value: &str) -> Option<Self> {
        crate::secrets::is_hex64(value).then(|| SessionToken(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn hash(&self) -> String {
        crate::secrets::sha256_hex(&self.0)
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// Where the request comes from, for the session record and log-in throttling.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The browser's long-lived device cookie, or an API client's `Shopdeck-Device` id.
    pub device: Option<String>,
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    /// The shop this session is working in, if any.
    pub seller: Option<Membership>,
    pub memberships: Vec<Membership>,
    /// What the user may do in that shop.
    pub permissions: Permissions,
    /// Set when the caller is an API token rather than a person's session.
    pub token: Option<TokenId>,
}

/// Opens a session for `user` on the caller's transaction and returns its token.
pub(crate) async fn open_session(
    app: &App,
    conn: &mut shopdeck_store::Conn,
    user: UserId,
    seller: Option<SellerId>,
    client: &ClientInfo,
) -> Result<SessionToken> {
    let now = app.now();
    let token = SessionToken::generate();
    sessions::insert_session(
        conn,
        &sessions::NewSession {
            token_hash: &token.hash(),
            user_id: user,
            seller_id: seller,
            expires_at: now
                .saturating_add(app.settings.session_absolute)
                .unwrap_or(now),
            user_agent: client.user_agent.as_deref(),
            ip: client.ip.as_deref(),
        },
        now,
    )
    .await?;
    Ok(token)
}

/// Checks a login (email or phone) and password, and opens a session. Unknown logins and
/// wrong passwords get the same error; after repeated failures for one login or from one IP
/// address, attempts are refused for a while (429), whether or not the login exists.
pub async fn log_in(
    app: &App,
    login: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<(SessionToken, CurrentUser)> {
    let mut errors = Vec::new();
    if login.trim().is_empty() {
        errors.push(crate::FieldError::new(
            "login",
            "required",
            "Enter your email or phone number",
        ));
    }
    if password.is_empty() {
        errors.push(crate::FieldError::new(
            "password",
            "required",
            "Enter your password",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut throttle = LoginThrottle::new("login", login, client);
    let user = {
        let mut conn = app.db.conn().await?;
        let user = users::find_user_by_login(&mut conn, login).await?;
        let accounts: Vec<String> = user.iter().map(|u| u.id.to_string()).collect();
        throttle.check(app, &mut conn, &accounts).await?;
        user
    };
    let ok = password_matches(password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(u) if ok => u,
        _ => {
            throttle.failed(app).await?;
            tracing::info!(ip = client.ip.as_deref().unwrap_or("-"), "failed log-in");
            return Err(AppError::BadCredentials);
        }
    };

    {
        let mut tx = app.db.begin().await?;
        throttle.passed(app, &mut tx, &user.id.to_string()).await?;
        let challenge = if crate::twofactor::required(&mut tx, user.id).await? {
            Some(crate::twofactor::open_challenge(app, &mut tx, user.id).await?)
        } else {
            None
        };
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        if let Some(challenge) = challenge {
            return Err(AppError::SecondFactorRequired(challenge));
        }
    }
    finish_login(app, user.id, client).await
}

/// Completes a log-in whose password was right with the code from the authenticator app.
pub async fn complete_second_factor(
    app: &App,
    challenge: &crate::twofactor::Challenge,
    code: &str,
    client: &ClientInfo,
) -> Result<(SessionToken, CurrentUser)> {
    // A failed attempt is counted, so the transaction commits whatever the outcome.
    let mut tx = app.db.begin().await?;
    let user = crate::twofactor::pass_challenge(app, &mut tx, challenge, code).await;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    let user = user?;
    finish_login(app, user, client).await
}

/// Opens the session of a user who passed every check.
async fn finish_login(
    app: &App,
    user_id: UserId,
    client: &ClientInfo,
) -> Result<(SessionToken, CurrentUser)> {
    let mut tx = app.db.begin().await?;
    let user = users::find_user(&mut tx, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let memberships = memberships_of(&mut tx, user.id).await?;
    let seller_id = memberships.first().map(|m| m.seller.id);
    let token = open_session(app, &mut tx, user.id, seller_id, client).await?;
    crate::audit::record(
        app,
        &mut tx,
        &crate::audit::Actor::user(user.id, client),
        seller_id,
        "session.login",
        None,
        serde_json::json!({}),
    )
    .await?;
    let seller = pick_seller(&memberships, seller_id);
    let permissions = permissions_for(&mut tx, seller.as_ref()).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    tracing::info!(user.id = %user.id, "logged in");
    Ok((
        token,
        CurrentUser {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            is_operator: user.is_operator,
            seller,
            memberships,
            permissions,
            token: None,
        },
    ))
}

fn reset_subject(email: &Email) -> String {
    format!("reset:{}", email.as_str().to_lowercase())
}

fn parse_email_field(field: &str, input: &str) -> Result<Email> {
    Email::parse(input)
        .map_err(|_| AppError::invalid(field, "email-invalid", "Enter a valid email address"))
}

/// Sends a password-reset code to the account's email. The answer is the same whether or not
/// an account has this address; unknown addresses get no message.
pub async fn request_password_reset(
    app: &App,
    email: &str,
    locale: Locale,
    ip: Option<&str>,
) -> Result<()> {
    let email = parse_email_field("email", email)?;
    let mut tx = app.db.begin().await?;
    let user = users::find_user_by_login(&mut tx, email.as_str()).await?;
    let kind = if user.is_some() {
        CodeKind::Real(("reset-subject", "reset-email"))
    } else {
        CodeKind::Decoy(None)
    };
    codes::send(
        app,
        &mut tx,
        Purpose::PasswordReset,
        &reset_subject(&email),
        &Delivery {
            channel: Channel::Email,
            target: email.as_str(),
            locale,
            kind,
        },
        ip,
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

/// Sets a new password with a reset code, logs the account out everywhere and tells its owner.
pub async fn reset_password(
    app: &App,
    email: &str,
    code: &str,
    new_password: &str,
    locale: Locale,
) -> Result<()> {
    let email = parse_email_field("email", email)?;
    let password = NewPassword::parse(new_password)
        .map_err(|e| AppError::invalid("new_password", password_code(&e), e.to_string()))?;
    let hash = {
        let p = password.expose().to_owned();
        tokio::task::spawn_blocking(move || hash_password(&p))
            .await
            .map_err(AppError::internal)??
    };
    let mut tx = app.db.begin().await?;
    if let Err(e) = codes::verify(
        app,
        &mut tx,
        Purpose::PasswordReset,
        &reset_subject(&email),
        code,
    )
    .await
    {
        // Keep the count of wrong tries.
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        return Err(e);
    }
    let user = users::find_user_by_login(&mut tx, email.as_str())
        .await?
        .ok_or_else(|| AppError::invalid("code", "code-wrong", "The code is wrong."))?;
    users::update_password_hash(&mut tx, user.id, &hash, app.now()).await?;
    sessions::delete_sessions_for_user(&mut tx, user.id).await?;
    // The e-mailed code proved the owner: failed log-ins by others no longer pause the login.
    limits::reset(&mut tx, &login_bucket("login", email.as_str())).await?;
    if let Some(phone) = &user.phone {
        limits::reset(&mut tx, &login_bucket("login", phone)).await?;
    }
    for m in memberships_of(&mut tx, user.id).await? {
        crate::audit::record(
            app,
            &mut tx,
            &crate::audit::Actor::user(user.id, &ClientInfo::default()),
            Some(m.seller.id),
            "account.password_reset",
            Some(&user.id.to_string()),
            serde_json::json!({}),
        )
        .await?;
    }
    let args = [];
    notify::queue_kind(
        app,
        &mut tx,
        &Message {
            channel: Channel::Email,
            recipient: user.email.clone(),
            subject: messages::text(locale, "password-changed-subject", &args),
            body: messages::text(locale, "password-changed-email", &args),
            user_id: Some(user.id),
            seller_id: None,
        },
        "password-changed",
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    tracing::info!(user.id = %user.id, "password reset");
    Ok(())
}

/// The stable error code of a password-policy refusal.
pub fn password_code(e: &PasswordError) -> &'static str {
    match e {
        PasswordError::TooShort(_) => "password-too-short",
        PasswordError::TooLong(_) => "password-too-long",
        PasswordError::TooCommon => "password-too-common",
    }
}

/// Resolves a session token to its user, or `None` when the session is unknown or expired
/// (idle or absolute). Activity is recorded at most once a minute to spare writes.
pub async fn current_user(app: &App, token: &SessionToken) -> Result<Option<CurrentUser>> {
    let now = app.now();
    let hash = token.hash();
    let mut conn = app.db.conn().await?;
    let Some(session) = sessions::find_session(&mut conn, &hash).await? else {
        return Ok(None);
    };
    if is_expired(app, session.last_seen_at, session.expires_at, now) {
        drop(conn);
        let mut tx = app.db.begin().await?;
        sessions::delete_session(&mut tx, &hash).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        return Ok(None);
    }
    let Some(user) = users::find_user(&mut conn, session.user_id).await? else {
        return Ok(None);
    };
    if now.duration_since(session.last_seen_at).as_secs() >= 60 {
        // Writes go through the write gate (on SQLite, a unit of the group commit); no
        // pooled connection is held while waiting for it.
        drop(conn);
        let mut tx = app.db.begin().await?;
        sessions::touch_session(&mut tx, &hash, now).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        conn = app.db.conn().await?;
    }
    let memberships = memberships_of(&mut conn, user.id).await?;
    // A session whose shop the user has left falls back to their first shop.
    let seller =
        pick_seller(&memberships, session.seller_id).or_else(|| memberships.first().cloned());
    let permissions = permissions_for(&mut conn, seller.as_ref()).await?;
    Ok(Some(CurrentUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        is_operator: user.is_operator,
        seller,
        memberships,
        permissions,
        token: None,
    }))
}

fn is_expired(app: &App, last_seen: Timestamp, expires: Timestamp, now: Timestamp) -> bool {
    now >= expires || now.duration_since(last_seen) >= app.settings.session_idle
}

/// The permissions a membership's role grants: a built-in role's, or a custom role's.
pub(crate) async fn permissions_for(
    conn: &mut shopdeck_store::Conn,
    m: Option<&Membership>,
) -> Result<Permissions> {
    let Some(m) = m else {
        return Ok(Permissions::default());
    };
    if let Some(r) = BuiltInRole::parse(&m.role) {
        return Ok(r.permissions());
    }
    let Ok(id) = m.role.parse::<RoleId>() else {
        return Ok(Permissions::default());
    };
    let role = shopdeck_store::staff::find_role(conn, m.seller.id, id).await?;
    Ok(role
        .and_then(|r| serde_json::from_str(&r.permissions).ok())
        .unwrap_or_default())
}

/// Moves the session to another shop the user works in.
pub async fn switch_shop(
    app: &App,
    token: &SessionToken,
    user: &CurrentUser,
    seller: SellerId,
) -> Result<()> {
    if !user.memberships.iter().any(|m| m.seller.id == seller) {
        return Err(AppError::NotFound("shop"));
    }
    let mut tx = app.db.begin().await?;
    sessions::set_session_seller(&mut tx, &token.hash(), seller).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

fn pick_seller(memberships: &[Membership], chosen: Option<SellerId>) -> Option<Membership> {
    chosen.and_then(|id| memberships.iter().find(|m| m.seller.id == id).cloned())
}

/// Ends a session. Unknown tokens are fine: logging out twice is not an error.
pub async fn log_out(app: &App, token: &SessionToken) -> Result<()> {
    let mut tx = app.db.begin().await?;
    sessions::delete_session(&mut tx, &token.hash()).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}
