//! The storefront's per-process cache: products on sale, pages of the storefront lists and
//! shop headers, as last read from the database.
//!
//! Freshness rule: an entry is dropped when a transaction that changes it commits — in this
//! process before that transaction's `commit` returns, in the others when they hear of it
//! (`store::changes`: PostgreSQL `NOTIFY`, milliseconds; SQLite a poll every 250 ms). What
//! drops what:
//!
//! - a product's content, prices, stock or status: that product;
//! - anything a list shows (a product going on or off sale, a price range, sold out or back):
//!   every list page;
//! - a shop's name, status or branding, the category tree, or a lost notification: everything.
//!
//! A read that raced a change is not kept: each entry is stored with the cache's
//! generation from before its read, and dropped again if a change came in meanwhile.
//! Sizes are bounded by weight (bytes of text kept), so memory stays flat however many
//! pages buyers visit.

use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_cache::Weighter;
use quick_cache::sync::Cache;
use shopdeck_domain::ids::{ProductId, SellerId};
use shopdeck_store::changes::Change;

/// Shop headers kept.
const SHOPS: usize = 10_000;

/// What a cached value weighs: roughly the bytes of text it holds.
pub(crate) trait Weigh {
    fn bytes(&self) -> u64;
}

#[derive(Clone)]
pub(crate) struct ByBytes;

impl<K, V: Weigh> Weighter<K, Arc<V>> for ByBytes {
    fn weight(&self, _key: &K, val: &Arc<V>) -> u64 {
        val.bytes().max(1)
    }
}

pub(crate) struct ShopCache<P, L, K, S> {
    /// False when configured with no memory: nothing is kept.
    enabled: bool,
    generation: AtomicU64,
    products: Cache<ProductId, Arc<P>, ByBytes>,
    pages: Cache<K, Arc<L>, ByBytes>,
    shops: Cache<SellerId, Arc<S>>,
}

impl<P, L, K, S> std::fmt::Debug for ShopCache<P, L, K, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopCache")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl<P, L, K, S> ShopCache<P, L, K, S>
where
    P: Weigh,
    L: Weigh,
    K: Eq + Hash + Clone,
{
    /// A cache of `bytes` of kept text (weights): three quarters for products, a quarter for
    /// list pages (cards are small); none when `bytes` is 0.
    pub(crate) fn new(bytes: u64) -> Self {
        ShopCache {
            enabled: bytes > 0,
            generation: AtomicU64::new(0),
            products: Cache::with_weighter(20_000, (bytes / 4 * 3).max(1), ByBytes),
            pages: Cache::with_weighter(5_000, (bytes / 4).max(1), ByBytes),
            shops: Cache::new(SHOPS),
        }
    }

    /// Read before loading something to keep: a change after it voids the load.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub(crate) fn product(&self, id: ProductId) -> Option<Arc<P>> {
        self.products.get(&id)
    }

    pub(crate) fn keep_product(&self, since: u64, id: ProductId, value: Arc<P>) {
        self.keep(&self.products, since, id, value);
    }

    pub(crate) fn page(&self, key: &K) -> Option<Arc<L>> {
        self.pages.get(key)
    }

    pub(crate) fn keep_page(&self, since: u64, key: K, value: Arc<L>) {
        self.keep(&self.pages, since, key, value);
    }

    pub(crate) fn shop(&self, id: SellerId) -> Option<Arc<S>> {
        self.shops.get(&id)
    }

    pub(crate) fn keep_shop(&self, since: u64, id: SellerId, value: Arc<S>) {
        self.keep(&self.shops, since, id, value);
    }

    /// Keeps `value` unless the cache is off, and drops it again if a change came in since
    /// `since` (the read it came from may predate that change).
    fn keep<Q, V, W>(&self, cache: &Cache<Q, V, W>, since: u64, key: Q, value: V)
    where
        Q: Eq + Hash + Clone,
        V: Clone,
        W: Weighter<Q, V> + Clone,
    {
        if !self.enabled {
            return;
        }
        cache.insert(key.clone(), value);
        if self.generation() != since {
            cache.remove(&key);
        }
    }

    /// Drops what `changes` made stale (see the module's rule).
    pub(crate) fn forget(&self, changes: &[Change]) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        for change in changes {
            match change {
                Change::Product(id) => {
                    self.products.remove(id);
                }
                Change::Listings => self.pages.clear(),
                Change::Shop(_) | Change::Catalog | Change::All => {
                    self.products.clear();
                    self.pages.clear();
                    self.shops.clear();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Text(&'static str);
    impl Weigh for Text {
        fn bytes(&self) -> u64 {
            self.0.len() as u64
        }
    }
    type Test = ShopCache<Text, Text, u32, ()>;

    fn id(n: u8) -> ProductId {
        format!("prd_0193a8f000007000800000000000{n:04x}")
            .parse()
            .unwrap()
    }

    #[test]
    fn a_change_drops_what_it_touched_and_lists_drop_together() {
        let c = Test::new(1 << 20);
        let g = c.generation();
        c.keep_product(g, id(1), Arc::new(Text("one")));
        c.keep_product(g, id(2), Arc::new(Text("two")));
        c.keep_page(g, 7, Arc::new(Text("page")));
        c.forget(&[Change::Product(id(1))]);
        assert!(c.product(id(1)).is_none());
        assert_eq!(c.product(id(2)).map(|t| t.0), Some("two"));
        assert!(
            c.page(&7).is_some(),
            "a product's own change leaves lists alone"
        );
        c.forget(&[Change::Listings]);
        assert!(c.page(&7).is_none());
        assert!(c.product(id(2)).is_some());
        c.forget(&[Change::All]);
        assert!(c.product(id(2)).is_none());
    }

    #[test]
    fn with_no_memory_nothing_is_kept() {
        let c = Test::new(0);
        c.keep_product(c.generation(), id(1), Arc::new(Text("one")));
        assert!(c.product(id(1)).is_none());
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_kept() {
        let c = Test::new(1 << 20);
        let before = c.generation();
        c.forget(&[Change::Product(id(9))]);
        c.keep_product(before, id(1), Arc::new(Text("stale")));
        c.keep_page(before, 1, Arc::new(Text("stale")));
        assert!(c.product(id(1)).is_none());
        assert!(c.page(&1).is_none());
    }
}
