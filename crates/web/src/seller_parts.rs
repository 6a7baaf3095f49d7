//! What the Seller Center's pages share: the member acting with the needed role in a section
//! (`Section`), and for the order pages (orders, cancellations, fulfilment, shipping, returns,
//! exports) a use-case error as messages beside fields and a few words (parties, durations).
//! It sits below those features and imports none of them.

use axum::http::StatusCode;
use jiff::SignedDuration;
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_domain::roles::{Access, Area};

use crate::forms::FormErrors;
use crate::page::{Page, to_seller_login};
pub(crate) use crate::reply::fail_in;
use crate::reply::{Reply, forbidden_in};

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
        return Err(to_seller_login(page).into());
    };
    match SellerActor::of(user, &page.client) {
        Ok(a) if a.permissions.allows(area, need) => Ok(a),
        _ => Err(forbidden_in(page, section, title_key)),
    }
}

/// A Seller Center section: the area of the permissions its pages need, the navigation
/// entry they highlight and the title of the page that says why not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Section {
    pub area: Area,
    pub nav: &'static str,
    pub title: &'static str,
}

impl Section {
    pub(crate) const fn new(area: Area, nav: &'static str, title: &'static str) -> Section {
        Section { area, nav, title }
    }

    /// The member acting, when their role allows `need` here (see `actor_in`).
    pub(crate) fn actor(self, page: &Page, need: Access) -> Result<SellerActor, Reply> {
        actor_in(page, self.area, need, self.nav, self.title)
    }

    /// A use-case error as a page of this section.
    pub(crate) fn fail(self, page: &Page, e: AppError) -> Reply {
        fail_in(page, self.nav, self.title, e)
    }

    /// Whether the member may change things here.
    pub(crate) fn can_edit(self, a: &SellerActor) -> bool {
        a.permissions.allows(self.area, Access::Edit)
    }
}

/// Orders, with their cancellations and shipping.
pub(crate) const ORDERS: Section = Section::new(Area::Orders, "orders", "nav-orders");

/// Products (and their bulk imports).
pub(crate) const PRODUCTS: Section = Section::new(Area::Products, "products", "nav-products");

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
        AppError::Forbidden => Err(forbidden_in(page, section, title_key)),
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

pub(crate) use crate::forms::field_error;

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
