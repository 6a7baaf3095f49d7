//! Writing and reading the audit log. Every change a user, token or the system makes to a
//! shop is recorded in the same transaction as the change.

use shopdeck_domain::ids::{AuditId, SellerId};
use shopdeck_store::Conn;
use shopdeck_store::audit::{self as repo, AuditFilter, AuditRow};

use crate::access::{Operator, SellerActor};
use crate::auth::ClientInfo;
use crate::{App, Result};

/// Who did it.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `user`, `token`, `operator` or `system`.
    pub kind: &'static str,
    pub id: Option<String>,
    pub client: ClientInfo,
}

impl From<&SellerActor> for Actor {
    fn from(a: &SellerActor) -> Self {
        match a.token {
            Some(t) => Actor {
                kind: "token",
                id: Some(t.to_string()),
                client: a.client.clone(),
            },
            None => Actor {
                kind: "user",
                id: Some(a.user_id.to_string()),
                client: a.client.clone(),
            },
        }
    }
}

impl From<&Operator> for Actor {
    fn from(o: &Operator) -> Self {
        Actor {
            kind: "operator",
            id: Some(o.user_id.to_string()),
            client: o.client.clone(),
        }
    }
}

impl Actor {
    pub fn system() -> Self {
        Actor {
            kind: "system",
            id: None,
            client: ClientInfo::default(),
        }
    }

    pub fn user(id: shopdeck_domain::ids::UserId, client: &ClientInfo) -> Self {
        Actor {
            kind: "user",
            id: Some(id.to_string()),
            client: client.clone(),
        }
    }
}

/// Records one entry on the caller's transaction.
pub async fn record(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    seller: Option<SellerId>,
    action: &str,
    target: Option<&str>,
    details: serde_json::Value,
) -> Result<()> {
    let id: AuditId = app.new_id();
    repo::insert_audit(
        conn,
        &repo::NewAudit {
            id,
            seller_id: seller,
            actor_kind: actor.kind,
            actor_id: actor.id.as_deref(),
            action,
            target,
            details: &details.to_string(),
            ip: actor.client.ip.as_deref(),
            user_agent: actor.client.user_agent.as_deref(),
        },
        app.now(),
    )
    .await?;
    Ok(())
}

/// The shop's log, newest first (owner only).
pub async fn browse(
    app: &App,
    actor: &SellerActor,
    filter: &AuditFilter,
    limit: u32,
) -> Result<Vec<AuditRow>> {
    actor.require_owner()?;
    let mut conn = app.db.conn().await?;
    Ok(
        repo::list_audit_for_seller(&mut conn, actor.seller_id, filter, limit.clamp(1, 200))
            .await?,
    )
}

pub use shopdeck_store::audit::{AuditFilter as Filter, AuditRow as Entry};
