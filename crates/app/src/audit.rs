//! Writing and reading the audit log. Every change a user, token or the system makes to a
//! shop is recorded in the same transaction as the change.

use jiff::Timestamp;
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
    filter: &Filter,
    limit: u32,
) -> Result<Vec<Entry>> {
    actor.require_owner()?;
    let mut conn = app.db.conn().await?;
    let filter = AuditFilter::from(filter.clone());
    Ok(
        repo::list_audit_for_seller(&mut conn, actor.seller_id, &filter, limit.clamp(1, 200))
            .await?
            .into_iter()
            .map(Entry::from)
            .collect(),
    )
}

/// Filters for browsing the log.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Actions starting with this, e.g. `staff.`.
    pub action_prefix: Option<String>,
    pub actor_id: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Entries older than this id (the cursor).
    pub before_id: Option<AuditId>,
}

impl From<AuditFilter> for Filter {
    fn from(r: AuditFilter) -> Filter {
        Filter {
            action_prefix: r.action_prefix,
            actor_id: r.actor_id,
            since: r.since,
            until: r.until,
            before_id: r.before_id,
        }
    }
}

impl From<Filter> for AuditFilter {
    fn from(r: Filter) -> AuditFilter {
        AuditFilter {
            action_prefix: r.action_prefix,
            actor_id: r.actor_id,
            since: r.since,
            until: r.until,
            before_id: r.before_id,
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: AuditId,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub details: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: Timestamp,
}

impl From<AuditRow> for Entry {
    fn from(r: AuditRow) -> Entry {
        Entry {
            id: r.id,
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            action: r.action,
            target: r.target,
            details: r.details,
            ip: r.ip,
            user_agent: r.user_agent,
            created_at: r.created_at,
        }
    }
}
