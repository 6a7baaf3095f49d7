//! Products: create and edit with editions per language, images, attributes and SKUs; the
//! automatic quality check; the listing life cycle; the operators' review; and what the
//! storefront may show.
//!
//! A product keeps two versions of its content: the working one the seller edits (the
//! `products`, `product_editions`, `product_images` and `skus` rows) and the approved one
//! buyers see (`products.published`, a JSON snapshot taken when a reviewer approves). Prices
//! and stock live on the SKU rows and apply at once; everything else waits for review.

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
