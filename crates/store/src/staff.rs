//! A shop's people: members and their roles, custom roles, and invitations.

use jiff::Timestamp;
use shopdeck_domain::ids::{InvitationId, RoleId, SellerId, UserId};
use shopdeck_domain::time::to_micros;

use crate::column::{Micros, OptMicros};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    #[sqlx(rename = "id", try_from = "String")]
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: String,
    #[sqlx(rename = "created_at", try_from = "Micros")]
    pub joined_at: Timestamp,
}

pub async fn list_members(conn: &mut Conn, seller: SellerId) -> Result<Vec<MemberRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, m.role, m.created_at
         FROM seller_members m JOIN users u ON u.id = m.user_id
         WHERE m.seller_id = $1 ORDER BY m.created_at, u.id",
    )
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn update_member_role(
    conn: &mut Conn,
    seller: SellerId,
    user: UserId,
    role: &str,
) -> Result<bool> {
    let r = sqlx::query("UPDATE seller_members SET role = $1 WHERE seller_id = $2 AND user_id = $3 AND role <> 'OWNER'")
        .bind(role)
        .bind(seller.to_string())
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_member(conn: &mut Conn, seller: SellerId, user: UserId) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM seller_members WHERE seller_id = $1 AND user_id = $2 AND role <> 'OWNER'",
    )
    .bind(seller.to_string())
    .bind(user.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleRow {
    #[sqlx(try_from = "String")]
    pub id: RoleId,
    pub name: String,
    /// JSON of `Permissions`.
    pub permissions: String,
}

pub async fn insert_role(
    conn: &mut Conn,
    seller: SellerId,
    id: RoleId,
    name: &str,
    permissions: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO roles (id, seller_id, name, permissions, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_string())
        .bind(seller.to_string())
        .bind(name)
        .bind(permissions)
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn list_roles(conn: &mut Conn, seller: SellerId) -> Result<Vec<RoleRow>> {
    Ok(
        sqlx::query_as(
            "SELECT id, name, permissions FROM roles WHERE seller_id = $1 ORDER BY name",
        )
        .bind(seller.to_string())
        .fetch_all(&mut *conn)
        .await?,
    )
}

pub async fn find_role(conn: &mut Conn, seller: SellerId, id: RoleId) -> Result<Option<RoleRow>> {
    Ok(list_roles(conn, seller)
        .await?
        .into_iter()
        .find(|r| r.id == id))
}

/// Deletes a custom role nobody holds; false when it is in use or unknown.
pub async fn delete_role(conn: &mut Conn, seller: SellerId, id: RoleId) -> Result<bool> {
    let in_use: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seller_members WHERE seller_id = $1 AND role = $2",
    )
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    if in_use > 0 {
        return Ok(false);
    }
    let r = sqlx::query("DELETE FROM roles WHERE seller_id = $1 AND id = $2")
        .bind(seller.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    #[sqlx(try_from = "String")]
    pub id: InvitationId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub email: String,
    pub role: String,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub expires_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub accepted_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub revoked_at: Option<Timestamp>,
}

pub struct NewInvitation<'a> {
    pub id: InvitationId,
    pub seller_id: SellerId,
    pub email: &'a str,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub invited_by: UserId,
    pub expires_at: Timestamp,
}

pub async fn insert_invitation(
    conn: &mut Conn,
    i: &NewInvitation<'_>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO invitations (id, seller_id, email, role, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(i.id.to_string())
    .bind(i.seller_id.to_string())
    .bind(i.email)
    .bind(i.role)
    .bind(i.token_hash)
    .bind(i.invited_by.to_string())
    .bind(to_micros(now))
    .bind(to_micros(i.expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const INV_COLUMNS: &str =
    "id, seller_id, email, role, created_at, expires_at, accepted_at, revoked_at";

pub async fn find_invitation_by_token(
    conn: &mut Conn,
    token_hash: &str,
) -> Result<Option<InvitationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INV_COLUMNS} FROM invitations WHERE token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn list_invitations(conn: &mut Conn, seller: SellerId) -> Result<Vec<InvitationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INV_COLUMNS} FROM invitations WHERE seller_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(seller.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn accept_invitation(
    conn: &mut Conn,
    id: InvitationId,
    user: UserId,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2
         WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_micros(now))
    .bind(user.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn revoke_invitation(
    conn: &mut Conn,
    seller: SellerId,
    id: InvitationId,
    now: Timestamp,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE invitations SET revoked_at = $1
         WHERE seller_id = $2 AND id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn is_member(conn: &mut Conn, seller: SellerId, user: UserId) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seller_members WHERE seller_id = $1 AND user_id = $2",
    )
    .bind(seller.to_string())
    .bind(user.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}
