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
