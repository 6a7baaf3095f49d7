//! Products: create and edit with editions per language, images, attributes and SKUs; the
//! automatic quality check; the listing life cycle; the operators' review; and what the
//! storefront may show.
//!
//! A product keeps two versions of its content: the working one the seller edits (the
//! `products`, `product_editions`, `product_images` and `skus` rows) and the approved one
//! buyers see (`products.published`, a JSON snapshot taken when a reviewer approves). Prices
//! and stock live on the SKU rows and apply at once; everything else waits for review.

use std::collections::{BTreeMap, HashMap, HashSet};

use bytes::Bytes;
use object_store::path::Path as FilePath;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{CategoryId, ImageId, ProductId, SellerId, SkuId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::products::{
    self as rules, EditionFacts, Finding, Gtin, ListingFacts, ProductAction, ProductStatus,
    QualityGrade, QualityReport, SellerSku,
};
use shopdeck_domain::roles::{Access, Area};
use shopdeck_domain::sellers::SellerStatus;
use shopdeck_files::html;
use shopdeck_store::products::{
    self as repo, EditionRow, ImageRow, ProductContent, ProductRow, SkuRow, StatusChange,
};
use shopdeck_store::{Conn, StoreError, categories, inventory as inv_repo, sellers};

use crate::access::{Operator, SellerActor};
use crate::audit::{self, Actor};
use crate::catalog::{self, EffectiveAttribute};
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::{App, AppError, FieldError, Refusal, Result};

mod edit;
mod images;
mod input;
mod life_cycle;
mod list;
mod purge;
mod review;
mod storefront;
mod validation;
mod views;

pub use edit::*;
pub use images::*;
pub use input::*;
pub use life_cycle::*;
pub use list::*;
pub use purge::*;
pub use review::*;
pub use storefront::*;
pub(crate) use validation::*;
pub use views::*;
