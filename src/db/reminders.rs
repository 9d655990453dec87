//! Reminders before an event: stored rows, queued for the volunteers once due.

use sqlx::SqlitePool;

use super::deliveries::{self, Payload};
use crate::domain::status::SignupStatus;
use crate::i18n::PerLang;

/// A day before: "Still coming?" with Yes / No.
pub const DAY_BEFORE: &str = "day_before";
/// Two hours before: a plain reminder.
pub const TWO_HOURS: &str = "two_hours";

/// Reminders due at `now` for events that are still to start: (event id, kind).
pub async fn due(pool: &SqlitePool, now: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT r.event_id, r.kind FROM reminders r JOIN events e ON e.id = r.event_id
         WHERE r.sent_at IS NULL AND r.due_at <= ?1 AND e.status = 'published' AND e.starts_at > ?1
         ORDER BY r.due_at",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}

/// Queues the reminder for every confirmed volunteer and marks it sent, in one transaction:
/// a crash before the commit leaves it due, after it the messages are in the queue. `None` if
/// it was sent already.
pub async fn send(
    pool: &SqlitePool,
    event_id: i64,
    kind: &str,
    payloads: &PerLang<Payload>,
    now_ms: i64,
) -> sqlx::Result<Option<u64>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let marked =
        sqlx::query("UPDATE reminders SET sent_at = ? WHERE event_id = ? AND kind = ? AND sent_at IS NULL")
            .bind(now_ms / 1000)
            .bind(event_id)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
    if marked.rows_affected() == 0 {
        return Ok(None);
    }
    let queued =
        deliveries::queue_for_signups(&mut tx, event_id, &[SignupStatus::Confirmed], payloads, now_ms)
            .await?;
    tx.commit().await?;
    Ok(Some(queued))
}

/// Whether the "Still coming?" question went out for an event (so silence means no answer).
pub async fn asked_still_coming(pool: &SqlitePool, event_id: i64) -> sqlx::Result<bool> {
    let sent: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM reminders WHERE event_id = ? AND kind = 'day_before' AND sent_at IS NOT NULL",
    )
    .bind(event_id)
    .fetch_optional(pool)
    .await?;
    Ok(sent.is_some())
}
