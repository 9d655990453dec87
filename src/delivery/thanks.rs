//! The thank-you after an event: each volunteer marked present hears, in their language, the
//! hours counted for them and is asked to rate the event with five star buttons.
//!
//! ```text
//! bot:    🙏 Thank you for volunteering at "Tree planting"!
//!         ⏱ 3 h counted to your volunteer hours (see /my).
//!         How was it? Rate the event from 1 to 5 stars; ...
//!         [⭐⭐⭐⭐⭐] [⭐⭐⭐⭐] [⭐⭐⭐] [⭐⭐] [⭐]
//! ```

use anyhow::Context;

use crate::db::deliveries::Button;
use crate::db::{Db, ratings};
use crate::domain::event::hours;
use crate::domain::rating::Stars;
use crate::i18n::Locales;
use crate::telegram::callback::Callback;
use crate::telegram::event_card;

/// Queues the thank-you for every volunteer marked present at a finished event who has not had
/// it; returns how many were queued.
pub async fn pass(pool: &Db, locales: &Locales, now_ms: i64) -> anyhow::Result<u64> {
    let now = now_ms / 1000;
    let mut queued = 0;
    let events = ratings::to_thank(pool, now)
        .await
        .context("reading the events to thank for")?;
    for event in events {
        let event_hours = [("hours", hours(event.duration_seconds()).into())];
        let payloads =
            event_card::notice_with_buttons(locales, now, "rating-thanks", &event, &event_hours, |_| {
                // The most stars on top: the scale reads downwards, each button on a row.
                Stars::ALL
                    .into_iter()
                    .rev()
                    .map(|stars| Button {
                        label: stars.label(),
                        callback_data: Callback::Rate(event.id, stars).encode(),
                    })
                    .collect()
            });
        let count = ratings::queue_thanks(pool, event.id, &payloads, now_ms)
            .await
            .context("queueing the thank-yous")?;
        tracing::info!(event = event.id, count, "thank-yous queued");
        queued += count;
    }
    Ok(queued)
}
