//! Changes to a published event that reach its sign-ups: an edit (which may move the
//! reminders, promote the waiting list and tell those signed up) and a cancellation, each in
//! one transaction. They sit above `events` and `signups`, so that `events` needs nothing of
//! `signups`.

use sqlx::SqlitePool;

use super::deliveries::{self, Payload};
use super::events::{self, Event};
use super::signups;
use crate::i18n::PerLang;

/// What an organiser may change after publishing.
#[derive(Clone, Debug)]
pub enum Change {
    Title(String),
    Description(String),
    Place(String),
    /// New start and end (the duration is kept unless the end is changed too).
    Time {
        starts_at: i64,
        ends_at: i64,
    },
    End(i64),
    Capacity(Option<i64>),
    Deadline(i64),
}

/// Applies a change; a new time moves the reminders; more places promote the waiting list
/// (each promoted member gets `promotion`). `notice` (a message per language, for everyone
/// signed up) is queued in the same transaction. `None` if the event is not published.
pub async fn change(
    pool: &SqlitePool,
    event_id: i64,
    change: &Change,
    now_ms: i64,
    notice: Option<&PerLang<Payload>>,
    promotion: &PerLang<Payload>,
) -> sqlx::Result<Option<Event>> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let set = |column: &str| {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE events SET {column} = ?, updated_at = ? WHERE id = ? AND status = 'published'"
        )))
    };
    let update = match change {
        Change::Title(text) => set("title").bind(text),
        Change::Description(text) => set("description").bind(text),
        Change::Place(text) => set("place").bind(text),
        Change::End(end) => set("ends_at").bind(*end),
        Change::Capacity(capacity) => set("capacity").bind(*capacity),
        Change::Deadline(deadline) => set("deadline_at").bind(*deadline),
        Change::Time { starts_at, ends_at } => sqlx::query(
            "UPDATE events SET starts_at = ?, ends_at = ?, deadline_at = MIN(deadline_at, ?), updated_at = ?
             WHERE id = ? AND status = 'published'",
        )
        .bind(*starts_at)
        .bind(*ends_at)
        .bind(*starts_at),
    };
    let updated = update.bind(now).bind(event_id).execute(&mut *tx).await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    let event = events::read(&mut tx, event_id).await?;
    if matches!(change, Change::Time { .. }) {
        events::schedule_reminders(&mut tx, &event, now).await?;
    }
    if matches!(change, Change::Capacity(_)) {
        signups::fill_places(&mut tx, &event, now_ms, promotion).await?;
    }
    if let Some(notice) = notice {
        deliveries::queue_for_signed_up(&mut tx, event.id, notice, now_ms).await?;
    }
    tx.commit().await?;
    Ok(Some(event))
}

/// Cancels a published event and queues `notice` for everyone signed up, in one transaction.
/// `None` if it was not published (already cancelled, finished, or a second press).
pub async fn cancel(
    pool: &SqlitePool,
    event_id: i64,
    now_ms: i64,
    notice: &PerLang<Payload>,
) -> sqlx::Result<Option<u64>> {
    let now = now_ms / 1000;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let cancelled = sqlx::query(
        "UPDATE events SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'published'",
    )
    .bind(now)
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Ok(None);
    }
    sqlx::query("DELETE FROM reminders WHERE event_id = ? AND sent_at IS NULL")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    // Announcements not yet delivered would invite people to a cancelled event.
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled', updated_at = ?
         WHERE event_id = ? AND kind = 'event' AND status = 'pending'",
    )
    .bind(now)
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    let notified = deliveries::queue_for_signed_up(&mut tx, event_id, notice, now_ms).await?;
    tx.commit().await?;
    Ok(Some(notified))
}
