//! What the seller's order pages share (orders, cancellations, fulfilment, shipping, returns,
//! exports): the member acting with the needed role, a use-case error as a page or as messages
//! beside fields, and a few words (parties, durations). It sits below those features and
//! imports none of them.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use jiff::SignedDuration;
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_domain::roles::{Access, Area};

use crate::error::WebError;
use crate::forms::FormErrors;
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::Reply;

/// The 403 page of a Seller Center section.
pub(crate) fn forbidden(page: &Page, section: &str, title_key: &str) -> Reply {
    let content = html! { p .notice role="alert" { (page.t("section-forbidden")) } };
    (
        StatusCode::FORBIDDEN,
        layout::seller_shell(page, section, &page.t(title_key), content),
    )
        .into_response()
        .into()
}

/// A use-case error as a page: 403 for refusals, else the usual error page.
pub(crate) fn fail_in(page: &Page, section: &str, title_key: &str, e: AppError) -> Reply {
    match e {
        AppError::Forbidden => forbidden(page, section, title_key),
        other => WebError::from_app(other, page.locale()).into(),
    }
}

/// The member acting in the shop when their role allows `need` in `area`; else the log-in
/// form (not signed in) or a 403 page.
pub(crate) fn actor_in(
    page: &Page,
    area: Area,
    need: Access,
    section: &str,
    title_key: &str,
) -> Result<SellerActor, Reply> {
    let Some(user) = &page.user else {
        return Err(redirect(&format!(
            "/seller/login?next={}",
            layout::urlencode(&page.here)
        ))
        .into());
    };
    match SellerActor::of(user, &page.client) {
        Ok(a) if a.permissions.allows(area, need) => Ok(a),
        _ => Err(forbidden(page, section, title_key)),
    }
}

/// A translated message when the locale has one, else the given fallback.
pub(crate) fn t_or(page: &Page, key: &str, fallback: &str) -> String {
    if page.i18n.has_own(key) {
        page.t(key)
    } else {
        fallback.to_owned()
    }
}

/// Field errors of a use-case in the page's language: a specific `ord-error-…` message for
/// the (field, code) pairs these pages know, the shared `error-…` ones otherwise.
pub(crate) fn form_errors(
    page: &Page,
    e: AppError,
    section: &str,
    title_key: &str,
) -> Result<FormErrors, Reply> {
    match e {
        AppError::Validation(fields) => {
            let mut out = FormErrors::default();
            for f in fields {
                let own = match (f.field.as_str(), f.code.as_str()) {
                    ("note", "required") => Some("ord-error-note-required"),
                    ("note", "too-long") => Some("ord-error-note-too-long"),
                    ("reason", _) => Some("ord-error-reason"),
                    ("name", _) => Some("ord-error-template-name"),
                    ("hold_minutes", _) => Some("ord-error-hold"),
                    ("from" | "until", _) => Some("ord-error-date"),
                    ("tab" | "status", _) => Some("ord-error-tab"),
                    ("cursor", _) => Some("error-cursor-invalid"),
                    ("q", _) => Some("error-query-length"),
                    _ => None,
                };
                let msg = match own {
                    Some(key) => page.t(key),
                    None => t_or(page, &format!("error-{}", f.code), &f.message),
                };
                out.fields.entry(f.field).or_insert(msg);
            }
            Ok(out)
        }
        AppError::Forbidden => Err(forbidden(page, section, title_key)),
        other => FormErrors::from_app(page, other).map_err(Reply::from),
    }
}

/// The status a refused form answers with.
pub(crate) fn error_status(e: &AppError) -> StatusCode {
    match e {
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

pub(crate) fn field_error(errors: &FormErrors, name: &str, id: &str) -> Markup {
    html! { @if let Some(e) = errors.field(name) { p .field-error id={ (id) "-error" } role="alert" { (e) } } }
}

// ---------------------------------------------------------------------------------------
// Pieces of both order pages

pub(crate) fn party_name(page: &Page, party: &str) -> String {
    t_or(page, &format!("ord-party-{party}"), party)
}

/// A span of time in words: minutes under an hour, hours under two days, else days and hours.
pub(crate) fn duration_text(page: &Page, d: SignedDuration) -> String {
    let minutes = d.as_secs().abs() / 60;
    let hours = minutes / 60;
    if hours >= 48 {
        page.ta(
            "ord-dur-days",
            &[
                ("d", &(hours / 24).to_string()),
                ("h", &(hours % 24).to_string()),
            ],
        )
    } else if hours >= 1 {
        page.ta("ord-dur-hours", &[("h", &hours.to_string())])
    } else {
        page.ta("ord-dur-minutes", &[("m", &minutes.max(1).to_string())])
    }
}
