//! One-time codes sent by SMS or email: 6 digits, valid 10 minutes, 5 wrong tries, a new one
//! at most every 60 seconds, and limits per destination and per IP address.

use jiff::SignedDuration;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::CodeId;
use shopdeck_store::Conn;
use shopdeck_store::codes::{self as repo, NewCode};

use crate::limits::{self, CODES_PER_IP, CODES_PER_TARGET};
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, FieldError, Result};

pub const CODE_TTL: SignedDuration = SignedDuration::from_mins(10);
pub const RESEND_AFTER: SignedDuration = SignedDuration::from_secs(60);
pub const MAX_ATTEMPTS: u32 = 5;

/// What a code is for; also its row's `purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignupPhone,
    SignupEmail,
    PasswordReset,
    /// A storefront buyer's sign-up, by email or SMS.
    BuyerSignup,
}

impl Purpose {
    fn as_str(&self) -> &'static str {
        match self {
            Purpose::SignupPhone => "signup_phone",
            Purpose::SignupEmail => "signup_email",
            Purpose::PasswordReset => "password_reset",
            Purpose::BuyerSignup => "buyer_signup",
        }
    }
}

/// The code is salted with its row's id, so equal codes never hash alike.
fn hash(id: CodeId, code: &str) -> String {
    crate::secrets::sha256_hex(&format!("{id}:{code}"))
}

/// Where a code goes and in which words.
pub struct Delivery<'a> {
    pub channel: Channel,
    pub target: &'a str,
    pub locale: Locale,
    pub kind: CodeKind<'a>,
}

/// Message keys: (subject, body); a code message may use `$code` and `$minutes`.
pub type Keys<'a> = (&'a str, &'a str);

pub enum CodeKind<'a> {
    /// A real code, in this message.
    Real(Keys<'a>),
    /// A code nobody knows, so the flow looks the same from outside whether or not the
    /// address is known; `Some` sends this notice instead (e.g. "you already have an
    /// account"), `None` sends nothing.
    Decoy(Option<Keys<'a>>),
}

/// Sends a new code, unless one went out less than a minute ago or a limit is reached.
/// Runs on the caller's transaction.
pub async fn send(
    app: &App,
    conn: &mut Conn,
    purpose: Purpose,
    subject: &str,
    delivery: &Delivery<'_>,
    ip: Option<&str>,
) -> Result<()> {
    let now = app.now();
    if let Some(last) = repo::find_latest_code(conn, purpose.as_str(), subject).await? {
        let since = now.duration_since(last.sent_at);
        if since < RESEND_AFTER {
            let wait = (RESEND_AFTER - since).as_secs().max(1);
            return Err(AppError::RateLimited {
                retry_after: std::time::Duration::from_secs(u64::try_from(wait).unwrap_or(60)),
            });
        }
    }
    limits::take(
        app,
        conn,
        &format!("code:to:{}", delivery.target),
        CODES_PER_TARGET,
    )
    .await?;
    if let Some(ip) = ip {
        limits::take(app, conn, &format!("code:ip:{ip}"), CODES_PER_IP).await?;
    }

    let id: CodeId = app.new_id();
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    // A decoy is not six digits, so nothing a user types can ever match it.
    let (stored, keys) = match delivery.kind {
        CodeKind::Real(keys) => (code.clone(), Some(keys)),
        CodeKind::Decoy(keys) => (format!("x{}", rand::random::<u64>()), keys),
    };
    repo::insert_code(
        conn,
        &NewCode {
            id,
            purpose: purpose.as_str(),
            subject,
            target: delivery.target,
            code_hash: &hash(id, &stored),
            max_attempts: MAX_ATTEMPTS,
            expires_at: now.saturating_add(CODE_TTL).unwrap_or(now),
        },
        now,
    )
    .await?;
    let Some((subject_key, body_key)) = keys else {
        return Ok(());
    };
    let args = [("code", code), ("minutes", CODE_TTL.as_mins().to_string())];
    notify::queue_kind(
        app,
        conn,
        &Message {
            channel: delivery.channel,
            recipient: delivery.target.to_owned(),
            subject: crate::messages::text(delivery.locale, subject_key, &args),
            body: crate::messages::text(delivery.locale, body_key, &args),
            user_id: None,
            seller_id: None,
        },
        subject_key.trim_end_matches("-subject"),
    )
    .await?;
    Ok(())
}

fn code_error(message: &str, code: &str) -> AppError {
    AppError::Validation(vec![FieldError::new("code", code, message)])
}

/// Checks a code the user typed. A wrong code costs one of the five tries; an expired or
/// exhausted code must be sent again. The caller commits even on failure, so tries count.
pub async fn verify(
    app: &App,
    conn: &mut Conn,
    purpose: Purpose,
    subject: &str,
    typed: &str,
) -> std::result::Result<(), AppError> {
    let now = app.now();
    let typed = typed.trim();
    let Some(row) = repo::find_latest_code(conn, purpose.as_str(), subject).await? else {
        return Err(code_error("Ask for a new code.", "code-missing"));
    };
    if row.consumed_at.is_some() {
        return Err(code_error(
            "This code was already used; ask for a new one.",
            "code-used",
        ));
    }
    if now >= row.expires_at {
        return Err(code_error(
            "This code has expired; ask for a new one.",
            "code-expired",
        ));
    }
    if row.attempts >= row.max_attempts {
        return Err(code_error(
            "Too many wrong tries; ask for a new code.",
            "code-locked",
        ));
    }
    let well_formed = typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit());
    if !well_formed || hash(row.id, typed) != row.code_hash {
        repo::record_failed_attempt(conn, row.id).await?;
        return Err(code_error("The code is wrong.", "code-wrong"));
    }
    repo::consume_code(conn, row.id, now).await?;
    Ok(())
}
