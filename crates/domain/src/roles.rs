//! Who may do what in a shop: areas, access levels, built-in roles and custom roles.
//!
//! A role grants each area no access, view, or view & edit. Some capabilities belong to the
//! owner alone whatever the role: users and roles, bank accounts, the seller profile and API
//! tokens.

use std::collections::BTreeMap;

/// The parts of Seller Center a role can open.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Products,
    Orders,
    Shipping,
    Returns,
    Promotions,
    Finance,
    Analytics,
    HelpCenter,
}

impl Area {
    pub const ALL: [Area; 8] = [
        Area::Products,
        Area::Orders,
        Area::Shipping,
        Area::Returns,
        Area::Promotions,
        Area::Finance,
        Area::Analytics,
        Area::HelpCenter,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Area::Products => "products",
            Area::Orders => "orders",
            Area::Shipping => "shipping",
            Area::Returns => "returns",
            Area::Promotions => "promotions",
            Area::Finance => "finance",
            Area::Analytics => "analytics",
            Area::HelpCenter => "help_center",
        }
    }

    pub fn parse(s: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How far a role reaches into an area. Ordered: `None < View < Edit`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    None,
    View,
    Edit,
}

impl Access {
    pub fn as_str(&self) -> &'static str {
        match self {
            Access::None => "none",
            Access::View => "view",
            Access::Edit => "edit",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        [Access::None, Access::View, Access::Edit]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// Access per area; areas not listed have none.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Permissions(BTreeMap<Area, Access>);

impl Permissions {
    pub fn new(grants: &[(Area, Access)]) -> Self {
        Permissions(
            grants
                .iter()
                .copied()
                .filter(|(_, a)| *a != Access::None)
                .collect(),
        )
    }

    pub fn all(access: Access) -> Self {
        Permissions::new(&Area::ALL.map(|a| (a, access)))
    }

    pub fn get(&self, area: Area) -> Access {
        self.0.get(&area).copied().unwrap_or(Access::None)
    }

    pub fn allows(&self, area: Area, needed: Access) -> bool {
        self.get(area) >= needed
    }
}

/// The built-in roles, with TikTok Shop's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltInRole {
    Owner,
    Admin,
    ProductManager,
    OrderFulfilment,
    CustomerService,
    Marketing,
    Finance,
    Analyst,
}

impl BuiltInRole {
    pub const ALL: [BuiltInRole; 8] = [
        BuiltInRole::Owner,
        BuiltInRole::Admin,
        BuiltInRole::ProductManager,
        BuiltInRole::OrderFulfilment,
        BuiltInRole::CustomerService,
        BuiltInRole::Marketing,
        BuiltInRole::Finance,
        BuiltInRole::Analyst,
    ];

    /// The key stored on a membership.
    pub fn key(&self) -> &'static str {
        match self {
            BuiltInRole::Owner => "OWNER",
            BuiltInRole::Admin => "ADMIN",
            BuiltInRole::ProductManager => "PRODUCT_MANAGER",
            BuiltInRole::OrderFulfilment => "ORDER_FULFILMENT",
            BuiltInRole::CustomerService => "CUSTOMER_SERVICE",
            BuiltInRole::Marketing => "MARKETING",
            BuiltInRole::Finance => "FINANCE",
            BuiltInRole::Analyst => "ANALYST",
        }
    }

    pub fn parse(key: &str) -> Option<BuiltInRole> {
        BuiltInRole::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn permissions(&self) -> Permissions {
        use Access::{Edit, View};
        use Area::*;
        match self {
            BuiltInRole::Owner | BuiltInRole::Admin => Permissions::all(Edit),
            BuiltInRole::ProductManager => {
                Permissions::new(&[(Products, Edit), (Promotions, View), (Analytics, View)])
            }
            BuiltInRole::OrderFulfilment => Permissions::new(&[
                (Orders, Edit),
                (Shipping, Edit),
                (Returns, Edit),
                (Products, View),
            ]),
            BuiltInRole::CustomerService => Permissions::new(&[
                (Orders, View),
                (Shipping, View),
                (Returns, Edit),
                (HelpCenter, Edit),
            ]),
            BuiltInRole::Marketing => {
                Permissions::new(&[(Promotions, Edit), (Products, View), (Analytics, View)])
            }
            BuiltInRole::Finance => Permissions::new(&[
                (Finance, Edit),
                (Orders, View),
                (Returns, View),
                (Analytics, View),
            ]),
            BuiltInRole::Analyst => Permissions::new(&[
                (Analytics, View),
                (Products, View),
                (Orders, View),
                (Promotions, View),
                (Finance, View),
            ]),
        }
    }
}

/// Capabilities only the owner has, whatever roles say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerOnly {
    UsersAndRoles,
    BankAccounts,
    SellerProfile,
    ApiTokens,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_grant_what_their_names_say() {
        let pm = BuiltInRole::ProductManager.permissions();
        assert!(pm.allows(Area::Products, Access::Edit));
        assert!(pm.allows(Area::Analytics, Access::View));
        assert!(!pm.allows(Area::Analytics, Access::Edit));
        assert!(!pm.allows(Area::Finance, Access::View));
        let analyst = BuiltInRole::Analyst.permissions();
        assert!(Area::ALL.iter().all(|a| !analyst.allows(*a, Access::Edit)));
        assert!(
            BuiltInRole::Admin
                .permissions()
                .allows(Area::Finance, Access::Edit)
        );
        for r in BuiltInRole::ALL {
            assert_eq!(BuiltInRole::parse(r.key()), Some(r));
        }
    }

    #[test]
    fn permissions_round_trip_as_json() {
        let p = Permissions::new(&[
            (Area::Orders, Access::Edit),
            (Area::Finance, Access::View),
            (Area::Returns, Access::None),
        ]);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"orders":"edit","finance":"view"}"#);
        assert_eq!(serde_json::from_str::<Permissions>(&json).unwrap(), p);
    }
}
