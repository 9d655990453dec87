//! The background task that works the delivery queue.
//!
//! It claims due messages in small batches, sends each at a slot the [`Pacer`] gives, with up
//! to [`MAX_IN_FLIGHT`] requests at once (so one slow answer, such as teloxide's ten-second wait
//! on a 5xx, never holds up the rest), and records every outcome in the database. On a graceful
//! stop it sends nothing new, waits for the requests in flight and records them: nothing is sent
//! twice. After a kill, the messages that were in flight are sent again: at most
//! [`MAX_IN_FLIGHT`] duplicates.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::db::Db;
use crate::db::deliveries::{self, Button, Delivery, Outcome, Payload};
use crate::monitoring;

use super::QueueBell;
use crate::telegram::limits::{DeliveryLimits, Pacer, Slot, admitted};

/// Requests to Telegram at the same time.
pub const MAX_IN_FLIGHT: usize = 32;
/// Tries for a message that meets network errors or 5xx answers.
pub const MAX_ATTEMPTS: i64 = 5;

/// The running worker.
pub struct DeliveryWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    pub pacer: Arc<Mutex<Pacer>>,
}

impl DeliveryWorker {
    pub fn spawn(pool: Db, clock: Clock, bot: Bot, limits: DeliveryLimits, bell: QueueBell) -> Self {
        let (stop, stopped) = watch::channel(false);
        let pacer = Arc::new(Mutex::new(Pacer::new(limits, Instant::now())));
        let task = tokio::spawn(run(pool, clock, bot, limits, bell, pacer.clone(), stopped));
        Self { stop, task, pacer }
    }

    /// Sends nothing new, waits for the requests in flight, records their outcomes.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the delivery worker failed");
        }
    }
}

async fn run(
    pool: Db,
    clock: Clock,
    bot: Bot,
    limits: DeliveryLimits,
    bell: QueueBell,
    pacer: Arc<Mutex<Pacer>>,
    mut stopped: watch::Receiver<bool>,
) {
    match deliveries::requeue_in_flight(&pool).await {
        Ok(0) => {}
        Ok(count) => tracing::warn!(count, "messages in flight at the last stop are queued again"),
        Err(error) => tracing::error!(%error, "cannot requeue messages in flight"),
    }
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let (outcomes, outcomes_rx) = mpsc::unbounded_channel();
    let recorder = tokio::spawn(record_outcomes(pool.clone(), clock.clone(), outcomes_rx));
    // About a second of work per batch, so a cancelled broadcast stops within a second.
    let batch = (limits.per_second as i64).clamp(5, 500);

    'work: loop {
        if *stopped.borrow() {
            break;
        }
        let claimed = match deliveries::claim_due(&pool, clock.ms(), batch).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::error!(%error, "cannot read the delivery queue");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if claimed.is_empty() {
            let next_due = deliveries::next_due_ms(&pool).await.ok().flatten();
            let wait = next_due.map_or(500, |due| (due - clock.ms()).clamp(1, 500));
            tokio::select! {
                _ = bell.wait() => {}
                _ = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
                _ = stopped.changed() => {}
            }
            continue;
        }
        let mut queue = claimed.into_iter();
        while let Some(delivery) = queue.next() {
            let slot = loop {
                let slot = pacer
                    .lock()
                    .unwrap()
                    .reserve(delivery.chat_id, delivery.is_group, Instant::now());
                let Slot::Wait(until) = slot else {
                    break slot;
                };
                // Replies to people go first: wait for the budget, then ask again.
                tokio::select! {
                    _ = tokio::time::sleep_until(until) => {}
                    _ = stopped.changed() => break Slot::Wait(until),
                }
            };
            let at = match slot {
                Slot::NotBefore(ready) => {
                    let _ = outcomes.send((
                        delivery,
                        Outcome::Unclaimed {
                            at_ms: to_epoch_ms(&clock, ready),
                        },
                    ));
                    continue;
                }
                Slot::Wait(_) => {
                    for unsent in std::iter::once(delivery).chain(queue) {
                        let _ = outcomes.send((unsent, Outcome::Unclaimed { at_ms: clock.ms() }));
                    }
                    break 'work;
                }
                Slot::At(at) => at,
            };
            // A timer costs at least one millisecond tick, even for an instant already past: at
            // high (benchmark) rates a slot less than a tick away goes now, and the even spacing
            // of the later slots keeps the average rate.
            let must_wait = at > Instant::now() + Duration::from_millis(1);
            let stopping = if must_wait {
                tokio::select! {
                    _ = tokio::time::sleep_until(at) => false,
                    _ = stopped.changed() => true,
                }
            } else {
                *stopped.borrow()
            };
            if stopping {
                for unsent in std::iter::once(delivery).chain(queue) {
                    let _ = outcomes.send((unsent, Outcome::Unclaimed { at_ms: clock.ms() }));
                }
                break 'work;
            }
            admitted(&pacer).await;
            let permit = in_flight
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let (bot, pacer, outcomes, clock) = (bot.clone(), pacer.clone(), outcomes.clone(), clock.clone());
            tokio::spawn(async move {
                let outcome = deliver(&bot, &delivery, &pacer, &clock).await;
                let _ = outcomes.send((delivery, outcome));
                drop(permit);
            });
        }
    }

    // Graceful stop: the requests in flight finish and are recorded.
    let _ = in_flight.acquire_many(MAX_IN_FLIGHT as u32).await;
    drop(outcomes);
    if let Err(error) = recorder.await {
        tracing::error!(%error, "the outcome recorder failed");
    }
}

/// Sends one message and decides what its answer means.
async fn deliver(bot: &Bot, delivery: &Delivery, pacer: &Mutex<Pacer>, clock: &Clock) -> Outcome {
    let payload: Payload = match serde_json::from_str(&delivery.payload) {
        Ok(payload) => payload,
        Err(error) => {
            return Outcome::Failed {
                reason: format!("unreadable payload: {error}"),
            };
        }
    };
    let chat = ChatId(delivery.chat_id);
    let sent: Result<MessageId, RequestError> = match payload {
        Payload::Copy {
            from_chat_id,
            message_id,
            button,
        } => {
            let request = bot.copy_message(chat, ChatId(from_chat_id), MessageId(message_id));
            match button {
                Some(button) => request.reply_markup(keyboard(&[button])).await,
                None => request.await,
            }
        }
        Payload::Text { text, buttons } => {
            let request = bot.send_message(chat, text);
            let sent = if buttons.is_empty() {
                request.await
            } else {
                request.reply_markup(keyboard(&buttons)).await
            };
            sent.map(|message| message.id)
        }
        Payload::Photo { png_base64, caption } => {
            let png = match base64::engine::general_purpose::STANDARD.decode(png_base64) {
                Ok(png) => png,
                Err(error) => {
                    return Outcome::Failed {
                        reason: format!("unreadable picture: {error}"),
                    };
                }
            };
            let photo = teloxide::types::InputFile::memory(png).file_name("chart.png");
            bot.send_photo(chat, photo)
                .caption(caption)
                .await
                .map(|message| message.id)
        }
    };
    match sent {
        Ok(message_id) => Outcome::Delivered {
            message_id: message_id.0,
        },
        Err(error) => classify(error, delivery.attempts, pacer, clock.ms()),
    }
}

fn keyboard(buttons: &[Button]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.iter().map(|b| {
        vec![InlineKeyboardButton::callback(
            b.label.clone(),
            b.callback_data.clone(),
        )]
    }))
}

/// 429: wait as told, for everything; 403: blocked; 400: failed with the reason; network
/// errors and 5xx: retry with backoff, then give up.
fn classify(error: RequestError, attempts: i64, pacer: &Mutex<Pacer>, now_ms: i64) -> Outcome {
    match error {
        RequestError::RetryAfter(seconds) => {
            let wait = seconds.duration();
            pacer.lock().unwrap().pause_until(Instant::now() + wait);
            metrics::counter!(monitoring::TOO_MANY_REQUESTS).increment(1);
            tracing::warn!(seconds = wait.as_secs(), "Telegram asked to slow down");
            Outcome::Retry {
                at_ms: now_ms + wait.as_millis() as i64,
                attempt: false,
                reason: None,
            }
        }
        RequestError::Api(api) => {
            let reason = api.to_string();
            if reason.starts_with("Forbidden") {
                Outcome::Blocked { reason }
            } else if reason.starts_with("Bad Request") {
                Outcome::Failed { reason }
            } else {
                transient(reason, attempts, now_ms)
            }
        }
        RequestError::MigrateToChatId(_) => Outcome::Failed {
            reason: error.to_string(),
        },
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            transient(error.to_string(), attempts, now_ms)
        }
    }
}

fn transient(reason: String, attempts: i64, now_ms: i64) -> Outcome {
    let attempt = attempts + 1;
    if attempt >= MAX_ATTEMPTS {
        return Outcome::Failed { reason };
    }
    let backoff = Duration::from_secs(1 << attempt.min(6));
    Outcome::Retry {
        at_ms: now_ms + backoff.as_millis() as i64,
        attempt: true,
        reason: Some(reason),
    }
}

fn to_epoch_ms(clock: &Clock, instant: Instant) -> i64 {
    clock.ms() + instant.saturating_duration_since(Instant::now()).as_millis() as i64
}

/// Writes outcomes in small transactions: every 20 ms or 256 outcomes, whichever comes first.
async fn record_outcomes(pool: Db, clock: Clock, mut outcomes: mpsc::UnboundedReceiver<(Delivery, Outcome)>) {
    let mut buffer = Vec::new();
    while let Some(first) = outcomes.recv().await {
        buffer.push(first);
        let deadline = tokio::time::sleep(Duration::from_millis(20));
        tokio::pin!(deadline);
        while buffer.len() < 256 {
            tokio::select! {
                next = outcomes.recv() => match next {
                    Some(outcome) => buffer.push(outcome),
                    None => break,
                },
                _ = &mut deadline => break,
            }
        }
        // An outcome must not be lost: a locked database is waited out.
        let mut delay = Duration::from_millis(50);
        while let Err(error) = deliveries::record(&pool, &buffer, clock.ms()).await {
            tracing::error!(%error, "cannot record delivery outcomes; retrying");
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
        }
        count_outcomes(&buffer);
        buffer.clear();
    }
}

/// Counts recorded outcomes for `/metrics`.
fn count_outcomes(outcomes: &[(Delivery, Outcome)]) {
    for (_, outcome) in outcomes {
        let result = match outcome {
            Outcome::Delivered { .. } => "delivered",
            Outcome::Blocked { .. } => "blocked",
            Outcome::Failed { .. } => "failed",
            Outcome::Retry { .. } => "retried",
            Outcome::Unclaimed { .. } => continue,
        };
        metrics::counter!(monitoring::MESSAGES, "result" => result).increment(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_errors_back_off_then_fail() {
        assert!(matches!(
            transient("Bad Gateway".into(), 0, 0),
            Outcome::Retry { attempt: true, .. }
        ));
        assert!(matches!(
            transient("Bad Gateway".into(), MAX_ATTEMPTS - 1, 0),
            Outcome::Failed { .. }
        ));
    }
}
