//! API tokens: the owner makes named tokens with scopes (per area, read or write). The secret
//! is shown once and only its hash is kept; tokens can be revoked and show when last used.
//! A token never counts as the owner, so owner-only actions need a person.

use crate::auth::Membership;
use shopdeck_domain::ids::TokenId;
use shopdeck_domain::roles::Permissions;
use shopdeck_store::tokens as repo;
use shopdeck_store::tokens::TokenRow;
use shopdeck_store::{StoreError, sellers, users};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::auth::CurrentUser;
use crate::{App, AppError, Result};

/// An API token as the owner sees it (never its secret or hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub id: TokenId,
    pub name: String,
    /// What the token may do, per area.
    pub scopes: Permissions,
    pub created_at: jiff::Timestamp,
    pub last_used_at: Option<jiff::Timestamp>,
    pub revoked_at: Option<jiff::Timestamp>,
}

impl TryFrom<TokenRow> for Token {
    type Error = AppError;
    fn try_from(t: TokenRow) -> Result<Token> {
        let scopes = serde_json::from_str(&t.scopes).map_err(|e| {
            AppError::Internal(format!("token {} has unreadable scopes: {e}", t.id).into())
        })?;
        Ok(Token {
            id: t.id,
            name: t.name,
            scopes,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
    }
}

/// Every API token starts with this, so it is never mistaken for a session token.
pub const PREFIX: &str = "sdk_";

fn hash(secret: &str) -> String {
    crate::secrets::sha256_hex(secret)
}

/// Makes a token; returns its id and the secret (shown once).
pub async fn create(
    app: &App,
    actor: &SellerActor,
    name: &str,
    scopes: &Permissions,
) -> Result<(TokenId, String)> {
    actor.require_owner()?;
    let name = name.trim();
    if !(1..=60).contains(&name.chars().count()) {
        return Err(AppError::invalid(
            "name",
            "required",
            "Name the token (what will use it)",
        ));
    }
    let secret = format!("{PREFIX}{}", crate::secrets::random_hex());
    let id: TokenId = app.new_id();
    let scopes_json = serde_json::to_string(scopes).map_err(AppError::internal)?;
    let mut tx = app.db.begin().await?;
    repo::insert_token(
        &mut tx,
        &repo::NewToken {
            id,
            seller_id: actor.seller_id,
            name,
            token_hash: &hash(&secret),
            scopes: &scopes_json,
            created_by: actor.user_id,
        },
        app.now(),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "token.created",
        Some(&id.to_string()),
        serde_json::json!({"name": name, "scopes": scopes}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((id, secret))
}

pub async fn list(app: &App, actor: &SellerActor) -> Result<Vec<Token>> {
    actor.require_owner()?;
    let mut conn = app.db.conn().await?;
    repo::list_tokens_for_seller(&mut conn, actor.seller_id)
        .await?
        .into_iter()
        .map(Token::try_from)
        .collect()
}

pub async fn revoke(app: &App, actor: &SellerActor, id: TokenId) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    if !repo::revoke_token(&mut tx, actor.seller_id, id, app.now()).await? {
        return Err(AppError::NotFound("token"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "token.revoked",
        Some(&id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The caller behind a token secret, or `None` for unknown and revoked tokens.
pub async fn authenticate(app: &App, secret: &str) -> Result<Option<CurrentUser>> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let mut conn = app.db.conn().await?;
    let Some(token) = repo::find_token_by_hash(&mut conn, &hash(secret)).await? else {
        return Ok(None);
    };
    if token.revoked_at.is_some() {
        return Ok(None);
    }
    let Some(seller) = sellers::find_seller(&mut conn, token.seller_id).await? else {
        return Ok(None);
    };
    let creator = match token.created_by {
        Some(id) => users::find_user(&mut conn, id).await?,
        None => None,
    };
    let Some(creator) = creator else {
        return Ok(None);
    };
    let now = app.now();
    if token
        .last_used_at
        .is_none_or(|t| now.duration_since(t).as_secs() >= 60)
    {
        drop(conn);
        let mut tx = app.db.begin().await?;
        repo::touch_token(&mut tx, token.id, now).await?;
        tx.commit()
            .await
            .map_err(shopdeck_store::StoreError::from)?;
    }
    let membership = Membership {
        seller: seller.into(),
        role: "API_TOKEN".to_owned(),
    };
    Ok(Some(CurrentUser {
        id: creator.id,
        email: creator.email,
        display_name: token.name.clone(),
        is_operator: false,
        seller: Some(membership.clone()),
        memberships: vec![membership],
        permissions: serde_json::from_str(&token.scopes).unwrap_or_default(),
        token: Some(token.id),
    }))
}
