//! The owner's team, roles, API tokens and audit log; accepting invitations; switching shops.

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use shopdeck_app::access::SellerActor;
use shopdeck_app::auth::{self, ClientInfo};
use shopdeck_app::staff::{self, Acceptance};
use shopdeck_app::{App, AppError, audit, tokens};
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{AuditId, InvitationId, RoleId, SellerId, TokenId, UserId};
use shopdeck_domain::roles::{Area, Permissions};

use crate::auth::ApiUser;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::ApiError;

fn actor(me: &ApiUser) -> Result<SellerActor, ApiError> {
    Ok(SellerActor::of(&me.user, &me.client)?)
}

/// Access per area: `{"orders": "edit", "finance": "view"}`; areas left out have none.
#[derive(serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"orders": "edit", "returns": "view"}))]
pub struct PermissionsDto(std::collections::BTreeMap<String, String>);

impl From<&Permissions> for PermissionsDto {
    fn from(p: &Permissions) -> Self {
        PermissionsDto(
            Area::ALL
                .iter()
                .filter(|a| p.get(**a) != shopdeck_domain::roles::Access::None)
                .map(|a| (a.as_str().to_owned(), p.get(*a).as_str().to_owned()))
                .collect(),
        )
    }
}

fn parse_permissions(p: &PermissionsDto) -> Result<Permissions, ApiError> {
    let grants: Vec<(String, String)> = p.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(staff::validate_permissions(&grants)?)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MyPermissions {
    pub role: String,
    pub is_owner: bool,
    pub permissions: PermissionsDto,
}

/// What the caller may do in the current shop.
#[utoipa::path(get, path = "/shop/permissions", operation_id = "get_permissions", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = MyPermissions)))]
pub async fn get_permissions(me: ApiUser) -> Result<Json<MyPermissions>, ApiError> {
    let a = actor(&me)?;
    Ok(Json(MyPermissions {
        is_owner: a.is_owner(),
        role: a.role.clone(),
        permissions: (&a.permissions).into(),
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MemberDto {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InvitationDto {
    pub id: String,
    pub email: String,
    pub role: String,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub state: String,
    pub expires_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TeamDto {
    pub members: Vec<MemberDto>,
    pub invitations: Vec<InvitationDto>,
}

/// The shop's members and invitations (owner only).
#[utoipa::path(get, path = "/shop/members", operation_id = "list_members", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = TeamDto), (status = 403, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn list_members(State(app): State<App>, me: ApiUser) -> Result<Json<TeamDto>, ApiError> {
    let (members, invitations) = staff::team(&app, &actor(&me)?).await?;
    let now = app.now();
    Ok(Json(TeamDto {
        members: members
            .into_iter()
            .map(|m| MemberDto {
                user_id: m.user_id.to_string(),
                email: m.email,
                display_name: m.display_name,
                role: m.role,
                joined_at: m.joined_at.to_string(),
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .map(|i| InvitationDto {
                id: i.id.to_string(),
                email: i.email,
                role: i.role,
                state: if i.accepted_at.is_some() {
                    "accepted"
                } else if i.revoked_at.is_some() {
                    "revoked"
                } else if now >= i.expires_at {
                    "expired"
                } else {
                    "pending"
                }
                .to_owned(),
                expires_at: i.expires_at.to_string(),
            })
            .collect(),
    }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct InviteRequest {
    pub email: String,
    /// A built-in role key (`ADMIN`, `PRODUCT_MANAGER`, `ORDER_FULFILMENT`, `CUSTOMER_SERVICE`,
    /// `MARKETING`, `FINANCE`, `ANALYST`) or a custom role id (`rol_…`).
    pub role: String,
    #[schema(value_type = Option<String>)]
    pub locale: Option<Locale>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Invited {
    pub id: String,
}

/// Invite someone by email; the emailed link is valid for 120 hours.
#[utoipa::path(post, path = "/shop/invitations", operation_id = "create_invitation", tag = "staff", security(("bearer" = [])),
    request_body = InviteRequest,
    responses((status = 201, body = Invited), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_invitation(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    let (id, _) = staff::invite(
        &app,
        &actor(&me)?,
        &req.email,
        &req.role,
        req.locale.unwrap_or(Locale::En),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Invited { id: id.to_string() })))
}

/// Withdraw an invitation that was not accepted yet.
#[utoipa::path(delete, path = "/shop/invitations/{id}", operation_id = "revoke_invitation", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn revoke_invitation(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<InvitationId>,
) -> Result<StatusCode, ApiError> {
    staff::revoke_invitation(&app, &actor(&me)?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct RoleChange {
    pub role: String,
}

/// Give a member another role.
#[utoipa::path(patch, path = "/shop/members/{user_id}", operation_id = "update_member", tag = "staff", security(("bearer" = [])),
    params(("user_id" = String, Path)), request_body = RoleChange,
    responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn update_member(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(user): ApiPath<UserId>,
    ApiJson(req): ApiJson<RoleChange>,
) -> Result<StatusCode, ApiError> {
    staff::change_role(&app, &actor(&me)?, user, &req.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member from the shop (not the owner).
#[utoipa::path(delete, path = "/shop/members/{user_id}", operation_id = "remove_member", tag = "staff", security(("bearer" = [])),
    params(("user_id" = String, Path)), responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn remove_member(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(user): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    staff::remove_member(&app, &actor(&me)?, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RoleDto {
    /// A built-in key or `rol_…`.
    pub key: String,
    pub name: String,
    pub built_in: bool,
    pub permissions: PermissionsDto,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RoleList {
    pub data: Vec<RoleDto>,
}

/// The roles the owner can give: built-in and custom.
#[utoipa::path(get, path = "/shop/roles", operation_id = "list_roles", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = RoleList)))]
pub async fn list_roles(State(app): State<App>, me: ApiUser) -> Result<Json<RoleList>, ApiError> {
    let roles = staff::roles(&app, &actor(&me)?).await?;
    Ok(Json(RoleList {
        data: roles
            .iter()
            .map(|r| RoleDto {
                key: r.key.clone(),
                name: r.name.clone(),
                built_in: r.built_in,
                permissions: (&r.permissions).into(),
            })
            .collect(),
    }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NewRole {
    pub name: String,
    pub permissions: PermissionsDto,
}

/// Create a custom role.
#[utoipa::path(post, path = "/shop/roles", operation_id = "create_role", tag = "staff", security(("bearer" = [])),
    request_body = NewRole, responses((status = 201, body = RoleDto), (status = 422, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_role(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<NewRole>,
) -> Result<(StatusCode, Json<RoleDto>), ApiError> {
    let permissions = parse_permissions(&req.permissions)?;
    let id = staff::create_role(&app, &actor(&me)?, &req.name, &permissions).await?;
    Ok((
        StatusCode::CREATED,
        Json(RoleDto {
            key: id.to_string(),
            name: req.name.trim().to_owned(),
            built_in: false,
            permissions: (&permissions).into(),
        }),
    ))
}

/// Delete a custom role that nobody holds.
#[utoipa::path(delete, path = "/shop/roles/{id}", operation_id = "delete_role", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 204), (status = 409, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn delete_role(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<RoleId>,
) -> Result<StatusCode, ApiError> {
    staff::delete_role(&app, &actor(&me)?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenDto {
    pub id: String,
    pub name: String,
    pub scopes: PermissionsDto,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenList {
    pub data: Vec<TokenDto>,
}

/// The shop's API tokens (never their secrets).
#[utoipa::path(get, path = "/shop/tokens", operation_id = "list_tokens", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = TokenList)))]
pub async fn list_tokens(State(app): State<App>, me: ApiUser) -> Result<Json<TokenList>, ApiError> {
    let rows = tokens::list(&app, &actor(&me)?).await?;
    Ok(Json(TokenList {
        data: rows
            .into_iter()
            .map(|t| TokenDto {
                id: t.id.to_string(),
                name: t.name,
                scopes: (&t.scopes).into(),
                created_at: t.created_at.to_string(),
                last_used_at: t.last_used_at.map(|x| x.to_string()),
                revoked_at: t.revoked_at.map(|x| x.to_string()),
            })
            .collect(),
    }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    pub name: String,
    /// Per area `view` (read) or `edit` (write).
    pub scopes: PermissionsDto,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenCreated {
    pub id: String,
    /// Shown once: store it now.
    pub secret: String,
}

/// Create an API token (owner only, in person).
#[utoipa::path(post, path = "/shop/tokens", operation_id = "create_token", tag = "staff", security(("bearer" = [])),
    request_body = NewToken, responses((status = 201, body = TokenCreated), (status = 403, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn create_token(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let scopes = parse_permissions(&req.scopes)?;
    let (id, secret) = tokens::create(&app, &actor(&me)?, &req.name, &scopes).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            id: id.to_string(),
            secret,
        }),
    ))
}

/// Revoke an API token; it stops working at once.
#[utoipa::path(delete, path = "/shop/tokens/{id}", operation_id = "revoke_token", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn revoke_token(
    State(app): State<App>,
    me: ApiUser,
    ApiPath(id): ApiPath<TokenId>,
) -> Result<StatusCode, ApiError> {
    tokens::revoke(&app, &actor(&me)?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Actions starting with this, e.g. `staff.` or `profile.`.
    pub action: Option<String>,
    /// Only this actor (`usr_…` or `tok_…`).
    pub actor: Option<String>,
    /// 1–200, default 50; outside that is a 422 (`limit-range`).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntryDto {
    pub id: String,
    /// `user`, `token`, `operator` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub data: Vec<AuditEntryDto>,
    pub next_cursor: Option<String>,
}

/// The shop's audit log, newest first (owner only).
#[utoipa::path(get, path = "/shop/audit-log", operation_id = "list_audit_log", tag = "staff", security(("bearer" = [])),
    params(AuditQuery), responses((status = 200, body = AuditPage)))]
pub async fn list_audit_log(
    State(app): State<App>,
    me: ApiUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = u32::try_from(AppError::page_size(
        "limit",
        q.limit.map(i64::from),
        50,
        200,
    )?)
    .unwrap_or(200);
    let before_id = match q.cursor.as_deref() {
        Some(c) => Some(c.parse::<AuditId>().map_err(|_| {
            AppError::invalid(
                "cursor",
                "cursor-invalid",
                "Use the next_cursor of the previous page",
            )
        })?),
        None => None,
    };
    let filter = audit::Filter {
        action_prefix: q.action,
        actor_id: q.actor,
        before_id,
        ..Default::default()
    };
    let rows = audit::browse(&app, &actor(&me)?, &filter, limit).await?;
    let next_cursor = (rows.len() == limit as usize)
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    Ok(Json(AuditPage {
        data: rows
            .into_iter()
            .map(|r| AuditEntryDto {
                id: r.id.to_string(),
                actor_kind: r.actor_kind,
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                action: r.action,
                target: r.target,
                details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
                ip: r.ip,
                user_agent: r.user_agent,
                created_at: r.created_at.to_string(),
            })
            .collect(),
        next_cursor,
    }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct AcceptRequest {
    /// The secret at the end of the emailed link.
    pub token: String,
    /// For a new account: your name and a password. Leave out when calling with a bearer
    /// token of the invited account.
    pub display_name: Option<String>,
    pub password: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Accepted {
    /// A session for a newly created account.
    pub session_token: Option<String>,
}

/// Accept an invitation: as the signed-in invited account, or by creating one.
#[utoipa::path(post, path = "/invitations/accept", operation_id = "accept_invitation", tag = "staff",
    request_body = AcceptRequest, responses((status = 200, body = Accepted), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn accept_invitation(
    State(app): State<App>,
    me: Option<ApiUser>,
    Extension(client): Extension<ClientInfo>,
    ApiJson(req): ApiJson<AcceptRequest>,
) -> Result<Json<Accepted>, ApiError> {
    let how = match &me {
        Some(m) => Acceptance::SignedIn(&m.user),
        None => Acceptance::NewAccount {
            display_name: req.display_name.as_deref().unwrap_or(""),
            password: req.password.as_deref().unwrap_or(""),
        },
    };
    let session = staff::accept(&app, req.token.trim(), how, &client).await?;
    Ok(Json(Accepted {
        session_token: session.map(|s| s.expose().to_owned()),
    }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct SwitchShop {
    /// `sel_…` of a shop you work in.
    pub seller_id: String,
}

/// Work in another of your shops with this session.
#[utoipa::path(put, path = "/sessions/current/shop", operation_id = "switch_shop", tag = "auth", security(("bearer" = [])),
    request_body = SwitchShop, responses((status = 204), (status = 404, body = crate::Problem, content_type = "application/problem+json")))]
pub async fn switch_shop(
    State(app): State<App>,
    me: ApiUser,
    ApiJson(req): ApiJson<SwitchShop>,
) -> Result<StatusCode, ApiError> {
    let seller: SellerId = req
        .seller_id
        .parse()
        .map_err(|_| AppError::NotFound("shop"))?;
    let session = me.session.as_ref().ok_or(AppError::NotFound("session"))?;
    auth::switch_shop(&app, session, &me.user, seller).await?;
    Ok(StatusCode::NO_CONTENT)
}
