//! The `Idempotency-Key` header on POST requests: a retry with the same key and body gets the
//! first answer (with `Idempotency-Replayed: true`) instead of running again.
//!
//! Two ways, chosen per route in `router`:
//! - **In the work's transaction** (`key_in_transaction`, for routes that place orders or move
//!   money): the key and the request's fingerprint are handed to the use-case, which stores
//!   them with what it creates, in the same transaction. After any crash a retry finds either
//!   the committed work (and answers with it) or nothing (and does the work once).
//! - **Around the handler** (`honour_idempotency_key`, every other POST): the key is claimed,
//!   the handler runs, and its answer is stored. A process that dies between the handler's
//!   commit and the stored answer leaves a claim that expires after twice the request
//!   timeout, after which a retry runs the handler again; routes where that would matter
//!   belong in the first group.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shopdeck_app::App;
use shopdeck_app::idempotency::{self, Claim, StoredResponse};

use crate::problem::{Problem, problem_from_app};

pub const HEADER: &str = "idempotency-key";

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn valid_key(k: &str) -> bool {
    (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
}

/// An `Idempotency-Key` to be kept in the use-case's own transaction, with the SHA-256 of
/// the request body it came with.
#[derive(Debug, Clone)]
pub struct KeyedRequest {
    pub key: String,
    pub fingerprint: String,
}

/// The request's `KeyedRequest`, if it sent a key (routes under `key_in_transaction`).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<KeyedRequest>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for IdempotencyKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(IdempotencyKey(
            parts.extensions.get::<KeyedRequest>().cloned(),
        ))
    }
}

/// A malformed `Idempotency-Key` header.
struct MalformedKey;

impl IntoResponse for MalformedKey {
    fn into_response(self) -> Response {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid-idempotency-key",
            "The Idempotency-Key header is malformed",
        )
        .detail("Use 1 to 255 visible ASCII characters, e.g. a UUID.")
        .into_response()
    }
}

/// The request's `Idempotency-Key`, if it sent one.
fn sent_key(req: &Request) -> Result<Option<String>, MalformedKey> {
    let Some(key) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    match key.to_str().ok().filter(|k| valid_key(k)) {
        Some(k) => Ok(Some(k.to_owned())),
        None => Err(MalformedKey),
    }
}

/// For routes whose use-case keeps the key in its own transaction: checks the header and
/// hands the key with the body's fingerprint to the handler (`IdempotencyKey`).
pub async fn key_in_transaction(req: Request, next: Next) -> Response {
    let key = match sent_key(&req) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(req).await,
        Err(malformed) => return malformed.into_response(),
    };
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    parts.extensions.insert(KeyedRequest {
        key,
        fingerprint: sha_hex(&bytes),
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Marks an answer given again for a repeated key.
pub fn mark_replayed(res: &mut Response) {
    res.headers_mut()
        .insert("idempotency-replayed", HeaderValue::from_static("true"));
}

pub async fn honour_idempotency_key(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let key = match sent_key(&req) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(req).await,
        Err(malformed) => return malformed.into_response(),
    };
    // Keys are per caller and per route: two clients cannot collide.
    let caller = req
        .headers()
        .get(AUTHORIZATION)
        .map(|v| sha_hex(v.as_bytes()))
        .unwrap_or_default();
    let scope = format!(
        "POST {}|{}",
        req.uri().path(),
        &caller[..caller.len().min(32)]
    );
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let fingerprint = sha_hex(&bytes);

    match idempotency::claim(&app, &scope, &key, &fingerprint).await {
        Err(e) => return problem_from_app(e).into_response(),
        Ok(Claim::Mismatch) => {
            return Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "This Idempotency-Key was used for a different request",
            )
            .detail("Send a new key for a new request.")
            .into_response();
        }
        Ok(Claim::InProgress) => {
            return Problem::new(
                StatusCode::CONFLICT,
                "idempotency-in-progress",
                "A request with this Idempotency-Key is still being processed",
            )
            .detail("Retry after it has finished.")
            .into_response();
        }
        Ok(Claim::Replay(stored)) => return replay(stored),
        Ok(Claim::Proceed) => {}
    }

    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = res.status();
    if status.is_server_error() {
        // The work may not have happened: let a retry run it.
        if let Err(e) = idempotency::release(&app, &scope, &key).await {
            tracing::error!(error = %e, "could not release an idempotency key");
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response();
    };
    let stored = StoredResponse {
        status: status.as_u16(),
        content_type: parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    if let Err(e) = idempotency::finish(&app, &scope, &key, &stored).await {
        tracing::error!(error = %e, "could not store an idempotent response");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut res = (status, stored.body).into_response();
    if let Some(ct) = stored
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        res.headers_mut().insert(CONTENT_TYPE, ct);
    }
    mark_replayed(&mut res);
    res
}
