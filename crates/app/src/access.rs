//! Who is acting: a member of a shop (with a role) or a platform operator. Seller-side
//! use-cases take a `SellerActor`, so they can only ever touch the actor's own shop.

use shopdeck_domain::ids::{SellerId, UserId};
use shopdeck_domain::sellers::OWNER_ROLE;

use shopdeck_domain::ids::TokenId;
use shopdeck_domain::roles::{Access, Area, Permissions};

use crate::auth::{ClientInfo, CurrentUser};
use crate::{AppError, Result};

#[derive(Debug, Clone)]
pub struct SellerActor {
    pub user_id: UserId,
    pub seller_id: SellerId,
    pub role: String,
    pub permissions: Permissions,
    /// The API token acting, when it is not a person's session.
    pub token: Option<TokenId>,
    pub client: ClientInfo,
}

impl SellerActor {
    /// The user (or token) acting in the shop their session works in.
    pub fn of(user: &CurrentUser, client: &ClientInfo) -> Result<SellerActor> {
        let m = user.seller.as_ref().ok_or(AppError::Forbidden)?;
        Ok(SellerActor {
            user_id: user.id,
            seller_id: m.seller.id,
            role: m.role.clone(),
            permissions: user.permissions.clone(),
            token: user.token,
            client: client.clone(),
        })
    }

    /// The owner in person: API tokens never count as the owner.
    pub fn is_owner(&self) -> bool {
        self.role == OWNER_ROLE && self.token.is_none()
    }

    /// Refuses (403) unless the role grants `needed` in `area`.
    pub fn require(&self, area: Area, needed: Access) -> Result<()> {
        if self.permissions.allows(area, needed) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Seller profile, bank accounts, users and tokens are the owner's alone.
    pub fn require_owner(&self) -> Result<()> {
        if self.is_owner() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operator {
    pub user_id: UserId,
    pub client: ClientInfo,
}

impl Operator {
    pub fn of(user: &CurrentUser, client: &ClientInfo) -> Result<Operator> {
        if user.is_operator && user.token.is_none() {
            Ok(Operator {
                user_id: user.id,
                client: client.clone(),
            })
        } else {
            Err(AppError::Forbidden)
        }
    }
}
