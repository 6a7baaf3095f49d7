//! The harness's plumbing: test signatures, the runtime per test, and registration.

use std::future::Future;
use std::pin::Pin;

use libtest_mimic::Failed;
use shopdeck_testkit::TestBackend;

pub type BoxFut = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
/// A test that runs against one database backend.
pub type DbTest = fn(TestBackend) -> BoxFut;
/// A test that sets up its own environment.
pub type PlainTest = fn() -> BoxFut;

/// Runs a test future on its own runtime; a panic is the test's failure message.
pub fn run_async(fut: BoxFut) -> Result<(), Failed> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failed::from(format!("runtime: {e}")))?;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rt.block_on(fut)));
    drop(rt);
    result.map_err(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "test panicked".to_owned());
        Failed::from(msg)
    })
}

/// Lists a module's database tests: `db_tests!(a, b)` defines `tests()`.
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        pub fn tests() -> Vec<(&'static str, $crate::support::DbTest)> {
            vec![$((stringify!($name), |b| Box::pin($name(b)) as $crate::support::BoxFut)),*]
        }
    };
}

/// Lists a module's self-contained tests.
macro_rules! plain_tests {
    ($($name:ident),* $(,)?) => {
        pub fn tests() -> Vec<(&'static str, $crate::support::PlainTest)> {
            vec![$((stringify!($name), || Box::pin($name()) as $crate::support::BoxFut)),*]
        }
    };
}

pub(crate) use {db_tests, plain_tests};
