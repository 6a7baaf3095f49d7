//! Shopdeck's use-cases. Each public async function here is one thing a user, a token or the
//! system does; it owns its transaction, and API and web handlers call it rather than the store.

pub mod access;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod buyers;
pub mod cancellations;
pub mod catalog;
mod clock;
mod codes;
mod context;
pub mod deadlines;
pub mod demo;
mod error;
pub mod fulfilment;
pub mod idempotency;
pub mod inbox;
pub mod inventory;
pub mod jobs;
mod limits;
pub mod media;
pub(crate) mod messages;
pub mod notify;
pub mod onboarding;
pub mod order_export;
pub mod orders;
mod paging;
pub mod payments;
pub mod products;
pub mod returns;
pub mod secrets;
mod shop_cache;
pub mod signup;
pub mod staff;
pub mod storefront;
pub mod system;
pub mod tokens;
pub mod translate;
pub mod twofactor;
pub mod worker;

pub use clock::{Clock, ManualClock, SystemClock};
pub use context::{App, Settings};
pub use error::{AppError, FieldError, Refusal};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod scoping_tests {
    /// Reads in `app` are scoped by the store, never filtered by owner after reading.
    #[test]
    fn app_never_filters_a_read_by_owner_after_the_fact() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        let l = line.trim();
                        if l.starts_with(".filter(|")
                            && (l.contains(".seller_id == ") || l.contains(".buyer_id == "))
                        {
                            offenders.push(format!("{}:{}: {l}", p.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "scope the query instead (find_…(conn, owner, id)):\n{}",
            offenders.join("\n")
        );
    }
}
