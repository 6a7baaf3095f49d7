//! Idempotency keys: a POST retried with the same key gets the first answer again instead of
//! doing the work twice; the same key with a different request is refused.
//!
//! A key belongs to a scope (caller and route), lives 24 hours, and is claimed before the work
//! starts, so two concurrent requests with one key cannot both run. A claim whose request
//! never finished (the process died) may be taken over once it is older than twice the
//! request timeout: no request that old can still be running.

use jiff::SignedDuration;
use shopdeck_store::idempotency::{self as repo, KeyState};

use crate::{App, Result};

/// How long a key is remembered.
pub const KEY_TTL: SignedDuration = SignedDuration::from_hours(24);

/// A stored answer.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub enum Claim {
    /// Do the work, then `finish` (or `release` on a server error).
    Proceed,
    /// The same request was answered before: send this again.
    Replay(StoredResponse),
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// Claims `key` for a request with this fingerprint.
pub async fn claim(app: &App, scope: &str, key: &str, fingerprint: &str) -> Result<Claim> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if let Some(row) = repo::find_key(&mut tx, scope, key).await? {
        let age = now.duration_since(row.created_at);
        let claim_timeout = app.settings.request_timeout.saturating_mul(2);
        let stale = age >= KEY_TTL || (row.state != KeyState::Done && age >= claim_timeout);
        if !stale {
            tx.commit()
                .await
                .map_err(shopdeck_store::StoreError::from)?;
            return Ok(if row.fingerprint != fingerprint {
                Claim::Mismatch
            } else if row.state == KeyState::Done {
                Claim::Replay(StoredResponse {
                    status: u16::try_from(row.response_status.unwrap_or(500)).unwrap_or(500),
                    content_type: row.content_type,
                    body: row.response_body.unwrap_or_default(),
                })
            } else {
                Claim::InProgress
            });
        }
        repo::delete_key(&mut tx, scope, key).await?;
    }
    let claimed = repo::insert_key(&mut tx, scope, key, fingerprint, now).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    // On PostgreSQL a concurrent request may have claimed it between our read and insert.
    Ok(if claimed {
        Claim::Proceed
    } else {
        Claim::InProgress
    })
}

/// Stores the answer to replay.
pub async fn finish(app: &App, scope: &str, key: &str, response: &StoredResponse) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::complete_key(
        &mut tx,
        scope,
        key,
        response.status,
        response.content_type.as_deref(),
        &response.body,
    )
    .await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

/// Forgets a claim whose request failed on the server's side, so a retry may run it.
pub async fn release(app: &App, scope: &str, key: &str) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::delete_key(&mut tx, scope, key).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}
