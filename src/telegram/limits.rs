//! Telegram's sending limits, and the pacer that keeps every message the bot sends within them:
//! replies to people and bulk messages share one budget, and replies come first.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

/// How fast messages may go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeliveryLimits {
    /// Bulk messages per second over all chats (`BROADCAST_RATE`).
    pub per_second: f64,
    /// Every message per second, replies and bulk together: Telegram's budget of about 30,
    /// with a margin for the time a request takes to reach it.
    pub overall_per_second: f64,
    /// Time for a chat to earn one more message once its burst is spent.
    pub chat_interval: Duration,
    /// Messages a chat may get in a row before it waits a `chat_interval` for each (replies
    /// only: bulk keeps a whole `chat_interval` between two messages to one chat).
    pub chat_burst: u32,
    /// Messages per minute to one group chat.
    pub group_per_minute: usize,
}

/// The most messages a second the bot sends at all: Telegram answers 429 past about 30.
pub const OVERALL_PER_SECOND: f64 = 28.0;

impl DeliveryLimits {
    /// Telegram's limits with the configured bulk rate: about 30 messages a second in all, one
    /// a second per chat after a short burst, twenty a minute per group. The bot's burst is one
    /// less than Telegram allows, for the same margin.
    pub fn telegram(per_second: u32) -> Self {
        let per_second = f64::from(per_second);
        Self {
            per_second,
            overall_per_second: OVERALL_PER_SECOND.max(per_second),
            chat_interval: Duration::from_secs(1),
            chat_burst: 2,
            group_per_minute: 20,
        }
    }

    /// Every limit `factor` times looser: for benchmarks against a fake with scaled limits.
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            per_second: self.per_second * factor,
            overall_per_second: self.overall_per_second * factor,
            chat_interval: self.chat_interval.div_f64(factor),
            chat_burst: self.chat_burst,
            group_per_minute: (self.group_per_minute as f64 * factor) as usize,
        }
    }
}

/// Telegram's minute for a group's twenty messages, and a second more: Telegram counts a
/// message when it arrives, so one sent the instant the bot's own minute ended could arrive
/// before Telegram's ended (the fake Bot API, as strict as Telegram, answered 429 to such a
/// redraw of a group's card).
const GROUP_WINDOW: Duration = Duration::from_secs(61);

/// How far a bulk sender that woke late may catch up on missed slots. Timers tick in
/// milliseconds, so without this, rates above a few hundred a second would lose a little at
/// every wake-up; two milliseconds of catch-up never adds more than 0.2% to any one-second
/// window.
const CATCH_UP: Duration = Duration::from_millis(2);

/// A slot less than this ahead is taken by a bulk sender now: a timer cannot wait less.
const TICK: Duration = Duration::from_millis(1);

/// The queue counts as sending while its next message was due less than this long ago (between
/// two batches it reads the next from the database).
const QUEUE_PAUSE: Duration = Duration::from_millis(200);

/// When a bulk message may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Send at this instant: the slot is reserved.
    At(Instant),
    /// Its chat is not ready before this instant; nothing was reserved.
    NotBefore(Instant),
    /// Replies (or a `retry_after`; for a redraw, its own rate) hold the budget until this
    /// instant; nothing was reserved: ask again then.
    Wait(Instant),
}

/// What a chat has had lately.
#[derive(Clone, Copy, Debug)]
struct ChatSends {
    /// The last message to the chat (reserved: it may lie ahead).
    last: Instant,
    /// Messages the chat could still take right after `last`, of its burst.
    left: f64,
}

/// Hands out the moments at which messages may go. Time is cut into evenly spaced slots at the
/// overall rate, one message each, so no one-second window holds more than the budget; a reply
/// takes the first free slot its chat allows (queued in the order asked), a bulk message only
/// a slot that is free now and within the bulk rate, so bulk gives way while people wait for
/// answers. It keeps one second between bulk messages to a chat, a burst then one a second
/// for replies, twenty a minute per group, and holds everything while Telegram's
/// `retry_after` runs.
#[derive(Debug)]
pub struct Pacer {
    limits: DeliveryLimits,
    /// The start of slot 0.
    origin: Instant,
    slot_length: Duration,
    /// Slots reserved from the current one on.
    taken: BTreeSet<u64>,
    next_bulk: Instant,
    /// When the next redraw may go, at the bulk rate (see [`Pacer::reserve_spare`]).
    next_spare: Instant,
    paused_until: Instant,
    chats: HashMap<i64, ChatSends>,
    group_sends: HashMap<i64, VecDeque<Instant>>,
    /// When messages really went, over the last second.
    gone: VecDeque<Instant>,
    reservations: u64,
}

impl Pacer {
    pub fn new(limits: DeliveryLimits, now: Instant) -> Self {
        Self {
            limits,
            origin: now,
            slot_length: Duration::from_secs_f64(1.0 / limits.overall_per_second),
            taken: BTreeSet::new(),
            next_bulk: now,
            next_spare: now,
            paused_until: now,
            chats: HashMap::new(),
            group_sends: HashMap::new(),
            gone: VecDeque::new(),
            reservations: 0,
        }
    }

    /// Reserves a slot for a bulk message to `chat_id` if one is free now.
    pub fn reserve(&mut self, chat_id: i64, is_group: bool, now: Instant) -> Slot {
        self.tidy(now);
        let at = match self.free_slot_now(chat_id, is_group, now, self.next_bulk) {
            Ok(at) => at,
            Err(slot) => return slot,
        };
        // From the ideal moment, not the slot's: slots fall on the overall rate's grid, and
        // counting from them would send bulk slower than its rate.
        let ideal = self.next_bulk.max(at.checked_sub(self.slot_length).unwrap_or(at));
        self.next_bulk = ideal + Duration::from_secs_f64(1.0 / self.limits.per_second);
        // The chat limits count from when the message really goes, never from a caught-up slot.
        self.record(chat_id, is_group, at.max(now));
        Slot::At(at)
    }

    /// Reserves a slot for a card's redraw if one is free now. A redraw only shows figures the
    /// database already holds, so while the queue sends, redraws take only what Telegram's
    /// budget leaves beside the bulk rate (3 a second, at least one a chat interval) and an
    /// announcement keeps its rate through a burst of presses; while the queue is idle they go
    /// at the bulk rate.
    pub fn reserve_spare(&mut self, chat_id: i64, is_group: bool, now: Instant) -> Slot {
        self.tidy(now);
        let at = match self.free_slot_now(chat_id, is_group, now, self.next_spare) {
            Ok(at) => at,
            Err(slot) => return slot,
        };
        let queue_sending = self.next_bulk + QUEUE_PAUSE > now;
        let rate = if queue_sending {
            let floor = 1.0 / self.limits.chat_interval.as_secs_f64();
            (self.limits.overall_per_second - self.limits.per_second).max(floor)
        } else {
            self.limits.per_second
        };
        let ideal = self
            .next_spare
            .max(at.checked_sub(self.slot_length).unwrap_or(at));
        self.next_spare = ideal + Duration::from_secs_f64(1.0 / rate);
        self.record(chat_id, is_group, at.max(now));
        Slot::At(at)
    }

    /// Takes the first slot free from `pace` (the kind's next due moment) that the chat allows,
    /// if it falls now; otherwise says when to ask again.
    fn free_slot_now(
        &mut self,
        chat_id: i64,
        is_group: bool,
        now: Instant,
        pace: Instant,
    ) -> Result<Instant, Slot> {
        let earliest = now
            .checked_sub(CATCH_UP)
            .unwrap_or(now)
            .max(pace)
            .max(self.paused_until);
        let chat_ready = self.chat_ready_at(chat_id, is_group, true);
        if chat_ready > earliest.max(now) + TICK {
            return Err(Slot::NotBefore(chat_ready));
        }
        let slot = self.first_free_slot(earliest.max(chat_ready));
        let at = self.slot_time(slot);
        if at > now + TICK {
            return Err(Slot::Wait(at));
        }
        self.taken.insert(slot);
        Ok(at)
    }

    /// Reserves the first slot `chat_id` may have for a reply (or another message a person is
    /// waiting for): the instant to send it at.
    pub fn reserve_reply(&mut self, chat_id: i64, is_group: bool, now: Instant) -> Instant {
        self.tidy(now);
        let earliest = now
            .max(self.paused_until)
            .max(self.chat_ready_at(chat_id, is_group, false));
        let slot = self.first_free_slot(earliest);
        let at = self.slot_time(slot).max(earliest);
        self.taken.insert(slot);
        self.record(chat_id, is_group, at);
        at
    }

    /// Called when a message whose slot came is about to go: it goes (`None`) unless the last
    /// second already saw the budget go out, as when senders woke late from their slots and
    /// now go together; then it should wait until the instant returned.
    pub fn admit(&mut self, now: Instant) -> Option<Instant> {
        let second = Duration::from_secs(1);
        while self.gone.front().is_some_and(|at| *at + second <= now) {
            self.gone.pop_front();
        }
        if self.gone.len() as f64 >= self.limits.overall_per_second.ceil() {
            return self.gone.front().map(|first| *first + second);
        }
        self.gone.push_back(now);
        None
    }

    /// Until when Telegram's `retry_after` holds every message.
    pub fn paused_until(&self) -> Instant {
        self.paused_until
    }

    /// Telegram answered 429: nothing goes before `until`.
    pub fn pause_until(&mut self, until: Instant) {
        self.paused_until = self.paused_until.max(until);
    }

    fn slot_index(&self, at: Instant) -> u64 {
        let since = at.saturating_duration_since(self.origin);
        since.as_nanos().div_ceil(self.slot_length.as_nanos()) as u64
    }

    fn slot_time(&self, slot: u64) -> Instant {
        self.origin + Duration::from_nanos((self.slot_length.as_nanos() * u128::from(slot)) as u64)
    }

    fn first_free_slot(&self, earliest: Instant) -> u64 {
        let mut slot = self.slot_index(earliest);
        while self.taken.contains(&slot) {
            slot += 1;
        }
        slot
    }

    /// The earliest instant the chat may have its next message.
    fn chat_ready_at(&mut self, chat_id: i64, is_group: bool, bulk: bool) -> Instant {
        let interval = self.limits.chat_interval;
        let mut ready = self.chats.get(&chat_id).map(|sends| {
            if bulk {
                sends.last + interval
            } else {
                sends.last + interval.mul_f64((1.0 - sends.left).max(0.0))
            }
        });
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

    fn record(&mut self, chat_id: i64, is_group: bool, at: Instant) {
        let burst = f64::from(self.limits.chat_burst.max(1));
        let interval = self.limits.chat_interval.as_secs_f64();
        let sends = self.chats.entry(chat_id).or_insert(ChatSends {
            last: at,
            left: burst,
        });
        let earned = at.saturating_duration_since(sends.last).as_secs_f64() / interval;
        sends.left = (sends.left + earned).min(burst) - 1.0;
        sends.last = sends.last.max(at);
        if is_group {
            self.group_sends.entry(chat_id).or_default().push_back(at);
        }
    }

    /// Keeps memory flat: slots gone by, and chats whose limits have reset, need no entry.
    fn tidy(&mut self, now: Instant) {
        let current = self.slot_index(now.checked_sub(CATCH_UP).unwrap_or(now));
        while self.taken.first().is_some_and(|slot| *slot < current) {
            self.taken.pop_first();
        }
        self.reservations += 1;
        if self.reservations.is_multiple_of(1024) {
            let reset = self.limits.chat_interval * self.limits.chat_burst.max(1);
            self.chats.retain(|_, sends| sends.last + reset > now);
            self.group_sends
                .retain(|_, sends| sends.back().is_some_and(|last| *last + GROUP_WINDOW > now));
        }
    }
}

/// Waits until `pacer` lets a message whose slot came go (see [`Pacer::admit`]).
pub async fn admitted(pacer: &std::sync::Mutex<Pacer>) {
    loop {
        let wait = pacer.lock().expect("pacer lock").admit(Instant::now());
        match wait {
            None => return,
            Some(until) => tokio::time::sleep_until(until).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `count` bulk messages, to the chats `chat(i)`, as a sender that waits whenever
    /// asked to: the instants they go at.
    fn bulk(pacer: &mut Pacer, start: Instant, count: i64, chat: impl Fn(i64) -> i64) -> Vec<Instant> {
        let mut now = start;
        let mut sent = Vec::new();
        for i in 0..count {
            loop {
                match pacer.reserve(chat(i), false, now) {
                    Slot::At(at) => {
                        sent.push(at);
                        break;
                    }
                    Slot::Wait(until) | Slot::NotBefore(until) => now = until,
                }
            }
        }
        sent
    }

    fn most_in_one_second(sent: &[Instant]) -> usize {
        (0..sent.len())
            .map(|i| {
                sent[i..]
                    .iter()
                    .take_while(|t| t.duration_since(sent[i]) < Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn bulk_goes_at_its_rate() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        let sent = bulk(&mut pacer, start, 250, |i| i);
        let took = sent[249].duration_since(sent[0]).as_secs_f64();
        assert!(
            (took - 249.0 / 25.0).abs() < 0.1,
            "250 at 25 a second took {took} s"
        );
        assert!(most_in_one_second(&sent) <= 26);
    }

    #[test]
    fn one_bulk_message_a_second_per_chat() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        assert!(matches!(pacer.reserve(7, false, start), Slot::At(_)));
        assert_eq!(
            pacer.reserve(7, false, start),
            Slot::NotBefore(start + Duration::from_secs(1))
        );
        let sent = bulk(&mut pacer, start, 1, |_| 8);
        assert!(sent[0] < start + Duration::from_millis(100));
    }

    #[test]
    fn replies_get_a_burst_then_one_a_second() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        let first = pacer.reserve_reply(5, false, start);
        let second = pacer.reserve_reply(5, false, start);
        let third = pacer.reserve_reply(5, false, start);
        assert!(second.duration_since(first) < Duration::from_millis(100));
        // The chat earns one message a second: the third waits for it.
        assert!(third.duration_since(first) >= Duration::from_millis(990));
    }

    #[test]
    fn replies_share_the_overall_budget_and_bulk_gives_way() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        // A rush: 300 people are answered at the overall rate, in the order they asked.
        let replies: Vec<Instant> = (0..300)
            .map(|chat| pacer.reserve_reply(chat, false, start))
            .collect();
        assert!(replies.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(most_in_one_second(&replies) <= 30);
        let last = replies[299].duration_since(start).as_secs_f64();
        assert!(
            last < 300.0 / OVERALL_PER_SECOND + 0.1,
            "the last reply waits {last} s"
        );
        // Bulk waits until the replies are out.
        match pacer.reserve(1_000, false, start) {
            Slot::Wait(until) => assert!(until > replies[299]),
            other => panic!("bulk went before the replies: {other:?}"),
        }
        // Together, never more than the budget in any second.
        let mut all = replies.clone();
        all.extend(bulk(&mut pacer, start, 100, |i| 1_000 + i));
        all.sort();
        assert!(most_in_one_second(&all) <= 30);
    }

    /// A bulk sender and a redraw painter asking whenever told, over `seconds`: the instants
    /// each got.
    fn bulk_and_spare(
        pacer: &mut Pacer,
        start: Instant,
        seconds: u64,
        bulk: bool,
    ) -> (Vec<Instant>, Vec<Instant>) {
        let end = start + Duration::from_secs(seconds);
        let (mut bulk_now, mut spare_now) = (if bulk { start } else { end }, start);
        let (mut bulk_sent, mut spare_sent) = (Vec::new(), Vec::new());
        let mut chat = 0;
        while bulk_now.min(spare_now) < end {
            chat += 1;
            if bulk_now <= spare_now {
                match pacer.reserve(chat, false, bulk_now) {
                    Slot::At(at) => bulk_sent.push(at),
                    Slot::Wait(until) | Slot::NotBefore(until) => bulk_now = until,
                }
            } else {
                match pacer.reserve_spare(chat, false, spare_now) {
                    Slot::At(at) => spare_sent.push(at),
                    Slot::Wait(until) | Slot::NotBefore(until) => spare_now = until,
                }
            }
        }
        (bulk_sent, spare_sent)
    }

    #[test]
    fn redraws_take_the_slots_the_queue_leaves() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        let (bulk, spare) = bulk_and_spare(&mut pacer, start, 10, true);
        // The queue keeps its rate; redraws get the rest of Telegram's budget.
        assert!(bulk.len() >= 240, "the queue sent {} in 10 s", bulk.len());
        assert!(
            (20..=35).contains(&spare.len()),
            "{} redraws in 10 s",
            spare.len()
        );
        let mut all = [bulk, spare].concat();
        all.sort();
        assert!(most_in_one_second(&all) <= 28);
    }

    #[test]
    fn redraws_go_at_the_bulk_rate_while_the_queue_is_idle() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        let (_, spare) = bulk_and_spare(&mut pacer, start, 10, false);
        assert!(
            (240..=251).contains(&spare.len()),
            "{} redraws in 10 s",
            spare.len()
        );
    }

    #[test]
    fn senders_that_woke_late_do_not_go_out_together() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        for _ in 0..28 {
            assert_eq!(pacer.admit(start), None);
        }
        assert_eq!(pacer.admit(start), Some(start + Duration::from_secs(1)));
        assert_eq!(pacer.admit(start + Duration::from_secs(1)), None);
    }

    #[test]
    fn twenty_a_minute_per_group() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        for second in 0..20 {
            let now = start + Duration::from_secs(second);
            let slot = pacer.reserve(-100, true, now);
            assert!(matches!(slot, Slot::At(_)), "second {second}: {slot:?}");
        }
        let now = start + Duration::from_secs(20);
        // A minute and the second of margin after the first.
        assert_eq!(
            pacer.reserve(-100, true, now),
            Slot::NotBefore(start + Duration::from_secs(61))
        );
        let reply = pacer.reserve_reply(-100, true, now);
        let window_frees = start + Duration::from_secs(61);
        assert!(reply >= window_frees && reply < window_frees + Duration::from_millis(50));
    }

    #[test]
    fn a_retry_after_holds_everything() {
        let start = Instant::now();
        let mut pacer = Pacer::new(DeliveryLimits::telegram(25), start);
        pacer.pause_until(start + Duration::from_secs(2));
        let resume = start + Duration::from_secs(2);
        match pacer.reserve(1, false, start) {
            Slot::Wait(until) => assert!(until >= resume && until < resume + Duration::from_millis(50)),
            other => panic!("{other:?} during a retry_after"),
        }
        assert!(pacer.reserve_reply(2, false, start) >= start + Duration::from_secs(2));
    }

    #[test]
    fn scaling_loosens_every_limit() {
        let scaled = DeliveryLimits::telegram(25).scaled(100.0);
        assert_eq!(scaled.per_second, 2500.0);
        assert_eq!(scaled.overall_per_second, 2800.0);
        assert_eq!(scaled.chat_interval, Duration::from_millis(10));
        assert_eq!(scaled.group_per_minute, 2000);
    }
}
