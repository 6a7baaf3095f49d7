//! `App`: what every use-case needs (database, clock, settings), cheap to clone.

use std::sync::Arc;
use std::sync::Mutex;

/// The last (millisecond, counter) an id was made with, process-wide.
static ID_STATE: Mutex<(u64, u32)> = Mutex::new((0, 0));

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::ids::EntityId;
use shopdeck_store::Db;

use crate::Clock;
use crate::notify::Senders;

/// Platform-wide settings that use-cases read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request.
    pub session_idle: SignedDuration,
    /// A session ends this long after log-in, however active.
    pub session_absolute: SignedDuration,
    /// How long a worker holds a claimed job before another may take it over. A running
    /// job's lease is renewed every third of this, so a dead process's jobs are taken over
    /// within one lease, however long the job.
    pub job_lease: SignedDuration,
    /// The longest a request may take (the HTTP timeout); an `Idempotency-Key` claim older
    /// than twice this belongs to a request that can no longer be running.
    pub request_timeout: SignedDuration,
    /// The address people reach Shopdeck at, for links in emails.
    pub public_url: String,
    /// The platform's order timers (payment time, processing and shipping deadlines).
    pub order_policy: shopdeck_domain::orders::OrderPolicy,
    /// The secret the sandbox payment provider and sandbox carrier sign their callbacks with
    /// (`serve` reads it from the database, where the first start stored a random one).
    pub sandbox_secret: String,
    /// Reminders, late shipping and the after-sale window.
    pub fulfilment: shopdeck_domain::fulfilment::FulfilmentPolicy,
    /// The after-sale window per shop country where it differs from `fulfilment`'s.
    pub after_sale_window_by_country: std::collections::BTreeMap<String, SignedDuration>,
    /// How long one step of the sandbox carrier's schedule takes (delivery after 24 steps).
    pub sandbox_carrier_step: SignedDuration,
    /// Whether a seller confirming delivery by its own carrier must attach a proof.
    pub delivery_proof_required: bool,
    /// How long a seller has to answer a buyer's cancellation request.
    pub cancel_policy: shopdeck_domain::cancellations::CancelPolicy,
    /// The timers of returns (answer, ship back, check the package, escalate).
    pub return_policy: shopdeck_domain::returns::ReturnPolicy,
    /// The CJK font files printed documents fall back to for Chinese and Japanese: the regular
    /// face, then optionally the bold one (`fulfilment::print_fonts`). Empty: none, and such
    /// text prints as empty boxes.
    pub print_fonts: Vec<std::path::PathBuf>,
    /// Memory for the storefront cache, in MiB of kept text; 0 turns it off.
    pub storefront_cache_mib: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle: SignedDuration::from_hours(2),
            session_absolute: SignedDuration::from_hours(24 * 7),
            job_lease: SignedDuration::from_secs(30),
            request_timeout: SignedDuration::from_secs(30),
            public_url: "http://127.0.0.1:8080".to_owned(),
            order_policy: shopdeck_domain::orders::OrderPolicy::default(),
            sandbox_secret: crate::secrets::random_hex(),
            fulfilment: shopdeck_domain::fulfilment::FulfilmentPolicy::default(),
            after_sale_window_by_country: std::collections::BTreeMap::new(),
            sandbox_carrier_step: SignedDuration::from_hours(1),
            delivery_proof_required: false,
            cancel_policy: shopdeck_domain::cancellations::CancelPolicy::default(),
            return_policy: shopdeck_domain::returns::ReturnPolicy::default(),
            print_fonts: shopdeck_files::pdf::DEFAULT_CJK_FONT_PATHS
                .iter()
                .map(std::path::PathBuf::from)
                .collect(),
            storefront_cache_mib: 32,
        }
    }
}

#[derive(Clone, Debug)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// Where messages go, per channel.
    pub senders: Senders,
    /// Uploaded files (documents, images): a local folder, or S3-compatible storage.
    pub files: Arc<dyn object_store::ObjectStore>,
    /// Machine translation of product editions (none by default).
    pub translator: Arc<dyn crate::translate::Translator>,
    /// The payment provider (the built-in sandbox unless a deployment sets another).
    pub payment: Arc<dyn crate::payments::PaymentProvider>,
    /// The platform's logistics provider (the built-in sandbox carrier unless set).
    pub logistics: Arc<dyn crate::fulfilment::LogisticsProvider>,
    /// Wakes this process's worker when a use-case queued a job that should run now.
    pub(crate) worker_wake: Arc<tokio::sync::Notify>,
    /// The category tree and attribute library as last read (see `catalog::MEMO_TTL`).
    pub(crate) catalog_memo: Arc<crate::catalog::Memo>,
    /// Products on sale, list pages and shop headers as last read (see `shop_cache`).
    pub(crate) shop_cache: Arc<StorefrontCache>,
    /// Empties the two above when a change commits; kept alive here (the database's hub
    /// holds it weakly).
    _forget: Forget,
}

/// The storefront cache with what it holds.
pub(crate) type StorefrontCache = crate::shop_cache::ShopCache<
    crate::products::Offer,
    crate::products::SalePage,
    crate::products::PageKey,
    crate::storefront::ShopFront,
>;

/// The change listener of an `App`'s caches.
#[derive(Clone)]
struct Forget {
    _sink: Arc<shopdeck_store::changes::Sink>,
}

impl std::fmt::Debug for Forget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Forget")
    }
}

/// Subscribes the caches to the database's committed changes.
fn forget_on_change(
    db: &Db,
    cache: &Arc<StorefrontCache>,
    memo: &Arc<crate::catalog::Memo>,
) -> Forget {
    use shopdeck_store::changes::Change;
    let cache = Arc::downgrade(cache);
    let memo = Arc::downgrade(memo);
    let sink: Arc<shopdeck_store::changes::Sink> = Arc::new(move |changes: &[Change]| {
        if let Some(c) = cache.upgrade() {
            c.forget(changes);
        }
        if changes
            .iter()
            .any(|c| matches!(c, Change::Catalog | Change::All))
            && let Some(m) = memo.upgrade()
        {
            m.clear();
        }
    });
    db.changes().subscribe(&sink);
    Forget { _sink: sink }
}

impl App {
    /// Moves whenever something buyers see changes (see `shop_cache`): an answer made from
    /// the storefront at one value is stale at any other.
    pub fn storefront_generation(&self) -> u64 {
        self.shop_cache.generation()
    }

    /// An application whose messages go to the development outbox and whose files are kept
    /// in memory (tests); `serve` sets real ones.
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let settings_secret = settings.sandbox_secret.clone();
        let catalog_memo = Arc::new(crate::catalog::Memo::default());
        let shop_cache = Arc::new(StorefrontCache::new(settings.storefront_cache_mib << 20));
        let forget = forget_on_change(&db, &shop_cache, &catalog_memo);
        App {
            db,
            clock,
            settings: Arc::new(settings),
            senders: Senders::default(),
            files: Arc::new(object_store::memory::InMemory::new()),
            translator: Arc::new(crate::translate::NoTranslator),
            payment: Arc::new(crate::payments::Sandbox::new(settings_secret.clone())),
            logistics: Arc::new(crate::fulfilment::SandboxCarrier::new(settings_secret)),
            worker_wake: Arc::new(tokio::sync::Notify::new()),
            catalog_memo,
            shop_cache,
            _forget: forget,
        }
    }

    pub fn with_payment_provider(mut self, p: Arc<dyn crate::payments::PaymentProvider>) -> Self {
        self.payment = p;
        self
    }

    pub fn with_logistics_provider(
        mut self,
        p: Arc<dyn crate::fulfilment::LogisticsProvider>,
    ) -> Self {
        self.logistics = p;
        self
    }

    /// Lets this process's worker look for due jobs now rather than at its next poll.
    pub fn wake_worker(&self) {
        self.worker_wake.notify_one();
    }

    pub fn with_translator(mut self, t: Arc<dyn crate::translate::Translator>) -> Self {
        self.translator = t;
        self
    }

    pub fn with_files(mut self, files: Arc<dyn object_store::ObjectStore>) -> Self {
        self.files = files;
        self
    }

    pub fn with_senders(mut self, senders: Senders) -> Self {
        self.senders = senders;
        self
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A fresh, time-ordered id of any entity type. Ids made by one process are strictly
    /// increasing: within a millisecond an 18-bit counter fills the leading random bits, and
    /// when it runs out the millisecond moves on (RFC 9562, method 1 with timestamp increment).
    /// That keeps "newest first" lists right even when many rows share a time.
    pub fn new_id<T: EntityId>(&self) -> T {
        let now_ms = u64::try_from(self.now().as_millisecond()).unwrap_or(0);
        let (ms, counter) = {
            let mut last = ID_STATE.lock().unwrap_or_else(|p| p.into_inner());
            if now_ms > last.0 {
                *last = (now_ms, 0);
            } else if last.1 >= (1 << 18) - 1 {
                *last = (last.0 + 1, 0);
            } else {
                last.1 += 1;
            }
            *last
        };
        let mut random: [u8; 10] = rand::random();
        random[0] = ((counter >> 14) & 0x0f) as u8;
        random[1] = ((counter >> 6) & 0xff) as u8;
        random[2] = (counter & 0x3f) as u8;
        let ts = Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(i64::MAX))
            .unwrap_or(self.now());
        T::new_at(ts, random)
    }
}
