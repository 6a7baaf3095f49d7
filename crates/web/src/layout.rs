//! Page shells: the HTML document, the language switcher, and the three navigations
//! (storefront, Seller Center, operator console).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use shopdeck_domain::Locale;
use shopdeck_domain::roles::{Access, Area};

use crate::I18n;
use crate::page::Page;

fn head(i18n: &I18n, title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · " (i18n.t("app-name")) }
            link rel="stylesheet" href="/assets/app.css";
            link rel="icon" href="/favicon.ico";
        }
    }
}

/// A whole document with only the brand and the language menu (error pages).
pub fn bare_document(i18n: &I18n, title: &str, body: Markup) -> Markup {
    let locale = i18n.locale();
    html! {
        (DOCTYPE)
        html lang=(locale.tag()) dir=(if locale.is_rtl() { "rtl" } else { "ltr" }) {
            (head(i18n, title))
            body {
                header .topbar {
                    a .brand href="/" { (i18n.t("app-name")) }
                    div .topbar-end { (language_switcher(i18n, "/")) }
                }
                (body)
            }
        }
    }
}

/// The language menu: one link per language, back to the page at `here`.
pub fn language_switcher(i18n: &I18n, here: &str) -> Markup {
    let current = i18n.locale();
    let next = urlencode(here);
    html! {
        details .lang-switcher {
            summary aria-label=(i18n.t("language")) {
                (globe()) " " (current.native_name())
            }
            ul role="list" {
                @for l in Locale::ALL {
                    li {
                        a href={ "/lang/" (l.tag()) "?next=" (next) }
                          lang=(l.tag()) hreflang=(l.tag())
                          aria-current=[(l == current).then_some("true")] {
                            (l.native_name())
                        }
                    }
                }
            }
        }
    }
}

/// A small globe icon, drawn inline so it needs no emoji font.
fn globe() -> Markup {
    maud::PreEscaped(
        r#"<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2"><circle cx="12" cy="12" r="10"/><path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20"/></svg>"#
            .to_owned(),
    )
}

/// What a query value keeps as it is: letters, digits, `-_.~` and `/` (a `next=` path stays
/// readable); everything else is percent-encoded as UTF-8.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a path for use in a query value.
pub fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

fn document(page: &Page, title: &str, class: &str, body: Markup) -> Markup {
    let locale = page.locale();
    html! {
        (DOCTYPE)
        html lang=(locale.tag()) dir=(if locale.is_rtl() { "rtl" } else { "ltr" }) {
            (head(&page.i18n, title))
            body class=(class) {
                a .skip-link href="#main" { (page.t("skip-to-content")) }
                (body)
            }
        }
    }
}

fn logout_form(page: &Page, action: &str) -> Markup {
    html! {
        form method="post" action=(action) .inline {
            input type="hidden" name="_csrf" value=(page.csrf);
            button type="submit" .link-button { (page.t("logout")) }
        }
    }
}

/// The Seller Center sections, in menu order: (path segment, label key).
pub const SELLER_SECTIONS: &[(&str, &str)] = &[
    ("products", "nav-products"),
    ("orders", "nav-orders"),
    ("shipping", "nav-shipping"),
    ("returns", "nav-returns"),
    ("promotions", "nav-promotions"),
    ("content", "nav-content"),
    ("finance", "nav-finance"),
    ("analytics", "nav-analytics"),
    ("help", "nav-help"),
    ("account", "nav-account"),
];

/// The area behind a Seller Center section; `None` for the owner-only account section.
pub fn section_area(segment: &str) -> Option<Area> {
    match segment {
        "products" => Some(Area::Products),
        "orders" => Some(Area::Orders),
        "shipping" => Some(Area::Shipping),
        "returns" => Some(Area::Returns),
        "promotions" | "content" => Some(Area::Promotions),
        "finance" => Some(Area::Finance),
        "analytics" => Some(Area::Analytics),
        "help" => Some(Area::HelpCenter),
        _ => None,
    }
}

/// Whether the signed-in user may open a section: its area at least viewable, or for
/// `account`, being the owner.
pub fn may_open(page: &Page, segment: &str) -> bool {
    let Some(user) = &page.user else { return false };
    match section_area(segment) {
        Some(area) => user.permissions.allows(area, Access::View),
        None => user.seller.as_ref().is_some_and(|m| m.role == "OWNER") && user.token.is_none(),
    }
}

fn shop_switcher(page: &Page) -> Markup {
    let Some(user) = &page.user else {
        return html! {};
    };
    let current = user.seller.as_ref().map(|m| m.seller.id);
    html! {
        @if user.memberships.len() > 1 {
            form method="post" action="/seller/switch" .inline .shop-switcher {
                input type="hidden" name="_csrf" value=(page.csrf);
                label .visually-hidden for="seller_id" { (page.t("switch-shop")) }
                select #seller_id name="seller_id" {
                    @for m in &user.memberships {
                        option value=(m.seller.id) selected[Some(m.seller.id) == current] {
                            (if m.seller.store_name.is_empty() { page.t("shop-unnamed") } else { m.seller.store_name.clone() })
                        }
                    }
                }
                " " button type="submit" { (page.t("switch-shop")) }
            }
        }
    }
}

/// Seller Center: top bar with the shop, side navigation, content.
pub fn seller_shell(page: &Page, active: &str, title: &str, content: Markup) -> Markup {
    let shop = page
        .user
        .as_ref()
        .and_then(|u| u.seller.as_ref())
        .map(|m| m.seller.store_name.clone());
    let body = html! {
        header .topbar {
            a .brand href="/seller" { (page.t("app-name")) " " span .muted { (page.t("seller-center")) } }
            @if let Some(shop) = &shop { span .shop-name { (if shop.is_empty() { page.t("shop-unnamed") } else { shop.clone() }) } }
            (shop_switcher(page))
            div .topbar-end {
                (language_switcher(&page.i18n, &page.here))
                @if let Some(u) = &page.user {
                    @if u.seller.is_some() { (crate::notifications::header_link(page, "/seller/notifications", page.seller_unread)) }
                    span .muted .hide-small { (page.ta("signed-in-as", &[("name", &u.display_name)])) }
                    a href="/seller/security" { (page.t("twofactor-title")) }
                    (logout_form(page, "/seller/logout"))
                }
            }
        }
        (with_sidebar(page, "seller-center", ("/seller", "nav-home"), active, &seller_sections(page), title, content))
    };
    document(page, title, "seller", body)
}

/// A Seller Center page answered with `status` (a form shown again, a refusal).
pub(crate) fn seller_reply(
    page: &Page,
    status: StatusCode,
    active: &str,
    title: &str,
    content: Markup,
) -> Response {
    (status, seller_shell(page, active, title, content)).into_response()
}

/// The operator console sections: (path segment, label key).
pub const OPS_SECTIONS: &[(&str, &str)] = &[
    ("sellers", "ops-nav-sellers"),
    ("products", "ops-nav-products"),
    ("returns", "rts-ops-nav"),
    ("categories", "ops-nav-categories"),
    ("tickets", "ops-nav-tickets"),
    ("campaigns", "ops-nav-campaigns"),
    ("outbox", "ops-nav-outbox"),
    ("jobs", "ops-nav-jobs"),
];

pub fn ops_shell(page: &Page, active: &str, title: &str, content: Markup) -> Markup {
    let body = html! {
        header .topbar .ops {
            a .brand href="/ops" { (page.t("app-name")) " " span .muted { (page.t("ops-console")) } }
            div .topbar-end {
                (language_switcher(&page.i18n, &page.here))
                @if page.user.is_some() { (logout_form(page, "/seller/logout")) }
            }
        }
        (with_sidebar(page, "ops-console", ("/ops", "ops-nav-home"), active, OPS_SECTIONS, title, content))
    };
    document(page, title, "ops", body)
}

/// The Seller Center's sections the member's role may open.
fn seller_sections(page: &Page) -> Vec<(&'static str, &'static str)> {
    SELLER_SECTIONS
        .iter()
        .copied()
        .filter(|(seg, _)| may_open(page, seg))
        .collect()
}

/// The side navigation of a console (its home, then its sections under `home`'s path) and
/// the page's content.
fn with_sidebar(
    page: &Page,
    label_key: &str,
    (home, home_key): (&str, &str),
    active: &str,
    sections: &[(&str, &str)],
    title: &str,
    content: Markup,
) -> Markup {
    html! {
        div .with-sidebar {
            nav .sidebar aria-label=(page.t(label_key)) {
                details open {
                    summary .sidebar-toggle { (page.t("menu")) }
                    ul role="list" {
                        li { a href=(home) aria-current=[(active == "home").then_some("page")] { (page.t(home_key)) } }
                        @for (seg, key) in sections {
                            li { a href={ (home) "/" (seg) } aria-current=[(active == *seg).then_some("page")] { (page.t(key)) } }
                        }
                    }
                }
            }
            main #main { h1 { (title) } (content) }
        }
    }
}

/// A table's head: a column a message key.
pub(crate) fn table_head(page: &Page, keys: &[&str]) -> Markup {
    html! {
        thead { tr { @for k in keys { th scope="col" { (page.t(k)) } } } }
    }
}

/// An operator console page answered with `status`.
pub(crate) fn ops_reply(
    page: &Page,
    status: StatusCode,
    active: &str,
    title: &str,
    content: Markup,
) -> Response {
    (status, ops_shell(page, active, title, content)).into_response()
}

/// A page with only the brand bar (log-in forms).
pub fn plain_shell(page: &Page, title: &str, content: Markup) -> Markup {
    let body = html! {
        header .topbar {
            a .brand href="/" { (page.t("app-name")) }
            div .topbar-end { (language_switcher(&page.i18n, &page.here)) }
        }
        main #main .narrow { (content) }
    };
    document(page, title, "plain", body)
}

/// The storefront header's account link: "Sign in" (coming back here afterwards), or the
/// signed-in buyer's name leading to their account.
fn buyer_link(page: &Page) -> Markup {
    match &page.buyer {
        Some(b) => html! {
            a .buyer-link href="/account" {
                span .visually-hidden { (page.t("buyer-account")) ": " }
                (b.display_name)
            }
        },
        None => {
            let back = if page.here.starts_with("/account/") {
                "/account".to_owned()
            } else {
                page.here.clone()
            };
            html! {
                a .buyer-link href={ "/account/login?next=" (urlencode(&back)) } { (page.t("buyer-sign-in")) }
            }
        }
    }
}

/// The storefront: search in the header, account and cart links.
pub fn store_shell(page: &Page, title: &str, content: Markup) -> Markup {
    let body = html! {
        header .topbar .store {
            a .brand href="/" { (page.t("app-name")) }
            form .search role="search" method="get" action="/search" {
                label .visually-hidden for="q" { (page.t("store-search-label")) }
                input #q type="search" name="q" placeholder=(page.t("store-search-placeholder"));
                button type="submit" { (page.t("store-search-submit")) }
            }
            div .topbar-end {
                (language_switcher(&page.i18n, &page.here))
                (buyer_link(page))
                @if page.buyer.is_some() { (crate::notifications::header_link(page, "/account/notifications", page.buyer_unread)) }
                a href="/cart" { (page.t("store-cart")) }
            }
        }
        main #main { (content) }
        footer .footer {
            p { (page.t("footer-text")) " " a href="/seller" { (page.t("store-sell-link")) } }
        }
        // Reports the buyer's time zone for the times on these pages (see `format`).
        script src="/assets/time-zone.js" defer {}
    };
    document(page, title, "store", body)
}

/// The "not built yet" notice for a section.
pub fn not_ready(page: &Page, section_label: &str, back: &str) -> Markup {
    html! {
        div .notice role="status" {
            h2 { (page.t("not-ready-title")) }
            p { (page.ta("not-ready-body", &[("section", section_label)])) }
            p { a href=(back) { (page.t("not-ready-back")) } }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_keep_paths_readable_and_encode_the_rest() {
        assert_eq!(
            super::urlencode("/p/prd_1?src=vid_2&x=a b é"),
            "/p/prd_1%3Fsrc%3Dvid_2%26x%3Da%20b%20%C3%A9"
        );
    }
}
