//! Back-pressure on incoming updates: the bot takes from Telegram only as many updates as it
//! can handle at once. In a burst (thousands pressing "Volunteer" together) each update is then
//! answered soon after it is taken, in the order Telegram keeps, instead of all of them slowly;
//! updates not yet taken wait at Telegram, which keeps them until they are fetched.
//!
//! One person flooding the bot must not take those places from everybody else: a person
//! already waiting for [`MAX_WAITING_PER_PERSON`] answers gets no more places; what else they
//! send meanwhile is set aside before the dispatcher sees it (handed to the pipeline's
//! set-aside task: skipped cheaply, with one notice), so the bot keeps taking other people's
//! updates, and the flood never queues behind the flooder's own answers, which Telegram's
//! one-a-second per chat makes slow.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::stream::{self, BoxStream};
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, ChatId, Update, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::{Semaphore, mpsc};

/// Updates being handled at the same time, at most (and so asked of Telegram at once: 100 is
/// the most getUpdates gives). Volunteer presses are signed up together, a write for all the
/// presses in hand: measured with `cargo bench --bench events`, 100 took a burst from about
/// 8,700 to 11,500 presses a second over 48, with p99 near 20-30 ms.
pub const MAX_UPDATES_IN_HAND: usize = 100;

/// Updates of one person in hand at once, at most: a person who taps quickly has one or two;
/// more means they send faster than the bot answers them.
pub const MAX_WAITING_PER_PERSON: usize = 4;

/// A flooding person is told to slow down once in this long, not once per update.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// The updates in hand: the listener takes a place for each, the pipeline gives it back.
#[derive(Clone, Debug)]
pub struct InFlight {
    places: Arc<Semaphore>,
    people: Arc<Mutex<People>>,
}

#[derive(Debug, Default)]
struct People {
    /// Updates in hand per person (Telegram user id).
    waiting: HashMap<u64, usize>,
    /// When each flooding person was last told to slow down.
    warned: HashMap<u64, Instant>,
}

impl Default for InFlight {
    fn default() -> Self {
        Self {
            places: Arc::new(Semaphore::new(MAX_UPDATES_IN_HAND)),
            people: Arc::default(),
        }
    }
}

impl InFlight {
    /// Takes a place for `update` (waiting for one to free), unless its sender already has
    /// as many in hand as anybody may: then it is set aside (`false`).
    async fn take(&self, update: &Update) -> bool {
        let sender = update.from().map(|user| user.id.0);
        if let Some(sender) = sender {
            let mut people = self.people.lock().expect("intake lock");
            let waiting = people.waiting.entry(sender).or_default();
            if *waiting >= MAX_WAITING_PER_PERSON {
                return false;
            }
            *waiting += 1;
        }
        if let Ok(permit) = self.places.acquire().await {
            permit.forget();
        }
        true
    }

    /// Whether to tell `sender`, whose update was set aside, to slow down now.
    pub fn warn_now(&self, sender: u64) -> bool {
        let mut people = self.people.lock().expect("intake lock");
        let now = Instant::now();
        people.warned.retain(|_, at| now.duration_since(*at) < WARN_EVERY);
        if people.warned.contains_key(&sender) {
            return false;
        }
        people.warned.insert(sender, now);
        true
    }

    /// An update that was handled is done with.
    pub fn release(&self, update: &Update) {
        if let Some(sender) = update.from().map(|user| user.id.0) {
            let mut people = self.people.lock().expect("intake lock");
            if let Some(waiting) = people.waiting.get_mut(&sender) {
                *waiting -= 1;
                if *waiting == 0 {
                    people.waiting.remove(&sender);
                }
            }
        }
        self.places.add_permits(1);
    }
}

/// Which updates are handled one after another: a person's button presses, wherever the
/// message pressed is, and everything else by its chat. A burst of presses on one group's event
/// card is then handled side by side, as presses in private chats are, instead of queueing
/// behind each other in the group's line (one person's own presses stay in order).
pub fn sequence_of(update: &Update) -> Option<ChatId> {
    match &update.kind {
        UpdateKind::CallbackQuery(query) => Some(ChatId(query.from.id.0 as i64)),
        _ => update.chat().map(|chat| chat.id),
    }
}

/// Whether an update goes on to the dispatcher. One teloxide cannot read (a kind of message
/// newer than it, say) would only be logged whole there, name, phone and text included, and
/// never handled (so never give its place back): it is skipped here, logged by its id alone.
fn readable<E>(item: &Result<Update, E>) -> bool {
    match item {
        Ok(update) if matches!(update.kind, UpdateKind::Error(_)) => {
            tracing::warn!(
                update_id = update.id.0,
                "skipped an update the bot cannot read (its content is not logged)"
            );
            false
        }
        _ => true,
    }
}

/// A listener that yields an update only when there is room for it: first the updates kept
/// from the last run and never handled, then those of `inner`.
pub struct Admitted<L> {
    inner: L,
    in_flight: InFlight,
    left_over: Vec<Update>,
    set_aside: mpsc::UnboundedSender<Update>,
}

impl<L> Admitted<L> {
    /// Updates of people who flood the bot go to `set_aside` instead of on.
    pub fn new(
        inner: L,
        in_flight: InFlight,
        left_over: Vec<Update>,
        set_aside: mpsc::UnboundedSender<Update>,
    ) -> Self {
        Self {
            inner,
            in_flight,
            left_over,
            set_aside,
        }
    }
}

impl<L: UpdateListener> UpdateListener for Admitted<L>
where
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

impl<'a, L> AsUpdateStream<'a> for Admitted<L>
where
    L: AsUpdateStream<'a>,
    L::StreamErr: Send + 'static,
{
    type StreamErr = L::StreamErr;
    type Stream = BoxStream<'a, Result<Update, L::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let in_flight = self.in_flight.clone();
        let set_aside = self.set_aside.clone();
        let left_over = std::mem::take(&mut self.left_over);
        stream::iter(left_over.into_iter().map(Ok))
            .chain(self.inner.as_stream())
            .filter(|item| std::future::ready(readable(item)))
            .filter_map(move |item| {
                let (in_flight, set_aside) = (in_flight.clone(), set_aside.clone());
                async move {
                    if let Ok(update) = &item
                        && !in_flight.take(update).await
                    {
                        let _ = set_aside.send(update.clone());
                        return None;
                    }
                    Some(item)
                }
            })
            .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn update(kind: serde_json::Value) -> Update {
        let mut value = json!({ "update_id": 1 });
        value
            .as_object_mut()
            .unwrap()
            .extend(kind.as_object().unwrap().clone());
        // As from Telegram: teloxide reads an update from its text.
        let update: Update = serde_json::from_str(&value.to_string()).unwrap();
        assert!(!matches!(update.kind, UpdateKind::Error(_)), "{:?}", update.kind);
        update
    }

    fn group_message(from: i64) -> serde_json::Value {
        json!({
            "message_id": 7, "date": 1700000000, "text": "card",
            "chat": { "id": -100, "type": "group", "title": "Volunteers" },
            "from": { "id": from, "is_bot": false, "first_name": "A" }
        })
    }

    #[test]
    fn presses_on_one_group_card_are_lined_up_by_presser_and_messages_by_chat() {
        let press = |from: i64| {
            update(json!({ "callback_query": {
                "id": format!("q{from}"), "chat_instance": "c", "data": "v:1",
                "from": { "id": from, "is_bot": false, "first_name": "A" },
                "message": group_message(1)
            }}))
        };
        assert_eq!(sequence_of(&press(11)), Some(ChatId(11)));
        assert_eq!(sequence_of(&press(12)), Some(ChatId(12)));
        assert_eq!(
            sequence_of(&update(json!({ "message": group_message(11) }))),
            Some(ChatId(-100))
        );
    }
}
