//! The reminder scheduler: a day before an event each confirmed volunteer is asked "Still
//! coming?", two hours before they are reminded; ended events become finished and their
//! volunteers marked present are thanked (`delivery::thanks`); registration
//! drafts untouched for 7 days are deleted; at Almaty midnight the stats standings move on
//! (`db::standings`); on Mondays the weekly digest is queued (`delivery::digest`); the details
//! of imported people not activated within `PENDING_DAYS` are deleted (`db::pending`).
//!
//! Reminders are rows (`db::reminders`); each is queued and marked sent in one transaction, so
//! a restart neither loses nor repeats one. Time comes from the injectable [`Clock`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::db::deliveries::Button;
use crate::db::{Db, dialogues, events, pending, reminders, standings};
use crate::i18n::Locales;
use crate::telegram::callback::Callback;
use crate::telegram::event_card;

use super::QueueBell;

/// How often the scheduler looks for due reminders.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

pub struct ReminderScheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    passes: Arc<AtomicU64>,
}

impl ReminderScheduler {
    pub fn spawn(pool: Db, locales: Arc<Locales>, clock: Clock, bell: QueueBell, pending_days: u32) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let passes = Arc::new(AtomicU64::new(0));
        let passes_done = passes.clone();
        let task = tokio::spawn(async move {
            // The same clock also moves the stats standings on at Almaty midnight.
            let mut standings_day = None;
            let started = super::digest::due_at(clock.now());
            loop {
                let queued = tick(&pool, &locales, &clock, &bell).await;
                if let Err(error) = &queued {
                    tracing::warn!(error = format!("{error:#}"), "cannot send event reminders");
                }
                let now = clock.now();
                let day = standings::day_of(now);
                if standings_day.as_ref() != Some(&day) {
                    match standings::refresh(&pool, now).await {
                        Ok(done) => {
                            tracing::info!(day, ?done, "stats standings follow the day");
                            standings_day = Some(day);
                        }
                        Err(error) => tracing::warn!(%error, "cannot move the stats standings on"),
                    }
                }
                // The weekly digest runs on the same clock; a failure waits for the next pass.
                let digests = super::digest::pass(&pool, &locales, now, started, &bell).await;
                if let Err(error) = &digests {
                    tracing::warn!(error = format!("{error:#}"), "cannot queue the weekly digest");
                }
                let expired = expire_pending(&pool, now.timestamp(), pending_days).await;
                if let Err(error) = &expired {
                    tracing::warn!(%error, "cannot delete the expired details of imported people");
                }
                if queued.is_ok() && digests.is_ok() && expired.is_ok() {
                    passes_done.fetch_add(1, Ordering::SeqCst);
                }
                tokio::select! {
                    _ = tokio::time::sleep(CHECK_EVERY) => {}
                    _ = stopped.changed() => break,
                }
            }
        });
        Self { stop, task, passes }
    }

    /// How many passes over the due reminders have ended without an error since the start:
    /// whatever was due before such a pass began is queued once it has ended (tests wait for
    /// one instead of sleeping).
    pub fn passes(&self) -> u64 {
        self.passes.load(Ordering::SeqCst)
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Deletes the details of imported people not activated within `pending_days` of their import
/// (one audit entry per region); their links stop working at the same moment.
async fn expire_pending(pool: &Db, now: i64, pending_days: u32) -> sqlx::Result<u64> {
    let expired = pending::expire(pool, pending::expiry_cutoff(now, pending_days), now).await?;
    if expired > 0 {
        tracing::info!(
            expired,
            pending_days,
            "imported people not activated in time deleted"
        );
    }
    Ok(expired)
}

/// Queues every due reminder; returns how many messages were queued.
pub async fn tick(pool: &Db, locales: &Locales, clock: &Clock, bell: &QueueBell) -> anyhow::Result<u64> {
    let now = clock.unix();
    events::finish_ended(pool, now).await?;
    let mut queued = super::thanks::pass(pool, locales, clock.ms()).await?;
    let expired = dialogues::expire_drafts(pool, now - dialogues::DRAFT_KEPT_SECONDS).await?;
    if expired > 0 {
        tracing::info!(expired, "unfinished registrations deleted after 7 days");
    }
    for (event_id, kind) in reminders::due(pool, now).await? {
        let Some(event) = events::find(pool, event_id).await? else {
            continue;
        };
        let payloads = if kind == reminders::DAY_BEFORE {
            event_card::notice_with_buttons(locales, now, "event-reminder-day-before", &event, &[], |lang| {
                [(true, "event-still-coming-yes"), (false, "event-still-coming-no")]
                    .map(|(coming, key)| Button {
                        label: locales.text(lang, key),
                        callback_data: Callback::StillComing(event.id, coming).encode(),
                    })
                    .to_vec()
            })
        } else {
            event_card::notice(locales, now, "event-reminder-two-hours", &event, &[])
        };
        if let Some(count) = reminders::send(pool, event.id, &kind, &payloads, clock.ms()).await? {
            tracing::info!(event = event.id, kind, count, "reminders queued");
            queued += count;
        }
    }
    if queued > 0 {
        bell.ring();
    }
    Ok(queued)
}
