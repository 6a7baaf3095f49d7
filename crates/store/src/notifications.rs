//! Messages to people (email, SMS): written when a use-case decides to send, delivered by the
//! worker. In development this table is the outbox an operator reads.

use jiff::Timestamp;
use shopdeck_domain::ids::{NotificationId, SellerId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptMicros};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    #[sqlx(try_from = "String")]
    pub id: NotificationId,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub status: Delivery,
    pub provider: Option<String>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub sent_at: Option<Timestamp>,
    pub last_error: Option<String>,
    /// What the message is about (`order-paid`, …), for messages that name one.
    pub kind: Option<String>,
}

/// Whether an outbox message has gone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Pending,
    Sent,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Pending => "PENDING",
            Delivery::Sent => "SENT",
        }
    }
}

impl TryFrom<String> for Delivery {
    type Error = shopdeck_domain::UnknownValue;

    fn try_from(s: String) -> std::result::Result<Self, Self::Error> {
        match s.as_str() {
            "PENDING" => Ok(Delivery::Pending),
            "SENT" => Ok(Delivery::Sent),
            _ => Err(shopdeck_domain::UnknownValue {
                kind: "Delivery",
                value: s,
            }),
        }
    }
}

pub struct NewNotification<'a> {
    pub id: NotificationId,
    pub channel: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub user_id: Option<UserId>,
    pub seller_id: Option<SellerId>,
    pub kind: Option<&'a str>,
}

pub async fn insert_notification(
    conn: &mut Conn,
    n: &NewNotification<'_>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, channel, recipient, subject, body, status, user_id,
                                    seller_id, created_at, kind)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8, $9)",
    )
    .bind(n.id.to_string())
    .bind(n.channel)
    .bind(n.recipient)
    .bind(n.subject)
    .bind(n.body)
    .bind(n.user_id.map(|u| u.to_string()))
    .bind(n.seller_id.map(|s| s.to_string()))
    .bind(to_micros(now))
    .bind(n.kind)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, channel, recipient, subject, body, status, provider, created_at, sent_at, last_error, kind";

pub async fn find_notification(
    conn: &mut Conn,
    id: NotificationId,
) -> Result<Option<NotificationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// The newest messages, optionally to one recipient.
pub async fn list_notifications(
    conn: &mut Conn,
    recipient: Option<&str>,
    limit: u32,
) -> Result<Vec<NotificationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE ($1 IS NULL OR recipient = $1)
         ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(recipient)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?)
}

/// A search of the outbox: part of the recipient (any case), an exact kind, and the keyset
/// position (created_at, id) of the last message of the previous page.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub recipient: Option<String>,
    pub kind: Option<String>,
    pub before: Option<(Timestamp, NotificationId)>,
}

/// One page of the outbox, newest first.
pub async fn search_notifications(
    conn: &mut Conn,
    f: &OutboxFilter,
    limit: u32,
) -> Result<Vec<NotificationRow>> {
    let mut conds: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    if let Some(r) = &f.recipient {
        let escaped = r
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        texts.push(format!("%{escaped}%"));
        conds.push(format!(
            "LOWER(recipient) LIKE ${} ESCAPE '\\'",
            texts.len()
        ));
    }
    if let Some(k) = &f.kind {
        texts.push(k.clone());
        conds.push(format!("kind = ${}", texts.len()));
    }
    if f.before.is_some() {
        let n = texts.len();
        conds.push(format!(
            "(created_at < ${a} OR (created_at = ${a} AND id < ${b}))",
            a = n + 1,
            b = n + 2
        ));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications {filter} ORDER BY created_at DESC, id DESC LIMIT {limit}"
    );
    let mut q = sqlx::query_as(&sql);
    for t in texts {
        q = q.bind(t);
    }
    if let Some((at, id)) = f.before {
        q = q.bind(to_micros(at)).bind(id.to_string());
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// The kinds of message the outbox holds, for the search form.
pub async fn list_kinds(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT kind FROM notifications WHERE kind IS NOT NULL ORDER BY kind",
    )
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn mark_sent(
    conn: &mut Conn,
    id: NotificationId,
    provider: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE notifications SET status = 'SENT', provider = $1, sent_at = $2, last_error = NULL
         WHERE id = $3",
    )
    .bind(provider)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(conn: &mut Conn, id: NotificationId, error: &str) -> Result<()> {
    sqlx::query("UPDATE notifications SET last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
