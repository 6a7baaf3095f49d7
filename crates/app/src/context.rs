//! `App`: what every use-case needs (database, clock, settings), cheap to clone.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

static ID_COUNTER: AtomicU16 = AtomicU16::new(0);

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
    /// How long a worker holds a claimed job before another may take it over.
    pub job_lease: SignedDuration,
    /// The address people reach Shopdeck at, for links in emails.
    pub public_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle: SignedDuration::from_hours(2),
            session_absolute: SignedDuration::from_hours(24 * 7),
            job_lease: SignedDuration::from_mins(5),
            public_url: "http://127.0.0.1:8080".to_owned(),
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
}

impl App {
    /// An application whose messages go to the development outbox and whose files are kept
    /// in memory (tests); `serve` sets real ones.
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        App {
            db,
            clock,
            settings: Arc::new(settings),
            senders: Senders::default(),
            files: Arc::new(object_store::memory::InMemory::new()),
        }
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

    /// A fresh, time-ordered id of any entity type. Within one millisecond a process-wide
    /// counter fills the first 12 random bits, so ids made one after another still sort in
    /// the order they were made (UUIDv7's "method 1").
    pub fn new_id<T: EntityId>(&self) -> T {
        let mut random: [u8; 10] = rand::random();
        let n = ID_COUNTER.fetch_add(1, Ordering::Relaxed) & 0x0fff;
        random[0] = (n >> 8) as u8;
        random[1] = (n & 0xff) as u8;
        T::new_at(self.now(), random)
    }
}
