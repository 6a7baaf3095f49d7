//! The shop's health rates ([`Rate`], [`HealthThreshold`]): late dispatch and seller-fault
//! cancellation, and where they stand against the platform's targets.

/// A share of counted events, e.g. late shipments over shipments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

impl Rate {
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        Rate {
            numerator,
            denominator,
        }
    }

    /// The rate in basis points (1 bp = 0.01 %), rounded half up to a whole basis point
    /// (1/32 = 312.5 bp → 313). `None` with nothing counted. For display: classification
    /// ([`HealthThreshold::classify`]) compares exactly, without this rounding.
    pub fn basis_points(&self) -> Option<u64> {
        if self.denominator == 0 {
            return None;
        }
        let n = u128::from(self.numerator) * 10_000;
        let d = u128::from(self.denominator);
        let bp = (2 * n + d) / (2 * d);
        Some(u64::try_from(bp).unwrap_or(u64::MAX))
    }

    /// Whether enough orders count toward the rate for its level to mean something:
    /// at least [`HEALTH_MIN_ORDERS`]. One late parcel of two is 50 %, and nothing counted is
    /// 0 %; neither says how the shop is doing.
    pub fn enough_to_judge(&self) -> bool {
        self.denominator >= HEALTH_MIN_ORDERS
    }

    /// Compares `numerator / denominator` with `bp / 10 000` exactly.
    fn cmp_bp(&self, bp: u32) -> std::cmp::Ordering {
        (u128::from(self.numerator) * 10_000).cmp(&(u128::from(bp) * u128::from(self.denominator)))
    }
}

/// How many orders must count toward a health rate (shipped orders for late dispatch, paid
/// orders for the others, over the 30-day window) before its level is shown as a judgement.
/// Below it the pages say there is not enough data yet. Our choice: TikTok Shop states no
/// number, and ten is where one bad order no longer crosses every threshold at once.
pub const HEALTH_MIN_ORDERS: u64 = 10;

/// Late Dispatch Rate: orders shipped after their ship-by deadline over orders shipped in the
/// period.
pub fn late_dispatch_rate(late_shipped: u64, shipped: u64) -> Rate {
    Rate::new(late_shipped, shipped)
}

/// Seller-Fault Cancellation Rate: orders cancelled by the seller or for the seller's fault
/// (out of stock, not shipped in time) over orders in the period.
pub fn seller_fault_cancellation_rate(seller_fault_cancelled: u64, orders: u64) -> Rate {
    Rate::new(seller_fault_cancelled, orders)
}

string_enum! {
    pub enum HealthLevel {
        /// Within the target.
        Good = "GOOD",
        /// Above the target: warn the seller.
        AtRisk = "AT_RISK",
        /// At or above the breach level: the platform acts (e.g. limits new orders).
        Breach = "BREACH",
    }
}

/// Bounds of one health metric, in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthThreshold {
    /// Good while the rate is at most this.
    pub target_bp: u32,
    /// Breach once the rate reaches this.
    pub breach_bp: u32,
}

impl HealthThreshold {
    /// LDR: target ≤ 4 % (TikTok US); from 10 % new orders are restricted (cross-border).
    pub const LATE_DISPATCH: HealthThreshold = HealthThreshold {
        target_bp: 400,
        breach_bp: 1_000,
    };
    /// SFCR: target ≤ 2.5 % (TikTok US); breach at twice the target, 5 % (our choice: the
    /// sources give no second number).
    pub const SELLER_FAULT_CANCELLATION: HealthThreshold = HealthThreshold {
        target_bp: 250,
        breach_bp: 500,
    };
    /// Seller-fault return/refund rate: target < 1 % (TikTok US); breach at 2 % (our choice,
    /// twice the target like SFCR).
    pub const SELLER_FAULT_RETURN: HealthThreshold = HealthThreshold {
        target_bp: 100,
        breach_bp: 200,
    };

    /// Compares the exact rate (no rounding): `GOOD` when ≤ target, `BREACH` when ≥ breach,
    /// `AT_RISK` between. Nothing counted is `GOOD`.
    pub fn classify(&self, rate: Rate) -> HealthLevel {
        use std::cmp::Ordering;
        if rate.denominator == 0 || rate.cmp_bp(self.target_bp) != Ordering::Greater {
            HealthLevel::Good
        } else if rate.cmp_bp(self.breach_bp) != Ordering::Less {
            HealthLevel::Breach
        } else {
            HealthLevel::AtRisk
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::macros::names_round_trip;

    #[test]
    fn rates_round_half_up_and_classify_exactly() {
        assert_eq!(late_dispatch_rate(4, 100).basis_points(), Some(400));
        assert_eq!(late_dispatch_rate(1, 3).basis_points(), Some(3333));
        assert_eq!(late_dispatch_rate(2, 3).basis_points(), Some(6667));
        assert_eq!(
            late_dispatch_rate(1, 32).basis_points(),
            Some(313),
            "312.5 rounds up"
        );
        assert_eq!(late_dispatch_rate(0, 0).basis_points(), None);
        assert_eq!(late_dispatch_rate(0, 7).basis_points(), Some(0));
        assert_eq!(late_dispatch_rate(7, 7).basis_points(), Some(10_000));
        assert_eq!(
            late_dispatch_rate(u64::MAX, 1).basis_points(),
            Some(u64::MAX),
            "saturates"
        );

        let ldr = HealthThreshold::LATE_DISPATCH;
        assert_eq!(ldr.classify(late_dispatch_rate(0, 0)), HealthLevel::Good);
        assert_eq!(
            ldr.classify(late_dispatch_rate(4, 100)),
            HealthLevel::Good,
            "≤ 4 %"
        );
        assert_eq!(
            ldr.classify(late_dispatch_rate(5, 100)),
            HealthLevel::AtRisk
        );
        assert_eq!(
            ldr.classify(late_dispatch_rate(99, 1000)),
            HealthLevel::AtRisk
        );
        assert_eq!(
            ldr.classify(late_dispatch_rate(10, 100)),
            HealthLevel::Breach,
            "≥ 10 %"
        );
        assert_eq!(ldr.classify(late_dispatch_rate(1, 1)), HealthLevel::Breach);

        let sfcr = HealthThreshold::SELLER_FAULT_CANCELLATION;
        let r = |n, d| sfcr.classify(seller_fault_cancellation_rate(n, d));
        assert_eq!(r(25, 1000), HealthLevel::Good, "≤ 2.5 %");
        assert_eq!(r(26, 1000), HealthLevel::AtRisk);
        assert_eq!(r(49, 1000), HealthLevel::AtRisk);
        assert_eq!(r(50, 1000), HealthLevel::Breach);
        // 2.501 % shows as 250 bp but is above the target.
        assert_eq!(
            seller_fault_cancellation_rate(2501, 100_000).basis_points(),
            Some(250)
        );
        assert_eq!(r(2501, 100_000), HealthLevel::AtRisk);
    }

    #[test]
    fn wire_names_round_trip() {
        names_round_trip(HealthLevel::ALL, HealthLevel::as_str, HealthLevel::parse);
    }
}
