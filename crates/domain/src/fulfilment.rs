//! Fulfilment: packages, the carriers a seller ships with, and the shipping deadlines.
//!
//! - **Packages** ([`PackageStatus`], TikTok Shop's `package_status`) move
//!   `TO_FULFILL → PROCESSING → FULFILLING → COMPLETED`, or end `CANCELLED`; the order's own
//!   status is derived from its packages ([`order_status_for_packages`]).
//! - **Carriers** a seller may ship with itself ([`Carrier`]) and their tracking-number formats,
//!   including the UPU S10 check digit ([`s10_check_digit`]).
//! - **Deadlines** to ship, remind and complete ([`FulfilmentPolicy`]).
//! - What the seller must decide next on a cancellation or return ([`SellerAction`]).
//!
//! Cancellations ([`crate::cancellations`]), returns ([`crate::returns`]), refund amounts
//! ([`crate::refunds`]) and the shop's health rates ([`crate::health`]) have modules of their
//! own. Pure: no IO and no clock — every instant comes in as an argument. A deadline instant is
//! inclusive: acting exactly at it is on time, one moment later is late.

use jiff::{SignedDuration, Timestamp};

use crate::orders::OrderStatus;
use crate::time::{minus, plus};

/// Who acts on a package, cancellation or return (`role` in TikTok's records). The same type
/// as the order's [`crate::orders::Party`]: `BUYER`, `SELLER`, `OPERATOR`, `SYSTEM`.
pub use crate::orders::Party as Role;

// ---------------------------------------------------------------------------------------------
// Packages
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Where a package is (TikTok Shop's `package_status`).
    pub enum PackageStatus {
        /// Waiting for the seller to arrange shipment.
        ToFulfill = "TO_FULFILL",
        /// Shipment arranged (label bought or tracking number entered); waiting for the carrier.
        Processing = "PROCESSING",
        /// The carrier has it.
        Fulfilling = "FULFILLING",
        /// Delivered.
        Completed = "COMPLETED",
        /// Cancelled before it left, or lost or damaged on the way.
        Cancelled = "CANCELLED",
    }
}

impl PackageStatus {
    /// Nothing can happen to it any more.
    pub fn is_final(&self) -> bool {
        matches!(self, PackageStatus::Completed | PackageStatus::Cancelled)
    }

    /// Arranged or further: counts as shipped for the order's status.
    pub fn is_shipped(&self) -> bool {
        matches!(
            self,
            PackageStatus::Processing | PackageStatus::Fulfilling | PackageStatus::Completed
        )
    }

    /// The carrier has (or had) it.
    pub fn is_collected(&self) -> bool {
        matches!(self, PackageStatus::Fulfilling | PackageStatus::Completed)
    }
}

string_enum! {
    /// Who carries a package.
    pub enum ShippingMode {
        /// The seller ships with a carrier of its choice and enters the tracking number.
        SellerCarrier = "SELLER",
        /// The platform's logistics: label bought through the platform, carrier scans reported.
        Platform = "PLATFORM",
    }
}

string_enum! {
    /// Why a delivery attempt failed (TikTok's `DELIVERY_FAILED` reasons).
    pub enum DeliveryFailure {
        InvalidAddress = "INVALID_ADDRESS",
        UnableReceive = "UNABLE_RECEIVE",
        UnableContactBuyer = "UNABLE_CONTACT_BUYER",
        BuyerRefused = "BUYER_REFUSED",
        DelayDelivery = "DELAY_DELIVERY",
        PackageLost = "PACKAGE_LOST",
        PackageDamage = "PACKAGE_DAMAGE",
        ForceMajeure = "FORCE_MAJEURE",
        Other = "OTHER",
    }
}

impl DeliveryFailure {
    /// The package is gone: lost or damaged. Only these allow cancelling a package in transit.
    pub fn is_loss(&self) -> bool {
        matches!(
            self,
            DeliveryFailure::PackageLost | DeliveryFailure::PackageDamage
        )
    }

    /// English text for lists and timelines.
    pub fn text(&self) -> &'static str {
        match self {
            DeliveryFailure::InvalidAddress => "The address is invalid",
            DeliveryFailure::UnableReceive => "Nobody could receive the package",
            DeliveryFailure::UnableContactBuyer => "The buyer could not be contacted",
            DeliveryFailure::BuyerRefused => "The buyer refused the package",
            DeliveryFailure::DelayDelivery => "The delivery was postponed",
            DeliveryFailure::PackageLost => "The package was lost",
            DeliveryFailure::PackageDamage => "The package was damaged",
            DeliveryFailure::ForceMajeure => "Force majeure",
            DeliveryFailure::Other => "Other",
        }
    }
}

/// Something that happens to a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageAction {
    /// Shipment arranged: label bought or tracking number entered (`TO_FULFILL → PROCESSING`).
    /// Correcting a tracking number later is not a transition.
    Arrange,
    /// The carrier's first scan (`PROCESSING → FULFILLING`).
    Collect,
    /// Delivered (`FULFILLING → COMPLETED`; with the seller's own carrier also from
    /// `PROCESSING`, since the seller may confirm delivery directly).
    Deliver,
    /// A delivery attempt failed; the package stays `FULFILLING` and the reason is recorded.
    DeliveryFailed(DeliveryFailure),
    /// Cancelled. `None`: an ordinary cancellation (the order or this package was cancelled),
    /// allowed before the carrier has it. Once in transit only a loss
    /// ([`DeliveryFailure::is_loss`]) cancels a package.
    Cancel(Option<DeliveryFailure>),
}

impl PackageAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            PackageAction::Arrange => "ARRANGE",
            PackageAction::Collect => "COLLECT",
            PackageAction::Deliver => "DELIVER",
            PackageAction::DeliveryFailed(_) => "DELIVERY_FAILED",
            PackageAction::Cancel(_) => "CANCEL",
        }
    }

    /// The status this action leads to when it is allowed.
    pub fn target(&self) -> PackageStatus {
        match self {
            PackageAction::Arrange => PackageStatus::Processing,
            PackageAction::Collect | PackageAction::DeliveryFailed(_) => PackageStatus::Fulfilling,
            PackageAction::Deliver => PackageStatus::Completed,
            PackageAction::Cancel(_) => PackageStatus::Cancelled,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a package in {from} cannot move to {to} ({action})")]
pub struct PackageTransitionError {
    pub from: PackageStatus,
    pub to: PackageStatus,
    pub action: &'static str,
}

impl PackageStatus {
    /// The status after `action` for a package shipped in `mode`, or why it is refused.
    pub fn apply(
        self,
        mode: ShippingMode,
        action: PackageAction,
    ) -> Result<PackageStatus, PackageTransitionError> {
        use PackageAction as A;
        use PackageStatus as S;
        let allowed = match (self, action) {
            (S::ToFulfill, A::Arrange) => true,
            (S::Processing, A::Collect) => true,
            (S::Fulfilling, A::Deliver) => true,
            (S::Processing, A::Deliver) => mode == ShippingMode::SellerCarrier,
            (S::Fulfilling, A::DeliveryFailed(_)) => true,
            (S::ToFulfill | S::Processing, A::Cancel(_)) => true,
            (S::Fulfilling, A::Cancel(Some(reason))) => reason.is_loss(),
            _ => false,
        };
        if allowed {
            Ok(action.target())
        } else {
            Err(PackageTransitionError {
                from: self,
                to: action.target(),
                action: action.as_str(),
            })
        }
    }
}

/// The order's status derived from its packages (DOMAIN b1).
///
/// `packages`: the statuses of the order's packages (cancelled ones are ignored);
/// `lines_unpacked`: some line of the order is in no live package yet.
///
/// - nothing shipped yet (all live packages `TO_FULFILL`, or none) → `AWAITING_SHIPMENT`;
/// - something shipped (arranged or further) and something not → `PARTIALLY_SHIPPING`;
/// - everything shipped, nothing collected → `AWAITING_COLLECTION`;
/// - everything shipped, something collected, not all delivered → `IN_TRANSIT`;
/// - everything delivered → `DELIVERED`.
///
/// `None` when nothing is live (no live package and no unpacked line): the order is cancelled
/// or empty, which packages do not decide.
pub fn order_status_for_packages(
    packages: &[PackageStatus],
    lines_unpacked: bool,
) -> Option<OrderStatus> {
    let live = || {
        packages
            .iter()
            .copied()
            .filter(|p| *p != PackageStatus::Cancelled)
    };
    let waiting = lines_unpacked || live().any(|p| p == PackageStatus::ToFulfill);
    let shipped = live().any(|p| p.is_shipped());
    Some(match (shipped, waiting) {
        (false, false) => return None,
        (false, true) => OrderStatus::AwaitingShipment,
        (true, true) => OrderStatus::PartiallyShipping,
        (true, false) => {
            if live().all(|p| p == PackageStatus::Completed) {
                OrderStatus::Delivered
            } else if live().any(|p| p.is_collected()) {
                OrderStatus::InTransit
            } else {
                OrderStatus::AwaitingCollection
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Carriers and tracking numbers
// ---------------------------------------------------------------------------------------------

/// One accepted shape of tracking number (checked on the normalised number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingPattern {
    /// Only digits, one of these lengths.
    Digits(&'static [usize]),
    /// Letters and digits, length within `min..=max`.
    Alnum { min: usize, max: usize },
    /// A fixed prefix followed by digits, one of these lengths.
    PrefixDigits(&'static str, &'static [usize]),
    /// A fixed prefix followed by exactly this many letters or digits.
    PrefixAlnum(&'static str, usize),
    /// UPU S10 (`AA123456785GB`) with a correct check digit; `Some(cc)` requires that
    /// country suffix.
    S10(Option<&'static str>),
    /// Letters, digits and dashes, length within `min..=max`; no other check.
    Free { min: usize, max: usize },
}

enum Fit {
    Yes,
    /// Has the shape of an S10 number for this pattern but a wrong check digit.
    BadCheckDigit,
    No,
}

impl TrackingPattern {
    fn fit(&self, n: &str) -> Fit {
        let yes = |b: bool| if b { Fit::Yes } else { Fit::No };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let alnum = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        };
        match *self {
            TrackingPattern::Digits(lens) => yes(lens.contains(&n.len()) && digits(n)),
            TrackingPattern::Alnum { min, max } => yes((min..=max).contains(&n.len()) && alnum(n)),
            TrackingPattern::PrefixDigits(prefix, lens) => yes(n
                .strip_prefix(prefix)
                .is_some_and(|rest| lens.contains(&rest.len()) && digits(rest))),
            TrackingPattern::PrefixAlnum(prefix, len) => yes(n
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.len() == len && alnum(rest))),
            TrackingPattern::S10(country) => match s10_parts(n) {
                Some((serial, check, cc)) if country.is_none_or(|c| c == cc) => {
                    if s10_check_digit(serial) == Some(check) {
                        Fit::Yes
                    } else {
                        Fit::BadCheckDigit
                    }
                }
                _ => Fit::No,
            },
            TrackingPattern::Free { min, max } => yes((min..=max).contains(&n.len())
                && n.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'-')),
        }
    }
}

/// Splits an S10-shaped number (two letters, eight digits, one check digit, two letters) into
/// (serial, check digit, country).
fn s10_parts(n: &str) -> Option<(&str, u8, &str)> {
    let b = n.as_bytes();
    if b.len() != 13
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..11].iter().all(u8::is_ascii_digit)
        || !b[11..].iter().all(u8::is_ascii_uppercase)
    {
        return None;
    }
    Some((&n[2..10], b[10] - b'0', &n[11..]))
}

/// The UPU S10 check digit of an eight-digit serial number: weights 8 6 4 2 3 5 9 7, then
/// 11 − (sum mod 11), where 10 becomes 0 and 11 becomes 5. `None` unless `serial` is exactly
/// eight ASCII digits.
pub fn s10_check_digit(serial: &str) -> Option<u8> {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    if serial.len() != 8 || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = serial
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        // 1..=9 fits in u8.
        c => c as u8,
    })
}

/// A tracking number as checked: whitespace removed (leading, trailing and inside) and
/// letters uppercased.
pub fn normalise_tracking(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingError {
    #[error("enter the tracking number")]
    Empty,
    #[error("this is not a {carrier} tracking number: expected {expected}")]
    Format {
        carrier: &'static str,
        expected: &'static str,
    },
    #[error("this {carrier} tracking number has a wrong check digit (expected {expected})")]
    CheckDigit {
        carrier: &'static str,
        expected: &'static str,
    },
}

/// A carrier a seller can pick when shipping with its own carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carrier {
    /// Stable code stored with the package (`UPS`, `ROYAL_MAIL`, …, `OTHER`).
    pub code: &'static str,
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 codes of the shop countries it serves; empty: anywhere.
    pub countries: &'static [&'static str],
    /// Tracking page with `{}` where the number goes.
    pub tracking_url: Option<&'static str>,
    /// Accepted shapes; a number is accepted when any fits.
    pub patterns: &'static [TrackingPattern],
    /// The accepted shapes in words, for error messages.
    pub expected: &'static str,
}

const EVERYWHERE_WE_SELL: &[&str] = &[
    "US", "CA", "MX", "BR", "GB", "FR", "ES", "DE", "IT", "IE", "JP", "CN", "SG", "MY", "TH", "PH",
    "ID", "VN", "AE", "SA",
];

const CARRIERS: &[Carrier] = &[
    Carrier {
        code: "UPS",
        name: "UPS",
        countries: EVERYWHERE_WE_SELL,
        tracking_url: Some("https://www.ups.com/track?tracknum={}"),
        patterns: &[TrackingPattern::PrefixAlnum("1Z", 16)],
        expected: "1Z followed by 16 letters or digits",
    },
    Carrier {
        code: "USPS",
        name: "USPS",
        countries: &["US"],
        tracking_url: Some("https://tools.usps.com/go/TrackConfirmAction?tLabels={}"),
        patterns: &[
            TrackingPattern::Digits(&[20, 21, 22]),
            TrackingPattern::S10(None),
        ],
        expected: "20 to 22 digits, or an international number like EA123456785US",
    },
    Carrier {
        code: "FEDEX",
        name: "FedEx",
        countries: EVERYWHERE_WE_SELL,
        tracking_url: Some("https://www.fedex.com/fedextrack/?trknbr={}"),
        patterns: &[TrackingPattern::Digits(&[12, 15, 20])],
        expected: "12, 15 or 20 digits",
    },
    Carrier {
        code: "DHL_EXPRESS",
        name: "DHL Express",
        countries: EVERYWHERE_WE_SELL,
        tracking_url: Some(
            "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={}",
        ),
        patterns: &[TrackingPattern::Digits(&[10])],
        expected: "10 digits",
    },
    Carrier {
        code: "ROYAL_MAIL",
        name: "Royal Mail",
        countries: &["GB"],
        tracking_url: Some("https://www.royalmail.com/track-your-item#/tracking-results/{}"),
        patterns: &[TrackingPattern::S10(Some("GB"))],
        expected: "two letters, nine digits and GB, like RR123456785GB",
    },
    Carrier {
        code: "LA_POSTE",
        name: "La Poste / Colissimo",
        countries: &["FR"],
        tracking_url: Some("https://www.laposte.fr/outils/suivre-vos-envois?code={}"),
        patterns: &[
            TrackingPattern::S10(Some("FR")),
            TrackingPattern::Alnum { min: 11, max: 15 },
        ],
        expected: "two letters, nine digits and FR (like RR123456785FR), or 11 to 15 letters and digits",
    },
    Carrier {
        code: "CORREOS",
        name: "Correos",
        countries: &["ES"],
        tracking_url: Some(
            "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={}",
        ),
        patterns: &[TrackingPattern::S10(Some("ES"))],
        expected: "two letters, nine digits and ES, like PK123456785ES",
    },
    Carrier {
        code: "JAPAN_POST",
        name: "Japan Post",
        countries: &["JP"],
        tracking_url: Some(
            "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={}&locale=en",
        ),
        patterns: &[
            TrackingPattern::S10(Some("JP")),
            TrackingPattern::Digits(&[11, 12]),
        ],
        expected: "11 or 12 digits, or two letters, nine digits and JP (like EJ123456785JP)",
    },
    Carrier {
        code: "YAMATO",
        name: "Yamato Transport",
        countries: &["JP"],
        tracking_url: Some("https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number01={}"),
        patterns: &[TrackingPattern::Digits(&[12])],
        expected: "12 digits",
    },
    Carrier {
        code: "SF_EXPRESS",
        name: "SF Express",
        countries: &["CN"],
        tracking_url: Some("https://www.sf-express.com/chn/en/waybill/waybill-detail/{}"),
        patterns: &[TrackingPattern::PrefixDigits("SF", &[12, 13, 14, 15])],
        expected: "SF followed by 12 to 15 digits",
    },
    Carrier {
        code: "CHINA_POST",
        name: "China Post",
        countries: &["CN"],
        tracking_url: None,
        patterns: &[TrackingPattern::S10(Some("CN"))],
        expected: "two letters, nine digits and CN, like EA123456785CN",
    },
    Carrier {
        code: "ARAMEX",
        name: "Aramex",
        countries: &["AE", "SA"],
        tracking_url: Some("https://www.aramex.com/us/en/track/results?ShipmentNumber={}"),
        patterns: &[TrackingPattern::Digits(&[10, 11, 12])],
        expected: "10 to 12 digits",
    },
    Carrier {
        code: "OTHER",
        name: "Other carrier",
        countries: &[],
        tracking_url: None,
        patterns: &[TrackingPattern::Free { min: 6, max: 40 }],
        expected: "6 to 40 letters, digits or dashes",
    },
];

impl Carrier {
    /// Every carrier, `OTHER` last.
    pub fn all() -> &'static [Carrier] {
        CARRIERS
    }

    /// Looks a carrier up by its code, case-insensitively.
    pub fn by_code(code: &str) -> Option<&'static Carrier> {
        let code = code.trim();
        CARRIERS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// Serves shops in `country` (alpha-2, any case). `OTHER` serves everywhere.
    pub fn serves(&self, country: &str) -> bool {
        let country = country.trim();
        self.countries.is_empty()
            || self
                .countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(country))
    }

    /// The normalised tracking number ([`normalise_tracking`]) when it fits one of the
    /// carrier's formats.
    pub fn check_tracking(&self, input: &str) -> Result<String, TrackingError> {
        let n = normalise_tracking(input);
        if n.is_empty() {
            return Err(TrackingError::Empty);
        }
        let mut bad_check_digit = false;
        for p in self.patterns {
            match p.fit(&n) {
                Fit::Yes => return Ok(n),
                Fit::BadCheckDigit => bad_check_digit = true,
                Fit::No => {}
            }
        }
        Err(if bad_check_digit {
            TrackingError::CheckDigit {
                carrier: self.name,
                expected: self.expected,
            }
        } else {
            TrackingError::Format {
                carrier: self.name,
                expected: self.expected,
            }
        })
    }

    /// The tracking page for a number already accepted by [`Carrier::check_tracking`] (such a
    /// number holds only letters, digits and dashes, so it needs no escaping).
    pub fn tracking_url_for(&self, number: &str) -> Option<String> {
        self.tracking_url.map(|t| t.replace("{}", number))
    }
}

/// The carriers a shop in `country` can pick, in list order, `OTHER` last.
pub fn carriers_for(country: &str) -> Vec<&'static Carrier> {
    CARRIERS.iter().filter(|c| c.serves(country)).collect()
}

// ---------------------------------------------------------------------------------------------
// What the seller must do next (shared by cancellations and returns)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// The seller's pending decision (`seller_next_action_response.action`).
    pub enum SellerAction {
        RespondCancel = "SELLER_RESPOND_CANCEL",
        RespondRefund = "SELLER_RESPOND_REFUND",
        RespondReturn = "SELLER_RESPOND_RETURN",
        RespondReceivePackage = "SELLER_RESPOND_RECEIVE_PACKAGE",
    }
}

// ---------------------------------------------------------------------------------------------
// Fulfilment deadlines
// ---------------------------------------------------------------------------------------------

/// The platform's fulfilment timers (settings with these defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FulfilmentPolicy {
    /// Remind the seller this long before a shipping deadline (24 h and 4 h).
    pub reminders_before: Vec<SignedDuration>,
    /// Cancel orders not shipped in time.
    pub auto_cancel_late: bool,
    /// How long after the ship-by deadline a late order is cancelled (24 h).
    pub auto_cancel_grace: SignedDuration,
    /// Returns are possible this long after delivery (15 days); then the order is COMPLETED.
    pub after_sale_window: SignedDuration,
}

impl Default for FulfilmentPolicy {
    fn default() -> Self {
        FulfilmentPolicy {
            reminders_before: vec![
                SignedDuration::from_hours(24),
                SignedDuration::from_hours(4),
            ],
            auto_cancel_late: true,
            auto_cancel_grace: SignedDuration::from_hours(24),
            after_sale_window: SignedDuration::from_hours(15 * 24),
        }
    }
}

/// `now` is past `deadline` (acting exactly at the deadline is on time).
pub fn is_late(deadline: Timestamp, now: Timestamp) -> bool {
    now > deadline
}

impl FulfilmentPolicy {
    /// Each (positive, distinct) reminder with the instant it falls due, earliest first.
    pub fn reminder_times(&self, deadline: Timestamp) -> Vec<(SignedDuration, Timestamp)> {
        let mut v: Vec<SignedDuration> = self
            .reminders_before
            .iter()
            .copied()
            .filter(|r| r.is_positive())
            .collect();
        v.sort_by(|a, b| b.cmp(a));
        v.dedup();
        v.into_iter().map(|r| (r, minus(deadline, r))).collect()
    }

    /// The reminders due at `now` and not in `already_sent`: their time has come and the
    /// deadline has not passed. Earliest first, most urgent last; when several are due at
    /// once (the worker was behind) send only the last and record them all as sent.
    pub fn due_reminders(
        &self,
        deadline: Timestamp,
        now: Timestamp,
        already_sent: &[SignedDuration],
    ) -> Vec<SignedDuration> {
        if now >= deadline {
            return Vec::new();
        }
        self.reminder_times(deadline)
            .into_iter()
            .filter(|(r, at)| *at <= now && !already_sent.contains(r))
            .map(|(r, _)| r)
            .collect()
    }

    /// When an order that must ship by `ship_by` and has not is cancelled; `None` when late
    /// orders are not cancelled automatically.
    pub fn auto_cancel_at(&self, ship_by: Timestamp) -> Option<Timestamp> {
        self.auto_cancel_late
            .then(|| plus(ship_by, self.auto_cancel_grace))
    }

    /// When a delivered order becomes COMPLETED (no more returns).
    pub fn completes_at(&self, delivered_at: Timestamp) -> Timestamp {
        plus(delivered_at, self.after_sale_window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::macros::names_round_trip;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn hours(h: i64) -> SignedDuration {
        SignedDuration::from_hours(h)
    }

    // --- packages ---------------------------------------------------------------------------

    fn package_actions() -> Vec<PackageAction> {
        let mut v = vec![
            PackageAction::Arrange,
            PackageAction::Collect,
            PackageAction::Deliver,
            PackageAction::Cancel(None),
        ];
        for f in DeliveryFailure::ALL {
            v.push(PackageAction::DeliveryFailed(*f));
            v.push(PackageAction::Cancel(Some(*f)));
        }
        v
    }

    /// Every (mode, status, action): the allowed ones are exactly this table.
    #[test]
    fn every_package_transition_is_allowed_or_refused_as_listed() {
        use DeliveryFailure as F;
        use PackageAction as A;
        use PackageStatus as S;
        use ShippingMode as M;
        // (only in this mode, from, action, to)
        let mut allowed: Vec<(Option<M>, S, A, S)> = vec![
            (None, S::ToFulfill, A::Arrange, S::Processing),
            (None, S::Processing, A::Collect, S::Fulfilling),
            (None, S::Fulfilling, A::Deliver, S::Completed),
            (
                Some(M::SellerCarrier),
                S::Processing,
                A::Deliver,
                S::Completed,
            ),
            (None, S::ToFulfill, A::Cancel(None), S::Cancelled),
            (None, S::Processing, A::Cancel(None), S::Cancelled),
            (
                None,
                S::Fulfilling,
                A::Cancel(Some(F::PackageLost)),
                S::Cancelled,
            ),
            (
                None,
                S::Fulfilling,
                A::Cancel(Some(F::PackageDamage)),
                S::Cancelled,
            ),
        ];
        for f in DeliveryFailure::ALL {
            allowed.push((None, S::Fulfilling, A::DeliveryFailed(*f), S::Fulfilling));
            allowed.push((None, S::ToFulfill, A::Cancel(Some(*f)), S::Cancelled));
            allowed.push((None, S::Processing, A::Cancel(Some(*f)), S::Cancelled));
        }
        let mut ok = 0;
        let mut refused = 0;
        for mode in ShippingMode::ALL {
            for from in PackageStatus::ALL {
                for action in package_actions() {
                    let want = allowed
                        .iter()
                        .find(|(m, f, a, _)| {
                            m.is_none_or(|m| m == *mode) && f == from && *a == action
                        })
                        .map(|(_, _, _, to)| *to);
                    match (from.apply(*mode, action), want) {
                        (Ok(got), Some(want)) => {
                            assert_eq!(got, want, "{mode} {from} {action:?}");
                            ok += 1;
                        }
                        (Err(e), None) => {
                            assert_eq!(e.from, *from);
                            assert_eq!(e.to, action.target());
                            refused += 1;
                        }
                        (got, want) => {
                            panic!("{mode} {from} {action:?}: got {got:?}, want {want:?}")
                        }
                    }
                }
            }
        }
        // 2 modes × 5 statuses × 22 actions. Per mode 34 are allowed: 3 moves, 2 plain and 2
        // loss cancellations, 9 recorded failures, 2 × 9 reasoned cancellations before
        // collection; plus the seller's direct delivery.
        assert_eq!(ok, 2 * 34 + 1);
        assert_eq!(ok + refused, 2 * 5 * 22);
    }

    #[test]
    fn package_errors_name_both_ends() {
        let e = PackageStatus::Completed
            .apply(ShippingMode::Platform, PackageAction::Arrange)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a package in COMPLETED cannot move to PROCESSING (ARRANGE)"
        );
        let e = PackageStatus::Processing
            .apply(ShippingMode::Platform, PackageAction::Deliver)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a package in PROCESSING cannot move to COMPLETED (DELIVER)"
        );
        for s in PackageStatus::ALL {
            assert_eq!(
                s.is_final(),
                package_actions()
                    .iter()
                    .all(|a| { ShippingMode::ALL.iter().all(|m| s.apply(*m, *a).is_err()) })
            );
        }
    }

    #[test]
    fn order_status_follows_its_packages() {
        use OrderStatus as O;
        use PackageStatus::*;
        let cases: &[(&[PackageStatus], bool, Option<O>)] = &[
            (&[], true, Some(O::AwaitingShipment)),
            (&[], false, None),
            (&[Cancelled], false, None),
            (&[ToFulfill], false, Some(O::AwaitingShipment)),
            (&[ToFulfill, ToFulfill], false, Some(O::AwaitingShipment)),
            (&[ToFulfill, Cancelled], false, Some(O::AwaitingShipment)),
            (&[Processing], true, Some(O::PartiallyShipping)),
            (&[Processing, ToFulfill], false, Some(O::PartiallyShipping)),
            (&[Fulfilling, ToFulfill], false, Some(O::PartiallyShipping)),
            (&[Completed], true, Some(O::PartiallyShipping)),
            (&[Processing], false, Some(O::AwaitingCollection)),
            (
                &[Processing, Processing],
                false,
                Some(O::AwaitingCollection),
            ),
            (&[Processing, Cancelled], false, Some(O::AwaitingCollection)),
            (&[Fulfilling], false, Some(O::InTransit)),
            (&[Processing, Fulfilling], false, Some(O::InTransit)),
            (&[Processing, Completed], false, Some(O::InTransit)),
            (&[Fulfilling, Completed], false, Some(O::InTransit)),
            (&[Completed], false, Some(O::Delivered)),
            (
                &[Completed, Completed, Cancelled],
                false,
                Some(O::Delivered),
            ),
        ];
        for (packages, unpacked, want) in cases {
            assert_eq!(
                order_status_for_packages(packages, *unpacked),
                *want,
                "{packages:?} unpacked={unpacked}"
            );
        }
    }

    // --- tracking numbers -------------------------------------------------------------------

    #[test]
    fn s10_check_digits() {
        // Worked by hand: 4·8+7·6+3·4+1·2+2·3+4·5+8·9+2·7 = 200; 200 mod 11 = 2; 11−2 = 9.
        assert_eq!(s10_check_digit("47312482"), Some(9));
        // 1·8+2·6+3·4+4·2+5·3+6·5+7·9+8·7 = 204; mod 11 = 6; 11−6 = 5.
        assert_eq!(s10_check_digit("12345678"), Some(5));
        // 8·8+7·6+6·4+5·2+4·3+3·5+2·9+1·7 = 192; mod 11 = 5; 11−5 = 6.
        assert_eq!(s10_check_digit("87654321"), Some(6));
        // Sum 0: 11 − 0 = 11 → 5.
        assert_eq!(s10_check_digit("00000000"), Some(5));
        // 8·7 = 56; mod 11 = 1; 11 − 1 = 10 → 0.
        assert_eq!(s10_check_digit("00000008"), Some(0));
        assert_eq!(s10_check_digit("1234567"), None);
        assert_eq!(s10_check_digit("1234567A"), None);

        let any = TrackingPattern::S10(None);
        for good in [
            "AA473124829GB",
            "RR123456785GB",
            "EE876543216CA",
            "RR000000005GB",
            "RR000000080GB",
        ] {
            assert!(matches!(any.fit(good), Fit::Yes), "{good}");
        }
        assert!(matches!(any.fit("RR123456784GB"), Fit::BadCheckDigit));
        assert!(matches!(any.fit("RR12345678GB"), Fit::No));
        assert!(matches!(any.fit("R1123456785GB"), Fit::No));
    }

    fn accepts(code: &str, input: &str) -> String {
        let c = Carrier::by_code(code).unwrap();
        match c.check_tracking(input) {
            Ok(n) => n,
            Err(e) => panic!("{code} refused {input:?}: {e}"),
        }
    }

    fn refuses(code: &str, input: &str) -> TrackingError {
        Carrier::by_code(code)
            .unwrap()
            .check_tracking(input)
            .expect_err(input)
    }

    #[test]
    fn carriers_accept_good_numbers() {
        let good: &[(&str, &str)] = &[
            ("UPS", "1Z999AA10123456784"),
            ("USPS", "9400111899223197428490"),
            ("USPS", "94001118992231974284"),
            ("USPS", "EA123456785US"),
            ("USPS", "RR123456785CN"),
            ("FEDEX", "123456789012"),
            ("FEDEX", "123456789012345"),
            ("FEDEX", "12345678901234567890"),
            ("DHL_EXPRESS", "1234567890"),
            ("ROYAL_MAIL", "RR123456785GB"),
            ("ROYAL_MAIL", "AA473124829GB"),
            ("LA_POSTE", "RR123456785FR"),
            ("LA_POSTE", "6A12345678901"),
            ("LA_POSTE", "8K00009775862"),
            ("CORREOS", "PK123456785ES"),
            ("JAPAN_POST", "EJ123456785JP"),
            ("JAPAN_POST", "12345678901"),
            ("JAPAN_POST", "123456789012"),
            ("YAMATO", "123456789012"),
            ("SF_EXPRESS", "SF123456789012"),
            ("SF_EXPRESS", "SF123456789012345"),
            ("CHINA_POST", "EA473124829CN"),
            ("ARAMEX", "1234567890"),
            ("ARAMEX", "123456789012"),
            ("OTHER", "ABC-123"),
            ("OTHER", "X123456789012345678901234567890123456789"),
        ];
        for (code, n) in good {
            assert_eq!(accepts(code, n), *n);
        }
        // Normalised: spaces anywhere, lower case.
        assert_eq!(
            accepts("ups", " 1z 999 aa1 0123 4567 84 "),
            "1Z999AA10123456784"
        );
        assert_eq!(accepts("ROYAL_MAIL", "rr 123 456 785 gb"), "RR123456785GB");
    }

    #[test]
    fn carriers_refuse_bad_numbers() {
        let bad: &[(&str, &str)] = &[
            ("UPS", "1Z999AA1012345678"),
            ("UPS", "1Z999AA101234567845"),
            ("UPS", "2Z999AA10123456784"),
            ("UPS", "1Z999AA1012345678-"),
            ("USPS", "9400111899223197428"),
            ("USPS", "94001118992231974284901"),
            ("FEDEX", "1234567890123"),
            ("FEDEX", "12345678901A"),
            ("DHL_EXPRESS", "123456789"),
            ("ROYAL_MAIL", "RR123456785FR"),
            ("ROYAL_MAIL", "123456789012"),
            ("LA_POSTE", "6A12345678"),
            ("CORREOS", "PK123456785FR"),
            ("JAPAN_POST", "1234567890"),
            ("YAMATO", "12345678901"),
            ("SF_EXPRESS", "SF12345678901"),
            ("SF_EXPRESS", "SF1234567890123456"),
            ("SF_EXPRESS", "123456789012"),
            ("CHINA_POST", "EA473124829GB"),
            ("ARAMEX", "123456789"),
            ("ARAMEX", "1234567890123"),
            ("OTHER", "ABC12"),
            ("OTHER", "ABC_123"),
            ("OTHER", "A1234567890123456789012345678901234567890"),
        ];
        for (code, n) in bad {
            let e = refuses(code, n);
            assert!(
                matches!(e, TrackingError::Format { .. }),
                "{code} {n}: {e:?}"
            );
        }
        assert_eq!(refuses("UPS", "   "), TrackingError::Empty);
        assert_eq!(
            refuses("ROYAL_MAIL", "RR123456784GB"),
            TrackingError::CheckDigit {
                carrier: "Royal Mail",
                expected: "two letters, nine digits and GB, like RR123456785GB",
            }
        );
        assert!(matches!(
            refuses("CHINA_POST", "EA473124828CN"),
            TrackingError::CheckDigit { .. }
        ));
        // A wrong check digit still passes where another format accepts the shape.
        assert_eq!(accepts("LA_POSTE", "RR123456784FR"), "RR123456784FR");
        let e = refuses("FEDEX", "123");
        assert_eq!(
            e.to_string(),
            "this is not a FedEx tracking number: expected 12, 15 or 20 digits"
        );
    }

    #[test]
    fn carrier_list_lookups_and_urls() {
        for c in Carrier::all() {
            assert_eq!(Carrier::by_code(c.code), Some(c));
            assert!(!c.patterns.is_empty() && !c.expected.is_empty());
            if let Some(t) = c.tracking_url {
                assert!(
                    t.starts_with("https://") && t.matches("{}").count() == 1,
                    "{t}"
                );
            }
            for cc in c.countries {
                assert!(
                    crate::Country::by_code(cc).is_some(),
                    "{} serves {cc}",
                    c.code
                );
            }
        }
        assert_eq!(Carrier::all().last().map(|c| c.code), Some("OTHER"));
        assert_eq!(
            Carrier::by_code(" royal_mail ").map(|c| c.code),
            Some("ROYAL_MAIL")
        );
        assert_eq!(Carrier::by_code("POSTNL"), None);

        let codes = |cc: &str| carriers_for(cc).iter().map(|c| c.code).collect::<Vec<_>>();
        assert_eq!(
            codes("us"),
            ["UPS", "USPS", "FEDEX", "DHL_EXPRESS", "OTHER"]
        );
        assert_eq!(
            codes("GB"),
            ["UPS", "FEDEX", "DHL_EXPRESS", "ROYAL_MAIL", "OTHER"]
        );
        assert_eq!(
            codes("JP"),
            [
                "UPS",
                "FEDEX",
                "DHL_EXPRESS",
                "JAPAN_POST",
                "YAMATO",
                "OTHER"
            ]
        );
        assert_eq!(codes("ZZ"), ["OTHER"]);

        let ups = Carrier::by_code("UPS").unwrap();
        assert_eq!(
            ups.tracking_url_for("1Z999AA10123456784").as_deref(),
            Some("https://www.ups.com/track?tracknum=1Z999AA10123456784")
        );
        assert_eq!(
            Carrier::by_code("OTHER").unwrap().tracking_url_for("X"),
            None
        );
    }

    // --- deadlines and health -----------------------------------------------------------------

    #[test]
    fn reminders_lateness_and_auto_cancel() {
        let p = FulfilmentPolicy::default();
        let deadline = ts("2026-03-07T09:00:00Z");
        assert_eq!(
            p.reminder_times(deadline),
            [
                (hours(24), ts("2026-03-06T09:00:00Z")),
                (hours(4), ts("2026-03-07T05:00:00Z"))
            ]
        );
        let due = |now: &str, sent: &[SignedDuration]| p.due_reminders(deadline, ts(now), sent);
        assert!(due("2026-03-06T08:59:59Z", &[]).is_empty());
        assert_eq!(due("2026-03-06T09:00:00Z", &[]), [hours(24)]);
        assert!(due("2026-03-06T09:00:00Z", &[hours(24)]).is_empty());
        assert!(due("2026-03-07T04:59:59Z", &[hours(24)]).is_empty());
        assert_eq!(due("2026-03-07T05:00:00Z", &[hours(24)]), [hours(4)]);
        assert_eq!(due("2026-03-07T06:00:00Z", &[]), [hours(24), hours(4)]);
        assert!(due("2026-03-07T06:00:00Z", &[hours(4), hours(24)]).is_empty());
        assert!(
            due("2026-03-07T09:00:00Z", &[]).is_empty(),
            "at the deadline: no reminder"
        );
        assert!(due("2026-03-08T09:00:00Z", &[]).is_empty());
        let odd = FulfilmentPolicy {
            reminders_before: vec![hours(4), hours(0), hours(24), hours(4), hours(-1)],
            ..FulfilmentPolicy::default()
        };
        assert_eq!(
            odd.due_reminders(deadline, ts("2026-03-07T06:00:00Z"), &[]),
            [hours(24), hours(4)]
        );

        assert!(!is_late(deadline, deadline));
        assert!(is_late(deadline, ts("2026-03-07T09:00:01Z")));
        assert!(!is_late(deadline, ts("2026-03-07T08:59:59Z")));

        assert_eq!(p.auto_cancel_at(deadline), Some(ts("2026-03-08T09:00:00Z")));
        let no_cancel = FulfilmentPolicy {
            auto_cancel_late: false,
            ..FulfilmentPolicy::default()
        };
        assert_eq!(no_cancel.auto_cancel_at(deadline), None);
        assert_eq!(
            p.completes_at(ts("2026-03-10T00:00:00Z")),
            ts("2026-03-25T00:00:00Z")
        );
    }

    #[test]
    fn wire_names_round_trip() {
        names_round_trip(
            PackageStatus::ALL,
            PackageStatus::as_str,
            PackageStatus::parse,
        );
        names_round_trip(ShippingMode::ALL, ShippingMode::as_str, ShippingMode::parse);
        names_round_trip(
            DeliveryFailure::ALL,
            DeliveryFailure::as_str,
            DeliveryFailure::parse,
        );
        names_round_trip(SellerAction::ALL, SellerAction::as_str, SellerAction::parse);
        assert_eq!(ShippingMode::SellerCarrier.as_str(), "SELLER");
        assert_eq!(PackageStatus::ToFulfill.to_string(), "TO_FULFILL");
    }
}
