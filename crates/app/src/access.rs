//! Who is acting: a member of a shop (with a role) or a platform operator. Seller-side
//! use-cases take a `SellerActor`, so they can only ever touch the actor's own shop.

use shopdeck_domain::ids::{SellerId, UserId};
use shopdeck_domain::sellers::OWNER_ROLE;

use crate::auth::CurrentUser;
use crate::{AppError, Result};

#[derive(Debug, Clone)]
pub struct SellerActor {
    pub user_id: UserId,
    pub seller_id: SellerId,
    pub role: String,
}

impl SellerActor {
    /// The user acting in the shop their session works in.
    pub fn of(user: &CurrentUser) -> Result<SellerActor> {
        let m = user.seller.as_ref().ok_or(AppError::Forbidden)?;
        Ok(SellerActor {
            user_id: user.id,
            seller_id: m.seller.id,
            role: m.role.clone(),
        })
    }

    pub fn is_owner(&self) -> bool {
        self.role == OWNER_ROLE
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

#[derive(Debug, Clone, Copy)]
pub struct Operator {
    pub user_id: UserId,
}

impl Operator {
    pub fn of(user: &CurrentUser) -> Result<Operator> {
        if user.is_operator {
            Ok(Operator { user_id: user.id })
        } else {
            Err(AppError::Forbidden)
        }
    }
}
