//! Seller Center › Account › Shop page: the logo, banner and description buyers see on the
//! shop's storefront page.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use maud::html;
use shopdeck_app::access::SellerActor;
use shopdeck_app::products;
use shopdeck_app::storefront::{self, MAX_SHOP_DESCRIPTION, ShopBranding};
use shopdeck_app::{AppError, FieldError};
use shopdeck_domain::ids::ImageId;
use shopdeck_domain::roles::{Access, Area};

use crate::WebState;
use crate::error::WebError;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply, fail};

/// Members who may edit products may change the shop's page.
fn actor(page: &Page) -> Result<SellerActor, Reply> {
    let Some(user) = &page.user else {
        return Err(redirect(&format!(
            "/seller/login?next={}",
            layout::urlencode(&page.here)
        ))
        .into());
    };
    match SellerActor::of(user, &page.client) {
        Ok(a) if a.permissions.allows(Area::Products, Access::Edit) => Ok(a),
        _ => {
            let content = html! { p .notice role="alert" { (page.t("section-forbidden")) } };
            Err((
                StatusCode::FORBIDDEN,
                layout::seller_shell(page, "account", &page.t("cat-shop-title"), content),
            )
                .into_response()
                .into())
        }
    }
}

fn render(
    page: &Page,
    b: &ShopBranding,
    description: &str,
    errors: &FormErrors,
    status: StatusCode,
    notice: bool,
) -> Response {
    let field_error = |name: &str| {
        html! { @if let Some(e) = errors.fields.get(name) { p .field-error id={ "f-" (name) "-error" } { (e) } } }
    };
    let content = html! {
        @if notice { p .notice role="status" { (page.t("cat-shop-saved")) } }
        (form_error(errors))
        p .hint { (page.t("cat-shop-hint")) }
        form .card method="post" action="/seller/account/shop-page" enctype="multipart/form-data" novalidate {
            (csrf_field(page))
            div .field {
                label for="f-logo" { (page.t("cat-shop-logo-field")) }
                @if let Some(u) = &b.logo_url { img .shop-logo src=(u) alt="" width="96" height="96"; }
                input #f-logo type="file" name="logo" accept="image/jpeg,image/png,image/webp" aria-invalid=[errors.fields.get("logo").map(|_| "true")];
                (field_error("logo"))
            }
            div .field {
                label for="f-banner" { (page.t("cat-shop-banner-field")) }
                @if let Some(u) = &b.banner_url { img .shop-banner src=(u) alt="" width="1200" height="300"; }
                input #f-banner type="file" name="banner" accept="image/jpeg,image/png,image/webp" aria-invalid=[errors.fields.get("banner").map(|_| "true")];
                (field_error("banner"))
            }
            div .field {
                label for="f-description" { (page.t("cat-shop-description-field")) }
                p .hint { (page.ta("cat-shop-description-hint", &[("n", &MAX_SHOP_DESCRIPTION.to_string())])) }
                textarea #f-description name="description" rows="4" dir="auto" aria-invalid=[errors.fields.get("description").map(|_| "true")] { (description) }
                (field_error("description"))
            }
            div .form-actions { button .primary type="submit" { (page.t("cat-shop-save")) } }
        }
    };
    (
        status,
        layout::seller_shell(page, "account", &page.t("cat-shop-title"), content),
    )
        .into_response()
}

#[derive(Debug, serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /seller/account/shop-page`.
pub async fn form(
    State(state): State<WebState>,
    page: Page,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Out {
    let a = actor(&page)?;
    let b = storefront::shop_branding(&state.app, a.seller_id)
        .await
        .map_err(|e| fail(&page, e))?;
    Ok(render(
        &page,
        &b,
        &b.description.clone(),
        &FormErrors::default(),
        StatusCode::OK,
        q.saved.is_some(),
    ))
}

/// `POST /seller/account/shop-page`: new images replace the old ones; none keeps them.
pub async fn save(State(state): State<WebState>, page: Page, mut mp: Multipart) -> Out {
    let a = actor(&page)?;
    let mut csrf = String::new();
    let mut description = String::new();
    let mut files: Vec<(String, Bytes)> = Vec::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| Reply::from(WebError::BadRequest))?
    {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "logo" | "banner" => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| Reply::from(WebError::BadRequest))?;
                if !bytes.is_empty() {
                    files.push((name, bytes));
                }
            }
            _ => {
                let text = crate::forms::field_text(field)
                    .await
                    .map_err(|_| Reply::from(WebError::BadRequest))?;
                match name.as_str() {
                    "_csrf" => csrf = text,
                    "description" => description = text,
                    _ => {}
                }
            }
        }
    }
    if !crate::csrf::check(&page, Some(&csrf)) {
        return Err(WebError::Csrf(page.locale()).into());
    }
    let current = storefront::shop_branding(&state.app, a.seller_id)
        .await
        .map_err(|e| fail(&page, e))?;
    let ids = shopdeck_app::storefront::branding_ids(&state.app, a.seller_id)
        .await
        .map_err(|e| fail(&page, e))?;
    let (mut logo, mut banner): (Option<ImageId>, Option<ImageId>) = ids;
    let mut problems = Vec::new();
    if description.trim().chars().count() > MAX_SHOP_DESCRIPTION {
        problems.push(FieldError::new(
            "description",
            "cat-shop-description-length",
            page.ta(
                "cat-shop-description-hint",
                &[("n", &MAX_SHOP_DESCRIPTION.to_string())],
            ),
        ));
    }
    for (name, bytes) in files {
        match products::upload_image(&state.app, &a, bytes).await {
            Ok(img) if name == "logo" => logo = Some(img.id),
            Ok(img) => banner = Some(img.id),
            Err(AppError::Validation(fs)) => {
                for f in fs {
                    problems.push(FieldError::new(&name, &f.code, f.message));
                }
            }
            Err(e) => return Err(fail(&page, e)),
        }
    }
    let result = if problems.is_empty() {
        storefront::set_branding(&state.app, &a, logo, banner, &description).await
    } else {
        Err(AppError::Validation(problems))
    };
    match result {
        Ok(()) => Ok(redirect("/seller/account/shop-page?saved=1")),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_app(&page, e).map_err(Reply::from)?;
            Ok(render(
                &page,
                &current,
                &description,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            ))
        }
        Err(e) => Err(fail(&page, e)),
    }
}
