//! Payments through a provider interface, and the built-in sandbox provider.
//!
//! A checkout's orders are paid by one payment per currency. Shopdeck asks the provider for a
//! hosted payment session, sends the buyer there, and learns the outcome from the provider's
//! signed callback — never from the buyer's browser. Callbacks are verified (signature and
//! age), applied once per provider event id, and checked against the payment's amount.
//!
//! The sandbox provider behaves like a real one: its hosted page (`/sandbox/pay/{id}`) lets the
//! buyer approve, decline or leave to pay later; a decision is sent to Shopdeck by a signed
//! HTTP callback that the durable worker retries until Shopdeck answers 2xx. A deployment adds
//! a real provider by implementing [`PaymentProvider`] and `App::with_payment_provider`.

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use sha2::Sha256;
use shopdeck_domain::ids::{PaymentId, RefundId};
use shopdeck_domain::money::Currency;
use shopdeck_domain::orders::{RefundStatus, SandboxStatus};
use shopdeck_store::StoreError;
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders as repo;

use crate::jobs::{JobError, JobHandler};
use crate::{App, AppError, Refusal, Result};

/// The sandbox provider's name, as stored on payments and used in its callback path.
pub const SANDBOX: &str = "sandbox";
/// Job: send a sandbox decision to Shopdeck's callback endpoint (retried until accepted).
pub const SANDBOX_CALLBACK: &str = "payments.sandbox_callback";
/// Job: ask the provider to refund a refund row.
pub const REFUND: &str = "payments.refund";
/// The header carrying a callback's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "shopdeck-signature";
/// Callbacks signed longer ago than this (or this far in the future) are refused as replays.
pub const SIGNATURE_TOLERANCE: SignedDuration = SignedDuration::from_mins(5);

/// What Shopdeck asks a provider for.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    pub payment_id: PaymentId,
    pub amount_minor: i64,
    pub currency: Currency,
    pub description: String,
    /// Where the hosted page sends the buyer afterwards.
    pub return_url: String,
    /// Where the provider posts its signed outcome.
    pub callback_url: String,
}

#[derive(Debug, Clone)]
pub struct ProviderSession {
    pub provider_ref: String,
    pub redirect_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
}

/// A provider's verified statement about a payment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallbackEvent {
    pub event_id: String,
    pub outcome: Outcome,
    pub provider_ref: String,
    pub amount_minor: i64,
    pub currency: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Why a callback was not believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallbackRefusal {
    #[error("the callback carries no signature")]
    Missing,
    #[error("the callback's signature does not match")]
    Forged,
    #[error("the callback was signed too long ago (a replay?)")]
    Stale,
    #[error("the callback's body is not a payment event")]
    Malformed,
}

#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    fn name(&self) -> &'static str;
    /// Opens a hosted payment session for the buyer to complete.
    async fn create_session(&self, app: &App, req: &SessionRequest) -> Result<ProviderSession>;
    /// Checks a callback's signature and freshness and reads its event.
    fn verify_callback(
        &self,
        signature: Option<&str>,
        body: &[u8],
        now: Timestamp,
    ) -> std::result::Result<CallbackEvent, CallbackRefusal>;
    /// Returns `amount_minor` of a captured payment to the buyer; answers the provider's
    /// reference of the refund. `refund_ref` is unique per refund, for the provider's dedupe.
    async fn refund(
        &self,
        app: &App,
        provider_ref: &str,
        amount_minor: i64,
        refund_ref: &str,
    ) -> Result<String>;
}

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(secret.as_bytes()).ok()?;
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    Some(m)
}

/// `t=<unix>,v1=<hex>` over `<unix>.<body>`.
pub fn sign(secret: &str, at: Timestamp, body: &[u8]) -> String {
    let t = at.as_second();
    let hex = mac(secret, t, body)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("t={t},v1={hex}")
}

/// Checks a `sign` header in constant time and within the tolerance window.
pub fn verify_signature(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
    now: Timestamp,
) -> std::result::Result<(), CallbackRefusal> {
    let header = header.ok_or(CallbackRefusal::Missing)?;
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1.push(v),
            _ => {}
        }
    }
    let t = t.ok_or(CallbackRefusal::Forged)?;
    let age = now.as_second() - t;
    if age.abs() > SIGNATURE_TOLERANCE.as_secs() {
        return Err(CallbackRefusal::Stale);
    }
    let ok = v1.iter().any(|sig| {
        hex::decode(sig)
            .is_ok_and(|bytes| mac(secret, t, body).is_some_and(|m| m.verify_slice(&bytes).is_ok()))
    });
    if ok {
        Ok(())
    } else {
        Err(CallbackRefusal::Forged)
    }
}

// ---------------------------------------------------------------------------------------
// The sandbox provider

#[derive(Debug)]
pub struct Sandbox {
    secret: String,
}

impl Sandbox {
    pub fn new(secret: impl Into<String>) -> Sandbox {
        Sandbox {
            secret: secret.into(),
        }
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        SANDBOX
    }

    async fn create_session(&self, app: &App, req: &SessionRequest) -> Result<ProviderSession> {
        let id = format!("sbx_{}", &crate::secrets::random_hex()[..32]);
        let session = repo::SandboxSession {
            id: id.clone(),
            merchant_ref: format!("{}:{}", req.payment_id, &id[4..12]),
            description: req.description.clone(),
            currency: req.currency,
            amount_minor: req.amount_minor,
            refunded_minor: 0,
            return_url: req.return_url.clone(),
            callback_url: req.callback_url.clone(),
            status: SandboxStatus::Open,
            created_at: app.now(),
        };
        let mut tx = app.db.begin().await?;
        repo::insert_sandbox_session(&mut tx, &session).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        Ok(ProviderSession {
            redirect_url: format!(
                "{}/sandbox/pay/{id}",
                app.settings.public_url.trim_end_matches('/')
            ),
            provider_ref: id,
        })
    }

    fn verify_callback(
        &self,
        signature: Option<&str>,
        body: &[u8],
        now: Timestamp,
    ) -> std::result::Result<CallbackEvent, CallbackRefusal> {
        verify_signature(&self.secret, signature, body, now)?;
        serde_json::from_slice(body).map_err(|_| CallbackRefusal::Malformed)
    }

    async fn refund(
        &self,
        app: &App,
        provider_ref: &str,
        amount_minor: i64,
        refund_ref: &str,
    ) -> Result<String> {
        let mut tx = app.db.begin().await?;
        let refunded = repo::sandbox_refund(&mut tx, provider_ref, amount_minor).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
        if refunded {
            Ok(format!("sbr_{}", refund_ref.trim_start_matches("rfd_")))
        } else {
            Err(AppError::refused(
                Refusal::SandboxRefused,
                "the sandbox refuses: the payment was not approved or is already refunded",
            ))
        }
    }
}

/// The sandbox's hosted page, as the buyer sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SandboxPage {
    pub id: String,
    pub description: String,
    pub currency: String,
    pub amount_minor: i64,
    pub status: SandboxStatus,
    pub return_url: String,
}

pub async fn sandbox_page(app: &App, id: &str) -> Result<SandboxPage> {
    let mut conn = app.db.conn().await?;
    let s = repo::find_sandbox_session(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("payment session"))?;
    Ok(SandboxPage {
        id: s.id,
        description: s.description,
        currency: s.currency.code().to_owned(),
        amount_minor: s.amount_minor,
        status: s.status,
        return_url: s.return_url,
    })
}

/// What the buyer does on the sandbox page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SandboxDecision {
    Approve,
    Decline,
    /// Leave without paying; the order stays unpaid until its payment time runs out.
    Later,
}

/// Records the buyer's decision and queues the signed callback to Shopdeck; answers where
/// the buyer goes next. Deciding twice is refused (409) like a real provider would.
pub async fn sandbox_decide(app: &App, id: &str, decision: SandboxDecision) -> Result<String> {
    let mut tx = app.db.begin().await?;
    let s = repo::find_sandbox_session(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("payment session"))?;
    let (status, outcome) = match decision {
        SandboxDecision::Later => {
            return Ok(with_query(&s.return_url, "payment=later"));
        }
        SandboxDecision::Approve => (SandboxStatus::Approved, Outcome::Succeeded),
        SandboxDecision::Decline => (SandboxStatus::Declined, Outcome::Failed),
    };
    if !repo::decide_sandbox_session(&mut tx, id, status, app.now()).await? {
        return Err(AppError::refused(
            Refusal::PaymentDecided,
            "this payment session was already decided",
        ));
    }
    let event = CallbackEvent {
        event_id: format!("evt_{}", &crate::secrets::random_hex()[..32]),
        outcome,
        provider_ref: s.id.clone(),
        amount_minor: s.amount_minor,
        currency: s.currency.code().to_owned(),
        reason: (outcome == Outcome::Failed).then(|| "card_declined".to_owned()),
    };
    crate::jobs::enqueue(
        app,
        &mut tx,
        SANDBOX_CALLBACK,
        serde_json::json!({ "url": s.callback_url, "event": event }),
        app.now(),
        None,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    let q = match outcome {
        Outcome::Succeeded => "payment=approved",
        Outcome::Failed => "payment=declined",
    };
    Ok(with_query(&s.return_url, q))
}

fn with_query(url: &str, q: &str) -> String {
    if url.contains('?') {
        format!("{url}&{q}")
    } else {
        format!("{url}?{q}")
    }
}

/// The sandbox's side of a callback: sign the event with the shared secret and post it.
/// Anything but 2xx is a failure the worker retries with backoff.
pub struct SendSandboxCallback;

#[async_trait::async_trait]
impl JobHandler for SendSandboxCallback {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let url = job.payload["url"]
            .as_str()
            .ok_or_else(|| JobError("callback job without url".into()))?;
        let body = serde_json::to_vec(&job.payload["event"])
            .map_err(|e| JobError(format!("callback body: {e}")))?;
        let signature = sign(&app.settings.sandbox_secret, app.now(), &body);
        let res = http_client()
            .post(url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .map_err(|e| JobError(format!("callback to {url}: {e}")))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(JobError(format!("callback to {url}: {}", res.status())))
        }
    }
}

fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default()
    })
}

// ---------------------------------------------------------------------------------------
// Refunds

/// Asks the provider to pay a pending refund back; retried by the worker until it lands.
pub struct RunRefund;

#[async_trait::async_trait]
impl JobHandler for RunRefund {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: RefundId = job.payload["refund_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("refund job without refund_id".into()))?;
        let mut conn = app.db.conn().await.map_err(AppError::from)?;
        let Some(refund) = repo::find_refund_any(&mut conn, id)
            .await
            .map_err(AppError::from)?
        else {
            return Ok(());
        };
        if refund.status != RefundStatus::Pending {
            return Ok(());
        }
        let payment = repo::find_payment_any(&mut conn, refund.payment_id)
            .await
            .map_err(AppError::from)?
            .ok_or_else(|| JobError("refund of a missing payment".into()))?;
        let provider_ref = payment
            .provider_ref
            .ok_or_else(|| JobError("refund of a payment without a session".into()))?;
        drop(conn);
        let reference = app
            .payment
            .refund(
                app,
                &provider_ref,
                refund.amount_minor,
                &refund.id.to_string(),
            )
            .await?;
        let mut tx = app.db.begin().await.map_err(AppError::from)?;
        repo::set_refund_status(
            &mut tx,
            refund.id,
            RefundStatus::Pending,
            RefundStatus::Succeeded,
            Some(&reference),
            app.now(),
        )
        .await
        .map_err(AppError::from)?;
        crate::cancellations::refund_landed(&mut tx, refund.id, app.now()).await?;
        crate::returns::refund_landed(app, &mut tx, refund.id).await?;
        crate::inbox::refunded(app, &mut tx, &refund).await?;
        tx.commit()
            .await
            .map_err(|e| AppError::from(shopdeck_store::StoreError::from(e)))?;
        Ok(())
    }
}
