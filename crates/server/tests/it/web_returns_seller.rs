//! (being written)

use crate::support::db_tests;

db_tests!();
