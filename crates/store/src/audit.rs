//! The audit log: who did what, when, from where. Rows are only ever added.

use jiff::Timestamp;
use shopdeck_domain::ids::{AuditId, SellerId};
use shopdeck_domain::time::to_micros;

use crate::column::Micros;
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    #[sqlx(try_from = "String")]
    pub id: AuditId,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub details: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

pub struct NewAudit<'a> {
    pub id: AuditId,
    pub seller_id: Option<SellerId>,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub details: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert_audit(conn: &mut Conn, a: &NewAudit<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, seller_id, actor_kind, actor_id, action, target, details, ip,
                                user_agent, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(a.id.to_string())
    .bind(a.seller_id.map(|s| s.to_string()))
    .bind(a.actor_kind)
    .bind(a.actor_id)
    .bind(a.action)
    .bind(a.target)
    .bind(a.details)
    .bind(a.ip)
    .bind(a.user_agent)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Filters for browsing the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Actions starting with this, e.g. `staff.`.
    pub action_prefix: Option<String>,
    pub actor_id: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Entries older than this id (the cursor).
    pub before_id: Option<AuditId>,
}

/// A shop's log, newest first.
pub async fn list_audit_for_seller(
    conn: &mut Conn,
    seller: SellerId,
    f: &AuditFilter,
    limit: u32,
) -> Result<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.actor_kind, a.actor_id, u.display_name AS actor_name, a.action, a.target,
                a.details, a.ip, a.user_agent, a.created_at
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.seller_id = $1
           AND ($2 IS NULL OR a.action LIKE $2)
           AND ($3 IS NULL OR a.actor_id = $3)
           AND ($4 IS NULL OR a.created_at >= $4)
           AND ($5 IS NULL OR a.created_at < $5)
           AND ($6 IS NULL OR a.id < $6)
         ORDER BY a.id DESC LIMIT $7",
    )
    .bind(seller.to_string())
    .bind(
        f.action_prefix
            .as_ref()
            .map(|p| format!("{}%", p.replace(['%', '_'], ""))),
    )
    .bind(f.actor_id.as_deref())
    .bind(f.since.map(to_micros))
    .bind(f.until.map(to_micros))
    .bind(f.before_id.map(|i| i.to_string()))
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?)
}
