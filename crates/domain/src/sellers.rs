//! The seller (shop) life cycle and the roles people hold in a shop.

/// Where a shop is in verification. Until `Approved` nothing it lists goes live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SellerStatus {
    Registered,
    PendingReview,
    Approved,
    Rejected,
    Suspended,
}

impl SellerStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            SellerStatus::Registered => "REGISTERED",
            SellerStatus::PendingReview => "PENDING_REVIEW",
            SellerStatus::Approved => "APPROVED",
            SellerStatus::Rejected => "REJECTED",
            SellerStatus::Suspended => "SUSPENDED",
        }
    }

    pub fn parse(s: &str) -> Option<SellerStatus> {
        [
            SellerStatus::Registered,
            SellerStatus::PendingReview,
            SellerStatus::Approved,
            SellerStatus::Rejected,
            SellerStatus::Suspended,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The owner's role name; staff roles arrive with sub-users.
pub const OWNER_ROLE: &str = "OWNER";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in [
            "REGISTERED",
            "PENDING_REVIEW",
            "APPROVED",
            "REJECTED",
            "SUSPENDED",
        ] {
            assert_eq!(SellerStatus::parse(s).unwrap().as_str(), s);
        }
        assert!(SellerStatus::parse("approved").is_none());
    }
}

/// What an operator or the seller can do to a shop's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAction {
    /// The seller submits the completed profile for review.
    Submit,
    Approve,
    Reject,
    Suspend,
    Reinstate,
}

impl StatusAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            StatusAction::Submit => "SUBMIT",
            StatusAction::Approve => "APPROVE",
            StatusAction::Reject => "REJECT",
            StatusAction::Suspend => "SUSPEND",
            StatusAction::Reinstate => "REINSTATE",
        }
    }
}

/// A status change that the life cycle does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a shop that is {from} cannot be {action}")]
pub struct StatusError {
    pub from: &'static str,
    pub action: &'static str,
}

impl SellerStatus {
    /// `REGISTERED → PENDING_REVIEW → APPROVED | REJECTED → (resubmit) PENDING_REVIEW`,
    /// `APPROVED ⇄ SUSPENDED`.
    pub fn apply(self, action: StatusAction) -> Result<SellerStatus, StatusError> {
        use SellerStatus::*;
        use StatusAction::*;
        match (self, action) {
            (Registered | Rejected, Submit) => Ok(PendingReview),
            (PendingReview, Approve) => Ok(Approved),
            (PendingReview, Reject) => Ok(Rejected),
            (Approved, Suspend) => Ok(Suspended),
            (Suspended, Reinstate) => Ok(Approved),
            (from, action) => Err(StatusError {
                from: from.as_str(),
                action: match action {
                    Submit => "submitted",
                    Approve => "approved",
                    Reject => "rejected",
                    Suspend => "suspended",
                    Reinstate => "reinstated",
                },
            }),
        }
    }

    /// Whether the shop may sell: list live products and take orders.
    pub fn can_sell(&self) -> bool {
        matches!(self, SellerStatus::Approved)
    }

    /// Whether the seller may still edit the profile the operator reviews.
    pub fn profile_editable(&self) -> bool {
        matches!(self, SellerStatus::Registered | SellerStatus::Rejected)
    }
}

/// The legal form of the business behind a shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BusinessType {
    Individual,
    SoleProprietor,
    Company,
}

impl BusinessType {
    pub const ALL: [BusinessType; 3] = [
        BusinessType::Individual,
        BusinessType::SoleProprietor,
        BusinessType::Company,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            BusinessType::Individual => "INDIVIDUAL",
            BusinessType::SoleProprietor => "SOLE_PROPRIETOR",
            BusinessType::Company => "COMPANY",
        }
    }

    pub fn parse(s: &str) -> Option<BusinessType> {
        BusinessType::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Individuals have no company registration number.
    pub fn needs_registration_number(&self) -> bool {
        !matches!(self, BusinessType::Individual)
    }
}

/// The facts the onboarding checklist is computed from.
#[derive(Debug, Clone, Default)]
pub struct OnboardingFacts {
    pub phone_verified: bool,
    pub email_verified: bool,
    pub profile_complete: bool,
    pub warehouse_address: bool,
    pub return_address: bool,
    pub bank_account: bool,
    pub documents: usize,
    pub status: Option<SellerStatus>,
}

/// One prerequisite on the seller home, done or missing with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChecklistItem {
    /// Stable key, e.g. `bank_account`.
    pub key: &'static str,
    pub done: bool,
    /// Why it is not done (a stable code the UI translates).
    pub missing_reason: Option<&'static str>,
}

/// The named prerequisites, in the order a seller works through them.
pub fn checklist(f: &OnboardingFacts) -> Vec<ChecklistItem> {
    let item = |key, done: bool, reason| ChecklistItem {
        key,
        done,
        missing_reason: (!done).then_some(reason),
    };
    let status = f.status.unwrap_or(SellerStatus::Registered);
    let approval_reason = match status {
        SellerStatus::PendingReview => "under_review",
        SellerStatus::Rejected => "rejected",
        SellerStatus::Suspended => "suspended",
        _ => "not_submitted",
    };
    vec![
        item("phone_verified", f.phone_verified, "verify_phone"),
        item("email_verified", f.email_verified, "verify_email"),
        item("profile_complete", f.profile_complete, "fill_profile"),
        item("warehouse_address", f.warehouse_address, "add_warehouse"),
        item("return_address", f.return_address, "add_return_address"),
        item("bank_account", f.bank_account, "add_bank_account"),
        item("documents_submitted", f.documents > 0, "upload_documents"),
        item(
            "platform_approval",
            status == SellerStatus::Approved,
            approval_reason,
        ),
    ]
}

/// Whether everything but the approval itself is done, so the shop can be submitted.
pub fn ready_to_submit(items: &[ChecklistItem]) -> bool {
    items
        .iter()
        .filter(|i| i.key != "platform_approval")
        .all(|i| i.done)
}

#[cfg(test)]
mod lifecycle_tests {
    use super::*;

    #[test]
    fn the_life_cycle_allows_only_its_arrows() {
        use SellerStatus::*;
        use StatusAction::*;
        assert_eq!(Registered.apply(Submit), Ok(PendingReview));
        assert_eq!(PendingReview.apply(Approve), Ok(Approved));
        assert_eq!(PendingReview.apply(Reject), Ok(Rejected));
        assert_eq!(Rejected.apply(Submit), Ok(PendingReview));
        assert_eq!(Approved.apply(Suspend), Ok(Suspended));
        assert_eq!(Suspended.apply(Reinstate), Ok(Approved));
        assert!(Registered.apply(Approve).is_err());
        assert!(Approved.apply(Submit).is_err());
        assert!(Suspended.apply(Approve).is_err());
        assert!(PendingReview.apply(Submit).is_err());
        assert!(Approved.can_sell() && !Suspended.can_sell() && !PendingReview.can_sell());
    }

    #[test]
    fn the_checklist_names_what_is_missing() {
        let facts = OnboardingFacts {
            phone_verified: true,
            email_verified: true,
            profile_complete: true,
            warehouse_address: true,
            return_address: false,
            bank_account: true,
            documents: 1,
            status: Some(SellerStatus::Registered),
        };
        let items = checklist(&facts);
        assert_eq!(items.len(), 8);
        let missing: Vec<_> = items
            .iter()
            .filter(|i| !i.done)
            .map(|i| (i.key, i.missing_reason.unwrap()))
            .collect();
        assert_eq!(
            missing,
            [
                ("return_address", "add_return_address"),
                ("platform_approval", "not_submitted")
            ]
        );
        assert!(!ready_to_submit(&items));
        let done = checklist(&OnboardingFacts {
            return_address: true,
            ..facts
        });
        assert!(ready_to_submit(&done));
    }
}

crate::try_from_string!(SellerStatus, BusinessType);
