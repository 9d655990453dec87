//! Event cards redrawn after a press (places taken, the member's own sign-up, the buttons).
//!
//! A redraw only shows what the database already holds, and the next one supersedes it. So
//! redraws wait here, in memory, the newest per card, and go out in the pacer's slots the
//! delivery queue leaves (an announcement keeps its rate): within Telegram's limits, and at no
//! cost to the database while thousands press Volunteer at once. A stop loses the redraws not yet sent, never a
//! sign-up: the card is drawn afresh at the member's next press or `/events`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};
use teloxide::{ApiError, RequestError};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::telegram::is_telegram_failure;
use crate::telegram::limits::{Pacer, Slot, admitted};

/// Tries for a redraw that Telegram failed (a 5xx, a broken connection).
const ATTEMPTS: u32 = 3;

/// A card's new text and buttons.
#[derive(Clone, Debug)]
pub struct Redraw {
    pub chat_id: i64,
    pub is_group: bool,
    pub message_id: i32,
    pub text: String,
    pub markup: InlineKeyboardMarkup,
}

/// The handlers' way to redraw cards.
#[derive(Clone, Debug)]
pub struct CardPainter {
    requests: mpsc::UnboundedSender<Redraw>,
    waiting: Arc<AtomicUsize>,
}

impl CardPainter {
    /// Starts the painter; it stops, dropping what it holds, when the last `CardPainter` is
    /// dropped.
    pub fn spawn(bot: Bot, pacer: Arc<Mutex<Pacer>>) -> Self {
        let (requests, received) = mpsc::unbounded_channel();
        let waiting = Arc::new(AtomicUsize::new(0));
        tokio::spawn(paint(bot, pacer, received, waiting.clone()));
        Self { requests, waiting }
    }

    /// Redraws a card soon; a newer redraw of the same card replaces this one while it waits.
    pub fn redraw(&self, redraw: Redraw) {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        // Stopped: the bot is stopping, and the card waits for the next press.
        if self.requests.send(redraw).is_err() {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Work that will ask for redraws, counted as waiting until it is dropped.
    pub fn pending(&self) -> Pending {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        Pending(self.waiting.clone())
    }

    /// Redraws asked for and not yet sent, given up or replaced by a newer one (for
    /// `/metrics` and for tests that wait until every card shows the newest state).
    pub fn waiting(&self) -> CardsWaiting {
        CardsWaiting(self.waiting.clone())
    }
}

/// Counts as a redraw waiting while it lives: handed to work that will ask for redraws (a pass
/// over an event's cards), so the count reaches zero only once that work is done.
#[derive(Debug)]
pub struct Pending(Arc<AtomicUsize>);

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A view of how many redraws the painter still holds.
#[derive(Clone, Debug)]
pub struct CardsWaiting(Arc<AtomicUsize>);

impl CardsWaiting {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Redraws waiting, oldest card first, the newest text of each.
#[derive(Default)]
struct Waiting {
    order: VecDeque<(i64, i32)>,
    latest: HashMap<(i64, i32), (Redraw, u32)>,
}

impl Waiting {
    /// Adds a redraw; true if it replaced an older one of the same card.
    fn add(&mut self, redraw: Redraw, attempts: u32) -> bool {
        let card = (redraw.chat_id, redraw.message_id);
        let replaced = self.latest.insert(card, (redraw, attempts)).is_some();
        if !replaced {
            self.order.push_back(card);
        }
        replaced
    }

    /// Puts back a redraw that could not go yet, unless a newer one came meanwhile; true if
    /// it was put back.
    fn put_back(&mut self, redraw: Redraw, attempts: u32) -> bool {
        let card = (redraw.chat_id, redraw.message_id);
        match self.latest.entry(card) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((redraw, attempts));
                self.order.push_back(card);
                true
            }
            std::collections::hash_map::Entry::Occupied(_) => false,
        }
    }

    fn next(&mut self) -> Option<(Redraw, u32)> {
        let card = self.order.pop_front()?;
        self.latest.remove(&card)
    }
}

async fn paint(
    bot: Bot,
    pacer: Arc<Mutex<Pacer>>,
    mut requests: mpsc::UnboundedReceiver<Redraw>,
    count: Arc<AtomicUsize>,
) {
    let mut waiting = Waiting::default();
    // Every redraw asked for is counted once, when it is done with: sent, given up, or replaced.
    let done = || {
        count.fetch_sub(1, Ordering::SeqCst);
    };
    let add = |waiting: &mut Waiting, redraw: Redraw| {
        if waiting.add(redraw, 0) {
            done();
        }
    };
    let put_back = |waiting: &mut Waiting, redraw: Redraw, attempts: u32| {
        if !waiting.put_back(redraw, attempts) {
            done();
        }
    };
    // Cards put back in a row because their chat was busy, and the earliest one is free again.
    let mut deferred: (usize, Option<Instant>) = (0, None);
    loop {
        if waiting.order.is_empty() {
            match requests.recv().await {
                Some(redraw) => add(&mut waiting, redraw),
                None => return,
            }
        }
        while let Ok(redraw) = requests.try_recv() {
            add(&mut waiting, redraw);
        }
        if deferred.0 >= waiting.order.len()
            && let Some(ready) = deferred.1.take()
        {
            // Every card waits for its chat: wait for the first chat, or for a new card.
            deferred.0 = 0;
            tokio::select! {
                _ = tokio::time::sleep_until(ready) => {}
                redraw = requests.recv() => match redraw {
                    Some(redraw) => add(&mut waiting, redraw),
                    None => return,
                },
            }
            continue;
        }
        let Some((redraw, attempts)) = waiting.next() else {
            continue;
        };
        let slot =
            pacer
                .lock()
                .expect("pacer lock")
                .reserve_spare(redraw.chat_id, redraw.is_group, Instant::now());
        let at = match slot {
            Slot::NotBefore(ready) => {
                deferred = (deferred.0 + 1, Some(deferred.1.map_or(ready, |r| r.min(ready))));
                put_back(&mut waiting, redraw, attempts);
                continue;
            }
            // Replies to people and the queue go first; a newer redraw may replace this one
            // meanwhile.
            Slot::Wait(until) => {
                put_back(&mut waiting, redraw, attempts);
                tokio::time::sleep_until(until).await;
                continue;
            }
            Slot::At(at) => at,
        };
        deferred = (0, None);
        tokio::time::sleep_until(at).await;
        admitted(&pacer).await;
        let sent = bot
            .edit_message_text(
                ChatId(redraw.chat_id),
                MessageId(redraw.message_id),
                redraw.text.clone(),
            )
            .reply_markup(redraw.markup.clone())
            .await;
        match sent {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => done(),
            Err(RequestError::RetryAfter(seconds)) => {
                pacer
                    .lock()
                    .expect("pacer lock")
                    .pause_until(Instant::now() + seconds.duration());
                put_back(&mut waiting, redraw, attempts);
            }
            Err(error) if is_telegram_failure(&error) && attempts + 1 < ATTEMPTS => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                put_back(&mut waiting, redraw, attempts + 1);
            }
            // The message was deleted, the member blocked the bot, or Telegram keeps failing:
            // the card is drawn afresh at the next press.
            Err(error) => {
                tracing::debug!(%error, chat_id = redraw.chat_id, "cannot redraw a card");
                done();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redraw(chat_id: i64, message_id: i32, text: &str) -> Redraw {
        Redraw {
            chat_id,
            is_group: false,
            message_id,
            text: text.to_owned(),
            markup: InlineKeyboardMarkup::default(),
        }
    }

    fn texts(waiting: &mut Waiting) -> Vec<String> {
        std::iter::from_fn(|| waiting.next().map(|(redraw, _)| redraw.text)).collect()
    }

    #[test]
    fn a_newer_redraw_of_a_card_replaces_the_waiting_one_and_keeps_its_place() {
        let mut waiting = Waiting::default();
        waiting.add(redraw(1, 10, "first card, 1 taken"), 0);
        waiting.add(redraw(2, 20, "second card"), 0);
        waiting.add(redraw(1, 10, "first card, 2 taken"), 0);
        waiting.add(redraw(1, 11, "another card in chat 1"), 0);
        assert_eq!(
            texts(&mut waiting),
            ["first card, 2 taken", "second card", "another card in chat 1"]
        );
    }

    #[test]
    fn a_redraw_put_back_never_overwrites_a_newer_one() {
        let mut waiting = Waiting::default();
        waiting.add(redraw(1, 10, "old"), 0);
        let (old, attempts) = waiting.next().unwrap();
        waiting.add(redraw(1, 10, "new"), 0);
        waiting.put_back(old, attempts + 1);
        assert_eq!(texts(&mut waiting), ["new"]);

        waiting.add(redraw(1, 10, "only"), 0);
        let (only, attempts) = waiting.next().unwrap();
        waiting.put_back(only, attempts + 1);
        let (again, attempts) = waiting.next().unwrap();
        assert_eq!((again.text.as_str(), attempts), ("only", 1));
    }
}
