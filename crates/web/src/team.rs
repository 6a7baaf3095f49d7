//! The owner's team pages (members, invitations, roles, API tokens, audit log), accepting an
//! invitation, and switching between shops.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::access::SellerActor;
use shopdeck_app::staff::{self, Acceptance, RoleChoice};
use shopdeck_app::{AppError, audit, auth, tokens};
use shopdeck_domain::ids::{AuditId, InvitationId, RoleId, TokenId, UserId};
use shopdeck_domain::roles::{Access, Area, Permissions};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, Input, csrf_field, form_error, input};
use crate::layout;
use crate::page::{Page, owner, redirect, set_session_cookie};

fn err(page: &Page) -> impl Fn(AppError) -> WebError + '_ {
    move |e| WebError::from_app(e, page.locale())
}

fn role_name(page: &Page, roles: &[RoleChoice], key: &str) -> String {
    match roles.iter().find(|r| r.key == key) {
        Some(r) if r.built_in => page.t(&format!("role-{}", r.key)),
        Some(r) => r.name.clone(),
        None if key == "OWNER" => page.t("role-OWNER"),
        None => key.to_owned(),
    }
}

fn role_select(page: &Page, roles: &[RoleChoice], name: &str, selected: &str) -> Markup {
    html! {
        select name=(name) id=(name) {
            @for r in roles { option value=(r.key) selected[r.key == selected] { (role_name(page, roles, &r.key)) } }
        }
    }
}

fn team_page(
    page: &Page,
    team: &(
        Vec<shopdeck_app::staff::Member>,
        Vec<shopdeck_app::staff::Invitation>,
    ),
    roles: &[RoleChoice],
    errors: &FormErrors,
    notice: Option<String>,
) -> Markup {
    let (members, invitations) = team;
    let now = jiff::Timestamp::now();
    let content = html! {
        nav .tabs aria-label=(page.t("nav-account")) {
            a href="/seller/account" { (page.t("profile-title")) }
            a href="/seller/account/team" aria-current="page" { (page.t("team-title")) }
            a href="/seller/account/roles" { (page.t("roles-title")) }
            a href="/seller/account/tokens" { (page.t("tokens-title")) }
            a href="/seller/account/audit" { (page.t("audit-title")) }
        }
        @if let Some(n) = notice { p .notice role="status" { (n) } }
        section .card {
            h2 { (page.t("team-members")) }
            div .table-wrap { table {
                thead { tr { th scope="col" { (page.t("team-name")) } th scope="col" { (page.t("signup-email")) } th scope="col" { (page.t("team-role")) } th scope="col" { span .visually-hidden { (page.t("team-actions")) } } } }
                tbody { @for m in members {
                    tr {
                        td { (m.display_name) }
                        td { (m.email) }
                        td {
                            @if m.role == "OWNER" { (page.t("role-OWNER")) } @else {
                                form method="post" action={ "/seller/account/team/" (m.user_id) "/role" } .inline {
                                    (csrf_field(page))
                                    label .visually-hidden for={ "role-" (m.user_id) } { (page.t("team-role")) }
                                    (role_select(page, roles, "role", &m.role))
                                    " " button type="submit" { (page.t("save")) }
                                }
                            }
                        }
                        td { @if m.role != "OWNER" {
                            form method="post" action={ "/seller/account/team/" (m.user_id) "/remove" } .inline {
                                (csrf_field(page))
                                button type="submit" .link-button { (page.t("team-remove")) }
                            }
                        } }
                    }
                } }
            } }
        }
        section .card {
            h2 { (page.t("team-invite")) }
            (form_error(errors))
            form method="post" action="/seller/account/team/invite" novalidate {
                (csrf_field(page))
                (input(errors, Input { name: "email", label: page.t("signup-email"), kind: "email", value: "", autocomplete: "off", hint: Some(page.t("team-invite-hint")) }))
                div .field {
                    label for="role" { (page.t("team-role")) }
                    (role_select(page, roles, "role", "ADMIN"))
                    @if let Some(e) = errors.field("role") { p .field-error { (e) } }
                }
                button type="submit" .primary { (page.t("team-send-invite")) }
            }
            @if !invitations.is_empty() {
                h3 { (page.t("team-invitations")) }
                ul { @for i in invitations {
                    li {
                        (i.email) " · " (role_name(page, roles, &i.role)) " · "
                        @if i.accepted_at.is_some() { (page.t("invitation-accepted")) }
                        @else if i.revoked_at.is_some() { (page.t("invitation-revoked")) }
                        @else if now >= i.expires_at { (page.t("invitation-expired")) }
                        @else {
                            (page.t("invitation-pending")) " "
                            form method="post" action={ "/seller/account/team/invitations/" (i.id) "/revoke" } .inline {
                                (csrf_field(page))
                                button type="submit" .link-button { (page.t("invitation-revoke")) }
                            }
                        }
                    }
                } }
            }
        }
    };
    layout::seller_shell(page, "account", &page.t("team-title"), content)
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn render_team(
    state: &WebState,
    page: &Page,
    actor: &SellerActor,
    errors: &FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let team = staff::team(&state.app, actor).await.map_err(err(page))?;
    let roles = staff::roles(&state.app, actor).await.map_err(err(page))?;
    Ok((status, team_page(page, &team, &roles, errors, notice)).into_response())
}

pub async fn team(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let notice = (q.notice.as_deref() == Some("invited")).then(|| page.t("team-invited"));
    render_team(
        &state,
        &page,
        &actor,
        &FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub async fn invite(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<InviteForm>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    match staff::invite(&state.app, &actor, &f.email, &f.role, page.locale()).await {
        Ok(_) => Ok(redirect("/seller/account/team?notice=invited")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            render_team(
                &state,
                &page,
                &actor,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn parse<T: std::str::FromStr>(page: &Page, s: &str) -> Result<T, WebError> {
    s.parse().map_err(|_| WebError::NotFound(page.locale()))
}

#[derive(serde::Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    State(state): State<WebState>,
    page: Page,
    WebPath(user): WebPath<UserId>,
    CsrfForm(f): CsrfForm<RoleForm>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    match staff::change_role(&state.app, &actor, user, &f.role).await {
        Ok(()) => Ok(redirect("/seller/account/team")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            render_team(
                &state,
                &page,
                &actor,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn remove(
    State(state): State<WebState>,
    page: Page,
    WebPath(user): WebPath<UserId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    staff::remove_member(&state.app, &actor, user)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/seller/account/team"))
}

pub async fn revoke_invitation(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<InvitationId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    staff::revoke_invitation(&state.app, &actor, id)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/seller/account/team"))
}

/// The per-area access grid used by the role and token forms.
fn access_grid(page: &Page, current: &Permissions) -> Markup {
    html! {
        div .table-wrap { table .grid {
            thead { tr { th scope="col" { (page.t("roles-area")) } @for a in [Access::None, Access::View, Access::Edit] { th scope="col" { (page.t(&format!("access-{}", a.as_str()))) } } } }
            tbody { @for area in Area::ALL {
                tr {
                    th scope="row" { (page.t(&format!("area-{}", area.as_str()))) }
                    @for a in [Access::None, Access::View, Access::Edit] {
                        td { input type="radio" name={ "area." (area.as_str()) } value=(a.as_str()) checked[current.get(area) == a] aria-label={ (page.t(&format!("area-{}", area.as_str()))) ": " (page.t(&format!("access-{}", a.as_str()))) }; }
                    }
                }
            } }
        } }
    }
}

/// Reads `area.<name>=<access>` pairs from a form body.
fn grants(form: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    form.iter()
        .filter_map(|(k, v)| k.strip_prefix("area.").map(|a| (a.to_owned(), v.clone())))
        .collect()
}

fn roles_page(page: &Page, roles: &[RoleChoice], errors: &FormErrors) -> Markup {
    let content = html! {
        section .card {
            h2 { (page.t("roles-existing")) }
            div .table-wrap { table .grid {
                thead { tr { th scope="col" { (page.t("team-role")) } @for area in Area::ALL { th scope="col" { (page.t(&format!("area-{}", area.as_str()))) } } th {} } }
                tbody { @for r in roles {
                    tr {
                        th scope="row" { (role_name(page, roles, &r.key)) }
                        @for area in Area::ALL { td { (page.t(&format!("access-{}", r.permissions.get(area).as_str()))) } }
                        td { @if !r.built_in {
                            form method="post" action={ "/seller/account/roles/" (r.key) "/delete" } .inline {
                                (csrf_field(page))
                                button type="submit" .link-button { (page.t("roles-delete")) }
                            }
                        } }
                    }
                } }
            } }
        }
        section .card {
            h2 { (page.t("roles-new")) }
            (form_error(errors))
            form method="post" action="/seller/account/roles" novalidate {
                (csrf_field(page))
                (input(errors, Input { name: "name", label: page.t("roles-name"), kind: "text", value: "", autocomplete: "off", hint: None }))
                (access_grid(page, &Permissions::default()))
                button type="submit" .primary { (page.t("roles-create")) }
            }
        }
    };
    layout::seller_shell(page, "account", &page.t("roles-title"), content)
}

pub async fn roles(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let roles = staff::roles(&state.app, &actor).await.map_err(err(&page))?;
    Ok(roles_page(&page, &roles, &FormErrors::default()).into_response())
}

pub async fn create_role(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let result = match staff::validate_permissions(&grants(&f)) {
        Ok(p) => staff::create_role(
            &state.app,
            &actor,
            f.get("name").map_or("", String::as_str),
            &p,
        )
        .await
        .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(redirect("/seller/account/roles")),
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            let roles = staff::roles(&state.app, &actor).await.map_err(err(&page))?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                roles_page(&page, &roles, &errors),
            )
                .into_response())
        }
    }
}

pub async fn delete_role(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<RoleId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    match staff::delete_role(&state.app, &actor, id).await {
        Ok(()) | Err(AppError::Conflict { .. }) => Ok(redirect("/seller/account/roles")),
        Err(e) => Err(WebError::from_app(e, page.locale())),
    }
}

fn tokens_page(
    page: &Page,
    list: &[shopdeck_app::tokens::Token],
    secret: Option<&str>,
    errors: &FormErrors,
) -> Markup {
    let content = html! {
        @if let Some(s) = secret {
            div .notice role="status" {
                p { strong { (page.t("tokens-created")) } }
                p { code .secret { (s) } }
            }
        }
        section .card {
            h2 { (page.t("tokens-title")) }
            @if list.is_empty() { p .muted { (page.t("tokens-none")) } }
            ul { @for t in list {
                li {
                    strong { (t.name) } " · " (page.date(t.created_at))
                    " · " (page.t("tokens-last-used")) " " @match t.last_used_at { Some(x) => (page.time(x)), None => "—" }
                    @if t.revoked_at.is_some() { " · " (page.t("tokens-revoked")) } @else {
                        " "
                        form method="post" action={ "/seller/account/tokens/" (t.id) "/revoke" } .inline {
                            (csrf_field(page))
                            button type="submit" .link-button { (page.t("tokens-revoke")) }
                        }
                    }
                }
            } }
        }
        section .card {
            h2 { (page.t("tokens-new")) }
            (form_error(errors))
            form method="post" action="/seller/account/tokens" novalidate {
                (csrf_field(page))
                (input(errors, Input { name: "name", label: page.t("tokens-name"), kind: "text", value: "", autocomplete: "off", hint: Some(page.t("tokens-scopes-hint")) }))
                (access_grid(page, &Permissions::default()))
                button type="submit" .primary { (page.t("tokens-create")) }
            }
        }
    };
    layout::seller_shell(page, "account", &page.t("tokens-title"), content)
}

pub async fn tokens(State(state): State<WebState>, page: Page) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let list = tokens::list(&state.app, &actor).await.map_err(err(&page))?;
    Ok(tokens_page(&page, &list, None, &FormErrors::default()).into_response())
}

pub async fn create_token(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let result = match staff::validate_permissions(&grants(&f)) {
        Ok(p) => {
            tokens::create(
                &state.app,
                &actor,
                f.get("name").map_or("", String::as_str),
                &p,
            )
            .await
        }
        Err(e) => Err(e),
    };
    let list = |state: &WebState, actor: &SellerActor, page: &Page| {
        let (state, actor) = (state.clone(), actor.clone());
        let page_locale = page.locale();
        async move {
            tokens::list(&state.app, &actor)
                .await
                .map_err(|e| WebError::from_app(e, page_locale))
        }
    };
    match result {
        Ok((_, secret)) => {
            let l = list(&state, &actor, &page).await?;
            Ok(tokens_page(&page, &l, Some(&secret), &FormErrors::default()).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_app(&page, e)?;
            let l = list(&state, &actor, &page).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tokens_page(&page, &l, None, &errors),
            )
                .into_response())
        }
    }
}

pub async fn revoke_token(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<TokenId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    tokens::revoke(&state.app, &actor, id)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/seller/account/tokens"))
}

#[derive(serde::Deserialize)]
pub struct AuditQuery {
    action: Option<String>,
    before: Option<String>,
}

const AUDIT_GROUPS: [&str; 6] = [
    "session.", "account.", "profile.", "review.", "staff.", "token.",
];

pub async fn audit_log(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let actor = match owner(&page) {
        Ok(a) => a,
        Err(r) => return Ok(*r),
    };
    let action = q.action.filter(|a| AUDIT_GROUPS.contains(&a.as_str()));
    let filter = audit::Filter {
        action_prefix: action.clone(),
        before_id: q.before.as_deref().and_then(|b| b.parse::<AuditId>().ok()),
        ..Default::default()
    };
    let rows = audit::browse(&state.app, &actor, &filter, 50)
        .await
        .map_err(err(&page))?;
    let content = html! {
        form method="get" action="/seller/account/audit" .filters {
            label for="action" { (page.t("audit-filter")) }
            select #action name="action" {
                option value="" { (page.t("audit-all")) }
                @for g in AUDIT_GROUPS { option value=(g) selected[action.as_deref() == Some(g)] { (page.t(&format!("audit-group-{}", g.trim_end_matches('.')))) } }
            }
            " " button type="submit" { (page.t("audit-apply")) }
        }
        @if rows.is_empty() { p .notice { (page.t("audit-empty")) } } @else {
            div .table-wrap { table {
                (layout::table_head(&page, &["ops-outbox-time", "audit-who", "audit-what", "audit-where"]))
                tbody { @for r in &rows {
                    tr {
                        td { (page.time(r.created_at)) }
                        td { (r.actor_name.clone().unwrap_or_else(|| r.actor_kind.clone())) br; span .muted { (r.actor_kind) } }
                        td { code { (r.action) } @if let Some(t) = &r.target { br; span .muted { (t) } } br; span .muted .pre { (r.details) } }
                        td { (r.ip.clone().unwrap_or_else(|| "—".into())) br; span .muted { (r.user_agent.clone().unwrap_or_default().chars().take(60).collect::<String>()) } }
                    }
                } }
            } }
            @if rows.len() == 50 {
                @if let Some(last) = rows.last() {
                    p { a href={ "/seller/account/audit?before=" (last.id) @if let Some(a) = &action { "&action=" (a) } } { (page.t("audit-older")) } }
                }
            }
        }
    };
    Ok(layout::seller_shell(&page, "account", &page.t("audit-title"), content).into_response())
}

fn invitation_page(
    page: &Page,
    token: &str,
    inv: &staff::InvitationView,
    errors: &FormErrors,
) -> Markup {
    let signed_in_as = page.user.as_ref().map(|u| u.email.to_lowercase());
    let content = html! {
        div .card {
            h1 { (page.ta("invitation-title", &[("shop", &inv.shop)])) }
            p { (page.ta("invitation-for", &[("email", &inv.email)])) }
            (form_error(errors))
            @if signed_in_as.as_deref() == Some(inv.email.as_str()) {
                form method="post" action={ "/seller/invitations/" (token) } {
                    (csrf_field(page))
                    button type="submit" .primary { (page.t("invitation-accept")) }
                }
            } @else if inv.has_account || signed_in_as.is_some() {
                p { (page.t("invitation-log-in")) }
                p { a .button href={ "/seller/login?next=/seller/invitations/" (token) } { (page.t("login-submit")) } }
            } @else {
                p { (page.t("invitation-create-account")) }
                form method="post" action={ "/seller/invitations/" (token) } novalidate {
                    (csrf_field(page))
                    (input(errors, Input { name: "display_name", label: page.t("team-name"), kind: "text", value: "", autocomplete: "name", hint: None }))
                    (input(errors, Input { name: "password", label: page.t("signup-password"), kind: "password", value: "", autocomplete: "new-password", hint: Some(page.t("signup-password-hint")) }))
                    button type="submit" .primary { (page.t("invitation-accept")) }
                }
            }
        }
    };
    layout::plain_shell(page, &page.t("team-title"), content)
}

pub async fn invitation(
    State(state): State<WebState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let inv = staff::view_invitation(&state.app, &token)
        .await
        .map_err(err(&page))?;
    Ok(invitation_page(&page, &token, &inv, &FormErrors::default()).into_response())
}

#[derive(serde::Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

pub async fn accept(
    State(state): State<WebState>,
    page: Page,
    Path(token): Path<String>,
    CsrfForm(f): CsrfForm<AcceptForm>,
) -> Result<Response, WebError> {
    let how = match &page.user {
        Some(u) => Acceptance::SignedIn(u),
        None => Acceptance::NewAccount {
            display_name: &f.display_name,
            password: &f.password,
        },
    };
    match staff::accept(&state.app, &token, how, &page.client).await {
        Ok(session) => {
            let mut res = redirect("/seller");
            if let Some(s) = session {
                set_session_cookie(&mut res, Some(&s), state.settings.secure_cookies);
            }
            Ok(res)
        }
        Err(e) => {
            let inv = staff::view_invitation(&state.app, &token)
                .await
                .map_err(err(&page))?;
            let errors = FormErrors::from_app(&page, e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                invitation_page(&page, &token, &inv, &errors),
            )
                .into_response())
        }
    }
}

#[derive(serde::Deserialize)]
pub struct SwitchForm {
    seller_id: String,
}

pub async fn switch(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<SwitchForm>,
) -> Result<Response, WebError> {
    let (Some(user), Some(session)) = (&page.user, &page.session) else {
        return Ok(redirect("/seller/login"));
    };
    let seller = parse(&page, &f.seller_id)?;
    auth::switch_shop(&state.app, session, user, seller)
        .await
        .map_err(err(&page))?;
    Ok(redirect("/seller"))
}
