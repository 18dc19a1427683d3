//! Injectable time source. The diary never reads the system time directly, so
//! expiry, 24-hour and business-day rules are tested deterministically.

use std::fmt;
use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// A source of the current instant (UTC).
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> OffsetDateTime;
}

/// The real system clock (the default).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until it is set or advanced; for tests and
/// simulations.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: OffsetDateTime) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Shows `instant` from now on.
    pub fn set(&self, instant: OffsetDateTime) {
        *self.lock() = instant;
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.lock();
        *now += by;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OffsetDateTime> {
        // A poisoned clock still holds a valid instant.
        self.now.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn manual_clock_is_settable_and_advances() {
        let c = ManualClock::new(datetime!(2024-09-02 08:00 UTC));
        assert_eq!(c.now(), datetime!(2024-09-02 08:00 UTC));
        c.advance(Duration::hours(25));
        assert_eq!(c.now(), datetime!(2024-09-03 09:00 UTC));
        c.set(datetime!(2025-01-01 00:00 UTC));
        assert_eq!(c.now(), datetime!(2025-01-01 00:00 UTC));
    }
}
