//! Telegram's sending limits, and the pacer that keeps every bulk message within them.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

/// How fast bulk messages may go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeliveryLimits {
    /// Messages per second over all chats (`BROADCAST_RATE`).
    pub per_second: f64,
    /// Least time between two messages to one chat.
    pub chat_interval: Duration,
    /// Messages per minute to one group chat.
    pub group_per_minute: usize,
}

impl DeliveryLimits {
    /// Telegram's limits with the configured global rate: one message a second per chat,
    /// twenty a minute per group.
    pub fn telegram(per_second: u32) -> Self {
        Self {
            per_second: f64::from(per_second),
            chat_interval: Duration::from_secs(1),
            group_per_minute: 20,
        }
    }

    /// Every limit `factor` times looser: for benchmarks against a fake with scaled limits.
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            per_second: self.per_second * factor,
            chat_interval: self.chat_interval.div_f64(factor),
            group_per_minute: (self.group_per_minute as f64 * factor) as usize,
        }
    }

    fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}

const GROUP_WINDOW: Duration = Duration::from_secs(60);

/// How far a sender that woke late may catch up on missed slots. Timers tick in milliseconds,
/// so without this, rates above a few hundred a second would lose a little at every wake-up;
/// two milliseconds of catch-up never adds more than 0.2% to any one-second window.
const CATCH_UP: Duration = Duration::from_millis(2);

/// When a message may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Send at this instant: the slot is reserved.
    At(Instant),
    /// Its chat is not ready before this instant; nothing was reserved.
    NotBefore(Instant),
}

/// Spaces messages evenly at the global rate (so no one-second window ever holds more than the
/// rate), keeps one second between messages to a chat and twenty a minute per group, and
/// holds everything while Telegram's `retry_after` runs.
#[derive(Debug)]
pub struct Pacer {
    limits: DeliveryLimits,
    next_slot: Instant,
    paused_until: Instant,
    last_by_chat: HashMap<i64, Instant>,
    group_sends: HashMap<i64, VecDeque<Instant>>,
    reservations: u64,
}

impl Pacer {
    pub fn new(limits: DeliveryLimits, now: Instant) -> Self {
        Self {
            limits,
            next_slot: now,
            paused_until: now,
            last_by_chat: HashMap::new(),
            group_sends: HashMap::new(),
            reservations: 0,
        }
    }

    /// Reserves the next slot for a message to `chat_id`, unless the chat is busy.
    pub fn reserve(&mut self, chat_id: i64, is_group: bool, now: Instant) -> Slot {
        self.reservations += 1;
        if self.reservations.is_multiple_of(1024) {
            self.forget_old(now);
        }
        let earliest = now.checked_sub(CATCH_UP).unwrap_or(now);
        let slot = earliest.max(self.next_slot).max(self.paused_until);
        // The chat limits count from when the message really goes, never from a caught-up slot.
        let sends_at = slot.max(now);
        let chat_ready = self.chat_ready_at(chat_id, is_group);
        if chat_ready > sends_at {
            return Slot::NotBefore(chat_ready);
        }
        self.next_slot = slot + self.limits.interval();
        self.last_by_chat.insert(chat_id, sends_at);
        if is_group {
            self.group_sends.entry(chat_id).or_default().push_back(sends_at);
        }
        Slot::At(slot)
    }

    /// Reserves a slot for a message that must go now-ish (a progress edit): it still counts.
    pub fn reserve_any(&mut self, now: Instant) -> Instant {
        let slot = now.max(self.next_slot).max(self.paused_until);
        self.next_slot = slot + self.limits.interval();
        slot
    }

    /// Telegram answered 429: nothing goes before `until`.
    pub fn pause_until(&mut self, until: Instant) {
        self.paused_until = self.paused_until.max(until);
    }

    fn chat_ready_at(&mut self, chat_id: i64, is_group: bool) -> Instant {
        let mut ready = self
            .last_by_chat
            .get(&chat_id)
            .map(|last| *last + self.limits.chat_interval);
        if is_group && let Some(sends) = self.group_sends.get_mut(&chat_id) {
            while sends.len() > self.limits.group_per_minute {
                sends.pop_front();
            }
            if sends.len() >= self.limits.group_per_minute {
                let window_frees = sends[sends.len() - self.limits.group_per_minute] + GROUP_WINDOW;
                ready = Some(ready.map_or(window_frees, |r| r.max(window_frees)));
            }
        }
        ready.unwrap_or(self.paused_until)
    }

    /// Keeps memory flat: chats not written to for a while need no entry.
    fn forget_old(&mut self, now: Instant) {
        let chat_interval = self.limits.chat_interval;
        self.last_by_chat.retain(|_, last| *last + chat_interval > now);
        self.group_sends
            .retain(|_, sends| sends.back().is_some_and(|last| *last + GROUP_WINDOW > now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(slot: Slot) -> Instant {
        match slot {
            Slot::At(t) => t,
            Slot::NotBefore(t) => panic!("not ready before {t:?}"),
        }
    }

    #[test]
    fn spaces_messages_evenly_at_the_global_rate() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        let slots: Vec<Instant> = (0..100)
            .map(|chat| at(pacer.reserve(chat, false, start)))
            .collect();
        for pair in slots.windows(2) {
            assert_eq!(pair[1] - pair[0], Duration::from_millis(40));
        }
        // Any one-second window holds at most 25 messages.
        let within_a_second = slots
            .iter()
            .filter(|t| **t < start + Duration::from_secs(1))
            .count();
        assert_eq!(within_a_second, 25);
    }

    #[test]
    fn one_message_a_second_per_chat() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        at(pacer.reserve(7, false, start));
        assert_eq!(
            pacer.reserve(7, false, start),
            Slot::NotBefore(start + Duration::from_secs(1))
        );
        at(pacer.reserve(8, false, start));
        at(pacer.reserve(7, false, start + Duration::from_secs(1)));
    }

    #[test]
    fn twenty_a_minute_per_group() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        for second in 0..20 {
            at(pacer.reserve(-100, true, start + Duration::from_secs(second)));
        }
        let now = start + Duration::from_secs(20);
        assert_eq!(
            pacer.reserve(-100, true, now),
            Slot::NotBefore(start + Duration::from_secs(60))
        );
    }

    #[test]
    fn a_retry_after_holds_everything() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        pacer.pause_until(start + Duration::from_secs(2));
        assert_eq!(
            pacer.reserve(1, false, start),
            Slot::At(start + Duration::from_secs(2))
        );
    }

    #[test]
    fn scaling_loosens_every_limit() {
        let scaled = DeliveryLimits::telegram(25).scaled(100.0);
        assert_eq!(scaled.per_second, 2500.0);
        assert_eq!(scaled.chat_interval, Duration::from_millis(10));
        assert_eq!(scaled.group_per_minute, 2000);
    }
}
