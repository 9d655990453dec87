//! The time events run on: the system clock, or one a test moves forward.
//!
//! It is the bot's only clock: deadlines, check-in windows, reminders, the delivery queue and
//! every time the database stores read it, so tests jump a day ahead instead of sleeping.
//! (Durations are measured with `Instant`.)

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system time; `None` for the plain system clock.
    offset: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// The system time, movable with [`Clock::advance`].
    pub fn adjustable() -> Self {
        Self {
            offset: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.as_ref().map_or(0, |o| o.load(Ordering::Relaxed));
        Utc::now() + chrono::Duration::seconds(offset)
    }

    /// Seconds since the epoch: how the database stores time.
    pub fn unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Milliseconds since the epoch: how the delivery queue stores time.
    pub fn ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// Moves an adjustable clock forward (or back); the system clock cannot be moved.
    pub fn advance(&self, by: chrono::Duration) {
        match &self.offset {
            Some(offset) => {
                offset.fetch_add(by.num_seconds(), Ordering::Relaxed);
            }
            None => tracing::warn!("the system clock cannot be moved"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_moves_and_its_clones_follow() {
        let clock = Clock::adjustable();
        let copy = clock.clone();
        let before = copy.unix();
        clock.advance(chrono::Duration::hours(24));
        assert!(copy.unix() - before >= 86_400);
    }
}
