//! Cancellations after payment and before shipment ([`CancelStatus`], TikTok's
//! `cancel_status`): who may ask, the seller's answer, and its deadline ([`CancelPolicy`]).

use jiff::{SignedDuration, Timestamp};

use crate::fulfilment::{Role, SellerAction};
use crate::orders::OrderStatus;
use crate::time::plus;

string_enum! {
    /// Where a cancellation is (`cancel_status`). `parse` and serde also accept
    /// `CANCELLATION_REQUEST_CANCELLED`, the spelling of one of TikTok's response documents.
    pub enum CancelStatus {
        /// The buyer asked; the seller (or the timer) decides.
        Pending = "CANCELLATION_REQUEST_PENDING",
        /// Approved: the order is cancelled and the refund is on its way.
        Success = "CANCELLATION_REQUEST_SUCCESS",
        /// The refund was paid.
        Complete = "CANCELLATION_REQUEST_COMPLETE",
        /// Rejected by the seller or withdrawn by the buyer; the order goes on.
        Cancel = "CANCELLATION_REQUEST_CANCEL" | "CANCELLATION_REQUEST_CANCELLED",
    }
}

string_enum! {
    /// `CANCEL`: by the seller, an operator or the system, no approval needed;
    /// `BUYER_CANCEL`: asked by the buyer, approved by the seller or the timer.
    pub enum CancelType {
        Cancel = "CANCEL",
        BuyerCancel = "BUYER_CANCEL",
    }
}

string_enum! {
    /// Why the buyer asks to cancel.
    pub enum BuyerCancelReason {
        NoLongerNeeded = "NO_LONGER_NEEDED",
        OrderedByMistake = "ORDERED_BY_MISTAKE",
        ChangeAddress = "NEED_TO_CHANGE_ADDRESS",
        ChangePayment = "NEED_TO_CHANGE_PAYMENT_METHOD",
        BetterPrice = "FOUND_BETTER_PRICE",
        ShippingTooSlow = "SHIPPING_TOO_SLOW",
        DuplicateOrder = "DUPLICATE_ORDER",
        Other = "OTHER",
    }
}

impl BuyerCancelReason {
    pub fn text(&self) -> &'static str {
        match self {
            BuyerCancelReason::NoLongerNeeded => "No longer needed",
            BuyerCancelReason::OrderedByMistake => "Ordered by mistake",
            BuyerCancelReason::ChangeAddress => "Need to change the shipping address",
            BuyerCancelReason::ChangePayment => "Need to change the payment method",
            BuyerCancelReason::BetterPrice => "Found a better price elsewhere",
            BuyerCancelReason::ShippingTooSlow => "Shipping takes too long",
            BuyerCancelReason::DuplicateOrder => "Duplicate order",
            BuyerCancelReason::Other => "Other",
        }
    }
}

string_enum! {
    /// Why the seller rejects a buyer's cancellation request.
    pub enum CancelRejectReason {
        AlreadyShipped = "ALREADY_SHIPPED",
        BuyerAgreedToKeep = "BUYER_AGREED_TO_KEEP",
        CustomOrderInProduction = "CUSTOM_ORDER_IN_PRODUCTION",
        Other = "OTHER",
    }
}

impl CancelRejectReason {
    pub fn text(&self) -> &'static str {
        match self {
            CancelRejectReason::AlreadyShipped => "The package has already been shipped",
            CancelRejectReason::BuyerAgreedToKeep => "The buyer agreed to keep the order",
            CancelRejectReason::CustomOrderInProduction => {
                "The item is made to order and already in production"
            }
            CancelRejectReason::Other => "Other",
        }
    }
}

/// Something that happens to an existing cancellation. (Creating one is
/// [`CancelStatus::open`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelAction {
    SellerApprove,
    /// The seller did not answer within [`CancelPolicy::auto_approve_after`].
    SystemAutoApprove,
    SellerReject(CancelRejectReason),
    BuyerWithdraw,
    /// The refund to the buyer was paid.
    RefundPaid,
}

impl CancelAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            CancelAction::SellerApprove => "SELLER_APPROVE",
            CancelAction::SystemAutoApprove => "SYSTEM_AUTO_APPROVE",
            CancelAction::SellerReject(_) => "SELLER_REJECT",
            CancelAction::BuyerWithdraw => "BUYER_WITHDRAW",
            CancelAction::RefundPaid => "REFUND_PAID",
        }
    }

    /// Who does it (for the record's `role`).
    pub fn by(&self) -> Role {
        match self {
            CancelAction::SellerApprove | CancelAction::SellerReject(_) => Role::Seller,
            CancelAction::BuyerWithdraw => Role::Buyer,
            CancelAction::SystemAutoApprove | CancelAction::RefundPaid => Role::System,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a cancellation in {from} cannot take {action}")]
pub struct CancelTransitionError {
    pub from: CancelStatus,
    pub action: &'static str,
}

impl CancelStatus {
    /// A new cancellation opened by `by`. The buyer's is a request (`BUYER_CANCEL`, pending the
    /// seller's answer); anyone else's needs no approval (`CANCEL`, straight to `SUCCESS`). A
    /// new request after a withdrawn or rejected one is a new cancellation.
    pub fn open(by: Role) -> (CancelType, CancelStatus) {
        match by {
            Role::Buyer => (CancelType::BuyerCancel, CancelStatus::Pending),
            Role::Seller | Role::Operator | Role::System => {
                (CancelType::Cancel, CancelStatus::Success)
            }
        }
    }

    /// The status after `action`, or why it is refused.
    pub fn apply(self, action: CancelAction) -> Result<CancelStatus, CancelTransitionError> {
        use CancelAction as A;
        use CancelStatus as S;
        match (self, action) {
            (S::Pending, A::SellerApprove | A::SystemAutoApprove) => Ok(S::Success),
            (S::Pending, A::SellerReject(_) | A::BuyerWithdraw) => Ok(S::Cancel),
            (S::Success, A::RefundPaid) => Ok(S::Complete),
            _ => Err(CancelTransitionError {
                from: self,
                action: action.as_str(),
            }),
        }
    }

    /// Nothing can happen to it any more.
    pub fn is_final(&self) -> bool {
        matches!(self, CancelStatus::Complete | CancelStatus::Cancel)
    }

    /// `SELLER_RESPOND_CANCEL` while the request waits for the seller.
    pub fn seller_next_action(&self) -> Option<SellerAction> {
        (*self == CancelStatus::Pending).then_some(SellerAction::RespondCancel)
    }
}

/// Whether a buyer may ask to cancel an order in `status`: only once it is paid and released
/// (`AWAITING_SHIPMENT`). During `ON_HOLD` the buyer cancels directly, without a request; once
/// anything is shipped or arranged the buyer returns instead.
pub fn buyer_may_request_cancel(status: OrderStatus) -> bool {
    status == OrderStatus::AwaitingShipment
}

/// The timer on buyers' cancellation requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelPolicy {
    /// A request the seller has not answered this long after it was made is approved
    /// (48 h; TikTok uses 24 h in some markets).
    pub auto_approve_after: SignedDuration,
}

impl Default for CancelPolicy {
    fn default() -> Self {
        CancelPolicy {
            auto_approve_after: SignedDuration::from_hours(48),
        }
    }
}

impl CancelPolicy {
    /// When the seller's answer is due; after it the request is approved automatically.
    pub fn seller_deadline(&self, requested_at: Timestamp) -> Timestamp {
        plus(requested_at, self.auto_approve_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::macros::names_round_trip;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    // --- cancellations ----------------------------------------------------------------------

    fn cancel_actions() -> Vec<CancelAction> {
        let mut v = vec![
            CancelAction::SellerApprove,
            CancelAction::SystemAutoApprove,
            CancelAction::BuyerWithdraw,
            CancelAction::RefundPaid,
        ];
        v.extend(
            CancelRejectReason::ALL
                .iter()
                .map(|r| CancelAction::SellerReject(*r)),
        );
        v
    }

    #[test]
    fn every_cancellation_transition_is_allowed_or_refused_as_listed() {
        use CancelStatus as S;
        // (from, action name, to)
        let allowed: &[(S, &str, S)] = &[
            (S::Pending, "SELLER_APPROVE", S::Success),
            (S::Pending, "SYSTEM_AUTO_APPROVE", S::Success),
            (S::Pending, "SELLER_REJECT", S::Cancel),
            (S::Pending, "BUYER_WITHDRAW", S::Cancel),
            (S::Success, "REFUND_PAID", S::Complete),
        ];
        let mut refused = 0;
        for from in CancelStatus::ALL {
            for action in cancel_actions() {
                let want = allowed
                    .iter()
                    .find(|(f, a, _)| f == from && *a == action.as_str())
                    .map(|(_, _, to)| *to);
                match (from.apply(action), want) {
                    (Ok(got), Some(want)) => assert_eq!(got, want, "{from} {action:?}"),
                    (Err(e), None) => {
                        assert_eq!(e.from, *from);
                        refused += 1;
                    }
                    (got, want) => panic!("{from} {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        // 4 statuses × 8 actions; allowed: 4 at PENDING (+3 more reject reasons), 1 at SUCCESS.
        assert_eq!(refused, 4 * 8 - (4 + 3 + 1));
        for s in CancelStatus::ALL {
            assert_eq!(
                s.is_final(),
                cancel_actions().iter().all(|a| s.apply(*a).is_err())
            );
        }
    }

    #[test]
    fn cancellations_open_deadline_and_next_action() {
        assert_eq!(
            CancelStatus::open(Role::Buyer),
            (CancelType::BuyerCancel, CancelStatus::Pending)
        );
        for r in [Role::Seller, Role::Operator, Role::System] {
            assert_eq!(
                CancelStatus::open(r),
                (CancelType::Cancel, CancelStatus::Success)
            );
        }
        assert_eq!(
            CancelStatus::Pending.seller_next_action(),
            Some(SellerAction::RespondCancel)
        );
        assert_eq!(CancelStatus::Success.seller_next_action(), None);
        let p = CancelPolicy::default();
        assert_eq!(
            p.seller_deadline(ts("2026-03-02T09:00:00Z")),
            ts("2026-03-04T09:00:00Z")
        );
        assert!(buyer_may_request_cancel(OrderStatus::AwaitingShipment));
        for s in OrderStatus::ALL {
            assert_eq!(
                buyer_may_request_cancel(s),
                s == OrderStatus::AwaitingShipment
            );
        }
        assert_eq!(
            CancelStatus::Complete
                .apply(CancelAction::BuyerWithdraw)
                .unwrap_err()
                .to_string(),
            "a cancellation in CANCELLATION_REQUEST_COMPLETE cannot take BUYER_WITHDRAW"
        );
        assert_eq!(
            CancelStatus::parse("CANCELLATION_REQUEST_CANCELLED"),
            Some(CancelStatus::Cancel)
        );
        assert_eq!(CancelStatus::Cancel.as_str(), "CANCELLATION_REQUEST_CANCEL");
        for r in BuyerCancelReason::ALL {
            assert!(!r.text().is_empty());
        }
        for r in CancelRejectReason::ALL {
            assert!(!r.text().is_empty());
        }
        assert_eq!(CancelAction::SystemAutoApprove.by(), Role::System);
    }

    #[test]
    fn wire_names_round_trip() {
        names_round_trip(CancelStatus::ALL, CancelStatus::as_str, CancelStatus::parse);
        names_round_trip(CancelType::ALL, CancelType::as_str, CancelType::parse);
        names_round_trip(
            BuyerCancelReason::ALL,
            BuyerCancelReason::as_str,
            BuyerCancelReason::parse,
        );
        names_round_trip(
            CancelRejectReason::ALL,
            CancelRejectReason::as_str,
            CancelRejectReason::parse,
        );
        assert_eq!(
            serde_json::from_str::<CancelStatus>("\"CANCELLATION_REQUEST_CANCELLED\"").unwrap(),
            CancelStatus::Cancel
        );
    }
}
