//! Returns and refund requests after delivery ([`ReturnState`], TikTok's `return_status` and
//! `arbitration_status`): the reasons, who is at fault, the seller's answers, arbitration and
//! the deadlines ([`ReturnPolicy`]). What a refund pays back is [`crate::refunds`].

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::fulfilment::{Role, SellerAction};
use crate::time::plus;

string_enum! {
    pub enum ReturnType {
        /// Refund only; the buyer keeps (or never got) the item.
        Refund = "REFUND",
        ReturnAndRefund = "RETURN_AND_REFUND",
    }
}

string_enum! {
    /// Where a return is (`return_status`). `parse` and serde also accept
    /// `RETURN_OR_REFUND_REQUEST_REJECT`, a newer SDK's spelling of the reject state.
    pub enum ReturnStatus {
        /// The buyer asked; the seller answers.
        Pending = "RETURN_OR_REFUND_REQUEST_PENDING",
        /// The seller rejected the request; the buyer may escalate.
        Rejected = "REFUND_OR_RETURN_REQUEST_REJECT" | "RETURN_OR_REFUND_REQUEST_REJECT",
        /// Return approved; the buyer must send the item back.
        AwaitingBuyerShip = "AWAITING_BUYER_SHIP",
        /// The buyer sent it; the seller confirms receipt.
        BuyerShipped = "BUYER_SHIPPED_ITEM",
        /// The seller refused the returned package; the buyer may escalate.
        ReceiptRejected = "REJECT_RECEIVE_PACKAGE",
        /// Refund approved; the payment follows.
        Success = "RETURN_OR_REFUND_REQUEST_SUCCESS",
        /// Withdrawn by the buyer or closed by the platform.
        Cancelled = "RETURN_OR_REFUND_REQUEST_CANCEL",
        /// The refund was paid.
        Complete = "RETURN_OR_REFUND_REQUEST_COMPLETE",
    }
}

impl ReturnStatus {
    /// What the platform does when this status's deadline ([`next_deadline`]) passes:
    /// approve an unanswered request, close a return the buyer did not ship, accept a package
    /// the seller did not check. A rejection's escalation window closes without an action.
    pub fn timeout_action(&self) -> Option<ReturnAction> {
        match self {
            ReturnStatus::Pending => Some(ReturnAction::AutoApprove),
            ReturnStatus::AwaitingBuyerShip => Some(ReturnAction::BuyerShipTimeout),
            ReturnStatus::BuyerShipped => Some(ReturnAction::AutoConfirmReceipt),
            _ => None,
        }
    }
}

string_enum! {
    /// An escalated return (`arbitration_status`).
    pub enum ArbitrationStatus {
        /// Escalated by the buyer; an operator decides.
        InProgress = "IN_PROGRESS",
        /// Decided for the buyer: the refund goes ahead.
        SupportBuyer = "SUPPORT_BUYER",
        /// Decided for the seller: the rejection stands and the return is closed.
        SupportSeller = "SUPPORT_SELLER",
        /// Closed undecided: the buyer withdrew the dispute.
        Closed = "CLOSED",
    }
}

string_enum! {
    pub enum Fault {
        Seller = "SELLER",
        Buyer = "BUYER",
    }
}

string_enum! {
    /// Why the buyer asks for a return or refund.
    pub enum ReturnReason {
        Damaged = "DAMAGED",
        WrongItem = "WRONG_ITEM",
        NotAsDescribed = "NOT_AS_DESCRIBED",
        MissingParts = "MISSING_PARTS",
        Defective = "DEFECTIVE",
        NoLongerNeeded = "NO_LONGER_NEEDED",
        ChangedMind = "CHANGED_MIND",
        OrderedByMistake = "ORDERED_BY_MISTAKE",
        BetterPrice = "FOUND_BETTER_PRICE",
        SizeOrFit = "SIZE_OR_FIT",
        Other = "OTHER",
    }
}

impl ReturnReason {
    /// Whose fault the reason claims. Seller fault refunds the shipping fee too and counts in
    /// the seller-fault return rate.
    pub fn fault(&self) -> Fault {
        match self {
            ReturnReason::Damaged
            | ReturnReason::WrongItem
            | ReturnReason::NotAsDescribed
            | ReturnReason::MissingParts
            | ReturnReason::Defective => Fault::Seller,
            ReturnReason::NoLongerNeeded
            | ReturnReason::ChangedMind
            | ReturnReason::OrderedByMistake
            | ReturnReason::BetterPrice
            | ReturnReason::SizeOrFit
            | ReturnReason::Other => Fault::Buyer,
        }
    }

    pub fn is_seller_fault(&self) -> bool {
        self.fault() == Fault::Seller
    }

    pub fn text(&self) -> &'static str {
        match self {
            ReturnReason::Damaged => "Arrived damaged",
            ReturnReason::WrongItem => "Wrong item sent",
            ReturnReason::NotAsDescribed => "Not as described",
            ReturnReason::MissingParts => "Parts or accessories missing",
            ReturnReason::Defective => "Defective or does not work",
            ReturnReason::NoLongerNeeded => "No longer needed",
            ReturnReason::ChangedMind => "Changed my mind",
            ReturnReason::OrderedByMistake => "Ordered by mistake",
            ReturnReason::BetterPrice => "Found a better price elsewhere",
            ReturnReason::SizeOrFit => "Size or fit is not right",
            ReturnReason::Other => "Other",
        }
    }
}

string_enum! {
    /// Why the seller rejects a return or refund request.
    pub enum ReturnRejectReason {
        OutsideReturnWindow = "OUTSIDE_RETURN_WINDOW",
        ItemNotReturnable = "ITEM_NOT_RETURNABLE",
        InsufficientEvidence = "INSUFFICIENT_EVIDENCE",
        DamagedByBuyer = "DAMAGED_BY_BUYER",
        ResolvedWithBuyer = "RESOLVED_WITH_BUYER",
        Other = "OTHER",
    }
}

impl ReturnRejectReason {
    pub fn text(&self) -> &'static str {
        match self {
            ReturnRejectReason::OutsideReturnWindow => {
                "The request was made after the return window closed"
            }
            ReturnRejectReason::ItemNotReturnable => {
                "This item cannot be returned (personalised, hygiene or perishable goods)"
            }
            ReturnRejectReason::InsufficientEvidence => {
                "The photos or description do not show the problem"
            }
            ReturnRejectReason::DamagedByBuyer => "The item was damaged after delivery",
            ReturnRejectReason::ResolvedWithBuyer => "The problem was resolved with the buyer",
            ReturnRejectReason::Other => "Other",
        }
    }
}

string_enum! {
    /// Why the seller refuses a returned package.
    pub enum ReceiptRejectReason {
        WrongItemReturned = "WRONG_ITEM_RETURNED",
        ItemUsedOrDamaged = "ITEM_USED_OR_DAMAGED",
        PartsMissing = "PARTS_MISSING",
        EmptyPackage = "EMPTY_PACKAGE",
        NotReceived = "PACKAGE_NOT_RECEIVED",
        Other = "OTHER",
    }
}

impl ReceiptRejectReason {
    pub fn text(&self) -> &'static str {
        match self {
            ReceiptRejectReason::WrongItemReturned => "A different item was returned",
            ReceiptRejectReason::ItemUsedOrDamaged => "The returned item was used or damaged",
            ReceiptRejectReason::PartsMissing => "Parts or accessories are missing",
            ReceiptRejectReason::EmptyPackage => "The package was empty",
            ReceiptRejectReason::NotReceived => "The package never arrived",
            ReceiptRejectReason::Other => "Other",
        }
    }
}

/// Something that happens to a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnAction {
    /// Refund only → `SUCCESS`; return and refund → `AWAITING_BUYER_SHIP`.
    SellerApprove,
    SellerReject(ReturnRejectReason),
    /// The seller did not answer within [`ReturnPolicy::respond`]: as `SellerApprove`.
    AutoApprove,
    BuyerShip,
    /// The buyer did not ship within [`ReturnPolicy::buyer_ship`]: the return is closed.
    BuyerShipTimeout,
    /// The buyer gives up: a pending request, an approved return not yet shipped, or a dispute
    /// under arbitration.
    BuyerWithdraw,
    SellerConfirmReceipt,
    /// The seller did not check the package within [`ReturnPolicy::seller_receive`].
    AutoConfirmReceipt,
    SellerRejectReceipt(ReceiptRejectReason),
    /// The refund was paid.
    RefundPaid,
    /// The buyer disputes a rejection (once; within [`ReturnPolicy::escalate_within`], which
    /// the caller checks with [`ReturnPolicy::may_escalate`]).
    Escalate,
    /// Operator's ruling: the buyer is right; the refund goes ahead.
    SupportBuyer,
    /// Operator's ruling: the seller is right; the rejection stands and the return is closed.
    SupportSeller,
}

impl ReturnAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            ReturnAction::SellerApprove => "SELLER_APPROVE",
            ReturnAction::SellerReject(_) => "SELLER_REJECT",
            ReturnAction::AutoApprove => "AUTO_APPROVE",
            ReturnAction::BuyerShip => "BUYER_SHIP",
            ReturnAction::BuyerShipTimeout => "BUYER_SHIP_TIMEOUT",
            ReturnAction::BuyerWithdraw => "BUYER_WITHDRAW",
            ReturnAction::SellerConfirmReceipt => "SELLER_CONFIRM_RECEIPT",
            ReturnAction::AutoConfirmReceipt => "AUTO_CONFIRM_RECEIPT",
            ReturnAction::SellerRejectReceipt(_) => "SELLER_REJECT_RECEIPT",
            ReturnAction::RefundPaid => "REFUND_PAID",
            ReturnAction::Escalate => "ESCALATE",
            ReturnAction::SupportBuyer => "SUPPORT_BUYER",
            ReturnAction::SupportSeller => "SUPPORT_SELLER",
        }
    }

    /// Who does it (for the record's `role`).
    pub fn by(&self) -> Role {
        match self {
            ReturnAction::SellerApprove
            | ReturnAction::SellerReject(_)
            | ReturnAction::SellerConfirmReceipt
            | ReturnAction::SellerRejectReceipt(_) => Role::Seller,
            ReturnAction::BuyerShip | ReturnAction::BuyerWithdraw | ReturnAction::Escalate => {
                Role::Buyer
            }
            ReturnAction::SupportBuyer | ReturnAction::SupportSeller => Role::Operator,
            ReturnAction::AutoApprove
            | ReturnAction::BuyerShipTimeout
            | ReturnAction::AutoConfirmReceipt
            | ReturnAction::RefundPaid => Role::System,
        }
    }
}

/// A return's state: its type (fixed at the request), status and arbitration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ReturnState {
    pub return_type: ReturnType,
    pub status: ReturnStatus,
    /// `None` until the buyer escalates.
    pub arbitration: Option<ArbitrationStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnTransitionError {
    pub from: ReturnStatus,
    pub arbitration: Option<ArbitrationStatus>,
    pub action: &'static str,
}

impl fmt::Display for ReturnTransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a return in {}", self.from)?;
        if let Some(a) = self.arbitration {
            write!(f, " (arbitration {a})")?;
        }
        write!(f, " cannot take {}", self.action)
    }
}

impl std::error::Error for ReturnTransitionError {}

impl ReturnState {
    /// A buyer's new request.
    pub fn new(return_type: ReturnType) -> ReturnState {
        ReturnState {
            return_type,
            status: ReturnStatus::Pending,
            arbitration: None,
        }
    }

    /// The state after `action`, or why it is refused.
    ///
    /// Without arbitration the status moves as DOMAIN b4 draws it. A rejection
    /// (`REFUND_OR_RETURN_REQUEST_REJECT` or `REJECT_RECEIVE_PACKAGE`) may be escalated once:
    /// arbitration `IN_PROGRESS`, status unchanged. The operator then supports the buyer
    /// (status `SUCCESS`, the refund follows) or the seller (status stays rejected, the return
    /// is closed), or the buyer withdraws (status `CANCEL`, arbitration `CLOSED`). Once
    /// arbitration exists only these moves, and paying the refund after `SUPPORT_BUYER`, are
    /// allowed.
    pub fn apply(self, action: ReturnAction) -> Result<ReturnState, ReturnTransitionError> {
        use ArbitrationStatus as Arb;
        use ReturnAction as A;
        use ReturnStatus as S;
        let to = |status, arbitration| ReturnState {
            return_type: self.return_type,
            status,
            arbitration,
        };
        let approved = match self.return_type {
            ReturnType::Refund => S::Success,
            ReturnType::ReturnAndRefund => S::AwaitingBuyerShip,
        };
        let next = match (self.status, self.arbitration, action) {
            (S::Pending, None, A::SellerApprove | A::AutoApprove) => Some(to(approved, None)),
            (S::Pending, None, A::SellerReject(_)) => Some(to(S::Rejected, None)),
            (S::Pending | S::AwaitingBuyerShip, None, A::BuyerWithdraw) => {
                Some(to(S::Cancelled, None))
            }
            (S::AwaitingBuyerShip, None, A::BuyerShip) => Some(to(S::BuyerShipped, None)),
            (S::AwaitingBuyerShip, None, A::BuyerShipTimeout) => Some(to(S::Cancelled, None)),
            (S::BuyerShipped, None, A::SellerConfirmReceipt | A::AutoConfirmReceipt) => {
                Some(to(S::Success, None))
            }
            (S::BuyerShipped, None, A::SellerRejectReceipt(_)) => {
                Some(to(S::ReceiptRejected, None))
            }
            (S::Success, None | Some(Arb::SupportBuyer), A::RefundPaid) => {
                Some(to(S::Complete, self.arbitration))
            }
            (S::Rejected | S::ReceiptRejected, None, A::Escalate) => {
                Some(to(self.status, Some(Arb::InProgress)))
            }
            (S::Rejected | S::ReceiptRejected, Some(Arb::InProgress), A::SupportBuyer) => {
                Some(to(S::Success, Some(Arb::SupportBuyer)))
            }
            (S::Rejected | S::ReceiptRejected, Some(Arb::InProgress), A::SupportSeller) => {
                Some(to(self.status, Some(Arb::SupportSeller)))
            }
            (S::Rejected | S::ReceiptRejected, Some(Arb::InProgress), A::BuyerWithdraw) => {
                Some(to(S::Cancelled, Some(Arb::Closed)))
            }
            _ => None,
        };
        next.ok_or(ReturnTransitionError {
            from: self.status,
            arbitration: self.arbitration,
            action: action.as_str(),
        })
    }

    /// No action can ever apply: refunded, cancelled, or a rejection upheld by arbitration.
    /// (An un-escalated rejection also ends when its escalation window closes; see
    /// [`ReturnPolicy::may_escalate`].)
    pub fn is_final(&self) -> bool {
        matches!(
            self.status,
            ReturnStatus::Complete | ReturnStatus::Cancelled
        ) || matches!(
            self.arbitration,
            Some(ArbitrationStatus::SupportSeller | ArbitrationStatus::Closed)
        )
    }

    /// [`seller_next_action`] for this return (none while under arbitration).
    pub fn seller_next_action(&self) -> Option<SellerAction> {
        match self.arbitration {
            None => seller_next_action(self.status, self.return_type),
            Some(_) => None,
        }
    }

    /// [`next_deadline`] for this return; none once arbitration exists (the operator's
    /// decision has no deadline here).
    pub fn next_deadline(
        &self,
        entered_at: Timestamp,
        policy: &ReturnPolicy,
    ) -> Option<(Role, Timestamp)> {
        match self.arbitration {
            None => next_deadline(self.status, entered_at, policy),
            Some(_) => None,
        }
    }
}

/// The seller's pending decision on a return in `status`: answer a refund request
/// (`SELLER_RESPOND_REFUND`), a return request (`SELLER_RESPOND_RETURN`), or a returned package
/// (`SELLER_RESPOND_RECEIVE_PACKAGE`).
pub fn seller_next_action(status: ReturnStatus, return_type: ReturnType) -> Option<SellerAction> {
    match (status, return_type) {
        (ReturnStatus::Pending, ReturnType::Refund) => Some(SellerAction::RespondRefund),
        (ReturnStatus::Pending, ReturnType::ReturnAndRefund) => Some(SellerAction::RespondReturn),
        (ReturnStatus::BuyerShipped, _) => Some(SellerAction::RespondReceivePackage),
        _ => None,
    }
}

/// Who must act on a return that entered `status` at `entered_at`, and by when:
///
/// - `PENDING`: the seller answers within `respond`, else [`ReturnAction::AutoApprove`];
/// - `AWAITING_BUYER_SHIP`: the buyer ships within `buyer_ship`, else
///   [`ReturnAction::BuyerShipTimeout`];
/// - `BUYER_SHIPPED_ITEM`: the seller checks the package within `seller_receive`, else
///   [`ReturnAction::AutoConfirmReceipt`];
/// - a rejection: the buyer may escalate within `escalate_within` (only while not escalated:
///   see [`ReturnState::next_deadline`]); after that the rejection is final.
///
/// The action each deadline triggers is [`ReturnStatus::timeout_action`].
pub fn next_deadline(
    status: ReturnStatus,
    entered_at: Timestamp,
    policy: &ReturnPolicy,
) -> Option<(Role, Timestamp)> {
    match status {
        ReturnStatus::Pending => Some((Role::Seller, plus(entered_at, policy.respond))),
        ReturnStatus::AwaitingBuyerShip => Some((Role::Buyer, plus(entered_at, policy.buyer_ship))),
        ReturnStatus::BuyerShipped => Some((Role::Seller, plus(entered_at, policy.seller_receive))),
        ReturnStatus::Rejected | ReturnStatus::ReceiptRejected => {
            Some((Role::Buyer, plus(entered_at, policy.escalate_within)))
        }
        ReturnStatus::Success | ReturnStatus::Cancelled | ReturnStatus::Complete => None,
    }
}

/// The timers of returns (DOMAIN (c) "Returns & after-sales"; market defaults, to be settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnPolicy {
    /// The seller answers a request within this (48 h), else it is approved.
    pub respond: SignedDuration,
    /// The buyer ships an approved return within this (5 days), else it is closed.
    pub buyer_ship: SignedDuration,
    /// The seller checks a returned package within this of the buyer's shipment (8 days),
    /// else it is accepted.
    pub seller_receive: SignedDuration,
    /// Requests are allowed this long after delivery (15 days).
    pub after_sale_window: SignedDuration,
    /// The buyer may escalate a rejection within this (48 h), else it is final.
    pub escalate_within: SignedDuration,
}

impl Default for ReturnPolicy {
    fn default() -> Self {
        ReturnPolicy {
            respond: SignedDuration::from_hours(48),
            buyer_ship: SignedDuration::from_hours(5 * 24),
            seller_receive: SignedDuration::from_hours(8 * 24),
            after_sale_window: SignedDuration::from_hours(15 * 24),
            escalate_within: SignedDuration::from_hours(48),
        }
    }
}

impl ReturnPolicy {
    /// The last instant a return may be requested for an order delivered at `delivered_at`.
    pub fn window_closes(&self, delivered_at: Timestamp) -> Timestamp {
        plus(delivered_at, self.after_sale_window)
    }

    /// A return may be requested at `now`: after delivery and until the window closes
    /// (inclusive).
    pub fn request_allowed(&self, delivered_at: Timestamp, now: Timestamp) -> bool {
        delivered_at <= now && now <= self.window_closes(delivered_at)
    }

    /// The buyer may still escalate a rejection made at `rejected_at` (inclusive deadline).
    pub fn may_escalate(&self, rejected_at: Timestamp, now: Timestamp) -> bool {
        now <= plus(rejected_at, self.escalate_within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::macros::names_round_trip;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    // --- returns ----------------------------------------------------------------------------

    fn return_actions() -> Vec<ReturnAction> {
        use ReturnAction as A;
        let mut v = vec![
            A::SellerApprove,
            A::AutoApprove,
            A::BuyerShip,
            A::BuyerShipTimeout,
            A::BuyerWithdraw,
            A::SellerConfirmReceipt,
            A::AutoConfirmReceipt,
            A::RefundPaid,
            A::Escalate,
            A::SupportBuyer,
            A::SupportSeller,
        ];
        v.extend(ReturnRejectReason::ALL.iter().map(|r| A::SellerReject(*r)));
        v.extend(
            ReceiptRejectReason::ALL
                .iter()
                .map(|r| A::SellerRejectReceipt(*r)),
        );
        v
    }

    /// Every (type, status, arbitration, action) — including states no sequence reaches — is
    /// decided: the allowed ones are exactly this table.
    #[test]
    fn every_return_transition_is_allowed_or_refused_as_listed() {
        use ArbitrationStatus as Arb;
        use ReturnStatus as S;
        use ReturnType as T;
        type Row = (Option<T>, S, Option<Arb>, &'static str, S, Option<Arb>);
        let allowed: &[Row] = &[
            (
                Some(T::Refund),
                S::Pending,
                None,
                "SELLER_APPROVE",
                S::Success,
                None,
            ),
            (
                Some(T::ReturnAndRefund),
                S::Pending,
                None,
                "SELLER_APPROVE",
                S::AwaitingBuyerShip,
                None,
            ),
            (
                Some(T::Refund),
                S::Pending,
                None,
                "AUTO_APPROVE",
                S::Success,
                None,
            ),
            (
                Some(T::ReturnAndRefund),
                S::Pending,
                None,
                "AUTO_APPROVE",
                S::AwaitingBuyerShip,
                None,
            ),
            (None, S::Pending, None, "SELLER_REJECT", S::Rejected, None),
            (None, S::Pending, None, "BUYER_WITHDRAW", S::Cancelled, None),
            (
                None,
                S::AwaitingBuyerShip,
                None,
                "BUYER_WITHDRAW",
                S::Cancelled,
                None,
            ),
            (
                None,
                S::AwaitingBuyerShip,
                None,
                "BUYER_SHIP",
                S::BuyerShipped,
                None,
            ),
            (
                None,
                S::AwaitingBuyerShip,
                None,
                "BUYER_SHIP_TIMEOUT",
                S::Cancelled,
                None,
            ),
            (
                None,
                S::BuyerShipped,
                None,
                "SELLER_CONFIRM_RECEIPT",
                S::Success,
                None,
            ),
            (
                None,
                S::BuyerShipped,
                None,
                "AUTO_CONFIRM_RECEIPT",
                S::Success,
                None,
            ),
            (
                None,
                S::BuyerShipped,
                None,
                "SELLER_REJECT_RECEIPT",
                S::ReceiptRejected,
                None,
            ),
            (None, S::Success, None, "REFUND_PAID", S::Complete, None),
            (
                None,
                S::Success,
                Some(Arb::SupportBuyer),
                "REFUND_PAID",
                S::Complete,
                Some(Arb::SupportBuyer),
            ),
            (
                None,
                S::Rejected,
                None,
                "ESCALATE",
                S::Rejected,
                Some(Arb::InProgress),
            ),
            (
                None,
                S::ReceiptRejected,
                None,
                "ESCALATE",
                S::ReceiptRejected,
                Some(Arb::InProgress),
            ),
            (
                None,
                S::Rejected,
                Some(Arb::InProgress),
                "SUPPORT_BUYER",
                S::Success,
                Some(Arb::SupportBuyer),
            ),
            (
                None,
                S::ReceiptRejected,
                Some(Arb::InProgress),
                "SUPPORT_BUYER",
                S::Success,
                Some(Arb::SupportBuyer),
            ),
            (
                None,
                S::Rejected,
                Some(Arb::InProgress),
                "SUPPORT_SELLER",
                S::Rejected,
                Some(Arb::SupportSeller),
            ),
            (
                None,
                S::ReceiptRejected,
                Some(Arb::InProgress),
                "SUPPORT_SELLER",
                S::ReceiptRejected,
                Some(Arb::SupportSeller),
            ),
            (
                None,
                S::Rejected,
                Some(Arb::InProgress),
                "BUYER_WITHDRAW",
                S::Cancelled,
                Some(Arb::Closed),
            ),
            (
                None,
                S::ReceiptRejected,
                Some(Arb::InProgress),
                "BUYER_WITHDRAW",
                S::Cancelled,
                Some(Arb::Closed),
            ),
        ];
        let arbitrations: Vec<Option<Arb>> = std::iter::once(None)
            .chain(ArbitrationStatus::ALL.iter().copied().map(Some))
            .collect();
        let (mut ok, mut refused) = (0, 0);
        for ty in ReturnType::ALL {
            for status in ReturnStatus::ALL {
                for arb in &arbitrations {
                    let from = ReturnState {
                        return_type: *ty,
                        status: *status,
                        arbitration: *arb,
                    };
                    for action in return_actions() {
                        let want = allowed
                            .iter()
                            .find(|(t, s, a, act, _, _)| {
                                t.is_none_or(|t| t == *ty)
                                    && s == status
                                    && a == arb
                                    && *act == action.as_str()
                            })
                            .map(|(_, _, _, _, s, a)| ReturnState {
                                return_type: *ty,
                                status: *s,
                                arbitration: *a,
                            });
                        match (from.apply(action), want) {
                            (Ok(got), Some(want)) => {
                                assert_eq!(got, want, "{from:?} {action:?}");
                                ok += 1;
                            }
                            (Err(e), None) => {
                                assert_eq!((e.from, e.arbitration), (*status, *arb));
                                refused += 1;
                            }
                            (got, want) => {
                                panic!("{from:?} {action:?}: got {got:?}, want {want:?}")
                            }
                        }
                    }
                }
            }
        }
        // Rows that apply to both types count twice; reason-carrying actions once per reason.
        let reasons = |name: &str| match name {
            "SELLER_REJECT" => ReturnRejectReason::ALL.len(),
            "SELLER_REJECT_RECEIPT" => ReceiptRejectReason::ALL.len(),
            _ => 1,
        };
        let expected_ok: usize = allowed
            .iter()
            .map(|(t, _, _, act, _, _)| if t.is_some() { 1 } else { 2 } * reasons(act))
            .sum();
        assert_eq!(ok, expected_ok);
        assert_eq!(ok + refused, 2 * 8 * 5 * return_actions().len());
    }

    #[test]
    fn return_journeys() {
        use ReturnAction as A;
        let apply_all = |mut s: ReturnState, actions: &[A]| {
            for a in actions {
                s = s.apply(*a).unwrap();
            }
            s
        };
        // Return and refund, the happy path.
        let s = apply_all(
            ReturnState::new(ReturnType::ReturnAndRefund),
            &[
                A::SellerApprove,
                A::BuyerShip,
                A::SellerConfirmReceipt,
                A::RefundPaid,
            ],
        );
        assert_eq!(s.status, ReturnStatus::Complete);
        assert!(s.is_final());
        // Rejected, escalated, the buyer wins, the refund is paid.
        let s = apply_all(
            ReturnState::new(ReturnType::Refund),
            &[
                A::SellerReject(ReturnRejectReason::InsufficientEvidence),
                A::Escalate,
                A::SupportBuyer,
                A::RefundPaid,
            ],
        );
        assert_eq!(
            (s.status, s.arbitration),
            (
                ReturnStatus::Complete,
                Some(ArbitrationStatus::SupportBuyer)
            )
        );
        // Escalation happens once; the seller's win closes the return.
        let s = apply_all(
            ReturnState::new(ReturnType::ReturnAndRefund),
            &[
                A::AutoApprove,
                A::BuyerShip,
                A::SellerRejectReceipt(ReceiptRejectReason::EmptyPackage),
                A::Escalate,
            ],
        );
        assert!(s.apply(A::Escalate).is_err());
        assert!(!s.is_final());
        let s = s.apply(A::SupportSeller).unwrap();
        assert_eq!(s.status, ReturnStatus::ReceiptRejected);
        assert!(s.is_final());
        assert!(s.apply(A::Escalate).is_err());
        let e = s.apply(A::RefundPaid).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a return in REJECT_RECEIVE_PACKAGE (arbitration SUPPORT_SELLER) cannot take REFUND_PAID"
        );
        for s in ReturnStatus::ALL {
            let t = s.timeout_action();
            if let Some(a) = t {
                let st = ReturnState {
                    return_type: ReturnType::ReturnAndRefund,
                    status: *s,
                    arbitration: None,
                };
                assert!(st.apply(a).is_ok(), "{s} timeout");
                assert_eq!(a.by(), Role::System);
            }
        }
    }

    #[test]
    fn return_next_actions_and_deadlines() {
        use ReturnStatus as S;
        use ReturnType as T;
        assert_eq!(
            seller_next_action(S::Pending, T::Refund),
            Some(SellerAction::RespondRefund)
        );
        assert_eq!(
            seller_next_action(S::Pending, T::ReturnAndRefund),
            Some(SellerAction::RespondReturn)
        );
        for t in ReturnType::ALL {
            assert_eq!(
                seller_next_action(S::BuyerShipped, *t),
                Some(SellerAction::RespondReceivePackage)
            );
            for s in [
                S::Rejected,
                S::AwaitingBuyerShip,
                S::ReceiptRejected,
                S::Success,
                S::Cancelled,
                S::Complete,
            ] {
                assert_eq!(seller_next_action(s, *t), None);
            }
        }
        assert_eq!(
            SellerAction::RespondReceivePackage.as_str(),
            "SELLER_RESPOND_RECEIVE_PACKAGE"
        );

        let p = ReturnPolicy::default();
        let at = ts("2026-03-02T09:00:00Z");
        let d = |s| next_deadline(s, at, &p);
        assert_eq!(
            d(S::Pending),
            Some((Role::Seller, ts("2026-03-04T09:00:00Z")))
        );
        assert_eq!(
            d(S::AwaitingBuyerShip),
            Some((Role::Buyer, ts("2026-03-07T09:00:00Z")))
        );
        assert_eq!(
            d(S::BuyerShipped),
            Some((Role::Seller, ts("2026-03-10T09:00:00Z")))
        );
        assert_eq!(
            d(S::Rejected),
            Some((Role::Buyer, ts("2026-03-04T09:00:00Z")))
        );
        assert_eq!(
            d(S::ReceiptRejected),
            Some((Role::Buyer, ts("2026-03-04T09:00:00Z")))
        );
        assert_eq!(d(S::Success), None);
        assert_eq!(d(S::Cancelled), None);
        assert_eq!(d(S::Complete), None);
        let escalated = ReturnState {
            return_type: T::Refund,
            status: S::Rejected,
            arbitration: Some(ArbitrationStatus::InProgress),
        };
        assert_eq!(escalated.next_deadline(at, &p), None);
        assert_eq!(escalated.seller_next_action(), None);
        assert_eq!(
            ReturnState::new(T::Refund).next_deadline(at, &p),
            Some((Role::Seller, ts("2026-03-04T09:00:00Z")))
        );

        let delivered = ts("2026-03-01T12:00:00Z");
        assert_eq!(p.window_closes(delivered), ts("2026-03-16T12:00:00Z"));
        assert!(!p.request_allowed(delivered, ts("2026-03-01T11:59:59Z")));
        assert!(p.request_allowed(delivered, delivered));
        assert!(p.request_allowed(delivered, ts("2026-03-16T12:00:00Z")));
        assert!(!p.request_allowed(delivered, ts("2026-03-16T12:00:01Z")));
        assert!(p.may_escalate(at, ts("2026-03-04T09:00:00Z")));
        assert!(!p.may_escalate(at, ts("2026-03-04T09:00:01Z")));
    }

    #[test]
    fn return_reasons_carry_fault() {
        use ReturnReason as R;
        let seller: Vec<R> = R::ALL.iter().copied().filter(R::is_seller_fault).collect();
        assert_eq!(
            seller,
            [
                R::Damaged,
                R::WrongItem,
                R::NotAsDescribed,
                R::MissingParts,
                R::Defective
            ]
        );
        assert_eq!(R::ChangedMind.fault(), Fault::Buyer);
        assert_eq!(R::NoLongerNeeded.fault(), Fault::Buyer);
        for r in R::ALL {
            assert!(!r.text().is_empty());
        }
        for r in ReturnRejectReason::ALL {
            assert!(!r.text().is_empty());
        }
        for r in ReceiptRejectReason::ALL {
            assert!(!r.text().is_empty());
        }
    }

    #[test]
    fn wire_names_round_trip() {
        names_round_trip(ReturnType::ALL, ReturnType::as_str, ReturnType::parse);
        names_round_trip(ReturnStatus::ALL, ReturnStatus::as_str, ReturnStatus::parse);
        names_round_trip(
            ArbitrationStatus::ALL,
            ArbitrationStatus::as_str,
            ArbitrationStatus::parse,
        );
        names_round_trip(Fault::ALL, Fault::as_str, Fault::parse);
        names_round_trip(ReturnReason::ALL, ReturnReason::as_str, ReturnReason::parse);
        names_round_trip(
            ReturnRejectReason::ALL,
            ReturnRejectReason::as_str,
            ReturnRejectReason::parse,
        );
        names_round_trip(
            ReceiptRejectReason::ALL,
            ReceiptRejectReason::as_str,
            ReceiptRejectReason::parse,
        );
        assert_eq!(
            ReturnStatus::parse("RETURN_OR_REFUND_REQUEST_REJECT"),
            Some(ReturnStatus::Rejected)
        );
        assert_eq!(
            ReturnStatus::Rejected.as_str(),
            "REFUND_OR_RETURN_REQUEST_REJECT"
        );
        let state = ReturnState {
            return_type: ReturnType::ReturnAndRefund,
            status: ReturnStatus::ReceiptRejected,
            arbitration: Some(ArbitrationStatus::InProgress),
        };
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(
            json,
            r#"{"return_type":"RETURN_AND_REFUND","status":"REJECT_RECEIVE_PACKAGE","arbitration":"IN_PROGRESS"}"#
        );
        assert_eq!(serde_json::from_str::<ReturnState>(&json).unwrap(), state);
    }
}
