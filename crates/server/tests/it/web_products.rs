//! The Products section of Seller Center, the operators' product review and the storefront's
//! product pages, through the real router.

use shopdeck_testkit::TestBackend;

use crate::support::db_tests;

db_tests!();

#[allow(dead_code)]
async fn placeholder(_b: TestBackend) {}
