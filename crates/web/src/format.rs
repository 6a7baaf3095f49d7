//! How pages show amounts and times: one rule for each, applied through the page context.
//!
//! **Money** is written by [`Money::format`] in the page's language (symbol, grouping,
//! decimals: the rules are in its doc comment) and wrapped in a left-to-right isolate
//! (`<bdi dir="ltr">`), so "1,234.50 US$" reads whole inside Arabic text.
//!
//! **Times** are shown in the zone of whoever reads the page:
//!
//! - Seller Center pages (`/seller…`) in the shop's time zone (its profile setting);
//! - operator pages (`/ops…`) in UTC;
//! - every other page (storefront, checkout, the buyer's account) in the buyer's zone, which
//!   `/assets/time-zone.js` reports from the browser in the `sd_tz` cookie on the first visit;
//!   until it has (or when it names no zone jiff knows), in UTC — and the label says so.
//!
//! Each time is a `<time datetime="…">` element carrying the instant in RFC 3339 (UTC) and
//! showing `YYYY-MM-DD HH:MM` in the zone, followed by the zone's abbreviation (its offset
//! where the zone has none); the element's `title` names the zone in full. The stylesheet's
//! `time { direction: ltr; unicode-bidi: isolate }` keeps it reading left to right in Arabic.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use maud::{Markup, html};
use shopdeck_domain::Locale;
use shopdeck_domain::money::Money;

use crate::page::Page;

/// The cookie in which the browser reports the buyer's IANA time zone.
pub const TZ_COOKIE: &str = "sd_tz";

/// The zone a page's times are shown in, chosen once per request from its path.
pub fn zone_for(path: &str, shop_zone: Option<&str>, buyer_zone: Option<&str>) -> TimeZone {
    let area = |prefix: &str| {
        path == prefix
            || path.starts_with(&format!("{prefix}/"))
            || path.starts_with(&format!("{prefix}?"))
    };
    let named = |n: Option<&str>| n.and_then(|n| TimeZone::get(n).ok());
    if area("/ops") {
        TimeZone::UTC
    } else if area("/seller") {
        named(shop_zone).unwrap_or(TimeZone::UTC)
    } else {
        named(buyer_zone).unwrap_or(TimeZone::UTC)
    }
}

/// "2026-12-07 14:05 JST": the wall-clock time in `tz` and the zone's abbreviation.
pub fn time_text(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The zone's IANA name ("Asia/Tokyo"), or "UTC".
fn zone_name(tz: &TimeZone) -> &str {
    tz.iana_name().unwrap_or("UTC")
}

/// An amount as text, isolated left to right in Arabic (LRI … PDI) for use inside sentences.
pub fn money_text(m: &Money, locale: Locale) -> String {
    let s = m.format(locale);
    if locale.is_rtl() {
        format!("\u{2066}{s}\u{2069}")
    } else {
        s
    }
}

impl Page {
    /// An amount in the page's language.
    pub fn money(&self, m: &Money) -> Markup {
        html! { bdi .money dir="ltr" { (m.format(self.locale())) } }
    }

    /// A price range, or one amount when both ends are equal.
    pub fn price_range(&self, min: &Money, max: &Money) -> Markup {
        html! { bdi .money dir="ltr" { (Money::format_range(min, max, self.locale())) } }
    }

    /// An amount as a sentence's argument.
    pub fn money_text(&self, m: &Money) -> String {
        money_text(m, self.locale())
    }

    /// A time in the page's zone, as a `<time>` element labelled with the zone.
    pub fn time(&self, t: Timestamp) -> Markup {
        html! {
            time datetime=(t) title=(zone_name(&self.zone)) { (time_text(t, &self.zone)) }
        }
    }

    /// A time in the page's zone as text, for a sentence's argument.
    pub fn time_text(&self, t: Timestamp) -> String {
        time_text(t, &self.zone)
    }

    /// The day of an instant in the page's zone, as a `<time>` element ("2026-12-07").
    pub fn date(&self, t: Timestamp) -> Markup {
        html! {
            time datetime=(t) title=(zone_name(&self.zone)) { (self.date_text(t)) }
        }
    }

    /// The day of an instant in the page's zone as text.
    pub fn date_text(&self, t: Timestamp) -> String {
        t.to_zoned(self.zone.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn each_area_reads_times_in_its_own_zone() {
        let shop = Some("Asia/Tokyo");
        let buyer = Some("Europe/Paris");
        let name = |tz: TimeZone| tz.iana_name().unwrap_or("UTC").to_owned();
        assert_eq!(name(zone_for("/seller/orders", shop, buyer)), "Asia/Tokyo");
        assert_eq!(name(zone_for("/seller", shop, buyer)), "Asia/Tokyo");
        assert_eq!(name(zone_for("/ops/sellers", shop, buyer)), "UTC");
        assert_eq!(name(zone_for("/", shop, buyer)), "Europe/Paris");
        assert_eq!(
            name(zone_for("/account/orders", shop, buyer)),
            "Europe/Paris"
        );
        // A path that only begins with the same letters is not the Seller Center.
        assert_eq!(
            name(zone_for("/sellers-guide", shop, buyer)),
            "Europe/Paris"
        );
        // No zone, or one jiff does not know: UTC.
        assert_eq!(name(zone_for("/", shop, None)), "UTC");
        assert_eq!(name(zone_for("/", shop, Some("Mars/Olympus"))), "UTC");
        assert_eq!(name(zone_for("/seller", None, buyer)), "UTC");
    }

    #[test]
    fn times_carry_their_zone() {
        let t = at("2026-12-07T05:05:00Z");
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        assert_eq!(time_text(t, &tokyo), "2026-12-07 14:05 JST");
        assert_eq!(time_text(t, &TimeZone::UTC), "2026-12-07 05:05 UTC");
        let paris = TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(time_text(t, &paris), "2026-12-07 06:05 CET");
        // Zones without an abbreviation show their offset.
        let dubai = TimeZone::get("Asia/Dubai").unwrap();
        assert_eq!(time_text(t, &dubai), "2026-12-07 09:05 +04");
    }

    #[test]
    fn amounts_in_sentences_are_isolated_in_arabic_only() {
        let m = Money::new(123_450, shopdeck_domain::Currency::USD);
        assert_eq!(money_text(&m, Locale::En), "$1,234.50");
        assert_eq!(
            money_text(&m, Locale::Ar),
            "\u{2066}1,234.50\u{a0}US$\u{2069}"
        );
    }
}
