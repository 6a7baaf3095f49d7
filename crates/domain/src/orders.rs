//! Orders: the life cycle (TikTok Shop's statuses), who may move an order and when, the
//! deadlines an order carries, and shipping fees from a shop's template. Pure.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

/// Where an order is. Names and meanings follow TikTok Shop's `order.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    /// Placed; payment not finished. No address shown to the seller.
    Unpaid,
    /// Paid; the buyer may still cancel freely, the seller may not fulfil yet.
    OnHold,
    /// Paid; nothing shipped.
    AwaitingShipment,
    /// Some packages shipped, not all.
    PartiallyShipping,
    /// Shipment arranged; the parcel waits for the carrier.
    AwaitingCollection,
    /// The carrier has the parcel.
    InTransit,
    Delivered,
    /// After-sale window closed: no return or refund any more.
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::Unpaid,
        OrderStatus::OnHold,
        OrderStatus::AwaitingShipment,
        OrderStatus::PartiallyShipping,
        OrderStatus::AwaitingCollection,
        OrderStatus::InTransit,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            OrderStatus::Unpaid => "UNPAID",
            OrderStatus::OnHold => "ON_HOLD",
            OrderStatus::AwaitingShipment => "AWAITING_SHIPMENT",
            OrderStatus::PartiallyShipping => "PARTIALLY_SHIPPING",
            OrderStatus::AwaitingCollection => "AWAITING_COLLECTION",
            OrderStatus::InTransit => "IN_TRANSIT",
            OrderStatus::Delivered => "DELIVERED",
            OrderStatus::Completed => "COMPLETED",
            OrderStatus::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Paid and not yet handed to a carrier: the seller may still cancel it.
    pub fn is_unshipped(&self) -> bool {
        matches!(
            self,
            OrderStatus::Unpaid | OrderStatus::OnHold | OrderStatus::AwaitingShipment
        )
    }

    /// The buyer's address is shown to the seller only once the order may be fulfilled.
    pub fn shows_address(&self) -> bool {
        !matches!(self, OrderStatus::Unpaid | OrderStatus::OnHold)
    }
}

crate::try_from_string!(OrderStatus, Party, CancelReason);

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tabs of the seller's order list and which statuses each holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderTab {
    All,
    Unpaid,
    ToShip,
    Shipped,
    Completed,
    Cancelled,
}

impl OrderTab {
    pub const ALL: [OrderTab; 6] = [
        OrderTab::All,
        OrderTab::Unpaid,
        OrderTab::ToShip,
        OrderTab::Shipped,
        OrderTab::Completed,
        OrderTab::Cancelled,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            OrderTab::All => "all",
            OrderTab::Unpaid => "unpaid",
            OrderTab::ToShip => "to_ship",
            OrderTab::Shipped => "shipped",
            OrderTab::Completed => "completed",
            OrderTab::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderTab> {
        OrderTab::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn statuses(&self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            OrderTab::All => &OrderStatus::ALL,
            OrderTab::Unpaid => &[Unpaid],
            OrderTab::ToShip => &[OnHold, AwaitingShipment, PartiallyShipping],
            OrderTab::Shipped => &[AwaitingCollection, InTransit, Delivered],
            OrderTab::Completed => &[Completed],
            OrderTab::Cancelled => &[Cancelled],
        }
    }
}

/// Who changes an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Party {
    Buyer,
    Seller,
    Operator,
    /// Shopdeck itself: timers, payment confirmations, carriers' scans.
    System,
}

impl Party {
    pub fn as_str(&self) -> &'static str {
        match self {
            Party::Buyer => "BUYER",
            Party::Seller => "SELLER",
            Party::Operator => "OPERATOR",
            Party::System => "SYSTEM",
        }
    }

    pub fn parse(s: &str) -> Option<Party> {
        [Party::Buyer, Party::Seller, Party::Operator, Party::System]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// Something that happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    /// The payment was confirmed; `hold` when the shop keeps a buyer-remorse window.
    Pay {
        hold: bool,
    },
    /// The remorse window closed.
    ReleaseHold,
    Cancel(Party),
    /// Some of the order's items were shipped, not all.
    ShipPart,
    /// Shipment arranged for everything left.
    ArrangeShipment,
    /// The carrier collected the parcel(s).
    Collect,
    Deliver,
    /// The after-sale window closed.
    Complete,
}

impl OrderAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            OrderAction::Pay { .. } => "paid",
            OrderAction::ReleaseHold => "released from hold",
            OrderAction::Cancel(_) => "cancelled",
            OrderAction::ShipPart => "partly shipped",
            OrderAction::ArrangeShipment => "arranged for shipment",
            OrderAction::Collect => "collected",
            OrderAction::Deliver => "delivered",
            OrderAction::Complete => "completed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an order in {from} cannot be {action} by {by}")]
pub struct OrderTransitionError {
    pub from: &'static str,
    pub action: &'static str,
    pub by: &'static str,
}

impl OrderStatus {
    /// The status after `action`, or why it is refused.
    ///
    /// Cancelling: the buyer may cancel an unpaid order and, during the remorse window, a paid
    /// one (later the buyer asks the seller: the fulfilment issue's cancellation requests). The
    /// seller (or an operator) may cancel anything not yet handed over to a carrier and not
    /// partly shipped. The system cancels unpaid orders when their payment time runs out and,
    /// per platform policy, orders whose shipping deadlines pass before delivery.
    pub fn apply(self, action: OrderAction) -> Result<OrderStatus, OrderTransitionError> {
        use OrderAction as A;
        use OrderStatus as S;
        let next = match (self, action) {
            (S::Unpaid, A::Pay { hold: true }) => Some(S::OnHold),
            (S::Unpaid, A::Pay { hold: false }) => Some(S::AwaitingShipment),
            (S::OnHold, A::ReleaseHold) => Some(S::AwaitingShipment),
            (S::Unpaid | S::OnHold, A::Cancel(Party::Buyer)) => Some(S::Cancelled),
            (
                S::Unpaid | S::OnHold | S::AwaitingShipment,
                A::Cancel(Party::Seller | Party::Operator),
            ) => Some(S::Cancelled),
            (
                S::Unpaid | S::AwaitingShipment | S::AwaitingCollection | S::InTransit,
                A::Cancel(Party::System),
            ) => Some(S::Cancelled),
            (S::AwaitingShipment | S::PartiallyShipping, A::ShipPart) => Some(S::PartiallyShipping),
            (S::AwaitingShipment | S::PartiallyShipping, A::ArrangeShipment) => {
                Some(S::AwaitingCollection)
            }
            (S::AwaitingCollection, A::Collect) => Some(S::InTransit),
            (S::AwaitingCollection | S::InTransit, A::Deliver) => Some(S::Delivered),
            (S::Delivered, A::Complete) => Some(S::Completed),
            _ => None,
        };
        next.ok_or(OrderTransitionError {
            from: self.as_str(),
            action: action.as_str(),
            by: match action {
                A::Cancel(p) => p.as_str(),
                _ => "anyone",
            },
        })
    }
}

/// Why an order is cancelled (the seller picks one; the system uses its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CancelReason {
    OutOfStock,
    PricingError,
    UnableToDeliver,
    BuyerRequested,
    /// The buyer changed their mind (buyer cancellations).
    ChangedMind,
    /// Payment time ran out.
    PaymentTimeout,
    /// The payment was declined.
    PaymentDeclined,
    /// Not shipped by the shipping deadline and its grace period (a seller-fault cancellation).
    ShippingOverdue,
    Other,
}

impl CancelReason {
    pub const SELLER: [CancelReason; 5] = [
        CancelReason::OutOfStock,
        CancelReason::PricingError,
        CancelReason::UnableToDeliver,
        CancelReason::BuyerRequested,
        CancelReason::Other,
    ];
    pub const BUYER: [CancelReason; 2] = [CancelReason::ChangedMind, CancelReason::Other];

    pub fn as_str(&self) -> &'static str {
        match self {
            CancelReason::OutOfStock => "OUT_OF_STOCK",
            CancelReason::PricingError => "PRICING_ERROR",
            CancelReason::UnableToDeliver => "UNABLE_TO_DELIVER",
            CancelReason::BuyerRequested => "BUYER_REQUESTED",
            CancelReason::ChangedMind => "CHANGED_MIND",
            CancelReason::PaymentTimeout => "PAYMENT_TIMEOUT",
            CancelReason::PaymentDeclined => "PAYMENT_DECLINED",
            CancelReason::ShippingOverdue => "SHIPPING_OVERDUE",
            CancelReason::Other => "OTHER",
        }
    }

    pub fn parse(s: &str) -> Option<CancelReason> {
        [
            CancelReason::OutOfStock,
            CancelReason::PricingError,
            CancelReason::UnableToDeliver,
            CancelReason::BuyerRequested,
            CancelReason::ChangedMind,
            CancelReason::PaymentTimeout,
            CancelReason::PaymentDeclined,
            CancelReason::ShippingOverdue,
            CancelReason::Other,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// The platform's order timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderPolicy {
    /// An unpaid order is cancelled this long after it was placed (TikTok UK: 24 h).
    pub pay_within: SignedDuration,
    /// The seller must process (arrange shipment for) an order within this long of placing.
    pub process_within: SignedDuration,
    /// The seller must mark it shipped within this long of payment.
    pub ship_within: SignedDuration,
}

impl Default for OrderPolicy {
    fn default() -> Self {
        OrderPolicy {
            pay_within: SignedDuration::from_hours(24),
            process_within: SignedDuration::from_hours(72),
            ship_within: SignedDuration::from_hours(120),
        }
    }
}

/// The remorse window TikTok uses when a shop turns it on.
pub const DEFAULT_HOLD: SignedDuration = SignedDuration::from_hours(1);

/// Deadlines an order carries from the moment it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedDeadlines {
    pub pay_by: Timestamp,
    pub process_by: Timestamp,
}

/// Deadlines that start at payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidDeadlines {
    pub hold_until: Option<Timestamp>,
    pub ship_by: Timestamp,
}

impl OrderPolicy {
    pub fn placed(&self, at: Timestamp) -> PlacedDeadlines {
        PlacedDeadlines {
            pay_by: at.saturating_add(self.pay_within).unwrap_or(at),
            process_by: at.saturating_add(self.process_within).unwrap_or(at),
        }
    }

    pub fn paid(&self, at: Timestamp, hold: Option<SignedDuration>) -> PaidDeadlines {
        PaidDeadlines {
            hold_until: hold.map(|h| at.saturating_add(h).unwrap_or(at)),
            ship_by: at.saturating_add(self.ship_within).unwrap_or(at),
        }
    }
}

/// How a shipping rule prices a parcel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum FeeMode {
    /// One fee per order.
    Flat { fee_minor: i64 },
    /// `first_fee` covers the first `first_grams`; each further `step_grams` (or part)
    /// adds `step_fee`.
    ByWeight {
        first_grams: i64,
        first_fee_minor: i64,
        step_grams: i64,
        step_fee_minor: i64,
    },
}

/// Where a rule applies: a country, optionally only some of its regions (states, provinces).
/// A rule with country `*` applies everywhere no other rule does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingRule {
    pub country: String,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(flatten)]
    pub fee: FeeMode,
}

/// A shop's shipping template: rules by destination and an optional free-shipping threshold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingTemplate {
    pub rules: Vec<ShippingRule>,
    /// Orders whose item subtotal reaches this ship free.
    #[serde(default)]
    pub free_above_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShippingError {
    #[error("the template needs at least one rule")]
    NoRules,
    #[error("rule {0}: country must be a two-letter code or *")]
    Country(usize),
    #[error("rule {0}: fees and weights must not be negative, steps must be positive")]
    Amounts(usize),
    #[error("the free-shipping threshold must be positive")]
    Threshold,
}

fn normalise_region(r: &str) -> String {
    r.trim().to_uppercase()
}

impl ShippingTemplate {
    /// Flat fee everywhere.
    pub fn flat(fee_minor: i64) -> ShippingTemplate {
        ShippingTemplate {
            rules: vec![ShippingRule {
                country: "*".to_owned(),
                regions: Vec::new(),
                fee: FeeMode::Flat { fee_minor },
            }],
            free_above_minor: None,
        }
    }

    pub fn validate(&self) -> Result<(), ShippingError> {
        if self.rules.is_empty() {
            return Err(ShippingError::NoRules);
        }
        for (i, r) in self.rules.iter().enumerate() {
            let n = i + 1;
            let c = r.country.as_str();
            if c != "*" && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(ShippingError::Country(n));
            }
            let ok = match r.fee {
                FeeMode::Flat { fee_minor } => fee_minor >= 0,
                FeeMode::ByWeight {
                    first_grams,
                    first_fee_minor,
                    step_grams,
                    step_fee_minor,
                } => {
                    first_grams >= 0
                        && first_fee_minor >= 0
                        && step_grams > 0
                        && step_fee_minor >= 0
                }
            };
            if !ok {
                return Err(ShippingError::Amounts(n));
            }
        }
        if self.free_above_minor.is_some_and(|t| t <= 0) {
            return Err(ShippingError::Threshold);
        }
        Ok(())
    }

    /// The rule for a destination: a rule naming the region wins over the country's general
    /// rule, which wins over `*`. `None`: the shop does not ship there.
    pub fn rule_for(&self, country: &str, region: &str) -> Option<&ShippingRule> {
        let region = normalise_region(region);
        let in_country = |r: &&ShippingRule| r.country.eq_ignore_ascii_case(country);
        self.rules
            .iter()
            .filter(in_country)
            .find(|r| r.regions.iter().any(|x| normalise_region(x) == region))
            .or_else(|| {
                self.rules
                    .iter()
                    .filter(in_country)
                    .find(|r| r.regions.is_empty())
            })
            .or_else(|| self.rules.iter().find(|r| r.country == "*"))
    }

    /// The fee for an order of `subtotal_minor` weighing `weight_grams` to a destination.
    pub fn fee(
        &self,
        country: &str,
        region: &str,
        subtotal_minor: i64,
        weight_grams: i64,
    ) -> Option<i64> {
        let rule = self.rule_for(country, region)?;
        if self.free_above_minor.is_some_and(|t| subtotal_minor >= t) {
            return Some(0);
        }
        Some(match rule.fee {
            FeeMode::Flat { fee_minor } => fee_minor,
            FeeMode::ByWeight {
                first_grams,
                first_fee_minor,
                step_grams,
                step_fee_minor,
            } => {
                let extra = (weight_grams - first_grams).max(0);
                let steps = if step_grams > 0 {
                    (extra + step_grams - 1) / step_grams
                } else {
                    0
                };
                first_fee_minor.saturating_add(steps.saturating_mul(step_fee_minor))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction as A;
    use OrderStatus as S;

    fn all_actions() -> Vec<OrderAction> {
        let mut v = vec![
            A::Pay { hold: true },
            A::Pay { hold: false },
            A::ReleaseHold,
            A::ShipPart,
            A::ArrangeShipment,
            A::Collect,
            A::Deliver,
            A::Complete,
        ];
        for p in [Party::Buyer, Party::Seller, Party::Operator, Party::System] {
            v.push(A::Cancel(p));
        }
        v
    }

    /// Every (status, action) pair: the allowed ones are exactly this table.
    #[test]
    fn every_transition_is_allowed_or_refused_as_listed() {
        let allowed: &[(S, A, S)] = &[
            (S::Unpaid, A::Pay { hold: true }, S::OnHold),
            (S::Unpaid, A::Pay { hold: false }, S::AwaitingShipment),
            (S::Unpaid, A::Cancel(Party::Buyer), S::Cancelled),
            (S::Unpaid, A::Cancel(Party::Seller), S::Cancelled),
            (S::Unpaid, A::Cancel(Party::Operator), S::Cancelled),
            (S::Unpaid, A::Cancel(Party::System), S::Cancelled),
            (S::OnHold, A::ReleaseHold, S::AwaitingShipment),
            (S::OnHold, A::Cancel(Party::Buyer), S::Cancelled),
            (S::OnHold, A::Cancel(Party::Seller), S::Cancelled),
            (S::OnHold, A::Cancel(Party::Operator), S::Cancelled),
            (S::AwaitingShipment, A::Cancel(Party::Seller), S::Cancelled),
            (
                S::AwaitingShipment,
                A::Cancel(Party::Operator),
                S::Cancelled,
            ),
            (S::AwaitingShipment, A::Cancel(Party::System), S::Cancelled),
            (S::AwaitingShipment, A::ShipPart, S::PartiallyShipping),
            (
                S::AwaitingShipment,
                A::ArrangeShipment,
                S::AwaitingCollection,
            ),
            (S::PartiallyShipping, A::ShipPart, S::PartiallyShipping),
            (
                S::PartiallyShipping,
                A::ArrangeShipment,
                S::AwaitingCollection,
            ),
            (S::AwaitingCollection, A::Collect, S::InTransit),
            (S::AwaitingCollection, A::Deliver, S::Delivered),
            (
                S::AwaitingCollection,
                A::Cancel(Party::System),
                S::Cancelled,
            ),
            (S::InTransit, A::Deliver, S::Delivered),
            (S::InTransit, A::Cancel(Party::System), S::Cancelled),
            (S::Delivered, A::Complete, S::Completed),
        ];
        let mut checked = 0;
        for from in OrderStatus::ALL {
            for action in all_actions() {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match (from.apply(action), expected) {
                    (Ok(got), Some(want)) => assert_eq!(got, want, "{from} {action:?}"),
                    (Err(e), None) => {
                        assert_eq!(e.from, from.as_str());
                        checked += 1;
                    }
                    (got, want) => panic!("{from} {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(checked, 9 * 12 - allowed.len());
    }

    #[test]
    fn terminal_statuses_accept_nothing() {
        for action in all_actions() {
            assert!(S::Cancelled.apply(action).is_err());
            assert!(S::Completed.apply(action).is_err());
        }
    }

    #[test]
    fn status_names_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("PAID"), None);
        for t in OrderTab::ALL {
            assert_eq!(OrderTab::parse(t.as_str()), Some(t));
        }
        let listed: usize = OrderTab::ALL[1..].iter().map(|t| t.statuses().len()).sum();
        assert_eq!(listed, 9, "every status sits in exactly one tab");
    }

    #[test]
    fn deadlines_follow_the_policy() {
        let p = OrderPolicy::default();
        let t: Timestamp = "2026-03-02T09:00:00Z".parse().unwrap();
        let placed = p.placed(t);
        assert_eq!(placed.pay_by.to_string(), "2026-03-03T09:00:00Z");
        assert_eq!(placed.process_by.to_string(), "2026-03-05T09:00:00Z");
        let paid = p.paid(t, Some(DEFAULT_HOLD));
        assert_eq!(paid.hold_until.unwrap().to_string(), "2026-03-02T10:00:00Z");
        assert_eq!(paid.ship_by.to_string(), "2026-03-07T09:00:00Z");
        assert_eq!(p.paid(t, None).hold_until, None);
    }

    fn template() -> ShippingTemplate {
        ShippingTemplate {
            rules: vec![
                ShippingRule {
                    country: "US".into(),
                    regions: vec!["AK".into(), "hi".into()],
                    fee: FeeMode::Flat { fee_minor: 1500 },
                },
                ShippingRule {
                    country: "US".into(),
                    regions: vec![],
                    fee: FeeMode::ByWeight {
                        first_grams: 500,
                        first_fee_minor: 500,
                        step_grams: 500,
                        step_fee_minor: 200,
                    },
                },
                ShippingRule {
                    country: "CA".into(),
                    regions: vec![],
                    fee: FeeMode::Flat { fee_minor: 900 },
                },
            ],
            free_above_minor: Some(5000),
        }
    }

    #[test]
    fn fees_by_region_weight_and_threshold() {
        let t = template();
        assert_eq!(t.validate(), Ok(()));
        assert_eq!(t.fee("US", "HI", 1000, 100), Some(1500));
        assert_eq!(t.fee("US", " ak ", 1000, 100), Some(1500));
        assert_eq!(t.fee("US", "CA", 1000, 400), Some(500));
        assert_eq!(t.fee("US", "CA", 1000, 500), Some(500));
        assert_eq!(t.fee("US", "CA", 1000, 501), Some(700));
        assert_eq!(t.fee("US", "CA", 1000, 1600), Some(1100));
        assert_eq!(t.fee("CA", "ON", 1000, 1600), Some(900));
        assert_eq!(t.fee("US", "CA", 5000, 1600), Some(0), "free above");
        assert_eq!(t.fee("FR", "", 1000, 100), None, "does not ship there");
        let everywhere = ShippingTemplate::flat(300);
        assert_eq!(everywhere.fee("FR", "", 1, 1), Some(300));
    }

    #[test]
    fn bad_templates_are_refused() {
        let mut t = template();
        t.rules[0].country = "usa".into();
        assert_eq!(t.validate(), Err(ShippingError::Country(1)));
        let mut t = template();
        t.rules[1].fee = FeeMode::ByWeight {
            first_grams: 0,
            first_fee_minor: 1,
            step_grams: 0,
            step_fee_minor: 1,
        };
        assert_eq!(t.validate(), Err(ShippingError::Amounts(2)));
        let t = ShippingTemplate {
            rules: vec![],
            free_above_minor: None,
        };
        assert_eq!(t.validate(), Err(ShippingError::NoRules));
        let mut t = template();
        t.free_above_minor = Some(0);
        assert_eq!(t.validate(), Err(ShippingError::Threshold));
    }
}

macro_rules! reason_codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|r| r.as_str() == s)
            }
        }

        $crate::try_from_string!($name);
    };
}

reason_codes! {
    /// Why the system wrote a line on an order's timeline, stored as this code (never a
    /// sentence): the pages say it in the reader's language. A person's cancellation reason
    /// is a `CancelReason` code instead.
    TimelineReason {
        PaymentConfirmed = "PAYMENT_CONFIRMED",
        /// The buyer's free-cancellation window closed; the order can ship.
        HoldEnded = "HOLD_ENDED",
        PaidAfterCancellation = "PAID_AFTER_CANCELLATION",
        CancellationRequested = "CANCELLATION_REQUESTED",
        /// The seller rejected a cancellation request; the note holds the reject reason's code.
        CancellationRejected = "CANCELLATION_REJECTED",
        LinesCancelled = "LINES_CANCELLED",
        AfterSaleWindowClosed = "AFTER_SALE_WINDOW_CLOSED",
        RefundRequested = "REFUND_REQUESTED",
        ReturnRequested = "RETURN_REQUESTED",
        RefundApproved = "REFUND_APPROVED",
        ShippingDeadlinePassed = "SHIPPING_DEADLINE_PASSED",
    }
}

reason_codes! {
    /// Where a payment is: open at the provider, paid, or declined (the buyer may try again).
    PaymentStatus {
        Pending = "PENDING",
        Paid = "PAID",
        Failed = "FAILED",
    }
}

string_enum! {
    /// A session at the sandbox payment provider: waiting for the buyer's decision, then
    /// approved or declined.
    pub enum SandboxStatus {
        Open = "OPEN",
        Approved = "APPROVED",
        Declined = "DECLINED",
    }
}

reason_codes! {
    /// Where a refund is: asked of the provider, or paid back.
    RefundStatus {
        Pending = "PENDING",
        Succeeded = "SUCCEEDED",
    }
}

reason_codes! {
    /// Why stock moved, when the system moved it (a seller's own count or adjustment keeps
    /// the words they typed). Stored as this code.
    StockReason {
        OrderPlaced = "ORDER_PLACED",
        OrderCancelled = "ORDER_CANCELLED",
        OrderShipped = "ORDER_SHIPPED",
        PackageShipped = "PACKAGE_SHIPPED",
        LinesCancelled = "LINES_CANCELLED",
        ReturnReceived = "RETURN_RECEIVED",
        ProductEdit = "PRODUCT_EDIT",
        StockFile = "STOCK_FILE",
        StockCount = "STOCK_COUNT",
        Adjustment = "ADJUSTMENT",
        DemoStock = "DEMO_STOCK",
    }
}
