//! The in-app notification inbox of seller users (per shop) and buyers, and each person's
//! notification settings (which kinds they get in the inbox and by e-mail).

use jiff::Timestamp;
use shopdeck_domain::ids::{BuyerId, InboxEntryId, SellerId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros};
use crate::{Conn, Result};

/// Whose inbox: a seller user's in one shop, or a buyer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    User(UserId, SellerId),
    Buyer(BuyerId),
}

impl Owner {
    /// The WHERE clause selecting this owner's rows, with its parameters from `$first` on.
    fn clause(&self, first: usize) -> (String, Vec<String>) {
        match self {
            Owner::User(u, s) => (
                format!("user_id = ${first} AND seller_id = ${}", first + 1),
                vec![u.to_string(), s.to_string()],
            ),
            Owner::Buyer(b) => (format!("buyer_id = ${first}"), vec![b.to_string()]),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    #[sqlx(try_from = "String")]
    pub id: InboxEntryId,
    pub kind: String,
    /// JSON object of string arguments.
    pub args: String,
    pub link: String,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub read_at: Option<Timestamp>,
}

pub struct NewEntry<'a> {
    pub id: InboxEntryId,
    pub owner: Owner,
    pub kind: &'a str,
    pub args: &'a str,
    pub link: &'a str,
}

pub async fn insert_entry(conn: &mut Conn, e: &NewEntry<'_>, now: Timestamp) -> Result<()> {
    let (user, seller, buyer) = match e.owner {
        Owner::User(u, s) => (Some(u.to_string()), Some(s.to_string()), None),
        Owner::Buyer(b) => (None, None, Some(b.to_string())),
    };
    sqlx::query(
        "INSERT INTO inbox_entries (id, user_id, seller_id, buyer_id, kind, args, link, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id.to_string())
    .bind(user)
    .bind(seller)
    .bind(buyer)
    .bind(e.kind)
    .bind(e.args)
    .bind(e.link)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The owner's entries, newest first, after the keyset position `before` (created_at, id).
pub async fn list_entries(
    conn: &mut Conn,
    owner: Owner,
    before: Option<(Timestamp, InboxEntryId)>,
    limit: i64,
) -> Result<Vec<EntryRow>> {
    let (mut sql, params) = owner.clause(1);
    let n = params.len();
    if before.is_some() {
        sql.push_str(&format!(
            " AND (created_at < ${a} OR (created_at = ${a} AND id < ${b}))",
            a = n + 1,
            b = n + 2
        ));
    }
    let sql = format!(
        "SELECT id, kind, args, link, created_at, read_at FROM inbox_entries WHERE {sql}
         ORDER BY created_at DESC, id DESC LIMIT {limit}"
    );
    let mut q = sqlx::query_as(&sql);
    for p in params {
        q = q.bind(p);
    }
    if let Some((at, id)) = before {
        q = q.bind(to_micros(at)).bind(id.to_string());
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

pub async fn count_unread(conn: &mut Conn, owner: Owner) -> Result<i64> {
    let (sql, params) = owner.clause(1);
    let sql = format!("SELECT COUNT(*) FROM inbox_entries WHERE {sql} AND read_at IS NULL");
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for p in params {
        q = q.bind(p);
    }
    Ok(q.fetch_one(&mut *conn).await?)
}

/// Marks one of the owner's entries read (if it is not yet) and returns it; `None` when the
/// owner has no such entry.
pub async fn mark_read(
    conn: &mut Conn,
    owner: Owner,
    id: InboxEntryId,
    now: Timestamp,
) -> Result<Option<EntryRow>> {
    let (sql, params) = owner.clause(3);
    let update = format!(
        "UPDATE inbox_entries SET read_at = $1 WHERE id = $2 AND read_at IS NULL AND {sql}"
    );
    let mut q = sqlx::query(&update)
        .bind(to_micros(now))
        .bind(id.to_string());
    for p in &params {
        q = q.bind(p.clone());
    }
    q.execute(&mut *conn).await?;
    let select = format!(
        "SELECT id, kind, args, link, created_at, read_at FROM inbox_entries WHERE id = $1 AND {}",
        owner.clause(2).0
    );
    let mut q = sqlx::query_as(&select).bind(id.to_string());
    for p in params {
        q = q.bind(p);
    }
    Ok(q.fetch_optional(&mut *conn).await?)
}

/// Marks every unread entry of the owner read; returns how many.
pub async fn mark_all_read(conn: &mut Conn, owner: Owner, now: Timestamp) -> Result<u64> {
    let (sql, params) = owner.clause(2);
    let update = format!("UPDATE inbox_entries SET read_at = $1 WHERE read_at IS NULL AND {sql}");
    let mut q = sqlx::query(&update).bind(to_micros(now));
    for p in params {
        q = q.bind(p);
    }
    Ok(q.execute(&mut *conn).await?.rows_affected())
}

/// A person's choices that differ from the default: (kind, in-app, e-mail).
pub async fn list_settings(conn: &mut Conn, recipient: &str) -> Result<Vec<(String, bool, bool)>> {
    #[derive(sqlx::FromRow)]
    struct Setting {
        kind: String,
        #[sqlx(try_from = "Flag")]
        in_app: bool,
        #[sqlx(try_from = "Flag")]
        email: bool,
    }
    let rows: Vec<Setting> = sqlx::query_as(
        "SELECT kind, in_app, email FROM notification_settings WHERE recipient_id = $1
         ORDER BY kind",
    )
    .bind(recipient)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|s| (s.kind, s.in_app, s.email))
        .collect())
}

pub async fn put_setting(
    conn: &mut Conn,
    recipient: &str,
    kind: &str,
    in_app: bool,
    email: bool,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notification_settings (recipient_id, kind, in_app, email, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (recipient_id, kind)
         DO UPDATE SET in_app = excluded.in_app, email = excluded.email,
                       updated_at = excluded.updated_at",
    )
    .bind(recipient)
    .bind(kind)
    .bind(i64::from(in_app))
    .bind(i64::from(email))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A shop member who may be notified: id, e-mail, role key, stored language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberContact {
    #[sqlx(rename = "id", try_from = "String")]
    pub user_id: UserId,
    pub email: String,
    pub role: String,
    pub locale: Option<String>,
}

pub async fn member_contacts(conn: &mut Conn, seller: SellerId) -> Result<Vec<MemberContact>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email, m.role, u.locale FROM seller_members m
         JOIN users u ON u.id = m.user_id WHERE m.seller_id = $1 ORDER BY m.created_at, u.id",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// The language a user's messages are written in.
pub async fn set_user_locale(conn: &mut Conn, user: UserId, locale: &str) -> Result<()> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn user_locale(conn: &mut Conn, user: UserId) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT locale FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
    )
}

/// The language a buyer's messages are written in.
pub async fn set_buyer_locale(conn: &mut Conn, buyer: BuyerId, locale: &str) -> Result<()> {
    sqlx::query("UPDATE buyers SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(buyer.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
