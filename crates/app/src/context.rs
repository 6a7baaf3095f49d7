//! `App`: what every use-case needs (database, clock, settings), cheap to clone.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use shopdeck_domain::ids::EntityId;
use shopdeck_store::Db;

use crate::Clock;

/// Platform-wide settings that use-cases read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request.
    pub session_idle: SignedDuration,
    /// A session ends this long after log-in, however active.
    pub session_absolute: SignedDuration,
    /// How long a worker holds a claimed job before another may take it over.
    pub job_lease: SignedDuration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle: SignedDuration::from_hours(2),
            session_absolute: SignedDuration::from_hours(24 * 7),
            job_lease: SignedDuration::from_mins(5),
        }
    }
}

#[derive(Clone, Debug)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
}

impl App {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        App {
            db,
            clock,
            settings: Arc::new(settings),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A fresh, time-ordered id of any entity type.
    pub fn new_id<T: EntityId>(&self) -> T {
        T::new_at(self.now(), rand::random())
    }
}
