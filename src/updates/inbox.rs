//! Every update is a row from the moment Telegram forgets it until it is handled.
//!
//! Telegram counts an update as delivered as soon as the bot asks for the ones after it, and the
//! bot asks while the last updates it took are still being handled (up to
//! [`MAX_UPDATES_IN_HAND`](super::intake::MAX_UPDATES_IN_HAND)): a crash would lose those, as
//! nobody would send them again. So each batch is stored in one statement before its updates are
//! handed on (and so before the next getUpdates), handling an update removes its row, and the
//! next start hands on first the stored updates that were never handled ([`left_over`], through
//! [`Admitted`](super::intake::Admitted)). One that was handled but not yet recorded as handled
//! when the bot died is handled a second time.
//!
//! By webhook the same holds: Telegram counts an update as delivered once the bot answers its
//! post, and teloxide answers as soon as the update waits in memory; [`keep_posted`] stores it
//! before that answer leaves.
//!
//! [`KeptPolling`] is otherwise teloxide's `Polling`: a pause after errors (as Telegram asks
//! after a 429, else doubling from one second, here up to [`MAX_PAUSE`]), and a last request on
//! stopping that tells Telegram which updates were taken.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request as HttpRequest, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::future::{FutureExt, Shared};
use futures::stream::{self, BoxStream, StreamExt};
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use crate::clock::Clock;
use crate::db::{Db, updates};

/// The longest pause between two getUpdates after errors: once Telegram is back, updates flow
/// again within this.
pub const MAX_PAUSE: Duration = Duration::from_secs(16);

/// Long polling whose updates are kept in the database until they are handled.
pub struct KeptPolling {
    bot: Bot,
    pool: Db,
    clock: Clock,
    timeout: Duration,
    limit: u8,
    allowed_updates: Option<Vec<AllowedUpdate>>,
    offset: i32,
    stop_token: StopToken,
    stopped: Shared<StopFlag>,
}

impl KeptPolling {
    /// Asks for at most `limit` updates at a time, waiting up to `timeout` for news.
    pub fn new(bot: Bot, pool: Db, clock: Clock, timeout: Duration, limit: u8) -> Self {
        let (stop_token, stopped) = mk_stop_token();
        Self {
            bot,
            pool,
            clock,
            timeout,
            limit,
            allowed_updates: None,
            offset: 0,
            stop_token,
            stopped: stopped.shared(),
        }
    }

    /// The next batch from Telegram, once it is stored. `None` once stopped.
    async fn next_batch(
        &mut self,
        pause: &mut Option<Duration>,
    ) -> Option<Vec<Result<Update, RequestError>>> {
        if let Some(pause) = pause.take() {
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.stopped.clone() => {}
            }
        }
        if self.stopped.peek().is_some() {
            self.acknowledge().await;
            return None;
        }
        let mut request = self
            .bot
            .get_updates()
            .offset(self.offset)
            .limit(self.limit)
            .timeout(self.timeout.as_secs() as u32);
        if let Some(allowed) = &self.allowed_updates {
            request = request.allowed_updates(allowed.clone());
        }
        let answer = tokio::select! {
            answer = request.send() => answer,
            _ = self.stopped.clone() => {
                self.acknowledge().await;
                return None;
            }
        };
        match answer {
            Ok(batch) => {
                *pause = None;
                if let Some(last) = batch.last() {
                    self.offset = last.id.as_offset();
                }
                keep(&self.pool, &batch, self.clock.unix()).await;
                Some(batch.into_iter().map(Ok).collect())
            }
            Err(error) => {
                *pause = Some(match &error {
                    RequestError::RetryAfter(seconds) => seconds.duration(),
                    _ => pause_after(*pause),
                });
                Some(vec![Err(error)])
            }
        }
    }

    /// Tells Telegram which updates were taken, so that they are not sent again after a stop.
    async fn acknowledge(&self) {
        if self.offset != 0 {
            let _ = self
                .bot
                .get_updates()
                .offset(self.offset)
                .limit(1)
                .timeout(0)
                .await;
        }
    }
}

/// The pause after an error: one second, doubling while errors go on, up to [`MAX_PAUSE`].
fn pause_after(previous: Option<Duration>) -> Duration {
    previous.map_or(Duration::from_secs(1), |pause| (pause * 2).min(MAX_PAUSE))
}

impl UpdateListener for KeptPolling {
    type Err = RequestError;

    fn stop_token(&mut self) -> StopToken {
        self.stop_token.clone()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.allowed_updates = Some(hint.collect());
    }
}

impl<'a> AsUpdateStream<'a> for KeptPolling {
    type StreamErr = RequestError;
    type Stream = BoxStream<'a, Result<Update, RequestError>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        stream::unfold((self, None), |(polling, mut pause)| async move {
            let batch = polling.next_batch(&mut pause).await?;
            Some((stream::iter(batch), (polling, pause)))
        })
        .flatten()
        .boxed()
    }
}

/// Around teloxide's webhook route: an update teloxide took (it answers 200 only to a post with
/// the right secret and an update in it) is stored before Telegram gets that answer. Stored
/// after teloxide took it, an update already handled by then is not stored at all (see
/// [`updates::keep`]), so nothing is left over that was handled.
pub async fn keep_posted(
    State((pool, clock)): State<(Db, Clock)>,
    request: HttpRequest,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_POST_BYTES)).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        // Dropping the unread body closes the connection.
        Err(_) => return StatusCode::REQUEST_TIMEOUT.into_response(),
    };
    let response = next
        .run(HttpRequest::from_parts(parts, Body::from(body.clone())))
        .await;
    if response.status() == StatusCode::OK {
        let stored = match serde_json::from_slice::<PostedId>(&body) {
            Ok(posted) => {
                let update = (posted.update_id, String::from_utf8_lossy(&body).into_owned());
                updates::keep(&pool, &[update], clock.unix())
                    .await
                    .map_err(anyhow::Error::from)
            }
            Err(error) => Err(error.into()),
        };
        if let Err(error) = stored {
            tracing::warn!(
                error = format!("{error:#}"),
                "cannot keep a posted update until it is handled"
            );
        }
    }
    response
}

/// The id of a posted update (the rest of it is stored as posted).
#[derive(serde::Deserialize)]
struct PostedId {
    update_id: i64,
}

/// An update is a few kilobytes; Telegram posts nothing near this. A longer body is refused.
pub const MAX_POST_BYTES: usize = 1 << 20;

/// The whole body of a post must arrive within this; a body trickled in slower is refused
/// and its connection closed.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Stores a batch before it is handed on. If the database cannot take it, the updates are
/// handled all the same: they are only less safe from a crash.
async fn keep(pool: &Db, batch: &[Update], now: i64) {
    // An update teloxide cannot read is never handled (`intake` skips it): its body, with
    // whatever personal data it holds, is not kept either.
    let bodies: Result<Vec<(i64, String)>, _> = batch
        .iter()
        .filter(|update| !matches!(update.kind, teloxide::types::UpdateKind::Error(_)))
        .map(|update| serde_json::to_string(update).map(|body| (i64::from(update.id.0), body)))
        .collect();
    let stored = match bodies {
        Ok(bodies) => updates::keep(pool, &bodies, now)
            .await
            .map_err(anyhow::Error::from),
        Err(error) => Err(error.into()),
    };
    if let Err(error) = stored {
        tracing::warn!(
            updates = batch.len(),
            error = format!("{error:#}"),
            "cannot keep updates until they are handled"
        );
    }
}

/// The updates taken before the last stop and never handled.
pub async fn left_over(pool: &Db, now: i64) -> Vec<Update> {
    let bodies = match updates::unhandled(pool, now).await {
        Ok(bodies) => bodies,
        Err(error) => {
            tracing::error!(%error, "cannot read the updates left over from the last run");
            return Vec::new();
        }
    };
    let left_over: Vec<Update> = bodies
        .iter()
        .filter_map(|body| match serde_json::from_str(body) {
            Ok(update) => Some(update),
            Err(error) => {
                tracing::warn!(%error, "discarding an unreadable kept update");
                None
            }
        })
        .collect();
    if !left_over.is_empty() {
        tracing::warn!(
            count = left_over.len(),
            "handling the updates that were in hand when the bot last stopped"
        );
    }
    left_over
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_after_errors_doubles_up_to_the_most() {
        let mut pause = None;
        let mut pauses = Vec::new();
        for _ in 0..7 {
            let next = pause_after(pause);
            pauses.push(next.as_secs());
            pause = Some(next);
        }
        assert_eq!(pauses, [1, 2, 4, 8, 16, 16, 16]);
    }
}
