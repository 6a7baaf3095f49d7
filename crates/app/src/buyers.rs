//! Buyer accounts of the storefront: sign-up with an email address or a phone number confirmed
//! by a one-time code, log-in and log-out, and the address book that checkout delivers to.
//!
//! Buyers are not platform users: their accounts, sessions and addresses are tables of their
//! own, and their session tokens start with `sdb_`, so a buyer's token is never taken for a
//! seller's session or an API token (`sdk_…`), nor the other way round.
//!
//! As for sellers, sign-up answers never reveal whether an address already has an account:
//! such a sign-up goes through the same steps, but its owner gets a notice instead of a code
//! and no code typed can succeed.

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::ids::{AddressId, BuyerId, SignupId};
use shopdeck_domain::password::NewPassword;
use shopdeck_domain::phone::PhoneNumber;
use shopdeck_domain::{Country, Email, Locale};
use shopdeck_store::buyers::{self as repo, AddressFields, BuyerRow};
use shopdeck_store::{Conn, StoreError};

use crate::auth::{ClientInfo, LoginThrottle, hash_new_password, password_code, password_matches};
use crate::codes::{self, CodeKind, Delivery, Purpose};
use crate::notify::Channel;
use crate::{App, AppError, FieldError, Refusal, Result};

/// Every buyer session token starts with this.
pub const TOKEN_PREFIX: &str = "sdb_";
/// A sign-up waits a day for its code.
const SIGNUP_TTL: SignedDuration = SignedDuration::from_hours(24);
/// How many addresses one buyer may keep.
pub const MAX_ADDRESSES: i64 = 20;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX: usize = shopdeck_domain::text::DisplayName::MAX_CHARS;

/// A buyer's session token, as sent in the `sd_buyer` cookie or as a bearer token:
/// `sdb_` and 64 hex digits. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct BuyerToken(String);

impl BuyerToken {
    fn generate() -> Self {
        BuyerToken(format!("{TOKEN_PREFIX}{}", crate::secrets::random_hex()))
    }

    /// A token as a client sent it; `None` unless it has a buyer token's shape, so a seller
    /// session or an API token is refused before any lookup.
    pub fn parse(s: &str) -> Option<Self> {
        s.strip_prefix(TOKEN_PREFIX)
            .filter(|hex| crate::secrets::is_hex64(hex))
            .map(|_| BuyerToken(s.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> String {
        crate::secrets::sha256_hex(&self.0)
    }
}

impl std::fmt::Debug for BuyerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BuyerToken(<redacted>)")
    }
}

/// The signed-in buyer of a request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CurrentBuyer {
    pub id: BuyerId,
    pub display_name: String,
    /// Lower-cased, when the buyer has one.
    pub email: Option<String>,
    /// E.164, when the buyer has one.
    pub phone: Option<String>,
    /// The language messages to the buyer are written in.
    pub locale: Locale,
}

fn current_of(row: BuyerRow) -> CurrentBuyer {
    CurrentBuyer {
        id: row.id,
        display_name: row.display_name,
        email: row.email,
        phone: row.phone,
        locale: Locale::from_tag(&row.locale).unwrap_or(Locale::En),
    }
}

// ---- Contacts and phone numbers ----

/// Parses a phone number for `country` (an ISO alpha-2 code), or, without a country, a number
/// in international form (`+33 6 12 34 56 78`, `0033…`). Errors name the field at fault.
fn parse_phone(
    field: &str,
    input: &str,
    country: Option<&str>,
) -> std::result::Result<PhoneNumber, FieldError> {
    let country = country.map(str::trim).filter(|c| !c.is_empty());
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "required", "Enter a phone number"));
    }
    if let Some(code) = country {
        let c = Country::by_code(code)
            .ok_or_else(|| FieldError::new("country", "country-invalid", "Choose a country"))?;
        return PhoneNumber::parse(input, &c)
            .map_err(|e| FieldError::new(field, "phone-invalid", e.to_string()));
    }
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let international = input.trim_start().starts_with('+') || digits.starts_with("00");
    if !international {
        return Err(FieldError::new(
            "country",
            "country-required",
            "Choose the country of this phone number, or type it with its country code (+…)",
        ));
    }
    Country::all()
        .iter()
        .find_map(|c| PhoneNumber::parse(input, c).ok())
        .ok_or_else(|| {
            FieldError::new(
                field,
                "phone-invalid",
                "Enter a valid phone number with its country code",
            )
        })
}

/// What a phone number typed at log-in may stand for: its international form, or the
/// national form read in each supported country.
fn login_phones(login: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if login.contains('@') {
        return out;
    }
    for c in Country::all() {
        if let Ok(p) = PhoneNumber::parse(login, c)
            && !out.iter().any(|x| x == p.as_e164())
        {
            out.push(p.as_e164().to_owned());
        }
    }
    out
}

/// `m•••@example.com`: enough for its owner to recognise it.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

// ---- Sign-up ----

/// The first step: an email address, or a phone number (with its country unless it is typed
/// in international form).
#[derive(Debug, Clone)]
pub struct StartSignup {
    pub email: Option<String>,
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2, to read a national phone number.
    pub country: Option<String>,
    /// The language of the code message and of the account.
    pub locale: Locale,
}

/// A sign-up waiting for its code.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PendingSignup {
    pub id: SignupId,
    /// `email` or `sms`.
    pub channel: &'static str,
    /// Where the code went, masked.
    pub sent_to: String,
    pub expires_at: Timestamp,
}

enum Contact {
    Email(Email),
    Phone(PhoneNumber),
}

fn parse_contact(input: &StartSignup) -> Result<Contact> {
    let email = input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let phone = input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (email, phone) {
        (Some(_), Some(_)) => Err(AppError::invalid(
            "phone",
            "contact-ambiguous",
            "Give an email address or a phone number, not both",
        )),
        (None, None) => Err(AppError::invalid(
            "email",
            "contact-required",
            "Enter an email address or a phone number",
        )),
        (Some(e), None) => Email::parse(e).map(Contact::Email).map_err(|_| {
            AppError::invalid("email", "email-invalid", "Enter a valid email address")
        }),
        (None, Some(p)) => parse_phone("phone", p, input.country.as_deref())
            .map(Contact::Phone)
            .map_err(|e| AppError::Validation(vec![e])),
    }
}

fn pending_of(row: &repo::BuyerSignupRow) -> PendingSignup {
    let (channel, sent_to) = match (&row.email, &row.phone) {
        (Some(e), _) => ("email", mask_email(e)),
        (None, Some(p)) => (
            "sms",
            Country::all()
                .iter()
                .find_map(|c| PhoneNumber::parse(p, c).ok())
                .map_or_else(|| "•••".to_owned(), |n| n.masked()),
        ),
        (None, None) => ("email", "•••".to_owned()),
    };
    PendingSignup {
        id: row.id,
        channel,
        sent_to,
        expires_at: row.expires_at,
    }
}

/// Sends the sign-up's code, or a notice and a decoy when the address already has an account.
async fn send_code(
    app: &App,
    conn: &mut Conn,
    row: &repo::BuyerSignupRow,
    ip: Option<&str>,
) -> Result<()> {
    let taken = repo::contact_taken(conn, row.email.as_deref(), row.phone.as_deref()).await?;
    let (channel, target, notice) = match (&row.email, &row.phone) {
        (Some(e), _) => (Channel::Email, e.as_str(), "buyer-signup-taken-email"),
        (None, Some(p)) => (Channel::Sms, p.as_str(), "buyer-signup-taken-sms"),
        (None, None) => return Err(AppError::NotFound("sign-up")),
    };
    let body = match channel {
        Channel::Email => "code-email",
        Channel::Sms => "code-sms",
    };
    let kind = if taken {
        CodeKind::Decoy(Some(("buyer-signup-taken-subject", notice)))
    } else {
        CodeKind::Real(("code-subject", body))
    };
    codes::send(
        app,
        conn,
        Purpose::BuyerSignup,
        &row.id.to_string(),
        &Delivery {
            channel,
            target,
            locale: Locale::from_tag(&row.locale).unwrap_or(Locale::En),
            kind,
        },
        ip,
    )
    .await
}

/// Starts a sign-up and sends a 6-digit code to the email address or phone number. The
/// answer is the same whether or not the address already has an account.
pub async fn start_signup(
    app: &App,
    input: &StartSignup,
    ip: Option<&str>,
) -> Result<PendingSignup> {
    let contact = parse_contact(input)?;
    let (email, phone) = match &contact {
        Contact::Email(e) => (Some(e.as_str().to_lowercase()), None),
        Contact::Phone(p) => (None, Some(p.as_e164().to_owned())),
    };
    let now = app.now();
    let id: SignupId = app.new_id();
    let mut tx = app.db.begin().await?;
    repo::insert_signup(
        &mut tx,
        &repo::NewBuyerSignup {
            id,
            email: email.as_deref(),
            phone: phone.as_deref(),
            locale: input.locale.tag(),
            expires_at: now.saturating_add(SIGNUP_TTL).unwrap_or(now),
        },
        now,
    )
    .await?;
    let row = repo::find_signup(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("sign-up"))?;
    send_code(app, &mut tx, &row, ip).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(pending_of(&row))
}

/// Loads a sign-up that can still be completed.
async fn load_signup(app: &App, conn: &mut Conn, id: SignupId) -> Result<repo::BuyerSignupRow> {
    let row = repo::find_signup(conn, id)
        .await?
        .ok_or(AppError::NotFound("sign-up"))?;
    if app.now() >= row.expires_at {
        return Err(AppError::NotFound("sign-up"));
    }
    Ok(row)
}

/// Where a sign-up's code went (for the page that asks for it).
pub async fn find_signup(app: &App, id: SignupId) -> Result<PendingSignup> {
    let mut conn = app.db.conn().await?;
    let row = load_signup(app, &mut conn, id).await?;
    if row.completed_at.is_some() {
        return Err(AppError::NotFound("sign-up"));
    }
    Ok(pending_of(&row))
}

/// Sends a sign-up's code again (at most once a minute).
pub async fn resend_code(app: &App, id: SignupId, ip: Option<&str>) -> Result<PendingSignup> {
    let mut tx = app.db.begin().await?;
    let row = load_signup(app, &mut tx, id).await?;
    if row.completed_at.is_some() {
        return Err(AppError::refused(
            Refusal::SignupComplete,
            "this sign-up is already complete",
        ));
    }
    send_code(app, &mut tx, &row, ip).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(pending_of(&row))
}

/// The second step: the code, a password and the name the buyer goes by.
#[derive(Debug, Clone, Default)]
pub struct CompleteSignup {
    pub code: String,
    pub password: String,
    pub display_name: String,
}

/// The name a person goes by, or the field error that says why not (`required`, `too-long`);
/// buyers and sellers' users alike.
pub(crate) fn parse_display_name(input: &str) -> std::result::Result<String, FieldError> {
    use shopdeck_domain::text::{DisplayName, DisplayNameError};
    match DisplayName::parse(input) {
        Ok(name) => Ok(name.into_string()),
        Err(DisplayNameError::Empty) => Err(FieldError::new(
            "display_name",
            "required",
            "Enter the name to show on your account",
        )),
        Err(DisplayNameError::TooLong) => Err(FieldError::new(
            "display_name",
            "too-long",
            format!("Use at most {DISPLAY_NAME_MAX} characters"),
        )),
    }
}

/// Checks the code, creates the account and logs the new buyer in.
pub async fn complete_signup(
    app: &App,
    id: SignupId,
    input: &CompleteSignup,
    client: &ClientInfo,
) -> Result<(BuyerToken, CurrentBuyer)> {
    let mut errors = Vec::new();
    if input.code.trim().is_empty() {
        errors.push(FieldError::new(
            "code",
            "required",
            "Enter the code we sent you",
        ));
    }
    let name = parse_display_name(&input.display_name)
        .map_err(|e| errors.push(e))
        .ok();
    let password = NewPassword::parse(&input.password)
        .map_err(|e| {
            errors.push(FieldError::new(
                "password",
                password_code(&e),
                e.to_string(),
            ))
        })
        .ok();
    let (Some(name), Some(password), true) = (name, password, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let hash = hash_new_password(&password).await?;

    let mut tx = app.db.begin().await?;
    let row = load_signup(app, &mut tx, id).await?;
    let checked = codes::verify(
        app,
        &mut tx,
        Purpose::BuyerSignup,
        &id.to_string(),
        &input.code,
    )
    .await;
    if let Err(e) = checked {
        // Commit anyway: a wrong code must count as a try.
        tx.commit().await.map_err(StoreError::from)?;
        return Err(e);
    }
    let buyer = insert_account(
        app,
        &mut tx,
        &NewAccount {
            email: row.email.as_deref(),
            phone: row.phone.as_deref(),
            display_name: &name,
            password_hash: &hash,
            locale: Locale::from_tag(&row.locale).unwrap_or(Locale::En),
        },
    )
    .await?;
    repo::mark_signup_completed(&mut tx, id, buyer, app.now()).await?;
    let token = open_session(app, &mut tx, buyer, client).await?;
    let current = repo::find_buyer(&mut tx, buyer)
        .await?
        .map(current_of)
        .ok_or(AppError::NotFound("buyer"))?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(buyer.id = %buyer, "new buyer signed up");
    Ok((token, current))
}

pub(crate) struct NewAccount<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub locale: Locale,
}

/// Creates an account on the caller's transaction. An address taken meanwhile (two sign-ups
/// raced) is a conflict: whoever gets here proved they own the address.
pub(crate) async fn insert_account(
    app: &App,
    conn: &mut Conn,
    a: &NewAccount<'_>,
) -> Result<BuyerId> {
    let id: BuyerId = app.new_id();
    let inserted = repo::insert_buyer(
        conn,
        &repo::NewBuyer {
            id,
            email: a.email,
            phone: a.phone,
            display_name: a.display_name,
            password_hash: a.password_hash,
            locale: a.locale.tag(),
        },
        app.now(),
    )
    .await;
    match inserted {
        Ok(()) => Ok(id),
        Err(StoreError::Conflict { .. }) => Err(AppError::refused(
            Refusal::AccountExists,
            "this email address or phone number already has an account; log in instead",
        )),
        Err(e) => Err(e.into()),
    }
}

// ---- Sessions ----

async fn open_session(
    app: &App,
    conn: &mut Conn,
    buyer: BuyerId,
    client: &ClientInfo,
) -> Result<BuyerToken> {
    let now = app.now();
    let token = BuyerToken::generate();
    repo::insert_session(
        conn,
        &repo::NewBuyerSession {
            token_hash: &token.hash(),
            buyer_id: buyer,
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

/// Checks an email or phone number and a password, and opens a session. Unknown logins and
/// wrong passwords get the same error; repeated failures for one login or from one address
/// pause log-in for a while (429), as for sellers.
pub async fn log_in(
    app: &App,
    login: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<(BuyerToken, CurrentBuyer)> {
    let mut errors = Vec::new();
    if login.trim().is_empty() {
        errors.push(FieldError::new(
            "login",
            "required",
            "Enter your email or phone number",
        ));
    }
    if password.is_empty() {
        errors.push(FieldError::new(
            "password",
            "required",
            "Enter your password",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut throttle = LoginThrottle::new("buyer-login", login, client);
    let candidates = {
        let mut conn = app.db.conn().await?;
        let email = login.contains('@').then(|| login.trim());
        let found = repo::find_buyers_by_login(&mut conn, email, &login_phones(login)).await?;
        let accounts: Vec<String> = found.iter().map(|b| b.id.to_string()).collect();
        throttle.check(app, &mut conn, &accounts).await?;
        found
    };
    // A national number may be several accounts' in different countries: the password
    // tells them apart. With none, a dummy hash takes as long as a real check.
    let mut found = None;
    if candidates.is_empty() {
        password_matches(password, None).await?;
    }
    for b in candidates.into_iter().take(3) {
        if password_matches(password, Some(b.password_hash.clone())).await? {
            found = Some(b);
            break;
        }
    }
    let Some(buyer) = found else {
        throttle.failed(app).await?;
        tracing::info!(
            ip = client.ip.as_deref().unwrap_or("-"),
            "failed buyer log-in"
        );
        return Err(AppError::BadCredentials);
    };
    let mut tx = app.db.begin().await?;
    throttle.passed(app, &mut tx, &buyer.id.to_string()).await?;
    let token = open_session(app, &mut tx, buyer.id, client).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(buyer.id = %buyer.id, "buyer logged in");
    Ok((token, current_of(buyer)))
}

/// Ends a session. Unknown tokens are fine: logging out twice is not an error.
pub async fn log_out(app: &App, token: &BuyerToken) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::delete_session(&mut tx, &token.hash()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Resolves a session token to its buyer, or `None` when the session is unknown or expired
/// (after `session_idle` without use, or `session_absolute` after log-in). Activity is
/// recorded at most once a minute to spare writes.
pub async fn current_buyer(app: &App, token: &BuyerToken) -> Result<Option<CurrentBuyer>> {
    let now = app.now();
    let hash = token.hash();
    let mut conn = app.db.conn().await?;
    let Some(session) = repo::find_session(&mut conn, &hash).await? else {
        return Ok(None);
    };
    if now >= session.expires_at
        || now.duration_since(session.last_seen_at) >= app.settings.session_idle
    {
        drop(conn);
        let mut tx = app.db.begin().await?;
        repo::delete_session(&mut tx, &hash).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(None);
    }
    let Some(buyer) = repo::find_buyer(&mut conn, session.buyer_id).await? else {
        return Ok(None);
    };
    if now.duration_since(session.last_seen_at).as_secs() >= 60 {
        drop(conn);
        let mut tx = app.db.begin().await?;
        repo::touch_session(&mut tx, &hash, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(Some(current_of(buyer)))
}

/// Removes expired buyer sessions and sign-ups; returns how many rows went.
pub async fn purge_expired(app: &App) -> Result<u64> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let n = repo::delete_expired_sessions(&mut tx, now).await?
        + repo::delete_expired_signups(&mut tx, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(n)
}

// ---- Addresses ----

/// A new address as typed. Empty optional fields mean "none".
#[derive(Debug, Clone, Default)]
pub struct AddressInput {
    pub recipient_name: String,
    /// National or international form, for `country`.
    pub phone: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub region: String,
    pub city: String,
    pub postal_code: String,
    pub line1: String,
    pub line2: String,
    /// Make it the default address (the first address always is).
    pub make_default: bool,
}

/// A change to an address: `None` keeps a field, `Some("")` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct AddressPatch {
    pub recipient_name: Option<String>,
    pub phone: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
}

/// Countries whose addresses need a state, province or prefecture.
const REGION_REQUIRED: &[&str] = &["US", "CA", "MX", "BR", "CN", "JP"];
/// Countries without postal codes in common use.
const NO_POSTAL_CODE: &[&str] = &["AE"];

/// Trims, collapses inner whitespace, and checks presence and length.
fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Option<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        if required {
            errors.push(FieldError::new(field, "required", "This field is required"));
        }
        return None;
    }
    if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too-long",
            format!("Use at most {max} characters"),
        ));
        return None;
    }
    if v.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "text-invalid",
            "Remove the control characters",
        ));
        return None;
    }
    Some(v)
}

/// Checks and normalises a postal code for its country; `Err` is the message.
fn postal_code(country: &str, input: &str) -> std::result::Result<String, &'static str> {
    let v = input.trim().to_uppercase();
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |n: usize| compact.len() == n && compact.bytes().all(|b| b.is_ascii_digit());
    let bad = |what| Err(what);
    match country {
        "US" => {
            let ok = digits(5)
                || (compact.len() == 10
                    && compact.as_bytes()[5] == b'-'
                    && compact
                        .bytes()
                        .enumerate()
                        .all(|(i, b)| i == 5 || b.is_ascii_digit()));
            if ok {
                Ok(compact)
            } else {
                bad("A US ZIP code has 5 digits (or 5+4, e.g. 10013-1234)")
            }
        }
        "FR" | "ES" | "DE" | "IT" | "MX" | "MY" | "TH" | "ID" | "SA" => {
            if digits(5) {
                Ok(compact)
            } else {
                bad("This country's postal codes have 5 digits")
            }
        }
        "CN" | "SG" | "VN" => {
            if digits(6) {
                Ok(compact)
            } else {
                bad("This country's postal codes have 6 digits")
            }
        }
        "PH" => {
            if digits(4) {
                Ok(compact)
            } else {
                bad("Philippine postal codes have 4 digits")
            }
        }
        "JP" | "BR" => {
            // 〒150-0001 and CEP 01310-100: digits with one hyphen, which is added if missing.
            let d: String = compact.chars().filter(|c| *c != '-').collect();
            let (head, len) = if country == "JP" { (3, 7) } else { (5, 8) };
            if d.len() == len && d.bytes().all(|b| b.is_ascii_digit()) {
                Ok(format!("{}-{}", &d[..head], &d[head..]))
            } else if country == "JP" {
                bad("Japanese postal codes have 7 digits, e.g. 150-0001")
            } else {
                bad("Brazilian CEPs have 8 digits, e.g. 01310-100")
            }
        }
        "GB" | "CA" | "IE" => {
            // Outward and inward parts: the inward part is the last three characters.
            let ok = (5..=7).contains(&compact.len())
                && compact.bytes().all(|b| b.is_ascii_alphanumeric());
            if ok && country != "IE" {
                let (out, inward) = compact.split_at(compact.len() - 3);
                Ok(format!("{out} {inward}"))
            } else if ok {
                Ok(compact)
            } else {
                bad("Enter the postal code as written on letters, e.g. EH2 2PR")
            }
        }
        _ => {
            let ok = !v.is_empty()
                && v.len() <= 12
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
            if ok {
                Ok(v)
            } else {
                bad("Enter a valid postal code")
            }
        }
    }
}

/// Validates a whole address; every field at fault is named.
fn validate_address(input: &AddressInput) -> Result<AddressFields> {
    let mut errors = Vec::new();
    let recipient_name = text_field(
        &mut errors,
        "recipient_name",
        &input.recipient_name,
        true,
        100,
    );
    let country = match input.country.trim() {
        "" => {
            errors.push(FieldError::new("country", "required", "Choose a country"));
            None
        }
        code => {
            let c = Country::by_code(code);
            if c.is_none() {
                errors.push(FieldError::new(
                    "country",
                    "country-invalid",
                    "We do not deliver to this country yet",
                ));
            }
            c
        }
    };
    let phone = country.and_then(|c| {
        parse_phone("phone", &input.phone, Some(c.code))
            .map_err(|e| errors.push(e))
            .ok()
    });
    let needs_region = country.is_some_and(|c| REGION_REQUIRED.contains(&c.code));
    let region = text_field(&mut errors, "region", &input.region, needs_region, 100);
    let city = text_field(&mut errors, "city", &input.city, true, 100);
    let needs_postal = country.is_some_and(|c| !NO_POSTAL_CODE.contains(&c.code));
    let postal = text_field(
        &mut errors,
        "postal_code",
        &input.postal_code,
        needs_postal,
        12,
    );
    let postal_code = match (country, postal) {
        (Some(c), Some(p)) => match postal_code(c.code, &p) {
            Ok(p) => Some(p),
            Err(msg) => {
                errors.push(FieldError::new("postal_code", "postal-code-invalid", msg));
                None
            }
        },
        _ => None,
    };
    let line1 = text_field(&mut errors, "line1", &input.line1, true, 200);
    let line2 = text_field(&mut errors, "line2", &input.line2, false, 200);
    match (
        recipient_name,
        country,
        phone,
        city,
        line1,
        errors.is_empty(),
    ) {
        (Some(recipient_name), Some(country), Some(phone), Some(city), Some(line1), true) => {
            Ok(AddressFields {
                recipient_name,
                phone: phone.as_e164().to_owned(),
                country: country.code.to_owned(),
                region,
                city,
                postal_code,
                line1,
                line2,
            })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

/// A saved delivery address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub id: AddressId,
    pub buyer_id: BuyerId,
    pub recipient_name: String,
    /// E.164, valid for `country`.
    pub phone: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// State, province or prefecture: trimmed, inner spaces collapsed.
    pub region: Option<String>,
    pub city: String,
    pub postal_code: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<repo::AddressRow> for Address {
    fn from(r: repo::AddressRow) -> Address {
        Address {
            id: r.id,
            buyer_id: r.buyer_id,
            recipient_name: r.recipient_name,
            phone: r.phone,
            country: r.country,
            region: r.region,
            city: r.city,
            postal_code: r.postal_code,
            line1: r.line1,
            line2: r.line2,
            is_default: r.is_default,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// An address's fields as they would be typed (to edit it).
pub fn input_of(a: &Address) -> AddressInput {
    AddressInput {
        recipient_name: a.recipient_name.clone(),
        phone: a.phone.clone(),
        country: a.country.clone(),
        region: a.region.clone().unwrap_or_default(),
        city: a.city.clone(),
        postal_code: a.postal_code.clone().unwrap_or_default(),
        line1: a.line1.clone(),
        line2: a.line2.clone().unwrap_or_default(),
        make_default: a.is_default,
    }
}

/// The buyer's addresses: the default first, then the newest.
pub async fn list_addresses(app: &App, buyer: BuyerId) -> Result<Vec<Address>> {
    let mut conn = app.db.conn().await?;
    Ok(repo::list_addresses(&mut conn, buyer)
        .await?
        .into_iter()
        .map(Address::from)
        .collect())
}

/// One of the buyer's addresses; another buyer's is not found.
pub async fn get_address(app: &App, buyer: BuyerId, id: AddressId) -> Result<Address> {
    let mut conn = app.db.conn().await?;
    repo::find_address(&mut conn, buyer, id)
        .await?
        .map(Address::from)
        .ok_or(AppError::NotFound("address"))
}

/// Saves a new address. The first one becomes the default.
pub async fn create_address(app: &App, buyer: BuyerId, input: &AddressInput) -> Result<Address> {
    let fields = validate_address(input)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let count = repo::count_addresses(&mut tx, buyer).await?;
    if count >= MAX_ADDRESSES {
        return Err(AppError::refused(
            Refusal::AddressBookFull,
            format!("an address book holds at most {MAX_ADDRESSES} addresses; delete one first"),
        ));
    }
    let id: AddressId = app.new_id();
    repo::insert_address(&mut tx, buyer, id, &fields, false, now).await?;
    if count == 0 || input.make_default {
        repo::set_default_address(&mut tx, buyer, id, now).await?;
    }
    let row = repo::find_address(&mut tx, buyer, id)
        .await?
        .ok_or(AppError::NotFound("address"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(row.into())
}

/// Changes some fields of an address; the result is checked as a whole.
pub async fn update_address(
    app: &App,
    buyer: BuyerId,
    id: AddressId,
    patch: &AddressPatch,
) -> Result<Address> {
    let mut tx = app.db.begin().await?;
    let current = repo::find_address(&mut tx, buyer, id)
        .await?
        .ok_or(AppError::NotFound("address"))?;
    let mut input = input_of(&current.into());
    let set = |field: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            field.clone_from(v);
        }
    };
    set(&mut input.recipient_name, &patch.recipient_name);
    set(&mut input.phone, &patch.phone);
    set(&mut input.country, &patch.country);
    set(&mut input.region, &patch.region);
    set(&mut input.city, &patch.city);
    set(&mut input.postal_code, &patch.postal_code);
    set(&mut input.line1, &patch.line1);
    set(&mut input.line2, &patch.line2);
    let fields = validate_address(&input)?;
    repo::update_address(&mut tx, buyer, id, &fields, app.now()).await?;
    let row = repo::find_address(&mut tx, buyer, id)
        .await?
        .ok_or(AppError::NotFound("address"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(row.into())
}

/// Deletes an address. When it was the default, the newest remaining one takes its place.
pub async fn delete_address(app: &App, buyer: BuyerId, id: AddressId) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let current = repo::find_address(&mut tx, buyer, id)
        .await?
        .ok_or(AppError::NotFound("address"))?;
    repo::delete_address(&mut tx, buyer, id).await?;
    if current.is_default
        && let Some(next) = repo::newest_address(&mut tx, buyer).await?
    {
        repo::set_default_address(&mut tx, buyer, next, app.now()).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Makes an address the buyer's default.
pub async fn set_default_address(app: &App, buyer: BuyerId, id: AddressId) -> Result<Address> {
    let mut tx = app.db.begin().await?;
    if !repo::set_default_address(&mut tx, buyer, id, app.now()).await? {
        return Err(AppError::NotFound("address"));
    }
    let row = repo::find_address(&mut tx, buyer, id)
        .await?
        .ok_or(AppError::NotFound("address"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(row.into())
}

/// The address an order ships to, read on the checkout's own transaction. Another buyer's
/// address (or one deleted meanwhile) is `NotFound`, which the surfaces answer with 404.
pub async fn address_for_checkout(
    _app: &App,
    conn: &mut Conn,
    buyer: BuyerId,
    id: AddressId,
) -> Result<Address> {
    repo::find_address(conn, buyer, id)
        .await?
        .map(Address::from)
        .ok_or(AppError::NotFound("address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyer_tokens_are_told_apart_from_other_tokens() {
        let t = BuyerToken::generate();
        assert!(t.expose().starts_with("sdb_"));
        assert_eq!(BuyerToken::parse(t.expose()), Some(t.clone()));
        let hex = &t.expose()[4..];
        assert!(BuyerToken::parse(hex).is_none(), "a seller session's shape");
        assert!(
            BuyerToken::parse(&format!("sdk_{hex}")).is_none(),
            "an API token"
        );
        assert!(BuyerToken::parse("sdb_xyz").is_none());
        assert!(!format!("{t:?}").contains(hex));
    }

    #[test]
    fn phones_need_a_country_unless_international() {
        assert_eq!(
            parse_phone("phone", "+33 6 12 34 56 78", None)
                .unwrap()
                .as_e164(),
            "+33612345678"
        );
        assert_eq!(
            parse_phone("phone", "(212) 555-0142", Some("us"))
                .unwrap()
                .as_e164(),
            "+12125550142"
        );
        assert_eq!(
            parse_phone("phone", "06 12 34 56 78", None)
                .unwrap_err()
                .field,
            "country"
        );
        assert_eq!(
            parse_phone("phone", "12", Some("FR")).unwrap_err().code,
            "phone-invalid"
        );
        assert_eq!(
            parse_phone("phone", "1", Some("XX")).unwrap_err().code,
            "country-invalid"
        );
        assert!(login_phones("+12125550142").contains(&"+12125550142".to_owned()));
        assert!(login_phones("2125550142").contains(&"+12125550142".to_owned()));
        assert!(login_phones("a@b.example").is_empty());
    }

    #[test]
    fn postal_codes_follow_their_country() {
        assert_eq!(postal_code("US", "10013").unwrap(), "10013");
        assert_eq!(postal_code("US", "10013-1234").unwrap(), "10013-1234");
        assert!(postal_code("US", "1001").is_err());
        assert_eq!(postal_code("FR", "75004").unwrap(), "75004");
        assert!(postal_code("FR", "7500A").is_err());
        assert_eq!(postal_code("JP", "1500001").unwrap(), "150-0001");
        assert_eq!(postal_code("GB", "eh22pr").unwrap(), "EH2 2PR");
        assert_eq!(postal_code("BR", "01310100").unwrap(), "01310-100");
    }

    #[test]
    fn addresses_name_every_field_at_fault() {
        let Err(AppError::Validation(errors)) = validate_address(&AddressInput {
            country: "US".into(),
            phone: "123".into(),
            postal_code: "x".into(),
            ..AddressInput::default()
        }) else {
            panic!("invalid")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "recipient_name",
            "phone",
            "region",
            "city",
            "postal_code",
            "line1",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let ok = validate_address(&AddressInput {
            recipient_name: "  Ann   Lee ".into(),
            phone: "06 12 34 56 78".into(),
            country: "fr".into(),
            city: "Paris".into(),
            postal_code: "75004".into(),
            line1: "8 rue de Rivoli".into(),
            ..AddressInput::default()
        })
        .unwrap();
        assert_eq!(ok.recipient_name, "Ann Lee");
        assert_eq!(ok.country, "FR");
        assert_eq!(ok.phone, "+33612345678");
        assert_eq!(ok.region, None);
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("mina@example.com"), "m•••@example.com");
    }
}
