//! A shop's staff: inviting people by email (the invitation lasts 120 hours), their roles
//! (built-in or custom), and removing them. Everything here is the owner's alone.

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::Email;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{InvitationId, RoleId, SellerId, UserId};
use shopdeck_domain::password::NewPassword;
use shopdeck_domain::roles::{BuiltInRole, Permissions};
use shopdeck_store::staff::{self as repo, RoleRow};
use shopdeck_store::{Conn, StoreError, sellers, users};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::auth::{
    ClientInfo, CurrentUser, SessionToken, hash_password, open_session, password_code,
};
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, FieldError, Refusal, Result, messages};

pub const INVITATION_TTL: SignedDuration = SignedDuration::from_hours(120);

fn token_hash(token: &str) -> String {
    crate::secrets::sha256_hex(token)
}

/// A role a member can hold: built-in or one of the shop's custom roles.
#[derive(Debug, Clone)]
pub struct RoleChoice {
    pub key: String,
    pub name: String,
    pub permissions: Permissions,
    pub built_in: bool,
}

/// Every role the shop can give (the owner role is not given, only held).
pub async fn roles(app: &App, actor: &SellerActor) -> Result<Vec<RoleChoice>> {
    actor.require_owner()?;
    let mut conn = app.db.conn().await?;
    let mut out: Vec<RoleChoice> = BuiltInRole::ALL
        .into_iter()
        .filter(|r| *r != BuiltInRole::Owner)
        .map(|r| RoleChoice {
            key: r.key().to_owned(),
            name: r.key().to_owned(),
            permissions: r.permissions(),
            built_in: true,
        })
        .collect();
    for r in repo::list_roles(&mut conn, actor.seller_id).await? {
        out.push(custom(&r));
    }
    Ok(out)
}

fn custom(r: &RoleRow) -> RoleChoice {
    RoleChoice {
        key: r.id.to_string(),
        name: r.name.clone(),
        permissions: serde_json::from_str(&r.permissions).unwrap_or_default(),
        built_in: false,
    }
}

/// Checks that `key` names a role this shop can give.
async fn check_role(conn: &mut Conn, actor: &SellerActor, key: &str) -> Result<()> {
    if BuiltInRole::parse(key).is_some_and(|r| r != BuiltInRole::Owner) {
        return Ok(());
    }
    let known = match key.parse::<RoleId>() {
        Ok(id) => repo::find_role(conn, actor.seller_id, id).await?.is_some(),
        Err(_) => false,
    };
    if known {
        Ok(())
    } else {
        Err(AppError::invalid("role", "role-invalid", "Choose a role"))
    }
}

/// Creates a custom role with access per area.
pub async fn create_role(
    app: &App,
    actor: &SellerActor,
    name: &str,
    permissions: &Permissions,
) -> Result<RoleId> {
    actor.require_owner()?;
    let name = name.trim();
    if !(2..=40).contains(&name.chars().count()) {
        return Err(AppError::invalid(
            "name",
            "role-name-length",
            "A role name has 2 to 40 characters",
        ));
    }
    let id: RoleId = app.new_id();
    let mut tx = app.db.begin().await?;
    let json = serde_json::to_string(permissions).map_err(AppError::internal)?;
    match repo::insert_role(&mut tx, actor.seller_id, id, name, &json, app.now()).await {
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "name",
                "role-name-taken",
                "The shop already has a role with this name",
            ));
        }
        other => other?,
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.role_created",
        Some(&id.to_string()),
        serde_json::json!({"name": name, "permissions": permissions}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

pub async fn delete_role(app: &App, actor: &SellerActor, id: RoleId) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    if repo::find_role(&mut tx, actor.seller_id, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("role"));
    }
    if !repo::delete_role(&mut tx, actor.seller_id, id).await? {
        return Err(AppError::refused(
            Refusal::RoleInUse,
            "members still hold this role",
        ));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.role_deleted",
        Some(&id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// A member of the shop's team.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: Timestamp,
}

impl From<repo::MemberRow> for Member {
    fn from(r: repo::MemberRow) -> Member {
        Member {
            user_id: r.user_id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            joined_at: r.joined_at,
        }
    }
}

/// An invitation to join the shop's team.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: InvitationId,
    pub seller_id: SellerId,
    pub email: String,
    pub role: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl From<repo::InvitationRow> for Invitation {
    fn from(r: repo::InvitationRow) -> Invitation {
        Invitation {
            id: r.id,
            seller_id: r.seller_id,
            email: r.email,
            role: r.role,
            created_at: r.created_at,
            expires_at: r.expires_at,
            accepted_at: r.accepted_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// The shop's members and pending invitations.
pub async fn team(app: &App, actor: &SellerActor) -> Result<(Vec<Member>, Vec<Invitation>)> {
    actor.require_owner()?;
    let mut conn = app.db.conn().await?;
    Ok((
        repo::list_members(&mut conn, actor.seller_id)
            .await?
            .into_iter()
            .map(Member::from)
            .collect(),
        repo::list_invitations(&mut conn, actor.seller_id)
            .await?
            .into_iter()
            .map(Invitation::from)
            .collect(),
    ))
}

/// Invites someone by email; the link in the email is valid for 120 hours. Returns the link
/// (also for showing to the owner, who may want to pass it on another way).
pub async fn invite(
    app: &App,
    actor: &SellerActor,
    email: &str,
    role: &str,
    locale: Locale,
) -> Result<(InvitationId, String)> {
    actor.require_owner()?;
    let email = Email::parse(email)
        .map_err(|_| AppError::invalid("email", "email-invalid", "Enter a valid email address"))?;
    let address = email.as_str().to_lowercase();
    let mut tx = app.db.begin().await?;
    check_role(&mut tx, actor, role).await?;
    let already = repo::list_members(&mut tx, actor.seller_id)
        .await?
        .iter()
        .any(|m| m.email == address);
    if already {
        return Err(AppError::invalid(
            "email",
            "already-member",
            "This person is already on the team",
        ));
    }
    let shop = sellers::find_seller(&mut tx, actor.seller_id)
        .await?
        .ok_or(AppError::NotFound("shop"))?;
    let token = crate::secrets::random_hex();
    let id: InvitationId = app.new_id();
    let now = app.now();
    repo::insert_invitation(
        &mut tx,
        &repo::NewInvitation {
            id,
            seller_id: actor.seller_id,
            email: &address,
            role,
            token_hash: &token_hash(&token),
            invited_by: actor.user_id,
            expires_at: now.saturating_add(INVITATION_TTL).unwrap_or(now),
        },
        now,
    )
    .await?;
    let link = format!(
        "{}/seller/invitations/{token}",
        app.settings.public_url.trim_end_matches('/')
    );
    let args = [
        ("shop", shop.store_name.clone()),
        ("link", link.clone()),
        ("hours", "120".to_owned()),
    ];
    notify::queue_kind(
        app,
        &mut tx,
        &Message {
            channel: Channel::Email,
            recipient: address.clone(),
            subject: messages::text(locale, "invite-subject", &args),
            body: messages::text(locale, "invite-email", &args),
            user_id: None,
            seller_id: Some(actor.seller_id),
        },
        "invite",
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.invited",
        Some(&id.to_string()),
        serde_json::json!({"email": address, "role": role}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((id, link))
}

pub async fn revoke_invitation(app: &App, actor: &SellerActor, id: InvitationId) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    if !repo::revoke_invitation(&mut tx, actor.seller_id, id, app.now()).await? {
        return Err(AppError::NotFound("invitation"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.invitation_revoked",
        Some(&id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// What the invitation page shows.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub id: InvitationId,
    pub shop: String,
    pub email: String,
    pub role: String,
    /// Whether an account with this email exists (then the invitee logs in to accept).
    pub has_account: bool,
}

async fn live_invitation(app: &App, conn: &mut Conn, token: &str) -> Result<Invitation> {
    let inv = repo::find_invitation_by_token(conn, &token_hash(token))
        .await?
        .ok_or(AppError::NotFound("invitation"))?;
    if inv.accepted_at.is_some() || inv.revoked_at.is_some() || app.now() >= inv.expires_at {
        return Err(AppError::NotFound("invitation"));
    }
    Ok(inv.into())
}

/// Looks an invitation up by the secret in its link; unknown, used, revoked and expired
/// invitations are all "not found".
pub async fn view_invitation(app: &App, token: &str) -> Result<InvitationView> {
    let mut conn = app.db.conn().await?;
    let inv = live_invitation(app, &mut conn, token).await?;
    let shop = sellers::find_seller(&mut conn, inv.seller_id)
        .await?
        .ok_or(AppError::NotFound("invitation"))?;
    let has_account = users::find_user_by_login(&mut conn, &inv.email)
        .await?
        .is_some();
    Ok(InvitationView {
        id: inv.id,
        shop: shop.store_name,
        email: inv.email,
        role: inv.role,
        has_account,
    })
}

/// How the invitee accepts: as the signed-in user whose email it is, or by creating an
/// account (the link proved the email).
pub enum Acceptance<'a> {
    SignedIn(&'a CurrentUser),
    NewAccount {
        display_name: &'a str,
        password: &'a str,
    },
}

/// Accepts an invitation; a new account also gets a session, returned here.
pub async fn accept(
    app: &App,
    token: &str,
    how: Acceptance<'_>,
    client: &ClientInfo,
) -> Result<Option<SessionToken>> {
    let new_hash = match &how {
        Acceptance::NewAccount { password, .. } => {
            let p = NewPassword::parse(password)
                .map_err(|e| AppError::invalid("password", password_code(&e), e.to_string()))?;
            let p = p.expose().to_owned();
            Some(
                tokio::task::spawn_blocking(move || hash_password(&p))
                    .await
                    .map_err(AppError::internal)??,
            )
        }
        Acceptance::SignedIn(_) => None,
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let inv = live_invitation(app, &mut tx, token).await?;
    let (user_id, session) = match (&how, new_hash) {
        (Acceptance::SignedIn(user), _) => {
            if user.email.to_lowercase() != inv.email {
                return Err(AppError::invalid(
                    "email",
                    "invitation-other-email",
                    "This invitation is for another email address; log in with that one",
                ));
            }
            (user.id, None)
        }
        (Acceptance::NewAccount { display_name, .. }, Some(hash)) => {
            if users::find_user_by_login(&mut tx, &inv.email)
                .await?
                .is_some()
            {
                return Err(AppError::invalid(
                    "email",
                    "has-account",
                    "An account with this email exists; log in to accept",
                ));
            }
            let name = display_name.trim();
            if name.is_empty() || name.chars().count() > 80 {
                return Err(AppError::invalid(
                    "display_name",
                    "required",
                    "Enter your name",
                ));
            }
            let email = Email::parse(&inv.email).map_err(AppError::internal)?;
            let id: UserId = app.new_id();
            users::insert_user(
                &mut tx,
                &users::NewUser {
                    id,
                    email: &email,
                    phone: None,
                    display_name: name,
                    password_hash: &hash,
                    is_operator: false,
                    phone_verified_at: None,
                    email_verified_at: Some(now),
                },
                now,
            )
            .await?;
            (id, Some(()))
        }
        (Acceptance::NewAccount { .. }, None) => {
            return Err(AppError::internal(std::io::Error::other(
                "no password hash",
            )));
        }
    };
    if repo::is_member(&mut tx, inv.seller_id, user_id).await? {
        return Err(AppError::refused(
            Refusal::AlreadyMember,
            "you are already on this shop's team",
        ));
    }
    if !repo::accept_invitation(&mut tx, inv.id, user_id, now).await? {
        return Err(AppError::NotFound("invitation"));
    }
    sellers::insert_member(&mut tx, inv.seller_id, user_id, &inv.role, now).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::user(user_id, client),
        Some(inv.seller_id),
        "staff.joined",
        Some(&user_id.to_string()),
        serde_json::json!({"invitation": inv.id.to_string(), "role": inv.role}),
    )
    .await?;
    let session = match session {
        Some(()) => Some(open_session(app, &mut tx, user_id, Some(inv.seller_id), client).await?),
        None => None,
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(session)
}

/// Gives a member another role (not the owner's).
pub async fn change_role(app: &App, actor: &SellerActor, member: UserId, role: &str) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    check_role(&mut tx, actor, role).await?;
    if !repo::update_member_role(&mut tx, actor.seller_id, member, role).await? {
        return Err(AppError::NotFound("member"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.role_changed",
        Some(&member.to_string()),
        serde_json::json!({"role": role}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Removes a member (not the owner); their sessions in this shop lose access at once.
pub async fn remove_member(app: &App, actor: &SellerActor, member: UserId) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    if !repo::delete_member(&mut tx, actor.seller_id, member).await? {
        return Err(AppError::NotFound("member"));
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "staff.removed",
        Some(&member.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

pub fn validate_permissions(
    grants: &[(String, String)],
) -> std::result::Result<Permissions, AppError> {
    use shopdeck_domain::roles::{Access, Area};
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (area, access) in grants {
        match (Area::parse(area), Access::parse(access)) {
            (Some(a), Some(x)) => out.push((a, x)),
            _ => errors.push(FieldError::new(
                area,
                "permission-invalid",
                "Use none, view or edit for a known area",
            )),
        }
    }
    if errors.is_empty() {
        Ok(Permissions::new(&out))
    } else {
        Err(AppError::Validation(errors))
    }
}
